// layout.js — the frame around every signed-in page: skip link, header with
// the menu of the user's role, language switch, log out, and one polite
// live region where pages announce what happened.
import { html } from './html.js';
import { itemsFor } from './nav.js';
import { languages, lang, t } from './i18n.js';

function Link({ path, current, go, children }) {
  const onClick = (e) => {
    e.preventDefault();
    go(path);
  };
  return html`<a href=${path} onClick=${onClick} aria-current=${current === path ? 'page' : undefined}>${children}</a>`;
}

export function LanguageSwitch({ onChange }) {
  return html`<label class="lang">${t('language')}
    <select value=${lang()} onChange=${(e) => onChange(e.target.value)}>
      ${languages.map(([code, name]) => html`<option value=${code}>${name}</option>`)}
    </select></label>`;
}

// badges: { <nav label>: count } shown on those items (unread messages)
function Badge({ n, label }) {
  return n > 0 ? html` <span class="badge" data-testid=${'badge-' + label}><span aria-hidden="true">${n}</span><span class="sr-only">${t('unread_n', { n })}</span></span>` : null;
}

export function Layout({ user, route, go, onLogout, onLang, status, unread, badges = {}, children }) {
  return html`
    <a class="skip" href="#main">${t('skip')}</a>
    <header class="top">
      <${Link} path="/" current=${route} go=${go}><span class="brand">${t('app')}</span><//>
      <nav aria-label=${t('menu')}>
        <ul>
          <li><${Link} path="/" current=${route} go=${go}>${t('home')}<//></li>
          ${itemsFor(user.role).map((item) => html`<li><${Link} path=${item.path} current=${route} go=${go}>${t(item.label)}<${Badge} n=${badges[item.label]} label=${item.label} /><//></li>`)}
          <li><${Link} path="/profile" current=${route} go=${go}>${t('profile')}<//></li>
        </ul>
      </nav>
      <div class="tools">
        <${Link} path="/notifications" current=${route} go=${go}><span class="bell" aria-hidden="true">🔔</span><span class="sr-only">${unread ? t('notifications_unread', { n: unread }) : t('notifications')}</span>${unread > 0 && html`<span class="badge" aria-hidden="true" data-testid="unread">${unread}</span>`}<//>
        <${LanguageSwitch} onChange=${onLang} />
        <button type="button" class="secondary" onClick=${onLogout}>${t('logout')}</button>
      </div>
    </header>
    <main id="main" tabindex="-1">${children}</main>
    <p class="status" role="status" aria-live="polite">${status}</p>`;
}

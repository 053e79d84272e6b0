// home.js — the signed-in home page: a greeting and what this role can do.
import { html } from '../html.js';
import { t } from '../i18n.js';
import { itemsFor } from '../nav.js';

export function HomePage({ user, go, messagesUnread }) {
  const pending = user.status === 'pending';
  const items = itemsFor(user.role);
  return html`<section>
    <h1>${t('welcome', { name: user.full_name })}</h1>
    ${pending
      ? html`<div class="notice" role="note"><h2>${t('pending_title')}</h2><p>${t('pending_text')}</p></div>`
      : html`<p>${t('home_' + user.role)}</p>`}
    ${messagesUnread > 0 && html`<p class="notice" role="note"><a href="/messages" onClick=${(e) => { e.preventDefault(); go('/messages'); }}>${t('msg_home_unread', { n: messagesUnread })}</a></p>`}
    ${items.length > 0 && html`<ul class="cards">
      ${items.map((item) => html`<li><a href=${item.path} onClick=${(e) => { e.preventDefault(); go(item.path); }}>${t(item.label)}</a></li>`)}
    </ul>`}
  </section>`;
}

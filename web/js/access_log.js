// access_log.js — "Who accessed my data" on the privacy page: every read
// and change of the patient's health data by someone else, from the audit
// log (GET /me/access-log): who, their role, when, what and why.
import { html } from './html.js';
import { usePaged } from './paged.js';
import { t, when } from './i18n.js';

// "note.view" → the words for it, or the action itself when it has none.
function what(action) {
  const key = 'act_' + action.replace(/\./g, '_');
  const text = t(key);
  return text === key ? action : text;
}

function who(actor) {
  if (actor.name) return actor.name;
  return actor.role ? t(actor.role) : t('someone');
}

export function AccessLog() {
  const { items: events, next, error, more } = usePaged('/me/access-log?limit=50', 'events');
  return html`<section aria-labelledby="access-h">
    <h2 id="access-h">${t('access_title')}</h2>
    <p class="muted">${t('access_intro')}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${events && events.length === 0 && html`<p>${t('access_none')}</p>`}
    ${events && events.length > 0 && html`<div class="table-wrap"><table class="access-log">
      <thead><tr><th scope="col">${t('when')}</th><th scope="col">${t('who')}</th><th scope="col">${t('access_role')}</th>
        <th scope="col">${t('access_what')}</th><th scope="col">${t('access_why')}</th></tr></thead>
      <tbody>${events.map((e) => html`<tr key=${e.seq} data-action=${e.action}>
        <td>${when(e.at)}</td><td>${who(e.actor)}</td><td>${e.actor.role ? t(e.actor.role) : '—'}</td>
        <td>${what(e.action)}</td><td>${t('purpose_' + e.purpose)}${e.reason ? ': ' + e.reason : ''}</td>
      </tr>`)}</tbody></table></div>`}
    ${next && html`<button type="button" class="secondary" onClick=${more}>${t('more')}</button>`}
  </section>`;
}

// admin_audit.js — administrators read the audit log, newest first.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';

export function AdminAuditPage() {
  const [events, setEvents] = useState([]);
  const [next, setNext] = useState(null);
  const [error, setError] = useState('');
  const load = (cursor) => api('GET', '/admin/audit?limit=50' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''))
    .then((out) => {
      setEvents((old) => (cursor ? old.concat(out.events) : out.events));
      setNext(out.next_cursor);
    })
    .catch((err) => setError(err.message));
  useEffect(() => { load(null); }, []);
  return html`<section>
    <h1>${t('audit_log')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">#</th><th scope="col">${t('when')}</th><th scope="col">${t('who')}</th><th scope="col">${t('action')}</th><th scope="col">${t('subject')}</th><th scope="col">${t('address')}</th></tr></thead>
      <tbody>${events.map((e) => html`<tr key=${e.seq}>
        <td>${e.seq}</td><td>${when(e.at)}</td><td>${e.actor_role ? `${e.actor_role} ${e.actor_id.slice(0, 8)}` : '—'}</td>
        <td><code>${e.action}</code></td><td>${e.subject_id ? e.subject_id.slice(0, 8) : '—'}</td><td>${e.ip || '—'}</td>
      </tr>`)}</tbody>
    </table></div>
    ${next && html`<button type="button" class="secondary" onClick=${() => load(next)}>${t('more')}</button>`}
  </section>`;
}

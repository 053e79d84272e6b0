// admin_audit.js — administrators read the audit log, newest first,
// filtered by actor, patient, action, outcome and time, and verify its
// hash chain.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { usePaged } from '../paged.js';
import { t, when } from '../i18n.js';
import { AuditFilters, AuditVerify } from '../audit_filters.js';

const short = (id) => (id ? id.slice(0, 8) : '—');

export function AdminAuditPage() {
  const [query, setQuery] = useState('');
  const { items, next, error, more } = usePaged('/admin/audit?limit=50' + (query ? '&' + query : ''), 'events');
  const events = items || [];
  return html`<section>
    <h1>${t('audit_log')}</h1>
    <${AuditVerify} />
    <${AuditFilters} onApply=${setQuery} />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${!error && items && events.length === 0 && html`<p>${t('audit_none')}</p>`}
    <div class="table-wrap"><table class="audit">
      <thead><tr><th scope="col">#</th><th scope="col">${t('when')}</th><th scope="col">${t('who')}</th><th scope="col">${t('action')}</th>
        <th scope="col">${t('audit_outcome_col')}</th><th scope="col">${t('audit_patient_col')}</th><th scope="col">${t('subject')}</th><th scope="col">${t('address')}</th></tr></thead>
      <tbody>${events.map((e) => html`<tr key=${e.seq} data-seq=${e.seq}>
        <td>${e.seq}</td><td>${when(e.at)}</td><td>${e.actor_role ? `${e.actor_name || short(e.actor_id)} (${t(e.actor_role)})` : '—'}</td>
        <td><code>${e.action}</code></td><td>${t('outcome_' + e.outcome)}</td><td>${e.patient_name || short(e.patient_id)}</td>
        <td>${short(e.subject_id)}</td><td>${e.ip || '—'}</td>
      </tr>`)}</tbody>
    </table></div>
    ${next && html`<button type="button" class="secondary" onClick=${more}>${t('more')}</button>`}
  </section>`;
}

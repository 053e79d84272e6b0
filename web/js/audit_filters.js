// audit_filters.js — the administrators' audit filters (actor, patient,
// action, outcome, time range) as a form, turned into the query string of
// GET /admin/audit; and the button that verifies the hash chain.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';

// The query for the filled fields of form data f (times as RFC 3339).
export function auditQuery(f) {
  const q = new URLSearchParams();
  for (const name of ['actor', 'patient', 'action', 'outcome']) {
    const v = String(f.get(name) || '').trim();
    if (v) q.set(name, v);
  }
  for (const name of ['from', 'to']) {
    const v = f.get(name);
    if (v) q.set(name, new Date(v).toISOString());
  }
  return q.toString();
}

export function AuditFilters({ onApply }) {
  const submit = (e) => {
    e.preventDefault();
    onApply(auditQuery(new FormData(e.target)));
  };
  const clear = (e) => {
    e.target.form.reset();
    onApply('');
  };
  const field = (name, label, type = 'text') => html`<div class="field"><label for=${'af-' + name}>${label}</label>
    <input id=${'af-' + name} name=${name} type=${type} maxlength="100" /></div>`;
  return html`<form class="audit-filters" onSubmit=${submit} aria-labelledby="af-h">
    <h2 id="af-h">${t('audit_filters')}</h2>
    ${field('actor', t('audit_actor'))}
    ${field('patient', t('audit_patient'))}
    ${field('action', t('audit_action'))}
    <div class="field"><label for="af-outcome">${t('audit_outcome')}</label>
      <select id="af-outcome" name="outcome"><option value="">${t('any')}</option>
        <option value="success">${t('outcome_success')}</option><option value="failure">${t('outcome_failure')}</option></select></div>
    ${field('from', t('audit_from'), 'datetime-local')}
    ${field('to', t('audit_to'), 'datetime-local')}
    <button type="submit">${t('audit_apply')}</button> <button type="button" class="secondary" onClick=${clear}>${t('audit_clear')}</button>
  </form>`;
}

// POST /admin/audit/verify: the same check as `telemed audit verify`.
export function AuditVerify() {
  const [result, setResult] = useState('');
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      const out = await api('POST', '/admin/audit/verify');
      setResult(out.broken_seq === null ? t('audit_whole', { count: out.count })
        : t('audit_broken', { seq: out.broken_seq, count: out.count }));
    } catch (err) {
      setResult(err.message);
    }
    setBusy(false);
  };
  return html`<p class="audit-verify"><button type="button" onClick=${verify} disabled=${busy}>${busy ? t('audit_verifying') : t('audit_verify')}</button>
    ${' '}<span role="status" data-testid="verify-result">${result}</span></p>`;
}

// prescription_panel.js — the doctor's prescriptions of one appointment:
// those issued (with their status, and cancelling one not dispensed) and
// the form that issues a new one.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { PrescriptionSummary } from './record_views.js';
import { useSubmit } from './form_submit.js';

function inDays(n) {
  return new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);
}

function IssueForm({ path, onIssued, announce }) {
  const [submit, error] = useSubmit(async (f, form) => {
    const p = await api('POST', path, {
      medication: { name: f.get('name'), strength: f.get('strength'), form: f.get('form') },
      dosage: f.get('dosage'), quantity: Number(f.get('quantity')), repeats: Number(f.get('repeats')),
      valid_until: f.get('valid_until'),
    });
    form.reset();
    onIssued();
    announce(t('rx_issued', { name: p.medication.name }));
  });
  const text = (name, max) => html`<div class="field"><label for=${'rx-' + name}>${t('rx_' + name)}</label>
    <input id=${'rx-' + name} name=${name} maxlength=${max} required /></div>`;
  return html`<form onSubmit=${submit} aria-labelledby="rx-new-h">
    <h3 id="rx-new-h">${t('rx_new')}</h3>
    ${text('name', 200)}${text('strength', 200)}${text('form', 200)}
    <div class="field"><label for="rx-dosage">${t('rx_dosage')}</label>
      <textarea id="rx-dosage" name="dosage" rows="2" maxlength="1000" required></textarea></div>
    <div class="field"><label for="rx-quantity">${t('rx_quantity')}</label>
      <input id="rx-quantity" name="quantity" type="number" min="1" max="10000" required /></div>
    <div class="field"><label for="rx-repeats">${t('rx_repeats')}</label>
      <input id="rx-repeats" name="repeats" type="number" min="0" max="12" defaultValue="0" /></div>
    <div class="field"><label for="rx-valid_until">${t('rx_valid_until')}</label>
      <input id="rx-valid_until" name="valid_until" type="date" min=${inDays(1)} max=${inDays(365)} defaultValue=${inDays(30)} required /></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('rx_issue')}</button>
  </form>`;
}

export function PrescriptionPanel({ appointmentId, announce }) {
  const path = `/appointments/${encodeURIComponent(appointmentId)}/prescriptions`;
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', path).then((out) => setItems(out.items)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, [appointmentId]);
  const cancel = async (p) => {
    try {
      await api('POST', `/prescriptions/${encodeURIComponent(p.id)}/cancel`);
      announce(t('rx_cancelled', { name: p.medication.name }));
    } catch (err) {
      announce(err.message);
    }
    load();
  };
  return html`<section aria-labelledby="rx-h" class="record-part">
    <h2 id="rx-h">${t('rx_title')}</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${items && (items.length === 0 ? html`<p class="muted">${t('rx_none')}</p>`
      : html`<ul class="prescriptions">${items.map((p) => html`<${PrescriptionSummary} key=${p.id} p=${p}>
          ${p.status === 'active' && html`<button type="button" class="secondary" onClick=${() => cancel(p)}
            aria-label=${t('rx_cancel') + ' ' + p.medication.name}>${t('rx_cancel')}</button>`}
        <//>`)}</ul>`)}
    <${IssueForm} path=${path} onIssued=${load} announce=${announce} />
  </section>`;
}

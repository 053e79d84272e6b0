// record_views.js — how a consultation note and a prescription read, for
// the doctor (consult page) and the patient (record page): a signed note
// with its amendments beside the original, and a prescription's summary.
import { html } from './html.js';
import { t, when } from './i18n.js';

export function NoteView({ note }) {
  return html`<article class="note" data-testid="note">
    <dl>
      <dt>${t('note_findings')}</dt><dd>${note.findings}</dd>
      <dt>${t('note_assessment')}</dt><dd>${note.assessment}${note.icd10 && html` <span class="badge" title=${t('note_icd10')}>${note.icd10}</span>`}</dd>
      <dt>${t('note_plan')}</dt><dd>${note.plan}</dd>
    </dl>
    <p class="muted">${note.signed_at ? t('note_signed_by', { name: note.doctor.name, when: when(note.signed_at) }) : t('note_draft')}</p>
    ${note.amendments.length > 0 && html`<section aria-label=${t('note_amendments')}><h4>${t('note_amendments')}</h4>
      <ol class="amendments">${note.amendments.map((a) => html`<li key=${a.id}><p>${a.text}</p>
        <p class="muted">${t('note_amended_by', { name: a.author.name, when: when(a.created_at) })}</p></li>`)}</ol></section>`}
  </article>`;
}

export function PrescriptionSummary({ p, children }) {
  return html`<li class=${'prescription ' + p.status} data-id=${p.id} data-testid="prescription">
    <div><strong>${p.medication.name}</strong> ${p.medication.strength} · ${p.medication.form}
      <span class="badge">${t('rx_status_' + p.status)}</span></div>
    <div>${p.dosage}</div>
    <div class="muted">${t('rx_quantity')}: ${p.quantity} · ${t('rx_repeats')}: ${p.repeats} · ${t('rx_valid_until')}: ${when(p.valid_until)}${p.fills_used > 0 ? ' · ' + t('rx_fills', { used: p.fills_used, total: p.repeats + 1 }) : ''}</div>
    ${children}
  </li>`;
}

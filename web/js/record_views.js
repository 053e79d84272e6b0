// record_views.js — how the record reads, for the doctor (consult page,
// a patient's record) and the patient (record page): a signed note with its
// amendments beside the original, a prescription's summary, what was saved
// from the call, and one consultation of the record with all of these.
import { html } from './html.js';
import { sizeText, t, when } from './i18n.js';

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

// What the parties saved from the call, in time order; a download link for
// those who may have it (the consultation's two parties).
export function SavedItems({ items, download }) {
  if (!items.length) return null;
  return html`<h3>${t('saved_title')}</h3>
    <ul class="saved-items">${items.map((i) => html`<li key=${i.id} data-testid="saved-item" data-kind=${i.kind}>
      <span class="badge">${t('saved_kind_' + i.kind)}</span>
      ${download ? html`<a href=${i.url} download=${i.name}>${i.name}</a>` : html`<span>${i.name}</span>`}
      <span class="muted"> · ${sizeText(i.size)} · ${t('saved_by', { name: i.added_by.name, when: when(i.created_at) })}</span>
    </li>`)}</ul>`;
}

// One consultation of the record: its note, prescriptions (each with
// rxAction's extra, may be null) and saved items.
export function RecordEntry({ item, rxAction, noteAction, download }) {
  const a = item.appointment;
  return html`<li class="consultation" data-id=${a.id}>
    <h2>${when(a.start)} · ${t('with_doctor', { name: a.doctor.name })}</h2>
    ${item.note ? html`<${NoteView} note=${item.note} />${noteAction && noteAction(item)}` : html`<p class="muted">${t('record_no_note')}</p>`}
    ${item.prescriptions.length > 0 && html`<h3>${t('rx_title')}</h3>
      <ul class="prescriptions">${item.prescriptions.map((p) => html`<${PrescriptionSummary} key=${p.id} p=${p}>
        ${rxAction && rxAction(p)}
      <//>`)}</ul>`}
    <${SavedItems} items=${item.items || []} download=${download} />
  </li>`;
}

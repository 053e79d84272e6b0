// record.js — the patient's health record: their consultations with a
// signed note or a prescription, newest first, each prescription with a
// link to its print-ready page, a link to the patient's vital signs
// (vitals.js), and the download of all their data (FHIR). Files and
// transcripts are to come (issue 7).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { NoteView, PrescriptionSummary } from '../record_views.js';
import { ExportPanel } from '../export_panel.js';

function Consultation({ item, go }) {
  const a = item.appointment;
  const print = (e, p) => {
    e.preventDefault();
    go(`/record/prescriptions/${p.id}/print`);
  };
  return html`<li class="consultation" data-id=${a.id}>
    <h2>${when(a.start)} · ${t('with_doctor', { name: a.doctor.name })}</h2>
    ${item.note ? html`<${NoteView} note=${item.note} />` : html`<p class="muted">${t('record_no_note')}</p>`}
    ${item.prescriptions.length > 0 && html`<h3>${t('rx_title')}</h3>
      <ul class="prescriptions">${item.prescriptions.map((p) => html`<${PrescriptionSummary} key=${p.id} p=${p}>
        ${p.status === 'active' && html`<a href=${`/record/prescriptions/${p.id}/print`} onClick=${(e) => print(e, p)}
          aria-label=${t('rx_print') + ' ' + p.medication.name}>${t('rx_print')}</a>`}
      <//>`)}</ul>`}
  </li>`;
}

export function RecordPage({ go }) {
  const [items, setItems] = useState(null);
  const [next, setNext] = useState('');
  const [error, setError] = useState('');
  const load = (cursor) => api('GET', `/me/record${cursor ? '?cursor=' + encodeURIComponent(cursor) : ''}`)
    .then((out) => {
      setItems((before) => (cursor ? before.concat(out.items) : out.items));
      setNext(out.next_cursor);
    }).catch((err) => setError(err.message));
  useEffect(() => { load(''); }, []);
  return html`<section>
    <h1>${t('record_title')}</h1>
    <p><a href="/vitals" onClick=${(e) => { e.preventDefault(); go('/vitals'); }}>${t('record_vitals_link')}</a></p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${items && (items.length === 0 ? html`<p>${t('record_empty')}</p>`
      : html`<ol class="record">${items.map((item) => html`<${Consultation} key=${item.appointment.id} item=${item} go=${go} />`)}</ol>`)}
    ${next && html`<button type="button" class="secondary" onClick=${() => load(next)}>${t('more')}</button>`}
    ${!items && !error && html`<p class="loading">…</p>`}
    <${ExportPanel} />
  </section>`;
}

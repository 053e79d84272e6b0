// record.js — the patient's health record: their consultations with a
// signed note, a prescription or what was saved from the call (transcripts,
// files, boards), newest first, each prescription with a link to its
// print-ready page, a request to correct a signed note, a link to the
// patient's vital signs (vitals.js), and the download of all their data
// (FHIR).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { RecordEntry } from '../record_views.js';
import { ExportPanel } from '../export_panel.js';
import { Corrections } from '../note_corrections.js';

export function RecordPage({ go, announce }) {
  const [items, setItems] = useState(null);
  const [next, setNext] = useState('');
  const [error, setError] = useState('');
  const load = (cursor) => api('GET', `/me/record${cursor ? '?cursor=' + encodeURIComponent(cursor) : ''}`)
    .then((out) => {
      setItems((before) => (cursor ? before.concat(out.items) : out.items));
      setNext(out.next_cursor);
    }).catch((err) => setError(err.message));
  useEffect(() => { load(''); }, []);
  const print = (p) => p.status === 'active' && html`<a href=${`/record/prescriptions/${p.id}/print`}
    onClick=${(e) => { e.preventDefault(); go(`/record/prescriptions/${p.id}/print`); }}
    aria-label=${t('rx_print') + ' ' + p.medication.name}>${t('rx_print')}</a>`;
  const correct = (item) => html`<${Corrections} appointmentId=${item.appointment.id} role="patient" announce=${announce} />`;
  return html`<section>
    <h1>${t('record_title')}</h1>
    <p><a href="/vitals" onClick=${(e) => { e.preventDefault(); go('/vitals'); }}>${t('record_vitals_link')}</a></p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${items && (items.length === 0 ? html`<p>${t('record_empty')}</p>`
      : html`<ol class="record">${items.map((item) => html`<${RecordEntry} key=${item.appointment.id} item=${item}
        rxAction=${print} noteAction=${correct} download=${true} />`)}</ol>`)}
    ${next && html`<button type="button" class="secondary" onClick=${() => load(next)}>${t('more')}</button>`}
    ${!items && !error && html`<p class="loading">…</p>`}
    <${ExportPanel} />
  </section>`;
}

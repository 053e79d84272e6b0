// patient_record.js — a doctor reads a patient's whole record
// (GET /patients/{id}/record): every consultation with its signed note,
// prescriptions and what was saved from the calls, whoever the doctor was.
// The server allows it with a care relationship and the patient's consent;
// otherwise it says why, and the page offers emergency access
// ("break-glass", POST /patients/{id}/record/emergency) behind a clear
// warning: a stated reason, recorded, and the patient is told.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { RecordEntry } from '../record_views.js';

const REASON_MIN = 10;
const REASON_MAX = 500;

function Emergency({ id, onOpened }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const ok = reason.trim().length >= REASON_MIN;
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onOpened(await api('POST', `/patients/${encodeURIComponent(id)}/record/emergency`, { reason }));
    } catch (err) {
      setError(err.message);
    }
    setBusy(false);
  };
  return html`<form class="emergency" onSubmit=${submit} aria-labelledby="emergency-title">
    <h2 id="emergency-title">${t('emergency_title')}</h2>
    <p class="warning" role="note">${t('emergency_warning')}</p>
    <label for="emergency-reason">${t('emergency_reason')}</label>
    <textarea id="emergency-reason" rows="3" minlength=${REASON_MIN} maxlength=${REASON_MAX} value=${reason}
      aria-describedby="emergency-hint" onInput=${(e) => setReason(e.currentTarget.value)}></textarea>
    <p id="emergency-hint" class="muted">${t('emergency_hint', { min: REASON_MIN, max: REASON_MAX })}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit" class="danger" disabled=${!ok || busy}>${t('emergency_open')}</button>
  </form>`;
}

export function PatientRecordPage({ id, user }) {
  const [record, setRecord] = useState(null);
  const [refused, setRefused] = useState(null); // the ApiError of a refusal
  const [next, setNext] = useState('');
  const load = (cursor) => api('GET', `/patients/${encodeURIComponent(id)}/record${cursor ? '?cursor=' + encodeURIComponent(cursor) : ''}`)
    .then((out) => {
      setRecord((before) => (cursor ? { ...out, items: before.items.concat(out.items) } : out));
      setNext(out.next_cursor);
    }).catch((err) => setRefused(err));
  useEffect(() => { setRecord(null); setRefused(null); load(''); }, [id]);
  const opened = (out) => { setRefused(null); setRecord(out); setNext(''); };
  const mine = (item) => item.appointment.doctor.id === user.id;
  return html`<section>
    <h1>${record ? t('patient_record_of', { name: record.patient.name }) : t('patient_record')}</h1>
    ${record?.access === 'emergency' && html`<p class="warning" role="status" data-access="emergency">${t('emergency_opened')}</p>`}
    ${refused && html`<p class="error" role="alert" data-refused=${refused.code}>${refused.code === 'consent_required'
      ? t('patient_record_no_consent') : refused.code === 'not_found' ? t('patient_record_no_care') : refused.message}</p>
      ${['consent_required', 'not_found'].includes(refused.code) && html`<${Emergency} id=${id} onOpened=${opened} />`}`}
    ${record && (record.items.length === 0 ? html`<p>${t('patient_record_empty')}</p>`
      : html`<ol class="record">${record.items.map((item) => html`<${RecordEntry} key=${item.appointment.id} item=${item}
        download=${mine(item)} />`)}</ol>`)}
    ${next && html`<button type="button" class="secondary" onClick=${() => load(next)}>${t('more')}</button>`}
    ${!record && !refused && html`<p class="loading">…</p>`}
  </section>`;
}

// consult.js — the consultation of one appointment: who and when, whether
// its window is open, and inside the window the room itself (call_room.js),
// with the patient's place in the doctor's queue (queue_place.js) or, for
// the doctor, the knock of other patients arriving (knock.js) and the side
// panel about the patient (patient_panel.js); for the doctor, at any time,
// the consultation note, the prescriptions and the patient's vital-sign
// thresholds (note_editor.js, prescription_panel.js, vitals_thresholds.js),
// and the way to the patient's whole record.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { clock, t, when } from '../i18n.js';
import { consultWindow, useWindowState } from '../consult_window.js';
import { CallRoom } from '../call_room.js';
import { QueuePlace } from '../queue_place.js';
import { ArrivalLine, useArrivals } from '../knock.js';
import { PatientPanel } from '../patient_panel.js';
import { NoteEditor } from '../note_editor.js';
import { PrescriptionPanel } from '../prescription_panel.js';
import { ThresholdEditor } from '../vitals_thresholds.js';

// The doctor, in a consultation, still hears other patients arrive.
function Arrivals() {
  return html`<${ArrivalLine} name=${useArrivals()} />`;
}

function Details({ appointment, role }) {
  const state = useWindowState(appointment);
  const { opens, closes } = consultWindow(appointment);
  const other = role === 'doctor' ? appointment.patient.full_name : appointment.doctor.full_name;
  return html`<div>
    <p><strong>${when(appointment.start)}–${clock(appointment.end)}</strong> · ${t('with_doctor', { name: other })}</p>
    <p class="muted">${t('window_text', { opens: clock(opens.toISOString()), closes: clock(closes.toISOString()) })}</p>
    ${state !== 'open' ? html`<div class="notice" role="note"><p>${t('window_' + state)}</p></div>`
      : role === 'doctor' ? html`<${Arrivals} />
        <div class="consult-with-panel"><${CallRoom} id=${appointment.id} role=${role} /><${PatientPanel} appointment=${appointment} /></div>`
      : html`<${QueuePlace} id=${appointment.id} doctor=${appointment.doctor.full_name} />
        <${CallRoom} id=${appointment.id} role=${role} />`}
  </div>`;
}

export function ConsultPage({ id, user, announce, go }) {
  const [appointment, setAppointment] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', `/appointments/${encodeURIComponent(id)}`).then((out) => setAppointment(out.appointment))
      .catch((err) => setError(err.message));
  }, [id]);
  return html`<section>
    <h1>${t('consultation')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${appointment ? html`<${Details} appointment=${appointment} role=${user.role} />` : !error && html`<p class="loading">…</p>`}
    ${appointment && user.role === 'doctor' && appointment.status !== 'cancelled' && html`
      <p><a href=${`/patients/${appointment.patient.id}/record`} onClick=${(e) => { e.preventDefault(); go(`/patients/${appointment.patient.id}/record`); }}>${t('patient_record')}</a></p>
      <${NoteEditor} appointmentId=${appointment.id} announce=${announce} />
      <${PrescriptionPanel} appointmentId=${appointment.id} announce=${announce} />
      <${ThresholdEditor} patientId=${appointment.patient.id} patientName=${appointment.patient.full_name} announce=${announce} />`}
  </section>`;
}

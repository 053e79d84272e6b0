// appointments.js — a list of appointments as patients and doctors see them,
// with the intake answers, START (inside the consultation window only),
// rescheduling, cancelling, the doctor's way to the note and prescriptions
// and to the patient's whole record
// and, after a fulfilled consultation, the patient's review; shared by the
// Bookings and Schedule pages.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { clock, t, when } from './i18n.js';
import { IntakeAnswers } from './intake.js';
import { consultWindow, useWindowState } from './consult_window.js';
import { RescheduleDialog } from './reschedule.js';
import { ReviewForm } from './review_form.js';

function sameDay(a, b) {
  return a.toDateString() === b.toDateString();
}

// Enabled only inside the window; before it, says when it opens.
function StartButton({ appointment, go }) {
  const state = useWindowState(appointment);
  if (state === 'over') return null;
  const { opens } = consultWindow(appointment);
  const note = 'start-note-' + appointment.id;
  const open = () => go(`/consult/${appointment.id}`);
  return html`<span class="start">
    <button type="button" class="start-button" disabled=${state !== 'open'} onClick=${open}
      aria-describedby=${state === 'early' ? note : undefined}>${t('start_consultation')}</button>
    ${state === 'early' && html` <span id=${note} class="muted">${sameDay(opens, new Date())
      ? t('opens_at', { time: clock(opens.toISOString()) })
      : t('opens_on', { when: when(opens.toISOString()) })}</span>`}
  </span>`;
}

function Appointment({ a, role, scope, go, onCancel, onMove, onReviewed }) {
  const live = a.status === 'booked';
  return html`<li class=${'appointment ' + a.status} data-id=${a.id}>
    <div><strong>${when(a.start)}–${clock(a.end)}</strong> · <span class="badge">${t('status_' + a.status.replace('-', '_'))}</span></div>
    <div>${role === 'doctor' ? html`${t('patient_label')}: ${a.patient.full_name}` : t('with_doctor', { name: a.doctor.full_name })}</div>
    ${role === 'doctor' && a.reason && html`<div class="muted">${t('reason')}: ${a.reason}</div>`}
    <${IntakeAnswers} intake=${a.intake} />
    ${live && go && html`<div><${StartButton} appointment=${a} go=${go} /></div>`}
    <div class="row-actions">
      <a href=${`/api/v1/appointments/${a.id}/ics`} download="appointment.ics">${t('add_to_calendar')}</a>
      ${role === 'doctor' && go && html`<button type="button" class="secondary"
        onClick=${() => go(`/messages/new/${a.patient.id}`)}>${t('msg_write_to', { name: a.patient.full_name })}</button>`}
      ${role === 'doctor' && go && a.status !== 'cancelled' && html`<a href=${`/consult/${a.id}`}
        onClick=${(e) => { e.preventDefault(); go(`/consult/${a.id}`); }}>${t('note_and_rx')}</a>`}
      ${role === 'doctor' && go && a.status !== 'cancelled' && html`<a href=${`/patients/${a.patient.id}/record`}
        onClick=${(e) => { e.preventDefault(); go(`/patients/${a.patient.id}/record`); }}>${t('patient_record')}</a>`}
      ${scope === 'upcoming' && live && html`
        <button type="button" class="secondary" onClick=${() => onMove(a)}
          aria-label=${t('reschedule') + ' ' + when(a.start)}>${t('reschedule')}</button>
        <button type="button" class="secondary" onClick=${() => onCancel(a)}
          aria-label=${t('cancel_booking') + ' ' + when(a.start)}>${t('cancel_booking')}</button>`}
    </div>
    ${role === 'patient' && a.status === 'fulfilled' && (a.reviewed
      ? html`<p class="muted">${t('reviewed')}</p>`
      : html`<${ReviewForm} appointment=${a} onDone=${onReviewed} />`)}
  </li>`;
}

export function AppointmentList({ role, scope, announce, go }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  const [moving, setMoving] = useState(null);
  const load = () => api('GET', `/appointments?scope=${scope}&limit=100`)
    .then((out) => setItems(out.appointments)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, [scope]);
  const cancel = async (a) => {
    try {
      await api('POST', `/appointments/${encodeURIComponent(a.id)}/cancel`, { reason: '' });
      announce(t('cancelled_ok'));
    } catch (err) {
      announce(err.message);
    }
    load();
  };
  const moved = (a) => {
    setMoving(null);
    announce(t('moved_ok', { when: when(a.start) }));
    load();
  };
  const reviewed = () => {
    announce(t('review_thanks'));
    load();
  };
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!items) return html`<p class="loading">…</p>`;
  if (items.length === 0) return html`<p>${t('no_bookings')}</p>`;
  return html`<ul class="appointments">${items.map((a) => html`<${Appointment} key=${a.id} a=${a} role=${role} scope=${scope}
      go=${go} onCancel=${cancel} onMove=${setMoving} onReviewed=${reviewed} />`)}</ul>
    ${moving && html`<${RescheduleDialog} appointment=${moving} onClose=${() => setMoving(null)} onMoved=${moved} />`}`;
}

// appointments.js — a list of appointments as patients and doctors see them,
// with the intake answers and cancelling; shared by the Bookings and
// Schedule pages.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { clock, t, when } from './i18n.js';
import { IntakeAnswers } from './intake.js';

export function AppointmentList({ role, scope, announce }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
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
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!items) return html`<p class="loading">…</p>`;
  if (items.length === 0) return html`<p>${t('no_bookings')}</p>`;
  return html`<ul class="appointments">${items.map((a) => html`<li key=${a.id} class=${'appointment ' + a.status}>
    <div><strong>${when(a.start)}–${clock(a.end)}</strong> · <span class="badge">${t('status_' + a.status.replace('-', '_'))}</span></div>
    <div>${role === 'doctor' ? html`${t('patient_label')}: ${a.patient.full_name}` : t('with_doctor', { name: a.doctor.full_name })}</div>
    ${role === 'doctor' && a.reason && html`<div class="muted">${t('reason')}: ${a.reason}</div>`}
    <${IntakeAnswers} intake=${a.intake} />
    <a href=${`/api/v1/appointments/${a.id}/ics`} download="appointment.ics">${t('add_to_calendar')}</a>
    ${scope === 'upcoming' && a.status === 'booked' && html` <button type="button" class="secondary" onClick=${() => cancel(a)}
      aria-label=${t('cancel_booking') + ' ' + when(a.start)}>${t('cancel_booking')}</button>`}
  </li>`)}</ul>`;
}

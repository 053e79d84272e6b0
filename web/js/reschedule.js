// reschedule.js — moving a booking to another free slot of the same doctor:
// the doctor's week calendar (opening on the booking's week), a pick, and a
// confirmation.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t, when } from './i18n.js';
import { WeekCalendar } from './week_calendar.js';

export function RescheduleDialog({ appointment, onClose, onMoved }) {
  const [picked, setPicked] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef(null);
  useEffect(() => { heading.current && heading.current.focus(); }, []);
  const move = async () => {
    setBusy(true);
    setError('');
    try {
      const out = await api('POST', `/appointments/${encodeURIComponent(appointment.id)}/reschedule`, { start: picked.start });
      onMoved(out.appointment);
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  return html`<div class="dialog" role="dialog" aria-modal="true" aria-labelledby="move-h" onKeyDown=${(e) => e.key === 'Escape' && onClose()}>
    <div class="panel wide">
      <h2 id="move-h" tabindex="-1" ref=${heading}>${t('reschedule_title', { when: when(appointment.start) })}</h2>
      <p class="muted">${t('reschedule_hint', { name: appointment.doctor.full_name })}</p>
      <${WeekCalendar} doctorId=${appointment.doctor.id} onPick=${(s) => { setPicked(s); setError(''); }} start=${new Date(appointment.start)} />
      ${picked && html`<p class="picked" role="status">${t('new_time', { when: when(picked.start) })}</p>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <div class="actions">
        <button type="button" disabled=${!picked || busy} onClick=${move}>${t('move_booking')}</button>
        <button type="button" class="secondary" onClick=${onClose}>${t('cancel_action')}</button>
      </div>
    </div>
  </div>`;
}

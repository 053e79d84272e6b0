// schedule.js — the doctor's agenda (with patients' intake answers), the
// editor of their weekly hours and of their intake questionnaire.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { AppointmentList } from '../appointments.js';
import { QuestionnaireEditor } from '../questionnaire_editor.js';

const days = [1, 2, 3, 4, 5, 6, 7];

function HoursEditor({ user, announce }) {
  const [hours, setHours] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', `/doctors/${user.id}/hours`).then(setHours).catch((err) => setError(err.message));
  }, []);
  if (!hours) return error ? html`<p class="error" role="alert">${error}</p>` : html`<p class="loading">…</p>`;
  const first = (d) => hours.weekly.find((w) => w.weekday === d);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const weekly = days.filter((d) => f.get(`on-${d}`)).map((d) => ({
      weekday: d, start: f.get(`start-${d}`), end: f.get(`end-${d}`), slot_minutes: Number(f.get(`slot-${d}`)),
    }));
    setError('');
    try {
      const out = await api('PUT', `/doctors/${user.id}/hours`, { time_zone: f.get('tz'), weekly, exceptions: hours.exceptions });
      setHours(out);
      announce(t('hours_saved'));
    } catch (err) {
      setError(err.message);
    }
  };
  const zone = hours.weekly.length ? hours.time_zone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return html`<form onSubmit=${submit} aria-labelledby="hours-h">
    <h2 id="hours-h">${t('hours')}</h2>
    <div class="field"><label for="h-tz">${t('time_zone')}</label><input id="h-tz" name="tz" value=${zone} required /></div>
    <table><thead><tr><th scope="col">${t('works')}</th><th scope="col">${t('start')}</th><th scope="col">${t('end')}</th><th scope="col">${t('slot_minutes')}</th></tr></thead>
    <tbody>${days.map((d) => {
      const w = first(d);
      return html`<tr><th scope="row"><label><input type="checkbox" name=${`on-${d}`} checked=${!!w} /> ${t('weekday_' + d)}</label></th>
        <td><input type="time" name=${`start-${d}`} value=${w ? w.start : '09:00'} aria-label=${t('weekday_' + d) + ' ' + t('start')} /></td>
        <td><input type="time" name=${`end-${d}`} value=${w ? (w.end === '24:00' ? '23:59' : w.end) : '17:00'} aria-label=${t('weekday_' + d) + ' ' + t('end')} /></td>
        <td><input type="number" name=${`slot-${d}`} min="10" max="120" value=${w ? w.slot_minutes : 30} aria-label=${t('weekday_' + d) + ' ' + t('slot_minutes')} /></td></tr>`;
    })}</tbody></table>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('save_hours')}</button>
  </form>`;
}

export function SchedulePage({ user, announce, go }) {
  return html`<section>
    <h1>${t('schedule')}</h1>
    <section aria-labelledby="agenda-h"><h2 id="agenda-h">${t('agenda')}</h2>
      <${AppointmentList} role="doctor" scope="upcoming" announce=${announce} go=${go} /></section>
    <${HoursEditor} user=${user} announce=${announce} />
    <${QuestionnaireEditor} path=${`/doctors/${user.id}/questionnaire`} own="doctor" announce=${announce} />
  </section>`;
}

// week_calendar.js — a doctor's slots one week at a time: buttons and swipes
// move to past and future weeks, booked slots are shown and not selectable.
// Used by the doctor's profile (to book) and by Bookings (to reschedule).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { clock, day, t, when } from './i18n.js';

export function mondayOf(date) {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

export function addDays(date, n) {
  const d = new Date(date);
  d.setDate(d.getDate() + n);
  return d;
}

function Week({ slots, onPick }) {
  const byDay = new Map();
  for (const s of slots) {
    const key = new Date(s.start).toDateString();
    if (!byDay.has(key)) byDay.set(key, []);
    byDay.get(key).push(s);
  }
  if (byDay.size === 0) return html`<p>${t('no_slots')}</p>`;
  return html`<div class="week">${[...byDay.values()].map((list) => html`<section class="day" aria-label=${day(list[0].start)}>
      <h3>${day(list[0].start)}</h3>
      <ul>${list.map((s) => html`<li><button type="button" class=${'slot ' + s.status} disabled=${s.status !== 'free'} data-start=${s.start}
        aria-label=${when(s.start) + (s.status === 'free' ? '' : ' (' + s.status + ')')}
        onClick=${() => onPick(s)}>${clock(s.start)}</button></li>`)}</ul>
    </section>`)}</div>`;
}

// version: change it to fetch the shown week again (after a booking).
export function WeekCalendar({ doctorId, onPick, version = 0, start = new Date() }) {
  const [week, setWeek] = useState(mondayOf(start));
  const [slots, setSlots] = useState([]);
  const [error, setError] = useState('');
  // answers for a week the user has already left are dropped
  const shown = useRef(week);
  shown.current = week;
  useEffect(() => {
    const asked = week;
    api('GET', `/doctors/${doctorId}/slots?from=${asked.toISOString()}&to=${addDays(asked, 7).toISOString()}`)
      .then((out) => { if (shown.current === asked) { setSlots(out.slots); setError(''); } })
      .catch((err) => setError(err.message));
  }, [doctorId, week, version]);
  let touchX = null;
  const swipe = {
    onTouchStart: (e) => { touchX = e.touches[0].clientX; },
    onTouchEnd: (e) => {
      const dx = e.changedTouches[0].clientX - (touchX ?? e.changedTouches[0].clientX);
      if (Math.abs(dx) > 60) setWeek(addDays(week, dx < 0 ? 7 : -7));
    },
  };
  return html`<div class="week-calendar">
    <div class="week-nav">
      <button type="button" class="secondary" onClick=${() => setWeek(addDays(week, -7))}>${t('prev_week')}</button>
      <h2>${t('week_of', { date: day(week.toISOString()) })}</h2>
      <button type="button" class="secondary" onClick=${() => setWeek(addDays(week, 7))}>${t('next_week')}</button>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div ...${swipe} data-week=${week.toISOString()}><${Week} slots=${slots} onPick=${onPick} /></div>
  </div>`;
}

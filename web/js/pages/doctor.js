// doctor.js — a doctor's profile with a week calendar of their slots (booked
// ones shown and not selectable), and the booking dialog.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { clock, day, t, when } from '../i18n.js';
import { QuestionFields, readAnswers } from '../intake.js';

function mondayOf(date) {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

function addDays(date, n) {
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

function BookingDialog({ doctor, slot, onClose, onBooked }) {
  const [error, setError] = useState('');
  const [questionnaire, setQuestionnaire] = useState(null);
  const first = useRef(null);
  useEffect(() => { first.current && first.current.focus(); }, []);
  useEffect(() => {
    api('GET', `/doctors/${doctor.id}/questionnaire`).then((out) => setQuestionnaire(out.questionnaire))
      .catch((err) => setError(err.message));
  }, [doctor.id]);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const subject = f.get('subject').trim();
    const description = f.get('description').trim();
    try {
      const out = await api('POST', '/appointments', {
        doctor_id: doctor.id, start: slot.start, mode: 'video',
        reason: description ? `${subject}\n${description}` : subject,
        answers: readAnswers(questionnaire, f),
      });
      onBooked(out.appointment);
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<div class="dialog" role="dialog" aria-modal="true" aria-labelledby="book-h" onKeyDown=${(e) => e.key === 'Escape' && onClose()}>
    <form onSubmit=${submit}>
      <h2 id="book-h">${t('book_title', { when: when(slot.start) })}</h2>
      <p class="muted">${t('start')}: ${when(slot.start)} · ${t('end')}: ${clock(slot.end)}</p>
      <div class="field"><label for="b-subject">${t('booking_subject')}</label>
        <input id="b-subject" name="subject" ref=${first} required maxlength="120" /></div>
      <div class="field"><label for="b-desc">${t('description')}</label>
        <textarea id="b-desc" name="description" maxlength="370" rows="3"></textarea></div>
      <${QuestionFields} questionnaire=${questionnaire} prefix="b-q" />
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <div class="actions"><button type="submit" disabled=${!questionnaire && !error}>${t('confirm_booking')}</button>
        <button type="button" class="secondary" onClick=${onClose}>${t('cancel_action')}</button></div>
    </form>
  </div>`;
}

export function DoctorPage({ id, announce }) {
  const [doctor, setDoctor] = useState(null);
  const [week, setWeek] = useState(mondayOf(new Date()));
  const [slots, setSlots] = useState([]);
  const [picked, setPicked] = useState(null);
  const [error, setError] = useState('');
  // answers for a week the user has already left are dropped
  const shown = useRef(week);
  shown.current = week;
  const loadSlots = () => {
    const asked = week;
    return api('GET', `/doctors/${id}/slots?from=${asked.toISOString()}&to=${addDays(asked, 7).toISOString()}`)
      .then((out) => { if (shown.current === asked) setSlots(out.slots); })
      .catch((err) => setError(err.message));
  };
  useEffect(() => { api('GET', `/doctors/${id}`).then((out) => setDoctor(out.doctor)).catch((err) => setError(err.message)); }, [id]);
  useEffect(() => { loadSlots(); }, [id, week]);
  let touchX = null;
  const swipe = {
    onTouchStart: (e) => { touchX = e.touches[0].clientX; },
    onTouchEnd: (e) => {
      const dx = e.changedTouches[0].clientX - (touchX ?? e.changedTouches[0].clientX);
      if (Math.abs(dx) > 60) setWeek(addDays(week, dx < 0 ? 7 : -7));
    },
  };
  if (error && !doctor) return html`<section><p class="error" role="alert">${error}</p></section>`;
  if (!doctor) return html`<p class="loading">…</p>`;
  return html`<section>
    <h1>${doctor.full_name}</h1>
    <p>${doctor.specialty ? doctor.specialty.name : ''} · ${doctor.city}${doctor.country ? ', ' + doctor.country : ''} · ${t('years', { n: doctor.years_experience })}</p>
    <p>${doctor.bio}</p>
    <p class="muted">${t('languages_label')}: ${doctor.languages.join(', ')}</p>
    <div class="week-nav">
      <button type="button" class="secondary" onClick=${() => setWeek(addDays(week, -7))}>${t('prev_week')}</button>
      <h2>${t('week_of', { date: day(week.toISOString()) })}</h2>
      <button type="button" class="secondary" onClick=${() => setWeek(addDays(week, 7))}>${t('next_week')}</button>
    </div>
    <div ...${swipe} data-week=${week.toISOString()}><${Week} slots=${slots} onPick=${setPicked} /></div>
    ${picked && html`<${BookingDialog} doctor=${doctor} slot=${picked} onClose=${() => setPicked(null)}
      onBooked=${(a) => { setPicked(null); announce(t('booked_ok', { when: when(a.start), name: doctor.full_name })); loadSlots(); }} />`}
  </section>`;
}

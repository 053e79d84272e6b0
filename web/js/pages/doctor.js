// doctor.js — a doctor's profile with a week calendar of their slots (booked
// ones shown and not selectable), and the booking dialog.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { clock, t, when } from '../i18n.js';
import { WeekCalendar } from '../week_calendar.js';
import { Avatar } from '../avatar.js';
import { QuestionFields, readAnswers } from '../intake.js';

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
  const [picked, setPicked] = useState(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState('');
  useEffect(() => { api('GET', `/doctors/${id}`).then((out) => setDoctor(out.doctor)).catch((err) => setError(err.message)); }, [id]);
  if (error && !doctor) return html`<section><p class="error" role="alert">${error}</p></section>`;
  if (!doctor) return html`<p class="loading">…</p>`;
  return html`<section>
    <div class="doctor-head">
      <${Avatar} name=${doctor.full_name} url=${doctor.photo_url} size="large" />
      <div>
        <h1>${doctor.full_name}</h1>
        <p>${doctor.specialty ? doctor.specialty.name : ''} · ${doctor.city}${doctor.country ? ', ' + doctor.country : ''} · ${t('years', { n: doctor.years_experience })}</p>
      </div>
    </div>
    <p>${doctor.bio}</p>
    <p class="muted">${t('languages_label')}: ${doctor.languages.join(', ')}</p>
    <${WeekCalendar} doctorId=${id} onPick=${setPicked} version=${version} />
    ${picked && html`<${BookingDialog} doctor=${doctor} slot=${picked} onClose=${() => setPicked(null)}
      onBooked=${(a) => { setPicked(null); announce(t('booked_ok', { when: when(a.start), name: doctor.full_name })); setVersion(version + 1); }} />`}
  </section>`;
}

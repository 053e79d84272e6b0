// dropin.js — the drop-in queue. Patients ask for the next doctor of a
// specialty now, see their place and a rough wait, and leave; doctors go on
// duty, see the waiting requests of their specialty and take the next
// patient, which opens their agenda. Both views follow the server with
// useLive (polling.js).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { clock, t } from '../i18n.js';
import { useLive } from '../polling.js';
import { IntakeAnswers, QuestionFields, readAnswers } from '../intake.js';

const RECENT_MS = 60 * 60 * 1000; // a taken request is news for an hour

function JoinForm({ onJoined }) {
  const [specialties, setSpecialties] = useState([]);
  const [questionnaire, setQuestionnaire] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', '/specialties').then((out) => setSpecialties(out.specialties)).catch((err) => setError(err.message));
    api('GET', '/clinic/questionnaire').then((out) => setQuestionnaire(out.questionnaire)).catch((err) => setError(err.message));
  }, []);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setError('');
    try {
      await api('POST', '/dropin', {
        specialty: f.get('specialty'), reason: f.get('reason').trim(), mode: f.get('mode'),
        answers: readAnswers(questionnaire, f),
      });
      onJoined();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="join-h">
    <h2 id="join-h">${t('dropin_ask')}</h2>
    <p class="muted">${t('dropin_text')}</p>
    <div class="field"><label for="di-spec">${t('specialty')}</label>
      <select id="di-spec" name="specialty" required><option value="">—</option>
        ${specialties.map((s) => html`<option value=${s.id}>${s.name}</option>`)}</select></div>
    <div class="field"><label for="di-reason">${t('dropin_reason')}</label>
      <textarea id="di-reason" name="reason" rows="3" maxlength="500"></textarea></div>
    <div class="field"><label for="di-mode">${t('mode')}</label>
      <select id="di-mode" name="mode"><option value="video">${t('mode_video')}</option>
        <option value="in_person">${t('mode_in_person')}</option></select></div>
    <${QuestionFields} questionnaire=${questionnaire} prefix="di-q" />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit" disabled=${!questionnaire}>${t('dropin_join')}</button>
  </form>`;
}

function Waiting({ entry, onLeft }) {
  const [error, setError] = useState('');
  const leave = async () => {
    try {
      await api('DELETE', '/dropin/mine');
      onLeft();
    } catch (err) {
      setError(err.message);
    }
  };
  const wait = entry.estimated_wait_minutes;
  return html`<section aria-labelledby="wait-h" class="waiting">
    <h2 id="wait-h">${t('dropin_waiting', { specialty: entry.specialty.name })}</h2>
    <p class="place" role="status">${t('dropin_place', { n: entry.position })}</p>
    <p>${wait === null ? t('dropin_nobody_on_duty') : wait === 0 ? t('dropin_next') : t('dropin_wait', { n: wait })}</p>
    <p class="muted">${t('dropin_since', { time: clock(entry.waiting_since) })}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="button" class="secondary" onClick=${leave}>${t('dropin_leave')}</button>
  </section>`;
}

function PatientDropin({ go, announce }) {
  const [entry, error, refresh] = useLive(() => api('GET', '/dropin/mine').then((out) => out.entry));
  if (entry === undefined) return error ? html`<p class="error" role="alert">${error}</p>` : html`<p class="loading">…</p>`;
  if (entry && entry.status === 'waiting') {
    return html`<${Waiting} entry=${entry} onLeft=${() => { announce(t('dropin_left')); refresh(); }} />`;
  }
  const taken = entry && entry.status === 'taken' && Date.now() - Date.parse(entry.closed_at) < RECENT_MS;
  const open = (e) => { e.preventDefault(); go('/bookings'); };
  return html`${taken && html`<p class="notice" role="status">${t('dropin_taken', { name: entry.doctor.full_name })}
      <a href="/bookings" onClick=${open}>${t('bookings')}</a></p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <${JoinForm} onJoined=${() => { announce(t('dropin_joined')); refresh(); }} />`;
}

function QueueEntry({ entry }) {
  return html`<li class="appointment">
    <div><strong>${t('dropin_number', { n: entry.position })}</strong> · ${t('dropin_since', { time: clock(entry.waiting_since) })} · ${t(entry.mode === 'video' ? 'mode_video' : 'mode_in_person')}</div>
    ${entry.reason && html`<div>${t('reason')}: ${entry.reason}</div>`}
    <${IntakeAnswers} intake=${entry.intake} />
  </li>`;
}

function DoctorDropin({ user, go, announce }) {
  const [queue, error, refresh] = useLive(() => api('GET', '/dropin/queue').then((out) => out.queue));
  const [problem, setProblem] = useState('');
  // the switch as the doctor just set it, until the queue read back agrees
  // (a render in between must not flip it back)
  const [pending, setPending] = useState(null);
  useEffect(() => { if (pending !== null && queue?.on_duty === pending) setPending(null); }, [queue?.on_duty, pending]);
  if (queue === undefined) return error ? html`<p class="error" role="alert">${error}</p>` : html`<p class="loading">…</p>`;
  const setDuty = async (on) => {
    setProblem('');
    setPending(on);
    try {
      await api('PUT', `/doctors/${user.id}/duty`, { on_duty: on });
      announce(t(on ? 'dropin_on_duty_now' : 'dropin_off_duty_now'));
    } catch (err) {
      setPending(null);
      setProblem(err.message);
    }
    refresh();
  };
  const takeNext = async () => {
    setProblem('');
    try {
      const out = await api('POST', '/dropin/take');
      announce(t('dropin_took', { name: out.appointment.patient.full_name }));
      go('/schedule');
    } catch (err) {
      setProblem(err.message);
      refresh();
    }
  };
  return html`<section aria-labelledby="queue-h">
    <h2 id="queue-h">${queue.specialty ? t('dropin_queue_of', { specialty: queue.specialty.name }) : t('dropin_queue')}</h2>
    <label class="check switch"><input type="checkbox" role="switch" checked=${pending ?? queue.on_duty}
      onChange=${(e) => setDuty(e.target.checked)} /> ${t('dropin_on_duty')}</label>
    <p role="status">${t('dropin_waiting_count', { n: queue.waiting_count })}</p>
    ${(problem || error) && html`<p class="error" role="alert">${problem || error}</p>`}
    <button type="button" onClick=${takeNext} disabled=${!queue.on_duty || queue.entries.length === 0}>${t('dropin_take')}</button>
    ${queue.on_duty ? html`<ul class="appointments">${queue.entries.map((e) => html`<${QueueEntry} key=${e.id} entry=${e} />`)}</ul>`
      : html`<p class="muted">${t('dropin_off_duty_text')}</p>`}
  </section>`;
}

export function DropinPage({ user, go, announce }) {
  const Side = user.role === 'doctor' ? DoctorDropin : PatientDropin;
  return html`<section>
    <h1>${t('dropin')}</h1>
    <${Side} user=${user} go=${go} announce=${announce} />
  </section>`;
}

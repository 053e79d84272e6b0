// waiting_room.js — the doctor's waiting room: the patients in their
// consultation rooms now, in the order of their appointments, each with
// reason, answers, since when they wait and a way into the consultation;
// a knock and a line when someone arrives; the one-line note the waiting
// patients see. The list follows the server's WAITING messages (which say
// only that it changed) by asking the audited REST API again.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { clock, t } from '../i18n.js';
import { onLive } from '../live.js';
import { IntakeAnswers } from '../intake.js';
import { ArrivalLine, useArrivals } from '../knock.js';

function Waiting({ entry, go }) {
  const a = entry.appointment;
  const open = () => go(`/consult/${a.id}`);
  return html`<li class="appointment">
    <div><strong>${t('dropin_number', { n: entry.position })} · ${a.patient.full_name}</strong> · ${t('wr_at', { time: clock(a.start) })} · ${t('dropin_since', { time: clock(entry.waiting_since) })}</div>
    ${a.reason && html`<div>${t('reason')}: ${a.reason}</div>`}
    <${IntakeAnswers} intake=${a.intake} />
    <button type="button" onClick=${open}>${t('wr_open', { name: a.patient.full_name })}</button>
  </li>`;
}

function NoteForm({ note, onSaved, announce }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const save = async (value) => {
    setError('');
    try {
      const out = await api('POST', '/waiting-room/note', { text: value });
      setText('');
      announce(t(out.note ? 'wr_note_sent' : 'wr_note_cleared'));
      onSaved(out.note);
    } catch (err) {
      setError(err.message);
    }
  };
  const submit = (e) => { e.preventDefault(); save(text.trim()); };
  return html`<form onSubmit=${submit} aria-labelledby="wr-note-h" class="wr-note">
    <h2 id="wr-note-h">${t('wr_note_label')}</h2>
    ${note && html`<p class="notice">${t('wr_note_current', { text: note.text, time: clock(note.until) })}</p>`}
    <div class="field"><label for="wr-note">${t('wr_note_text')}</label>
      <input id="wr-note" maxlength="200" required value=${text} onInput=${(e) => setText(e.target.value)} /></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="actions">
      <button type="submit">${t('wr_note_send')}</button>
      ${note && html`<button type="button" class="secondary" onClick=${() => save('')}>${t('wr_note_clear')}</button>`}
    </div>
  </form>`;
}

export function WaitingRoomPage({ go, announce }) {
  const [room, setRoom] = useState(undefined);
  const [error, setError] = useState('');
  const load = () => api('GET', '/waiting-room')
    .then((out) => { setRoom(out); setError(''); })
    .catch((err) => setError(err.message));
  const arrived = useArrivals(load);
  // first load, and again whenever the live channel comes back
  useEffect(() => { load(); return onLive('WELCOME', load); }, []);
  return html`<section>
    <h1>${t('waiting_room')}</h1>
    <${ArrivalLine} name=${arrived} />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${room === undefined ? !error && html`<p class="loading">…</p>` : html`
      ${room.waiting.length === 0 ? html`<p class="muted">${t('wr_empty')}</p>`
        : html`<ul class="appointments">${room.waiting.map((w) => html`<${Waiting} key=${w.appointment.id} entry=${w} go=${go} />`)}</ul>`}
      <${NoteForm} note=${room.note} announce=${announce} onSaved=${(note) => setRoom({ ...room, note })} />`}
  </section>`;
}

// record_save.js — keeping what the call produced in the consultation's
// record, with both parties' agreement (docs/protocol.md, "Saving to the
// record"). One side proposes the chat transcript, a file of this call or
// the whiteboard as a PNG (`record_propose` on the chat channel); the other
// side's page asks its user and answers (`record_answer`); on yes the
// proposing page uploads its own copy (POST /appointments/{id}/record-items)
// and tells the other page how it went (`record_saved`). The server keeps
// nothing without the patient's "call_records" consent: both pages then say
// so, and the patient's page links to where it is given.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { isId, isText, newId } from './collab_channels.js';
import { cleanName } from './file_transfer.js';

export const KINDS = ['transcript', 'file', 'board'];
const OUTCOMES = ['saved', 'failed', 'consent'];
const MAX_NAME_CHARS = 200;

// The proposals of this call, both ways, kept across reconnections.
export function useRecordSave(channels, appointmentId) {
  const [list, setList] = useState([]); // { id, mine, kind, name, state, error }
  const own = useRef(new Map()); // id → { kind, content: () => Promise<Blob> }, until answered
  const update = (id, patch, mine) => setList((l) => l.map((p) => (p.id === id && p.mine === mine ? { ...p, ...patch } : p)));

  const upload = async (id, { kind, name, content }) => {
    update(id, { state: 'saving' }, true);
    let state = 'saved';
    let error = '';
    try {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', await content(), name);
      await api('POST', `/appointments/${encodeURIComponent(appointmentId)}/record-items`, form);
    } catch (err) {
      state = err.code === 'consent_required' ? 'consent' : 'failed';
      error = err.message;
    }
    update(id, { state, error }, true);
    channels?.send('chat', { type: 'record_saved', id, state });
  };

  useEffect(() => {
    if (!channels) return undefined;
    const offs = [
      channels.on('chat', 'record_propose', (m) => {
        if (!isId(m.id) || !KINDS.includes(m.kind) || !isText(m.name, MAX_NAME_CHARS)) return false;
        setList((l) => (l.some((p) => p.id === m.id && !p.mine) ? l
          : [...l, { id: m.id, mine: false, kind: m.kind, name: cleanName(m.name), state: 'asked' }]));
        return true;
      }),
      channels.on('chat', 'record_answer', (m) => {
        const mine = own.current.get(m.id);
        if (!isId(m.id) || typeof m.accept !== 'boolean' || !mine) return false;
        own.current.delete(m.id); // answered once
        if (m.accept) upload(m.id, mine);
        else update(m.id, { state: 'declined' }, true);
        return true;
      }),
      channels.on('chat', 'record_saved', (m) => {
        if (!isId(m.id) || !OUTCOMES.includes(m.state)) return false;
        update(m.id, { state: m.state }, false);
        return true;
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [channels]);

  return {
    list,
    // Asks the other side to agree to keep kind (name, content()) in the
    // record; false when the chat channel is not open.
    propose(kind, name, content) {
      const id = newId();
      if (!channels?.send('chat', { type: 'record_propose', id, kind, name })) return false;
      own.current.set(id, { kind, name, content });
      setList((l) => [...l, { id, mine: true, kind, name, state: 'waiting' }]);
      return true;
    },
    answer(id, accept) {
      if (!channels?.send('chat', { type: 'record_answer', id, accept })) return;
      update(id, { state: accept ? 'accepted' : 'declined' }, false);
    },
  };
}

// The chat as plain text for the record: one line per message,
// "[time] name: text", oldest first.
export async function transcriptOf(messages, peerName) {
  const me = (await api('GET', '/me')).user.full_name;
  const lines = messages.map((m) => `[${m.at}] ${m.mine ? me : peerName}: ${m.text}`);
  return new Blob([lines.join('\n') + '\n'], { type: 'text/plain' });
}

function Proposal({ p, peerName, answer, role }) {
  const what = t('save_kind_' + p.kind, { name: p.name });
  return html`<li data-record-proposal=${p.mine ? 'mine' : 'theirs'} data-kind=${p.kind} data-state=${p.state}>
    <span>${p.mine ? t('save_mine', { what, name: peerName }) : t('save_theirs', { what, name: peerName })}</span>
    <span class="badge" role="status">${t('save_state_' + p.state)}</span>
    ${!p.mine && p.state === 'asked' && html`<span class="actions">
      <button type="button" onClick=${() => answer(p.id, true)}>${t('save_accept')}</button>
      <button type="button" class="secondary" onClick=${() => answer(p.id, false)}>${t('save_decline')}</button>
    </span>`}
    ${p.state === 'consent' && html`<p class="notice" role="alert">${t(role === 'patient' ? 'save_consent_patient' : 'save_consent_doctor')}
      ${role === 'patient' && html` <a href="/privacy">${t('save_consent_link')}</a>`}</p>`}
    ${p.state === 'failed' && p.error && html`<p class="error" role="alert">${p.error}</p>`}
  </li>`;
}

// The proposals of the call, with the answer buttons for the other side's.
export function RecordSaves({ save, peerName, role }) {
  if (!save.list.length) return null;
  return html`<section class="record-saves" aria-labelledby="saves-title">
    <h2 id="saves-title">${t('save_title')}</h2>
    <ul>${save.list.map((p) => html`<${Proposal} key=${(p.mine ? 'm' : 't') + p.id} p=${p} peerName=${peerName}
      answer=${save.answer} role=${role} />`)}</ul>
  </section>`;
}

// A "Save to record" button; disabled while the chat channel is closed.
export function SaveButton({ onClick, open, label }) {
  return html`<button type="button" class="secondary" disabled=${!open} onClick=${onClick}
    aria-label=${label}>${t('save_to_record')}</button>`;
}

// messages.js (page) — the user's conversations, latest first, each with
// the other party, when it last moved and how many messages wait unread;
// kept live from the WebSocket. A doctor starts a new one here with a
// patient they have seen (or been booked by), possibly chosen beforehand
// from the agenda ("Write to …", which arrives here with that patient's id).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { onLive } from '../live.js';
import { otherParty } from '../messaging.js';

// The doctor's patients: everyone with an appointment, past or upcoming.
async function patientsOf() {
  const lists = await Promise.all(['upcoming', 'past'].map((scope) => api('GET', `/appointments?scope=${scope}&limit=100`)));
  const seen = new Map();
  for (const a of lists.flatMap((l) => l.appointments)) seen.set(a.patient.id, a.patient.full_name);
  return [...seen].map(([id, name]) => ({ id, name })).sort((x, y) => x.name.localeCompare(y.name));
}

function NewConversation({ patientId, go }) {
  const [patients, setPatients] = useState(null);
  const [chosen, setChosen] = useState(patientId || '');
  const [title, setTitle] = useState('');
  const [error, setError] = useState('');
  useEffect(() => { patientsOf().then(setPatients).catch((err) => setError(err.message)); }, []);
  const submit = async (e) => {
    e.preventDefault();
    try {
      const c = await api('POST', '/conversations', { patient_id: chosen, title: title.trim() });
      go(`/messages/${c.id}`);
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="new-conv">
    <h2 id="new-conv">${t('msg_new')}</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <label>${t('msg_patient')}
      <select required value=${chosen} onChange=${(e) => setChosen(e.currentTarget.value)}>
        <option value="">${patients === null ? t('loading') : t('msg_choose_patient')}</option>
        ${(patients || []).map((p) => html`<option value=${p.id}>${p.name}</option>`)}
      </select></label>
    <label>${t('msg_title')} <input required maxlength="200" value=${title} onInput=${(e) => setTitle(e.currentTarget.value)} /></label>
    <button type="submit">${t('msg_start')}</button>
  </form>`;
}

export function MessagesPage({ user, go, id }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', '/conversations?limit=100')
    .then((out) => setItems(out.items)).catch((err) => setError(err.message));
  useEffect(() => {
    load();
    const offs = ['MESSAGE', 'MESSAGES_READ', 'CONVERSATION', 'CONVERSATION_DELETED'].map((type) => onLive(type, load));
    return () => offs.forEach((off) => off());
  }, []);
  const open = (e, c) => { e.preventDefault(); go(`/messages/${c.id}`); };
  return html`<section>
    <h1>${t('messages')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${items === null ? html`<p>${t('loading')}</p>`
      : items.length === 0 ? html`<p>${t('msg_none')}</p>`
        : html`<ul class="conversations">${items.map((c) => html`<li key=${c.id} class=${c.unread ? 'unread' : ''}>
          <a href=${`/messages/${c.id}`} onClick=${(e) => open(e, c)}>${c.title}</a>
          <span class="muted"> · ${otherParty(c, user).name} · <time datetime=${c.last_message_at}>${when(c.last_message_at)}</time></span>
          ${c.unread > 0 && html` <span class="badge" data-testid="conversation-unread">${t('msg_unread', { n: c.unread })}</span>`}
        </li>`)}</ul>`}
    ${user.role === 'doctor' && html`<${NewConversation} patientId=${id} go=${go} />`}
  </section>`;
}

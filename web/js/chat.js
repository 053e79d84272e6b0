// chat.js — text chat in the call over the "chat" data channel
// (docs/protocol.md): each message shows who sent it and when, and one's
// own gets a delivered mark once the other page acknowledges it. Messages
// are shown as text (Preact sets textContent), never as markup; new ones
// are announced through an aria-live log. The transcript can be proposed
// for the record (record_save.js).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { clock, t } from './i18n.js';
import { isId, isText, newId } from './collab_channels.js';
import { SaveButton } from './record_save.js';

export const MAX_CHAT_CHARS = 4000;

// The conversation of the page, kept across reconnections of the call.
export function useChat(channels) {
  const [messages, setMessages] = useState([]); // { id, mine, text, at, delivered }
  useEffect(() => {
    if (!channels) return undefined;
    const offs = [
      channels.on('chat', 'chat', (m) => {
        if (!isId(m.id) || !isText(m.text, MAX_CHAT_CHARS) || !m.text.trim()) return false;
        const at = new Date().toISOString();
        setMessages((list) => (list.some((x) => !x.mine && x.id === m.id) ? list
          : [...list, { id: m.id, mine: false, text: m.text, at }]));
        channels.send('chat', { type: 'chat_ack', id: m.id });
        return true;
      }),
      channels.on('chat', 'chat_ack', (m) => {
        if (!isId(m.id)) return false;
        setMessages((list) => list.map((x) => (x.mine && x.id === m.id ? { ...x, delivered: true } : x)));
        return true;
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [channels]);
  const send = (text) => {
    const id = newId();
    if (!channels?.send('chat', { type: 'chat', id, text })) return false;
    setMessages((list) => [...list, { id, mine: true, text, at: new Date().toISOString(), delivered: false }]);
    return true;
  };
  return { messages, send };
}

// chat: useChat's; onSave (may be null) proposes to keep the transcript.
export function Chat({ chat, open, peerName, onSave }) {
  const { messages, send } = chat;
  const [draft, setDraft] = useState('');
  const log = useRef(null);
  useEffect(() => { if (log.current) log.current.scrollTop = log.current.scrollHeight; }, [messages.length]);
  const submit = (e) => {
    e.preventDefault();
    if (draft.trim() && send(draft)) setDraft('');
  };
  return html`<section class="chat" aria-labelledby="chat-title">
    <h2 id="chat-title">${t('chat_title')}</h2>
    <ol class="chat-log" ref=${log} role="log" aria-live="polite" aria-label=${t('chat_log')}>
      ${messages.map((m) => html`<li key=${m.id} class=${m.mine ? 'mine' : 'theirs'} data-chat-message>
        <span class="chat-meta"><strong>${m.mine ? t('chat_you') : peerName}</strong> <time datetime=${m.at}>${clock(m.at)}</time></span>
        <span class="chat-text" data-chat-text>${m.text}</span>
        ${m.mine && html`<span class="chat-delivered" data-delivered=${m.delivered ? 'yes' : 'no'}>${t(m.delivered ? 'chat_delivered' : 'chat_sending')}</span>`}
      </li>`)}
    </ol>
    <form class="chat-form" onSubmit=${submit}>
      <label for="chat-input">${t('chat_label', { name: peerName })}</label>
      <textarea id="chat-input" rows="2" maxlength=${MAX_CHAT_CHARS} value=${draft} disabled=${!open}
        onInput=${(e) => setDraft(e.currentTarget.value)}
        onKeyDown=${(e) => { if (e.key === 'Enter' && !e.shiftKey) submit(e); }}></textarea>
      <button type="submit" disabled=${!open || !draft.trim()}>${t('chat_send')}</button>
    </form>
    ${onSave && messages.length > 0 && html`<${SaveButton} open=${open} onClick=${onSave} label=${t('save_transcript')} />`}
  </section>`;
}

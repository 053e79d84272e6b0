// conversation.js (page) — one conversation: its messages oldest first,
// each with sender and time, text shown as text, an attachment to download,
// and on one's own messages whether the other party has read them; new
// messages and read marks arrive live. Opening it (or a message arriving
// while it is open) marks what came from the other party read. One writes
// text, attaches a file (up to 25 MB), or both; its doctor may delete it
// for both.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { sizeText, t, when } from '../i18n.js';
import { onLive } from '../live.js';
import { otherParty } from '../messaging.js';

const ATTACHMENT_MAX = 25 * 1024 * 1024;

// Every message, following the cursor to the end.
async function allMessages(id) {
  const out = [];
  for (let cursor = ''; ;) {
    const page = await api('GET', `/conversations/${id}/messages?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    if (!page.next_cursor) return out;
    cursor = page.next_cursor;
  }
}

// Adds m unless it is there already (it comes both as the answer and live).
const withMessage = (list, m) => (list.some((x) => x.id === m.id) ? list : [...list, m]);

function Message({ m, mine, other }) {
  return html`<li class=${mine ? 'mine' : 'theirs'} data-id=${m.id}>
    <div class="meta"><strong>${mine ? t('msg_you') : other.name}</strong> · <time datetime=${m.created_at}>${when(m.created_at)}</time></div>
    ${m.text && html`<p class="text">${m.text}</p>`}
    ${m.attachment && html`<p><a href=${m.attachment.url} download=${m.attachment.name}>📎 ${m.attachment.name}</a> <span class="muted">(${sizeText(m.attachment.size)})</span></p>`}
    ${mine && html`<div class="muted read-mark">${m.read_at ? t('msg_read', { when: when(m.read_at) }) : t('msg_sent')}</div>`}
  </li>`;
}

function Compose({ id, onSent }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const fileInput = useRef(null);
  const submit = async (e) => {
    e.preventDefault();
    const file = fileInput.current.files[0];
    if (!text.trim() && !file) return;
    if (file && file.size > ATTACHMENT_MAX) { setError(t('msg_file_too_large')); return; }
    let body = { text };
    if (file) {
      body = new FormData();
      if (text.trim()) body.append('text', text);
      body.append('file', file, file.name);
    }
    setBusy(true);
    try {
      onSent(await api('POST', `/conversations/${id}/messages`, body));
      setText('');
      fileInput.current.value = '';
      setError('');
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="compose" onSubmit=${submit}>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <label>${t('msg_write')}<textarea maxlength="10000" rows="3" value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea></label>
    <label>${t('msg_attach')} <input type="file" ref=${fileInput} /></label>
    <button type="submit" disabled=${busy}>${t('msg_send')}</button>
  </form>`;
}

function DeleteButton({ onDelete }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return html`<button type="button" class="secondary" onClick=${() => setAsking(true)}>${t('msg_delete')}</button>`;
  return html`<span role="group" aria-label=${t('msg_delete')}>${t('msg_delete_ask')}
    <button type="button" onClick=${onDelete}>${t('msg_delete_yes')}</button>
    <button type="button" class="secondary" onClick=${() => setAsking(false)}>${t('spec_cancel')}</button></span>`;
}

export function ConversationPage({ user, go, announce, id }) {
  const [conversation, setConversation] = useState(null);
  const [messages, setMessages] = useState([]);
  const [error, setError] = useState('');

  // marks read what the other party wrote, up to the newest of it
  const markRead = (list) => {
    const last = [...list].reverse().find((m) => m.sender_id !== user.id);
    if (last && !last.read_at) api('POST', `/conversations/${id}/read`, { up_to: last.id }).catch(() => {});
  };

  useEffect(() => {
    Promise.all([api('GET', `/conversations/${id}`), allMessages(id)])
      .then(([c, list]) => { setConversation(c); setMessages(list); markRead(list); })
      .catch((err) => setError(err.message));
    const offs = [
      onLive('MESSAGE', (n) => {
        if (n.conversation_id !== id) return;
        setMessages((list) => withMessage(list, n.message));
        if (n.message.sender_id !== user.id) markRead([n.message]);
      }),
      onLive('MESSAGES_READ', (n) => {
        if (n.conversation_id !== id || n.reader_id === user.id) return;
        setMessages((list) => {
          const upTo = list.findIndex((m) => m.id === n.up_to);
          return list.map((m, i) => (i <= upTo && m.sender_id === user.id && !m.read_at ? { ...m, read_at: n.read_at } : m));
        });
      }),
      onLive('CONVERSATION_DELETED', (n) => {
        if (n.conversation_id !== id) return;
        announce(t('msg_deleted'));
        go('/messages');
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [id]);

  const remove = async () => {
    try {
      await api('DELETE', `/conversations/${id}`);
      announce(t('msg_deleted'));
      go('/messages');
    } catch (err) {
      setError(err.message);
    }
  };

  if (error && !conversation) return html`<section><h1>${t('messages')}</h1><p class="error" role="alert">${error}</p></section>`;
  if (!conversation) return html`<section><p>${t('loading')}</p></section>`;
  const other = otherParty(conversation, user);
  return html`<section class="conversation">
    <p><a href="/messages" onClick=${(e) => { e.preventDefault(); go('/messages'); }}>← ${t('messages')}</a></p>
    <h1>${conversation.title}</h1>
    <p class="muted">${t('msg_with', { name: other.name })}
      ${user.role === 'doctor' && html` <${DeleteButton} onDelete=${remove} />`}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${messages.length === 0 ? html`<p>${t('msg_empty')}</p>`
      : html`<ol class="messages" aria-live="polite">${messages.map((m) => html`<${Message} key=${m.id} m=${m} mine=${m.sender_id === user.id} other=${other} />`)}</ol>`}
    <${Compose} id=${id} onSent=${(m) => setMessages((list) => withMessage(list, m))} />
  </section>`;
}

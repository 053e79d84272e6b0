// messaging.js — what the messaging pages share: the unread-messages count
// kept live from the WebSocket (WELCOME and every messaging notice carry the
// user's total) and the other party of a conversation.
import { onLive } from './live.js';

const NOTICES = ['MESSAGE', 'MESSAGES_READ', 'CONVERSATION', 'CONVERSATION_DELETED'];

// Keeps count (messages unread in all conversations) up to date; returns the stop.
export function followMessagesUnread(setCount) {
  const take = (m) => { if (Number.isInteger(m.messages_unread)) setCount(m.messages_unread); };
  const offs = ['WELCOME', ...NOTICES].map((type) => onLive(type, take));
  return () => offs.forEach((off) => off());
}

// The person on the other side of conversation c for user.
export function otherParty(c, user) {
  return c.doctor.id === user.id ? c.patient : c.doctor;
}

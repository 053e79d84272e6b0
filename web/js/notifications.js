// notifications.js — the words of a notification in the user's language,
// the unread count the header shows, and the browser notification raised
// when one arrives (only when the user has allowed them).
import { onLive } from './live.js';
import { t, lang } from './i18n.js';

export function when(iso) {
  return new Date(iso).toLocaleString(lang(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

// "Paula Patient booked Tue 24 Nov, 14:30" and the like.
export function describe(n) {
  const d = n.data || {};
  return t(`notif_${n.kind}`, { name: (d.with && d.with.name) || '', when: d.start ? when(d.start) : '' });
}

// Keeps count (unread) up to date from the live channel; returns the stop.
export function followUnread(setUnread) {
  const offWelcome = onLive('WELCOME', (m) => setUnread(m.unread));
  const offNote = onLive('NOTIFICATION', (m) => {
    setUnread((n) => n + 1);
    if ('Notification' in window && Notification.permission === 'granted') {
      try { new Notification(t('app'), { body: describe(m.notification), tag: m.notification.id }); } catch { /* some browsers only allow it from a service worker */ }
    }
  });
  return () => { offWelcome(); offNote(); };
}

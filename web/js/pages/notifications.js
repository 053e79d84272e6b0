// notifications.js (page) — the user's notifications, newest first, new ones
// arriving live; opening the page marks them read. A button asks for the
// browser's permission to show them outside the page too.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { onLive } from '../live.js';
import { describe, when } from '../notifications.js';

export function NotificationsPage({ announce, onRead }) {
  const [items, setItems] = useState(null);
  const [permission, setPermission] = useState('Notification' in window ? Notification.permission : 'unsupported');

  const markRead = (list) => {
    if (!list.length) return;
    api('POST', '/notifications/read', { up_to: list[0].id }).then(() => onRead(0)).catch(() => {});
  };

  useEffect(() => {
    api('GET', '/notifications?limit=100')
      .then((out) => { setItems(out.items); markRead(out.items); })
      .catch((err) => { setItems([]); announce(err.message); });
    return onLive('NOTIFICATION', (m) => {
      setItems((list) => {
        const next = [m.notification, ...(list || [])];
        markRead(next);
        return next;
      });
    });
  }, []);

  const ask = () => Notification.requestPermission().then(setPermission);
  return html`<section>
    <h1>${t('notifications')}</h1>
    ${permission === 'default' && html`<p><button type="button" class="secondary" onClick=${ask}>${t('notif_allow')}</button></p>`}
    ${items === null ? html`<p>${t('loading')}</p>`
      : items.length === 0 ? html`<p>${t('notif_none')}</p>`
        : html`<ul class="notifications">
          ${items.map((n) => html`<li class=${n.read ? '' : 'unread'}>
            <span>${describe(n)}</span> <small><time datetime=${n.created_at}>${when(n.created_at)}</time></small>
          </li>`)}
        </ul>`}
  </section>`;
}

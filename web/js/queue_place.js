// queue_place.js — what a waiting patient sees of the doctor's queue: their
// own place (1 = next), a rough wait that counts down between the server's
// QUEUE messages, and the doctor's note, shown as text. Never anyone else.
// Hidden once the doctor calls.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';
import { onLive } from './live.js';

const MINUTE_MS = 60_000;

export function QueuePlace({ id, doctor }) {
  const [queue, setQueue] = useState(null); // the last QUEUE, with its arrival time
  const [called, setCalled] = useState(false);
  const [, setTick] = useState(0);
  useEffect(() => {
    const offs = [
      onLive('QUEUE', (m) => { if (m.session_id === id) setQueue({ ...m, at: Date.now() }); }),
      onLive('OFFER', (m) => { if (m.data?.session_id === id) setCalled(true); }),
    ];
    const timer = setInterval(() => setTick((n) => n + 1), 15_000);
    return () => { offs.forEach((off) => off()); clearInterval(timer); };
  }, [id]);
  if (!queue || called) return null;
  const wait = Math.max(0, Math.ceil(queue.wait_minutes - (Date.now() - queue.at) / MINUTE_MS));
  const note = queue.note && Date.parse(queue.note.until) > Date.now() ? queue.note : null;
  return html`<div class="queue-place">
    <p class="place" role="status">${queue.position === 1 ? t('queue_next', { name: doctor }) : t('queue_place', { n: queue.position, name: doctor })}</p>
    <p>${wait === 0 ? t('queue_any_moment') : t('dropin_wait', { n: wait })}</p>
    ${note && html`<p class="notice" role="status"><strong>${t('queue_note', { name: doctor })}</strong> <span class="note-text">${note.text}</span></p>`}
  </div>`;
}

// call_timer.js — how long the call has lasted (mm:ss, h:mm:ss past an
// hour), counted from the moment it first connected; an ICE restart does
// not reset it, a new call does.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';

const two = (n) => String(n).padStart(2, '0');

export function duration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

// phase: the room's phase ('connecting', 'connected', …).
export function CallTimer({ phase }) {
  const [since, setSince] = useState(0);
  const [now, setNow] = useState(Date.now());
  const live = phase === 'connecting' || phase === 'connected';
  useEffect(() => {
    if (!live) setSince(0);
    else if (phase === 'connected') setSince((s) => s || Date.now());
  }, [phase]);
  useEffect(() => {
    if (!since) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  if (!since) return null;
  return html`<span class="call-timer" role="timer" aria-label=${t('call_timer')}>${duration((now - since) / 1000)}</span>`;
}

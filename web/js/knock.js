// knock.js — the doctor hears a patient arrive: a short two-tone knock made
// with WebAudio (no sound file) and a visible line "X has arrived" for the
// screen reader too. The server's WAITING message says who came (a name,
// never a reason); the waiting room page and the consultation page both
// use it.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';
import { onLive } from './live.js';

let audio = null;

// Two short soft knocks (about a third of a second in all).
export function playKnock() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return;
  audio = audio || new Ctx();
  audio.resume?.().catch(() => { /* no sound before the user has touched the page */ });
  const now = audio.currentTime;
  for (const [at, freq] of [[0, 660], [0.18, 520]]) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + at);
    gain.gain.exponentialRampToValueAtTime(0.3, now + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.15);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + at);
    osc.stop(now + at + 0.16);
  }
}

// Calls fn(message) for every WAITING message; knocks on arrivals. Returns
// the last arrival's name ('' before any).
export function useArrivals(fn = () => {}) {
  const [arrived, setArrived] = useState('');
  useEffect(() => onLive('WAITING', (m) => {
    if (m.change === 'arrived') {
      playKnock();
      setArrived(m.patient?.name || '?');
    }
    fn(m);
  }), []);
  return arrived;
}

// The visible (and spoken) line of the last arrival.
export function ArrivalLine({ name }) {
  return html`<p class="knock" role="status">${name ? t('wr_arrived', { name }) : ''}</p>`;
}

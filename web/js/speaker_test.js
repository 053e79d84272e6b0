// speaker_test.js — a button that plays a short tone (made with Web Audio,
// no sound file) through the chosen speaker, so a person hears whether it
// works before the call. An <audio> element carries the tone so that
// setSinkId can send it to that output.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';
import { canChooseSpeaker } from './devices.js';

const TONE_SECONDS = 1;

// Plays the tone on the output sinkId ('' for the default); resolves when done.
export async function playTone(sinkId) {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  const ctx = new Ctx();
  try {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const out = ctx.createMediaStreamDestination();
    osc.frequency.value = 440;
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + TONE_SECONDS);
    osc.connect(gain).connect(out);
    const audio = new Audio();
    audio.srcObject = out.stream;
    if (sinkId && canChooseSpeaker) await audio.setSinkId(sinkId);
    await ctx.resume();
    osc.start();
    osc.stop(ctx.currentTime + TONE_SECONDS);
    await audio.play();
    await new Promise((done) => { osc.onended = done; });
    audio.pause();
  } finally {
    ctx.close();
  }
}

export function SpeakerTest({ sinkId }) {
  const [state, setState] = useState('idle'); // idle | playing | failed
  const test = () => {
    setState('playing');
    playTone(sinkId).then(() => setState('idle'), () => setState('failed'));
  };
  return html`<p class="speaker-test">
    <button type="button" class="secondary" disabled=${state === 'playing'} onClick=${test}>${t('device_speaker_test')}</button>
    <span role="status">${state === 'idle' ? '' : t('device_speaker_' + state)}</span>
  </p>`;
}

// mic_meter.js — how loud the microphone hears the room, as a <meter> that
// moves with the voice: a Web Audio AnalyserNode reads the stream's sound
// (never recorded, never sent) about twenty times a second.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';

let context = null; // one AudioContext for the page (browsers limit them)

// The level (0–1, the peak of the last frames) of the stream's microphone;
// version: changes when the stream's tracks do.
function useLevel(stream, version) {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!track || !Ctx) { setLevel(0); return undefined; }
    context = context || new Ctx();
    context.resume?.().catch(() => {});
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      if (context.state === 'suspended') context.resume().catch(() => {});
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
      setLevel(Math.min(1, peak));
    }, 50);
    return () => { clearInterval(timer); source.disconnect(); };
  }, [stream, version]);
  return level;
}

export function MicMeter({ stream, version }) {
  const level = useLevel(stream, version);
  return html`<label class="mic-meter">${t('device_mic_level')}
    <meter min="0" max="1" low="0.05" high="0.9" optimum="0.3" value=${level.toFixed(3)}></meter>
  </label>`;
}

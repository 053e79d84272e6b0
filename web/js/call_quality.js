// call_quality.js — the call's quality on the page: a hook that reads the
// connection every 2 seconds while the call is up and, when it ends, leaves
// the summary on the consultation (figures only); an indicator that says
// whose connection is weak; a panel with the figures and the last minute of
// round-trip time, loss and bitrate.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { summary, watchQuality } from './call_stats.js';

const HISTORY = 30; // readings kept for the charts: one minute

// call: the createCall() object; phase: the room's phase.
export function useCallQuality(id, call, phase) {
  const [latest, setLatest] = useState(null);
  const [history, setHistory] = useState([]);
  const readings = useRef([]);
  const since = useRef(0);
  useEffect(() => {
    if (phase !== 'connected' || !call.current) return undefined;
    const pc = call.current.peerConnection();
    if (!pc) return undefined;
    if (!since.current) since.current = Date.now();
    const stop = watchQuality(pc, (f) => {
      readings.current.push(f);
      setLatest(f);
      setHistory((h) => [...h.slice(-(HISTORY - 1)), f]);
    });
    return stop;
  }, [phase]);
  useEffect(() => {
    if (phase !== 'ended' || !readings.current.length) return;
    const body = summary(readings.current, (Date.now() - since.current) / 1000);
    readings.current = [];
    since.current = 0;
    api('POST', `/consultations/${encodeURIComponent(id)}/quality`, body).catch(() => {});
  }, [phase]);
  return { latest, history };
}

export function QualityIndicator({ latest, name }) {
  if (!latest) return null;
  const v = latest.verdict;
  return html`<p class=${'quality quality-' + v} role="status">${t('quality_' + v, { name })}</p>`;
}

// A small line of the last minute of one figure, drawn as SVG.
function Spark({ values, label, unit }) {
  const w = 120;
  const h = 28;
  const max = Math.max(1, ...values);
  const points = values.map((v, i) => `${(i / Math.max(1, HISTORY - 1)) * w},${h - (v / max) * (h - 2) - 1}`).join(' ');
  const last = values.length ? values[values.length - 1] : 0;
  return html`<div class="spark"><span>${label}</span>
    <svg viewBox=${`0 0 ${w} ${h}`} width=${w} height=${h} aria-hidden="true"><polyline points=${points} fill="none" stroke="currentColor" stroke-width="1.5" /></svg>
    <strong>${Math.round(last * 10) / 10} ${unit}</strong></div>`;
}

export function QualityPanel({ latest, history }) {
  if (!latest) return null;
  const f = latest;
  return html`<details class="quality-panel"><summary>${t('quality_details')}</summary>
    <${Spark} values=${history.map((x) => x.rtt_ms)} label=${t('quality_rtt')} unit="ms" />
    <${Spark} values=${history.map((x) => x.loss_in_pct)} label=${t('quality_loss')} unit="%" />
    <${Spark} values=${history.map((x) => x.bitrate_in_kbps)} label=${t('quality_bitrate_in')} unit="kbit/s" />
    <${Spark} values=${history.map((x) => x.bitrate_out_kbps)} label=${t('quality_bitrate_out')} unit="kbit/s" />
    <dl>
      <dt>${t('quality_jitter')}</dt><dd>${Math.round(f.jitter_ms)} ms</dd>
      <dt>${t('quality_video')}</dt><dd>${f.width}×${f.height}, ${Math.round(f.fps)} fps</dd>
      <dt>${t('quality_route')}</dt><dd data-candidate>${t('quality_route_' + f.candidate_type)}</dd>
    </dl>
  </details>`;
}

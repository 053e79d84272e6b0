// call_quality.js — the call's quality on the page: a hook that reads the
// connection every 2 seconds while the call is up and, when it ends, leaves
// the summary on the consultation (figures only); an indicator that says
// whose connection is weak; a panel with the figures and small live uPlot
// charts of the last minute of round-trip time, jitter, loss, bitrate and
// frame rate (call_charts.js).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { EVERY_MS, summary, watchQuality } from './call_stats.js';
import { LiveChart, WINDOW_SECONDS } from './call_charts.js';

const HISTORY = (WINDOW_SECONDS * 1000) / EVERY_MS; // readings kept for the charts

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
      setHistory((h) => [...h.slice(-(HISTORY - 1)), { ...f, at: Date.now() / 1000 }]);
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

const shown = (value, unit) => `${Math.round(value * 10) / 10} ${unit}`;

// The charts: [name, [[figure, label]…], unit]; a chart of two lines names both.
const CHARTS = [
  ['rtt', [['rtt_ms', 'quality_rtt']], 'ms'],
  ['jitter', [['jitter_ms', 'quality_jitter']], 'ms'],
  ['loss', [['loss_in_pct', 'quality_loss']], '%'],
  ['bitrate', [['bitrate_in_kbps', 'quality_bitrate_in'], ['bitrate_out_kbps', 'quality_bitrate_out']], 'kbit/s'],
  ['fps', [['fps', 'quality_fps']], 'fps'],
];

export function QualityPanel({ latest, history }) {
  if (!latest) return null;
  const f = latest;
  const times = history.map((x) => x.at);
  return html`<details class="quality-panel"><summary>${t('quality_details')}</summary>
    <div class="quality-charts">
      ${CHARTS.map(([name, figures, unit]) => html`<${LiveChart} key=${name} name=${name} times=${times}
        lines=${figures.map(([key, label]) => ({ label: t(label), values: history.map((x) => x[key]) }))}
        caption=${figures.map(([key, label]) => html`<span class="quality-figure">${t(label)} <strong>${shown(f[key], unit)}</strong></span>`)} />`)}
    </div>
    <dl>
      <dt>${t('quality_video')}</dt><dd>${f.width}×${f.height}, ${Math.round(f.fps)} fps</dd>
      <dt>${t('quality_route')}</dt><dd data-candidate>${t('quality_route_' + f.candidate_type)}</dd>
    </dl>
  </details>`;
}

// vitals.js — "My vital signs", the patient's page: a chart per measure over
// the last day, week or month (GET /api/v1/me/observations), readings typed
// in, the sensor sources (simulated and Bluetooth) — offered only while the
// "sensors" consent is in force, else what it means and where to give it —
// device tokens, and the thresholds the patient's doctors set.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { useConsents } from '../consents.js';
import { ManualEntry, postObservations, recordUploader, SensorControls, useVitalSource } from '../vitals_source.js';
import { MEASURES, unitText, valueText } from '../vitals_codes.js';
import { LiveChart } from '../call_charts.js';
import { DeviceTokens } from '../vitals_devices.js';
import { MyThresholds } from '../vitals_thresholds.js';

const RANGES = { day: 86400, week: 7 * 86400, month: 30 * 86400 };

// code → { times: [s], values: [] }, oldest first as the server sends them
function grouped(items) {
  const out = {};
  for (const o of items) {
    const s = (out[o.code] ||= { times: [], values: [] });
    s.times.push(Date.parse(o.at) / 1000);
    s.values.push(o.value);
  }
  return out;
}

function Charts({ range, version }) {
  const [series, setSeries] = useState(null);
  const [until, setUntil] = useState(0);
  const [error, setError] = useState('');
  useEffect(() => {
    const now = Date.now();
    const from = new Date(now - RANGES[range] * 1000).toISOString();
    api('GET', `/me/observations?from=${encodeURIComponent(from)}`).then((out) => {
      setUntil(Math.ceil(now / 1000) + 60);
      setSeries(grouped(out.items));
    }).catch((err) => setError(err.message));
  }, [range, version]);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!series) return html`<p class="loading">…</p>`;
  const codes = MEASURES.filter((m) => series[m.code]);
  if (!codes.length) return html`<p>${t('vitals_empty')}</p>`;
  return html`<div class="quality-charts vitals-charts">${codes.map((m) => {
    const s = series[m.code];
    return html`<${LiveChart} key=${m.code} name=${m.code} times=${s.times} lines=${[{ label: t('vital_' + m.key), values: s.values }]}
      span=${RANGES[range]} until=${until} fromZero=${false} height=${140}
      caption=${html`<span>${t('vital_' + m.key)}: <strong>${valueText(s.values.at(-1))}</strong> ${unitText(m.unit)}</span>
        <span class="muted">${t(s.values.length === 1 ? 'vitals_count_one' : 'vitals_count', { n: s.values.length })} · ${t('vitals_last_at', { when: when(new Date(s.times.at(-1) * 1000).toISOString()) })}</span>`} />`;
  })}</div>`;
}

function Sensors({ stored, go }) {
  const [error, setError] = useState('');
  const upload = useRef(null);
  const source = useVitalSource((readings) => readings.forEach((r) => upload.current.add(r)));
  const stopRef = useRef(source.stop);
  stopRef.current = source.stop;
  const consents = useConsents((m) => { if (m.purpose === 'sensors' && m.given === false) stopRef.current(); });
  useEffect(() => {
    upload.current = recordUploader({
      stored,
      refused: (err) => { stopRef.current(); setError(err.message); },
    });
    return () => { upload.current.close(); };
  }, []);
  const stop = () => { source.stop(); upload.current.flush(); };
  if (!consents.ready) return html`<p class="loading">…</p>`;
  return html`<section aria-labelledby="sensors-h">
    <h2 id="sensors-h">${t('vitals_sensors')}</h2>
    ${consents.active('sensors') ? html`<${SensorControls} source=${{ ...source, stop }} />`
      : html`<div class="notice" data-no-sensors>
        <p>${t('vitals_no_sensors_consent')}</p>
        <p><a href="/consent/sensors" onClick=${(e) => { e.preventDefault(); go('/consent/sensors'); }}>${t('vitals_give_sensors')}</a></p>
      </div>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

export function VitalsPage({ announce, go }) {
  const [range, setRange] = useState('day');
  const [version, setVersion] = useState(0); // read the charts again
  const [error, setError] = useState('');
  const refresh = () => setVersion((v) => v + 1);
  const manual = async (readings) => {
    setError('');
    const at = new Date().toISOString();
    try {
      await postObservations(readings.map((r) => ({ ...r, at, source: 'manual' })));
      announce(t('vitals_saved'));
      refresh();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<section class="vitals-page">
    <h1>${t('vitals_title')}</h1>
    <div class="actions" role="group" aria-label=${t('vitals_range')}>
      ${Object.keys(RANGES).map((r) => html`<button type="button" class=${r === range ? '' : 'secondary'} aria-pressed=${r === range}
        onClick=${() => setRange(r)}>${t('vitals_range_' + r)}</button>`)}
    </div>
    <${Charts} range=${range} version=${version} />
    <section aria-labelledby="manual-h">
      <h2 id="manual-h">${t('vitals_manual')}</h2>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <${ManualEntry} onReadings=${manual} />
    </section>
    <${Sensors} stored=${refresh} go=${go} />
    <${DeviceTokens} announce=${announce} />
    <${MyThresholds} />
  </section>`;
}

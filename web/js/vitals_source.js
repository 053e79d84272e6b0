// vitals_source.js — where the patient's readings come from, for the
// "My vital signs" page and the call's vitals panel alike: the simulated
// device (vitals_simulated.js, always labelled "Simulated"), a Bluetooth
// sensor (vitals_bluetooth.js) — both offered only with the "sensors"
// consent, which the caller checks — and manual entry. Each reading is
// stamped with the time it came and its source before it is handed on;
// recordUploader() takes them into the patient's record in batches.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { createUploader } from './vitals_upload.js';
import { createSimulator } from './vitals_simulated.js';
import { bluetoothAvailable, connectBluetooth } from './vitals_bluetooth.js';
import { MEASURES, measureOf, unitText, valueText } from './vitals_codes.js';

export const postObservations = (observations) => api('POST', '/me/observations', { observations });

// Readings into the record (POST /me/observations), batched; on as createUploader's.
export const recordUploader = (on) => createUploader(postObservations, on);

// onReadings([{code, value, unit, at, source}]). Returns the running
// source's state and its controls; stop() is safe to call at any moment.
export function useVitalSource(onReadings) {
  const [kind, setKind] = useState(null); // null, 'simulated' or 'bluetooth'
  const [pushed, setPushed] = useState(false);
  const [device, setDevice] = useState('');
  const [error, setError] = useState('');
  const [malformed, setMalformed] = useState(0);
  const [latest, setLatest] = useState({}); // code → the newest reading
  const running = useRef(null);
  const emit = useRef(onReadings);
  emit.current = onReadings;
  const hand = (source) => (readings) => {
    const at = new Date().toISOString();
    const stamped = readings.map((r) => ({ ...r, at, source }));
    setLatest((before) => ({ ...before, ...Object.fromEntries(stamped.map((r) => [r.code, r])) }));
    emit.current(stamped);
  };
  const stop = () => {
    running.current?.stop();
    running.current = null;
    setKind(null);
    setPushed(false);
  };
  const start = async (which) => {
    stop();
    setError('');
    if (which === 'simulated') {
      const sim = createSimulator();
      running.current = sim;
      setKind('simulated');
      sim.start(hand('simulated'));
      return;
    }
    try {
      const ble = await connectBluetooth({
        readings: hand('bluetooth'),
        malformed: () => setMalformed((n) => n + 1),
        ended: () => { if (running.current === ble) { stop(); setError(t('vitals_ble_gone')); } },
      });
      running.current = ble;
      setDevice(ble.name);
      setKind('bluetooth');
    } catch (err) {
      // the person closed the chooser: no error to show
      if (err?.name !== 'NotFoundError') setError(err?.message === 'no_measurement' ? t('vitals_ble_none') : t('vitals_ble_failed'));
    }
  };
  useEffect(() => () => running.current?.stop(), []);
  return {
    kind, device, error, malformed, latest, start, stop, pushed,
    push(high) { running.current?.push?.(high); setPushed(high); },
    manual: hand('manual'),
  };
}

// The newest reading of each measure, as text.
export function Latest({ latest }) {
  const items = MEASURES.filter((m) => latest[m.code]);
  if (!items.length) return null;
  return html`<p class="vitals-latest">${items.map((m) => html`<span key=${m.code} data-latest=${m.code}>
    ${t('vital_' + m.key)}: <strong>${valueText(latest[m.code].value)}</strong> ${unitText(m.unit)}</span>`)}</p>`;
}

// Start and stop buttons of the sensor sources (the caller shows them only
// with the "sensors" consent) and what the running one reads.
export function SensorControls({ source }) {
  const running = source.kind;
  return html`<div class="vitals-sources">
    ${!running && html`<div class="actions">
      <button type="button" onClick=${() => source.start('simulated')}>${t('vitals_start_simulated')}</button>
      <button type="button" class="secondary" disabled=${!bluetoothAvailable()} onClick=${() => source.start('bluetooth')}>${t('vitals_start_bluetooth')}</button>
    </div>
    ${!bluetoothAvailable() && html`<p class="muted">${t('vitals_ble_unavailable')}</p>`}`}
    ${running && html`<div class="vitals-running" data-source=${running}>
      <p>${running === 'simulated' ? html`<span class="badge badge-simulated">${t('vitals_simulated')}</span> ${t('vitals_simulated_running')}`
        : t('vitals_bluetooth_running', { name: source.device || t('vitals_ble_device') })}</p>
      <${Latest} latest=${source.latest} />
      <div class="actions">
        ${running === 'simulated' && html`<button type="button" class="secondary" aria-pressed=${source.pushed}
          onClick=${() => source.push(!source.pushed)}>${t('vitals_push_high')}</button>`}
        <button type="button" class="danger" onClick=${source.stop}>${t('vitals_stop')}</button>
      </div>
    </div>`}
    ${source.malformed > 0 && html`<p class="muted">${t('vitals_malformed', { n: source.malformed })}</p>`}
    ${source.error && html`<p class="error" role="alert">${source.error}</p>`}
  </div>`;
}

// A reading typed in: a measure and its value in the measure's unit.
export function ManualEntry({ onReadings, busy }) {
  const [code, setCode] = useState(MEASURES[0].code);
  const [value, setValue] = useState('');
  const m = measureOf(code);
  const submit = (e) => {
    e.preventDefault();
    const v = Number(value);
    if (value === '' || !Number.isFinite(v)) return;
    onReadings([{ code, value: v, unit: m.unit }]);
    setValue('');
  };
  return html`<form class="vitals-manual" onSubmit=${submit} aria-label=${t('vitals_manual')}>
    <label>${t('vitals_measure')}
      <select value=${code} onChange=${(e) => setCode(e.target.value)}>
        ${MEASURES.map((x) => html`<option value=${x.code}>${t('vital_' + x.key)} (${unitText(x.unit)})</option>`)}
      </select></label>
    <label>${t('vitals_value', { unit: unitText(m.unit) })}
      <input type="number" required min=${m.min} max=${m.max} step=${m.step} value=${value} onInput=${(e) => setValue(e.target.value)} /></label>
    <button type="submit" disabled=${busy}>${t('vitals_add')}</button>
  </form>`;
}

// vitals_call.js — live vital signs in the call, over the "vitals" data
// channel (docs/protocol.md), peer to peer. The patient's side: with the
// "sensors" consent and the "share" consent for this doctor (each given
// here after its text is shown), a source (simulated, Bluetooth or manual)
// streams readings to the doctor's page and into the record (batched
// POST /me/observations). Withdrawing the share consent here, or either
// consent in another tab (the CONSENT live event), stops the stream at once
// and tells the doctor's page why. The doctor's side: a live chart per
// measure, a banner (role="alert") when a reading crosses the doctor's
// threshold for this patient, and a notice when the stream stops. Messages
// that are not well-formed readings or stops are ignored and counted.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { clock, t } from './i18n.js';
import { ConsentOffer, useConsents, withdrawAll } from './consents.js';
import { ManualEntry, recordUploader, SensorControls, useVitalSource } from './vitals_source.js';
import { crosses, isVitalsMessage, MEASURES, measureOf, unitText, valueText } from './vitals_codes.js';
import { useThresholds } from './vitals_thresholds.js';
import { LiveChart } from './call_charts.js';

const LIVE_SPAN_SECONDS = 120;
const LIMIT_COLOUR = '#b3261e'; // the danger red of the buttons

// The chart's lines: the readings, and each threshold as a dashed line.
function chartLines(m, s, th) {
  const limits = ['above', 'below'].filter((side) => typeof th?.[side] === 'number');
  return [{ label: t('vital_' + m.key), values: s.values },
    ...limits.map((side) => ({ label: t('thr_' + side), values: s.times.map(() => th[side]), colour: LIMIT_COLOUR, dash: [6, 4] }))];
}
const KEEP_SECONDS = 600; // the doctor's page keeps ten minutes of each measure

// Whether a CONSENT event takes away what this stream needs.
const takesAway = (m, doctorId) => m.given === false
  && (m.purpose === 'sensors' || (m.purpose === 'share' && (m.doctor_id === doctorId || m.all_doctors)));

function PatientVitals({ channels, doctor }) {
  const chan = useRef(channels);
  chan.current = channels;
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const upload = useRef(null);
  const sending = useRef(false); // a sensor source is running and sharing
  const source = useVitalSource((readings) => {
    for (const r of readings) {
      chan.current?.send('vitals', { t: 'reading', code: r.code, value: r.value, unit: r.unit, at: r.at });
      upload.current.add(r);
    }
  });
  // stops the source and tells the doctor's page why
  const halt = (reason) => {
    const was = sending.current;
    source.stop();
    sending.current = false;
    if (was || reason === 'consent_withdrawn') chan.current?.send('vitals', { t: 'stop', reason });
    upload.current.flush();
    if (reason === 'consent_withdrawn') setNotice(t('vitals_stopped_consent'));
  };
  const haltRef = useRef(halt);
  haltRef.current = halt;
  const consents = useConsents((m) => { if (takesAway(m, doctor.id)) haltRef.current('consent_withdrawn'); });
  useEffect(() => {
    upload.current = recordUploader({
      refused: (err) => { haltRef.current(err.code === 'consent_required' ? 'consent_withdrawn' : 'stopped'); setError(err.message); },
    });
    return () => { if (sending.current) chan.current?.send('vitals', { t: 'stop', reason: 'stopped' }); upload.current.close(); };
  }, []);
  sending.current = Boolean(source.kind);

  const sensors = consents.active('sensors');
  const share = consents.active('share', doctor.id);
  const withdraw = async () => {
    halt('consent_withdrawn'); // at once, before the server has answered
    try { await withdrawAll(consents, 'share', doctor.id); } catch (err) { setError(err.message); }
  };
  const controls = { ...source, stop: () => halt('stopped') };
  return html`<section class="vitals-call" aria-labelledby="vitals-call-h" data-vitals="patient">
    <h2 id="vitals-call-h">${t('vitals_call_title')}</h2>
    ${consents.error && html`<p class="error" role="alert">${consents.error}</p>`}
    ${!consents.ready ? html`<p class="loading">…</p>` : !share ? html`<${ConsentOffer} consents=${consents} purpose="share"
        doctorId=${doctor.id} label=${t('vitals_share_with', { name: doctor.name })} onGiven=${() => setNotice('')}>
        <p>${t('vitals_share_explain', { name: doctor.name })}</p>
      <//>`
      : html`<p class="muted">${t('vitals_sharing_with', { name: doctor.name })}</p>
        ${sensors ? html`<${SensorControls} source=${controls} />`
          : html`<${ConsentOffer} consents=${consents} purpose="sensors" label=${t('vitals_allow_sensors')}>
            <p>${t('vitals_no_sensors_consent')}</p><//>`}
        <details><summary>${t('vitals_manual')}</summary><${ManualEntry} onReadings=${source.manual} /></details>
        <button type="button" class="secondary" onClick=${withdraw}>${t('vitals_withdraw_share', { name: doctor.name })}</button>`}
    ${notice && html`<p class="notice" role="status">${notice}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

// code → { times: [s], values: [] } with a reading added (times never go back).
function added(series, m) {
  const s = series[m.code] || { times: [], values: [] };
  const last = s.times.at(-1) ?? 0;
  const time = Math.max(Date.parse(m.at) / 1000, last);
  const kept = s.times.findIndex((x) => x >= time - KEEP_SECONDS);
  const from = kept < 0 ? s.times.length : kept; // after a long pause none is kept
  return { ...series, [m.code]: { times: [...s.times.slice(from), time], values: [...s.values.slice(from), m.value] } };
}

function DoctorVitals({ channels, patient }) {
  const [series, setSeries] = useState({});
  const [stopped, setStopped] = useState(''); // the reason of the last stop, until readings come again
  const [alert, setAlert] = useState(null);
  const thresholds = useThresholds(patient.id);
  const limits = useRef(thresholds);
  limits.current = thresholds;
  const crossing = useRef({}); // code → whether the newest reading crossed
  useEffect(() => {
    if (!channels) return undefined;
    const offs = [
      channels.on('vitals', 'reading', (m) => {
        if (!isVitalsMessage(m)) return false;
        setStopped('');
        setSeries((s) => added(s, m));
        const side = crosses(m.value, limits.current[m.code]);
        // a new crossing raises the banner; one that goes on does not repeat it
        if (side && !crossing.current[m.code]) setAlert({ ...m, side, limit: limits.current[m.code][side] });
        crossing.current[m.code] = Boolean(side);
        return true;
      }),
      channels.on('vitals', 'stop', (m) => {
        if (!isVitalsMessage(m)) return false;
        setStopped(m.reason);
        crossing.current = {};
        return true;
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [channels]);
  const codes = MEASURES.filter((x) => series[x.code]);
  return html`<section class="vitals-call" aria-labelledby="vitals-call-h" data-vitals="doctor">
    <h2 id="vitals-call-h">${t('vitals_live_of', { name: patient.name })}</h2>
    ${alert && html`<div class="vitals-alert" role="alert" data-alert=${alert.code}>
      <p>${t('vitals_alert_' + alert.side, { measure: t('vital_' + measureOf(alert.code).key), value: valueText(alert.value),
        unit: unitText(alert.unit), limit: alert.limit, time: clock(alert.at) })}</p>
      <button type="button" class="secondary" onClick=${() => setAlert(null)}>${t('vitals_alert_dismiss')}</button>
    </div>`}
    ${stopped && html`<p class="notice" role="status" data-stopped=${stopped}>${t('vitals_peer_stopped_' + stopped, { name: patient.name })}</p>`}
    ${codes.length === 0 && !stopped && html`<p class="muted">${t('vitals_none_yet', { name: patient.name })}</p>`}
    <div class="quality-charts">${codes.map((m) => {
      const s = series[m.code];
      const th = thresholds[m.code];
      return html`<${LiveChart} key=${m.code} name=${m.code} times=${s.times} lines=${chartLines(m, s, th)}
        span=${LIVE_SPAN_SECONDS} fromZero=${false}
        caption=${html`<span>${t('vital_' + m.key)}: <strong>${valueText(s.values.at(-1))}</strong> ${unitText(m.unit)}</span>
          ${th && html`<span class="muted">${[typeof th.above === 'number' && t('thr_when_above', { n: th.above }),
            typeof th.below === 'number' && t('thr_when_below', { n: th.below })].filter(Boolean).join(', ')}</span>`}`} />`;
    })}</div>
  </section>`;
}

// peer: the other participant of the call ({id, name}) as the join answer names them.
export function VitalsCallPanel({ channels, role, peer }) {
  if (!peer) return null;
  return role === 'patient' ? html`<${PatientVitals} channels=${channels} doctor=${peer} />`
    : html`<${DoctorVitals} channels=${channels} patient=${peer} />`;
}

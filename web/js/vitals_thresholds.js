// vitals_thresholds.js — a doctor's alert thresholds for one patient (GET
// and PUT /api/v1/patients/{id}/thresholds): the editor on the
// consultation page, and useThresholds() for the live vitals of the call,
// which hears of a save on this page at once. Also the patient's list of
// the thresholds their doctors set (GET /api/v1/me/thresholds).
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { MEASURES, measureOf, unitText } from './vitals_codes.js';

const saved = new Set(); // fn(patientId, items) after each save here

const load = (patientId) => api('GET', `/patients/${encodeURIComponent(patientId)}/thresholds`).then((out) => out.items);

// code → {above, below} of the doctor's thresholds for patientId.
export function useThresholds(patientId) {
  const [byCode, setByCode] = useState({});
  useEffect(() => {
    if (!patientId) return undefined;
    const take = (items) => setByCode(Object.fromEntries(items.map((x) => [x.code, x])));
    load(patientId).then(take).catch(() => {}); // no thresholds to check against: no banner
    const listener = (id, items) => { if (id === patientId) take(items); };
    saved.add(listener);
    return () => saved.delete(listener);
  }, [patientId]);
  return byCode;
}

const limitText = (x) => (typeof x === 'number' ? String(x) : '');
const limitOf = (text) => (text.trim() === '' ? null : Number(text));

// The doctor's editor: for each measure, alert above and below (empty: none).
export function ThresholdEditor({ patientId, patientName, announce }) {
  const [rows, setRows] = useState(null); // code → { above, below } as typed
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const take = (items) => setRows(Object.fromEntries(MEASURES.map((m) => {
    const x = items.find((i) => i.code === m.code);
    return [m.code, { above: limitText(x?.above), below: limitText(x?.below) }];
  })));
  useEffect(() => { load(patientId).then(take).catch((err) => setError(err.message)); }, [patientId]);
  const set = (code, side, value) => setRows((r) => ({ ...r, [code]: { ...r[code], [side]: value } }));
  const save = async (e) => {
    e.preventDefault();
    // a side left empty is left out: no limit that way
    const items = MEASURES.map((m) => {
      const above = limitOf(rows[m.code].above);
      const below = limitOf(rows[m.code].below);
      return { code: m.code, ...(above !== null && { above }), ...(below !== null && { below }) };
    }).filter((x) => 'above' in x || 'below' in x);
    setBusy(true);
    setError('');
    try {
      const out = await api('PUT', `/patients/${encodeURIComponent(patientId)}/thresholds`, { items });
      const now = out?.items || items;
      take(now);
      saved.forEach((fn) => fn(patientId, now));
      announce?.(t('thr_saved'));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="thresholds" aria-labelledby="thr-h">
    <h2 id="thr-h">${t('thr_title', { name: patientName })}</h2>
    <p class="muted">${t('thr_hint')}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${rows && html`<form onSubmit=${save}>
      <table class="thresholds-table">
        <thead><tr><th scope="col">${t('vitals_measure')}</th><th scope="col">${t('thr_above')}</th><th scope="col">${t('thr_below')}</th></tr></thead>
        <tbody>${MEASURES.map((m) => html`<tr key=${m.code}>
          <th scope="row">${t('vital_' + m.key)} (${unitText(m.unit)})</th>
          ${['above', 'below'].map((side) => html`<td><input type="number" step=${m.step} min=${m.min} max=${m.max}
            aria-label=${t('thr_' + side + '_label', { measure: t('vital_' + m.key) })}
            value=${rows[m.code][side]} onInput=${(e) => set(m.code, side, e.target.value)} /></td>`)}
        </tr>`)}</tbody>
      </table>
      <button type="submit" disabled=${busy}>${t('thr_save')}</button>
    </form>`}
  </section>`;
}

// The patient's view: which doctor alerts on what.
export function MyThresholds() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => { api('GET', '/me/thresholds').then((out) => setItems(out.items)).catch((err) => setError(err.message)); }, []);
  const limits = (x) => [typeof x.above === 'number' && t('thr_when_above', { n: x.above }),
    typeof x.below === 'number' && t('thr_when_below', { n: x.below })].filter(Boolean).join(', ');
  return html`<section aria-labelledby="my-thr-h">
    <h2 id="my-thr-h">${t('thr_mine')}</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${items && (items.length === 0 ? html`<p class="muted">${t('thr_none')}</p>`
      : html`<ul class="my-thresholds">${items.map((x) => {
        const m = measureOf(x.code);
        return html`<li data-threshold=${x.code}>${t('thr_by', { name: x.doctor.name })}: ${m ? t('vital_' + m.key) : x.code}
          ${limits(x)} ${m ? unitText(m.unit) : ''}</li>`;
      })}</ul>`)}
  </section>`;
}

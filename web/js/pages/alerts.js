// alerts.js — the doctor's vital-sign alerts (GET /api/v1/alerts): a
// patient's stored reading crossed one of the doctor's thresholds. Open
// ones first (or all), each acknowledged with one click (POST
// /alerts/{id}/acknowledge); a new one arrives live (the VITAL_ALERT event,
// sent while the patient shares with this doctor) and is announced.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { onLive } from '../live.js';
import { measureOf, unitText, valueText } from '../vitals_codes.js';

export function describeAlert(a) {
  const m = measureOf(a.code);
  const side = typeof a.threshold.above === 'number' && a.value > a.threshold.above ? 'above' : 'below';
  return t('alert_line_' + side, { name: a.patient.name, measure: m ? t('vital_' + m.key) : a.code, value: valueText(a.value),
    unit: unitText(a.unit), limit: a.threshold[side] });
}

export function AlertsPage({ announce }) {
  const [all, setAll] = useState(false);
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', `/alerts?state=${all ? 'all' : 'open'}`).then((out) => setItems(out.items)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, [all]);
  useEffect(() => onLive('VITAL_ALERT', (m) => {
    if (!m.alert?.id) return;
    setItems((list) => (list && !list.some((a) => a.id === m.alert.id) ? [m.alert, ...list] : list));
    announce(t('alert_new', { text: describeAlert(m.alert) }));
  }), []);
  const acknowledge = async (a) => {
    setError('');
    try {
      await api('POST', `/alerts/${encodeURIComponent(a.id)}/acknowledge`);
      announce(t('alert_acknowledged'));
      load();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<section>
    <h1>${t('alerts_title')}</h1>
    <label class="check"><input type="checkbox" checked=${all} onChange=${(e) => setAll(e.target.checked)} /> ${t('alerts_show_all')}</label>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${items && (items.length === 0 ? html`<p>${t(all ? 'alerts_none' : 'alerts_none_open')}</p>`
      : html`<ul class="alerts">${items.map((a) => html`<li key=${a.id} data-alert-id=${a.id} class=${a.acknowledged_at ? 'done' : 'open'}>
        <p><strong>${describeAlert(a)}</strong></p>
        <p class="muted">${when(a.at)}${a.acknowledged_at ? ' · ' + t('alert_acknowledged_at', { when: when(a.acknowledged_at) }) : ''}</p>
        ${!a.acknowledged_at && html`<button type="button" class="secondary" onClick=${() => acknowledge(a)}
          aria-label=${t('alert_acknowledge_label', { text: describeAlert(a) })}>${t('alert_acknowledge')}</button>`}
      </li>`)}</ul>`)}
    ${!items && !error && html`<p class="loading">…</p>`}
  </section>`;
}

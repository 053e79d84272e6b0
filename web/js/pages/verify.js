// verify.js — the public page /verify/{code} a pharmacist opens from the
// QR code or by typing the code: whether the prescription is genuine,
// valid, cancelled or dispensed, what it prescribes, and a form to mark it
// dispensed (their name and registration number are recorded), once and
// once more per repeat. No login.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { useSubmit } from '../form_submit.js';

function Dispense({ code, onDone }) {
  const [submit, error] = useSubmit(async (f) => onDone(await api('POST', `/verify/${encodeURIComponent(code)}/dispense`,
    { pharmacist: f.get('pharmacist'), registration: f.get('registration') })));
  return html`<form onSubmit=${submit} aria-labelledby="dispense-h">
    <h2 id="dispense-h">${t('verify_dispense_title')}</h2>
    <div class="field"><label for="v-pharmacist">${t('verify_pharmacist')}</label>
      <input id="v-pharmacist" name="pharmacist" maxlength="200" required autocomplete="name" /></div>
    <div class="field"><label for="v-registration">${t('verify_registration')}</label>
      <input id="v-registration" name="registration" maxlength="64" required /></div>
    <p class="muted">${t('verify_recorded')}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('verify_dispense')}</button>
  </form>`;
}

function Result({ v, code, onDone }) {
  return html`<div>
    <p class=${'verdict ' + v.status} role="status" data-testid="verdict">${v.status === 'valid' && v.fills_used > 0
      ? t('verify_valid_partly', { used: v.fills_used, total: v.fills_total }) : t('verify_' + v.status)}</p>
    <dl>
      <dt>${t('rx_code_label')}</dt><dd class="rx-code">${v.code}</dd>
      <dt>${t('rx_prescriber')}</dt><dd>${v.prescriber.name}</dd>
      <dt>${t('patient_label')}</dt><dd>${v.patient.name}</dd>
      <dt>${t('rx_issued_at')}</dt><dd>${when(v.issued_at)}</dd>
      <dt>${t('rx_medication')}</dt><dd><strong>${v.medication.name}</strong> ${v.medication.strength} · ${v.medication.form}</dd>
      <dt>${t('rx_dosage')}</dt><dd>${v.dosage}</dd>
      <dt>${t('rx_quantity')}</dt><dd>${v.quantity}</dd>
      <dt>${t('rx_repeats')}</dt><dd>${v.repeats}</dd>
      <dt>${t('verify_fills')}</dt><dd data-testid="fills">${t('rx_fills', { used: v.fills_used, total: v.fills_total })}</dd>
      <dt>${t('rx_valid_until')}</dt><dd>${when(v.valid_until)}</dd>
      ${v.dispensed_at && html`<dt>${t('verify_dispensed_at')}</dt><dd>${when(v.dispensed_at)}</dd>`}
      ${v.cancelled_at && html`<dt>${t('verify_cancelled_at')}</dt><dd>${when(v.cancelled_at)}</dd>`}
    </dl>
    ${v.status === 'valid' && html`<${Dispense} code=${code} onDone=${onDone} />`}
  </div>`;
}

export function VerifyPage({ code }) {
  const [v, setV] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', `/verify/${encodeURIComponent(code)}`).then(setV)
      .catch((err) => setError(err.code === 'not_found' ? t('verify_not_found') : err.message));
  }, [code]);
  return html`<main id="main" class="verify-page">
    <h1>${t('verify_title')}</h1>
    ${error && html`<p class="error verdict" role="alert" data-testid="verdict">${error}</p>`}
    ${v && html`<${Result} v=${v} code=${code} onDone=${setV} />`}
    ${!v && !error && html`<p class="loading">…</p>`}
  </main>`;
}

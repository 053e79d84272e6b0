// prescription_print.js — one prescription laid out for paper: prescriber,
// patient, medication, dosage, quantity, repeats, validity, and the
// verification code with a QR code of its /verify page, which a pharmacist
// scans or types. The app's frame is hidden when printing (styles.css).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { QrCode } from '../qr.js';

export function PrescriptionPrintPage({ id }) {
  const [p, setP] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', `/prescriptions/${encodeURIComponent(id)}`).then(setP).catch((err) => setError(err.message));
  }, [id]);
  if (error) return html`<section><p class="error" role="alert">${error}</p></section>`;
  if (!p) return html`<p class="loading">…</p>`;
  const url = `${location.origin}/verify/${p.code}`;
  return html`<section class="print-page">
    <div class="no-print row-actions"><button type="button" onClick=${() => print()}>${t('rx_print')}</button></div>
    <article class="rx-paper" aria-labelledby="rx-paper-h">
      <h1 id="rx-paper-h">${t('rx_paper_title')}</h1>
      ${p.status !== 'active' && html`<p class="notice" role="note">${t('rx_status_' + p.status)}</p>`}
      <dl>
        <dt>${t('rx_prescriber')}</dt><dd>${p.doctor.name}</dd>
        <dt>${t('patient_label')}</dt><dd>${p.patient.name}</dd>
        <dt>${t('rx_issued_at')}</dt><dd>${when(p.created_at)}</dd>
        <dt>${t('rx_medication')}</dt><dd><strong>${p.medication.name}</strong> ${p.medication.strength} · ${p.medication.form}</dd>
        <dt>${t('rx_dosage')}</dt><dd>${p.dosage}</dd>
        <dt>${t('rx_quantity')}</dt><dd>${p.quantity}</dd>
        <dt>${t('rx_repeats')}</dt><dd>${p.repeats}</dd>
        <dt>${t('rx_valid_until')}</dt><dd>${when(p.valid_until)}</dd>
      </dl>
      <div class="rx-verify">
        <${QrCode} text=${url} label=${t('rx_qr_label')} />
        <div><p>${t('rx_code_label')}</p><p class="rx-code" data-testid="rx-code">${p.code}</p>
          <p class="muted">${t('rx_verify_at', { url: `${location.origin}/verify` })}</p></div>
      </div>
    </article>
  </section>`;
}

// patient_panel.js — the doctor's side panel in a consultation (seed 003):
// the patient's name, the appointment's reason, mode and times, and the
// intake answers beside their questions, all from the appointment the page
// already read (GET /appointments/{id}, whose first sight of reason and
// answers the server audits). It folds away so the video can take the
// width; the choice is remembered on this device. Every value is shown as
// text, never as markup. Doctors only: the consultation page never gives
// it to a patient.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { clock, t, when } from './i18n.js';
import { IntakeAnswers } from './intake.js';

const FOLDED_KEY = 'telemed.patientPanel.folded';

export function PatientPanel({ appointment: a }) {
  const [folded, setFolded] = useState(() => localStorage.getItem(FOLDED_KEY) === '1');
  const fold = (on) => {
    localStorage.setItem(FOLDED_KEY, on ? '1' : '0');
    setFolded(on);
  };
  return html`<aside class=${'patient-panel' + (folded ? ' folded' : '')} aria-labelledby="patient-panel-h">
    <div class="patient-panel-head">
      <h2 id="patient-panel-h" class=${folded ? 'sr-only' : ''}>${t('patient_panel')}</h2>
      <button type="button" class="secondary" aria-expanded=${!folded} aria-controls="patient-panel-body"
        onClick=${() => fold(!folded)}>${t(folded ? 'patient_panel_show' : 'patient_panel_hide')}</button>
    </div>
    <div id="patient-panel-body" hidden=${folded}>
      <p class="patient-name">${a.patient.full_name}</p>
      <dl class="patient-facts">
        <dt>${t('reason')}</dt><dd data-reason>${a.reason || t('patient_panel_no_reason')}</dd>
        <dt>${t('mode')}</dt><dd>${t('mode_' + a.mode)}</dd>
        <dt>${t('patient_panel_time')}</dt><dd>${when(a.start)}–${clock(a.end)}</dd>
      </dl>
      <h3>${t('intake_questions')}</h3>
      ${a.intake?.length ? html`<${IntakeAnswers} intake=${a.intake} />`
        : html`<p class="muted">${t('patient_panel_no_answers')}</p>`}
    </div>
  </aside>`;
}

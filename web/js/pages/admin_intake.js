// admin_intake.js — the clinic's default intake questionnaire, asked by
// doctors who have none of their own and by drop-in requests.
import { html } from '../html.js';
import { t } from '../i18n.js';
import { QuestionnaireEditor } from '../questionnaire_editor.js';

export function AdminIntakePage({ announce }) {
  return html`<section>
    <h1>${t('intake')}</h1>
    <p class="muted">${t('clinic_intake_text')}</p>
    <${QuestionnaireEditor} path="/clinic/questionnaire" own="clinic" announce=${announce} />
  </section>`;
}

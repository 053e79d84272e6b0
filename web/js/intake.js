// intake.js — a questionnaire's questions as form fields (the booking dialog
// and the drop-in request), the answers read back from the form, and answers
// shown beside their questions (agenda, bookings, drop-in queue). Required
// questions use the browser's own checks (required, min, max), so a patient
// hears what is missing before anything is sent.
import { html } from './html.js';
import { t } from './i18n.js';

function field(item, id) {
  const name = 'q-' + item.link_id;
  if (item.type === 'boolean') {
    return html`<fieldset class="field choice" id=${id}>
      <legend>${item.text}${item.required ? ' *' : ''}</legend>
      <label><input type="radio" name=${name} value="yes" required=${item.required} /> ${t('yes')}</label>
      <label><input type="radio" name=${name} value="no" required=${item.required} /> ${t('no')}</label>
    </fieldset>`;
  }
  const label = html`<label for=${id}>${item.text}${item.required ? ' *' : ''}</label>`;
  if (item.type === 'choice') {
    return html`<div class="field">${label}
      <select id=${id} name=${name} required=${item.required}>
        <option value="">—</option>
        ${item.options.map((o) => html`<option value=${o}>${o}</option>`)}
      </select></div>`;
  }
  if (item.type === 'decimal') {
    return html`<div class="field">${label}
      <input id=${id} name=${name} type="number" step="any" inputmode="decimal" required=${item.required}
        min=${item.min ?? undefined} max=${item.max ?? undefined} /></div>`;
  }
  return html`<div class="field">${label}
    <textarea id=${id} name=${name} rows="2" maxlength="500" required=${item.required}></textarea></div>`;
}

// The questions of a questionnaire ({items}) as fields of the enclosing form.
export function QuestionFields({ questionnaire, prefix }) {
  if (!questionnaire || questionnaire.items.length === 0) return null;
  return html`<section class="intake-fields" aria-labelledby=${prefix + '-h'}>
    <h3 id=${prefix + '-h'}>${t('intake_questions')}</h3>
    ${questionnaire.items.map((item) => field(item, `${prefix}-${item.link_id}`))}
  </section>`;
}

// The answers in a submitted form (FormData), keyed by link_id; questions
// left empty are left out.
export function readAnswers(questionnaire, form) {
  const answers = {};
  for (const item of questionnaire ? questionnaire.items : []) {
    const raw = form.get('q-' + item.link_id);
    if (raw === null || String(raw).trim() === '') continue;
    const value = String(raw).trim();
    if (item.type === 'boolean') answers[item.link_id] = value === 'yes';
    else if (item.type === 'decimal') answers[item.link_id] = Number(value);
    else answers[item.link_id] = value;
  }
  return answers;
}

function shown(entry) {
  if (entry.answer === true) return t('yes');
  if (entry.answer === false) return t('no');
  return String(entry.answer);
}

// Answers beside their questions: [{link_id, text, answer}].
export function IntakeAnswers({ intake }) {
  if (!intake || intake.length === 0) return null;
  return html`<dl class="intake">${intake.map((e) => html`<div><dt>${e.text}</dt><dd>${shown(e)}</dd></div>`)}</dl>`;
}

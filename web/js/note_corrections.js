// note_corrections.js — requests to correct a signed note, under the note:
// the patient asks (one open request at a time) and reads the answer; the
// note's doctor amends the note with the correction or declines with a
// reason. GET/POST /api/v1/appointments/{id}/note/corrections,
// POST /api/v1/note-corrections/{id}/resolve.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t, when } from './i18n.js';
import { useSubmit } from './form_submit.js';

function AskForm({ path, onDone, announce }) {
  const [submit, error] = useSubmit(async (f, form) => {
    await api('POST', path, { text: f.get('text') });
    form.reset();
    announce(t('corr_sent'));
    onDone();
  });
  return html`<form onSubmit=${submit} class="correction-ask">
    <div class="field"><label for=${'corr-' + path}>${t('corr_ask_label')}</label>
      <textarea id=${'corr-' + path} name="text" rows="2" maxlength="2000" required></textarea></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit" class="secondary">${t('corr_ask')}</button>
  </form>`;
}

function AnswerForm({ c, onDone, announce }) {
  const [action, setAction] = useState('amend');
  const [submit, error] = useSubmit(async (f) => {
    await api('POST', `/note-corrections/${encodeURIComponent(c.id)}/resolve`, { action, text: f.get('text') });
    announce(t(action === 'amend' ? 'corr_amended' : 'corr_declined'));
    onDone();
  });
  return html`<form onSubmit=${submit}>
    <div class="field"><label for=${'ans-' + c.id}>${t('corr_answer_label')}</label>
      <textarea id=${'ans-' + c.id} name="text" rows="2" maxlength="2000" required></textarea></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit" onClick=${() => setAction('amend')}>${t('corr_amend')}</button>
    ${' '}<button type="submit" class="secondary" onClick=${() => setAction('decline')}>${t('corr_decline')}</button>
  </form>`;
}

export function Corrections({ appointmentId, role, announce, onChange = () => {} }) {
  const path = `/appointments/${encodeURIComponent(appointmentId)}/note/corrections`;
  const [items, setItems] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', path).then((out) => setItems(out.items)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, [appointmentId]);
  const done = () => { load(); onChange(); };
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!items) return null;
  const open = items.some((c) => c.status === 'open');
  return html`<section class="corrections" aria-label=${t('corr_title')}>
    ${items.length > 0 && html`<h4>${t('corr_title')}</h4><ol>${items.map((c) => html`<li key=${c.id} data-testid="correction">
      <p>${c.request}</p>
      <p class="muted">${t('corr_asked', { when: when(c.created_at) })} · <span class="badge">${t('corr_status_' + c.status)}</span></p>
      ${c.answer && html`<p>${c.status === 'declined' ? t('corr_reason') + ': ' : ''}${c.answer}</p>`}
      ${c.status === 'open' && role === 'doctor' && html`<${AnswerForm} c=${c} onDone=${done} announce=${announce} />`}
    </li>`)}</ol>`}
    ${role === 'patient' && !open && html`<${AskForm} path=${path} onDone=${done} announce=${announce} />`}
  </section>`;
}

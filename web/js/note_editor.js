// note_editor.js — the doctor's consultation note of one appointment: a
// draft to write, save and sign; once signed, the note as the patient
// reads it and a form to add a visible amendment (never an edit).
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { NoteView } from './record_views.js';
import { Corrections } from './note_corrections.js';
import { useSubmit } from './form_submit.js';

function DraftForm({ note, path, onNote, announce }) {
  const [error, setError] = useState('');
  const save = async (form, sign) => {
    const f = new FormData(form);
    setError('');
    try {
      const body = { findings: f.get('findings'), assessment: f.get('assessment'), plan: f.get('plan'), icd10: f.get('icd10').trim() };
      let out = await api('PUT', path, body);
      if (sign) out = await api('POST', `${path}/sign`);
      onNote(out);
      announce(t(sign ? 'note_signed' : 'note_saved'));
    } catch (err) {
      setError(err.message);
    }
  };
  const field = (name, rows) => html`<div class="field"><label for=${'note-' + name}>${t('note_' + name)}</label>
    <textarea id=${'note-' + name} name=${name} rows=${rows} maxlength="10000"
      defaultValue=${note ? note[name] : ''}></textarea></div>`;
  return html`<form onSubmit=${(e) => { e.preventDefault(); save(e.target, false); }}>
    ${field('findings', 3)}${field('assessment', 2)}${field('plan', 3)}
    <div class="field"><label for="note-icd10">${t('note_icd10')}</label>
      <input id="note-icd10" name="icd10" maxlength="8" pattern="[A-Z][0-9]{2}(\\.[0-9]{1,4})?" placeholder="J06.9"
        defaultValue=${note && note.icd10 ? note.icd10 : ''} aria-describedby="note-icd10-hint" />
      <span id="note-icd10-hint" class="muted">${t('note_icd10_hint')}</span></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="row-actions">
      <button type="submit" class="secondary">${t('note_save')}</button>
      <button type="button" onClick=${(e) => save(e.target.form, true)}>${t('note_sign')}</button>
    </div>
    <p class="muted">${t('note_sign_hint')}</p>
  </form>`;
}

function AmendForm({ path, onNote, announce }) {
  const [submit, error] = useSubmit(async (f, form) => {
    onNote(await api('POST', `${path}/amendments`, { text: f.get('text') }));
    form.reset();
    announce(t('note_amended'));
  });
  return html`<form onSubmit=${submit}>
    <div class="field"><label for="note-amend">${t('note_amend_label')}</label>
      <textarea id="note-amend" name="text" rows="2" maxlength="10000" required></textarea></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('note_amend')}</button>
  </form>`;
}

export function NoteEditor({ appointmentId, announce }) {
  const path = `/appointments/${encodeURIComponent(appointmentId)}/note`;
  const [note, setNote] = useState(undefined); // undefined: loading; null: none yet
  const [error, setError] = useState('');
  const load = () => api('GET', path).then(setNote).catch((err) => (err.status === 404 ? setNote(null) : setError(err.message)));
  useEffect(() => { load(); }, [appointmentId]);
  return html`<section aria-labelledby="note-h" class="record-part">
    <h2 id="note-h">${t('note_title')}</h2>
    ${error ? html`<p class="error" role="alert">${error}</p>`
      : note === undefined ? html`<p class="loading">…</p>`
      : note && note.status === 'signed' ? html`<${NoteView} note=${note} />
        <${Corrections} appointmentId=${appointmentId} role="doctor" announce=${announce} onChange=${load} />
        <${AmendForm} path=${path} onNote=${setNote} announce=${announce} />`
      : html`<${DraftForm} note=${note} path=${path} onNote=${setNote} announce=${announce} />`}
  </section>`;
}

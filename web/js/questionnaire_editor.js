// questionnaire_editor.js — the editor of an intake questionnaire: add,
// remove and reorder questions, choose each one's kind (text, choice, yes/no,
// number), its options or bounds, and whether it is required; saving makes a
// new version. Used by the doctor's Schedule page (their own) and the
// administrator's Intake page (the clinic's default).
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';

const kinds = ['string', 'choice', 'boolean', 'decimal'];
let drafts = 0; // keys for questions in the editor, stable across reordering

function draftOf(item) {
  drafts += 1;
  return {
    key: drafts, link_id: item.link_id, text: item.text, type: item.type, required: item.required,
    options: (item.options || []).join('\n'), min: item.min ?? '', max: item.max ?? '',
  };
}

// New questions get the next free "qN" link id; saved ones keep theirs, so
// answers to earlier versions keep pointing at the same question.
function freshLinkId(list) {
  let n = list.length + 1;
  while (list.some((d) => d.link_id === 'q' + n)) n += 1;
  return 'q' + n;
}

function itemOf(d) {
  const item = { link_id: d.link_id, text: d.text.trim(), type: d.type, required: d.required };
  if (d.type === 'choice') item.options = d.options.split('\n').map((o) => o.trim()).filter(Boolean);
  if (d.type === 'decimal' && d.min !== '') item.min = Number(d.min);
  if (d.type === 'decimal' && d.max !== '') item.max = Number(d.max);
  return item;
}

function Question({ d, index, count, change, move, remove }) {
  const n = index + 1;
  const id = (name) => `qe-${d.key}-${name}`;
  const set = (name, value) => change({ ...d, [name]: value });
  return html`<li><fieldset class="question">
    <legend>${t('question_n', { n })}</legend>
    <div class="field"><label for=${id('text')}>${t('question_text')}</label>
      <input id=${id('text')} value=${d.text} required maxlength="200" onInput=${(e) => set('text', e.target.value)} /></div>
    <div class="field"><label for=${id('type')}>${t('question_kind')}</label>
      <select id=${id('type')} value=${d.type} onChange=${(e) => set('type', e.target.value)}>
        ${kinds.map((k) => html`<option value=${k}>${t('kind_' + k)}</option>`)}
      </select></div>
    ${d.type === 'choice' && html`<div class="field"><label for=${id('options')}>${t('question_options')}</label>
      <textarea id=${id('options')} rows="3" required value=${d.options} onInput=${(e) => set('options', e.target.value)}></textarea>
      <small>${t('question_options_hint')}</small></div>`}
    ${d.type === 'decimal' && html`<div class="bounds">
      <div class="field"><label for=${id('min')}>${t('question_min')}</label>
        <input id=${id('min')} type="number" step="any" value=${d.min} onInput=${(e) => set('min', e.target.value)} /></div>
      <div class="field"><label for=${id('max')}>${t('question_max')}</label>
        <input id=${id('max')} type="number" step="any" value=${d.max} onInput=${(e) => set('max', e.target.value)} /></div></div>`}
    <label class="check"><input type="checkbox" checked=${d.required} onChange=${(e) => set('required', e.target.checked)} /> ${t('question_required')}</label>
    <div class="actions">
      <button type="button" class="secondary" disabled=${index === 0} onClick=${() => move(index, -1)}
        aria-label=${t('move_up_n', { n })}>${t('move_up')}</button>
      <button type="button" class="secondary" disabled=${index === count - 1} onClick=${() => move(index, 1)}
        aria-label=${t('move_down_n', { n })}>${t('move_down')}</button>
      <button type="button" class="secondary" onClick=${() => remove(index)}
        aria-label=${t('remove_n', { n })}>${t('remove')}</button>
    </div>
  </fieldset></li>`;
}

// path: the API path of the questionnaire ("/doctors/<id>/questionnaire" or
// "/clinic/questionnaire"); own: the source that counts as this editor's.
export function QuestionnaireEditor({ path, own, announce }) {
  const [list, setList] = useState(null);
  const [current, setCurrent] = useState(null);
  const [error, setError] = useState('');
  const show = (q) => {
    setCurrent(q);
    setList(q.source === own ? q.items.map(draftOf) : []);
  };
  useEffect(() => { api('GET', path).then((out) => show(out.questionnaire)).catch((err) => setError(err.message)); }, [path]);
  if (!list) return error ? html`<p class="error" role="alert">${error}</p>` : html`<p class="loading">…</p>`;
  const change = (i, d) => setList(list.map((x, j) => (j === i ? d : x)));
  const move = (i, by) => {
    const next = list.slice();
    [next[i], next[i + by]] = [next[i + by], next[i]];
    setList(next);
  };
  const add = () => setList([...list, draftOf({ link_id: freshLinkId(list), text: '', type: 'string', required: false })]);
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    try {
      const out = await api('PUT', path, { items: list.map(itemOf) });
      show(out.questionnaire);
      announce(t('questionnaire_saved', { version: out.questionnaire.version }));
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="qe-h" class="questionnaire-editor">
    <h2 id="qe-h">${t('intake_questionnaire')}</h2>
    <p class="muted">${current.source === own ? t('questionnaire_version', { version: current.version })
      : current.source === 'clinic' ? t('questionnaire_uses_clinic') : t('questionnaire_none')}</p>
    <ol class="questions">${list.map((d, i) => html`<${Question} key=${d.key} d=${d} index=${i} count=${list.length}
      change=${(x) => change(i, x)} move=${move} remove=${(j) => setList(list.filter((_, k) => k !== j))} />`)}</ol>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="actions">
      <button type="button" class="secondary" onClick=${add} disabled=${list.length >= 20}>${t('add_question')}</button>
      <button type="submit">${t('save_questionnaire')}</button>
    </div>
  </form>`;
}

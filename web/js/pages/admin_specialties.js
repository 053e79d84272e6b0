// admin_specialties.js — administrators keep the list of specialties doctors
// choose from and patients filter by: add one (its id, used in links and
// filters, is proposed from the name), rename one, remove one nobody names.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';

// "Ear, nose & throat" → "ear-nose-throat"; accents dropped
export function slugOf(name) {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}

function AddForm({ onAdd }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    if (await onAdd({ id: idTouched ? id : slugOf(name), name: name.trim() })) {
      setName(''); setId(''); setIdTouched(false);
    }
  };
  return html`<form class="inline-form" onSubmit=${submit}>
    <h2>${t('spec_add')}</h2>
    <label>${t('spec_name')} <input required minlength="2" maxlength="64" value=${name}
      onInput=${(e) => setName(e.currentTarget.value)} /></label>
    <label>${t('spec_id')} <input required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength="40"
      value=${idTouched ? id : slugOf(name)} onInput=${(e) => { setIdTouched(true); setId(e.currentTarget.value); }} /></label>
    <button type="submit">${t('spec_add_button')}</button>
  </form>`;
}

function Row({ s, onRename, onRemove }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(s.name);
  const save = async (e) => {
    e.preventDefault();
    if (await onRename(s, name.trim())) setEditing(false);
  };
  if (editing) {
    return html`<tr><td colspan="3"><form class="inline-form" onSubmit=${save}>
      <label>${t('spec_new_name', { name: s.name })} <input required minlength="2" maxlength="64" value=${name}
        onInput=${(e) => setName(e.currentTarget.value)} /></label>
      <button type="submit">${t('save')}</button>
      <button type="button" class="secondary" onClick=${() => { setName(s.name); setEditing(false); }}>${t('spec_cancel')}</button>
    </form></td></tr>`;
  }
  return html`<tr>
    <td>${s.name}</td><td><code>${s.id}</code></td>
    <td>
      <button type="button" class="secondary" onClick=${() => setEditing(true)} aria-label=${t('spec_rename_label', { name: s.name })}>${t('spec_rename')}</button>
      ${' '}<button type="button" class="secondary" onClick=${() => onRemove(s)} aria-label=${t('spec_remove_label', { name: s.name })}>${t('remove')}</button>
    </td>
  </tr>`;
}

export function AdminSpecialtiesPage({ announce }) {
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', '/specialties').then((out) => setList(out.specialties)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, []);
  // runs a change, says what happened, reloads; true when it was done
  const change = async (request, done) => {
    try {
      await request();
      announce(done);
      setError('');
      load();
      return true;
    } catch (err) {
      setError(err.message);
      return false;
    }
  };
  const onAdd = (s) => change(() => api('POST', '/admin/specialties', s), t('spec_added', { name: s.name }));
  const onRename = (s, name) => change(() => api('PATCH', `/admin/specialties/${encodeURIComponent(s.id)}`, { name }),
    t('spec_renamed', { name }));
  const onRemove = (s) => change(() => api('DELETE', `/admin/specialties/${encodeURIComponent(s.id)}`),
    t('spec_removed', { name: s.name }));
  return html`<section>
    <h1>${t('specialties')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <${AddForm} onAdd=${onAdd} />
    ${list === null ? html`<p>${t('loading')}</p>` : html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('spec_name')}</th><th scope="col">${t('spec_id')}</th><th scope="col"><span class="sr-only">${t('spec_actions')}</span></th></tr></thead>
      <tbody>${list.map((s) => html`<${Row} key=${s.id} s=${s} onRename=${onRename} onRemove=${onRemove} />`)}</tbody>
    </table></div>`}
  </section>`;
}

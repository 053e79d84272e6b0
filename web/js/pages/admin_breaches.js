// admin_breaches.js — administrators record a breach (what, when it was
// discovered, whom it touched: every account or listed user ids) and see,
// breach by breach, who has been told and who has acknowledged.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { usePaged } from '../paged.js';
import { t, when } from '../i18n.js';

// "2026-11-23T10:15" from a datetime-local field → an RFC 3339 instant.
const instant = (local) => new Date(local).toISOString();
const localNow = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

function RecordForm({ onRecorded, announce }) {
  const [everyone, setEveryone] = useState(true);
  const [error, setError] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setError('');
    const users = everyone ? 'all' : String(f.get('users')).split(/\s+/).filter(Boolean);
    try {
      await api('POST', '/admin/breaches', { title: f.get('title'), description: f.get('description'),
        discovered_at: instant(f.get('discovered')), users });
      e.target.reset();
      setEveryone(true);
      announce(t('breach_recorded'));
      onRecorded();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="breach-new-h">
    <h2 id="breach-new-h">${t('breach_record_title')}</h2>
    <div class="field"><label for="b-title">${t('breach_title_label')}</label>
      <input id="b-title" name="title" required maxlength="200" /></div>
    <div class="field"><label for="b-description">${t('breach_what')}</label>
      <textarea id="b-description" name="description" required maxlength="4000" rows="4"></textarea></div>
    <div class="field"><label for="b-discovered">${t('breach_when')}</label>
      <input id="b-discovered" name="discovered" type="datetime-local" required max=${localNow()} /></div>
    <fieldset class="choice"><legend>${t('breach_who')}</legend>
      <label><input type="radio" name="who" checked=${everyone} onChange=${() => setEveryone(true)} /> ${t('breach_everyone')}</label>
      <label><input type="radio" name="who" checked=${!everyone} onChange=${() => setEveryone(false)} /> ${t('breach_listed')}</label>
    </fieldset>
    ${!everyone && html`<div class="field"><label for="b-users">${t('breach_ids')}</label>
      <textarea id="b-users" name="users" required rows="3"></textarea></div>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('breach_record')}</button>
  </form>`;
}

function Recipients({ breach }) {
  const { items: users, next, more } = usePaged(`/admin/breaches/${encodeURIComponent(breach.id)}/recipients?limit=100`,
    'users', [breach.shown, breach.acknowledged]);
  if (!users) return null;
  return html`<div class="table-wrap"><table class="recipients">
    <thead><tr><th scope="col">${t('full_name')}</th><th scope="col">${t('username')}</th><th scope="col">${t('role')}</th>
      <th scope="col">${t('breach_shown')}</th><th scope="col">${t('breach_acked_col')}</th></tr></thead>
    <tbody>${users.map((u) => html`<tr key=${u.id} data-user=${u.id}>
      <td>${u.full_name}</td><td>${u.username}</td><td>${t(u.role)}</td>
      <td>${u.shown_at ? when(u.shown_at) : t('breach_not_yet')}</td>
      <td data-acknowledged=${Boolean(u.acknowledged_at)}>${u.acknowledged_at ? when(u.acknowledged_at) : t('breach_not_yet')}</td>
    </tr>`)}</tbody></table>
    ${next && html`<button type="button" class="secondary" onClick=${more}>${t('more')}</button>`}</div>`;
}

export function AdminBreachesPage({ announce }) {
  const [breaches, setBreaches] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', '/admin/breaches?limit=100').then((out) => setBreaches(out.breaches))
    .catch((err) => setError(err.message));
  useEffect(() => { load(); }, []);
  return html`<section>
    <h1>${t('breaches')}</h1>
    <${RecordForm} onRecorded=${load} announce=${announce} />
    <h2>${t('breach_list_title')} <button type="button" class="secondary" onClick=${load}>${t('refresh')}</button></h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${breaches && breaches.length === 0 && html`<p>${t('breach_none')}</p>`}
    ${(breaches || []).map((b) => html`<article key=${b.id} class="breach" data-id=${b.id}>
      <h3>${b.title}</h3>
      <p class="muted">${t('breach_discovered', { when: when(b.discovered_at) })} · ${when(b.recorded_at)}</p>
      <p>${b.description}</p>
      <p class="counts"><strong>${t('breach_counts', { affected: b.affected, shown: b.shown, acknowledged: b.acknowledged })}</strong></p>
      <details><summary>${t('breach_recipients')}</summary><${Recipients} breach=${b} /></details>
    </article>`)}
  </section>`;
}

// admin_retention.js — administrators set how long the clinic keeps each
// kind of data (the server purges what has outlived it daily) and may run
// the purge now, seeing how many rows of each kind it removed.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';

function Purged({ purged }) {
  return html`<ul class="purged">${Object.entries(purged).map(([kind, rows]) => html`<li key=${kind}>
    ${t('ret_kind_' + kind)}: ${rows}</li>`)}</ul>`;
}

export function AdminRetentionPage({ announce }) {
  const [state, setState] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', '/admin/retention').then(setState).catch((err) => setError(err.message));
  useEffect(() => { load(); }, []);
  const save = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const rules = state.rules.map((r) => ({ kind: r.kind, keep_days: Number(f.get(r.kind)) }));
    try {
      setState(await api('PUT', '/admin/retention', { rules }));
      setError('');
      announce(t('ret_saved'));
    } catch (err) {
      setError(err.message);
    }
  };
  const run = async () => {
    try {
      await api('POST', '/admin/retention/run');
      await load();
      announce(t('ret_ran'));
    } catch (err) {
      setError(err.message);
    }
  };
  if (!state) return html`<section><h1>${t('retention')}</h1>${error ? html`<p class="error" role="alert">${error}</p>` : html`<p class="loading">…</p>`}</section>`;
  return html`<section>
    <h1>${t('retention')}</h1>
    <p>${t('ret_about')}</p>
    <form onSubmit=${save}>
      <table class="retention"><thead><tr><th>${t('ret_kind')}</th><th>${t('ret_keep_days')}</th><th>${t('ret_default')}</th></tr></thead>
        <tbody>${state.rules.map((r) => html`<tr key=${r.kind}>
          <td><strong>${t('ret_kind_' + r.kind)}</strong><div class="muted">${r.covers}</div></td>
          <td><input type="number" name=${r.kind} min="1" max="36500" required value=${r.keep_days}
            aria-label=${t('ret_keep_label', { kind: t('ret_kind_' + r.kind) })} /></td>
          <td>${r.default_days}</td></tr>`)}</tbody></table>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit">${t('save')}</button>
      ${' '}<button type="button" class="secondary" onClick=${run}>${t('ret_run')}</button>
    </form>
    <h2>${t('ret_last_run')}</h2>
    ${state.last_run ? html`<p>${when(state.last_run.at)} · ${state.last_run.by ? t('ret_by_admin') : t('ret_by_system')}</p>
      <${Purged} purged=${state.last_run.purged} />` : html`<p class="muted">${t('ret_never')}</p>`}
  </section>`;
}

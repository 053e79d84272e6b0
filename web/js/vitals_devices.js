// vitals_devices.js — the patient's device tokens (/api/v1/me/devices): a
// device of the Web of Things posts readings to
// POST /api/v1/devices/{id}/observations with its token. Issuing one shows
// the token once (the server keeps only its hash), with where to send
// readings; the list shows when each was last used, and revoking one makes
// the server refuse its token at once.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t, when } from './i18n.js';

export function DeviceTokens({ announce }) {
  const [items, setItems] = useState(null);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState(null); // the answer of the last issue, token and all
  const [error, setError] = useState('');
  const load = () => api('GET', '/me/devices').then((out) => setItems(out.items)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, []);
  const act = async (fn) => {
    setError('');
    try { await fn(); } catch (err) { setError(err.message); }
    load();
  };
  const issue = (e) => {
    e.preventDefault();
    act(async () => {
      setIssued(await api('POST', '/me/devices', { name: name.trim() }));
      setName('');
    });
  };
  const revoke = (d) => act(async () => {
    await api('DELETE', `/me/devices/${encodeURIComponent(d.id)}`);
    if (issued?.id === d.id) setIssued(null);
    announce?.(t('dev_revoked', { name: d.name }));
  });
  return html`<section aria-labelledby="dev-h">
    <h2 id="dev-h">${t('dev_title')}</h2>
    <p class="muted">${t('dev_hint')}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <form class="inline-form" onSubmit=${issue}>
      <label>${t('dev_name')}<input required maxlength="100" value=${name} onInput=${(e) => setName(e.target.value)} /></label>
      <button type="submit">${t('dev_issue')}</button>
    </form>
    ${issued && html`<div class="notice" role="status" data-issued=${issued.id}>
      <p>${t('dev_token_once', { name: issued.name })}</p>
      <p><code class="token" data-token>${issued.token}</code></p>
      <p class="muted">${t('dev_post_to')} <code>POST /api/v1/devices/${issued.id}/observations</code></p>
    </div>`}
    ${items && (items.length === 0 ? html`<p class="muted">${t('dev_none')}</p>`
      : html`<ul class="devices">${items.map((d) => html`<li key=${d.id} data-device=${d.id}>
        <strong>${d.name}</strong>
        <span class="muted"> · ${t('dev_created', { when: when(d.created_at) })} · ${d.last_used_at ? t('dev_used', { when: when(d.last_used_at) }) : t('dev_never_used')}</span>
        ${d.revoked_at ? html` <span class="badge">${t('dev_revoked_at', { when: when(d.revoked_at) })}</span>`
          : html` <button type="button" class="secondary" aria-label=${t('dev_revoke_label', { name: d.name })} onClick=${() => revoke(d)}>${t('revoke')}</button>`}
      </li>`)}</ul>`)}
  </section>`;
}

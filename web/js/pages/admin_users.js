// admin_users.js — administrators verify doctors who registered, and lock
// or unlock accounts (a locked account cannot log in; its sessions end).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { usePaged } from '../paged.js';
import { t, when } from '../i18n.js';

function Pending({ announce, changed }) {
  const [users, setUsers] = useState(null);
  const [error, setError] = useState('');
  const load = () => api('GET', '/admin/users?status=pending&role=doctor&limit=100')
    .then((out) => setUsers(out.users)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, []);
  const verify = async (u) => {
    try {
      await api('POST', `/admin/users/${encodeURIComponent(u.id)}/verify`);
      announce(t('verified', { name: u.full_name }));
    } catch (err) {
      announce(err.message);
    }
    load();
    changed();
  };
  return html`<section aria-labelledby="pending-h">
    <h1 id="pending-h">${t('pending_doctors')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${users && users.length === 0 && html`<p>${t('none_pending')}</p>`}
    ${users && users.length > 0 && html`<div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('full_name')}</th><th scope="col">${t('username')}</th><th scope="col">${t('email')}</th><th scope="col">${t('registered')}</th><th scope="col"><span class="sr-only">${t('verify')}</span></th></tr></thead>
      <tbody>${users.map((u) => html`<tr key=${u.id}>
        <td>${u.full_name}</td><td>${u.username}</td><td>${u.email}</td><td>${when(u.created_at)}</td>
        <td><button type="button" onClick=${() => verify(u)} aria-label=${t('verify_label', { name: u.full_name })}>${t('verify')}</button></td>
      </tr>`)}</tbody></table></div>`}
  </section>`;
}

function Accounts({ me, announce, tick }) {
  const { items, next, error, more, setItems: setUsers } = usePaged('/admin/users?limit=100', 'users', [tick]);
  const users = items || [];
  const toggle = async (u) => {
    const lock = !u.locked;
    try {
      const out = await api('POST', `/admin/users/${encodeURIComponent(u.id)}/${lock ? 'lock' : 'unlock'}`);
      setUsers((old) => old.map((x) => (x.id === u.id ? out.user : x)));
      announce(t(lock ? 'account_locked' : 'account_unlocked', { name: u.full_name }));
    } catch (err) {
      announce(err.message);
    }
  };
  return html`<section aria-labelledby="accounts-h">
    <h2 id="accounts-h">${t('accounts_title')}</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="table-wrap"><table class="accounts">
      <thead><tr><th scope="col">${t('full_name')}</th><th scope="col">${t('username')}</th><th scope="col">${t('role')}</th><th scope="col">${t('registered')}</th><th scope="col"><span class="sr-only">${t('lock')}</span></th></tr></thead>
      <tbody>${users.map((u) => html`<tr key=${u.id} data-user=${u.id}>
        <td>${u.full_name}${u.locked && html` <span class="badge">${t('locked')}</span>`}</td><td>${u.username}</td><td>${t(u.role)}</td><td>${when(u.created_at)}</td>
        <td>${u.id !== me && html`<button type="button" class=${u.locked ? '' : 'secondary'} onClick=${() => toggle(u)}
          aria-label=${t(u.locked ? 'unlock_label' : 'lock_label', { name: u.full_name })}>${t(u.locked ? 'unlock' : 'lock')}</button>`}</td>
      </tr>`)}</tbody></table></div>
    ${next && html`<button type="button" class="secondary" onClick=${more}>${t('more')}</button>`}
  </section>`;
}

export function AdminUsersPage({ user, announce }) {
  const [tick, setTick] = useState(0);
  return html`<${Pending} announce=${announce} changed=${() => setTick((n) => n + 1)} />
    <${Accounts} me=${user.id} announce=${announce} tick=${tick} />`;
}

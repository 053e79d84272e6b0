// admin_accounts.js — administrators lock and unlock accounts: a locked
// account cannot log in, and its sessions end at once.
import { html } from '../html.js';
import { api } from '../api.js';
import { usePaged } from '../paged.js';
import { t, when } from '../i18n.js';

export function AdminAccountsPage({ user, announce }) {
  const { items, next, error, more, setItems: setUsers } = usePaged('/admin/users?limit=100', 'users');
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
  return html`<section>
    <h1>${t('accounts_title')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="table-wrap"><table class="accounts">
      <thead><tr><th scope="col">${t('full_name')}</th><th scope="col">${t('username')}</th><th scope="col">${t('role')}</th><th scope="col">${t('registered')}</th><th scope="col"><span class="sr-only">${t('lock')}</span></th></tr></thead>
      <tbody>${users.map((u) => html`<tr key=${u.id} data-user=${u.id}>
        <td>${u.full_name}${u.locked && html` <span class="badge">${t('locked')}</span>`}</td><td>${u.username}</td><td>${t(u.role)}</td><td>${when(u.created_at)}</td>
        <td>${u.id !== user.id && html`<button type="button" class=${u.locked ? '' : 'secondary'} onClick=${() => toggle(u)}
          aria-label=${t(u.locked ? 'unlock_label' : 'lock_label', { name: u.full_name })}>${t(u.locked ? 'unlock' : 'lock')}</button>`}</td>
      </tr>`)}</tbody></table></div>
    ${next && html`<button type="button" class="secondary" onClick=${more}>${t('more')}</button>`}
  </section>`;
}

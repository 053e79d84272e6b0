// admin_users.js — administrators verify doctors who registered.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';

export function AdminUsersPage({ announce }) {
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
  };
  return html`<section>
    <h1>${t('pending_doctors')}</h1>
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

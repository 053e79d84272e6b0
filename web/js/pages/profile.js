// profile.js — the user's own details, password and sessions (each can be
// revoked; the current one is marked "this device"), a doctor's photo, the
// calendar subscription and the relay-only privacy mode of patients and
// doctors, and a patient's date of birth, sex and country and the erasure
// of their account.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { CalendarFeed } from '../calendar_feed.js';
import { PhotoEditor } from '../photo_editor.js';
import { PrivacySetting } from '../privacy_setting.js';
import { EraseAccount } from '../erase_account.js';
import { DemographicsForm } from '../demographics_form.js';

function Details({ user, onUser, announce }) {
  // what the user types lives here, so that a re-render of the page (the
  // sessions list arriving) never puts the old values back into the fields
  const [fields, setFields] = useState({ full_name: user.full_name, email: user.email });
  const [error, setError] = useState('');
  const edit = (name) => (e) => setFields({ ...fields, [name]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    try {
      const out = await api('PATCH', '/me', fields);
      onUser(out.user);
      setFields({ full_name: out.user.full_name, email: out.user.email });
      announce(t('saved'));
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="details-h">
    <h2 id="details-h">${t('your_details')}</h2>
    <div class="field"><label for="p-name">${t('full_name')}</label>
      <input id="p-name" name="full_name" value=${fields.full_name} onInput=${edit('full_name')} required maxlength="100" autocomplete="name" /></div>
    <div class="field"><label for="p-email">${t('email')}</label>
      <input id="p-email" name="email" type="email" value=${fields.email} onInput=${edit('email')} required autocomplete="email" /></div>
    <p class="muted">${t('username')}: <strong>${user.username}</strong> · ${t(user.role)}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('save')}</button>
  </form>`;
}

function Password({ announce, reload }) {
  const [error, setError] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setError('');
    try {
      await api('POST', '/me/password', { current_password: f.get('current'), new_password: f.get('next') });
      e.target.reset();
      announce(t('password_changed'));
      reload();
    } catch (err) {
      setError(err.code === 'invalid_credentials' ? t('err_wrong_current_password') : err.message);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="pw-h">
    <h2 id="pw-h">${t('change_password')}</h2>
    <div class="field"><label for="pw-current">${t('current_password')}</label>
      <input id="pw-current" name="current" type="password" required autocomplete="current-password" /></div>
    <div class="field"><label for="pw-next">${t('new_password')}</label>
      <input id="pw-next" name="next" type="password" required minlength="10" maxlength="128" autocomplete="new-password" aria-describedby="pw-hint" />
      <small id="pw-hint">${t('password_hint')}</small></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('change_password')}</button>
  </form>`;
}

function Sessions({ sessions, error, onRevoke }) {
  return html`<section aria-labelledby="sessions-h">
    <h2 id="sessions-h">${t('sessions')}</h2>
    <p class="muted">${t('sessions_text')}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <ul class="sessions">
      ${sessions.map((s) => html`<li key=${s.id}>
        <div id=${'s-' + s.id}><strong>${s.user_agent || '—'}</strong>${s.current && html` <span class="badge">${t('this_device')}</span>`}
          <div class="muted">${t('started')}: ${when(s.created_at)} · ${t('last_used')}: ${when(s.last_seen_at)} · ${t('from')}: ${s.ip || '—'}</div></div>
        ${!s.current && html`<button type="button" class="secondary"
          aria-describedby=${'s-' + s.id} onClick=${() => onRevoke(s)}>${t('revoke')}</button>`}
      </li>`)}
    </ul>
  </section>`;
}

export function ProfilePage({ user, onUser, announce, onSignedOut }) {
  const [sessions, setSessions] = useState([]);
  const [error, setError] = useState('');
  const load = () => api('GET', '/me/sessions')
    .then((out) => { setSessions(out.sessions); setError(''); })
    .catch((err) => setError(err.message || t('loading_failed')));
  useEffect(() => { load(); }, []);
  const revoke = async (s) => {
    try {
      await api('DELETE', `/me/sessions/${encodeURIComponent(s.id)}`);
      announce(t('revoked'));
    } catch (err) {
      announce(err.message);
    }
    load();
  };
  return html`<section>
    <h1>${t('profile')}</h1>
    <div class="grid">
      <${Details} user=${user} onUser=${onUser} announce=${announce} />
      <${Password} announce=${announce} reload=${load} />
      ${user.role === 'patient' && html`<${DemographicsForm} announce=${announce} />`}
    </div>
    ${user.role === 'doctor' && html`<${PhotoEditor} user=${user} announce=${announce} />`}
    ${user.role !== 'admin' && html`<${CalendarFeed} announce=${announce} />
      <${PrivacySetting} user=${user} onUser=${onUser} announce=${announce} />`}
    <${Sessions} sessions=${sessions} error=${error} onRevoke=${revoke} />
    ${user.role === 'patient' && html`<${EraseAccount} onSignedOut=${onSignedOut} />`}
  </section>`;
}

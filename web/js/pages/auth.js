// auth.js — the first screen: Log in and Register as two tabs. After
// registering, the new user is logged in at once.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { LanguageSwitch } from '../layout.js';

function Field({ id, label, hint, ...props }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <input id=${id} name=${id} required ...${props} aria-describedby=${hint ? id + '-hint' : undefined} />
    ${hint && html`<small id=${id + '-hint'}>${hint}</small>`}
  </div>`;
}

function LoginForm({ onLoggedIn }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setBusy(true);
    setError('');
    try {
      const out = await api('POST', '/auth/login', { username: f.get('username'), password: f.get('password') });
      onLoggedIn(out.user);
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="tab-login">
    <${Field} id="login-username" label=${t('username')} autocomplete="username" name="username" />
    <${Field} id="login-password" label=${t('password')} type="password" autocomplete="current-password" name="password" />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit" disabled=${busy}>${busy ? t('logging_in') : t('login')}</button>
  </form>`;
}

function RegisterForm({ onLoggedIn }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const body = {
      username: f.get('username'), password: f.get('password'), full_name: f.get('full_name'),
      email: f.get('email'), role: f.get('role'),
    };
    setBusy(true);
    setError('');
    try {
      await api('POST', '/auth/register', body);
      const out = await api('POST', '/auth/login', { username: body.username, password: body.password });
      onLoggedIn(out.user);
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  return html`<form onSubmit=${submit} aria-labelledby="tab-register">
    <${Field} id="reg-full_name" name="full_name" label=${t('full_name')} autocomplete="name" maxlength="100" />
    <${Field} id="reg-email" name="email" label=${t('email')} type="email" autocomplete="email" />
    <${Field} id="reg-username" name="username" label=${t('username')} autocomplete="username" minlength="3" maxlength="32" pattern="[A-Za-z0-9_.\\-]{3,32}" />
    <${Field} id="reg-password" name="password" label=${t('password')} type="password" autocomplete="new-password" minlength="10" maxlength="128" hint=${t('password_hint')} />
    <fieldset class="roles"><legend>${t('role')}</legend>
      <label><input type="radio" name="role" value="patient" checked /> ${t('patient')}</label>
      <label><input type="radio" name="role" value="doctor" /> ${t('doctor')}</label>
    </fieldset>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit" disabled=${busy}>${t('create_account')}</button>
  </form>`;
}

export function AuthPage({ onLoggedIn, onLang }) {
  const [tab, setTab] = useState('login');
  const keys = (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next = tab === 'login' ? 'register' : 'login';
      setTab(next);
      document.getElementById('tab-' + next).focus();
    }
  };
  const tabButton = (name, label) => html`<button type="button" role="tab" id=${'tab-' + name}
      aria-selected=${tab === name} aria-controls="auth-panel" tabindex=${tab === name ? 0 : -1}
      onClick=${() => setTab(name)} onKeyDown=${keys}>${label}</button>`;
  return html`<main id="main" class="auth" tabindex="-1">
    <div class="auth-card">
      <h1 class="brand">${t('app')}</h1>
      <p class="tagline">${t('tagline')}</p>
      <div role="tablist" class="tabs">${tabButton('login', t('login'))}${tabButton('register', t('register'))}</div>
      <div id="auth-panel" role="tabpanel">
        ${tab === 'login' ? html`<${LoginForm} onLoggedIn=${onLoggedIn} />` : html`<${RegisterForm} onLoggedIn=${onLoggedIn} />`}
      </div>
      <${LanguageSwitch} onChange=${onLang} />
    </div>
  </main>`;
}

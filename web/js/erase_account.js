// erase_account.js — the right to be forgotten on the patient's profile:
// what goes and what the clinic must keep, the password again and a plain
// confirmation, then POST /api/v1/me/erase; the app returns to the login
// page saying the account was erased.
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { useSubmit } from './form_submit.js';

export function EraseAccount({ onSignedOut }) {
  const [onSubmit, error] = useSubmit(async (f) => {
    await api('POST', '/me/erase', { password: f.get('password') });
    onSignedOut('account_erased');
  });
  return html`<form class="erase" onSubmit=${onSubmit} aria-labelledby="erase-h">
    <h2 id="erase-h">${t('erase_title')}</h2>
    <p>${t('erase_goes')}</p>
    <p>${t('erase_kept')}</p>
    <div class="field"><label for="erase-pw">${t('erase_password')}</label>
      <input id="erase-pw" name="password" type="password" required autocomplete="current-password" /></div>
    <div class="field"><label><input type="checkbox" name="sure" required /> ${t('erase_sure')}</label></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit" class="danger">${t('erase_button')}</button>
  </form>`;
}

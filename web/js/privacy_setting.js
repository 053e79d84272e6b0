// privacy_setting.js — the person's own relay-only privacy mode on the
// profile page: when on, every call of theirs goes through the clinic's
// TURN relay, so the other side never learns their address (RFC 8828).
// Saved at once (PATCH /me {relay_only}).
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';

export function PrivacySetting({ user, onUser, announce }) {
  // the box shows the choice at once; a refusal puts it back
  const [on, setOn] = useState(user.relay_only);
  const [error, setError] = useState('');
  const change = async (e) => {
    const wanted = e.target.checked;
    setOn(wanted);
    setError('');
    try {
      const out = await api('PATCH', '/me', { relay_only: wanted });
      onUser(out.user);
      announce(t(wanted ? 'relay_only_on' : 'relay_only_off'));
    } catch (err) {
      setOn(!wanted);
      setError(err.message);
    }
  };
  return html`<section aria-labelledby="privacy-h" class="privacy-setting">
    <h2 id="privacy-h">${t('privacy')}</h2>
    <label class="check"><input type="checkbox" checked=${on} onChange=${change}
      aria-describedby="relay-only-hint" /> ${t('relay_only')}</label>
    <p id="relay-only-hint" class="muted">${t('relay_only_hint')}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

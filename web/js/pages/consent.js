// consent.js — one consent of the patient's that is not about a particular
// doctor ("/consent/sensors" and the like): what it means, whether it is in
// force, and the button that gives or withdraws it. Pages that need a
// consent link here (the vital-signs page for "sensors") and get the
// person back; the full privacy page (issue 8) shows all of them.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ConsentOffer, useConsents } from '../consents.js';

export const BACK = { sensors: '/vitals' };

export function ConsentPage({ id: purpose, go, announce }) {
  const consents = useConsents();
  const [error, setError] = useState('');
  const text = consents.text(purpose);
  const back = BACK[purpose];
  const withdraw = async () => {
    setError('');
    try {
      await consents.withdraw(purpose);
      announce(t('consent_withdrawn_done'));
    } catch (err) {
      setError(err.message);
    }
  };
  const link = back && html`<p><a href=${back} onClick=${(e) => { e.preventDefault(); go(back); }}>${t('consent_back_' + purpose)}</a></p>`;
  return html`<section>
    <h1>${text ? text.title : t('consent')}</h1>
    ${consents.error && html`<p class="error" role="alert">${consents.error}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${!consents.ready || !text ? html`<p class="loading">…</p>`
      : consents.active(purpose) ? html`<p class="consent-text">${text.text}</p>
        <p role="status"><strong>${t('consent_is_given')}</strong></p>
        <button type="button" class="secondary" onClick=${withdraw}>${t('consent_withdraw_button')}</button>`
      : html`<${ConsentOffer} consents=${consents} purpose=${purpose} onGiven=${() => announce(t('consent_given_done'))}>
          <p>${t('consent_is_not_given')}</p><//>`}
    ${link}
  </section>`;
}

// privacy.js — the patient's privacy page: consents, who accessed their
// health data, and the breach notices that concern them.
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ConsentsSection } from '../consents_section.js';
import { AccessLog } from '../access_log.js';
import { BreachNotices } from '../breach_notices.js';

export function PrivacyPage({ announce }) {
  return html`<section class="privacy">
    <h1>${t('privacy_title')}</h1>
    <p>${t('privacy_intro')}</p>
    <${ConsentsSection} announce=${announce} />
    <${AccessLog} />
    <${BreachNotices} announce=${announce} />
  </section>`;
}

// privacy.js — the patient's privacy page: consents, who accessed their
// health data, the breach notices that concern them, the download of all
// their data, and the way to erasing their account (on the profile).
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ConsentsSection } from '../consents_section.js';
import { AccessLog } from '../access_log.js';
import { BreachNotices } from '../breach_notices.js';
import { ExportPanel } from '../export_panel.js';

export function PrivacyPage({ announce, go }) {
  return html`<section class="privacy">
    <h1>${t('privacy_title')}</h1>
    <p>${t('privacy_intro')}</p>
    <${ConsentsSection} announce=${announce} />
    <${AccessLog} />
    <${BreachNotices} announce=${announce} />
    <${ExportPanel} />
    <section aria-labelledby="erase-link-h"><h2 id="erase-link-h">${t('erase_title')}</h2>
      <p>${t('erase_goes')}</p>
      <p><a href="/profile" onClick=${(e) => { e.preventDefault(); go('/profile'); }}>${t('erase_where')}</a></p></section>
  </section>`;
}

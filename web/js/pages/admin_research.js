// admin_research.js — administrators export the de-identified records of
// patients who consented to research, as a JSON file; the page says why
// when the export is refused (a group too small for k-anonymity).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { apiDownload } from '../api.js';
import { t } from '../i18n.js';
import { saveFile } from '../export_panel.js';

export function AdminResearchPage({ announce }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setError('');
    setBusy(true);
    try {
      const file = await apiDownload('/admin/research-export', () => {});
      const data = JSON.parse(await file.blob.text());
      saveFile({ blob: file.blob, name: `telemed-research-${new Date().toISOString().slice(0, 10)}.json` });
      announce(t('research_done', { n: data.patients }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section>
    <h1>${t('research')}</h1>
    <p>${t('research_about')}</p>
    <button type="button" onClick=${run} disabled=${busy}>${t('research_button')}</button>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

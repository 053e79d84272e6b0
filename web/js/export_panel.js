// export_panel.js — "Download all my data": the patient's whole record as
// one FHIR R4 file (GET /api/v1/me/export), with a progress bar while it
// arrives, saved under the name the server gives.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { apiDownload } from './api.js';
import { sizeText, t } from './i18n.js';

function save({ blob, name }) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportPanel() {
  const [progress, setProgress] = useState(null); // { loaded, total } while downloading
  const [done, setDone] = useState(null);
  const [error, setError] = useState('');
  const start = async () => {
    setError('');
    setDone(null);
    setProgress({ loaded: 0, total: 0 });
    try {
      const file = await apiDownload('/me/export', (loaded, total) => setProgress({ loaded, total }));
      save(file);
      setDone(file.blob.size);
    } catch (err) {
      setError(err.message);
    } finally {
      setProgress(null);
    }
  };
  return html`<section class="export" aria-labelledby="export-title">
    <h2 id="export-title">${t('export_title')}</h2>
    <p>${t('export_about')}</p>
    <button type="button" onClick=${start} disabled=${progress !== null}>${t('export_button')}</button>
    ${progress && html`<p><label>${t('export_progress')}
      <progress max=${progress.total || undefined} value=${progress.total ? progress.loaded : undefined}>${sizeText(progress.loaded)}</progress>
      </label> ${sizeText(progress.loaded)}</p>`}
    ${done !== null && html`<p role="status">${t('export_done', { size: sizeText(done) })}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

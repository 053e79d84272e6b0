// file_panel.js — the files part of the call (file_transfer.js does the
// sending and receiving): a file chooser, and per transfer its name, size,
// direction, a progress bar on both sides, a cancel button while under way,
// the outcome of the SHA-256 check, and for what arrived a download link,
// an inline preview of images, a new tab for PDFs (the CSP allows no
// blob: frames or objects: docs/security.md) and "open on the whiteboard";
// a file that arrived whole, either way, can be proposed for the record.
import { html } from './html.js';
import { sizeText, t } from './i18n.js';
import { MAX_FILE_BYTES } from './file_transfer.js';
import { useState } from 'preact/hooks';
import { SaveButton } from './record_save.js';

const UNDER_WAY = ['sending', 'sent', 'receiving', 'checking'];

function Transfer({ tr, peerName, cancel, toBoard, onSave }) {
  const done = tr.out ? (tr.state === 'verified' ? tr.size : tr.progress()) : tr.received;
  const label = t('files_progress', { file: tr.name });
  const image = !tr.out && tr.url && tr.mime.startsWith('image/');
  return html`<li class="transfer" data-transfer=${tr.out ? 'out' : 'in'} data-state=${tr.state}>
    <span><strong data-file-name>${tr.name}</strong> · ${sizeText(tr.size)} · ${t(tr.out ? 'files_out' : 'files_in', { name: peerName })}</span>
    <progress max=${tr.size || 1} value=${tr.size ? done : 1} aria-label=${label} data-bytes=${done}></progress>
    <span class="transfer-state" role="status">${t('file_' + tr.state)}</span>
    ${UNDER_WAY.includes(tr.state) && tr.state !== 'checking' && html`<button type="button" class="secondary" onClick=${() => cancel(tr)}
      aria-label=${`${t('file_cancel')}: ${tr.name}`}>${t('file_cancel')}</button>`}
    ${tr.url && html`<span class="actions">
      <a href=${tr.url} download=${tr.name}>${t('file_download')}</a>
      ${tr.mime === 'application/pdf' && html`<a href=${tr.url} target="_blank" rel="noopener">${t('file_open')}</a>`}
      ${image && html`<button type="button" class="secondary" onClick=${() => toBoard(tr.blob)}>${t('file_to_board')}</button>`}
    </span>`}
    ${onSave && tr.state === 'verified' && tr.blob && html`<${SaveButton} open=${true} onClick=${() => onSave(tr)}
      label=${`${t('save_to_record')}: ${tr.name}`} />`}
    ${image && html`<img class="file-preview" src=${tr.url} alt=${t('file_preview', { name: tr.name })} />`}
  </li>`;
}

export function FilePanel({ transfers, open, peerName, toBoard, onSave }) {
  const [problem, setProblem] = useState('');
  const choose = (e) => {
    setProblem('');
    for (const file of e.currentTarget.files) {
      if (file.size > MAX_FILE_BYTES) setProblem(t('files_too_big', { name: file.name }));
      else transfers.send(file);
    }
    e.currentTarget.value = '';
  };
  return html`<section class="files" aria-labelledby="files-title">
    <h2 id="files-title">${t('files_title')}</h2>
    <label for="file-input">${t('files_choose')}</label>
    <input id="file-input" type="file" multiple disabled=${!open} onChange=${choose} aria-describedby="files-hint" />
    <p id="files-hint" class="muted">${t('files_hint')}</p>
    ${problem && html`<p class="error" role="alert">${problem}</p>`}
    ${transfers.list.length ? html`<ul class="transfers">
      ${transfers.list.map((tr) => html`<${Transfer} key=${tr.key} tr=${tr} peerName=${peerName}
        cancel=${transfers.cancel} toBoard=${toBoard} onSave=${onSave} />`)}
    </ul>` : html`<p class="muted">${t('files_none')}</p>`}
  </section>`;
}

// avatar.js — a doctor's photo, or their initials when there is none (or it
// cannot be loaded). The photo's address is versioned, so the browser keeps
// it until the doctor changes it. Decorative: the name is always beside it.
import { useState } from 'preact/hooks';
import { html } from './html.js';

export function initials(name) {
  const words = (name || '').trim().split(/\s+/).filter(Boolean);
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return picked.map((w) => w[0].toUpperCase()).join('') || '?';
}

export function Avatar({ name, url, size = 'small' }) {
  const [failed, setFailed] = useState('');
  if (url && failed !== url) {
    return html`<img class=${'avatar ' + size} src=${url} alt="" loading="lazy" onError=${() => setFailed(url)} />`;
  }
  return html`<span class=${'avatar initials ' + size} aria-hidden="true">${initials(name)}</span>`;
}

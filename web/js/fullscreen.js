// fullscreen.js — a button that shows an element (the call's videos) on
// the whole screen and back, through the Fullscreen API; it follows the
// browser's own way out (Esc) too. Absent where the API is.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';

// target: a ref of the element to show.
export function FullscreenButton({ target }) {
  const [full, setFull] = useState(false);
  useEffect(() => {
    const follow = () => setFull(Boolean(document.fullscreenElement) && document.fullscreenElement === target.current);
    document.addEventListener('fullscreenchange', follow);
    return () => document.removeEventListener('fullscreenchange', follow);
  }, []);
  if (!document.fullscreenEnabled) return null;
  const toggle = () => (full ? document.exitFullscreen() : target.current?.requestFullscreen()).catch(() => {});
  return html`<button type="button" class="secondary fullscreen" aria-pressed=${full} onClick=${toggle}>${t(full ? 'call_fullscreen_exit' : 'call_fullscreen')}</button>`;
}

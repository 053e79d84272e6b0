// calendar_feed.js — the user's private calendar subscription: make a link
// for a calendar app (shown once: the server keeps only its hash), copy it,
// make a new one (the old stops working) or revoke it.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t, when } from './i18n.js';

export function CalendarFeed({ announce }) {
  const [status, setStatus] = useState(null);
  const [link, setLink] = useState(null); // { url, webcal_url } right after making it
  const [error, setError] = useState('');
  const load = () => api('GET', '/me/calendar-feed').then(setStatus).catch((err) => setError(err.message));
  useEffect(() => { load(); }, []);
  const make = async () => {
    setError('');
    try {
      setLink(await api('POST', '/me/calendar-feed'));
      announce(t('feed_made'));
      load();
    } catch (err) {
      setError(err.message);
    }
  };
  const revoke = async () => {
    setError('');
    try {
      await api('DELETE', '/me/calendar-feed');
      setLink(null);
      announce(t('feed_revoked'));
      load();
    } catch (err) {
      setError(err.message);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      announce(t('copied'));
    } catch {
      document.getElementById('feed-url').select(); // the user copies it
    }
  };
  if (!status) return error ? html`<p class="error" role="alert">${error}</p>` : null;
  return html`<section aria-labelledby="feed-h" class="calendar-feed">
    <h2 id="feed-h">${t('calendar_feed')}</h2>
    <p class="muted">${t('feed_text')}</p>
    ${link && html`<div class="field"><label for="feed-url">${t('feed_url')}</label>
        <input id="feed-url" readonly value=${link.url} onFocus=${(e) => e.target.select()} /></div>
      <p class="row-actions"><button type="button" onClick=${copy}>${t('copy')}</button>
        <a href=${link.webcal_url}>${t('open_in_calendar')}</a></p>`}
    ${status.active && !link && html`<p>${t('feed_active', { when: when(status.created_at) })}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <p class="row-actions">
      <button type="button" class=${status.active ? 'secondary' : ''} onClick=${make}>${t(status.active ? 'feed_new' : 'subscribe_calendar')}</button>
      ${status.active && html`<button type="button" class="secondary" onClick=${revoke}>${t('feed_revoke')}</button>`}
    </p>
  </section>`;
}

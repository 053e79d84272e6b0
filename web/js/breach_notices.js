// breach_notices.js — breach notices for the user a breach touched: the
// banner every page shows until each notice is acknowledged, and the list
// on the privacy page. Both read GET /me/breach-notices and acknowledge
// with POST /me/breach-notices/{id}/acknowledge; an acknowledgement made in
// one place is told to the other through onChange.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t, when } from './i18n.js';

const listeners = new Set();
const changed = () => listeners.forEach((fn) => fn());

function useNotices() {
  const [notices, setNotices] = useState(null);
  useEffect(() => {
    const load = () => api('GET', '/me/breach-notices').then((out) => setNotices(out.notices)).catch(() => {});
    load();
    listeners.add(load);
    return () => listeners.delete(load);
  }, []);
  return notices;
}

async function acknowledge(n, announce) {
  try {
    await api('POST', `/me/breach-notices/${encodeURIComponent(n.id)}/acknowledge`);
    announce(t('breach_acknowledged'));
  } catch (err) {
    announce(err.message);
  }
  changed();
}

function Notice({ n, announce }) {
  return html`<article class="breach-notice" data-id=${n.id}>
    <h3>${n.title}</h3>
    <p class="muted">${t('breach_discovered', { when: when(n.discovered_at) })}</p>
    <p>${n.description}</p>
    ${n.acknowledged_at
      ? html`<p class="muted">${t('breach_acked', { when: when(n.acknowledged_at) })}</p>`
      : html`<button type="button" onClick=${() => acknowledge(n, announce)}>${t('breach_ack')}</button>`}
  </article>`;
}

// On every page: the notices not yet acknowledged.
export function BreachBanner({ announce }) {
  const notices = useNotices();
  const open = (notices || []).filter((n) => !n.acknowledged_at);
  if (open.length === 0) return null;
  return html`<div class="breach-banner" role="alert">
    ${open.map((n) => html`<details key=${n.id} data-id=${n.id}>
      <summary>${t('breach_banner', { title: n.title })}</summary>
      <${Notice} n=${n} announce=${announce} />
    </details>`)}
  </div>`;
}

// On the privacy page: every notice, acknowledged or not.
export function BreachNotices({ announce }) {
  const notices = useNotices();
  return html`<section aria-labelledby="breach-h">
    <h2 id="breach-h">${t('breach_notices_title')}</h2>
    ${notices && notices.length === 0 && html`<p>${t('breach_notices_none')}</p>`}
    ${(notices || []).map((n) => html`<${Notice} key=${n.id} n=${n} announce=${announce} />`)}
  </section>`;
}

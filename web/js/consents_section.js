// consents_section.js — "My consents" on the privacy page: every purpose with its
// text in the user's language, what is in force now, give and withdraw
// (sharing: with one of the patient's doctors or with every doctor of the
// clinic), and the history of changes. A change made on another page or
// device arrives on the live channel (CONSENT) and is shown at once.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { onLive } from './live.js';
import { lang, t, when } from './i18n.js';

const inLang = (words) => (words && (words[lang()] || words.en)) || '';

// The doctors the patient has had or has a booking with, by id.
async function myDoctors() {
  const found = new Map();
  for (const scope of ['upcoming', 'past']) {
    const out = await api('GET', `/appointments?scope=${scope}&limit=100`);
    for (const a of out.appointments) found.set(a.doctor.id, a.doctor.full_name);
  }
  return [...found].map(([id, name]) => ({ id, name }));
}

// Whom a sharing record names.
const scopeName = (r) => (r.all_doctors ? t('consent_share_all') : r.doctor ? r.doctor.name : '');

function ShareForm({ purpose, doctors, change }) {
  const [to, setTo] = useState('all');
  const give = (e) => {
    e.preventDefault();
    change(to === 'all' ? { all_doctors: true } : { doctor_id: to }, true);
  };
  const id = `share-${purpose.purpose}`;
  return html`<form class="share" onSubmit=${give}>
    <label for=${id}>${t('consent_share_with')}</label>
    <select id=${id} value=${to} onChange=${(e) => setTo(e.target.value)}>
      <option value="all">${t('consent_share_all')}</option>
      ${doctors.map((d) => html`<option value=${d.id}>${d.name}</option>`)}
    </select>
    <button type="submit">${t('consent_give')}</button>
    ${doctors.length === 0 && html`<p class="muted">${t('consent_share_none')}</p>`}
  </form>`;
}

function Purpose({ purpose, current, doctors, change }) {
  const title = inLang(purpose.title);
  const mine = current.filter((r) => r.purpose === purpose.purpose && r.given);
  const scopeOf = (r) => (r.all_doctors ? { all_doctors: true } : r.doctor ? { doctor_id: r.doctor.id } : {});
  return html`<li class="consent" data-purpose=${purpose.purpose}>
    <h3>${title}</h3>
    <p>${inLang(purpose.text)}</p>
    <p class="muted">${t('consent_version', { n: purpose.version })}</p>
    ${purpose.scoped
      ? html`${mine.length > 0 && html`<ul class="shares">${mine.map((r) => html`<li key=${r.id}>
            <span data-state="given">${t('consent_shared_with', { name: scopeName(r) })}</span>
            <button type="button" class="secondary" onClick=${() => change(scopeOf(r), false, purpose)}
              aria-label=${t('consent_withdraw_label', { purpose: `${title} — ${scopeName(r)}` })}>${t('consent_withdraw')}</button></li>`)}</ul>`}
          <${ShareForm} purpose=${purpose} doctors=${doctors} change=${(scope, given) => change(scope, given, purpose)} />`
      : html`<p><strong data-state=${mine.length ? 'given' : 'withdrawn'}>${mine.length ? t('consent_given') : t('consent_withdrawn')}</strong>
          ${' '}${mine.length
            ? html`<button type="button" class="secondary" onClick=${() => change({}, false, purpose)}
                aria-label=${t('consent_withdraw_label', { purpose: title })}>${t('consent_withdraw')}</button>`
            : html`<button type="button" onClick=${() => change({}, true, purpose)}
                aria-label=${t('consent_give_label', { purpose: title })}>${t('consent_give')}</button>`}</p>`}
  </li>`;
}

function History({ history, titles }) {
  if (history.length === 0) return html`<p class="muted">${t('consent_history_none')}</p>`;
  return html`<div class="table-wrap"><table class="consent-history">
    <thead><tr><th scope="col">${t('when')}</th><th scope="col">${t('action')}</th><th scope="col">${t('consent_share_with')}</th><th scope="col">${t('consent_state')}</th></tr></thead>
    <tbody>${history.map((r) => html`<tr key=${r.id}>
      <td>${when(r.recorded_at)}</td>
      <td>${r.given ? t('consent_give') : t('consent_withdraw')}: ${titles[r.purpose] || r.purpose}</td>
      <td>${scopeName(r) || '—'}</td>
      <td>${r.superseded_at ? t('consent_superseded') : t('consent_in_force')}</td>
    </tr>`)}</tbody></table></div>`;
}

export function ConsentsSection({ announce }) {
  const [purposes, setPurposes] = useState(null);
  const [mine, setMine] = useState({ current: [], history: [] });
  const [doctors, setDoctors] = useState([]);
  const [error, setError] = useState('');
  const reload = () => api('GET', '/me/consents').then(setMine).catch((err) => setError(err.message));
  useEffect(() => {
    api('GET', '/consents/texts').then((out) => setPurposes(out.purposes)).catch((err) => setError(err.message));
    myDoctors().then(setDoctors).catch(() => setDoctors([]));
    reload();
    return onLive('CONSENT', reload);
  }, []);
  const change = async (scope, given, purpose) => {
    setError('');
    try {
      await api('POST', '/me/consents', { purpose: purpose.purpose, given, ...scope, ...(given ? { version: purpose.version } : {}) });
      announce(t('consent_changed'));
    } catch (err) {
      setError(err.message);
    }
    reload();
  };
  const titles = Object.fromEntries((purposes || []).map((p) => [p.purpose, inLang(p.title)]));
  return html`<section aria-labelledby="consents-h">
    <h2 id="consents-h">${t('consents_title')}</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${purposes && html`<ul class="consents">${purposes.map((p) => html`<${Purpose} key=${p.purpose} purpose=${p}
      current=${mine.current} doctors=${doctors} change=${change} />`)}</ul>`}
    <h3>${t('consent_history')}</h3>
    <${History} history=${mine.history} titles=${titles} />
  </section>`;
}

// consents.js — the patient's consents as the pages need them: which are in
// force (GET /me/consents), their texts in the user's language (GET
// /consents/texts), giving and withdrawing one (POST /me/consents, to the
// text's current version), kept current by the CONSENT live event that the
// server sends to the patient's open pages whenever one changes (here or
// in another tab). ConsentOffer shows a purpose's text and the button that
// gives it: a patient agrees only after being shown what it means.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { lang, t } from './i18n.js';
import { onLive } from './live.js';

let textsOnce = null; // the texts change only with a new server version
const texts = () => (textsOnce ||= api('GET', '/consents/texts').then((out) => out.purposes)
  .catch((err) => { textsOnce = null; throw err; }));

// Whether a record in force covers purpose (for "share", with doctorId or
// with every doctor of the clinic).
export function covers(record, purpose, doctorId) {
  if (record.status !== 'active' || record.purpose !== purpose) return false;
  return purpose !== 'share' || record.all_doctors || record.doctor?.id === doctorId;
}

// onChange(event) is told of each CONSENT event before the state is read
// again, so a stream can stop at once. Returns { ready, active(purpose,
// doctorId), give(purpose, doctorId), withdraw(purpose, doctorId), text(purpose), error }.
export function useConsents(onChange) {
  const [current, setCurrent] = useState(null);
  const [purposes, setPurposes] = useState([]);
  const [error, setError] = useState('');
  const load = () => api('GET', '/me/consents').then((out) => setCurrent(out.current)).catch((err) => setError(err.message));
  useEffect(() => {
    load();
    texts().then(setPurposes).catch((err) => setError(err.message));
    return onLive('CONSENT', (m) => { onChange?.(m); load(); });
  }, []);
  const active = (purpose, doctorId) => Boolean(current?.some((r) => covers(r, purpose, doctorId)));
  // doctorId: the doctor of "share", or 'all' for every doctor of the clinic
  const change = async (purpose, doctorId, given) => {
    const p = purposes.find((x) => x.purpose === purpose);
    const scope = doctorId === 'all' ? { all_doctors: true } : doctorId ? { doctor_id: doctorId } : {};
    const body = { purpose, given, ...(given ? { version: p?.version } : {}), ...scope };
    await api('POST', '/me/consents', body);
    await load();
  };
  return {
    ready: current !== null,
    active,
    // the records in force that make purpose active (for a withdrawal)
    covering: (purpose, doctorId) => (current || []).filter((r) => covers(r, purpose, doctorId)),
    give: (purpose, doctorId) => change(purpose, doctorId, true),
    withdraw: (purpose, doctorId) => change(purpose, doctorId, false),
    text: (purpose) => {
      const p = purposes.find((x) => x.purpose === purpose);
      return p && { title: p.title[lang()] || p.title.en, text: p.text[lang()] || p.text.en, version: p.version };
    },
    error,
  };
}

// Withdraws every record that makes purpose active for doctorId (one for
// this doctor, or the clinic-wide one).
export async function withdrawAll(consents, purpose, doctorId) {
  for (const r of consents.covering(purpose, doctorId)) await consents.withdraw(purpose, r.all_doctors ? 'all' : r.doctor?.id);
}

// The text of purpose and an "I agree" button; children say what it is
// for here (above the text).
export function ConsentOffer({ consents, purpose, doctorId, label, children, onGiven }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const text = consents.text(purpose);
  const give = async () => {
    setBusy(true);
    setError('');
    try {
      await consents.give(purpose, doctorId);
      onGiven?.();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="consent-offer notice" data-consent-offer=${purpose}>
    ${children}
    ${text && html`<p><strong>${text.title}</strong></p><p class="consent-text">${text.text}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="button" disabled=${busy || !text} onClick=${give}>${label || t('consent_agree')}</button>
  </div>`;
}

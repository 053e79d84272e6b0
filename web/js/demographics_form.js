// demographics_form.js — "About you" on a patient's profile: date of birth,
// sex and country, each optional (GET/PUT /api/v1/me/demographics). They go
// into the patient's own export, and only generalised into research.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { useSubmit } from './form_submit.js';

export function DemographicsForm({ announce }) {
  const [about, setAbout] = useState(null);
  const [loadError, setLoadError] = useState('');
  // no form until what is stored has been read: saving an empty form would clear it
  useEffect(() => { api('GET', '/me/demographics').then((out) => setAbout(out.demographics)).catch((err) => setLoadError(err.message)); }, []);
  const [onSubmit, error] = useSubmit(async (f) => {
    const body = {};
    for (const k of ['birth_date', 'sex', 'country']) if (f.get(k)) body[k] = f.get(k);
    if (body.country) body.country = body.country.toUpperCase();
    setAbout((await api('PUT', '/me/demographics', body)).demographics);
    announce(t('saved'));
  });
  if (loadError) return html`<p class="error" role="alert">${t('about_you')}: ${loadError}</p>`;
  if (!about) return null;
  return html`<form onSubmit=${onSubmit} aria-labelledby="about-h">
    <h2 id="about-h">${t('about_you')}</h2>
    <p class="muted">${t('about_you_why')}</p>
    <div class="field"><label for="a-birth">${t('birth_date')}</label>
      <input id="a-birth" name="birth_date" type="date" min="1900-01-01" max=${new Date().toISOString().slice(0, 10)} value=${about.birth_date || ''} autocomplete="bday" /></div>
    <div class="field"><label for="a-sex">${t('sex')}</label>
      <select id="a-sex" name="sex" value=${about.sex || ''}>
        <option value="">${t('not_said')}</option>
        ${['female', 'male', 'other'].map((s) => html`<option value=${s}>${t('sex_' + s)}</option>`)}
      </select></div>
    <div class="field"><label for="a-country">${t('country_code')}</label>
      <input id="a-country" name="country" value=${about.country || ''} maxlength="2" pattern="[A-Za-z]{2}" autocomplete="country" aria-describedby="a-country-hint" />
      <small id="a-country-hint">${t('country_hint')}</small></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('save')}</button>
  </form>`;
}

// doctors.js — patients find a doctor: words or symptoms, filters, sorting,
// and each doctor's next free time.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t, when } from '../i18n.js';
import { Avatar } from '../avatar.js';

function Filters({ specialties, onSearch }) {
  const submit = (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const params = new URLSearchParams();
    for (const key of ['q', 'specialty', 'city', 'language', 'sort']) {
      const v = (f.get(key) || '').trim();
      if (v) params.set(key, v);
    }
    onSearch(params);
  };
  return html`<form class="filters" role="search" onSubmit=${submit}>
    <div class="field wide"><label for="d-q">${t('search_doctors')}</label>
      <input id="d-q" name="q" type="search" placeholder=${t('search_hint')} required=${false} /></div>
    <div class="field"><label for="d-spec">${t('specialty')}</label>
      <select id="d-spec" name="specialty"><option value="">${t('any')}</option>
        ${specialties.map((s) => html`<option value=${s.id}>${s.name}</option>`)}</select></div>
    <div class="field"><label for="d-city">${t('city')}</label><input id="d-city" name="city" required=${false} /></div>
    <div class="field"><label for="d-lang">${t('language_filter')}</label><input id="d-lang" name="language" required=${false} /></div>
    <div class="field"><label for="d-sort">${t('sort')}</label>
      <select id="d-sort" name="sort">
        <option value="rating">${t('sort_rating')}</option><option value="next_available">${t('sort_next')}</option>
        <option value="experience">${t('sort_experience')}</option><option value="name">${t('sort_name')}</option>
      </select></div>
    <button type="submit">${t('search')}</button>
  </form>`;
}

function DoctorCard({ doctor, go }) {
  const open = (e) => { e.preventDefault(); go(`/doctors/${doctor.id}`); };
  return html`<li class="doctor">
    <div class="doctor-head"><${Avatar} name=${doctor.full_name} url=${doctor.photo_url} />
      <h2><a href=${`/doctors/${doctor.id}`} onClick=${open}>${doctor.full_name}</a></h2></div>
    <p>${doctor.specialty ? doctor.specialty.name : '—'} · ${doctor.city}${doctor.country ? ', ' + doctor.country : ''}</p>
    <p class="muted">${t('years', { n: doctor.years_experience })} · ${t('languages_label')}: ${doctor.languages.join(', ') || '—'}</p>
    <p>${doctor.next_free_slot ? t('next_free', { when: when(doctor.next_free_slot.start) }) : t('no_free')}</p>
    <a class="button" href=${`/doctors/${doctor.id}`} onClick=${open}>${t('view_profile')}</a>
  </li>`;
}

export function DoctorsPage({ go }) {
  const [specialties, setSpecialties] = useState([]);
  const [doctors, setDoctors] = useState(null);
  const [error, setError] = useState('');
  const search = (params) => api('GET', '/doctors?' + params.toString())
    .then((out) => { setDoctors(out.doctors); setError(''); })
    .catch((err) => setError(err.message));
  useEffect(() => {
    api('GET', '/specialties').then((out) => setSpecialties(out.specialties)).catch(() => {});
    search(new URLSearchParams());
  }, []);
  return html`<section>
    <h1>${t('search_doctors')}</h1>
    <${Filters} specialties=${specialties} onSearch=${search} />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${doctors && doctors.length === 0 && html`<p>${t('no_doctors')}</p>`}
    ${doctors && html`<ul class="doctors" aria-live="polite">${doctors.map((d) => html`<${DoctorCard} key=${d.id} doctor=${d} go=${go} />`)}</ul>`}
  </section>`;
}

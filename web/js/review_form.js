// review_form.js — after a fulfilled consultation the patient rates the
// doctor 1 to 5 stars with an optional comment, once.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';

export function ReviewForm({ appointment, onDone }) {
  const [error, setError] = useState('');
  const id = appointment.id;
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const comment = (f.get('comment') || '').trim();
    try {
      await api('POST', `/appointments/${encodeURIComponent(id)}/review`,
        comment ? { rating: Number(f.get('rating')), comment } : { rating: Number(f.get('rating')) });
      onDone();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form class="review" onSubmit=${submit}>
    <fieldset class="stars">
      <legend>${t('your_rating', { name: appointment.doctor.full_name })}</legend>
      ${[1, 2, 3, 4, 5].map((n) => html`<label><input type="radio" name="rating" value=${n} required />
        <span aria-hidden="true">${'★'.repeat(n)}</span><span class="sr-only">${t('stars', { n })}</span></label>`)}
    </fieldset>
    <div class="field"><label for=${'rv-' + id}>${t('review_comment')}</label>
      <textarea id=${'rv-' + id} name="comment" maxlength="1000" rows="2"></textarea></div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <button type="submit">${t('send_review')}</button>
  </form>`;
}

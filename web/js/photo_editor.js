// photo_editor.js — a doctor's own photo on their profile: shown (or their
// initials), replaced by a JPEG, PNG or WebP file of up to 2 MiB, removed.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { Avatar } from './avatar.js';

const MAX_BYTES = 2 * 1024 * 1024;

export function PhotoEditor({ user, announce }) {
  const [url, setUrl] = useState(undefined); // undefined: still asking
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', `/doctors/${user.id}`).then((out) => setUrl(out.doctor.photo_url || null))
      // not listed until verified: ask for the photo itself
      .catch(() => setUrl(`/api/v1/doctors/${user.id}/photo`));
  }, [user.id]);
  const upload = async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    setError('');
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(t('photo_too_large'));
      return;
    }
    try {
      const out = await api('PUT', `/doctors/${user.id}/photo`, file);
      setUrl(out.photo_url);
      announce(t('photo_saved'));
    } catch (err) {
      setError(err.message);
    }
  };
  const remove = async () => {
    setError('');
    try {
      await api('DELETE', `/doctors/${user.id}/photo`);
      setUrl(null);
      announce(t('photo_removed'));
    } catch (err) {
      setError(err.message);
    }
  };
  if (url === undefined) return null;
  return html`<section aria-labelledby="photo-h" class="photo-editor">
    <h2 id="photo-h">${t('your_photo')}</h2>
    <div class="doctor-head">
      <${Avatar} name=${user.full_name} url=${url} size="large" />
      <div>
        <div class="field"><label for="photo-file">${t('choose_photo')}</label>
          <input id="photo-file" type="file" accept="image/jpeg,image/png,image/webp" onChange=${upload} aria-describedby="photo-hint" />
          <small id="photo-hint">${t('photo_hint')}</small></div>
        ${url && html`<button type="button" class="secondary" onClick=${remove}>${t('remove_photo')}</button>`}
      </div>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

// bookings.js — the patient's bookings, upcoming and past: START inside the
// consultation window, reschedule, cancel, review, and the calendar feed.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { AppointmentList } from '../appointments.js';

export function BookingsPage({ user, announce, go }) {
  const [scope, setScope] = useState('upcoming');
  return html`<section>
    <h1>${t('bookings')}</h1>
    <div role="tablist" class="tabs">
      ${['upcoming', 'past'].map((s) => html`<button type="button" role="tab" aria-selected=${scope === s} onClick=${() => setScope(s)}>${t(s)}</button>`)}
    </div>
    <${AppointmentList} role=${user.role} scope=${scope} announce=${announce} go=${go} />
  </section>`;
}

// sw.js — the service worker: keeps the app shell loadable offline.
// Shell files are served from the cache at once and refreshed behind the
// scenes (the next load gets the new copy); API answers are never cached
// (they are personal and live). Add every new module of the shell to SHELL.
const CACHE = 'telemed-shell-v16';
const SHELL = [
  '/', '/index.html', '/app.js', '/styles.css', '/manifest.webmanifest', '/icon.svg',
  '/js/api.js', '/js/i18n.js', '/js/html.js', '/js/layout.js', '/js/nav.js',
  '/js/pages/auth.js', '/js/pages/home.js', '/js/pages/profile.js',
  '/js/pages/admin_users.js', '/js/pages/admin_audit.js', '/js/appointments.js',
  '/js/pages/doctors.js', '/js/pages/doctor.js', '/js/pages/bookings.js', '/js/pages/schedule.js',
  '/js/live.js', '/js/notifications.js', '/js/pages/notifications.js',
  '/js/intake.js', '/js/polling.js', '/js/questionnaire_editor.js', '/js/pages/dropin.js', '/js/pages/admin_intake.js',
  '/js/week_calendar.js', '/js/avatar.js', '/js/consult_window.js', '/js/reschedule.js', '/js/review_form.js',
  '/js/calendar_feed.js', '/js/photo_editor.js', '/js/pages/consult.js', '/js/call.js', '/js/call_code.js', '/js/call_stats.js', '/js/call_quality.js', '/js/call_room.js',
  '/js/knock.js', '/js/queue_place.js', '/js/pages/waiting_room.js',
  '/js/devices.js', '/js/device_switch.js', '/js/device_select.js', '/js/device_check.js',
  '/js/mic_meter.js', '/js/speaker_test.js', '/js/call_timer.js', '/js/fullscreen.js',
  '/js/ice_privacy.js', '/js/privacy_setting.js', '/js/patient_panel.js', '/js/call_charts.js',
  '/js/network_watch.js', '/js/pages/admin_specialties.js',
  '/js/messaging.js', '/js/pages/messages.js', '/js/pages/conversation.js',
  '/js/qr.js', '/js/form_submit.js', '/js/record_views.js', '/js/note_editor.js', '/js/prescription_panel.js',
  '/js/pages/record.js', '/js/pages/prescription_print.js', '/js/pages/verify.js', '/js/export_panel.js', '/js/erase_account.js', '/js/pages/admin_retention.js', '/js/pages/admin_research.js', '/js/demographics_form.js', '/js/note_corrections.js',
  '/js/record_save.js', '/js/pages/patient_record.js',
  '/js/collab_channels.js', '/js/collab_panel.js', '/js/chat.js',
  '/js/file_transfer.js', '/js/file_panel.js', '/js/whiteboard.js', '/js/whiteboard_model.js', '/js/whiteboard_draw.js', '/js/whiteboard_sync.js',
  '/js/i18n_privacy.js', '/js/consents_section.js', '/js/access_log.js', '/js/breach_notices.js',
  '/js/pages/privacy.js', '/js/pages/admin_breaches.js', '/js/pages/admin_accounts.js', '/js/audit_filters.js', '/js/paged.js',
  '/js/consents.js', '/js/gatt_parsers.js', '/js/vitals_codes.js', '/js/vitals_simulated.js', '/js/vitals_upload.js',
  '/js/vitals_bluetooth.js', '/js/vitals_source.js', '/js/vitals_thresholds.js', '/js/vitals_devices.js', '/js/vitals_call.js',
  '/js/pages/vitals.js', '/js/pages/alerts.js', '/js/pages/consent.js',
  '/vendor/preact/dist/preact.module.js', '/vendor/preact/hooks/dist/hooks.module.js',
  '/vendor/htm/dist/htm.module.js', '/vendor/uplot/dist/uPlot.esm.js', '/vendor/uplot/dist/uPlot.min.css',
  '/vendor/qrcode-generator/dist/qrcode.mjs',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws') return;
  // shell files by their path; every page of the app is index.html;
  // anything else goes to the network as if there were no worker
  let key;
  if (SHELL.includes(url.pathname)) key = url.pathname;
  else if (req.mode === 'navigate') key = '/index.html';
  else return;
  const fresh = caches.open(CACHE).then((cache) => fetch(req).then((res) => {
    if (res.ok && res.type === 'basic') cache.put(key, res.clone());
    return res;
  }));
  event.waitUntil(fresh.catch(() => undefined)); // let the refresh finish
  event.respondWith(caches.match(key, { cacheName: CACHE }).then((cached) => cached || fresh));
});

// sw.js — the service worker: keeps the app shell loadable offline.
// Shell files are served from the cache at once and refreshed behind the
// scenes; API answers are never cached (they are personal and live).
const CACHE = 'telemed-shell-v1';
const SHELL = [
  '/', '/index.html', '/app.js', '/styles.css', '/manifest.webmanifest', '/icon.svg',
  '/js/api.js', '/js/i18n.js', '/js/html.js', '/js/layout.js', '/js/nav.js',
  '/js/pages/auth.js', '/js/pages/home.js', '/js/pages/profile.js',
  '/js/pages/admin_users.js', '/js/pages/admin_audit.js',
  '/vendor/preact/dist/preact.module.js', '/vendor/preact/hooks/dist/hooks.module.js',
  '/vendor/htm/dist/htm.module.js',
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
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws') return;
  // app routes are all the same page
  const key = SHELL.includes(url.pathname) ? url.pathname : '/index.html';
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(key);
      const fresh = fetch(event.request)
        .then((res) => {
          if (res.ok && SHELL.includes(url.pathname)) cache.put(key, res.clone());
          return res;
        })
        .catch(() => cached);
      return cached || fresh;
    }),
  );
});

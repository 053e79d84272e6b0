// transport.test.mjs — what every request meets before any handler: TLS
// versions, HTTP/2, security headers, generic errors, Origin checks, the
// WebSocket door and static files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import tls from 'node:tls';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

let server;
let api;

before(async () => {
  server = await startServer();
  api = client(server);
});

after(() => server.stop());

function tlsHandshake(options) {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca, ...options }, () => {
      resolve({ ok: true, protocol: socket.getProtocol(), alpn: socket.alpnProtocol });
      socket.end();
    });
    socket.on('error', (e) => resolve({ ok: false, error: e.code }));
  });
}

describe('TLS', () => {
  test('TLS 1.2 and 1.3 work, TLS 1.1 and 1.0 are refused', async () => {
    assert.equal((await tlsHandshake({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' })).protocol, 'TLSv1.3');
    assert.equal((await tlsHandshake({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })).protocol, 'TLSv1.2');
    for (const v of ['TLSv1.1', 'TLSv1']) {
      const r = await tlsHandshake({ minVersion: v, maxVersion: v, ciphers: 'DEFAULT@SECLEVEL=0' });
      assert.equal(r.ok, false, v);
    }
  });

  test('HTTP/2 is offered through ALPN and answers', async () => {
    assert.equal((await tlsHandshake({ ALPNProtocols: ['h2', 'http/1.1'] })).alpn, 'h2');
    const res = await api.http2get('/api/v1/health');
    assert.equal(res.alpn, 'h2');
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.text).status, 'ok');
    assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/);
  });
});

function assertSecurityHeaders(h, what) {
  const csp = h['content-security-policy'];
  assert.ok(csp, `${what}: CSP`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.match(csp, /default-src 'self'/, what);
  assert.match(h['strict-transport-security'], /max-age=\d{7,}/, what);
  assert.equal(h['x-content-type-options'], 'nosniff', what);
  assert.ok(h['referrer-policy'], what);
  assert.match(h['permissions-policy'], /camera=\(self\)/, what);
  assert.match(h['permissions-policy'], /microphone=\(self\)/, what);
}

describe('headers and errors', () => {
  test('security headers are on API answers, static files and errors', async () => {
    assertSecurityHeaders((await api.get('/api/v1/health')).headers, 'health');
    assertSecurityHeaders((await api.get('/app.js')).headers, 'static');
    assertSecurityHeaders((await api.get('/api/v1/nothing-here')).headers, '404');
    assertSecurityHeaders((await api.post('/api/v1/auth/login', { username: 'x', password: 'y' })).headers, '401');
  });

  test('the CSP allows exactly the import map by its hash', async () => {
    const page = await api.get('/');
    const map = page.text.match(/<script type="importmap">([\s\S]*?)<\/script>/)[1];
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(map).digest('base64');
    assert.ok(page.headers['content-security-policy'].includes(`'sha256-${hash}'`));
  });

  test('an unknown API path is a JSON 404, a wrong method a 405 with Allow', async () => {
    const nf = await api.get('/api/v1/no/such/thing');
    assert.equal(nf.status, 404);
    assert.equal(nf.json.error.code, 'not_found');
    const wm = await api.request('DELETE', '/api/v1/health');
    assert.equal(wm.status, 405);
    assert.equal(wm.json.error.code, 'method_not_allowed');
    assert.match(wm.headers.allow, /GET/);
    const login = await api.request('GET', '/api/v1/auth/login');
    assert.equal(login.status, 405);
    assert.match(login.headers.allow, /POST/);
  });

  test('broken JSON, non-objects, wrong types, unknown or missing fields are 400', async () => {
    const cases = [
      [{ body: '{"username":', headers: { 'content-type': 'application/json' } }, 'invalid_json'],
      [{ body: '[1,2]', headers: { 'content-type': 'application/json' } }, 'invalid_json'],
      [{ body: '', headers: { 'content-type': 'application/json' } }, 'invalid_json'],
      [{ json: { ...newUser(), role: 'patient', username: 42 } }, 'invalid_type'],
      [{ json: { ...newUser(), role: 'patient', is_admin: true } }, 'unknown_field'],
      [{ json: { username: 'someone', password: 'long enough pass' } }, 'missing_field'],
    ];
    for (const [opts, code] of cases) {
      const res = await api.request('POST', '/api/v1/auth/register', opts);
      assert.equal(res.status, 400, code);
      assert.equal(res.json.error.code, code);
      assert.ok(res.json.error.message.length > 0);
    }
  });

  test('a body that is not JSON is 415, one over the limit 413', async () => {
    const form = await api.request('POST', '/api/v1/auth/login', { body: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.equal(form.json.error.code, 'unsupported_media_type');
    const big = await api.request('POST', '/api/v1/auth/register', { body: '{"a":"' + 'x'.repeat(2 * 1024 * 1024) + '"}', headers: { 'content-type': 'application/json' } });
    assert.equal(big.status, 413);
    assert.equal(big.json.error.code, 'body_too_large');
    // the server is still fine afterwards
    assert.equal((await api.get('/api/v1/health')).status, 200);
  });
});

describe('Origin', () => {
  test('a foreign Origin on a state-changing request is refused', async () => {
    const u = newUser();
    const res = await api.request('POST', '/api/v1/auth/register', { json: { ...u, role: 'patient' }, origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'bad_origin');
    assert.equal((await api.login(u.username, u.password)).status, 401, 'nothing was written');
    const ours = await api.request('POST', '/api/v1/auth/register', { json: { ...u, role: 'patient' }, origin: server.url });
    assert.equal(ours.status, 201);
  });

  test('cookie-authenticated changes need our Origin; bearer ones do not', async () => {
    const u = newUser();
    const token = await api.session(u);
    const cookie = `__Host-telemed=${token}`;
    const noOrigin = await api.request('PATCH', '/api/v1/me', { cookie, json: { full_name: 'Changed' } });
    assert.equal(noOrigin.status, 403);
    assert.equal(noOrigin.json.error.code, 'bad_origin');
    const withOrigin = await api.request('PATCH', '/api/v1/me', { cookie, origin: server.url, json: { full_name: 'Changed' } });
    assert.equal(withOrigin.status, 200);
    const bearer = await api.request('PATCH', '/api/v1/me', { token, json: { full_name: 'Changed again' } });
    assert.equal(bearer.status, 200);
    const foreign = await api.request('PATCH', '/api/v1/me', { token, origin: 'https://evil.example', json: { full_name: 'x' } });
    assert.equal(foreign.status, 403);
  });

  function wsHandshake(origin, protocol = 'telemed.v1') {
    return new Promise((resolve) => {
      const req = https.request(`${server.url}/ws`, {
        ca: server.ca,
        headers: {
          connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13',
          'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
          'sec-websocket-protocol': protocol, ...(origin ? { origin } : {}),
        },
      });
      req.on('upgrade', (res, socket) => { resolve({ upgraded: true, protocol: res.headers['sec-websocket-protocol'] }); socket.destroy(); });
      req.on('response', (res) => { resolve({ upgraded: false, status: res.statusCode }); res.resume(); });
      req.on('error', () => resolve({ upgraded: false }));
      req.end();
    });
  }

  test('the WebSocket handshake checks Origin', async () => {
    const ours = await wsHandshake(server.url);
    assert.equal(ours.upgraded, true);
    assert.equal(ours.protocol, 'telemed.v1');
    assert.equal((await wsHandshake('https://evil.example')).upgraded, false);
    assert.equal((await wsHandshake(undefined)).upgraded, false);
  });
});

describe('static files', () => {
  test('the app, its modules and the SPA fallback have the right types', async () => {
    const index = await api.get('/');
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type'], /^text\/html/);
    assert.match(index.headers['cache-control'], /no-cache/);
    const spa = await api.get('/profile/sessions');
    assert.equal(spa.status, 200);
    assert.equal(spa.text, index.text);
    const js = await api.get('/vendor/preact/dist/preact.module.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /^text\/javascript/);
    assert.match(js.headers['cache-control'], /max-age=\d+/);
    const manifest = await api.get('/manifest.webmanifest');
    assert.match(manifest.headers['content-type'], /^application\/manifest\+json/);
    const css = await api.get('/styles.css');
    assert.match(css.headers['content-type'], /^text\/css/);
  });

  test('an ETag revalidates to 304', async () => {
    const first = await api.get('/app.js');
    assert.ok(first.headers.etag);
    const second = await api.get('/app.js', { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(second.status, 304);
    assert.equal(second.text, '');
  });

  test('no path escapes the web folder or the allowed packages', async () => {
    const secret = 'correct horse'; // nothing outside web/ may be served
    for (const path of ['/vendor/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd',
      '/vendor/playwright-core/package.json', '/vendor/preact/../../package.json', '/.git/config', '/vendor/%2e%2e/package.json']) {
      const res = await api.get(path);
      assert.ok(!res.text.includes('"playwright-core"') && !res.text.includes('root:x:0:0') &&
        !res.text.includes('[core]') && !res.text.includes(secret), path);
    }
  });

  test('static paths accept only GET and HEAD', async () => {
    const res = await api.request('POST', '/index.html', { body: 'x', headers: { 'content-type': 'text/plain' } });
    assert.equal(res.status, 405);
  });
});

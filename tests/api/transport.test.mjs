// transport.test.mjs — what every request meets before any handler: TLS
// versions, HTTP/2, security headers, generic errors, Origin checks, the
// WebSocket door and static files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import tls from 'node:tls';
import { createHash } from 'node:crypto';
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

  test('HTTP/2 is offered through ALPN and answers; clients that offer both get HTTP/1.1', async () => {
    // the server prefers HTTP/1.1 while libwebsockets 4.1.6's HTTP/2 drops
    // connections under browsers' request bodies (see the todo test below)
    assert.equal((await tlsHandshake({ ALPNProtocols: ['h2'] })).alpn, 'h2');
    assert.equal((await tlsHandshake({ ALPNProtocols: ['h2', 'http/1.1'] })).alpn, 'http/1.1');
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
  assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='(;|$)/, what);
  assert.match(csp, /object-src 'none'/, what);
  assert.match(h['strict-transport-security'], /max-age=\d{7,}/, what);
  assert.equal(h['x-content-type-options'], 'nosniff', what);
  assert.equal(h['referrer-policy'], 'no-referrer', what);
  const perms = h['permissions-policy'].split(/,\s*/);
  for (const p of ['camera=(self)', 'microphone=(self)', 'geolocation=()', 'payment=()']) assert.ok(perms.includes(p), `${what}: ${p}`);
}

describe('headers and errors', () => {
  test('security headers are on API answers, static files and errors', async () => {
    assertSecurityHeaders((await api.get('/api/v1/health')).headers, 'health');
    assertSecurityHeaders((await api.get('/app.js')).headers, 'static');
    assertSecurityHeaders((await api.get('/api/v1/nothing-here')).headers, '404');
    assertSecurityHeaders((await api.post('/api/v1/auth/login', { username: 'x', password: 'y' })).headers, '401');
    assertSecurityHeaders((await api.request('DELETE', '/api/v1/health')).headers, '405');
    assertSecurityHeaders((await api.get('/some/spa/path')).headers, 'SPA fallback');
    const app = await api.get('/app.js');
    assertSecurityHeaders((await api.get('/app.js', { headers: { 'if-none-match': app.headers.etag } })).headers, '304');
    assertSecurityHeaders((await api.http2get('/app.js')).headers, 'HTTP/2 static');
  });

  test('JSON answers say so, and API answers are not cached', async () => {
    for (const res of [await api.get('/api/v1/health'), await api.get('/api/v1/nope'), await api.get('/api/v1/me'),
      await api.request('DELETE', '/api/v1/health')]) {
      assert.match(res.headers['content-type'], /^application\/json/, String(res.status));
      assert.match(res.headers['cache-control'], /no-store/, String(res.status));
    }
    const health = await api.get('/api/v1/health');
    assert.deepEqual(health.json, { status: 'ok', version: health.json.version });
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
    const me = await api.request('DELETE', '/api/v1/me');
    assert.equal(me.status, 405);
    const allowed = me.headers.allow.split(/,\s*/);
    assert.ok(allowed.includes('GET') && allowed.includes('PATCH') && !allowed.includes('DELETE'), me.headers.allow);
    // anything under /api is the API's, never the single-page app
    for (const path of ['/api', '/api/', '/api/v2/health', '/api/v1', '/api/v1/health/extra']) {
      const res = await api.get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.json?.error?.code, 'not_found', path);
    }
    const post = await api.post('/api/v1/no/such/thing', {});
    assert.equal(post.status, 404);
    assert.equal(post.json.error.code, 'not_found');
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

  test('JSON must be UTF-8 and may say so', async () => {
    const bad = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","password":"long enough x"}')]);
    const res = await api.request('POST', '/api/v1/auth/login', { body: bad, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'invalid_json');
    const nul = await api.request('POST', '/api/v1/auth/login', { body: '{"username":"ab\\u0000c","password":"long enough x"}', headers: { 'content-type': 'application/json' } });
    assert.equal(nul.status, 400, 'a NUL inside a string is refused');
    const u = newUser();
    await api.register(u);
    const charset = await api.request('POST', '/api/v1/auth/login', { body: JSON.stringify({ username: u.username, password: u.password }),
      headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(charset.status, 200);
  });

  test('a body that is not JSON is 415, one over the limit 413', async () => {
    const none = await api.request('POST', '/api/v1/auth/login', { body: '{"username":"a","password":"b"}' });
    assert.equal(none.status, 415, 'a body without a Content-Type');
    assert.equal(none.json.error.code, 'unsupported_media_type');
    const plain = await api.request('POST', '/api/v1/auth/login', { body: '{"username":"a","password":"b"}', headers: { 'content-type': 'text/plain' } });
    assert.equal(plain.status, 415, 'text/plain, as a cross-site form could send');
    const form = await api.request('POST', '/api/v1/auth/login', { body: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.equal(form.json.error.code, 'unsupported_media_type');
    const big = await api.request('POST', '/api/v1/auth/register', { body: '{"a":"' + 'x'.repeat(4 * 1024 * 1024) + '"}', headers: { 'content-type': 'application/json' } });
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
    assert.equal((await api.get('/api/v1/me', { token })).json.user.full_name, 'Changed again', 'refused changes change nothing');
  });

  test('only our exact origins pass: scheme, host and port all count', async () => {
    const u = newUser();
    await api.register(u);
    const login = (origin) => api.request('POST', '/api/v1/auth/login', { json: { username: u.username, password: u.password }, origin });
    for (const origin of [`https://localhost:${server.port}`, `https://127.0.0.1:${server.port}`]) {
      assert.equal((await login(origin)).status, 200, origin);
    }
    for (const origin of ['null', `http://localhost:${server.port}`, `https://localhost:${server.port + 1}`, 'https://localhost',
      `https://localhost:${server.port}.evil.example`, `https://evil.example/https://localhost:${server.port}`, `https://xlocalhost:${server.port}`]) {
      const res = await login(origin);
      assert.equal(res.status, 403, origin);
      assert.equal(res.json.error.code, 'bad_origin', origin);
      assert.equal(res.headers['set-cookie'], undefined, origin);
    }
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
      req.on('upgrade', (res, socket) => {
        resolve({ upgraded: true, protocol: res.headers['sec-websocket-protocol'], accept: res.headers['sec-websocket-accept'] });
        socket.destroy();
      });
      req.on('response', (res) => { resolve({ upgraded: false, status: res.statusCode }); res.resume(); });
      req.on('error', () => resolve({ upgraded: false }));
      req.end();
    });
  }

  test('the WebSocket handshake checks Origin', async () => {
    const ours = await wsHandshake(server.url);
    assert.equal(ours.upgraded, true);
    assert.equal(ours.protocol, 'telemed.v1');
    // RFC 6455: the accept key proves a real WebSocket server answered
    const key = Buffer.from('0123456789abcdef').toString('base64');
    assert.equal(ours.accept, createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64'));
    assert.equal((await wsHandshake(`https://127.0.0.1:${server.port}`)).upgraded, true);
    assert.equal((await wsHandshake(`https://localhost:${server.port + 1}`)).upgraded, false);
    assert.equal((await wsHandshake('null')).upgraded, false);
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
    // uPlot, for the call-quality charts, with its style sheet
    const chart = await api.get('/vendor/uplot/dist/uPlot.esm.js');
    assert.equal(chart.status, 200);
    assert.match(chart.text, /export \{ uPlot as default \}/);
    const chartCss = await api.get('/vendor/uplot/dist/uPlot.min.css');
    assert.match(chartCss.headers['content-type'], /^text\/css/);
    const manifest = await api.get('/manifest.webmanifest');
    assert.match(manifest.headers['content-type'], /^application\/manifest\+json/);
    const css = await api.get('/styles.css');
    assert.match(css.headers['content-type'], /^text\/css/);
  });

  test('HEAD gives the headers of GET without a body', async () => {
    const get = await api.get('/app.js');
    const head = await api.request('HEAD', '/app.js');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(head.headers['content-type'], get.headers['content-type']);
    assert.equal(Number(head.headers['content-length']), Buffer.byteLength(get.text));
  });

  test('an ETag revalidates to 304', async () => {
    const first = await api.get('/app.js');
    assert.ok(first.headers.etag);
    const second = await api.get('/app.js', { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(second.status, 304);
    assert.equal(second.text, '');
    const index = await api.get('/');
    assert.ok(index.headers.etag);
    assert.equal((await api.get('/', { headers: { 'if-none-match': index.headers.etag } })).status, 304);
    const stale = await api.get('/app.js', { headers: { 'if-none-match': '"not-the-etag"' } });
    assert.equal(stale.status, 200);
    assert.equal(stale.text, first.text);
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

describe('request bodies on every transport', () => {
  // Browsers speak HTTP/2 here: bodies must arrive whole over it, whatever
  // their size, and the limit must answer 413 there too.
  test('an HTTP/2 register and login work, with the cookie', async () => {
    const u = newUser();
    const reg = await api.http2request('POST', '/api/v1/auth/register', { body: JSON.stringify({ ...u, role: 'patient' }), headers: { 'content-type': 'application/json' } });
    assert.equal(reg.status, 201, reg.text + reg.events.join());
    const login = await api.http2request('POST', '/api/v1/auth/login', { body: JSON.stringify({ username: u.username, password: u.password }), headers: { 'content-type': 'application/json' } });
    assert.equal(login.status, 200);
    assert.match(login.headers['set-cookie'][0], /^__Host-telemed=[A-Za-z0-9_-]{43}; /);
  });

  test('an HTTP/2 body of several DATA frames arrives whole', {
    // libwebsockets 4.1.6 checks the body still expected against the whole TLS read instead of the DATA frame at hand
    // ("More rx than content_length told"), so a read that holds the tail of one DATA frame and the last frame of the
    // body ends the connection with GOAWAY PROTOCOL_ERROR. node:http2 sends 16 kB frames that straddle TLS records
    // and trips it, and so did Chromium whenever a body's frame shared a record with the next request's frames
    // (fixed in later libwebsockets). Browsers are therefore served HTTP/1.1 (ALPN preference, src/net/server.c).
    todo: 'libwebsockets 4.1.6: a DATA frame followed in the same read by other frames ends the connection in GOAWAY',
  }, async () => {
    const u = newUser();
    await api.register(u);
    const login = JSON.stringify({ username: u.username, password: u.password });
    // JSON whitespace before a valid login: 20 kB is two DATA frames, 200 kB many; both under the limit
    for (const pad of [20_000, 200_000]) {
      const res = await api.http2request('POST', '/api/v1/auth/login', { body: ' '.repeat(pad) + login, headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 200, `${pad} bytes: ${res.status} ${res.text} ${res.events.join(', ')}`);
    }
  });

  test('an HTTP/2 body without content-length is read to its end', {
    todo: 'libwebsockets 4.1.6 delivers no body callbacks without content-length on HTTP/2; the server answers 411 instead of hanging',
  }, async () => {
    const u = newUser();
    await api.register(u);
    const res = await api.http2request('POST', '/api/v1/auth/login', { body: JSON.stringify({ username: u.username, password: u.password }),
      contentLength: false, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 200, `${res.status} ${res.text} ${res.events.join(', ')}`);
  });

  test('an HTTP/2 body over the limit is 413', async () => {
    const big = '{"a":"' + 'x'.repeat(4 * 1024 * 1024) + '"}';
    const res = await api.http2request('POST', '/api/v1/auth/register', { body: big, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 413, `${res.status} ${res.text} ${res.events.join(', ')}`);
    assert.equal(res.json.error.code, 'body_too_large');
    // without content-length the body cannot be read here (see the todo above): 411, not a hang
    const unsized = await api.http2request('POST', '/api/v1/auth/register', { body: '{}', contentLength: false, headers: { 'content-type': 'application/json' } });
    assert.equal(unsized.status, 411, `${unsized.status} ${unsized.text} ${unsized.events.join(', ')}`);
    assert.equal(unsized.json.error.code, 'length_required');
    assert.equal((await api.http2get('/api/v1/health')).status, 200);
  });

  function chunked(path, parts) {
    return new Promise((resolve) => {
      const req = https.request(`${server.url}${path}`, { method: 'POST', ca: server.ca,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', (e) => resolve({ status: undefined, text: '', error: e.code }));
      req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
      for (const p of parts) req.write(p);
      req.end();
    });
  }

  test('an HTTP/1.1 chunked body gets an answer, never a dropped connection', async () => {
    const u = newUser();
    await api.register(u);
    // RFC 9112 wants chunked bodies understood; refusing them with 411 is the least a server must do
    const small = await chunked('/api/v1/auth/login', [`{"username":"${u.username}",`, `"password":"${u.password}"}`]);
    assert.ok([200, 411].includes(small.status), `small chunked body: ${small.status ?? small.error} ${small.text}`);
    assert.equal(small.status, 411);
    assert.equal((await api.get('/api/v1/health')).status, 200);
  });

  test('a 2 MiB HTTP/1.1 chunked body gets its 411 before the connection ends', {
    todo: 'the server answers 411 and closes while the client still sends, so the client may see ECONNRESET first; reading and dropping the rest would fix it',
  }, async () => {
    const big = await chunked('/api/v1/auth/register', ['{"a":"', ...Array(64).fill('x'.repeat(32768)), '"}']);
    assert.ok([411, 413].includes(big.status), `2 MiB chunked body: ${big.status ?? big.error} ${big.text}`);
  });
});

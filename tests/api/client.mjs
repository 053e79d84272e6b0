// client.mjs — HTTPS requests to a test server that trust only its own
// certificate (so every test also proves the certificate is valid for
// localhost). No npm packages: node:https and node:http2.
import assert from 'node:assert/strict';
import https from 'node:https';
import http2 from 'node:http2';
import { telemed } from '../support/server.mjs';

export function client(server) {
  const agent = new https.Agent({ ca: server.ca, keepAlive: false });
  async function request(method, path, { body, json, headers = {}, token, cookie, origin } = {}) {
    const h = { ...headers };
    let payload = body;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      h['content-type'] ??= 'application/json';
    }
    if (token) h.authorization = `Bearer ${token}`;
    if (cookie) h.cookie = cookie;
    if (origin) h.origin = origin;
    if (payload !== undefined) h['content-length'] = Buffer.byteLength(payload);
    return new Promise((resolve, reject) => {
      const req = https.request(`${server.url}${path}`, { method, headers: h, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
          resolve({ status: res.statusCode, headers: res.headers, text, json: parsed });
        });
      });
      req.on('error', reject);
      req.setTimeout(20_000, () => req.destroy(new Error(`${method} ${path}: no answer in 20 s`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
  let adminAdded = false;
  const api = {
    request,
    // The administrator "boss", added with the command line the first time;
    // returns a session token.
    async admin() {
      if (!adminAdded) {
        const add = telemed(['user', 'add', '--data', server.dataDir, '--role', 'admin', '--username', 'boss', '--log-level', 'warn'],
          { input: 'the boss password\n' });
        if (add.code !== 0) throw new Error('admin add failed: ' + add.stderr);
        adminAdded = true;
      }
      return (await api.login('boss', 'the boss password')).json.token;
    },
    get: (path, o) => request('GET', path, o),
    post: (path, json, o = {}) => request('POST', path, { ...o, json }),
    async register(user) {
      return request('POST', '/api/v1/auth/register', { json: { role: 'patient', ...user } });
    },
    async login(username, password) {
      return request('POST', '/api/v1/auth/login', { json: { username, password } });
    },
    // Registers (if needed) and logs in; returns the token.
    async session(user) {
      await api.register(user);
      const res = await api.login(user.username, user.password);
      if (res.status !== 200) throw new Error('login failed: ' + res.text);
      return res.json.token;
    },
    // A doctor verified by an administrator (token adminToken), with an
    // optional profile; returns { id, token }.
    async verifiedDoctor(adminToken, { profile, ...extra } = {}) {
      const u = newUser({ role: 'doctor', ...extra });
      const id = (await api.register(u)).json.user.id;
      const verified = await request('POST', `/api/v1/admin/users/${id}/verify`, { token: adminToken });
      if (verified.status !== 200) throw new Error('verify failed: ' + verified.text);
      const token = (await api.login(u.username, u.password)).json.token;
      if (profile) {
        const res = await request('PATCH', `/api/v1/doctors/${id}`, { token, json: profile });
        if (res.status !== 200) throw new Error('profile failed: ' + res.text);
      }
      return { id, token };
    },
    // Every audit event, oldest first (admins only).
    async auditEvents(adminToken) {
      const events = [];
      let cursor = '';
      do {
        const res = await request('GET', `/api/v1/admin/audit?limit=100${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`, { token: adminToken });
        if (res.status !== 200) throw new Error('audit failed: ' + res.text);
        events.push(...res.json.events);
        cursor = res.json.next_cursor;
      } while (cursor);
      return events.reverse();
    },
    http2get(path) {
      return new Promise((resolve, reject) => {
        const session = http2.connect(server.url, { ca: server.ca });
        session.on('error', reject);
        const req = session.request({ ':path': path });
        let data = '';
        let headers;
        req.on('response', (h) => { headers = h; });
        req.on('data', (c) => { data += c; });
        req.on('end', () => {
          resolve({ status: headers[':status'], headers, text: data, alpn: session.alpnProtocol });
          session.close();
        });
        req.end();
      });
    },
    // Any request over HTTP/2 on a connection whose SETTINGS have arrived (as
    // on a browser's established connection). Never hangs: a missing answer
    // resolves with status undefined and what the connection said.
    http2request(method, path, { body, headers = {}, contentLength = true } = {}) {
      return new Promise((resolve) => {
        const session = http2.connect(server.url, { ca: server.ca });
        session.once('remoteSettings', () => send());
        const events = [];
        let status;
        let resHeaders = {};
        let text = '';
        let timer;
        let finished = false;
        const done = () => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          let parsed;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
          resolve({ status, headers: resHeaders, text, json: parsed, events, alpn: session.alpnProtocol });
          session.destroy();
        };
        session.on('error', (e) => events.push(`session error ${e.code}`));
        session.on('goaway', (code) => events.push(`goaway ${code}`));
        timer = setTimeout(() => { events.push('no answer in 10 s'); done(); }, 10_000);
        function send() {
          const h = { ':method': method, ':path': path, ...headers };
          if (body !== undefined && contentLength) h['content-length'] = String(Buffer.byteLength(body));
          const req = session.request(h);
          req.on('response', (x) => { resHeaders = x; status = x[':status']; });
          req.on('data', (c) => { text += c; });
          req.on('error', (e) => events.push(`stream error ${e.code}`));
          req.on('close', done);
          req.end(body);
        }
      });
    },
  };
  return api;
}

let counter = 0;
// A fresh patient each call.
export function newUser(extra = {}) {
  counter += 1;
  const id = `${process.pid}x${counter}`;
  return { username: `user${id}`, password: 'correct horse battery', full_name: `Test User ${id}`, email: `u${id}@example.org`, ...extra };
}

// An error answer: this status, JSON {"error":{"code","message"}} with this code and a message.
export function assertError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.equal(res.json.error.code, code);
  assert.ok(res.json.error.message.length > 0);
}

// The patient behind token gives (or withdraws) a consent to the current
// text of purpose; doctorId names the doctor of "share", or 'all' for every
// doctor of the clinic. Returns the consent record in force.
export async function giveConsent(api, token, purpose, doctorId, given = true) {
  const texts = (await api.get('/api/v1/consents/texts', { token })).json.purposes;
  const { version } = texts.find((t) => t.purpose === purpose);
  const json = { purpose, given, ...(given ? { version } : {}) };
  if (doctorId === 'all') json.all_doctors = true;
  else if (doctorId) json.doctor_id = doctorId;
  const res = await api.post('/api/v1/me/consents', json, { token });
  assert.ok(res.status === 201 || res.status === 200, res.text);
  return res.json.consent;
}

export const withdrawConsent = (api, token, purpose, doctorId) =>
  giveConsent(api, token, purpose, doctorId, false);

// client.mjs — HTTPS requests to a test server that trust only its own
// certificate (so every test also proves the certificate is valid for
// localhost). No npm packages: node:https and node:http2.
import https from 'node:https';
import http2 from 'node:http2';

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
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
  const api = {
    request,
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

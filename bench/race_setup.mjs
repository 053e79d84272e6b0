// race_setup.mjs — prepares make bench's booking race through telemed's own
// API: registers and logs in the racing patients, then picks the slots,
// 10 free slots of each of 10 doctors per round, from two days ahead on.
// Writes into --out: tokens (one token a line), sessions ("token user-id",
// for the Node.js peer) and slots-<round> ("doctor-id start" a line).
//   node bench/race_setup.mjs --url https://127.0.0.1:PORT --ca cert.pem
//     --patients 10 --rounds 3 --out DIR
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({ options: Object.fromEntries(['url', 'ca', 'patients', 'rounds', 'out']
  .map((k) => [k, { type: 'string' }])) });
const ca = readFileSync(a.ca);

function call(method, path, { token, json } = {}) {
  const body = json === undefined ? '' : JSON.stringify(json);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: a.url };
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(a.url + path, { method, ca, servername: 'localhost', headers }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => (res.statusCode < 300 ? resolve(text ? JSON.parse(text) : null)
        : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tokens = [];
const sessions = [];
for (let i = 0; i < Number(a.patients); i++) {
  const user = { role: 'patient', username: `racer${i}`, password: 'bench racer password', full_name: `Racer ${i}`, email: `racer${i}@bench.telemed` };
  await call('POST', '/api/v1/auth/register', { json: user });
  const login = await call('POST', '/api/v1/auth/login', { json: { username: user.username, password: user.password } });
  tokens.push(login.token);
  sessions.push(`${login.token} ${login.user.id}`);
}
writeFileSync(join(a.out, 'tokens'), tokens.join('\n') + '\n');
writeFileSync(join(a.out, 'sessions'), sessions.join('\n') + '\n');

const rounds = Number(a.rounds);
const from = new Date(Date.now() + 2 * 86400e3).toISOString();
const to = new Date(Date.now() + 16 * 86400e3).toISOString();
const { doctors } = await call('GET', '/api/v1/doctors?limit=40&sort=name', { token: tokens[0] });
const picked = [];
for (const d of doctors) {
  const slots = await call('GET', `/api/v1/doctors/${d.id}/slots?from=${from}&to=${to}`, { token: tokens[0] });
  const free = (slots.slots ?? slots).filter((s) => s.status === 'free');
  if (free.length >= 10 * rounds) picked.push(free.slice(0, 10 * rounds).map((s) => `${d.id} ${s.start}`));
  if (picked.length === 10) break;
}
if (picked.length < 10) throw new Error('race_setup: fewer than 10 doctors with enough free slots');
for (let r = 0; r < rounds; r++) {
  writeFileSync(join(a.out, `slots-${r + 1}`), picked.flatMap((list) => list.slice(10 * r, 10 * r + 10)).join('\n') + '\n');
}

// authz_matrix.test.mjs — issue 8's authorisation matrix: docs/authorization.md
// holds one row per route of src/api/router.c and one column per actor
// (anonymous, patient A who owns the resource, patient B, A's doctor D,
// doctor E without a care relationship, the administrator); this file fails
// when a route has no row or a row names no route, then sends every actor's
// request, with a valid body, and asserts the exact status of every cell.
// Each request that changes something gets fresh resources, so rows do not
// depend on their order; where cheap, a refused request is shown to have
// changed nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServer } from '../support/server.mjs';
import { assertError, client, giveConsent, newUser } from './client.mjs';
import { allDay } from './rooms.mjs';
import { authzRoutes, book } from './authz_routes.mjs';

const ACTORS = ['anonymous', 'A', 'B', 'D', 'E', 'admin'];

// The route table of the server: "METHOD /pattern" for each entry.
function routerRoutes() {
  const text = readFileSync(join(root, 'src/api/router.c'), 'utf8');
  return [...text.matchAll(/\{HTTP_([A-Z]+),\s*"([^"]+)"/g)].map(([, m, p]) => `${m} ${p}`);
}

// The matrix of docs/authorization.md: rows whose first cell is `METHOD /path`,
// the next six cells the expected statuses (the first three digits in each).
function tableRows() {
  const text = readFileSync(join(root, 'docs/authorization.md'), 'utf8');
  const rows = new Map();
  for (const line of text.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const route = /^`(GET|POST|PUT|PATCH|DELETE) (\/[^`]+)`$/.exec(cells[0] ?? '');
    if (!route) continue;
    const key = `${route[1]} ${route[2]}`;
    assert.ok(!rows.has(key), `${key} has two rows`);
    const statuses = cells.slice(1, 1 + ACTORS.length).map((c) => Number(/\b([1-5]\d\d)\b/.exec(c)?.[1]));
    assert.equal(statuses.filter((s) => s > 0).length, ACTORS.length, `${key}: a status in each of the ${ACTORS.length} cells`);
    rows.set(key, Object.fromEntries(ACTORS.map((a, i) => [a, statuses[i]])));
  }
  return rows;
}

// AUTHZ_DISCOVER=1: print what each cell answers instead of checking (to
// write a new row; every status still has to be judged by hand).
const discover = process.env.AUTHZ_DISCOVER === '1';
const table = discover ? new Map(routerRoutes().map((r) => [r, {}])) : tableRows();

test('the table has one row per route of router.c and names no other', () => {
  const routes = routerRoutes();
  assert.ok(routes.length > 50, 'router.c was read');
  assert.deepEqual(routes.filter((r) => !table.has(r)), [], 'routes without a row in docs/authorization.md');
  assert.deepEqual([...table.keys()].filter((r) => !routes.includes(r)), [], 'rows naming no route');
  assert.deepEqual(routes.filter((r) => !authzRoutes[r]), [], 'routes without a request in authz_routes.mjs');
});

let server, api, world;

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '120', '--research-k', '2'] });
  api = client(server);
  world = await buildWorld(server, api);
});

after(async () => server?.stop());

// Patients A and B, doctor D with an appointment with A and A's "share"
// consent, doctor E without, the administrator "boss"; slots of D to book.
async function buildWorld(srv, c) {
  const admin = await c.admin();
  const users = { A: newUser({ full_name: 'Patient Ana' }), B: newUser({ full_name: 'Patient Bruno' }) };
  const tokens = { admin };
  for (const p of ['A', 'B']) tokens[p] = await c.session(users[p]);
  for (const d of ['D', 'E']) {
    users[d] = newUser({ role: 'doctor', full_name: `Dr ${d}` });
    const id = (await c.register(users[d])).json.user.id;
    assert.equal((await c.post(`/api/v1/admin/users/${id}/verify`, undefined, { token: admin })).status, 200);
    tokens[d] = (await c.login(users[d].username, users[d].password)).json.token;
    assert.equal((await c.request('PATCH', `/api/v1/doctors/${id}`, { token: tokens[d], json: { specialty: 'general-practice' } })).status, 200);
  }
  users.admin = { username: 'boss', password: 'the boss password' };
  const ids = {};
  for (const a of ['A', 'B', 'D', 'E', 'admin']) ids[a] = (await c.get('/api/v1/me', { token: tokens[a] })).json.user.id;
  for (const d of ['D', 'E']) {
    const hours = await c.request('PUT', `/api/v1/doctors/${ids[d]}/hours`, { token: tokens[d], json: allDay });
    assert.equal(hours.status, 200, hours.text);
  }
  const from = new Date(Date.now() + 60_000).toISOString();
  const to = new Date(Date.now() + 3 * 86400_000).toISOString();
  const slots = await c.get(`/api/v1/doctors/${ids.D}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: tokens.A });
  assert.equal(slots.status, 200, slots.text);
  const free = slots.json.slots.filter((s) => s.status === 'free').map((s) => s.start);
  await giveConsent(c, tokens.A, 'share', ids.D);
  await giveConsent(c, tokens.A, 'sensors');
  await giveConsent(c, tokens.A, 'call_records');
  const sql = (q) => execFileSync('sqlite3', [join(srv.dataDir, 'telemed.db'), '.timeout 5000', q], { encoding: 'utf8' }).trim();
  const w = { api: c, users, tokens, ids, free, sql, cache: {} };
  w.nextSlot = () => {
    const s = w.free.shift();
    assert.ok(s, 'D has free slots left');
    return s;
  };
  // The appointment of A with D whose window is open now (the first slot).
  w.cache.appointment = await book(w);
  return w;
}

describe('every route × every actor', () => {
  for (const [route, expected] of table) {
    test(route, async () => {
      const spec = authzRoutes[route];
      assert.ok(spec, `no request for ${route} in authz_routes.mjs`);
      const seen = {};
      const wrong = []; // every cell that does not match, not only the first
      for (const actor of ACTORS) {
        try {
          seen[actor] = await cell(route, spec, actor, expected[actor]);
        } catch (err) {
          wrong.push(`${actor}: ${err.message.split('\n')[0]}`);
        }
      }
      if (discover) console.log(`| \`${route}\` | ${ACTORS.map((a) => seen[a]).join(' | ')} |`);
      assert.deepEqual(wrong, [], `${route}`);
    });
  }
});

// Sends actor's request of route and checks it answers want (in discover
// mode: anything) and what the row's checks say; returns what it answered.
async function cell(route, spec, actor, want) {
  const [method, pattern] = route.split(' ');
  const ctx = spec.setup ? await spec.setup(world, actor) : {};
  const marker = spec.sees && await spec.sees.marker(world);
  const r = spec.req(world, ctx, actor);
  const token = 'token' in r ? r.token : actor === 'anonymous' ? undefined : world.tokens[actor];
  const path = pattern.replace(/\{[a-z_]+\}/g, () => r.params.shift());
  const res = await world.api.request(method, path + (r.query ?? ''), { token, json: r.json, body: r.body, headers: r.headers });
  if (discover) want = res.status;
  assert.equal(res.status, want, `expected ${want}, got ${res.status} ${res.text.slice(0, 200)}`);
  if (want >= 400 && spec.unchanged) await spec.unchanged(world, ctx, actor);
  if (want < 400 && spec.done) await spec.done(world, ctx, actor, res);
  // a list answers 200 to everyone: only its owners find the resource in it
  if (want < 300 && spec.sees) assert.equal(res.text.includes(marker), spec.sees.who.includes(actor), `shows ${marker}?`);
  return res.status + (res.status >= 400 ? ` ${res.json?.error?.code}` : '');
}

// Credentials beside sessions end with them: locking an account stops its
// devices too (a device token is the account's as much as a session is).
test("a locked patient's device is refused with account_locked, and pushes again once unlocked", async () => {
  const user = newUser();
  const token = await api.session(user);
  await giveConsent(api, token, 'sensors');
  const id = (await api.get('/api/v1/me', { token })).json.user.id;
  const device = (await api.post('/api/v1/me/devices', { name: 'Scale' }, { token })).json;
  const push = (value) => api.post(`/api/v1/devices/${device.id}/observations`,
    { observations: [{ code: '8867-4', value, unit: '/min', at: new Date(Date.now() - 10_000).toISOString() }] }, { token: device.token });
  const admin = world.tokens.admin;
  assert.equal((await push(70)).status, 201);
  assert.equal((await api.post(`/api/v1/admin/users/${id}/lock`, undefined, { token: admin })).status, 200);
  assertError(await push(71), 403, 'account_locked');
  assert.equal((await api.post(`/api/v1/admin/users/${id}/unlock`, undefined, { token: admin })).status, 200);
  assert.equal((await push(72)).status, 201);
  const again = (await api.login(user.username, user.password)).json.token; // locking ended the session
  const mine = (await api.get('/api/v1/me/observations', { token: again })).json;
  assert.deepEqual(mine.items.map((o) => o.value).sort(), [70, 72], 'the refused reading was not kept');
});

// The column the matrix leaves out: a doctor with a care relationship but
// without A's "share" consent reads neither A's readings nor A's record.
test("a doctor who cares for A without A's share consent gets 403 consent_required", async () => {
  const admin = world.tokens.admin;
  const doctor = await api.verifiedDoctor(admin);
  assert.equal((await api.request('PUT', `/api/v1/doctors/${doctor.id}/hours`, { token: doctor.token, json: allDay })).status, 200);
  const from = new Date(Date.now() + 86400_000).toISOString();
  const to = new Date(Date.now() + 2 * 86400_000).toISOString();
  const [slot] = (await api.get(`/api/v1/doctors/${doctor.id}/slots?from=${from}&to=${to}`, { token: world.tokens.A })).json.slots;
  assert.equal((await api.post('/api/v1/appointments', { doctor_id: doctor.id, start: slot.start }, { token: world.tokens.A })).status, 201);
  for (const path of [`/api/v1/patients/${world.ids.A}/observations`, `/api/v1/patients/${world.ids.A}/record`]) {
    assertError(await api.get(path, { token: doctor.token }), 403, 'consent_required');
    assert.equal((await api.get(path, { token: world.tokens.D })).status, 200, 'D, whom A shares with, still reads it');
  }
});

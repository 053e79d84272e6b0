// accounts.test.mjs — every row of the accounts contract: health, register,
// login, logout, me, sessions, password change, admin users and audit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, telemed } from '../support/server.mjs';
import { assertError, client, newUser } from './client.mjs';

let server;
let api;
let adminToken;

before(async () => {
  server = await startServer();
  api = client(server);
  const add = telemed(['user', 'add', '--data', server.dataDir, '--role', 'admin', '--username', 'boss',
    '--full-name', 'Big Boss', '--log-level', 'warn'], { input: 'the boss password\n' });
  assert.equal(add.code, 0, add.stderr);
  adminToken = (await api.login('boss', 'the boss password')).json.token;
});

after(() => server.stop());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

// An error answer as the contract has it: status, JSON content type and code.

test('health answers ok with a version', async () => {
  const res = await api.get('/api/v1/health');
  assert.equal(res.status, 200);
  assert.equal(res.json.status, 'ok');
  assert.match(res.json.version, /^\d+\.\d+\.\d+$/);
});

describe('register', () => {
  test('a patient is active at once, with a random UUID', async () => {
    const u = newUser();
    const res = await api.register(u);
    assert.equal(res.status, 201);
    assert.match(res.json.user.id, UUID);
    assert.equal(res.json.user.username, u.username);
    assert.equal(res.json.user.full_name, u.full_name);
    assert.equal(res.json.user.email, u.email);
    assert.equal(res.json.user.role, 'patient');
    assert.equal(res.json.user.status, 'active');
    assert.match(res.json.user.created_at, INSTANT);
    assert.ok(Math.abs(Date.parse(res.json.user.created_at) - Date.now()) < 60_000);
    assert.equal(res.json.user.password, undefined);
    assert.equal(res.json.user.password_hash, undefined);
  });

  test('a doctor is pending until verified', async () => {
    const res = await api.register(newUser({ role: 'doctor' }));
    assert.equal(res.status, 201);
    assert.equal(res.json.user.status, 'pending');
  });

  test('a taken username is refused whatever its case', async () => {
    const u = newUser();
    assert.equal((await api.register(u)).status, 201);
    const again = await api.register({ ...newUser(), username: u.username.toUpperCase() });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'username_taken');
  });

  test('nobody registers as an administrator or with an invented role', async () => {
    for (const role of ['admin', 'nurse', '']) {
      const u = newUser({ role });
      assertError(await api.register(u), 422, 'invalid_value');
      assertError(await api.login(u.username, u.password), 401, 'invalid_credentials');
    }
  });

  test('passwords have 10 to 128 characters', async () => {
    const short = await api.register(newUser({ password: 'nine char' }));
    assert.equal(short.status, 422);
    assert.equal(short.json.error.code, 'weak_password');
    assertError(await api.register(newUser({ password: 'x'.repeat(129) })), 422, 'weak_password');
    assert.equal((await api.register(newUser({ password: 'x'.repeat(10) }))).status, 201);
    assert.equal((await api.register(newUser({ password: 'x'.repeat(128) }))).status, 201);
    // 10 characters of two bytes each are enough; 128 such characters too
    assert.equal((await api.register(newUser({ password: 'é'.repeat(10) }))).status, 201);
    assert.equal((await api.register(newUser({ password: 'é'.repeat(128) }))).status, 201);
  });

  test('usernames, names and e-mails are checked', async () => {
    for (const bad of [{ username: 'ab' }, { username: 'has space' }, { username: 'x'.repeat(33) },
      { username: '<script>' }, { username: 'josé' }, { full_name: '' }, { full_name: 'n'.repeat(101) },
      { email: 'no-at-sign' }, { email: 'a@b@c' }, { email: 'a'.repeat(250) + '@b.pt' }]) {
      const res = await api.register(newUser(bad));
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(res.json.error.code, 'invalid_value');
    }
  });

  test('a half-valid request writes nothing', async () => {
    const u = newUser({ email: 'broken' });
    assert.equal((await api.register(u)).status, 422);
    assert.equal((await api.register({ ...u, email: 'fixed@example.org' })).status, 201);
  });

  test('the longest allowed values are accepted', async () => {
    const u = newUser();
    const res = await api.register({ ...u, username: `u${process.pid}`.padEnd(32, '_'),
      full_name: 'N'.repeat(100), email: `${'a'.repeat(240)}@example.pt` });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.user.full_name.length, 100);
  });
});

describe('login and logout', () => {
  test('login gives a token, an expiry, the user and a strict cookie', async () => {
    const u = newUser();
    await api.register(u);
    const res = await api.login(u.username, u.password);
    assert.equal(res.status, 200);
    assert.match(res.json.token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(Date.parse(res.json.expires_at) > Date.now() + 11 * 3600e3);
    assert.deepEqual(Object.keys(res.json.user).filter((k) => ['id', 'username', 'full_name', 'role'].includes(k)).sort(),
      ['full_name', 'id', 'role', 'username']);
    assert.equal(res.json.user.username, u.username);
    assert.equal(res.json.user.role, 'patient');
    assert.equal(res.headers['set-cookie'].length, 1);
    const [pair, ...attrs] = res.headers['set-cookie'][0].split(/;\s*/);
    assert.equal(pair, `__Host-telemed=${res.json.token}`);
    const names = attrs.map((a) => a.split('=')[0].toLowerCase());
    for (const attr of ['Path=/', 'Secure', 'HttpOnly', 'SameSite=Strict']) assert.ok(attrs.includes(attr), attr);
    // nothing else but a lifetime: no Domain (a __Host- cookie must not have one)
    assert.deepEqual(names.filter((n) => !['path', 'secure', 'httponly', 'samesite', 'max-age', 'expires'].includes(n)), []);
    assert.match(res.headers['cache-control'], /no-store/, 'a token must not be cached');
  });

  test('login checks its body like every endpoint', async () => {
    assertError(await api.post('/api/v1/auth/login', { username: 'someone' }), 400, 'missing_field');
    assertError(await api.post('/api/v1/auth/login', { username: 'someone', password: 1234567890 }), 400, 'invalid_type');
    assertError(await api.post('/api/v1/auth/login', { username: 'someone', password: 'long enough x', remember: true }), 400, 'unknown_field');
  });

  test('a wrong password and an unknown user get the same answer', async () => {
    const u = newUser();
    await api.register(u);
    const wrong = await api.login(u.username, 'not the password');
    const unknown = await api.login('nobody' + u.username, 'not the password');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.json.error.code, 'invalid_credentials');
    assert.deepEqual(wrong.json, unknown.json);
    assert.equal(wrong.headers['set-cookie'], undefined);
    assert.equal(unknown.headers['set-cookie'], undefined);
  });

  test('logging out with the cookie needs our Origin and clears the cookie', async () => {
    const token = await api.session(newUser());
    const cookie = `__Host-telemed=${token}`;
    assertError(await api.post('/api/v1/auth/logout', undefined, { cookie }), 403, 'bad_origin');
    assert.equal((await api.get('/api/v1/me', { cookie })).status, 200, 'the refused logout left the session alone');
    const out = await api.post('/api/v1/auth/logout', undefined, { cookie, origin: server.url });
    assert.equal(out.status, 204);
    assert.match(out.headers['set-cookie'][0], /^__Host-telemed=;/);
    assertError(await api.get('/api/v1/me', { cookie }), 401, 'unauthenticated');
  });

  test('logout without a session is 401', async () => {
    assertError(await api.post('/api/v1/auth/logout'), 401, 'unauthenticated');
  });

  test('logout revokes the token', async () => {
    const token = await api.session(newUser());
    assert.equal((await api.get('/api/v1/me', { token })).status, 200);
    const out = await api.post('/api/v1/auth/logout', undefined, { token });
    assert.equal(out.status, 204);
    assert.match(out.headers['set-cookie'][0], /^__Host-telemed=;.*Max-Age=0/);
    const me = await api.get('/api/v1/me', { token });
    assert.equal(me.status, 401);
    assert.equal(me.json.error.code, 'unauthenticated');
  });
});

describe('me', () => {
  test('works with a bearer token and with the cookie', async () => {
    const u = newUser();
    const token = await api.session(u);
    const bearer = await api.get('/api/v1/me', { token });
    assert.equal(bearer.status, 200);
    assert.equal(bearer.json.user.username, u.username);
    assert.equal(bearer.json.user.full_name, u.full_name);
    assert.equal(bearer.json.user.password_hash, undefined);
    const viaCookie = await api.get('/api/v1/me', { cookie: `__Host-telemed=${token}` });
    assert.equal(viaCookie.status, 200);
    assert.equal(viaCookie.json.user.username, u.username);
    // among other cookies too
    const mixed = await api.get('/api/v1/me', { cookie: `lang=pt; __Host-telemed=${token}; theme=dark` });
    assert.equal(mixed.json.user.username, u.username);
  });

  test('a token is never taken from the URL', async () => {
    const token = await api.session(newUser());
    assertError(await api.get(`/api/v1/me?token=${token}`), 401, 'unauthenticated');
    assertError(await api.get(`/api/v1/me?access_token=${token}`), 401, 'unauthenticated');
  });

  test('no token, a garbage token or a tampered token is 401', async () => {
    const token = await api.session(newUser());
    for (const t of [undefined, 'garbage', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')]) {
      const res = await api.get('/api/v1/me', { token: t });
      assert.equal(res.status, 401);
      assert.equal(res.json.error.code, 'unauthenticated');
    }
  });

  test('the profile can be corrected', async () => {
    const token = await api.session(newUser());
    const res = await api.request('PATCH', '/api/v1/me', { token, json: { full_name: 'New Name' } });
    assert.equal(res.status, 200);
    assert.equal(res.json.user.full_name, 'New Name');
    assert.equal((await api.get('/api/v1/me', { token })).json.user.full_name, 'New Name');
    const bad = await api.request('PATCH', '/api/v1/me', { token, json: { role: 'admin' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'unknown_field');
    assertError(await api.request('PATCH', '/api/v1/me', { token, json: { email: 'not an address' } }), 422, 'invalid_value');
    assertError(await api.request('PATCH', '/api/v1/me', { token, json: { full_name: 7 } }), 400, 'invalid_type');
    const me = (await api.get('/api/v1/me', { token })).json.user;
    assert.equal(me.full_name, 'New Name');
    assert.equal(me.role, 'patient');
    assert.ok(me.email.includes('@'));
  });
});

describe('sessions', () => {
  test('a user lists and revokes their own sessions', async () => {
    const u = newUser();
    const first = await api.session(u);
    const second = (await api.login(u.username, u.password)).json.token;
    const list = await api.get('/api/v1/me/sessions', { token: first });
    assert.equal(list.status, 200);
    assert.equal(list.json.sessions.length, 2);
    assert.equal(list.json.sessions.filter((s) => s.current).length, 1);
    for (const s of list.json.sessions) {
      assert.match(s.id, UUID);
      for (const k of ['created_at', 'last_seen_at', 'expires_at']) assert.match(s[k], INSTANT, k);
      assert.equal(s.ip, '127.0.0.1');
      assert.equal(s.token, undefined);
      assert.ok(!JSON.stringify(s).includes(first) && !JSON.stringify(s).includes(second), 'no token in the list');
    }
    const other = list.json.sessions.find((s) => !s.current);
    const del = await api.request('DELETE', `/api/v1/me/sessions/${other.id}`, { token: first });
    assert.equal(del.status, 204);
    assert.equal((await api.get('/api/v1/me', { token: second })).status, 401);
    assert.equal((await api.get('/api/v1/me', { token: first })).status, 200);
  });

  test('a session shows the browser it was opened with, and can revoke itself', async () => {
    const u = newUser();
    await api.register(u);
    const token = (await api.request('POST', '/api/v1/auth/login', { json: { username: u.username, password: u.password },
      headers: { 'user-agent': 'TelemedTest/1.0 (phone)' } })).json.token;
    const [mine] = (await api.get('/api/v1/me/sessions', { token })).json.sessions;
    assert.equal(mine.user_agent, 'TelemedTest/1.0 (phone)');
    assert.equal((await api.request('DELETE', `/api/v1/me/sessions/${mine.id}`, { token })).status, 204);
    assertError(await api.get('/api/v1/me', { token }), 401, 'unauthenticated');
  });

  test("another user's session or an unknown one is 404", async () => {
    const mine = await api.session(newUser());
    const theirs = await api.session(newUser());
    const theirId = (await api.get('/api/v1/me/sessions', { token: theirs })).json.sessions[0].id;
    const res = await api.request('DELETE', `/api/v1/me/sessions/${theirId}`, { token: mine });
    assert.equal(res.status, 404);
    assert.equal((await api.get('/api/v1/me', { token: theirs })).status, 200);
    assertError(res, 404, 'not_found');
    const unknown = await api.request('DELETE', '/api/v1/me/sessions/00000000-0000-4000-8000-000000000000', { token: mine });
    assertError(unknown, 404, 'not_found');
    const junk = await api.request('DELETE', '/api/v1/me/sessions/..%2f..%2fetc', { token: mine });
    assert.equal(junk.status, 404);
  });

  test('a password change ends the other sessions and the new password works', async () => {
    const u = newUser();
    const keep = await api.session(u);
    const other = (await api.login(u.username, u.password)).json.token;
    const wrong = await api.post('/api/v1/me/password', { current_password: 'not it at all', new_password: 'a brand new secret' }, { token: keep });
    assertError(wrong, 401, 'invalid_credentials');
    const weak = await api.post('/api/v1/me/password', { current_password: u.password, new_password: 'too short' }, { token: keep });
    assertError(weak, 422, 'weak_password');
    assert.equal((await api.get('/api/v1/me', { token: other })).status, 200, 'refused changes end no session');
    const res = await api.post('/api/v1/me/password', { current_password: u.password, new_password: 'a brand new secret' }, { token: keep });
    assert.equal(res.status, 204);
    assert.equal((await api.get('/api/v1/me', { token: other })).status, 401);
    assert.equal((await api.get('/api/v1/me', { token: keep })).status, 200);
    assert.equal((await api.login(u.username, u.password)).status, 401);
    assert.equal((await api.login(u.username, 'a brand new secret')).status, 200);
  });
});

describe('administration', () => {
  test('only administrators list and verify users', async () => {
    const patient = await api.session(newUser());
    const doctorUser = newUser({ role: 'doctor' });
    const doctorId = (await api.register(doctorUser)).json.user.id;
    const doctor = (await api.login(doctorUser.username, doctorUser.password)).json.token;
    for (const token of [patient, doctor]) {
      const list = await api.get('/api/v1/admin/users?status=pending', { token });
      assert.equal(list.status, 403);
      assert.equal(list.json.error.code, 'forbidden');
      assert.equal((await api.post(`/api/v1/admin/users/${doctorId}/verify`, undefined, { token })).status, 403);
    }
    assertError(await api.get('/api/v1/admin/users?status=pending'), 401, 'unauthenticated');
    assertError(await api.post(`/api/v1/admin/users/${doctorId}/verify`), 401, 'unauthenticated');
    for (const token of [patient, doctor]) assertError(await api.get('/api/v1/admin/audit', { token }), 403, 'forbidden');
    assert.equal((await api.get('/api/v1/me', { token: doctor })).json.user.status, 'pending');

    const pending = await api.get('/api/v1/admin/users?status=pending', { token: adminToken });
    assert.equal(pending.status, 200);
    assert.ok(pending.json.users.some((x) => x.id === doctorId));
    assert.ok(pending.json.users.every((x) => x.status === 'pending'));
    const verify = await api.post(`/api/v1/admin/users/${doctorId}/verify`, undefined, { token: adminToken });
    assert.equal(verify.status, 200);
    assert.equal(verify.json.user.status, 'active');
    assert.equal((await api.get('/api/v1/me', { token: doctor })).json.user.status, 'active');
    const after = await api.get('/api/v1/admin/users?status=pending', { token: adminToken });
    assert.ok(!after.json.users.some((x) => x.id === doctorId));
  });

  test('verifying an unknown id is 404, a patient 409', async () => {
    const unknown = await api.post('/api/v1/admin/users/00000000-0000-4000-8000-000000000000/verify', undefined, { token: adminToken });
    assertError(unknown, 404, 'not_found');
    assertError(await api.post('/api/v1/admin/users/not-a-uuid/verify', undefined, { token: adminToken }), 404, 'not_found');
    const patientId = (await api.register(newUser())).json.user.id;
    const res = await api.post(`/api/v1/admin/users/${patientId}/verify`, undefined, { token: adminToken });
    assert.equal(res.status, 409);
  });

  test('user lists page with limit and cursor', async () => {
    for (let i = 0; i < 3; i++) await api.register(newUser({ role: 'doctor' }));
    const seen = new Set();
    let cursor = null;
    let pages = 0;
    do {
      const q = `/api/v1/admin/users?role=doctor&limit=2${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`;
      const res = await api.get(q, { token: adminToken });
      assert.equal(res.status, 200);
      assert.ok(res.json.users.length <= 2);
      for (const u of res.json.users) { assert.ok(!seen.has(u.id)); seen.add(u.id); }
      cursor = res.json.next_cursor;
      pages += 1;
    } while (cursor && pages < 50);
    assert.ok(pages >= 2);
    assert.ok(seen.size >= 3);
    const patients = await api.get('/api/v1/admin/users?role=patient&limit=100', { token: adminToken });
    assert.ok(patients.json.users.length > 0);
    assert.ok(patients.json.users.every((x) => x.role === 'patient' && x.password_hash === undefined));
    assert.equal((await api.get('/api/v1/admin/users?limit=0', { token: adminToken })).status, 422);
    assert.equal((await api.get('/api/v1/admin/users?status=bogus', { token: adminToken })).status, 422);
    assert.equal((await api.get('/api/v1/admin/users?cursor=junk', { token: adminToken })).status, 422);
  });

  test('the audit log records registrations, logins, failures, logouts, password changes and verifications', async () => {
    const u = newUser({ role: 'doctor' });
    const id = (await api.register(u)).json.user.id;
    await api.login(u.username, 'wrong password!');
    const token = (await api.login(u.username, u.password)).json.token;
    assert.equal((await api.post('/api/v1/me/password', { current_password: u.password, new_password: 'another good secret' }, { token })).status, 204);
    assert.equal((await api.post(`/api/v1/admin/users/${id}/verify`, undefined, { token: adminToken })).status, 200);
    await api.post('/api/v1/auth/logout', undefined, { token });
    const res = await api.get('/api/v1/admin/audit?limit=100', { token: adminToken });
    assert.equal(res.status, 200);
    const mine = res.json.events.filter((e) => e.subject_id === id);
    const actions = mine.map((e) => e.action);
    for (const action of ['user.register', 'auth.login_failed', 'auth.login', 'user.password_change', 'user.verify', 'auth.logout']) {
      assert.ok(actions.includes(action), action);
    }
    // newest first, in the order they happened
    assert.deepEqual(actions.filter((a) => a !== 'auth.login_failed'),
      ['auth.logout', 'user.verify', 'user.password_change', 'auth.login', 'user.register']);
    for (const e of mine) {
      assert.ok(Number.isInteger(e.seq), 'seq');
      assert.match(e.at, INSTANT);
      assert.equal(e.ip, '127.0.0.1');
      assert.ok('actor_id' in e && 'actor_role' in e && 'detail' in e);
    }
    const verify = mine.find((e) => e.action === 'user.verify');
    assert.equal(verify.actor_role, 'admin');
    assert.notEqual(verify.actor_id, id);
    assert.equal(mine.find((e) => e.action === 'auth.login').actor_id, id);
    const text = JSON.stringify(res.json);
    assert.ok(!text.includes('wrong password!'), 'a password must never reach the audit log');
    assert.ok(!text.includes(token), 'a token must never reach the audit log');
    assert.equal((await api.get('/api/v1/admin/audit', { token })).status, 401);
  });

  test('the audit log pages newest first with limit and cursor', async () => {
    const seqs = [];
    let cursor = null;
    for (let page = 0; page < 3; page++) {
      const res = await api.get(`/api/v1/admin/audit?limit=3${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`, { token: adminToken });
      assert.equal(res.status, 200);
      assert.equal(res.json.events.length, 3);
      seqs.push(...res.json.events.map((e) => e.seq));
      cursor = res.json.next_cursor;
      assert.ok(cursor);
    }
    for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] < seqs[i - 1], `seq ${seqs[i]} after ${seqs[i - 1]}`);
  });
});

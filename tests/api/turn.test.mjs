// turn.test.mjs — TURN for calls with Debian's coturn: the join answer
// carries STUN and TURN servers with a TURN REST API credential that lasts
// at most an hour; coturn accepts it and refuses a forged or an expired one;
// the shipped deploy/turnserver.conf refuses to relay to loopback; the
// clinic's privacy mode, or either participant's own, asks both browsers for
// relay only; the server refuses to start with a missing or readable secret
// file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, telemed } from '../support/server.mjs';
import { secretFile as writeSecret, startCoturn, turnCredential, uclient } from '../support/coturn.mjs';
import { client, newUser } from './client.mjs';
import { consultationSoon } from './rooms.mjs';

let turn;
let shipped;
let server;
let api;
let soon;
let patientToken;
const secretDir = mkdtempSync(join(tmpdir(), 'telemed-turn-'));

const secretFile = (text, mode) => writeSecret(secretDir, text, mode);

const turnUrls = () => [`turn:127.0.0.1:${turn.port}?transport=udp`, `turn:127.0.0.1:${turn.port}?transport=tcp`];

before(async () => {
  turn = await startCoturn();
  shipped = await startCoturn({ shipped: true });
  server = await startServer({ flags: ['--join-early-minutes', '20', '--stun-urls', `stun:127.0.0.1:${turn.port}`,
    '--turn-urls', turnUrls().join(','), '--turn-secret-file', secretFile(turn.secret), '--turn-ttl-seconds', '1800'] });
  api = client(server);
  soon = await consultationSoon(api, newUser({ role: 'doctor', full_name: 'Dr Tânia Turn' }), newUser());
  patientToken = soon.patientToken;
});

after(async () => {
  await server?.stop();
  await turn?.stop();
  await shipped?.stop();
  rmSync(secretDir, { recursive: true, force: true });
});

const joinAnswer = async (token) => {
  const res = await api.post(`/api/v1/appointments/${soon.appointment.id}/join`, undefined, { token });
  assert.equal(res.status, 200, res.text);
  return res.json;
};

test('the join answer carries STUN and TURN with a credential of the TURN REST API', async () => {
  const j = await joinAnswer(patientToken);
  assert.equal(j.ice_transport_policy, 'all');
  assert.deepEqual(j.ice_servers[0], { urls: [`stun:127.0.0.1:${turn.port}`] });
  const t = j.ice_servers[1];
  assert.deepEqual(t.urls, turnUrls());
  const [expiry, user] = t.username.split(':');
  assert.equal(user, j.self.id, 'the username names the participant');
  const left = Number(expiry) - Date.now() / 1000;
  assert.ok(left > 1790 && left <= 1801, `expires in the configured 30 minutes, not ${left} s`);
  assert.deepEqual(t, { urls: t.urls, ...turnCredential(turn.secret, user, Number(expiry)) });
  const d = await joinAnswer(soon.doctor.token);
  assert.equal(d.ice_servers[1].username.split(':')[1], soon.doctor.id, 'each participant has their own');
});

test("coturn relays with the credential telemed gave, over UDP and TCP", async () => {
  const t = (await joinAnswer(patientToken)).ice_servers[1];
  const udp = uclient(turn, t);
  assert.ok(udp.ok, udp.output);
  const tcp = uclient(turn, t, { tcp: true });
  assert.ok(tcp.ok, tcp.output);
});

test('coturn refuses a forged and an expired credential', async () => {
  const t = (await joinAnswer(patientToken)).ice_servers[1];
  const forged = uclient(turn, { username: t.username, credential: turnCredential('not the secret', 'x', 1).credential });
  assert.ok(!forged.ok, 'a forged password is refused');
  assert.match(forged.output, /Cannot complete Allocation/);
  const user = t.username.split(':')[1];
  const expired = uclient(turn, turnCredential(turn.secret, user, Math.floor(Date.now() / 1000) - 60));
  assert.ok(!expired.ok, 'an expired credential is refused even when correctly signed');
  assert.match(expired.output, /Cannot complete Allocation/);
  const longer = uclient(turn, { username: t.username.replace(/^\d+/, String(Math.floor(Date.now() / 1000) + 86400)), credential: t.credential });
  assert.ok(!longer.ok, 'a participant cannot extend their own credential');
});

test('the shipped coturn configuration does not relay to loopback', () => {
  const good = turnCredential(shipped.secret, 'someone', Math.floor(Date.now() / 1000) + 600);
  const r = uclient(shipped, good);
  assert.ok(!r.ok, 'relaying to 127.0.0.1 must be refused');
  assert.match(r.output, /403 \(Forbidden IP\)/);
});

test("the clinic's privacy mode makes every call relay-only", async () => {
  const relay = await startServer({ flags: ['--join-early-minutes', '20', '--turn-urls', turnUrls()[0],
    '--turn-secret-file', secretFile(turn.secret), '--relay-only', '1'] });
  try {
    const c = client(relay);
    const s = await consultationSoon(c, newUser({ role: 'doctor' }), newUser());
    const j = (await c.post(`/api/v1/appointments/${s.appointment.id}/join`, undefined, { token: s.patientToken })).json;
    assert.equal(j.ice_transport_policy, 'relay');
    assert.equal(j.ice_servers.length, 1);
    assert.ok(j.ice_servers[0].credential);
  } finally {
    await relay.stop();
  }
});

const setRelayOnly = (token, value) => api.request('PATCH', '/api/v1/me', { token, json: { relay_only: value } });

test("a participant's own privacy mode makes the call relay-only for both sides", async () => {
  const s = await consultationSoon(api, newUser({ role: 'doctor' }), newUser());
  const policy = async (token) => {
    const res = await api.post(`/api/v1/appointments/${s.appointment.id}/join`, undefined, { token });
    assert.equal(res.status, 200, res.text);
    return res.json.ice_transport_policy;
  };
  assert.equal((await api.get('/api/v1/me', { token: s.patientToken })).json.user.relay_only, false, 'off unless asked');
  const on = await setRelayOnly(s.patientToken, true);
  assert.equal(on.status, 200, on.text);
  assert.equal(on.json.user.relay_only, true);
  assert.equal((await api.get('/api/v1/me', { token: s.patientToken })).json.user.relay_only, true, 'kept');
  assert.equal(await policy(s.doctor.token), 'relay', "the doctor's page goes through the relay for the patient's sake");
  assert.equal(await policy(s.patientToken), 'relay');
  // a change of name leaves the setting alone; turning it off ends it
  const renamed = await api.request('PATCH', '/api/v1/me', { token: s.patientToken, json: { full_name: 'Pat Private' } });
  assert.equal(renamed.json.user.relay_only, true);
  assert.equal((await setRelayOnly(s.patientToken, false)).json.user.relay_only, false);
  assert.equal(await policy(s.doctor.token), 'all');
  // the doctor may ask as well
  assert.equal((await setRelayOnly(s.doctor.token, true)).status, 200);
  assert.equal(await policy(s.patientToken), 'relay');
});

test('the privacy setting takes only true or false, and nothing else in the same body', async () => {
  const token = await api.session(newUser());
  for (const [body, status, code] of [
    [{ relay_only: 'yes' }, 400, 'invalid_type'],
    [{ relay_only: 1 }, 400, 'invalid_type'],
    [{ relay_only: null }, 400, 'invalid_type'],
    [{ relay_only: true, relay: true }, 400, 'unknown_field'],
    [{ relay_only: true, email: 'not an address' }, 422, 'invalid_value'],
  ]) {
    const res = await api.request('PATCH', '/api/v1/me', { token, json: body });
    assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
    assert.equal(res.json.error.code, code);
  }
  assert.equal((await api.get('/api/v1/me', { token })).json.user.relay_only, false, 'nothing was half-written');
});

test('no TURN servers configured: an empty list, no credential, and no relay-only setting', async () => {
  const plain = await startServer({ flags: ['--join-early-minutes', '20'] });
  try {
    const c = client(plain);
    const s = await consultationSoon(c, newUser({ role: 'doctor' }), newUser());
    const j = (await c.post(`/api/v1/appointments/${s.appointment.id}/join`, undefined, { token: s.patientToken })).json;
    assert.deepEqual(j.ice_servers, []);
    assert.equal(j.ice_transport_policy, 'all');
    // relay-only calls could never connect here: the person is told now
    const refused = await c.request('PATCH', '/api/v1/me', { token: s.patientToken, json: { relay_only: true } });
    assert.equal(refused.status, 409, refused.text);
    assert.match(refused.json.error.message, /no TURN relay/);
    assert.equal((await c.get('/api/v1/me', { token: s.patientToken })).json.user.relay_only, false);
  } finally {
    await plain.stop();
  }
});

test('the server will not start with a missing, readable or short secret, or relay-only without TURN', async () => {
  const data = mkdtempSync(join(tmpdir(), 'telemed-turn-data-'));
  const serve = (flags) => telemed(['serve', '--data', data, '--port', '1', '--log-level', 'warn', ...flags]);
  try {
    const missing = serve(['--turn-urls', 'turn:127.0.0.1:3478']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /--turn-urls needs --turn-secret-file/);
    const readable = serve(['--turn-urls', 'turn:127.0.0.1:3478', '--turn-secret-file', secretFile('a long enough secret here', 0o644)]);
    assert.notEqual(readable.code, 0);
    assert.match(readable.stderr, /must not be readable by others/);
    assert.doesNotMatch(readable.stderr, /a long enough secret/, 'the secret is never printed');
    const short = serve(['--turn-urls', 'turn:127.0.0.1:3478', '--turn-secret-file', secretFile('short')]);
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /must be 16 to 256 characters/);
    const relay = serve(['--relay-only', '1']);
    assert.notEqual(relay.code, 0);
    assert.match(relay.stderr, /--relay-only needs --turn-urls/);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

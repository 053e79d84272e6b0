// vitals.test.mjs — vital signs (issue 7): a patient records observations
// (LOINC code, UCUM unit, value, instant, source) by hand, from sensors in
// the browser only with the "sensors" consent, or from a device with a
// token they issue and revoke; bad input is a 400 that writes nothing; a
// doctor reads a patient's only with a care relationship and the "share"
// consent; doctors set thresholds per patient, and a reading that crosses
// one raises an alert, pushed live to the doctor and acknowledged by them;
// every read and write is audited and the store holds none of the values,
// before and after `telemed keys rotate`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startServer, telemed } from '../support/server.mjs';
import { assertError, client, giveConsent, withdrawConsent } from './client.mjs';
import { liveClient } from './live_client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

let server, api, admin, doctor, otherDoctor, patient, stranger;
const open = [];

const HR = '8867-4', SPO2 = '59408-5', TEMP = '8310-5', WEIGHT = '29463-7';
const minutesAgo = (m) => new Date(Date.now() - m * 60_000).toISOString();
const hr = (value, m = 1, source = 'manual') => ({ code: HR, value, unit: '/min', at: minutesAgo(m), source });
const spo2 = (value, m = 1, source = 'manual') => ({ code: SPO2, value, unit: '%', at: minutesAgo(m), source });
const add = (token, observations) => api.post('/api/v1/me/observations', { observations }, { token });
const mine = (token, q = '') => api.get(`/api/v1/me/observations${q}`, { token });
const ofPatient = (token, id, q = '') => api.get(`/api/v1/patients/${id}/observations${q}`, { token });
const push = (device, token, observations) => api.post(`/api/v1/devices/${device}/observations`, { observations }, { token });
const setThresholds = (token, id, items) => api.request('PUT', `/api/v1/patients/${id}/thresholds`, { token, json: { items } });
const alerts = (token, state = 'open') => api.get(`/api/v1/alerts?state=${state}`, { token });
const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), q], { encoding: 'utf8' }).trim();
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));
const consent = (p, purpose, doctorId) => giveConsent(api, p.token, purpose, doctorId);
const withdraw = (p, purpose, doctorId) => withdrawConsent(api, p.token, purpose, doctorId);

// A patient of doctor's (one booked appointment), with the consents asked.
async function patientOf(of, consents = []) {
  const p = await patientSession(api, { full_name: 'Vera Vitals' });
  await bookNext(api, of, [p.token]);
  for (const c of consents) await consent(p, ...c);
  return p;
}

async function issueDevice(p, name = 'Bedside pulse oximeter') {
  const res = await api.post('/api/v1/me/devices', { name }, { token: p.token });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Helena Heart' });
  otherDoctor = await verifiedDoctor(api, admin);
  patient = await patientOf(doctor);
  stranger = await patientSession(api);
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

describe('recording observations', () => {
  test('the patient types readings in; they come back oldest first with their units', async () => {
    const res = await add(patient.token, [hr(72, 30), spo2(97, 20), { code: TEMP, value: 36.6, unit: 'Cel', at: minutesAgo(10), source: 'manual' }]);
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.json.items.map((o) => [o.code, o.value, o.unit, o.source]),
      [[HR, 72, '/min', 'manual'], [SPO2, 97, '%', 'manual'], [TEMP, 36.6, 'Cel', 'manual']]);
    assert.deepEqual(res.json.alerts, []);
    for (const o of res.json.items) assert.match(o.id, /^[0-9a-f-]{36}$/);
    const read = await mine(patient.token);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.json.items.map((o) => o.value), [72, 97, 36.6]);
    assert.equal(read.json.items[0].at, new Date(res.json.items[0].at).toISOString());
    const onlyHr = await mine(patient.token, `?code=${HR}`);
    assert.deepEqual(onlyHr.json.items.map((o) => o.value), [72]);
    const window = await mine(patient.token, `?from=${encodeURIComponent(minutesAgo(25))}&to=${encodeURIComponent(minutesAgo(15))}`);
    assert.deepEqual(window.json.items.map((o) => o.code), [SPO2]);
  });

  test('older than 30 days is outside the default window but found with from', async () => {
    const p = await patientSession(api);
    assert.equal((await add(p.token, [hr(64, 40 * 24 * 60), hr(66, 5)])).status, 201);
    assert.deepEqual((await mine(p.token)).json.items.map((o) => o.value), [66]);
    const from = encodeURIComponent(minutesAgo(41 * 24 * 60));
    assert.deepEqual((await mine(p.token, `?from=${from}`)).json.items.map((o) => o.value), [64, 66]);
  });

  test('sensor readings need the sensors consent: 403 consent_required, then accepted', async () => {
    const p = await patientSession(api);
    for (const source of ['bluetooth', 'simulated']) {
      assertError(await add(p.token, [hr(80, 1, source)]), 403, 'consent_required');
      assertError(await add(p.token, [hr(80, 2), hr(81, 1, source)]), 403, 'consent_required');
    }
    assert.deepEqual((await mine(p.token)).json.items, [], 'nothing stored, not even the manual one');
    await consent(p, 'sensors');
    const res = await add(p.token, [hr(80, 2, 'bluetooth'), hr(82, 1, 'simulated')]);
    assert.equal(res.status, 201, res.text);
    assert.deepEqual((await mine(p.token)).json.items.map((o) => o.source), ['bluetooth', 'simulated']);
    await withdraw(p, 'sensors');
    assertError(await add(p.token, [hr(83, 0, 'bluetooth')]), 403, 'consent_required');
    assert.equal((await add(p.token, [hr(83, 0)])).status, 201, 'manual entry needs no consent');
  });

  test('bad input is a 400 that names the problem and stores nothing', async () => {
    const before = count('observations');
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
    const cases = [
      [[{ ...hr(70), code: '1234-5' }], 'bad_request', /unknown code/],
      [[{ ...hr(70), unit: 'bpm' }], 'bad_request', /unit of 8867-4 is \/min/],
      [[{ ...spo2(97), unit: '/min' }], 'bad_request', /unit/],
      [[hr(10)], 'bad_request', /from 20 to 300/],
      [[hr(301)], 'bad_request', /from 20 to 300/],
      [[hr(70), spo2(101)], 'bad_request', /observations\[1\]/],
      [[{ ...hr(70), at: ahead }], 'bad_request', /5 minutes ahead/],
      [[{ ...hr(70), at: 'yesterday' }], 'bad_request', /RFC 3339/],
      [[{ ...hr(70), source: 'device' }], 'bad_request', /source/],
      [[{ ...hr(70), source: 'telepathy' }], 'bad_request', /source/],
      [[], 'bad_request', /1 to 100/],
      [Array.from({ length: 101 }, (_, i) => hr(70, i)), 'bad_request', /1 to 100/],
      [[{ ...hr(70), note: 'after a run' }], 'unknown_field', /observations\[0\].*note/],
      [[{ ...hr(70), value: '70' }], 'invalid_type', /value/],
      [[{ code: HR, value: 70, unit: '/min', source: 'manual' }], 'missing_field', /at/],
      [['70 bpm'], 'invalid_type', /object/],
    ];
    for (const [observations, code, message] of cases) {
      const res = await add(patient.token, observations);
      assertError(res, 400, code);
      assert.match(res.json.error.message, message, JSON.stringify(observations).slice(0, 80));
    }
    assertError(await api.post('/api/v1/me/observations', { observations: [hr(70)], extra: 1 }, { token: patient.token }), 400, 'unknown_field');
    assert.equal(count('observations'), before);
    const soon = new Date(Date.now() + 4 * 60_000).toISOString();
    assert.equal((await add(patient.token, [{ ...hr(70), at: soon }])).status, 201, 'a clock a little ahead is fine');
    assert.equal((await add(patient.token, Array.from({ length: 100 }, (_, i) => hr(60 + (i % 30), 60 + i)))).status, 201);
  });

  test('only patients record; reads are checked', async () => {
    assertError(await add(doctor.token, [hr(70)]), 403, 'forbidden');
    assertError(await mine(doctor.token), 403, 'forbidden');
    assert.deepEqual((await mine(stranger.token)).json.items, [], 'a patient sees only their own');
    for (const q of ['?code=1234-5', '?code=' + 'x'.repeat(40), '?from=nonsense', '?to=2026-13-01T00:00:00Z',
      `?from=${encodeURIComponent(minutesAgo(1))}&to=${encodeURIComponent(minutesAgo(10))}`]) {
      assertError(await mine(patient.token, q), 400, 'bad_request');
    }
  });
});

describe('a doctor reading a patient\'s observations', () => {
  test('needs a care relationship (else 404) and the share consent (else 403 consent_required); audited', async () => {
    const p = await patientOf(doctor);
    assert.equal((await add(p.token, [hr(75, 3), spo2(95, 2)])).status, 201);
    assertError(await ofPatient(otherDoctor.token, p.id), 404, 'not_found');
    assertError(await ofPatient(doctor.token, stranger.id), 404, 'not_found');
    assertError(await ofPatient(doctor.token, 'not-an-id'), 404, 'not_found');
    assertError(await ofPatient(p.token, p.id), 404, 'not_found');
    assertError(await ofPatient(doctor.token, p.id), 403, 'consent_required');
    await consent(p, 'share', otherDoctor.id);
    assertError(await ofPatient(doctor.token, p.id), 403, 'consent_required', 'consent to another doctor is not this one\'s');
    assertError(await ofPatient(otherDoctor.token, p.id), 404, 'not_found', 'consent without care is not enough');
    await consent(p, 'share', doctor.id);
    const read = await ofPatient(doctor.token, p.id, `?code=${SPO2}`);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.json.items.map((o) => [o.code, o.value]), [[SPO2, 95]]);
    await withdraw(p, 'share', doctor.id);
    assertError(await ofPatient(doctor.token, p.id), 403, 'consent_required');
    const events = await api.auditEvents(admin);
    const reads = events.filter((e) => e.action === 'observation.read' && e.subject_id === p.id);
    assert.ok(reads.some((e) => e.actor_id === doctor.id && e.detail.count === 1), 'the doctor\'s read');
    assert.ok(events.some((e) => e.action === 'observation.add' && e.actor_id === p.id && e.detail.count === 2));
  });
});

describe('devices', () => {
  test('a device pushes with its token; the token is shown once and refused once revoked', async () => {
    const p = await patientOf(doctor, [['sensors']]);
    const d = await issueDevice(p);
    assert.equal(d.name, 'Bedside pulse oximeter');
    assert.match(d.token, /^[A-Za-z0-9_-]{43}$/);
    const pushed = await push(d.id, d.token, [{ code: SPO2, value: 96, unit: '%', at: minutesAgo(1) }]);
    assert.equal(pushed.status, 201, pushed.text);
    assert.equal(pushed.json.items[0].source, 'device');
    const sourced = await push(d.id, d.token, [spo2(94, 0, 'manual')]);
    assert.equal(sourced.json.items[0].source, 'device', 'a device\'s readings are the device\'s');
    assert.deepEqual((await mine(p.token)).json.items.map((o) => [o.value, o.source]), [[96, 'device'], [94, 'device']]);
    const list = await api.get('/api/v1/me/devices', { token: p.token });
    assert.equal(list.status, 200);
    assert.equal(list.json.items.length, 1);
    assert.equal(list.json.items[0].token, undefined, 'never shown again');
    assert.ok(list.json.items[0].last_used_at);
    assert.equal(list.json.items[0].revoked_at, null);
    assert.ok(!sql('SELECT token_hash FROM devices').includes(d.token), 'stored as a hash');

    const other = await issueDevice(p, 'Scale');
    assertError(await push(other.id, d.token, [spo2(95)]), 401, 'unauthenticated');
    assertError(await push(d.id, other.token, [spo2(95)]), 401, 'unauthenticated');
    assertError(await push(d.id, 'x'.repeat(43), [spo2(95)]), 401, 'unauthenticated');
    assertError(await push(d.id, undefined, [spo2(95)]), 401, 'unauthenticated');
    assertError(await push(d.id, p.token, [spo2(95)]), 401, 'unauthenticated', 'a session is no device token');
    assertError(await push(d.id, d.token, [{ ...spo2(95), unit: 'percent' }]), 400, 'bad_request');

    assertError(await api.request('DELETE', `/api/v1/me/devices/${d.id}`, { token: stranger.token }), 404, 'not_found');
    assert.equal((await api.request('DELETE', `/api/v1/me/devices/${d.id}`, { token: p.token })).status, 204);
    assertError(await push(d.id, d.token, [spo2(95)]), 401, 'unauthenticated');
    assert.equal((await api.request('DELETE', `/api/v1/me/devices/${d.id}`, { token: p.token })).status, 204, 'again: no change');
    const after = (await api.get('/api/v1/me/devices', { token: p.token })).json.items;
    assert.deepEqual(after.map((x) => [x.name, x.revoked_at !== null]), [['Bedside pulse oximeter', true], ['Scale', false]]);
    assert.equal((await push(other.id, other.token, [{ code: WEIGHT, value: 71.5, unit: 'kg', at: minutesAgo(0) }])).status, 201);
    assert.equal((await mine(p.token, `?code=${WEIGHT}`)).json.items[0].value, 71.5);
    const events = await api.auditEvents(admin);
    assert.ok(events.some((e) => e.action === 'device.issue' && e.detail.device_id === d.id && e.actor_id === p.id));
    assert.ok(events.some((e) => e.action === 'device.revoke' && e.detail.device_id === d.id));
    assert.ok(events.some((e) => e.action === 'observation.add' && e.detail.device_id === other.id));
  });

  test('a device\'s readings need the sensors consent; only patients have devices', async () => {
    const p = await patientSession(api);
    const d = await issueDevice(p);
    assertError(await push(d.id, d.token, [hr(70)]), 403, 'consent_required');
    await consent(p, 'sensors');
    assert.equal((await push(d.id, d.token, [hr(70)])).status, 201);
    await withdraw(p, 'sensors');
    assertError(await push(d.id, d.token, [hr(71)]), 403, 'consent_required');
    assert.equal((await mine(p.token)).json.items.length, 1);
    assertError(await api.post('/api/v1/me/devices', { name: 'x' }, { token: doctor.token }), 403, 'forbidden');
    assertError(await api.post('/api/v1/me/devices', { name: '' }, { token: p.token }), 422, 'invalid_value');
    assertError(await api.post('/api/v1/me/devices', { name: 'x', kind: 'y' }, { token: p.token }), 400, 'unknown_field');
    assertError(await api.request('DELETE', '/api/v1/me/devices/not-an-id', { token: p.token }), 404, 'not_found');
  });
});

describe('thresholds and alerts', () => {
  test('a caring doctor sets and replaces thresholds; others get 404; bad ones 400', async () => {
    const p = await patientOf(doctor);
    const set = await setThresholds(doctor.token, p.id, [{ code: HR, above: 120, below: null }, { code: SPO2, below: 92 }]);
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.json.items, [{ code: HR, above: 120, below: null }, { code: SPO2, above: null, below: 92 }]);
    assert.deepEqual((await api.get(`/api/v1/patients/${p.id}/thresholds`, { token: doctor.token })).json.items, set.json.items);
    const replaced = await setThresholds(doctor.token, p.id, [{ code: HR, above: 110, below: 45 }]);
    assert.deepEqual(replaced.json.items, [{ code: HR, above: 110, below: 45 }]);
    const mineT = await api.get('/api/v1/me/thresholds', { token: p.token });
    assert.deepEqual(mineT.json.items, [{ doctor: { id: doctor.id, name: 'Dr Helena Heart' }, code: HR, above: 110, below: 45 }]);
    for (const token of [otherDoctor.token, p.token]) {
      assertError(await api.get(`/api/v1/patients/${p.id}/thresholds`, { token }), 404, 'not_found');
      assertError(await setThresholds(token, p.id, [{ code: HR, above: 100 }]), 404, 'not_found');
    }
    for (const items of [[{ code: '1234-5', above: 1 }], [{ code: HR, above: 100 }, { code: HR, below: 40 }],
      [{ code: HR, above: 50, below: 60 }], [{ code: HR, above: 1000 }]]) {
      assertError(await setThresholds(doctor.token, p.id, items), 400, 'bad_request');
    }
    assertError(await setThresholds(doctor.token, p.id, [{ code: HR, above: '100' }]), 400, 'invalid_type');
    assertError(await setThresholds(doctor.token, p.id, [{ code: HR, above: 100, when: 'always' }]), 400, 'unknown_field');
    assert.deepEqual((await api.get(`/api/v1/patients/${p.id}/thresholds`, { token: doctor.token })).json.items,
      [{ code: HR, above: 110, below: 45 }], 'unchanged by the bad ones');
    assert.deepEqual((await setThresholds(doctor.token, p.id, [])).json.items, []);
    assert.deepEqual((await api.get('/api/v1/me/thresholds', { token: p.token })).json.items, []);
  });

  test('a crossing raises an alert pushed live to the doctor, who acknowledges it; no crossing, no alert', async () => {
    const p = await patientOf(doctor, [['share', doctor.id]]);
    assert.equal((await setThresholds(doctor.token, p.id, [{ code: HR, above: 120 }, { code: SPO2, below: 92 }])).status, 200);
    const live = liveClient(server, open, { cookie: doctor.token });
    await live.next((m) => m.type === 'WELCOME');
    const calm = await add(p.token, [hr(120, 3), spo2(92, 3), hr(60, 2)]);
    assert.equal(calm.status, 201, calm.text);
    assert.deepEqual(calm.json.alerts, [], 'on the threshold is not across it');
    const res = await add(p.token, [hr(90, 2), hr(135, 1), spo2(97, 1)]);
    assert.equal(res.json.alerts.length, 1);
    const alert = res.json.alerts[0];
    assert.deepEqual({ ...alert, id: undefined, at: undefined }, { id: undefined, at: undefined,
      patient: { id: p.id, name: 'Vera Vitals' }, doctor: { id: doctor.id, name: 'Dr Helena Heart' },
      code: HR, value: 135, unit: '/min', threshold: { above: 120, below: null }, acknowledged_at: null });
    assert.equal(alert.at, res.json.items[1].at);
    const pushed = await live.next((m) => m.type === 'VITAL_ALERT' && m.alert.id === alert.id);
    assert.deepEqual(pushed.alert, alert);
    assert.equal(live.got.filter((m) => m.type === 'VITAL_ALERT').length, 1, 'only the crossing one');
    const low = await add(p.token, [spo2(88)]);
    assert.deepEqual(low.json.alerts.map((a) => [a.code, a.value, a.threshold.below]), [[SPO2, 88, 92]]);

    const open_ = await alerts(doctor.token);
    assert.deepEqual(open_.json.items.map((a) => a.id), [low.json.alerts[0].id, alert.id], 'newest first');
    assert.deepEqual((await alerts(p.token)).json.items.map((a) => a.id), [low.json.alerts[0].id, alert.id]);
    assert.deepEqual((await alerts(otherDoctor.token)).json.items, []);
    assertError(await api.post(`/api/v1/alerts/${alert.id}/acknowledge`, undefined, { token: p.token }), 403, 'forbidden');
    assertError(await api.post(`/api/v1/alerts/${alert.id}/acknowledge`, undefined, { token: otherDoctor.token }), 404, 'not_found');
    assertError(await api.post('/api/v1/alerts/not-an-id/acknowledge', undefined, { token: doctor.token }), 404, 'not_found');
    const ack = await api.post(`/api/v1/alerts/${alert.id}/acknowledge`, undefined, { token: doctor.token });
    assert.equal(ack.status, 200, ack.text);
    assert.ok(ack.json.acknowledged_at);
    const again = await api.post(`/api/v1/alerts/${alert.id}/acknowledge`, undefined, { token: doctor.token });
    assert.equal(again.json.acknowledged_at, ack.json.acknowledged_at);
    assert.deepEqual((await alerts(doctor.token)).json.items.map((a) => a.id), [low.json.alerts[0].id]);
    assert.deepEqual((await alerts(doctor.token, 'all')).json.items.map((a) => a.acknowledged_at !== null), [false, true]);
    assertError(await alerts(doctor.token, 'some'), 400, 'bad_request');
    const events = await api.auditEvents(admin);
    assert.ok(events.some((e) => e.action === 'vital_alert.raise' && e.detail.alert_id === alert.id && e.subject_id === p.id));
    assert.ok(events.some((e) => e.action === 'vital_alert.acknowledge' && e.detail.alert_id === alert.id && e.actor_id === doctor.id));
  });

  test('without the share consent an alert is kept but not shown to the doctor until it is given', async () => {
    const p = await patientOf(doctor);
    await setThresholds(doctor.token, p.id, [{ code: HR, above: 100 }]);
    const live = liveClient(server, open, { cookie: doctor.token });
    await live.next((m) => m.type === 'WELCOME');
    const res = await add(p.token, [hr(150)]);
    assert.equal(res.json.alerts.length, 1, 'the patient sees it');
    const id = res.json.alerts[0].id;
    assert.ok(!(await alerts(doctor.token, 'all')).json.items.some((a) => a.id === id));
    assertError(await api.post(`/api/v1/alerts/${id}/acknowledge`, undefined, { token: doctor.token }), 404, 'not_found');
    await consent(p, 'share', doctor.id);
    assert.ok((await alerts(doctor.token)).json.items.some((a) => a.id === id));
    assert.ok(!live.got.some((m) => m.type === 'VITAL_ALERT' && m.alert.id === id), 'never pushed');
  });

  test('a doctor no longer caring (appointment cancelled) raises no alerts', async () => {
    const p = await patientSession(api);
    const [appt] = await bookNext(api, otherDoctor, [p.token]);
    await setThresholds(otherDoctor.token, p.id, [{ code: HR, above: 100 }]);
    assert.equal((await add(p.token, [hr(101)])).json.alerts.length, 1);
    assert.equal((await api.post(`/api/v1/appointments/${appt.id}/cancel`, { reason: 'moved away' }, { token: p.token })).status, 200);
    assert.deepEqual((await add(p.token, [hr(130)])).json.alerts, []);
    assertError(await api.get(`/api/v1/patients/${p.id}/thresholds`, { token: otherDoctor.token }), 404, 'not_found');
  });
});

describe('at rest', () => {
  test('the store holds no values, sources or device names; after `telemed keys rotate` they still read', async () => {
    const hex = (s) => Buffer.from(s).toString('hex').toUpperCase();
    const bodies = 'SELECT hex(body) FROM observations; SELECT hex(body) FROM vital_alerts;'
      + ' SELECT hex(body) FROM vital_thresholds; SELECT hex(name) FROM devices;';
    const dump = sql(bodies);
    assert.ok(dump.length > 0);
    for (const s of ['value', 'bluetooth', 'manual', 'Bedside', 'above']) assert.ok(!dump.includes(hex(s)), s);
    const before = (await mine(patient.token)).json.items;
    const rotate = telemed(['keys', 'rotate', '--data', server.dataDir, '--log-level', 'warn']);
    assert.equal(rotate.code, 0, rotate.stderr);
    const keys = sql(['observations', 'vital_alerts', 'vital_thresholds'].map((t) => `SELECT DISTINCT hex(substr(body, 2, 4)) FROM ${t}`).join(' UNION ')
      + ' UNION SELECT DISTINCT hex(substr(name, 2, 4)) FROM devices');
    assert.deepEqual(keys.split('\n'), ['00000002'], 'every value re-sealed under the new key');
    assert.deepEqual((await mine(patient.token)).json.items, before);
    assert.ok((await alerts(doctor.token, 'all')).json.items.length > 0);
  });
});

describe('the patient\'s export', () => {
  test('carries every observation as a FHIR R4 Observation the FHIR JSON schema accepts', async () => {
    const FhirValidator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator');
    const p = await patientOf(doctor, [['sensors']]);
    await add(p.token, [hr(71, 40 * 24 * 60), spo2(97, 2, 'bluetooth'), { code: TEMP, value: 37.2, unit: 'Cel', at: minutesAgo(1), source: 'manual' }]);
    const res = await api.get('/api/v1/me/export', { token: p.token });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(new FhirValidator().validate(res.json), []);
    const obs = res.json.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Observation');
    assert.deepEqual(obs.map((o) => [o.code.coding[0].code, o.valueQuantity.value, o.valueQuantity.code, o.method.text]),
      [[HR, 71, '/min', 'manual'], [SPO2, 97, '%', 'bluetooth'], [TEMP, 37.2, 'Cel', 'manual']], 'all of them, older than 30 days too');
    for (const o of obs) {
      assert.equal(o.subject.reference, `Patient/${p.id}`);
      assert.equal(o.category[0].coding[0].code, 'vital-signs');
      assert.equal(o.code.coding[0].system, 'http://loinc.org');
      assert.equal(o.valueQuantity.system, 'http://unitsofmeasure.org');
    }
  });
});

describe('demo data', () => {
  test('`telemed demo` gives the demo patient three days of readings, once', async () => {
    const demo = await startServer({ demo: true });
    try {
      const again = telemed(['demo', '--data', demo.dataDir, '--log-level', 'warn']);
      assert.equal(again.code, 0, again.stderr);
      const d = client(demo);
      const token = (await d.login('maria', 'telemed-patient-1')).json.token;
      const items = (await d.get('/api/v1/me/observations', { token })).json.items;
      assert.equal(items.length, 78, 'not added twice');
      assert.deepEqual([...new Set(items.map((o) => o.code))].sort(), ['29463-7', '59408-5', '8310-5', '8867-4']);
      const span = Date.parse(items.at(-1).at) - Date.parse(items[0].at);
      assert.ok(span > 2.5 * 86400_000, 'over days');
    } finally {
      await demo.stop();
    }
  });
});

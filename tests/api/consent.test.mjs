// consent.test.mjs — the patient's consents per purpose: given to a
// versioned text, withdrawn by a new record that supersedes the old one
// (history is never edited), scoped to one doctor or the whole clinic for
// sharing, audited, pushed to the patient's open pages; only patients give
// them, and bad requests change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { assertError, client, giveConsent, withdrawConsent } from './client.mjs';
import { liveClient } from './live_client.mjs';
import { patientSession, verifiedDoctor } from './people.mjs';

let server;
let api;
let admin;
let doctor;
let other;
const open = [];

const mine = async (token) => (await api.get('/api/v1/me/consents', { token })).json;
const change = (token, json) => api.post('/api/v1/me/consents', json, { token });

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await api.admin();
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Clara Consent' });
  other = await verifiedDoctor(api, admin, { full_name: 'Dr Otto Other' });
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

describe('the texts a patient agrees to', () => {
  test('every purpose has a versioned text in English and Portuguese', async () => {
    const p = await patientSession(api);
    const res = await api.get('/api/v1/consents/texts', { token: p.token });
    assert.equal(res.status, 200, res.text);
    const purposes = res.json.purposes;
    assert.deepEqual(purposes.map((t) => t.purpose).sort(),
      ['call_records', 'recording', 'research', 'sensors', 'share', 'transfer']);
    for (const t of purposes) {
      assert.ok(Number.isInteger(t.version) && t.version >= 1);
      assert.ok(t.text.en.length > 40 && t.text.pt.length > 40, t.purpose);
      assert.equal(t.scoped, t.purpose === 'share');
    }
    assertError(await api.get('/api/v1/consents/texts'), 401, 'unauthenticated');
  });
});

describe('giving and withdrawing', () => {
  test('a new patient has no consent; giving one puts it in force, withdrawing supersedes it', async () => {
    const p = await patientSession(api);
    assert.deepEqual(await mine(p.token), { current: [], history: [] });
    const given = await giveConsent(api, p.token, 'sensors');
    assert.equal(given.status, 'active');
    assert.equal(given.given, true);
    assert.equal(given.doctor, null);
    const withdrawn = await withdrawConsent(api, p.token, 'sensors');
    assert.equal(withdrawn.status, 'inactive');
    assert.equal(withdrawn.given, false);
    assert.notEqual(withdrawn.id, given.id);
    const { current, history } = await mine(p.token);
    assert.deepEqual(current.map((c) => c.id), [withdrawn.id]);
    assert.deepEqual(history.map((c) => c.id), [withdrawn.id, given.id], 'newest first, the old record kept');
    assert.equal(history[1].status, 'inactive');
    assert.equal(history[1].given, true, 'the old record still says it was given');
    assert.equal(history[1].superseded_at, withdrawn.recorded_at);
    assert.ok(Date.parse(withdrawn.recorded_at) > Date.parse(given.recorded_at));
  });

  test('asking again for what stands adds nothing', async () => {
    const p = await patientSession(api);
    const first = await giveConsent(api, p.token, 'research');
    const version = first.version;
    const again = await change(p.token, { purpose: 'research', given: true, version });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.consent.id, first.id);
    assert.equal((await mine(p.token)).history.length, 1);
  });

  test('sharing names one doctor or the whole clinic, each in force on its own', async () => {
    const p = await patientSession(api);
    const withDoctor = await giveConsent(api, p.token, 'share', doctor.id);
    assert.deepEqual(withDoctor.doctor, { id: doctor.id, name: 'Dr Clara Consent' });
    assert.equal(withDoctor.all_doctors, false);
    const clinic = await giveConsent(api, p.token, 'share', 'all');
    assert.equal(clinic.all_doctors, true);
    assert.equal(clinic.doctor, null);
    await withdrawConsent(api, p.token, 'share', 'all');
    const current = (await mine(p.token)).current;
    assert.equal(current.length, 2);
    assert.equal(current.find((c) => c.doctor?.id === doctor.id).status, 'active');
    assert.equal(current.find((c) => c.all_doctors).status, 'inactive');
  });

  test('each change is audited with its purpose, scope and version', async () => {
    const p = await patientSession(api);
    const given = await giveConsent(api, p.token, 'share', other.id);
    await withdrawConsent(api, p.token, 'share', other.id);
    const events = (await api.auditEvents(admin)).filter((e) => e.subject_id === p.id && e.action.startsWith('consent.'));
    assert.deepEqual(events.map((e) => e.action), ['consent.give', 'consent.withdraw']);
    assert.equal(events[0].detail.purpose, 'share');
    assert.equal(events[0].detail.scope, other.id);
    assert.equal(events[0].detail.version, given.version);
    assert.equal(events[0].detail.consent_id, given.id);
  });

  test('the patient\'s open pages hear of a change at once', async () => {
    const p = await patientSession(api);
    const c = liveClient(server, open, { cookie: p.token });
    await c.next((m) => m.type === 'WELCOME');
    await giveConsent(api, p.token, 'share', doctor.id);
    const m = await c.next((x) => x.type === 'CONSENT');
    assert.deepEqual(m, { type: 'CONSENT', purpose: 'share', doctor_id: doctor.id, all_doctors: false, given: true });
    await withdrawConsent(api, p.token, 'share', doctor.id);
    await c.next((x) => x.type === 'CONSENT' && x.given === false);
  });
});

describe('refusals change nothing', () => {
  test('only patients give consents or read them', async () => {
    for (const token of [doctor.token, admin]) {
      assertError(await change(token, { purpose: 'sensors', given: true, version: 1 }), 403, 'forbidden');
      assertError(await api.get('/api/v1/me/consents', { token }), 403, 'forbidden');
    }
    assertError(await change(undefined, { purpose: 'sensors', given: true, version: 1 }), 401, 'unauthenticated');
  });

  test('bad purposes, scopes, versions and fields are 4xx and write nothing', async () => {
    const p = await patientSession(api);
    const texts = (await api.get('/api/v1/consents/texts', { token: p.token })).json.purposes;
    const v = texts.find((t) => t.purpose === 'sensors').version;
    const cases = [
      [{ purpose: 'marketing', given: true, version: 1 }, 422, 'invalid_value'],
      [{ purpose: 'sensors', given: true }, 422, 'invalid_value'],
      [{ purpose: 'sensors', given: true, version: v + 1 }, 409, 'conflict'],
      [{ purpose: 'sensors', given: 'yes', version: v }, 400, 'invalid_type'],
      [{ purpose: 'sensors', given: true, version: v, extra: 1 }, 400, 'unknown_field'],
      [{ purpose: 'sensors', given: true, version: v, doctor_id: doctor.id }, 422, 'invalid_value'],
      [{ purpose: 'share', given: true, version: 1 }, 422, 'invalid_value'],
      [{ purpose: 'share', given: true, version: 1, doctor_id: doctor.id, all_doctors: true }, 422, 'invalid_value'],
      [{ purpose: 'share', given: true, version: 1, doctor_id: p.id }, 404, 'not_found'],
      [{ purpose: 'share', given: true, version: 1, doctor_id: 'not-an-id' }, 404, 'not_found'],
      [{ given: true, version: 1 }, 400, 'missing_field'],
    ];
    for (const [json, status, code] of cases) assertError(await change(p.token, json), status, code);
    const broken = await api.request('POST', '/api/v1/me/consents', { token: p.token, body: '{"purpose":', headers: { 'content-type': 'application/json' } });
    assertError(broken, 400, 'invalid_json');
    assert.deepEqual(await mine(p.token), { current: [], history: [] });
  });
});

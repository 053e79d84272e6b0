// specialties.test.mjs — the list of specialties an administrator manages:
// adding, renaming (searches follow the new name) and removing an unused
// one, each audited; everyone else is refused, and bad ids, names and
// clashes get clear errors that change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { assertError, client, newUser } from './client.mjs';
import { verifiedDoctor } from './people.mjs';

let server;
let api;
let admin;
let patient;

const list = async () => (await api.get('/api/v1/specialties', { token: patient })).json.specialties;
const add = (json, token = admin) => api.post('/api/v1/admin/specialties', json, { token });
const rename = (id, json, token = admin) => api.request('PATCH', `/api/v1/admin/specialties/${id}`, { token, json });
const remove = (id, token = admin) => api.request('DELETE', `/api/v1/admin/specialties/${id}`, { token });


before(async () => {
  server = await startServer();
  api = client(server);
  admin = await api.admin();
  patient = await api.session(newUser());
});

after(async () => server.stop());

describe('an administrator manages the specialties', () => {
  test('adds one, which doctors can then choose and patients filter by', async () => {
    const res = await add({ id: 'pulmonology', name: 'Pulmonology' });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.json.specialty, { id: 'pulmonology', name: 'Pulmonology' });
    assert.ok((await list()).some((s) => s.id === 'pulmonology' && s.name === 'Pulmonology'));
    const d = await verifiedDoctor(api, admin, { full_name: 'Dr Lia Pulmao' });
    const chose = await api.request('PATCH', `/api/v1/doctors/${d.id}`, { token: d.token, json: { specialty: 'pulmonology' } });
    assert.equal(chose.status, 200, chose.text);
    const found = await api.get('/api/v1/doctors?specialty=pulmonology', { token: patient });
    assert.deepEqual(found.json.doctors.map((x) => x.id), [d.id]);
  });

  test('renames one; a search by the new name finds its doctors, the old name no longer', async () => {
    const before = await api.get('/api/v1/doctors?q=pulmonology', { token: patient });
    assert.equal(before.json.doctors.length, 1);
    const res = await rename('pulmonology', { name: 'Respiratory medicine' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.specialty, { id: 'pulmonology', name: 'Respiratory medicine' });
    const now = await api.get('/api/v1/doctors?q=respiratory', { token: patient });
    assert.equal(now.json.doctors.length, 1);
    assert.equal(now.json.doctors[0].specialty.name, 'Respiratory medicine');
    assert.equal((await api.get('/api/v1/doctors?q=pulmonology', { token: patient })).json.doctors.length, 0);
  });

  test('removes only a specialty nobody names, with its symptom words', async () => {
    const used = await remove('pulmonology');
    assertError(used, 409, 'conflict');
    assert.match(used.json.error.message, /naming it: 1\)/);
    assert.ok((await list()).some((s) => s.id === 'pulmonology'));
    // no doctor here practises dermatology; symptom words ("rash") point to
    // it, and go with it (the store's foreign keys would refuse otherwise)
    assert.equal((await remove('dermatology')).status, 204);
    assert.ok(!(await list()).some((s) => s.id === 'dermatology'));
    assertError(await remove('dermatology'), 404, 'not_found');
    assertError(await rename('dermatology', { name: 'Skin' }), 404, 'not_found');
  });

  test('every change is in the audit log', async () => {
    const events = (await api.get('/api/v1/admin/audit?limit=100', { token: admin })).json.events;
    const actions = events.filter((e) => e.action.startsWith('specialty.')).map((e) => `${e.action} ${e.subject_id}`);
    assert.deepEqual(actions.reverse(), ['specialty.add pulmonology', 'specialty.rename pulmonology', 'specialty.remove dermatology']);
  });
});

describe('what is refused', () => {
  test('patients and doctors may not change the list', async () => {
    const d = await verifiedDoctor(api, admin);
    for (const token of [patient, d.token]) {
      assertError(await add({ id: 'sleep', name: 'Sleep medicine' }, token), 403, 'forbidden');
      assertError(await rename('cardiology', { name: 'Hearts' }, token), 403, 'forbidden');
      assertError(await remove('neurology', token), 403, 'forbidden');
    }
    assert.equal((await api.post('/api/v1/admin/specialties', { id: 'sleep', name: 'Sleep' })).status, 401);
    assert.ok(!(await list()).some((s) => s.id === 'sleep'));
    assert.ok((await list()).some((s) => s.id === 'cardiology' && s.name === 'Cardiology'));
  });

  test('bad ids and names, unknown fields and clashes change nothing', async () => {
    const count = (await list()).length;
    for (const id of ['X-ray', 'a', 'sleep--medicine', '-sleep', 'sleep-', 'sleep medicine', 'sono/a', 'x'.repeat(41)]) {
      assertError(await add({ id, name: 'Sleep medicine' }), 422, 'invalid_value');
    }
    for (const name of ['S', ' Sleep', 'Sleep ', 'Sleep\u0007', 'x'.repeat(65)]) {
      assertError(await add({ id: 'sleep', name }), 422, 'invalid_value');
    }
    assertError(await add({ id: 'cardiology', name: 'Hearts' }), 409, 'conflict');
    assertError(await add({ id: 'hearts', name: 'CARDIOLOGY' }), 409, 'conflict');
    assertError(await rename('neurology', { name: 'cardiology' }), 409, 'conflict');
    assertError(await add({ id: 'sleep', name: 'Sleep', is_admin: true }), 400, 'unknown_field');
    assertError(await add({ id: 'sleep' }), 400, 'missing_field');
    assertError(await add({ id: 7, name: 'Sleep' }), 400, 'invalid_type');
    assertError(await api.request('POST', '/api/v1/admin/specialties', { token: admin, body: '{"id":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    assert.equal((await list()).length, count);
    // renaming to its own name, in another case, is no clash
    assert.equal((await rename('neurology', { name: 'NEUROLOGY' })).status, 200);
    assert.equal((await rename('neurology', { name: 'Neurology' })).status, 200);
  });
});

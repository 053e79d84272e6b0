// erasure.test.mjs — the right to be forgotten: a patient erases their
// account with their password; their username, e-mail, name and messages
// no longer occur anywhere in the store's files (not even in freed pages or
// the write-ahead log); the medical record stays under a pseudonym for the
// doctor; the account can never log in again; only patients erase
// themselves, a wrong password changes nothing, and both are audited.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { assertError, client, giveConsent, newUser } from './client.mjs';
import { addAdmin, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

let server, api, admin, doctor, user, patient, appointment, device;

// Every byte of the store's files, the write-ahead log included.
const storeBytes = () => Buffer.concat(['telemed.db', 'telemed.db-wal']
  .map((f) => join(server.dataDir, f)).filter(existsSync).map((f) => readFileSync(f)));
const erase = (token, password) => api.post('/api/v1/me/erase', { password }, { token });

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Fern Forget' });
  user = newUser({ username: 'zelda_quixote', email: 'zelda.quixote@example.org', full_name: 'Zelda Quixotica' });
  const token = await api.session(user);
  patient = { token, id: (await api.get('/api/v1/me', { token })).json.user.id };
  [appointment] = await bookNext(api, doctor, [patient.token], ['Recurring migraine']);
  const note = { findings: 'Photophobia', assessment: 'Migraine without aura', plan: 'Triptan as needed' };
  assert.equal((await api.request('PUT', `/api/v1/appointments/${appointment.id}/note`, { token: doctor.token, json: note })).status, 200);
  assert.equal((await api.post(`/api/v1/appointments/${appointment.id}/note/sign`, undefined, { token: doctor.token })).status, 200);
  const conv = await api.post('/api/v1/conversations', { patient_id: patient.id, title: 'Headache diary' }, { token: doctor.token });
  assert.equal(conv.status, 201, conv.text);
  const sent = await api.post(`/api/v1/conversations/${conv.json.id}/messages`, { text: 'My diary says Tuesdays are worst' }, { token: patient.token });
  assert.equal(sent.status, 201, sent.text);
  await giveConsent(api, patient.token, 'sensors');
  device = (await api.post('/api/v1/me/devices', { name: 'Cuff' }, { token: patient.token })).json;
});

const push = () => api.post(`/api/v1/devices/${device.id}/observations`,
  { observations: [{ code: '8867-4', value: 64, unit: '/min', at: new Date().toISOString() }] }, { headers: { authorization: `Bearer ${device.token}` } });

after(async () => server.stop());

describe('erasing one\'s account', () => {
  test('only a patient erases their own account, and only with their password', async () => {
    assertError(await erase(doctor.token, doctor.user.password), 403, 'forbidden');
    assertError(await erase(admin, 'the boss password'), 403, 'forbidden');
    assertError(await erase(undefined, user.password), 401, 'unauthenticated');
    assertError(await erase(patient.token, 'not my password'), 401, 'invalid_credentials');
    assert.equal((await push()).status, 201, 'the device pushes while the account lives');
    assertError(await api.post('/api/v1/me/erase', { password: user.password, also: 1 }, { token: patient.token }), 400, 'unknown_field');
    const me = await api.get('/api/v1/me', { token: patient.token });
    assert.equal(me.status, 200, 'nothing changed');
    assert.equal(me.json.user.username, 'zelda_quixote');
    assert.ok(storeBytes().includes('zelda.quixote@example.org'), 'the check below can see the bytes it looks for');
  });

  test('erases identity, contact data and messages from the store\'s bytes', async () => {
    const res = await erase(patient.token, user.password);
    assert.equal(res.status, 204, res.text);
    assert.match(res.headers['set-cookie'][0], /^__Host-telemed=; .*Max-Age=0/);
    const bytes = storeBytes();
    for (const word of ['zelda_quixote', 'zelda.quixote@example.org', 'Zelda Quixotica', 'Tuesdays are worst']) {
      assert.equal(bytes.indexOf(word), -1, `"${word}" is still in the store's files`);
    }
  });

  test('the account is gone: its session ends, its devices push no more, and its login never works again', async () => {
    assertError(await push(), 401, 'unauthenticated');
    assertError(await api.get('/api/v1/me', { token: patient.token }), 401, 'unauthenticated');
    assertError(await api.login('zelda_quixote', user.password), 401, 'invalid_credentials');
  });

  test('the medical record stays, under a pseudonym, for the doctor', async () => {
    const a = await api.get(`/api/v1/appointments/${appointment.id}`, { token: doctor.token });
    assert.equal(a.status, 200, a.text);
    assert.match(a.json.appointment.patient.full_name, /^Erased patient [0-9a-f]{4}$/);
    const note = await api.get(`/api/v1/appointments/${appointment.id}/note`, { token: doctor.token });
    assert.equal(note.json.assessment, 'Migraine without aura');
    const conversations = await api.get('/api/v1/conversations', { token: doctor.token });
    assert.deepEqual(conversations.json.items, [], 'the messages went with the patient');
  });

  test('the audit keeps the erasure and the refused attempt, by id only', async () => {
    const events = (await api.auditEvents(admin)).filter((e) => e.subject_id === patient.id);
    const actions = events.map((e) => e.action);
    assert.ok(actions.indexOf('user.erase_failed') >= 0);
    assert.ok(actions.indexOf('user.erase') > actions.indexOf('user.erase_failed'));
    assert.equal(events.find((e) => e.action === 'user.erase').actor_id, patient.id);
    assert.ok(!JSON.stringify(events).includes('zelda'), 'no name in the audit');
  });
});

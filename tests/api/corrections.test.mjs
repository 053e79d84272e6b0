// corrections.test.mjs — the right to rectification for signed notes: the
// patient asks the note's doctor to correct it; the doctor amends (the
// amendment shows under the note, the original untouched) or declines with
// a reason; one open request per note; only the two parties see them;
// sealed at rest; every step audited.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { assertError, client } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

let server, api, admin, doctor, other, patient, stranger, appointment, draftOnly;

const ask = (token, id, text) => api.post(`/api/v1/appointments/${id}/note/corrections`, { text }, { token });
const list = (token, id) => api.get(`/api/v1/appointments/${id}/note/corrections`, { token });
const resolve = (token, id, json) => api.post(`/api/v1/note-corrections/${id}/resolve`, json, { token });
const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), '.timeout 5000', q], { encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Cora Correct' });
  other = await verifiedDoctor(api, admin);
  patient = await patientSession(api);
  stranger = await patientSession(api);
  [appointment, draftOnly] = await bookNext(api, doctor, [patient.token, patient.token]);
  const note = { findings: 'Allergic to penicillin', assessment: 'Sinusitis', plan: 'Amoxicillin' };
  assert.equal((await api.request('PUT', `/api/v1/appointments/${appointment.id}/note`, { token: doctor.token, json: note })).status, 200);
  assert.equal((await api.post(`/api/v1/appointments/${appointment.id}/note/sign`, undefined, { token: doctor.token })).status, 200);
  assert.equal((await api.request('PUT', `/api/v1/appointments/${draftOnly.id}/note`, { token: doctor.token, json: note })).status, 200);
});

after(async () => server.stop());

describe('asking for a correction', () => {
  test('the patient asks about a signed note; both parties see the request', async () => {
    const res = await ask(patient.token, appointment.id, 'I am allergic to sulfa drugs, not penicillin.');
    assert.equal(res.status, 201, res.text);
    const c = res.json.correction;
    assert.equal(c.status, 'open');
    assert.equal(c.answer, null);
    for (const token of [patient.token, doctor.token]) {
      const seen = await list(token, appointment.id);
      assert.deepEqual(seen.json.items.map((x) => [x.id, x.request]), [[c.id, 'I am allergic to sulfa drugs, not penicillin.']]);
    }
    assert.equal(sql(`SELECT COUNT(*) FROM note_corrections WHERE CAST(body AS TEXT) LIKE '%sulfa%'`), '0', 'sealed at rest');
  });

  test('one open request per note; drafts, other people and bad texts are refused', async () => {
    assertError(await ask(patient.token, appointment.id, 'And another thing'), 409, 'conflict');
    assertError(await ask(patient.token, draftOnly.id, 'A draft'), 404, 'not_found');
    assertError(await ask(doctor.token, appointment.id, 'The doctor asks'), 403, 'forbidden');
    for (const token of [stranger.token, other.token]) {
      assertError(await ask(token, appointment.id, 'Not mine'), 404, 'not_found');
      assertError(await list(token, appointment.id), 404, 'not_found');
    }
    assertError(await ask(patient.token, draftOnly.id, '   '), 422, 'invalid_value');
    assertError(await ask(patient.token, appointment.id, 'x'.repeat(2001)), 422, 'invalid_value');
    assertError(await api.post(`/api/v1/appointments/${appointment.id}/note/corrections`, { text: 'a', why: 1 }, { token: patient.token }), 400, 'unknown_field');
  });
});

describe('answering', () => {
  test('the doctor amends: the amendment shows under the untouched note', async () => {
    const [c] = (await list(doctor.token, appointment.id)).json.items;
    assertError(await resolve(patient.token, c.id, { action: 'amend', text: 'self-service' }), 403, 'forbidden');
    assertError(await resolve(other.token, c.id, { action: 'amend', text: 'not mine' }), 404, 'not_found');
    assertError(await resolve(doctor.token, c.id, { action: 'rewrite', text: 'x' }), 422, 'invalid_value');
    const res = await resolve(doctor.token, c.id, { action: 'amend', text: 'Correction: allergic to sulfonamides, not penicillin.' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.correction.status, 'amended');
    assert.match(res.json.correction.amendment_id, /^[0-9a-f-]{36}$/);
    const note = (await api.get(`/api/v1/appointments/${appointment.id}/note`, { token: patient.token })).json;
    assert.equal(note.findings, 'Allergic to penicillin', 'the original is never changed');
    assert.deepEqual(note.amendments.map((a) => [a.id, a.text]), [[res.json.correction.amendment_id, 'Correction: allergic to sulfonamides, not penicillin.']]);
    assertError(await resolve(doctor.token, c.id, { action: 'decline', text: 'too late' }), 409, 'conflict');
  });

  test('the doctor declines with a reason; the patient reads it; all of it audited', async () => {
    const asked = (await ask(patient.token, appointment.id, 'The plan should say ten days.')).json.correction;
    assertError(await resolve(doctor.token, asked.id, { action: 'decline', text: '' }), 422, 'invalid_value');
    const res = await resolve(doctor.token, asked.id, { action: 'decline', text: 'Seven days is what we agreed in the consultation.' });
    assert.equal(res.status, 200, res.text);
    const seen = (await list(patient.token, appointment.id)).json.items.find((x) => x.id === asked.id);
    assert.equal(seen.status, 'declined');
    assert.equal(seen.answer, 'Seven days is what we agreed in the consultation.');
    assert.equal(seen.amendment_id, null);
    const note = (await api.get(`/api/v1/appointments/${appointment.id}/note`, { token: patient.token })).json;
    assert.equal(note.amendments.length, 1, 'declining adds no amendment');
    const actions = (await api.auditEvents(admin)).filter((e) => e.subject_id === patient.id).map((e) => e.action);
    for (const a of ['note.correction_request', 'note.correction_amend', 'note.correction_decline', 'note.correction_read', 'note.amend']) assert.ok(actions.includes(a), a);
  });
});

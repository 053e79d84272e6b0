// patient_record.test.mjs — a doctor reads a patient's whole record (issue
// 7) only with a care relationship (an appointment that is not cancelled:
// otherwise 404) and the patient's consent to share with that doctor (or
// all doctors: otherwise 403 consent_required); every read and every
// refusal is audited. Break-glass (issue 8): with a stated reason of 10 to
// 500 characters any doctor opens it, audited with the reason, and the
// patient is told in the app and on their open pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, giveConsent, newUser, withdrawConsent } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { liveClient } from './live_client.mjs';
import { bookNext } from './rooms.mjs';

let server, api, admin, carer, colleague, stranger, cancelledDoctor, patient, other;
const open = [];
const note = { findings: 'Wheeze on expiration', assessment: 'Mild asthma', plan: 'Salbutamol as needed', icd10: 'J45.9' };

const read = (who, id = patient.id) => api.get(`/api/v1/patients/${id}/record`, { token: who.token });
const emergency = (who, json, id = patient.id) => api.post(`/api/v1/patients/${id}/record/emergency`, json, { token: who.token });
const refusals = async (doctorId) => (await api.auditEvents(admin))
  .filter((e) => e.action === 'record.read_refused' && e.actor_id === doctorId).map((e) => e.detail.reason);

// A signed note by doctor on appointment id.
async function signedNote(doctor, id, text) {
  assert.equal((await api.request('PUT', `/api/v1/appointments/${id}/note`, { token: doctor.token, json: text })).status, 200);
  assert.equal((await api.post(`/api/v1/appointments/${id}/note/sign`, undefined, { token: doctor.token })).status, 200);
}

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  carer = await verifiedDoctor(api, admin, { full_name: 'Dr Carla Carer' });
  colleague = await verifiedDoctor(api, admin, { full_name: 'Dr Colin Colleague' });
  stranger = await verifiedDoctor(api, admin, { full_name: 'Dr Stella Stranger' });
  cancelledDoctor = await verifiedDoctor(api, admin);
  patient = await patientSession(api, { full_name: 'Petra Patient' });
  other = await patientSession(api);
  const [mine] = await bookNext(api, carer, [patient.token]);
  const [theirs, draftOnly] = await bookNext(api, colleague, [patient.token, patient.token]);
  await signedNote(colleague, theirs.id, note);
  assert.equal((await api.request('PUT', `/api/v1/appointments/${draftOnly.id}/note`,
    { token: colleague.token, json: { ...note, findings: 'DRAFT-ONLY text' } })).status, 200);
  const [gone] = await bookNext(api, cancelledDoctor, [patient.token]);
  assert.equal((await api.post(`/api/v1/appointments/${gone.id}/cancel`, {}, { token: patient.token })).status, 200);
  await bookNext(api, carer, [other.token]);
  patient.appointments = { mine, theirs };
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

describe('care and consent', () => {
  test('care but no consent: 403 consent_required, audited', async () => {
    const res = await read(carer);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.error.code, 'consent_required');
    assert.deepEqual(await refusals(carer.id), ['consent_required']);
  });

  test('care and consent: the whole record, every doctor\'s signed notes, no drafts; audited', async () => {
    await giveConsent(api, patient.token, 'share', carer.id);
    const res = await read(carer);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.access, 'care');
    assert.deepEqual(res.json.patient, { id: patient.id, name: 'Petra Patient' });
    const theirs = res.json.items.find((i) => i.appointment.id === patient.appointments.theirs.id);
    assert.ok(theirs, 'a consultation with another doctor is in the record');
    assert.equal(theirs.note.assessment, 'Mild asthma');
    assert.equal(theirs.appointment.doctor.name, 'Dr Colin Colleague');
    assert.ok(!res.text.includes('DRAFT-ONLY'), 'another doctor\'s draft stays theirs');
    const events = (await api.auditEvents(admin)).filter((e) => e.actor_id === carer.id);
    assert.ok(events.some((e) => e.action === 'record.read' && e.subject_id === patient.id), 'the read is audited');
    assert.ok(events.some((e) => e.action === 'note.view' && e.detail.item_id === theirs.note.id), 'so is the first sight of the note');
  });

  test('consent to another doctor does not open it; consent to all doctors does, for doctors with care', async () => {
    assert.equal((await read(colleague)).status, 403);
    await giveConsent(api, patient.token, 'share', 'all');
    assert.equal((await read(colleague)).status, 200);
    await withdrawConsent(api, patient.token, 'share', 'all');
    assert.equal((await read(colleague)).status, 403);
  });

  test('no care relationship: 404 whatever the consent, audited; a cancelled appointment is none', async () => {
    await giveConsent(api, patient.token, 'share', stranger.id);
    await giveConsent(api, patient.token, 'share', cancelledDoctor.id);
    for (const doctor of [stranger, cancelledDoctor]) {
      const res = await read(doctor);
      assert.equal(res.status, 404, res.text);
      assert.equal(res.json.error.code, 'not_found');
      assert.deepEqual(await refusals(doctor.id), ['no_care_relationship']);
    }
    for (const id of [other.id, carer.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
      assert.equal((await read(stranger, id)).status, 404, id);
    }
  });

  test('patients and administrators never read through this door; withdrawal closes it again', async () => {
    assert.equal((await read(patient)).status, 403);
    assert.equal((await read(other)).status, 403);
    assert.equal((await read({ token: admin })).status, 403);
    await withdrawConsent(api, patient.token, 'share', carer.id);
    const res = await read(carer);
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'consent_required');
  });
});

describe('break-glass', () => {
  test('a reason is required: 10 to 500 characters', async () => {
    for (const [json, status, code] of [[{}, 400, 'missing_field'], [{ reason: 'help' }, 422, 'invalid_value'],
      [{ reason: 'x'.repeat(501) }, 422, 'invalid_value'], [{ reason: ' '.repeat(20) }, 422, 'invalid_value'],
      [{ reason: 42 }, 400, 'invalid_type'], [{ reason: 'Unconscious in A&E', why: 'x' }, 400, 'unknown_field']]) {
      const res = await emergency(stranger, json);
      assert.equal(res.status, status, `${JSON.stringify(json)}: ${res.text}`);
      assert.equal(res.json.error.code, code);
    }
    assert.ok(!(await api.auditEvents(admin)).some((e) => e.action === 'record.emergency_access'), 'nothing opened');
  });

  test('opens the record, audited loudly with the reason; the patient is told at once', async () => {
    const pc = liveClient(server, open, { cookie: patient.token });
    await pc.next((m) => m.type === 'WELCOME');
    const reason = 'Brought in unconscious to A&E, need allergies and medication';
    const res = await emergency(stranger, { reason });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.access, 'emergency');
    assert.ok(res.json.items.some((i) => i.note?.assessment === 'Mild asthma'));
    const event = (await api.auditEvents(admin)).find((e) => e.action === 'record.emergency_access');
    assert.equal(event.actor_id, stranger.id);
    assert.equal(event.subject_id, patient.id);
    assert.equal(event.detail.reason, reason);
    assert.equal(event.detail.care_relationship, false);
    const live = await pc.next((m) => m.type === 'NOTIFICATION' && m.notification.kind === 'record_emergency_access');
    assert.deepEqual(live.notification.data.with, { id: stranger.id, name: 'Dr Stella Stranger', role: 'doctor' });
    assert.ok(!JSON.stringify(live).includes('unconscious'), 'the reason stays in the audit log');
    const list = await api.get('/api/v1/notifications', { token: patient.token });
    assert.equal(list.json.items[0].kind, 'record_emergency_access');
    assert.equal(list.json.items[0].read, false);
    const log = (await api.get('/api/v1/me/access-log', { token: patient.token })).json;
    const seen = log.events.find((e) => e.action === 'record.emergency_access');
    assert.equal(seen.purpose, 'emergency', 'the patient\'s access log says why');
    assert.equal(seen.reason, reason);
  });

  test('only verified doctors; an unknown patient is 404', async () => {
    const reason = 'Emergency, patient unresponsive';
    assert.equal((await emergency(other, { reason })).status, 403);
    const pending = newUser({ role: 'doctor' });
    await api.register(pending);
    const unverified = { token: (await api.login(pending.username, pending.password)).json.token };
    assert.ok(unverified.token, 'a doctor awaiting verification can log in');
    assert.equal((await emergency(unverified, { reason })).status, 403, 'but opens no record');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) assert.equal((await emergency(stranger, { reason }, id)).status, 404, id);
    assert.equal((await emergency(stranger, { reason }, carer.id)).status, 404, 'a doctor is not a patient');
  });
});

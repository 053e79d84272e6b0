// record.test.mjs — consultation notes (issue 7, "Record"): the doctor of
// an appointment writes a draft (findings, assessment, plan, an ICD-10 code
// of the right shape), edits it, signs it; a signed note is fixed and
// changes only by amendments kept with author and time beside the original;
// the patient sees signed notes only, of their own appointments; anyone
// else gets 404; the patient's first sight is audited; the store holds none
// of the text, before and after `telemed keys rotate`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, telemed } from '../support/server.mjs';
import { client } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

let server, api, admin, doctor, otherDoctor, patient, stranger, appointments; // two appointments of patient's with doctor

const draft = { findings: 'Erythematous rash, left forearm, 4 cm', assessment: 'Contact dermatitis',
  plan: 'Hydrocortisone 1% twice daily for 7 days; review if spreading', icd10: 'L25.9' };

const note = (token, id) => api.get(`/api/v1/appointments/${id}/note`, { token });
const put = (token, id, json) => api.request('PUT', `/api/v1/appointments/${id}/note`, { token, json });
const sign = (token, id) => api.post(`/api/v1/appointments/${id}/note/sign`, undefined, { token });
const amend = (token, id, text) => api.post(`/api/v1/appointments/${id}/note/amendments`, { text }, { token });
const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), q], { encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Nora Notes' });
  otherDoctor = await verifiedDoctor(api, admin);
  patient = await patientSession(api);
  stranger = await patientSession(api);
  appointments = await bookNext(api, doctor, [patient.token, patient.token]);
});

after(async () => server.stop());

describe('drafts', () => {
  test('the doctor writes a draft, edits it; the patient does not see it', async () => {
    const id = appointments[0].id;
    assert.equal((await note(doctor.token, id)).status, 404, 'no note yet');
    const first = await put(doctor.token, id, { ...draft, plan: 'to decide' });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.status, 'draft');
    assert.equal(first.json.signed_at, null);
    assert.equal(first.json.plan, 'to decide');
    assert.deepEqual(first.json.doctor, { id: doctor.id, name: 'Dr Nora Notes' });
    const second = await put(doctor.token, id, draft);
    assert.equal(second.status, 200, second.text);
    assert.equal(second.json.id, first.json.id, 'one note per appointment');
    assert.equal(second.json.plan, draft.plan);
    assert.equal(second.json.icd10, 'L25.9');
    const read = await note(doctor.token, id);
    assert.equal(read.status, 200);
    assert.equal(read.json.assessment, 'Contact dermatitis');
    const hidden = await note(patient.token, id);
    assert.equal(hidden.status, 404, 'a draft is the doctor\'s alone');
  });

  test('ICD-10 codes are checked for shape; the code is optional', async () => {
    const id = appointments[1].id;
    for (const icd10 of ['l25.9', 'L2', 'LL5', 'L25.', 'L25.12345', 'L25-9', '25.9']) {
      const res = await put(doctor.token, id, { ...draft, icd10 });
      assert.equal(res.status, 422, icd10);
      assert.equal(res.json.error.code, 'invalid_value');
    }
    assert.equal((await note(doctor.token, id)).status, 404, 'nothing half-written');
    for (const icd10 of ['E11', 'J06.9', 'S52.5210', '']) {
      const res = await put(doctor.token, id, { ...draft, icd10 });
      assert.equal(res.status, 200, `${icd10}: ${res.text}`);
      assert.equal(res.json.icd10, icd10 || null);
    }
    const none = await put(doctor.token, id, { findings: 'a', assessment: 'b', plan: 'c' });
    assert.equal(none.json.icd10, null);
  });

  test('bodies are checked: unknown or missing fields, wrong types, too long', async () => {
    const id = appointments[1].id;
    const cases = [[{ ...draft, diagnosis: 'x' }, 'unknown_field'], [{ findings: 'a', plan: 'c' }, 'missing_field'],
      [{ ...draft, plan: 7 }, 'invalid_type'], [{ ...draft, findings: 'x'.repeat(10001) }, 'invalid_value']];
    for (const [json, code] of cases) {
      const res = await put(doctor.token, id, json);
      assert.equal(res.json.error.code, code, JSON.stringify(json).slice(0, 60));
    }
  });

  test('only the appointment\'s doctor writes: its patient 403, others 404', async () => {
    const id = appointments[1].id;
    const mine = await put(patient.token, id, draft);
    assert.equal(mine.status, 403);
    for (const token of [otherDoctor.token, stranger.token, admin]) {
      assert.equal((await put(token, id, draft)).status, 404);
      assert.equal((await note(token, id)).status, 404);
      assert.equal((await sign(token, id)).status, 404);
      assert.equal((await amend(token, id, 'x')).status, 404);
    }
    assert.equal((await note(doctor.token, '00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await note(doctor.token, 'not-an-id')).status, 404);
  });
});

describe('signing and amending', () => {
  test('a signed note is visible to the patient, fixed, and amended visibly', async () => {
    const id = appointments[0].id;
    assert.equal((await amend(doctor.token, id, 'too early')).status, 409, 'a draft is edited, not amended');
    assert.equal((await sign(patient.token, id)).status, 403);
    const signed = await sign(doctor.token, id);
    assert.equal(signed.status, 200, signed.text);
    assert.equal(signed.json.status, 'signed');
    assert.ok(Date.parse(signed.json.signed_at) > 0);
    assert.equal((await sign(doctor.token, id)).status, 409, 'signed once');
    const edit = await put(doctor.token, id, { ...draft, assessment: 'Psoriasis' });
    assert.equal(edit.status, 409, 'never silently changed');
    assert.equal(edit.json.error.code, 'conflict');

    const seen = await note(patient.token, id);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.assessment, 'Contact dermatitis');
    assert.deepEqual(seen.json.amendments, []);

    const amended = await amend(doctor.token, id, 'Patch test booked: possible nickel allergy');
    assert.equal(amended.status, 200, amended.text);
    assert.equal(amended.json.assessment, 'Contact dermatitis', 'the original text stays');
    assert.equal(amended.json.amendments.length, 1);
    const [a] = amended.json.amendments;
    assert.equal(a.text, 'Patch test booked: possible nickel allergy');
    assert.deepEqual(a.author, { id: doctor.id, name: 'Dr Nora Notes' });
    assert.ok(Date.parse(a.created_at) > 0);
    await amend(doctor.token, id, 'Second thought');
    const again = await note(patient.token, id);
    assert.deepEqual(again.json.amendments.map((x) => x.text), ['Patch test booked: possible nickel allergy', 'Second thought']);
    assert.equal((await amend(patient.token, id, 'mine')).status, 403);
    assert.equal((await amend(doctor.token, id, '')).status, 422);
  });

  test('a note is signed only with findings, assessment and plan', async () => {
    const [a] = await bookNext(api, doctor, [patient.token]);
    assert.equal((await sign(doctor.token, a.id)).status, 404, 'no draft');
    await put(doctor.token, a.id, { findings: 'x', assessment: '  ', plan: 'y' });
    const res = await sign(doctor.token, a.id);
    assert.equal(res.status, 422);
    assert.equal((await note(doctor.token, a.id)).json.status, 'draft');
  });

  test('a cancelled appointment takes no note', async () => {
    const [a] = await bookNext(api, doctor, [patient.token]);
    const cancel = await api.post(`/api/v1/appointments/${a.id}/cancel`, {}, { token: patient.token });
    assert.equal(cancel.status, 200, cancel.text);
    assert.equal((await put(doctor.token, a.id, draft)).status, 409);
  });

  test('the patient\'s first sight of the note and of each amendment is audited, once', async () => {
    const id = appointments[0].id;
    await note(patient.token, id);
    const events = (await api.auditEvents(admin)).filter((e) => e.action === 'note.view');
    const n = (await note(doctor.token, id)).json;
    const items = events.filter((e) => e.actor_id === patient.id).map((e) => e.detail.item_id).sort();
    assert.deepEqual(items, [n.id, ...n.amendments.map((x) => x.id)].sort());
    assert.ok(events.every((e) => e.actor_id !== doctor.id), 'the author\'s own reads are no disclosure');
    const writes = (await api.auditEvents(admin)).filter((e) => e.subject_id === patient.id).map((e) => e.action);
    for (const action of ['note.create', 'note.update', 'note.sign', 'note.amend']) assert.ok(writes.includes(action), action);
  });
});

describe('the patient\'s record', () => {
  test('lists consultations with signed notes and prescriptions, newest first; drafts stay out', async () => {
    const [later] = await bookNext(api, doctor, [patient.token]);
    const rx = await api.post(`/api/v1/appointments/${later.id}/prescriptions`, { medication: { name: 'Cetirizine', strength: '10 mg', form: 'tablet' },
      dosage: 'One tablet at night', quantity: 30, valid_until: new Date(Date.now() + 30 * 86400_000).toISOString() }, { token: doctor.token });
    assert.equal(rx.status, 201, rx.text);
    const res = await api.get('/api/v1/me/record', { token: patient.token });
    assert.equal(res.status, 200, res.text);
    const ids = res.json.items.map((x) => x.appointment.id);
    assert.deepEqual(ids, [later.id, appointments[0].id], 'newest first; the draft-only appointment is not there');
    const [withRx, withNote] = res.json.items;
    assert.equal(withRx.note, null);
    assert.equal(withRx.prescriptions[0].medication.name, 'Cetirizine');
    assert.equal(withNote.note.status, 'signed');
    assert.equal(withNote.note.assessment, 'Contact dermatitis');
    assert.deepEqual(withNote.appointment.doctor, { id: doctor.id, name: 'Dr Nora Notes' });
    assert.equal(res.json.next_cursor, '');
    const first = await api.get('/api/v1/me/record?limit=1', { token: patient.token });
    assert.deepEqual(first.json.items.map((x) => x.appointment.id), [later.id]);
    const second = await api.get(`/api/v1/me/record?limit=1&cursor=${encodeURIComponent(first.json.next_cursor)}`, { token: patient.token });
    assert.deepEqual(second.json.items.map((x) => x.appointment.id), [appointments[0].id]);
    assert.equal(second.json.next_cursor, '');
    for (const q of ['?limit=0', '?limit=101', '?cursor=nonsense']) {
      assert.equal((await api.get(`/api/v1/me/record${q}`, { token: patient.token })).status, 422, q);
    }
    assert.equal((await api.get('/api/v1/me/record', { token: stranger.token })).json.items.length, 0);
    assert.equal((await api.get('/api/v1/me/record', { token: doctor.token })).status, 403);
  });
});

describe('at rest', () => {
  test('the store holds no note text; after `telemed keys rotate` it still reads', async () => {
    const hex = (s) => Buffer.from(s).toString('hex').toUpperCase();
    const dump = sql('SELECT hex(body) FROM consultation_notes; SELECT hex(body) FROM note_amendments;');
    for (const s of ['Contact dermatitis', 'Erythematous', 'nickel', 'L25.9']) assert.ok(!dump.includes(hex(s)), s);
    const rotate = telemed(['keys', 'rotate', '--data', server.dataDir, '--log-level', 'warn']);
    assert.equal(rotate.code, 0, rotate.stderr);
    const keys = sql("SELECT DISTINCT hex(substr(body, 2, 4)) FROM consultation_notes UNION SELECT DISTINCT hex(substr(body, 2, 4)) FROM note_amendments");
    assert.deepEqual(keys.split('\n'), ['00000002'], 'every value re-sealed under the new key');
    const read = await note(patient.token, appointments[0].id);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.amendments[0].text, 'Patch test booked: possible nickel allergy');
  });
});

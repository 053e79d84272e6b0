// intake.test.mjs — intake questionnaires: who defines them (a doctor their
// own, an administrator the clinic's default), their limits, answers checked
// when booking (nothing stored when they do not fit), versions that keep old
// answers' meaning, who sees the answers, and the audit of first sights.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

let server;
let api;
let admin;
let doctor; // has their own questionnaire
let plain;  // has none of their own: the clinic's applies
let patient;

const everyDay = { time_zone: 'UTC', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', slot_minutes: 30 })) };

const intake = [
  { link_id: 'symptoms', text: 'What troubles you?', type: 'string', required: true },
  { link_id: 'fever', text: 'Do you have a fever?', type: 'boolean', required: true },
  { link_id: 'temp', text: 'Temperature (°C)', type: 'decimal', min: 35, max: 43 },
  { link_id: 'where', text: 'Where does it hurt?', type: 'choice', options: ['Head', 'Chest', 'Belly'] },
];

const putQuestionnaire = (token, path, items) => api.request('PUT', `/api/v1/${path}/questionnaire`, { token, json: { items } });
const getQuestionnaire = (token, path) => api.get(`/api/v1/${path}/questionnaire`, { token });
const book = (token, body) => api.post('/api/v1/appointments', body, { token });
const upcoming = async (token) => (await api.get('/api/v1/appointments?scope=upcoming&limit=100', { token })).json.appointments;

let hour = 8;
// A different free slot each call (2027-06-01 onwards, 08:00–17:30 UTC).
function nextSlot() {
  const day = 1 + Math.floor((hour - 8) / 10);
  const h = 8 + ((hour - 8) % 10);
  hour += 1;
  return `2027-06-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
}

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await api.admin();
  doctor = await api.verifiedDoctor(admin, { full_name: 'Ana Intake' });
  plain = await api.verifiedDoctor(admin, { full_name: 'Bruno Plain' });
  for (const d of [doctor, plain]) {
    assert.equal((await api.request('PUT', `/api/v1/doctors/${d.id}/hours`, { token: d.token, json: everyDay })).status, 200);
  }
  patient = { token: await api.session(newUser({ full_name: 'Paula Patient' })) };
});

after(() => server.stop());

describe('defining questionnaires', () => {
  test('with none defined, nothing is asked and answers are refused', async () => {
    const res = await getQuestionnaire(patient.token, `doctors/${plain.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.questionnaire, { id: null, version: null, source: 'none', items: [], updated_at: null });
    const refused = await book(patient.token, { doctor_id: plain.id, start: nextSlot(), answers: { temperature: '38.5' } });
    assert.equal(refused.status, 422);
    assert.equal(refused.json.error.code, 'unknown_question');
    assert.deepEqual(await upcoming(patient.token), []);
    const ok = await book(patient.token, { doctor_id: plain.id, start: nextSlot(), answers: {} });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.appointment.intake, []);
    assert.equal(ok.json.appointment.questionnaire, null);
  });

  test('an administrator sets the clinic default; a doctor without their own gets it', async () => {
    const res = await putQuestionnaire(admin, 'clinic', [{ link_id: 'allergies', text: 'Any allergies?', type: 'string', required: true }]);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.questionnaire.source, 'clinic');
    assert.equal(res.json.questionnaire.version, 1);
    const seen = await getQuestionnaire(patient.token, `doctors/${plain.id}`);
    assert.equal(seen.json.questionnaire.source, 'clinic');
    assert.equal(seen.json.questionnaire.id, res.json.questionnaire.id);
    assert.deepEqual((await getQuestionnaire(patient.token, 'clinic')).json.questionnaire.items,
      [{ link_id: 'allergies', text: 'Any allergies?', type: 'string', required: true }]);
    const missing = await book(patient.token, { doctor_id: plain.id, start: nextSlot() });
    assert.equal(missing.status, 422);
    assert.equal(missing.json.error.code, 'answer_required');
    assert.match(missing.json.error.message, /Any allergies\?/);
    const ok = await book(patient.token, { doctor_id: plain.id, start: nextSlot(), answers: { allergies: 'Penicillin' } });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.appointment.intake, [{ link_id: 'allergies', text: 'Any allergies?', type: 'string', answer: 'Penicillin' }]);
  });

  test('a doctor sets their own, which wins over the clinic default', async () => {
    const res = await putQuestionnaire(doctor.token, `doctors/${doctor.id}`, intake);
    assert.equal(res.status, 200, res.text);
    const q = res.json.questionnaire;
    assert.equal(q.source, 'doctor');
    assert.equal(q.version, 1);
    assert.ok(Date.parse(q.updated_at) > 0);
    // stored in a normal form: required is always there, bounds and options where they apply
    assert.deepEqual(q.items, [
      { link_id: 'symptoms', text: 'What troubles you?', type: 'string', required: true },
      { link_id: 'fever', text: 'Do you have a fever?', type: 'boolean', required: true },
      { link_id: 'temp', text: 'Temperature (°C)', type: 'decimal', required: false, min: 35, max: 43 },
      { link_id: 'where', text: 'Where does it hurt?', type: 'choice', required: false, options: ['Head', 'Chest', 'Belly'] },
    ]);
    assert.deepEqual((await getQuestionnaire(patient.token, `doctors/${doctor.id}`)).json.questionnaire, q);
  });

  test('only the doctor edits their own; only administrators the clinic default', async () => {
    const items = [{ link_id: 'x', text: 'Hijacked?', type: 'boolean' }];
    for (const token of [plain.token, patient.token, admin]) {
      const res = await putQuestionnaire(token, `doctors/${doctor.id}`, items);
      assert.equal(res.status, 403);
      assert.equal(res.json.error.code, 'forbidden');
    }
    for (const token of [doctor.token, patient.token]) {
      assert.equal((await putQuestionnaire(token, 'clinic', items)).status, 403);
    }
    assert.equal((await putQuestionnaire(doctor.token, 'doctors/00000000-0000-4000-8000-000000000000', items)).status, 404);
    assert.equal((await getQuestionnaire(patient.token, 'doctors/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await getQuestionnaire(patient.token, `doctors/${doctor.id}`)).json.questionnaire.version, 1);
    assert.equal((await getQuestionnaire(patient.token, 'clinic')).json.questionnaire.version, 1);
  });

  test('questionnaires past the limits or malformed are refused with a reason and change nothing', async () => {
    const q = (over) => ({ link_id: 'a', text: 'A question', type: 'string', ...over });
    const cases = [
      [Array.from({ length: 21 }, (_, i) => q({ link_id: `q${i}` })), 422, /items/],
      [[q({ text: 'x'.repeat(201) })], 422, /text/],
      [[q({ text: '' })], 422, /text/],
      [[q({ link_id: 'has space' })], 422, /link_id/],
      [[q({ link_id: 'x'.repeat(41) })], 422, /link_id/],
      [[q({}), q({ text: 'Again' })], 422, /twice/],
      [[q({ type: 'date' })], 422, /type/],
      [[q({ type: 'choice' })], 422, /options/],
      [[q({ type: 'choice', options: ['Only one'] })], 422, /options/],
      [[q({ type: 'choice', options: Array.from({ length: 11 }, (_, i) => `o${i}`) })], 422, /options/],
      [[q({ type: 'choice', options: ['Same', 'Same'] })], 422, /options/],
      [[q({ type: 'choice', options: ['Fine', 'y'.repeat(101)] })], 422, /options/],
      [[q({ options: ['A', 'B'] })], 422, /options/],
      [[q({ type: 'boolean', min: 1 })], 422, /min and max/],
      [[q({ type: 'decimal', min: 10, max: 1 })], 422, /min is above max/],
      [[q({ type: 'decimal', min: '1' })], 400, /min/],
      [[q({ required: 'yes' })], 400, /required/],
      [[q({ colour: 'red' })], 400, /colour/],
      [[{ text: 'No id', type: 'string' }], 400, /link_id/],
      [['just text'], 400, /object/],
    ];
    for (const [items, status, message] of cases) {
      const res = await putQuestionnaire(doctor.token, `doctors/${doctor.id}`, items);
      assert.equal(res.status, status, JSON.stringify(items).slice(0, 200));
      assert.match(res.json.error.message, message);
    }
    const notItems = await api.request('PUT', `/api/v1/doctors/${doctor.id}/questionnaire`, { token: doctor.token, json: { items: [], title: 'x' } });
    assert.equal(notItems.status, 400);
    assert.equal((await getQuestionnaire(patient.token, `doctors/${doctor.id}`)).json.questionnaire.version, 1);
  });
});

describe('answering while booking', () => {
  const good = { symptoms: 'Cough for a week', fever: true, temp: 38.5, where: 'Chest' };

  test('answers that do not fit are refused with a clear code and nothing is written', async () => {
    const p = await api.session(newUser());
    const start = nextSlot();
    const cases = [
      [{ fever: true }, 'answer_required', /symptoms/],
      [{ ...good, symptoms: '' }, 'answer_required', /symptoms/],
      [{ symptoms: 'Cough' }, 'answer_required', /fever/],
      [{ ...good, symptoms: 42 }, 'answer_invalid', /symptoms/],
      [{ ...good, symptoms: 'z'.repeat(501) }, 'answer_invalid', /symptoms/],
      [{ ...good, fever: 'yes' }, 'answer_invalid', /fever.*true or false/],
      [{ ...good, fever: 1 }, 'answer_invalid', /fever/],
      [{ ...good, temp: 50 }, 'answer_invalid', /temp.*35 to 43/],
      [{ ...good, temp: 34.9 }, 'answer_invalid', /temp/],
      [{ ...good, temp: '38' }, 'answer_invalid', /temp/],
      [{ ...good, where: 'Leg' }, 'answer_invalid', /where.*options/],
      [{ ...good, where: ['Head'] }, 'answer_invalid', /where/],
      [{ ...good, fever: null }, 'answer_invalid', /fever/],
      [{ ...good, age: 40 }, 'unknown_question', /age/],
    ];
    for (const [answers, code, message] of cases) {
      const res = await book(p, { doctor_id: doctor.id, start, answers });
      assert.equal(res.status, 422, JSON.stringify(answers).slice(0, 100));
      assert.equal(res.json.error.code, code, JSON.stringify(answers).slice(0, 100));
      assert.match(res.json.error.message, message);
    }
    assert.equal((await book(p, { doctor_id: doctor.id, start, answers: 'fever' })).status, 400);
    assert.deepEqual(await upcoming(p), [], 'no appointment was written');
    const slots = await api.get(`/api/v1/doctors/${doctor.id}/slots?from=${encodeURIComponent(start)}&to=${encodeURIComponent(new Date(Date.parse(start) + 1800000).toISOString())}`, { token: p });
    assert.equal(slots.json.slots[0].status, 'free', 'the slot stays free');
    // the boundaries themselves are fine; optional questions may stay unanswered
    const ok = await book(p, { doctor_id: doctor.id, start, answers: { symptoms: 'Cough', fever: false, temp: 43, where: '' } });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.appointment.answers, { symptoms: 'Cough', fever: false, temp: 43 });
  });

  test('the doctor sees the answers beside their questions; the patient sees their own; others nothing', async () => {
    const p = await api.session(newUser({ full_name: 'Rosa Answers' }));
    const made = await book(p, { doctor_id: doctor.id, start: nextSlot(), reason: 'Cough', answers: good });
    assert.equal(made.status, 201, made.text);
    const a = made.json.appointment;
    const expected = [
      { link_id: 'symptoms', text: 'What troubles you?', type: 'string', answer: 'Cough for a week' },
      { link_id: 'fever', text: 'Do you have a fever?', type: 'boolean', answer: true },
      { link_id: 'temp', text: 'Temperature (°C)', type: 'decimal', answer: 38.5 },
      { link_id: 'where', text: 'Where does it hurt?', type: 'choice', answer: 'Chest' },
    ];
    assert.deepEqual(a.intake, expected);
    assert.equal(a.questionnaire.version, 1);
    const agenda = (await upcoming(doctor.token)).find((x) => x.id === a.id);
    assert.equal(agenda.patient.full_name, 'Rosa Answers');
    assert.deepEqual(agenda.intake, expected);
    assert.deepEqual((await api.get(`/api/v1/appointments/${a.id}`, { token: doctor.token })).json.appointment.intake, expected);
    assert.deepEqual((await api.get(`/api/v1/appointments/${a.id}`, { token: p })).json.appointment.intake, expected);
    for (const token of [patient.token, plain.token]) {
      assert.equal((await api.get(`/api/v1/appointments/${a.id}`, { token })).status, 404);
      assert.ok(!(await upcoming(token)).some((x) => x.id === a.id));
    }
  });

  test('a new version does not change the meaning of answers given to the old one', async () => {
    const p = await api.session(newUser());
    const old = (await book(p, { doctor_id: doctor.id, start: nextSlot(), answers: good })).json.appointment;
    const v2 = await putQuestionnaire(doctor.token, `doctors/${doctor.id}`, [
      { link_id: 'fever', text: 'Fever above 39 °C today?', type: 'boolean', required: true },
      { link_id: 'smoker', text: 'Do you smoke?', type: 'boolean' },
    ]);
    assert.equal(v2.status, 200);
    assert.equal(v2.json.questionnaire.version, 2);
    assert.notEqual(v2.json.questionnaire.id, old.questionnaire.id);
    const again = (await api.get(`/api/v1/appointments/${old.id}`, { token: doctor.token })).json.appointment;
    assert.deepEqual(again.questionnaire, old.questionnaire);
    assert.deepEqual(again.intake, old.intake, 'the old labels stay with the old answers');
    assert.equal(again.intake[1].text, 'Do you have a fever?');
    // new bookings answer the new version
    const stale = await book(p, { doctor_id: doctor.id, start: nextSlot(), answers: good });
    assert.equal(stale.status, 422);
    assert.equal(stale.json.error.code, 'unknown_question');
    const fresh = await book(p, { doctor_id: doctor.id, start: nextSlot(), answers: { fever: false } });
    assert.equal(fresh.status, 201, fresh.text);
    assert.deepEqual(fresh.json.appointment.questionnaire, { id: v2.json.questionnaire.id, version: 2 });
    assert.deepEqual(fresh.json.appointment.intake, [{ link_id: 'fever', text: 'Fever above 39 °C today?', type: 'boolean', answer: false }]);
    // rescheduling keeps the answers and their version
    const moved = await api.post(`/api/v1/appointments/${old.id}/reschedule`, { start: nextSlot() }, { token: p });
    assert.equal(moved.status, 200);
    assert.deepEqual(moved.json.appointment.intake, old.intake);
  });

  test('a doctor\'s first sight of a patient\'s answers is audited once, without the answers', async () => {
    const p = await api.session(newUser());
    const a = (await book(p, { doctor_id: doctor.id, start: nextSlot(), answers: { fever: true }, reason: 'Secret cough' })).json.appointment;
    const views = async () => (await api.auditEvents(admin)).filter((e) => e.action === 'appointment.view' && e.detail.item_id === a.id);
    assert.equal((await views()).length, 0, 'booking is not a view by the doctor');
    await api.get(`/api/v1/appointments/${a.id}`, { token: p });
    assert.equal((await views()).length, 0, 'the patient reading their own is not a disclosure');
    await upcoming(doctor.token);
    await upcoming(doctor.token);
    await api.get(`/api/v1/appointments/${a.id}`, { token: doctor.token });
    const seen = await views();
    assert.equal(seen.length, 1);
    assert.equal(seen[0].actor_id, doctor.id);
    assert.equal(seen[0].subject_id, a.patient.id);
    const all = JSON.stringify(await api.auditEvents(admin));
    assert.ok(!all.includes('Secret cough') && !all.includes('Cough for a week'), 'no health data in the audit log');
    assert.ok(!server.stderr().includes('Secret cough'), 'no health data in the server log');
  });
});

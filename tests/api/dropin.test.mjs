// dropin.test.mjs — the drop-in queue: doctors' duty, one waiting request per
// patient, positions and the rough wait, the doctors' view, taking the next
// patient (an appointment starting now), parallel takes by several doctors
// (each patient taken once), and answers to the clinic's questionnaire.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

let server;
let api;
let admin;

const join = (token, body) => api.post('/api/v1/dropin', body, { token });
const mine = async (token) => (await api.get('/api/v1/dropin/mine', { token })).json.entry;
const leave = (token) => api.request('DELETE', '/api/v1/dropin/mine', { token });
const queue = (token) => api.get('/api/v1/dropin/queue', { token });
const take = (token) => api.post('/api/v1/dropin/take', undefined, { token });
const duty = (who, onDuty, id = who.id) => api.request('PUT', `/api/v1/doctors/${id}/duty`, { token: who.token, json: { on_duty: onDuty } });

function doctorOf(specialty, extra = {}) {
  return api.verifiedDoctor(admin, { profile: { specialty }, ...extra });
}

async function patients(n) {
  return Promise.all(Array.from({ length: n }, (_, i) => api.session(newUser({ full_name: `Waiting Patient ${i} ${Math.random()}` }))));
}

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await api.admin();
});

after(() => server.stop());

describe('duty', () => {
  test('a verified doctor with a specialty goes on and off duty; nobody else can', async () => {
    const d = await doctorOf('dermatology');
    const on = await duty(d, true);
    assert.equal(on.status, 200, on.text);
    assert.equal(on.json.duty.on_duty, true);
    assert.ok(Math.abs(Date.parse(on.json.duty.since) - Date.now()) < 60_000);
    assert.equal((await duty(d, true)).json.duty.since, on.json.duty.since, 'going on duty twice keeps the first time');
    const off = await duty(d, false);
    assert.deepEqual(off.json.duty, { on_duty: false, since: null });

    const other = await doctorOf('dermatology');
    assert.equal((await duty(other, true, d.id)).status, 403);
    const patient = { id: d.id, token: await api.session(newUser()) };
    assert.equal((await duty(patient, true)).status, 403);
    assert.equal((await duty(d, true, '00000000-0000-4000-8000-000000000000')).status, 404);
    const bad = await api.request('PUT', `/api/v1/doctors/${d.id}/duty`, { token: d.token, json: { on_duty: 'yes' } });
    assert.equal(bad.status, 400);

    const u = newUser({ role: 'doctor' });
    const pendingId = (await api.register(u)).json.user.id;
    const pending = { id: pendingId, token: (await api.login(u.username, u.password)).json.token };
    const refused = await duty(pending, true);
    assert.equal(refused.status, 403);
    assert.match(refused.json.error.message, /verified/);

    const noSpecialty = await api.verifiedDoctor(admin);
    const needs = await duty(noSpecialty, true);
    assert.equal(needs.status, 422);
    assert.match(needs.json.error.message, /specialty/);
  });
});

describe('waiting', () => {
  test('one request per patient; positions follow arrival; the wait counts doctors on duty', async () => {
    const [a, b, c] = await patients(3);
    const first = await join(a, { specialty: 'psychiatry', reason: 'Panic since this morning', mode: 'video' });
    assert.equal(first.status, 201, first.text);
    const e = first.json.entry;
    assert.equal(e.status, 'waiting');
    assert.equal(e.position, 1);
    assert.deepEqual(e.specialty, { id: 'psychiatry', name: 'Psychiatry' });
    assert.equal(e.reason, 'Panic since this morning');
    assert.equal(e.doctors_on_duty, 0);
    assert.equal(e.estimated_wait_minutes, null, 'no doctor on duty: no estimate');
    assert.equal((await join(b, { specialty: 'psychiatry', reason: 'Cannot sleep' })).json.entry.position, 2);
    assert.equal((await join(c, { specialty: 'psychiatry' })).json.entry.position, 3);

    for (const body of [{ specialty: 'psychiatry' }, { specialty: 'cardiology' }]) {
      const again = await join(a, body);
      assert.equal(again.status, 409);
      assert.equal(again.json.error.code, 'already_waiting');
    }
    assert.equal((await mine(a)).position, 1, 'the refused second request changed nothing');

    const d1 = await doctorOf('psychiatry');
    const d2 = await doctorOf('psychiatry');
    await duty(d1, true);
    let third = await mine(c);
    assert.equal(third.doctors_on_duty, 1);
    assert.equal(third.estimated_wait_minutes, 40, 'two ahead, 20 minutes each, one doctor');
    await duty(d2, true);
    third = await mine(c);
    assert.equal(third.estimated_wait_minutes, 20);
    assert.equal((await mine(a)).estimated_wait_minutes, 0);
    await duty(d1, false);
    await duty(d2, false);

    // a patient sees their own request only: no other patient's name or reason
    const text = JSON.stringify(await api.get('/api/v1/dropin/mine', { token: c }));
    assert.ok(!text.includes('Panic') && !text.includes('Cannot sleep') && !text.includes('Waiting Patient'));

    assert.equal((await leave(a)).status, 204);
    assert.equal((await mine(a)).status, 'left');
    assert.equal((await leave(a)).status, 404);
    assert.equal((await mine(b)).position, 1);
    assert.equal((await mine(c)).position, 2);
    const back = await join(a, { specialty: 'psychiatry' });
    assert.equal(back.status, 201);
    assert.equal(back.json.entry.position, 3, 'rejoining goes to the end');
  });

  test('only patients ask; the specialty must exist; bad bodies are refused', async () => {
    const [p] = await patients(1);
    const d = await doctorOf('neurology');
    assert.equal((await join(d.token, { specialty: 'neurology' })).status, 403);
    assert.equal((await join(admin, { specialty: 'neurology' })).status, 403);
    const unknown = await join(p, { specialty: 'astrology' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.json.error.message, /specialty/);
    assert.equal((await join(p, { specialty: 'neurology', mode: 'telepathy' })).status, 422);
    assert.equal((await join(p, { specialty: 'neurology', reason: 'r'.repeat(501) })).status, 422);
    assert.equal((await join(p, { specialty: 'neurology', who: 'me' })).status, 400);
    assert.equal((await join(p, {})).status, 400);
    assert.equal(await mine(p), null, 'nothing was stored');
    assert.equal((await api.get('/api/v1/dropin/mine')).status, 401);
  });
});

describe('the doctors\' queue and taking', () => {
  test('on duty, a doctor of the specialty sees reasons and since when; off duty only the count', async () => {
    const d = await doctorOf('ophthalmology');
    const [a, b] = await patients(2);
    await join(a, { specialty: 'ophthalmology', reason: 'Red eye', mode: 'in_person' });
    await join(b, { specialty: 'ophthalmology', reason: 'Blurred sight' });
    const off = await queue(d.token);
    assert.equal(off.status, 200);
    assert.equal(off.json.queue.on_duty, false);
    assert.equal(off.json.queue.waiting_count, 2);
    assert.deepEqual(off.json.queue.entries, [], 'no reasons off duty');
    await duty(d, true);
    const on = (await queue(d.token)).json.queue;
    assert.equal(on.on_duty, true);
    assert.deepEqual(on.specialty, { id: 'ophthalmology', name: 'Ophthalmology' });
    assert.deepEqual(on.entries.map((x) => [x.position, x.reason, x.mode]), [[1, 'Red eye', 'in_person'], [2, 'Blurred sight', 'video']]);
    assert.ok(on.entries.every((x) => Date.parse(x.waiting_since) <= Date.now()));
    assert.ok(!JSON.stringify(on).includes('Waiting Patient'), 'no names before a doctor takes the patient');
    // a doctor of another specialty sees nothing of this queue
    const other = await doctorOf('cardiology');
    await duty(other, true);
    const theirs = (await queue(other.token)).json.queue;
    assert.equal(theirs.waiting_count, 0);
    assert.deepEqual(theirs.entries, []);
    await duty(other, false);
    // the first sight of each request is audited, once
    await queue(d.token);
    const views = (await api.auditEvents(admin)).filter((x) => x.action === 'dropin.view' && x.actor_id === d.id);
    assert.equal(views.length, 2);
    assert.ok(!JSON.stringify(views).includes('Red eye'));
    for (const token of [a, admin]) assert.equal((await queue(token)).status, 403);
  });

  test('taking the next patient makes an appointment starting now for both, and closes the request', async () => {
    const d = await doctorOf('otolaryngology', { full_name: 'Otto Taker' });
    const [a, b] = await patients(2);
    await join(a, { specialty: 'otolaryngology', reason: 'Earache', mode: 'video' });
    await join(b, { specialty: 'otolaryngology', reason: 'Sore throat' });
    const before = Date.now();
    const notOnDuty = await take(d.token);
    assert.equal(notOnDuty.status, 409);
    assert.equal(notOnDuty.json.error.code, 'not_on_duty');
    await duty(d, true);
    const res = await take(d.token);
    assert.equal(res.status, 201, res.text);
    const appt = res.json.appointment;
    assert.equal(appt.status, 'booked');
    assert.equal(appt.doctor.id, d.id);
    assert.equal(appt.reason, 'Earache');
    assert.ok(appt.patient.full_name.startsWith('Waiting Patient'));
    const start = Date.parse(appt.start);
    assert.ok(start >= before - 1000 && start <= Date.now(), 'it starts now');
    assert.equal(Date.parse(appt.end) - start, 20 * 60_000);

    const entry = await mine(a);
    assert.equal(entry.status, 'taken');
    assert.equal(entry.appointment_id, appt.id);
    assert.deepEqual(entry.doctor, { full_name: 'Otto Taker' });
    const bookings = (await api.get('/api/v1/appointments?scope=upcoming', { token: a })).json.appointments;
    assert.deepEqual(bookings.map((x) => x.id), [appt.id]);
    assert.equal((await mine(b)).position, 1, 'the next patient moved up');
    assert.equal((await queue(d.token)).json.queue.waiting_count, 1);

    // while that consultation is under way the doctor takes nobody else
    const busy = await take(d.token);
    assert.equal(busy.status, 409);
    assert.equal(busy.json.error.code, 'doctor_busy');
    assert.equal((await mine(b)).status, 'waiting');
    await api.post(`/api/v1/appointments/${appt.id}/cancel`, { reason: 'done early' }, { token: d.token });
    const next = await take(d.token);
    assert.equal(next.status, 201);
    assert.equal(next.json.appointment.reason, 'Sore throat');
    await api.post(`/api/v1/appointments/${next.json.appointment.id}/cancel`, {}, { token: d.token });
    const empty = await take(d.token);
    assert.equal(empty.status, 404);
    assert.equal(empty.json.error.code, 'queue_empty');
  });

  test('patients, administrators and doctors awaiting verification cannot take', async () => {
    const [p] = await patients(1);
    await join(p, { specialty: 'endocrinology' });
    const u = newUser({ role: 'doctor' });
    await api.register(u);
    const pending = (await api.login(u.username, u.password)).json.token;
    for (const token of [p, admin, pending]) {
      const res = await take(token);
      assert.equal(res.status, 403);
      assert.equal(res.json.error.code, 'forbidden');
    }
    assert.equal((await mine(p)).status, 'waiting');
  });

  test('doctors taking at once: each patient is taken once, each doctor gets one', async () => {
    const doctors = await Promise.all(Array.from({ length: 4 }, () => doctorOf('pediatrics')));
    for (const d of doctors) await duty(d, true);
    const waiting = await patients(6);
    for (const p of waiting) assert.equal((await join(p, { specialty: 'pediatrics', reason: 'Child fever' })).status, 201);
    // every doctor asks twice at the same moment
    const results = await Promise.all(doctors.flatMap((d) => [take(d.token), take(d.token)]));
    const taken = results.filter((r) => r.status === 201).map((r) => r.json.appointment);
    assert.equal(taken.length, 4, results.map((r) => r.status).join(','));
    assert.ok(results.filter((r) => r.status !== 201).every((r) => r.json.error.code === 'doctor_busy'));
    assert.equal(new Set(taken.map((a) => a.patient.id)).size, 4, 'no patient taken twice');
    assert.equal(new Set(taken.map((a) => a.doctor.id)).size, 4, 'one patient per doctor');
    const states = await Promise.all(waiting.map(mine));
    assert.equal(states.filter((s) => s.status === 'taken').length, 4);
    assert.deepEqual(states.filter((s) => s.status === 'waiting').map((s) => s.position).sort(), [1, 2]);
    assert.equal((await queue(doctors[0].token)).json.queue.waiting_count, 2);
    // the first patients to arrive were the ones taken
    const takenIds = new Set(taken.map((a) => a.id));
    assert.ok(states.slice(0, 4).every((s) => takenIds.has(s.appointment_id)));
  });

  test('more doctors than patients: the patients are shared out, the others hear the queue is empty', async () => {
    const doctors = await Promise.all(Array.from({ length: 5 }, () => doctorOf('gynecology')));
    for (const d of doctors) await duty(d, true);
    const waiting = await patients(2);
    for (const p of waiting) await join(p, { specialty: 'gynecology' });
    const results = await Promise.all(doctors.map((d) => take(d.token)));
    const taken = results.filter((r) => r.status === 201).map((r) => r.json.appointment.patient.id);
    assert.equal(taken.length, 2);
    assert.equal(new Set(taken).size, 2);
    assert.deepEqual(results.filter((r) => r.status !== 201).map((r) => r.json.error.code), ['queue_empty', 'queue_empty', 'queue_empty']);
  });
});

describe('answers', () => {
  test('a drop-in request answers the clinic\'s questionnaire, and the appointment keeps the answers', async () => {
    const set = await api.request('PUT', '/api/v1/clinic/questionnaire', { token: admin, json: { items: [
      { link_id: 'pregnant', text: 'Could you be pregnant?', type: 'boolean', required: true },
    ] } });
    assert.equal(set.status, 200);
    const [p] = await patients(1);
    const missing = await join(p, { specialty: 'orthopedics', reason: 'Knee' });
    assert.equal(missing.status, 422);
    assert.equal(missing.json.error.code, 'answer_required');
    const wrong = await join(p, { specialty: 'orthopedics', answers: { pregnant: 'maybe' } });
    assert.equal(wrong.json.error.code, 'answer_invalid');
    assert.equal((await join(p, { specialty: 'orthopedics', answers: { knee: true, pregnant: false } })).json.error.code, 'unknown_question');
    assert.equal(await mine(p), null, 'nothing was stored');
    const ok = await join(p, { specialty: 'orthopedics', reason: 'Knee', answers: { pregnant: false } });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.entry.intake, [{ link_id: 'pregnant', text: 'Could you be pregnant?', type: 'boolean', answer: false }]);
    const d = await doctorOf('orthopedics');
    await duty(d, true);
    assert.deepEqual((await queue(d.token)).json.queue.entries[0].intake, ok.json.entry.intake);
    const appt = (await take(d.token)).json.appointment;
    assert.deepEqual(appt.intake, ok.json.entry.intake);
    assert.equal(appt.questionnaire.id, set.json.questionnaire.id);
  });
});

// booking.test.mjs — doctors' hours, slots across daylight-saving changes,
// booking (one winner per slot under concurrency), listing and cancelling.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

let server;
let api;
let doctor; // { id, token }
let patient;

async function verifiedDoctor() {
  return api.verifiedDoctor(await api.admin());
}

const lisbonWeekdays = {
  time_zone: 'Europe/Lisbon',
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00', slot_minutes: 30 })),
  exceptions: [{ date: '2027-03-24', kind: 'off' }, { date: '2027-03-27', kind: 'extra', start: '10:00', end: '11:00', slot_minutes: 20 }],
};

function putHours(who, doctorId, body) {
  return api.request('PUT', `/api/v1/doctors/${doctorId}/hours`, { token: who.token, json: body });
}

function slots(token, doctorId, from, to) {
  return api.get(`/api/v1/doctors/${doctorId}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token });
}

function book(token, body) {
  return api.post('/api/v1/appointments', body, { token });
}

before(async () => {
  server = await startServer();
  api = client(server);
  doctor = await verifiedDoctor();
  patient = { token: await api.session(newUser()) };
  assert.equal((await putHours(doctor, doctor.id, lisbonWeekdays)).status, 200);
});

after(() => server.stop());

describe('hours', () => {
  test('a doctor sets and reads their hours', async () => {
    const res = await api.get(`/api/v1/doctors/${doctor.id}/hours`, { token: patient.token });
    assert.equal(res.status, 200);
    assert.equal(res.json.time_zone, 'Europe/Lisbon');
    assert.equal(res.json.weekly.length, 5);
    assert.deepEqual(res.json.weekly[0], { weekday: 1, start: '09:00', end: '12:00', slot_minutes: 30 });
    assert.deepEqual(res.json.exceptions[0], { date: '2027-03-24', kind: 'off' });
  });

  test('only the doctor sets their own hours', async () => {
    const other = await verifiedDoctor();
    assert.equal((await putHours(other, doctor.id, lisbonWeekdays)).status, 403);
    assert.equal((await putHours(patient, doctor.id, lisbonWeekdays)).status, 403);
    assert.equal((await putHours(doctor, '00000000-0000-4000-8000-000000000000', lisbonWeekdays)).status, 404);
  });

  test('bad hours are refused with a reason and change nothing', async () => {
    const cases = [
      [{ ...lisbonWeekdays, time_zone: 'Mars/Olympus' }, 422],
      [{ ...lisbonWeekdays, time_zone: '../../etc/passwd' }, 422],
      [{ time_zone: 'UTC', weekly: [{ weekday: 8, start: '09:00', end: '10:00', slot_minutes: 30 }] }, 422],
      [{ time_zone: 'UTC', weekly: [{ weekday: 1, start: '9am', end: '10:00', slot_minutes: 30 }] }, 422],
      [{ time_zone: 'UTC', weekly: [{ weekday: 1, start: '10:00', end: '09:00', slot_minutes: 30 }] }, 422],
      [{ time_zone: 'UTC', weekly: [{ weekday: 1, start: '09:00', end: '10:00', slot_minutes: 5 }] }, 422],
      [{ time_zone: 'UTC', weekly: [{ weekday: 1, start: '09:00', end: '11:00', slot_minutes: 30 }, { weekday: 1, start: '10:00', end: '12:00', slot_minutes: 30 }] }, 422],
      [{ time_zone: 'UTC', weekly: [{ weekday: 1, start: '09:00', end: '10:00', slot_minutes: 30, extra: 1 }] }, 400],
      [{ time_zone: 'UTC', weekly: 'mondays' }, 400],
      [{ time_zone: 'UTC', weekly: [], exceptions: [{ date: '2027-02-30', kind: 'off' }] }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await putHours(doctor, doctor.id, body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.ok(res.json.error.message.length > 0);
    }
    assert.equal((await api.get(`/api/v1/doctors/${doctor.id}/hours`, { token: doctor.token })).json.time_zone, 'Europe/Lisbon');
  });

  test('"end": "24:00" is allowed', async () => {
    const night = await verifiedDoctor();
    const res = await putHours(night, night.id, { time_zone: 'UTC', weekly: [{ weekday: 7, start: '23:00', end: '24:00', slot_minutes: 60 }] });
    assert.equal(res.status, 200);
    const s = await slots(night.token, night.id, '2027-01-03T00:00:00Z', '2027-01-04T00:00:00Z');
    assert.deepEqual(s.json.slots.map((x) => x.start), ['2027-01-03T23:00:00.000Z']);
  });
});

describe('slots', () => {
  test('09:00 in Lisbon is 09:00Z in winter and 08:00Z in summer, across the change', async () => {
    // 2027-03-28 is the last Sunday of March: clocks go forward
    const res = await slots(patient.token, doctor.id, '2027-03-22T00:00:00Z', '2027-04-03T00:00:00Z');
    assert.equal(res.status, 200);
    const starts = res.json.slots.map((s) => s.start);
    assert.ok(starts.includes('2027-03-26T09:00:00.000Z'), 'Friday before the change');
    assert.ok(starts.includes('2027-03-29T08:00:00.000Z'), 'Monday after the change');
    const dayStarts = (day) => starts.filter((x) => x.startsWith(day));
    assert.deepEqual(dayStarts('2027-03-22'), ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((t) => `2027-03-22T${t}:00.000Z`));
    assert.deepEqual(dayStarts('2027-03-29'), ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30'].map((t) => `2027-03-29T${t}:00.000Z`));
    assert.ok(!starts.some((s) => s.startsWith('2027-03-24')), 'the day off has no slots');
    assert.ok(starts.includes('2027-03-27T10:20:00.000Z'), 'the extra Saturday hours, 20-minute slots');
    assert.ok(!starts.some((s) => s.startsWith('2027-03-28')), 'no Sunday hours');
    for (const s of res.json.slots) {
      assert.equal(s.status, 'free');
      assert.ok(Date.parse(s.end) > Date.parse(s.start));
    }
    const monday = res.json.slots.filter((s) => s.start.startsWith('2027-03-22'));
    assert.equal(monday.length, 6);
  });

  test('a range must be ordered and at most 31 days', async () => {
    assert.equal((await slots(patient.token, doctor.id, '2027-03-22T00:00:00Z', '2027-03-21T00:00:00Z')).status, 422);
    assert.equal((await slots(patient.token, doctor.id, '2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z')).status, 422);
    assert.equal((await slots(patient.token, doctor.id, 'yesterday', '2027-03-01T00:00:00Z')).status, 422);
    assert.equal((await slots(patient.token, '00000000-0000-4000-8000-000000000000', '2027-03-22T00:00:00Z', '2027-03-23T00:00:00Z')).status, 404);
  });
});

describe('booking', () => {
  test('a patient books a free slot; it turns busy; the next try gets slot_taken', async () => {
    const start = '2027-03-22T09:30:00.000Z';
    const res = await book(patient.token, { doctor_id: doctor.id, start, reason: 'Fever for three days', mode: 'video' });
    assert.equal(res.status, 201, res.text);
    const a = res.json.appointment;
    assert.equal(a.status, 'booked');
    assert.equal(a.start, start);
    assert.equal(a.end, '2027-03-22T10:00:00.000Z');
    assert.equal(a.doctor.id, doctor.id);
    const after = await slots(patient.token, doctor.id, '2027-03-22T09:00:00Z', '2027-03-22T11:00:00Z');
    assert.equal(after.json.slots.find((s) => s.start === start).status, 'busy');
    const other = await api.session(newUser());
    const again = await book(other, { doctor_id: doctor.id, start });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'slot_taken');
  });

  test('past, misaligned and unknown slots are refused', async () => {
    const past = await book(patient.token, { doctor_id: doctor.id, start: '2020-03-23T09:00:00Z' });
    assert.equal(past.status, 422);
    assert.equal(past.json.error.code, 'slot_in_past');
    for (const start of ['2027-03-22T09:10:00Z', '2027-03-22T13:00:00Z', '2027-03-24T09:00:00Z', '2027-03-28T09:00:00Z']) {
      const res = await book(patient.token, { doctor_id: doctor.id, start });
      assert.equal(res.status, 422, start);
      assert.equal(res.json.error.code, 'not_a_slot');
    }
    assert.equal((await book(patient.token, { doctor_id: '00000000-0000-4000-8000-000000000000', start: '2027-03-22T09:00:00Z' })).status, 404);
    assert.equal((await book(patient.token, { doctor_id: doctor.id, start: 'soon' })).status, 422);
    assert.equal((await book(patient.token, { doctor_id: doctor.id, start: '2027-03-22T09:00:00Z', mode: 'telepathy' })).status, 422);
    assert.equal((await book(doctor.token, { doctor_id: doctor.id, start: '2027-03-22T09:00:00Z' })).status, 403);
  });

  test('a doctor awaiting verification cannot be booked', async () => {
    const u = newUser({ role: 'doctor' });
    const id = (await api.register(u)).json.user.id;
    const token = (await api.login(u.username, u.password)).json.token;
    assert.equal((await putHours({ token }, id, lisbonWeekdays)).status, 200);
    assert.equal((await book(patient.token, { doctor_id: id, start: '2027-03-22T09:00:00Z' })).status, 404);
  });

  test('200 patients race for one slot and exactly one wins', async () => {
    const tokens = [];
    for (let i = 0; i < 200; i += 20) {
      tokens.push(...await Promise.all(Array.from({ length: 20 }, () => api.session(newUser()))));
    }
    const start = '2027-03-23T10:00:00Z';
    const results = await Promise.all(tokens.map((token) => book(token, { doctor_id: doctor.id, start })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1);
    assert.equal(statuses.filter((s) => s === 409).length, 199);
  });
});

describe('appointments', () => {
  test('both parties see it; others do not; either may cancel, once', async () => {
    const start = '2027-03-25T11:00:00Z';
    const made = await book(patient.token, { doctor_id: doctor.id, start, reason: 'Rash on the arm' });
    assert.equal(made.status, 201);
    const id = made.json.appointment.id;
    const mine = await api.get('/api/v1/appointments?scope=upcoming', { token: patient.token });
    assert.ok(mine.json.appointments.some((a) => a.id === id && a.doctor.full_name));
    const theirs = await api.get('/api/v1/appointments?scope=upcoming', { token: doctor.token });
    const seen = theirs.json.appointments.find((a) => a.id === id);
    assert.equal(seen.reason, 'Rash on the arm');
    assert.ok(seen.patient.full_name);
    assert.equal((await api.get('/api/v1/appointments?scope=past', { token: patient.token })).json.appointments.length, 0);

    const stranger = await api.session(newUser());
    assert.equal((await api.get(`/api/v1/appointments/${id}`, { token: stranger })).status, 404);
    assert.equal((await api.post(`/api/v1/appointments/${id}/cancel`, { reason: 'mine now' }, { token: stranger })).status, 404);

    const cancelled = await api.post(`/api/v1/appointments/${id}/cancel`, { reason: 'Doctor unwell' }, { token: doctor.token });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.json.appointment.status, 'cancelled');
    assert.equal(cancelled.json.appointment.cancel_reason, 'Doctor unwell');
    assert.equal((await api.post(`/api/v1/appointments/${id}/cancel`, {}, { token: patient.token })).status, 409);
    // the slot is free again
    assert.equal((await book(stranger, { doctor_id: doctor.id, start })).status, 201);
  });

  test('lists page with limit and cursor, soonest first', async () => {
    const p = await api.session(newUser());
    for (const start of ['2027-03-26T09:00:00Z', '2027-03-26T09:30:00Z', '2027-03-26T10:00:00Z']) {
      assert.equal((await book(p, { doctor_id: doctor.id, start })).status, 201);
    }
    const first = await api.get('/api/v1/appointments?scope=upcoming&limit=2', { token: p });
    assert.deepEqual(first.json.appointments.map((a) => a.start), ['2027-03-26T09:00:00.000Z', '2027-03-26T09:30:00.000Z']);
    assert.ok(first.json.next_cursor);
    const second = await api.get(`/api/v1/appointments?scope=upcoming&limit=2&cursor=${encodeURIComponent(first.json.next_cursor)}`, { token: p });
    assert.deepEqual(second.json.appointments.map((a) => a.start), ['2027-03-26T10:00:00.000Z']);
    assert.equal(second.json.next_cursor, null);
    assert.equal((await api.get('/api/v1/appointments?scope=someday', { token: p })).status, 422);
  });
});

describe('reschedule and calendar files', () => {
  test('either party moves a booking to another free slot', async () => {
    const p = await api.session(newUser());
    const made = await book(p, { doctor_id: doctor.id, start: '2027-03-29T08:00:00Z', reason: 'Check-up' });
    assert.equal(made.status, 201);
    const id = made.json.appointment.id;
    const moved = await api.post(`/api/v1/appointments/${id}/reschedule`, { start: '2027-03-29T09:30:00Z' }, { token: p });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.appointment.start, '2027-03-29T09:30:00.000Z');
    assert.equal(moved.json.appointment.end, '2027-03-29T10:00:00.000Z');
    const s = await slots(p, doctor.id, '2027-03-29T08:00:00Z', '2027-03-29T10:00:00Z');
    assert.equal(s.json.slots.find((x) => x.start === '2027-03-29T08:00:00.000Z').status, 'free');
    assert.equal(s.json.slots.find((x) => x.start === '2027-03-29T09:30:00.000Z').status, 'busy');
    const other = await api.session(newUser());
    assert.equal((await book(other, { doctor_id: doctor.id, start: '2027-03-29T08:30:00Z' })).status, 201);
    const taken = await api.post(`/api/v1/appointments/${id}/reschedule`, { start: '2027-03-29T08:30:00Z' }, { token: doctor.token });
    assert.equal(taken.status, 409);
    assert.equal(taken.json.error.code, 'slot_taken');
    assert.equal((await api.post(`/api/v1/appointments/${id}/reschedule`, { start: '2027-03-29T08:10:00Z' }, { token: p })).json.error.code, 'not_a_slot');
    assert.equal((await api.post(`/api/v1/appointments/${id}/reschedule`, { start: '2021-03-29T08:00:00Z' }, { token: p })).json.error.code, 'slot_in_past');
    assert.equal((await api.post(`/api/v1/appointments/${id}/reschedule`, { start: '2027-03-29T10:00:00Z' }, { token: other })).status, 404);
  });

  test('the .ics file is valid iCalendar with the right times', async () => {
    const { default: ICAL } = await import('ical.js');
    const p = await api.session(newUser());
    const made = await book(p, { doctor_id: doctor.id, start: '2027-03-30T10:30:00Z', reason: 'Cough; fever, and "chills"\nsince Monday' });
    const id = made.json.appointment.id;
    const res = await api.get(`/api/v1/appointments/${id}/ics`, { token: doctor.token });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/calendar/);
    assert.match(res.headers['content-disposition'], /attachment/);
    assert.ok(res.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines are folded at 75 octets');
    const vevent = new ICAL.Component(ICAL.parse(res.text)).getFirstSubcomponent('vevent');
    const event = new ICAL.Event(vevent);
    assert.equal(event.startDate.toJSDate().toISOString(), '2027-03-30T10:30:00.000Z');
    assert.equal(event.endDate.toJSDate().toISOString(), '2027-03-30T11:00:00.000Z');
    assert.equal(event.uid, `${id}@telemed`);
    assert.match(event.summary, /consultation with/);
    assert.equal(event.description, 'Cough; fever, and "chills"\nsince Monday');
    await api.post(`/api/v1/appointments/${id}/cancel`, {}, { token: p });
    const cancelled = await api.get(`/api/v1/appointments/${id}/ics`, { token: p });
    const status = new ICAL.Component(ICAL.parse(cancelled.text)).getFirstSubcomponent('vevent').getFirstPropertyValue('status');
    assert.equal(status, 'CANCELLED');
    const stranger = await api.session(newUser());
    assert.equal((await api.get(`/api/v1/appointments/${id}/ics`, { token: stranger })).status, 404);
  });
});

describe('reviews', () => {
  test('after a fulfilled consultation the patient rates once; the profile shows it', async () => {
    const { execFileSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const u = newUser({ full_name: 'Rita Reviewer Lopes' });
    const p = await api.session(u);
    const made = await book(p, { doctor_id: doctor.id, start: '2027-03-31T09:00:00Z' });
    const id = made.json.appointment.id;
    const early = await api.post(`/api/v1/appointments/${id}/review`, { rating: 5 }, { token: p });
    assert.equal(early.status, 409, 'not before the consultation took place');
    // the live consultation (issue 4) marks it fulfilled; here the store does
    execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), `UPDATE appointments SET status = 'fulfilled' WHERE id = '${id}'`]);
    for (let i = 0; i < 8; i++) { // every worker's connection sees the change
      assert.equal((await api.get(`/api/v1/appointments/${id}`, { token: p })).json.appointment.status, 'fulfilled');
    }
    assert.equal((await api.post(`/api/v1/appointments/${id}/review`, { rating: 6 }, { token: p })).status, 422);
    const stranger = await api.session(newUser());
    assert.equal((await api.post(`/api/v1/appointments/${id}/review`, { rating: 4 }, { token: stranger })).status, 404);
    assert.equal((await api.post(`/api/v1/appointments/${id}/review`, { rating: 4 }, { token: doctor.token })).status, 404);
    const ok = await api.post(`/api/v1/appointments/${id}/review`, { rating: 4, comment: 'Kind and clear' }, { token: p });
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await api.post(`/api/v1/appointments/${id}/review`, { rating: 1 }, { token: p })).status, 409);
    const profile = await api.get(`/api/v1/doctors/${doctor.id}`, { token: stranger });
    assert.equal(profile.json.doctor.rating.count, 1);
    assert.equal(profile.json.doctor.rating.average, 4);
    assert.deepEqual(profile.json.doctor.reviews.map((r) => [r.rating, r.comment, r.by]), [[4, 'Kind and clear', 'Rita']]);
    assert.ok(!JSON.stringify(profile.json).includes('Lopes'), 'reviews name the patient by first name only');
  });
});

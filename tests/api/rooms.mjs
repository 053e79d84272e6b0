// rooms.mjs — what tests of consultation rooms share: a doctor who sees
// patients all day in 10-minute slots, booking their next free slots, a
// consultation whose window is open now, and a live client that has joined
// an appointment's room.
import assert from 'node:assert/strict';
import { liveClient } from './live_client.mjs';

export const allDay = { time_zone: 'UTC', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00', slot_minutes: 10 })), exceptions: [] };

// Opens doctor's hours all day, then books one appointment for each
// patient token in turn (the doctor's next free slots from a minute on),
// with reasons[i] and intake answers[i]; returns the appointments.
export async function bookNext(api, doctor, patients, reasons = [], answers = []) {
  const hours = await api.request('PUT', `/api/v1/doctors/${doctor.id}/hours`, { token: doctor.token, json: allDay });
  assert.equal(hours.status, 200, hours.text);
  const from = new Date(Date.now() + 60_000).toISOString();
  const to = new Date(Date.now() + 3 * 3600_000).toISOString();
  const slots = await api.get(`/api/v1/doctors/${doctor.id}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: patients[0] });
  const free = slots.json.slots.filter((s) => s.status === 'free');
  const out = [];
  for (const [i, token] of patients.entries()) {
    const res = await api.post('/api/v1/appointments', { doctor_id: doctor.id, start: free[i].start, reason: reasons[i] ?? '',
      ...(answers[i] && { answers: answers[i] }) }, { token });
    assert.equal(res.status, 201, res.text);
    out.push(res.json.appointment);
  }
  return out;
}

// A live client of token's user that has joined appointment id's room:
// { c (live client), j (join answer) }. open: the list to terminate after.
export async function inRoom(server, api, open, token, id) {
  const res = await api.post(`/api/v1/appointments/${id}/join`, undefined, { token });
  assert.equal(res.status, 200, res.text);
  const c = liveClient(server, open, { cookie: token });
  await c.next((m) => m.type === 'WELCOME');
  c.send({ type: 'JOIN', ticket: res.json.ticket });
  await c.next((m) => m.type === 'JOINED');
  return { c, j: res.json };
}

// A consultation whose window is open now, for a server started with
// --join-early-minutes 20 (10-minute slots start at most 11 minutes away):
// a verified doctor open all day, a patient, and the patient's booking of
// the first free slot. doctorUser and patientUser are newUser() objects;
// intake: { items, answers }, the doctor's questionnaire and the patient's
// answers to it, or none.
// Returns { doctor: { id, token }, patientToken, appointment }.
export async function consultationSoon(api, doctorUser, patientUser, reason = 'Rash on the arm', intake = null) {
  const doctor = await api.verifiedDoctor(await api.admin(), doctorUser);
  const patientToken = await api.session(patientUser);
  if (intake) {
    const q = await api.request('PUT', `/api/v1/doctors/${doctor.id}/questionnaire`, { token: doctor.token, json: { items: intake.items } });
    assert.equal(q.status, 200, q.text);
  }
  const [appointment] = await bookNext(api, doctor, [patientToken], [reason], [intake?.answers]);
  return { doctor, patientToken, appointment };
}

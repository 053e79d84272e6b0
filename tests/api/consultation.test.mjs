// consultation.test.mjs — entering a consultation and its signalling: the
// join answer (only the two participants, only inside the window), room
// tickets (signed, bound to a user), JOIN, and the relay rules of seed 002's
// messages — who may send what to whom — against the real server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';
import { liveClient } from './live_client.mjs';
import { allDay, inRoom } from './rooms.mjs';

let server;
let api;
let doctor;
let patient;
let appt; // starts within 11 minutes: its window is open
const open = [];
const live = (o) => liveClient(server, open, o);


async function freeSlots(who, fromMs, count) {
  const from = new Date(Date.now() + fromMs).toISOString();
  const to = new Date(Date.now() + fromMs + 6 * 3600_000).toISOString();
  const res = await api.get(`/api/v1/doctors/${who.id}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: patient.token });
  return res.json.slots.filter((s) => s.status === 'free').slice(0, count).map((s) => s.start);
}

// Waits (up to 3 s) for the appointment to reach status; returns the last seen.
async function statusBecomes(id, status) {
  let seen;
  for (let i = 0; i < 30; i++) {
    seen = (await api.get(`/api/v1/appointments/${id}`, { token: patient.token })).json.appointment.status;
    if (seen === status) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

const join = (id, token) => api.post(`/api/v1/appointments/${id}/join`, undefined, { token });

// A joined participant: { c (live client), j (join answer) }.
const joined = (token, id = appt.id) => inRoom(server, api, open, token, id);

// A call message of seed 002's shape from a to b.
function call(type, a, b, extra = {}) {
  return { type, data: { to: b.j.self.id, from: a.j.self.id, session_id: a.j.session_id, media: 'video', ...extra }, sender: a.j.self.id };
}

before(async () => {
  // 10-minute slots start up to 11 minutes from now: open the window 20 minutes early
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  api = client(server);
  doctor = await api.verifiedDoctor(await api.admin(), { full_name: 'Dr Carla Call' });
  const p = newUser({ full_name: 'Pedro Patient' });
  patient = { token: await api.session(p) };
  assert.equal((await api.request('PUT', `/api/v1/doctors/${doctor.id}/hours`, { token: doctor.token, json: allDay })).status, 200);
  const [start] = await freeSlots(doctor, 60_000, 1);
  appt = (await api.post('/api/v1/appointments', { doctor_id: doctor.id, start }, { token: patient.token })).json.appointment;
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

describe('joining', () => {
  test('both participants get a ticket, the WebSocket address and the window', async () => {
    const res = await join(appt.id, patient.token);
    assert.equal(res.status, 200, res.text);
    const j = res.json;
    assert.equal(j.session_id, appt.id);
    assert.equal(j.role, 'patient');
    assert.equal(j.self.name, 'Pedro Patient');
    assert.deepEqual(j.peer, { id: doctor.id, name: 'Dr Carla Call' });
    assert.equal(j.ws_url, `wss://localhost:${server.port}/ws`);
    assert.ok(Array.isArray(j.ice_servers));
    assert.equal(Date.parse(j.window.opens_at), Date.parse(appt.start) - 20 * 60_000);
    assert.equal(Date.parse(j.window.closes_at), Date.parse(appt.end) + 30 * 60_000);
    const d = await join(appt.id, doctor.token);
    assert.equal(d.status, 200);
    assert.equal(d.json.role, 'doctor');
  });

  test('anyone else gets 404, as for an unknown appointment', async () => {
    const other = await api.session(newUser());
    assert.equal((await join(appt.id, other)).status, 404);
    assert.equal((await join('00000000-0000-4000-8000-000000000000', patient.token)).status, 404);
    assert.equal((await api.post(`/api/v1/appointments/${appt.id}/join`)).status, 401);
  });

  test('outside the window: 403 outside_window with when it opens', async () => {
    const [later] = await freeSlots(doctor, 48 * 3600_000, 1);
    const a = (await api.post('/api/v1/appointments', { doctor_id: doctor.id, start: later }, { token: patient.token })).json.appointment;
    const res = await join(a.id, patient.token);
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'outside_window');
    assert.equal(Date.parse(res.json.error.opens_at), Date.parse(later) - 20 * 60_000);
    assert.equal((await api.post(`/api/v1/appointments/${a.id}/cancel`, {}, { token: patient.token })).status, 200);
    assert.equal((await join(a.id, patient.token)).status, 409);
  });
});

describe('signalling', () => {
  test('JOIN needs a valid ticket of one\'s own', async () => {
    const j = (await join(appt.id, patient.token)).json;
    const stranger = live({ cookie: await api.session(newUser()) });
    await stranger.next((m) => m.type === 'WELCOME');
    stranger.send({ type: 'JOIN', ticket: j.ticket }); // the patient's ticket, another user
    assert.equal((await stranger.next((m) => m.type === 'ERROR')).code, 'invalid_ticket');
    const c = live({ cookie: patient.token });
    await c.next((m) => m.type === 'WELCOME');
    const forged = j.ticket.slice(0, 10) + (j.ticket[10] === 'A' ? 'B' : 'A') + j.ticket.slice(11);
    c.send({ type: 'JOIN', ticket: forged });
    assert.equal((await c.next((m) => m.type === 'ERROR')).code, 'invalid_ticket');
    c.send({ type: 'READY', data: {}, sender: j.self.id });
    assert.equal((await c.next((m) => m.type === 'ERROR' && m.code !== 'invalid_ticket')).code, 'not_joined');
    c.ws.close();
    const anon = live();
    await anon.opened;
    anon.send({ type: 'JOIN', ticket: j.ticket });
    assert.equal((await anon.next((m) => m.type === 'ERROR')).code, 'unauthenticated');
  });

  test('the seed 002 flow relays between the two, and only as the rules say', async () => {
    const p = await joined(patient.token);
    assert.equal(await statusBecomes(appt.id, 'checked-in'), 'checked-in', 'the patient in the room is checked in');
    const d = await joined(doctor.token);
    assert.ok(await p.c.next((m) => m.type === 'PEER_JOINED' && m.user_id === doctor.id));
    const joinedMsg = d.c.got.find((m) => m.type === 'JOINED');
    assert.deepEqual(joinedMsg.participants.map((x) => [x.role, x.present]), [['patient', true], ['doctor', true]]);

    p.c.send(call('READY', p, d));
    assert.deepEqual(await d.c.next((m) => m.type === 'READY'), call('READY', p, d));
    d.c.send(call('ACK', d, p));
    await p.c.next((m) => m.type === 'ACK');
    assert.equal(await statusBecomes(appt.id, 'arrived'), 'arrived', 'the doctor has acknowledged');
    // only the doctor offers: the patient's OFFER is refused and not relayed
    p.c.send(call('OFFER', p, d, { description: { type: 'offer', sdp: 'v=0' } }));
    assert.equal((await p.c.next((m) => m.type === 'ERROR')).code, 'doctor_only');
    const offer = call('OFFER', d, p, { description: { type: 'offer', sdp: 'v=0\r\n' } });
    d.c.send(offer);
    assert.deepEqual(await p.c.next((m) => m.type === 'OFFER'), offer);
    assert.equal(d.c.got.filter((m) => m.type === 'OFFER').length, 0);
    p.c.send(call('ANSWER', p, d, { description: { type: 'answer', sdp: 'v=0\r\n' } }));
    await d.c.next((m) => m.type === 'ANSWER');
    p.c.send(call('CANDIDATE', p, d, { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' } }));
    d.c.send(call('CANDIDATE', d, p, { candidate: { candidate: 'candidate:2 1 udp 1 127.0.0.1 5001 typ host' } }));
    await d.c.next((m) => m.type === 'CANDIDATE');
    await p.c.next((m) => m.type === 'CANDIDATE');
    // the patient's network changed: the patient asks the doctor, who alone
    // offers, for an ICE restart; the doctor has no one to ask
    p.c.send(call('RESTART', p, d));
    assert.deepEqual(await d.c.next((m) => m.type === 'RESTART'), call('RESTART', p, d));
    d.c.send(call('RESTART', d, p));
    assert.equal((await d.c.next((m) => m.type === 'ERROR')).code, 'patient_only');

    // lies about who sends, to whom, in which session: refused
    const errors = () => p.c.got.filter((m) => m.type === 'ERROR').map((m) => m.code);
    p.c.send({ ...call('CANDIDATE', p, d), sender: doctor.id });
    p.c.send({ ...call('CANDIDATE', p, d), data: { ...call('CANDIDATE', p, d).data, from: doctor.id } });
    p.c.send({ ...call('CANDIDATE', p, d), data: { ...call('CANDIDATE', p, d).data, to: patient.id ?? p.j.self.id } });
    p.c.send({ ...call('CANDIDATE', p, d), data: { ...call('CANDIDATE', p, d).data, session_id: '00000000-0000-4000-8000-000000000000' } });
    p.c.send({ type: 'WHATEVER' });
    await p.c.next(() => errors().length >= 6);
    assert.deepEqual(errors().slice(1), ['wrong_sender', 'wrong_sender', 'wrong_recipient', 'wrong_session', 'unknown_type']);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(d.c.got.filter((m) => m.type === 'CANDIDATE').length, 1, 'nothing refused was relayed');

    d.c.send(call('BYE', d, p));
    await p.c.next((m) => m.type === 'BYE');
    assert.equal(await statusBecomes(appt.id, 'fulfilled'), 'fulfilled', 'a call that took place fulfils the appointment');
    // and the patient may now review it
    const review = await api.post(`/api/v1/appointments/${appt.id}/review`, { rating: 5, comment: 'Clear and kind' }, { token: patient.token });
    assert.equal(review.status, 201, review.text);
    d.c.ws.close();
    assert.ok(await p.c.next((m) => m.type === 'PEER_LEFT' && m.user_id === doctor.id));
    p.c.send(call('CANDIDATE', p, d));
    assert.ok(await p.c.next((m) => m.type === 'ERROR' && m.code === 'peer_absent'));
    p.c.ws.close();
  });

  test('a page that reopens the consultation replaces the older one', async () => {
    const first = await joined(patient.token);
    const second = await joined(patient.token);
    assert.equal((await first.c.next((m) => m.type === 'ERROR')).code, 'replaced');
    await first.c.closed;
    const d = await joined(doctor.token);
    second.c.send(call('READY', second, d));
    await d.c.next((m) => m.type === 'READY');
    second.c.ws.close();
    d.c.ws.close();
  });

  test('a connection that floods is closed', async () => {
    const c = live({ cookie: patient.token });
    await c.next((m) => m.type === 'WELCOME');
    for (let i = 0; i < 100; i++) c.send({ type: 'PING' });
    await c.next(() => c.got.filter((m) => m.type === 'PONG').length === 100);
    for (let i = 0; i < 1000; i++) c.send({ type: 'PING' });
    await c.closed;
    assert.ok(c.got.filter((m) => m.type === 'PONG').length < 1100);
  });
});

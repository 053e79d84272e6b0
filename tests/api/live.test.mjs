// live.test.mjs — the live channel (/ws, telemed.v1): who is behind a
// connection (session cookie or HELLO), and notifications that reach open
// pages at once: a booking tells the doctor, a cancel or a move tells the
// other party, reminders go out once; all of them stay listed and can be
// marked read. Uses the `ws` client so cookies and Origin can be set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { startServer, telemed } from '../support/server.mjs';
import { client, newUser } from './client.mjs';
import { liveClient } from './live_client.mjs';
import { allDay } from './rooms.mjs';

let server;
let api;
let doctor;
let patient;
const open = [];

const live = (o) => liveClient(server, open, o);

const ofKind = (kind) => (m) => m.type === 'NOTIFICATION' && m.notification.kind === kind;

async function verifiedDoctor() {
  const u = newUser({ role: 'doctor', full_name: 'Dr Rita Live' });
  const id = (await api.register(u)).json.user.id;
  const admin = (await api.login('boss', 'the boss password')).json.token;
  assert.equal((await api.post(`/api/v1/admin/users/${id}/verify`, undefined, { token: admin })).status, 200);
  return { id, token: (await api.login(u.username, u.password)).json.token };
}

// Hours round the clock in UTC with 10-minute slots: the next slot is
// always less than 10 minutes away, so the 15-minute reminder is due. Tests
// that count notifications book at least 20 minutes ahead (LATER), so no
// reminder of theirs comes while they count.
const LATER = 20 * 60_000;

async function freeSlots(count, of = doctor, ahead = 60_000) {
  const from = new Date(Date.now() + ahead).toISOString();
  const to = new Date(Date.now() + 6 * 3600_000).toISOString();
  const res = await api.get(`/api/v1/doctors/${of.id}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: patient.token });
  return res.json.slots.filter((s) => s.status === 'free').slice(0, count).map((s) => s.start);
}

before(async () => {
  server = await startServer({ flags: ['--reminder-tick-seconds', '1'] });
  api = client(server);
  const add = telemed(['user', 'add', '--data', server.dataDir, '--role', 'admin', '--username', 'boss', '--log-level', 'warn'],
    { input: 'the boss password\n' });
  assert.equal(add.code, 0, add.stderr);
  doctor = await verifiedDoctor();
  const p = newUser({ full_name: 'Paula Patient' });
  patient = { token: await api.session(p) };
  patient.id = (await api.get('/api/v1/me', { token: patient.token })).json.user.id;
  assert.equal((await api.request('PUT', `/api/v1/doctors/${doctor.id}/hours`, { token: doctor.token, json: allDay })).status, 200);
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

describe('who is behind a live connection', () => {
  test('the session cookie of the handshake identifies a browser', async () => {
    const c = live({ cookie: patient.token });
    const welcome = await c.next((m) => m.type === 'WELCOME');
    assert.equal(welcome.user.id, patient.id);
    assert.equal(welcome.user.role, 'patient');
    assert.equal(typeof welcome.unread, 'number');
  });

  test('another client says HELLO with its token', async () => {
    const c = live();
    await c.opened;
    c.send({ type: 'PING' });
    await c.next((m) => m.type === 'PONG');
    c.send({ type: 'SOMETHING' });
    assert.equal((await c.next((m) => m.type === 'ERROR')).code, 'unauthenticated');
    c.send({ type: 'HELLO', token: doctor.token });
    assert.equal((await c.next((m) => m.type === 'WELCOME')).user.id, doctor.id);
    c.send({ type: 'HELLO', token: doctor.token });
    assert.ok(await c.next((m) => m.type === 'ERROR' && m.code === 'already_identified'));
  });

  test('messages larger than a read, sent whole or in fragments, are read as one; over 64 KiB is refused', async () => {
    const c = live();
    await c.opened;
    const ping = (bytes) => JSON.stringify({ type: 'PING', pad: 'x'.repeat(bytes) });
    const pongs = () => c.got.filter((m) => m.type === 'PONG').length;
    c.ws.send(ping(20_000)); // one frame, more than the server reads at once
    await c.next(() => pongs() === 1);
    const text = ping(30_000); // three fragments of one message
    c.ws.send(text.slice(0, 10_000), { fin: false });
    c.ws.send(text.slice(10_000, 10_005), { fin: false });
    c.ws.send(text.slice(10_005), { fin: true });
    await c.next(() => pongs() === 2);
    c.ws.send(ping(70_000));
    assert.equal((await c.next((m) => m.type === 'ERROR')).code, 'message_too_large');
    c.ws.send(ping(10)); // and the connection still works
    await c.next(() => pongs() === 3);
    assert.equal(c.got.filter((m) => m.type === 'ERROR').length, 1);
  });

  test('a dead token or cookie is refused and the connection closed', async () => {
    const c = live();
    await c.opened;
    c.send({ type: 'HELLO', token: 'A'.repeat(43) });
    assert.equal((await c.next((m) => m.type === 'ERROR')).code, 'unauthenticated');
    await c.closed;
    const d = live({ cookie: 'B'.repeat(43) });
    assert.equal((await d.next((m) => m.type === 'ERROR')).code, 'unauthenticated');
    await d.closed;
    assert.ok(!d.got.some((m) => m.type === 'WELCOME'));
  });

  test('a connection that never says who it is is closed after 10 seconds', { timeout: 20_000 }, async () => {
    const c = live();
    await c.opened;
    const t0 = Date.now();
    await c.closed;
    const waited = Date.now() - t0;
    assert.ok(waited >= 9_000 && waited < 16_000, `closed after ${waited} ms`);
  });

  test('over HTTP/2 too (RFC 8441, as Chromium connects), the silent stream ends after 10 seconds', { timeout: 20_000 }, async () => {
    const session = http2.connect(server.url, { ca: server.ca });
    await new Promise((r) => session.once('remoteSettings', r));
    assert.equal(session.remoteSettings.enableConnectProtocol, true);
    const stream = session.request({ ':method': 'CONNECT', ':protocol': 'websocket', ':path': '/ws', ':scheme': 'https',
      ':authority': `localhost:${server.port}`, 'sec-websocket-version': '13', 'sec-websocket-protocol': 'telemed.v1',
      origin: server.url }, { endStream: false });
    let received = Buffer.alloc(0);
    stream.on('data', (d) => {
      received = Buffer.concat([received, d]);
      // a close frame (code 1008) comes: answer it as a browser does
      if (received.includes(Buffer.from([0x88, 0x02, 0x03, 0xf0]))) stream.end(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xf0]));
    });
    assert.equal(await new Promise((r) => stream.on('response', (h) => r(h[':status']))), 200);
    const t0 = Date.now();
    await new Promise((r) => { stream.on('close', r); stream.on('error', r); });
    const waited = Date.now() - t0;
    session.destroy();
    assert.ok(waited >= 9_000 && waited < 16_000, `ended after ${waited} ms`);
    assert.match(received.toString('latin1'), /"code":"unauthenticated"/, 'with a reason before the end');
    assert.ok(received.includes(Buffer.from([0x88, 0x02, 0x03, 0xf0])), 'and a close frame with code 1008');
  });
});

describe('notifications reach open pages', () => {
  test('a booking tells the doctor at once, without the reason; the doctor reads it', async () => {
    const d = live({ cookie: doctor.token });
    const welcome = await d.next((m) => m.type === 'WELCOME');
    const [start] = await freeSlots(1, doctor, LATER);
    const booked = await api.post('/api/v1/appointments', { doctor_id: doctor.id, start, reason: 'chest pain since monday' }, { token: patient.token });
    assert.equal(booked.status, 201, booked.text);
    const m = await d.next(ofKind('appointment_booked'));
    assert.equal(m.notification.data.appointment_id, booked.json.appointment.id);
    assert.equal(m.notification.data.start, start);
    assert.deepEqual(m.notification.data.with, { id: patient.id, name: 'Paula Patient', role: 'patient' });
    assert.ok(!JSON.stringify(m).includes('chest pain'), 'no health data in a notification');
    const list = await api.get('/api/v1/notifications', { token: doctor.token });
    assert.equal(list.status, 200);
    assert.equal(list.json.unread, welcome.unread + 1);
    assert.equal(list.json.items[0].id, m.notification.id);
    assert.equal(list.json.items[0].read, false);
    assert.equal((await api.post('/api/v1/notifications/read', { up_to: m.notification.id }, { token: doctor.token })).status, 204);
    const after = await api.get('/api/v1/notifications', { token: doctor.token });
    assert.equal(after.json.unread, 0);
    assert.equal(after.json.items[0].read, true);
    // the patient who booked is not told about their own booking
    const mine = await api.get('/api/v1/notifications', { token: patient.token });
    assert.ok(!mine.json.items.some((n) => n.kind === 'appointment_booked'));
  });

  test('a cancel by the doctor and a move by the patient tell the other party', async () => {
    const p = live({ cookie: patient.token });
    const d = live({ cookie: doctor.token });
    await p.next((m) => m.type === 'WELCOME');
    await d.next((m) => m.type === 'WELCOME');
    const [a, b, c] = await freeSlots(3, doctor, LATER);
    const first = (await api.post('/api/v1/appointments', { doctor_id: doctor.id, start: a }, { token: patient.token })).json.appointment;
    assert.equal((await api.post(`/api/v1/appointments/${first.id}/cancel`, { reason: 'called away' }, { token: doctor.token })).status, 200);
    const cancelled = await p.next(ofKind('appointment_cancelled'));
    assert.equal(cancelled.notification.data.appointment_id, first.id);
    assert.equal(cancelled.notification.data.with.role, 'doctor');
    const second = (await api.post('/api/v1/appointments', { doctor_id: doctor.id, start: b }, { token: patient.token })).json.appointment;
    assert.equal((await api.post(`/api/v1/appointments/${second.id}/reschedule`, { start: c }, { token: patient.token })).status, 200);
    const moved = await d.next(ofKind('appointment_rescheduled'));
    assert.equal(moved.notification.data.start, c);
    assert.ok(!p.got.some(ofKind('appointment_rescheduled')), 'the one who moved it is not told');
  });

  test('a refused change tells nobody', async () => {
    const d = live({ cookie: doctor.token });
    await d.next((m) => m.type === 'WELCOME');
    const res = await api.post('/api/v1/appointments', { doctor_id: doctor.id, start: '2020-01-01T00:00:00Z' }, { token: patient.token });
    assert.equal(res.status, 422);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!d.got.some((m) => m.type === 'NOTIFICATION'));
  });

  test('the 15-minute reminder reaches both parties once', { timeout: 30_000 }, async () => {
    const p = live({ cookie: patient.token });
    await p.next((m) => m.type === 'WELCOME');
    const other = await verifiedDoctor(); // whose next slot nobody took yet
    assert.equal((await api.request('PUT', `/api/v1/doctors/${other.id}/hours`, { token: other.token, json: allDay })).status, 200);
    const d = live({ cookie: other.token });
    await d.next((m) => m.type === 'WELCOME');
    const [soon] = await freeSlots(1, other);
    assert.ok(new Date(soon) - Date.now() < 15 * 60_000, 'the next slot is within 15 minutes');
    const appt = (await api.post('/api/v1/appointments', { doctor_id: other.id, start: soon }, { token: patient.token })).json.appointment;
    const isMine = (m) => ofKind('appointment_reminder_soon')(m) && m.notification.data.appointment_id === appt.id;
    await p.next(isMine, 10_000);
    await d.next(isMine, 10_000);
    await new Promise((r) => setTimeout(r, 2_500)); // two more ticks
    assert.equal(p.got.filter(isMine).length, 1);
    assert.equal(d.got.filter(isMine).length, 1);
    const listed = (await api.get('/api/v1/notifications?limit=100', { token: patient.token })).json.items
      .filter((n) => n.kind === 'appointment_reminder_soon' && n.data.appointment_id === appt.id);
    assert.equal(listed.length, 1);
    // booked less than a day ahead: no 24-hour reminder
    assert.ok(!p.got.some(ofKind('appointment_reminder_day')));
  });
});

describe('reading notifications', () => {
  test('pages, a foreign id and marking all read', async () => {
    const page = await api.get('/api/v1/notifications?limit=1', { token: patient.token });
    assert.equal(page.json.items.length, 1);
    assert.ok(page.json.next_cursor);
    const rest = await api.get(`/api/v1/notifications?limit=100&cursor=${encodeURIComponent(page.json.next_cursor)}`, { token: patient.token });
    assert.ok(rest.json.items.length >= 1);
    assert.ok(!rest.json.items.some((n) => n.id === page.json.items[0].id));
    const foreign = (await api.get('/api/v1/notifications', { token: doctor.token })).json.items[0].id;
    assert.equal((await api.post('/api/v1/notifications/read', { up_to: foreign }, { token: patient.token })).status, 404);
    const unknown = await api.post('/api/v1/notifications/read', { up_to: foreign, extra: 1 }, { token: patient.token });
    assert.equal(unknown.json.error.code, 'unknown_field');
    assert.equal((await api.post('/api/v1/notifications/read', { up_to: 'x' }, { token: patient.token })).status, 422);
    assert.equal((await api.get('/api/v1/notifications?cursor=nonsense', { token: patient.token })).status, 422);
    assert.equal((await api.request('POST', '/api/v1/notifications/read', { token: patient.token })).status, 204);
    assert.equal((await api.get('/api/v1/notifications', { token: patient.token })).json.unread, 0);
    assert.equal((await api.get('/api/v1/notifications')).status, 401);
  });
});

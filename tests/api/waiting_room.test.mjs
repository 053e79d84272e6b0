// waiting_room.test.mjs — the doctor's waiting room and the honest queue:
// only doctors see a waiting room; patients in their rooms appear in it in
// the order of their appointments; the doctor's pages hear of arrivals and
// departures; each waiting patient is told their own place and a rough wait
// (and never anyone else's name or reason), live as others leave or are
// seen; the doctor's note reaches the waiting patients, also those who come
// later. Real server, WebSocket clients.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';
import { liveClient } from './live_client.mjs';
import { bookNext, inRoom } from './rooms.mjs';

let server;
let api;
let doctor;
let ana; // the earlier appointment
let bruno; // the later one
const open = [];

before(async () => {
  // the two appointments start within 21 minutes: open the window 40 minutes early
  server = await startServer({ flags: ['--join-early-minutes', '40'] });
  api = client(server);
  doctor = await api.verifiedDoctor(await api.admin(), { full_name: 'Dr Wanda Wait' });
  ana = { name: 'Ana Early', token: await api.session(newUser({ full_name: 'Ana Early' })) };
  bruno = { name: 'Bruno Later', token: await api.session(newUser({ full_name: 'Bruno Later' })) };
  [ana.appt, bruno.appt] = await bookNext(api, doctor, [ana.token, bruno.token], ['Chest pain since Monday', 'Itchy rash']);
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

const room = () => api.get('/api/v1/waiting-room', { token: doctor.token });
const note = (json, token = doctor.token) => api.request('POST', '/api/v1/waiting-room/note', { token, json });
const queueOf = (c, n = 1) => c.next(() => c.got.filter((m) => m.type === 'QUEUE').length >= n).then(() => c.got.filter((m) => m.type === 'QUEUE').at(-1));
const queues = (c) => c.got.filter((m) => m.type === 'QUEUE').length;

describe('who may see it', () => {
  test('doctors only: patients and administrators get 403, nobody 401', async () => {
    assert.equal((await api.get('/api/v1/waiting-room', { token: ana.token })).status, 403);
    assert.equal((await api.get('/api/v1/waiting-room', { token: await api.admin() })).status, 403);
    assert.equal((await api.get('/api/v1/waiting-room')).status, 401);
    assert.equal((await note({ text: 'I am the doctor' }, ana.token)).status, 403);
    const res = await room();
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { waiting: [], note: null });
  });

  test('a note is one line of 1–200 characters or "" to clear it; nothing else is taken', async () => {
    for (const [body, status, code] of [
      [{ text: 'x'.repeat(201) }, 422, 'invalid_value'],
      [{ text: 'late\nvery late' }, 422, 'invalid_value'],
      [{ text: '   ' }, 422, 'invalid_value'],
      [{ text: 10 }, 400, 'invalid_type'],
      [{}, 400, 'missing_field'],
      [{ text: 'late', colour: 'red' }, 400, 'unknown_field'],
    ]) {
      const res = await note(body);
      assert.equal(res.status, status, JSON.stringify(body) + ' ' + res.text);
      assert.equal(res.json.error.code, code);
    }
    assert.equal((await room()).json.note, null, 'nothing refused was kept');
    const longest = 'é'.repeat(200);
    assert.equal((await note({ text: longest })).json.note.text, longest, '200 characters, not bytes');
    assert.deepEqual((await note({ text: '' })).json, { note: null });
  });
});

describe('the queue', () => {
  test('places follow the appointments, move up as others leave or are seen, and show nobody else', async () => {
    const desk = liveClient(server, open, { cookie: doctor.token }); // the doctor's waiting-room page
    await desk.next((m) => m.type === 'WELCOME');

    const a = await inRoom(server, api, open, ana.token, ana.appt.id);
    const knock = await desk.next((m) => m.type === 'WAITING' && m.change === 'arrived');
    assert.deepEqual(knock, { type: 'WAITING', change: 'arrived', session_id: ana.appt.id, patient: { id: a.j.self.id, name: 'Ana Early' } });
    let q = await queueOf(a.c);
    assert.equal(q.session_id, ana.appt.id);
    assert.equal(q.position, 1);
    const untilStart = (appt) => Math.ceil((Date.parse(appt.start) - Date.now()) / 60_000);
    assert.ok(Math.abs(q.wait_minutes - untilStart(ana.appt)) <= 1, `next, so the wait is the time to the start: ${q.wait_minutes}`);

    const b = await inRoom(server, api, open, bruno.token, bruno.appt.id);
    await desk.next((m) => m.type === 'WAITING' && m.change === 'arrived' && m.session_id === bruno.appt.id);
    q = await queueOf(b.c);
    assert.deepEqual([q.session_id, q.position], [bruno.appt.id, 2]);
    assert.ok(q.wait_minutes >= 10, `Ana's 10 minutes come first: ${q.wait_minutes}`);

    // the doctor's list: both, in the order of their appointments, with what they wrote
    const list = (await room()).json.waiting;
    assert.deepEqual(list.map((w) => [w.appointment.patient.full_name, w.position, w.appointment.reason]),
      [['Ana Early', 1, 'Chest pain since Monday'], ['Bruno Later', 2, 'Itchy rash']]);
    assert.ok(Date.parse(list[0].waiting_since) <= Date.parse(list[1].waiting_since));
    assert.ok(Date.now() - Date.parse(list[0].waiting_since) < 60_000);
    assert.ok(Array.isArray(list[0].appointment.intake));

    // Ana leaves: Bruno is next
    const seenByB = queues(b.c);
    a.c.ws.close();
    await desk.next((m) => m.type === 'WAITING' && m.change === 'left' && m.session_id === ana.appt.id);
    q = await queueOf(b.c, seenByB + 1);
    assert.equal(q.position, 1);
    assert.deepEqual((await room()).json.waiting.map((w) => w.appointment.patient.full_name), ['Bruno Later']);

    // Ana comes back within a minute: her place again, and no second knock
    await b.c.next(() => desk.got.some((m) => m.change === 'left') && queues(b.c) >= seenByB + 2); // left, and the room emptied of Ana
    const beforeReturn = queues(b.c);
    const a2 = await inRoom(server, api, open, ana.token, ana.appt.id);
    await desk.next((m) => m.type === 'WAITING' && m.change === 'returned');
    assert.equal((await queueOf(a2.c)).position, 1);
    q = await queueOf(b.c, beforeReturn + 1);
    assert.equal(q.position, 2);
    assert.equal(desk.got.filter((m) => m.change === 'arrived' && m.session_id === ana.appt.id).length, 1);

    // the doctor sees Ana: once the call starts, Bruno is next
    const d = await inRoom(server, api, open, doctor.token, ana.appt.id);
    const said = (type, from, to, extra = {}) => ({ type, sender: from.j.self.id, data: { to: to.j.self.id, from: from.j.self.id, session_id: ana.appt.id, media: 'video', ...extra } });
    const before = queues(b.c);
    d.c.send(said('OFFER', d, a2, { description: { type: 'offer', sdp: 'v=0\r\n' } }));
    await a2.c.next((m) => m.type === 'OFFER');
    a2.c.send(said('ANSWER', a2, d, { description: { type: 'answer', sdp: 'v=0\r\n' } }));
    await desk.next((m) => m.type === 'WAITING' && m.change === 'seen' && m.session_id === ana.appt.id);
    q = await queueOf(b.c, before + 1);
    assert.equal(q.position, 1);
    assert.deepEqual((await room()).json.waiting.map((w) => w.appointment.patient.full_name), ['Bruno Later']);

    // what the patients were told never named anyone else or said why they came
    for (const [c, other] of [[a.c, bruno], [a2.c, bruno], [b.c, ana]]) {
      for (const m of c.got) {
        const text = JSON.stringify(m);
        for (const secret of [other.name, other.appt.id, other.appt.reason, other.appt.patient.id]) {
          assert.ok(!text.includes(secret), `${m.type} to a patient mentions ${secret}`);
        }
      }
    }
    for (const m of desk.got.filter((x) => x.type === 'WAITING')) {
      assert.ok(!JSON.stringify(m).includes('Chest pain') && !JSON.stringify(m).includes('rash'), 'no reasons in pushes');
    }

    // the doctor's note reaches Bruno at once, and Ana's next visit shows it too
    const n = await note({ text: 'Running ten minutes late <b>sorry</b>' });
    assert.equal(n.status, 200, n.text);
    assert.equal(n.json.note.text, 'Running ten minutes late <b>sorry</b>');
    assert.equal(Date.parse(n.json.note.until) - Date.parse(n.json.note.at), 3600_000);
    q = await b.c.next((m) => m.type === 'QUEUE' && m.note);
    assert.deepEqual([q.position, q.note.text], [1, 'Running ten minutes late <b>sorry</b>']);
    assert.equal((await room()).json.note.text, 'Running ten minutes late <b>sorry</b>');

    d.c.send(said('BYE', d, a2));
    await a2.c.next((m) => m.type === 'BYE');
    a2.c.ws.close();
    d.c.ws.close();
    b.c.ws.close();
    await desk.next((m) => m.type === 'WAITING' && m.change === 'left' && m.session_id === bruno.appt.id);
    assert.deepEqual((await room()).json.waiting, []);
    const b2 = await inRoom(server, api, open, bruno.token, bruno.appt.id);
    q = await b2.c.next((m) => m.type === 'QUEUE');
    assert.deepEqual([q.position, q.note?.text], [1, 'Running ten minutes late <b>sorry</b>'], 'a patient who comes later sees the current note');

    // cleared: the waiting patient is told
    await note({ text: '' });
    q = await b2.c.next((m) => m.type === 'QUEUE' && m.note === null);
    assert.equal(q.position, 1);
  });
});

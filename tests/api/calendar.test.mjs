// calendar.test.mjs — each user's private calendar subscription: made and
// replaced with a session, fetched without one (the secret in the URL is the
// credential), valid iCalendar for ical.js, every appointment of a patient
// or a doctor with cancelled ones marked, no health data, and revocable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';
import { addAdmin, verifiedDoctor } from './people.mjs';

let server;
let api;
let doctor;
let patient;
const reason = 'Night sweats and weight loss';
const starts = ['2027-05-03T09:00:00.000Z', '2027-05-04T10:30:00.000Z'];

before(async () => {
  // request logs on, to check that no feed secret reaches them
  server = await startServer({ flags: ['--log-level', 'info'] });
  api = client(server);
  doctor = await verifiedDoctor(api, await addAdmin(server, api), { full_name: 'Ines Feed Costa' });
  const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00', slot_minutes: 30 }));
  assert.equal((await api.request('PUT', `/api/v1/doctors/${doctor.id}/hours`, { token: doctor.token, json: { time_zone: 'UTC', weekly } })).status, 200);
  const u = newUser({ full_name: 'Paulo Feed Reis' });
  patient = { token: await api.session(u), user: u };
  for (const start of starts) {
    const res = await api.post('/api/v1/appointments', { doctor_id: doctor.id, start, reason }, { token: patient.token });
    assert.equal(res.status, 201, res.text);
    patient.appointments = [...(patient.appointments || []), res.json.appointment.id];
  }
  const cancelled = await api.post(`/api/v1/appointments/${patient.appointments[1]}/cancel`, { reason: 'Feeling better' }, { token: patient.token });
  assert.equal(cancelled.status, 200);
});

after(() => server.stop());

function createFeed(token) {
  return api.post('/api/v1/me/calendar-feed', undefined, { token });
}

// Fetches a feed URL with no session at all, as a calendar app does.
function fetchFeed(url) {
  return api.get(new URL(url).pathname);
}

function events(text) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('calendar feed', () => {
  test('a patient makes a feed and a calendar app reads it without a session', async () => {
    const made = await createFeed(patient.token);
    assert.equal(made.status, 201, made.text);
    const { url, webcal_url: webcal } = made.json;
    assert.match(url, new RegExp(`^https://localhost:${server.port}/api/v1/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    assert.equal(webcal, url.replace(/^https:/, 'webcal:'));
    const res = await fetchFeed(url);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.ok(res.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines are folded at 75 octets');
    const list = events(res.text);
    assert.deepEqual(list.map((e) => e.startDate.toJSDate().toISOString()), starts);
    assert.deepEqual(list.map((e) => e.uid), patient.appointments.map((id) => `${id}@telemed`));
    for (const e of list) assert.equal(e.summary, 'Video consultation with Dr Ines Feed Costa');
    const statuses = new ICAL.Component(ICAL.parse(res.text)).getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('status'));
    assert.deepEqual(statuses, ['CONFIRMED', 'CANCELLED']);
    assert.ok(!res.text.includes('Night sweats'), 'no reason in the feed');
    assert.ok(!res.text.includes('Feeling better'), 'no cancel reason in the feed');
    assert.ok(!/DESCRIPTION/.test(res.text));
    const status = await api.get('/api/v1/me/calendar-feed', { token: patient.token });
    assert.equal(status.json.active, true);
    assert.ok(Date.parse(status.json.created_at) > 0);
  });

  test("the doctor's feed shows the same appointments with the patient, and no reasons", async () => {
    const made = await createFeed(doctor.token);
    assert.equal(made.status, 201);
    const res = await fetchFeed(made.json.url);
    assert.equal(res.status, 200);
    const list = events(res.text);
    assert.deepEqual(list.map((e) => e.uid), patient.appointments.map((id) => `${id}@telemed`));
    for (const e of list) assert.equal(e.summary, 'Video consultation with Paulo Feed Reis');
    assert.ok(!res.text.includes('Night sweats'));
    // the doctor's own .ics file of one appointment still carries the reason
    const file = await api.get(`/api/v1/appointments/${patient.appointments[0]}/ics`, { token: doctor.token });
    assert.equal(events(file.text)[0].description, reason);
  });

  test('a new feed replaces the old one; revoking ends it', async () => {
    const p = await api.session(newUser());
    const first = (await createFeed(p)).json.url;
    assert.equal((await fetchFeed(first)).status, 200);
    assert.equal(events((await fetchFeed(first)).text).length, 0, 'a calendar without appointments is still valid');
    const second = (await createFeed(p)).json.url;
    assert.notEqual(second, first);
    const old = await fetchFeed(first);
    assert.equal(old.status, 404);
    assert.equal(old.json.error.code, 'not_found');
    assert.equal((await fetchFeed(second)).status, 200);
    assert.equal((await api.request('DELETE', '/api/v1/me/calendar-feed', { token: p })).status, 204);
    assert.equal((await fetchFeed(second)).status, 404);
    assert.equal((await api.request('DELETE', '/api/v1/me/calendar-feed', { token: p })).status, 404);
    assert.equal((await api.get('/api/v1/me/calendar-feed', { token: p })).json.active, false);
  });

  test('secrets that do not match are 404, and a feed needs a session to make', async () => {
    const url = (await createFeed(patient.token)).json.url;
    const secret = url.match(/calendar-feeds\/(.+)\.ics$/)[1];
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    for (const path of [`${flipped}.ics`, secret, `${secret}.ical`, `${secret}x.ics`, 'x.ics', `${'A'.repeat(43)}.ics`]) {
      assert.equal((await api.get(`/api/v1/calendar-feeds/${path}`)).status, 404, path);
    }
    assert.equal((await createFeed()).status, 401);
    assert.equal((await api.request('DELETE', '/api/v1/me/calendar-feed')).status, 401);
    assert.equal((await fetchFeed(url)).status, 200);
    // the secret is a credential: the request log names the route, not the secret
    assert.match(server.stderr() + server.stdout(), /calendar-feeds\/\{secret\}/);
    assert.ok(!(server.stderr() + server.stdout()).includes(secret), 'no feed secret in the logs');
  });
});

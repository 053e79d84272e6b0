// directory.test.mjs — doctor profiles and the search patients use: words,
// symptoms, filters, sorting, paging and the next free slot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, telemed } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

let server;
let api;
let patient;
const doctors = {};

async function doctorWith(name, profile, hours) {
  const u = newUser({ role: 'doctor', full_name: name });
  const id = (await api.register(u)).json.user.id;
  const admin = (await api.login('boss', 'the boss password')).json.token;
  await api.post(`/api/v1/admin/users/${id}/verify`, undefined, { token: admin });
  const token = (await api.login(u.username, u.password)).json.token;
  const res = await api.request('PATCH', `/api/v1/doctors/${id}`, { token, json: profile });
  assert.equal(res.status, 200, res.text);
  if (hours) assert.equal((await api.request('PUT', `/api/v1/doctors/${id}/hours`, { token, json: hours })).status, 200);
  return { id, token };
}

const everyDay = { time_zone: 'UTC', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00', slot_minutes: 60 })) };

before(async () => {
  server = await startServer();
  api = client(server);
  telemed(['user', 'add', '--data', server.dataDir, '--role', 'admin', '--username', 'boss', '--log-level', 'warn'], { input: 'the boss password\n' });
  patient = await api.session(newUser());
  doctors.gp = await doctorWith('Ana Silva', { specialty: 'general-practice', bio: 'Family medicine', languages: ['Portuguese', 'English'], city: 'Lisbon', country: 'Portugal', years_experience: 12, modes: ['video'] }, everyDay);
  doctors.derm = await doctorWith('Bruno Sousa', { specialty: 'dermatology', bio: 'Skin and hair', languages: ['Portuguese'], city: 'Porto', country: 'Portugal', years_experience: 25 });
  doctors.cardio = await doctorWith('Carla Dias', { specialty: 'cardiology', bio: 'Hearts', languages: ['English', 'French'], city: 'Lisbon', country: 'Portugal', years_experience: 5 });
});

after(() => server.stop());

const search = (q) => api.get(`/api/v1/doctors?${q}`, { token: patient });
const names = (res) => res.json.doctors.map((d) => d.full_name);

test('symptoms find the specialties that treat them', async () => {
  assert.deepEqual(names(await search('q=flu')), ['Ana Silva']);
  assert.deepEqual(names(await search('q=rash')), ['Bruno Sousa']);
  assert.deepEqual(names(await search('q=' + encodeURIComponent('chest pain'))), ['Carla Dias']);
  assert.deepEqual(names(await search('q=Sousa')), ['Bruno Sousa']);
  assert.deepEqual(names(await search('q=hearts')), ['Carla Dias']);
  assert.deepEqual(names(await search('q=' + encodeURIComponent('%_'))), []);
});

test('filters by specialty, city and language', async () => {
  assert.deepEqual(names(await search('specialty=dermatology')), ['Bruno Sousa']);
  assert.deepEqual(names(await search('city=lisbon&sort=name')), ['Ana Silva', 'Carla Dias']);
  assert.deepEqual(names(await search('language=French')), ['Carla Dias']);
  assert.deepEqual(names(await search('language=portuguese&sort=name')), ['Ana Silva', 'Bruno Sousa']);
});

test('sorts, pages and carries the next free slot', async () => {
  assert.deepEqual(names(await search('sort=experience')), ['Bruno Sousa', 'Ana Silva', 'Carla Dias']);
  const first = await search('sort=name&limit=2');
  assert.deepEqual(names(first), ['Ana Silva', 'Bruno Sousa']);
  const second = await search(`sort=name&limit=2&cursor=${first.json.next_cursor}`);
  assert.deepEqual(names(second), ['Carla Dias']);
  assert.equal(second.json.next_cursor, null);
  const soonest = await search('sort=next_available');
  assert.equal(soonest.json.doctors[0].full_name, 'Ana Silva');
  assert.ok(Date.parse(soonest.json.doctors[0].next_free_slot.start) > Date.now());
  assert.equal(soonest.json.doctors[1].next_free_slot, null);
  const from = new Date(Date.now() + 86400e3).toISOString();
  const to = new Date(Date.now() + 2 * 86400e3).toISOString();
  assert.deepEqual(names(await search(`available_from=${from}&available_to=${to}`)), ['Ana Silva']);
  for (const bad of ['sort=price', 'limit=0', 'min_rating=9', `available_from=${from}`, 'cursor=-1',
    `available_from=tomorrow&available_to=${to}`]) {
    assert.equal((await search(bad)).status, 422, bad);
  }
});

test('a profile page; only verified doctors are listed; only the doctor edits', async () => {
  const res = await api.get(`/api/v1/doctors/${doctors.gp.id}`, { token: patient });
  assert.equal(res.status, 200);
  assert.equal(res.json.doctor.specialty.name, 'General practice');
  assert.deepEqual(res.json.doctor.languages, ['Portuguese', 'English']);
  assert.equal(res.json.doctor.verified, true);
  assert.ok(Array.isArray(res.json.doctor.reviews));
  const pending = newUser({ role: 'doctor', full_name: 'Pending Person' });
  const pid = (await api.register(pending)).json.user.id;
  assert.equal((await api.get(`/api/v1/doctors/${pid}`, { token: patient })).status, 404);
  assert.deepEqual(names(await search('q=Pending')), []);
  assert.equal((await api.request('PATCH', `/api/v1/doctors/${doctors.gp.id}`, { token: doctors.derm.token, json: { bio: 'mine' } })).status, 403);
  assert.equal((await api.request('PATCH', `/api/v1/doctors/${doctors.gp.id}`, { token: patient, json: { bio: 'mine' } })).status, 403);
  const bad = [{ specialty: 'astrology' }, { modes: ['telepathy'] }, { years_experience: 200 }, { languages: [1] }];
  for (const json of bad) {
    assert.equal((await api.request('PATCH', `/api/v1/doctors/${doctors.gp.id}`, { token: doctors.gp.token, json })).status, 422, JSON.stringify(json));
  }
  assert.equal((await api.request('PATCH', `/api/v1/doctors/${doctors.gp.id}`, { token: doctors.gp.token, json: { price: 1 } })).status, 400);
  const specialties = await api.get('/api/v1/specialties', { token: patient });
  assert.ok(specialties.json.specialties.some((s) => s.id === 'general-practice'));
});

// search.test.mjs — the words of doctor search through the full-text index:
// names, specialties and bios, a prefix for the last word, accents folded,
// every word required, symptoms still mapped to specialties, hostile input
// read as words, renames followed at once, and pages of word results.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

let server;
let api;
let patient;
let admin;

async function doctor(name, profile) {
  const d = await api.verifiedDoctor(admin, { full_name: name, profile: { languages: ['Portuguese'], modes: ['video'], ...profile } });
  return d;
}

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await api.admin();
  patient = await api.session(newUser());
  await doctor('Conceição Marques', { specialty: 'cardiology', bio: 'Arrhythmias and heart failure' });
  await doctor('João Pereira', { specialty: 'dermatology', bio: 'Psoriasis, eczema and moles' });
  await doctor('Ana Cardoso', { specialty: 'general-practice', bio: 'Family medicine for all ages' });
  for (let i = 1; i <= 25; i++) await doctor(`Tele Doctor ${String(i).padStart(2, '0')}`, { specialty: 'neurology', bio: 'Telehealth follow-ups' });
});

after(() => server?.stop());

const search = (q) => api.get(`/api/v1/doctors?q=${encodeURIComponent(q)}&sort=name`, { token: patient });
const names = async (q) => {
  const res = await search(q);
  assert.equal(res.status, 200, `${q}: ${res.text}`);
  return res.json.doctors.map((d) => d.full_name);
};

test('names, specialties and bios, with the last word as a prefix', async () => {
  assert.deepEqual(await names('Marques'), ['Conceição Marques']);
  assert.deepEqual(await names('cardiology'), ['Conceição Marques']);
  assert.deepEqual(await names('psoriasis'), ['João Pereira']);
  assert.deepEqual(await names('Pere'), ['João Pereira'], 'a prefix of a name');
  assert.deepEqual(await names('card'), ['Ana Cardoso', 'Conceição Marques'], 'a prefix of a name and of a specialty');
  assert.deepEqual(await names('family medicine'), ['Ana Cardoso']);
});

test('accents are folded both ways', async () => {
  assert.deepEqual(await names('conceicao'), ['Conceição Marques']);
  assert.deepEqual(await names('CONCEIÇÃO'), ['Conceição Marques']);
  assert.deepEqual(await names('joao'), ['João Pereira']);
});

test('every word must match', async () => {
  assert.deepEqual(await names('ana family'), ['Ana Cardoso']);
  assert.deepEqual(await names('ana psoriasis'), []);
});

test('symptoms still find the specialties that treat them', async () => {
  assert.deepEqual(await names('flu'), ['Ana Cardoso']);
  assert.deepEqual(await names('chest pain'), ['Conceição Marques']);
  assert.deepEqual(await names('rash'), ['João Pereira']);
});

test('operators and quotes typed by a patient are only words', async () => {
  for (const q of ['"', '""', 'NEAR(ana cardoso)', 'ana OR joao', '-ana', '*', 'ana*', '(', ')', "'); DROP TABLE users; --",
    'a'.repeat(150), '^ana', 'name:ana', '{name}: ana', '%', '_', '\\', '😀']) {
    const res = await search(q);
    assert.equal(res.status, 200, `${q}: ${res.text}`);
  }
  assert.deepEqual(await names('ana OR joao'), [], 'OR is a word here, not an operator');
  assert.deepEqual(await names('bio:family'), [], 'a column filter is two words, and no doctor has the word "bio"');
  assert.deepEqual(await names('family:medicine'), ['Ana Cardoso'], 'a colon only separates words');
  assert.deepEqual(await names('***'), [], 'no word, no match');
});

test('a renamed doctor is found by the new name at once', async () => {
  const d = await doctor('Rita Antiga', { specialty: 'psychiatry', bio: 'Anxiety' });
  assert.deepEqual(await names('Antiga'), ['Rita Antiga']);
  const res = await api.request('PATCH', '/api/v1/me', { token: d.token, json: { full_name: 'Rita Nova' } });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(await names('Antiga'), []);
  assert.deepEqual(await names('Nova'), ['Rita Nova']);
  const bio = await api.request('PATCH', `/api/v1/doctors/${d.id}`, { token: d.token, json: { bio: 'Sleep clinic' } });
  assert.equal(bio.status, 200, bio.text);
  assert.deepEqual(await names('sleep'), ['Rita Nova']);
  assert.deepEqual(await names('anxiety psychiatry'), ['Rita Nova'], 'the symptom still maps');
});

test('word results come in pages, each doctor once', async () => {
  const seen = [];
  let cursor = '';
  let pages = 0;
  do {
    const res = await api.get(`/api/v1/doctors?q=telehealth&sort=name&limit=10${cursor ? '&cursor=' + cursor : ''}`, { token: patient });
    assert.equal(res.status, 200, res.text);
    seen.push(...res.json.doctors.map((d) => d.full_name));
    for (const d of res.json.doctors) assert.ok('next_free_slot' in d, 'each result carries its next free slot');
    cursor = res.json.next_cursor;
    pages += 1;
  } while (cursor);
  assert.equal(pages, 3);
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen).size, 25);
  assert.deepEqual(seen, [...seen].sort());
});

// directory_order.test.mjs — doctor search over enough generated doctors
// (telemed demo --doctors 1500) that both ways of answering run: a narrow
// text search (a name, fewer than 1000 matches) reads its matches and sorts
// them; a broad one (a common word, a symptom, no words) walks the
// directory in order. Either way a patient sees the same order the whole
// directory has, with nothing skipped and no doctor twice, and the rating,
// experience and name orders hold across pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, telemed } from '../support/server.mjs';
import { client } from './client.mjs';

let data;
let server;
let api;
let token;
let everyone; // the whole directory by rating, page after page

async function all(query) {
  const found = [];
  for (let cursor = ''; ;) {
    const res = await api.get(`/api/v1/doctors?limit=100&${query}${cursor && `&cursor=${cursor}`}`, { token });
    assert.equal(res.status, 200, res.text);
    found.push(...res.json.doctors);
    if (!res.json.next_cursor) return found;
    cursor = res.json.next_cursor;
  }
}
const ids = (list) => list.map((d) => d.id);
const byRating = (x, y) => y.rating.average - x.rating.average
  || (x.full_name < y.full_name ? -1 : x.full_name > y.full_name ? 1 : 0) || (x.id < y.id ? -1 : 1);

before(async () => {
  data = mkdtempSync(join(tmpdir(), 'telemed-order-'));
  const demo = telemed(['demo', '--data', data, '--doctors', '1500', '--seed', '11', '--log-level', 'warn']);
  assert.equal(demo.code, 0, demo.stderr);
  server = await startServer({ dataDir: data });
  api = client(server);
  token = (await api.login('maria', 'telemed-patient-1')).json.token;
  everyone = await all('');
});

after(async () => {
  await server?.stop();
  rmSync(data, { recursive: true, force: true });
});

test('the whole directory comes by rating, each doctor once, with ratings as demo doctors have them', () => {
  assert.equal(everyone.length, 1501, 'Ana Silva and 1500 generated doctors');
  assert.equal(new Set(ids(everyone)).size, everyone.length);
  assert.deepEqual(ids(everyone), ids([...everyone].sort(byRating)));
  const rated = everyone.filter((d) => d.rating.count > 0);
  assert.ok(rated.length > 1400, 'almost every generated doctor has a rating history');
  assert.ok(rated.every((d) => d.rating.average >= 3 && d.rating.average <= 5));
});

test('a narrow search (a name) and a broad one (a word every bio has) keep the directory order', async () => {
  const name = everyone.find((d) => d.full_name !== 'Ana Silva').full_name;
  const [first, last] = name.split(' ');
  const typed = `${first} ${last.slice(0, 3)}`;
  const narrow = await all(`q=${encodeURIComponent(typed)}`);
  const expected = everyone.filter((d) => d.full_name.startsWith(first + ' ') && d.full_name.split(' ')[1].startsWith(last.slice(0, 3)));
  assert.ok(expected.length > 1 && expected.length < 200, `${typed}: ${expected.length} doctors`);
  assert.deepEqual(ids(narrow), ids(expected));

  const broad = await all('q=based');
  assert.deepEqual(ids(broad), ids(everyone.filter((d) => /\bbased\b/i.test(d.bio))));
  assert.ok(broad.length > 1000, 'more matches than a narrow search reads');
});

test('a symptom walks the directory too: its specialties in directory order', async () => {
  const flu = await all('q=flu');
  assert.ok(flu.length > 100);
  assert.deepEqual(ids(flu), ids(everyone.filter((d) => d.specialty?.id === 'general-practice')));
});

test('filters and min_rating keep the order and skip nobody', async () => {
  const lisbonCardio = await all('specialty=cardiology&city=Lisbon');
  assert.deepEqual(ids(lisbonCardio), ids(everyone.filter((d) => d.specialty?.id === 'cardiology' && d.city === 'Lisbon')));
  const good = await all('min_rating=4.5');
  assert.ok(good.length > 0);
  assert.deepEqual(ids(good), ids(everyone.filter((d) => d.rating.count > 0 && d.rating.average >= 4.5)));
});

test('experience and name orders hold across pages', async () => {
  const byExperience = await all('sort=experience');
  const byName = await all('sort=name');
  assert.equal(byExperience.length, everyone.length);
  assert.equal(byName.length, everyone.length);
  for (let i = 1; i < everyone.length; i++) {
    assert.ok(byExperience[i - 1].years_experience >= byExperience[i].years_experience, `experience at ${i}`);
    assert.ok(byName[i - 1].full_name <= byName[i].full_name, `name at ${i}`);
  }
});

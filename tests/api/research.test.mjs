// research.test.mjs — the research export and the demographics it
// generalises: only patients whose research consent is in force; no name,
// contact, id or exact date; ages in bands, countries for places; each
// patient's days shifted; refused (and audited) while a group of the same
// age band, sex and country is smaller than k (here --research-k 3);
// administrators only. And a patient's own birth date, sex and country:
// checked, and in their FHIR export.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { assertError, client, giveConsent, newUser, withdrawConsent } from './client.mjs';
import { addAdmin, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

const DAY = 86400_000;
let server, api, admin, doctor;
const consenting = [];
let outsider, odd;

const exportNow = (token = admin) => api.get('/api/v1/admin/research-export', { token });
const about = (token, json) => api.request('PUT', '/api/v1/me/demographics', { token, json });

async function patient(demographics, fullName) {
  const u = newUser({ full_name: fullName });
  const token = await api.session(u);
  const id = (await api.get('/api/v1/me', { token })).json.user.id;
  const res = await about(token, demographics);
  assert.equal(res.status, 200, res.text);
  return { ...u, token, id };
}

before(async () => {
  server = await startServer({ flags: ['--research-k', '3'] });
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Rosa Research' });
  assert.equal((await api.request('PATCH', `/api/v1/doctors/${doctor.id}`, { token: doctor.token, json: { specialty: 'cardiology' } })).status, 200);
  for (const name of ['Alda Amaral', 'Berta Borges', 'Clara Costa']) {
    consenting.push(await patient({ birth_date: '1985-03-14', sex: 'female', country: 'PT' }, name));
  }
  outsider = await patient({ birth_date: '1985-05-01', sex: 'female', country: 'PT' }, 'Nuno Noconsent');
  const appointments = await bookNext(api, doctor, [...consenting, outsider].map((p) => p.token), ['Palpitations', 'Palpitations', 'Palpitations', 'Palpitations']);
  for (const [i, a] of appointments.entries()) {
    assert.equal((await api.request('PUT', `/api/v1/appointments/${a.id}/note`, { token: doctor.token, json: { findings: 'F', assessment: 'A', plan: 'P', icd10: 'I49.9' } })).status, 200);
    assert.equal((await api.post(`/api/v1/appointments/${a.id}/note/sign`, undefined, { token: doctor.token })).status, 200);
    const rx = await api.post(`/api/v1/appointments/${a.id}/prescriptions`, { medication: { name: 'Bisoprolol', strength: '2.5 mg', form: 'tablet' },
      dosage: 'One a day', quantity: 28, repeats: 0, valid_until: new Date(Date.now() + 30 * DAY).toISOString() }, { token: doctor.token });
    assert.equal(rx.status, 201, rx.text);
    if (i < 3) consenting[i].appointment = a;
  }
  for (const p of consenting) await giveConsent(api, p.token, 'research');
});

after(async () => server.stop());

describe('a patient\'s demographics', () => {
  test('are optional, checked, their own, and in their FHIR export', async () => {
    const p = await patient({}, 'Dora Dados');
    assert.deepEqual((await api.get('/api/v1/me/demographics', { token: p.token })).json.demographics, { birth_date: null, sex: null, country: null });
    for (const bad of [{ birth_date: '1985-02-30' }, { birth_date: '1899-12-31' }, { birth_date: new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10) },
      { sex: 'x' }, { country: 'pt' }, { country: 'P1' }]) {
      assertError(await about(p.token, bad), 422, 'invalid_value');
    }
    assertError(await about(p.token, { sex: 1 }), 400, 'invalid_type');
    assertError(await about(p.token, { height: 170 }), 400, 'unknown_field');
    const ok = await about(p.token, { birth_date: '1990-07-01', sex: 'other', country: 'BR' });
    assert.deepEqual(ok.json.demographics, { birth_date: '1990-07-01', sex: 'other', country: 'BR' });
    assertError(await about(doctor.token, { sex: 'male' }), 403, 'forbidden');
    const bundle = (await api.get('/api/v1/me/export', { token: p.token })).json;
    const me = bundle.entry.find((e) => e.resource.resourceType === 'Patient').resource;
    assert.equal(me.birthDate, '1990-07-01');
    assert.equal(me.gender, 'other');
    assert.deepEqual(me.address, [{ country: 'BR' }]);
  });
});

describe('the research export', () => {
  test('holds the consenting patients only, de-identified', async () => {
    const res = await exportNow();
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.k, 3);
    assert.equal(res.json.patients, 3, 'not the patient without research consent');
    const text = JSON.stringify(res.json);
    for (const p of [...consenting, outsider]) {
      for (const secret of [p.id, p.username, p.email, p.full_name, p.appointment?.id].filter(Boolean)) assert.ok(!text.includes(secret), secret);
    }
    assert.ok(!text.includes('1985-03-14') && !text.includes('Palpitations'), 'no birth date, no free text');
    for (const r of res.json.records) {
      assert.equal(r.age_band, '40-49');
      assert.equal(r.sex, 'female');
      assert.equal(r.country, 'PT');
      assert.match(r.subject, /^[0-9a-f-]{36}$/);
      assert.equal(r.encounters.length, 1);
      const e = r.encounters[0];
      assert.equal(e.specialty, 'Cardiology');
      assert.equal(e.icd10, 'I49.9');
      assert.deepEqual(e.medications, ['Bisoprolol']);
      const real = Date.parse(consenting[0].appointment.start.slice(0, 10));
      assert.ok(Math.abs(Date.parse(e.day) - real) <= 181 * DAY, 'shifted by at most 180 days');
    }
    const subjects = res.json.records.map((r) => r.subject);
    const again = (await exportNow()).json.records.map((r) => r.subject);
    assert.ok(subjects.every((s) => !again.includes(s)), 'subject ids are new in each export');
  });

  test('is refused while a group is smaller than k, and audited', async () => {
    odd = await patient({ birth_date: '1950-01-01', sex: 'male', country: 'BR' }, 'Otto Outlier');
    await giveConsent(api, odd.token, 'research');
    const refused = await exportNow();
    assertError(refused, 422, 'k_anonymity_not_met');
    assert.match(refused.json.error.message, /^1 of 2 groups .* fewer than 3 patients$/);
    await withdrawConsent(api, odd.token, 'research');
    assert.equal((await exportNow()).json.patients, 3, 'withdrawing leaves the patient out at once');
    const events = (await api.auditEvents(admin)).filter((e) => e.action.startsWith('research.'));
    assert.ok(events.some((e) => e.action === 'research.export_refused' && e.detail.too_small === 1 && e.detail.k === 3));
    assert.ok(events.some((e) => e.action === 'research.export' && e.detail.patients === 3));
  });

  test('is for administrators only', async () => {
    assertError(await exportNow(doctor.token), 403, 'forbidden');
    assertError(await exportNow(consenting[0].token), 403, 'forbidden');
    assertError(await api.get('/api/v1/admin/research-export'), 401, 'unauthenticated');
  });
});

// prescriptions.test.mjs — e-prescriptions (issue 7): the doctor of an
// appointment issues them (medication, dosage, quantity, repeats, valid
// until), each with a long random verification code; the patient sees
// them; others get 404; the doctor cancels one not dispensed. The public
// verification API (the page /verify/{code}) shows a pharmacist whether a
// code is genuine, valid and not dispensed — and nothing more than the
// prescription needs — and dispenses it once, recording who and when;
// guessing codes is rate-limited. Content and code are sealed at rest.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { assertError, client } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

let server, api, admin, doctor, otherDoctor, patient, stranger, appointment;

const inDays = (n) => new Date(Date.now() + n * 86400_000).toISOString();
const rx = (extra = {}) => ({ medication: { name: 'Amoxicillin', strength: '500 mg', form: 'capsule' },
  dosage: 'One capsule three times a day for 7 days', quantity: 21, repeats: 0, valid_until: inDays(30), ...extra });
const issue = (token, id, json) => api.post(`/api/v1/appointments/${id}/prescriptions`, json, { token });
const verify = (code) => api.get(`/api/v1/verify/${encodeURIComponent(code)}`);
const dispense = (code, json = { pharmacist: 'Pia Pharma', registration: 'GPhC 2087654' }) =>
  api.post(`/api/v1/verify/${encodeURIComponent(code)}/dispense`, json);
const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), q], { encoding: 'utf8' }).trim();

async function issued(extra) {
  const res = await issue(doctor.token, appointment.id, rx(extra));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Rita Rx' });
  otherDoctor = await verifiedDoctor(api, admin);
  patient = await patientSession(api, { full_name: 'Pedro Patient' });
  stranger = await patientSession(api);
  [appointment] = await bookNext(api, doctor, [patient.token], ['Sore throat and fever']);
  const n = await api.request('PUT', `/api/v1/appointments/${appointment.id}/note`, { token: doctor.token,
    json: { findings: 'Tonsillar exudate', assessment: 'Streptococcal pharyngitis', plan: 'Antibiotics', icd10: 'J02.0' } });
  assert.equal(n.status, 200, n.text);
});

after(async () => server.stop());

describe('issuing', () => {
  test('the doctor issues one; doctor and patient see it with its code', async () => {
    const p = await issued();
    assert.match(p.id, /^[0-9a-f-]{36}$/);
    assert.match(p.code, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/, 'twenty characters of Crockford base32: 100 bits');
    assert.deepEqual(p.medication, { name: 'Amoxicillin', strength: '500 mg', form: 'capsule' });
    assert.equal(p.quantity, 21);
    assert.equal(p.repeats, 0);
    assert.equal(p.status, 'active');
    assert.deepEqual(p.doctor, { id: doctor.id, name: 'Dr Rita Rx' });
    assert.deepEqual(p.patient, { id: patient.id, name: 'Pedro Patient' });
    for (const token of [doctor.token, patient.token]) {
      const list = await api.get(`/api/v1/appointments/${appointment.id}/prescriptions`, { token });
      assert.equal(list.status, 200, list.text);
      assert.ok(list.json.items.some((x) => x.id === p.id && x.code === p.code));
      const one = await api.get(`/api/v1/prescriptions/${p.id}`, { token });
      assert.equal(one.status, 200);
      assert.equal(one.json.dosage, p.dosage);
    }
    const second = await issued({ repeats: 2 });
    assert.notEqual(second.code, p.code);
  });

  test('a date alone is valid to the end of that day', async () => {
    const day = inDays(10).slice(0, 10);
    const p = await issued({ valid_until: day });
    assert.equal(p.valid_until, `${day}T23:59:59.999Z`);
  });

  test('bad input is a clear 4xx and nothing is written', async () => {
    const before = sql('SELECT count(*) FROM prescriptions');
    const cases = [
      [rx({ valid_until: inDays(-1) }), 422, 'invalid_value'], [rx({ valid_until: inDays(400) }), 422, 'invalid_value'],
      [rx({ valid_until: 'soon' }), 422, 'invalid_value'], [rx({ quantity: 0 }), 422, 'invalid_value'],
      [rx({ repeats: 13 }), 422, 'invalid_value'], [rx({ quantity: '21' }), 400, 'invalid_type'],
      [rx({ diagnosis: 'J02.0' }), 400, 'unknown_field'], [rx({ medication: { name: 'X', strength: '1 mg' } }), 400, 'missing_field'],
      [rx({ medication: { name: 'X', strength: '1 mg', form: 'tablet', colour: 'red' } }), 400, 'unknown_field'],
      [rx({ dosage: '' }), 422, 'invalid_value'],
    ];
    for (const [json, status, code] of cases) {
      const res = await issue(doctor.token, appointment.id, json);
      assert.equal(res.status, status, res.text);
      assert.equal(res.json.error.code, code, res.text);
    }
    assert.equal(sql('SELECT count(*) FROM prescriptions'), before);
  });

  test('only the appointment\'s doctor issues: its patient 403, anyone else 404', async () => {
    assert.equal((await issue(patient.token, appointment.id, rx())).status, 403);
    const p = await issued();
    for (const token of [otherDoctor.token, stranger.token, admin]) {
      assert.equal((await issue(token, appointment.id, rx())).status, 404);
      assert.equal((await api.get(`/api/v1/appointments/${appointment.id}/prescriptions`, { token })).status, 404);
      assert.equal((await api.get(`/api/v1/prescriptions/${p.id}`, { token })).status, 404);
      assert.equal((await api.post(`/api/v1/prescriptions/${p.id}/cancel`, undefined, { token })).status, 404);
    }
    assert.equal((await api.get('/api/v1/prescriptions/not-an-id', { token: doctor.token })).status, 404);
  });

  test('the patient\'s first sight is audited, and every issue', async () => {
    const p = await issued();
    await api.get(`/api/v1/prescriptions/${p.id}`, { token: patient.token });
    await api.get(`/api/v1/prescriptions/${p.id}`, { token: patient.token });
    const events = await api.auditEvents(admin);
    assert.equal(events.filter((e) => e.action === 'prescription.view' && e.detail.item_id === p.id).length, 1);
    assert.ok(events.some((e) => e.action === 'prescription.issue' && e.detail.prescription_id === p.id && e.actor_id === doctor.id));
  });
});

describe('cancelling', () => {
  test('the doctor cancels; the verification says so and it is not dispensed', async () => {
    const p = await issued();
    assert.equal((await api.post(`/api/v1/prescriptions/${p.id}/cancel`, undefined, { token: patient.token })).status, 403);
    const res = await api.post(`/api/v1/prescriptions/${p.id}/cancel`, undefined, { token: doctor.token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'cancelled');
    assert.ok(Date.parse(res.json.cancelled_at) > 0);
    assert.equal((await api.post(`/api/v1/prescriptions/${p.id}/cancel`, undefined, { token: doctor.token })).status, 409);
    const v = await verify(p.code);
    assert.equal(v.status, 200);
    assert.equal(v.json.status, 'cancelled');
    const d = await dispense(p.code);
    assert.equal(d.status, 409);
    assert.equal(d.json.error.code, 'prescription_cancelled');
  });

  test('a cancelled appointment takes no prescription', async () => {
    const [a] = await bookNext(api, doctor, [patient.token]);
    await api.post(`/api/v1/appointments/${a.id}/cancel`, {}, { token: patient.token });
    assert.equal((await issue(doctor.token, a.id, rx())).status, 409);
  });
});

describe('verification and dispensing', () => {
  test('the public page shows a genuine, valid prescription and nothing more', async () => {
    const p = await issued();
    const v = await verify(p.code);
    assert.equal(v.status, 200, v.text);
    assert.deepEqual(Object.keys(v.json).sort(), ['cancelled_at', 'code', 'dispensed_at', 'dosage', 'fills_total', 'fills_used', 'issued_at', 'medication',
      'patient', 'prescriber', 'quantity', 'repeats', 'status', 'valid_until']);
    assert.deepEqual([v.json.fills_used, v.json.fills_total], [0, 1]);
    assert.equal(v.json.status, 'valid');
    assert.deepEqual(v.json.prescriber, { name: 'Dr Rita Rx' });
    assert.deepEqual(v.json.patient, { name: 'Pedro Patient' });
    assert.deepEqual(v.json.medication, p.medication);
    for (const secret of ['Streptococcal', 'J02.0', 'Tonsillar', 'Sore throat', patient.id, doctor.id, appointment.id, p.id]) {
      assert.ok(!v.text.includes(secret), `${secret} is shown to anyone with the code`);
    }
    const typed = p.code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
    assert.equal((await verify(typed)).json.code, p.code, 'typed loosely, it still reads');
  });

  test('dispensed once: a second time says already dispensed; who and when are kept', async () => {
    const p = await issued();
    const first = await dispense(p.code);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.status, 'dispensed');
    assert.ok(Date.parse(first.json.dispensed_at) > 0);
    const again = await dispense(p.code, { pharmacist: 'Otto Other', registration: 'X1' });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'already_dispensed');
    assert.equal((await verify(p.code)).json.status, 'dispensed');
    assert.equal(sql(`SELECT dispensed_by FROM prescriptions WHERE id = '${p.id}'`), 'Pia Pharma (GPhC 2087654)');
    const mine = await api.get(`/api/v1/prescriptions/${p.id}`, { token: patient.token });
    assert.equal(mine.json.status, 'dispensed');
    assert.equal((await api.post(`/api/v1/prescriptions/${p.id}/cancel`, undefined, { token: doctor.token })).status, 409);
    const events = await api.auditEvents(admin);
    const d = events.filter((e) => e.action === 'prescription.dispense' && e.detail.prescription_id === p.id);
    assert.equal(d.length, 1);
    assert.equal(d[0].detail.registration, 'GPhC 2087654');
    assert.ok(events.some((e) => e.action === 'prescription.verify' && e.detail.prescription_id === p.id));
  });

  test('with repeats it is dispensed once more per repeat, each fill kept; then no more', async () => {
    const p = await issued({ repeats: 2 });
    for (const [i, name] of ['Ana Um', 'Bea Dois', 'Cai Tres'].entries()) {
      const res = await dispense(p.code, { pharmacist: name, registration: `R${i}` });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual([res.json.fills_used, res.json.fills_total], [i + 1, 3]);
      assert.equal(res.json.status, i < 2 ? 'valid' : 'dispensed');
      assert.equal(res.json.dispensed_at === null, i < 2, 'dispensed_at is the last fill\'s');
    }
    assertError(await dispense(p.code), 409, 'already_dispensed');
    assert.equal(sql(`SELECT pharmacist FROM dispensings WHERE prescription_id = '${p.id}' ORDER BY at, pharmacist`).split('\n').length, 3);
    const mine = await api.get(`/api/v1/prescriptions/${p.id}`, { token: patient.token });
    assert.equal(mine.json.fills_used, 3);
    const fills = (await api.auditEvents(admin)).filter((e) => e.action === 'prescription.dispense' && e.detail.prescription_id === p.id);
    assert.deepEqual(fills.map((e) => `${e.detail.fill}/${e.detail.of}`), ['1/3', '2/3', '3/3']);
  });

  test('the pharmacist must say who they are', async () => {
    const p = await issued();
    for (const json of [{}, { pharmacist: 'Pia' }, { pharmacist: '', registration: 'R1' }, { pharmacist: 'Pia', registration: 'R1', note: 'x' }]) {
      assert.ok([400, 422].includes((await dispense(p.code, json)).status), JSON.stringify(json));
    }
    assert.equal((await verify(p.code)).json.status, 'valid');
  });

  test('the store holds neither the medication nor the code', async () => {
    const p = await issued({ medication: { name: 'Zyxorelin', strength: '25 mg', form: 'tablet' } });
    const dump = sql('SELECT hex(body) || code_hash FROM prescriptions');
    for (const s of ['Zyxorelin', p.code, p.code.replaceAll('-', '')]) {
      assert.ok(!dump.includes(Buffer.from(s).toString('hex').toUpperCase()), s);
      assert.ok(!dump.includes(s), s);
    }
  });

  // last: it blocks this address
  test('guessing codes is refused after 20 misses', async () => {
    const p = await issued();
    let last;
    for (let i = 0; i < 20; i++) {
      last = await verify(`${'0'.repeat(19)}${i % 10}`);
      assert.equal(last.status, 404);
      assert.equal(last.json.error.code, 'not_found');
    }
    const blocked = await verify(p.code);
    assert.equal(blocked.status, 429, 'even the right code, from this address, for a while');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal((await dispense(p.code)).status, 429);
  });
});

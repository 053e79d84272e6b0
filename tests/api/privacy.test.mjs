// privacy.test.mjs — the privacy console (issue 8): a patient's access log
// from the audit log (others' reads and changes of their health data, never
// their own, never another patient's); breach notices from record to
// acknowledgement; administrators locking and unlocking accounts, filtering
// the audit log and verifying its chain from the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { assertError, client, newUser } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';
import { liveClient } from './live_client.mjs';

let server, api, admin, doctor, patient, other;
const open = [];
const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), q], { encoding: 'utf8' }).trim();
const accessLog = (token, query = '') => api.get(`/api/v1/me/access-log${query}`, { token });
const audit = (query) => api.get(`/api/v1/admin/audit?${query}`, { token: admin });

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Ada Access' });
  patient = await patientSession(api);
  other = await patientSession(api);
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

describe('who accessed my data', () => {
  let appointment;
  before(async () => {
    [appointment] = await bookNext(api, doctor, [patient.token], ['Persistent cough']);
    await bookNext(api, doctor, [other.token], ['Sprained ankle']);
    // the patient reads their own appointment: no entry in their log
    assert.equal((await api.get(`/api/v1/appointments/${appointment.id}`, { token: patient.token })).status, 200);
    // the doctor sees both patients' bookings: one first sight each
    assert.equal((await api.get('/api/v1/appointments?scope=upcoming', { token: doctor.token })).status, 200);
    assert.equal((await api.get(`/api/v1/appointments/${appointment.id}`, { token: doctor.token })).status, 200);
  });

  test('shows the doctor\'s read of the patient\'s data, with who, role, when and why', async () => {
    const res = await accessLog(patient.token);
    assert.equal(res.status, 200, res.text);
    const views = res.json.events.filter((e) => e.action === 'appointment.view');
    assert.equal(views.length, 1, res.text);
    const [v] = views;
    assert.deepEqual(v.actor, { id: doctor.id, name: 'Dr Ada Access', role: 'doctor' });
    assert.equal(v.purpose, 'care');
    assert.ok(Math.abs(Date.parse(v.at) - Date.now()) < 60_000, v.at);
  });

  test('leaves out what the patient did themselves', async () => {
    const events = (await accessLog(patient.token)).json.events;
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => e.actor.id !== patient.id), JSON.stringify(events));
    // the booking was the patient's own: in the audit, not in their access log
    const booked = (await audit(`patient=${patient.id}&action=appointment.book`)).json.events;
    assert.equal(booked.length, 1);
    assert.ok(!events.some((e) => e.action === 'appointment.book'));
  });

  test('shows a patient nothing of another patient\'s data', async () => {
    const mine = (await accessLog(patient.token)).json.events;
    const theirs = (await accessLog(other.token)).json.events;
    assert.equal(theirs.length, 1, 'the other patient sees the one sight of their own booking');
    const seqs = new Set(mine.map((e) => e.seq));
    assert.ok(theirs.every((e) => !seqs.has(e.seq)));
    // the audit's patient column tells them apart
    const row = sql(`SELECT patient_id FROM audit_events WHERE seq = ${theirs[0].seq}`);
    assert.equal(row, other.id);
  });

  test('names a pharmacist who dispensed a prescription as they stated it', async () => {
    const rx = { medication: { name: 'Ibuprofen', strength: '200 mg', form: 'tablet' }, dosage: 'One tablet when needed',
      quantity: 10, repeats: 0, valid_until: new Date(Date.now() + 30 * 86400_000).toISOString() };
    const issued = await api.post(`/api/v1/appointments/${appointment.id}/prescriptions`, rx, { token: doctor.token });
    assert.equal(issued.status, 201, issued.text);
    const dispensed = await api.post(`/api/v1/verify/${encodeURIComponent(issued.json.code)}/dispense`,
      { pharmacist: 'Pia Pharma', registration: 'GPhC 2087654' });
    assert.equal(dispensed.status, 200, dispensed.text);
    const events = (await accessLog(patient.token)).json.events;
    const issue = events.find((e) => e.action === 'prescription.issue');
    assert.deepEqual(issue.actor, { id: doctor.id, name: 'Dr Ada Access', role: 'doctor' });
    const dispense = events.find((e) => e.action === 'prescription.dispense');
    assert.deepEqual(dispense.actor, { id: null, name: 'Pia Pharma', role: 'pharmacist' });
    assert.equal(dispense.purpose, 'care');
  });

  test('is for patients only and pages', async () => {
    assertError(await accessLog(doctor.token), 403, 'forbidden');
    assertError(await accessLog(admin), 403, 'forbidden');
    assertError(await api.get('/api/v1/me/access-log'), 401, 'unauthenticated');
    assertError(await accessLog(patient.token, '?limit=0'), 422, 'invalid_value');
    assertError(await accessLog(patient.token, '?cursor=abc'), 422, 'invalid_value');
    // a note written by the doctor is a change of the patient's data: a second entry
    const put = await api.request('PUT', `/api/v1/appointments/${appointment.id}/note`, { token: doctor.token,
      json: { findings: 'Dry cough', assessment: 'Viral', plan: 'Rest', icd10: 'R05' } });
    assert.equal(put.status, 200, put.text);
    const first = await accessLog(patient.token, '?limit=1');
    assert.equal(first.json.events.length, 1);
    assert.equal(first.json.events[0].action, 'note.create', 'newest first');
    assert.ok(first.json.next_cursor);
    const rest = await accessLog(patient.token, `?limit=100&cursor=${first.json.next_cursor}`);
    assert.ok(rest.json.events.some((e) => e.action === 'appointment.view'));
    assert.equal(rest.json.next_cursor, null);
  });
});

describe('breach notices', () => {
  const breach = (json, token = admin) => api.post('/api/v1/admin/breaches', json, { token });
  const notices = (token) => api.get('/api/v1/me/breach-notices', { token });
  const base = { title: 'Laptop stolen', description: 'A clinic laptop with an export of appointments was stolen.',
    discovered_at: new Date(Date.now() - 3600_000).toISOString() };

  test('an administrator records one for listed users, who see and acknowledge it; the administrator sees who did', async () => {
    const res = await breach({ ...base, users: [patient.id] });
    assert.equal(res.status, 201, res.text);
    const b = res.json.breach;
    assert.equal(b.affected, 1);
    assert.equal(b.shown, 0);
    assert.equal(b.acknowledged, 0);
    assert.equal(b.everyone, false);

    assert.equal((await notices(other.token)).json.notices.length, 0, 'an unlisted user is not told');
    const mine = (await notices(patient.token)).json.notices;
    assert.equal(mine.length, 1);
    assert.equal(mine[0].id, b.id);
    assert.equal(mine[0].title, 'Laptop stolen');
    assert.equal(mine[0].acknowledged_at, null);

    let listed = (await api.get('/api/v1/admin/breaches', { token: admin })).json.breaches.find((x) => x.id === b.id);
    assert.equal(listed.shown, 1, 'shown once the patient was given it');
    assert.equal(listed.acknowledged, 0);

    assertError(await api.post(`/api/v1/me/breach-notices/${b.id}/acknowledge`, undefined, { token: other.token }), 404, 'not_found');
    const ack = await api.post(`/api/v1/me/breach-notices/${b.id}/acknowledge`, undefined, { token: patient.token });
    assert.equal(ack.status, 200, ack.text);
    assert.ok(ack.json.notice.acknowledged_at);
    const again = await api.post(`/api/v1/me/breach-notices/${b.id}/acknowledge`, undefined, { token: patient.token });
    assert.equal(again.json.notice.acknowledged_at, ack.json.notice.acknowledged_at, 'a second acknowledgement changes nothing');

    listed = (await api.get('/api/v1/admin/breaches', { token: admin })).json.breaches.find((x) => x.id === b.id);
    assert.equal(listed.acknowledged, 1);
    const who = (await api.get(`/api/v1/admin/breaches/${b.id}/recipients`, { token: admin })).json.users;
    assert.deepEqual(who.map((u) => [u.id, Boolean(u.shown_at), Boolean(u.acknowledged_at)]), [[patient.id, true, true]]);
    const events = (await audit('action=breach.')).json.events.map((e) => e.action);
    assert.deepEqual(events, ['breach.acknowledge', 'breach.record']);
  });

  test('"all" tells every account that exists', async () => {
    const res = await breach({ ...base, title: 'Backup exposed', users: 'all' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.breach.affected, Number(sql('SELECT COUNT(*) FROM users')));
    assert.ok((await notices(other.token)).json.notices.some((n) => n.id === res.json.breach.id));
  });

  test('only administrators record or list them, and bad input is refused whole', async () => {
    const before = sql('SELECT COUNT(*) FROM breaches');
    assertError(await breach({ ...base, users: 'all' }, doctor.token), 403, 'forbidden');
    assertError(await api.get('/api/v1/admin/breaches', { token: patient.token }), 403, 'forbidden');
    assertError(await breach({ ...base, users: [patient.id, '00000000-0000-4000-8000-000000000000'] }), 404, 'not_found');
    assertError(await breach({ ...base, users: [] }), 422, 'invalid_value');
    assertError(await breach({ ...base, users: 'some' }), 400, 'invalid_type');
    assertError(await breach({ ...base }), 400, 'missing_field');
    assertError(await breach({ ...base, users: 'all', extra: 1 }), 400, 'unknown_field');
    assertError(await breach({ ...base, users: 'all', discovered_at: 'yesterday' }), 422, 'invalid_value');
    assertError(await breach({ ...base, users: 'all', discovered_at: new Date(Date.now() + 86400_000).toISOString() }), 422, 'invalid_value');
    assert.equal(sql('SELECT COUNT(*) FROM breaches'), before, 'nothing half-written');
    assertError(await api.get('/api/v1/admin/breaches/00000000-0000-4000-8000-000000000000/recipients', { token: admin }), 404, 'not_found');
  });
});

describe('locking accounts', () => {
  test('a locked account cannot log in and its sessions end at once; unlocking lets it log in again', async () => {
    const u = newUser();
    const token = await api.session(u);
    const second = (await api.login(u.username, u.password)).json.token;
    const id = (await api.get('/api/v1/me', { token })).json.user.id;
    const live = liveClient(server, open, { cookie: token });
    await live.next((m) => m.type === 'WELCOME');

    assertError(await api.post(`/api/v1/admin/users/${id}/lock`, undefined, { token: doctor.token }), 403, 'forbidden');
    assertError(await api.post(`/api/v1/admin/users/${id}/lock`, undefined, { token: patient.token }), 403, 'forbidden');
    assert.equal((await api.get('/api/v1/me', { token })).status, 200, 'a refused lock changes nothing');

    const locked = await api.post(`/api/v1/admin/users/${id}/lock`, undefined, { token: admin });
    assert.equal(locked.status, 200, locked.text);
    assert.equal(locked.json.user.locked, true);
    assertError(await api.get('/api/v1/me', { token }), 403, 'account_locked');
    await live.next((m) => m.type === 'ACCOUNT_LOCKED'); // the open page is told at once
    assertError(await api.get('/api/v1/me', { token: second }), 403, 'account_locked');
    assertError(await api.login(u.username, u.password), 403, 'account_locked');
    assertError(await api.login(u.username, 'a wrong password'), 401, 'invalid_credentials');

    const unlocked = await api.post(`/api/v1/admin/users/${id}/unlock`, undefined, { token: admin });
    assert.equal(unlocked.json.user.locked, false);
    assertError(await api.get('/api/v1/me', { token }), 401, 'unauthenticated');
    const again = await api.login(u.username, u.password);
    assert.equal(again.status, 200, again.text);

    const trail = (await audit(`action=user.`)).json.events.filter((e) => e.subject_id === id).map((e) => e.action);
    assert.deepEqual(trail.slice(0, 2), ['user.unlock', 'user.lock']);
    const refused = (await audit('action=auth.login_failed&outcome=failure')).json.events;
    assert.ok(refused.some((e) => e.subject_id === id && e.detail.reason === 'locked'));
  });

  test('an administrator cannot lock themselves, nor an unknown account', async () => {
    const me = (await api.get('/api/v1/me', { token: admin })).json.user.id;
    assertError(await api.post(`/api/v1/admin/users/${me}/lock`, undefined, { token: admin }), 409, 'conflict');
    assertError(await api.post('/api/v1/admin/users/00000000-0000-4000-8000-000000000000/lock', undefined, { token: admin }), 404, 'not_found');
  });
});

describe('the audit log for administrators', () => {
  test('filters by actor, patient, action, outcome and time', async () => {
    const byDoctor = (await audit(`actor=${doctor.id}&limit=100`)).json.events;
    assert.ok(byDoctor.length > 0 && byDoctor.every((e) => e.actor_id === doctor.id));
    const byName = (await audit(`actor=${encodeURIComponent(doctor.user.username.toUpperCase())}&limit=100`)).json.events;
    assert.deepEqual(byName.map((e) => e.seq), byDoctor.map((e) => e.seq), 'a username names the same actor');

    const aboutPatient = (await audit(`patient=${patient.id}&limit=100`)).json.events;
    assert.ok(aboutPatient.length > 0 && aboutPatient.every((e) => e.patient_id === patient.id));
    assert.ok(aboutPatient.some((e) => e.action === 'appointment.view' && e.actor_id === doctor.id));

    const failures = (await audit('outcome=failure&limit=100')).json.events;
    assert.ok(failures.length > 0 && failures.every((e) => e.outcome === 'failure' && /_failed$|_refused$|_denied$/.test(e.action)));
    const successes = (await audit('outcome=success&limit=100')).json.events;
    assert.ok(successes.every((e) => e.outcome === 'success'));

    const logins = (await audit('action=auth.login&limit=100')).json.events;
    assert.ok(logins.length > 0 && logins.every((e) => e.action === 'auth.login'));

    const all = (await audit('limit=100')).json.events;
    const mid = all[Math.floor(all.length / 2)];
    const from = (await audit(`from=${encodeURIComponent(mid.at)}&limit=100`)).json.events;
    assert.ok(from.length > 0 && from.every((e) => Date.parse(e.at) >= Date.parse(mid.at)));
    const to = (await audit(`to=${encodeURIComponent(mid.at)}&limit=100`)).json.events;
    assert.ok(to.every((e) => Date.parse(e.at) < Date.parse(mid.at)));
    assert.equal(from.length + to.length, all.length);

    assertError(await audit('outcome=maybe'), 422, 'invalid_value');
    assertError(await audit('from=yesterday'), 422, 'invalid_value');
    assertError(await api.get('/api/v1/admin/audit?action=auth.login', { token: doctor.token }), 403, 'forbidden');
  });

  test('verify finds the chain whole, then the tampered row, the patient column included', async () => {
    const verify = (token = admin) => api.post('/api/v1/admin/audit/verify', undefined, { token });
    assertError(await verify(patient.token), 403, 'forbidden');
    const whole = await verify();
    assert.equal(whole.status, 200, whole.text);
    assert.equal(whole.json.broken_seq, null);
    assert.ok(whole.json.count > 10);

    const seq = Number(sql(`SELECT MIN(seq) FROM audit_events WHERE patient_id = '${patient.id}'`));
    sql(`UPDATE audit_events SET patient_id = '${other.id}' WHERE seq = ${seq}`);
    assert.equal((await verify()).json.broken_seq, seq, 'moving an event to another patient breaks it');
    sql(`UPDATE audit_events SET patient_id = NULL WHERE seq = ${seq}`);
    assert.equal((await verify()).json.broken_seq, seq, 'hiding an event from the patient breaks it');
    sql(`UPDATE audit_events SET patient_id = '${patient.id}' WHERE seq = ${seq}`);
    assert.equal((await verify()).json.broken_seq, null);

    sql("UPDATE audit_events SET action = 'x' WHERE seq = 2");
    const broken = await verify();
    assert.equal(broken.json.broken_seq, 2);
  });
});

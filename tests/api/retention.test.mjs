// retention.test.mjs — the clinic's retention rules: an administrator reads
// and sets the period of each kind of data; a run purges what has outlived
// it (old notifications, and an erased patient's medical record once its
// period after the erasure has passed) and nothing younger; the server runs
// it once a day by itself, `telemed retention run` on demand; every run and
// change is audited. Time passing is simulated by moving stored instants back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, telemed } from '../support/server.mjs';
import { assertError, client, newUser } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

const DAY = 86400_000;
let server, api, admin, doctor;

const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), '.timeout 5000', q], { encoding: 'utf8' }).trim();
const rules = async () => (await api.get('/api/v1/admin/retention', { token: admin })).json;
const setRules = (list, token = admin) => api.request('PUT', '/api/v1/admin/retention', { token, json: { rules: list } });
const runNow = (token = admin) => api.post('/api/v1/admin/retention/run', undefined, { token });

before(async () => {
  server = await startServer({ flags: ['--reminder-tick-seconds', '1'] });
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Rhea Retain' });
});

after(async () => server.stop());

describe('the rules', () => {
  test('every kind has a default period and says what it covers', async () => {
    const r = await rules();
    assert.deepEqual(r.rules.map((x) => x.kind), ['sessions', 'notifications', 'call_quality', 'messages', 'erased_records']);
    for (const x of r.rules) {
      assert.equal(x.keep_days, x.default_days);
      assert.ok(x.covers.length > 10);
    }
    assert.equal(r.rules.find((x) => x.kind === 'erased_records').default_days, 2190, 'six years');
  });

  test('an administrator sets periods; bad rules are refused whole; others may not', async () => {
    const res = await setRules([{ kind: 'notifications', keep_days: 180 }]);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.rules.find((x) => x.kind === 'notifications').keep_days, 180);
    for (const bad of [[{ kind: 'everything', keep_days: 1 }], [{ kind: 'messages', keep_days: 0 }],
      [{ kind: 'messages', keep_days: 36501 }], [{ kind: 'messages', keep_days: '30' }],
      [{ kind: 'messages', keep_days: 30, also: 1 }], [{ kind: 'call_quality', keep_days: 10 }, { kind: 'x', keep_days: 1 }]]) {
      assertError(await setRules(bad), 422, 'invalid_value');
    }
    assertError(await api.request('PUT', '/api/v1/admin/retention', { token: admin, json: { rules: [] } }), 422, 'invalid_value');
    assert.equal((await rules()).rules.find((x) => x.kind === 'call_quality').keep_days, 90, 'nothing half-written');
    const patient = await patientSession(api);
    for (const token of [patient.token, doctor.token]) {
      assertError(await api.get('/api/v1/admin/retention', { token }), 403, 'forbidden');
      assertError(await setRules([{ kind: 'messages', keep_days: 1 }], token), 403, 'forbidden');
      assertError(await runNow(token), 403, 'forbidden');
    }
    const events = (await api.auditEvents(admin)).filter((e) => e.action === 'retention.update');
    assert.deepEqual(events.map((e) => e.detail.rules), [[{ kind: 'notifications', keep_days: 180 }]]);
  });
});

describe('the purge', () => {
  test('the server runs it once a day by itself, audited as the system', async () => {
    let runs = [];
    for (let i = 0; i < 50 && runs.length === 0; i++) {
      runs = (await api.auditEvents(admin)).filter((e) => e.action === 'retention.run' && e.actor_id == null);
      if (!runs.length) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(runs.length, 1, 'the first tick ran the day\'s purge');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await api.auditEvents(admin)).filter((e) => e.action === 'retention.run' && e.actor_id == null).length, 1, 'and only once that day');
    assert.equal(sql('SELECT COUNT(*) FROM retention_runs WHERE day IS NOT NULL'), '1');
  });

  test('purges old notifications and an erased patient\'s record past its period, and nothing younger', async () => {
    const gone = newUser();
    const goneToken = await api.session(gone);
    const goneId = (await api.get('/api/v1/me', { token: goneToken })).json.user.id;
    const kept = await patientSession(api);
    const [a, b] = await bookNext(api, doctor, [goneToken, kept.token], ['Old complaint', 'Current complaint']);
    const note = { findings: 'F', assessment: 'A', plan: 'P' };
    for (const id of [a.id, b.id]) {
      assert.equal((await api.request('PUT', `/api/v1/appointments/${id}/note`, { token: doctor.token, json: note })).status, 200);
      assert.equal((await api.post(`/api/v1/appointments/${id}/note/sign`, undefined, { token: doctor.token })).status, 200);
    }
    assert.equal((await api.post('/api/v1/me/erase', { password: gone.password }, { token: goneToken })).status, 204);
    // b's notifications (the doctor's booking notice, and any reminder the
    // tick sent meanwhile) are 200 days old, past 180
    const aged = Number(sql(`UPDATE notifications SET created_at = created_at - ${200 * DAY} WHERE appointment_id = '${b.id}'; SELECT changes();`));
    assert.ok(aged >= 1);
    // the erasure was 7 years ago, past the six of erased_records
    sql(`UPDATE users SET erased_at = erased_at - ${7 * 365 * DAY} WHERE id = '${goneId}'`);
    const res = await runNow();
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.purged.notifications, aged, 'the aged notifications, no younger one');
    assert.ok(res.json.purged.erased_records >= 2, JSON.stringify(res.json.purged)); // the note, the appointment's reason
    assert.equal((await api.get(`/api/v1/appointments/${a.id}/note`, { token: doctor.token })).status, 404, 'the erased patient\'s note is gone');
    assert.equal((await api.get(`/api/v1/appointments/${a.id}`, { token: doctor.token })).json.appointment.reason, '');
    assert.equal((await api.get(`/api/v1/appointments/${b.id}/note`, { token: doctor.token })).status, 200, 'a live patient\'s record stays');
    assert.equal((await api.get(`/api/v1/appointments/${b.id}`, { token: doctor.token })).json.appointment.reason, 'Current complaint');
    const again = await runNow();
    assert.deepEqual(Object.values(again.json.purged), [0, 0, 0, 0, 0], 'nothing left to purge');
    const last = (await rules()).last_run;
    assert.deepEqual(last.purged, again.json.purged);
  });

  test('`telemed retention run` purges on demand and says how much', async () => {
    const p = await patientSession(api);
    await bookNext(api, doctor, [p.token]);
    sql(`UPDATE notifications SET created_at = created_at - ${400 * DAY} WHERE user_id = '${doctor.id}'`);
    const out = telemed(['retention', 'run', '--data', server.dataDir, '--log-level', 'warn']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^notifications: [1-9]\d* purged$/m);
    assert.match(out.stdout, /^erased_records: 0 purged$/m);
    const runs = (await api.auditEvents(admin)).filter((e) => e.action === 'retention.run');
    assert.ok(runs.at(-1).detail.purged.notifications >= 1);
  });
});

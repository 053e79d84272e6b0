// quality.test.mjs — call-quality summaries: each participant's page leaves
// figures (never content) on the consultation; its doctor and the
// administrators read them; nobody else learns the consultation exists;
// every field is checked and bounded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';
import { consultationSoon } from './rooms.mjs';

let server;
let api;
let soon;
let stranger;

const summary = (extra = {}) => ({
  duration_seconds: 754, samples: 377, rtt_avg_ms: 38.5, rtt_max_ms: 120, jitter_avg_ms: 4.2,
  packet_loss_pct: 0.3, bitrate_in_kbps: 1450.5, bitrate_out_kbps: 1320, frame_width: 640,
  frame_height: 480, frame_rate: 29.8, candidate_type: 'relay', verdict: 'good', ...extra,
});

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  api = client(server);
  soon = await consultationSoon(api, newUser({ role: 'doctor', full_name: 'Dr Quinta Quality' }), newUser());
  stranger = await api.session(newUser());
});

after(async () => { await server?.stop(); });

const post = (body, token, id = soon.appointment.id) => api.request('POST', `/api/v1/consultations/${id}/quality`, { token, json: body });
const read = (token, id = soon.appointment.id) => api.get(`/api/v1/consultations/${id}/quality`, { token });

test('both participants leave a summary; the doctor and an administrator read both', async () => {
  assert.equal((await post(summary(), soon.patientToken)).status, 204);
  assert.equal((await post(summary({ verdict: 'peer_connection', packet_loss_pct: 7.5 }), soon.doctor.token)).status, 204);
  const res = await read(soon.doctor.token);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.summaries.map((s) => s.role).sort(), ['doctor', 'patient']);
  const patientSide = res.json.summaries.find((s) => s.role === 'patient');
  assert.deepEqual(patientSide.figures, summary());
  assert.ok(Date.parse(patientSide.created_at) > Date.now() - 60_000);
  assert.equal(res.json.summaries.find((s) => s.role === 'doctor').figures.verdict, 'peer_connection');
  const admin = await read(await api.admin());
  assert.equal(admin.status, 200);
  assert.equal(admin.json.summaries.length, 2);
});

test('the patient, strangers and unknown consultations get 404', async () => {
  assert.equal((await read(soon.patientToken)).status, 404, 'patients do not read the figures');
  assert.equal((await read(stranger)).status, 404);
  assert.equal((await post(summary(), stranger)).status, 404, 'only participants write');
  assert.equal((await post(summary(), soon.patientToken, randomUUID())).status, 404);
  assert.equal((await read(soon.doctor.token, 'not-an-id')).status, 404);
  assert.equal((await read(undefined)).status, 401);
});

test('every field is checked: unknown, missing, wrong type, out of range, broken JSON', async () => {
  const cases = [
    [{ ...summary(), transcript: 'hello' }, 400, 'unknown_field'],
    [(({ rtt_avg_ms, ...rest }) => rest)(summary()), 400, 'missing_field'],
    [summary({ frame_width: '640' }), 400, 'invalid_type'],
    [summary({ frame_rate: 12.5, frame_width: 640.5 }), 400, 'invalid_type'],
    [summary({ packet_loss_pct: 101 }), 422, 'invalid_value'],
    [summary({ rtt_avg_ms: -1 }), 422, 'invalid_value'],
    [summary({ candidate_type: 'carrier-pigeon' }), 422, 'invalid_value'],
    [summary({ verdict: '<b>bad</b>' }), 422, 'invalid_value'],
  ];
  for (const [body, status, code] of cases) {
    const res = await post(body, soon.patientToken);
    assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
    assert.equal(res.json.error.code, code);
  }
  const broken = await api.request('POST', `/api/v1/consultations/${soon.appointment.id}/quality`,
    { token: soon.patientToken, body: '{"samples":', headers: { 'content-type': 'application/json' } });
  assert.equal(broken.status, 400);
  assert.equal((await read(soon.doctor.token)).json.summaries.length, 2, 'nothing refused was kept');
});

test('a participant leaves at most 20 summaries on one consultation', async () => {
  const s = await consultationSoon(api, newUser({ role: 'doctor' }), newUser());
  for (let i = 0; i < 20; i++) assert.equal((await post(summary(), s.patientToken, s.appointment.id)).status, 204);
  const over = await post(summary(), s.patientToken, s.appointment.id);
  assert.equal(over.status, 409);
  assert.equal(over.json.error.code, 'conflict');
  assert.equal((await post(summary(), s.doctor.token, s.appointment.id)).status, 204, 'the other side still can');
});

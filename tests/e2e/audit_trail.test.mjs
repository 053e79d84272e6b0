// audit_trail.test.mjs — what a browser session did to a patient's health
// data against what the audit log holds (issue 8, "Audit"): a patient shares
// their record with their doctor, the doctor reads the whole record, writes
// and signs a note, the patient reads it and downloads everything; then the
// events about that patient, in order, are exactly the ones those steps
// imply — actor, role and action — and the patient's access log shows the
// doctor's, not their own. Real server, real Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { launch, signedIn } from './browser.mjs';

let server, browser, api, admin, appointment, doctorId, patientId;
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Aurora Audit' });
const patientUser = newUser({ full_name: 'Tiago Trail' });

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '0'] });
  api = client(server);
  const made = await consultationSoon(api, doctorUser, patientUser, 'Wheezing at night');
  appointment = made.appointment;
  doctorId = made.doctor.id;
  patientId = (await api.get('/api/v1/me', { token: made.patientToken })).json.user.id;
  admin = await api.admin();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The events about the patient (their health data, or them as subject),
// oldest first, as [role, action].
async function trail() {
  const seen = new Map();
  for (const q of [`patient=${patientId}`]) {
    let cursor = '';
    do {
      const res = await api.get(`/api/v1/admin/audit?${q}&limit=100${cursor ? '&cursor=' + cursor : ''}`, { token: admin });
      assert.equal(res.status, 200, res.text);
      for (const e of res.json.events) seen.set(e.seq, e);
      cursor = res.json.next_cursor;
    } while (cursor);
  }
  return [...seen.values()].sort((a, b) => a.seq - b.seq);
}

test('the audit holds exactly what the session did to the patient\'s health data', async () => {
  const before = (await trail()).map((e) => `${e.actor_role} ${e.action}`);
  assert.deepEqual(before, ['patient appointment.book'], 'booking is the first event about the patient');

  const patient = await signedIn(browser, server.url, patientUser.username, patientUser.password);
  const p = patient.page;
  await p.goto('/privacy');
  const share = p.locator('li.consent[data-purpose="share"]');
  await share.getByLabel('Share with').selectOption({ label: 'Dr Aurora Audit' });
  await share.getByRole('button', { name: 'Give consent' }).click();
  await share.getByText('Shared with Dr Aurora Audit').waitFor();

  const doctor = await signedIn(browser, server.url, doctorUser.username, doctorUser.password);
  const d = doctor.page;
  await d.goto(`/patients/${patientId}/record`);
  await d.getByRole('heading', { name: /Tiago Trail/ }).waitFor();
  await d.goto(`/consult/${appointment.id}`);
  await d.getByLabel('Findings').fill('Expiratory wheeze');
  await d.getByLabel('Assessment').fill('Asthma, poorly controlled');
  await d.getByLabel('Plan').fill('Step up inhaled steroid');
  await d.getByRole('button', { name: 'Save draft' }).click();
  await d.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  await d.getByRole('button', { name: 'Sign note' }).click();
  await d.getByRole('status').filter({ hasText: 'Note signed.' }).waitFor();

  await p.goto('/record');
  await p.locator('li.consultation', { hasText: 'Asthma, poorly controlled' }).waitFor();
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download all my data' }).click()]);
  assert.ok(download);

  // each event, and the step of the session that caused it
  const expected = [
    ['patient', 'appointment.book'],       // booked before the session (the set-up)
    ['doctor', 'record.read'],             // the doctor opened the patient's whole record (shared with them)
    ['doctor', 'appointment.view'],        // the consultation page: first sight of the reason for the visit
    ['doctor', 'threshold.read'],          // the consultation page: the patient's vital-sign thresholds
    ['doctor', 'note.create'],             // "Save draft"
    ['doctor', 'note.update'],             // "Sign note" saves what is in the form, then signs it
    ['doctor', 'note.sign'],
    ['doctor', 'note.correction_read'],    // a signed note shows its correction requests (none yet)
    ['patient', 'note.view'],              // the record page: the patient's first sight of the signed note
    ['patient', 'note.correction_read'],   // and its correction requests
    ['patient', 'observation.read'],       // "Download all my data": the vital signs it holds
    ['patient', 'record.export'],          // and the export itself
  ];
  const events = await trail();
  assert.deepEqual(events.map((e) => [e.actor_role, e.action]), expected);
  for (const e of events) {
    assert.equal(e.actor_id, e.actor_role === 'doctor' ? doctorId : patientId, `${e.action}: the actor`);
    assert.equal(e.patient_id, patientId, `${e.action}: the patient`);
  }

  // the patient's access log: the doctor's accesses, newest first, none of their own
  const log = (await api.get('/api/v1/me/access-log?limit=100', { token: (await api.login(patientUser.username, patientUser.password)).json.token })).json.events;
  assert.deepEqual(log.map((e) => e.action).reverse(), expected.filter(([role]) => role === 'doctor').map(([, action]) => action));
  for (const e of log) assert.deepEqual([e.actor.name, e.actor.role, e.purpose], ['Dr Aurora Audit', 'doctor', 'care']);
  await p.goto('/privacy');
  await p.locator('table.access-log').getByText('Dr Aurora Audit').first().waitFor();
  for (const c of [patient, doctor]) await c.context.close();
});

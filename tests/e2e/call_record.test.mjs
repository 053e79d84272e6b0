// call_record.test.mjs — keeping call content in the record, in two real
// Chromium instances in a call (issue 5), and a doctor reading the
// patient's record (issue 7): the doctor proposes to save the chat
// transcript, the patient agrees, and without the patient's "call_records"
// consent both pages say nothing was kept (the patient's with a way to the
// consent); with it, the transcript and a file the patient sent are saved
// once both agreed; the patient's record page shows them with the
// consultation and downloads them; the doctor's "Patient record" page is
// refused without the sharing consent, offers emergency access behind a
// warning (a stated reason opens it once and the patient is told), and
// shows the record once the patient shares it. Real server, real browsers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { giveConsent, newUser } from '../api/client.mjs';
import { say, setUpCall, tearDownCall } from './call_scene.mjs';

const scene = {};
let api, call, appointmentId, patient;
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Sara Saves' });
const patientUser = newUser({ full_name: 'Paulo Prontuário' });
const files = mkdtempSync(join(tmpdir(), 'telemed-callrec-'));

before(async () => {
  await setUpCall(scene, { doctorUser, patientUser, shot: 'callrec' });
  ({ api, call, appointmentId } = scene);
  const token = scene.made.patientToken;
  patient = { token, id: (await api.get('/api/v1/me', { token })).json.user.id };
});

after(async () => {
  await tearDownCall(scene);
  rmSync(files, { recursive: true, force: true });
});

// The proposal li of side (mine or theirs) with that kind, the newest.
const proposal = (page, side, kind) => page.locator(`[data-record-proposal="${side}"][data-kind="${kind}"]`).last();

// The doctor proposes, the patient agrees; resolves with the outcome both pages show.
async function agreeOn(proposer, agreer, kind, button) {
  const before = await proposal(agreer.page, 'theirs', kind).count();
  await button.click();
  await agreer.page.locator(`[data-record-proposal="theirs"][data-kind="${kind}"]`).nth(before).waitFor();
  await agreer.page.getByRole('button', { name: 'Agree' }).click();
  const done = '[data-state="saved"], [data-state="consent"], [data-state="failed"]';
  await proposal(proposer.page, 'mine', kind).and(proposer.page.locator(done)).waitFor({ timeout: 15_000 });
  await proposal(agreer.page, 'theirs', kind).and(agreer.page.locator(done)).waitFor({ timeout: 15_000 });
  return [await proposal(proposer.page, 'mine', kind).getAttribute('data-state'),
    await proposal(agreer.page, 'theirs', kind).getAttribute('data-state')];
}

test('without consent nothing is kept, and both pages say why', { timeout: 90_000 }, async () => {
  const { doctor, patient: p } = call;
  await say(doctor.page, 'Good morning Paulo, how is the cough?');
  await p.page.locator('[data-chat-text]', { hasText: 'how is the cough' }).waitFor();
  await say(p.page, 'Better since Tuesday, thank you');
  await doctor.page.locator('[data-chat-text]', { hasText: 'Better since Tuesday' }).waitFor();
  const saveTranscript = doctor.page.getByRole('button', { name: 'Save the chat transcript to the record' });
  assert.deepEqual(await agreeOn(doctor, p, 'transcript', saveTranscript), ['consent', 'consent']);
  await p.page.getByText('you have not agreed to keep call transcripts').waitFor();
  assert.equal(await p.page.getByRole('link', { name: 'Give consent on your privacy page' }).getAttribute('href'), '/privacy');
  await doctor.page.getByText('the patient has not agreed to keep call transcripts').waitFor();
  assert.equal((await api.get(`/api/v1/appointments/${appointmentId}/record-items`, { token: patient.token })).json.items.length, 0);
});

test('with consent, the transcript and a file both agreed on are kept', { timeout: 90_000 }, async () => {
  const { doctor, patient: p } = call;
  await giveConsent(api, patient.token, 'call_records');
  const saveTranscript = doctor.page.getByRole('button', { name: 'Save the chat transcript to the record' });
  assert.deepEqual(await agreeOn(doctor, p, 'transcript', saveTranscript), ['saved', 'saved']);

  const path = join(files, 'peak-flow.txt');
  writeFileSync(path, 'Peak flow diary\nMon 420\nTue 450\n');
  await p.page.locator('#file-input').setInputFiles(path);
  const arrived = doctor.page.locator('[data-transfer="in"][data-state="verified"]', { hasText: 'peak-flow.txt' });
  await arrived.waitFor({ timeout: 20_000 });
  // the doctor proposes the file received; the patient agrees
  assert.deepEqual(await agreeOn(doctor, p, 'file', arrived.getByRole('button', { name: 'Save to record: peak-flow.txt' })), ['saved', 'saved']);
  // a declined proposal keeps nothing
  await p.page.getByRole('button', { name: 'Save the chat transcript to the record' }).click();
  await doctor.page.locator('[data-record-proposal="theirs"][data-kind="transcript"]').waitFor();
  await doctor.page.getByRole('button', { name: 'Decline' }).click();
  await proposal(p.page, 'mine', 'transcript').and(p.page.locator('[data-state="declined"]')).waitFor();
  const items = (await api.get(`/api/v1/appointments/${appointmentId}/record-items`, { token: patient.token })).json.items;
  assert.deepEqual(items.map((i) => [i.kind, i.name]), [['transcript', 'chat-transcript.txt'], ['file', 'peak-flow.txt']]);
});

test('the patient\'s record page shows them with the consultation and downloads them', { timeout: 60_000 }, async () => {
  const page = call.patient.page;
  await page.getByRole('navigation').getByRole('link', { name: 'Record' }).click();
  const entry = page.locator(`li.consultation[data-id="${appointmentId}"]`);
  await entry.waitFor();
  assert.deepEqual(await entry.locator('[data-testid="saved-item"]').evaluateAll((li) => li.map((x) => x.dataset.kind)), ['transcript', 'file']);
  const href = await entry.getByRole('link', { name: 'chat-transcript.txt' }).getAttribute('href');
  const text = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  assert.match(text, /Dr Sara Saves: Good morning Paulo, how is the cough\?/);
  assert.match(text, /Paulo Prontuário: Better since Tuesday, thank you/);
  const file = await entry.getByRole('link', { name: 'peak-flow.txt' }).getAttribute('href');
  assert.equal(await page.evaluate(async (url) => (await fetch(url)).text(), file), 'Peak flow diary\nMon 420\nTue 450\n');
});

test('the doctor opens the patient\'s record: refused without consent, once by break-glass, then with consent', { timeout: 60_000 }, async () => {
  const page = call.doctor.page;
  await page.goto(`/consult/${appointmentId}`);
  await page.getByRole('link', { name: 'Patient record' }).click();
  await page.getByText('The patient has not agreed to share their record with you.').waitFor();
  await page.getByRole('heading', { name: 'Emergency access' }).waitFor();
  await page.getByText('Only in an emergency.').waitFor();
  const open = page.getByRole('button', { name: 'Open the record in an emergency' });
  assert.ok(await open.isDisabled(), 'no reason, no access');
  // break-glass: a stated reason opens it, and the patient is told
  await page.getByLabel('Reason for emergency access').fill('Found unresponsive at home, need current medication');
  await open.click();
  await page.locator('[data-access="emergency"]').waitFor();
  await page.getByRole('heading', { name: 'Record of Paulo Prontuário' }).waitFor();
  const told = (await api.get('/api/v1/notifications', { token: patient.token })).json.items;
  assert.equal(told[0].kind, 'record_emergency_access');
  assert.equal(told[0].data.with.name, 'Dr Sara Saves');
  // it opened once: the page asks again after a reload
  await page.reload();
  await page.getByText('The patient has not agreed to share their record with you.').waitFor();
  await giveConsent(api, patient.token, 'share', (await api.get('/api/v1/me', { token: (await api.login(doctorUser.username, doctorUser.password)).json.token })).json.user.id);
  await page.reload();
  await page.getByRole('heading', { name: 'Record of Paulo Prontuário' }).waitFor();
  const entry = page.locator(`li.consultation[data-id="${appointmentId}"]`);
  assert.deepEqual(await entry.locator('[data-testid="saved-item"]').evaluateAll((li) => li.map((x) => x.dataset.kind)), ['transcript', 'file']);
  assert.equal(await page.getByRole('heading', { name: 'Emergency access' }).count(), 0);
});

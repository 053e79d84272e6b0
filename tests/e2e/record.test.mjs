// record.test.mjs — the health record in real Chromium (issue 7): the
// doctor writes and signs a consultation note and issues a prescription
// from the consultation page; the patient's record page shows them; the
// print page carries the verification code and a QR code of its /verify
// page; a pharmacist, not logged in, opens that page, sees the
// prescription is genuine and valid (and nothing of the diagnosis), and
// dispenses it — once. The patient then downloads all their data as one
// FHIR R4 file. Real server, real browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import qrcode from 'qrcode-generator';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { artifacts, launch, signedIn, watchedContext } from './browser.mjs';

let server;
let browser;
let appointmentId;
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Rui Record' });
const patientUser = newUser({ full_name: 'Rita Registo' });

before(async () => {
  // the window opens at the start, so the page shows no call yet
  server = await startServer({ flags: ['--join-early-minutes', '0'] });
  appointmentId = (await consultationSoon(client(server), doctorUser, patientUser, 'Itchy rash')).appointment.id;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The path of the QR code qr.js draws for text, to compare with the page's.
function qrPath(text) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  let d = '';
  for (let r = 0; r < qr.getModuleCount(); r++) {
    for (let c = 0; c < qr.getModuleCount(); c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  }
  return d;
}

test('note and prescription, from the doctor to the patient\'s record, the print page and the pharmacist', async () => {
  const doctor = await signedIn(browser, server.url, doctorUser.username, doctorUser.password);
  const d = doctor.page;
  await d.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
  await d.locator('li.appointment', { hasText: 'Rita Registo' }).getByRole('link', { name: 'Note and prescriptions' }).click();
  await d.getByRole('heading', { name: 'Consultation note' }).waitFor();
  await d.getByLabel('Findings').fill('Papular rash on both wrists');
  await d.getByLabel('Assessment').fill('Contact dermatitis, likely from a new watch strap');
  await d.getByLabel('Plan').fill('Emollient; avoid the strap; review in two weeks');
  await d.getByLabel('ICD-10 code').fill('L25.9');
  await d.getByRole('button', { name: 'Save draft' }).click();
  await d.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  await d.getByRole('button', { name: 'Sign note' }).click();
  await d.getByRole('status').filter({ hasText: 'Note signed.' }).waitFor();
  const note = d.getByTestId('note');
  assert.match(await note.textContent(), /Signed by Dr Rui Record/);
  assert.equal(await d.getByLabel('Findings').count(), 0, 'a signed note is not edited');
  await d.getByLabel('Add an amendment').fill('Patch test booked');
  await d.getByRole('button', { name: 'Amend' }).click();
  await d.getByRole('status').filter({ hasText: 'Amendment added.' }).waitFor();
  assert.match(await note.textContent(), /Patch test booked[\s\S]*Amended by Dr Rui Record/);

  await d.getByLabel('Medication').fill('Hydrocortisone');
  await d.getByLabel('Strength').fill('1%');
  await d.getByLabel('Form').fill('cream');
  await d.getByLabel('Dosage instructions').fill('Apply thinly twice a day for 7 days');
  await d.getByLabel('Quantity').fill('1');
  await d.getByRole('button', { name: 'Issue prescription' }).click();
  await d.getByRole('status').filter({ hasText: 'Prescription for Hydrocortisone issued.' }).waitFor();
  await d.getByTestId('prescription').filter({ hasText: 'Hydrocortisone' }).waitFor();
  await d.screenshot({ path: join(artifacts, 'e2e-record-doctor.png'), fullPage: true });

  const patient = await signedIn(browser, server.url, patientUser.username, patientUser.password);
  const p = patient.page;
  await p.getByRole('navigation').getByRole('link', { name: 'Record' }).click();
  await p.getByRole('heading', { name: 'Your health record' }).waitFor();
  const entry = p.locator('li.consultation', { hasText: 'with Dr Rui Record' });
  await entry.waitFor();
  const text = await entry.textContent();
  assert.match(text, /Contact dermatitis, likely from a new watch strap/);
  assert.match(text, /L25\.9/);
  assert.match(text, /Patch test booked/);
  assert.match(text, /Hydrocortisone 1% · cream/);
  await p.screenshot({ path: join(artifacts, 'e2e-record-patient.png'), fullPage: true });
  await entry.getByRole('link', { name: 'Print Hydrocortisone' }).click();
  const code = (await p.getByTestId('rx-code').textContent()).trim();
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  const qr = p.getByRole('img', { name: 'QR code of the verification page' });
  assert.equal(await qr.locator('path').getAttribute('d'), qrPath(`${server.url}/verify/${code}`), 'the QR code carries the verification page');
  const paper = await p.locator('.rx-paper').textContent();
  assert.match(paper, /Rita Registo/);
  assert.doesNotMatch(paper, /dermatitis|L25/, 'the prescription carries no diagnosis');
  await p.emulateMedia({ media: 'print' });
  assert.equal(await p.getByRole('navigation').isVisible(), false, 'printed without the app\'s frame');
  await p.screenshot({ path: join(artifacts, 'e2e-record-print.png'), fullPage: true });

  // the pharmacist: no account, no login
  const { context, problems } = await watchedContext(browser, { baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/Lisbon' });
  const ph = await context.newPage();
  await ph.goto(`/verify/${code}`);
  const verdict = ph.getByTestId('verdict');
  await verdict.filter({ hasText: 'Genuine and valid: not yet dispensed.' }).waitFor();
  const shown = await ph.locator('main').textContent();
  assert.match(shown, /Hydrocortisone/);
  assert.match(shown, /Apply thinly twice a day/);
  assert.match(shown, /Dr Rui Record/);
  for (const secret of ['dermatitis', 'L25', 'Papular', 'Itchy', 'Patch test']) assert.ok(!shown.includes(secret), secret);
  await ph.getByLabel('Pharmacist\'s name').fill('Paula Farmácia');
  await ph.getByLabel('Registration number').fill('OF-12345');
  await ph.screenshot({ path: join(artifacts, 'e2e-record-verify.png'), fullPage: true });
  await ph.getByRole('button', { name: 'Mark as dispensed' }).click();
  await verdict.filter({ hasText: 'Genuine, but already dispensed.' }).waitFor();
  assert.equal(await ph.getByRole('button', { name: 'Mark as dispensed' }).count(), 0, 'dispensed once');
  await ph.reload();
  await verdict.filter({ hasText: 'already dispensed' }).waitFor();
  await ph.goto('/verify/AAAAA-AAAAA-AAAAA-AAAAA');
  await verdict.filter({ hasText: 'No prescription has this code.' }).waitFor();

  // the patient's record says so too
  await p.emulateMedia({ media: 'screen' });
  await p.goto('/record');
  await p.getByTestId('prescription').filter({ hasText: 'Dispensed' }).waitFor();

  for (const c of [doctor, patient]) assert.deepEqual(c.problems, []);
  assert.deepEqual(problems, []);
  for (const c of [doctor.context, patient.context, context]) await c.close();
});

test('the patient downloads all their data as one FHIR file, with progress shown', async () => {
  const patient = await signedIn(browser, server.url, patientUser.username, patientUser.password);
  const p = patient.page;
  await p.goto('/record');
  await p.getByRole('heading', { name: 'All your data' }).waitFor();
  // a slow line, so the download takes long enough to watch its progress
  const cdp = await patient.context.newCDPSession(p);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 8000, uploadThroughput: -1 });
  const downloading = p.waitForEvent('download');
  await p.getByRole('button', { name: 'Download all my data' }).click();
  const bar = p.getByRole('progressbar');
  await bar.waitFor();
  await p.waitForFunction(() => document.querySelector('.export progress')?.value > 0);
  assert.ok(Number(await bar.getAttribute('max')) > 0, 'the bar knows the whole size');
  const download = await downloading;
  await bar.waitFor({ state: 'detached' });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  assert.match(download.suggestedFilename(), /^telemed-export-\d{4}-\d\d-\d\d\.json$/);
  const bundle = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(bundle.resourceType, 'Bundle');
  const resources = bundle.entry.map((e) => e.resource);
  assert.equal(resources.find((r) => r.resourceType === 'Patient').name[0].text, 'Rita Registo');
  assert.ok(resources.some((r) => r.resourceType === 'MedicationRequest' && r.medicationCodeableConcept.text.startsWith('Hydrocortisone')));
  const note = resources.find((r) => r.resourceType === 'DocumentReference');
  assert.match(Buffer.from(note.content[0].attachment.data, 'base64').toString(), /watch strap/);
  const saved = await p.getByRole('status').filter({ hasText: /^Saved \(\d+ kB\)\.$/ }).textContent();
  assert.ok(saved, 'the page says the file was saved, with its size');
  assert.deepEqual(patient.problems, []);
  await patient.context.close();
});

// vitals.test.mjs — live vital signs between two separate Chromium
// instances in a real call, and the patient's own page: without the
// "sensors" consent no sensor is offered (page and call); the patient gives
// it through its page, gives the "share" consent for this doctor in the
// call panel after its text is shown, starts the simulated heart-rate
// device, and the doctor's live chart fills (points counted, canvas drawn);
// with the doctor's threshold of 120 set on the consultation page, an alert
// banner appears once the simulated value is pushed above it; withdrawing
// consent (in the call panel, or in another tab) stops the stream at once
// and the doctor's page says so; malformed vitals messages are ignored and
// counted; the patient's /vitals page charts the stored readings; the
// doctor's alerts page gets the server's alert live and acknowledges it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { join } from 'node:path';
import { artifacts, launch } from './browser.mjs';
import { expectText, openCall, openConsultation } from './consult_pages.mjs';

let server;
const browsers = [];
let appointmentId;
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Vera Vitals' });
const patientUser = newUser({ full_name: 'Paulo Pulso' });
let call; // { doctor, patient } once connected
let alertsTab; // the doctor's /alerts page, open from the second test on

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  appointmentId = (await consultationSoon(client(server), doctorUser, patientUser)).appointment.id;
  browsers.push(await launch({ media: true }), await launch({ media: true }));
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

const HEART = '8867-4';
const SPO2 = '59408-5';
// the doctor's live chart of a measure, and how many points uPlot drew
const chart = (page, code) => page.locator(`[data-vitals="doctor"] [data-chart="${code}"]`);
const points = async (page, code) => Number(await chart(page, code).locator('[data-points]').getAttribute('data-points') ?? 0);

// How many pixels of the chart's canvas are the readings' teal (#0b6e6e,
// anti-aliased: green well above red) and the threshold's dashed red
// (#b3261e: red well above green); the grid and labels are greys.
function drawn(page, code) {
  return chart(page, code).locator('canvas').evaluate((c) => {
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const out = { line: 0, limit: 0 };
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 60 && px[i + 1] - px[i] > 50) out.line++;
      if (px[i + 3] > 60 && px[i] - px[i + 1] > 80) out.limit++;
    }
    return out;
  });
}

test('without the sensors consent no sensor is offered; the page explains and links to giving it', { timeout: 60_000 }, async () => {
  const doctor = await openConsultation(browsers[0], server, doctorUser, appointmentId);
  // the doctor sets a heart-rate threshold of 120 for this patient
  await doctor.page.getByLabel('Heart rate: alert above').fill('120');
  await doctor.page.getByRole('button', { name: 'Save thresholds' }).click();
  await expectText(doctor, 'Thresholds saved.', 'vitals');

  call = await openCall(browsers, server, { doctorUser, patientUser, appointmentId, shot: 'vitals', doctor });
  const { patient } = call;
  const panel = patient.page.locator('[data-vitals="patient"]');
  // in the call: first the share consent, with its text shown
  await panel.getByText('Share my record with a doctor').waitFor();
  await panel.getByText(/read my health record/).first().waitFor();
  await panel.getByRole('button', { name: 'Share my vital signs with Dr Vera Vitals' }).click();
  await panel.getByText('You share your vital signs with Dr Vera Vitals.', { exact: false }).waitFor();
  // no sensors consent: no sensor, an offer instead
  assert.equal(await panel.getByRole('button', { name: /simulated device|Bluetooth/ }).count(), 0);
  await panel.locator('[data-consent-offer="sensors"]').waitFor();

  // the patient's own page, in another tab: explanation and a link, no sensor
  const tab = await patient.context.newPage();
  await tab.goto('/vitals');
  await tab.getByRole('heading', { name: 'My vital signs' }).waitFor();
  await tab.locator('[data-no-sensors]').waitFor();
  assert.match(await tab.locator('[data-no-sensors]').innerText(), /not allowed telemed to read your body sensors/);
  assert.equal(await tab.getByRole('button', { name: /simulated device|Bluetooth/ }).count(), 0);
  await tab.getByRole('link', { name: 'Read what it means and allow the use of sensors' }).click();
  await tab.getByRole('heading', { name: 'Use of my body sensors' }).waitFor();
  await tab.getByRole('button', { name: 'I agree' }).click();
  await tab.getByText('You have given this consent.').waitFor();
  await tab.getByRole('link', { name: 'Back to my vital signs' }).click();
  await tab.getByRole('button', { name: 'Start the simulated device (Simulated)' }).waitFor();
  await tab.close();
  // the call page heard of it live (CONSENT) and now offers the sensors
  await panel.getByRole('button', { name: 'Start the simulated device (Simulated)' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

test('the simulated heart rate streams to the doctor\'s live chart; above 120 an alert banner appears', { timeout: 60_000 }, async () => {
  const { doctor, patient } = call;
  const panel = patient.page.locator('[data-vitals="patient"]');
  await panel.getByRole('button', { name: 'Start the simulated device (Simulated)' }).click();
  await panel.getByText('Simulated', { exact: true }).waitFor();
  await doctor.page.waitForFunction(() => Number(document.querySelector('[data-chart="8867-4"] [data-points]')?.dataset.points) >= 4,
    null, { timeout: 15_000 });
  assert.equal(await doctor.page.locator('[data-vitals="doctor"] [data-chart]').count(), 2, 'heart rate and SpO2');
  assert.ok(await points(doctor.page, SPO2) >= 4);
  const pixels = await drawn(doctor.page, HEART);
  assert.ok(pixels.line > 5, `the heart-rate line is drawn on the canvas: ${JSON.stringify(pixels)}`);
  assert.ok(pixels.limit > 5, `and the threshold of 120 as a dashed line: ${JSON.stringify(pixels)}`);
  assert.equal((await drawn(doctor.page, SPO2)).limit, 0, 'no threshold for SpO2');
  const resting = Number(await chart(doctor.page, HEART).locator('figcaption strong').innerText());
  assert.ok(resting > 55 && resting < 90, `resting ${resting}`);
  assert.equal(await doctor.page.getByRole('alert').count(), 0, 'no alert while at rest');
  // the doctor's alerts page, open in another tab, has none yet
  alertsTab = await doctor.context.newPage();
  await alertsTab.goto('/alerts');
  await alertsTab.getByText('No open alerts.').waitFor();

  await panel.getByRole('button', { name: 'Push heart rate high' }).click();
  const banner = doctor.page.locator('.vitals-alert[role="alert"]');
  await banner.waitFor({ timeout: 15_000 });
  assert.match(await banner.innerText(), /^Heart rate (\d+) \/min at \d{1,2}:\d\d( [AP]M)?: above your threshold of 120\./);
  assert.ok(Number((await banner.innerText()).match(/Heart rate (\d+)/)[1]) > 120);
  // how both sides look, for a person reviewing the run
  await doctor.page.locator('[data-vitals="doctor"]').screenshot({ path: join(artifacts, 'e2e-vitals-doctor.png') });
  await panel.screenshot({ path: join(artifacts, 'e2e-vitals-patient.png') });
  // the stored readings crossed the threshold too: the server's alert
  // reaches the open alerts page live (VITAL_ALERT), within a batch or two
  const live = alertsTab.locator('.alerts li.open').first();
  await live.waitFor({ timeout: 15_000 });
  assert.match(await live.innerText(), /Paulo Pulso: Heart rate \d+ \/min, above 120/);
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

test('malformed vitals messages are ignored and counted; nothing is charted from them', { timeout: 30_000 }, async () => {
  const { doctor, patient } = call;
  const counter = doctor.page.locator('[data-ignored]');
  const before = (await counter.count()) ? Number(await counter.getAttribute('data-ignored')) : 0;
  await patient.page.evaluate(() => {
    const ch = window.__telemedCall.channels().channel('vitals');
    for (const m of ['not json', '{"t":"reading","code":"8867-4","value":"999","unit":"/min","at":"2026-11-23T10:00:00Z"}',
      '{"t":"reading","code":"8867-4","value":72,"unit":"Cel","at":"2026-11-23T10:00:00Z"}',
      '{"t":"reading","code":"0000-0","value":72,"unit":"/min","at":"2026-11-23T10:00:00Z"}',
      '{"t":"reading","code":"8867-4","value":72,"unit":"/min","at":"soon"}',
      '{"t":"stop","reason":"<script>"}', '{"type":"reading"}']) ch.send(m);
  });
  await doctor.page.locator(`[data-ignored="${before + 7}"]`).waitFor({ timeout: 10_000 });
  assert.equal(await doctor.page.locator('[data-stopped]').count(), 0, 'no stop taken from them');
});

test('withdrawing the share consent in the call stops the stream at once; the doctor sees it stopped', { timeout: 60_000 }, async () => {
  const { doctor, patient } = call;
  const panel = patient.page.locator('[data-vitals="patient"]');
  await panel.getByRole('button', { name: 'Stop sharing with Dr Vera Vitals (withdraw consent)' }).click();
  await expectText(doctor, 'Paulo Pulso withdrew consent: the live vital signs have stopped.', 'vitals', 10_000);
  await panel.getByText('Sharing stopped: your consent was withdrawn.', { exact: false }).waitFor();
  const n = await points(doctor.page, HEART);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await points(doctor.page, HEART), n, 'no new points after the withdrawal');
  // the panel asks for the consent again
  await panel.getByRole('button', { name: 'Share my vital signs with Dr Vera Vitals' }).waitFor();
  assert.equal(await panel.getByRole('button', { name: 'Push heart rate high' }).count(), 0, 'the device is stopped');
});

test('withdrawing the sensors consent in another tab stops a running stream (CONSENT live event)', { timeout: 60_000 }, async () => {
  const { doctor, patient } = call;
  const panel = patient.page.locator('[data-vitals="patient"]');
  await panel.getByRole('button', { name: 'Share my vital signs with Dr Vera Vitals' }).click();
  await panel.getByRole('button', { name: 'Start the simulated device (Simulated)' }).click();
  const before = await points(doctor.page, HEART);
  await doctor.page.waitForFunction((n) => Number(document.querySelector('[data-chart="8867-4"] [data-points]').dataset.points) > n + 1,
    before, { timeout: 15_000 });
  assert.equal(await doctor.page.locator('[data-stopped]').count(), 0, 'streaming again');

  const tab = await patient.context.newPage();
  await tab.goto('/consent/sensors');
  await tab.getByRole('button', { name: 'Withdraw consent' }).click();
  await tab.getByText('You have not given this consent.').waitFor();
  await expectText(doctor, 'Paulo Pulso withdrew consent: the live vital signs have stopped.', 'vitals', 10_000);
  const n = await points(doctor.page, HEART);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await points(doctor.page, HEART), n, 'no new points after the withdrawal');
  await panel.locator('[data-consent-offer="sensors"]').waitFor();
  assert.equal(await panel.getByRole('button', { name: /simulated device/ }).count(), 0, 'no sensor offered any more');

  // the patient's page charts what was stored of the stream
  await tab.goto('/vitals');
  const stored = tab.locator(`[data-chart="${HEART}"]`);
  await stored.waitFor();
  const count = Number(await stored.locator('[data-points]').getAttribute('data-points'));
  assert.ok(count >= 6, `stored heart-rate readings charted: ${count}`);
  assert.match(await stored.locator('figcaption').innerText(), new RegExp(`${count} readings`));
  await tab.locator('[data-no-sensors]').waitFor();
  // a reading typed in needs no sensor consent and joins the charts
  await tab.getByLabel('Measure').selectOption({ label: 'Body temperature (°C)' });
  await tab.getByLabel('Value (°C)').fill('37.8');
  await tab.getByRole('button', { name: 'Add reading' }).click();
  const temperature = tab.locator('[data-chart="8310-5"]');
  await temperature.waitFor();
  assert.match(await temperature.locator('figcaption').innerText(), /Body temperature: 37\.8 °C[\s\S]*1 reading\b/);
  assert.equal(await temperature.locator('[data-points]').getAttribute('data-points'), '1');
  await tab.close();
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

test('device tokens: issued with the token shown once, listed, revoked', { timeout: 30_000 }, async () => {
  const tab = await call.patient.context.newPage();
  await tab.goto('/vitals');
  await tab.getByLabel('Device name').fill('Bathroom scale');
  await tab.getByRole('button', { name: 'Issue a token' }).click();
  const token = await tab.locator('[data-token]').innerText();
  assert.match(token, /^\S{20,}$/);
  await tab.locator('[data-device]', { hasText: 'Bathroom scale' }).getByText('never used').waitFor();
  await tab.reload();
  await tab.locator('[data-device]', { hasText: 'Bathroom scale' }).waitFor();
  assert.equal(await tab.locator('[data-token]').count(), 0, 'the token is not shown again');
  assert.equal((await tab.locator('main').innerText()).includes(token), false);
  await tab.getByRole('button', { name: 'Revoke the token of Bathroom scale' }).click();
  await tab.locator('[data-device]', { hasText: 'Bathroom scale' }).getByText(/^revoked /).waitFor();
  await tab.close();
  assert.deepEqual(call.patient.problems, []);
});

test('the doctor acknowledges an alert on the alerts page', { timeout: 30_000 }, async () => {
  const { doctor } = call;
  const tab = alertsTab;
  await tab.reload();
  await tab.getByRole('heading', { name: 'Vital-sign alerts' }).waitFor();
  const first = tab.locator('.alerts li.open').first();
  await first.waitFor({ timeout: 10_000 });
  assert.match(await first.innerText(), /Paulo Pulso: Heart rate \d+ \/min, above 120/);
  const open = await tab.locator('.alerts li.open').count();
  await first.getByRole('button', { name: /^Acknowledge/ }).click();
  await tab.getByText('Alert acknowledged.').waitFor();
  await tab.waitForFunction((n) => document.querySelectorAll('.alerts li.open').length === n - 1, open);
  await tab.getByLabel('Show acknowledged alerts too').check();
  await tab.locator('.alerts li.done').first().waitFor();
  assert.match(await tab.locator('.alerts li.done').first().innerText(), /acknowledged/);
  assert.deepEqual(doctor.problems, []);
});

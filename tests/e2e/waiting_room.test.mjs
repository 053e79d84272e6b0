// waiting_room.test.mjs — the doctor's waiting room in Chromium: the doctor
// leaves a note for the waiting patients; a patient opens their
// consultation; without a reload the doctor's page knocks (a WebAudio
// oscillator starts), says who has arrived and lists them with their
// reason; the patient's page shows their place in the doctor's queue and
// the note, as text. Two browser contexts, fake camera and microphone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { bookNext } from '../api/rooms.mjs';
import { artifacts, launch, login, watchedContext } from './browser.mjs';

let server;
let browser;
let appt;
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Nora Note' });
const patientUser = newUser({ full_name: 'Pia Paciente' });

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  const api = client(server);
  const doctor = await api.verifiedDoctor(await api.admin(), doctorUser);
  const patient = await api.session(patientUser);
  [appt] = await bookNext(api, doctor, [patient], ['Sore throat for a week']);
  browser = await launch({ media: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(user, path, init) {
  const { context, problems } = await watchedContext(browser, { baseURL: server.url, locale: 'en-GB' });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  await login(page, user.username, user.password);
  await page.goto(path);
  return { context, page, problems };
}

// Counts the oscillators the page starts (the knock is made of them).
function countOscillators() {
  window.__oscillators = 0;
  const make = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function createOscillator() {
    window.__oscillators++;
    return make.call(this);
  };
}

test('the patient appears in the doctor\'s waiting room with a knock; the patient sees their place and the note', { timeout: 60_000 }, async () => {
  const doctor = await open(doctorUser, '/', countOscillators);
  await doctor.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Waiting room' }).click();
  await doctor.page.getByText('Nobody is waiting right now.').waitFor();
  const note = 'Running ten minutes late <b>sorry</b>';
  await doctor.page.getByLabel('One line').fill(note);
  await doctor.page.getByRole('button', { name: 'Send note' }).click();
  await doctor.page.getByText(`They see: "${note}"`).waitFor();
  await doctor.page.evaluate(() => { window.__sameDocument = true; });

  const patient = await open(patientUser, `/consult/${appt.id}`);
  // the doctor's page, without a reload: the knock, the line, the list
  const knock = doctor.page.locator('.knock[role="status"]');
  await knock.getByText('Pia Paciente has arrived.').waitFor().catch(async (err) => {
    await doctor.page.screenshot({ path: join(artifacts, 'e2e-waiting-room-stuck.png') });
    throw new Error(`${err.message}\npage: ${await doctor.page.locator('main').innerText()}\nproblems: ${doctor.problems.join('; ')}`);
  });
  const entry = doctor.page.getByRole('listitem').filter({ hasText: 'Pia Paciente' });
  await entry.getByText('Sore throat for a week').waitFor();
  assert.ok(await doctor.page.evaluate(() => window.__sameDocument), 'the page was not reloaded');
  assert.ok(await doctor.page.evaluate(() => window.__oscillators) > 0, 'the knock sounded');
  await doctor.page.screenshot({ path: join(artifacts, 'e2e-waiting-room.png') });

  // the patient's page: their place, and the note as text, not markup
  await patient.page.getByText('You are next in Dr Nora Note\'s queue.').waitFor();
  const shown = patient.page.locator('.note-text');
  await shown.waitFor();
  assert.equal(await shown.textContent(), note);
  assert.equal(await patient.page.locator('.queue-place b').count(), 0);
  await patient.page.screenshot({ path: join(artifacts, 'e2e-waiting-room-patient.png') });

  // the button opens the consultation, where the existing call flow runs
  await entry.getByRole('button', { name: 'Open the consultation with Pia Paciente' }).click();
  await doctor.page.waitForURL(`**/consult/${appt.id}`);
  await doctor.page.getByText('Pia Paciente is in the waiting room.').waitFor({ timeout: 15_000 });
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
  await doctor.context.close();
  await patient.context.close();
});

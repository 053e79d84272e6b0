// dropin.test.mjs — the drop-in queue in the browser: a patient joins and
// sees their place, the doctor goes on duty, sees the request and takes it,
// the patient's page follows by itself and the appointment is under
// Bookings; the doctor lands in the agenda. Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, demoServer } from './browser.mjs';

const { signIn } = demoServer();

test('drop-in: a patient joins, the doctor on duty takes them, the patient finds it under Bookings', async () => {
  const patient = await signIn('maria', 'telemed-patient-1');
  const p = patient.page;
  await p.getByRole('navigation').getByRole('link', { name: 'Drop-in' }).click();
  await p.getByLabel('Specialty').selectOption({ label: 'General practice' });
  await p.getByLabel('What troubles you?').fill('Sudden rash on both arms');
  await p.getByRole('button', { name: 'Join the queue' }).click();
  await p.getByText('You are number 1 in line.').waitFor();
  await p.getByText('No doctor is on duty right now; you keep your place.').waitFor();

  const doctor = await signIn('drsilva', 'telemed-doctor-1');
  const d = doctor.page;
  await d.getByRole('navigation').getByRole('link', { name: 'Drop-in' }).click();
  await d.getByText('1 waiting').waitFor();
  assert.equal(await d.getByRole('button', { name: 'Take next patient' }).isDisabled(), true);
  await d.getByRole('switch', { name: 'On duty' }).check();
  const waiting = d.locator('li.appointment', { hasText: 'Sudden rash on both arms' });
  await waiting.waitFor();
  assert.ok(!(await waiting.textContent()).includes('Maria'), 'no names in the queue');
  // the patient's page follows by itself: a doctor is on duty now
  await p.getByText('You are next: a doctor on duty will take you soon.').waitFor();
  await p.screenshot({ path: join(artifacts, 'e2e-dropin-waiting.png') });
  await d.screenshot({ path: join(artifacts, 'e2e-dropin-queue.png') });
  await d.getByRole('button', { name: 'Take next patient' }).click();
  await d.getByRole('heading', { name: 'Agenda' }).waitFor();
  await d.locator('li.appointment', { hasText: 'Maria Santos' }).filter({ hasText: 'Sudden rash' }).waitFor();

  await p.getByText('Ana Silva will see you now.').waitFor();
  await p.getByRole('main').getByRole('link', { name: 'Bookings' }).click();
  const booking = p.locator('li.appointment', { hasText: 'with Ana Silva' });
  await booking.waitFor();
  const today = new Date().toLocaleDateString('en', { timeZone: 'Europe/Lisbon', dateStyle: 'medium' });
  assert.match(await booking.textContent(), new RegExp(`^${today}.*Booked`), 'today, starting now');
  await p.screenshot({ path: join(artifacts, 'e2e-dropin-booked.png') });
  assert.deepEqual(patient.problems, []);
  assert.deepEqual(doctor.problems, []);
  await doctor.context.close();
  await patient.context.close();
});

// intake.test.mjs — a doctor writes an intake questionnaire on the Schedule
// page (adding, reordering and removing questions), a patient answers it in
// the booking dialog (the browser holds back a booking with a required
// question unanswered), and the doctor reads the answers in the agenda.
// Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, demoServer } from './browser.mjs';

const { signIn } = demoServer();

const question = (page, n) => page.getByRole('group', { name: `Question ${n}`, exact: true });

test('a doctor defines a questionnaire, a patient answers it while booking, the doctor reads the answers', async () => {
  const doctor = await signIn('drsilva', 'telemed-doctor-1');
  const d = doctor.page;
  await d.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
  await d.getByRole('heading', { name: 'Intake questionnaire' }).waitFor();
  for (let i = 0; i < 4; i++) await d.getByRole('button', { name: 'Add question' }).click();
  await question(d, 1).getByLabel('Question', { exact: true }).fill('Where does it hurt?');
  await question(d, 1).getByLabel('Answer').selectOption({ label: 'Choice' });
  await question(d, 1).getByLabel('Options').fill('Head\nChest\nBelly');
  await question(d, 2).getByLabel('Question', { exact: true }).fill('Do you have a fever?');
  await question(d, 2).getByLabel('Answer').selectOption({ label: 'Yes or no' });
  await question(d, 2).getByLabel('Required').check();
  await question(d, 3).getByLabel('Question', { exact: true }).fill('To be removed');
  await question(d, 4).getByLabel('Question', { exact: true }).fill('Temperature (°C)');
  await question(d, 4).getByLabel('Answer').selectOption({ label: 'Number' });
  await question(d, 4).getByLabel('Lowest').fill('35');
  await question(d, 4).getByLabel('Highest').fill('43');
  await d.getByRole('button', { name: 'Remove question 3' }).click();
  await d.getByRole('button', { name: 'Move question 2 up' }).click();
  assert.equal(await question(d, 1).getByLabel('Question', { exact: true }).inputValue(), 'Do you have a fever?');
  assert.equal(await question(d, 3).getByLabel('Question', { exact: true }).inputValue(), 'Temperature (°C)');
  await d.getByRole('button', { name: 'Save questionnaire' }).click();
  await d.getByRole('status').filter({ hasText: 'Questionnaire saved (version 1).' }).waitFor();
  await d.screenshot({ path: join(artifacts, 'e2e-questionnaire-editor.png'), fullPage: true });
  await d.reload();
  await question(d, 3).waitFor();
  assert.equal(await question(d, 2).getByLabel('Options').inputValue(), 'Head\nChest\nBelly');
  assert.equal(await question(d, 1).getByLabel('Required').isChecked(), true);

  const patient = await signIn('maria', 'telemed-patient-1');
  const p = patient.page;
  await p.goto('/doctors');
  await p.locator('li.doctor', { hasText: 'Ana Silva' }).getByRole('link', { name: 'See profile and book' }).click();
  await p.getByRole('heading', { name: 'Ana Silva' }).waitFor();
  await p.getByRole('button', { name: 'Next week' }).click();
  await p.waitForFunction(() => {
    const monday = Date.parse(document.querySelector('[data-week]').dataset.week);
    const first = document.querySelector('button.slot.free');
    return first && Date.parse(first.getAttribute('data-start')) >= monday;
  });
  await p.locator('button.slot.free').first().click();
  const dialog = p.getByRole('dialog');
  await dialog.getByRole('group', { name: 'Do you have a fever? *' }).waitFor();
  await dialog.getByLabel('Subject').fill('Cough and fever');
  await dialog.getByLabel('Temperature (°C)').fill('38.5');
  await dialog.getByRole('button', { name: 'Book', exact: true }).click();
  // the required question holds the booking back in the browser
  assert.equal(await dialog.getByRole('radio', { name: 'Yes' }).evaluate((el) => el.validity.valueMissing), true);
  assert.equal(await dialog.isVisible(), true);
  await dialog.getByRole('radio', { name: 'Yes' }).check();
  await dialog.getByLabel('Where does it hurt?').selectOption('Chest');
  await p.screenshot({ path: join(artifacts, 'e2e-booking-intake.png') });
  await dialog.getByRole('button', { name: 'Book', exact: true }).click();
  await p.getByRole('status').filter({ hasText: 'Booked:' }).waitFor();
  await p.goto('/bookings');
  const mine = p.locator('li.appointment', { hasText: 'with Ana Silva' });
  await mine.waitFor();
  assert.match(await mine.textContent(), /Do you have a fever\?\s*Yes/);

  await d.getByRole('navigation').getByRole('link', { name: 'Drop-in' }).click();
  await d.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
  const entry = d.locator('li.appointment', { hasText: 'Maria Santos' });
  await entry.waitFor();
  const text = await entry.textContent();
  assert.match(text, /Do you have a fever\?\s*Yes/);
  assert.match(text, /Where does it hurt\?\s*Chest/);
  assert.match(text, /Temperature \(°C\)\s*38\.5/);
  await d.screenshot({ path: join(artifacts, 'e2e-agenda-intake.png'), fullPage: true });
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
  await doctor.context.close();
  await patient.context.close();
});

// specialties.test.mjs — an administrator adds a specialty on the
// Specialties page (its id proposed from the name), renames it and removes
// it; a patient's specialty filter follows each change; a specialty doctors
// practise cannot be removed and the page says why. Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, demoServer } from './browser.mjs';

const { signIn } = demoServer();

// The names the patient's search page offers as specialties.
async function offered(page) {
  await page.goto('/doctors');
  const select = page.getByLabel('Specialty');
  await select.locator('option', { hasText: 'Cardiology' }).waitFor({ state: 'attached' });
  return select.locator('option').allTextContents();
}

test('an administrator adds, renames and removes a specialty; patients see the list change', async () => {
  const admin = await signIn('admin', 'telemed-admin-1');
  const a = admin.page;
  await a.getByRole('navigation').getByRole('link', { name: 'Specialties' }).click();
  await a.getByRole('heading', { name: 'Specialties', level: 1 }).waitFor();
  const form = a.locator('form', { has: a.getByRole('heading', { name: 'Add a specialty' }) });
  await form.getByLabel('Name').fill('Médecine du sommeil');
  assert.equal(await form.getByLabel('Id (in links and filters)').inputValue(), 'medecine-du-sommeil');
  await form.getByLabel('Id (in links and filters)').fill('sleep');
  await form.getByRole('button', { name: 'Add' }).click();
  await a.getByRole('status').filter({ hasText: 'Médecine du sommeil added.' }).waitFor();
  await a.getByRole('row', { name: /Médecine du sommeil sleep/ }).waitFor();

  const patient = await signIn('maria', 'telemed-patient-1');
  assert.ok((await offered(patient.page)).includes('Médecine du sommeil'));

  await a.getByRole('button', { name: 'Rename Médecine du sommeil' }).click();
  await a.getByLabel('New name for Médecine du sommeil').fill('Sleep medicine');
  await a.getByRole('button', { name: 'Save' }).click();
  await a.getByRole('status').filter({ hasText: 'Renamed to Sleep medicine.' }).waitFor();
  const renamed = await offered(patient.page);
  assert.ok(renamed.includes('Sleep medicine') && !renamed.includes('Médecine du sommeil'));

  // Ana Silva practises general practice: it stays, and the page says why
  await a.getByRole('button', { name: 'Remove General practice' }).click();
  await a.getByRole('alert').filter({ hasText: /^In use/ }).waitFor();
  await a.screenshot({ path: join(artifacts, 'e2e-admin-specialties.png'), fullPage: true });
  await a.getByRole('button', { name: 'Remove Sleep medicine' }).click();
  await a.getByRole('status').filter({ hasText: 'Sleep medicine removed.' }).waitFor();
  await a.getByRole('row', { name: /Sleep medicine/ }).waitFor({ state: 'detached' });
  const after = await offered(patient.page);
  assert.ok(!after.includes('Sleep medicine') && after.includes('General practice'));
  for (const s of [admin, patient]) assert.deepEqual(s.problems, []);
});

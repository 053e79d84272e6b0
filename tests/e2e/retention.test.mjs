// retention.test.mjs — an administrator's data-protection pages: on
// Retention, how long the clinic keeps a kind of data, a purge run at once
// and the last run; on Research, the de-identified export of consenting
// patients as a file. Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifacts, demoServer } from './browser.mjs';

const { signIn } = demoServer();

test('an administrator sets a retention period and purges now', async () => {
  const admin = await signIn('admin', 'telemed-admin-1');
  const a = admin.page;
  await a.getByRole('navigation').getByRole('link', { name: 'Retention' }).click();
  await a.getByRole('heading', { name: 'Retention', level: 1 }).waitFor();
  const field = a.getByLabel('Days to keep Notifications');
  assert.equal(await field.inputValue(), '365');
  await field.fill('120');
  await a.getByRole('button', { name: 'Save' }).click();
  await a.getByRole('status').filter({ hasText: 'Retention periods saved.' }).waitFor();
  await a.reload();
  assert.equal(await a.getByLabel('Days to keep Notifications').inputValue(), '120', 'kept');
  await a.getByLabel('Days to keep Messages').fill('0');
  await a.getByRole('button', { name: 'Save' }).click();
  assert.equal(await a.getByLabel('Days to keep Messages').evaluate((el) => el.validity.valid), false, 'the browser refuses 0 days');
  await a.getByLabel('Days to keep Messages').fill('2190');
  await a.getByRole('button', { name: 'Purge now' }).click();
  await a.getByRole('status').filter({ hasText: 'Purge done.' }).waitFor();
  const last = a.locator('section', { has: a.getByRole('heading', { name: 'Last purge' }) });
  await last.getByText('by an administrator').waitFor();
  assert.match(await a.locator('ul.purged').textContent(), /Records of erased patients: 0/);
  await a.screenshot({ path: join(artifacts, 'e2e-retention.png'), fullPage: true });
  assert.deepEqual(admin.problems, []);
});

test('an administrator exports the records of consenting patients for research, as a file', async () => {
  const admin = await signIn('admin', 'telemed-admin-1');
  const a = admin.page;
  await a.getByRole('navigation').getByRole('link', { name: 'Research' }).click();
  await a.getByRole('heading', { name: 'Research', level: 1 }).waitFor();
  const [download] = await Promise.all([
    a.waitForEvent('download'),
    a.getByRole('button', { name: 'Export for research' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^telemed-research-\d{4}-\d\d-\d\d\.json$/);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(data.k, 5);
  assert.equal(data.patients, 0, 'no demo patient consented to research');
  await a.getByRole('status').filter({ hasText: '0 patients exported.' }).waitFor();
  assert.deepEqual(admin.problems, []);
});

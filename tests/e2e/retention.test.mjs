// retention.test.mjs — an administrator sets how long the clinic keeps a
// kind of data on the Retention page, runs the purge at once, and sees the
// last run (the server's own daily one first). Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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

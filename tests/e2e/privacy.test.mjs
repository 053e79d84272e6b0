// privacy.test.mjs — the privacy console in real Chromium (issue 8): a
// patient gives and withdraws consents on the privacy page (one shared with
// their own doctor) and sees the history and who accessed their data; an
// administrator records a breach touching that patient, who sees the banner
// on their next visit and acknowledges it, and the administrator then sees
// the acknowledgement. Real server, real browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from '../api/people.mjs';
import { bookNext } from '../api/rooms.mjs';
import { artifacts, launch, signedIn } from './browser.mjs';

let server, browser, api, patient, doctor;
const patientUser = newUser({ full_name: 'Priya Privacy' });

before(async () => {
  server = await startServer();
  api = client(server);
  const admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Sofia Share' });
  patient = await patientSession(api, patientUser);
  await bookNext(api, doctor, [patient.token], ['Migraine']);
  // the doctor sees the booking: a read of the patient's data by someone else
  assert.equal((await api.get('/api/v1/appointments', { token: doctor.token })).status, 200);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a patient gives and withdraws consents and sees the history and who accessed their data', async () => {
  const { page: p, problems } = await signedIn(browser, server.url, patientUser.username, patientUser.password);
  await p.getByRole('navigation').getByRole('link', { name: 'Privacy' }).click();
  await p.getByRole('heading', { name: 'My consents' }).waitFor();

  const sensors = p.locator('li.consent[data-purpose="sensors"]');
  await sensors.getByRole('heading', { name: 'Use of my body sensors' }).waitFor();
  assert.equal(await sensors.locator('[data-state]').textContent(), 'Not given');
  await p.getByRole('button', { name: 'Give consent: Use of my body sensors' }).click();
  await p.getByRole('status').filter({ hasText: 'Your consent is recorded.' }).waitFor();
  await sensors.locator('[data-state="given"]').waitFor();
  await p.getByRole('button', { name: 'Withdraw consent: Use of my body sensors' }).click();
  await sensors.locator('[data-state="withdrawn"]').waitFor();

  // sharing with the patient's own doctor, by name
  const share = p.locator('li.consent[data-purpose="share"]');
  await share.getByLabel('Share with').selectOption({ label: 'Dr Sofia Share' });
  await share.getByRole('button', { name: 'Give consent' }).click();
  await share.getByText('Shared with Dr Sofia Share').waitFor();

  const history = p.locator('table.consent-history tbody tr');
  await p.waitForFunction(() => document.querySelectorAll('table.consent-history tbody tr').length === 3);
  const rows = await history.allTextContents();
  assert.match(rows[0], /Give consent: .*Dr Sofia Share.*in force/);
  assert.match(rows[1], /Withdraw: Use of my body sensors.*in force/);
  assert.match(rows[2], /Give consent: Use of my body sensors.*superseded/);

  // the server holds what the page shows
  const mine = (await api.get('/api/v1/me/consents', { token: patient.token })).json;
  assert.deepEqual(mine.current.filter((r) => r.given).map((r) => [r.purpose, r.doctor && r.doctor.id]), [['share', doctor.id]]);

  // who accessed my data: the doctor's sight of the booking, not the patient's own actions
  const log = p.locator('table.access-log tbody tr');
  await log.first().waitFor();
  const entries = await log.allTextContents();
  assert.ok(entries.some((e) => /Dr Sofia Share.*Doctor.*Saw your booking.*Your care/.test(e)), entries.join('\n'));
  assert.ok(entries.every((e) => !e.includes('Priya Privacy')));
  await p.screenshot({ path: join(artifacts, 'e2e-privacy-patient.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('an administrator records a breach; the patient sees the banner and acknowledges it; the administrator sees that', async () => {
  const admin = await signedIn(browser, server.url, 'boss', 'the boss password');
  const a = admin.page;
  await a.getByRole('navigation').getByRole('link', { name: 'Breaches' }).click();
  await a.getByLabel('Title').fill('Misdirected e-mail');
  await a.getByLabel('What happened').fill('An appointment list was e-mailed to the wrong address.');
  await a.getByLabel('Discovered at').fill('2026-01-15T09:30');
  await a.getByLabel('Only the accounts I list').check();
  await a.getByLabel('User ids, one a line').fill(patient.id);
  await a.getByRole('button', { name: 'Record and notify' }).click();
  await a.getByRole('status').filter({ hasText: 'The breach is recorded' }).waitFor();
  const breach = a.locator('article.breach', { hasText: 'Misdirected e-mail' });
  assert.equal(await breach.locator('.counts').textContent(), '1 affected · 0 told · 0 acknowledged');

  // the patient's next visit: the banner, on whatever page they open
  const { page: p, problems } = await signedIn(browser, server.url, patientUser.username, patientUser.password);
  const banner = p.locator('.breach-banner');
  await banner.getByText('The clinic reports a data breach that may affect you: Misdirected e-mail').click();
  await banner.getByText('An appointment list was e-mailed to the wrong address.').waitFor();
  await p.getByRole('navigation').getByRole('link', { name: 'Bookings' }).click();
  assert.equal(await banner.count(), 1, 'the banner stays until acknowledged');
  await banner.getByRole('button', { name: 'I have read this' }).click();
  await p.getByRole('status').filter({ hasText: 'your acknowledgement is recorded' }).waitFor();
  await banner.waitFor({ state: 'detached' });
  // the privacy page keeps the notice, acknowledged
  await p.getByRole('navigation').getByRole('link', { name: 'Privacy' }).click();
  await p.locator('article.breach-notice', { hasText: 'Misdirected e-mail' }).getByText(/^Acknowledged /).waitFor();
  assert.deepEqual(problems, []);

  await a.getByRole('button', { name: 'Refresh' }).click();
  await breach.locator('.counts', { hasText: '1 affected · 1 told · 1 acknowledged' }).waitFor();
  await breach.getByText('Who has been told').click();
  const row = breach.locator('tr', { hasText: 'Priya Privacy' });
  await row.locator('td[data-acknowledged="true"]').waitFor();
  await a.screenshot({ path: join(artifacts, 'e2e-privacy-admin.png'), fullPage: true });
  assert.deepEqual(admin.problems, []);
});

test('an administrator locks an account, finds it in the filtered audit log, verifies the chain and unlocks it', async () => {
  const { page: p } = await signedIn(browser, server.url, patientUser.username, patientUser.password);
  const admin = await signedIn(browser, server.url, 'boss', 'the boss password');
  const a = admin.page;
  await a.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
  await a.getByRole('button', { name: 'Lock Priya Privacy' }).click();
  await a.getByRole('status').filter({ hasText: 'Priya Privacy is locked; their sessions have ended.' }).waitFor();
  await a.locator('tr', { hasText: 'Priya Privacy' }).getByText('Locked').waitFor();

  // the patient's open page is told at once and returns to the login screen; logging in is refused
  await p.getByRole('status').filter({ hasText: 'This account is locked. Ask the clinic to unlock it.' }).waitFor();
  assert.equal((await p.evaluate(() => fetch('/api/v1/me').then((r) => r.status))), 403, 'the session has ended');
  await p.getByLabel('Username').fill(patientUser.username);
  await p.getByLabel('Password').fill(patientUser.password);
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByRole('alert').filter({ hasText: 'This account is locked' }).waitFor();

  await a.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  await a.getByLabel('Action (or a prefix ending in ".")').fill('user.lock');
  await a.getByRole('button', { name: 'Apply' }).click();
  await a.waitForFunction(() => [...document.querySelectorAll('table.audit tbody tr')].every((r) => r.textContent.includes('user.lock')));
  assert.equal(await a.locator('table.audit tbody tr').count(), 1);
  await a.getByRole('button', { name: 'Verify the chain' }).click();
  await a.getByTestId('verify-result').filter({ hasText: /^The audit chain is whole: \d+ events\.$/ }).waitFor();

  await a.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
  await a.getByRole('button', { name: 'Unlock Priya Privacy' }).click();
  await a.getByRole('status').filter({ hasText: 'Priya Privacy can log in again.' }).waitFor();
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.getByRole('heading', { name: /^Welcome/ }).waitFor();
  assert.deepEqual(admin.problems, []);
});

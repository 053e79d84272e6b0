// booking.test.mjs — a patient searches "flu", opens a general practitioner,
// books a slot next week and finds it under Bookings; the doctor sees it in
// the agenda. Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, demoServer, login, watchedContext } from './browser.mjs';

const rig = demoServer();

test('search "flu", book a general practitioner, see it in Bookings and in the agenda', async () => {
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url, timezoneId: 'Europe/Lisbon', locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, 'maria', 'telemed-patient-1');
  await page.getByRole('navigation').getByRole('link', { name: 'Doctors' }).click();
  await page.getByLabel('Find a doctor').fill('flu');
  await page.getByRole('button', { name: 'Search' }).click();
  const card = page.locator('li.doctor', { hasText: 'Ana Silva' });
  await card.waitFor();
  assert.match(await card.textContent(), /General practice/);
  await page.screenshot({ path: join(artifacts, 'e2e-search-flu.png') });
  await card.getByRole('link', { name: 'See profile and book' }).click();
  await page.getByRole('heading', { name: 'Ana Silva' }).waitFor();
  await page.locator('button.slot').first().waitFor();
  const thisWeek = await page.getByRole('heading', { name: /^Week of/ }).textContent();
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.getByRole('heading', { name: /^Week of/ }).filter({ hasNotText: thisWeek }).waitFor();
  // next week's slots: all of them start after the heading's Monday
  await page.waitForFunction(() => {
    const monday = Date.parse(document.querySelector('[data-week]').dataset.week);
    const first = document.querySelector('button.slot');
    return first && Date.parse(first.getAttribute('data-start')) >= monday;
  });
  const free = page.locator('button.slot.free').first();
  await free.waitFor();
  const label = await free.getAttribute('aria-label');
  await free.click();
  await page.getByLabel('Subject').fill('Flu for three days');
  await page.getByLabel('Description (optional)').fill('Fever and cough since Friday');
  await page.screenshot({ path: join(artifacts, 'e2e-booking-dialog.png') });
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Booked:' }).waitFor();
  // the slot is now taken and cannot be picked again
  await page.getByRole('button', { name: `${label} (busy)` }).waitFor();
  assert.equal(await page.getByRole('button', { name: `${label} (busy)` }).isDisabled(), true);

  await page.getByRole('navigation').getByRole('link', { name: 'Bookings' }).click();
  const booking = page.locator('li.appointment', { hasText: 'with Ana Silva' });
  await booking.waitFor();
  assert.match(await booking.textContent(), /Booked/);
  const ics = await booking.getByRole('link', { name: /Add to calendar/ }).getAttribute('href');
  const file = await page.evaluate(async (href) => {
    const r = await fetch(href);
    return { status: r.status, text: await r.text() };
  }, ics);
  assert.equal(file.status, 200);
  assert.match(file.text, /BEGIN:VEVENT[\s\S]*Video consultation with Dr Ana Silva/);
  await page.screenshot({ path: join(artifacts, 'e2e-bookings.png') });
  assert.deepEqual(problems, []);

  const { context: doctorContext, problems: doctorProblems } = await watchedContext(rig.browser, { baseURL: rig.server.url, timezoneId: 'Europe/Lisbon', locale: 'en-GB' });
  const doctorPage = await doctorContext.newPage();
  await login(doctorPage, 'drsilva', 'telemed-doctor-1');
  await doctorPage.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
  const entry = doctorPage.locator('li.appointment', { hasText: 'Maria Santos' });
  await entry.waitFor();
  assert.match(await entry.textContent(), /Flu for three days/);
  await doctorPage.screenshot({ path: join(artifacts, 'e2e-doctor-agenda.png') });
  assert.deepEqual(doctorProblems, []);
  await doctorContext.close();
  await context.close();
});

test('a doctor edits their weekly hours', async () => {
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url });
  const page = await context.newPage();
  await login(page, 'drsilva', 'telemed-doctor-1');
  await page.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
  await page.getByRole('heading', { name: 'Your hours' }).waitFor();
  await page.getByLabel('Saturday', { exact: true }).check();
  await page.getByLabel('Saturday start').fill('10:00');
  await page.getByLabel('Saturday end').fill('12:00');
  await page.getByRole('button', { name: 'Save hours' }).click();
  await page.getByRole('status').filter({ hasText: 'Hours saved.' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Your hours' }).waitFor();
  assert.equal(await page.getByLabel('Saturday', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('Saturday start').inputValue(), '10:00');
  assert.deepEqual(problems, []);
  await context.close();
});

// bookings.test.mjs — what the Bookings page adds to a booking: a patient
// moves one to another slot through the week calendar and sees the new time;
// START stays disabled and says when it opens for a booking next week; the
// consultation window's edges; and the review of a fulfilled consultation,
// given once. Real server with demo data, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { artifacts, demoServer, login, watchedContext } from './browser.mjs';

const rig = demoServer();

// Books, through the API as the signed-in page, the first free slot of Ana
// Silva's next week; returns the appointment.
function bookNextWeek(page) {
  return page.evaluate(async () => {
    const call = async (method, path, body) => {
      const r = await fetch('/api/v1' + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body && JSON.stringify(body) });
      return r.json();
    };
    const doctor = (await call('GET', '/doctors?q=' + encodeURIComponent('Ana Silva'))).doctors[0];
    const from = new Date(Date.now() + 7 * 86400000);
    const to = new Date(from.getTime() + 7 * 86400000);
    const { slots } = await call('GET', `/doctors/${doctor.id}/slots?from=${from.toISOString()}&to=${to.toISOString()}`);
    const slot = slots.find((s) => s.status === 'free');
    return (await call('POST', '/appointments', { doctor_id: doctor.id, start: slot.start, reason: 'Check-up' })).appointment;
  });
}

test('a patient reschedules a booking and sees the new time; START waits for its window', async () => {
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url, timezoneId: 'Europe/Lisbon', locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, 'maria', 'telemed-patient-1');
  const booked = await bookNextWeek(page);
  assert.equal(booked.status, 'booked');
  await page.getByRole('navigation').getByRole('link', { name: 'Bookings' }).click();
  const item = page.locator(`li.appointment[data-id="${booked.id}"]`);
  await item.waitFor();
  const oldText = await item.locator('strong').textContent();

  // START: disabled, saying when it opens (10 minutes before the start)
  const start = item.getByRole('button', { name: 'Start' });
  assert.equal(await start.isDisabled(), true);
  const opens = new Date(Date.parse(booked.start) - 10 * 60000);
  const openText = await page.evaluate((iso) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }), opens.toISOString());
  const note = item.locator(`#start-note-${booked.id}`);
  assert.equal(await note.textContent(), `Opens ${openText}`);
  assert.equal(await start.getAttribute('aria-describedby'), `start-note-${booked.id}`);
  await page.screenshot({ path: join(artifacts, 'e2e-bookings-start.png') });

  // Reschedule: the calendar opens on the booking's week; pick another free slot
  await item.getByRole('button', { name: /^Reschedule/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: /^Move the booking of/ }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Move booking' }).isDisabled(), true, 'nothing picked yet');
  const own = dialog.locator(`button.slot[data-start="${booked.start}"]`);
  await own.waitFor();
  assert.equal(await own.isDisabled(), true, 'the booking\'s own slot is taken');
  const free = dialog.locator('button.slot.free').nth(1);
  const newStart = await free.getAttribute('data-start');
  const label = await free.getAttribute('aria-label');
  await free.click();
  await dialog.getByRole('status').filter({ hasText: `New time: ${label}` }).waitFor();
  await page.screenshot({ path: join(artifacts, 'e2e-reschedule-dialog.png') });
  await dialog.getByRole('button', { name: 'Move booking' }).click();
  await page.locator('p.status').filter({ hasText: `Moved to ${label}.` }).waitFor();
  assert.equal(await dialog.count(), 0, 'the dialog closed');
  await page.waitForFunction(([id, old]) => {
    const s = document.querySelector(`li.appointment[data-id="${id}"] strong`);
    return s && s.textContent !== old;
  }, [booked.id, oldText]);
  assert.ok((await item.locator('strong').textContent()).startsWith(label), 'the list shows the new time');
  const now = await page.evaluate(async (id) => (await (await fetch(`/api/v1/appointments/${id}`)).json()).appointment.start, booked.id);
  assert.equal(now, newStart);
  await page.screenshot({ path: join(artifacts, 'e2e-bookings-moved.png') });
  // the consultation's own page (the room comes later) says it has not opened
  await page.goto(`/consult/${booked.id}`);
  await page.getByRole('heading', { name: 'Consultation' }).waitFor();
  await page.getByText('This consultation has not opened yet.').waitFor();
  assert.match(await page.locator('main').textContent(), /with Ana Silva/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the consultation window opens 10 minutes before the start and closes 30 minutes after the end', async () => {
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url });
  const page = await context.newPage();
  await page.goto('/');
  const states = await page.evaluate(async () => {
    const { windowState } = await import('/js/consult_window.js');
    const a = { start: '2027-01-04T10:00:00Z', end: '2027-01-04T10:30:00Z' };
    return ['09:49:59', '09:50:00', '10:15:00', '11:00:00', '11:00:01']
      .map((t) => windowState(a, Date.parse(`2027-01-04T${t}Z`)));
  });
  assert.deepEqual(states, ['early', 'open', 'open', 'open', 'over']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('after a fulfilled consultation the patient reviews it once from Past', async () => {
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url, locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, 'maria', 'telemed-patient-1');
  const booked = await bookNextWeek(page);
  // the consultation itself is a later part: here the store says it took place yesterday
  const day = 86400000;
  const start = Date.now() - day;
  execFileSync('sqlite3', [join(rig.server.dataDir, 'telemed.db'),
    `UPDATE appointments SET status = 'fulfilled', start_at = ${start}, end_at = ${start + 1800000} WHERE id = '${booked.id}'`]);
  await page.getByRole('navigation').getByRole('link', { name: 'Bookings' }).click();
  await page.getByRole('tab', { name: 'Past' }).click();
  const item = page.locator(`li.appointment[data-id="${booked.id}"]`);
  await item.waitFor();
  assert.equal(await item.getByRole('button', { name: 'Start' }).count(), 0, 'no START after the window');
  await item.getByRole('group', { name: 'Rate your consultation with Ana Silva' }).waitFor();
  await item.getByLabel('4 of 5 stars').check();
  await item.getByLabel('Comment (optional)').fill('Clear and kind');
  await page.screenshot({ path: join(artifacts, 'e2e-review.png') });
  await item.getByRole('button', { name: 'Send review' }).click();
  await page.locator('p.status').filter({ hasText: 'Thank you for your review.' }).waitFor();
  await item.getByText('You reviewed this consultation.').waitFor();
  assert.equal(await item.getByRole('button', { name: 'Send review' }).count(), 0, 'shown once');
  const profile = await page.evaluate(async () => {
    const d = (await (await fetch('/api/v1/doctors?q=' + encodeURIComponent('Ana Silva'))).json()).doctors[0];
    return (await (await fetch(`/api/v1/doctors/${d.id}`)).json()).doctor;
  });
  assert.ok(profile.reviews.some((r) => r.rating === 4 && r.comment === 'Clear and kind'));
  assert.deepEqual(problems, []);
  await context.close();
});

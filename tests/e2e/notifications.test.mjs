// notifications.test.mjs — a doctor's open page learns of a new booking at
// once: the header's unread badge appears without a reload, a browser
// notification is raised (permission granted), and the Notifications page
// says who booked and when, then the badge goes. Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, bookDemoDoctor, demoServer, login, watchedContext } from './browser.mjs';

const rig = demoServer();

test('a booking reaches the doctor\'s open page live, with a badge and a browser notification', async () => {
  const { server, browser } = rig;
  const options = { baseURL: server.url, timezoneId: 'Europe/Lisbon', locale: 'en-GB' };
  const { context: dctx, problems: dproblems } = await watchedContext(browser, options);
  await dctx.grantPermissions(['notifications'], { origin: server.url });
  // record the browser notifications the page raises
  await dctx.addInitScript(() => {
    window.__raised = [];
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title, opts) { super(title, opts); window.__raised.push(opts.body); }
    }
    window.Notification = Recording;
  });
  const doctor = await dctx.newPage();
  await login(doctor, 'drsilva', 'telemed-doctor-1');
  assert.equal(await doctor.getByTestId('unread').count(), 0);

  const { context: pctx, problems: pproblems } = await watchedContext(browser, options);
  const patient = await pctx.newPage();
  await login(patient, 'maria', 'telemed-patient-1');
  const booked = {
    ...await bookDemoDoctor(patient, 'Headache'),
    patient: await patient.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.full_name),
  };
  assert.equal(booked.status, 201);

  // no reload: the badge comes over the WebSocket
  await doctor.getByTestId('unread').filter({ hasText: '1' }).waitFor();
  await doctor.waitForFunction(() => window.__raised.length === 1);
  const raised = await doctor.evaluate(() => window.__raised[0]);
  assert.match(raised, new RegExp(`^${booked.patient} booked a consultation for `));
  assert.ok(!raised.includes('Headache'), 'no reason in a notification');
  await doctor.screenshot({ path: join(artifacts, 'e2e-notification-badge.png') });

  await doctor.getByRole('link', { name: /Notifications \(1 unread\)/ }).click();
  const item = doctor.locator('ul.notifications li').first();
  await item.waitFor();
  assert.match(await item.textContent(), new RegExp(`${booked.patient} booked a consultation for`));
  await doctor.getByTestId('unread').waitFor({ state: 'detached' });
  await doctor.screenshot({ path: join(artifacts, 'e2e-notifications.png') });
  assert.deepEqual(dproblems, []);
  assert.deepEqual(pproblems, []);
  await dctx.close();
  await pctx.close();
});

// profile.test.mjs — the profile's newer parts: a doctor uploads a photo that
// patients then see in search results and on the profile (initials where
// there is none), and a private calendar link that works without a session
// until it is revoked, and a patient who erases their account. Real server
// with demo data, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, demoServer, login, watchedContext } from './browser.mjs';
import { client, newUser } from '../api/client.mjs';

const rig = demoServer();

// A 2×2 PNG (teal pixels).
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGPgzssDIgYIBQAXxgOdk27LPgAAAABJRU5ErkJggg==', 'base64');

test('a doctor uploads a photo; patients see it in search results and on the profile', async () => {
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url, locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, 'drsilva', 'telemed-doctor-1');
  await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('heading', { name: 'Your photo' }).waitFor();
  const editor = page.locator('section.photo-editor');
  assert.equal(await editor.locator('.avatar.initials').textContent(), 'AS', 'initials before any photo');
  await page.getByLabel('Upload a photo').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: png });
  await page.locator('p.status').filter({ hasText: 'Photo saved.' }).waitFor();
  const img = editor.locator('img.avatar');
  await img.waitFor();
  assert.match(await img.getAttribute('src'), /\/photo\?v=[0-9a-f]{16}$/);
  assert.equal(await img.evaluate((el) => el.decode().then(() => el.naturalWidth)), 2, 'the browser decoded it');
  // 2 MiB, the most, arrives whole (over HTTP/1.1, which the server prefers
  // for browsers while libwebsockets 4.1.6's HTTP/2 mishandles bodies)
  const most = Buffer.alloc(2 * 1024 * 1024);
  png.copy(most); // decoders stop at the image's end and ignore the zeros after it
  const small = await img.getAttribute('src');
  await page.getByLabel('Upload a photo').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: most });
  await page.waitForFunction((before) => {
    const now = document.querySelector('section.photo-editor img.avatar');
    return now && now.getAttribute('src') !== before;
  }, small);
  const stored = await page.evaluate(async () => {
    const res = await fetch(document.querySelector('section.photo-editor img.avatar').src);
    return { bytes: (await res.arrayBuffer()).byteLength, protocols: performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/photo')).map((e) => e.nextHopProtocol) };
  });
  assert.equal(stored.bytes, most.length);
  assert.ok(stored.protocols.length > 0 && stored.protocols.every((p) => p === 'http/1.1'), stored.protocols.join());
  // a text file is refused with the server's words, and the photo stays
  await page.getByLabel('Upload a photo').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await editor.getByRole('alert').filter({ hasText: 'JPEG, PNG or WebP' }).waitFor();
  assert.equal(await editor.locator('img.avatar').count(), 1);
  await page.screenshot({ path: join(artifacts, 'e2e-photo-editor.png') });

  const { context: pc, problems: patientProblems } = await watchedContext(rig.browser, { baseURL: rig.server.url, locale: 'en-GB' });
  const patient = await pc.newPage();
  await login(patient, 'maria', 'telemed-patient-1');
  await patient.getByRole('navigation').getByRole('link', { name: 'Doctors' }).click();
  const card = patient.locator('li.doctor', { hasText: 'Ana Silva' });
  await card.locator('img.avatar').waitFor();
  assert.equal(await card.locator('img.avatar').evaluate((el) => el.decode().then(() => el.naturalWidth)), 2);
  await patient.screenshot({ path: join(artifacts, 'e2e-search-photos.png') });
  await card.getByRole('link', { name: 'See profile and book' }).click();
  await patient.getByRole('heading', { name: 'Ana Silva' }).waitFor();
  await patient.locator('.doctor-head img.avatar.large').waitFor();

  // removed: initials again
  await editor.getByRole('button', { name: 'Remove photo' }).click();
  await page.locator('p.status').filter({ hasText: 'Photo removed.' }).waitFor();
  assert.equal(await editor.locator('.avatar.initials').textContent(), 'AS');
  await patient.getByRole('navigation').getByRole('link', { name: 'Doctors' }).click();
  await card.locator('.avatar.initials').waitFor();
  assert.equal(await card.locator('.avatar.initials').textContent(), 'AS', 'initials in search results without a photo');
  assert.deepEqual(problems, []);
  assert.deepEqual(patientProblems, []);
  await pc.close();
  await context.close();
});

test('the profile makes a private calendar link that works without a session, and revokes it', async () => {
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url, locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, 'maria', 'telemed-patient-1');
  await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('button', { name: 'Subscribe to calendar' }).click();
  const field = page.getByLabel('Your calendar link');
  await field.waitFor();
  const url = await field.inputValue();
  assert.match(url, /^https:\/\/localhost:\d+\/api\/v1\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.match(await page.getByRole('link', { name: 'Open in calendar app' }).getAttribute('href'), /^webcal:\/\//);
  await page.screenshot({ path: join(artifacts, 'e2e-calendar-feed.png') });
  // a calendar app has no cookie: a fresh context stands in for it
  const app = await rig.browser.newContext({ ignoreHTTPSErrors: true });
  const feed = await app.request.get(url);
  assert.equal(feed.status(), 200);
  assert.match(await feed.text(), /^BEGIN:VCALENDAR/);
  await page.getByRole('button', { name: 'Revoke link' }).click();
  await page.locator('p.status').filter({ hasText: 'Calendar link revoked.' }).waitFor();
  assert.equal((await app.request.get(url)).status(), 404);
  await page.getByRole('button', { name: 'Subscribe to calendar' }).waitFor();
  await app.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a patient erases their account: asked for the password and a confirmation, then logged out for good', async () => {
  const user = newUser({ full_name: 'Ernesto Erasable' });
  await client(rig.server).register(user);
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url, locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, user.username, user.password);
  await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
  const form = page.getByRole('form', { name: 'Erase my account' });
  await form.waitFor();
  assert.match(await form.textContent(), /medical record .* pseudonym/);
  await form.getByLabel('Your password, to confirm').fill('a wrong password');
  await form.getByLabel('I understand this cannot be undone').check();
  await form.getByRole('button', { name: 'Erase my account' }).click();
  await form.getByRole('alert').waitFor();
  await form.getByLabel('Your password, to confirm').fill(user.password);
  await form.getByRole('button', { name: 'Erase my account' }).click();
  await page.getByRole('status').filter({ hasText: 'Your account has been erased.' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'e2e-erased.png') });
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: /wrong username or password/i }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a patient tells their date of birth, sex and country, and finds them again', async () => {
  const user = newUser({ full_name: 'Amélia About' });
  await client(rig.server).register(user);
  const { context, problems } = await watchedContext(rig.browser, { baseURL: rig.server.url, locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, user.username, user.password);
  await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
  const form = page.getByRole('form', { name: 'About you' });
  await form.getByLabel('Date of birth').fill('1979-04-25');
  await form.getByLabel('Sex').selectOption('female');
  await form.getByLabel('Country').fill('pt');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const api = client(rig.server);
  const token = (await api.login(user.username, user.password)).json.token;
  assert.deepEqual((await api.get('/api/v1/me/demographics', { token })).json.demographics,
    { birth_date: '1979-04-25', sex: 'female', country: 'PT' }, 'stored');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('a-birth')?.value === '1979-04-25', null, { timeout: 15_000 });
  assert.equal(await form.getByLabel('Sex').inputValue(), 'female');
  assert.equal(await form.getByLabel('Country').inputValue(), 'PT');
  assert.deepEqual(problems, []);
  await context.close();
});

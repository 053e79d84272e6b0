// shell.test.mjs — the web shell in Debian's Chromium against the real server:
// register, log out, log in, see your name, edit the profile, revoke another
// session, doctors wait for verification, language, keyboard, offline shell.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { artifacts, launch, watchedContext } from './browser.mjs';
import { itemsFor } from '../../web/js/nav.js';

let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const phone = { width: 390, height: 844 };
const shot = (page, name) => page.screenshot({ path: join(artifacts, `e2e-${name}.png`), fullPage: true });
const welcome = (page, name) => page.getByRole('heading', { name: `Welcome, ${name}`, exact: true }).waitFor();
const navLink = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true });

async function login(page, username, password) {
  await page.getByRole('tab', { name: 'Log in' }).click();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function register(page, { name, email, username, password, role }) {
  await page.getByRole('tab', { name: 'Register' }).click();
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
}

// Nothing may be wider than a phone's screen.
async function fitsWidth(page) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
  assert.ok(scroll <= inner, `page is ${scroll}px wide on a ${inner}px screen`);
}

test('a patient registers, logs out, logs in, edits the profile and revokes another session', async () => {
  const user = { name: 'Inês Ferreira', email: 'ines@example.org', username: 'ines.e2e', password: 'a long enough pass', role: 'Patient' };
  const { context, problems } = await watchedContext(browser, { baseURL: server.url, viewport: phone });
  const page = await context.newPage();
  await page.goto('/');
  await register(page, user);
  await welcome(page, user.name);
  // the menu offers what nav.js switches on and nothing else, and each of
  // its items opens a real page
  const menu = await page.getByRole('navigation').getByRole('link').evaluateAll((as) => as.map((a) => a.pathname));
  assert.deepEqual(menu, ['/', ...itemsFor('patient').map((i) => i.path), '/profile']);
  for (const path of menu) {
    await page.getByRole('navigation').locator(`a[href="${path}"]`).click();
    assert.equal(new URL(page.url()).pathname, path);
    assert.equal(await page.getByRole('heading', { name: 'This page does not exist.' }).count(), 0, path);
  }
  await navLink(page, 'Home').click();
  await fitsWidth(page);
  await shot(page, 'home-after-register');

  await page.getByRole('button', { name: 'Log out' }).click();
  await login(page, user.username, 'not the password');
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
  await login(page, user.username, user.password);
  await welcome(page, user.name);

  // the profile: a new name shows in the greeting; a wrong current password
  // is an error on the form and does not end the session
  await navLink(page, 'Profile').click();
  await page.getByLabel('Full name').fill('Inês M. Ferreira');
  // redrawing the page (the sessions list arriving, a language switch) must
  // keep what was typed
  await page.getByRole('region', { name: 'Your sessions' }).getByRole('listitem').first().waitFor();
  await page.getByLabel('Language').selectOption('pt');
  await page.getByLabel('Idioma').selectOption('en');
  assert.equal(await page.getByLabel('Full name').inputValue(), 'Inês M. Ferreira');
  await page.getByRole('form', { name: 'Your details' }).getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.getByLabel('Current password').fill('not the password');
  await page.getByLabel('New password').fill('another long pass');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor();
  await page.getByRole('heading', { name: 'Profile', exact: true }).waitFor();
  await navLink(page, 'Home').click();
  await welcome(page, 'Inês M. Ferreira');

  // a second device logs in as the same person
  const second = await watchedContext(browser, { baseURL: server.url });
  const other = await second.context.newPage();
  await other.goto('/');
  await login(other, user.username, user.password);
  await welcome(other, 'Inês M. Ferreira');

  await navLink(page, 'Profile').click();
  const sessions = page.getByRole('region', { name: 'Your sessions' }).getByRole('listitem');
  await sessions.nth(1).waitFor();
  assert.equal(await sessions.count(), 2);
  assert.equal(await sessions.filter({ hasText: 'this device' }).count(), 1);
  await fitsWidth(page);
  await shot(page, 'profile-sessions');
  const revoke = page.getByRole('button', { name: 'Revoke' });
  assert.equal(await revoke.count(), 1, 'only the other device can be revoked here');
  await revoke.click();
  await page.getByRole('status').filter({ hasText: 'Session revoked.' }).waitFor();
  await sessions.nth(1).waitFor({ state: 'detached' });
  assert.equal(await sessions.filter({ hasText: 'this device' }).count(), 1);

  // the revoked device's next request sends it back to the login screen
  await navLink(other, 'Profile').click();
  await other.getByText('Your session has ended. Please log in again.').waitFor();
  await other.getByRole('tab', { name: 'Log in' }).waitFor();
  await shot(other, 'revoked-device');
  await other.reload();
  await other.getByRole('tab', { name: 'Log in' }).waitFor();
  assert.equal(await other.getByText('Inês M. Ferreira').count(), 0);
  // while this one is still in
  await page.reload();
  await page.getByRole('heading', { name: 'Profile', exact: true }).waitFor();

  assert.deepEqual(problems, []);
  assert.deepEqual(second.problems, []);
  await second.context.close();
  await context.close();
});

test('a doctor who registers waits for an administrator to verify them', async () => {
  const doctor = { name: 'Joana Lima', email: 'joana@example.org', username: 'drlima', password: 'doctor pass 123', role: 'Doctor' };
  const { context, problems } = await watchedContext(browser, { baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/');
  await register(page, doctor);
  await welcome(page, doctor.name);
  await page.getByRole('heading', { name: 'Your doctor account awaits verification' }).waitFor();
  await shot(page, 'doctor-pending');

  const admin = await watchedContext(browser, { baseURL: server.url });
  const adminPage = await admin.context.newPage();
  await adminPage.goto('/');
  await login(adminPage, 'admin', 'telemed-admin-1');
  await adminPage.getByRole('heading', { name: /^Welcome, / }).waitFor();
  await navLink(adminPage, 'Users').click();
  await adminPage.getByRole('cell', { name: 'Rui Costa', exact: true }).waitFor();
  await adminPage.getByRole('cell', { name: doctor.name, exact: true }).waitFor();
  await shot(adminPage, 'admin-pending-doctors');
  await adminPage.getByRole('button', { name: `Verify ${doctor.name}` }).click();
  await adminPage.getByRole('status').filter({ hasText: `${doctor.name} is verified.` }).waitFor();
  await adminPage.getByRole('cell', { name: doctor.name, exact: true }).waitFor({ state: 'detached' });
  await adminPage.getByRole('button', { name: 'Verify Rui Costa' }).click();
  await adminPage.getByText('No doctor is waiting for verification.').waitFor();
  await navLink(adminPage, 'Audit').click();
  await adminPage.getByRole('cell', { name: 'user.verify' }).nth(1).waitFor();
  await shot(adminPage, 'admin-audit');

  await page.reload();
  await welcome(page, doctor.name);
  assert.equal(await page.getByRole('heading', { name: 'Your doctor account awaits verification' }).count(), 0);
  assert.deepEqual(problems, []);
  assert.deepEqual(admin.problems, []);
  await admin.context.close();
  await context.close();
});

test('the language switch changes the words and the page language, and is remembered', async () => {
  const { context, problems } = await watchedContext(browser, { baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('tab', { name: 'Log in' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByLabel('Language').selectOption('pt');
  await page.getByRole('tab', { name: 'Entrar' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'pt');
  await page.reload();
  await page.getByRole('tab', { name: 'Registar' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'pt');
  await page.getByLabel('Nome de utilizador').fill('maria');
  await page.getByLabel('Palavra-passe').fill('not the password');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('alert').filter({ hasText: 'Nome de utilizador ou palavra-passe errados.' }).waitFor();
  await page.getByLabel('Palavra-passe').fill('telemed-patient-1');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: 'Bem-vindo, Maria Santos' }).waitFor();
  await shot(page, 'portuguese-home');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a keyboard alone logs in and reaches the content', async () => {
  const { context, problems } = await watchedContext(browser, { baseURL: server.url });
  const page = await context.newPage();
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el.labels?.[0]?.textContent.trim() || el.getAttribute('role') + ':' + el.textContent.trim();
  });
  await page.goto('/');
  await page.getByRole('tab', { name: 'Log in' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'tab:Log in');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'tab:Register');
  await page.getByLabel('Full name').waitFor();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Username');
  await page.keyboard.type('maria');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Password');
  await page.keyboard.type('telemed-patient-1');
  await page.keyboard.press('Enter');
  await welcome(page, 'Maria Santos');

  await page.reload();
  await welcome(page, 'Maria Santos');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the first Tab reaches the skip link');
  assert.ok((await skip.boundingBox()).x >= 0, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.keyboard.press('Shift+Tab'); // back into the header: the last control, Log out
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'Log in' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a dropped connection under a read is tried again: a reload stays signed in', async () => {
  const { context, problems } = await watchedContext(browser, { baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/');
  await login(page, 'maria', 'telemed-patient-1');
  await welcome(page, 'Maria Santos');
  let dropped = 0;
  await page.route('**/api/v1/me', (route) => (dropped++ < 2 ? route.abort('connectionclosed') : route.continue()));
  await page.reload();
  await welcome(page, 'Maria Santos');
  assert.equal(dropped, 3, 'two reads were cut, the third answered');
  assert.deepEqual(problems.filter((p) => !/ERR_CONNECTION_CLOSED/.test(p)), []);
  await context.close();
});

test('the shell opens offline once the service worker has it', async () => {
  const { context, problems } = await watchedContext(browser, { baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('tab', { name: 'Log in' }).waitFor();
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).active.scriptURL),
    `${server.url}/sw.js`);
  assert.deepEqual(problems, []);
  // later, offline, with the browser's HTTP cache gone: only the worker's
  // own cache can bring the shell back
  await (await context.newCDPSession(page)).send('Network.clearBrowserCache');
  await page.close();
  await context.setOffline(true);
  const again = await context.newPage();
  const notFromWorker = [];
  again.on('response', (r) => {
    if (!r.fromServiceWorker() && !new URL(r.url()).pathname.startsWith('/api/')) notFromWorker.push(r.url());
  });
  again.on('requestfailed', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/api/')) notFromWorker.push(r.url() + ' failed');
  });
  await again.goto('/profile'); // any page of the app opens the shell
  const shown = await again.getByRole('tab', { name: 'Log in' }).waitFor({ timeout: 10_000 }).then(() => true, () => false);
  await shot(again, 'offline-shell');
  assert.deepEqual(notFromWorker, [], 'every shell file must be in SHELL of web/sw.js');
  assert.ok(shown, 'the login screen shows offline');
  await again.getByText('You are offline').waitFor();
  await context.close();
});

test('pages carry the security headers and no inline script runs but the import map', async () => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const response = await page.goto('/profile');
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const injected = await page.evaluate(() => {
    window.__ran = false;
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.appendChild(s);
    return window.__ran;
  });
  assert.equal(injected, false, 'an injected inline script must not run');
  await context.close();
});

test('the page reaches the WebSocket endpoint and gets answers', async () => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/');
  const replies = await page.evaluate(() => new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://${location.host}/ws`, 'telemed.v1');
    const got = [];
    ws.onopen = () => { ws.send(JSON.stringify({ type: 'PING' })); ws.send('not json'); };
    ws.onmessage = (e) => { got.push(JSON.parse(e.data)); if (got.length === 2) { ws.close(); resolve({ got, protocol: ws.protocol }); } };
    ws.onerror = () => reject(new Error('websocket failed'));
    setTimeout(() => reject(new Error('no answer')), 5000);
  }));
  assert.equal(replies.protocol, 'telemed.v1');
  assert.equal(replies.got[0].type, 'PONG');
  assert.equal(replies.got[1].type, 'ERROR');
  assert.equal(replies.got[1].code, 'invalid_message');
  await context.close();
});

// shell.test.mjs — the web shell in a real browser against the real server:
// register, log out, log in, see your name, revoke another session, and the
// shell still opens offline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { artifacts, launch, watchProblems } from './browser.mjs';

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

const user = { username: 'ines.e2e', password: 'a long enough pass', name: 'Inês Ferreira', email: 'ines@example.org' };

async function login(page, username, password) {
  await page.getByRole('tab', { name: 'Log in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('a patient registers, logs out, logs in and revokes another session', async () => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Register' }).click();
  await page.getByLabel('Full name').fill(user.name);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
  await page.screenshot({ path: join(artifacts, 'e2e-home-after-register.png') });

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('tab', { name: 'Log in' }).waitFor();
  await login(page, user.username, user.password);
  await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();

  // a second device logs in as the same person
  const other = await browser.newContext({ baseURL: server.url });
  const otherPage = await other.newPage();
  await otherPage.goto('/');
  await login(otherPage, user.username, user.password);
  await otherPage.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();

  await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
  const rows = page.locator('ul.sessions li');
  await assert.doesNotReject(() => rows.nth(1).waitFor());
  assert.equal(await rows.count(), 2);
  assert.equal(await page.locator('ul.sessions li', { hasText: 'this device' }).count(), 1);
  await page.screenshot({ path: join(artifacts, 'e2e-profile-sessions.png') });
  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('status').filter({ hasText: 'Session revoked.' }).waitFor();
  await assert.doesNotReject(() => page.waitForFunction(() => document.querySelectorAll('ul.sessions li').length === 1));

  // the revoked device is sent back to the login screen
  await otherPage.reload();
  await otherPage.getByRole('tab', { name: 'Log in' }).waitFor();
  await otherPage.screenshot({ path: join(artifacts, 'e2e-revoked-device.png') });
  assert.deepEqual(problems, []);
  await other.close();
  await context.close();
});

test('an administrator verifies a pending doctor', async () => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto('/');
  await login(page, 'admin', 'telemed-admin-1');
  await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
  await page.getByRole('cell', { name: 'Rui Costa', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Verify Rui Costa' }).click();
  await page.getByRole('status').filter({ hasText: 'Rui Costa is verified.' }).waitFor();
  await page.getByText('No doctor is waiting for verification.').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('cell', { name: 'user.verify' }).first().waitFor();
  await page.screenshot({ path: join(artifacts, 'e2e-admin-audit.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the shell opens offline once the service worker has it', async () => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('tab', { name: 'Log in' }).waitFor();
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active.state;
  });
  await page.reload(); // now controlled by the worker
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('tab', { name: 'Log in' }).waitFor();
  await page.getByText('You are offline').waitFor();
  await page.screenshot({ path: join(artifacts, 'e2e-offline-shell.png') });
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

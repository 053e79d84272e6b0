// browser.mjs — Debian's Chromium, headless, driven by playwright-core (never
// a downloaded browser), a watch for console errors and CSP violations, and
// the set-up most browser tests share: a demo server, a browser, logging in.
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServer } from '../support/server.mjs';

export const artifacts = join(root, 'tests/artifacts');
mkdirSync(artifacts, { recursive: true });

// media: a fake camera (or `cameras` of them) and microphone that need no
// permission prompt, and host candidates as plain addresses (no mDNS
// resolver between two headless browsers on one machine). args: more
// switches, e.g. no fake devices at all or '--deny-permission-prompts'.
export function launch({ media = false, cameras = 1, args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--ignore-certificate-errors',
      ...(media ? ['--use-fake-ui-for-media-stream',
        `--use-fake-device-for-media-stream${cameras > 1 ? `=device-count=${cameras}` : ''}`,
        '--disable-features=WebRtcHideLocalIpsWithMdns'] : []), ...args],
  });
}

// The browser logs every 4xx answer of the API as a console error; those are
// expected (not logged in, wrong password…) and the tests check what the user
// sees instead. Anything else logged as an error is a problem.
function expected(msg) {
  return /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())
    && /\/api\/v1\//.test(msg.location().url);
}

// A fresh context whose pages report console errors, uncaught exceptions and
// Content-Security-Policy violations into the returned `problems` array.
export async function watchedContext(browser, options) {
  const context = await browser.newContext(options);
  const problems = [];
  await context.exposeBinding('__telemedCspViolation', (_source, text) => problems.push('csp: ' + text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__telemedCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  context.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !expected(m)) problems.push('console: ' + m.text() + ' at ' + m.location().url);
    });
    page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  });
  return { context, problems };
}

// Opens the app and logs in as username; resolves on the welcome page.
export async function login(page, username, password) {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
}

// A fresh watched context (Lisbon time, British English) logged in as
// username: { context, page, problems }.
export async function signedIn(browser, baseURL, username, password) {
  const { context, problems } = await watchedContext(browser, { baseURL, timezoneId: 'Europe/Lisbon', locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, username, password);
  return { context, page, problems };
}

// Around a test file: a server with demo data and Chromium, started before
// the tests and stopped after them. signIn(username, password) is signedIn
// on that server.
export function demoServer() {
  const env = {};
  before(async () => {
    env.server = await startServer({ demo: true });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  env.signIn = (username, password) => signedIn(env.browser, env.server.url, username, password);
  return env;
}

// From a patient's signed-in page: books the first free slot of the demo
// doctor Ana Silva from tomorrow on, with reason; { status, start }.
export function bookDemoDoctor(page, reason) {
  return page.evaluate(async (why) => {
    const doctors = await (await fetch('/api/v1/doctors?q=Ana%20Silva')).json();
    const id = doctors.doctors[0].id;
    const from = new Date(Date.now() + 86400000).toISOString();
    const to = new Date(Date.now() + 8 * 86400000).toISOString();
    const slots = await (await fetch(`/api/v1/doctors/${id}/slots?from=${from}&to=${to}`)).json();
    const start = slots.slots.find((s) => s.status === 'free').start;
    const r = await fetch('/api/v1/appointments', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ doctor_id: id, start, reason: why }) });
    return { status: r.status, start };
  }, reason);
}

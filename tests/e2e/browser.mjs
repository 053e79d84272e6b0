// browser.mjs — Debian's Chromium, headless, driven by playwright-core.
// Never a downloaded browser.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../support/server.mjs';

export const artifacts = join(root, 'tests/artifacts');
mkdirSync(artifacts, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--ignore-certificate-errors'],
  });
}

// Collects console errors, page errors and CSP violations of a page. The one
// expected error is the 401 of asking "who am I?" before logging in.
export function watchProblems(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/status of 401/.test(m.text()) && /\/api\/v1\/me$/.test(m.location().url)) return;
    problems.push('console: ' + m.text() + ' at ' + m.location().url);
  });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  return problems;
}

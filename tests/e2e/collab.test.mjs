// collab.test.mjs — what two people share in a call besides media, over
// RTCDataChannel between two separate Chromium instances: chat both ways
// with delivered marks (markup shown as text); malformed messages from the
// other page ignored and counted; a 5 MB file each way with progress on
// both sides and the same SHA-256 at both ends; cancel mid-transfer from
// either side. Real server (signalling only), real
// browsers, peer-to-peer data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { launch } from './browser.mjs';
import { openCall } from './consult_pages.mjs';

let server;
const browsers = [];
let appointmentId;
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Clara Collab' });
const patientUser = newUser({ full_name: 'Pedro Partilha' });
let call; // { doctor, patient } once the first test connected them
const files = mkdtempSync(join(tmpdir(), 'telemed-collab-'));

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  appointmentId = (await consultationSoon(client(server), doctorUser, patientUser)).appointment.id;
  browsers.push(await launch({ media: true }), await launch({ media: true }));
  call = await openCall(browsers, server, { doctorUser, patientUser, appointmentId, shot: 'collab' });
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
  rmSync(files, { recursive: true, force: true });
});

// Types text into the page's chat and sends it with Enter.
async function say(page, text) {
  await page.getByLabel(/^Message to /).fill(text);
  await page.getByLabel(/^Message to /).press('Enter');
}

// The chat log's messages as the page shows them: [sender, text, delivered mark].
function chatLines(page) {
  return page.locator('[data-chat-message]').evaluateAll((items) => items.map((li) => [
    li.querySelector('strong').textContent, li.querySelector('[data-chat-text]').textContent,
    li.querySelector('[data-delivered]')?.dataset.delivered ?? null]));
}

test('chat both ways: sender, time and a delivered mark; markup is shown as text', { timeout: 60_000 }, async () => {
  const { doctor, patient } = call;
  const markup = '<img src=x onerror=alert(1)>';
  await say(patient.page, markup);
  await doctor.page.locator('[data-chat-text]', { hasText: markup }).waitFor();
  await patient.page.locator('[data-delivered="yes"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await chatLines(doctor.page), [['Pedro Partilha', markup, null]]);
  assert.equal(await doctor.page.locator('.chat-log img').count(), 0, 'no element made of the text');
  assert.match(await doctor.page.locator('[data-chat-message] time').first().innerText(), /^\d{1,2}:\d\d( [AP]M)?$/);

  await say(doctor.page, 'Olá Pedro,\nhow is the rash today?');
  await patient.page.locator('[data-chat-message]').nth(1).waitFor();
  await doctor.page.locator('[data-delivered="yes"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await chatLines(patient.page), [['You', markup, 'yes'], ['Dr Clara Collab', 'Olá Pedro,\nhow is the rash today?', null]]);
  assert.deepEqual(await chatLines(doctor.page), [['Pedro Partilha', markup, null], ['You', 'Olá Pedro,\nhow is the rash today?', 'yes']]);
  // the log is announced to screen readers
  assert.equal(await patient.page.locator('.chat-log').getAttribute('aria-live'), 'polite');
});

test('messages from the other page that are unknown or malformed are ignored and counted', { timeout: 30_000 }, async () => {
  const { doctor, patient } = call;
  await patient.page.evaluate(() => {
    const ch = window.__telemedCall.channels();
    for (const m of ['not json', '[1,2]', '{"type":"chat","id":"../x","text":"bad id"}', '{"type":"chat","id":"a1","text":42}',
      '{"type":"launch_missiles"}']) ch.channel('chat').send(m);
    ch.channel('chat').send(new Uint8Array([1, 2, 3]));
  });
  await doctor.page.locator('[data-ignored="6"]').waitFor({ timeout: 10_000 });
  assert.equal(await doctor.page.locator('[data-chat-message]').count(), 2, 'nothing of them in the chat');
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

// A file of random bytes on disk: { path, name, sha256 }.
function randomFile(name, bytes) {
  const data = randomBytes(bytes);
  const path = join(files, name);
  writeFileSync(path, data);
  return { path, name, sha256: createHash('sha256').update(data).digest('hex') };
}

// Records on the page every value the progress bar of a transfer shows
// while it runs (window.__progressSeen[name]).
function watchProgress(page) {
  return page.evaluate(() => {
    window.__progressSeen = {};
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('[data-transfer]')) {
        const name = li.querySelector('[data-file-name]').textContent;
        const seen = (window.__progressSeen[name] ||= []);
        const v = Number(li.querySelector('progress').dataset.bytes);
        if (seen.at(-1) !== v) seen.push(v);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-bytes'] });
  });
}

// Downloads what arrived as name through its link, as a person would:
// { sha256, filename }.
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'),
    transfer(page, 'in', name).getByRole('link', { name: 'Download' }).click()]);
  return { sha256: createHash('sha256').update(readFileSync(await file.path())).digest('hex'), filename: file.suggestedFilename() };
}

const transfer = (page, dir, name) => page.locator(`[data-transfer="${dir}"]`, { hasText: name });

test('a 5 MB file each way: progress on both sides, the same SHA-256 at both ends, a download link', { timeout: 90_000 }, async () => {
  const { doctor, patient } = call;
  const pairs = [[patient, doctor, randomFile('scan-from-patient.bin', 5 * 1024 * 1024)],
    [doctor, patient, randomFile('letter-from-doctor.bin', 5 * 1024 * 1024)]];
  for (const [from, to, file] of pairs) {
    await watchProgress(from.page);
    await watchProgress(to.page);
    await from.page.getByLabel('Send a file').setInputFiles(file.path);
    await transfer(to.page, "in", file.name).and(to.page.locator("[data-state=\"verified\"]")).waitFor({ timeout: 30_000 });
    await from.page.locator('[data-transfer="out"][data-state="verified"]', { hasText: file.name }).waitFor({ timeout: 10_000 });
    assert.equal(await transfer(to.page, 'in', file.name).locator('.transfer-state').innerText(), 'Arrived intact (SHA-256 matches)');
    assert.deepEqual(await download(to.page, file.name), { sha256: file.sha256, filename: file.name });
    for (const side of [from, to]) {
      const seen = await side.page.evaluate((n) => window.__progressSeen[n], file.name);
      assert.ok(seen.some((v) => v > 0 && v < 5 * 1024 * 1024), `progress seen under way on both sides: ${seen}`);
      assert.equal(seen.at(-1), 5 * 1024 * 1024);
    }
  }
});

test('cancel mid-transfer, by the receiver and by the sender: both sides say so and nothing is offered to download', { timeout: 90_000 }, async () => {
  const { doctor, patient } = call;
  for (const [canceller, who] of [[doctor, 'receiver'], [patient, 'sender']]) {
    const file = randomFile(`big-${who}.bin`, 100 * 1024 * 1024);
    await patient.page.getByLabel('Send a file').setInputFiles(file.path);
    const incoming = transfer(doctor.page, 'in', file.name);
    await doctor.page.waitForFunction((n) => [...document.querySelectorAll('[data-transfer="in"]')]
      .some((li) => li.textContent.includes(n) && Number(li.querySelector('progress').dataset.bytes) > 0), file.name, { timeout: 20_000 });
    await canceller.page.getByRole('button', { name: `Cancel: ${file.name}` }).click();
    const [own, other] = canceller === doctor ? [incoming, transfer(patient.page, 'out', file.name)] : [transfer(patient.page, 'out', file.name), incoming];
    await own.and(canceller.page.locator('[data-state="cancelled"]')).waitFor({ timeout: 10_000 });
    const otherPage = canceller === doctor ? patient.page : doctor.page;
    await other.and(otherPage.locator('[data-state="cancelled_peer"]')).waitFor({ timeout: 10_000 });
    assert.equal(await other.locator('.transfer-state').innerText(), 'Cancelled by the other side');
    const bytes = Number(await incoming.locator('progress').getAttribute('data-bytes'));
    assert.ok(bytes < 100 * 1024 * 1024, `stopped part way (${bytes})`);
    assert.equal(await incoming.getByRole('link', { name: 'Download' }).count(), 0);
  }
  // the channel still works after both
  const small = randomFile('after.bin', 1000);
  await patient.page.getByLabel('Send a file').setInputFiles(small.path);
  await transfer(doctor.page, 'in', small.name).and(doctor.page.locator('[data-state="verified"]')).waitFor({ timeout: 10_000 });
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

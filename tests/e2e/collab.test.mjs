// collab.test.mjs — what two people share in a call besides media, over
// RTCDataChannel between two separate Chromium instances: chat both ways
// with delivered marks (markup shown as text); malformed messages from the
// other page ignored and counted. Real server (signalling only), real
// browsers, peer-to-peer data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  appointmentId = (await consultationSoon(client(server), doctorUser, patientUser)).appointment.id;
  browsers.push(await launch({ media: true }), await launch({ media: true }));
  call = await openCall(browsers, server, { doctorUser, patientUser, appointmentId, shot: 'collab' });
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
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

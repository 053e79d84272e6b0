// messaging.test.mjs — secure messages between two browsers: the doctor
// starts a conversation from the agenda and writes (markup stays text) with
// a PDF attached; the patient's open page shows the unread badge without a
// reload; the patient opens the conversation and downloads the same bytes;
// the doctor's page shows the message read; the patient answers with a
// file the doctor downloads whole; the doctor deletes the conversation and
// it leaves the patient's page too. Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifacts, bookDemoDoctor, demoServer } from './browser.mjs';

const { signIn } = demoServer();

const pdf = Buffer.from('%PDF-1.4\n% results of 23 November\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const note = Buffer.from('Blood pressure this week: 128/82, 131/85, 125/80.\n');
const markup = '<img src=x onerror="window.__pwned=1"> Your results are fine.';

// Clicks the attachment link and returns the downloaded file's bytes and name.
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: new RegExp(name) }).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('doctor and patient exchange messages and files, live, with read marks; the doctor deletes it for both', async () => {
  const doctor = await signIn('drsilva', 'telemed-doctor-1');
  const patient = await signIn('maria', 'telemed-patient-1');
  const d = doctor.page;
  const p = patient.page;
  // a care relationship: Maria books Ana Silva
  assert.equal((await bookDemoDoctor(p, 'Check-up')).status, 201);
  assert.equal(await p.getByTestId('badge-messages').count(), 0);

  // the doctor writes from the agenda
  await d.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
  await d.getByRole('button', { name: 'Write to Maria Santos' }).first().click();
  assert.equal(await d.getByLabel('Patient').locator('option:checked').textContent(), 'Maria Santos');
  await d.getByLabel('Title').fill('Your blood tests');
  await d.getByRole('button', { name: 'Start conversation' }).click();
  await d.getByRole('heading', { name: 'Your blood tests' }).waitFor();
  await d.getByLabel('Message').fill(markup);
  await d.getByLabel('Attach a file').setInputFiles({ name: 'résultats 23-11.pdf', mimeType: 'application/pdf', buffer: pdf });
  await d.getByRole('button', { name: 'Send' }).click();
  const sent = d.locator('ol.messages li.mine').first();
  await sent.getByText('Sent', { exact: true }).waitFor();

  // the patient's open page learns it without a reload
  await p.getByTestId('badge-messages').filter({ hasText: '1' }).waitFor();
  await p.getByRole('navigation').getByRole('link', { name: /Messages/ }).click();
  await p.getByTestId('conversation-unread').filter({ hasText: '1 unread' }).waitFor();
  await p.getByRole('link', { name: 'Your blood tests' }).click();
  const received = p.locator('ol.messages li.theirs').first();
  await received.locator('.text').filter({ hasText: markup }).waitFor();
  assert.equal(await received.locator('img').count(), 0, 'markup is shown as text');
  assert.equal(await p.evaluate(() => window.__pwned), undefined);
  const got = await download(p, 'résultats 23-11.pdf');
  assert.equal(got.name, 'résultats 23-11.pdf');
  assert.ok(got.bytes.equals(pdf), 'the same bytes arrive');
  await p.getByTestId('badge-messages').waitFor({ state: 'detached' });

  // the doctor's page shows it read, live
  await sent.getByText(/^Read /).waitFor();
  await d.screenshot({ path: join(artifacts, 'e2e-messaging-doctor.png'), fullPage: true });

  // the patient answers with a file of their own
  await p.getByLabel('Message').fill('Thank you. My readings:');
  await p.getByLabel('Attach a file').setInputFiles({ name: 'readings.txt', mimeType: 'text/plain', buffer: note });
  await p.getByRole('button', { name: 'Send' }).click();
  await p.locator('ol.messages li.mine').filter({ hasText: 'Thank you. My readings:' }).waitFor();
  await p.screenshot({ path: join(artifacts, 'e2e-messaging-patient.png'), fullPage: true });
  const answer = d.locator('ol.messages li.theirs').filter({ hasText: 'Thank you. My readings:' });
  await answer.waitFor();
  const back = await download(d, 'readings.txt');
  assert.ok(back.bytes.equals(note));

  // only the doctor deletes; it goes from both pages
  assert.equal(await p.getByRole('button', { name: 'Delete conversation' }).count(), 0);
  await d.getByRole('button', { name: 'Delete conversation' }).click();
  await d.getByRole('button', { name: 'Delete', exact: true }).click();
  await d.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
  await p.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
  await p.getByText('No conversations yet.').waitFor();
  for (const s of [doctor, patient]) assert.deepEqual(s.problems, []);
});

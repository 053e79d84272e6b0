// call_resume.test.mjs — media does not depend on the signalling server: a
// call between two Chromium instances keeps decoding video while the
// server is stopped, and when it is back the pages reconnect, rejoin the
// room with fresh tickets and can still end the call for both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { launch } from './browser.mjs';
import { connectCall, decodesVideo, expectText, framesDecoded, openConsultation } from './consult_pages.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'telemed-resume-'));
const flags = ['--join-early-minutes', '20'];
let server;
let appointmentId;
const browsers = [];
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Rui Resume' });
const patientUser = newUser({ full_name: 'Paula Persist' });

before(async () => {
  server = await startServer({ flags, dataDir });
  appointmentId = (await consultationSoon(client(server), doctorUser, patientUser)).appointment.id;
  browsers.push(await launch({ media: true }), await launch({ media: true }));
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// How many times the page's live channel has said WELCOME.
const welcomes = (page) => page.evaluate(() => window.__welcomes);

test('the call survives a restart of the signalling server, and the session resumes', { timeout: 120_000 }, async () => {
  const doctor = await openConsultation(browsers[0], server, doctorUser, appointmentId);
  const patient = await connectCall(doctor, () => openConsultation(browsers[1], server, patientUser, appointmentId),
    { doctorName: 'Dr Rui Resume', patientName: 'Paula Persist', shot: 'resume' });
  for (const side of [doctor, patient]) {
    await decodesVideo(side.page);
    await side.page.evaluate(async () => {
      const { onLive } = await import('/js/live.js');
      window.__welcomes = 0;
      onLive('WELCOME', () => { window.__welcomes += 1; });
    });
  }

  const port = server.port;
  await server.stop();
  server = null;
  const before = await Promise.all([doctor, patient].map((s) => framesDecoded(s.page)));
  await doctor.page.waitForTimeout(3000);
  const during = await Promise.all([doctor, patient].map((s) => framesDecoded(s.page)));
  assert.ok(during[0] > before[0] + 30 && during[1] > before[1] + 30,
    `video keeps flowing peer to peer with the server down (${before} → ${during})`);

  server = await startServer({ flags, dataDir, port });
  for (const side of [doctor, patient]) {
    await side.page.waitForFunction(() => window.__welcomes > 0, null, { timeout: 30_000 });
  }
  assert.ok((await welcomes(doctor.page)) >= 1);
  // the pages rejoined the room: BYE through the new server ends both
  await patient.page.waitForTimeout(1000);
  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await patient.page.getByText('The call has ended.').waitFor({ timeout: 15_000 });
  assert.deepEqual(patient.problems.filter((p) => !/WebSocket|wss:/.test(p)), []);
  await doctor.context.close();
  await patient.context.close();
});

test('a reloaded page rejoins: either side reloads mid-call and the call starts again', { timeout: 120_000 }, async () => {
  const doctor = await openConsultation(browsers[0], server, doctorUser, appointmentId);
  const patient = await connectCall(doctor, () => openConsultation(browsers[1], server, patientUser, appointmentId),
    { doctorName: 'Dr Rui Resume', patientName: 'Paula Persist', shot: 'rejoin' });
  await decodesVideo(doctor.page);

  // the patient reloads: the doctor's page sees the patient waiting again
  await patient.page.reload();
  await expectText(doctor, 'Paula Persist is in the waiting room.', 'rejoin');
  await doctor.page.getByRole('button', { name: 'Start video' }).click();
  await patient.page.getByRole('button', { name: 'Accept' }).click();
  await expectText(patient, 'In consultation with Dr Rui Resume', 'rejoin', 20_000);
  for (const side of [doctor.page, patient.page]) await decodesVideo(side);

  // the doctor reloads: the patient's page goes back to waiting, and again
  await doctor.page.reload();
  await expectText(doctor, 'Paula Persist is in the waiting room.', 'rejoin');
  await expectText(patient, 'Dr Rui Resume knows you are here and will start the video.', 'rejoin');
  await doctor.page.getByRole('button', { name: 'Start video' }).click();
  await expectText(patient, 'Dr Rui Resume is calling you.', 'rejoin', 10_000);
  await patient.page.getByRole('button', { name: 'Accept' }).click();
  for (const side of [doctor.page, patient.page]) await decodesVideo(side);
  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await patient.page.getByText('The call has ended.').waitFor();
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
  await doctor.context.close();
  await patient.context.close();
});

test('the same consultation opened on a second page takes the room; the first stops for good', { timeout: 60_000 }, async () => {
  const first = await openConsultation(browsers[0], server, doctorUser, appointmentId);
  await expectText(first, 'Waiting for Paula Persist…', 'replaced');
  const second = await openConsultation(browsers[1], server, doctorUser, appointmentId);
  await expectText(second, 'Waiting for Paula Persist…', 'replaced');
  await expectText(first, 'This consultation is now open on another page or device.', 'replaced');
  // the first page's channel reconnects by itself, and must not take the room back
  await first.page.waitForTimeout(4000);
  assert.equal(await first.page.getByText('This consultation is now open on another page or device.').count(), 1);
  assert.equal(await second.page.getByText('This consultation is now open on another page or device.').count(), 0);
  await first.context.close();
  await second.context.close();
});

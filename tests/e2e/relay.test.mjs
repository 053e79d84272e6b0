// relay.test.mjs — the privacy mode in real browsers: the patient turns
// "calls through the clinic's relay only" on in their profile; in their next
// call both pages (the doctor's too, who asked nothing) gather only relay
// candidates from the project's coturn, the call connects through it, and
// video flows both ways, so neither side ever sees the other's address.
// (The clinic-wide --relay-only gives the same join answer: tests/api/turn.test.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { secretFile, startCoturn } from '../support/coturn.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { artifacts, launch } from './browser.mjs';
import { candidateTypes, connectCall, decodesVideo, openConsultation } from './consult_pages.mjs';

let turn;
let server;
let appointmentId;
const browsers = [];
const secretDir = mkdtempSync(join(tmpdir(), 'telemed-relay-'));
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Rita Relay' });
const patientUser = newUser({ full_name: 'Pia Private' });

before(async () => {
  turn = await startCoturn();
  const secret = secretFile(secretDir, turn.secret);
  server = await startServer({ flags: ['--join-early-minutes', '20',
    '--turn-urls', `turn:127.0.0.1:${turn.port}?transport=udp`, '--turn-secret-file', secret] });
  appointmentId = (await consultationSoon(client(server), doctorUser, patientUser)).appointment.id;
  browsers.push(await launch({ media: true }), await launch({ media: true }));
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
  await turn?.stop();
  rmSync(secretDir, { recursive: true, force: true });
});

// The patient's own page, logged in: turns relay-only on in the profile,
// then opens the consultation.
async function privatePatient() {
  const side = await openConsultation(browsers[1], server, patientUser, appointmentId);
  await side.page.goto('/profile');
  const box = side.page.getByLabel("Calls through the clinic's relay only");
  assert.equal(await box.isChecked(), false);
  await box.check();
  await side.page.getByText("Your calls now go through the clinic's relay.").waitFor();
  await side.page.locator('.privacy-setting').screenshot({ path: join(artifacts, 'e2e-relay-privacy-setting.png') });
  await side.page.goto(`/consult/${appointmentId}`);
  return side;
}

test("the patient's relay-only setting makes the call go through coturn, video both ways", { timeout: 90_000 }, async () => {
  const doctor = await openConsultation(browsers[0], server, doctorUser, appointmentId);
  const patient = await connectCall(doctor, privatePatient,
    { doctorName: 'Dr Rita Relay', patientName: 'Pia Private', shot: 'relay' });
  for (const side of [doctor.page, patient.page]) await decodesVideo(side);
  for (const side of [doctor.page, patient.page]) {
    const types = await candidateTypes(side);
    assert.equal(types.local, 'relay', 'this side sends through the relay');
    assert.equal(types.remote, 'relay', 'and reaches the other side only at its relay address');
    assert.deepEqual(types.gathered, ['relay'], 'no host or server-reflexive address was even gathered');
    // (a check that beats its candidate is learnt as peer-reflexive: from
    // the other side's relay address, since that side sends nothing else)
    assert.deepEqual(types.learnt.filter((t) => t === 'host' || t === 'srflx'), [],
      "no direct address of the other side came over signalling");
    assert.ok(types.learnt.includes('relay'), types.learnt.join());
  }
  await doctor.page.getByText('Call quality').click();
  await doctor.page.locator('[data-candidate]', { hasText: "through the clinic's relay" }).waitFor({ timeout: 10_000 });
  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await patient.page.getByText('The call has ended.').waitFor();
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

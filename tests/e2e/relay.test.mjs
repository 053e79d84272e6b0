// relay.test.mjs — the clinic's privacy mode in real browsers: with
// --relay-only the pages gather only relay candidates from the project's
// coturn, the call connects through it, and video flows both ways, so
// neither side ever sees the other's address.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { secretFile, startCoturn } from '../support/coturn.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { launch } from './browser.mjs';
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
  server = await startServer({ flags: ['--join-early-minutes', '20', '--relay-only', '1',
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

test('a relay-only call connects through coturn and carries video both ways', { timeout: 90_000 }, async () => {
  const doctor = await openConsultation(browsers[0], server, doctorUser, appointmentId);
  const patient = await connectCall(doctor, () => openConsultation(browsers[1], server, patientUser, appointmentId),
    { doctorName: 'Dr Rita Relay', patientName: 'Pia Private', shot: 'relay' });
  for (const side of [doctor.page, patient.page]) await decodesVideo(side);
  for (const side of [doctor.page, patient.page]) {
    const types = await candidateTypes(side);
    assert.equal(types.local, 'relay', 'this side sends through the relay');
    assert.equal(types.remote, 'relay', 'and reaches the other side only at its relay address');
    assert.deepEqual(types.gathered, ['relay'], 'no host or server-reflexive address was even gathered');
  }
  await doctor.page.getByText('Call quality').click();
  await doctor.page.locator('[data-candidate]', { hasText: "through the clinic's relay" }).waitFor({ timeout: 10_000 });
  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await patient.page.getByText('The call has ended.').waitFor();
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

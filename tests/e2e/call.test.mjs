// call.test.mjs — a video consultation between two separate Chromium
// instances with fake cameras: both open the consultation, the patient's
// READY reaches the doctor, who sees the patient waiting and starts the
// video; the patient accepts; both decode video frames; camera off is seen
// as such; hanging up ends the call on both pages. Real server, real
// browsers, signalling through the hub.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { artifacts, launch, login, watchedContext } from './browser.mjs';

let server;
const browsers = [];
let appointmentId;
let doctorUser;
let patientUser;

const allDay = { time_zone: 'UTC', weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00', slot_minutes: 10 })), exceptions: [] };

before(async () => {
  // slots every 10 minutes start at most 11 minutes away: open 20 minutes early
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  const api = client(server);
  doctorUser = newUser({ role: 'doctor', full_name: 'Dr Vera Video' });
  patientUser = newUser({ full_name: 'Paulo Paciente' });
  const d = await api.verifiedDoctor(await api.admin(), doctorUser);
  const doctorId = d.id;
  assert.equal((await api.request('PUT', `/api/v1/doctors/${doctorId}/hours`, { token: d.token, json: allDay })).status, 200);
  const p = await api.session(patientUser);
  const from = new Date(Date.now() + 60_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  const slots = await api.get(`/api/v1/doctors/${doctorId}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: p });
  const start = slots.json.slots.find((s) => s.status === 'free').start;
  const booked = await api.post('/api/v1/appointments', { doctor_id: doctorId, start, reason: 'Rash on the arm' }, { token: p });
  assert.equal(booked.status, 201, booked.text);
  appointmentId = booked.json.appointment.id;
  browsers.push(await launch({ media: true }), await launch({ media: true }));
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

async function open(browser, user) {
  const { context, problems } = await watchedContext(browser, { baseURL: server.url, locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, user.username, user.password);
  await page.goto(`/consult/${appointmentId}`);
  return { context, page, problems };
}

// framesDecoded of the inbound video, from the page's own RTCPeerConnection
function framesDecoded(page) {
  return page.evaluate(async () => {
    const pc = window.__telemedCall?.peerConnection();
    if (!pc) return 0;
    let n = 0;
    (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded || 0; });
    return n;
  });
}

// Polls check every 250 ms for up to ms; whether it came true.
async function until(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (await check()) return true;
  }
  return false;
}

// Mean brightness (0–255) of the remote video as the page shows it.
function brightness(page) {
  return page.evaluate(() => {
    const v = document.querySelector('video.remote');
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 36;
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0, 64, 36);
    const px = g.getImageData(0, 0, 64, 36).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4) sum += (px[i] + px[i + 1] + px[i + 2]) / 3;
    return sum / (px.length / 4);
  });
}

test('READY until ACK, the doctor starts, the patient accepts, video flows both ways, hang up ends both', { timeout: 90_000 }, async () => {
  const doctor = await open(browsers[0], doctorUser);
  await doctor.page.getByText('Waiting for Paulo Paciente…').waitFor().catch(async (err) => {
    await doctor.page.screenshot({ path: join(artifacts, 'e2e-call-stuck.png') });
    throw new Error(`${err.message}\npage: ${await doctor.page.locator('main').innerText()}\nproblems: ${doctor.problems.join('; ')}`);
  });
  const patient = await open(browsers[1], patientUser);
  // the patient's READY reaches the doctor, whose ACK reaches the patient
  await doctor.page.getByText('Paulo Paciente is in the waiting room.').waitFor();
  await patient.page.getByText('Dr Vera Video knows you are here and will start the video.').waitFor();
  await doctor.page.screenshot({ path: join(artifacts, 'e2e-call-waiting.png') });

  await doctor.page.getByRole('button', { name: 'Start video' }).click();
  await patient.page.getByText('Dr Vera Video is calling you.').waitFor();
  await patient.page.getByRole('button', { name: 'Accept' }).click();
  await doctor.page.getByText('In consultation with Paulo Paciente').waitFor({ timeout: 20_000 });
  await patient.page.getByText('In consultation with Dr Vera Video').waitFor({ timeout: 20_000 });

  // both decode video, and keep decoding
  for (const side of [doctor.page, patient.page]) {
    await side.waitForFunction(async () => {
      const pc = window.__telemedCall?.peerConnection();
      let n = 0;
      if (pc) (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded || 0; });
      return n > 10;
    }, null, { timeout: 20_000, polling: 500 });
  }
  const before = await framesDecoded(patient.page);
  await patient.page.waitForTimeout(1500);
  assert.ok((await framesDecoded(patient.page)) > before, 'frames keep coming');
  await patient.page.screenshot({ path: join(artifacts, 'e2e-call-connected.png') });

  // the patient turns the camera off: the doctor sees black, then the picture again
  assert.ok((await brightness(doctor.page)) > 20, 'the picture of the fake camera arrives');
  await patient.page.getByRole('button', { name: 'Turn camera off' }).click();
  await patient.page.getByRole('button', { name: 'Turn camera on' }).waitFor();
  assert.ok(await until(async () => (await brightness(doctor.page)) < 3, 10_000), 'the doctor sees black');
  await patient.page.getByRole('button', { name: 'Turn camera on' }).click();
  assert.ok(await until(async () => (await brightness(doctor.page)) > 20, 10_000), 'the picture comes back');

  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await doctor.page.getByText('The call has ended.').waitFor();
  await patient.page.getByText('The call has ended.').waitFor();
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
  await doctor.context.close();
  await patient.context.close();
});

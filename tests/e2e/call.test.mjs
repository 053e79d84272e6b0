// call.test.mjs — a video consultation between two separate Chromium
// instances with fake cameras: both open the consultation, the patient's
// READY reaches the doctor, who sees the patient waiting and starts the
// video; the patient accepts; both decode video frames; camera off is seen
// as such; a shared screen replaces the camera and back; both pages show the
// same security code; the doctor's side panel shows the patient's reason and
// intake answers (as text) and folds away, and the patient has none; the
// quality panel charts the call; a network change on either side restarts
// ICE with new credentials and video goes on; hanging up ends the call on
// both pages. Real server, real browsers, signalling
// through the hub.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { artifacts, launch } from './browser.mjs';
import { connectCall, decodesVideo, framesDecoded, openConsultation } from './consult_pages.mjs';

let server;
const browsers = [];
let appointmentId;
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Vera Video' });
const patientUser = newUser({ full_name: 'Paulo Paciente' });

// the reason carries markup, which the doctor's panel must show as text
const reason = 'Rash on the <b>left</b> arm';
const intake = {
  items: [{ link_id: 'fever', text: 'Do you have a fever?', type: 'boolean', required: true },
    { link_id: 'since', text: 'Since when?', type: 'string', required: false }],
  answers: { fever: true, since: 'Tuesday <script>x</script>' },
};

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  appointmentId = (await consultationSoon(client(server), doctorUser, patientUser, reason, intake)).appointment.id;
  browsers.push(await launch({ media: true }), await launch({ media: true }));
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

// Polls check every 250 ms for up to ms; whether it came true.
async function until(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (await check()) return true;
  }
  return false;
}

// Audio packets received so far, from the page's own RTCPeerConnection.
function audioPackets(page) {
  return page.evaluate(async () => {
    let n = 0;
    (await window.__telemedCall.peerConnection().getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') n = r.packetsReceived || 0; });
    return n;
  });
}

// The ICE usernames (ufrag) of the page's own description and of the other side's.
function ufrags(page) {
  return page.evaluate(() => {
    const pc = window.__telemedCall.peerConnection();
    const ufrag = (d) => /a=ice-ufrag:(\S+)/.exec(d.sdp)[1];
    return { own: ufrag(pc.localDescription), other: ufrag(pc.remoteDescription) };
  });
}

// Width over height of the remote video as it arrives.
function aspect(page) {
  return page.evaluate(() => {
    const v = document.querySelector('video.remote');
    return v.videoHeight ? v.videoWidth / v.videoHeight : 0;
  });
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
  const doctor = await openConsultation(browsers[0], server, doctorUser, appointmentId);
  // the patient's READY reaches the doctor, whose ACK reaches the patient
  const patient = await connectCall(doctor, () => openConsultation(browsers[1], server, patientUser, appointmentId),
    { doctorName: 'Dr Vera Video', patientName: 'Paulo Paciente', shot: 'call' });

  // both decode video, and keep decoding
  for (const side of [doctor.page, patient.page]) await decodesVideo(side);
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

  // the patient shares the screen (16:9 here) instead of the camera (4:3), and back
  assert.ok(await until(async () => Math.abs((await aspect(doctor.page)) - 4 / 3) < 0.05, 5_000), 'the camera is 4:3');
  await patient.page.getByRole('button', { name: 'Share screen' }).click();
  await patient.page.getByRole('button', { name: 'Stop sharing' }).waitFor();
  assert.ok(await until(async () => Math.abs((await aspect(doctor.page)) - 16 / 9) < 0.05, 10_000), 'the doctor sees the screen');
  await patient.page.getByRole('button', { name: 'Stop sharing' }).click();
  await patient.page.getByRole('button', { name: 'Share screen' }).waitFor();
  assert.ok(await until(async () => Math.abs((await aspect(doctor.page)) - 4 / 3) < 0.05, 10_000), 'and the camera again, without a new offer');

  // audio only: the patient sends no video, the sound goes on; then video again
  await patient.page.getByRole('button', { name: 'Audio only' }).click();
  await patient.page.getByRole('button', { name: 'Send video again' }).waitFor();
  await doctor.page.waitForTimeout(1000);
  const [frames0, sound0] = [await framesDecoded(doctor.page), await audioPackets(doctor.page)];
  await doctor.page.waitForTimeout(2000);
  assert.ok((await framesDecoded(doctor.page)) - frames0 < 5, 'no video arrives');
  assert.ok((await audioPackets(doctor.page)) - sound0 > 50, 'the sound goes on');
  await patient.page.getByRole('button', { name: 'Send video again' }).click();
  const frames1 = await framesDecoded(doctor.page);
  assert.ok(await until(async () => (await framesDecoded(doctor.page)) > frames1 + 20, 10_000), 'video again');

  // both pages show the same security code, derived from both DTLS fingerprints
  const codes = [];
  for (const side of [doctor.page, patient.page]) {
    codes.push(await side.locator('[data-code]').innerText());
  }
  assert.match(codes[0], /^\d{3} \d{3}$/);
  assert.equal(codes[0], codes[1]);
  const sdpCode = await patient.page.evaluate(async () => {
    const pc = window.__telemedCall.peerConnection();
    const { securityCode } = await import('/js/call_code.js');
    const forged = pc.remoteDescription.sdp.replace(/a=fingerprint:sha-256 ([0-9A-F]{2})/, (m, h) => m.slice(0, -2) + (h === '00' ? '01' : '00'));
    return securityCode(pc.localDescription.sdp, forged);
  });
  assert.notEqual(sdpCode, codes[0], 'another certificate in the middle gives another code');

  // the doctor's side panel: who, why, how, when and the intake answers,
  // all as text; it folds away and the video takes the width
  const panel = doctor.page.getByRole('complementary', { name: 'About the patient' });
  await panel.getByText('Paulo Paciente', { exact: true }).waitFor();
  assert.equal(await panel.locator('[data-reason]').innerText(), reason, 'markup in the reason is shown as text');
  assert.equal(await panel.locator('[data-reason] b').count(), 0);
  assert.match(await panel.innerText(), /Consultation\s+Video/);
  assert.deepEqual(await panel.locator('.intake div').allInnerTexts(),
    ['Do you have a fever?\nYes', 'Since when?\nTuesday <script>x</script>']);
  await doctor.page.screenshot({ path: join(artifacts, 'e2e-call-doctor-panel.png') });
  const videoWidth = () => doctor.page.locator('.videos').evaluate((v) => v.getBoundingClientRect().width);
  const beside = await videoWidth();
  await panel.getByRole('button', { name: 'Hide details' }).click();
  await panel.getByRole('button', { name: 'Patient details' }).waitFor();
  assert.equal(await panel.locator('[data-reason]').isVisible(), false);
  assert.ok(await until(async () => (await videoWidth()) > beside + 150, 2_000), 'the video takes the width');
  await doctor.page.screenshot({ path: join(artifacts, 'e2e-call-doctor-panel-folded.png') });
  await panel.getByRole('button', { name: 'Patient details' }).click();
  await panel.locator('[data-reason]').waitFor();
  assert.equal(await patient.page.locator('.patient-panel').count(), 0, 'the patient never sees it');

  // the quality indicator and panel, read from getStats() every 2 seconds,
  // with a uPlot chart of each figure over the last minute
  await patient.page.getByText('Connection: good').waitFor({ timeout: 10_000 });
  for (const side of [doctor.page, patient.page]) {
    await side.getByText('Call quality').click();
    assert.equal(await side.locator('[data-candidate]').innerText(), 'direct (same network)');
    const charts = side.locator('.quality-chart');
    assert.deepEqual(await charts.evaluateAll((cs) => cs.map((c) => c.dataset.chart)), ['rtt', 'jitter', 'loss', 'bitrate', 'fps']);
    // the second reading has a bitrate: video is arriving
    await charts.locator('.quality-figure', { hasText: 'Receiving' }).locator('strong')
      .filter({ hasText: /^([1-9]\d{2,}|[5-9]\d)(\.\d)? kbit\/s$/ }).waitFor({ timeout: 10_000 });
    // each chart has drawn several readings, and its line is on the canvas
    await side.waitForFunction(() => [...document.querySelectorAll('.quality-chart-plot')]
      .every((p) => Number(p.dataset.points) >= 3), null, { timeout: 10_000 });
    const inked = await charts.filter({ hasText: 'Receiving' }).locator('canvas').evaluate((c) => {
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0; // pixels of the receiving line's teal
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 200 && px[i] < 60 && px[i + 1] > 80 && px[i + 2] > 80 && Math.abs(px[i + 1] - px[i + 2]) < 30) n++;
      return n;
    });
    await side.locator('.quality-panel').screenshot({ path: join(artifacts, `e2e-call-quality-charts-${side === doctor.page ? 'doctor' : 'patient'}.png`) });
    assert.ok(inked > 10, `the bitrate line is drawn (${inked} pixels)`);
  }

  // the network changes: the patient's page comes back online (it asks the
  // doctor's page, which alone offers), then the doctor's connection type
  // changes; each time a new offer and answer with new ICE credentials, and
  // video keeps coming both ways
  const changes = [[patient, () => window.dispatchEvent(new Event('online'))],
    [doctor, () => navigator.connection.dispatchEvent(new Event('change'))]];
  for (const [side, change] of changes) {
    const [offered, answered] = [(await ufrags(doctor.page)).own, (await ufrags(patient.page)).own];
    await side.page.evaluate(change);
    assert.ok(await until(async () => (await ufrags(patient.page)).other !== offered, 10_000), 'a new offer with new ICE credentials');
    assert.ok(await until(async () => (await ufrags(doctor.page)).other !== answered, 10_000), 'answered with new ones');
    assert.equal((await ufrags(patient.page)).other, (await ufrags(doctor.page)).own);
    const frames = [await framesDecoded(doctor.page), await framesDecoded(patient.page)];
    assert.ok(await until(async () => (await framesDecoded(doctor.page)) > frames[0] + 20
      && (await framesDecoded(patient.page)) > frames[1] + 20, 10_000), 'video keeps decoding on both sides');
  }

  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await doctor.page.getByText('The call has ended.').waitFor();
  await patient.page.getByText('The call has ended.').waitFor();

  // both pages left their figures on the consultation; its doctor reads them
  const api = client(server);
  const token = (await api.login(doctorUser.username, doctorUser.password)).json.token;
  let summaries = [];
  assert.ok(await until(async () => {
    summaries = (await api.get(`/api/v1/consultations/${appointmentId}/quality`, { token })).json.summaries;
    return summaries.length === 2;
  }, 5_000), `two summaries, not ${summaries.length}`);
  for (const { figures } of summaries) {
    assert.ok(figures.samples >= 2 && figures.duration_seconds >= 2, JSON.stringify(figures));
    assert.equal(figures.candidate_type, 'host');
    assert.ok(figures.bitrate_in_kbps > 20, `video was received: ${JSON.stringify(figures)}`);
  }
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
  await doctor.context.close();
  await patient.context.close();
});

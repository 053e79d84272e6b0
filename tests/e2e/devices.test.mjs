// devices.test.mjs — the device check before a call and the device choice
// during it, in real Chromium instances: the preview shows the camera, the
// microphone meter moves with Chromium's fake tone, the lists name the fake
// devices, a choice is remembered across a reload; in a call between two
// browsers one side changes camera, microphone and speaker and the other
// keeps receiving without a new offer, the timer counts and the videos go
// full screen. A browser with no devices at all, and one whose user
// refuses them, still take part in a call and say why they send nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { client, newUser } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { join } from 'node:path';
import { artifacts, launch } from './browser.mjs';
import { connectCall, decodesVideo, expectText, framesDecoded, openConsultation } from './consult_pages.mjs';

const noMdns = '--disable-features=WebRtcHideLocalIpsWithMdns';
let server;
let api;
const browsers = {};

before(async () => {
  server = await startServer({ flags: ['--join-early-minutes', '20'] });
  api = client(server);
  // three fake cameras: Chromium's second one is a depth camera (Y16) that
  // WebRTC does not send, so the tests switch between the first and third
  browsers.three = await launch({ media: true, cameras: 3 });
  browsers.one = await launch({ media: true });
  // no fake devices: this machine has no camera and no microphone
  browsers.none = await launch({ args: ['--use-fake-ui-for-media-stream', noMdns] });
  // devices there, but every permission prompt is answered "Block"
  browsers.refused = await launch({ args: ['--use-fake-device-for-media-stream', '--deny-permission-prompts', noMdns] });
});

after(async () => {
  for (const b of Object.values(browsers)) await b?.close();
  await server?.stop();
});

// A fresh doctor and patient with a consultation open now: { doctorUser, patientUser, id }.
async function pair(doctorName, patientName) {
  const doctorUser = newUser({ role: 'doctor', full_name: doctorName });
  const patientUser = newUser({ full_name: patientName });
  const { appointment } = await consultationSoon(api, doctorUser, patientUser);
  return { doctorUser, patientUser, id: appointment.id };
}

// Polls check every 250 ms for up to ms; whether it came true.
async function until(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (await check()) return true;
  }
  return false;
}

// Frames the preview video has shown so far.
const previewFrames = (page) => page.locator('video.preview').evaluate((v) => v.getVideoPlaybackQuality().totalVideoFrames);

// The options of the select labelled name: [{ value, text }].
const options = (page, name) => page.getByLabel(name, { exact: true }).locator('option')
  .evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent })));

// The label of the track the page's call sends for kind.
const sending = (page, kind) => page.evaluate((k) => window.__telemedCall.peerConnection().getSenders()
  .find((s) => s.track?.kind === k)?.track.label, kind);

// Audio packets received so far, from the page's own RTCPeerConnection.
const audioPackets = (page) => page.evaluate(async () => {
  let n = 0;
  (await window.__telemedCall.peerConnection().getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') n = r.packetsReceived || 0; });
  return n;
});

test('before the call: preview, microphone level, device lists, speaker test, a remembered choice', { timeout: 60_000 }, async () => {
  const { doctorUser, id } = await pair('Dr Dora Device', 'Pedro Preview');
  const doctor = await openConsultation(browsers.three, server, doctorUser, id);
  const { page } = doctor;
  await page.getByRole('heading', { name: 'Check your camera, microphone and speaker' }).waitFor();

  // the preview decodes frames of the fake camera
  const shown = await until(async () => (await previewFrames(page)) > 10, 10_000);
  assert.ok(shown, 'the preview shows the camera');
  await page.screenshot({ path: join(artifacts, 'e2e-device-check.png') });

  // the meter moves: Chromium's fake microphone beeps
  const levels = [];
  for (let i = 0; i < 30; i++) {
    levels.push(Number(await page.locator('.mic-meter meter').getAttribute('value')));
    await page.waitForTimeout(100);
  }
  assert.ok(Math.max(...levels) > 0.05, `the meter rises: ${levels}`);
  assert.ok(Math.max(...levels) - Math.min(...levels) > 0.05, `and moves: ${levels}`);

  // the lists name the devices (labels: permission was given)
  const cameras = await options(page, 'Camera');
  assert.deepEqual(cameras.map((o) => o.text), ['fake_device_0', 'fake_device_1', 'fake_device_2']);
  assert.ok((await options(page, 'Microphone')).some((o) => o.text === 'Fake Audio Input 1'));
  const speakers = await options(page, 'Speaker');
  assert.ok(speakers.some((o) => o.text === 'Fake Audio Output 1'));

  // the speaker test plays a tone on the chosen output, to its end
  await page.getByLabel('Speaker', { exact: true }).selectOption({ label: 'Fake Audio Output 1' });
  await page.getByRole('button', { name: 'Play a test sound' }).click();
  await page.getByText('Playing a tone: can you hear it?').waitFor();
  await page.getByText('Playing a tone: can you hear it?').waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await page.getByText('The test sound could not be played.').count(), 0);

  // another camera: the preview follows it, and keeps showing frames
  await page.getByLabel('Camera', { exact: true }).selectOption({ label: 'fake_device_2' });
  assert.ok(await until(() => page.locator('video.preview').evaluate((v) => v.srcObject?.getVideoTracks()[0]?.label === 'fake_device_2'), 5_000));
  const frames = await previewFrames(page);
  assert.ok(await until(async () => (await previewFrames(page)) > frames + 10, 10_000), 'the new camera is shown');

  // the choice is remembered: a reload opens that camera and that speaker
  await page.reload();
  await page.getByRole('heading', { name: 'Check your camera, microphone and speaker' }).waitFor();
  assert.ok(await until(async () => (await page.getByLabel('Camera', { exact: true }).evaluate((s) => s.selectedOptions[0]?.text)) === 'fake_device_2', 10_000));
  assert.equal(await page.getByLabel('Speaker', { exact: true }).evaluate((s) => s.selectedOptions[0]?.text), 'Fake Audio Output 1');
  assert.deepEqual(doctor.problems, []);
  await doctor.context.close();
});

test('during the call: another camera, microphone and speaker without a new offer; timer; full screen', { timeout: 90_000 }, async () => {
  const { doctorUser, patientUser, id } = await pair('Dr Sofia Switch', 'Carlos Camera');
  const doctor = await openConsultation(browsers.three, server, doctorUser, id);
  const patient = await connectCall(doctor, () => openConsultation(browsers.one, server, patientUser, id),
    { doctorName: 'Dr Sofia Switch', patientName: 'Carlos Camera', shot: 'devices' });
  await decodesVideo(patient.page);
  // the check is gone in the call; the choice stays
  assert.equal(await doctor.page.getByRole('heading', { name: 'Check your camera, microphone and speaker' }).count(), 0);

  // the timer counts from the connection
  const timer = doctor.page.getByRole('timer', { name: 'Call time' });
  const t0 = await timer.innerText();
  assert.match(t0, /^\d\d:\d\d$/);
  await doctor.page.waitForTimeout(2200);
  const t1 = await timer.innerText();
  assert.ok(t1 > t0, `${t1} after ${t0}`);

  // the doctor takes the other camera: the patient keeps decoding, no new offer
  const offer = await doctor.page.evaluate(() => window.__telemedCall.peerConnection().localDescription.sdp);
  assert.equal(await sending(doctor.page, 'video'), 'fake_device_0');
  await doctor.page.getByLabel('Camera', { exact: true }).selectOption({ label: 'fake_device_2' });
  assert.ok(await until(async () => (await sending(doctor.page, 'video')) === 'fake_device_2', 5_000), 'the new camera is sent');
  const frames = await framesDecoded(patient.page);
  assert.ok(await until(async () => (await framesDecoded(patient.page)) > frames + 20, 10_000), 'the patient keeps decoding');
  assert.equal(await doctor.page.evaluate(() => window.__telemedCall.peerConnection().localDescription.sdp), offer, 'no renegotiation');
  assert.equal(await doctor.page.locator('video.local').evaluate((v) => v.srcObject.getVideoTracks()[0].label), 'fake_device_2', 'own thumbnail follows');
  assert.equal(await doctor.page.evaluate(() => JSON.parse(localStorage.getItem('telemed.devices')).camera),
    await doctor.page.getByLabel('Camera', { exact: true }).inputValue(), 'remembered');

  // another microphone: the patient keeps hearing
  await doctor.page.getByLabel('Microphone', { exact: true }).selectOption({ label: 'Fake Audio Input 2' });
  assert.ok(await until(async () => (await sending(doctor.page, 'audio')) === 'Fake Audio Input 2', 5_000));
  const sound = await audioPackets(patient.page);
  assert.ok(await until(async () => (await audioPackets(patient.page)) > sound + 50, 5_000), 'sound goes on');

  // the patient plays the doctor on another speaker
  await patient.page.getByLabel('Speaker', { exact: true }).selectOption({ label: 'Fake Audio Output 2' });
  const wanted = await patient.page.getByLabel('Speaker', { exact: true }).inputValue();
  assert.ok(await until(() => patient.page.locator('video.remote').evaluate((v, w) => v.sinkId === w, wanted), 5_000), 'setSinkId on the remote video');

  await doctor.page.screenshot({ path: join(artifacts, 'e2e-devices-in-call.png') });

  // full screen and back
  await doctor.page.getByRole('button', { name: 'Full screen' }).click();
  assert.ok(await until(() => doctor.page.evaluate(() => document.fullscreenElement?.classList.contains('videos')), 5_000), 'the videos fill the screen');
  await doctor.page.getByRole('button', { name: 'Exit full screen' }).click();
  assert.ok(await until(() => doctor.page.evaluate(() => !document.fullscreenElement), 5_000));

  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await patient.page.getByText('The call has ended.').waitFor();
  assert.equal(await doctor.page.getByRole('timer').count(), 0);
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
  await doctor.context.close();
  await patient.context.close();
});

test('without devices the doctor still calls and sees the patient; a patient who refuses them still sees the doctor', { timeout: 90_000 }, async () => {
  // a doctor on a machine with neither camera nor microphone
  const first = await pair('Dr Nina None', 'Rosa Receiver');
  const doctor = await openConsultation(browsers.none, server, first.doctorUser, first.id);
  await expectText(doctor, 'No camera or microphone was found.', 'devices-none');
  assert.equal(await doctor.page.getByLabel('Camera', { exact: true }).isDisabled(), true);
  const patient = await connectCall(doctor, () => openConsultation(browsers.one, server, first.patientUser, first.id),
    { doctorName: 'Dr Nina None', patientName: 'Rosa Receiver', shot: 'devices-none' });
  await decodesVideo(doctor.page); // what the patient sends arrives
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
  await doctor.page.getByRole('button', { name: 'Hang up' }).click();
  await doctor.context.close();
  await patient.context.close();

  // a patient who blocks camera and microphone
  const second = await pair('Dr Bruno Both', 'Berta Blocked');
  const doctor2 = await openConsultation(browsers.one, server, second.doctorUser, second.id);
  const patient2 = await connectCall(doctor2, async () => {
    const p = await openConsultation(browsers.refused, server, second.patientUser, second.id);
    await expectText(p, 'The browser was not allowed to use your camera and microphone.', 'devices-refused');
    return p;
  }, { doctorName: 'Dr Bruno Both', patientName: 'Berta Blocked', shot: 'devices-refused' });
  await decodesVideo(patient2.page); // the doctor's video arrives
  assert.deepEqual(doctor2.problems, []);
  assert.deepEqual(patient2.problems, []);
  await doctor2.context.close();
  await patient2.context.close();
});

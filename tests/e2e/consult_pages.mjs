// consult_pages.mjs — what the browser tests of calls share: a consultation
// page opened by a logged-in participant, the seed 002 flow up to a
// connected call, and readings of the page's own RTCPeerConnection.
import { join } from 'node:path';
import { artifacts, login, watchedContext } from './browser.mjs';

// A participant's page on /consult/<id>: { context, page, problems }.
export async function openConsultation(browser, server, user, appointmentId) {
  const { context, problems } = await watchedContext(browser, { baseURL: server.url, locale: 'en-GB' });
  const page = await context.newPage();
  await login(page, user.username, user.password);
  await page.goto(`/consult/${appointmentId}`);
  return { context, page, problems };
}

// Waits for text on a participant's page; on failure says what the page
// showed instead and keeps a screenshot named after shot.
export async function expectText(side, text, shot, timeout = 30_000) {
  await side.page.getByText(text).waitFor({ timeout }).catch(async (err) => {
    await side.page.screenshot({ path: join(artifacts, `e2e-${shot}-stuck.png`) });
    throw new Error(`${err.message}\npage: ${await side.page.locator('main').innerText()}\nproblems: ${side.problems.join('; ')}`);
  });
}

// The doctor's page is open; the patient's opens, READY meets ACK, the
// doctor starts the video and the patient accepts, until both say so.
export async function connectCall(doctor, openPatient, { doctorName, patientName, shot }) {
  await expectText(doctor, `Waiting for ${patientName}…`, shot);
  const patient = await openPatient();
  await expectText(doctor, `${patientName} is in the waiting room.`, shot);
  await expectText(patient, `${doctorName} knows you are here and will start the video.`, shot);
  await doctor.page.getByRole('button', { name: 'Start video' }).click();
  await expectText(patient, `${doctorName} is calling you.`, shot);
  await patient.page.getByRole('button', { name: 'Accept' }).click();
  await expectText(doctor, `In consultation with ${patientName}`, shot, 20_000);
  await expectText(patient, `In consultation with ${doctorName}`, shot, 20_000);
  return patient;
}

// Resolves once the page has decoded more than n frames of inbound video.
export function decodesVideo(page, n = 10) {
  return page.waitForFunction(async (least) => {
    const pc = window.__telemedCall?.peerConnection();
    let frames = 0;
    if (pc) (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') frames = r.framesDecoded || 0; });
    return frames > least;
  }, n, { timeout: 20_000, polling: 500 });
}

// framesDecoded of the inbound video, from the page's own RTCPeerConnection.
export function framesDecoded(page) {
  return page.evaluate(async () => {
    const pc = window.__telemedCall?.peerConnection();
    if (!pc) return 0;
    let n = 0;
    (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded || 0; });
    return n;
  });
}

// The candidate types (host, srflx, relay) of the pair the call uses, every
// candidate type the page gathered itself, and every type it learnt of the
// other side's.
export function candidateTypes(page) {
  return page.evaluate(async () => {
    const stats = await window.__telemedCall.peerConnection().getStats();
    const byId = new Map();
    stats.forEach((r) => byId.set(r.id, r));
    let selected = null;
    const gathered = new Set();
    const learnt = new Set();
    stats.forEach((r) => {
      if (r.type === 'transport' && r.selectedCandidatePairId) selected = byId.get(r.selectedCandidatePairId);
      if (r.type === 'local-candidate') gathered.add(r.candidateType);
      if (r.type === 'remote-candidate') learnt.add(r.candidateType);
    });
    return {
      local: selected && byId.get(selected.localCandidateId)?.candidateType,
      remote: selected && byId.get(selected.remoteCandidateId)?.candidateType,
      gathered: [...gathered],
      learnt: [...learnt],
    };
  });
}

// Both participants' pages in a connected call whose data channels are open
// (the chat's text box takes input): { doctor, patient }. doctor: the
// doctor's consultation page if it is open already.
export async function openCall(browsers, server, { doctorUser, patientUser, appointmentId, shot, doctor: open }) {
  const doctor = open || await openConsultation(browsers[0], server, doctorUser, appointmentId);
  const patient = await connectCall(doctor, () => openConsultation(browsers[1], server, patientUser, appointmentId),
    { doctorName: doctorUser.full_name, patientName: patientUser.full_name, shot });
  for (const side of [doctor, patient]) await channelsOpen(side.page);
  return { doctor, patient };
}

// Resolves once the page's call has its data channels open.
export function channelsOpen(page) {
  return page.locator('#chat-input:enabled').waitFor({ timeout: 20_000 });
}

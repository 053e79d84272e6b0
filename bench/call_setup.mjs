// call_setup.mjs — make bench's call set-up row: real video calls between two
// Chromium instances with fake cameras (Debian's chromium via playwright-core,
// as the browser tests start them) through a running telemed, each on its own
// doctor/patient pair of `telemed demo --pairs`. The pages are watched from
// inside: every live-channel message they send or receive and every
// connectionState change of their RTCPeerConnection is stamped with
// performance.timeOrigin + performance.now() (one clock: both browsers run on
// this machine). Per call:
//   set-up      the doctor's page sends OFFER → connectionState "connected"
//               on both pages;
//   accept      the patient's page receives OFFER → sends ANSWER (the page
//               asks Accept or Decline; the script clicks as soon as it
//               shows, so this is Playwright's reaction plus the page's work);
//   signalling  the time the call's messages spend between one page's send
//               and the other page's receipt: OFFER, ANSWER and the first
//               CANDIDATE each way (all on the critical path, summed, so
//               overlaps count twice: an upper bound).
// share = signalling / set-up; machine_share = signalling / (set-up −
// accept), the machines' part of the set-up without the wait for a click.
// Prints one JSON line: {calls:[…], median:{setup_ms, accept_ms, signalling_ms, share, machine_share}}.
//   node bench/call_setup.mjs --url https://127.0.0.1:PORT --pairs FILE --first K --calls N
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launch, login, watchedContext } from '../tests/e2e/browser.mjs';
import { connectCall } from '../tests/e2e/consult_pages.mjs';

const { values: a } = parseArgs({ options: Object.fromEntries(['url', 'pairs', 'first', 'calls'].map((k) => [k, { type: 'string' }])) });
const lines = readFileSync(a.pairs, 'utf8').trim().split('\n');
const first = Number(a.first);
const calls = Number(a.calls ?? 5);
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// runs in every page before its own scripts: the stamps
function watch() {
  const log = [];
  window.__bench = log;
  const now = () => performance.timeOrigin + performance.now();
  const typeOf = (data) => { try { return JSON.parse(data).type; } catch { return null; } };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    log.push({ dir: 'out', type: typeOf(data), t: now() });
    return send.call(this, data);
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => log.push({ dir: 'in', type: typeOf(e.data), t: now() }));
    }
  };
  const Peer = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Peer {
    constructor(...args) {
      super(...args);
      this.addEventListener('connectionstatechange', () => log.push({ dir: 'pc', type: this.connectionState, t: now() }));
    }
  };
}

async function side(browser, username, appt) {
  const { context, problems } = await watchedContext(browser, { baseURL: a.url, locale: 'en-GB' });
  await context.addInitScript(watch);
  const page = await context.newPage();
  await login(page, username, 'telemed-pair-1');
  await page.goto(`/consult/${appt}`);
  return { context, page, problems };
}

const at = (log, dir, type) => log.find((e) => e.dir === dir && e.type === type)?.t;

const browsers = [await launch({ media: true }), await launch({ media: true })];
const results = [];
try {
  for (let i = 0; i < calls; i++) {
    const n = first + i;
    const appt = lines[n - 1].split(' ')[0];
    const num = String(n).padStart(5, '0');
    const doctor = await side(browsers[0], `pair${num}d`, appt);
    const patient = await connectCall(doctor, () => side(browsers[1], `pair${num}p`, appt),
      { doctorName: `Doctor ${num}`, patientName: `Patient ${num}`, shot: `bench-call-${num}` });
    const logs = async () => Promise.all([doctor, patient].map((s) => s.page.evaluate(() => window.__bench)));
    let [d, p] = await logs();
    for (let tries = 0; tries < 100 && !(at(d, 'pc', 'connected') && at(p, 'pc', 'connected')); tries++) {
      await doctor.page.waitForTimeout(100);
      [d, p] = await logs();
    }
    const offer = at(d, 'out', 'OFFER');
    const connected = Math.max(at(d, 'pc', 'connected'), at(p, 'pc', 'connected'));
    const transit = (from, to, type) => at(to, 'in', type) - at(from, 'out', type);
    const parts = {
      offer: transit(d, p, 'OFFER'), answer: transit(p, d, 'ANSWER'),
      candidate_to_patient: transit(d, p, 'CANDIDATE'), candidate_to_doctor: transit(p, d, 'CANDIDATE'),
    };
    const signalling = Object.values(parts).reduce((x, y) => x + y, 0);
    const setup = connected - offer;
    const accept = at(p, 'out', 'ANSWER') - at(p, 'in', 'OFFER');
    const r3 = (x) => Number(x.toFixed(3));
    if (![setup, accept, signalling].every(Number.isFinite)) throw new Error(`call ${n}: a stamp is missing`);
    results.push({ pair: n, setup_ms: r3(setup), accept_ms: r3(accept), signalling_ms: r3(signalling),
      transit_ms: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, r3(v)])),
      share: Number((signalling / setup).toFixed(5)), machine_share: Number((signalling / (setup - accept)).toFixed(5)) });
    console.error(`call ${i + 1}: ${JSON.stringify(results.at(-1))}`);
    for (const s of [doctor, patient]) await s.context.close();
  }
} finally {
  for (const b of browsers) await b.close();
}
const med = (k) => Number(median(results.map((r) => r[k])).toFixed(5));
console.log(JSON.stringify({ calls: results, median: { setup_ms: med('setup_ms'), accept_ms: med('accept_ms'), signalling_ms: med('signalling_ms'), share: med('share'), machine_share: med('machine_share') } }));

// file_transfer.mjs — make bench's file transfer row: the throughput of a
// file sent through the call page's "Send a file" between two Chromium
// instances on loopback (a real call through a telemed it starts itself,
// fake cameras sending video meanwhile), side by side with the limit: two
// bare pages in the same two browsers pushing the same number of bytes
// through one negotiated RTCDataChannel, 64 KiB messages, as fast as its
// buffer takes them (no video, no file reading, no hashing). Both are timed
// from this script's start of the send to the receiving page's last chunk
// (transfer; one wall clock, all on this machine), and the call also to
// "Arrived intact" on the receiver (end to end, with both sides' SHA-256).
// Rounds alternate.
// Prints one JSON line: {rounds:[…], median:{call_mbps, limit_mbps, ratio, call_end_to_end_mbps}}.
//   node bench/file_transfer.mjs [--mb 50] [--rounds 3]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../tests/support/server.mjs';
import { client, newUser } from '../tests/api/client.mjs';
import { consultationSoon } from '../tests/api/rooms.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { openCall } from '../tests/e2e/consult_pages.mjs';

const { values: a } = parseArgs({ options: { mb: { type: 'string' }, rounds: { type: 'string' } } });
const bytes = Number(a.mb ?? 50) * 1024 * 1024;
const rounds = Number(a.rounds ?? 3);
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const mbps = (n, ms) => Number((n / 1024 / 1024 / (ms / 1000)).toFixed(2));

// In the receiving call page: stamps when the last chunk of the file came.
function stampLastChunk(page, size) {
  return page.evaluate((total) => {
    const ch = window.__telemedCall.channels().channel('files');
    window.__last = 0;
    let got = 0;
    const listener = (e) => {
      if (typeof e.data === 'string') return;
      got += e.data.byteLength - 4;
      if (got >= total) { window.__last = performance.timeOrigin + performance.now(); ch.removeEventListener('message', listener); }
    };
    ch.addEventListener('message', listener);
  }, size);
}

async function callRound(call, path, name) {
  await stampLastChunk(call.doctor.page, bytes);
  const t0 = Date.now();
  await call.patient.page.getByLabel('Send a file').setInputFiles(path);
  await call.doctor.page.locator(`[data-transfer="in"][data-state="verified"]`, { hasText: name }).waitFor({ timeout: 300_000 });
  const endToEnd = Date.now() - t0;
  const last = await call.doctor.page.evaluate(() => window.__last);
  return { transfer: mbps(bytes, last - t0), end_to_end: mbps(bytes, endToEnd) };
}

// Two bare pages, one negotiated channel, offer and answer handed over by
// this script once ICE gathering is complete.
async function barePair(browsers) {
  const pages = [];
  for (const b of browsers) {
    const page = await (await b.newContext()).newPage();
    await page.evaluate(() => {
      window.pc = new RTCPeerConnection();
      window.ch = window.pc.createDataChannel('bench', { negotiated: true, id: 0, ordered: true });
      window.ch.binaryType = 'arraybuffer';
      window.gathered = () => new Promise((r) => {
        if (window.pc.iceGatheringState === 'complete') r();
        else window.pc.onicegatheringstatechange = () => window.pc.iceGatheringState === 'complete' && r();
      });
    });
    pages.push(page);
  }
  const [tx, rx] = pages;
  const offer = await tx.evaluate(async () => { await pc.setLocalDescription(); await gathered(); return pc.localDescription.toJSON(); });
  const answer = await rx.evaluate(async (o) => {
    await pc.setRemoteDescription(o); await pc.setLocalDescription(); await gathered(); return pc.localDescription.toJSON();
  }, offer);
  await tx.evaluate((d) => pc.setRemoteDescription(d), answer);
  for (const p of pages) await p.waitForFunction(() => window.ch.readyState === 'open', null, { timeout: 20_000 });
  return { tx, rx };
}

async function limitRound({ tx, rx }) {
  const done = rx.evaluate((total) => new Promise((resolve) => {
    let got = 0;
    ch.onmessage = (e) => {
      got += e.data.byteLength;
      if (got >= total) resolve(performance.timeOrigin + performance.now());
    };
  }), bytes);
  const t0 = Date.now();
  const pushed = tx.evaluate((total) => new Promise((resolve) => {
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    ch.bufferedAmountLowThreshold = 1024 * 1024;
    const push = () => {
      while (sent < total && ch.bufferedAmount <= 4 * 1024 * 1024) { ch.send(chunk); sent += chunk.length; }
      if (sent >= total) resolve(); else ch.onbufferedamountlow = push;
    };
    push();
  }), bytes);
  // a stalled channel fails the run rather than hanging it
  const stalled = new Promise((_, reject) => setTimeout(() => reject(new Error('the bare channel stalled')), 120_000).unref());
  const [last] = await Promise.race([Promise.all([done, pushed]), stalled]);
  return mbps(bytes, last - t0);
}

const dir = mkdtempSync(join(tmpdir(), 'telemed-bench-files-'));
const server = await startServer({ flags: ['--join-early-minutes', '20'] });
const browsers = [await launch({ media: true }), await launch({ media: true })];
const results = [];
try {
  const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Bench Files' });
  const patientUser = newUser({ full_name: 'Bench Patient' });
  const appointmentId = (await consultationSoon(client(server), doctorUser, patientUser)).appointment.id;
  const call = await openCall(browsers, server, { doctorUser, patientUser, appointmentId, shot: 'bench-files' });
  const bare = await barePair(browsers);
  for (let r = 1; r <= rounds; r++) {
    const name = `bench-${r}.bin`;
    const path = join(dir, name);
    writeFileSync(path, randomBytes(bytes));
    const limit = await limitRound(bare);
    const ours = await callRound(call, path, name);
    rmSync(path);
    results.push({ round: r, call_mbps: ours.transfer, call_end_to_end_mbps: ours.end_to_end, limit_mbps: limit,
      ratio: Number((ours.transfer / limit).toFixed(3)) });
    console.error(`round ${r}: ${JSON.stringify(results.at(-1))}`);
  }
} finally {
  for (const b of browsers) await b.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
const med = (k) => median(results.map((x) => x[k]));
console.log(JSON.stringify({ mb: bytes / 1024 / 1024, rounds: results,
  median: { call_mbps: med('call_mbps'), limit_mbps: med('limit_mbps'), ratio: med('ratio'), call_end_to_end_mbps: med('call_end_to_end_mbps') } }));

// loadgen.mjs — a fixed-rate (open-loop) HTTPS load generator: request i is
// due at start + i / rate whatever the answers do, and its latency counts
// from when it was due, so a server that falls behind pays for the queue
// (no coordinated omission). Keep-alive connections (up to --connections,
// opened before the clock starts),
// paths taken in turn from a file. Prints one JSON line:
// {rate, seconds, sent, ok, errors, achieved, p50_ms, p99_ms, max_ms}.
//   node bench/loadgen.mjs --url https://127.0.0.1:PORT --ca cert.pem
//     --paths FILE --rate 500 --seconds 5 [--connections 64] [--token T]
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({ options: Object.fromEntries(['url', 'ca', 'paths', 'rate', 'seconds', 'connections', 'token']
  .map((k) => [k, { type: 'string' }])) });
const rate = Number(a.rate);
const seconds = Number(a.seconds ?? 5);
const paths = readFileSync(a.paths, 'utf8').split('\n').filter(Boolean);
const agent = new https.Agent({ keepAlive: true, maxSockets: Number(a.connections ?? 64), ca: readFileSync(a.ca), servername: 'localhost' });
const headers = a.token ? { authorization: `Bearer ${a.token}` } : {};
const total = Math.round(rate * seconds);
const latencies = [];
let sent = 0;
let done = 0;
let errors = 0;

function fire(i, due) {
  const req = https.request(a.url + paths[i % paths.length], { agent, headers }, (res) => {
    res.on('data', () => {});
    res.on('end', () => {
      if (res.statusCode === 200) latencies.push(performance.now() - due); else errors++;
      finish();
    });
  });
  req.on('error', () => { errors++; finish(); });
  req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  req.end();
}

// the connections are opened (TLS handshakes) before the clock starts, as
// a browser's would be: each gets one untimed request
async function warm() {
  const once = () => new Promise((resolve) => {
    https.get(a.url + paths[0], { agent, headers }, (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve);
  });
  await Promise.all(Array.from({ length: Number(a.connections ?? 64) }, once));
}
await warm();
const start = performance.now() + 50;
function finish() {
  if (++done < total) return;
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((x, y) => x - y);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : Infinity);
  const r3 = (x) => Number(x.toFixed(3));
  console.log(JSON.stringify({ rate, seconds, sent, ok: latencies.length, errors, achieved: r3(latencies.length / elapsed),
    p50_ms: r3(pct(0.5)), p99_ms: r3(pct(0.99)), max_ms: r3(latencies.at(-1) ?? Infinity) }));
  agent.destroy();
}

// sends every request now due, then waits for the next: timers only for
// waits longer than their own lateness (a setTimeout fires a millisecond or
// more late, which would count as the server's), setImmediate for the rest,
// which spins this process's core between answers
function tick() {
  const now = performance.now();
  while (sent < total && start + (sent * 1000) / rate <= now) {
    fire(sent, start + (sent * 1000) / rate);
    sent++;
  }
  if (sent >= total) return;
  const wait = start + (sent * 1000) / rate - performance.now();
  if (wait > 3) setTimeout(tick, wait - 2); else setImmediate(tick);
}
setTimeout(tick, 50);

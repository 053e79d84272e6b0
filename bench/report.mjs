// report.mjs — turns bench/run.sh's rounds into bench/results.json and docs/benchmarks.md (medians and ratios):
// the health row against nginx, then doctor search and the booking race against the Node.js peer; with
// --only signal, the signalling rows (bench/signal_report.mjs) in place of the ones written before;
// with --only http, all but those; with --only files, the file transfer row (bench/files_report.mjs)
// in place of the one written before. Each part keeps the others' rows and sections.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { signalSection } from './signal_report.mjs';
import { FILES_HEADING, filesSection } from './files_report.mjs';

const { values: a } = parseArgs({
  options: Object.fromEntries(['ours', 'peer', 'seconds', 'connections', 'rounds', 'body-bytes', 'peer-name', 'command',
    'search-rounds', 'doctors', 'demo-seconds', 'search-seconds', 'step-seconds', 'search-peer-name', 'only',
    'signal-rounds', 'calls', 'signal-conns', 'signal-latency-conns', 'signal-seconds', 'signal-step-seconds',
    'signal-ladder', 'pairs-seconds', 'socketio-name', 'open-files', 'files-result']
    .map((k) => [k, { type: 'string' }])),
});
const root = resolve(import.meta.dirname, '..');
const nums = (s) => s.trim().split(/\s+/).map(Number);
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const resultsPath = join(root, 'bench/results.json');
const mdPath = join(root, 'docs/benchmarks.md');
const SIGNAL_HEADING = '\n## Signalling\n';

// docs/benchmarks.md in its parts: the HTTP rows, then the signalling and
// file transfer sections ('' when absent), and put back together
function sections(text) {
  const [rest, files = ''] = text.split(FILES_HEADING);
  const [http, signal = ''] = rest.split(SIGNAL_HEADING);
  return { http, signal, files };
}
const joined = ({ http, signal, files }) => http.trimEnd() + '\n'
  + (signal ? SIGNAL_HEADING + signal.trimEnd() + '\n' : '') + (files ? FILES_HEADING + files : '');

// One group's rows and section in place of the last run's; the others stay.
function replaceGroup(group, part, { rows, md, log }) {
  const kept = JSON.parse(readFileSync(resultsPath, 'utf8')).filter((r) => r.group !== group);
  writeFileSync(resultsPath, JSON.stringify([...kept, ...rows], null, 2) + '\n');
  writeFileSync(mdPath, joined({ ...sections(readFileSync(mdPath, 'utf8')), [part]: md }));
  for (const line of log) console.log(line);
}

if (a.only === 'signal') {
  replaceGroup('signalling', 'signal', signalSection(a, median));
  process.exit(0);
}
if (a.only === 'files') {
  const files = filesSection(JSON.parse(readFileSync(a['files-result'], 'utf8')));
  replaceGroup('files', 'files', { ...files, rows: [files.row] });
  process.exit(0);
}

const ours = nums(a.ours);
const peer = nums(a.peer);
if (!ours.length || ours.length !== peer.length || [...ours, ...peer].some((x) => !(x > 0))) {
  console.error(`bench: bad measurements: ours [${a.ours}] peer [${a.peer}]`);
  process.exit(1);
}
const o = median(ours);
const p = median(peer);
const ratio = o / p;
const goal = 0.5;
const row = {
  metric: 'GET /api/v1/health over HTTPS, keep-alive',
  ours: Math.round(o),
  peer: Math.round(p),
  // the peer is the limit this row is measured against: what the best-known server does on the same core
  limit: Math.round(p),
  unit: 'requests/s',
  ratio_to_peer: Number(ratio.toFixed(3)),
  ratio_to_limit: Number(ratio.toFixed(3)),
  goal: `>= ${goal} of nginx`,
  met: ratio >= goal,
  peer_name: a['peer-name'],
  body_bytes: Number(a['body-bytes']),
  rounds_ours: ours,
  rounds_peer: peer,
};

// doctor search and booking: one line per round from run.sh, medians of each figure
const rounds = readFileSync(a['search-rounds'], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const med = (f) => median(rounds.map(f));
const r3 = (x) => Number(x.toFixed(3));
const peerRow = (metric, o2, p2, limit, unit, goal, met, lowerIsBetter, extra = {}) => ({
  metric, ours: o2, peer: p2, limit, unit,
  // ratios read "how many times better than": the peer's latency over ours, or our rate over the peer's
  ratio_to_peer: r3(lowerIsBetter ? p2 / o2 : o2 / p2),
  ratio_to_limit: r3(lowerIsBetter ? limit / o2 : o2 / limit),
  goal, met, peer_name: a['search-peer-name'], doctors: Number(a.doctors), ...extra,
});
const p99o = r3(med((r) => r.ours.p99_ms));
const floor = r3(med((r) => r.ours_floor.p99_ms)); // GET /api/v1/health at 500/s through the same tool
const hiO = med((r) => r.ours_highest), hiP = med((r) => r.peer_highest);
const exact = rounds.every((r) => r.ours_booking.won === r.ours_booking.slots && r.ours_booking.other === 0);
const bookO = r3(med((r) => r.ours_booking.bookings_per_s)), bookP = r3(med((r) => r.peer_booking.bookings_per_s));
const more = [
  peerRow('doctor search at 500 requests/s: p50 latency', r3(med((r) => r.ours.p50_ms)), r3(med((r) => r.peer.p50_ms)), 5, 'ms',
    'none (p99 has the goal)', true, true, { rounds_ours: rounds.map((r) => r.ours), rounds_peer: rounds.map((r) => r.peer) }),
  peerRow('doctor search at 500 requests/s: p99 latency', p99o, r3(med((r) => r.peer.p99_ms)), 5, 'ms', 'p99 < 5 ms', p99o < 5, true,
    { instrument_floor_p99_ms: floor, rounds_floor: rounds.map((r) => r.ours_floor) }),
  peerRow('doctor search: highest rate with p99 under 50 ms', hiO, hiP, 3 * hiP, 'requests/s', '>= 3x the peer', hiO >= 3 * hiP, false,
    { rounds_ours: rounds.map((r) => r.ours_highest), rounds_peer: rounds.map((r) => r.peer_highest) }),
  peerRow('1,000 booking attempts at once on 100 slots', bookO, bookP, bookP, 'bookings/s', 'exactly 100 win every round', exact, false,
    { rounds_ours: rounds.map((r) => r.ours_booking), rounds_peer: rounds.map((r) => r.peer_booking) }),
];
// --only http: the signalling and file transfer rows stay as the last run wrote them
const kept = a.only === 'http' ? {
  rows: JSON.parse(readFileSync(resultsPath, 'utf8')).filter((r) => r.group === 'signalling' || r.group === 'files'),
  md: sections(readFileSync(mdPath, 'utf8')),
} : { rows: [], md: undefined };
writeFileSync(resultsPath, JSON.stringify([row, ...more, ...kept.rows], null, 2) + '\n');

const cpu = cpus()[0]?.model?.trim() || readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] || 'unknown';
const nproc = cpus().length;
const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const fmt = (xs) => xs.map((x) => Math.round(x)).join(', ');
const md = `# Benchmarks

Written by \`make bench\` (bash bench/run.sh) on ${when}. The numbers are this
machine's; the ratios are what to compare.

Machine: ${nproc} cores, ${cpu}.

| metric | telemed | peer | ratio | goal | met |
|---|---|---|---|---|---|
| ${row.metric} | ${row.ours} req/s | ${row.peer} req/s (${row.peer_name}) | ${ratio.toFixed(2)} | at least 50 % of nginx's requests per second | ${row.met ? 'yes' : '**no**'} |
${more.map((x) => `| ${x.metric} | ${x.ours} ${x.unit} | ${x.peer} ${x.unit} (Node.js peer) | ${x.ratio_to_peer.toFixed(2)} | ${x.goal} | ${x.met ? 'yes' : '**no**'} |`).join('\n')}

How: each server runs pinned to core 0 (\`taskset -c 0\`), on loopback, over
HTTPS (TLS 1.2/1.3, HTTP/1.1 keep-alive; nginx 1 worker, access log off, the
file holds exactly the ${row.body_bytes} bytes of telemed's health answer). The load generator
runs on core 1: \`${a.command}\` (${a.connections} keep-alive connections, ${a.seconds} s per run).
The contenders alternate for ${a.rounds} rounds; the medians are compared.
A run with socket errors or non-2xx answers does not count.

Rounds (requests/s): telemed ${fmt(ours)}; nginx ${fmt(peer)}.

What the ratio measures: every telemed request is assembled on the event loop,
handed to a worker thread, routed and answered there, and handed back to the
loop to be written (the design's rule: the loop never runs a handler), all on
the one core the server is pinned to; nginx sends a file from its worker.

Doctor search and booking: \`telemed demo --doctors ${a.doctors} --seed 1\` fills a
store (${a['demo-seconds']} s on this machine); the peer (${a['search-peer-name']},
\`bench/peers/node/server.mjs\`) opens an online copy of that file taken after
the racing patients registered, so both read the same schema, FTS5 index and
indexes; it runs the same SQL, the same choice between reading a narrow
search's matches and walking the directory in order, and the same next free
slot work per request (its session hash is SHA-256, as node:crypto has no
32-byte BLAKE2b). Before measuring, run.sh checks that both give the same
doctors, next free slots and cursors for the first 20 searches. The searches
(\`bench/search_paths.mjs\`, pages of 20) mix names as typed ("Ana Alm", 4 in
10), symptoms and specialty words (2 in 10), filters (2 in 10) and browsing by
rating, experience or name (2 in 10), with a patient's bearer token.
The load generator (\`bench/c/http_load.c\`, C, epoll and OpenSSL) on core 1
sends at a fixed rate (open loop; latency counts from when a request was due,
over up to 64 keep-alive connections, one request at a time each):
${a['search-seconds']} s at 500 requests/s, then ${a['step-seconds']} s per step up the ladder 100, 200,
300, 400, 500, 700, 1000, 1400, 2000, 2800, 4000, 5600, 8000 requests/s until
p99 reaches 50 ms (or errors, or less than 95 % of the rate is answered).
What the instrument and loopback TLS add on their own: the same tool's p99 for
\`GET /api/v1/health\` (answered in microseconds) at 500 requests/s is
${floor} ms (median of the rounds: ${rounds.map((r) => r.ours_floor.p99_ms).join(', ')} ms). The Node.js load
generator used before added about 3 ms there, which is why this one is in C.

Booking: \`bench/booking.mjs\` on core 1 sends 1,000 \`POST /api/v1/appointments\`
at once over 100 keep-alive connections: 10 patients each try every one of 100
free slots (10 slots of 10 doctors, new slots each round); the store's unique
index decides each race. Bookings per second = the 100 winners over the time
until the last of the 1,000 answers. telemed answers 409 \`slot_taken\` to the
others; so does the peer.

Ratios: the peer's latency over ours, our rate over the peer's (above 1 is
better for telemed).

Rounds (p50/p99 ms at 500/s; highest rate; bookings/s with winners):
telemed ${rounds.map((r) => `${r.ours.p50_ms}/${r.ours.p99_ms}; ${r.ours_highest}; ${r.ours_booking.bookings_per_s} (${r.ours_booking.won} won)`).join(' — ')};
peer ${rounds.map((r) => `${r.peer.p50_ms}/${r.peer.p99_ms}; ${r.peer_highest}; ${r.peer_booking.bookings_per_s} (${r.peer_booking.won} won)`).join(' — ')}.

Reproduce: \`make bench\`, or \`bash bench/run.sh build/telemed\` with
\`BENCH_ROUNDS\`, \`BENCH_SECONDS\`, \`BENCH_CONNECTIONS\`, \`BENCH_DOCTORS\`,
\`BENCH_SEARCH_SECONDS\` and \`BENCH_STEP_SECONDS\` to change the run.
Results per row, with ratios: \`bench/results.json\`.
`;
writeFileSync(mdPath, kept.md === undefined ? md : joined({ ...kept.md, http: md }));
console.log(`telemed ${row.ours} req/s, nginx ${row.peer} req/s: ratio ${ratio.toFixed(2)} (goal ${goal}) — ${row.met ? 'met' : 'NOT met'}`);
for (const x of more) console.log(`${x.metric}: telemed ${x.ours} ${x.unit}, peer ${x.peer} ${x.unit} (goal ${x.goal}) — ${x.met ? 'met' : 'NOT met'}`);

// report.mjs — turns bench/run.sh's rounds into bench/results.json and docs/benchmarks.md (medians and ratios).
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';

const { values: a } = parseArgs({
  options: Object.fromEntries(['ours', 'peer', 'seconds', 'connections', 'rounds', 'body-bytes', 'peer-name', 'command']
    .map((k) => [k, { type: 'string' }])),
});
const root = resolve(import.meta.dirname, '..');
const nums = (s) => s.trim().split(/\s+/).map(Number);
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
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
writeFileSync(join(root, 'bench/results.json'), JSON.stringify([row], null, 2) + '\n');

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

Reproduce: \`make bench\`, or \`bash bench/run.sh build/telemed\` with
\`BENCH_ROUNDS\`, \`BENCH_SECONDS\` and \`BENCH_CONNECTIONS\` to change the run.
Results per row, with ratios: \`bench/results.json\`.
`;
writeFileSync(join(root, 'docs/benchmarks.md'), md);
console.log(`telemed ${row.ours} req/s, nginx ${row.peer} req/s: ratio ${ratio.toFixed(2)} (goal ${goal}) — ${row.met ? 'met' : 'NOT met'}`);

// signal_report.mjs — the signalling rows of bench/results.json and the
// "Signalling" section of docs/benchmarks.md, from bench/signal_run.sh's
// rounds (one JSON line per contender and round from bench/c/signal_load)
// and bench/call_setup.mjs's calls: medians per contender, ratios to the
// Socket.IO peer and to the C relay (the limit), the issue's goals.
import { readFileSync } from 'node:fs';

const r3 = (x) => (x === null || x === undefined ? null : Number(x.toFixed(3)));
const fmtInt = (x) => Math.round(x).toLocaleString('en');

export function signalSection(a, median) {
  const rounds = readFileSync(a['signal-rounds'], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const calls = JSON.parse(readFileSync(a.calls, 'utf8'));
  const of = (kind) => rounds.filter((r) => r.kind === kind);
  const med = (kind, f) => { const xs = of(kind).map(f).filter((x) => x !== null && x !== undefined); return xs.length ? median(xs) : null; };
  const latencyConns = Number(a['signal-latency-conns']);
  const rows = [];
  // lowerIsBetter: ratios read "how many times better than", as in the other rows
  const row = (metric, unit, f, goal, met, lowerIsBetter, extra = {}) => {
    const ours = r3(med('telemed', f)), peer = r3(med('socketio', f)), limit = r3(med('relay', f));
    const ratio = (x) => (x === null || ours === null || !ours ? null : r3(lowerIsBetter ? x / ours : ours / x));
    rows.push({
      group: 'signalling', metric, ours, peer, limit, unit, ratio_to_peer: ratio(peer), ratio_to_limit: ratio(limit),
      goal, met: met(ours, peer), peer_name: a['socketio-name'], limit_name: 'C epoll relay (bench/peers/relay)',
      rounds_ours: of('telemed').map(f), rounds_peer: of('socketio').map(f), rounds_limit: of('relay').map(f), ...extra,
    });
  };
  for (const n of a['signal-conns'].split(',').map(Number)) {
    row(`memory per idle joined WebSocket connection, ${fmtInt(n)} connections`, 'bytes',
      (r) => r.memory.find((m) => m.conns === n)?.bytes_per_conn, "<= 1/5 of Socket.IO's", (o, p) => o * 5 <= p, true);
  }
  const rates = of('telemed')[0]?.fixed.map((f) => f.rate) ?? [];
  for (const rate of rates) {
    const at = (r) => r.fixed.find((f) => f.rate === rate);
    row(`relay latency at ${fmtInt(rate)} messages/s, ${fmtInt(latencyConns)} connections: p50`, 'ms',
      (r) => at(r)?.p50_ms, 'none (the highest rate has the goal)', () => null, true);
    row(`relay latency at ${fmtInt(rate)} messages/s, ${fmtInt(latencyConns)} connections: p99`, 'ms',
      (r) => at(r)?.p99_ms, 'none (the highest rate has the goal)', () => null, true,
      { per_connection_rate: rate / (latencyConns / 2) });
  }
  row(`relay: highest rate with p99 under 50 ms, ${fmtInt(latencyConns)} connections`, 'messages/s', (r) => r.highest,
    ">= 10x Socket.IO's", (o, p) => o >= 10 * p, false);
  const m = calls.median;
  const callRow = (metric, ours, unit, goal, met) => rows.push({
    group: 'signalling', metric, ours, peer: null, limit: null, unit, ratio_to_peer: null, ratio_to_limit: null,
    goal, met, calls: calls.calls,
  });
  callRow(`call set-up in Chromium, OFFER to connected (median of ${calls.calls.length})`, m.setup_ms, 'ms', 'none (the share has the goal)', null);
  callRow('signalling share of call set-up', r3(m.share * 100), '%', '< 2 %', m.share < 0.02);

  // what the limit says about a goal: can anything built this way reach it here?
  const remarks = [];
  const memRows = rows.filter((r) => r.unit === 'bytes');
  const memBelowLimit = memRows.filter((r) => r.limit !== null && r.peer !== null && r.limit > r.peer / 5);
  if (memBelowLimit.length) {
    remarks.push(`Memory: a fifth of Socket.IO's (${memBelowLimit.map((r) => Math.round(r.peer / 5)).join(', ')} bytes at ` +
      `${memBelowLimit.map((r) => r.metric.match(/([\d,]+) connections/)[1]).join(', ')} connections) is less than the C relay ` +
      `itself holds (${memBelowLimit.map((r) => r.limit).join(', ')} bytes), and the relay keeps nothing per connection but ` +
      "OpenSSL's state and a few words. Where the bytes go (valgrind massif at 2,000 connections; mallinfo2 over 2,000 " +
      'server connections with `bench/c/tls_conn_mem.c`): OpenSSL 3.0 keeps ~14.2 kB of heap for every open TLS 1.3 ' +
      'connection after its handshake, its record buffers released: the SSL object itself 7.6 kB (its record layer has ' +
      'room for 32 pipelines), the two AES-GCM cipher states 2.1 kB, the session 0.9 kB, its per-connection copy of the ' +
      'certificate slots 0.5 kB, locks 0.5 kB, the X25519 key pair 0.5 kB, the handshake digests 0.4 kB, the client\'s ' +
      'cipher list 0.3 kB, the rest ~1.2 kB. No option moves that by more than a few hundred bytes (no tickets, no session ' +
      'cache, no read-ahead: nothing; ChaCha20 first: −0.2 kB; TLS 1.2 alone: −1.1 kB, not taken), and the SSL object ' +
      "with its two cipher states (9.7 kB) is already more than a fifth of Socket.IO's, whose Node.js holds the same " +
      'OpenSSL state. So no server terminating TLS with OpenSSL 3.0 in-process meets that goal; per connection telemed ' +
      `holds ${memRows.map((r) => (r.ours / r.limit).toFixed(2)).join(', ')} times what the relay holds: libwebsockets' ` +
      'connection (0.95 kB), its WebSocket state (0.22 kB) and receive buffer (0.53 kB), ours (0.21 kB), the hub and the ' +
      'room (0.35 kB). Both give the heap back after a burst of handshakes (`malloc_trim`, src/net/heap.c).');
  }
  const hi = rows.find((r) => r.unit === 'messages/s');
  if (hi && hi.peer && hi.limit !== null && hi.limit < 10 * hi.peer) {
    remarks.push(`Rate: ten times Socket.IO's highest rate is ${10 * hi.peer} messages/s; the C relay, which does nothing but ` +
      `decrypt, frame and encrypt each message, reached ${hi.limit}/s with the same load generator on this machine's loopback ` +
      `(each message crosses the kernel's TCP stack twice on the server's one core). telemed reached ${hi.ours}/s, ` +
      `${hi.ratio_to_limit} of the limit.`);
  }
  if (m.share >= 0.02) {
    remarks.push(`Call set-up: of the ${m.signalling_ms} ms the call's messages spend between the pages, telemed's own relay ` +
      'is a small part: at 1,000 messages/s the load generator above measures its whole trip (both TLS hops and the relay) at ' +
      `a median of ${rows.find((r) => r.unit === 'ms' && r.metric.includes('p50'))?.ours} ms; the rest is the receiving ` +
      "page's main thread, busy with the call it is setting up (see the transit per message below: the message that arrives " +
      'while a page applies a description waits longest).');
  }

  const cell = (x, unit) => (x === null ? '—' : `${x} ${unit}`);
  const yes = (met) => (met === null ? '—' : met ? 'yes' : '**no**');
  const table = rows.map((r) => `| ${r.metric} | ${cell(r.ours, r.unit)} | ${cell(r.peer, r.unit)} | ${cell(r.limit, r.unit)} | ${r.ratio_to_peer === null ? '—' : r.ratio_to_peer.toFixed(2)} | ${r.goal} | ${yes(r.met)} |`).join('\n');
  const perRound = (kind) => of(kind).map((r) => `${r.memory.map((x) => x.bytes_per_conn).join('/')} B; ` +
    `${r.fixed.map((f) => `${f.p50_ms}/${f.p99_ms} ms (lag ${f.send_lag_p99_ms})`).join(', ')}; ${r.highest}/s`).join(' — ');
  const ladderOf = (kind) => of(kind).map((r) => r.ladder.map((s) => `${s.rate}: ${s.p99_ms}${s.lost ? ` lost ${s.lost}` : ''}`).join(', ')).join(' — ');
  const md = `
| metric | telemed | Socket.IO | C relay (limit) | ratio to Socket.IO | goal | met |
|---|---|---|---|---|---|---|
${table}

${remarks.join('\n\n')}

How: \`bench/signal_run.sh\` (part of \`make bench\`). \`telemed demo --pairs\`
made the doctor/patient pairs, each with a video appointment under way and a
session of each person (${a['pairs-seconds']} s; one argon2id hash for all). Each round
starts each contender afresh, pinned to core 0, in an order that rotates
round by round, over TLS on loopback with the same P-256 certificate:
telemed (\`/ws\`, \`telemed.v1\`), the peer (${a['socketio-name']},
\`bench/peers/socketio/server.mjs\`, WebSocket transport only, rooms of two,
relaying the same six message types; it checks no identity, ticket or
sender, so it does less than telemed) and the limit (\`bench/peers/relay\`,
a C epoll relay with OpenSSL that pairs rooms and passes frames on, nothing
else). The load generator is \`bench/c/signal_load\` on core 1, in C with
epoll and OpenSSL: the Node.js one written first (\`ws\`) could not send
more than ~14,000 messages a second with p99 under 50 ms even to the C
relay here, so it, not the servers, set the pace. It speaks each
contender's own protocol: telemed's HELLO with the session token and JOIN
with a ticket minted just before through \`POST
/api/v1/appointments/{id}/join\` (\`bench/signal_tickets.mjs\`), raw Engine.IO 4 /
Socket.IO 5 packets for the peer (\`40\`, \`42["JOIN",…]\`, \`42["message",…]\`, a
\`3\` for every ping), the room's name for the relay.

Limits: telemed limits no connections per address; libwebsockets takes as
many connections as the process may open files, and run.sh raises that to
the hard limit (${a['open-files'] ?? '?'} here) before it starts the servers; the load generator
opens 200 connections at a time.

Memory: ${a['signal-conns'].split(',').map(fmtInt).join(', ')} joined, idle connections (half doctors, half
patients, every pair in its room), opened step by step; after each step the
load generator waits until the server is quiet (VmRSS within 0.2 % and
under 5 % of a core used, for 2 s); per connection =
(VmRSS − VmRSS before the first connection) / connections. telemed's tickets
are minted before the first reading, so the REST calls' own memory is not
counted to the connections; its figure includes the worker's work for each
patient's arrival (presence, the queue).

Latency: the connections are closed down to ${fmtInt(latencyConns)} (${fmtInt(latencyConns / 2)} pairs); each
doctor sends CANDIDATE messages (the shape of Chromium's, ~420 bytes) to
their patient, the pairs taken in turn, open loop: message i is due at
start + i / rate whatever happened before, and its latency is receive time −
due time, so a server that falls behind pays for its queue (no coordinated
omission). A 2-second warm-up at 1,000/s is not counted. Fixed rates for ${a['signal-seconds']} s
each, then the ladder ${a['signal-ladder'].split(',').join(', ')} messages/s,
${a['signal-step-seconds']} s a step, until p99 reaches 50 ms or a message is lost (a step
that fails is run once more, after the server is quiet again). At a
rate R each of telemed's connections sends R / ${fmtInt(latencyConns / 2)} messages a second
(${(40000 / (latencyConns / 2)).toFixed(0)}/s at 40,000/s), well under its limit of 50 a second after
a burst of 200. "lag" is the load generator's own p99 lateness in sending:
when it nears the latency, the tool, not the server, set the pace. The two
cores are shared with other work on this machine, so single steps are
noisy; the medians of the rounds are compared.

Rounds (bytes per connection at each step; p50/p99 at each fixed rate; highest rate):
telemed ${perRound('telemed')};
Socket.IO ${perRound('socketio')};
relay ${perRound('relay')}.

Ladders (rate: p99 ms): telemed ${ladderOf('telemed')};
Socket.IO ${ladderOf('socketio')};
relay ${ladderOf('relay')}.

Call set-up: \`bench/call_setup.mjs\` on core 1 drives two Chromium
instances (Debian's, with fake camera and microphone, the browser tests'
flags) through the consultation page of ${calls.calls.length} pairs, one call each:
the patient's page says READY, the doctor's ACKs and starts the video, the
script clicks Accept as soon as the patient's page asks. Pages stamp every
live-channel message they send or receive and their RTCPeerConnection's
connectionState with \`performance.timeOrigin + performance.now()\`. Set-up
is the doctor's OFFER sent → "connected" on both pages; signalling is the
time OFFER, ANSWER and the first CANDIDATE each way spend between one
page's send and the other's receipt (summed: an upper bound; it holds the
server's relay, loopback and the time each receiving page's main thread
took to get to the message); the share is signalling / set-up. Median
set-up ${m.setup_ms} ms, of it ${m.accept_ms} ms for the patient's page from OFFER
received to ANSWER sent (mostly the click); signalling ${m.signalling_ms} ms. Without
the accept, signalling is ${(m.machine_share * 100).toFixed(2)} % of the machines' part of the set-up.
Calls (set-up, accept, signalling ms; OFFER/ANSWER/CANDIDATE to patient/to doctor ms):
${calls.calls.map((c) => `${c.setup_ms}, ${c.accept_ms}, ${c.signalling_ms} (${Object.values(c.transit_ms).join('/')})`).join('; ')}.

Ratios: Socket.IO's memory or latency over telemed's, telemed's rate over
Socket.IO's (above 1 is better for telemed). Reproduce: \`make bench\`, or
\`BENCH_ONLY=signal bash bench/run.sh build/telemed\` for these rows alone, with
\`BENCH_SIGNAL_ROUNDS\`, \`BENCH_SIGNAL_CONNS\`, \`BENCH_SIGNAL_LATENCY_CONNS\`,
\`BENCH_SIGNAL_RATES\`, \`BENCH_SIGNAL_SECONDS\`, \`BENCH_SIGNAL_LADDER\`,
\`BENCH_SIGNAL_STEP_SECONDS\` and \`BENCH_CALLS\` to change the run.
`;
  const log = rows.map((r) => `${r.metric}: telemed ${r.ours} ${r.unit}, Socket.IO ${r.peer ?? '—'}, relay ${r.limit ?? '—'} (goal ${r.goal}) — ${r.met === null ? 'no goal' : r.met ? 'met' : 'NOT met'}`);
  return { rows, md, log };
}

// files_report.mjs — the file transfer row of bench/results.json and the
// "File transfer" section of docs/benchmarks.md, from bench/file_transfer.mjs's
// result (one JSON object: its rounds and medians): a file sent through the
// call page against one bare RTCDataChannel pushing the same bytes (the
// limit), the ratio of the two, and issue 5's goal of at least 70 %.
export const FILES_HEADING = '\n## File transfer\n';
export const FILES_GOAL = 0.7;

const r3 = (x) => Number(x.toFixed(3));

export function filesSection(result) {
  const m = result.median;
  const row = {
    group: 'files',
    metric: `file transfer in a call, ${result.mb} MB on loopback`,
    ours: m.call_mbps,
    peer: null,
    limit: m.limit_mbps,
    unit: 'MB/s',
    ratio_to_peer: null,
    ratio_to_limit: r3(m.ratio),
    goal: `>= ${FILES_GOAL} of one bare RTCDataChannel`,
    met: m.ratio >= FILES_GOAL,
    limit_name: 'two bare pages, one negotiated RTCDataChannel, 64 KiB messages',
    end_to_end_mbps: m.call_end_to_end_mbps,
    rounds: result.rounds,
  };
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const list = (k) => result.rounds.map((r) => r[k]).join(', ');
  const md = `
Written by \`BENCH_ONLY=files bash bench/run.sh\` (or \`make bench\`) on ${when}.

| metric | telemed call page | bare RTCDataChannel (limit) | ratio to the limit | goal | met |
|---|---|---|---|---|---|
| ${row.metric} | ${row.ours} MB/s | ${row.limit} MB/s | ${row.ratio_to_limit.toFixed(2)} | at least ${FILES_GOAL * 100} % of the limit | ${row.met ? 'yes' : '**no**'} |

How: \`bench/file_transfer.mjs\` starts its own telemed and two Chromium
instances with fake cameras, puts them in a real call, and sends a file of
${result.mb} MB of random bytes through the call page's "Send a file" (chunks of
64 KiB with back-pressure, SHA-256 on both sides, video flowing meanwhile).
The limit is two bare pages in the same two browsers pushing the same number
of bytes through one negotiated RTCDataChannel as fast as its buffer takes
them (no video, no file reading, no hashing). Both are timed from the start
of the send to the receiving page's last chunk; the rounds alternate
(${result.rounds.length} of them) and the medians are compared. End to end (until the receiver's
"Arrived intact", both hashes done): ${row.end_to_end_mbps} MB/s.

Rounds (MB/s): call page ${list('call_mbps')}; limit ${list('limit_mbps')}; ratios ${list('ratio')}.

Both ride the same transport (SCTP over DTLS in Chromium, on loopback), so
the bare channel is a ceiling only within the noise of a run: its own rate
swings between runs (11 to 20 MB/s here), and a ratio above 1 means the call
page adds no cost this machine can measure, not that it beats the channel.

Reproduce: \`BENCH_ONLY=files bash bench/run.sh build/telemed\` with
\`BENCH_FILE_MB\` and \`BENCH_FILE_ROUNDS\` to change the run.
`;
  return { row, md, log: [`${row.metric}: call ${row.ours} MB/s, limit ${row.limit} MB/s, ratio ${row.ratio_to_limit} (goal ${FILES_GOAL}) — ${row.met ? 'met' : 'NOT met'}`] };
}

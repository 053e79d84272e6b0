// call_stats.js — call quality read from the page's own RTCPeerConnection:
// every 2 seconds getStats() gives round-trip time, jitter, packet loss,
// bitrates, resolution, frame rate and the candidate type in use; a verdict
// says whose connection is the trouble; at the end the readings become one
// summary of figures (never content) for POST /consultations/{id}/quality.

export const EVERY_MS = 2000;

function byType(stats) {
  const all = new Map();
  stats.forEach((r) => all.set(r.id, r));
  const find = (pred) => [...all.values()].find(pred);
  const transport = find((r) => r.type === 'transport' && r.selectedCandidatePairId);
  const pair = transport ? all.get(transport.selectedCandidatePairId)
    : find((r) => r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded');
  return {
    pair,
    local: pair && all.get(pair.localCandidateId),
    inbound: find((r) => r.type === 'inbound-rtp' && r.kind === 'video'),
    outbound: find((r) => r.type === 'outbound-rtp' && r.kind === 'video'),
    remoteInbound: find((r) => r.type === 'remote-inbound-rtp' && r.kind === 'video'),
  };
}

const kbps = (bytes, before, ms) => (before === undefined || ms <= 0 ? 0 : Math.max(0, ((bytes - before) * 8) / ms));

// One reading from a getStats() report and the previous raw counters.
// Returns { figures, raw } (raw feeds the next call).
export function reading(stats, previous = {}) {
  const s = byType(stats);
  const now = s.inbound?.timestamp || s.outbound?.timestamp || 0;
  const ms = previous.at ? now - previous.at : 0;
  const received = s.inbound?.packetsReceived || 0;
  const lost = Math.max(0, s.inbound?.packetsLost || 0);
  const newReceived = received - (previous.received || 0);
  const newLost = lost - (previous.lost || 0);
  const figures = {
    rtt_ms: 1000 * (s.pair?.currentRoundTripTime ?? s.remoteInbound?.roundTripTime ?? 0),
    jitter_ms: 1000 * (s.inbound?.jitter || 0),
    loss_in_pct: newReceived + newLost > 0 ? (100 * Math.max(0, newLost)) / (newReceived + newLost) : 0,
    loss_out_pct: 100 * (s.remoteInbound?.fractionLost || 0),
    bitrate_in_kbps: kbps(s.inbound?.bytesReceived || 0, previous.bytesIn, ms),
    bitrate_out_kbps: kbps(s.outbound?.bytesSent || 0, previous.bytesOut, ms),
    width: s.inbound?.frameWidth || 0,
    height: s.inbound?.frameHeight || 0,
    fps: s.inbound?.framesPerSecond || 0,
    candidate_type: s.local?.candidateType || 'unknown',
    limited: s.outbound?.qualityLimitationReason || 'none',
  };
  figures.verdict = verdict(figures);
  return { figures, raw: { at: now, received, lost, bytesIn: s.inbound?.bytesReceived, bytesOut: s.outbound?.bytesSent } };
}

// Whose connection is the trouble: what we send is lost or held back by
// bandwidth, or the path is slow → our own; what we receive is lost or
// jittery while our side is fine → the other side's.
export function verdict(f) {
  if (f.loss_out_pct > 5 || f.limited === 'bandwidth' || f.rtt_ms > 400) return 'own_connection';
  if (f.loss_in_pct > 5 || f.jitter_ms > 60) return 'peer_connection';
  return 'good';
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x, places = 1) => Math.round(x * 10 ** places) / 10 ** places;

// The summary of a call's readings (figures of seconds seconds).
export function summary(readings, seconds) {
  const last = readings[readings.length - 1] || {};
  const verdicts = readings.map((r) => r.verdict);
  const most = ['good', 'own_connection', 'peer_connection']
    .map((v) => [v, verdicts.filter((x) => x === v).length]).sort((a, b) => b[1] - a[1])[0][0];
  return {
    duration_seconds: Math.max(0, Math.min(86400, Math.round(seconds))),
    samples: readings.length,
    rtt_avg_ms: round(mean(readings.map((r) => r.rtt_ms))),
    rtt_max_ms: round(Math.max(0, ...readings.map((r) => r.rtt_ms))),
    jitter_avg_ms: round(mean(readings.map((r) => r.jitter_ms))),
    packet_loss_pct: round(Math.min(100, mean(readings.map((r) => r.loss_in_pct))), 2),
    bitrate_in_kbps: round(mean(readings.map((r) => r.bitrate_in_kbps))),
    bitrate_out_kbps: round(mean(readings.map((r) => r.bitrate_out_kbps))),
    frame_width: last.width || 0,
    frame_height: last.height || 0,
    frame_rate: round(mean(readings.map((r) => r.fps))),
    candidate_type: ['host', 'srflx', 'prflx', 'relay'].includes(last.candidate_type) ? last.candidate_type : 'unknown',
    verdict: most,
  };
}

// Reads pc every EVERY_MS and hands each reading's figures to on; returns
// the function that stops it.
export function watchQuality(pc, on) {
  let previous = {};
  const timer = setInterval(async () => {
    if (pc.connectionState === 'closed') return;
    const { figures, raw } = reading(await pc.getStats(), previous);
    previous = raw;
    on(figures);
  }, EVERY_MS);
  return () => clearInterval(timer);
}

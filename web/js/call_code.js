// call_code.js — the short code both participants read to each other: six
// digits derived from the two DTLS certificate fingerprints of the
// negotiated SDP. Each page sees its own fingerprint and the one it
// received; if anyone (even a compromised signalling server) sat in the
// middle, the two pages would hold different pairs and show different codes.

// The a=fingerprint values of an SDP text, e.g. "sha-256 AB:CD:…".
function fingerprints(sdp) {
  return [...new Set((sdp || '').split(/\r?\n/)
    .filter((l) => l.startsWith('a=fingerprint:'))
    .map((l) => l.slice('a=fingerprint:'.length).trim().toLowerCase()))];
}

// "123 456", or null while either description lacks a fingerprint.
export async function securityCode(localSdp, remoteSdp) {
  const mine = fingerprints(localSdp);
  const theirs = fingerprints(remoteSdp);
  if (!mine.length || !theirs.length) return null;
  const both = [mine.join(','), theirs.join(',')].sort().join('|'); // same order on both sides
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(both)));
  const n = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
  const digits = String(n % 1_000_000).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

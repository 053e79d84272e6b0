// ice_privacy.js — what a page in relay-only mode (RFC 8828) may say over
// signalling: only relay candidates, in trickle and in the SDP alike. The
// RTCPeerConnection gathers nothing else under iceTransportPolicy 'relay';
// this makes sure no host or server-reflexive address is ever sent even if
// a browser did.

const candidateType = (line) => / typ (\w+)/.exec(line)?.[1];

// Whether a trickled RTCIceCandidate (or its JSON) may be sent.
export function mayShareCandidate(candidate, relayOnly) {
  if (!relayOnly) return true;
  return (candidate.type || candidateType(candidate.candidate || '')) === 'relay';
}

// An RTCSessionDescription's JSON without the a=candidate lines that are
// not relay candidates.
export function shareableDescription(description, relayOnly) {
  if (!relayOnly || !description.sdp) return description;
  const sdp = description.sdp.split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || candidateType(line) === 'relay').join('\r\n');
  return { ...description, sdp };
}

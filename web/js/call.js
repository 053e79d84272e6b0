// call.js — one video call over WebRTC, signalled with seed 002's messages
// through the live channel (docs/protocol.md). The doctor offers, the
// patient accepts or declines; candidates trickle both ways; BYE from
// either side ends it for both. No page code here: the page gives callbacks.
import { sendLive } from './live.js';
import { securityCode } from './call_code.js';

// join: the answer of POST /appointments/{id}/join; stream: own media.
// on.state(name) with 'idle' | 'offered' | 'connecting' | 'connected' |
// 'ended'; on.remote(MediaStream); on.code("123 456") once connected;
// on.sending(MediaStreamTrack) when what the camera slot sends changes.
export function createCall(join, stream, on) {
  const { session_id: session, self, peer, role, ice_servers: iceServers } = join;
  // 'relay' in the clinic's privacy mode: only TURN, so neither side learns
  // the other's address (RFC 8828)
  const iceTransportPolicy = join.ice_transport_policy === 'relay' ? 'relay' : 'all';
  let pc = null;
  let screen = null; // the screen's track while sharing
  let videoSender = null; // carries the camera, or the screen instead
  let negotiated = false; // the first offer has been answered
  let pendingOffer = null;
  const early = []; // candidates that came before the remote description

  const send = (type, extra = {}) => sendLive({
    type, sender: self.id,
    data: { to: peer.id, from: self.id, session_id: session, media: 'video', ...extra },
  });

  function connection() {
    pc = new RTCPeerConnection({ iceServers, iceTransportPolicy });
    for (const track of stream.getTracks()) {
      const sender = pc.addTrack(track, stream);
      if (track.kind === 'video') videoSender = sender;
      favour(sender, track.kind === 'audio' ? 'high' : 'low');
    }
    pc.onicecandidate = (e) => { if (e.candidate) send('CANDIDATE', { candidate: e.candidate.toJSON() }); };
    pc.ontrack = (e) => on.remote(e.streams[0]);
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected') {
        on.state('connected');
        securityCode(pc.localDescription?.sdp, pc.remoteDescription?.sdp).then((c) => c && on.code?.(c));
      }
      // the offerer restarts ICE (a new offer follows through
      // negotiationneeded); the patient's page waits for that offer
      if (pc.connectionState === 'failed' && role === 'doctor') pc.restartIce();
    };
    pc.onnegotiationneeded = () => { if (role === 'doctor' && negotiated) offer(); };
    return pc;
  }

  async function offer() {
    const o = await pc.createOffer();
    await pc.setLocalDescription(o);
    send('OFFER', { description: pc.localDescription.toJSON() });
  }

  // Patient: answers an offer on the connection there is.
  async function answer(description) {
    await pc.setRemoteDescription(description);
    await flushCandidates();
    await pc.setLocalDescription(await pc.createAnswer());
    send('ANSWER', { description: pc.localDescription.toJSON() });
  }

  async function flushCandidates() {
    while (early.length) await pc.addIceCandidate(early.shift());
  }

  // On a weak network video gives way before sound does: the browser's
  // bandwidth goes first to the higher priority, and video keeps its
  // frame rate by lowering its resolution.
  function favour(sender, priority) {
    const params = sender.getParameters();
    if (!params.encodings?.length) return;
    params.encodings.forEach((e) => { e.priority = priority; e.networkPriority = priority; });
    if (sender.track?.kind === 'video') params.degradationPreference = 'maintain-framerate';
    sender.setParameters(params).catch(() => {}); // advisory: a browser may refuse
  }

  // Camera or screen through the same sender: no renegotiation.
  async function sendVideo(track) {
    if (!videoSender) return;
    await videoSender.replaceTrack(track);
    if (track) on.sending?.(track);
  }

  async function stopSharing() {
    if (!screen) return;
    const s = screen;
    screen = null;
    s.stop();
    await sendVideo(stream.getVideoTracks()[0]);
  }

  // Ends the connection here without a word to the other side.
  function drop() {
    screen?.stop();
    screen = null;
    if (pc) pc.close();
    pc = null;
    negotiated = false;
    pendingOffer = null;
    early.length = 0;
  }

  function close() {
    drop();
    on.state('ended');
  }

  return {
    // Doctor: starts the call.
    async start() {
      connection();
      on.state('connecting');
      await offer();
    },
    // Patient: takes the offer that came.
    async accept() {
      connection();
      on.state('connecting');
      await answer(pendingOffer);
    },
    decline() {
      pendingOffer = null;
      send('BYE');
      close();
    },
    hangUp() {
      send('BYE');
      close();
    },
    // Either side: sends no video at all (audio only) or the camera again;
    // no renegotiation.
    async audioOnly(on) {
      if (screen) await stopSharing();
      await sendVideo(on ? null : stream.getVideoTracks()[0]);
    },
    // Either side: sends a screen (or window, or tab) instead of the camera
    // until stopScreen() or the browser's own "stop sharing".
    async shareScreen() {
      if (!pc || screen) return;
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      screen = display.getVideoTracks()[0];
      screen.onended = () => stopSharing();
      await sendVideo(screen);
    },
    stopScreen: stopSharing,
    // The other page was reloaded and is back in the room: this connection
    // is dead; forget it without BYE, ready for a new start.
    drop,
    // Doctor: a new ICE negotiation on the call there is.
    restartIce: () => pc?.restartIce(),
    active: () => Boolean(pc),
    // The media path is up (not merely being negotiated).
    established: () => pc?.connectionState === 'connected',
    sharing: () => Boolean(screen),
    // A relayed message of this session from the peer.
    async handle(m) {
      const d = m.data || {};
      if (d.session_id !== session || d.from !== peer.id) return;
      if (m.type === 'OFFER' && role === 'patient' && pc) {
        await answer(d.description); // a renegotiation (ICE restart) of the call there is
      } else if (m.type === 'OFFER' && role === 'patient') {
        pendingOffer = d.description;
        on.state('offered');
      } else if (m.type === 'ANSWER' && pc) {
        await pc.setRemoteDescription(d.description);
        await flushCandidates();
        negotiated = true;
      } else if (m.type === 'CANDIDATE' && d.candidate) {
        if (pc && pc.remoteDescription) await pc.addIceCandidate(d.candidate);
        else early.push(d.candidate);
      } else if (m.type === 'BYE') {
        close();
      }
    },
    peerConnection: () => pc,
  };
}

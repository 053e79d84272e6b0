// call.js — one video call over WebRTC, signalled with seed 002's messages
// through the live channel (docs/protocol.md). The doctor offers, the
// patient accepts or declines; candidates trickle both ways; BYE from
// either side ends it for both. ICE restarts when the connection fails or
// either side's network changes (the patient asks the doctor with RESTART).
// No page code here: the page gives callbacks.
import { sendLive } from './live.js';
import { securityCode } from './call_code.js';
import { mayShareCandidate, shareableDescription } from './ice_privacy.js';
import { watchNetwork } from './network_watch.js';
import { openChannels } from './collab_channels.js';

// join: the answer of POST /appointments/{id}/join; stream: own media.
// on.state(name) with 'idle' | 'offered' | 'connecting' | 'connected' |
// 'ended'; on.remote(MediaStream); on.code("123 456") once connected;
// on.sending(MediaStreamTrack) when what the camera slot sends changes;
// on.channels(channels) with each new connection's data channels
// (collab_channels.js), made before its first offer or answer.
// The stream may lack a camera or a microphone (none, or refused): the call
// still has a sender of each kind, so a device chosen later is sent with
// replaceTrack() and no renegotiation, and the other side is received.
export function createCall(join, stream, on) {
  const { session_id: session, self, peer, role } = join;
  let ice = join; // the join answer whose ICE servers and policy the next connection uses
  // 'relay' in the clinic's privacy mode or either participant's: only
  // TURN, so neither side learns the other's address (RFC 8828)
  const relayOnly = () => ice.ice_transport_policy === 'relay';
  let pc = null;
  let screen = null; // the screen's track while sharing
  let senders = {}; // by kind; the video one carries the camera, or the screen instead
  let videoOff = false; // audio only: the camera waits in the stream
  let remoteStream = null; // for tracks that came without a stream
  let negotiated = false; // the first offer has been answered
  let pendingOffer = null;
  const early = []; // candidates that came before the remote description
  let unwatch = null; // stops watching the network
  let restarting = false; // an ICE restart is wanted and its negotiation not yet done
  let channels = null; // the data channels of pc

  const send = (type, extra = {}) => sendLive({
    type, sender: self.id,
    data: { to: peer.id, from: self.id, session_id: session, media: 'video', ...extra },
  });

  function connection() {
    pc = new RTCPeerConnection({ iceServers: ice.ice_servers, iceTransportPolicy: relayOnly() ? 'relay' : 'all' });
    senders = {};
    videoOff = false;
    remoteStream = null;
    for (const kind of ['audio', 'video']) {
      const track = stream.getTracks().find((tr) => tr.kind === kind);
      // the doctor offers a kind it cannot send yet; the patient takes up
      // the offer's transceiver in answer()
      if (track) senders[kind] = pc.addTrack(track, stream);
      else if (role === 'doctor') senders[kind] = pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] }).sender;
      if (senders[kind]) favour(senders[kind], kind);
    }
    // negotiated channels go into the first offer: no renegotiation later
    channels = openChannels(pc);
    on.channels?.(channels);
    pc.onicecandidate = (e) => {
      if (e.candidate && mayShareCandidate(e.candidate, relayOnly())) send('CANDIDATE', { candidate: e.candidate.toJSON() });
    };
    pc.ontrack = (e) => {
      if (e.streams[0]) { on.remote(e.streams[0]); return; }
      remoteStream = remoteStream || new MediaStream();
      remoteStream.addTrack(e.track);
      on.remote(remoteStream);
    };
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
    unwatch?.();
    unwatch = watchNetwork(networkChanged);
    return pc;
  }

  // The paths the call found may be gone with the old network: the doctor
  // restarts ICE (a new offer with new credentials follows through
  // negotiationneeded); the patient, who never offers, asks the doctor to.
  function networkChanged() {
    if (!pc || !pc.remoteDescription) return; // nothing negotiated yet
    restarting = true;
    askRestart();
  }

  function askRestart() {
    if (role === 'patient') send('RESTART');
    // an offer lost with the old network goes again as it was
    else if (pc.signalingState === 'have-local-offer') send('OFFER', { description: ownDescription() });
    else pc.restartIce();
  }

  const ownDescription = () => shareableDescription(pc.localDescription.toJSON(), relayOnly());

  async function offer() {
    const o = await pc.createOffer();
    await pc.setLocalDescription(o);
    send('OFFER', { description: ownDescription() });
  }

  // Patient: answers an offer on the connection there is.
  async function answer(description) {
    await pc.setRemoteDescription(description);
    takeUpMissing();
    await flushCandidates();
    await pc.setLocalDescription(await pc.createAnswer());
    send('ANSWER', { description: ownDescription() });
  }

  // Patient without a camera or microphone: sends on the offer's
  // transceiver of that kind once a device is chosen.
  function takeUpMissing() {
    for (const kind of ['audio', 'video']) {
      if (senders[kind]) continue;
      const tr = pc.getTransceivers().find((x) => x.receiver.track.kind === kind && !x.sender.track);
      if (!tr) continue;
      tr.direction = 'sendrecv';
      tr.sender.setStreams?.(stream);
      senders[kind] = tr.sender;
      favour(tr.sender, kind);
    }
  }

  async function flushCandidates() {
    while (early.length) await pc.addIceCandidate(early.shift());
  }

  // On a weak network video gives way before sound does: the browser's
  // bandwidth goes first to the higher priority, and video keeps its
  // frame rate by lowering its resolution.
  function favour(sender, kind) {
    const priority = kind === 'audio' ? 'high' : 'low';
    const params = sender.getParameters();
    if (!params.encodings?.length) return;
    params.encodings.forEach((e) => { e.priority = priority; e.networkPriority = priority; });
    if (kind === 'video') params.degradationPreference = 'maintain-framerate';
    sender.setParameters(params).catch(() => {}); // advisory: a browser may refuse
  }

  // Camera or screen through the same sender: no renegotiation.
  async function sendVideo(track) {
    if (!senders.video) return;
    await senders.video.replaceTrack(track);
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
    unwatch?.();
    unwatch = null;
    restarting = false;
    screen?.stop();
    screen = null;
    if (pc) pc.close();
    channels?.closed();
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
    // Doctor: starts the call. fresh: a join answer asked for just now, so
    // the TURN credentials are new and a privacy mode either side turned on
    // since the room was entered counts.
    async start(fresh = ice) {
      ice = fresh;
      connection();
      on.state('connecting');
      await offer();
    },
    // Patient: takes the offer that came (fresh: as for start).
    async accept(fresh = ice) {
      ice = fresh;
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
      videoOff = on;
      await sendVideo(on ? null : stream.getVideoTracks()[0]);
    },
    // Either side: a camera or microphone from another device (already in
    // the stream in place of the old one) goes out through the same sender.
    // While a screen is shared or video is off, the new camera waits.
    async replaceTrack(track) {
      if (!pc) return;
      if (track.kind === 'audio') await senders.audio?.replaceTrack(track);
      else if (!screen && !videoOff) await sendVideo(track);
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
    // The live channel is back (it may have gone with the network): a
    // restart asked for meanwhile is asked for again.
    resume() {
      if (pc && restarting) askRestart();
    },
    active: () => Boolean(pc),
    // The media path is up (not merely being negotiated).
    established: () => pc?.connectionState === 'connected',
    sharing: () => Boolean(screen),
    // A relayed message of this session from the peer.
    async handle(m) {
      const d = m.data || {};
      if (d.session_id !== session || d.from !== peer.id) return;
      if (m.type === 'OFFER' && role === 'patient' && pc) {
        restarting = false;
        await answer(d.description); // a renegotiation (ICE restart) of the call there is
      } else if (m.type === 'OFFER' && role === 'patient') {
        pendingOffer = d.description;
        on.state('offered');
      } else if (m.type === 'ANSWER' && pc) {
        restarting = false;
        await pc.setRemoteDescription(d.description);
        await flushCandidates();
        negotiated = true;
      } else if (m.type === 'CANDIDATE' && d.candidate) {
        if (pc && pc.remoteDescription) await pc.addIceCandidate(d.candidate);
        else early.push(d.candidate);
      } else if (m.type === 'RESTART' && role === 'doctor' && pc && negotiated) {
        restarting = true; // the patient's network changed
        askRestart();
      } else if (m.type === 'BYE') {
        close();
      }
    },
    peerConnection: () => pc,
    channels: () => channels,
  };
}

// call_room.js — the consultation room once its window is open: own camera
// as a thumbnail, the other side large, the seed 002 flow (the patient's
// page says READY every 2 seconds until the doctor's page ACKs; the doctor
// sees the patient waiting and starts the video; the patient accepts or
// declines), microphone and camera switches, screen sharing by either side,
// the security code both read to each other, and hanging up for both.
// Before the call, the device check (device_check.js); during it, the same
// device choice (device_switch.js), a timer and full screen; chat, files
// and the whiteboard over the call's data channels (collab_panel.js), and
// live vital signs from the patient's sensors (vitals_call.js).
// Rejoins with a fresh ticket whenever the live channel comes back.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { liveIsReady, onLive, sendLive } from './live.js';
import { createCall } from './call.js';
import { QualityIndicator, QualityPanel, useCallQuality } from './call_quality.js';
import { deviceOf, openMedia, useDeviceLists } from './devices.js';
import { useDeviceSwitch } from './device_switch.js';
import { DeviceCheck, DeviceProblem } from './device_check.js';
import { DeviceSelects } from './device_select.js';
import { CallTimer } from './call_timer.js';
import { FullscreenButton } from './fullscreen.js';
import { CollabPanel } from './collab_panel.js';
import { VitalsCallPanel } from './vitals_call.js';

const READY_EVERY_MS = 2000;

export function CallRoom({ id, role }) {
  const [phase, setPhase] = useState('joining');
  const [peer, setPeer] = useState(null);
  const [error, setError] = useState('');
  const [mic, setMic] = useState(true);
  const [cam, setCam] = useState(true);
  const [code, setCode] = useState('');
  const [sharing, setSharing] = useState(false);
  const [audioOnly, setAudioOnly] = useState(false);
  const [own, setOwn] = useState(null); // the own stream, once open
  const [mediaProblem, setMediaProblem] = useState('');
  const [channels, setChannels] = useState(null); // the data channels of the current connection
  const local = useRef(null);
  const remote = useRef(null);
  const videos = useRef(null);
  const call = useRef(null);
  const stream = useRef(null);
  const showOwn = (track) => {
    if (local.current && !call.current?.sharing()) local.current.srcObject = new MediaStream([track]);
  };
  const devices = useDeviceSwitch(stream, call, remote, showOwn);
  const lists = useDeviceLists(own);

  useEffect(() => {
    let gone = false;
    let ready = null;
    let join = null;
    let replaced = false;
    const stopReady = () => { clearInterval(ready); ready = null; };
    const ack = () => sendLive({ type: 'ACK', sender: join.self.id,
      data: { to: join.peer.id, from: join.self.id, session_id: id, media: 'video' } });
    const startReady = () => {
      if (ready) return;
      const say = () => sendLive({ type: 'READY', sender: join.self.id,
        data: { to: join.peer.id, from: join.self.id, session_id: id, media: 'video' } });
      say();
      ready = setInterval(say, READY_EVERY_MS);
    };
    const sendJoin = async () => {
      try {
        join = await api('POST', `/appointments/${encodeURIComponent(id)}/join`);
      } catch (err) {
        setError(err.message);
        return;
      }
      if (gone) return;
      setPeer(join.peer);
      if (!call.current) {
        call.current = createCall(join, stream.current, {
          state: (s) => { setPhase(s); if (s === 'ended') stopReady(); },
          remote: (s) => { if (remote.current) remote.current.srcObject = s; },
          code: setCode,
          channels: setChannels,
          sending: (track) => {
            if (local.current) local.current.srcObject = new MediaStream([track]);
            setSharing(call.current?.sharing() || false);
            setAudioOnly(false);
          },
        });
        window.__telemedCall = call.current; // for the browser tests' getStats
      }
      sendLive({ type: 'JOIN', ticket: join.ticket });
    };
    const offs = [
      onLive('WELCOME', () => { if (stream.current && !replaced) sendJoin(); }),
      onLive('ERROR', (m) => {
        if (m.code !== 'replaced') return;
        // opened on another page or device: that one has the room now; this
        // one stops, and does not take it back when its channel reconnects
        replaced = true;
        stopReady();
        call.current?.drop();
        setPhase('replaced');
      }),
      onLive('JOINED', (m) => {
        if (m.session_id !== id) return;
        setPhase((p) => (p === 'joining' ? 'waiting' : p));
        // a page back after the signalling dropped keeps its call and says
        // nothing; a fresh page announces itself: the patient's says READY,
        // the doctor's an ACK (which a patient still in a call takes as
        // "the doctor's page was reloaded")
        if (call.current?.active()) {
          call.current.resume();
          return;
        }
        if (role === 'patient') startReady();
        else if (m.participants?.some((x) => x.id !== join.self.id && x.present)) {
          ack(); // the patient is already here
          setPhase('patient_here');
        }
      }),
      onLive('READY', (m) => {
        if (role !== 'doctor' || m.data?.session_id !== id) return;
        // the patient's page came back (reloaded); a READY that crossed the
        // ACK while the call is still being set up is not that
        if (call.current?.established()) {
          call.current.drop();
          setPhase('waiting');
        }
        ack();
        setPhase((p) => (p === 'waiting' ? 'patient_here' : p));
      }),
      onLive('ACK', (m) => {
        if (m.data?.session_id !== id) return;
        if (call.current?.established()) { // the doctor's page came back (reloaded)
          call.current.drop();
          setPhase('waiting');
          startReady();
          return;
        }
        stopReady();
        setPhase((p) => (p === 'waiting' ? 'acknowledged' : p));
      }),
      onLive('PEER_LEFT', (m) => {
        if (m.session_id === id && role === 'doctor') setPhase((p) => (p === 'patient_here' ? 'waiting' : p));
      }),
      ...['OFFER', 'ANSWER', 'CANDIDATE', 'RESTART', 'BYE'].map((type) => onLive(type, (m) => call.current?.handle(m))),
    ];
    // a refused or missing camera or microphone still joins: the call then
    // sends what there is and receives the other side
    openMedia().then(({ stream: s, problem }) => {
      if (gone) { s.getTracks().forEach((tr) => tr.stop()); return; }
      stream.current = s;
      setOwn(s);
      setMediaProblem(problem);
      if (local.current) local.current.srcObject = s;
      if (liveIsReady()) sendJoin();
    });
    return () => {
      gone = true;
      stopReady();
      offs.forEach((off) => off());
      if (call.current) call.current.hangUp();
      stream.current?.getTracks().forEach((tr) => tr.stop());
      call.current = null;
      delete window.__telemedCall;
    };
  }, [id]);

  const toggle = (kind, on, set) => {
    stream.current?.getTracks().filter((tr) => tr.kind === kind).forEach((tr) => { tr.enabled = !on; });
    set(!on);
  };
  const share = async () => {
    try {
      await (sharing ? call.current.stopScreen() : call.current.shareScreen());
    } catch {
      setSharing(false); // the person chose not to share
    }
  };
  // start or accept with ICE servers and transport policy asked for now
  const begin = async (step) => {
    try {
      const fresh = await api('POST', `/appointments/${encodeURIComponent(id)}/join`);
      await call.current[step](fresh);
    } catch (err) {
      setError(err.message);
    }
  };
  const quality = useCallQuality(id, call, phase);
  const live = phase === 'connecting' || phase === 'connected';
  const before = !live && phase !== 'ended' && phase !== 'replaced';
  const name = peer ? peer.name : '';
  const current = { camera: deviceOf(own, 'camera'), mic: deviceOf(own, 'mic'), speaker: devices.speaker || lists.speaker[0]?.id };
  const problem = devices.problem || mediaProblem;
  return html`<div class="call" data-phase=${phase}>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <p class="call-state" role="status">${t('call_' + phase, { name })}</p>
    ${phase === 'patient_here' && html`<button type="button" onClick=${() => begin('start')}>${t('call_start')}</button>`}
    ${phase === 'offered' && html`<div class="actions">
      <button type="button" onClick=${() => begin('accept')}>${t('call_accept')}</button>
      <button type="button" class="secondary" onClick=${() => call.current.decline()}>${t('call_decline')}</button>
    </div>`}
    ${phase === 'connected' && code && html`<p class="call-code">${t('call_code')} <strong data-code>${code}</strong>. ${t('call_code_hint', { name })}</p>`}
    ${phase === 'connected' && html`<${QualityIndicator} latest=${quality.latest} name=${peer?.name || ''} />`}
    ${before && html`<${DeviceCheck} stream=${own} version=${devices.version} lists=${lists} current=${current} choose=${devices.choose} problem=${problem} />`}
    <div class="videos" ref=${videos}>
      <video class="remote" ref=${remote} autoplay playsinline aria-label=${t('call_remote_video', { name })}></video>
      <video class="local" ref=${local} autoplay playsinline muted hidden=${before} aria-label=${t('call_own_video')}></video>
      ${live && html`<div class="video-bar"><${CallTimer} phase=${phase} /><${FullscreenButton} target=${videos} /></div>`}
    </div>
    <div class="actions">
      <button type="button" class="secondary" aria-pressed=${!mic} onClick=${() => toggle('audio', mic, setMic)}>${t(mic ? 'call_mic_off' : 'call_mic_on')}</button>
      <button type="button" class="secondary" aria-pressed=${!cam} onClick=${() => toggle('video', cam, setCam)}>${t(cam ? 'call_cam_off' : 'call_cam_on')}</button>
      ${live && html`<button type="button" class="secondary" aria-pressed=${audioOnly} onClick=${async () => { await call.current.audioOnly(!audioOnly); setAudioOnly(!audioOnly); setSharing(false); }}>${t(audioOnly ? 'call_video_again' : 'call_audio_only')}</button>`}
      ${live && navigator.mediaDevices?.getDisplayMedia && html`<button type="button" class="secondary" aria-pressed=${sharing} onClick=${share}>${t(sharing ? 'call_share_stop' : 'call_share')}</button>`}
      ${live && html`<button type="button" class="danger" onClick=${() => call.current.hangUp()}>${t('call_hang_up')}</button>`}
    </div>
    ${live && html`<${DeviceProblem} problem=${problem} />
      <${DeviceSelects} lists=${lists} current=${current} choose=${devices.choose} />`}
    ${channels && phase !== 'replaced' && html`<${VitalsCallPanel} channels=${channels} role=${role} peer=${peer} />
      <${CollabPanel} channels=${channels} peerName=${name} appointmentId=${id} role=${role} />`}
    ${phase === 'connected' && html`<${QualityPanel} latest=${quality.latest} history=${quality.history} />`}
  </div>`;
}

// device_switch.js — changing camera, microphone or speaker, before or
// during a call. A new track from the chosen device takes the old one's
// place in the own stream and, in a call, in its sender
// (RTCRtpSender.replaceTrack: no renegotiation); then the old track stops.
// The speaker choice is applied to the other side's video (setSinkId).
// Every choice is remembered on this device (devices.js).
import { useEffect, useState } from 'preact/hooks';
import { canChooseSpeaker, chosen, deviceOf, openTrack, problemOf, remember, trackOf } from './devices.js';

// stream, call, remote: refs of the own MediaStream, the createCall()
// object and the remote video element; shown(track) when a new camera
// track is there to be shown. Returns { version, speaker, problem,
// choose(kind, id), changed() } — version counts changes of the stream,
// changed() says the stream itself was (re)opened.
export function useDeviceSwitch(stream, call, remote, shown) {
  const [version, setVersion] = useState(0);
  const [speaker, setSpeaker] = useState(chosen().speaker || '');
  const [problem, setProblem] = useState('');

  // the remembered speaker, if it is still there (else the default plays)
  useEffect(() => {
    if (speaker && canChooseSpeaker) remote.current?.setSinkId(speaker).catch(() => {});
  }, []);

  async function choose(kind, id) {
    setProblem('');
    remember({ [kind]: id });
    if (kind === 'speaker') {
      setSpeaker(id);
      if (!canChooseSpeaker || !remote.current) return;
      await remote.current.setSinkId(id).catch(() => setProblem('devices_speaker_failed'));
      return;
    }
    const s = stream.current;
    if (!s || deviceOf(s, kind) === id) return;
    let track;
    try {
      track = await openTrack(kind, id);
    } catch (err) {
      setProblem(problemOf(err));
      return;
    }
    const old = trackOf(s, kind);
    if (old) {
      track.enabled = old.enabled; // a camera turned off stays off
      s.removeTrack(old);
    }
    s.addTrack(track);
    await call.current?.replaceTrack(track).catch(() => setProblem('devices_switch_failed'));
    old?.stop();
    if (kind === 'camera') shown(track);
    setVersion((v) => v + 1);
  }

  return { version, speaker, problem, choose, changed: () => setVersion((v) => v + 1) };
}

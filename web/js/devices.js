// devices.js — cameras, microphones and speakers: the lists the browser
// offers (kept current on `devicechange`), the choice remembered on this
// device, and opening media with that choice. A missing or refused camera
// or microphone never stops a call: what can be opened is used, and the
// problem is named for the page to show. No page code here.
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n.js';

const KEY = 'telemed.devices';
const KINDS = { camera: 'videoinput', mic: 'audioinput', speaker: 'audiooutput' };

// Whether the page can choose where sound plays (setSinkId).
export const canChooseSpeaker = typeof HTMLMediaElement !== 'undefined'
  && 'setSinkId' in HTMLMediaElement.prototype;

// The remembered choice: { camera, mic, speaker } of device ids.
export function chosen() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) || {};
  } catch {
    return {};
  }
}

export function remember(part) {
  localStorage.setItem(KEY, JSON.stringify({ ...chosen(), ...part }));
}

// { camera: [{ id, label }], mic: […], speaker: […] }; labels are empty
// until the person has allowed a camera or microphone.
export async function listDevices() {
  const all = await navigator.mediaDevices?.enumerateDevices?.() || [];
  const lists = {};
  for (const [name, kind] of Object.entries(KINDS)) {
    lists[name] = all.filter((d) => d.kind === kind && d.deviceId)
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${t('device_' + name)} ${i + 1}` }));
  }
  return lists;
}

// The lists, again whenever a device comes or goes; `again` (any value that
// changes) asks once more, e.g. after permission brought the labels.
export function useDeviceLists(again) {
  const [lists, setLists] = useState({ camera: [], mic: [], speaker: [] });
  useEffect(() => {
    let gone = false;
    const read = () => listDevices().then((l) => { if (!gone) setLists(l); }).catch(() => {});
    read();
    navigator.mediaDevices?.addEventListener?.('devicechange', read);
    return () => { gone = true; navigator.mediaDevices?.removeEventListener?.('devicechange', read); };
  }, [again]);
  return lists;
}

// Exactly that device, or any of its kind when no id is given.
const want = (id) => (id ? { deviceId: { exact: id } } : true);

// The stream's track of this kind ('camera' or 'mic'), if any.
export const trackOf = (stream, kind) => (kind === 'camera' ? stream?.getVideoTracks()[0] : stream?.getAudioTracks()[0]);

// The i18n key of a getUserMedia failure.
export function problemOf(err) {
  if (err?.name === 'NotAllowedError' || err?.name === 'SecurityError') return 'devices_denied';
  if (err?.name === 'NotReadableError' || err?.name === 'AbortError') return 'devices_busy';
  return 'devices_none';
}

// Own media with the remembered devices, or any if one of them is gone:
// { stream, problem } where problem is '' or an i18n key. Falls back to
// sound only, then picture only, then nothing (the call still receives).
// The remembered ids are asked for exactly: Chromium does not always honour
// an `ideal` device id.
export async function openMedia(choice = chosen()) {
  const md = navigator.mediaDevices;
  if (!md?.getUserMedia) return { stream: new MediaStream(), problem: 'devices_none' };
  const tries = [[{ audio: true, video: true }, ''], [{ audio: true }, 'devices_no_camera'], [{ video: true }, 'devices_no_mic']];
  if (choice.mic || choice.camera) tries.unshift([{ audio: want(choice.mic), video: want(choice.camera) }, '']);
  let reason = null; // why both could not be had
  for (const [constraints, problem] of tries) {
    try {
      return { stream: await md.getUserMedia(constraints), problem };
    } catch (err) {
      if (!problem) reason = err;
    }
  }
  return { stream: new MediaStream(), problem: problemOf(reason) };
}

// A new track of one kind ('camera' or 'mic') from exactly that device.
export async function openTrack(kind, id) {
  return trackOf(await navigator.mediaDevices.getUserMedia(kind === 'camera' ? { video: want(id) } : { audio: want(id) }), kind);
}

// The id of the device a stream's track of this kind comes from ('' if none).
export function deviceOf(stream, kind) {
  return trackOf(stream, kind)?.getSettings().deviceId || '';
}

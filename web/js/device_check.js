// device_check.js — the check before a call, on the consultation page while
// the patient waits or the doctor has not started yet: the own camera's
// live preview, the microphone's level, a speaker test, and the choice of
// each device (device_select.js), with a clear word when a camera or
// microphone is refused or missing. The stream it shows is the one the
// call will send.
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';
import { DeviceSelects } from './device_select.js';
import { MicMeter } from './mic_meter.js';
import { SpeakerTest } from './speaker_test.js';

// A line saying what is wrong with the devices ('' shows nothing).
export function DeviceProblem({ problem }) {
  return problem ? html`<p class="notice device-problem" role="alert">${t(problem)}</p>` : null;
}

// stream: the own MediaStream (null while it opens); version: changes when
// its tracks do; lists, current, choose: as DeviceSelects; problem: an
// i18n key or ''.
export function DeviceCheck({ stream, version, lists, current, choose, problem }) {
  const preview = useRef(null);
  useEffect(() => {
    if (preview.current) preview.current.srcObject = stream ? new MediaStream(stream.getVideoTracks()) : null;
  }, [stream, version]);
  const camera = stream?.getVideoTracks().length > 0;
  return html`<section class="device-check" aria-labelledby="device-check-title">
    <h2 id="device-check-title">${t('device_check')}</h2>
    <p class="muted">${t('device_check_text')}</p>
    <${DeviceProblem} problem=${problem} />
    <div class="device-check-body">
      <video class="preview" ref=${preview} autoplay playsinline muted hidden=${!camera}
        aria-label=${t('device_preview')}></video>
      <div>
        <${DeviceSelects} lists=${lists} current=${current} choose=${choose} />
        <${MicMeter} stream=${stream} version=${version} />
        <${SpeakerTest} sinkId=${current.speaker} />
      </div>
    </div>
  </section>`;
}

// device_select.js — the three selects of camera, microphone and speaker,
// used by the pre-call check and during the call. The speaker select is
// there only where the browser lets a page choose where sound plays.
import { html } from './html.js';
import { t } from './i18n.js';
import { canChooseSpeaker } from './devices.js';

// lists: useDeviceLists(); current: { camera, mic, speaker } ids in use;
// choose(kind, id). Shown once on a page at a time (the ids).
export function DeviceSelects({ lists, current, choose }) {
  const kinds = canChooseSpeaker ? ['camera', 'mic', 'speaker'] : ['camera', 'mic'];
  return html`<div class="device-selects">
    ${kinds.map((kind) => html`<div key=${kind}><label for=${'device-' + kind}>${t('device_' + kind)}</label>
      <select id=${'device-' + kind} value=${current[kind] || ''} disabled=${!lists[kind].length}
        onChange=${(e) => choose(kind, e.currentTarget.value)}>
        ${!lists[kind].length && html`<option value="">${t('device_none')}</option>`}
        ${lists[kind].length > 0 && !lists[kind].some((d) => d.id === current[kind]) && html`<option value="">—</option>`}
        ${lists[kind].map((d) => html`<option key=${d.id} value=${d.id}>${d.label}</option>`)}
      </select>
    </div>`)}
  </div>`;
}

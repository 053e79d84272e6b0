// qr.js — a QR code drawn as SVG from qrcode-generator's matrix (the
// library encodes; Preact draws, so no markup string is injected).
import qrcode from 'qrcode-generator';
import { html } from './html.js';

const QUIET = 4; // modules of white border the standard asks for

export function QrCode({ text, label, size = 168 }) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  let d = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + QUIET} ${r + QUIET}h1v1h-1z`;
  }
  const side = n + 2 * QUIET;
  return html`<svg class="qr" role="img" aria-label=${label} viewBox=${`0 0 ${side} ${side}`} width=${size} height=${size}
    shape-rendering="crispEdges" data-modules=${n}><rect width=${side} height=${side} fill="#fff" /><path d=${d} fill="#000" /></svg>`;
}

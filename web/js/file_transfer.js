// file_transfer.js — files both ways over the "files" data channel
// (docs/protocol.md): an offer, binary chunks with back-pressure
// (bufferedAmountLowThreshold and the bufferedamountlow event), an end with
// the sender's SHA-256, and the receiver's check; cancel from either side.
// The hook keeps the list of this call's transfers across reconnections;
// a transfer cut off by a lost connection is marked interrupted.
import { useEffect, useRef, useState } from 'preact/hooks';
import { isCount, isText } from './collab_channels.js';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const CHUNK_BYTES = 64 * 1024; // payload of one binary frame, after its 4-byte header
const READ_BYTES = 1024 * 1024; // read from disk a mebibyte at a time
const HIGH_WATER = 4 * 1024 * 1024; // stop handing chunks to the channel above this…
const LOW_WATER = 1024 * 1024; // …and go on when it has drained to this
const HEADER_BYTES = 4;
const MAX_SERIAL = 0xffffffff;
let keys = 0; // tells the page's transfers apart across connections

// Only these types are kept on what arrives, for an inline preview or a
// new tab; anything else becomes application/octet-stream, so a received
// HTML or SVG file is never opened as a document of this origin.
const PREVIEWABLE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];
export const safeType = (mime) => (PREVIEWABLE.includes(mime) ? mime : 'application/octet-stream');

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// A file name shown and used for downloads: no folders, no control characters.
export function cleanName(name) {
  const base = String(name).split(/[\\/]/).pop().replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 200) || 'file';
}

// Resolves when the channel's buffer has drained to LOW_WATER, the channel
// closed, or after a second (a channel closed with its connection tells
// nothing, so the sender looks again).
function drained(ch) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(), 1000);
    const done = () => {
      clearTimeout(timer);
      ch.removeEventListener('bufferedamountlow', done);
      ch.removeEventListener('close', done);
      resolve();
    };
    ch.addEventListener('bufferedamountlow', done);
    ch.addEventListener('close', done);
  });
}

// Pushes the file's bytes as chunks [uint32 serial, big-endian][payload]
// while the transfer stays 'sending'; t.sent counts what the channel took,
// progressed() is told after each chunk.
async function pump(ch, t, file, progressed) {
  ch.bufferedAmountLowThreshold = LOW_WATER;
  for (let offset = 0; offset < file.size;) {
    const block = new Uint8Array(await file.slice(offset, offset + READ_BYTES).arrayBuffer());
    for (let i = 0; i < block.length; i += CHUNK_BYTES) {
      while (ch.bufferedAmount > HIGH_WATER && ch.readyState === 'open' && t.state === 'sending') await drained(ch);
      if (t.state !== 'sending') return false;
      if (ch.readyState !== 'open') throw new Error('closed');
      const payload = block.subarray(i, i + CHUNK_BYTES);
      const frame = new Uint8Array(HEADER_BYTES + payload.length);
      new DataView(frame.buffer).setUint32(0, t.serial);
      frame.set(payload, HEADER_BYTES);
      ch.send(frame);
      t.sent += payload.length;
      progressed();
    }
    offset += block.length;
  }
  return true;
}

// This call's transfers both ways: { list, send(file, purpose), cancel(t) }.
// onArrived(t) once a received file's SHA-256 matched (t.blob, t.purpose).
export function useFileTransfers(channels, onArrived) {
  const [, setVersion] = useState(0);
  const store = useRef({ list: [], serial: 0, pending: false, arrived: onArrived });
  const s = store.current;
  s.arrived = onArrived;
  // progress comes a chunk at a time: the page re-renders at most 10 times a second
  const changed = (now = false) => {
    if (now) { setVersion((v) => v + 1); return; }
    if (s.pending) return;
    s.pending = true;
    setTimeout(() => { s.pending = false; setVersion((v) => v + 1); }, 100);
  };
  const find = (out, serial) => s.list.find((t) => t.out === out && t.serial === serial && t.channels === channels);

  useEffect(() => {
    if (!channels) return undefined;
    const incoming = (serial) => find(false, serial);
    const finish = (t, state) => { t.state = state; t.chunks = null; changed(true); };
    const offs = [
      channels.on('files', 'file_offer', (m) => {
        if (!isCount(m.serial, MAX_SERIAL) || !isText(m.name, 255) || !isCount(m.size, Number.MAX_SAFE_INTEGER)
          || !isText(m.mime, 100) || incoming(m.serial) || !['file', 'board'].includes(m.purpose ?? 'file')) return false;
        if (m.size > MAX_FILE_BYTES) { channels.send('files', { type: 'file_stop', serial: m.serial }); return true; }
        s.list.push({ key: ++keys, out: false, serial: m.serial, channels, name: cleanName(m.name), size: m.size, mime: safeType(m.mime),
          purpose: m.purpose ?? 'file', received: 0, chunks: [], state: 'receiving' });
        changed(true);
        return true;
      }),
      channels.on('files', (buf) => {
        if (buf.byteLength < HEADER_BYTES) return false;
        const t = incoming(new DataView(buf).getUint32(0));
        if (!t) return false;
        if (t.state !== 'receiving') return true; // still on its way when it was cancelled
        const payload = new Uint8Array(buf, HEADER_BYTES); // a view: the Blob takes it without a copy here
        if (t.received + payload.byteLength > t.size) { // more than it said: not this file
          channels.send('files', { type: 'file_stop', serial: t.serial });
          finish(t, 'corrupt');
          return false;
        }
        t.chunks.push(payload);
        t.received += payload.byteLength;
        changed();
        return true;
      }),
      channels.on('files', 'file_end', (m) => {
        const t = isCount(m.serial, MAX_SERIAL) && incoming(m.serial);
        if (!t || !/^[0-9a-f]{64}$/.test(m.sha256 ?? '')) return false;
        if (t.state !== 'receiving') return true;
        check(t, m.sha256);
        return true;
      }),
      channels.on('files', 'file_cancel', (m) => { // the sender gave up
        const t = isCount(m.serial, MAX_SERIAL) && incoming(m.serial);
        if (!t) return false;
        if (t.state === 'receiving') finish(t, 'cancelled_peer');
        return true;
      }),
      channels.on('files', 'file_stop', (m) => { // the receiver does not want it
        const t = isCount(m.serial, MAX_SERIAL) && find(true, m.serial);
        if (!t) return false;
        if (t.state === 'sending' || t.state === 'sent') { t.state = 'cancelled_peer'; changed(true); }
        return true;
      }),
      channels.on('files', 'file_done', (m) => {
        const t = isCount(m.serial, MAX_SERIAL) && find(true, m.serial);
        if (!t || typeof m.ok !== 'boolean') return false;
        if (t.state === 'sent') { t.state = m.ok ? 'verified' : 'corrupt'; changed(true); }
        return true;
      }),
      // a connection that closes takes its transfers with it
      channels.watch(() => {
        if (channels.isOpen('files')) return;
        for (const t of s.list) {
          if (t.channels === channels && ['sending', 'sent', 'receiving'].includes(t.state)) finish(t, 'interrupted');
        }
      }),
    ];
    // The whole file is hashed once assembled (crypto.subtle has no
    // incremental digest; 100 MB fits in memory): the receiver's own SHA-256
    // against the sender's.
    async function check(t, expected) {
      t.state = 'checking';
      changed(true);
      const blob = new Blob(t.chunks, { type: t.mime });
      t.chunks = null;
      const ok = t.received === t.size && (await sha256Hex(blob)) === expected;
      channels.send('files', { type: 'file_done', serial: t.serial, ok });
      if (ok) {
        t.blob = blob;
        t.url = URL.createObjectURL(blob);
      }
      finish(t, ok ? 'verified' : 'corrupt');
      if (ok) s.arrived?.(t);
    }
    return () => offs.forEach((off) => off());
  }, [channels]);

  useEffect(() => () => s.list.forEach((t) => t.url && URL.revokeObjectURL(t.url)), []);

  return {
    list: s.list,
    // Sends file (a File or Blob with a name) to the other side; purpose
    // 'board' makes it the whiteboard's background there.
    async send(file, purpose = 'file') {
      if (!channels?.isOpen('files') || file.size > MAX_FILE_BYTES) return null;
      s.serial = (s.serial + 1) % MAX_SERIAL;
      const t = { key: ++keys, out: true, serial: s.serial, channels, name: cleanName(file.name), size: file.size, mime: file.type,
        purpose, sent: 0, state: 'sending', blob: file };
      const ch = channels.channel('files');
      // what has left this page: handed to the channel and no longer in its buffer
      t.progress = () => Math.max(0, t.sent - (ch.readyState === 'open' ? ch.bufferedAmount : 0));
      s.list.push(t);
      changed(true);
      // the buffer drains with no event per chunk: the bar is redrawn 10 times a second
      const ticker = setInterval(() => {
        if (t.state !== 'sending' && t.state !== 'sent') clearInterval(ticker);
        changed(true);
      }, 100);
      const hash = sha256Hex(file); // the sender hashes the whole file while sending it
      channels.send('files', { type: 'file_offer', serial: t.serial, name: t.name, size: t.size, mime: file.type, purpose });
      try {
        if (!(await pump(ch, t, file, changed))) return t;
        channels.send('files', { type: 'file_end', serial: t.serial, sha256: await hash });
        if (t.state === 'sending') t.state = 'sent';
      } catch {
        if (t.state === 'sending') t.state = 'interrupted';
      }
      changed(true);
      return t;
    },
    // Either side gives up a transfer still under way.
    cancel(t) {
      if (t.out && (t.state === 'sending' || t.state === 'sent')) {
        t.state = 'cancelled';
        t.channels.send('files', { type: 'file_cancel', serial: t.serial });
      } else if (!t.out && t.state === 'receiving') {
        t.state = 'cancelled';
        t.chunks = null;
        t.channels.send('files', { type: 'file_stop', serial: t.serial });
      }
      changed(true);
    },
  };
}

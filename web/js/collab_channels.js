// collab_channels.js — the data channels of one RTCPeerConnection
// (docs/protocol.md, "Data channels"): chat, files, board, pointer and
// vitals, negotiated with fixed ids so both sides create them before the
// first offer and no renegotiation ever follows. Text frames are JSON
// objects with a string `type` (`t` on the vitals channel, whose messages
// the vital-signs API contract names so); each feature registers a handler
// per type. A message
// from the other peer that is not JSON, has no handler or that its handler
// refuses (returns false) is ignored and counted, never acted on.
export const CHANNELS = {
  chat: { id: 0, ordered: true },
  files: { id: 1, ordered: true },
  board: { id: 2, ordered: true },
  // where the other side points: only the newest position matters
  pointer: { id: 3, ordered: false, maxRetransmits: 0 },
  // live readings from the patient's sensors to the doctor's page
  vitals: { id: 4, ordered: true, key: 't' },
};

const MAX_TEXT_BYTES = 256 * 1024;

export function openChannels(pc) {
  const raw = {};
  const handlers = new Map(); // "channel type" (or "channel" for binary) → handler
  const watchers = new Set(); // told when a channel opens or closes, or a message is ignored
  let ignored = 0;
  const changed = () => watchers.forEach((fn) => fn());
  const ignore = () => { ignored += 1; changed(); };

  // key says how messages are told apart; it is not a channel option
  for (const [name, { id, key, ...options }] of Object.entries(CHANNELS)) {
    const ch = pc.createDataChannel(name, { negotiated: true, id, ...options });
    ch.binaryType = 'arraybuffer';
    ch.onopen = changed;
    ch.onclose = changed;
    ch.onmessage = (e) => receive(name, e.data);
    raw[name] = ch;
  }

  function receive(name, data) {
    if (typeof data !== 'string') {
      const handle = handlers.get(name);
      if (!handle || handle(data) === false) ignore();
      return;
    }
    let m = null;
    try {
      if (data.length <= MAX_TEXT_BYTES) m = JSON.parse(data);
    } catch { /* counted below */ }
    const key = CHANNELS[name].key || 'type';
    const handle = m && typeof m === 'object' && !Array.isArray(m) && typeof m[key] === 'string'
      && handlers.get(`${name} ${m[key]}`);
    if (!handle || handle(m) === false) ignore();
  }

  return {
    // handler(message) for text messages of that type, or handler(ArrayBuffer)
    // for binary ones when type is omitted; returns the unregistering function
    on(name, type, handler) {
      const key = handler ? `${name} ${type}` : name;
      handlers.set(key, handler || type);
      return () => handlers.delete(key);
    },
    isOpen: (name) => raw[name].readyState === 'open',
    // false when the channel is not open (the message is not queued)
    send(name, message) {
      if (raw[name].readyState !== 'open') return false;
      raw[name].send(typeof message === 'string' || message instanceof ArrayBuffer || ArrayBuffer.isView(message)
        ? message : JSON.stringify(message));
      return true;
    },
    channel: (name) => raw[name],
    // the connection was closed here: RTCPeerConnection.close() closes the
    // channels without a close event, so the watchers are told by this
    closed: changed,
    ignored: () => ignored,
    // fn() on every open, close or ignored message; returns the unwatching function
    watch(fn) {
      watchers.add(fn);
      return () => watchers.delete(fn);
    },
  };
}

// Checks shared by the features' handlers.
export const isId = (x) => typeof x === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(x);
export const isText = (x, max) => typeof x === 'string' && x.length <= max;
export const isCount = (x, max) => Number.isInteger(x) && x >= 0 && x <= max;
export const newId = () => crypto.randomUUID();

// live.js — the page's live channel to the server (/ws, telemed.v1): opens
// it once signed in (the browser's session cookie identifies the page),
// reconnects by itself with growing pauses, and hands each message to the
// listeners of its type. See docs/protocol.md.
const listeners = new Map(); // type → Set of functions
let socket = null;
let wanted = false;
let pause = 1000;
let timer = null;
let identified = false; // the server has said WELCOME on this socket

function dispatch(message) {
  for (const fn of listeners.get(message.type) || []) fn(message);
}

function open() {
  if (!wanted || socket) return;
  const ws = new WebSocket(`wss://${location.host}/ws`, 'telemed.v1');
  socket = ws;
  ws.onmessage = (e) => {
    let m;
    try { m = JSON.parse(e.data); } catch { return; }
    if (m && typeof m.type === 'string') {
      if (m.type === 'WELCOME') { pause = 1000; identified = true; }
      dispatch(m);
    }
  };
  ws.onclose = () => {
    socket = null;
    identified = false;
    dispatch({ type: 'DISCONNECTED' });
    if (!wanted) return;
    timer = setTimeout(open, pause);
    pause = Math.min(pause * 2, 30_000);
  };
}

// Starts (or keeps) the channel; call after login.
export function startLive() {
  wanted = true;
  open();
}

// Ends the channel; call at logout.
export function stopLive() {
  wanted = false;
  clearTimeout(timer);
  if (socket) socket.close();
  socket = null;
}

// Sends m when the channel is open and identified; false otherwise (the
// caller tries again after the next WELCOME).
export function sendLive(m) {
  if (!socket || !identified || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(m));
  return true;
}

// Whether the channel is identified now (a WELCOME has come on it).
export function liveIsReady() {
  return identified;
}

// Calls fn with every message of type; returns the function that stops it.
export function onLive(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

// live_client.mjs — a WebSocket client for the live channel (/ws,
// telemed.v1) that records what it receives and waits for a matching
// message; cookies and Origin can be set (the `ws` package).
import WebSocket from 'ws';

// A live connection to server; pushed onto open (to terminate after).
export function liveClient(server, open, { cookie, origin } = {}) {
  const headers = { origin: origin ?? server.url };
  if (cookie) headers.cookie = `__Host-telemed=${cookie}`;
  const ws = new WebSocket(`wss://localhost:${server.port}/ws`, 'telemed.v1', { ca: server.ca, headers });
  const got = [];
  const waiters = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    got.push(m);
    for (const w of [...waiters]) if (w.match(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  const closed = new Promise((resolve) => ws.on('close', resolve));
  open.push(ws);
  return {
    ws, got, closed,
    opened: new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); }),
    send: (m) => ws.send(JSON.stringify(m)),
    next(match, ms = 5_000) {
      const found = got.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { match, resolve };
        waiters.push(w);
        setTimeout(() => reject(new Error('no matching message in time; got ' + JSON.stringify(got))), ms);
      });
    },
  };
}


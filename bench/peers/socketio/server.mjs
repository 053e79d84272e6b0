// server.mjs — the Socket.IO 4 peer of make bench's signalling rows: what the
// seeds' signalling servers are built on, relaying seed 002's messages
// within rooms of two over HTTPS/WSS (WebSocket transport only). A client
// emits "JOIN" {session_id} and gets "JOINED" {session_id, participants};
// then every "message" it emits whose type is READY, ACK, OFFER, ANSWER,
// CANDIDATE or BYE and whose data.session_id is its room goes to the other
// participant as "message". A third client of a room, or a message before
// JOIN, gets "ERROR". No accounts or tickets: it does less than telemed.
//   node server.mjs --port N --cert cert.pem --key key.pem
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';

const { values: a } = parseArgs({ options: { port: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' } } });
const CALL_TYPES = new Set(['READY', 'ACK', 'OFFER', 'ANSWER', 'CANDIDATE', 'BYE']);

const server = https.createServer({ cert: readFileSync(a.cert), key: readFileSync(a.key) });
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, maxHttpBufferSize: 65536, serveClient: false });

io.on('connection', (socket) => {
  let room = null;
  socket.on('JOIN', (m) => {
    const id = typeof m?.session_id === 'string' ? m.session_id : '';
    const members = io.sockets.adapter.rooms.get(id);
    if (!id || room || (members?.size ?? 0) >= 2) {
      socket.emit('ERROR', { code: 'invalid_join' });
      return;
    }
    room = id;
    socket.join(id);
    socket.emit('JOINED', { session_id: id, participants: io.sockets.adapter.rooms.get(id).size });
  });
  socket.on('message', (m) => {
    if (!room || !CALL_TYPES.has(m?.type) || m.data?.session_id !== room) {
      socket.emit('ERROR', { code: room ? 'invalid_message' : 'not_joined' });
      return;
    }
    socket.to(room).emit('message', m);
  });
});

server.listen(Number(a.port), '127.0.0.1', () => console.log(`socket.io peer listening on ${a.port}`));

// booking.mjs — the booking race of make bench: every attempt of a round is
// sent at once (POST /api/v1/appointments, over up to --connections
// keep-alive HTTPS connections), each slot wanted by attempts/slots
// patients; exactly one attempt per slot may win (201), the others must
// hear 409 slot_taken. Prints one JSON line:
// {attempts, slots, won, taken, other, seconds, attempts_per_s, bookings_per_s}.
//   node bench/booking.mjs --url https://127.0.0.1:PORT --ca cert.pem
//     --tokens FILE (one patient token a line) --slots FILE ("doctor-id start" a line)
//     [--connections 100]
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({ options: Object.fromEntries(['url', 'ca', 'tokens', 'slots', 'connections']
  .map((k) => [k, { type: 'string' }])) });
const lines = (f) => readFileSync(f, 'utf8').split('\n').filter(Boolean);
const tokens = lines(a.tokens);
const slots = lines(a.slots).map((l) => l.split(' '));
const agent = new https.Agent({ keepAlive: true, maxSockets: Number(a.connections ?? 100), ca: readFileSync(a.ca), servername: 'localhost' });

function attempt(token, [doctor, start]) {
  const body = JSON.stringify({ doctor_id: doctor, start, reason: 'bench', mode: 'video' });
  return new Promise((resolve) => {
    const req = https.request(`${a.url}/api/v1/appointments`, {
      method: 'POST', agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', (e) => resolve({ status: 0, text: e.message }));
    req.end(body);
  });
}

const start = performance.now();
const answers = await Promise.all(slots.flatMap((slot) => tokens.map((t) => attempt(t, slot))));
const seconds = (performance.now() - start) / 1000;
agent.destroy();
const won = answers.filter((r) => r.status === 201).length;
const taken = answers.filter((r) => r.status === 409 && r.text.includes('slot_taken')).length;
const other = answers.length - won - taken;
if (other) console.error('booking: unexpected answers:', [...new Set(answers.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${r.text.slice(0, 120)}`))].join('; '));
const r3 = (x) => Number(x.toFixed(3));
console.log(JSON.stringify({ attempts: answers.length, slots: slots.length, won, taken, other, seconds: r3(seconds),
  attempts_per_s: r3(answers.length / seconds), bookings_per_s: r3(won / seconds) }));

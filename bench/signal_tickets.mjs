// signal_tickets.mjs — mints telemed's room tickets for make bench's
// signalling rows: for each of the first --count pairs of a `telemed demo
// --pairs` file, POST /api/v1/appointments/{id}/join as the doctor and as the
// patient (the real REST path a page takes before JOIN), and writes the pair
// lines with the two tickets appended to --out. Tickets live ten minutes:
// run it just before bench/c/signal_load.
//   node bench/signal_tickets.mjs --url https://127.0.0.1:PORT --ca cert.pem --pairs FILE --count N --out FILE
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({ options: Object.fromEntries(['url', 'ca', 'pairs', 'count', 'out'].map((k) => [k, { type: 'string' }])) });
const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca: readFileSync(a.ca), servername: 'localhost' });
const lines = readFileSync(a.pairs, 'utf8').trim().split('\n').slice(0, Number(a.count));

function join(appt, token) {
  return new Promise((resolve, reject) => {
    const req = https.request(`${a.url}/api/v1/appointments/${appt}/join`, {
      method: 'POST', agent, headers: { authorization: `Bearer ${token}`, origin: a.url, 'content-length': 0 },
    }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body).ticket) : reject(new Error(`join ${appt}: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

const out = new Array(lines.length);
let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < lines.length) {
    const i = next++;
    const [appt, , doctorToken, , patientToken] = lines[i].split(' ');
    out[i] = `${lines[i]} ${await join(appt, doctorToken)} ${await join(appt, patientToken)}`;
  }
}));
agent.destroy();
writeFileSync(a.out, out.join('\n') + '\n', { mode: 0o600 });

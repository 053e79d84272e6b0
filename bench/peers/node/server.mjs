// server.mjs — the benchmark's Node.js peer: node:https with telemed's own
// certificate and better-sqlite3 on a copy of telemed's store (the same
// schema, FTS5 index and indexes), doing the same work per request as
// telemed for the two measured routes:
//  - GET /api/v1/doctors: the bearer session looked up by its hash, the
//    narrow-or-walk choice of src/domain/doctor_search.c, the search SQL of
//    src/domain/directory.c, one page (limit + 1 rows) and each page doctor's
//    next free slot from their hours, exceptions and bookings in their zone;
//  - POST /api/v1/appointments: patient, listed doctor, future start, start
//    on one of the doctor's slots, then in one transaction the appointment
//    (the unique index decides races: 409 slot_taken), an audit event chained
//    by SHA-256 to the previous one and a notification for each party.
// Sessions hash with SHA-256 (node:crypto has no 32-byte BLAKE2b); the
// tokens given are added as sessions at start. One process, one thread,
// like a usual Node deployment.
//   node server.mjs --db FILE --port N --cert PEM --key PEM --sessions FILE
//   (FILE: lines "token user-id")
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values: a } = parseArgs({ options: Object.fromEntries(['db', 'port', 'cert', 'key', 'sessions'].map((k) => [k, { type: 'string' }])) });
const db = new Database(a.db);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('secure_delete = ON');
db.pragma('cache_size = -16384'); // telemed's own settings (src/db/db_sqlite.c)
db.pragma('mmap_size = 1073741824');
const sha = (t) => createHash('sha256').update(t).digest('hex');
const now0 = Date.now();
const addSession = db.prepare('INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)');
for (const line of readFileSync(a.sessions, 'utf8').split('\n').filter(Boolean)) {
  const [token, user] = line.split(' ');
  addSession.run(randomUUID(), user, sha(token), now0, now0, now0 + 86400e3);
}

const session = db.prepare('SELECT s.id, s.user_id, s.last_seen_at, s.expires_at, u.role, u.status FROM sessions s'
  + ' JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.revoked_at IS NULL');
const TOUCH_EVERY_MS = 60000; // sessions.c: a twentieth of the 1,800 s idle limit, at most a minute
const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?');

// --- search: the SQL of src/domain/directory.c and doctor_search.h --------------
const WORDS = 'p.search_doc IN (SELECT rowid FROM doctor_search WHERE doctor_search MATCH ?)';
const MATCHES = 'p.search_doc IN (SELECT value FROM json_each(?))';
const SYMPTOMS = "p.specialty_id IN (SELECT specialty_id FROM symptom_specialties WHERE ? LIKE '%' || word || '%')";
const pageSelect = (where, order) => 'SELECT p.user_id AS id, p.sort_name AS full_name, p.specialty_id, s.name AS specialty_name,'
  + ' p.bio, p.languages, p.city, p.country, p.years_experience, p.modes, p.rating_sum, p.rating_count, ph.etag'
  + ` FROM (SELECT p.user_id AS id FROM doctor_profiles p WHERE ${where}${order} LIMIT ? OFFSET ?) page`
  + ' JOIN doctor_profiles p ON p.user_id = page.id LEFT JOIN specialties s ON s.id = p.specialty_id'
  + ` LEFT JOIN doctor_photos ph ON ph.doctor_id = p.user_id${order}`;
const ORDERS = {
  rating: ' ORDER BY p.rating_average DESC, p.sort_name, p.user_id',
  experience: ' ORDER BY p.years_experience DESC, p.sort_name, p.user_id',
  name: ' ORDER BY p.sort_name, p.user_id',
};
const NARROW_MAX = 1000;
const wordMatches = db.prepare(`SELECT rowid FROM doctor_search WHERE doctor_search MATCH ? LIMIT ${NARROW_MAX}`).pluck();
const namesSymptom = db.prepare("SELECT 1 FROM symptom_specialties WHERE ? LIKE '%' || word || '%' LIMIT 1").pluck();
function narrowMatches(expr, lower) { // doctor_search_narrow: the matches as JSON, or null for a broad search
  if (namesSymptom.get(lower)) return null;
  const rows = wordMatches.all(expr);
  return rows.length < NARROW_MAX ? JSON.stringify(rows) : null;
}
const statements = new Map(); // prepared once per shape, as telemed's driver caches them
function searchStatement(shape) {
  let st = statements.get(shape.key);
  if (!st) {
    const where = [`${shape.narrow ? '+' : ''}p.listed = 1`];
    if (shape.q) where.push(shape.narrow ? MATCHES : `(${WORDS} OR ${SYMPTOMS})`);
    if (shape.specialty) where.push('p.specialty_id = ?');
    if (shape.city) where.push('lower(p.city) = lower(?)');
    if (shape.language) where.push("lower(p.languages) LIKE ? ESCAPE '\\'");
    if (shape.minRating) where.push('p.rating_average >= ? / 100.0 - 0.001 AND p.rating_count > 0 AND p.rating_sum * 100 >= ? * p.rating_count');
    st = db.prepare(pageSelect(where.join(' AND '), ORDERS[shape.sort]));
    statements.set(shape.key, st);
  }
  return st;
}

const isWord = (c) => c >= 0x80 || (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);
function expression(q) { // quoted words, the last a prefix (doctor_search_expression)
  const b = Buffer.from(q);
  const out = [];
  for (let i = 0; i < b.length && out.length < 8;) {
    while (i < b.length && !isWord(b[i])) i++;
    const s = i;
    while (i < b.length && isWord(b[i])) i++;
    if (i > s) out.push(`"${b.subarray(s, i).toString()}"`);
  }
  return out.length ? out.join(' ') + '*' : '""';
}
const likeEscape = (s) => s.replace(/[%_\\]/g, (c) => '\\' + c);

// --- schedule: the next free slot, a day at a time (schedule_next_free) -------
const BATCH = 32; // doctors a query, their ids in a fixed list of placeholders padded with NULL
const IN = `(${Array(BATCH).fill('?').join(',')})`;
const zonesOf = db.prepare(`SELECT doctor_id, time_zone FROM doctor_schedules WHERE doctor_id IN ${IN}`);
const hoursOf = db.prepare(`SELECT doctor_id, weekday, '' AS kind, start_min, end_min, slot_minutes FROM doctor_hours WHERE doctor_id IN ${IN} ORDER BY doctor_id, weekday, start_min`);
const exceptionsOf = db.prepare(`SELECT doctor_id, day, kind, start_min, end_min, slot_minutes FROM doctor_exceptions WHERE doctor_id IN ${IN} ORDER BY doctor_id, day, start_min`);
const bookedOf = db.prepare(`SELECT doctor_id, start_at, end_at FROM appointments WHERE doctor_id IN ${IN} AND status <> 'cancelled' AND start_at < ? AND end_at > ?`);
const padded = (ids) => [...ids, ...Array(BATCH - ids.length).fill(null)];
const formats = new Map();
function offsetMs(zone, utc) { // the zone's offset from UTC at that instant
  let f = formats.get(zone);
  if (!f) formats.set(zone, f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }));
  const p = Object.fromEntries(f.formatToParts(utc).map((x) => [x.type, x.value]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (utc - (utc % 1000));
}
const DAY = 86400e3;
function daySlots(zone, weekly, extra, day) { // [start, end] UTC of one local day's slots, in time order
  const weekday = ((day % 7) + 7 + 3) % 7 + 1; // 1970-01-01 was a Thursday
  const off = extra.some((e) => e.day === day && e.kind === 'off');
  const rules = [...(off ? [] : weekly.filter((r) => r.weekday === weekday)), ...extra.filter((e) => e.day === day && e.kind === 'extra')];
  const out = [];
  for (const r of rules) {
    for (let t = r.start_min; t + r.slot_minutes <= r.end_min; t += r.slot_minutes) {
      const local = day * DAY + t * 60e3;
      const utc = local - offsetMs(zone, local - offsetMs(zone, local));
      out.push([utc, utc + r.slot_minutes * 60e3]);
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}
function rulesOfMany(ids) { // id -> { zone, weekly, extra } for up to BATCH doctors
  const rules = new Map(ids.map((id) => [id, { zone: 'UTC', weekly: [], extra: [] }]));
  for (const r of zonesOf.all(...padded(ids))) rules.get(r.doctor_id).zone = r.time_zone;
  for (const r of hoursOf.all(...padded(ids))) rules.get(r.doctor_id).weekly.push(r);
  for (const r of exceptionsOf.all(...padded(ids))) rules.get(r.doctor_id).extra.push(r);
  return rules;
}
const rulesOf = (id) => rulesOfMany([id]).get(id);
function nextFree({ zone, weekly, extra }, busy, now) {
  if (!weekly.length && !extra.length) return null;
  const to = now + 14 * DAY;
  const first = Math.floor((now + offsetMs(zone, now)) / DAY) - 1;
  for (let day = first; day <= first + 16; day++) {
    const free = daySlots(zone, weekly, extra, day)
      .find(([s, e]) => s > now && s < to && !busy.some((x) => x.start_at < e && x.end_at > s));
    if (free) return { start: new Date(free[0]).toISOString(), end: new Date(free[1]).toISOString(), status: 'free' };
  }
  return null;
}
function nextFreeMany(ids, now) { // schedule_next_free: id -> slot, four queries per BATCH doctors
  const slots = new Map();
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const rules = rulesOfMany(chunk);
    const busy = new Map(chunk.map((id) => [id, []]));
    for (const r of bookedOf.all(...padded(chunk), now + 14 * DAY, now)) busy.get(r.doctor_id).push(r);
    for (const id of chunk) slots.set(id, nextFree(rules.get(id), busy.get(id), now));
  }
  return slots;
}

const parsed = (t, d) => { try { return JSON.parse(t); } catch { return d; } };
function doctorJson(row, slot) {
  const count = row.rating_count ?? 0;
  return {
    id: row.id, full_name: row.full_name,
    specialty: row.specialty_id ? { id: row.specialty_id, name: row.specialty_name } : null,
    bio: row.bio ?? '', languages: parsed(row.languages, []), city: row.city ?? '', country: row.country ?? '',
    years_experience: row.years_experience ?? 0, modes: parsed(row.modes, ['video']), verified: true,
    rating: { average: count ? row.rating_sum / count : 0, count },
    next_free_slot: slot,
  };
}

function search(url, now) {
  const p = url.searchParams;
  const q = p.get('q') ?? '';
  const sort = p.get('sort') ?? 'rating';
  if (!ORDERS[sort === 'next_available' ? 'rating' : sort]) return [422, { error: { code: 'invalid_value' } }];
  const limit = Math.min(100, Math.max(1, Number(p.get('limit') ?? 50) || 50));
  const offset = Math.max(0, Number(p.get('cursor') ?? 0) || 0);
  const minRating = Number(p.get('min_rating') ?? 0);
  const expr = q ? expression(q) : null;
  const lower = q.toLowerCase();
  const matches = q ? narrowMatches(expr, lower) : null;
  const narrow = matches !== null;
  const shape = { q: !!q, narrow, specialty: p.has('specialty'), city: p.has('city'), language: p.has('language'), minRating: minRating > 0,
    sort: sort === 'next_available' ? 'rating' : sort };
  shape.key = JSON.stringify(shape);
  const args = [];
  if (q) args.push(...(narrow ? [matches] : [expr, lower]));
  if (shape.specialty) args.push(p.get('specialty'));
  if (shape.city) args.push(p.get('city'));
  if (shape.language) args.push(`%${likeEscape(`"${p.get('language')}"`.toLowerCase())}%`);
  if (shape.minRating) args.push(Math.trunc(minRating * 100), Math.trunc(minRating * 100));
  const rows = searchStatement(shape).all(...args, limit + 1, offset);
  const page = rows.slice(0, limit);
  const slots = nextFreeMany(page.map((r) => r.id), now);
  const doctors = page.map((r) => doctorJson(r, slots.get(r.id)));
  return [200, { doctors, next_cursor: rows.length > limit ? String(offset + limit) : null }];
}

// --- booking ----------------------------------------------------------------
const listedDoctor = db.prepare("SELECT 1 FROM users WHERE id = ? AND role = 'doctor' AND status = 'active'").pluck();
const insertAppointment = db.prepare('INSERT INTO appointments (id, doctor_id, patient_id, start_at, end_at, status, mode, reason, answers, created_at, updated_at)'
  + " VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, '{}', ?, ?)");
const lastAudit = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
const insertAudit = db.prepare('INSERT INTO audit_events (seq, id, at, actor_id, actor_role, action, subject_id, ip, detail, prev_hash, hash)'
  + " VALUES (?, ?, ?, ?, 'patient', 'appointment.book', ?, '', ?, ?, ?)");
const insertNotice = db.prepare("INSERT INTO notifications (id, user_id, kind, appointment_id, data, created_at) VALUES (?, ?, 'appointment.booked', ?, ?, ?)");
const getAppointment = db.prepare('SELECT id, doctor_id, patient_id, start_at, end_at, status, mode, reason FROM appointments WHERE id = ?');
const book = db.transaction((s, b, start, end, now) => {
  const id = randomUUID();
  insertAppointment.run(id, b.doctor_id, s.user_id, start, end, b.mode ?? 'video', b.reason ?? '', now, now);
  const last = lastAudit.get() ?? { seq: 0, hash: '' };
  const detail = JSON.stringify({ appointment_id: id, doctor_id: b.doctor_id });
  const auditId = randomUUID();
  insertAudit.run(last.seq + 1, auditId, now, s.user_id, s.user_id, detail, last.hash,
    sha([last.seq + 1, auditId, now, s.user_id, 'appointment.book', detail, last.hash].join('\n')));
  const data = JSON.stringify({ start: new Date(start).toISOString() });
  for (const user of [s.user_id, b.doctor_id]) insertNotice.run(randomUUID(), user, id, data, now);
  return id;
});
function appointment(s, body, now) {
  let b;
  try { b = JSON.parse(body); } catch { return [400, { error: { code: 'malformed_json' } }]; }
  if (s.role !== 'patient') return [403, { error: { code: 'forbidden' } }];
  if (typeof b?.doctor_id !== 'string' || typeof b.start !== 'string') return [422, { error: { code: 'invalid_value' } }];
  if (!listedDoctor.get(b.doctor_id)) return [404, { error: { code: 'not_found' } }];
  const start = Date.parse(b.start);
  if (!(start > now)) return [422, { error: { code: 'slot_in_past' } }];
  const { zone, weekly, extra } = rulesOf(b.doctor_id);
  const day = Math.floor((start + offsetMs(zone, start)) / DAY);
  const slot = [day - 1, day, day + 1].flatMap((d) => daySlots(zone, weekly, extra, d)).find(([x]) => x === start);
  if (!slot) return [422, { error: { code: 'not_a_slot' } }];
  try {
    const id = book(s, b, start, slot[1], now);
    const r = getAppointment.get(id);
    return [201, { ...r, start: new Date(r.start_at).toISOString(), end: new Date(r.end_at).toISOString() }];
  } catch (e) {
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') return [409, { error: { code: 'slot_taken' } }];
    throw e;
  }
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

https.createServer({ cert: readFileSync(a.cert), key: readFileSync(a.key), keepAliveTimeout: 65e3 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url, 'https://localhost');
    const now = Date.now();
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const s = token && session.get(sha(token));
    if (!s || s.expires_at <= now || s.status !== 'active') return send(res, 401, { error: { code: 'unauthenticated' } });
    if (now - s.last_seen_at >= TOUCH_EVERY_MS) touch.run(now, s.id, now - TOUCH_EVERY_MS);
    if (req.method === 'GET' && url.pathname === '/api/v1/doctors') return send(res, ...search(url, now));
    if (req.method === 'POST' && url.pathname === '/api/v1/appointments') return send(res, ...appointment(s, Buffer.concat(chunks).toString(), now));
    send(res, 404, { error: { code: 'not_found' } });
  });
}).listen(Number(a.port), '127.0.0.1', () => console.log(`peer listening on ${a.port}`));

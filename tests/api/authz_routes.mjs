// authz_routes.mjs — for tests/api/authz_matrix.test.mjs: for each route,
// the resources one cell needs (setup), the request an actor sends (req:
// path parameters, query, a valid body; token only where the credential is
// not the actor's session), for a refused change a cheap check that it
// changed nothing (unchanged), for an allowed one what it must have done
// (done), and for a list who finds A's resource in it (sees). Resources
// belong to patient A and doctor D.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { newUser } from './client.mjs';
import { allDay } from './rooms.mjs';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const HR = '8867-4';
const note = { findings: 'Dry cough for a week', assessment: 'Viral bronchitis', plan: 'Rest and fluids', icd10: 'J20.9' };
const rx = { medication: { name: 'Paracetamol', strength: '500 mg', form: 'tablet' }, dosage: 'One tablet every 8 hours', quantity: 20, valid_until: new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10) };
const quality = { duration_seconds: 600, samples: 300, rtt_avg_ms: 40, rtt_max_ms: 90, jitter_avg_ms: 3, packet_loss_pct: 0.1, bitrate_in_kbps: 1200, bitrate_out_kbps: 1100, frame_width: 640, frame_height: 480, frame_rate: 30, candidate_type: 'host', verdict: 'good' };
const ok = (res, what) => { assert.ok(res.status < 300, `${what}: ${res.status} ${res.text}`); return res.json; };

const tok = (w, who) => w.tokens[who];
const get = (w, who, path) => w.api.get(path, { token: tok(w, who) });
// What who reads at path (which must answer 200): for "it is not there" checks.
const textOf = async (w, who, path) => { const res = await get(w, who, path); assert.equal(res.status, 200, res.text); return res.text; };
const send = (w, who, method, path, json) => w.api.request(method, path, { token: tok(w, who), json });

// A fresh appointment of patient (A) with D in D's next free slot.
export async function book(w, patient = 'A') {
  const res = await w.api.post('/api/v1/appointments', { doctor_id: w.ids.D, start: w.nextSlot(), reason: 'Cough' }, { token: tok(w, patient) });
  return ok(res, 'book').appointment;
}

const appointmentStatus = async (w, id) => (await get(w, 'A', `/api/v1/appointments/${id}`)).json.appointment;
async function draft(w) {
  const a = await book(w);
  ok(await send(w, 'D', 'PUT', `/api/v1/appointments/${a.id}/note`, note), 'note');
  return a;
}
async function signed(w) {
  const a = await draft(w);
  ok(await send(w, 'D', 'POST', `/api/v1/appointments/${a.id}/note/sign`), 'sign');
  return a;
}
async function prescription(w) {
  const a = w.cache.appointment;
  return ok(await send(w, 'D', 'POST', `/api/v1/appointments/${a.id}/prescriptions`, rx), 'prescribe');
}
async function correction(w) {
  const a = await signed(w);
  return ok(await send(w, 'A', 'POST', `/api/v1/appointments/${a.id}/note/corrections`, { text: 'I said a week, not a month.' }), 'correction').correction;
}
async function conversation(w) {
  const res = await send(w, 'D', 'POST', '/api/v1/conversations', { patient_id: w.ids.A, title: 'Your results' });
  const json = ok(res, 'conversation');
  return json.conversation ?? json;
}
// multipart/form-data: a text field and a PNG file, as the pages send them.
function form(name, value, filename = 'scan.png') {
  const boundary = `----authz${randomBytes(6).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
    png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
async function messageWithFile(w) {
  const c = await shared(w, 'conversation', conversation);
  const { body, headers } = form('text', 'The scan');
  const res = await w.api.request('POST', `/api/v1/conversations/${c.id}/messages`, { token: tok(w, 'A'), body, headers });
  const json = ok(res, 'attachment');
  return { c, m: json.message ?? json };
}
async function recordItem(w) {
  const a = w.cache.appointment;
  const res = await w.api.request('POST', `/api/v1/appointments/${a.id}/record-items`, { token: tok(w, 'D'), ...form('kind', 'file') });
  const json = ok(res, 'record item');
  return json.item ?? json;
}
// A breach an administrator recorded for A alone.
const breachOf = (w, actor) => ({ title: `Laptop stolen (${actor})`, description: 'A clinic laptop with an export was stolen.',
  discovered_at: new Date(Date.now() - 3600_000).toISOString(), users: [w.ids.A] });
async function breach(w) {
  return ok(await send(w, 'admin', 'POST', '/api/v1/admin/breaches', breachOf(w, 'world')), 'breach').breach;
}
async function device(w) {
  const json = ok(await send(w, 'A', 'POST', '/api/v1/me/devices', { name: 'Pulse oximeter' }), 'device');
  return json.device ?? json;
}
const reading = (value) => ({ code: HR, value, unit: '/min', at: new Date(Date.now() - 60_000).toISOString(), source: 'manual' });
async function alert(w) {
  await shared(w, 'thresholds', async () => ok(await send(w, 'D', 'PUT', `/api/v1/patients/${w.ids.A}/thresholds`, { items: [{ code: HR, above: 120 }] }), 'thresholds'));
  ok(await send(w, 'A', 'POST', '/api/v1/me/observations', { observations: [reading(150)] }), 'observation');
  const open = openAlerts(ok(await get(w, 'D', '/api/v1/alerts?state=open'), 'alerts'));
  assert.ok(open.length > 0, 'a crossing raised an alert');
  return open[0];
}
async function observation(w) {
  const json = ok(await send(w, 'A', 'POST', '/api/v1/me/observations', { observations: [reading(71)] }), 'observation');
  return json.items[0];
}
const openAlerts = (json) => json.alerts ?? json.items;
async function specialty(w) {
  const id = `authz-${randomUUID().slice(0, 8)}`;
  ok(await send(w, 'admin', 'POST', '/api/v1/admin/specialties', { id, name: `Authz ${id}` }), 'specialty');
  return id;
}
// Made once and kept in w.cache: for rows that only read it.
async function shared(w, key, make) {
  w.cache[key] ??= await make(w);
  return w.cache[key];
}
// The patient behind ctx.token leaves the drop-in queue, so that the
// next row's waiting patient is the first in it.
const leave = async (w, ctx) => ok(await w.api.request('DELETE', '/api/v1/dropin/mine', { token: ctx.token }), 'leave');
// A new session of actor (to log out, revoke or change a password with).
async function freshSession(w, actor) {
  const u = w.users[actor];
  return ok(await w.api.login(u.username, u.password), 'login').token;
}
// A patient (or verified doctor) made for one cell.
async function freshPerson(w, role = 'patient') {
  const u = newUser({ role });
  const id = ok(await w.api.register(u), 'register').user.id;
  if (role === 'doctor') ok(await w.api.post(`/api/v1/admin/users/${id}/verify`, undefined, { token: tok(w, 'admin') }), 'verify');
  return { id, user: u, token: ok(await w.api.login(u.username, u.password), 'login').token };
}
const freshOfRole = (actor) => (['D', 'E'].includes(actor) ? 'doctor' : 'patient');
const sessionWorks = async (w, token) => assert.equal((await w.api.get('/api/v1/me', { token })).status, 200, 'the session still works');

const p = (...params) => ({ params });
const ACTOR_MARK = { anonymous: 1, A: 2, B: 3, D: 4, E: 5, admin: 6 };

export const authzRoutes = {
  // ---- public
  'GET /api/v1/health': { req: () => p() },
  'POST /api/v1/auth/register': { req: () => ({ ...p(), json: { role: 'patient', ...newUser() } }) },
  'POST /api/v1/auth/login': { req: (w) => ({ ...p(), json: { username: w.users.A.username, password: w.users.A.password } }) },

  // ---- the caller's own account
  'POST /api/v1/auth/logout': {
    setup: async (w, actor) => (actor === 'anonymous' ? {} : { token: await freshSession(w, actor) }),
    req: (w, ctx) => ({ ...p(), ...(ctx.token && { token: ctx.token }) }),
    done: async (w, ctx) => assert.equal((await w.api.get('/api/v1/me', { token: ctx.token })).status, 401, 'logged out'),
  },
  'GET /api/v1/me': { req: () => p() },
  'PATCH /api/v1/me': { req: () => ({ ...p(), json: { relay_only: false } }) },
  'POST /api/v1/me/password': {
    setup: async (w, actor) => (actor === 'anonymous' ? {} : { token: await freshSession(w, actor) }),
    req: (w, ctx, actor) => ({ ...p(), ...(ctx.token && { token: ctx.token }),
      json: { current_password: w.users[actor]?.password ?? 'x', new_password: w.users[actor]?.password ?? 'correct horse battery' } }),
    // a new password ends the user's other sessions: the world logs in again
    done: async (w, ctx, actor) => { w.tokens[actor] = await freshSession(w, actor); },
  },
  'GET /api/v1/me/sessions': { req: () => p() },
  'DELETE /api/v1/me/sessions/{id}': {
    // A's second session
    setup: async (w) => {
      const token = await freshSession(w, 'A');
      const list = ok(await w.api.get('/api/v1/me/sessions', { token }), 'sessions').sessions;
      const mine = list.find((s) => s.current) ?? list[list.length - 1];
      return { token, id: mine.id };
    },
    req: (w, ctx) => p(ctx.id),
    unchanged: (w, ctx) => sessionWorks(w, ctx.token),
  },
  'GET /api/v1/consents/texts': { req: () => p() },
  'GET /api/v1/me/consents': { req: () => p(), sees: { who: ['A'], marker: (w) => w.ids.D } },
  'POST /api/v1/me/consents': {
    setup: async (w) => ({ version: (await shared(w, 'texts', async () => ok(await get(w, 'A', '/api/v1/consents/texts'), 'texts').purposes)).find((t) => t.purpose === 'recording').version }),
    req: (w, ctx) => ({ ...p(), json: { purpose: 'recording', given: true, version: ctx.version } }),
  },
  'GET /api/v1/me/export': { req: () => p(), sees: { who: ['A'], marker: (w) => w.cache.appointment.id } },
  'POST /api/v1/me/erase': {
    // each actor erases an account of their role made for this cell
    // (anonymous sends the password of such a patient, without their session)
    setup: async (w, actor) => (actor === 'admin' ? {} : freshPerson(w, freshOfRole(actor))),
    req: (w, ctx, actor) => ({ ...p(), ...(ctx.token && actor !== 'anonymous' && { token: ctx.token }),
      json: { password: ctx.user?.password ?? (actor === 'admin' ? w.users.admin.password : 'correct horse battery') } }),
    unchanged: async (w, ctx, actor) => sessionWorks(w, ctx.token ?? tok(w, 'admin')),
  },
  'GET /api/v1/me/demographics': { req: () => p() },
  'PUT /api/v1/me/demographics': { req: () => ({ ...p(), json: { birth_date: '1980-05-17', sex: 'female', country: 'PT' } }) },

  // ---- administration
  'GET /api/v1/admin/retention': { req: () => p() },
  'PUT /api/v1/admin/retention': {
    setup: async (w) => ({ rules: ok(await get(w, 'admin', '/api/v1/admin/retention'), 'rules').rules }),
    // the administrator writes the rules back as they are; the others try a
    // period of their own, which must not show
    req: (w, ctx, actor) => ({ ...p(), json: { rules: ctx.rules.map((r) => ({ kind: r.kind,
      keep_days: actor === 'admin' || r.kind !== 'notifications' ? r.keep_days : 400 + ACTOR_MARK[actor] })) } }),
    unchanged: async (w, ctx, actor) => {
      const now = ok(await get(w, 'admin', '/api/v1/admin/retention'), 'rules').rules;
      assert.notEqual(now.find((r) => r.kind === 'notifications').keep_days, 400 + ACTOR_MARK[actor]);
    },
  },
  'POST /api/v1/admin/retention/run': { req: () => p() },
  'GET /api/v1/admin/research-export': { req: () => p() },
  'GET /api/v1/admin/users': { req: () => p() },
  'POST /api/v1/admin/users/{id}/verify': {
    setup: async (w) => {
      const u = newUser({ role: 'doctor' });
      return { id: ok(await w.api.register(u), 'register').user.id };
    },
    req: (w, ctx) => p(ctx.id),
    unchanged: async (w, ctx) => {
      const users = ok(await get(w, 'admin', '/api/v1/admin/users?role=doctor&status=pending&limit=100'), 'users');
      assert.ok(JSON.stringify(users).includes(ctx.id), 'still pending');
    },
  },
  'GET /api/v1/admin/audit': { req: () => p() },
  'POST /api/v1/admin/specialties': {
    setup: () => ({ id: `authz-${randomUUID().slice(0, 8)}` }),
    req: (w, ctx) => ({ ...p(), json: { id: ctx.id, name: 'Authz specialty' } }),
    unchanged: async (w, ctx) => assert.ok(!JSON.stringify(ok(await get(w, 'A', '/api/v1/specialties'), 'list')).includes(ctx.id), 'not added'),
  },
  'PATCH /api/v1/admin/specialties/{id}': {
    setup: async (w) => ({ id: await specialty(w) }),
    req: (w, ctx, actor) => ({ ...p(ctx.id), json: { name: `Renamed by ${actor}` } }),
    unchanged: async (w, ctx, actor) => {
      const list = JSON.stringify((await get(w, 'A', '/api/v1/specialties')).json);
      assert.ok(list.includes(ctx.id) && !list.includes(`Renamed by ${actor}`), 'not renamed');
    },
  },
  'DELETE /api/v1/admin/specialties/{id}': {
    setup: async (w) => ({ id: await specialty(w) }),
    req: (w, ctx) => p(ctx.id),
    unchanged: async (w, ctx) => assert.ok(JSON.stringify((await get(w, 'A', '/api/v1/specialties')).json).includes(ctx.id), 'still listed'),
  },
  'GET /api/v1/specialties': { req: () => p() },
  'POST /api/v1/admin/audit/verify': { req: () => p() },
  'POST /api/v1/admin/users/{id}/lock': {
    setup: (w) => freshPerson(w),
    req: (w, ctx) => p(ctx.id),
    unchanged: (w, ctx) => sessionWorks(w, ctx.token),
  },
  'POST /api/v1/admin/users/{id}/unlock': {
    setup: async (w) => {
      const who = await freshPerson(w);
      ok(await w.api.post(`/api/v1/admin/users/${who.id}/lock`, undefined, { token: tok(w, 'admin') }), 'lock');
      return who;
    },
    req: (w, ctx) => p(ctx.id),
    unchanged: async (w, ctx) => assert.equal((await w.api.login(ctx.user.username, ctx.user.password)).status, 403, 'still locked'),
  },
  'POST /api/v1/admin/breaches': {
    req: (w, ctx, actor) => ({ ...p(), json: breachOf(w, actor) }),
    unchanged: async (w, ctx, actor) => assert.ok(!(await textOf(w, 'admin', '/api/v1/admin/breaches')).includes(breachOf(w, actor).title), 'no breach kept'),
  },
  'GET /api/v1/admin/breaches': { req: () => p() },
  'GET /api/v1/admin/breaches/{id}/recipients': {
    setup: (w) => shared(w, 'breach', breach),
    req: (w, ctx) => p(ctx.id),
  },
  'GET /api/v1/me/breach-notices': {
    req: () => p(),
    sees: { who: ['A'], marker: async (w) => (await shared(w, 'breach', breach)).id },
  },
  'POST /api/v1/me/breach-notices/{id}/acknowledge': {
    setup: breach,
    req: (w, ctx) => p(ctx.id),
  },
  'GET /api/v1/me/access-log': {
    req: () => p(),
    sees: { who: ['A'], marker: async (w) => { await shared(w, 'signed', signed); return w.ids.D; } },
  },

  // ---- directory and schedule (D's)
  'GET /api/v1/doctors': { req: () => p() },
  'GET /api/v1/doctors/{id}': { req: (w) => p(w.ids.D) },
  'PATCH /api/v1/doctors/{id}': {
    req: (w, ctx, actor) => ({ ...p(w.ids.D), json: { bio: `Family doctor (${actor})` } }),
    unchanged: async (w, ctx, actor) => {
      const d = ok(await get(w, 'A', `/api/v1/doctors/${w.ids.D}`), 'profile');
      assert.notEqual((d.doctor ?? d).bio, `Family doctor (${actor})`);
    },
  },
  'PUT /api/v1/doctors/{id}/hours': {
    // D writes the hours back as they are; the others try 30-minute slots
    req: (w, ctx, actor) => ({ ...p(w.ids.D), json: actor === 'D' ? allDay
      : { ...allDay, weekly: allDay.weekly.map((d) => ({ ...d, slot_minutes: 30 })) } }),
    unchanged: async (w) => assert.deepEqual(ok(await get(w, 'A', `/api/v1/doctors/${w.ids.D}/hours`), 'hours').weekly.map((d) => d.slot_minutes), allDay.weekly.map(() => 10), 'still 10-minute slots'),
  },
  'GET /api/v1/doctors/{id}/hours': { req: (w) => p(w.ids.D) },
  'GET /api/v1/doctors/{id}/slots': {
    req: (w) => ({ ...p(w.ids.D), query: `?from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86400_000).toISOString())}` }),
  },
  'PUT /api/v1/doctors/{id}/questionnaire': { req: (w) => ({ ...p(w.ids.D), json: { items: [] } }) },
  'GET /api/v1/doctors/{id}/questionnaire': { req: (w) => p(w.ids.D) },
  'PUT /api/v1/clinic/questionnaire': { req: () => ({ ...p(), json: { items: [] } }) },
  'GET /api/v1/clinic/questionnaire': { req: () => p() },
  'PUT /api/v1/doctors/{id}/duty': { req: (w) => ({ ...p(w.ids.D), json: { on_duty: false } }) },
  'GET /api/v1/doctors/{id}/photo': {
    setup: async (w) => shared(w, 'photo', async () => ok(await w.api.request('PUT', `/api/v1/doctors/${w.ids.D}/photo`, { token: tok(w, 'D'), body: png, headers: { 'content-type': 'image/png' } }), 'photo')),
    req: (w) => p(w.ids.D),
  },
  'PUT /api/v1/doctors/{id}/photo': { req: (w) => ({ ...p(w.ids.D), body: png, headers: { 'content-type': 'image/png' } }) },
  'DELETE /api/v1/doctors/{id}/photo': {
    setup: async (w) => ok(await w.api.request('PUT', `/api/v1/doctors/${w.ids.D}/photo`, { token: tok(w, 'D'), body: png, headers: { 'content-type': 'image/png' } }), 'photo'),
    req: (w) => p(w.ids.D),
    unchanged: async (w) => assert.equal((await get(w, 'A', `/api/v1/doctors/${w.ids.D}/photo`)).status, 200, 'the photo is still there'),
  },

  // ---- appointments (A's with D)
  'POST /api/v1/appointments': {
    setup: (w) => ({ start: w.nextSlot() }),
    req: (w, ctx) => ({ ...p(), json: { doctor_id: w.ids.D, start: ctx.start, reason: 'Headache' } }),
    unchanged: async (w, ctx) => {
      const to = new Date(Date.parse(ctx.start) + 60_000).toISOString();
      const slots = (await get(w, 'A', `/api/v1/doctors/${w.ids.D}/slots?from=${encodeURIComponent(ctx.start)}&to=${encodeURIComponent(to)}`)).json.slots;
      assert.equal(slots.find((x) => Date.parse(x.start) === Date.parse(ctx.start))?.status, 'free', 'the slot is still free');
    },
  },
  'GET /api/v1/appointments': { req: () => p(), sees: { who: ['A', 'D'], marker: (w) => w.cache.appointment.id } },
  'GET /api/v1/appointments/{id}': { req: (w) => p(w.cache.appointment.id) },
  'POST /api/v1/appointments/{id}/cancel': {
    setup: async (w) => ({ a: await book(w) }),
    req: (w, ctx) => ({ ...p(ctx.a.id), json: { reason: 'Feeling better' } }),
    unchanged: async (w, ctx) => assert.equal((await appointmentStatus(w, ctx.a.id)).status, 'booked'),
  },
  'POST /api/v1/appointments/{id}/reschedule': {
    setup: async (w) => ({ a: await book(w), to: w.nextSlot() }),
    req: (w, ctx) => ({ ...p(ctx.a.id), json: { start: ctx.to } }),
    unchanged: async (w, ctx) => assert.equal((await appointmentStatus(w, ctx.a.id)).start, ctx.a.start),
  },
  'GET /api/v1/appointments/{id}/ics': { req: (w) => p(w.cache.appointment.id) },
  'POST /api/v1/appointments/{id}/review': {
    // a fulfilled visit (as the end of a call leaves it)
    setup: async (w) => {
      const a = await book(w);
      w.sql(`UPDATE appointments SET status = 'fulfilled' WHERE id = '${a.id}'`);
      return { a };
    },
    req: (w, ctx) => ({ ...p(ctx.a.id), json: { rating: 5, comment: 'Kind and clear' } }),
  },
  'POST /api/v1/appointments/{id}/join': { req: (w) => p(w.cache.appointment.id) },
  'POST /api/v1/consultations/{id}/quality': {
    req: (w, ctx, actor) => ({ ...p(w.cache.appointment.id), json: { ...quality, samples: 300 + ACTOR_MARK[actor] } }),
    unchanged: async (w, ctx, actor) => assert.ok(!(await get(w, 'D', `/api/v1/consultations/${w.cache.appointment.id}/quality`)).json.summaries
      .some((x) => x.figures.samples === 300 + ACTOR_MARK[actor]), 'no summary kept'),
  },
  'GET /api/v1/consultations/{id}/quality': { req: (w) => p(w.cache.appointment.id) },

  // ---- notifications, waiting room, drop-in, calendar feed
  'GET /api/v1/notifications': { req: () => p(), sees: { who: ['D'], marker: async (w) => (await shared(w, 'notified', book)).id } },
  'POST /api/v1/notifications/read': { req: () => ({ ...p(), json: {} }) },
  'GET /api/v1/waiting-room': { req: () => p() },
  'POST /api/v1/waiting-room/note': { req: () => ({ ...p(), json: { text: 'Running ten minutes late' } }) },
  'POST /api/v1/dropin': {
    // patients made for the cell, so that nobody of the world waits
    setup: async (w, actor) => (['A', 'B'].includes(actor) ? freshPerson(w) : {}),
    req: (w, ctx) => ({ ...p(), ...(ctx.token && { token: ctx.token }), json: { specialty: 'general-practice', reason: 'Fever' } }),
    done: (w, ctx) => leave(w, ctx),
  },
  'GET /api/v1/dropin/mine': {
    setup: async (w, actor) => {
      if (actor !== 'A') return {};
      const who = await freshPerson(w);
      ok(await w.api.post('/api/v1/dropin', { specialty: 'general-practice' }, { token: who.token }), 'dropin');
      return who;
    },
    req: (w, ctx) => ({ ...p(), ...(ctx.token && { token: ctx.token }) }),
    done: async (w, ctx, actor, res) => {
      assert.equal(res.json.entry?.status ?? null, ctx.token ? 'waiting' : null);
      if (ctx.token) await leave(w, ctx);
    },
  },
  'DELETE /api/v1/dropin/mine': {
    setup: async (w, actor) => {
      if (actor !== 'A') return {};
      const who = await freshPerson(w);
      ok(await w.api.post('/api/v1/dropin', { specialty: 'general-practice' }, { token: who.token }), 'dropin');
      return who;
    },
    req: (w, ctx) => ({ ...p(), ...(ctx.token && { token: ctx.token }) }),
  },
  'GET /api/v1/dropin/queue': { req: () => p() },
  'POST /api/v1/dropin/take': {
    // a patient waits; the doctors' cells are doctors made for the cell and
    // put on duty, so that the drop-in visit (from now on) never makes D
    // busy nor takes D's slots
    setup: async (w, actor) => {
      const waiting = await freshPerson(w);
      ok(await w.api.post('/api/v1/dropin', { specialty: 'general-practice' }, { token: waiting.token }), 'dropin');
      if (!['D', 'E'].includes(actor)) return { waiting };
      const doctor = await freshPerson(w, 'doctor');
      ok(await w.api.request('PATCH', `/api/v1/doctors/${doctor.id}`, { token: doctor.token, json: { specialty: 'general-practice' } }), 'profile');
      ok(await w.api.request('PUT', `/api/v1/doctors/${doctor.id}/duty`, { token: doctor.token, json: { on_duty: true } }), 'duty');
      return { waiting, doctor };
    },
    req: (w, ctx) => ({ ...p(), ...(ctx.doctor && { token: ctx.doctor.token }) }),
    done: async (w, ctx) => assert.equal((await w.api.get('/api/v1/dropin/mine', { token: ctx.waiting.token })).json.entry?.status === 'waiting', false, 'taken'),
    unchanged: async (w, ctx) => {
      assert.equal((await w.api.get('/api/v1/dropin/mine', { token: ctx.waiting.token })).json.entry.status, 'waiting', 'still waiting');
      await leave(w, ctx.waiting);
    },
  },
  'GET /api/v1/me/calendar-feed': { req: () => p() },
  'POST /api/v1/me/calendar-feed': { req: () => p() },
  'DELETE /api/v1/me/calendar-feed': { req: () => p() },
  'GET /api/v1/calendar-feeds/{secret}': {
    // A's feed: the secret in the path is the credential
    setup: async (w) => shared(w, 'feed', async () => ok(await send(w, 'A', 'POST', '/api/v1/me/calendar-feed'), 'feed')),
    req: (w, ctx) => p(ctx.url.slice(ctx.url.lastIndexOf('/') + 1)),
  },

  // ---- messaging (A's conversation with D)
  'POST /api/v1/conversations': {
    req: (w, ctx, actor) => ({ ...p(), json: { patient_id: w.ids.A, title: `Follow-up (${actor})` } }),
    unchanged: async (w, ctx, actor) => assert.ok(!JSON.stringify(ok(await get(w, 'A', '/api/v1/conversations?limit=100'), 'list')).includes(`Follow-up (${actor})`), 'no conversation started'),
  },
  'GET /api/v1/conversations': { req: () => p(), sees: { who: ['A', 'D'], marker: async (w) => (await shared(w, 'conversation', conversation)).id } },
  'GET /api/v1/conversations/{id}': {
    setup: (w) => shared(w, 'conversation', conversation),
    req: (w, ctx) => p(ctx.id),
  },
  'DELETE /api/v1/conversations/{id}': {
    setup: conversation,
    req: (w, ctx) => p(ctx.id),
    unchanged: async (w, ctx) => assert.equal((await get(w, 'A', `/api/v1/conversations/${ctx.id}`)).status, 200, 'still there'),
  },
  'POST /api/v1/conversations/{id}/messages': {
    setup: (w) => shared(w, 'conversation', conversation),
    req: (w, ctx, actor) => ({ ...p(ctx.id), json: { text: `How are you today? (${actor})` } }),
    unchanged: async (w, ctx, actor) => assert.ok(!(await textOf(w, 'A', `/api/v1/conversations/${ctx.id}/messages`)).includes(`(${actor})`), 'no message kept'),
  },
  'GET /api/v1/conversations/{id}/messages': {
    setup: (w) => shared(w, 'conversation', conversation),
    req: (w, ctx) => p(ctx.id),
  },
  'POST /api/v1/conversations/{id}/read': {
    setup: (w) => shared(w, 'attachment', messageWithFile),
    req: (w, ctx) => ({ ...p(ctx.c.id), json: { up_to: ctx.m.id } }),
  },
  'GET /api/v1/conversations/{id}/messages/{message_id}/attachment': {
    setup: (w) => shared(w, 'attachment', messageWithFile),
    req: (w, ctx) => p(ctx.c.id, ctx.m.id),
  },

  // ---- notes and corrections (D's note on A's appointment)
  'GET /api/v1/appointments/{id}/note': {
    setup: (w) => shared(w, 'signed', signed),
    req: (w, ctx) => p(ctx.id),
  },
  'PUT /api/v1/appointments/{id}/note': {
    setup: async (w) => ({ a: await book(w) }),
    req: (w, ctx) => ({ ...p(ctx.a.id), json: note }),
    unchanged: async (w, ctx) => assert.equal((await get(w, 'D', `/api/v1/appointments/${ctx.a.id}/note`)).status, 404, 'no note was written'),
  },
  'POST /api/v1/appointments/{id}/note/sign': {
    setup: async (w) => ({ a: await draft(w) }),
    req: (w, ctx) => p(ctx.a.id),
    unchanged: async (w, ctx) => assert.equal(ok(await get(w, 'D', `/api/v1/appointments/${ctx.a.id}/note`), 'note').signed_at, null, 'still a draft'),
  },
  'POST /api/v1/appointments/{id}/note/amendments': {
    setup: async (w) => ({ a: await signed(w) }),
    req: (w, ctx) => ({ ...p(ctx.a.id), json: { text: 'Also: a mild fever on day two.' } }),
    unchanged: async (w, ctx) => assert.deepEqual((await get(w, 'D', `/api/v1/appointments/${ctx.a.id}/note`)).json.amendments, []),
  },
  'POST /api/v1/appointments/{id}/note/corrections': {
    setup: async (w) => ({ a: await signed(w) }),
    req: (w, ctx) => ({ ...p(ctx.a.id), json: { text: 'The cough began a week ago, not a month.' } }),
    unchanged: async (w, ctx) => assert.deepEqual((await get(w, 'A', `/api/v1/appointments/${ctx.a.id}/note/corrections`)).json.items, []),
  },
  'GET /api/v1/appointments/{id}/note/corrections': {
    setup: (w) => shared(w, 'signed', signed),
    req: (w, ctx) => p(ctx.id),
  },
  'POST /api/v1/note-corrections/{id}/resolve': {
    setup: async (w) => ({ c: await correction(w) }),
    req: (w, ctx) => ({ ...p(ctx.c.id), json: { action: 'decline', text: 'The note says what you told me.' } }),
    unchanged: async (w, ctx) => {
      const items = (await get(w, 'A', `/api/v1/appointments/${ctx.c.appointment_id}/note/corrections`)).json.items;
      assert.equal(items.find((x) => x.id === ctx.c.id).status, 'open');
    },
  },
  'POST /api/v1/appointments/{id}/record-items': {
    req: (w, ctx, actor) => ({ ...p(w.cache.appointment.id), ...form('kind', 'file', `scan-${actor}.png`) }),
    unchanged: async (w, ctx, actor) => assert.ok(!(await textOf(w, 'A', `/api/v1/appointments/${w.cache.appointment.id}/record-items`)).includes(`scan-${actor}`), 'nothing kept'),
  },
  'GET /api/v1/appointments/{id}/record-items': {
    req: (w) => p(w.cache.appointment.id),
    sees: { who: ['A', 'D'], marker: async (w) => (await shared(w, 'item', recordItem)).id },
  },
  'GET /api/v1/appointments/{id}/record-items/{item_id}': {
    setup: (w) => shared(w, 'item', recordItem),
    req: (w, ctx) => p(w.cache.appointment.id, ctx.id),
  },
  'GET /api/v1/patients/{id}/record': {
    req: (w) => p(w.ids.A),
    sees: { who: ['D'], marker: async (w) => (await shared(w, 'signed', signed)).id },
  },
  'POST /api/v1/patients/{id}/record/emergency': {
    req: (w) => ({ ...p(w.ids.A), json: { reason: 'Unconscious in the emergency room' } }),
    // the patient is told who opened their record
    done: async (w, ctx, actor) => assert.ok((await get(w, 'A', '/api/v1/notifications')).text.includes(`Dr ${actor}`), 'A is told'),
  },
  'GET /api/v1/me/record': { req: () => p(), sees: { who: ['A'], marker: async (w) => (await shared(w, 'signed', signed)).id } },

  // ---- prescriptions (D's for A)
  'POST /api/v1/appointments/{id}/prescriptions': {
    req: (w, ctx, actor) => ({ ...p(w.cache.appointment.id), json: { ...rx, dosage: `${rx.dosage} (${actor})` } }),
    unchanged: async (w, ctx, actor) => assert.ok(!(await textOf(w, 'A', `/api/v1/appointments/${w.cache.appointment.id}/prescriptions`)).includes(`(${actor})`), 'nothing prescribed'),
  },
  'GET /api/v1/appointments/{id}/prescriptions': { req: (w) => p(w.cache.appointment.id) },
  'GET /api/v1/prescriptions/{id}': {
    setup: (w) => shared(w, 'rx', prescription),
    req: (w, ctx) => p(ctx.id),
  },
  'POST /api/v1/prescriptions/{id}/cancel': {
    setup: prescription,
    req: (w, ctx) => p(ctx.id),
    unchanged: async (w, ctx) => assert.equal((await get(w, 'A', `/api/v1/prescriptions/${ctx.id}`)).json.status, 'active'),
  },
  'GET /api/v1/verify/{code}': {
    setup: (w) => shared(w, 'rx', prescription),
    req: (w, ctx) => p(ctx.code),
  },
  'POST /api/v1/verify/{code}/dispense': {
    setup: prescription,
    req: (w, ctx) => ({ ...p(ctx.code), json: { pharmacist: 'Rita Farmácia', registration: 'OF-12345' } }),
  },

  // ---- vital signs (A's readings, devices and thresholds; D's alerts)
  'POST /api/v1/me/observations': { req: () => ({ ...p(), json: { observations: [reading(72)] } }) },
  'GET /api/v1/me/observations': { req: () => p(), sees: { who: ['A'], marker: async (w) => (await shared(w, 'observation', observation)).id } },
  'GET /api/v1/patients/{id}/observations': { req: (w) => p(w.ids.A), sees: { who: ['D'], marker: async (w) => (await shared(w, 'observation', observation)).id } },
  'POST /api/v1/devices/{id}/observations': {
    // A's device pushes with its own token; every other caller offers their session
    setup: (w) => shared(w, 'device', device),
    req: (w, ctx, actor) => ({ ...p(ctx.id), ...(actor === 'A' && { token: ctx.token }),
      json: { observations: [{ code: HR, value: 70, unit: '/min', at: new Date(Date.now() - 30_000).toISOString() }] } }),
  },
  'POST /api/v1/me/devices': { req: () => ({ ...p(), json: { name: 'Blood pressure cuff' } }) },
  'GET /api/v1/me/devices': { req: () => p(), sees: { who: ['A'], marker: async (w) => (await shared(w, 'device', device)).id } },
  'DELETE /api/v1/me/devices/{id}': {
    setup: device,
    req: (w, ctx) => p(ctx.id),
    unchanged: async (w, ctx) => {
      const json = (await get(w, 'A', '/api/v1/me/devices')).json;
      assert.ok((json.devices ?? json.items).some((d) => d.id === ctx.id && !d.revoked_at), 'still there');
    },
  },
  'GET /api/v1/patients/{id}/thresholds': { req: (w) => p(w.ids.A) },
  'PUT /api/v1/patients/{id}/thresholds': {
    req: (w, ctx, actor) => ({ ...p(w.ids.A), json: { items: [{ code: HR, above: 120 + ACTOR_MARK[actor] }] } }),
    unchanged: async (w, ctx, actor) => assert.ok(!(await textOf(w, 'D', `/api/v1/patients/${w.ids.A}/thresholds`)).includes(String(120 + ACTOR_MARK[actor])), 'thresholds unchanged'),
  },
  'GET /api/v1/me/thresholds': { req: () => p(), sees: { who: ['A'], marker: async (w) => { await shared(w, 'alert', alert); return HR; } } },
  'GET /api/v1/alerts': { req: () => ({ ...p(), query: '?state=all' }), sees: { who: ['A', 'D'], marker: async (w) => (await shared(w, 'alert', alert)).id } },
  'POST /api/v1/alerts/{id}/acknowledge': {
    setup: alert,
    req: (w, ctx) => p(ctx.id),
    unchanged: async (w, ctx) => assert.ok(openAlerts((await get(w, 'D', '/api/v1/alerts?state=open')).json).some((a) => a.id === ctx.id), 'still open'),
  },
};

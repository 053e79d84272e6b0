// messaging.test.mjs — secure messaging between a doctor and a patient
// (issue 6): only a doctor starts a conversation, only with a patient who
// has had an appointment with them; messages of text (10,000 characters at
// most) and attachments (25 MiB, type told by the bytes, served as
// downloads); read marks and unread counts; live delivery over the
// WebSocket; deletion by the doctor only; anything on a conversation the
// caller is not in is 404. And the store's bytes hold none of the titles,
// texts, file names or file contents, before and after `telemed keys rotate`.
// Uploads go over HTTP/1.1 (see docs/architecture.md on node:http2).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID, randomBytes } from 'node:crypto';
import { startServer, telemed } from '../support/server.mjs';
import { client, newUser } from './client.mjs';
import { addAdmin, verifiedDoctor } from './people.mjs';
import { liveClient } from './live_client.mjs';
import { bookNext } from './rooms.mjs';
import { getBytes as fetchBytes, postForm } from './uploads.mjs';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const MiB = 1024 * 1024;

let server;
let api;
let admin;
let doctor;      // has an appointment with patient
let patient;     // { id, token, name }
let stranger;    // a patient with no appointment with doctor
let otherDoctor; // a doctor with no appointment with patient
const open = [];

async function patientSession(full_name) {
  const u = newUser({ full_name });
  const token = await api.session(u);
  const id = (await api.get('/api/v1/me', { token })).json.user.id;
  return { id, token, name: full_name };
}

const start = (token, json) => api.post('/api/v1/conversations', json, { token });
const send = (token, id, text) => api.post(`/api/v1/conversations/${id}/messages`, { text }, { token });
const messages = (token, id, query = '') => api.get(`/api/v1/conversations/${id}/messages${query}`, { token });

// A conversation the doctor started with the patient: its JSON.
async function conversation(title = 'Your blood results') {
  const res = await start(doctor.token, { patient_id: patient.id, title });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

function upload(token, id, fields) {
  return postForm(api, `/api/v1/conversations/${id}/messages`, token, fields);
}

const getBytes = (path, token) => fetchBytes(server, path, token);

// Every message of a conversation, page by page.
async function allMessages(token, id, limit = 100) {
  const items = [];
  let cursor = '';
  do {
    const res = await messages(token, id, `?limit=${limit}${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
    assert.equal(res.status, 200, res.text);
    items.push(...res.json.items);
    cursor = res.json.next_cursor;
  } while (cursor);
  return items;
}

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Mara Message' });
  otherDoctor = await verifiedDoctor(api, admin);
  patient = await patientSession('Paula Privatepatient');
  stranger = await patientSession('Sam Stranger');
  await bookNext(api, doctor, [patient.token]);
});

after(async () => {
  for (const ws of open) ws.terminate();
  await server.stop();
});

describe('starting a conversation', () => {
  test('a doctor starts one with their patient; both list it', async () => {
    const c = await conversation('Follow-up on your visit');
    assert.match(c.id, /^[0-9a-f-]{36}$/);
    assert.equal(c.title, 'Follow-up on your visit');
    assert.deepEqual(c.doctor, { id: doctor.id, name: 'Dr Mara Message' });
    assert.deepEqual(c.patient, { id: patient.id, name: 'Paula Privatepatient' });
    assert.equal(c.unread, 0);
    assert.ok(Date.parse(c.created_at) > 0 && c.last_message_at === c.created_at);
    for (const token of [doctor.token, patient.token]) {
      const list = await api.get('/api/v1/conversations', { token });
      assert.equal(list.status, 200, list.text);
      assert.ok(list.json.items.some((x) => x.id === c.id && x.title === c.title));
      assert.equal(typeof list.json.unread, 'number');
      const one = await api.get(`/api/v1/conversations/${c.id}`, { token });
      assert.equal(one.status, 200);
      assert.equal(one.json.title, c.title);
    }
  });

  test('a patient may not start one (403), nor an administrator', async () => {
    const res = await start(patient.token, { patient_id: patient.id, title: 'Hello doctor' });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'forbidden');
    assert.equal((await start(admin, { patient_id: patient.id, title: 'Hi' })).status, 403);
  });

  test('only with a patient who has or had an appointment with the doctor (422 no_care_relationship)', async () => {
    for (const [token, patientId] of [[doctor.token, stranger.id], [otherDoctor.token, patient.id],
      [doctor.token, randomUUID()], [doctor.token, otherDoctor.id], [doctor.token, 'not-an-id']]) {
      const res = await start(token, { patient_id: patientId, title: 'Results' });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.json.error.code, 'no_care_relationship');
    }
    // a cancelled appointment was still an appointment
    const [appt] = await bookNext(api, otherDoctor, [stranger.token]);
    assert.equal((await api.post(`/api/v1/appointments/${appt.id}/cancel`, {}, { token: stranger.token })).status, 200);
    assert.equal((await start(otherDoctor.token, { patient_id: stranger.id, title: 'After the cancel' })).status, 201);
  });

  test('bad bodies get a clear 4xx and start nothing', async () => {
    const before = (await api.get('/api/v1/conversations', { token: doctor.token })).json.items.length;
    const cases = [
      [{ body: '{"patient_id":', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
      [{ json: { patient_id: patient.id, title: 7 } }, 400, 'invalid_type'],
      [{ json: { patient_id: patient.id, title: 'x', colour: 'red' } }, 400, 'unknown_field'],
      [{ json: { patient_id: patient.id } }, 400, 'missing_field'],
      [{ json: { patient_id: patient.id, title: 'x'.repeat(201) } }, 422, 'invalid_value'],
      [{ json: { patient_id: patient.id, title: '   ' } }, 422, 'invalid_value'],
      [{ json: { patient_id: patient.id, title: '' } }, 422, 'invalid_value'],
      [{ body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ];
    for (const [o, status, code] of cases) {
      const res = await api.request('POST', '/api/v1/conversations', { token: doctor.token, ...o });
      assert.equal(res.status, status, `${JSON.stringify(o)}: ${res.text}`);
      assert.equal(res.json.error.code, code);
      assert.equal(typeof res.json.error.message, 'string');
    }
    assert.equal((await api.get('/api/v1/conversations', { token: doctor.token })).json.items.length, before);
  });
});

describe('messages', () => {
  test('either writes; a page is oldest first and cursors walk it in order', async () => {
    const c = await conversation();
    const sent = [];
    for (let i = 0; i < 5; i++) {
      const [who, other] = i % 2 ? [patient, doctor] : [doctor, patient];
      const res = await send(who.token, c.id, `message ${i}`);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.text, `message ${i}`);
      assert.equal(res.json.sender_id, i % 2 ? patient.id : doctor.id);
      assert.equal(res.json.conversation_id, c.id);
      assert.equal(res.json.read_at, null);
      assert.equal(res.json.attachment, null);
      assert.notEqual(other, who);
      sent.push(res.json.id);
    }
    const page = await messages(patient.token, c.id, '?limit=2');
    assert.equal(page.json.items.length, 2);
    assert.ok(page.json.next_cursor);
    const all = await allMessages(patient.token, c.id, 2);
    assert.deepEqual(all.map((m) => m.id), sent);
    assert.deepEqual(all.map((m) => m.text), sent.map((_, i) => `message ${i}`));
    const times = all.map((m) => Date.parse(m.created_at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const list = (await api.get('/api/v1/conversations', { token: doctor.token })).json.items;
    assert.equal(list[0].id, c.id, 'the conversation with the latest message comes first');
    assert.equal((await messages(patient.token, c.id, '?cursor=nonsense')).status, 422);
    assert.equal((await messages(patient.token, c.id, '?limit=0')).status, 422);
  });

  test('text is 10,000 characters at most, counted as characters', async () => {
    const c = await conversation();
    const most = 'é'.repeat(10_000); // 20,000 bytes of UTF-8
    const ok = await send(doctor.token, c.id, most);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.text, most);
    for (const text of ['x'.repeat(10_001), '']) {
      const res = await send(doctor.token, c.id, text);
      assert.equal(res.status, 422, res.text);
      assert.equal(res.json.error.code, 'invalid_value');
    }
    for (const [o, status, code] of [
      [{ body: '{"text":"unterminated', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
      [{ json: { text: ['a'] } }, 400, 'invalid_type'],
      [{ json: { text: 'hi', urgent: true } }, 400, 'unknown_field'],
      [{ json: {} }, 400, 'missing_field'],
      [{ body: 'hi', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
    ]) {
      const res = await api.request('POST', `/api/v1/conversations/${c.id}/messages`, { token: patient.token, ...o });
      assert.equal(res.status, status, res.text);
      assert.equal(res.json.error.code, code);
    }
    assert.equal((await allMessages(doctor.token, c.id)).length, 1, 'nothing half-written');
  });

  test('read marks per message with their time, and unread counts', async () => {
    const c = await conversation();
    const ids = [];
    for (const text of ['one', 'two', 'three']) ids.push((await send(doctor.token, c.id, text)).json.id);
    const mine = (await send(patient.token, c.id, 'from me')).json.id;
    const unreadOf = async (token) => {
      const list = (await api.get('/api/v1/conversations', { token })).json;
      return { total: list.unread, here: list.items.find((x) => x.id === c.id).unread };
    };
    const before = await unreadOf(patient.token);
    assert.equal(before.here, 3);
    assert.ok(before.total >= 3);
    assert.equal((await unreadOf(doctor.token)).here, 1);
    const res = await api.post(`/api/v1/conversations/${c.id}/read`, { up_to: ids[1] }, { token: patient.token });
    assert.equal(res.status, 204, res.text);
    const after = await unreadOf(patient.token);
    assert.equal(after.here, 1);
    assert.equal(after.total, before.total - 2);
    const seen = await allMessages(doctor.token, c.id);
    assert.ok(Date.parse(seen[0].read_at) > 0 && seen[1].read_at);
    assert.equal(seen[2].read_at, null);
    assert.equal(seen[3].read_at, null, "the patient's own message is not marked by their reading");
    // reading up to one's own latest message reads everything before it
    assert.equal((await api.post(`/api/v1/conversations/${c.id}/read`, { up_to: mine }, { token: patient.token })).status, 204);
    assert.equal((await unreadOf(patient.token)).here, 0);
    // foreign and malformed marks
    const other = await conversation();
    const foreign = (await send(doctor.token, other.id, 'elsewhere')).json.id;
    for (const [body, status] of [[{ up_to: foreign }, 404], [{ up_to: randomUUID() }, 404], [{ up_to: 'x' }, 404],
      [{}, 400], [{ up_to: 5 }, 400], [{ up_to: mine, also: 1 }, 400]]) {
      const r = await api.post(`/api/v1/conversations/${c.id}/read`, body, { token: patient.token });
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    }
  });
});

describe('attachments', () => {
  test('a file goes up and comes down with the same bytes, as a download', async () => {
    const c = await conversation();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);
    for (const [data, filename, type] of [[png, 'x-ray.png', 'image/png'], [pdf, 'lab results «mars».pdf', 'application/pdf'],
      [Buffer.from('plain words\nsecond line\n'), 'notes.txt', 'text/plain; charset=utf-8']]) {
      const res = await upload(patient.token, c.id, { text: `here is ${filename}`, file: { filename, data, type: 'application/octet-stream' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.text, `here is ${filename}`);
      const a = res.json.attachment;
      assert.equal(a.name, filename);
      assert.equal(a.content_type, type);
      assert.equal(a.size, data.length);
      assert.equal(a.url, `/api/v1/conversations/${c.id}/messages/${res.json.id}/attachment`);
      const got = await getBytes(a.url, doctor.token);
      assert.equal(got.status, 200);
      assert.ok(got.body.equals(data), `${filename} comes back byte for byte`);
      assert.equal(got.headers['content-type'], type);
      assert.equal(got.headers['x-content-type-options'], 'nosniff');
      assert.match(got.headers['content-disposition'], /^attachment; filename="[^"]+"; filename\*=UTF-8''/);
      assert.equal(decodeURIComponent(got.headers['content-disposition'].split("UTF-8''")[1]), filename);
      assert.match(got.headers['cache-control'], /no-store/);
    }
    // a file alone, its name cleaned of any path
    const alone = await upload(doctor.token, c.id, { file: { filename: '../../etc/C:\\Users\\me\\scan.png', data: png } });
    assert.equal(alone.status, 201, alone.text);
    assert.equal(alone.json.text, '');
    assert.equal(alone.json.attachment.name, 'scan.png');
    const listed = await allMessages(patient.token, c.id);
    assert.equal(listed.at(-1).attachment.name, 'scan.png');
    // a message without an attachment has none to serve
    const plain = (await send(doctor.token, c.id, 'no file')).json.id;
    assert.equal((await getBytes(`/api/v1/conversations/${c.id}/messages/${plain}/attachment`, doctor.token)).status, 404);
  });

  test('the type is told by the content: other files are refused, and nothing is written', async () => {
    const c = await conversation();
    const elf = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0'), randomBytes(64)]);
    for (const [data, filename] of [[elf, 'photo.png'], [Buffer.from('<svg onload="x()"/>\0'), 'image.svg'], [Buffer.alloc(0), 'empty.txt'],
      [Buffer.from([0xff, 0xfe, 0x41, 0x00]), 'utf16.txt']]) {
      const res = await upload(doctor.token, c.id, { text: 'look', file: { filename, data, type: 'image/png' } });
      assert.equal(res.status, 415, `${filename}: ${res.text}`);
      assert.equal(res.json.error.code, 'unsupported_file');
    }
    for (const [fields, status, code] of [
      [{ text: 'hi', extra: 'x' }, 400, 'unknown_field'],
      [{ other: { filename: 'a.png', data: png } }, 400, 'unknown_field'],
      [{ text: 'x'.repeat(10_001) }, 422, 'invalid_value'],
      [{}, 400, 'missing_field'],
    ]) {
      const res = await upload(doctor.token, c.id, fields);
      assert.equal(res.status, status, `${JSON.stringify(Object.keys(fields))}: ${res.text}`);
      assert.equal(res.json.error.code, code);
    }
    const broken = await api.request('POST', `/api/v1/conversations/${c.id}/messages`,
      { token: doctor.token, body: '--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nno end', headers: { 'content-type': 'multipart/form-data; boundary=b' } });
    assert.equal(broken.status, 400);
    assert.equal((await allMessages(doctor.token, c.id)).length, 0, 'nothing half-written');
  });

  test('25 MiB is the most: one byte more is 413', async () => {
    const c = await conversation();
    const most = Buffer.alloc(25 * MiB, 0x20);
    most.write('%PDF-1.4\n');
    const ok = await upload(doctor.token, c.id, { file: { filename: 'big.pdf', data: most } });
    assert.equal(ok.status, 201, ok.text);
    const got = await getBytes(ok.json.attachment.url, patient.token);
    assert.ok(got.body.equals(most));
    const over = await upload(doctor.token, c.id, { file: { filename: 'bigger.pdf', data: Buffer.concat([most, Buffer.alloc(65 * 1024)]) } });
    assert.equal(over.status, 413);
    assert.equal(over.json.error.code, 'body_too_large');
    // other routes keep the ordinary limit
    const big = await api.post('/api/v1/conversations', { patient_id: patient.id, title: 'x'.repeat(4 * MiB) }, { token: doctor.token });
    assert.equal(big.status, 413);
    assert.equal((await allMessages(doctor.token, c.id)).length, 1);
  });
});

describe('who may see a conversation', () => {
  test('anything on a conversation the caller is not in is 404', async () => {
    const c = await conversation();
    const m = (await upload(doctor.token, c.id, { text: 'private', file: { filename: 'a.png', data: png } })).json;
    const outsiders = [stranger.token, otherDoctor.token, admin];
    for (const token of outsiders) {
      const answers = [
        await api.get(`/api/v1/conversations/${c.id}`, { token }),
        await messages(token, c.id),
        await send(token, c.id, 'let me in'),
        await api.post(`/api/v1/conversations/${c.id}/read`, { up_to: m.id }, { token }),
        await api.request('DELETE', `/api/v1/conversations/${c.id}`, { token }),
        await api.get(m.attachment.url, { token }),
      ];
      for (const res of answers) {
        assert.equal(res.status, 404, res.text);
        assert.equal(res.json.error.code, 'not_found');
      }
      const list = await api.get('/api/v1/conversations', { token });
      if (list.status === 200) assert.ok(!list.json.items.some((x) => x.id === c.id));
    }
    for (const id of [randomUUID(), 'not-a-uuid']) {
      assert.equal((await messages(doctor.token, id)).status, 404);
      assert.equal((await send(doctor.token, id, 'x')).status, 404);
    }
    // a message id of another conversation does not serve through this one
    const other = await conversation();
    assert.equal((await api.get(`/api/v1/conversations/${other.id}/messages/${m.id}/attachment`, { token: doctor.token })).status, 404);
    assert.equal((await messages(doctor.token, c.id)).json.items.length, 1);
  });

  test('only the doctor deletes a conversation: gone for both, audited', async () => {
    const c = await conversation('To be deleted');
    await send(doctor.token, c.id, 'soon gone');
    const pc = liveClient(server, open, { cookie: patient.token });
    await pc.next((m) => m.type === 'WELCOME');
    const refused = await api.request('DELETE', `/api/v1/conversations/${c.id}`, { token: patient.token });
    assert.equal(refused.status, 403);
    assert.equal((await messages(patient.token, c.id)).status, 200);
    const res = await api.request('DELETE', `/api/v1/conversations/${c.id}`, { token: doctor.token });
    assert.equal(res.status, 204, res.text);
    const gone = await pc.next((m) => m.type === 'CONVERSATION_DELETED' && m.conversation_id === c.id);
    assert.equal(typeof gone.messages_unread, 'number');
    for (const token of [doctor.token, patient.token]) {
      assert.equal((await api.get(`/api/v1/conversations/${c.id}`, { token })).status, 404);
      assert.equal((await messages(token, c.id)).status, 404);
      assert.ok(!(await api.get('/api/v1/conversations', { token })).json.items.some((x) => x.id === c.id));
    }
    assert.equal((await api.request('DELETE', `/api/v1/conversations/${c.id}`, { token: doctor.token })).status, 404);
    const events = await api.auditEvents(admin);
    const deleted = events.find((e) => e.action === 'conversation.delete' && e.subject_id === c.id);
    assert.ok(deleted, 'the deletion is audited');
    assert.ok(!JSON.stringify(deleted).includes('soon gone'), 'without the content');
    assert.ok(events.some((e) => e.action === 'conversation.start' && e.subject_id === c.id));
  });
});

describe('live delivery', () => {
  test("the recipient's open page gets the message at once; the sender's learns it was read", async () => {
    const dc = liveClient(server, open, { cookie: doctor.token });
    const pc = liveClient(server, open, { cookie: patient.token });
    const welcome = await pc.next((m) => m.type === 'WELCOME');
    assert.equal(typeof welcome.messages_unread, 'number');
    await dc.next((m) => m.type === 'WELCOME');
    const c = await conversation('Live one');
    const started = await pc.next((m) => m.type === 'CONVERSATION' && m.conversation.id === c.id);
    assert.equal(started.conversation.title, 'Live one');
    const sent = (await send(doctor.token, c.id, 'Are you feeling better?')).json;
    const got = await pc.next((m) => m.type === 'MESSAGE' && m.message.id === sent.id, 2_000);
    assert.equal(got.conversation_id, c.id);
    assert.equal(got.message.text, 'Are you feeling better?');
    assert.equal(got.message.sender_id, doctor.id);
    const total = (await api.get('/api/v1/conversations', { token: patient.token })).json.unread;
    assert.equal(got.messages_unread, total, 'the badge count comes with it');
    assert.ok(total > welcome.messages_unread);
    const read = await api.post(`/api/v1/conversations/${c.id}/read`, { up_to: sent.id }, { token: patient.token });
    assert.equal(read.status, 204);
    const seen = await dc.next((m) => m.type === 'MESSAGES_READ' && m.conversation_id === c.id, 2_000);
    assert.equal(seen.up_to, sent.id);
    assert.equal(seen.reader_id, patient.id);
    assert.ok(Date.parse(seen.read_at) > 0);
    const mine = await pc.next((m) => m.type === 'MESSAGES_READ' && m.conversation_id === c.id);
    assert.equal(mine.messages_unread, total - 1, "the reader's other pages update their badge");
  });
});

describe('sealed at rest', () => {
  // What the store must not hold in the clear.
  const secrets = {
    title: 'Titleword Quokkaphobia',
    texts: ['Zebrafinch lymphoma discussion', 'Marigold seroconversion noted', 'ünïcödé Xylophonist rash'],
    filename: 'Pangolinscan report.txt',
    file: 'Axolotl biopsy: benign, nothing to fear\n',
  };
  const storeBytes = () => Buffer.concat(['telemed.db', 'telemed.db-wal'].map((f) => join(server.dataDir, f))
    .filter((p) => existsSync(p)).map((p) => readFileSync(p)));
  // made-up words that appear nowhere else
  const markers = ['Quokkaphobia', 'Zebrafinch', 'Marigold', 'Xylophonist', 'Pangolinscan', 'Axolotl'];
  const words = () => [secrets.title, ...secrets.texts, secrets.filename, secrets.file.trim(), ...markers];

  test("the store's file and its WAL hold none of the titles, texts, names or files", async () => {
    const c = await conversation(secrets.title);
    for (const text of secrets.texts) assert.equal((await send(patient.token, c.id, text)).status, 201);
    const up = await upload(doctor.token, c.id, { text: secrets.texts[0], file: { filename: secrets.filename, data: Buffer.from(secrets.file) } });
    assert.equal(up.status, 201, up.text);
    // they read back whole
    assert.deepEqual((await allMessages(patient.token, c.id)).map((m) => m.text), [...secrets.texts, secrets.texts[0]]);
    assert.ok(statSync(join(server.dataDir, 'telemed.db-wal')).size > 0);
    const bytes = storeBytes();
    // the check can see what is stored in the clear: a name is
    assert.ok(bytes.includes(Buffer.from('Paula Privatepatient')), 'names are stored in the clear and found');
    for (const word of words()) {
      for (const enc of ['utf8', 'utf16le']) {
        assert.ok(!bytes.includes(Buffer.from(word, enc)), `"${word}" (${enc}) is in the store's bytes`);
      }
    }
  });

  test('after `telemed keys rotate`, old messages still read and every value carries the new key', async () => {
    const c = await conversation('Before the rotation');
    const old = (await send(doctor.token, c.id, 'written under key one')).json;
    const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), q], { encoding: 'utf8' }).trim();
    const keyIds = () => sql("SELECT DISTINCT substr(hex(body), 3, 8) FROM messages UNION SELECT DISTINCT substr(hex(title), 3, 8) FROM conversations"
      + ' UNION SELECT DISTINCT substr(hex(name), 3, 8) FROM message_attachments UNION SELECT DISTINCT substr(hex(bytes), 3, 8) FROM message_attachments').split('\n');
    assert.deepEqual(keyIds(), ['00000001']);
    const rotate = telemed(['keys', 'rotate', '--data', server.dataDir, '--batch', '7', '--log-level', 'warn']);
    assert.equal(rotate.code, 0, rotate.stderr);
    assert.match(rotate.stdout, /added key 2/);
    assert.match(rotate.stdout, /re-sealed \d+ value/);
    const mode = statSync(join(server.dataDir, 'telemed.keys')).mode & 0o777;
    assert.equal(mode, 0o600);
    assert.deepEqual(keyIds(), ['00000002'], 'every sealed value is under the new key');
    // the running server reads them (it noticed the new key) and writes with it
    const all = await allMessages(patient.token, c.id);
    assert.equal(all.find((m) => m.id === old.id).text, 'written under key one');
    const fresh = (await send(patient.token, c.id, 'written under key two')).json;
    assert.equal(sql(`SELECT substr(hex(body), 3, 8) FROM messages WHERE id = '${fresh.id}'`), '00000002');
    // and its attachments still come down whole
    const listed = (await api.get('/api/v1/conversations', { token: patient.token })).json.items;
    assert.ok(listed.some((x) => x.title === 'Before the rotation'));
    // an interrupted run is finished with --resume: nothing left to do, no new key
    const resume = telemed(['keys', 'rotate', '--resume', '--data', server.dataDir, '--log-level', 'warn']);
    assert.equal(resume.code, 0, resume.stderr);
    assert.match(resume.stdout, /re-sealed 0 value/);
    assert.deepEqual(keyIds(), ['00000002']);
  });

  test('a key file others may read stops the server from starting', async () => {
    const keyFile = join(server.dataDir, 'loose.keys');
    writeFileSync(keyFile, `key 1 ${randomBytes(32).toString('hex')}\n`, { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    await assert.rejects(startServer({ flags: ['--key-file', keyFile] }), /chmod 600/);
  });
});

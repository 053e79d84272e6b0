// record_items.test.mjs — saving call content to the consultation record
// (issue 5): either party of an appointment saves the chat transcript, a
// file or the whiteboard as PNG, only with the patient's "call_records"
// consent (403 consent_required otherwise, audited); 25 MiB at most (413);
// names cleaned; the two parties list and download (a safe
// Content-Disposition), anyone else gets 404; the patient's record shows
// the items with their consultation, and so does the FHIR export; the
// store holds none of it in the clear, before and after `telemed keys rotate`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, telemed } from '../support/server.mjs';
import { client, giveConsent, withdrawConsent } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';
import { getBytes, postForm } from './uploads.mjs';

const FhirValidator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator');
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const transcript = Buffer.from('[10:02] Dr Ines Items: Does the rash itch at night?\n[10:03] Pia Patient: Yes, mostly around the elbow\n');
const MiB = 1024 * 1024;

let server, api, admin, doctor, otherDoctor, patient, stranger;
let appointment, second, foreign; // patient's two with doctor; stranger's with otherDoctor

const save = (token, id, fields) => postForm(api, `/api/v1/appointments/${id}/record-items`, token, fields);
const list = (token, id) => api.get(`/api/v1/appointments/${id}/record-items`, { token });
const sql = (q) => execFileSync('sqlite3', [join(server.dataDir, 'telemed.db'), q], { encoding: 'utf8' }).trim();
const count = () => Number(sql('SELECT COUNT(*) FROM record_items'));

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Ines Items' });
  otherDoctor = await verifiedDoctor(api, admin);
  patient = await patientSession(api, { full_name: 'Pia Patient' });
  stranger = await patientSession(api);
  [appointment, second] = await bookNext(api, doctor, [patient.token, patient.token]);
  [foreign] = await bookNext(api, otherDoctor, [stranger.token]);
});

after(async () => server.stop());

describe('consent', () => {
  test('without the patient\'s call_records consent nothing is saved, and the refusal is audited', async () => {
    const before = count();
    for (const token of [doctor.token, patient.token]) {
      const res = await save(token, appointment.id, { kind: 'transcript', file: { filename: 'chat.txt', data: transcript } });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.json.error.code, 'consent_required');
      assert.match(res.json.error.message, /call_records/);
    }
    assert.equal(count(), before, 'nothing written');
    const refused = (await api.auditEvents(admin)).filter((e) => e.action === 'record_item.add_refused');
    assert.deepEqual(refused.map((e) => e.actor_id).sort(), [doctor.id, patient.id].sort());
    assert.ok(refused.every((e) => e.subject_id === patient.id && e.detail.appointment_id === appointment.id));
  });

  test('withdrawn consent refuses again', async () => {
    await giveConsent(api, patient.token, 'call_records');
    const ok = await save(doctor.token, second.id, { kind: 'board', file: { filename: 'whiteboard.png', data: png } });
    assert.equal(ok.status, 201, ok.text);
    await withdrawConsent(api, patient.token, 'call_records');
    const res = await save(doctor.token, second.id, { kind: 'board', file: { filename: 'whiteboard.png', data: png } });
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.error.code, 'consent_required');
    await giveConsent(api, patient.token, 'call_records');
  });
});

describe('saving and reading', () => {
  test('both parties save; both list in time order; each download gives the bytes back', async () => {
    const t = await save(doctor.token, appointment.id, { kind: 'transcript', file: { filename: 'chat transcript.txt', data: transcript } });
    assert.equal(t.status, 201, t.text);
    assert.equal(t.json.kind, 'transcript');
    assert.equal(t.json.media_type, 'text/plain; charset=utf-8');
    assert.equal(t.json.size, transcript.length);
    assert.deepEqual(t.json.added_by, { id: doctor.id, name: 'Dr Ines Items' });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 7)]);
    const f = await save(patient.token, appointment.id, { kind: 'file', file: { filename: 'blood results.pdf', data: pdf } });
    assert.equal(f.status, 201, f.text);
    assert.equal(f.json.media_type, 'application/pdf');
    for (const token of [doctor.token, patient.token]) {
      const res = await list(token, appointment.id);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items.map((i) => i.name), ['chat transcript.txt', 'blood results.pdf']);
    }
    const got = await getBytes(server, f.json.url, doctor.token);
    assert.equal(got.status, 200);
    assert.ok(got.body.equals(pdf), 'the same bytes');
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.match(got.headers['content-disposition'], /^attachment; filename="blood results\.pdf"; filename\*=UTF-8''blood%20results\.pdf$/);
    assert.match(got.headers['cache-control'], /no-store/);
    const text = await getBytes(server, t.json.url, patient.token);
    assert.equal(text.body.toString(), transcript.toString());
    const actions = (await api.auditEvents(admin)).filter((e) => e.subject_id === patient.id).map((e) => `${e.action} ${e.actor_id}`);
    for (const a of [`record_item.add ${doctor.id}`, `record_item.add ${patient.id}`, `record_item.download ${doctor.id}`,
      `record_item.download ${patient.id}`, `record_item.view ${patient.id}`, `record_item.view ${doctor.id}`]) assert.ok(actions.includes(a), a);
  });

  test('any file is kept, served as a download that no browser opens as a page', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>\0\x01');
    const res = await save(patient.token, second.id, { kind: 'file', file: { filename: 'page.html', data: html, type: 'text/html' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.media_type, 'application/octet-stream');
    const got = await getBytes(server, res.json.url, patient.token);
    assert.equal(got.headers['content-type'], 'application/octet-stream');
    assert.match(got.headers['content-disposition'], /^attachment;/);
    assert.ok(got.body.equals(html));
  });

  test('hostile names are cleaned: no folders, quotes or control characters', async () => {
    for (const [filename, kept] of [['../../etc/passwd', 'passwd'], ['..\\..\\boot.ini', 'boot.ini'], ['a\x01b\x7fc\t.txt', 'abc.txt'],
      ['.hidden', 'hidden'], ['..', 'file'], ['<img src=x onerror=alert(1)>.png', '<img src=x onerror=alert(1)>.png'],
      ['Résultats d’analyse.png', 'Résultats d’analyse.png']]) {
      const res = await save(doctor.token, second.id, { kind: 'file', file: { filename, data: png } });
      assert.equal(res.status, 201, `${filename}: ${res.text}`);
      assert.equal(res.json.name, kept, filename);
      const got = await getBytes(server, res.json.url, doctor.token);
      assert.doesNotMatch(got.headers['content-disposition'], /[\r\n]|filename="[^"]*"[^;]/, filename);
    }
  });

  test('the kind fits the bytes; bad forms get a clear 4xx and write nothing', async () => {
    const before = count();
    for (const [fields, status, code] of [
      [{ kind: 'transcript', file: { filename: 'x.png', data: png } }, 415, 'unsupported_file'],
      [{ kind: 'board', file: { filename: 'b.png', data: transcript } }, 415, 'unsupported_file'],
      [{ kind: 'video', file: { filename: 'v.txt', data: transcript } }, 422, 'invalid_value'],
      [{ kind: 'file', file: { filename: 'empty.txt', data: Buffer.alloc(0) } }, 422, 'invalid_value'],
      [{ kind: 'file' }, 400, 'missing_field'],
      [{ file: { filename: 'a.txt', data: transcript } }, 400, 'missing_field'],
      [{ kind: 'file', file: { filename: 'a.txt', data: transcript }, extra: 'x' }, 400, 'unknown_field'],
    ]) {
      const res = await save(doctor.token, second.id, fields);
      assert.equal(res.status, status, `${JSON.stringify(Object.keys(fields))} ${fields.kind}: ${res.text}`);
      assert.equal(res.json.error.code, code);
    }
    const json = await api.post(`/api/v1/appointments/${second.id}/record-items`, { kind: 'file' }, { token: doctor.token });
    assert.equal(json.status, 415, json.text);
    assert.equal(count(), before, 'nothing half-written');
  });

  test('above 25 MiB: 413, nothing written', async () => {
    const before = count();
    const res = await save(patient.token, second.id, { kind: 'file', file: { filename: 'big.bin', data: Buffer.alloc(25 * MiB + 1, 1) } });
    assert.equal(res.status, 413, res.text);
    assert.equal(res.json.error.code, 'body_too_large');
    const edge = await save(patient.token, second.id, { kind: 'file', file: { filename: 'edge.bin', data: Buffer.alloc(25 * MiB, 2) } });
    assert.equal(edge.status, 201, edge.text);
    assert.equal(count(), before + 1);
  });
});

describe('others', () => {
  test('a foreign appointment is 404 for saving, listing and downloading; a cancelled one takes nothing', async () => {
    const mine = (await list(doctor.token, appointment.id)).json.items[0];
    for (const token of [stranger.token, otherDoctor.token]) {
      const res = await save(token, appointment.id, { kind: 'file', file: { filename: 'x.txt', data: transcript } });
      assert.equal(res.status, 404, res.text);
      assert.equal((await list(token, appointment.id)).status, 404);
      assert.equal((await getBytes(server, mine.url, token)).status, 404);
    }
    assert.equal((await save(doctor.token, foreign.id, { kind: 'file', file: { filename: 'x.txt', data: transcript } })).status, 404);
    assert.equal((await getBytes(server, `/api/v1/appointments/${appointment.id}/record-items/${foreign.id}`, doctor.token)).status, 404);
    assert.equal((await getBytes(server, `/api/v1/appointments/${appointment.id}/record-items/not-an-id`, doctor.token)).status, 404);
    const [later] = await bookNext(api, doctor, [patient.token]);
    assert.equal((await api.post(`/api/v1/appointments/${later.id}/cancel`, {}, { token: patient.token })).status, 200);
    const res = await save(doctor.token, later.id, { kind: 'file', file: { filename: 'x.txt', data: transcript } });
    assert.equal(res.status, 409, res.text);
  });

  test('the patient\'s record shows the items with their consultation', async () => {
    const res = await api.get('/api/v1/me/record', { token: patient.token });
    assert.equal(res.status, 200, res.text);
    const entry = res.json.items.find((i) => i.appointment.id === appointment.id);
    assert.ok(entry, 'a consultation with saved items is in the record');
    assert.deepEqual(entry.items.map((i) => i.kind), ['transcript', 'file']);
    assert.equal(entry.note, null);
  });
});

describe('export', () => {
  test('the patient\'s FHIR export carries each item as a DocumentReference of its consultation', async () => {
    const items = (await list(patient.token, appointment.id)).json.items;
    const res = await api.get('/api/v1/me/export', { token: patient.token });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(new FhirValidator().validate(res.json), [], 'valid FHIR R4');
    const docs = res.json.entry.map((e) => e.resource).filter((r) => r.resourceType === 'DocumentReference');
    for (const item of items) {
      const doc = docs.find((d) => d.id === item.id);
      assert.ok(doc, `${item.name} is exported`);
      assert.equal(doc.content[0].attachment.title, item.name);
      assert.equal(doc.content[0].attachment.size, item.size);
      assert.equal(doc.content[0].attachment.url, item.url);
      assert.equal(doc.context.encounter[0].reference, `Encounter/${appointment.id}`);
      assert.equal(doc.subject.reference, `Patient/${patient.id}`);
    }
    assert.equal(docs.find((d) => d.id === items[0].id).author[0].reference, `Practitioner/${doctor.id}`);
  });
});

describe('at rest', () => {
  test('the store holds no name or content; after `telemed keys rotate` it still reads', async () => {
    const hex = (s) => Buffer.from(s).toString('hex').toUpperCase();
    // 25 MiB of ciphertext hold any given 4 bytes about once in 170 runs:
    // the words looked for are 5 bytes or more
    for (const s of ['rash itch', 'elbow', 'blood results', 'transcript', 'application/pdf', '%PDF-1.7']) {
      const found = sql(`SELECT COUNT(*) FROM record_items WHERE instr(meta, X'${hex(s)}') > 0 OR instr(content, X'${hex(s)}') > 0`);
      assert.equal(found, '0', s);
    }
    assert.equal(sql(`SELECT COUNT(*) FROM record_items WHERE instr(content, X'${hex('Does the rash')}') > 0`), '0');
    const rotate = telemed(['keys', 'rotate', '--data', server.dataDir, '--log-level', 'warn']);
    assert.equal(rotate.code, 0, rotate.stderr);
    const keys = sql('SELECT DISTINCT hex(substr(meta, 2, 4)) FROM record_items UNION SELECT DISTINCT hex(substr(content, 2, 4)) FROM record_items');
    assert.deepEqual(keys.split('\n'), ['00000002'], 'every value re-sealed under the new key');
    const items = (await list(patient.token, appointment.id)).json.items;
    const got = await getBytes(server, items[0].url, patient.token);
    assert.equal(got.body.toString(), transcript.toString());
  });
});

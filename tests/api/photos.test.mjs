// photos.test.mjs — doctors' photos: JPEG, PNG and WebP told apart by their
// bytes (not by the declared type), served with their true type, an ETag and
// a versioned address; anything else refused; 2 MiB at most; only the doctor
// changes their own. Sent over HTTP/1.1 (see docs/architecture.md on
// node:http2 and large bodies).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';
import { addAdmin, verifiedDoctor } from './people.mjs';

// 1×1 pictures, as image tools write them
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const jpeg = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=', 'base64');
const webp = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

let server;
let api;
let admin;
let doctor;
let patient;

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin);
  patient = await api.session(newUser());
});

after(() => server.stop());

function put(token, body, type, id = doctor.id) {
  return api.request('PUT', `/api/v1/doctors/${id}/photo`, { token, body, headers: { 'content-type': type } });
}

// The photo as raw bytes (the JSON client reads text).
function getBytes(path, token, headers = {}) {
  return new Promise((resolve, reject) => {
    https.get(`${server.url}${path}`, { ca: server.ca, headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('doctor photos', () => {
  test('JPEG, PNG and WebP are each stored and served with their own type', async () => {
    for (const [bytes, type] of [[jpeg, 'image/jpeg'], [png, 'image/png'], [webp, 'image/webp']]) {
      const res = await put(doctor.token, bytes, type);
      assert.equal(res.status, 200, `${type}: ${res.text}`);
      assert.match(res.json.photo_url, new RegExp(`^/api/v1/doctors/${doctor.id}/photo\\?v=[0-9a-f]{16}$`));
      const got = await getBytes(res.json.photo_url, patient);
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], type);
      assert.equal(got.headers['x-content-type-options'], 'nosniff');
      assert.ok(got.body.equals(bytes), `${type} comes back byte for byte`);
      // the versioned address is cached for good; the plain one revalidates
      assert.match(got.headers['cache-control'], /immutable/);
      assert.match(got.headers.etag, /^"[0-9a-f]{16}"$/);
      const plain = await getBytes(`/api/v1/doctors/${doctor.id}/photo`, patient);
      assert.equal(plain.headers['cache-control'], 'private, no-cache');
      const again = await getBytes(`/api/v1/doctors/${doctor.id}/photo`, patient, { 'if-none-match': got.headers.etag });
      assert.equal(again.status, 304);
      assert.equal(again.body.length, 0);
    }
  });

  test('the bytes decide the type: a PNG sent as image/jpeg is served as image/png', async () => {
    const res = await put(doctor.token, png, 'image/jpeg');
    assert.equal(res.status, 200);
    const got = await getBytes(`/api/v1/doctors/${doctor.id}/photo`, patient);
    assert.equal(got.headers['content-type'], 'image/png');
    const octets = await put(doctor.token, webp, 'application/octet-stream');
    assert.equal(octets.status, 200, 'bytes of no declared type are fine too');
    assert.equal((await getBytes(`/api/v1/doctors/${doctor.id}/photo`, patient)).headers['content-type'], 'image/webp');
  });

  test('anything that is not such an image is refused and the photo stays', async () => {
    const before = (await getBytes(`/api/v1/doctors/${doctor.id}/photo`, patient)).body;
    const cases = [
      [Buffer.from('just some text, not a picture\n'), 'image/png', 'unsupported_image'],
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'image/gif', 'unsupported_image'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml', 'unsupported_image'],
      [png.subarray(0, 8), 'image/png', 'unsupported_image'], // the signature alone
      [Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '), 'image/webp', 'unsupported_image'],
      [png, 'text/plain', 'unsupported_media_type'],
      [png, 'application/json', 'unsupported_media_type'],
    ];
    for (const [body, type, code] of cases) {
      const res = await put(doctor.token, body, type);
      assert.equal(res.status, 415, `${type} ${body.subarray(0, 12)}`);
      assert.equal(res.json.error.code, code);
      assert.ok(res.json.error.message.length > 10);
    }
    const empty = await api.request('PUT', `/api/v1/doctors/${doctor.id}/photo`, { token: doctor.token, body: '', headers: { 'content-type': 'image/png' } });
    assert.equal(empty.status, 415);
    assert.ok((await getBytes(`/api/v1/doctors/${doctor.id}/photo`, patient)).body.equals(before));
  });

  test('2 MiB is the most: one byte more is 413', async () => {
    const most = Buffer.alloc(2 * 1024 * 1024);
    png.copy(most); // a PNG's beginning, then zeros
    const ok = await put(doctor.token, most, 'image/png');
    assert.equal(ok.status, 200, ok.text);
    const got = await getBytes(ok.json.photo_url, patient);
    assert.equal(got.body.length, most.length);
    const over = Buffer.concat([most, Buffer.from([0])]);
    const res = await put(doctor.token, over, 'image/png');
    assert.equal(res.status, 413);
    assert.equal(res.json.error.code, 'body_too_large');
    assert.match(res.json.error.message, /2 MiB/);
    assert.equal((await getBytes(`/api/v1/doctors/${doctor.id}/photo`, patient)).body.length, most.length);
  });

  test('only the doctor changes their own photo', async () => {
    const other = await verifiedDoctor(api, admin);
    for (const token of [other.token, patient, admin]) {
      assert.equal((await put(token, png, 'image/png')).status, 403);
      assert.equal((await api.request('DELETE', `/api/v1/doctors/${doctor.id}/photo`, { token })).status, 403);
    }
    assert.equal((await put(undefined, png, 'image/png')).status, 401);
    assert.equal((await getBytes(`/api/v1/doctors/${doctor.id}/photo`, undefined)).status, 401);
  });

  test('profiles and search results carry photo_url; deleting removes it', async () => {
    const d = await verifiedDoctor(api, admin, { full_name: 'Photo Pereira' });
    const none = await api.get(`/api/v1/doctors/${d.id}`, { token: patient });
    assert.equal(none.json.doctor.photo_url, undefined);
    assert.equal((await getBytes(`/api/v1/doctors/${d.id}/photo`, patient)).status, 404);
    const first = await put(d.token, jpeg, 'image/jpeg', d.id);
    assert.equal(first.status, 200, first.text);
    const url = first.json.photo_url;
    assert.equal((await api.get(`/api/v1/doctors/${d.id}`, { token: patient })).json.doctor.photo_url, url);
    const found = await api.get('/api/v1/doctors?q=Pereira', { token: patient });
    assert.equal(found.json.doctors.find((x) => x.id === d.id).photo_url, url);
    // a new picture is a new address
    const next = (await put(d.token, png, 'image/png', d.id)).json.photo_url;
    assert.notEqual(next, url);
    assert.equal((await api.request('DELETE', `/api/v1/doctors/${d.id}/photo`, { token: d.token })).status, 204);
    assert.equal((await getBytes(`/api/v1/doctors/${d.id}/photo`, patient)).status, 404);
    assert.equal((await api.get(`/api/v1/doctors/${d.id}`, { token: patient })).json.doctor.photo_url, undefined);
    assert.equal((await api.request('DELETE', `/api/v1/doctors/${d.id}/photo`, { token: d.token })).status, 404);
  });

  test("a doctor awaiting verification sees their own photo; patients do not", async () => {
    const u = newUser({ role: 'doctor' });
    const id = (await api.register(u)).json.user.id;
    const token = (await api.login(u.username, u.password)).json.token;
    assert.equal((await put(token, png, 'image/png', id)).status, 200);
    assert.equal((await getBytes(`/api/v1/doctors/${id}/photo`, token)).status, 200);
    assert.equal((await getBytes(`/api/v1/doctors/${id}/photo`, patient)).status, 404);
  });
});

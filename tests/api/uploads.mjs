// uploads.mjs — files over the API in tests: a multipart/form-data body
// built by hand (so a test controls every byte: hostile names, sizes), and
// a GET read as bytes (the JSON client reads text). Uploads go over
// HTTP/1.1 (see docs/architecture.md on node:http2).
import https from 'node:https';
import { randomBytes } from 'node:crypto';

// multipart/form-data with fields { name: string | { filename, data, type } }.
export function form(fields) {
  const boundary = `----telemed${randomBytes(8).toString('hex')}`;
  const chunks = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\n`
        + `Content-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`), value.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

// POSTs fields as multipart/form-data to path with api (client.mjs).
export function postForm(api, path, token, fields) {
  const { body, type } = form(fields);
  return api.request('POST', path, { token, body, headers: { 'content-type': type } });
}

// A GET of server's path answered as bytes: { status, headers, body }.
export function getBytes(server, path, token) {
  return new Promise((resolve, reject) => {
    https.get(`${server.url}${path}`, { ca: server.ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

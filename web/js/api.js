// api.js — the only door to the server's REST API. The session lives in an
// HttpOnly cookie the browser sends by itself; this code never sees a token
// and never puts one in a URL or in storage.
import { errorText } from './i18n.js';

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter; // seconds, for 429 answers
  }
}

const listeners = new Set();
// Called with no arguments when the server says the session is gone.
export function onSessionLost(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// A request that never reached an answer (the connection dropped, say while
// the browser moved between pages on a shared HTTP/2 connection) is tried
// again when it is safe to repeat: reads only, twice more, after a pause.
const RETRY_PAUSES_MS = [200, 800];

async function send(method, url, init) {
  const safe = method === 'GET' || method === 'HEAD';
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch {
      if (!safe || attempt >= RETRY_PAUSES_MS.length) throw new ApiError(0, 'offline', errorText('offline', ''));
      await new Promise((r) => setTimeout(r, RETRY_PAUSES_MS[attempt]));
    }
  }
}

// body: an object sent as JSON, a Blob (a File) sent as it is, with its type,
// or FormData sent as multipart/form-data (the browser writes the boundary).
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body instanceof Blob) {
    init.headers['content-type'] = body.type || 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await send(method, `/api/v1${path}`, init);
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) failed(res, data);
  return data;
}

// Throws the ApiError of a failed answer whose JSON body is data.
function failed(res, data) {
  const err = data && data.error ? data.error : { code: 'http_' + res.status, message: '' };
  const retry = Number(res.headers.get('retry-after')) || undefined;
  // Only "unauthenticated" means the session is gone; a wrong password
  // (invalid_credentials) on login or password change does not.
  if (err.code === 'unauthenticated') listeners.forEach((fn) => fn());
  throw new ApiError(res.status, err.code, errorText(err.code, err.message, retry), retry);
}

// A file the API makes (GET only), read as it arrives so a page can show
// progress: onProgress(loaded, total) with total 0 when the length is not
// known. Resolves { blob, name } with the name the server suggests.
export async function apiDownload(path, onProgress) {
  const res = await send('GET', `/api/v1${path}`, { credentials: 'same-origin' });
  if (!res.ok) failed(res, await res.json().catch(() => null));
  const total = Number(res.headers.get('content-length')) || 0;
  const reader = res.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')?.[1] || 'download';
  return { blob: new Blob(chunks, { type: res.headers.get('content-type') || '' }), name };
}

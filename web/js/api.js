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

// body: an object sent as JSON, or a Blob (a File) sent as it is, with its type.
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof Blob) {
    init.headers['content-type'] = body.type || 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, 'offline', errorText('offline', ''));
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = data && data.error ? data.error : { code: 'http_' + res.status, message: '' };
    const retry = Number(res.headers.get('retry-after')) || undefined;
    // Only "unauthenticated" means the session is gone; a wrong password
    // (invalid_credentials) on login or password change does not.
    if (err.code === 'unauthenticated') listeners.forEach((fn) => fn());
    throw new ApiError(res.status, err.code, errorText(err.code, err.message, retry), retry);
  }
  return data;
}

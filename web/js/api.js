// api.js — the only door to the server's REST API. The session lives in an
// HttpOnly cookie the browser sends by itself; this code never sees a token
// and never puts one in a URL or in storage.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const listeners = new Set();
// Called with no arguments when the server says the session is gone.
export function onSessionLost(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, 'offline', 'offline');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = data && data.error ? data.error : { code: 'http_' + res.status, message: res.statusText };
    if (res.status === 401 && path !== '/auth/login') listeners.forEach((fn) => fn());
    throw new ApiError(res.status, err.code, err.message);
  }
  return data;
}

// limits.test.mjs — login throttling per account and per address, session
// idle and absolute expiry, and settings from a file and the environment,
// each on a server started with short limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

describe('throttling per account', () => {
  let server;
  let api;
  before(async () => {
    server = await startServer({ flags: ['--login-max-failures-account', '3', '--login-max-failures-address', '1000', '--login-window-seconds', '60'] });
    api = client(server);
  });
  after(() => server.stop());

  test('after 3 failures even the right password is 429 with Retry-After', async () => {
    const u = newUser();
    await api.register(u);
    for (let i = 0; i < 3; i++) assert.equal((await api.login(u.username, 'wrong password ' + i)).status, 401);
    const fourth = await api.login(u.username, 'wrong password 4');
    assert.equal(fourth.status, 429);
    assert.ok(Number(fourth.headers['retry-after']) >= 1);
    const blocked = await api.login(u.username, u.password);
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.error.code, 'too_many_attempts');
    const retry = Number(blocked.headers['retry-after']);
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${blocked.headers['retry-after']}`);
    // another account from the same address is not affected
    const v = newUser();
    await api.register(v);
    assert.equal((await api.login(v.username, v.password)).status, 200);
  });

  test('unknown usernames are throttled the same way', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await api.login('ghost-user', 'whatever it is')).status, 401);
    assert.equal((await api.login('ghost-user', 'whatever it is')).status, 429);
  });
});

describe('throttling per address', () => {
  let server;
  let api;
  before(async () => {
    server = await startServer({ flags: ['--login-max-failures-account', '100', '--login-max-failures-address', '4', '--login-window-seconds', '2'] });
    api = client(server);
  });
  after(() => server.stop());

  test('many accounts tried from one address are throttled together', async () => {
    const u = newUser();
    await api.register(u);
    for (let i = 0; i < 4; i++) assert.equal((await api.login(`victim${i}`, 'guess guess guess')).status, 401);
    const res = await api.login(u.username, u.password);
    assert.equal(res.status, 429);
    assert.equal(res.json.error.code, 'too_many_attempts');
    const retry = Number(res.headers['retry-after']);
    assert.ok(retry >= 1 && retry <= 2, `Retry-After ${res.headers['retry-after']} within the 2 s window`);
    // waiting as told is enough
    await sleep(retry * 1000 + 300);
    assert.equal((await api.login(u.username, u.password)).status, 200);
  });
});

describe('session expiry', () => {
  let server;
  let api;
  before(async () => {
    server = await startServer({ flags: ['--session-idle-seconds', '2', '--session-absolute-seconds', '4'] });
    api = client(server);
  });
  after(() => server.stop());

  test('a session left idle past the limit ends', async () => {
    const token = await api.session(newUser());
    assert.equal((await api.get('/api/v1/me', { token })).status, 200);
    await sleep(2600);
    assert.equal((await api.get('/api/v1/me', { token })).status, 401);
  });

  test('a session in use still ends at its absolute limit', async () => {
    const token = await api.session(newUser());
    const started = Date.now();
    let lastOk = 0;
    while (Date.now() - started < 6000) {
      const res = await api.get('/api/v1/me', { token });
      if (res.status !== 200) break;
      lastOk = Date.now() - started;
      await sleep(700);
    }
    assert.ok(lastOk >= 2500, `worked for ${lastOk} ms while in use`);
    assert.ok(lastOk < 4500, `still worked after ${lastOk} ms`);
    assert.equal((await api.get('/api/v1/me', { token })).status, 401);
  });
});

describe('settings from a config file and TELEMED_* variables', () => {
  let server;
  let api;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'telemed-config-'));
    const file = join(dir, 'telemed.conf');
    writeFileSync(file, '# extra origin for a clinic front end\norigin = https://clinic.example\n');
    process.env.TELEMED_MAX_BODY_BYTES = '4096';
    try {
      server = await startServer({ flags: ['--config', file] });
    } finally {
      delete process.env.TELEMED_MAX_BODY_BYTES;
    }
    api = client(server);
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the body limit comes from the environment', async () => {
    const u = newUser();
    await api.register(u);
    const login = JSON.stringify({ username: u.username, password: u.password });
    const under = await api.request('POST', '/api/v1/auth/login', { body: ' '.repeat(3000) + login, headers: { 'content-type': 'application/json' } });
    assert.equal(under.status, 200);
    const over = await api.request('POST', '/api/v1/auth/login', { body: ' '.repeat(5000) + login, headers: { 'content-type': 'application/json' } });
    assert.equal(over.status, 413);
    assert.equal(over.json.error.code, 'body_too_large');
  });

  test('an extra origin comes from the file, and the others stay refused', async () => {
    const u = newUser();
    const clinic = await api.request('POST', '/api/v1/auth/register', { json: { ...u, role: 'patient' }, origin: 'https://clinic.example' });
    assert.equal(clinic.status, 201);
    const other = await api.request('POST', '/api/v1/auth/register', { json: { ...newUser(), role: 'patient' }, origin: 'https://other.example' });
    assert.equal(other.status, 403);
    assert.equal((await api.request('POST', '/api/v1/auth/login', { json: { username: u.username, password: u.password }, origin: server.url })).status, 200);
  });
});

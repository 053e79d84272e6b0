// cli.test.mjs — the command line: adding an administrator, the audit chain
// check (whole, then broken by tampering with the store), and an orderly stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, telemed } from '../support/server.mjs';
import { client, newUser } from './client.mjs';

test('user add makes an administrator and refuses weak passwords', () => {
  const data = mkdtempSync(join(tmpdir(), 'telemed-cli-'));
  try {
    const weak = telemed(['user', 'add', '--data', data, '--role', 'admin', '--username', 'root1'], { input: 'short\n' });
    assert.notEqual(weak.code, 0);
    assert.match(weak.stderr, /10 to 128/);
    const ok = telemed(['user', 'add', '--data', data, '--role', 'admin', '--username', 'root1'], { input: 'a strong admin password\n' });
    assert.equal(ok.code, 0, ok.stderr);
    const again = telemed(['user', 'add', '--data', data, '--role', 'admin', '--username', 'ROOT1'], { input: 'a strong admin password\n' });
    assert.notEqual(again.code, 0);
    assert.equal(statSync(join(data, 'telemed.db')).mode & 0o777, 0o600);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('audit verify finds the first tampered event', async () => {
  const data = mkdtempSync(join(tmpdir(), 'telemed-audit-'));
  try {
    const server = await startServer({ dataDir: data, demo: true });
    const api = client(server);
    const u = newUser();
    await api.register(u);
    await api.login(u.username, 'a wrong password');
    await api.login(u.username, u.password);
    await server.stop();
    const whole = telemed(['audit', 'verify', '--data', data]);
    assert.equal(whole.code, 0, whole.stderr);
    const count = Number(whole.stdout.match(/audit chain whole: (\d+) events/)[1]);
    assert.ok(count >= 8, whole.stdout);

    const db = join(data, 'telemed.db');
    const original = execFileSync('sqlite3', [db, 'SELECT action FROM audit_events WHERE seq = 3']).toString().trim();
    execFileSync('sqlite3', [db, "UPDATE audit_events SET action = 'x' WHERE seq = 3"]);
    const broken = telemed(['audit', 'verify', '--data', data]);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /broken at event 3\b/);

    execFileSync('sqlite3', [db, `UPDATE audit_events SET action = '${original}' WHERE seq = 3`]);
    const ok = telemed(['audit', 'verify', '--data', data]);
    assert.equal(ok.code, 0, 'restoring the original value makes the chain whole again');

    execFileSync('sqlite3', [join(data, 'telemed.db'), 'DELETE FROM audit_events WHERE seq = 5']);
    const gap = telemed(['audit', 'verify', '--data', data]);
    assert.equal(gap.code, 1);
    assert.match(gap.stdout, /broken at event 6\b/);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('migrate is idempotent and --help lists every setting', () => {
  const data = mkdtempSync(join(tmpdir(), 'telemed-migrate-'));
  try {
    const first = telemed(['migrate', '--data', data, '--log-level', 'warn']);
    assert.equal(first.code, 0);
    assert.match(first.stdout, /applied \d+ migration/);
    const second = telemed(['migrate', '--data', data, '--log-level', 'warn']);
    assert.equal(second.code, 0);
    assert.doesNotMatch(second.stdout, /applied/);
    const help = telemed(['--help']);
    for (const flag of ['--port', '--data', '--tls-cert', '--tls-key', '--session-idle-seconds', 'TELEMED_PORT']) assert.ok(help.stdout.includes(flag), flag);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('demo makes the four documented accounts, and running it again changes nothing', async () => {
  const data = mkdtempSync(join(tmpdir(), 'telemed-demo-'));
  try {
    for (let i = 0; i < 2; i++) {
      const run = telemed(['demo', '--data', data, '--log-level', 'warn']);
      assert.equal(run.code, 0, run.stderr);
    }
    const server = await startServer({ dataDir: data });
    try {
      const api = client(server);
      const expected = [['admin', 'telemed-admin-1', 'admin', 'active'], ['drsilva', 'telemed-doctor-1', 'doctor', 'active'],
        ['maria', 'telemed-patient-1', 'patient', 'active'], ['drpending', 'telemed-doctor-2', 'doctor', 'pending']];
      for (const [username, password, role, status] of expected) {
        const res = await api.login(username, password);
        assert.equal(res.status, 200, username);
        assert.equal(res.json.user.role, role, username);
        assert.equal(res.json.user.status, status, username);
      }
      const admin = (await api.login('admin', 'telemed-admin-1')).json.token;
      const all = await api.get('/api/v1/admin/users?limit=100', { token: admin });
      for (const name of ['admin', 'drsilva', 'maria', 'drpending']) {
        assert.equal(all.json.users.filter((x) => x.username === name).length, 1, `${name} exists once`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('SIGTERM stops the server with code 0 while requests are in flight', async () => {
  const server = await startServer();
  const api = client(server);
  const inflight = [];
  for (let i = 0; i < 5; i++) inflight.push(api.register(newUser()).catch(() => null));
  await new Promise((r) => setTimeout(r, 20));
  const t0 = Date.now();
  await server.stop(); // asserts code 0 within 5 s
  assert.ok(Date.now() - t0 < 5000);
  const answers = await Promise.all(inflight);
  for (const a of answers) if (a) assert.ok([201, 503].includes(a.status), String(a.status));
});

test('a self-signed certificate for localhost is made on first start', async () => {
  const server = await startServer();
  try {
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: server.ca }).toString();
    assert.match(text, /DNS:localhost/);
    assert.match(text, /IP Address:127\.0\.0\.1/);
    assert.match(server.stdout(), /self-signed certificate for localhost/);
  } finally {
    await server.stop();
  }
});

test('commands run beside a live server lose none of its writes', async () => {
  // regression: the server used to drop its own file locks on the store, so a
  // command that closed its connection removed the WAL the server wrote into
  const data = mkdtempSync(join(tmpdir(), 'telemed-beside-'));
  try {
    const server = await startServer({ dataDir: data });
    const api = client(server);
    const before = newUser();
    assert.equal((await api.register(before)).status, 201);
    const add = telemed(['user', 'add', '--data', data, '--role', 'admin', '--username', 'sideadmin', '--log-level', 'warn'],
      { input: 'a strong admin password\n' });
    assert.equal(add.code, 0, add.stderr);
    const after = newUser();
    assert.equal((await api.register(after)).status, 201);
    const seen = execFileSync('sqlite3', [join(data, 'telemed.db'), 'SELECT username FROM users']).toString();
    for (const u of [before, after]) assert.ok(seen.includes(u.username), `another process sees ${u.username}`);
    await server.stop();
    const again = await startServer({ dataDir: data });
    const api2 = client(again);
    for (const u of [before, after]) assert.equal((await api2.login(u.username, u.password)).status, 200, u.username);
    assert.equal((await api2.login('sideadmin', 'a strong admin password')).status, 200);
    await again.stop();
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('demo --doctors N --seed S makes the same verified, bookable doctors every time', async () => {
  const a = mkdtempSync(join(tmpdir(), 'telemed-demo-'));
  const b = mkdtempSync(join(tmpdir(), 'telemed-demo-'));
  try {
    for (const dir of [a, b]) {
      const out = telemed(['demo', '--data', dir, '--doctors', '6', '--seed', '3', '--log-level', 'warn']);
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stdout, /6 generated doctors/);
    }
    const names = (dir) => execFileSync('sqlite3', [join(dir, 'telemed.db'), 'SELECT username, full_name FROM users ORDER BY username']).toString();
    assert.equal(names(a), names(b));
    const again = telemed(['demo', '--data', a, '--doctors', '6', '--seed', '3', '--log-level', 'warn']);
    assert.equal(again.code, 0, 'running it twice is harmless');
    assert.equal(telemed(['demo', '--data', a, '--doctors', 'many']).code, 2);
    const server = await startServer({ dataDir: a });
    const api = client(server);
    const token = (await api.login('maria', 'telemed-patient-1')).json.token;
    const found = await api.get('/api/v1/doctors?limit=100', { token });
    assert.equal(found.json.doctors.length, 7); // Ana Silva and six generated
    assert.ok(found.json.doctors.filter((d) => d.next_free_slot).length >= 6);
    // generated doctors share one password hash, and each can log in with it
    for (const u of ['doc00001', 'doc00006']) assert.equal((await api.login(u, 'telemed-doctor-1')).status, 200, u);
    assert.equal((await api.login('doc00002', 'wrong password here')).status, 401);
    await server.stop();
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('demo --pairs N writes sessions of doctor/patient pairs who can join their appointment now', async () => {
  const data = mkdtempSync(join(tmpdir(), 'telemed-pairs-'));
  const file = join(data, 'pairs');
  try {
    assert.equal(telemed(['demo', '--data', data, '--pairs', '2']).code, 2, 'a file for the sessions is needed');
    const out = telemed(['demo', '--data', data, '--pairs', '2', '--pairs-file', file, '--log-level', 'warn']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' '));
    assert.equal(lines.length, 2);
    const server = await startServer({ dataDir: data });
    const api = client(server);
    const [appointment, doctorId, doctorToken, patientId, patientToken] = lines[1];
    for (const [token, self, peer] of [[doctorToken, doctorId, patientId], [patientToken, patientId, doctorId]]) {
      const join = await api.post(`/api/v1/appointments/${appointment}/join`, undefined, { token });
      assert.equal(join.status, 200, join.text);
      assert.equal(join.json.self.id, self);
      assert.equal(join.json.peer.id, peer);
      assert.ok(join.json.ticket);
    }
    // a pair's session is theirs only: the other pair's appointment is not found
    const other = await api.post(`/api/v1/appointments/${lines[0][0]}/join`, undefined, { token: patientToken });
    assert.equal(other.status, 404);
    assert.equal((await api.login('pair00001d', 'telemed-pair-1')).status, 200);
    await server.stop();
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

// coturn.mjs — starts Debian's coturn for a test: loopback only, a free
// port, the TURN REST API's shared secret, and either the test settings
// (loopback peers allowed, so two browsers on this machine can relay to
// each other) or the shipped deploy/turnserver.conf (which must refuse
// them). Also: TURN REST credentials and coturn's own test client.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, root } from './server.mjs';

// Writes text as a secret file in dir (mode 0600 unless told) for
// --turn-secret-file; returns its path.
export function secretFile(dir, text, mode = 0o600) {
  const path = join(dir, `secret-${randomBytes(6).toString('hex')}`);
  writeFileSync(path, text + '\n');
  chmodSync(path, mode);
  return path;
}

// The credential telemed should hand out: "<expiry>:<user>" and its HMAC.
export function turnCredential(secret, user, expiresS) {
  const username = `${expiresS}:${user}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

function listening(port) {
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1', () => { s.destroy(); res(true); });
    s.on('error', () => res(false));
  });
}

export async function startCoturn({ shipped = false } = {}) {
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  const relayBase = 40000 + Math.floor(Math.random() * 20000);
  const common = [`--listening-ip=127.0.0.1`, `--relay-ip=127.0.0.1`, `--listening-port=${port}`,
    `--static-auth-secret=${secret}`, '--no-tls', '--no-dtls', '--log-file=stdout', '--simple-log',
    `--min-port=${relayBase}`, `--max-port=${relayBase + 200}`, '--pidfile=/dev/null'];
  const args = shipped
    ? ['-c', join(root, 'deploy/turnserver.conf'), ...common]
    : ['-n', '--use-auth-secret', '--realm=telemed.test', '--allow-loopback-peers', '--no-cli',
      '--fingerprint', ...common];
  const child = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((res) => child.on('exit', (code) => res(code)));
  for (let i = 0; ; i++) {
    if (await listening(port)) break;
    if (i > 100 || child.exitCode !== null) { child.kill('SIGKILL'); throw new Error('coturn did not start:\n' + log); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port, secret,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

// Runs coturn's turnutils_uclient: allocate, bind a channel to a second
// allocation of its own and echo a few messages through the relay. Whether
// it succeeded, and what it printed.
export function uclient(turn, { username, credential }, { tcp = false } = {}) {
  const out = spawnSync('turnutils_uclient', ['-y', '-c', '-n', '2', ...(tcp ? ['-t'] : []), '-u', username, '-w', credential,
    '-p', String(turn.port), '127.0.0.1'], { encoding: 'utf8', timeout: 30_000 });
  return { ok: out.status === 0, output: (out.stdout || '') + (out.stderr || '') };
}

// server.mjs — starts the real telemed binary for a test: a fresh data
// directory, a free port, wait for "telemed listening on", and an orderly
// stop (SIGTERM must end it with code 0 within 5 s) that removes the data.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const binary = join(root, 'build/telemed');

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// Runs a telemed command to completion (demo, user add, audit verify…).
export function telemed(args, { input } = {}) {
  const out = spawnSync(binary, args, { input, encoding: 'utf8', timeout: 60_000 });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

// port and dataDir: to start again where a stopped server was (its data
// stays when dataDir is given).
export async function startServer({ flags = [], demo = false, dataDir, port: wanted } = {}) {
  const port = wanted || await freePort();
  const data = dataDir || mkdtempSync(join(tmpdir(), 'telemed-test-'));
  if (demo) {
    const d = telemed(['demo', '--data', data, '--log-level', 'warn']);
    if (d.code !== 0) throw new Error('telemed demo failed: ' + d.stderr);
  }
  const child = spawn(binary, ['serve', '--port', String(port), '--bind', '127.0.0.1', '--data', data,
    '--web', join(root, 'web'), '--node-modules', join(root, 'node_modules'), '--log-level', 'warn', ...flags],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => { stdout += d; });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  const started = new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('telemed did not start:\n' + stderr)), 15_000);
    child.stdout.on('data', () => {
      if (stdout.includes('telemed listening on')) { clearTimeout(timer); res(); }
    });
    exited.then(({ code }) => { clearTimeout(timer); rej(new Error(`telemed exited with ${code}:\n${stderr}`)); });
  });
  try {
    await started;
  } catch (err) {
    child.kill('SIGKILL');
    if (!dataDir) rmSync(data, { recursive: true, force: true }); // leave nothing behind
    throw err;
  }
  const url = `https://localhost:${port}`;
  return {
    url, port, dataDir: data, child, exited,
    ca: readFileSync(join(data, 'tls/cert.pem')),
    stderr: () => stderr,
    stdout: () => stdout,
    async stop() {
      child.kill('SIGTERM');
      const timeout = new Promise((res) => setTimeout(() => res({ code: 'timeout' }), 5_000));
      const result = await Promise.race([exited, timeout]);
      if (result.code === 'timeout') child.kill('SIGKILL');
      if (!dataDir) rmSync(data, { recursive: true, force: true });
      if (result.code !== 0) throw new Error(`telemed stopped with ${result.code} ${result.signal || ''}\n${stderr}`);
      if (/ERROR: (Address|Leak)Sanitizer|runtime error:/.test(stderr)) throw new Error('sanitizer report:\n' + stderr);
    },
  };
}

// docs.test.mjs — every route of the route table is documented in
// docs/openapi.yaml with its method.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../support/server.mjs';

test('every route in src/api/router.c is in docs/openapi.yaml', () => {
  const router = readFileSync(join(root, 'src/api/router.c'), 'utf8');
  const spec = readFileSync(join(root, 'docs/openapi.yaml'), 'utf8');
  const routes = [...router.matchAll(/\{HTTP_(\w+), "\/api\/v1([^"]+)"/g)].map(([, m, p]) => [m.toLowerCase(), p]);
  assert.ok(routes.length >= 12);
  for (const [method, path] of routes) {
    const at = spec.indexOf(`\n  ${path}:\n`);
    assert.ok(at >= 0, `${path} is not documented`);
    const next = spec.slice(at + 1).search(/\n {2}\/|\ncomponents:/);
    const block = spec.slice(at, at + 1 + next);
    assert.match(block, new RegExp(`\\n {4}${method}:`), `${method.toUpperCase()} ${path} is not documented`);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { route } from '../src/routes.js';

test('health check answers ok', () => {
  assert.deepEqual(route('GET', '/healthz'), { status: 200, body: { ok: true } });
});

test('unknown paths are 404', () => {
  assert.equal(route('GET', '/nope').status, 404);
});

// The poller's contract has two sides: src/host/io-abi.ts for the host, constants in
// runtime/netpoll.gos and std/*.gos for the runtime. These tests read the Gossamer
// constants and compare them with the TypeScript ones, so neither side can drift. Also
// the permission flags' parsing and matching (src/host/permissions.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREA, ERR, KIND, OP, OPEN, OPS, OPT_NODELAY } from '../../src/host/io-abi.js';
import { allowsNet, allowsPath, takePermissionFlags, permissionFlags } from '../../src/host/permissions.js';

const root = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** `const NAME: T = VALUE;` of a .gos file, by name. */
function gosConsts(file: string): Map<string, number> {
  const out = new Map<string, number>();
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  for (const m of text.matchAll(/^(?:pub )?const (\w+): \w+ = (-?\d+);/gm)) out.set(m[1], Number(m[2]));
  return out;
}

function expectConst(consts: Map<string, number>, name: string, value: number, file: string): void {
  assert.equal(consts.get(name), value, `${file}: ${name}`);
}

test('runtime/netpoll.gos agrees with io-abi.ts on the poll area and the operation record', () => {
  const file = 'runtime/netpoll.gos';
  const c = gosConsts(file);
  for (const [k, v] of Object.entries({
    A_SQ_TAIL: AREA.SQ_TAIL, A_SQ_HEAD: AREA.SQ_HEAD, A_HOST_IDLE: AREA.HOST_IDLE, A_CQ_TAIL: AREA.CQ_TAIL,
    A_CQ_HEAD: AREA.CQ_HEAD, A_CQ_WAKE: AREA.CQ_WAKE, A_SQ: AREA.SQ, SQ_SIZE: AREA.SQ_SIZE, A_CQ: AREA.CQ,
    CQ_SIZE: AREA.CQ_SIZE, AREA_SIZE: AREA.SIZE,
  })) expectConst(c, k, v, file);
  for (const [k, v] of Object.entries(OP)) expectConst(c, `OP_${k}`, v, file);
  // The runtime's own words must lie between the host's words and the SQ.
  assert.ok(c.get('A_PENDING')! > AREA.CQ_WAKE && c.get('A_POLLER')! + 4 <= AREA.SQ);
});

test('std/io.gos agrees with io-abi.ts on operation and error codes', () => {
  const file = 'std/io.gos';
  const c = gosConsts(file);
  for (const [k, v] of Object.entries(OPS)) if (k !== 'NOP') expectConst(c, `OP_${k}`, v, file);
  for (const [k, v] of Object.entries(ERR)) expectConst(c, `ERR_${k}`, v, file);
});

test('std/fs.gos and std/net.gos agree with io-abi.ts on flags and kinds', () => {
  const f = gosConsts('std/fs.gos');
  for (const [k, v] of Object.entries(OPEN)) expectConst(f, `O_${k}`, v, 'std/fs.gos');
  for (const k of ['FILE', 'DIR', 'SYMLINK'] as const) expectConst(f, `KIND_${k}`, KIND[k], 'std/fs.gos');
  expectConst(gosConsts('std/net.gos'), 'OPT_NODELAY', OPT_NODELAY, 'std/net.gos');
});

test('permission flags: taken from the front, -- ends them, none means everything', () => {
  assert.deepEqual(takePermissionFlags(['a', '--allow-net']), { permissions: null, rest: ['a', '--allow-net'] });
  const { permissions, rest } = takePermissionFlags(['--allow-net=127.0.0.1:8080,localhost', '--allow-read', '--', '--allow-write', 'x']);
  assert.deepEqual(rest, ['--allow-write', 'x']);
  assert.ok(permissions);
  assert.equal(allowsNet(permissions, '127.0.0.1', 8080), true);
  assert.equal(allowsNet(permissions, '127.0.0.1', 8081), false);
  assert.equal(allowsNet(permissions, 'LOCALHOST', 1), true);
  assert.equal(allowsPath(permissions, 'read', '/etc/passwd'), true);
  assert.equal(allowsPath(permissions, 'write', '/tmp/x'), false);
  assert.equal(allowsPath(null, 'write', '/tmp/x'), true);
  assert.deepEqual(permissionFlags(permissions), ['--allow-net=127.0.0.1:8080,localhost', '--allow-read']);
});

test('permission flags: paths allow what is below them, not their neighbours', () => {
  const { permissions } = takePermissionFlags(['--allow-write=/tmp/a,rel']);
  assert.equal(allowsPath(permissions, 'write', '/tmp/a'), true);
  assert.equal(allowsPath(permissions, 'write', '/tmp/a/b/c'), true);
  assert.equal(allowsPath(permissions, 'write', '/tmp/ab'), false);
  assert.equal(allowsPath(permissions, 'write', path.resolve('rel/x')), true);
  assert.equal(allowsPath(permissions, 'read', '/tmp/a'), false);
  const v6 = takePermissionFlags(['--allow-net=[::1]:80']).permissions;
  assert.equal(allowsNet(v6, '::1', 80), true);
  assert.equal(allowsNet(v6, '[::1]', 80), true);
  assert.equal(allowsNet(v6, '::1', 81), false);
});

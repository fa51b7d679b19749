// The host's pure pieces: settings, V8 frame parsing, source-map lookup.
// (Running programs under the host is tested in codegen.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from '../../src/codegen/index.js';
import { Symbolizer, functionBodies, maxHeapBytes, parseWasmFrames } from '../../src/host/launcher.js';

test('GOSSAMER_MAX_HEAP: bytes, or K/M/G (powers of 1024) with an optional B or iB', () => {
  const cases: [string | undefined, number][] = [
    [undefined, 0], ['1048576', 1048576], ['100b', 100], ['512M', 512 * 2 ** 20], ['2g', 2 * 2 ** 30], ['64KiB', 65536],
    ['3MB', 3 * 2 ** 20], ['1Gi', 2 ** 30], ['99999999999G', 2 ** 40],
    // malformed: reported on stderr and ignored
    ['', 0], ['lots', 0], ['12X', 0], ['-5', 0], ['5 M', 0], ['0', 0],
  ];
  for (const [env, bytes] of cases) assert.equal(maxHeapBytes(env), bytes, String(env));
});

test('parseWasmFrames keeps wasm frames, innermost first, named or not', () => {
  const stack = [
    'RuntimeError: unreachable',
    '    at check (wasm://wasm/8d2f1a3e:wasm-function[12]:0x1a2b)',
    '    at wasm://wasm/8d2f1a3e:wasm-function[3]:0x40',
    '    at Point::norm<f64> (wasm://wasm/8d2f1a3e:wasm-function[7]:0x99)',
    '    at Program.run (file:///x/launcher.js:100:5)',
  ].join('\n');
  assert.deepEqual(parseWasmFrames(stack), [
    { name: 'check', func: 12, offset: 0x1a2b },
    { name: 'wasm-function[3]', func: 3, offset: 0x40 },
    { name: 'Point::norm<f64>', func: 7, offset: 0x99 },
  ]);
});

test('Symbolizer maps offsets through the source map, falling back to the nearest earlier location', () => {
  // "iGAEI,E": offset 97 -> source 0, line 3, column 5 (1-based); offset 99 -> no location
  const map = JSON.stringify({ version: 3, sources: ['a.gos'], names: [], mappings: 'iGAEI,E' });
  const s = new Symbolizer(new Uint8Array(0), map);
  assert.equal(s.locate(0, 97), 'a.gos:3:5');
  assert.equal(s.locate(0, 98), 'a.gos:3:5');
  assert.equal(s.locate(0, 120), 'a.gos:3:5');
  assert.equal(s.locate(0, 50), null);
  assert.equal(new Symbolizer(new Uint8Array(0), null).locate(0, 97), null);
});

test('functionBodies finds each function body, imports first', async () => {
  const f = (name: string) => ({
    name, params: [], result: 'void' as const, locals: [], body: { op: 'nop' as const }, span: { file: 0, start: 0, end: 0 },
  });
  const out = await generate({
    functions: [f('main'), f('other')], entry: 'main', table: [], types: [{ kind: 'bytes', name: 'String' }], data: [], statics: [],
    imports: [{ name: 'write', params: ['i32', 'i32', 'i32'], result: 'void' }], files: ['m.gos'],
  }, { release: false });
  const starts = functionBodies(out.wasm);
  // 1 import + main, other, __init_memory, __reset_shadow
  assert.equal(starts.length, 5);
  assert.equal(starts[0], 0);
  for (let i = 2; i < starts.length; i++) assert.ok(starts[i] > starts[i - 1]);
  assert.ok(starts[starts.length - 1] < out.wasm.length);
});

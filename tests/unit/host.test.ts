// The host's pure pieces: float digits, V8 frame parsing, source-map lookup.
// (Running programs under the host is tested in codegen.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from '../../src/codegen/index.js';
import { Symbolizer, f64Shortest, functionBodies, parseWasmFrames } from '../../src/host/launcher.js';

test('f64_shortest: shortest round-trip digits and a decimal exponent', () => {
  const cases: [number, string][] = [
    [5, '5e0'], [100, '1e2'], [0.1 + 0.2, '30000000000000004e-17'], [123.456, '123456e-3'], [-1.5, '-15e-1'],
    [1e21, '1e21'], [5e-324, '5e-324'], [1.7976931348623157e308, '17976931348623157e292'], [2 ** 53, '9007199254740992e0'],
    [0, '0e0'], [-0, '-0e0'], [NaN, 'NaN'], [Infinity, 'inf'], [-Infinity, '-inf'],
  ];
  for (const [x, s] of cases) assert.equal(f64Shortest(x), s, String(x));
  // the digits round-trip
  for (const x of [Math.PI, 1 / 3, 6.02214076e23, 1e-7]) {
    const [d, e] = f64Shortest(x).split('e');
    assert.equal(Number(`${d}e${e}`), x);
  }
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

// Pathological but legal inputs: long operator chains, deep else-if chains, deeply nested
// blocks. Each either compiles or is one diagnostic with a location, never an internal
// error (a stack overflow in some recursive walk). The parser bounds nesting
// (syntax/parser.ts MAX_DEPTH); everything up to the bound must get through every phase.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryFileSystem } from '../../src/driver/fs.js';
import { compile, CompileResult } from '../../src/driver/compile.js';
import { MAX_DEPTH } from '../../src/syntax/parser.js';

const V = path.resolve('/virtual-gossamer');

/** Parse and check only, from memory. */
function check(source: string): Promise<CompileResult> {
  const file = path.join(V, 'main.gos');
  return compile(file, { fs: memoryFileSystem({ [file]: source }), library: false, stopAfter: 'check' });
}

/** The whole pipeline with runtime/ and std/, from a temporary file. */
async function build(source: string): Promise<CompileResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-limits-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.gos'), source);
    return await compile(path.join(dir, 'main.gos'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sum = (n: number): string => `fn main() {\n    let a = 1;\n    let x = ${Array(n).fill('a').join(' + ')};\n}\n`;
const elseIf = (n: number): string => {
  let s = 'fn main() {\n    let a = 7;\n    let mut r = 0;\n    if a == 0 { r = 0; }';
  for (let i = 1; i < n; i++) s += ` else if a == ${i} { r = ${i}; }`;
  return `${s} else { r = -1; }\n}\n`;
};
const blocks = (n: number): string => `fn main() {\n    let mut a = 1;\n${'{ '.repeat(n)}a += 1;${' }'.repeat(n)}\n}\n`;

/** Exactly one error, "nested too deeply", located on the given line of main.gos. */
function assertTooDeep(r: CompileResult, line: number): void {
  assert.equal(r.internalError, undefined, r.internalError?.message);
  assert.equal(r.ok, false);
  const errors = r.diagnostics.filter(d => d.severity === 'error');
  assert.equal(errors.length, 1, errors.map(d => d.message).join('\n'));
  assert.equal(errors[0].message, 'expression nested too deeply');
  assert.ok(errors[0].span, 'the error has a location');
  assert.equal(r.sources.lineCol(errors[0].span.file, errors[0].span.start).line, line);
}

test('a 20,000-term a + a + ... is one located error', async () => {
  assertTooDeep(await check(sum(20_000)), 3);
});

test('a 5,000-deep else-if chain is one located error', async () => {
  assertTooDeep(await check(elseIf(5_000)), 4);
});

test('1,000 nested blocks are one located error', async () => {
  assertTooDeep(await check(blocks(1_000)), 3);
});

test('chains and nesting just under the limit compile to wasm', async () => {
  const near = MAX_DEPTH - 10;
  const body = [sum(near), elseIf(near), blocks(near)].map((s, i) => s.replace('fn main()', `fn f${i}()`)).join('');
  const r = await build(`${body}fn main() {\n    f0();\n    f1();\n    f2();\n}\n`);
  assert.equal(r.internalError, undefined, r.internalError?.message);
  assert.deepEqual(r.diagnostics.map(d => d.message), []);
  assert.ok(r.wasm && r.wasm.length > 0);
});

test('vec! and array literals of 100,000 integers type-check in linear time', async () => {
  // Each element's type variable is unified with the element type: the variables once
  // formed a chain walked at every step (10,000 elements took 5 s, 20,000 took 13 s).
  const items = Array.from({ length: 100_000 }, (_, i) => i).join(', ');
  const r = await check(`fn main() {\n    let v = vec![${items}];\n    let a = [${items}];\n}\n`);
  assert.equal(r.internalError, undefined, r.internalError?.message);
  assert.deepEqual(r.diagnostics.map(d => d.message), []);
});

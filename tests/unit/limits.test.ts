// Pathological but legal inputs: long operator chains, deep else-if chains, deeply nested
// blocks. Each either compiles or is one diagnostic with a location, never an internal
// error (a stack overflow in some recursive walk). The parser bounds real nesting
// (syntax/parser.ts MAX_DEPTH); everything up to the bound must get through every phase.
// Left-nested chains (`a + b + ...`, `x.f().g()...`) are not nesting (syntax/chain.ts):
// they compile at any length, as rustc compiles them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryFileSystem } from '../../src/driver/fs.js';
import { compile, CompileResult } from '../../src/driver/compile.js';
import { MAX_DEPTH } from '../../src/syntax/parser.js';
import { CompileErrors } from '../../src/diag/index.js';
import { IrFunction } from '../../src/ir/ir.js';
import { splitImage } from '../../src/codegen/layout.js';
import { checkFunctionSizes, functionBodySizes } from '../../src/codegen/limits.js';
import { binaryen, fnName } from '../../src/codegen/module.js';

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

/** Checked without errors. */
function assertClean(r: CompileResult): void {
  assert.equal(r.internalError, undefined, r.internalError?.message);
  assert.deepEqual(r.diagnostics.map(d => d.message), []);
}

const chains = (n: number): string => `struct S { v: int }
impl S {
    fn next(self) -> S { S { v: self.v + 1 } }
}
fn sum(a: int) -> int { ${Array(n).fill('a').join(' + ')} }
fn mixed(a: int, s: S, t: (int, [int; 2])) -> int { ${Array(n).fill('s.v * a - t.1[1] as u8 as int').join(' + ')} }
fn any(a: bool) -> bool { ${Array(n).fill('a').join(' || ')} }
fn all(a: bool) -> bool { if ${Array(n).fill('a').join(' && ')} { true } else { false } }
fn calls(s: S) -> int { s${'.next()'.repeat(n)}.v }
fn main() {
    let s = S { v: 0 };
    sum(1); mixed(1, s, (1, [2, 3])); any(false); all(true); calls(s);
}
`;

test('20,000-link chains of +, mixed operators, ||, && and method calls check without errors', async () => {
  assertClean(await check(chains(20_000)));
});

test('a 20,000-term a + a + ... compiles to wasm', async () => {
  const r = await build(sum(20_000));
  assertClean(r);
  assert.ok(r.wasm && r.wasm.length > 0);
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

// ---- the limits V8 puts on a module (codegen/limits.ts)

test('the data image is split into at most the segments V8 accepts', () => {
  // 1,000 non-zero bytes 100 zeros apart: 1,000 segments, or fewer at wider gaps.
  const img = new Uint8Array(100_000);
  for (let i = 0; i < img.length; i += 100) img[i] = 7;
  assert.equal(splitImage(img, 1024).length, 1_000);
  const merged = splitImage(img, 1024, 10);
  assert.ok(merged.length <= 10, `${merged.length} segments`);
  // Every non-zero byte is still at its address.
  const back = new Uint8Array(img.length);
  for (const s of merged) back.set(s.bytes, s.addr - 1024);
  assert.deepEqual(back, img);
});

test('a function body longer than V8 accepts is an error at the function', () => {
  const mod = new binaryen.Module();
  try {
    const body = (n: number): number => {
      let e = mod.i32.const(0);
      for (let i = 0; i < n; i++) e = mod.i32.add(e, mod.i32.const(i));
      return e;
    };
    mod.addFunction(fnName('small'), binaryen.none, binaryen.i32, [], body(1));
    mod.addFunction(fnName('big'), binaryen.none, binaryen.i32, [], body(100));
    const wasm = mod.emitBinary();
    const sizes = functionBodySizes(wasm);
    assert.equal(sizes.length, 2);
    assert.ok(sizes[0] < 20 && sizes[1] > 300, String(sizes));
    const fn = (name: string) => ({ name, span: { file: 0, start: 0, end: 0 } }) as unknown as IrFunction;
    assert.throws(() => checkFunctionSizes(wasm, mod, [fn('small'), fn('big')], 100),
      (e: CompileErrors) => e.diagnostics.length === 1
        && /^function `big` is too large to compile: its WebAssembly body is \d+ bytes/.test(e.diagnostics[0].message));
    checkFunctionSizes(wasm, mod, [fn('small'), fn('big')]);
  } finally {
    mod.dispose();
  }
});

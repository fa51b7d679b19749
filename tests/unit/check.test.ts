// Checker tests, one line per case as the parser's are:
//
//   expectError(src, regex)     some error matches
//   expectErrors(src, [re..])   exactly these errors, in source order
//   expectClean(src)            no errors
//
// The library (runtime/ and std/) is parsed once and shared by every case; each case
// parses its own `main.gos` and checks the whole program (no lowering).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticBag, Diagnostic } from '../../src/diag/index.js';
import { SourceMap } from '../../src/source/index.js';
import { parseModule } from '../../src/syntax/index.js';
import { checkProgram } from '../../src/check/index.js';
import { loadProgram } from '../../src/driver/load.js';
import { memoryFileSystem, nodeFileSystem } from '../../src/driver/fs.js';
import { Program, ProgramModule } from '../../src/driver/program.js';

let library: { sources: SourceMap; modules: ProgramModule[] } | undefined;

/** runtime/ and std/, parsed once (the entry file does not exist: only the library loads). */
function sharedLibrary(): { sources: SourceMap; modules: ProgramModule[] } {
  if (!library) {
    const p = loadProgram('/virtual-gossamer/none.gos', memoryFileSystem({}, nodeFileSystem), new DiagnosticBag());
    library = { sources: p.sources, modules: p.modules };
  }
  return library;
}

/** The diagnostics of checking `src` as the crate root, in source order. */
export function check(src: string): { diagnostics: Diagnostic[]; sources: SourceMap } {
  const lib = sharedLibrary();
  const diags = new DiagnosticBag();
  const file = lib.sources.add('main.gos', src);
  const module = parseModule(file, diags);
  if (!diags.hasErrors) {
    const program: Program = { sources: lib.sources, modules: [{ path: [], module, privileged: false }, ...lib.modules] };
    checkProgram(program, diags);
  }
  const own = diags.items.filter(d => !d.span || d.span.file === file.id);
  own.sort((a, b) => (a.span?.start ?? -1) - (b.span?.start ?? -1));
  return { diagnostics: own, sources: lib.sources };
}

function errorsOf(src: string): string[] {
  return check(src).diagnostics.filter(d => d.severity === 'error').map(d => d.message);
}

export function expectError(src: string, re: RegExp): void {
  const errors = errorsOf(src);
  assert.ok(errors.some(e => re.test(e)), `expected an error matching ${re} for ${JSON.stringify(src)}, got ${JSON.stringify(errors)}`);
}

export function expectErrors(src: string, res: RegExp[]): void {
  const errors = errorsOf(src);
  assert.equal(errors.length, res.length, `errors for ${JSON.stringify(src)}: ${JSON.stringify(errors)}`);
  res.forEach((re, i) => assert.match(errors[i], re));
}

export function expectClean(src: string): void {
  assert.deepEqual(errorsOf(src), [], `unexpected errors for ${JSON.stringify(src)}`);
}

/** The hint of the one error matching `re`. */
function hintOf(src: string, re: RegExp): string | undefined {
  const d = check(src).diagnostics.find(x => re.test(x.message));
  assert.ok(d, `no error matching ${re} for ${JSON.stringify(src)}: ${JSON.stringify(check(src).diagnostics.map(x => x.message))}`);
  return d.hint;
}

// ---------------------------------------------------------------- types and inference

test('mismatched types', () => {
  expectError('fn main() { let x: int = true; }', /mismatched types: expected `int`, found `bool`/);
  expectError('fn f() -> String { 5 }\nfn main() { f(); }', /mismatched types: expected `String`, found `\{integer\}`|expected `String`/);
  expectError('fn main() { let x: f64 = 1; }', /expected `f64`, found integer/);
  expectError('fn main() { let a = 1u8; let b = 2i64; let c = a + b; }', /cannot apply `\+` to `u8` and `int`/);
  expectError('fn main() { if 1 { } }', /expected `bool`/);
});

// ---------------------------------------------------------------- cycles (issue 9 item 2)

test('type alias cycles are errors naming the cycle', () => {
  expectErrors('type A = B;\ntype B = A;\nfn main() { let x: A = 1; }', [/^cycle in type alias: A -> B -> A$/]);
  expectErrors('type T = Vec<T>;\nfn main() { let v: T = Vec::new(); }', [/^cycle in type alias: T -> T$/]);
  expectErrors('type T = [T; 2];\nfn main() { }', [/^cycle in type alias: T -> T$/]);
  expectErrors('type P<X> = (X, Q<X>);\ntype Q<X> = P<X>;\nfn main() { }', [/^cycle in type alias: P -> Q -> P$/]);
  expectClean('type Grid = Vec<Vec<int>>;\ntype Row = Vec<int>;\nfn main() { let g: Grid = Vec::new(); let r: Row = vec![1]; }');
});

test('constant cycles are errors, also through functions', () => {
  expectErrors('const A: int = B;\nconst B: int = A;\nfn main() { println!("{}", A); }', [/^cycle in constant: A -> B -> A$/]);
  expectErrors('const A: int = B + 1;\nconst B: int = A;\nfn main() { let a = [0; A]; }', [/^cycle in constant: A -> B -> A$/]);
  expectErrors('const K: int = f();\nfn f() -> int { K }\nfn main() { }', [/^cycle in constant: K -> f -> K$/]);
  expectErrors('struct S { a: [int; N] }\nconst N: int = N + 1;\nfn main() { }', [/^cycle in constant: N -> N$/]);
  expectClean('const A: int = B * 2;\nconst B: int = 3;\nfn main() { let a = [0; A]; println!("{}", a.len()); }');
});

test('static cycles are errors; other statics are ordered by dependency', () => {
  expectErrors('static A: int = B;\nstatic B: int = A;\nfn main() { }', [/^cycle in static initializer: A -> B -> A$/]);
  expectErrors('static mut N: int = f();\nfn f() -> int { N + 1 }\nfn main() { }', [/^cycle in static initializer: N -> f -> N$/]);
  expectClean('static A: int = B + 1;\nstatic B: int = 1;\nfn main() { println!("{}", A); }');
});

test('supertrait cycles are errors', () => {
  expectErrors('trait A: B { }\ntrait B: A { }\nfn main() { }', [/^cycle in supertraits: A -> B -> A$/]);
  expectErrors('trait A: A { fn a(self); }\nfn main() { }', [/^cycle in supertraits: A -> A$/]);
});

test('types that need themselves to exist are errors; references through Option and Vec are not', () => {
  expectErrors('struct Node { next: Node }\nfn main() { }', [/^cycle in type definition: Node -> Node$/]);
  expectErrors('struct A { b: (int, B) }\nstruct B { a: [A; 1] }\nfn main() { }', [/^cycle in type definition: A -> B -> A$/]);
  expectErrors('enum E { X(E), Y(int, E) }\nfn main() { }', [/^cycle in type definition: E -> E$/]);
  expectErrors('struct W<T> { t: T }\nstruct X { w: W<X> }\nfn main() { }', [/^cycle in type definition: X -> W -> X$/]);
  assert.match(hintOf('struct Node { next: Node }\nfn main() { }', /cycle/) ?? '', /make the field `next` an `Option`/);
  expectClean('struct L { next: Option<L> }\nstruct T { kids: Vec<T> }\nenum C { End, Link(int, C) }\nstruct Z { none: [Z; 0] }\nenum Never {}\nfn main() { }');
});

// ---------------------------------------------------------------- monomorphization limits

test('monomorphization that never ends stops with the chain of instances', () => {
  const doubling = 'fn f<T>(x: T, n: int) { if n > 0 { f((x, x), n - 1) } }\nfn main() { f(1, 3); }';
  expectErrors(doubling, [/^reached the type-size limit while instantiating `f<\(\(/]);
  const chain = check(doubling).diagnostics[0].notes?.[0]?.message ?? '';
  assert.match(chain, /^instantiated by: main -> f<int> -> f<\(int, int\)> -> \.\.\. \(\d+ more\) -> /);
  expectErrors('struct W<T> { v: T }\nfn g<T>(x: T, n: int) -> int { if n == 0 { 0 } else { g(W { v: x }, n - 1) } }\nfn main() { g(1, 3); }',
    [/^reached the recursion limit while instantiating `g<W<W<W<\.\.\.>>>>`$/]);
  expectErrors('struct S<T> { x: Option<S<(T, T)>> }\nimpl<T> S<T> { fn d(self) -> int { match self.x { Some(y) => y.d(), None => 0 } } }\nfn main() { let s: S<int> = S { x: None }; s.d(); }',
    [/^reached the type-size limit while instantiating `S<\(\(\.\.\., \.\.\.\), \(\.\.\., \.\.\.\)\)>::d`$/]);
  expectClean('fn same<T>(x: T, n: int) -> int { if n == 0 { 0 } else { same(x, n - 1) } }\nfn main() { same(1, 5); }');
});

// Parser and printer tests, esbuild-style: mostly one line per case.
//
//   expectPrinted(src, out)   parse without errors, print canonically
//   expectStmt(src, out)      the same for statements inside `fn main() { }`
//   expectTree(expr, sexpr)   an expression, fully parenthesized (precedence tests)
//   expectError(src, regex)   some diagnostic matches

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourceMap } from '../../src/source/index.js';
import { DiagnosticBag } from '../../src/diag/index.js';
import {
  Expr, FnItem, LetStmt, MacroExpr, Module, SelectExpr, parseModule, printExpr, printModule,
} from '../../src/syntax/index.js';

function parse(src: string): { m: Module; errors: string[]; diags: DiagnosticBag } {
  const sm = new SourceMap();
  const diags = new DiagnosticBag();
  const m = parseModule(sm.add('t.gos', src), diags);
  return { m, errors: diags.items.map(d => d.message), diags };
}

function parseClean(src: string): Module {
  const { m, errors } = parse(src);
  assert.deepEqual(errors, [], `unexpected errors for ${JSON.stringify(src)}`);
  return m;
}

function expectPrinted(src: string, expected: string): void {
  assert.equal(printModule(parseClean(src)), expected);
}

function expectStmt(src: string, expected = src): void {
  const body = expected.split('\n').map(l => (l === '' ? '' : '    ' + l)).join('\n');
  expectPrinted(`fn main() { ${src} }`, `fn main() {\n${body}\n}\n`);
}

function expectError(src: string, re: RegExp): void {
  const { errors } = parse(src);
  assert.ok(errors.some(e => re.test(e)), `expected an error matching ${re} for ${JSON.stringify(src)}, got ${JSON.stringify(errors)}`);
}

function expectErrors(src: string, res: RegExp[]): void {
  const { errors } = parse(src);
  assert.equal(errors.length, res.length, `errors for ${JSON.stringify(src)}: ${JSON.stringify(errors)}`);
  res.forEach((re, i) => assert.match(errors[i], re));
}

/** The expression `src` (as a `let` initializer), parsed. */
function expr(src: string): Expr {
  const m = parseClean(`fn main() { let _ = ${src}; }`);
  return ((m.items[0] as FnItem).body!.stmts[0] as LetStmt).init!;
}

/** Fully parenthesized rendering: every operator node in `( )`. */
function tree(e: Expr): string {
  switch (e.kind) {
    case 'binary': return `(${tree(e.left)} ${e.op} ${tree(e.right)})`;
    case 'unary': return `(${e.op}${tree(e.operand)})`;
    case 'ref': return `(&${e.mutable ? 'mut ' : ''}${tree(e.expr)})`;
    case 'deref': return `(*${tree(e.expr)})`;
    case 'cast': return `(${tree(e.expr)} as T)`;
    case 'assign': return `(${tree(e.target)} ${e.op ?? ''}= ${tree(e.value)})`;
    case 'range': return `(${e.start ? tree(e.start) : ''}${e.inclusive ? '..=' : '..'}${e.end ? tree(e.end) : ''})`;
    case 'try': return `(${tree(e.expr)}?)`;
    case 'field': return `(${tree(e.object)}.${e.field.name})`;
    case 'index': return `(${tree(e.object)}[${tree(e.index)}])`;
    case 'call': return `(${tree(e.callee)}(${e.args.map(tree).join(', ')}))`;
    case 'methodCall': return `(${tree(e.receiver)}.${e.method.name}(${e.args.map(tree).join(', ')}))`;
    case 'paren': return `[${tree(e.expr)}]`;
    case 'closure': return `(|${e.params.length}| ${tree(e.body)})`;
    default: return printExpr(e);
  }
}

function expectTree(src: string, expected: string): void {
  assert.equal(tree(expr(src)), expected);
}

// ---------------------------------------------------------------- expressions

test('binary precedence', () => {
  expectTree('1 + 2 * 3', '(1 + (2 * 3))');
  expectTree('1 * 2 + 3', '((1 * 2) + 3)');
  expectTree('1 - 2 - 3', '((1 - 2) - 3)');
  expectTree('a / b % c', '((a / b) % c)');
  expectTree('a + b << c', '((a + b) << c)');
  expectTree('a << b & c', '((a << b) & c)');
  expectTree('a & b ^ c', '((a & b) ^ c)');
  expectTree('a ^ b | c', '((a ^ b) | c)');
  expectTree('a | b == c', '((a | b) == c)');
  expectTree('a == b && c < d', '((a == b) && (c < d))');
  expectTree('a && b || c && d', '((a && b) || (c && d))');
  expectTree('a || b..c', '((a || b)..c)');
  expectTree('a >> 1 >= b', '((a >> 1) >= b)');
});

test('unary, cast and postfix precedence', () => {
  expectTree('-a * b', '((-a) * b)');
  expectTree('!a && b', '((!a) && b)');
  expectTree('-a.b()', '(-(a.b()))');
  expectTree('-x as f64', '((-x) as T)');
  expectTree('a as int + b', '((a as T) + b)');
  expectTree('a * b as int', '(a * (b as T))');
  expectTree('&mut *x', '(&mut (*x))');
  expectTree('&&x', '(&(&x))');
  expectTree('a.b.c(1)[2]?', '((((a.b).c(1))[2])?)');
  expectTree('f(x)(y)', '((f(x))(y))');
  expectTree('t.0.1', '((t.0).1)');
  expectTree('-1', '(-1)');
});

test('ranges', () => {
  expectTree('0..10', '(0..10)');
  expectTree('1..=n + 1', '(1..=(n + 1))');
  expectTree('..', '(..)');
  expectTree('..5', '(..5)');
  expectTree('..=5', '(..=5)');
  expectTree('a..', '(a..)');
  expectTree('v[1..n]', '(v[(1..n)])');
});

test('assignment is right associative and lowest', () => {
  expectStmt('a = b = c;');
  expectStmt('x += 1 + 2;');
  expectStmt('x -= 1; x *= 2; x /= 3; x %= 4; x &= 5; x |= 6; x ^= 7; x <<= 8; x >>= 9;',
    'x -= 1;\nx *= 2;\nx /= 3;\nx %= 4;\nx &= 5;\nx |= 6;\nx ^= 7;\nx <<= 8;\nx >>= 9;');
  expectStmt('v[i] = a..b;');
  const e = expr('(a = b)');
  assert.equal(e.kind, 'paren');
});

test('comparison operators are non-associative', () => {
  expectError('fn main() { a < b < c; }', /comparison operators cannot be chained/);
  expectError('fn main() { a == b == c; }', /comparison operators cannot be chained/);
  expectTree('(a < b) == c', '([(a < b)] == c)');
});

test('literals print back as written', () => {
  expectStmt('let x = 0xff_i64 + 1_000 + 0b1010u8 + 0o17;');
  expectStmt('let f = 1e9 + 2.5e-3 + 1. + 3f32 + 1.0f64;', 'let f = 1e9 + 2.5e-3 + 1.0 + 3f32 + 1.0f64;');
  expectStmt('let r = 1. ..2.;', 'let r = 1.0..2.0;');
  expectStmt('let s = "a\\n\\t\\"q\\" \\u{1F600}";', 'let s = "a\\n\\t\\"q\\" 😀";');
  expectStmt('let s = r#"raw "x" \\n"#;', 'let s = "raw \\"x\\" \\\\n";');
  expectStmt("let c = ['a', '\\n', '\\'', '\\\\', '\\u{0}'];", "let c = ['a', '\\n', '\\'', '\\\\', '\\0'];");
  expectStmt('let b = true && !false;');
});

test('paths, turbofish and generic method calls', () => {
  expectStmt('let v = Vec::<int>::new();');
  expectStmt('let m = HashMap::<String, Vec<int>>::new();');
  expectStmt('let c = x.iter().map(|x| x * 2).collect::<Vec<int>>();');
  expectStmt('let a = std::math::sqrt(2.0);');
  expectStmt('let s = Self::new();');
  expectStmt('let v = self.x;');
});

test('tuples, arrays, parens', () => {
  expectStmt('let t = (1, 2.0, "s");');
  expectStmt('let one = (1,);');
  expectStmt('let u = ();');
  expectStmt('let a = [1, 2, 3];');
  expectStmt('let z = [0.0; 5];');
  expectStmt('let e = [];');
  expectStmt('let p = (a + b) * c;');
  expectStmt('let t = (1, 2,);', 'let t = (1, 2);');
});

test('struct literals', () => {
  expectStmt('let p = Point { x: 1, y: 2 };');
  expectStmt('let p = Point { x, y };');
  expectStmt('let p = Point { x: 1, ..other };');
  expectStmt('let e = Shape::Rect { w: 2.0, h: 3.0 };');
  expectStmt('let u = Unit {};');
  expectStmt('let g = Wrapper::<int> { v: 1 };');
});

test('no struct literals in conditions unless parenthesized', () => {
  expectStmt('if x == y {}');
  expectStmt('if p == (Point { x: 1 }) {}');
  expectStmt('while n < limit { n += 1; }', 'while n < limit {\n    n += 1;\n}');
  expectStmt('for x in v {}');
  expectStmt('match s { _ => 1 }', 'match s {\n    _ => 1,\n}');
  expectStmt('for i in 0.. { break; }', 'for i in 0.. {\n    break;\n}');
  expectStmt('if f(Point { x: 1 }) {}');
});

test('closures', () => {
  expectStmt('let f = |x| x + 1;');
  expectStmt('let f = |x: int, y| -> int { x + y };', 'let f = |x: int, y| -> int {\n    x + y\n};');
  expectStmt('let f = || 5;');
  expectStmt('let f = move |x| x;');
  expectStmt('let f = |(a, b): (int, int), _| a;');
  expectStmt('let f = |&x| x;');
  expectTree('|x| x + 1', '(|1| (x + 1))');
  expectStmt('v.sort_by(|a, b| a.cmp(b));');
});

test('if, if let, else if, let else', () => {
  expectStmt('if a { 1 } else if b { 2 } else { 3 }', 'if a {\n    1\n} else if b {\n    2\n} else {\n    3\n}');
  expectStmt('if let Some(x) = opt { x } else { 0 }', 'if let Some(x) = opt {\n    x\n} else {\n    0\n}');
  expectStmt('let Some(y) = opt else { return; };', 'let Some(y) = opt else {\n    return;\n};');
  const e = expr('if let Some(x) = a && x > 1 { 1 } else { 2 }');
  assert.equal(e.kind, 'if');
  if (e.kind !== 'if') return;
  assert.equal(e.cond.kind, 'binary');
  if (e.cond.kind !== 'binary') return;
  assert.equal(e.cond.left.kind, 'letCond');
  expectError('fn main() { let x = let y = 1; }', /expected expression, found `let`/);
});

test('loops and labels', () => {
  expectStmt("'outer: for i in 0..10 { 'inner: while true { break 'outer; } continue 'outer; }",
    "'outer: for i in 0..10 {\n    'inner: while true {\n        break 'outer;\n    }\n    continue 'outer;\n}");
  expectStmt('let v = loop { break 5; };', 'let v = loop {\n    break 5;\n};');
  expectStmt("let v = 'a: loop { break 'a 7; };", "let v = 'a: loop {\n    break 'a 7;\n};");
  expectStmt("let v = 'b: { break 'b 1; };", "let v = 'b: {\n    break 'b 1;\n};");
  expectStmt('while let Some(x) = s.pop() { total += x; }', 'while let Some(x) = s.pop() {\n    total += x;\n}');
  expectStmt('for (i, x) in v.iter().enumerate() {}');
  expectStmt('loop {}');
  expectStmt('return;');
  expectStmt('return x + 1;');
  const e = expr("loop { break 'x }");
  assert.equal(e.kind, 'loop');
});

test('match arms: commas, guards, block bodies', () => {
  expectStmt('match x { 1 | 2 => a, n if n > 3 => { b } _ => c }',
    'match x {\n    1 | 2 => a,\n    n if n > 3 => {\n        b\n    }\n    _ => c,\n}');
  expectStmt('match x { A => if c { 1 } else { 2 } B => 3 }',
    'match x {\n    A => if c {\n        1\n    } else {\n        2\n    },\n    B => 3,\n}');
  expectStmt('match x { _ => {}, }', 'match x {\n    _ => {}\n}');
  expectStmt('match x {}');
});

test('block-like statements need no `;` and are not continued by operators', () => {
  const m = parseClean('fn main() { if a { 1 } else { 2 } - 1; }');
  const body = (m.items[0] as FnItem).body!;
  assert.equal(body.stmts.length, 2);
  assert.equal(body.stmts[0].kind, 'expr');
  expectStmt('match x {}.unwrap();');
  expectStmt('{ a }.len() + 1;', '{\n    a\n}.len() + 1;');
  expectStmt('for x in v {} let y = 1;', 'for x in v {}\nlet y = 1;');
});

test('block tails', () => {
  const m = parseClean('fn f() -> int { let x = 1; x + 1 }');
  const body = (m.items[0] as FnItem).body!;
  assert.equal(body.stmts.length, 1);
  assert.equal(body.tail?.kind, 'binary');
  const m2 = parseClean('fn f() { if a { b(); } }');
  assert.equal((m2.items[0] as FnItem).body!.tail?.kind, 'if');
});

// ---------------------------------------------------------------- macros and format strings

function macro(src: string): MacroExpr {
  const e = expr(src);
  assert.equal(e.kind, 'macro');
  return e as MacroExpr;
}

test('macro forms', () => {
  assert.equal(macro('println!("{}", 1)').form, 'format');
  assert.equal(macro('format!["{}", 1]').form, 'format');
  assert.equal(macro('print!{"x"}').form, 'format');
  const empty = macro('println!()');
  assert.ok(empty.form === 'format' && empty.format === null && empty.args.length === 0);
  assert.equal(macro('panic!("boom {}", x)').form, 'format');
  assert.equal(macro('unreachable!()').form, 'format');
  assert.equal(macro('todo!()').form, 'format');
  assert.equal(macro('eprintln!("e")').form, 'format');
  const a = macro('assert!(x > 1, "x = {}", x)');
  assert.ok(a.form === 'assert' && a.cond.kind === 'binary' && a.format !== null && a.args.length === 1);
  const eq = macro('assert_eq!(a, b)');
  assert.ok(eq.form === 'assertEq' && eq.left.kind === 'path' && eq.format === null);
  assert.equal(macro('assert_ne!(a, b, "m")').form, 'assertEq');
  const v = macro('vec![1, 2, 3]');
  assert.ok(v.form === 'vec' && v.elems.length === 3 && v.repeat === null);
  const r = macro('vec![0; n]');
  assert.ok(r.form === 'vec' && r.repeat !== null && r.elems.length === 0);
  expectStmt('println!("{} {}", a, b);');
  expectStmt('let v = vec![1, 2];');
  expectStmt('let v = vec!(0; 3);', 'let v = vec![0; 3];');
  expectStmt('assert_eq!(f(1), 2, "f({}) wrong", 1);');
  expectStmt('println!();');
});

test('macro errors', () => {
  expectError('fn main() { foo!(1); }', /unknown macro `foo!`/);
  expectError('fn main() { println!("{x}", x = 5); }', /named format arguments are not supported; use \{name\} to capture a variable/);
  expectError('fn main() { println!(x); }', /format argument must be a string literal/);
  expectError('fn main() { print!(); }', /`print!` needs a format string/);
  expectError('fn main() { assert!(); }', /expected a condition/);
});

test('format string pieces', () => {
  const f = macro('println!("a {{b}} {} {0} {name} {:?}", x)');
  assert.ok(f.form === 'format' && f.format !== null);
  const pieces = f.format!.pieces.map(p => (p.kind === 'text' ? p.text : p.arg.kind === 'name' ? `{${p.arg.name}}` : p.arg.kind === 'index' ? `{#${p.arg.index}}` : '{}'));
  assert.deepEqual(pieces, ['a {b} ', '{}', ' ', '{#0}', ' ', '{name}', ' ', '{}']);
});

function spec(s: string): object {
  const f = macro(`format!("{${s}}", x)`);
  const hole = f.form === 'format' ? f.format!.pieces[0] : null;
  assert.ok(hole && hole.kind === 'hole');
  const { fill, align, sign, alternate, zero, width, precision, type } = hole.spec;
  const out: Record<string, unknown> = {};
  if (fill !== ' ') out.fill = fill;
  if (align) out.align = align;
  if (sign) out.sign = sign;
  if (alternate) out.alternate = true;
  if (zero) out.zero = true;
  if (width !== null) out.width = width;
  if (precision !== null) out.precision = precision;
  if (type) out.type = type;
  return out;
}

test('format specs', () => {
  assert.deepEqual(spec(''), {});
  assert.deepEqual(spec(':?'), { type: '?' });
  assert.deepEqual(spec(':.9'), { precision: 9 });
  assert.deepEqual(spec(':>8'), { align: '>', width: 8 });
  assert.deepEqual(spec(':<8'), { align: '<', width: 8 });
  assert.deepEqual(spec(':^8'), { align: '^', width: 8 });
  assert.deepEqual(spec(':08.3'), { zero: true, width: 8, precision: 3 });
  assert.deepEqual(spec(':x'), { type: 'x' });
  assert.deepEqual(spec(':#?'), { alternate: true, type: '?' });
  assert.deepEqual(spec('name:>5'), { align: '>', width: 5 });
  assert.deepEqual(spec(':*^10'), { fill: '*', align: '^', width: 10 });
  assert.deepEqual(spec(':+'), { sign: '+' });
  assert.deepEqual(spec(':#x'), { alternate: true, type: 'x' });
  assert.deepEqual(spec(':>+#010.2e'), { align: '>', sign: '+', alternate: true, zero: true, width: 10, precision: 2, type: 'e' });
  expectStmt('println!("{:>8} {:08.3} {:*^10} {name:>5} {:#?} {{}}", a, b, c, d);');
});

test('format holes have spans into the string', () => {
  const src = 'fn main() { println!("a\\n{x:>5}", x); }';
  const m = parseClean(src);
  const stmt = (m.items[0] as FnItem).body!.stmts[0];
  assert.ok(stmt.kind === 'expr' && stmt.expr.kind === 'macro' && stmt.expr.form === 'format');
  const hole = stmt.expr.format!.pieces[1];
  assert.ok(hole.kind === 'hole');
  assert.equal(src.slice(hole.span.start, hole.span.end), '{x:>5}');
});

test('format string errors', () => {
  expectError('fn main() { println!("{"); }', /unmatched `\{`/);
  expectError('fn main() { println!("}"); }', /unmatched `\}`/);
  expectError('fn main() { println!("{:z}", 1); }', /unknown format type `z`/);
  expectError('fn main() { println!("{a b}", 1); }', /is not an argument index or a name/);
  expectError('fn main() { println!("{:.}", 1); }', /expected digits after `.`/);
});

// ---------------------------------------------------------------- concurrency

test('go and defer', () => {
  expectStmt('go worker(w, jobs, results);');
  expectStmt('go obj.m(x);');
  expectStmt('go { count += 1; };', 'go {\n    count += 1;\n};');
  expectStmt('defer m.unlock();');
  expectStmt('defer f(x);');
  expectStmt('defer { cleanup(); };', 'defer {\n    cleanup();\n};');
  const e = expr('go f(x)');
  assert.ok(e.kind === 'go' && e.body.kind === 'call');
  expectError('fn main() { go x; }', /`go` needs a function call or a block/);
  expectError('fn main() { defer 1 + 2; }', /`defer` needs a function call or a block/);
});

test('select', () => {
  const src = 'fn main() { select { v = done.recv() => println!("{}", v.unwrap()), _ = time::after(time::ms(1000)).recv() => {} ch.send(x + 1) => { a(); } c.recv() => b(), default => break, } }';
  const m = parseClean(src);
  const sel = (m.items[0] as FnItem).body!.tail as SelectExpr;
  assert.equal(sel.kind, 'select');
  assert.deepEqual(sel.arms.map(a => a.kind), ['recv', 'recv', 'send', 'recv', 'default']);
  const [a0, a1, a2, a3] = sel.arms;
  assert.ok(a0.kind === 'recv' && a0.pat?.kind === 'binding' && a0.chan.kind === 'path');
  assert.ok(a1.kind === 'recv' && a1.pat?.kind === 'wildcard' && a1.chan.kind === 'call');
  assert.ok(a2.kind === 'send' && a2.value.kind === 'binary');
  assert.ok(a3.kind === 'recv' && a3.pat === null);
  assert.equal(printModule(m), `fn main() {
    select {
        v = done.recv() => println!("{}", v.unwrap()),
        _ = time::after(time::ms(1000)).recv() => {}
        ch.send(x + 1) => {
            a();
        }
        c.recv() => b(),
        default => break,
    }
}
`);
  expectError('fn main() { select { x => 1 } }', /select arms must be `pat = ch.recv\(\)`, `ch.send\(v\)` or `default`/);
  expectError('fn main() { select { v = ch.get() => 1 } }', /select arms must be/);
  expectError('fn main() { select { ch.send() => 1 } }', /select arms must be/);
});

// ---------------------------------------------------------------- patterns

test('patterns', () => {
  const arms = [
    '_ => 0', 'x => 0', 'mut x => 0', 'x @ 1..=5 => 0', '1 => 0', '-1 => 0', '"s" => 0', 'true => 0',
    "'a'..='z' => 0", '..=9 => 0', '0.. => 0', '(a, b) => 0', '(a, .., b) => 0', '(x,) => 0',
    'Some(x) => 0', 'Shape::Rect { w, h: height, .. } => 0', 'Shape::Empty => 0', 'A | B => 0',
    '&p => 0', 'S { mut a, b: (c, _) } => 0', 'Point {} => 0', 'x @ (A | B) => 0', 'E::V(..) => 0',
    '-1.5..=2.5 => 0',
  ];
  expectStmt(`match v { ${arms.join(', ')} }`, `match v {\n${arms.map(a => '    ' + a + ',').join('\n')}\n}`);
  expectStmt('match v { | A | B => 0 }', 'match v {\n    A | B => 0,\n}');
  expectStmt('match v { ref x => 0 }', 'match v {\n    x => 0,\n}');
  expectStmt('let (a, mut b) = t;');
  const m = parseClean('fn main() { let None = x; }');
  const let0 = (m.items[0] as FnItem).body!.stmts[0] as LetStmt;
  assert.equal(let0.pat.kind, 'binding');
  expectError('fn main() { let = 1; }', /expected pattern/);
});

// ---------------------------------------------------------------- types

test('types', () => {
  const types = [
    'int', 'Vec<HashMap<String, int>>', 'std::collections::HashMap<K, V>', '(int, f64)', '()', '(int,)',
    '[f64; 5]', '[int]', 'fn(int, f64) -> bool', 'fn()', 'dyn Area', '&T', '&mut T', '_', 'Self', 'Option<Vec<Vec<int>>>',
  ];
  for (const t of types) expectPrinted(`type X = ${t};`, `type X = ${t};\n`);
  expectPrinted('fn f(x: &dyn A + B, y: &dyn A) {}', 'fn f(x: &(dyn A + B), y: &dyn A) {}\n');
  expectPrinted('fn f() -> ! { loop {} }', 'fn f() -> ! {\n    loop {}\n}\n');
  expectPrinted('type X = Vec<Vec<int>>;', 'type X = Vec<Vec<int>>;\n');
  expectStmt('let x: Vec<Vec<int>>= v;', 'let x: Vec<Vec<int>> = v;');
  expectError('type X = impl Trait;', /`impl Trait` types are not supported/);
});

// ---------------------------------------------------------------- items

test('functions and self parameters', () => {
  for (const recv of ['self', '&self', '&mut self', 'mut self']) {
    const m = parseClean(`impl S { fn f(${recv}, x: int) {} }`);
    const it = m.items[0];
    assert.ok(it.kind === 'impl');
    assert.equal((it.items[0] as FnItem).selfParam?.kind, 'self');
    assert.equal((it.items[0] as FnItem).params.length, 1);
  }
  expectPrinted('fn max<T: Ord + Clone>(a: T, b: T) -> T where T: Debug { a }',
    'fn max<T: Ord + Clone>(a: T, b: T) -> T\nwhere\n    T: Debug,\n{\n    a\n}\n');
  expectPrinted('pub fn f() {}', 'pub fn f() {}\n');
  expectPrinted('pub(crate) fn f() {}', 'pub fn f() {}\n');
  expectError('fn f(x: int, self) {}', /`self` must be the first parameter/);
});

test('structs and enums', () => {
  expectPrinted('#[derive(Clone, Debug)] struct Point { x: f64, pub y: f64 }',
    '#[derive(Clone, Debug)]\nstruct Point {\n    x: f64,\n    pub y: f64,\n}\n');
  expectPrinted('struct Pair(int, pub f64);', 'struct Pair(int, pub f64);\n');
  expectPrinted('struct Unit;', 'struct Unit;\n');
  expectPrinted('struct Stack<T> { items: Vec<T> }', 'struct Stack<T> {\n    items: Vec<T>,\n}\n');
  expectPrinted('enum Shape { Circle(f64), Rect { w: f64, h: f64 }, Empty }',
    'enum Shape {\n    Circle(f64),\n    Rect { w: f64, h: f64 },\n    Empty,\n}\n');
  expectPrinted('enum C { A = 1, B = 2, }', 'enum C {\n    A = 1,\n    B = 2,\n}\n');
  expectPrinted('enum Option<T> { Some(T), None }', 'enum Option<T> {\n    Some(T),\n    None,\n}\n');
});

test('impls and traits', () => {
  expectPrinted('impl<T: X> Trait<A> for Type<T> { fn f(self) {} }', 'impl<T: X> Trait<A> for Type<T> {\n    fn f(self) {}\n}\n');
  expectPrinted('impl Point { const ORIGIN: int = 0; fn a() {} fn b() {} }',
    'impl Point {\n    const ORIGIN: int = 0;\n\n    fn a() {}\n\n    fn b() {}\n}\n');
  expectPrinted('trait Shape: Area + Clone { const N: int; type Out; fn area(&self) -> f64; fn name(&self) -> String { "s".to_string() } }',
    'trait Shape: Area + Clone {\n    const N: int;\n\n    type Out;\n\n    fn area(self) -> f64;\n\n    fn name(self) -> String {\n        "s".to_string()\n    }\n}\n');
  expectPrinted('impl Area for Point {}', 'impl Area for Point {}\n');
  const m = parseClean('impl<T> Stack<T> {}');
  const it = m.items[0];
  assert.ok(it.kind === 'impl' && it.trait === null && it.generics.params.length === 1);
  expectError('impl S { struct X; }', /only `fn`, `const` and `type` items may appear in an impl/);
  expectError('fn f();', /expected `\{` to start the function body/);
});

test('const, static, type, use, mod, attributes', () => {
  expectPrinted('const MAX: int = 100;', 'const MAX: int = 100;\n');
  expectPrinted('static mut COUNT: int = 0;', 'static mut COUNT: int = 0;\n');
  expectPrinted('type Grid = Vec<Vec<int>>;', 'type Grid = Vec<Vec<int>>;\n');
  expectPrinted('use std::collections::{HashMap, HashSet};', 'use std::collections::{HashMap, HashSet};\n');
  expectPrinted('use a::b as c;', 'use a::b as c;\n');
  expectPrinted('use a::*;', 'use a::*;\n');
  expectPrinted('use a::{self, b::{c, d::*}, e as f};', 'use a::{self, b::{c, d::*}, e as f};\n');
  expectPrinted('pub use super::x;', 'pub use super::x;\n');
  expectPrinted('mod util;', 'mod util;\n');
  expectPrinted('mod m { pub fn f() {} }', 'mod m {\n    pub fn f() {}\n}\n');
  expectPrinted('#[test] fn t() {}', '#[test]\nfn t() {}\n');
  const m = parseClean('mod util; use a::{b, c as d};');
  assert.ok(m.items[0].kind === 'mod' && m.items[0].items === null);
  const u = m.items[1];
  assert.ok(u.kind === 'use' && u.tree.kind === 'nested' && u.tree.path.map(i => i.name).join() === 'a');
  assert.deepEqual(u.tree.children.map(c => [c.kind, c.path.map(i => i.name).join('::'), c.alias?.name ?? null]), [['simple', 'b', null], ['simple', 'c', 'd']]);
  const attrs = parseClean('#[derive(Clone, Debug)] #[test] fn f() {}').items[0].attrs;
  assert.deepEqual(attrs.map(a => [a.name, a.args.map(x => x.name)]), [['derive', ['Clone', 'Debug']], ['test', []]]);
  expectError('const X: int;', /expected `=` and the constant's value/);
});

test('items inside blocks', () => {
  expectStmt('fn helper() {} struct S; helper();', 'fn helper() {}\nstruct S;\nhelper();');
});

test('blank lines between items and statements', () => {
  expectPrinted('use a;\nuse b;\nfn f() {}\nfn g() {}', 'use a;\nuse b;\n\nfn f() {}\n\nfn g() {}\n');
  expectPrinted('fn f() {\n    a();\n\n\n    b();\n}\n', 'fn f() {\n    a();\n\n    b();\n}\n');
  expectPrinted('fn f() {\n\n    a();\n}\n', 'fn f() {\n    a();\n}\n');
});

test('comments are kept', () => {
  expectPrinted('// header\nfn f() { // trailing\n    a(); // after a\n    // before b\n    b();\n    /* end */\n}\n// footer\n',
    '// header\nfn f() {\n    // trailing\n    a(); // after a\n    // before b\n    b();\n    /* end */\n}\n// footer\n');
  expectPrinted('/// doc\nstruct S { x: int, // the x\n}\n', '/// doc\nstruct S {\n    x: int, // the x\n}\n');
});

// ---------------------------------------------------------------- errors and recovery

test('error messages say what was expected and what was found', () => {
  expectErrors('fn main() { let x = 1 }', [/^expected `;`, found `\}`$/]);
  expectErrors('fn main() { let = 1; }', [/^expected pattern, found `=`$/]);
  expectErrors('fn main() { foo(1 2); }', [/^expected `,` or `\)`, found integer literal `2`$/]);
  expectErrors('struct S { x: int y: int }', [/^expected `,` or `\}`, found identifier `y`$/]);
  expectErrors('let x = 5;', [/^expected item, found keyword `let`$/]);
  const { diags } = parse('fn main() { let x = 1 }');
  assert.deepEqual(diags.items[0].span, { file: 0, start: 22, end: 23 });
});

test('several errors in one file, without cascades', () => {
  expectErrors('fn main() { let x = 1 +; let y = 2 +; }', [/expected expression, found `;`/, /expected expression, found `;`/]);
  expectErrors('fn f(x: int) -> { }\nfn g() { h( }\nfn k() { let = 1; }',
    [/expected type, found `\{`/, /expected expression, found `\}`/, /expected pattern/]);
  expectErrors('struct S { x: int y: int }\nfn main() { let x = ; }', [/expected `,` or `\}`/, /expected expression/]);
  expectErrors('fn main() { match x { 1 => a b, 2 => , 3 => c } let y = +; }',
    [/expected `,` or `\}` after a match arm/, /expected expression, found `,`/, /expected expression, found `\+`/]);
  const { m } = parse('fn a() { let = 1; }\nfn b() { ok(); }\nfn c() { 1 + ; }\nfn d() {}');
  assert.deepEqual(m.items.map(i => (i.kind === 'fn' ? i.name.name : i.kind)), ['a', 'b', 'c', 'd']);
  const { m: m2, errors } = parse('fn main() { foo(; bar(); }');
  assert.equal(errors.length, 1);
  assert.equal(printModule(m2), 'fn main() {\n    bar();\n}\n');
});

test('never throws, whatever the input', () => {
  const inputs = [
    '', ' ', '\n', '€', '\u{1F600}', '"', "'", '/*', 'r#"', 'fn', 'fn main(', 'fn main() {', '}}}}', ')))', '#', '#[', 'impl',
    'fn main() { "unterminated', 'fn main() { let x = \'', 'fn main() { select { ', 'fn main() { println!("{', 'use a::{',
    'match', 'fn f() { match x { 1 => } }', 'fn f() { |', 'fn f() { x.', 'fn f() { x::<', 'fn f() -> Vec<Vec<int> {}', '\0\0\0',
    'fn f() { ' + '('.repeat(100000) + ' }', 'fn f() { ' + '['.repeat(50000), 'fn f(x: ' + '&'.repeat(50000), 'fn f() {' + '{'.repeat(50000),
    'fn f() { let ' + '('.repeat(50000), 'fn f() { x' + '.f()'.repeat(50000) + '; }', 'fn f() { 1' + ' + 1'.repeat(50000) + '; }',
    'fn f() { ' + '-'.repeat(50000) + '1; }', 'fn f() { ' + 'if a { '.repeat(20000), 'fn f() { ' + '|x| '.repeat(50000) + '1; }',
  ];
  for (const src of inputs) {
    const { m } = parse(src);
    assert.ok(Array.isArray(m.items));
    printModule(m);
  }
  expectError('fn f() { let x = ' + '('.repeat(1000) + '1' + ')'.repeat(1000) + '; }', /expression nested too deeply/);
  parseClean('fn f() { let x = ' + '('.repeat(100) + '1' + ')'.repeat(100) + '; }');
});

// ---------------------------------------------------------------- round trips

const fixtures = ['core.gos', 'concurrency.gos', 'syntax-tour.gos'];

for (const name of fixtures) {
  test(`round trip: ${name} prints to a fixed point`, () => {
    const path = fileURLToPath(new URL(`../../../tests/unit/fixtures/${name}`, import.meta.url));
    const src = readFileSync(path, 'utf8');
    const once = printModule(parseClean(src));
    const twice = printModule(parseClean(once));
    assert.equal(twice, once);
  });
}

test('round trip: the LANGUAGE.md core program is already canonical except for one-line blocks', () => {
  const path = fileURLToPath(new URL('../../../tests/unit/fixtures/core.gos', import.meta.url));
  const out = printModule(parseClean(readFileSync(path, 'utf8')));
  assert.match(out, /^use std::collections::HashMap;\n\nstruct Point \{\n    x: f64,\n    y: f64,\n\}\n/);
  assert.match(out, /println!\("\{\} \{:\.2\}", p\.x, p\.y\); \/\/ 6 8\.00\n/);
});

test('label names are stored without the quote', () => {
  const e = expr("'outer: loop { break 'outer 1; }");
  assert.ok(e.kind === 'loop' && e.label?.name === 'outer');
  const brk = e.body.stmts[0];
  assert.ok(brk.kind === 'expr' && brk.expr.kind === 'break' && brk.expr.label?.name === 'outer');
});

// Lexer tests: one line per case. `toks` renders a token stream as `kind:text` pairs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceMap } from '../../src/source/index.js';
import { DiagnosticBag } from '../../src/diag/index.js';
import { lex, type Token } from '../../src/syntax/index.js';

function run(src: string): { tokens: Token[]; errors: string[]; lexed: ReturnType<typeof lex> } {
  const sm = new SourceMap();
  const diags = new DiagnosticBag();
  const lexed = lex(sm.add('t.gos', src), diags);
  return { tokens: lexed.tokens, errors: diags.items.map(d => d.message), lexed };
}

/** `kind` for punctuation and keywords (their text), `kind:text` for the rest. */
function toks(src: string): string {
  const { tokens, errors } = run(src);
  assert.deepEqual(errors, [], `unexpected lexer errors for ${JSON.stringify(src)}`);
  return tokens
    .filter(t => t.kind !== 'eof')
    .map(t => (t.kind === 'ident' || t.kind === 'int' || t.kind === 'float' || t.kind === 'str' || t.kind === 'char' || t.kind === 'label' ? `${t.kind}:${t.text}` : t.kind))
    .join(' ');
}

function lit(src: string): unknown {
  const { tokens, errors } = run(src);
  assert.deepEqual(errors, []);
  return tokens[0].lit;
}

function expectLexError(src: string, re: RegExp): void {
  const { errors } = run(src);
  assert.ok(errors.some(e => re.test(e)), `expected an error matching ${re} for ${JSON.stringify(src)}, got ${JSON.stringify(errors)}`);
}

test('keywords, identifiers and contextual words', () => {
  assert.equal(toks('fn main let mut go defer select dyn Self self default'), 'fn ident:main let mut go defer select dyn Self self ident:default');
  assert.equal(toks('_ _x x_1 café'), '_ ident:_x ident:x_1 ident:café');
});

test('punctuation is matched longest first', () => {
  assert.equal(toks('a<<=b>>=c..=d...e::f->g=>h'), 'ident:a <<= ident:b >>= ident:c ..= ident:d ... ident:e :: ident:f -> ident:g => ident:h');
  assert.equal(toks('&& || != == <= >= += -= *= /= %= ^= &= |= @ # ? $'), '&& || != == <= >= += -= *= /= %= ^= &= |= @ # ? $');
});

test('integer literals', () => {
  assert.deepEqual(lit('42'), { kind: 'int', value: 42n, suffix: null, raw: '42' });
  assert.deepEqual(lit('1_000_000'), { kind: 'int', value: 1000000n, suffix: null, raw: '1_000_000' });
  assert.deepEqual(lit('0xff_i64'), { kind: 'int', value: 255n, suffix: 'i64', raw: '0xff_i64' });
  assert.deepEqual(lit('0o17'), { kind: 'int', value: 15n, suffix: null, raw: '0o17' });
  assert.deepEqual(lit('0b1010u8'), { kind: 'int', value: 10n, suffix: 'u8', raw: '0b1010u8' });
  assert.deepEqual(lit('7usize'), { kind: 'int', value: 7n, suffix: 'usize', raw: '7usize' });
  assert.deepEqual(lit('9int'), { kind: 'int', value: 9n, suffix: 'int', raw: '9int' });
  assert.deepEqual(lit('18446744073709551615'), { kind: 'int', value: 18446744073709551615n, suffix: null, raw: '18446744073709551615' });
});

test('float literals', () => {
  assert.deepEqual(lit('1.5'), { kind: 'float', value: 1.5, suffix: null, raw: '1.5' });
  assert.deepEqual(lit('1e9'), { kind: 'float', value: 1e9, suffix: null, raw: '1e9' });
  assert.deepEqual(lit('2.5e-3'), { kind: 'float', value: 2.5e-3, suffix: null, raw: '2.5e-3' });
  assert.deepEqual(lit('1.'), { kind: 'float', value: 1, suffix: null, raw: '1.' });
  assert.deepEqual(lit('3f32'), { kind: 'float', value: 3, suffix: 'f32', raw: '3f32' });
  assert.deepEqual(lit('1.0f64'), { kind: 'float', value: 1, suffix: 'f64', raw: '1.0f64' });
});

test('a dot after digits: ranges, methods and tuple fields', () => {
  assert.equal(toks('1..10'), 'int:1 .. int:10');
  assert.equal(toks('0..=9'), 'int:0 ..= int:9');
  assert.equal(toks('1.max(2)'), 'int:1 . ident:max ( int:2 )');
  assert.equal(toks('x.0.1'), 'ident:x . int:0 . int:1');
  assert.equal(toks('t.0 + 1.5'), 'ident:t . int:0 + float:1.5');
  assert.equal(toks('1. + x'), 'float:1. + ident:x');
});

test('strings and escapes', () => {
  assert.deepEqual(lit('"a\\nb\\t\\r\\\\\\"\\\'\\0"'), { kind: 'str', value: 'a\nb\t\r\\"\'\0' });
  assert.deepEqual(lit('"\\u{1F600}\\x41"'), { kind: 'str', value: '\u{1F600}A' });
  assert.deepEqual(lit('"line\\\n      next"'), { kind: 'str', value: 'linenext' });
  assert.deepEqual(lit('"multi\nline"'), { kind: 'str', value: 'multi\nline' });
  assert.deepEqual(lit('r"raw \\n {}"'), { kind: 'str', value: 'raw \\n {}' });
  assert.deepEqual(lit('r#"say "hi""#'), { kind: 'str', value: 'say "hi"' });
  assert.deepEqual(lit('r##"a "# b"##'), { kind: 'str', value: 'a "# b' });
});

test('string offsets point at the source of each character', () => {
  const { tokens } = run('"a\\nb"');
  assert.deepEqual(tokens[0].offsets, [1, 2, 4, 5]);
});

test('chars and labels', () => {
  assert.deepEqual(lit("'a'"), { kind: 'char', value: 97 });
  assert.deepEqual(lit("'\\n'"), { kind: 'char', value: 10 });
  assert.deepEqual(lit("'\\''"), { kind: 'char', value: 39 });
  assert.deepEqual(lit("'\\u{1F600}'"), { kind: 'char', value: 0x1f600 });
  assert.deepEqual(lit("'😀'"), { kind: 'char', value: 0x1f600 });
  assert.equal(toks("'outer: loop { break 'outer; }"), "label:'outer : loop { break label:'outer ; }");
  assert.equal(toks("'a'..='z'"), "char:'a' ..= char:'z'");
});

test('comments are skipped and kept aside', () => {
  const { tokens, lexed } = run('a // line\n/* block /* nested */ still */ b /// doc\nc');
  assert.deepEqual(tokens.map(t => t.kind), ['ident', 'ident', 'ident', 'eof']);
  assert.deepEqual(lexed.comments.map(c => [c.text, c.ownLine]), [
    ['// line', false], ['/* block /* nested */ still */', true], ['/// doc', false],
  ]);
});

test('blank lines are recorded', () => {
  const { lexed } = run('a\n\nb\n  \n// c\n\nd');
  assert.deepEqual(lexed.blankLines, [2, 7, 13]);
});

test('newlineBefore', () => {
  const { tokens } = run('a b\nc');
  assert.deepEqual(tokens.map(t => t.newlineBefore), [true, false, true, false]);
});

test('lexer errors are reported and lexing continues', () => {
  expectLexError('"abc', /unterminated string literal/);
  expectLexError('r#"abc', /unterminated raw string literal/);
  expectLexError('/* abc', /unterminated block comment/);
  expectLexError("'ab'", /one codepoint/);
  expectLexError("''", /empty character literal/);
  expectLexError('"\\q"', /unknown character escape `\\q`/);
  expectLexError('"\\u{110000}"', /invalid unicode escape/);
  expectLexError('"\\x80"', /at most `\\x7f`/);
  expectLexError('0x', /missing digits/);
  expectLexError('0b102', /invalid digit `2` in a base 2 literal/);
  expectLexError('12abc', /invalid suffix `abc`/);
  expectLexError('1.5u8', /invalid suffix `u8` for float literal/);
  expectLexError('a € b', /unexpected character `€`/);
  const { tokens, errors } = run('a € b ` c');
  assert.equal(errors.length, 2);
  assert.deepEqual(tokens.map(t => t.text), ['a', 'b', 'c', '']);
});

test('error spans point at the offending text', () => {
  const sm = new SourceMap();
  const diags = new DiagnosticBag();
  lex(sm.add('t.gos', 'let x = "\\q";'), diags);
  assert.deepEqual(diags.items[0].span, { file: 0, start: 9, end: 11 });
});

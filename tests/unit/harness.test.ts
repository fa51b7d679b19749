// Tests of the test harness's own parsing: headers, `// ERROR` annotations, the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeaders, splitWords } from '../harness/headers.js';
import { matchErrors, parseExpectations } from '../harness/expect-errors.js';
import { lineDiff } from '../harness/diff.js';
import { variants } from '../harness/mutate.js';

test('run headers', () => {
  const h = parseHeaders('// A test.\n// exit: 101\n// args: a "b c" \'d e\'\n// env: K=V X="1 2"\n// stdin: in.txt\n\nfn main() {}\n// exit: 7\n');
  assert.equal(h.exit, 101);
  assert.deepEqual(h.args, ['a', 'b c', 'd e']);
  assert.deepEqual(h.env, { K: 'V', X: '1 2' });
  assert.equal(h.stdin, 'in.txt');
  assert.deepEqual(h.errors, []);
  assert.deepEqual(parseHeaders('// exit: many\n').errors.length, 1);
  assert.deepEqual(splitWords(' "" x\\y "a\\"b" '), ['', 'x\\y', 'a"b']);
});

test('ERROR annotations', () => {
  const src = 'fn main() {\n  let x: int = "a"; // ERROR "mismatched types" "expected `int`"\n  f(\\(1\\)); // ERROR "call\\(\\)"\n}\n';
  const exp = parseExpectations(src);
  assert.deepEqual(exp, [
    { line: 2, patterns: ['mismatched types', 'expected `int`'] },
    { line: 3, patterns: ['call\\(\\)'] },
  ]);
  assert.deepEqual(matchErrors(exp, [
    { line: 2, message: 'mismatched types: expected `int`, found `String`' },
    { line: 3, message: 'bad call()' },
  ]), []);
  const problems = matchErrors(exp, [{ line: 2, message: 'mismatched types' }, { line: 4, message: 'stray' }, { line: null, message: 'nowhere' }]);
  assert.equal(problems.length, 4);
  assert.match(problems.join('\n'), /line 2: expected an error matching "expected `int`"/);
  assert.match(problems.join('\n'), /line 3: expected an error matching .* got none/);
  assert.match(problems.join('\n'), /line 4: unexpected error/);
  assert.match(problems.join('\n'), /without a location/);
});

test('line diff', () => {
  assert.equal(lineDiff('a\nb\nc\n', 'a\nB\nc\n'), '  a\n- b\n+ B\n  c\n  ');
  assert.match(lineDiff('x\n', 'x'), /lacks the final newline/);
  assert.match(lineDiff('a \n', 'a\n'), /- a·/);
});

test('robustness variants are deterministic', () => {
  const text = 'fn main() {\n    println!("hi");\n}\n';
  assert.deepEqual(variants('t', text), variants('t', text));
  assert.ok(variants('t', text).length >= 10);
});

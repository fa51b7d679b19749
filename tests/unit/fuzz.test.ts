// Tests of the program generator (tests/fuzz) that need no compiler: a seed names one
// program, both languages print, mutants and the minimizer behave.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from '../fuzz/gen/items.js';
import { illTypedMutants } from '../fuzz/ill-typed.js';
import { minimizeLines, minimizeTree } from '../fuzz/minimize.js';
import { hasRust, mk, render, t, text } from '../fuzz/node.js';
import { I64 } from '../fuzz/types.js';

test('a seed reproduces its program', () => {
  for (const seed of [1, 2, 77, 123456]) {
    assert.equal(render(generate(seed).root, 'gos'), render(generate(seed).root, 'gos'));
  }
  assert.notEqual(render(generate(1).root, 'gos'), render(generate(2).root, 'gos'));
});

test('Rust-compatible programs print in both languages', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const p = generate(seed, { rust: true });
    assert.ok(p.rust && hasRust(p.root), `seed ${seed}`);
    assert.match(render(p.root, 'rust'), /fn main\(\)/);
    assert.doesNotMatch(render(p.root, 'rust'), /\bint\b(?!")/, `seed ${seed}: \`int\` in the Rust twin`);
  }
  for (let seed = 1; seed <= 40; seed++) assert.match(render(generate(seed, { rust: false }).root, 'gos'), /fn main\(\)/);
});

test('a node must hold the same expressions in both languages', () => {
  const a = text('1', I64), b = text('2', I64);
  assert.throws(() => mk(I64, t`${a} + ${b}`, t`${a}`), /missing from one language/);
  assert.equal(render(mk(I64, t`(${a} / ${b})`, t`${a}.wrapping_div(${b})`), 'rust'), '1.wrapping_div(2)');
});

test('ill-typed mutants are deterministic and differ from the program', () => {
  const p = generate(5);
  const m1 = illTypedMutants(p, 3), m2 = illTypedMutants(p, 3);
  assert.deepEqual(m1, m2);
  assert.equal(m1.length, 4);
  for (const m of m1) assert.notEqual(m.text, render(p.root, 'gos'));
});

test('the minimizer keeps what the predicate needs', async () => {
  const p = generate(9, { rust: true });
  const keep = /println!/;
  const small = await minimizeTree(p.root, p.gen, async r => keep.test(render(r, 'gos')), { tests: 2000, deadline: Date.now() + 20_000 });
  const text0 = render(p.root, 'gos'), text1 = render(small, 'gos');
  assert.match(text1, keep);
  assert.ok(text1.length < text0.length / 4, `${text1.length} of ${text0.length} bytes left`);
  const lines = await minimizeLines('a\nb\nneedle\nc\nd', async s => s.includes('needle'), { tests: 100, deadline: Date.now() + 5000 });
  assert.equal(lines, 'needle');
});

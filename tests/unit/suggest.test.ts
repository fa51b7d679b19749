// "Did you mean" ranking (src/diag/suggest.ts), as rustc ranks its suggestions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, editDistance } from '../../src/diag/suggest.js';

test('nothing unrelated is suggested', () => {
  assert.equal(closest('map', ['cmp', 'len', 'clone']), null);
  assert.equal(closest('push', ['hash', 'len', 'insert']), null);
  assert.equal(closest('push_bak', ['push', 'pop']), null);
});

test('typos, swaps and case are suggested, nearest first', () => {
  assert.equal(closest('psh', ['hash', 'push', 'pop']), 'push');
  assert.equal(closest('nmae', ['age', 'name']), 'name');
  assert.equal(closest('colections', ['collections', 'fmt', 'os']), 'collections');
  assert.equal(closest('Hashmap', ['HashSet', 'HashMap']), 'HashMap');
  assert.equal(closest('lenn', ['len', 'lines']), 'len');
  assert.equal(closest('by_key_sort', ['sort_by_key']), 'sort_by_key');
});

test('edit distance counts a swap of neighbours as one edit', () => {
  assert.equal(editDistance('nmae', 'name'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('abc', 'xyz', 2), 2);   // stops at the bound
});

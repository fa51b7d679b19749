// How a diagnostic shows its source line (src/diag/index.ts displayLine).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SHOWN_LINE, displayLine } from '../../src/diag/index.js';

test('control characters are shown as their pictures, tabs as spaces, the caret follows', () => {
  assert.deepEqual(displayLine('\tx\x07 = 1', 2, 1), { text: '    x\u2407 = 1', at: 5, width: 1 });
  assert.deepEqual(displayLine('a\x00\x1f\x7fb', 4, 1), { text: 'a\u2400\u241f\u2421b', at: 4, width: 1 });
});

test('a long line is cut to a window around the caret', () => {
  const line = 'a'.repeat(500) + 'HERE' + 'b'.repeat(500);
  const r = displayLine(line, 500, 4);
  assert.ok(r.text.length <= MAX_SHOWN_LINE, String(r.text.length));
  assert.ok(r.text.startsWith('...') && r.text.endsWith('...'));
  assert.equal(r.text.slice(r.at, r.at + r.width), 'HERE');
  const start = displayLine(line, 0, 1);
  assert.equal(start.at, 0);
  assert.ok(!start.text.startsWith('...') && start.text.endsWith('...'));
  const end = displayLine(line, line.length - 1, 1);
  assert.equal(end.text.slice(end.at, end.at + 1), 'b');
  assert.ok(end.text.startsWith('...') && !end.text.endsWith('...'));
});

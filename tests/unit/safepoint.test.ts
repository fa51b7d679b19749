// Where codegen puts safepoint polls (src/codegen/safepoint.ts): loops poll and make
// their function keep a shadow frame (so do its callers); recursive functions poll on
// entry, with a stop-only poll when they have no frame; runtime code never polls.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectingFunctions } from '../../src/codegen/function.js';
import { loopPollFunctions, planSafepoints } from '../../src/codegen/safepoint.js';
import { IrExpr, IrFunction, ValType } from '../../src/ir/ir.js';

const span = { file: 0, start: 0, end: 0 };
const call = (func: string): IrExpr => ({ op: 'call', func, args: [], type: 'void' });
const loop = (body: IrExpr[]): IrExpr => ({ op: 'loop', label: 'l', body: { op: 'block', label: null, body, type: 'void' }, type: 'void' });
const fn = (name: string, body: IrExpr[], params: ValType[] = []): IrFunction => ({
  name, params: params.map((type, i) => ({ name: `p${i}`, type })), result: 'void', locals: [],
  body: { op: 'block', label: null, body, type: 'void' }, span,
});

test('loops poll, and their functions and callers keep frames; recursion polls on entry', () => {
  const fns = [
    fn('spin', [loop([{ op: 'nop' }])], ['ref']),
    fn('calls_spin', [call('spin')], ['ref']),
    fn('leaf', [{ op: 'nop' }], ['ref']),
    fn('calls_leaf', [call('leaf')], ['ref']),
    fn('walk', [call('walk')], ['ref']),                 // recursion without a loop: no frame
    fn('even', [call('odd'), loop([])]),                  // mutual recursion with a loop
    fn('odd', [call('even')]),
    fn('runtime::wait', [loop([{ op: 'nop' }])]),         // the runtime never polls
  ];
  const loops = loopPollFunctions(fns);
  assert.deepEqual([...loops].sort(), ['even', 'spin']);
  const collecting = collectingFunctions(fns, loops);
  for (const f of ['spin', 'calls_spin', 'even', 'odd']) assert.ok(collecting.has(f), f);
  for (const f of ['leaf', 'calls_leaf', 'walk', 'runtime::wait']) assert.ok(!collecting.has(f), f);
  const plan = planSafepoints(fns, [], loops, collecting);
  assert.deepEqual([...plan.entryPolls].sort(), [['even', 'safe'], ['odd', 'safe'], ['walk', 'stop']]);
});

// Safepoint polls: where compiled code asks whether the runtime wants this thread.
//
// A collection must stop every P, or ask each running goroutine to scan its own stack,
// within ~100 µs whatever the goroutines are doing (docs/runtime.md "Safepoints"). Code
// that neither allocates nor blocks reaches no runtime call, so codegen adds polls, each a
// load of the poll word in shared memory (`MemoryLayout.gcFlags`) and a branch:
//
//   - at the top of every loop iteration (a back-edge), a *safe* poll:
//       (if (i32.atomic.load (i32.const POLL_WORD)) (call $runtime::poll_safe))
//     At a safe poll every frame on the stack holds all its refs in the shadow stack, so
//     the runtime may scan the stack there. A function with a loop therefore counts as
//     collecting (it gets a shadow frame, function.ts), and so do its callers;
//   - on entry to a recursive function (one on a cycle of the call graph): a safe poll if
//     the function is collecting anyway, else a *stop* poll that only tests the bits
//     asking for a stop in place (POLL_STOP_BITS) and calls runtime::poll_stop, which may
//     wait but never looks at the stack. Recursion without loops (a tree walk) is how code
//     stays away from loop polls, and making every recursive function keep a frame would
//     cost a prologue per call (binary-trees' `check`).
//
// Code without loops or recursion runs for a bounded time between polls. Runtime functions
// (`runtime::`) never poll: they hold the scheduler's and the heap's locks, run while the
// world is stopped, and their waiting loops call the runtime's own safepoints. The slow
// paths never suspend the goroutine (Asyncify is not widened: suspend.ts never sees these
// calls); the load is atomic so neither Binaryen nor V8 hoists it out of a loop.
//
// Keep the bits in sync with runtime/stw.gos (POLL_*).

import { runtimeSymbol } from '../ir/abi.js';
import { IrExpr, IrFunction } from '../ir/ir.js';
import { forEachChild } from '../ir/walk.js';
import { indirectTargets, signatureKey } from './suspend.js';

export const POLL_SAFE = runtimeSymbol('poll_safe');
export const POLL_STOP = runtimeSymbol('poll_stop');
/** Poll-word bits a stop poll answers (runtime/stw.gos POLL_STOP_ANY | POLL_PREEMPT). */
export const POLL_STOP_BITS = 0x1 | 0x8;

export type EntryPoll = 'safe' | 'stop';

export interface SafepointPlan {
  /** Functions whose loops poll at the top of each iteration (always a safe poll). */
  loopPolls: ReadonlySet<string>;
  /** Recursive functions, and the kind of poll they make on entry. */
  entryPolls: ReadonlyMap<string, EntryPoll>;
}

export const NO_SAFEPOINTS: SafepointPlan = { loopPolls: new Set(), entryPolls: new Map() };

/** Functions that may poll: everything but the runtime. */
export function mayPoll(f: IrFunction): boolean {
  return !f.name.startsWith('runtime::');
}

/** The functions with a loop that will poll: they must keep their refs in a frame. */
export function loopPollFunctions(functions: readonly IrFunction[]): Set<string> {
  const out = new Set<string>();
  for (const f of functions) if (mayPoll(f) && containsLoop(f.body)) out.add(f.name);
  return out;
}

/**
 * Where polls go, given the loop-polling functions and the final collecting set (which
 * already includes every function with a loop poll and its callers).
 */
export function planSafepoints(functions: readonly IrFunction[], table: readonly string[], loopPolls: ReadonlySet<string>,
  collecting: ReadonlySet<string>): SafepointPlan {
  const entryPolls = new Map<string, EntryPoll>();
  for (const name of recursiveFunctions(functions, table)) {
    const f = functions.find(g => g.name === name)!;
    if (mayPoll(f)) entryPolls.set(name, collecting.has(name) ? 'safe' : 'stop');
  }
  return { loopPolls, entryPolls };
}

function containsLoop(e: IrExpr): boolean {
  if (e.op === 'loop') return true;
  let found = false;
  forEachChild(e, c => { if (!found && containsLoop(c)) found = true; });
  return found;
}

/**
 * Functions on a cycle of the call graph (Tarjan's strongly connected components, without
 * recursion: call graphs of std-heavy programs are deep). Indirect calls may reach any
 * table function of their signature except goroutine entries, as in suspend.ts.
 */
function recursiveFunctions(functions: readonly IrFunction[], table: readonly string[]): Set<string> {
  const byName = new Map(functions.map(f => [f.name, f]));
  const bySig = indirectTargets(byName, table);
  const edges = new Map<string, string[]>();
  for (const f of functions) {
    const out = new Set<string>();
    const visit = (e: IrExpr): void => {
      if (e.op === 'call' && byName.has(e.func)) out.add(e.func);
      else if (e.op === 'callIndirect') for (const t of bySig.get(signatureKey(e.params, e.type)) ?? []) out.add(t);
      forEachChild(e, visit);
    };
    visit(f.body);
    edges.set(f.name, [...out]);
  }

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const recursive = new Set<string>();
  let next = 0;
  for (const root of functions) {
    if (index.has(root.name)) continue;
    const work: { v: string; i: number }[] = [{ v: root.name, i: 0 }];
    index.set(root.name, next); low.set(root.name, next); next++;
    stack.push(root.name); onStack.add(root.name);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const succ = edges.get(top.v)!;
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++;
          stack.push(w); onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const scc: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== top.v);
        if (scc.length > 1 || edges.get(top.v)!.includes(top.v)) for (const s of scc) recursive.add(s);
      }
    }
  }
  return recursive;
}

// Keeps Binaryen's output shallow enough for Binaryen's binary writer.
//
// The writer recurses once per level of expression nesting, and binaryen.js is compiled
// with JavaScript exception handling, so each level also passes through a JS trampoline
// frame: about 3,000 levels exhaust Node's default stack ("Maximum call stack size
// exceeded" from `emitBinary`). Gossamer's own code nests no deeper than the source does
// (the parser bounds that, syntax/parser.ts MAX_DEPTH), but Binaryen's optimiser sinks
// each `local.set` into the next use of the local, so a long straight-line body such as
//
//     total += f(0); total += f(1); ... total += f(1999);
//
// becomes one expression nested two or more levels per statement. Two things run that
// optimiser: Asyncify tidies the functions it instruments (a `main` with ~1,600
// suspending calls failed), and release builds run -O3 on everything (~750 calls to one
// small function failed). Flattening afterwards, with a clean-up that never nests
// (`simplify-locals-nonesting`), leaves every expression's operands as local reads: the
// depth is then that of the control flow, which the source bounds. It runs only on large
// functions, whose speed is dominated by their calls anyway. Flattening costs about nine
// locals per statement, so a function of some 5,000 statements passes V8's limit of 50,000
// locals; that, and any other nesting the writer cannot take, is reported as an error on
// the function (`tooLarge`, limits.ts), never as an internal error.

import { IrFunction } from '../ir/ir.js';
import { forEachChild } from '../ir/walk.js';
import { Module, fnName } from './module.js';
import { V8_MAX_LOCALS, tooLarge, wasmLocals } from './limits.js';

/**
 * Functions with at least this many IR nodes are flattened after Binaryen's passes. The
 * smallest failure seen was a `main` of 5,275 nodes (-O3, 750 statements of 7 nodes; the
 * Asyncify one was 8,028 nodes); this leaves a margin of five.
 */
export const FLATTEN_MIN_NODES = 1000;

const FLATTEN_PASSES = ['flatten', 'simplify-locals-nonesting', 'reorder-locals', 'vacuum'];


/** Number of IR nodes in `f`'s body, counting up to `limit` (then stops). */
export function irSize(f: IrFunction, limit = Infinity): number {
  let n = 0;
  const stack = [f.body];
  while (stack.length > 0 && n < limit) {
    n++;
    forEachChild(stack.pop()!, c => { stack.push(c); });
  }
  return n;
}

/**
 * Flattens every function of `optimized` large enough to have been nested deeply by
 * Binaryen's optimiser, or, when -O3 inlined such a function away, the callers it was
 * inlined into (found through the IR's direct calls); returns the names flattened.
 */
export function flattenLargeFunctions(mod: Module, all: readonly IrFunction[], optimized: readonly IrFunction[]): string[] {
  const exists = (name: string): boolean => mod.getFunction(fnName(name)) !== 0;
  const targets = new Set<string>();
  let callers: Map<string, string[]> | undefined;
  for (const f of optimized) {
    if (irSize(f, FLATTEN_MIN_NODES) < FLATTEN_MIN_NODES) continue;
    if (exists(f.name)) {
      targets.add(f.name);
      continue;
    }
    callers ??= callerMap(all);
    const seen = new Set([f.name]);
    const work = [f.name];
    while (work.length > 0) {
      for (const c of callers.get(work.pop()!) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        if (exists(c)) targets.add(c);
        else work.push(c);
      }
    }
  }
  const byName = new Map(all.map(f => [f.name, f]));
  for (const name of targets) {
    mod.runPassesOnFunction(fnName(name), FLATTEN_PASSES);
    const { locals } = wasmLocals(mod, name);
    if (locals > V8_MAX_LOCALS) throw tooLarge(byName.get(name)!, `it needs ${locals} wasm locals, more than V8 accepts (${V8_MAX_LOCALS})`);
  }
  return [...targets];
}

/** The largest function of the module, by IR nodes: the likely culprit when the writer overflows. */
export function largestFunction(fns: readonly IrFunction[]): IrFunction | undefined {
  let best: IrFunction | undefined, bestSize = -1;
  for (const f of fns) {
    const n = irSize(f);
    if (n > bestSize) { best = f; bestSize = n; }
  }
  return best;
}

/** For each function, the functions that call it directly. */
function callerMap(fns: readonly IrFunction[]): Map<string, string[]> {
  const callers = new Map<string, string[]>();
  for (const f of fns) {
    const stack = [f.body];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (e.op === 'call') {
        const list = callers.get(e.func);
        if (list) list.push(f.name);
        else callers.set(e.func, [f.name]);
      }
      forEachChild(e, c => { stack.push(c); });
    }
  }
  return callers;
}

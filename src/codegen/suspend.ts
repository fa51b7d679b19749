// Which functions can suspend: the set Binaryen's Asyncify pass instruments.
//
// A goroutine suspends when the runtime's suspension leaf calls `asyncify.start_unwind`
// (the IR call `__asyncify_start_unwind`): every wasm frame between the scheduler and
// that leaf must be able to save itself and later resume, so every function that can
// reach the leaf is instrumented, and nothing else is. Asyncify's own default ("any
// call may unwind") instruments everything: minutes of compile time on a large module,
// and instrumented code runs 1.3-2x slower (docs/architecture.md, Facts). Numeric code
// such as n-body's `advance` calls nothing that can suspend and keeps full speed.
//
// The call graph:
//   - a `call` of f is an edge to f (an `alloc` node calls runtime::alloc, a `panic`
//     node runtime::panic_at);
//   - a `callIndirect` may call any function in the table whose wasm signature matches
//     (closures, `dyn` shims, defer thunks): resolved by signature, conservatively,
//     except goroutine entries (`goroutineEntry`), which only the scheduler calls;
//   - imports never suspend (Asyncify's import list names none of them).
// The set is every function from which a leaf is reachable, found backwards from the
// leaves. A function marked `suspendBoundary` (the scheduler code that calls a
// goroutine's entry closure on the P's own stack) is never instrumented and the search
// does not continue through it: unwinding stops in it.
//
// Each instrumented function also gets a bound on the bytes Asyncify saves for its frame
// (`costs`), which the compiled code adds to a per-thread depth counter so the scheduler
// can check the save area has room before it suspends (function.ts, docs/runtime.md).

import { IrExpr, IrFunction, IrModule, ResultType, ValType } from '../ir/ir.js';
import { forEachChild } from '../ir/walk.js';

export const UNWIND_CALL = '__asyncify_start_unwind';

export interface SuspendAnalysis {
  /** Functions that call the Asyncify unwind control directly (the suspension leaves). */
  leaves: Set<string>;
  /** Leaves plus every function that can reach one: Asyncify's only-list. */
  instrumented: Set<string>;
  /** For each instrumented non-leaf function, an upper bound of the bytes Asyncify saves for one frame. */
  costs: Map<string, number>;
}

interface CallInfo {
  direct: Set<string>;
  indirect: Set<string>;   // signature keys
  calls: number;           // call sites, for the cost bound
  leaf: boolean;
}

const wasmKey = (t: ValType | ResultType): string => (t === 'ref' ? 'i32' : t);

export function signatureKey(params: readonly ValType[], result: ResultType): string {
  return `${params.map(wasmKey).join(',')}->${wasmKey(result)}`;
}

/**
 * Table functions by signature key: the possible targets of a call_indirect (goroutine
 * entries excluded: only the scheduler calls them).
 */
export function indirectTargets(byName: ReadonlyMap<string, IrFunction>, table: readonly string[]): Map<string, string[]> {
  const targets = new Map<string, string[]>();
  for (const name of new Set(table)) {
    const f = byName.get(name);
    if (!f || f.goroutineEntry) continue;
    const key = signatureKey(f.params.map(p => p.type), f.result);
    const list = targets.get(key) ?? [];
    list.push(name);
    targets.set(key, list);
  }
  return targets;
}

export function analyzeSuspension(m: IrModule, table: readonly string[], runtime: { alloc: string; panic: string }): SuspendAnalysis {
  const byName = new Map(m.functions.map(f => [f.name, f]));
  const info = new Map<string, CallInfo>();
  for (const f of m.functions) info.set(f.name, collectCalls(f, runtime));

  const targets = indirectTargets(byName, table);

  // Reverse edges: callee -> callers.
  const callers = new Map<string, string[]>();
  const edge = (from: string, to: string): void => {
    const list = callers.get(to);
    if (list) list.push(from); else callers.set(to, [from]);
  };
  for (const [name, c] of info) {
    for (const d of c.direct) edge(name, d);
    for (const key of c.indirect) for (const t of targets.get(key) ?? []) edge(name, t);
  }

  const leaves = new Set([...info].filter(([, c]) => c.leaf).map(([n]) => n));
  const instrumented = new Set<string>(leaves);
  const work = [...leaves];
  while (work.length > 0) {
    const g = work.pop()!;
    for (const f of callers.get(g) ?? []) {
      if (instrumented.has(f) || byName.get(f)?.suspendBoundary) continue;
      instrumented.add(f);
      work.push(f);
    }
  }

  const costs = new Map<string, number>();
  for (const name of instrumented) {
    if (leaves.has(name)) continue;
    costs.set(name, frameCost(byName.get(name)!, info.get(name)!.calls));
  }
  return { leaves, instrumented, costs };
}

/**
 * What Asyncify can save for one frame of f: its call index (4 bytes) and its locals.
 * Codegen adds up to two locals (frame pointer, result) and the pass temporaries for the
 * operands and results of calls, so the bound counts 8 bytes for each call site and each
 * call operand (`calls`). index.ts checks the bound against the instrumented function
 * after the pass.
 */
export function frameCost(f: IrFunction, calls: number): number {
  const size = (t: ValType): number => (t === 'i64' || t === 'f64' ? 8 : 4);
  let bytes = 8 + 16;   // call index (+ padding) and codegen's fp and result locals
  for (const l of [...f.params, ...f.locals]) bytes += size(l.type);
  return bytes + 8 * calls;
}

function collectCalls(f: IrFunction, runtime: { alloc: string; panic: string }): CallInfo {
  // One call site for a possible entry poll (safepoint.ts).
  const c: CallInfo = { direct: new Set(), indirect: new Set(), calls: 1, leaf: false };
  const visit = (e: IrExpr): void => {
    switch (e.op) {
      case 'call':
        c.calls += 1 + e.args.length;
        if (e.func === UNWIND_CALL) c.leaf = true;
        else if (!e.func.startsWith('__')) c.direct.add(e.func);
        break;
      case 'callIndirect':
        c.calls += 2 + e.args.length;
        c.indirect.add(signatureKey(e.params, e.type));
        break;
      case 'alloc': c.calls++; c.direct.add(runtime.alloc); break;
      case 'loop': c.calls++; break;   // its poll (safepoint.ts)
      case 'panic': c.calls++; c.direct.add(runtime.panic); break;
      default: break;
    }
    forEachChild(e, visit);
  };
  visit(f.body);
  return c;
}

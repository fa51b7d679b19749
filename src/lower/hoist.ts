// hoistInvariantLoads: loop-invariant code motion for loads the engines cannot move.
//
// `v[j]` loads the Vec's header (buffer, start, length) and `b.x` a field at every
// iteration; V8 (and Binaryen) keep them in the loop because they cannot tell that the
// loop's other stores (`b2.vx += ...`) do not write them. The lowering can: every load
// and store it emits for a field, a Vec header, an element or a captured variable says
// which class of location it touches (ir.ts MemClass), and accesses of different
// classes never overlap. So in a loop that
//
//   - contains no store of unknown class, no call of a function that may write memory
//     (computed over the whole IR), no allocation, no atomic and no bulk memory
//     operation (paths that never come back into the loop, a failed bounds check's
//     panic, do not count),
//
// a load of class C whose address is a local the loop does not assign (or another such
// load: `out.buf`'s header) gives the same value at every iteration if the loop stores
// nothing of class C. It is evaluated once, before the loop. Loads cannot trap here: an
// address is a reference (or 0), so a hoisted load that the loop would have skipped only
// reads a value nobody uses.
//
// Another goroutine writing the same object meanwhile is a data race, as in Go, whose
// compiler keeps a slice's header in registers the same way; a loop without calls
// reaches no safepoint, so nothing it read is collected until it ends. Runs before
// spillRefs, so a hoisted reference is a local like any other, rooted where it must be.

import { IrExpr, IrFunction, MemClass, ValType } from '../ir/ir.js';
import { forEachChild, neverReturns, walk } from '../ir/walk.js';

export function hoistInvariantLoads(fns: IrFunction[]): void {
  const writers = memoryWriters(fns);
  for (const f of fns) visitLoops(f, f.body, writers);
}

function visitLoops(f: IrFunction, e: IrExpr, writers: Set<string>): void {
  if (e.op === 'loop') {
    const body = e.body;
    hoistFrom(f, e, writers);
    // Inner loops: what is invariant there but not here (a local this loop assigns).
    visitLoops(f, body, writers);
    return;
  }
  forEachChild(e, c => visitLoops(f, c, writers));
}

// Hoists the invariant loads of `loop`, turning the node into a block of the hoisted
// loads followed by the loop.
function hoistFrom(f: IrFunction, loop: IrExpr & { op: 'loop' }, writers: Set<string>): void {
  const stored = storedClasses(loop.body, writers);
  if (!stored) return;
  const assigned = new Set<number>();
  walk(loop.body, x => { if (x.op === 'local.set' || x.op === 'local.tee') assigned.add(x.index); });
  const invariant = (x: IrExpr): boolean =>
    x.op === 'local.get' ? !assigned.has(x.index)
      : x.op === 'load' && x.cls !== undefined && !stored.has(x.cls) && invariant(x.addr);
  const hoisted = new Map<string, number>();
  const pre: IrExpr[] = [];
  const visit = (x: IrExpr): void => {
    if (x.op !== 'load' || !invariant(x)) { forEachChild(x, visit); return; }
    const key = JSON.stringify(x);
    let tmp = hoisted.get(key);
    if (tmp === undefined) {
      tmp = newLocal(f, `inv${f.locals.length}`, x.type);
      hoisted.set(key, tmp);
      pre.push({ op: 'local.set', index: tmp, value: structuredClone(x) });
    }
    const get: IrExpr = { op: 'local.get', index: tmp, type: x.type };
    for (const k of Object.keys(x)) delete (x as Record<string, unknown>)[k];
    Object.assign(x, get);
  };
  visit(loop.body);
  if (pre.length === 0) return;
  const inner: IrExpr = { ...loop };
  const block = loop as unknown as IrExpr & { op: 'block' };
  block.op = 'block';
  block.label = null;
  block.body = [...pre, inner];
}

function newLocal(f: IrFunction, name: string, type: ValType): number {
  f.locals.push({ name, type });
  return f.params.length + f.locals.length - 1;
}

// The classes `e` may store to and come back, or null if it may write anything.
function storedClasses(e: IrExpr, writers: Set<string>): Set<MemClass> | null {
  const out = new Set<MemClass>();
  let opaque = false;
  const visit = (x: IrExpr): void => {
    if (opaque || x.op === 'panic' || neverReturns(x)) return;
    switch (x.op) {
      case 'store': if (x.cls === undefined) opaque = true; else out.add(x.cls); break;
      case 'call': if (writers.has(x.func)) opaque = true; break;
      case 'atomic': case 'callIndirect': case 'callImport': case 'alloc':
      case 'memory.fill': case 'memory.copy':
        opaque = true; break;
    }
    forEachChild(x, visit);
  };
  visit(e);
  return opaque ? null : out;
}

// The functions that may write memory or synchronise: a store, atomic, allocation,
// bulk memory operation, host or indirect call, or a call of such a function.
function memoryWriters(fns: IrFunction[]): Set<string> {
  const known = new Set(fns.map(f => f.name));
  const writers = new Set<string>();
  const callers = new Map<string, string[]>();
  for (const f of fns) {
    let writes = false;
    walk(f.body, x => {
      switch (x.op) {
        case 'store': case 'atomic': case 'alloc': case 'callIndirect': case 'callImport':
        case 'memory.fill': case 'memory.copy': case 'memory.grow':
          writes = true; break;
        case 'call':
          if (!known.has(x.func)) writes = true;
          else {
            const list = callers.get(x.func);
            if (list) list.push(f.name); else callers.set(x.func, [f.name]);
          }
      }
    });
    if (writes) writers.add(f.name);
  }
  const work = [...writers];
  while (work.length > 0) {
    for (const caller of callers.get(work.pop()!) ?? []) {
      if (!writers.has(caller)) { writers.add(caller); work.push(caller); }
    }
  }
  return writers;
}

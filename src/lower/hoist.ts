// hoistVecHeaders: loop-invariant code motion for the loads that matter in numeric
// loops, those of the header of a Vec being indexed (its buffer, start and length).
//
// `v[j]` reads the header three times; inside a loop V8 reloads it at every iteration,
// since it cannot tell that the loop's other stores (`b.vx -= ...`) do not write it.
// The lowering can: every store it emits says which class of location it writes
// (ir.ts MemClass), and only the Vec methods of std write a Vec's header. So when a
// loop contains no store that may write a header, no call of a function that may write
// memory, no allocation and no atomic, and the Vec is in a local the loop does not
// assign, the header is the same at every iteration: its loads move before the loop.
//
// Paths that never come back into the loop (a failed bounds check: a panic call and
// `unreachable`) do not count. Another goroutine changing the Vec meanwhile is a data
// race, as in Go, whose compiler keeps a slice's header in registers the same way: the
// loop sees the old buffer, which stays allocated (a loop without calls reaches no
// safepoint, so no collection runs until it ends).
//
// Runs before spillRefs, so a hoisted buffer (a ref local) is rooted like any other.

import { IrExpr, IrFunction, ValType } from '../ir/ir.js';
import { forEachChild } from '../ir/walk.js';

export function hoistVecHeaders(fns: IrFunction[]): void {
  const writers = memoryWriters(fns);
  for (const f of fns) visitLoops(f, f.body, writers);
}

function visitLoops(f: IrFunction, e: IrExpr, writers: Set<string>): void {
  if (e.op === 'loop') {
    const body = e.body;
    hoistFrom(f, e, writers);
    // Inner loops: what is invariant there but not here (a Vec this loop assigns).
    visitLoops(f, body, writers);
    return;
  }
  forEachChild(e, c => visitLoops(f, c, writers));
}

// Hoists the invariant header loads of `loop`, turning the node into a block of the
// hoisted loads followed by the loop, if the loop cannot write a header.
function hoistFrom(f: IrFunction, loop: IrExpr & { op: 'loop' }, writers: Set<string>): void {
  if (!headerSafe(loop.body, writers)) return;
  const assigned = new Set<number>();
  walk(loop.body, x => { if (x.op === 'local.set' || x.op === 'local.tee') assigned.add(x.index); });
  const hoisted = new Map<string, number>();
  const pre: IrExpr[] = [];
  walk(loop.body, x => {
    if (x.op !== 'load' || x.cls !== 'vec.hdr' || x.addr.op !== 'local.get' || assigned.has(x.addr.index)) return;
    const key = `${x.addr.index}:${x.offset}:${x.mem}`;
    let tmp = hoisted.get(key);
    if (tmp === undefined) {
      tmp = newLocal(f, `hdr${f.locals.length}`, x.type);
      hoisted.set(key, tmp);
      pre.push({ op: 'local.set', index: tmp, value: { ...x } });
    }
    const get: IrExpr = { op: 'local.get', index: tmp, type: x.type };
    for (const k of Object.keys(x)) delete (x as Record<string, unknown>)[k];
    Object.assign(x, get);
  });
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

// True if evaluating `e` (and coming back) cannot change a Vec header.
function headerSafe(e: IrExpr, writers: Set<string>): boolean {
  let safe = true;
  const visit = (x: IrExpr): void => {
    if (!safe || x.op === 'panic' || neverReturns(x)) return;
    switch (x.op) {
      case 'store': if (x.cls === undefined || x.cls === 'vec.hdr') safe = false; break;
      case 'call': if (writers.has(x.func)) safe = false; break;
      case 'atomic': case 'callIndirect': case 'callImport': case 'alloc':
      case 'memory.fill': case 'memory.copy':
        safe = false; break;
    }
    forEachChild(x, visit);
  };
  visit(e);
  return safe;
}

// A block that ends by trapping or panicking, with no branch out of it: a failed check.
function neverReturns(e: IrExpr): boolean {
  if (e.op !== 'block' || e.body.length === 0) return false;
  const last = e.body[e.body.length - 1];
  if (last.op !== 'unreachable' && last.op !== 'panic') return false;
  let branches = false;
  walk(e, x => { if (x.op === 'br' || x.op === 'switch' || x.op === 'return') branches = true; });
  return !branches;
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

function walk(e: IrExpr, f: (x: IrExpr) => void): void {
  f(e);
  forEachChild(e, c => walk(c, f));
}

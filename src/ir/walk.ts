// Walking IR trees.

import { IrExpr } from './ir.js';

/** Calls `f` on each direct child of `e`, in evaluation order. */
export function forEachChild(e: IrExpr, f: (child: IrExpr) => void): void {
  switch (e.op) {
    case 'const': case 'local.get': case 'static.get': case 'dataAddr': case 'ref.data': case 'unreachable':
    case 'nop': case 'memory.size': case 'funcIndex':
      return;
    case 'local.set': case 'local.tee': case 'static.set': f(e.value); return;
    case 'unary': f(e.operand); return;
    case 'binary': f(e.left); f(e.right); return;
    case 'load': f(e.addr); return;
    case 'store': f(e.addr); f(e.value); return;
    case 'atomic': f(e.addr); e.args.forEach(f); return;
    case 'call': case 'callImport': e.args.forEach(f); return;
    case 'callIndirect': e.args.forEach(f); f(e.index); return;
    case 'alloc': f(e.size); return;
    case 'block': e.body.forEach(f); return;
    case 'loop': f(e.body); return;
    case 'if': f(e.cond); f(e.then); if (e.else) f(e.else); return;
    case 'br': if (e.value) f(e.value); if (e.cond) f(e.cond); return;
    case 'switch': f(e.index); return;
    case 'return': if (e.value) f(e.value); return;
    case 'drop': f(e.value); return;
    case 'select': f(e.a); f(e.b); f(e.cond); return;
    case 'memory.grow': f(e.pages); return;
    case 'memory.fill': f(e.dest); f(e.value); f(e.size); return;
    case 'memory.copy': f(e.dest); f(e.src); f(e.size); return;
    case 'panic': f(e.message); return;
    default: {
      const never: never = e;
      throw new Error(`forEachChild: unknown op ${(never as IrExpr).op}`);
    }
  }
}

/** Calls `f` on `e` and every node below it, parents first. */
export function walk(e: IrExpr, f: (x: IrExpr) => void): void {
  f(e);
  forEachChild(e, c => walk(c, f));
}

// A block that ends by trapping or panicking, with no branch out of it: a failed check.
export function neverReturns(e: IrExpr): boolean {
  if (e.op !== 'block' || e.body.length === 0) return false;
  const last = e.body[e.body.length - 1];
  if (last.op !== 'unreachable' && last.op !== 'panic') return false;
  let branches = false;
  walk(e, x => { if (x.op === 'br' || x.op === 'switch' || x.op === 'return') branches = true; });
  return !branches;
}

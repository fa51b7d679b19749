// One walk over the IR before layout, collecting what must have an address before any
// function is emitted: the static Strings naming panic locations, the data segments used
// as objects (`ref.data`, 8-aligned), and the functions `funcIndex` adds to the table.

import { IrExpr, IrModule } from '../ir/ir.js';
import { Span } from '../source/index.js';

export interface Prescan {
  panicSpans: Span[];
  objectSegments: Set<string>;
  indexedFunctions: Set<string>;
  allocates: boolean;
  /** Some function calls an Asyncify control (the runtime's scheduler). */
  usesAsyncify: boolean;
}

export function prescan(m: IrModule): Prescan {
  const out: Prescan = { panicSpans: [], objectSegments: new Set(), indexedFunctions: new Set(), allocates: false, usesAsyncify: false };
  const visit = (e: IrExpr): void => {
    switch (e.op) {
      case 'panic': out.panicSpans.push(e.span); break;
      case 'ref.data': out.objectSegments.add(e.id); break;
      case 'funcIndex': out.indexedFunctions.add(e.func); break;
      case 'alloc': out.allocates = true; break;
      case 'call': if (e.func.startsWith('__asyncify_')) out.usesAsyncify = true; break;
      default: break;
    }
    forEachChild(e, visit);
  };
  for (const f of m.functions) visit(f.body);
  return out;
}

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

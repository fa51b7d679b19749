// spillRefs: the GC-root rule of the IR (see ir.ts). When a node evaluates several
// operands in order and an earlier one yields a `ref` that nothing else roots (it is
// not a local, a static object or null) while a later one may allocate, the earlier
// operands are evaluated into locals first. Ref locals live in the shadow stack, so
// the collector sees them; values on the wasm operand stack it cannot see.

import { IrExpr, IrFunction, ValType, irTypeOf } from '../ir/ir.js';
import { forEachChild, neverReturns } from '../ir/walk.js';

export function spillRefs(f: IrFunction): void {
  const newLocal = (type: ValType): number => {
    f.locals.push({ name: `spill${f.locals.length}`, type });
    return f.params.length + f.locals.length - 1;
  };
  f.body = visit(f.body, newLocal);
}

/**
 * Whether evaluating `e` may allocate (and so collect): a call, an allocation, a panic, or
 * a loop, whose polls are safepoints at which the runtime may scan the stack
 * (codegen/safepoint.ts).
 */
export function mayAllocate(e: IrExpr): boolean {
  let found = false;
  const visit = (x: IrExpr): void => {
    // A path that never returns (a failed check's panic) may allocate, but nothing
    // waiting for its value is ever used again.
    if (found || neverReturns(x)) return;
    if (x.op === 'call' || x.op === 'callIndirect' || x.op === 'alloc' || x.op === 'panic' || x.op === 'loop') found = true;
    else forEachChild(x, visit);
  };
  visit(e);
  return found;
}

/** Operands evaluated left to right whose values stay on the stack until the node runs. */
function operandList(e: IrExpr): { get: () => IrExpr[]; set: (ops: IrExpr[]) => void } | null {
  switch (e.op) {
    case 'binary': return { get: () => [e.left, e.right], set: o => { e.left = o[0]; e.right = o[1]; } };
    case 'store': return { get: () => [e.addr, e.value], set: o => { e.addr = o[0]; e.value = o[1]; } };
    case 'atomic': return { get: () => [e.addr, ...e.args], set: o => { e.addr = o[0]; e.args = o.slice(1); } };
    case 'call': case 'callImport': return { get: () => e.args, set: o => { e.args = o; } };
    case 'callIndirect': return { get: () => [...e.args, e.index], set: o => { e.args = o.slice(0, -1); e.index = o[o.length - 1]; } };
    case 'select': return { get: () => [e.a, e.b, e.cond], set: o => { e.a = o[0]; e.b = o[1]; e.cond = o[2]; } };
    case 'memory.fill': return { get: () => [e.dest, e.value, e.size], set: o => { e.dest = o[0]; e.value = o[1]; e.size = o[2]; } };
    case 'memory.copy': return { get: () => [e.dest, e.src, e.size], set: o => { e.dest = o[0]; e.src = o[1]; e.size = o[2]; } };
    case 'br': return e.value && e.cond ? { get: () => [e.value!, e.cond!], set: o => { e.value = o[0]; e.cond = o[1]; } } : null;
    default: return null;
  }
}

function rooted(e: IrExpr): boolean {
  return e.op === 'local.get' || e.op === 'ref.data' || e.op === 'const' || e.op === 'static.get';
}

function pure(e: IrExpr): boolean {
  return e.op === 'local.get' || e.op === 'const' || e.op === 'ref.data' || e.op === 'dataAddr' || e.op === 'funcIndex';
}

function visit(e: IrExpr, newLocal: (t: ValType) => number): IrExpr {
  // Children first.
  switch (e.op) {
    case 'local.set': case 'local.tee': case 'static.set': case 'drop': e.value = visit(e.value, newLocal); break;
    case 'unary': e.operand = visit(e.operand, newLocal); break;
    case 'load': e.addr = visit(e.addr, newLocal); break;
    case 'alloc': e.size = visit(e.size, newLocal); break;
    case 'block': e.body = e.body.map(x => visit(x, newLocal)); break;
    case 'loop': e.body = visit(e.body, newLocal); break;
    case 'if': e.cond = visit(e.cond, newLocal); e.then = visit(e.then, newLocal); if (e.else) e.else = visit(e.else, newLocal); break;
    case 'br': if (e.value) e.value = visit(e.value, newLocal); if (e.cond) e.cond = visit(e.cond, newLocal); break;
    case 'switch': e.index = visit(e.index, newLocal); break;
    case 'return': if (e.value) e.value = visit(e.value, newLocal); break;
    case 'memory.grow': e.pages = visit(e.pages, newLocal); break;
    case 'panic': e.message = visit(e.message, newLocal); break;
    default: {
      const ops = operandList(e);
      if (ops) ops.set(ops.get().map(x => visit(x, newLocal)));
    }
  }
  const ops = operandList(e);
  if (!ops) return e;
  const list = ops.get();
  let last = -1;
  for (let i = 0; i < list.length - 1; i++) {
    if (irTypeOf(list[i]) !== 'ref' || rooted(list[i])) continue;
    if (list.slice(i + 1).some(mayAllocate)) last = i;
  }
  if (last < 0) return e;
  const pre: IrExpr[] = [];
  const out = list.map((x, i) => {
    if (i > last || pure(x)) return x;
    const t = irTypeOf(x);
    if (t === 'void') { pre.push(x); return x; }
    const l = newLocal(t);
    pre.push({ op: 'local.set', index: l, value: x });
    return { op: 'local.get', index: l, type: t } as IrExpr;
  });
  ops.set(out.filter((_, i) => !(irTypeOf(list[i]) === 'void' && i <= last && !pure(list[i]))));
  return { op: 'block', label: null, body: [...pre, e], type: irTypeOf(e) };
}

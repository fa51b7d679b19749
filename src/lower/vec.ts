// Vec and array values against std/vec.gos's layout: `vec![...]` and `vec![x; n]`,
// array allocation (`[T; N]` and RawBuf<T> share one layout: a count, then the
// elements), an array viewed as a Vec, and an array copied into a new Vec.

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';
import { IrExpr, irTypeOf } from '../ir/ir.js';
import { Ty } from '../check/types.js';
import { I, memValType, zero } from './builder.js';
import { ARRAY_DATA, HEADER, MAX_ALLOC, memSize, memType, valType } from './layout.js';
import { FnLowerer, synthFunction } from './func.js';
import { ModuleLowerer, MissingRuntime } from './module.js';
import { elemAddr } from './intrinsics.js';

/**
 * A new array of `n` elements. `n` is an i32 constant (checked here: a size past
 * MAX_ALLOC becomes a run-time "capacity overflow" panic), the i32 count of an existing
 * array (which fits; it must be pure: it is used twice), or an i64 count from user data
 * (RawBuf::new, `fl` given), checked at run time before it is narrowed: negative or too
 * large panics with "capacity overflow" (docs/runtime.md "Sizes").
 */
export function allocArray(m: ModuleLowerer, elem: Ty, n: IrExpr, span?: Span, fl?: FnLowerer): IrExpr {
  const size = memSize(memType(elem));
  const typeId = m.layouts.arrayTypeId(elem);
  const maxCount = size === 0 ? 0xFFFFFFFF : Math.floor((MAX_ALLOC - ARRAY_DATA) / size);
  if (n.op === 'const' && Number(n.value) > maxCount) return capacityOverflow(m, span);
  const pre: IrExpr[] = [];
  if (irTypeOf(n) === 'i64') {
    const k = fl!.tmp('i64');
    pre.push(I.set(k, n), I.if(I.bin('gt_u', 'i64', I.get(k, 'i64'), I.i64(maxCount)), capacityOverflow(m, span)));
    n = I.un('i32.wrap_i64', 'i64', I.get(k, 'i64'));
  }
  const bytes = size === 0 ? I.i32(ARRAY_DATA) : I.bin('add', 'i32', I.bin('mul', 'i32', n, I.i32(size)), I.i32(ARRAY_DATA));
  const call: IrExpr = { op: 'call', func: allocArrayFn(m), args: [I.i32(typeId), bytes, n], type: 'ref', span };
  return pre.length ? I.block([...pre, call], 'ref') : call;
}

/** `runtime::capacity_overflow()`: a size past MAX_ALLOC (its trace starts at `span`). */
export function capacityOverflow(m: ModuleLowerer, span?: Span): IrExpr {
  return I.block([{ op: 'call', func: m.fnInfo(m.runtimeFn('capacity_overflow')).name, args: [], type: 'void', span }, I.unreachable()]);
}

/** `gos.alloc_array(type_id, bytes, n) -> ref`: allocates and writes the element count. */
function allocArrayFn(m: ModuleLowerer): string {
  const name = 'gos.alloc_array';
  if (m.generated.has(name)) return name;
  m.generated.set(name, name);
  const alloc = m.fnInfo(m.runtimeFn('alloc')).name;
  synthFunction(m, name, ['i32', 'i32', 'i32'], 'ref', (fl, p) => {
    const o = fl.tmp('ref');
    return I.block([
      // The type id is dynamic: a call of the allocator, not an `alloc` node.
      I.set(o, { op: 'call', func: alloc, args: [I.get(p[0], 'i32'), I.get(p[1], 'i32')], type: 'ref' }),
      I.store('i32', I.get(o, 'ref'), HEADER, I.get(p[2], 'i32')),
      I.get(o, 'ref'),
    ], 'ref');
  });
  return name;
}

export function vecLayout(m: ModuleLowerer, t: Ty): { buf: number; start: number; len: number; cap: number } {
  const a = t as Ty & { k: 'adt' };
  const lay = m.layouts.variant(a.def, a.args, a.def.variants[0]);
  const off = (n: string) => {
    const f = lay.fields.find(f => f.name === n);
    if (!f) throw new MissingRuntime(`std::vec::Vec has no field \`${n}\``);
    return f.offset;
  };
  return { buf: off('buf'), start: off('start'), len: off('len'), cap: off('cap') };
}

/** A Vec whose buffer is the array itself: [T; N] and RawBuf<T> share a layout. */
export function arrayView(fl: FnLowerer, t: Ty & { k: 'array' }, arr: IrExpr, span: Span): IrExpr {
  const vec = fl.m.vecDef();
  const lay = fl.m.layouts.variant(vec, [t.elem], vec.variants[0]);
  const values = lay.fields.map(f => {
    switch (f.name) {
      case 'buf': return arr;
      case 'start': return I.i64(0);
      case 'len': case 'cap': return I.i64(t.len);
      default: return f.mem ? zero(memValType(f.mem)) : I.nop();
    }
  });
  return fl.newObject(lay, values, span);
}

/** A new Vec holding a copy of the array's elements. */
export function arrayToVec(fl: FnLowerer, t: Ty & { k: 'array' }, arr: IrExpr, span: Span): IrExpr {
  const vt: Ty = { k: 'adt', def: fl.m.vecDef(), args: [t.elem] };
  const a = fl.tmp('ref'), v = fl.tmp('ref'), i = fl.tmp('i32');
  const m = memType(t.elem);
  const size = memSize(m);
  return I.block([
    I.set(a, arr),
    I.set(v, fl.callRef(fl.m.stdAssoc(vt, 'with_capacity'), [I.i64(t.len)], span)),
    fl.derive.loopN(fl, i, I.i32(t.len), [fl.callRef(fl.m.stdMethod(vt, 'push'), [I.get(v, 'ref'), m ? I.load(m, elemAddr(I.get(a, 'ref'), I.get(i, 'i32'), size), ARRAY_DATA, memValType(m)) : I.nop()], span)]),
    I.get(v, 'ref'),
  ], 'ref');
}

/** `vec![a, b, c]` and `vec![x; n]` (each element of the latter a clone of x). */
export function lowerVecMacro(fl: FnLowerer, e: ast.MacroExpr & { form: 'vec' }): IrExpr {
  const t = fl.ty(e) as Ty & { k: 'adt' };
  const elem = t.args[0];
  const v = fl.tmp('ref');
  const push = (x: IrExpr) => fl.callRef(fl.m.stdMethod(t, 'push'), [I.get(v, 'ref'), x], e.span);
  if (e.repeat) {
    const vt = valType(elem);
    const x = vt ? fl.tmp(vt) : -1, n = fl.tmp('i64'), i = fl.tmp('i64');
    const lp = fl.newLabel('vecrep'), done = fl.newLabel('vecrepdone');
    return I.block([
      vt ? I.set(x, fl.valueOf(e.repeat.value, elem)) : I.drop(fl.expr(e.repeat.value)),
      I.set(n, fl.expr(e.repeat.count)),
      I.set(v, fl.callRef(fl.m.stdAssoc(t, 'with_capacity'), [I.get(n, 'i64')], e.span)),
      I.set(i, I.i64(0)),
      I.block([I.loop(lp, I.block([
        I.br(done, null, I.bin('ge_s', 'i64', I.get(i, 'i64'), I.get(n, 'i64'))),
        push(vt ? fl.derive.clone(fl, elem, I.get(x, vt), e.span) : I.nop()),
        I.set(i, I.bin('add', 'i64', I.get(i, 'i64'), I.i64(1))),
        I.br(lp),
      ]))], 'void', done),
      I.get(v, 'ref'),
    ], 'ref');
  }
  return I.block([
    I.set(v, fl.callRef(fl.m.stdAssoc(t, 'with_capacity'), [I.i64(e.elems.length)], e.span)),
    ...e.elems.map(x => push(fl.valueOf(x, elem))),
    I.get(v, 'ref'),
  ], 'ref');
}

// Lowering `for`: the checker decided each loop's protocol (check/typed.ts ForKind):
// integer ranges count in a local, Vecs and arrays walk their buffer by index, maps and
// sets step through std's slot iteration (`next`, `key`, `value`), and anything else
// calls its `next()` until it returns None.

import * as ast from '../syntax/ast.js';
import { IrExpr, ValType } from '../ir/ir.js';
import { Ty, isInt, isSigned, makeSubst, substTy } from '../check/types.js';
import { I } from './builder.js';
import { valType, fieldLoad, tagOf } from './layout.js';
import type { FnLowerer } from './func.js';
import { lowerPatternCheck } from './match.js';

/**
 * The start and end of a range written as `a..b` / `a..=b` (the end as written: the
 * caller handles inclusiveness) or given as any `Range` value.
 */
function rangeBounds(fl: FnLowerer, src: ast.Expr, vt: ValType): { start: IrExpr; stop: IrExpr } {
  let iter = src;
  while (iter.kind === 'paren') iter = iter.expr;
  if (iter.kind === 'range') return { start: fl.expr(iter.start!), stop: fl.expr(iter.end!) };
  const r = fl.tmp('ref');
  const rt = fl.ty(src) as Ty & { k: 'adt' };
  const lay = fl.m.layouts.variant(rt.def, rt.args, rt.def.variants[0]);
  const fs = lay.fields.find(f => f.name === 'start')!, fe = lay.fields.find(f => f.name === 'end')!;
  const pre = I.set(r, fl.expr(src));
  return { start: I.block([pre, I.load(fs.mem!, I.get(r, 'ref'), fs.offset, vt)], vt), stop: I.load(fe.mem!, I.get(r, 'ref'), fe.offset, vt) };
}

export function lowerFor(fl: FnLowerer, e: ast.ForExpr): IrExpr {
  let kind = fl.cf.fors.get(e);
  if (!kind) return I.unreachable();
  // A non-integer range (`(0.5..3.0).rev()`) reverses as Range::rev does: into a Vec.
  if (kind.k === 'rangeRev' && !isInt(kind.elem)) kind = { k: 'vec', elem: kind.elem };
  const brk = fl.newLabel('fend'), cont = fl.newLabel('fcont'), top = fl.newLabel('ftop');
  const bind = (place: IrExpr, t: Ty) => lowerPatternCheck(fl, e.pat, t, place, null);
  const body = () => fl.withLoop(e.label, brk, cont, () => I.drop(fl.block(e.body)));
  const loop = (pre: IrExpr[], head: IrExpr[], step: IrExpr[]) =>
    I.block([...pre, I.loop(top, I.block([...head, I.block([body()], 'void', cont), ...step, I.br(top)]))], 'void', brk);
  // `for i in a..=b` (step: up) or `(a..=b).rev()` (step: down): i runs from its first
  // value to `last` included, without stepping past it (so `a..=T::MAX` ends).
  const inclusive = (pre: IrExpr[], t: Ty, i: number, last: number, empty: IrExpr, step: IrExpr) => {
    const vt = valType(t)!;
    return I.block([...pre, I.br(brk, null, empty),
      I.loop(top, I.block([
        bind(I.get(i, vt), t),
        I.block([body()], 'void', cont),
        I.br(brk, null, I.bin('eq', vt, I.get(i, vt), I.get(last, vt))),
        step,
        I.br(top),
      ])),
    ], 'void', brk);
  };
  switch (kind.k) {
    case 'range': {
      const t = kind.elem;
      const vt = valType(t)!;
      const i = fl.tmp(vt), end = fl.tmp(vt);
      let iter = e.iter;
      while (iter.kind === 'paren') iter = iter.expr;
      if (iter.kind === 'range' && kind.open) {
        const one0 = vt === 'i64' ? I.i64(1) : I.i32(1);
        return loop([I.set(i, fl.expr(iter.start!))], [bind(I.get(i, vt), t)], [I.set(i, fl.normalize(t, I.bin('add', vt, I.get(i, vt), one0)))]);
      }
      const { start, stop } = rangeBounds(fl, e.iter, vt);
      const one = vt === 'i64' ? I.i64(1) : I.i32(1);
      const signed = isSigned(t);
      const ge = signed ? 'ge_s' : 'ge_u', gt = signed ? 'gt_s' : 'gt_u';
      if (kind.inclusive) {
        return inclusive([I.set(i, start), I.set(end, stop)], t, i, end, I.bin(gt, vt, I.get(i, vt), I.get(end, vt)),
          I.set(i, fl.normalize(t, I.bin('add', vt, I.get(i, vt), one))));
      }
      return loop([I.set(i, start), I.set(end, stop)],
        [I.br(brk, null, I.bin(ge, vt, I.get(i, vt), I.get(end, vt))), bind(I.get(i, vt), t)],
        [I.set(i, fl.normalize(t, I.bin('add', vt, I.get(i, vt), one)))]);
    }
    case 'rangeRev': {
      // `for i in (a..b).rev()`: i = b - 1 down to a; `(a..=b).rev()`: b down to a.
      const t = kind.elem;
      const vt = valType(t)!;
      const i = fl.tmp(vt), lo = fl.tmp(vt);
      let recv = e.iter;
      while (recv.kind === 'paren') recv = recv.expr;
      const { start, stop } = rangeBounds(fl, (recv as ast.MethodCallExpr).receiver, vt);
      const one = vt === 'i64' ? I.i64(1) : I.i32(1);
      const signed = isSigned(t);
      const dec = I.set(i, I.bin('sub', vt, I.get(i, vt), one));
      if (kind.inclusive) {
        return inclusive([I.set(lo, start), I.set(i, stop)], t, i, lo, I.bin(signed ? 'lt_s' : 'lt_u', vt, I.get(i, vt), I.get(lo, vt)), dec);
      }
      return loop([I.set(lo, start), I.set(i, stop)],
        [I.br(brk, null, I.bin(signed ? 'le_s' : 'le_u', vt, I.get(i, vt), I.get(lo, vt))), dec, bind(I.get(i, vt), t)],
        []);
    }
    case 'vec': case 'array': {
      const it = fl.ty(e.iter);
      const obj = fl.tmp('ref'), i = fl.tmp('i32'), n = fl.tmp('i32');
      const acc = fl.derive.seqAccess(fl, it, I.get(obj, 'ref'));
      const vt = valType(kind.elem);
      const x = vt ? fl.tmp(vt) : -1;
      return loop([I.set(obj, fl.expr(e.iter)), ...acc.setup, I.set(n, acc.len), I.set(i, I.i32(0))],
        [I.br(brk, null, I.bin('ge_u', 'i32', I.get(i, 'i32'), I.get(n, 'i32'))),
          ...(vt ? [I.set(x, acc.get(I.get(i, 'i32'))), bind(I.get(x, vt), kind.elem)] : [bind(I.nop(), kind.elem)])],
        [I.set(i, I.bin('add', 'i32', I.get(i, 'i32'), I.i32(1)))]);
    }
    case 'map': {
      const obj = fl.tmp('ref'), slot = fl.tmp('i64');
      const elemTy: Ty = kind.set ? kind.key : { k: 'tuple', elems: [kind.key, kind.value] };
      const key = fl.callRef(kind.fns.key, [I.get(obj, 'ref'), I.get(slot, 'i64')], e.span);
      let item: IrExpr;
      if (kind.set) item = key;
      else {
        const val = fl.callRef(kind.fns.value!, [I.get(obj, 'ref'), I.get(slot, 'i64')], e.span);
        item = fl.newObject(fl.m.layouts.tuple([kind.key, kind.value]), [key, val], e.span);
      }
      const vt = valType(elemTy);
      const x = vt ? fl.tmp(vt) : -1;
      return loop([I.set(obj, fl.expr(e.iter)), I.set(slot, fl.callRef(kind.fns.next, [I.get(obj, 'ref'), I.i64(0)], e.span))],
        [I.br(brk, null, I.bin('lt_s', 'i64', I.get(slot, 'i64'), I.i64(0))),
          ...(vt ? [I.set(x, item), bind(I.get(x, vt), elemTy)] : [I.drop(item)])],
        [I.set(slot, fl.callRef(kind.fns.next, [I.get(obj, 'ref'), I.bin('add', 'i64', I.get(slot, 'i64'), I.i64(1))], e.span))]);
    }
    case 'iter': {
      const it = fl.tmp('ref'), opt = fl.tmp('ref');
      const ot = substTy(kind.next.def.ret, makeSubst(kind.next.def.generics, kind.next.args)) as Ty & { k: 'adt' };
      const some = ot.def.variants.find(v => v.name === 'Some')!;
      const f = fl.m.layouts.variant(ot.def, ot.args, some).fields[0];
      const value = fl.expr(e.iter);
      return loop([I.set(it, kind.into ? fl.callRef(kind.into, [value], e.span) : value)],
        [I.set(opt, fl.callRef(kind.next, [I.get(it, 'ref')], e.span)),
          I.br(brk, null, I.bin('ne', 'i32', tagOf(ot.def, ot.args, I.get(opt, 'ref')), I.i32(some.index))),
          bind(f.mem ? fieldLoad(f, I.get(opt, 'ref')) : I.nop(), kind.elem)],
        []);
    }
    default: { const n: never = kind; void n; return I.unreachable(); }
  }
}

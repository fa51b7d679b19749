// Lowering `x[i]` and `x[a..b]`: bounds-checked element places of Vecs and arrays
// (against std/vec.gos's layout), `map[key]` reads, and slices of Vecs, arrays and
// Strings, with Rust's panic messages.

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';
import { IrExpr } from '../ir/ir.js';
import { Ty, makeSubst, substTy } from '../check/types.js';
import { I, memValType } from './builder.js';
import { ARRAY_DATA, HEADER, memSize, memType, fieldLoad, tagOf } from './layout.js';
import { FnLowerer, synthFunction } from './func.js';
import type { ModuleLowerer } from './module.js';
import { isStd } from '../check/std.js';
import { elemAddr } from './intrinsics.js';
import { mayAllocate } from './spill.js';
import { arrayToVec, vecLayout } from './vec.js';
import { StdMethodName } from '../ir/abi.js';

/** `obj[i]` as a place: bounds-checked reads and writes of a Vec, array or map. */
export function indexPlace(fl: FnLowerer, e: ast.IndexExpr): { setup: IrExpr[]; read: () => IrExpr; write: (v: IrExpr) => IrExpr } | null {
  const ot = fl.ty(e.object);
  const objIr = fl.expr(e.object);
  const idxIr = fl.expr(e.index);
  // A Vec is only read (its header) before the index's value and the write's value are
  // evaluated: unless the index may allocate, it is held as an address, not as a ref
  // local (a shadow-stack slot written each time, e.g. at every `out.buf[i]` of a loop).
  const byAddress = isStd(ot, 'vec') && objIr.op !== 'local.get' && !mayAllocate(idxIr);
  const objH = byAddress ? fl.hold(I.toI32(objIr), 'i32') : fl.hold(objIr, 'ref');
  const setup: IrExpr[] = [...objH.setup];
  const objE = byAddress ? () => I.toRef(objH.get()) : objH.get;
  if (isStd(ot, 'hashMap')) {
    const get = fl.m.stdMethod(ot, 'get');
    const opt = fl.tmp('ref');
    const optTy = substTy(get.def.ret, makeSubst(get.def.generics, get.args)) as Ty & { k: 'adt' };
    const some = optTy.def.variants.find(v => v.name === 'Some')!;
    const f = fl.m.layouts.variant(optTy.def, optTy.args, some).fields[0];
    setup.push(I.set(opt, fl.callRef(get, [objE(), idxIr], e.span)));
    setup.push(I.if(I.bin('ne', 'i32', tagOf(optTy.def, optTy.args, I.get(opt, 'ref')), I.i32(some.index)), fl.panicStr('key not found in map', e.span)));
    return { setup, read: () => f.mem ? fieldLoad(f, I.get(opt, 'ref')) : I.nop(), write: () => fl.m.unsupported(e.span, 'cannot assign through `map[key]`; use `map.insert(key, value)`') };
  }
  const idxH = fl.hold(idxIr, 'i64');
  setup.push(...idxH.setup);
  const idxE = idxH.get;
  let elem: Ty, lenExpr: IrExpr, base: IrExpr;
  if (ot.k === 'array') {
    elem = ot.elem;
    lenExpr = I.i64(ot.len);
    base = idxE();
  } else {
    elem = (ot as Ty & { k: 'adt' }).args[0];
    const v = vecLayout(fl.m, ot);
    // The buffer's address is an i32, not a ref local: a ref local is a shadow-stack
    // slot, written at every `v[i]` of a loop in a function that allocates. Nothing
    // runs between taking it and using it, except the value of a write: if that may
    // allocate, the buffer is rooted in a ref local for the while (the Vec may be
    // reassigned by then).
    const buf = fl.tmp('i32');
    lenExpr = I.load('i64', objE(), v.len, 'i64', 'vec.hdr');
    base = I.bin('add', 'i64', I.load('i64', objE(), v.start, 'i64', 'vec.hdr'), idxE());
    setup.push(I.set(buf, I.toI32(I.load('ref', objE(), v.buf, 'ref', 'vec.hdr'))));
    const len = fl.tmp('i64');
    setup.push(I.set(len, lenExpr));
    lenExpr = I.get(len, 'i64');
    setup.push(boundsCheck(fl, idxE(), lenExpr, e.span));
    const m = memType(elem);
    const size = memSize(m);
    const addr = () => elemAddr(I.get(buf, 'i32'), base, size);
    const write = (x: IrExpr): IrExpr => {
      if (!m) return I.drop(x);
      const store = I.store(m, addr(), ARRAY_DATA, x, 'elem');
      if (!mayAllocate(x)) return store;
      const root = fl.tmp('ref');
      return I.block([I.set(root, I.toRef(I.get(buf, 'i32'))), store]);
    };
    return {
      setup,
      read: () => m ? I.load(m, addr(), ARRAY_DATA, memValType(m)) : I.nop(),
      write,
    };
  }
  setup.push(boundsCheck(fl, idxE(), lenExpr, e.span));
  const m = memType(elem);
  const size = memSize(m);
  const addr = () => elemAddr(objE(), base, size);
  return {
    setup,
    read: () => m ? I.load(m, addr(), ARRAY_DATA, memValType(m)) : I.nop(),
    write: (x: IrExpr) => m ? I.store(m, addr(), ARRAY_DATA, x, 'elem') : I.drop(x),
  };
}

export function boundsCheck(fl: FnLowerer, idx: IrExpr, len: IrExpr, span: Span): IrExpr {
  return I.if(I.bin('ge_u', 'i64', idx, len),
    I.block([{ op: 'call', func: panicBoundsFn(fl.m), args: [idx, len, fl.location(span)], type: 'void', span }, I.unreachable()]));
}

/**
 * A generated `(i64..., loc: ref) -> !` that panics with a message built from text and
 * its i64 parameters: parts are strings or parameter indices.
 */
function panicWithNumbers(m: ModuleLowerer, name: string, arity: number, parts: (string | number)[]): string {
  const existing = m.generated.get(name);
  if (existing) return existing;
  m.generated.set(name, name);
  const fmt = m.formatterTy();
  const fn = synthFunction(m, name, [...Array(arity).fill('i64'), 'ref'], 'void', (fl, p) => {
    const f = fl.tmp('ref');
    const call = (method: StdMethodName, args: IrExpr[]) => fl.callRef(m.stdMethod(fmt, method), [I.get(f, 'ref'), ...args], m.noSpan());
    return I.block([
      I.set(f, fl.callRef(m.stdAssoc(fmt, 'new'), [], m.noSpan())),
      ...parts.map(x => typeof x === 'string' ? call('write_str', [m.stringLit(x)]) : call('write_i64', [I.get(p[x], 'i64')])),
      { op: 'call', func: m.fnInfo(m.runtimeFn('panic_at')).name, args: [call('to_string', []), I.get(p[arity], 'ref')], type: 'void' },
    ]);
  });
  // It never returns (it ends in panic_at): like panic_at, a suspend boundary, so a
  // bounds check does not make its function resumable (Asyncify-instrumented).
  fn.suspendBoundary = true;
  return name;
}

function panicBoundsFn(m: ModuleLowerer): string {
  return panicWithNumbers(m, 'gos.panic_bounds', 2, ['index out of bounds: the len is ', 1, ' but the index is ', 0]);
}

/** Rust's messages for a bad `v[a..b]`: a > b, or b > len. */
function sliceCheck(fl: FnLowerer, a: IrExpr, b: IrExpr, len: IrExpr, span: Span): IrExpr {
  const order = panicWithNumbers(fl.m, 'gos.panic_slice_order', 2, ['slice index starts at ', 0, ' but ends at ', 1]);
  const end = panicWithNumbers(fl.m, 'gos.panic_slice_end', 2, ['range end index ', 0, ' out of range for slice of length ', 1]);
  return I.block([
    I.if(I.bin('gt_u', 'i64', b, len), I.block([{ op: 'call', func: end, args: [b, len, fl.location(span)], type: 'void' }, I.unreachable()])),
    I.if(I.bin('gt_u', 'i64', a, b), I.block([{ op: 'call', func: order, args: [a, b, fl.location(span)], type: 'void' }, I.unreachable()])),
  ]);
}

/** `v[a..b]`, `s[a..b]`, `arr[a..b]`. */
export function sliceExpr(fl: FnLowerer, e: ast.IndexExpr): IrExpr {
  const ot = fl.ty(e.object);
  const r = e.index as ast.RangeExpr;
  const obj = fl.tmp('ref'), a = fl.tmp('i64'), b = fl.tmp('i64'), len = fl.tmp('i64');
  const stmts: IrExpr[] = [I.set(obj, fl.expr(e.object))];
  if (ot.k === 'string') {
    stmts.push(I.set(a, r.start ? fl.expr(r.start) : I.i64(0)));
    stmts.push(I.set(b, r.end ? fl.expr(r.end) : I.un('i64.extend_i32_u', 'i32', I.load('i32', I.get(obj, 'ref'), HEADER, 'i32'))));
    stmts.push(fl.callRef(fl.m.stdMethod(ot, 'substring'), [I.get(obj, 'ref'), I.get(a, 'i64'), I.get(b, 'i64')], e.span));
    return I.block(stmts, 'ref');
  }
  let vecObj: IrExpr = I.get(obj, 'ref');
  let vt: Ty = ot;
  if (ot.k === 'array') {
    vt = { k: 'adt', def: fl.m.vecDef(), args: [ot.elem] };
    stmts.push(I.set(obj, arrayToVec(fl, ot, I.get(obj, 'ref'), e.span)));
    vecObj = I.get(obj, 'ref');
  }
  const v = vecLayout(fl.m, vt);
  const lay = fl.m.layouts.variant((vt as Ty & { k: 'adt' }).def, (vt as Ty & { k: 'adt' }).args, (vt as Ty & { k: 'adt' }).def.variants[0]);
  stmts.push(I.set(len, I.load('i64', vecObj, v.len, 'i64')));
  stmts.push(I.set(a, r.start ? fl.expr(r.start) : I.i64(0)));
  stmts.push(I.set(b, r.end ? (r.inclusive ? I.bin('add', 'i64', fl.expr(r.end), I.i64(1)) : fl.expr(r.end)) : I.get(len, 'i64')));
  stmts.push(sliceCheck(fl, I.get(a, 'i64'), I.get(b, 'i64'), I.get(len, 'i64'), e.span));
  const values = lay.fields.map(f => {
    switch (f.name) {
      case 'buf': return I.load('ref', vecObj, v.buf, 'ref');
      case 'start': return I.bin('add', 'i64', I.load('i64', vecObj, v.start, 'i64'), I.get(a, 'i64'));
      case 'len': case 'cap': return I.bin('sub', 'i64', I.get(b, 'i64'), I.get(a, 'i64'));
      default: return f.mem ? fieldLoad(f, vecObj) : I.nop();
    }
  });
  stmts.push(fl.newObject(lay, values, e.span));
  return I.block(stmts, 'ref');
}

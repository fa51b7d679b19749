// `dyn Trait`: a box holding the value and one function index per trait method
// (check/types.ts vtableMethods gives the order), and calls through it.
//
//   [header 8][value @8][fn index of method 0 @16][method 1 @20]...
//
// Each index names a shim `(box, args...)` that loads the value and calls the concrete
// type's method; the box's type descriptor scans the value when it is a reference.

import { Span } from '../source/index.js';
import { IrExpr, ValType, irTypeOf } from '../ir/ir.js';
import { FnRef, MethodRes } from '../check/typed.js';
import { INT, TraitDef, Ty, makeSubst, substTy, tyToString, vtableMethods } from '../check/types.js';
import { I, memValType } from './builder.js';
import { memType, valType } from './layout.js';
import { FnLowerer, synthFunction } from './func.js';
import type { ModuleLowerer } from './module.js';

/** Box a concrete value as `dyn Trait`. */
export function dynBox(fl: FnLowerer, concrete: Ty, dynTy: Ty, v: IrExpr): IrExpr {
  const d = dynTy as Ty & { k: 'dyn' };
  const trait = d.trait;
  const methods = vtableMethods(trait);
  const m = memType(concrete);
  const size = (16 + 4 * methods.length + 7) & ~7;
  const typeId = fl.m.layouts.descriptor(`dyn ${m ?? 'unit'} ${methods.length}`, {
    kind: 'fixed', name: `dyn(${m ?? '()'})`, size, refOffsets: m === 'ref' ? [8] : [],
  });
  const vt = valType(concrete);
  const x = vt ? fl.tmp(vt) : -1;
  const o = fl.tmp('ref');
  const stmts: IrExpr[] = [vt ? I.set(x, v) : I.drop(v), I.set(o, { op: 'alloc', typeId, size: I.i32(size) })];
  if (m) stmts.push(I.store(m, I.get(o, 'ref'), 8, I.get(x, vt!)));
  methods.forEach((mt, i) => {
    stmts.push(I.store('i32', I.get(o, 'ref'), 16 + 4 * i, { op: 'funcIndex', func: dynShim(fl.m, mt.trait, mt.name, concrete) }));
  });
  stmts.push(I.get(o, 'ref'));
  return I.block(stmts, 'ref');
}

/** `shim(box, args) = Impl::method(box.value, args)` for one (trait, type, method). */
function dynShim(m: ModuleLowerer, trait: TraitDef, method: string, concrete: Ty): string {
  const key = `dyn ${trait.name}::${method} for ${tyToString(concrete)}`;
  const existing = m.generated.get(key);
  if (existing) return existing;
  const found = m.q.implMethod(trait, concrete, method);
  const ref: FnRef = found?.ref ?? { def: trait.methods.get(method)!, args: [concrete, ...trait.generics.map(() => INT)] };
  const s = makeSubst(ref.def.generics, ref.args);
  const params = ref.def.params.map(p => substTy(p, s));
  const target = m.fnInfo(ref);
  const mem = memType(concrete);
  const name = key;
  m.generated.set(key, name);
  const vts = params.map(valType).filter((v): v is ValType => v !== null);
  synthFunction(m, name, ['ref', ...vts], target.result, (_g, p) => {
    const self = mem ? [I.load(mem, I.get(p[0], 'ref'), 8, memValType(mem))] : [];
    return { op: 'call', func: target.name, args: [...self, ...vts.map((v, i) => I.get(p[i + 1], v)), ...(target.trackCaller ? [m.stringLit('<dyn>')] : [])], type: target.result };
  });
  m.table(name);
  return name;
}

/** `recv.method(args)` on a `dyn Trait`: an indirect call through the box's slot. */
export function dynCall(fl: FnLowerer, m: MethodRes & { k: 'dyn' }, recv: IrExpr, args: IrExpr[], span: Span): IrExpr {
  const ft = m.fnTy as Ty & { k: 'fn' };
  const b = fl.tmp('ref');
  const vals = args.filter(a => irTypeOf(a) !== 'void');
  const temps = vals.map(v => { const t = fl.tmp(irTypeOf(v) as ValType); return { t, v }; });
  const result = valType(ft.ret) ?? 'void';
  return I.block([
    I.set(b, recv),
    ...temps.map(({ t, v }) => I.set(t, v)),
    { op: 'callIndirect', index: I.load('i32', I.get(b, 'ref'), 16 + 4 * m.index, 'i32'), params: ['ref', ...temps.map(({ v }) => irTypeOf(v) as ValType)], args: [I.get(b, 'ref'), ...temps.map(({ t, v }) => I.get(t, irTypeOf(v) as ValType))], type: result, span },
  ], result);
}

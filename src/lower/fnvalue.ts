// Functions used as values: a named function or a tuple constructor becomes a closure
// object (no captures) whose code is a generated wrapper that calls it. Every closure's
// code takes the closure itself first (func.ts callClosure), so the wrapper drops it.

import { Span } from '../source/index.js';
import { IrExpr, ResultType, ValType } from '../ir/ir.js';
import { FnRef, Res } from '../check/typed.js';
import { Ty, makeSubst, substTy, tyToString } from '../check/types.js';
import { I } from './builder.js';
import { valType } from './layout.js';
import { FnLowerer, synthFunction } from './func.js';
import type { ModuleLowerer } from './module.js';

/** A named function used as a value: a closure object whose code calls it. */
export function fnClosure(fl: FnLowerer, ref: FnRef, span: Span): IrExpr {
  const m = fl.m;
  const target = m.fnInfo(ref);
  const s = makeSubst(ref.def.generics, ref.args);
  const params = [...(ref.def.hasSelf && ref.def.selfTy ? [substTy(ref.def.selfTy, s)] : []), ...ref.def.params.map(p => substTy(p, s))];
  const name = wrapper(m, `fnptr ${target.name}`, params, target.result, (_g, p) =>
    ({ op: 'call', func: target.name, args: [...p.map((x, i) => I.get(x, valType(params[i])!)), ...(target.trackCaller ? [m.stringLit(`${fl.displayName()} (${m.describe(span)})`)] : [])], type: target.result }));
  return fl.newClosure(name, [], span);
}

/** A tuple variant or tuple struct used as a function value. */
export function ctorClosure(fl: FnLowerer, r: Res & { k: 'variant' }, t: Ty, span: Span): IrExpr {
  const ft = t as Ty & { k: 'fn' };
  const name = wrapper(fl.m, `ctor ${tyToString(ft.ret)}::${r.variant.name}`, ft.params, valType(ft.ret) ?? 'void', (g, p) =>
    g.newVariant(r.adt, r.args, r.variant, p.map((x, i) => I.get(x, valType(ft.params[i])!)), span));
  return fl.newClosure(name, [], span);
}

/** A table function `(closure, params...)`; `gen` gets each param's index (-1 if it has no value). */
function wrapper(m: ModuleLowerer, key: string, params: Ty[], result: ResultType, gen: (g: FnLowerer, p: number[]) => IrExpr): string {
  let name = m.generated.get(key);
  if (name) return name;
  name = key;
  m.generated.set(key, name);
  const vts = params.map(valType);
  synthFunction(m, name, ['ref', ...vts.filter((v): v is ValType => v !== null)], result, (g) => {
    // p[0] is the closure itself; map the remaining params back to their positions.
    const idx: number[] = [];
    let k = 1;
    vts.forEach(v => { idx.push(v ? k++ : -1); });
    return gen(g, idx);
  });
  m.table(name);
  return name;
}

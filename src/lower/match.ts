// Patterns as code: a check that branches to a failure label when the value does not
// match, binding variables as it goes. `place` is a pure IR expression (a local or a
// chain of loads from one) that can be evaluated more than once.

import * as ast from '../syntax/ast.js';
import { IrExpr } from '../ir/ir.js';
import { Ty, ERROR, makeSubst, substTy } from '../check/types.js';
import { I } from './builder.js';
import { valType, fieldLoad, tagOf } from './layout.js';
import type { FnLowerer } from './func.js';

export function lowerPatternCheck(fl: FnLowerer, p: ast.Pattern, ty: Ty, place: IrExpr, fail: string | null): IrExpr {
  const out: IrExpr[] = [];
  check(fl, p, ty, place, fail, out);
  return I.block(out);
}

function failIf(cond: IrExpr, fail: string | null, out: IrExpr[]): void {
  if (fail) out.push(I.br(fail, null, cond));
}

function check(fl: FnLowerer, p: ast.Pattern, ty: Ty, place: IrExpr, fail: string | null, out: IrExpr[]): void {
  const cf = fl.cf;
  switch (p.kind) {
    case 'wildcard': case 'rest': return;
    case 'ref': check(fl, p.pat, ty, place, fail, out); return;
    case 'binding': {
      const r = cf.res.get(p);
      if (r) { checkRes(fl, p, r, ty, place, fail, out); return; }
      const v = cf.bindings.get(p);
      if (p.sub) check(fl, p.sub, ty, place, fail, out);
      if (v) out.push(fl.declareLocal(v, valType(ty) ? place : null));
      return;
    }
    case 'lit': {
      const lit = fl.lit(p.lit, ty);
      if (ty.k === 'string') {
        failIf(I.eqz('i32', fl.binop('==', ty, place, lit, p.span)), fail, out);
        return;
      }
      failIf(I.eqz('i32', fl.binop('==', ty, place, lit, p.span)), fail, out);
      return;
    }
    case 'range': {
      if (p.start) failIf(fl.binop('<', ty, place, fl.lit(p.start, ty), p.span), fail, out);
      if (p.end) failIf(fl.binop(p.inclusive ? '>' : '>=', ty, place, fl.lit(p.end, ty), p.span), fail, out);
      return;
    }
    case 'tuple': {
      if (ty.k !== 'tuple') return;
      const lay = fl.m.layouts.tuple(ty.elems);
      const idx = elemIndices(p.elems, ty.elems.length);
      p.elems.forEach((e, i) => {
        if (e.kind === 'rest') return;
        const f = lay.fields[idx[i]];
        const sub = f.mem ? fieldLoad(f, place) : I.nop();
        check(fl, e, ty.elems[idx[i]], sub, fail, out);
      });
      return;
    }
    case 'path': {
      const r = cf.res.get(p);
      if (r) checkRes(fl, p, r, ty, place, fail, out);
      return;
    }
    case 'tupleStruct': case 'struct': {
      const r = cf.res.get(p);
      if (!r || r.k !== 'variant') return;
      checkTag(r.adt, r.args, r.variant, place, fail, out);
      const lay = fl.m.layouts.variant(r.adt, r.args, r.variant);
      const s = makeSubst(r.adt.generics, r.args);
      const subs: { pat: ast.Pattern; index: number }[] = p.kind === 'tupleStruct'
        ? (() => { const idx = elemIndices(p.elems, r.variant.fields.length); return p.elems.map((e, i) => ({ pat: e, index: idx[i] })); })()
        : p.fields.map(f => ({ pat: f.pat, index: r.variant.fields.findIndex(x => x.name === f.name.name) }));
      for (const { pat, index } of subs) {
        if (pat.kind === 'rest' || index < 0) continue;
        const f = lay.fields[index];
        const ft = substTy(r.variant.fields[index].ty, s);
        const sub = f.mem ? fieldLoad(f, place) : I.nop();
        check(fl, pat, ft, sub, fail, out);
      }
      return;
    }
    case 'or': {
      const ok = fl.newLabel('orok');
      const alts: IrExpr[] = [];
      p.alts.forEach((alt, i) => {
        const last = i === p.alts.length - 1;
        const next = last ? fail : fl.newLabel('ornext');
        const body: IrExpr[] = [];
        check(fl, alt, ty, place, next, body);
        if (!last) { body.push(I.br(ok)); alts.push(I.block(body, 'void', next)); }
        else alts.push(...body);
      });
      out.push(I.block(alts, 'void', ok));
      return;
    }
    default: { const n: never = p; void n; }
  }
}

function checkRes(fl: FnLowerer, p: ast.Pattern, r: import('../check/typed.js').Res, ty: Ty, place: IrExpr, fail: string | null, out: IrExpr[]): void {
  if (r.k === 'variant') { checkTag(r.adt, r.args, r.variant, place, fail, out); return; }
  if (r.k === 'const') {
    const v = fl.resValue(r, ty, p.span);
    failIf(I.eqz('i32', fl.binop('==', ty, place, v, p.span)), fail, out);
  }
}

function checkTag(adt: import('../check/types.js').AdtDef, args: Ty[], v: import('../check/types.js').VariantInfo, place: IrExpr, fail: string | null, out: IrExpr[]): void {
  if (adt.variants.length <= 1) return;
  if (adt.cLike) { failIf(I.bin('ne', 'i32', place, I.i32(v.discriminant)), fail, out); return; }
  failIf(I.bin('ne', 'i32', tagOf(adt, args, place), I.i32(v.index)), fail, out);
}

/** Map pattern positions to element indices, expanding one `..`. */
function elemIndices(elems: ast.Pattern[], n: number): number[] {
  const restAt = elems.findIndex(e => e.kind === 'rest');
  if (restAt < 0) return elems.map((_, i) => i);
  const after = elems.length - restAt - 1;
  return elems.map((_, i) => i < restAt ? i : i === restAt ? -1 : n - after + (i - restAt - 1));
}

/** Can this pattern fail to match a value of its type? */
export function patternNeedsCheck(fl: FnLowerer, p: ast.Pattern, ty: Ty): boolean {
  switch (p.kind) {
    case 'wildcard': case 'rest': return false;
    case 'ref': return patternNeedsCheck(fl, p.pat, ty);
    case 'binding': {
      const r = fl.cf.res.get(p);
      if (r) return !(r.k === 'variant' && r.adt.variants.length === 1);
      return p.sub ? patternNeedsCheck(fl, p.sub, ty) : false;
    }
    case 'lit': case 'range': return true;
    case 'tuple': return p.elems.some(e => patternNeedsCheck(fl, e, fl.cf.patTypes.get(e) ?? ERROR));
    case 'path': {
      const r = fl.cf.res.get(p);
      return !(r && r.k === 'variant' && r.adt.variants.length === 1);
    }
    case 'tupleStruct': case 'struct': {
      const r = fl.cf.res.get(p);
      if (!r || r.k !== 'variant' || r.adt.variants.length > 1) return true;
      const subs = p.kind === 'tupleStruct' ? p.elems : p.fields.map(f => f.pat);
      return subs.some(s => patternNeedsCheck(fl, s, fl.cf.patTypes.get(s) ?? ERROR));
    }
    case 'or': return p.alts.every(a => patternNeedsCheck(fl, a, ty));
    default: { const n: never = p; void n; return true; }
  }
}

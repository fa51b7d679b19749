// Patterns: checking them against a type, binding names, and match exhaustiveness.
//
// Exhaustiveness is Maranget's usefulness algorithm ("Warnings for pattern matching",
// JFP 2007) over constructors derived from the scrutinee's type: bool, enum variants,
// the single constructor of tuples/structs; integers, chars, strings and floats have
// infinitely many constructors, so only a wildcard covers them.

import * as ast from '../syntax/ast.js';
import type { BodyChecker } from './body.js';
import { LocalVar } from './typed.js';
import { AdtDef, ERROR, Ty, UNIT, VariantInfo, isInt, isFloat, makeSubst, substTy, showTy } from './types.js';

export function checkPattern(bc: BodyChecker, p: ast.Pattern, ty: Ty, locals: LocalVar[], irrefutable: boolean, orNames?: Map<string, LocalVar>): void {
  checkPat(bc, p, ty, locals, orNames ?? null);
  if (irrefutable && !patternIsIrrefutable(bc, p, bc.u.zonk(ty))) {
    bc.error('refutable pattern in local binding', p.span, 'use `if let`, `match`, or `let ... else { ... }` to handle the other cases');
  }
}

function checkPat(bc: BodyChecker, p: ast.Pattern, ty: Ty, locals: LocalVar[], orNames: Map<string, LocalVar> | null): void {
  bc.out.patTypes.set(p, ty);
  switch (p.kind) {
    case 'wildcard': return;
    case 'rest': bc.error('`..` patterns are only allowed inside tuple patterns', p.span); return;
    case 'ref': checkPat(bc, p.pat, ty, locals, orNames); return;
    case 'binding': {
      if (!p.sub && !p.mutable) {
        const d = bc.c.lookupIn(bc.def.module, 'values', p.name.name, true);
        if (d && (d.kind === 'variant' || d.kind === 'const' || (d.kind === 'adt' && d.unitLike))) {
          const path: ast.PathExpr = { kind: 'path', segments: [{ name: p.name, generics: null }], span: p.span };
          checkPathPat(bc, p, path, ty);
          return;
        }
      }
      let v = orNames?.get(p.name.name);
      if (v) bc.expect(v.ty, ty, p.span, 'mismatched types in or-pattern');
      else {
        v = bc.declare(p.name.name, ty, p.mutable, p.name.span);
        if (orNames) orNames.set(p.name.name, v);
      }
      if (locals.some(l => l.name === p.name.name && l !== v)) bc.error(`identifier \`${p.name.name}\` is bound more than once in the same pattern`, p.name.span);
      locals.push(v);
      bc.out.bindings.set(p, v);
      if (p.sub) checkPat(bc, p.sub, ty, locals, orNames);
      return;
    }
    case 'lit': {
      const lt = bc.checkLit(p.lit, ty, p.span);
      bc.expect(ty, lt, p.span, 'mismatched types in pattern');
      return;
    }
    case 'range': {
      for (const l of [p.start, p.end]) if (l) bc.expect(ty, bc.checkLit(l, ty, p.span), p.span, 'mismatched types in range pattern');
      const z = bc.u.zonk(ty);
      if (!(isInt(z) || (z.k === 'prim' && z.name === 'char') || z.k === 'var' || z.k === 'error' || isFloat(z))) {
        bc.error(`range patterns need a number or char, found \`${showTy(z)}\``, p.span);
      }
      return;
    }
    case 'tuple': {
      const z = bc.u.shallow(ty);
      const restAt = p.elems.findIndex(e => e.kind === 'rest');
      const n = restAt >= 0 ? p.elems.length - 1 : p.elems.length;
      let elems: Ty[];
      if (z.k === 'tuple') elems = z.elems;
      else if (z.k === 'prim' && z.name === 'unit' && p.elems.length === 0) return;
      else if (restAt < 0) {
        elems = p.elems.map(() => bc.u.fresh());
        bc.expect(ty, elems.length ? { k: 'tuple', elems } : UNIT, p.span, 'mismatched types in pattern');
      } else { bc.error(`mismatched types: expected \`${bc.show(ty)}\`, found a tuple pattern`, p.span); return; }
      if (restAt < 0 ? n !== elems.length : n > elems.length) {
        bc.error(`mismatched types: expected a tuple with ${elems.length} elements, found one with ${n} elements`, p.span);
        return;
      }
      matchElems(bc, p.elems, elems, restAt, locals, orNames);
      return;
    }
    case 'path': checkPathPat(bc, p, p.path, ty); return;
    case 'tupleStruct': {
      const r = resolvePatPath(bc, p.path, ty);
      if (!r) { for (const e of p.elems) checkPat(bc, e, ERROR, locals, orNames); return; }
      bc.out.res.set(p, { k: 'variant', adt: r.adt, variant: r.variant, args: r.args });
      if (r.variant.shape !== 'tuple') {
        bc.error(`expected tuple struct or tuple variant, found ${r.variant.shape === 'unit' ? 'unit' : 'struct'} variant \`${r.variant.name}\``, p.span);
        return;
      }
      const s = makeSubst(r.adt.generics, r.args);
      const fields = r.variant.fields.map(f => bc.freshen(substTy(f.ty, s)));
      const restAt = p.elems.findIndex(e => e.kind === 'rest');
      const n = restAt >= 0 ? p.elems.length - 1 : p.elems.length;
      if (restAt < 0 ? n !== fields.length : n > fields.length) {
        bc.error(`this pattern has ${n} field${n === 1 ? '' : 's'}, but the corresponding tuple variant \`${r.variant.name}\` has ${fields.length} field${fields.length === 1 ? '' : 's'}`, p.span);
        return;
      }
      matchElems(bc, p.elems, fields, restAt, locals, orNames);
      return;
    }
    case 'struct': {
      const r = resolvePatPath(bc, p.path, ty);
      if (!r) { for (const f of p.fields) checkPat(bc, f.pat, ERROR, locals, orNames); return; }
      bc.out.res.set(p, { k: 'variant', adt: r.adt, variant: r.variant, args: r.args });
      const s = makeSubst(r.adt.generics, r.args);
      const seen = new Set<string>();
      for (const f of p.fields) {
        const fd = r.variant.fields.find(x => x.name === f.name.name);
        if (!fd) { bc.error(`variant \`${r.variant.name}\` does not have a field named \`${f.name.name}\``, f.name.span); checkPat(bc, f.pat, ERROR, locals, orNames); continue; }
        seen.add(fd.name);
        checkPat(bc, f.pat, bc.freshen(substTy(fd.ty, s)), locals, orNames);
      }
      if (!p.rest) {
        const missing = r.variant.fields.filter(f => !seen.has(f.name)).map(f => f.name);
        if (missing.length) bc.error(`pattern does not mention field${missing.length > 1 ? 's' : ''} ${missing.map(m => '`' + m + '`').join(', ')}`, p.span, 'add `..` to ignore the other fields');
      }
      return;
    }
    case 'or': {
      const names = orNames ?? new Map<string, LocalVar>();
      const before = new Set(names.keys());
      let first: Set<string> | null = null;
      for (const alt of p.alts) {
        const altLocals: LocalVar[] = [];
        checkPat(bc, alt, ty, altLocals, names);
        const bound = new Set(altLocals.map(l => l.name).filter(n => !before.has(n)));
        if (first === null) { first = bound; locals.push(...altLocals); }
        else if (bound.size !== first.size || [...bound].some(n => !first!.has(n))) {
          bc.error('variables bound in the alternatives of an or-pattern must be the same in each', alt.span);
        }
      }
      return;
    }
    default: { const n: never = p; void n; }
  }
}

function matchElems(bc: BodyChecker, pats: ast.Pattern[], tys: Ty[], restAt: number, locals: LocalVar[], orNames: Map<string, LocalVar> | null): void {
  if (restAt < 0) { pats.forEach((e, i) => checkPat(bc, e, tys[i], locals, orNames)); return; }
  const after = pats.length - restAt - 1;
  for (let i = 0; i < restAt; i++) checkPat(bc, pats[i], tys[i], locals, orNames);
  bc.out.patTypes.set(pats[restAt], UNIT);
  for (let j = 0; j < after; j++) checkPat(bc, pats[restAt + 1 + j], tys[tys.length - after + j], locals, orNames);
}

function checkPathPat(bc: BodyChecker, p: ast.Pattern, path: ast.PathExpr, ty: Ty): void {
  const segs = path.segments;
  // A constant?
  const d = bc.c.resolvePath(bc.def.module, segs.map(s => s.name), 'values', false);
  if (d && d.kind === 'const') {
    bc.pc.requestConst(d);
    bc.out.res.set(p, { k: 'const', def: d });
    bc.expect(ty, d.ty, p.span, 'mismatched types in pattern');
    return;
  }
  const r = resolvePatPath(bc, path, ty);
  if (!r) return;
  bc.out.res.set(p, { k: 'variant', adt: r.adt, variant: r.variant, args: r.args });
  if (r.variant.shape !== 'unit') {
    bc.error(`expected unit struct, unit variant or constant, found ${r.variant.shape} variant \`${r.variant.name}\``, p.span,
      r.variant.shape === 'tuple' ? `use \`${r.variant.name}(..)\`` : `use \`${r.variant.name} { .. }\``);
  }
}

/** Resolve the path of a variant/struct pattern and unify its type with the scrutinee's. */
function resolvePatPath(bc: BodyChecker, path: ast.PathExpr, ty: Ty): { adt: AdtDef; variant: VariantInfo; args: Ty[] } | null {
  const segs = path.segments;
  const names = segs.map(s => s.name);
  let adt: AdtDef | null = null, variant: VariantInfo | null = null;
  let ownerMissing = false;   // the owner type was already reported as not found
  const d = bc.c.resolvePath(bc.def.module, names, 'values', false) ?? bc.c.resolvePath(bc.def.module, names, 'types', false);
  if (d && d.kind === 'variant') { adt = d.adt; variant = d.variant; }
  else if (d && d.kind === 'adt' && d.adt === 'struct') { adt = d; variant = d.variants[0]; }
  else if (segs.length >= 2) {
    const owner = segs.length === 2 && segs[0].name.name === 'Self' ? bc.typeScope.selfTy
      : bc.resolveType({ kind: 'path', segments: segs.slice(0, -1), span: path.span });
    const o = owner ? bc.u.shallow(owner) : null;
    ownerMissing = o?.k === 'error';
    if (o && o.k === 'adt' && o.def.adt === 'enum') {
      const v = o.def.variants.find(v => v.name === segs[segs.length - 1].name.name);
      if (v) { adt = o.def; variant = v; }
    }
  } else if (segs.length === 1 && segs[0].name.name === 'Self') {
    const s = bc.typeScope.selfTy ? bc.u.shallow(bc.typeScope.selfTy) : null;
    if (s && s.k === 'adt' && s.def.adt === 'struct') { adt = s.def; variant = s.def.variants[0]; }
  }
  if (!adt || !variant) {
    if (ownerMissing) return null;
    bc.error(`cannot find variant or struct \`${names.map(n => n.name).join('::')}\``, path.span);
    return null;
  }
  const args = adt.generics.map(() => bc.u.fresh());
  const self: Ty = { k: 'adt', def: adt, args };
  if (!bc.u.unify(ty, self)) {
    bc.error(`mismatched types: expected \`${bc.show(ty)}\`, found \`${adt.name}\``, path.span, 'this pattern matches a different type than the value');
    return null;
  }
  return { adt, variant, args };
}

// ---------------------------------------------------------------- irrefutability

export function patternIsIrrefutable(bc: BodyChecker, p: ast.Pattern, ty: Ty): boolean {
  switch (p.kind) {
    case 'wildcard': case 'rest': return true;
    case 'binding': {
      const r = bc.out.res.get(p);
      if (r) return r.k === 'variant' && r.adt.variants.length === 1;
      return p.sub ? patternIsIrrefutable(bc, p.sub, ty) : true;
    }
    case 'ref': return patternIsIrrefutable(bc, p.pat, ty);
    case 'tuple': {
      const z = bc.u.zonk(ty);
      return p.elems.every(e => patternIsIrrefutable(bc, e, bc.out.patTypes.get(e) ?? (z.k === 'tuple' ? z.elems[0] : ERROR)));
    }
    case 'tupleStruct': case 'struct': {
      const r = bc.out.res.get(p);
      if (!r || r.k !== 'variant') return true;
      if (r.adt.variants.length !== 1) return false;
      const subs = p.kind === 'tupleStruct' ? p.elems : p.fields.map(f => f.pat);
      return subs.every(s => patternIsIrrefutable(bc, s, bc.out.patTypes.get(s) ?? ERROR));
    }
    case 'path': {
      const r = bc.out.res.get(p);
      return !!r && r.k === 'variant' && r.adt.variants.length === 1;
    }
    case 'or': return p.alts.some(a => patternIsIrrefutable(bc, a, ty));
    case 'lit': case 'range': return false;
    default: { const n: never = p; void n; return true; }
  }
}

// ---------------------------------------------------------------- exhaustiveness

/** A pattern reduced to constructors: `null` ctor = wildcard. */
type Pat =
  | { k: 'wild' }
  | { k: 'ctor'; ctor: string; args: Pat[] }
  | { k: 'or'; alts: Pat[] }
  | { k: 'opaque' };    // a literal/range of an infinite type: matches some values only

const WILD: Pat = { k: 'wild' };

interface CtorInfo { name: string; arity: number; fieldTys: Ty[]; display: (args: string[]) => string }

export function checkExhaustive(bc: BodyChecker, m: ast.MatchExpr): void {
  const ty = bc.u.zonk(bc.out.exprTypes.get(m.scrutinee) ?? ERROR, true);
  if (ty.k === 'error') return;
  const rows: Pat[][] = [];
  for (const arm of m.arms) {
    const p = lowerPat(bc, arm.pat, ty);
    if (!arm.guard) rows.push([p]);
  }
  const w = useful(bc, rows, [WILD], [ty], 0);
  if (w) {
    const shown = w.map(p => showPat(bc, p, ty))[0];
    bc.error(`non-exhaustive patterns: \`${shown}\` not covered`, m.scrutinee.span,
      'add a match arm for it, or a wildcard arm `_ => ...`');
  }
}

function lowerPat(bc: BodyChecker, p: ast.Pattern, ty: Ty): Pat {
  switch (p.kind) {
    case 'wildcard': case 'rest': return WILD;
    case 'ref': return lowerPat(bc, p.pat, ty);
    case 'binding': {
      const r = bc.out.res.get(p);
      if (r && r.k === 'variant') return { k: 'ctor', ctor: r.variant.name, args: [] };
      if (r && r.k === 'const') return { k: 'opaque' };
      return p.sub ? lowerPat(bc, p.sub, ty) : WILD;
    }
    case 'lit':
      if (p.lit.kind === 'bool') return { k: 'ctor', ctor: String(p.lit.value), args: [] };
      return { k: 'opaque' };
    case 'range': return { k: 'opaque' };
    case 'tuple': {
      const z = bc.u.zonk(ty, true);
      const n = z.k === 'tuple' ? z.elems.length : 0;
      return { k: 'ctor', ctor: 'tuple', args: expandRest(bc, p.elems, n, z.k === 'tuple' ? z.elems : []) };
    }
    case 'path': {
      const r = bc.out.res.get(p);
      if (r && r.k === 'variant') return { k: 'ctor', ctor: r.variant.name, args: [] };
      return { k: 'opaque' };
    }
    case 'tupleStruct': {
      const r = bc.out.res.get(p);
      if (!r || r.k !== 'variant') return WILD;
      const fts = fieldTys(r.adt, r.variant, r.args);
      return { k: 'ctor', ctor: r.variant.name, args: expandRest(bc, p.elems, fts.length, fts) };
    }
    case 'struct': {
      const r = bc.out.res.get(p);
      if (!r || r.k !== 'variant') return WILD;
      const fts = fieldTys(r.adt, r.variant, r.args);
      const args = r.variant.fields.map((f, i) => {
        const fp = p.fields.find(x => x.name.name === f.name);
        return fp ? lowerPat(bc, fp.pat, fts[i]) : WILD;
      });
      return { k: 'ctor', ctor: r.variant.name, args };
    }
    case 'or': return { k: 'or', alts: p.alts.map(a => lowerPat(bc, a, ty)) };
    default: { const n: never = p; void n; return WILD; }
  }
}

function expandRest(bc: BodyChecker, elems: ast.Pattern[], n: number, tys: Ty[]): Pat[] {
  const restAt = elems.findIndex(e => e.kind === 'rest');
  if (restAt < 0) return elems.map((e, i) => lowerPat(bc, e, tys[i] ?? ERROR));
  const after = elems.length - restAt - 1;
  const out: Pat[] = [];
  for (let i = 0; i < restAt; i++) out.push(lowerPat(bc, elems[i], tys[i] ?? ERROR));
  for (let i = restAt; i < n - after; i++) out.push(WILD);
  for (let j = 0; j < after; j++) out.push(lowerPat(bc, elems[restAt + 1 + j], tys[n - after + j] ?? ERROR));
  return out;
}

function fieldTys(adt: AdtDef, v: VariantInfo, args: Ty[]): Ty[] {
  const s = makeSubst(adt.generics, args);
  return v.fields.map(f => substTy(f.ty, s));
}

/** All constructors of a type, or null when infinitely many. */
function ctorsOf(bc: BodyChecker, ty: Ty): CtorInfo[] | null {
  const t = bc.u.zonk(ty, true);
  if (t.k === 'prim' && t.name === 'bool') return ['false', 'true'].map(n => ({ name: n, arity: 0, fieldTys: [], display: () => n }));
  if (t.k === 'prim' && t.name === 'unit') return [{ name: 'tuple', arity: 0, fieldTys: [], display: () => '()' }];
  if (t.k === 'tuple') return [{ name: 'tuple', arity: t.elems.length, fieldTys: t.elems, display: a => `(${a.join(', ')})` }];
  if (t.k === 'adt') {
    const prefix = t.def.adt === 'enum' && t.def.lang !== 'option' && t.def.lang !== 'result' ? t.def.name + '::' : '';
    return t.def.variants.map(v => {
      const fts = fieldTys(t.def, v, t.args);
      return {
        name: v.name, arity: fts.length, fieldTys: fts,
        display: (a: string[]) => v.shape === 'unit' ? prefix + v.name
          : v.shape === 'tuple' ? `${prefix}${v.name}(${a.join(', ')})`
            : `${prefix}${v.name} { ${v.fields.map((f, i) => `${f.name}: ${a[i]}`).join(', ')} }`,
      };
    });
  }
  return null;
}

function specialize(row: Pat[], c: CtorInfo): Pat[][] {
  const head = row[0];
  const rest = row.slice(1);
  switch (head.k) {
    case 'wild': return [[...Array(c.arity).fill(WILD), ...rest]];
    case 'ctor': return head.ctor === c.name ? [[...head.args, ...rest]] : [];
    case 'or': return head.alts.flatMap(a => specialize([a, ...rest], c));
    case 'opaque': return [];
  }
}

function defaultRows(row: Pat[]): Pat[][] {
  const head = row[0];
  switch (head.k) {
    case 'wild': return [row.slice(1)];
    case 'or': return head.alts.flatMap(a => defaultRows([a, ...row.slice(1)]));
    default: return [];
  }
}

function headCtors(rows: Pat[][]): Set<string> {
  const s = new Set<string>();
  const add = (p: Pat) => { if (p.k === 'ctor') s.add(p.ctor); else if (p.k === 'or') p.alts.forEach(add); };
  for (const r of rows) add(r[0]);
  return s;
}

/** Returns a witness vector not matched by `rows` (null when `q` is not useful). */
function useful(bc: BodyChecker, rows: Pat[][], q: Pat[], tys: Ty[], depth: number): Pat[] | null {
  if (q.length === 0) return rows.length === 0 ? [] : null;
  if (depth > 200) return null;
  const ctors = ctorsOf(bc, tys[0]);
  const head = q[0];
  if (head.k === 'or') {
    for (const a of head.alts) { const w = useful(bc, rows, [a, ...q.slice(1)], tys, depth + 1); if (w) return w; }
    return null;
  }
  if (head.k === 'ctor' && ctors) {
    const c = ctors.find(c => c.name === head.ctor);
    if (!c) return null;
    const w = useful(bc, rows.flatMap(r => specialize(r, c)), [...head.args, ...q.slice(1)], [...c.fieldTys, ...tys.slice(1)], depth + 1);
    return w ? [{ k: 'ctor', ctor: c.name, args: w.slice(0, c.arity) }, ...w.slice(c.arity)] : null;
  }
  if (head.k === 'opaque') return null;
  // Wildcard.
  const seen = headCtors(rows);
  if (ctors && ctors.every(c => seen.has(c.name))) {
    for (const c of ctors) {
      const w = useful(bc, rows.flatMap(r => specialize(r, c)), [...Array(c.arity).fill(WILD), ...q.slice(1)], [...c.fieldTys, ...tys.slice(1)], depth + 1);
      if (w) return [{ k: 'ctor', ctor: c.name, args: w.slice(0, c.arity) }, ...w.slice(c.arity)];
    }
    return null;
  }
  const w = useful(bc, rows.flatMap(defaultRows), q.slice(1), tys.slice(1), depth + 1);
  if (!w) return null;
  const missing = ctors?.find(c => !seen.has(c.name));
  if (missing) return [{ k: 'ctor', ctor: missing.name, args: Array(missing.arity).fill(WILD) }, ...w];
  return [WILD, ...w];
}

function showPat(bc: BodyChecker, p: Pat, ty: Ty): string {
  if (p.k !== 'ctor') {
    const t = bc.u.zonk(ty, true);
    if (isInt(t) || (t.k === 'prim' && (t.name === 'char' || isFloat(t))) || t.k === 'string') return '_';
    return '_';
  }
  const ctors = ctorsOf(bc, ty);
  const c = ctors?.find(c => c.name === p.ctor);
  if (!c) return '_';
  return c.display(p.args.map((a, i) => showPat(bc, a, c.fieldTys[i])));
}

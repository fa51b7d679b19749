// Paths, calls, method calls, struct literals and built-in macros inside bodies.

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';
import type { BodyChecker } from './body.js';
import { didYouMean } from '../diag/suggest.js';
import { FnRef, MethodRes, Res } from './typed.js';
import {
  AdtDef, BOOL, Def, ERROR, FnDef, INT, NEVER, STRING, Ty, TypeParamDef, UNIT, VariantInfo, isFloat, isInt,
  makeSubst, prim, substTy, showTy, F64, vtableMethods,
} from './types.js';
import { isStd } from './std.js';

function intLimits(name: string): [bigint, bigint] {
  const bits = BigInt(Number(name.slice(1)));
  if (name.startsWith('u')) return [0n, (1n << bits) - 1n];
  return [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
}

// ---------------------------------------------------------------- paths

export function checkPathExpr(bc: BodyChecker, e: ast.PathExpr, expected: Ty | null): Ty {
  const segs = e.segments;
  if (segs.length === 1 && !segs[0].generics) {
    const v = bc.lookupLocal(segs[0].name.name);
    if (v) { bc.out.res.set(e, { k: 'local', local: v }); return v.ty; }
    if (segs[0].name.name === 'self') return bc.error('`self` is only available in methods', e.span);
  }
  const r = resolveValuePath(bc, e, expected);
  if (!r) return ERROR;
  bc.out.res.set(e, r.res);
  return r.ty;
}

interface ValueRes { res: Res; ty: Ty }

/** Resolve a value path: a module item, an enum variant, an associated fn/const, a prim const. */
export function resolveValuePath(bc: BodyChecker, e: ast.PathExpr, expected: Ty | null): ValueRes | null {
  const segs = e.segments;
  const mod = bc.def.module;
  const last = segs[segs.length - 1];
  if (segs.length === 1) {
    const d = bc.c.lookupIn(mod, 'values', last.name.name, true);
    if (!d) {
      bc.c.unknownName(mod, last.name, 'values', bc.localNames());
      return null;
    }
    return valueFromDef(bc, d, last, null, e.span, expected);
  }
  // A module path to an item: std::math::sqrt, util::helper, Shape::Circle via `use`.
  const direct = bc.c.resolvePath(mod, segs.map(s => s.name), 'values', false);
  if (direct) {
    if (direct.kind === 'fn' || direct.kind === 'const' || direct.kind === 'static') bc.c.checkVisible(mod, direct.module, direct, last.name);
    return valueFromDef(bc, direct, last, null, e.span, expected);
  }
  // Type-relative: Type::item.
  const prefix = segs.slice(0, -1);
  const owner = bc.c.resolvePath(mod, prefix.map(s => s.name), 'types', false);
  const head = prefix.length > 1 ? bc.c.resolvePath(mod, [prefix[0].name], 'types', false) : owner;
  if (owner?.kind === 'module' || (!owner && head?.kind === 'module')) {
    bc.c.resolvePath(mod, segs.map(s => s.name), 'values');   // reports the segment not found in its module
    return null;
  }
  const selfTy = typeOfPrefix(bc, prefix, e.span);
  if (!selfTy) return null;
  return assocValue(bc, selfTy, last, e.span, expected);
}

function typeOfPrefix(bc: BodyChecker, prefix: ast.PathSegment[], span: Span): Ty | null {
  const pt: ast.PathType = { kind: 'path', segments: prefix, span };
  if (prefix.length === 1) {
    const name = prefix[0].name.name;
    if (name === 'Self') {
      const s = bc.typeScope.selfTy;
      if (!s) { bc.error('`Self` is only available in impls and traits', prefix[0].name.span); return null; }
      return s;
    }
    const gp = bc.def.generics.find(g => g.name === name);
    if (gp) return bc.out.args[bc.def.generics.indexOf(gp)] ?? ERROR;
    const d = bc.c.lookupIn(bc.def.module, 'types', name, true);
    if (d && d.kind === 'trait') return { k: 'dyn', trait: d, args: [] } as Ty;
    if (!d && !['String', 'RawBuf', 'int', 'i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'bool', 'char', 'usize', 'isize'].includes(name)) {
      bc.c.unknownName(bc.def.module, prefix[0].name, 'types');
      return null;
    }
  }
  const t = bc.resolveType(pt);
  return t.k === 'error' ? null : t;
}

function assocValue(bc: BodyChecker, selfTy: Ty, name: ast.PathSegment, span: Span, expected: Ty | null): ValueRes | null {
  const n = name.name.name;
  const t = bc.u.shallow(selfTy);
  if (t.k === 'param') {
    // `T::new()` inside generic code: a function of one of T's bounds.
    for (const b of t.def.bounds.flatMap(b => [b, ...b.trait.supertraits])) {
      const tm = b.trait.methods.get(n);
      if (tm) return fnValue(bc, tm, [t, ...b.args], name, span);
    }
  }
  if (t.k === 'dyn' && t.args.length === 0 && !bc.c.headKey(t)?.startsWith('x')) {
    // `Trait::method(value, ...)`: Self is inferred from the arguments; finish()
    // rebinds the reference to the impl's method once Self is known.
    const tm = t.trait.methods.get(n);
    if (tm && name.name.span) {
      const args = [bc.u.fresh(), ...t.trait.generics.map(() => bc.u.fresh()), ...tm.generics.slice(tm.ownGenericsStart).map(() => bc.u.fresh())];
      return fnValue(bc, tm, args.slice(0, tm.ownGenericsStart), name, span);
    }
  }
  if (t.k === 'adt' && t.def.adt === 'enum') {
    const v = t.def.variants.find(v => v.name === n);
    if (v) return variantValue(bc, t.def, v, t.args, span, expected);
  }
  // Inherent associated functions and consts.
  for (const impl of bc.traits.inherentImpls(t)) {
    const m = impl.methods.get(n);
    const cst = impl.consts.get(n);
    if (!m && !cst) continue;
    const args = bc.traits.matchImpl(bc.u, impl, t);
    if (!args) continue;
    if (cst) return { res: { k: 'const', def: cst }, ty: substTy(cst.ty, makeSubst(impl.generics, args)) };
    checkMethodVisible(bc, m!, span);
    return fnValue(bc, m!, args, name, span);
  }
  // Trait impls: Point::default(), T::new() through a trait.
  for (const trait of bc.traits.traitsWithMethod(n)) {
    const found = bc.traits.findImpl(bc.u, trait, t);
    if (found && !found.impl.derived) {
      const m = found.impl.methods.get(n);
      if (m) return fnValue(bc, m, found.args, name, span);
      const tm = trait.methods.get(n)!;
      return fnValue(bc, tm, [t, ...trait.generics.map(() => bc.u.fresh())], name, span);
    }
  }
  // Constants of the numeric types.
  if (t.k === 'prim') {
    const c = primConst(t, n);
    if (c !== null) return { res: { k: 'builtinConst', value: c, ty: t }, ty: t };
  }
  if (n === 'default' && hasBuiltinDefault(t)) {
    return { res: { k: 'intrinsic', name: 'default', typeArgs: [t] }, ty: { k: 'fn', params: [], ret: t } };
  }
  bc.error(`no function or associated item named \`${n}\` found for \`${bc.show(t)}\``, name.name.span);
  return null;
}

function primConst(t: Ty & { k: 'prim' }, n: string): number | bigint | null {
  if (isInt(t)) {
    const [lo, hi] = intLimits(t.name);
    if (n === 'MAX') return hi;
    if (n === 'MIN') return lo;
    if (n === 'BITS') return BigInt(Number(t.name.slice(1)));
    return null;
  }
  if (isFloat(t)) {
    const f32 = t.name === 'f32';
    switch (n) {
      case 'MAX': return f32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
      case 'MIN': return f32 ? -3.4028234663852886e38 : -Number.MAX_VALUE;
      case 'EPSILON': return f32 ? 1.1920929e-7 : Number.EPSILON;
      case 'INFINITY': return Infinity;
      case 'NEG_INFINITY': return -Infinity;
      case 'NAN': return NaN;
      case 'MIN_POSITIVE': return f32 ? 1.17549435e-38 : 2.2250738585072014e-308;
    }
    return null;
  }
  if (t.name === 'char' && n === 'MAX') return 0x10ffff;
  return null;
}

function valueFromDef(bc: BodyChecker, d: Def, seg: ast.PathSegment, implArgs: Ty[] | null, span: Span, expected: Ty | null): ValueRes | null {
  switch (d.kind) {
    case 'fn': return fnValue(bc, d, implArgs ?? [], seg, span);
    case 'const': {
      if (d.ty.k === 'error' && d.item.ty === null) return { res: { k: 'const', def: d }, ty: ERROR };
      bc.pc.requestConst(d);
      return { res: { k: 'const', def: d }, ty: d.ty };
    }
    case 'static':
      if (d.mutable && !bc.def.module.privileged && false) return null;
      return { res: { k: 'static', def: d }, ty: d.ty };
    case 'variant': {
      const args = d.adt.generics.map(() => bc.u.fresh());
      return variantValue(bc, d.adt, d.variant, args, span, expected);
    }
    case 'adt': {
      // A tuple struct's constructor or a unit struct's value.
      const args = seg.generics ? seg.generics.map(g => bc.resolveType(g)) : d.generics.map(() => bc.u.fresh());
      return variantValue(bc, d, d.variants[0], args, span, expected);
    }
    default:
      bc.error(`expected a value, found ${d.kind === 'module' ? 'module' : d.kind === 'trait' ? 'trait' : 'type'} \`${seg.name.name}\``, seg.name.span);
      return null;
  }
}

function variantValue(bc: BodyChecker, adt: AdtDef, v: VariantInfo, args: Ty[], span: Span, expected: Ty | null): ValueRes {
  const self: Ty = { k: 'adt', def: adt, args };
  if (expected) bc.u.tryUnify(expected, self);
  const res: Res = { k: 'variant', adt, variant: v, args };
  if (v.shape === 'tuple') {
    const s = makeSubst(adt.generics, args);
    return { res, ty: { k: 'fn', params: v.fields.map(f => bc.freshen(substTy(f.ty, s))), ret: self } };
  }
  if (v.shape === 'named') {
    bc.error(`expected a value, found struct variant \`${v.name}\``, span, `use \`${v.name} { ... }\``);
  }
  return { res, ty: self };
}

function fnValue(bc: BodyChecker, f: FnDef, implArgs: Ty[], seg: ast.PathSegment, span: Span): ValueRes {
  const ownDefs = f.generics.slice(implArgs.length);
  const own = ownDefs.filter(g => g.assoc !== 'hidden').length;
  let ownArgs: Ty[];
  if (seg.generics) {
    ownArgs = seg.generics.map(g => bc.resolveType(g));
    if (ownArgs.length !== own) {
      bc.error(`function \`${f.name}\` takes ${own} generic argument${own === 1 ? '' : 's'} but ${ownArgs.length} ${ownArgs.length === 1 ? 'was' : 'were'} supplied`, seg.name.span);
      ownArgs = ownDefs.map(() => bc.u.fresh());
    } else ownArgs = withHidden(bc, ownDefs, ownArgs);
  } else ownArgs = ownDefs.map(() => bc.u.fresh());
  const args = [...implArgs, ...ownArgs];
  if (f.intrinsic && !bc.def.module.privileged) {
    bc.error(`\`${f.name}\` is an intrinsic, only available in runtime/ and std/`, span);
  }
  if (f.module.privileged && f.module.path[0] === 'runtime' && !bc.def.module.privileged) {
    bc.error(`\`${f.name}\` is internal to the runtime`, span);
  }
  const sig = bc.instSig(f, args);
  const ref = bc.useFn(f, args, span);
  const params = f.hasSelf ? [sig.self ?? ERROR, ...sig.params] : sig.params;
  return { res: { k: 'fn', fn: ref }, ty: { k: 'fn', params, ret: sig.ret } };
}

/** Turbofish arguments for `defs`, with a fresh variable for each hidden parameter (check/assoc.ts). */
function withHidden(bc: BodyChecker, defs: TypeParamDef[], written: Ty[]): Ty[] {
  let k = 0;
  return defs.map(g => g.assoc === 'hidden' ? bc.u.fresh() : written[k++]);
}

// ---------------------------------------------------------------- calls

export function checkCall(bc: BodyChecker, e: ast.CallExpr, expected: Ty | null): Ty {
  const calleeTy = bc.u.shallow(bc.checkExpr(e.callee, null));
  const res = e.callee.kind === 'path' ? bc.out.res.get(e.callee) : undefined;
  if (calleeTy.k === 'error') { for (const a of e.args) bc.checkExpr(a, null); return ERROR; }
  if (calleeTy.k !== 'fn') {
    for (const a of e.args) bc.checkExpr(a, null);
    if (res && res.k === 'variant' && res.variant.shape === 'unit') return bc.error(`\`${res.variant.name}\` is a unit variant and takes no arguments`, e.span, `write \`${res.variant.name}\` without \`()\``);
    if (calleeTy.k === 'var') return bc.needsAnnotation('type annotations needed: cannot call a value of unknown type', e.callee.span);
    return bc.error(`expected function, found \`${bc.show(calleeTy)}\``, e.callee.span);
  }
  if (expected && res && res.k === 'variant') bc.u.tryUnify(expected, calleeTy.ret);
  const name = res && res.k === 'fn' ? `function \`${res.fn.def.name}\`` : res && res.k === 'variant' ? `\`${res.variant.name}\`` : 'this function';
  if (calleeTy.params.length !== e.args.length) {
    bc.error(`${name} takes ${calleeTy.params.length} argument${calleeTy.params.length === 1 ? '' : 's'} but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} supplied`, e.span);
    for (const a of e.args) bc.checkExpr(a, null);
    return calleeTy.ret;
  }
  e.args.forEach((a, i) => bc.coerce(a, calleeTy.params[i]));
  bc.solveBounds();
  return calleeTy.ret;
}

export function checkMethodCall(bc: BodyChecker, e: ast.MethodCallExpr, expected: Ty | null): Ty {
  let rt = bc.defaultLiteral(bc.checkExpr(e.receiver, null));
  if (rt.k === 'var') { bc.solveBounds(); rt = bc.defaultLiteral(rt); }
  const name = e.method.name;
  if (rt.k === 'error') { for (const a of e.args) bc.checkExpr(a, null); return ERROR; }
  if (rt.k === 'var') {
    for (const a of e.args) bc.checkExpr(a, null);
    return bc.needsAnnotation(`type annotations needed: cannot call \`.${name}()\` on a value of unknown type`, e.receiver.span, 'give the variable a type, e.g. `let v: Vec<int> = ...`');
  }
  if (name === 'collect' && e.args.length === 0 && isStd(rt, 'vec')) return checkCollect(bc, e, rt as Ty & { k: 'adt' }, expected);
  if (name === 'parse' && e.args.length === 0 && rt.k === 'string') return checkParse(bc, e, expected);
  const m = lookupMethod(bc, rt, e);
  if (!m) { for (const a of e.args) bc.checkExpr(a, null); return ERROR; }
  bc.out.methods.set(e, m.res);
  if (m.params.length !== e.args.length) {
    bc.error(`method \`${name}\` takes ${m.params.length} argument${m.params.length === 1 ? '' : 's'} but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} supplied`, e.span);
    for (const a of e.args) bc.checkExpr(a, null);
    return m.ret;
  }
  if (expected) bc.u.tryUnify(expected, m.ret);
  e.args.forEach((a, i) => bc.coerce(a, m.params[i]));
  bc.solveBounds();
  return m.ret;
}

interface MethodFound { res: MethodRes; params: Ty[]; ret: Ty }

/**
 * `v.collect()`: iterator chains are eager Vecs (std/iter.gos), so collect converts a
 * Vec into what the context asks for: a Vec (itself), a HashSet, a HashMap of pairs,
 * or a String of chars or strings.
 */
/**
 * `s.parse::<T>()`: Result<T, E> where E is T's error type (ParseIntError, ...). T may
 * be known only later (`let n: int = s.parse().unwrap()`), so the function is chosen in
 * BodyChecker.finish() via `resolveParse`.
 */
function checkParse(bc: BodyChecker, e: ast.MethodCallExpr, expected: Ty | null): Ty {
  const result = bc.c.stdTypes.result;
  if (!result) return ERROR;
  const target = e.generics && e.generics.length === 1 ? bc.resolveType(e.generics[0]) : bc.u.fresh();
  const err = bc.u.fresh();
  const ty: Ty = { k: 'adt', def: result, args: [target, err] };
  if (expected) bc.u.tryUnify(expected, ty);
  bc.pendingParses.push({ e, target, err });
  return ty;
}

/** Pick `std::num::parse_<T>` once T is known; unify the error type. */
export function resolveParse(bc: BodyChecker, p: { e: ast.MethodCallExpr; target: Ty; err: Ty }): void {
  const t = bc.u.zonk(p.target, true);
  const name = t.k === 'prim' ? t.name : t.k === 'string' ? 'String' : null;
  const num = bc.c.std.types.get('num');
  const d = name && num && num.kind === 'module' ? num.values.get(`parse_${name}`) : undefined;
  if (!d || d.kind !== 'fn') {
    if (t.k === 'var') bc.needsAnnotation('type annotations needed: cannot infer the type to parse into', p.e.method.span, 'write `s.parse::<int>()`');
    else bc.error(`cannot parse a string into \`${showTy(t)}\``, p.e.method.span, 'parse supports integers, floats, bool, char and String');
    return;
  }
  const ret = d.ret as Ty & { k: 'adt' };
  bc.u.unify(p.err, ret.args[1]);
  bc.out.methods.set(p.e, { k: 'fn', fn: bc.useFn(d, [], p.e.span) });
}

function checkCollect(bc: BodyChecker, e: ast.MethodCallExpr, rt: Ty & { k: 'adt' }, expected: Ty | null): Ty {
  const elem = rt.args[0];
  let target: Ty | null = e.generics && e.generics.length === 1 ? bc.resolveType(e.generics[0]) : expected;
  target = target ? bc.u.shallow(target) : null;
  const res = (name: string): MethodRes => ({ k: 'builtin', name, recvTy: rt });
  if (target && target.k === 'string') {
    const z = bc.u.shallow(elem);
    if (!(z.k === 'string' || (z.k === 'prim' && z.name === 'char'))) {
      return bc.error(`a \`String\` can only be collected from chars or strings, not \`${bc.show(elem)}\``, e.span);
    }
    bc.out.methods.set(e, res('collect_string'));
    return STRING;
  }
  if (target && isStd(target, 'hashSet')) {
    bc.expect((target as Ty & { k: 'adt' }).args[0], elem, e.span);
    bc.out.methods.set(e, res('collect_set'));
    return target;
  }
  if (target && isStd(target, 'hashMap')) {
    const t = target as Ty & { k: 'adt' };
    bc.expect({ k: 'tuple', elems: [t.args[0], t.args[1]] }, elem, e.span);
    bc.out.methods.set(e, res('collect_map'));
    return target;
  }
  if (target && target.k !== 'var' && !isStd(target, 'vec')) {
    return bc.error(`cannot collect into \`${bc.show(target)}\``, e.span, 'collect into a Vec, HashSet, HashMap or String');
  }
  bc.out.methods.set(e, res('collect_vec'));
  return rt;
}

function lookupMethod(bc: BodyChecker, rt: Ty, e: ast.MethodCallExpr): MethodFound | null {
  const name = e.method.name;
  const turbofish = e.generics ? e.generics.map(g => bc.resolveType(g)) : null;
  const fromFn = (def: FnDef, args: Ty[]): MethodFound | null => {
    if (!def.hasSelf) {
      bc.error(`\`${def.name}\` is an associated function, not a method`, e.method.span, `call it as \`${def.path.replace(/<.*>/, '')}(...)\``);
      return null;
    }
    const ownDefs = def.generics.slice(def.ownGenericsStart);
    const own = ownDefs.filter(g => g.assoc !== 'hidden').length;
    let retHint: Ty | null = null;
    if (turbofish) {
      // `sum::<int>()` on a method without generics names its result type.
      if (own === 0 && turbofish.length === 1) retHint = turbofish[0];
      else if (turbofish.length !== own) bc.error(`method \`${name}\` takes ${own} generic argument${own === 1 ? '' : 's'} but ${turbofish.length} were supplied`, e.method.span);
      else args = [...args.slice(0, def.ownGenericsStart), ...withHidden(bc, ownDefs, turbofish)];
    }
    const sig = bc.instSig(def, args);
    if (retHint) bc.expect(retHint, sig.ret, e.method.span);
    if (sig.self && rt.k !== 'array') bc.u.unify(sig.self, rt);
    if (def.intrinsic && !bc.def.module.privileged) bc.error(`\`${name}\` is an intrinsic, only available in runtime/ and std/`, e.method.span);
    return { res: { k: 'fn', fn: bc.useFn(def, args, e.span) }, params: sig.params, ret: sig.ret };
  };
  // 0. A type parameter (abstract checking): only its bounds' methods.
  if (rt.k === 'param') {
    const bounds = rt.def.bounds.flatMap(b => [b, ...b.trait.supertraits]);
    for (const b of bounds) {
      const tm = b.trait.methods.get(name);
      if (!tm) continue;
      const own = tm.generics.slice(tm.ownGenericsStart).map(() => bc.u.fresh());
      const sig = bc.instSig(tm, [rt, ...b.args, ...own]);
      const index = [...b.trait.methods.keys()].indexOf(name);
      return { res: { k: 'dyn', trait: b.trait, method: name, index, fnTy: { k: 'fn', params: sig.params, ret: sig.ret } }, params: sig.params, ret: sig.ret };
    }
    bc.error(`no method named \`${name}\` found for type parameter \`${rt.def.name}\``, e.method.span,
      bounds.length ? `the bounds of \`${rt.def.name}\` (${bounds.map(b => b.trait.name).join(', ')}) do not have it` : `add a trait bound: \`${rt.def.name}: Trait\``);
    return null;
  }
  // 1. Inherent methods.
  const inh = bc.findInherent(rt, name);
  if (inh) {
    checkMethodVisible(bc, inh.def, e.method.span);
    return fromFn(inh.def, inh.args);
  }
  // 2. Trait objects.
  if (rt.k === 'dyn') {
    const slots = vtableMethods(rt.trait);
    const index = slots.findIndex(m => m.name === name);
    if (index >= 0) {
      const tr = slots[index].trait;
      const sig = bc.instSig(tr.methods.get(name)!, [rt, ...rt.args]);
      return { res: { k: 'dyn', trait: tr, method: name, index, fnTy: { k: 'fn', params: sig.params, ret: sig.ret } }, params: sig.params, ret: sig.ret };
    }
  }
  // 3. Trait impls (written, derived, or built in).
  for (const trait of bc.traits.traitsWithMethod(name)) {
    const found = bc.traits.findImpl(bc.u, trait, rt);
    if (found && !found.impl.derived) {
      const m = found.impl.methods.get(name);
      if (m) {
        const own = m.generics.slice(m.ownGenericsStart).map(() => bc.u.fresh());
        return fromFn(m, [...found.args, ...own]);
      }
      const tm = trait.methods.get(name)!;
      const own = tm.generics.slice(tm.ownGenericsStart).map(() => bc.u.fresh());
      return fromFn(tm, [rt, ...bc.traits.implTraitArgs(found.impl, found.args), ...own]);
    }
    if ((found && found.impl.derived) || (bc.traits.isLangTrait(trait) && bc.traits.builtinImplements(bc.u, rt, trait.name))) {
      return builtinLangMethod(bc, rt, name);
    }
  }
  // 4. Compiler built-ins that are not trait methods.
  const b = builtinMethod(bc, rt, name);
  if (b) return b;
  // 5. Arrays: Vec's methods, on a Vec view sharing the array's elements.
  if (rt.k === 'array') {
    const inh2 = bc.findInherent(bc.vecOf(rt.elem), name);
    if (inh2) {
      const found = fromFn(inh2.def, inh2.args);
      if (found && found.res.k === 'fn') { found.res.arrayView = true; bc.u.unify(bc.vecOf(rt.elem), bc.instSig(inh2.def, inh2.args).self ?? ERROR); }
      return found;
    }
  }
  const candidates = [...bc.traits.inherentImpls(rt).flatMap(i => [...i.methods.keys()])];
  bc.error(`no method named \`${name}\` found for \`${bc.show(rt)}\``, e.method.span, didYouMean(name, candidates));
  return null;
}

/** The lang-trait methods the compiler implements structurally. */
function builtinLangMethod(bc: BodyChecker, rt: Ty, name: string): MethodFound | null {
  const ordering = bc.c.stdTypes.ordering;
  const option = bc.c.stdTypes.option;
  const res: MethodRes = { k: 'builtin', name, recvTy: rt };
  switch (name) {
    case 'clone': return { res, params: [], ret: rt };
    case 'eq': case 'ne': return { res, params: [rt], ret: BOOL };
    case 'lt': case 'le': case 'gt': case 'ge': return { res, params: [rt], ret: BOOL };
    case 'cmp': return ordering ? { res, params: [rt], ret: { k: 'adt', def: ordering, args: [] } } : null;
    case 'partial_cmp': return ordering && option ? { res, params: [rt], ret: { k: 'adt', def: option, args: [{ k: 'adt', def: ordering, args: [] }] } } : null;
    case 'max': case 'min': return { res, params: [rt], ret: rt };
    case 'hash': return { res, params: [], ret: prim('u64') };
    case 'to_string': return { res, params: [], ret: STRING };
    default: return null;
  }
}

function builtinMethod(bc: BodyChecker, rt: Ty, name: string): MethodFound | null {
  const res: MethodRes = { k: 'builtin', name, recvTy: rt };
  const display = bc.c.langTraits.get('Display');
  if (name === 'to_string' && display && bc.traits.implements(bc.u, rt, display)) return { res, params: [], ret: STRING };
  if (rt.k === 'array') {
    if (name === 'len') return { res, params: [], ret: INT };
    if (name === 'iter' || name === 'to_vec') return { res, params: [], ret: bc.vecOf(rt.elem) };
  }
  if (rt.k === 'fn' && name === 'call') return { res, params: rt.params, ret: rt.ret };
  if (name === 'collect' || name === 'into') {
    // Vec<T> -> Vec<T> / HashSet<T> / HashMap<K, V> / String: decided by the expected type.
    return null;
  }
  return null;
}

// ---------------------------------------------------------------- struct literals

export function checkStructLit(bc: BodyChecker, e: ast.StructLitExpr): Ty {
  const segs = e.path.segments;
  let adt: AdtDef | null = null, variant: VariantInfo | null = null, args: Ty[] = [];
  if (segs.length === 1 && segs[0].name.name === 'Self') {
    const s = bc.typeScope.selfTy ? bc.u.shallow(bc.typeScope.selfTy) : null;
    if (s && s.k === 'adt' && s.def.adt === 'struct') { adt = s.def; variant = s.def.variants[0]; args = s.args; }
  } else {
    const d = bc.c.resolvePath(bc.def.module, segs.map(s => s.name), 'types', false)
      ?? bc.c.resolvePath(bc.def.module, segs.map(s => s.name), 'values', false);
    if (d && d.kind === 'adt' && d.adt === 'struct') {
      adt = d; variant = d.variants[0];
      const g = segs[segs.length - 1].generics;
      args = g ? g.map(x => bc.resolveType(x)) : d.generics.map(() => bc.u.fresh());
    } else if (d && d.kind === 'variant') {
      adt = d.adt; variant = d.variant; args = d.adt.generics.map(() => bc.u.fresh());
    } else if (!d && segs.length >= 2) {
      const owner = bc.resolveType({ kind: 'path', segments: segs.slice(0, -1), span: e.path.span });
      const o = bc.u.shallow(owner);
      if (o.k === 'adt' && o.def.adt === 'enum') {
        const v = o.def.variants.find(v => v.name === segs[segs.length - 1].name.name);
        if (v) { adt = o.def; variant = v; args = o.args; }
      }
    }
  }
  if (!adt || !variant) {
    for (const f of e.fields) bc.checkExpr(f.value, null);
    const last = segs[segs.length - 1].name;
    return bc.error(`cannot find struct or variant \`${segs.map(s => s.name.name).join('::')}\``, last.span);
  }
  const self: Ty = { k: 'adt', def: adt, args };
  bc.out.res.set(e, { k: 'variant', adt, variant, args });
  const s = makeSubst(adt.generics, args);
  const seen = new Set<string>();
  for (const f of e.fields) {
    const fd = variant.fields.find(x => x.name === f.name.name);
    if (!fd) {
      bc.checkExpr(f.value, null);
      bc.error(`struct \`${variant.name}\` has no field named \`${f.name.name}\``, f.name.span, didYouMean(f.name.name, variant.fields.map(x => x.name)));
      continue;
    }
    if (seen.has(f.name.name)) bc.error(`field \`${f.name.name}\` specified more than once`, f.name.span);
    seen.add(f.name.name);
    bc.coerce(f.value, bc.freshen(substTy(fd.ty, s)));
  }
  if (e.base) bc.coerce(e.base, self);
  else {
    const missing = variant.fields.filter(f => !seen.has(f.name)).map(f => f.name);
    if (missing.length && variant.shape === 'named') {
      bc.error(`missing field${missing.length > 1 ? 's' : ''} ${missing.map(m => '`' + m + '`').join(', ')} in initializer of \`${variant.name}\``, e.path.span);
    }
  }
  return self;
}

// ---------------------------------------------------------------- macros

export function checkMacro(bc: BodyChecker, e: ast.MacroExpr, expected: Ty | null): Ty {
  switch (e.form) {
    case 'format': {
      if (e.target) {
        // write!(f, ...) / writeln!(f, ...): into a std::fmt::Formatter; yields fmt::Result.
        const ft = bc.u.zonk(bc.checkExpr(e.target, null));
        const fmtDef = bc.c.stdTypes.formatter;
        if (ft.k !== 'error' && !(ft.k === 'adt' && ft.def === fmtDef)) bc.error(`\`${e.name}!\` writes into a \`fmt::Formatter\`, not \`${showTy(ft)}\``, e.target.span);
        checkFormat(bc, e.format, e.args, e.name);
        const result = bc.c.stdTypes.result;
        const errDef = bc.c.stdTypes.fmtError;
        if (!result || !errDef) return bc.error('std::fmt::Error is missing', e.span);
        return { k: 'adt', def: result, args: [UNIT, { k: 'adt', def: errDef, args: [] }] };
      }
      checkFormat(bc, e.format, e.args, e.name);
      switch (e.name) {
        case 'format': return STRING;
        case 'panic': case 'unreachable': case 'todo': case 'unimplemented': return NEVER;
        default: return UNIT;
      }
    }
    case 'assert':
      bc.coerce(e.cond, BOOL);
      checkFormat(bc, e.format, e.args, e.name);
      return UNIT;
    case 'assertEq': {
      const lt = bc.checkExpr(e.left, null);
      const rt = bc.checkExpr(e.right, lt);
      bc.expect(lt, rt, e.right.span);
      checkFormat(bc, e.format, e.args, e.name);
      const debug = bc.c.langTraits.get('Debug');
      bc.deferredChecks.push(() => {
        const t = bc.u.zonk(lt, true);
        if (debug && !bc.traits.implements(bc.u, t, debug)) bc.error(`\`${showTy(t)}\` doesn't implement \`Debug\``, e.left.span, t.k === 'adt' ? `add \`#[derive(Debug)]\` to \`${t.def.name}\`` : undefined);
      });
      return UNIT;
    }
    case 'vec': {
      const exp = expected ? bc.u.shallow(expected) : null;
      const elem = exp && isStd(exp, 'vec') ? exp.args[0] : bc.u.fresh();
      if (e.repeat) {
        bc.coerce(e.repeat.value, elem);
        bc.coerce(e.repeat.count, INT);
      } else for (const x of e.elems) bc.coerce(x, elem);
      return bc.vecOf(elem);
    }
    default: { const n: never = e; void n; return ERROR; }
  }
}

function checkFormat(bc: BodyChecker, fmt: ast.FormatString | null, args: ast.Expr[], macro: string): void {
  const argTys = args.map(a => bc.checkExpr(a, null));
  if (!fmt) {
    if (args.length) bc.error(`format argument must be a string literal`, args[0].span, `write \`${macro}!("{}", ...)\``);
    return;
  }
  const used = new Array(args.length).fill(false);
  let next = 0;
  for (const piece of fmt.pieces) {
    if (piece.kind !== 'hole') continue;
    let expr: ast.Expr | null = null, ty: Ty = ERROR, res: Res | null = null;
    const a = piece.arg;
    if (a.kind === 'next' || a.kind === 'index') {
      const i = a.kind === 'next' ? next++ : a.index;
      if (i >= args.length) {
        const holes = fmt.pieces.filter(p => p.kind === 'hole' && p.arg.kind !== 'name').length;
        bc.error(`${holes} positional argument${holes === 1 ? '' : 's'} in format string, but there ${args.length === 1 ? 'is' : 'are'} ${args.length} argument${args.length === 1 ? '' : 's'}`, piece.span);
        continue;
      }
      used[i] = true;
      expr = args[i]; ty = argTys[i];
    } else {
      const v = bc.lookupLocal(a.name);
      if (v) { res = { k: 'local', local: v }; ty = v.ty; }
      else {
        const d = bc.c.lookupIn(bc.def.module, 'values', a.name, true);
        if (d && (d.kind === 'const' || d.kind === 'static')) { res = d.kind === 'const' ? { k: 'const', def: d } : { k: 'static', def: d }; ty = d.ty; if (d.kind === 'const') bc.pc.requestConst(d); }
        else { bc.error(`cannot find value \`${a.name}\` in this scope`, piece.span); continue; }
      }
    }
    const info = { expr, res, ty };
    bc.out.formats.set(piece, info);
    const spec = piece.spec;
    bc.deferredChecks.push(() => {
      const t = bc.u.zonk(ty, true);
      info.ty = t;
      if (t.k === 'error') return;
      const traitName = spec.type === '?' ? 'Debug' : spec.type === '' ? 'Display' : spec.type === 'e' || spec.type === 'E' ? 'LowerExp' : 'LowerHex';
      if (traitName === 'LowerHex') {
        if (!isInt(t)) bc.error(`\`{:${spec.type}}\` needs an integer, found \`${showTy(t)}\``, piece.span);
        return;
      }
      if (traitName === 'LowerExp') {
        if (!isFloat(t) && !isInt(t)) bc.error(`\`{:${spec.type}}\` needs a number, found \`${showTy(t)}\``, piece.span);
        return;
      }
      const trait = bc.c.langTraits.get(traitName);
      if (trait && !bc.traits.implements(bc.u, t, trait)) {
        bc.error(`\`${showTy(t)}\` doesn't implement \`${traitName}\``, piece.span,
          traitName === 'Debug' && t.k === 'adt' ? `add \`#[derive(Debug)]\` to \`${t.def.name}\``
            : traitName === 'Display' ? 'use `{:?}` to print with Debug formatting' : undefined);
      }
    });
  }
  used.forEach((u, i) => { if (!u) bc.error(`argument never used`, args[i].span, 'add a `{}` for it in the format string, or remove it'); });
}

export function floatTy(): Ty { return F64; }
export type { FnRef };

/** Types whose `T::default()` the compiler provides: numbers, bool, char, String,
 *  tuples of them, std collections, Option, and #[derive(Default)] structs. */
function hasBuiltinDefault(t: Ty): boolean {
  switch (t.k) {
    case 'prim': return t.name !== 'never';
    case 'string': return true;
    case 'tuple': return t.elems.every(hasBuiltinDefault);
    case 'array': return hasBuiltinDefault(t.elem);
    case 'adt':
      if (t.def.lang === 'vec' || t.def.lang === 'hashMap' || t.def.lang === 'hashSet' || t.def.lang === 'option') return true;
      return t.def.derives.has('Default') && t.def.adt === 'struct';
    default: return false;
  }
}

/** Reports a call of a private inherent method or associated function from outside its module tree. */
function checkMethodVisible(bc: BodyChecker, f: FnDef, span: Span): void {
  if (!f.impl || f.impl.trait || f.item.pub || bc.samePrivacyScope(f)) return;
  const owner = f.module.path.join('::') || 'crate';
  bc.error(`method \`${f.name}\` is private`, span, `mark it \`pub\` in \`${owner}\` to use it here`);
}

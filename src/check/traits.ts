// Trait implementation queries and method lookup on concrete types.
//
// The language traits (Clone, Debug, Display, PartialEq, Eq, Hash, Ord, PartialOrd,
// Default) are implemented by the compiler for numbers, bool, char, String, tuples,
// arrays and the std collections, and by `#[derive]` for user types: lowering generates
// those bodies structurally. User-written `impl Trait for T` blocks are ordinary impls.

import { Collector } from './collect.js';
import { Unifier } from './infer.js';
import { RECURSION_LIMIT, tyTooBig } from './limits.js';
import { AdtDef, FnDef, ImplDef, StdTypeName, TraitDef, Ty, TypeParamDef, isFloat, isInt, makeSubst, substTy, tyKey } from './types.js';

export const LANG_TRAITS = new Set(['Clone', 'Copy', 'Debug', 'Display', 'PartialEq', 'Eq', 'Hash', 'Ord', 'PartialOrd', 'Default']);

/** Std types whose lang-trait support the compiler provides structurally. */
const STD_STRUCTURAL = new Set<StdTypeName>(['vec', 'hashMap', 'hashSet', 'option', 'result', 'ordering', 'range']);

export class TraitEnv {
  constructor(readonly c: Collector) {}

  /** Instantiate an impl's generics with fresh vars and unify its self type with `ty`. */
  matchImpl(u: Unifier, impl: ImplDef, ty: Ty): Ty[] | null {
    const vars = impl.generics.map(() => u.fresh());
    const s = makeSubst(impl.generics, vars);
    const self = substTy(impl.selfTy, s);
    const snap = u.snapshot();
    if (!u.unify(self, ty)) { u.rollback(snap); return null; }
    // Bounds of the impl's params must hold (when known); their trait arguments are
    // unified, which infers the hidden parameters of associated types (check/assoc.ts).
    for (let i = 0; i < impl.generics.length; i++) {
      const arg = u.zonk(vars[i]);
      if (u.shallow(arg).k === 'var') continue;
      for (const b of impl.generics[i].bounds) {
        if (!this.implementsRef(u, arg, b.trait, b.args.map(a => substTy(a, s)))) { u.rollback(snap); return null; }
      }
    }
    return vars;
  }

  /**
   * Does `ty` implement `trait` with these trait arguments? On success the arguments are
   * unified with the implementation's (so an associated type's variable learns its type).
   */
  implementsRef(u: Unifier, ty: Ty, trait: TraitDef, args: Ty[]): boolean {
    if (args.length === 0) return this.implements(u, ty, trait);
    ty = u.shallow(ty);
    if (ty.k === 'var' || ty.k === 'error') return true;
    const unifyArgs = (have: Ty[]): boolean => {
      const snap = u.snapshot();
      if (have.length === args.length && have.every((a, i) => u.unify(a, args[i]))) return true;
      u.rollback(snap);
      return false;
    };
    if (ty.k === 'param') {
      const refs = ty.def.bounds.flatMap(b => [b, ...b.trait.supertraits]);
      return refs.some(b => b.trait === trait && unifyArgs(b.args));
    }
    if (ty.k === 'dyn' && ty.trait === trait) return unifyArgs(ty.args);
    for (const impl of trait.impls) {
      const snap = u.snapshot();
      const vars = this.matchImpl(u, impl, ty);
      if (vars && unifyArgs(this.implTraitArgs(impl, vars))) return true;
      u.rollback(snap);
    }
    return false;
  }

  /** The trait arguments of an impl (`impl Iterator for Counter` -> [int] for Item), instantiated. */
  implTraitArgs(impl: ImplDef, args: Ty[]): Ty[] {
    const s = makeSubst(impl.generics, args);
    return (impl.trait?.args ?? []).map(a => substTy(a, s));
  }

  /** Does concrete type `ty` implement `trait`? Unknown (var) types answer true. */
  implements(u: Unifier, ty: Ty, trait: TraitDef): boolean {
    ty = u.shallow(ty);
    if (ty.k === 'var' || ty.k === 'error') return true;
    if (ty.k === 'param') return ty.def.bounds.some(b => b.trait === trait || b.trait.supertraits.some(s => s.trait === trait));
    if (ty.k === 'dyn' && (ty.trait === trait || ty.trait.supertraits.some(s => s.trait === trait))) return true;
    if (this.isLangTrait(trait) && this.builtinImplements(u, ty, trait.name)) return true;
    for (const impl of trait.impls) {
      const snap = u.snapshot();
      const args = this.matchImpl(u, impl, ty);
      u.rollback(snap);
      if (args) {
        if (impl.derived) return this.derivedHolds(u, ty, impl.derived);
        return true;
      }
    }
    return false;
  }

  isLangTrait(t: TraitDef): boolean {
    return LANG_TRAITS.has(t.name) && this.c.langTraits.get(t.name) === t;
  }

  /**
   * Derived impls hold when every field's type implements the trait too. A type that
   * contains itself (`enum Json { Array(Vec<Json>), .. }`) is assumed to while its own
   * fields are checked (coinduction, as Rust does), or the check would never end.
   */
  private derivedHolds(u: Unifier, ty: Ty, trait: string): boolean {
    if (ty.k !== 'adt') return true;
    // A type holding a bigger instance of itself (`S<T>` with an `S<(T, T)>` field) would
    // be asked about forever: assume it holds; lowering reports the runaway (limits.ts).
    if (this.derivedInProgress.size >= RECURSION_LIMIT || tyTooBig(ty)) return true;
    const key = `${trait} ${tyKey(ty)}`;
    if (this.derivedInProgress.has(key)) return true;
    const s = makeSubst(ty.def.generics, ty.args);
    const t = this.c.langTraits.get(trait);
    if (!t) return true;
    this.derivedInProgress.add(key);
    try {
      return ty.def.variants.every(v => v.fields.every(f => {
        const ft = substTy(f.ty, s);
        return ft.k === 'adt' && ft.def === ty.def ? true : this.implements(u, ft, t);
      }));
    } finally {
      this.derivedInProgress.delete(key);
    }
  }
  private readonly derivedInProgress = new Set<string>();

  /** The compiler's own implementations of the language traits. */
  builtinImplements(u: Unifier, ty: Ty, trait: string): boolean {
    ty = u.shallow(ty);
    const rec = (t: Ty) => {
      const tr = this.c.langTraits.get(trait);
      return tr ? this.implements(u, t, tr) : true;
    };
    switch (ty.k) {
      case 'prim':
        if (ty.name === 'unit') return trait !== 'Display' && trait !== 'Default' ? true : trait === 'Default';
        if (ty.name === 'never') return true;
        if (isFloat(ty)) return trait !== 'Eq' && trait !== 'Hash' && trait !== 'Ord';
        return true;
      case 'string': return true;
      case 'tuple': return trait !== 'Display' && ty.elems.every(rec);
      case 'array': return trait !== 'Display' && rec(ty.elem);
      case 'adt': {
        if (trait === 'Default' && ty.def.derives.has('Default')) return true;
        const lang = ty.def.lang;
        if (!lang || !STD_STRUCTURAL.has(lang)) return false;
        if (trait === 'Default') return lang === 'vec' || lang === 'hashMap' || lang === 'hashSet' || lang === 'option';
        if (trait === 'Display') return false;
        if (ty.def.derives.has(trait)) return ty.args.every(rec);
        if (lang === 'vec' || lang === 'hashMap' || lang === 'hashSet') {
          if (trait === 'Hash' || trait === 'Ord' || trait === 'PartialOrd') return lang === 'vec' && ty.args.every(rec);
          return ty.args.every(rec);
        }
        return false;
      }
      case 'fn': return trait === 'Clone';
      case 'dyn': return trait === 'Clone';
      default: return false;
    }
  }

  /** Every trait that declares a method with this name. */
  traitsWithMethod(name: string): TraitDef[] {
    return this.c.traits.filter(t => t.methods.has(name));
  }

  /** Inherent impls whose self type can match `ty`. */
  inherentImpls(ty: Ty): ImplDef[] {
    const key = this.c.headKey(ty);
    return key ? this.c.inherent.get(key) ?? [] : [];
  }

  /** The impl of `trait` for `ty`, with its generic args, if one is written or derived. */
  findImpl(u: Unifier, trait: TraitDef, ty: Ty): { impl: ImplDef; args: Ty[] } | null {
    for (const impl of trait.impls) {
      const args = this.matchImpl(u, impl, ty);
      if (args) return { impl, args };
    }
    return null;
  }
}

export function isIntegral(t: Ty): boolean { return isInt(t) || (t.k === 'prim' && (t.name === 'char' || t.name === 'bool')); }

export type { AdtDef, FnDef, TypeParamDef };

// What the phases after checking, and tools, may ask the checker: a narrow, read-only
// interface over a checked program, so they never reach into its internals (the
// collector's module tree, the trait environment, unifiers). Nothing here changes what
// the checker decided, and a query never reports a diagnostic.
//
// Lowering asks for checked bodies of function instances, their symbols, the std types
// table, and methods of concrete types, instantiated. The language server (src/lsp/)
// asks which definition an item of the AST is, the checked bodies of a function, and
// what a type offers after `.` and `::` (fields and methods with the receiver's
// generics instantiated, variants, associated functions, a module's items); positions
// it maps to nodes itself, since every node and definition carries a span.

import * as ast from '../syntax/ast.js';
import { isPub } from './collect.js';
import { Unifier } from './infer.js';
import type { ProgramChecker } from './index.js';
import type { StdTypes } from './std.js';
import { CheckedFn, FnRef } from './typed.js';
import {
  AdtDef, ConstDef, Def, FieldInfo, FnDef, ImplDef, INT, ModuleDef, StaticDef, TraitDef, Ty, VariantInfo,
  makeSubst, substTy, vtableMethods,
} from './types.js';

/** Something that can follow `.` or `::`, typed as seen from the receiver. */
export type Member =
  | { kind: 'field'; name: string; ty: Ty; field: FieldInfo; owner: AdtDef | null }
  /** A function of an impl or trait; `params` and `ret` with the receiver's generics substituted. */
  | { kind: 'method'; name: string; fn: FnDef; params: Ty[]; ret: Ty }
  | { kind: 'variant'; name: string; adt: AdtDef; variant: VariantInfo }
  | { kind: 'const'; name: string; def: ConstDef; ty: Ty }
  /** An item of a module (`std::math::` offers `sqrt`, `PI`, ...). */
  | { kind: 'item'; name: string; def: Def };

export class CheckerQueries {
  /** Checked bodies by function, and functions by their item: built at the first tool query. */
  private bodies: Map<FnDef, CheckedFn[]> | null = null;
  private fnOfItem: Map<ast.FnItem, FnDef> | null = null;

  constructor(private readonly pc: ProgramChecker) {}

  /** The std types the compiler knows (check/std.ts). */
  get std(): StdTypes { return this.pc.collector.stdTypes; }

  /** The checked body of a function instance (checked now if nothing asked for it yet). */
  instance(ref: FnRef): CheckedFn { return this.pc.instance(ref); }

  /** The unique symbol of a function instance (`std::vec::Vec<int>::push`). */
  symbol(ref: FnRef): string { return this.pc.nameOf(ref); }

  /** A const's or static's initializer, as a function of no arguments. */
  valueFn(def: ConstDef | StaticDef): FnDef { return this.pc.valueFn(def); }

  /** A function of runtime/, by name. */
  runtimeFn(name: string): FnRef | null {
    const d = this.pc.collector.runtime.values.get(name);
    return d && d.kind === 'fn' ? { def: d, args: [] } : null;
  }

  /** An item of a std module (`std::chan`'s `RecvCase`) in the type or value namespace. */
  stdItem(module: string, name: string, ns: 'types' | 'values'): Def | null {
    const m = this.pc.collector.std.types.get(module);
    return (m && m.kind === 'module' ? m[ns].get(name) : undefined) ?? null;
  }

  /** A language trait (Clone, Debug, PartialEq, ...) by name. */
  langTrait(name: string): TraitDef | null { return this.pc.collector.langTraits.get(name) ?? null; }

  /** An inherent method of concrete type `t` (with no generics of its own), instantiated for `t`. */
  inherentMethod(t: Ty, name: string): FnRef | null {
    const u = new Unifier();
    for (const impl of this.pc.traits.inherentImpls(t)) {
      const m = impl.methods.get(name);
      if (!m) continue;
      const args = this.pc.traits.matchImpl(u, impl, t);
      if (args) return { def: m, args: args.map(a => u.zonk(a)) };
    }
    return null;
  }

  /**
   * `t`'s implementation of `trait` and its method `name`, instantiated: the impl's own
   * method, else the trait's default body (`ref` null if neither exists). null when `t`
   * has no impl of `trait`; `derived` for #[derive]d impls, whose code lowering
   * generates structurally.
   */
  implMethod(trait: TraitDef, t: Ty, name: string): { ref: FnRef | null; derived: boolean } | null {
    const u = new Unifier();
    const found = this.pc.traits.findImpl(u, trait, t);
    if (!found) return null;
    const derived = found.impl.derived !== null;
    const m = found.impl.methods.get(name);
    if (m) return { ref: { def: m, args: found.args.map(a => u.zonk(a)) }, derived };
    const tm = trait.methods.get(name);
    // The trait's own parameters do not matter to a default body lowering asks for.
    if (tm && tm.item.body) return { ref: { def: tm, args: [t, ...trait.generics.map(() => INT)] }, derived };
    return { ref: null, derived };
  }

  // ------------------------------------------------------------ definitions of items

  /** The function a `fn` item declares (free, in an impl, or in a trait). */
  fnOf(item: ast.FnItem): FnDef | undefined { return this.index().fnOfItem.get(item); }

  /** The checked instances of a function, a const or a static (the abstract one for generic user code). */
  bodiesOf(item: ast.FnItem | ast.ConstItem | ast.StaticItem): CheckedFn[] {
    if (item.kind === 'fn') {
      const def = this.fnOf(item);
      return def ? this.index().bodies.get(def) ?? [] : [];
    }
    const value = this.valueOf(item);
    return value ? this.index().bodies.get(this.pc.valueFn(value)) ?? [] : [];
  }

  valueOf(item: ast.ConstItem | ast.StaticItem): ConstDef | StaticDef | undefined {
    return item.kind === 'const' ? this.pc.collector.consts.find(c => c.item === item) : this.pc.collector.statics.find(s => s.item === item);
  }

  adtOf(item: ast.StructItem | ast.EnumItem): AdtDef | undefined { return this.pc.collector.adts.find(a => a.item === item); }
  traitOf(item: ast.TraitItem): TraitDef | undefined { return this.pc.collector.traits.find(t => t.item === item); }
  implOf(item: ast.ImplItem): ImplDef | undefined { return this.pc.collector.impls.find(i => i.item === item); }

  /** std::prelude, whose names every module sees. */
  get prelude(): ModuleDef | null { return this.pc.collector.prelude; }

  /** The module `path` names from the crate root (inline and file modules alike). */
  moduleAt(path: string[]): ModuleDef {
    let m = this.pc.collector.root;
    for (const name of path) {
      const d = m.types.get(name);
      if (!d || d.kind !== 'module') break;
      m = d;
    }
    return m;
  }

  /** What a path names in `ns` as seen from `from`, or undefined; reports nothing. */
  resolve(from: ModuleDef, names: string[], ns: 'types' | 'values'): Def | undefined {
    if (names.length === 0) return undefined;
    const idents = names.map(name => ({ name, span: { file: 0, start: 0, end: 0 } }));
    return this.pc.collector.resolvePath(from, idents, ns, false);
  }

  // ------------------------------------------------------------ what follows `.`

  /** Fields and methods of a value of type `ty`, as `from` may use them. */
  members(ty: Ty, from: ModuleDef): Member[] {
    const out: Member[] = [];
    const seen = new Set<string>();
    const add = (m: Member) => { if (!seen.has(m.name)) { seen.add(m.name); out.push(m); } };
    if (ty.k === 'adt' && ty.def.adt === 'struct') {
      const s = makeSubst(ty.def.generics, ty.args);
      for (const f of ty.def.variants[0]?.fields ?? []) {
        if (this.visible(f.pub, ty.def.module, from)) add({ kind: 'field', name: f.name, ty: substTy(f.ty, s), field: f, owner: ty.def });
      }
    }
    if (ty.k === 'tuple') ty.elems.forEach((e, i) => add({ kind: 'field', name: String(i), ty: e, field: { name: String(i), ty: e, pub: true, span: { file: 0, start: 0, end: 0 } }, owner: null }));
    for (const m of this.methods(ty, from)) add(m);
    if (ty.k === 'array') for (const m of this.methods(this.vecOf(ty.elem), from)) add(m);
    return out;
  }

  private methods(ty: Ty, from: ModuleDef): Member[] {
    const out: Member[] = [];
    const u = new Unifier();
    const method = (fn: FnDef, subst: Map<number, Ty>): Member =>
      ({ kind: 'method', name: fn.name, fn, params: fn.params.map(p => substTy(p, subst)), ret: substTy(fn.ret, subst) });
    const usable = (fn: FnDef) => fn.hasSelf && (!fn.intrinsic || from.privileged) && this.visible(fn.item.pub || fn.trait !== null || fn.impl?.trait != null, fn.module, from);
    if (ty.k === 'param') {
      for (const b of ty.def.bounds.flatMap(b => [b, ...b.trait.supertraits])) {
        const s = makeSubst([b.trait.selfParam, ...b.trait.generics], [ty, ...b.args]);
        for (const fn of b.trait.methods.values()) if (usable(fn)) out.push(method(fn, s));
      }
      return out;
    }
    for (const impl of this.pc.collector.inherent.get(this.pc.collector.headKey(ty) ?? '') ?? []) {
      const args = this.pc.traits.matchImpl(u, impl, ty);
      if (!args) continue;
      const s = makeSubst(impl.generics, args.map(a => u.zonk(a)));
      for (const fn of impl.methods.values()) if (usable(fn)) out.push(method(fn, s));
    }
    if (ty.k === 'dyn') {
      for (const slot of vtableMethods(ty.trait)) {
        const fn = slot.trait.methods.get(slot.name)!;
        out.push(method(fn, makeSubst([slot.trait.selfParam, ...slot.trait.generics], [ty, ...ty.args])));
      }
    }
    for (const trait of this.pc.collector.traits) {
      if (trait.methods.size === 0 || !this.pc.traits.implements(u, ty, trait)) continue;
      const found = this.pc.traits.findImpl(u, trait, ty);
      const traitArgs = found?.impl.trait?.args.map(a => substTy(a, makeSubst(found.impl.generics, found.args.map(x => u.zonk(x))))) ?? [];
      const s = makeSubst([trait.selfParam, ...trait.generics], [ty, ...traitArgs]);
      for (const fn of trait.methods.values()) {
        const own = found?.impl.methods.get(fn.name);
        if (own && usable(own)) out.push(method(own, makeSubst(found!.impl.generics, found!.args.map(x => u.zonk(x)))));
        else if (usable(fn)) out.push(method(fn, s));
      }
    }
    return out;
  }

  // ------------------------------------------------------------ what follows `::`

  /** Variants, associated functions and constants of a type (`Shape::`, `Vec::`, `String::`). */
  associated(ty: Ty, from: ModuleDef): Member[] {
    const out: Member[] = [];
    if (ty.k === 'adt' && ty.def.adt === 'enum') {
      for (const v of ty.def.variants) out.push({ kind: 'variant', name: v.name, adt: ty.def, variant: v });
    }
    if (ty.k === 'dyn') {
      for (const fn of ty.trait.methods.values()) out.push({ kind: 'method', name: fn.name, fn, params: fn.params, ret: fn.ret });
      return out;
    }
    const u = new Unifier();
    for (const impl of this.pc.collector.inherent.get(this.pc.collector.headKey(ty) ?? '') ?? []) {
      const args = this.pc.traits.matchImpl(u, impl, ty);
      if (!args) continue;
      const s = makeSubst(impl.generics, args.map(a => u.zonk(a)));
      for (const fn of impl.methods.values()) {
        if ((fn.intrinsic && !from.privileged) || !this.visible(fn.item.pub, fn.module, from)) continue;
        out.push({ kind: 'method', name: fn.name, fn, params: fn.params.map(p => substTy(p, s)), ret: substTy(fn.ret, s) });
      }
      for (const c of impl.consts.values()) {
        if (this.visible(c.item.pub, c.module, from)) out.push({ kind: 'const', name: c.name, def: c, ty: substTy(c.ty, s) });
      }
    }
    for (const impl of this.pc.collector.impls) {
      if (!impl.trait || impl.derived || !impl.item) continue;
      const args = this.pc.traits.matchImpl(u, impl, ty);
      if (!args) continue;
      const s = makeSubst(impl.generics, args.map(a => u.zonk(a)));
      for (const fn of impl.methods.values()) {
        if (!out.some(m => m.name === fn.name)) out.push({ kind: 'method', name: fn.name, fn, params: fn.params.map(p => substTy(p, s)), ret: substTy(fn.ret, s) });
      }
    }
    return out;
  }

  /** The items of a module that `from` may name. */
  moduleItems(mod: ModuleDef, from: ModuleDef): Member[] {
    const out: Member[] = [];
    const seen = new Set<string>();
    for (const ns of [mod.types, mod.values]) {
      for (const [name, def] of ns) {
        if (seen.has(name) || !this.visible(isPub(def), ownerOf(def) ?? mod, from)) continue;
        if (def.kind === 'fn' && def.intrinsic && !from.privileged) continue;
        seen.add(name);
        out.push({ kind: 'item', name, def });
      }
    }
    return out;
  }

  // ------------------------------------------------------------ helpers

  vecOf(elem: Ty): Ty {
    const vec = this.std.vec;
    return vec ? { k: 'adt', def: vec, args: [elem] } : elem;
  }

  /** Private items are visible in their module and its children; runtime/ and std/ see everything. */
  private visible(pub: boolean, owner: ModuleDef, from: ModuleDef): boolean {
    if (pub || from.privileged) return true;
    for (let m: ModuleDef | null = from; m; m = m.parent) if (m === owner) return true;
    return false;
  }

  private index(): { bodies: Map<FnDef, CheckedFn[]>; fnOfItem: Map<ast.FnItem, FnDef> } {
    if (!this.bodies || !this.fnOfItem) {
      this.bodies = new Map();
      this.fnOfItem = new Map();
      for (const body of this.pc.checkedBodies()) {
        const list = this.bodies.get(body.def) ?? [];
        list.push(body);
        this.bodies.set(body.def, list);
        this.fnOfItem.set(body.def.item, body.def);
      }
      for (const f of this.pc.collector.fns) this.fnOfItem.set(f.item, f);
    }
    return { bodies: this.bodies, fnOfItem: this.fnOfItem };
  }
}

function ownerOf(d: Def): ModuleDef | undefined {
  switch (d.kind) {
    case 'fn': case 'adt': case 'trait': case 'const': case 'static': case 'alias': return d.module;
    case 'module': return d.parent ?? undefined;
    default: return undefined;
  }
}


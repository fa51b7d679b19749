// What the phases after checking may ask the checker: a narrow, read-only interface
// over a checked program, so they never reach into its internals (the collector's
// module tree, the trait environment, unifiers).
//
// Lowering is its first client: checked bodies of function instances, their symbols,
// the std types table, and methods of concrete types, instantiated. The language
// server is the next; it will add position queries here (the type of the expression at
// a file offset, the definition a name resolves to, the members of a type), answered
// from the same CheckedFn maps (exprTypes, res, methods are keyed by AST nodes, which
// carry spans) and the collector's definitions, which also carry spans.

import { Unifier } from './infer.js';
import type { ProgramChecker } from './index.js';
import type { StdTypes } from './std.js';
import { CheckedFn, FnRef } from './typed.js';
import { ConstDef, Def, FnDef, INT, StaticDef, TraitDef, Ty } from './types.js';

export class CheckerQueries {
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
}

// Associated types, kept as type parameters.
//
// A trait's `type Item;` is one more parameter of the trait (TraitDef.generics, listed
// by name in assocTypes), so `Iterator` is, to the checker, `Iterator<Item>`:
//
//   trait Iterator { type Item; fn next(&mut self) -> Option<Self::Item>; }
//       Self::Item inside the trait = the trait's parameter Item (Self's bound on its
//       own trait carries the trait's parameters)
//   impl Iterator for Counter { type Item = int; ... }
//       the impl's trait reference is Iterator<int>; Self::Item inside it is int
//   fn sum_all<I: Iterator<Item = int>>(it: I)     the bound is Iterator<int>
//   fn first<I: Iterator>(it: I) -> Option<I::Item>
//       the bound gets a *hidden* parameter of `first` for Item: Iterator<I::Item>,
//       and I::Item names it. Hidden parameters are never written in a turbofish; the
//       body checker infers them from the bound once I is known (BodyChecker
//       solveBounds: the impl of Iterator for I's type gives its trait arguments).
//
// As generics are checked per instantiation, a concrete instance has no parameters
// left: I::Item is whatever the impl says. What is not supported: supertraits with
// associated types (`trait T: Iterator` cannot name Self::Item), associated types with
// bounds or generics, and projections of concrete types (`Counter::Item`).

import * as ast from '../syntax/ast.js';
import { DiagnosticBag } from '../diag/index.js';
import { TraitDef, TraitRef, Ty, TypeParamDef } from './types.js';

/** The associated type declarations of a trait item, as parameters (after its own). */
export function assocTypeParams(item: ast.TraitItem, freshId: () => number): TypeParamDef[] {
  return item.items.filter((m): m is ast.TypeAliasItem => m.kind === 'type' && m.ty === null)
    .map(m => ({ name: m.name.name, id: freshId(), bounds: [], span: m.span, assoc: 'trait' as const }));
}

/**
 * The arguments of a trait reference `Trait<A, B, Item = C>`: the written ones, then one
 * per associated type: its binding, else from `unbound(name)` (a hidden parameter of a
 * bound, or a placeholder the impl fills in), else an error.
 */
export function traitRefArgs(
  trait: TraitDef, seg: ast.PathSegment, resolve: (t: ast.Type) => Ty, diags: DiagnosticBag,
  unbound: ((assoc: TypeParamDef) => Ty) | null,
): Ty[] {
  const own = trait.generics.filter(g => g.assoc !== 'trait');
  const args = (seg.generics ?? []).map(resolve);
  if (args.length !== own.length && !(args.length === 0 && own.length === 0)) {
    diags.error(`trait \`${trait.name}\` takes ${own.length} generic argument${own.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} supplied`, seg.name.span);
  }
  while (args.length < own.length) args.push({ k: 'error' });
  args.length = own.length;
  const bindings = new Map((seg.bindings ?? []).map(b => [b.name.name, b] as const));
  for (const b of seg.bindings ?? []) {
    if (!trait.assocTypes.has(b.name.name)) diags.error(`trait \`${trait.name}\` has no associated type \`${b.name.name}\``, b.name.span);
  }
  for (const [name, param] of trait.assocTypes) {
    const b = bindings.get(name);
    if (b) args.push(resolve(b.ty));
    else if (unbound) args.push(unbound(param));
    else {
      diags.error(`the value of the associated type \`${name}\` in \`${trait.name}\` must be specified`, seg.name.span, `write \`${trait.name}<${name} = T>\``);
      args.push({ k: 'error' });
    }
  }
  return args;
}

/** Where associated type `name` is in a trait reference's arguments, or -1. */
export function assocIndex(trait: TraitDef, name: string): number {
  const p = trait.assocTypes.get(name);
  return p ? trait.generics.indexOf(p) : -1;
}

/** `P::Name` for a parameter P: the argument for Name in one of P's bounds (or their supertraits). */
export function paramAssoc(p: TypeParamDef, name: string): Ty | null {
  const seen = new Set<TraitDef>();
  const visit = (refs: TraitRef[]): Ty | null => {
    for (const r of refs) {
      if (seen.has(r.trait)) continue;
      seen.add(r.trait);
      const i = assocIndex(r.trait, name);
      if (i >= 0 && r.args[i]) return r.args[i];
      const inner = visit(r.trait.supertraits);
      if (inner) return inner;
    }
    return null;
  };
  return visit(p.bounds);
}

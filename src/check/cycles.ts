// Definitions that depend on themselves: compile errors that name the cycle
// (`cycle in type alias: A -> B -> A`), never a compiler that recurses until JavaScript's
// stack overflows or a program that recurses until its own does. docs/spec.md §3.9.
//
// - Type aliases are expanded where they are used, so `type A = B; type B = A;` or
//   `type T = Vec<T>;` would expand forever (collect.ts keeps the aliases being expanded).
// - Constants are evaluated where they are used (array lengths and discriminants by the
//   checker, every other use at run time), so a constant may not depend on itself,
//   directly or through the functions its value calls.
// - Statics are initialised once, before `main`, in dependency order (as Go orders its
//   package variables): a static that reads another, directly or through functions it
//   calls, is initialised after it; one that depends on itself is an error.
// - Supertraits: `trait A: B {}` with `trait B: A {}`.
// - Types that can never be built. Structs and enums are references, so a type may hold
//   itself (`struct Node { next: Option<Node> }` is a linked list), but there is no null:
//   a type whose every value needs a value of itself first (`struct Node { next: Node }`,
//   an enum whose every variant holds one) has no values at all.

import { DiagnosticBag } from '../diag/index.js';
import { Span } from '../source/index.js';
import type { Collector } from './collect.js';
import type { ProgramChecker } from './index.js';
import { CheckedFn, FnRef } from './typed.js';
import { tyTooBig } from './limits.js';
import { AdtDef, ConstDef, FnDef, StaticDef, TraitDef, Ty, makeSubst, substTy, tyKey } from './types.js';

export interface CycleMember {
  name: string;
  span: Span;
  /** A definition the message may start at (functions on the way are not). */
  via?: boolean;
}

/**
 * `cycle in WHAT: A -> B -> A`, at the member declared first: the same cycle found from
 * any of its members reads the same and is reported once.
 */
export function reportCycle(diags: DiagnosticBag, what: string, members: CycleMember[], hint?: string): void {
  let first = members.findIndex(m => !m.via);
  if (first < 0) return;
  members.forEach((m, i) => {
    if (!m.via && (m.span.file < members[first].span.file || m.span.file === members[first].span.file && m.span.start < members[first].span.start)) first = i;
  });
  const cycle = [...members.slice(first), ...members.slice(0, first)];
  diags.error(`cycle in ${what}: ${[...cycle, cycle[0]].map(m => m.name).join(' -> ')}`, cycle[0].span, hint);
}

// ---------------------------------------------------------------- supertraits

/** Reports `trait A: B` / `trait B: A` and cuts the cycle, so nothing after loops on it. */
export function checkSupertraitCycles(c: Collector): void {
  const state = new Map<TraitDef, 'open' | 'done'>();
  const stack: TraitDef[] = [];
  const visit = (t: TraitDef): void => {
    state.set(t, 'open');
    stack.push(t);
    t.supertraits = t.supertraits.filter(s => {
      const st = state.get(s.trait);
      if (st === 'open') {
        reportCycle(c.diags, 'supertraits', stack.slice(stack.indexOf(s.trait)).map(x => ({ name: x.name, span: x.item?.name.span ?? { file: 0, start: 0, end: 0 } })),
          'a trait cannot require itself, directly or through its supertraits');
        return false;
      }
      if (st === undefined) visit(s.trait);
      return true;
    });
    stack.pop();
    state.set(t, 'done');
  };
  for (const t of c.traits) if (!state.has(t)) visit(t);
}

// ---------------------------------------------------------------- types that cannot be built

/**
 * Can a value of `t` be built at all? `assume` answers for a type that is already being
 * asked about (false: the least fixed point, what can really be built; true: the
 * greatest, which forgives recursion). Results that rest on an assumption about a type
 * further out are not memoized.
 */
function inhabitation(assume: boolean): (t: Ty) => boolean {
  const memo = new Map<string, boolean>();
  const open = new Map<string, number>();
  const visit = (t: Ty): { ok: boolean; low: number } => {
    switch (t.k) {
      case 'prim': return { ok: t.name !== 'never', low: Infinity };
      case 'tuple': return all(t.elems);
      case 'array': return t.len <= 0 ? { ok: true, low: Infinity } : visit(t.elem);
      case 'adt': break;
      default: return { ok: true, low: Infinity };
    }
    if (open.size > 64 || tyTooBig(t, 1000)) return { ok: true, low: Infinity };
    const key = tyKey(t);
    const known = memo.get(key);
    if (known !== undefined) return { ok: known, low: Infinity };
    const at = open.get(key);
    if (at !== undefined) return { ok: assume, low: at };
    const index = open.size;
    open.set(key, index);
    const s = makeSubst(t.def.generics, t.args);
    let ok = t.def.adt === 'enum' ? false : true, low = Infinity;
    for (const v of t.def.variants) {
      const r = all(v.fields.map(f => substTy(f.ty, s)));
      low = Math.min(low, r.low);
      if (t.def.adt === 'enum' && r.ok) { ok = true; break; }
      if (t.def.adt === 'struct') ok = r.ok;
    }
    open.delete(key);
    if (low >= index) memo.set(key, ok);
    return { ok, low };
  };
  const all = (ts: Ty[]): { ok: boolean; low: number } => {
    let low = Infinity;
    for (const x of ts) {
      const r = visit(x);
      low = Math.min(low, r.low);
      if (!r.ok) return { ok: false, low };
    }
    return { ok: true, low };
  };
  return t => visit(t).ok;
}

/** `struct Node { next: Node }`: types on a cycle that no value can ever start. */
export function checkUnbuildableTypes(c: Collector, adts: AdtDef[]): void {
  const real = inhabitation(false), forgiving = inhabitation(true);
  const self = (a: AdtDef): Ty => ({ k: 'adt', def: a, args: a.generics.map(p => ({ k: 'param', def: p } as Ty)) });
  for (const a of adts) {
    if (real(self(a)) || !forgiving(self(a))) continue;
    // Follow the fields that cannot be built back to `a`, naming the types on the way.
    const path: { def: AdtDef; field: string }[] = [];
    let t: Ty = self(a);
    while (t.k === 'adt' && !path.some(p => p.def === (t as Ty & { k: 'adt' }).def)) {
      const s = makeSubst(t.def.generics, t.args);
      const def = t.def;
      const fields = def.variants.flatMap(v => v.fields.map(f => ({ f, where: def.adt === 'enum' ? `the payload of \`${def.name}::${v.name}\`` : `the field \`${f.name}\`` })));
      const bad = fields.find(x => !real(substTy(x.f.ty, s)));
      if (!bad) break;
      path.push({ def, field: bad.where });
      const badTy = bad.f.ty;
      let next = substTy(badTy, s);
      while (next.k === 'tuple' || next.k === 'array') next = next.k === 'array' ? next.elem : next.elems.find(e => !real(e)) ?? next.elems[0];
      t = next;
    }
    if (t.k !== 'adt' || t.def !== a) continue;   // it only holds a type on some other cycle
    const names = path.map(p => p.def.name);
    // A generic type on the way (`W<T>` holding its `T`) can be built; the message starts at one that cannot.
    reportCycle(c.diags, 'type definition', path.map(p => ({ name: p.def.name, span: p.def.item.name.span, via: real(self(p.def)) })),
      `structs and enums are references, so a type may hold itself, but every \`${names[0]}\` needs ${names.length === 1 ? 'another' : 'a'} \`${names[1 % names.length]}\` to exist first, so none can ever be built: make ${path[0].field} an \`Option\` or a \`Vec\``);
  }
}

// ---------------------------------------------------------------- constants and statics

type ValueDef = ConstDef | StaticDef;

/** The functions, constants and statics a checked body refers to. */
function references(cf: CheckedFn, fn: (r: FnRef) => void, value: (d: ValueDef) => void): void {
  for (const r of cf.res.values()) {
    if (r.k === 'fn') fn(r.fn);
    else if (r.k === 'const' || r.k === 'static') value(r.def);
  }
  for (const m of cf.methods.values()) if (m.k === 'fn') fn(m.fn);
  for (const o of cf.ops.values()) if (o.k === 'call') fn(o.fn);
  for (const f of cf.fors.values()) {
    if (f.k === 'map') { fn(f.fns.next); fn(f.fns.key); if (f.fns.value) fn(f.fns.value); }
    else if (f.k === 'iter') fn(f.next);
  }
  for (const f of cf.formats.values()) if (f.res && (f.res.k === 'const' || f.res.k === 'static')) value(f.res.def);
}

/**
 * Reports constants and statics that depend on themselves, and returns `statics` in the
 * order to initialise them: each after those it depends on, declaration order otherwise.
 * `nodes` are the constants and statics to follow (the user's constants, and every
 * static initialised after runtime::init).
 */
export function orderInitializers(pc: ProgramChecker, consts: ConstDef[], statics: StaticDef[]): StaticDef[] {
  const nodes = new Set<ValueDef>([...consts, ...statics]);
  const edges = new Map<ValueDef, { to: ValueDef; via: FnDef[] }[]>();
  for (const n of nodes) {
    const out: { to: ValueDef; via: FnDef[] }[] = [];
    edges.set(n, out);
    const start = pc.checked({ def: pc.valueFn(n), args: [] });
    if (!start) continue;
    // Breadth first, so each dependency is named through the shortest chain of calls.
    const seen = new Set<string>(), found = new Set<ValueDef>();
    const work: { cf: CheckedFn; via: FnDef[] }[] = [{ cf: start, via: [] }];
    for (let i = 0; i < work.length; i++) {
      const { cf, via } = work[i];
      references(cf, r => {
        const k = pc.key(r);
        if (seen.has(k)) return;
        seen.add(k);
        const next = pc.checked(r);
        if (next) work.push({ cf: next, via: [...via, r.def] });
      }, d => {
        if (nodes.has(d) && !found.has(d)) { found.add(d); out.push({ to: d, via }); }
      });
    }
  }
  const state = new Map<ValueDef, 'open' | 'done'>();
  const stack: { node: ValueDef; via: FnDef[] }[] = [];
  const ordered: StaticDef[] = [];
  const visit = (n: ValueDef): void => {
    state.set(n, 'open');
    for (const e of edges.get(n) ?? []) {
      stack.push({ node: n, via: e.via });
      const st = state.get(e.to);
      if (st === 'open') {
        const cycle = stack.slice(stack.findIndex(x => x.node === e.to));
        const members = cycle.flatMap(x => [
          { name: x.node.name, span: x.node.item.name.span },
          ...x.via.map(f => ({ name: f.path, span: f.item.name.span, via: true })),
        ]);
        reportCycle(pc.diags, cycle.some(x => x.node.kind === 'static') ? 'static initializer' : 'constant', members);
      } else if (st === undefined) visit(e.to);
      stack.pop();
    }
    state.set(n, 'done');
    if (n.kind === 'static') ordered.push(n);
  };
  for (const n of [...statics, ...consts]) if (!state.has(n)) visit(n);
  return ordered;
}

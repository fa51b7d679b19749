// Patterns of every form (literals, ranges, or-patterns, bindings with `@`, tuples with
// `..`, struct, tuple-struct and enum patterns, Some/None/Ok/Err), and `match` with
// guards. A match ends with a catch-all arm unless its arms cover the type by
// construction (every variant, both booleans), which exercises exhaustiveness checking.

import { Node, mk, t, text } from '../node.js';
import { BOOL, Ty, isCopy } from '../types.js';
import { Gen, joinT } from './ctx.js';
import { expr } from './expr.js';

export interface Pat {
  node: Node;
  /** `a | b` at the top: a `let` needs it in parentheses (Rust). */
  or?: boolean;
  binds: [string, Ty][];
  /** Matches every value of the type (a binding, `_`, or a tuple of such). */
  total: boolean;
}

const WILD: Pat = { node: text('_'), binds: [], total: true };

/** A pattern for a value of `ty`; `noBind` forbids bindings (or-pattern alternatives). */
export function pattern(g: Gen, ty: Ty, d: number, noBind = false): Pat {
  const rng = g.rng;
  if (d <= 0 || rng.chance(0.2)) return rng.chance(0.5) || noBind ? WILD : binding(g, ty);
  const alts: [number, () => Pat | null][] = [
    [1, () => WILD],
    [noBind ? 0 : 2, () => binding(g, ty)],
    [3, () => refutable(g, ty, d, noBind)],
    [1, () => {
      // An or-pattern of binding-free alternatives.
      const a = refutable(g, ty, d - 1, true), b = refutable(g, ty, d - 1, true);
      if (!a || !b) return null;
      return { node: mk(undefined, t`${a.node} | ${b.node}`), binds: [], total: a.total || b.total, or: true };
    }],
    [noBind ? 0 : 1, () => {
      // `x @ p`: p binds nothing (Rust moves the value into x).
      const p = refutable(g, ty, d - 1, true);
      if (!p || (g.rust && !isCopy(ty) && p.binds.length > 0)) return null;
      const name = g.fresh('at');
      return { node: mk(undefined, t`${name} @ ${p.node}`), binds: [[name, ty]], total: p.total };
    }],
  ];
  for (let i = 0; i < 6; i++) {
    const p = rng.weighted(alts)();
    if (p) return p;
  }
  return WILD;
}

function binding(g: Gen, ty: Ty): Pat {
  const name = g.fresh('p');
  const prefix = g.rng.pick(['', '', '', 'mut ', ...(g.rust ? [] : ['ref '])]);
  return { node: text(prefix + name), binds: [[name, ty]], total: true };
}

function refutable(g: Gen, ty: Ty, d: number, noBind: boolean): Pat | null {
  const rng = g.rng;
  const sub = (x: Ty) => pattern(g, x, d - 1, noBind);
  switch (ty.k) {
    case 'int': {
      const v = () => g.intValue(ty.n);
      // (Rust also takes `i64::MIN` as a pattern; Gossamer does not: see the fuzz report.)
      const show = (x: bigint) => x.toString();
      const form = rng.int(0, 5);
      if (form <= 1) return { node: text(show(v())), binds: [], total: false };
      let a = v(), b = v();
      if (a > b) [a, b] = [b, a];
      // Range bounds are literals (docs/spec.md §2.5), never paths.
      if (form === 2) return { node: text(`${a}..=${b}`), binds: [], total: false };
      if (form === 3 && a < b) return { node: text(`${a}..${b}`), binds: [], total: false };
      // Ranges never cover an integer type, even `MIN..` (docs/spec.md §6.4; Rust differs).
      if (form === 4) return { node: text(`${a}..`), binds: [], total: false };
      return { node: text(`..=${b}`), binds: [], total: false };
    }
    case 'char': {
      const cs = ['a', 'z', 'A', '0', '9', ' ', 'é', '中'];
      if (rng.chance(0.5)) return { node: text(`'${rng.pick(cs)}'`), binds: [], total: false };
      const [a, b] = rng.pick([['a', 'z'], ['A', 'Z'], ['0', '9'], ['\\0', '\\u{10FFFF}'], ['a', '\\u{10FFFF}'], ['\\0', 'Z']]);
      return { node: text(`'${a}'..='${b}'`), binds: [], total: false };
    }
    case 'bool': return { node: text(rng.chance(0.5) ? 'true' : 'false'), binds: [], total: false };
    case 'str':
      if (g.rust) return null;
      return { node: text(`"${rng.pick(['', 'a', 'alpha', 'x', 'é'])}"`), binds: [], total: false };
    case 'float':
      if (g.rust) return null;
      return rng.chance(0.5) ? { node: text(rng.pick(['0.0', '1.5', '-2.0'])), binds: [], total: false }
        : { node: text('0.0..=10.0'), binds: [], total: false };
    case 'tuple': {
      const els = ty.el.map(sub);
      if (els.length > 1 && rng.chance(0.3)) {
        // `(p, ..)` or `(.., p)`
        const first = rng.chance(0.5);
        const p = first ? els[0] : els[els.length - 1];
        return { node: mk(undefined, first ? t`(${p.node}, ..)` : t`(.., ${p.node})`), binds: p.binds, total: p.total };
      }
      const node = els.length === 1 ? mk(undefined, t`(${els[0].node},)`) : mk(undefined, joinT('(', els.map(e => e.node), ', ', ')'));
      return { node, binds: els.flatMap(e => e.binds), total: els.every(e => e.total) };
    }
    case 'opt': {
      if (rng.chance(0.3)) return { node: text('None'), binds: [], total: false };
      const p = sub(ty.el);
      return { node: mk(undefined, t`Some(${p.node})`), binds: p.binds, total: false };
    }
    case 'res': {
      const ok = rng.chance(0.5);
      const p = sub(ok ? ty.ok : ty.err);
      return { node: mk(undefined, ok ? t`Ok(${p.node})` : t`Err(${p.node})`), binds: p.binds, total: false };
    }
    case 'adt': return adtPattern(g, ty, d, noBind);
    default: return null;
  }
}

function adtPattern(g: Gen, ty: Ty & { k: 'adt' }, d: number, noBind: boolean): Pat | null {
  const rng = g.rng;
  const def = g.world.adt(ty.name);
  const sub = (x: Ty) => pattern(g, x, d - 1, noBind);
  if (def.kind === 'struct') {
    const fields = g.world.structFields(ty);
    if (fields.length === 0) return { node: text(def.name), binds: [], total: true };
    if (def.tuple) {
      const ps = fields.map(f => sub(f.ty));
      if (ps.length > 1 && rng.chance(0.3)) return { node: mk(undefined, t`${def.name}(${ps[0].node}, ..)`), binds: ps[0].binds, total: ps[0].total };
      return { node: mk(undefined, joinT(`${def.name}(`, ps.map(p => p.node), ', ', ')')), binds: ps.flatMap(p => p.binds), total: ps.every(p => p.total) };
    }
    return namedFields(g, def.name, fields, d, noBind);
  }
  const v = rng.pick(def.variants);
  const fields = g.world.variantFields(ty, v);
  const head = `${def.name}::${v.name}`;
  if (v.shape === 'unit') return { node: text(head), binds: [], total: def.variants.length === 1 };
  if (v.shape === 'tuple') {
    const ps = fields.map(f => sub(f.ty));
    return { node: mk(undefined, joinT(`${head}(`, ps.map(p => p.node), ', ', ')')), binds: ps.flatMap(p => p.binds), total: false };
  }
  const p = namedFields(g, head, fields, d, noBind);
  return { ...p, total: false };
}

/** `Name { a: p, b, .. }`: some fields, shorthand bindings, `..` if any are left out. */
function namedFields(g: Gen, head: string, fields: { name: string; ty: Ty }[], d: number, noBind: boolean): Pat {
  const rng = g.rng;
  const chosen = fields.filter(() => rng.chance(0.6));
  const parts: Node[] = [];
  const binds: [string, Ty][] = [];
  let total = true;
  for (const f of chosen) {
    if (!noBind && rng.chance(0.3)) {
      parts.push(text(f.name));
      binds.push([f.name, f.ty]);
      continue;
    }
    const p = pattern(g, f.ty, d - 1, noBind);
    parts.push(mk(undefined, t`${f.name}: ${p.node}`));
    binds.push(...p.binds);
    total &&= p.total;
  }
  if (chosen.length < fields.length) parts.push(text('..'));
  if (parts.length === 0) return { node: text(`${head} { .. }`), binds: [], total: true };
  return { node: mk(undefined, joinT(`${head} { `, parts, ', ', ' }')), binds, total };
}

/** Patterns that together cover `ty` (one per constructor), or null. */
function covering(g: Gen, ty: Ty): Pat[] | null {
  const any = (x: Ty) => (g.rng.chance(0.5) ? WILD : binding(g, x));
  switch (ty.k) {
    case 'bool': return [{ node: text('true'), binds: [], total: false }, { node: text('false'), binds: [], total: false }];
    case 'opt': {
      const p = any(ty.el);
      return [{ node: mk(undefined, t`Some(${p.node})`), binds: p.binds, total: false }, { node: text('None'), binds: [], total: false }];
    }
    case 'res': {
      const a = any(ty.ok), b = any(ty.err);
      return [{ node: mk(undefined, t`Ok(${a.node})`), binds: a.binds, total: false }, { node: mk(undefined, t`Err(${b.node})`), binds: b.binds, total: false }];
    }
    case 'adt': {
      const def = g.world.adt(ty.name);
      if (def.kind !== 'enum') return null;
      return def.variants.map(v => {
        const head = `${def.name}::${v.name}`;
        const fields = g.world.variantFields(ty, v);
        if (v.shape === 'unit') return { node: text(head), binds: [], total: false };
        if (v.shape === 'tuple') {
          const ps = fields.map(f => any(f.ty));
          return { node: mk(undefined, joinT(`${head}(`, ps.map(p => p.node), ', ', ')')), binds: ps.flatMap(p => p.binds), total: false };
        }
        return { node: text(`${head} { .. }`), binds: [], total: false };
      });
    }
    default: return null;
  }
}

export interface Arm { pat: Pat; guard: Node | null; body: Node }

/**
 * The arms of a match on a value of `sTy`; `body` makes an arm's body with the arm's
 * bindings in scope. The last arm is a catch-all unless the arms cover the type.
 */
export function arms(g: Gen, sTy: Ty, d: number, body: () => Node): Node {
  const rng = g.rng;
  const out: Node[] = [];
  const arm = (p: Pat, guarded: boolean) => {
    g.push();
    for (const [n, ty] of p.binds) g.declare(n, ty, false);
    const guard = guarded ? expr(g, BOOL, Math.min(d - 1, 2)) : null;
    const b = body();
    g.pop();
    out.push(guard ? mk(undefined, t`${p.node} if ${guard} => ${b},`) : mk(undefined, t`${p.node} => ${b},`));
  };
  const cover = rng.chance(0.4) ? covering(g, sTy) : null;
  const n = rng.int(0, 3);
  for (let i = 0; i < n; i++) arm(pattern(g, sTy, d), rng.chance(0.25));
  if (cover) {
    for (const p of cover) arm(p, false);
  } else {
    arm(rng.chance(0.5) ? WILD : binding(g, sTy), false);
  }
  return mk(undefined, joinT('', out, ' ', ''));
}

/** A scrutinee type: mostly ones with interesting patterns. */
export function scrutineeTy(g: Gen): Ty {
  const enums = [...g.world.adts.values()].filter(a => a.params.length === 0 && (!g.rust || g.world.rustOk({ k: 'adt', name: a.name, args: [] })));
  return g.rng.weighted<() => Ty>([
    [4, () => g.randomTy(0)],
    [3, () => g.randomTy(2, { noFn: true, noDyn: true })],
    [enums.length > 0 ? 4 : 0, () => ({ k: 'adt', name: g.rng.pick(enums).name, args: [] })],
  ])();
}

/** `match scrutinee { arms }` as an expression of type `ty`. */
export function matchExpr(g: Gen, ty: Ty, d: number): Node | null {
  const sTy = scrutineeTy(g);
  if (!g.constructible(sTy)) return null;
  const scrut = expr(g, sTy, d - 1);
  const body = arms(g, sTy, d - 1, () => expr(g, ty, d - 1));
  return mk(ty, t`match ${scrut} { ${body} }`);
}

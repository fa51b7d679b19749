// Expressions of a wanted type. Every production is well-typed by construction and has
// no run-time failure: divisions are guarded, indices reduced into range, `unwrap`s
// replaced by `unwrap_or`; integer arithmetic may wrap (it does in both languages: the
// Rust side is compiled with overflow checks off, and uses wrapping_div/rem and shifts
// by the Gossamer rule).

import { Node, mk, render, t, text } from '../node.js';
import {
  BOOL, CHAR, F64, I64, INT, INT_NAMES, IntName, STR, Ty, U32, hasParam, intBits, intSigned, isCopy, sameTy, showTy, subst,
} from '../types.js';
import { FnInfo, Gen, Var, closureNode, dynNode, joinT } from './ctx.js';
import { formatCall } from './format.js';
import { matchExpr } from './pattern.js';
import { block } from './stmt.js';

type Prod = readonly [number, () => Node | null];

/** An expression of type `ty`, at most about `d` levels deep. */
export function expr(g: Gen, ty: Ty, d: number): Node {
  if (d <= 0 || (hasParam(ty) && !makeable(g, ty))) return leaf(g, ty);
  const prods: Prod[] = [
    [4, () => leaf(g, ty)],
    ...typed(g, ty, d),
    ...common(g, ty, d),
  ];
  for (let tries = 0; tries < 8; tries++) {
    const n = g.rng.weighted(prods)();
    if (n) return startsClean(n);
  }
  return leaf(g, ty);
}

/**
 * An expression that begins with a block, `if` or `match` but goes on after it
 * (`{ .. }.len()`, `if c { a } else { b } + 1`) would end at the `}` where a statement
 * may start (Rust and Gossamer alike): such expressions are parenthesized.
 */
function startsClean(n: Node): Node {
  if (n.blockLike) return n;
  return /^(\{|if\b|match\b|loop\b|while\b|for\b|')/.test(render(n, 'gos')) ? mk(n.ty, t`(${n})`) : n;
}

function bl(n: Node): Node {
  return { ...n, blockLike: true };
}

/** A variable, a place inside one, or a literal. */
export function leaf(g: Gen, ty: Ty): Node {
  const places = placesOf(g, ty);
  if (places.length > 0 && (g.rng.chance(0.6) || !g.constructible(ty))) {
    return readPlace(g, g.rng.pick(places));
  }
  if (!hasParam(ty)) return g.plain(ty, 1);
  // Built around a type parameter: from the variables of that type.
  switch (ty.k) {
    case 'tuple': return ty.el.length === 1 ? mk(ty, t`(${leaf(g, ty.el[0])},)`) : mk(ty, joinT('(', ty.el.map(e => leaf(g, e)), ', ', ')'));
    case 'vec': return makeable(g, ty.el) && g.rng.chance(0.5) ? mk(ty, t`vec![${leaf(g, ty.el)}]`) : mk(ty, t`Vec::<${g.tyNode(ty.el)}>::new()`);
    case 'opt': return makeable(g, ty.el) && g.rng.chance(0.5) ? mk(ty, t`Some(${leaf(g, ty.el)})`) : g.typed(ty, text('None'));
    case 'array': return mk(ty, joinT('[', Array.from({ length: ty.len }, () => leaf(g, ty.el)), ', ', ']'));
    case 'res': return makeable(g, ty.ok) ? g.typed(ty, mk(undefined, t`Ok(${leaf(g, ty.ok)})`)) : g.typed(ty, mk(undefined, t`Err(${leaf(g, ty.err)})`));
    case 'adt': return adtLiteral(g, ty, 1);
    case 'map': return mk(ty, t`HashMap::<${g.tyNode(ty.key)}, ${g.tyNode(ty.val)}>::new()`);
    default: throw new Error(`no value of type ${showTy(ty, 'rust')} in scope`);
  }
}

/** Can a value of `ty` be made here? Only type parameters need a variable in scope. */
export function makeable(g: Gen, ty: Ty): boolean {
  switch (ty.k) {
    case 'param': return placesOf(g, ty).length > 0;
    case 'tuple': return ty.el.every(e => makeable(g, e));
    case 'array': return makeable(g, ty.el);
    case 'vec': case 'opt': case 'map': return true;
    case 'res': return makeable(g, ty.ok) || makeable(g, ty.err);
    case 'adt': {
      if (!hasParam(ty)) return true;
      const d = g.world.adt(ty.name);
      return d.kind === 'struct' ? g.world.structFields(ty).every(f => makeable(g, f.ty)) : true;
    }
    case 'fn': return !hasParam(ty) || (!g.rust && makeable(g, ty.ret));
    default: return true;
  }
}

/** May a closure returning `ty` be written here (Rust closures cannot capture generic values)? */
function closureOk(g: Gen, ty: Ty): boolean {
  return !hasParam(ty) || !g.rust;
}

// ------------------------------------------------------------------ places

export interface Place { root: Var; path: string; ty: Ty }

/** Variables and the fields, tuple elements and array elements inside them, of type `ty`. */
export function placesOf(g: Gen, ty: Ty | null, writable = false): Place[] {
  const out: Place[] = [];
  const key = ty && showTy(ty, 'rust');
  const walk = (p: Place, depth: number) => {
    if (key === null || showTy(p.ty, 'rust') === key) out.push(p);
    if (depth === 0) return;
    const pt = p.ty;
    if (pt.k === 'adt') {
      const d = g.world.adt(pt.name);
      if (d.kind === 'struct') for (const f of g.world.structFields(pt)) walk({ root: p.root, path: `${p.path}.${f.name}`, ty: f.ty }, depth - 1);
    } else if (pt.k === 'tuple' && !writable) {
      pt.el.forEach((e, i) => walk({ root: p.root, path: `${p.path}.${i}`, ty: e }, depth - 1));
    } else if (pt.k === 'array') {
      walk({ root: p.root, path: `${p.path}[${g.rng.int(0, pt.len - 1)}]`, ty: pt.el }, depth - 1);
    }
  };
  for (const v of g.visible()) {
    if (!g.readable(v)) continue;
    if (writable && !g.writable(v)) continue;
    walk({ root: v, path: v.name, ty: v.ty }, 2);
  }
  return out;
}

/** A place read as a value: Rust-compatible programs clone what is not Copy (both sides). */
export function readPlace(g: Gen, p: Place): Node {
  g.use(p.root);
  const selfRef = p.root.name === 'self' && p.path === 'self';
  const clone = (g.rust && (!isCopy(p.ty) || selfRef)) || (!g.rust && !isCopy(p.ty) && g.has(p.ty, 'Clone') && g.rng.chance(0.15));
  return text(clone ? `${p.path}.clone()` : p.path, p.ty);
}

/** The variable's place as a receiver or assignment target (never cloned). */
export function placeNode(g: Gen, p: Place): Node {
  g.use(p.root);
  return text(p.path, p.ty);
}

// ------------------------------------------------------------------ by type

function typed(g: Gen, ty: Ty, d: number): Prod[] {
  switch (ty.k) {
    case 'int': return intProds(g, ty, d);
    case 'float': return floatProds(g, ty, d);
    case 'bool': return boolProds(g, d);
    case 'char': return charProds(g, d);
    case 'str': return strProds(g, d);
    case 'tuple': return [[3, () => (ty.el.length === 1 ? mk(ty, t`(${expr(g, ty.el[0], d - 1)},)`)
      : mk(ty, joinT('(', ty.el.map(e => expr(g, e, d - 1)), ', ', ')')))]];
    case 'array': return [
      [3, () => mk(ty, joinT('[', Array.from({ length: ty.len }, () => expr(g, ty.el, d - 1)), ', ', ']'))],
      [isCopy(ty.el) || !g.rust ? 1 : 0, () => mk(ty, t`[${expr(g, ty.el, d - 1)}; ${String(ty.len)}]`)],
    ];
    case 'vec': return vecProds(g, ty, d);
    case 'opt': return optProds(g, ty, d);
    case 'res': return [
      [2, () => g.typed(ty, mk(undefined, t`Ok(${expr(g, ty.ok, d - 1)})`))],
      [2, () => g.typed(ty, mk(undefined, t`Err(${expr(g, ty.err, d - 1)})`))],
      [1, () => mk(ty, t`if ${expr(g, BOOL, d - 1)} { Ok(${expr(g, ty.ok, d - 1)}) } else { Err(${expr(g, ty.err, d - 1)}) }`)],
      [1, () => mk(ty, t`${expr(g, { k: 'opt', el: ty.ok }, d - 1)}.ok_or(${expr(g, ty.err, d - 1)})`)],
    ];
    case 'map': return [[2, () => mapBlock(g, ty, d)]];
    case 'adt': return adtProds(g, ty, d);
    case 'fn': return [
      [closureOk(g, ty) ? 4 : 0, () => closure(g, ty, d)],
      [1, () => namedFnValue(g, ty)],
    ];
    case 'dyn': {
      const tr = g.traits.find(x => x.name === ty.trait)!;
      return [[4, () => dynNode(ty, expr(g, g.rng.pick(tr.implementors), d - 1))]];
    }
    case 'unit': return [[1, () => text('()', ty)]];
    case 'param': case 'chan': return [];
  }
}

function lit(g: Gen, n: IntName, bare: boolean): Node {
  return g.intLit(n, g.intValue(n), bare);
}

function intProds(g: Gen, ty: Ty & { k: 'int' }, d: number): Prod[] {
  const n = ty.n;
  const sub = () => expr(g, ty, d - 1);
  const small = (lo: number, hi: number) => g.intLit(n, BigInt(g.rng.int(lo, hi)), true);
  const signed = intSigned(n);
  const narrow = intBits(n) < 32;
  const prods: Prod[] = [
    [6, () => {
      const op = g.rng.pick(['+', '-', '*', '&', '|', '^', '+', '-']);
      const r = g.rng.chance(0.3) ? lit(g, n, true) : sub();
      return mk(ty, t`(${sub()} ${op} ${r})`);
    }],
    [2, () => {
      // Division and remainder: the divisor is never zero (and MIN / -1 wraps, as in Gossamer).
      const op = g.rng.pick(['/', '%']);
      const fn = op === '/' ? 'wrapping_div' : 'wrapping_rem';
      const a = sub();
      const form = g.rng.int(0, 2);
      const b = form === 0 ? mk(ty, t`(${sub()} | ${small(1, 9)})`) : form === 1 ? g.intLit(n, BigInt(g.rng.pick([1, 2, 3, 7, 10, signed ? -1 : 5, signed ? -3 : 16])), true)
        : null;
      if (b) return mk(ty, t`(${a} ${op} ${b})`, t`${a}.${fn}(${b})`);
      const dv = g.fresh('dv');
      const den = sub(), zero = small(0, 0), other = small(0, 5);
      return bl(mk(ty, t`{ let ${dv} = ${den}; if ${dv} == ${zero} { ${other} } else { (${a}) ${op} ${dv} } }`,
        t`{ let ${dv} = ${den}; if ${dv} == ${zero} { ${other} } else { (${a}).${fn}(${dv}) } }`));
    }],
    [2, () => {
      const op = g.rng.pick(['<<', '>>']);
      const an = g.rng.chance(0.6) ? n : g.rng.pick(INT_NAMES);
      const amount = g.rng.chance(0.6) ? g.intLit(an, BigInt(g.rng.int(0, intBits(n) + 3)), an === n) : expr(g, INT[an], d - 1);
      const a = sub();
      const rfn = op === '<<' ? 'wrapping_shl' : 'wrapping_shr';
      if (!narrow) return mk(ty, t`(${a} ${op} ${amount})`, t`${a}.${rfn}((${amount}) as u32)`);
      // Gossamer shifts 8- and 16-bit values in 32 bits, then truncates (docs/spec.md §7.4).
      const wide = signed ? 'i32' : 'u32';
      return mk(ty, t`(${a} ${op} ${amount})`, t`((${a} as ${wide}).${rfn}((${amount}) as u32) as ${n})`);
    }],
    [signed ? 1 : 0, () => mk(ty, t`(-${sub()})`)],
    [1, () => mk(ty, t`(!${sub()})`)],
    [3, () => {
      const from = g.rng.weighted<Ty>([[5, INT[g.rng.pick(INT_NAMES)]], [2, F64], [1, { k: 'float', n: 'f32' }], [1, BOOL], [1, CHAR]]);
      return mk(ty, t`(${expr(g, from, d - 1)} as ${n})`);
    }],
    [3, () => intMethod(g, ty, d)],
    [n === 'i64' ? 2 : 0, () => lenOf(g, d)],
    [n === 'i64' ? 1 : 0, () => {
      const s = expr(g, STR, d - 1);
      return mk(ty, t`${s}.chars().count()`, t`(${s}.chars().count() as i64)`);
    }],
    [1, () => {
      const v = expr(g, { k: 'vec', el: ty }, d - 1);
      return mk(ty, t`${v}.iter().sum()`, t`${v}.iter().sum::<${n}>()`);
    }],
    [1, () => {
      const el = g.randomTy(1, { noFn: true });
      if (!g.constructible(el) || !closureOk(g, ty)) return null;
      const v = expr(g, { k: 'vec', el }, d - 1);
      const acc = g.fresh('acc');
      const x = g.fresh('x');
      const body = lambdaBody(g, [[acc, ty], [x, el]], ty, d - 1);
      const init = expr(g, ty, d - 1);
      return mk(ty, t`${v}.iter().fold(${init}, |${acc}: ${g.tyNode(ty)}, ${x}: ${g.tyNode(el)}| -> ${g.tyNode(ty)} { ${body} })`,
        t`${v}.iter().cloned().fold(${init}, |${acc}: ${g.tyNode(ty)}, ${x}: ${g.tyNode(el)}| -> ${g.tyNode(ty)} { ${body} })`);
    }],
    [n === 'i64' ? 1 : 0, () => {
      const el = g.randomTy(1, { noFn: true });
      const v = expr(g, { k: 'vec', el }, d - 1);
      const x = g.fresh('x');
      const body = lambdaBody(g, [[x, el]], BOOL, d - 1);
      return mk(ty, t`${v}.iter().filter(|${x}: ${g.tyNode(el)}| ${body}).count()`,
        t`(${v}.iter().cloned().filter(|${x}: &${g.tyNode(el)}| { let ${x}: ${g.tyNode(el)} = ${x}.clone(); ${body} }).count() as i64)`);
    }],
  ];
  return prods;
}

function intMethod(g: Gen, ty: Ty & { k: 'int' }, d: number): Node | null {
  const n = ty.n;
  const a = expr(g, ty, d - 1);
  const signed = intSigned(n);
  const b = () => expr(g, ty, d - 1);
  const rng = g.rng;
  const choice = rng.int(0, 11);
  switch (choice) {
    case 0: return mk(ty, t`${a}.pow(${String(rng.int(0, 5))})`);
    case 1: return signed ? mk(ty, t`${a}.abs()`) : mk(ty, t`${a}.wrapping_neg()`);
    case 2: return mk(ty, t`${a}.${rng.pick(['min', 'max'])}(${b()})`);
    case 3: {
      const x = g.intValue(n), y = g.intValue(n);
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      return mk(ty, t`${a}.clamp(${g.intLit(n, lo, true)}, ${g.intLit(n, hi, true)})`);
    }
    case 4: return mk(ty, t`${a}.${rng.pick(['wrapping_add', 'wrapping_sub', 'wrapping_mul'])}(${b()})`);
    case 5: return mk(ty, t`${a}.${rng.pick(['saturating_add', 'saturating_sub'])}(${b()})`);
    case 6: return n === 'u32' ? mk(ty, t`${a}.${rng.pick(['count_ones', 'count_zeros', 'leading_zeros', 'trailing_zeros'])}()`)
      : mk(ty, t`(${expr(g, INT[rng.pick(INT_NAMES)], d - 1)}.${rng.pick(['count_ones', 'leading_zeros', 'trailing_zeros'])}() as ${n})`);
    case 7: return signed ? mk(ty, t`${a}.signum()`) : mk(ty, t`(${a}.is_power_of_two() as ${n})`);
    case 8: return mk(ty, t`${a}.rem_euclid(${g.intLit(n, BigInt(rng.int(2, 9)), true)})`);
    case 9: return mk(ty, t`${a}.checked_add(${b()}).unwrap_or(${lit(g, n, true)})`);
    case 10: return mk(ty, t`${a}.checked_sub(${b()}).unwrap_or(${lit(g, n, true)})`);
    default: return mk(ty, t`${a}.wrapping_neg()`);
  }
}

function lenOf(g: Gen, d: number): Node {
  const el = g.randomTy(1, { noFn: true });
  const what = g.rng.int(0, 2);
  const e = what === 0 ? expr(g, STR, d - 1) : what === 1 ? expr(g, { k: 'vec', el }, d - 1) : null;
  if (e) return mk(I64, t`${e}.len()`, t`(${e}.len() as i64)`);
  const m: Ty = { k: 'map', key: g.randomTy(0, { key: true }), val: el };
  g.usesMap = true;
  const me = expr(g, m, d - 1);
  return mk(I64, t`${me}.len()`, t`(${me}.len() as i64)`);
}

function floatProds(g: Gen, ty: Ty & { k: 'float' }, d: number): Prod[] {
  const sub = () => expr(g, ty, d - 1);
  return [
    [6, () => mk(ty, t`(${sub()} ${g.rng.pick(['+', '-', '*', '/'])} ${sub()})`)],
    [1, () => mk(ty, t`(-${sub()})`)],
    [3, () => {
      const from = g.rng.weighted<Ty>([[5, INT[g.rng.pick(INT_NAMES)]], [2, ty.n === 'f64' ? { k: 'float', n: 'f32' } : F64]]);
      return mk(ty, t`(${expr(g, from, d - 1)} as ${ty.n})`);
    }],
    [3, () => {
      const m = g.rng.pick(['abs', 'sqrt', 'floor', 'ceil', 'round', 'trunc', 'abs', 'sqrt']);
      if (ty.n === 'f32' && (m === 'trunc')) return null;   // std's f32 has a subset of f64's methods
      return mk(ty, t`${sub()}.${m}()`);
    }],
    [2, () => mk(ty, t`${sub()}.${g.rng.pick(['min', 'max'])}(${sub()})`)],
    [ty.n === 'f64' ? 1 : 0, () => mk(ty, t`${sub()}.${g.rng.pick(['signum', 'fract', 'recip'])}()`)],
    [ty.n === 'f64' ? 1 : 0, () => {
      // Only finite, ordered bounds: Rust's clamp panics on NaN or lo > hi.
      const a = g.rng.int(-50, 50) / 4, b = g.rng.int(-50, 50) / 4;
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const fl = (x: number) => `${x < 0 ? '(' : ''}${x.toFixed(2)}${ty.n}${x < 0 ? ')' : ''}`;
      return mk(ty, t`${sub()}.clamp(${fl(lo)}, ${fl(hi)})`);
    }],
  ];
}

function boolProds(g: Gen, d: number): Prod[] {
  const sub = () => expr(g, BOOL, d - 1);
  return [
    [3, () => mk(BOOL, t`(${sub()} ${g.rng.pick(['&&', '||', '&', '|', '^', '==', '!='])} ${sub()})`)],
    [2, () => mk(BOOL, t`(!${sub()})`)],
    [6, () => compare(g, d)],
    [1, () => {
      const s = expr(g, STR, d - 1), p = expr(g, STR, d - 1);
      const m = g.rng.pick(['contains', 'starts_with', 'ends_with']);
      return mk(BOOL, t`${s}.${m}(&${p})`, t`${s}.${m}(${p}.as_str())`);
    }],
    [1, () => mk(BOOL, t`${expr(g, STR, d - 1)}.is_empty()`)],
    [1, () => {
      const ty = g.randomTy(1, { noFn: true });
      if (!g.has(ty, 'PartialEq') || !g.constructible(ty)) return null;
      return mk(BOOL, t`${expr(g, { k: 'vec', el: ty }, d - 1)}.contains(&${expr(g, ty, d - 1)})`);
    }],
    [1, () => {
      const ty = g.randomTy(1);
      if (!g.constructible(ty)) return null;
      return mk(BOOL, t`${expr(g, { k: 'opt', el: ty }, d - 1)}.${g.rng.pick(['is_some', 'is_none'])}()`);
    }],
    [1, () => {
      const ty: Ty = { k: 'map', key: g.randomTy(0, { key: true }), val: g.randomTy(1, { noFn: true }) };
      g.usesMap = true;
      return mk(BOOL, t`${expr(g, ty, d - 1)}.contains_key(&${expr(g, ty.key, d - 1)})`);
    }],
    [1, () => mk(BOOL, t`${expr(g, CHAR, d - 1)}.${g.rng.pick(['is_ascii_digit', 'is_ascii_alphabetic', 'is_ascii_uppercase', 'is_ascii_lowercase', 'is_ascii'])}()`)],
    [1, () => mk(BOOL, t`${expr(g, F64, d - 1)}.${g.rng.pick(['is_nan', 'is_finite', 'is_sign_negative'])}()`)],
    [1, () => {
      const el = g.randomTy(1, { noFn: true });
      if (!g.constructible(el)) return null;
      const x = g.fresh('x');
      const body = lambdaBody(g, [[x, el]], BOOL, d - 1);
      const m = g.rng.pick(['any', 'all']);
      const v = expr(g, { k: 'vec', el }, d - 1);
      return mk(BOOL, t`${v}.iter().${m}(|${x}: ${g.tyNode(el)}| ${body})`,
        t`${v}.iter().cloned().${m}(|${x}: ${g.tyNode(el)}| ${body})`);
    }],
  ];
}

/** `a OP b` for a type with equality or order. */
function compare(g: Gen, d: number): Node | null {
  const ty = g.rng.chance(0.6) ? g.randomTy(0) : g.randomTy(1, { noFn: true });
  if (!g.constructible(ty)) return null;
  const ord = g.has(ty, 'Ord') || ty.k === 'float';
  const eq = g.has(ty, 'PartialEq');
  if (!eq) return null;
  const op = ord ? g.rng.pick(['==', '!=', '<', '<=', '>', '>=']) : g.rng.pick(['==', '!=']);
  return mk(BOOL, t`(${expr(g, ty, d - 1)} ${op} ${expr(g, ty, d - 1)})`);
}

function charProds(g: Gen, d: number): Prod[] {
  return [
    [2, () => mk(CHAR, t`(${expr(g, INT.u8, d - 1)} as char)`)],
    [2, () => mk(CHAR, t`${expr(g, CHAR, d - 1)}.${g.rng.pick(['to_ascii_uppercase', 'to_ascii_lowercase'])}()`)],
    [1, () => mk(CHAR, t`char::from_u32(${expr(g, U32, d - 1)}).unwrap_or(${g.charLit()})`)],
    [1, () => mk(CHAR, t`char::from_digit(${expr(g, U32, d - 1)} % 10, 10).unwrap_or(${g.charLit()})`)],
  ];
}

function strProds(g: Gen, d: number): Prod[] {
  const sub = () => expr(g, STR, d - 1);
  return [
    [5, () => {
      const a = sub(), b = sub();
      return mk(STR, t`(${a} + ${b})`, t`(${a} + &${b})`);
    }],
    [5, () => formatCall(g, 'format', d - 1)],
    [3, () => {
      const ty = g.rng.pick<Ty>([I64, INT[g.rng.pick(INT_NAMES)], F64, BOOL, CHAR, STR]);
      return mk(STR, t`${expr(g, ty, d - 1)}.to_string()`);
    }],
    [2, () => mk(STR, t`${sub()}.${g.rng.pick(['to_uppercase', 'to_lowercase', 'to_ascii_uppercase', 'to_ascii_lowercase'])}()`)],
    [1, () => {
      const a = sub(), m = g.rng.pick(['trim', 'trim_start', 'trim_end']);
      return mk(STR, t`${a}.${m}()`, t`${a}.${m}().to_string()`);
    }],
    [1, () => mk(STR, t`${sub()}.repeat(${String(g.rng.int(0, 3))})`)],
    [1, () => mk(STR, t`${sub()}.replace(&${sub()}, &${sub()})`)],
    [1, () => {
      const v = expr(g, { k: 'vec', el: STR }, d - 1), sep = g.strLit();
      return mk(STR, t`${v}.join(${sep})`, t`${v}.join(${sep}.as_str())`);
    }],
    [1, () => mk(STR, t`${sub()}.chars().rev().collect::<String>()`)],
    [1, () => mk(STR, t`${expr(g, { k: 'vec', el: CHAR }, d - 1)}.iter().collect::<String>()`)],
  ];
}

function vecProds(g: Gen, ty: Ty & { k: 'vec' }, d: number): Prod[] {
  const el = ty.el;
  const sub = () => expr(g, ty, d - 1);
  const prods: Prod[] = [
    [4, () => {
      const n = g.rng.int(0, 4);
      // `vec![]` alone has no element type: Vec::new with a turbofish says it.
      if (n === 0) return mk(ty, t`Vec::<${g.tyNode(el)}>::new()`);
      return mk(ty, joinT('vec![', Array.from({ length: n }, () => expr(g, el, d - 1)), ', ', ']'));
    }],
    [1, () => mk(ty, t`vec![${expr(g, el, d - 1)}; ${String(g.rng.int(0, 4))}]`)],
    [closureOk(g, el) ? 2 : 0, () => {
      const from = g.randomTy(1, { noFn: true });
      if (!g.constructible(from)) return null;
      const x = g.fresh('x');
      const body = lambdaBody(g, [[x, from]], el, d - 1);
      const v = expr(g, { k: 'vec', el: from }, d - 1);
      return mk(ty, t`${v}.iter().map(|${x}: ${g.tyNode(from)}| -> ${g.tyNode(el)} { ${body} }).collect::<Vec<${g.tyNode(el)}>>()`,
        t`${v}.iter().cloned().map(|${x}: ${g.tyNode(from)}| -> ${g.tyNode(el)} { ${body} }).collect::<Vec<${g.tyNode(el)}>>()`);
    }],
    [2, () => {
      const x = g.fresh('x');
      const body = lambdaBody(g, [[x, el]], BOOL, d - 1);
      const v = sub();
      return mk(ty, t`${v}.iter().filter(|${x}: ${g.tyNode(el)}| ${body}).collect::<Vec<${g.tyNode(el)}>>()`,
        t`${v}.iter().cloned().filter(|${x}: &${g.tyNode(el)}| { let ${x}: ${g.tyNode(el)} = ${x}.clone(); ${body} }).collect::<Vec<${g.tyNode(el)}>>()`);
    }],
    [1, () => {
      const v = sub(), e = g.tyNode(el);
      return mk(ty, t`${v}.iter().rev().collect::<Vec<${e}>>()`, t`${v}.iter().cloned().rev().collect::<Vec<${e}>>()`);
    }],
    [1, () => {
      const v = sub();
      const m = g.rng.pick(['skip', 'take', 'step_by']);
      const k = g.rng.int(m === 'step_by' ? 1 : 0, 3);
      return mk(ty, t`${v}.iter().${m}(${String(k)}).collect::<Vec<${g.tyNode(el)}>>()`,
        t`${v}.iter().cloned().${m}(${String(k)}).collect::<Vec<${g.tyNode(el)}>>()`);
    }],
    [1, () => {
      const a = sub(), b = sub(), e = g.tyNode(el);
      return mk(ty, t`${a}.iter().chain(${b}.iter()).collect::<Vec<${e}>>()`,
        t`${a}.iter().cloned().chain(${b}.iter().cloned()).collect::<Vec<${e}>>()`);
    }],
    [1, () => {
      // A slice copied out: the bounds are reduced into range first.
      const v = g.fresh('sv');
      const a = g.fresh('lo');
      const i = expr(g, I64, d - 1), src = sub();
      return bl(mk(ty, t`{ let ${v} = ${src}; let ${a} = (${i}).rem_euclid(${v}.len() + 1); ${v}[${a}..].to_vec() }`,
        t`{ let ${v} = ${src}; let ${a} = (${i}).rem_euclid(${v}.len() as i64 + 1) as usize; ${v}[${a}..].to_vec() }`));
    }],
    [el.k === 'char' ? 2 : 0, () => mk(ty, t`${expr(g, STR, d - 1)}.chars().collect::<Vec<char>>()`)],
    [el.k === 'str' ? 1 : 0, () => {
      const sep = g.rng.pick([',', ' ', 'a', '--']);
      const s = expr(g, STR, d - 1);
      return mk(ty, t`${s}.split("${sep}")`, t`${s}.split("${sep}").map(|p: &str| p.to_string()).collect::<Vec<String>>()`);
    }],
    [el.k === 'int' && el.n === 'i64' ? 1 : 0, () => {
      const a = g.rng.int(-3, 3), b = a + g.rng.int(0, 6);
      const inc = g.rng.chance(0.4);
      return mk(ty, t`(${String(a)}..${inc ? '=' : ''}${String(b)}).collect::<Vec<int>>()`,
        t`(${String(a)}i64..${inc ? '=' : ''}${String(b)}i64).collect::<Vec<i64>>()`);
    }],
    [el.k === 'tuple' && el.el.length === 2 && el.el[0].k === 'int' && el.el[0].n === 'i64' ? 1 : 0, () => {
      const v = expr(g, { k: 'vec', el: el.k === 'tuple' ? el.el[1] : el }, d - 1);
      return mk(ty, t`${v}.iter().enumerate().collect::<Vec<${g.tyNode(el)}>>()`,
        t`${v}.iter().cloned().enumerate().map(|(i, x)| (i as i64, x)).collect::<Vec<${g.tyNode(el)}>>()`);
    }],
  ];
  if (g.has(el, 'Ord')) {
    prods.push([1, () => {
      const v = g.fresh('sv');
      return bl(mk(ty, t`{ let mut ${v} = ${sub()}; ${v}.sort(); ${v} }`));
    }]);
  }
  return prods;
}

function optProds(g: Gen, ty: Ty & { k: 'opt' }, d: number): Prod[] {
  const el = ty.el;
  const prods: Prod[] = [
    [3, () => mk(ty, t`Some(${expr(g, el, d - 1)})`)],
    [1, () => g.typed(ty, text('None'))],
    [2, () => {
      const v = expr(g, { k: 'vec', el }, d - 1);
      const i = expr(g, I64, d - 1);
      return mk(ty, t`${v}.get(${i})`, t`${v}.get((${i}) as usize).cloned()`);
    }],
    [1, () => {
      const v = expr(g, { k: 'vec', el }, d - 1);
      const m = g.rng.pick(['first', 'last']);
      return mk(ty, t`${v}.${m}()`, t`${v}.${m}().cloned()`);
    }],
    [closureOk(g, el) ? 1 : 0, () => {
      const x = g.fresh('x');
      const from = g.randomTy(0);
      const body = lambdaBody(g, [[x, from]], el, d - 1);
      return mk(ty, t`${expr(g, { k: 'opt', el: from }, d - 1)}.map(|${x}: ${g.tyNode(from)}| -> ${g.tyNode(el)} { ${body} })`);
    }],
    [1, () => {
      const x = g.fresh('x');
      const body = lambdaBody(g, [[x, el]], BOOL, d - 1);
      const o = expr(g, ty, d - 1);
      return mk(ty, t`${o}.filter(|${x}: ${g.tyNode(el)}| ${body})`,
        t`${o}.filter(|${x}: &${g.tyNode(el)}| { let ${x}: ${g.tyNode(el)} = ${x}.clone(); ${body} })`);
    }],
    [1, () => mk(ty, t`${expr(g, ty, d - 1)}.${g.rng.pick(['or', 'xor'])}(${expr(g, ty, d - 1)})`)],
    [1, () => {
      const v = expr(g, { k: 'map', key: g.randomTy(0, { key: true }), val: el }, d - 1);
      g.usesMap = true;
      const kt = (v.ty as Ty & { k: 'map' }).key;
      const k = expr(g, kt, d - 1);
      return mk(ty, t`${v}.get(&${k})`, t`${v}.get(&${k}).cloned()`);
    }],
  ];
  if (g.has(el, 'Ord')) {
    prods.push([1, () => {
      const v = expr(g, { k: 'vec', el }, d - 1);
      const m = g.rng.pick(['max', 'min']);
      return mk(ty, t`${v}.iter().${m}()`, t`${v}.iter().cloned().${m}()`);
    }]);
  }
  if (el.k === 'int' && el.n === 'i64') {
    prods.push([1, () => {
      const s = expr(g, STR, d - 1), p = expr(g, STR, d - 1);
      return mk(ty, t`${s}.find(&${p})`, t`${s}.find(${p}.as_str()).map(|i: usize| i as i64)`);
    }]);
    prods.push([1, () => {
      const s = expr(g, STR, d - 1);
      return mk(ty, t`${s}.trim().parse::<int>().ok()`, t`${s}.trim().parse::<i64>().ok()`);
    }]);
  }
  if (el.k === 'int') {
    prods.push([1, () => mk(ty, t`${expr(g, el, d - 1)}.${g.rng.pick(['checked_add', 'checked_sub'])}(${expr(g, el, d - 1)})`)]);
  }
  if (el.k === 'char') prods.push([1, () => mk(ty, t`char::from_u32(${expr(g, U32, d - 1)})`)]);
  return prods;
}

function mapBlock(g: Gen, ty: Ty & { k: 'map' }, d: number): Node {
  g.usesMap = true;
  const m = g.fresh('m');
  const n = g.rng.int(0, 4);
  const inserts = Array.from({ length: n }, () => mk(undefined, t`${m}.insert(${expr(g, ty.key, d - 1)}, ${expr(g, ty.val, d - 1)}); `));
  const body = mk(undefined, joinT('', inserts, '', ''));
  return bl(mk(ty, t`{ let mut ${m}: ${g.tyNode(ty)} = HashMap::new(); ${body}${m} }`));
}

function adtProds(g: Gen, ty: Ty & { k: 'adt' }, d: number): Prod[] {
  const def = g.world.adt(ty.name);
  const prods: Prod[] = [[3, () => adtLiteral(g, ty, d)]];
  const ctors = g.methods.filter(m => m.owner === ty.name && m.assoc && sameTy(m.ret, ty) && g.affords(m.cost));
  if (ctors.length > 0 && def.params.length === 0) {
    prods.push([2, () => {
      const m = g.rng.pick(ctors);
      g.spend(m.cost);
      return mk(ty, joinT(`${ty.name}::${m.name}(`, m.params.map(p => expr(g, p, d - 1)), ', ', ')'));
    }]);
  }
  if (def.kind === 'struct' && !def.tuple && def.fields.length > 0) {
    prods.push([1, () => {
      // Functional update: some fields given, the rest from a base value.
      const fields = g.world.structFields(ty);
      const given = fields.filter(() => g.rng.chance(0.5));
      const inits = given.map(f => mk(undefined, t`${f.name}: ${expr(g, f.ty, d - 1)}`));
      const base = expr(g, ty, d - 1);
      return mk(ty, t`(${def.name} { ${mk(undefined, joinT('', inits, ', ', inits.length > 0 ? ', ' : ''))}..${base} })`);
    }]);
  }
  return prods;
}

function adtLiteral(g: Gen, ty: Ty & { k: 'adt' }, d: number): Node {
  const def = g.world.adt(ty.name);
  if (def.kind === 'struct') {
    const fields = g.world.structFields(ty);
    if (def.tuple) return mk(ty, joinT(`${def.name}(`, fields.map(f => expr(g, f.ty, d - 1)), ', ', ')'));
    if (fields.length === 0) return text(def.name, ty);
    // Fields in a random order: they are evaluated in source order in both languages.
    const order = g.rng.shuffle(fields.map((_f, i) => i));
    const inits = order.map(i => mk(undefined, t`${fields[i].name}: ${expr(g, fields[i].ty, d - 1)}`));
    return mk(ty, joinT(`(${def.name} { `, inits, ', ', ' })'));
  }
  const v = g.rng.pick(def.variants);
  const fields = g.world.variantFields(ty, v);
  const recursive = fields.some(f => f.ty.k === 'adt' && f.ty.name === def.name);
  if (recursive && d <= 1) return g.plain(ty, 0);
  const head = `${def.name}::${v.name}`;
  const node = v.shape === 'unit' ? text(head)
    : v.shape === 'tuple' ? mk(undefined, joinT(`${head}(`, fields.map(f => expr(g, f.ty, d - 1)), ', ', ')'))
    : mk(undefined, joinT(`(${head} { `, fields.map(f => mk(undefined, t`${f.name}: ${expr(g, f.ty, d - 1)}`)), ', ', ' })'));
  return def.params.length > 0 ? g.typed(ty, node) : { ...node, ty };
}

// ------------------------------------------------------------------ closures

/**
 * The body of a small closure with the given parameters: an expression of type `ret`
 * (no statements, no loops: closures are called an unknown number of times).
 */
export function lambdaBody(g: Gen, params: [string, Ty][], ret: Ty, d: number): Node {
  return inClosure(g, params, () => expr(g, ret, Math.min(d, 2))).body;
}

/** Generates a closure body one closure level down; returns it with its captures. */
export function inClosure(g: Gen, params: [string, Ty][], body: () => Node): { body: Node; captures: string[] } {
  g.level++;
  g.captures[g.level - 1] = new Set();
  g.push();
  for (const [name, ty] of params) g.declare(name, ty, false);
  const savedLoops = g.frame.loops;
  const savedTry = g.frame.tryTy;
  const savedDefer = g.frame.deferOk;
  const savedRet = g.frame.ret;
  g.frame.loops = [];
  g.frame.tryTy = null;
  g.frame.deferOk = false;
  const savedMult = g.mult;
  g.mult *= 4;
  try {
    const b = body();
    const captures = [...g.captures[g.level - 1]].map(v => v.name);
    return { body: b, captures };
  } finally {
    g.mult = savedMult;
    g.frame.loops = savedLoops;
    g.frame.tryTy = savedTry;
    g.frame.deferOk = savedDefer;
    g.frame.ret = savedRet;
    g.pop();
    g.level--;
  }
}

function closure(g: Gen, ty: Ty & { k: 'fn' }, d: number): Node {
  const names = ty.params.map(() => g.fresh('a'));
  const params = ty.params.map((p, i) => mk(undefined, t`${names[i]}: ${g.tyNode(p)}`));
  const { body, captures } = inClosure(g, names.map((n, i) => [n, ty.params[i]]), () =>
    ty.ret.k === 'unit' ? closureStmts(g, d) : expr(g, ty.ret, Math.min(d, 2)));
  return closureNode(ty, params, g.tyNode(ty.ret), body, captures, g.rust);
}

/** A unit closure's body: a print, or (Gossamer) an assignment to a captured variable. */
function closureStmts(g: Gen, d: number): Node {
  const targets = g.visible().filter(v => v.mut && !v.frozen && g.readable(v) && v.level < g.level && (v.ty.k === 'int' || v.ty.k === 'str'));
  if (!g.rust && targets.length > 0 && g.rng.chance(0.6)) {
    const v = g.rng.pick(targets);
    g.use(v);
    if (v.ty.k === 'int') return mk(undefined, t`${v.name} = ${v.name}.wrapping_add(${expr(g, v.ty, 1)})`, null);
    return mk(undefined, t`${v.name} = ${v.name} + ${expr(g, STR, 1)}`, null);
  }
  if (g.canPrint()) {
    g.prints += g.mult;
    g.impure = true;
    return formatCall(g, 'println', Math.min(d, 2));
  }
  return text('()');
}

function namedFnValue(g: Gen, ty: Ty & { k: 'fn' }): Node | null {
  const fits = g.fns.filter(f => !f.tparams && f.params.length === ty.params.length
    && f.params.every((p, i) => sameTy(p, ty.params[i])) && sameTy(f.ret, ty.ret) && g.affords(f.cost * 4));
  if (fits.length === 0) return null;
  const f = g.rng.pick(fits);
  g.spend(f.cost * 4);
  return mk(ty, t`${f.name}`, t`(Rc::new(${f.name}) as ${showTy(ty, 'rust')})`);
}

// ------------------------------------------------------------------ any type

function common(g: Gen, ty: Ty, d: number): Prod[] {
  const rng = g.rng;
  const prods: Prod[] = [
    [2, () => bl(mk(ty, t`if ${expr(g, BOOL, d - 1)} { ${expr(g, ty, d - 1)} } else { ${expr(g, ty, d - 1)} }`))],
    [1, () => bl(mk(ty, t`if ${expr(g, BOOL, d - 1)} { ${expr(g, ty, d - 1)} } else if ${expr(g, BOOL, d - 1)} { ${expr(g, ty, d - 1)} } else { ${expr(g, ty, d - 1)} }`))],
    [2, () => { const m = matchExpr(g, ty, d); return m && bl(m); }],
    [2, () => bl(block(g, ty, d))],
    [4, () => callFn(g, ty, d)],
    [3, () => callMethod(g, ty, d)],
    [g.constructible(ty) ? 2 : 0, () => mk(ty, t`${expr(g, { k: 'opt', el: ty }, d - 1)}.unwrap_or(${expr(g, ty, d - 1)})`)],
    [g.constructible(ty) ? 1 : 0, () => {
      const x = g.fresh('x');
      const o = expr(g, { k: 'opt', el: ty }, d - 1);
      const dflt = expr(g, ty, d - 1);
      g.push();
      g.declare(x, ty, false);
      const yes = rng.chance(0.5) ? expr(g, ty, d - 1) : readPlace(g, { root: g.visible().find(v => v.name === x)!, path: x, ty });
      g.pop();
      return bl(mk(ty, t`if let Some(${x}) = ${o} { ${yes} } else { ${dflt} }`));
    }],
    [g.constructible(ty) ? 1 : 0, () => {
      const e: Ty = rng.chance(0.7) ? STR : g.randomTy(0);
      return mk(ty, t`${expr(g, { k: 'res', ok: ty, err: e }, d - 1)}.unwrap_or(${expr(g, ty, d - 1)})`);
    }],
    [1, () => callClosureVar(g, ty, d)],
    [closureOk(g, ty) ? 1 : 0, () => {
      // A closure called on the spot.
      const p = rng.pick<Ty>([I64, BOOL, STR]);
      const a = g.fresh('a');
      const body = lambdaBody(g, [[a, p]], ty, d - 1);
      return mk(ty, t`(|${a}: ${g.tyNode(p)}| -> ${g.tyNode(ty)} { ${body} })(${expr(g, p, d - 1)})`);
    }],
    [1, () => loopBreak(g, ty, d)],
    [1, () => labelledBlock(g, ty, d)],
    [g.constructible(ty) ? 2 : 0, () => vecIndex(g, ty, d)],
    [1, () => {
      const el = [ty, g.randomTy(0)];
      const i = rng.int(0, 1);
      if (i === 1) el.reverse();
      const tup: Ty = { k: 'tuple', el };
      return mk(ty, t`${expr(g, tup, d - 1)}.${String(i)}`);
    }],
    [g.has(ty, 'Clone') && ty.k !== 'param' ? 1 : 0, () => mk(ty, t`${expr(g, ty, d - 1)}.clone()`)],
    [1, () => dynCall(g, ty, d)],
  ];
  return prods;
}

/** `f(args)` for a function returning `ty` (generic ones instantiated to fit). */
export function callFn(g: Gen, ty: Ty, d: number): Node | null {
  const fits: { f: FnInfo; params: Ty[]; targs: Ty[] | null }[] = [];
  for (const f of g.fns) {
    if (!g.affords(f.cost) || (g.conc !== null && !f.pure)) continue;
    if (!f.tparams) {
      if (sameTy(f.ret, ty)) fits.push({ f, params: f.params, targs: null });
      continue;
    }
    const inst = instantiate(g, f, ty);
    if (inst) fits.push({ f, ...inst });
  }
  if (fits.length === 0) return null;
  const { f, params, targs } = g.rng.pick(fits);
  g.spend(f.cost);
  if (!f.pure) g.impure = true;
  const args = params.map(p => expr(g, p, d - 1));
  const turbofish = targs && g.rng.chance(0.5) ? mk(undefined, joinT('::<', targs.map(a => g.tyNode(a)), ', ', '>')) : text('');
  return { ...mk(ty, t`${f.name}${turbofish}(${mk(undefined, joinT('', args, ', ', ''))})`), role: 'call', args: args.length };
}

/** Type arguments for a generic function so that it returns `want`, or null. */
function instantiate(g: Gen, f: FnInfo, want: Ty): { params: Ty[]; targs: Ty[] } | null {
  const tps = f.tparams!;
  const targs: Ty[] = [];
  for (const tp of tps) {
    const cands = candidatesFor(g, tp.bounds);
    if (cands.length === 0) return null;
    targs.push(g.rng.pick(cands));
  }
  const names = tps.map(p => p.name);
  const sub = (x: Ty) => subst(x, names, targs);
  if (!sameTy(sub(f.ret), want)) {
    // Try to make the return type fit when it is a bare parameter.
    if (f.ret.k === 'param') {
      const i = names.indexOf(f.ret.name);
      if (!candidatesFor(g, tps[i].bounds).some(c => sameTy(c, want))) return null;
      targs[i] = want;
    } else return null;
  }
  return { params: f.params.map(sub), targs };
}


/** Concrete types satisfying every bound (trait names: user traits or language ones). */
export function candidatesFor(g: Gen, bounds: string[]): Ty[] {
  const pool: Ty[] = [I64, INT.u8, INT.i32, F64, BOOL, CHAR, STR, { k: 'vec', el: I64 }, { k: 'opt', el: STR }, { k: 'tuple', el: [I64, STR] }];
  for (const tr of g.traits) for (const impl of tr.implementors) if (!pool.some(p => sameTy(p, impl))) pool.push(impl);
  for (const d of g.world.adts.values()) {
    if (d.params.length > 0) continue;
    const ty: Ty = { k: 'adt', name: d.name, args: [] };
    if (!pool.some(p => sameTy(p, ty)) && (!g.rust || g.world.rustOk(ty))) pool.push(ty);
  }
  return pool.filter(ty => bounds.every(b => satisfies(g, ty, b)));
}

export function satisfies(g: Gen, ty: Ty, bound: string): boolean {
  const tr = g.traits.find(x => x.name === bound);
  if (tr) return tr.implementors.some(i => sameTy(i, ty)) && tr.supers.every(s => satisfies(g, ty, s));
  return g.has(ty, bound as 'Clone');
}

/** `recv.m(args)` or `Type::m(args)` for an inherent or trait method returning `ty`. */
function callMethod(g: Gen, ty: Ty, d: number): Node | null {
  if (g.conc !== null || g.noMethods) return null;
  g.impure = true;
  const ms = g.onlyRequired ? [] : g.methods.filter(m => sameTy(m.ret, ty) && g.affords(m.cost) && !m.assoc);
  const traitCalls: { recvTy: Ty; name: string; params: Ty[]; trait: string }[] = [];
  for (const tr of g.traits) {
    for (const m of allMethods(g, tr.name)) {
      if (!sameTy(m.ret, ty)) continue;
      // `Trait::m(&x)` names the trait that declares m.
      for (const impl of tr.implementors) traitCalls.push({ recvTy: impl, name: m.name, params: m.params, trait: m.trait });
    }
  }
  // Methods of type parameters through their bounds (generic bodies).
  for (const [p, bounds] of g.paramBounds) {
    for (const b of bounds) {
      if (!g.traits.some(x => x.name === b)) continue;
      for (const m of allMethods(g, b)) if (sameTy(m.ret, ty)) traitCalls.push({ recvTy: { k: 'param', name: p }, name: m.name, params: m.params, trait: m.trait });
    }
  }
  if (ms.length === 0 && traitCalls.length === 0) return null;
  if (traitCalls.length > 0 && (ms.length === 0 || g.rng.chance(0.5))) {
    const c = g.rng.pick(traitCalls);
    const ps = placesOf(g, c.recvTy);
    if (c.recvTy.k === 'param' && ps.length === 0) return null;
    g.spend(20);
    // A receiver is borrowed: a place is used as it is (no clone, which `Self` may lack).
    const recv = ps.length > 0 && (c.recvTy.k === 'param' || g.rng.chance(0.5)) ? placeNode(g, g.rng.pick(ps)) : expr(g, c.recvTy, d - 1);
    const args = c.params.map(p => expr(g, p, d - 1));
    if (g.rng.chance(0.15) && c.recvTy.k !== 'param') {
      return mk(ty, t`${c.trait}::${c.name}(&${recv}${mk(undefined, joinT('', args.map(a => mk(undefined, t`, ${a}`)), '', ''))})`);
    }
    return mk(ty, t`${recv}.${c.name}(${mk(undefined, joinT('', args, ', ', ''))})`);
  }
  const m = g.rng.pick(ms);
  const owner: Ty = { k: 'adt', name: m.owner, args: [] };
  let recv: Node;
  if (m.mutates) {
    const ps = placesOf(g, owner, true);
    if (ps.length === 0) return null;
    recv = placeNode(g, g.rng.pick(ps));
  } else {
    recv = expr(g, owner, d - 1);
  }
  g.spend(m.cost);
  const args = m.params.map(p => expr(g, p, d - 1));
  return mk(ty, t`${recv}.${m.name}(${mk(undefined, joinT('', args, ', ', ''))})`);
}

/** A trait's methods and its supertraits'. */
export function allMethods(g: Gen, trait: string): { name: string; params: Ty[]; ret: Ty; trait: string }[] {
  const tr = g.traits.find(x => x.name === trait);
  if (!tr) return [];
  const own = g.onlyRequired ? tr.methods.filter(m => !m.hasDefault) : tr.methods;
  return [...own.map(m => ({ ...m, trait: tr.name })), ...tr.supers.flatMap(s => allMethods(g, s))];
}

/** A method call through a `dyn` value. */
function dynCall(g: Gen, ty: Ty, d: number): Node | null {
  if (g.conc !== null || g.noMethods) return null;
  g.impure = true;
  const opts: { trait: string; name: string; params: Ty[] }[] = [];
  for (const tr of g.traits) {
    if (tr.implementors.length === 0) continue;
    for (const m of allMethods(g, tr.name)) if (sameTy(m.ret, ty)) opts.push({ trait: tr.name, name: m.name, params: m.params });
  }
  if (opts.length === 0) return null;
  const o = g.rng.pick(opts);
  g.spend(20);
  const recv = expr(g, { k: 'dyn', trait: o.trait }, d - 1);
  const args = o.params.map(p => expr(g, p, d - 1));
  return mk(ty, t`${recv}.${o.name}(${mk(undefined, joinT('', args, ', ', ''))})`);
}

function callClosureVar(g: Gen, ty: Ty, d: number): Node | null {
  if (g.conc !== null) return null;
  g.impure = true;
  const fs = g.visible().filter(v => g.readable(v) && v.ty.k === 'fn' && sameTy(v.ty.ret, ty));
  if (fs.length === 0 || !g.affords(20)) return null;
  const v = g.rng.pick(fs);
  const fty = v.ty as Ty & { k: 'fn' };
  g.use(v);
  g.spend(20);
  const args = fty.params.map(p => expr(g, p, d - 1));
  return mk(ty, t`(${v.name})(${mk(undefined, joinT('', args, ', ', ''))})`);
}

/** `loop` counting up to a bound, breaking with a value. */
function loopBreak(g: Gen, ty: Ty, d: number): Node | null {
  const n = g.rng.int(1, 4);
  if (!g.affords(n * 3)) return null;
  const i = g.fresh('i');
  const a = expr(g, ty, d - 1);
  const cond = g.rng.chance(0.5) ? text('') : mk(undefined, t` || ${expr(g, BOOL, d - 1)}`);
  g.spend(n * 3);
  return bl(mk(ty, t`{ let mut ${i} = 0; loop { ${i} += 1; if ${i} >= ${String(n)}${cond} { break ${a}; } } }`,
    t`{ let mut ${i} = 0i64; loop { ${i} += 1; if ${i} >= ${String(n)}${cond} { break ${a}; } } }`));
}

function labelledBlock(g: Gen, ty: Ty, d: number): Node {
  const l = `'${g.fresh('b')}`;
  // Parenthesized: `break 'a 'b: { .. }` does not parse.
  return mk(ty, t`(${l}: { if ${expr(g, BOOL, d - 1)} { break ${l} ${expr(g, ty, d - 1)}; } ${expr(g, ty, d - 1)} })`);
}

/** `v[i]` with `i` reduced into range, or a default when the vector is empty. */
function vecIndex(g: Gen, ty: Ty, d: number): Node {
  const v = g.fresh('iv');
  const vec = expr(g, { k: 'vec', el: ty }, d - 1);
  const i = expr(g, I64, d - 1);
  const dflt = expr(g, ty, d - 1);
  const clone = g.rust && !isCopy(ty) ? '.clone()' : '';
  return bl(mk(ty, t`{ let ${v} = ${vec}; if ${v}.is_empty() { ${dflt} } else { ${v}[(${i}).rem_euclid(${v}.len())]${clone} } }`,
    t`{ let ${v} = ${vec}; if ${v}.is_empty() { ${dflt} } else { ${v}[(${i}).rem_euclid(${v}.len() as i64) as usize]${clone} } }`));
}

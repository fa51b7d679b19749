// Statements: let (with patterns, let-else), assignments and compound assignments,
// mutation of fields, elements, vectors and maps, prints, if / if let / match, every
// loop form (for over ranges, vectors, enumerate and sorted map keys; while; while let;
// loop; labelled loops with break and continue), `?`, early return, and in
// Gossamer-only programs `defer`. Every loop has a small bound fixed when it starts.

import { Node, mk, seq, t, text } from '../node.js';
import { BOOL, I64, INT, INT_NAMES, STR, Ty, UNIT, intBits } from '../types.js';
import { Gen, joinT } from './ctx.js';
import { Place, callFn, expr, placeNode, placesOf, readPlace } from './expr.js';
import { formatCall } from './format.js';
import { Pat, arms, pattern, scrutineeTy } from './pattern.js';

type Prod = readonly [number, () => Node | null];

/** `{ statements; value }`: a block expression of type `ty` (no loop control inside). */
export function block(g: Gen, ty: Ty, d: number): Node {
  return withoutLoops(g, () => {
    g.push();
    const ss = Array.from({ length: g.rng.int(1, 2) }, () => stmt(g, d - 1));
    const tail = expr(g, ty, d - 1);
    g.pop();
    return mk(ty, t`{\n${seq([...ss, tail], true, true)}\n}`);
  });
}

/** A statement block `{ ... }` of `n` statements in a new scope. */
export function stmtBlock(g: Gen, n: number, d: number): Node {
  g.push();
  const ss = Array.from({ length: n }, () => stmt(g, d));
  g.pop();
  return mk(undefined, t`{\n${seq(ss, true)}\n}`);
}

/** Generates with no enclosing loop: `break`/`continue` must not escape an expression. */
function withoutLoops<T>(g: Gen, body: () => T): T {
  const saved = g.frame.loops;
  g.frame.loops = [];
  try { return body(); } finally { g.frame.loops = saved; }
}

export function stmt(g: Gen, d: number): Node {
  g.spend(1);
  if (d <= 0) return letStmt(g, 1) ?? text(';');
  const inLoop = g.frame.loops.length > 0;
  const prods: Prod[] = [
    [8, () => letStmt(g, d)],
    [3, () => assign(g, d)],
    [3, () => compound(g, d)],
    [3, () => fieldAssign(g, d)],
    [3, () => vecOp(g, d)],
    [1, () => mapOp(g, d)],
    [g.canPrint() ? 6 : 0, () => print(g, d)],
    [3, () => ifStmt(g, d)],
    [2, () => matchStmt(g, d)],
    [1, () => ifLet(g, d)],
    [1, () => whileLet(g, d)],
    [2, () => forRange(g, d)],
    [2, () => forVec(g, d)],
    [1, () => forMapKeys(g, d)],
    [1, () => countedLoop(g, d, 'while')],
    [1, () => countedLoop(g, d, 'loop')],
    [1, () => labelled(g, d)],
    [inLoop ? 2 : 0, () => loopControl(g, d)],
    [1, () => stmtBlock(g, g.rng.int(1, 2), d - 1)],
    [2, () => callStmt(g, d)],
    [1, () => letElse(g, d)],
    [2, () => destructure(g, d)],
    [g.frame.tryTy ? 2 : 0, () => tryStmt(g, d)],
    [1, () => earlyReturn(g, d)],
    [!g.rust && g.frame.deferOk ? 2 : 0, () => deferStmt(g, d)],
  ];
  for (let i = 0; i < 8; i++) {
    const n = g.rng.weighted(prods)();
    if (n) return n;
  }
  return letStmt(g, 1) ?? text(';');
}

// ------------------------------------------------------------------ bindings

export function letStmt(g: Gen, d: number, ty0?: Ty): Node | null {
  const ty = ty0 ?? g.randomTy(2);
  if (!g.constructible(ty)) return null;
  const e = expr(g, ty, d);
  const name = g.fresh('v');
  const mut = g.rng.chance(0.45);
  g.declare(name, ty, mut);
  const anno = g.rng.chance(0.5) ? mk(undefined, t`: ${g.tyNode(ty)}`) : text('');
  return mk(undefined, t`let ${mut ? 'mut ' : ''}${name}${anno} = ${e};`);
}

function assign(g: Gen, d: number): Node | null {
  const vs = g.visible().filter(v => g.writable(v) && g.readable(v) && g.constructible(v.ty) && v.name !== 'self');
  if (vs.length === 0) return null;
  const v = g.rng.pick(vs);
  const e = expr(g, v.ty, d);
  g.use(v);
  return mk(undefined, t`${v.name} = ${e};`);
}

function compound(g: Gen, d: number): Node | null {
  const vs = g.visible().filter(v => g.writable(v) && g.readable(v) && (v.ty.k === 'int' || v.ty.k === 'float' || v.ty.k === 'str'));
  if (vs.length === 0) return null;
  const v = g.rng.pick(vs);
  g.use(v);
  const ty = v.ty;
  if (ty.k === 'str') {
    const e = expr(g, STR, d);
    return mk(undefined, t`${v.name} += ${e};`, t`${v.name} += &${e};`);
  }
  if (ty.k === 'float') return mk(undefined, t`${v.name} ${g.rng.pick(['+=', '-=', '*=', '/='])} ${expr(g, ty, d)};`);
  if (ty.k !== 'int') return null;
  const op = g.rng.pick(['+=', '-=', '*=', '&=', '|=', '^=', '+=', '/=', '%=', '<<=', '>>=']);
  if (op === '/=' || op === '%=') {
    const b = mk(ty, t`(${expr(g, ty, d - 1)} | ${g.intLit(ty.n, 1n, true)})`);
    return mk(undefined, t`${v.name} ${op} ${b};`, t`${v.name} = ${v.name}.${op === '/=' ? 'wrapping_div' : 'wrapping_rem'}(${b});`);
  }
  if (op === '<<=' || op === '>>=') {
    const an = g.rng.pick(INT_NAMES);
    const amount = g.intLit(an, BigInt(g.rng.int(0, intBits(ty.n) + 2)));
    const fn = op === '<<=' ? 'wrapping_shl' : 'wrapping_shr';
    const narrow = intBits(ty.n) < 32;
    const wide = ty.n[0] === 'i' ? 'i32' : 'u32';
    return mk(undefined, t`${v.name} ${op} ${amount};`, narrow
      ? t`${v.name} = (${v.name} as ${wide}).${fn}((${amount}) as u32) as ${ty.n};`
      : t`${v.name} = ${v.name}.${fn}((${amount}) as u32);`);
  }
  return mk(undefined, t`${v.name} ${op} ${expr(g, ty, d)};`);
}

/**
 * Places whose object may be changed: in Rust a `mut` variable of this closure level; in
 * Gossamer any binding of a struct or Vec (they are references), `mut` for arrays.
 */
function mutTargets(g: Gen, ty: Ty | null): Place[] {
  const all = placesOf(g, ty).filter(p => !p.root.frozen);
  return all.filter(p => {
    if (g.rust) return g.writable(p.root);
    if (p.path.includes('[')) return p.root.mut;
    return true;
  });
}

function fieldAssign(g: Gen, d: number): Node | null {
  const ps = mutTargets(g, null).filter(p => p.path !== p.root.name && !/\.\d+$/.test(p.path) && g.constructible(p.ty)
    && !(p.root.ty.k === 'tuple' && /^[^.]+\.\d/.test(p.path)));
  if (ps.length === 0) return null;
  const p = g.rng.pick(ps);
  if (/\.\d+(\.|\[|$)/.test(p.path.slice(p.root.name.length))) return null;   // through a tuple: immutable
  const e = expr(g, p.ty, d);
  return mk(undefined, t`${placeNode(g, p)} = ${e};`);
}

function vecOp(g: Gen, d: number): Node | null {
  const ps = mutTargets(g, null).filter(p => p.ty.k === 'vec' && g.constructible(p.ty)
    && !/\.\d+(\.|\[|$)/.test(p.path.slice(p.root.name.length)));
  if (ps.length === 0) return null;
  const p = g.rng.pick(ps);
  const vty = p.ty as Ty & { k: 'vec' };
  const el = vty.el;
  const v = placeNode(g, p);
  const rng = g.rng;
  const k = g.fresh('k');
  switch (rng.int(0, 11)) {
    case 0: case 1: case 2: return mk(undefined, t`${v}.push(${expr(g, el, d)});`);
    case 3: return mk(undefined, t`${v}.pop();`);
    case 4: {
      const i = expr(g, I64, d - 1), x = expr(g, el, d);
      return mk(undefined, t`{ let ${k} = (${i}).rem_euclid(${v}.len() + 1); ${v}.insert(${k}, ${x}); }`,
        t`{ let ${k} = (${i}).rem_euclid(${v}.len() as i64 + 1) as usize; ${v}.insert(${k}, ${x}); }`);
    }
    case 5: {
      const i = expr(g, I64, d - 1);
      return mk(undefined, t`if !${v}.is_empty() { let ${k} = (${i}).rem_euclid(${v}.len()); ${v}.remove(${k}); }`,
        t`if !${v}.is_empty() { let ${k} = (${i}).rem_euclid(${v}.len() as i64) as usize; ${v}.remove(${k}); }`);
    }
    case 6: {
      const i = expr(g, I64, d - 1), x = expr(g, el, d);
      return mk(undefined, t`if !${v}.is_empty() { let ${k} = (${i}).rem_euclid(${v}.len()); ${v}[${k}] = ${x}; }`,
        t`if !${v}.is_empty() { let ${k} = (${i}).rem_euclid(${v}.len() as i64) as usize; ${v}[${k}] = ${x}; }`);
    }
    case 7: return mk(undefined, t`${v}.truncate(${String(rng.int(0, 3))});`);
    case 8: return mk(undefined, t`${v}.reverse();`);
    case 9:
      if (g.has(el, 'Ord')) return mk(undefined, t`${v}.sort();`);
      if (g.has(el, 'PartialEq')) return mk(undefined, t`${v}.dedup();`);
      return mk(undefined, t`${v}.clear();`);
    case 10: {
      const w = expr(g, vty, d - 1);
      return mk(undefined, t`${v}.extend(${w});`);
    }
    default: {
      if (!g.constructible(el)) return null;
      const x = g.fresh('x');
      g.push();
      g.declare(x, el, false);
      const body = expr(g, BOOL, Math.min(d, 2));
      g.pop();
      return mk(undefined, t`${v}.retain(|${x}: ${g.tyNode(el)}| ${body});`,
        t`${v}.retain(|${x}: &${g.tyNode(el)}| { let ${x}: ${g.tyNode(el)} = ${x}.clone(); ${body} });`);
    }
  }
}

function mapOp(g: Gen, d: number): Node | null {
  const ps = mutTargets(g, null).filter(p => p.ty.k === 'map' && !/\.\d+(\.|\[|$)/.test(p.path.slice(p.root.name.length)));
  if (ps.length === 0) return null;
  const p = g.rng.pick(ps);
  const mty = p.ty as Ty & { k: 'map' };
  const m = placeNode(g, p);
  const r = g.rng.int(0, 4);
  if (r <= 2) return mk(undefined, t`${m}.insert(${expr(g, mty.key, d)}, ${expr(g, mty.val, d)});`);
  if (r === 3) return mk(undefined, t`${m}.remove(&${expr(g, mty.key, d)});`);
  return mk(undefined, t`${m}.clear();`);
}

function print(g: Gen, d: number): Node {
  g.prints += g.mult;
  g.impure = true;
  return mk(undefined, t`${formatCall(g, g.rng.chance(0.8) ? 'println' : 'print', Math.min(d, 3))};`);
}

// ------------------------------------------------------------------ control

function ifStmt(g: Gen, d: number): Node {
  const c = expr(g, BOOL, Math.min(d, 3));
  const a = stmtBlock(g, g.rng.int(1, 3), d - 1);
  const form = g.rng.int(0, 2);
  if (form === 0) return mk(undefined, t`if ${c} ${a}`);
  if (form === 1) return mk(undefined, t`if ${c} ${a} else ${stmtBlock(g, g.rng.int(1, 2), d - 1)}`);
  const c2 = expr(g, BOOL, Math.min(d, 2));
  return mk(undefined, t`if ${c} ${a} else if ${c2} ${stmtBlock(g, 1, d - 1)} else ${stmtBlock(g, 1, d - 1)}`);
}

function matchStmt(g: Gen, d: number): Node | null {
  const sTy = scrutineeTy(g);
  if (!g.constructible(sTy)) return null;
  const s = expr(g, sTy, Math.min(d, 3));
  const body = arms(g, sTy, d - 1, () => stmtBlock(g, g.rng.int(1, 2), d - 1));
  return mk(undefined, t`match ${s} {\n${seq([body], true)}\n}`);
}

function ifLet(g: Gen, d: number): Node | null {
  const sTy = scrutineeTy(g);
  if (!g.constructible(sTy)) return null;
  const s = expr(g, sTy, Math.min(d, 3));
  const p = pattern(g, sTy, 2);
  g.push();
  for (const [n, ty] of p.binds) g.declare(n, ty, false);
  const a = stmtBlock(g, g.rng.int(1, 2), d - 1);
  g.pop();
  if (g.rng.chance(0.5)) return mk(undefined, t`if let ${p.node} = ${s} ${a}`);
  return mk(undefined, t`if let ${p.node} = ${s} ${a} else ${stmtBlock(g, 1, d - 1)}`);
}

/** Drains a fresh vector that nothing else can see (so the loop ends). */
function whileLet(g: Gen, d: number): Node | null {
  const el = g.randomTy(1);
  if (!g.constructible(el)) return null;
  const src = expr(g, { k: 'vec', el }, Math.min(d, 2));
  const w = g.fresh('wl');
  const x = g.fresh('x');
  return g.inLoop(5, { label: null }, () => {
    g.push();
    g.declare(x, el, false);
    const body = stmtBlock(g, g.rng.int(1, 2), d - 1);
    g.pop();
    return mk(undefined, t`let mut ${w} = ${src};\nwhile let Some(${x}) = ${w}.pop() ${body}`);
  });
}

function forRange(g: Gen, d: number): Node | null {
  const n = g.rng.int(0, 5);
  if (!g.affords(n * 4)) return null;
  const it = g.rng.chance(0.8) ? 'i64' : g.rng.pick(['i8', 'u8', 'i32', 'u32', 'u64'] as const);
  const a = g.rng.int(0, 3);
  const i = g.fresh('i');
  const incl = n > 0 && g.rng.chance(0.3);
  const b = incl ? a + n - 1 : a + n;
  const form = g.rng.int(0, 5);
  return g.inLoop(n, { label: null }, () => {
    g.push();
    g.declare(i, INT[it], false);
    const body = stmtBlock(g, g.rng.int(1, 3), d - 1);
    g.pop();
    const gs = it === 'i64' ? '' : it;
    const range = incl ? `${a}${gs}..=${b}${gs}` : `${a}${gs}..${b}${gs}`;
    const rrange = incl ? `${a}${it}..=${b}${it}` : `${a}${it}..${b}${it}`;
    if (form === 0) return mk(undefined, t`for ${i} in (${range}).rev() ${body}`, t`for ${i} in (${rrange}).rev() ${body}`);
    if (form === 1) return mk(undefined, t`for ${i} in (${range}).step_by(2) ${body}`, t`for ${i} in (${rrange}).step_by(2) ${body}`);
    return mk(undefined, t`for ${i} in ${range} ${body}`, t`for ${i} in ${rrange} ${body}`);
  });
}

function forVec(g: Gen, d: number): Node | null {
  const el = g.randomTy(1);
  if (!g.constructible(el) || !g.affords(20)) return null;
  const v = expr(g, { k: 'vec', el }, Math.min(d, 2));
  const x = g.fresh('x');
  const enumerate = g.rng.chance(0.3);
  const i = g.fresh('n');
  return g.inLoop(6, { label: null }, () => {
    g.push();
    g.declare(x, el, false);
    if (enumerate) g.declare(i, I64, false);
    const body = stmtBlock(g, g.rng.int(1, 3), d - 1);
    g.pop();
    if (enumerate) {
      return mk(undefined, t`for (${i}, ${x}) in ${v}.iter().enumerate() ${body}`,
        t`for (${i}, ${x}) in ${v}.iter().cloned().enumerate().map(|(i, x)| (i as i64, x)) ${body}`);
    }
    const how = g.rng.pick(['', '&', '.iter()', '.clone()']);
    const gos = how === '&' ? t`for ${x} in &${v} ${body}` : how === '' ? t`for ${x} in ${v} ${body}` : t`for ${x} in ${v}${how} ${body}`;
    return mk(undefined, gos, t`for ${x} in ${v}.clone() ${body}`);
  });
}

function forMapKeys(g: Gen, d: number): Node | null {
  const kt = g.randomTy(0, { key: true });
  const vt = g.randomTy(1, { noFn: true });
  if (!g.constructible(vt)) return null;
  const mty: Ty = { k: 'map', key: kt, val: vt };
  g.usesMap = true;
  const m = g.fresh('mp');
  const ks = g.fresh('ks');
  const k = g.fresh('key');
  const src = expr(g, mty, Math.min(d, 2));
  return g.inLoop(4, { label: null }, () => {
    g.push();
    g.declare(k, kt, false);
    const mv = g.declare(m, mty, false);
    const val = readPlace(g, { root: mv, path: `${m}[&${k}]`, ty: vt });
    const x = g.fresh('val');
    g.declare(x, vt, false);
    const body = stmtBlock(g, g.rng.int(1, 2), d - 1);
    g.pop();
    return mk(undefined,
      t`let ${m} = ${src};\nlet mut ${ks}: Vec<${g.tyNode(kt)}> = ${m}.keys();\n${ks}.sort();\nfor ${k} in ${ks} {\n    let ${x} = ${val};\n    ${body}\n}`,
      t`let ${m} = ${src};\nlet mut ${ks}: Vec<${g.tyNode(kt)}> = ${m}.keys().cloned().collect();\n${ks}.sort();\nfor ${k} in ${ks} {\n    let ${x} = ${val};\n    ${body}\n}`);
  });
}

/** `while c < n { c += 1; .. }` or `loop { if c >= n { break; } c += 1; .. }`. */
function countedLoop(g: Gen, d: number, form: 'while' | 'loop'): Node | null {
  const n = g.rng.int(0, 5);
  if (!g.affords(n * 4)) return null;
  const c = g.fresh('c');
  g.declare(c, I64, true).frozen = true;   // the body may read the counter, not change it
  return g.inLoop(n, { label: null }, () => {
    const body = stmtBlock(g, g.rng.int(1, 3), d - 1);
    const head = form === 'while' ? `while ${c} < ${n} {\n` : `loop {\n    if ${c} >= ${n} { break; }\n`;
    return mk(undefined, t`let mut ${c} = 0;\n${head}    ${c} += 1;\n    ${body}\n}`,
      t`let mut ${c}: i64 = 0;\n${head}    ${c} += 1;\n    ${body}\n}`);
  });
}

/** Two nested labelled loops; the body may `break`/`continue` either. */
function labelled(g: Gen, d: number): Node | null {
  const n = g.rng.int(1, 4), m = g.rng.int(1, 4);
  if (!g.affords(n * m * 4)) return null;
  const lo = `'${g.fresh('outer')}`;
  const li = `'${g.fresh('inner')}`;
  const i = g.fresh('i'), j = g.fresh('j');
  return g.inLoop(n, { label: lo }, () => {
    g.push();
    g.declare(i, I64, false);
    const inner = g.inLoop(m, { label: li }, () => {
      g.push();
      g.declare(j, I64, false);
      const body = stmtBlock(g, g.rng.int(1, 3), d - 1);
      g.pop();
      return body;
    });
    g.pop();
    return mk(undefined, t`${lo}: for ${i} in 0..${String(n)} {\n    ${li}: for ${j} in 0..${String(m)} ${inner}\n}`,
      t`${lo}: for ${i} in 0i64..${String(n)} {\n    ${li}: for ${j} in 0i64..${String(m)} ${inner}\n}`);
  });
}

function loopControl(g: Gen, d: number): Node {
  const loops = g.frame.loops;
  const innermost = loops[loops.length - 1];
  // An outer loop needs its label; the innermost may be named or not.
  const labelled = loops.filter(l => l.label !== null);
  const target = labelled.length > 0 && g.rng.chance(0.5) ? g.rng.pick(labelled) : innermost;
  const label = target.label !== null && (target !== innermost || g.rng.chance(0.5)) ? ` ${target.label}` : '';
  const what = g.rng.chance(0.5) ? 'break' : 'continue';
  return mk(undefined, t`if ${expr(g, BOOL, Math.min(d, 2))} { ${what}${label}; }`);
}

function callStmt(g: Gen, d: number): Node | null {
  const r = g.rng.int(0, 2);
  if (r === 0) {
    // A closure variable called for its effect.
    const fs = g.visible().filter(v => g.readable(v) && v.ty.k === 'fn' && v.ty.ret.k === 'unit');
    if (fs.length === 0 || !g.affords(20) || g.conc !== null) return null;
    const v = g.rng.pick(fs);
    g.use(v);
    g.spend(20);
    g.impure = true;
    const fty = v.ty as Ty & { k: 'fn' };
    return mk(undefined, t`(${v.name})(${mk(undefined, joinT('', fty.params.map(p => expr(g, p, Math.min(d, 2))), ', ', ''))});`);
  }
  const ty = r === 1 ? UNIT : g.randomTy(1);
  const c = callFn(g, ty, Math.min(d, 3));
  if (!c) return null;
  return ty.k === 'unit' ? mk(undefined, t`${c};`) : mk(undefined, t`let _ = ${c};`);
}

/** `let Some(x) = e else { continue; };` (or `return`). */
function letElse(g: Gen, d: number): Node | null {
  const inner = g.randomTy(1);
  if (!g.constructible(inner)) return null;
  let diverge: Node;
  if (g.level > 0) return null;
  if (g.frame.loops.length > 0) diverge = text(g.rng.chance(0.5) ? 'continue;' : 'break;');
  else if (g.constructible(g.frame.ret) && g.frame.ret.k !== 'unit') diverge = mk(undefined, t`return ${g.plain(g.frame.ret)};`);
  else return null;
  const e = expr(g, { k: 'opt', el: inner }, Math.min(d, 3));
  const x = g.fresh('le');
  g.declare(x, inner, false);
  // Rust does not take a `}` right before `else`: the value goes in parentheses.
  return mk(undefined, t`let Some(${x}) = (${e}) else { ${diverge} };`);
}

/** `let (a, b) = ...;`, `let S { f, .. } = ...;`: irrefutable patterns. */
function destructure(g: Gen, d: number): Node | null {
  const structs = [...g.world.adts.values()].filter(a => a.kind === 'struct' && a.params.length === 0);
  const ty: Ty = g.rng.chance(0.5) || structs.length === 0
    ? { k: 'tuple', el: [g.randomTy(1), g.randomTy(0), ...(g.rng.chance(0.3) ? [g.randomTy(1)] : [])] }
    : { k: 'adt', name: g.rng.pick(structs).name, args: [] };
  if (!g.constructible(ty) || (g.rust && !g.world.rustOk(ty))) return null;
  const e = expr(g, ty, Math.min(d, 3));
  let p: Pat | null = null;
  for (let i = 0; i < 6 && !(p && p.total); i++) p = pattern(g, ty, 2);
  if (!p || !p.total) return null;
  for (const [n, bt] of p.binds) g.declare(n, bt, false);
  return p.or ? mk(undefined, t`let (${p.node}) = ${e};`) : mk(undefined, t`let ${p.node} = ${e};`);
}

function tryStmt(g: Gen, d: number): Node | null {
  const tt = g.frame.tryTy!;
  const inner = g.randomTy(1);
  if (!g.constructible(inner)) return null;
  const ty: Ty = tt.k === 'opt' ? { k: 'opt', el: inner } : { k: 'res', ok: inner, err: (tt as Ty & { k: 'res' }).err };
  const e = expr(g, ty, Math.min(d, 3));
  const x = g.fresh('q');
  g.declare(x, inner, false);
  return mk(undefined, t`let ${x} = ${e}?;`);
}

function earlyReturn(g: Gen, d: number): Node | null {
  const ret = g.frame.ret;
  if (!g.constructible(ret) || g.level > 0) return null;
  const c = expr(g, BOOL, Math.min(d, 2));
  if (ret.k === 'unit') return g.rng.chance(0.3) ? mk(undefined, t`if ${c} { return; }`) : null;
  return mk(undefined, t`if ${c} { return ${expr(g, ret, Math.min(d, 2))}; }`);
}

/** Gossamer: `defer` a print (operands taken now) or a block (variables read at exit). */
function deferStmt(g: Gen, d: number): Node | null {
  if (!g.canPrint()) return null;
  g.prints += g.mult;
  g.impure = true;
  if (g.rng.chance(0.6)) return mk(undefined, t`defer ${formatCall(g, 'println', Math.min(d, 2))};`, null);
  // The block is a body of its own: no `return`/`?` of the function, no loop control.
  const saved = { ...g.frame };
  g.frame.deferOk = false;
  g.frame.ret = UNIT;
  g.frame.tryTy = null;
  const body = withoutLoops(g, () => stmtBlock(g, g.rng.int(1, 2), Math.min(d, 2)));
  Object.assign(g.frame, saved);
  return mk(undefined, t`defer ${body};`, null);
}

/** Statements ending in an expression of `ret`: a function body. */
export function fnBody(g: Gen, ret: Ty, n: number, d: number): Node {
  const ss = Array.from({ length: n }, () => stmt(g, d));
  if (ret.k === 'unit') return seq(ss, true);
  return seq([...ss, expr(g, ret, d)], true, true);
}

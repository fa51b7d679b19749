// "Nearly well-typed" programs: a generated program with one change that makes it
// ill-typed. Each must get a diagnostic, never an internal compiler error; the changes
// marked `sure` are errors whatever the context, so a mutant of that kind that compiles
// is a checker bug. The others (a match arm dropped, a line deleted) may or may not be
// errors; they only have to be answered without a crash.

import { variants } from '../harness/mutate.js';
import { Program } from './gen/items.js';
import { Node, mk, render, replaceNode, t, text, walk } from './node.js';
import { Rng } from './rng.js';
import { hasParam } from './types.js';

export interface Mutant {
  text: string;
  what: string;
  /** The change is an error in any context. */
  sure: boolean;
}

type Mutation = (root: Node, rng: Rng) => { root: Node; what: string; sure: boolean } | null;

function pickExpr(root: Node, rng: Rng, ok: (n: Node) => boolean = () => true): Node | null {
  const all: Node[] = [];
  walk(root, n => { if (n.ty !== undefined && !n.seq && ok(n)) all.push(n); });
  return all.length === 0 ? null : rng.pick(all);
}

const MUTATIONS: Mutation[] = [
  (root, rng) => {
    const e = pickExpr(root, rng);
    return e && { root: replaceNode(root, e, text('zz_missing', e.ty)), what: 'an expression replaced by an unknown name', sure: true };
  },
  (root, rng) => {
    // `let zz: U = e;` with U a different type.
    const e = pickExpr(root, rng);
    if (!e) return null;
    const other = e.ty!.k === 'str' ? 'bool' : 'String';
    return { root: replaceNode(root, e, mk(e.ty, t`{ let zz: ${other} = ${e}; ${e} }`)), what: `an expression bound to a variable of type ${other}`, sure: true };
  },
  (root, rng) => {
    const e = pickExpr(root, rng);
    return e && { root: replaceNode(root, e, mk(e.ty, t`(${e} + true)`)), what: '`+ true` added to an expression', sure: true };
  },
  (root, rng) => {
    const e = pickExpr(root, rng, n => !hasParam(n.ty!));
    return e && { root: replaceNode(root, e, mk(e.ty, t`${e}.zz_no_method()`)), what: 'a call of a method that does not exist', sure: true };
  },
  (root, rng) => {
    const e = pickExpr(root, rng, n => !hasParam(n.ty!));
    return e && { root: replaceNode(root, e, mk(e.ty, t`(${e}).zz_no_field`)), what: 'a field that does not exist', sure: true };
  },
  (root, rng) => {
    // A call with one argument too many or too few.
    const calls: Node[] = [];
    walk(root, n => { if (n.role === 'call') calls.push(n); });
    if (calls.length === 0) return null;
    const c = rng.pick(calls);
    const args = c.kids[c.kids.length - 1];
    const fewer = (c.args ?? 0) > 0 && rng.chance(0.5);
    const by = fewer ? text('') : mk(undefined, t`${args}${(c.args ?? 0) > 0 ? ', ' : ''}0`);
    const kids = [...c.kids.slice(0, -1), by];
    return { root: replaceNode(root, c, { ...c, kids }), what: fewer ? 'a call without its arguments' : 'a call with an extra argument', sure: true };
  },
  (root, rng) => {
    // `break;` outside any loop, first in a function body.
    const bodies: Node[] = [];
    walk(root, n => { if (n.role === 'body') bodies.push(n); });
    if (bodies.length === 0) return null;
    const b = rng.pick(bodies);
    return { root: replaceNode(root, b, { ...b, kids: [text('break;'), ...b.kids] }), what: '`break` outside a loop', sure: true };
  },
  (root, rng) => {
    // A function's value replaced by one of another type.
    const bodies: Node[] = [];
    walk(root, n => { if (n.role === 'body' && n.keepLast && n.kids.length > 0) bodies.push(n); });
    if (bodies.length === 0) return null;
    const b = rng.pick(bodies);
    const tail = b.kids[b.kids.length - 1];
    // Not a String where a `dyn` is wanted: String may implement the trait.
    const other = tail.ty?.k === 'str' ? 'true' : tail.ty?.k === 'dyn' ? '()' : '"zz".to_string()';
    return { root: replaceNode(root, b, { ...b, kids: [...b.kids.slice(0, -1), text(other)] }), what: 'a function returning a value of the wrong type', sure: true };
  },
  (root, rng) => {
    // A function defined twice.
    const fns = root.kids.filter(k => k.role === 'fn');
    if (fns.length === 0) return null;
    const f = rng.pick(fns);
    return { root: { ...root, kids: [...root.kids, f] }, what: 'a function defined twice', sure: true };
  },
  (root, rng) => {
    // A statement dropped (may leave a variable undefined, or not).
    const seqs: Node[] = [];
    walk(root, n => { if (n.seq && n.kids.length > 1) seqs.push(n); });
    if (seqs.length === 0) return null;
    const s = rng.pick(seqs);
    const i = rng.int(0, s.kids.length - (s.keepLast ? 2 : 1));
    if (i < 0) return null;
    return { root: replaceNode(root, s, { ...s, kids: s.kids.filter((_, j) => j !== i) }), what: 'a statement or item deleted', sure: false };
  },
];

/** Up to `n` mutants of the program, the same ones for the same seed. */
export function illTypedMutants(p: Program, n: number): Mutant[] {
  const rng = new Rng(p.seed ^ 0x5bd1e995);
  const out: Mutant[] = [];
  for (let tries = 0; out.length < n && tries < n * 4; tries++) {
    const m = rng.pick(MUTATIONS)(p.root, rng);
    if (m) out.push({ text: render(m.root, 'gos'), what: m.what, sure: m.sure });
  }
  // And one mangled at the token level, as the robustness test does with tests/run.
  if (n > 0) {
    const text = render(p.root, 'gos');
    const vs = variants(`fuzz_${p.seed}`, text);
    const v = rng.pick(vs);
    out.push({ text: v.text, what: v.label, sure: false });
  }
  return out;
}

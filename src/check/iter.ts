// Checking what iterates: `for` loops.
//
// `for PAT in EXPR` picks a protocol (typed.ts ForKind) that lowering turns into a loop:
// integer ranges written in the head, Vecs, arrays, maps and sets by their layout, and
// anything else through a `next` returning an Option: an inherent `fn next(self)` (std's
// channels and Vec views), else `Iterator::next` of the type's impl (after
// `IntoIterator::into_iter` for a type that is iterable without being an iterator, when
// std declares IntoIterator).

import * as ast from '../syntax/ast.js';
import type { BodyChecker } from './body.js';
import { checkPattern } from './pattern.js';
import { isStd } from './std.js';
import { FnRef, LocalVar } from './typed.js';
import { ERROR, FnDef, TraitDef, Ty, UNIT, isInt, showTy } from './types.js';

/** The `Iterator` trait, if std has it. */
export function iteratorTrait(bc: BodyChecker): TraitDef | null { return bc.c.langTraits.get('Iterator') ?? null; }

/** `t`'s `Iterator::Item`, if `t` is an iterator. */
export function iterItem(bc: BodyChecker, t: Ty): Ty | null {
  const trait = iteratorTrait(bc);
  if (!trait || t.k === 'var' || t.k === 'error') return null;
  const item = bc.u.fresh();
  return bc.traits.implementsRef(bc.u, t, trait, [item]) ? item : null;
}

/** The impl method `name` of `trait` for concrete `t`, instantiated and marked used. */
function implMethod(bc: BodyChecker, trait: TraitDef, t: Ty, name: string, span: ast.Expr['span']): FnRef | null {
  const found = bc.traits.findImpl(bc.u, trait, t);
  if (!found) return null;
  const m: FnDef | undefined = found.impl.methods.get(name);
  return m ? bc.useFn(m, found.args, span) : null;
}

export function checkFor(bc: BodyChecker, e: ast.ForExpr): Ty {
  let bare = e.iter;
  while (bare.kind === 'paren') bare = bare.expr;
  if (bare.kind === 'range' && bare.start && !bare.end) {
    // `for i in a..`: counts up without end.
    const elem = bc.defaultLiteral(bc.checkExpr(bare.start, null));
    if (!isInt(bc.u.zonk(elem)) && elem.k !== 'error') bc.error('an open range in a `for` loop needs an integer start', bare.start.span);
    bc.out.exprTypes.set(e.iter, UNIT);
    bc.out.fors.set(e, { k: 'range', elem, inclusive: false, open: true });
    return forBody(bc, e, elem);
  }
  const it = bc.checkExpr(e.iter, null);
  const t = bc.u.zonk(it, true);
  let elem: Ty = ERROR;
  const revElem = bare.kind === 'methodCall' ? rangeRevElem(bc, bare) : null;
  if (bare.kind === 'methodCall' && revElem) {
    // Counts down instead of building the Vec that Range::rev returns.
    elem = revElem;
    let recv = bare.receiver;
    while (recv.kind === 'paren') recv = recv.expr;
    bc.out.fors.set(e, { k: 'rangeRev', elem, inclusive: recv.kind === 'range' && recv.inclusive });
  } else if (isStd(t, 'range')) {
    elem = t.args[0];
    bc.out.fors.set(e, { k: 'range', elem, inclusive: bare.kind === 'range' && bare.inclusive });
  } else if (isStd(t, 'vec')) {
    elem = t.args[0];
    bc.out.fors.set(e, { k: 'vec', elem });
  } else if (t.k === 'array') {
    elem = t.elem;
    bc.out.fors.set(e, { k: 'array', elem, len: t.len });
  } else if (isStd(t, 'hashMap') || isStd(t, 'hashSet')) {
    const set = t.def.lang === 'hashSet';
    elem = set ? t.args[0] : { k: 'tuple', elems: [t.args[0], t.args[1]] };
    const find = (n: string) => {
      const f = bc.findInherent(t, n);
      if (!f) { bc.error(`std: ${t.def.name} lacks \`${n}\``, e.span); return null; }
      return bc.useFn(f.def, f.args, e.span);
    };
    const next = find('iter_next_slot'), key = find('key_at'), value = set ? null : find('value_at');
    if (next && key) bc.out.fors.set(e, { k: 'map', key: t.args[0], value: set ? UNIT : t.args[1], set, fns: { next, key, value } });
  } else if (t.k !== 'error') {
    const kind = iteratorProtocol(bc, t, e);
    if (kind) {
      elem = kind.elem;
      bc.out.fors.set(e, { k: 'iter', elem: kind.elem, next: kind.next, into: kind.into });
    } else if (t.k === 'var') bc.needsAnnotation('type annotations needed: the type being iterated must be known', e.iter.span);
    else bc.error(`\`${showTy(t)}\` is not an iterator`, e.iter.span, 'iterate over a range, a Vec, an array, a map, a set, a channel, or a type that implements `Iterator`');
  }
  return forBody(bc, e, elem);
}

/** If `m` calls std's `Range::rev` (so `for` can count down), the range's element type. */
function rangeRevElem(bc: BodyChecker, m: ast.MethodCallExpr): Ty | null {
  if (m.method.name !== 'rev' || m.args.length !== 0) return null;
  const res = bc.out.methods.get(m);
  const recv = bc.out.exprTypes.get(m.receiver);
  if (res?.k !== 'fn' || !res.fn.def.module.privileged || recv === undefined) return null;
  const r = bc.u.zonk(recv, true);
  return isStd(r, 'range') ? r.args[0] : null;
}

/** An inherent `next` of `t` returning an Option, else `Iterator::next` of `t` or of what `IntoIterator::into_iter` makes of it. */
function iteratorProtocol(bc: BodyChecker, t: Ty, e: ast.ForExpr): { elem: Ty; next: FnRef; into: FnRef | null } | null {
  const f = bc.findInherent(t, 'next');
  const opt = bc.c.stdTypes.option;
  if (f && opt) {
    const r = bc.u.zonk(bc.instSig(f.def, f.args).ret);
    if (r.k === 'adt' && r.def === opt) return { elem: r.args[0], next: bc.useFn(f.def, f.args, e.span), into: null };
  }
  const iter = iteratorTrait(bc);
  const intoTrait = bc.c.langTraits.get('IntoIterator');
  if (!iter) return null;
  let into: FnRef | null = null;
  let it = t;
  let item = iterItem(bc, it);
  if (!item && intoTrait) {
    const found = bc.traits.findImpl(bc.u, intoTrait, t);
    if (found) {
      const m = found.impl.methods.get('into_iter');
      if (m) {
        into = bc.useFn(m, found.args, e.span);
        it = bc.u.zonk(bc.instSig(m, found.args).ret, true);
        item = iterItem(bc, it);
      }
    }
  }
  if (!item) return null;
  const next = implMethod(bc, iter, it, 'next', e.span);
  return next ? { elem: bc.u.zonk(item, true), next, into } : null;
}

function forBody(bc: BodyChecker, e: ast.ForExpr, elem: Ty): Ty {
  bc.pushScope();
  const locals: LocalVar[] = [];
  checkPattern(bc, e.pat, elem, locals, true);
  bc.fnCtx.loops.push({ label: e.label?.name ?? null, breakTy: null, isLoop: false });
  bc.checkBlock(e.body, UNIT);
  bc.fnCtx.loops.pop();
  bc.popScope();
  return UNIT;
}

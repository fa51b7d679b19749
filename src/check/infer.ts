// Inference variables and unification, with snapshots so method and impl lookup can
// try a match and roll it back.

import { Ty, showTy, isInt, isFloat, INT, F64 } from './types.js';

export class Unifier {
  private bindings: (Ty | null)[] = [];
  private lits: ('int' | 'float' | null)[] = [];
  private trail: { id: number; prevLit: 'int' | 'float' | null; prev: Ty | null }[] = [];

  fresh(lit: 'int' | 'float' | null = null): Ty {
    const id = this.bindings.length;
    this.bindings.push(null);
    this.lits.push(lit);
    return { k: 'var', id, lit };
  }

  /**
   * Follow bindings at the top only. A chain of variables bound to variables is shortened
   * to point at its end (path compression, undone by rollback like any binding), so
   * unifying one variable with thousands of others, as the elements of a long `vec![..]`
   * are, stays linear.
   */
  shallow(t: Ty): Ty {
    if (t.k !== 'var' || t.id < 0) return t;
    const first = t;
    let steps = 0;
    while (t.k === 'var' && t.id >= 0) {
      const b: Ty | null = this.bindings[t.id];
      if (!b) break;
      t = b;
      steps++;
    }
    if (steps > 1) this.compress(first, t);
    if (t.k === 'var' && t.id >= 0 && this.lits[t.id] !== t.lit) return { k: 'var', id: t.id, lit: this.lits[t.id] };
    return t;
  }

  private compress(from: Ty & { k: 'var' }, end: Ty): void {
    for (let v: Ty = from; v.k === 'var' && v.id >= 0;) {
      const b: Ty | null = this.bindings[v.id];
      if (!b || b === end) break;
      this.trail.push({ id: v.id, prevLit: this.lits[v.id], prev: b });
      this.bindings[v.id] = end;
      v = b;
    }
  }

  /** Resolve fully; unresolved literal vars default to int / f64 when `defaults` is set. */
  zonk(t: Ty, defaults = false): Ty {
    t = this.shallow(t);
    switch (t.k) {
      case 'var':
        if (defaults && t.lit === 'int') { this.bind(t.id, INT); return INT; }
        if (defaults && t.lit === 'float') { this.bind(t.id, F64); return F64; }
        return t;
      case 'adt': return t.args.length ? { k: 'adt', def: t.def, args: t.args.map(a => this.zonk(a, defaults)) } : t;
      case 'tuple': return { k: 'tuple', elems: t.elems.map(e => this.zonk(e, defaults)) };
      case 'array': return { k: 'array', elem: this.zonk(t.elem, defaults), len: t.len };
      case 'fn': return { k: 'fn', params: t.params.map(p => this.zonk(p, defaults)), ret: this.zonk(t.ret, defaults) };
      case 'dyn': return t.args.length ? { k: 'dyn', trait: t.trait, args: t.args.map(a => this.zonk(a, defaults)) } : t;
      case 'buf': return { k: 'buf', elem: this.zonk(t.elem, defaults) };
      default: return t;
    }
  }

  hasVars(t: Ty): boolean {
    t = this.shallow(t);
    switch (t.k) {
      case 'var': return true;
      case 'adt': return t.args.some(a => this.hasVars(a));
      case 'tuple': return t.elems.some(e => this.hasVars(e));
      case 'array': case 'buf': return this.hasVars(t.elem);
      case 'fn': return t.params.some(p => this.hasVars(p)) || this.hasVars(t.ret);
      case 'dyn': return t.args.some(a => this.hasVars(a));
      default: return false;
    }
  }

  private bind(id: number, t: Ty): void {
    this.trail.push({ id, prevLit: this.lits[id], prev: this.bindings[id] });
    this.bindings[id] = t;
  }

  private setLit(id: number, lit: 'int' | 'float' | null): void {
    this.trail.push({ id, prevLit: this.lits[id], prev: this.bindings[id] });
    this.lits[id] = lit;
  }

  snapshot(): number { return this.trail.length; }

  rollback(snap: number): void {
    while (this.trail.length > snap) {
      const { id, prevLit, prev } = this.trail.pop()!;
      this.bindings[id] = prev;
      this.lits[id] = prevLit;
    }
  }

  private occurs(id: number, t: Ty): boolean {
    t = this.shallow(t);
    switch (t.k) {
      case 'var': return t.id === id;
      case 'adt': return t.args.some(a => this.occurs(id, a));
      case 'tuple': return t.elems.some(e => this.occurs(id, e));
      case 'array': case 'buf': return this.occurs(id, t.elem);
      case 'fn': return t.params.some(p => this.occurs(id, p)) || this.occurs(id, t.ret);
      case 'dyn': return t.args.some(a => this.occurs(id, a));
      default: return false;
    }
  }

  /** Unify; returns false (leaving partial bindings: callers snapshot when trying). */
  unify(a: Ty, b: Ty): boolean {
    a = this.shallow(a); b = this.shallow(b);
    if (a === b) return true;
    if (a.k === 'error' || b.k === 'error') return true;
    if (a.k === 'var' && b.k === 'var') {
      if (a.id === b.id) return true;
      const lit = a.lit ?? b.lit;
      if (a.lit && b.lit && a.lit !== b.lit) return false;
      // The younger variable points at the older one, so that a variable unified with
      // many fresh ones (a `vec!` element type) stays the end of every chain.
      const [young, old] = a.id > b.id ? [a, b] : [b, a];
      if (lit !== old.lit) this.setLit(old.id, lit);
      this.bind(young.id, old);
      return true;
    }
    if (a.k === 'var') return this.bindVar(a, b);
    if (b.k === 'var') return this.bindVar(b, a);
    switch (a.k) {
      case 'prim': return b.k === 'prim' && a.name === b.name;
      case 'string': return b.k === 'string';
      case 'adt': return b.k === 'adt' && a.def === b.def && a.args.length === b.args.length && a.args.every((x, i) => this.unify(x, b.args[i]));
      case 'tuple': return b.k === 'tuple' && a.elems.length === b.elems.length && a.elems.every((x, i) => this.unify(x, b.elems[i]));
      case 'array': return b.k === 'array' && a.len === b.len && this.unify(a.elem, b.elem);
      case 'fn': return b.k === 'fn' && a.params.length === b.params.length && a.params.every((x, i) => this.unify(x, b.params[i])) && this.unify(a.ret, b.ret);
      case 'dyn': return b.k === 'dyn' && a.trait === b.trait && a.args.every((x, i) => this.unify(x, b.args[i]));
      case 'param': return b.k === 'param' && a.def === b.def;
      case 'buf': return b.k === 'buf' && this.unify(a.elem, b.elem);
      default: return false;
    }
  }

  private bindVar(v: Ty & { k: 'var' }, t: Ty): boolean {
    if (v.lit === 'int' && !isInt(t)) return false;
    if (v.lit === 'float' && !isFloat(t)) return false;
    if (this.occurs(v.id, t)) return false;
    this.bind(v.id, t);
    return true;
  }

  /** Try to unify; undo everything on failure. */
  tryUnify(a: Ty, b: Ty): boolean {
    const s = this.snapshot();
    if (this.unify(a, b)) return true;
    this.rollback(s);
    return false;
  }

  show(t: Ty): string { return showTy(this.zonk(t)); }
}

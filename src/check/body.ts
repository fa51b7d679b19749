// Checking one function instance's body: inference, name resolution in scopes, method
// resolution, closures and their captures. Produces a CheckedFn (typed.ts).
//
// Expressions are checked against an optional expected type (bidirectional): literals,
// closures and `dyn` coercions use it; everything else is unified after the fact.
// Paths, calls and methods live in body-call.ts; patterns in pattern.ts.

import * as ast from '../syntax/ast.js';
import { chainBelow, chainOperand } from '../syntax/chain.js';
import { didYouMean } from '../diag/suggest.js';
import { printExpr } from '../syntax/printer.js';
import { Span } from '../source/index.js';
import { Collector, TypeScope, arrayLenError, constIntValue } from './collect.js';
import { Unifier } from './infer.js';
import { TraitEnv } from './traits.js';
import { CheckedFn, ClosureInfo, FnRef, LocalVar, OpRes, Res } from './typed.js';
import {
  BOOL, CHAR, ERROR, F64, FnDef, INT, NEVER, STRING, Ty, UNIT, isFloat, isInt, isNumeric, intBits,
  makeSubst, prim, substTy, showTy, AdtDef, TraitDef,
} from './types.js';
import { isStd } from './std.js';
import { checkFor } from './iter.js';
import type { ProgramChecker } from './index.js';
import { checkPattern, checkExhaustive, patternIsIrrefutable } from './pattern.js';
import { TYPE_SIZE_LIMIT, tyTooBig } from './limits.js';
import { checkPathExpr, checkCall, checkMethodCall, checkStructLit, checkMacro, resolveParse } from './body-call.js';

interface Scope { names: Map<string, LocalVar> }

interface LoopCtx { label: string | null; breakTy: Ty | null; isLoop: boolean }

/** A function or closure body being checked: where `return` goes and what it captures. */
export interface FnCtx {
  ret: Ty;
  scopeDepth: number;     // scopes at index >= this belong to this body
  closure: ClosureInfo | null;
  loops: LoopCtx[];
}


export class BodyChecker {
  readonly u = new Unifier();
  readonly scopes: Scope[] = [];
  readonly fnStack: FnCtx[] = [];
  readonly out: CheckedFn;
  readonly subst;
  readonly typeScope: TypeScope;
  /** Operators on types not yet known: resolved in finish(). */
  readonly pendingOps: { node: ast.BinaryExpr | ast.AssignExpr; ty: Ty; op: ast.BinaryOp }[] = [];
  readonly pendingRefs: { ref: FnRef; span: Span }[] = [];
  readonly pendingMatches: ast.MatchExpr[] = [];
  readonly deferredChecks: (() => void)[] = [];
  readonly pendingParses: { e: ast.MethodCallExpr; target: Ty; err: Ty }[] = [];

  constructor(readonly pc: ProgramChecker, readonly def: FnDef, readonly args: Ty[], name: string) {
    this.reportedBefore = pc.diags.reported;
    this.subst = makeSubst(def.generics, args);
    this.typeScope = {
      module: def.module, params: new Map(), parent: null,
      selfTy: def.selfTy ? substTy(def.selfTy, this.subst) : null,
    };
    // Type parameters are substituted by concrete args inside the body.
    this.out = {
      name, def, args, selfLocal: null, params: [], paramTys: [], paramPats: [], ret: UNIT, body: def.item.body,
      exprTypes: new Map(), patTypes: new Map(), res: new Map(), methods: new Map(), ops: new Map(),
      bindings: new Map(), closures: new Map(), formats: new Map(), coercions: new Map(), tries: new Map(),
      fors: new Map(), trackCaller: def.item.attrs.some(a => a.name === 'track_caller'),
    };
  }

  get c(): Collector { return this.pc.collector; }
  get traits(): TraitEnv { return this.pc.traits; }
  get diags() { return this.pc.diags; }
  get privileged(): boolean { return this.def.module.privileged; }

  error(msg: string, span: Span, hint?: string): Ty {
    this.diags.error(msg, span, hint);
    return ERROR;
  }

  private readonly reportedBefore: number;

  /**
   * "type annotations needed", unless this body already had an error: an unknown name or
   * a bad type leaves inference variables unbound, and saying so again is a cascade.
   */
  needsAnnotation(msg: string, span: Span, hint?: string): Ty {
    if (this.diags.reported > this.reportedBefore) return ERROR;
    return this.error(msg, span, hint);
  }

  // ------------------------------------------------------------ types in bodies

  /** Resolve an AST type written in the body: generic params map to the instance's args. */
  resolveType(t: ast.Type): Ty {
    const scope = this.c.scopeWith(this.typeScope, this.def.generics, undefined);
    return this.freshen(substTy(this.c.resolveType(t, scope), this.subst));
  }

  /** Replace placeholder holes (`_`, omitted generic args) by fresh inference vars. */
  freshen(t: Ty): Ty {
    switch (t.k) {
      case 'var': return t.id === -1 ? this.u.fresh() : t;
      case 'adt': return t.args.length ? { k: 'adt', def: t.def, args: t.args.map(a => this.freshen(a)) } : t;
      case 'tuple': return { k: 'tuple', elems: t.elems.map(e => this.freshen(e)) };
      case 'array': return { k: 'array', elem: this.freshen(t.elem), len: t.len };
      case 'fn': return { k: 'fn', params: t.params.map(p => this.freshen(p)), ret: this.freshen(t.ret) };
      case 'buf': return { k: 'buf', elem: this.freshen(t.elem) };
      default: return t;
    }
  }

  instSig(def: FnDef, args: Ty[]): { params: Ty[]; ret: Ty; self: Ty | null } {
    const s = makeSubst(def.generics, args);
    return { params: def.params.map(p => this.freshen(substTy(p, s))), ret: this.freshen(substTy(def.ret, s)), self: def.selfTy ? substTy(def.selfTy, s) : null };
  }

  show(t: Ty): string { return this.u.show(t); }

  /** An integer or float literal's type defaults (to int / f64) where a method needs it. */
  defaultLiteral(t: Ty): Ty {
    const z = this.u.shallow(t);
    if (z.k === 'var' && z.lit) { this.u.unify(z, z.lit === 'int' ? INT : F64); return this.u.shallow(z); }
    return z;
  }

  /** Unify `actual` into `expected`, reporting a mismatch at `span`. */
  expect(expected: Ty, actual: Ty, span: Span, what = 'mismatched types'): void {
    if (this.u.unify(expected, actual)) return;
    const e = this.u.zonk(expected), a = this.u.zonk(actual);
    if (e.k === 'prim' && e.name === 'never') return;
    if (a.k === 'prim' && a.name === 'never') return;
    this.error(`${what}: expected \`${showTy(e)}\`, found \`${showTy(a)}\``, span);
  }

  /** Check `e` where a value of type `expected` is wanted, allowing coercions (-> dyn, never). */
  coerce(e: ast.Expr, expected: Ty): Ty {
    const t = this.checkExpr(e, expected);
    const exp = this.u.shallow(expected);
    const act = exp.k === 'dyn' ? this.defaultLiteral(t) : this.u.shallow(t);
    if (act.k === 'prim' && act.name === 'never') return expected;
    if (exp.k === 'dyn' && act.k !== 'dyn' && act.k !== 'var' && act.k !== 'error') {
      if (!this.traits.implements(this.u, act, exp.trait)) {
        this.error(`the trait \`${exp.trait.name}\` is not implemented for \`${this.show(act)}\``, e.span);
      } else {
        this.out.coercions.set(e, act);
        this.deferredChecks.push(() => this.out.coercions.set(e, this.u.zonk(act, true)));
      }
      return expected;
    }
    this.expect(expected, t, e.span);
    return expected;
  }

  // ------------------------------------------------------------ scopes

  pushScope(): void { this.scopes.push({ names: new Map() }); }
  popScope(): void { this.scopes.pop(); }

  declare(name: string, ty: Ty, mutable: boolean, span: Span): LocalVar {
    const v: LocalVar = { id: this.pc.newLocalId(), name, ty, mutable, captured: false, span };
    this.scopes[this.scopes.length - 1].names.set(name, v);
    return v;
  }

  /** Find a local by name; records captures for every closure crossed on the way out. */
  lookupLocal(name: string): LocalVar | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].names.get(name);
      if (!v) continue;
      for (const f of this.fnStack) {
        if (f.closure && i < f.scopeDepth) {
          v.captured = true;
          if (!f.closure.captures.includes(v)) f.closure.captures.push(v);
        }
      }
      return v;
    }
    return undefined;
  }

  localNames(): string[] {
    return this.scopes.flatMap(s => [...s.names.keys()]);
  }

  get fnCtx(): FnCtx { return this.fnStack[this.fnStack.length - 1]; }

  // ------------------------------------------------------------ entry

  run(): CheckedFn {
    const def = this.def;
    const sig = this.instSig(def, this.args);
    this.out.ret = sig.ret;
    this.out.paramTys = sig.params;
    this.out.paramPats = def.item.params.map(p => p.pat);
    this.pushScope();
    this.fnStack.push({ ret: sig.ret, scopeDepth: 0, closure: null, loops: [] });
    if (def.hasSelf) this.out.selfLocal = this.declare('self', sig.self ?? ERROR, true, def.item.selfParam!.span);
    def.item.params.forEach((p, i) => {
      const locals: LocalVar[] = [];
      checkPattern(this, p.pat, sig.params[i], locals, true);
      this.out.params.push(locals);
    });
    if (def.item.body) {
      const t = this.checkBlock(def.item.body, sig.ret);
      if (!(this.u.shallow(t).k === 'prim' && (this.u.shallow(t) as { name: string }).name === 'never')) {
        const span = def.item.body.tail?.span ?? def.item.body.span;
        this.expect(sig.ret, t, span, 'mismatched types');
      }
    }
    this.fnStack.pop();
    this.popScope();
    this.finish();
    return this.out;
  }

  /** Zonk every table, default literals, resolve pending operators, check exhaustiveness. */
  private finish(): void {
    for (const p of this.pendingParses) resolveParse(this, p);
    const z = (t: Ty) => this.u.zonk(t, true);
    this.solveBounds();
    for (const p of this.pendingOps) this.resolveOp(p.node, z(p.ty), p.op);
    for (const [k, v] of this.out.exprTypes) this.out.exprTypes.set(k, z(v));
    for (const [k, v] of this.out.patTypes) this.out.patTypes.set(k, z(v));
    for (const ci of this.out.closures.values()) { ci.ret = z(ci.ret); for (const p of ci.params) p.ty = z(p.ty); }
    for (const v of this.out.bindings.values()) v.ty = z(v.ty);
    if (this.out.selfLocal) this.out.selfLocal.ty = z(this.out.selfLocal.ty);
    this.out.paramTys = this.out.paramTys.map(z);
    this.out.ret = z(this.out.ret);
    for (const f of this.deferredChecks) f();
    for (const r of this.out.res.values()) this.zonkRes(r);
    for (const m of this.out.methods.values()) {
      if (m.k === 'fn') m.fn.args = m.fn.args.map(z);
      else if (m.k === 'builtin') m.recvTy = z(m.recvTy);
      else m.fnTy = z(m.fnTy);
    }
    for (const o of this.out.ops.values()) {
      if (o.k === 'prim') o.ty = z(o.ty);
      else if (o.k === 'call') o.fn.args = o.fn.args.map(z);
    }
    for (const f of this.out.formats.values()) f.ty = z(f.ty);
    for (const v of this.out.fors.values()) {
      const fk = v as { elem?: Ty; key?: Ty; value?: Ty };
      if (fk.elem) fk.elem = z(fk.elem);
      if (fk.key) fk.key = z(fk.key);
      if (fk.value) fk.value = z(fk.value);
      if (v.k === 'map') { v.fns.next.args = v.fns.next.args.map(z); v.fns.key.args = v.fns.key.args.map(z); if (v.fns.value) v.fns.value.args = v.fns.value.args.map(z); }
      if (v.k === 'iter') { v.next.args = v.next.args.map(z); if (v.into) v.into.args = v.into.args.map(z); }
    }
    const self: FnRef = { def: this.def, args: this.args };
    for (const { ref, span } of this.pendingRefs) {
      // A runaway instantiation's arguments are too big to resolve as trees (limits.ts).
      if (ref.args.some(a => tyTooBig(a, TYPE_SIZE_LIMIT, t => this.u.shallow(t)))) {
        this.pc.reportRunaway(ref, { by: self, span }, 'type-size', t => this.u.shallow(t));
        ref.args = ref.args.map(() => ERROR);
        continue;
      }
      ref.args = ref.args.map(z);
      this.rebindTraitMethod(ref);
      if (ref.args.some(a => this.u.hasVars(a))) {
        this.needsAnnotation(`type annotations needed: cannot infer the type arguments of \`${ref.def.path}\``, span, 'give the value a type, e.g. `let v: Vec<int> = ...`');
        ref.args = ref.args.map(a => this.u.hasVars(a) ? ERROR : a);
        continue;
      }
      // Bounds on the function's generic parameters.
      const s = makeSubst(ref.def.generics, ref.args);
      ref.def.generics.forEach((g, i) => {
        for (const b of g.bounds) {
          const arg = ref.args[i];
          if (arg && arg.k !== 'error' && !this.traits.implementsRef(this.u, arg, b.trait, b.args.map(a => substTy(a, s)))) {
            this.error(`the trait bound \`${showTy(arg)}: ${b.trait.name}\` is not satisfied`, span,
              `\`${ref.def.path}\` requires \`${g.name}: ${b.trait.name}\``);
          }
        }
      });
      this.pc.request(ref, { by: self, span });
    }
    for (const m of this.pendingMatches) checkExhaustive(this, m);
    for (const [e, t] of this.out.exprTypes) {
      if (t.k === 'var' && !this.reportedVar) {
        this.reportedVar = true;
        this.needsAnnotation('type annotations needed', e.span, 'the type of this expression cannot be inferred; add a type annotation');
      }
    }
  }
  private reportedVar = false;

  /** A reference to a trait's method with a concrete Self becomes the impl's method. */
  private rebindTraitMethod(ref: FnRef): void {
    const trait = ref.def.trait;
    if (!trait || ref.args.length === 0) return;
    const self = ref.args[0];
    if (self.k === 'param' || self.k === 'var' || self.k === 'dyn') return;
    const found = this.traits.findImpl(this.u, trait, self);
    if (!found || found.impl.derived) return;
    const m = found.impl.methods.get(ref.def.name);
    if (!m) return;
    const own = ref.args.slice(ref.def.ownGenericsStart);
    ref.def = m;
    ref.args = [...found.args.map(a => this.u.zonk(a, true)), ...own];
  }

  private zonkRes(r: Res): void {
    const z = (t: Ty) => this.u.zonk(t, true);
    switch (r.k) {
      case 'local': r.local.ty = z(r.local.ty); break;
      case 'fn': break;   // in pendingRefs
      case 'variant': r.args = r.args.map(z); break;
      case 'intrinsic': r.typeArgs = r.typeArgs.map(z); break;
      case 'builtinConst': r.ty = z(r.ty); break;
      default: break;
    }
  }

  /** Record a function instance use; its type args are zonked and checked at the end. */
  useFn(def: FnDef, args: Ty[], span: Span): FnRef {
    const ref: FnRef = { def, args };
    this.pendingRefs.push({ ref, span });
    const s = makeSubst(def.generics, args);
    def.generics.forEach((g, i) => {
      for (const b of g.bounds) if (b.args.length) this.pendingBounds.push({ ty: args[i], trait: b.trait, args: b.args.map(a => substTy(a, s)) });
    });
    for (const b of def.selfBounds ?? []) this.pendingBounds.push({ ty: args[0], trait: b.trait, args: b.args.map(a => substTy(a, s)) });
    this.solveBounds();
    return ref;
  }

  /** Bounds with trait arguments of the instances used so far, whose type is not known yet. */
  private readonly pendingBounds: { ty: Ty; trait: TraitDef; args: Ty[] }[] = [];

  /**
   * Unify the trait arguments of each pending bound whose type is now known with its
   * impl's: this is how `I::Item` of a call's `I` becomes a type (check/assoc.ts). A
   * bound that does not hold is reported by finish().
   */
  solveBounds(): void {
    for (let progress = true; progress;) {
      progress = false;
      for (let i = 0; i < this.pendingBounds.length;) {
        const b = this.pendingBounds[i];
        const t = this.u.shallow(b.ty);
        if (t.k === 'var' && !t.lit) { i++; continue; }
        this.traits.implementsRef(this.u, t, b.trait, b.args);
        this.pendingBounds.splice(i, 1);
        progress = true;
      }
    }
  }

  // ------------------------------------------------------------ blocks and statements

  checkBlock(b: ast.BlockExpr, expected: Ty | null): Ty {
    this.pushScope();
    // Items inside blocks are not supported beyond being declared at module level.
    let diverges = false;
    for (const s of b.stmts) {
      const t = this.checkStmt(s);
      if (t && isNever(this.u.shallow(t))) diverges = true;
    }
    let ty: Ty;
    if (b.tail) {
      ty = expected ? this.coerce(b.tail, expected) : this.checkExpr(b.tail, null);
      if (expected && isNever(this.u.shallow(ty)) === false) ty = this.u.shallow(ty);
    } else ty = diverges ? NEVER : UNIT;
    this.popScope();
    this.out.exprTypes.set(b, ty);
    return ty;
  }

  checkStmt(s: ast.Stmt): Ty | null {
    switch (s.kind) {
      case 'let': {
        let ty = s.ty ? this.resolveType(s.ty) : this.u.fresh();
        if (s.init) {
          const t = s.ty ? this.coerce(s.init, ty) : this.checkExpr(s.init, null);
          if (!s.ty) ty = t;
        }
        if (s.elseBlock) {
          const et = this.checkBlock(s.elseBlock, null);
          if (!isNever(this.u.shallow(et))) this.error('`else` clause of `let...else` does not diverge', s.elseBlock.span, 'end it with `return`, `break`, `continue` or `panic!`');
        }
        const locals: LocalVar[] = [];
        checkPattern(this, s.pat, ty, locals, !s.elseBlock);
        if (s.init && isNever(this.u.shallow(this.out.exprTypes.get(s.init) ?? UNIT))) return NEVER;
        return null;
      }
      case 'expr': {
        const t = this.checkExpr(s.expr, null);
        if (!s.semi && s.expr.kind !== 'block') {
          // A block-like expression used as a statement must be unit.
          const z = this.u.shallow(t);
          if (!isNever(z) && !(z.k === 'prim' && z.name === 'unit') && z.k !== 'error' && z.k !== 'var') {
            this.expect(UNIT, t, s.expr.span);
          }
        }
        return t;
      }
      case 'item': return null;   // hoisted to the module by the collector
      case 'empty': return null;
      default: { const n: never = s; void n; return null; }
    }
  }

  // ------------------------------------------------------------ expressions

  checkExpr(e: ast.Expr, expected: Ty | null): Ty {
    const ahead = this.checkedAhead.get(e);
    if (ahead !== undefined) { this.checkedAhead.delete(e); return ahead; }
    if (chainOperand(e)) this.checkChainAhead(e, expected);
    const t = this.checkExprInner(e, expected);
    this.out.exprTypes.set(e, t);
    return t;
  }

  /** Links of a long chain checked before their parent, waiting for it to ask. */
  private readonly checkedAhead = new Map<ast.Expr, Ty>();

  /**
   * A long left-nested chain (`a + b + ...`, `x.f().g()...`, syntax/chain.ts) is checked
   * from its bottom link up, each link with the expected type its parent would pass it,
   * so that checking a link finds the one below it done: the recursion stays shallow
   * however long the chain. `&&` and `||` chains are walked in a loop by checkBinary.
   */
  private checkChainAhead(e: ast.Expr, expected: Ty | null): void {
    const stop = (x: ast.Expr) => this.checkedAhead.has(x) || isLogical(x);
    if (isLogical(e)) return;
    const links = chainBelow(e, stop);
    if (links.length < CHAIN_AHEAD) return;
    const expectedOf: (Ty | null)[] = [];
    let exp = operandExpected(e, expected);
    for (const x of links) { expectedOf.push(exp); exp = operandExpected(x, exp); }
    for (let i = links.length - 1; i >= 0; i--) this.checkedAhead.set(links[i], this.checkExpr(links[i], expectedOf[i]));
  }

  private checkExprInner(e: ast.Expr, expected: Ty | null): Ty {
    switch (e.kind) {
      case 'lit': return this.checkLit(e.lit, expected, e.span);
      case 'path': return checkPathExpr(this, e, expected);
      case 'paren': return this.checkExpr(e.expr, expected);
      case 'ref': return this.checkExpr(e.expr, expected);
      case 'deref': return this.checkExpr(e.expr, expected);
      case 'unary': return this.checkUnary(e, expected);
      case 'binary': return this.checkBinary(e, expected);
      case 'assign': return this.checkAssign(e);
      case 'call': return checkCall(this, e, expected);
      case 'methodCall': return checkMethodCall(this, e, expected);
      case 'field': return this.checkField(e);
      case 'index': return this.checkIndex(e);
      case 'range': return this.checkRange(e, expected);
      case 'structLit': return checkStructLit(this, e);
      case 'tuple': {
        if (e.elems.length === 0) return UNIT;
        const exp = expected ? this.u.shallow(expected) : null;
        return { k: 'tuple', elems: e.elems.map((x, i) => exp && exp.k === 'tuple' && exp.elems[i] ? this.coerce(x, exp.elems[i]) : this.checkExpr(x, null)) };
      }
      case 'array': {
        const exp = expected ? this.u.shallow(expected) : null;
        const elem = exp && exp.k === 'array' ? exp.elem : this.u.fresh();
        for (const x of e.elems) this.coerce(x, elem);
        return { k: 'array', elem, len: e.elems.length };
      }
      case 'arrayRepeat': {
        const exp = expected ? this.u.shallow(expected) : null;
        const elem = exp && exp.k === 'array' ? exp.elem : this.u.fresh();
        this.coerce(e.value, elem);
        const n = this.constInt(e.count);
        const bad = n === null ? null : arrayLenError(n);
        if (bad) this.error(bad, e.count.span);
        return { k: 'array', elem, len: n === null || bad ? 0 : n };
      }
      case 'block': {
        if (e.label) {
          this.fnCtx.loops.push({ label: e.label.name, breakTy: expected ?? this.u.fresh(), isLoop: false });
          const t = this.checkBlock(e, expected);
          const ctx = this.fnCtx.loops.pop()!;
          if (!isNever(this.u.shallow(t))) this.expect(ctx.breakTy!, t, e.span);
          return ctx.breakTy!;
        }
        return this.checkBlock(e, expected);
      }
      case 'if': return this.checkIf(e, expected);
      case 'letCond':
        return this.error('`let` expressions are only allowed in `if` and `while` conditions', e.span);
      case 'match': return this.checkMatch(e, expected);
      case 'while': {
        this.pushScope();
        this.checkCond(e.cond);
        this.fnCtx.loops.push({ label: e.label?.name ?? null, breakTy: null, isLoop: false });
        this.checkBlock(e.body, UNIT);
        this.fnCtx.loops.pop();
        this.popScope();
        return UNIT;
      }
      case 'loop': {
        const ctx: LoopCtx = { label: e.label?.name ?? null, breakTy: null, isLoop: true };
        this.fnCtx.loops.push(ctx);
        this.checkBlock(e.body, UNIT);
        this.fnCtx.loops.pop();
        return ctx.breakTy ?? NEVER;
      }
      case 'for': return checkFor(this, e);
      case 'break': {
        const ctx = this.findLoop(e.label, e.span, 'break');
        if (e.value) {
          if (ctx && !ctx.isLoop && ctx.breakTy === null) {
            this.error('`break` with value from a `while` or `for` loop', e.span, 'only `loop` can break with a value');
            this.checkExpr(e.value, null);
          } else if (ctx) {
            if (!ctx.breakTy) ctx.breakTy = this.u.fresh();
            this.coerce(e.value, ctx.breakTy);
          } else this.checkExpr(e.value, null);
        } else if (ctx && ctx.isLoop) {
          if (!ctx.breakTy) ctx.breakTy = UNIT; else this.expect(ctx.breakTy, UNIT, e.span);
        }
        return NEVER;
      }
      case 'continue': this.findLoop(e.label, e.span, 'continue', true); return NEVER;
      case 'return': {
        const ret = this.fnCtx.ret;
        if (e.value) this.coerce(e.value, ret);
        else this.expect(ret, UNIT, e.span, 'mismatched types: `return;` in a function that returns a value;');
        return NEVER;
      }
      case 'closure': return this.checkClosure(e, expected);
      case 'cast': return this.checkCast(e);
      case 'try': return this.checkTry(e);
      case 'macro': return checkMacro(this, e, expected);
      case 'go': return this.checkGoDefer(e, 'go');
      case 'defer': return this.checkGoDefer(e, 'defer');
      case 'select': return this.checkSelect(e, expected);
      default: { const n: never = e; void n; return ERROR; }
    }
  }

  constInt(e: ast.Expr): number | null {
    const cycles = this.c.constCycles;
    const v = constIntOf(this, e);
    if (v === null && cycles === this.c.constCycles) this.error('expected a constant integer', e.span);
    return v;
  }

  checkLit(l: ast.LitValue, expected: Ty | null, span: Span): Ty {
    switch (l.kind) {
      case 'int': {
        const exp = expected ? this.u.shallow(expected) : null;
        if (!l.suffix && exp && isFloat(exp)) { this.error('mismatched types: expected `' + showTy(exp) + '`, found integer', span, `use a float literal: \`${l.value}.0\``); return exp; }
        const t = l.suffix ? prim(suffixPrim(l.suffix)) : this.u.fresh('int');
        this.deferredChecks.push(() => this.checkIntRange(l.value, this.u.zonk(t, true), span));
        return t;
      }
      case 'float': return l.suffix ? prim(suffixPrim(l.suffix)) : this.u.fresh('float');
      case 'str': return STRING;
      case 'char': return CHAR;
      case 'bool': return BOOL;
      default: { const n: never = l; void n; return ERROR; }
    }
  }

  /** An integer literal must fit its type (`128` is allowed for `-128`). */
  private checkIntRange(v: bigint, t: Ty, span: Span): void {
    if (!isInt(t) || t.k !== 'prim') return;
    const bits = BigInt(intBits(t));
    const max = t.name.startsWith('u') ? (1n << bits) - 1n : (1n << (bits - 1n));
    if (v > max) this.error(`literal out of range for \`${showTy(t)}\``, span, `the literal \`${v}\` does not fit into the type \`${showTy(t)}\``);
  }

  private checkUnary(e: ast.UnaryExpr, expected: Ty | null): Ty {
    const t = this.checkExpr(e.operand, expected);
    const z = this.u.shallow(t);
    if (e.op === '-') {
      this.deferredChecks.push(() => {
        const f = this.u.zonk(t, true);
        if (f.k === 'prim' && f.name.startsWith('u')) this.error(`cannot apply unary operator \`-\` to type \`${f.name}\``, e.span, 'unsigned values cannot be negative');
      });
      if (z.k === 'var' && z.lit) return t;
      if (isNumeric(z) && (isFloat(z) || (z.k === 'prim' && z.name.startsWith('i')))) return t;
      if (z.k === 'error') return t;
      return this.error(`cannot apply unary operator \`-\` to type \`${this.show(t)}\``, e.span);
    }
    if (z.k === 'var' && z.lit === 'int') return t;
    if (z.k === 'prim' && (z.name === 'bool' || isInt(z))) return t;
    if (z.k === 'error') return t;
    return this.error(`cannot apply unary operator \`!\` to type \`${this.show(t)}\``, e.span);
  }

  private checkBinary(e: ast.BinaryExpr, expected: Ty | null): Ty {
    const op = e.op;
    if (op === '&&' || op === '||') {
      // `a || b || c ...`: the chain of one operator, in a loop (syntax/chain.ts).
      const links = sameOpChain(e);
      this.checkCondExpr(links[links.length - 1].left, op === '||');
      for (let i = links.length - 1; i >= 0; i--) {
        this.checkCondExpr(links[i].right, op === '||');
        if (i > 0) this.out.exprTypes.set(links[i], BOOL);
      }
      return BOOL;
    }
    const isCmp = ['==', '!=', '<', '<=', '>', '>='].includes(op);
    const isShift = op === '<<' || op === '>>';
    const lt = this.checkExpr(e.left, isCmp || isShift ? null : expected);
    let rt: Ty;
    if (isShift) {
      rt = this.checkExpr(e.right, null);
      const rz = this.u.shallow(rt);
      if (!(isInt(rz) || rz.k === 'var' || rz.k === 'error')) this.error(`shift amount must be an integer, found \`${this.show(rt)}\``, e.right.span);
      this.pendingOps.push({ node: e, ty: lt, op });
      return lt;
    }
    rt = this.checkExpr(e.right, this.u.shallow(lt).k === 'var' ? null : lt);
    if (!this.u.unify(lt, rt)) {
      this.error(`mismatched types: cannot apply \`${op}\` to \`${this.show(lt)}\` and \`${this.show(rt)}\``, e.opSpan,
        isNumeric(this.u.zonk(lt)) && isNumeric(this.u.zonk(rt)) ? 'convert one side with `as`' : undefined);
      return isCmp ? BOOL : ERROR;
    }
    this.pendingOps.push({ node: e, ty: lt, op });
    return isCmp ? BOOL : lt;
  }

  /** Decide how a binary operator runs once its operand type is known. */
  resolveOp(node: ast.BinaryExpr | ast.AssignExpr, ty: Ty, op: ast.BinaryOp): void {
    const span = node.kind === 'binary' ? node.opSpan : node.span;
    const fail = () => { this.error(`cannot apply \`${op}\` to values of type \`${showTy(ty)}\``, span); };
    if (ty.k === 'error' || ty.k === 'param') { this.out.ops.set(node, { k: 'prim', ty }); return; }
    const arith = ['+', '-', '*', '/', '%'].includes(op);
    const bits = ['&', '|', '^', '<<', '>>'].includes(op);
    const eq = op === '==' || op === '!=';
    if (ty.k === 'prim' && ty.name !== 'unit' && ty.name !== 'never') {
      if (arith && !isNumeric(ty)) return fail();
      if (bits && !(isInt(ty) || (ty.name === 'bool' && !['<<', '>>'].includes(op)))) return fail();
      this.out.ops.set(node, { k: 'prim', ty });
      return;
    }
    if (ty.k === 'prim' && ty.name === 'unit' && eq) { this.out.ops.set(node, { k: 'prim', ty }); return; }
    if (ty.k === 'string' && op === '+') { this.out.ops.set(node, { k: 'stringConcat' }); return; }
    if (arith || bits) return fail();
    // Comparisons on other types go through PartialEq / Ord.
    const traitName = eq ? 'PartialEq' : 'Ord';
    const trait = this.c.langTraits.get(traitName);
    const alt = !eq ? this.c.langTraits.get('PartialOrd') : undefined;
    if (!trait || !(this.traits.implements(this.u, ty, trait) || (alt && this.traits.implements(this.u, ty, alt)))) {
      this.error(`binary operation \`${op}\` cannot be applied to type \`${showTy(ty)}\``, span,
        ty.k === 'adt' ? `add \`#[derive(${traitName})]\` to \`${ty.def.name}\`` : undefined);
      return;
    }
    this.out.ops.set(node, { k: 'prim', ty } satisfies OpRes);
  }

  private checkAssign(e: ast.AssignExpr): Ty {
    const t = this.checkPlace(e.target);
    if (e.op) {
      const isShift = e.op === '<<' || e.op === '>>';
      const rt = this.checkExpr(e.value, isShift ? null : t);
      if (!isShift) this.expect(t, rt, e.value.span);
      this.pendingOps.push({ node: e, ty: t, op: e.op });
    } else {
      this.coerce(e.value, t);
    }
    return UNIT;
  }

  /** The target of an assignment: a mutable local, a static mut, a field or an element. */
  private checkPlace(e: ast.Expr): Ty {
    if (e.kind === 'tuple' && e.elems.length > 0) {
      const t: Ty = { k: 'tuple', elems: e.elems.map(x => x.kind === 'path' && x.segments.length === 1 && x.segments[0].name.name === '_' ? this.u.fresh() : this.checkPlace(x)) };
      this.out.exprTypes.set(e, t);
      return t;
    }
    const inner = e.kind === 'paren' || e.kind === 'deref' ? e.expr : e;
    if (inner !== e) { const t = this.checkPlace(inner); this.out.exprTypes.set(e, t); return t; }
    if (e.kind === 'path') {
      const t = this.checkExpr(e, null);
      const r = this.out.res.get(e);
      if (r && r.k === 'local' && !r.local.mutable) {
        this.error(`cannot assign twice to immutable variable \`${r.local.name}\``, e.span, `make it mutable: \`let mut ${r.local.name}\``);
      } else if (r && r.k === 'static' && !r.def.mutable) {
        this.error(`cannot assign to immutable static \`${r.def.name}\``, e.span);
      } else if (r && r.k !== 'local' && r.k !== 'static') {
        this.error('invalid left-hand side of assignment', e.span);
      }
      return t;
    }
    if (e.kind === 'field' || e.kind === 'index') {
      const t = this.checkExpr(e, null);
      if (e.kind === 'field') {
        const ot = this.u.shallow(this.out.exprTypes.get(e.object) ?? ERROR);
        if (ot.k === 'tuple') this.error('tuple fields cannot be assigned: tuples are immutable values', e.span, 'build a new tuple instead');
      }
      if (e.kind === 'index') {
        const ot = this.u.shallow(this.out.exprTypes.get(e.object) ?? ERROR);
        if (ot.k === 'string') this.error('strings are immutable: cannot assign to a byte', e.span);
      }
      return t;
    }
    this.checkExpr(e, null);
    return this.error('invalid left-hand side of assignment', e.span, 'assign to a variable, a field or an element');
  }

  private checkField(e: ast.FieldExpr): Ty {
    const ot = this.defaultLiteral(this.checkExpr(e.object, null));
    const name = e.field.name;
    if (ot.k === 'error') return ERROR;
    if (ot.k === 'tuple') {
      const i = Number(name);
      if (Number.isInteger(i) && i >= 0 && i < ot.elems.length) return ot.elems[i];
      return this.error(`no field \`${name}\` on type \`${this.show(ot)}\``, e.field.span);
    }
    if (ot.k === 'adt' && ot.def.adt === 'struct') {
      const f = ot.def.variants[0].fields.find(f => f.name === name);
      if (f) {
        if (!f.pub && !this.samePrivacyScope(ot.def)) {
          // Private fields are visible within the defining module tree (Rust: the module).
          this.error(`field \`${name}\` of struct \`${ot.def.name}\` is private`, e.field.span);
        }
        return this.freshen(substTy(f.ty, makeSubst(ot.def.generics, ot.args)));
      }
      const names = ot.def.variants[0].fields.map(f => f.name);
      return this.error(`no field \`${name}\` on type \`${this.show(ot)}\``, e.field.span,
        didYouMean(name, names) ?? (names.length ? `available fields are: ${names.map(n => '`' + n + '`').join(', ')}` : undefined));
    }
    if (ot.k === 'var') return this.needsAnnotation('type annotations needed: the type of this value must be known to access a field', e.object.span);
    return this.error(`no field \`${name}\` on type \`${this.show(ot)}\``, e.field.span);
  }

  samePrivacyScope(a: { module: AdtDef['module'] }): boolean {
    if (this.privileged) return true;
    // User code: fields are visible within the crate's module that defines them and its children.
    let m: typeof a.module | null = this.def.module;
    for (; m; m = m.parent) if (m === a.module) return true;
    return a.module.path.length === 0 || !a.module.privileged ? a.module.path.every((s, i) => this.def.module.path[i] === s) : false;
  }

  private checkIndex(e: ast.IndexExpr): Ty {
    const ot = this.u.shallow(this.checkExpr(e.object, null));
    const isRange = e.index.kind === 'range';
    if (isRange) {
      const r = e.index as ast.RangeExpr;
      if (r.start) this.coerce(r.start, INT);
      if (r.end) this.coerce(r.end, INT);
      this.out.exprTypes.set(e.index, UNIT);
      if (ot.k === 'string') return STRING;
      if (isStd(ot, 'vec')) return ot;
      if (ot.k === 'array') return this.vecOf(ot.elem);
      if (ot.k === 'error') return ERROR;
      return this.error(`cannot slice a value of type \`${this.show(ot)}\``, e.span);
    }
    if (isStd(ot, 'hashMap')) {
      this.coerce(e.index, ot.args[0]);
      return ot.args[1];
    }
    this.coerce(e.index, INT);
    if (isStd(ot, 'vec')) return ot.args[0];
    if (ot.k === 'array') return ot.elem;
    if (ot.k === 'string') return this.error('strings cannot be indexed by an integer', e.span, 'use `s.as_bytes()[i]` or `s.chars()`');
    if (ot.k === 'error') return ERROR;
    if (ot.k === 'var') return this.needsAnnotation('type annotations needed: the type of this value must be known to index it', e.object.span);
    return this.error(`cannot index into a value of type \`${this.show(ot)}\``, e.span);
  }

  vecOf(elem: Ty): Ty {
    const vec = this.c.stdTypes.vec;
    if (!vec) return ERROR;
    return { k: 'adt', def: vec, args: [elem] };
  }

  private checkRange(e: ast.RangeExpr, expected: Ty | null): Ty {
    const exp = expected ? this.u.shallow(expected) : null;
    let elem: Ty = exp && isStd(exp, 'range') ? exp.args[0] : this.u.fresh();
    if (e.start) { const t = this.checkExpr(e.start, elem); this.expect(elem, t, e.start.span); }
    if (e.end) { const t = this.checkExpr(e.end, elem); this.expect(elem, t, e.end.span); }
    if (!e.start && !e.end) elem = INT;
    const range = this.c.stdTypes.range;
    if (!range) return this.error('ranges need std::prelude::Range', e.span);
    if (!e.start || !e.end) return this.error('open ranges are only supported in slices (`v[a..]`) and patterns', e.span);
    return { k: 'adt', def: range, args: [elem] };
  }

  private checkCondExpr(e: ast.Expr, inOr = false): void {
    if (e.kind === 'assign' && e.op === null) {
      // `if a = 3`: one error, which says what was meant (rustc's help), not a complaint
      // about assigning to `a` too.
      this.checkExpr(e.value, this.checkExpr(e.target, null));
      this.out.exprTypes.set(e, this.error('mismatched types: expected `bool`, found `()`', e.span,
        `to compare, use \`==\`: \`${printExpr(e.target)} == ${printExpr(e.value)}\``));
      return;
    }
    if (e.kind === 'letCond' && inOr) {
      this.error('`let` expressions are not supported inside `||`', e.span);
    }
    if (e.kind === 'letCond') {
      const t = this.checkExpr(e.value, null);
      const locals: LocalVar[] = [];
      checkPattern(this, e.pat, t, locals, false);
      this.out.exprTypes.set(e, BOOL);
      return;
    }
    if (e.kind === 'binary' && e.op === '&&') {
      const links = sameOpChain(e);
      this.checkCondExpr(links[links.length - 1].left);
      for (let i = links.length - 1; i >= 0; i--) {
        this.checkCondExpr(links[i].right);
        this.out.exprTypes.set(links[i], BOOL);
      }
      return;
    }
    this.coerce(e, BOOL);
  }

  /** A condition of `if`/`while`: bindings of `let` conditions go into the current scope. */
  checkCond(e: ast.Expr): void { this.checkCondExpr(e); }

  private checkIf(e: ast.IfExpr, expected: Ty | null): Ty {
    this.pushScope();
    this.checkCond(e.cond);
    const result = e.else ? (expected ?? this.u.fresh()) : UNIT;
    const tt = this.checkBlock(e.then, e.else ? result : null);
    this.popScope();
    if (!e.else) {
      if (!isNever(this.u.shallow(tt))) this.expect(UNIT, tt, e.then.tail?.span ?? e.then.span, '`if` without `else` must have type `()`;');
      return UNIT;
    }
    const et = e.else.kind === 'if' ? this.checkExpr(e.else, result) : this.checkBlock(e.else, result);
    this.out.exprTypes.set(e.else, et);
    const tn = isNever(this.u.shallow(tt)), en = isNever(this.u.shallow(et));
    if (tn && en) return NEVER;
    if (!tn) this.expect(result, tt, e.then.tail?.span ?? e.then.span, '`if` and `else` have incompatible types');
    if (!en) this.expect(result, et, (e.else.kind === 'block' ? e.else.tail?.span : undefined) ?? e.else.span, '`if` and `else` have incompatible types');
    return result;
  }

  private checkMatch(e: ast.MatchExpr, expected: Ty | null): Ty {
    const st = this.checkExpr(e.scrutinee, null);
    const result = expected ?? this.u.fresh();
    let allNever = e.arms.length > 0;
    for (const arm of e.arms) {
      this.pushScope();
      const locals: LocalVar[] = [];
      checkPattern(this, arm.pat, st, locals, false);
      if (arm.guard) this.checkCondExpr(arm.guard);
      const t = this.coerceArm(arm.body, result);
      if (!isNever(this.u.shallow(t))) allNever = false;
      this.popScope();
    }
    this.pendingMatches.push(e);
    if (e.arms.length === 0) return NEVER;
    return allNever ? NEVER : result;
  }

  private coerceArm(body: ast.Expr, result: Ty): Ty {
    const t = this.checkExpr(body, result);
    if (isNever(this.u.shallow(t))) return t;
    const exp = this.u.shallow(result);
    if (exp.k === 'dyn' && this.u.shallow(t).k !== 'dyn') { this.out.coercions.set(body, this.u.shallow(t)); return result; }
    this.expect(result, t, body.kind === 'block' && body.tail ? body.tail.span : body.span, '`match` arms have incompatible types');
    return result;
  }

  private findLoop(label: ast.Ident | null, span: Span, what: string, isContinue = false): LoopCtx | null {
    const loops = this.fnCtx.loops;
    for (let i = loops.length - 1; i >= 0; i--) {
      const l = loops[i];
      if (isContinue && !l.isLoop && l.breakTy !== null) continue;   // labelled blocks can't continue
      if (!label || l.label === label.name) return l;
    }
    if (label) this.error(`use of undeclared label \`'${label.name}\``, label.span);
    else this.error(`\`${what}\` outside of a loop`, span, what === 'break' ? 'use `return` to leave a function' : undefined);
    return null;
  }

  /** An inherent method on a concrete type, with the impl's args matched. */
  findInherent(t: Ty, name: string): { def: FnDef; args: Ty[] } | null {
    for (const impl of this.traits.inherentImpls(t)) {
      const m = impl.methods.get(name);
      if (!m) continue;
      const args = this.traits.matchImpl(this.u, impl, t);
      if (!args) continue;
      const own = m.generics.slice(m.ownGenericsStart).map(() => this.u.fresh());
      return { def: m, args: [...args, ...own] };
    }
    return null;
  }

  private checkClosure(e: ast.ClosureExpr, expected: Ty | null): Ty {
    const exp = expected ? this.u.shallow(expected) : null;
    const expFn = exp && exp.k === 'fn' && exp.params.length === e.params.length ? exp : null;
    const info: ClosureInfo = { params: [], ret: UNIT, captures: [] };
    this.out.closures.set(e, info);
    this.pushScope();
    const paramTys = e.params.map((p, i) => {
      const t = p.ty ? this.resolveType(p.ty) : expFn ? expFn.params[i] : this.u.fresh();
      if (p.ty && expFn) this.expect(expFn.params[i], t, p.span);
      return t;
    });
    const ret = e.ret ? this.resolveType(e.ret) : expFn ? expFn.ret : this.u.fresh();
    info.ret = ret;
    this.fnStack.push({ ret, scopeDepth: this.scopes.length - 1, closure: info, loops: [] });
    e.params.forEach((p, i) => checkPattern(this, p.pat, paramTys[i], info.params, true));
    this.coerce(e.body, ret);
    this.fnStack.pop();
    this.popScope();
    return { k: 'fn', params: paramTys, ret };
  }

  private checkGoDefer(e: ast.GoExpr | ast.DeferExpr, what: 'go' | 'defer'): Ty {
    const body = e.body;
    if (body.kind === 'block' || body.kind === 'macro') {
      const info: ClosureInfo = { params: [], ret: UNIT, captures: [] };
      this.out.closures.set(e, info);
      this.pushScope();
      this.fnStack.push({ ret: UNIT, scopeDepth: this.scopes.length - 1, closure: info, loops: [] });
      if (body.kind === 'block') this.checkBlock(body, null); else this.checkExpr(body, null);
      this.fnStack.pop();
      this.popScope();
      return UNIT;
    }
    if (body.kind === 'call' || body.kind === 'methodCall') {
      this.checkExpr(body, null);
      return UNIT;
    }
    this.checkExpr(body, null);
    return this.error(`\`${what}\` needs a function call or a block`, body.span, `write \`${what} f(x);\` or \`${what} { ... };\``);
  }

  private checkCast(e: ast.CastExpr): Ty {
    const target = this.resolveType(e.ty);
    const src = this.u.zonk(this.checkExpr(e.expr, isNumeric(target) ? null : null), false);
    const s = this.u.shallow(src);
    if (s.k === 'var' && s.lit) {
      // `1 as f64`: the literal takes its default type first.
      this.u.unify(s, s.lit === 'int' ? INT : F64);
    }
    const from = this.u.zonk(src, true);
    const ok = (isNumeric(from) || (from.k === 'prim' && (from.name === 'bool' || from.name === 'char')) || (from.k === 'adt' && from.def.cLike))
      && (isNumeric(target) || (target.k === 'prim' && target.name === 'char' && from.k === 'prim' && (from.name === 'u8' || from.name === 'char' || (this.privileged && isInt(from)))));
    if (!ok && from.k !== 'error' && target.k !== 'error') {
      if (target.k === 'dyn' && this.traits.implements(this.u, from, target.trait)) {
        this.out.coercions.set(e.expr, from);
        return target;
      }
      if (this.u.unify(target, from)) return target;
      this.error(`non-primitive cast: \`${showTy(from)}\` as \`${showTy(target)}\``, e.span,
        target.k === 'string' ? 'use `.to_string()` or `format!`' : undefined);
    }
    return target;
  }

  private checkTry(e: ast.TryExpr): Ty {
    const t = this.u.zonk(this.checkExpr(e.expr, null));
    const ret = this.u.zonk(this.fnCtx.ret);
    if (isStd(t, 'option') || isStd(t, 'result')) {
      const kind = t.def.lang === 'option' ? 'option' : 'result';
      if (!(ret.k === 'adt' && ret.def === t.def)) {
        this.error(`the \`?\` operator can only be used on \`${t.def.name}\`s in a function that returns \`${t.def.name}\``, e.span,
          `this function returns \`${showTy(ret)}\``);
      } else if (kind === 'result') {
        this.expect(ret.args[1], t.args[1], e.span, 'mismatched error types for `?`');
      }
      this.out.tries.set(e, { kind });
      return t.args[0];
    }
    if (t.k === 'error') return ERROR;
    return this.error(`the \`?\` operator can only be applied to values of type \`Option\` or \`Result\`, found \`${showTy(t)}\``, e.span);
  }

  private checkSelect(e: ast.SelectExpr, expected: Ty | null): Ty {
    const result = expected ?? this.u.fresh();
    let allNever = true;
    let defaults = 0;
    for (const arm of e.arms) {
      this.pushScope();
      if (arm.kind === 'recv' || arm.kind === 'send') {
        const ct = this.u.zonk(this.checkExpr(arm.chan, null));
        let elem: Ty = ERROR;
        if (isStd(ct, 'chan')) elem = ct.args[0];
        else if (ct.k !== 'error') this.error(`select needs a channel, found \`${showTy(ct)}\``, arm.chan.span);
        if (arm.kind === 'recv') {
          const opt = this.c.stdTypes.option;
          const ot: Ty = opt ? { k: 'adt', def: opt, args: [elem] } : ERROR;
          if (arm.pat) checkPattern(this, arm.pat, ot, [], true);
        } else this.coerce(arm.value, elem);
      } else defaults++;
      const t = this.checkExpr(arm.body, result);
      if (!isNever(this.u.shallow(t))) { allNever = false; this.expect(result, t, arm.body.span, '`select` arms have incompatible types'); }
      this.popScope();
    }
    if (defaults > 1) this.error('`select` has more than one `default` arm', e.span);
    return allNever && e.arms.length ? NEVER : result;
  }
}

export function isNever(t: Ty): boolean { return t.k === 'prim' && t.name === 'never'; }

/** Chains shorter than this recurse as usual; longer ones are checked ahead, bottom up. */
const CHAIN_AHEAD = 32;

function isLogical(e: ast.Expr): boolean {
  return e.kind === 'binary' && (e.op === '&&' || e.op === '||');
}

/** `e` and the links below it with the same operator, outermost first. */
function sameOpChain(e: ast.BinaryExpr): ast.BinaryExpr[] {
  const links = [e];
  for (let x = e.left; x.kind === 'binary' && x.op === e.op; x = x.left) links.push(x);
  return links;
}

/** The expected type a chain link passes to its first operand (as the checks below do). */
function operandExpected(e: ast.Expr, expected: Ty | null): Ty | null {
  if (e.kind !== 'binary') return null;
  const arithmetic = !['==', '!=', '<', '<=', '>', '>=', '<<', '>>', '&&', '||'].includes(e.op);
  return arithmetic ? expected : null;
}

function suffixPrim(s: string): import('./types.js').PrimName {
  switch (s) {
    case 'int': return 'i64';
    case 'usize': return 'u32';
    case 'isize': return 'i32';
    default: return s as import('./types.js').PrimName;
  }
}

export function constIntOf(bc: BodyChecker, e: ast.Expr): number | null {
  switch (e.kind) {
    case 'lit': return e.lit.kind === 'int' ? Number(e.lit.value) : null;
    case 'paren': return constIntOf(bc, e.expr);
    case 'path': return constIntValue(e, bc.c, bc.def.module);
    case 'binary': {
      const l = constIntOf(bc, e.left), r = constIntOf(bc, e.right);
      if (l === null || r === null) return null;
      switch (e.op) { case '+': return l + r; case '-': return l - r; case '*': return l * r; case '/': return r ? Math.trunc(l / r) : null; default: return null; }
    }
    default: return null;
  }
}

export { patternIsIrrefutable };

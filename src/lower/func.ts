// Lowering one function instance (or closure body) to IR: locals and boxes, blocks and
// statements, operators, calls, closures, objects. The other constructs have a file
// each and take this lowerer: control flow (if, match, loops, break, return) in
// control.ts, `for` in for.ts, indexing and slices in indexing.ts, `vec!` in vec.ts,
// `dyn` in dyn.ts, function values in fnvalue.ts, `defer` and `go` in defer.ts,
// `select` in select.ts, patterns in match.ts, format macros in format.ts, structural
// trait code (eq, hash, clone, cmp, debug) in derive.ts. Program-wide tables are the
// ModuleLowerer's (module.ts), which never builds a FnLowerer: synthFunction (below)
// and index.ts do.

import * as ast from '../syntax/ast.js';
import { chainBelow, chainOperand } from '../syntax/chain.js';
import { Span } from '../source/index.js';
import { IrExpr, IrFunction, IrLocal, MemClass, ResultType, ValType, irTypeOf } from '../ir/ir.js';
import { CheckedFn, ClosureInfo, FnRef, LocalVar, MethodRes, Res } from '../check/typed.js';
import { AdtDef, ERROR, FnDef, INT, Ty, UNIT, VariantInfo, isFloat, isInt, isSigned, makeSubst, substTy, tyToString, isRefTy } from '../check/types.js';
import { I, zero, memValType } from './builder.js';
import { ARRAY_DATA, HEADER, memSize, memType, valType, fieldLoad, tagOf, isNicheOption } from './layout.js';
import type { ModuleLowerer } from './module.js';
import { lowerPatternCheck } from './match.js';
import { lowerFormatMacro, lowerAssert, lowerAssertEq, lowerToString } from './format.js';
import { lowerIntrinsic } from './intrinsics.js';
import { castValue } from './cast.js';
export { castValue } from './cast.js';
import { lowerSelect } from './select.js';
import { deferHeadGet, lowerDefer, lowerGo, runDefersFn } from './defer.js';
import { Derive } from './derive.js';
import { dynBox, dynCall } from './dyn.js';
import { ctorClosure, fnClosure } from './fnvalue.js';
import { lowerFor } from './for.js';
import { indexPlace, sliceExpr } from './indexing.js';
import { allocArray, arrayView, lowerVecMacro } from './vec.js';
import { LoopLabels, lowerBreak, lowerContinue, lowerIf, lowerLoop, lowerMatch, lowerReturn, lowerWhile } from './control.js';

interface Slot { index: number; boxed: boolean; ty: Ty; vt: ValType | null }

export class FnLowerer {
  readonly locals: IrLocal[] = [];
  readonly params: IrLocal[] = [];
  private readonly slots = new Map<number, Slot>();
  /** Enclosing loops and labelled blocks, innermost last (control.ts). */
  readonly loops: LoopLabels[] = [];
  /** The exit block of a function that runs defers: `return` branches here (control.ts). */
  retLabel: string | null = null;
  private deferMark: number | null = null;
  private closureCount = 0;
  /** Operands a deferred or spawned statement took earlier: lowered as these loads (defer.ts). */
  private readonly presets = new Map<ast.Expr | ast.FormatPiece, () => IrExpr>();
  locIndex: number | null = null;        // #[track_caller]: the hidden location parameter
  readonly resultType: ResultType;
  readonly derive: Derive;

  constructor(readonly m: ModuleLowerer, readonly cf: CheckedFn, readonly name: string, ret: Ty, readonly outer: FnLowerer | null = null) {
    this.resultType = valType(ret) ?? 'void';
    this.derive = new Derive(m);
  }

  // ------------------------------------------------------------ locals

  private addLocal(name: string, type: ValType, isParam = false): number {
    const l = { name, type };
    if (isParam) { this.params.push(l); return this.params.length - 1; }
    this.locals.push(l);
    return this.params.length + this.locals.length - 1;
  }

  tmp(type: ValType, name = 'tmp'): number { return this.addLocal(`${name}${this.locals.length}`, type); }

  param(name: string, type: ValType): number { return this.addLocal(name, type, true); }

  /** The name of this function's next closure, deferred or spawned statement. */
  closureName(kind: 'closure' | 'defer' | 'go'): string { return `${this.name}::{${kind}#${this.closureCount++}}`; }

  /** Lower `e` (an expression, or the variable a format hole names) as `load()` from now on. */
  preset(e: ast.Expr | ast.FormatPiece, load: () => IrExpr): void { this.presets.set(e, load); }

  presetValue(e: ast.Expr | ast.FormatPiece): IrExpr | null {
    const p = this.presets.size ? this.presets.get(e) : undefined;
    return p ? p() : null;
  }

  /** Keep a value for several uses: a local or constant is reused as is, else a temp. */
  hold(e: IrExpr, type: ValType): { setup: IrExpr[]; get: () => IrExpr } {
    if (e.op === 'local.get' || e.op === 'const' || e.op === 'ref.data') return { setup: [], get: () => ({ ...e }) };
    const t = this.tmp(type);
    return { setup: [I.set(t, e)], get: () => I.get(t, type) };
  }

  ty(e: ast.Expr): Ty { return this.cf.exprTypes.get(e) ?? ERROR; }

  irType(t: Ty): ResultType { return valType(t) ?? 'void'; }

  /** Declare storage for a binding; returns the statement that initialises it (boxes captured ones). */
  declareLocal(v: LocalVar, init: IrExpr | null): IrExpr {
    const vt = valType(v.ty);
    const existing = this.slots.get(v.id);   // or-pattern alternatives share one binding
    if (v.captured) {
      const index = existing ? existing.index : this.addLocal(v.name, 'ref');
      this.slots.set(v.id, { index, boxed: true, ty: v.ty, vt });
      const box = this.m.layouts.box(v.ty);
      const stmts: IrExpr[] = [];
      if (init && vt) {
        const t = this.tmp(vt);
        stmts.push(I.set(t, init));
        stmts.push(I.set(index, { op: 'alloc', typeId: box.typeId, size: I.i32(box.size) }));
        stmts.push(I.store(box.fields[0].mem!, I.get(index, 'ref'), box.fields[0].offset, I.get(t, vt)));
      } else {
        if (init) stmts.push(init);
        stmts.push(I.set(index, { op: 'alloc', typeId: box.typeId, size: I.i32(box.size) }));
      }
      return I.block(stmts);
    }
    if (!vt) {
      this.slots.set(v.id, { index: -1, boxed: false, ty: v.ty, vt: null });
      return init ?? I.nop();
    }
    const index = existing ? existing.index : this.addLocal(v.name, vt);
    this.slots.set(v.id, { index, boxed: false, ty: v.ty, vt });
    return init ? I.set(index, init) : I.nop();
  }

  /** Bind a parameter that arrives in IR param `index`. */
  bindParam(v: LocalVar, index: number): IrExpr {
    const vt = valType(v.ty);
    if (!v.captured && vt) { this.slots.set(v.id, { index, boxed: false, ty: v.ty, vt }); return I.nop(); }
    return this.declareLocal(v, vt ? I.get(index, vt) : null);
  }

  /** Use a box ref from a closure environment for a captured variable. */
  bindCaptured(v: LocalVar, boxRef: IrExpr): IrExpr {
    const index = this.addLocal(v.name, 'ref');
    this.slots.set(v.id, { index, boxed: true, ty: v.ty, vt: valType(v.ty) });
    return I.set(index, boxRef);
  }

  slotOf(v: LocalVar): Slot {
    const s = this.slots.get(v.id);
    if (s) return s;
    // A binding the checker saw but lowering has not declared (e.g. unreachable code).
    const vt = valType(v.ty);
    const index = vt ? this.addLocal(v.name, v.captured ? 'ref' : vt) : -1;
    const slot = { index, boxed: v.captured, ty: v.ty, vt };
    this.slots.set(v.id, slot);
    return slot;
  }

  readLocal(v: LocalVar): IrExpr {
    const s = this.slotOf(v);
    if (!s.vt) return I.nop();
    if (s.boxed) {
      const f = this.m.layouts.box(v.ty).fields[0];
      return I.load(f.mem!, I.get(s.index, 'ref'), f.offset, s.vt);
    }
    return I.get(s.index, s.vt);
  }

  writeLocal(v: LocalVar, value: IrExpr): IrExpr {
    const s = this.slotOf(v);
    if (!s.vt) return value;
    if (s.boxed) {
      const f = this.m.layouts.box(v.ty).fields[0];
      return I.store(f.mem!, I.get(s.index, 'ref'), f.offset, value, 'box');
    }
    return I.set(s.index, value);
  }

  /** The box ref of a captured variable (for building closures). */
  boxOf(v: LocalVar): IrExpr {
    const s = this.slotOf(v);
    if (!s.boxed) throw new Error(`internal: ${v.name} is captured but not boxed`);
    return I.get(s.index, 'ref');
  }

  // ------------------------------------------------------------ entry points

  lowerFunction(): IrFunction {
    const cf = this.cf;
    // All IR params first (locals are numbered after them), then bind patterns.
    const selfVt = cf.selfLocal ? valType(cf.selfLocal.ty) : null;
    const selfIdx = selfVt ? this.addLocal('self', selfVt, true) : -1;
    const paramIdx = cf.paramPats.map((pat, i) => {
      const vt = valType(cf.paramTys[i]);
      const name = pat.kind === 'binding' ? pat.name.name : `arg${i}`;
      return vt ? this.addLocal(name, vt, true) : -1;
    });
    if (cf.trackCaller) this.locIndex = this.addLocal('caller_loc', 'ref', true);
    const stmts: IrExpr[] = [];
    if (cf.selfLocal) {
      if (selfVt) stmts.push(this.bindParam(cf.selfLocal, selfIdx));
      else this.slots.set(cf.selfLocal.id, { index: -1, boxed: false, ty: cf.selfLocal.ty, vt: null });
    }
    cf.paramPats.forEach((pat, i) => stmts.push(this.bindParamPattern(pat, cf.paramTys[i], cf.params[i], paramIdx[i])));
    stmts.push(this.lowerBody(cf.body!));
    const attrs = cf.def.item.attrs;
    const exportAttr = attrs.find(a => a.name === 'export');
    return {
      name: this.name, params: this.params, result: this.resultType, locals: this.locals, body: I.block(stmts, this.resultType),
      span: cf.def.item.span,
      ...(attrs.some(a => a.name === 'suspend_boundary') ? { suspendBoundary: true } : {}),
      ...(exportAttr?.args[0] ? { exportAs: exportAttr.args[0].name } : {}),
    };
  }

  /** Bind a parameter pattern to the IR param at `index` (-1 when it has no value). */
  bindParamPattern(pat: ast.Pattern, t: Ty, locals: LocalVar[], index: number): IrExpr {
    const vt = valType(t);
    if (pat.kind === 'binding' && !pat.sub && locals.length === 1 && !this.cf.res.get(pat)) {
      if (vt) return this.bindParam(locals[0], index);
      this.slots.set(locals[0].id, { index: -1, boxed: false, ty: t, vt: null });
      return I.nop();
    }
    return lowerPatternCheck(this, pat, t, vt ? I.get(index, vt) : I.nop(), null);
  }

  /** The body of a function or closure, with `defer` handling when it has any. */
  lowerBody(body: ast.Expr): IrExpr {
    const rt = this.resultType;
    if (!containsDefer(body)) {
      const b = body.kind === 'block' ? this.block(body) : this.expr(body);
      return this.coerceResult(b, rt);
    }
    this.retLabel = `fnret${this.m.nextLabelId()}`;
    this.deferMark = this.tmp('ref', 'defer_mark');
    const inner = this.coerceResult(body.kind === 'block' ? this.block(body) : this.expr(body), rt);
    const out: IrExpr[] = [I.set(this.deferMark, deferHeadGet())];
    const run = { op: 'call', func: runDefersFn(this.m), args: [I.get(this.deferMark, 'ref')], type: 'void' } as IrExpr;
    if (rt === 'void') {
      out.push(I.block([inner], 'void', this.retLabel), run);
    } else {
      const r = this.tmp(rt);
      out.push(I.set(r, I.block([inner], rt, this.retLabel)), run, I.get(r, rt));
    }
    return I.block(out, rt);
  }

  /**
   * A long left-nested chain (`a + b + ...`, `x.f().g()...`, syntax/chain.ts), lowered
   * from its bottom CHAIN_CHUNK links at a time, each part's value kept in a local that
   * the next part reads: the IR stays as shallow as the source's real nesting (Binaryen's
   * writer recurses per level, codegen/nesting.ts), and so does the recursion here. Every
   * link evaluates this operand first, so the order of evaluation is unchanged.
   */
  private longChain(e: ast.Expr): IrExpr | null {
    const links = chainBelow(e, x => this.presets.has(x));
    if (links.length < CHAIN_CHUNK) return null;
    const stmts: IrExpr[] = [];
    const cut: ast.Expr[] = [];
    const temps = new Map<ValType, number>();
    for (let i = links.length - CHAIN_CHUNK; i >= 0; i -= CHAIN_CHUNK) {
      const x = links[i];
      const vt = valType(this.ty(x));
      if (!vt) continue;
      const v = this.expr(x);
      let t = temps.get(vt);
      if (t === undefined) { t = this.tmp(vt, 'chain'); temps.set(vt, t); }
      const local = t;
      stmts.push(I.set(local, v));
      this.preset(x, () => I.get(local, vt));
      cut.push(x);
    }
    const top = this.expr(e);
    for (const x of cut) this.presets.delete(x);
    return I.block([...stmts, top], irTypeOf(top));
  }

  /** Make an expression's type match the function result (drop a value for void results). */
  coerceResult(e: IrExpr, rt: ResultType): IrExpr {
    const t = irTypeOf(e);
    if (t === rt) return e;
    if (rt === 'void') return I.drop(e);
    if (t === 'void') return I.block([e, I.unreachable()], rt);
    return e;
  }

  // ------------------------------------------------------------ blocks and statements

  block(b: ast.BlockExpr): IrExpr {
    const t = this.irType(this.ty(b));
    // A labelled block is a `break 'label value` target while its body is lowered.
    const brk = b.label ? `blk${this.m.nextLabelId()}` : null;
    if (b.label) this.loops.push({ astLabel: b.label.name, brk: brk!, cont: null, type: t, isLoop: false });
    const out: IrExpr[] = [];
    for (const s of b.stmts) {
      const st = this.stmt(s);
      if (st) out.push(st);
    }
    if (b.tail) {
      const v = this.valueOf(b.tail, this.ty(b));
      out.push(t === 'void' ? I.drop(v) : v);
    } else if (t !== 'void') {
      out.push(I.unreachable());
    }
    if (b.label) this.loops.pop();
    return I.block(out, t, brk);
  }

  private stmt(s: ast.Stmt): IrExpr | null {
    switch (s.kind) {
      case 'let': {
        const t = this.cf.patTypes.get(s.pat) ?? ERROR;
        const vt = valType(t);
        if (s.pat.kind === 'binding' && !s.pat.sub && this.cf.bindings.get(s.pat)) {
          const v = this.cf.bindings.get(s.pat)!;
          return this.declareLocal(v, s.init ? this.valueOf(s.init, t) : null);
        }
        if (!s.init) return null;
        const init = this.valueOf(s.init, t);
        if (!vt) return I.block([I.drop(init), lowerPatternCheck(this, s.pat, t, I.nop(), null)]);
        const tmp = this.tmp(vt);
        if (s.elseBlock) {
          const fail = `letelse${this.m.nextLabelId()}`;
          const ok = `letok${this.m.nextLabelId()}`;
          return I.block([
            I.set(tmp, init),
            I.block([I.block([lowerPatternCheck(this, s.pat, t, I.get(tmp, vt), fail), I.br(ok)], 'void', fail), I.drop(this.block(s.elseBlock))], 'void', ok),
          ]);
        }
        return I.block([I.set(tmp, init), lowerPatternCheck(this, s.pat, t, I.get(tmp, vt), null)]);
      }
      case 'expr': return I.drop(this.expr(s.expr));
      case 'item': case 'empty': return null;
      default: { const n: never = s; void n; return null; }
    }
  }

  // ------------------------------------------------------------ expressions

  /** Lower `e` as a value of type `target`, applying a dyn coercion or an array copy. */
  valueOf(e: ast.Expr, target: Ty): IrExpr {
    const co = this.cf.coercions.get(e);
    const v = this.expr(e);
    if (co) return dynBox(this, co, target, v);
    const t = this.ty(e);
    if (t.k === 'array' && isPlace(e)) return this.derive.clone(this, t, v);
    return v;
  }

  expr(e: ast.Expr): IrExpr {
    const preset = this.presetValue(e);
    if (preset) return preset;
    if (chainOperand(e)) {
      const long = this.longChain(e);
      if (long) return long;
    }
    switch (e.kind) {
      case 'lit': return this.lit(e.lit, this.ty(e));
      case 'path': return this.path(e);
      case 'paren': case 'ref': case 'deref': return this.expr(e.expr);
      case 'unary': return this.unary(e);
      case 'binary': return this.binary(e);
      case 'assign': return this.assign(e);
      case 'call': return this.call(e);
      case 'methodCall': return this.methodCall(e);
      case 'field': return this.field(e);
      case 'index': return this.index(e);
      case 'range': return this.rangeValue(e);
      case 'structLit': return this.structLit(e);
      case 'tuple': {
        if (e.elems.length === 0) return I.nop();
        const t = this.ty(e) as Ty & { k: 'tuple' };
        return this.newObject(this.m.layouts.tuple(t.elems), e.elems.map((x, i) => this.valueOf(x, t.elems[i])), e.span);
      }
      case 'array': {
        const t = this.ty(e) as Ty & { k: 'array' };
        return this.newArray(t.elem, e.elems.map(x => this.valueOf(x, t.elem)));
      }
      case 'arrayRepeat': {
        const t = this.ty(e) as Ty & { k: 'array' };
        return this.repeatArray(t.elem, this.valueOf(e.value, t.elem), t.len, e.span);
      }
      case 'block': return this.block(e);
      case 'if': return lowerIf(this, e);
      case 'letCond': return I.i32(1);
      case 'match': return lowerMatch(this, e);
      case 'while': return lowerWhile(this, e);
      case 'loop': return lowerLoop(this, e);
      case 'for': return lowerFor(this, e);
      case 'break': return lowerBreak(this, e);
      case 'continue': return lowerContinue(this, e);
      case 'return': return lowerReturn(this, e.value);
      case 'closure': return this.closure(e, e.body, this.cf.closures.get(e)!);
      case 'cast': return this.cast(e);
      case 'try': return this.tryExpr(e);
      case 'macro': return this.macro(e);
      case 'go': return lowerGo(this, e);
      case 'defer': return lowerDefer(this, e);
      case 'select': return lowerSelect(this.m, this, e);
      default: { const n: never = e; void n; return I.unreachable(); }
    }
  }

  lit(l: ast.LitValue, t: Ty): IrExpr {
    switch (l.kind) {
      case 'int': {
        const vt = valType(t);
        if (vt === 'f64') return I.f64(Number(l.value));
        if (vt === 'f32') return I.f32(Number(l.value));
        if (vt === 'i64') return I.i64(l.value);
        return I.i32(Number(BigInt.asIntN(32, l.value)));
      }
      case 'float': return valType(t) === 'f32' ? I.f32(l.value) : I.f64(l.value);
      case 'str': return this.m.stringLit(l.value);
      case 'char': return I.i32(l.value);
      case 'bool': return I.i32(l.value ? 1 : 0);
      default: { const n: never = l; void n; return I.unreachable(); }
    }
  }

  private path(e: ast.PathExpr): IrExpr {
    const r = this.cf.res.get(e);
    if (!r) return I.unreachable();
    return this.resValue(r, this.ty(e), e.span);
  }

  resValue(r: Res, t: Ty, span: Span): IrExpr {
    switch (r.k) {
      case 'local': return this.readLocal(r.local);
      case 'static': {
        const vt = valType(r.def.ty);
        return vt ? { op: 'static.get', id: this.m.staticId(r.def), type: vt } : I.nop();
      }
      case 'const': {
        const f = this.m.q.valueFn(r.def);
        return this.callRef({ def: f, args: [] }, [], span);
      }
      case 'builtinConst': {
        const vt = valType(r.ty);
        if (vt === 'f64') return I.f64(Number(r.value));
        if (vt === 'f32') return I.f32(Number(r.value));
        if (vt === 'i64') return I.i64(BigInt(r.value));
        return I.i32(Number(BigInt.asIntN(32, BigInt(r.value))));
      }
      case 'variant': {
        if (r.variant.shape === 'tuple') return ctorClosure(this, r, t, span);
        return this.m.unitVariant(r.adt, r.args, r.variant);
      }
      case 'fn': return fnClosure(this, r.fn, span);
      case 'intrinsic': return this.m.unsupported(span, `\`${r.name}\` cannot be used as a value`);
      default: { const n: never = r; void n; return I.unreachable(); }
    }
  }

  private unary(e: ast.UnaryExpr): IrExpr {
    const t = this.ty(e);
    const v = this.expr(e.operand);
    const vt = valType(t);
    if (!vt) return v;
    if (e.op === '-') {
      if (vt === 'f64' || vt === 'f32') return I.un('neg', vt, v);
      return this.normalize(t, I.bin('sub', vt, zero(vt), v));
    }
    if (t.k === 'prim' && t.name === 'bool') return I.eqz('i32', v);
    return this.normalize(t, I.bin('xor', vt, v, vt === 'i64' ? I.i64(-1n) : I.i32(-1)));
  }

  /** Re-normalize a narrow integer kept in an i32 (wrapping on overflow). */
  normalize(t: Ty, v: IrExpr): IrExpr {
    if (t.k !== 'prim') return v;
    switch (t.name) {
      case 'u8': return I.bin('and', 'i32', v, I.i32(0xff));
      case 'u16': return I.bin('and', 'i32', v, I.i32(0xffff));
      case 'i8': return I.un('i32.extend8_s', 'i32', v);
      case 'i16': return I.un('i32.extend16_s', 'i32', v);
      default: return v;
    }
  }

  private binary(e: ast.BinaryExpr): IrExpr {
    if (e.op === '&&' || e.op === '||') return this.logical(e);
    const ot = this.ty(e.left);
    return this.binop(e.op, ot, this.expr(e.left), this.expr(e.right), e.span, this.ty(e.right));
  }

  private logical(e: ast.BinaryExpr): IrExpr {
    // (each link of a chain looks at its own operands: hasLetCond(e) at every link would
    // walk the chain below it again)
    if (e.left.kind === 'letCond' || e.right.kind === 'letCond') return this.m.unsupported(e.span, '`let` chains in conditions are not supported yet');
    const l = this.expr(e.left), r = this.expr(e.right);
    return e.op === '&&' ? I.if(l, r, I.i32(0), 'i32') : I.if(l, I.i32(1), r, 'i32');
  }

  /** An arithmetic, bitwise or comparison operator on operands of type `t`. */
  binop(op: ast.BinaryOp, t: Ty, l: IrExpr, r: IrExpr, span: Span, rt: Ty = t): IrExpr {
    const vt = valType(t);
    if (t.k === 'string' && op === '+') return this.callRef(this.m.stdMethod(t, 'concat'), [l, r], span);
    if (!(t.k === 'prim') || !vt) return this.derive.compare(this, op, t, l, r, span);
    const signed = isSigned(t) || isFloat(t);
    const float = isFloat(t);
    const cmp = (s: 'lt' | 'le' | 'gt' | 'ge') => I.bin(float ? s : (`${s}_${signed ? 's' : 'u'}` as 'lt_s'), vt, l, r);
    switch (op) {
      case '==': return I.bin('eq', vt, l, r);
      case '!=': return I.bin('ne', vt, l, r);
      case '<': return cmp('lt');
      case '<=': return cmp('le');
      case '>': return cmp('gt');
      case '>=': return cmp('ge');
      case '+': return this.normalize(t, I.bin('add', vt, l, r));
      case '-': return this.normalize(t, I.bin('sub', vt, l, r));
      case '*': return this.normalize(t, I.bin('mul', vt, l, r));
      case '/': return float ? I.bin('div', vt, l, r) : this.intDiv(t, vt, l, r, false, span);
      case '%': return float ? this.floatRem(vt, l, r) : this.intDiv(t, vt, l, r, true, span);
      case '&': return I.bin('and', vt, l, r);
      case '|': return I.bin('or', vt, l, r);
      case '^': return I.bin('xor', vt, l, r);
      case '<<': case '>>': {
        const rv = valType(rt);
        let amount = r;
        if (rv === 'i64' && vt === 'i32') amount = I.un('i32.wrap_i64', 'i64', r);
        if (rv === 'i32' && vt === 'i64') amount = I.un('i64.extend_i32_u', 'i32', r);
        if (op === '<<') return this.normalize(t, I.bin('shl', vt, l, amount));
        return I.bin(isSigned(t) ? 'shr_s' : 'shr_u', vt, l, amount);
      }
      default: return I.unreachable();
    }
  }

  private intDiv(t: Ty, vt: ValType, l: IrExpr, r: IrExpr, rem: boolean, span: Span): IrExpr {
    const a = this.tmp(vt), b = this.tmp(vt);
    const signed = isSigned(t);
    const msg = rem ? 'attempt to calculate the remainder with a divisor of zero' : 'attempt to divide by zero';
    const minusOne = vt === 'i64' ? I.i64(-1n) : I.i32(-1);
    const op = I.bin(rem ? (signed ? 'rem_s' : 'rem_u') : (signed ? 'div_s' : 'div_u'), vt, I.get(a, vt), I.get(b, vt));
    // i64::MIN / -1 traps in wasm; Gossamer wraps: x / -1 = -x, x % -1 = 0.
    const body = signed
      ? I.if(I.bin('eq', vt, I.get(b, vt), minusOne), rem ? zero(vt) : this.normalize(t, I.bin('sub', vt, zero(vt), I.get(a, vt))), op, vt)
      : op;
    return I.block([
      I.set(a, l), I.set(b, r),
      I.if(I.eqz(vt, I.get(b, vt)), this.panicStr(msg, span)),
      body,
    ], vt);
  }

  private floatRem(vt: ValType, l: IrExpr, r: IrExpr): IrExpr {
    const a = this.tmp(vt), b = this.tmp(vt);
    return I.block([
      I.set(a, l), I.set(b, r),
      I.bin('sub', vt, I.get(a, vt), I.bin('mul', vt, I.get(b, vt), I.un('trunc', vt, I.bin('div', vt, I.get(a, vt), I.get(b, vt))))),
    ], vt);
  }

  private assign(e: ast.AssignExpr): IrExpr {
    const t = this.ty(e.target);
    const pending = this.pendingValue;
    this.pendingValue = null;
    const compute = (old: IrExpr) => pending ? pending : e.op ? this.binop(e.op, t, old, this.expr(e.value), e.span, this.ty(e.value)) : this.valueOf(e.value, t);
    if (pending && e.target.kind === 'path' && e.target.segments[0]?.name.name === '_') return I.drop(pending);
    let target = e.target;
    while (target.kind === 'paren' || target.kind === 'deref') target = target.expr;
    if (target.kind === 'tuple' && !e.op) {
      // (a, b) = (b, a): evaluate the whole right side, then assign each part.
      const tt = t as Ty & { k: 'tuple' };
      const lay = this.m.layouts.tuple(tt.elems);
      const tmp = this.tmp('ref');
      const stmts: IrExpr[] = [I.set(tmp, this.expr(e.value))];
      target.elems.forEach((x, i) => {
        const f = lay.fields[i];
        const v = f.mem ? fieldLoad(f, I.get(tmp, 'ref')) : I.nop();
        stmts.push(this.assignTo(x, v, e.span));
      });
      return I.block(stmts);
    }
    if (target.kind === 'path') {
      const r = this.cf.res.get(target);
      if (r && r.k === 'local') return this.writeLocal(r.local, compute(this.readLocal(r.local)));
      if (r && r.k === 'static') {
        const vt = valType(r.def.ty);
        const id = this.m.staticId(r.def);
        if (!vt) return I.drop(compute(I.nop()));
        return { op: 'static.set', id, value: compute({ op: 'static.get', id, type: vt }) };
      }
      return I.unreachable();
    }
    if (target.kind === 'field') {
      const ot = this.ty(target.object);
      const f = this.fieldLayout(ot, target.field.name);
      const obj = this.hold(this.expr(target.object), 'ref');
      if (!f.mem) return I.block([...obj.setup, I.drop(compute(I.nop()))]);
      const old = fieldLoad(f, obj.get());
      return I.block([...obj.setup, I.store(f.mem, obj.get(), f.offset, compute(old), fieldClass(ot, target.field.name))]);
    }
    if (target.kind === 'index') {
      const place = indexPlace(this, target);
      if (!place) return I.unreachable();
      return I.block([...place.setup, place.write(compute(place.read()))]);
    }
    return I.unreachable();
  }

  /** Assign an already-computed value to a place expression. */
  private assignTo(target: ast.Expr, v: IrExpr, span: Span): IrExpr {
    const synthetic: ast.AssignExpr = { kind: 'assign', op: null, target, value: { kind: 'tuple', elems: [], span }, span };
    const saved = this.pendingValue;
    this.pendingValue = v;
    try { return this.assign(synthetic); } finally { this.pendingValue = saved; }
  }
  private pendingValue: IrExpr | null = null;

  fieldLayout(ot: Ty, name: string) {
    if (ot.k === 'tuple') return this.m.layouts.tuple(ot.elems).fields[Number(name)];
    const adt = ot as Ty & { k: 'adt' };
    const lay = this.m.layouts.variant(adt.def, adt.args, adt.def.variants[0]);
    return lay.fields.find(f => f.name === name)!;
  }

  private field(e: ast.FieldExpr): IrExpr {
    const ot = this.ty(e.object);
    const f = this.fieldLayout(ot, e.field.name);
    const obj = this.expr(e.object);
    if (!f || !f.mem) return I.drop(obj);
    const load = fieldLoad(f, obj);
    const cls = fieldClass(ot, e.field.name);
    return load.op === 'load' && cls ? { ...load, cls } : load;
  }

  private index(e: ast.IndexExpr): IrExpr {
    if (e.index.kind === 'range') return sliceExpr(this, e);
    const place = indexPlace(this, e);
    if (!place) return I.unreachable();
    return I.block([...place.setup, place.read()], this.irType(this.ty(e)));
  }

  /** A range value is `Range { start, end }` with `end` exclusive: `a..=b` stores b + 1. */
  private rangeValue(e: ast.RangeExpr): IrExpr {
    const t = this.ty(e) as Ty & { k: 'adt' };
    const elem = t.args[0];
    let end = this.expr(e.end!);
    if (e.inclusive) {
      const vt = valType(elem)!;
      end = this.normalize(elem, I.bin('add', vt, end, vt === 'i64' ? I.i64(1) : vt === 'f64' ? I.f64(1) : I.i32(1)));
    }
    return this.newVariant(t.def, t.args, t.def.variants[0], [this.expr(e.start!), end], e.span);
  }

  /** Allocate an object and store `values` into its fields (values are evaluated first). */
  newObject(layout: { typeId: number; size: number; fields: { offset: number; mem: import('../ir/ir.js').MemType | null }[] }, values: IrExpr[], span?: Span, tag?: number): IrExpr {
    const stmts: IrExpr[] = [];
    const temps: (number | null)[] = values.map((v, i) => {
      const mem = layout.fields[i]?.mem;
      if (!mem) { stmts.push(I.drop(v)); return null; }
      const t = this.tmp(memValType(mem));
      stmts.push(I.set(t, v));
      return t;
    });
    const obj = this.tmp('ref');
    stmts.push(I.set(obj, { op: 'alloc', typeId: layout.typeId, size: I.i32(layout.size), span }));
    if (tag !== undefined) stmts.push(I.store('i32', I.get(obj, 'ref'), HEADER, I.i32(tag)));
    temps.forEach((t, i) => {
      if (t === null) return;
      const f = layout.fields[i];
      stmts.push(I.store(f.mem!, I.get(obj, 'ref'), f.offset, I.get(t, memValType(f.mem!))));
    });
    stmts.push(I.get(obj, 'ref'));
    return I.block(stmts, 'ref');
  }

  newVariant(adt: AdtDef, args: Ty[], v: VariantInfo, values: IrExpr[], span?: Span): IrExpr {
    if (isNicheOption(adt, args)) return v.fields.length ? values[0] : I.block([...values.map(I.drop), I.nullRef()], 'ref');
    if (adt.cLike) return I.block([...values.map(I.drop), I.i32(v.discriminant)], 'i32');
    if (adt.adt === 'enum' && v.fields.length === 0) return I.block([...values.map(I.drop), this.m.unitVariant(adt, args, v)], 'ref');
    const lay = this.m.layouts.variant(adt, args, v);
    return this.newObject(lay, values, span, adt.adt === 'enum' ? v.index : undefined);
  }

  newArray(elem: Ty, values: IrExpr[]): IrExpr {
    const mem = memType(elem);
    const size = memSize(mem);
    const stmts: IrExpr[] = [];
    const temps = values.map(v => {
      if (!mem) { stmts.push(I.drop(v)); return -1; }
      const t = this.tmp(memValType(mem)); stmts.push(I.set(t, v)); return t;
    });
    const arr = this.tmp('ref');
    stmts.push(I.set(arr, allocArray(this.m, elem, I.i32(values.length))));
    temps.forEach((t, i) => { if (t >= 0) stmts.push(I.store(mem!, I.get(arr, 'ref'), ARRAY_DATA + i * size, I.get(t, memValType(mem!)))); });
    stmts.push(I.get(arr, 'ref'));
    return I.block(stmts, 'ref');
  }

  private repeatArray(elem: Ty, value: IrExpr, n: number, span: Span): IrExpr {
    const mem = memType(elem);
    const size = memSize(mem);
    const arr = this.tmp('ref');
    const stmts: IrExpr[] = [];
    const v = mem ? this.tmp(memValType(mem)) : -1;
    if (mem) stmts.push(I.set(v, value)); else stmts.push(I.drop(value));
    stmts.push(I.set(arr, allocArray(this.m, elem, I.i32(n), span)));
    if (mem) {
      const i = this.tmp('i32');
      const lp = `fill${this.m.nextLabelId()}`, out = `filled${this.m.nextLabelId()}`;
      stmts.push(I.set(i, I.i32(0)));
      stmts.push(I.block([I.loop(lp, I.block([
        I.br(out, null, I.bin('ge_s', 'i32', I.get(i, 'i32'), I.i32(n))),
        // Arrays are values: each element of `[[0; 3]; 3]` is its own copy.
        I.store(mem, I.bin('add', 'i32', I.toI32(I.get(arr, 'ref')), I.bin('mul', 'i32', I.get(i, 'i32'), I.i32(size))), ARRAY_DATA,
          elem.k === 'array' ? this.derive.clone(this, elem, I.get(v, memValType(mem))) : I.get(v, memValType(mem))),
        I.set(i, I.bin('add', 'i32', I.get(i, 'i32'), I.i32(1))),
        I.br(lp),
      ]))], 'void', out));
    }
    stmts.push(I.get(arr, 'ref'));
    return I.block(stmts, 'ref');
  }

  private structLit(e: ast.StructLitExpr): IrExpr {
    const r = this.cf.res.get(e);
    if (!r || r.k !== 'variant') return I.unreachable();
    const s = makeSubst(r.adt.generics, r.args);
    const values: IrExpr[] = [];
    // Field initialisers run in source order; the base supplies the rest.
    const order = e.fields.map(f => r.variant.fields.findIndex(x => x.name === f.name.name));
    const temps = new Map<number, { t: number; vt: ValType } | null>();
    const stmts: IrExpr[] = [];
    e.fields.forEach((f, i) => {
      const idx = order[i];
      const ft = substTy(r.variant.fields[idx].ty, s);
      const v = this.valueOf(f.value, ft);
      const vt = valType(ft);
      if (!vt) { stmts.push(I.drop(v)); temps.set(idx, null); return; }
      const t = this.tmp(vt); stmts.push(I.set(t, v)); temps.set(idx, { t, vt });
    });
    let base: number | null = null;
    if (e.base) { base = this.tmp('ref'); stmts.push(I.set(base, this.expr(e.base))); }
    const lay = this.m.layouts.variant(r.adt, r.args, r.variant);
    r.variant.fields.forEach((_, i) => {
      const tm = temps.get(i);
      const fl = lay.fields[i];
      if (tm) values.push(I.get(tm.t, tm.vt));
      else if (base !== null && fl.mem) values.push(fieldLoad(fl, I.get(base, 'ref')));
      else values.push(I.nop());
    });
    stmts.push(this.newVariant(r.adt, r.args, r.variant, values, e.span));
    return I.block(stmts, this.irType(this.ty(e)));
  }

  // ------------------------------------------------------------ control flow (control.ts)

  /** Run a loop body with break/continue labels registered (used by `for` lowering). */
  withLoop<T>(label: ast.Ident | null, brk: string, cont: string, f: () => T): T {
    this.loops.push({ astLabel: label?.name ?? null, brk, cont, type: 'void', isLoop: false });
    try { return f(); } finally { this.loops.pop(); }
  }

  newLabel(prefix: string): string { return `${prefix}${this.m.nextLabelId()}`; }

  retTy: Ty | null = null;
  currentRetTy(): Ty { return this.retTy ?? this.cf.ret; }

  // ------------------------------------------------------------ calls

  /** Call a function instance with already-lowered args (void args are evaluated first). */
  callRef(ref: FnRef, args: IrExpr[], span: Span): IrExpr {
    if (ref.def.intrinsic) return lowerIntrinsic(this, ref, args, span);
    if (ref.def.import) {
      const name = this.m.importFn(ref);
      const vals = args.filter(a => irTypeOf(a) !== 'void');
      const pre = args.filter(a => irTypeOf(a) === 'void');
      const call: IrExpr = { op: 'callImport', name, args: vals, type: valType(ref.def.ret) ?? 'void' };
      return pre.length ? I.block([...pre, call], irTypeOf(call)) : call;
    }
    const { name, trackCaller, result } = this.m.fnInfo(ref);
    const vals = args.filter(a => irTypeOf(a) !== 'void');
    const pre = args.filter(a => irTypeOf(a) === 'void');
    if (trackCaller) vals.push(this.location(span));
    const call: IrExpr = { op: 'call', func: name, args: vals, type: result, span };
    return pre.length ? I.block([...pre, call], result) : call;
  }

  /** The location string of a span, or the caller's location inside #[track_caller] fns. */
  location(span: Span): IrExpr {
    if (this.locIndex !== null) return I.get(this.locIndex, 'ref');
    return this.m.stringLit(`${this.displayName()} (${this.m.describe(span)})`);
  }

  private call(e: ast.CallExpr): IrExpr {
    const calleeTy = this.ty(e.callee) as Ty & { k: 'fn' };
    const r = e.callee.kind === 'path' ? this.cf.res.get(e.callee) : undefined;
    const args = e.args.map((a, i) => this.valueOf(a, calleeTy.params?.[i] ?? ERROR));
    if (r && r.k === 'fn') return this.callRef(r.fn, args, e.span);
    if (r && r.k === 'variant') return this.newVariant(r.adt, r.args, r.variant, args, e.span);
    if (r && r.k === 'intrinsic' && r.name === 'default') return this.defaultValue(r.typeArgs[0], e.span);
    return this.callClosure(this.expr(e.callee), calleeTy, args, e.span);
  }

  callClosure(clo: IrExpr, t: Ty & { k: 'fn' }, args: IrExpr[], span: Span): IrExpr {
    const c = this.tmp('ref');
    const vals = args.filter(a => irTypeOf(a) !== 'void');
    const params: ValType[] = ['ref', ...t.params.map(valType).filter((v): v is ValType => v !== null)];
    const result = valType(t.ret) ?? 'void';
    const temps = vals.map(v => { const x = this.tmp(irTypeOf(v) as ValType); return { x, v }; });
    return I.block([
      I.set(c, clo),
      ...args.filter(a => irTypeOf(a) === 'void'),
      ...temps.map(({ x, v }) => I.set(x, v)),
      { op: 'callIndirect', index: I.load('i32', I.get(c, 'ref'), HEADER, 'i32'), params, args: [I.get(c, 'ref'), ...temps.map(({ x, v }) => I.get(x, irTypeOf(v) as ValType))], type: result, span },
    ], result);
  }

  private methodCall(e: ast.MethodCallExpr): IrExpr {
    const m = this.cf.methods.get(e);
    if (!m) return I.unreachable();
    const recvTy = this.ty(e.receiver);
    const recv = this.expr(e.receiver);
    const paramTys = this.methodParamTys(m, e);
    const args = e.args.map((a, i) => this.valueOf(a, paramTys[i] ?? ERROR));
    switch (m.k) {
      case 'fn': return this.callRef(m.fn, [m.arrayView ? arrayView(this, recvTy as Ty & { k: 'array' }, recv, e.span) : recv, ...args], e.span);
      case 'dyn': return dynCall(this, m, recv, args, e.span);
      case 'builtin': return this.derive.builtinMethod(this, m.name, recvTy, recv, args, e, this.ty(e));
      default: { const n: never = m; void n; return I.unreachable(); }
    }
  }

  private methodParamTys(m: MethodRes, e: ast.MethodCallExpr): Ty[] {
    if (m.k === 'fn') {
      const s = makeSubst(m.fn.def.generics, m.fn.args);
      return m.fn.def.params.map(p => substTy(p, s));
    }
    if (m.k === 'dyn') return (m.fnTy as Ty & { k: 'fn' }).params;
    return e.args.map(a => this.ty(a));
  }

  // ------------------------------------------------------------ closures

  closure(e: ast.ClosureExpr | ast.GoExpr | ast.DeferExpr, body: ast.Expr, info: ClosureInfo): IrExpr {
    const fname = this.closureName(e.kind === 'go' ? 'go' : e.kind === 'defer' ? 'defer' : 'closure');
    const sub = new FnLowerer(this.m, this.cf, fname, info.ret, this);
    sub.retTy = info.ret;
    const env = sub.addLocal('env', 'ref', true);
    const params = e.kind === 'closure' ? e.params : [];
    const fnTy = e.kind === 'closure' ? this.ty(e) as Ty & { k: 'fn' } : null;
    const paramIdx = params.map((p, i) => {
      const vt = valType(fnTy!.params[i]);
      return vt ? sub.addLocal(p.pat.kind === 'binding' ? p.pat.name.name : `arg${i}`, vt, true) : -1;
    });
    const stmts: IrExpr[] = [];
    const lay = this.m.layouts.closure(info.captures.length);
    info.captures.forEach((v, i) => {
      stmts.push(sub.bindCaptured(v, I.load('ref', I.get(env, 'ref'), lay.fields[i].offset, 'ref')));
    });
    params.forEach((p, i) => {
      const locals = info.params.filter(l => patternBinds(p.pat, l));
      stmts.push(sub.bindParamPattern(p.pat, fnTy!.params[i], locals, paramIdx[i]));
    });
    stmts.push(sub.lowerBody(body));
    this.m.addFunction({
      name: fname, params: sub.params, result: sub.resultType, locals: sub.locals, body: I.block(stmts, sub.resultType), span: e.span,
      ...(e.kind === 'go' ? { goroutineEntry: true } : {}),
    });
    this.m.table(fname);
    return this.newClosure(fname, info.captures.map(v => this.boxOf(v)), e.span);
  }

  newClosure(fname: string, boxes: IrExpr[], span: Span): IrExpr {
    const lay = this.m.layouts.closure(boxes.length);
    const obj = this.tmp('ref');
    return I.block([
      I.set(obj, { op: 'alloc', typeId: lay.typeId, size: I.i32(lay.size), span }),
      I.store('i32', I.get(obj, 'ref'), HEADER, { op: 'funcIndex', func: fname }),
      ...boxes.map((b, i) => I.store('ref', I.get(obj, 'ref'), lay.fields[i].offset, b)),
      I.get(obj, 'ref'),
    ], 'ref');
  }

  // ------------------------------------------------------------ casts, ?, macros

  private cast(e: ast.CastExpr): IrExpr {
    const from = this.ty(e.expr), to = this.ty(e);
    const v = this.expr(e.expr);
    const co = this.cf.coercions.get(e.expr);
    if (co) return dynBox(this, co, to, v);
    return castValue(this, from, to, v);
  }

  private tryExpr(e: ast.TryExpr): IrExpr {
    const t = this.ty(e.expr) as Ty & { k: 'adt' };
    const kind = this.cf.tries.get(e)?.kind ?? 'option';
    const tmp = this.tmp('ref');
    const ret = this.currentRetTy() as Ty & { k: 'adt' };
    const okV = t.def.variants.find(v => v.name === (kind === 'option' ? 'Some' : 'Ok'))!;
    const errV = t.def.variants.find(v => v.name === (kind === 'option' ? 'None' : 'Err'))!;
    const okLay = this.m.layouts.variant(t.def, t.args, okV);
    const resultVt = this.irType(this.ty(e));
    let early: IrExpr;
    if (kind === 'option') early = this.m.unitVariant(ret.def, ret.args, errV);
    else {
      const errLay = this.m.layouts.variant(t.def, t.args, errV);
      const ef = errLay.fields[0];
      const payload = ef.mem ? fieldLoad(ef, I.get(tmp, 'ref')) : I.nop();
      early = this.newVariant(ret.def, ret.args, ret.def.variants.find(v => v.name === 'Err')!, [payload], e.span);
    }
    const earlyRet = this.retLabel ? I.br(this.retLabel, early) : { op: 'return', value: early } as IrExpr;
    const f = okLay.fields[0];
    return I.block([
      I.set(tmp, this.expr(e.expr)),
      I.if(I.bin('ne', 'i32', tagOf(t.def, t.args, I.get(tmp, 'ref')), I.i32(okV.index)), earlyRet),
      f.mem ? fieldLoad(f, I.get(tmp, 'ref')) : I.nop(),
    ], resultVt);
  }

  private macro(e: ast.MacroExpr): IrExpr {
    switch (e.form) {
      case 'format': return lowerFormatMacro(this, e);
      case 'assert': return lowerAssert(this, e);
      case 'assertEq': return lowerAssertEq(this, e);
      case 'vec': return lowerVecMacro(this, e);
      default: { const n: never = e; void n; return I.unreachable(); }
    }
  }

  // ------------------------------------------------------------ panics

  panicStr(msg: string, span: Span): IrExpr {
    return this.panic(this.m.stringLit(msg), span);
  }

  panic(msg: IrExpr, span: Span): IrExpr {
    return I.block([
      { op: 'call', func: this.m.fnInfo(this.m.runtimeFn('panic_at')).name, args: [msg, this.location(span)], type: 'void', span },
      I.unreachable(),
    ]);
  }

  toStringOf(t: Ty, v: IrExpr, span: Span): IrExpr { return lowerToString(this, t, v, span); }

  /** `T::default()`: zero numbers, empty strings and collections, None, field-wise structs. */
  defaultValue(t: Ty, span: Span): IrExpr {
    const vt = valType(t);
    if (!vt) return I.nop();
    if (t.k === 'prim') return zero(vt);
    if (t.k === 'string') return this.m.stringLit('');
    if (t.k === 'tuple') return this.newObject(this.m.layouts.tuple(t.elems), t.elems.map(x => this.defaultValue(x, span)), span);
    if (t.k === 'array') return this.repeatArray(t.elem, this.defaultValue(t.elem, span), t.len, span);
    if (t.k === 'adt') {
      if (t.def.lang === 'option') return this.m.unitVariant(t.def, t.args, t.def.variants.find(v => v.name === 'None')!);
      if (t.def.adt === 'struct' && t.def.derives.has('Default')) {
        const lay = this.m.layouts.variant(t.def, t.args, t.def.variants[0]);
        return this.newObject(lay, lay.fields.map(f => this.defaultValue(f.ty, span)), span);
      }
      return this.callRef(this.m.stdAssoc(t, 'new'), [], span);
    }
    return this.m.unsupported(span, `no default value for \`${tyToString(t)}\``);
  }

  /**
   * The function name shown in panic traces: the same name its trace frames carry, so a
   * closure is `main::{closure#0}` and a goroutine's body `main::{go#0}` (as Rust prints
   * `main::{{closure}}` and Go `main.main.func1`), never its enclosing function's.
   */
  displayName(): string {
    return this.name;
  }
}

// ---------------------------------------------------------------- generated functions

/** A generated function whose body `gen` builds (derived code, wrappers, shims), added to the module. */
export function synthFunction(m: ModuleLowerer, name: string, params: ValType[], result: ResultType, gen: (fl: FnLowerer, p: number[]) => IrExpr): IrFunction {
  m.reserveName(name);
  const fl = new FnLowerer(m, emptyChecked(name), name, INT);
  (fl as { resultType: ResultType }).resultType = result;
  const idx = params.map((t, i) => fl.param(`p${i}`, t));
  const body = gen(fl, idx);
  const f: IrFunction = { name, params: fl.params, result, locals: fl.locals, body: fl.coerceResult(body, result), span: m.noSpan() };
  m.addFunction(f);
  return f;
}

function emptyChecked(name: string): CheckedFn {
  return {
    name, def: null as unknown as FnDef, args: [], selfLocal: null, params: [], paramTys: [], paramPats: [], ret: INT, body: null,
    exprTypes: new Map(), patTypes: new Map(), res: new Map(), methods: new Map(), ops: new Map(), bindings: new Map(),
    closures: new Map(), formats: new Map(), coercions: new Map(), tries: new Map(), fors: new Map(), trackCaller: false,
  };
}

// ---------------------------------------------------------------- helpers

export function isPlace(e: ast.Expr): boolean {
  return e.kind === 'path' || e.kind === 'field' || e.kind === 'index' || (e.kind === 'paren' && isPlace(e.expr));
}

export function hasLetCond(e: ast.Expr): boolean {
  for (let x = e; ; x = (x as ast.BinaryExpr).left) {
    if (x.kind === 'letCond') return true;
    if (x.kind !== 'binary' || x.op !== '&&') return false;
    if (hasLetCond(x.right)) return true;
  }
}

function patternBinds(p: ast.Pattern, v: LocalVar): boolean {
  switch (p.kind) {
    case 'binding': return p.name.span.start === v.span.start || (p.sub ? patternBinds(p.sub, v) : false);
    case 'tuple': return p.elems.some(e => patternBinds(e, v));
    case 'tupleStruct': return p.elems.some(e => patternBinds(e, v));
    case 'struct': return p.fields.some(f => patternBinds(f.pat, v));
    case 'or': return p.alts.some(a => patternBinds(a, v));
    case 'ref': return patternBinds(p.pat, v);
    default: return false;
  }
}

/** Does this function body contain a `defer` of its own (not inside a closure)? */
export function containsDefer(e: unknown): boolean {
  // A loop over a stack: a long chain `a + b + ...` is a deep tree (syntax/chain.ts).
  const stack: unknown[] = [e];
  while (stack.length > 0) {
    const n = stack.pop() as { kind?: string } | null;
    if (!n || typeof n !== 'object') continue;
    if (n.kind === 'defer') return true;
    if (n.kind === 'closure' || n.kind === 'go') continue;
    for (const k of Object.keys(n)) {
      if (k === 'span') continue;
      const v = (n as Record<string, unknown>)[k];
      if (Array.isArray(v)) stack.push(...v);
      else if (v && typeof v === 'object') stack.push(v);
    }
  }
  return false;
}

/** Chains shorter than this are lowered as one tree; longer ones in parts (longChain). */
const CHAIN_CHUNK = 64;

export { UNIT, tyToString, isInt, isRefTy };

/** The memory class of field `name` of a value of type `t` (ir.ts MemClass); undefined = unknown. */
function fieldClass(t: Ty, name: string): MemClass | undefined {
  if (t.k !== 'adt') return undefined;
  return t.def.lang === 'vec' ? 'vec.hdr' : `field:${t.def.name}.${name}`;
}

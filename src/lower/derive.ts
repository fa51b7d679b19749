// Structural implementations of the language traits: eq, cmp, hash, clone and Debug
// for tuples, arrays, Vec, HashMap/HashSet, and user types with #[derive]. Each is a
// generated function per concrete type (`eq<Point>`, `debug<Vec<int>>`), memoized;
// numbers, bool, char and String are handled inline or by std/string.gos. A type with
// a hand-written impl (e.g. `impl PartialEq for Point`) calls that impl instead.

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';
import { IrExpr, ValType } from '../ir/ir.js';
import { Ty, isFloat, isInt, isSigned, makeSubst, substTy, tyKey, tyToString } from '../check/types.js';
import { I, memValType } from './builder.js';
import { ARRAY_DATA, HEADER, memSize, memType, valType, fieldLoad, tagOf, isNicheOption } from './layout.js';
import { FnLowerer, synthFunction } from './func.js';
import type { ModuleLowerer } from './module.js';
import { callF, fmtValue, DEFAULT_SPEC } from './format.js';
import { elemAddr } from './intrinsics.js';
import { CompileErrors } from '../diag/index.js';
import { RECURSION_LIMIT, describeChain, shortTy, tyTooBig } from '../check/index.js';
import { isStd } from '../check/std.js';
import { allocArray, arrayToVec, vecLayout } from './vec.js';

type Gen = (fl: FnLowerer, p: number[]) => IrExpr;

const DERIVED_TRAIT: Record<string, string> = { eq: 'PartialEq', cmp: 'Ord', hash: 'Hash', clone: 'Clone', debug: 'Debug' };

export class Derive {
  constructor(readonly m: ModuleLowerer) {}

  /** The generated functions being built, outermost first: a type that holds a bigger
   *  instance of itself would make them forever (check/limits.ts). */
  private readonly making: { kind: string; t: Ty }[] = [];

  private fn(kind: string, t: Ty, span: Span | undefined, params: ValType[], result: ValType | 'void', gen: Gen): string {
    const head = (x: Ty) => x.k === 'adt' ? x.def : x.k;
    const runaway = tyTooBig(t) ? 'type-size'
      : this.making.filter(x => x.kind === kind && head(x.t) === head(t)).length + 1 >= RECURSION_LIMIT ? 'recursion' : null;
    if (runaway) {
      const trait = DERIVED_TRAIT[kind] ?? kind;
      const chain = [...this.making, { kind, t }].map(x => `${DERIVED_TRAIT[x.kind] ?? x.kind} for ${shortTy(x.t)}`);
      throw new CompileErrors([{
        severity: 'error', span,
        message: `reached the ${runaway} limit while instantiating \`${trait}\` for \`${shortTy(t)}\``,
        notes: [{ message: `instantiated by: ${describeChain(chain)}` }],
        hint: 'a type that holds a bigger instance of itself (`S<T>` holding an `S<(T, T)>`) needs a new implementation at every level',
      }]);
    }
    const key = `derive ${kind}<${tyKey(t)}>`;
    let name = this.m.generated.get(key);
    if (name) return name;
    name = `${kind}<${tyToString(t)}>`;
    for (let i = 2; this.m.hasFunction(name); i++) name = `${kind}<${tyToString(t)}>#${i}`;
    this.m.generated.set(key, name);
    this.making.push({ kind, t });
    try {
      synthFunction(this.m, name, params, result, gen);
    } finally {
      this.making.pop();
    }
    return name;
  }

  // ------------------------------------------------------------ equality and ordering

  /** `l op r` for a non-primitive type (==, !=, <, <=, >, >=). */
  compare(fl: FnLowerer, op: ast.BinaryOp, t: Ty, l: IrExpr, r: IrExpr, span: Span): IrExpr {
    if (op === '==' || op === '!=') {
      const eq = this.eq(fl, t, l, r, span);
      return op === '==' ? eq : I.eqz('i32', eq);
    }
    const c = this.cmp(fl, t, l, r, span);
    const k = op === '<' ? 'lt_s' : op === '<=' ? 'le_s' : op === '>' ? 'gt_s' : 'ge_s';
    return I.bin(k, 'i32', c, I.i32(0));
  }

  eq(fl: FnLowerer, t: Ty, l: IrExpr, r: IrExpr, span: Span): IrExpr {
    const vt = valType(t);
    if (!vt) return I.block([I.drop(l), I.drop(r), I.i32(1)], 'i32');
    if (t.k === 'prim' || (t.k === 'adt' && t.def.cLike && !this.m.userImplMethod(t, 'PartialEq', 'eq'))) return I.bin('eq', vt, l, r);
    if (t.k === 'string') return fl.callRef(this.m.stdMethod(t, 'eq'), [l, r], span);
    const user = this.m.userImplMethod(t, 'PartialEq', 'eq');
    if (user) return fl.callRef(user, [l, r], span);
    if (t.k === 'fn' || t.k === 'dyn' || t.k === 'buf') return I.bin('eq', 'i32', I.toI32(l), I.toI32(r));
    const name = this.fn('eq', t, span, [vt, vt], 'i32', (g, p) => this.eqBody(g, t, p[0], p[1], span));
    return { op: 'call', func: name, args: [l, r], type: 'i32' };
  }

  private eqBody(g: FnLowerer, t: Ty, a: number, b: number, span: Span): IrExpr {
    const A = I.get(a, 'ref'), B = I.get(b, 'ref');
    const out = g.newLabel('ne');
    const stmts: IrExpr[] = [I.if(I.bin('eq', 'i32', I.toI32(A), I.toI32(B)), { op: 'return', value: I.i32(1) })];
    const fieldsEq = (fields: { offset: number; mem: import('../ir/ir.js').MemType | null; ty: Ty }[]) => {
      for (const f of fields) {
        if (!f.mem) continue;
        const x = fieldLoad(f, A), y = fieldLoad(f, B);
        stmts.push(I.br(out, null, I.eqz('i32', this.eq(g, f.ty, x, y, span))));
      }
    };
    if (t.k === 'tuple') fieldsEq(this.m.layouts.tuple(t.elems).fields);
    else if (t.k === 'array' || isStd(t, 'vec')) {
      const elem = t.k === 'array' ? t.elem : (t as Ty & { k: 'adt' }).args[0];
      const len = g.tmp('i32'), i = g.tmp('i32');
      const ea = this.seqAccess(g, t, A), eb = this.seqAccess(g, t, B);
      stmts.push(...ea.setup, ...eb.setup);
      stmts.push(I.set(len, ea.len), I.br(out, null, I.bin('ne', 'i32', I.get(len, 'i32'), eb.len)));
      stmts.push(I.set(i, I.i32(0)));
      const lp = g.newLabel('eqloop'), done = g.newLabel('eqdone');
      stmts.push(I.block([I.loop(lp, I.block([
        I.br(done, null, I.bin('ge_u', 'i32', I.get(i, 'i32'), I.get(len, 'i32'))),
        I.br(out, null, I.eqz('i32', this.eq(g, elem, ea.get(I.get(i, 'i32')), eb.get(I.get(i, 'i32')), span))),
        I.set(i, I.bin('add', 'i32', I.get(i, 'i32'), I.i32(1))),
        I.br(lp),
      ]))], 'void', done));
    } else if (t.k === 'adt') {
      if (t.def.adt === 'enum') {
        stmts.push(I.br(out, null, I.bin('ne', 'i32', tagOf(t.def, t.args, A), tagOf(t.def, t.args, B))));
        const tag = tagOf(t.def, t.args, A);
        for (const v of t.def.variants) {
          if (!v.fields.length) continue;
          const lay = this.m.layouts.variant(t.def, t.args, v);
          const inner: IrExpr[] = [];
          const saved = stmts.length;
          fieldsEq(lay.fields);
          inner.push(...stmts.splice(saved));
          stmts.push(I.if(I.bin('eq', 'i32', tag, I.i32(v.index)), I.block(inner)));
        }
      } else fieldsEq(this.m.layouts.variant(t.def, t.args, t.def.variants[0]).fields);
    }
    stmts.push({ op: 'return', value: I.i32(1) });
    return I.block([I.block(stmts, 'void', out), I.i32(0)], 'i32');
  }

  /** -1, 0 or 1 as an i32 (the Ordering value). */
  cmp(fl: FnLowerer, t: Ty, l: IrExpr, r: IrExpr, span: Span): IrExpr {
    const vt = valType(t);
    if (!vt) return I.block([I.drop(l), I.drop(r), I.i32(0)], 'i32');
    const user = this.m.userImplMethod(t, 'Ord', 'cmp');
    if (user) return fl.callRef(user, [l, r], span);
    if (t.k === 'prim' || (t.k === 'adt' && t.def.cLike)) {
      const a = fl.tmp(vt), b = fl.tmp(vt);
      const float = isFloat(t);
      const signed = isSigned(t) || float || (t.k === 'adt');
      const lt = float ? 'lt' : signed ? 'lt_s' : 'lt_u', gt = float ? 'gt' : signed ? 'gt_s' : 'gt_u';
      return I.block([I.set(a, l), I.set(b, r),
        I.bin('sub', 'i32', I.bin(gt, vt, I.get(a, vt), I.get(b, vt)), I.bin(lt, vt, I.get(a, vt), I.get(b, vt)))], 'i32');
    }
    if (t.k === 'string') return I.un('i32.wrap_i64', 'i64', fl.callRef(this.m.stdMethod(t, 'compare'), [l, r], span));
    const name = this.fn('cmp', t, span, [vt, vt], 'i32', (g, p) => this.cmpBody(g, t, p[0], p[1], span));
    return { op: 'call', func: name, args: [l, r], type: 'i32' };
  }

  private cmpBody(g: FnLowerer, t: Ty, a: number, b: number, span: Span): IrExpr {
    const A = I.get(a, 'ref'), B = I.get(b, 'ref');
    const c = g.tmp('i32');
    const stmts: IrExpr[] = [];
    const step = (ty: Ty, x: IrExpr, y: IrExpr) => {
      stmts.push(I.set(c, this.cmp(g, ty, x, y, span)));
      stmts.push(I.if(I.get(c, 'i32'), { op: 'return', value: I.get(c, 'i32') }));
    };
    const fields = (fs: { offset: number; mem: import('../ir/ir.js').MemType | null; ty: Ty }[]) => {
      for (const f of fs) if (f.mem) step(f.ty, fieldLoad(f, A), fieldLoad(f, B));
    };
    if (t.k === 'tuple') fields(this.m.layouts.tuple(t.elems).fields);
    else if (t.k === 'array' || isStd(t, 'vec')) {
      const elem = t.k === 'array' ? t.elem : (t as Ty & { k: 'adt' }).args[0];
      const ea = this.seqAccess(g, t, A), eb = this.seqAccess(g, t, B);
      const la = g.tmp('i32'), lb = g.tmp('i32'), i = g.tmp('i32');
      stmts.push(...ea.setup, ...eb.setup, I.set(la, ea.len), I.set(lb, eb.len), I.set(i, I.i32(0)));
      const lp = g.newLabel('cmploop'), done = g.newLabel('cmpdone');
      const inner: IrExpr[] = [];
      const saved = stmts.length;
      step(elem, ea.get(I.get(i, 'i32')), eb.get(I.get(i, 'i32')));
      inner.push(...stmts.splice(saved));
      stmts.push(I.block([I.loop(lp, I.block([
        I.br(done, null, I.bin('ge_u', 'i32', I.get(i, 'i32'), I.get(la, 'i32'))),
        I.br(done, null, I.bin('ge_u', 'i32', I.get(i, 'i32'), I.get(lb, 'i32'))),
        ...inner,
        I.set(i, I.bin('add', 'i32', I.get(i, 'i32'), I.i32(1))),
        I.br(lp),
      ]))], 'void', done));
      stmts.push({ op: 'return', value: I.bin('sub', 'i32', I.bin('gt_u', 'i32', I.get(la, 'i32'), I.get(lb, 'i32')), I.bin('lt_u', 'i32', I.get(la, 'i32'), I.get(lb, 'i32'))) });
    } else if (t.k === 'adt') {
      if (t.def.adt === 'enum') {
        const ta = tagOf(t.def, t.args, A), tb = tagOf(t.def, t.args, B);
        stmts.push(I.set(c, I.bin('sub', 'i32', I.bin('gt_s', 'i32', ta, tb), I.bin('lt_s', 'i32', ta, tb))));
        stmts.push(I.if(I.get(c, 'i32'), { op: 'return', value: I.get(c, 'i32') }));
        for (const v of t.def.variants) {
          if (!v.fields.length) continue;
          const saved = stmts.length;
          fields(this.m.layouts.variant(t.def, t.args, v).fields);
          const inner = stmts.splice(saved);
          stmts.push(I.if(I.bin('eq', 'i32', ta, I.i32(v.index)), I.block(inner)));
        }
      } else fields(this.m.layouts.variant(t.def, t.args, t.def.variants[0]).fields);
    }
    stmts.push(I.i32(0));
    return I.block(stmts, 'i32');
  }

  // ------------------------------------------------------------ hash

  hash(fl: FnLowerer, t: Ty, v: IrExpr, span: Span): IrExpr {
    const vt = valType(t);
    if (!vt) return I.block([I.drop(v), I.i64(0)], 'i64');
    const user = this.m.userImplMethod(t, 'Hash', 'hash');
    if (user) return fl.callRef(user, [v], span);
    if (t.k === 'string') return fl.callRef(this.m.stdMethod(t, 'hash'), [v], span);
    if (vt !== 'ref') {
      let x = v;
      if (vt === 'f64') x = I.un('i64.reinterpret_f64', 'f64', v);
      else if (vt === 'f32') x = I.un('i64.extend_i32_u', 'i32', I.un('i32.reinterpret_f32', 'f32', v));
      else if (vt === 'i32') x = I.un('i64.extend_i32_u', 'i32', v);
      return mix64(fl, x);
    }
    const name = this.fn('hash', t, span, ['ref'], 'i64', (g, p) => {
      const A = I.get(p[0], 'ref');
      const h = g.tmp('i64');
      const stmts: IrExpr[] = [I.set(h, I.i64(0x9e3779b97f4a7c15n))];
      const add = (x: IrExpr) => stmts.push(I.set(h, mix64(g, I.bin('xor', 'i64', I.bin('mul', 'i64', I.get(h, 'i64'), I.i64(31)), x))));
      const fields = (fs: { offset: number; mem: import('../ir/ir.js').MemType | null; ty: Ty }[]) => {
        for (const f of fs) if (f.mem) add(this.hash(g, f.ty, fieldLoad(f, A), span));
      };
      if (t.k === 'tuple') fields(this.m.layouts.tuple(t.elems).fields);
      else if (t.k === 'array' || isStd(t, 'vec')) {
        const elem = t.k === 'array' ? t.elem : (t as Ty & { k: 'adt' }).args[0];
        const ea = this.seqAccess(g, t, A);
        const len = g.tmp('i32'), i = g.tmp('i32');
        stmts.push(...ea.setup, I.set(len, ea.len), I.set(i, I.i32(0)));
        const saved = stmts.length;
        add(this.hash(g, elem, ea.get(I.get(i, 'i32')), span));
        const inner = stmts.splice(saved);
        stmts.push(this.loopN(g, i, I.get(len, 'i32'), inner));
      } else if (t.k === 'adt') {
        if (t.def.adt === 'enum') {
          const tag = tagOf(t.def, t.args, A);
          add(I.un('i64.extend_i32_u', 'i32', tag));
          for (const v of t.def.variants) {
            if (!v.fields.length) continue;
            const saved = stmts.length;
            fields(this.m.layouts.variant(t.def, t.args, v).fields);
            const inner = stmts.splice(saved);
            stmts.push(I.if(I.bin('eq', 'i32', tag, I.i32(v.index)), I.block(inner)));
          }
        } else fields(this.m.layouts.variant(t.def, t.args, t.def.variants[0]).fields);
      }
      stmts.push(I.get(h, 'i64'));
      return I.block(stmts, 'i64');
    });
    return { op: 'call', func: name, args: [v], type: 'i64' };
  }

  // ------------------------------------------------------------ clone

  clone(fl: FnLowerer, t: Ty, v: IrExpr, span?: Span): IrExpr {
    const vt = valType(t);
    if (!vt || vt !== 'ref' || t.k === 'string' || t.k === 'fn' || t.k === 'dyn') return v;
    const user = this.m.userImplMethod(t, 'Clone', 'clone');
    if (user) return fl.callRef(user, [v], span ?? this.m.noSpan());
    const name = this.fn('clone', t, span, ['ref'], 'ref', (g, p) => {
      const A = I.get(p[0], 'ref');
      const copyFields = (lay: { typeId: number; size: number; fields: { offset: number; mem: import('../ir/ir.js').MemType | null; ty: Ty }[] }, tag?: number) =>
        g.newObject(lay, lay.fields.map(f => f.mem ? this.clone(g, f.ty, fieldLoad(f, A), span) : I.nop()), undefined, tag);
      if (t.k === 'tuple') return copyFields(this.m.layouts.tuple(t.elems));
      if (t.k === 'array' || t.k === 'buf') {
        const m = memType(t.elem);
        const size = memSize(m);
        const len = g.tmp('i32'), i = g.tmp('i32'), out = g.tmp('ref');
        const stmts: IrExpr[] = [I.set(len, I.load('i32', A, HEADER, 'i32')), I.set(out, allocArray(this.m, t.elem, I.get(len, 'i32'))), I.set(i, I.i32(0))];
        if (m) {
          const x = I.load(m, elemAddr(A, I.get(i, 'i32'), size), ARRAY_DATA, memValType(m));
          stmts.push(this.loopN(g, i, I.get(len, 'i32'), [I.store(m, elemAddr(I.get(out, 'ref'), I.get(i, 'i32'), size), ARRAY_DATA, this.clone(g, t.elem, x, span))]));
        }
        stmts.push(I.get(out, 'ref'));
        return I.block(stmts, 'ref');
      }
      if (isStd(t, 'vec')) {
        const elem = (t as Ty & { k: 'adt' }).args[0];
        const ea = this.seqAccess(g, t, A);
        const len = g.tmp('i32'), i = g.tmp('i32'), out = g.tmp('ref');
        const sp = span ?? this.m.noSpan();
        const stmts: IrExpr[] = [...ea.setup, I.set(len, ea.len),
          I.set(out, g.callRef(this.m.stdAssoc(t, 'with_capacity'), [I.un('i64.extend_i32_u', 'i32', I.get(len, 'i32'))], sp)), I.set(i, I.i32(0))];
        stmts.push(this.loopN(g, i, I.get(len, 'i32'), [g.callRef(this.m.stdMethod(t, 'push'), [I.get(out, 'ref'), this.clone(g, elem, ea.get(I.get(i, 'i32')), span)], sp)]));
        stmts.push(I.get(out, 'ref'));
        return I.block(stmts, 'ref');
      }
      if (t.k === 'adt') {
        if (t.def.adt === 'struct') return copyFields(this.m.layouts.variant(t.def, t.args, t.def.variants[0]));
        if (isNicheOption(t.def, t.args)) {
          return I.if(I.eqz('i32', I.toI32(A)), A, this.clone(g, t.args[0], A, span), 'ref');
        }
        const tag = tagOf(t.def, t.args, A);
        const arms: IrExpr[] = [];
        for (const v of t.def.variants) {
          if (!v.fields.length) continue;
          arms.push(I.if(I.bin('eq', 'i32', tag, I.i32(v.index)), { op: 'return', value: copyFields(this.m.layouts.variant(t.def, t.args, v), v.index) }));
        }
        return I.block([...arms, A], 'ref');   // unit variants are static: share them
      }
      return A;
    });
    return { op: 'call', func: name, args: [v], type: 'ref' };
  }

  // ------------------------------------------------------------ Debug

  /**
   * Write `v` with Debug formatting into formatter local `f`. `prec` is the precision of
   * `{:.N?}` (-1: none) as a value, since Rust applies it to every float inside.
   */
  debug(fl: FnLowerer, t: Ty, v: IrExpr, f: number, spec: ast.FormatSpec, span: Span, level: IrExpr = I.i64(0),
    prec: IrExpr = I.i64(spec.precision ?? -1)): IrExpr {
    if (t.k !== 'adt' && t.k !== 'tuple' && t.k !== 'array') {
      if (t.k === 'fn' || t.k === 'dyn' || t.k === 'buf') return I.block([I.drop(v), callF(fl, f, 'write_str', [this.m.stringLit(`<${tyToString(t)}>`)], span)]);
      return fmtValue(fl, f, t, v, { ...DEFAULT_SPEC, type: '?' }, span, prec);
    }
    if (t.k === 'adt' && t.def.cLike) {
      const names = t.def.variants;
      const name = this.fn('debug', t, span, ['i32', 'ref', 'i32', 'i64', 'i64'], 'void', (g, p) => {
        const arms = names.map(vr => I.if(I.bin('eq', 'i32', I.get(p[0], 'i32'), I.i32(vr.discriminant)),
          I.block([callF(g, p[1], 'write_str', [this.m.stringLit(vr.name)], span), { op: 'return', value: null }])));
        return I.block(arms);
      });
      return { op: 'call', func: name, args: [v, I.get(f, 'ref'), I.i32(spec.alternate ? 1 : 0), level, prec], type: 'void' };
    }
    const name = this.fn('debug', t, span, ['ref', 'ref', 'i32', 'i64', 'i64'], 'void', (g, p) => this.debugBody(g, t, p[0], p[1], p[2], p[3], p[4], span));
    return { op: 'call', func: name, args: [v, I.get(f, 'ref'), I.i32(spec.alternate ? 1 : 0), level, prec], type: 'void' };
  }

  private debugBody(g: FnLowerer, t: Ty, a: number, f: number, alt: number, lvl: number, prec: number, span: Span): IrExpr {
    const A = I.get(a, 'ref');
    const ALT = I.get(alt, 'i32'), LVL = I.get(lvl, 'i64'), PREC = I.get(prec, 'i64');
    const out: IrExpr[] = [];
    const str = (s: string) => callF(g, f, 'write_str', [this.m.stringLit(s)], span);
    const nested = (ty: Ty, x: IrExpr) => this.debug(g, ty, x, f, { ...DEFAULT_SPEC, type: '?', alternate: true }, span, I.bin('add', 'i64', LVL, I.i64(1)), PREC);
    const nestedFlat = (ty: Ty, x: IrExpr) => this.debug(g, ty, x, f, { ...DEFAULT_SPEC, type: '?' }, span, LVL, PREC);
    const item = (ty: Ty, x: () => IrExpr, label: string | null, first: boolean): IrExpr =>
      I.if(ALT,
        I.block([callF(g, f, 'write_indent', [I.bin('add', 'i64', LVL, I.i64(1))], span), ...(label ? [str(`${label}: `)] : []), nested(ty, x()), str(',\n')]),
        I.block([...(first ? [] : [str(', ')]), ...(label ? [str(`${label}: `)] : []), nestedFlat(ty, x())]));
    const open = (s: string, pretty: string) => I.if(ALT, str(pretty), str(s));
    const close = (s: string, prettyClose: string) => I.if(ALT, I.block([callF(g, f, 'write_indent', [LVL], span), str(prettyClose)]), str(s));
    type F = { name: string; offset: number; mem: import('../ir/ir.js').MemType | null; ty: Ty };
    const fieldsOf = (fs: F[], named: boolean, openS: string, closeS: string) => {
      const live = fs;
      if (!live.length) return;
      out.push(open(openS, openS.trimEnd() + '\n'));
      live.forEach((fd, i) => out.push(item(fd.ty, () => fd.mem ? fieldLoad(fd, A) : I.nop(), named ? fd.name : null, i === 0)));
      out.push(close(closeS, closeS.trim()));
    };
    if (t.k === 'tuple') {
      const fs = this.m.layouts.tuple(t.elems).fields;
      out.push(open('(', '(\n'));
      fs.forEach((fd, i) => out.push(item(fd.ty, () => fd.mem ? fieldLoad(fd, A) : I.nop(), null, i === 0)));
      if (fs.length === 1) out.push(I.if(ALT, I.nop(), str(',')));
      out.push(close(')', ')'));
    } else if (t.k === 'array' || isStd(t, 'vec')) {
      const elem = t.k === 'array' ? t.elem : (t as Ty & { k: 'adt' }).args[0];
      const ea = this.seqAccess(g, t, A);
      const len = g.tmp('i32'), i = g.tmp('i32');
      out.push(...ea.setup, I.set(len, ea.len), str('['));
      out.push(I.if(I.bin('and', 'i32', ALT, I.bin('ne', 'i32', I.get(len, 'i32'), I.i32(0))), str('\n')));
      out.push(I.set(i, I.i32(0)));
      const body = I.if(ALT,
        I.block([callF(g, f, 'write_indent', [I.bin('add', 'i64', LVL, I.i64(1))], span), nested(elem, ea.get(I.get(i, 'i32'))), str(',\n')]),
        I.block([I.if(I.get(i, 'i32'), str(', ')), nestedFlat(elem, ea.get(I.get(i, 'i32')))]));
      out.push(this.loopN(g, i, I.get(len, 'i32'), [body]));
      out.push(I.if(I.bin('and', 'i32', ALT, I.bin('ne', 'i32', I.get(len, 'i32'), I.i32(0))), callF(g, f, 'write_indent', [LVL], span)));
      out.push(str(']'));
    } else if (isStd(t, 'hashMap') || isStd(t, 'hashSet')) {
      const set = t.def.lang === 'hashSet';
      const slot = g.tmp('i64'), first = g.tmp('i32');
      const next = this.m.stdMethod(t, 'iter_next_slot'), key = this.m.stdMethod(t, 'key_at');
      const value = set ? null : this.m.stdMethod(t, 'value_at');
      const kt = t.args[0], vt = set ? null : t.args[1];
      const lp = g.newLabel('maploop'), done = g.newLabel('mapdone');
      const entry = (write: (ty: Ty, x: IrExpr) => IrExpr): IrExpr[] => [
        write(kt, g.callRef(key, [A, I.get(slot, 'i64')], span)),
        ...(vt && value ? [str(': '), write(vt, g.callRef(value, [A, I.get(slot, 'i64')], span))] : []),
      ];
      out.push(str('{'), I.set(first, I.i32(1)), I.set(slot, g.callRef(next, [A, I.i64(0)], span)));
      out.push(I.block([I.loop(lp, I.block([
        I.br(done, null, I.bin('lt_s', 'i64', I.get(slot, 'i64'), I.i64(0))),
        // {:#?}: one entry per line, indented, each followed by a comma (as Rust prints).
        I.if(ALT,
          I.block([
            I.if(I.get(first, 'i32'), str('\n')),
            callF(g, f, 'write_indent', [I.bin('add', 'i64', LVL, I.i64(1))], span),
            ...entry(nested), str(',\n'),
          ]),
          I.block([I.if(I.get(first, 'i32'), I.nop(), str(', ')), ...entry(nestedFlat)])),
        I.set(first, I.i32(0)),
        I.set(slot, g.callRef(next, [A, I.bin('add', 'i64', I.get(slot, 'i64'), I.i64(1))], span)),
        I.br(lp),
      ]))], 'void', done));
      out.push(I.if(I.bin('and', 'i32', ALT, I.eqz('i32', I.get(first, 'i32'))), callF(g, f, 'write_indent', [LVL], span)));
      out.push(str('}'));
    } else if (t.k === 'adt') {
      const variant = (v: import('../check/types.js').VariantInfo) => {
        const lay = this.m.layouts.variant(t.def, t.args, v);
        const fs: F[] = lay.fields;
        const saved = out.length;
        out.push(str(v.name));
        if (v.shape === 'named' && fs.length) fieldsOf(fs, true, ' { ', ' }');
        else if (v.shape === 'tuple' && fs.length) fieldsOf(fs, false, '(', ')');
        return out.splice(saved);
      };
      if (t.def.adt === 'struct') out.push(...variant(t.def.variants[0]));
      else {
        const tag = tagOf(t.def, t.args, A);
        for (const v of t.def.variants) out.push(I.if(I.bin('eq', 'i32', tag, I.i32(v.index)), I.block(variant(v))));
      }
    }
    return I.block(out);
  }

  // ------------------------------------------------------------ helpers

  /** Element access for arrays and Vecs: setup statements, length, and element i. */
  seqAccess(g: FnLowerer, t: Ty, obj: IrExpr): { setup: IrExpr[]; len: IrExpr; get: (i: IrExpr) => IrExpr } {
    if (t.k === 'array') {
      const m = memType(t.elem);
      const size = memSize(m);
      return { setup: [], len: I.load('i32', obj, HEADER, 'i32'), get: i => m ? I.load(m, elemAddr(obj, i, size), ARRAY_DATA, memValType(m)) : I.nop() };
    }
    const v = vecLayout(this.m, t);
    const elem = (t as Ty & { k: 'adt' }).args[0];
    const m = memType(elem);
    const size = memSize(m);
    const buf = g.tmp('ref'), start = g.tmp('i32');
    return {
      setup: [I.set(buf, I.load('ref', obj, v.buf, 'ref')), I.set(start, I.un('i32.wrap_i64', 'i64', I.load('i64', obj, v.start, 'i64')))],
      len: I.un('i32.wrap_i64', 'i64', I.load('i64', obj, v.len, 'i64')),
      get: i => m ? I.load(m, elemAddr(I.get(buf, 'ref'), I.bin('add', 'i32', I.get(start, 'i32'), i), size), ARRAY_DATA, memValType(m)) : I.nop(),
    };
  }

  loopN(g: FnLowerer, i: number, n: IrExpr, body: IrExpr[]): IrExpr {
    const lp = g.newLabel('n'), done = g.newLabel('ndone');
    return I.block([
      I.set(i, I.i32(0)),
      I.block([I.loop(lp, I.block([
        I.br(done, null, I.bin('ge_u', 'i32', I.get(i, 'i32'), n)),
        ...body,
        I.set(i, I.bin('add', 'i32', I.get(i, 'i32'), I.i32(1))),
        I.br(lp),
      ]))], 'void', done),
    ]);
  }

  // ------------------------------------------------------------ built-in methods

  builtinMethod(fl: FnLowerer, name: string, t: Ty, recv: IrExpr, args: IrExpr[], e: ast.MethodCallExpr, resultTy: Ty): IrExpr {
    const span = e.span;
    const vt = valType(t);
    switch (name) {
      case 'clone': return this.clone(fl, t, recv, span);
      case 'eq': return this.eqOrPrim(fl, t, recv, args[0], span);
      case 'ne': return I.eqz('i32', this.eqOrPrim(fl, t, recv, args[0], span));
      case 'lt': case 'le': case 'gt': case 'ge': {
        const op = ({ lt: '<', le: '<=', gt: '>', ge: '>=' } as const)[name];
        return fl.binop(op, t, recv, args[0], span);
      }
      case 'cmp': return this.cmp(fl, t, recv, args[0], span);
      case 'partial_cmp': {
        const opt = resultTy as Ty & { k: 'adt' };
        const some = opt.def.variants.find(v => v.name === 'Some')!, none = opt.def.variants.find(v => v.name === 'None')!;
        if (isFloat(t)) {
          const a = fl.tmp(vt!), b = fl.tmp(vt!);
          return I.block([I.set(a, recv), I.set(b, args[0]),
            I.if(I.bin('or', 'i32', I.bin('ne', vt!, I.get(a, vt!), I.get(a, vt!)), I.bin('ne', vt!, I.get(b, vt!), I.get(b, vt!))),
              fl.m.unitVariant(opt.def, opt.args, none),
              fl.newVariant(opt.def, opt.args, some, [this.cmp(fl, t, I.get(a, vt!), I.get(b, vt!), span)], span), 'ref')], 'ref');
        }
        return fl.newVariant(opt.def, opt.args, some, [this.cmp(fl, t, recv, args[0], span)], span);
      }
      case 'max': case 'min': {
        if (!vt) return I.nop();
        const a = fl.tmp(vt), b = fl.tmp(vt);
        const c = this.cmp(fl, t, I.get(a, vt), I.get(b, vt), span);
        const pickB = name === 'max' ? I.bin('lt_s', 'i32', c, I.i32(0)) : I.bin('gt_s', 'i32', c, I.i32(0));
        return I.block([I.set(a, recv), I.set(b, args[0]), I.if(pickB, I.get(b, vt), I.get(a, vt), vt)], vt);
      }
      case 'hash': return this.hash(fl, t, recv, span);
      case 'to_string': return fl.toStringOf(t, recv, span);
      case 'len': if (t.k === 'array') return I.i64(t.len); break;
      case 'iter': case 'to_vec': if (t.k === 'array') return arrayToVec(fl, t, recv, span); break;
      case 'call': if (t.k === 'fn') return fl.callClosure(recv, t, args, span); break;
      case 'collect_vec': return recv;
      case 'collect_string': {
        const elem = (t as Ty & { k: 'adt' }).args[0];
        if (elem.k === 'string') return fl.callRef(this.m.stdMethod(t, 'join'), [recv, this.m.stringLit('')], span);
        return fl.callRef(this.m.stdMethod(t, 'collect_string'), [recv], span);
      }
      case 'collect_set': case 'collect_map':
        return fl.callRef(this.m.stdAssoc(resultTy, 'from_vec'), [recv], span);
    }
    return fl.m.unsupported(span, `method \`${name}\` on \`${tyToString(t)}\` is not supported yet`);
  }

  private eqOrPrim(fl: FnLowerer, t: Ty, a: IrExpr, b: IrExpr, span: Span): IrExpr {
    return fl.binop('==', t, a, b, span);
  }
}

/** A 64-bit finalizer (splitmix64): spreads every input bit over the hash. */
function mix64(fl: FnLowerer, x: IrExpr): IrExpr {
  const z = fl.tmp('i64');
  const Z = () => I.get(z, 'i64');
  return I.block([
    I.set(z, I.bin('add', 'i64', x, I.i64(0x9e3779b97f4a7c15n))),
    I.set(z, I.bin('mul', 'i64', I.bin('xor', 'i64', Z(), I.bin('shr_u', 'i64', Z(), I.i64(30))), I.i64(0xbf58476d1ce4e5b9n))),
    I.set(z, I.bin('mul', 'i64', I.bin('xor', 'i64', Z(), I.bin('shr_u', 'i64', Z(), I.i64(27))), I.i64(0x94d049bb133111ebn))),
    I.bin('xor', 'i64', Z(), I.bin('shr_u', 'i64', Z(), I.i64(31))),
  ], 'i64');
}

export { isInt, makeSubst, substTy };

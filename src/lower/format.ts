// Format macros: print!/println!/eprint!/eprintln!/format!/panic! and the assertion
// macros become calls on a std::fmt::Formatter (std/fmt.gos): literal pieces are
// written as static strings, each hole calls the formatter method for its type with
// the spec's fill, align, width, precision and flags; Debug of composite types calls a
// generated function (derive.ts).

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';
import { IrExpr, ValType } from '../ir/ir.js';
import { Ty, intBits, isFloat, isInt, isSigned } from '../check/types.js';
import { I } from './builder.js';
import { valType } from './layout.js';
import type { FnLowerer } from './func.js';
import { StdMethodName } from '../ir/abi.js';
import { castValue } from './func.js';

const DEFAULT_SPEC: ast.FormatSpec = { fill: ' ', align: null, sign: null, alternate: false, zero: false, width: null, precision: null, type: '' };

export function lowerFormatMacro(fl: FnLowerer, e: ast.MacroExpr & { form: 'format' }): IrExpr {
  const name = e.name;
  const fmt = e.format;
  const span = e.span;
  const isPanic = ['panic', 'unreachable', 'todo', 'unimplemented'].includes(name);
  const fixed: Record<string, string> = {
    panic: 'explicit panic', unreachable: 'internal error: entered unreachable code',
    todo: 'not yet implemented', unimplemented: 'not implemented',
  };
  if (isPanic) {
    let msg: IrExpr;
    if (!fmt) msg = fl.m.stringLit(fixed[name]);
    else {
      const prefix = name === 'panic' ? '' : fixed[name] + ': ';
      msg = buildString(fl, fmt, e.args, prefix);
    }
    return fl.panic(msg, span);
  }
  if (name === 'format') return fmt ? buildString(fl, fmt, e.args, '') : fl.m.stringLit('');
  if (e.target) {
    // write!(f, ...): append to the formatter, then Ok(()).
    const f = fl.tmp('ref', 'fmt');
    const rt = fl.ty(e) as import('../check/types.js').Ty & { k: 'adt' };
    const ok = rt.def.variants.find(v => v.name === 'Ok')!;
    return I.block([
      I.set(f, fl.expr(e.target)),
      ...(fmt ? writePieces(fl, f, fmt, e.args) : []),
      ...(name === 'writeln' ? [callF(fl, f, 'write_byte', [I.i32(10)], span)] : []),
      fl.newVariant(rt.def, rt.args, ok, [I.nop()], span),
    ], 'ref');
  }
  const fd = name.startsWith('e') ? 2 : 1;
  const newline = name.endsWith('ln');
  // A literal-only line needs no formatter.
  if (!fmt || fmt.pieces.every(p => p.kind === 'text')) {
    const text = (fmt?.pieces.map(p => (p as { text: string }).text).join('') ?? '') + (newline ? '\n' : '');
    if (text === '') return I.nop();
    return printString(fl, fl.m.stringLit(text), fd, span);
  }
  const f = fl.tmp('ref', 'fmt');
  const stmts: IrExpr[] = [I.set(f, newFormatter(fl, span))];
  stmts.push(...writePieces(fl, f, fmt, e.args));
  if (newline) stmts.push(callF(fl, f, 'write_byte', [I.i32(10)], span));
  stmts.push(printFormatter(fl, f, fd, span));
  return I.block(stmts);
}

function newFormatter(fl: FnLowerer, span: Span): IrExpr {
  const fmtTy = fl.m.formatterTy();
  return fl.callRef(fl.m.stdAssoc(fmtTy, 'new'), [], span);
}

export function callF(fl: FnLowerer, f: number, method: StdMethodName, args: IrExpr[], span: Span): IrExpr {
  return fl.callRef(fl.m.stdMethod(fl.m.formatterTy(), method), [I.get(f, 'ref'), ...args], span);
}

function printString(fl: FnLowerer, s: IrExpr, fd: number, span: Span): IrExpr {
  return fl.callRef(fl.m.runtimeFn('print_str'), [s, I.i64(fd)], span);
}

function printFormatter(fl: FnLowerer, f: number, fd: number, span: Span): IrExpr {
  return printString(fl, callF(fl, f, 'to_string', [], span), fd, span);
}

/** format!-style: the formatted text as a String. */
function buildString(fl: FnLowerer, fmt: ast.FormatString, args: ast.Expr[], prefix: string): IrExpr {
  if (fmt.pieces.every(p => p.kind === 'text') && args.length === 0) {
    return fl.m.stringLit(prefix + fmt.pieces.map(p => (p as { text: string }).text).join(''));
  }
  const f = fl.tmp('ref', 'fmt');
  return I.block([
    I.set(f, newFormatter(fl, fmt.span)),
    ...(prefix ? [callF(fl, f, 'write_str', [fl.m.stringLit(prefix)], fmt.span)] : []),
    ...writePieces(fl, f, fmt, args),
    callF(fl, f, 'to_string', [], fmt.span),
  ], 'ref');
}

/** Evaluate the arguments once, in order, then write every piece. */
function writePieces(fl: FnLowerer, f: number, fmt: ast.FormatString, args: ast.Expr[]): IrExpr[] {
  const stmts: IrExpr[] = [];
  const temps = new Map<ast.Expr, { index: number; vt: ValType } | null>();
  for (const a of args) {
    const v = fl.expr(a);
    const vt = valType(fl.ty(a));
    if (!vt) { stmts.push(I.drop(v)); temps.set(a, null); continue; }
    const t = fl.tmp(vt);
    stmts.push(I.set(t, v));
    temps.set(a, { index: t, vt });
  }
  for (const piece of fmt.pieces) {
    if (piece.kind === 'text') {
      if (piece.text) stmts.push(callF(fl, f, 'write_str', [fl.m.stringLit(piece.text)], fmt.span));
      continue;
    }
    const info = fl.cf.formats.get(piece);
    if (!info) continue;
    let value: IrExpr;
    if (info.expr) {
      const t = temps.get(info.expr);
      value = t ? I.get(t.index, t.vt) : I.nop();
    } else if (info.res) value = fl.presetValue(piece) ?? fl.resValue(info.res, info.ty, piece.span);
    else continue;
    stmts.push(fmtValue(fl, f, info.ty, value, piece.spec, piece.span));
  }
  return stmts;
}

function specArgs(spec: ast.FormatSpec): IrExpr[] {
  const align = spec.align === '<' ? 1 : spec.align === '>' ? 2 : spec.align === '^' ? 3 : 0;
  const flags = (spec.sign === '+' ? 1 : 0) | (spec.alternate ? 2 : 0) | (spec.zero ? 4 : 0);
  return [I.i32(spec.fill.codePointAt(0) ?? 32), I.i64(align), I.i64(spec.width ?? -1), I.i64(spec.precision ?? -1), I.i64(flags)];
}

/** Write one value with a spec into formatter local `f`; `precision` overrides the spec's with a value. */
export function fmtValue(fl: FnLowerer, f: number, t: Ty, v: IrExpr, spec: ast.FormatSpec, span: Span, precision?: IrExpr): IrExpr {
  const debug = spec.type === '?';
  const sa = specArgs(spec);
  if (precision) sa[3] = precision;
  if (isInt(t)) {
    const base = spec.type === 'x' || spec.type === 'X' ? 16 : spec.type === 'b' ? 2 : spec.type === 'o' ? 8 : 10;
    const upper = I.i32(spec.type === 'X' || spec.type === 'E' ? 1 : 0);
    const exp = spec.type === 'e' || spec.type === 'E';
    const signed = isSigned(t);
    if (signed && base === 10) {
      return callF(fl, f, exp ? 'fmt_int_exp' : 'fmt_int', exp ? [castValue(fl, t, { k: 'prim', name: 'i64' }, v), upper, ...sa] : [castValue(fl, t, { k: 'prim', name: 'i64' }, v), I.i64(base), upper, ...sa], span);
    }
    // Unsigned, or a signed value printed in a radix: its two's complement bits.
    let u = v;
    if (valType(t) === 'i32') {
      u = I.un('i64.extend_i32_u', 'i32', intBits(t) < 32 ? I.bin('and', 'i32', v, I.i32((1 << intBits(t)) - 1)) : v);
    }
    return callF(fl, f, exp ? 'fmt_uint_exp' : 'fmt_uint', exp ? [u, upper, ...sa] : [u, I.i64(base), upper, ...sa], span);
  }
  if (isFloat(t)) {
    const is32 = t.k === 'prim' && t.name === 'f32';
    if (spec.type === 'e' || spec.type === 'E') return callF(fl, f, is32 ? 'fmt_f32_exp' : 'fmt_f64_exp', [v, I.i32(spec.type === 'E' ? 1 : 0), ...sa], span);
    return callF(fl, f, is32 ? 'fmt_f32' : 'fmt_f64', [v, I.i32(debug ? 1 : 0), ...sa], span);
  }
  if (t.k === 'prim' && t.name === 'bool') return callF(fl, f, 'fmt_bool', [v, ...sa], span);
  if (t.k === 'prim' && t.name === 'char') return callF(fl, f, 'fmt_char', [v, I.i32(debug ? 1 : 0), ...sa], span);
  if (t.k === 'string') return callF(fl, f, 'fmt_str', [v, I.i32(debug ? 1 : 0), ...sa], span);
  if (t.k === 'prim' && t.name === 'unit') return I.block([v, callF(fl, f, 'write_str', [fl.m.stringLit('()')], span)]);
  if (!debug) {
    const disp = fl.m.userImplMethod(t, 'Display', 'fmt');
    if (disp) return I.drop(fl.callRef(disp, [v, I.get(f, 'ref')], span));
    return I.drop(v);
  }
  return fl.derive.debug(fl, t, v, f, spec, span);
}

export function lowerAssert(fl: FnLowerer, e: ast.MacroExpr & { form: 'assert' }): IrExpr {
  const cond = fl.expr(e.cond);
  const msg = e.format
    ? buildString(fl, e.format, e.args, '')
    : fl.m.stringLit(`assertion failed: ${fl.m.sourceText(e.cond.span)}`);
  return I.if(I.eqz('i32', cond), fl.panic(msg, e.span));
}

export function lowerAssertEq(fl: FnLowerer, e: ast.MacroExpr & { form: 'assertEq' }): IrExpr {
  const t = fl.ty(e.left);
  const vt = valType(t);
  const eq = e.name === 'assert_eq';
  const a = vt ? fl.tmp(vt) : -1, b = vt ? fl.tmp(vt) : -1;
  const stmts: IrExpr[] = [];
  const lv = fl.expr(e.left), rv = fl.expr(e.right);
  if (vt) { stmts.push(I.set(a, lv), I.set(b, rv)); } else stmts.push(I.drop(lv), I.drop(rv));
  const get = (x: number) => vt ? I.get(x, vt) : I.nop();
  const same = fl.binop('==', t, get(a), get(b), e.span);
  const f = fl.tmp('ref', 'fmt');
  const dbg: ast.FormatSpec = { ...DEFAULT_SPEC, type: '?' };
  const msg: IrExpr[] = [
    I.set(f, newFormatter(fl, e.span)),
    callF(fl, f, 'write_str', [fl.m.stringLit(`assertion \`left ${eq ? '==' : '!='} right\` failed`)], e.span),
  ];
  if (e.format) {
    msg.push(callF(fl, f, 'write_str', [fl.m.stringLit(': ')], e.span));
    msg.push(...writePieces(fl, f, e.format, e.args));
  }
  msg.push(callF(fl, f, 'write_str', [fl.m.stringLit('\n  left: ')], e.span));
  msg.push(fmtValue(fl, f, t, get(a), dbg, e.span));
  msg.push(callF(fl, f, 'write_str', [fl.m.stringLit('\n right: ')], e.span));
  msg.push(fmtValue(fl, f, t, get(b), dbg, e.span));
  msg.push(fl.panic(callF(fl, f, 'to_string', [], e.span), e.span));
  stmts.push(I.if(eq ? I.eqz('i32', same) : same, I.block(msg)));
  return I.block(stmts);
}

/** `x.to_string()` for a Display type. */
export function lowerToString(fl: FnLowerer, t: Ty, v: IrExpr, span: Span): IrExpr {
  if (t.k === 'string') return v;
  const f = fl.tmp('ref', 'fmt');
  return I.block([
    I.set(f, newFormatter(fl, span)),
    fmtValue(fl, f, t, v, DEFAULT_SPEC, span),
    callF(fl, f, 'to_string', [], span),
  ], 'ref');
}

export { DEFAULT_SPEC };

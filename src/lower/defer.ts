// `defer` and `go` of a call: its operands are evaluated when the statement runs, as Go
// does for a deferred or spawned call, and the call itself later (at function exit, or
// in the new goroutine). That covers function and closure calls (`defer f(x)`,
// `go cb(x)`), every kind of method call (static, `dyn`, built in: `defer v.push(x)`,
// `go ch.send(x)`) and macros (`defer println!("{}", x)`, `defer assert_eq!(a, b)`).
//
// The operands (a closure value being called, a method's receiver, the arguments; a
// macro's arguments, write!'s target, the variables its format string names) are
// evaluated now, in source order, into a tuple; an array operand is copied, as passing
// it would. The closure that runs later lowers the same statement with each operand
// replaced by a load from that tuple (FnLowerer.preset), so every form the lowering
// knows works here without a second implementation of it.
//
// The statements themselves are at the end: `defer` pushes a record on the goroutine's
// defer list, `go` hands a closure to runtime::spawn.

import * as ast from '../syntax/ast.js';
import { IrExpr } from '../ir/ir.js';
import { Ty, UNIT } from '../check/types.js';
import { I } from './builder.js';
import { HEADER, fieldLoad, valType } from './layout.js';
import { FnLowerer, isPlace, synthFunction } from './func.js';
import type { ModuleLowerer } from './module.js';

type Hole = Extract<ast.FormatPiece, { kind: 'hole' }>;

/** One value the statement uses: an expression, or a variable a format string names. */
type Operand =
  | { kind: 'expr'; expr: ast.Expr; ty: Ty }
  | { kind: 'hole'; piece: Hole; ty: Ty };

/** Is `defer body` / `go body` a call this module handles (else it must be a block)? */
export function isDeferrableCall(body: ast.Expr): boolean {
  return body.kind === 'call' || body.kind === 'methodCall' || body.kind === 'macro';
}

/**
 * The closure (a ref) that runs `body` later on the operand values taken now. `kind`
 * names the synthesized function (`{defer#N}` / `{go#N}`); a goroutine's is marked as
 * an entry.
 */
export function operandThunk(fl: FnLowerer, body: ast.Expr, kind: 'defer' | 'go'): IrExpr {
  const ops = operands(fl, body);
  const setup: IrExpr[] = [];
  const kept: { op: Operand; local: number }[] = [];
  const slot = new Map<Operand, number>();   // an operand's field in the tuple (none if void)
  for (const op of ops) {
    let v = op.kind === 'expr' ? fl.expr(op.expr) : holeValue(fl, op.piece);
    if (op.kind === 'expr' && op.ty.k === 'array' && isPlace(op.expr)) v = fl.derive.clone(fl, op.ty, v);
    const vt = valType(op.ty);
    if (!vt) { setup.push(I.drop(v)); continue; }
    const t = fl.tmp(vt);
    setup.push(I.set(t, v));
    slot.set(op, kept.length);
    kept.push({ op, local: t });
  }
  const lay = fl.m.layouts.tuple(kept.map(k => k.op.ty));
  const tuple = kept.length ? fl.newObject(lay, kept.map(k => I.get(k.local, valType(k.op.ty)!)), body.span) : I.nullRef();

  const fname = fl.closureName(kind);
  const sub = new FnLowerer(fl.m, fl.cf, fname, UNIT, fl);
  const env = sub.param('env', 'ref');
  const tup = sub.tmp('ref', 'operands');
  const cloLay = fl.m.layouts.closure(1);
  for (const op of ops) {
    const i = slot.get(op);
    const load = i === undefined ? () => I.nop() : () => fieldLoad(lay.fields[i], I.get(tup, 'ref'));
    sub.preset(op.kind === 'expr' ? op.expr : op.piece, load);
  }
  const stmts = [I.set(tup, I.load('ref', I.get(env, 'ref'), cloLay.fields[0].offset, 'ref')), sub.lowerBody(body)];
  fl.m.addFunction({
    name: fname, params: sub.params, result: sub.resultType, locals: sub.locals, body: I.block(stmts, sub.resultType), span: body.span,
    ...(kind === 'go' ? { goroutineEntry: true } : {}),
  });
  fl.m.table(fname);
  return I.block([...setup, fl.newClosure(fname, [tuple], body.span)], 'ref');
}

function holeValue(fl: FnLowerer, piece: Hole): IrExpr {
  const info = fl.cf.formats.get(piece)!;
  return fl.resValue(info.res!, info.ty, piece.span);
}

/** The operands of `body`, in the order Go (and the macro itself) evaluates them. */
function operands(fl: FnLowerer, body: ast.Expr): Operand[] {
  const out: Operand[] = [];
  const expr = (e: ast.Expr): void => { out.push({ kind: 'expr', expr: e, ty: fl.ty(e) }); };
  const format = (fmt: ast.FormatString | null, args: ast.Expr[]): void => {
    args.forEach(expr);
    for (const piece of fmt?.pieces ?? []) {
      if (piece.kind !== 'hole') continue;
      const info = fl.cf.formats.get(piece);
      if (info && !info.expr && info.res) out.push({ kind: 'hole', piece, ty: info.ty });
    }
  };
  if (body.kind === 'call') {
    // A function named by its path is called as such; any other callee is a value.
    const r = body.callee.kind === 'path' ? fl.cf.res.get(body.callee) : undefined;
    if (!r || r.k !== 'fn') expr(body.callee);
    body.args.forEach(expr);
  } else if (body.kind === 'methodCall') {
    expr(body.receiver);
    body.args.forEach(expr);
  } else if (body.kind === 'macro') {
    switch (body.form) {
      case 'format': if (body.target) expr(body.target); format(body.format, body.args); break;
      case 'assert': expr(body.cond); format(body.format, body.args); break;
      case 'assertEq': expr(body.left); expr(body.right); format(body.format, body.args); break;
      case 'vec': if (body.repeat) { expr(body.repeat.value); expr(body.repeat.count); } else body.elems.forEach(expr); break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- the statements

/**
 * `defer body`: push a record (the closure, the previous head) onto the running
 * goroutine's defer list; the function's exit runs the records down to its mark
 * (FnLowerer.lowerBody, runDefersFn).
 */
export function lowerDefer(fl: FnLowerer, e: ast.DeferExpr): IrExpr {
  let clo: IrExpr;
  const info = fl.cf.closures.get(e);
  if (isDeferrableCall(e.body)) clo = operandThunk(fl, e.body, 'defer');
  else if (info) clo = fl.closure(e, e.body, info);
  else return fl.m.unsupported(e.body.span, '`defer` needs a call or a block');
  const rec = fl.m.layouts.deferRecord();
  const c = fl.tmp('ref');
  return I.block([I.set(c, clo), deferHeadSet(fl.newObject(rec, [I.get(c, 'ref'), deferHeadGet()], e.span))]);
}

/**
 * `go f(a, b)`: the callee and arguments are evaluated now, as for `defer`;
 * `go { block }`: the block's closure. Either way the goroutine's entry is a `fn()`
 * closure handed to `runtime::spawn` (as its address: the runtime keeps it in the G
 * record, a GC root).
 */
export function lowerGo(fl: FnLowerer, e: ast.GoExpr): IrExpr {
  const info = fl.cf.closures.get(e);
  const clo = isDeferrableCall(e.body) ? operandThunk(fl, e.body, 'go') : info ? fl.closure(e, e.body, info) : null;
  if (!clo) return fl.m.unsupported(e.body.span, '`go` needs a call or a block');
  const spawn = fl.m.fnInfo(fl.m.runtimeFn('spawn'));
  return { op: 'call', func: spawn.name, args: [I.toI32(clo)], type: 'void', span: e.span };
}

/** Offset of the defer list in a G record (runtime/sched.gos `G_DEFER`). */
export const G_DEFER_OFFSET = 12;

/**
 * The running goroutine's defer list: a ref field of its G record (runtime/sched.gos
 * `G_DEFER`; the `__current_g` global points at the record, the boot record before the
 * scheduler starts). Keep in sync with runtime/sched.gos and docs/runtime.md.
 */
export function deferHeadGet(): IrExpr {
  return I.load('ref', { op: 'call', func: '__current_g', args: [], type: 'i32' }, G_DEFER_OFFSET, 'ref');
}

function deferHeadSet(value: IrExpr): IrExpr {
  return I.store('ref', { op: 'call', func: '__current_g', args: [], type: 'i32' }, G_DEFER_OFFSET, value);
}

/** `gos.run_defers(mark)`: pop and run defer records until the head is `mark`. */
export function runDefersFn(m: ModuleLowerer): string {
  const name = 'gos.run_defers';
  if (m.generated.has(name)) return name;
  m.generated.set(name, name);
  const rec = m.layouts.deferRecord();
  synthFunction(m, name, ['ref'], 'void', (fl, p) => {
    const r = fl.tmp('ref'), c = fl.tmp('ref');
    const lp = fl.newLabel('defers'), done = fl.newLabel('defersdone');
    return I.block([I.loop(lp, I.block([
      I.br(done, null, I.bin('eq', 'i32', I.toI32(deferHeadGet()), I.toI32(I.get(p[0], 'ref')))),
      I.set(r, deferHeadGet()),
      deferHeadSet(I.load('ref', I.get(r, 'ref'), rec.fields[1].offset, 'ref')),
      I.set(c, I.load('ref', I.get(r, 'ref'), rec.fields[0].offset, 'ref')),
      { op: 'callIndirect', index: I.load('i32', I.get(c, 'ref'), HEADER, 'i32'), params: ['ref'], args: [I.get(c, 'ref')], type: 'void' },
      I.br(lp),
    ]))], 'void', done);
  });
  return name;
}

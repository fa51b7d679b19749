// `defer` and `go` of a statement whose operands must be evaluated before it runs, as Go
// does for a deferred or spawned call: a macro (`defer println!("{}", x)`,
// `defer assert_eq!(a, b)`) or a method call that is not a plain function call (a `dyn`
// method, a built-in one such as `v.push(x)` or `ch.send(x)`).
//
// The operands (a method's receiver and arguments; a macro's arguments, write!'s target,
// the variables its format string names) are evaluated now, in source order, into a
// tuple. The closure that runs later lowers the same statement with each operand
// replaced by a load from that tuple (FnLowerer.preset), so every form the lowering
// knows works here without a second implementation of it. Plain function and closure
// calls keep the cheaper thunk of ModuleLowerer.thunk.

import * as ast from '../syntax/ast.js';
import { IrExpr } from '../ir/ir.js';
import { Ty, UNIT } from '../check/types.js';
import { I } from './builder.js';
import { fieldLoad, valType } from './layout.js';
import { FnLowerer } from './func.js';

type Hole = Extract<ast.FormatPiece, { kind: 'hole' }>;

/** One value the statement uses: an expression, or a variable a format string names. */
type Operand =
  | { kind: 'expr'; expr: ast.Expr; ty: Ty }
  | { kind: 'hole'; piece: Hole; ty: Ty };

/** Does `defer body` / `go body` need its operands evaluated by this module? */
export function needsOperandThunk(fl: FnLowerer, body: ast.Expr): boolean {
  if (body.kind === 'macro') return true;
  if (body.kind !== 'methodCall') return false;
  const m = fl.cf.methods.get(body);
  return m !== undefined && m.k !== 'fn';
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
  for (const op of ops) {
    const v = op.kind === 'expr' ? fl.expr(op.expr) : holeValue(fl, op.piece);
    const vt = valType(op.ty);
    if (!vt) { setup.push(I.drop(v)); continue; }
    const t = fl.tmp(vt);
    setup.push(I.set(t, v));
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
    const i = kept.findIndex(k => k.op === op);
    const load = i < 0 ? () => I.nop() : () => fieldLoad(lay.fields[i], I.get(tup, 'ref'));
    sub.preset(op.kind === 'expr' ? op.expr : op.piece, load);
  }
  const stmts = [I.set(tup, I.load('ref', I.get(env, 'ref'), cloLay.fields[0].offset, 'ref')), sub.lowerBody(body, UNIT)];
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
  if (body.kind === 'methodCall') {
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

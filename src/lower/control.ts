// Lowering control flow: `if` / `if let`, `match`, `while` / `while let`, `loop`,
// `break`, `continue` and `return`. Loops and labelled blocks push their labels on the
// FnLowerer's `loops` stack, which `break` and `continue` search innermost first; `for`
// is lowered in module.ts (it calls std's iteration protocol) through `fl.withLoop`.
// A condition that binds (`let PAT = e`, alone or in an `&&` chain) becomes a pattern
// check that breaks to the `fail` label (match.ts), so the bindings scope over the body.

import * as ast from '../syntax/ast.js';
import { IrExpr, ResultType } from '../ir/ir.js';
import { I } from './builder.js';
import { valType } from './layout.js';
import { lowerPatternCheck, patternNeedsCheck } from './match.js';
import { hasLetCond, type FnLowerer } from './func.js';

/** A loop or labelled block that `break` (and, for loops, `continue`) may leave. */
export interface LoopLabels { astLabel: string | null; brk: string; cont: string | null; type: ResultType; isLoop: boolean }

/** The test of `if` / `while`: breaks to `fail` when it does not hold. */
export function lowerCondition(fl: FnLowerer, e: ast.Expr, fail: string): IrExpr {
  if (e.kind === 'letCond') {
    const t = fl.ty(e.value);
    const vt = valType(t);
    const v = fl.expr(e.value);
    if (!vt) return I.block([I.drop(v), lowerPatternCheck(fl, e.pat, t, I.nop(), fail)]);
    const tmp = fl.tmp(vt);
    return I.block([I.set(tmp, v), lowerPatternCheck(fl, e.pat, t, I.get(tmp, vt), fail)]);
  }
  if (e.kind === 'binary' && e.op === '&&' && hasLetCond(e)) {
    // `a && let P = b && c ...`: each operand in turn, the chain in a loop (syntax/chain.ts).
    const operands: ast.Expr[] = [];
    let x: ast.Expr = e;
    for (; x.kind === 'binary' && x.op === '&&'; x = x.left) operands.push(x.right);
    operands.push(x);
    return I.block(operands.reverse().map(o => lowerCondition(fl, o, fail)));
  }
  return I.br(fail, null, I.eqz('i32', fl.expr(e)));
}

export function lowerIf(fl: FnLowerer, e: ast.IfExpr): IrExpr {
  const t = fl.irType(fl.ty(e));
  const elseExpr = () => e.else ? (e.else.kind === 'if' ? lowerIf(fl, e.else) : fl.block(e.else)) : I.nop();
  if (!hasLetCond(e.cond)) {
    const then = fl.block(e.then);
    return I.if(fl.expr(e.cond), fl.coerceResult(then, t), e.else || t !== 'void' ? fl.coerceResult(elseExpr(), t) : null, t);
  }
  const end = fl.newLabel('ifend'), fail = fl.newLabel('ifelse');
  const check = lowerCondition(fl, e.cond, fail);
  const then = fl.coerceResult(fl.block(e.then), t);
  const els = fl.coerceResult(elseExpr(), t);
  const inner = t === 'void' ? [check, then, I.br(end)] : [check, I.br(end, then)];
  return I.block([I.block(inner, 'void', fail), els], t, end);
}

export function lowerMatch(fl: FnLowerer, e: ast.MatchExpr): IrExpr {
  const t = fl.irType(fl.ty(e));
  const st = fl.ty(e.scrutinee);
  const svt = valType(st);
  const end = fl.newLabel('match');
  const stmts: IrExpr[] = [];
  const scrut = fl.expr(e.scrutinee);
  let place: IrExpr = I.nop();
  if (svt) { const h = fl.hold(scrut, svt); stmts.push(...h.setup); place = h.get(); }
  else stmts.push(I.drop(scrut));
  for (const arm of e.arms) {
    const next = fl.newLabel('arm');
    const body: IrExpr[] = [];
    const needsCheck = patternNeedsCheck(fl, arm.pat, st) || arm.guard;
    body.push(lowerPatternCheck(fl, arm.pat, st, place, next));
    if (arm.guard) body.push(lowerCondition(fl, arm.guard, next));
    const v = fl.valueOf(arm.body, fl.ty(e));
    body.push(t === 'void' ? I.block([I.drop(v), I.br(end)]) : I.br(end, fl.coerceResult(v, t)));
    stmts.push(needsCheck ? I.block(body, 'void', next) : I.block(body));
    if (!needsCheck) break;
  }
  stmts.push(I.unreachable());
  return I.block(stmts, t, end);
}

export function lowerWhile(fl: FnLowerer, e: ast.WhileExpr): IrExpr {
  const brk = fl.newLabel('wend'), cont = fl.newLabel('wtop');
  fl.loops.push({ astLabel: e.label?.name ?? null, brk, cont, type: 'void', isLoop: false });
  const cond = lowerCondition(fl, e.cond, brk);
  const body = fl.block(e.body);
  fl.loops.pop();
  return I.block([I.loop(cont, I.block([cond, I.drop(body), I.br(cont)]))], 'void', brk);
}

export function lowerLoop(fl: FnLowerer, e: ast.LoopExpr): IrExpr {
  const t = fl.irType(fl.ty(e));
  const brk = fl.newLabel('lend'), cont = fl.newLabel('ltop');
  fl.loops.push({ astLabel: e.label?.name ?? null, brk, cont, type: t, isLoop: true });
  const body = fl.block(e.body);
  fl.loops.pop();
  const lp = I.loop(cont, I.block([I.drop(body), I.br(cont)]));
  return I.block([lp, ...(t === 'void' ? [] : [I.unreachable()])], t, brk);
}

function findLoop(fl: FnLowerer, label: ast.Ident | null, isContinue: boolean): LoopLabels | null {
  for (let i = fl.loops.length - 1; i >= 0; i--) {
    const l = fl.loops[i];
    if (isContinue && !l.cont) continue;
    if (!label || l.astLabel === label.name) return l;
  }
  return null;
}

export function lowerBreak(fl: FnLowerer, e: ast.BreakExpr): IrExpr {
  const l = findLoop(fl, e.label, false);
  if (!l) return I.unreachable();
  if (e.value) {
    const v = fl.expr(e.value);
    if (l.type === 'void') return I.block([I.drop(v), I.br(l.brk)]);
    return I.br(l.brk, v);
  }
  return I.br(l.brk);
}

export function lowerContinue(fl: FnLowerer, e: ast.ContinueExpr): IrExpr {
  const l = findLoop(fl, e.label, true);
  return l ? I.br(l.cont!) : I.unreachable();
}

/** `return v`: a branch to the function's exit block when it runs defers, else a wasm return. */
export function lowerReturn(fl: FnLowerer, value: ast.Expr | null): IrExpr {
  const ret = fl.cf.closures.size >= 0 ? fl.resultType : 'void';
  const v = value ? fl.valueOf(value, fl.currentRetTy()) : null;
  if (fl.retLabel) {
    if (ret === 'void') return I.block([...(v ? [I.drop(v)] : []), I.br(fl.retLabel)]);
    return I.br(fl.retLabel, v);
  }
  if (ret === 'void') return I.block([...(v ? [I.drop(v)] : []), { op: 'return', value: null }]);
  return { op: 'return', value: v };
}

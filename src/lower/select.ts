// Lowering `select`: runtime calls and a dispatch on the arm that ran.
//
//   select {                                  cases = Vec::with_capacity(2)
//       v = a.recv() => A,          ──►       c0 = RecvCase::new(a); cases.push(c0 as dyn SelCase)
//       b.send(x) => B,                       c1 = SendCase::new(b, x); cases.push(c1 as dyn SelCase)
//       default => D,                         i = select_run(cases, true)
//   }                                         if i == 0 { let v = c0.take(); A }
//                                             else if i == 1 { c1.take(); B } else { D }
//
// Channel and value expressions are evaluated once, in source order, before anything
// blocks (Go's rule). The algorithm itself (locking, random choice, parking) is Gossamer
// code in std/chan.gos; keep the two in sync (the names RecvCase, SendCase, SelCase,
// select_run, take). `break`/`continue` in an arm act on the enclosing loop: arm bodies
// are lowered in place, inside the function's own loop labels.

import * as ast from '../syntax/ast.js';
import { IrExpr } from '../ir/ir.js';
import { FnRef } from '../check/typed.js';
import { AdtDef, Ty } from '../check/types.js';
import { I } from './builder.js';
import { valType } from './layout.js';
import type { FnLowerer } from './func.js';
import { ModuleLowerer, MissingRuntime } from './module.js';
import { lowerPatternCheck } from './match.js';
import { STD_CHAN_ITEMS } from '../ir/abi.js';
import { isStd } from '../check/std.js';
import { dynBox } from './dyn.js';

export function lowerSelect(m: ModuleLowerer, fl: FnLowerer, e: ast.SelectExpr): IrExpr {
  const std = stdChan(m);
  const resultTy = fl.ty(e);
  const rt = valType(resultTy) ?? 'void';
  const caseArms = e.arms.filter((a): a is ast.SelectArm & { kind: 'recv' | 'send' } => a.kind !== 'default');
  const dflt = e.arms.find(a => a.kind === 'default');
  const vecTy: Ty = { k: 'adt', def: m.vecDef(), args: [std.dynTy] };
  const cases = fl.tmp('ref', 'sel_cases');
  const stmts: IrExpr[] = [I.set(cases, fl.callRef(m.stdAssoc(vecTy, 'with_capacity'), [I.i64(caseArms.length)], e.span))];

  // The case objects, in source order.
  const caseLocals: { arm: ast.SelectArm; local: number; ty: Ty; elem: Ty }[] = [];
  for (const arm of caseArms) {
    const chTy = fl.ty(arm.chan);
    const elem = isStd(chTy, 'chan') ? chTy.args[0] : null;
    if (!elem) return m.unsupported(arm.chan.span, '`select` needs a channel');
    const caseTy: Ty = { k: 'adt', def: arm.kind === 'recv' ? std.recv : std.send, args: [elem] };
    const args = arm.kind === 'recv' ? [fl.expr(arm.chan)] : [fl.expr(arm.chan), fl.valueOf(arm.value, elem)];
    const local = fl.tmp('ref', 'sel_case');
    stmts.push(I.set(local, fl.callRef(m.stdAssoc(caseTy, 'new'), args, arm.span)));
    stmts.push(fl.callRef(m.stdMethod(vecTy, 'push'), [I.get(cases, 'ref'), dynBox(fl, caseTy, std.dynTy, I.get(local, 'ref'))], arm.span));
    caseLocals.push({ arm, local, ty: caseTy, elem });
  }

  const idx = fl.tmp('i64', 'sel_index');
  stmts.push(I.set(idx, fl.callRef(std.run, [I.get(cases, 'ref'), I.i32(dflt ? 1 : 0)], e.span)));

  // Dispatch: a chain of ifs, the default arm (or unreachable) last.
  const armBody = (arm: ast.SelectArm): IrExpr => fl.coerceResult(fl.valueOf(arm.body, resultTy), rt);
  let chain: IrExpr = dflt ? armBody(dflt) : I.block([I.unreachable()], rt);
  for (let i = caseLocals.length - 1; i >= 0; i--) {
    const { arm, local, ty, elem } = caseLocals[i];
    const take = fl.callRef(m.stdMethod(ty, 'take'), [I.get(local, 'ref')], arm.span);
    const body: IrExpr[] = [];
    if (arm.kind === 'recv') {
      const optTy: Ty = { k: 'adt', def: std.option, args: [elem] };
      if (arm.pat) {
        const v = fl.tmp('ref', 'sel_value');
        body.push(I.set(v, take));
        body.push(lowerPatternCheck(fl, arm.pat, optTy, I.get(v, 'ref'), null));
      } else {
        body.push(I.drop(take));
      }
    } else {
      body.push(I.drop(take));
    }
    body.push(armBody(arm));
    chain = I.if(I.bin('eq', 'i64', I.get(idx, 'i64'), I.i64(i)), I.block(body, rt), chain, rt);
  }
  stmts.push(chain);
  return I.block(stmts, rt);
}

interface StdChan {
  recv: AdtDef;
  send: AdtDef;
  option: AdtDef;
  dynTy: Ty;
  run: FnRef;
}

function stdChan(m: ModuleLowerer): StdChan {
  const item = (name: keyof typeof STD_CHAN_ITEMS, ns: 'types' | 'values') => m.q.stdItem('chan', name, ns);
  const recv = item('RecvCase', 'types');
  const send = item('SendCase', 'types');
  const trait = item('SelCase', 'types');
  const run = item('select_run', 'values');
  const option = m.std.option;
  if (recv?.kind !== 'adt' || send?.kind !== 'adt' || trait?.kind !== 'trait' || run?.kind !== 'fn' || !option) {
    throw new MissingRuntime('std::chan lacks RecvCase, SendCase, SelCase or select_run');
  }
  return { recv, send, option, dynTy: { k: 'dyn', trait, args: [] }, run: { def: run, args: [] } };
}


// Small constructors for IR nodes, so lowering code reads as what it builds.

import { BinaryKind, IrExpr, MemClass, MemType, ResultType, UnaryKind, ValType, irTypeOf } from '../ir/ir.js';

export const I = {
  i32: (v: number): IrExpr => ({ op: 'const', type: 'i32', value: v | 0 }),
  i64: (v: bigint | number): IrExpr => ({ op: 'const', type: 'i64', value: BigInt.asIntN(64, BigInt(v)) }),
  f64: (v: number): IrExpr => ({ op: 'const', type: 'f64', value: v }),
  f32: (v: number): IrExpr => ({ op: 'const', type: 'f32', value: Math.fround(v) }),
  nullRef: (): IrExpr => ({ op: 'const', type: 'ref', value: 0 }),
  get: (index: number, type: ValType): IrExpr => ({ op: 'local.get', index, type }),
  set: (index: number, value: IrExpr): IrExpr => ({ op: 'local.set', index, value }),
  tee: (index: number, value: IrExpr, type: ValType): IrExpr => ({ op: 'local.tee', index, value, type }),
  bin: (kind: BinaryKind, type: ValType, left: IrExpr, right: IrExpr): IrExpr => ({ op: 'binary', kind, type, left, right }),
  un: (kind: UnaryKind, type: ValType, operand: IrExpr): IrExpr => ({ op: 'unary', kind, type, operand }),
  load: (mem: MemType, addr: IrExpr, offset: number, type: ValType, cls?: MemClass): IrExpr =>
    (cls ? { op: 'load', mem, addr, offset, type, cls } : { op: 'load', mem, addr, offset, type }),
  store: (mem: MemType, addr: IrExpr, offset: number, value: IrExpr, cls?: MemClass): IrExpr =>
    (cls ? { op: 'store', mem, addr, offset, value, cls } : { op: 'store', mem, addr, offset, value }),
  block: (body: IrExpr[], type: ResultType = 'void', label: string | null = null): IrExpr => {
    if (!label && body.length === 1 && irTypeOf(body[0]) === type) return body[0];
    return { op: 'block', label, body, type };
  },
  if: (cond: IrExpr, then: IrExpr, els: IrExpr | null = null, type: ResultType = 'void'): IrExpr => ({ op: 'if', cond, then, else: els, type }),
  br: (label: string, value: IrExpr | null = null, cond: IrExpr | null = null): IrExpr => ({ op: 'br', label, value, cond }),
  loop: (label: string, body: IrExpr, type: ResultType = 'void'): IrExpr => ({ op: 'loop', label, body, type }),
  drop: (value: IrExpr): IrExpr => irTypeOf(value) === 'void' ? value : { op: 'drop', value },
  nop: (): IrExpr => ({ op: 'nop' }),
  unreachable: (): IrExpr => ({ op: 'unreachable' }),
  eqz: (type: ValType, v: IrExpr): IrExpr => ({ op: 'unary', kind: 'eqz', type, operand: v }),
  toI32: (ref: IrExpr): IrExpr => ({ op: 'unary', kind: 'ref.to_i32', type: 'ref', operand: ref }),
  toRef: (addr: IrExpr): IrExpr => ({ op: 'unary', kind: 'i32.to_ref', type: 'i32', operand: addr }),
};

/** Zero of a value type. */
export function zero(t: ValType): IrExpr {
  switch (t) {
    case 'i32': return I.i32(0);
    case 'i64': return I.i64(0n);
    case 'f32': return I.f32(0);
    case 'f64': return I.f64(0);
    case 'ref': return I.nullRef();
  }
}

/** The value type a memory access produces. */
export function memValType(m: MemType): ValType {
  switch (m) {
    case 'i64': return 'i64';
    case 'f64': return 'f64';
    case 'f32': return 'f32';
    case 'ref': return 'ref';
    default: return 'i32';
  }
}

// Instruction selection for the IR's arithmetic, conversion and atomic nodes: an IR op
// plus its operand type names exactly one wasm instruction (integer `neg` excepted: wasm
// has none, it becomes `0 - x`). `ref` operands are i32 addresses.

import { AtomicKind, BinaryKind, UnaryKind, ValType } from '../ir/ir.js';
import { CodegenError, Expr, Module } from './module.js';

type Un = (v: Expr) => Expr;
type Bin = (l: Expr, r: Expr) => Expr;

const INT_UNARY = ['eqz', 'clz', 'ctz', 'popcnt'] as const;
const FLOAT_UNARY = ['neg', 'abs', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'] as const;
const INT_BINARY = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s',
  'shr_u', 'rotl', 'rotr', 'eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u'] as const;
const FLOAT_BINARY = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;

function includes<T extends string>(list: readonly T[], s: string): s is T {
  return (list as readonly string[]).includes(s);
}

export function emitUnary(mod: Module, kind: UnaryKind, type: ValType, v: Expr): Expr {
  const isInt = type === 'i32' || type === 'i64' || type === 'ref';
  if (isInt) {
    const ops = type === 'i64' ? mod.i64 : mod.i32;
    if (includes(INT_UNARY, kind)) return (ops[kind] as Un)(v);
    if (kind === 'neg') return ops.sub(type === 'i64' ? mod.i64.const(0n) : mod.i32.const(0), v);
  } else if (includes(FLOAT_UNARY, kind)) {
    return ((type === 'f32' ? mod.f32 : mod.f64)[kind] as Un)(v);
  }
  switch (kind) {
    case 'i32.wrap_i64': return mod.i32.wrap(v);
    case 'i64.extend_i32_s': return mod.i64.extend_s(v);
    case 'i64.extend_i32_u': return mod.i64.extend_u(v);
    case 'i32.extend8_s': return mod.i32.extend8_s(v);
    case 'i32.extend16_s': return mod.i32.extend16_s(v);
    case 'i64.extend8_s': return mod.i64.extend8_s(v);
    case 'i64.extend16_s': return mod.i64.extend16_s(v);
    case 'i64.extend32_s': return mod.i64.extend32_s(v);
    case 'f64.convert_i64_s': return mod.f64.convert_s.i64(v);
    case 'f64.convert_i64_u': return mod.f64.convert_u.i64(v);
    case 'f64.convert_i32_s': return mod.f64.convert_s.i32(v);
    case 'f64.convert_i32_u': return mod.f64.convert_u.i32(v);
    case 'f32.convert_i64_s': return mod.f32.convert_s.i64(v);
    case 'f32.convert_i64_u': return mod.f32.convert_u.i64(v);
    case 'f32.convert_i32_s': return mod.f32.convert_s.i32(v);
    case 'f32.convert_i32_u': return mod.f32.convert_u.i32(v);
    case 'i64.trunc_sat_f64_s': return mod.i64.trunc_s_sat.f64(v);
    case 'i64.trunc_sat_f64_u': return mod.i64.trunc_u_sat.f64(v);
    case 'i32.trunc_sat_f64_s': return mod.i32.trunc_s_sat.f64(v);
    case 'i32.trunc_sat_f64_u': return mod.i32.trunc_u_sat.f64(v);
    case 'i64.trunc_sat_f32_s': return mod.i64.trunc_s_sat.f32(v);
    case 'i64.trunc_sat_f32_u': return mod.i64.trunc_u_sat.f32(v);
    case 'i32.trunc_sat_f32_s': return mod.i32.trunc_s_sat.f32(v);
    case 'i32.trunc_sat_f32_u': return mod.i32.trunc_u_sat.f32(v);
    case 'f64.promote_f32': return mod.f64.promote(v);
    case 'f32.demote_f64': return mod.f32.demote(v);
    case 'i64.reinterpret_f64': return mod.i64.reinterpret(v);
    case 'f64.reinterpret_i64': return mod.f64.reinterpret(v);
    case 'i32.reinterpret_f32': return mod.i32.reinterpret(v);
    case 'f32.reinterpret_i32': return mod.f32.reinterpret(v);
    case 'ref.to_i32': case 'i32.to_ref': return v;
    case 'eqz': case 'clz': case 'ctz': case 'popcnt': case 'abs': case 'sqrt':
    case 'ceil': case 'floor': case 'trunc': case 'nearest':
      break;
    default: {
      const never: never = kind;
      throw new CodegenError(`unknown unary op ${String(never)}`);
    }
  }
  throw new CodegenError(`unary op ${kind} does not apply to ${type}`);
}

export function emitBinary(mod: Module, kind: BinaryKind, type: ValType, l: Expr, r: Expr): Expr {
  switch (type) {
    case 'i32': case 'ref':
      if (includes(INT_BINARY, kind)) return (mod.i32[kind] as Bin)(l, r);
      break;
    case 'i64':
      if (includes(INT_BINARY, kind)) return (mod.i64[kind] as Bin)(l, r);
      break;
    case 'f32':
      if (includes(FLOAT_BINARY, kind)) return (mod.f32[kind] as Bin)(l, r);
      break;
    case 'f64':
      if (includes(FLOAT_BINARY, kind)) return (mod.f64[kind] as Bin)(l, r);
      break;
    default: {
      const never: never = type;
      throw new CodegenError(`unknown operand type ${String(never)}`);
    }
  }
  throw new CodegenError(`binary op ${kind} does not apply to ${type}`);
}

/**
 * An atomic access at `ptr + offset`. args: store/rmw [value]; cmpxchg [expected, replacement];
 * wait [expected, timeout_ns: i64] (returns 0 ok, 1 not-equal, 2 timed out); notify [count].
 */
export function emitAtomic(mod: Module, kind: AtomicKind, mem: 'i32' | 'i64', offset: number,
  ptr: Expr, args: Expr[]): Expr {
  const ops = mem === 'i64' ? mod.i64.atomic : mod.i32.atomic;
  const need = (n: number): void => {
    if (args.length !== n) throw new CodegenError(`atomic ${kind} takes ${n} argument(s), got ${args.length}`);
  };
  // wait/notify have no offset immediate in Binaryen's API: fold it into the address.
  const addr = (): Expr => (offset === 0 ? ptr : mod.i32.add(ptr, mod.i32.const(offset)));
  switch (kind) {
    case 'load': need(0); return ops.load(offset, ptr);
    case 'store': need(1); return ops.store(offset, ptr, args[0]);
    case 'add': need(1); return ops.rmw.add(offset, ptr, args[0]);
    case 'sub': need(1); return ops.rmw.sub(offset, ptr, args[0]);
    case 'and': need(1); return ops.rmw.and(offset, ptr, args[0]);
    case 'or': need(1); return ops.rmw.or(offset, ptr, args[0]);
    case 'xor': need(1); return ops.rmw.xor(offset, ptr, args[0]);
    case 'xchg': need(1); return ops.rmw.xchg(offset, ptr, args[0]);
    case 'cmpxchg': need(2); return ops.rmw.cmpxchg(offset, ptr, args[0], args[1]);
    case 'wait':
      need(2);
      return mem === 'i64' ? mod.memory.atomic.wait64(addr(), args[0], args[1])
        : mod.memory.atomic.wait32(addr(), args[0], args[1]);
    case 'notify': need(1); return mod.memory.atomic.notify(addr(), args[0]);
    case 'fence': need(0); return mod.atomic.fence();
    default: {
      const never: never = kind;
      throw new CodegenError(`unknown atomic op ${String(never)}`);
    }
  }
}

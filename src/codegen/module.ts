// A thin typed layer over the Binaryen module: IR value types -> wasm types, and the
// memory instructions chosen by IR memory type (`MemType`) rather than by opcode name.
// Everything that knows Binaryen's JS spelling of an instruction lives here or in ops.ts,
// so function.ts reads as "what each IR node becomes", not "how Binaryen is called".

import binaryen from 'binaryen';
import { MemType, ResultType, ValType } from '../ir/ir.js';

export type Expr = binaryen.ExpressionRef;
export type Module = binaryen.Module;
export { binaryen };

/** The wasm features Gossamer output uses (Node 20 runs all of them without flags). */
export const FEATURES: binaryen.Features =
  binaryen.Features.Atomics | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt | binaryen.Features.MutableGlobals |
  binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt | binaryen.Features.SIMD128;

/** Internal Binaryen names of the module-level entities codegen creates. */
export const MEMORY = 'memory';
export const TABLE = 'table';
export const SP = '__sp';              // shadow-stack pointer, per instance (= per thread)
export const SP_LIMIT = '__sp_limit';  // lowest address a frame may reach, per instance
export const SP_SPAN = '__sp_span';    // size of the current shadow-stack chunk above the limit, per instance
export const CUR_G = '__g';            // the running goroutine's record, per instance (docs/runtime.md "Scheduler")
export const CUR_P = '__p';            // the id of the P this thread is, per instance
export const ASY_DEPTH = '__asy_depth'; // bytes Asyncify would save if the running goroutine suspended now

/**
 * The name Binaryen knows a function by. IR names are Gossamer names (`Vec<fn(int) -> bool>::retain`);
 * Binaryen's list arguments (asyncify-onlylist) split on commas and re-join them inside
 * balanced brackets, so the `>` of `->` would unbalance `<...>`: it becomes U+2192. The host
 * maps it back when it prints a trace (src/host/launcher.ts `displayName`).
 */
export function fnName(irName: string): string {
  return irName.includes('->') ? irName.replace(/->/g, '\u2192') : irName;
}

export class CodegenError extends Error {
  constructor(message: string) {
    super(`codegen: ${message}`);
    this.name = 'CodegenError';
  }
}

export function wasmType(t: ResultType): binaryen.Type {
  switch (t) {
    case 'i32': case 'ref': return binaryen.i32;
    case 'i64': return binaryen.i64;
    case 'f32': return binaryen.f32;
    case 'f64': return binaryen.f64;
    case 'void': return binaryen.none;
    default: {
      const never: never = t;
      throw new CodegenError(`unknown value type ${String(never)}`);
    }
  }
}

export function wasmParams(ts: readonly ValType[]): binaryen.Type {
  return binaryen.createType(ts.map(wasmType));
}

/** Names a local in the name section. (Binaryen.js has `Function` on the namespace; its .d.ts puts it on Module.) */
export function setLocalName(func: binaryen.FunctionRef, index: number, name: string): void {
  (binaryen as unknown as { Function: { setLocalName(f: number, i: number, n: string): void } }).Function.setLocalName(func, index, name);
}

/** Parses a binary we emitted. (Binaryen.js takes the features as readBinary's 2nd argument.) */
export function readBinary(wasm: Uint8Array): Module {
  return (binaryen.readBinary as (data: Uint8Array, features?: binaryen.Features) => Module)(wasm, FEATURES);
}

/** Does an expression leave a value on the stack (as opposed to none / unreachable)? */
export function hasValue(e: Expr): boolean {
  const t = binaryen.getExpressionType(e);
  return t !== binaryen.none && t !== binaryen.unreachable;
}

/** Statement position: drop a value if there is one. */
export function asStatement(mod: Module, e: Expr): Expr {
  return hasValue(e) ? mod.drop(e) : e;
}

export function constant(mod: Module, type: ValType, value: number | bigint): Expr {
  switch (type) {
    case 'i32': case 'ref':
      return mod.i32.const(typeof value === 'bigint' ? Number(BigInt.asIntN(32, value)) : value | 0);
    case 'i64':
      return mod.i64.const(BigInt.asIntN(64, typeof value === 'bigint' ? value : BigInt(Math.trunc(value))));
    case 'f32': return mod.f32.const(Number(value));
    case 'f64': return mod.f64.const(Number(value));
    default: {
      const never: never = type;
      throw new CodegenError(`bad constant type ${String(never)}`);
    }
  }
}

/** Width in bytes of a memory access. */
export function memBytes(mem: MemType): number {
  switch (mem) {
    case 'i8': case 'u8': return 1;
    case 'i16': case 'u16': return 2;
    case 'i32': case 'f32': case 'ref': return 4;
    case 'i64': case 'f64': return 8;
    default: {
      const never: never = mem;
      throw new CodegenError(`bad memory type ${String(never)}`);
    }
  }
}

/** A load of `mem` from `ptr + offset`, producing a value of IR type `type`. */
/**
 * binaryen.js creates full-width loads with the `signed` flag set. It means nothing to
 * wasm, but optimize-instructions trusts it when folding `i64.extend_i32_u(i32.load)`,
 * producing `i64.load32_s`. Clear it, as the binary reader does.
 */
function unsignedLoad(e: Expr): Expr {
  (binaryen as unknown as { Load: { setSigned(e: Expr, signed: boolean): void } }).Load.setSigned(e, false);
  return e;
}

export function emitLoad(mod: Module, mem: MemType, type: ValType, offset: number, ptr: Expr): Expr {
  const align = memBytes(mem);
  if (type === 'i32' || type === 'ref') {
    switch (mem) {
      case 'i8': return mod.i32.load8_s(offset, align, ptr);
      case 'u8': return mod.i32.load8_u(offset, align, ptr);
      case 'i16': return mod.i32.load16_s(offset, align, ptr);
      case 'u16': return mod.i32.load16_u(offset, align, ptr);
      case 'i32': case 'ref': return unsignedLoad(mod.i32.load(offset, align, ptr));
      default: break;
    }
  } else if (type === 'i64') {
    switch (mem) {
      case 'i8': return mod.i64.load8_s(offset, align, ptr);
      case 'u8': return mod.i64.load8_u(offset, align, ptr);
      case 'i16': return mod.i64.load16_s(offset, align, ptr);
      case 'u16': return mod.i64.load16_u(offset, align, ptr);
      case 'i32': return mod.i64.load32_s(offset, align, ptr);
      case 'ref': return mod.i64.load32_u(offset, align, ptr);
      case 'i64': return unsignedLoad(mod.i64.load(offset, align, ptr));
      default: break;
    }
  } else if (type === 'f32' && mem === 'f32') {
    return mod.f32.load(offset, align, ptr);
  } else if (type === 'f64' && mem === 'f64') {
    return mod.f64.load(offset, align, ptr);
  }
  throw new CodegenError(`cannot load memory type ${mem} as ${type}`);
}

/** A store of the low `mem` bytes of `value` to `ptr + offset`. The value's wasm type picks the opcode. */
export function emitStore(mod: Module, mem: MemType, offset: number, ptr: Expr, value: Expr): Expr {
  const align = memBytes(mem);
  let t = binaryen.getExpressionType(value);
  if (t === binaryen.unreachable) t = wasmType(mem === 'i64' ? 'i64' : mem === 'f32' ? 'f32' : mem === 'f64' ? 'f64' : 'i32');
  if (t === binaryen.i32) {
    switch (mem) {
      case 'i8': case 'u8': return mod.i32.store8(offset, align, ptr, value);
      case 'i16': case 'u16': return mod.i32.store16(offset, align, ptr, value);
      case 'i32': case 'ref': return mod.i32.store(offset, align, ptr, value);
      default: break;
    }
  } else if (t === binaryen.i64) {
    switch (mem) {
      case 'i8': case 'u8': return mod.i64.store8(offset, align, ptr, value);
      case 'i16': case 'u16': return mod.i64.store16(offset, align, ptr, value);
      case 'i32': case 'ref': return mod.i64.store32(offset, align, ptr, value);
      case 'i64': return mod.i64.store(offset, align, ptr, value);
      default: break;
    }
  } else if (t === binaryen.f32 && mem === 'f32') {
    return mod.f32.store(offset, align, ptr, value);
  } else if (t === binaryen.f64 && mem === 'f64') {
    return mod.f64.store(offset, align, ptr, value);
  }
  throw new CodegenError(`cannot store a value of wasm type ${t} as memory type ${mem}`);
}

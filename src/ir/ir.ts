// The typed IR: what lowering produces and codegen consumes.
//
// It is a structured tree, one step above WebAssembly: everything is monomorphic,
// closures are converted, match/defer/format are plain control flow and calls. What
// it adds over wasm is exactly what codegen needs to do memory management mechanically:
//
//   - the value type `ref`: a GC reference (an i32 address of an object header, or 0).
//     Every `ref` local gets a slot in the function's shadow-stack frame and every write
//     to it is written through to that slot, so at any call the frame's roots are
//     complete. Lowering guarantees that no `ref` value lives only on the wasm operand
//     stack across a call that may collect (see `spillRefs` in lower/).
//   - `alloc`: allocate an object of a type descriptor, returns a zeroed `ref`.
//   - `panic`: a call into the runtime with a source location (never returns).
//   - statics live in linear memory (so every worker thread sees them), addressed by
//     `staticAddr`; static refs are GC roots through the statics map in the module.
//
// Keep in sync with codegen/ (which emits each node) and docs/runtime.md (the ABI).

import { Span } from '../source/index.js';

/** Wasm value types plus `ref`. `void` only as a result type. */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'ref';
export type ResultType = ValType | 'void';

/** Memory access widths for load/store. `ref` loads/stores an i32 address. */
export type MemType = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'i64' | 'f32' | 'f64' | 'ref';

export interface IrModule {
  functions: IrFunction[];
  /** The program's `main` (after runtime init). */
  entry: string;
  /** Functions reachable through call_indirect, in table order; closures store the index. */
  table: string[];
  /** Type descriptors for the GC, indexed by type id (see docs/runtime.md "Type descriptors"). */
  types: TypeDescriptor[];
  /** Static data: string literals, vtables, other constant blobs, placed by codegen. */
  data: DataSegment[];
  /** Mutable statics in linear memory; refs among them are roots. */
  statics: StaticVar[];
  /** Host functions imported from the JS side (module "env"). */
  imports: IrImport[];
  /** Source files, for debug locations: index = Span.file. */
  files: string[];
}

export interface IrImport {
  name: string;              // imported as env.<name>, called by this name
  params: ValType[];
  result: ResultType;
}

/**
 * A GC type descriptor. Objects start with an 8-byte header whose first u32 is the type id.
 *   kind 'fixed':  `size` bytes including the header, references at `refOffsets`.
 *   kind 'array':  a buffer: header, u32 length at offset 8, elements from offset 16,
 *                  `elemSize` bytes each, every element a ref if `elemIsRef`.
 *   kind 'bytes':  header, u32 length at offset 8, bytes from offset 12 (String): no refs.
 */
export type TypeDescriptor =
  | { kind: 'fixed'; name: string; size: number; refOffsets: number[] }
  | { kind: 'array'; name: string; elemSize: number; elemIsRef: boolean }
  | { kind: 'bytes'; name: string };

/** A blob in linear memory. Its address is known after layout: refer to it by `id`. */
export interface DataSegment {
  id: string;
  bytes: Uint8Array;
  align: number;
  /** Offsets within `bytes` where the address of another segment must be written (u32 LE). */
  relocs?: { offset: number; target: string }[];
}

export interface StaticVar {
  id: string;
  type: ValType;
  /** Optional constant initial value (else zero); non-constant initialisers run in init code. */
  init?: number | bigint;
}

export interface IrLocal {
  name: string;     // for --dump=ir and the wasm name section
  type: ValType;
}

export interface IrFunction {
  name: string;             // unique, also the wasm export/debug name, e.g. "main", "Point::norm", "max<int>"
  params: IrLocal[];        // locals 0..params.length-1
  result: ResultType;
  locals: IrLocal[];        // further locals, indices continue after params
  body: IrExpr;
  span: Span;
  /** Exported from the wasm module under this name (the entry, runtime hooks the host calls). */
  exportAs?: string;
  /**
   * Runs on a P's own stack below every goroutine (the scheduler): never instrumented by
   * Asyncify, and an unwind stops in it (codegen/suspend.ts). `#[suspend_boundary]`.
   */
  suspendBoundary?: boolean;
  /**
   * A goroutine's entry closure (`go`, `gos.main`): in the table, but only the scheduler
   * calls it, so it is not a possible target of the program's own indirect calls.
   */
  goroutineEntry?: boolean;
}

// ---------------------------------------------------------------- expressions

/** Every node has a result type; statements are nodes of type 'void'. */
export type IrExpr =
  | { op: 'const'; type: 'i32' | 'i64' | 'f32' | 'f64' | 'ref'; value: number | bigint }   // ref const is 0 (null) only
  | { op: 'local.get'; index: number; type: ValType }
  | { op: 'local.set'; index: number; value: IrExpr }                       // void
  | { op: 'local.tee'; index: number; value: IrExpr; type: ValType }
  | { op: 'static.get'; id: string; type: ValType }
  | { op: 'static.set'; id: string; value: IrExpr }                          // void
  | { op: 'dataAddr'; id: string }                                            // i32 address of a DataSegment (a string literal is a ref: use 'ref.data')
  | { op: 'ref.data'; id: string }                                            // ref to a static object in a DataSegment (string literals)
  // `type` is the OPERAND type ('ref' operands compare as i32). The result type is i32 for
  // comparisons and eqz, the `to` side for conversions, else the operand type: see irTypeOf.
  | { op: 'unary'; kind: UnaryKind; type: ValType; operand: IrExpr }
  | { op: 'binary'; kind: BinaryKind; type: ValType; left: IrExpr; right: IrExpr }
  // `cls`: what kind of location is accessed, for alias analysis (lower/hoist.ts); absent =
  // could be anything.
  | { op: 'load'; mem: MemType; addr: IrExpr; offset: number; type: ValType; cls?: MemClass }   // addr is i32 or ref
  | { op: 'store'; mem: MemType; addr: IrExpr; offset: number; value: IrExpr; cls?: MemClass }  // void
  | { op: 'atomic'; kind: AtomicKind; mem: 'i32' | 'i64'; addr: IrExpr; offset: number; args: IrExpr[]; type: ResultType }
  | { op: 'call'; func: string; args: IrExpr[]; type: ResultType; span?: Span }
  | { op: 'callIndirect'; index: IrExpr; params: ValType[]; args: IrExpr[]; type: ResultType; span?: Span }
  | { op: 'callImport'; name: string; args: IrExpr[]; type: ResultType }
  | { op: 'alloc'; typeId: number; size: IrExpr; span?: Span }               // ref; size in bytes incl. header (for 'array'/'bytes', the total)
  | { op: 'block'; label: string | null; body: IrExpr[]; type: ResultType }    // value of the last expr when type != void
  | { op: 'loop'; label: string; body: IrExpr; type: ResultType }             // br to label = continue
  | { op: 'if'; cond: IrExpr; then: IrExpr; else: IrExpr | null; type: ResultType }
  | { op: 'br'; label: string; value: IrExpr | null; cond: IrExpr | null }    // void (unconditional: unreachable type)
  | { op: 'switch'; labels: string[]; default: string; index: IrExpr }         // br_table
  | { op: 'return'; value: IrExpr | null }
  | { op: 'unreachable' }
  | { op: 'drop'; value: IrExpr }
  | { op: 'select'; cond: IrExpr; a: IrExpr; b: IrExpr; type: ValType }
  | { op: 'nop' }
  | { op: 'memory.size' }                                                     // i32 pages
  | { op: 'memory.grow'; pages: IrExpr }                                      // i32 old size or -1
  | { op: 'memory.fill'; dest: IrExpr; value: IrExpr; size: IrExpr }          // void
  | { op: 'memory.copy'; dest: IrExpr; src: IrExpr; size: IrExpr }            // void
  | { op: 'funcIndex'; func: string }                                         // i32 table index of a function (adds it to the table)
  | { op: 'panic'; message: IrExpr; span: Span };                             // never returns; message is a String ref

/**
 * A class of memory locations. Accesses of two different classes never touch the same
 * bytes: 'vec.hdr' is the header of a Vec (buffer, start, length, capacity),
 * `field:S.f` field f of a struct named S (structs of one name in different modules
 * share a class: that only loses precision), 'elem' an element of an array or a Vec's
 * buffer, 'box' a variable captured by reference.
 */
export type MemClass = 'vec.hdr' | 'elem' | 'box' | `field:${string}`;

export type UnaryKind =
  | 'eqz' | 'clz' | 'ctz' | 'popcnt'
  | 'neg' | 'abs' | 'sqrt' | 'ceil' | 'floor' | 'trunc' | 'nearest'
  // conversions: named <to>.<how>_<from> like wasm
  | 'i32.wrap_i64' | 'i64.extend_i32_s' | 'i64.extend_i32_u'
  | 'i32.extend8_s' | 'i32.extend16_s' | 'i64.extend8_s' | 'i64.extend16_s' | 'i64.extend32_s'
  | 'f64.convert_i64_s' | 'f64.convert_i64_u' | 'f64.convert_i32_s' | 'f64.convert_i32_u'
  | 'f32.convert_i64_s' | 'f32.convert_i64_u' | 'f32.convert_i32_s' | 'f32.convert_i32_u'
  | 'i64.trunc_sat_f64_s' | 'i64.trunc_sat_f64_u' | 'i32.trunc_sat_f64_s' | 'i32.trunc_sat_f64_u'
  | 'i64.trunc_sat_f32_s' | 'i64.trunc_sat_f32_u' | 'i32.trunc_sat_f32_s' | 'i32.trunc_sat_f32_u'
  | 'f64.promote_f32' | 'f32.demote_f64'
  | 'i64.reinterpret_f64' | 'f64.reinterpret_i64' | 'i32.reinterpret_f32' | 'f32.reinterpret_i32'
  | 'ref.to_i32' | 'i32.to_ref';   // no-ops at the wasm level: a ref viewed as its address and back

export type BinaryKind =
  | 'add' | 'sub' | 'mul' | 'div_s' | 'div_u' | 'rem_s' | 'rem_u'
  | 'and' | 'or' | 'xor' | 'shl' | 'shr_s' | 'shr_u' | 'rotl' | 'rotr'
  | 'eq' | 'ne' | 'lt_s' | 'lt_u' | 'le_s' | 'le_u' | 'gt_s' | 'gt_u' | 'ge_s' | 'ge_u'
  // floats
  | 'div' | 'min' | 'max' | 'copysign' | 'lt' | 'le' | 'gt' | 'ge';

export type AtomicKind =
  | 'load' | 'store' | 'add' | 'sub' | 'and' | 'or' | 'xor' | 'xchg' | 'cmpxchg'
  | 'wait' | 'notify' | 'fence';

const COMPARISONS = new Set<BinaryKind>(['eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u', 'lt', 'le', 'gt', 'ge']);

export function isComparison(kind: BinaryKind): boolean { return COMPARISONS.has(kind); }

/** The result type of a unary op applied to an operand of type `t`. */
export function unaryResult(kind: UnaryKind, t: ValType): ValType {
  if (kind === 'eqz') return 'i32';
  if (kind === 'ref.to_i32') return 'i32';
  if (kind === 'i32.to_ref') return 'ref';
  const dot = kind.indexOf('.');
  if (dot > 0) return kind.slice(0, dot) as ValType;
  return t;
}

/** The type an expression leaves on the stack ('void' for statements and never-returning nodes). */
export function irTypeOf(e: IrExpr): ResultType {
  switch (e.op) {
    case 'const': case 'local.get': case 'local.tee': case 'static.get': case 'load':
    case 'call': case 'callIndirect': case 'callImport': case 'block': case 'loop':
    case 'if': case 'select': case 'atomic':
      return e.type;
    case 'unary': return unaryResult(e.kind, e.type);
    case 'binary': return isComparison(e.kind) ? 'i32' : e.type;
    case 'dataAddr': case 'memory.size': case 'memory.grow': case 'funcIndex': return 'i32';
    case 'ref.data': case 'alloc': return 'ref';
    case 'local.set': case 'static.set': case 'store': case 'br': case 'switch': case 'return':
    case 'unreachable': case 'drop': case 'nop': case 'memory.fill': case 'memory.copy': case 'panic':
      return 'void';
    default: {
      const never: never = e;
      throw new Error(`irTypeOf: unknown op ${(never as IrExpr).op}`);
    }
  }
}

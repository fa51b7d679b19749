// The code of each std::intrinsics function (declared in std/intrinsics.gos).

import { Span } from '../source/index.js';
import { AtomicKind, IrExpr, MemType, ValType, irTypeOf } from '../ir/ir.js';
import { FnRef } from '../check/typed.js';
import { Ty } from '../check/types.js';
import { I, memValType, zero } from './builder.js';
import { ARRAY_DATA, HEADER, MAX_ALLOC, STRING_DATA, memSize, memType, valType } from './layout.js';
import type { FnLowerer } from './func.js';
import { runDefersFn } from './defer.js';
import { allocArray, capacityOverflow } from './vec.js';

const LOADS: Record<string, MemType> = {
  load_u8: 'u8', load_i8: 'i8', load_u16: 'u16', load_i16: 'i16', load_u32: 'i32', load_i32: 'i32',
  load_u64: 'i64', load_i64: 'i64', load_f32: 'f32', load_f64: 'f64',
};

const RESERVED: Record<string, string> = {
  heap_base: '__heap_base', type_table: '__type_table', roots_table: '__roots_table', gc_flags: '__gc_flags',
  shadow_base: '__shadow_base', shadow_limit: '__shadow_limit', shadow_sp: '__shadow_sp', type_count: '__type_count',
  shadow_span: '__shadow_span', current_g: '__current_g', proc_id: '__current_p', asy_depth: '__asy_depth',
};

/** Intrinsics that set a per-thread global or drive Asyncify: one argument or none, no result. */
const CONTROLS: Record<string, string> = {
  set_shadow_sp: '__set_shadow_sp', set_shadow_limit: '__set_shadow_limit', set_shadow_span: '__set_shadow_span',
  set_current_g: '__set_current_g', set_proc_id: '__set_current_p', set_asy_depth: '__set_asy_depth',
  asyncify_start_unwind: '__asyncify_start_unwind', asyncify_stop_unwind: '__asyncify_stop_unwind',
  asyncify_start_rewind: '__asyncify_start_rewind', asyncify_stop_rewind: '__asyncify_stop_rewind',
};

export function lowerIntrinsic(fl: FnLowerer, ref: FnRef, args: IrExpr[], span: Span): IrExpr {
  const name = ref.def.intrinsic!;
  const a = args;
  const T = (i: number): Ty => ref.args[i];
  if (name in LOADS) { const m = LOADS[name]; return I.load(m, a[0], 0, memValType(m)); }
  if (name.startsWith('store_')) { const m = LOADS['load_' + name.slice(6)]; return I.store(m, a[0], 0, a[1]); }
  if (name.startsWith('atomic_')) return atomic(name, a);
  if (name in RESERVED) return { op: 'call', func: RESERVED[name], args: [], type: 'i32' };
  if (name in CONTROLS) return { op: 'call', func: CONTROLS[name], args: a, type: 'void' };
  const f64un = (k: 'sqrt' | 'abs' | 'floor' | 'ceil' | 'trunc' | 'nearest', t: ValType = 'f64') => I.un(k, t, a[0]);
  switch (name) {
    case 'memory_size': return { op: 'memory.size' };
    case 'memory_grow': return { op: 'memory.grow', pages: a[0] };
    case 'memory_fill': return { op: 'memory.fill', dest: a[0], value: a[1], size: a[2] };
    case 'memory_copy': return { op: 'memory.copy', dest: a[0], src: a[1], size: a[2] };
    case 'addr_of': return valType(T(0)) === 'ref' ? I.toI32(a[0]) : a[0];
    case 'from_addr': return valType(T(0)) === 'ref' ? I.toRef(a[0]) : a[0];
    case 'type_id_of': return I.i32(typeIdOf(fl, T(0)));
    case 'elem_size': return I.i32(memSize(memType(T(0))));
    case 'is_ref': return I.i32(valType(T(0)) === 'ref' ? 1 : 0);
    case 'zeroed': { const vt = valType(T(0)); return vt ? zero(vt) : I.nop(); }
    case 'unreachable': return I.unreachable();
    case 'run_defers': return { op: 'call', func: runDefersFn(fl.m), args: [I.nullRef()], type: 'void' };
    case 'f64_sqrt': return f64un('sqrt');
    case 'f64_abs': return f64un('abs');
    case 'f64_floor': return f64un('floor');
    case 'f64_ceil': return f64un('ceil');
    case 'f64_trunc': return f64un('trunc');
    case 'f64_nearest': return f64un('nearest');
    case 'f32_sqrt': return f64un('sqrt', 'f32');
    case 'f32_abs': return f64un('abs', 'f32');
    case 'f64_min': return I.bin('min', 'f64', a[0], a[1]);
    case 'f64_max': return I.bin('max', 'f64', a[0], a[1]);
    case 'f64_copysign': return I.bin('copysign', 'f64', a[0], a[1]);
    case 'f64_to_bits': return I.un('i64.reinterpret_f64', 'f64', a[0]);
    case 'f64_from_bits': return I.un('f64.reinterpret_i64', 'i64', a[0]);
    case 'f32_to_bits': return I.un('i32.reinterpret_f32', 'f32', a[0]);
    case 'f32_from_bits': return I.un('f32.reinterpret_i32', 'i32', a[0]);
    case 'i64_clz': return I.un('clz', 'i64', a[0]);
    case 'i64_ctz': return I.un('ctz', 'i64', a[0]);
    case 'i64_popcnt': return I.un('popcnt', 'i64', a[0]);
    case 'str_alloc': {
      // n comes from std's size arithmetic on user data: negative or past MAX_ALLOC is
      // "capacity overflow", checked in i64 before it is narrowed (docs/runtime.md "Sizes").
      const k = fl.tmp('i64');
      const n = fl.tmp('i32');
      const s = fl.tmp('ref');
      return I.block([
        I.set(k, a[0]),
        I.if(I.bin('gt_u', 'i64', I.get(k, 'i64'), I.i64(MAX_ALLOC - STRING_DATA)), capacityOverflow(fl.m, span)),
        I.set(n, I.un('i32.wrap_i64', 'i64', I.get(k, 'i64'))),
        I.set(s, { op: 'alloc', typeId: fl.m.layouts.stringTypeId, size: I.bin('add', 'i32', I.get(n, 'i32'), I.i32(STRING_DATA)), span }),
        I.store('i32', I.get(s, 'ref'), HEADER, I.get(n, 'i32')),
        I.get(s, 'ref'),
      ], 'ref');
    }
    case 'str_len': return I.un('i64.extend_i32_u', 'i32', I.load('i32', a[0], HEADER, 'i32'));
    case 'str_byte': return I.load('u8', I.bin('add', 'i32', I.toI32(a[0]), I.un('i32.wrap_i64', 'i64', a[1])), STRING_DATA, 'i32');
    case 'str_set_byte': return I.store('u8', I.bin('add', 'i32', I.toI32(a[0]), I.un('i32.wrap_i64', 'i64', a[1])), STRING_DATA, a[2]);
    case 'str_addr': return I.bin('add', 'i32', I.toI32(a[0]), I.i32(STRING_DATA));
    // RawBuf<T>
    case 'RawBuf::new': return allocArray(fl.m, T(0), a[0], span, fl);
    case 'RawBuf::len': return I.un('i64.extend_i32_u', 'i32', I.load('i32', a[0], HEADER, 'i32'));
    case 'RawBuf::addr': return I.bin('add', 'i32', I.toI32(a[0]), I.i32(ARRAY_DATA));
    case 'RawBuf::get': {
      const m = memType(T(0));
      if (!m) return I.block([I.drop(a[0]), I.drop(a[1])]);
      if (fl.m.options.checkRawBuf) return checkedAccess(fl, a[0], a[1], b => I.load(m, elemAddr(b.buf, b.i, memSize(m)), ARRAY_DATA, memValType(m)), memValType(m));
      return I.load(m, elemAddr(a[0], a[1], memSize(m)), ARRAY_DATA, memValType(m));
    }
    case 'RawBuf::set': {
      const m = memType(T(0));
      if (!m) return I.block([I.drop(a[0]), I.drop(a[1]), ...(a[2] && irTypeOf(a[2]) !== 'void' ? [I.drop(a[2])] : [])]);
      if (fl.m.options.checkRawBuf) return checkedAccess(fl, a[0], a[1], b => I.store(m, elemAddr(b.buf, b.i, memSize(m)), ARRAY_DATA, a[2]), 'void');
      return I.store(m, elemAddr(a[0], a[1], memSize(m)), ARRAY_DATA, a[2]);
    }
  }
  return fl.m.unsupported(span, `unknown intrinsic \`${name}\``);
}

/** Address of element i: buf + i * size (the ARRAY_DATA offset goes in the access). */
export function elemAddr(buf: IrExpr, i: IrExpr, size: number): IrExpr {
  const idx = irTypeOf(i) === 'i64' ? I.un('i32.wrap_i64', 'i64', i) : i;
  const scaled = size === 1 ? idx : I.bin('shl', 'i32', idx, I.i32(Math.log2(size)));
  return I.bin('add', 'i32', irTypeOf(buf) === 'i32' ? buf : I.toI32(buf), scaled);
}

function typeIdOf(fl: FnLowerer, t: Ty): number {
  if (t.k === 'string') return fl.m.layouts.stringTypeId;
  if (t.k === 'adt' && !t.def.cLike) return fl.m.layouts.variant(t.def, t.args, t.def.variants[0]).typeId;
  if (t.k === 'tuple') return fl.m.layouts.tuple(t.elems).typeId;
  return 0;
}

function atomic(name: string, a: IrExpr[]): IrExpr {
  const m = /^atomic_(load|store|add|sub|xchg|cas|wait32|notify|fence)(?:_u(32|64))?$/.exec(name);
  if (!m) return I.unreachable();
  const op = m[1];
  const mem: 'i32' | 'i64' = m[2] === '64' ? 'i64' : 'i32';
  const kind: AtomicKind = op === 'cas' ? 'cmpxchg' : op === 'wait32' ? 'wait' : op as AtomicKind;
  if (kind === 'fence') return { op: 'atomic', kind, mem: 'i32', addr: I.i32(0), offset: 0, args: [], type: 'void' };
  const type = kind === 'store' ? 'void' : kind === 'wait' || kind === 'notify' ? 'i32' : mem;
  return { op: 'atomic', kind, mem, addr: a[0], offset: 0, args: a.slice(1), type };
}

function checkedAccess(fl: FnLowerer, buf: IrExpr, i: IrExpr, f: (x: { buf: IrExpr; i: IrExpr }) => IrExpr, t: ValType | 'void'): IrExpr {
  const b = fl.tmp('ref'), k = fl.tmp('i64');
  return I.block([
    I.set(b, buf), I.set(k, i),
    I.if(I.bin('ge_u', 'i64', I.get(k, 'i64'), I.un('i64.extend_i32_u', 'i32', I.load('i32', I.get(b, 'ref'), HEADER, 'i32'))), I.unreachable()),
    f({ buf: I.get(b, 'ref'), i: I.get(k, 'i64') }),
  ], t);
}

// Value representation and object layout of every Gossamer type, and the GC type
// descriptors for them. See docs/runtime.md "Objects" for the pictures.
//
//   struct     [hdr 8][fields, naturally aligned]
//   enum       [hdr 8][tag u32 @8][variant fields from 12, aligned]  one type id per variant
//   tuple      [hdr 8][elems]                                        immutable
//   closure    [hdr 8][fn index u32 @8][captured box refs from 12]
//   box        [hdr 8][value @8]                                     a captured variable
//   dyn box    [hdr 8][vtable addr u32 @8][value @16]
//   array/RawBuf [hdr 8][len u32 @8][pad][elements from 16]
//   String     [hdr 8][len u32 @8][bytes from 12]

import { IrExpr, MemType, TypeDescriptor, ValType } from '../ir/ir.js';
import { AdtDef, Ty, VariantInfo, makeSubst, substTy, tyKey, tyToString } from '../check/types.js';

export const HEADER = 8;
export const ARRAY_DATA = 16;
export const STRING_DATA = 12;
/**
 * The largest object `runtime::alloc` accepts (bytes, header included): 4 GiB less 64 KiB.
 * Array and String allocations whose size would exceed it panic with "capacity overflow"
 * before any u32 arithmetic can wrap. Keep in sync with runtime/alloc.gos MAX_ALLOC.
 */
export const MAX_ALLOC = 4294901760;

/** The wasm-level representation of a value of type `t`; null = no value (unit, never). */
export function valType(t: Ty): ValType | null {
  switch (t.k) {
    case 'prim':
      switch (t.name) {
        case 'unit': case 'never': return null;
        case 'i64': case 'u64': return 'i64';
        case 'f64': return 'f64';
        case 'f32': return 'f32';
        default: return 'i32';
      }
    case 'adt': return t.def.cLike ? 'i32' : 'ref';
    case 'error': case 'var': case 'param': return 'i32';
    default: return 'ref';
  }
}

/** How a value of type `t` is stored in memory. */
export function memType(t: Ty): MemType | null {
  if (t.k === 'prim') {
    switch (t.name) {
      case 'unit': case 'never': return null;
      case 'i8': return 'i8';
      case 'u8': case 'bool': return 'u8';
      case 'i16': return 'i16';
      case 'u16': return 'u16';
      case 'i32': case 'u32': case 'char': return 'i32';
      case 'i64': case 'u64': return 'i64';
      case 'f32': return 'f32';
      case 'f64': return 'f64';
    }
  }
  const v = valType(t);
  return v === null ? null : v === 'ref' ? 'ref' : v;
}

export function memSize(m: MemType | null): number {
  switch (m) {
    case null: return 0;
    case 'i8': case 'u8': return 1;
    case 'i16': case 'u16': return 2;
    case 'i32': case 'f32': case 'ref': return 4;
    case 'i64': case 'f64': return 8;
  }
}

export interface FieldLayout {
  name: string; ty: Ty; offset: number; mem: MemType | null;
  /** The niche-optimized `Some(x)`: the field is the value itself, not a load. */
  isSelf?: boolean;
}

export interface ObjectLayout {
  typeId: number;
  size: number;
  fields: FieldLayout[];
}

export class Layouts {
  readonly types: TypeDescriptor[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly objects = new Map<string, ObjectLayout>();
  readonly stringTypeId: number;

  constructor() {
    this.stringTypeId = this.descriptor('String', { kind: 'bytes', name: 'String' });
  }

  descriptor(key: string, d: TypeDescriptor): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.types.length;
      this.types.push(d);
      this.byKey.set(key, id);
    }
    return id;
  }

  /** Lay out fields after `start`, each naturally aligned; returns the layout. */
  private place(key: string, name: string, start: number, fields: { name: string; ty: Ty }[], extraRefs: number[] = []): ObjectLayout {
    const cached = this.objects.get(key);
    if (cached) return cached;
    let off = start;
    const out: FieldLayout[] = [];
    const refs = [...extraRefs];
    for (const f of fields) {
      const mem = memType(f.ty);
      const size = memSize(mem);
      if (size) off = (off + size - 1) & ~(size - 1);
      out.push({ name: f.name, ty: f.ty, offset: off, mem });
      if (mem === 'ref') refs.push(off);
      off += size;
    }
    const size = Math.max(HEADER, (off + 7) & ~7);
    const typeId = this.descriptor(key, { kind: 'fixed', name, size, refOffsets: refs });
    const layout = { typeId, size, fields: out };
    this.objects.set(key, layout);
    return layout;
  }

  /** A struct, or one variant of an enum (tag at 8, fields after). */
  variant(adt: AdtDef, args: Ty[], v: VariantInfo): ObjectLayout {
    if (isNicheOption(adt, args)) {
      return { typeId: -1, size: 0, fields: v.fields.length ? [{ name: '0', ty: args[0], offset: 0, mem: 'ref', isSelf: true }] : [] };
    }
    const s = makeSubst(adt.generics, args);
    const fields = v.fields.map(f => ({ name: f.name, ty: substTy(f.ty, s) }));
    const self = tyToString({ k: 'adt', def: adt, args });
    if (adt.adt === 'struct') return this.place(`struct ${tyKey({ k: 'adt', def: adt, args })}`, self, HEADER, fields);
    return this.place(`variant ${tyKey({ k: 'adt', def: adt, args })}::${v.name}`, `${self}::${v.name}`, HEADER + 4, fields);
  }

  tuple(elems: Ty[]): ObjectLayout {
    return this.place(`tuple ${tyKey({ k: 'tuple', elems })}`, tyToString({ k: 'tuple', elems }), HEADER, elems.map((t, i) => ({ name: String(i), ty: t })));
  }

  /** A closure object: fn index at 8, then one box ref per capture. */
  closure(captures: number): ObjectLayout {
    const fields = Array.from({ length: captures }, (_, i) => ({ name: `c${i}`, ty: { k: 'string' } as Ty }));
    return this.place(`closure ${captures}`, `closure(${captures})`, HEADER + 4, fields);
  }

  /** A box holding one captured variable. */
  box(t: Ty): ObjectLayout {
    return this.place(`box ${memType(t) ?? 'unit'}`, `box<${memType(t) ?? '()'}>`, HEADER, [{ name: 'v', ty: t }]);
  }

  /** A dyn box: vtable address at 8, the value at 16. */
  dynBox(t: Ty): ObjectLayout {
    const m = memType(t);
    return this.place(`dyn ${m ?? 'unit'}`, `dyn<${m ?? '()'}>`, 16, [{ name: 'v', ty: t }], []);
  }

  /** Array buffers are typed by element representation only. */
  arrayTypeId(elem: Ty): number {
    const m = memType(elem);
    const size = memSize(m);
    return this.descriptor(`array ${m ?? 'unit'}`, { kind: 'array', name: `[${m ?? '()'}]`, elemSize: size, elemIsRef: m === 'ref' });
  }

  /** Defer record: closure ref at 8, next record at 12. */
  deferRecord(): ObjectLayout {
    const r: Ty = { k: 'string' };
    return this.place('defer record', 'defer', HEADER, [{ name: 'fn', ty: r }, { name: 'next', ty: r }]);
  }
}

/**
 * Rust's null-pointer niche: `Option<T>` where T is a reference that is never null is
 * represented as the reference itself (`Some(x)` is x, `None` is 0): no allocation, no
 * indirection. Options of numbers, of C-like enums and of niche Options keep the boxed
 * layout.
 */
export function isNicheOption(adt: AdtDef, args: Ty[]): boolean {
  return adt.lang === 'option' && args.length === 1 && neverNull(args[0]);
}

function neverNull(t: Ty): boolean {
  switch (t.k) {
    case 'string': case 'tuple': case 'array': case 'fn': case 'dyn': case 'buf': return true;
    case 'adt': return !t.def.cLike && !isNicheOption(t.def, t.args);
    default: return false;
  }
}

/** Read a field of an object at `place` (a niche field is `place` itself). */
export function fieldLoad(f: { offset: number; mem: MemType | null; isSelf?: boolean }, place: IrExpr): IrExpr {
  if (f.isSelf) return place;
  if (!f.mem) return { op: 'nop' };
  const vt: ValType = f.mem === 'i64' ? 'i64' : f.mem === 'f64' ? 'f64' : f.mem === 'f32' ? 'f32' : f.mem === 'ref' ? 'ref' : 'i32';
  return { op: 'load', mem: f.mem, addr: place, offset: f.offset, type: vt };
}

/** The variant index of the enum value at `place`. */
export function tagOf(adt: AdtDef, args: Ty[], place: IrExpr): IrExpr {
  if (isNicheOption(adt, args)) {
    // None is variant 0, Some variant 1 (std/prelude.gos declares them in that order).
    return { op: 'binary', kind: 'ne', type: 'i32', left: { op: 'unary', kind: 'ref.to_i32', type: 'ref', operand: place }, right: { op: 'const', type: 'i32', value: 0 } };
  }
  return { op: 'load', mem: 'i32', addr: place, offset: HEADER, type: 'i32' };
}

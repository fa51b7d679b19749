// The static memory layout: where every data segment, static String, type descriptor,
// static variable, the roots table and the main shadow stack live, and the bytes that
// initialise them. Pure arithmetic over the IR module, no Binaryen. The picture is in
// docs/runtime.md "Linear memory"; keep the two in sync.
//
//  0      1024    1040                                                   heap_base
//  +------+-------+-----------+---------+--------+------+-------+--------+--------->
//  | null | init  | data      | static  | type   | ref  |statics| roots  | shadow stack
//  | guard| flag, | segments  | Strings | table  | lists|       | table  | (grows down
//  |      | gc    | (relocs   | (names, | 16 B   |      |       |        |  from the top)
//  |      | flags,|  resolved)| panics) | each   |      |       |        |
//  |      | boot G|           |         |        |      |       |        |
//  +------+-------+-----------+---------+--------+------+-------+--------+--------->
//
// Everything below the shadow stack is initialised once per process from passive data
// segments by the module's start function (see index.ts `emitMemoryInit`): the memory is
// shared by every worker, so active segments would re-initialise it on each instantiation.

import { IrModule, TypeDescriptor, ValType } from '../ir/ir.js';
import { CodegenError } from './module.js';
import { V8_MAX_DATA_SEGMENTS } from './limits.js';

export const NULL_GUARD = 1024;
export const PAGE = 65536;
export const STATIC_GC_WORD = 0xFFFFFFFF;
/** Heap given to the program up front; the runtime grows memory beyond it. */
const INITIAL_HEAP = 1 << 20;
/** Shadow-stack room kept below the limit so the stack-overflow panic can still run. */
const SHADOW_RESERVE = 64 * 1024;
/**
 * The boot goroutine record: what the `__g` global points at before the scheduler exists
 * (static initialisers may `defer`: the defer list lives in the current G). The runtime
 * defines the G layout (runtime/sched.gos); this is room for it, zeroed.
 */
export const BOOT_G_SIZE = 128;
/** Zero runs at least this long split the initial image into separate segments. */
const SEGMENT_GAP = 32;

export interface LayoutOptions {
  maxPages: number;
  shadowStackSize: number;
}

export interface StaticSlot { addr: number; type: ValType }

export interface MemoryLayout {
  /** u32 memory-initialisation state: 0 untouched, 1 in progress, 2 done. */
  initFlag: number;
  /**
   * The collector's words that compiled code reads (runtime/stw.gos): the poll word at
   * +0 (safepoint.ts) and the write-barrier flag at +4. Zero in the image.
   */
  gcFlags: number;
  /** The boot goroutine record (BOOT_G_SIZE bytes, zeroed). */
  bootG: number;
  segments: Map<string, number>;
  /** Static String objects made by codegen (type names, panic locations), by content. */
  strings: Map<string, number>;
  /** The type table as emitted: the module's types, plus a String type if it had none. */
  types: TypeDescriptor[];
  stringTypeId: number;
  typeTable: number;
  statics: Map<string, StaticSlot>;
  rootsTable: number;
  /** The main shadow stack occupies [shadowEnd, shadowBase); frames grow down from shadowBase. */
  shadowEnd: number;
  shadowLimit: number;
  shadowBase: number;
  heapBase: number;
  initialPages: number;
  maximumPages: number;
  /** Non-zero runs of the initial image, by address. */
  image: { addr: number; bytes: Uint8Array }[];
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

export function staticSize(t: ValType): number {
  return t === 'i64' || t === 'f64' ? 8 : 4;
}

/**
 * Lays out `m`'s static memory. `objectSegments` are data segments referenced with
 * `ref.data` (objects: 8-aligned); `extraStrings` become static String objects.
 */
export function layoutMemory(m: IrModule, objectSegments: ReadonlySet<string>, extraStrings: Iterable<string>,
  opts: LayoutOptions): MemoryLayout {
  const enc = new TextEncoder();
  const types = m.types.slice();
  let stringTypeId = types.findIndex(t => t.kind === 'bytes');
  if (stringTypeId < 0) {
    stringTypeId = types.length;
    types.push({ kind: 'bytes', name: 'String' });
  }

  let p = NULL_GUARD;
  const initFlag = p;
  p += 4;
  const gcFlags = p;
  p += 8;
  p = alignUp(p, 16);
  const bootG = p;
  p += BOOT_G_SIZE;

  const segments = new Map<string, number>();
  for (const seg of m.data) {
    if (segments.has(seg.id)) throw new CodegenError(`duplicate data segment id '${seg.id}'`);
    const align = Math.max(seg.align || 1, objectSegments.has(seg.id) ? 8 : 1);
    p = alignUp(p, align);
    segments.set(seg.id, p);
    p += seg.bytes.length;
  }

  const strings = new Map<string, number>();
  const stringBytes: [number, Uint8Array][] = [];
  const intern = (s: string): void => {
    if (strings.has(s)) return;
    const bytes = enc.encode(s);
    p = alignUp(p, 8);
    strings.set(s, p);
    stringBytes.push([p, bytes]);
    p += 12 + bytes.length;
  };
  for (const t of types) intern(t.name);
  for (const s of extraStrings) intern(s);

  p = alignUp(p, 8);
  const typeTable = p;
  p += 16 * types.length;

  const refLists = new Map<string, number>();
  const refListOf: number[] = [];
  for (const t of types) {
    if (t.kind !== 'fixed') { refListOf.push(0); continue; }
    const key = t.refOffsets.join(',');
    let at = refLists.get(key);
    if (at === undefined) {
      p = alignUp(p, 4);
      at = p;
      refLists.set(key, at);
      p += 4 + 4 * t.refOffsets.length;
    }
    refListOf.push(at);
  }

  p = alignUp(p, 8);
  const statics = new Map<string, StaticSlot>();
  for (const s of m.statics) {
    if (statics.has(s.id)) throw new CodegenError(`duplicate static '${s.id}'`);
    const size = staticSize(s.type);
    p = alignUp(p, size);
    statics.set(s.id, { addr: p, type: s.type });
    p += size;
  }

  p = alignUp(p, 4);
  const rootsTable = p;
  const refStatics = m.statics.filter(s => s.type === 'ref');
  p += 4 + 4 * refStatics.length;
  const imageEnd = p;

  const shadowEnd = alignUp(p, 16);
  const shadowSize = alignUp(opts.shadowStackSize, 16);
  const shadowBase = shadowEnd + shadowSize;
  const shadowLimit = shadowEnd + Math.min(SHADOW_RESERVE, shadowSize >> 2);
  const heapBase = alignUp(shadowBase, 8192);
  const initialPages = Math.ceil((heapBase + INITIAL_HEAP) / PAGE);
  if (initialPages > opts.maxPages) {
    throw new CodegenError(`static data and stacks need ${initialPages} pages, more than the maximum ${opts.maxPages}`);
  }

  // ---- the initial image of [NULL_GUARD, imageEnd)
  const img = new Uint8Array(imageEnd - NULL_GUARD);
  const view = new DataView(img.buffer);
  const u32 = (addr: number, v: number): void => view.setUint32(addr - NULL_GUARD, v >>> 0, true);
  for (const seg of m.data) {
    const at = segments.get(seg.id)!;
    img.set(seg.bytes, at - NULL_GUARD);
    for (const r of seg.relocs ?? []) {
      const target = segments.get(r.target);
      if (target === undefined) throw new CodegenError(`data segment '${seg.id}' relocates to unknown segment '${r.target}'`);
      if (r.offset < 0 || r.offset + 4 > seg.bytes.length) {
        throw new CodegenError(`data segment '${seg.id}' has a relocation outside its bytes (offset ${r.offset})`);
      }
      u32(at + r.offset, target);
    }
  }
  for (const [at, bytes] of stringBytes) {
    u32(at, stringTypeId);
    u32(at + 4, STATIC_GC_WORD);
    u32(at + 8, bytes.length);
    img.set(bytes, at + 12 - NULL_GUARD);
  }
  types.forEach((t, i) => {
    const e = typeTable + 16 * i;
    switch (t.kind) {
      case 'fixed': u32(e, 0); u32(e + 4, t.size); u32(e + 8, refListOf[i]); break;
      case 'array': u32(e, 1); u32(e + 4, t.elemSize); u32(e + 8, t.elemIsRef ? 1 : 0); break;
      case 'bytes': u32(e, 2); u32(e + 4, 1); u32(e + 8, 0); break;
      default: {
        const never: never = t;
        throw new CodegenError(`unknown type descriptor kind ${(never as TypeDescriptor).kind}`);
      }
    }
    u32(e + 12, strings.get(t.name)!);
  });
  for (const [key, at] of refLists) {
    const offsets = key === '' ? [] : key.split(',').map(Number);
    u32(at, offsets.length);
    offsets.forEach((o, j) => u32(at + 4 + 4 * j, o));
  }
  for (const s of m.statics) {
    if (s.init === undefined) continue;
    const { addr } = statics.get(s.id)!;
    const o = addr - NULL_GUARD;
    switch (s.type) {
      case 'i32': case 'ref': view.setInt32(o, Number(BigInt.asIntN(32, BigInt(s.init))), true); break;
      case 'i64': view.setBigInt64(o, BigInt.asIntN(64, BigInt(s.init)), true); break;
      case 'f32': view.setFloat32(o, Number(s.init), true); break;
      case 'f64': view.setFloat64(o, Number(s.init), true); break;
      default: {
        const never: never = s.type;
        throw new CodegenError(`bad static type ${String(never)}`);
      }
    }
  }
  u32(rootsTable, refStatics.length);
  refStatics.forEach((s, j) => u32(rootsTable + 4 + 4 * j, statics.get(s.id)!.addr));

  return {
    initFlag, gcFlags, bootG, segments, strings, types, stringTypeId, typeTable, statics, rootsTable,
    shadowEnd, shadowLimit, shadowBase, heapBase, initialPages, maximumPages: opts.maxPages,
    image: splitImage(img, NULL_GUARD),
  };
}

/**
 * The non-zero runs of `img`, split at zero runs of SEGMENT_GAP bytes or more; at wider
 * gaps if that would make more segments than V8 accepts (limits.ts), which only costs
 * zeros stored in the module.
 */
export function splitImage(img: Uint8Array, base: number, maxSegments = V8_MAX_DATA_SEGMENTS): { addr: number; bytes: Uint8Array }[] {
  for (let gap = SEGMENT_GAP; ; gap *= 2) {
    const out = splitAt(img, base, gap);
    if (out.length <= maxSegments) return out;
  }
}

function splitAt(img: Uint8Array, base: number, gap: number): { addr: number; bytes: Uint8Array }[] {
  const out: { addr: number; bytes: Uint8Array }[] = [];
  let i = 0;
  while (i < img.length) {
    while (i < img.length && img[i] === 0) i++;
    if (i >= img.length) break;
    const start = i;
    let end = i;   // exclusive end of the last non-zero byte seen
    while (i < img.length) {
      if (img[i] !== 0) { end = ++i; continue; }
      let z = i;
      while (z < img.length && img[z] === 0) z++;
      if (z - i >= gap || z >= img.length) { i = z; break; }
      i = z;
    }
    out.push({ addr: base + start, bytes: img.slice(start, end) });
  }
  return out;
}

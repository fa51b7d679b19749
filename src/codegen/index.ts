// Codegen: IrModule -> WebAssembly binary + source map, through Binaryen.
//
//   prescan   panic locations, object segments, funcIndex targets      (prescan.ts)
//   layout    addresses of data, type table, statics, stacks, heap     (layout.ts)
//   module    imported shared memory, globals, imports, table, start   (here)
//   functions one wasm function per IrFunction + shadow-stack frames   (function.ts)
//   optimize  dev: none; release: -O3, closed world
//   emit      binary with a name section, source map of .gos locations
//
// Dev builds run no Binaryen pass: on 2,000 functions (397 KB) emitting takes ~0.3 s and
// writing the binary ~0.3 s (much of both is V8 warming up Binaryen's own wasm), while the
// cheap passes (simplify-locals, vacuum, remove-unused-brs, ...) cost 0.1-0.25 s each and
// TurboFan does that work anyway when the program runs. Release -O3 on the same module
// takes 4.5-7 s on this 2-core machine, about a third of it in inlining-optimizing.
//
// The module's contract with the host (imports, exports, the "gossamer" custom section)
// is in docs/runtime.md "Module interface"; the host side is src/host/launcher.ts.

import { IrFunction, IrModule } from '../ir/ir.js';
import { Span } from '../source/index.js';
import { CodegenContext, PANIC_AT, ALLOC, RESERVED_CALLS, emitFunction, importName, collectingFunctions } from './function.js';
import { MemoryLayout, layoutMemory } from './layout.js';
import {
  CodegenError, FEATURES, MEMORY, Module, SP, SP_LIMIT, TABLE, binaryen, readBinary, wasmParams, wasmType,
} from './module.js';
import { prescan } from './prescan.js';

export { CodegenError } from './module.js';
export type { MemoryLayout } from './layout.js';

/** Anything that turns a span offset into 1-based line and column; `SourceMap` from src/source is one. */
export interface LineColumns {
  lineCol(file: number, offset: number): { line: number; col: number };
}

export interface GenerateOptions {
  release: boolean;
  /** Line/column lookup for panic locations and the source map. Without it locations are bare file names. */
  sources?: LineColumns;
  /** Run Binaryen's validator (tests, --debug builds); throws CodegenError when the module is invalid. */
  validate?: boolean;
  /** Declared maximum of the shared memory in 64 KiB pages (default 65536 = 4 GiB). */
  maxPages?: number;
  /** Size of the main thread's shadow stack in bytes (default 8 MiB: 2M ref slots, e.g. 100,000 frames of 20 refs). */
  shadowStackSize?: number;
  /** URL written into the binary's sourceMappingURL section (default "program.wasm.map"; the host ignores it). */
  sourceMapUrl?: string;
}

export interface GenerateResult {
  wasm: Uint8Array;
  /** Source map (v3 JSON) from wasm byte offsets to .gos line:col; the host reads it for traces. */
  sourceMap: string;
  /** The text format of the emitted binary (computed on demand, for --dump=wat). */
  wat(): string;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

/** Names of the module's exports and custom section that the host relies on. */
export const ENTRY_EXPORT = '_start';
export const FLUSH_EXPORT = '_flush';
export const RESET_EXPORT = '__reset_shadow';
export const INFO_SECTION = 'gossamer';
export const ABI_VERSION = 1;

/** The JSON in the "gossamer" custom section. */
export interface ProgramInfo {
  abi: number;
  memory: { initial: number; maximum: number };
  heapBase: number;
  shadowBase: number;
  shadowLimit: number;
  typeTable: number;
  rootsTable: number;
}

/** Functions codegen adds; the host leaves them out of traces (src/host/launcher.ts). */
const INIT_MEMORY = '__init_memory';
const RESET = '__reset_shadow';
const INTERNAL_FUNCTIONS = new Set([INIT_MEMORY, RESET]);
const FLUSH = 'runtime::flush';

export async function generate(m: IrModule, opts: GenerateOptions): Promise<GenerateResult> {
  try {
    return generateModule(m, opts);
  } catch (e) {
    throw e instanceof Error ? e : new CodegenError(`Binaryen failed: ${binaryenMessage(e)}`);
  }
}

/** Binaryen.js throws C++ exceptions as opaque objects; it can render them. */
function binaryenMessage(e: unknown): string {
  const render = (binaryen as unknown as { getExceptionMessage?: (e: unknown) => unknown }).getExceptionMessage;
  try {
    return String(render ? render(e) : e);
  } catch {
    return String(e);
  }
}

function generateModule(m: IrModule, opts: GenerateOptions): GenerateResult {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (phase: string): void => {
    const now = performance.now();
    timings[phase] = (timings[phase] ?? 0) + (now - t);
    t = now;
  };

  // ---- prescan + layout
  const functions = new Map<string, IrFunction>();
  for (const f of m.functions) {
    if (functions.has(f.name)) throw new CodegenError(`duplicate function '${f.name}'`);
    if (RESERVED_CALLS.has(f.name) || INTERNAL_FUNCTIONS.has(f.name)) {
      throw new CodegenError(`function name '${f.name}' is reserved for codegen`);
    }
    functions.set(f.name, f);
  }
  const scan = prescan(m);
  const locationText = (span: Span): string => {
    const path = m.files[span.file] ?? '<unknown>';
    if (!opts.sources) return path;
    const { line, col } = opts.sources.lineCol(span.file, span.start);
    return `${path}:${line}:${col}`;
  };
  const layout = layoutMemory(m, scan.objectSegments, scan.panicSpans.map(locationText), {
    maxPages: opts.maxPages ?? 65536,
    shadowStackSize: opts.shadowStackSize ?? 8 << 20,
  });
  lap('layout');

  // ---- module-level entities
  const mod = new binaryen.Module();
  try {
    mod.setFeatures(FEATURES);
    const segmentNames = layout.image.map((_, i) => `d${i}`);
    mod.setMemory(layout.initialPages, layout.maximumPages, null,
      layout.image.map((s, i) => ({ name: segmentNames[i], data: s.bytes, passive: true, offset: 0 })),
      true, false, MEMORY);
    mod.addMemoryImport(MEMORY, 'env', 'memory', true);
    mod.addGlobal(SP, binaryen.i32, true, mod.i32.const(layout.shadowBase));
    mod.addGlobal(SP_LIMIT, binaryen.i32, true, mod.i32.const(layout.shadowLimit));
    const imports = new Map(m.imports.map(i => [i.name, i]));
    for (const imp of m.imports) {
      mod.addFunctionImport(importName(imp.name), 'env', imp.name, wasmParams(imp.params), wasmType(imp.result));
    }
    const listed = new Set(m.table);
    const table = [...m.table, ...[...scan.indexedFunctions].filter(f => !listed.has(f))];
    const tableIndex = new Map<string, number>();
    table.forEach((name, i) => {
      if (!functions.has(name)) throw new CodegenError(`table entry '${name}' is not a function of the module`);
      if (!tableIndex.has(name)) tableIndex.set(name, i);
    });
    mod.addTable(TABLE, table.length, table.length);

    const debugFiles = opts.sources ? m.files.map(f => mod.addDebugInfoFileName(f)) : [];
    const locationAddr = (span: Span): number => layout.strings.get(locationText(span))!;
    const ctx: CodegenContext = {
      collecting: collectingFunctions(m.functions),
      mod, layout, functions, imports, tableIndex,
      locationString: locationAddr,
      debugLocation: span => {
        if (!opts.sources || debugFiles[span.file] === undefined) return null;
        const { line, col } = opts.sources.lineCol(span.file, span.start);
        return { file: debugFiles[span.file], line, col: col - 1 };   // source maps count columns from 0
      },
    };
    for (const [need, used] of [[ALLOC, scan.allocates], [PANIC_AT, scan.panicSpans.length > 0]] as const) {
      if (used && !functions.has(need)) throw new CodegenError(`the module needs '${need}' but does not define it`);
    }
    lap('setup');

    // ---- functions
    for (const f of m.functions) emitFunction(ctx, f);
    // After the functions: an element segment needs the types of its functions.
    if (table.length > 0) mod.addActiveElementSegment(TABLE, 'elems', table, mod.i32.const(0));
    emitMemoryInit(mod, layout, segmentNames);
    exportEntry(mod, m, functions);
    mod.addFunction(RESET, binaryen.none, binaryen.none, [], mod.block(null, [
      mod.global.set(SP, mod.i32.const(layout.shadowBase)),
      mod.global.set(SP_LIMIT, mod.i32.const(layout.shadowLimit)),
    ]));
    mod.addFunctionExport(RESET, RESET_EXPORT);
    const flush = functions.get(FLUSH);
    if (flush && flush.params.length === 0 && flush.exportAs !== FLUSH_EXPORT) mod.addFunctionExport(FLUSH, FLUSH_EXPORT);
    const info: ProgramInfo = {
      abi: ABI_VERSION,
      memory: { initial: layout.initialPages, maximum: layout.maximumPages },
      heapBase: layout.heapBase, shadowBase: layout.shadowBase, shadowLimit: layout.shadowLimit,
      typeTable: layout.typeTable, rootsTable: layout.rootsTable,
    };
    mod.addCustomSection(INFO_SECTION, new TextEncoder().encode(JSON.stringify(info)));
    lap('emit');

    if (opts.validate) {
      if (!mod.validate()) throw new CodegenError('Binaryen rejected the generated module (validation errors printed above)');
      lap('validate');
    }

    // ---- optimize + emit
    binaryen.setDebugInfo(true);   // keep the name section: traces show Gossamer names
    if (opts.release) {
      binaryen.setOptimizeLevel(3);
      binaryen.setShrinkLevel(0);
      binaryen.setClosedWorld(true);
      mod.optimize();
      lap('optimize');
    }
    const out = mod.emitBinary(opts.sourceMapUrl || 'program.wasm.map');   // no URL = no source map
    lap('binary');
    const wasm = out.binary;
    return {
      wasm,
      sourceMap: out.sourceMap ?? '{"version":3,"sources":[],"names":[],"mappings":""}',
      wat: () => watOf(wasm),
      timings,
    };
  } finally {
    mod.dispose();
  }
}

/**
 * The start function: the first instance to run it copies the passive data segments into
 * the shared memory; instances started concurrently wait until that is done. Every
 * instance drops its own copy of the segments afterwards.
 */
function emitMemoryInit(mod: Module, layout: MemoryLayout, names: string[]): void {
  const flag = (): binaryen.ExpressionRef => mod.i32.const(layout.initFlag);
  const copies = layout.image.map((s, i) =>
    mod.memory.init(names[i], mod.i32.const(s.addr), mod.i32.const(0), mod.i32.const(s.bytes.length)));
  const body = mod.block(null, [
    mod.if(
      mod.i32.eqz(mod.i32.atomic.rmw.cmpxchg(0, flag(), mod.i32.const(0), mod.i32.const(1))),
      mod.block(null, [
        ...copies,
        mod.i32.atomic.store(0, flag(), mod.i32.const(2)),
        mod.drop(mod.memory.atomic.notify(flag(), mod.i32.const(-1))),
      ]),
      mod.loop('wait', mod.if(
        mod.i32.eq(mod.i32.atomic.load(0, flag()), mod.i32.const(1)),
        mod.block(null, [mod.drop(mod.memory.atomic.wait32(flag(), mod.i32.const(1), mod.i64.const(-1n))), mod.br('wait')]),
      )),
    ),
    ...names.map(n => mod.data.drop(n)),
  ]);
  const f = mod.addFunction(INIT_MEMORY, binaryen.none, binaryen.none, [], body);
  mod.setStart(f);
}

/**
 * The IR entry is the whole program start (lowering's `_start`: runtime::init, static
 * initialisers, main, runtime::exit(0)); the host calls it as the export `_start`.
 */
function exportEntry(mod: Module, m: IrModule, functions: ReadonlyMap<string, IrFunction>): void {
  const entry = functions.get(m.entry);
  if (!entry) throw new CodegenError(`entry function '${m.entry}' is not defined`);
  if (entry.params.length > 0) throw new CodegenError(`entry function '${m.entry}' must take no parameters`);
  if (entry.exportAs !== ENTRY_EXPORT) mod.addFunctionExport(m.entry, ENTRY_EXPORT);
}

/** Text format of a binary, for --dump=wat. */
function watOf(wasm: Uint8Array): string {
  const mod = readBinary(wasm);
  try {
    return mod.emitText();
  } finally {
    mod.dispose();
  }
}

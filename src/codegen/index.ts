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
import { runtimeSymbol } from '../ir/abi.js';
import { Span } from '../source/index.js';
import {
  ASYNCIFY_CALLS, CodegenContext, PANIC_AT, ALLOC, RESERVED_CALLS, asyncifyImportName, emitFunction, importName, collectingFunctions,
} from './function.js';
import { MemoryLayout, layoutMemory } from './layout.js';
import {
  ASY_DEPTH, CUR_G, CUR_P, CodegenError, FEATURES, MEMORY, Module, SP, SP_LIMIT, SP_SPAN, TABLE, binaryen, fnName,
  readBinary, wasmParams, wasmType,
} from './module.js';
import { prescan } from './prescan.js';
import { flattenLargeFunctions, largestFunction } from './nesting.js';
import { checkFunctionShapes, checkFunctionSizes, tooLarge } from './limits.js';
import { SuspendAnalysis, analyzeSuspension } from './suspend.js';
import { NO_SAFEPOINTS, POLL_SAFE, POLL_STOP, loopPollFunctions, planSafepoints } from './safepoint.js';

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
  /** The functions Asyncify instrumented (empty when the module never suspends). */
  instrumented: ReadonlySet<string>;
}

/** Names of the module's exports and custom section that the host relies on. */
export const ENTRY_EXPORT = '_start';
export const FLUSH_EXPORT = '_flush';
export const RESET_EXPORT = '__reset_shadow';
/** The runtime's per-worker scheduler entry `(p: i32)`, exported under this name (runtime/sched.gos). */
export const WORKER_EXPORT = '_worker';
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
  /** Exported function that runs the scheduler loop of P `i` on another worker, if the program has one. */
  worker?: string;
  /**
   * False if the program can never start a goroutine: its other Ps only help the
   * collector mark, so the host starts them a little later, which a short program
   * never pays for.
   */
  spawns?: boolean;
}

/** The runtime function behind `go` (runtime/sched.gos); a program without it never has a second goroutine. */
const SPAWN = runtimeSymbol('spawn');

/** Functions codegen adds; the host leaves them out of traces (src/host/launcher.ts). */
const INIT_MEMORY = '__init_memory';
const RESET = '__reset_shadow';
const INTERNAL_FUNCTIONS = new Set([INIT_MEMORY, RESET]);
const FLUSH = runtimeSymbol('flush');

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
    mod.addGlobal(SP_SPAN, binaryen.i32, true, mod.i32.const(layout.shadowBase - layout.shadowLimit));
    mod.addGlobal(CUR_G, binaryen.i32, true, mod.i32.const(layout.bootG));
    mod.addGlobal(CUR_P, binaryen.i32, true, mod.i32.const(0));
    mod.addGlobal(ASY_DEPTH, binaryen.i32, true, mod.i32.const(0));
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
    const suspend: SuspendAnalysis = scan.usesAsyncify
      ? analyzeSuspension(m, table, { alloc: ALLOC, panic: PANIC_AT })
      : { leaves: new Set(), instrumented: new Set(), costs: new Map() };
    // A program in which nothing can suspend (no goroutine ever parks) skips the Asyncify
    // pass, which costs ~0.25 s even with nothing to instrument: its controls, which the
    // scheduler calls only on paths a suspension opens, compile to traps.
    const asyncify = scan.usesAsyncify && suspend.instrumented.size > 0;
    if (asyncify) {
      for (const [call, { base, param }] of ASYNCIFY_CALLS) {
        mod.addFunctionImport(asyncifyImportName(call), 'asyncify', base, param ? binaryen.i32 : binaryen.none, binaryen.none);
      }
    }
    lap('suspend');
    // Polls need the runtime's slow paths (hand-built IR in tests has none).
    const polls = functions.has(POLL_SAFE) && functions.has(POLL_STOP);
    const loopPolls = polls ? loopPollFunctions(m.functions) : new Set<string>();
    const collecting = collectingFunctions(m.functions, loopPolls);
    const ctx: CodegenContext = {
      collecting,
      safepoints: polls ? planSafepoints(m.functions, table, loopPolls, collecting) : NO_SAFEPOINTS,
      mod, layout, functions, imports, tableIndex, asyncifyCost: suspend.costs, asyncify,
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
    checkFunctionShapes(mod, m.functions);
    // After the functions: an element segment needs the types of its functions.
    if (table.length > 0) mod.addActiveElementSegment(TABLE, 'elems', table.map(fnName), mod.i32.const(0));
    emitMemoryInit(mod, layout, segmentNames);
    exportEntry(mod, m, functions);
    // After a trap the thread's stack state is garbage: back to the boot stack (and the
    // boot goroutine record) so `_flush` can run. Asyncify's own state is reset by the
    // host if it exports asyncify_stop_unwind (a trap can hit mid-unwind).
    mod.addFunction(RESET, binaryen.none, binaryen.none, [], mod.block(null, [
      mod.global.set(SP, mod.i32.const(layout.shadowBase)),
      mod.global.set(SP_LIMIT, mod.i32.const(layout.shadowLimit)),
      mod.global.set(SP_SPAN, mod.i32.const(layout.shadowBase - layout.shadowLimit)),
      mod.global.set(ASY_DEPTH, mod.i32.const(0)),
    ]));
    mod.addFunctionExport(RESET, RESET_EXPORT);
    const flush = functions.get(FLUSH);
    if (flush && flush.params.length === 0 && flush.exportAs !== FLUSH_EXPORT) mod.addFunctionExport(fnName(FLUSH), FLUSH_EXPORT);
    const worker = m.functions.find(f => f.exportAs === WORKER_EXPORT);
    const info: ProgramInfo = {
      abi: ABI_VERSION,
      memory: { initial: layout.initialPages, maximum: layout.maximumPages },
      heapBase: layout.heapBase, shadowBase: layout.shadowBase, shadowLimit: layout.shadowLimit,
      typeTable: layout.typeTable, rootsTable: layout.rootsTable,
      ...(worker ? { worker: WORKER_EXPORT, spawns: functions.has(SPAWN) } : {}),
    };
    mod.addCustomSection(INFO_SECTION, new TextEncoder().encode(JSON.stringify(info)));
    lap('emit');

    if (opts.validate) {
      if (!mod.validate()) throw new CodegenError('Binaryen rejected the generated module (validation errors printed above)');
      lap('validate');
    }
    if (asyncify) {
      runAsyncify(mod, suspend, opts.release);
      lap('asyncify');
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
    // Only Binaryen's optimiser nests deeper than the source (nesting.ts): in dev builds it
    // has run on the instrumented functions alone.
    const optimized = opts.release ? m.functions : m.functions.filter(f => suspend.instrumented.has(f.name));
    if (flattenLargeFunctions(mod, m.functions, optimized).length > 0) lap('flatten');
    const out = emitBinary(mod, m, opts.sourceMapUrl || 'program.wasm.map');   // no URL = no source map
    checkFunctionSizes(out.binary, mod, m.functions);
    lap('binary');
    const wasm = out.binary;
    return {
      wasm,
      sourceMap: out.sourceMap ?? '{"version":3,"sources":[],"names":[],"mappings":""}',
      wat: () => watOf(wasm),
      timings,
      instrumented: suspend.instrumented,
    };
  } finally {
    mod.dispose();
  }
}

/**
 * Binaryen's writer recurses per level of nesting (nesting.ts); if it still overflows the
 * stack, that is reported on the largest function rather than as an internal error.
 */
function emitBinary(mod: Module, m: IrModule, url: string): { binary: Uint8Array; sourceMap: string | null } {
  try {
    return mod.emitBinary(url);
  } catch (e) {
    const culprit = e instanceof RangeError ? largestFunction(m.functions) : undefined;
    if (culprit) throw tooLarge(culprit, 'its WebAssembly nests too deeply for Binaryen to write');
    throw e;
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
  if (entry.exportAs !== ENTRY_EXPORT) mod.addFunctionExport(fnName(m.entry), ENTRY_EXPORT);
}

/**
 * Binaryen's Asyncify over exactly the functions that can suspend (suspend.ts). It runs
 * before any optimisation, so the only-list names the functions as emitted and no
 * inlining has moved a suspension leaf yet; release builds optimise afterwards. No
 * import may unwind (the list names a module that does not exist: an empty value would
 * mean "every import"). Afterwards each instrumented function's cost bound is checked
 * against the locals Asyncify actually saves.
 */
function runAsyncify(mod: Module, s: SuspendAnalysis, release: boolean): void {
  const names = [...s.instrumented].map(fnName);
  for (const n of names) {
    if (!balanced(n)) throw new CodegenError(`function name '${n}' cannot be given to Asyncify (unbalanced brackets)`);
  }
  const level = binaryen.getOptimizeLevel();
  binaryen.setOptimizeLevel(release ? 3 : 1);   // the pass tidies its own output at level > 0
  // An empty only-list would mean "instrument everything" to Binaryen; generate() does
  // not run the pass then.
  binaryen.setPassArgument('asyncify-onlylist', names.join(','));
  binaryen.setPassArgument('asyncify-imports', 'gossamer.none');
  try {
    mod.runPasses(['asyncify']);
  } finally {
    binaryen.clearPassArguments();
    binaryen.setOptimizeLevel(level);
  }
  for (const [name, cost] of s.costs) {
    const f = mod.getFunction(fnName(name));
    const fi = binaryen.getFunctionInfo(f);
    let saved = 4;
    for (const t of [...binaryen.expandType(fi.params), ...fi.vars]) saved += t === binaryen.i64 || t === binaryen.f64 ? 8 : t === binaryen.v128 ? 16 : 4;
    if (saved > cost) throw new CodegenError(`Asyncify saves up to ${saved} bytes for '${name}', more than its bound ${cost}`);
  }
}

function balanced(name: string): boolean {
  const open = '([{<', close = ')]}>';
  const stack: string[] = [];
  for (const ch of name) {
    if (open.includes(ch)) stack.push(close[open.indexOf(ch)]);
    else if (close.includes(ch) && stack.pop() !== ch) return false;
  }
  return stack.length === 0;
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

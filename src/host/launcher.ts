// The Node.js host of a Gossamer program: the TypeScript side of the runtime.
//
//   node dist/src/host/launcher.js program.wasm [args...]     (reads program.wasm.map if present)
//   runProgram(wasm, sourceMap, args)                          (the CLI's in-process entry)
//   buildArtifactSource(wasm, sourceMap)                       (text of a standalone .mjs)
//
// The main thread sets the V8 flags, compiles the module, creates the shared memory the
// module imports (sizes from the "gossamer" custom section) and hands both to
// GOSSAMER_PROCS worker threads (default: the number of cores), one per P of the
// scheduler (runtime/sched.gos). Worker 0 instantiates the module and calls `_start`;
// worker i > 0 calls `_worker(i)`, which waits for the runtime to be initialised and
// then runs the scheduler loop. Workers, not the main thread, run wasm because a
// worker's stack size can be raised (deep recursion) and Atomics.wait is allowed there.
// When any worker ends (the program exits, panics or deadlocks), the process exits with
// its code. A program without a `_worker` export runs on one worker; one that never
// starts a goroutine (its "spawns" is false) gets its other workers 100 ms late, since
// they can only help the collector mark, and booting them would slow P 0's start-up.
//
// Failures never show a JavaScript stack: a trap or a JS stack overflow is printed as
// `panic: ...` followed by the Gossamer call stack, mapped through the source map, and
// the process exits with 2. Program output is written synchronously (fs.writeSync), so
// nothing is lost when the process exits.
//
// This file imports only node: builtins and has no side effects unless it is the entry
// script, a worker it started, or an artifact: buildArtifactSource pastes this very file
// into the artifact. Keep in sync with src/codegen/index.ts (export and section names)
// and docs/runtime.md "Host imports".

import fs from 'node:fs';
import os from 'node:os';
import tty from 'node:tty';
import v8 from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Poller, startPoller } from './poller.js';
import { Permissions, takePermissionFlags } from './permissions.js';

// Node's @types do not declare WebAssembly and the project does not use lib.dom: the part we use.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
    static customSections(m: Module, name: string): ArrayBuffer[];
    static imports(m: Module): { module: string; name: string; kind: string }[];
  }
  class Instance {
    constructor(m: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(d: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBufferLike;
  }
  class RuntimeError extends Error {}
  function compile(bytes: Uint8Array): Promise<Module>;
}

const INFO_SECTION = 'gossamer';
const ENTRY_EXPORT = '_start';
const FLUSH_EXPORT = '_flush';
const RESET_EXPORT = '__reset_shadow';
const PANIC_EXIT = 2;
const DEFAULT_STACK_MB = 256;
/** Frames V8 records for an error; traces print at most MAX_TRACE of them. */
const STACK_TRACE_LIMIT = 100;
const MAX_TRACE = 50;
/**
 * V8 flags (see docs/architecture.md "Host and engine flags"): no baseline tier, because
 * V8 in Node 20 never tiers up a function that is already running (a hot loop in `main`
 * would stay 1.4-4x slower). Compilation stays lazy: each function is compiled by TurboFan
 * on its first call, so start-up does not pay for the std functions a program never calls.
 * GOSSAMER_V8_FLAGS replaces them.
 */
const ENGINE_FLAGS = ['--no-liftoff'];
/** Functions codegen adds to every module; traces leave them out. Keep in sync with src/codegen/index.ts. */
const INTERNAL_FUNCTIONS = new Set(['__init_memory', '__reset_shadow', 'gos.main']);
/** Names of the functions lowering generates (src/lower: `gos.run_defers`, `gos.panic_bounds`, ...). */
const GENERATED_PREFIX = 'gos.';
const RUNTIME_PREFIX = 'runtime::';
/** The scheduler's frames below every goroutine (runtime/sched.gos; -O3 may inline run_g): a trace ends before them. */
const GOROUTINE_BASE = new Set(['runtime::run_g', 'runtime::schedule', 'runtime::sched_main', 'runtime::worker_main']);
/** How long a program that never spawns runs on P 0 alone before its other Ps start. */
const LATE_PROCS_MS = 100;
/** The most Ps the runtime supports (runtime/alloc.gos MAX_P). */
const MAX_PROCS = 64;

/** Replaced by buildArtifactSource: the program a standalone artifact runs. */
const EMBEDDED = /*@gossamer-embedded*/ null as { wasm: string; map: string | null } | null;

export interface RunOptions {
  /** argv[0] as the program sees it (default "program"). */
  programName?: string;
  /** Stack of the worker running the program, in MiB (default 256; GOSSAMER_STACK_MB overrides). */
  stackSizeMb?: number;
  /** What the program may open, read and connect to (permissions.ts); null or absent: everything. */
  permissions?: Permissions | null;
}

/** The JSON codegen writes into the "gossamer" custom section (see src/codegen/index.ts ProgramInfo). */
interface ProgramInfo {
  abi: number;
  memory: { initial: number; maximum: number };
  /** The per-worker scheduler entry, if the program has a scheduler. */
  worker?: string;
  /** False if the program never starts a goroutine (its other Ps only help the collector). */
  spawns?: boolean;
}

/** What the main thread posts to the worker. */
interface StartMessage {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  wasm: Uint8Array;
  sourceMap: string | null;
  argv: string[];
  /** Which P this worker is (0 runs `_start`). */
  proc: number;
  procs: number;
  /** GOSSAMER_MAX_HEAP in bytes, 0 if unset (parsed once, here: the runtime asks `max_heap()`). */
  maxHeap: number;
  worker: string | null;
}

// ====================================================================== main thread

/**
 * Runs a program in a worker thread of this process and exits the process with the
 * program's exit code: the returned promise never resolves.
 */
export function runProgram(wasm: Uint8Array, sourceMap: string | null, args: string[], opts: RunOptions = {}): Promise<never> {
  const stackSizeMb = Number(process.env.GOSSAMER_STACK_MB) || opts.stackSizeMb || DEFAULT_STACK_MB;
  let memory: WebAssembly.Memory | null = null;
  let poller: Poller | null = null;
  // The runtime announces its poll area at its first I/O operation (runtime/netpoll.gos);
  // from then on this thread's event loop performs the program's I/O (poller.ts).
  const onMessage = (m: unknown): void => {
    const msg = m as { kind?: string; area?: number } | null;
    if (msg?.kind === 'io_init' && memory && !poller) poller = startPoller(memory, msg.area!, opts.permissions ?? null);
  };
  const startWorker = (): Worker => {
    const w = new Worker(new URL(import.meta.url), {
      workerData: { gossamerWorker: true },
      resourceLimits: { stackSizeMb },
      // GOSSAMER_WORKER_ARGV="--cpu-prof" profiles the program's threads (a debugging aid).
      execArgv: process.env.GOSSAMER_WORKER_ARGV ? process.env.GOSSAMER_WORKER_ARGV.split(' ') : [],
    });
    w.on('error', (e: Error) => die(`panic: host error: ${e.message}\n`));
    w.on('exit', (code: number) => process.exit(code));
    w.on('message', onMessage);
    return w;
  };
  // The first worker boots before anything else happens: changing a V8 flag makes a
  // worker that boots afterwards skip Node's code cache (about 25 ms more; see
  // docs/architecture.md "Host and engine flags"). When it reports in, the flags are set
  // and the module compiled (lazily: milliseconds).
  const first = startWorker();
  first.once('message', () => void Promise.resolve().then(() => {
    setEngineFlags();
    return WebAssembly.compile(wasm);
  }).then(module => {
    const info = readProgramInfo(module);
    const maxHeap = maxHeapBytes();
    const shared = new WebAssembly.Memory({ initial: info.memory.initial, maximum: maxPages(info, maxHeap), shared: true });
    memory = shared;
    // Read (and a bad value reported) even when the program cannot use more than one P.
    const wanted = procCount();
    const procs = info.worker ? wanted : 1;
    const base = { module, memory: shared, wasm, sourceMap, argv: [opts.programName ?? 'program', ...args], procs, maxHeap, worker: info.worker ?? null };
    first.postMessage({ ...base, proc: 0 } satisfies StartMessage);
    const startOthers = () => {
      for (let i = 1; i < procs; i++) startWorker().postMessage({ ...base, proc: i } satisfies StartMessage);
    };
    // A program that never starts a goroutine needs its other Ps only to help mark, so
    // they boot after a short program would have ended, not while P 0 starts up.
    if (info.spawns === false) setTimeout(startOthers, LATE_PROCS_MS).unref();
    else startOthers();
  }).catch((e: Error) => die(`error: cannot run the program: ${e.message}\n`)));
  return new Promise<never>(() => {});
}

/**
 * GOSSAMER_PROCS, or the number of cores; 1..64. A value that is not a whole number from
 * 1 up is reported once on stderr, as the runtime reports a bad GOSSAMER_MAX_HEAP, and
 * the default is used; one past 64 is reported and 64 used.
 */
function procCount(): number {
  const cores = Math.max(1, Math.min(MAX_PROCS, os.availableParallelism()));
  const env = process.env.GOSSAMER_PROCS;
  if (env === undefined || env === '') return cores;   // set but empty: unset, as Go's GOMAXPROCS
  const n = /^\s*\d+\s*$/.test(env) ? Number(env) : NaN;
  if (!(n >= 1)) {
    warn(`runtime: ignoring GOSSAMER_PROCS: expected a number of threads from 1 to ${MAX_PROCS}, found ${JSON.stringify(env)}; using ${cores}\n`);
    return cores;
  }
  if (n > MAX_PROCS) {
    warn(`runtime: GOSSAMER_PROCS=${env.trim()} is more than ${MAX_PROCS}; using ${MAX_PROCS}\n`);
    return MAX_PROCS;
  }
  return n;
}

function warn(text: string): void {
  writeAll(2, new TextEncoder().encode(text));
}

let flagsSet = false;
function setEngineFlags(): void {
  if (flagsSet) return;
  flagsSet = true;
  const custom = process.env.GOSSAMER_V8_FLAGS;
  for (const flag of custom !== undefined ? custom.split(/\s+/).filter(Boolean) : ENGINE_FLAGS) v8.setFlagsFromString(flag);
}

export function readProgramInfo(module: WebAssembly.Module): ProgramInfo {
  const sections = WebAssembly.Module.customSections(module, INFO_SECTION);
  if (sections.length === 0) throw new Error('not a Gossamer program (no "gossamer" section)');
  return JSON.parse(new TextDecoder().decode(sections[0])) as ProgramInfo;
}

/**
 * GOSSAMER_MAX_HEAP in bytes (0 if unset): digits, optionally followed by B, or by K, M or
 * G (powers of 1024) and an optional B or iB: `512M`, `2GiB`, `1048576`. The only reader of
 * the variable: the runtime gets the value from the `max_heap` import. A malformed value
 * is reported once and ignored.
 */
export function maxHeapBytes(env = process.env.GOSSAMER_MAX_HEAP): number {
  if (env === undefined) return 0;
  const m = /^(\d+)(?:([kmg])i?b?|b)?$/i.exec(env);
  const bytes = m ? Number(m[1]) * 1024 ** ('kmg'.indexOf((m[2] ?? '?').toLowerCase()) + 1) : 0;
  if (!(bytes > 0) || !Number.isFinite(bytes)) {
    writeAll(2, new TextEncoder().encode('runtime: ignoring GOSSAMER_MAX_HEAP: expected a size such as 512M or 2G\n'));
    return 0;
  }
  return Math.min(bytes, 2 ** 40);   // past 1 TiB (beyond any wasm32 memory) it is no limit
}

/** The declared maximum, lowered by GOSSAMER_MAX_HEAP: the runtime paces itself under
 *  the limit and panics with "out of memory" past it; the smaller Memory is the backstop. */
function maxPages(info: ProgramInfo, maxHeap: number): number {
  if (!maxHeap) return info.memory.maximum;
  return Math.max(info.memory.initial, Math.min(info.memory.maximum, Math.floor(maxHeap / 65536)));
}

function die(text: string): never {
  writeAll(2, new TextEncoder().encode(text));
  process.exit(PANIC_EXIT);
}

/** `node launcher.js program.wasm [args...]` */
function cliMain(argv: string[]): void {
  const [file, ...args] = argv;
  if (!file) die('usage: node launcher.js PROGRAM.wasm [ARGS...]\n');
  let wasm: Uint8Array;
  try {
    wasm = fs.readFileSync(file);
  } catch (e) {
    die(`error: cannot read ${file}: ${(e as Error).message}\n`);
  }
  const mapFile = `${file}.map`;
  const sourceMap = fs.existsSync(mapFile) ? fs.readFileSync(mapFile, 'utf8') : null;
  const { permissions, rest } = takePermissionFlags(args);
  void runProgram(wasm, sourceMap, rest, { programName: file, permissions });
}

/** The text of a standalone ES module that runs the program: `node OUT.mjs [args]`. */
export function buildArtifactSource(wasm: Uint8Array, sourceMap: string | null): string {
  const self = bundleHost(fileURLToPath(import.meta.url));
  const marker = ['/*@gossamer', 'embedded*/ null'].join('-');   // spelled apart so only the real one matches
  if (!self.includes(marker)) throw new Error('launcher.js has lost its embedding marker');
  const embedded = `{ wasm: ${JSON.stringify(Buffer.from(wasm).toString('base64'))}, map: ${JSON.stringify(sourceMap)} }`;
  return `#!/usr/bin/env node\n// A Gossamer program: the host of src/host/launcher.ts with the program embedded.\n${
    self.replace(/^#!.*\n/, '').replace(marker, () => embedded)}`;
}

/**
 * This file and the host modules it imports (poller.js, ...) as one script: the node:
 * imports of all of them first (each distinct line once), then each module's text,
 * dependencies first, without its local imports and with `export` dropped. The host
 * modules keep to what makes that sound: they import node builtins by default import
 * under the same names, and their top-level names do not clash.
 */
function bundleHost(entry: string): string {
  const order: string[] = [];
  const visit = (file: string): void => {
    if (order.includes(file)) return;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import [^;]*? from '(\.\/[^']+)';$/gm)) visit(fileURLToPath(new URL(m[1], pathToFileURL(file))));
    order.push(file);
  };
  visit(entry);
  const builtins = new Set<string>();
  const bodies = order.map(file => fs.readFileSync(file, 'utf8')
    .replace(/^import [^;]*? from '(node:[^']+)';\n/gm, line => { builtins.add(line); return ''; })
    .replace(/^import [^;]*? from '\.\/[^']+';\n/gm, '')
    .replace(/^export \{[^}]*\} from [^;]*;\n/gm, '')
    .replace(/^export (?=(?:async )?function |class |const |let |interface |type )/gm, '')
    .replace(/^\/\/# sourceMappingURL=.*$/gm, ''));
  return [...builtins].join('') + bodies.join('\n');
}

// ====================================================================== worker thread

function workerMain(): void {
  Error.stackTraceLimit = STACK_TRACE_LIMIT;
  parentPort!.once('message', (msg: StartMessage) => new Program(msg).run());
  parentPort!.postMessage('booted');   // runProgram waits for this before it sets V8 flags
}

class Program {
  private instance: WebAssembly.Instance | null = null;
  private readonly argBytes: Uint8Array[];
  private symbols: Symbolizer | null = null;
  private readonly enc = new TextEncoder();
  private readonly dec = new TextDecoder();

  constructor(private readonly msg: StartMessage) {
    this.argBytes = msg.argv.map(a => this.enc.encode(a));
  }

  run(): void {
    try {
      this.instance = new WebAssembly.Instance(this.msg.module, { env: this.imports() });
      if (this.msg.proc > 0) {
        // Another P: runs the scheduler loop until the process exits.
        (this.instance.exports[this.msg.worker!] as (p: number) => void)(this.msg.proc);
        return;
      }
      const start = this.instance.exports[ENTRY_EXPORT];
      if (typeof start !== 'function') throw new Error(`the program has no ${ENTRY_EXPORT} export`);
      (start as () => void)();
      process.exit(0);
    } catch (e) {
      this.fail(e);
    }
  }

  private bytes(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.msg.memory.buffer, ptr >>> 0, len >>> 0);
  }

  private imports(): Record<string, unknown> {
    const env: Record<string, unknown> = {
      memory: this.msg.memory,
      write: (fd: number, ptr: number, len: number): void => writeAll(fd, this.bytes(ptr, len)),
      isatty: (fd: number): number => (tty.isatty(fd) ? 1 : 0),
      exit: (code: number): void => process.exit(code),
      args_count: (): number => this.argBytes.length,
      arg_len: (i: number): number => this.argBytes[i]?.length ?? -1,
      arg_copy: (i: number, dst: number): void => { this.bytes(dst, this.argBytes[i].length).set(this.argBytes[i]); },
      env_get_len: (ptr: number, len: number): number => {
        const v = process.env[this.dec.decode(this.bytes(ptr, len).slice())];
        return v === undefined ? -1 : this.enc.encode(v).length;
      },
      env_copy: (ptr: number, len: number, dst: number): void => {
        const v = this.enc.encode(process.env[this.dec.decode(this.bytes(ptr, len).slice())] ?? '');
        this.bytes(dst, v.length).set(v);
      },
      stack_trace: (skip: number): void => writeAll(2, this.enc.encode(this.trace(new Error().stack ?? '', skip))),
      // The frames below the innermost one of the named function (docs/runtime.md).
      stack_trace_after: (ptr: number, len: number): void => {
        const name = this.dec.decode(this.bytes(ptr, len).slice());
        const frames = parseWasmFrames(new Error().stack ?? '');
        const at = frames.findIndex(f => f.name === name);
        writeAll(2, this.enc.encode(this.trace(new Error().stack ?? '', at >= 0 ? at + 1 : 1)));
      },
      now_ns: (): bigint => process.hrtime.bigint(),
      unix_ns: (): bigint => BigInt(Date.now()) * 1000000n,
      // The runtime's poll area: the main thread's poller takes it from here (runtime/netpoll.gos).
      io_init: (area: number): void => parentPort!.postMessage({ kind: 'io_init', area: area >>> 0 }),
      procs: (): number => this.msg.procs,
      max_heap: (): bigint => BigInt(this.msg.maxHeap),
      // TEMPORARY (docs/runtime.md "math_*"): transcendental functions until std/num.gos
      // has Gossamer ports of them.
      math_sin: Math.sin, math_cos: Math.cos, math_tan: Math.tan, math_asin: Math.asin, math_acos: Math.acos,
      math_atan: Math.atan, math_atan2: Math.atan2, math_sinh: Math.sinh, math_cosh: Math.cosh, math_tanh: Math.tanh,
      math_exp: Math.exp, math_expm1: Math.expm1, math_log: Math.log, math_log1p: Math.log1p, math_log2: Math.log2,
      math_log10: Math.log10, math_pow: Math.pow, math_cbrt: Math.cbrt, math_hypot: Math.hypot,
    };
    for (const imp of WebAssembly.Module.imports(this.msg.module)) {
      if (imp.module === 'env' && imp.kind === 'function' && !(imp.name in env)) {
        env[imp.name] = (): never => { throw new HostError(`the host does not provide env.${imp.name}`); };
      }
    }
    return env;
  }

  /** A trap, a JS stack overflow or a host error: flush, print `panic: ...` and the Gossamer stack, exit 2. */
  private fail(e: unknown): never {
    const err = e instanceof Error ? e : new Error(String(e));
    let message: string;
    if (err instanceof WebAssembly.RuntimeError) message = trapMessage(err.message);
    else if (err instanceof RangeError && /call stack/i.test(err.message)) message = 'stack overflow';
    else if (err instanceof HostError) message = `host error: ${err.message}`;
    else message = `host error: ${err.message}${process.env.GOSSAMER_HOST_DEBUG ? `\n${err.stack}` : ''}`;
    const exports = this.instance?.exports ?? {};
    try {
      (exports[RESET_EXPORT] as (() => void) | undefined)?.();
      (exports[FLUSH_EXPORT] as (() => void) | undefined)?.();
    } catch {
      // The program is beyond saving; what was flushed is flushed.
    }
    writeAll(2, this.enc.encode(`panic: ${message}\n${this.trace(err.stack ?? '', 0)}`));
    process.exit(PANIC_EXIT);
  }

  /** The wasm frames of a V8 stack, innermost first, minus `skip`, as `    at NAME (file.gos:line:col)` lines. */
  private trace(stack: string, skip: number): string {
    let frames = parseWasmFrames(stack).slice(Math.max(0, skip));
    // A goroutine's stack ends at its entry: the scheduler below it is not the program's.
    const base = frames.findIndex(f => GOROUTINE_BASE.has(f.name));
    if (base >= 0) frames = frames.slice(0, base);
    // The program's start function (runtime::init, main, exit) is not worth a line.
    if (frames.length > 0 && frames[frames.length - 1].name === ENTRY_EXPORT) frames.pop();
    // Functions the compiler generates (`gos.panic_bounds`, `gos.alloc_array`, ...) are
    // not the program's; nor are the runtime's frames above the first frame that is
    // (the allocator's, for "out of memory"): the trace starts where the program asked.
    frames = frames.filter(f => !INTERNAL_FUNCTIONS.has(f.name) && !f.name.startsWith(GENERATED_PREFIX));
    const first = frames.findIndex(f => !f.name.startsWith(RUNTIME_PREFIX));
    if (first > 0) frames = frames.slice(first);
    this.symbols ??= new Symbolizer(this.msg.wasm, this.msg.sourceMap);
    const lines: string[] = [];
    for (const f of frames) {
      if (lines.length === MAX_TRACE) { lines.push('    ...additional frames elided...'); break; }
      const loc = this.symbols.locate(f.func, f.offset);
      lines.push(`    at ${f.name}${loc ? ` (${loc})` : ''}`);
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
}

class HostError extends Error {}

/** V8's trap messages, said the Gossamer way. */
function trapMessage(v8Message: string): string {
  const m = v8Message.toLowerCase();
  if (m === 'unreachable' || m.includes('unreachable')) return 'runtime error: unreachable code executed';
  if (m.includes('memory access out of bounds')) return 'runtime error: memory access out of bounds';
  if (m.includes('divide by zero') || m.includes('remainder by zero')) return 'runtime error: integer divide by zero';
  if (m.includes('integer overflow')) return 'runtime error: integer overflow';
  if (m.includes('unrepresentable')) return 'runtime error: float value out of integer range';
  if (m.includes('table index') || m.includes('signature mismatch') || m.includes('null function')) {
    return 'runtime error: invalid indirect call (bad function index or signature)';
  }
  if (m.includes('unaligned')) return 'runtime error: unaligned atomic access';
  return `runtime error: ${v8Message}`;
}

/** Writes all of `bytes` to `fd`, riding out non-blocking pipes; a closed pipe ends the program quietly. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); continue; }
      if (code === 'EPIPE') process.exit(141);   // like a Go program killed by SIGPIPE
      throw e;
    }
  }
}

// ====================================================================== stack traces

interface WasmFrame { name: string; func: number; offset: number }

/** The wasm frames of a V8 `error.stack`, innermost first. */
export function parseWasmFrames(stack: string): WasmFrame[] {
  const out: WasmFrame[] = [];
  const re = /^\s*at (?:(.*) \()?wasm:\/\/wasm\/[0-9a-f]+:wasm-function\[(\d+)\]:0x([0-9a-f]+)\)?\s*$/;
  for (const line of stack.split('\n')) {
    const m = re.exec(line);
    // Codegen spells `->` in function names as U+2192 for Binaryen (src/codegen/module.ts fnName).
    if (m) out.push({ name: (m[1] ?? `wasm-function[${m[2]}]`).replace(/\u2192/g, '->'), func: Number(m[2]), offset: parseInt(m[3], 16) });
  }
  return out;
}

/**
 * Maps (function index, module byte offset) to "file.gos:line:col" through the source map.
 * A frame's offset is its call instruction or trapping instruction; when that instruction
 * has no location, the nearest located instruction before it in the same function is used.
 */
export class Symbolizer {
  private readonly offsets: number[] = [];
  /** Per mapping: [source, line (0-based), column (0-based)] or null for "no location". */
  private readonly locs: ([number, number, number] | null)[] = [];
  private readonly sources: string[] = [];
  private bodies: number[] | null = null;   // start offset of each function body, by function index

  constructor(private readonly wasm: Uint8Array, sourceMap: string | null) {
    if (!sourceMap) return;
    try {
      const map = JSON.parse(sourceMap) as { sources?: string[]; mappings?: string };
      this.sources = map.sources ?? [];
      this.decode(map.mappings ?? '');
    } catch {
      // An unreadable map only costs the locations.
    }
  }

  locate(func: number, offset: number): string | null {
    let lo = 0, hi = this.offsets.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid] <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const start = this.functionStart(func);
    for (; at >= 0 && this.offsets[at] >= start; at--) {
      const loc = this.locs[at];
      if (loc) return `${this.sources[loc[0]] ?? '?'}:${loc[1] + 1}:${loc[2] + 1}`;
    }
    return null;
  }

  private decode(mappings: string): void {
    let gen = 0, src = 0, line = 0, col = 0;
    for (const seg of mappings.split(/[,;]/)) {
      if (seg === '') continue;
      const f = decodeVlq(seg);
      gen += f[0];
      this.offsets.push(gen);
      if (f.length >= 4) {
        src += f[1]; line += f[2]; col += f[3];
        this.locs.push([src, line, col]);
      } else {
        this.locs.push(null);
      }
    }
  }

  private functionStart(func: number): number {
    this.bodies ??= functionBodies(this.wasm);
    return this.bodies[func] ?? 0;
  }
}

function decodeVlq(s: string): number[] {
  const out: number[] = [];
  let value = 0, shift = 0;
  for (const ch of s) {
    const digit = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(ch);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) { shift += 5; continue; }
    out.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0; shift = 0;
  }
  return out;
}

/** Byte offset of each function body in a wasm binary, by function index (imports first, at 0). */
export function functionBodies(wasm: Uint8Array): number[] {
  const starts: number[] = [];
  let p = 8;
  const leb = (): number => {
    let v = 0, shift = 0, b: number;
    do { b = wasm[p++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return v;
  };
  const skipName = (): void => { const n = leb(); p += n; };
  const skipLimits = (): void => { const flags = wasm[p++]; leb(); if (flags & 1) leb(); };
  try {
    while (p < wasm.length) {
      const id = wasm[p++];
      const size = leb();
      const end = p + size;
      if (id === 2) {   // imports: only function imports take function indices
        for (let n = leb(); n > 0; n--) {
          skipName(); skipName();
          const kind = wasm[p++];
          if (kind === 0) { leb(); starts.push(0); }
          else if (kind === 1) { p++; skipLimits(); }
          else if (kind === 2) skipLimits();
          else if (kind === 3) p += 2;
          else if (kind === 4) { p++; leb(); }
        }
      } else if (id === 10) {
        for (let n = leb(); n > 0; n--) {
          const len = leb();
          starts.push(p);
          p += len;
        }
      }
      p = end;
    }
  } catch {
    // Malformed input: keep what was read.
  }
  return starts;
}

// ====================================================================== entry

function isEntryScript(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(fs.realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (!isMainThread) {
  if ((workerData as { gossamerWorker?: boolean } | null)?.gossamerWorker) workerMain();
} else if (EMBEDDED) {
  const { permissions, rest } = takePermissionFlags(process.argv.slice(2));
  void runProgram(Buffer.from(EMBEDDED.wasm, 'base64'), EMBEDDED.map, rest, { programName: process.argv[1], permissions });
} else if (isEntryScript()) {
  cliMain(process.argv.slice(2));
}

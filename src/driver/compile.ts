// compile(): the whole pipeline in one function.
//
//   load (parse entry, mod files, runtime/, std/) -> check -> lower -> codegen
//
// It stops after the first phase that reports an error, measures every phase (`--time`)
// and collects what `--dump=ast|ir|wat` asked for. It never throws: an exception inside
// a phase is a bug in the compiler and comes back as `internalError`, which the CLI
// prints as "internal compiler error" without a TypeScript stack trace.
// codegen (and with it binaryen, ~0.5 s to import) is loaded only when a run gets there.

import { performance } from 'node:perf_hooks';
import { CompileErrors, Diagnostic, DiagnosticBag, renderDiagnostic } from '../diag/index.js';
import { SourceMap } from '../source/index.js';
import { checkProgram, TypedProgram } from '../check/index.js';
import { lowerProgram } from '../lower/index.js';
import { IrModule } from '../ir/ir.js';
import { printIrModule } from '../ir/printer.js';
import { printModule } from '../syntax/printer.js';
import type { GenerateResult } from '../codegen/index.js';   // types only: codegen is imported on demand
import { Program } from './program.js';
import { loadProgram } from './load.js';
import { nodeFileSystem, ProgramFileSystem, RecordingFileSystem } from './fs.js';

export { formatTimings } from './timings.js';

export type DumpKind = 'ast' | 'ir' | 'wat';
export type Phase = 'load' | 'check' | 'lower' | 'codegen';

const PHASES: Phase[] = ['load', 'check', 'lower', 'codegen'];
const PHASE_OF_DUMP: Record<DumpKind, Phase> = { ast: 'load', ir: 'lower', wat: 'codegen' };

/** The options that change the compiled program: a cached program's key includes them (cache.ts). */
export interface OutputOptions {
  /** Binaryen -O3 and the release runtime settings. */
  release?: boolean;
  /** Trap on an out-of-range RawBuf access in runtime/ and std/ (a compiler debugging
   *  aid; the CLI sets it from GOSSAMER_CHECK_RAWBUF=1). */
  checkRawBuf?: boolean;
}

export interface CompileOptions extends OutputOptions {
  /** What to dump; each comes back in `dumps` as soon as its phase succeeds. */
  dump?: DumpKind[];
  /** Last phase to run (`gossamer check` stops after 'check'); a dump extends it. */
  stopAfter?: Phase;
  /** Where sources are read from (default: the disk). */
  fs?: ProgramFileSystem;
  /** Compile runtime/ and std/ with the program (default true). */
  library?: boolean;
  /** The package root holding runtime/ and std/. */
  root?: string;
  /** The function the program starts in (default `main`; `gossamer test` gives its harness's). */
  entry?: string;
}

export interface CompileResult {
  /** No errors and no internal error; `wasm` is set if codegen ran. */
  ok: boolean;
  sources: SourceMap;
  diagnostics: Diagnostic[];
  /** A compiler bug: an exception escaped a phase. */
  internalError?: { phase: Phase; message: string; stack: string };
  wasm?: Uint8Array;
  sourceMap?: string;
  dumps: { kind: DumpKind; text: string }[];
  /** Milliseconds per phase, in order (codegen's own sub-phases as `codegen.<name>`). */
  timings: { name: string; ms: number }[];
  /** Every file the compiler read or probed (absolute path -> text, undefined = absent),
   *  and every directory it listed: what a cached result depends on. */
  reads: Map<string, string | undefined>;
  listings: Map<string, string[] | undefined>;
  /** The intermediate results, for tests and tools. */
  program?: Program;
  typed?: TypedProgram;
  ir?: IrModule;
}

export async function compile(entryPath: string, options: CompileOptions = {}): Promise<CompileResult> {
  const fs = new RecordingFileSystem(options.fs ?? nodeFileSystem);
  const diags = new DiagnosticBag();
  const dumps = new Set(options.dump ?? []);
  const lastPhase = PHASES[Math.max(
    PHASES.indexOf(options.stopAfter ?? 'codegen'),
    ...[...dumps].map(d => PHASES.indexOf(PHASE_OF_DUMP[d])),
  )];
  const result: CompileResult = {
    ok: false, sources: new SourceMap(), diagnostics: diags.items, dumps: [], timings: [],
    reads: fs.reads, listings: fs.listings,
  };

  /** Runs one phase: timed, exceptions caught. Returns undefined if the pipeline must stop. */
  async function phase<T>(name: Phase, run: () => T | Promise<T>): Promise<T | undefined> {
    const start = performance.now();
    try {
      const value = await run();
      return diags.hasErrors ? undefined : value;
    } catch (e) {
      if (e instanceof CompileErrors) {
        for (const d of e.diagnostics) if (!diags.items.includes(d)) diags.items.push(d);
        if (!diags.hasErrors) diags.error(e.message);
      } else {
        const err = e instanceof Error ? e : new Error(String(e));
        result.internalError = { phase: name, message: err.message, stack: err.stack ?? String(err) };
      }
      return undefined;
    } finally {
      result.timings.push({ name, ms: performance.now() - start });
    }
  }
  const wants = (p: Phase) => PHASES.indexOf(p) <= PHASES.indexOf(lastPhase);

  /** Adds a dump if it was asked for; a printer that throws is a bug like any other. */
  async function dump(kind: DumpKind, after: Phase, make: () => string | Promise<string>): Promise<void> {
    if (!dumps.has(kind)) return;
    try {
      result.dumps.push({ kind, text: await make() });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      result.internalError = { phase: after, message: `--dump=${kind}: ${err.message}`, stack: err.stack ?? String(err) };
    }
  }

  const program = await phase('load', () =>
    loadProgram(entryPath, fs, diags, { library: options.library, root: options.root, sources: result.sources }));
  if (!program) return done(result);
  result.program = program;
  await dump('ast', 'load', () => printModule(program.modules[0].module));
  if (result.internalError || !wants('check')) return done(result);

  const typed = await phase('check', () => checkProgram(program, diags, options.entry));
  if (!typed) return done(result);
  result.typed = typed;
  if (!wants('lower')) return done(result);

  const ir = await phase('lower', () => lowerProgram(typed, diags, { checkRawBuf: options.checkRawBuf ?? false }));
  if (!ir) return done(result);
  result.ir = ir;
  await dump('ir', 'lower', () => printIrModule(ir));
  if (result.internalError || !wants('codegen')) return done(result);

  const output = await phase('codegen', async (): Promise<GenerateResult> => {
    const { generate } = await import('../codegen/index.js');
    return generate(ir, { release: options.release ?? false, sources: program.sources });
  });
  if (!output) return done(result);
  for (const [name, ms] of Object.entries(output.timings)) result.timings.push({ name: `codegen.${name}`, ms });
  result.wasm = output.wasm;
  result.sourceMap = output.sourceMap;
  await dump('wat', 'codegen', () => output.wat());
  return done(result);
}

function done(result: CompileResult): CompileResult {
  result.ok = !result.internalError && !result.diagnostics.some(d => d.severity === 'error');
  // In source order, as the phases find them in other orders (a function's body is
  // checked when it is first used); the sort is stable, spanless diagnostics go last.
  const where = (d: Diagnostic): [number, number] => d.span ? [d.span.file, d.span.start] : [Infinity, 0];
  result.diagnostics.sort((a, b) => { const [fa, sa] = where(a), [fb, sb] = where(b); return fa - fb || sa - sb; });
  return result;
}

/** Every diagnostic rendered, errors and warnings, separated by blank lines. */
export function renderDiagnostics(result: Pick<CompileResult, 'diagnostics' | 'sources'>): string {
  return result.diagnostics.map(d => renderDiagnostic(d, result.sources)).join('\n\n');
}


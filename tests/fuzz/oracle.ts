// What must hold for a generated program, checked by compiling and running it:
//
//   1. The compiler never throws (no internal compiler error), on the program and on
//      every ill-typed mutant of it (ill-typed.ts); a failed compile has a diagnostic.
//   2. The program type-checks (it is well-typed by construction): a rejection is a
//      checker bug, or a generator bug when rustc rejects the Rust twin too.
//   3. It builds and runs: no wasm trap ("runtime error"), no host error, no timeout,
//      exit 0 with nothing on stderr, or exit 2 with the panic the generator planned.
//   4. GOSSAMER_GC_STRESS=1 prints the same output and exits the same way; so does
//      GOSSAMER_PROCS=2 for programs with goroutines.
//   5. The Rust twin (Rust-compatible programs) prints the same output: rustc is the
//      reference for what the program means.
//
// The checks are written against a Backend, so that the test suite (run-all.ts) and
// `npm run fuzz` (main.ts) run them through the same compile workers and process runner.

import type { ProcessResult } from '../harness/runner.js';
import { Program } from './gen/items.js';
import { illTypedMutants } from './ill-typed.js';
import { render } from './node.js';

export interface CompileOutcome {
  ok: boolean;
  internalError?: string;
  /** Rendered diagnostics. */
  rendered: string;
  errorCount: number;
  wasmPath?: string;
}

export interface RustOutcome {
  compiled: boolean;
  stderr: string;
  run?: ProcessResult;
}

export interface Backend {
  /** Compiles program text as `name.gos` (stopAfter 'check': type-check only). */
  compile(name: string, text: string, stopAfter: 'check' | 'codegen'): Promise<CompileOutcome>;
  run(wasmPath: string, env: Record<string, string>, timeoutMs: number): Promise<ProcessResult>;
  /** Compiles and runs a Rust program; absent when rustc is not to be used. */
  rust?(name: string, text: string, timeoutMs: number): Promise<RustOutcome>;
}

export type FindingKind =
  | 'internal-error'      // the compiler threw on the program
  | 'mutant-internal-error' // ... on an ill-typed variant
  | 'mutant-accepted'     // an ill-typed variant compiled
  | 'no-diagnostic'       // a compile failed without saying why
  | 'rejected'            // a well-typed program was rejected (rustc accepts its twin)
  | 'generator'           // the generator wrote something neither compiler accepts
  | 'trap'                // a wasm trap or host error at run time
  | 'timeout'
  | 'bad-exit'            // an exit status or panic the program did not plan
  | 'gc-stress-differs'
  | 'procs-differs'
  | 'rust-differs';

export interface Finding {
  kind: FindingKind;
  seed: number;
  /** One line: what went wrong. */
  summary: string;
  /** Outputs, diagnostics, stack traces. */
  detail: string;
  /** The Gossamer program that shows it (a mutant's text for mutant-*). */
  source: string;
  rust?: string;
}

export interface Stats {
  generated: number;
  checked: number;
  built: number;
  runs: number;
  rustCompared: number;
  mutants: number;
}

export function emptyStats(): Stats {
  return { generated: 0, checked: 0, built: 0, runs: 0, rustCompared: 0, mutants: 0 };
}

export interface OracleOptions {
  runTimeoutMs: number;
  /** GC stress collects at every allocation: this many times the normal timeout. */
  stressFactor: number;
  mutants: number;
  useRust: boolean;
  /** Only type-check (for working on the generator). */
  checkOnly?: boolean;
}

export const DEFAULT_ORACLE: OracleOptions = { runTimeoutMs: 20_000, stressFactor: 6, mutants: 3, useRust: true };

/** Checks one generated program; returns what went wrong (nothing, normally). */
export async function checkProgram(p: Program, be: Backend, stats: Stats, opts: OracleOptions = DEFAULT_ORACLE): Promise<Finding[]> {
  const name = `fuzz_${p.seed}`;
  const source = render(p.root, 'gos');
  const rustText = p.rust ? render(p.root, 'rust') : undefined;
  const findings: Finding[] = [];
  const found = (kind: FindingKind, summary: string, detail: string, src = source, rust = rustText) =>
    findings.push({ kind, seed: p.seed, summary, detail, source: src, rust });
  stats.generated++;

  // Ill-typed mutants first: they only need the checker.
  for (const m of illTypedMutants(p, opts.mutants)) {
    stats.mutants++;
    const c = await be.compile(`${name}_m`, m.text, 'check');
    if (c.internalError) found('mutant-internal-error', `internal compiler error on a mutant (${m.what}): ${firstLine(c.internalError)}`, c.internalError, m.text, undefined);
    else if (!c.ok && c.errorCount === 0) found('no-diagnostic', `a mutant (${m.what}) failed to compile without an error`, c.rendered, m.text, undefined);
    else if (c.ok && m.sure) found('mutant-accepted', `an ill-typed mutant compiled: ${m.what}`, '', m.text, undefined);
  }

  const c = await be.compile(name, source, opts.checkOnly ? 'check' : 'codegen');
  if (c.internalError) {
    found('internal-error', `internal compiler error: ${firstLine(c.internalError)}`, c.internalError);
    return findings;
  }
  if (!c.ok) {
    if (c.errorCount === 0) {
      found('no-diagnostic', 'the compile failed without an error', c.rendered);
      return findings;
    }
    stats.checked++;
    // Rejected: the compiler's fault if rustc takes the same program.
    const r = rustText !== undefined && opts.useRust && be.rust ? await be.rust(name, rustText, opts.runTimeoutMs) : null;
    if (r?.compiled) found('rejected', `rejected, but rustc accepts the same program: ${firstDiagnostic(c.rendered)}`, c.rendered);
    else found('generator', `the generated program does not compile: ${firstDiagnostic(c.rendered)}`, c.rendered + (r ? `\n\nrustc:\n${r.stderr}` : ''));
    return findings;
  }
  stats.checked++;
  if (opts.checkOnly) return findings;
  stats.built++;
  const wasm = c.wasmPath!;
  const env: Record<string, string> = p.concurrent ? { GOSSAMER_PROCS: '1' } : {};
  const normal = await be.run(wasm, env, opts.runTimeoutMs);
  stats.runs++;
  const problem = runProblem(p, normal);
  if (problem) {
    found(problem.kind as FindingKind, problem.summary, describe(normal));
    return findings;
  }

  const stress = await be.run(wasm, { ...env, GOSSAMER_GC_STRESS: '1' }, opts.runTimeoutMs * opts.stressFactor);
  stats.runs++;
  const sp = runProblem(p, stress) ?? differs(normal, stress);
  if (sp) found(sp.kind === 'differs' ? 'gc-stress-differs' : sp.kind as FindingKind, `with GOSSAMER_GC_STRESS=1: ${sp.summary}`, `normal run:\n${describe(normal)}\n\nstress run:\n${describe(stress)}`);

  if (p.concurrent) {
    const two = await be.run(wasm, { GOSSAMER_PROCS: '2' }, opts.runTimeoutMs);
    stats.runs++;
    const pp = runProblem(p, two) ?? differs(normal, two);
    if (pp) found(pp.kind === 'differs' ? 'procs-differs' : pp.kind as FindingKind, `with GOSSAMER_PROCS=2: ${pp.summary}`, `GOSSAMER_PROCS=1:\n${describe(normal)}\n\nGOSSAMER_PROCS=2:\n${describe(two)}`);
  }

  if (rustText !== undefined && opts.useRust && be.rust) {
    const r = await be.rust(name, rustText, opts.runTimeoutMs);
    if (!r.compiled) {
      found('generator', `rustc rejects the Rust twin: ${firstDiagnostic(r.stderr)}`, r.stderr);
    } else if (r.run) {
      stats.rustCompared++;
      const want = rustAsGossamer(r.run);
      const d = differs(want, normal);
      if (d) found('rust-differs', `differs from rustc: ${d.summary}`, `rustc:\n${describe(r.run)}\n\ngossamer:\n${describe(normal)}`);
    }
  }
  return findings;
}

type Problem = { kind: FindingKind | 'differs'; summary: string };

/** What is wrong with one run on its own. */
export function runProblem(p: Program, r: ProcessResult): Problem | null {
  if (r.timedOut) return { kind: 'timeout', summary: `timed out after ${Math.round(r.ms / 1000)} s` };
  const err = r.stderr;
  const trap = /runtime error|RangeError|TypeError|Error: |internal error|Aborted|out of memory|unreachable executed/.exec(err);
  if (trap && !/^panic: /m.test(err.split('\n')[0] ?? '')) return { kind: 'trap', summary: firstLine(err.slice(trap.index)) };
  if (p.panics === null) {
    if (r.code !== 0 || err.trim() !== '') return { kind: 'bad-exit', summary: `exit ${r.code ?? r.signal}: ${firstLine(err) || '(no stderr)'}` };
    return null;
  }
  if (r.code !== 2 || !err.includes(`panic: ${p.panics}`)) {
    return { kind: 'bad-exit', summary: `expected the planned panic "${p.panics}", got exit ${r.code ?? r.signal}: ${firstLine(err) || '(no stderr)'}` };
  }
  return null;
}

/** Do two runs disagree (stdout, exit status, panic message)? */
export function differs(a: ProcessResult, b: ProcessResult): Problem | null {
  if (a.code !== b.code) return { kind: 'differs', summary: `exit status ${a.code} vs ${b.code}` };
  if (a.stdout !== b.stdout) return { kind: 'differs', summary: `stdout differs at line ${firstDifference(a.stdout, b.stdout)}` };
  const pa = panicLine(a.stderr), pb = panicLine(b.stderr);
  if (pa !== pb) return { kind: 'differs', summary: `panic message "${pa}" vs "${pb}"` };
  return null;
}

function panicLine(err: string): string {
  const m = /^panic: (.*)$/m.exec(err);
  return m ? m[1] : '';
}

/** A Rust run seen as Gossamer would report it: exit 101 -> 2, panic message -> `panic: `. */
function rustAsGossamer(r: ProcessResult): ProcessResult {
  const m = /panicked at [^\n]*:\n(.*)/.exec(r.stderr);
  return { ...r, code: r.code === 101 ? 2 : r.code, stderr: m ? `panic: ${m[1]}` : '' };
}

function firstDifference(a: string, b: string): number {
  const la = a.split('\n'), lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) return i + 1;
  return 0;
}

export function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

function firstDiagnostic(rendered: string): string {
  const m = /^error(?:\[\w+\])?: .*$/m.exec(rendered);
  return m ? m[0] : firstLine(rendered);
}

export function describe(r: ProcessResult): string {
  const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) + `\n... (${s.length - n} more bytes)` : s);
  return `exit: ${r.timedOut ? 'timed out' : r.code ?? r.signal} (${r.ms} ms)\nstdout:\n${cut(r.stdout, 3000)}\nstderr:\n${cut(r.stderr, 3000)}`;
}

// A compile worker: a long-lived process that compiles test programs in-process with
// the driver API (the compiler and binaryen are loaded once per worker, not once per
// test), writes the wasm, and reports diagnostics. Started by pool.ts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompileResult } from '../../src/driver/compile.js';
import { lookup, store } from '../../src/driver/cache.js';
import { memoryFileSystem, nodeFileSystem } from '../../src/driver/fs.js';
import { DiagnosticBag, renderDiagnostic } from '../../src/diag/index.js';
import { loadProgram } from '../../src/driver/load.js';
import { CompileReply, FuzzReply, WorkerReply, WorkerRequest } from './protocol.js';
import { variants } from './mutate.js';

type CompileFn = typeof import('../../src/driver/compile.js').compile;
let compileFn: CompileFn | undefined;

async function compiler(): Promise<CompileFn> {
  compileFn ??= (await import('../../src/driver/compile.js')).compile;
  return compileFn;
}

process.on('message', (req: WorkerRequest) => {
  handle(req).then(
    reply => process.send!(reply),
    (e: unknown) => process.send!({ id: req.id, crash: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies WorkerReply),
  );
});

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  switch (req.kind) {
    case 'compile': return compileProgram(req);
    case 'errors': return compileErrors(req);
    case 'fuzz': return fuzz(req);
    case 'compile-text': return compileText(req);
    default: {
      const never: never = req;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

function render(result: CompileResult): string {
  return result.diagnostics.map(d => {
    try { return renderDiagnostic(d, result.sources); } catch { return `${d.severity}: ${d.message}`; }
  }).join('\n\n');
}

function errorsOf(result: CompileResult): CompileReply['errors'] {
  return result.diagnostics.filter(d => d.severity === 'error').map(d => ({
    line: d.span && d.span.file === 0 && result.sources.files[0] ? result.sources.lineCol(0, d.span.start).line : null,
    message: d.message,
  }));
}

async function compileProgram(req: Extract<WorkerRequest, { kind: 'compile' }>): Promise<CompileReply> {
  const flags = { release: req.release };
  if (!req.noCache) {
    const hit = lookup(req.file, flags);
    if (hit) return { id: req.id, ok: true, wasmPath: hit.wasmPath, rendered: '', errors: [] };
  }
  const result = await (await compiler())(req.file, { release: req.release });
  const reply: CompileReply = {
    id: req.id, ok: result.ok, rendered: render(result), errors: errorsOf(result),
    internalError: result.internalError && `${result.internalError.phase}: ${result.internalError.stack}`,
  };
  if (result.ok && result.wasm && result.sourceMap !== undefined) {
    const output = { wasm: result.wasm, sourceMap: result.sourceMap };
    reply.wasmPath = req.noCache ? undefined : store(req.file, flags, output, result.reads, result.listings)?.wasmPath;
    if (reply.wasmPath === undefined) {
      reply.wasmPath = path.join(req.tempDir, path.basename(req.file, '.gos') + (req.release ? '.release' : '') + '.wasm');
      fs.writeFileSync(reply.wasmPath, output.wasm);
      fs.writeFileSync(reply.wasmPath + '.map', output.sourceMap);
    }
  } else if (result.ok) {
    reply.ok = false;
    reply.internalError = 'the compile succeeded but produced no wasm';
  }
  return reply;
}

async function compileErrors(req: Extract<WorkerRequest, { kind: 'errors' }>): Promise<CompileReply> {
  const result = await (await compiler())(req.file, {});
  return {
    id: req.id, ok: result.ok, rendered: render(result), errors: errorsOf(result),
    internalError: result.internalError && `${result.internalError.phase}: ${result.internalError.stack}`,
  };
}

/** A generated program, compiled from memory: never cached (each text is new). */
async function compileText(req: Extract<WorkerRequest, { kind: 'compile-text' }>): Promise<CompileReply> {
  const fsOverlay = memoryFileSystem({ [req.file]: req.text }, nodeFileSystem);
  const result = await (await compiler())(req.file, { fs: fsOverlay, stopAfter: req.stopAfter });
  const reply: CompileReply = {
    id: req.id, ok: result.ok, rendered: render(result), errors: errorsOf(result),
    internalError: result.internalError && `${result.internalError.phase}: ${result.internalError.stack}`,
  };
  if (result.ok && req.stopAfter === 'codegen') {
    if (result.wasm && result.sourceMap !== undefined) {
      reply.wasmPath = req.file.replace(/\.gos$/, '') + '.wasm';
      fs.writeFileSync(reply.wasmPath, result.wasm);
      fs.writeFileSync(reply.wasmPath + '.map', result.sourceMap);
    } else {
      reply.ok = false;
      reply.internalError = 'the compile succeeded but produced no wasm';
    }
  }
  return reply;
}

/** Every variant through load + check; anything but diagnostics or success is a failure. */
async function fuzz(req: Extract<WorkerRequest, { kind: 'fuzz' }>): Promise<FuzzReply> {
  const compile = await compiler();
  const text = fs.readFileSync(req.file, 'utf8');
  const name = path.basename(req.file, '.gos');
  const all = variants(name, text);
  const failures: FuzzReply['failures'] = [];
  // Start at a different variant for each program, so that a budget that cuts the list
  // short still exercises every kind of damage across the suite.
  const first = hashName(name) % all.length;
  const start = Date.now();
  let ran = 0;
  for (let n = 0; n < all.length && (n === 0 || Date.now() - start < req.budgetMs); n++, ran++) {
    const k = (first + n) % all.length;
    const v = all[k];
    const fsOverlay = memoryFileSystem({ [req.file]: v.text }, nodeFileSystem);
    let problem: string | undefined;
    try {
      // Most variants do not parse: then the pipeline would stop after loading, with
      // these same errors plus the library's (none), so the program alone is enough and
      // costs a millisecond instead of re-parsing runtime/ and std/.
      const diags = new DiagnosticBag();
      const alone = loadProgram(req.file, fsOverlay, diags, { library: false });
      if (diags.hasErrors) {
        for (const d of diags.items) renderDiagnostic(d, alone.sources);
        continue;
      }
      const result = await compile(req.file, { fs: fsOverlay, stopAfter: 'check' });
      if (result.internalError) problem = `internal error in ${result.internalError.phase}: ${result.internalError.stack}`;
      else for (const d of result.diagnostics) renderDiagnostic(d, result.sources);   // must not throw either
      if (!problem && result.diagnostics.length === 0 && !result.ok) problem = 'failed without a diagnostic';
    } catch (e) {
      problem = `threw: ${e instanceof Error ? e.stack : String(e)}`;
    }
    if (problem) {
      const saved = path.join(req.tempDir, `fuzz-${name}-${k}.gos`);
      fs.writeFileSync(saved, v.text);
      failures.push({ variant: v.label, problem, saved });
    }
  }
  return { id: req.id, variants: ran, total: all.length, failures };
}

function hashName(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

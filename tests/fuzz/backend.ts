// The oracle's Backend over the test harness's machinery: compile workers (pool.ts,
// which keep the compiler loaded), the process runner (runner.ts) for wasm, and rustc
// for the Rust twins. Shared by `npm run fuzz` and the test suite's fuzz/gen tests.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Priority, Slots, WorkerPool } from '../harness/pool.js';
import { CompileReply } from '../harness/protocol.js';
import { runProcess, runWasm } from '../harness/runner.js';
import { Backend, CompileOutcome, RustOutcome } from './oracle.js';

const COMPILE_TIMEOUT_MS = 120_000;

export function haveRustc(): boolean {
  try {
    return spawnSync('rustc', ['--version'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

/** A Backend whose compiles go to `pool` and whose runs take a slot of `slots`. */
export function harnessBackend(pool: WorkerPool, slots: Slots, tempDir: string, useRust: boolean): Backend {
  const be: Backend = {
    async compile(name, text, stopAfter): Promise<CompileOutcome> {
      const file = path.join(tempDir, `${name}.gos`);
      fs.writeFileSync(file, text);
      const reply = await slots.with(Priority.compile, () =>
        pool.request({ kind: 'compile-text', file, text, stopAfter }, COMPILE_TIMEOUT_MS));
      if ('crash' in reply) return { ok: false, internalError: `the compile worker failed: ${reply.crash}`, rendered: '', errorCount: 0 };
      const r = reply as CompileReply;
      return { ok: r.ok, internalError: r.internalError, rendered: r.rendered, errorCount: r.errors.length, wasmPath: r.wasmPath };
    },
    run(wasmPath, env, timeoutMs) {
      return slots.with(Priority.run, () => runWasm(wasmPath, { args: [], env, stdinFile: null, timeoutMs }));
    },
  };
  if (useRust) {
    be.rust = async (name, text, timeoutMs): Promise<RustOutcome> => {
      const dir = path.join(tempDir, `${name}_rs`);
      fs.mkdirSync(dir, { recursive: true });
      const src = path.join(dir, 'main.rs');
      const bin = path.join(dir, 'main');
      fs.writeFileSync(src, text);
      const c = await slots.with(Priority.compile, () => runProcess('rustc', [
        '--edition', '2021', '-C', 'overflow-checks=off', '-C', 'debug-assertions=off', '-C', 'opt-level=0',
        '--cap-lints', 'allow', '-o', bin, src,
      ], { timeoutMs: COMPILE_TIMEOUT_MS, cwd: dir }));
      if (c.code !== 0) return { compiled: false, stderr: c.stderr };
      const run = await slots.with(Priority.run, () => runProcess(bin, [], { timeoutMs, env: { ...process.env, RUST_BACKTRACE: '0' } }));
      return { compiled: true, stderr: c.stderr, run };
    };
  }
  return be;
}

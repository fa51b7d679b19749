// Helpers for the tests that run Gossamer servers and drive them from Node
// (http.test.ts, examples-*.test.ts): compile a program, start it with the launcher on
// 127.0.0.1:0, learn its port from the "listening on 127.0.0.1:PORT" line it prints on
// stderr, stop it. Every wait is bounded.

import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../src/driver/compile.js';

export const LAUNCHER = fileURLToPath(new URL('../../src/host/launcher.js', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-servers-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

/** Compiles a .gos file (or, with `source`, that text saved as it) to a .wasm; returns its path. */
export async function buildWasm(file: string, source?: string): Promise<string> {
  if (source !== undefined) {
    file = path.join(tmp, file);
    fs.writeFileSync(file, source);
  }
  const r = await compile(file);
  assert.ok(r.wasm, `${file} compiles`);
  const wasm = path.join(tmp, `${path.basename(file, '.gos')}.wasm`);
  fs.writeFileSync(wasm, r.wasm);
  return wasm;
}

export interface Running { child: ChildProcess; port: number; stop(): Promise<void> }

/** Runs `wasm` with `args` (host flags, then `--`, then the program's); resolves once it listens. */
export async function startServer(wasm: string, args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [LAUNCHER, wasm, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${wasm}: no address in 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`${wasm} exited with ${code}: ${err}`)); });
  });
  child.removeAllListeners('exit');
  return {
    child, port,
    stop: () => new Promise<void>(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}

/** An example server (examples/NAME.gos) on port 0, with --allow-net=127.0.0.1 as the README runs it. */
export async function startExample(name: string): Promise<Running> {
  return startServer(await buildWasm(path.join(EXAMPLES, `${name}.gos`)), ['--allow-net=127.0.0.1', '--', '127.0.0.1:0']);
}

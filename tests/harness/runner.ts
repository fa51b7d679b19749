// Running things in their own processes: a compiled test program (through the host's
// launcher, exactly as `gossamer run` does), and a unit-test file
// (through `node --test`).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { NODE_FLAGS, launcherPath } from '../../src/cli/host.js';

const MAX_OUTPUT = 16 * 1024 * 1024;

export interface ProcessResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
}

export function runProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: Buffer; timeoutMs: number; cwd?: string },
): Promise<ProcessResult> {
  return new Promise(resolve => {
    const start = Date.now();
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0, errLen = 0;
    child.stdout.on('data', (b: Buffer) => { if (outLen < MAX_OUTPUT) { out.push(b); outLen += b.length; } });
    child.stderr.on('data', (b: Buffer) => { if (errLen < MAX_OUTPUT) { err.push(b); errLen += b.length; } });
    child.stdin.on('error', () => { /* the program may exit without reading its input */ });
    child.stdin.end(options.stdin ?? Buffer.alloc(0));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
        code, signal, timedOut, ms: Date.now() - start,
      });
    };
    child.on('error', e => { err.push(Buffer.from(String(e))); finish(null, null); });
    child.on('close', finish);
  });
}

export function runWasm(
  wasmPath: string,
  opts: { args: string[]; env: Record<string, string>; stdinFile: string | null; timeoutMs: number },
): Promise<ProcessResult> {
  const stdin = opts.stdinFile !== null ? fs.readFileSync(opts.stdinFile) : undefined;
  return runProcess(process.execPath, [...NODE_FLAGS, launcherPath, wasmPath, ...opts.args], {
    env: { ...process.env, ...opts.env }, stdin, timeoutMs: opts.timeoutMs,
  });
}

export interface UnitResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

/** Runs one unit-test file and splits its TAP output into one result per top-level test. */
export async function runUnitFile(file: string, timeoutMs: number): Promise<{ results: UnitResult[]; raw: ProcessResult }> {
  const raw = await runProcess(process.execPath, ['--test', '--test-reporter=tap', file], { timeoutMs });
  const results: UnitResult[] = [];
  const lines = raw.stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/.exec(lines[i]);
    if (!m) continue;
    const block: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s/.test(lines[j]); j++) block.push(lines[j]);
    const status = m[3] === 'SKIP' ? 'skip' : m[1] === 'ok' || m[3] === 'TODO' ? 'pass' : 'fail';
    results.push({ name: m[2], status, detail: block.join('\n') });
  }
  return { results, raw };
}

// Running a compiled program, through src/host: in a process of its own (the launcher,
// spawned, inheriting stdio), or in this process when it has not compiled anything (see
// run.ts for when and why). Either way the exit status is the program's.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../driver/root.js';
import { Permissions, permissionFlags } from '../host/permissions.js';
import { CliError } from './usage.js';

export const launcherPath = path.join(packageRoot, 'dist', 'src', 'host', 'launcher.js');

/**
 * Node options for the program's process. Empty: the launcher sets its V8 flags itself
 * (`--no-liftoff`, with v8.setFlagsFromString before it compiles the module; see
 * docs/architecture.md "Host and engine flags", GOSSAMER_V8_FLAGS replaces them), so a
 * program built with `gossamer build` and run with `node OUT` runs exactly the same way.
 */
export const NODE_FLAGS: readonly string[] = [];

/** Runs `wasmPath` (its source map beside it) with `args`; resolves to the exit status. */
export function runProgram(wasmPath: string, args: string[], env: NodeJS.ProcessEnv = process.env, permissions: Permissions | null = null): Promise<number> {
  if (!fs.existsSync(launcherPath)) {
    throw new CliError(`the program launcher ${path.relative(process.cwd(), launcherPath) || launcherPath} is missing: run \`npm run build\``);
  }
  return new Promise((resolve, reject) => {
    // `--` ends the launcher's permission flags: the program's arguments are its own.
    const child = spawn(process.execPath, [...NODE_FLAGS, launcherPath, wasmPath, ...permissionFlags(permissions), '--', ...args], { stdio: 'inherit', env });
    // Ctrl-C reaches the program through the terminal; it decides. A TERM sent to us
    // (a test harness timing out, a supervisor) is passed on.
    const onInt = () => {};
    const onTerm = () => child.kill('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (signal) {
        // Die of the same signal, so our parent sees what happened to the program.
        process.kill(process.pid, signal);
        resolve(128 + 1);
      } else {
        resolve(code ?? 1);
      }
    });
  });
}

/**
 * Runs the program in this process, which must not have compiled any wasm yet (the
 * host sets V8 flags that apply to modules compiled after). Never returns: the host
 * exits the process with the program's status.
 */
export async function runProgramHere(wasmPath: string, args: string[], permissions: Permissions | null = null): Promise<never> {
  if (!fs.existsSync(launcherPath)) {
    throw new CliError(`the program launcher ${path.relative(process.cwd(), launcherPath) || launcherPath} is missing: run \`npm run build\``);
  }
  const host = await import('../host/index.js');
  const wasm = fs.readFileSync(wasmPath);
  let sourceMap: string | null = null;
  try { sourceMap = fs.readFileSync(wasmPath + '.map', 'utf8'); } catch { /* traces without .gos locations */ }
  // argv[0] is the compiled program's path, as the spawned launcher gives it (and as Go's `go run` does).
  return host.runProgram(wasm, sourceMap, args, { programName: wasmPath, permissions });
}

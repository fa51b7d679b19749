// `gossamer run FILE [ARGS...]`: compile (or find in the cache) and run.
//
// The cached path is the one to keep fast (< 300 ms for hello world): it imports only
// the cache and the host, never the compiler, and runs the program in this very process
// through the host's runProgram (src/host), which sets the V8 flags before it compiles
// the module. That is safe because nothing here has compiled any wasm: the slowdown of
// same-process runs comes from running in the compiler's process, whose binaryen module
// V8 has already compiled with the default flags. Measured on the 2-core machine under
// load, hello world: 163 ms in-process against 379 ms with a second Node process (two
// Node start-ups); a 3·10^8-iteration loop ran equally fast both ways.
//
// After a compile, this process is the compiler's, so the program gets its own process
// (the launcher, spawned by host.ts). Dumps, --time and --no-cache compile afresh.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lookup, store } from '../driver/cache.js';
import { compileFlags, COMPILE_OPTIONS, parse, splitRunArgs } from './args.js';
import { runProgram, runProgramHere } from './host.js';
import { Permissions, addGrant, emptyPermissions, parsePermissionFlag } from '../host/permissions.js';
import { UsageError, COMMAND_USAGE } from './usage.js';

export async function runCommand(args: string[]): Promise<number> {
  const { own: ownArgs, file, rest } = splitRunArgs(args);
  const { permissions, own } = permissionArgs(ownArgs);
  const { values } = parse('run', own, { ...COMPILE_OPTIONS, 'no-cache': { type: 'boolean' } });
  if (values.help) { process.stdout.write(COMMAND_USAGE.run + '\n'); return 0; }
  if (file === undefined) throw new UsageError('missing FILE', 'run');
  const flags = compileFlags('run', values);
  const cacheFlags = { release: flags.release, checkRawBuf: flags.checkRawBuf };
  const fresh = values['no-cache'] || flags.dump.length > 0 || flags.time;

  const hit = fresh ? undefined : lookup(file, cacheFlags);
  if (hit) return runProgramHere(hit.wasmPath, rest, permissions);

  const { compileForCli } = await import('./compile.js');
  const result = await compileForCli(file, flags);
  if (!result || !result.wasm || result.sourceMap === undefined) return 1;
  const output = { wasm: result.wasm, sourceMap: result.sourceMap };
  let wasmPath = values['no-cache'] ? undefined : store(file, cacheFlags, output, result.reads, result.listings)?.wasmPath;
  let tempDir: string | undefined;
  if (wasmPath === undefined) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-run-'));
    wasmPath = path.join(tempDir, path.basename(file).replace(/\.gos$/, '') + '.wasm');
    fs.writeFileSync(wasmPath, output.wasm);
    fs.writeFileSync(wasmPath + '.map', output.sourceMap);
  }

  const start = performance.now();
  try {
    return await runProgram(wasmPath, rest, process.env, permissions);
  } finally {
    if (flags.time) process.stderr.write(`run  ${(performance.now() - start).toFixed(1).padStart(8)} ms\n`);
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Takes `--allow-net[=...]`, `--allow-read[=...]`, `--allow-write[=...]` out of run's own options. */
function permissionArgs(args: string[]): { permissions: Permissions | null; own: string[] } {
  let permissions: Permissions | null = null;
  const own: string[] = [];
  for (const a of args) {
    const flag = parsePermissionFlag(a);
    if (!flag) { own.push(a); continue; }
    permissions ??= emptyPermissions();
    addGrant(permissions, flag.kind, flag.value);
  }
  return { permissions, own };
}

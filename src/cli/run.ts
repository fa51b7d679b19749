// `gossamer run FILE [ARGS...]`: compile (or find in the cache) and run.
//
// The cached path is the one to keep fast (< 300 ms for hello world, two Node startups
// included): it imports only the cache and the process spawner. Dumps, --time and
// --no-cache compile afresh.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lookup, store } from '../driver/cache.js';
import { compileFlags, COMPILE_OPTIONS, parse, splitRunArgs } from './args.js';
import { compileForCli } from './compile.js';
import { runProgram } from './host.js';
import { UsageError, COMMAND_USAGE } from './usage.js';

export async function runCommand(args: string[]): Promise<number> {
  const { own, file, rest } = splitRunArgs(args);
  const { values } = parse('run', own, { ...COMPILE_OPTIONS, 'no-cache': { type: 'boolean' } });
  if (values.help) { process.stdout.write(COMMAND_USAGE.run + '\n'); return 0; }
  if (file === undefined) throw new UsageError('missing FILE', 'run');
  const flags = compileFlags('run', values);
  const cacheFlags = { release: flags.release };
  const fresh = values['no-cache'] || flags.dump.length > 0 || flags.time;

  let wasmPath = fresh ? undefined : lookup(file, cacheFlags)?.wasmPath;
  let tempDir: string | undefined;
  if (wasmPath === undefined) {
    const result = await compileForCli(file, flags);
    if (!result || !result.wasm || result.sourceMap === undefined) return 1;
    const output = { wasm: result.wasm, sourceMap: result.sourceMap };
    if (!values['no-cache']) wasmPath = store(file, cacheFlags, output, result.reads, result.listings)?.wasmPath;
    if (wasmPath === undefined) {
      tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-run-'));
      wasmPath = path.join(tempDir, path.basename(file).replace(/\.gos$/, '') + '.wasm');
      fs.writeFileSync(wasmPath, output.wasm);
      fs.writeFileSync(wasmPath + '.map', output.sourceMap);
    }
  }

  const start = performance.now();
  try {
    return await runProgram(wasmPath, rest);
  } finally {
    if (flags.time) process.stderr.write(`run  ${(performance.now() - start).toFixed(1).padStart(8)} ms\n`);
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

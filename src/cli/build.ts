// `gossamer build FILE [-o OUT]`: a standalone program, `node OUT` runs it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFlags, COMPILE_OPTIONS, parse, singleFile } from './args.js';
import { compileForCli } from './compile.js';
import { COMMAND_USAGE } from './usage.js';

export async function buildCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('build', args, { ...COMPILE_OPTIONS, output: { type: 'string', short: 'o' } });
  if (values.help) { process.stdout.write(COMMAND_USAGE.build + '\n'); return 0; }
  const file = singleFile('build', positionals);
  const flags = compileFlags('build', values);
  const out = values.output ?? path.basename(file).replace(/\.gos$/, '') + '.mjs';

  const result = await compileForCli(file, flags);
  if (!result || !result.wasm || result.sourceMap === undefined) return 1;
  if (out.endsWith('.wasm')) {
    fs.writeFileSync(out, result.wasm);
    fs.writeFileSync(out + '.map', result.sourceMap);
  } else {
    const { buildArtifactSource } = await import('../host/index.js');
    fs.writeFileSync(out, buildArtifactSource(result.wasm, result.sourceMap), { mode: 0o755 });
  }
  return 0;
}

// `gossamer check FILE`: parse and type-check, no code generation.

import { compileFlags, COMPILE_OPTIONS, parse, singleFile } from './args.js';
import { compileForCli } from './compile.js';
import { COMMAND_USAGE } from './usage.js';

export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('check', args, COMPILE_OPTIONS);
  if (values.help) { process.stdout.write(COMMAND_USAGE.check + '\n'); return 0; }
  const file = singleFile('check', positionals);
  const result = await compileForCli(file, compileFlags('check', values), { stopAfter: 'check' });
  return result ? 0 : 1;
}

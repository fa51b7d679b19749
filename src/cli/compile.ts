// The CLI's doorway into the compiler. The driver (and through it the parser, checker,
// and, on demand, codegen and binaryen) is imported here on first use only, so that a
// cached `gossamer run` never loads any of it.

import type { CompileOptions, CompileResult } from '../driver/compile.js';
import { CompileFlags } from './args.js';
import { reportCompile } from './report.js';

/** Compiles and reports; the result, or undefined after errors have been printed. */
export async function compileForCli(
  file: string,
  flags: CompileFlags,
  extra: Pick<CompileOptions, 'stopAfter' | 'entry' | 'fs'> = {},
): Promise<CompileResult | undefined> {
  const { compile } = await import('../driver/compile.js');
  const result = await compile(file, { release: flags.release, checkRawBuf: flags.checkRawBuf, dump: flags.dump, ...extra });
  const ok = reportCompile(file, result, { time: flags.time, dumpHeaders: flags.dump.length > 1 });
  return ok ? result : undefined;
}

// Argument parsing for the commands, on Node's util.parseArgs. Options shared by run,
// build and check are declared once here.

import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './usage.js';
import type { DumpKind } from '../driver/compile.js';

const DUMP_KINDS: readonly DumpKind[] = ['ast', 'ir', 'wat'];

export const COMPILE_OPTIONS = {
  release: { type: 'boolean' },
  dump: { type: 'string', multiple: true },
  time: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export interface CompileFlags {
  release: boolean;
  /** GOSSAMER_CHECK_RAWBUF=1: CompileOptions.checkRawBuf (read here, once). */
  checkRawBuf: boolean;
  dump: DumpKind[];
  time: boolean;
}

/** parseArgs, with its errors turned into UsageErrors for `command`. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e);
    throw new UsageError(message, command);
  }
}

export function compileFlags(command: string, values: { release?: boolean; dump?: string[]; time?: boolean }): CompileFlags {
  const dump: DumpKind[] = [];
  for (const item of (values.dump ?? []).flatMap(d => d.split(','))) {
    if (!(DUMP_KINDS as readonly string[]).includes(item)) {
      throw new UsageError(`--dump takes ${DUMP_KINDS.join(', ')}; found \`${item}\``, command);
    }
    if (!dump.includes(item as DumpKind)) dump.push(item as DumpKind);
  }
  return { release: values.release ?? false, checkRawBuf: process.env.GOSSAMER_CHECK_RAWBUF === '1', dump, time: values.time ?? false };
}

/** Exactly one FILE positional. */
export function singleFile(command: string, positionals: string[]): string {
  if (positionals.length === 0) throw new UsageError('missing FILE', command);
  if (positionals.length > 1) throw new UsageError(`expected one FILE, found ${positionals.length}: ${positionals.join(' ')}`, command);
  return positionals[0];
}

/**
 * `run`'s arguments: gossamer's options come before FILE, and everything after FILE
 * (or after `--`) belongs to the program, even if it looks like an option.
 */
export function splitRunArgs(args: string[]): { own: string[]; file: string | undefined; rest: string[] } {
  const own: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return { own, file: args[i + 1], rest: args.slice(i + 2) };
    if (a.startsWith('-') && a !== '-') {
      own.push(a);
      if (a === '--dump') { own.push(args[i + 1] ?? ''); i++; }   // `--dump ast` form
      continue;
    }
    return { own, file: a, rest: args.slice(i + 1) };
  }
  return { own, file: undefined, rest: [] };
}

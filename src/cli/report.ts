// How the CLI talks to a person: diagnostics, dumps and timings of a compile, and the
// "internal compiler error" message that replaces a TypeScript stack trace.

import type { CompileResult } from '../driver/compile.js';
import { renderDiagnostic } from '../diag/index.js';
import { formatTimings } from '../driver/timings.js';

export function debugEnabled(): boolean {
  return process.env.GOSSAMER_DEBUG === '1';
}

/** A bug in the compiler (an exception it did not expect). */
export function reportInternalError(message: string, stack: string | undefined, context?: string): void {
  const lines = [`error: internal compiler error: ${message}`];
  if (context) lines.push(`  = note: ${context}`);
  lines.push('  = note: this is a bug in the Gossamer compiler, not in your program; please report it with the program that triggers it');
  if (debugEnabled() && stack) lines.push('', stack);
  else lines.push('  = hint: set GOSSAMER_DEBUG=1 to see the compiler\'s stack trace');
  process.stderr.write(lines.join('\n') + '\n');
}

/** At most this many diagnostics are printed (a file that is not source code gives hundreds). */
const MAX_SHOWN = 50;

/**
 * Prints what a compile produced: dumps to stdout, then diagnostics, the internal error
 * if any, and the --time table to stderr. Returns true if the compile succeeded.
 */
export function reportCompile(file: string, result: CompileResult, options: { time?: boolean; dumpHeaders?: boolean }): boolean {
  for (const dump of result.dumps) {
    if (options.dumpHeaders) process.stdout.write(`;; ---- --dump=${dump.kind} ----\n`);
    process.stdout.write(dump.text.endsWith('\n') ? dump.text : dump.text + '\n');
  }
  if (result.diagnostics.length > 0) {
    const rendered = result.diagnostics.slice(0, MAX_SHOWN).map(d => {
      try {
        return renderDiagnostic(d, result.sources);
      } catch {
        return `${d.severity}: ${d.message}`;   // a span the renderer cannot place must not hide the message
      }
    });
    const hidden = result.diagnostics.length - rendered.length;
    if (hidden > 0) rendered.push(`... and ${hidden} more diagnostic${hidden === 1 ? '' : 's'} not shown`);
    process.stderr.write(rendered.join('\n\n') + '\n');
  }
  if (result.internalError) {
    const { phase, message, stack } = result.internalError;
    if (result.diagnostics.length > 0) process.stderr.write('\n');
    reportInternalError(message, stack, `in the ${phase} phase, compiling \`${file}\``);
  }
  const errors = result.diagnostics.filter(d => d.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(`\nerror: could not compile \`${file}\` due to ${errors} previous error${errors === 1 ? '' : 's'}\n`);
  }
  if (options.time) process.stderr.write(formatTimings(result.timings) + '\n');
  return result.ok;
}

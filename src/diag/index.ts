// Diagnostics as data, and the one renderer that turns them into text.
//
//   error: mismatched types: expected `int`, found `String`
//     --> main.gos:4:13
//      |
//    4 |     let x: int = "a";
//      |                  ^^^
//      = hint: ...

import { SourceMap, Span } from '../source/index.js';

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  span?: Span;
  hint?: string;
  notes?: { message: string; span?: Span }[];
}

/** Thrown to abandon a phase after errors have been recorded (never escapes the driver). */
export class CompileErrors extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(d => d.message).join('\n'));
  }
}

export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  /** Errors reported, repeats included: a phase that saw one may stay quiet about what follows from it. */
  reported = 0;
  error(message: string, span?: Span, hint?: string): Diagnostic {
    this.reported++;
    const same = this.items.find(x => x.message === message && x.span?.file === span?.file && x.span?.start === span?.start);
    if (same) return same;
    const d: Diagnostic = { severity: 'error', message, span, hint };
    this.items.push(d);
    return d;
  }
  get hasErrors(): boolean { return this.items.some(d => d.severity === 'error'); }
}

export function renderDiagnostic(d: Diagnostic, sources: SourceMap): string {
  const out: string[] = [`${d.severity}: ${d.message}`];
  if (d.span && sources.files[d.span.file]) {
    const { line, col } = sources.lineCol(d.span.file, d.span.start);
    const text = sources.lineText(d.span.file, line);
    const gutter = String(line).length;
    const pad = ' '.repeat(gutter);
    const endLc = sources.lineCol(d.span.file, Math.max(d.span.start, d.span.end - 1));
    const width = endLc.line === line ? Math.max(1, endLc.col - col + 1) : Math.max(1, text.length - col + 1);
    out.push(`${pad}--> ${sources.files[d.span.file].path}:${line}:${col}`);
    out.push(`${pad} |`);
    out.push(`${line} | ${text}`);
    out.push(`${pad} | ${' '.repeat(Math.max(0, col - 1))}${'^'.repeat(width)}`);
  }
  for (const n of d.notes ?? []) {
    out.push(`  = note: ${n.message}${n.span ? ` (${sources.describe(n.span)})` : ''}`);
  }
  if (d.hint) out.push(`  = hint: ${d.hint}`);
  return out.join('\n');
}

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
    const shown = displayLine(text, col - 1, width);
    out.push(`${pad}--> ${sources.files[d.span.file].path}:${line}:${col}`);
    out.push(`${pad} |`);
    out.push(`${line} | ${shown.text}`);
    out.push(`${pad} | ${' '.repeat(shown.at)}${'^'.repeat(shown.width)}`);
  }
  for (const n of d.notes ?? []) {
    out.push(`  = note: ${n.message}${n.span ? ` (${sources.describe(n.span)})` : ''}`);
  }
  if (d.hint) out.push(`  = hint: ${d.hint}`);
  return out.join('\n');
}

/** Source lines longer than this (as shown) are cut to a window around the caret. */
export const MAX_SHOWN_LINE = 120;

/**
 * A source line as a terminal can show it, with the caret's place in it: tabs as four
 * spaces, control characters as their Unicode pictures (U+2400...; raw bytes must not
 * reach the terminal), and a line longer than MAX_SHOWN_LINE cut around the caret, with
 * `...` where it was cut.
 */
export function displayLine(text: string, at: number, width: number): { text: string; at: number; width: number } {
  const show = (x: string): string => x.replace(/\t/g, '    ')
    .replace(/[\x00-\x1f\x7f]/g, c => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
  const before = show(text.slice(0, at)), marked = show(text.slice(at, at + width));
  const full = before + marked + show(text.slice(at + width));
  let caret = Math.max(1, marked.length);
  if (full.length <= MAX_SHOWN_LINE) return { text: full, at: before.length, width: caret };
  const room = MAX_SHOWN_LINE - 6;   // the two `...`
  caret = Math.min(caret, room);
  const start = Math.max(0, Math.min(before.length - Math.floor((room - caret) / 3), full.length - room));
  const end = Math.min(full.length, start + room);
  const head = start > 0 ? '...' : '';
  return { text: head + full.slice(start, end) + (end < full.length ? '...' : ''), at: head.length + before.length - start, width: caret };
}

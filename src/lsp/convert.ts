// Between the compiler's offsets and the protocol's positions, paths and URIs, and its
// diagnostics and the protocol's. Offsets are UTF-16 code units of the JS string, and so
// are LSP's default `character`s, so a position is a line start plus a column.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic as LspDiagnostic, Location, Position, Range } from 'vscode-languageserver';
import { Diagnostic } from '../diag/index.js';
import { SourceFile, SourceMap, Span } from '../source/index.js';

export function offsetOf(file: SourceFile, pos: Position): number {
  const start = file.lineStarts[Math.min(pos.line, file.lineStarts.length - 1)] ?? 0;
  const next = pos.line + 1 < file.lineStarts.length ? file.lineStarts[pos.line + 1] : file.text.length;
  return Math.min(start + pos.character, next);
}

export function positionOf(sources: SourceMap, file: number, offset: number): Position {
  const { line, col } = sources.lineCol(file, offset);
  return { line: line - 1, character: col - 1 };
}

export function rangeOf(sources: SourceMap, span: Span): Range {
  return { start: positionOf(sources, span.file, span.start), end: positionOf(sources, span.file, Math.max(span.start, span.end)) };
}

/** Text documents that are not files (an unsaved, untitled buffer) get a path of their own. */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  return path.join(path.sep, '__gossamer_untitled__', encodeURIComponent(uri) + (uri.endsWith('.gos') ? '' : '.gos'));
}

export function pathToUri(p: string): string {
  const dir = path.join(path.sep, '__gossamer_untitled__') + path.sep;
  if (p.startsWith(dir)) return decodeURIComponent(path.basename(p).replace(/\.gos$/, ''));
  return pathToFileURL(p).href;
}

export function locationOf(sources: SourceMap, paths: string[], span: Span): Location {
  return { uri: pathToUri(paths[span.file]), range: rangeOf(sources, span) };
}

/**
 * A compiler diagnostic as the protocol's: its span (or the file's first character),
 * the hint as part of the message, notes with spans as related information.
 */
export function toLspDiagnostic(d: Diagnostic, sources: SourceMap, paths: string[], file: number): LspDiagnostic {
  const span = d.span ?? { file, start: 0, end: 0 };
  const related = (d.notes ?? []).filter(n => n.span).map(n => ({ location: locationOf(sources, paths, n.span!), message: n.message }));
  const unplaced = (d.notes ?? []).filter(n => !n.span).map(n => `note: ${n.message}`);
  return {
    range: rangeOf(sources, span),
    severity: d.severity === 'error' ? 1 : 2,
    source: 'gossamer',
    message: [d.message, ...unplaced, ...(d.hint ? [`hint: ${d.hint}`] : [])].join('\n'),
    ...(related.length ? { relatedInformation: related } : {}),
  };
}

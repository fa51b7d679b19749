// Source files, spans and line maps. Everything downstream points into source
// through a Span: a file id plus byte offsets, resolved to line:col only when rendered.

export interface Span {
  file: number;   // index into SourceMap.files
  start: number;  // byte offset (UTF-16 code unit offset of the JS string; sources are read as JS strings)
  end: number;    // exclusive
}

export interface SourceFile {
  id: number;
  path: string;       // as the user named it, used in messages
  text: string;
  lineStarts: number[];
}

/** The file system the compiler sees; the driver passes Node's, tests an in-memory one. */
export interface FileSystem {
  readFile(path: string): string | undefined;
}

export class SourceMap {
  readonly files: SourceFile[] = [];

  add(path: string, text: string): SourceFile {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const file: SourceFile = { id: this.files.length, path, text, lineStarts };
    this.files.push(file);
    return file;
  }

  /** 1-based line and column of an offset. */
  lineCol(file: number, offset: number): { line: number; col: number } {
    const starts = this.files[file].lineStarts;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  }

  lineText(file: number, line: number): string {
    const f = this.files[file];
    const start = f.lineStarts[line - 1] ?? f.text.length;
    const end = line < f.lineStarts.length ? f.lineStarts[line] - 1 : f.text.length;
    return f.text.slice(start, end).replace(/\r$/, '');
  }

  /** "file.gos:line:col" */
  describe(span: Span): string {
    const { line, col } = this.lineCol(span.file, span.start);
    return `${this.files[span.file].path}:${line}:${col}`;
  }
}

/**
 * Source text must be UTF-8. Reading a file that is not raises this (never a silent
 * U+FFFD): `text` is the file decoded with replacement characters, `offset` the position
 * in it of the first bad byte (so a diagnostic can point there), `byte` its value.
 */
export class NotUtf8Error extends Error {
  constructor(readonly path: string, readonly text: string, readonly offset: number, readonly byte: number) {
    super(`\`${path}\` is not valid UTF-8`);
  }

  /** The diagnostic's message (its span is `offset`). */
  describe(): string {
    return `source file is not valid UTF-8: byte 0x${this.byte.toString(16).toUpperCase().padStart(2, '0')} is not part of a UTF-8 character`;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** The text of UTF-8 `bytes`; NotUtf8Error (naming `path`) if they are not UTF-8. */
export function decodeSource(path: string, bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new NotUtf8Error(path, lossyUtf8.decode(bytes), lossyUtf8.decode(bytes.subarray(0, bad)).length, bytes[bad]);
  }
}

/** Index of the first byte that does not belong to a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const b0 = b[i];
    if (b0 < 0x80) { i++; continue; }
    let w: number, lo = 0x80, hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) w = 2;
    else if (b0 >= 0xe0 && b0 <= 0xef) { w = 3; if (b0 === 0xe0) lo = 0xa0; if (b0 === 0xed) hi = 0x9f; }
    else if (b0 >= 0xf0 && b0 <= 0xf4) { w = 4; if (b0 === 0xf0) lo = 0x90; if (b0 === 0xf4) hi = 0x8f; }
    else return i;
    if (i + w > b.length) return i;
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k < w; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += w;
  }
  return -1;
}

export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

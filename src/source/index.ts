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

export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

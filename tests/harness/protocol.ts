// Messages between run-all.ts and its compile workers (worker.ts), over Node's IPC.

export type WorkerRequest =
  /** Compile a tests/run program to wasm (through the cache unless noCache). */
  | { id: number; kind: 'compile'; file: string; release: boolean; noCache: boolean; tempDir: string }
  /** Compile a tests/errors program: report its errors with their lines. */
  | { id: number; kind: 'errors'; file: string }
  /** Feed broken variants of a program to the front end and checker. */
  | { id: number; kind: 'fuzz'; file: string; tempDir: string; budgetMs: number }
  /**
   * Compile a generated program from its text (tests/fuzz), as if it were `file`; with
   * stopAfter 'check' only load and check it. The wasm, if any, goes beside `file`.
   */
  | { id: number; kind: 'compile-text'; file: string; text: string; stopAfter: 'check' | 'codegen' };

export interface CompileReply {
  id: number;
  ok: boolean;
  wasmPath?: string;
  /** Rendered diagnostics, for the failure report. */
  rendered: string;
  internalError?: string;
  /** Errors with their 1-based line in the entry file (null: elsewhere or no span). */
  errors: { line: number | null; message: string }[];
}

export interface FuzzReply {
  id: number;
  /** How many variants ran (within the time budget) of how many there are. */
  variants: number;
  total: number;
  failures: { variant: string; problem: string; saved: string }[];
}

export type WorkerReply = CompileReply | FuzzReply | { id: number; crash: string };

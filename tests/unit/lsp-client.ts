// A minimal language-server client for tests and measurements: starts `gossamer lsp`
// as an editor does, frames JSON-RPC messages with Content-Length headers, and lets a
// test await responses and published diagnostics.

import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CLI = fileURLToPath(new URL('../../../bin/gossamer.js', import.meta.url));

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  message: string;
  relatedInformation?: { location: { uri: string }; message: string }[];
}

interface Waiter { uri: string; pred: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }

export class LspClient {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private waiters: Waiter[] = [];
  /** The last diagnostics published for each URI, and when (performance.now()). */
  readonly diagnostics = new Map<string, { list: Diagnostic[]; at: number }>();
  /** window/logMessage texts (the server logs internal errors there). */
  readonly logs: string[] = [];
  stderr = '';

  constructor(cwd?: string) {
    this.proc = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
  }

  async initialize(rootPath: string): Promise<unknown> {
    const result = await this.request('initialize', { processId: process.pid, rootUri: pathToFileURL(rootPath).href, capabilities: {} });
    this.notify('initialized', {});
    return result;
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The next diagnostics published for `uri` that satisfy `pred`. */
  nextDiagnostics(uri: string, pred: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return new Promise(resolve => this.waiters.push({ uri, pred, resolve }));
  }

  open(uri: string, text: string): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'gossamer', version: 1, text } });
  }

  /** Replaces the whole text (a full-document change). */
  change(uri: string, version: number, text: string): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    await new Promise<void>(resolve => {
      if (this.proc.exitCode !== null) resolve();
      else this.proc.on('exit', () => resolve());
    });
  }

  kill(): void { this.proc.kill(); }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } });
    }
  }

  private dispatch(msg: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }): void {
    if (msg.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = msg.params as { uri: string; diagnostics: Diagnostic[] };
      this.diagnostics.set(uri, { list: diagnostics, at: performance.now() });
      const ready = this.waiters.filter(w => w.uri === uri && w.pred(diagnostics));
      this.waiters = this.waiters.filter(w => !ready.includes(w));
      for (const w of ready) w.resolve(diagnostics);
      return;
    }
    if (msg.method === 'window/logMessage') {
      this.logs.push((msg.params as { message: string }).message);
      return;
    }
    if (msg.method !== undefined && msg.id !== undefined) {
      // A request from the server (configuration, registration): answer with nothing.
      this.send({ jsonrpc: '2.0', id: msg.id, result: null });
      return;
    }
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    }
  }
}

/** The LSP position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` not found`);
  }
  const offset = at + delta;
  const line = text.slice(0, offset).split('\n').length - 1;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

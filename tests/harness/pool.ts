// Concurrency for the harness: a priority semaphore over os.cpus() slots, shared by
// compiles, program runs and unit-test processes, and a pool of long-lived compile
// worker processes (each loads the compiler and binaryen once).

import { ChildProcess, fork } from 'node:child_process';
import { WorkerReply, WorkerRequest } from './protocol.js';

/** Lower number = served first. Runs of compiled programs go before new compiles, so
 *  results (and failures) show up early and compiled wasm does not pile up. */
export const Priority = { run: 0, compile: 1, fuzz: 2 } as const;

export class Slots {
  private free: number;
  private readonly waiting: { priority: number; seq: number; wake: () => void }[] = [];
  private seq = 0;

  constructor(count: number) { this.free = count; }

  async with<T>(priority: number, task: () => Promise<T>): Promise<T> {
    await this.acquire(priority);
    try { return await task(); } finally { this.release(); }
  }

  private acquire(priority: number): Promise<void> {
    if (this.free > 0) { this.free--; return Promise.resolve(); }
    return new Promise(wake => {
      this.waiting.push({ priority, seq: this.seq++, wake });
      this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.wake(); else this.free++;
  }
}

type Payload = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  id: number;
  resolve: (r: WorkerReply) => void;
  timer: NodeJS.Timeout;
}

interface Worker {
  proc: ChildProcess;
  current: Pending | null;
  stderrTail: string;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly queue: { payload: Payload; timeoutMs: number; resolve: (r: WorkerReply) => void }[] = [];
  private nextId = 1;

  constructor(private readonly script: string, private readonly size: number) {}

  /** Sends a request to a free worker; a timeout or a crash comes back as `{ crash }`. */
  request(payload: Payload, timeoutMs: number): Promise<WorkerReply> {
    return new Promise(resolve => {
      this.queue.push({ payload, timeoutMs, resolve });
      this.pump();
    });
  }

  close(): void {
    for (const w of this.workers) w.proc.kill();
    this.workers.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let w = this.workers.find(x => x.current === null);
      if (!w && this.workers.length < this.size) w = this.spawn();
      if (!w) return;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const worker = w;
      const timer = setTimeout(() => {
        this.fail(worker, `timed out after ${Math.round(job.timeoutMs / 1000)} s`);
      }, job.timeoutMs);
      worker.current = { id, resolve: job.resolve, timer };
      worker.proc.send({ ...job.payload, id });
    }
  }

  private spawn(): Worker {
    const proc = fork(this.script, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const w: Worker = { proc, current: null, stderrTail: '' };
    const keep = (chunk: Buffer) => { w.stderrTail = (w.stderrTail + chunk.toString()).slice(-4000); };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    proc.on('message', (reply: WorkerReply) => {
      const cur = w.current;
      if (!cur || reply.id !== cur.id) return;
      clearTimeout(cur.timer);
      w.current = null;
      cur.resolve(reply);
      this.pump();
    });
    proc.on('exit', (code, signal) => {
      this.fail(w, `the compile worker died (${signal ?? `exit ${code}`})${w.stderrTail ? `:\n${w.stderrTail}` : ''}`);
    });
    this.workers.push(w);
    return w;
  }

  /** Ends a worker whose request timed out or crashed; the request gets `{ crash }`. */
  private fail(w: Worker, why: string): void {
    const idx = this.workers.indexOf(w);
    if (idx < 0) return;
    this.workers.splice(idx, 1);
    w.proc.kill('SIGKILL');
    const cur = w.current;
    w.current = null;
    if (cur) {
      clearTimeout(cur.timer);
      cur.resolve({ id: cur.id, crash: why });
    }
    this.pump();
  }
}

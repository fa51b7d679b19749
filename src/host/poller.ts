// The host's I/O thread: performs the operations the runtime submits (runtime/netpoll.gos)
// and publishes their completions, in batches, through rings in the shared memory.
//
// It runs on the main thread's event loop, which has nothing else to do once the
// workers run (docs/runtime.md "The poller" has the measurements behind that choice).
// It waits for submissions with Atomics.waitAsync on the area's HOST_IDLE word, drains
// every submission present, and performs each one: a file operation on libuv's thread
// pool (fs.read into a view of the shared memory), a socket read by taking data that
// has arrived or waiting for the next 'data' event, a write by copying the bytes into
// a Buffer and handing it to the socket. Each completion writes its result into the
// operation record and publishes the record on the CQ; once per batch (at the end of a
// drain, or in the check phase after a turn of socket callbacks) it bumps CQ_WAKE and
// notifies it, waking the P that sleeps as the poller. So a P is woken once per batch,
// never per byte or per operation.
//
// Ownership: a record and the buffers it names belong to this side from the moment it
// is taken off the SQ until its completion is published; after that this side never
// touches them. Writes copy the caller's bytes when the operation starts, so a write
// that times out or is cut short by a close leaves nothing of the caller's in Node's
// hands. Reads fill the caller's buffer only while the operation is pending; data that
// arrives with no read pending waits in JS Buffers (at most HIGH_WATER per connection,
// then the socket is paused).
//
// Public interface (for the launcher): `startPoller(memory, area, permissions)`.

import fs from 'node:fs';
import net from 'node:net';
import { AREA, ERR, FLAG_BLOCKING, HANDLE_STDIN, KIND, NODE_ERRORS, OP, OPEN, OPS, OPT_NODELAY } from './io-abi.js';
import { Permissions, allowsNet, allowsPath, splitHostPort } from './permissions.js';

// Node's @types do not declare WebAssembly.Memory here: the part we use.
interface SharedMemory { readonly buffer: ArrayBufferLike }
// Nor Atomics.waitAsync (ES2024), which Node 20 has.
declare global {
  interface Atomics {
    waitAsync(a: Int32Array, index: number, value: number, timeout?: number): { async: false; value: string } | { async: true; value: Promise<string> };
  }
}

/** Bytes a connection may hold unread before its socket is paused (and resumed below LOW_WATER). */
const HIGH_WATER = 256 * 1024;
const LOW_WATER = 64 * 1024;
/** How long to wait before reading stdin again after EAGAIN (a non-blocking stdin). */
const STDIN_RETRY_MS = 5;

interface Pending { op: number; timer: NodeJS.Timeout | null; done: boolean }

interface FileHandle { kind: 'file'; fd: number }
interface ConnHandle {
  kind: 'conn';
  sock: net.Socket;
  chunks: Buffer[];
  queued: number;
  eof: boolean;       // the peer ended, or reads were shut down
  error: number;      // an ERR code once the socket failed
  closed: boolean;
  paused: boolean;
  readers: Pending[];
  writers: Set<Pending>;
  addrs: string;      // "local peer"
}
interface ListenerHandle {
  kind: 'listener';
  server: net.Server;
  backlog: ConnHandle[];     // accepted by the system, not yet by the program
  acceptors: Pending[];
  closed: boolean;
}
type Handle = FileHandle | ConnHandle | ListenerHandle;

export function startPoller(memory: SharedMemory, area: number, permissions: Permissions | null): Poller {
  const p = new Poller(memory, area, permissions);
  p.start();
  return p;
}

export class Poller {
  private u8!: Uint8Array;
  private i32!: Int32Array;
  private dv!: DataView;
  private readonly handles: (Handle | undefined)[] = [];
  private readonly freeHandles: number[] = [];
  private readonly stash = new Map<number, Buffer>();
  private nextStash = 1;
  private readonly backlog: number[] = [];   // completions waiting for room on the CQ
  private wakeQueued = false;
  private published = false;
  private readonly enc = new TextEncoder();
  private readonly dec = new TextDecoder();

  constructor(private readonly memory: SharedMemory, private readonly area: number, private readonly perms: Permissions | null) {
    this.refresh();
    this.handles[HANDLE_STDIN] = { kind: 'file', fd: 0 };
    this.handles[1] = { kind: 'file', fd: 1 };
    this.handles[2] = { kind: 'file', fd: 2 };
  }

  start(): void {
    this.drain();
  }

  // ------------------------------------------------------------------ rings

  /** Views over the memory, renewed when it has grown. */
  private refresh(): void {
    const buf = this.memory.buffer;
    if (this.u8 && this.u8.buffer === buf && this.u8.byteLength === buf.byteLength) return;
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.dv = new DataView(buf);
  }

  private word(off: number): number { return (this.area + off) >> 2; }

  /** Takes every submission present, performs it, then waits for the next. */
  private drain = (): void => {
    this.refresh();
    const i32 = this.i32;
    let head = i32[this.word(AREA.SQ_HEAD)];
    for (;;) {
      const slot = this.word(AREA.SQ + (head & (AREA.SQ_SIZE - 1)) * 4);
      const op = Atomics.load(i32, slot);
      if (op === 0) break;
      Atomics.store(i32, slot, 0);
      head = (head + 1) | 0;
      Atomics.store(i32, this.word(AREA.SQ_HEAD), head);
      this.perform(op >>> 0);
    }
    this.wake();
    // Sleep: announce it, look once more (a P stores its entry, then looks at HOST_IDLE).
    const idle = this.word(AREA.HOST_IDLE);
    Atomics.store(i32, idle, 1);
    const next = this.word(AREA.SQ + (head & (AREA.SQ_SIZE - 1)) * 4);
    if (Atomics.load(i32, next) !== 0) {
      Atomics.store(i32, idle, 0);
      setImmediate(this.drain);
      return;
    }
    const w = Atomics.waitAsync(i32, idle, 1);
    if (w.async) void w.value.then(this.awake);
    else this.awake();
  };

  private awake = (): void => {
    Atomics.store(this.i32, this.word(AREA.HOST_IDLE), 0);
    this.drain();
  };

  /** Writes the result and hands the record back: through the CQ, or to a thread blocked on it. */
  private complete(op: number, result: number, result2 = 0): void {
    this.refresh();
    const dv = this.dv;
    dv.setInt32(op + OP.RESULT, result >>> 0 | 0, true);
    dv.setInt32(op + OP.RESULT + 4, Math.floor(result / 4294967296), true);
    dv.setUint32(op + OP.RESULT2, result2 >>> 0, true);
    if (dv.getUint32(op + OP.FLAGS, true) & FLAG_BLOCKING) {
      Atomics.store(this.i32, (op + OP.STATE) >> 2, 1);
      Atomics.notify(this.i32, (op + OP.STATE) >> 2);
      return;
    }
    if (this.backlog.length > 0 || !this.publish(op)) this.backlog.push(op);
    if (!this.wakeQueued) {
      this.wakeQueued = true;
      setImmediate(this.wakeSoon);
    }
  }

  private fail(op: number, code: number): void { this.complete(op, -code); }

  private publish(op: number): boolean {
    const i32 = this.i32;
    const tail = i32[this.word(AREA.CQ_TAIL)];
    if (((tail - Atomics.load(i32, this.word(AREA.CQ_HEAD))) >>> 0) >= AREA.CQ_SIZE) return false;
    Atomics.store(i32, this.word(AREA.CQ + (tail & (AREA.CQ_SIZE - 1)) * 4), op);
    Atomics.store(i32, this.word(AREA.CQ_TAIL), (tail + 1) | 0);
    this.published = true;
    return true;
  }

  private wakeSoon = (): void => {
    this.wakeQueued = false;
    this.wake();
  };

  /** Publishes what waits for room, then wakes the poller P if anything was published. */
  private wake(): void {
    this.refresh();
    while (this.backlog.length > 0 && this.publish(this.backlog[0])) this.backlog.shift();
    if (this.backlog.length > 0 && !this.wakeQueued) {
      this.wakeQueued = true;
      setTimeout(this.wakeSoon, 1);
    }
    if (!this.published) return;
    this.published = false;
    const w = this.word(AREA.CQ_WAKE);
    Atomics.add(this.i32, w, 1);
    Atomics.notify(this.i32, w, 1);
  }

  // ------------------------------------------------------------------ operations

  private u32(op: number, field: number): number { return this.dv.getUint32(op + field, true); }
  private i64(op: number, field: number): number { return Number(this.dv.getBigInt64(op + field, true)); }
  private str(addr: number, len: number): string { return this.dec.decode(this.u8.slice(addr, addr + len)); }
  private path(op: number): string { return this.str(this.u32(op, OP.BUF2), this.u32(op, OP.LEN2)); }
  private view(op: number): Uint8Array { return new Uint8Array(this.memory.buffer, this.u32(op, OP.BUF), this.u32(op, OP.LEN)); }

  private perform(op: number): void {
    const code = this.u32(op, OP.CODE);
    try {
      switch (code) {
        case OPS.NOP: return this.complete(op, 0);
        case OPS.OPEN: return this.open(op);
        case OPS.READ: return this.read(op);
        case OPS.WRITE: return this.write(op);
        case OPS.CLOSE: return this.close(op);
        case OPS.READ_FILE: return this.readFile(op);
        case OPS.WRITE_FILE: return this.writeFile(op);
        case OPS.READ_DIR: return this.readDir(op);
        case OPS.MKDIR: return this.mkdir(op);
        case OPS.REMOVE: return this.remove(op);
        case OPS.RENAME: return this.rename(op);
        case OPS.STAT: return this.stat(op);
        case OPS.TAKE: return this.take(op);
        case OPS.LISTEN: return this.listen(op);
        case OPS.ACCEPT: return this.accept(op);
        case OPS.CONNECT: return this.connect(op);
        case OPS.SHUTDOWN: return this.shutdown(op);
        case OPS.SET_OPT: return this.setOpt(op);
        case OPS.SET_DEADLINE: return this.setDeadline(op);
        default: return this.fail(op, ERR.INVALID_INPUT);
      }
    } catch (e) {
      this.fail(op, errorCode(e));
    }
  }

  private handle(op: number): Handle | undefined { return this.handles[this.dv.getInt32(op + OP.HANDLE, true)]; }

  private addHandle(h: Handle): number {
    const id = this.freeHandles.pop() ?? Math.max(3, this.handles.length);
    this.handles[id] = h;
    return id;
  }

  private dropHandle(id: number): void {
    this.handles[id] = undefined;
    if (id > 2) this.freeHandles.push(id);
  }

  /** Callback for a libuv request: the result, or the error's code. */
  private done(op: number): (e: NodeJS.ErrnoException | null, r?: number) => void {
    return (e, r) => (e ? this.fail(op, errorCode(e)) : this.complete(op, r ?? 0));
  }

  // ---- files

  private allowed(op: number, kind: 'read' | 'write', file: string): boolean {
    if (allowsPath(this.perms, kind, file)) return true;
    this.fail(op, kind === 'read' ? ERR.NOT_ALLOWED_READ : ERR.NOT_ALLOWED_WRITE);
    return false;
  }

  private open(op: number): void {
    const file = this.path(op);
    const arg = this.i64(op, OP.ARG);
    const f = arg & 0xffff, mode = Math.floor(arg / 65536) || 0o666;
    const writes = (f & (OPEN.WRITE | OPEN.APPEND | OPEN.CREATE | OPEN.TRUNCATE | OPEN.CREATE_NEW)) !== 0;
    if (((f & OPEN.READ) || !writes) && !this.allowed(op, 'read', file)) return;
    if (writes && !this.allowed(op, 'write', file)) return;
    const c = fs.constants;
    let flags = (f & OPEN.READ) && writes ? c.O_RDWR : writes ? c.O_WRONLY : c.O_RDONLY;
    if (f & OPEN.CREATE) flags |= c.O_CREAT;
    if (f & OPEN.TRUNCATE) flags |= c.O_TRUNC;
    if (f & OPEN.APPEND) flags |= c.O_APPEND;
    if (f & OPEN.CREATE_NEW) flags |= c.O_CREAT | c.O_EXCL;
    fs.open(file, flags, mode, (e, fd) => (e ? this.fail(op, errorCode(e)) : this.complete(op, this.addHandle({ kind: 'file', fd }))));
  }

  private read(op: number): void {
    const h = this.handle(op);
    if (!h) return this.fail(op, ERR.BAD_HANDLE);
    if (h.kind === 'conn') return this.connRead(h, op);
    if (h.kind !== 'file') return this.fail(op, ERR.INVALID_INPUT);
    const at = this.i64(op, OP.ARG);
    const len = this.u32(op, OP.LEN);
    const attempt = (): void => {
      fs.read(h.fd, this.view(op), 0, len, at < 0 ? null : at, (e, n) => {
        if (e && e.code === 'EAGAIN') { setTimeout(attempt, STDIN_RETRY_MS); return; }
        if (e && e.code === 'EOF') { this.complete(op, 0); return; }
        if (e) this.fail(op, errorCode(e)); else this.complete(op, n);
      });
    };
    attempt();
  }

  private write(op: number): void {
    const h = this.handle(op);
    if (!h) return this.fail(op, ERR.BAD_HANDLE);
    if (h.kind === 'conn') return this.connWrite(h, op);
    if (h.kind !== 'file') return this.fail(op, ERR.INVALID_INPUT);
    const at = this.i64(op, OP.ARG);
    fs.write(h.fd, this.view(op), 0, this.u32(op, OP.LEN), at < 0 ? null : at, this.done(op));
  }

  private close(op: number): void {
    const id = this.dv.getInt32(op + OP.HANDLE, true);
    const h = this.handles[id];
    if (!h || id <= 2) return this.fail(op, ERR.BAD_HANDLE);
    this.dropHandle(id);
    if (h.kind === 'file') return fs.close(h.fd, e => (e ? this.fail(op, errorCode(e)) : this.complete(op, 0)));
    if (h.kind === 'conn') this.connClose(h);
    else this.listenerClose(h);
    this.complete(op, 0);
  }

  /** Copies `data` into the record's buffer if it fits; otherwise keeps it for TAKE. */
  private deliver(op: number, data: Uint8Array): void {
    if (data.length <= this.u32(op, OP.LEN)) {
      this.u8.set(data, this.u32(op, OP.BUF));
      this.complete(op, data.length);
    } else {
      const id = this.nextStash++;
      this.stash.set(id, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      this.complete(op, data.length, id);
    }
  }

  private readFile(op: number): void {
    const file = this.path(op);
    if (!this.allowed(op, 'read', file)) return;
    fs.readFile(file, (e, data) => {
      this.refresh();
      if (e) this.fail(op, errorCode(e)); else this.deliver(op, data);
    });
  }

  private writeFile(op: number): void {
    const file = this.path(op);
    if (!this.allowed(op, 'write', file)) return;
    fs.writeFile(file, this.view(op), { flag: this.i64(op, OP.ARG) === 1 ? 'a' : 'w' }, e => (e ? this.fail(op, errorCode(e)) : this.complete(op, 0)));
  }

  private readDir(op: number): void {
    const dir = this.path(op);
    if (!this.allowed(op, 'read', dir)) return;
    fs.readdir(dir, { withFileTypes: true }, (e, entries) => {
      this.refresh();
      if (e) return this.fail(op, errorCode(e));
      const parts: Buffer[] = [];
      for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const kind = d.isFile() ? KIND.FILE : d.isDirectory() ? KIND.DIR : d.isSymbolicLink() ? KIND.SYMLINK : KIND.OTHER;
        parts.push(Buffer.from([kind]), Buffer.from(d.name), Buffer.from([0]));
      }
      this.deliver(op, Buffer.concat(parts));
    });
  }

  private mkdir(op: number): void {
    const dir = this.path(op);
    if (!this.allowed(op, 'write', dir)) return;
    fs.mkdir(dir, { recursive: this.i64(op, OP.ARG) === 1 }, e => (e ? this.fail(op, errorCode(e)) : this.complete(op, 0)));
  }

  private remove(op: number): void {
    const file = this.path(op);
    if (!this.allowed(op, 'write', file)) return;
    const how = this.i64(op, OP.ARG);
    const result = (e: NodeJS.ErrnoException | null): void => (e ? this.fail(op, errorCode(e)) : this.complete(op, 0));
    if (how === 1) return fs.rm(file, { recursive: true }, result);
    if (how === 2) return fs.unlink(file, result);
    if (how === 3) return fs.rmdir(file, result);
    // A file, or else an empty directory (Go's os.Remove).
    fs.unlink(file, e => {
      if (!e) return this.complete(op, 0);
      fs.rmdir(file, e2 => (!e2 ? this.complete(op, 0) : this.fail(op, errorCode(e2.code === 'ENOTDIR' ? e : e2))));
    });
  }

  private rename(op: number): void {
    const from = this.path(op);
    const to = this.str(this.u32(op, OP.BUF), this.u32(op, OP.LEN));
    if (!this.allowed(op, 'write', from) || !this.allowed(op, 'write', to)) return;
    fs.rename(from, to, e => (e ? this.fail(op, errorCode(e)) : this.complete(op, 0)));
  }

  private stat(op: number): void {
    const put = (e: NodeJS.ErrnoException | null, st?: fs.BigIntStats): void => {
      this.refresh();
      if (e || !st) return this.fail(op, errorCode(e));
      const b = this.u32(op, OP.BUF);
      const kind = st.isFile() ? KIND.FILE : st.isDirectory() ? KIND.DIR : st.isSymbolicLink() ? KIND.SYMLINK : KIND.OTHER;
      this.dv.setBigInt64(b, st.size, true);
      this.dv.setBigInt64(b + 8, st.mtimeNs, true);
      this.dv.setUint32(b + 16, kind, true);
      this.dv.setUint32(b + 20, Number(st.mode & 0xfffn), true);
      this.complete(op, 0);
    };
    if (this.u32(op, OP.LEN2) === 0) {
      const h = this.handle(op);
      if (!h || h.kind !== 'file') return this.fail(op, ERR.BAD_HANDLE);
      fs.fstat(h.fd, { bigint: true }, put);
      return;
    }
    const file = this.path(op);
    if (!this.allowed(op, 'read', file)) return;
    if (this.i64(op, OP.ARG) === 1) fs.lstat(file, { bigint: true }, put);
    else fs.stat(file, { bigint: true }, put);
  }

  private take(op: number): void {
    const id = this.dv.getInt32(op + OP.HANDLE, true);
    const data = this.stash.get(id);
    if (!data) return this.fail(op, ERR.BAD_HANDLE);
    this.stash.delete(id);
    const n = Math.min(data.length, this.u32(op, OP.LEN));
    this.u8.set(data.subarray(0, n), this.u32(op, OP.BUF));
    this.complete(op, n);
  }

  // ---- sockets

  /** "host:port" of the record's BUF2, checked against --allow-net; null after failing the record. */
  private address(op: number): { host: string; port: number } | null {
    const text = this.path(op);
    const { host, port } = splitHostPort(text);
    if (port === null || port > 65535 || !/:\d+$/.test(text)) { this.fail(op, ERR.INVALID_INPUT); return null; }
    if (!allowsNet(this.perms, host, port)) { this.fail(op, ERR.NOT_ALLOWED_NET); return null; }
    return { host: host === '' ? '0.0.0.0' : host, port };
  }

  /** Writes "local peer" into the record's buffer; completes with the handle. */
  private completeConn(op: number, id: number, addrs: string): void {
    this.refresh();
    const bytes = this.enc.encode(addrs).subarray(0, this.u32(op, OP.LEN));
    this.u8.set(bytes, this.u32(op, OP.BUF));
    this.complete(op, id, bytes.length);
  }

  private listen(op: number): void {
    const a = this.address(op);
    if (!a) return;
    const server = net.createServer({ allowHalfOpen: true, noDelay: true });
    const l: ListenerHandle = { kind: 'listener', server, backlog: [], acceptors: [], closed: false };
    let listening = false;
    server.on('error', (e: NodeJS.ErrnoException) => {
      if (!listening) this.fail(op, errorCode(e));
    });
    server.on('connection', (sock: net.Socket) => {
      if (l.closed) { sock.destroy(); return; }
      const c = this.newConn(sock);
      const acceptor = takePending(l.acceptors);
      if (acceptor) { this.finish(acceptor); this.completeConn(acceptor.op, this.addHandle(c), c.addrs); }
      else l.backlog.push(c);
    });
    server.listen({ host: a.host, port: a.port, backlog: 511 }, () => {
      listening = true;
      const id = this.addHandle(l);
      const addr = server.address() as net.AddressInfo;
      const text = formatAddr(addr.address, addr.port);
      this.refresh();
      const bytes = this.enc.encode(text).subarray(0, this.u32(op, OP.LEN));
      this.u8.set(bytes, this.u32(op, OP.BUF));
      this.complete(op, id, bytes.length);
    });
  }

  private accept(op: number): void {
    const l = this.handle(op);
    if (!l || l.kind !== 'listener') return this.fail(op, ERR.BAD_HANDLE);
    if (l.closed) return this.fail(op, ERR.CLOSED);
    const c = l.backlog.shift();
    if (c) return this.completeConn(op, this.addHandle(c), c.addrs);
    l.acceptors.push(this.pending(op, l.acceptors));
  }

  private listenerClose(l: ListenerHandle): void {
    l.closed = true;
    l.server.close();
    for (const c of l.backlog) c.sock.destroy();
    l.backlog.length = 0;
    for (const p of l.acceptors.splice(0)) this.settle(p, -ERR.CLOSED);
  }

  private connect(op: number): void {
    const a = this.address(op);
    if (!a) return;
    const sock = net.connect({ host: a.host, port: a.port, allowHalfOpen: true, noDelay: true });
    const p = this.pending(op, null, () => sock.destroy());
    sock.once('connect', () => {
      if (p.done) return;
      this.finish(p);
      const c = this.newConn(sock);
      this.completeConn(op, this.addHandle(c), c.addrs);
    });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      if (!p.done) this.settle(p, -errorCode(e));
    });
  }

  private newConn(sock: net.Socket): ConnHandle {
    const c: ConnHandle = {
      kind: 'conn', sock, chunks: [], queued: 0, eof: false, error: 0, closed: false, paused: false,
      readers: [], writers: new Set(),
      addrs: `${formatAddr(sock.localAddress, sock.localPort)} ${formatAddr(sock.remoteAddress, sock.remotePort)}`,
    };
    sock.on('data', (chunk: Buffer) => {
      if (c.eof) return;
      c.chunks.push(chunk);
      c.queued += chunk.length;
      this.serveReaders(c);
      if (c.queued > HIGH_WATER && !c.paused) { c.paused = true; sock.pause(); }
    });
    sock.on('end', () => { c.eof = true; this.serveReaders(c); });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      c.error ||= errorCode(e);
      this.serveReaders(c);
    });
    sock.on('close', () => {
      if (!c.eof && !c.error) c.eof = true;
      this.serveReaders(c);
    });
    return c;
  }

  private connRead(c: ConnHandle, op: number): void {
    if (c.closed) return this.fail(op, ERR.CLOSED);
    c.readers.push(this.pending(op, c.readers));
    this.serveReaders(c);
  }

  /** Hands arrived data (or the end, or the error) to waiting readers, in order. */
  private serveReaders(c: ConnHandle): void {
    while (c.readers.length > 0) {
      if (c.queued > 0) {
        const p = c.readers.shift()!;
        this.refresh();
        const at = this.u32(p.op, OP.BUF);
        const room = this.u32(p.op, OP.LEN);
        let n = 0;
        while (n < room && c.chunks.length > 0) {
          const chunk = c.chunks[0];
          const k = Math.min(room - n, chunk.length);
          this.u8.set(k === chunk.length ? chunk : chunk.subarray(0, k), at + n);
          n += k;
          if (k === chunk.length) c.chunks.shift(); else c.chunks[0] = chunk.subarray(k);
        }
        c.queued -= n;
        this.settle(p, n);
      } else if (c.error) {
        this.settle(c.readers.shift()!, -c.error);
      } else if (c.eof) {
        this.settle(c.readers.shift()!, 0);
      } else {
        break;
      }
    }
    if (c.paused && c.queued < LOW_WATER && !c.closed) { c.paused = false; c.sock.resume(); }
  }

  private connWrite(c: ConnHandle, op: number): void {
    if (c.closed) return this.fail(op, ERR.CLOSED);
    if (c.error) return this.fail(op, c.error);
    const len = this.u32(op, OP.LEN);
    if (len === 0) return this.complete(op, 0);
    // A copy: the caller's buffer is free again as soon as this returns.
    const data = Buffer.from(this.u8.subarray(this.u32(op, OP.BUF), this.u32(op, OP.BUF) + len));
    const p = this.pending(op, null);
    c.writers.add(p);
    c.sock.write(data, (e?: Error | null) => {
      c.writers.delete(p);
      if (!p.done) this.settle(p, e ? -(c.error || errorCode(e)) : len);
    });
  }

  private connClose(c: ConnHandle): void {
    c.closed = true;
    // Closing with unread data resets the connection, as the kernel does (the host
    // reads eagerly, so that data is here rather than in the kernel's buffer).
    if (c.queued > 0 && !c.eof) c.sock.resetAndDestroy(); else c.sock.destroy();
    for (const p of c.readers.splice(0)) this.settle(p, -ERR.CLOSED);
    for (const p of c.writers) this.settle(p, -ERR.CLOSED);
    c.writers.clear();
    c.chunks.length = 0;
  }

  private shutdown(op: number): void {
    const c = this.handle(op);
    if (!c || c.kind !== 'conn') return this.fail(op, ERR.BAD_HANDLE);
    if (c.closed) return this.fail(op, ERR.CLOSED);
    const how = this.i64(op, OP.ARG);
    if (how === 0 || how === 2) {
      c.eof = true;
      c.chunks.length = 0;
      c.queued = 0;
      this.serveReaders(c);
    }
    if (how === 1 || how === 2) c.sock.end();
    this.complete(op, 0);
  }

  private setOpt(op: number): void {
    const c = this.handle(op);
    if (!c || c.kind !== 'conn') return this.fail(op, ERR.BAD_HANDLE);
    const arg = this.i64(op, OP.ARG);
    if ((arg & 0xff) === OPT_NODELAY) c.sock.setNoDelay((arg >> 8) !== 0);
    this.complete(op, 0);
  }

  /** Moves the deadline of the pending operations of a handle (reads 1, writes 2, both 3). */
  private setDeadline(op: number): void {
    const h = this.handle(op);
    if (!h || h.kind === 'file') return this.fail(op, ERR.BAD_HANDLE);
    const which = this.i64(op, OP.ARG);
    const deadline = this.i64(op, OP.DEADLINE);
    const list: Pending[] = [];
    if (h.kind === 'listener') list.push(...h.acceptors);
    else {
      if (which & 1) list.push(...h.readers);
      if (which & 2) list.push(...h.writers);
    }
    for (const p of list) {
      this.dv.setBigInt64(p.op + OP.DEADLINE, BigInt(deadline), true);
      this.arm(p, h.kind === 'listener' ? h.acceptors : h.readers.includes(p) ? h.readers : null);
    }
    this.complete(op, 0);
  }

  // ---- pending operations and their deadlines

  private pending(op: number, list: Pending[] | null, onTimeout?: () => void): Pending {
    const p: Pending = { op, timer: null, done: false };
    this.arm(p, list, onTimeout);
    return p;
  }

  /** (Re)starts the timer of the record's deadline; when it fires the operation fails with TimedOut. */
  private arm(p: Pending, list: Pending[] | null, onTimeout?: () => void): void {
    if (p.timer) { clearTimeout(p.timer); p.timer = null; }
    const deadline = this.i64(p.op, OP.DEADLINE);
    if (deadline === 0) return;
    const ms = Number(BigInt(deadline) - process.hrtime.bigint()) / 1e6;
    const fire = (): void => {
      p.timer = null;
      if (p.done) return;
      if (list) { const i = list.indexOf(p); if (i >= 0) list.splice(i, 1); }
      onTimeout?.();
      this.settle(p, -ERR.TIMED_OUT);
    };
    if (ms <= 0) queueMicrotask(fire);
    else p.timer = setTimeout(fire, Math.ceil(ms));
  }

  private finish(p: Pending): void {
    p.done = true;
    if (p.timer) { clearTimeout(p.timer); p.timer = null; }
  }

  private settle(p: Pending, result: number): void {
    if (p.done) return;
    this.finish(p);
    this.complete(p.op, result);
  }
}

function takePending(list: Pending[]): Pending | undefined {
  for (;;) {
    const p = list.shift();
    if (!p || !p.done) return p;
  }
}

function formatAddr(ip: string | undefined, port: number | undefined): string {
  if (!ip) return '';
  const v4 = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
  return v4.includes(':') ? `[${v4}]:${port}` : `${v4}:${port}`;
}

/** An ERR code for a Node error. */
export function errorCode(e: unknown): number {
  const code = (e as { code?: string } | null)?.code;
  return (code && NODE_ERRORS[code]) || ERR.OTHER;
}

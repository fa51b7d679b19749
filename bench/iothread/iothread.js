// Which thread should own the host's I/O: the main thread's event loop, or a dedicated
// worker? (docs/runtime.md "The poller".) Both wait for submissions with
// Atomics.waitAsync and answer through completion rings in shared memory, exactly the
// shape of src/host/poller.ts, without wasm: a "P" worker submits W operations, sleeps
// in Atomics.wait until completions arrive, and resubmits each one it gets back; the I/O
// thread completes each operation on the next turn of its event loop (setImmediate, as
// a socket read would) and wakes the P once per batch.
//
//   node bench/iothread/iothread.js [seconds]           both placements, W = 1 and 64
//   taskset -c 0 node bench/iothread/iothread.js        everything on one core
//
// Prints round trips per second and the mean time per round trip for each case.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const RING = 4096;
// Int32 indices into the shared buffer.
const SQ_TAIL = 0, SQ_HEAD = 1, IO_SLEEPING = 2, CQ_TAIL = 3, CQ_HEAD = 4, P_SLEEP = 5, STOP = 6, DONE = 7;
const SQ = 16, CQ = SQ + RING;
const WORDS = CQ + RING;

/** The I/O thread's side: drain submissions, complete them next turn, wake the P once per batch. */
function ioLoop(m) {
  let pendingWake = false;
  const complete = [];
  const flush = () => {
    pendingWake = false;
    for (const op of complete) {
      const t = Atomics.load(m, CQ_TAIL);
      m[CQ + (t % RING)] = op;
      Atomics.store(m, CQ_TAIL, t + 1);
    }
    complete.length = 0;
    Atomics.store(m, P_SLEEP, 1);
    Atomics.notify(m, P_SLEEP, 1);
  };
  const drain = () => {
    let h = m[SQ_HEAD];
    for (;;) {
      const op = Atomics.load(m, SQ + (h % RING));
      if (op === 0) break;
      Atomics.store(m, SQ + (h % RING), 0);
      h++;
      complete.push(op);
    }
    Atomics.store(m, SQ_HEAD, h);
    if (complete.length > 0 && !pendingWake) { pendingWake = true; setImmediate(flush); }
  };
  const wait = () => {
    if (Atomics.load(m, STOP)) return;
    drain();
    Atomics.store(m, IO_SLEEPING, 1);
    if (Atomics.load(m, SQ + (m[SQ_HEAD] % RING)) !== 0) { Atomics.store(m, IO_SLEEPING, 0); setImmediate(wait); return; }
    const r = Atomics.waitAsync(m, IO_SLEEPING, 1, 100);
    const go = () => { Atomics.store(m, IO_SLEEPING, 0); wait(); };
    if (r.async) r.value.then(go); else go();
  };
  wait();
}

/** The P's side: keep W operations in flight for `seconds`; returns round trips done. */
function pLoop(m, w, seconds) {
  const submit = (op) => {
    const t = Atomics.add(m, SQ_TAIL, 1);
    Atomics.store(m, SQ + (t % RING), op);
    if (Atomics.load(m, IO_SLEEPING) === 1) Atomics.notify(m, IO_SLEEPING, 1);
  };
  for (let i = 1; i <= w; i++) submit(i);
  const end = performance.now() + seconds * 1000;
  let done = 0, x = 0;
  while (performance.now() < end) {
    let h = m[CQ_HEAD];
    const t = Atomics.load(m, CQ_TAIL);
    if (h === t) {
      Atomics.store(m, P_SLEEP, 0);
      if (Atomics.load(m, CQ_TAIL) === h) Atomics.wait(m, P_SLEEP, 0, 100);
      continue;
    }
    for (; h !== t; h++) {
      const op = m[CQ + (h % RING)];
      for (let k = 0; k < 200; k++) x = (x * 31 + k) | 0;   // a little work per completion
      submit(op);
      done++;
    }
    Atomics.store(m, CQ_HEAD, h);
  }
  Atomics.store(m, STOP, 1);
  Atomics.notify(m, IO_SLEEPING, 1);
  return done + (x & 0);
}

async function runCase(placement, w, seconds) {
  const m = new Int32Array(new SharedArrayBuffer(WORDS * 4));
  const workers = [];
  if (placement === 'worker') workers.push(new Worker(new URL(import.meta.url), { workerData: { role: 'io', sab: m.buffer } }));
  else ioLoop(m);
  const p = new Worker(new URL(import.meta.url), { workerData: { role: 'p', sab: m.buffer, w, seconds } });
  const done = await new Promise((resolve) => p.once('message', resolve));
  for (const x of workers) await x.terminate();
  return done;
}

if (isMainThread) {
  const seconds = Number(process.argv[2] ?? 3);
  for (const w of [1, 64]) {
    for (const placement of ['main', 'worker', 'main', 'worker']) {
      const n = await runCase(placement, w, seconds);
      const perS = n / seconds;
      console.log(`${placement.padEnd(6)} W=${String(w).padStart(2)}: ${Math.round(perS).toLocaleString('en').padStart(9)} round trips/s, ${(1e6 / perS * w).toFixed(1).padStart(6)} us each`);
    }
  }
} else if (workerData.role === 'io') {
  // Atomics.waitAsync does not keep a worker's event loop alive: without a handle of its
  // own the worker's loop ends and the wait is never resolved (the main thread is kept
  // alive by its workers).
  setInterval(() => {}, 1 << 30);
  ioLoop(new Int32Array(workerData.sab));
} else {
  parentPort.postMessage(pLoop(new Int32Array(workerData.sab), workerData.w, workerData.seconds));
}

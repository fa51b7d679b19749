// Goroutine costs, measured for what Node.js offers instead: async functions parked on
// promises, and a small channel with Go's semantics (Chan below: FIFO queues of waiting
// senders and receivers, a ring buffer of capacity cap).
//   spawn       N async functions that each block receiving on one channel: ns per spawn
//               (until all have run up to their receive) and resident memory per parked
//               function (process.memoryUsage.rss(), before and after)
//   ping-pong   N round trips over two unbuffered channels: ns per hand-off
//   buffered    10 N items through a channel of capacity 128, one producer, one
//               consumer: ns per item
// Usage: node goroutines.js N
import { performance } from 'node:perf_hooks';

// A FIFO queue that stays O(1) at 100,000 entries (Array.prototype.shift does not).
class Queue {
  constructor() { this.items = []; this.head = 0; }
  get length() { return this.items.length - this.head; }
  push(x) { this.items.push(x); }
  shift() {
    const x = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

const CLOSED = Symbol('closed');

class Chan {
  constructor(cap) {
    this.cap = cap;
    this.buf = new Queue();
    this.senders = new Queue(); // [value, resolve]
    this.receivers = new Queue(); // resolve
    this.closed = false;
  }
  // Resolves once the value is delivered (unbuffered) or buffered.
  send(v) {
    if (this.receivers.length > 0) return void this.receivers.shift()(v);
    if (this.buf.length < this.cap) return void this.buf.push(v);
    return new Promise((resolve) => this.senders.push([v, resolve]));
  }
  // Resolves to the value, or CLOSED once closed and drained.
  recv() {
    if (this.buf.length > 0) {
      const v = this.buf.shift();
      if (this.senders.length > 0) {
        const [sv, resolve] = this.senders.shift();
        this.buf.push(sv);
        resolve();
      }
      return v;
    }
    if (this.senders.length > 0) {
      const [sv, resolve] = this.senders.shift();
      resolve();
      return sv;
    }
    if (this.closed) return CLOSED;
    return new Promise((resolve) => this.receivers.push(resolve));
  }
  close() {
    this.closed = true;
    while (this.receivers.length > 0) this.receivers.shift()(CLOSED);
  }
}

async function spawn(n) {
  const block = new Chan(0);
  let started = 0;
  let finished = 0;
  let allFinished;
  const done = new Promise((resolve) => { allFinished = resolve; });
  const parked = async () => {
    started++;
    await block.recv();
    if (++finished === n) allFinished();
  };
  const before = process.memoryUsage.rss();
  const t = performance.now();
  for (let i = 0; i < n; i++) parked();
  const ms = performance.now() - t;
  if (started !== n) throw new Error('not all started');
  const after = process.memoryUsage.rss();
  block.close();
  await done;
  console.log('spawned, parked and released all');
  console.log(`spawned: ${n} async-functions`);
  console.log(`spawn: ${((ms * 1e6) / n).toFixed(1)} ns`);
  console.log(`parked rss: ${Math.max(0, Math.floor((after - before) / n))} bytes`);
}

async function pingPong(rounds) {
  const ping = new Chan(0);
  const pong = new Chan(0);
  (async () => {
    for (;;) {
      const v = await ping.recv();
      if (v === CLOSED) return;
      await pong.send(v + 1);
    }
  })();
  const t = performance.now();
  let sum = 0;
  for (let i = 0; i < rounds; i++) {
    await ping.send(i);
    sum += await pong.recv();
  }
  const ms = performance.now() - t;
  ping.close();
  console.log(`ping-pong ${rounds} round trips, sum ${sum}`);
  console.log(`ping-pong: ${((ms * 1e6) / (2 * rounds)).toFixed(1)} ns`);
}

async function buffered(items) {
  const q = new Chan(128);
  const consumer = (async () => {
    let s = 0;
    for (;;) {
      const v = await q.recv();
      if (v === CLOSED) return s;
      s += v;
    }
  })();
  const t = performance.now();
  for (let i = 0; i < items; i++) await q.send(i);
  q.close();
  const sum = await consumer;
  const ms = performance.now() - t;
  console.log(`buffered ${items} items, sum ${sum}`);
  console.log(`buffered: ${((ms * 1e6) / items).toFixed(1)} ns`);
}

const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 100000;
await spawn(n);
await pingPong(n);
await buffered(10 * n);

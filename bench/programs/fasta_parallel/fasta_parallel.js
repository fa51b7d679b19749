// The Computer Language Benchmarks Game: fasta, parallel. Output identical to fasta.js.
// The two random sections are cut into chunks of CHUNK lines; for each chunk, one
// worker thread per core fills its share of the lines into one SharedArrayBuffer,
// starting from the generator's state at its first character (computed by jumping the
// linear congruential generator ahead), then the main thread writes the chunk. The
// short repeated section is written by the main thread alone.
// Usage: node fasta_parallel.js N
import { writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const IM = 139968, IA = 3877, IC = 29573;
const LINE = 60;
const CHUNK = 16384; // lines per chunk: about 1 MB of output

const ALU = 'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG' +
  'GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA' +
  'CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT' +
  'ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA' +
  'GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG' +
  'AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC' +
  'AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

// The generator's state k steps after s: x -> IA*x + IC (mod IM) composed with itself
// k times, by repeated squaring. Every product stays below 2^53.
function jump(s, k) {
  let a = IA, c = IC, ra = 1, rc = 0;
  while (k > 0) {
    if (k % 2 === 1) {
      ra = (ra * a) % IM;
      rc = (rc * a + c) % IM;
    }
    c = (a * c + c) % IM;
    a = (a * a) % IM;
    k = Math.floor(k / 2);
  }
  return (ra * s + rc) % IM;
}

// Writes lines [a, b) of a section of n characters into dst at off, the generator
// being at state s before the first character of line a.
function fill(dst, off, s, a, b, n, cum, sym) {
  const last = cum.length - 1;
  let p = off;
  for (let line = a; line < b; line++) {
    const count = Math.min(LINE, n - line * LINE);
    for (let i = 0; i < count; i++) {
      s = (s * IA + IC) % IM;
      const r = s / IM;
      let k = 0;
      while (k < last && r >= cum[k]) k++;
      dst[p++] = sym[k];
    }
    dst[p++] = 10;
  }
}

function writeAll(bytes) {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(1, bytes, off, bytes.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

function repeatFasta(buf, header, src, n) {
  let pos = 0;
  for (let i = 0; i < header.length; i++) buf[pos++] = header.charCodeAt(i);
  buf[pos++] = 10;
  const bytes = Buffer.from(src, 'latin1');
  let p = 0;
  for (let left = n; left > 0; left -= LINE) {
    const count = Math.min(left, LINE);
    if (pos + count + 1 > buf.length) {
      writeAll(buf.subarray(0, pos));
      pos = 0;
    }
    for (let i = 0; i < count; i++) {
      buf[pos++] = bytes[p++];
      if (p === bytes.length) p = 0;
    }
    buf[pos++] = 10;
  }
  writeAll(buf.subarray(0, pos));
}

async function randomFasta(workers, buf, seed, header, symbols, probs, n) {
  writeAll(Buffer.from(header + '\n', 'latin1'));
  const cum = [];
  let acc = 0;
  for (const p of probs) {
    acc += p;
    cum.push(acc);
  }
  const sym = Array.from(Buffer.from(symbols, 'latin1'));
  const lines = Math.ceil(n / LINE);
  for (let first = 0; first < lines; first += CHUNK) {
    const end = Math.min(lines, first + CHUNK);
    const per = Math.ceil((end - first) / workers.length);
    const jobs = [];
    for (let w = 0, a = first; a < end; w++, a += per) {
      const b = Math.min(end, a + per);
      jobs.push(workers[w].run({ off: (a - first) * (LINE + 1), s: jump(seed, a * LINE), a, b, n, cum, sym }));
    }
    await Promise.all(jobs);
    const size = (end - first - 1) * (LINE + 1) + Math.min(n, end * LINE) - (end - 1) * LINE + 1;
    writeAll(buf.subarray(0, size));
  }
  return jump(seed, n);
}

// A worker thread that runs one fill at a time on request.
class FillWorker {
  constructor(shared) {
    this.worker = new Worker(new URL(import.meta.url), { workerData: shared });
    this.resolve = null;
    this.worker.on('message', () => this.resolve());
  }
  run(job) {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.worker.postMessage(job);
    });
  }
}

if (isMainThread) {
  const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 1000;
  const shared = new SharedArrayBuffer(CHUNK * (LINE + 1));
  const buf = new Uint8Array(shared);
  const workers = [];
  for (let i = 0; i < availableParallelism(); i++) workers.push(new FillWorker(shared));
  repeatFasta(buf, '>ONE Homo sapiens alu', ALU, 2 * n);
  let seed = await randomFasta(workers, buf, 42, '>TWO IUB ambiguity codes', 'acgtBDHKMNRSVWY',
    [0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02], 3 * n);
  await randomFasta(workers, buf, seed, '>THREE Homo sapiens frequency', 'acgt',
    [0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008], 5 * n);
  for (const w of workers) await w.worker.terminate();
} else {
  const dst = new Uint8Array(workerData);
  parentPort.on('message', (j) => {
    fill(dst, j.off, j.s, j.a, j.b, j.n, j.cum, j.sym);
    parentPort.postMessage(0);
  });
}

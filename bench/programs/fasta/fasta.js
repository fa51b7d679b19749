// The Computer Language Benchmarks Game: fasta, single thread. The same algorithm as
// fasta.gos: the published linear congruential generator, a linear search of the
// cumulative probabilities, 60-column lines gathered in a 64 KiB output buffer.
// Usage: node fasta.js N
import { writeSync } from 'node:fs';

const IM = 139968, IA = 3877, IC = 29573;
const LINE = 60;
const OUTSIZE = 65536;

const ALU = 'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG' +
  'GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA' +
  'CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT' +
  'ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA' +
  'GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG' +
  'AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC' +
  'AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

const buf = new Uint8Array(OUTSIZE);
let pos = 0;

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

function flush() {
  writeAll(buf.subarray(0, pos));
  pos = 0;
}

function room(n) {
  if (pos + n > buf.length) flush();
}

function header(s) {
  room(s.length + 1);
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  buf[pos++] = 10;
}

function repeatFasta(head, src, n) {
  header(head);
  const bytes = Buffer.from(src, 'latin1');
  let p = 0;
  for (let left = n; left > 0; left -= LINE) {
    const count = left < LINE ? left : LINE;
    room(count + 1);
    for (let i = 0; i < count; i++) {
      buf[pos++] = bytes[p++];
      if (p === bytes.length) p = 0;
    }
    buf[pos++] = 10;
  }
}

let seed = 42;

function randomFasta(head, symbols, probs, n) {
  header(head);
  const sym = Buffer.from(symbols, 'latin1');
  const cum = new Float64Array(probs.length);
  let acc = 0;
  for (let i = 0; i < probs.length; i++) {
    acc += probs[i];
    cum[i] = acc;
  }
  const last = cum.length - 1;
  for (let left = n; left > 0; left -= LINE) {
    const count = left < LINE ? left : LINE;
    room(count + 1);
    for (let i = 0; i < count; i++) {
      seed = (seed * IA + IC) % IM;
      const r = seed / IM;
      let k = 0;
      while (k < last && r >= cum[k]) k++;
      buf[pos++] = sym[k];
    }
    buf[pos++] = 10;
  }
}

const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 1000;
repeatFasta('>ONE Homo sapiens alu', ALU, 2 * n);
randomFasta('>TWO IUB ambiguity codes', 'acgtBDHKMNRSVWY',
  [0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02], 3 * n);
randomFasta('>THREE Homo sapiens frequency', 'acgt',
  [0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008], 5 * n);
flush();

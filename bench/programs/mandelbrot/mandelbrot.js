// The Computer Language Benchmarks Game: mandelbrot, the same single-threaded
// algorithm as mandelbrot.gos; binary PBM on stdout. Usage: node mandelbrot.js N
import { writeSync } from 'node:fs';

const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 200;
const iter = 50;
const limit = 4.0;
const bytes = new Uint8Array(((n + 7) >> 3) * n);
let len = 0;
for (let y = 0; y < n; y++) {
  const ci = (2.0 * y) / n - 1.0;
  let byte = 0, bit = 0;
  for (let x = 0; x < n; x++) {
    const cr = (2.0 * x) / n - 1.5;
    let zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
    let i = 0;
    while (i < iter && tr + ti <= limit) {
      zi = 2.0 * zr * zi + ci;
      zr = tr - ti + cr;
      tr = zr * zr;
      ti = zi * zi;
      i++;
    }
    byte <<= 1;
    if (tr + ti <= limit) byte |= 1;
    bit++;
    if (bit === 8) {
      bytes[len++] = byte;
      byte = 0;
      bit = 0;
    }
  }
  if (bit > 0) {
    byte <<= 8 - bit;
    bytes[len++] = byte & 255;
  }
}
writeAll(Buffer.from(`P4\n${n} ${n}\n`));
writeAll(bytes.subarray(0, len));

function writeAll(buf) {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

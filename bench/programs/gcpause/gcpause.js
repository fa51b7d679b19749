// The GC pause benchmark from Pusher's "Golang's real-time GC in theory and practice"
// (2017): a ring of 200,000 messages, each push a fresh 1,024-byte Uint8Array filled
// with the message number, replacing the oldest; the program times every push itself
// (performance.now) and reports the worst. Usage: node gcpause.js PUSHES
import { performance } from 'node:perf_hooks';

const WINDOW = 200000;
const MSG_SIZE = 1024;

function makeMessage(n) {
  return new Uint8Array(MSG_SIZE).fill(n & 255);
}

let worst = 0;

function pushMsg(b, highId) {
  const start = performance.now();
  const m = makeMessage(highId);
  b[highId % WINDOW] = m;
  const elapsed = performance.now() - start;
  if (elapsed > worst) worst = elapsed;
}

const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 1000000;
const b = new Array(WINDOW).fill(null);
const start = performance.now();
for (let i = 0; i < n; i++) pushMsg(b, i);
const total = performance.now() - start;
let checksum = 0;
for (const m of b) {
  if (m !== null) checksum += m[0] + m[MSG_SIZE - 1];
}
console.log(`ring ${WINDOW} messages of ${MSG_SIZE} bytes, ${n} pushes, checksum ${checksum}`);
console.log(`worst push: ${worst.toFixed(3)} ms`);
console.log(`total: ${total.toFixed(1)} ms`);

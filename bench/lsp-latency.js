// How long `gossamer lsp` takes to publish diagnostics after an edit of a 1,000-line file.
//
//   node bench/lsp-latency.js [EDITS]      (after npm run build)
//
// Writes bench/lib/genlarge.js's program (30 functions, ~970 lines) to a temporary
// directory, opens it in the server, waits for the first diagnostics, then alternates
// edits that introduce a type error and edits that fix it, each sent as a full-text
// didChange once the previous diagnostics arrived. Prints the time from sending the
// change to receiving its diagnostics: every sample, then median and range.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const { LspClient } = await import(pathToFileURL(path.join(root, 'dist/tests/unit/lsp-client.js')).href);

const edits = Number(process.argv[2] ?? 20);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-lsp-'));
execFileSync(process.execPath, [path.join(root, 'bench/lib/genlarge.js'), '30', dir], { stdio: 'ignore' });
const file = path.join(dir, 'large.gos');
const good = fs.readFileSync(file, 'utf8');
const lines = good.split('\n').length;
const bad = good.replace('let mut acc = p.sum();', 'let mut acc: String = p.sum();');
if (bad === good) throw new Error('the generated program changed: no line to break');
const uri = pathToFileURL(file).href;

const client = new LspClient(root);
await client.initialize(dir);
let t = performance.now();
const first = client.nextDiagnostics(uri);
client.open(uri, good);
await first;
console.log(`${lines} lines; first diagnostics (loads runtime/ and std/): ${(performance.now() - t).toFixed(0)} ms`);

const samples = [];
for (let v = 2; v < 2 + edits; v++) {
  const broken = v % 2 === 0;
  const arrived = client.nextDiagnostics(uri, d => broken ? d.length > 0 : d.length === 0);
  t = performance.now();
  client.change(uri, v, broken ? bad : good);
  await arrived;
  samples.push(performance.now() - t);
}
await client.shutdown();
fs.rmSync(dir, { recursive: true, force: true });

const sorted = [...samples].sort((a, b) => a - b);
console.log(`edit -> diagnostics, ${samples.length} edits (ms): ${samples.map(s => s.toFixed(0)).join(' ')}`);
console.log(`median ${sorted[sorted.length >> 1].toFixed(0)} ms, min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)}`);

// Panic traces as a user sees them from any directory: standard-library frames name
// their file from the install (`std/vec.gos:NNN`), never the absolute path of wherever
// Gossamer is installed; the program's own file is named as it was given.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/gossamer.js', import.meta.url));
const ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

test('std frames print std/FILE.gos:LINE, relative to the install, from another directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-trace-'));
  try {
    fs.writeFileSync(path.join(dir, 'prog.gos'), 'fn main() {\n    let v = vec![1, 2, 3];\n    v.remove(7);\n}\n');
    const r = spawnSync(process.execPath, [CLI, 'run', 'prog.gos'], { encoding: 'utf8', cwd: dir, env: { ...process.env, GOSSAMER_CACHE: path.join(dir, 'cache') } });
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.split('\n');
    assert.equal(lines[0], 'panic: removal index (is 7) should be < len (is 3)');
    assert.ok(lines.some(l => /^ {4}at Vec<int>::remove \(std\/vec\.gos:\d+:\d+\)$/.test(l)), r.stderr);
    assert.ok(lines.some(l => /^ {4}at main \(prog\.gos:3:\d+\)$/.test(l)), r.stderr);
    assert.ok(!r.stderr.includes(ROOT), r.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

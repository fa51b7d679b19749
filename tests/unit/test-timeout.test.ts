// `gossamer test --timeout SECONDS`: a test that runs too long fails with a timeout
// message and the tests after it still run (kept apart from test-command.test.ts: each
// unit file has its own time budget, and these runs are slow on a loaded machine).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/gossamer.js', import.meta.url));

function gossamerTest(source: string, ...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-timeout-'));
  try {
    fs.writeFileSync(path.join(dir, 'lib.gos'), source);
    const r = spawnSync(process.execPath, [CLI, 'test', 'lib.gos', ...args], { encoding: 'utf8', cwd: dir });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('--timeout: a test that runs too long fails, and the tests after it still run', () => {
  const src = `#[test]
fn quick() {
    assert!(true);
}

#[test]
fn spins() {
    println!("shown: spinning");
    let mut i: int = 0;
    loop {
        i += 1;
    }
}

#[test]
fn after() {
    println!("hidden: after");
}
`;
  const r = gossamerTest(src, '--timeout', '2');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.deepEqual(r.stdout.split('\n').filter(l => /^test .* \.\.\. /.test(l)), [
    'test quick ... ok',
    'test spins ... FAILED',
    'test after ... ok',
  ]);
  // (What the test printed may be lost: it is still in the killed program's buffer.)
  assert.match(r.stdout, /---- spins stdout ----\n(shown: spinning\n)?test timed out after 2 s\n/);
  assert.match(r.stdout, /test result: FAILED\. 2 passed; 1 failed; 0 filtered out/);
});

test('--timeout takes a number of seconds', () => {
  const r = gossamerTest('#[test]\nfn t() {}\n', '--timeout', 'abc');
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /--timeout takes a number of seconds; found `abc`/);
});

// `gossamer test`: finds #[test] functions in the file and its modules, runs them in
// declaration order, goes on after a test that panics, hides passing tests' output,
// shows failing ones', filters by path, rejects a test with parameters with a located
// error, and exits 0 only if every test passed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/gossamer.js', import.meta.url));

const TESTS = `fn add(a: int, b: int) -> int { a + b }

#[test]
fn adds() {
    println!("hidden: adds passed");
    assert_eq!(add(1, 2), 3);
}

#[test]
fn fails() {
    println!("shown: before the failure");
    assert_eq!(add(2, 2), 5, "two and two");
}

mod tests {
    #[test]
    fn private_in_module() {
        assert!(super::add(0, 0) == 0);
    }

    #[test]
    fn unwraps_none() {
        let v: Vec<int> = Vec::new();
        println!("{}", v.first().unwrap());
    }

    #[test]
    fn after_two_failures() {
        println!("hidden: last");
    }
}
`;

function gossamerTest(source: string, ...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-testcmd-'));
  try {
    const file = path.join(dir, 'lib.gos');
    fs.writeFileSync(file, source);
    const r = spawnSync(process.execPath, [CLI, 'test', 'lib.gos', ...args], { encoding: 'utf8', cwd: dir });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('gossamer test runs every test, past failures, and reports like cargo test', () => {
  const r = gossamerTest(TESTS);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.split('\n');
  assert.deepEqual(lines.filter(l => /^test .* \.\.\. /.test(l)), [
    'test adds ... ok',
    'test fails ... FAILED',
    'test tests::private_in_module ... ok',
    'test tests::unwraps_none ... FAILED',
    'test tests::after_two_failures ... ok',
  ]);
  assert.match(r.stdout, /running 5 tests/);
  assert.match(r.stdout, /---- fails stdout ----\nshown: before the failure\npanic: assertion `left == right` failed: two and two\n  left: 4\n right: 5\n    at fails \(lib\.gos:12:5\)\n/);
  assert.match(r.stdout, /---- tests::unwraps_none stdout ----\npanic: called `Option::unwrap\(\)` on a `None` value\n/);
  assert.doesNotMatch(r.stdout, /hidden|__gossamer/);
  assert.match(r.stdout, /failures:\n    fails\n    tests::unwraps_none\n/);
  assert.match(r.stdout, /test result: FAILED\. 3 passed; 2 failed; 0 filtered out/);
});

test('filters select tests by path; all passing exits 0; no main is needed', () => {
  const r = gossamerTest(TESTS, 'private', 'after');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /running 2 tests\ntest tests::private_in_module \.\.\. ok\ntest tests::after_two_failures \.\.\. ok\n/);
  assert.match(r.stdout, /test result: ok\. 2 passed; 0 failed; 3 filtered out/);
});

test('a test with parameters is a compile error at its name', () => {
  const r = gossamerTest('#[test]\nfn bad(x: int) {}\n');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error: a test must take no arguments and return nothing\n --> .*lib\.gos:2:4/);
  assert.equal(r.stdout, '');
});

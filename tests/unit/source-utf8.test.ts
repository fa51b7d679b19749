// Source files must be UTF-8: a file that is not is a compile error at its first bad
// byte (file, line, column), never silently read with U+FFFD, and `gossamer fmt` refuses
// to rewrite it (its bytes would come back changed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstInvalidUtf8 } from '../../src/source/index.js';

const CLI = fileURLToPath(new URL('../../../bin/gossamer.js', import.meta.url));

/** Runs `gossamer ARGS` in a temporary directory holding `files`; returns the result and the files' bytes after. */
function inDir(files: Record<string, Buffer>, ...args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-utf8-'));
  try {
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, GOSSAMER_CACHE: path.join(dir, '.cache') } });
    const after = Object.fromEntries(Object.keys(files).map(n => [n, fs.readFileSync(path.join(dir, n))]));
    return { ...r, after };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Not formatted either (`let s  =`): a formatter that decoded it with U+FFFD would rewrite it.
const BAD = Buffer.concat([Buffer.from('fn main() {\n    // café\n    let s  =  "ab'), Buffer.from([0xff]), Buffer.from('cd";\n    println!("{}", s);\n}\n')]);

test('firstInvalidUtf8 finds the first byte that is not part of a UTF-8 character', () => {
  const at = (...b: number[]) => firstInvalidUtf8(Uint8Array.from(b));
  assert.equal(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80), -1);
  assert.equal(at(0x61, 0xff), 1);
  assert.equal(at(0xc0, 0x80), 0);            // overlong
  assert.equal(at(0x61, 0xed, 0xa0, 0x80), 1); // a surrogate
  assert.equal(at(0xf4, 0x90, 0x80, 0x80), 0); // past U+10FFFF
  assert.equal(at(0x61, 0x62, 0xe2, 0x82), 2); // cut short
  assert.equal(at(0x80), 0);                   // a lone continuation byte
});

test('a source file that is not UTF-8 is a compile error at its first bad byte', () => {
  const r = inDir({ 'bad.gos': BAD }, 'run', 'bad.gos');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^error: source file is not valid UTF-8: byte 0xFF is not part of a UTF-8 character\n --> bad\.gos:3:18\n/);
  assert.equal(r.stdout, '');
});

test('a module file that is not UTF-8 is named too', () => {
  const r = inDir({
    'main.gos': Buffer.from('mod helper;\nfn main() { helper::f(); }\n'),
    'helper.gos': Buffer.concat([Buffer.from('pub fn f() {\n  let x = "'), Buffer.from([0xe2, 0x82]), Buffer.from('";\n}\n')]),
  }, 'check', 'main.gos');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /error: source file is not valid UTF-8: byte 0xE2 .*\n --> helper\.gos:2:12\n/);
});

test('gossamer fmt refuses a file that is not UTF-8 and leaves its bytes alone', () => {
  for (const args of [['fmt', 'bad.gos'], ['fmt', '--check', 'bad.gos']]) {
    const r = inDir({ 'bad.gos': BAD }, ...args);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /byte 0xFF is not part of a UTF-8 character\n --> bad\.gos:3:18\n/);
    assert.match(r.stderr, /error: `bad\.gos` was not formatted: it is not valid UTF-8\n/);
    assert.ok(r.after['bad.gos'].equals(BAD), 'the file is unchanged');
  }
});

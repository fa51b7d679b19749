// stdout on a terminal is flushed at each newline (LANGUAGE.md "std::io"): a program
// that prints a line and then waits for input shows the line first. The terminal is a
// pseudo-terminal from util-linux `script`; without it the test is skipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../src/driver/compile.js';

const LAUNCHER = fileURLToPath(new URL('../../src/host/launcher.js', import.meta.url));
const hasScript = spawnSync('script', ['--version']).status === 0;

const PROGRAM = `use std::io;
fn main() {
    print!("prompt> ");
    println!("first");
    let line = io::stdin().read_line();
    println!("second {}", line.unwrap().trim());
}
`;

test('a line printed on a terminal shows before the program blocks on input', { skip: !hasScript && 'no `script` command' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-tty-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.gos'), PROGRAM);
    const r = await compile(path.join(dir, 'main.gos'));
    assert.ok(r.wasm, 'compiles');
    const wasm = path.join(dir, 'main.wasm');
    fs.writeFileSync(wasm, r.wasm);
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(LAUNCHER)} ${JSON.stringify(wasm)}`;
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let answered = false;
    const exit = new Promise<number | null>(resolve => child.on('exit', resolve));
    // The answer is typed only once "first" is on the screen: if the runtime held the
    // line in its buffer, the program would wait for input forever.
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!answered && out.includes('first')) { answered = true; child.stdin.write('go\n'); }
    });
    const timer = setTimeout(() => child.kill(), 20_000);
    const code = await exit;
    clearTimeout(timer);
    assert.equal(code, 0, `exit status; output ${JSON.stringify(out)}`);
    assert.match(out, /prompt> first\r?\n/);
    assert.match(out, /second go\r?\n/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

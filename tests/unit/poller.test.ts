// The poller parks only the goroutine that waits for I/O: a program reading stdin, or
// a FIFO that the test writes slowly, keeps printing from another goroutine meanwhile
// (shown by its timestamps), with 1 and 2 Ps. Also `gossamer run --allow-*`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../src/driver/compile.js';

const LAUNCHER = fileURLToPath(new URL('../../src/host/launcher.js', import.meta.url));
const GOSSAMER = fileURLToPath(new URL('../../../bin/gossamer.js', import.meta.url));

const built = new Map<string, Promise<string>>();

/** Compiles `source` once (to a directory of its own); returns the .wasm's path. */
function build(_dir: string, source: string): Promise<string> {
  if (!built.has(source)) built.set(source, compileTo(fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-poller-build-')), source));
  return built.get(source)!;
}

async function compileTo(dir: string, source: string): Promise<string> {
  fs.writeFileSync(path.join(dir, 'main.gos'), source);
  const r = await compile(path.join(dir, 'main.gos'));
  assert.ok(r.wasm, 'compiles');
  const wasm = path.join(dir, 'main.wasm');
  fs.writeFileSync(wasm, r.wasm);
  return wasm;
}

// Ticks on stderr every 20 ms while main reads stdin or a file (argument 1). The test
// writes the input only after it has seen five ticks following "reading": the program
// can only finish if other goroutines ran while the read waited.
const TICKER = `
use std::io;
use std::fs;
use std::time;
use std::os;

fn main() {
    let start = time::Instant::now();
    go {
        loop {
            eprintln!("tick {}", start.elapsed().as_millis());
            time::sleep(time::ms(20));
        }
    };
    let args = os::args();
    eprintln!("reading at {}", start.elapsed().as_millis());
    let got = if args.len() > 1 { fs::read_to_string(args[1]).unwrap() } else { io::stdin().read_line().unwrap() };
    println!("read {} at {} ms", got.trim(), start.elapsed().as_millis());
}
`;

/** Runs the program; `feed(child)` supplies its input after five ticks that follow "reading". Resolves to stdout. */
function run(wasm: string, args: string[], procs: number, feed: (c: ReturnType<typeof spawn>) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, wasm, ...args], { env: { ...process.env, GOSSAMER_PROCS: String(procs) }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let fed = false;
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const at = err.indexOf('reading');
      if (!fed && at >= 0 && (err.slice(at).match(/\ntick /g) ?? []).length >= 5) {
        fed = true;
        feed(child);
      }
    });
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('exit', code => {
      clearTimeout(timer);
      if (code === 0 && fed) resolve(out);
      else reject(new Error(`exit ${code}, input ${fed ? '' : 'not '}written: ${out} ${err.slice(-500)}`));
    });
  });
}

/** The read finished after the input was written. */
function checkRead(out: string): void {
  assert.match(out, /^read hello at \d+ ms\n$/);
}

for (const procs of [1, 2]) {
  test(`a goroutine waiting for stdin parks; others run (${procs} P)`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-poller-'));
    try {
      const wasm = await build(dir, TICKER);
      const out = await run(wasm, [], procs, c => c.stdin!.end('hello\n'));
      checkRead(out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`a goroutine reading a slow file (a FIFO) parks; others run (${procs} P)`, { skip: spawnSync('mkfifo', ['--version']).status !== 0 && 'no mkfifo' }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-poller-'));
    try {
      const wasm = await build(dir, TICKER);
      const fifo = path.join(dir, 'fifo');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const out = await run(wasm, [fifo], procs, () => fs.writeFileSync(fifo, 'hello\n'));
      checkRead(out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('gossamer run passes --allow-* to the program, not its arguments after FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-perm-'));
  try {
    const file = path.join(dir, 'p.gos');
    fs.writeFileSync(file, `use std::fs;\nuse std::os;\nfn main() {\n    println!("{:?}", os::args()[1..os::args().len()]);\n    match fs::read_to_string("${file}") { Ok(_) => println!("read"), Err(e) => println!("{}", e) }\n}\n`);
    const cache = path.join(dir, 'cache');
    const env = { ...process.env, GOSSAMER_CACHE: cache };
    const denied = spawnSync(process.execPath, [GOSSAMER, 'run', '--allow-net', file, '--allow-read'], { env, encoding: 'utf8' });
    assert.equal(denied.stdout, `["--allow-read"]\nopen ${file}: permission denied (run with --allow-read=${file} to allow it)\n`, denied.stderr);
    // Cached now: the same flags through the in-process path.
    const allowed = spawnSync(process.execPath, [GOSSAMER, 'run', `--allow-read=${dir}`, file], { env, encoding: 'utf8' });
    assert.equal(allowed.stdout, '[]\nread\n', allowed.stderr);
    const all = spawnSync(process.execPath, [GOSSAMER, 'run', file], { env, encoding: 'utf8' });
    assert.equal(all.stdout, '[]\nread\n', all.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

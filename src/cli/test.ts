// `gossamer test FILE [FILTER...]`: runs the `#[test]` functions of FILE's crate.
//
// A test is a free `#[test] fn name()` anywhere in the crate (FILE or its modules) that
// takes nothing and returns nothing. It fails if it panics (a failed `assert!`, an
// `unwrap` of `None`, ...), deadlocks or ends the process. Tests whose path does not
// contain one of the FILTERs are left out.
//
// How: the command appends a harness to FILE's text (in memory only), a function that
// runs the chosen tests in declaration order, from the one whose index is its first
// argument, printing a marker before each; it compiles that with the harness as the
// entry instead of `main`, and runs the program in its own process with stdout and
// stderr captured. A panic ends the process: the test after the last marker failed,
// and the program is started again from the next one, so all the tests take one
// process when they pass. Tests share the process as Go's do (statics, goroutines left
// running). A passing test's output is not shown; a failing test's stdout and stderr
// are, after the list, as `cargo test` shows them. Exit status: 0 if every test passed,
// 1 if one failed or FILE does not compile.
//
// A test that runs longer than `--timeout SECONDS` (default 60; 0 = none) fails: the
// harness flushes stdout after each marker, so the runner knows which test is running;
// when one has run too long its process is killed and the run goes on from the next
// (what that test printed may be lost with the program's stdout buffer).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ast from '../syntax/ast.js';
import { compileFlags, COMPILE_OPTIONS, parse } from './args.js';
import { compileForCli } from './compile.js';
import { launcherPath } from './host.js';
import { COMMAND_USAGE, UsageError } from './usage.js';

const ENTRY = '__gossamer_test_main';
/** Printed (with the test's index and a newline) before each test and after the last. */
const MARKER = '\u0001gossamer-test ';
const DEFAULT_TIMEOUT_S = 60;
/** The least time the program gets to reach its first test (a loaded machine starts slowly). */
const STARTUP_MS = 60_000;

interface TestFn { name: string; item: ast.FnItem }

export async function testCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('test', args, { ...COMPILE_OPTIONS, timeout: { type: 'string' } });
  if (values.help) { process.stdout.write(COMMAND_USAGE.test + '\n'); return 0; }
  const [file, ...filters] = positionals;
  if (file === undefined) throw new UsageError('missing FILE', 'test');
  const flags = compileFlags('test', values);
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
  if (values.timeout !== undefined && (!/^\s*\d+(\.\d+)?\s*$/.test(values.timeout) || !Number.isFinite(timeout))) {
    throw new UsageError(`--timeout takes a number of seconds; found \`${values.timeout}\``, 'test');
  }

  // Parse only, to find the tests; errors are reported the usual way.
  const parsed = await compileForCli(file, { ...flags, dump: [] }, { stopAfter: 'load' });
  if (!parsed?.program) return 1;
  const root = parsed.program.modules.find(m => m.path.length === 0)!;
  const all = findTests(root.module.items, []);
  const bad = all.filter(t => t.item.params.length > 0 || t.item.selfParam || t.item.ret || t.item.generics.params.length > 0);
  if (bad.length) {
    const { renderDiagnostic } = await import('../diag/index.js');
    for (const t of bad) {
      const d = { severity: 'error' as const, message: `a test must take no arguments and return nothing`, span: t.item.name.span,
        hint: 'write `#[test] fn name() { ... }` and check results with assert!' };
      process.stderr.write(renderDiagnostic(d, parsed.sources) + '\n\n');
    }
    process.stderr.write(`error: could not compile \`${file}\` due to ${bad.length} previous error${bad.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  const tests = filters.length ? all.filter(t => filters.some(f => t.name.includes(f))) : all;

  const source = fs.readFileSync(file, 'utf8');
  const { memoryFileSystem, nodeFileSystem } = await import('../driver/fs.js');
  const fsys = memoryFileSystem({ [path.resolve(file)]: source + harness(tests) }, nodeFileSystem);
  const built = await compileForCli(file, flags, { entry: ENTRY, fs: fsys });
  if (!built?.wasm || built.sourceMap === undefined) return 1;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-test-'));
  try {
    const wasmPath = path.join(dir, path.basename(file).replace(/\.gos$/, '') + '.wasm');
    fs.writeFileSync(wasmPath, built.wasm);
    fs.writeFileSync(wasmPath + '.map', built.sourceMap);
    return await runTests(wasmPath, tests, all.length - tests.length, timeout * 1000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `#[test]` functions under `items`, in declaration order, named by module path. */
function findTests(items: ast.Item[], at: string[]): TestFn[] {
  const out: TestFn[] = [];
  for (const item of items) {
    if (item.kind === 'fn' && item.attrs.some(a => a.name === 'test')) out.push({ name: [...at, item.name.name].join('::'), item });
    else if (item.kind === 'mod' && item.items) out.push(...findTests(item.items, [...at, item.name.name]));
  }
  return out;
}

/** Gossamer source appended to the root file: the entry that runs tests from argv[1] on. */
function harness(tests: TestFn[]): string {
  const arms = tests.map((t, i) => `            ${i} => crate::${t.name}(),\n`).join('');
  return `
fn ${ENTRY}() {
    let args = std::os::args();
    let mut next = if args.len() > 1 { args[1].parse::<int>().unwrap() } else { 0 };
    loop {
        print!("\\u{1}gossamer-test {}\\n", next);
        std::io::stdout().flush();
        match next {
${arms}            _ => return,
        }
        next += 1;
    }
}
`;
}

async function runTests(wasmPath: string, tests: TestFn[], filtered: number, timeoutMs: number): Promise<number> {
  const out = (s: string) => process.stdout.write(s);
  out(`\nrunning ${tests.length} test${tests.length === 1 ? '' : 's'}\n`);
  const failures: { name: string; output: string }[] = [];
  let passed = 0;
  let from = 0;
  while (from < tests.length) {
    const run = await runFrom(wasmPath, from, timeoutMs);
    // stdout is "MARKER k\n" then test k's output, for each test started.
    const parts = run.stdout.split(new RegExp(`${MARKER}(\\d+)\\n`));
    const started: { index: number; output: string }[] = [];
    for (let i = 1; i + 1 < parts.length; i += 2) started.push({ index: Number(parts[i]), output: parts[i + 1] });
    if (started.length === 0) {
      // The program died before the first test: nothing more will run.
      process.stderr.write(run.stderr);
      out(`\nerror: the test program ended before its first test (exit status ${run.status})\n`);
      return 1;
    }
    for (const s of started) {
      if (s.index >= tests.length) break;
      const last = s === started[started.length - 1];
      if (!last) {
        passed++;
        out(`test ${tests[s.index].name} ... ok\n`);
        continue;
      }
      const why = run.timedOut ? `test timed out after ${timeoutMs / 1000} s\n`
        : run.status === 0 ? `the test ended the process (exit status 0)\n` : '';
      failures.push({ name: tests[s.index].name, output: s.output + withoutHarness(run.stderr) + why });
      out(`test ${tests[s.index].name} ... FAILED\n`);
    }
    const lastIndex = started[started.length - 1].index;
    if (lastIndex >= tests.length) break;
    from = lastIndex + 1;
  }
  if (failures.length) {
    out('\nfailures:\n');
    for (const f of failures) out(`\n---- ${f.name} stdout ----\n${f.output}${f.output.endsWith('\n') || !f.output ? '' : '\n'}`);
    out('\nfailures:\n');
    for (const f of failures) out(`    ${f.name}\n`);
  }
  out(`\ntest result: ${failures.length ? 'FAILED' : 'ok'}. ${passed} passed; ${failures.length} failed; ${filtered} filtered out\n\n`);
  return failures.length ? 1 : 0;
}

/** A panic's trace without the harness's frame (the last one, past the end of FILE). */
function withoutHarness(stderr: string): string {
  return stderr.split('\n').filter(l => !l.startsWith(`    at ${ENTRY} `) && l !== `    at ${ENTRY}`).join('\n');
}

/**
 * Runs the compiled tests from index `from` in a process of their own. The clock of a
 * test starts at its marker; when a test runs past `timeoutMs` (0 = no limit) the process
 * is killed and `timedOut` is set: the last test started is the one that hung.
 */
function runFrom(wasmPath: string, from: number, timeoutMs: number): Promise<{ stdout: string; stderr: string; status: number; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcherPath, wasmPath, String(from)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [], stderr: Buffer[] = [];
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const startClock = (ms: number) => {
      if (timeoutMs <= 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, ms);
    };
    // Start-up (static initialisers) before the first marker gets at least STARTUP_MS.
    startClock(Math.max(timeoutMs, STARTUP_MS));
    // A new marker: the next test has started, with a fresh allowance. `text` is the
    // stdout so far as latin1 (the marker is ASCII), searched from where the last search
    // could not have matched.
    let text = '', searched = 0;
    child.stdout.on('data', (d: Buffer) => {
      stdout.push(d);
      text += d.toString('latin1');
      const at = text.lastIndexOf(MARKER);
      if (at >= searched) startClock(timeoutMs);
      searched = Math.max(0, text.length - MARKER.length + 1);
    });
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        status: code ?? (signal ? 128 : 1),
        timedOut,
      });
    });
  });
}

// The test suite: `npm test` (after tsc) runs this file.
//
//   unit/     node --test over dist/tests/unit/*.test.js, one process per file
//   run/      tests/run/X.gos compiled by worker processes (driver API, cached like
//             `gossamer run`), run in their own node process; stdout must equal X.out,
//             every line of X.err must appear in stderr (a line `!text`: must not), the exit status must match
//             (`// exit: N`; also `// args:`, `// env:`, `// stdin:`, `// timeout:`)
//   run/X [gc-stress]   the same program again with GOSSAMER_GC_STRESS=1, for those in
//             tests/run/gc-stress.txt (all of them with --gc-stress-all)
//   run/X [procs=2]     for the concurrent programs of tests/run/procs.txt: run/X runs
//             with GOSSAMER_PROCS=1, this again with GOSSAMER_PROCS=2 (and their gc-stress
//             run with 2 too, so the collector stops a world of several Ps)
//   errors/   tests/errors/X.gos must fail to compile with an error on, and only on,
//             every line marked `// ERROR "regex"`; with X.stderr beside it, the
//             diagnostics as rendered must equal it (a snapshot, reviewed by hand)
//   fuzz/     truncated and shuffled versions of every tests/run program through the
//             front end and checker: diagnostics are fine, an exception is a failure
//             (at most about 20 s of the suite's time, shared by the programs: see FUZZ_*)
//   fuzzgen/N generated program N (tests/fuzz, a fixed list of seeds in ci.ts) and its
//             ill-typed mutants through every oracle: no internal error, it builds and
//             runs, GC stress and GOSSAMER_PROCS=2 agree, rustc agrees
//
// tests/run/PENDING (and tests/errors/PENDING) list programs expected to fail for now:
// a failure is reported as skipped, a pass as a failure ("now passing: remove it"), so
// the list shrinks as features land and cannot rot.
//
// Usage: node dist/tests/harness/run-all.js [FILTER...] [--update] [--gc-stress-all]
//        [--jobs N] [--no-cache]
//   FILTER       run only tests whose name (run/x, errors/y, fuzz/x, unit/f.test.js)
//                contains one of the substrings
//   --update     rewrite tests/run/X.out from the actual output, for review with git diff
//   --update-pending   rewrite the PENDING lists: drop the tests that pass, add the ones
//                that fail (a full run only; review with git diff)

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launcherPath } from '../../src/cli/host.js';
import { lineDiff } from './diff.js';
import { discoverErrorsTests, discoverRunTests, discoverUnitFiles, ErrorsTest, RunTest } from './discover.js';
import { matchErrors, parseExpectations } from './expect-errors.js';
import { Priority, Slots, WorkerPool } from './pool.js';
import { CompileReply, FuzzReply, WorkerReply } from './protocol.js';
import { ProcessResult, runUnitFile, runWasm } from './runner.js';
import { harnessBackend, haveRustc } from '../fuzz/backend.js';
import { CI_SEEDS, ciSeed } from '../fuzz/ci.js';

const COMPILE_TIMEOUT_MS = 180_000;
const FUZZ_TIMEOUT_MS = 120_000;
/** The robustness test's share of the suite's wall time, spread over its programs. */
const FUZZ_TOTAL_BUDGET_MS = 20_000;
/** ...but each program gets at least this long (at least one variant always runs). */
const FUZZ_MIN_BUDGET_MS = 250;
const UNIT_TIMEOUT_MS = 120_000;
/** GC stress collects at every allocation: allow it this many times the normal timeout. */
const GC_STRESS_SLOWDOWN = 5;
/**
 * Every timeout above and in the headers is for a machine running only this suite. On a
 * loaded machine (1-minute load average above the core count) they are stretched by the
 * load per core, at most 8x, so a slow run is not reported as a hang;
 * GOSSAMER_TEST_TIMEOUT_SCALE=K sets the factor instead.
 */
const TIMEOUT_SCALE = timeoutScale();

function timeoutScale(): number {
  const given = Number(process.env.GOSSAMER_TEST_TIMEOUT_SCALE);
  if (given > 0) return given;
  const perCore = os.loadavg()[0] / os.availableParallelism();
  return Math.min(8, Math.max(1, Math.ceil(perCore)));
}

const root = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

type Status = 'pass' | 'fail' | 'skip';

class Reporter {
  passed = 0;
  failed = 0;
  skipped = 0;
  done = 0;
  private readonly tty = process.stderr.isTTY === true;
  private progressShown = false;

  constructor(public total: number) {}

  record(name: string, status: Status, detail = '', countsTask = true): void {
    if (status === 'pass') this.passed++;
    else if (status === 'fail') this.failed++;
    else this.skipped++;
    if (countsTask) this.done++;
    if (status === 'fail') {
      this.clearProgress();
      process.stdout.write(`FAIL ${name}\n${indent(detail.trimEnd() || '(no detail)')}\n\n`);
    }
    this.progress(name);
  }

  note(text: string): void {
    this.clearProgress();
    process.stdout.write(text + '\n');
  }

  private progress(last: string): void {
    if (!this.tty) return;
    const line = `[${this.done}/${this.total}] ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped  ${last}`;
    process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (this.progressShown) process.stderr.write('\r\x1b[K');
    this.progressShown = false;
  }

  summary(): string {
    return `${this.passed} passed, ${this.failed} failed${this.skipped ? `, ${this.skipped} skipped` : ''}`;
  }
}

function indent(text: string, by = '    '): string {
  return text.split('\n').map(l => by + l).join('\n');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

const USAGE = `usage: npm test -- [FILTER...] [--update] [--update-pending] [--gc-stress-all] [--jobs N] [--no-cache]
  FILTER            run only the tests whose name contains one of these (run/x, errors/y, fuzz/x, unit/f.test.js)
  --update          rewrite tests/run/*.out from the actual output (review with git diff)
  --update-pending  rewrite tests/run/PENDING and tests/errors/PENDING from a full run
  --gc-stress-all   run every tests/run program again with GOSSAMER_GC_STRESS=1
  --jobs N          parallelism (default: the number of CPUs)
  --no-cache        compile every program afresh instead of using the compile cache
`;

function parseCommandLine() {
  return parseArgs({
    options: {
      update: { type: 'boolean' },
      'gc-stress-all': { type: 'boolean' },
      jobs: { type: 'string', short: 'j' },
      'no-cache': { type: 'boolean' },
      'update-pending': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(USAGE); return 0; }
  process.chdir(root);
  const started = Date.now();
  const filters = positionals;
  const selected = (name: string) => filters.length === 0 || filters.some(f => name.includes(f));
  const jobs = Math.max(1, Number(values.jobs ?? os.cpus().length) || 1);
  const update = values.update ?? false;
  const noCache = values['no-cache'] ?? false;
  updatePending = values['update-pending'] ?? false;
  if (updatePending && filters.length > 0) {
    process.stderr.write('--update-pending rewrites the PENDING lists from a full run: it takes no filter\n');
    return 2;
  }

  const run = discoverRunTests('tests/run', values['gc-stress-all'] ?? false);
  const errors = discoverErrorsTests('tests/errors');
  const runTests = run.tests.filter(t => selected(`run/${t.name}`) || (t.gcStress && selected(`run/${t.name} [gc-stress]`))
    || (t.procs && selected(`run/${t.name} [procs=2]`)));
  const errorsTests = errors.tests.filter(t => selected(`errors/${t.name}`));
  const fuzzTests = run.tests.filter(t => selected(`fuzz/${t.name}`));
  const genSeeds = CI_SEEDS.filter(s => selected(`fuzzgen/${s}`));
  const unitFiles = discoverUnitFiles(root).filter(f => selected(`unit/${path.basename(f)}`));
  const listProblems = filters.length === 0 ? [...run.listProblems, ...errors.listProblems] : [];

  const reporter = new Reporter(
    runTests.length + runTests.filter(t => t.gcStress).length + runTests.filter(t => t.procs).length
      + errorsTests.length + fuzzTests.length + genSeeds.length + unitFiles.length,
  );
  for (const p of listProblems) reporter.record('lists', 'fail', p, false);
  if (runTests.length > 0 && !fs.existsSync(launcherPath)) {
    reporter.note(`note: ${path.relative(root, launcherPath)} does not exist yet: the run/ tests cannot run`);
  }

  const fuzzBudget = Math.max(FUZZ_MIN_BUDGET_MS, Math.floor(FUZZ_TOTAL_BUDGET_MS * jobs / Math.max(1, fuzzTests.length)));
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-test-'));
  const slots = new Slots(jobs);
  const pool = new WorkerPool(path.join(root, 'dist', 'tests', 'harness', 'worker.js'), jobs);
  let keepTemp = false;

  // A task that throws is a bug in the harness: report it as that test's failure.
  const guard = (name: string, task: Promise<unknown>) => task.then(() => {}, (e: unknown) => {
    reporter.record(name, 'fail', `the harness failed on this test: ${e instanceof Error ? e.stack : String(e)}`);
  });
  const tasks: Promise<void>[] = [
    ...unitFiles.map(f => guard(`unit/${path.basename(f)}`, slots.with(Priority.run, () => unitTest(f, reporter)))),
    ...runTests.map(t => guard(`run/${t.name}`, runTest(t, { slots, pool, reporter, update, noCache, tempDir, selected }))),
    ...errorsTests.map(t => guard(`errors/${t.name}`, errorsTest(t, { slots, pool, reporter }))),
    ...fuzzTests.map(t => guard(`fuzz/${t.name}`, fuzzTest(t, { slots, pool, reporter, tempDir, budgetMs: fuzzBudget })
      .then(kept => { keepTemp ||= kept; }))),
  ];
  if (genSeeds.length > 0) {
    const be = harnessBackend(pool, slots, tempDir, haveRustc());
    tasks.push(...genSeeds.map(seed => guard(`fuzzgen/${seed}`, ciSeed(seed, be, tempDir).then(problems => {
      keepTemp ||= problems.length > 0;
      reporter.record(`fuzzgen/${seed}`, problems.length === 0 ? 'pass' : 'fail', problems.join('\n'));
    }))));
  }
  await Promise.all(tasks);
  pool.close();
  if (updatePending) rewritePendingLists();
  if (!keepTemp) fs.rmSync(tempDir, { recursive: true, force: true });

  reporter.clearProgress();
  const fuzzNote = fuzzStats.total > 0 ? `; robustness: ${fuzzStats.ran} of ${fuzzStats.total} broken variants in budget` : '';
  const scaleNote = TIMEOUT_SCALE !== 1 ? `; timeouts x${TIMEOUT_SCALE} for the machine's load` : '';
  process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s, ${jobs} job${jobs === 1 ? '' : 's'}${fuzzNote}${scaleNote})\n`);
  process.stdout.write(reporter.summary() + '\n');
  return reporter.failed > 0 ? 1 : 0;
}

// ------------------------------------------------------------------ unit tests

async function unitTest(file: string, reporter: Reporter): Promise<void> {
  const name = `unit/${path.basename(file)}`;
  const { results, raw } = await runUnitFile(file, UNIT_TIMEOUT_MS * TIMEOUT_SCALE);
  if (results.length === 0 || (raw.code !== 0 && !results.some(r => r.status === 'fail'))) {
    const why = raw.timedOut ? `timed out after ${UNIT_TIMEOUT_MS * TIMEOUT_SCALE / 1000} s` : `node --test exited with ${raw.code ?? raw.signal}`;
    reporter.record(name, 'fail', `${why}\n${(raw.stdout + raw.stderr).trim().split('\n').slice(-40).join('\n')}`);
    return;
  }
  results.forEach((r, i) => reporter.record(`${name} > ${r.name}`, r.status, trimStack(r.detail), i === results.length - 1));
}

// ------------------------------------------------------------------ run tests

interface RunContext {
  slots: Slots;
  pool: WorkerPool;
  reporter: Reporter;
  update: boolean;
  noCache: boolean;
  tempDir: string;
  selected: (name: string) => boolean;
}

async function runTest(t: RunTest, ctx: RunContext): Promise<void> {
  const name = `run/${t.name}`;
  const stressName = `${name} [gc-stress]`;
  const procsName = `${name} [procs=2]`;
  const wantMain = ctx.selected(name);
  const wantStress = t.gcStress && ctx.selected(stressName);
  const wantProcs = t.procs && ctx.selected(procsName);
  const procs = (n: number): Record<string, string> => (t.procs ? { GOSSAMER_PROCS: String(n) } : {});
  const finish = (testName: string, problems: string[], isMain: boolean) =>
    finishPending(ctx.reporter, testName, problems, t.pending, isMain ? 'tests/run/PENDING' : null);

  if (t.headers.errors.length > 0) {
    if (wantMain) finish(name, t.headers.errors, true);
    if (wantStress) finish(stressName, t.headers.errors, false);
    if (wantProcs) finish(procsName, t.headers.errors, false);
    return;
  }
  const reply = await ctx.slots.with(Priority.compile, () => ctx.pool.request(
    { kind: 'compile', file: t.file, release: false, noCache: ctx.noCache, tempDir: ctx.tempDir }, COMPILE_TIMEOUT_MS * TIMEOUT_SCALE));
  const compileProblem = describeCompileFailure(reply);
  if (compileProblem !== null) {
    if (wantMain) finish(name, [compileProblem], true);
    if (wantStress) finish(stressName, ['not run: the program did not compile (see ' + name + ')'], false);
    if (wantProcs) finish(procsName, ['not run: the program did not compile (see ' + name + ')'], false);
    return;
  }
  const wasmPath = (reply as CompileReply).wasmPath!;
  const expectedOut = readOrNull(t.outFile);
  const expectedErr = t.errFile !== null ? readOrNull(t.errFile) : null;

  const runSec = t.headers.timeoutSec * TIMEOUT_SCALE;
  if (wantMain) {
    const result = await ctx.slots.with(Priority.run, () => runWasm(wasmPath, {
      args: t.headers.args, env: { ...procs(1), ...t.headers.env }, stdinFile: t.headers.stdin, timeoutMs: runSec * 1000,
    }));
    let problems = compareRun(t, result, expectedOut, expectedErr, runSec);
    if (ctx.update && !result.timedOut && result.stdout !== expectedOut) {
      fs.writeFileSync(t.outFile, result.stdout);
      ctx.reporter.note(`updated ${t.outFile}`);
      problems = problems.filter(p => !p.startsWith('stdout'));
    }
    finish(name, problems, true);
  }
  if (wantStress) {
    const timeoutSec = runSec * GC_STRESS_SLOWDOWN;
    const result = await ctx.slots.with(Priority.run, () => runWasm(wasmPath, {
      args: t.headers.args, env: { ...procs(2), ...t.headers.env, GOSSAMER_GC_STRESS: '1' }, stdinFile: t.headers.stdin, timeoutMs: timeoutSec * 1000,
    }));
    finish(stressName, compareRun(t, result, expectedOut, expectedErr, timeoutSec), false);
  }
  if (wantProcs) {
    const result = await ctx.slots.with(Priority.run, () => runWasm(wasmPath, {
      args: t.headers.args, env: { ...procs(2), ...t.headers.env }, stdinFile: t.headers.stdin, timeoutMs: runSec * 1000,
    }));
    finish(procsName, compareRun(t, result, expectedOut, expectedErr, runSec), false);
  }
}

/** With --update-pending: per list file, each of its tests' names and whether it failed. */
const pendingOutcomes = new Map<string, Map<string, boolean>>();
let updatePending = false;

/** A pending test that fails is skipped; one that passes must leave the list. */
function finishPending(reporter: Reporter, name: string, problems: string[], pending: boolean, list: string | null): void {
  if (list !== null) {
    const outcomes = pendingOutcomes.get(list) ?? new Map<string, boolean>();
    pendingOutcomes.set(list, outcomes);
    outcomes.set(name.replace(/^\w+\//, ''), problems.length > 0);
    if (updatePending && pending && problems.length === 0) {
      reporter.record(name, 'pass');
      reporter.note(`now passing, removed from ${list}: ${name}`);
      return;
    }
    if (updatePending && !pending && problems.length > 0) {
      reporter.record(name, 'skip', '');
      reporter.note(`failing, added to ${list}: ${name} (${firstLine(problems[0])})`);
      return;
    }
  }
  if (!pending) {
    reporter.record(name, problems.length === 0 ? 'pass' : 'fail', problems.join('\n'));
  } else if (problems.length > 0) {
    reporter.record(name, 'skip', `pending: ${firstLine(problems[0])}`);
  } else if (list !== null) {
    reporter.record(name, 'fail', `now passing: remove \`${name.replace(/^\w+\//, '')}\` from ${list}`);
  } else {
    reporter.record(name, 'pass');
  }
}

/**
 * --update-pending: each list keeps its comments and its entries that still fail, loses
 * the ones that pass, and gains the tests that fail now (for review, like --update).
 */
function rewritePendingLists(): void {
  for (const [list, outcomes] of pendingOutcomes) {
    const old = readOrNull(list) ?? '';
    const kept: string[] = [];
    const listed = new Set<string>();
    for (const line of old.split('\n')) {
      const entry = line.replace(/#.*/, '').trim().replace(/\.gos$/, '');
      if (entry === '') { kept.push(line); continue; }
      listed.add(entry);
      if (outcomes.get(entry) !== false) kept.push(line);   // still failing (or not run): keep
    }
    const added = [...outcomes].filter(([n, failed]) => failed && !listed.has(n)).map(([n]) => n).sort();
    while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
    const text = [...kept, ...added].join('\n');
    if (text.trim() === '' && old === '') continue;
    fs.writeFileSync(list, text === '' ? '' : text + '\n');
  }
}

function describeCompileFailure(reply: WorkerReply): string | null {
  if ('crash' in reply) return `compile: ${trimStack(reply.crash)}`;
  if (!('ok' in reply)) return 'compile: unexpected reply from the worker';
  if (reply.internalError) return `internal compiler error in ${trimStack(reply.internalError)}${reply.rendered ? `\n${reply.rendered}` : ''}`;
  if (!reply.ok) return `does not compile:\n${headLines(reply.rendered, 40)}`;
  if (!reply.wasmPath) return 'compile: no wasm produced';
  return null;
}

function compareRun(t: RunTest, r: ProcessResult, expectedOut: string | null, expectedErr: string | null, timeoutSec: number): string[] {
  const problems: string[] = [];
  const stderrTail = () => {
    const lines = r.stderr.trimEnd().split('\n');
    return r.stderr.trim() === '' ? '(stderr is empty)' : `stderr${lines.length > 30 ? ' (last 30 lines)' : ''}:\n${indent(lines.slice(-30).join('\n'), '  ')}`;
  };
  if (r.timedOut) {
    problems.push(`timed out after ${timeoutSec} s\n${stderrTail()}`);
    return problems;
  }
  const status = r.code ?? (r.signal ? `signal ${r.signal}` : 'unknown');
  if (r.code !== t.headers.exit) problems.push(`exit status ${status}, expected ${t.headers.exit}\n${stderrTail()}`);
  if (expectedOut === null) {
    problems.push(`stdout: ${t.outFile} does not exist (run \`npm test -- ${t.name} --update\` to create it from the actual output)`);
  } else if (r.stdout !== expectedOut) {
    problems.push(`stdout differs (- expected, + actual):\n${indent(lineDiff(expectedOut, r.stdout), '  ')}`);
  }
  if (expectedErr !== null) {
    // A line starting with `!` names a fragment that must not appear.
    const lines = expectedErr.split('\n').map(l => l.trimEnd()).filter(l => l !== '');
    const missing = lines.filter(l => !l.startsWith('!') && !r.stderr.includes(l));
    if (missing.length > 0) {
      problems.push(`stderr lacks ${missing.map(l => JSON.stringify(l)).join(', ')}\n${stderrTail()}`);
    }
    const present = lines.filter(l => l.startsWith('!') && r.stderr.includes(l.slice(1)));
    if (present.length > 0) {
      problems.push(`stderr has ${present.map(l => JSON.stringify(l.slice(1))).join(', ')}, which it must not\n${stderrTail()}`);
    }
  }
  return problems;
}

function headLines(text: string, max: number): string {
  const lines = text.split('\n');
  return lines.length <= max ? text : [...lines.slice(0, max), `... (${lines.length - max} more lines)`].join('\n');
}

/** A stack trace cut to its first frames, without Node's internals. */
function trimStack(text: string, frames = 6): string {
  const lines = text.split('\n').filter(l => !/\(node:|node:internal/.test(l));
  const head = lines.filter(l => !/^\s+at /.test(l));
  const stack = lines.filter(l => /^\s+at /.test(l));
  return [...head, ...stack.slice(0, frames), ...(stack.length > frames ? ['    ...'] : [])].join('\n');
}

function readOrNull(file: string): string | null {
  try { return fs.readFileSync(file, 'utf8'); } catch { return null; }
}

// ------------------------------------------------------------------ errors tests

async function errorsTest(t: ErrorsTest, ctx: { slots: Slots; pool: WorkerPool; reporter: Reporter }): Promise<void> {
  const name = `errors/${t.name}`;
  const reply = await ctx.slots.with(Priority.compile, () => ctx.pool.request({ kind: 'errors', file: t.file }, COMPILE_TIMEOUT_MS * TIMEOUT_SCALE));
  let problems: string[];
  if ('crash' in reply) problems = [`compile: ${trimStack(reply.crash)}`];
  else if (!('ok' in reply)) problems = ['compile: unexpected reply from the worker'];
  else if (reply.internalError) problems = [`internal compiler error in ${trimStack(reply.internalError)}`];
  else if (reply.ok) problems = ['expected compile errors, but the program compiled'];
  else {
    problems = matchErrors(parseExpectations(fs.readFileSync(t.file, 'utf8')), reply.errors);
    // X.stderr beside X.gos: the diagnostics exactly as the compiler renders them (a snapshot).
    const snapshot = readOrNull(t.file.replace(/\.gos$/, '.stderr'));
    if (snapshot !== null && snapshot !== reply.rendered + '\n') {
      problems.push(`the rendered diagnostics differ from ${path.basename(t.file, '.gos')}.stderr (- expected, + actual):\n${indent(lineDiff(snapshot, reply.rendered + '\n'), '  ')}`);
    }
    if (problems.length > 0) problems.push(`the compiler said:\n${indent(headLines(reply.rendered, 60), '  ')}`);
  }
  finishPending(ctx.reporter, name, problems, t.pending, 'tests/errors/PENDING');
}

// ------------------------------------------------------------------ robustness

/** How many broken variants the robustness test got through in its time budget, of how many. */
const fuzzStats = { ran: 0, total: 0 };

/** Returns true if a failure left variants in tempDir to look at. */
async function fuzzTest(
  t: RunTest,
  ctx: { slots: Slots; pool: WorkerPool; reporter: Reporter; tempDir: string; budgetMs: number },
): Promise<boolean> {
  const name = `fuzz/${t.name}`;
  const reply = await ctx.slots.with(Priority.fuzz, () =>
    ctx.pool.request({ kind: 'fuzz', file: t.file, tempDir: ctx.tempDir, budgetMs: ctx.budgetMs }, FUZZ_TIMEOUT_MS * TIMEOUT_SCALE));
  if ('crash' in reply) {
    ctx.reporter.record(name, 'fail', `the front end did not survive: ${reply.crash}`);
    return false;
  }
  const { failures, variants, total } = reply as FuzzReply;
  fuzzStats.ran += variants;
  fuzzStats.total += total;
  if (failures.length === 0) {
    ctx.reporter.record(name, 'pass');
    return false;
  }
  // One report per distinct problem, with the variants that hit it.
  const byProblem = new Map<string, string[]>();
  for (const f of failures) byProblem.set(f.problem, [...(byProblem.get(f.problem) ?? []), `${f.variant} (saved as ${f.saved})`]);
  const text = [...byProblem].map(([problem, hits]) =>
    `${trimStack(problem)}\n  hit by:\n${hits.map(h => `    ${h}`).join('\n')}`).join('\n');
  ctx.reporter.record(name, 'fail', `${failures.length} of ${variants} broken variants crashed the front end or checker:\n${text}`);
  return true;
}

main().then(code => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`the test harness itself failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});

#!/usr/bin/env node
// The benchmark suite's runner: Gossamer against Go, Rust and Node.js, side by side.
//
//   npm run bench                         everything, full size (about 12 minutes)
//   npm run bench -- nbody fasta          benchmarks whose name contains a filter
//   npm run bench -- --quick              small sizes, for trying the suite (about 2 minutes)
//   npm run bench -- --runs 5             at most 5 timed runs of each implementation
//   npm run bench -- --no-tsc             use dist/ as it is instead of rebuilding the compiler
//   npm run bench -- --list               the benchmarks and their sizes
//
// For each benchmark: build every implementation (a missing toolchain is skipped and
// named), run each once, compare their outputs (with each other, and with the published
// output where there is one), then run more rounds, alternating implementations, as
// many as the benchmark's time budget allows (at most 3). Prints a table per benchmark
// and writes everything to bench/out/results-<date>.json. bench/README.md has the method.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCHMARKS, firstError } from './lib/benchmarks.js';
import { rssMethod, runOnce } from './lib/measure.js';
import { analyzeOutput, fmtMs, md5Text, printTable, summarize } from './lib/report.js';
import { LANGS, OUT, buildCompiler, detectToolchains, gitCommit } from './lib/toolchains.js';

const DEFAULT_MAX_RUNS = 3;
const SOFT_DEADLINE_MS = 10 * 60 * 1000; // past this, every remaining benchmark gets one round
const KEEP_OUTPUT_BYTES = 1 << 20; // larger outputs are deleted once hashed

function parseOptions(argv) {
  const opts = { quick: false, runs: null, tsc: true, list: false, filters: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--no-tsc') opts.tsc = false;
    else if (a === '--list') opts.list = true;
    else if (a === '--runs') opts.runs = parseInt(argv[++i], 10);
    else if (a.startsWith('--runs=')) opts.runs = parseInt(a.slice(7), 10);
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(2, 10).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else if (a.startsWith('-')) {
      console.error(`unknown option ${a} (try --help)`);
      process.exit(2);
    } else opts.filters.push(a);
  }
  return opts;
}

// ---- progress -------------------------------------------------------------------------

const tty = process.stderr.isTTY;
const started = Date.now();
let lastProgress = '';

function elapsed() {
  const s = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function progress(text) {
  lastProgress = `[${elapsed()}] ${text}`;
  if (tty) process.stderr.write(`\r\x1b[K${lastProgress.slice(0, process.stderr.columns - 1)}`);
  else process.stderr.write(`${lastProgress}\n`);
}

function clearProgress() {
  if (tty && lastProgress) process.stderr.write('\r\x1b[K');
  lastProgress = '';
}

// ---- one benchmark --------------------------------------------------------------------

async function timedRun(bench, impl, index, analyzeAll) {
  const env = { ...(impl.prep.spec.env ?? {}), ...(impl.prep.beforeEach ? impl.prep.beforeEach() : {}) };
  const file = path.join(OUT, 'run', `${bench.name}-${index}.out`);
  const res = await runOnce({ ...impl.prep.spec, env }, file, bench.timeoutMs);
  const run = { wallMs: res.wallMs, peakRssKB: res.peakRssKB, figures: {} };
  if (res.timedOut || res.code !== 0) {
    const why = res.timedOut ? `timed out after ${fmtMs(bench.timeoutMs)}` : res.signal ? `killed by ${res.signal}` : `exit status ${res.code}`;
    return { run, failed: `${why}: ${firstError(res.stderr)}`, stderr: res.stderr };
  }
  let out = null;
  if (analyzeAll || !bench.raw) {
    out = await analyzeOutput(file, bench.raw);
    run.figures = out.figures;
  }
  if (impl.prep.lines) run.figures.throughput = { value: impl.prep.lines / (res.wallMs / 1000), unit: 'lines/s' };
  if (fs.statSync(file).size > KEEP_OUTPUT_BYTES) fs.rmSync(file, { force: true });
  return { run, out };
}

async function verifyRun(bench, impl, index) {
  const file = path.join(OUT, 'run', `${bench.name}-${index}.verify.out`);
  const res = await runOnce({ ...impl.prep.verify, env: impl.prep.verify.env ?? {} }, file, bench.timeoutMs);
  if (res.code !== 0) return { failed: `verification run: exit status ${res.code}: ${firstError(res.stderr)}` };
  return { out: await analyzeOutput(file, bench.raw) };
}

async function runBenchmark(bench, n, total, ctx, opts, toolchains) {
  const tag = `[${n}/${total} ${bench.name}]`;
  const impls = bench.impls().map((i) => ({ lang: i.lang, label: i.label, maxRuns: i.runs, prepare: i.prepare }));
  const result = { name: bench.name, title: bench.title, arg: ctx.arg, impls };

  for (const impl of impls) {
    const tc = toolchains[impl.lang];
    if (!tc.ok) {
      Object.assign(impl, { status: 'skipped', reason: tc.reason });
      continue;
    }
    progress(`${tag} building ${impl.label}`);
    try {
      impl.prep = impl.prepare(ctx);
    } catch (e) {
      impl.prep = { ok: false, reason: `prepare failed: ${e.message}` };
    }
    impl.buildMs = impl.prep.buildMs ?? null;
    if (!impl.prep.ok) {
      Object.assign(impl, { status: 'build failed', reason: impl.prep.reason, buildOutput: impl.prep.buildOutput?.slice(0, 4000) });
    }
  }

  let active = impls.filter((i) => i.prep?.ok);
  // Round 1: every implementation once; its output is what gets compared.
  let roundMs = 0;
  for (const impl of active) {
    progress(`${tag} round 1 · ${impl.label}`);
    const r = await timedRun(bench, impl, impls.indexOf(impl), true);
    roundMs += r.run.wallMs;
    impl.runs = [r.run];
    if (r.failed) {
      Object.assign(impl, { status: 'failed', reason: r.failed, stderr: r.stderr?.slice(-4000), runs: [] });
      continue;
    }
    impl.status = 'ok';
    impl.output = r.out;
    if (impl.prep.verify) {
      progress(`${tag} verifying ${impl.label}`);
      const v = await verifyRun(bench, impl, impls.indexOf(impl));
      if (v.failed) Object.assign(impl, { status: 'failed', reason: v.failed });
      else impl.output = v.out;
    }
  }
  active = active.filter((i) => i.status === 'ok');
  checkOutputs(bench, result, active, opts);

  // More rounds, as the budget allows, each starting with a different implementation.
  const maxRuns = opts.runs ?? bench.maxRuns ?? DEFAULT_MAX_RUNS;
  let rounds = Math.max(1, Math.min(maxRuns, Math.floor((bench.budgetS * 1000) / Math.max(roundMs, 1))));
  if (opts.runs) rounds = opts.runs;
  if (Date.now() - started > SOFT_DEADLINE_MS && !opts.runs) rounds = 1;
  for (let round = 2; round <= rounds; round++) {
    const order = active.map((_, k) => active[(k + round - 1) % active.length]);
    for (const impl of order) {
      const cap = opts.runs ? rounds : Math.min(rounds, impl.maxRuns ?? rounds);
      if (impl.status !== 'ok' || impl.runs.length >= cap) continue;
      progress(`${tag} round ${round}/${rounds} · ${impl.label}`);
      const r = await timedRun(bench, impl, impls.indexOf(impl), false);
      if (r.failed) {
        Object.assign(impl, { status: 'failed', reason: `run ${round}: ${r.failed}` });
        continue;
      }
      impl.runs.push(r.run);
    }
  }
  for (const impl of impls) if (impl.runs?.length) impl.summary = summarize(impl.runs);
  clearProgress();
  return result;
}

/** Marks each implementation's output ok or not: against the published output, else the majority. */
function checkOutputs(bench, result, active, opts) {
  let want = null;
  if (!opts.quick && bench.expect) {
    want = bench.expect.md5 ?? md5Text(bench.expect.text);
    result.expectNote = `expected output (published or agreed by Go and Rust): ${bench.expect.md5 ? `md5 ${want}` : JSON.stringify(bench.expect.text)}`;
  } else {
    const votes = new Map();
    for (const i of active) votes.set(i.output.md5, (votes.get(i.output.md5) ?? 0) + 1);
    const best = Math.max(0, ...votes.values());
    const tied = [...votes.keys()].filter((m) => votes.get(m) === best);
    const pick = (lang) => active.find((i) => i.lang === lang && tied.includes(i.output.md5))?.output.md5;
    want = pick('go') ?? pick('rust') ?? tied[0] ?? null;
  }
  result.expectedMd5 = want;
  for (const i of active) {
    i.outputOk = i.output.md5 === (i.prep.expectText != null ? md5Text(i.prep.expectText) : want);
    if (!i.outputOk) i.reason = `output differs (md5 ${i.output.md5}${i.output.text != null ? `: ${JSON.stringify(i.output.text.slice(0, 120))}` : ''})`;
  }
}

// ---- the whole run --------------------------------------------------------------------

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? '?',
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => opts.filters.length === 0 || opts.filters.some((f) => b.name.includes(f)));
  if (opts.list) {
    for (const b of BENCHMARKS) console.log(`${b.name.padEnd(15)} ${String(b.arg.full).padStart(10)} (quick ${b.arg.quick})  ${b.title}: ${b.measures}`);
    return;
  }
  if (selected.length === 0) {
    console.error(`no benchmark matches ${opts.filters.join(' ')} (try --list)`);
    process.exit(2);
  }
  fs.mkdirSync(path.join(OUT, 'run'), { recursive: true });
  fs.rmSync(path.join(OUT, 'tmp'), { recursive: true, force: true });

  let compiler = null;
  if (opts.tsc) {
    progress('building the compiler (tsc -p .)');
    compiler = buildCompiler();
    clearProgress();
    if (!compiler.ok) console.log(`warning: tsc failed, using dist/ as it is: ${firstError(compiler.output)}`);
  }
  const toolchains = detectToolchains();
  const m = machine();
  console.log(`Gossamer benchmarks${opts.quick ? ' (--quick: small sizes)' : ''}, ${new Date().toISOString()}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, ${m.kernel}; load average ${m.loadavg.join(' ')}`);
  if (m.loadavg[0] > 0.5) console.log(`warning: the machine is busy (load ${m.loadavg[0]}); timings will be noisy`);
  console.log(`peak RSS: ${rssMethod() === 'gnu-time' ? 'GNU time (/usr/bin/time -f %M)' : 'VmHWM polled from /proc every 10 ms (GNU time not found: apt-get install -y time)'}`);
  for (const lang of LANGS) {
    const tc = toolchains[lang];
    console.log(`${lang.padEnd(9)} ${tc.ok ? tc.version : `SKIPPED: ${tc.reason}`}`);
  }

  const ctxBase = { builds: new Map(), quick: opts.quick };
  const results = [];
  for (const [k, bench] of selected.entries()) {
    const ctx = { ...ctxBase, arg: opts.quick ? bench.arg.quick : bench.arg.full };
    const b = { ...bench, timeoutMs: (opts.quick ? 120 : 600) * 1000 };
    const result = await runBenchmark(b, k + 1, selected.length, ctx, opts, toolchains);
    printTable(b, result);
    results.push(result);
  }

  const date = new Date().toISOString().replace(/:/g, '-').slice(0, 19);
  const file = path.join(OUT, `results-${date}.json`);
  const json = {
    date: new Date().toISOString(),
    quick: opts.quick,
    commit: gitCommit(),
    machine: { ...m, loadavgEnd: os.loadavg().map((x) => Number(x.toFixed(2))) },
    rssMethod: rssMethod(),
    toolchains,
    compilerBuild: compiler && { ok: compiler.ok, ms: compiler.ms },
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('GOSSAMER_') || k === 'GOGC' || k === 'GOMAXPROCS')),
    wallMs: Date.now() - started,
    benchmarks: results.map((r) => ({
      name: r.name,
      title: r.title,
      arg: r.arg,
      expectedMd5: r.expectedMd5,
      impls: r.impls.map((i) => ({
        lang: i.lang,
        label: i.label,
        status: i.status,
        reason: i.reason,
        buildMs: i.buildMs,
        outputOk: i.outputOk,
        outputMd5: i.output?.md5,
        runs: i.runs ?? [],
        summary: i.summary,
        buildOutput: i.buildOutput,
        stderr: i.stderr,
      })),
    })),
  };
  fs.writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
  fs.rmSync(path.join(OUT, 'tmp'), { recursive: true, force: true }); // fresh caches made for uncached runs
  console.log(`\n${selected.length} benchmark${selected.length === 1 ? '' : 's'} in ${elapsed()}; results in ${path.relative(process.cwd(), file)}`);
  const bad = results.flatMap((r) => r.impls.filter((i) => i.status !== 'ok' || i.outputOk === false).map((i) => `${r.name}/${i.label}: ${i.status}${i.reason ? ` - ${i.reason}` : ''}`));
  if (bad.length) console.log(`not measured or wrong:\n  ${bad.join('\n  ')}`);
}

await main();

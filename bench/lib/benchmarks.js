// What the suite runs: each benchmark, its argument at full size and with --quick, the
// output every implementation must print (where it is published), how many seconds of
// repetitions it may take, and its implementations (rows of its table).
//
// An implementation is { lang, label, runs?, prepare(ctx) }. prepare builds what it
// needs and returns { ok, reason?, buildMs?, spec, beforeEach?, verify?, lines? }:
//   spec        { cmd, args, env?, cwd? }: the command that is timed
//   beforeEach  () => env: called before every timed run (a fresh cache directory)
//   verify      { cmd, args, env? }: run once, untimed, when the timed command only
//               builds (the compiler benchmark): its stdout is what gets compared
//   lines       source lines, for the compiler benchmark's lines per second
//   expectText  the output this row must print, when rows differ in size (compiler)
//
// Figures: a program may print lines `key: number unit` (`worst push: 1.234 ms`). The
// runner parses them as the benchmark's own figures and leaves them out of the output
// comparison; every other line must be identical across languages.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH, BUILD, GOSSAMER, OUT, ROOT, buildProgram } from './toolchains.js';
import { generateLarge } from './genlarge.js';
import { runBuild } from './measure.js';

const PROGRAMS = path.join(BENCH, 'programs');

function source(program, lang) {
  const ext = { gossamer: 'gos', go: 'go', rust: 'rs', node: 'js' }[lang];
  return path.join(PROGRAMS, program, `${program}.${ext}`);
}

/** Builds program for lang once per runner invocation (gcpause and gcpause-10m share). */
function built(ctx, program, lang) {
  const key = `${program}/${lang}`;
  if (!ctx.builds.has(key)) ctx.builds.set(key, buildProgram(lang, source(program, lang), program));
  return ctx.builds.get(key);
}

/** The usual four rows: the same program in each language, run with the benchmark's argument. */
function programImpls(program) {
  return ['gossamer', 'go', 'rust', 'node'].map((lang) => programImpl(program, lang));
}

/** One row; env (such as { GOSSAMER_PROCS: '1' }) makes a variant, named in its label. */
function programImpl(program, lang, env) {
  return {
    lang,
    label: env ? `${lang}, ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}` : lang,
    prepare(ctx) {
      const b = built(ctx, program, lang);
      if (!b.ok) return { ok: false, reason: `build failed: ${firstError(b.output)}`, buildMs: b.ms, buildOutput: b.output };
      return { ok: true, buildMs: b.ms, spec: { cmd: b.run[0], args: [...b.run.slice(1), String(ctx.arg)], env } };
    },
  };
}

/** The first line that looks like an error, else the first line. */
export function firstError(output) {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.find((l) => /error|panic|cannot|not found|failed/i.test(l));
  return (err ?? lines[0] ?? '(no output)').slice(0, 200);
}

function freshDir(prefix) {
  fs.mkdirSync(path.join(OUT, 'tmp'), { recursive: true });
  return fs.mkdtempSync(path.join(OUT, 'tmp', prefix));
}

// ---- http -----------------------------------------------------------------------------

const HTTPLOAD = path.join(BENCH, 'lib', 'httpload.js');

/**
 * The http rows: each language's server (programs/http) under lib/httpload.js, on one
 * core (wrk on the other), then on both cores. ctx.arg is wrk's seconds per load.
 */
function httpImpls() {
  const row = (lang, cores) => ({
    lang,
    label: cores === 1 ? lang : `${lang}, 2 cores`,
    prepare(ctx) {
      const b = built(ctx, 'http', lang);
      if (!b.ok) return { ok: false, reason: `build failed: ${firstError(b.output)}`, buildMs: b.ms, buildOutput: b.output };
      const idle = ctx.quick ? 1000 : 10000;
      const args = [HTTPLOAD, '--cores', String(cores), '--seconds', String(ctx.arg), '--idle', String(idle), '--', ...b.run];
      return { ok: true, buildMs: b.ms, spec: { cmd: process.execPath, args } };
    },
  });
  const langs = ['gossamer', 'go', 'node', 'rust'];
  return [...langs.map((l) => row(l, 1)), ...langs.map((l) => row(l, 2))];
}

/** The soak: the Gossamer JSON server through ctx.arg requests (lib/httpload.js --soak). */
function soakImpls() {
  return [{
    lang: 'gossamer',
    label: 'gossamer',
    prepare(ctx) {
      const b = built(ctx, 'http', 'gossamer');
      if (!b.ok) return { ok: false, reason: `build failed: ${firstError(b.output)}`, buildMs: b.ms, buildOutput: b.output };
      return { ok: true, buildMs: b.ms, spec: { cmd: process.execPath, args: [HTTPLOAD, '--cores', '2', '--soak', String(ctx.arg), '--', ...b.run] } };
    },
  }];
}

// ---- start-up -------------------------------------------------------------------------

const HELLO = path.join(PROGRAMS, 'hello');

function startupImpls() {
  const hello = (lang) => source('hello', lang);
  const warmCache = path.join(OUT, 'cache', 'gossamer-startup');
  const goCache = path.join(OUT, 'cache', 'go-startup');
  const warmGossamer = (ctx) => {
    if (ctx.gossamerWarm === undefined) {
      fs.rmSync(warmCache, { recursive: true, force: true });
      const r = runBuildQuiet(process.execPath, [GOSSAMER, 'run', hello('gossamer')], { GOSSAMER_CACHE: warmCache });
      ctx.gossamerWarm = r;
    }
    return ctx.gossamerWarm;
  };
  return [
    {
      lang: 'gossamer', label: 'gossamer run, uncached', runs: 3,
      prepare: () => ({
        ok: true,
        spec: { cmd: process.execPath, args: [GOSSAMER, 'run', hello('gossamer')], cwd: ROOT },
        beforeEach: () => ({ GOSSAMER_CACHE: freshDir('gossamer-cache-') }),
      }),
    },
    {
      lang: 'gossamer', label: 'gossamer run, cached',
      prepare(ctx) {
        const w = warmGossamer(ctx);
        if (!w.ok) return { ok: false, reason: `warm-up run failed: ${firstError(w.output)}`, buildOutput: w.output };
        return { ok: true, buildMs: w.ms, spec: { cmd: process.execPath, args: [GOSSAMER, 'run', hello('gossamer')], cwd: ROOT, env: { GOSSAMER_CACHE: warmCache } } };
      },
    },
    {
      lang: 'gossamer', label: 'npx gossamer run, uncached', runs: 3,
      prepare: () => ({
        ok: true,
        spec: { cmd: 'npx', args: ['--no-install', 'gossamer', 'run', hello('gossamer')], cwd: ROOT },
        beforeEach: () => ({ GOSSAMER_CACHE: freshDir('gossamer-cache-') }),
      }),
    },
    {
      lang: 'gossamer', label: 'npx gossamer run, cached',
      prepare(ctx) {
        const w = warmGossamer(ctx);
        if (!w.ok) return { ok: false, reason: `warm-up run failed: ${firstError(w.output)}`, buildOutput: w.output };
        return { ok: true, spec: { cmd: 'npx', args: ['--no-install', 'gossamer', 'run', hello('gossamer')], cwd: ROOT, env: { GOSSAMER_CACHE: warmCache } } };
      },
    },
    { lang: 'gossamer', label: 'node hello.mjs (built)', prepare: (ctx) => builtHello(ctx, 'gossamer') },
    { lang: 'go', label: 'go binary', prepare: (ctx) => builtHello(ctx, 'go') },
    {
      lang: 'go', label: 'go run, cached',
      prepare() {
        fs.rmSync(goCache, { recursive: true, force: true });
        const w = runBuildQuiet('go', ['run', hello('go')], { GOCACHE: goCache, GO111MODULE: 'off' });
        if (!w.ok) return { ok: false, reason: `warm-up run failed: ${firstError(w.output)}`, buildOutput: w.output };
        return { ok: true, buildMs: w.ms, spec: { cmd: 'go', args: ['run', hello('go')], cwd: HELLO, env: { GOCACHE: goCache, GO111MODULE: 'off' } } };
      },
    },
    {
      lang: 'go', label: 'go run, uncached', runs: 3,
      prepare: () => ({
        ok: true,
        spec: { cmd: 'go', args: ['run', hello('go')], cwd: HELLO, env: { GO111MODULE: 'off' } },
        beforeEach: () => ({ GOCACHE: freshDir('go-cache-') }),
      }),
    },
    { lang: 'rust', label: 'rust binary', prepare: (ctx) => builtHello(ctx, 'rust') },
    {
      lang: 'rust', label: 'rustc -O + run', runs: 3,
      prepare() {
        const exe = path.join(BUILD, 'hello-rustc-run');
        const script = `rm -f '${exe}' && rustc -C opt-level=3 -o '${exe}' '${hello('rust')}' && '${exe}'`;
        return { ok: true, spec: { cmd: 'sh', args: ['-c', script], cwd: BUILD } };
      },
    },
    { lang: 'node', label: 'node hello.js', prepare: (ctx) => builtHello(ctx, 'node') },
  ];
}

function builtHello(ctx, lang) {
  const b = built(ctx, 'hello', lang);
  if (!b.ok) return { ok: false, reason: `build failed: ${firstError(b.output)}`, buildMs: b.ms, buildOutput: b.output };
  return { ok: true, buildMs: b.ms, spec: { cmd: b.run[0], args: b.run.slice(1) } };
}

function runBuildQuiet(cmd, args, env) {
  return runBuild(cmd, args, { env, cwd: ROOT });
}

// ---- compiler throughput --------------------------------------------------------------

// binaryen -O3 time grows faster than the program (on 2026-11-23: 6,400 lines in 10 s,
// 64,000 lines in 330 s, nearly all in codegen.optimize), so the --release row builds a
// program a tenth the size; its label says so.
const RELEASE_FRACTION = 10;

function compileImpls() {
  const gen = (ctx, fraction = 1) => {
    const funcs = Math.max(1, Math.round(ctx.arg / fraction));
    ctx.large ??= new Map();
    if (!ctx.large.has(funcs)) ctx.large.set(funcs, generateLarge(funcs, path.join(OUT, `large-${funcs}`)));
    return ctx.large.get(funcs);
  };
  const gossamerBuild = (release) => (ctx) => {
    const g = gen(ctx, release ? RELEASE_FRACTION : 1);
    const out = path.join(BUILD, release ? 'large-release.mjs' : 'large-dev.mjs');
    return {
      ok: true,
      lines: g.gos.lines,
      expectText: g.expected,
      spec: { cmd: process.execPath, args: [GOSSAMER, 'build', g.gos.file, '-o', out, ...(release ? ['--release'] : [])], cwd: ROOT },
      beforeEach: () => { fs.rmSync(out, { force: true }); return {}; },
      verify: { cmd: process.execPath, args: [out] },
    };
  };
  const rustBuild = (opt) => (ctx) => {
    const g = gen(ctx);
    const out = path.join(BUILD, `large-rust-O${opt}`);
    return {
      ok: true,
      lines: g.rs.lines,
      expectText: g.expected,
      spec: { cmd: 'rustc', args: ['-C', `opt-level=${opt}`, '-o', out, g.rs.file], cwd: BUILD },
      beforeEach: () => { fs.rmSync(out, { force: true }); return {}; },
      verify: { cmd: out, args: [] },
    };
  };
  return [
    { lang: 'gossamer', label: 'gossamer build', prepare: gossamerBuild(false) },
    { lang: 'gossamer', label: `gossamer build --release (1/${RELEASE_FRACTION} size)`, prepare: gossamerBuild(true) },
    {
      lang: 'go', label: 'go build (empty cache)',
      prepare(ctx) {
        const g = gen(ctx);
        const out = path.join(BUILD, 'large-go');
        return {
          ok: true,
          lines: g.go.lines,
          expectText: g.expected,
          spec: { cmd: 'go', args: ['build', '-o', out, g.go.file], cwd: path.dirname(g.go.file), env: { GO111MODULE: 'off' } },
          beforeEach: () => { fs.rmSync(out, { force: true }); return { GOCACHE: freshDir('go-cache-') }; },
          verify: { cmd: out, args: [] },
        };
      },
    },
    { lang: 'rust', label: 'rustc -C opt-level=0', prepare: rustBuild(0) },
    { lang: 'rust', label: 'rustc -C opt-level=3', prepare: rustBuild(3), runs: 2 },
    {
      lang: 'node', label: 'node large.js (parse and run)',
      prepare(ctx) {
        const g = gen(ctx);
        return { ok: true, lines: g.js.lines, expectText: g.expected, spec: { cmd: process.execPath, args: [g.js.file] } };
      },
    },
  ];
}

// ---- the list -------------------------------------------------------------------------

const NBODY = '-0.169075164\n-0.169059907\n';
const BINARYTREES_21 = 'baf0dcbc307297f68bd9459833db9f73';
const MANDELBROT_8000 = 'cbe14e3cc1946a30df41ea35cf209b06';
const FASTA_25M = 'fd55b9e8011c781131046b6dd87511e1';

export const BENCHMARKS = [
  {
    name: 'nbody', argName: 'N', title: 'n-body', measures: 'floating point in a tight loop over five heap objects',
    arg: { full: 50_000_000, quick: 1_000_000 }, expect: { text: NBODY }, budgetS: 70,
    impls: () => programImpls('nbody'),
  },
  {
    name: 'spectralnorm', argName: 'N', title: 'spectral-norm', measures: 'floating point, calls and Vec<f64> indexing',
    arg: { full: 5500, quick: 1000 }, expect: { text: '1.274224153\n' }, budgetS: 40,
    impls: () => programImpls('spectralnorm'),
  },
  {
    name: 'fannkuch', argName: 'N', title: 'fannkuch-redux', measures: 'integer Vec indexing and branches',
    arg: { full: 11, quick: 9 }, expect: { text: '556355\nPfannkuchen(11) = 51\n' }, budgetS: 50,
    impls: () => programImpls('fannkuch'),
  },
  {
    name: 'mandelbrot', argName: 'N', title: 'mandelbrot', measures: 'floating point; an 8 MB binary PBM on stdout, compared by md5',
    arg: { full: 8000, quick: 1000 }, expect: { md5: MANDELBROT_8000 }, raw: true, budgetS: 60,
    impls: () => programImpls('mandelbrot'),
  },
  {
    name: 'binarytrees', argName: 'depth', title: 'binary-trees', measures: 'allocation and garbage collection of short-lived trees',
    arg: { full: 21, quick: 16 }, expect: { md5: BINARYTREES_21 }, budgetS: 150,
    impls: () => programImpls('binarytrees'),
  },
  {
    name: 'fasta', argName: 'N', title: 'fasta', measures: 'integer and float arithmetic, 250 MB of output through a 64 KiB buffer',
    arg: { full: 25_000_000, quick: 1_000_000 }, expect: { md5: FASTA_25M }, raw: true, budgetS: 60,
    impls: () => programImpls('fasta'),
  },
  {
    name: 'fasta_parallel', argName: 'N', title: 'fasta, parallel', measures: 'the same output, one goroutine (thread, worker) per core filling a shared buffer',
    arg: { full: 25_000_000, quick: 1_000_000 }, expect: { md5: FASTA_25M }, raw: true, budgetS: 60,
    impls: () => [
      ...programImpls('fasta_parallel'),
      programImpl('fasta_parallel', 'gossamer', { GOSSAMER_PROCS: '1' }),
      programImpl('fasta_parallel', 'go', { GOMAXPROCS: '1' }),
    ],
  },
  {
    name: 'gcpause', argName: 'pushes', title: 'GC pauses (Pusher), 1M pushes', measures: 'worst single push into a 200 MB ring of 1 KiB messages',
    arg: { full: 1_000_000, quick: 300_000 }, budgetS: 40, figures: ['worst push', 'total'],
    impls: () => programImpls('gcpause'),
  },
  {
    name: 'gcpause10m', argName: 'pushes', title: 'GC pauses (Pusher), 10M pushes', measures: 'the same, ten times as long',
    arg: { full: 10_000_000, quick: 1_000_000 }, budgetS: 45, figures: ['worst push', 'total'],
    impls: () => programImpls('gcpause'),
  },
  {
    name: 'goroutines', argName: 'N', title: 'goroutine costs', measures: 'spawn and park 100,000 goroutines; unbuffered ping-pong; buffered channel',
    arg: { full: 100_000, quick: 10_000 }, budgetS: 40, figures: ['spawned', 'spawn', 'parked rss', 'ping-pong', 'buffered'],
    impls: () => programImpls('goroutines'),
  },
  {
    name: 'http', argName: 'seconds', title: 'HTTP servers',
    measures: 'hello world and JSON echo under wrk -t1 -c64 (wrk on CPU 0, the server on CPU 1, then on both); peak RSS holding 10,000 idle keep-alive connections',
    arg: { full: 10, quick: 2 }, budgetS: 300, maxRuns: 1,
    figures: ['hello', 'hello p50', 'hello p99', 'json', 'json p50', 'json p99', 'idle 10000 rss', 'idle 1000 rss'],
    impls: () => httpImpls(),
  },
  {
    name: 'http_soak', argName: 'requests', title: 'HTTP soak: the JSON echo server',
    measures: 'N POST /json requests through the Gossamer server; RSS after the first 100,000 and at the end; goroutines before and after',
    arg: { full: 1_000_000, quick: 200_000 }, budgetS: 200, maxRuns: 1,
    figures: ['soak requests', 'soak seconds', 'rss after 100k', 'rss at end', 'rss growth', 'goroutines before', 'goroutines after'],
    impls: () => soakImpls(),
  },
  {
    name: 'startup', title: 'start-up: hello', measures: 'compile-and-run and run of hello, world',
    arg: { full: 0, quick: 0 }, expect: { text: 'Hello, world!\n' }, budgetS: 60, maxRuns: 10,
    impls: () => startupImpls(),
  },
  {
    name: 'compile', argName: 'functions', title: 'compiler throughput', measures: 'building a generated program of N functions (about 32 lines each)',
    arg: { full: 2000, quick: 200 }, budgetS: 120, figures: ['throughput'],
    impls: () => compileImpls(),
  },
];

// `npm run fuzz`: generate programs, check each against the oracles (oracle.ts),
// minimize every new finding and save it for a human to turn into a test.
//
//   npm run fuzz -- --minutes 30          as many programs as fit in 30 minutes
//   npm run fuzz -- --seed 1000 --count 50
//   npm run fuzz -- --print 1234 [--rust]  print the program of a seed (or its Rust twin)
//
// Seeds are consecutive from --seed (default: derived from the clock, printed first), so
// any program can be regenerated from the seed in the report. Findings go to --out
// (default fuzz-findings/): KIND-SEED.gos (minimized), .rs (its Rust twin, when there is
// one), .txt (what went wrong, with the full outputs) and KIND-SEED.orig.gos.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Slots, WorkerPool } from '../harness/pool.js';
import { harnessBackend, haveRustc } from './backend.js';
import { Program, generate } from './gen/items.js';
import { minimizeLines, minimizeTree } from './minimize.js';
import { Node, render } from './node.js';
import { Backend, DEFAULT_ORACLE, Finding, OracleOptions, checkProgram, emptyStats } from './oracle.js';

const root = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

const USAGE = `usage: npm run fuzz -- [--minutes N | --count N] [--seed S] [options]
  --minutes N      run for N minutes (default 1 when neither this nor --count is given)
  --count N        check N programs
  --seed S         first seed (default: from the clock); seeds S, S+1, ... are used
  --jobs N         programs checked at once (default: the number of CPUs)
  --mode M         rust (only the subset Rust shares), gos (Gossamer-only features) or mixed (default)
  --no-rust        do not compare with rustc
  --no-minimize    save findings as found
  --out DIR        where findings go (default fuzz-findings/)
  --print SEED     print the program of SEED and exit (--rust: its Rust twin)
  --reduce SEED    check SEED and minimize its first finding, whatever its kind
  --verbose        one line per program
  --check-only     only type-check the programs (working on the generator)
  --mutants N      ill-typed mutants per program (default 3)
`;

function parse() {
  return parseArgs({
    options: {
      minutes: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, jobs: { type: 'string' },
      mode: { type: 'string' }, 'no-rust': { type: 'boolean' }, 'no-minimize': { type: 'boolean' },
      out: { type: 'string' }, print: { type: 'string' }, rust: { type: 'boolean' }, verbose: { type: 'boolean' },
      reduce: { type: 'string' }, 'check-only': { type: 'boolean' }, mutants: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  }).values;
}

function modeOf(mode: string | undefined): boolean | undefined {
  if (mode === 'rust') return true;
  if (mode === 'gos') return false;
  return undefined;
}

/** One finding kind + the first line of what went wrong, without numbers: the duplicates key. */
function signature(f: Finding): string {
  return `${f.kind}: ${f.summary.replace(/\d+/g, 'N').replace(/`[^`]*`/g, '`x`').slice(0, 120)}`;
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof parse>;
  try {
    opts = parse();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (opts.help) { process.stdout.write(USAGE); return 0; }
  const mode = modeOf(opts.mode);
  if (opts.print !== undefined) {
    const p = generate(Number(opts.print), { rust: opts.rust ? true : mode });
    process.stdout.write(render(p.root, opts.rust ? 'rust' : 'gos') + '\n');
    return 0;
  }

  const jobs = Math.max(1, Number(opts.jobs ?? os.cpus().length) || 1);
  const minutes = opts.minutes !== undefined ? Number(opts.minutes) : opts.count === undefined ? 1 : Infinity;
  const count = opts.count !== undefined ? Number(opts.count) : Infinity;
  const firstSeed = opts.seed !== undefined ? Number(opts.seed) : (Date.now() % 1_000_000_000);
  const useRust = !opts['no-rust'] && haveRustc();
  const outDir = path.resolve(opts.out ?? path.join(root, 'fuzz-findings'));
  const deadline = opts.reduce !== undefined ? 0 : Date.now() + minutes * 60_000;
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-fuzz-'));

  process.stdout.write(`fuzzing from seed ${firstSeed} with ${jobs} job${jobs === 1 ? '' : 's'}`
    + `${Number.isFinite(minutes) ? ` for ${minutes} min` : ''}${Number.isFinite(count) ? `, ${count} programs` : ''}`
    + `${useRust ? ', comparing with rustc' : ''}; findings go to ${path.relative(process.cwd(), outDir) || '.'}\n`);

  const slots = new Slots(jobs);
  const pool = new WorkerPool(path.join(root, 'dist', 'tests', 'harness', 'worker.js'), jobs);
  const be = harnessBackend(pool, slots, tempDir, useRust);
  const stats = emptyStats();
  const oracle: OracleOptions = {
    ...DEFAULT_ORACLE, useRust, checkOnly: opts['check-only'],
    mutants: opts.mutants !== undefined ? Number(opts.mutants) : DEFAULT_ORACLE.mutants,
  };
  const seen = new Map<string, number>();
  const saved: string[] = [];
  let next = firstSeed;
  let done = 0;
  const started = Date.now();
  let lastReport = Date.now();

  const report = (final = false) => {
    const secs = Math.round((Date.now() - started) / 1000);
    process.stdout.write(`${final ? 'total' : 'progress'} (${secs} s): ${stats.generated} generated, ${stats.checked} type-checked, `
      + `${stats.built} built, ${stats.runs} runs, ${stats.rustCompared} compared with rustc, ${stats.mutants} ill-typed mutants; `
      + `${seen.size} distinct finding${seen.size === 1 ? '' : 's'}\n`);
  };

  if (opts.reduce !== undefined) {
    const p = generate(Number(opts.reduce), { rust: mode });
    const findings = await checkProgram(p, be, stats, oracle);
    for (const f of findings.slice(0, 1)) {
      process.stdout.write(`${f.kind}: ${f.summary}\n`);
      saved.push(save(outDir, f, await minimizeFinding(p, f, be, oracle, Date.now() + 30 * 60_000)));
    }
    if (findings.length === 0) process.stdout.write('no finding\n');
  }
  const worker = async () => {
    while (Date.now() < deadline && done + inFlight() < count) {
      const seed = next++;
      active++;
      try {
        const p = generate(seed, { rust: mode });
        const findings = await checkProgram(p, be, stats, oracle);
        if (opts.verbose) process.stdout.write(`seed ${seed}: ${p.rust ? 'rust' : 'gos'}${p.concurrent ? ' conc' : ''} ${findings.length === 0 ? 'ok' : findings.map(f => f.kind).join(', ')}\n`);
        for (const f of findings) {
          const sig = signature(f);
          const n = seen.get(sig) ?? 0;
          seen.set(sig, n + 1);
          if (n > 0) continue;
          process.stdout.write(`NEW ${f.kind} (seed ${seed}): ${f.summary}\n`);
          const min = opts['no-minimize'] ? f : await minimizeFinding(p, f, be, oracle, deadline);
          saved.push(save(outDir, f, min));
        }
      } catch (e) {
        process.stdout.write(`seed ${seed}: the fuzzer itself failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      } finally {
        active--;
        done++;
      }
      if (Date.now() - lastReport > 60_000) { report(); lastReport = Date.now(); }
    }
  };
  let active = 0;
  const inFlight = () => active;
  await Promise.all(Array.from({ length: jobs }, worker));
  pool.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
  report(true);
  for (const [sig, n] of seen) process.stdout.write(`  ${n}x ${sig}\n`);
  for (const s of saved) process.stdout.write(`saved ${path.relative(process.cwd(), s)}\n`);
  return 0;
}

/** The finding made small: same kind (and for compiler errors the same message). */
async function minimizeFinding(p: Program, f: Finding, be: Backend, oracle: OracleOptions, deadline: number): Promise<Finding> {
  const budget = { tests: 300, deadline: Math.min(deadline + 5 * 60_000, Date.now() + 8 * 60_000) };
  const exact = f.kind.includes('internal-error') || f.kind === 'generator' || f.kind === 'rejected';
  const sameAs = (g: Finding) => g.kind === f.kind && (!exact || firstWords(g.summary) === firstWords(f.summary));
  const quiet = emptyStats();
  if (f.kind.startsWith('mutant')) {
    const text = await minimizeLines(f.source, async t => {
      const c = await be.compile(`min_${p.seed}`, t, 'check');
      if (f.kind === 'mutant-internal-error') return !!c.internalError && firstWords(c.internalError) === firstWords(f.summary.replace(/^.*?: /, ''));
      if (f.kind === 'mutant-accepted') return c.ok;
      return !c.ok && c.errorCount === 0 && !c.internalError;
    }, budget);
    return { ...f, source: text };
  }
  const still = async (r: Node) => {
    const cand: Program = { ...p, root: r };
    const fs2 = await checkProgram(cand, be, quiet, { ...oracle, mutants: 0 });
    return fs2.some(sameAs);
  };
  const small = await minimizeTree(p.root, p.gen, still, budget);
  return { ...f, source: render(small, 'gos'), rust: p.rust ? render(small, 'rust') : undefined };
}

function firstWords(s: string): string {
  return s.replace(/\s+at .*/s, '').replace(/\d+/g, 'N').slice(0, 100);
}

function save(outDir: string, orig: Finding, min: Finding): string {
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${orig.kind}-${orig.seed}`);
  fs.writeFileSync(`${base}.gos`, min.source + '\n');
  fs.writeFileSync(`${base}.orig.gos`, orig.source + '\n');
  if (min.rust) fs.writeFileSync(`${base}.rs`, min.rust + '\n');
  fs.writeFileSync(`${base}.txt`, `${orig.kind} (seed ${orig.seed}): ${orig.summary}\n\n${orig.detail}\n`);
  return `${base}.gos`;
}

main().then(code => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`the fuzzer failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});

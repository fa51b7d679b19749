// The four toolchains: finding them, and building one benchmark program with each.
//
//   gossamer  node bin/gossamer.js build X.gos -o bench/out/build/X.mjs --release,
//             run as `node X.mjs N` (the artifact sets its own V8 flags)
//   go        go build -o bench/out/build/X-go X.go (Debian's golang-go: Go 1.19)
//   rust      rustc -C opt-level=3 -o bench/out/build/X-rust X.rs (std only; no
//             target-cpu=native, so no FMA or AVX the others cannot use either)
//   node      node X.js N, as written
//
// A toolchain that is missing is reported once and its rows are skipped.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runBuild } from './measure.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const BENCH = path.join(ROOT, 'bench');
export const OUT = path.join(BENCH, 'out');
export const BUILD = path.join(OUT, 'build');
export const GOSSAMER = path.join(ROOT, 'bin', 'gossamer.js');

export const LANGS = ['gossamer', 'go', 'rust', 'node'];
export const REFERENCES = ['go', 'rust', 'node'];

function version(cmd, args) {
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n')[0] : null;
  } catch {
    return null;
  }
}

/**
 * Finds each toolchain: { lang: { ok, version, reason } }. Gossamer needs the compiler
 * built into dist/ (the runner runs tsc first unless told not to).
 */
export function detectToolchains() {
  const tc = {};
  const go = version('go', ['version']);
  tc.go = go ? { ok: true, version: go } : { ok: false, reason: '`go` not found (apt-get install -y golang-go)' };
  const rustc = version('rustc', ['--version']);
  tc.rust = rustc ? { ok: true, version: rustc } : { ok: false, reason: '`rustc` not found (rustup or apt-get install -y rustc)' };
  tc.node = { ok: true, version: process.version };
  const built = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
  tc.gossamer = built
    ? { ok: true, version: `gossamer ${readPackageVersion()} (${process.version})` }
    : { ok: false, reason: 'the compiler is not built (dist/src/cli/main.js missing): run `npm run build`' };
  return tc;
}

function readPackageVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

/** Rebuilds the compiler with tsc, as `npm test` does: { ok, ms, output }. */
export function buildCompiler() {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) return { ok: false, ms: 0, output: 'typescript is not installed: run `npm ci`' };
  return runBuild(process.execPath, [tsc, '-p', '.'], { cwd: ROOT });
}

/** The commit the working tree is on, read from .git without running git. */
export function gitCommit() {
  try {
    const gitDir = path.join(ROOT, '.git');
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = path.join(gitDir, ref);
    if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim();
    const packed = fs.readFileSync(path.join(gitDir, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.split(' ')[0] : null;
  } catch {
    return null;
  }
}

/**
 * Builds source (X.gos / X.go / X.rs / X.js) for lang into bench/out/build/<tag>.
 * Returns { ok, ms, output, run: [cmd, ...args] } where run is the command to which the
 * benchmark's arguments are appended.
 */
export function buildProgram(lang, source, tag) {
  fs.mkdirSync(BUILD, { recursive: true });
  switch (lang) {
    case 'gossamer': {
      const out = path.join(BUILD, `${tag}.mjs`);
      fs.rmSync(out, { force: true });
      const r = runBuild(process.execPath, [GOSSAMER, 'build', source, '-o', out, '--release'], { cwd: ROOT });
      return { ...r, run: [process.execPath, out] };
    }
    case 'go': {
      const out = path.join(BUILD, `${tag}-go`);
      fs.rmSync(out, { force: true });
      const r = runBuild('go', ['build', '-o', out, source], { cwd: path.dirname(source), env: { GO111MODULE: 'off' } });
      return { ...r, run: [out] };
    }
    case 'rust': {
      const out = path.join(BUILD, `${tag}-rust`);
      fs.rmSync(out, { force: true });
      const r = runBuild('rustc', ['-C', 'opt-level=3', '-o', out, source], { cwd: BUILD });
      return { ...r, run: [out] };
    }
    case 'node':
      return { ok: fs.existsSync(source), ms: 0, output: fs.existsSync(source) ? '' : `${source} missing`, run: [process.execPath, source] };
    default:
      throw new Error(`unknown language ${lang}`);
  }
}

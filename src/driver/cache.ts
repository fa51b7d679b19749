// The compile cache behind `gossamer run` (and the test harness).
//
// A second run of an unchanged program must not compile, nor even import the compiler
// (binaryen alone takes ~0.5 s to load), so this file imports Node built-ins only.
//
//   key      = hash(cache format, compiler id, output options (release, checkRawBuf), cwd,
//                   entry as named, entry's text)
//   <key>.json      manifest: every file the compiler read or probed, with the hash of
//                   its text (null = absent), every directory it listed, with the hash
//                   of its sorted names, and the name of the wasm file
//   <wasm hash>.wasm, .wasm.map   the program and its source map, named by content
//
// A lookup recomputes the key, then re-hashes every recorded file and directory: an
// edited `mod` file, an added std file or a newly created `name/mod.gos` is a miss.
// The compiler id hashes package.json and the text of every compiled compiler file
// under dist/src (not their mtimes: `tsc` rewrites identical files on every build;
// the mtimes only decide when to re-hash, see compilerId).
// Writes go to a temporary name and are renamed into place, so a reader sees a whole
// file or none; anything unreadable or malformed is a miss, never an error.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from './root.js';

const FORMAT = 1;
/** Past this many cached programs, a store deletes the least recently used half. */
const MAX_ENTRIES = 400;

/** compile.ts OutputOptions: what changes the compiled program besides its sources. */
export interface CacheFlags {
  release: boolean;
  checkRawBuf?: boolean;
}

export interface CacheHit {
  wasmPath: string;   // the source map is wasmPath + '.map'
}

interface Manifest {
  format: number;
  key: string;
  wasm: string;
  files: [string, string | null][];
  dirs: [string, string | null][];
}

export function hash(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex').slice(0, 40);
}

/** $GOSSAMER_CACHE, else node_modules/.cache/gossamer in the package, else the temp dir. */
export function cacheDir(): string {
  if (process.env.GOSSAMER_CACHE) return path.resolve(process.env.GOSSAMER_CACHE);
  const nodeModules = path.join(packageRoot, 'node_modules');
  if (isWritableDir(nodeModules)) return path.join(nodeModules, '.cache', 'gossamer');
  return path.join(os.tmpdir(), 'gossamer-cache');
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

let memoCompilerId: string | undefined;

/**
 * Changes whenever the compiler could produce different output: a hash of package.json,
 * binaryen's version and the text of every compiled compiler file. Hashing ~60 files
 * costs a few ms, so the result is remembered in the cache directory under a signature
 * of their sizes and mtimes (a stat each); a rebuild that changes mtimes but not text
 * recomputes the same id, so cached programs survive `tsc`.
 */
export function compilerId(dir = cacheDir()): string {
  if (memoCompilerId !== undefined) return memoCompilerId;
  const distSrc = path.join(packageRoot, 'dist', 'src');
  const cliDir = path.join(distSrc, 'cli') + path.sep;   // the CLI does not affect output
  const files = [
    path.join(packageRoot, 'package.json'),
    path.join(packageRoot, 'node_modules', 'binaryen', 'package.json'),
    ...listJs(distSrc).filter(f => !f.startsWith(cliDir)),
  ];
  const signature = hash(files.map(f => {
    try { const st = fs.statSync(f); return `${f} ${st.size} ${st.mtimeMs}`; } catch { return `${f} -`; }
  }).join('\n'));
  const memoFile = path.join(dir, 'compiler-id.json');
  try {
    const memo = JSON.parse(fs.readFileSync(memoFile, 'utf8')) as { signature?: unknown; id?: unknown };
    if (memo.signature === signature && typeof memo.id === 'string') return (memoCompilerId = memo.id);
  } catch { /* no memo yet, or unreadable: compute */ }
  const h = crypto.createHash('sha256');
  for (const f of files) {
    h.update(path.relative(packageRoot, f));
    h.update(readOr(f, ''));
  }
  memoCompilerId = h.digest('hex').slice(0, 40);
  try {
    fs.mkdirSync(dir, { recursive: true });
    writeAtomic(memoFile, JSON.stringify({ signature, id: memoCompilerId }));
  } catch { /* a read-only cache still works, just without the memo */ }
  return memoCompilerId;
}

function listJs(dir: string): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listJs(full));
    else if (e.name.endsWith('.js')) out.push(full);
  }
  return out;
}

function readOr(file: string, fallback: string): string {
  try { return fs.readFileSync(file, 'utf8'); } catch { return fallback; }
}

/** The file's text; undefined if it cannot be read or is not UTF-8 (never cached: it does not compile). */
function readOrUndefined(file: string): string | undefined {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file)); } catch { return undefined; }
}

function listingHash(names: string[] | undefined): string | null {
  return names === undefined ? null : hash([...names].sort().join('\n'));
}

/** The cache key of compiling `entryPath` (as the user named it) with `flags`, or
 *  undefined if the entry cannot be read. */
export function cacheKey(entryPath: string, flags: CacheFlags, dir = cacheDir()): string | undefined {
  const text = readOrUndefined(entryPath);
  if (text === undefined) return undefined;
  return keyOf(entryPath, flags, text, dir);
}

function keyOf(entryPath: string, flags: CacheFlags, entryText: string, dir: string): string {
  const options = [flags.release, flags.checkRawBuf ?? false];
  return hash(JSON.stringify([FORMAT, compilerId(dir), options, process.cwd(), entryPath, hash(entryText)]));
}

/** A cached, still valid compilation of the program, or undefined. */
export function lookup(entryPath: string, flags: CacheFlags, dir = cacheDir()): CacheHit | undefined {
  const key = cacheKey(entryPath, flags, dir);
  if (key === undefined) return undefined;
  const manifestPath = path.join(dir, `${key}.json`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (!isManifest(manifest) || manifest.key !== key) return undefined;
  for (const [file, expected] of manifest.files) {
    const text = readOrUndefined(file);
    if ((text === undefined ? null : hash(text)) !== expected) return undefined;
  }
  for (const [d, expected] of manifest.dirs) {
    let names: string[] | undefined;
    try { names = fs.readdirSync(d); } catch { names = undefined; }
    if (listingHash(names) !== expected) return undefined;
  }
  const wasmPath = path.join(dir, manifest.wasm);
  if (!fs.existsSync(wasmPath) || !fs.existsSync(wasmPath + '.map')) return undefined;
  try { const now = new Date(); fs.utimesSync(manifestPath, now, now); } catch { /* LRU order is a hint */ }
  return { wasmPath };
}

function isManifest(m: unknown): m is Manifest {
  if (!m || typeof m !== 'object') return false;
  const x = m as Manifest;
  const pairs = (a: unknown) => Array.isArray(a) && a.every(p => Array.isArray(p) && p.length === 2 &&
    typeof p[0] === 'string' && (typeof p[1] === 'string' || p[1] === null));
  return x.format === FORMAT && typeof x.key === 'string' && typeof x.wasm === 'string' &&
    /^[0-9a-f]+\.wasm$/.test(x.wasm) && pairs(x.files) && pairs(x.dirs);
}

/**
 * Stores a compiled program. `reads` and `listings` come from CompileResult: what the
 * compiler saw, hashed here (the text it compiled, not what is on disk now, so an edit
 * during the compile makes the entry stale instead of wrong). Returns the wasm path, or
 * undefined when the cache cannot be written (the caller then uses a temporary file).
 */
export function store(
  entryPath: string,
  flags: CacheFlags,
  output: { wasm: Uint8Array; sourceMap: string },
  reads: Map<string, string | undefined>,
  listings: Map<string, string[] | undefined>,
  dir = cacheDir(),
): CacheHit | undefined {
  const entryText = reads.get(path.resolve(entryPath));
  if (entryText === undefined) return undefined;
  const key = keyOf(entryPath, flags, entryText, dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const wasmName = `${hash(output.wasm)}.wasm`;
    const wasmPath = path.join(dir, wasmName);
    writeAtomic(wasmPath + '.map', output.sourceMap);
    writeAtomic(wasmPath, output.wasm);
    const manifest: Manifest = {
      format: FORMAT, key, wasm: wasmName,
      files: [...reads].map(([f, text]) => [f, text === undefined ? null : hash(text)]),
      dirs: [...listings].map(([d, names]) => [d, listingHash(names)]),
    };
    writeAtomic(path.join(dir, `${key}.json`), JSON.stringify(manifest));
    prune(dir);
    return { wasmPath };
  } catch {
    return undefined;
  }
}

export function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}

/** Keeps the cache bounded: past MAX_ENTRIES manifests, drop the least recently used half
 *  and any wasm no remaining manifest names (unless just written: its manifest may be on
 *  its way from another process). Best effort: another process may be doing the same. */
function prune(dir: string): void {
  const isManifestName = (n: string) => /^[0-9a-f]{40}\.json$/.test(n);
  const manifests = fs.readdirSync(dir).filter(isManifestName);
  if (manifests.length <= MAX_ENTRIES) return;
  const byAge = manifests
    .map(n => ({ n, t: statTime(path.join(dir, n)) }))
    .sort((a, b) => a.t - b.t);
  for (const { n } of byAge.slice(0, byAge.length >> 1)) tryUnlink(path.join(dir, n));
  const live = new Set<string>();
  for (const n of fs.readdirSync(dir).filter(isManifestName)) {
    try { live.add((JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as Manifest).wasm); } catch { /* skip */ }
  }
  for (const n of fs.readdirSync(dir)) {
    const wasm = n.endsWith('.wasm.map') ? n.slice(0, -4) : n;
    const file = path.join(dir, n);
    if (wasm.endsWith('.wasm') && !live.has(wasm) && Date.now() - statTime(file) > 60_000) tryUnlink(file);
  }
}

function statTime(file: string): number {
  try { return fs.statSync(file).mtimeMs; } catch { return 0; }
}

function tryUnlink(file: string): void {
  try { fs.unlinkSync(file); } catch { /* best effort */ }
}

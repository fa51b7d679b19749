// One analysis of the user's crate: parse and check, keeping going past errors, with
// runtime/ and std/ parsed once per server.
//
// The library's files take the first file ids of every analysis (its trees are shared,
// read-only: the checker keeps its results in side tables keyed by node), the user's
// files follow. Checking re-runs on every analysis: the std signatures are collected
// again and the std bodies the program uses are checked again, which is what keeps the
// results exact after any edit. Loading (parsing ~17,000 lines of library) is the part
// that is paid once.

import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompileErrors, Diagnostic, DiagnosticBag } from '../diag/index.js';
import { SourceFile, SourceMap } from '../source/index.js';
import { checkProgram, CheckerQueries, TypedProgram } from '../check/index.js';
import { loadLibrary, loadProgram, packageRoot } from '../driver/index.js';
import type { Program, ProgramFileSystem, ProgramModule } from '../driver/index.js';
import * as ast from '../syntax/ast.js';

export interface Analysis {
  /** Absolute path of the crate root that was analyzed. */
  entry: string;
  sources: SourceMap;
  program: Program;
  /** The crate root's tree (its `mod` files are inside it). */
  root: ast.Module | null;
  typed: TypedProgram | null;
  query: CheckerQueries | null;
  diagnostics: Diagnostic[];
  /** A compiler bug met while checking: the message and stack, for the server's log. */
  internalError: string | null;
  /** Absolute path of every file (library and user) by file id. */
  paths: string[];
  /** File ids of the user's files (the crate root and its `mod` files). */
  userFiles: number[];
  /** Milliseconds: parsing the user's files, checking. */
  timings: { load: number; check: number };
}

interface Library {
  files: SourceFile[];
  modules: ProgramModule[];
  paths: string[];
}

export class Workspace {
  private library: Library | null = null;

  constructor(private readonly root: string = packageRoot) {}

  /** Parses runtime/ and std/, once. */
  loadLibrary(fs: ProgramFileSystem): Library {
    if (this.library) return this.library;
    const sources = new SourceMap();
    const diags = new DiagnosticBag();
    const modules = loadLibrary(fs, diags, { root: this.root, sources });
    this.library = { files: sources.files, modules, paths: sources.files.map(f => path.resolve(f.path)) };
    return this.library;
  }

  /** Parses and checks the crate whose root is `entry`, reading through `fs` (open documents first). */
  analyze(entry: string, fs: ProgramFileSystem): Analysis {
    const lib = this.loadLibrary(fs);
    const sources = new SourceMap();
    for (const f of lib.files) sources.files.push(f);
    const diags = new DiagnosticBag();
    const t0 = performance.now();
    const user = loadProgram(entry, fs, diags, { library: false, sources });
    const program: Program = { sources, modules: [...user.modules, ...lib.modules] };
    const t1 = performance.now();
    const result: Analysis = {
      entry, sources, program, root: user.modules[0]?.module ?? null, typed: null, query: null,
      diagnostics: diags.items, internalError: null,
      paths: sources.files.map((f, id) => id < lib.files.length ? lib.paths[id] : path.resolve(f.path)),
      userFiles: sources.files.slice(lib.files.length).map(f => f.id),
      timings: { load: t1 - t0, check: 0 },
    };
    if (result.root) {
      try {
        result.typed = checkProgram(program, diags);
        result.query = result.typed.queries;
      } catch (e) {
        if (e instanceof CompileErrors) {
          for (const d of e.diagnostics) if (!diags.items.includes(d)) diags.items.push(d);
        } else {
          result.internalError = e instanceof Error ? e.stack ?? e.message : String(e);
        }
      }
    }
    result.diagnostics = [...diags.items];
    result.timings.check = performance.now() - t1;
    return result;
  }
}

/**
 * The crate root a file belongs to: the file itself, unless a `.gos` file beside it
 * declares it with `mod name;` (or, for `name/mod.gos`, one beside its folder); then
 * that file's root, and so on up.
 */
export function crateRoot(file: string, fs: ProgramFileSystem): string {
  let current = path.resolve(file);
  for (let depth = 0; depth < 16; depth++) {
    const stem = path.basename(current, '.gos');
    const dir = path.dirname(current);
    const [name, searchDir] = stem === 'mod' ? [path.basename(dir), path.dirname(dir)] : [stem, dir];
    const declares = new RegExp(`(^|[^\\w])mod\\s+${name.replace(/[^\w]/g, '')}\\s*;`);
    const names = fs.listDir?.(searchDir) ?? [];
    if (names.length > 2000) break;
    let parent: string | undefined;
    for (const n of [...names].sort()) {
      const candidate = path.join(searchDir, n);
      if (!n.endsWith('.gos') || candidate === current) continue;
      const text = fs.readFile(candidate);
      if (text !== undefined && declares.test(text)) { parent = candidate; break; }
    }
    if (!parent) break;
    current = parent;
  }
  return current;
}

/** A file system that reads open documents from memory and everything else from disk. */
export function overlayFileSystem(open: (absolute: string) => string | undefined): ProgramFileSystem {
  return {
    readFile(p) {
      const text = open(path.resolve(p));
      if (text !== undefined) return text;
      try { return nodeFs.readFileSync(p, 'utf8'); } catch { return undefined; }
    },
    listDir(p) {
      try { return nodeFs.readdirSync(p); } catch { return undefined; }
    },
    isDir(p) {
      try { return nodeFs.statSync(p).isDirectory(); } catch { return false; }
    },
  };
}

// Loading a program: the entry file, the files its `mod name;` items name, and the
// library (runtime/ and std/) that every program is compiled with.
//
// Module files resolve like Rust's `mod.rs` convention, flattened: `mod name;` in
// `dir/file.gos` (or in an inline `mod m { ... }` inside it) loads `dir/name.gos` or
// `dir/name/mod.gos`, and the loaded file's own `mod` items resolve beside it. Each
// file is parsed once; the loaded items are stored in the ModItem, so a `mod` file is
// part of its parent's tree, not a separate ProgramModule.
//
// Library files are separate ProgramModules: every `runtime/*.gos` has the path
// ['runtime'] (they merge into one module), `std/a/b.gos` has ['std', 'a', 'b'] and
// `std/a/mod.gos` has ['std', 'a']. Both are privileged.

import * as path from 'node:path';
import { DiagnosticBag } from '../diag/index.js';
import { NotUtf8Error, SourceMap } from '../source/index.js';
import { Item, ModItem, Module } from '../syntax/ast.js';
import { parseModule } from '../syntax/index.js';
import { Program, ProgramModule } from './program.js';
import { ProgramFileSystem } from './fs.js';
import { packageRoot } from './root.js';

export interface LoadOptions {
  /** Parse runtime/ and std/ too (default true). Unit tests of one file may turn it off. */
  library?: boolean;
  /** The package root holding runtime/ and std/ (default: the one this file belongs to). */
  root?: string;
  /** The SourceMap to add files to (default: a new one). Passing it lets a caller render
   *  diagnostics even if loading is abandoned half-way. */
  sources?: SourceMap;
}

export function loadProgram(
  entryPath: string,
  fs: ProgramFileSystem,
  diags: DiagnosticBag,
  options: LoadOptions = {},
): Program {
  const loader = new Loader(fs, diags, options.sources ?? new SourceMap());
  const modules: ProgramModule[] = [];

  const entry = loader.parseFile(path.resolve(entryPath), entryPath);
  if (entry) {
    modules.push({ path: [], module: entry, privileged: false });
  } else {
    diags.error(`cannot read \`${entryPath}\`: no such file`);
  }

  if (options.library ?? true) modules.push(...loadLibraryWith(loader, options.root ?? packageRoot));

  return { sources: loader.sources, modules };
}

/**
 * runtime/ and std/ alone, parsed into `options.sources` (a language server parses them
 * once and puts the same files and trees in front of every version of the user's code).
 */
export function loadLibrary(fs: ProgramFileSystem, diags: DiagnosticBag, options: Omit<LoadOptions, 'library'> = {}): ProgramModule[] {
  return loadLibraryWith(new Loader(fs, diags, options.sources ?? new SourceMap()), options.root ?? packageRoot);
}

function loadLibraryWith(loader: Loader, root: string): ProgramModule[] {
  const modules: ProgramModule[] = [];
  // Library files are named relative to the install (`std/vec.gos`), wherever it is:
  // in traces and messages, and in the locations compiled into the program.
  const libraryPath = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const file of loader.listGos(path.join(root, 'runtime'), false)) {
    const m = loader.parseFile(file, libraryPath(file));
    if (m) modules.push({ path: ['runtime'], module: m, privileged: true });
  }
  const stdRoot = path.join(root, 'std');
  for (const file of loader.listGos(stdRoot, true)) {
    const m = loader.parseFile(file, libraryPath(file));
    if (m) modules.push({ path: ['std', ...stdModulePath(path.relative(stdRoot, file))], module: m, privileged: true });
  }
  return modules;
}

/** `collections.gos` -> ['collections'], `sync/mod.gos` -> ['sync'], `io/fs.gos` -> ['io', 'fs']. */
export function stdModulePath(relative: string): string[] {
  const segments = relative.split(path.sep).filter(s => s !== '');
  const last = segments.length - 1;
  segments[last] = segments[last].replace(/\.gos$/, '');
  if (segments[last] === 'mod' && segments.length > 1) segments.pop();
  return segments;
}

class Loader {
  /** Absolute path -> the path it was first loaded as (for "already loaded" errors). */
  private readonly loaded = new Map<string, string>();

  constructor(
    private readonly fs: ProgramFileSystem,
    private readonly diags: DiagnosticBag,
    readonly sources: SourceMap,
  ) {}

  /** The file's text, or a NotUtf8Error if it is not UTF-8; undefined if it cannot be read. */
  private read(absolute: string): string | NotUtf8Error | undefined {
    try {
      return this.fs.readFile(absolute);
    } catch (e) {
      if (e instanceof NotUtf8Error) return e;
      throw e;
    }
  }

  /** Reads and parses one file and, recursively, the files of its `mod name;` items. */
  parseFile(absolute: string, display: string): Module | undefined {
    const text = this.read(absolute);
    if (text === undefined) return undefined;
    this.loaded.set(absolute, display);
    if (text instanceof NotUtf8Error) {
      // Reported at its first bad byte; the rest of the file is not parsed (its
      // replacement characters would only add errors).
      const file = this.sources.add(display, text.text);
      const at = { file: file.id, start: text.offset, end: text.offset + 1 };
      this.diags.error(text.describe(), at,
        'Gossamer source files are UTF-8; save the file in that encoding');
      return { file: file.id, items: [], span: at };
    }
    const file = this.sources.add(display, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    const module = parseModule(file, this.diags);
    this.resolveMods(module.items, absolute, display);
    return module;
  }

  private resolveMods(items: Item[], absolute: string, display: string): void {
    for (const item of items) {
      if (item.kind !== 'mod') continue;
      if (item.items === null) this.loadModFile(item, absolute, display);
      else this.resolveMods(item.items, absolute, display);
    }
  }

  private loadModFile(item: ModItem, declaringAbs: string, declaringDisplay: string): void {
    const name = item.name.name;
    const dirAbs = path.dirname(declaringAbs);
    const dirDisplay = path.dirname(declaringDisplay);
    const candidates = [
      { abs: path.join(dirAbs, `${name}.gos`), display: path.join(dirDisplay, `${name}.gos`) },
      { abs: path.join(dirAbs, name, 'mod.gos'), display: path.join(dirDisplay, name, 'mod.gos') },
    ];
    // Probe both (the cache records the miss too, so creating the other one later is noticed).
    const found = candidates.filter(c => this.read(c.abs) !== undefined);
    item.items = [];
    if (found.length === 0) {
      this.diags.error(`cannot find the file for module \`${name}\``, item.span,
        `create \`${candidates[0].display}\` or \`${candidates[1].display}\``);
      return;
    }
    if (found.length > 1) {
      this.diags.error(`the file for module \`${name}\` is ambiguous: both \`${found[0].display}\` and \`${found[1].display}\` exist`,
        item.span, 'delete or rename one of them');
      return;
    }
    const { abs, display } = found[0];
    const previous = this.loaded.get(abs);
    if (previous !== undefined) {
      this.diags.error(`\`${display}\` is already loaded as a module (by a \`mod\` item or as the entry file)`, item.span,
        'declare each module file with `mod` once, and reach it from elsewhere with `use crate::...`');
      return;
    }
    const module = this.parseFile(abs, display);
    if (module) item.items = module.items;
  }

  /** Sorted absolute paths of the .gos files in dir (recursively if asked). */
  listGos(dir: string, recursive: boolean): string[] {
    const out: string[] = [];
    const names = this.fs.listDir?.(dir);
    if (!names) return out;
    for (const name of [...names].sort()) {
      const full = path.join(dir, name);
      if (name.endsWith('.gos')) out.push(full);
      else if (recursive && !name.startsWith('.') && this.fs.isDir?.(full)) out.push(...this.listGos(full, true));
    }
    return out;
  }
}

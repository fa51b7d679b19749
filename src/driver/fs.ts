// The file systems the driver reads through. The compiler core never touches the disk
// itself: it asks a ProgramFileSystem, which is Node's for the CLI and an in-memory map
// for unit tests and the harness's robustness test (which swaps one file's text).

import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { FileSystem, decodeSource } from '../source/index.js';

/** FileSystem plus directory listing, which the driver needs to find runtime/ and std/. */
export interface ProgramFileSystem extends FileSystem {
  /** Entry names of a directory (files and subdirectories, unsorted), or undefined if absent. */
  listDir?(path: string): string[] | undefined;
  /** True when the path is a directory. */
  isDir?(path: string): boolean;
}

export const nodeFileSystem: ProgramFileSystem = {
  /** The file's text; undefined if it cannot be read; NotUtf8Error if it is not UTF-8. */
  readFile(p) {
    let bytes: Buffer;
    try { bytes = nodeFs.readFileSync(p); } catch { return undefined; }
    return decodeSource(p, bytes);
  },
  listDir(p) {
    try { return nodeFs.readdirSync(p); } catch { return undefined; }
  },
  isDir(p) {
    try { return nodeFs.statSync(p).isDirectory(); } catch { return false; }
  },
};

/**
 * An in-memory file system over `files` (absolute or relative paths, '/'-separated),
 * falling back to `base` for anything it does not hold (pass `undefined` for none).
 */
export function memoryFileSystem(files: Record<string, string>, base?: ProgramFileSystem): ProgramFileSystem {
  const norm = (p: string) => path.resolve(p);
  const map = new Map<string, string>();
  for (const [p, text] of Object.entries(files)) map.set(norm(p), text);
  const childrenOf = (dir: string): Set<string> => {
    const names = new Set<string>();
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const p of map.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split(path.sep)[0]);
    }
    return names;
  };
  return {
    readFile(p) {
      const own = map.get(norm(p));
      return own !== undefined ? own : base?.readFile(p);
    },
    listDir(p) {
      const own = childrenOf(norm(p));
      const fromBase = base?.listDir?.(p);
      if (own.size === 0) return fromBase;
      for (const n of fromBase ?? []) own.add(n);
      return [...own];
    },
    isDir(p) {
      return childrenOf(norm(p)).size > 0 || (base?.isDir?.(p) ?? false);
    },
  };
}

/**
 * Wraps a file system and records every path the compiler read or probed (with the text
 * it saw, undefined for a miss) and every directory it listed. `gossamer run`'s cache
 * stores this list and re-validates it, so a cached program is exactly as fresh as
 * the files it was built from.
 */
export class RecordingFileSystem implements ProgramFileSystem {
  readonly reads = new Map<string, string | undefined>();
  readonly listings = new Map<string, string[] | undefined>();

  constructor(private readonly inner: ProgramFileSystem) {}

  readFile(p: string): string | undefined {
    const text = this.inner.readFile(p);
    this.reads.set(path.resolve(p), text);
    return text;
  }

  listDir(p: string): string[] | undefined {
    const names = this.inner.listDir?.(p);
    this.listings.set(path.resolve(p), names ? [...names].sort() : undefined);
    return names;
  }

  isDir(p: string): boolean {
    return this.inner.isDir?.(p) ?? false;
  }
}

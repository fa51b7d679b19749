// Where the Gossamer package lives on disk: runtime/, std/, package.json, dist/.
// This file compiles to dist/src/driver/root.js, three levels below the package root.
// Deliberately light (node:url and node:path only): the cached `gossamer run` path uses it.

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the package root, without a trailing separator. */
export const packageRoot: string = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

export const runtimeDir: string = path.join(packageRoot, 'runtime');
export const stdDir: string = path.join(packageRoot, 'std');

/**
 * How a library or user file is named in messages: relative to the working directory
 * when it lies below it (`runtime/alloc.gos`), else absolute.
 */
export function displayPath(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

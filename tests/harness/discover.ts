// Finding the tests: tests/run/*.gos (with .out, .err, headers), tests/errors/*.gos,
// the PENDING, gc-stress.txt and procs.txt lists, and the compiled unit tests.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseHeaders, RunHeaders } from './headers.js';

export interface RunTest {
  name: string;             // "lang_core"
  file: string;             // "tests/run/lang_core.gos", relative to the package root
  headers: RunHeaders;
  outFile: string;          // expected stdout (may not exist yet: --update creates it)
  errFile: string | null;   // lines that must appear in stderr
  gcStress: boolean;
  /** In procs.txt: runs with GOSSAMER_PROCS=1, and again with GOSSAMER_PROCS=2 (`[procs=2]`). */
  procs: boolean;
  pending: boolean;
}

export interface ErrorsTest {
  name: string;
  file: string;
  pending: boolean;
}

/** A list file: one name per line, `#` starts a comment; names may carry `.gos`. */
export function readList(file: string): string[] {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch { return []; }
  return text.split('\n').map(l => l.replace(/#.*/, '').trim().replace(/\.gos$/, '')).filter(l => l !== '');
}

function gosNames(dir: string): string[] {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  return names.filter(n => n.endsWith('.gos')).map(n => n.slice(0, -4)).sort();
}

/** Names that another file of the directory declares with `mod NAME;`: module files, not tests. */
function moduleFiles(dir: string, names: string[]): Set<string> {
  const mods = new Set<string>();
  for (const n of names) {
    const text = fs.readFileSync(path.join(dir, `${n}.gos`), 'utf8');
    for (const m of text.matchAll(/^\s*(?:pub\s+)?mod\s+([A-Za-z_]\w*)\s*;/gm)) if (m[1] !== n) mods.add(m[1]);
  }
  return mods;
}

/** tests/run/*.gos, except files that another test loads with `mod NAME;`. */
export function discoverRunTests(dir: string, gcStressAll: boolean): { tests: RunTest[]; listProblems: string[] } {
  const all = gosNames(dir);
  const mods = moduleFiles(dir, all);
  const names = all.filter(n => !mods.has(n));
  const pending = readList(path.join(dir, 'PENDING'));
  const stress = readList(path.join(dir, 'gc-stress.txt'));
  const procs = readList(path.join(dir, 'procs.txt'));
  const listProblems = [
    ...pending.filter(n => !names.includes(n)).map(n => `${dir}/PENDING names \`${n}\`, but ${dir}/${n}.gos does not exist`),
    ...stress.filter(n => !names.includes(n)).map(n => `${dir}/gc-stress.txt names \`${n}\`, but ${dir}/${n}.gos does not exist`),
    ...procs.filter(n => !names.includes(n)).map(n => `${dir}/procs.txt names \`${n}\`, but ${dir}/${n}.gos does not exist`),
  ];
  const tests = names.map(name => {
    const file = path.join(dir, `${name}.gos`);
    const errFile = path.join(dir, `${name}.err`);
    const headers = parseHeaders(fs.readFileSync(file, 'utf8'));
    if (headers.stdin !== null) {
      headers.stdin = path.join(dir, headers.stdin);
      if (!fs.existsSync(headers.stdin)) headers.errors.push(`\`// stdin: ...\` names ${headers.stdin}, which does not exist`);
    }
    return {
      name, file, headers,
      outFile: path.join(dir, `${name}.out`),
      errFile: fs.existsSync(errFile) ? errFile : null,
      gcStress: gcStressAll || stress.includes(name),
      procs: procs.includes(name),
      pending: pending.includes(name),
    };
  });
  return { tests, listProblems };
}

export function discoverErrorsTests(dir: string): { tests: ErrorsTest[]; listProblems: string[] } {
  const all = gosNames(dir);
  const mods = moduleFiles(dir, all);
  const names = all.filter(n => !mods.has(n));
  const pending = readList(path.join(dir, 'PENDING'));
  const listProblems = pending.filter(n => !names.includes(n)).map(n => `${dir}/PENDING names \`${n}\`, but ${dir}/${n}.gos does not exist`);
  return { tests: names.map(name => ({ name, file: path.join(dir, `${name}.gos`), pending: pending.includes(name) })), listProblems };
}

/** dist/tests/unit/*.test.js whose TypeScript source still exists (tsc never deletes stale output). */
export function discoverUnitFiles(root: string): string[] {
  const distDir = path.join(root, 'dist', 'tests', 'unit');
  let names: string[];
  try { names = fs.readdirSync(distDir); } catch { return []; }
  return names
    .filter(n => n.endsWith('.test.js') && fs.existsSync(path.join(root, 'tests', 'unit', n.replace(/\.js$/, '.ts'))))
    .sort()
    .map(n => path.join(distDir, n));
}

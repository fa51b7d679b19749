// The shape of the source tree. Lowering's module lowerer (the program-wide tables)
// never reaches the function lowerer through its imports, so the two cannot form a
// cycle (each construct file takes the function lowerer; module.ts knows none of them),
// and lowering asks the checker only through check/query.ts (re-exported by index.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** Relative imports of a .ts file (value and type imports and re-exports), as .ts paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
    out.push(path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts')));
  }
  return out;
}

function reaches(from: string, to: string): string[] | null {
  const seen = new Set<string>();
  const walk = (f: string, trail: string[]): string[] | null => {
    if (f === to) return trail;
    if (seen.has(f) || !fs.existsSync(f)) return null;
    seen.add(f);
    for (const g of importsOf(f)) {
      const found = walk(g, [...trail, path.relative(root, g)]);
      if (found) return found;
    }
    return null;
  };
  return walk(from, [path.relative(root, from)]);
}

test('lower/module.ts does not import the function lowerer, even indirectly', () => {
  const lower = path.join(root, 'src/lower');
  const trail = reaches(path.join(lower, 'module.ts'), path.join(lower, 'func.ts'));
  assert.equal(trail, null, `import path: ${trail?.join(' -> ')}`);
});

test('lowering asks the checker only through its query interface and data types', () => {
  const allowed = new Set(['index.ts', 'types.ts', 'typed.ts', 'std.ts']);
  const lower = path.join(root, 'src/lower');
  const bad: string[] = [];
  for (const f of fs.readdirSync(lower).filter(f => f.endsWith('.ts'))) {
    for (const imp of importsOf(path.join(lower, f))) {
      if (path.dirname(imp) === path.join(root, 'src/check') && !allowed.has(path.basename(imp))) bad.push(`${f} imports check/${path.basename(imp)}`);
    }
  }
  assert.deepEqual(bad, []);
});

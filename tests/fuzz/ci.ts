// The generated-program fuzzer's share of `npm test`: a fixed list of seeds, each
// checked against every oracle (oracle.ts) with its ill-typed mutants, so the suite runs
// the same programs every time and a failure names a seed that reproduces it
// (`npm run fuzz -- --reduce SEED` minimizes it, `--print SEED` shows it).
//
// The seeds are spread over the generator's modes (about half Rust-compatible programs,
// compared with rustc; some Gossamer-only ones with goroutines, run with 1 and 2 Ps).
// Their cost: about 1 minute of the suite's CPU time on 2 cores (see the commit that set
// them). When the generator changes, the same seeds give other programs: that is fine,
// they are still a fixed, deterministic sample.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Backend, DEFAULT_ORACLE, checkProgram, emptyStats } from './oracle.js';
import { generate } from './gen/items.js';

export const CI_SEEDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** Problems found with `seed` (empty: it passed); the program is saved in `keepDir` if not. */
export async function ciSeed(seed: number, be: Backend, keepDir: string): Promise<string[]> {
  const p = generate(seed);
  const findings = await checkProgram(p, be, emptyStats(), { ...DEFAULT_ORACLE, useRust: DEFAULT_ORACLE.useRust && be.rust !== undefined });
  return findings.map(f => {
    const file = path.join(keepDir, `fuzzgen-${seed}-${f.kind}.gos`);
    fs.writeFileSync(file, f.source + '\n');
    if (f.rust) fs.writeFileSync(file.replace(/\.gos$/, '.rs'), f.rust + '\n');
    return `${f.kind}: ${f.summary}\n  program: ${file}${f.rust ? ' (and .rs)' : ''}\n  reproduce: npm run fuzz -- --reduce ${seed}\n${indent(f.detail.split('\n').slice(0, 40).join('\n'))}`;
  });
}

function indent(s: string): string {
  return s.split('\n').map(l => '    ' + l).join('\n');
}

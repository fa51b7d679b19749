// The `--time` table. Separate from compile.ts so the CLI can print it without loading
// the compiler.

/** One line per phase (codegen's sub-phases indented under it) and a total. */
export function formatTimings(timings: { name: string; ms: number }[]): string {
  const label = (name: string) => (name.includes('.') ? '  ' + name : name);
  const width = Math.max(5, ...timings.map(t => label(t.name).length));
  const lines = timings.map(t => `${label(t.name).padEnd(width)}  ${t.ms.toFixed(1).padStart(8)} ms`);
  const total = timings.filter(t => !t.name.includes('.')).reduce((s, t) => s + t.ms, 0);
  lines.push(`${'total'.padEnd(width)}  ${total.toFixed(1).padStart(8)} ms`);
  return lines.join('\n');
}

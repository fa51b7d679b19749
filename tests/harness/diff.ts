// A readable line diff of expected and actual output: `-` lines expected but missing,
// `+` lines produced but not expected, a little context around each change.

const CONTEXT = 2;
const MAX_LINES = 60;

export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const ops = diffOps(a, b);
  // Mark which ops to show: changes plus CONTEXT lines around them.
  const show = ops.map(op => op.kind !== ' ');
  for (let i = 0; i < ops.length; i++) {
    if (ops[i].kind === ' ') continue;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(ops.length - 1, i + CONTEXT); j++) show[j] = true;
  }
  const out: string[] = [];
  let skipped = false;
  for (let i = 0; i < ops.length; i++) {
    if (!show[i]) { skipped = true; continue; }
    if (skipped) { out.push('  ...'); skipped = false; }
    out.push(`${ops[i].kind} ${visible(ops[i].text)}`);
    if (out.length >= MAX_LINES) { out.push(`  ... (diff cut at ${MAX_LINES} lines)`); break; }
  }
  if (expected.endsWith('\n') !== actual.endsWith('\n')) {
    out.push(expected.endsWith('\n') ? '  (the actual output lacks the final newline)' : '  (the actual output has an extra final newline)');
  }
  return out.join('\n');
}

/** Shows trailing spaces and control characters, which otherwise make a diff look empty. */
function visible(line: string): string {
  return line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/ +$/, m => '·'.repeat(m.length));
}

interface Op { kind: ' ' | '-' | '+'; text: string }

/** LCS by dynamic programming on the part between the common prefix and suffix. */
function diffOps(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const head: Op[] = a.slice(0, pre).map(text => ({ kind: ' ', text }));
  const tail: Op[] = a.slice(a.length - suf).map(text => ({ kind: ' ', text }));
  const x = a.slice(pre, a.length - suf);
  const y = b.slice(pre, b.length - suf);
  let middle: Op[];
  if (x.length * y.length > 4_000_000) {
    // Too big for the table: show it as a replacement.
    middle = [...x.map(text => ({ kind: '-' as const, text })), ...y.map(text => ({ kind: '+' as const, text }))];
  } else {
    const n = x.length, m = y.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    middle = [];
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) { middle.push({ kind: ' ', text: x[i] }); i++; j++; }
      else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) { middle.push({ kind: '-', text: x[i] }); i++; }
      else { middle.push({ kind: '+', text: y[j] }); j++; }
    }
  }
  return [...head, ...middle, ...tail];
}

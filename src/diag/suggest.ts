// "Did you mean" suggestions, ranked as rustc ranks them (find_best_match_for_name): a
// candidate that differs only in case, else the nearest by edit distance within a third
// of the name's length (at least 1), else one with the same `_`-separated words in
// another order. Nothing unrelated: `map` is not `cmp`, `push` is not `hash`.

/** The candidate the user most likely meant by `name`, or null. */
export function closest(name: string, candidates: Iterable<string>): string | null {
  const all = [...new Set(candidates)].filter(c => c !== name);
  const lower = name.toLowerCase();
  const sameCase = all.find(c => c.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const limit = Math.max(1, Math.floor(Math.max(name.length, 3) / 3));
  let best: string | null = null, bestD = limit + 1;
  for (const c of all) {
    const d = editDistance(name, c, bestD);
    if (d < bestD) { bestD = d; best = c; }
  }
  if (best !== null) return best;
  const words = (s: string): string => s.split('_').sort().join('_');
  return all.find(c => words(c) === words(name)) ?? null;
}

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two adjacent
 * characters as one (`nmae` is one from `name`); stops early once every path is past `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= max) return max;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** "did you mean `x`?" for the closest candidate, or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>, show = (c: string) => c): string | undefined {
  const c = closest(name, candidates);
  return c === null ? undefined : `did you mean \`${show(c)}\`?`;
}

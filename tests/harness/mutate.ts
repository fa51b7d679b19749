// Broken versions of a valid program, for the robustness test: the front end and the
// checker must answer every one of them with diagnostics (or success), never an
// exception. Deterministic: the same program always gives the same variants.

export interface Variant {
  label: string;    // "truncated at 40%", "lines shuffled (seed 2)", ...
  text: string;
}

const CUTS = [0.1, 0.3, 0.5, 0.7, 0.9];

export function variants(name: string, text: string): Variant[] {
  const rand = mulberry32(hashString(name));
  const out: Variant[] = [];
  for (const f of CUTS) {
    const at = Math.floor(text.length * f);
    out.push({ label: `truncated at byte ${at} (${Math.round(f * 100)}%)`, text: text.slice(0, at) });
  }
  // A cut inside a token or a string: a random byte, not a line boundary.
  const at = Math.floor(rand() * text.length);
  out.push({ label: `truncated at byte ${at}`, text: text.slice(0, at) });

  const lines = text.split('\n');
  for (let seed = 1; seed <= 2; seed++) {
    out.push({ label: `lines shuffled (seed ${seed})`, text: shuffle(lines, rand).join('\n') });
  }
  if (lines.length > 2) {
    // One line deleted or two neighbours swapped: often still parses, so it reaches the checker.
    for (let k = 0; k < 3; k++) {
      const i = Math.floor(rand() * lines.length);
      out.push({ label: `line ${i + 1} deleted`, text: [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') });
    }
    for (let k = 0; k < 2; k++) {
      const i = Math.floor(rand() * (lines.length - 1));
      const swapped = [...lines];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
      out.push({ label: `lines ${i + 1} and ${i + 2} swapped`, text: swapped.join('\n') });
    }
  }
  return out;
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

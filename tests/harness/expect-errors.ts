// tests/errors: a program that must not compile, annotated the way Go's test/ does:
//
//   let x: int = "a";   // ERROR "mismatched types"
//   foo(1, 2);          // ERROR "expected 1 argument" "found 2"
//
// Every line with `// ERROR "regex" ...` must get an error on that line whose message
// matches each regex (JavaScript syntax; inside the quotes only \" is an escape, so
// `\(` reaches the regex as written). Any error on another line fails the test.

export interface ErrorExpectation {
  line: number;             // 1-based
  patterns: string[];
}

export interface FoundError {
  line: number | null;      // null: no span, or a span in another file
  message: string;
}

const ANNOTATION = /\/\/\s*ERROR\s+((?:"(?:[^"\\]|\\.)*"\s*)+)$/;

export function parseExpectations(source: string): ErrorExpectation[] {
  const out: ErrorExpectation[] = [];
  source.split('\n').forEach((text, i) => {
    const m = ANNOTATION.exec(text.replace(/\r$/, '').trimEnd());
    if (!m) return;
    const patterns = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(p => p[1].replace(/\\"/g, '"'));
    out.push({ line: i + 1, patterns });
  });
  return out;
}

/** Problems with the errors found against the expectations; empty = the test passes. */
export function matchErrors(expected: ErrorExpectation[], found: FoundError[]): string[] {
  const problems: string[] = [];
  if (expected.length === 0) problems.push('the test has no `// ERROR "regex"` annotation');
  const byLine = new Map<number, FoundError[]>();
  for (const f of found) {
    if (f.line === null) continue;
    byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  }
  const annotated = new Set(expected.map(e => e.line));
  for (const e of expected) {
    const here = byLine.get(e.line) ?? [];
    for (const pattern of e.patterns) {
      let re: RegExp;
      try {
        re = new RegExp(pattern);
      } catch {
        problems.push(`line ${e.line}: invalid regex "${pattern}"`);
        continue;
      }
      if (!here.some(f => re.test(f.message))) {
        problems.push(here.length === 0
          ? `line ${e.line}: expected an error matching "${pattern}", got none`
          : `line ${e.line}: expected an error matching "${pattern}", got: ${here.map(f => JSON.stringify(f.message)).join(', ')}`);
      }
    }
  }
  for (const f of found) {
    if (f.line === null) problems.push(`unexpected error without a location in this file: ${JSON.stringify(f.message)}`);
    else if (!annotated.has(f.line)) problems.push(`line ${f.line}: unexpected error: ${JSON.stringify(f.message)}`);
  }
  return problems;
}

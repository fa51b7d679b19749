// Per-test settings read from the comment block at the top of a tests/run program:
//
//   // exit: 101              expected exit status (default 0)
//   // args: a "b c" d        command-line arguments (shell-like quoting)
//   // env: K=V K2="x y"      environment variables (several lines allowed)
//   // stdin: input.txt       file (relative to the program) fed to standard input
//   // timeout: 60            seconds before the run is killed (default 30)
//
// Only the leading block of comments and blank lines is read, so a comment later in
// the program can say anything.

export interface RunHeaders {
  exit: number;
  args: string[];
  env: Record<string, string>;
  stdin: string | null;
  timeoutSec: number;
  /** Header lines that could not be understood: the test fails with these. */
  errors: string[];
}

export function parseHeaders(source: string): RunHeaders {
  const h: RunHeaders = { exit: 0, args: [], env: {}, stdin: null, timeoutSec: 30, errors: [] };
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('//')) break;
    const m = /^\/\/\s*(exit|args|env|stdin|timeout):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m;
    switch (key) {
      case 'exit':
      case 'timeout': {
        const n = Number(value.trim());
        if (!Number.isInteger(n) || n < 0) h.errors.push(`bad header \`${line}\`: expected a number`);
        else if (key === 'exit') h.exit = n;
        else h.timeoutSec = n;
        break;
      }
      case 'args':
        h.args.push(...splitWords(value));
        break;
      case 'env':
        for (const word of splitWords(value)) {
          const eq = word.indexOf('=');
          if (eq <= 0) h.errors.push(`bad header \`${line}\`: expected K=V`);
          else h.env[word.slice(0, eq)] = word.slice(eq + 1);
        }
        break;
      case 'stdin':
        h.stdin = value.trim();
        break;
    }
  }
  return h;
}

/** Splits on whitespace; '...' and "..." group words (no escapes inside '...'; \" and \\ inside "..."). */
export function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'" || c === '"') {
      inWord = true;
      for (i++; i < s.length && s[i] !== c; i++) {
        if (c === '"' && s[i] === '\\' && i + 1 < s.length) i++;
        cur += s[i];
      }
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

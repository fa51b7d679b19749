// The lexer: source text -> tokens (+ comments on the side).
//
// It never stops early: a malformed literal or a stray character is reported to the
// DiagnosticBag with its span and lexing resumes after it, so the parser always sees a
// token stream ending in `eof`.
//
// Two Rust-isms decided here rather than in the parser:
//   - `1.` is a float only when the `.` is not followed by another `.` or an identifier,
//     so `1..10` is a range and `1.max(2)` a method call; and right after a `.` token a
//     number is lexed as digits only, so `x.0.1` is two tuple-field accesses.
//   - `'a'` is a character, `'a` (no closing quote) is a label.

import { SourceFile, Span } from '../source/index.js';
import { DiagnosticBag } from '../diag/index.js';
import { Comment, PUNCTUATION, Punct, Token, TokenKind, isKeyword } from './token.js';

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  /** Offsets of the line breaks ending blank lines (for `gossamer fmt`). */
  blankLines: number[];
}

const INT_SUFFIXES = new Set(['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'int', 'usize', 'isize']);
const FLOAT_SUFFIXES = new Set(['f32', 'f64']);

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;

function isDigit(c: string): boolean { return c >= '0' && c <= '9'; }
function isAsciiIdent(code: number, start: boolean): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (!start && code >= 48 && code <= 57);
}
function isIdentStart(c: string): boolean {
  if (c === '') return false;
  const code = c.charCodeAt(0);
  return code < 128 ? isAsciiIdent(code, true) : ID_START.test(c);
}
function isIdentContinue(c: string): boolean {
  if (c === '') return false;
  const code = c.charCodeAt(0);
  return code < 128 ? isAsciiIdent(code, false) : ID_CONTINUE.test(c);
}
function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff';
}

/** PUNCTUATION grouped by first character, longest first (as PUNCTUATION is ordered). */
const PUNCT_BY_FIRST = new Map<string, Punct[]>();
for (const p of PUNCTUATION) {
  const list = PUNCT_BY_FIRST.get(p[0]);
  if (list) list.push(p); else PUNCT_BY_FIRST.set(p[0], [p]);
}

export function lex(file: SourceFile, diags: DiagnosticBag): LexResult {
  return new Lexer(file, diags).run();
}

class Lexer {
  private readonly text: string;
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly blankLines: number[] = [];
  private newlineBefore = true;
  private lineHasToken = false;
  private lineHasComment = false;

  constructor(private readonly file: SourceFile, private readonly diags: DiagnosticBag) {
    this.text = file.text;
  }

  run(): LexResult {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.text.length) break;
      this.lexToken();
    }
    this.push('eof', this.pos, this.pos);
    return { tokens: this.tokens, comments: this.comments, blankLines: this.blankLines };
  }

  // ------------------------------------------------------------ helpers

  private span(start: number, end: number): Span {
    return { file: this.file.id, start, end };
  }

  private error(message: string, start: number, end: number): void {
    this.diags.error(message, this.span(start, Math.max(end, start + 1)));
  }

  /** The code point at `i` as a string ('' past the end). */
  private charAt(i: number): string {
    if (i >= this.text.length) return '';
    const code = this.text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) return this.text[i];
    return String.fromCodePoint(this.text.codePointAt(i)!);
  }

  private push(kind: TokenKind, start: number, end: number, extra?: Partial<Token>): Token {
    const tok: Token = {
      kind,
      text: this.text.slice(start, end),
      span: this.span(start, end),
      newlineBefore: this.newlineBefore,
      ...extra,
    };
    this.tokens.push(tok);
    this.newlineBefore = false;
    this.lineHasToken = true;
    return tok;
  }

  // ------------------------------------------------------------ trivia

  private skipTrivia(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '\n') {
        if (!this.lineHasToken && !this.lineHasComment) this.blankLines.push(this.pos);
        this.newlineBefore = true;
        this.lineHasToken = false;
        this.lineHasComment = false;
        this.pos++;
      } else if (isWhitespace(c)) {
        this.pos++;
      } else if (c === '/' && t[this.pos + 1] === '/') {
        const start = this.pos;
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
        const end = t[this.pos - 1] === '\r' ? this.pos - 1 : this.pos;
        this.comments.push({ text: t.slice(start, end), span: this.span(start, end), ownLine: !this.lineHasToken });
        this.lineHasComment = true;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        this.blockComment();
      } else {
        return;
      }
    }
  }

  private blockComment(): void {
    const t = this.text;
    const start = this.pos;
    let depth = 0;
    while (this.pos < t.length) {
      if (t[this.pos] === '/' && t[this.pos + 1] === '*') {
        depth++;
        this.pos += 2;
      } else if (t[this.pos] === '*' && t[this.pos + 1] === '/') {
        depth--;
        this.pos += 2;
        if (depth === 0) break;
      } else {
        this.pos++;
      }
    }
    if (depth > 0) this.error('unterminated block comment', start, start + 2);
    this.comments.push({ text: t.slice(start, this.pos), span: this.span(start, this.pos), ownLine: !this.lineHasToken });
    this.lineHasComment = true;
  }

  // ------------------------------------------------------------ tokens

  private lexToken(): void {
    const t = this.text;
    const start = this.pos;
    const c = t[start];

    if (isDigit(c)) return this.number();
    if (c === '"') return this.string(start, start + 1);
    if (c === 'r' && (t[start + 1] === '"' || (t[start + 1] === '#' && (t[start + 2] === '"' || t[start + 2] === '#')))) {
      return this.rawString();
    }
    if (c === "'") return this.charOrLabel();

    const ch = this.charAt(start);
    if (isIdentStart(ch)) {
      let end = start + ch.length;
      for (;;) {
        const n = this.charAt(end);
        if (!isIdentContinue(n)) break;
        end += n.length;
      }
      this.pos = end;
      const word = t.slice(start, end);
      if (word === '_') this.push('_', start, end);
      else if (isKeyword(word)) this.push(word, start, end);
      else this.push('ident', start, end);
      return;
    }

    for (const p of PUNCT_BY_FIRST.get(c) ?? []) {
      if (t.startsWith(p, start)) {
        this.pos = start + p.length;
        this.push(p, start, this.pos);
        return;
      }
    }

    this.pos = start + ch.length;
    // Raw control characters must not reach the terminal: `\u{7}`, as Rust writes them.
    const code = ch.codePointAt(0)!;
    const shown = code < 0x20 || code === 0x7f ? `\\u{${code.toString(16)}}` : ch;
    this.error(`unexpected character \`${shown}\``, start, this.pos);
  }

  // ------------------------------------------------------------ numbers

  private number(): void {
    const t = this.text;
    const start = this.pos;
    const afterDot = this.tokens.length > 0 && this.tokens[this.tokens.length - 1].kind === '.';

    let radix = 10;
    if (t[start] === '0' && (t[start + 1] === 'x' || t[start + 1] === 'o' || t[start + 1] === 'b')) {
      radix = t[start + 1] === 'x' ? 16 : t[start + 1] === 'o' ? 8 : 2;
      this.pos += 2;
    }
    const digitsStart = this.pos;
    const isRadixDigit = (ch: string): boolean =>
      radix === 16 ? /[0-9a-fA-F]/.test(ch) : isDigit(ch);
    while (this.pos < t.length && (isRadixDigit(t[this.pos]) || t[this.pos] === '_')) this.pos++;
    let digits = t.slice(digitsStart, this.pos).replace(/_/g, '');

    let isFloat = false;
    if (radix === 10 && !afterDot) {
      // fraction: `1.5`, `1.`, but not `1..2`, `1.foo`, `1._x`
      if (t[this.pos] === '.' && t[this.pos + 1] !== '.' && !isIdentStart(this.charAt(this.pos + 1))) {
        isFloat = true;
        this.pos++;
        while (this.pos < t.length && (isDigit(t[this.pos]) || t[this.pos] === '_')) this.pos++;
      }
      // exponent: `1e9`, `2.5e-3`
      if (t[this.pos] === 'e' || t[this.pos] === 'E') {
        let q = this.pos + 1;
        if (t[q] === '+' || t[q] === '-') q++;
        while (t[q] === '_') q++;
        if (isDigit(t[q] ?? '')) {
          isFloat = true;
          this.pos = q;
          while (this.pos < t.length && (isDigit(t[this.pos]) || t[this.pos] === '_')) this.pos++;
        }
      }
    }
    const numberEnd = this.pos;

    // suffix
    let suffix: string | null = null;
    if (isIdentStart(this.charAt(this.pos)) && !afterDot) {
      const sStart = this.pos;
      while (isIdentContinue(this.charAt(this.pos))) this.pos += this.charAt(this.pos).length;
      suffix = t.slice(sStart, this.pos);
      const ok = INT_SUFFIXES.has(suffix) || FLOAT_SUFFIXES.has(suffix);
      if (!ok) {
        this.error(`invalid suffix \`${suffix}\` for number literal`, sStart, this.pos);
        suffix = null;
      } else if (INT_SUFFIXES.has(suffix) && isFloat) {
        this.error(`invalid suffix \`${suffix}\` for float literal`, sStart, this.pos);
        suffix = null;
      } else if (FLOAT_SUFFIXES.has(suffix) && radix !== 10) {
        this.error(`float suffix \`${suffix}\` on a base ${radix} literal`, sStart, this.pos);
        suffix = null;
      }
    }
    const end = this.pos;

    if (isFloat || (suffix !== null && FLOAT_SUFFIXES.has(suffix))) {
      const value = Number(t.slice(start, numberEnd).replace(/_/g, ''));
      this.push('float', start, end, { lit: { kind: 'float', value, suffix, raw: t.slice(start, end) } });
      return;
    }

    if (digits === '') {
      this.error(`missing digits after the base prefix \`${t.slice(start, digitsStart)}\``, start, end);
      digits = '0';
    } else if (radix !== 10 && radix !== 16) {
      const bad = [...digits].find(d => Number(d) >= radix);
      if (bad !== undefined) {
        this.error(`invalid digit \`${bad}\` in a base ${radix} literal`, start, end);
        digits = '0';
      }
    }
    const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
    const value = BigInt(prefix + digits);
    this.push('int', start, end, { lit: { kind: 'int', value, suffix, raw: t.slice(start, end) } });
  }

  // ------------------------------------------------------------ strings and chars

  /**
   * Decodes one escape sequence starting at the backslash at `i`. Returns the decoded
   * text ('' for a line continuation) and the offset after the escape.
   */
  private escape(i: number, inChar: boolean): { value: string; next: number } {
    const t = this.text;
    const c = t[i + 1] ?? '';
    switch (c) {
      case 'n': return { value: '\n', next: i + 2 };
      case 't': return { value: '\t', next: i + 2 };
      case 'r': return { value: '\r', next: i + 2 };
      case '0': return { value: '\0', next: i + 2 };
      case '\\': return { value: '\\', next: i + 2 };
      case '"': return { value: '"', next: i + 2 };
      case "'": return { value: "'", next: i + 2 };
      case 'x': {
        const hex = t.slice(i + 2, i + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
          this.error('invalid `\\x` escape: expected two hex digits', i, i + 2 + Math.min(2, hex.length));
          return { value: '', next: i + 2 };
        }
        const v = parseInt(hex, 16);
        if (v > 0x7f) {
          this.error('`\\x` escape must be at most `\\x7f`; use `\\u{..}` for other characters', i, i + 4);
        }
        return { value: String.fromCharCode(v), next: i + 4 };
      }
      case 'u': {
        if (t[i + 2] !== '{') {
          this.error('invalid `\\u` escape: expected `\\u{...}`', i, i + 2);
          return { value: '', next: i + 2 };
        }
        let j = i + 3;
        while (j < t.length && /[0-9a-fA-F_]/.test(t[j])) j++;
        const hex = t.slice(i + 3, j).replace(/_/g, '');
        if (t[j] !== '}' || hex.length === 0 || hex.length > 6) {
          this.error('invalid `\\u{...}` escape: expected 1 to 6 hex digits and `}`', i, t[j] === '}' ? j + 1 : j);
          return { value: '', next: t[j] === '}' ? j + 1 : j };
        }
        const v = parseInt(hex, 16);
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
          this.error(`invalid unicode escape: \`${hex}\` is not a character`, i, j + 1);
          return { value: '', next: j + 1 };
        }
        return { value: String.fromCodePoint(v), next: j + 1 };
      }
      case '\n':
      case '\r': {
        if (!inChar) {
          // line continuation: skip the newline and the next line's leading whitespace
          let j = i + 1;
          while (j < t.length && isWhitespace(t[j])) j++;
          return { value: '', next: j };
        }
        break;
      }
    }
    const shown = this.charAt(i + 1);
    this.error(`unknown character escape \`\\${shown}\``, i, i + 1 + shown.length);
    return { value: shown, next: i + 1 + shown.length };
  }

  /** A "..." string whose opening quote is at `start`, body beginning at `bodyStart`. */
  private string(start: number, bodyStart: number): void {
    const t = this.text;
    let value = '';
    const offsets: number[] = [];
    let i = bodyStart;
    let closed = false;
    while (i < t.length) {
      const c = t[i];
      if (c === '"') { closed = true; break; }
      if (c === '\\') {
        const e = this.escape(i, false);
        for (let k = 0; k < e.value.length; k++) offsets.push(i);
        value += e.value;
        i = e.next;
      } else {
        offsets.push(i);
        value += c;
        i++;
      }
    }
    offsets.push(i);
    if (!closed) this.error('unterminated string literal', start, start + 1);
    this.pos = closed ? i + 1 : i;
    this.push('str', start, this.pos, { lit: { kind: 'str', value }, offsets });
  }

  /** r"..." and r#"..."# */
  private rawString(): void {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let hashes = 0;
    while (t[i] === '#') { hashes++; i++; }
    if (t[i] !== '"') {
      this.error('expected `"` after `r#` to start a raw string', start, i);
      this.pos = i;
      return;
    }
    const bodyStart = i + 1;
    const close = '"' + '#'.repeat(hashes);
    const found = t.indexOf(close, bodyStart);
    const bodyEnd = found < 0 ? t.length : found;
    if (found < 0) this.error('unterminated raw string literal', start, bodyStart);
    const value = t.slice(bodyStart, bodyEnd);
    const offsets: number[] = [];
    for (let k = 0; k <= value.length; k++) offsets.push(bodyStart + k);
    this.pos = found < 0 ? t.length : found + close.length;
    this.push('str', start, this.pos, { lit: { kind: 'str', value }, offsets });
  }

  private charOrLabel(): void {
    const t = this.text;
    const start = this.pos;
    const first = this.charAt(start + 1);

    if (first === '\\') {
      const e = this.escape(start + 1, true);
      if (t[e.next] !== "'") {
        this.error('unterminated character literal', start, e.next);
        this.pos = e.next;
        this.push('char', start, this.pos, { lit: { kind: 'char', value: e.value.codePointAt(0) ?? 0 } });
        return;
      }
      this.pos = e.next + 1;
      this.push('char', start, this.pos, { lit: { kind: 'char', value: e.value.codePointAt(0) ?? 0 } });
      return;
    }

    if (isIdentStart(first)) {
      let end = start + 1 + first.length;
      while (isIdentContinue(this.charAt(end))) end += this.charAt(end).length;
      if (t[end] !== "'") {
        this.pos = end;
        this.push('label', start, end);
        return;
      }
      if (end !== start + 1 + first.length) {
        this.error('character literal may only contain one codepoint', start, end + 1);
      }
      this.pos = end + 1;
      this.push('char', start, this.pos, { lit: { kind: 'char', value: first.codePointAt(0)! } });
      return;
    }

    if (first === "'") {
      this.error('empty character literal', start, start + 2);
      this.pos = start + 2;
      this.push('char', start, this.pos, { lit: { kind: 'char', value: 0 } });
      return;
    }
    if (first === '' || first === '\n') {
      this.error('unterminated character literal', start, start + 1);
      this.pos = start + 1;
      this.push('char', start, this.pos, { lit: { kind: 'char', value: 0 } });
      return;
    }
    const after = start + 1 + first.length;
    if (t[after] !== "'") {
      this.error('unterminated character literal', start, after);
      this.pos = after;
    } else {
      this.pos = after + 1;
    }
    this.push('char', start, this.pos, { lit: { kind: 'char', value: first.codePointAt(0)! } });
  }
}

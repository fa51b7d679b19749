// The parser's cursor over the token stream, its error reporting and its recovery.
//
// The grammar itself lives beside this file, one file per construct:
//   parse-item.ts     items, generics, attributes, use trees
//   parse-stmt.ts     blocks and statements
//   parse-expr.ts     operators, postfix chains, primary expressions
//   parse-control.ts  if / match / loops / closures / go / defer / select
//   parse-macro.ts    built-in macros;  parse-format.ts  format strings
//   parse-pattern.ts  patterns;         parse-type.ts    types
//
// Errors: a construct that cannot continue calls `p.fail(...)`, which records the
// diagnostic and throws ParseAbort. Statement and item loops catch it and resynchronise
// (at `;`/`}` inside blocks, at the next item keyword at top level), so one mistake gives
// one message and the rest of the file is still checked. ParseAbort never leaves
// parseModule.

import { Span } from '../source/index.js';
import { DiagnosticBag } from '../diag/index.js';
import { Token, TokenKind, describeToken } from './token.js';

/** Thrown after an error has been reported, caught by the nearest recovery point. */
export class ParseAbort extends Error {
  constructor() { super('parse aborted'); }
}

/**
 * Thrown when nesting passes MAX_DEPTH. Not a ParseAbort: no recovery point catches it,
 * so a pathological file gives one error and stops, instead of every level recovering.
 */
export class NestingAbort extends Error {
  constructor() { super('nested too deeply'); }
}

/** How deep expressions, types and patterns may nest before we give up (stack safety). */
export const MAX_DEPTH = 500;

/** Tokens that begin an item; top-level recovery skips to one of them. */
const ITEM_START: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'fn', 'struct', 'enum', 'impl', 'trait', 'const', 'static', 'use', 'mod', 'type', 'pub', '#',
]);

export class Parser {
  pos = 0;
  /** End offset of the last consumed token. */
  prevEnd = 0;
  /** Struct literals are not allowed here (the head of `if`, `while`, `match`, `for`). */
  noStruct = false;
  /** `let` may appear as an operand (the condition of `if` and `while`). */
  allowLet = false;
  private depth = 0;
  private lastErrorAt = -1;

  constructor(
    readonly tokens: Token[],
    readonly file: number,
    readonly diags: DiagnosticBag,
  ) {}

  // ------------------------------------------------------------ cursor

  get tok(): Token { return this.tokens[this.pos]; }

  peek(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)];
  }

  at(kind: TokenKind): boolean { return this.tokens[this.pos].kind === kind; }

  /** The current token is the identifier `name` (a contextual keyword such as `default`). */
  atIdent(name: string): boolean {
    const t = this.tokens[this.pos];
    return t.kind === 'ident' && t.text === name;
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'eof') {
      this.pos++;
      this.prevEnd = t.span.end;
    }
    return t;
  }

  eat(kind: TokenKind): Token | null {
    return this.at(kind) ? this.next() : null;
  }

  /** Consumes `kind` or fails with "expected `kind`, found ...". */
  expect(kind: TokenKind, what?: string): Token {
    if (this.at(kind)) return this.next();
    return this.expected(what ?? `\`${kind}\``);
  }

  /** Consumes one `>`, splitting `>>`, `>=` and `>>=` (closing `Vec<Vec<int>>`). */
  eatGt(): boolean {
    const t = this.tok;
    if (t.kind === '>') { this.next(); return true; }
    const rest: TokenKind | null = t.kind === '>>' ? '>' : t.kind === '>=' ? '=' : t.kind === '>>=' ? '>=' : null;
    if (rest === null) return false;
    this.tokens[this.pos] = {
      ...t,
      kind: rest,
      text: t.text.slice(1),
      span: { ...t.span, start: t.span.start + 1 },
      newlineBefore: false,
    };
    this.prevEnd = t.span.start + 1;
    return true;
  }

  expectGt(): void {
    if (!this.eatGt()) this.expected('`>`');
  }

  /** A span from `start` to the end of the last consumed token. */
  spanFrom(start: Span | number): Span {
    const s = typeof start === 'number' ? start : start.start;
    return { file: this.file, start: s, end: Math.max(s, this.prevEnd) };
  }

  // ------------------------------------------------------------ errors

  /**
   * Set when the lexer already reported an unterminated string or comment, which swallows
   * the rest of the file: "expected X, found end of file" would only repeat it.
   */
  quietAtEof = false;

  /** Records an error (suppressed when one was already reported at this token). */
  error(message: string, span: Span, hint?: string): void {
    if (span.start === this.lastErrorAt) return;
    if (this.quietAtEof && span.start >= this.tokens[this.tokens.length - 1].span.start) return;
    this.lastErrorAt = span.start;
    this.diags.error(message, span, hint);
  }

  /** Records an error and abandons the current construct. */
  fail(message: string, span: Span = this.tok.span, hint?: string): never {
    this.error(message, span, hint);
    throw new ParseAbort();
  }

  /** "expected X, found Y" at the current token. */
  expected(what: string): never {
    const message = `expected ${what}, found ${describeToken(this.tok)}`;
    // A `;` missing at the end of a line is reported there, not at the next line's start.
    if (what === '`;`' && this.tok.newlineBefore && this.pos > 0) {
      return this.fail(message, { file: this.file, start: this.prevEnd, end: this.prevEnd }, 'add `;` here');
    }
    return this.fail(message);
  }

  // ------------------------------------------------------------ nesting and restrictions

  /** Guards recursion: every nested expression, type and pattern goes through here. */
  nested<T>(f: () => T): T {
    this.checkDepth(0);
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /**
   * Fails when the tree would nest too deeply. Left-nested chains (`a + b + c`,
   * `x.f().g()`) are not nesting: every later phase walks them in a loop (chain.ts).
   */
  checkDepth(extra: number): void {
    if (this.depth + extra >= MAX_DEPTH) {
      this.error('expression nested too deeply', this.tok.span, `nesting is limited to ${MAX_DEPTH} levels`);
      throw new NestingAbort();
    }
  }

  /** Runs `f` with the given restrictions, restoring the previous ones afterwards. */
  restricted<T>(noStruct: boolean, allowLet: boolean, f: () => T): T {
    const saved = [this.noStruct, this.allowLet] as const;
    this.noStruct = noStruct;
    this.allowLet = allowLet;
    try {
      return f();
    } finally {
      [this.noStruct, this.allowLet] = saved;
    }
  }

  /** Inside delimiters `( [ {` the restrictions of the surrounding head are lifted. */
  unrestricted<T>(f: () => T): T {
    return this.restricted(false, false, f);
  }

  // ------------------------------------------------------------ recovery

  /** Skips a balanced `( [ {` group starting at the current opener. */
  skipGroup(): void {
    let depth = 0;
    do {
      const k = this.tok.kind;
      if (k === 'eof') return;
      if (k === '(' || k === '[' || k === '{') depth++;
      else if (k === ')' || k === ']' || k === '}') depth--;
      this.next();
    } while (depth > 0);
  }

  /** The `( [ {` opened since token `from` and still open at the cursor, innermost last. */
  private openSince(from: number): TokenKind[] {
    const stack: TokenKind[] = [];
    for (let i = from; i < this.pos; i++) {
      const k = this.tokens[i].kind;
      if (k === '(' || k === '[' || k === '{') stack.push(k);
      else if ((k === ')' || k === ']' || k === '}') && stack.length > 0) stack.pop();
    }
    return stack;
  }

  /**
   * Inside a block, after a failed statement that began at token `from`: close the groups
   * it opened, then skip to just after `;` (or `,` when `stopAtComma`, for match arms) or
   * to the `}` that closes the block. A `;` or `}` met inside an unclosed `(` means the
   * `(` was never closed: the statement ends there. A group closed at the end of a line
   * also ends the statement (`if x == { .. }` + newline).
   */
  recoverStmt(from: number, stopAtComma = false): void {
    const stack = this.openSince(from);
    for (;;) {
      const k = this.tok.kind;
      const top = stack.length > 0 ? stack[stack.length - 1] : null;
      if (k === 'eof') return;
      if (k === '(' || k === '[' || k === '{') stack.push(k);
      else if (k === ')' || k === ']') {
        if (top === (k === ')' ? '(' : '[')) stack.pop();
      } else if (k === '}') {
        while (stack.length > 0 && stack[stack.length - 1] !== '{') stack.pop();
        if (stack.length === 0) return;
        stack.pop();
        if (stack.length === 0 && this.peek().newlineBefore && this.peek().kind !== '.') { this.next(); return; }
      } else if (k === ';' && top !== '{' && top !== '[') {
        if (stack.every(o => o !== '{')) { this.next(); return; }
      } else if (k === ',' && stopAtComma && stack.length === 0) {
        this.next();
        return;
      }
      this.next();
    }
  }

  /**
   * Between items, after a failed item that began at token `from`: close the groups it
   * opened, then skip to the next item keyword at depth 0. Inside `impl`, `trait` or
   * `mod { }` (nested) a `}` at depth 0 closes the container and stops the skip.
   */
  recoverItem(from: number, nested: boolean): void {
    let depth = this.openSince(from).length;
    for (;;) {
      const k = this.tok.kind;
      if (k === 'eof') return;
      if (depth === 0 && ITEM_START.has(k) && this.pos > from) return;
      if (k === '{' || k === '(' || k === '[') depth++;
      else if (k === ')' || k === ']') { if (depth > 0) depth--; }
      else if (k === '}') {
        if (depth === 0 && nested) return;
        if (depth > 0) depth--;
      }
      this.next();
    }
  }
}

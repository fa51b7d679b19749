// Control-flow expressions: if / if let, match, loop, while / while let, for, labels,
// break / continue / return, closures, and the concurrency forms go / defer / select.

import {
  BlockExpr, ClosureParam, Expr, Ident, IfExpr, MatchArm, Pattern, SelectArm, Type,
} from './ast.js';
import { ParseAbort, Parser } from './parser.js';
import { TokenKind } from './token.js';
import {
  LET_VALUE_PREC, canStartExpr, parseExpr, parseExprNoStruct, parseOperand,
} from './parse-expr.js';
import { parseBlock, parseBlockLikeStmtExpr, startsBlockLike } from './parse-stmt.js';
import { parsePattern, parsePatternNoOr } from './parse-pattern.js';
import { parseType } from './parse-type.js';

/** The condition of `if` / `while`: no struct literals, `let PAT = e` allowed. */
function parseCond(p: Parser): Expr {
  return p.restricted(true, true, () => parseExpr(p));
}

/** `let PAT = EXPR` inside a condition. */
export function parseLetCond(p: Parser): Expr {
  const start = p.expect('let').span;
  const pat = parsePattern(p);
  p.expect('=');
  const value = parseOperand(p, LET_VALUE_PREC);
  return { kind: 'letCond', pat, value, span: p.spanFrom(start) };
}

export function parseIf(p: Parser): IfExpr {
  const start = p.expect('if').span;
  const cond = parseCond(p);
  const then = parseBlock(p, null);
  let elseBranch: BlockExpr | IfExpr | null = null;
  if (p.eat('else')) {
    if (p.at('if')) elseBranch = p.nested(() => parseIf(p));
    else if (p.at('{')) elseBranch = parseBlock(p, null);
    else p.expected('`{` or `if` after `else`');
  }
  return { kind: 'if', cond, then, else: elseBranch, span: p.spanFrom(start) };
}

export function parseMatch(p: Parser): Expr {
  const start = p.expect('match').span;
  const scrutinee = parseExprNoStruct(p);
  p.expect('{');
  const arms = p.unrestricted(() => {
    const arms: MatchArm[] = [];
    while (!p.at('}') && !p.at('eof')) {
      const from = p.pos;
      try {
        const arm = parseMatchArm(p);
        arms.push(arm);
      } catch (e) {
        if (!(e instanceof ParseAbort)) throw e;
        recoverArm(p, from);
      }
    }
    return arms;
  });
  p.expect('}', '`}` to close the `match`');
  return { kind: 'match', scrutinee, arms, span: p.spanFrom(start) };
}

function parseMatchArm(p: Parser): MatchArm {
  const start = p.tok.span;
  const pat = parsePattern(p);
  const guard = p.eat('if') ? parseExpr(p) : null;
  p.expect('=>', guard ? '`=>`' : '`=>` or `if`');
  const { body, blockLike } = parseArmBody(p);
  const span = p.spanFrom(start);
  if (!p.eat(',') && !blockLike && !p.at('}')) p.expected('`,` or `}` after a match arm');
  return { pat, guard, body, span };
}

/** An arm body; a block-like body (`{ .. }`, `if ..`) needs no comma after it. */
function parseArmBody(p: Parser): { body: Expr; blockLike: boolean } {
  if (startsBlockLike(p)) {
    const { expr, blockLike } = parseBlockLikeStmtExpr(p);
    return { body: expr, blockLike };
  }
  return { body: parseExpr(p), blockLike: false };
}

/** After a bad arm: skip to the `,` ending it or to the `}` closing the match. */
function recoverArm(p: Parser, from: number): void {
  p.recoverStmt(from, true);
}

export function parseLabeled(p: Parser): Expr {
  const t = p.expect('label');
  const label: Ident = { name: t.text.slice(1), span: t.span };   // name without the quote
  p.expect(':', '`:` after a label');
  switch (p.tok.kind) {
    case 'loop': return parseLoop(p, label);
    case 'while': return parseWhile(p, label);
    case 'for': return parseFor(p, label);
    case '{': return parseBlock(p, label);
    default: return p.expected('`loop`, `while`, `for` or `{` after a label');
  }
}

export function parseLoop(p: Parser, label: Ident | null): Expr {
  const start = label?.span ?? p.tok.span;
  p.expect('loop');
  const body = parseBlock(p, null);
  return { kind: 'loop', body, label, span: p.spanFrom(start) };
}

export function parseWhile(p: Parser, label: Ident | null): Expr {
  const start = label?.span ?? p.tok.span;
  p.expect('while');
  const cond = parseCond(p);
  const body = parseBlock(p, null);
  return { kind: 'while', cond, body, label, span: p.spanFrom(start) };
}

export function parseFor(p: Parser, label: Ident | null): Expr {
  const start = label?.span ?? p.tok.span;
  p.expect('for');
  const pat = parsePattern(p);
  p.expect('in');
  const iter = parseExprNoStruct(p);
  const body = parseBlock(p, null);
  return { kind: 'for', pat, iter, body, label, span: p.spanFrom(start) };
}

/** `break`, `break 'a`, `break value`, `break 'a value` */
export function parseBreak(p: Parser): Expr {
  const start = p.expect('break').span;
  const label = parseOptLabel(p);
  const value = canStartValue(p) ? parseExpr(p) : null;
  return { kind: 'break', label, value, span: p.spanFrom(start) };
}

export function parseContinue(p: Parser): Expr {
  const start = p.expect('continue').span;
  const label = parseOptLabel(p);
  return { kind: 'continue', label, span: p.spanFrom(start) };
}

export function parseReturn(p: Parser): Expr {
  const start = p.expect('return').span;
  const value = canStartValue(p) ? parseExpr(p) : null;
  return { kind: 'return', value, span: p.spanFrom(start) };
}

function parseOptLabel(p: Parser): Ident | null {
  if (!p.at('label')) return null;
  const t = p.next();
  return { name: t.text.slice(1), span: t.span };   // name without the quote
}

function canStartValue(p: Parser): boolean {
  if (p.noStruct && p.at('{')) return false;
  if (p.at('label')) return false;
  return canStartExpr(p.tok);
}

// ---------------------------------------------------------------- closures

/** `|x| x + 1`, `|x: int, y| -> int { .. }`, `|| ..`, `move |..| ..` */
export function parseClosure(p: Parser): Expr {
  const start = p.tok.span;
  const isMove = p.eat('move') !== null;
  const params: ClosureParam[] = [];
  if (!p.eat('||')) {
    p.expect('|', '`|` to start closure parameters');
    while (!p.at('|')) {
      const pstart = p.tok.span;
      const pat: Pattern = parsePatternNoOr(p);
      const ty: Type | null = p.eat(':') ? parseType(p) : null;
      params.push({ pat, ty, span: p.spanFrom(pstart) });
      if (!p.eat(',')) break;
    }
    p.expect('|', '`,` or `|`');
  }
  let ret: Type | null = null;
  let body: Expr;
  if (p.eat('->')) {
    ret = parseType(p);
    if (!p.at('{')) p.expected('`{` (a closure with a return type needs a block body)');
    body = parseBlock(p, null);
  } else {
    body = p.restricted(p.noStruct, false, () => parseExpr(p));
  }
  return { kind: 'closure', params, ret, body, isMove, span: p.spanFrom(start) };
}

// ---------------------------------------------------------------- go / defer / select

/** `go f(x)`, `go obj.m(x)`, `go { .. }` (and `go println!(..)`: a macro counts as a call) */
export function parseGo(p: Parser): Expr {
  const start = p.expect('go').span;
  const body = parseCallOrBlock(p, 'go');
  return { kind: 'go', body, span: p.spanFrom(start) };
}

/** `defer f(x)`, `defer obj.m(x)`, `defer { .. }`, `defer println!(..)` */
export function parseDefer(p: Parser): Expr {
  const start = p.expect('defer').span;
  const body = parseCallOrBlock(p, 'defer');
  return { kind: 'defer', body, span: p.spanFrom(start) };
}

function parseCallOrBlock(p: Parser, keyword: 'go' | 'defer'): Expr {
  if (p.at('{')) return parseBlock(p, null);
  const start = p.tok.span;
  const e = p.unrestricted(() => parseExpr(p));
  if (e.kind === 'call' || e.kind === 'methodCall' || e.kind === 'macro') return e;
  return p.fail(`\`${keyword}\` needs a function call or a block`, { ...start, end: Math.max(start.end, e.span.end) },
    `write \`${keyword} f(x);\` or \`${keyword} { ... };\``);
}

/**
 * select {
 *     v = ch.recv() => ..,   ch.recv() => ..,   ch.send(x) => ..,   default => ..,
 * }
 */
export function parseSelect(p: Parser): Expr {
  const start = p.expect('select').span;
  p.expect('{', '`{` after `select`');
  const arms = p.unrestricted(() => {
    const arms: SelectArm[] = [];
    while (!p.at('}') && !p.at('eof')) {
      const from = p.pos;
      try {
        arms.push(parseSelectArm(p));
      } catch (e) {
        if (!(e instanceof ParseAbort)) throw e;
        recoverArm(p, from);
      }
    }
    return arms;
  });
  p.expect('}', '`}` to close the `select`');
  return { kind: 'select', arms, span: p.spanFrom(start) };
}

const SELECT_ARM_HINT = 'select arms must be `pat = ch.recv()`, `ch.send(v)` or `default`';

function parseSelectArm(p: Parser): SelectArm {
  const start = p.tok.span;
  let arm: SelectArm;
  if (p.atIdent('default') && p.peek().kind === '=>') {
    p.next();
    p.next();
    const { body, blockLike } = parseArmBody(p);
    arm = { kind: 'default', body, span: p.spanFrom(start) };
    endArm(p, blockLike);
    return arm;
  }
  if (armHasBinding(p)) {
    const pat = parsePattern(p);
    p.expect('=');
    const opStart = p.tok.span;
    const op = parseExprNoStruct(p);
    if (op.kind !== 'methodCall' || op.method.name !== 'recv' || op.args.length !== 0) {
      p.fail(SELECT_ARM_HINT, { ...opStart, end: op.span.end });
    }
    p.expect('=>');
    const { body, blockLike } = parseArmBody(p);
    arm = { kind: 'recv', pat, chan: op.receiver, body, span: p.spanFrom(start) };
    endArm(p, blockLike);
    return arm;
  }
  const op = parseExprNoStruct(p);
  let head: { kind: 'recv'; chan: Expr } | { kind: 'send'; chan: Expr; value: Expr };
  if (op.kind === 'methodCall' && op.method.name === 'recv' && op.args.length === 0) {
    head = { kind: 'recv', chan: op.receiver };
  } else if (op.kind === 'methodCall' && op.method.name === 'send' && op.args.length === 1) {
    head = { kind: 'send', chan: op.receiver, value: op.args[0] };
  } else {
    return p.fail(SELECT_ARM_HINT, op.span);
  }
  p.expect('=>');
  const { body, blockLike } = parseArmBody(p);
  const span = p.spanFrom(start);
  arm = head.kind === 'recv'
    ? { kind: 'recv', pat: null, chan: head.chan, body, span }
    : { kind: 'send', chan: head.chan, value: head.value, body, span };
  endArm(p, blockLike);
  return arm;
}

function endArm(p: Parser, blockLike: boolean): void {
  if (!p.eat(',') && !blockLike && !p.at('}')) p.expected('`,` or `}` after a select arm');
}

/** Does the arm starting here have a `PAT =` before its `=>`? (a depth-0 `=`) */
function armHasBinding(p: Parser): boolean {
  let depth = 0;
  for (let i = p.pos; i < p.tokens.length; i++) {
    const k: TokenKind = p.tokens[i].kind;
    if (k === '(' || k === '[' || k === '{') depth++;
    else if (k === ')' || k === ']' || k === '}') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && (k === '=>' || k === ',' || k === ';' || k === 'eof')) return false;
    else if (depth === 0 && k === '=') return true;
  }
  return false;
}

// Blocks and statements.
//
// A block-like expression (`{}`, `if`, `match`, `loop`, `while`, `for`, `select`, a
// labelled one) in statement position ends the statement at its closing `}`: it needs no
// `;` and binary operators do not continue it (`if c { a } else { b } - 1` is two
// statements). A `.method()` or `?` right after it does continue it, as in Rust.

import { BlockExpr, Expr, Ident, Stmt } from './ast.js';
import { ParseAbort, Parser } from './parser.js';
import { parseExpr, parseExprFrom, parsePostfix } from './parse-expr.js';
import {
  parseFor, parseIf, parseLabeled, parseLoop, parseMatch, parseSelect, parseWhile,
} from './parse-control.js';
import { parsePattern } from './parse-pattern.js';
import { parseType } from './parse-type.js';
import { atItemStart, parseItem } from './parse-item.js';

export function parseBlock(p: Parser, label: Ident | null): BlockExpr {
  const start = label?.span ?? p.tok.span;
  p.expect('{');
  return p.unrestricted(() => p.nested(() => {
    const stmts: Stmt[] = [];
    let tail: Expr | null = null;
    while (!p.at('}') && !p.at('eof')) {
      const from = p.pos;
      try {
        const r = parseStmt(p);
        if (r.kind === 'tail') tail = r.expr;
        else stmts.push(r.stmt);
      } catch (e) {
        if (!(e instanceof ParseAbort)) throw e;
        p.recoverStmt(from);
        if (p.pos === from && !p.at('}')) p.next();
      }
    }
    p.expect('}', '`}` to close the block');
    return { kind: 'block', stmts, tail, label, span: p.spanFrom(start) } satisfies BlockExpr;
  }));
}

type StmtResult = { kind: 'stmt'; stmt: Stmt } | { kind: 'tail'; expr: Expr };

function parseStmt(p: Parser): StmtResult {
  const start = p.tok.span;
  if (p.at(';')) {
    p.next();
    return { kind: 'stmt', stmt: { kind: 'empty', span: start } };
  }
  if (p.at('let')) return { kind: 'stmt', stmt: parseLet(p) };
  if (atItemStart(p)) {
    const item = parseItem(p, 'block');
    return { kind: 'stmt', stmt: { kind: 'item', item, span: item.span } };
  }

  let expr: Expr;
  if (startsBlockLike(p)) {
    const r = parseBlockLikeStmtExpr(p);
    expr = r.expr;
    if (r.blockLike) {
      if (p.eat(';')) return { kind: 'stmt', stmt: { kind: 'expr', expr, semi: true, span: p.spanFrom(start) } };
      if (p.at('}')) return { kind: 'tail', expr };
      return { kind: 'stmt', stmt: { kind: 'expr', expr, semi: false, span: expr.span } };
    }
  } else {
    expr = parseExpr(p);
  }
  if (p.eat(';')) return { kind: 'stmt', stmt: { kind: 'expr', expr, semi: true, span: p.spanFrom(start) } };
  if (p.at('}')) return { kind: 'tail', expr };
  return p.expected('`;`');
}

/** `let PAT [: T] [= EXPR [else { .. }]];` */
function parseLet(p: Parser): Stmt {
  const start = p.expect('let').span;
  const pat = parsePattern(p);
  const ty = p.eat(':') ? parseType(p) : null;
  let init: Expr | null = null;
  let elseBlock: BlockExpr | null = null;
  if (p.eat('=')) {
    init = parseExpr(p);
    if (p.eat('else')) {
      if (!p.at('{')) p.expected('`{` after `let ... else`');
      elseBlock = parseBlock(p, null);
    }
  }
  p.expect(';');
  return { kind: 'let', pat, ty, init, elseBlock, span: p.spanFrom(start) };
}

/** Does a block-like expression start here? */
export function startsBlockLike(p: Parser): boolean {
  switch (p.tok.kind) {
    case '{': case 'if': case 'match': case 'loop': case 'while': case 'for': case 'select':
      return true;
    case 'label':
      return p.peek().kind === ':';
    default:
      return false;
  }
}

/**
 * A block-like expression in statement (or match-arm) position. `blockLike` is false when
 * a postfix chain continued it (`match x { .. }.unwrap() + 1`), which then needs `;`.
 */
export function parseBlockLikeStmtExpr(p: Parser): { expr: Expr; blockLike: boolean } {
  const expr = parseBlockLike(p);
  if (p.at('.') || p.at('?')) {
    const continued = parseExprFrom(p, parsePostfix(p, expr));
    return { expr: continued, blockLike: false };
  }
  return { expr, blockLike: true };
}

function parseBlockLike(p: Parser): Expr {
  switch (p.tok.kind) {
    case '{': return parseBlock(p, null);
    case 'if': return parseIf(p);
    case 'match': return parseMatch(p);
    case 'loop': return parseLoop(p, null);
    case 'while': return parseWhile(p, null);
    case 'for': return parseFor(p, null);
    case 'select': return parseSelect(p);
    case 'label': return parseLabeled(p);
    default: return p.expected('expression');
  }
}

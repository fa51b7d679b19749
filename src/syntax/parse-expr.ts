// Expressions: assignment, ranges, binary operators by precedence, `as`, unary operators,
// postfix chains and primary expressions. Control flow lives in parse-control.ts.
//
// Precedence, loosest first (as in Rust):
//   = += -= ...  (right assoc)      ..  ..=  (non-assoc)      ||      &&
//   == != < <= > >=  (non-assoc)    |    ^    &    << >>    + -    * / %    as
//   unary - ! & &mut *              postfix  .f  .m()  ()  []  ?
//
// The struct-literal restriction (`p.noStruct`) keeps `if x == S { .. }` from reading
// `S { .. }` as a literal; delimiters lift it again.

import {
  AssignExpr, BinaryOp, Expr, FieldInit, Ident, PathExpr, PathSegment, Type,
} from './ast.js';
import { Parser } from './parser.js';
import { Token, TokenKind } from './token.js';
import { atPathStart, parseGenericArgs, parsePathIdent, parseType } from './parse-type.js';
import { parseBlock } from './parse-stmt.js';
import {
  parseBreak, parseClosure, parseContinue, parseDefer, parseFor, parseGo, parseIf, parseLabeled,
  parseLetCond, parseLoop, parseMatch, parseReturn, parseSelect, parseWhile,
} from './parse-control.js';
import { parseMacro } from './parse-macro.js';

const BINARY_PREC: Partial<Record<TokenKind, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '|': 4,
  '^': 5,
  '&': 6,
  '<<': 7, '>>': 7,
  '+': 8, '-': 8,
  '*': 9, '/': 9, '%': 9,
};
const CAST_PREC = 10;
const COMPARISON_PREC = 3;
/** `let P = e` in a condition binds tighter than `&&` and `||`. */
export const LET_VALUE_PREC = COMPARISON_PREC;

const COMPOUND_ASSIGN: Partial<Record<TokenKind, AssignExpr['op']>> = {
  '=': null,
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%',
  '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>',
};

/** A full expression (assignment level), with the current restrictions. */
export function parseExpr(p: Parser): Expr {
  return parseAssign(p, null);
}

/** An expression in the head of `match` / `for`: no struct literals. */
export function parseExprNoStruct(p: Parser): Expr {
  return p.restricted(true, false, () => parseExpr(p));
}

/** Continues an expression whose leftmost operand has been parsed already. */
export function parseExprFrom(p: Parser, lhs: Expr): Expr {
  return parseAssign(p, lhs);
}

/** A binary-operator operand chain binding at least as tight as `minPrec`. */
export function parseOperand(p: Parser, minPrec: number): Expr {
  return parseBinary(p, minPrec, null);
}

function parseAssign(p: Parser, lhs: Expr | null): Expr {
  return p.nested(() => {
    const target = parseRange(p, lhs);
    const k = p.tok.kind;
    if (!(k in COMPOUND_ASSIGN)) return target;
    const op = COMPOUND_ASSIGN[k] ?? null;
    p.next();
    const value = parseAssign(p, null);
    return { kind: 'assign', op, target, value, span: p.spanFrom(target.span) } satisfies AssignExpr;
  });
}

function parseRange(p: Parser, lhs: Expr | null): Expr {
  if (lhs === null && (p.at('..') || p.at('..='))) {
    const op = p.next();
    const end = canStartRangeEnd(p) ? parseBinary(p, 1, null) : null;
    if (op.kind === '..=' && end === null) p.expected('range end after `..=`');
    return { kind: 'range', start: null, end, inclusive: op.kind === '..=', span: p.spanFrom(op.span) };
  }
  const start = parseBinary(p, 1, lhs);
  if (p.at('..') || p.at('..=')) {
    const op = p.next();
    const end = canStartRangeEnd(p) ? parseBinary(p, 1, null) : null;
    if (op.kind === '..=' && end === null) p.expected('range end after `..=`');
    return { kind: 'range', start, end, inclusive: op.kind === '..=', span: p.spanFrom(start.span) };
  }
  if (p.at('...')) p.fail('`...` is not an operator; use `..` or `..=` for ranges');
  return start;
}

function canStartRangeEnd(p: Parser): boolean {
  if (p.noStruct && p.at('{')) return false;
  return canStartExpr(p.tok);
}

function parseBinary(p: Parser, minPrec: number, lhs: Expr | null): Expr {
  let left = lhs ?? parseUnary(p);
  // A chain `a + b + c` nests only on its left, which every later phase walks in a loop
  // (chain.ts): it does not count towards the nesting limit.
  for (;;) {
    const t = p.tok;
    if (t.kind === 'as') {
      if (CAST_PREC < minPrec) break;
      p.next();
      const ty = parseType(p);
      left = { kind: 'cast', expr: left, ty, span: p.spanFrom(left.span) };
      continue;
    }
    const prec = BINARY_PREC[t.kind];
    if (prec === undefined || prec < minPrec) break;
    p.next();
    const right = parseBinary(p, prec + 1, null);
    left = { kind: 'binary', op: t.kind as BinaryOp, left, right, opSpan: t.span, span: p.spanFrom(left.span) };
    if (prec === COMPARISON_PREC && BINARY_PREC[p.tok.kind] === COMPARISON_PREC) {
      p.fail('comparison operators cannot be chained', p.tok.span, 'use parentheses or `&&`: `a < b && b < c`');
    }
  }
  return left;
}

function parseUnary(p: Parser): Expr {
  const t = p.tok;
  switch (t.kind) {
    case '-':
    case '!': {
      p.next();
      const operand = p.nested(() => parseUnary(p));
      return { kind: 'unary', op: t.kind, operand, span: p.spanFrom(t.span) };
    }
    case '*': {
      p.next();
      const expr = p.nested(() => parseUnary(p));
      return { kind: 'deref', expr, span: p.spanFrom(t.span) };
    }
    case '&':
    case '&&': {
      p.next();
      const mutable = p.eat('mut') !== null;
      const expr = p.nested(() => parseUnary(p));
      const ref: Expr = { kind: 'ref', mutable, expr, span: p.spanFrom(t.span) };
      if (t.kind === '&&') return { kind: 'ref', mutable: false, expr: ref, span: p.spanFrom(t.span) };
      return ref;
    }
  }
  return parsePostfix(p, parsePrimary(p));
}

/** `.field`, `.0`, `.method::<T>(args)`, `(args)`, `[index]`, `?` */
export function parsePostfix(p: Parser, e: Expr): Expr {
  for (;;) {
    switch (p.tok.kind) {
      case '?':
        p.next();
        e = { kind: 'try', expr: e, span: p.spanFrom(e.span) };
        continue;
      case '(': {
        const args = parseCallArgs(p);
        e = { kind: 'call', callee: e, args, span: p.spanFrom(e.span) };
        continue;
      }
      case '[': {
        p.next();
        const index = p.unrestricted(() => parseExpr(p));
        p.expect(']');
        e = { kind: 'index', object: e, index, span: p.spanFrom(e.span) };
        continue;
      }
      case '.': {
        p.next();
        const t = p.tok;
        if (t.kind === 'int') {
          p.next();
          if (t.lit?.kind === 'int' && t.lit.suffix !== null) p.error('tuple field index cannot have a suffix', t.span);
          e = { kind: 'field', object: e, field: { name: t.text, span: t.span }, span: p.spanFrom(e.span) };
          continue;
        }
        if (t.kind === 'float') {
          return p.fail(`invalid field access \`.${t.text}\``, t.span);
        }
        if (t.kind !== 'ident') return p.expected('field or method name after `.`');
        p.next();
        const name: Ident = { name: t.text, span: t.span };
        let generics: Type[] | null = null;
        if (p.at('::')) {
          p.next();
          if (!p.at('<')) p.expected('`<` after `::` (turbofish)');
          generics = parseGenericArgs(p);
          if (!p.at('(')) p.expected('`(` after method generic arguments');
        }
        if (p.at('(')) {
          const args = parseCallArgs(p);
          e = { kind: 'methodCall', receiver: e, method: name, generics, args, span: p.spanFrom(e.span) };
        } else {
          e = { kind: 'field', object: e, field: name, span: p.spanFrom(e.span) };
        }
        continue;
      }
    }
    return e;
  }
}

export function parseCallArgs(p: Parser): Expr[] {
  p.expect('(');
  return p.unrestricted(() => {
    const args: Expr[] = [];
    while (!p.at(')')) {
      args.push(parseExpr(p));
      if (!p.eat(',')) break;
    }
    p.expect(')', '`,` or `)`');
    return args;
  });
}

/** Does this token start an expression? (Decides `break` / `return` / range operands.) */
export function canStartExpr(t: Token): boolean {
  switch (t.kind) {
    case 'int': case 'float': case 'str': case 'char': case 'true': case 'false':
    case 'ident': case 'self': case 'Self': case 'super': case 'crate':
    case '(': case '[': case '{': case '-': case '!': case '*': case '&': case '&&':
    case '|': case '||': case '..': case '..=': case 'label':
    case 'if': case 'match': case 'loop': case 'while': case 'for': case 'break':
    case 'continue': case 'return': case 'move': case 'go': case 'defer': case 'select':
    case 'let':
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------- primary expressions

function parsePrimary(p: Parser): Expr {
  const t = p.tok;
  switch (t.kind) {
    case 'int': case 'float': case 'str': case 'char':
      p.next();
      return { kind: 'lit', lit: t.lit!, span: t.span };
    case 'true': case 'false':
      p.next();
      return { kind: 'lit', lit: { kind: 'bool', value: t.kind === 'true' }, span: t.span };
    case '(':
      return parseParenOrTuple(p);
    case '[':
      return parseArray(p);
    case '{':
      return parseBlock(p, null);
    case 'label':
      return parseLabeled(p);
    case 'if':
      return parseIf(p);
    case 'match':
      return parseMatch(p);
    case 'loop':
      return parseLoop(p, null);
    case 'while':
      return parseWhile(p, null);
    case 'for':
      return parseFor(p, null);
    case 'break':
      return parseBreak(p);
    case 'continue':
      return parseContinue(p);
    case 'return':
      return parseReturn(p);
    case '|': case '||': case 'move':
      return parseClosure(p);
    case 'go':
      return parseGo(p);
    case 'defer':
      return parseDefer(p);
    case 'select':
      return parseSelect(p);
    case 'let':
      if (p.allowLet) return parseLetCond(p);
      return p.fail('expected expression, found `let`', t.span, '`let` is a statement; `let` in a condition is written `if let PAT = EXPR`');
  }
  if (atPathStart(p)) {
    if (t.kind === 'ident' && p.peek().kind === '!' && isMacroDelim(p.peek(2).kind)) return parseMacro(p);
    const path = parseExprPath(p);
    if (p.at('{') && !p.noStruct) return parseStructLit(p, path);
    return path;
  }
  return p.expected('expression');
}

function isMacroDelim(k: TokenKind): boolean {
  return k === '(' || k === '[' || k === '{';
}

/** `a::b::c`, `Vec::<int>::new`: in expressions generic arguments need `::<`. */
export function parseExprPath(p: Parser): PathExpr {
  const start = p.tok.span;
  const segments: PathSegment[] = [];
  for (;;) {
    const name = parsePathIdent(p);
    let generics: Type[] | null = null;
    if (p.at('::') && p.peek().kind === '<') {
      p.next();
      generics = parseGenericArgs(p);
    }
    segments.push({ name, generics });
    if (p.at('::') && atPathStartKind(p.peek().kind)) {
      p.next();
      continue;
    }
    if (p.at('::')) {
      p.next();
      p.expected('identifier after `::`');
    }
    break;
  }
  return { kind: 'path', segments, span: p.spanFrom(start) };
}

function atPathStartKind(k: TokenKind): boolean {
  return k === 'ident' || k === 'self' || k === 'Self' || k === 'super' || k === 'crate';
}

function parseStructLit(p: Parser, path: PathExpr): Expr {
  p.expect('{');
  return p.unrestricted(() => {
    const fields: FieldInit[] = [];
    let base: Expr | null = null;
    while (!p.at('}')) {
      if (p.at('..')) {
        p.next();
        base = parseExpr(p);
        if (p.at(',')) p.error('a base struct `..base` must come last, without a trailing comma', p.tok.span);
        p.eat(',');
        break;
      }
      const ft = p.tok;
      if (ft.kind !== 'ident' && ft.kind !== 'int') return p.expected('field name');
      p.next();
      const name: Ident = { name: ft.text, span: ft.span };
      if (p.eat(':')) {
        const value = parseExpr(p);
        fields.push({ name, value, shorthand: false, span: p.spanFrom(ft.span) });
      } else {
        if (ft.kind === 'int') p.expected('`:` after a numeric field name');
        const value: Expr = { kind: 'path', segments: [{ name, generics: null }], span: ft.span };
        fields.push({ name, value, shorthand: true, span: ft.span });
      }
      if (!p.eat(',')) break;
    }
    p.expect('}', '`,` or `}`');
    return { kind: 'structLit', path, fields, base, span: p.spanFrom(path.span) } satisfies Expr;
  });
}

function parseParenOrTuple(p: Parser): Expr {
  const start = p.expect('(').span;
  return p.unrestricted(() => {
    const elems: Expr[] = [];
    let trailingComma = false;
    while (!p.at(')')) {
      elems.push(parseExpr(p));
      trailingComma = false;
      if (!p.eat(',')) break;
      trailingComma = true;
    }
    p.expect(')', '`,` or `)`');
    const span = p.spanFrom(start);
    if (elems.length === 1 && !trailingComma) return { kind: 'paren', expr: elems[0], span } satisfies Expr;
    return { kind: 'tuple', elems, span } satisfies Expr;
  });
}

function parseArray(p: Parser): Expr {
  const start = p.expect('[').span;
  return p.unrestricted(() => {
    if (p.eat(']')) return { kind: 'array', elems: [], span: p.spanFrom(start) } satisfies Expr;
    const first = parseExpr(p);
    if (p.eat(';')) {
      const count = parseExpr(p);
      p.expect(']');
      return { kind: 'arrayRepeat', value: first, count, span: p.spanFrom(start) } satisfies Expr;
    }
    const elems = [first];
    while (p.eat(',')) {
      if (p.at(']')) break;
      elems.push(parseExpr(p));
    }
    p.expect(']', '`,` or `]`');
    return { kind: 'array', elems, span: p.spanFrom(start) } satisfies Expr;
  });
}

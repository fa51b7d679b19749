// Built-in macros. There are no user macros: each name has a fixed argument grammar.
//
//   print! println! eprint! eprintln! format! panic! unreachable! todo! unimplemented!
//       ( [ "fmt" {, arg} ] )                                    -> form 'format'
//   assert!( cond [, "fmt" {, arg}] )                            -> form 'assert'
//   assert_eq! / assert_ne!( a, b [, "fmt" {, arg}] )            -> form 'assertEq'
//   vec![ a, b, .. ] / vec![ value; count ]                      -> form 'vec'
//
// Any of `()`, `[]`, `{}` may delimit the arguments.

import { Expr, FormatString, MacroExpr } from './ast.js';
import { Parser } from './parser.js';
import { TokenKind } from './token.js';
import { parseExpr } from './parse-expr.js';
import { parseFormatString } from './parse-format.js';
import { didYouMean } from '../diag/suggest.js';

const FORMAT_MACROS = new Set([
  'print', 'println', 'eprint', 'eprintln', 'format', 'panic', 'unreachable', 'todo', 'unimplemented', 'write', 'writeln',
]);

/** Every built-in macro, in the order the "unknown macro" hint lists them. */
const MACROS = ['print', 'println', 'eprint', 'eprintln', 'format', 'write', 'writeln', 'panic', 'assert', 'assert_eq',
  'assert_ne', 'vec', 'unreachable', 'todo', 'unimplemented'];

/** Macros whose format string may be left out entirely. */
const FORMAT_OPTIONAL = new Set(['println', 'eprintln', 'panic', 'unreachable', 'todo', 'unimplemented', 'writeln']);

const CLOSER: Partial<Record<TokenKind, TokenKind>> = { '(': ')', '[': ']', '{': '}' };

export function parseMacro(p: Parser): Expr {
  const nameTok = p.expect('ident');
  p.expect('!');
  const name = nameTok.text;
  const open = p.tok;
  const close = CLOSER[open.kind];
  if (close === undefined) return p.expected('`(`, `[` or `{` after the macro name');

  if (!MACROS.includes(name)) {
    p.error(`unknown macro \`${name}!\``, { ...nameTok.span, end: open.span.start },
      didYouMean(name, MACROS, m => `${m}!`) ?? `the built-in macros are ${MACROS.map(m => `${m}!`).join(' ')}`);
    p.skipGroup();
    return { kind: 'tuple', elems: [], span: p.spanFrom(nameTok.span) };
  }

  p.next();
  const start = nameTok.span;
  return p.unrestricted((): MacroExpr => {
    if (name === 'vec') return parseVec(p, start, close);

    const lead: Expr[] = [];
    const leadCount = name === 'assert' || name === 'write' || name === 'writeln' ? 1 : name === 'assert_eq' || name === 'assert_ne' ? 2 : 0;
    for (let i = 0; i < leadCount; i++) {
      if (p.at(close)) p.expected(leadCount === 1 ? 'a condition' : 'two values to compare');
      lead.push(parseExpr(p));
      if (!p.at(close)) p.expect(',', `\`,\` or \`${close}\``);
      else if (i + 1 < leadCount) p.expected('`,` and a second value');
    }

    let format: FormatString | null = null;
    const args: Expr[] = [];
    if (!p.at(close)) {
      if (!p.at('str')) {
        p.fail('format argument must be a string literal', p.tok.span, 'write `' + name + '!("{}", value)`');
      }
      format = parseFormatString(p, p.next());
      while (p.eat(',')) {
        if (p.at(close)) break;
        if (p.at('ident') && p.peek().kind === '=') {
          p.fail('named format arguments are not supported; use {name} to capture a variable', p.tok.span);
        }
        args.push(parseExpr(p));
      }
    } else if (FORMAT_MACROS.has(name) && !FORMAT_OPTIONAL.has(name)) {
      p.fail(`\`${name}!\` needs a format string`, p.tok.span, `write \`${name}!("...")\``);
    }
    p.expect(close, `\`,\` or \`${close}\``);
    const span = p.spanFrom(start);
    if (name === 'assert') return { kind: 'macro', name, form: 'assert', cond: lead[0], format, args, span };
    if (name === 'assert_eq' || name === 'assert_ne') {
      return { kind: 'macro', name, form: 'assertEq', left: lead[0], right: lead[1], format, args, span };
    }
    if (name === 'write' || name === 'writeln') return { kind: 'macro', name, form: 'format', format, args, span, target: lead[0] };
    return { kind: 'macro', name, form: 'format', format, args, span };
  });
}

function parseVec(p: Parser, start: { start: number }, close: TokenKind): MacroExpr {
  const elems: Expr[] = [];
  let repeat: { value: Expr; count: Expr } | null = null;
  if (!p.at(close)) {
    const first = parseExpr(p);
    if (p.eat(';')) {
      repeat = { value: first, count: parseExpr(p) };
    } else {
      elems.push(first);
      while (p.eat(',')) {
        if (p.at(close)) break;
        elems.push(parseExpr(p));
      }
    }
  }
  p.expect(close, `\`,\` or \`${close}\``);
  return { kind: 'macro', name: 'vec', form: 'vec', elems, repeat, span: p.spanFrom(start.start) };
}

// The syntax phase: source text -> tokens -> AST, and the AST back to text (`gossamer fmt`).

import { SourceFile } from '../source/index.js';
import { DiagnosticBag } from '../diag/index.js';
import { Module } from './ast.js';
import { lex } from './lexer.js';
import { NestingAbort, ParseAbort, Parser } from './parser.js';
import { parseItems } from './parse-item.js';

export * from './ast.js';
export { lex, type LexResult } from './lexer.js';
export { type Token, type TokenKind, type Comment, describeToken } from './token.js';
export { printModule, printExpr, printType, printPattern } from './printer.js';
export { chainOperand, chainBelow } from './chain.js';

/**
 * Parses one file. Never throws: errors go to `diags` and the returned module holds
 * whatever items could be parsed. The file's comments are attached for `gossamer fmt`.
 */
export function parseModule(file: SourceFile, diags: DiagnosticBag): Module {
  const span = { file: file.id, start: 0, end: file.text.length };
  const before = diags.items.length;
  const { tokens, comments, blankLines } = lex(file, diags);
  const p = new Parser(tokens, file.id, diags);
  p.quietAtEof = diags.items.slice(before).some(d => d.message.startsWith('unterminated'));
  let items: Module['items'] = [];
  try {
    items = parseItems(p, 'module', false);
  } catch (e) {
    // Stack exhaustion on pathological input, or a parser bug: report, never throw.
    if (e instanceof RangeError) diags.error('expression nested too deeply', p.tok.span);
    else if (!(e instanceof ParseAbort) && !(e instanceof NestingAbort)) diags.error(`internal parser error: ${(e as Error).message}`, p.tok.span);
  }
  return { file: file.id, items, span, comments, blankLines };
}

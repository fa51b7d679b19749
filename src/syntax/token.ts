// Token kinds produced by the lexer and consumed by the parser.
//
// A punctuation or keyword token's kind is its own text (`'=>'`, `'fn'`), so the parser
// reads like the grammar: `p.eat('=>')`, `p.at('fn')`. Literal tokens carry their decoded
// value; string tokens also carry where each decoded character came from, so the format
// string parser can point holes back into the source.

import { Span } from '../source/index.js';
import { Comment, LitValue } from './ast.js';

export type { Comment };

export const KEYWORDS = [
  'as', 'break', 'const', 'continue', 'crate', 'else', 'enum', 'false', 'fn', 'for', 'if',
  'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'self',
  'Self', 'static', 'struct', 'super', 'trait', 'true', 'type', 'use', 'where', 'while', 'dyn',
  'go', 'defer', 'select',
] as const;

export type Keyword = (typeof KEYWORDS)[number];

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export function isKeyword(s: string): s is Keyword {
  return KEYWORD_SET.has(s);
}

/** Punctuation, longest first so the lexer can match greedily. */
export const PUNCTUATION = [
  '<<=', '>>=', '...', '..=',
  '::', '->', '=>', '==', '!=', '<=', '>=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '^=',
  '&=', '|=', '<<', '>>', '..',
  '+', '-', '*', '/', '%', '^', '!', '&', '|', '=', '<', '>', '@', '.', ',', ';', ':', '#',
  '$', '?', '~', '{', '}', '[', ']', '(', ')', '_',
] as const;

export type Punct = (typeof PUNCTUATION)[number];

export type TokenKind =
  | 'ident'
  | 'int'
  | 'float'
  | 'str'
  | 'char'
  | 'label'      // 'outer
  | 'eof'
  | Keyword
  | Punct;

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for a label, including the quote). */
  text: string;
  span: Span;
  /** Decoded value of int, float, str and char tokens. */
  lit?: LitValue;
  /**
   * str tokens: source offset of each UTF-16 unit of the decoded value, plus one final
   * entry for the closing quote. Used to give format string holes precise spans.
   */
  offsets?: number[];
  /** A line break separates this token from the previous one (or it is the first). */
  newlineBefore: boolean;
}

/** How a token is named in "expected X, found Y" messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of file';
    case 'ident': return `identifier \`${t.text}\``;
    case 'int': return `integer literal \`${t.text}\``;
    case 'float': return `float literal \`${t.text}\``;
    case 'str': return 'string literal';
    case 'char': return `character literal \`${t.text}\``;
    case 'label': return `label \`${t.text}\``;
    default:
      return isKeyword(t.kind) ? `keyword \`${t.kind}\`` : `\`${t.kind}\``;
  }
}

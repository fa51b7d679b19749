// Format strings: `"x = {x:>8.3}, {{literal}}"` -> text and hole pieces.
//
//   hole   := '{' [arg] [':' spec] '}'        arg  := digits | identifier
//   spec   := [[fill] align] ['+'] ['#'] ['0'] [width] ['.' precision] [type]
//   align  := '<' | '>' | '^'                  type := '' | '?' | 'x' | 'X' | 'b' | 'o' | 'e' | 'E'
//
// Holes carry a span into the string literal (through the lexer's offset table, so
// escapes before a hole do not shift it). Whether the arguments match the holes is the
// checker's business.

import { Span } from '../source/index.js';
import { FormatArgRef, FormatPiece, FormatSpec, FormatString } from './ast.js';
import { Parser } from './parser.js';
import { Token } from './token.js';

const TYPES = new Set(['', '?', 'x', 'X', 'b', 'o', 'e', 'E']);

export function defaultFormatSpec(): FormatSpec {
  return { fill: ' ', align: null, sign: null, alternate: false, zero: false, width: null, precision: null, type: '' };
}

/** Parses the string literal token `tok` (already consumed) as a format string. */
export function parseFormatString(p: Parser, tok: Token): FormatString {
  const value = tok.lit?.kind === 'str' ? tok.lit.value : '';
  const offsets = tok.offsets ?? [];
  const at = (i: number): number => offsets[Math.min(i, offsets.length - 1)] ?? tok.span.start;
  const spanOf = (from: number, to: number): Span => ({ file: p.file, start: at(from), end: Math.max(at(from) + 1, at(to)) });

  const pieces: FormatPiece[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') pieces.push({ kind: 'text', text });
    text = '';
  };

  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '{') {
      if (value[i + 1] === '{') { text += '{'; i += 2; continue; }
      const close = value.indexOf('}', i + 1);
      const nextOpen = value.indexOf('{', i + 1);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        p.error('invalid format string: unmatched `{`', spanOf(i, i + 1), 'write `{{` for a literal `{`');
        text += c;
        i++;
        continue;
      }
      flush();
      const span = spanOf(i, close + 1);
      const hole = parseHole(value.slice(i + 1, close));
      if (typeof hole === 'string') p.error(`invalid format string: ${hole}`, span);
      else pieces.push({ kind: 'hole', arg: hole.arg, spec: hole.spec, span });
      i = close + 1;
    } else if (c === '}') {
      if (value[i + 1] === '}') { text += '}'; i += 2; continue; }
      p.error('invalid format string: unmatched `}`', spanOf(i, i + 1), 'write `}}` for a literal `}`');
      text += c;
      i++;
    } else {
      text += c;
      i++;
    }
  }
  flush();
  return { pieces, span: tok.span };
}

/** The inside of `{...}`: the argument and the spec, or a message saying what is wrong. */
function parseHole(inner: string): { arg: FormatArgRef; spec: FormatSpec } | string {
  const colon = inner.indexOf(':');
  const argText = colon < 0 ? inner : inner.slice(0, colon);
  let arg: FormatArgRef;
  if (argText === '') arg = { kind: 'next' };
  else if (/^[0-9]+$/.test(argText)) arg = { kind: 'index', index: Number(argText) };
  else if (/^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(argText)) arg = { kind: 'name', name: argText };
  else return `\`${argText}\` is not an argument index or a name`;
  if (colon < 0) return { arg, spec: defaultFormatSpec() };
  const spec = parseSpec(inner.slice(colon + 1));
  return typeof spec === 'string' ? spec : { arg, spec };
}

function parseSpec(s: string): FormatSpec | string {
  const spec = defaultFormatSpec();
  const chars = [...s];   // code points, so a fill may be any character
  let i = 0;
  const isAlign = (c: string | undefined): c is '<' | '>' | '^' => c === '<' || c === '>' || c === '^';
  if (chars.length >= 2 && isAlign(chars[1])) {
    spec.fill = chars[0];
    spec.align = chars[1];
    i = 2;
  } else if (isAlign(chars[0])) {
    spec.align = chars[0];
    i = 1;
  }
  if (chars[i] === '+') { spec.sign = '+'; i++; }
  else if (chars[i] === '-') return 'the `-` flag is not supported';
  if (chars[i] === '#') { spec.alternate = true; i++; }
  if (chars[i] === '0' && (i + 1 >= chars.length || chars[i + 1] !== '$')) { spec.zero = true; i++; }
  let digits = '';
  while (i < chars.length && /[0-9]/.test(chars[i])) digits += chars[i++];
  if (digits !== '') spec.width = Number(digits);
  if (chars[i] === '$') return 'width arguments (`name$`) are not supported';
  if (chars[i] === '.') {
    i++;
    let prec = '';
    while (i < chars.length && /[0-9]/.test(chars[i])) prec += chars[i++];
    if (prec === '') return chars[i] === '*' ? 'precision `.*` is not supported' : 'expected digits after `.` in a format spec';
    spec.precision = Number(prec);
  }
  const type = chars.slice(i).join('');
  if (!TYPES.has(type)) return `unknown format type \`${type}\` (expected one of \`?\`, \`x\`, \`X\`, \`b\`, \`o\`, \`e\`, \`E\`)`;
  spec.type = type as FormatSpec['type'];
  return spec;
}

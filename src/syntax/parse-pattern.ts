// Patterns: `_`, bindings (`mut x`, `ref x`, `x @ p`), literals (also negative), ranges
// (`1..=5`, `'a'..='z'`, `..=9`, `0..`), tuples, `Some(x)`, `S { a, b: c, .. }`, paths,
// or-patterns (`A | B`, leading `|` allowed), `..` rest, `&p`.
//
// A lone identifier is always a BindingPat: whether `None` or `MAX` names a unit variant
// or a constant is the checker's call.

import { FieldPat, Ident, LitValue, PathExpr, Pattern } from './ast.js';
import { Parser } from './parser.js';
import { atPathStart, parseGenericArgs, parsePathIdent } from './parse-type.js';

/** A full pattern, or-patterns included (`| A | B`). */
export function parsePattern(p: Parser): Pattern {
  return p.nested(() => {
    const start = p.tok.span;
    p.eat('|');
    const first = parsePatternNoOr(p);
    if (!p.at('|')) return first;
    const alts = [first];
    while (p.eat('|')) alts.push(parsePatternNoOr(p));
    return { kind: 'or', alts, span: p.spanFrom(start) };
  });
}

/** A pattern without top-level `|` (closure parameters, `x @ p` subpatterns). */
export function parsePatternNoOr(p: Parser): Pattern {
  return p.nested(() => parsePrimaryPattern(p));
}

function parsePrimaryPattern(p: Parser): Pattern {
  const start = p.tok.span;
  const k = p.tok.kind;

  switch (k) {
    case '_':
      p.next();
      return { kind: 'wildcard', span: start };
    case '..':
      p.next();
      return { kind: 'rest', span: start };
    case '..=': {
      p.next();
      const end = parseLitValue(p, 'range end');
      return { kind: 'range', start: null, end, inclusive: true, span: p.spanFrom(start) };
    }
    case '&':
    case '&&': {
      const double = p.next().kind === '&&';
      p.eat('mut');
      const pat = parsePatternNoOr(p);
      const inner: Pattern = { kind: 'ref', pat, span: p.spanFrom(start) };
      return double ? { kind: 'ref', pat: inner, span: p.spanFrom(start) } : inner;
    }
    case '(': {
      p.next();
      const elems: Pattern[] = [];
      let trailingComma = false;
      while (!p.at(')')) {
        elems.push(parsePattern(p));
        trailingComma = false;
        if (!p.eat(',')) break;
        trailingComma = true;
      }
      p.expect(')', '`,` or `)`');
      if (elems.length === 1 && !trailingComma && elems[0].kind !== 'rest') return elems[0];  // (p) is p
      return { kind: 'tuple', elems, span: p.spanFrom(start) };
    }
    case '[':
      return p.fail('slice patterns are not supported', start);
    case 'mut':
    case 'ref': {
      p.next();
      let mutable = k === 'mut';
      if (k === 'ref' && p.eat('mut')) mutable = true;
      return parseBindingRest(p, start, mutable);
    }
    case 'int': case 'float': case 'str': case 'char': case 'true': case 'false': case '-':
      return parseLitOrRange(p);
  }

  if (atPathStart(p)) {
    const path = parsePatternPath(p);
    if (p.at('(')) {
      p.next();
      const elems: Pattern[] = [];
      while (!p.at(')')) {
        elems.push(parsePattern(p));
        if (!p.eat(',')) break;
      }
      p.expect(')', '`,` or `)`');
      return { kind: 'tupleStruct', path, elems, span: p.spanFrom(start) };
    }
    if (p.at('{')) return parseStructPattern(p, path);
    const single = path.segments.length === 1 && path.segments[0].generics === null
      && path.segments[0].name.name !== 'Self' && path.segments[0].name.name !== 'self'
      && path.segments[0].name.name !== 'super' && path.segments[0].name.name !== 'crate';
    if (single) {
      const name = path.segments[0].name;
      const sub = p.eat('@') ? parsePatternNoOr(p) : null;
      return { kind: 'binding', name, mutable: false, sub, span: p.spanFrom(start) };
    }
    return { kind: 'path', path, span: path.span };
  }
  return p.expected('pattern');
}

/** After `mut` / `ref` / `ref mut`: the identifier and an optional `@ subpattern`. (`ref` means nothing here: bindings already share objects.) */
function parseBindingRest(p: Parser, start: { start: number }, mutable: boolean): Pattern {
  if (!p.at('ident')) return p.expected('identifier');
  const t = p.next();
  const name: Ident = { name: t.text, span: t.span };
  const sub = p.eat('@') ? parsePatternNoOr(p) : null;
  return { kind: 'binding', name, mutable, sub, span: p.spanFrom(start.start) };
}

/** A path in a pattern: `Shape::Rect`, `Option::<int>::Some`, `Self::A`. */
function parsePatternPath(p: Parser): PathExpr {
  const start = p.tok.span;
  const segments: PathExpr['segments'] = [];
  for (;;) {
    const name = parsePathIdent(p);
    let generics = null;
    if (p.at('::') && p.peek().kind === '<') {
      p.next();
      generics = parseGenericArgs(p);
    }
    segments.push({ name, generics });
    if (!p.eat('::')) break;
  }
  return { kind: 'path', segments, span: p.spanFrom(start) };
}

function parseStructPattern(p: Parser, path: PathExpr): Pattern {
  p.expect('{');
  const fields: FieldPat[] = [];
  let rest = false;
  while (!p.at('}')) {
    if (p.at('..')) {
      p.next();
      rest = true;
      if (!p.at('}')) p.expected('`}` after `..`');
      break;
    }
    const fstart = p.tok.span;
    if (p.at('mut') || p.at('ref')) {
      const isRef = p.next().kind === 'ref';
      let mutable = !isRef;
      if (isRef && p.eat('mut')) mutable = true;
      const pat = parseBindingRest(p, fstart, mutable);
      const name = (pat as { name: Ident }).name;
      fields.push({ name, pat, shorthand: true, span: p.spanFrom(fstart) });
    } else {
      let name: Ident;
      if (p.at('ident') || p.at('int')) {
        const t = p.next();
        name = { name: t.text, span: t.span };
      } else {
        return p.expected('field name');
      }
      if (p.eat(':')) {
        const pat = parsePattern(p);
        fields.push({ name, pat, shorthand: false, span: p.spanFrom(fstart) });
      } else {
        const pat: Pattern = { kind: 'binding', name, mutable: false, sub: null, span: name.span };
        fields.push({ name, pat, shorthand: true, span: name.span });
      }
    }
    if (!p.eat(',')) break;
  }
  p.expect('}', '`,` or `}`');
  return { kind: 'struct', path, fields, rest, span: p.spanFrom(path.span) };
}

/** A literal pattern, or a range pattern starting with a literal. */
function parseLitOrRange(p: Parser): Pattern {
  const start = p.tok.span;
  const lit = parseLitValue(p, 'literal');
  if (p.at('..=') || p.at('..') || p.at('...')) {
    const op = p.next();
    if (op.kind === '...') p.error('`...` range patterns are written `..=`', op.span);
    const inclusive = op.kind !== '..';
    const end = inclusive || atLitStart(p) ? parseLitValue(p, 'range end') : null;
    return { kind: 'range', start: lit, end, inclusive, span: p.spanFrom(start) };
  }
  return { kind: 'lit', lit, span: p.spanFrom(start) };
}

function atLitStart(p: Parser): boolean {
  const k = p.tok.kind;
  return k === 'int' || k === 'float' || k === 'char' || k === '-';
}

/** A literal value, with an optional leading `-` on numbers. */
function parseLitValue(p: Parser, what: string): LitValue {
  const t = p.tok;
  if (t.kind === '-') {
    p.next();
    const n = p.tok;
    if (n.kind === 'int' && n.lit?.kind === 'int') { p.next(); return { ...n.lit, value: -n.lit.value, raw: '-' + n.text }; }
    if (n.kind === 'float' && n.lit?.kind === 'float') { p.next(); return { ...n.lit, value: -n.lit.value, raw: '-' + n.text }; }
    return p.expected('number after `-`');
  }
  if ((t.kind === 'int' || t.kind === 'float' || t.kind === 'str' || t.kind === 'char') && t.lit) {
    p.next();
    return t.lit;
  }
  if (t.kind === 'true' || t.kind === 'false') {
    p.next();
    return { kind: 'bool', value: t.kind === 'true' };
  }
  return p.expected(what);
}

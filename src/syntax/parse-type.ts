// Types: paths with generic arguments, tuples, `()`, `[T; N]`, `[T]`, `fn(A) -> R`,
// `dyn A + B`, `&T`, `&mut T`, `_`, `!`.

import { AssocBinding, Ident, PathSegment, PathType, Type } from './ast.js';
import { Parser } from './parser.js';
import { parseExpr } from './parse-expr.js';

export function parseType(p: Parser): Type {
  return p.nested(() => parseTypeInner(p));
}

function parseTypeInner(p: Parser): Type {
  const start = p.tok.span;
  switch (p.tok.kind) {
    case '(': {
      p.next();
      const elems: Type[] = [];
      let trailingComma = false;
      while (!p.at(')')) {
        elems.push(parseType(p));
        trailingComma = false;
        if (!p.eat(',')) break;
        trailingComma = true;
      }
      p.expect(')', '`,` or `)`');
      if (elems.length === 1 && !trailingComma) return elems[0];  // (T) is T
      return { kind: 'tuple', elems, span: p.spanFrom(start) };
    }
    case '[': {
      p.next();
      const elem = parseType(p);
      if (p.eat(';')) {
        const len = p.unrestricted(() => parseExpr(p));
        p.expect(']');
        return { kind: 'array', elem, len, span: p.spanFrom(start) };
      }
      p.expect(']', '`;` or `]`');
      return { kind: 'slice', elem, span: p.spanFrom(start) };
    }
    case 'fn': {
      p.next();
      p.expect('(');
      const params: Type[] = [];
      while (!p.at(')')) {
        params.push(parseType(p));
        if (!p.eat(',')) break;
      }
      p.expect(')', '`,` or `)`');
      const ret = p.eat('->') ? parseType(p) : null;
      return { kind: 'fn', params, ret, span: p.spanFrom(start) };
    }
    case 'dyn': {
      p.next();
      const traits = parseBounds(p);
      return { kind: 'dyn', traits, span: p.spanFrom(start) };
    }
    case '&':
    case '&&': {
      const double = p.next().kind === '&&';
      if (p.at('label')) p.fail('lifetimes are not part of Gossamer', p.tok.span, 'remove the lifetime: write `&T`');
      const mutable = p.eat('mut') !== null;
      const inner = parseType(p);
      const ref: Type = { kind: 'ref', mutable, inner, span: p.spanFrom(start) };
      return double ? { kind: 'ref', mutable: false, inner: ref, span: p.spanFrom(start) } : ref;
    }
    case '_':
      p.next();
      return { kind: 'infer', span: start };
    case '!':
      p.next();
      return { kind: 'never', span: start };
    case 'impl':
      return p.fail('`impl Trait` types are not supported', start, 'use a generic parameter `<T: Trait>` or `dyn Trait`');
    default:
      if (atPathStart(p)) return parsePathType(p);
      return p.expected('type');
  }
}

/** Tokens that can begin a path: identifiers and the path keywords. */
export function atPathStart(p: Parser): boolean {
  const k = p.tok.kind;
  return k === 'ident' || k === 'self' || k === 'Self' || k === 'super' || k === 'crate';
}

/** One path segment name: an identifier or `self`/`Self`/`super`/`crate`. */
export function parsePathIdent(p: Parser): Ident {
  if (!atPathStart(p)) return p.expected('identifier');
  const t = p.next();
  return { name: t.text, span: t.span };
}

/** `a::b::C<T>`: in type position `<` directly opens generic arguments (`::<` also accepted). */
export function parsePathType(p: Parser): PathType {
  const start = p.tok.span;
  const segments: PathSegment[] = [];
  for (;;) {
    const name = parsePathIdent(p);
    let generics: Type[] | null = null;
    let bindings: AssocBinding[] | undefined;
    if (p.at('<') || (p.at('::') && p.peek().kind === '<')) {
      p.eat('::');
      const a = parseGenericArgsAndBindings(p);
      generics = a.args;
      if (a.bindings.length) bindings = a.bindings;
    }
    segments.push(bindings ? { name, generics, bindings } : { name, generics });
    if (p.at('::') && p.peek().kind !== '<') {
      p.next();
      continue;
    }
    break;
  }
  return { kind: 'path', segments, span: p.spanFrom(start) };
}

/** `<A, B<C>>` with the cursor on `<`. */
export function parseGenericArgs(p: Parser): Type[] {
  const start = p.tok.span;
  const { args, bindings } = parseGenericArgsAndBindings(p);
  if (bindings.length) p.fail('associated type bindings such as `Item = T` belong in trait bounds', p.spanFrom(start));
  return args;
}

/** `<A, B, Item = C>`: type arguments, then associated type bindings (in type paths). */
function parseGenericArgsAndBindings(p: Parser): { args: Type[]; bindings: AssocBinding[] } {
  p.expect('<');
  const args: Type[] = [];
  const bindings: AssocBinding[] = [];
  for (;;) {
    if (p.eatGt()) break;
    const ty = parseType(p);
    if (p.at('=') && ty.kind === 'path' && ty.segments.length === 1 && !ty.segments[0].generics) {
      p.next();
      bindings.push({ name: ty.segments[0].name, ty: parseType(p) });
    } else if (bindings.length) {
      p.fail('type arguments must come before associated type bindings', ty.span);
    } else {
      args.push(ty);
    }
    if (!p.eat(',')) {
      if (!p.eatGt()) p.expected('`,` or `>`');
      break;
    }
  }
  return { args, bindings };
}

/** `Ord + Clone` (a `+`-separated list of trait paths). */
export function parseBounds(p: Parser): PathType[] {
  const bounds: PathType[] = [parseBound(p)];
  while (p.eat('+')) bounds.push(parseBound(p));
  return bounds;
}

function parseBound(p: Parser): PathType {
  if (p.at('?')) p.fail('`?Trait` bounds are not supported');
  if (p.at('label')) p.fail('lifetimes are not part of Gossamer', p.tok.span, 'remove the lifetime; values are garbage collected');
  if (!atPathStart(p)) p.expected('trait name');
  return parsePathType(p);
}

// Items: fn, struct, enum, impl, trait, const, static, use, mod, type; attributes,
// visibility, generic parameters and where clauses.

import {
  Attribute, ConstItem, EnumItem, FieldDef, FnItem, FnParam, GenericParam, Generics, Ident,
  ImplItem, Item, ModItem, SelfParam, StaticItem, StructItem, StructShape, TraitItem,
  TupleFieldDef, Type, TypeAliasItem, UseItem, UseTree, VariantDef, WherePredicate,
} from './ast.js';
import { ParseAbort, Parser } from './parser.js';
import { Span } from '../source/index.js';
import { describeToken } from './token.js';
import { parseExpr } from './parse-expr.js';
import { parseBlock } from './parse-stmt.js';
import { parsePattern } from './parse-pattern.js';
import { parseBounds, parsePathIdent, parseType } from './parse-type.js';

/** Where an item appears; decides which parts are optional (trait bodies, impl members). */
export type ItemContext = 'module' | 'block' | 'impl' | 'trait';

export function atItemStart(p: Parser): boolean {
  switch (p.tok.kind) {
    case 'fn': case 'struct': case 'enum': case 'impl': case 'trait': case 'const':
    case 'static': case 'use': case 'mod': case 'type': case 'pub': case '#':
      return true;
    default:
      return false;
  }
}

/**
 * Items until end of file (`nested` false) or until the `}` closing an `impl`, `trait` or
 * `mod { }` (`nested` true). A bad item is reported and skipped.
 */
export function parseItems(p: Parser, ctx: ItemContext, nested: boolean): Item[] {
  const items: Item[] = [];
  while (!p.at('eof') && !(nested && p.at('}'))) {
    const from = p.pos;
    try {
      items.push(parseItem(p, ctx));
    } catch (e) {
      if (!(e instanceof ParseAbort)) throw e;
      p.recoverItem(from, nested);
      if (p.pos === from && !p.at('eof') && !(nested && p.at('}'))) p.next();
    }
  }
  return items;
}

export function parseItem(p: Parser, ctx: ItemContext): Item {
  const start = p.tok.span;
  const attrs = parseAttributes(p);
  const pub = parseVisibility(p);
  switch (p.tok.kind) {
    case 'fn': return parseFn(p, start, attrs, pub, ctx);
    case 'struct': return parseStruct(p, start, attrs, pub);
    case 'enum': return parseEnum(p, start, attrs, pub);
    case 'impl': return parseImpl(p, start, attrs, pub);
    case 'trait': return parseTrait(p, start, attrs, pub);
    case 'const': return parseConst(p, start, attrs, pub, ctx);
    case 'static': return parseStatic(p, start, attrs, pub);
    case 'use': return parseUse(p, start, attrs, pub);
    case 'mod': return parseMod(p, start, attrs, pub);
    case 'type': return parseTypeAlias(p, start, attrs, pub, ctx);
    case 'let':
      if (ctx === 'module') {
        return p.fail('expected item, found keyword `let`', p.tok.span, 'use `const` or `static` for a global value');
      }
      return p.expected('item');
    default:
      return p.fail(`expected item (\`fn\`, \`struct\`, \`enum\`, \`impl\`, ...), found ${describeToken(p.tok)}`);
  }
}

// ---------------------------------------------------------------- attributes, visibility, generics

/** `#[name]`, `#[name(A, B)]` */
function parseAttributes(p: Parser): Attribute[] {
  const attrs: Attribute[] = [];
  while (p.at('#')) {
    const start = p.next().span;
    if (p.at('!')) p.fail('inner attributes `#![...]` are not supported');
    p.expect('[', '`[` after `#`');
    const nameTok = p.tok;
    if (nameTok.kind !== 'ident') p.expected('attribute name');
    p.next();
    const args: Ident[] = [];
    if (p.eat('(')) {
      while (!p.at(')')) {
        const a = p.tok;
        if (a.kind !== 'ident' && a.kind !== 'str') p.expected('identifier in attribute arguments');
        p.next();
        // `#[import("exit")]` and `#[import(exit)]` mean the same.
        const name = a.kind === 'str' && a.lit?.kind === 'str' ? a.lit.value : a.text;
        args.push({ name, span: a.span });
        if (!p.eat(',')) break;
      }
      p.expect(')', '`,` or `)`');
    } else if (p.at('=')) {
      p.fail('attributes of the form `#[name = value]` are not supported');
    }
    p.expect(']');
    attrs.push({ name: nameTok.text, args, span: p.spanFrom(start) });
  }
  return attrs;
}

/** `pub`, `pub(crate)`, `pub(super)`, `pub(self)`, `pub(in path)`: all mean exported. */
function parseVisibility(p: Parser): boolean {
  if (!p.eat('pub')) return false;
  if (p.at('(')) {
    const k = p.peek().kind;
    if (k === 'crate' || k === 'super' || k === 'self') {
      p.next(); p.next();
      p.expect(')');
    } else if (k === 'in') {
      p.next(); p.next();
      do parsePathIdent(p); while (p.eat('::'));
      p.expect(')');
    }
  }
  return true;
}

function parseName(p: Parser, what: string): Ident {
  if (!p.at('ident')) p.expected(what);
  const t = p.next();
  return { name: t.text, span: t.span };
}

/** `<T, U: Ord + Clone>` (optional). */
function parseGenericParams(p: Parser): GenericParam[] {
  const params: GenericParam[] = [];
  if (!p.eat('<')) return params;
  while (!p.eatGt()) {
    const start = p.tok.span;
    if (p.at('label')) p.fail('lifetimes are not part of Gossamer', p.tok.span, 'remove the lifetime parameter');
    if (p.at('const')) p.fail('const generic parameters are not supported');
    const name = parseName(p, 'generic parameter name');
    const bounds = p.eat(':') ? parseBounds(p) : [];
    if (p.at('=')) p.fail('default generic parameters are not supported');
    params.push({ name, bounds, span: p.spanFrom(start) });
    if (!p.eat(',')) {
      p.expectGt();
      break;
    }
  }
  return params;
}

/** `where T: Ord, U: Clone + Debug` (optional). */
function parseWhere(p: Parser): WherePredicate[] {
  const preds: WherePredicate[] = [];
  if (!p.eat('where')) return preds;
  while (!p.at('{') && !p.at(';') && !p.at('eof')) {
    const start = p.tok.span;
    const ty = parseType(p);
    p.expect(':', '`:` after the type in a where clause');
    const bounds = parseBounds(p);
    preds.push({ ty, bounds, span: p.spanFrom(start) });
    if (!p.eat(',')) break;
  }
  return preds;
}

function parseGenerics(p: Parser): Generics {
  return { params: parseGenericParams(p), where: [] };
}

// ---------------------------------------------------------------- fn

function parseFn(p: Parser, start: Span, attrs: Attribute[], pub: boolean, ctx: ItemContext): FnItem {
  p.expect('fn');
  const name = parseName(p, 'function name');
  const generics = parseGenerics(p);
  p.expect('(', '`(` to start the parameter list');
  let selfParam: SelfParam | null = null;
  const params: FnParam[] = [];
  const sp = parseSelfParam(p);
  if (sp) {
    selfParam = sp;
    if (!p.at(')')) p.expect(',', '`,` or `)`');
  }
  while (!p.at(')')) {
    const pstart = p.tok.span;
    if (p.at('self') || ((p.at('&') || p.at('mut')) && p.peek().kind === 'self')) {
      p.fail('`self` must be the first parameter');
    }
    const pat = parsePattern(p);
    p.expect(':', '`:` and a parameter type');
    const ty = parseType(p);
    params.push({ pat, ty, span: p.spanFrom(pstart) });
    if (!p.eat(',')) break;
  }
  p.expect(')', '`,` or `)`');
  const ret = p.eat('->') ? parseType(p) : null;
  generics.where = parseWhere(p);
  let body = null;
  if (p.at('{')) {
    body = parseBlock(p, null);
  } else if (p.at(';') && (ctx === 'trait' || attrs.some(a => a.name === 'intrinsic' || a.name === 'import' || a.name === 'extern'))) {
    p.next();   // a trait method without default, or a function the compiler provides
  } else {
    p.expected(ctx === 'trait' ? '`{` or `;`' : '`{` to start the function body');
  }
  return { kind: 'fn', name, generics, selfParam, params, ret, body, attrs, pub, span: p.spanFrom(start) };
}

/** `self`, `mut self`, `&self`, `&mut self`, `self: T` */
function parseSelfParam(p: Parser): SelfParam | null {
  const start = p.tok.span;
  const k0 = p.tok.kind;
  const k1 = p.peek().kind;
  const k2 = p.peek(2).kind;
  let len = 0;
  if (k0 === 'self') len = 1;
  else if ((k0 === 'mut' || k0 === '&') && k1 === 'self') len = 2;
  else if (k0 === '&' && k1 === 'mut' && k2 === 'self') len = 3;
  if (len === 0) return null;
  for (let i = 0; i < len; i++) p.next();
  if (p.eat(':')) parseType(p);
  return { kind: 'self', span: p.spanFrom(start) };
}

// ---------------------------------------------------------------- struct and enum

function parseStruct(p: Parser, start: Span, attrs: Attribute[], pub: boolean): StructItem {
  p.expect('struct');
  const name = parseName(p, 'struct name');
  const generics = parseGenerics(p);
  let shape: StructShape;
  if (p.at('(')) {
    shape = { kind: 'tuple', fields: parseTupleFields(p) };
    generics.where = parseWhere(p);
    p.expect(';', '`;` after a tuple struct');
  } else {
    generics.where = parseWhere(p);
    if (p.eat(';')) shape = { kind: 'unit' };
    else if (p.at('{')) shape = { kind: 'named', fields: parseNamedFields(p) };
    else return p.expected('`{`, `(` or `;` after the struct name');
  }
  return { kind: 'struct', name, generics, shape, attrs, pub, span: p.spanFrom(start) };
}

function parseNamedFields(p: Parser): FieldDef[] {
  p.expect('{');
  const fields: FieldDef[] = [];
  while (!p.at('}')) {
    parseAttributes(p);
    const start = p.tok.span;
    const pub = parseVisibility(p);
    const name = parseName(p, 'field name');
    p.expect(':', '`:` and the field type');
    const ty = parseType(p);
    fields.push({ name, ty, pub, span: p.spanFrom(start) });
    if (!p.eat(',')) break;
  }
  p.expect('}', '`,` or `}`');
  return fields;
}

function parseTupleFields(p: Parser): TupleFieldDef[] {
  p.expect('(');
  const fields: TupleFieldDef[] = [];
  while (!p.at(')')) {
    parseAttributes(p);
    const start = p.tok.span;
    const pub = parseVisibility(p);
    const ty = parseType(p);
    fields.push({ ty, pub, span: p.spanFrom(start) });
    if (!p.eat(',')) break;
  }
  p.expect(')', '`,` or `)`');
  return fields;
}

function parseEnum(p: Parser, start: Span, attrs: Attribute[], pub: boolean): EnumItem {
  p.expect('enum');
  const name = parseName(p, 'enum name');
  const generics = parseGenerics(p);
  generics.where = parseWhere(p);
  p.expect('{', '`{` after the enum name');
  const variants: VariantDef[] = [];
  while (!p.at('}')) {
    parseAttributes(p);
    const vstart = p.tok.span;
    const vname = parseName(p, 'variant name');
    let shape: StructShape = { kind: 'unit' };
    if (p.at('(')) shape = { kind: 'tuple', fields: parseTupleFields(p) };
    else if (p.at('{')) shape = { kind: 'named', fields: parseNamedFields(p) };
    const discriminant = p.eat('=') ? parseExpr(p) : null;
    variants.push({ name: vname, shape, discriminant, span: p.spanFrom(vstart) });
    if (!p.eat(',')) break;
  }
  p.expect('}', '`,` or `}`');
  return { kind: 'enum', name, generics, variants, attrs, pub, span: p.spanFrom(start) };
}

// ---------------------------------------------------------------- impl and trait

function parseImpl(p: Parser, start: Span, attrs: Attribute[], pub: boolean): ImplItem {
  p.expect('impl');
  const generics = parseGenerics(p);
  const first = parseType(p);
  let trait = null;
  let selfTy: Type = first;
  if (p.eat('for')) {
    if (first.kind !== 'path') p.fail('expected a trait name before `for`', first.span);
    trait = first;
    selfTy = parseType(p);
  }
  generics.where = parseWhere(p);
  p.expect('{', '`{` to start the impl body');
  const items = memberItems(p, 'impl');
  p.expect('}');
  return { kind: 'impl', generics, trait, selfTy, items, attrs, pub, span: p.spanFrom(start) };
}

function parseTrait(p: Parser, start: Span, attrs: Attribute[], pub: boolean): TraitItem {
  p.expect('trait');
  const name = parseName(p, 'trait name');
  const generics = parseGenerics(p);
  const supertraits = p.eat(':') ? parseBounds(p) : [];
  generics.where = parseWhere(p);
  p.expect('{', '`{` to start the trait body');
  const items = memberItems(p, 'trait');
  p.expect('}');
  return { kind: 'trait', name, generics, supertraits, items, attrs, pub, span: p.spanFrom(start) };
}

/** The members of an impl or trait: fn, const and type only. */
function memberItems(p: Parser, ctx: 'impl' | 'trait'): (FnItem | ConstItem | TypeAliasItem)[] {
  const members: (FnItem | ConstItem | TypeAliasItem)[] = [];
  for (const item of parseItems(p, ctx, true)) {
    if (item.kind === 'fn' || item.kind === 'const' || item.kind === 'type') members.push(item);
    else p.error(`only \`fn\`, \`const\` and \`type\` items may appear in ${ctx === 'impl' ? 'an impl' : 'a trait'}`, item.span);
  }
  return members;
}

// ---------------------------------------------------------------- const, static, type

function parseConst(p: Parser, start: Span, attrs: Attribute[], pub: boolean, ctx: ItemContext): ConstItem {
  p.expect('const');
  if (p.at('fn')) p.fail('`const fn` is not supported; write `fn`');
  const name = p.at('_') ? { name: '_', span: p.next().span } : parseName(p, 'constant name');
  const ty = p.eat(':') ? parseType(p) : null;
  let value = null;
  if (p.eat('=')) value = parseExpr(p);
  else if (ctx !== 'trait') p.expected('`=` and the constant\'s value');
  p.expect(';');
  return { kind: 'const', name, ty, value, attrs, pub, span: p.spanFrom(start) };
}

function parseStatic(p: Parser, start: Span, attrs: Attribute[], pub: boolean): StaticItem {
  p.expect('static');
  const mutable = p.eat('mut') !== null;
  const name = parseName(p, 'static name');
  p.expect(':', '`:` and the static\'s type');
  const ty = parseType(p);
  p.expect('=', '`=` and the static\'s value');
  const value = parseExpr(p);
  p.expect(';');
  return { kind: 'static', name, mutable, ty, value, attrs, pub, span: p.spanFrom(start) };
}

function parseTypeAlias(p: Parser, start: Span, attrs: Attribute[], pub: boolean, ctx: ItemContext): TypeAliasItem {
  p.expect('type');
  const name = parseName(p, 'type name');
  const generics = parseGenerics(p);
  if (p.at(':')) p.fail('bounds on associated types are not supported');
  generics.where = parseWhere(p);
  let ty = null;
  if (p.eat('=')) ty = parseType(p);
  else if (ctx !== 'trait') p.expected('`=` and a type');
  p.expect(';');
  return { kind: 'type', name, generics, ty, attrs, pub, span: p.spanFrom(start) };
}

// ---------------------------------------------------------------- use and mod

function parseUse(p: Parser, start: Span, attrs: Attribute[], pub: boolean): UseItem {
  p.expect('use');
  const tree = parseUseTree(p);
  p.expect(';', '`;` after the `use` path');
  return { kind: 'use', tree, attrs, pub, span: p.spanFrom(start) };
}

/** `a::b`, `a::b as c`, `a::*`, `a::{b, c::d, e::*}` */
function parseUseTree(p: Parser): UseTree {
  const start = p.tok.span;
  const path: Ident[] = [];
  p.eat('::');
  for (;;) {
    if (p.at('*')) {
      p.next();
      return { path, kind: 'glob', alias: null, children: [], span: p.spanFrom(start) };
    }
    if (p.at('{')) {
      p.next();
      const children: UseTree[] = [];
      while (!p.at('}')) {
        children.push(p.nested(() => parseUseTree(p)));
        if (!p.eat(',')) break;
      }
      p.expect('}', '`,` or `}`');
      return { path, kind: 'nested', alias: null, children, span: p.spanFrom(start) };
    }
    path.push(parsePathIdent(p));
    if (p.eat('::')) continue;
    let alias: Ident | null = null;
    if (p.eat('as')) {
      if (p.at('_')) alias = { name: '_', span: p.next().span };
      else alias = parseName(p, 'name after `as`');
    }
    return { path, kind: 'simple', alias, children: [], span: p.spanFrom(start) };
  }
}

function parseMod(p: Parser, start: Span, attrs: Attribute[], pub: boolean): ModItem {
  p.expect('mod');
  const name = parseName(p, 'module name');
  let items = null;
  if (p.eat('{')) {
    items = parseItems(p, 'module', true);
    p.expect('}');
  } else {
    p.expect(';', '`;` or `{` after the module name');
  }
  return { kind: 'mod', name, items, attrs, pub, span: p.spanFrom(start) };
}

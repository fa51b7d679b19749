// Every name in the user's files and what it refers to: the index behind hover,
// go-to-definition and find-references. Built once per analysis from the AST and the
// checker's side tables (which name each path, method, field and binding resolved to).
//
// A symbol is identified by a key: the same key at two places means the same thing,
// so the references of a symbol are the occurrences with its key.

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';
import {
  AdtDef, CheckedFn, CheckerQueries, ConstDef, Def, FnDef, FnRef, LocalVar, ModuleDef, Res, StaticDef, TraitDef, Ty,
  TypeParamDef, VariantInfo, makeSubst, substTy,
} from '../check/index.js';
import { Analysis } from './analysis.js';
import { children, hasSpan, itemsOfFile } from './walk.js';

export type Sym =
  | { k: 'local'; local: LocalVar }
  | { k: 'fn'; def: FnDef; inst?: FnRef }
  | { k: 'adt'; def: AdtDef }
  | { k: 'variant'; adt: AdtDef; variant: VariantInfo }
  | { k: 'field'; adt: AdtDef | null; name: string; ty: Ty | null }
  | { k: 'trait'; def: TraitDef }
  | { k: 'value'; def: ConstDef | StaticDef }
  | { k: 'module'; def: ModuleDef }
  | { k: 'typeParam'; def: TypeParamDef }
  | { k: 'builtin'; name: string };   // int, String, a method built into the compiler

export interface Occurrence {
  span: Span;
  sym: Sym;
  /** This occurrence declares the symbol. */
  decl: boolean;
}

/** A key that is equal for the occurrences of one symbol. */
export function symKey(s: Sym): string {
  switch (s.k) {
    case 'local': return `local ${s.local.span.file}:${s.local.span.start}`;
    case 'fn': return `fn ${s.def.id}`;
    case 'adt': return `adt ${s.def.id}`;
    case 'variant': return s.adt.adt === 'struct' ? `adt ${s.adt.id}` : `variant ${s.adt.id} ${s.variant.name}`;
    case 'field': return s.adt ? `field ${s.adt.id} ${s.name}` : `tuple field ${s.name}`;
    case 'trait': return `trait ${s.def.id}`;
    case 'value': return `value ${s.def.id}`;
    case 'module': return `module ${s.def.path.join('::')}`;
    case 'typeParam': return `param ${s.def.id}`;
    case 'builtin': return `builtin ${s.name}`;
    default: { const n: never = s; return String(n); }
  }
}

/** Where a symbol is declared, if it is declared in source. */
export function symSpan(s: Sym): Span | undefined {
  switch (s.k) {
    case 'local': return s.local.span;
    case 'fn': return s.def.item.name.span;
    case 'adt': return s.def.item.name.span;
    case 'variant': return s.adt.adt === 'struct' ? s.adt.item.name.span : variantName(s.adt, s.variant) ?? s.variant.span;
    case 'field': return s.adt ? fieldName(s.adt, s.name) : undefined;
    case 'trait': return s.def.item?.name.span;
    case 'value': return s.def.item.name.span;
    case 'module': return undefined;
    case 'typeParam': return s.def.span;
    case 'builtin': return undefined;
    default: { const n: never = s; return n; }
  }
}

function variantName(adt: AdtDef, v: VariantInfo): Span | undefined {
  return adt.item.kind === 'enum' ? adt.item.variants.find(x => x.name.name === v.name)?.name.span : undefined;
}

function fieldName(adt: AdtDef, name: string): Span | undefined {
  for (const shape of adt.item.kind === 'struct' ? [adt.item.shape] : adt.item.variants.map(v => v.shape)) {
    if (shape.kind === 'named') {
      const f = shape.fields.find(x => x.name.name === name);
      if (f) return f.name.span;
    } else if (shape.kind === 'tuple') {
      const f = shape.fields[Number(name)];
      if (f) return f.span;
    }
  }
  return undefined;
}

export function symOfDef(d: Def): Sym | undefined {
  switch (d.kind) {
    case 'fn': return { k: 'fn', def: d };
    case 'adt': return { k: 'adt', def: d };
    case 'trait': return { k: 'trait', def: d };
    case 'const': case 'static': return { k: 'value', def: d };
    case 'module': return { k: 'module', def: d };
    case 'variant': return { k: 'variant', adt: d.adt, variant: d.variant };
    case 'builtinType': return { k: 'builtin', name: d.name };
    case 'alias': return undefined;
    default: { const n: never = d; return n; }
  }
}

function symOfRes(r: Res): Sym | undefined {
  switch (r.k) {
    case 'local': return { k: 'local', local: r.local };
    case 'fn': return { k: 'fn', def: r.fn.def, inst: r.fn };
    case 'variant': return { k: 'variant', adt: r.adt, variant: r.variant };
    case 'const': case 'static': return { k: 'value', def: r.def };
    default: return undefined;
  }
}

/** The body whose side tables describe an item: the abstract instance of generic code, else the first. */
export function bodyOf(query: CheckerQueries, item: ast.FnItem | ast.ConstItem | ast.StaticItem): CheckedFn | undefined {
  const bodies = query.bodiesOf(item);
  return bodies.find(b => b.args.some(a => a.k === 'param')) ?? bodies[0];
}

/** Every occurrence of a name in the user's file `file`, in no particular order. */
export function occurrencesIn(analysis: Analysis, file: number): Occurrence[] {
  const query = analysis.query;
  if (!analysis.root || !query) return [];
  const out: Occurrence[] = [];
  const { items, modPath } = itemsOfFile(analysis.root, file);
  const add = (span: Span, sym: Sym | undefined, decl = false) => {
    if (sym && span.file === file) out.push({ span, sym, decl });
  };

  /** `a::b::c` as types: every segment that names something. */
  const typePath = (mod: ModuleDef, segs: ast.PathSegment[], params: TypeParamDef[]) => {
    for (let i = 0; i < segs.length; i++) {
      const names = segs.slice(0, i + 1).map(s => s.name.name);
      const param = i === 0 && segs.length === 1 ? params.find(p => p.name === names[0]) : undefined;
      if (param) { add(segs[0].name.span, { k: 'typeParam', def: param }); continue; }
      const d = query.resolve(mod, names, 'types') ?? (i === segs.length - 1 ? query.resolve(mod, names, 'values') : undefined);
      if (d) add(segs[i].name.span, symOfDef(d));
    }
  };

  const visitItem = (item: ast.Item, mod: ModuleDef, path: string[], params: TypeParamDef[]): void => {
    switch (item.kind) {
      case 'fn': {
        const def = query.fnOf(item);
        if (def) add(item.name.span, { k: 'fn', def }, true);
        const own = def ? [...params, ...def.generics] : params;
        visitBody(item, mod, own, bodyOf(query, item));
        return;
      }
      case 'struct': case 'enum': {
        const def = query.adtOf(item);
        if (!def) return;
        add(item.name.span, { k: 'adt', def }, true);
        const shapes = item.kind === 'struct' ? [{ shape: item.shape, v: def.variants[0] }] : item.variants.map((v, i) => {
          add(v.name.span, def.variants[i] && { k: 'variant', adt: def, variant: def.variants[i] }, true);
          return { shape: v.shape, v: def.variants[i] };
        });
        for (const { shape } of shapes) {
          if (shape.kind === 'named') for (const f of shape.fields) add(f.name.span, { k: 'field', adt: def, name: f.name.name, ty: null }, true);
        }
        visitBody(item, mod, def.generics, undefined);
        return;
      }
      case 'trait': {
        const def = query.traitOf(item);
        if (def) add(item.name.span, { k: 'trait', def }, true);
        for (const m of item.items) visitItem(m, mod, path, def ? [def.selfParam, ...def.generics] : params);
        for (const s of item.supertraits) typePath(mod, s.segments, params);
        return;
      }
      case 'impl': {
        for (const m of item.items) visitItem(m, mod, path, params);
        const impl = query.implOf(item);
        const implParams = impl ? impl.generics : [];
        visitBody({ selfTy: item.selfTy, trait: item.trait, generics: item.generics } as object, mod, implParams, undefined);
        return;
      }
      case 'const': case 'static': {
        const def = query.valueOf(item);
        if (def) add(item.name.span, { k: 'value', def }, true);
        visitBody(item, mod, params, bodyOf(query, item));
        return;
      }
      case 'mod': {
        const inner = [...path, item.name.name];
        const child = query.moduleAt(inner);
        if (child !== mod) add(item.name.span, { k: 'module', def: child }, true);
        for (const i of item.items ?? []) visitItem(i, child, inner, []);
        return;
      }
      case 'use': {
        const tree = (t: ast.UseTree, prefix: ast.Ident[]): void => {
          const p = [...prefix, ...t.path];
          for (let i = 0; i < p.length; i++) {
            const names = p.slice(0, i + 1).map(s => s.name);
            const d = query.resolve(mod, names, 'types') ?? query.resolve(mod, names, 'values');
            if (d && p[i].span.file === file) add(p[i].span, symOfDef(d));
          }
          for (const c of t.children) tree(c, p);
        };
        tree(item.tree, []);
        return;
      }
      case 'type':
        visitBody(item, mod, params, undefined);
        return;
      default: { const n: never = item; void n; }
    }
  };

  /**
   * The names inside an item: paths, methods, fields and bindings through the checked
   * body's tables, type paths through the module's scope. Nested items are visited as
   * items of their own.
   */
  const visitBody = (root: object, mod: ModuleDef, params: TypeParamDef[], body: CheckedFn | undefined): void => {
    const visit = (x: object): void => {
      const node = x as { kind?: string };
      if (hasSpan(x) && x.span.file !== file) return;
      if (x !== root && (node.kind === 'fn' || node.kind === 'struct' || node.kind === 'enum' || node.kind === 'impl' || node.kind === 'trait' || node.kind === 'const' || node.kind === 'static' || node.kind === 'mod' || node.kind === 'use' || node.kind === 'type') && 'attrs' in x) {
        visitItem(x as ast.Item, mod, [], params);
        return;
      }
      if (body) visitChecked(x, body);
      if (node.kind === 'path' && 'segments' in x && !(body && body.res.has(x)) && !isExprPath(x, body)) typePath(mod, (x as ast.PathType).segments, params);
      for (const c of children(x)) visit(c);
    };
    visit(root);
  };

  /** A path expression or pattern's own entries in the body's tables. */
  const isExprPath = (x: object, body: CheckedFn | undefined): boolean => body !== undefined && body.exprTypes.has(x as ast.Expr);

  const visitChecked = (x: object, body: CheckedFn): void => {
    const node = x as ast.Expr | ast.Pattern;
    const res = body.res.get(x);
    if (res) {
      const segs = 'segments' in node ? (node as ast.PathExpr).segments
        : 'path' in node && (node as ast.StructLitExpr).path ? (node as ast.StructLitExpr).path.segments
        : node.kind === 'binding' ? [{ name: (node as ast.BindingPat).name, generics: null }] : [];
      if (segs.length) {
        add(segs[segs.length - 1].name.span, symOfRes(res));
        if (segs.length > 1) {
          const mod = body.def.module;
          const typePrefix = segs.slice(0, -1).map(s => s.name.name);
          const d = query.resolve(mod, typePrefix, 'types');
          if (d) add(segs[segs.length - 2].name.span, symOfDef(d));
        }
      }
      if (res.k === 'variant' && node.kind === 'structLit') {
        const s = makeSubst(res.adt.generics, res.args);
        for (const f of node.fields) add(f.name.span, { k: 'field', adt: res.adt, name: f.name.name, ty: fieldTy(res.variant, f.name.name, s) });
      }
      if (res.k === 'variant' && node.kind === 'struct') {
        for (const f of node.fields) add(f.name.span, { k: 'field', adt: res.adt, name: f.name.name, ty: null });
      }
    }
    if (node.kind === 'binding') {
      const v = body.bindings.get(node);
      if (v) add(node.name.span, { k: 'local', local: v }, true);
    }
    if (node.kind === 'methodCall') {
      const m = body.methods.get(node);
      if (m?.k === 'fn') add(node.method.span, { k: 'fn', def: m.fn.def, inst: m.fn });
      else if (m?.k === 'dyn') { const def = m.trait.methods.get(m.method); if (def) add(node.method.span, { k: 'fn', def }); }
      else if (m?.k === 'builtin') add(node.method.span, { k: 'builtin', name: node.method.name });
    }
    if (node.kind === 'field') {
      const ot = body.exprTypes.get(node.object);
      add(node.field.span, { k: 'field', adt: ot?.k === 'adt' ? ot.def : null, name: node.field.name, ty: body.exprTypes.get(node) ?? null });
    }
    if (node.kind === 'macro' && node.form === 'format' && node.format) {
      for (const piece of node.format.pieces) {
        if (piece.kind !== 'hole' || piece.arg.kind !== 'name') continue;
        const f = body.formats.get(piece);
        if (f?.res) add(piece.span, symOfRes(f.res));
      }
    }
  };

  for (const item of items) visitItem(item, query.moduleAt(modPath), modPath, []);
  return out;
}

function fieldTy(v: VariantInfo, name: string, s: Map<number, Ty>): Ty | null {
  const f = v.fields.find(x => x.name === name);
  return f ? substTy(f.ty, s) : null;
}

/** The occurrence at an offset (the innermost, for nested spans such as `{x}` holes). */
export function occurrenceAt(occurrences: Occurrence[], offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of occurrences) {
    if (o.span.start <= offset && offset <= o.span.end && (!best || o.span.end - o.span.start < best.span.end - best.span.start)) best = o;
  }
  return best;
}

// How the language server shows a symbol: the declaration line an editor puts in a hover
// or beside a completion (`pub fn push(self, x: int)`, instantiated where the use site
// knows the type arguments) and the `///` comment above the declaration.

import { SourceMap, Span } from '../source/index.js';
import { printPattern } from '../syntax/index.js';
import { FnDef, FnRef, Subst, Ty, makeSubst, substTy, tyToString, UNIT } from '../check/index.js';
import { Sym } from './occurrences.js';

export interface Description {
  /** Gossamer code: a declaration or a type. */
  code: string;
  /** Where it lives (`impl Vec<int>`, `std::math`), shown above the code. */
  container?: string;
  doc?: string;
}

export function describe(sym: Sym, sources: SourceMap): Description {
  const doc = (span: Span | undefined) => span ? docComment(sources, span) : undefined;
  switch (sym.k) {
    case 'local':
      return { code: `let ${sym.local.mutable ? 'mut ' : ''}${sym.local.name}: ${tyToString(sym.local.ty)}` };
    case 'fn': {
      const def = sym.def;
      const s = sym.inst ? makeSubst(def.generics, sym.inst.args) : undefined;
      return { code: fnSignature(def, s), container: fnContainer(def, s), doc: doc(def.item.span) };
    }
    case 'adt': {
      const d = sym.def;
      const generics = d.generics.length ? `<${d.generics.map(g => g.name).join(', ')}>` : '';
      // A library type shows only what its users can touch.
      const fields = (d.variants[0]?.fields ?? []).filter(f => f.pub || !d.module.privileged);
      const body = d.adt === 'struct'
        ? (fields.length || !d.module.privileged ? fieldsText(d.variants[0]?.shape ?? 'unit', fields) : '')
        : ` { ${d.variants.map(v => v.name + fieldsText(v.shape, v.fields)).join(', ')} }`;
      return { code: truncate(`${d.item.pub ? 'pub ' : ''}${d.adt} ${d.name}${generics}${body}`), container: modulePath(d.path), doc: doc(d.item.span) };
    }
    case 'variant': {
      const v = sym.variant;
      const owner = sym.adt.adt === 'struct' ? '' : `${sym.adt.name}::`;
      return { code: `${owner}${v.name}${fieldsText(v.shape, v.fields)}`, container: modulePath(sym.adt.path), doc: doc(v.span) };
    }
    case 'field': {
      const ty = sym.ty ?? fieldTy(sym);
      return { code: `${sym.name}: ${ty ? tyToString(ty) : '_'}`, container: sym.adt?.name, doc: doc(fieldSpan(sym)) };
    }
    case 'trait': {
      const t = sym.def;
      const sup = t.supertraits.length ? `: ${t.supertraits.map(s => s.trait.name).join(' + ')}` : '';
      return { code: `${t.item?.pub ? 'pub ' : ''}trait ${t.name}${sup}`, container: modulePath(t.path), doc: t.item ? doc(t.item.span) : undefined };
    }
    case 'value': {
      const d = sym.def;
      const head = d.kind === 'const' ? 'const' : d.mutable ? 'static mut' : 'static';
      return { code: `${d.item.pub ? 'pub ' : ''}${head} ${d.name}: ${tyToString(d.ty)}`, container: modulePath(d.path), doc: doc(d.item.span) };
    }
    case 'module':
      return { code: `mod ${sym.def.path.join('::') || 'crate'}` };
    case 'typeParam':
      return { code: sym.def.bounds.length ? `${sym.def.name}: ${sym.def.bounds.map(b => b.trait.name).join(' + ')}` : sym.def.name };
    case 'builtin':
      return { code: sym.name };
    default: { const n: never = sym; return n; }
  }
}

/** `pub fn name<T: Ord>(self, a: int) -> T`, with `s` applied to the types when given. */
export function fnSignature(def: FnDef, s?: Subst): string {
  const ty = (t: Ty) => tyToString(s ? substTy(t, s) : t);
  const own = def.generics.slice(def.ownGenericsStart);
  const generics = !s && own.length
    ? `<${own.map(g => g.bounds.length ? `${g.name}: ${g.bounds.map(b => b.trait.name).join(' + ')}` : g.name).join(', ')}>` : '';
  const params = def.item.params.map((p, i) => `${printPattern(p.pat)}: ${ty(def.params[i] ?? UNIT)}`);
  if (def.hasSelf) params.unshift('self');
  const ret = def.ret === UNIT || (def.ret.k === 'prim' && def.ret.name === 'unit') ? '' : ` -> ${ty(def.ret)}`;
  return `${def.item.pub ? 'pub ' : ''}fn ${def.name}${generics}(${params.join(', ')})${ret}`;
}

/** The parameters alone, as signature help shows them. */
export function fnParams(def: FnDef, s?: Subst): string[] {
  return def.item.params.map((p, i) => `${printPattern(p.pat)}: ${tyToString(s ? substTy(def.params[i] ?? UNIT, s) : def.params[i] ?? UNIT)}`);
}

function fnContainer(def: FnDef, s?: Subst): string | undefined {
  if (def.impl) {
    const self = tyToString(s ? substTy(def.impl.selfTy, s) : def.impl.selfTy);
    return def.impl.trait ? `impl ${def.impl.trait.trait.name} for ${self}` : `impl ${self}`;
  }
  if (def.trait) return `trait ${def.trait.name}`;
  return modulePath(def.path);
}

export function instanceSubst(ref: FnRef | undefined): Subst | undefined {
  return ref ? makeSubst(ref.def.generics, ref.args) : undefined;
}

function modulePath(path: string): string | undefined {
  const i = path.lastIndexOf('::');
  return i > 0 ? path.slice(0, i) : undefined;
}

function fieldsText(shape: 'named' | 'tuple' | 'unit', fields: { name: string; ty: Ty }[]): string {
  if (shape === 'unit') return '';
  if (shape === 'tuple') return `(${fields.map(f => tyToString(f.ty)).join(', ')})`;
  return ` { ${fields.map(f => `${f.name}: ${tyToString(f.ty)}`).join(', ')} }`;
}

function fieldTy(sym: Sym & { k: 'field' }): Ty | undefined {
  return sym.adt?.variants.flatMap(v => v.fields).find(f => f.name === sym.name)?.ty;
}

function fieldSpan(sym: Sym & { k: 'field' }): Span | undefined {
  return sym.adt?.variants.flatMap(v => v.fields).find(f => f.name === sym.name)?.span;
}

function truncate(text: string): string {
  return text.length > 300 ? text.slice(0, 297) + '...' : text;
}

/**
 * The comment block right above a declaration: its `///` lines, or else its plain `//`
 * lines (std documents itself both ways), without the markers.
 */
export function docComment(sources: SourceMap, span: Span): string | undefined {
  const file = sources.files[span.file];
  if (!file) return undefined;
  const { line } = sources.lineCol(span.file, span.start);
  const lines: string[] = [];
  for (let l = line - 1; l >= 1; l--) {
    const text = sources.lineText(span.file, l).trim();
    if (text.startsWith('#[')) continue;
    if (!text.startsWith('//')) break;
    lines.unshift(text);
  }
  const doc = lines.filter(l => l.startsWith('///'));
  // A plain comment block that opens the file is the file's header, not the item's.
  if (doc.length === 0 && line - lines.length <= 1) return undefined;
  const chosen = doc.length ? doc.map(l => l.slice(3)) : lines.map(l => l.slice(2));
  const text = chosen.map(l => l.startsWith(' ') ? l.slice(1) : l).join('\n').trim();
  return text || undefined;
}

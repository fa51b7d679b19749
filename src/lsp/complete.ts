// Completion: after `.`, the fields and methods of the receiver's type (from an analysis
// of the text with a placeholder name after the dot); after `::`, a module's items, an
// enum's variants, a type's associated functions and constants; elsewhere, the locals
// declared before the cursor, the module's items, the prelude and the keywords.

import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import * as ast from '../syntax/ast.js';
import { KEYWORDS } from '../syntax/token.js';
import { Def, Member, ModuleDef, STRING, Ty, prim, PrimName, tyToString } from '../check/index.js';
import { Analysis } from './analysis.js';
import { describe, docComment, fnSignature } from './describe.js';
import { bodyOf, symOfDef } from './occurrences.js';
import { PLACEHOLDER, patchToParse } from './patch.js';
import { locate, Node } from './walk.js';

export interface CompletionRequest {
  text: string;
  offset: number;
  /** The document's file path, to find it in an analysis. */
  path: string;
  /** The latest analysis of the document's crate (it may predate the last edit). */
  latest: Analysis;
  /** Analyzes the crate with the document's text replaced by `text`. */
  analyzeWith(text: string): Analysis;
}

const IDENT_TAIL = /[A-Za-z_][A-Za-z0-9_]*$/;

export function complete(req: CompletionRequest): CompletionItem[] {
  const before = req.text.slice(0, req.offset);
  const partial = IDENT_TAIL.exec(before)?.[0] ?? '';
  const start = req.offset - partial.length;
  const beforeWord = before.slice(0, start);
  if (/(^|[^.])\.\s*$/.test(beforeWord) && !/\d\.\s*$/.test(beforeWord)) return afterDot(req, start);
  const path = /((?:[A-Za-z_][A-Za-z0-9_]*\s*::[ \t]*)+)$/.exec(beforeWord);
  if (path) return afterPath(req, path[1].split('::').map(s => s.trim()).filter(s => s !== ''));
  return inScope(req);
}

function fileOf(a: Analysis, p: string): number {
  const id = a.paths.indexOf(p);
  return a.userFiles.includes(id) ? id : -1;
}

function moduleAt(a: Analysis, file: number, offset: number): { mod: ModuleDef; chain: Node[] } | undefined {
  if (!a.root || !a.query) return undefined;
  const { chain, modPath } = locate(a.root.items, file, offset);
  return { mod: a.query.moduleAt(modPath), chain };
}

// ------------------------------------------------------------ after `.`

function afterDot(req: CompletionRequest, start: number): CompletionItem[] {
  const end = start + (/^[A-Za-z0-9_]*/.exec(req.text.slice(start))?.[0].length ?? 0);
  const text = req.text.slice(0, start) + req.text.slice(end);
  const isMember = (chain: Node[]) => chain.some(n =>
    (n.kind === 'field' && (n as ast.FieldExpr).field.name === PLACEHOLDER) ||
    (n.kind === 'methodCall' && (n as ast.MethodCallExpr).method.name === PLACEHOLDER));
  const patched = patchToParse(text, start, [PLACEHOLDER, PLACEHOLDER + ';', PLACEHOLDER + ')', PLACEHOLDER + ');', PLACEHOLDER + '}'], start, isMember);
  if (!patched) return [];
  const a = req.analyzeWith(patched);
  const file = fileOf(a, req.path);
  const at = moduleAt(a, file, start);
  if (!at || !a.query) return [];
  const node = [...at.chain].reverse().find(n => n.kind === 'field' || n.kind === 'methodCall') as ast.FieldExpr | ast.MethodCallExpr | undefined;
  const owner = [...at.chain].reverse().find(n => n.kind === 'fn' || n.kind === 'const' || n.kind === 'static') as ast.FnItem | ast.ConstItem | ast.StaticItem | undefined;
  const body = owner && bodyOf(a.query, owner);
  const recv = node && body?.exprTypes.get(node.kind === 'field' ? node.object : node.receiver);
  if (!recv || recv.k === 'error' || recv.k === 'var') return [];
  return a.query.members(recv, at.mod).map(m => memberItem(m, a));
}

// ------------------------------------------------------------ after `::`

function afterPath(req: CompletionRequest, segs: string[]): CompletionItem[] {
  const a = req.latest;
  const at = moduleAt(a, fileOf(a, req.path), Math.min(req.offset, a.sources.files[fileOf(a, req.path)]?.text.length ?? 0));
  if (!at || !a.query) return [];
  const q = a.query;
  let ty: Ty | undefined;
  if (segs.length === 1 && segs[0] === 'Self') {
    const impl = [...at.chain].reverse().find(n => n.kind === 'impl') as ast.ImplItem | undefined;
    ty = impl && q.implOf(impl)?.selfTy;
  } else {
    const d = q.resolve(at.mod, segs, 'types');
    if (d?.kind === 'module') return q.moduleItems(d, at.mod).map(m => memberItem(m, a));
    ty = d && typeOfDef(d);
  }
  return ty ? q.associated(ty, at.mod).map(m => memberItem(m, a)) : [];
}

const PRIMS: Record<string, PrimName> = {
  int: 'i64', i8: 'i8', i16: 'i16', i32: 'i32', i64: 'i64', u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64',
  f32: 'f32', f64: 'f64', bool: 'bool', char: 'char', usize: 'u32', isize: 'i32',
};

function typeOfDef(d: Def): Ty | undefined {
  switch (d.kind) {
    case 'adt': return { k: 'adt', def: d, args: d.generics.map(g => ({ k: 'param', def: g })) };
    case 'trait': return { k: 'dyn', trait: d, args: [] };
    case 'builtinType': return d.name === 'String' ? STRING : PRIMS[d.name] ? prim(PRIMS[d.name]) : undefined;
    default: return undefined;
  }
}

// ------------------------------------------------------------ names in scope

function inScope(req: CompletionRequest): CompletionItem[] {
  const a = req.latest;
  const file = fileOf(a, req.path);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (item: CompletionItem) => { if (!seen.has(item.label)) { seen.add(item.label); items.push(item); } };
  const at = moduleAt(a, file, Math.min(req.offset, a.sources.files[file]?.text.length ?? 0));
  if (at && a.query) {
    const owner = [...at.chain].reverse().find(n => n.kind === 'fn') as ast.FnItem | undefined;
    const body = owner && bodyOf(a.query, owner);
    if (body) {
      const locals = [...body.bindings.values(), ...(body.selfLocal ? [body.selfLocal] : [])]
        .filter(v => v.span.file === file && v.span.end <= req.offset)
        .sort((x, y) => y.span.start - x.span.start);
      for (const v of locals) push({ label: v.name, kind: CompletionItemKind.Variable, detail: tyToString(v.ty) });
    }
    const prelude = a.query.prelude;
    for (const m of [...a.query.moduleItems(at.mod, at.mod), ...(prelude ? a.query.moduleItems(prelude, at.mod) : [])]) push(memberItem(m, a));
  }
  for (const k of KEYWORDS) push({ label: k, kind: CompletionItemKind.Keyword });
  for (const t of Object.keys(PRIMS)) push({ label: t, kind: CompletionItemKind.TypeParameter });
  push({ label: 'String', kind: CompletionItemKind.Struct });
  return items;
}

// ------------------------------------------------------------ items

function memberItem(m: Member, a: Analysis): CompletionItem {
  switch (m.kind) {
    case 'field':
      return { label: m.name, kind: CompletionItemKind.Field, detail: tyToString(m.ty), documentation: m.field.span.end > 0 ? docComment(a.sources, m.field.span) : undefined };
    case 'method': {
      const detail = fnSignature({ ...m.fn, params: m.params, ret: m.ret });
      return { label: m.name, kind: m.fn.hasSelf ? CompletionItemKind.Method : CompletionItemKind.Function, detail, documentation: docComment(a.sources, m.fn.item.span) };
    }
    case 'variant':
      return { label: m.name, kind: CompletionItemKind.EnumMember, detail: describe({ k: 'variant', adt: m.adt, variant: m.variant }, a.sources).code };
    case 'const':
      return { label: m.name, kind: CompletionItemKind.Constant, detail: tyToString(m.ty) };
    case 'item': {
      const sym = symOfDef(m.def);
      const d = sym ? describe(sym, a.sources) : undefined;
      return { label: m.name, kind: itemKind(m.def), detail: d?.code, documentation: d?.doc };
    }
    default: { const n: never = m; return n; }
  }
}

function itemKind(d: Def): CompletionItemKind {
  switch (d.kind) {
    case 'fn': return CompletionItemKind.Function;
    case 'adt': return d.adt === 'enum' ? CompletionItemKind.Enum : CompletionItemKind.Struct;
    case 'trait': return CompletionItemKind.Interface;
    case 'const': return CompletionItemKind.Constant;
    case 'static': return CompletionItemKind.Variable;
    case 'module': return CompletionItemKind.Module;
    case 'variant': return CompletionItemKind.EnumMember;
    case 'alias': case 'builtinType': return CompletionItemKind.TypeParameter;
    default: { const n: never = d; return n; }
  }
}

// Document symbols (the outline) and formatting: both need only the parse of one file.

import type { DocumentSymbol, TextEdit } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { DiagnosticBag } from '../diag/index.js';
import { SourceMap } from '../source/index.js';
import * as ast from '../syntax/ast.js';
import { parseModule, printModule, printType } from '../syntax/index.js';
import { rangeOf } from './convert.js';

export function documentSymbols(text: string): DocumentSymbol[] {
  const sources = new SourceMap();
  const file = sources.add('outline.gos', text);
  const module = parseModule(file, new DiagnosticBag());
  const symbol = (name: string, kind: SymbolKind, item: { span: ast.Item['span'] }, at: ast.Ident | null, children: DocumentSymbol[] = [], detail?: string): DocumentSymbol => ({
    name: name || '?', kind, range: rangeOf(sources, item.span), selectionRange: rangeOf(sources, (at ?? item).span),
    ...(detail ? { detail } : {}), ...(children.length ? { children } : {}),
  });
  const fields = (shape: ast.StructShape): DocumentSymbol[] =>
    shape.kind === 'named' ? shape.fields.map(f => symbol(f.name.name, SymbolKind.Field, f, f.name, [], printType(f.ty))) : [];
  const items = (list: ast.Item[], inTrait: boolean): DocumentSymbol[] => list.flatMap((item): DocumentSymbol[] => {
    switch (item.kind) {
      case 'fn': return [symbol(item.name.name, inTrait || item.selfParam ? SymbolKind.Method : SymbolKind.Function, item, item.name)];
      case 'struct': return [symbol(item.name.name, SymbolKind.Struct, item, item.name, fields(item.shape))];
      case 'enum': return [symbol(item.name.name, SymbolKind.Enum, item, item.name, item.variants.map(v => symbol(v.name.name, SymbolKind.EnumMember, v, v.name, fields(v.shape))))];
      case 'trait': return [symbol(item.name.name, SymbolKind.Interface, item, item.name, items(item.items, true))];
      case 'impl': {
        const name = item.trait ? `impl ${printType(item.trait)} for ${printType(item.selfTy)}` : `impl ${printType(item.selfTy)}`;
        return [symbol(name, SymbolKind.Class, item, null, items(item.items, true))];
      }
      case 'const': return [symbol(item.name.name, SymbolKind.Constant, item, item.name)];
      case 'static': return [symbol(item.name.name, SymbolKind.Variable, item, item.name)];
      case 'mod': return [symbol(item.name.name, SymbolKind.Module, item, item.name, item.items ? items(item.items, false) : [])];
      case 'type': return [symbol(item.name.name, SymbolKind.TypeParameter, item, item.name)];
      case 'use': return [];
      default: { const n: never = item; return n; }
    }
  });
  return items(module.items, false);
}

/** The whole document as `gossamer fmt` prints it; nothing when it does not parse or is already formatted. */
export function formatDocument(text: string): TextEdit[] {
  const sources = new SourceMap();
  const file = sources.add('format.gos', text);
  const diags = new DiagnosticBag();
  const module = parseModule(file, diags);
  if (diags.hasErrors) return [];
  const formatted = printModule(module);
  if (formatted === text) return [];
  return [{ range: rangeOf(sources, { file: file.id, start: 0, end: text.length }), newText: formatted }];
}

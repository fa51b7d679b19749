// Hover, go-to-definition and find-references: all three start from the occurrence
// under the cursor (occurrences.ts); hover falls back to the type of the innermost
// checked expression.

import type { Hover, Location } from 'vscode-languageserver';
import { Span } from '../source/index.js';
import { Ty, tyToString } from '../check/index.js';
import * as ast from '../syntax/ast.js';
import { Analysis } from './analysis.js';
import { locationOf, rangeOf } from './convert.js';
import { describe, Description } from './describe.js';
import { bodyOf, Occurrence, occurrenceAt, occurrencesIn, Sym, symKey, symSpan } from './occurrences.js';
import { locate } from './walk.js';

const cache = new WeakMap<Analysis, Map<number, Occurrence[]>>();

export function occurrences(analysis: Analysis, file: number): Occurrence[] {
  let perFile = cache.get(analysis);
  if (!perFile) { perFile = new Map(); cache.set(analysis, perFile); }
  let list = perFile.get(file);
  if (!list) { list = occurrencesIn(analysis, file); perFile.set(file, list); }
  return list;
}

export function hover(analysis: Analysis, file: number, offset: number): Hover | null {
  const occ = occurrenceAt(occurrences(analysis, file), offset);
  if (occ) return { contents: { kind: 'markdown', value: markdown(describe(occ.sym, analysis.sources)) }, range: rangeOf(analysis.sources, occ.span) };
  const typed = typeAt(analysis, file, offset);
  if (!typed) return null;
  return { contents: { kind: 'markdown', value: markdown({ code: tyToString(typed.ty) }) }, range: rangeOf(analysis.sources, typed.span) };
}

/** The type of the innermost expression or pattern at the offset that the checker typed. */
export function typeAt(analysis: Analysis, file: number, offset: number): { ty: Ty; span: Span } | null {
  if (!analysis.root || !analysis.query) return null;
  const { chain } = locate(analysis.root.items, file, offset);
  const owner = [...chain].reverse().find(n => n.kind === 'fn' || n.kind === 'const' || n.kind === 'static') as ast.FnItem | ast.ConstItem | ast.StaticItem | undefined;
  const body = owner && bodyOf(analysis.query, owner);
  if (!body) return null;
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    const ty = body.exprTypes.get(n as ast.Expr) ?? body.patTypes.get(n as ast.Pattern);
    if (ty && n.kind !== 'block') return { ty, span: n.span };
  }
  return null;
}

export function definition(analysis: Analysis, file: number, offset: number): Location | null {
  const occ = occurrenceAt(occurrences(analysis, file), offset);
  if (!occ) return null;
  const span = declarationOf(occ.sym);
  return span ? locationOf(analysis.sources, analysis.paths, span) : null;
}

function declarationOf(sym: Sym): Span | undefined {
  if (sym.k === 'module') return { file: sym.def.file, start: 0, end: 0 };
  return symSpan(sym);
}

/** Every occurrence in the crate's files of the symbol at the offset. */
export function references(analysis: Analysis, file: number, offset: number, includeDeclaration: boolean): Location[] {
  const occ = occurrenceAt(occurrences(analysis, file), offset);
  if (!occ) return [];
  const key = symKey(occ.sym);
  const seen = new Set<string>();
  const out: Location[] = [];
  for (const f of analysis.userFiles) {
    for (const o of occurrences(analysis, f)) {
      if (symKey(o.sym) !== key || (o.decl && !includeDeclaration)) continue;
      const id = `${o.span.file}:${o.span.start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(locationOf(analysis.sources, analysis.paths, o.span));
    }
  }
  if (includeDeclaration) {
    const decl = declarationOf(occ.sym);
    if (decl && !analysis.userFiles.includes(decl.file) && decl.end > decl.start) out.unshift(locationOf(analysis.sources, analysis.paths, decl));
  }
  return out.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function markdown(d: Description): string {
  const parts: string[] = [];
  parts.push('```gossamer\n' + (d.container ? d.container + '\n' : '') + d.code + '\n```');
  if (d.doc) parts.push(d.doc);
  return parts.join('\n\n');
}

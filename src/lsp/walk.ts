// Walking the AST without knowing every node kind: the language server looks for the
// nodes around a position and visits every node of a file, and a reflective walk keeps
// working as the AST grows. Nodes are objects with a `span`; objects without one
// (path segments, generics lists) are looked through.

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';

export type Node = { span: Span; kind?: string } & object;

/** The object-valued children of an AST object, in source order as declared. */
export function children(node: object): object[] {
  const out: object[] = [];
  for (const key in node) {
    if (key === 'span' || key === 'opSpan' || key === 'comments' || key === 'blankLines') continue;
    const v = (node as Record<string, unknown>)[key];
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) { for (const e of v) if (e !== null && typeof e === 'object') out.push(e as object); } else out.push(v);
  }
  return out;
}

export function hasSpan(x: object): x is Node {
  const s = (x as { span?: Span }).span;
  return s !== undefined && typeof s === 'object' && typeof s.start === 'number';
}

export interface Located {
  /** Nodes of `file` whose span holds the offset, outermost first (items, expressions, identifiers, ...). */
  chain: Node[];
  /** Names of the modules crossed: inline `mod m { }` and `mod m;` files, from the crate root. */
  modPath: string[];
}

/**
 * The nodes at `offset` in `file`, searched from the crate root's items. A position at
 * the end of an identifier counts as inside it, so `foo|` finds `foo`.
 */
export function locate(items: ast.Item[], file: number, offset: number): Located {
  let best: Located = { chain: [], modPath: [] };
  const visit = (x: object, chain: Node[], modPath: string[]): void => {
    if (hasSpan(x)) {
      const { span } = x;
      if (span.file === file && span.start <= offset && offset <= span.end) {
        chain = [...chain, x];
        if (chain.length > best.chain.length) best = { chain, modPath };
      } else if ((x as { kind?: string }).kind !== 'mod') {
        return;
      }
      if ((x as { kind?: string }).kind === 'mod') {
        const m = x as ast.ModItem;
        for (const item of m.items ?? []) visit(item, chain, [...modPath, m.name.name]);
        return;
      }
    }
    for (const c of children(x)) visit(c, chain, modPath);
  };
  for (const item of items) visit(item, [], []);
  return best;
}

/**
 * The top-level items of `file` and its module path: the crate root's own items, or
 * those a `mod name;` item loaded from `file`.
 */
export function itemsOfFile(root: ast.Module, file: number): { items: ast.Item[]; modPath: string[] } {
  if (file === root.file) return { items: root.items, modPath: [] };
  const search = (list: ast.Item[], path: string[]): { items: ast.Item[]; modPath: string[] } | undefined => {
    for (const item of list) {
      if (item.kind !== 'mod' || !item.items) continue;
      const inner = [...path, item.name.name];
      if (item.span.file !== file && item.items.length > 0 && item.items[0].span.file === file) return { items: item.items, modPath: inner };
      const found = search(item.items, inner);
      if (found) return found;
    }
    return undefined;
  };
  return search(root.items, []) ?? { items: [], modPath: [] };
}

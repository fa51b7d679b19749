// The generator's output: a tree of nodes, each printing itself in Gossamer and (for the
// subset Rust shares) in Rust, with holes for its children.
//
// A node is a pair of templates over the same children: `x(ty)` + `y` is
//   { kids: [x, y], gos: [0, ' + ', 1], rust: [0, '.wrapping_add(', 1, ')'] }.
// Keeping the children apart from the text is what lets the minimizer work on the tree:
// it drops children of a statement list (`seq`) and replaces an expression by a plain
// value of the same type (`ty`), and the result still prints in both languages.

import type { Ty } from './types.js';

export type Lang = 'gos' | 'rust';
type Part = string | number;

export interface Node {
  kids: Node[];
  gos: Part[];
  /** null: this construct has no Rust spelling (the program is Gossamer-only). */
  rust: Part[] | null;
  /** An expression's type: the minimizer may replace it by a simple value of this type. */
  ty?: Ty;
  /** A list of statements or items, one per line: the minimizer may drop any of them. */
  seq?: boolean;
  /** Print the children of this `seq` indented by one level. */
  indent?: boolean;
  /** The last child of this `seq` is a block's value: it may not be dropped. */
  keepLast?: boolean;
  /** A replacement made by the minimizer (never replaced again). */
  simple?: boolean;
  /**
   * What the node is, for the ill-typed mutations (ill-typed.ts): 'call' (its last child
   * is the argument list, `args` arguments), 'fn' (an item), 'body' (a function body
   * whose last child is its value when keepLast).
   */
  role?: 'call' | 'fn' | 'body';
  /** A block, `if`, `match` or `loop` as a whole: may start a statement as it is. */
  blockLike?: boolean;
  args?: number;
}

/** A template: text with children in the holes (strings in holes are pasted as text). */
export interface Tmpl { parts: Part[]; holes: Node[] }

export function t(strings: TemplateStringsArray, ...holes: (Node | string | number)[]): Tmpl {
  const parts: Part[] = [];
  const nodes: Node[] = [];
  strings.forEach((s, i) => {
    if (s !== '') parts.push(s);
    if (i < holes.length) {
      const h = holes[i];
      if (typeof h === 'string' || typeof h === 'number') parts.push(String(h));
      else { parts.push(-1 - nodes.length); nodes.push(h); }
    }
  });
  return { parts, holes: nodes };
}

/**
 * A node from a Gossamer template and a Rust one (the same when omitted, `null` when
 * Rust cannot say it). Both must hold the same children, in any order and any number of
 * times each.
 */
export function mk(ty: Ty | undefined, gos: Tmpl, rust?: Tmpl | null): Node {
  const kids: Node[] = [];
  const index = (n: Node) => {
    let i = kids.indexOf(n);
    if (i < 0) { i = kids.length; kids.push(n); }
    return i;
  };
  const resolve = (tm: Tmpl): Part[] => tm.parts.map(p => (typeof p === 'number' ? index(tm.holes[-1 - p]) : p));
  const g = resolve(gos);
  const r = rust === null ? null : resolve(rust ?? gos);
  if (r !== null) {
    // An expression child present in one language only is a generator bug: the two
    // programs would compute different things.
    kids.forEach((k, i) => {
      if (k.ty !== undefined && (!g.includes(i) || !r.includes(i))) throw new Error('a child expression is missing from one language');
    });
  }
  return { kids, gos: g, rust: r, ty };
}

/** Plain text, the same in both languages. */
export function text(s: string, ty?: Ty): Node {
  return { kids: [], gos: [s], rust: [s], ty };
}

/** Different text per language (rust null: Gossamer only). */
export function text2(gos: string, rust: string | null, ty?: Ty): Node {
  return { kids: [], gos: [gos], rust: rust === null ? null : [rust], ty };
}

/** A list of statements or items, one per line; `indent` for a block's body. */
export function seq(items: Node[], indent = false, keepLast = false): Node {
  return { kids: items, gos: [], rust: [], seq: true, indent, keepLast };
}

export function render(n: Node, lang: Lang): string {
  if (n.seq) {
    const body = n.kids.map(k => render(k, lang)).filter(s => s !== '').join('\n');
    return n.indent ? body.split('\n').map(l => (l === '' ? l : '    ' + l)).join('\n') : body;
  }
  const parts = lang === 'gos' ? n.gos : n.rust;
  if (parts === null) throw new Error(`this node has no Rust spelling: ${render(n, 'gos').slice(0, 200)}`);
  let out = '';
  for (const p of parts) out += typeof p === 'number' ? render(n.kids[p], lang) : p;
  return out;
}

/** True if every node of the tree has a Rust spelling. */
export function hasRust(n: Node): boolean {
  return n.rust !== null && n.kids.every(hasRust);
}

/** Calls `f` on every node, parents first. */
export function walk(n: Node, f: (n: Node) => void): void {
  f(n);
  for (const k of n.kids) walk(k, f);
}

/** A copy of `root` with `target` replaced (the path to it copied, the rest shared). */
export function replaceNode(root: Node, target: Node, by: Node): Node {
  if (root === target) return by;
  let changed = false;
  const kids = root.kids.map(k => {
    const r = replaceNode(k, target, by);
    if (r !== k) changed = true;
    return r;
  });
  return changed ? { ...root, kids } : root;
}

export function countNodes(n: Node): number {
  let c = 1;
  for (const k of n.kids) c += countNodes(k);
  return c;
}

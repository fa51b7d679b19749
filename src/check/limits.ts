// Limits on monomorphization, so that generic code whose instantiation never ends is a
// compile error instead of a compiler that runs until it runs out of memory.
//
// A generic function that calls itself at a bigger type (`f((x, x))` inside `f<T>`), or a
// derived impl of a struct that holds a bigger instance of itself (`struct S<T> { x:
// Option<S<(T, T)>> }`), asks for a new instance at every step. As rustc does, we stop when
// one function appears RECURSION_LIMIT times in the chain of instances that led to an
// instance. A type that doubles at each step gets too big long before that: type
// operations here walk trees, so an argument type of more than TYPE_SIZE_LIMIT nodes
// (counted on the shared graph, in time linear in its distinct nodes) stops the chain too.

import { Ty, tyToString } from './types.js';

/** How many times one function may appear in a chain of instances (rustc's recursion_limit). */
export const RECURSION_LIMIT = 128;

/** The most nodes a type argument of an instance may have (as a tree). */
export const TYPE_SIZE_LIMIT = 10_000;

/**
 * Is `t` bigger than `limit` nodes as a tree? Counted over the graph with a memo per
 * node, so a type that shares its parts (`(T, T)` with a big T) costs its distinct
 * nodes, not its tree size. `resolve` follows inference variables.
 */
export function tyTooBig(t: Ty, limit = TYPE_SIZE_LIMIT, resolve: (t: Ty) => Ty = x => x): boolean {
  const memo = new Map<Ty, number>();
  const size = (x: Ty): number => {
    x = resolve(x);
    const known = memo.get(x);
    if (known !== undefined) return known;
    let n = 1;
    const add = (c: Ty) => { if (n <= limit) n += size(c); };
    switch (x.k) {
      case 'adt': case 'dyn': x.args.forEach(add); break;
      case 'tuple': x.elems.forEach(add); break;
      case 'array': case 'buf': add(x.elem); break;
      case 'fn': x.params.forEach(add); add(x.ret); break;
      default: break;
    }
    n = Math.min(n, limit + 1);
    memo.set(x, n);
    return n;
  };
  return size(t) > limit;
}

/**
 * A type for a message, cut to a few levels (`((..., ...), (..., ...))`), so that a huge
 * type reads as its shape and printing it costs little.
 */
export function shortTy(t: Ty, depth = 3, resolve: (t: Ty) => Ty = x => x): string {
  t = resolve(t);
  if (depth <= 0) {
    switch (t.k) {
      case 'tuple': case 'adt': case 'array': case 'fn': case 'dyn': case 'buf': return '...';
      default: return tyToString(t);
    }
  }
  const inner = (x: Ty) => shortTy(x, depth - 1, resolve);
  switch (t.k) {
    case 'adt': return t.args.length ? `${t.def.name}<${t.args.map(inner).join(', ')}>` : t.def.name;
    case 'tuple': return t.elems.length === 1 ? `(${inner(t.elems[0])},)` : `(${t.elems.map(inner).join(', ')})`;
    case 'array': return `[${inner(t.elem)}; ${t.len}]`;
    case 'fn': return `fn(${t.params.map(inner).join(', ')})${t.ret.k === 'prim' && t.ret.name === 'unit' ? '' : ' -> ' + inner(t.ret)}`;
    case 'dyn': return `dyn ${t.trait.name}${t.args.length ? `<${t.args.map(inner).join(', ')}>` : ''}`;
    case 'buf': return `RawBuf<${inner(t.elem)}>`;
    default: return tyToString(t);
  }
}

/** `a -> b -> c`, or the first and last few of a long chain with the count left out. */
export function describeChain(names: string[], head = 3, tail = 2): string {
  if (names.length <= head + tail + 1) return names.join(' -> ');
  const left = names.length - head - tail;
  return [...names.slice(0, head), `... (${left} more)`, ...names.slice(-tail)].join(' -> ');
}

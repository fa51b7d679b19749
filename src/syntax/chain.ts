// Left-nested chains: `a + b + c + ...`, `x.f().g().h()`, `a || b || c`, `v[0][1].x`.
//
// The parser builds such a chain in a loop, but the tree it builds is as deep as the chain
// is long, on one side: each link's first operand is the rest of the chain. A walk that
// recursed into it would be as deep as the chain, and thousands of terms would exhaust
// JavaScript's stack; so every walk over expressions (checker, lowering, printer) follows
// this side in a loop, and the nesting limit (parser.ts MAX_DEPTH) counts only real
// nesting (parentheses, blocks, arguments, right operands), as rustc compiles such chains.

import { Expr } from './ast.js';

/**
 * The operand through which a chain grows: the first operand of a binary operator, the
 * receiver of a method call, the object of a field access or index, the operand of `as`
 * and `?`. It is always evaluated before the link's other operands. Null for other nodes.
 */
export function chainOperand(e: Expr): Expr | null {
  switch (e.kind) {
    case 'binary': return e.left;
    case 'methodCall': return e.receiver;
    case 'field': case 'index': return e.object;
    case 'cast': case 'try': return e.expr;
    default: return null;
  }
}

/** The links below `e` (nearest first), down to the first node that is not a link. */
export function chainBelow(e: Expr, stop: (x: Expr) => boolean = () => false): Expr[] {
  const links: Expr[] = [];
  for (let x = chainOperand(e); x !== null && chainOperand(x) !== null && !stop(x); x = chainOperand(x)) links.push(x);
  return links;
}

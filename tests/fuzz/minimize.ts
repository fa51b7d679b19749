// Delta debugging for findings. Over the generator's tree: drop statements and items
// (halves, then quarters, ... then one at a time, as ddmin does), replace expressions by
// a plain value of their type, or by a subexpression of the same type; each candidate is
// kept if the finding still shows. Over lines, for texts that are not trees (mutants):
// drop chunks of lines. Either way the result is 1-minimal only within the budget.

import { Gen } from './gen/ctx.js';
import { Node, countNodes, render, replaceNode, walk } from './node.js';
import { hasParam, sameTy } from './types.js';

export interface Budget {
  /** Candidates tested at most. */
  tests: number;
  /** Date.now() after which no candidate is tried. */
  deadline: number;
}

export async function minimizeTree(root: Node, gen: Gen, still: (root: Node) => Promise<boolean>, budget: Budget): Promise<Node> {
  let tests = 0;
  const more = () => tests < budget.tests && Date.now() < budget.deadline;
  const attempt = async (cand: Node): Promise<boolean> => {
    tests++;
    return still(cand);
  };

  for (let progress = true; progress && more();) {
    progress = false;
    // Statements and items: each list, outermost first.
    const lists: Node[] = [];
    walk(root, n => { if (n.seq) lists.push(n); });
    for (const list of lists) {
      let cur = list;
      const fixed = cur.keepLast ? 1 : 0;
      for (let chunk = Math.max(1, Math.floor((cur.kids.length - fixed) / 2)); chunk >= 1 && more(); chunk = Math.floor(chunk / 2)) {
        for (let i = 0; i + chunk <= cur.kids.length - fixed && more();) {
          const shorter: Node = { ...cur, kids: [...cur.kids.slice(0, i), ...cur.kids.slice(i + chunk)] };
          const cand = replaceNode(root, cur, shorter);
          if (cand === root) break;   // the list is gone (an enclosing change removed it)
          if (await attempt(cand)) {
            root = cand;
            cur = shorter;
            progress = true;
          } else {
            i += chunk;
          }
        }
      }
    }
    // Expressions: a plain value of the type, or a same-typed subexpression.
    const exprs: Node[] = [];
    walk(root, n => { if (n.ty !== undefined && !n.simple && !n.seq && n.kids.length > 0) exprs.push(n); });
    for (const e of exprs) {
      if (!more()) break;
      const subs: Node[] = [];
      walk(e, k => { if (k !== e && k.ty !== undefined && sameTy(k.ty, e.ty!)) subs.push(k); });
      const cands: Node[] = [...subs.slice(0, 2)];
      if (!hasParam(e.ty!)) {
        try { cands.unshift({ ...gen.plain(e.ty!, 1), simple: true }); } catch { /* no plain value */ }
      }
      for (const by of cands) {
        if (countNodes(by) >= countNodes(e)) continue;
        const cand = replaceNode(root, e, by);
        if (cand === root) break;
        if (await attempt(cand)) {
          root = cand;
          progress = true;
          break;
        }
      }
    }
  }
  return root;
}

/** Line-based ddmin for a plain text. */
export async function minimizeLines(text: string, still: (text: string) => Promise<boolean>, budget: Budget): Promise<string> {
  let lines = text.split('\n');
  let tests = 0;
  const more = () => tests < budget.tests && Date.now() < budget.deadline;
  for (let chunk = Math.max(1, Math.floor(lines.length / 2)); chunk >= 1 && more(); chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i + chunk <= lines.length && more();) {
      const cand = [...lines.slice(0, i), ...lines.slice(i + chunk)];
      tests++;
      if (await still(cand.join('\n'))) lines = cand;
      else i += chunk;
    }
  }
  return lines.join('\n');
}

export { render };

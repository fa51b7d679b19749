// Text being typed rarely parses: `v.` or `f(a, ` end a statement the parser drops.
// Completion and signature help try small patches at the cursor (an identifier, a
// closing `)`, a `;`) and keep the first that parses into the construct they need,
// then analyze that text instead of the document's.

import { DiagnosticBag } from '../diag/index.js';
import { SourceMap } from '../source/index.js';
import { parseModule } from '../syntax/index.js';
import { locate, Node } from './walk.js';

/** An identifier no program uses, put where the user's next name will go. */
export const PLACEHOLDER = '__gossamer_complete__';

/**
 * The first of `insertions` (each put at `offset`) after which the nodes at `probe`
 * satisfy `wanted`; undefined when none does.
 */
export function patchToParse(
  text: string, offset: number, insertions: string[], probe: number, wanted: (chain: Node[]) => boolean,
): string | undefined {
  for (const insert of insertions) {
    const patched = text.slice(0, offset) + insert + text.slice(offset);
    const sources = new SourceMap();
    const file = sources.add('patch.gos', patched);
    const module = parseModule(file, new DiagnosticBag());
    if (wanted(locate(module.items, file.id, probe).chain)) return patched;
  }
  return undefined;
}

// Signature help: inside `f(a, |` or `v.push(|`, the called function's signature with
// the parameter under the cursor. The call is found in the text (the innermost `(` not
// yet closed), then analyzed with the call closed if it does not parse as it is.

import type { SignatureHelp } from 'vscode-languageserver';
import { tyToString } from '../check/index.js';
import { fnParams, fnSignature, instanceSubst } from './describe.js';
import { CompletionRequest } from './complete.js';
import { occurrences } from './navigate.js';
import { occurrenceAt } from './occurrences.js';
import { patchToParse } from './patch.js';
import { Node } from './walk.js';

export function signatureHelp(req: CompletionRequest): SignatureHelp | null {
  const call = openCall(req.text, req.offset);
  if (!call) return null;
  const isCall = (chain: Node[]) => chain.some(n => n.kind === 'call' || n.kind === 'methodCall' || n.kind === 'structLit');
  const patched = patchToParse(req.text, req.offset, ['', ')', ');', ')}', ');}'], call.callee, isCall);
  if (patched === undefined) return null;
  const a = req.analyzeWith(patched);
  const file = a.paths.indexOf(req.path);
  const occ = occurrenceAt(occurrences(a, file), call.callee);
  if (!occ) return null;
  if (occ.sym.k === 'fn') {
    const s = instanceSubst(occ.sym.inst);
    const label = fnSignature(occ.sym.def, s);
    const params = fnParams(occ.sym.def, s);
    const open = label.indexOf('(') + 1 + (occ.sym.def.hasSelf && call.method ? 'self'.length + (params.length ? 2 : 0) : 0);
    let at = open;
    const parameters = params.map(p => { const start = label.indexOf(p, at); at = start + p.length; return { label: [start, start + p.length] as [number, number] }; });
    const selfArg = occ.sym.def.hasSelf && !call.method ? 1 : 0;   // `Type::method(x, ...)` passes self first
    return { signatures: [{ label, parameters }], activeSignature: 0, activeParameter: Math.max(0, call.commas - selfArg) };
  }
  if (occ.sym.k === 'variant' && occ.sym.variant.shape === 'tuple') {
    const fields = occ.sym.variant.fields.map(f => tyToString(f.ty));
    const label = `${occ.sym.variant.name}(${fields.join(', ')})`;
    let at = label.indexOf('(') + 1;
    const parameters = fields.map(f => { const start = at; at += f.length + 2; return { label: [start, start + f.length] as [number, number] }; });
    return { signatures: [{ label, parameters }], activeSignature: 0, activeParameter: call.commas };
  }
  return null;
}

/** The innermost unclosed `(` before the offset: the callee's last character and the commas before the cursor. */
function openCall(text: string, offset: number): { callee: number; commas: number; method: boolean } | null {
  let depth = 0, commas = 0;
  for (let i = offset - 1; i >= 0 && offset - i < 4000; i--) {
    const ch = text[i];
    if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '[' || ch === '{') { if (depth === 0) return null; depth--; }
    else if (ch === ';' && depth === 0) return null;
    else if (ch === ',' && depth === 0) commas++;
    else if (ch === '(') {
      if (depth > 0) { depth--; continue; }
      const before = text.slice(0, i);
      const name = /([A-Za-z_][A-Za-z0-9_]*)(\s*::\s*<[^()]*>)?\s*$/.exec(before);
      if (!name) return null;
      const end = name.index + name[1].length;
      return { callee: end - 1, commas, method: /\.\s*$/.test(before.slice(0, name.index)) };
    }
  }
  return null;
}

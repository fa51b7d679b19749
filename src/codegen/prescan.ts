// One walk over the IR before layout, collecting what must have an address before any
// function is emitted: the static Strings naming panic locations, the data segments used
// as objects (`ref.data`, 8-aligned), and the functions `funcIndex` adds to the table.

import { IrExpr, IrModule } from '../ir/ir.js';
import { Span } from '../source/index.js';
import { forEachChild } from '../ir/walk.js';

export interface Prescan {
  panicSpans: Span[];
  objectSegments: Set<string>;
  indexedFunctions: Set<string>;
  allocates: boolean;
  /** Some function calls an Asyncify control (the runtime's scheduler). */
  usesAsyncify: boolean;
}

export function prescan(m: IrModule): Prescan {
  const out: Prescan = { panicSpans: [], objectSegments: new Set(), indexedFunctions: new Set(), allocates: false, usesAsyncify: false };
  const visit = (e: IrExpr): void => {
    switch (e.op) {
      case 'panic': out.panicSpans.push(e.span); break;
      case 'ref.data': out.objectSegments.add(e.id); break;
      case 'funcIndex': out.indexedFunctions.add(e.func); break;
      case 'alloc': out.allocates = true; break;
      case 'call': if (e.func.startsWith('__asyncify_')) out.usesAsyncify = true; break;
      default: break;
    }
    forEachChild(e, visit);
  };
  for (const f of m.functions) visit(f.body);
  return out;
}


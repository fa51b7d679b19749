// The std types the compiler knows by definition, resolved once after collection (as
// the language traits are, collect.ts langTraits). Checking and lowering compare a
// type's definition with these by identity, never by name: a user type named `Vec` or
// `HashMap` is the user's, whatever it is called.

import type { AdtDef, ModuleDef, StdTypeName, Ty } from './types.js';

export type StdTypes = Record<StdTypeName, AdtDef | null>;

/**
 * Look the table up in std's module tree (`std` is the collector's std root) and mark
 * each definition with its name in it (AdtDef.lang), so a type answers `isStd` alone.
 */
export function resolveStdTypes(std: ModuleDef): StdTypes {
  const adt = (mod: string, name: string): AdtDef | null => {
    const m = std.types.get(mod);
    const d = m && m.kind === 'module' ? m.types.get(name) : undefined;
    return d && d.kind === 'adt' ? d : null;
  };
  const table: StdTypes = {
    vec: adt('vec', 'Vec'),
    // The prelude's core enums and ranges.
    option: adt('prelude', 'Option'),
    result: adt('prelude', 'Result'),
    ordering: adt('prelude', 'Ordering'),
    range: adt('prelude', 'Range'),
    hashMap: adt('collections', 'HashMap'),
    hashSet: adt('collections', 'HashSet'),
    chan: adt('chan', 'Chan'),
    formatter: adt('fmt', 'Formatter'),
    fmtError: adt('fmt', 'Error'),
  };
  for (const [name, d] of Object.entries(table) as [StdTypeName, AdtDef | null][]) if (d) d.lang = name;
  return table;
}

/** Is `t` the std type `name` (with any arguments)? */
export function isStd(t: Ty, name: StdTypeName): t is Ty & { k: 'adt'; def: { lang: StdTypeName } } {
  return t.k === 'adt' && t.def.lang === name;
}

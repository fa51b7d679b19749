// Semantic types and the definitions they refer to.
//
// Generics are checked per instantiation (as templates are): a generic function's body
// is checked once for each list of concrete type arguments it is used with, so inside a
// body every type is concrete once inference is done. Signatures still mention type
// parameters (`param`), which are substituted when an item is instantiated.

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';

export type PrimName =
  | 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64'
  | 'f32' | 'f64' | 'bool' | 'char' | 'unit' | 'never';

export type Ty =
  | { k: 'prim'; name: PrimName; spelled?: 'usize' | 'isize' }
  | { k: 'string' }
  | { k: 'adt'; def: AdtDef; args: Ty[] }
  | { k: 'tuple'; elems: Ty[] }
  | { k: 'array'; elem: Ty; len: number }
  | { k: 'fn'; params: Ty[]; ret: Ty }
  | { k: 'dyn'; trait: TraitDef; args: Ty[] }
  | { k: 'param'; def: TypeParamDef }
  | { k: 'var'; id: number; lit: 'int' | 'float' | null }
  | { k: 'buf'; elem: Ty }       // RawBuf<T> (runtime/std only)
  | { k: 'error' };              // after a reported error: unifies with anything, silences cascades

export interface TypeParamDef {
  name: string;
  id: number;                    // unique
  bounds: TraitRef[];            // filled after collection
  span: Span;
  /**
   * An associated type, kept as a parameter (check/assoc.ts): a trait's own `type Item;`
   * ('trait'), or the `Item` of another parameter's bound `I: Iterator` on a function or
   * impl ('hidden': never written in a turbofish, inferred from the bound).
   */
  assoc?: 'trait' | 'hidden';
}

export interface TraitRef {
  trait: TraitDef;
  args: Ty[];
}

export interface ModuleDef {
  kind: 'module';
  path: string[];
  /** Type namespace (structs, enums, traits, modules, type aliases) and value namespace. */
  types: Map<string, Def>;
  values: Map<string, Def>;
  /** Glob imports to search after the module's own names. */
  globs: ModuleDef[];
  parent: ModuleDef | null;
  privileged: boolean;
  /** Pending `use` items, resolved lazily. */
  uses: { tree: ast.UseTree; prefix: ast.Ident[]; pub: boolean }[];
  file: number;
}

export interface AdtDef {
  kind: 'adt';
  adt: 'struct' | 'enum';
  name: string;
  path: string;                  // "std::vec::Vec" for messages and names
  item: ast.StructItem | ast.EnumItem;
  module: ModuleDef;
  generics: TypeParamDef[];
  /** struct: one variant with the struct's name. */
  variants: VariantInfo[];
  derives: Set<string>;
  tupleLike: boolean;            // struct S(a, b)
  unitLike: boolean;             // struct S;
  /** Enum without payloads: represented as an i32. */
  cLike: boolean;
  id: number;
  /** Set on the std types the compiler knows (check/std.ts): compare this, never names. */
  lang?: StdTypeName;
}

/** The std types the compiler knows by definition (check/std.ts resolves them). */
export type StdTypeName =
  | 'vec' | 'option' | 'result' | 'ordering' | 'range' | 'hashMap' | 'hashSet' | 'chan' | 'formatter' | 'fmtError';

export interface VariantInfo {
  name: string;
  index: number;
  shape: 'named' | 'tuple' | 'unit';
  fields: FieldInfo[];
  discriminant: number;
  span: Span;
}

export interface FieldInfo {
  name: string;                  // "0", "1" for tuple fields
  ty: Ty;                        // in terms of the adt's generics
  pub: boolean;
  span: Span;
}

export interface FnDef {
  kind: 'fn';
  name: string;
  path: string;                  // "Point::new", "std::vec::Vec::push", "main"
  item: ast.FnItem;
  module: ModuleDef;
  /** Generic params of the enclosing impl/trait, then the fn's own. */
  generics: TypeParamDef[];
  ownGenericsStart: number;
  params: Ty[];                  // excluding self
  ret: Ty;
  hasSelf: boolean;
  selfTy: Ty | null;             // the impl's self type (in terms of generics)
  impl: ImplDef | null;
  trait: TraitDef | null;        // set for a trait's declared method (default body or not)
  /** A trait method's `where Self: Trait<..>` bounds (Self is generics[0]). */
  selfBounds?: TraitRef[];
  import: boolean;               // #[import] host function
  intrinsic: string | null;      // std::intrinsics function
  id: number;
}

export interface ImplDef {
  kind: 'impl';
  item: ast.ImplItem | null;     // null for derived impls
  module: ModuleDef;
  generics: TypeParamDef[];
  selfTy: Ty;
  trait: TraitRef | null;
  methods: Map<string, FnDef>;
  consts: Map<string, ConstDef>;
  derived: string | null;        // "Clone", "Debug", "PartialEq", "Hash" for derived impls
  span: Span;
  id: number;
}

export interface TraitDef {
  kind: 'trait';
  name: string;
  path: string;
  item: ast.TraitItem | null;
  module: ModuleDef;
  generics: TypeParamDef[];      // trait's own params (not Self)
  selfParam: TypeParamDef;       // `Self` inside the trait
  methods: Map<string, FnDef>;
  supertraits: TraitRef[];
  impls: ImplDef[];
  id: number;
  /** Associated types (`type Item;`): each is a parameter of `generics`, by name. */
  assocTypes: Map<string, TypeParamDef>;
}

export interface ConstDef {
  kind: 'const';
  name: string;
  path: string;
  item: ast.ConstItem;
  module: ModuleDef;
  ty: Ty;
  id: number;
}

export interface StaticDef {
  kind: 'static';
  name: string;
  path: string;
  item: ast.StaticItem;
  module: ModuleDef;
  ty: Ty;
  mutable: boolean;
  id: number;
}

export interface VariantDef {
  kind: 'variant';
  adt: AdtDef;
  variant: VariantInfo;
}

export interface AliasDef {
  kind: 'alias';
  name: string;
  item: ast.TypeAliasItem;
  module: ModuleDef;
  generics: TypeParamDef[];
}

/** A built-in type name: int, f64, String, RawBuf, Chan, ... */
export interface BuiltinTypeDef {
  kind: 'builtinType';
  name: string;
}

export type Def = ModuleDef | AdtDef | FnDef | TraitDef | ConstDef | StaticDef | VariantDef | AliasDef | BuiltinTypeDef;

// ---------------------------------------------------------------- constructors

const prims = new Map<PrimName, Ty>();
export function prim(name: PrimName): Ty {
  let t = prims.get(name);
  if (!t) { t = { k: 'prim', name }; prims.set(name, t); }
  return t;
}
/** `usize` and `isize`: `u32` and `i32` (wasm32), remembered as spelled for messages. */
export const USIZE: Ty = { k: 'prim', name: 'u32', spelled: 'usize' };
export const ISIZE: Ty = { k: 'prim', name: 'i32', spelled: 'isize' };
export const UNIT = prim('unit');
export const NEVER = prim('never');
export const BOOL = prim('bool');
export const INT = prim('i64');
export const F64 = prim('f64');
export const CHAR = prim('char');
export const U8 = prim('u8');
export const U32 = prim('u32');
export const I32 = prim('i32');
export const STRING: Ty = { k: 'string' };
export const ERROR: Ty = { k: 'error' };

export const INT_NAMES: PrimName[] = ['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64'];
export function isInt(t: Ty): boolean { return t.k === 'prim' && INT_NAMES.includes(t.name); }
export function isFloat(t: Ty): boolean { return t.k === 'prim' && (t.name === 'f32' || t.name === 'f64'); }
export function isNumeric(t: Ty): boolean { return isInt(t) || isFloat(t); }
export function isSigned(t: Ty): boolean { return t.k === 'prim' && t.name.startsWith('i'); }
export function intBits(t: Ty): number {
  if (t.k !== 'prim') return 64;
  switch (t.name) {
    case 'i8': case 'u8': return 8;
    case 'i16': case 'u16': return 16;
    case 'i32': case 'u32': case 'char': case 'bool': return 32;
    default: return 64;
  }
}

// ---------------------------------------------------------------- printing

export function tyToString(t: Ty): string { return render(t, false); }

/** `t` for messages: as tyToString, but `usize` and `isize` as the program spelled them. */
export function showTy(t: Ty): string { return render(t, true); }

function render(t: Ty, spelled: boolean): string {
  const r = (x: Ty): string => render(x, spelled);
  switch (t.k) {
    case 'prim':
      if (spelled && t.spelled) return t.spelled;
      if (t.name === 'unit') return '()';
      if (t.name === 'never') return '!';
      if (t.name === 'i64') return 'int';
      return t.name;
    case 'string': return 'String';
    case 'adt': return t.args.length ? `${t.def.name}<${t.args.map(r).join(', ')}>` : t.def.name;
    case 'tuple': return t.elems.length === 1 ? `(${r(t.elems[0])},)` : `(${t.elems.map(r).join(', ')})`;
    case 'array': return `[${r(t.elem)}; ${t.len}]`;
    case 'fn': return `fn(${t.params.map(r).join(', ')})${t.ret === UNIT ? '' : ' -> ' + r(t.ret)}`;
    case 'dyn': return `dyn ${t.trait.name}${t.args.length ? `<${t.args.map(r).join(', ')}>` : ''}`;
    case 'param': return t.def.name;
    case 'var': return t.lit === 'int' ? '{integer}' : t.lit === 'float' ? '{float}' : '_';
    case 'buf': return `RawBuf<${r(t.elem)}>`;
    case 'error': return '{error}';
    default: { const n: never = t; return String(n); }
  }
}

/** A stable key for a fully resolved type (instance keys, memo tables). */
export function tyKey(t: Ty): string {
  switch (t.k) {
    case 'prim': return t.name;
    case 'string': return 'String';
    case 'adt': return t.args.length ? `${t.def.path}#${t.def.id}<${t.args.map(tyKey).join(',')}>` : `${t.def.path}#${t.def.id}`;
    case 'tuple': return `(${t.elems.map(tyKey).join(',')})`;
    case 'array': return `[${tyKey(t.elem)};${t.len}]`;
    case 'fn': return `fn(${t.params.map(tyKey).join(',')})->${tyKey(t.ret)}`;
    case 'dyn': return `dyn ${t.trait.path}#${t.trait.id}<${t.args.map(tyKey).join(',')}>`;
    case 'param': return `$${t.def.name}#${t.def.id}`;
    case 'var': return `?${t.id}`;
    case 'buf': return `RawBuf<${tyKey(t.elem)}>`;
    case 'error': return '{error}';
    default: { const n: never = t; return String(n); }
  }
}

// ---------------------------------------------------------------- substitution

export type Subst = Map<number, Ty>;   // TypeParamDef.id -> Ty

export function substTy(t: Ty, s: Subst): Ty {
  if (s.size === 0) return t;
  switch (t.k) {
    case 'param': return s.get(t.def.id) ?? t;
    case 'adt': return t.args.length ? { k: 'adt', def: t.def, args: t.args.map(a => substTy(a, s)) } : t;
    case 'tuple': return { k: 'tuple', elems: t.elems.map(e => substTy(e, s)) };
    case 'array': return { k: 'array', elem: substTy(t.elem, s), len: t.len };
    case 'fn': return { k: 'fn', params: t.params.map(p => substTy(p, s)), ret: substTy(t.ret, s) };
    case 'dyn': return t.args.length ? { k: 'dyn', trait: t.trait, args: t.args.map(a => substTy(a, s)) } : t;
    case 'buf': return { k: 'buf', elem: substTy(t.elem, s) };
    default: return t;
  }
}

export function makeSubst(params: TypeParamDef[], args: Ty[]): Subst {
  const s: Subst = new Map();
  params.forEach((p, i) => { if (args[i]) s.set(p.id, args[i]); });
  return s;
}

/** Objects the GC manages are `ref`s; numbers, bool, char and C-like enums are not. */
export function isRefTy(t: Ty): boolean {
  switch (t.k) {
    case 'prim': return false;
    case 'adt': return !t.def.cLike;
    case 'var': case 'param': case 'error': return false;
    default: return true;
  }
}

/**
 * The methods a `dyn Trait` box holds, in slot order: the trait's own, then each
 * supertrait's (transitively, each trait once). The checker's slot index for a method
 * called on a `dyn` and the lowering's box layout both come from here.
 */
export function vtableMethods(trait: TraitDef): { trait: TraitDef; name: string }[] {
  const out: { trait: TraitDef; name: string }[] = [];
  const seen = new Set<TraitDef>();
  const visit = (t: TraitDef): void => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const name of t.methods.keys()) out.push({ trait: t, name });
    for (const s of t.supertraits) visit(s.trait);
  };
  visit(trait);
  return out;
}

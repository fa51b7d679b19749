// The types the generator works with, how they print in Gossamer and Rust, and what each
// supports (Clone, Debug, PartialEq, Ord, Hash, Display, Default) in both languages.

export type IntName = 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64';
export type FloatName = 'f32' | 'f64';

export type Ty =
  | { k: 'int'; n: IntName }
  | { k: 'float'; n: FloatName }
  | { k: 'bool' }
  | { k: 'char' }
  | { k: 'str' }
  | { k: 'unit' }
  | { k: 'tuple'; el: Ty[] }
  | { k: 'array'; el: Ty; len: number }
  | { k: 'vec'; el: Ty }
  | { k: 'map'; key: Ty; val: Ty }
  | { k: 'opt'; el: Ty }
  | { k: 'res'; ok: Ty; err: Ty }
  /** A user struct or enum (see World), with type arguments for its parameters. */
  | { k: 'adt'; name: string; args: Ty[] }
  | { k: 'fn'; params: Ty[]; ret: Ty }
  | { k: 'dyn'; trait: string }
  /** A generic function's type parameter, opaque inside its body. */
  | { k: 'param'; name: string }
  | { k: 'chan'; el: Ty };

export const INT_NAMES: IntName[] = ['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64'];
export const INT: Record<IntName, Ty> = Object.fromEntries(INT_NAMES.map(n => [n, { k: 'int', n }])) as Record<IntName, Ty>;
export const I64: Ty = INT.i64;
export const U32: Ty = INT.u32;
export const F64: Ty = { k: 'float', n: 'f64' };
export const F32: Ty = { k: 'float', n: 'f32' };
export const BOOL: Ty = { k: 'bool' };
export const CHAR: Ty = { k: 'char' };
export const STR: Ty = { k: 'str' };
export const UNIT: Ty = { k: 'unit' };

export function intBits(n: IntName): number { return Number(n.slice(1)); }
export function intSigned(n: IntName): boolean { return n[0] === 'i'; }
export function intRange(n: IntName): [bigint, bigint] {
  const bits = BigInt(intBits(n));
  return intSigned(n) ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
}

export type Trait = 'Clone' | 'Debug' | 'PartialEq' | 'Ord' | 'Hash' | 'Display' | 'Default';

export interface Field { name: string; ty: Ty }

export interface StructDef {
  kind: 'struct';
  name: string;
  params: string[];
  /** Tuple struct: fields are named 0, 1, ... */
  tuple: boolean;
  fields: Field[];
  derives: Set<Trait>;
}

export interface Variant { name: string; shape: 'unit' | 'tuple' | 'struct'; fields: Field[] }

export interface EnumDef {
  kind: 'enum';
  name: string;
  params: string[];
  variants: Variant[];
  derives: Set<Trait>;
  /** True if a variant holds the enum itself (Gossamer only: Rust would need a Box). */
  recursive: boolean;
}

export type AdtDef = StructDef | EnumDef;

/** The user-defined types of a program, for printing and capability questions. */
export class World {
  readonly adts = new Map<string, AdtDef>();
  /** Traits implemented by hand: trait name -> set of type keys (tyKey). */
  readonly impls = new Map<string, Set<string>>();

  adt(name: string): AdtDef {
    const d = this.adts.get(name);
    if (!d) throw new Error(`unknown type ${name}`);
    return d;
  }

  /** Fields of a struct instance with its type arguments substituted. */
  structFields(ty: Ty & { k: 'adt' }): Field[] {
    const d = this.adt(ty.name);
    if (d.kind !== 'struct') throw new Error(`${ty.name} is not a struct`);
    return d.fields.map(f => ({ name: f.name, ty: subst(f.ty, d.params, ty.args) }));
  }

  variantFields(ty: Ty & { k: 'adt' }, v: Variant): Field[] {
    const d = this.adt(ty.name);
    return v.fields.map(f => ({ name: f.name, ty: subst(f.ty, d.params, ty.args) }));
  }

  /** Does `ty` support trait `tr` in both languages (derived or built in)? */
  has(ty: Ty, tr: Trait): boolean {
    switch (ty.k) {
      case 'int': case 'bool': case 'char': return true;
      case 'str': return true;
      case 'float': return tr !== 'Ord' && tr !== 'Hash';
      case 'unit': return tr !== 'Display';
      case 'tuple': return tr !== 'Display' && ty.el.every(e => this.has(e, tr));
      case 'array': return tr !== 'Display' && this.has(ty.el, tr);
      case 'vec': return tr !== 'Display' && (tr === 'Default' || this.has(ty.el, tr));
      case 'map': return tr === 'Clone' || tr === 'Default' || (tr === 'PartialEq' && this.has(ty.val, 'PartialEq'));
      case 'opt': return tr !== 'Display' && (tr === 'Default' || this.has(ty.el, tr));
      case 'res': return tr !== 'Display' && tr !== 'Default' && this.has(ty.ok, tr) && this.has(ty.err, tr);
      case 'adt': {
        const d = this.adt(ty.name);
        if (this.impls.get(tr)?.has(tyKey(ty))) return true;
        if (!d.derives.has(tr)) return false;
        const fieldTys = d.kind === 'struct' ? this.structFields(ty).map(f => f.ty)
          : d.variants.flatMap(v => this.variantFields(ty, v).map(f => f.ty));
        return fieldTys.every(f => (f.k === 'adt' && f.name === ty.name) || this.has(f, tr));
      }
      case 'fn': case 'dyn': return tr === 'Clone';
      case 'param': return false;
      case 'chan': return tr === 'Clone';
    }
  }

  /** True if `ty` may appear in a Rust-compatible program. */
  rustOk(ty: Ty): boolean {
    switch (ty.k) {
      case 'chan': return false;
      case 'adt': {
        const d = this.adt(ty.name);
        return !(d.kind === 'enum' && d.recursive) && ty.args.every(a => this.rustOk(a));
      }
      case 'tuple': return ty.el.every(e => this.rustOk(e));
      case 'array': case 'vec': case 'opt': return this.rustOk(ty.el);
      case 'map': return this.rustOk(ty.key) && this.rustOk(ty.val);
      case 'res': return this.rustOk(ty.ok) && this.rustOk(ty.err);
      case 'fn': return ty.params.every(p => this.rustOk(p)) && this.rustOk(ty.ret);
      default: return true;
    }
  }
}

export function subst(ty: Ty, params: string[], args: Ty[]): Ty {
  if (params.length === 0) return ty;
  switch (ty.k) {
    case 'param': {
      const i = params.indexOf(ty.name);
      return i >= 0 ? args[i] : ty;
    }
    case 'tuple': return { k: 'tuple', el: ty.el.map(e => subst(e, params, args)) };
    case 'array': return { k: 'array', el: subst(ty.el, params, args), len: ty.len };
    case 'vec': return { k: 'vec', el: subst(ty.el, params, args) };
    case 'opt': return { k: 'opt', el: subst(ty.el, params, args) };
    case 'chan': return { k: 'chan', el: subst(ty.el, params, args) };
    case 'map': return { k: 'map', key: subst(ty.key, params, args), val: subst(ty.val, params, args) };
    case 'res': return { k: 'res', ok: subst(ty.ok, params, args), err: subst(ty.err, params, args) };
    case 'adt': return { k: 'adt', name: ty.name, args: ty.args.map(a => subst(a, params, args)) };
    case 'fn': return { k: 'fn', params: ty.params.map(p => subst(p, params, args)), ret: subst(ty.ret, params, args) };
    default: return ty;
  }
}

/** A canonical text for a type, for equality and as a map key. */
export function tyKey(ty: Ty): string {
  return showTy(ty, 'rust');
}

export function sameTy(a: Ty, b: Ty): boolean {
  return tyKey(a) === tyKey(b);
}

/** True for types whose values Rust copies implicitly (no `.clone()` needed). */
export function isCopy(ty: Ty): boolean {
  return ty.k === 'int' || ty.k === 'float' || ty.k === 'bool' || ty.k === 'char' || ty.k === 'unit';
}

export function isNumeric(ty: Ty): boolean { return ty.k === 'int' || ty.k === 'float'; }

/**
 * The type as written in each language. Gossamer spells i64 as `int` or `i64` at random
 * when `spell` is given (they are one type); Rust has `Rc<dyn Fn..>` for function values
 * and `Rc<dyn T>` for trait objects.
 */
export function showTy(ty: Ty, lang: 'gos' | 'rust', spell?: () => boolean): string {
  const s = (x: Ty) => showTy(x, lang, spell);
  switch (ty.k) {
    case 'int': return lang === 'gos' && ty.n === 'i64' && spell?.() ? 'int' : ty.n;
    case 'float': return ty.n;
    case 'bool': return 'bool';
    case 'char': return 'char';
    case 'str': return 'String';
    case 'unit': return '()';
    case 'tuple': return ty.el.length === 1 ? `(${s(ty.el[0])},)` : `(${ty.el.map(s).join(', ')})`;
    case 'array': return `[${s(ty.el)}; ${ty.len}]`;
    case 'vec': return `Vec<${s(ty.el)}>`;
    case 'map': return `HashMap<${s(ty.key)}, ${s(ty.val)}>`;
    case 'opt': return `Option<${s(ty.el)}>`;
    case 'res': return `Result<${s(ty.ok)}, ${s(ty.err)}>`;
    case 'adt': return ty.args.length === 0 ? ty.name : `${ty.name}<${ty.args.map(s).join(', ')}>`;
    case 'fn': {
      const ret = ty.ret.k === 'unit' ? '' : ` -> ${s(ty.ret)}`;
      return lang === 'gos' ? `fn(${ty.params.map(s).join(', ')})${ret}` : `Rc<dyn Fn(${ty.params.map(s).join(', ')})${ret}>`;
    }
    case 'dyn': return lang === 'gos' ? `dyn ${ty.trait}` : `Rc<dyn ${ty.trait}>`;
    case 'param': return ty.name;
    case 'chan': return `Chan<${s(ty.el)}>`;
  }
}

/** Does the type mention a type parameter? */
export function hasParam(ty: Ty): boolean {
  switch (ty.k) {
    case 'param': return true;
    case 'tuple': return ty.el.some(hasParam);
    case 'array': case 'vec': case 'opt': case 'chan': return hasParam(ty.el);
    case 'map': return hasParam(ty.key) || hasParam(ty.val);
    case 'res': return hasParam(ty.ok) || hasParam(ty.err);
    case 'adt': return ty.args.some(hasParam);
    case 'fn': return ty.params.some(hasParam) || hasParam(ty.ret);
    default: return false;
  }
}

/** How many type constructors deep the type is (a bound on generated values' size). */
export function tyDepth(ty: Ty): number {
  switch (ty.k) {
    case 'tuple': return 1 + Math.max(0, ...ty.el.map(tyDepth));
    case 'array': case 'vec': case 'opt': case 'chan': return 1 + tyDepth(ty.el);
    case 'map': return 1 + Math.max(tyDepth(ty.key), tyDepth(ty.val));
    case 'res': return 1 + Math.max(tyDepth(ty.ok), tyDepth(ty.err));
    case 'adt': return 1 + Math.max(0, ...ty.args.map(tyDepth));
    case 'fn': return 1 + Math.max(tyDepth(ty.ret), ...ty.params.map(tyDepth));
    default: return 0;
  }
}

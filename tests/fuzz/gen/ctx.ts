// The generator's state while it writes one program: the random source, the program's
// types, functions and traits declared so far, the variables in scope, and the budgets
// that keep every generated program small and quick to run.

import { Node, mk, t, text, text2 } from '../node.js';
import { Rng } from '../rng.js';
import {
  BOOL, CHAR, F32, F64, I64, INT, INT_NAMES, IntName, STR, Trait, Ty, UNIT, World, hasParam, intRange,
  isCopy, showTy, tyDepth,
} from '../types.js';

export interface Var {
  name: string;
  ty: Ty;
  mut: boolean;
  /** The closure nesting level the variable was declared at (captures cross levels). */
  level: number;
  /** A loop depends on it (a counter, a vector being drained): the body may not change it. */
  frozen?: boolean;
  /** Rust-compatible programs may not capture it in a closure (`self`, generic values). */
  noCapture?: boolean;
}

export interface FnInfo {
  name: string;
  params: Ty[];
  ret: Ty;
  /** Estimated work of one call, in statements executed. */
  cost: number;
  /** No output and no effect on its arguments: callable from goroutines. */
  pure: boolean;
  /** Type parameters with their bounds (trait names) for a generic function. */
  tparams?: { name: string; bounds: string[] }[];
}

export interface TraitMethod { name: string; params: Ty[]; ret: Ty; hasDefault: boolean }

export interface TraitInfo {
  name: string;
  methods: TraitMethod[];
  /** Supertraits (their methods are callable on implementors and through dyn). */
  supers: string[];
  /** Types with an impl, in both languages. */
  implementors: Ty[];
}

export interface MethodInfo {
  /** The struct or enum name. */
  owner: string;
  name: string;
  params: Ty[];
  ret: Ty;
  /** Takes `&mut self` and assigns fields: needs a mutable place in Rust. */
  mutates: boolean;
  /** An associated function (no self), such as `new`. */
  assoc: boolean;
  cost: number;
}

export interface Loop { label: string | null; /** `loop` whose break may carry a value */ }

/** Where the statement being generated sits. */
export interface FnFrame {
  ret: Ty;
  loops: Loop[];
  /** Whether `?` may be used (the function returns Option or Result). */
  tryTy: Ty | null;
  /** Gossamer only: a `defer` may be registered here. */
  deferOk: boolean;
}

export const MAX_COST = 4000;
export const MAX_PRINTS = 300;

export class Gen {
  readonly world = new World();
  readonly fns: FnInfo[] = [];
  readonly traits: TraitInfo[] = [];
  readonly methods: MethodInfo[] = [];
  /** Bounds of the type parameters of the generic function being written. */
  readonly paramBounds = new Map<string, string[]>();

  private scopes: Var[][] = [[]];
  private names = new Map<string, number>();
  level = 0;
  /** Variables captured by the closure being generated, per closure level. */
  captures: Set<Var>[] = [];
  frame: FnFrame = { ret: UNIT, loops: [], tryTy: null, deferOk: false };

  /** Work and output of the function being written, with the loop multiplier. */
  cost = 0;
  prints = 0;
  mult = 1;
  /** Gossamer-only constructs appear when false. */
  readonly rust: boolean;
  /**
   * Inside a goroutine body (the closure level it starts at): variables from outside are
   * readable only if immutable values, nothing prints, only pure functions are called, so
   * that the output cannot depend on scheduling.
   */
  conc: number | null = null;
  /** While writing method bodies: no method calls (they could recurse forever). */
  noMethods = false;
  /** While writing trait default bodies: only methods without a default may be called. */
  onlyRequired = false;
  /** The function being written printed, deferred or called something that might. */
  impure = false;
  /** Uses of `std::sync` and channels, for the `use` lines. */
  usesSync = false;
  usesMap = false;

  constructor(readonly rng: Rng, rust: boolean) {
    this.rust = rust;
  }

  // ---------------------------------------------------------------- names and scopes

  fresh(prefix: string): string {
    const n = this.names.get(prefix) ?? 0;
    this.names.set(prefix, n + 1);
    return `${prefix}${n}`;
  }

  push(): void { this.scopes.push([]); }
  pop(): void { this.scopes.pop(); }

  declare(name: string, ty: Ty, mut: boolean): Var {
    const v: Var = { name, ty, mut, level: this.level };
    this.scopes[this.scopes.length - 1].push(v);
    return v;
  }

  /** Runs `body` in a fresh scope stack (a new function), restoring everything after. */
  inFunction<T>(frame: FnFrame, body: () => T): T {
    const saved = {
      scopes: this.scopes, level: this.level, captures: this.captures, frame: this.frame,
      cost: this.cost, prints: this.prints, mult: this.mult, impure: this.impure, conc: this.conc,
    };
    this.impure = false;
    this.conc = null;
    this.scopes = [[]];
    this.level = 0;
    this.captures = [];
    this.frame = frame;
    this.cost = 0;
    this.prints = 0;
    this.mult = 1;
    try {
      return body();
    } finally {
      Object.assign(this, saved);
    }
  }

  /** Every visible variable, innermost last; shadowed ones are left out. */
  visible(): Var[] {
    const seen = new Set<string>();
    const out: Var[] = [];
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      for (let j = this.scopes[i].length - 1; j >= 0; j--) {
        const v = this.scopes[i][j];
        if (seen.has(v.name)) continue;
        seen.add(v.name);
        out.push(v);
      }
    }
    return out;
  }

  /** Can this variable be read here? Rust closures capture only immutable variables. */
  readable(v: Var): boolean {
    if (this.conc !== null && v.level < this.conc && (v.mut || !(isCopy(v.ty) || v.ty.k === 'str'))) return false;
    return !(this.rust && v.level < this.level && (v.mut || v.noCapture));
  }

  /** Can this variable be assigned (or its object mutated, in Rust) here? */
  writable(v: Var): boolean {
    if (!v.mut || v.frozen) return false;
    return v.level === this.level || !this.rust;
  }

  /** Records a read of `v`: inside a closure, a variable from outside is a capture. */
  use(v: Var): void {
    for (let l = v.level; l < this.level; l++) this.captures[l]?.add(v);
  }

  varsOf(ty: Ty): Var[] {
    const key = showTy(ty, 'rust');
    return this.visible().filter(v => this.readable(v) && showTy(v.ty, 'rust') === key);
  }

  // ---------------------------------------------------------------- budgets

  /** Can `n` more units of work (each done `mult` times) be afforded? */
  affords(n: number): boolean { return this.cost + n * this.mult <= MAX_COST; }
  spend(n: number): void { this.cost += n * this.mult; }

  /** Runs `body` as the body of a loop of `iters` iterations. */
  inLoop<T>(iters: number, loop: Loop, body: () => T): T {
    const saved = this.mult;
    this.mult *= Math.max(1, iters);
    this.frame.loops.push(loop);
    try {
      return body();
    } finally {
      this.frame.loops.pop();
      this.mult = saved;
    }
  }

  canPrint(): boolean { return this.conc === null && this.prints + this.mult <= MAX_PRINTS; }

  // ---------------------------------------------------------------- types

  /** `T` as written in each language: a node so templates can hold it. */
  tyNode(ty: Ty): Node {
    return text2(showTy(ty, 'gos', () => this.rng.chance(0.5)), showTy(ty, 'rust'));
  }

  /** A random type, at most `depth` constructors deep, usable in this program's mode. */
  randomTy(depth: number, opts: { noFn?: boolean; noDyn?: boolean; key?: boolean } = {}): Ty {
    const rng = this.rng;
    const scalar = (): Ty => rng.weighted<Ty>([
      [5, I64], [4, INT[rng.pick(INT_NAMES)]], [2, F64], [1, F32], [2, BOOL], [2, CHAR], [3, STR],
    ]);
    if (opts.key) {
      const k = rng.weighted<Ty>([[5, I64], [2, INT[rng.pick(INT_NAMES)]], [2, BOOL], [2, CHAR], [4, STR]]);
      if (depth > 0 && rng.chance(0.15)) return { k: 'tuple', el: [k, this.randomTy(0, { key: true })] };
      return k;
    }
    if (depth <= 0) return scalar();
    const adts = [...this.world.adts.values()].filter(d => d.params.length === 0 && (!this.rust || this.world.rustOk({ k: 'adt', name: d.name, args: [] })));
    const generic = [...this.world.adts.values()].filter(d => d.params.length > 0);
    const dyns = this.traits.filter(tr => tr.implementors.length > 0);
    return rng.weighted<() => Ty>([
      [10, scalar],
      [2, () => ({ k: 'tuple', el: Array.from({ length: rng.int(1, 3) }, () => this.randomTy(depth - 1, opts)) })],
      [1, () => ({ k: 'array', el: this.randomTy(depth - 1, opts), len: rng.int(1, 4) })],
      [3, () => ({ k: 'vec', el: this.randomTy(depth - 1, opts) })],
      [2, () => ({ k: 'opt', el: this.randomTy(depth - 1, opts) })],
      [1, () => ({ k: 'res', ok: this.randomTy(depth - 1, opts), err: rng.chance(0.7) ? STR : this.randomTy(depth - 1, opts) })],
      [1, () => { this.usesMap = true; return { k: 'map', key: this.randomTy(depth - 1, { key: true }), val: this.randomTy(depth - 1, opts) }; }],
      [adts.length > 0 ? 4 : 0, () => ({ k: 'adt', name: rng.pick(adts).name, args: [] })],
      [generic.length > 0 ? 1 : 0, () => {
        const d = rng.pick(generic);
        return { k: 'adt', name: d.name, args: d.params.map(() => this.randomTy(depth - 1, { noFn: true, noDyn: true })) };
      }],
      [opts.noFn ? 0 : 1, () => ({ k: 'fn', params: Array.from({ length: rng.int(0, 2) }, () => scalar()), ret: this.randomTy(depth - 1, { noFn: true }) })],
      [opts.noDyn || dyns.length === 0 ? 0 : 1, () => ({ k: 'dyn', trait: rng.pick(dyns).name })],
    ])();
  }

  /** Types that a value of can be built anywhere (no type parameters, not too deep). */
  constructible(ty: Ty): boolean {
    return !hasParam(ty) && tyDepth(ty) <= 4;
  }

  has(ty: Ty, tr: Trait): boolean {
    if (ty.k === 'param') return (this.paramBounds.get(ty.name) ?? []).includes(tr);
    return this.world.has(ty, tr);
  }

  // ---------------------------------------------------------------- literals

  intLit(n: IntName, v: bigint, bare = false): Node {
    const ty = INT[n];
    const [lo] = intRange(n);
    if (v === lo && n[0] === 'i' && this.rng.chance(0.5)) return text(`${n}::MIN`, ty);
    const abs = v < 0n ? -v : v;
    let digits = abs.toString();
    // Other radixes only for non-negative values: `-0x80i8` is an overflowing literal in Rust.
    const form = v < 0n ? 9 : this.rng.int(0, 9);
    if (form === 0) digits = '0x' + abs.toString(16);
    else if (form === 1 && abs < 256n) digits = '0b' + abs.toString(2);
    else if (form === 2) digits = '0o' + abs.toString(8);
    else if (form === 3 && digits.length > 3) digits = digits.replace(/\B(?=(\d{3})+$)/g, '_');
    const suffix = bare ? '' : n === 'i64' && this.rng.chance(0.3) ? 'int' : n;
    const gos = v < 0n ? `(-${digits}${suffix})` : `${digits}${suffix}`;
    const rust = v < 0n ? `(-${digits}${n})` : `${digits}${n}`;
    return text2(gos, rust, ty);
  }

  /** An interesting value of an integer type: edges, small numbers, random bits. */
  intValue(n: IntName): bigint {
    const [lo, hi] = intRange(n);
    const rng = this.rng;
    const v = rng.weighted<() => bigint>([
      [6, () => BigInt(rng.int(-3, 10))],
      [3, () => BigInt(rng.int(-100, 1000))],
      [1, () => lo], [1, () => hi], [1, () => lo + 1n], [1, () => hi - 1n],
      [1, () => BigInt(rng.pick([127, 128, 255, 256, 32767, 32768, 65535, 65536, 2147483647, 2147483648, 4294967295]))],
      [2, () => rng.big64()],
    ])();
    const bits = BigInt(Number(n.slice(1)));
    const mod = 1n << bits;
    let w = ((v % mod) + mod) % mod;
    if (n[0] === 'i' && w > hi) w -= mod;
    return w < lo ? lo : w;
  }

  floatLit(ty: Ty & { k: 'float' }): Node {
    const rng = this.rng;
    const special = rng.int(0, 20);
    if (special === 0) return text(`${ty.n}::${rng.pick(['NAN', 'INFINITY', 'NEG_INFINITY', 'MAX', 'MIN', 'EPSILON', 'MIN_POSITIVE'])}`, ty);
    const v = rng.weighted<() => number>([
      [5, () => rng.int(-20, 20) / 4],
      [3, () => rng.pick([0, 0.1, 0.2, 0.3, 1e-7, 1.5e-5, 1e15, 1e16, 1e21, 123456.789, 0.5, 2.5, 1e300, 3.4e38, 1e-300, 16777217])],
      [3, () => (rng.float() - 0.5) * 10 ** rng.int(-8, 12)],
    ])();
    let s = String(Math.abs(v));
    if (!/[.e]/.test(s)) s += '.0';
    const bare = rng.chance(0.3) && ty.n === 'f64';
    const lit = `${s}${bare ? '' : ty.n}`;
    const rlit = `${s}${ty.n}`;
    return v < 0 || Object.is(v, -0) ? text2(`(-${lit})`, `(-${rlit})`, ty) : text2(lit, rlit, ty);
  }

  charLit(): Node {
    return text(`'${this.rng.pick(CHARS)}'`, CHAR);
  }

  strText(): string {
    const rng = this.rng;
    const n = rng.weighted([[2, 0], [6, rng.int(1, 4)], [1, rng.int(5, 12)]]);
    let s = '';
    for (let i = 0; i < n; i++) s += rng.weighted([[6, rng.pick(WORDS)], [3, rng.pick(CHARS)], [1, ' ']]);
    return s;
  }

  strLit(): Node {
    const body = this.strText().replace(/\\'/g, "'");
    const lit = `"${body}"`;
    const form = this.rng.int(0, 3);
    const gos = form === 0 ? `${lit}.to_string()` : form === 1 ? `String::from(${lit})` : lit;
    return text2(gos, `String::from(${lit})`, STR);
  }

  /** A literal-like value of `ty`, with no variables: what the minimizer replaces with too. */
  plain(ty: Ty, depth = 2): Node {
    const rng = this.rng;
    switch (ty.k) {
      case 'int': return this.intLit(ty.n, this.intValue(ty.n));
      case 'float': return this.floatLit(ty);
      case 'bool': return text(rng.chance(0.5) ? 'true' : 'false', ty);
      case 'char': return this.charLit();
      case 'str': return this.strLit();
      case 'unit': return text('()', ty);
      case 'tuple': {
        const els = ty.el.map(e => this.plain(e, depth - 1));
        return els.length === 1 ? mk(ty, t`(${els[0]},)`) : mk(ty, joinT('(', els, ', ', ')'));
      }
      case 'array': {
        if (rng.chance(0.4) && (isCopy(ty.el) || !this.rust)) return mk(ty, t`[${this.plain(ty.el, depth - 1)}; ${String(ty.len)}]`);
        return mk(ty, joinT('[', Array.from({ length: ty.len }, () => this.plain(ty.el, depth - 1)), ', ', ']'));
      }
      case 'vec': {
        const n = depth <= 0 ? 0 : rng.int(0, 3);
        if (n === 0) return mk(ty, t`Vec::<${this.tyNode(ty.el)}>::new()`);
        return mk(ty, joinT('vec![', Array.from({ length: n }, () => this.plain(ty.el, depth - 1)), ', ', ']'));
      }
      case 'opt':
        if (depth <= 0 || rng.chance(0.3)) return this.typed(ty, text('None'));
        return mk(ty, t`Some(${this.plain(ty.el, depth - 1)})`);
      case 'res':
        return rng.chance(0.6) ? this.typed(ty, mk(undefined, t`Ok(${this.plain(ty.ok, depth - 1)})`))
          : this.typed(ty, mk(undefined, t`Err(${this.plain(ty.err, depth - 1)})`));
      case 'map': return mk(ty, t`HashMap::<${this.tyNode(ty.key)}, ${this.tyNode(ty.val)}>::new()`);
      case 'adt': return this.adtPlain(ty, depth);
      case 'fn': {
        const params = ty.params.map((p, i) => mk(undefined, t`_p${String(i)}: ${this.tyNode(p)}`));
        const body = this.plain(ty.ret, depth - 1);
        return closureNode(ty, params, this.tyNode(ty.ret), body, [], this.rust);
      }
      case 'dyn': {
        const tr = this.traits.find(x => x.name === ty.trait)!;
        const impl = rng.pick(tr.implementors);
        return dynNode(ty, this.plain(impl, depth - 1));
      }
      case 'param': throw new Error('no plain value of a type parameter');
      case 'chan': return mk(ty, t`Chan::<${this.tyNode(ty.el)}>::new(${String(rng.int(0, 3))})`, null);
    }
  }

  private adtPlain(ty: Ty & { k: 'adt' }, depth: number): Node {
    const d = this.world.adt(ty.name);
    if (d.kind === 'struct') {
      const fields = this.world.structFields(ty);
      if (d.tuple) return mk(ty, joinT(`${d.name}(`, fields.map(f => this.plain(f.ty, depth - 1)), ', ', ')'));
      if (fields.length === 0) return text(d.name, ty);
      const inits = fields.map(f => mk(undefined, t`${f.name}: ${this.plain(f.ty, depth - 1)}`));
      // Parenthesized: a struct literal may not stand in an `if`, `match` or `for` head.
      return mk(ty, joinT(`(${d.name} { `, inits, ', ', ' })'));
    }
    // The first variant whose payload does not hold the enum itself ends the recursion.
    const vs = d.variants.filter(v => depth > 0 || v.fields.every(f => !(f.ty.k === 'adt' && f.ty.name === d.name)));
    const v = this.rng.pick(vs.length > 0 ? vs : d.variants);
    const fields = this.world.variantFields(ty, v);
    const head = `${d.name}::${v.name}`;
    const node = v.shape === 'unit' ? text(head)
      : v.shape === 'tuple' ? mk(undefined, joinT(`${head}(`, fields.map(f => this.plain(f.ty, depth - 1)), ', ', ')'))
      : mk(undefined, joinT(`(${head} { `, fields.map(f => mk(undefined, t`${f.name}: ${this.plain(f.ty, depth - 1)}`)), ', ', ' })'));
    return d.params.length > 0 ? this.typed(ty, node) : { ...node, ty };
  }

  /** `{ let v: T = e; v }`: gives `e` the type it needs where nothing else would. */
  typed(ty: Ty, e: Node): Node {
    const v = this.fresh('tv');
    return { ...mk(ty, t`{ let ${v}: ${this.tyNode(ty)} = ${e}; ${v} }`), blockLike: true };
  }
}

/** `open kid0 sep kid1 sep ... close` as a template. */
export function joinT(open: string, kids: Node[], sep: string, close: string): { parts: (string | number)[]; holes: Node[] } {
  const parts: (string | number)[] = [open];
  kids.forEach((_k, i) => {
    if (i > 0) parts.push(sep);
    parts.push(-1 - i);
  });
  parts.push(close);
  return { parts, holes: kids };
}

/**
 * A closure of type `ty`. Gossamer: `|a: A| -> R { body }` (captures by reference).
 * Rust: `Rc<dyn Fn>` around a `move` closure that owns clones of its captures.
 */
export function closureNode(ty: Ty, params: Node[], ret: Node, body: Node, captures: string[], rust: boolean): Node {
  const head = joinT('|', params, ', ', '|');
  const gosParts: Node = mk(undefined, head);
  const retTy = ty.k === 'fn' ? ty.ret : UNIT;
  const g = retTy.k === 'unit' ? t`${gosParts} { ${body}; }` : t`${gosParts} -> ${ret} { ${body} }`;
  if (!rust) return mk(ty, g, null);
  const clones = captures.map(c => `let ${c} = ${c}.clone(); `).join('');
  const fnTy = text(showTy(ty, 'rust'));
  const r = retTy.k === 'unit'
    ? t`{ ${clones}(Rc::new(move ${gosParts} { ${body}; }) as ${fnTy}) }`
    : t`{ ${clones}(Rc::new(move ${gosParts} -> ${ret} { ${body} }) as ${fnTy}) }`;
  return mk(ty, g, r);
}

/** A value boxed as `dyn Trait`. */
export function dynNode(ty: Ty & { k: 'dyn' }, e: Node): Node {
  return mk(ty, t`(${e} as dyn ${ty.trait})`, t`(Rc::new(${e}) as Rc<dyn ${ty.trait}>)`);
}

const CHARS = [
  'a', 'b', 'z', 'A', 'Q', '0', '7', ' ', '_', '-', ',', '.', '!', '{', '}', '#', '%', '/',
  '\\\\', '\\"', "\\'", '\\n', '\\t', '\\r', '\\0', '\\x41', '\\x7f', '\\u{e9}', 'é', 'ß', 'ø', 'Ω',
  'ж', '中', '日', '€', '\\u{1F600}', '😀', '\\u{301}', '\\u{200B}', '\\u{feff}', '\\u{10FFFF}', 'ǅ', 'ﬁ', 'İ',
];
const WORDS = ['alpha', 'beta', 'x', 'hello', 'Gossamer', 'rust', 'go', 'naïve', 'Straße', 'ÉCOLE', '한국', 'ok', '42', '-7', '3.5', 'true', 'a,b', ' sp '];

export { F32 };

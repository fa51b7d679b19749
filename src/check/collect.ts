// Collection: builds the module tree and a Def for every item, resolves `use` imports,
// turns AST types in signatures into semantic types, and gathers impls per type and trait.
// Bodies are checked later, per instantiation (see body.ts).

import * as ast from '../syntax/ast.js';
import { DiagnosticBag } from '../diag/index.js';
import { Program } from '../driver/program.js';
import { Span } from '../source/index.js';
import { StdTypes, resolveStdTypes } from './std.js';
import { assocIndex, assocTypeParams, paramAssoc, traitRefArgs } from './assoc.js';
import {
  AdtDef, AliasDef, BuiltinTypeDef, ConstDef, Def, FieldInfo, FnDef, ImplDef, ModuleDef, PrimName,
  StaticDef, TraitDef, TraitRef, Ty, TypeParamDef, VariantInfo, ERROR, STRING, UNIT, NEVER, USIZE, ISIZE, prim,
  makeSubst, substTy, tyToString, showTy,
} from './types.js';
import { didYouMean } from '../diag/suggest.js';
import { rustSpellingHint } from './rust-names.js';
import { checkSupertraitCycles, checkUnbuildableTypes, reportCycle } from './cycles.js';


const PRIM_NAMES: Record<string, PrimName> = {
  i8: 'i8', i16: 'i16', i32: 'i32', i64: 'i64', int: 'i64', u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64',
  f32: 'f32', f64: 'f64', bool: 'bool', char: 'char', usize: 'u32', isize: 'i32',
};
const BUILTIN_TYPES = new Set(['String', 'RawBuf', ...Object.keys(PRIM_NAMES)]);

/** The scope in which AST types are resolved: generic params and `Self`. */
export interface TypeScope {
  module: ModuleDef;
  params: Map<string, TypeParamDef>;
  selfTy: Ty | null;
  /** Inside `impl Trait for T`: the trait reference, for `Self::Assoc`. */
  implTrait?: TraitRef;
  /** Inside a trait: Self is this trait's self param. */
  parent: TypeScope | null;
}

export class Collector {
  readonly root: ModuleDef;
  readonly std: ModuleDef;
  readonly runtime: ModuleDef;
  readonly adts: AdtDef[] = [];
  readonly fns: FnDef[] = [];
  readonly traits: TraitDef[] = [];
  readonly impls: ImplDef[] = [];
  readonly consts: ConstDef[] = [];
  readonly statics: StaticDef[] = [];
  /** Inherent impls by the self type's head key ("adt#3", "String", "i64", ...). */
  readonly inherent = new Map<string, ImplDef[]>();
  prelude: ModuleDef | null = null;
  /** Known traits by name, from the prelude (Clone, Debug, PartialEq, Hash, Ord, ...). */
  readonly langTraits = new Map<string, TraitDef>();
  /** The std types the compiler knows (check/std.ts), resolved after collection. */
  stdTypes: StdTypes;
  private pendingImpls: { item: ast.ImplItem; module: ModuleDef }[] = [];
  private nextId = 1;
  /** Type aliases and consts being expanded or evaluated: a repeat is a cycle (cycles.ts). */
  private readonly expanding: AliasDef[] = [];
  readonly evaluating: ConstDef[] = [];
  /** How many constant cycles were found, so an evaluation that met one says nothing more. */
  constCycles = 0;
  private readonly aliases: AliasDef[] = [];
  private resolvingUse = new Set<string>();

  constructor(readonly program: Program, readonly diags: DiagnosticBag) {
    this.root = this.newModule([], null, false, 0);
    this.std = this.newModule(['std'], null, true, 0);
    this.runtime = this.newModule(['runtime'], null, true, 0);
    this.stdTypes = resolveStdTypes(this.std);
  }

  /** A new id for a definition or type parameter (unique within this program). */
  freshId(): number { return this.nextId++; }

  newModule(path: string[], parent: ModuleDef | null, privileged: boolean, file: number): ModuleDef {
    return { kind: 'module', path, types: new Map(), values: new Map(), globs: [], parent, privileged, uses: [], file };
  }

  // ------------------------------------------------------------ phase 1: declare

  collect(): void {
    for (const pm of this.program.modules) {
      let mod: ModuleDef;
      if (pm.path.length === 0) mod = this.root;
      else if (pm.path[0] === 'runtime') mod = this.runtime;
      else if (pm.path[0] === 'std') {
        mod = this.std;
        for (const seg of pm.path.slice(1)) {
          let child = mod.types.get(seg);
          if (!child || child.kind !== 'module') {
            child = this.newModule([...mod.path, seg], mod, true, pm.module.file);
            mod.types.set(seg, child);
          }
          mod = child;
        }
      } else continue;
      mod.file = pm.module.file;
      mod.privileged = pm.privileged;
      this.declareItems(pm.module.items, mod);
    }
    const prelude = this.std.types.get('prelude');
    if (prelude && prelude.kind === 'module') this.prelude = prelude;
    this.stdTypes = resolveStdTypes(this.std);
    // Resolve every pending use now so errors are reported once.
    for (const m of this.allModules()) this.resolveUses(m);
    for (const a of this.adts) this.resolveAdt(a);
    this.fixVariantImports();
    for (const t of this.traits) this.resolveTrait(t);
    checkSupertraitCycles(this);
    for (const p of this.pendingImpls) this.declareImpl(p.item, p.module);
    for (const c of this.consts) this.resolveConst(c);
    for (const s of this.statics) s.ty = this.resolveType(s.item.ty, this.moduleScope(s.module));
    for (const f of this.fns) if (!f.impl && !f.trait) this.resolveFnSig(f, this.moduleScope(f.module));
    if (this.prelude) {
      for (const [name, d] of this.prelude.types) {
        if (d.kind === 'trait') this.langTraits.set(name, d);
      }
    }
    for (const a of this.adts) this.deriveImpls(a);
    checkUnbuildableTypes(this, this.adts.filter(a => !a.module.privileged));
    // Expand every alias once, used or not, so that a cycle among them is always reported.
    for (const a of this.aliases) {
      if (!a.module.privileged) this.typeFromDef(a, a.generics.map(p => ({ k: 'param', def: p } as Ty)), a.item.name, this.moduleScope(a.module));
    }
  }

  /** `use Enum::Variant` is resolved before variants have fields: point them at the real ones. */
  private fixVariantImports(): void {
    const fix = (m: ModuleDef) => {
      for (const d of m.values.values()) {
        if (d.kind !== 'variant') continue;
        const real = d.adt.variants.find(v => v.name === d.variant.name);
        if (real) d.variant = real;
      }
    };
    for (const m of this.allModules()) { fix(m); m.globs.forEach(fix); }
  }

  *allModules(): Generator<ModuleDef> {
    const stack = [this.root, this.std, this.runtime];
    const seen = new Set<ModuleDef>();
    while (stack.length) {
      const m = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      yield m;
      for (const d of m.types.values()) if (d.kind === 'module' && d.parent === m) stack.push(d);
    }
  }

  private define(ns: 'types' | 'values', mod: ModuleDef, name: string, def: Def, span: Span): void {
    const map = mod[ns];
    if (map.has(name)) {
      this.diags.error(`the name \`${name}\` is defined multiple times`, span, `\`${name}\` must be defined only once in this module`);
      return;
    }
    map.set(name, def);
  }

  private genericParams(g: ast.Generics): TypeParamDef[] {
    return g.params.map(p => ({ name: p.name.name, id: this.freshId(), bounds: [], span: p.span }));
  }

  declareItems(items: ast.Item[], mod: ModuleDef): void {
    for (const item of items) {
      switch (item.kind) {
        case 'fn': {
          const f = this.newFn(item, mod, [], null, null, null);
          this.define('values', mod, item.name.name, f, item.name.span);
          // Items declared inside the body are hoisted to the module (visible module-wide).
          const nested = nestedItems(item.body);
          if (nested.length) this.declareItems(nested, mod);
          break;
        }
        case 'struct': case 'enum': {
          const a: AdtDef = {
            kind: 'adt', adt: item.kind, name: item.name.name, path: this.qualify(mod, item.name.name), item, module: mod,
            generics: this.genericParams(item.generics), variants: [], derives: new Set(),
            tupleLike: item.kind === 'struct' && item.shape.kind === 'tuple',
            unitLike: item.kind === 'struct' && item.shape.kind === 'unit',
            cLike: false, id: this.freshId(),
          };
          for (const attr of item.attrs) if (attr.name === 'derive') for (const d of attr.args) a.derives.add(d.name);
          this.adts.push(a);
          this.define('types', mod, item.name.name, a, item.name.span);
          if (a.tupleLike || a.unitLike) mod.values.set(item.name.name, a);
          break;
        }
        case 'trait': {
          const selfParam: TypeParamDef = { name: 'Self', id: this.freshId(), bounds: [], span: item.name.span };
          const assoc = assocTypeParams(item, () => this.freshId());
          const t: TraitDef = {
            kind: 'trait', name: item.name.name, path: this.qualify(mod, item.name.name), item, module: mod,
            generics: [...this.genericParams(item.generics), ...assoc], selfParam, methods: new Map(), supertraits: [], impls: [], id: this.freshId(),
            assocTypes: new Map(assoc.map(p => [p.name, p])),
          };
          this.traits.push(t);
          this.define('types', mod, item.name.name, t, item.name.span);
          break;
        }
        case 'const': {
          const c: ConstDef = { kind: 'const', name: item.name.name, path: this.qualify(mod, item.name.name), item, module: mod, ty: ERROR, id: this.freshId() };
          this.consts.push(c);
          this.define('values', mod, item.name.name, c, item.name.span);
          break;
        }
        case 'static': {
          const s: StaticDef = { kind: 'static', name: item.name.name, path: this.qualify(mod, item.name.name), item, module: mod, ty: ERROR, mutable: item.mutable, id: this.freshId() };
          this.statics.push(s);
          this.define('values', mod, item.name.name, s, item.name.span);
          break;
        }
        case 'use':
          mod.uses.push({ tree: item.tree, prefix: [], pub: item.pub });
          break;
        case 'mod': {
          const child = this.newModule([...mod.path, item.name.name], mod, mod.privileged, mod.file);
          this.define('types', mod, item.name.name, child, item.name.span);
          if (item.items) this.declareItems(item.items, child);
          break;
        }
        case 'type': {
          const a: AliasDef = { kind: 'alias', name: item.name.name, item, module: mod, generics: this.genericParams(item.generics) };
          this.aliases.push(a);
          this.define('types', mod, item.name.name, a, item.name.span);
          break;
        }
        case 'impl':
          this.pendingImpls.push({ item, module: mod });
          break;
        default: { const n: never = item; void n; }
      }
    }
  }

  qualify(mod: ModuleDef, name: string): string {
    return [...mod.path, name].join('::');
  }

  newFn(item: ast.FnItem, mod: ModuleDef, outer: TypeParamDef[], impl: ImplDef | null, trait: TraitDef | null, selfTy: Ty | null): FnDef {
    const own = this.genericParams(item.generics);
    const isImport = item.attrs.some(a => a.name === 'import');
    const isIntrinsic = item.attrs.some(a => a.name === 'intrinsic');
    const prefix = impl ? tyToString(impl.selfTy) + '::' : trait ? trait.name + '::' : '';
    const f: FnDef = {
      kind: 'fn', name: item.name.name, path: prefix ? prefix + item.name.name : this.qualify(mod, item.name.name), item, module: mod,
      generics: [...outer, ...own], ownGenericsStart: outer.length, params: [], ret: UNIT,
      hasSelf: item.selfParam !== null, selfTy, impl, trait, import: isImport, intrinsic: null, id: this.freshId(),
    };
    if (isIntrinsic) f.intrinsic = selfTy ? `${this.headKey(selfTy)}::${item.name.name}` : item.name.name;
    if ((isIntrinsic || isImport) && !mod.privileged) this.diags.error(`\`#[${isIntrinsic ? 'intrinsic' : 'import'}]\` is only allowed in runtime/ and std/`, item.span);
    if (!item.body && !isImport && !isIntrinsic && !trait) {
      this.diags.error(`function \`${item.name.name}\` has no body`, item.name.span, 'add a body `{ ... }`');
    }
    this.fns.push(f);
    return f;
  }

  // ------------------------------------------------------------ scopes and paths

  moduleScope(mod: ModuleDef): TypeScope {
    return { module: mod, params: new Map(), selfTy: null, parent: null };
  }

  scopeWith(parent: TypeScope, params: TypeParamDef[], selfTy?: Ty | null): TypeScope {
    const m = new Map<string, TypeParamDef>();
    for (const p of params) m.set(p.name, p);
    return { module: parent.module, params: m, selfTy: selfTy === undefined ? parent.selfTy : selfTy, parent };
  }

  /** Look a single name up in a module: own items, imports, globs, prelude. */
  lookupIn(mod: ModuleDef, ns: 'types' | 'values', name: string, usePrelude: boolean): Def | undefined {
    const own = mod[ns].get(name);
    if (own) return own;
    for (const g of mod.globs) {
      const d = g[ns].get(name);
      if (d) return d;
    }
    if (usePrelude && this.prelude && mod !== this.prelude) {
      const d = this.prelude[ns].get(name);
      if (d) return d;
    }
    return undefined;
  }

  /** The module a path's first segment names: crate, self, super, std, runtime, or a child module in scope. */
  private startModule(mod: ModuleDef, first: string): ModuleDef | undefined {
    switch (first) {
      case 'crate': return this.root;
      case 'self': return mod;
      case 'super': return mod.parent ?? undefined;
      case 'std': return this.std;
      case 'runtime': if (mod.privileged) return this.runtime; break;
    }
    const d = this.lookupIn(mod, 'types', first, true);
    if (d && d.kind === 'module') return d;
    return undefined;
  }

  /**
   * Resolve a path of names to a Def. The last segment is looked up in `ns`; earlier
   * segments must be modules (type-relative paths like `Point::new` are handled by the
   * body checker, which calls this for the type part).
   */
  resolvePath(mod: ModuleDef, segs: ast.Ident[], ns: 'types' | 'values', report = true): Def | undefined {
    if (segs.length === 1) {
      const name = segs[0].name;
      const d = this.lookupIn(mod, ns, name, true);
      if (d) return d;
      if (ns === 'types') {
        if (name === 'std') return this.std;
        if (name === 'crate') return this.root;
        if (name === 'runtime' && mod.privileged) return this.runtime;
        if (name === 'super' && mod.parent) return mod.parent;
        if (name === 'self') return mod;
        if (BUILTIN_TYPES.has(name)) return { kind: 'builtinType', name } satisfies BuiltinTypeDef;
      }
      if (report) this.unknownName(mod, segs[0], ns);
      return undefined;
    }
    const names = (): string[] => segs.map(s => s.name);
    const start = this.startModule(mod, segs[0].name);
    if (!start) {
      if (report && !this.importFailed(mod, segs[0].name)) this.diags.error(`unresolved path: no module or type \`${segs[0].name}\` in scope`, segs[0].span,
        rustSpellingHint(names(), 0) ?? (segs[0].name === 'std' ? undefined : 'add a `use` for it, or `mod ' + segs[0].name + ';` for a file beside this one'));
      return undefined;
    }
    let cur: ModuleDef = start;
    for (let i = 1; i < segs.length - 1; i++) {
      const d: Def | undefined = cur.types.get(segs[i].name) ?? this.lookupIn(cur, 'types', segs[i].name, false);
      if (!d || d.kind !== 'module') {
        if (report) this.diags.error(`could not find \`${segs[i].name}\` in \`${cur.path.join('::') || 'crate'}\``, segs[i].span,
          rustSpellingHint(names(), i) ?? didYouMean(segs[i].name, this.moduleNames(cur)));
        return undefined;
      }
      cur = d;
    }
    const last = segs[segs.length - 1];
    this.resolveUses(cur);
    const d = this.lookupIn(cur, ns, last.name, false);
    if (!d && report) {
      this.diags.error(`cannot find \`${last.name}\` in \`${cur.path.join('::') || 'crate'}\``, last.span,
        rustSpellingHint(names(), segs.length - 1) ?? didYouMean(last.name, this.visibleNames(mod, cur, ns)));
    }
    if (d && report) this.checkVisible(mod, cur, d, last);
    return d;
  }

  /**
   * Items are private to their module (and its children) unless `pub`. A `#[test]`
   * function is visible to the whole crate, as Rust's test harness sees it: `gossamer
   * test` calls it from the crate root.
   */
  checkVisible(from: ModuleDef, owner: ModuleDef, d: Def, at: ast.Ident): void {
    if (from.privileged || isAncestor(owner, from) || isPub(d)) return;
    if (d.kind === 'fn' && d.item.attrs.some(a => a.name === 'test')) return;
    this.diags.error(`\`${at.name}\` is private`, at.span, `mark it \`pub\` in \`${owner.path.join('::') || 'crate'}\` to use it here`);
  }

  /** Names whose `use` failed, per module: that error stands for every use of the name. */
  private readonly failedImports = new WeakMap<ModuleDef, Set<string>>();

  private importFailed(mod: ModuleDef, name: string): boolean {
    return this.failedImports.get(mod)?.has(name) ?? false;
  }

  unknownName(mod: ModuleDef, id: ast.Ident, ns: 'types' | 'values', extra: Iterable<string> = []): void {
    if (this.importFailed(mod, id.name)) return;
    const what = ns === 'types' ? 'type' : 'value';
    const candidates = [...extra, ...mod[ns].keys(), ...(this.prelude ? this.prelude[ns].keys() : []), ...(ns === 'types' ? BUILTIN_TYPES : [])];
    this.diags.error(`cannot find ${what} \`${id.name}\` in this scope`, id.span,
      rustSpellingHint([id.name], 0) ?? didYouMean(id.name, candidates));
  }

  /** The modules inside `m`, for "did you mean" (`std::colections` -> `collections`). */
  private moduleNames(m: ModuleDef): string[] {
    return [...m.types].filter(([, d]) => d.kind === 'module').map(([n]) => n);
  }

  /** The names of namespace `ns` of `owner` that `from` can see, for "did you mean". */
  private visibleNames(from: ModuleDef, owner: ModuleDef, ns: 'types' | 'values'): string[] {
    const seesAll = from.privileged || isAncestor(owner, from);
    return [...owner[ns]].filter(([, d]) => seesAll || isPub(d)).map(([n]) => n);
  }

  // ------------------------------------------------------------ use imports

  resolveUses(mod: ModuleDef): void {
    if (mod.uses.length === 0) return;
    const key = mod.path.join('::') + '#' + mod.file;
    if (this.resolvingUse.has(key)) return;
    this.resolvingUse.add(key);
    const uses = mod.uses;
    mod.uses = [];
    for (const u of uses) this.resolveUseTree(mod, u.tree, u.prefix);
    this.resolvingUse.delete(key);
  }

  private resolveUseTree(mod: ModuleDef, tree: ast.UseTree, prefix: ast.Ident[]): void {
    const path = [...prefix, ...tree.path];
    if (tree.kind === 'nested') {
      for (const c of tree.children) this.resolveUseTree(mod, c, path);
      return;
    }
    if (tree.kind === 'glob') {
      const target = path.length ? this.resolvePath(mod, path, 'types') : undefined;
      if (target && target.kind === 'module') { this.resolveUses(target); mod.globs.push(target); }
      else if (target && target.kind === 'adt' && target.adt === 'enum') {
        // `use Shape::*;` brings the variants into scope.
        const pseudo = this.newModule([...mod.path, target.name], mod, mod.privileged, mod.file);
        for (const v of target.variants) pseudo.values.set(v.name, { kind: 'variant', adt: target, variant: v });
        for (const v of (target.item as ast.EnumItem).variants ?? []) {
          if (!pseudo.values.has(v.name.name)) pseudo.values.set(v.name.name, { kind: 'variant', adt: target, variant: { name: v.name.name, index: 0, shape: 'unit', fields: [], discriminant: 0, span: v.span } });
        }
        mod.globs.push(pseudo);
      } else if (target) this.diags.error('`use ...::*` needs a module or an enum', tree.span);
      return;
    }
    if (path.length === 0) return;
    const last = path[path.length - 1];
    const name = tree.alias?.name ?? last.name;
    if (last.name === 'self' && path.length > 1) {
      const d = this.resolvePath(mod, path.slice(0, -1), 'types');
      if (d) mod.types.set(tree.alias?.name ?? path[path.length - 2].name, d);
      return;
    }
    // An enum variant: `use Shape::Circle;`
    if (path.length >= 2) {
      const owner = this.resolvePath(mod, path.slice(0, -1), 'types', false);
      if (owner && owner.kind === 'adt' && owner.adt === 'enum') {
        const v = (owner.item as ast.EnumItem).variants.findIndex(v => v.name.name === last.name);
        if (v >= 0) { mod.values.set(name, { kind: 'variant', adt: owner, variant: owner.variants[v] ?? { name: last.name, index: v, shape: 'unit', fields: [], discriminant: v, span: last.span } }); return; }
      }
    }
    const t = this.resolvePath(mod, path, 'types', false);
    const v = this.resolvePath(mod, path, 'values', false);
    if (!t && !v) {
      this.resolvePath(mod, path, 'types', true);
      let failed = this.failedImports.get(mod);
      if (!failed) this.failedImports.set(mod, failed = new Set());
      failed.add(name);
      return;
    }
    if (path.length >= 2) {
      const owner = this.resolvePath(mod, path.slice(0, -1), 'types', false);
      if (owner && owner.kind === 'module') this.checkVisible(mod, owner, (t ?? v)!, last);
    }
    if (t) mod.types.set(name, t);
    if (v) mod.values.set(name, v);
  }

  // ------------------------------------------------------------ types

  resolveType(t: ast.Type, scope: TypeScope): Ty {
    switch (t.kind) {
      case 'path': return this.resolvePathType(t, scope);
      case 'tuple': return t.elems.length === 0 ? UNIT : { k: 'tuple', elems: t.elems.map(e => this.resolveType(e, scope)) };
      case 'array': {
        const cycles = this.constCycles;
        const len = constIntValue(t.len, this, scope.module);
        if (len === null) {
          if (cycles === this.constCycles) this.diags.error('array length must be an integer constant', t.len.span);
          return ERROR;
        }
        const bad = arrayLenError(len);
        if (bad) { this.diags.error(bad, t.len.span); return ERROR; }
        return { k: 'array', elem: this.resolveType(t.elem, scope), len };
      }
      case 'slice': {
        const vec = this.stdTypes.vec;
        return vec ? { k: 'adt', def: vec, args: [this.resolveType(t.elem, scope)] } : ERROR;
      }
      case 'fn': return { k: 'fn', params: t.params.map(p => this.resolveType(p, scope)), ret: t.ret ? this.resolveType(t.ret, scope) : UNIT };
      case 'dyn': {
        const tr = this.resolveTraitRef(t.traits[0], scope);
        if (t.traits.length > 1) {
          // Rust allows only auto traits (Send, Sync) after the first; Gossamer has none.
          const names = t.traits.map(x => x.segments.map(sg => sg.name.name).join('::')).join(' + ');
          this.diags.error('only one trait can be used in a `dyn` type', t.traits[1].span,
            `define a trait with them as supertraits, \`trait Both: ${names} {}\`, implement it, and use \`dyn Both\``);
          return ERROR;   // not `dyn A`: its uses would report missing methods of the others
        }
        return tr ? { k: 'dyn', trait: tr.trait, args: tr.args } : ERROR;
      }
      case 'ref': return this.resolveType(t.inner, scope);
      case 'infer': return { k: 'var', id: -1, lit: null };   // replaced by the body checker
      case 'never': return NEVER;
      default: { const n: never = t; void n; return ERROR; }
    }
  }

  findStdAdt(modName: string, name: string): AdtDef | undefined {
    const m = this.std.types.get(modName);
    const d = m && m.kind === 'module' ? m.types.get(name) : undefined;
    return d && d.kind === 'adt' ? d : undefined;
  }

  private lookupTypeParam(scope: TypeScope | null, name: string): TypeParamDef | undefined {
    for (let s = scope; s; s = s.parent) { const p = s.params.get(name); if (p) return p; }
    return undefined;
  }

  private selfType(scope: TypeScope | null): Ty | null {
    for (let s = scope; s; s = s.parent) if (s.selfTy) return s.selfTy;
    return null;
  }

  resolvePathType(t: ast.PathType, scope: TypeScope): Ty {
    const segs = t.segments;
    const last = segs[segs.length - 1];
    const args = (last.generics ?? []).map(g => this.resolveType(g, scope));
    if (segs.length === 1) {
      const name = last.name.name;
      const p = this.lookupTypeParam(scope, name);
      if (p) return { k: 'param', def: p };
      if (name === 'Self') {
        const s = this.selfType(scope);
        if (s) return s;
        this.diags.error('`Self` is only available in impls, traits and type definitions', last.name.span);
        return ERROR;
      }
    }
    if (segs.length === 2 && !segs[0].generics) {
      const assoc = this.assocPathType(segs[0].name, last.name, scope);
      if (assoc) return this.noArgs(assoc, args, last.name);
    }
    const d = this.resolvePath(scope.module, segs.map(s => s.name), 'types');
    if (!d) return ERROR;
    return this.typeFromDef(d, args, last.name, scope);
  }

  /** `P::Name` or `Self::Name` naming an associated type (check/assoc.ts), or null. */
  private assocPathType(base: ast.Ident, name: ast.Ident, scope: TypeScope): Ty | null {
    let s: TypeScope | null = scope;
    for (; s; s = s.parent) if (s.implTrait) break;
    if (base.name === 'Self' && s?.implTrait) {
      const i = assocIndex(s.implTrait.trait, name.name);
      if (i >= 0) return s.implTrait.args[i];
    }
    const self = base.name === 'Self' ? this.selfType(scope) : null;
    const p = self?.k === 'param' ? self.def : this.lookupTypeParam(scope, base.name);
    if (!p) return null;
    const t = paramAssoc(p, name.name);
    if (!t) {
      this.diags.error(`\`${p.name}\` has no associated type \`${name.name}\``, name.span,
        p.bounds.length ? undefined : `add a bound that declares it, such as \`${p.name}: Iterator\``);
      return ERROR;
    }
    return t;
  }

  typeFromDef(d: Def, args: Ty[], at: ast.Ident, scope: TypeScope): Ty {
    switch (d.kind) {
      case 'builtinType': {
        if (d.name === 'usize' || d.name === 'isize') return this.noArgs(d.name === 'usize' ? USIZE : ISIZE, args, at);
        const p = PRIM_NAMES[d.name];
        if (p) return this.noArgs(prim(p), args, at);
        if (d.name === 'String') return this.noArgs(STRING, args, at);
        if (d.name === 'RawBuf') {
          if (!scope.module.privileged) { this.diags.error('`RawBuf` is only available in runtime/ and std/', at.span); return ERROR; }
          if (args.length !== 1) { this.diags.error(`\`${d.name}\` takes 1 type argument but ${args.length} were supplied`, at.span); return ERROR; }
          return { k: 'buf', elem: args[0] };
        }
        return ERROR;
      }
      case 'adt': {
        if (args.length !== d.generics.length) {
          if (args.length === 0) return { k: 'adt', def: d, args: d.generics.map(() => ({ k: 'var', id: -1, lit: null } as Ty)) };
          this.diags.error(`wrong number of generic arguments: \`${d.name}\` takes ${d.generics.length} but ${args.length} ${args.length === 1 ? 'was' : 'were'} supplied`, at.span);
          return ERROR;
        }
        return { k: 'adt', def: d, args };
      }
      case 'alias': {
        if (!d.item.ty) return ERROR;
        const at = this.expanding.indexOf(d);
        if (at >= 0) {
          reportCycle(this.diags, 'type alias', this.expanding.slice(at).map(a => ({ name: a.name, span: a.item.name.span })),
            'an alias is replaced by what it names, so it cannot name itself; a recursive type needs a `struct` or `enum`');
          return ERROR;
        }
        this.expanding.push(d);
        try {
          const inner = this.resolveType(d.item.ty, this.scopeWith(this.moduleScope(d.module), d.generics, null));
          return substTy(inner, makeSubst(d.generics, args));
        } finally {
          this.expanding.pop();
        }
      }
      case 'trait':
        this.diags.error(`expected a type, found trait \`${d.name}\``, at.span, `use \`dyn ${d.name}\` for a trait object`);
        return ERROR;
      case 'module':
        this.diags.error(`expected a type, found module \`${at.name}\``, at.span);
        return ERROR;
      default:
        this.diags.error(`expected a type, found \`${at.name}\``, at.span);
        return ERROR;
    }
  }

  private noArgs(t: Ty, args: Ty[], at: ast.Ident): Ty {
    if (args.length) this.diags.error(`type \`${at.name}\` takes no type arguments`, at.span);
    return t;
  }

  /** `unbound` supplies an associated type the reference does not bind (check/assoc.ts). */
  resolveTraitRef(t: ast.PathType, scope: TypeScope, unbound: ((assoc: TypeParamDef) => Ty) | null = null): TraitRef | null {
    const d = this.resolvePath(scope.module, t.segments.map(s => s.name), 'types');
    if (!d) return null;
    if (d.kind !== 'trait') {
      this.diags.error(`expected a trait, found \`${t.segments[t.segments.length - 1].name.name}\``, t.span);
      return null;
    }
    const args = traitRefArgs(d, t.segments[t.segments.length - 1], g => this.resolveType(g, scope), this.diags, unbound);
    return { trait: d, args };
  }

  /**
   * The bounds of `params`, written inline or in `where`. A bound that leaves an
   * associated type unbound (`I: Iterator`) gets a hidden parameter for it, returned
   * for the caller to add to its generics when it allows them (functions and impls).
   */
  private resolveBounds(params: TypeParamDef[], g: ast.Generics, scope: TypeScope, allowHidden: boolean, selfBounds?: TraitRef[]): TypeParamDef[] {
    const hidden: TypeParamDef[] = [];
    const add = (def: TypeParamDef, b: ast.PathType, sink = def.bounds) => {
      const unbound = (assoc: TypeParamDef): Ty => {
        if (!allowHidden) {
          this.diags.error(`the associated type \`${assoc.name}\` must be bound here`, b.span, `write \`${def.name}: ${b.segments[b.segments.length - 1].name.name}<${assoc.name} = T>\` with a type parameter T`);
          return ERROR;
        }
        const h: TypeParamDef = { name: `${def.name}::${assoc.name}`, id: this.freshId(), bounds: [], span: b.span, assoc: 'hidden' };
        hidden.push(h);
        return { k: 'param', def: h };
      };
      const tr = this.resolveTraitRef(b, this.scopeWith(scope, hidden), unbound);
      if (tr) sink.push(tr);
    };
    g.params.forEach((p, i) => { for (const b of p.bounds) add(params[i], b); });
    for (const w of g.where) {
      if (w.ty.kind === 'path' && w.ty.segments.length === 1) {
        const name = w.ty.segments[0].name.name;
        const def = params.find(p => p.name === name);
        if (def) { for (const b of w.bounds) add(def, b); continue; }
        const self = name === 'Self' ? this.selfType(scope) : null;
        if (selfBounds && self?.k === 'param') { for (const b of w.bounds) add(self.def, b, selfBounds); continue; }
      }
      this.diags.error('`where` clauses must constrain a type parameter of this item', w.span);
    }
    return hidden;
  }

  // ------------------------------------------------------------ item signatures

  private resolveAdt(a: AdtDef): void {
    const scope = this.scopeWith(this.moduleScope(a.module), a.generics, { k: 'adt', def: a, args: a.generics.map(p => ({ k: 'param', def: p } as Ty)) });
    this.resolveBounds(a.generics, a.item.generics, scope, false);
    const fieldsOf = (shape: ast.StructShape): { shape: VariantInfo['shape']; fields: FieldInfo[] } => {
      if (shape.kind === 'named') return { shape: 'named', fields: shape.fields.map(f => ({ name: f.name.name, ty: this.resolveType(f.ty, scope), pub: f.pub, span: f.span })) };
      if (shape.kind === 'tuple') return { shape: 'tuple', fields: shape.fields.map((f, i) => ({ name: String(i), ty: this.resolveType(f.ty, scope), pub: f.pub, span: f.span })) };
      return { shape: 'unit', fields: [] };
    };
    if (a.item.kind === 'struct') {
      const { shape, fields } = fieldsOf(a.item.shape);
      const seen = new Set<string>();
      for (const f of fields) { if (seen.has(f.name)) this.diags.error(`field \`${f.name}\` is already declared`, f.span); seen.add(f.name); }
      a.variants = [{ name: a.name, index: 0, shape, fields, discriminant: 0, span: a.item.span }];
    } else {
      let disc = 0;
      a.variants = a.item.variants.map((v, index) => {
        const { shape, fields } = fieldsOf(v.shape);
        if (v.discriminant) { const d = constIntValue(v.discriminant, this, a.module); if (d !== null) disc = d; }
        return { name: v.name.name, index, shape, fields, discriminant: disc++, span: v.span };
      });
      a.cLike = a.variants.every(v => v.shape === 'unit');
      const seen = new Set<string>();
      for (const v of a.variants) { if (seen.has(v.name)) this.diags.error(`variant \`${v.name}\` is defined multiple times`, v.span); seen.add(v.name); }
    }
  }

  private resolveTrait(t: TraitDef): void {
    const item = t.item!;
    const scope = this.scopeWith(this.moduleScope(t.module), [t.selfParam, ...t.generics], { k: 'param', def: t.selfParam });
    this.resolveBounds(t.generics, item.generics, scope, false);
    for (const s of item.supertraits) { const tr = this.resolveTraitRef(s, scope); if (tr) t.supertraits.push(tr); }
    t.selfParam.bounds.push({ trait: t, args: t.generics.map(p => ({ k: 'param', def: p } as Ty)) });
    for (const m of item.items) {
      if (m.kind !== 'fn') continue;
      const f = this.newFn(m, t.module, [t.selfParam, ...t.generics], null, t, { k: 'param', def: t.selfParam });
      f.path = `${t.name}::${m.name.name}`;
      this.resolveFnSig(f, scope);
      t.methods.set(m.name.name, f);
    }
  }

  resolveFnSig(f: FnDef, outer: TypeScope): void {
    const own = f.generics.slice(f.ownGenericsStart);
    const scope = this.scopeWith(outer, own);
    const selfBounds: TraitRef[] = [];
    f.generics.push(...this.resolveBounds(own, f.item.generics, scope, true, f.trait ? selfBounds : undefined));
    if (selfBounds.length) f.selfBounds = selfBounds;
    f.params = f.item.params.map(p => this.resolveType(p.ty, scope));
    f.ret = f.item.ret ? this.resolveType(f.item.ret, scope) : UNIT;
  }

  private resolveConst(c: ConstDef): void {
    if (c.item.ty) c.ty = this.resolveType(c.item.ty, this.moduleScope(c.module));
    else this.diags.error(`missing type for \`const\` item`, c.item.name.span, 'write `const NAME: TYPE = value;`');
  }

  headKey(t: Ty): string | null {
    switch (t.k) {
      case 'adt': return `adt#${t.def.id}`;
      case 'prim': return t.name;
      case 'string': return 'String';
      case 'buf': return 'RawBuf';
      case 'tuple': return 'tuple';
      case 'array': return 'array';
      case 'fn': return 'fn';
      case 'dyn': return `dyn#${t.trait.id}`;
      default: return null;
    }
  }

  private declareImpl(item: ast.ImplItem, mod: ModuleDef): void {
    const generics = this.genericParams(item.generics);
    const base = this.scopeWith(this.moduleScope(mod), generics, null);
    const selfTy = this.resolveType(item.selfTy, base);
    const scope = this.scopeWith(base, [], selfTy);
    generics.push(...this.resolveBounds(generics, item.generics, scope, true));
    // The trait's associated types are the impl's `type Name = T;` items.
    const assocItems = new Map(item.items.filter((m): m is ast.TypeAliasItem => m.kind === 'type').map(m => [m.name.name, m] as const));
    const trait = item.trait ? this.resolveTraitRef(item.trait, scope, assoc => {
      const m = assocItems.get(assoc.name);
      if (!m?.ty) { this.diags.error(`missing \`type ${assoc.name} = ...;\` in this impl`, item.span); return ERROR; }
      return this.resolveType(m.ty, scope);
    }) : null;
    for (const m of assocItems.values()) {
      if (!trait || !trait.trait.assocTypes.has(m.name.name)) this.diags.error(`\`type ${m.name.name}\` is not an associated type of ${trait ? `trait \`${trait.trait.name}\`` : 'an inherent impl'}`, m.name.span);
    }
    if (trait) scope.implTrait = trait;
    const impl: ImplDef = { kind: 'impl', item, module: mod, generics, selfTy, trait, methods: new Map(), consts: new Map(), derived: null, span: item.span, id: this.freshId() };
    const key = this.headKey(selfTy);
    if (selfTy.k === 'error') return;
    // A blanket impl (`impl<I: Iterator> IntoIterator for I`) is std's only: a trait impl for one of its parameters.
    const blanket = trait !== null && selfTy.k === 'param' && mod.privileged;
    if (!key && !blanket) { this.diags.error(`cannot implement methods for \`${showTy(selfTy)}\``, item.selfTy.span); return; }
    const builtinSelf = !(selfTy.k === 'adt' || selfTy.k === 'dyn');
    if (!trait && builtinSelf && !mod.privileged) {
      this.diags.error(`cannot define inherent methods for the built-in type \`${showTy(selfTy)}\``, item.selfTy.span, 'define a trait and implement it for the type instead');
      return;
    }
    for (const m of item.items) {
      if (m.kind === 'fn') {
        const f = this.newFn(m, mod, generics, impl, null, selfTy);
        this.resolveFnSig(f, scope);
        if (impl.methods.has(m.name.name)) this.diags.error(`duplicate definitions with name \`${m.name.name}\``, m.name.span);
        impl.methods.set(m.name.name, f);
      } else if (m.kind === 'const') {
        const c: ConstDef = { kind: 'const', name: m.name.name, path: `${tyToString(selfTy)}::${m.name.name}`, item: m, module: mod, ty: ERROR, id: this.freshId() };
        if (m.ty) c.ty = this.resolveType(m.ty, scope);
        impl.consts.set(m.name.name, c);
        this.consts.push(c);
      }
    }
    if (trait) {
      const t = trait.trait;
      for (const [name, f] of impl.methods) {
        if (!t.methods.has(name)) this.diags.error(`method \`${name}\` is not a member of trait \`${t.name}\``, f.item.name.span);
      }
      const missing = [...t.methods.values()].filter(m => !m.item.body && !impl.methods.has(m.name)).map(m => m.name);
      if (missing.length) {
        this.diags.error(`not all trait items implemented, missing: ${missing.map(m => '`' + m + '`').join(', ')}`, item.span,
          `implement the missing method${missing.length > 1 ? 's' : ''} in this \`impl ${t.name} for ${showTy(selfTy)}\``);
      }
      t.impls.push(impl);
    } else if (key) {
      const list = this.inherent.get(key) ?? [];
      list.push(impl);
      this.inherent.set(key, list);
    }
    this.impls.push(impl);
  }

  /** `#[derive(Clone, Debug, PartialEq, Hash)]`: impls whose bodies lowering generates. */
  private deriveImpls(a: AdtDef): void {
    for (const name of a.derives) {
      const trait = this.langTraits.get(name === 'Eq' ? 'PartialEq' : name === 'PartialOrd' ? 'Ord' : name);
      if (name === 'Copy' || name === 'Eq' && a.derives.has('PartialEq') || name === 'Default') continue;
      if (!trait) {
        this.diags.error(`cannot derive \`${name}\``, a.item.span, 'derivable traits: Clone, Debug, PartialEq, Eq, Hash, Ord, PartialOrd');
        continue;
      }
      const selfTy: Ty = { k: 'adt', def: a, args: a.generics.map(p => ({ k: 'param', def: p } as Ty)) };
      const impl: ImplDef = {
        kind: 'impl', item: null, module: a.module, generics: a.generics, selfTy, trait: { trait, args: [] },
        methods: new Map(), consts: new Map(), derived: trait.name, span: a.item.span, id: this.freshId(),
      };
      trait.impls.push(impl);
      this.impls.push(impl);
    }
  }
}

/**
 * Why `n` cannot be a fixed array's length, or null. Lengths are stored as a u32 and
 * counted with i32 loops, and nothing past 2^31 elements fits the 4 GiB memory anyway:
 * a negative length (`[7; 0 - 4]`) would turn off every bounds check of the array.
 */
export function arrayLenError(n: number): string | null {
  if (n < 0) return `array length must be a non-negative constant, found ${n}`;
  if (n > MAX_ARRAY_LEN || !Number.isSafeInteger(n)) return `array length ${n} is too large (at most ${MAX_ARRAY_LEN})`;
  return null;
}

const MAX_ARRAY_LEN = 2147483647;

/** Evaluate a constant integer expression (array lengths, discriminants). */
export function constIntValue(e: ast.Expr, c: Collector, mod: ModuleDef): number | null {
  switch (e.kind) {
    case 'lit': return e.lit.kind === 'int' ? Number(e.lit.value) : null;
    case 'paren': return constIntValue(e.expr, c, mod);
    case 'unary': { const v = constIntValue(e.operand, c, mod); return v === null ? null : e.op === '-' ? -v : null; }
    case 'binary': {
      const l = constIntValue(e.left, c, mod), r = constIntValue(e.right, c, mod);
      if (l === null || r === null) return null;
      switch (e.op) { case '+': return l + r; case '-': return l - r; case '*': return l * r; case '/': return r ? Math.trunc(l / r) : null; default: return null; }
    }
    case 'path': {
      const d = c.resolvePath(mod, e.segments.map(s => s.name), 'values', false);
      if (!d || d.kind !== 'const' || !d.item.value) return null;
      const at = c.evaluating.indexOf(d);
      if (at >= 0) {
        c.constCycles++;
        reportCycle(c.diags, 'constant', c.evaluating.slice(at).map(k => ({ name: k.name, span: k.item.name.span })));
        return null;
      }
      c.evaluating.push(d);
      try {
        return constIntValue(d.item.value, c, d.module);
      } finally {
        c.evaluating.pop();
      }
    }
    default: return null;
  }
}

/**
 * Item statements anywhere inside a function body (not inside nested fns, which hoist their own).
 * Memoized per body: the language server collects the same std trees at every edit.
 */
function nestedItems(body: ast.BlockExpr | null): ast.Item[] {
  if (!body) return [];
  let out = nestedItemsMemo.get(body);
  if (!out) { out = findNestedItems(body); nestedItemsMemo.set(body, out); }
  return out;
}
const nestedItemsMemo = new WeakMap<ast.BlockExpr, ast.Item[]>();

function findNestedItems(body: ast.BlockExpr): ast.Item[] {
  const out: ast.Item[] = [];
  // A loop over a stack, not recursion: a long chain `a + b + ...` is a deep tree (syntax/chain.ts).
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const n = stack.pop() as Record<string, unknown>;
    if (n.kind === 'item' && n.item) { out.push(n.item as ast.Item); continue; }
    const children: unknown[] = [];
    for (const k in n) {
      if (k === 'span') continue;
      const v = n[k];
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) { for (const e of v) if (e !== null && typeof e === 'object') children.push(e); } else children.push(v);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

function isAncestor(a: ModuleDef, m: ModuleDef): boolean {
  for (let x: ModuleDef | null = m; x; x = x.parent) if (x === a) return true;
  return false;
}

/** Is this item visible outside its module? */
export function isPub(d: Def): boolean {
  switch (d.kind) {
    case 'fn': case 'const': case 'static': case 'alias': return d.item.pub;
    case 'adt': case 'trait': return d.item ? d.item.pub : true;
    default: return true;
  }
}

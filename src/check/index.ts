// The checker: names, types, inference, traits, exhaustiveness, generics.
//
// collect.ts builds the module tree and item signatures; body.ts checks one function
// instance (a function with concrete type arguments) at a time. Every non-generic user
// function is checked; generic ones and std/runtime functions are checked when used,
// so each instance that lowering emits has a CheckedFn.

import * as ast from '../syntax/ast.js';
import { DiagnosticBag } from '../diag/index.js';
import { Program } from '../driver/program.js';
import { Collector } from './collect.js';
import { TraitEnv } from './traits.js';
import { BodyChecker } from './body.js';
import { CheckedFn, FnRef } from './typed.js';
import { CheckerQueries } from './query.js';
import { ConstDef, FnDef, ModuleDef, StaticDef, Ty, tyKey, tyToString, UNIT } from './types.js';
import { RECURSION_LIMIT, describeChain, shortTy, tyTooBig } from './limits.js';
import { orderInitializers } from './cycles.js';
import { Span } from '../source/index.js';

export * from './types.js';
export * from './typed.js';
export { CheckerQueries } from './query.js';
export type { Member } from './query.js';
export { isStd } from './std.js';
export { RECURSION_LIMIT, TYPE_SIZE_LIMIT, describeChain, shortTy, tyTooBig } from './limits.js';
export type { StdTypes } from './std.js';

export class ProgramChecker {
  readonly collector: Collector;
  readonly traits: TraitEnv;
  private readonly instances = new Map<string, CheckedFn>();
  private readonly names = new Map<string, string>();
  private readonly usedNames = new Set<string>();
  private readonly queue: FnRef[] = [];
  /** Who first asked for each instance (by key): the chain a runaway instantiation names. */
  private readonly requestedBy = new Map<string, { ref: FnRef; parent: string | null }>();
  private readonly constFns = new Map<ConstDef | StaticDef, FnDef>();
  private checking = 0;
  private localIds = 1;

  constructor(readonly program: Program, readonly diags: DiagnosticBag) {
    this.collector = new Collector(program, diags);
    this.traits = new TraitEnv(this.collector);
  }

  /** A new id for a local variable (unique within this program). */
  newLocalId(): number { return this.localIds++; }

  key(ref: FnRef): string { return `${ref.def.id}<${ref.args.map(tyKey).join(',')}>`; }

  /** The unique symbol name of a function instance. */
  nameOf(ref: FnRef): string {
    const k = this.key(ref);
    let n = this.names.get(k);
    if (n) return n;
    const base = ref.def.path + (ref.args.length > ref.def.ownGenericsStart && ref.def.generics.length ? `<${ref.args.slice(ref.def.ownGenericsStart).map(tyToString).join(', ')}>` : '');
    const implPart = ref.def.impl && ref.def.ownGenericsStart > 0 && ref.def.selfTy ? `${tyToString(substSelf(ref))}::${ref.def.name}` + (ref.args.length > ref.def.ownGenericsStart ? `<${ref.args.slice(ref.def.ownGenericsStart).map(tyToString).join(', ')}>` : '') : base;
    n = implPart;
    for (let i = 2; this.usedNames.has(n); i++) n = `${implPart}#${i}`;
    this.usedNames.add(n);
    this.names.set(k, n);
    return n;
  }

  /**
   * Note that an instance is needed; it is checked by drain() or instance(). `from` is the
   * instance whose body asks for it and where: an instance that would be the
   * RECURSION_LIMIT-th of one function in that chain, or whose type arguments are too
   * big, is an error there instead (limits.ts).
   */
  request(ref: FnRef, from?: { by: FnRef; span: Span }): void {
    if (ref.def.import || ref.def.intrinsic) return;
    if (ref.args.some(hasParam)) return;   // abstract checking only
    if (from && ref.args.some(a => tyTooBig(a))) { this.reportRunaway(ref, from, 'type-size'); return; }
    const k = this.key(ref);
    if (this.instances.has(k)) return;
    if (!this.requestedBy.has(k)) {
      const parent = from ? this.key(from.by) : null;
      if (from) {
        let same = 1;
        for (let p: string | null = parent; p !== null; p = this.requestedBy.get(p)?.parent ?? null) {
          if (this.requestedBy.get(p)?.ref.def === ref.def) same++;
        }
        if (same >= RECURSION_LIMIT) { this.reportRunaway(ref, from, 'recursion'); return; }
      }
      this.requestedBy.set(k, { ref, parent });
    }
    this.queue.push(ref);
  }

  /** "reached the recursion limit while instantiating `f<...>`", naming the chain. */
  reportRunaway(ref: FnRef, from: { by: FnRef; span: Span }, why: 'recursion' | 'type-size', resolve?: (t: Ty) => Ty): void {
    const chain = [instanceLabel(ref, resolve)];
    for (let p: string | null = this.key(from.by); p !== null && chain.length < 10_000;) {
      const e = this.requestedBy.get(p);
      if (!e) break;
      chain.push(instanceLabel(e.ref));
      p = e.parent;
    }
    if (chain.length === 1) chain.push(instanceLabel(from.by));
    chain.reverse();
    const d = this.diags.error(`reached the ${why} limit while instantiating \`${chain[chain.length - 1]}\``, from.span,
      `each step instantiates \`${ref.def.name}\` at a bigger type, so there is no last instance to compile; recursive calls of generic code must keep their type arguments (or use a \`dyn\` trait object)`);
    d.notes = [{ message: `instantiated by: ${describeChain(chain)}` }];
  }

  /** The checked body of an instance, checking it now if needed. */
  instance(ref: FnRef): CheckedFn {
    const k = this.key(ref);
    let inst = this.instances.get(k);
    if (inst) return inst;
    this.checking++;
    try {
      const bc = new BodyChecker(this, ref.def, ref.args, this.nameOf(ref));
      this.instances.set(k, bc.out);
      inst = bc.run();
    } finally {
      this.checking--;
    }
    return inst;
  }

  /** The checked body of an instance that has been checked already. */
  checked(ref: FnRef): CheckedFn | undefined { return this.instances.get(this.key(ref)); }

  /** Every function instance checked so far (for tools: src/check/query.ts). */
  checkedBodies(): IterableIterator<CheckedFn> {
    return this.instances.values();
  }

  drain(): void {
    while (this.queue.length) this.instance(this.queue.pop()!);
  }

  /** Consts and statics are checked as zero-argument functions returning their value. */
  valueFn(d: ConstDef | StaticDef): FnDef {
    let f = this.constFns.get(d);
    if (f) return f;
    const value = d.item.value;
    const span = d.item.span;
    const item: ast.FnItem = {
      kind: 'fn', name: { name: d.name, span: d.item.name.span }, generics: { params: [], where: [] }, selfParam: null, params: [], ret: null,
      body: { kind: 'block', stmts: [], tail: value, label: null, span: value?.span ?? span }, attrs: [], pub: false, span,
    };
    f = {
      kind: 'fn', name: d.name, path: (d.kind === 'static' ? 'static ' : 'const ') + d.path, item, module: d.module, generics: [], ownGenericsStart: 0,
      params: [], ret: d.ty, hasSelf: false, selfTy: null, impl: null, trait: null, import: false, intrinsic: null, id: this.collector.freshId(),
    };
    this.constFns.set(d, f);
    return f;
  }

  requestConst(d: ConstDef): void {
    if (d.item.value) this.request({ def: this.valueFn(d), args: [] });
  }

  get isChecking(): boolean { return this.checking > 0; }
}

/** `f<int>`, `S<(int, int)>::depth`: an instance for a message, its types cut short. */
export function instanceLabel(ref: FnRef, resolve?: (t: Ty) => Ty): string {
  const d = ref.def;
  const own = ref.args.slice(d.ownGenericsStart);
  const ownPart = own.length ? `<${own.map(t => shortTy(t, 3, resolve)).join(', ')}>` : '';
  if (d.impl && d.selfTy && d.ownGenericsStart > 0) return `${shortTy(substSelf(ref), 3, resolve)}::${d.name}${ownPart}`;
  return d.path + ownPart;
}

function substSelf(ref: FnRef): Ty {
  const s = new Map<number, Ty>();
  ref.def.generics.forEach((g, i) => { if (ref.args[i]) s.set(g.id, ref.args[i]); });
  // Late import to avoid a cycle in type-only position.
  return substTyLocal(ref.def.selfTy!, s);
}

import { substTy as substTyLocal } from './types.js';

export interface TypedProgram {
  program: Program;
  checker: ProgramChecker;
  /** What lowering (and tools) may ask of the checked program (check/query.ts). */
  queries: CheckerQueries;
  main: FnRef | null;
  /** Statics in declaration order (runtime first), each with its initializer function. */
  statics: { def: StaticDef; init: FnRef | null }[];
}

/** `entry`: the function `_start` runs, `main` unless `gossamer test` asks for its harness's. */
export function checkProgram(program: Program, diags: DiagnosticBag, entry = 'main'): TypedProgram {
  const pc = new ProgramChecker(program, diags);
  const c = pc.collector;
  c.collect();
  let main: FnRef | null = null;
  const mainDef = c.root.values.get(entry);
  if (mainDef && mainDef.kind === 'fn') {
    main = { def: mainDef, args: [] };
    if (mainDef.params.length || mainDef.ret !== UNIT && mainDef.item.ret) {
      diags.error(`\`${entry}\` must take no arguments and return nothing`, mainDef.item.name.span);
    }
    if (mainDef.generics.length) diags.error(`\`${entry}\` cannot be generic`, mainDef.item.name.span);
  } else {
    const rootFile = program.modules.find(m => m.path.length === 0);
    diags.error(`\`${entry}\` function not found`, rootFile ? { file: rootFile.module.file, start: 0, end: 0 } : undefined,
      entry === 'main' ? 'add `fn main() { ... }` to the file you run' : undefined);
  }
  // Every non-generic function of the user's crate is checked, used or not.
  for (const f of c.fns) {
    if (!isUserModule(f.module, c.root) || !f.item.body) continue;
    if (f.generics.length === 0 && !f.trait) pc.request({ def: f, args: [] });
    // Generic code is also checked once with its type parameters left abstract, so a
    // use of something its bounds do not promise is an error even if unused.
    else pc.instance({ def: f, args: f.generics.map(g => ({ k: 'param', def: g } as Ty)) });
  }
  const statics: TypedProgram['statics'] = [];
  for (const s of c.statics) {
    const init = { def: pc.valueFn(s), args: [] };
    pc.request(init);
    statics.push({ def: s, init });
  }
  for (const k of c.consts) if (isUserModule(k.module, c.root)) pc.requestConst(k);
  pc.drain();
  // Runtime statics are set up before runtime::init; the others run in dependency order,
  // the library's first (cycles.ts).
  const runtime = statics.filter(s => s.def.module.path[0] === 'runtime');
  const later = statics.filter(s => s.def.module.path[0] !== 'runtime');
  const byDef = new Map(later.map(s => [s.def, s]));
  const ordered = orderInitializers(pc, c.consts.filter(k => isUserModule(k.module, c.root) && k.item.value),
    [...later.filter(s => !isUserModule(s.def.module, c.root)), ...later.filter(s => isUserModule(s.def.module, c.root))].map(s => s.def));
  return { program, checker: pc, queries: new CheckerQueries(pc), main, statics: [...runtime, ...ordered.map(d => byDef.get(d)!)] };
}

function isUserModule(m: ModuleDef, root: ModuleDef): boolean {
  for (let x: ModuleDef | null = m; x; x = x.parent) if (x === root) return true;
  return false;
}

function hasParam(t: Ty): boolean {
  switch (t.k) {
    case 'param': return true;
    case 'adt': return t.args.some(hasParam);
    case 'tuple': return t.elems.some(hasParam);
    case 'array': case 'buf': return hasParam(t.elem);
    case 'fn': return t.params.some(hasParam) || hasParam(t.ret);
    case 'dyn': return t.args.some(hasParam);
    default: return false;
  }
}

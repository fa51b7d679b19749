// The whole-program side of lowering: the worklist of function instances, the
// program-wide tables (functions, string literals and static objects, statics, host
// imports, the function table) and lookups into runtime/ and std/. The constructs live
// one file per construct and take the function lowerer (func.ts): `for` in for.ts,
// indexing and slices in indexing.ts, `vec!` and array views in vec.ts, `dyn` in
// dyn.ts, function values in fnvalue.ts, `go` and `defer` in defer.ts. This file
// imports none of them: it never builds a FnLowerer (index.ts drains the worklist).

import { Span, SourceMap } from '../source/index.js';
import { DiagnosticBag } from '../diag/index.js';
import { DataSegment, IrExpr, IrFunction, IrImport, StaticVar, ValType, ResultType } from '../ir/ir.js';
import { TypedProgram, FnRef } from '../check/index.js';
import { AdtDef, StaticDef, Ty, VariantInfo, makeSubst, substTy, tyToString } from '../check/types.js';
import { Unifier } from '../check/infer.js';
import { I } from './builder.js';
import { Layouts, valType, isNicheOption } from './layout.js';

export class ModuleLowerer {
  readonly layouts = new Layouts();
  readonly functions: IrFunction[] = [];
  private readonly fnNames = new Set<string>();
  private readonly lowered = new Set<string>();
  private readonly queue: FnRef[] = [];
  readonly data: DataSegment[] = [];
  private readonly strings = new Map<string, string>();
  readonly statics: StaticVar[] = [];
  private readonly staticIds = new Map<StaticDef, string>();
  readonly imports: IrImport[] = [];
  private readonly importNames = new Set<string>();
  readonly tableFns: string[] = [];
  /** Generated functions by key (wrappers, shims, derived code, panics): their names. */
  readonly generated = new Map<string, string>();
  private unitObjects = new Map<string, string>();

  constructor(readonly tp: TypedProgram, readonly diags: DiagnosticBag, readonly sources: SourceMap) {}

  get pc() { return this.tp.checker; }

  noSpan(): Span { return { file: 0, start: 0, end: 0 }; }

  unsupported(span: Span, msg: string): IrExpr {
    this.diags.error(msg, span);
    return I.unreachable();
  }

  describe(span: Span): string { return this.sources.describe(span); }
  sourceText(span: Span): string { return this.sources.files[span.file].text.slice(span.start, span.end); }

  // ------------------------------------------------------------ functions

  hasFunction(name: string): boolean { return this.fnNames.has(name); }

  /** Claim a function's name before its body is generated (synthFunction). */
  reserveName(name: string): void { this.fnNames.add(name); }

  addFunction(f: IrFunction): void {
    this.fnNames.add(f.name);
    this.functions.push(f);
  }

  table(name: string): void { if (!this.tableFns.includes(name)) this.tableFns.push(name); }

  /** The symbol of a function instance; queues it for lowering. */
  fnInfo(ref: FnRef): { name: string; trackCaller: boolean; result: ResultType } {
    const name = this.pc.nameOf(ref);
    if (!this.lowered.has(name)) { this.lowered.add(name); this.queue.push(ref); }
    const trackCaller = ref.def.item.attrs.some(a => a.name === 'track_caller');
    const s = makeSubst(ref.def.generics, ref.args);
    return { name, trackCaller, result: valType(substTy(ref.def.ret, s)) ?? 'void' };
  }

  /** The next queued function instance to lower, if any (index.ts drains the queue). */
  nextInstance(): FnRef | undefined { return this.queue.pop(); }

  // ------------------------------------------------------------ lookups into runtime/ and std/

  runtimeFnOpt(name: string): FnRef | null {
    const d = this.pc.collector.runtime.values.get(name);
    return d && d.kind === 'fn' ? { def: d, args: [] } : null;
  }

  runtimeFn(name: string): FnRef {
    const r = this.runtimeFnOpt(name);
    if (!r) throw new MissingRuntime(`runtime function \`${name}\` is missing from runtime/`);
    return r;
  }

  /** An inherent method of a std type, instantiated for `t`. */
  stdMethod(t: Ty, name: string): FnRef {
    const u = new Unifier();
    for (const impl of this.pc.traits.inherentImpls(t)) {
      const m = impl.methods.get(name);
      if (!m) continue;
      const args = this.pc.traits.matchImpl(u, impl, t);
      if (!args) continue;
      return { def: m, args: args.map(a => u.zonk(a)) };
    }
    throw new MissingRuntime(`std is missing \`${tyToString(t)}::${name}\``);
  }

  stdAssoc(t: Ty, name: string): FnRef { return this.stdMethod(t, name); }

  formatterTy(): Ty {
    const f = this.pc.collector.findStdAdt('fmt', 'Formatter');
    if (!f) throw new MissingRuntime('std::fmt::Formatter is missing');
    return { k: 'adt', def: f, args: [] };
  }

  /** A hand-written (not derived) impl method of a lang trait for `t`, if any. */
  userImplMethod(t: Ty, traitName: string, method: string): FnRef | null {
    const trait = this.pc.collector.langTraits.get(traitName);
    if (!trait) return null;
    const u = new Unifier();
    const found = this.pc.traits.findImpl(u, trait, t);
    if (!found || found.impl.derived) return null;
    const m = found.impl.methods.get(method);
    if (m) return { def: m, args: found.args.map(a => u.zonk(a)) };
    const tm = trait.methods.get(method);
    if (tm && tm.item.body) return { def: tm, args: [t] };
    return null;
  }

  importFn(ref: FnRef): string {
    // `#[import(exit)] fn host_exit(..)` imports env.exit under another Gossamer name.
    const attr = ref.def.item.attrs.find(a => a.name === 'import');
    const name = attr?.args[0]?.name ?? ref.def.name;
    if (!this.importNames.has(name)) {
      this.importNames.add(name);
      const params = ref.def.params.map(valType).filter((v): v is ValType => v !== null);
      this.imports.push({ name, params, result: valType(ref.def.ret) ?? 'void' });
    }
    return name;
  }

  // ------------------------------------------------------------ data

  /** A string literal: a static String object in a data segment. */
  stringLit(s: string): IrExpr {
    let id = this.strings.get(s);
    if (!id) {
      id = `str${this.strings.size}`;
      const bytes = Buffer.from(s, 'utf8');
      const out = new Uint8Array(12 + bytes.length);
      const dv = new DataView(out.buffer);
      dv.setUint32(0, this.layouts.stringTypeId, true);
      dv.setUint32(4, 0xffffffff, true);
      dv.setUint32(8, bytes.length, true);
      out.set(bytes, 12);
      this.data.push({ id, bytes: out, align: 8 });
      this.strings.set(s, id);
    }
    return { op: 'ref.data', id };
  }

  /** The value of a payload-less variant: an i32 for C-like enums, else a static object. */
  unitVariant(adt: AdtDef, args: Ty[], v: VariantInfo): IrExpr {
    if (adt.cLike) return I.i32(v.discriminant);
    if (isNicheOption(adt, args)) return I.nullRef();
    const lay = this.layouts.variant(adt, args, v);
    const key = `${lay.typeId}`;
    let id = this.unitObjects.get(key);
    if (!id) {
      id = `unit${this.unitObjects.size}`;
      const out = new Uint8Array(Math.max(16, lay.size));
      const dv = new DataView(out.buffer);
      dv.setUint32(0, lay.typeId, true);
      dv.setUint32(4, 0xffffffff, true);
      dv.setUint32(8, v.index, true);
      this.data.push({ id, bytes: out, align: 8 });
      this.unitObjects.set(key, id);
    }
    return { op: 'ref.data', id };
  }

  staticId(def: StaticDef): string {
    let id = this.staticIds.get(def);
    if (!id) {
      id = `static ${def.path}`;
      this.staticIds.set(def, id);
      this.statics.push({ id, type: valType(def.ty) ?? 'i32' });
    }
    return id;
  }

  vecDef(): AdtDef {
    const d = this.pc.collector.langAdts.get('Vec') ?? this.pc.collector.findStdAdt('vec', 'Vec');
    if (!d) throw new MissingRuntime('std::vec::Vec is missing');
    return d;
  }
}

export class MissingRuntime extends Error {}

export type { StaticDef };

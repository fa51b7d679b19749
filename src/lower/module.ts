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
import { CheckerQueries, FnRef, StdTypes, TypedProgram } from '../check/index.js';
import { AdtDef, StaticDef, Ty, VariantInfo, makeSubst, substTy, tyToString } from '../check/types.js';
import { I } from './builder.js';
import { Layouts, valType, isNicheOption } from './layout.js';
import { RuntimeFnName, StdMethodName } from '../ir/abi.js';

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
  private labelIds = 0;

  constructor(readonly tp: TypedProgram, readonly diags: DiagnosticBag, readonly sources: SourceMap, readonly options: LowerOptions) {}

  /** The checker's answers about the program (check/query.ts): all lowering asks of it. */
  get q(): CheckerQueries { return this.tp.queries; }
  get std(): StdTypes { return this.tp.queries.std; }

  noSpan(): Span { return { file: 0, start: 0, end: 0 }; }

  unsupported(span: Span, msg: string): IrExpr {
    this.diags.error(msg, span);
    return I.unreachable();
  }

  describe(span: Span): string { return this.sources.describe(span); }
  sourceText(span: Span): string { return this.sources.files[span.file].text.slice(span.start, span.end); }

  // ------------------------------------------------------------ functions

  hasFunction(name: string): boolean { return this.fnNames.has(name); }

  /** A number for a new IR label (labels need only be unique within a function). */
  nextLabelId(): number { return this.labelIds++; }

  /** Claim a function's name before its body is generated (synthFunction). */
  reserveName(name: string): void { this.fnNames.add(name); }

  addFunction(f: IrFunction): void {
    this.fnNames.add(f.name);
    this.functions.push(f);
  }

  table(name: string): void { if (!this.tableFns.includes(name)) this.tableFns.push(name); }

  /** The symbol of a function instance; queues it for lowering. */
  fnInfo(ref: FnRef): { name: string; trackCaller: boolean; result: ResultType } {
    const name = this.q.symbol(ref);
    if (!this.lowered.has(name)) { this.lowered.add(name); this.queue.push(ref); }
    const trackCaller = ref.def.item.attrs.some(a => a.name === 'track_caller');
    const s = makeSubst(ref.def.generics, ref.args);
    return { name, trackCaller, result: valType(substTy(ref.def.ret, s)) ?? 'void' };
  }

  /** The next queued function instance to lower, if any (index.ts drains the queue). */
  nextInstance(): FnRef | undefined { return this.queue.pop(); }

  // ------------------------------------------------------------ lookups into runtime/ and std/
  // (every name asked for here is in abi.ts, the compiler/runtime ABI)

  runtimeFnOpt(name: RuntimeFnName): FnRef | null { return this.q.runtimeFn(name); }

  runtimeFn(name: RuntimeFnName): FnRef {
    const r = this.q.runtimeFn(name);
    if (!r) throw new MissingRuntime(`runtime function \`${name}\` is missing from runtime/`);
    return r;
  }

  /** An inherent method or associated function of a std type, instantiated for `t`. */
  stdMethod(t: Ty, name: StdMethodName): FnRef {
    const r = this.q.inherentMethod(t, name);
    if (!r) throw new MissingRuntime(`std is missing \`${tyToString(t)}::${name}\``);
    return r;
  }

  stdAssoc(t: Ty, name: StdMethodName): FnRef { return this.stdMethod(t, name); }

  formatterTy(): Ty {
    const f = this.std.formatter;
    if (!f) throw new MissingRuntime('std::fmt::Formatter is missing');
    return { k: 'adt', def: f, args: [] };
  }

  /** A hand-written (not derived) impl method of a lang trait for `t`, if any. */
  userImplMethod(t: Ty, traitName: string, method: string): FnRef | null {
    const trait = this.q.langTrait(traitName);
    const found = trait && this.q.implMethod(trait, t, method);
    return found && !found.derived ? found.ref : null;
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
    const d = this.std.vec;
    if (!d) throw new MissingRuntime('std::vec::Vec is missing');
    return d;
  }
}

export class MissingRuntime extends Error {}

export interface LowerOptions {
  /** Bounds-check RawBuf get/set (driver CompileOptions.checkRawBuf). */
  checkRawBuf: boolean;
}

export type { StaticDef };

// The whole-program side of lowering: which function instances exist, string literals
// and static objects, statics, host imports, and the constructs that need program-wide
// knowledge (dyn boxes and their method shims, function values, `for` protocols,
// Vec/array indexing against std/vec.gos's layout).

import * as ast from '../syntax/ast.js';
import { Span, SourceMap } from '../source/index.js';
import { DiagnosticBag } from '../diag/index.js';
import { DataSegment, IrExpr, IrFunction, IrImport, StaticVar, ValType, ResultType, irTypeOf } from '../ir/ir.js';
import { TypedProgram, FnRef, CheckedFn, Res, MethodRes } from '../check/index.js';
import { AdtDef, FnDef, StaticDef, Ty, TraitDef, VariantInfo, makeSubst, substTy, tyToString, isSigned, INT, vtableMethods } from '../check/types.js';
import { Unifier } from '../check/infer.js';
import { I, memValType, zero as zeroOf } from './builder.js';
import { ARRAY_DATA, HEADER, MAX_ALLOC, Layouts, memSize, memType, valType, fieldLoad, tagOf, isNicheOption } from './layout.js';
import { FnLowerer } from './func.js';
import { Derive, isVec } from './derive.js';
import { lowerPatternCheck } from './match.js';
import { elemAddr } from './intrinsics.js';
import { mayAllocate } from './spill.js';
import { isDeferrableCall, operandThunk } from './defer.js';

export class ModuleLowerer {
  readonly layouts = new Layouts();
  readonly derive = new Derive(this);
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
  private readonly wrappers = new Map<string, string>();
  private runDefersName: string | null = null;
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

  drain(): void {
    while (this.queue.length) {
      const ref = this.queue.pop()!;
      const errorsBefore = this.diags.items.length;
      const cf = this.pc.instance(ref);
      if (!cf.body) continue;
      // A body checked on demand here may have errors: report them, lower nothing.
      if (this.diags.items.length > errorsBefore && this.diags.hasErrors) continue;
      try {
        const fl = new FnLowerer(this, cf, cf.name, cf.ret);
        this.addFunction(fl.lowerFunction());
      } catch (e) {
        if (!this.diags.hasErrors) throw e;
      }
    }
  }

  /** A generated function whose body `gen` builds (derive.ts, wrappers). */
  synth(name: string, params: ValType[], result: ResultType, gen: (fl: FnLowerer, p: number[]) => IrExpr): void {
    this.fnNames.add(name);
    const fl = new FnLowerer(this, emptyChecked(name, this.tp), name, INT);
    (fl as { resultType: ResultType }).resultType = result;
    const idx = params.map((t, i) => { fl.params.push({ name: `p${i}`, type: t }); return i; });
    const body = gen(fl, idx);
    this.functions.push({ name, params: fl.params, result, locals: fl.locals, body: fl.coerceResult(body, result), span: this.noSpan() });
  }

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

  /**
   * The running goroutine's defer list: a ref field of its G record (runtime/sched.gos
   * `G_DEFER`; the `__current_g` global points at the record, the boot record before the
   * scheduler starts). Keep in sync with runtime/sched.gos and docs/runtime.md.
   */
  deferHeadGet(): IrExpr {
    return I.load('ref', { op: 'call', func: '__current_g', args: [], type: 'i32' }, G_DEFER_OFFSET, 'ref');
  }

  deferHeadSet(value: IrExpr): IrExpr {
    return I.store('ref', { op: 'call', func: '__current_g', args: [], type: 'i32' }, G_DEFER_OFFSET, value);
  }

  /** `run_defers(mark)`: pop and run defer records until the head is `mark`. */
  runDefersFn(): string {
    if (this.runDefersName) return this.runDefersName;
    const name = this.runDefersName = 'gos.run_defers';
    const rec = this.layouts.deferRecord();
    this.synth(name, ['ref'], 'void', (fl, p) => {
      const r = fl.tmp('ref'), c = fl.tmp('ref');
      const lp = fl.newLabel('defers'), done = fl.newLabel('defersdone');
      return I.block([I.loop(lp, I.block([
        I.br(done, null, I.bin('eq', 'i32', I.toI32(this.deferHeadGet()), I.toI32(I.get(p[0], 'ref')))),
        I.set(r, this.deferHeadGet()),
        this.deferHeadSet(I.load('ref', I.get(r, 'ref'), rec.fields[1].offset, 'ref')),
        I.set(c, I.load('ref', I.get(r, 'ref'), rec.fields[0].offset, 'ref')),
        { op: 'callIndirect', index: I.load('i32', I.get(c, 'ref'), HEADER, 'i32'), params: ['ref'], args: [I.get(c, 'ref')], type: 'void' },
        I.br(lp),
      ]))], 'void', done);
    });
    return name;
  }

  /**
   * A new array buffer of n elements. n is an i32 constant (checked here: a size past
   * MAX_ALLOC becomes a run-time "capacity overflow" panic), an i32 count of an existing
   * array (which fits), or an i64 count from user data, checked at run time before it is
   * narrowed: negative or too large panics with "capacity overflow" (docs/runtime.md "Sizes").
   */
  allocArray(elem: Ty, n: IrExpr, span?: Span, fl?: FnLowerer): IrExpr {
    const size = memSize(memType(elem));
    const typeId = this.layouts.arrayTypeId(elem);
    const maxCount = size === 0 ? 0xFFFFFFFF : Math.floor((MAX_ALLOC - ARRAY_DATA) / size);
    const pre: IrExpr[] = [];
    if (n.op === 'const' && (n.value as number) > maxCount) return this.capacityOverflow(span);
    if (irTypeOf(n) === 'i64') {
      const k = fl!.tmp('i64');
      pre.push(I.set(k, n), I.if(I.bin('gt_u', 'i64', I.get(k, 'i64'), I.i64(maxCount)), this.capacityOverflow(span)));
      n = I.un('i32.wrap_i64', 'i64', I.get(k, 'i64'));
    }
    // Allocation size is computed from n twice: n must be pure (a const or a local.get).
    const bytes = size === 0 ? I.i32(ARRAY_DATA) : I.bin('add', 'i32', I.bin('mul', 'i32', n, I.i32(size)), I.i32(ARRAY_DATA));
    const call: IrExpr = { op: 'call', func: this.allocArrayFn(), args: [I.i32(typeId), bytes, n], type: 'ref', span };
    return pre.length ? I.block([...pre, call], 'ref') : call;
  }

  /** `runtime::capacity_overflow()`: a size past MAX_ALLOC. */
  capacityOverflow(span?: Span): IrExpr {
    return I.block([{ op: 'call', func: this.fnInfo(this.runtimeFn('capacity_overflow')).name, args: [], type: 'void', span }, I.unreachable()]);
  }

  private allocArrayName: string | null = null;
  /** `(type_id, bytes, n) -> ref`: allocates and writes the element count. */
  private allocArrayFn(): string {
    if (this.allocArrayName) return this.allocArrayName;
    const name = this.allocArrayName = 'gos.alloc_array';
    this.synth(name, ['i32', 'i32', 'i32'], 'ref', (fl, p) => {
      const o = fl.tmp('ref');
      return I.block([
        I.set(o, { op: 'alloc', typeId: -1, size: I.get(p[1], 'i32') } as IrExpr),
        I.store('i32', I.get(o, 'ref'), HEADER, I.get(p[2], 'i32')),
        I.get(o, 'ref'),
      ], 'ref');
    });
    // The type id is dynamic here: patch the alloc node to take it from p0.
    const f = this.functions[this.functions.length - 1];
    patchDynamicAlloc(f.body);
    return name;
  }

  // ------------------------------------------------------------ Vec and arrays

  vecLayout(t: Ty): { buf: number; start: number; len: number; cap: number } {
    const a = t as Ty & { k: 'adt' };
    const lay = this.layouts.variant(a.def, a.args, a.def.variants[0]);
    const off = (n: string) => {
      const f = lay.fields.find(f => f.name === n);
      if (!f) throw new MissingRuntime(`std::vec::Vec has no field \`${n}\``);
      return f.offset;
    };
    return { buf: off('buf'), start: off('start'), len: off('len'), cap: off('cap') };
  }

  /** `obj[i]` as a place: bounds-checked reads and writes of a Vec, array or map. */
  indexPlace(fl: FnLowerer, e: ast.IndexExpr): { setup: IrExpr[]; read: () => IrExpr; write: (v: IrExpr) => IrExpr } | null {
    const ot = fl.ty(e.object);
    const objIr = fl.expr(e.object);
    const idxIr = fl.expr(e.index);
    // A Vec is only read (its header) before the index's value and the write's value are
    // evaluated: unless the index may allocate, it is held as an address, not as a ref
    // local (a shadow-stack slot written each time, e.g. at every `out.buf[i]` of a loop).
    const byAddress = isVec(ot) && objIr.op !== 'local.get' && !mayAllocate(idxIr);
    const objH = byAddress ? fl.hold(I.toI32(objIr), 'i32') : fl.hold(objIr, 'ref');
    const setup: IrExpr[] = [...objH.setup];
    const objE = byAddress ? () => I.toRef(objH.get()) : objH.get;
    if (ot.k === 'adt' && ot.def.name === 'HashMap') {
      const get = this.stdMethod(ot, 'get');
      const opt = fl.tmp('ref');
      const vt = ot.args[1];
      const optTy = substTy(get.def.ret, makeSubst(get.def.generics, get.args)) as Ty & { k: 'adt' };
      const some = optTy.def.variants.find(v => v.name === 'Some')!;
      const f = this.layouts.variant(optTy.def, optTy.args, some).fields[0];
      setup.push(I.set(opt, fl.callRef(get, [objE(), idxIr], e.span)));
      setup.push(I.if(I.bin('ne', 'i32', tagOf(optTy.def, optTy.args, I.get(opt, 'ref')), I.i32(some.index)), fl.panicStr('key not found in map', e.span)));
      return { setup, read: () => f.mem ? fieldLoad(f, I.get(opt, 'ref')) : I.nop(), write: () => this.unsupported(e.span, 'cannot assign through `map[key]`; use `map.insert(key, value)`') };
    }
    const idxH = fl.hold(idxIr, 'i64');
    setup.push(...idxH.setup);
    const idxE = idxH.get;
    let elem: Ty, lenExpr: IrExpr, base: IrExpr;
    if (ot.k === 'array') {
      elem = ot.elem;
      lenExpr = I.i64(ot.len);
      base = idxE();
    } else {
      elem = (ot as Ty & { k: 'adt' }).args[0];
      const v = this.vecLayout(ot);
      // The buffer's address is an i32, not a ref local: a ref local is a shadow-stack
      // slot, written at every `v[i]` of a loop in a function that allocates. Nothing
      // runs between taking it and using it, except the value of a write: if that may
      // allocate, the buffer is rooted in a ref local for the while (the Vec may be
      // reassigned by then).
      const buf = fl.tmp('i32');
      lenExpr = I.load('i64', objE(), v.len, 'i64', 'vec.hdr');
      base = I.bin('add', 'i64', I.load('i64', objE(), v.start, 'i64', 'vec.hdr'), idxE());
      setup.push(I.set(buf, I.toI32(I.load('ref', objE(), v.buf, 'ref', 'vec.hdr'))));
      const len = fl.tmp('i64');
      setup.push(I.set(len, lenExpr));
      lenExpr = I.get(len, 'i64');
      setup.push(this.boundsCheck(fl, idxE(), lenExpr, e.span));
      const m = memType(elem);
      const size = memSize(m);
      const addr = () => elemAddr(I.get(buf, 'i32'), base, size);
      const write = (x: IrExpr): IrExpr => {
        if (!m) return I.drop(x);
        const store = I.store(m, addr(), ARRAY_DATA, x, 'elem');
        if (!mayAllocate(x)) return store;
        const root = fl.tmp('ref');
        return I.block([I.set(root, I.toRef(I.get(buf, 'i32'))), store]);
      };
      return {
        setup,
        read: () => m ? I.load(m, addr(), ARRAY_DATA, memValType(m)) : I.nop(),
        write,
      };
    }
    setup.push(this.boundsCheck(fl, idxE(), lenExpr, e.span));
    const m = memType(elem);
    const size = memSize(m);
    const addr = () => elemAddr(objE(), base, size);
    return {
      setup,
      read: () => m ? I.load(m, addr(), ARRAY_DATA, memValType(m)) : I.nop(),
      write: (x: IrExpr) => m ? I.store(m, addr(), ARRAY_DATA, x, 'elem') : I.drop(x),
    };
  }

  boundsCheck(fl: FnLowerer, idx: IrExpr, len: IrExpr, span: Span): IrExpr {
    return I.if(I.bin('ge_u', 'i64', idx, len),
      I.block([{ op: 'call', func: this.panicBoundsFn(), args: [idx, len, fl.location(span)], type: 'void', span }, I.unreachable()]));
  }

  private panicFns = new Map<string, string>();
  /**
   * A generated `(i64..., loc: ref) -> !` that panics with a message built from text and
   * its i64 parameters: parts are strings or parameter indices.
   */
  private panicWithNumbers(name: string, arity: number, parts: (string | number)[]): string {
    const existing = this.panicFns.get(name);
    if (existing) return existing;
    this.panicFns.set(name, name);
    const fmt = this.formatterTy();
    this.synth(name, [...Array(arity).fill('i64'), 'ref'], 'void', (fl, p) => {
      const f = fl.tmp('ref');
      const call = (m: string, args: IrExpr[]) => fl.callRef(this.stdMethod(fmt, m), [I.get(f, 'ref'), ...args], this.noSpan());
      return I.block([
        I.set(f, fl.callRef(this.stdAssoc(fmt, 'new'), [], this.noSpan())),
        ...parts.map(x => typeof x === 'string' ? call('write_str', [this.stringLit(x)]) : call('write_i64', [I.get(p[x], 'i64')])),
        { op: 'call', func: this.fnInfo(this.runtimeFn('panic_at')).name, args: [call('to_string', []), I.get(p[arity], 'ref')], type: 'void' },
      ]);
    });
    // It never returns (it ends in panic_at): like panic_at, a suspend boundary, so a
    // bounds check does not make its function resumable (Asyncify-instrumented).
    const f = this.functions.find(x => x.name === name);
    if (f) f.suspendBoundary = true;
    return name;
  }

  private panicBoundsFn(): string {
    return this.panicWithNumbers('gos.panic_bounds', 2, ['index out of bounds: the len is ', 1, ' but the index is ', 0]);
  }

  /** Rust's messages for a bad `v[a..b]`: a > b, or b > len. */
  private sliceCheck(fl: FnLowerer, a: IrExpr, b: IrExpr, len: IrExpr, span: Span): IrExpr {
    const order = this.panicWithNumbers('gos.panic_slice_order', 2, ['slice index starts at ', 0, ' but ends at ', 1]);
    const end = this.panicWithNumbers('gos.panic_slice_end', 2, ['range end index ', 0, ' out of range for slice of length ', 1]);
    return I.block([
      I.if(I.bin('gt_u', 'i64', b, len), I.block([{ op: 'call', func: end, args: [b, len, fl.location(span)], type: 'void' }, I.unreachable()])),
      I.if(I.bin('gt_u', 'i64', a, b), I.block([{ op: 'call', func: order, args: [a, b, fl.location(span)], type: 'void' }, I.unreachable()])),
    ]);
  }

  /** `v[a..b]`, `s[a..b]`, `arr[a..b]`. */
  sliceExpr(fl: FnLowerer, e: ast.IndexExpr): IrExpr {
    const ot = fl.ty(e.object);
    const r = e.index as ast.RangeExpr;
    const obj = fl.tmp('ref'), a = fl.tmp('i64'), b = fl.tmp('i64'), len = fl.tmp('i64');
    const stmts: IrExpr[] = [I.set(obj, fl.expr(e.object))];
    if (ot.k === 'string') {
      stmts.push(I.set(a, r.start ? fl.expr(r.start) : I.i64(0)));
      stmts.push(I.set(b, r.end ? fl.expr(r.end) : I.un('i64.extend_i32_u', 'i32', I.load('i32', I.get(obj, 'ref'), HEADER, 'i32'))));
      stmts.push(fl.callRef(this.stdMethod(ot, 'substring'), [I.get(obj, 'ref'), I.get(a, 'i64'), I.get(b, 'i64')], e.span));
      return I.block(stmts, 'ref');
    }
    let vecObj: IrExpr = I.get(obj, 'ref');
    let vt: Ty = ot;
    if (ot.k === 'array') {
      vt = { k: 'adt', def: this.vecDef(), args: [ot.elem] };
      stmts.push(I.set(obj, this.arrayToVec(fl, ot, I.get(obj, 'ref'), e.span)));
      vecObj = I.get(obj, 'ref');
    }
    const v = this.vecLayout(vt);
    const lay = this.layouts.variant((vt as Ty & { k: 'adt' }).def, (vt as Ty & { k: 'adt' }).args, (vt as Ty & { k: 'adt' }).def.variants[0]);
    stmts.push(I.set(len, I.load('i64', vecObj, v.len, 'i64')));
    stmts.push(I.set(a, r.start ? fl.expr(r.start) : I.i64(0)));
    stmts.push(I.set(b, r.end ? (r.inclusive ? I.bin('add', 'i64', fl.expr(r.end), I.i64(1)) : fl.expr(r.end)) : I.get(len, 'i64')));
    stmts.push(this.sliceCheck(fl, I.get(a, 'i64'), I.get(b, 'i64'), I.get(len, 'i64'), e.span));
    const values = lay.fields.map(f => {
      switch (f.name) {
        case 'buf': return I.load('ref', vecObj, v.buf, 'ref');
        case 'start': return I.bin('add', 'i64', I.load('i64', vecObj, v.start, 'i64'), I.get(a, 'i64'));
        case 'len': case 'cap': return I.bin('sub', 'i64', I.get(b, 'i64'), I.get(a, 'i64'));
        default: return f.mem ? fieldLoad(f, vecObj) : I.nop();
      }
    });
    stmts.push(fl.newObject(lay, values, e.span));
    return I.block(stmts, 'ref');
  }

  vecDef(): AdtDef {
    const d = this.pc.collector.langAdts.get('Vec') ?? this.pc.collector.findStdAdt('vec', 'Vec');
    if (!d) throw new MissingRuntime('std::vec::Vec is missing');
    return d;
  }

  /** A Vec whose buffer is the array itself: [T; N] and RawBuf<T> share a layout. */
  arrayView(fl: FnLowerer, t: Ty & { k: 'array' }, arr: IrExpr, span: Span): IrExpr {
    const vt: Ty = { k: 'adt', def: this.vecDef(), args: [t.elem] };
    const lay = this.layouts.variant(this.vecDef(), [t.elem], this.vecDef().variants[0]);
    const values = lay.fields.map(f => {
      switch (f.name) {
        case 'buf': return arr;
        case 'start': return I.i64(0);
        case 'len': case 'cap': return I.i64(t.len);
        default: return f.mem ? zeroOf(memValType(f.mem)) : I.nop();
      }
    });
    void vt;
    return fl.newObject(lay, values, span);
  }

  arrayToVec(fl: FnLowerer, t: Ty & { k: 'array' }, arr: IrExpr, span: Span): IrExpr {
    const vt: Ty = { k: 'adt', def: this.vecDef(), args: [t.elem] };
    const a = fl.tmp('ref'), v = fl.tmp('ref'), i = fl.tmp('i32');
    const m = memType(t.elem);
    const size = memSize(m);
    return I.block([
      I.set(a, arr),
      I.set(v, fl.callRef(this.stdAssoc(vt, 'with_capacity'), [I.i64(t.len)], span)),
      this.derive.loopN(fl, i, I.i32(t.len), [fl.callRef(this.stdMethod(vt, 'push'), [I.get(v, 'ref'), m ? I.load(m, elemAddr(I.get(a, 'ref'), I.get(i, 'i32'), size), ARRAY_DATA, memValType(m)) : I.nop()], span)]),
      I.get(v, 'ref'),
    ], 'ref');
  }

  vecMacro(fl: FnLowerer, e: ast.MacroExpr & { form: 'vec' }): IrExpr {
    const t = fl.ty(e) as Ty & { k: 'adt' };
    const elem = t.args[0];
    const v = fl.tmp('ref');
    const push = (x: IrExpr) => fl.callRef(this.stdMethod(t, 'push'), [I.get(v, 'ref'), x], e.span);
    if (e.repeat) {
      const vt = valType(elem);
      const x = vt ? fl.tmp(vt) : -1, n = fl.tmp('i64'), i = fl.tmp('i64');
      const lp = fl.newLabel('vecrep'), done = fl.newLabel('vecrepdone');
      return I.block([
        vt ? I.set(x, fl.valueOf(e.repeat.value, elem)) : I.drop(fl.expr(e.repeat.value)),
        I.set(n, fl.expr(e.repeat.count)),
        I.set(v, fl.callRef(this.stdAssoc(t, 'with_capacity'), [I.get(n, 'i64')], e.span)),
        I.set(i, I.i64(0)),
        I.block([I.loop(lp, I.block([
          I.br(done, null, I.bin('ge_s', 'i64', I.get(i, 'i64'), I.get(n, 'i64'))),
          push(vt ? this.derive.clone(fl, elem, I.get(x, vt), e.span) : I.nop()),
          I.set(i, I.bin('add', 'i64', I.get(i, 'i64'), I.i64(1))),
          I.br(lp),
        ]))], 'void', done),
        I.get(v, 'ref'),
      ], 'ref');
    }
    return I.block([
      I.set(v, fl.callRef(this.stdAssoc(t, 'with_capacity'), [I.i64(e.elems.length)], e.span)),
      ...e.elems.map(x => push(fl.valueOf(x, elem))),
      I.get(v, 'ref'),
    ], 'ref');
  }

  // ------------------------------------------------------------ for loops

  lowerFor(fl: FnLowerer, e: ast.ForExpr): IrExpr {
    const kind = fl.cf.fors.get(e);
    if (!kind) return I.unreachable();
    const brk = fl.newLabel('fend'), cont = fl.newLabel('fcont'), top = fl.newLabel('ftop');
    const bind = (place: IrExpr, t: Ty) => lowerPatternCheck(fl, e.pat, t, place, null);
    const body = () => fl.withLoop(e.label, brk, cont, () => I.drop(fl.block(e.body)));
    const loop = (pre: IrExpr[], head: IrExpr[], step: IrExpr[]) =>
      I.block([...pre, I.loop(top, I.block([...head, I.block([body()], 'void', cont), ...step, I.br(top)]))], 'void', brk);
    switch (kind.k) {
      case 'range': {
        const t = kind.elem;
        const vt = valType(t)!;
        const i = fl.tmp(vt), end = fl.tmp(vt);
        let start: IrExpr, stop: IrExpr;
        let iter = e.iter;
        while (iter.kind === 'paren') iter = iter.expr;
        if (iter.kind === 'range' && kind.open) {
          const one0 = vt === 'i64' ? I.i64(1) : I.i32(1);
          return loop([I.set(i, fl.expr(iter.start!))], [bind(I.get(i, vt), t)], [I.set(i, fl.normalize(t, I.bin('add', vt, I.get(i, vt), one0)))]);
        }
        if (iter.kind === 'range') { start = fl.expr(iter.start!); stop = fl.expr(iter.end!); }
        else {
          const r = fl.tmp('ref');
          const rt = fl.ty(e.iter) as Ty & { k: 'adt' };
          const lay = this.layouts.variant(rt.def, rt.args, rt.def.variants[0]);
          const fs = lay.fields.find(f => f.name === 'start')!, fe = lay.fields.find(f => f.name === 'end')!;
          const pre = I.set(r, fl.expr(e.iter));
          start = I.block([pre, I.load(fs.mem!, I.get(r, 'ref'), fs.offset, vt)], vt);
          stop = I.load(fe.mem!, I.get(r, 'ref'), fe.offset, vt);
        }
        const one = vt === 'i64' ? I.i64(1) : I.i32(1);
        const signed = isSigned(t);
        const ge = signed ? 'ge_s' : 'ge_u', gt = signed ? 'gt_s' : 'gt_u';
        if (kind.inclusive) {
          return I.block([
            I.set(i, start), I.set(end, stop),
            I.br(brk, null, I.bin(gt, vt, I.get(i, vt), I.get(end, vt))),
            I.loop(top, I.block([
              bind(I.get(i, vt), t),
              I.block([body()], 'void', cont),
              I.br(brk, null, I.bin('eq', vt, I.get(i, vt), I.get(end, vt))),
              I.set(i, fl.normalize(t, I.bin('add', vt, I.get(i, vt), one))),
              I.br(top),
            ])),
          ], 'void', brk);
        }
        return loop([I.set(i, start), I.set(end, stop)],
          [I.br(brk, null, I.bin(ge, vt, I.get(i, vt), I.get(end, vt))), bind(I.get(i, vt), t)],
          [I.set(i, fl.normalize(t, I.bin('add', vt, I.get(i, vt), one)))]);
      }
      case 'vec': case 'array': {
        const it = fl.ty(e.iter);
        const obj = fl.tmp('ref'), i = fl.tmp('i32'), n = fl.tmp('i32');
        const acc = this.derive.seqAccess(fl, it, I.get(obj, 'ref'));
        const vt = valType(kind.elem);
        const x = vt ? fl.tmp(vt) : -1;
        return loop([I.set(obj, fl.expr(e.iter)), ...acc.setup, I.set(n, acc.len), I.set(i, I.i32(0))],
          [I.br(brk, null, I.bin('ge_u', 'i32', I.get(i, 'i32'), I.get(n, 'i32'))),
            ...(vt ? [I.set(x, acc.get(I.get(i, 'i32'))), bind(I.get(x, vt), kind.elem)] : [bind(I.nop(), kind.elem)])],
          [I.set(i, I.bin('add', 'i32', I.get(i, 'i32'), I.i32(1)))]);
      }
      case 'map': {
        const obj = fl.tmp('ref'), slot = fl.tmp('i64');
        const elemTy: Ty = kind.set ? kind.key : { k: 'tuple', elems: [kind.key, kind.value] };
        const key = fl.callRef(kind.fns.key, [I.get(obj, 'ref'), I.get(slot, 'i64')], e.span);
        let item: IrExpr;
        if (kind.set) item = key;
        else {
          const val = fl.callRef(kind.fns.value!, [I.get(obj, 'ref'), I.get(slot, 'i64')], e.span);
          item = fl.newObject(this.layouts.tuple([kind.key, kind.value]), [key, val], e.span);
        }
        const vt = valType(elemTy);
        const x = vt ? fl.tmp(vt) : -1;
        return loop([I.set(obj, fl.expr(e.iter)), I.set(slot, fl.callRef(kind.fns.next, [I.get(obj, 'ref'), I.i64(0)], e.span))],
          [I.br(brk, null, I.bin('lt_s', 'i64', I.get(slot, 'i64'), I.i64(0))),
            ...(vt ? [I.set(x, item), bind(I.get(x, vt), elemTy)] : [I.drop(item)])],
          [I.set(slot, fl.callRef(kind.fns.next, [I.get(obj, 'ref'), I.bin('add', 'i64', I.get(slot, 'i64'), I.i64(1))], e.span))]);
      }
      case 'iter': {
        const it = fl.tmp('ref'), opt = fl.tmp('ref');
        const ot = substTy(kind.next.def.ret, makeSubst(kind.next.def.generics, kind.next.args)) as Ty & { k: 'adt' };
        const some = ot.def.variants.find(v => v.name === 'Some')!;
        const f = this.layouts.variant(ot.def, ot.args, some).fields[0];
        return loop([I.set(it, fl.expr(e.iter))],
          [I.set(opt, fl.callRef(kind.next, [I.get(it, 'ref')], e.span)),
            I.br(brk, null, I.bin('ne', 'i32', tagOf(ot.def, ot.args, I.get(opt, 'ref')), I.i32(some.index))),
            bind(f.mem ? fieldLoad(f, I.get(opt, 'ref')) : I.nop(), kind.elem)],
          []);
      }
      default: { const n: never = kind; void n; return I.unreachable(); }
    }
  }

  // ------------------------------------------------------------ function values and dyn

  /** A named function used as a value: a closure object whose code calls it. */
  fnClosure(fl: FnLowerer, ref: FnRef, span: Span): IrExpr {
    const target = this.fnInfo(ref);
    const s = makeSubst(ref.def.generics, ref.args);
    const params = [...(ref.def.hasSelf && ref.def.selfTy ? [substTy(ref.def.selfTy, s)] : []), ...ref.def.params.map(p => substTy(p, s))];
    const name = this.wrapper(`fnptr ${target.name}`, params, target.result, (g, p) =>
      ({ op: 'call', func: target.name, args: [...p.map((x, i) => I.get(x, valType(params[i])!)), ...(target.trackCaller ? [this.stringLit(`${fl.displayName()} (${this.describe(span)})`)] : [])], type: target.result }));
    return fl.newClosure(name, [], span);
  }

  /** A tuple variant or tuple struct used as a function value. */
  ctorClosure(fl: FnLowerer, r: Res & { k: 'variant' }, t: Ty, span: Span): IrExpr {
    const ft = t as Ty & { k: 'fn' };
    const name = this.wrapper(`ctor ${tyToString(ft.ret)}::${r.variant.name}`, ft.params, valType(ft.ret) ?? 'void', (g, p) =>
      g.newVariant(r.adt, r.args, r.variant, p.map((x, i) => I.get(x, valType(ft.params[i])!)), span));
    return fl.newClosure(name, [], span);
  }

  private wrapper(key: string, params: Ty[], result: ResultType, gen: (g: FnLowerer, p: number[]) => IrExpr): string {
    let name = this.wrappers.get(key);
    if (name) return name;
    name = key;
    this.wrappers.set(key, name);
    const vts = params.map(valType);
    this.synth(name, ['ref', ...vts.filter((v): v is ValType => v !== null)], result, (g, p) => {
      // p[0] is the closure itself; map the remaining params back to their positions.
      const idx: number[] = [];
      let k = 1;
      vts.forEach(v => { idx.push(v ? k++ : -1); });
      return gen(g, idx);
    });
    this.table(name);
    return name;
  }

  /** Box a concrete value as `dyn Trait`: [hdr][value @8][method fn indices from 16]. */
  dynBox(fl: FnLowerer, concrete: Ty, dynTy: Ty, v: IrExpr): IrExpr {
    const d = dynTy as Ty & { k: 'dyn' };
    const trait = d.trait;
    const methods = vtableMethods(trait);
    const m = memType(concrete);
    const typeId = this.layouts.descriptor(`dyn ${m ?? 'unit'} ${methods.length}`, {
      kind: 'fixed', name: `dyn(${m ?? '()'})`, size: (16 + 4 * methods.length + 7) & ~7, refOffsets: m === 'ref' ? [8] : [],
    });
    const size = (16 + 4 * methods.length + 7) & ~7;
    const vt = valType(concrete);
    const x = vt ? fl.tmp(vt) : -1;
    const o = fl.tmp('ref');
    const stmts: IrExpr[] = [vt ? I.set(x, v) : I.drop(v), I.set(o, { op: 'alloc', typeId, size: I.i32(size) })];
    if (m) stmts.push(I.store(m, I.get(o, 'ref'), 8, I.get(x, vt!)));
    methods.forEach((mt, i) => {
      stmts.push(I.store('i32', I.get(o, 'ref'), 16 + 4 * i, { op: 'funcIndex', func: this.dynShim(mt.trait, mt.name, concrete) }));
    });
    stmts.push(I.get(o, 'ref'));
    return I.block(stmts, 'ref');
  }

  /** `shim(box, args) = Impl::method(box.value, args)` for one (trait, type, method). */
  private dynShim(trait: TraitDef, method: string, concrete: Ty): string {
    const key = `dyn ${trait.name}::${method} for ${tyToString(concrete)}`;
    const existing = this.wrappers.get(key);
    if (existing) return existing;
    const u = new Unifier();
    const found = this.pc.traits.findImpl(u, trait, concrete);
    const tm = trait.methods.get(method)!;
    let ref: FnRef;
    if (found && found.impl.methods.get(method)) ref = { def: found.impl.methods.get(method)!, args: found.args.map(a => u.zonk(a)) };
    else ref = { def: tm, args: [concrete, ...trait.generics.map(() => INT)] };
    const s = makeSubst(ref.def.generics, ref.args);
    const params = ref.def.params.map(p => substTy(p, s));
    const target = this.fnInfo(ref);
    const m = memType(concrete);
    const name = key;
    this.wrappers.set(key, name);
    const vts = params.map(valType).filter((v): v is ValType => v !== null);
    this.synth(name, ['ref', ...vts], target.result, (g, p) => {
      const self = m ? [I.load(m, I.get(p[0], 'ref'), 8, memValType(m))] : [];
      return { op: 'call', func: target.name, args: [...self, ...vts.map((v, i) => I.get(p[i + 1], v)), ...(target.trackCaller ? [this.stringLit('<dyn>')] : [])], type: target.result };
    });
    this.table(name);
    return name;
  }

  dynCall(fl: FnLowerer, m: MethodRes & { k: 'dyn' }, recv: IrExpr, args: IrExpr[], span: Span): IrExpr {
    const ft = m.fnTy as Ty & { k: 'fn' };
    const b = fl.tmp('ref');
    const vals = args.filter(a => irTypeOf(a) !== 'void');
    const temps = vals.map(v => { const t = fl.tmp(irTypeOf(v) as ValType); return { t, v }; });
    const result = valType(ft.ret) ?? 'void';
    return I.block([
      I.set(b, recv),
      ...temps.map(({ t, v }) => I.set(t, v)),
      { op: 'callIndirect', index: I.load('i32', I.get(b, 'ref'), 16 + 4 * m.index, 'i32'), params: ['ref', ...temps.map(({ v }) => irTypeOf(v) as ValType)], args: [I.get(b, 'ref'), ...temps.map(({ t, v }) => I.get(t, irTypeOf(v) as ValType))], type: result, span },
    ], result);
  }

  // ------------------------------------------------------------ go and defer

  /**
   * `go f(a, b)`: the callee and arguments are evaluated now, as for `defer` (defer.ts);
   * `go { block }`: the block's closure. Either way the goroutine's entry is a `fn()`
   * closure handed to `runtime::spawn` (as its address: the runtime keeps it in the G
   * record, a GC root).
   */
  spawn(fl: FnLowerer, e: ast.GoExpr): IrExpr {
    const info = fl.cf.closures.get(e);
    const clo = isDeferrableCall(e.body) ? operandThunk(fl, e.body, 'go') : info ? fl.closure(e, e.body, info) : null;
    if (!clo) return this.unsupported(e.body.span, '`go` needs a call or a block');
    const spawn = this.fnInfo(this.runtimeFn('spawn'));
    return { op: 'call', func: spawn.name, args: [I.toI32(clo)], type: 'void', span: e.span };
  }
}

export class MissingRuntime extends Error {}

/** Offset of the defer list in a G record (runtime/sched.gos `G_DEFER`). */
export const G_DEFER_OFFSET = 12;

/** Rewrite `alloc` with typeId -1 in __alloc_array to take its type id from param 0. */
function patchDynamicAlloc(e: IrExpr): void {
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const n = x as Record<string, unknown>;
    if (n.op === 'alloc' && n.typeId === -1) {
      n.op = 'call';
      n.func = 'runtime::alloc';
      n.args = [{ op: 'local.get', index: 0, type: 'i32' }, n.size];
      n.type = 'ref';
      delete n.typeId; delete n.size;
      return;
    }
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) v.forEach(visit); else if (v && typeof v === 'object') visit(v);
    }
  };
  visit(e);
}

function emptyChecked(name: string, tp: TypedProgram): CheckedFn {
  void tp;
  return {
    name, def: null as unknown as FnDef, args: [], selfLocal: null, params: [], paramTys: [], paramPats: [], ret: INT, body: null,
    exprTypes: new Map(), patTypes: new Map(), res: new Map(), methods: new Map(), ops: new Map(), bindings: new Map(),
    closures: new Map(), formats: new Map(), coercions: new Map(), tries: new Map(), fors: new Map(), trackCaller: false,
  };
}

export type { StaticDef };

// Emits one IrFunction as a wasm function, including its shadow-stack frame.
//
// A function with k `ref` locals (parameters included) owns a frame of 4k bytes on the
// shadow stack, one u32 slot per ref local, in local order:
//
//    (local.set $fp (i32.sub (global.get $__sp) (i32.const 4k)))
//    (if (i32.lt_u (local.get $fp) (global.get $__sp_limit))       ;; stack overflow:
//      (then (global.set $__sp_limit (i32.const 0))                ;; the hook runs below
//            (call $runtime::panic_stack_overflow) (unreachable)))  ;; the limit
//    (global.set $__sp (local.get $fp))
//    zero the slots of non-parameter refs; store each ref parameter to its slot
//    (local.set $ret (block $__body (result T) BODY))                ;; `return v` = br $__body v
//    (global.set $__sp (i32.add (local.get $fp) (i32.const 4k)))
//    (local.get $ret)
//
// and every write of a ref local is written through to its slot:
//    (i32.store offset=slot (local.get $fp) (local.tee $x VALUE))
// so at any call the frame holds exactly the function's live references. Functions
// without ref locals get no frame and no prologue at all. See docs/runtime.md "Roots".

import { IrExpr, IrFunction, IrImport, ValType } from '../ir/ir.js';
import { runtimeSymbol } from '../ir/abi.js';
import { Span } from '../source/index.js';
import { MemoryLayout } from './layout.js';
import {
  ASY_DEPTH, CUR_G, CUR_P, CodegenError, Expr, Module, SP, SP_LIMIT, SP_SPAN, TABLE, asStatement, binaryen, constant,
  emitLoad, emitStore, fnName, setLocalName, wasmParams, wasmType,
} from './module.js';
import { emitAtomic, emitBinary, emitUnary } from './ops.js';
import { POLL_SAFE, POLL_STOP, POLL_STOP_BITS, SafepointPlan } from './safepoint.js';

export const ALLOC = runtimeSymbol('alloc');
export const PANIC_AT = runtimeSymbol('panic_at');
export const STACK_OVERFLOW_HOOK = runtimeSymbol('panic_stack_overflow');
/** `(frame_bytes: i32) -> i32`: the frame pointer of a frame that did not fit the current chunk. */
export const MORESTACK = runtimeSymbol('morestack');
const BODY_LABEL = '__body';

/** Where the module-level pieces are; built once by index.ts. */
export interface CodegenContext {
  mod: Module;
  layout: MemoryLayout;
  functions: ReadonlyMap<string, IrFunction>;
  imports: ReadonlyMap<string, IrImport>;
  tableIndex: ReadonlyMap<string, number>;
  /** Address of the static String "file.gos:line:col" for a panic at `span`. */
  locationString(span: Span): number;
  /** The Binaryen debug location of a span, or null when positions are unknown. */
  debugLocation(span: Span): { file: number; line: number; col: number } | null;
  /** Functions Asyncify instruments (suspend.ts), each with its bound on the bytes it saves. */
  asyncifyCost: ReadonlyMap<string, number>;
  /** Functions that can (transitively) reach an allocation: see collectingFunctions. */
  collecting: ReadonlySet<string>;
  /** The Asyncify pass runs; else nothing can suspend and its controls are traps. */
  asyncify: boolean;
  /** Where polls go (safepoint.ts). */
  safepoints: SafepointPlan;
}

/** The Asyncify controls, imported from module "asyncify" (the pass wires them to its own). */
export const ASYNCIFY_CALLS: ReadonlyMap<string, { base: string; param: boolean }> = new Map([
  ['__asyncify_start_unwind', { base: 'start_unwind', param: true }],
  ['__asyncify_stop_unwind', { base: 'stop_unwind', param: false }],
  ['__asyncify_start_rewind', { base: 'start_rewind', param: true }],
  ['__asyncify_stop_rewind', { base: 'stop_rewind', param: false }],
]);

/** Internal name of an Asyncify control import. */
export function asyncifyImportName(call: string): string {
  return `asyncify::${ASYNCIFY_CALLS.get(call)!.base}`;
}

/** Internal name of an imported host function (module "env"). */
export function importName(name: string): string {
  return `env::${name}`;
}

/**
 * Calls with these names are compiled inline; they give the runtime the layout facts
 * (docs/runtime.md "Reserved IR call names"). No IrFunction may use them.
 */
export const RESERVED_CALLS: ReadonlySet<string> = new Set([
  '__heap_base', '__type_table', '__type_count', '__roots_table', '__shadow_base', '__shadow_limit',
  '__shadow_sp', '__set_shadow_sp', '__set_shadow_limit', '__shadow_span', '__set_shadow_span',
  '__current_g', '__set_current_g', '__current_p', '__set_current_p', '__asy_depth', '__set_asy_depth',
  '__gc_flags', ...ASYNCIFY_CALLS.keys(),
]);

export function emitFunction(ctx: CodegenContext, f: IrFunction): void {
  new FunctionEmitter(ctx, f).emit();
}

class FunctionEmitter {
  private readonly mod: Module;
  private readonly localTypes: ValType[];
  /** Byte offset in the frame of each ref local. */
  private readonly slots = new Map<number, number>();
  private readonly frameSize: number;
  private readonly vars: binaryen.Type[];
  private readonly fp: number;
  private readonly ret: number;
  private readonly labelStack = new Map<string, string[]>();
  private readonly usedLabels = new Set<string>([BODY_LABEL]);
  private readonly locations: [Expr, Span][] = [];
  /** Bytes this function adds to the Asyncify depth (0: not instrumented). */
  private readonly asyCost: number;
  /** One exit path (`return` = br to the body block) so an epilogue runs on every exit. */
  private readonly singleExit: boolean;

  constructor(private readonly ctx: CodegenContext, private readonly f: IrFunction) {
    this.mod = ctx.mod;
    this.localTypes = [...f.params, ...f.locals].map(l => l.type);
    // A function that cannot reach a collection needs no roots of its own: no frame.
    if (ctx.collecting.has(f.name)) this.localTypes.forEach((t, i) => { if (t === 'ref') this.slots.set(i, 4 * this.slots.size); });
    this.frameSize = 4 * this.slots.size;
    this.asyCost = ctx.asyncifyCost.get(f.name) ?? 0;
    this.singleExit = this.frameSize > 0 || this.asyCost > 0;
    this.vars = f.locals.map(l => wasmType(l.type));
    let next = this.localTypes.length;
    this.fp = this.frameSize > 0 ? next++ : -1;
    this.ret = this.singleExit && f.result !== 'void' ? next++ : -1;
    if (this.fp >= 0) this.vars.push(binaryen.i32);
    if (this.ret >= 0) this.vars.push(wasmType(f.result));
  }

  emit(): void {
    const { mod, f } = this;
    const result = wasmType(f.result);
    let body = this.expr(f.body);
    const entryPoll = this.ctx.safepoints.entryPolls.get(f.name);
    if (entryPoll !== undefined) {
      // After the prologue: at a safe poll the frame already holds the ref parameters.
      body = mod.block(null, [this.poll(entryPoll === 'safe'), result === binaryen.none ? asStatement(mod, body) : body], result);
    }
    let full: Expr;
    let entry: Expr | null = null;
    if (!this.singleExit) {
      full = result === binaryen.none ? asStatement(mod, body) : body;
    } else {
      // Asyncify accounting (instrumented functions only): the depth counts what an unwind
      // would save; an unwind skips the epilogue and a rewind skips the prologue, so the
      // scheduler saves and restores the counter with the goroutine (docs/runtime.md).
      const depth = (op: 'add' | 'sub'): Expr => mod.global.set(ASY_DEPTH,
        mod.i32[op](mod.global.get(ASY_DEPTH, binaryen.i32), mod.i32.const(this.asyCost)));
      const prologue = [...(this.asyCost > 0 ? [depth('add')] : []), ...(this.frameSize > 0 ? this.prologue() : [])];
      entry = this.frameSize > 0 ? prologue[prologue.length - this.prologueLength] : null;
      const inner = mod.block(BODY_LABEL, [result === binaryen.none ? asStatement(mod, body) : body], result);
      const epilogue = [
        ...(this.frameSize > 0 ? [mod.global.set(SP, mod.i32.add(this.getFp(), mod.i32.const(this.frameSize)))] : []),
        ...(this.asyCost > 0 ? [depth('sub')] : []),
      ];
      full = result === binaryen.none
        ? mod.block(null, [...prologue, inner, ...epilogue], binaryen.none)
        : mod.block(null, [...prologue, mod.local.set(this.ret, inner), ...epilogue, mod.local.get(this.ret, result)], result);
    }
    const ref = mod.addFunction(fnName(f.name), wasmParams(f.params.map(p => p.type)), result, this.vars, full);
    this.nameLocals(ref);
    if (entry !== null) this.locations.unshift([entry, f.span]);
    for (const [e, span] of this.locations) {
      const d = this.ctx.debugLocation(span);
      if (d) mod.setDebugLocation(ref, e, d.file, d.line, d.col);
    }
    if (f.exportAs) mod.addFunctionExport(fnName(f.name), f.exportAs);
  }

  private nameLocals(ref: binaryen.FunctionRef): void {
    const seen = new Set<string>();
    const name = (i: number, n: string): void => {
      let s = n || `l${i}`;
      for (let k = 2; seen.has(s); k++) s = `${n}#${k}`;
      seen.add(s);
      setLocalName(ref, i, s);
    };
    [...this.f.params, ...this.f.locals].forEach((l, i) => name(i, l.name));
    if (this.fp >= 0) name(this.fp, '$fp');
    if (this.ret >= 0) name(this.ret, '$ret');
  }

  private getFp(): Expr {
    return this.mod.local.get(this.fp, binaryen.i32);
  }

  private prologueLength = 0;

  private prologue(): Expr[] {
    const out = this.framePrologue();
    this.prologueLength = out.length;
    return out;
  }

  private framePrologue(): Expr[] {
    const { mod, f, frameSize } = this;
    const out: Expr[] = [
      mod.local.set(this.fp, mod.i32.sub(mod.global.get(SP, binaryen.i32), mod.i32.const(frameSize))),
    ];
    if (this.ctx.functions.has(MORESTACK)) {
      // Chunked shadow stacks: the frame must lie in [limit, limit + span]; otherwise the
      // runtime finds (or makes) a chunk that holds it. One unsigned compare covers both
      // sides. morestack and the overflow hook have no frames, so they never recurse here.
      if (f.name !== STACK_OVERFLOW_HOOK) {
        out.push(mod.if(
          mod.i32.gt_u(mod.i32.sub(this.getFp(), mod.global.get(SP_LIMIT, binaryen.i32)), mod.global.get(SP_SPAN, binaryen.i32)),
          mod.local.set(this.fp, this.callFunction(MORESTACK, [mod.i32.const(frameSize)]))));
      }
    } else if (f.name !== STACK_OVERFLOW_HOOK) {
      // Clear the limit first: the hook and what it calls run on the room below the limit.
      const overflow = this.ctx.functions.has(STACK_OVERFLOW_HOOK)
        ? mod.block(null, [
          mod.global.set(SP_LIMIT, mod.i32.const(0)),
          asStatement(mod, this.callFunction(STACK_OVERFLOW_HOOK, [])),
          mod.unreachable(),
        ], binaryen.none)
        : mod.unreachable();
      out.push(mod.if(mod.i32.lt_u(this.getFp(), mod.global.get(SP_LIMIT, binaryen.i32)), overflow));
    }
    out.push(mod.global.set(SP, this.getFp()));
    // Zero the slots of the non-parameter refs (contiguous after the parameters' slots).
    let paramSlots = 0;
    f.params.forEach(p => { if (p.type === 'ref') paramSlots++; });
    let at = 4 * paramSlots;
    if (frameSize - at > 64) {
      out.push(mod.memory.fill(mod.i32.add(this.getFp(), mod.i32.const(at)), mod.i32.const(0), mod.i32.const(frameSize - at)));
    } else {
      for (; at + 8 <= frameSize; at += 8) out.push(mod.i64.store(at, 4, this.getFp(), mod.i64.const(0n)));
      if (at < frameSize) out.push(mod.i32.store(at, 4, this.getFp(), mod.i32.const(0)));
    }
    f.params.forEach((p, i) => {
      if (p.type === 'ref') out.push(mod.i32.store(this.slots.get(i)!, 4, this.getFp(), mod.local.get(i, binaryen.i32)));
    });
    return out;
  }

  // ------------------------------------------------------------------ labels

  private pushLabel(label: string): string {
    let name = label;
    for (let k = 2; this.usedLabels.has(name); k++) name = `${label}#${k}`;
    this.usedLabels.add(name);
    const stack = this.labelStack.get(label) ?? [];
    stack.push(name);
    this.labelStack.set(label, stack);
    return name;
  }

  private popLabel(label: string): void {
    this.labelStack.get(label)!.pop();
  }

  private label(label: string): string {
    const stack = this.labelStack.get(label);
    if (!stack || stack.length === 0) throw this.error(`branch to unknown label '${label}'`);
    return stack[stack.length - 1];
  }

  private error(msg: string): CodegenError {
    return new CodegenError(`in function '${this.f.name}': ${msg}`);
  }

  // ------------------------------------------------------------------ expressions

  private expr(e: IrExpr): Expr {
    const { mod } = this;
    switch (e.op) {
      case 'const':
        if (e.type === 'ref' && e.value !== 0 && e.value !== 0n) throw this.error('a ref constant must be 0 (null)');
        return constant(mod, e.type, e.value);
      case 'local.get':
        return mod.local.get(e.index, wasmType(this.localType(e.index, e.type)));
      case 'local.set': {
        const value = this.expr(e.value);
        this.localType(e.index, null);
        const slot = this.slots.get(e.index);
        if (slot === undefined) return mod.local.set(e.index, value);
        return mod.i32.store(slot, 4, this.getFp(), mod.local.tee(e.index, value, binaryen.i32));
      }
      case 'local.tee': {
        const value = this.expr(e.value);
        const type = wasmType(this.localType(e.index, e.type));
        const slot = this.slots.get(e.index);
        if (slot === undefined) return mod.local.tee(e.index, value, type);
        return mod.block(null, [
          mod.i32.store(slot, 4, this.getFp(), mod.local.tee(e.index, value, binaryen.i32)),
          mod.local.get(e.index, binaryen.i32),
        ], binaryen.i32);
      }
      case 'static.get': {
        const s = this.static(e.id);
        return emitLoad(mod, s.type, s.type, 0, mod.i32.const(s.addr));
      }
      case 'static.set': {
        const s = this.static(e.id);
        return emitStore(mod, s.type, 0, mod.i32.const(s.addr), this.expr(e.value));
      }
      case 'dataAddr': case 'ref.data': {
        const addr = this.ctx.layout.segments.get(e.id);
        if (addr === undefined) throw this.error(`unknown data segment '${e.id}'`);
        return mod.i32.const(addr);
      }
      case 'unary': return emitUnary(mod, e.kind, e.type, this.expr(e.operand));
      case 'binary': return emitBinary(mod, e.kind, e.type, this.expr(e.left), this.expr(e.right));
      case 'load': return emitLoad(mod, e.mem, e.type, e.offset, this.expr(e.addr));
      case 'store': return emitStore(mod, e.mem, e.offset, this.expr(e.addr), this.expr(e.value));
      case 'atomic':
        return emitAtomic(mod, e.kind, e.mem, e.offset, this.expr(e.addr), e.args.map(a => this.expr(a)));
      case 'call': {
        if (RESERVED_CALLS.has(e.func)) return this.intrinsic(e.func, e.args);
        const call = this.callFunction(e.func, e.args.map(a => this.expr(a)));
        if (e.span) this.locations.push([call, e.span]);
        return call;
      }
      case 'callIndirect': {
        if (e.args.length !== e.params.length) throw this.error('call_indirect: argument count differs from params');
        const args = e.args.map(a => this.expr(a));
        const call = mod.call_indirect(TABLE, this.expr(e.index), args, wasmParams(e.params), wasmType(e.type));
        if (e.span) this.locations.push([call, e.span]);
        return call;
      }
      case 'callImport': {
        const imp = this.ctx.imports.get(e.name);
        if (!imp) throw this.error(`call to undeclared import '${e.name}'`);
        if (e.args.length !== imp.params.length) throw this.error(`import '${e.name}' takes ${imp.params.length} arguments`);
        return mod.call(importName(e.name), e.args.map(a => this.expr(a)), wasmType(imp.result));
      }
      case 'alloc': {
        if (e.typeId < 0 || e.typeId >= this.ctx.layout.types.length) throw this.error(`alloc of unknown type id ${e.typeId}`);
        const call = this.callFunction(ALLOC, [mod.i32.const(e.typeId), this.expr(e.size)]);
        if (e.span) this.locations.push([call, e.span]);
        return call;
      }
      case 'panic': {
        const call = this.callFunction(PANIC_AT, [this.expr(e.message), mod.i32.const(this.ctx.locationString(e.span))]);
        this.locations.push([call, e.span]);
        return mod.block(null, [asStatement(mod, call), mod.unreachable()], binaryen.none);
      }
      case 'block': {
        const name = e.label !== null ? this.pushLabel(e.label) : null;
        const kids = e.body.map(c => this.expr(c));
        if (e.label !== null) this.popLabel(e.label);
        const type = wasmType(e.type);
        const last = kids.length - 1;
        const stmts = kids.map((k, i) => (i === last && type !== binaryen.none ? k : asStatement(mod, k)));
        if (name === null && stmts.length === 1) {
          const t = binaryen.getExpressionType(stmts[0]);
          if (t === type || t === binaryen.unreachable) return stmts[0];
        }
        return mod.block(name, stmts, type);
      }
      case 'loop': {
        const name = this.pushLabel(e.label);
        let body = this.expr(e.body);
        this.popLabel(e.label);
        if (e.type === 'void') body = asStatement(mod, body);
        if (!this.ctx.safepoints.loopPolls.has(this.f.name)) return mod.loop(name, body);
        return this.polledLoop(name, body, wasmType(e.type));
      }
      case 'if': {
        const cond = this.expr(e.cond);
        let then = this.expr(e.then);
        let other = e.else ? this.expr(e.else) : undefined;
        if (e.type === 'void') {
          then = asStatement(mod, then);
          if (other !== undefined) other = asStatement(mod, other);
        }
        return mod.if(cond, then, other);
      }
      case 'br': {
        const value = e.value ? this.expr(e.value) : undefined;
        const cond = e.cond ? this.expr(e.cond) : undefined;
        return mod.br(this.label(e.label), cond, value);
      }
      case 'switch':
        return mod.switch(e.labels.map(l => this.label(l)), this.label(e.default), this.expr(e.index));
      case 'return': {
        const value = e.value ? this.expr(e.value) : undefined;
        return this.singleExit ? mod.br(BODY_LABEL, undefined, value) : mod.return(value);
      }
      case 'unreachable': return mod.unreachable();
      case 'drop': return asStatement(mod, this.expr(e.value));
      case 'select': {
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        return mod.select(this.expr(e.cond), a, b);
      }
      case 'nop': return mod.nop();
      case 'memory.size': return mod.memory.size();
      case 'memory.grow': return mod.memory.grow(this.expr(e.pages));
      case 'memory.fill': return mod.memory.fill(this.expr(e.dest), this.expr(e.value), this.expr(e.size));
      case 'memory.copy': return mod.memory.copy(this.expr(e.dest), this.expr(e.src), this.expr(e.size));
      case 'funcIndex': {
        const index = this.ctx.tableIndex.get(e.func);
        if (index === undefined) throw this.error(`funcIndex of unknown function '${e.func}'`);
        return mod.i32.const(index);
      }
      default: {
        const never: never = e;
        throw this.error(`unknown IR op ${(never as IrExpr).op}`);
      }
    }
  }

  /**
   * A loop whose every iteration starts with a safe poll (safepoint.ts). The slow path is
   * called outside the loop, which is entered again afterwards (the poll is at its top, so
   * that is the same as going on): V8 unrolls only loops without calls, and keeps values
   * in registers better without one.
   *
   *   (block $done (loop $again
   *     (block $polled (br $done (loop $L (br_if $polled POLL) BODY)))
   *     (call $runtime::poll_safe) (br $again)))
   */
  private polledLoop(name: string, body: Expr, type: binaryen.Type): Expr {
    const { mod } = this;
    const fresh = (base: string): string => {
      let l = base;
      for (let k = 2; this.usedLabels.has(l); k++) l = `${base}#${k}`;
      this.usedLabels.add(l);
      return l;
    };
    const done = fresh('__poll_done'), again = fresh('__poll_again'), polled = fresh('__polled');
    const inner = mod.loop(name, mod.block(null, [mod.br(polled, this.pollWord(true)), body], type));
    // A loop that never ends (it only leaves by branches further out) must leave $done
    // without branches, so that it stays unreachable code for whatever encloses it.
    const leave = binaryen.getExpressionType(inner) === binaryen.unreachable ? inner
      : type === binaryen.none ? mod.block(null, [inner, mod.br(done)], binaryen.unreachable) : mod.br(done, undefined, inner);
    return mod.block(done, [
      mod.loop(again, mod.block(null, [
        mod.block(polled, [leave]),
        asStatement(mod, this.callFunction(POLL_SAFE, [])),
        mod.br(again),
      ], binaryen.unreachable)),
    ], type === binaryen.none ? binaryen.auto : type);   // auto: unreachable if the loop never ends
  }

  /** The poll condition: the whole word for a safe poll, only the stop bits otherwise. */
  private pollWord(safe: boolean): Expr {
    const { mod } = this;
    const word = mod.i32.atomic.load(0, mod.i32.const(this.ctx.layout.gcFlags));
    return safe ? word : mod.i32.and(word, mod.i32.const(POLL_STOP_BITS));
  }

  /**
   * A poll of the shared poll word (safepoint.ts): `safe` tests the whole word and calls
   * runtime::poll_safe (the frame holds every ref); otherwise only the stop bits are tested
   * and runtime::poll_stop, which never looks at the stack, is called.
   */
  private poll(safe: boolean): Expr {
    return this.mod.if(this.pollWord(safe), asStatement(this.mod, this.callFunction(safe ? POLL_SAFE : POLL_STOP, [])));
  }

  private localType(index: number, expected: ValType | null): ValType {
    const t = this.localTypes[index];
    if (t === undefined) throw this.error(`local index ${index} out of range`);
    if (expected !== null && expected !== t) throw this.error(`local ${index} has type ${t}, used as ${expected}`);
    return t;
  }

  private static(id: string): { addr: number; type: ValType } {
    const s = this.ctx.layout.statics.get(id);
    if (!s) throw this.error(`unknown static '${id}'`);
    return s;
  }

  /** A direct call; the callee's declared result type is the call's type. */
  private callFunction(name: string, args: Expr[]): Expr {
    const callee = this.ctx.functions.get(name);
    if (!callee) throw this.error(`call to unknown function '${name}'`);
    if (callee.params.length !== args.length) {
      throw this.error(`'${name}' takes ${callee.params.length} arguments, called with ${args.length}`);
    }
    return this.mod.call(fnName(name), args, wasmType(callee.result));
  }

  private intrinsic(name: string, irArgs: IrExpr[]): Expr {
    const { mod } = this;
    const { layout } = this.ctx;
    const args = irArgs.map(a => this.expr(a));
    const asy = ASYNCIFY_CALLS.get(name);
    const arity = name.startsWith('__set_') || asy?.param ? 1 : 0;
    if (args.length !== arity) throw this.error(`${name} takes ${arity} argument(s)`);
    if (asy && !this.ctx.asyncify) return mod.block(null, [...args.map(a => mod.drop(a)), mod.unreachable()], binaryen.none);
    if (asy) return mod.call(asyncifyImportName(name), args, binaryen.none);
    const global = (g: string): Expr => mod.global.get(g, binaryen.i32);
    switch (name) {
      case '__shadow_span': return global(SP_SPAN);
      case '__set_shadow_span': return mod.global.set(SP_SPAN, args[0]);
      case '__current_g': return global(CUR_G);
      case '__set_current_g': return mod.global.set(CUR_G, args[0]);
      case '__current_p': return global(CUR_P);
      case '__set_current_p': return mod.global.set(CUR_P, args[0]);
      case '__asy_depth': return global(ASY_DEPTH);
      case '__set_asy_depth': return mod.global.set(ASY_DEPTH, args[0]);
      case '__heap_base': return mod.i32.const(layout.heapBase);
      case '__gc_flags': return mod.i32.const(layout.gcFlags);
      case '__type_table': return mod.i32.const(layout.typeTable);
      case '__type_count': return mod.i32.const(layout.types.length);
      case '__roots_table': return mod.i32.const(layout.rootsTable);
      case '__shadow_base': return mod.i32.const(layout.shadowBase);
      case '__shadow_limit': return mod.global.get(SP_LIMIT, binaryen.i32);
      case '__shadow_sp': return mod.global.get(SP, binaryen.i32);
      case '__set_shadow_sp': return mod.global.set(SP, args[0]);
      case '__set_shadow_limit': return mod.global.set(SP_LIMIT, args[0]);
      default: throw this.error(`unknown reserved call ${name}`);
    }
  }
}

/**
 * The functions that can start a garbage collection: those that allocate or make an
 * indirect call, and (to a fixpoint) those that call one of them. Calls that never
 * return (panics: the frames below a panic are never resumed, so their roots do not
 * matter) and the reserved layout calls do not count; host imports never allocate.
 * A function whose loops poll (`loopPolls`, safepoint.ts) counts too: the runtime may scan
 * the stack at a loop poll. A function outside this set needs no shadow-stack frame at all.
 */
export function collectingFunctions(functions: readonly IrFunction[], loopPolls: ReadonlySet<string> = new Set()): Set<string> {
  const callees = new Map<string, Set<string>>();
  const out = new Set<string>();
  for (const f of functions) {
    const calls = new Set<string>();
    let direct = false;
    const visit = (e: unknown): void => {
      if (!e || typeof e !== 'object') return;
      const n = e as { op?: string; func?: string };
      if (n.op === 'alloc' || n.op === 'callIndirect') direct = true;
      if (n.op === 'call' && n.func !== undefined && !NO_COLLECT.test(n.func) && !RESERVED_CALLS.has(n.func)) calls.add(n.func);
      for (const v of Object.values(n)) {
        if (Array.isArray(v)) v.forEach(visit); else if (v && typeof v === 'object') visit(v);
      }
    };
    visit(f.body);
    callees.set(f.name, calls);
    if (direct || loopPolls.has(f.name)) out.add(f.name);
  }
  // The collector's entry points (keep in sync with runtime/gc.gos and alloc.gos), and the
  // scheduler's safepoint: with several Ps another P may collect while this one waits in
  // gc_poll (lock waits, gopark, the allocator's slow path), so a function that can reach
  // it must keep its refs in its shadow frame too (runtime/sched.gos).
  for (const seed of [ALLOC, ...(['collect', 'gc_collect', 'collect_stress', 'collect_for_memory', 'gc_poll'] as const).map(runtimeSymbol)]) {
    if (callees.has(seed)) out.add(seed);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, calls] of callees) {
      if (out.has(name)) continue;
      for (const c of calls) if (out.has(c)) { out.add(name); changed = true; break; }
    }
  }
  return out;
}

const NO_COLLECT = /^(gos\.panic|runtime::panic_at$|runtime::panic_stack_overflow$)/;

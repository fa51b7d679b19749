// Lowering: typed AST -> IR. Starting from the entry function, every function instance
// that is used gets lowered (module.ts keeps the worklist, drained here; func.ts lowers
// one body).
//
// The entry `_start` runs: runtime::init(), the static initializers (runtime's first),
// main(), runtime::exit(0).

import { DiagnosticBag } from '../diag/index.js';
import { TypedProgram } from '../check/index.js';
import { IrExpr, IrModule } from '../ir/ir.js';
import { LowerOptions, ModuleLowerer, MissingRuntime } from './module.js';
import { FnLowerer, synthFunction } from './func.js';
import { valType } from './layout.js';
import { spillRefs } from './spill.js';
import { hoistInvariantLoads } from './hoist.js';
import { I } from './builder.js';
import { RuntimeFnName } from '../ir/abi.js';

export function lowerProgram(tp: TypedProgram, diags: DiagnosticBag, options: LowerOptions): IrModule {
  const sources = tp.program.sources;
  const m = new ModuleLowerer(tp, diags, sources, options);
  const entry = '_start';
  try {
    const body: IrExpr[] = [];
    const call = (name: RuntimeFnName) => ({ op: 'call', func: m.fnInfo(m.runtimeFn(name)).name, args: [], type: 'void' } as IrExpr);
    // Entry points codegen and the host call directly.
    for (const name of ['alloc', 'panic_at'] as const) m.fnInfo(m.runtimeFn(name));
    for (const name of ['morestack', 'worker_main', 'poll_safe', 'poll_stop'] as const) {
      const f = m.runtimeFnOpt(name);
      if (f) m.fnInfo(f);
    }
    // Runtime statics are initialized before runtime::init (which may set them); std's
    // and the user's after it, since their initializers may allocate.
    const initStatics = (runtime: boolean) => {
      for (const s of tp.statics) {
        if (!s.init || (s.def.module.path[0] === 'runtime') !== runtime) continue;
        const vt = valType(s.def.ty);
        const info = m.fnInfo(s.init);
        const v: IrExpr = { op: 'call', func: info.name, args: [], type: info.result };
        body.push(vt ? { op: 'static.set', id: m.staticId(s.def), value: v } : { op: 'drop', value: v });
      }
    };
    initStatics(true);
    body.push(call('init'));
    initStatics(false);
    const exit: IrExpr = { op: 'call', func: m.fnInfo(m.runtimeFn('exit')).name, args: [{ op: 'const', type: 'i32', value: 0 }], type: 'void' };
    const schedMain = m.runtimeFnOpt('sched_main');
    if (schedMain) {
      // main runs as the first goroutine: `gos.main` is its entry closure's code; returning
      // from main exits the program, whatever other goroutines are doing.
      const mainName = tp.main ? m.fnInfo(tp.main).name : null;
      synthFunction(m, 'gos.main', ['ref'], 'void', () => ({
        op: 'block', label: null, type: 'void',
        body: [...(mainName ? [{ op: 'call', func: mainName, args: [], type: 'void' } as IrExpr] : []), exit],
      })).goroutineEntry = true;
      m.table('gos.main');
      const sched = m.fnInfo(schedMain).name;
      drain(m, diags);
      synthFunction(m, entry, [], 'void', fl => ({
        op: 'block', label: null, type: 'void',
        body: [...body, { op: 'call', func: sched, args: [I.toI32(fl.newClosure('gos.main', [], m.noSpan()))], type: 'void' }],
      }));
    } else {
      if (tp.main) body.push({ op: 'call', func: m.fnInfo(tp.main).name, args: [], type: 'void' });
      body.push(exit);
      drain(m, diags);
      m.addFunction({ name: entry, params: [], result: 'void', locals: [], body: { op: 'block', label: null, body, type: 'void' }, span: { file: 0, start: 0, end: 0 } });
    }
    drain(m, diags);
  } catch (e) {
    if (e instanceof MissingRuntime) diags.error(`internal: ${e.message}`);
    else throw e;
  }
  hoistInvariantLoads(m.functions);
  for (const f of m.functions) spillRefs(f);
  return {
    functions: m.functions, entry, table: m.tableFns, types: m.layouts.types, data: m.data, statics: m.statics,
    imports: m.imports, files: sources.files.map(f => f.path),
  };
}

/** Lower every queued function instance, and those they queue in turn. */
function drain(m: ModuleLowerer, diags: DiagnosticBag): void {
  for (let ref = m.nextInstance(); ref; ref = m.nextInstance()) {
    const errorsBefore = diags.items.length;
    const cf = m.q.instance(ref);
    if (!cf.body) continue;
    // A body checked on demand here may have errors: report them, lower nothing.
    if (diags.items.length > errorsBefore && diags.hasErrors) continue;
    try {
      m.addFunction(new FnLowerer(m, cf, cf.name, cf.ret).lowerFunction());
    } catch (e) {
      if (!diags.hasErrors) throw e;
    }
  }
}

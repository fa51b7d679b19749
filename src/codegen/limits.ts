// The limits V8 puts on a WebAssembly module, checked when the module is built, so that a
// program that builds also loads: a function past one is a compile error at the function
// ("function `f` is too large to compile: ..."), never `gossamer run` failing with
// "WebAssembly.Module(): param count of 1001 exceeds internal limit of 1000".
//
// The values are V8's (src/wasm/wasm-limits.h, the same in Node 20's V8 11.3), confirmed on
// Node 20.20 by building modules at each limit and one past it with binaryen:
//   parameters of a function      1,000 loads; 1,001: "param count of 1001 exceeds internal limit"
//   parameters + locals           50,000 loads; 50,001: "local count too large"
//   data segments                 100,000 loads; 100,001: "data segments count ... exceeds internal limit"
//   br_table targets              65,520 loads; 65,521: "invalid table count (> max br_table size)"
// Other limits are out of reach of a program the compiler can build in reasonable time
// (1,000,000 functions, 10,000,000 table entries, 1 GiB modules); a function body of more
// than 7,654,321 bytes is checked on the finished binary (a `vec!` of a few hundred
// thousand elements gets there). Data segments are merged instead (layout.ts).

import { CompileErrors, Diagnostic } from '../diag/index.js';
import { IrFunction } from '../ir/ir.js';
import { Module, binaryen, fnName } from './module.js';

export const V8_MAX_PARAMS = 1000;
/** Parameters and locals together. */
export const V8_MAX_LOCALS = 50_000;
export const V8_MAX_FUNCTION_BYTES = 7_654_321;
export const V8_MAX_DATA_SEGMENTS = 100_000;

/** The error for a function the WebAssembly tools cannot take, at the function. */
export function tooLarge(f: IrFunction, why: string,
  hint = 'split it into smaller functions (long runs of statements are the usual cause)'): CompileErrors {
  return new CompileErrors([{ severity: 'error', message: `function \`${f.name}\` is too large to compile: ${why}`, span: f.span, hint }]);
}

/** How many parameters and locals (parameters included) the built function `name` has. */
export function wasmLocals(mod: Module, name: string): { params: number; locals: number } {
  const info = binaryen.getFunctionInfo(mod.getFunction(fnName(name)));
  const params = binaryen.expandType(info.params).length;
  return { params, locals: params + info.vars.length };
}

/** Throws the errors of every function whose parameters or locals V8 would refuse. */
export function checkFunctionShapes(mod: Module, fns: readonly IrFunction[]): void {
  const errors: Diagnostic[] = [];
  for (const f of fns) {
    const { params, locals } = wasmLocals(mod, f.name);
    if (params > V8_MAX_PARAMS) {
      errors.push(...tooLarge(f, `it has ${params} parameters, more than WebAssembly engines accept (${V8_MAX_PARAMS})`,
        'pass the values in a struct, a tuple or a Vec').diagnostics);
    } else if (locals > V8_MAX_LOCALS) {
      errors.push(...tooLarge(f, `it needs ${locals} wasm locals, more than V8 accepts (${V8_MAX_LOCALS})`).diagnostics);
    }
  }
  if (errors.length > 0) throw new CompileErrors(errors);
}

/**
 * Throws the errors of every function whose body in `wasm` is longer than V8 accepts.
 * Bodies are in the code section in the order of the module's defined functions.
 */
export function checkFunctionSizes(wasm: Uint8Array, mod: Module, fns: readonly IrFunction[], max = V8_MAX_FUNCTION_BYTES): void {
  const defined: string[] = [];
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
    if (!info.module) defined.push(info.name);
  }
  const byName = new Map(fns.map(f => [fnName(f.name), f]));
  const errors: Diagnostic[] = [];
  functionBodySizes(wasm).forEach((size, i) => {
    if (size <= max) return;
    const f = byName.get(defined[i]);
    const why = `its WebAssembly body is ${size} bytes, more than V8 accepts (${max})`;
    errors.push(...(f ? tooLarge(f, why).diagnostics : [{ severity: 'error', message: `function \`${defined[i]}\` is too large to compile: ${why}` } satisfies Diagnostic]));
  });
  if (errors.length > 0) throw new CompileErrors(errors);
}

/** The size in bytes of each function body in the code section of `wasm`. */
export function functionBodySizes(wasm: Uint8Array): number[] {
  let p = 8;   // magic and version
  const leb = (): number => {
    let v = 0, shift = 0, b: number;
    do { b = wasm[p++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return v;
  };
  while (p < wasm.length) {
    const id = wasm[p++];
    const size = leb();
    const end = p + size;
    if (id === 10) {
      const sizes: number[] = [];
      for (let n = leb(); n > 0; n--) {
        const body = leb();
        sizes.push(body);
        p += body;
      }
      return sizes;
    }
    p = end;
  }
  return [];
}

// `as` between numbers, bool, char and C-like enums: Rust's semantics (floats saturate
// into integers, NaN becomes 0; integers truncate or extend).

import { IrExpr } from '../ir/ir.js';
import { Ty, intBits, isFloat, isSigned } from '../check/types.js';
import { I } from './builder.js';
import { valType } from './layout.js';
import type { FnLowerer } from './func.js';

export function castValue(fl: FnLowerer, from: Ty, to: Ty, v: IrExpr): IrExpr {
  const fv = valType(from), tv = valType(to);
  if (!fv || !tv || fv === 'ref' || tv === 'ref') return v;
  const fromFloat = isFloat(from), toFloat = isFloat(to);
  const fromSigned = isSigned(from);
  if (fromFloat && toFloat) {
    if (fv === tv) return v;
    return tv === 'f64' ? I.un('f64.promote_f32', 'f32', v) : I.un('f32.demote_f64', 'f64', v);
  }
  if (fromFloat) {
    // Saturating, NaN -> 0, as Rust's `as`.
    const bits = intBits(to);
    const signed = isSigned(to);
    if (tv === 'i64') return I.un(`i64.trunc_sat_${fv}_${signed ? 's' : 'u'}` as 'i64.trunc_sat_f64_s', fv, v);
    if (bits === 32) return I.un(`i32.trunc_sat_${fv}_${signed ? 's' : 'u'}` as 'i32.trunc_sat_f64_s', fv, v);
    // Narrow: saturate through i32 then clamp.
    const lo = signed ? -(1 << (bits - 1)) : 0, hi = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    const t = fl.tmp('i32');
    const x = I.un(`i32.trunc_sat_${fv}_s` as 'i32.trunc_sat_f64_s', fv, v);
    return I.block([
      I.set(t, x),
      I.if(I.bin('lt_s', 'i32', I.get(t, 'i32'), I.i32(lo)), I.set(t, I.i32(lo))),
      I.if(I.bin('gt_s', 'i32', I.get(t, 'i32'), I.i32(hi)), I.set(t, I.i32(hi))),
      I.get(t, 'i32'),
    ], 'i32');
  }
  if (toFloat) {
    const src = fv === 'i64' ? 'i64' : 'i32';
    return I.un(`${tv}.convert_${src}_${fromSigned ? 's' : 'u'}` as 'f64.convert_i64_s', fv, v);
  }
  // Integer to integer (bool, char, C-like enums included).
  let x = v;
  if (fv === 'i64' && tv === 'i32') x = I.un('i32.wrap_i64', 'i64', v);
  else if (fv === 'i32' && tv === 'i64') x = I.un(fromSigned ? 'i64.extend_i32_s' : 'i64.extend_i32_u', 'i32', v);
  if (tv === 'i32') return fl.normalize(to, x);
  return x;
}


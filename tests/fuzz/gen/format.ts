// Formatting macros with random specs: `format!`, `println!`, `print!`, with positional
// (`{0}`) and captured (`{name}`) arguments, fill, alignment, sign, `#`, zero padding,
// width, precision, radix and exponent forms, chosen to fit each argument's type.

import { Node, mk, t, text } from '../node.js';
import { BOOL, CHAR, F64, I64, INT, INT_NAMES, STR, Ty, isCopy } from '../types.js';
import { Gen, joinT } from './ctx.js';
import { expr, readPlace } from './expr.js';

const INT_SPECS = ['', '', '', ':?', ':5', ':<5', ':^6', ':>+5', ':05', ':x', ':#x', ':X', ':#X', ':o', ':#o', ':b', ':#b', ':#010x', ':e', ':+', ':*^8', ':08b', ':-<4', ':#?'];
const FLOAT_SPECS = ['', '', '', ':?', ':.0', ':.1', ':.2', ':.5', ':8.3', ':<9.1', ':+.2', ':e', ':.3e', ':E', ':010.4', ':^10', ':.1?', ':+', ':?', ':09?', ':>12.3e'];
const BOOL_SPECS = ['', ':?', ':6', ':>7', ':^7', ':<5', ':_^8'];
const CHAR_SPECS = ['', '', ':?', ':3', ':*>4', ':^5', ':<2'];
const STR_SPECS = ['', '', '', ':?', ':10', ':.3', ':>8', ':^9', ':-<6', ':>8.2', ':#?', ':.0', ':=^11.4'];
const DEBUG_SPECS = [':?', ':?', ':#?'];

/** A spec for a value of `ty`, or null if it cannot be formatted. */
function specFor(g: Gen, ty: Ty): string | null {
  const rng = g.rng;
  switch (ty.k) {
    case 'int': return rng.pick(INT_SPECS);
    case 'float': return rng.pick(FLOAT_SPECS);
    case 'bool': return rng.pick(BOOL_SPECS);
    case 'char': return rng.pick(CHAR_SPECS);
    case 'str': return rng.pick(STR_SPECS);
    default:
      if (!g.has(ty, 'Debug')) return null;
      return rng.chance(0.15) && hasFloat(ty) ? rng.pick([':.1?', ':.3?']) : rng.pick(DEBUG_SPECS);
  }
}

function hasFloat(ty: Ty): boolean {
  switch (ty.k) {
    case 'float': return true;
    case 'tuple': return ty.el.some(hasFloat);
    case 'vec': case 'array': case 'opt': return hasFloat(ty.el);
    case 'res': return hasFloat(ty.ok) || hasFloat(ty.err);
    default: return false;
  }
}

const TEXT = ['', '', ' ', ' = ', ', ', ': ', '|', '[', ']', '{{', '}}', '{{}}', 'x', '\\t', 'é', '→', '\\u{1F600}', '\\"', '\\\\', ' and ', '%d', '#'];

function argType(g: Gen): Ty {
  return g.rng.weighted<() => Ty>([
    [5, () => I64], [3, () => INT[g.rng.pick(INT_NAMES)]], [3, () => F64], [1, () => ({ k: 'float', n: 'f32' })],
    [2, () => BOOL], [2, () => CHAR], [4, () => STR], [4, () => g.randomTy(2, { noFn: true, noDyn: true })],
  ])();
}

/**
 * `name!("...", args)`: `format` gives a String expression, `println`/`print`/`eprintln`
 * a statement (without its `;`), `panic` a diverging one.
 */
export function formatCall(g: Gen, name: 'format' | 'println' | 'print' | 'panic', d: number): Node {
  const rng = g.rng;
  const n = rng.weighted([[1, 0], [4, 1], [3, 2], [2, 3], [1, 4]]);
  const args: Node[] = [];
  const argTys: Ty[] = [];
  let fmt = rng.pick(TEXT);
  for (let i = 0; i < n; i++) {
    let ty = argType(g);
    let spec = specFor(g, ty);
    if (spec === null || !g.constructible(ty)) { ty = I64; spec = ''; }
    // A captured variable (`{name}`) instead of an argument, when one fits.
    const named = g.visible().filter(v => g.readable(v) && v.name !== 'self' && v.ty.k !== 'param' && specFor(g, v.ty) !== null && (isCopy(v.ty) || v.ty.k === 'str'));
    if (named.length > 0 && rng.chance(0.15)) {
      const v = rng.pick(named);
      g.use(v);
      fmt += `{${v.name}${specFor(g, v.ty)}}` + rng.pick(TEXT);
      continue;
    }
    // A value of a type parameter bounded by Debug.
    const generic = g.visible().filter(v => g.readable(v) && v.ty.k === 'param' && g.has(v.ty, 'Debug') && (!g.rust || g.has(v.ty, 'Clone')));
    if (generic.length > 0 && rng.chance(0.3)) {
      const v = rng.pick(generic);
      ty = v.ty;
      spec = rng.pick(DEBUG_SPECS);
      args.push(readPlace(g, { root: v, path: v.name, ty: v.ty }));
    } else {
      args.push(expr(g, ty, d));
    }
    argTys.push(ty);
    // Sometimes name an earlier argument again by position.
    if (args.length > 1 && rng.chance(0.1)) {
      const j = rng.int(0, args.length - 2);
      fmt += `{${j}${specFor(g, argTys[j]) ?? ''}}` + rng.pick(TEXT);
    }
    fmt += `{${spec}}` + rng.pick(TEXT);
  }
  if (name === 'println' && fmt === '' && args.length === 0 && rng.chance(0.5)) return mk(undefined, t`println!()`);
  const argList = mk(undefined, joinT('', args.map(a => mk(undefined, t`, ${a}`)), '', ''));
  const ty = name === 'format' ? STR : undefined;
  return mk(ty, t`${name}!("${text(fmt)}"${argList})`);
}


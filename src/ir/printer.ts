// `--dump=ir`: the IR as readable S-expressions, close to the WebAssembly text format.
//
//   (func Point::norm (param $self ref) (result f64)
//     (f64.sqrt (f64.add (f64.mul (load f64 $self +8) (load f64 $self +8)) ...)))
//
// A node is printed on one line when it fits in WIDTH columns, else its operands go on
// the following lines, indented. Locals print by name (`$x`), with `#index` appended
// when two locals share a name. Keep in sync with the IrExpr union in ir.ts.

import { IrExpr, IrFunction, IrModule, TypeDescriptor, ValType } from './ir.js';

const WIDTH = 100;

/** A printed node: a head and operands, laid out by `layout`. Atoms have no operands. */
type Doc = string | { head: string; args: Doc[] };

export function printIrModule(m: IrModule): string {
  const out: string[] = [`;; entry: ${m.entry}`];
  if (m.files.length > 0) out.push(`;; files: ${m.files.join(', ')}`);
  for (const imp of m.imports) {
    const params = imp.params.length > 0 ? ` (param ${imp.params.join(' ')})` : '';
    out.push(`(import "${imp.name}"${params}${imp.result !== 'void' ? ` (result ${imp.result})` : ''})`);
  }
  m.types.forEach((t, i) => out.push(printType(t, i)));
  for (const d of m.data) {
    const relocs = (d.relocs ?? []).map(r => ` (reloc +${r.offset} ${r.target})`).join('');
    out.push(`(data ${d.id} align=${d.align} ${bytesLiteral(d.bytes)}${relocs})`);
  }
  for (const s of m.statics) out.push(`(static ${s.id} ${s.type}${s.init !== undefined ? ` ${String(s.init)}` : ''})`);
  if (m.table.length > 0) out.push(`(table ${m.table.join(' ')})`);
  for (const f of m.functions) out.push(printIrFunction(f));
  return out.join('\n') + '\n';
}

export function printIrFunction(f: IrFunction): string {
  const all = [...f.params, ...f.locals];
  const counts = new Map<string, number>();
  for (const l of all) counts.set(l.name, (counts.get(l.name) ?? 0) + 1);
  const names = all.map((l, i) => `$${l.name}${(counts.get(l.name) ?? 0) > 1 ? `#${i}` : ''}`);
  const localName = (i: number) => names[i] ?? `$#${i}`;

  const sig = [
    ...f.params.map((p, i) => `(param ${names[i]} ${p.type})`),
    ...(f.result !== 'void' ? [`(result ${f.result})`] : []),
    ...(f.exportAs !== undefined ? [`(export "${f.exportAs}")`] : []),
  ];
  const lines = [`(func ${f.name}${sig.length ? ' ' + sig.join(' ') : ''}`];
  if (f.locals.length > 0) {
    lines.push('  (local ' + f.locals.map((l, i) => `${names[f.params.length + i]} ${l.type}`).join(' ') + ')');
  }
  lines.push(layout(exprDoc(f.body, localName), 1) + ')');
  return lines.join('\n');
}

export function printIrExpr(e: IrExpr): string {
  return layout(exprDoc(e, i => `$#${i}`), 0);
}

function printType(t: TypeDescriptor, id: number): string {
  switch (t.kind) {
    case 'fixed': return `(type ${id} ${t.name} fixed size=${t.size} refs=[${t.refOffsets.join(' ')}])`;
    case 'array': return `(type ${id} ${t.name} array elem=${t.elemSize}${t.elemIsRef ? ' refs' : ''})`;
    case 'bytes': return `(type ${id} ${t.name} bytes)`;
    default: { const never: never = t; return `(type ${id} ${String(never)})`; }
  }
}

function bytesLiteral(bytes: Uint8Array): string {
  let s = '"';
  const shown = bytes.length > 200 ? bytes.subarray(0, 200) : bytes;
  for (const b of shown) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) s += String.fromCharCode(b);
    else s += '\\' + b.toString(16).padStart(2, '0');
  }
  return s + '"' + (bytes.length > shown.length ? ` ;; ${bytes.length} bytes` : '');
}

function node(head: string, ...args: (Doc | null)[]): Doc {
  return { head, args: args.filter((a): a is Doc => a !== null) };
}

function typed(t: ValType | 'void', name: string): string {
  return t === 'ref' ? `ref.${name}` : `${t}.${name}`;
}

function exprDoc(e: IrExpr, local: (i: number) => string): Doc {
  const sub = (x: IrExpr) => exprDoc(x, local);
  switch (e.op) {
    case 'const': return `(${e.type}.const ${String(e.value)})`;
    case 'local.get': return local(e.index);
    case 'local.set': return node(`local.set ${local(e.index)}`, sub(e.value));
    case 'local.tee': return node(`local.tee ${local(e.index)}`, sub(e.value));
    case 'static.get': return `(static.get ${e.id})`;
    case 'static.set': return node(`static.set ${e.id}`, sub(e.value));
    case 'dataAddr': return `(data.addr ${e.id})`;
    case 'ref.data': return `(ref.data ${e.id})`;
    case 'unary': return node(e.kind.includes('.') ? e.kind : typed(e.type, e.kind), sub(e.operand));
    case 'binary': return node(typed(e.type, e.kind), sub(e.left), sub(e.right));
    case 'load': return node(`load ${e.mem}${e.offset ? ` +${e.offset}` : ''}`, sub(e.addr));
    case 'store': return node(`store ${e.mem}${e.offset ? ` +${e.offset}` : ''}`, sub(e.addr), sub(e.value));
    case 'atomic': return node(`atomic.${e.kind} ${e.mem}${e.offset ? ` +${e.offset}` : ''}`, sub(e.addr), ...e.args.map(sub));
    case 'call': return node(`call ${e.func}`, ...e.args.map(sub));
    case 'callIndirect': return node(`call_indirect (${e.params.join(' ')}) -> ${e.type}`, sub(e.index), ...e.args.map(sub));
    case 'callImport': return node(`call_import ${e.name}`, ...e.args.map(sub));
    case 'alloc': return node(`alloc type=${e.typeId}`, sub(e.size));
    case 'block': return node(`block${e.label !== null ? ` ${e.label}` : ''}${e.type !== 'void' ? ` -> ${e.type}` : ''}`, ...e.body.map(sub));
    case 'loop': return node(`loop ${e.label}${e.type !== 'void' ? ` -> ${e.type}` : ''}`, sub(e.body));
    case 'if': return node(`if${e.type !== 'void' ? ` -> ${e.type}` : ''}`, sub(e.cond),
      node('then', sub(e.then)), e.else ? node('else', sub(e.else)) : null);
    case 'br': return node(`br${e.cond ? '_if' : ''} ${e.label}`, e.value ? sub(e.value) : null, e.cond ? sub(e.cond) : null);
    case 'switch': return node(`br_table ${e.labels.join(' ')} default=${e.default}`, sub(e.index));
    case 'return': return node('return', e.value ? sub(e.value) : null);
    case 'unreachable': return '(unreachable)';
    case 'drop': return node('drop', sub(e.value));
    case 'select': return node(`select -> ${e.type}`, sub(e.cond), sub(e.a), sub(e.b));
    case 'nop': return '(nop)';
    case 'memory.size': return '(memory.size)';
    case 'memory.grow': return node('memory.grow', sub(e.pages));
    case 'memory.fill': return node('memory.fill', sub(e.dest), sub(e.value), sub(e.size));
    case 'memory.copy': return node('memory.copy', sub(e.dest), sub(e.src), sub(e.size));
    case 'funcIndex': return `(func.index ${e.func})`;
    case 'panic': return node('panic', sub(e.message));
    default: {
      const never: never = e;
      return `(?? ${(never as { op: string }).op})`;
    }
  }
}

function flat(d: Doc): string {
  return typeof d === 'string' ? d : `(${[d.head, ...d.args.map(flat)].join(' ')})`;
}

function layout(d: Doc, depth: number): string {
  const indent = '  '.repeat(depth);
  const one = flat(d);
  if (typeof d === 'string' || indent.length + one.length <= WIDTH || d.args.length === 0) return indent + one;
  return `${indent}(${d.head}\n${d.args.map(a => layout(a, depth + 1)).join('\n')})`;
}

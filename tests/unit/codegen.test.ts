// Codegen + host, end to end: hand-built IR modules go through generate() and run under
// the real launcher in a child process (`node dist/src/host/launcher.js x.wasm`); a few
// layout tests instantiate in-process to read memory directly.

import { describe, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GenerateOptions, ProgramInfo } from '../../src/codegen/index.js';
import { buildArtifactSource } from '../../src/host/launcher.js';
import {
  BinaryKind, DataSegment, IrExpr, IrFunction, IrImport, IrLocal, IrModule, MemType, ResultType, StaticVar, TypeDescriptor,
  UnaryKind, ValType,
} from '../../src/ir/ir.js';
import { SourceMap, Span } from '../../src/source/index.js';

declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
    static customSections(m: Module, name: string): ArrayBuffer[];
  }
  class Instance {
    constructor(m: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(d: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBufferLike;
  }
}

const LAUNCHER = fileURLToPath(new URL('../../src/host/launcher.js', import.meta.url));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-codegen-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));

// ------------------------------------------------------------------ IR construction kit

const i32 = (value: number): IrExpr => ({ op: 'const', type: 'i32', value });
const i64 = (value: bigint): IrExpr => ({ op: 'const', type: 'i64', value });
const f64 = (value: number): IrExpr => ({ op: 'const', type: 'f64', value });
const nullRef: IrExpr = { op: 'const', type: 'ref', value: 0 };
const get = (index: number, type: ValType): IrExpr => ({ op: 'local.get', index, type });
const set = (index: number, value: IrExpr): IrExpr => ({ op: 'local.set', index, value });
const tee = (index: number, value: IrExpr, type: ValType): IrExpr => ({ op: 'local.tee', index, value, type });
const sget = (id: string, type: ValType): IrExpr => ({ op: 'static.get', id, type });
const sset = (id: string, value: IrExpr): IrExpr => ({ op: 'static.set', id, value });
const bin = (kind: BinaryKind, type: ValType, left: IrExpr, right: IrExpr): IrExpr => ({ op: 'binary', kind, type, left, right });
const add32 = (l: IrExpr, r: IrExpr): IrExpr => bin('add', 'i32', l, r);
const addr = (ref: IrExpr): IrExpr => ({ op: 'unary', kind: 'ref.to_i32', type: 'ref', operand: ref });
const toRef = (a: IrExpr): IrExpr => ({ op: 'unary', kind: 'i32.to_ref', type: 'i32', operand: a });
const load = (mem: MemType, type: ValType, a: IrExpr, offset = 0): IrExpr => ({ op: 'load', mem, type, addr: a, offset });
const store = (mem: MemType, a: IrExpr, value: IrExpr, offset = 0): IrExpr => ({ op: 'store', mem, addr: a, offset, value });
const call = (func: string, args: IrExpr[], type: ResultType = 'void', span?: Span): IrExpr =>
  ({ op: 'call', func, args, type, span });
const host = (name: string, args: IrExpr[], type: ResultType = 'void'): IrExpr => ({ op: 'callImport', name, args, type });
const block = (body: IrExpr[], type: ResultType = 'void', label: string | null = null): IrExpr => ({ op: 'block', label, body, type });
const loop = (label: string, body: IrExpr): IrExpr => ({ op: 'loop', label, body, type: 'void' });
const br = (label: string, cond: IrExpr | null = null): IrExpr => ({ op: 'br', label, value: null, cond });
const iff = (cond: IrExpr, then: IrExpr, other: IrExpr | null = null, type: ResultType = 'void'): IrExpr =>
  ({ op: 'if', cond, then, else: other, type });
const ret = (value: IrExpr | null = null): IrExpr => ({ op: 'return', value });
const data = (id: string): IrExpr => ({ op: 'dataAddr', id });
const str = (id: string): IrExpr => ({ op: 'ref.data', id });
const locals = (spec: Record<string, ValType>): IrLocal[] => Object.entries(spec).map(([name, type]) => ({ name, type }));
const NOWHERE: Span = { file: 0, start: 0, end: 0 };

function fn(name: string, params: Record<string, ValType>, result: ResultType, vars: Record<string, ValType>, body: IrExpr[],
  extra: Partial<IrFunction> = {}): IrFunction {
  return { name, params: locals(params), result, locals: locals(vars), body: block(body, result), span: NOWHERE, ...extra };
}

const STRING_TYPE = 0;
const enc = new TextEncoder();

/** A data segment holding a static String object. */
function strSeg(id: string, text: string): DataSegment {
  const b = enc.encode(text);
  const bytes = new Uint8Array(12 + b.length);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, STRING_TYPE, true);
  v.setUint32(4, 0xFFFFFFFF, true);
  v.setUint32(8, b.length, true);
  bytes.set(b, 12);
  return { id, bytes, align: 8 };
}

const IMPORTS: IrImport[] = [
  { name: 'write', params: ['i32', 'i32', 'i32'], result: 'void' },
  { name: 'exit', params: ['i32'], result: 'void' },
  { name: 'stack_trace', params: ['i32'], result: 'void' },
  { name: 'args_count', params: [], result: 'i32' },
  { name: 'arg_len', params: ['i32'], result: 'i32' },
  { name: 'arg_copy', params: ['i32', 'i32'], result: 'void' },
  { name: 'env_get_len', params: ['i32', 'i32'], result: 'i32' },
  { name: 'env_copy', params: ['i32', 'i32', 'i32'], result: 'void' },
];

/**
 * A fake runtime written in IR: print to a fd, print numbers, a bump allocator, panic_at
 * (prints "panic: MSG [LOC]", the stack, exits 2). `buffered` routes fd 1 through a 64-byte
 * buffer flushed by runtime::flush / runtime::exit, like the real runtime's stdout.
 */
function fakeRuntime(opts: { buffered?: boolean } = {}): { functions: IrFunction[]; data: DataSegment[]; statics: StaticVar[] } {
  const s = get(1, 'ref');
  const write1 = (p: IrExpr, n: IrExpr): IrExpr => opts.buffered ? call('buf_write', [p, n]) : host('write', [i32(1), p, n]);
  const functions: IrFunction[] = [
    fn('print_to', { fd: 'i32', s: 'ref' }, 'void', {}, [
      iff(bin('eq', 'i32', get(0, 'i32'), i32(1)),
        write1(add32(addr(s), i32(12)), load('i32', 'i32', s, 8)),
        host('write', [get(0, 'i32'), add32(addr(s), i32(12)), load('i32', 'i32', s, 8)])),
    ]),
    fn('print', { s: 'ref' }, 'void', {}, [call('print_to', [i32(1), get(0, 'ref')])]),
    // print_i64(x): decimal digits and "\n"
    fn('print_i64', { x: 'i64' }, 'void', { p: 'i32', neg: 'i32' }, [
      set(1, add32(data('numbuf'), i32(24))),
      store('u8', get(1, 'i32'), i32(10)),
      set(2, bin('lt_s', 'i64', get(0, 'i64'), i64(0n))),
      iff(get(2, 'i32'), set(0, bin('sub', 'i64', i64(0n), get(0, 'i64')))),
      loop('digits', block([
        set(1, bin('sub', 'i32', get(1, 'i32'), i32(1))),
        store('u8', get(1, 'i32'), add32(
          { op: 'unary', kind: 'i32.wrap_i64', type: 'i64', operand: bin('rem_u', 'i64', get(0, 'i64'), i64(10n)) }, i32(48))),
        set(0, bin('div_u', 'i64', get(0, 'i64'), i64(10n))),
        br('digits', bin('ne', 'i64', get(0, 'i64'), i64(0n))),
      ])),
      iff(get(2, 'i32'), block([set(1, bin('sub', 'i32', get(1, 'i32'), i32(1))), store('u8', get(1, 'i32'), i32(45))])),
      write1(get(1, 'i32'), bin('sub', 'i32', add32(data('numbuf'), i32(25)), get(1, 'i32'))),
    ]),
    // print_f64(x): its bits, as print_i64 prints them
    fn('print_f64', { x: 'f64' }, 'void', {}, [
      call('print_i64', [{ op: 'unary', kind: 'i64.reinterpret_f64', type: 'f64', operand: get(0, 'f64') }]),
    ]),
    fn('runtime::alloc', { type_id: 'i32', size: 'i32' }, 'ref', { p: 'i32' }, [
      iff({ op: 'unary', kind: 'eqz', type: 'i32', operand: sget('heap_ptr', 'i32') }, sset('heap_ptr', call('__heap_base', [], 'i32'))),
      set(2, sget('heap_ptr', 'i32')),
      sset('heap_ptr', bin('and', 'i32', add32(add32(get(2, 'i32'), get(1, 'i32')), i32(7)), i32(-8))),
      store('i32', get(2, 'i32'), get(0, 'i32')),
      store('i32', get(2, 'i32'), i32(0), 4),
      { op: 'memory.fill', dest: add32(get(2, 'i32'), i32(8)), value: i32(0), size: bin('sub', 'i32', get(1, 'i32'), i32(8)) },
      toRef(get(2, 'i32')),
    ]),
    fn('runtime::panic_at', { msg: 'ref', loc: 'ref' }, 'void', {}, [
      call('runtime::flush', []),
      call('print_to', [i32(2), str('s_panic')]),
      call('print_to', [i32(2), get(0, 'ref')]),
      call('print_to', [i32(2), str('s_open')]),
      call('print_to', [i32(2), get(1, 'ref')]),
      call('print_to', [i32(2), str('s_close')]),
      host('stack_trace', [i32(1)]),
      host('exit', [i32(2)]),
    ]),
    fn('runtime::flush', {}, 'void', {}, opts.buffered ? [
      host('write', [i32(1), data('outbuf'), sget('out_len', 'i32')]),
      sset('out_len', i32(0)),
    ] : []),
    fn('runtime::exit', { code: 'i32' }, 'void', {}, [call('runtime::flush', []), host('exit', [get(0, 'i32')])]),
    fn('runtime::panic_stack_overflow', {}, 'void', {}, [
      call('runtime::flush', []),
      call('print_to', [i32(2), str('s_overflow')]),
      host('exit', [i32(2)]),
    ]),
  ];
  if (opts.buffered) {
    // buf_write(p, n): append to outbuf (64 bytes), flushing first when it would overflow
    functions.push(fn('buf_write', { p: 'i32', n: 'i32' }, 'void', {}, [
      iff(bin('gt_u', 'i32', add32(sget('out_len', 'i32'), get(1, 'i32')), i32(64)), call('runtime::flush', [])),
      { op: 'memory.copy', dest: add32(data('outbuf'), sget('out_len', 'i32')), src: get(0, 'i32'), size: get(1, 'i32') },
      sset('out_len', add32(sget('out_len', 'i32'), get(1, 'i32'))),
    ]));
  }
  return {
    functions,
    data: [
      { id: 'numbuf', bytes: new Uint8Array(32), align: 8 },
      { id: 'outbuf', bytes: new Uint8Array(64), align: 8 },
      strSeg('s_panic', 'panic: '), strSeg('s_open', ' ['), strSeg('s_close', ']\n'),
      strSeg('s_overflow', 'panic: shadow stack overflow\n'),
    ],
    statics: [{ id: 'heap_ptr', type: 'i32' }, { id: 'out_len', type: 'i32' }],
  };
}

interface ProgramSpec {
  functions: IrFunction[];
  data?: DataSegment[];
  statics?: StaticVar[];
  types?: TypeDescriptor[];
  table?: string[];
  buffered?: boolean;
  source?: string;
}

/** The source text spans point into: line/col of `needle`'s first occurrence. */
function spanOf(source: string, needle: string): Span {
  const start = source.indexOf(needle);
  assert.ok(start >= 0, `span needle ${needle}`);
  return { file: 0, start, end: start + needle.length };
}

/** The program with the fake runtime and lowering's kind of entry: `_start` runs main, then runtime::exit. */
function program(spec: ProgramSpec): IrModule {
  const rt = fakeRuntime({ buffered: spec.buffered });
  const main = spec.functions.find(f => f.name === 'main');
  const start = fn('_start', {}, 'void', {}, [
    main?.result === 'i32' ? call('runtime::exit', [call('main', [], 'i32')]) : call('main', []),
    call('runtime::exit', [i32(0)]),
  ]);
  return {
    functions: [...rt.functions, ...spec.functions, start],
    entry: '_start',
    table: spec.table ?? [],
    types: spec.types ?? [{ kind: 'bytes', name: 'String' }],
    data: [...rt.data, ...(spec.data ?? [])],
    statics: [...rt.statics, ...(spec.statics ?? [])],
    imports: IMPORTS,
    files: ['main.gos'],
  };
}

async function build(spec: ProgramSpec, opts: Partial<GenerateOptions> = {}): Promise<{ wasm: Uint8Array; sourceMap: string; wat(): string }> {
  const sources = new SourceMap();
  sources.add('main.gos', spec.source ?? '');
  return generate(program(spec), { release: false, validate: true, sources, ...opts });
}

interface RunResult { stdout: string; stderr: string; status: number | null }
let counter = 0;

async function run(spec: ProgramSpec, opts: Partial<GenerateOptions> = {}, args: string[] = [],
  env: Record<string, string> = {}): Promise<RunResult> {
  const out = await build(spec, opts);
  const file = path.join(TMP, `p${counter++}.wasm`);
  fs.writeFileSync(file, out.wasm);
  fs.writeFileSync(`${file}.map`, out.sourceMap);
  return exec([LAUNCHER, file, ...args], { ...process.env, ...env });
}

/** Runs node with `args`; resolves with its output and exit status. */
function exec(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', status => resolve({ stdout, stderr, status }));
  });
}

// The programs run as child processes: let several run at once.
const tests: [string, () => Promise<void>][] = [];
const test = (name: string, body: () => Promise<void>): void => { tests.push([name, body]); };
process.nextTick(() => describe('codegen + host', { concurrency: 4 }, () => {
  for (const [name, body] of tests) nodeTest(name, body);
}));

const main = (body: IrExpr[], vars: Record<string, ValType> = {}, result: ResultType = 'void'): IrFunction =>
  fn('main', {}, result, vars, body);

// ------------------------------------------------------------------ programs

test('hello world: a static String written through the imported write', async () => {
  const r = await run({ functions: [main([call('print', [str('hello')])])], data: [strSeg('hello', 'hello, world\n')] });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'hello, world\n');
  assert.equal(r.status, 0);
});

test('i64 and f64 arithmetic, conversions', async () => {
  const p = (e: IrExpr): IrExpr => call('print_i64', [e]);
  const pf = (e: IrExpr): IrExpr => call('print_f64', [e]);
  const un = (kind: UnaryKind, type: ValType, operand: IrExpr): IrExpr => ({ op: 'unary', kind, type, operand });
  const r = await run({
    functions: [main([
      p(bin('div_s', 'i64', bin('sub', 'i64', bin('mul', 'i64', i64(7n), i64(6n)), i64(2n)), i64(3n))),   // 13
      p(bin('rem_s', 'i64', i64(-7n), i64(3n))),                                                       // -1
      p(bin('shr_u', 'i64', i64(-1n), i64(60n))),                                                      // 15
      p(bin('mul', 'i64', i64(9223372036854775807n), i64(2n))),                                        // -2 (wraps)
      p(un('i64.extend_i32_s', 'i32', bin('add', 'i32', i32(0x7fffffff), i32(1)))),                  // -2147483648
      p(un('i64.extend_i32_u', 'i32', i32(-1))),                                                       // 4294967295
      p(un('i64.extend8_s', 'i64', i64(200n))),                                                        // -56
      p(un('i64.trunc_sat_f64_s', 'f64', f64(1e300))),                                                 // i64 max
      p(un('i64.trunc_sat_f64_s', 'f64', f64(-2.75))),                                                 // -2
      p(un('i64.extend_i32_s', 'i32', un('popcnt', 'i32', i32(0xff)))),                                // 8
      p(un('neg', 'i64', i64(5n))),                                                                    // -5
      pf(bin('mul', 'f64', un('sqrt', 'f64', f64(2)), un('sqrt', 'f64', f64(2)))),                     // 2.0000000000000004
      pf(bin('add', 'f64', f64(0.1), f64(0.2))),                                                       // 0.30000000000000004
      pf(f64(5)),
      pf(un('f64.convert_i64_s', 'i64', i64(-3n))),
      pf(bin('div', 'f64', f64(1), f64(0))),
      pf(un('f64.promote_f32', 'f32', { op: 'const', type: 'f32', value: 0.5 })),
      pf(bin('min', 'f64', f64(-0), f64(0))),
      p(un('i64.extend_i32_u', 'i32', bin('lt', 'f64', f64(1), f64(2)))),                              // 1
    ])],
  });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    '13', '-1', '15', '-2', '-2147483648', '4294967295', '-56', '9223372036854775807', '-2', '8', '-5',
    ...[Math.SQRT2 * Math.SQRT2, 0.1 + 0.2, 5, -3, Infinity, 0.5, -0].map(x => String(new BigInt64Array(new Float64Array([x]).buffer)[0])),
    '1', '',
  ].join('\n'));
});

test('loops, br_if, br_table and value blocks', async () => {
  // sum 1..100 with a loop; classify 0..4 with a switch; a value-carrying block
  const r = await run({
    functions: [main([
      set(0, i64(0n)), set(1, i64(1n)),
      loop('next', block([
        set(0, bin('add', 'i64', get(0, 'i64'), get(1, 'i64'))),
        set(1, bin('add', 'i64', get(1, 'i64'), i64(1n))),
        br('next', bin('le_s', 'i64', get(1, 'i64'), i64(100n))),
      ])),
      call('print_i64', [get(0, 'i64')]),
      set(2, i32(0)),
      loop('each', block([
        block([
          block([
            block([
              { op: 'switch', labels: ['zero', 'one', 'zero'], default: 'many', index: get(2, 'i32') },
            ], 'void', 'zero'),
            call('print_i64', [i64(100n)]), br('done'),
          ], 'void', 'one'),
          call('print_i64', [i64(101n)]), br('done'),
        ], 'void', 'many'),
        call('print_i64', [i64(999n)]),
      ], 'void', 'done')),
      // the loop above runs once; run the switch for 1..4 via a second, counted loop
      set(2, i32(1)),
      loop('again', block([
        block([
          block([
            block([
              block([
                { op: 'switch', labels: ['zero', 'one', 'zero'], default: 'many', index: get(2, 'i32') },
              ], 'void', 'zero'),
              call('print_i64', [i64(100n)]), br('done'),
            ], 'void', 'one'),
            call('print_i64', [i64(101n)]), br('done'),
          ], 'void', 'many'),
          call('print_i64', [i64(999n)]),
        ], 'void', 'done'),
        set(2, add32(get(2, 'i32'), i32(1))),
        iff(bin('lt_s', 'i32', get(2, 'i32'), i32(5)), br('again')),
      ])),
      // value-carrying br_if: not taken (falls through to 42), then taken (99)
      call('print_i64', [block([
        set(0, i64(41n)),
        { op: 'br', label: 'value', value: i64(99n), cond: bin('eq', 'i64', get(0, 'i64'), i64(40n)) },
        bin('add', 'i64', get(0, 'i64'), i64(1n)),
      ], 'i64', 'value')]),
      call('print_i64', [block([
        { op: 'br', label: 'value', value: i64(99n), cond: bin('eq', 'i64', get(0, 'i64'), i64(41n)) },
        i64(0n),
      ], 'i64', 'value')]),
      call('print_i64', [iff(bin('gt_s', 'i64', get(1, 'i64'), i64(50n)), i64(7n), i64(8n), 'i64')]),
    ], { sum: 'i64', i: 'i64', k: 'i32' })],
  });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, ['5050', '100', '101', '100', '999', '999', '42', '99', '7', ''].join('\n'));
});

test('ref locals live in the shadow-stack frame; sp is restored on every exit', async () => {
  // Node: a fixed type of 16 bytes with a ref at 8.
  const types: TypeDescriptor[] = [{ kind: 'bytes', name: 'String' }, { kind: 'fixed', name: 'Node', size: 16, refOffsets: [8] }];
  const depth = (): IrExpr => call('print_i64', [{ op: 'unary', kind: 'i64.extend_i32_u', type: 'i32',
    operand: bin('sub', 'i32', call('__shadow_base', [], 'i32'), call('__shadow_sp', [], 'i32')) }]);
  // slot(i): the i-th word of the caller's frame (dump has no ref locals, so no frame of its own)
  const slot = (i: number): IrExpr => call('print_i64', [{ op: 'unary', kind: 'i64.extend_i32_u', type: 'i32',
    operand: load('i32', 'i32', call('__shadow_sp', [], 'i32'), 4 * i) }]);
  const asI64 = (ref: IrExpr): IrExpr => ({ op: 'unary', kind: 'i64.extend_i32_u', type: 'i32', operand: addr(ref) });
  const r = await run({
    types,
    functions: [
      fn('dump3', {}, 'void', {}, [slot(0), slot(1), slot(2)]),
      // scribble(a, b, c): leaves non-zero words in the stack area f's frame will reuse
      fn('scribble', { a: 'ref', b: 'ref', c: 'ref' }, 'void', {}, []),
      // f(a, n) with ref locals x, z: frame = [a, x, z]
      fn('f', { a: 'ref', n: 'i32' }, 'i32', { x: 'ref', y: 'i64', z: 'ref' }, [
        call('dump3', []),                                      // a, 0, 0 (z zeroed though scribbled before)
        set(2, { op: 'alloc', typeId: 1, size: i32(16) }),
        store('ref', get(2, 'ref'), get(0, 'ref'), 8),
        call('print_i64', [asI64(tee(4, load('ref', 'ref', get(2, 'ref'), 8), 'ref'))]),   // z = x.next = a
        call('dump3', []),                                      // a, x, z(=a)
        depth(),                                                // main 4 + f 12 = 16
        iff(bin('gt_s', 'i32', get(1, 'i32'), i32(0)), ret(i32(7))),
        depth(),
        i32(8),
      ]),
      main([
        set(0, { op: 'alloc', typeId: 1, size: i32(16) }),
        call('print_i64', [asI64(get(0, 'ref'))]),
        call('scribble', [get(0, 'ref'), get(0, 'ref'), get(0, 'ref')]),
        call('print_i64', [{ op: 'unary', kind: 'i64.extend_i32_s', type: 'i32', operand: call('f', [get(0, 'ref'), i32(1)], 'i32') }]),
        depth(),                                                // back to 4 after `return`
        call('print_i64', [{ op: 'unary', kind: 'i64.extend_i32_s', type: 'i32', operand: call('f', [get(0, 'ref'), i32(0)], 'i32') }]),
        depth(),                                                // and after falling off the end
      ], { obj: 'ref' }),
    ],
  });
  assert.equal(r.stderr, '');
  const lines = r.stdout.trim().split('\n').map(Number);
  const [a, x, x2] = [lines[0], lines[6], lines[16]];
  assert.ok(a >= 8192 && a % 8 === 0, `object address ${a}`);
  assert.ok(x > a && x2 > x, 'fresh objects');
  assert.deepEqual(lines, [
    a,                          // main's object
    a, 0, 0,                    // f's frame on entry: the ref param, then zeroed slots (scribble left `a`s there)
    a,                          // z = x.next
    a, x, a,                    // the frame after the writes
    16, 7, 4,                   // depth inside f (main 4 + f 12), f's result, depth after `return`
    a, 0, 0, a, a, x2, a,       // the second call
    16, 16, 8, 4,               // depth before and after the `if`, the fall-through result, depth after
  ]);
});

test('call_indirect through the table; funcIndex adds functions to it', async () => {
  const binop = (name: string, kind: BinaryKind): IrFunction =>
    fn(name, { a: 'i64', b: 'i64' }, 'i64', {}, [bin(kind, 'i64', get(0, 'i64'), get(1, 'i64'))]);
  const indirect = (index: IrExpr): IrExpr => call('print_i64', [{
    op: 'callIndirect', index, params: ['i64', 'i64'], args: [i64(6n), i64(7n)], type: 'i64',
  }]);
  const r = await run({
    table: ['add', 'mul'],
    functions: [
      binop('add', 'add'), binop('mul', 'mul'), binop('sub', 'sub'),
      main([
        indirect(i32(0)), indirect(i32(1)),
        indirect({ op: 'funcIndex', func: 'sub' }),
        call('print_i64', [{ op: 'unary', kind: 'i64.extend_i32_u', type: 'i32', operand: { op: 'funcIndex', func: 'mul' } }]),
        indirect(i32(3)),   // out of the table: a trap
      ]),
    ],
  });
  assert.equal(r.stdout, '13\n42\n-1\n1\n');
  assert.match(r.stderr, /^panic: runtime error: invalid indirect call/);
  assert.match(r.stderr, /\n    at main\b/);
  assert.equal(r.status, 2);
});

const PANIC_SOURCE = [
  'fn check(i: int) {',            // 1
  '    if i > 2 { panic("index out of range") }',
  '}',
  'fn main() {',
  '    print("before")',            // 5
  '    check(1)',
  '    check(3)',                   // 7
  '}',
].join('\n');

test('panic prints the message, the .gos location and the Gossamer stack; exit 2', async () => {
  const src = PANIC_SOURCE;
  const r = await run({
    source: src,
    data: [strSeg('oob', 'index out of range'), strSeg('before', 'before\n')],
    buffered: true,
    functions: [
      fn('check', { i: 'i64' }, 'void', {}, [
        iff(bin('gt_s', 'i64', get(0, 'i64'), i64(2n)), { op: 'panic', message: str('oob'), span: spanOf(src, 'panic(') }),
      ], { span: spanOf(src, 'fn check') }),
      main([
        call('print', [str('before')]),
        call('check', [i64(1n)], 'void', spanOf(src, 'check(1)')),
        call('check', [i64(3n)], 'void', spanOf(src, 'check(3)')),
      ]),
    ],
  });
  assert.equal(r.stdout, 'before\n');
  assert.equal(r.stderr, [
    'panic: index out of range [main.gos:2:16]',
    '    at check (main.gos:2:16)',
    '    at main (main.gos:7:5)',
    '',
  ].join('\n'));
  assert.equal(r.status, 2);
});

test('a trap prints panic + mapped trace after flushing buffered stdout', async () => {
  const src = PANIC_SOURCE;
  const r = await run({
    source: src,
    buffered: true,
    data: [strSeg('before', 'before\n')],
    functions: [
      fn('check', { i: 'i64' }, 'void', {}, [
        call('print_i64', [get(0, 'i64')], 'void', spanOf(src, 'panic(')),
        { op: 'unreachable' },
      ]),
      main([
        call('print', [str('before')]),
        call('check', [i64(3n)], 'void', spanOf(src, 'check(3)')),
      ]),
    ],
  });
  assert.equal(r.stdout, 'before\n3\n');
  assert.equal(r.stderr, [
    'panic: runtime error: unreachable code executed',
    '    at check (main.gos:2:16)',
    '    at main (main.gos:7:5)',
    '',
  ].join('\n'));
  assert.equal(r.status, 2);
});

test('integer division by zero traps as a Gossamer panic', async () => {
  const r = await run({
    functions: [main([call('print_i64', [bin('div_s', 'i64', i64(1n), call('zero', [], 'i64'))])]),
      fn('zero', {}, 'i64', {}, [i64(0n)])],
  });
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^panic: runtime error: integer divide by zero\n    at main\n$/);
  assert.equal(r.status, 2);
});

// rec(n, r): n == 0 ? 0 : rec(n - 1, r) + 1, with a ref parameter (one shadow slot per frame)
const rec: IrFunction = fn('rec', { n: 'i64', r: 'ref' }, 'i64', { t: 'f64' }, [
  iff({ op: 'unary', kind: 'eqz', type: 'i64', operand: get(0, 'i64') }, ret(i64(0n))),
  set(2, { op: 'unary', kind: 'f64.convert_i64_s', type: 'i64', operand: get(0, 'i64') }),
  bin('add', 'i64', call('rec', [bin('sub', 'i64', get(0, 'i64'), i64(1n)), get(1, 'ref')], 'i64'), i64(1n)),
]);

test('100,000-deep recursion runs; unbounded recursion is "panic: stack overflow"', async () => {
  const deep = await run({ functions: [rec, main([call('print_i64', [call('rec', [i64(100000n), str('s_open')], 'i64')])])] });
  assert.equal(deep.stderr, '');
  assert.equal(deep.stdout, '100000\n');
  // -1 never reaches 0: a 16 MiB native stack overflows before a 64 MiB shadow stack
  const inf = await run({ functions: [rec, main([call('print', [str('s_open')]), call('print_i64', [call('rec', [i64(-1n), nullRef], 'i64')])])] },
    { shadowStackSize: 64 << 20 }, [], { GOSSAMER_STACK_MB: '16' });
  assert.equal(inf.stdout, ' [');
  assert.match(inf.stderr, /^panic: stack overflow\n(    at rec\n){50}    \.\.\.additional frames elided\.\.\.\n$/);
  assert.equal(inf.status, 2);
});

// Like rec, but it may allocate, so it has a shadow frame (functions that cannot reach a
// collection get none: see collectingFunctions).
const recAlloc: IrFunction = fn('recAlloc', { n: 'i64', r: 'ref' }, 'i64', { t: 'f64' }, [
  iff({ op: 'unary', kind: 'eqz', type: 'i64', operand: get(0, 'i64') }, ret(i64(0n))),
  iff(i32(0), { op: 'drop', value: { op: 'alloc', typeId: 0, size: i32(16) } }),
  bin('add', 'i64', call('recAlloc', [bin('sub', 'i64', get(0, 'i64'), i64(1n)), get(1, 'ref')], 'i64'), i64(1n)),
]);

test('shadow-stack overflow calls runtime::panic_stack_overflow', async () => {
  const r = await run({ functions: [recAlloc, main([call('print_i64', [call('recAlloc', [i64(100000n), nullRef], 'i64')])])] },
    { shadowStackSize: 64 * 1024 });
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'panic: shadow stack overflow\n');
  assert.equal(r.status, 2);
});

test('main returning i32 is the exit code via runtime::exit, which flushes', async () => {
  const r = await run({ buffered: true, data: [strSeg('hi', 'buffered\n')], functions: [main([call('print', [str('hi')]), i32(3)], {}, 'i32')] });
  assert.equal(r.stdout, 'buffered\n');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 3);
});

const argsAndEnv = (): ProgramSpec => ({
  data: [{ id: 'argbuf', bytes: new Uint8Array(256), align: 8 }, strSeg('nl', '\n'), strSeg('unset', 'unset\n'),
    { id: 'varname', bytes: enc.encode('GOSSAMER_TEST_VAR'), align: 1 }],
  functions: [main([
    set(0, i32(0)),
    block([loop('each', block([
      br('out', bin('ge_s', 'i32', get(0, 'i32'), host('args_count', [], 'i32'))),
      host('arg_copy', [get(0, 'i32'), data('argbuf')]),
      host('write', [i32(1), data('argbuf'), host('arg_len', [get(0, 'i32')], 'i32')]),
      call('print', [str('nl')]),
      set(0, add32(get(0, 'i32'), i32(1))),
      br('each'),
    ]))], 'void', 'out'),
    set(1, host('env_get_len', [data('varname'), i32(17)], 'i32')),
    iff(bin('lt_s', 'i32', get(1, 'i32'), i32(0)), call('print', [str('unset')]), block([
      host('env_copy', [data('varname'), i32(17), data('argbuf')]),
      host('write', [i32(1), data('argbuf'), get(1, 'i32')]),
      call('print', [str('nl')]),
    ])),
  ], { i: 'i32', n: 'i32' })],
});

test('args and environment reach the program', async () => {
  const r = await run(argsAndEnv(), {}, ['één', 'two words'], { GOSSAMER_TEST_VAR: 'ünïcode' });
  assert.equal(r.stderr, '');
  const [argv0, ...rest] = r.stdout.split('\n');
  assert.match(argv0, /p\d+\.wasm$/);
  assert.deepEqual(rest, ['één', 'two words', 'ünïcode', '']);
});

test('buildArtifactSource makes a standalone .mjs', async () => {
  const out = await build(argsAndEnv());
  const file = path.join(TMP, 'artifact.mjs');
  fs.writeFileSync(file, buildArtifactSource(out.wasm, out.sourceMap));
  const r = await exec([file, 'x'], { PATH: process.env.PATH ?? '' }, TMP);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `${file}\nx\nunset\n`);
  assert.equal(r.status, 0);
});

test('release mode (-O3) produces the same behaviour', async () => {
  const src = PANIC_SOURCE;
  const spec: ProgramSpec = {
    source: src,
    data: [strSeg('oob', 'index out of range')],
    functions: [
      fn('check', { i: 'i64' }, 'void', {}, [
        iff(bin('gt_s', 'i64', get(0, 'i64'), i64(2n)), { op: 'panic', message: str('oob'), span: spanOf(src, 'panic(') }),
      ]),
      rec,
      main([
        call('print_i64', [call('rec', [i64(1000n), nullRef], 'i64')]),
        call('check', [i64(3n)], 'void', spanOf(src, 'check(3)')),
      ]),
    ],
  };
  const r = await run(spec, { release: true });
  assert.equal(r.stdout, '1000\n');
  // -O3 may inline check and panic_at into main: only the message line is stable
  assert.match(r.stderr, /^panic: index out of range \[main\.gos:2:16\]\n/);
  assert.equal(r.status, 2);
});

test('-O3 nests a long run of statements deeply; large functions are flattened so the binary can be written', async () => {
  // x = g(x + i) 1,500 times: -O3 sinks each x into the next statement, one expression
  // thousands of levels deep, which overflowed Binaryen's binary writer (codegen/nesting.ts).
  const n = 1500;
  const g = fn('g', { x: 'i64' }, 'i64', {}, [
    iff(bin('eq', 'i64', bin('and', 'i64', get(0, 'i64'), i64(1023n)), i64(7n)), call('print_i64', [get(0, 'i64')])),
    bin('add', 'i64', bin('mul', 'i64', get(0, 'i64'), i64(3n)), i64(1n)),
  ]);
  const body: IrExpr[] = [];
  for (let i = 0; i < n; i++) body.push(set(0, call('g', [bin('add', 'i64', get(0, 'i64'), i64(BigInt(i)))], 'i64')));
  let x = 0n;
  const printed: string[] = [];
  for (let i = 0; i < n; i++) {
    const arg = BigInt.asIntN(64, x + BigInt(i));
    if ((arg & 1023n) === 7n) printed.push(`${arg}`);
    x = BigInt.asIntN(64, arg * 3n + 1n);
  }
  const r = await run({ functions: [g, main([...body, call('print_i64', [get(0, 'i64')])], { x: 'i64' })] }, { release: true });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [...printed, `${x}`, ''].join('\n'));
});

// ------------------------------------------------------------------ layout, in-process

function instantiate(wasm: Uint8Array, env: Record<string, unknown> = {}): { memory: WebAssembly.Memory; info: ProgramInfo; exports: Record<string, unknown> } {
  const module = new WebAssembly.Module(wasm);
  const info = JSON.parse(new TextDecoder().decode(WebAssembly.Module.customSections(module, 'gossamer')[0])) as ProgramInfo;
  const memory = new WebAssembly.Memory({ initial: info.memory.initial, maximum: info.memory.maximum, shared: true });
  const noop = (): void => {};
  const inst = new WebAssembly.Instance(module, {
    env: { memory, write: noop, exit: noop, stack_trace: noop, args_count: () => 0, arg_len: () => 0,
      arg_copy: noop, env_get_len: () => -1, env_copy: noop, ...env },
  });
  return { memory, info, exports: inst.exports };
}

test('layout: type table, ref lists, type names, statics, roots table, relocations', async () => {
  const types: TypeDescriptor[] = [
    { kind: 'bytes', name: 'String' },
    { kind: 'fixed', name: 'Pair', size: 24, refOffsets: [8, 12] },
    { kind: 'array', name: 'RawBuf<f64>', elemSize: 8, elemIsRef: false },
    { kind: 'fixed', name: 'Leaf', size: 16, refOffsets: [] },
  ];
  const reported: number[] = [];
  const report = (e: IrExpr): IrExpr => host('report', [e]);
  const m = program({
    types,
    data: [
      { id: 'vtable', bytes: new Uint8Array(8), align: 4, relocs: [{ offset: 4, target: 'blob' }] },
      { id: 'blob', bytes: enc.encode('xyz'), align: 1 },
    ],
    statics: [
      { id: 'a', type: 'i32', init: 7 }, { id: 'b', type: 'ref' }, { id: 'c', type: 'f64', init: 2.5 },
      { id: 'd', type: 'ref' }, { id: 'e', type: 'i64', init: -3n },
    ],
    functions: [main([
      report(call('__type_table', [], 'i32')), report(call('__type_count', [], 'i32')),
      report(call('__roots_table', [], 'i32')), report(call('__heap_base', [], 'i32')),
      report(call('__shadow_base', [], 'i32')), report(call('__shadow_limit', [], 'i32')),
      report(data('vtable')), report(data('blob')),
      report(sget('a', 'i32')),
      report({ op: 'unary', kind: 'i32.trunc_sat_f64_s', type: 'f64', operand: bin('mul', 'f64', sget('c', 'f64'), f64(2)) }),
      report({ op: 'unary', kind: 'i32.wrap_i64', type: 'i64', operand: sget('e', 'i64') }),
    ])],
  });
  m.imports = [...IMPORTS, { name: 'report', params: ['i32'], result: 'void' }];
  const sources = new SourceMap();
  sources.add('main.gos', '');
  const out = await generate(m, { release: false, validate: true, sources });
  const { memory, info, exports } = instantiate(out.wasm, { report: (v: number) => reported.push(v) });
  (exports._start as () => void)();
  const [typeTable, count, roots, heapBase, shadowBase, shadowLimit, vtable, blob, a, c2, e] = reported;
  const u32 = (at: number): number => new DataView(memory.buffer).getUint32(at, true);
  const string = (at: number): string => {
    assert.equal(u32(at), 0, 'String type id');
    assert.equal(u32(at + 4), 0xFFFFFFFF, 'static gc word');
    return new TextDecoder().decode(new Uint8Array(memory.buffer).slice(at + 12, at + 12 + u32(at + 8)));
  };
  assert.equal(count, 4);
  assert.equal(typeTable % 8, 0);
  assert.equal(info.typeTable, typeTable);
  assert.deepEqual([0, 1, 2, 3].map(i => u32(typeTable + 16 * i)), [2, 0, 1, 0]);
  assert.deepEqual([0, 1, 2, 3].map(i => u32(typeTable + 16 * i + 4)), [1, 24, 8, 16]);
  assert.deepEqual([0, 1, 2, 3].map(i => string(u32(typeTable + 16 * i + 12))), ['String', 'Pair', 'RawBuf<f64>', 'Leaf']);
  const pairRefs = u32(typeTable + 16 + 8);
  assert.deepEqual([u32(pairRefs), u32(pairRefs + 4), u32(pairRefs + 8)], [2, 8, 12]);
  assert.equal(u32(u32(typeTable + 48 + 8)), 0, 'Leaf has an empty ref list');
  assert.equal(u32(typeTable + 32 + 8), 0, 'RawBuf<f64> elements are not refs');
  assert.equal(u32(roots), 2);
  assert.ok(u32(roots + 4) !== u32(roots + 8));
  assert.equal(u32(vtable + 4), blob, 'relocation resolved');
  assert.equal(new TextDecoder().decode(new Uint8Array(memory.buffer).slice(blob, blob + 3)), 'xyz');
  assert.deepEqual([a, c2, e], [7, 5, -3]);
  assert.equal(heapBase % 8192, 0);
  assert.ok(heapBase >= shadowBase);
  assert.equal(shadowBase - shadowLimit, (8 << 20) - (64 << 10), 'default 8 MiB shadow stack, 64 KiB kept below the limit');
  assert.equal(info.heapBase, heapBase);
  assert.ok(info.memory.initial * 65536 > heapBase);
  assert.equal(info.memory.maximum, 65536);
});

test('memory is initialised once: a second instance does not reset statics', async () => {
  const m = program({ statics: [{ id: 'n', type: 'i32', init: 40 }], functions: [main([sset('n', add32(sget('n', 'i32'), i32(1)))])] });
  const out = await generate(m, { release: false, validate: true });
  const first = instantiate(out.wasm);
  (first.exports._start as () => void)();
  const module = new WebAssembly.Module(out.wasm);
  const noop = (): void => {};
  const second = new WebAssembly.Instance(module, { env: { memory: first.memory, write: noop, exit: noop, stack_trace: noop,
    args_count: () => 0, arg_len: () => 0, arg_copy: noop, env_get_len: () => -1, env_copy: noop } });
  (second.exports._start as () => void)();
  // n lives in statics; find it through the image: it is the only i32 42 after both runs
  const words = new Int32Array(first.memory.buffer, 0, 4096);
  assert.ok(words.includes(42), 'both increments landed on one initialised copy');
});

test('source map, names and wat', async () => {
  const src = PANIC_SOURCE;
  const out = await build({
    source: src,
    data: [strSeg('oob', 'oops')],
    functions: [
      fn('check', { i: 'i64' }, 'void', {}, [{ op: 'panic', message: str('oob'), span: spanOf(src, 'panic(') }]),
      main([call('check', [i64(3n)], 'void', spanOf(src, 'check(3)'))]),
    ],
  });
  const map = JSON.parse(out.sourceMap) as { sources: string[]; mappings: string };
  assert.deepEqual(map.sources, ['main.gos']);
  assert.ok(map.mappings.length > 0);
  const wat = out.wat();
  assert.match(wat, /\(func \$check /);
  assert.match(wat, /\(export "_start"/);
  assert.match(wat, /\(import "env" "memory" \(memory \S+ \d+ 65536 shared\)\)/);
});

test('codegen errors name the function and the problem', async () => {
  await assert.rejects(build({ functions: [main([br('nowhere')])] }), /in function 'main': branch to unknown label 'nowhere'/);
  await assert.rejects(build({ functions: [main([call('missing', [])])] }), /call to unknown function 'missing'/);
  await assert.rejects(build({ functions: [main([get(3, 'i32')])] }), /local index 3 out of range/);
});

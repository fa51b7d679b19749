// Which functions Asyncify instruments (src/codegen/suspend.ts): a hand-built call
// graph, then whole programs through the real runtime, checking that numeric code such
// as n-body's `advance` is left alone while the goroutine's path to a channel is not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile } from '../../src/driver/compile.js';
import { generate } from '../../src/codegen/index.js';
import { analyzeSuspension } from '../../src/codegen/suspend.js';
import { IrExpr, IrFunction, IrModule, ResultType, ValType } from '../../src/ir/ir.js';

const span = { file: 0, start: 0, end: 0 };
const call = (func: string, args: IrExpr[] = [], type: ResultType = 'void'): IrExpr => ({ op: 'call', func, args, type });
const callIndirect = (params: ValType[], type: ResultType): IrExpr =>
  ({ op: 'callIndirect', index: { op: 'const', type: 'i32', value: 0 }, params, args: params.map(t => ({ op: 'const', type: t, value: 0 })), type });
const fn = (name: string, body: IrExpr[], params: ValType[] = [], extra: Partial<IrFunction> = {}): IrFunction => ({
  name, params: params.map((type, i) => ({ name: `p${i}`, type })), result: 'void', locals: [],
  body: { op: 'block', label: null, body, type: 'void' }, span, ...extra,
});
const module = (functions: IrFunction[], table: string[]): IrModule =>
  ({ functions, entry: 'start', table, types: [], data: [], statics: [], imports: [], files: [] });
const analyze = (m: IrModule) => analyzeSuspension(m, m.table, { alloc: 'alloc', panic: 'panic' });

test('the instrumented set is the leaf and everything that can reach it, and nothing else', () => {
  const m = module([
    fn('leaf', [call('__asyncify_start_unwind', [{ op: 'const', type: 'i32', value: 64 }])]),
    fn('park', [call('leaf')]),
    fn('chan_send', [call('park')]),
    fn('worker', [call('chan_send')]),
    fn('numeric', [{ op: 'nop' }]),
    fn('caller_of_numeric', [call('numeric')]),
    // A closure that blocks, and an indirect call of the same signature elsewhere.
    fn('blocking_closure', [call('chan_send')], ['ref']),
    fn('quiet_closure', [call('numeric')], ['ref', 'i64']),
    fn('calls_fn_value', [callIndirect(['ref'], 'void')]),
    fn('calls_other_sig', [callIndirect(['ref', 'i64'], 'void')]),
    // The scheduler: calls goroutines, is never instrumented, and stops the search.
    fn('run_g', [callIndirect(['ref'], 'void')], [], { suspendBoundary: true }),
    fn('schedule', [call('run_g')]),
    // A goroutine entry is only called by run_g: not a target of calls_fn_value's kind.
    fn('go_entry', [call('park')], ['ref'], { goroutineEntry: true }),
  ], ['blocking_closure', 'quiet_closure', 'go_entry']);
  const a = analyze(m);
  assert.deepEqual([...a.leaves], ['leaf']);
  assert.deepEqual([...a.instrumented].sort(),
    ['blocking_closure', 'calls_fn_value', 'chan_send', 'go_entry', 'leaf', 'park', 'worker']);
  // Bounds exist for every instrumented function except the leaf, which saves nothing.
  assert.ok(!a.costs.has('leaf'));
  for (const f of ['park', 'worker', 'go_entry']) assert.ok((a.costs.get(f) ?? 0) >= 24, f);
});

test('goroutine entries are not targets of ordinary indirect calls', () => {
  const m = module([
    fn('leaf', [call('__asyncify_start_unwind', [{ op: 'const', type: 'i32', value: 64 }])]),
    fn('go_entry', [call('leaf')], ['ref'], { goroutineEntry: true }),
    fn('calls_fn_value', [callIndirect(['ref'], 'void')]),
  ], ['go_entry']);
  assert.ok(!analyze(m).instrumented.has('calls_fn_value'));
});

// n-body's advance (tests/run/bench_nbody.gos), in a program whose goroutines block on channels.
const NBODY_WITH_GOROUTINES = `
struct Body { x: f64, y: f64, z: f64, vx: f64, vy: f64, vz: f64, mass: f64 }

fn advance(bodies: Vec<Body>, dt: f64) {
    let n = bodies.len();
    for i in 0..n {
        let b = bodies[i];
        for j in (i + 1)..n {
            let b2 = bodies[j];
            let dx = b.x - b2.x;
            let dy = b.y - b2.y;
            let dz = b.z - b2.z;
            let d2 = dx * dx + dy * dy + dz * dz;
            let mag = dt / (d2 * d2.sqrt());
            b.vx -= dx * b2.mass * mag;
            b.vy -= dy * b2.mass * mag;
            b.vz -= dz * b2.mass * mag;
            b2.vx += dx * b.mass * mag;
            b2.vy += dy * b.mass * mag;
            b2.vz += dz * b.mass * mag;
        }
    }
    for b in &bodies {
        b.x += dt * b.vx;
        b.y += dt * b.vy;
        b.z += dt * b.vz;
    }
}

fn energy(bodies: Vec<Body>) -> f64 {
    let mut e = 0.0;
    for b in &bodies { e += 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz); }
    e
}

fn simulate(steps: int, out: Chan<f64>) {
    let bodies = vec![Body { x: 0.0, y: 0.0, z: 0.0, vx: 0.0, vy: 0.0, vz: 0.0, mass: 1.0 },
                      Body { x: 1.0, y: 0.0, z: 0.0, vx: 0.0, vy: 1.0, vz: 0.0, mass: 0.001 }];
    for _ in 0..steps { advance(bodies, 0.01); }
    out.send(energy(bodies));
}

fn main() {
    let out: Chan<f64> = Chan::new(0);
    for _ in 0..2 { go simulate(100, out); }
    let total = out.recv().unwrap() + out.recv().unwrap();
    println!("{}", total > 0.0);
}
`;

test("n-body's advance is not instrumented; the goroutine's path to the channel is", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-suspend-'));
  try {
    const file = path.join(dir, 'nbody_go.gos');
    fs.writeFileSync(file, NBODY_WITH_GOROUTINES);
    const r = await compile(file, { stopAfter: 'lower' });
    assert.ok(r.ok && r.ir, r.diagnostics.map(d => d.message).join('\n'));
    const out = await generate(r.ir, { release: false, validate: true });
    const inst = out.instrumented;
    for (const numeric of ['advance', 'energy', 'runtime::alloc', 'runtime::panic_at', '_start']) {
      assert.ok(!inst.has(numeric), `${numeric} must not be instrumented`);
    }
    for (const blocking of ['simulate', 'main', 'Chan<f64>::send', 'Chan<f64>::recv', 'runtime::gopark']) {
      assert.ok(inst.has(blocking), `${blocking} must be instrumented`);
    }
    // The scheduler's call of a goroutine is the boundary of every unwind.
    assert.ok(!inst.has('runtime::run_g') && !inst.has('runtime::schedule'));
    // A small share of the program: everything else runs at full speed.
    assert.ok(inst.size < r.ir.functions.length / 10, `${inst.size} of ${r.ir.functions.length} functions instrumented`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

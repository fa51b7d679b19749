// Loop-invariant loads (src/lower/hoist.ts): which loops get their Vec header
// loads moved out, on whole programs lowered through the real std.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile } from '../../src/driver/compile.js';
import { IrExpr, IrFunction, MemClass } from '../../src/ir/ir.js';
import { forEachChild } from '../../src/ir/walk.js';

const PROGRAM = `
struct Body { x: f64, vx: f64, mass: f64 }

// The n-body shape: stores to fields of the elements, no calls: hoisted.
fn advance(bodies: Vec<Body>, dt: f64) {
    let n = bodies.len();
    for i in 0..n {
        let b = bodies[i];
        for j in (i + 1)..n {
            let b2 = bodies[j];
            let d = b.x - b2.x;
            b.vx -= d * b2.mass * dt;
            b2.vx += d * b.mass * dt;
        }
    }
}

// Element stores and a pure helper: hoisted.
fn scale(v: Vec<f64>, k: f64) {
    for i in 0..v.len() {
        v[i] = twice(v[i]) * k;
    }
}

fn twice(x: f64) -> f64 { x * 2.0 }

// A push inside the loop changes the header: not hoisted.
fn grow(v: Vec<int>) {
    let mut i = 0;
    while i < 3 {
        v.push(v[i]);
        i += 1;
    }
}

// The Vec variable is reassigned inside the loop: not hoisted.
fn swap_walk(a: Vec<int>, b: Vec<int>) -> int {
    let mut cur = a;
    let mut s = 0;
    for i in 0..4 {
        s += cur[i % 2];
        cur = if i % 2 == 0 { b } else { a };
    }
    s
}

fn main() {
    let bodies = vec![Body { x: 0.0, vx: 0.0, mass: 1.0 }, Body { x: 1.0, vx: 0.0, mass: 2.0 }];
    advance(bodies, 0.5);
    let v = vec![1.0, 2.0];
    scale(v, 3.0);
    let w = vec![1, 2, 3];
    grow(w);
    println!("{} {} {} {}", bodies[0].vx, v[1], w.len(), swap_walk(vec![1, 2], vec![10, 20]));
}
`;

function loadsInLoops(f: IrFunction, cls: MemClass = 'vec.hdr', minDepth = 1): number {
  let n = 0;
  const inLoop = (e: IrExpr, depth: number): void => {
    if (e.op === 'load' && e.cls === cls && depth >= minDepth) n++;
    forEachChild(e, c => inLoop(c, e.op === 'loop' ? depth + 1 : depth));
  };
  inLoop(f.body, 0);
  return n;
}

test('invariant loads leave loops that cannot change what they read, and only those', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-hoist-'));
  try {
    const file = path.join(dir, 'hoist.gos');
    fs.writeFileSync(file, PROGRAM);
    const r = await compile(file, { stopAfter: 'lower' });
    assert.ok(r.ok && r.ir, r.diagnostics.map(d => d.message).join('\n'));
    const fn = (name: string) => r.ir!.functions.find(f => f.name === name)!;
    assert.equal(loadsInLoops(fn('advance')), 0, 'advance: header loads left in its loops');
    // b.x is invariant in the inner loop (only the vx fields are written there); b2.x is not.
    assert.equal(loadsInLoops(fn('advance'), 'field:Body.x', 2), 1, 'advance: b.x must leave the inner loop, b2.x stay');
    assert.equal(loadsInLoops(fn('scale')), 0, 'scale: header loads left in its loop');
    assert.ok(loadsInLoops(fn('grow')) > 0, 'grow pushes: its loads must stay');
    assert.ok(loadsInLoops(fn('swap_walk')) > 0, 'swap_walk reassigns the Vec: its loads must stay');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

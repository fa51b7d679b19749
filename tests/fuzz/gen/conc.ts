// Gossamer-only sections with goroutines, in shapes whose output cannot depend on
// scheduling: each goroutine writes its own slot; a single producer feeds a channel in
// order; several producers' values are summed (wrapping addition commutes) or sorted; a
// Mutex or an atomic guards a counter; a `select` has exactly one ready arm, or counts
// a known number of values. Goroutine bodies compute with pure expressions only (no
// prints, no shared mutable state), see Gen.conc.

import { Node, mk, t, text } from '../node.js';
import { I64, Ty } from '../types.js';
import { Gen } from './ctx.js';
import { expr } from './expr.js';

/** Generates `body` as code of a goroutine: a closure level down, pure. */
function inGoroutine<T>(g: Gen, locals: [string, Ty][], body: () => T): T {
  const savedConc = g.conc, savedLoops = g.frame.loops, savedDefer = g.frame.deferOk, savedTry = g.frame.tryTy;
  g.level++;
  g.captures[g.level - 1] = new Set();
  g.conc = g.level;
  g.frame.loops = [];
  g.frame.deferOk = false;
  g.frame.tryTy = null;
  g.push();
  for (const [n, ty] of locals) g.declare(n, ty, false);
  try {
    return body();
  } finally {
    g.pop();
    g.level--;
    g.conc = savedConc;
    g.frame.loops = savedLoops;
    g.frame.deferOk = savedDefer;
    g.frame.tryTy = savedTry;
  }
}

function slotTy(g: Gen): Ty {
  for (;;) {
    const ty = g.randomTy(1, { noFn: true, noDyn: true });
    if (g.constructible(ty) && g.has(ty, 'Debug')) return ty;
  }
}

export function concSection(g: Gen): Node {
  g.usesSync = true;
  g.impure = true;
  const rng = g.rng;
  const n = rng.int(1, 6);
  g.spend(n * 10);
  const form = rng.int(0, 7);
  const gi = g.fresh('gi');
  switch (form) {
    case 0: {
      const ty = slotTy(g);
      const slots = g.fresh('slots');
      const init = g.plain(ty, 1);
      const val = inGoroutine(g, [[gi, I64]], () => expr(g, ty, 3));
      return mk(undefined, t`{
    let wg = WaitGroup::new();
    let mut ${slots}: Vec<${g.tyNode(ty)}> = vec![${init}; ${String(n)}];
    for ${gi} in 0..${String(n)} {
        wg.add(1);
        go {
            ${slots}[${gi}] = ${val};
            wg.done();
        };
    }
    wg.wait();
    println!("slots {:?}", ${slots});
}`, null);
    }
    case 1: {
      const ty = slotTy(g);
      const ch = g.fresh('ch');
      const x = g.fresh('x');
      const val = inGoroutine(g, [[gi, I64]], () => expr(g, ty, 3));
      const loop = rng.chance(0.5) ? text(`for ${x} in ${ch} {\n        println!("recv {:?}", ${x});\n    }`)
        : text(`while let Some(${x}) = ${ch}.recv() {\n        println!("recv {:?}", ${x});\n    }`);
      return mk(undefined, t`{
    let ${ch}: Chan<${g.tyNode(ty)}> = Chan::new(${String(rng.int(0, 3))});
    go {
        for ${gi} in 0..${String(n)} {
            ${ch}.send(${val});
        }
        ${ch}.close();
    };
    ${loop}
}`, null);
    }
    case 2: {
      const ch = g.fresh('ch'), q = g.fresh('q');
      const m = rng.int(1, 4);
      const val = inGoroutine(g, [[gi, I64], [q, I64]], () => expr(g, I64, 3));
      const sorted = rng.chance(0.5);
      const tail = sorted
        ? text(`let mut got: Vec<int> = Vec::new();\n    for x in ${ch} {\n        got.push(x);\n    }\n    got.sort();\n    println!("fan-in {:?}", got);`)
        : text(`let mut total: int = 0;\n    let mut count = 0;\n    for x in ${ch} {\n        total = total.wrapping_add(x);\n        count += 1;\n    }\n    println!("fan-in {} {}", count, total);`);
      return mk(undefined, t`{
    let ${ch}: Chan<int> = Chan::new(${String(rng.int(0, 4))});
    let wg = WaitGroup::new();
    for ${gi} in 0..${String(n)} {
        wg.add(1);
        go {
            for ${q} in 0..${String(m)} {
                ${ch}.send(${val});
            }
            wg.done();
        };
    }
    go {
        wg.wait();
        ${ch}.close();
    };
    ${tail}
}`, null);
    }
    case 3: {
      const acc = g.fresh('acc');
      const val = inGoroutine(g, [[gi, I64]], () => expr(g, I64, 3));
      return mk(undefined, t`{
    let mu = Mutex::new();
    let wg = WaitGroup::new();
    let mut ${acc}: int = 0;
    for ${gi} in 0..${String(n)} {
        wg.add(1);
        go {
            mu.lock();
            defer mu.unlock();
            ${acc} = ${acc}.wrapping_add(${val});
            wg.done();
        };
    }
    wg.wait();
    println!("mutex {}", ${acc});
}`, null);
    }
    case 4: {
      const val = inGoroutine(g, [[gi, I64]], () => expr(g, I64, 3));
      return mk(undefined, t`{
    let at = AtomicInt::new(0);
    let wg = WaitGroup::new();
    for ${gi} in 0..${String(n)} {
        wg.add(1);
        go {
            at.add(${val});
            wg.done();
        };
    }
    wg.wait();
    println!("atomic {}", at.load());
}`, null);
    }
    case 5: {
      // Exactly one arm can be ready each time.
      const ty = slotTy(g);
      const v = expr(g, ty, 2);
      const w = expr(g, ty, 2);
      return mk(undefined, t`{
    let sa: Chan<${g.tyNode(ty)}> = Chan::new(1);
    let sb: Chan<${g.tyNode(ty)}> = Chan::new(1);
    sa.send(${v});
    select {
        x = sa.recv() => println!("sel a {:?}", x),
        y = sb.recv() => println!("sel b {:?}", y),
    }
    select {
        y = sb.recv() => println!("sel b {:?}", y),
        default => println!("sel default"),
    }
    select {
        sb.send(${w}) => println!("sel sent"),
        default => println!("sel full"),
    }
    println!("sel len {} {}", sa.len(), sb.len());
}`, null);
    }
    case 6: {
      // A known number of values from two producers, whichever is ready.
      const na = rng.int(0, 4), nb = rng.int(0, 4);
      const q = g.fresh('q');
      const va = inGoroutine(g, [[q, I64]], () => expr(g, I64, 2));
      const vb = inGoroutine(g, [[q, I64]], () => expr(g, I64, 2));
      return mk(undefined, t`{
    let ca: Chan<int> = Chan::new(${String(rng.int(0, 2))});
    let cb: Chan<int> = Chan::new(${String(rng.int(0, 2))});
    go {
        for ${q} in 0..${String(na)} {
            ca.send(${va});
        }
    };
    go {
        for ${q} in 0..${String(nb)} {
            cb.send(${vb});
        }
    };
    let mut sum: int = 0;
    for _ in 0..${String(na + nb)} {
        select {
            x = ca.recv() => sum = sum.wrapping_add(x.unwrap()),
            y = cb.recv() => sum = sum.wrapping_add(y.unwrap()),
        }
    }
    println!("select sum {}", sum);
}`, null);
    }
    default: {
      // Ping-pong over unbuffered channels.
      const ty = slotTy(g);
      const x = g.fresh('x');
      const reply = inGoroutine(g, [[x, I64]], () => expr(g, ty, 3));
      const sends = Array.from({ length: n }, () => expr(g, I64, 2));
      const body = sends.map(s => mk(undefined, t`    ping.send(${s});\n    println!("pong {:?}", pong.recv());\n`));
      return mk(undefined, t`{
    let ping: Chan<int> = Chan::new(0);
    let pong: Chan<${g.tyNode(ty)}> = Chan::new(0);
    go {
        for ${x} in ping {
            pong.send(${reply});
        }
        pong.close();
    };
${mk(undefined, { parts: body.map((_, i) => -1 - i), holes: body })}    ping.close();
}`, null);
    }
  }
}

// The compiler/runtime ABI (src/ir/abi.ts): every runtime function and std method the
// compiler calls by name exists in runtime/ and std/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../src/driver/index.js';
import { RUNTIME_FNS, STD_CHAN_ITEMS, STD_METHODS } from '../../src/ir/abi.js';
import { ImplDef, StdTypeName } from '../../src/check/types.js';

const root = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));

test('every ABI entry exists in runtime/ and std/', async () => {
  const r = await compile(path.join(root, 'examples/hello.gos'), { stopAfter: 'check' });
  assert.ok(r.ok && r.typed, 'hello.gos checks');
  const q = r.typed.queries;
  const c = r.typed.checker.collector;
  const missing: string[] = [];
  for (const name of Object.keys(RUNTIME_FNS) as (keyof typeof RUNTIME_FNS)[]) {
    if (!q.runtimeFn(name)) missing.push(`runtime::${name}`);
  }
  for (const [name, ns] of [['RecvCase', 'types'], ['SendCase', 'types'], ['SelCase', 'types'], ['select_run', 'values']] as const) {
    assert.ok(name in STD_CHAN_ITEMS);
    if (!q.stdItem('chan', name, ns)) missing.push(`std::chan::${name}`);
  }
  const implsOf = (owner: string): ImplDef[] => c.impls.filter(i => {
    if (i.trait) return false;
    const t = i.selfTy;
    if (owner === 'string') return t.k === 'string';
    if (t.k !== 'adt') return false;
    return owner in q.std ? t.def === q.std[owner as StdTypeName] : t.def.name === owner && t.def.module.path.join('::') === 'std::chan';
  });
  for (const [owner, methods] of Object.entries(STD_METHODS)) {
    const impls = implsOf(owner);
    for (const m of methods) if (!impls.some(i => i.methods.has(m))) missing.push(`${owner}::${m}`);
  }
  assert.deepEqual(missing, []);
});

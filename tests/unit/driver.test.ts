// Driver tests: module loading over an in-memory file system, the run cache, the CLI's
// argument split, the IR printer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticBag, renderDiagnostic } from '../../src/diag/index.js';
import { loadProgram, stdModulePath } from '../../src/driver/load.js';
import { memoryFileSystem } from '../../src/driver/fs.js';
import { compile } from '../../src/driver/compile.js';
import { lookup, store } from '../../src/driver/cache.js';
import { splitRunArgs } from '../../src/cli/args.js';
import { printIrModule } from '../../src/ir/printer.js';
import { ModItem } from '../../src/syntax/ast.js';

const V = path.resolve('/virtual-gossamer');
const at = (...p: string[]) => path.join(V, ...p);

function load(files: Record<string, string>, entry = 'main.gos') {
  const diags = new DiagnosticBag();
  const abs = Object.fromEntries(Object.entries(files).map(([p, t]) => [at(p), t]));
  const program = loadProgram(at(entry), memoryFileSystem(abs), diags, { root: at('pkg') });
  return { program, diags, errors: diags.items.map(d => d.message) };
}

function modItems(items: unknown[], name: string): ModItem {
  const m = items.find((i): i is ModItem => (i as ModItem).kind === 'mod' && (i as ModItem).name.name === name);
  assert.ok(m, `no mod ${name}`);
  return m;
}

test('mod name; loads name.gos beside the file, and name/mod.gos', () => {
  const { program, errors } = load({
    'main.gos': 'mod util;\nmod net;\nfn main() {}\n',
    'util.gos': 'pub fn helper() {}\n',
    'net/mod.gos': 'mod tcp;\npub fn dial() {}\n',
    'net/tcp.gos': 'pub fn connect() {}\n',
  });
  assert.deepEqual(errors, []);
  assert.equal(program.modules.length, 1);
  const root = program.modules[0];
  assert.deepEqual(root.path, []);
  assert.equal(root.privileged, false);
  assert.equal(modItems(root.module.items, 'util').items?.length, 1);
  const net = modItems(root.module.items, 'net');
  assert.equal(modItems(net.items!, 'tcp').items?.length, 1);
  assert.deepEqual(program.sources.files.map(f => f.path), ['main.gos', 'util.gos', 'net/mod.gos', 'net/tcp.gos'].map(p => at(p)));
});

test('a missing module file is an error at the mod item', () => {
  const { program, diags, errors } = load({ 'main.gos': 'fn main() {}\nmod gone;\n' });
  assert.equal(errors.length, 1);
  assert.match(errors[0], /cannot find the file for module `gone`/);
  const rendered = renderDiagnostic(diags.items[0], program.sources);
  assert.match(rendered, /main\.gos:2:1/);
  assert.match(rendered, /gone\.gos/);
  assert.deepEqual(modItems(program.modules[0].module.items, 'gone').items, []);
});

test('ambiguous and repeated module files are errors, cycles terminate', () => {
  assert.match(load({ 'main.gos': 'mod a;\n', 'a.gos': '', 'a/mod.gos': '' }).errors[0], /ambiguous/);
  const cyc = load({ 'main.gos': 'mod a;\n', 'a.gos': 'mod b;\n', 'b.gos': 'mod a;\n' });
  assert.equal(cyc.errors.length, 1);
  assert.match(cyc.errors[0], /already loaded/);
});

test('an unreadable entry is one error', () => {
  assert.deepEqual(load({}, 'nope.gos').errors, [`cannot read \`${at('nope.gos')}\`: no such file`]);
});

test('runtime/ and std/ are loaded as privileged modules with their paths', () => {
  const { program, errors } = load({
    'main.gos': 'fn main() {}\n',
    'pkg/runtime/b.gos': 'fn b() {}\n',
    'pkg/runtime/a.gos': 'fn a() {}\n',
    'pkg/runtime/notes.txt': 'not gossamer',
    'pkg/std/prelude.gos': '',
    'pkg/std/collections/mod.gos': '',
    'pkg/std/collections/map.gos': '',
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(program.modules.map(m => [m.path.join('::'), m.privileged]), [
    ['', false], ['runtime', true], ['runtime', true],
    ['std::collections::map', true], ['std::collections', true], ['std::prelude', true],
  ]);
  assert.deepEqual(stdModulePath(path.join('io', 'fs.gos')), ['io', 'fs']);
});

test('compile stops after load errors and never throws', async () => {
  const fsys = memoryFileSystem({ [at('bad.gos')]: 'fn main( {' });
  const r = await compile(at('bad.gos'), { fs: fsys, library: false });
  assert.equal(r.ok, false);
  assert.ok(r.diagnostics.length > 0);
  assert.deepEqual(r.timings.map(t => t.name), ['load']);
  assert.ok(r.reads.has(at('bad.gos')));
});

test('compile --dump=ast through check', async () => {
  const fsys = memoryFileSystem({ [at('ok.gos')]: 'fn main() { }\n' });
  const r = await compile(at('ok.gos'), { fs: fsys, library: false, stopAfter: 'check', dump: ['ast'] });
  assert.equal(r.internalError, undefined);
  assert.equal(r.dumps[0].kind, 'ast');
  assert.match(r.dumps[0].text, /fn main/);
});

test('the cache: hit, invalidated by a dependency, corrupt entries ignored', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-cache-test-'));
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    fs.writeFileSync('main.gos', 'mod m;\n');
    fs.writeFileSync('m.gos', 'fn f() {}\n');
    const cache = path.join(dir, 'cache');
    const reads = new Map<string, string | undefined>([
      [path.resolve('main.gos'), 'mod m;\n'], [path.resolve('m.gos'), 'fn f() {}\n'], [path.resolve('m/mod.gos'), undefined],
    ]);
    const flags = { release: false };
    assert.equal(lookup('main.gos', flags, cache), undefined);
    const stored = store('main.gos', flags, { wasm: new Uint8Array([0, 97, 115, 109]), sourceMap: '{}' }, reads, new Map(), cache);
    assert.ok(stored);
    assert.equal(lookup('main.gos', flags, cache)?.wasmPath, stored.wasmPath);
    assert.equal(lookup('main.gos', { release: true }, cache), undefined);
    fs.writeFileSync('m.gos', 'fn g() {}\n');
    assert.equal(lookup('main.gos', flags, cache), undefined, 'an edited mod file is a miss');
    fs.writeFileSync('m.gos', 'fn f() {}\n');
    assert.ok(lookup('main.gos', flags, cache));
    fs.mkdirSync('m');
    fs.writeFileSync('m/mod.gos', '');
    assert.equal(lookup('main.gos', flags, cache), undefined, 'a newly created candidate file is a miss');
    fs.rmSync('m', { recursive: true });
    for (const f of fs.readdirSync(cache).filter(n => n.endsWith('.json'))) fs.writeFileSync(path.join(cache, f), '{"format":1,');
    assert.equal(lookup('main.gos', flags, cache), undefined, 'a corrupt manifest is a miss');
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('gossamer run: options before FILE, everything after it is the program\'s', () => {
  assert.deepEqual(splitRunArgs(['--release', 'x.gos', '--release', 'a']), { own: ['--release'], file: 'x.gos', rest: ['--release', 'a'] });
  assert.deepEqual(splitRunArgs(['--dump', 'ir', 'x.gos']), { own: ['--dump', 'ir'], file: 'x.gos', rest: [] });
  assert.deepEqual(splitRunArgs(['--', '-weird.gos', '-v']), { own: [], file: '-weird.gos', rest: ['-v'] });
  assert.deepEqual(splitRunArgs(['--time']), { own: ['--time'], file: undefined, rest: [] });
});

test('the IR printer', () => {
  const text = printIrModule({
    functions: [{
      name: 'main', params: [{ name: 'n', type: 'i64' }], result: 'i64', locals: [{ name: 'n', type: 'i64' }],
      body: { op: 'binary', kind: 'add', type: 'i64', left: { op: 'local.get', index: 0, type: 'i64' }, right: { op: 'const', type: 'i64', value: 1n } },
      span: { file: 0, start: 0, end: 0 }, exportAs: 'main',
    }],
    entry: 'main', table: [], types: [{ kind: 'bytes', name: 'String' }],
    data: [{ id: 'str.0', bytes: new TextEncoder().encode('hi\n'), align: 4 }], statics: [], imports: [], files: ['a.gos'],
  });
  assert.match(text, /\(type 0 String bytes\)/);
  assert.match(text, /\(data str\.0 align=4 "hi\\0a"\)/);
  assert.match(text, /\(func main \(param \$n#0 i64\) \(result i64\) \(export "main"\)/);
  assert.match(text, /\(i64\.add \$n#0 \(i64\.const 1\)\)\)/);
});

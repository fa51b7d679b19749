// `gossamer lsp` spoken to as an editor speaks to it (tests/unit/lsp-client.ts starts
// the real server over stdio): diagnostics as an error is typed and fixed, hover,
// definition (into std/ too), references, completion after `.` and `::`, signature
// help, symbols and formatting; and a module file finds its crate. (lsp-run.test.ts
// opens every tests/run program.)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic, LspClient, positionOf } from './lsp-client.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const MAIN = `struct Point { x: int, y: int }

impl Point {
    /// The squared distance from the origin.
    fn norm(self) -> int { self.x * self.x + self.y * self.y }
}

enum Shape { Circle(f64), Square(f64) }

fn area(s: Shape) -> f64 {
    match s {
        Shape::Circle(r) => 3.14 * r * r,
        Shape::Square(a) => a * a,
    }
}

fn main() {
    let p = Point { x: 1, y: 2 };
    let v: Vec<int> = Vec::new();
    v.push(p.norm());
    let total: int = v.len();
    println!("{} {} {}", total, p.x, area(Shape::Square(2.0)));
}
`;

let dir: string;
let client: LspClient;
let uri: string;
let version = 1;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gossamer-lsp-test-'));
  fs.writeFileSync(path.join(dir, 'main.gos'), MAIN);
  uri = pathToFileURL(path.join(dir, 'main.gos')).href;
  client = new LspClient(ROOT);
  await client.initialize(dir);
  const first = client.nextDiagnostics(uri);
  client.open(uri, MAIN);
  assert.deepEqual(await first, []);
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Replaces the document's text and waits for the diagnostics that follow. */
async function edit(text: string, pred: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
  const next = client.nextDiagnostics(uri, pred);
  client.change(uri, ++version, text);
  return next;
}

function at(text: string, needle: string, delta = 0, nth = 0) {
  return { textDocument: { uri }, position: positionOf(text, needle, delta, nth) };
}

async function hoverText(text: string, needle: string, delta = 0): Promise<string> {
  const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', at(text, needle, delta));
  return h?.contents.value ?? '';
}

test('initialize announces what the server does', async () => {
  const c = new LspClient(ROOT);
  const result = await c.initialize(dir) as { capabilities: Record<string, unknown> };
  for (const cap of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'completionProvider', 'signatureHelpProvider', 'documentSymbolProvider', 'documentFormattingProvider']) {
    assert.ok(result.capabilities[cap], cap);
  }
  await c.shutdown();
});

test('diagnostics follow edits: an error with its span and hint, then the fix clears it', async () => {
  const broken = MAIN.replace('let total: int = v.len();', 'let total: String = v.len();');
  const errors = await edit(broken, d => d.length > 0);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /mismatched types: expected `String`, found `int`/);
  assert.equal(errors[0].severity, 1);
  assert.deepEqual(errors[0].range.start, positionOf(broken, 'v.len()'));
  assert.deepEqual(errors[0].range.end, positionOf(broken, 'v.len()', 'v.len()'.length));
  assert.deepEqual(await edit(MAIN, d => d.length === 0), []);
});

test('the checker keeps going past a syntax error: errors in other functions are reported too', async () => {
  const text = MAIN.replace('        Shape::Square(a) => a * a,', '        Shape::Square(a) => a * ,').replace('let total: int = v.len();', 'let total: bool = v.len();');
  const errors = await edit(text, d => d.length >= 2);
  assert.ok(errors.some(e => /expected expression/.test(e.message)), JSON.stringify(errors));
  assert.ok(errors.some(e => /expected `bool`, found `int`/.test(e.message)), JSON.stringify(errors));
  assert.ok(errors.some(e => /hint:|expected/.test(e.message)));
  await edit(MAIN, d => d.length === 0);
});

test('hover: signatures with doc comments, locals, instantiated std methods', async () => {
  assert.match(await hoverText(MAIN, 'p.norm()', 2), /fn norm\(self\) -> int/);
  assert.match(await hoverText(MAIN, 'p.norm()', 2), /squared distance from the origin/);
  assert.match(await hoverText(MAIN, 'p.x,', 0), /let p: Point/);
  const push = await hoverText(MAIN, 'v.push', 2);
  assert.match(push, /impl Vec<int>/);
  assert.match(push, /fn push\(self, x: int\)/);
  assert.match(await hoverText(MAIN, 'total,', 0), /let total: int/);
  assert.match(await hoverText(MAIN, 'Shape::Square(2.0)', 7), /Shape::Square\(f64\)/);
});

test('definition: locals, functions, fields, variants, and std methods in std/', async () => {
  type Loc = { uri: string; range: { start: { line: number; character: number } } };
  const def = (needle: string, delta = 0, nth = 0) => client.request<Loc | null>('textDocument/definition', at(MAIN, needle, delta, nth));
  assert.deepEqual((await def('p.norm()', 2))?.range.start, positionOf(MAIN, 'norm(self)'));
  assert.deepEqual((await def('p.x,'))?.range.start, positionOf(MAIN, 'p = Point'));
  assert.deepEqual((await def('p.x,', 2))?.range.start, positionOf(MAIN, 'x: int'));
  assert.deepEqual((await def('area(Shape', 0))?.range.start, positionOf(MAIN, 'area(s'));
  assert.deepEqual((await def('Shape::Square(2.0)', 7))?.range.start, positionOf(MAIN, 'Square(f64)'));
  const push = await def('v.push', 2);
  assert.ok(push?.uri.endsWith('/std/vec.gos'), push?.uri);
  const line = fs.readFileSync(path.join(ROOT, 'std', 'vec.gos'), 'utf8').split('\n')[push!.range.start.line];
  assert.match(line, /fn push\(/);
});

test('references: a field through literals, self and values', async () => {
  const refs = await client.request<{ range: { start: { line: number; character: number } } }[]>('textDocument/references',
    { ...at(MAIN, 'x: int'), context: { includeDeclaration: true } });
  const starts = refs.map(r => r.range.start);
  for (const [needle, delta, nth] of [['x: int', 0, 0], ['self.x', 5, 0], ['self.x', 5, 1], ['x: 1', 0, 0], ['p.x,', 2, 0]] as const) {
    assert.ok(starts.some(s => JSON.stringify(s) === JSON.stringify(positionOf(MAIN, needle, delta, nth))), `${needle} missing from ${JSON.stringify(starts)}`);
  }
  assert.equal(refs.length, 5);
});

test('completion after `.`: fields and methods, generics instantiated', async () => {
  type Item = { label: string; detail?: string };
  const complete = async (hole: string) => {
    const text = MAIN.replace('    let total: int = v.len();\n', `    let total: int = v.len();\n    ${hole}\n`);
    await edit(text);
    return client.request<Item[]>('textDocument/completion', at(text, hole, hole.length));
  };
  const onPoint = await complete('let q = p.');
  for (const name of ['x', 'y', 'norm']) assert.ok(onPoint.some(i => i.label === name), `${name} missing`);
  assert.ok(onPoint.some(i => i.label === 'x' && i.detail === 'int'));
  const onVec = await complete('v.pu');
  const push = onVec.find(i => i.label === 'push');
  assert.equal(push?.detail, 'pub fn push(self, x: int)');
  assert.ok(onVec.some(i => i.label === 'len'));
  await edit(MAIN, d => d.length === 0);
});

test('completion after `::`: variants, associated functions, module items', async () => {
  type Item = { label: string };
  const complete = async (hole: string) => {
    const text = MAIN.replace('    let total: int = v.len();\n', `    let total: int = v.len();\n    ${hole}\n`);
    await edit(text);
    return (await client.request<Item[]>('textDocument/completion', at(text, hole, hole.length))).map(i => i.label);
  };
  assert.deepEqual((await complete('let s = Shape::')).sort(), ['Circle', 'Square']);
  assert.ok((await complete('let w = Vec::')).includes('new'));
  const std = await complete('let m = std::');
  assert.ok(std.includes('math') && std.includes('collections'), std.join(' '));
  assert.ok((await complete('let r = std::math::')).includes('sqrt'));
  await edit(MAIN, d => d.length === 0);
});

test('signature help inside a call', async () => {
  const text = MAIN.replace('    let total: int = v.len();\n', '    let total: int = v.len();\n    v.insert(0, \n');
  await edit(text);
  const help = await client.request<{ signatures: { label: string }[]; activeParameter: number } | null>('textDocument/signatureHelp', at(text, 'v.insert(0, ', 'v.insert(0, '.length));
  assert.equal(help?.signatures[0].label, 'pub fn insert(self, i: int, x: int)');
  assert.equal(help?.activeParameter, 1);
  await edit(MAIN, d => d.length === 0);
});

test('document symbols and formatting', async () => {
  const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols.map(s => s.name), ['Point', 'impl Point', 'Shape', 'area', 'main']);
  assert.deepEqual(symbols[0].children?.map(c => c.name), ['x', 'y']);
  assert.deepEqual(symbols[1].children?.map(c => c.name), ['norm']);
  const messy = MAIN.replace('fn area(s: Shape) -> f64 {', 'fn   area( s : Shape )->f64{');
  await edit(messy);
  const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
  assert.equal(edits.length, 1);
  assert.match(edits[0].newText, /fn area\(s: Shape\) -> f64 \{/);
  await edit(MAIN, d => d.length === 0);
});

test('a module file is checked as part of its crate', async () => {
  const modules = path.join(ROOT, 'tests', 'run', 'modules');
  const c = new LspClient(ROOT);
  await c.initialize(modules);
  const utilUri = pathToFileURL(path.join(modules, 'util.gos')).href;
  const util = fs.readFileSync(path.join(modules, 'util.gos'), 'utf8');
  const diags = c.nextDiagnostics(utilUri);
  c.open(utilUri, util);
  assert.deepEqual(await diags, []);   // no "`main` function not found": main.gos is the crate root
  const mainUri = pathToFileURL(path.join(modules, 'main.gos')).href;
  const main = fs.readFileSync(path.join(modules, 'main.gos'), 'utf8');
  c.open(mainUri, main);
  const def = await c.request<{ uri: string } | null>('textDocument/definition', { textDocument: { uri: mainUri }, position: positionOf(main, 'clamp(15') });
  assert.equal(def?.uri, utilUri);
  await c.shutdown();
});

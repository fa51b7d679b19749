// The VS Code extension's TextMate grammar (editors/vscode/syntaxes/), run by the
// engine VS Code itself uses (vscode-textmate over vscode-oniguruma):
//
// - snapshots: a few programs that between them use every construct are tokenized and
//   compared with tests/grammar/NAME.tokens (each line, then its scoped tokens; brackets,
//   separators and plain variables left out). GOSSAMER_UPDATE_SNAPSHOTS=1 rewrites them
//   for review with git diff.
// - every tests/run program: no region (string, comment, attribute) leaks past the end
//   of the file, and every keyword outside strings and comments is scoped as one, so a
//   rule that swallows code shows up wherever it happens.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';
import { KEYWORDS } from '../../src/syntax/token.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GRAMMAR = path.join(ROOT, 'editors', 'vscode', 'syntaxes', 'gossamer.tmLanguage.json');
const SNAPSHOTS = path.join(ROOT, 'tests', 'grammar');
const UPDATE = process.env.GOSSAMER_UPDATE_SNAPSHOTS === '1';

/** Programs whose tokens are kept as snapshots, named by their file. */
const SNAPSHOT_PROGRAMS = [
  'tests/unit/fixtures/syntax-tour.gos',
  'tests/unit/fixtures/concurrency.gos',
  'tests/run/lang_core.gos',
  'tests/run/match_patterns.gos',
  'tests/run/control_labels.gos',
  'tests/run/fmt_width_align.gos',
  'tests/run/conc_select_fanin.gos',
  'tests/run/closures_capture.gos',
];

type Token = { text: string; scopes: string[] };

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: p => new oniguruma.OnigScanner(p), createOnigString: s => new oniguruma.OnigString(s) }),
    loadGrammar: async scope => scope === 'source.gossamer' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  const grammar = await registry.loadGrammar('source.gossamer');
  if (!grammar) throw new Error('the grammar did not load');
  return grammar;
}

/** Each line's tokens, and whether the rule stack is back at the top level after the last line. */
function tokenize(grammar: vsctm.IGrammar, text: string): { lines: Token[][]; closed: boolean } {
  let stack = vsctm.INITIAL;
  const lines: Token[][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    lines.push(r.tokens.map(t => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    stack = r.ruleStack;
  }
  return { lines, closed: stack.depth <= 1 };
}

function snapshot(text: string, lines: Token[][]): string {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    out.push(`> ${line}`);
    const shown = lines[i]
      .filter(t => t.text.trim() !== '')
      .map(t => ({ text: t.text, scope: t.scopes[t.scopes.length - 1].replace(/\.gossamer$/, '') }))
      .filter(t => t.scope !== 'source' && !t.scope.startsWith('punctuation.') && t.scope !== 'variable.other');
    if (shown.length) out.push(shown.map(t => `${t.text} ${t.scope}`).join(' | '));
  });
  return out.join('\n') + '\n';
}

const grammarPromise = loadGrammar();

test('grammar snapshots', async () => {
  const grammar = await grammarPromise;
  const changed: string[] = [];
  for (const program of SNAPSHOT_PROGRAMS) {
    const text = fs.readFileSync(path.join(ROOT, program), 'utf8');
    const actual = snapshot(text, tokenize(grammar, text).lines);
    const file = path.join(SNAPSHOTS, path.basename(program, '.gos') + '.tokens');
    const expected = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (actual === expected) continue;
    if (UPDATE) { fs.mkdirSync(SNAPSHOTS, { recursive: true }); fs.writeFileSync(file, actual); continue; }
    changed.push(`${path.relative(ROOT, file)} ${expected === undefined ? 'is missing' : 'differs'}`);
  }
  assert.deepEqual(changed, [], 'rerun with GOSSAMER_UPDATE_SNAPSHOTS=1 and review the diff');
});

test('every tests/run program: regions close, keywords are scoped as keywords', async () => {
  const grammar = await grammarPromise;
  const keywords = new Set<string>(KEYWORDS);
  const runDir = path.join(ROOT, 'tests', 'run');
  const programs = [...fs.readdirSync(runDir).filter(n => n.endsWith('.gos')), 'modules/main.gos', 'modules/util.gos', 'modules/shapes.gos'];
  const problems: string[] = [];
  for (const name of programs) {
    const text = fs.readFileSync(path.join(runDir, name), 'utf8');
    const { lines, closed } = tokenize(grammar, text);
    if (!closed) problems.push(`${name}: a region is still open at the end of the file`);
    lines.forEach((tokens, i) => {
      for (const t of tokens) {
        const inner = t.scopes[t.scopes.length - 1];
        if (t.scopes.some(s => s.startsWith('invalid'))) problems.push(`${name}:${i + 1}: invalid token \`${t.text}\``);
        const word = t.text.trim();
        if (!keywords.has(word) || t.scopes.some(s => s.startsWith('string') || s.startsWith('comment'))) continue;
        if (!/^(keyword|storage|variable\.language|constant\.language|entity\.name\.type)/.test(inner)) {
          problems.push(`${name}:${i + 1}: keyword \`${word}\` scoped ${inner}`);
        }
      }
    });
  }
  assert.deepEqual(problems, []);
});

test('the extension manifest names files that exist and parse', () => {
  const dir = path.join(ROOT, 'editors', 'vscode');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    contributes: { languages: { configuration: string }[]; grammars: { path: string }[]; snippets: { path: string }[] };
  };
  const files = [
    ...manifest.contributes.languages.map(l => l.configuration),
    ...manifest.contributes.grammars.map(g => g.path),
    ...manifest.contributes.snippets.map(s => s.path),
  ];
  for (const f of files) assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f);
  const snippets = JSON.parse(fs.readFileSync(path.join(dir, 'snippets', 'gossamer.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
  assert.ok(['main', 'go', 'select', 'defer'].every(p => Object.values(snippets).some(s => s.prefix === p)));
});

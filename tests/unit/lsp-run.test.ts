// Every tests/run program opened through `gossamer lsp`, as an editor would: no error
// diagnostic (they all compile), no internal error in the server's log, and hover,
// definition and document symbols answer at names spread over each file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient, positionOf } from './lsp-client.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('every tests/run program opens with no error and no internal error', async () => {
  const runDir = path.join(ROOT, 'tests', 'run');
  const pending = new Set(fs.readFileSync(path.join(runDir, 'PENDING'), 'utf8').split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#')));
  const files = fs.readdirSync(runDir).filter(n => n.endsWith('.gos') && !pending.has(n.replace(/\.gos$/, ''))).map(n => path.join(runDir, n));
  files.push(path.join(runDir, 'modules', 'main.gos'));
  const c = new LspClient(ROOT);
  await c.initialize(runDir);
  const problems: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const fileUri = pathToFileURL(file).href;
    const diags = c.nextDiagnostics(fileUri);
    c.open(fileUri, text);
    const errors = (await diags).filter(d => d.severity === 1);
    if (errors.length) problems.push(`${path.basename(file)}: ${errors.map(e => e.message).join('; ')}`);
    // Hover and find the definition of a few names spread over the file: answers or null, never a failure.
    const names = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
    for (let i = 0; i < names.length; i += Math.max(1, Math.floor(names.length / 6))) {
      const params = { textDocument: { uri: fileUri }, position: positionOf(text, names[i][0], 0, countBefore(text, names[i][0], names[i].index!)) };
      await c.request('textDocument/hover', params);
      await c.request('textDocument/definition', params);
    }
    await c.request('textDocument/documentSymbol', { textDocument: { uri: fileUri } });
    c.close(fileUri);
  }
  const internal = c.logs.filter(l => /internal|Error/.test(l));
  await c.shutdown();
  assert.deepEqual(internal, []);
  assert.deepEqual(problems, []);
});

function countBefore(text: string, needle: string, index: number): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0 && at < index; at = text.indexOf(needle, at + 1)) n++;
  return n;
}

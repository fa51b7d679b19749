// `gossamer fmt FILE [--check]`: print the file back through src/syntax/printer.ts.

import * as fs from 'node:fs';
import { parse, singleFile } from './args.js';
import { COMMAND_USAGE } from './usage.js';
import type { Module } from '../syntax/ast.js';
import type { SourceFile } from '../source/index.js';

type PrintModule = (m: Module, file: SourceFile) => string;

export async function fmtCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('fmt', args, { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) { process.stdout.write(COMMAND_USAGE.fmt + '\n'); return 0; }
  const file = singleFile('fmt', positionals);

  const printModule = await loadPrinter();
  if (!printModule) {
    process.stderr.write('error: `gossamer fmt` is not available yet: this build has no formatter (src/syntax/printer.ts)\n');
    return 1;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    process.stderr.write(`error: cannot read \`${file}\`: no such file\n`);
    return 1;
  }

  const [{ SourceMap, decodeSource, NotUtf8Error }, { DiagnosticBag, renderDiagnostic }, { parseModule }] = await Promise.all([
    import('../source/index.js'), import('../diag/index.js'), import('../syntax/index.js'),
  ]);
  // A file that is not UTF-8 is never rewritten: its bytes would come back as U+FFFD.
  let text: string;
  try {
    text = decodeSource(file, bytes);
  } catch (e) {
    if (!(e instanceof NotUtf8Error)) throw e;
    const bad = new SourceMap();
    const f = bad.add(file, e.text);
    const d = { severity: 'error' as const, message: e.describe(), span: { file: f.id, start: e.offset, end: e.offset + 1 } };
    process.stderr.write(`${renderDiagnostic(d, bad)}\n\nerror: \`${file}\` was not formatted: it is not valid UTF-8\n`);
    return 1;
  }
  const sources = new SourceMap();
  const source = sources.add(file, text);
  const diags = new DiagnosticBag();
  const module = parseModule(source, diags);
  if (diags.hasErrors) {
    process.stderr.write(diags.items.map(d => renderDiagnostic(d, sources)).join('\n\n') + '\n');
    process.stderr.write(`\nerror: \`${file}\` was not formatted: it does not parse\n`);
    return 1;
  }
  const formatted = printModule(module, source);
  if (formatted === text) return 0;
  if (values.check) {
    process.stderr.write(`${file} is not formatted (run \`gossamer fmt ${file}\`)\n`);
    return 1;
  }
  fs.writeFileSync(file, formatted);
  return 0;
}

async function loadPrinter(): Promise<PrintModule | undefined> {
  const printerPath = '../syntax/printer.js';   // optional module: a variable keeps tsc from requiring it
  try {
    const printer = await import(printerPath) as { printModule?: PrintModule };
    return printer.printModule;
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

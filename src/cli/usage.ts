// Help texts and argument errors of the `gossamer` command.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../driver/root.js';

/** A mistake in how the command was invoked: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) { super(message); }
}

/** A problem that is neither the program's nor a compiler bug (a missing build, say): `error: ...`, exit 1. */
export class CliError extends Error {}

export const USAGE = `Gossamer: Rust's syntax, Go's runtime, compiled to WebAssembly.

Usage:
  gossamer run FILE [ARGS...]     compile FILE (cached by content) and run it with ARGS
  gossamer build FILE [-o OUT]    compile FILE to OUT, a standalone program run with \`node OUT\`
  gossamer check FILE             report errors without generating code
  gossamer test FILE [FILTER...]  run the #[test] functions of FILE's crate
  gossamer fmt FILE [--check]     format FILE in place (--check: only report if it would change)
  gossamer lsp                    the language server, over stdio (editors start it)
  gossamer help [COMMAND]         show this help, or a command's
  gossamer --version              print the version

Options (run, build, check, test):
  --release                       optimize (binaryen -O3); slower to compile
  --dump=ast|ir|wat               print a phase's output to stdout (repeatable, or comma-separated)
  --time                          print how long each compiler phase took, to stderr

Environment:
  GOSSAMER_CACHE=DIR              where \`run\` caches compiled programs
  GOSSAMER_DEBUG=1                show the compiler's own stack trace on an internal error
`;

export const COMMAND_USAGE: Record<string, string> = {
  run: `Usage: gossamer run [--release] [--dump=ast|ir|wat] [--time] [--no-cache] FILE [ARGS...]

Compiles FILE with the runtime and standard library and runs it in its own Node.js
process with ARGS; exits with the program's exit status. The compiled program is cached
by the content of every file it was built from, so an unchanged program starts at once.
Everything after FILE is passed to the program.`,
  build: `Usage: gossamer build [--release] [--dump=ast|ir|wat] [--time] [-o OUT] FILE

Compiles FILE into OUT (default: FILE's name with .mjs, in the current directory), a
single JavaScript module that embeds the WebAssembly: run it with \`node OUT [ARGS...]\`.
If OUT ends in .wasm, writes the bare module and its source map (OUT.map) instead.`,
  check: `Usage: gossamer check [--dump=ast|ir] [--time] FILE

Parses and type-checks FILE and everything it uses, and reports errors; no code is generated.`,
  test: `Usage: gossamer test [--release] [--time] [--timeout SECONDS] FILE [FILTER...]

Compiles FILE's crate with a harness instead of \`main\` and runs every free
\`#[test] fn name()\` in it (in FILE or its modules), in declaration order; with FILTERs,
only the tests whose path (\`tests::adds\`) contains one of them. A test fails if it
panics (a failed assert!, an unwrap of None, ...), deadlocks, ends the process, or runs
longer than --timeout SECONDS (default 60; 0 for no limit), and the remaining tests
still run. The output of a failing test is shown after the list. Exits 0 if every test
passed, else 1.`,
  fmt: `Usage: gossamer fmt [--check] FILE

Rewrites FILE in the canonical format. With --check, changes nothing and exits 1 if
FILE is not formatted.`,
  lsp: `Usage: gossamer lsp [--stdio]

Runs the language server on stdin and stdout, for editors (editors/vscode starts it):
diagnostics as you type, hover, go to definition, references, completion after \`.\`
and \`::\`, signature help, document symbols and formatting. \`--stdio\` is accepted
and changes nothing.`,
};

export function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

// The `gossamer` command: dispatch to run, build, check, test, fmt and lsp, each a thin layer over
// the driver. Only what the chosen command needs is imported: `run` of a cached program
// must not load the compiler.

import { CliError, COMMAND_USAGE, USAGE, UsageError, version } from './usage.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.js')).runCommand,
  build: async () => (await import('./build.js')).buildCommand,
  check: async () => (await import('./check.js')).checkCommand,
  test: async () => (await import('./test.js')).testCommand,
  fmt: async () => (await import('./fmt.js')).fmtCommand,
  lsp: async () => (await import('./lsp.js')).lspCommand,
};

/** Runs the command line `argv` (without node and the script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  // `gossamer check --dump=ir x.gos | head`: a reader that stops early is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); else throw e; });
  }
  const [name, ...args] = argv;
  try {
    if (name === undefined) throw new UsageError('no command given');
    if (name === '-h' || name === '--help' || name === 'help') {
      const topic = name === 'help' ? args[0] : undefined;
      process.stdout.write((topic && COMMAND_USAGE[topic] ? COMMAND_USAGE[topic] : USAGE) + '\n');
      return 0;
    }
    if (name === '-V' || name === '--version' || name === 'version') {
      process.stdout.write(`gossamer ${version()}\n`);
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) {
      throw new UsageError(name.endsWith('.gos') ? `unknown command \`${name}\`; to run a program: gossamer run ${name}`
        : `unknown command \`${name}\``);
    }
    return await (await load())(args);
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = e.command ? COMMAND_USAGE[e.command] : USAGE;
      process.stderr.write(`error: ${e.message}\n\n${usage}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof CliError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    const { reportInternalError } = await import('./report.js');
    reportInternalError(err.message, err.stack, name ? `in \`gossamer ${name}\`` : undefined);
    return 1;
  }
}

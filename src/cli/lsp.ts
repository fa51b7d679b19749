// `gossamer lsp`: the language server over stdio (src/lsp/). Editors start it; it runs
// until the editor sends `exit` or closes its input.

import { parse } from './args.js';
import { COMMAND_USAGE } from './usage.js';

export async function lspCommand(args: string[]): Promise<number> {
  // `--stdio` is what vscode-languageclient passes; stdio is the only transport.
  const { values } = parse('lsp', args, { help: { type: 'boolean', short: 'h' }, stdio: { type: 'boolean' } });
  if (values.help) { process.stdout.write(COMMAND_USAGE.lsp + '\n'); return 0; }
  const { startServer } = await import('../lsp/server.js');
  const connection = startServer();
  return new Promise<number>(resolve => {
    connection.onExit(() => resolve(0));
    process.stdin.on('end', () => resolve(0));
  });
}

// The VS Code side of Gossamer: starts `gossamer lsp` for .gos files and connects it
// through vscode-languageclient. Highlighting, brackets and snippets are declarative
// (package.json). Bundled into dist/extension.js by editors/vscode/build.js.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = serverCommand();
  // A script path runs under `node` (the repository's own bin/gossamer.js).
  const serverOptions: ServerOptions = command.endsWith('.js')
    ? { command: 'node', args: [command, 'lsp'], transport: TransportKind.stdio }
    : { command, args: ['lsp'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'gossamer' }],
    outputChannelName: 'Gossamer',
  };
  client = new LanguageClient('gossamer', 'Gossamer', serverOptions, clientOptions);
  context.subscriptions.push(vscode.commands.registerCommand('gossamer.restartServer', () => client?.restart()));
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** The configured command, else the workspace's own install, else `gossamer` on the PATH. */
function serverCommand(): string {
  const configured = vscode.workspace.getConfiguration('gossamer').get<string>('server.path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'gossamer.cmd' : 'gossamer');
    if (fs.existsSync(local)) return local;
    const own = path.join(folder.uri.fsPath, 'bin', 'gossamer.js');   // the Gossamer repository itself
    if (fs.existsSync(own)) return own;
  }
  return 'gossamer';
}

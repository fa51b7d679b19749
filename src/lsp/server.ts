// `gossamer lsp`: the language server, over stdio, on `vscode-languageserver`.
//
// Documents are analyzed per crate (the crate root is found from the file: see
// analysis.ts crateRoot). An edit schedules an analysis after a short pause (DEBOUNCE_MS),
// and its diagnostics are published for every file of the crate; a request (hover,
// definition, ...) on a document edited since the last analysis analyzes at once, so an
// answer is never about stale text. Analysis is synchronous: messages that arrive
// meanwhile wait, and the next pause coalesces them.

import {
  createConnection, Connection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, TextDocuments,
  TextDocumentSyncKind, Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, crateRoot, overlayFileSystem, Workspace } from './analysis.js';
import { complete, CompletionRequest } from './complete.js';
import { offsetOf, pathToUri, toLspDiagnostic, uriToPath } from './convert.js';
import { definition, hover, references } from './navigate.js';
import { documentSymbols, formatDocument } from './outline.js';
import { signatureHelp } from './signature.js';

/** How long typing must pause before the crate is analyzed again. */
const DEBOUNCE_MS = 25;

interface Crate {
  root: string;
  analysis: Analysis | null;
  /** The open documents' versions the analysis saw. */
  stamp: string;
  timer: NodeJS.Timeout | null;
  /** URIs that have diagnostics published, so they can be cleared. */
  published: Set<string>;
}

export function startServer(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Connection {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  const crates = new Map<string, Crate>();
  const rootOfUri = new Map<string, string>();

  const openText = (absolute: string): string | undefined => documents.get(pathToUri(absolute))?.getText();
  const fs = overlayFileSystem(openText);

  const stamp = (): string => documents.all().map(d => `${d.uri}@${d.version}`).sort().join(' ');

  const crateOf = (uri: string): Crate => {
    let root = rootOfUri.get(uri);
    if (!root) {
      root = crateRoot(uriToPath(uri), fs);
      rootOfUri.set(uri, root);
    }
    let crate = crates.get(root);
    if (!crate) {
      crate = { root, analysis: null, stamp: '', timer: null, published: new Set() };
      crates.set(root, crate);
    }
    return crate;
  };

  const analyze = (crate: Crate): Analysis => {
    if (crate.timer) { clearTimeout(crate.timer); crate.timer = null; }
    const s = stamp();
    const analysis = workspace.analyze(crate.root, fs);
    crate.analysis = analysis;
    crate.stamp = s;
    if (analysis.internalError) connection.console.error(`internal compiler error while checking ${crate.root}:\n${analysis.internalError}`);
    publish(crate, analysis);
    return analysis;
  };

  const publish = (crate: Crate, a: Analysis): void => {
    const byUri = new Map<string, LspDiagnostic[]>();
    const entryFile = a.userFiles[0] ?? 0;
    for (const f of a.userFiles) byUri.set(pathToUri(a.paths[f]), []);
    for (const d of a.diagnostics) {
      const file = d.span?.file ?? entryFile;
      const list = byUri.get(pathToUri(a.paths[file]));
      if (list) list.push(toLspDiagnostic(d, a.sources, a.paths, file));
    }
    if (a.internalError) {
      byUri.get(pathToUri(a.paths[entryFile]))?.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, source: 'gossamer',
        message: `internal compiler error while checking: ${a.internalError.split('\n')[0]} (the results may be incomplete; the server's log has the stack)`,
      });
    }
    for (const uri of crate.published) if (!byUri.has(uri)) connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) connection.sendDiagnostics({ uri, diagnostics });
    crate.published = new Set(byUri.keys());
  };

  const schedule = (crate: Crate, delay: number): void => {
    if (crate.timer) clearTimeout(crate.timer);
    crate.timer = setTimeout(() => { crate.timer = null; safely(() => analyze(crate)); }, delay);
  };

  /** The crate's analysis of the documents as they are now. */
  const current = (uri: string): Analysis => {
    const crate = crateOf(uri);
    return crate.analysis && crate.stamp === stamp() ? crate.analysis : analyze(crate);
  };

  const fileOf = (a: Analysis, uri: string): number => {
    const id = a.paths.indexOf(uriToPath(uri));
    return a.userFiles.includes(id) ? id : -1;
  };

  /** The analysis, file id and offset a position request is about. */
  const at = (uri: string, position: { line: number; character: number }) => {
    const a = current(uri);
    const file = fileOf(a, uri);
    if (file < 0) return null;
    return { a, file, offset: offsetOf(a.sources.files[file], position) };
  };

  const request = (uri: string, position: { line: number; character: number }): CompletionRequest | null => {
    const doc = documents.get(uri);
    if (!doc) return null;
    const crate = crateOf(uri);
    const docPath = uriToPath(uri);
    const latest = crate.analysis ?? analyze(crate);
    return {
      text: doc.getText(), offset: doc.offsetAt(position), path: docPath, latest,
      analyzeWith: (text: string) => workspace.analyze(crate.root, overlayFileSystem(p => p === docPath ? text : openText(p))),
    };
  };

  /** A handler's failure is logged and answered with `fallback`: the server keeps serving. */
  function safely<T>(f: () => T, fallback?: T): T | undefined {
    try {
      return f();
    } catch (e) {
      connection.console.error(`gossamer lsp: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  }

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      completionProvider: { triggerCharacters: ['.', ':'] },
      signatureHelpProvider: { triggerCharacters: ['(', ','] },
    },
    serverInfo: { name: 'gossamer', version: '0.1.0' },
  }));

  documents.onDidOpen(e => { safely(() => { rootOfUri.delete(e.document.uri); schedule(crateOf(e.document.uri), 0); }); });
  documents.onDidChangeContent(e => { safely(() => schedule(crateOf(e.document.uri), DEBOUNCE_MS)); });
  documents.onDidSave(e => { safely(() => { rootOfUri.delete(e.document.uri); schedule(crateOf(e.document.uri), 0); }); });
  documents.onDidClose(e => {
    safely(() => {
      const crate = crateOf(e.document.uri);
      rootOfUri.delete(e.document.uri);
      const stillOpen = documents.all().some(d => d.uri !== e.document.uri && rootOfUri.get(d.uri) === crate.root);
      if (stillOpen) { schedule(crate, DEBOUNCE_MS); return; }
      if (crate.timer) clearTimeout(crate.timer);
      for (const uri of crate.published) connection.sendDiagnostics({ uri, diagnostics: [] });
      crates.delete(crate.root);
    });
  });

  connection.onHover(p => safely(() => { const x = at(p.textDocument.uri, p.position); return x ? hover(x.a, x.file, x.offset) : null; }, null));
  connection.onDefinition(p => safely(() => { const x = at(p.textDocument.uri, p.position); return x ? definition(x.a, x.file, x.offset) : null; }, null));
  connection.onReferences(p => safely(() => {
    const x = at(p.textDocument.uri, p.position);
    return x ? references(x.a, x.file, x.offset, p.context.includeDeclaration) : [];
  }, []));
  connection.onCompletion(p => safely(() => { const r = request(p.textDocument.uri, p.position); return r ? complete(r) : []; }, []));
  connection.onSignatureHelp(p => safely(() => { const r = request(p.textDocument.uri, p.position); return r ? signatureHelp(r) : null; }, null));
  connection.onDocumentSymbol(p => safely(() => { const d = documents.get(p.textDocument.uri); return d ? documentSymbols(d.getText()) : []; }, []));
  connection.onDocumentFormatting(p => safely(() => { const d = documents.get(p.textDocument.uri); return d ? formatDocument(d.getText()) : []; }, []));

  documents.listen(connection);
  connection.listen();
  return connection;
}

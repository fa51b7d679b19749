// The driver: turns a path into a loaded Program, and a Program into WebAssembly.
// See compile.ts for the pipeline, load.ts for how files are found.

export { loadProgram, loadLibrary, stdModulePath } from './load.js';
export type { LoadOptions } from './load.js';
export { compile, renderDiagnostics, formatTimings } from './compile.js';
export type { CompileOptions, CompileResult, DumpKind, Phase } from './compile.js';
export { nodeFileSystem, memoryFileSystem, RecordingFileSystem } from './fs.js';
export type { ProgramFileSystem } from './fs.js';
export { packageRoot, displayPath } from './root.js';
export type { Program, ProgramModule } from './program.js';

// The host: the TypeScript side of the runtime. Everything lives in launcher.ts, which must
// stay a single self-contained file (it is pasted into standalone artifacts).

export {
  runProgram, buildArtifactSource, readProgramInfo, parseWasmFrames, functionBodies, Symbolizer,
} from './launcher.js';
export type { RunOptions } from './launcher.js';

// What the driver hands the checker: every parsed file of the program, each with the
// module path it defines. `mod util;` files are not separate entries: the driver parses
// them and fills the ModItem's `items`, so they sit inside their parent's tree.

import { Module } from '../syntax/ast.js';
import { SourceMap } from '../source/index.js';

export interface ProgramModule {
  /** [] = the user's crate root; ['runtime'] = runtime/*.gos (all files merge into one
   *  module); ['std', 'collections'] = std/collections.gos; ['std', 'prelude'] is
   *  imported into every module implicitly. */
  path: string[];
  module: Module;
  /** runtime/ and std/ may use std::intrinsics and #[import]. */
  privileged: boolean;
}

export interface Program {
  sources: SourceMap;
  modules: ProgramModule[];
}

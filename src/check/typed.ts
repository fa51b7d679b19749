// What checking a function instance produces for lowering: the side tables that give
// every expression its concrete type and every name its meaning. Keyed by AST node
// identity; one CheckedFn per (function, type arguments).

import * as ast from '../syntax/ast.js';
import { Span } from '../source/index.js';
import { AdtDef, ConstDef, FnDef, StaticDef, TraitDef, Ty, VariantInfo } from './types.js';

export interface LocalVar {
  id: number;
  name: string;
  ty: Ty;
  mutable: boolean;
  /** Captured by a closure, `go` or `defer` block: lowering boxes it. */
  captured: boolean;
  span: Span;
}

/** A reference to a function instance (resolved to concrete types after checking). */
export interface FnRef {
  def: FnDef;
  args: Ty[];
}

export type Res =
  | { k: 'local'; local: LocalVar }
  | { k: 'fn'; fn: FnRef }
  | { k: 'variant'; adt: AdtDef; variant: VariantInfo; args: Ty[] }   // enum variant, or a struct itself
  | { k: 'const'; def: ConstDef }
  | { k: 'static'; def: StaticDef }
  | { k: 'intrinsic'; name: string; typeArgs: Ty[] }
  | { k: 'builtinConst'; value: number | bigint; ty: Ty };            // i64::MAX, f64::INFINITY

export type MethodRes =
  /** Static dispatch to a function instance; the receiver is its first argument. */
  | { k: 'fn'; fn: FnRef; arrayView?: boolean }   // arrayView: receiver is an array, called as a Vec view of it
  /** A call through a `dyn Trait` vtable. */
  | { k: 'dyn'; trait: TraitDef; method: string; index: number; fnTy: Ty }
  /** Built into the compiler: RawBuf/Chan/array operations, numeric methods, collect, ... */
  | { k: 'builtin'; name: string; recvTy: Ty };

/** How a binary operator is carried out. */
export type OpRes =
  | { k: 'prim'; ty: Ty }                  // numeric/bool/char operation on this operand type
  | { k: 'stringConcat' }
  | { k: 'call'; fn: FnRef; negate: boolean; cmp: ast.BinaryOp | null };   // eq/cmp through a trait method

export interface ClosureInfo {
  params: LocalVar[];
  ret: Ty;
  /** Locals of enclosing functions this closure uses (each boxed). */
  captures: LocalVar[];
  /** Closures and go/defer blocks capture `self` and params as well: all are LocalVars. */
}

export interface FormatArg {
  /** The value printed: an argument expression, or a local captured by `{name}`. */
  expr: ast.Expr | null;
  res: Res | null;
  ty: Ty;
}

export interface CheckedFn {
  name: string;                     // unique mangled name
  def: FnDef;
  args: Ty[];
  selfLocal: LocalVar | null;
  params: LocalVar[][];             // bindings introduced by each parameter pattern
  paramTys: Ty[];
  paramPats: ast.Pattern[];
  ret: Ty;
  body: ast.BlockExpr | null;
  exprTypes: Map<ast.Expr, Ty>;
  patTypes: Map<ast.Pattern, Ty>;
  res: Map<object, Res>;
  methods: Map<ast.MethodCallExpr, MethodRes>;
  ops: Map<ast.BinaryExpr | ast.AssignExpr, OpRes>;
  bindings: Map<ast.BindingPat, LocalVar>;
  closures: Map<ast.ClosureExpr | ast.GoExpr | ast.DeferExpr, ClosureInfo>;
  formats: Map<ast.FormatPiece, FormatArg>;
  /** Expressions whose value is converted to a `dyn` type (value -> boxed dyn). */
  coercions: Map<ast.Expr, Ty>;
  /** `?` operator: the enum the enclosing function returns. */
  tries: Map<ast.TryExpr, { kind: 'option' | 'result' }>;
  /** `for` loops: what is iterated. */
  fors: Map<ast.ForExpr, ForKind>;
  /** Functions with #[track_caller] take the caller's location as a hidden last parameter. */
  trackCaller: boolean;
}

export type ForKind =
  | { k: 'range'; elem: Ty; inclusive: boolean; open?: boolean }   // open: `for i in a..`
  /** `for i in (a..b).rev()` (std's Range::rev, receiver `a..b`, `a..=b` or any Range): counts down. */
  | { k: 'rangeRev'; elem: Ty; inclusive: boolean }
  | { k: 'vec'; elem: Ty }
  | { k: 'array'; elem: Ty; len: number }
  | { k: 'map'; key: Ty; value: Ty; set: boolean; fns: { next: FnRef; key: FnRef; value: FnRef | null } }
  | { k: 'iter'; elem: Ty; next: FnRef; into: FnRef | null };   // into: IntoIterator::into_iter first

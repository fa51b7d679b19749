// The abstract syntax tree. Every node carries a span; nodes are unions on `kind`.
// The parser builds it, `gossamer fmt` prints it back, the checker annotates it through
// side tables keyed by node identity (never by mutating it), so one generic function's
// body can be checked once per instantiation.

import { Span } from '../source/index.js';

// ---------------------------------------------------------------- modules and items

export interface Module {
  file: number;       // SourceMap file id
  items: Item[];
  span: Span;
  comments?: Comment[];  // the file's comments, in order, for `gossamer fmt` only
  blankLines?: number[]; // offsets of blank source lines, in order, for `gossamer fmt` only
}

/** A source comment (line or block); not part of the program's meaning. */
export interface Comment {
  text: string;          // including the comment markers
  span: Span;
  ownLine: boolean;      // nothing but whitespace precedes it on its line
}

export interface Attribute {
  name: string;              // "derive", "test", "inline", ...
  args: Ident[];             // #[derive(Clone, Debug)] -> [Clone, Debug]
  span: Span;
}

export interface Ident {
  name: string;
  span: Span;
}

export type Item =
  | FnItem
  | StructItem
  | EnumItem
  | ImplItem
  | TraitItem
  | ConstItem
  | StaticItem
  | UseItem
  | ModItem
  | TypeAliasItem;

export interface ItemBase {
  span: Span;
  attrs: Attribute[];
  pub: boolean;
}

export interface GenericParam {
  name: Ident;
  bounds: PathType[];   // T: Ord + Clone
  span: Span;
}

export interface WherePredicate {
  ty: Type;
  bounds: PathType[];
  span: Span;
}

export interface Generics {
  params: GenericParam[];
  where: WherePredicate[];
}

/** `self`, `&self`, `&mut self`, `mut self`: all mean the receiver reference. */
export interface SelfParam {
  kind: 'self';
  span: Span;
}

export interface FnParam {
  pat: Pattern;
  ty: Type;
  span: Span;
}

export interface FnItem extends ItemBase {
  kind: 'fn';
  name: Ident;
  generics: Generics;
  selfParam: SelfParam | null;
  params: FnParam[];
  ret: Type | null;          // null = ()
  body: BlockExpr | null;    // null in a trait declaration without default, or `extern`
}

export type StructShape =
  | { kind: 'named'; fields: FieldDef[] }
  | { kind: 'tuple'; fields: TupleFieldDef[] }
  | { kind: 'unit' };

export interface FieldDef {
  name: Ident;
  ty: Type;
  pub: boolean;
  span: Span;
}

export interface TupleFieldDef {
  ty: Type;
  pub: boolean;
  span: Span;
}

export interface StructItem extends ItemBase {
  kind: 'struct';
  name: Ident;
  generics: Generics;
  shape: StructShape;
}

export interface VariantDef {
  name: Ident;
  shape: StructShape;
  discriminant: Expr | null;  // Variant = 3
  span: Span;
}

export interface EnumItem extends ItemBase {
  kind: 'enum';
  name: Ident;
  generics: Generics;
  variants: VariantDef[];
}

export interface ImplItem extends ItemBase {
  kind: 'impl';
  generics: Generics;
  trait: PathType | null;   // impl Trait for Type
  selfTy: Type;
  items: (FnItem | ConstItem | TypeAliasItem)[];
}

export interface TraitItem extends ItemBase {
  kind: 'trait';
  name: Ident;
  generics: Generics;
  supertraits: PathType[];
  items: (FnItem | ConstItem | TypeAliasItem)[];
}

export interface ConstItem extends ItemBase {
  kind: 'const';
  name: Ident;
  ty: Type | null;
  value: Expr | null;      // null only inside a trait
}

export interface StaticItem extends ItemBase {
  kind: 'static';
  name: Ident;
  mutable: boolean;
  ty: Type;
  value: Expr;
}

/** `use a::b::{c, d as e, f::*};` flattened into one tree. */
export interface UseTree {
  path: Ident[];                 // prefix segments
  kind: 'simple' | 'glob' | 'nested';
  alias: Ident | null;           // simple only: `as e`
  children: UseTree[];           // nested only
  span: Span;
}

export interface UseItem extends ItemBase {
  kind: 'use';
  tree: UseTree;
}

/** `mod util;` loads util.gos beside the file; `mod m { ... }` is inline. */
export interface ModItem extends ItemBase {
  kind: 'mod';
  name: Ident;
  items: Item[] | null;          // null until the driver loads the file
}

export interface TypeAliasItem extends ItemBase {
  kind: 'type';
  name: Ident;
  generics: Generics;
  ty: Type | null;               // null for an associated type declaration in a trait
}

// ---------------------------------------------------------------- types

export type Type =
  | PathType
  | TupleType
  | ArrayType
  | SliceType
  | FnType
  | DynType
  | RefType
  | InferType
  | NeverType;

/** `int`, `Vec<T>`, `std::collections::HashMap<K, V>`, `Self`, `T` */
export interface PathType {
  kind: 'path';
  segments: PathSegment[];
  span: Span;
}

export interface PathSegment {
  name: Ident;
  generics: Type[] | null;       // `Vec<int>` or `Vec::<int>`
  /** Associated type bindings after the arguments: `Iterator<Item = int>`. */
  bindings?: AssocBinding[];
}

export interface AssocBinding { name: Ident; ty: Type }

export interface TupleType { kind: 'tuple'; elems: Type[]; span: Span }   // () is elems = []
export interface ArrayType { kind: 'array'; elem: Type; len: Expr; span: Span }
export interface SliceType { kind: 'slice'; elem: Type; span: Span }       // [T], treated as Vec<T>
export interface FnType { kind: 'fn'; params: Type[]; ret: Type | null; span: Span }
export interface DynType { kind: 'dyn'; traits: PathType[]; span: Span }
/** `&T` and `&mut T`: accepted for Rust habit, mean the same as T. */
export interface RefType { kind: 'ref'; mutable: boolean; inner: Type; span: Span }
export interface InferType { kind: 'infer'; span: Span }                  // `_`
export interface NeverType { kind: 'never'; span: Span }                  // `!`

// ---------------------------------------------------------------- statements

export type Stmt = LetStmt | ExprStmt | ItemStmt | EmptyStmt;

export interface LetStmt {
  kind: 'let';
  pat: Pattern;
  ty: Type | null;
  init: Expr | null;
  elseBlock: BlockExpr | null;   // let PAT = e else { ... };
  span: Span;
}

/** `semi` false only for a block-like expression without `;` or a block's tail. */
export interface ExprStmt { kind: 'expr'; expr: Expr; semi: boolean; span: Span }
export interface ItemStmt { kind: 'item'; item: Item; span: Span }
export interface EmptyStmt { kind: 'empty'; span: Span }

// ---------------------------------------------------------------- expressions

export type Expr =
  | LitExpr
  | PathExpr
  | UnaryExpr
  | BinaryExpr
  | AssignExpr
  | CallExpr
  | MethodCallExpr
  | FieldExpr
  | IndexExpr
  | RangeExpr
  | StructLitExpr
  | TupleExpr
  | ArrayExpr
  | ArrayRepeatExpr
  | BlockExpr
  | IfExpr
  | LetCondExpr
  | MatchExpr
  | WhileExpr
  | LoopExpr
  | ForExpr
  | BreakExpr
  | ContinueExpr
  | ReturnExpr
  | ClosureExpr
  | CastExpr
  | TryExpr
  | MacroExpr
  | GoExpr
  | DeferExpr
  | SelectExpr
  | RefExpr
  | DerefExpr
  | ParenExpr;

/** `raw` (numbers only, optional) is the source spelling, so `fmt` keeps `0xff` and `1e9`. */
export type LitValue =
  | { kind: 'int'; value: bigint; suffix: string | null; raw?: string }     // 42, 42u8, 0xff_i64
  | { kind: 'float'; value: number; suffix: string | null; raw?: string }   // 1.5, 2f32, 1e9
  | { kind: 'str'; value: string }                             // escapes already decoded
  | { kind: 'char'; value: number }                            // code point
  | { kind: 'bool'; value: boolean };

export interface LitExpr { kind: 'lit'; lit: LitValue; span: Span }

/** `x`, `Point::new`, `Shape::Circle`, `Vec::<int>::new`, `self`, `Self` */
export interface PathExpr { kind: 'path'; segments: PathSegment[]; span: Span }

export type UnaryOp = '-' | '!';
export interface UnaryExpr { kind: 'unary'; op: UnaryOp; operand: Expr; span: Span }

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '&' | '|' | '^' | '<<' | '>>'
  | '&&' | '||'
  | '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface BinaryExpr { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; opSpan: Span; span: Span }

/** `a = b` (op null) and `a += b` etc. */
export interface AssignExpr {
  kind: 'assign';
  op: Exclude<BinaryOp, '&&' | '||' | '==' | '!=' | '<' | '<=' | '>' | '>='> | null;
  target: Expr;
  value: Expr;
  span: Span;
}

export interface CallExpr { kind: 'call'; callee: Expr; args: Expr[]; span: Span }

export interface MethodCallExpr {
  kind: 'methodCall';
  receiver: Expr;
  method: Ident;
  generics: Type[] | null;   // x.collect::<Vec<int>>()
  args: Expr[];
  span: Span;
}

/** `p.x`, and tuple fields `t.0` (name is the digits). */
export interface FieldExpr { kind: 'field'; object: Expr; field: Ident; span: Span }

export interface IndexExpr { kind: 'index'; object: Expr; index: Expr; span: Span }

/** `a..b`, `a..=b`, `..b`, `a..`, `..` */
export interface RangeExpr { kind: 'range'; start: Expr | null; end: Expr | null; inclusive: boolean; span: Span }

export interface FieldInit {
  name: Ident;
  value: Expr;          // shorthand `Point { x }` is parsed as value = PathExpr x
  shorthand: boolean;
  span: Span;
}

export interface StructLitExpr {
  kind: 'structLit';
  path: PathExpr;
  fields: FieldInit[];
  base: Expr | null;    // `..other`
  span: Span;
}

export interface TupleExpr { kind: 'tuple'; elems: Expr[]; span: Span }        // () is elems = []
export interface ArrayExpr { kind: 'array'; elems: Expr[]; span: Span }
export interface ArrayRepeatExpr { kind: 'arrayRepeat'; value: Expr; count: Expr; span: Span }

export interface BlockExpr {
  kind: 'block';
  stmts: Stmt[];
  tail: Expr | null;     // final expression without `;`
  label: Ident | null;   // 'a: { ... } (name without the quote: "a")
  span: Span;
}

/** `if c {..} else {..}`; `if let P = e` is an IfExpr whose cond is a LetCondExpr. */
export interface IfExpr { kind: 'if'; cond: Expr; then: BlockExpr; else: BlockExpr | IfExpr | null; span: Span }

/** `let PAT = EXPR` in the condition of `if` / `while` (may be chained with &&). */
export interface LetCondExpr { kind: 'letCond'; pat: Pattern; value: Expr; span: Span }

export interface MatchArm { pat: Pattern; guard: Expr | null; body: Expr; span: Span }
export interface MatchExpr { kind: 'match'; scrutinee: Expr; arms: MatchArm[]; span: Span }

/** `while c {..}`, and `while let P = e {..}` (cond is a LetCondExpr). */
export interface WhileExpr { kind: 'while'; cond: Expr; body: BlockExpr; label: Ident | null; span: Span }
export interface LoopExpr { kind: 'loop'; body: BlockExpr; label: Ident | null; span: Span }
export interface ForExpr { kind: 'for'; pat: Pattern; iter: Expr; body: BlockExpr; label: Ident | null; span: Span }

export interface BreakExpr { kind: 'break'; label: Ident | null; value: Expr | null; span: Span }
export interface ContinueExpr { kind: 'continue'; label: Ident | null; span: Span }
export interface ReturnExpr { kind: 'return'; value: Expr | null; span: Span }

export interface ClosureParam { pat: Pattern; ty: Type | null; span: Span }
export interface ClosureExpr {
  kind: 'closure';
  params: ClosureParam[];
  ret: Type | null;
  body: Expr;
  isMove: boolean;      // `move |x| ..` accepted, same meaning
  span: Span;
}

export interface CastExpr { kind: 'cast'; expr: Expr; ty: Type; span: Span }
export interface TryExpr { kind: 'try'; expr: Expr; span: Span }             // e?

/**
 * Built-in macros. Format macros carry the parsed format string; `vec!` its elements.
 *   print! println! eprint! eprintln! format! panic!  -> kind 'format'
 *   assert!(c) assert!(c, "fmt", args)                 -> kind 'assert'
 *   assert_eq!(a, b) assert_ne!(a, b) (+ optional fmt)  -> kind 'assertEq'
 *   vec![a, b] / vec![x; n]                             -> kind 'vec'
 *   unreachable!() todo!() unimplemented!()             -> kind 'format' (message optional)
 */
export type MacroExpr =
  | { kind: 'macro'; name: string; form: 'format'; format: FormatString | null; args: Expr[]; span: Span; target?: Expr }   // target: write!/writeln!'s formatter
  | { kind: 'macro'; name: string; form: 'assert'; cond: Expr; format: FormatString | null; args: Expr[]; span: Span }
  | { kind: 'macro'; name: string; form: 'assertEq'; left: Expr; right: Expr; format: FormatString | null; args: Expr[]; span: Span }
  | { kind: 'macro'; name: string; form: 'vec'; elems: Expr[]; repeat: { value: Expr; count: Expr } | null; span: Span };

/** A format string split into literal text and `{...}` holes. */
export interface FormatString {
  pieces: FormatPiece[];
  span: Span;
}

export type FormatPiece =
  | { kind: 'text'; text: string }
  | { kind: 'hole'; arg: FormatArgRef; spec: FormatSpec; span: Span };

/** `{}` next positional, `{0}` explicit index, `{name}` a captured variable or named arg. */
export type FormatArgRef =
  | { kind: 'next' }
  | { kind: 'index'; index: number }
  | { kind: 'name'; name: string };

/** `{:>8.3}` and friends: [[fill]align][sign]['#']['0'][width]['.' precision][type] */
export interface FormatSpec {
  fill: string;                 // default ' '
  align: '<' | '>' | '^' | null;
  sign: '+' | null;
  alternate: boolean;           // '#'
  zero: boolean;                // '0'
  width: number | null;
  precision: number | null;
  type: '' | '?' | 'x' | 'X' | 'b' | 'o' | 'e' | 'E';
}

/** `go f(x)` (body is a CallExpr or MethodCallExpr; also a MacroExpr such as `println!(..)`)
 *  and `go { ... }` (body is a BlockExpr). */
export interface GoExpr { kind: 'go'; body: Expr; span: Span }

/** `defer f(x);` (arguments evaluated now; body may also be a MacroExpr such as
 *  `println!(..)`) and `defer { ... };` (block runs at exit). */
export interface DeferExpr { kind: 'defer'; body: Expr; span: Span }

/**
 * select {
 *     v = ch.recv() => ...,      (recv: pat = binding pattern or `_`)
 *     ch.send(x) => ...,
 *     default => ...,
 * }
 */
export type SelectArm =
  | { kind: 'recv'; pat: Pattern | null; chan: Expr; body: Expr; span: Span }
  | { kind: 'send'; chan: Expr; value: Expr; body: Expr; span: Span }
  | { kind: 'default'; body: Expr; span: Span };

export interface SelectExpr { kind: 'select'; arms: SelectArm[]; span: Span }

/** `&x`, `&mut x`: accepted for Rust habit; the value itself (objects are references). */
export interface RefExpr { kind: 'ref'; mutable: boolean; expr: Expr; span: Span }
/** `*x`: accepted; the value itself. */
export interface DerefExpr { kind: 'deref'; expr: Expr; span: Span }
/** `(e)`: kept so `fmt` can print it back; the checker looks through it. */
export interface ParenExpr { kind: 'paren'; expr: Expr; span: Span }

// ---------------------------------------------------------------- patterns

export type Pattern =
  | WildcardPat
  | BindingPat
  | LitPat
  | RangePat
  | TuplePat
  | PathPat
  | TupleStructPat
  | StructPat
  | OrPat
  | RestPat
  | RefPat;

export interface WildcardPat { kind: 'wildcard'; span: Span }
/** `x`, `mut x`, `ref x`, `x @ 1..=5`. A bare identifier that names a unit variant or
 *  const in scope is resolved by the checker, not the parser. */
export interface BindingPat { kind: 'binding'; name: Ident; mutable: boolean; sub: Pattern | null; span: Span }
/** `1`, `-1`, `'a'`, `"s"`, `true` */
export interface LitPat { kind: 'lit'; lit: LitValue; span: Span }
/** `1..=5`, `'a'..='z'`, `..=9`, `0..` */
export interface RangePat { kind: 'range'; start: LitValue | null; end: LitValue | null; inclusive: boolean; span: Span }
export interface TuplePat { kind: 'tuple'; elems: Pattern[]; span: Span }
/** `Shape::Empty`, `None`, `MAX` (multi-segment or known constant) */
export interface PathPat { kind: 'path'; path: PathExpr; span: Span }
/** `Some(x)`, `Shape::Circle(r)` */
export interface TupleStructPat { kind: 'tupleStruct'; path: PathExpr; elems: Pattern[]; span: Span }
export interface FieldPat { name: Ident; pat: Pattern; shorthand: boolean; span: Span }
/** `Shape::Rect { w, h: height, .. }` */
export interface StructPat { kind: 'struct'; path: PathExpr; fields: FieldPat[]; rest: boolean; span: Span }
export interface OrPat { kind: 'or'; alts: Pattern[]; span: Span }
/** `..` inside tuple and tuple-struct patterns */
export interface RestPat { kind: 'rest'; span: Span }
/** `&p`, `&mut p`: accepted, same as p */
export interface RefPat { kind: 'ref'; pat: Pattern; span: Span }

// The compiler/runtime ABI: every function of runtime/ and std/ that compiled code
// calls by name (as Go's cmd/compile/internal/typecheck/_builtin/runtime.go lists the
// runtime's), with what the compiler assumes of it. Lowering asks for runtime functions
// and std methods only through these names (they are the parameter types of
// ModuleLowerer.runtimeFn and stdMethod), so the list is complete; codegen names its
// calls through runtimeSymbol. tests/unit/abi.test.ts checks every entry exists.
//
// Keep in sync with runtime/*.gos and std/*.gos: renaming one of these there breaks the
// compiler. The checker also names std methods for `for` loops (check/body.ts: `next`,
// and the map walk iter_next_slot/key_at/value_at listed below). Layouts the compiler
// assumes (object header, Vec, G record, defer records) are in docs/runtime.md.

/** runtime/ functions, by name (their symbol is `runtime::NAME`). */
export const RUNTIME_FNS = {
  // The program's start (lower/index.ts `_start`).
  init: 'fn init(): set up the heap, the scheduler and stdout; runs after the runtime statics, before the others',
  exit: 'fn exit(code: i32): flush and end the process; _start calls exit(0) after main',
  sched_main: 'fn sched_main(entry: i32): run `entry` (a fn() closure address) as the first goroutine; optional',
  worker_main: 'fn worker_main(p: i32): a worker P\'s scheduler loop, exported to the host; optional',
  // Allocation and collection (codegen's `alloc` node; the seeds of its may-collect analysis).
  alloc: 'fn alloc(type_id: i32, bytes: i32) -> ref: a zeroed object with its header written',
  collect: 'may collect (codegen: a function that reaches it keeps its refs in its shadow frame)',
  gc_collect: 'may collect (as collect)',
  collect_stress: 'may collect (as collect)',
  collect_for_memory: 'may collect (as collect)',
  gc_poll: 'the scheduler safepoint: another P may collect while this one waits here',
  poll_safe: 'fn poll_safe(): the slow path of a loop\'s safepoint poll (codegen/safepoint.ts); every frame holds its refs; optional',
  poll_stop: 'fn poll_stop(): the slow path of a recursive function\'s stop-only poll; frames may hold refs in wasm locals; optional',
  // Stacks and panics.
  morestack: 'fn morestack(): the stack check\'s slow path; optional',
  panic_at: 'fn panic_at(msg: String, loc: String) -> !: every panic, bounds check and failed unwrap',
  panic_stack_overflow: 'fn panic_stack_overflow() -> !: the stack check\'s limit',
  capacity_overflow: 'fn capacity_overflow() -> !: an array size past MAX_ALLOC (lower/vec.ts allocArray)',
  // Goroutines and output.
  spawn: 'fn spawn(entry: i32): start a goroutine running the fn() closure at address `entry`',
  flush: 'fn flush(): write buffered stdout (the host calls it at exit)',
  print_str: 'fn print_str(s: String, fd: i64): print!/eprint! of a String',
} as const;

export type RuntimeFnName = keyof typeof RUNTIME_FNS;

/** The symbol of a runtime function in the IR and the wasm module. */
export function runtimeSymbol(name: RuntimeFnName): `runtime::${RuntimeFnName}` { return `runtime::${name}`; }

/**
 * Inherent methods and associated functions of std types that lowering calls
 * (ModuleLowerer.stdMethod), by the type they are looked up on: a std type of
 * check/std.ts, `string`, or a std::chan struct.
 */
export const STD_METHODS = {
  vec: ['new', 'with_capacity', 'push', 'join' /* Vec<String> */, 'collect_string' /* Vec<char> */],
  string: ['eq', 'compare', 'hash', 'concat', 'substring'],
  hashMap: ['new', 'get', 'from_vec', 'iter_next_slot', 'key_at', 'value_at'],
  hashSet: ['new', 'from_vec', 'iter_next_slot', 'key_at'],
  formatter: [
    'new', 'to_string', 'write_str', 'write_byte', 'write_i64', 'write_indent',
    'fmt_bool', 'fmt_char', 'fmt_str', 'fmt_int', 'fmt_int_exp', 'fmt_uint', 'fmt_uint_exp',
    'fmt_f32', 'fmt_f32_exp', 'fmt_f64', 'fmt_f64_exp',
  ],
  RecvCase: ['new', 'take'],
  SendCase: ['new', 'take'],
} as const;

export type StdMethodName = (typeof STD_METHODS)[keyof typeof STD_METHODS][number];

/** std::chan items `select` is lowered onto (lower/select.ts). */
export const STD_CHAN_ITEMS = {
  RecvCase: 'struct RecvCase<T>: a receive case; new(ch), take() -> Option<T>',
  SendCase: 'struct SendCase<T>: a send case; new(ch, value), take()',
  SelCase: 'trait SelCase: what select_run drives; each case is boxed as dyn SelCase',
  select_run: 'fn select_run(cases: Vec<dyn SelCase>, has_default: i32) -> int: the index of the case that ran, or -1 for default',
} as const;

// Names a Rust programmer writes that Gossamer spells differently (docs/spec.md, "Rust
// differences"): an unresolved path that starts like one of these gets a hint naming
// Gossamer's spelling instead of "did you mean".

const SPELLINGS: [path: string, hint: string][] = [
  ['std::env::args', 'Gossamer spells it `std::os::args()` (it returns a `Vec<String>`)'],
  ['std::env::var', 'Gossamer spells it `std::os::env(name)` (it returns an `Option<String>`)'],
  ['std::env', 'Gossamer has `std::os::args()` and `std::os::env(name)` instead of `std::env`'],
  ['std::process::exit', 'Gossamer spells it `std::os::exit(code)`'],
  ['std::process', 'Gossamer has `std::os::exit(code)` instead of `std::process`'],
  ['std::f64::consts::PI', 'Gossamer spells it `std::math::PI`'],
  ['std::f64::consts::E', 'Gossamer spells it `std::math::E`'],
  ['std::f64::consts::TAU', 'Gossamer spells it `std::math::TAU`'],
  ['std::f64::consts', 'the constants are in `std::math` (`std::math::PI`, `std::math::E`, ...)'],
  ['std::f64', 'the constants are in `std::math` (`std::math::PI`), `f64::MAX` and the methods are on `f64`'],
  ['std::thread::spawn', 'Gossamer starts a goroutine with `go f(x);` or `go { ... };`'],
  ['std::thread', 'Gossamer has goroutines instead of threads: `go f(x);`, and `std::time::sleep`'],
  ['std::sync::mpsc', 'Gossamer has channels: `Chan::new(cap)`, `ch.send(v)`, `ch.recv()`'],
  ['str', 'Gossamer has no `str`: write `String` (for `&str` too; a string literal is a `String`)'],
  ['Box', 'Gossamer has no `Box`: `Box<dyn Trait>` is `dyn Trait`, and any other value needs no box'],
  ['Rc', 'Gossamer has no `Rc`: values of structs, enums, `Vec` and `String` are shared by reference and collected by the GC'],
  ['Arc', 'Gossamer has no `Arc`: values are shared by reference and collected by the GC'],
  ['RefCell', 'Gossamer has no `RefCell`: a shared value can be mutated directly'],
];

/**
 * The hint for the path `names` that failed to resolve at segment `failedAt`, when it is
 * (or starts with) a Rust spelling that covers that segment; the longest match wins.
 */
export function rustSpellingHint(names: readonly string[], failedAt: number): string | undefined {
  let best: { len: number; hint: string } | undefined;
  for (const [path, hint] of SPELLINGS) {
    const segs = path.split('::');
    if (segs.length <= failedAt || segs.length > names.length) continue;
    if (!segs.every((s, i) => s === names[i])) continue;
    if (!best || segs.length > best.len) best = { len: segs.length, hint };
  }
  return best?.hint;
}

// The Computer Language Benchmarks Game: binary-trees, the same single-threaded
// algorithm as binarytrees.gos: one Box per tree node from the system allocator
// (std only, so no arena). Usage: binarytrees DEPTH
struct Tree {
    left: Option<Box<Tree>>,
    right: Option<Box<Tree>>,
}

fn bottom_up(depth: i32) -> Box<Tree> {
    if depth > 0 {
        Box::new(Tree { left: Some(bottom_up(depth - 1)), right: Some(bottom_up(depth - 1)) })
    } else {
        Box::new(Tree { left: None, right: None })
    }
}

fn check(t: &Tree) -> i64 {
    match (&t.left, &t.right) {
        (Some(l), Some(r)) => 1 + check(l) + check(r),
        _ => 1,
    }
}

fn main() {
    let n: i32 = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(10);
    let min_depth = 4;
    let max_depth = if min_depth + 2 > n { min_depth + 2 } else { n };
    let stretch = max_depth + 1;
    println!("stretch tree of depth {}\t check: {}", stretch, check(&bottom_up(stretch)));
    let long_lived = bottom_up(max_depth);
    let mut d = min_depth;
    while d <= max_depth {
        let iterations = 1 << (max_depth - d + min_depth);
        let mut chk = 0;
        for _ in 0..iterations {
            chk += check(&bottom_up(d));
        }
        println!("{}\t trees of depth {}\t check: {}", iterations, d, chk);
        d += 2;
    }
    println!("long lived tree of depth {}\t check: {}", max_depth, check(&long_lived));
}

// The Computer Language Benchmarks Game: binary-trees, the same single-threaded
// algorithm as binarytrees.gos (one object per tree node, left to V8's GC).
// Usage: node binarytrees.js DEPTH
class Tree {
  constructor(left, right) {
    this.left = left;
    this.right = right;
  }
}

function bottomUp(depth) {
  return depth > 0 ? new Tree(bottomUp(depth - 1), bottomUp(depth - 1)) : new Tree(null, null);
}

function check(t) {
  return t.left !== null && t.right !== null ? 1 + check(t.left) + check(t.right) : 1;
}

const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 10;
const minDepth = 4;
const maxDepth = minDepth + 2 > n ? minDepth + 2 : n;
const stretch = maxDepth + 1;
console.log(`stretch tree of depth ${stretch}\t check: ${check(bottomUp(stretch))}`);
const longLived = bottomUp(maxDepth);
for (let d = minDepth; d <= maxDepth; d += 2) {
  const iterations = 1 << (maxDepth - d + minDepth);
  let chk = 0;
  for (let i = 0; i < iterations; i++) chk += check(bottomUp(d));
  console.log(`${iterations}\t trees of depth ${d}\t check: ${chk}`);
}
console.log(`long lived tree of depth ${maxDepth}\t check: ${check(longLived)}`);

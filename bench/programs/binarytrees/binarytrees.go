// The Computer Language Benchmarks Game: binary-trees, the same single-threaded
// algorithm as binarytrees.gos (one heap node per tree node, left to the GC).
// Usage: binarytrees DEPTH
package main

import (
	"fmt"
	"os"
	"strconv"
)

type Tree struct{ left, right *Tree }

func bottomUp(depth int) *Tree {
	if depth > 0 {
		return &Tree{bottomUp(depth - 1), bottomUp(depth - 1)}
	}
	return &Tree{}
}

func (t *Tree) check() int {
	if t.left != nil && t.right != nil {
		return 1 + t.left.check() + t.right.check()
	}
	return 1
}

func main() {
	n := 10
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	minDepth := 4
	maxDepth := n
	if minDepth+2 > n {
		maxDepth = minDepth + 2
	}
	stretch := maxDepth + 1
	fmt.Printf("stretch tree of depth %d\t check: %d\n", stretch, bottomUp(stretch).check())
	longLived := bottomUp(maxDepth)
	for d := minDepth; d <= maxDepth; d += 2 {
		iterations := 1 << uint(maxDepth-d+minDepth)
		chk := 0
		for i := 0; i < iterations; i++ {
			chk += bottomUp(d).check()
		}
		fmt.Printf("%d\t trees of depth %d\t check: %d\n", iterations, d, chk)
	}
	fmt.Printf("long lived tree of depth %d\t check: %d\n", maxDepth, longLived.check())
}

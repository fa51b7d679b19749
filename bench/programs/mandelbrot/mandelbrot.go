// The Computer Language Benchmarks Game: mandelbrot, the same single-threaded
// algorithm as mandelbrot.gos; binary PBM on stdout. Usage: mandelbrot N
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func main() {
	n := 200
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	const iter = 50
	const limit = 4.0
	bytes := make([]byte, 0, (n+7)/8*n)
	for y := 0; y < n; y++ {
		ci := 2.0*float64(y)/float64(n) - 1.0
		b, bit := 0, 0
		for x := 0; x < n; x++ {
			cr := 2.0*float64(x)/float64(n) - 1.5
			zr, zi, tr, ti := 0.0, 0.0, 0.0, 0.0
			i := 0
			for i < iter && tr+ti <= limit {
				zi = 2.0*zr*zi + ci
				zr = tr - ti + cr
				tr = zr * zr
				ti = zi * zi
				i++
			}
			b <<= 1
			if tr+ti <= limit {
				b |= 1
			}
			bit++
			if bit == 8 {
				bytes = append(bytes, byte(b))
				b, bit = 0, 0
			}
		}
		if bit > 0 {
			b <<= 8 - bit
			bytes = append(bytes, byte(b))
		}
	}
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "P4\n%d %d\n", n, n)
	out.Write(bytes)
	out.Flush()
}

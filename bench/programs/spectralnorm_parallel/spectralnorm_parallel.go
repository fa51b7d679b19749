// spectral-norm with each matrix-vector product split across goroutines by rows.
// Usage: spectralnorm_parallel N [PARTS] (default 100, PARTS 8).
package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
)

func a(i, j int) float64 { return 1.0 / float64((i+j)*(i+j+1)/2+i+1) }

func mulAvRows(v, out []float64, lo, hi int) {
	for i := lo; i < hi; i++ {
		s := 0.0
		for j := range v {
			s += a(i, j) * v[j]
		}
		out[i] = s
	}
}

func mulAtvRows(v, out []float64, lo, hi int) {
	for i := lo; i < hi; i++ {
		s := 0.0
		for j := range v {
			s += a(j, i) * v[j]
		}
		out[i] = s
	}
}

func parallel(n, parts int, transpose bool, v, out []float64) {
	var wg sync.WaitGroup
	for k := 0; k < parts; k++ {
		lo, hi := n*k/parts, n*(k+1)/parts
		wg.Add(1)
		go func() {
			if transpose {
				mulAtvRows(v, out, lo, hi)
			} else {
				mulAvRows(v, out, lo, hi)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

func main() {
	n, parts := 100, 8
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) > 2 {
		parts, _ = strconv.Atoi(os.Args[2])
	}
	u, v, tmp := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	for i := 0; i < 10; i++ {
		parallel(n, parts, false, u, tmp)
		parallel(n, parts, true, tmp, v)
		parallel(n, parts, false, v, tmp)
		parallel(n, parts, true, tmp, u)
	}
	vbv, vv := 0.0, 0.0
	for i := range v {
		vbv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	fmt.Printf("%.9f\n", math.Sqrt(vbv/vv))
}

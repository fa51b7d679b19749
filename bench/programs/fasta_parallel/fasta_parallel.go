// The Computer Language Benchmarks Game: fasta, parallel. Output identical to fasta.go.
// The two random sections are cut into chunks of CHUNK lines; for each chunk, one
// goroutine per core fills its share of the lines into one shared buffer, starting
// from the generator's state at its first character (computed by jumping the linear
// congruential generator ahead, so no goroutine waits for another), then main writes
// the chunk. The short repeated section is written by main alone.
// Usage: fasta_parallel N
package main

import (
	"os"
	"runtime"
	"strconv"
	"sync"
)

const (
	IM    = 139968
	IA    = 3877
	IC    = 29573
	LINE  = 60
	CHUNK = 16384 // lines per chunk: about 1 MB of output
)

const alu = "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG" +
	"GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA" +
	"CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT" +
	"ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA" +
	"GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG" +
	"AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC" +
	"AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// jump returns the generator's state k steps after s: x -> IA*x + IC (mod IM) composed
// with itself k times, by repeated squaring.
func jump(s, k int) int {
	a, c := IA, IC
	ra, rc := 1, 0
	for k > 0 {
		if k&1 == 1 {
			ra, rc = ra*a%IM, (rc*a+c)%IM
		}
		a, c = a*a%IM, (a*c+c)%IM
		k >>= 1
	}
	return (ra*s + rc) % IM
}

func repeatFasta(buf []byte, header string, src string, n int) {
	pos := copy(buf, header)
	buf[pos] = '\n'
	pos++
	p := 0
	for left := n; left > 0; left -= LINE {
		count := min(left, LINE)
		if pos+count+1 > len(buf) {
			os.Stdout.Write(buf[:pos])
			pos = 0
		}
		for i := 0; i < count; i++ {
			buf[pos] = src[p]
			pos++
			p++
			if p == len(src) {
				p = 0
			}
		}
		buf[pos] = '\n'
		pos++
	}
	os.Stdout.Write(buf[:pos])
}

// fill writes lines [a, b) of a section of n characters into dst, the generator being
// at state s before the first character of line a.
func fill(dst []byte, s int, a, b, n int, cum []float64, sym string) {
	last := len(cum) - 1
	p := 0
	for line := a; line < b; line++ {
		count := min(LINE, n-line*LINE)
		for i := 0; i < count; i++ {
			s = (s*IA + IC) % IM
			r := float64(s) / float64(IM)
			k := 0
			for k < last && r >= cum[k] {
				k++
			}
			dst[p] = sym[k]
			p++
		}
		dst[p] = '\n'
		p++
	}
}

func randomFasta(buf []byte, seed int, header string, sym string, probs []float64, n int) int {
	os.Stdout.Write([]byte(header + "\n"))
	cum := make([]float64, len(probs))
	acc := 0.0
	for i, p := range probs {
		acc += p
		cum[i] = acc
	}
	workers := runtime.NumCPU()
	lines := (n + LINE - 1) / LINE
	for first := 0; first < lines; first += CHUNK {
		end := min(lines, first+CHUNK)
		per := (end - first + workers - 1) / workers
		var wg sync.WaitGroup
		for a := first; a < end; a += per {
			b := min(end, a+per)
			wg.Add(1)
			go func(a, b int) {
				fill(buf[(a-first)*(LINE+1):], jump(seed, a*LINE), a, b, n, cum, sym)
				wg.Done()
			}(a, b)
		}
		wg.Wait()
		size := (end-first-1)*(LINE+1) + min(n, end*LINE) - (end-1)*LINE + 1
		os.Stdout.Write(buf[:size])
	}
	return jump(seed, n)
}

func main() {
	n := 1000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	buf := make([]byte, CHUNK*(LINE+1))
	repeatFasta(buf, ">ONE Homo sapiens alu", alu, 2*n)
	seed := 42
	seed = randomFasta(buf, seed, ">TWO IUB ambiguity codes", "acgtBDHKMNRSVWY",
		[]float64{0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02}, 3*n)
	randomFasta(buf, seed, ">THREE Homo sapiens frequency", "acgt",
		[]float64{0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008}, 5*n)
}

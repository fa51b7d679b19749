// The Computer Language Benchmarks Game: fasta, single goroutine. The same algorithm
// as fasta.gos: the published linear congruential generator, a linear search of the
// cumulative probabilities, 60-column lines gathered in a 64 KiB output buffer.
// Usage: fasta N
package main

import (
	"os"
	"strconv"
)

const (
	IM      = 139968
	IA      = 3877
	IC      = 29573
	LINE    = 60
	OUTSIZE = 65536
)

const alu = "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG" +
	"GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA" +
	"CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT" +
	"ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA" +
	"GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG" +
	"AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC" +
	"AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

type Out struct {
	buf []byte
	pos int
}

func (o *Out) flush() {
	os.Stdout.Write(o.buf[:o.pos])
	o.pos = 0
}

func (o *Out) room(n int) {
	if o.pos+n > len(o.buf) {
		o.flush()
	}
}

func (o *Out) header(s string) {
	o.room(len(s) + 1)
	o.pos += copy(o.buf[o.pos:], s)
	o.buf[o.pos] = '\n'
	o.pos++
}

func repeatFasta(out *Out, header string, src string, n int) {
	out.header(header)
	pos := 0
	for left := n; left > 0; left -= LINE {
		count := LINE
		if left < LINE {
			count = left
		}
		out.room(count + 1)
		for i := 0; i < count; i++ {
			out.buf[out.pos] = src[pos]
			out.pos++
			pos++
			if pos == len(src) {
				pos = 0
			}
		}
		out.buf[out.pos] = '\n'
		out.pos++
	}
}

var seed = 42

func randomFasta(out *Out, header string, symbols string, probs []float64, n int) {
	out.header(header)
	cum := make([]float64, len(probs))
	acc := 0.0
	for i, p := range probs {
		acc += p
		cum[i] = acc
	}
	last := len(cum) - 1
	for left := n; left > 0; left -= LINE {
		count := LINE
		if left < LINE {
			count = left
		}
		out.room(count + 1)
		for i := 0; i < count; i++ {
			seed = (seed*IA + IC) % IM
			r := float64(seed) / float64(IM)
			k := 0
			for k < last && r >= cum[k] {
				k++
			}
			out.buf[out.pos] = symbols[k]
			out.pos++
		}
		out.buf[out.pos] = '\n'
		out.pos++
	}
}

func main() {
	n := 1000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	out := &Out{buf: make([]byte, OUTSIZE)}
	repeatFasta(out, ">ONE Homo sapiens alu", alu, 2*n)
	randomFasta(out, ">TWO IUB ambiguity codes", "acgtBDHKMNRSVWY",
		[]float64{0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02}, 3*n)
	randomFasta(out, ">THREE Homo sapiens frequency", "acgt",
		[]float64{0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008}, 5*n)
	out.flush()
}

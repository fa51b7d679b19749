// The Computer Language Benchmarks Game: fasta, single thread. The same algorithm as
// fasta.gos: the published linear congruential generator, a linear search of the
// cumulative probabilities, 60-column lines gathered in a 64 KiB output buffer.
// std only. Usage: fasta N
use std::io::Write;

const IM: i64 = 139968;
const IA: i64 = 3877;
const IC: i64 = 29573;
const LINE: usize = 60;
const OUTSIZE: usize = 65536;

const ALU: &[u8] = b"GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG\
GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA\
CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT\
ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA\
GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG\
AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC\
AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

struct Out {
    buf: Vec<u8>,
    pos: usize,
    stdout: std::io::Stdout,
}

impl Out {
    fn flush(&mut self) {
        self.stdout.lock().write_all(&self.buf[..self.pos]).unwrap();
        self.pos = 0;
    }
    fn room(&mut self, n: usize) {
        if self.pos + n > self.buf.len() {
            self.flush();
        }
    }
    fn header(&mut self, s: &str) {
        self.room(s.len() + 1);
        self.buf[self.pos..self.pos + s.len()].copy_from_slice(s.as_bytes());
        self.pos += s.len();
        self.buf[self.pos] = b'\n';
        self.pos += 1;
    }
}

fn repeat_fasta(out: &mut Out, header: &str, src: &[u8], n: usize) {
    out.header(header);
    let mut pos = 0;
    let mut left = n;
    while left > 0 {
        let count = if left < LINE { left } else { LINE };
        out.room(count + 1);
        for _ in 0..count {
            out.buf[out.pos] = src[pos];
            out.pos += 1;
            pos += 1;
            if pos == src.len() {
                pos = 0;
            }
        }
        out.buf[out.pos] = b'\n';
        out.pos += 1;
        left -= count;
    }
}

fn random_fasta(out: &mut Out, seed: &mut i64, header: &str, symbols: &[u8], probs: &[f64], n: usize) {
    out.header(header);
    let mut cum = Vec::with_capacity(probs.len());
    let mut acc = 0.0;
    for p in probs {
        acc += p;
        cum.push(acc);
    }
    let last = cum.len() - 1;
    let mut left = n;
    while left > 0 {
        let count = if left < LINE { left } else { LINE };
        out.room(count + 1);
        for _ in 0..count {
            *seed = (*seed * IA + IC) % IM;
            let r = *seed as f64 / IM as f64;
            let mut k = 0;
            while k < last && r >= cum[k] {
                k += 1;
            }
            out.buf[out.pos] = symbols[k];
            out.pos += 1;
        }
        out.buf[out.pos] = b'\n';
        out.pos += 1;
        left -= count;
    }
}

fn main() {
    let n: usize = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(1000);
    let mut out = Out { buf: vec![0; OUTSIZE], pos: 0, stdout: std::io::stdout() };
    let mut seed = 42;
    repeat_fasta(&mut out, ">ONE Homo sapiens alu", ALU, 2 * n);
    random_fasta(&mut out, &mut seed, ">TWO IUB ambiguity codes", b"acgtBDHKMNRSVWY",
        &[0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02], 3 * n);
    random_fasta(&mut out, &mut seed, ">THREE Homo sapiens frequency", b"acgt",
        &[0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008], 5 * n);
    out.flush();
}

// The Computer Language Benchmarks Game: fasta, parallel. Output identical to fasta.rs.
// The two random sections are cut into chunks of CHUNK lines; for each chunk, one
// scoped thread per core fills its share of the lines into one shared buffer (disjoint
// slices), starting from the generator's state at its first character (computed by
// jumping the linear congruential generator ahead), then main writes the chunk. The
// short repeated section is written by main alone. std only. Usage: fasta_parallel N
use std::io::Write;

const IM: i64 = 139968;
const IA: i64 = 3877;
const IC: i64 = 29573;
const LINE: usize = 60;
const CHUNK: usize = 16384; // lines per chunk: about 1 MB of output

const ALU: &[u8] = b"GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG\
GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA\
CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT\
ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA\
GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG\
AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC\
AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

/// The generator's state k steps after s: x -> IA*x + IC (mod IM) composed with itself
/// k times, by repeated squaring.
fn jump(s: i64, mut k: usize) -> i64 {
    let (mut a, mut c) = (IA, IC);
    let (mut ra, mut rc) = (1, 0);
    while k > 0 {
        if k & 1 == 1 {
            ra = ra * a % IM;
            rc = (rc * a + c) % IM;
        }
        c = (a * c + c) % IM;
        a = a * a % IM;
        k >>= 1;
    }
    (ra * s + rc) % IM
}

fn write(b: &[u8]) {
    std::io::stdout().lock().write_all(b).unwrap();
}

fn repeat_fasta(buf: &mut [u8], header: &str, src: &[u8], n: usize) {
    buf[..header.len()].copy_from_slice(header.as_bytes());
    let mut pos = header.len();
    buf[pos] = b'\n';
    pos += 1;
    let mut p = 0;
    let mut left = n;
    while left > 0 {
        let count = left.min(LINE);
        if pos + count + 1 > buf.len() {
            write(&buf[..pos]);
            pos = 0;
        }
        for _ in 0..count {
            buf[pos] = src[p];
            pos += 1;
            p += 1;
            if p == src.len() {
                p = 0;
            }
        }
        buf[pos] = b'\n';
        pos += 1;
        left -= count;
    }
    write(&buf[..pos]);
}

/// Writes lines [a, b) of a section of n characters into dst, the generator being at
/// state s before the first character of line a.
fn fill(dst: &mut [u8], mut s: i64, a: usize, b: usize, n: usize, cum: &[f64], sym: &[u8]) {
    let last = cum.len() - 1;
    let mut p = 0;
    for line in a..b {
        let count = LINE.min(n - line * LINE);
        for _ in 0..count {
            s = (s * IA + IC) % IM;
            let r = s as f64 / IM as f64;
            let mut k = 0;
            while k < last && r >= cum[k] {
                k += 1;
            }
            dst[p] = sym[k];
            p += 1;
        }
        dst[p] = b'\n';
        p += 1;
    }
}

fn random_fasta(buf: &mut [u8], seed: i64, header: &str, sym: &[u8], probs: &[f64], n: usize) -> i64 {
    write(format!("{}\n", header).as_bytes());
    let mut cum = Vec::with_capacity(probs.len());
    let mut acc = 0.0;
    for p in probs {
        acc += p;
        cum.push(acc);
    }
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let lines = (n + LINE - 1) / LINE;
    let mut first = 0;
    while first < lines {
        let end = lines.min(first + CHUNK);
        let per = (end - first + workers - 1) / workers;
        let cum = &cum;
        std::thread::scope(|scope| {
            for (w, dst) in buf[..(end - first) * (LINE + 1)].chunks_mut(per * (LINE + 1)).enumerate() {
                let a = first + w * per;
                let b = end.min(a + per);
                scope.spawn(move || fill(dst, jump(seed, a * LINE), a, b, n, cum, sym));
            }
        });
        let size = (end - first - 1) * (LINE + 1) + n.min(end * LINE) - (end - 1) * LINE + 1;
        write(&buf[..size]);
        first = end;
    }
    jump(seed, n)
}

fn main() {
    let n: usize = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(1000);
    let mut buf = vec![0u8; CHUNK * (LINE + 1)];
    repeat_fasta(&mut buf, ">ONE Homo sapiens alu", ALU, 2 * n);
    let seed = random_fasta(&mut buf, 42, ">TWO IUB ambiguity codes", b"acgtBDHKMNRSVWY",
        &[0.27, 0.12, 0.12, 0.27, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02], 3 * n);
    random_fasta(&mut buf, seed, ">THREE Homo sapiens frequency", b"acgt",
        &[0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008], 5 * n);
}

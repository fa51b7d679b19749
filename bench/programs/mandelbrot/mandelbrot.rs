// The Computer Language Benchmarks Game: mandelbrot, the same single-threaded
// algorithm as mandelbrot.gos; binary PBM on stdout. std only. Usage: mandelbrot N
use std::io::Write;

fn main() {
    let n: usize = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(200);
    let iter = 50;
    let limit = 4.0;
    let mut bytes: Vec<u8> = Vec::with_capacity((n + 7) / 8 * n);
    for y in 0..n {
        let ci = 2.0 * (y as f64) / (n as f64) - 1.0;
        let mut byte: u32 = 0;
        let mut bit = 0;
        for x in 0..n {
            let cr = 2.0 * (x as f64) / (n as f64) - 1.5;
            let (mut zr, mut zi, mut tr, mut ti) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
            let mut i = 0;
            while i < iter && tr + ti <= limit {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
                i += 1;
            }
            byte <<= 1;
            if tr + ti <= limit {
                byte |= 1;
            }
            bit += 1;
            if bit == 8 {
                bytes.push(byte as u8);
                byte = 0;
                bit = 0;
            }
        }
        if bit > 0 {
            byte <<= 8 - bit;
            bytes.push(byte as u8);
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write!(out, "P4\n{} {}\n", n, n).unwrap();
    out.write_all(&bytes).unwrap();
    out.flush().unwrap();
}

// The GC pause benchmark from Pusher's "Golang's real-time GC in theory and practice"
// (2017): a ring of 200,000 messages, each push a fresh 1,024-byte buffer filled with
// the message number, replacing the oldest (which is freed at once: Rust has no
// collector, so the worst push is the allocator's worst case). The program times every
// push itself and reports the worst. std only. Usage: gcpause PUSHES
use std::time::{Duration, Instant};

const WINDOW: usize = 200000;
const MSG_SIZE: usize = 1024;

fn make_message(n: usize) -> Vec<u8> {
    vec![n as u8; MSG_SIZE]
}

fn push_msg(b: &mut [Vec<u8>], high_id: usize, worst: &mut Duration) {
    let start = Instant::now();
    let m = make_message(high_id);
    b[high_id % WINDOW] = m;
    let elapsed = start.elapsed();
    if elapsed > *worst {
        *worst = elapsed;
    }
}

fn main() {
    let n: usize = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(1000000);
    let mut b: Vec<Vec<u8>> = vec![Vec::new(); WINDOW];
    let mut worst = Duration::ZERO;
    let start = Instant::now();
    for i in 0..n {
        push_msg(&mut b, i, &mut worst);
    }
    let total = start.elapsed();
    let mut checksum = 0;
    for m in &b {
        if !m.is_empty() {
            checksum += m[0] as usize + m[MSG_SIZE - 1] as usize;
        }
    }
    println!("ring {} messages of {} bytes, {} pushes, checksum {}", WINDOW, MSG_SIZE, n, checksum);
    println!("worst push: {:.3} ms", worst.as_nanos() as f64 / 1e6);
    println!("total: {:.1} ms", total.as_nanos() as f64 / 1e6);
}

// Goroutine costs, measured for what std-only Rust offers instead: OS threads and
// std::sync::mpsc channels.
//   spawn       min(N, 10,000) threads (a machine's pid_max is often 32,768, so 100,000
//               threads cannot exist) that each block on one gate: ns per spawn (until
//               all have started) and resident memory per parked thread (VmRSS from
//               /proc/self/status, before and after; default 2 MiB stacks, of which only
//               touched pages count)
//   ping-pong   N round trips over two rendezvous channels (sync_channel(0)): ns per
//               hand-off
//   buffered    10 N items through sync_channel(128), one producer, one consumer:
//               ns per item
// Usage: goroutines N
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Instant;

const MAX_THREADS: usize = 10000;

fn rss_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for line in status.lines() {
        if line.starts_with("VmRSS:") {
            let kb: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
            return kb * 1024;
        }
    }
    0
}

fn spawn(n: usize) {
    let n = n.min(MAX_THREADS);
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let (started_tx, started_rx) = channel::<()>();
    let before = rss_bytes();
    let t = Instant::now();
    let mut handles = Vec::with_capacity(n);
    for _ in 0..n {
        let gate = gate.clone();
        let started = started_tx.clone();
        handles.push(thread::spawn(move || {
            started.send(()).unwrap();
            let (lock, cv) = &*gate;
            let mut open = lock.lock().unwrap();
            while !*open {
                open = cv.wait(open).unwrap();
            }
        }));
    }
    for _ in 0..n {
        started_rx.recv().unwrap();
    }
    let ns = t.elapsed().as_nanos() as f64;
    let after = rss_bytes();
    {
        let (lock, cv) = &*gate;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("spawned, parked and released all");
    println!("spawned: {} threads", n);
    println!("spawn: {:.1} ns", ns / n as f64);
    println!("parked rss: {} bytes", after.saturating_sub(before) / n);
}

fn ping_pong(rounds: usize) {
    let (ping_tx, ping_rx) = sync_channel::<usize>(0);
    let (pong_tx, pong_rx) = sync_channel::<usize>(0);
    let echo = thread::spawn(move || {
        for v in ping_rx {
            pong_tx.send(v + 1).unwrap();
        }
    });
    let t = Instant::now();
    let mut sum = 0;
    for i in 0..rounds {
        ping_tx.send(i).unwrap();
        sum += pong_rx.recv().unwrap();
    }
    let ns = t.elapsed().as_nanos() as f64;
    drop(ping_tx);
    echo.join().unwrap();
    println!("ping-pong {} round trips, sum {}", rounds, sum);
    println!("ping-pong: {:.1} ns", ns / (2 * rounds) as f64);
}

fn buffered(items: usize) {
    let (tx, rx) = sync_channel::<usize>(128);
    let consumer = thread::spawn(move || {
        let mut s = 0;
        for v in rx {
            s += v;
        }
        s
    });
    let t = Instant::now();
    for i in 0..items {
        tx.send(i).unwrap();
    }
    drop(tx);
    let sum = consumer.join().unwrap();
    let ns = t.elapsed().as_nanos() as f64;
    println!("buffered {} items, sum {}", items, sum);
    println!("buffered: {:.1} ns", ns / items as f64);
}

fn main() {
    let n: usize = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(100000);
    spawn(n);
    ping_pong(n);
    buffered(10 * n);
}

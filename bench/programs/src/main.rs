//! The native baseline: `native NAME ITERATIONS [WARMUP]` runs the benchmark NAME the way
//! the wasm drivers do (a warm-up call `run(WARMUP)`, default 1, a pause, then the timed
//! call `run(ITERATIONS)`) and prints one JSON line with the timings and the checksum.

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: native NAME ITERATIONS [WARMUP]");
        std::process::exit(2);
    }
    let Some(&(_, run)) = awe_bench_programs::ALL.iter().find(|(n, _)| *n == args[1]) else {
        eprintln!("no benchmark {:?}", args[1]);
        std::process::exit(2);
    };
    let iterations: i32 = args[2].parse().expect("ITERATIONS: an integer");
    let warmup: i32 = args
        .get(3)
        .map_or(1, |w| w.parse().expect("WARMUP: an integer"));
    let t = Instant::now();
    let w = std::hint::black_box(run)(std::hint::black_box(warmup));
    let first = t.elapsed();
    std::hint::black_box(w);
    std::thread::sleep(Duration::from_millis(50));
    let t = Instant::now();
    let result = std::hint::black_box(run)(std::hint::black_box(iterations));
    let elapsed = t.elapsed();
    println!(
        "{{\"compile\": 0.0, \"instantiate\": 0.0, \"first_call\": {}, \"run\": {}, \"result\": \"{}\"}}",
        first.as_secs_f64(),
        elapsed.as_secs_f64(),
        result
    );
}

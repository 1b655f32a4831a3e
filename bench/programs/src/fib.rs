//! Recursive Fibonacci: call-heavy (about 240,000 calls per iteration).

fn fib(n: u32) -> u32 {
    if n < 2 {
        n
    } else {
        fib(n - 1).wrapping_add(fib(n - 2))
    }
}

/// `iterations` times `fib(24..=26)`, the argument chosen by the sum so far.
pub fn run(iterations: i32) -> i32 {
    let mut acc = 0u32;
    for _ in 0..iterations {
        acc = acc.wrapping_add(fib(24 + acc % 3));
    }
    acc as i32
}

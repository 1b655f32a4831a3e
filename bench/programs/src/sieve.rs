//! Sieve of Eratosthenes over a million bytes: tight loops of byte loads and stores.

const LIMIT: usize = 1 << 20;

/// `iterations` sieves, each with a slightly different limit; the sum of the prime counts.
pub fn run(iterations: i32) -> i32 {
    let mut flags = vec![0u8; LIMIT + 1];
    let mut total = 0u32;
    for it in 0..iterations as usize {
        let limit = LIMIT - (it + total as usize) % 64;
        let flags = &mut flags[..=limit];
        flags.fill(1);
        flags[0] = 0;
        flags[1] = 0;
        let mut i = 2;
        while i * i <= limit {
            if flags[i] != 0 {
                let mut j = i * i;
                while j <= limit {
                    flags[j] = 0;
                    j += i;
                }
            }
            i += 1;
        }
        let mut count = 0u32;
        for &f in flags.iter() {
            count += f as u32;
        }
        total = total.wrapping_add(count);
    }
    total as i32
}

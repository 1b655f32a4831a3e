//! Sorting a million pseudo-random `u32`s (4 MB): memory traffic and compares.

const LEN: usize = 1 << 20;

/// `iterations` times: fill with xorshift numbers (seeded by the iteration and the
/// checksum so far), sort; a checksum of samples of the sorted array, or -1 if it is not
/// sorted.
pub fn run(iterations: i32) -> i32 {
    let mut v = vec![0u32; LEN];
    let mut sum = 0u32;
    for it in 0..iterations as u32 {
        let mut x = 0x9e3779b9u32 ^ it.wrapping_mul(0x85eb_ca6b) ^ sum;
        if x == 0 {
            x = 1;
        }
        for e in v.iter_mut() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *e = x;
        }
        v.sort_unstable();
        if v.windows(2).any(|w| w[0] > w[1]) {
            return -1;
        }
        for i in (0..LEN).step_by(997) {
            sum = sum.wrapping_add(v[i].wrapping_mul(i as u32 + 1));
        }
    }
    sum as i32
}

//! A memchr2-like scan of 1 MiB of pseudo-random bytes: every 16-byte block compared with
//! two splatted needles (`i8x16_eq`, `v128_or`), blocks without a match skipped
//! (`v128_any_true`), the matches' positions read from the block's `i8x16_bitmask` with
//! `trailing_zeros`. SIMD in the wasm32 build (`+simd128`); the same bitmask computed
//! byte by byte otherwise.

const LEN: usize = 1 << 20;

/// `iterations` scans, each for two needles picked from the previous scan's result; a
/// checksum of the matches' counts and positions.
pub fn run(iterations: i32) -> i32 {
    let mut buf = vec![0u8; LEN];
    let mut s = 0x2545_f491u32;
    for b in buf.iter_mut() {
        s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *b = (s >> 24) as u8;
    }
    let (mut n1, mut n2) = (b'e', b'\n');
    let mut h = 0u32;
    for _ in 0..iterations {
        let (count, hash) = scan(&buf, n1, n2);
        h = h.rotate_left(7) ^ hash ^ count;
        n1 = buf[hash as usize % LEN];
        n2 = buf[(hash >> 12) as usize % LEN].wrapping_add(1);
    }
    h as i32
}

/// Folds one match at `pos` into the running count and hash.
#[inline(always)]
fn hit(pos: usize, count: &mut u32, hash: &mut u32) {
    *count += 1;
    *hash = (*hash ^ pos as u32).wrapping_mul(0x9e37_79b1);
}

/// The number of bytes of `buf` equal to `n1` or `n2` and a hash of their positions, in
/// order (`buf.len()` a multiple of 16).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn scan(buf: &[u8], n1: u8, n2: u8) -> (u32, u32) {
    use crate::v128io::load_u8;
    use core::arch::wasm32::*;
    let (v1, v2) = (u8x16_splat(n1), u8x16_splat(n2));
    let (mut count, mut hash) = (0, 0);
    for (k, block) in buf.chunks_exact(16).enumerate() {
        let v = load_u8(block);
        let eq = v128_or(i8x16_eq(v, v1), i8x16_eq(v, v2));
        if !v128_any_true(eq) {
            continue;
        }
        let mut bits = u32::from(i8x16_bitmask(eq));
        while bits != 0 {
            hit(
                16 * k + bits.trailing_zeros() as usize,
                &mut count,
                &mut hash,
            );
            bits &= bits - 1;
        }
    }
    (count, hash)
}

/// The number of bytes of `buf` equal to `n1` or `n2` and a hash of their positions, in
/// order (`buf.len()` a multiple of 16).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn scan(buf: &[u8], n1: u8, n2: u8) -> (u32, u32) {
    let (mut count, mut hash) = (0, 0);
    for (k, block) in buf.chunks_exact(16).enumerate() {
        let mut bits = 0u32;
        for (i, &b) in block.iter().enumerate() {
            bits |= u32::from(b == n1 || b == n2) << i;
        }
        while bits != 0 {
            hit(
                16 * k + bits.trailing_zeros() as usize,
                &mut count,
                &mut hash,
            );
            bits &= bits - 1;
        }
    }
    (count, hash)
}

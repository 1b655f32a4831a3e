//! 16-byte loads and stores of `v128` values from slices, for the SIMD kernels' wasm32
//! builds (`+simd128`): `v128_load` and `v128_store` (one `v128.load` or `v128.store`)
//! behind a slice's bounds check, so that the kernels stay safe code.
//!
//! Why not build the vector from the slice's lanes (`u8x16(s[0], ..., s[15])`), which needs
//! no `unsafe`: LLVM folds that into one `v128.load` only when every lane is used
//! together; when the vector feeds lane-picking operations (`extend_low`/`extend_high`,
//! shuffles) it splits it into byte loads and `replace_lane`s (66 of them in `blur`).

use core::arch::wasm32::*;

/// The 16 bytes of `s` from its start (panics if it is shorter).
#[inline(always)]
pub fn load_u8(s: &[u8]) -> v128 {
    let s: &[u8; 16] = s[..16].try_into().unwrap();
    // SAFETY: `s` is 16 readable bytes; `v128_load` reads them unaligned.
    unsafe { v128_load(s.as_ptr().cast()) }
}

/// Writes the 16 bytes of `v` at the start of `d` (panics if it is shorter).
#[inline(always)]
pub fn store_u8(d: &mut [u8], v: v128) {
    let d: &mut [u8; 16] = (&mut d[..16]).try_into().unwrap();
    // SAFETY: `d` is 16 writable bytes, borrowed exclusively; `v128_store` writes them
    // unaligned.
    unsafe { v128_store(d.as_mut_ptr().cast(), v) }
}

/// The 4 floats of `s` from its start (panics if it is shorter).
#[inline(always)]
pub fn load_f32(s: &[f32]) -> v128 {
    let s: &[f32; 4] = s[..4].try_into().unwrap();
    // SAFETY: `s` is 16 readable bytes; `v128_load` reads them unaligned.
    unsafe { v128_load(s.as_ptr().cast()) }
}

/// Writes the 4 floats of `v` at the start of `d` (panics if it is shorter).
#[inline(always)]
pub fn store_f32(d: &mut [f32], v: v128) {
    let d: &mut [f32; 4] = (&mut d[..4]).try_into().unwrap();
    // SAFETY: `d` is 16 writable bytes, borrowed exclusively; `v128_store` writes them
    // unaligned.
    unsafe { v128_store(d.as_mut_ptr().cast(), v) }
}

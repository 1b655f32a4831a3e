//! The vector instructions ([spec §4.3](https://webassembly.github.io/spec/core/exec/numerics.html),
//! §4.4.3 "Vector instructions"), bit-exact, and relaxed SIMD with one deterministic choice each.
//!
//! One function per instruction, named by the function-name column of its row in the
//! instruction table (`i8x16.add` is `i8x16_add`), with the operand types of its class:
//!
//! | class | signature |
//! | --- | --- |
//! | `unop(V128)` | `fn(V128) -> V128` |
//! | `binop(V128)` | `fn(V128, V128) -> V128` |
//! | `ternop(V128)` | `fn(V128, V128, V128) -> V128` (operands in stack order) |
//! | `testop(V128)` | `fn(V128) -> i32` (`any_true`, `all_true`, `bitmask`) |
//! | `cvtop(T, V128)` | `fn(T) -> V128` (the splats; `T` is `i32`, `i64`, `f32` or `f64`) |
//! | `extract(T, n)` | `fn(V128, u8) -> T` (the lane index is below `n`: validated) |
//! | `replace(T, n)` | `fn(V128, T, u8) -> V128` |
//! | `vshift` | `fn(V128, i32) -> V128` (the count is taken modulo the lane width) |
//! | `shuffle` | `fn(V128, V128, V128) -> V128` (the third is the 16 lane selectors, each below 32) |
//!
//! A [`V128`] is its 16 bytes in memory order (lane 0 first, each lane little-endian):
//! an array of bytes, not a `u128`, because the compiler keeps a `u128` in two general
//! registers and takes it apart with shifts, where it turns code on arrays of lanes into
//! the host's vector instructions (baseline x86-64 has SSE2, aarch64 NEON): `i16x8.add_sat_s`
//! is one `paddsw`. The lane helpers below turn it into arrays of lanes and back.
//!
//! NaNs follow `crate::num`'s rules (see there): lane-wise float operations use the
//! scalar functions of `crate::num` where the semantics are the same, so that scalar and
//! vector code agree (up to which NaN payload an operation with several NaN operands
//! keeps, which the spec leaves open).
//!
//! Relaxed SIMD (WebAssembly 3.0) lets each relaxed instruction choose among several
//! results; awe always makes the choice of the spec's deterministic profile (WebAssembly
//! 3.0 §4.3.6: "every parameter is prescribed to be 0", the first listed outcome), on
//! every host and in every tier. (wasmtime's `relaxed_simd_deterministic` differs for
//! `relaxed_madd`, which it fuses, and `relaxed_dot`'s saturation.)

/// A `v128`: its 16 bytes, lane 0 first, each lane little-endian (as in memory). (These
/// lane helpers, written with `copy_from_slice` on whole lanes, compile to single vector
/// loads and stores; a byte-by-byte loop does not for 32- and 64-bit lanes.)
pub type V128 = [u8; 16];

/// The `v128` whose bits are `x` (lane 0 in the least significant bits).
#[inline(always)]
pub fn v128_from_u128(x: u128) -> V128 {
    x.to_le_bytes()
}

/// The bits of `v` as a `u128` (lane 0 in the least significant bits).
#[inline(always)]
pub fn v128_to_u128(v: V128) -> u128 {
    u128::from_le_bytes(v)
}

mod float;
mod int;
pub use float::*;
pub use int::*;

macro_rules! lane_helpers {
    ($( $to:ident $from:ident $t:ty, $n:literal; )*) => {
        $(
            #[doc = concat!("The lanes of `v` as `", stringify!($t), "`s, lane 0 first.")]
            #[inline(always)]
            pub(crate) fn $to(v: V128) -> [$t; $n] {
                const W: usize = 16 / $n;
                std::array::from_fn(|i| {
                    let mut x = [0u8; W];
                    x.copy_from_slice(&v[i * W..(i + 1) * W]);
                    <$t>::from_le_bytes(x)
                })
            }

            #[doc = concat!("The `v128` of `", stringify!($t), "` lanes `l`, lane 0 first.")]
            #[inline(always)]
            pub(crate) fn $from(l: [$t; $n]) -> V128 {
                const W: usize = 16 / $n;
                let mut b = [0u8; 16];
                for (c, x) in b.chunks_exact_mut(W).zip(l) {
                    c.copy_from_slice(&x.to_le_bytes());
                }
                b
            }
        )*
    };
}

lane_helpers! {
    i8_lanes from_i8_lanes i8, 16;
    u8_lanes from_u8_lanes u8, 16;
    i16_lanes from_i16_lanes i16, 8;
    u16_lanes from_u16_lanes u16, 8;
    i32_lanes from_i32_lanes i32, 4;
    u32_lanes from_u32_lanes u32, 4;
    i64_lanes from_i64_lanes i64, 2;
    u64_lanes from_u64_lanes u64, 2;
    f32_lanes from_f32_lanes f32, 4;
    f64_lanes from_f64_lanes f64, 2;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_zero_is_the_low_bits() {
        let v = v128_from_u128(0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100u128);
        assert_eq!(u8_lanes(v)[0], 0);
        assert_eq!(u8_lanes(v)[15], 15);
        assert_eq!(u16_lanes(v)[1], 0x0302);
        assert_eq!(i64_lanes(v)[1], 0x0f0e_0d0c_0b0a_0908);
        assert_eq!(from_u32_lanes(u32_lanes(v)), v);
        assert_eq!(from_f64_lanes(f64_lanes(v)), v);
    }
}

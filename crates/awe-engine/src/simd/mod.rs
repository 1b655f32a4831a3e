//! The vector instructions ([spec §4.3](https://webassembly.github.io/spec/core/exec/numerics.html),
//! §4.4.3 "Vector instructions"), bit-exact, and relaxed SIMD with one deterministic choice each.
//!
//! One function per instruction, named by the function-name column of its row in the
//! instruction table (`i8x16.add` is `i8x16_add`), with the operand types of its class:
//!
//! | class | signature |
//! | --- | --- |
//! | `unop(V128)` | `fn(u128) -> u128` |
//! | `binop(V128)` | `fn(u128, u128) -> u128` |
//! | `ternop(V128)` | `fn(u128, u128, u128) -> u128` (operands in stack order) |
//! | `testop(V128)` | `fn(u128) -> i32` (`any_true`, `all_true`, `bitmask`) |
//! | `cvtop(T, V128)` | `fn(T) -> u128` (the splats; `T` is `i32`, `i64`, `f32` or `f64`) |
//! | `extract(T, n)` | `fn(u128, u8) -> T` (the lane index is below `n`: validated) |
//! | `replace(T, n)` | `fn(u128, T, u8) -> u128` |
//! | `vshift` | `fn(u128, i32) -> u128` (the count is taken modulo the lane width) |
//! | `shuffle` | `fn(u128, u128, u128) -> u128` (the third is the 16 lane selectors, each below 32) |
//!
//! A `v128` is a `u128` whose lane 0 is its least significant bits: byte `i` of
//! `to_le_bytes` is byte `i` in memory. The lane helpers below turn it into arrays of
//! lanes and back; code written on those arrays compiles to the host's vector
//! instructions where it pays (baseline x86-64 has SSE2; aarch64 has NEON).
//!
//! NaNs follow `crate::num`'s rules (see there): lane-wise float operations use the
//! scalar functions of `crate::num` where the semantics are the same, so that scalar and
//! vector code agree bit for bit.
//!
//! Relaxed SIMD (WebAssembly 3.0) lets each relaxed instruction choose among several
//! results; awe always makes the deterministic choice the spec names (as wasmtime's
//! `relaxed_simd_deterministic`), on every host and in every tier.

mod float;
pub use float::*;

macro_rules! lane_helpers {
    ($( $to:ident $from:ident $t:ty, $n:literal; )*) => {
        $(
            #[doc = concat!("The lanes of `v` as `", stringify!($t), "`s, lane 0 first.")]
            #[inline(always)]
            pub(crate) fn $to(v: u128) -> [$t; $n] {
                let b = v.to_le_bytes();
                std::array::from_fn(|i| {
                    const W: usize = 16 / $n;
                    let mut x = [0u8; W];
                    x.copy_from_slice(&b[i * W..(i + 1) * W]);
                    <$t>::from_le_bytes(x)
                })
            }

            #[doc = concat!("The `v128` of `", stringify!($t), "` lanes `l`, lane 0 first.")]
            #[inline(always)]
            pub(crate) fn $from(l: [$t; $n]) -> u128 {
                let mut b = [0u8; 16];
                for (i, x) in l.iter().enumerate() {
                    const W: usize = 16 / $n;
                    b[i * W..(i + 1) * W].copy_from_slice(&x.to_le_bytes());
                }
                u128::from_le_bytes(b)
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
        let v = 0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100u128;
        assert_eq!(u8_lanes(v)[0], 0);
        assert_eq!(u8_lanes(v)[15], 15);
        assert_eq!(u16_lanes(v)[1], 0x0302);
        assert_eq!(i64_lanes(v)[1], 0x0f0e_0d0c_0b0a_0908);
        assert_eq!(from_u32_lanes(u32_lanes(v)), v);
        assert_eq!(from_f64_lanes(f64_lanes(v)), v);
    }
}

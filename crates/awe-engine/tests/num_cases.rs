//! Edge cases of `awe_engine::num`: rounding, NaN payloads, truncation bounds, and that
//! every scalar row of the instruction table has its function (only division, remainder
//! and truncation trap).

use awe_engine::TrapCode::{IntegerDivideByZero, IntegerOverflow, InvalidConversionToInteger};
use awe_engine::num::*;

/// The functions of the scalar numeric rows of the instruction table, each called
/// with the operand types of its class, and whether it can trap.
macro_rules! trapping_rows {
    (
        unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
        binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
    ) => {
        vec![
            $( ($ut, Traps::traps(&$uf(<awe_module::scalar_operand_type!($ucl $uargs)>::default()))), )*
            $( ($bt, Traps::traps(&$bf(
                <awe_module::scalar_operand_type!($bcl $bargs)>::default(),
                <awe_module::scalar_operand_type!($bcl $bargs)>::default(),
            ))), )*
        ]
    };
}

/// Whether a numeric function's result type is a `Result` (it can trap).
trait Traps {
    fn traps(&self) -> bool;
}
impl<T> Traps for Result<T, awe_engine::TrapCode> {
    fn traps(&self) -> bool {
        true
    }
}
macro_rules! never_traps {
    ($($t:ty),*) => {$(
        impl Traps for $t {
            fn traps(&self) -> bool {
                false
            }
        }
    )*};
}
never_traps!(i32, i64, f32, f64);

#[test]
fn every_scalar_instruction_has_its_function_and_only_division_and_truncation_trap() {
    let rows = awe_module::for_each_scalar_instruction!(trapping_rows);
    assert_eq!(rows.len(), 136, "0x45..=0xc4 and 0xfc 0..=7");
    for (text, traps) in rows {
        // Integer division and remainder, and float-to-integer truncation (not `_sat`).
        let can_trap =
            text.starts_with('i') && ["div_", "rem_", "trunc_f"].iter().any(|k| text.contains(k));
        assert_eq!(traps, can_trap, "{text}");
    }
}

fn bits32(x: f32) -> u32 {
    x.to_bits()
}

fn bits64(x: f64) -> u64 {
    x.to_bits()
}

/// Canonical NaN of either sign.
fn is_canonical32(x: f32) -> bool {
    x.to_bits() & 0x7fff_ffff == 0x7fc0_0000
}

/// Arithmetic NaN: exponent all ones and the top mantissa bit set.
fn is_arithmetic32(x: f32) -> bool {
    x.to_bits() & 0x7fc0_0000 == 0x7fc0_0000
}

fn is_canonical64(x: f64) -> bool {
    x.to_bits() & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
}

fn is_arithmetic64(x: f64) -> bool {
    x.to_bits() & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
}

/// Keeps the optimizer from folding a value, so the hardware computes.
fn rt<T>(x: T) -> T {
    std::hint::black_box(x)
}

#[test]
fn trapping_truncation_bounds() {
    // f32 -> i32, signed: -2^31 is in range, 2^31 is not.
    assert_eq!(i32_trunc_f32_s(-2147483648.0), Ok(i32::MIN));
    assert_eq!(i32_trunc_f32_s(-2147483904.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f32_s(2147483520.0), Ok(2147483520));
    assert_eq!(i32_trunc_f32_s(2147483648.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f32_s(-1.9), Ok(-1));
    assert_eq!(i32_trunc_f32_s(f32::NAN), Err(InvalidConversionToInteger));
    assert_eq!(i32_trunc_f32_s(-f32::NAN), Err(InvalidConversionToInteger));
    assert_eq!(i32_trunc_f32_s(f32::INFINITY), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f32_s(f32::NEG_INFINITY), Err(IntegerOverflow));
    // f32 -> i32, unsigned: everything above -1 truncates to 0 or more.
    assert_eq!(i32_trunc_f32_u(-0.9), Ok(0));
    assert_eq!(i32_trunc_f32_u(-0.0), Ok(0));
    assert_eq!(i32_trunc_f32_u(-1.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f32_u(4294967040.0), Ok(-256));
    assert_eq!(i32_trunc_f32_u(4294967296.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f32_u(f32::NAN), Err(InvalidConversionToInteger));
    // f64 -> i32: f64 has values between -2^31 - 1 and -2^31.
    assert_eq!(i32_trunc_f64_s(-2147483648.9), Ok(i32::MIN));
    assert_eq!(i32_trunc_f64_s(-2147483649.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f64_s(2147483647.9), Ok(i32::MAX));
    assert_eq!(i32_trunc_f64_s(2147483648.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f64_u(-0.99999), Ok(0));
    assert_eq!(i32_trunc_f64_u(-1.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f64_u(4294967295.9), Ok(-1));
    assert_eq!(i32_trunc_f64_u(4294967296.0), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f64_u(f64::NAN), Err(InvalidConversionToInteger));
    // -> i64.
    assert_eq!(i64_trunc_f32_s(-9223372036854775808.0), Ok(i64::MIN));
    assert_eq!(
        i64_trunc_f32_s(-9223373136366403584.0),
        Err(IntegerOverflow)
    );
    assert_eq!(
        i64_trunc_f32_s(9223371487098961920.0),
        Ok(9223371487098961920)
    );
    assert_eq!(i64_trunc_f32_s(9223372036854775808.0), Err(IntegerOverflow));
    assert_eq!(i64_trunc_f32_u(-0.9), Ok(0));
    assert_eq!(i64_trunc_f32_u(18446742974197923840.0), Ok(-1099511627776));
    assert_eq!(
        i64_trunc_f32_u(18446744073709551616.0),
        Err(IntegerOverflow)
    );
    assert_eq!(i64_trunc_f64_s(-9223372036854775808.0), Ok(i64::MIN));
    assert_eq!(
        i64_trunc_f64_s(-9223372036854777856.0),
        Err(IntegerOverflow)
    );
    assert_eq!(
        i64_trunc_f64_s(9223372036854774784.0),
        Ok(9223372036854774784)
    );
    assert_eq!(i64_trunc_f64_s(9223372036854775808.0), Err(IntegerOverflow));
    assert_eq!(i64_trunc_f64_u(-0.99999), Ok(0));
    assert_eq!(i64_trunc_f64_u(-1.0), Err(IntegerOverflow));
    assert_eq!(i64_trunc_f64_u(18446744073709549568.0), Ok(-2048));
    assert_eq!(
        i64_trunc_f64_u(18446744073709551616.0),
        Err(IntegerOverflow)
    );
    assert_eq!(i64_trunc_f64_u(-f64::NAN), Err(InvalidConversionToInteger));
    // The same at run time.
    assert_eq!(i32_trunc_f32_s(rt(2147483648.0)), Err(IntegerOverflow));
    assert_eq!(i32_trunc_f64_s(rt(-2147483648.9)), Ok(i32::MIN));
    assert_eq!(i64_trunc_f64_u(rt(-0.5)), Ok(0));
}

#[test]
fn saturating_truncation() {
    assert_eq!(i32_trunc_sat_f32_s(f32::NAN), 0);
    assert_eq!(i32_trunc_sat_f32_s(f32::INFINITY), i32::MAX);
    assert_eq!(i32_trunc_sat_f32_s(-2147483904.0), i32::MIN);
    assert_eq!(i32_trunc_sat_f32_u(-1.5), 0);
    assert_eq!(i32_trunc_sat_f32_u(4294967296.0), -1);
    assert_eq!(i32_trunc_sat_f64_s(-2147483648.9), i32::MIN);
    assert_eq!(i32_trunc_sat_f64_u(rt(f64::NAN)), 0);
    assert_eq!(i64_trunc_sat_f32_s(f32::NEG_INFINITY), i64::MIN);
    assert_eq!(i64_trunc_sat_f32_u(1e30), -1);
    assert_eq!(i64_trunc_sat_f64_s(rt(9223372036854775808.0)), i64::MAX);
    assert_eq!(i64_trunc_sat_f64_u(rt(-f64::NAN)), 0);
}

#[test]
fn division_and_remainder() {
    assert_eq!(i32_div_s(i32::MIN, -1), Err(IntegerOverflow));
    assert_eq!(i64_div_s(rt(i64::MIN), rt(-1)), Err(IntegerOverflow));
    assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
    assert_eq!(i64_rem_s(rt(i64::MIN), rt(-1)), Ok(0));
    assert_eq!(i32_rem_s(5, -1), Ok(0));
    assert_eq!(i32_div_s(i32::MIN, 1), Ok(i32::MIN));
    for f in [i32_div_s, i32_div_u, i32_rem_s, i32_rem_u] {
        assert_eq!(f(rt(1), rt(0)), Err(IntegerDivideByZero));
        assert_eq!(f(i32::MIN, 0), Err(IntegerDivideByZero));
    }
    for f in [i64_div_s, i64_div_u, i64_rem_s, i64_rem_u] {
        assert_eq!(f(rt(0), rt(0)), Err(IntegerDivideByZero));
    }
    // Signed rounds toward zero; the remainder has the dividend's sign.
    assert_eq!(i32_div_s(-7, 2), Ok(-3));
    assert_eq!(i32_rem_s(-7, 2), Ok(-1));
    assert_eq!(i32_rem_s(7, -2), Ok(1));
    // Unsigned reads the bits unsigned.
    assert_eq!(i32_div_u(-1, 2), Ok(i32::MAX));
    assert_eq!(i32_rem_u(i32::MIN, -1), Ok(i32::MIN));
    assert_eq!(i64_div_u(i64::MIN, -1), Ok(0));
}

#[test]
fn shifts_rotates_and_bit_counts() {
    assert_eq!(i32_shl(1, 32), 1);
    assert_eq!(i32_shl(1, 33), 2);
    assert_eq!(i32_shl(1, -1), i32::MIN);
    assert_eq!(i32_shr_s(i32::MIN, 31), -1);
    assert_eq!(i32_shr_u(i32::MIN, 31), 1);
    assert_eq!(i64_shr_u(-1, 64 + 60), 0xf);
    assert_eq!(i32_rotl(0x8000_0001_u32 as i32, 33), 3);
    assert_eq!(i32_rotr(1, -1), 2);
    assert_eq!(i64_rotl(rt(1), rt(i64::MIN + 1)), 2);
    assert_eq!(i32_clz(0), 32);
    assert_eq!(i64_ctz(0), 64);
    assert_eq!(i32_popcnt(-1), 32);
    assert_eq!(i32_extend8_s(0x80), -128);
    assert_eq!(i32_extend16_s(0x1_7fff), 0x7fff);
    assert_eq!(i64_extend32_s(0x8000_0000), -0x8000_0000);
    assert_eq!(i64_extend_i32_u(-1), 0xffff_ffff);
}

#[test]
fn min_max_zeros_and_nans() {
    for (a, b) in [(0.0, -0.0), (-0.0, 0.0)] {
        assert_eq!(bits32(f32_min(rt(a), rt(b))), bits32(-0.0));
        assert_eq!(bits32(f32_max(rt(a), rt(b))), bits32(0.0));
        assert_eq!(bits64(f64_min(rt(a as f64), rt(b as f64))), bits64(-0.0));
        assert_eq!(bits64(f64_max(rt(a as f64), rt(b as f64))), bits64(0.0));
    }
    assert_eq!(bits32(f32_min(rt(0.0), rt(0.0))), 0);
    assert_eq!(f32_min(rt(1.0), rt(-2.0)), -2.0);
    assert_eq!(f64_max(rt(f64::NEG_INFINITY), rt(-1.0)), -1.0);
    // NaN wins, unlike Rust's min/max; canonical in, canonical out.
    for x in [f32::NEG_INFINITY, -0.0, 1.0, f32::NAN] {
        for (a, b) in [(f32::NAN, x), (x, f32::NAN)] {
            assert!(is_canonical32(f32_min(rt(a), rt(b))), "min({a}, {b})");
            assert!(is_canonical32(f32_max(rt(a), rt(b))), "max({a}, {b})");
        }
        let x = f64::from(x);
        assert!(is_canonical64(f64_min(rt(x), rt(-f64::NAN))));
        assert!(is_canonical64(f64_max(rt(-f64::NAN), rt(x))));
    }
    // A signalling NaN comes out as an arithmetic NaN.
    let snan = f32::from_bits(0x7fa0_0000);
    assert!(is_arithmetic32(f32_min(rt(snan), rt(1.0))));
    assert!(is_arithmetic32(f32_max(rt(1.0), rt(snan))));
    let snan = f64::from_bits(0xfff4_0000_0000_0000);
    assert!(is_arithmetic64(f64_min(rt(2.0), rt(snan))));
}

#[test]
fn nearest_ties_to_even() {
    let cases32: [(f32, f32); 10] = [
        (0.5, 0.0),
        (-0.5, -0.0),
        (1.5, 2.0),
        (2.5, 2.0),
        (-2.5, -2.0),
        (3.5, 4.0),
        (0.49999997, 0.0),
        (4194303.5, 4194304.0),
        (4194302.5, 4194302.0),
        (8388609.0, 8388609.0),
    ];
    for (x, want) in cases32 {
        assert_eq!(bits32(f32_nearest(rt(x))), bits32(want), "nearest({x})");
    }
    let cases64: [(f64, f64); 5] = [
        (-0.5, -0.0),
        (2.5, 2.0),
        (-3.5, -4.0),
        (4503599627370495.5, 4503599627370496.0),
        (4503599627370494.5, 4503599627370494.0),
    ];
    for (x, want) in cases64 {
        assert_eq!(bits64(f64_nearest(rt(x))), bits64(want), "nearest({x})");
    }
    assert_eq!(bits32(f32_ceil(rt(-0.5))), bits32(-0.0));
    assert_eq!(bits64(f64_floor(rt(0.5))), 0);
    assert_eq!(bits64(f64_trunc(rt(-0.9))), bits64(-0.0));
}

#[test]
fn sign_bit_operations_keep_nan_payloads() {
    let snan = f32::from_bits(0x7fa0_0001);
    assert_eq!(bits32(f32_copysign(rt(snan), rt(-1.0))), 0xffa0_0001);
    assert_eq!(bits32(f32_copysign(rt(-snan), rt(0.0))), 0x7fa0_0001);
    assert_eq!(bits32(f32_copysign(rt(1.0), rt(-snan))), bits32(-1.0));
    assert_eq!(bits32(f32_neg(rt(snan))), 0xffa0_0001);
    assert_eq!(
        bits32(f32_abs(rt(f32::from_bits(0xff80_0001)))),
        0x7f80_0001
    );
    let snan = f64::from_bits(0x7ff0_0000_0000_0001);
    assert_eq!(
        bits64(f64_copysign(rt(snan), rt(-f64::NAN))),
        0xfff0_0000_0000_0001
    );
    assert_eq!(bits64(f64_neg(rt(snan))), 0xfff0_0000_0000_0001);
    assert_eq!(bits64(f64_abs(rt(-snan))), 0x7ff0_0000_0000_0001);
    assert_eq!(bits64(f64_abs(rt(-0.0))), 0);
    assert_eq!(bits64(f64_neg(rt(0.0))), bits64(-0.0));
}

#[test]
fn nan_results() {
    // Created NaNs are canonical (the spec allows either sign).
    assert!(is_canonical32(f32_add(
        rt(f32::INFINITY),
        rt(f32::NEG_INFINITY)
    )));
    assert!(is_canonical32(f32_div(rt(0.0), rt(0.0))));
    assert!(is_canonical32(f32_sqrt(rt(-1.0))));
    assert!(is_canonical64(f64_mul(rt(0.0), rt(f64::INFINITY))));
    assert!(is_canonical64(f64_sub(
        rt(f64::INFINITY),
        rt(f64::INFINITY)
    )));
    // NaN operands come out quieted.
    let snan32 = f32::from_bits(0xff80_0001);
    let snan64 = f64::from_bits(0x7ff0_0000_0000_0001);
    assert!(is_arithmetic32(f32_add(rt(snan32), rt(1.0))));
    assert!(is_arithmetic32(f32_ceil(rt(snan32))));
    assert!(is_arithmetic32(f32_nearest(rt(snan32))));
    assert!(is_arithmetic32(f32_demote_f64(rt(snan64))));
    assert!(is_arithmetic64(f64_promote_f32(rt(snan32))));
    assert!(is_arithmetic64(f64_sqrt(rt(snan64))));
    assert!(is_arithmetic64(f64_trunc(rt(snan64))));
    // Canonical in, canonical out.
    assert!(is_canonical32(f32_demote_f64(rt(-f64::NAN))));
    assert!(is_canonical64(f64_promote_f32(rt(f32::NAN))));
    assert!(is_canonical32(f32_floor(rt(f32::NAN))));
}

#[test]
fn integer_to_float_rounds_once() {
    // 2^53 + 2^29 + 1: via f64 it would round to 2^53 first, then to 2^53 again.
    assert_eq!(f32_convert_i64_s(rt(9007199791611905)), 9007200328482816.0);
    assert_eq!(
        f32_convert_i64_s(rt(-9007199791611905)),
        -9007200328482816.0
    );
    assert_eq!(
        f32_convert_i64_u(rt(-0x7fff_ff7f_ffff_ffff)),
        9223373136366403584.0
    );
    assert_eq!(f32_convert_i64_u(rt(-1)), 18446744073709551616.0);
    assert_eq!(f32_convert_i32_u(rt(-1)), 4294967296.0);
    assert_eq!(f32_convert_i32_s(rt(16777217)), 16777216.0);
    assert_eq!(f32_convert_i32_s(rt(16777219)), 16777220.0);
    assert_eq!(f64_convert_i64_u(rt(-1)), 18446744073709551616.0);
    assert_eq!(f64_convert_i64_s(rt(9007199254740993)), 9007199254740992.0);
    assert_eq!(f64_convert_i32_u(rt(i32::MIN)), 2147483648.0);
    assert_eq!(f32_demote_f64(rt(f64::MAX)), f32::INFINITY);
    assert_eq!(bits32(f32_demote_f64(rt(1e-300))), 0);
}

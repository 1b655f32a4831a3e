//! The scalar numeric instructions
//! ([spec §4.3](https://webassembly.github.io/spec/core/exec/numerics.html)), bit-exact.
//!
//! One function per instruction, named by the function-name column of its row in the
//! instruction table (`i32.div_s` is [`i32_div_s`]), taking the operand types of the row's
//! class ([`awe_module::for_each_scalar_instruction!`], which the interpreter expands into
//! its numeric ops, their handlers and their translation).
//!
//! # Types
//!
//! Integers are `i32`/`i64` whatever the instruction's signedness (the operation says how
//! the bits are read); floats are `f32`/`f64`. Comparisons and tests return `i32` 0 or 1.
//! Instructions that can trap return `Result<_, TrapCode>`.
//!
//! # NaNs
//!
//! The spec lets an operation that produces a NaN return any *canonical* NaN (exponent all
//! ones, mantissa only its top bit, either sign) when no operand is a NaN or every NaN
//! operand is canonical, and otherwise any *arithmetic* NaN (top mantissa bit set).
//!
//! Rust's IEEE arithmetic (`+ - * /`, `sqrt`) and `as` between float types already obey
//! these rules, so nothing here canonicalizes: a NaN they create is Rust's "preferred" NaN
//! (canonical; x86 gives the negative `0xffc0_0000`, which the spec allows), and a NaN
//! operand comes out quieted with the rest of its payload kept (`f32.demote_f64` keeps
//! the payload's top bits, `f64.promote_f32` shifts it up). The exceptions:
//!
//! * `ceil`, `floor`, `trunc` and `nearest` are library routines on baseline x86-64 that
//!   return a NaN operand unchanged, so a signalling NaN would stay signalling; these quiet
//!   their result (set the top mantissa bit, which keeps a canonical NaN canonical).
//! * `min`/`max` implement the NaN and signed-zero rules themselves (Rust's `f32::min`
//!   returns the other operand when one is NaN, and either zero for `±0`).
//! * `abs`, `neg` and `copysign` are pure sign-bit operations that keep NaN payloads, even
//!   signalling ones, bit for bit, as the spec requires.
//!
//! `tests/numeric.rs` checks every result of the official test suite's scripts for these
//! instructions, NaN patterns included; it fails without the quieting above.
//!
//! The functions are `#[inline(always)]` so that an interpreter's handler is the bare
//! operation.

use crate::TrapCode;

/// Defines the integer instructions of one width. `$t` is the signed type, `$u` the
/// unsigned one of the same width, `$p` the text prefix (`"i32"`); the other arguments
/// name the functions.
macro_rules! int_ops {
    (
        $t:ident, $u:ident, $p:literal;
        eqz $eqz:ident, eq $eq:ident, ne $ne:ident,
        lt_s $lt_s:ident, lt_u $lt_u:ident, gt_s $gt_s:ident, gt_u $gt_u:ident,
        le_s $le_s:ident, le_u $le_u:ident, ge_s $ge_s:ident, ge_u $ge_u:ident,
        clz $clz:ident, ctz $ctz:ident, popcnt $popcnt:ident,
        add $add:ident, sub $sub:ident, mul $mul:ident,
        div_s $div_s:ident, div_u $div_u:ident, rem_s $rem_s:ident, rem_u $rem_u:ident,
        and $and:ident, or $or:ident, xor $xor:ident,
        shl $shl:ident, shr_s $shr_s:ident, shr_u $shr_u:ident,
        rotl $rotl:ident, rotr $rotr:ident,
    ) => {
        #[doc = concat!("`", $p, ".eqz`: 1 if `x` is zero, else 0.")]
        #[inline(always)]
        pub fn $eqz(x: $t) -> i32 {
            i32::from(x == 0)
        }

        #[doc = concat!("`", $p, ".eq`: 1 if the operands are equal, else 0.")]
        #[inline(always)]
        pub fn $eq(a: $t, b: $t) -> i32 {
            i32::from(a == b)
        }

        #[doc = concat!("`", $p, ".ne`: 1 if the operands differ, else 0.")]
        #[inline(always)]
        pub fn $ne(a: $t, b: $t) -> i32 {
            i32::from(a != b)
        }

        #[doc = concat!("`", $p, ".lt_s`: `a < b`, signed.")]
        #[inline(always)]
        pub fn $lt_s(a: $t, b: $t) -> i32 {
            i32::from(a < b)
        }

        #[doc = concat!("`", $p, ".lt_u`: `a < b`, unsigned.")]
        #[inline(always)]
        pub fn $lt_u(a: $t, b: $t) -> i32 {
            i32::from((a as $u) < (b as $u))
        }

        #[doc = concat!("`", $p, ".gt_s`: `a > b`, signed.")]
        #[inline(always)]
        pub fn $gt_s(a: $t, b: $t) -> i32 {
            i32::from(a > b)
        }

        #[doc = concat!("`", $p, ".gt_u`: `a > b`, unsigned.")]
        #[inline(always)]
        pub fn $gt_u(a: $t, b: $t) -> i32 {
            i32::from((a as $u) > (b as $u))
        }

        #[doc = concat!("`", $p, ".le_s`: `a <= b`, signed.")]
        #[inline(always)]
        pub fn $le_s(a: $t, b: $t) -> i32 {
            i32::from(a <= b)
        }

        #[doc = concat!("`", $p, ".le_u`: `a <= b`, unsigned.")]
        #[inline(always)]
        pub fn $le_u(a: $t, b: $t) -> i32 {
            i32::from((a as $u) <= (b as $u))
        }

        #[doc = concat!("`", $p, ".ge_s`: `a >= b`, signed.")]
        #[inline(always)]
        pub fn $ge_s(a: $t, b: $t) -> i32 {
            i32::from(a >= b)
        }

        #[doc = concat!("`", $p, ".ge_u`: `a >= b`, unsigned.")]
        #[inline(always)]
        pub fn $ge_u(a: $t, b: $t) -> i32 {
            i32::from((a as $u) >= (b as $u))
        }

        #[doc = concat!("`", $p, ".clz`: the number of leading zero bits (the width for 0).")]
        #[inline(always)]
        pub fn $clz(x: $t) -> $t {
            x.leading_zeros() as $t
        }

        #[doc = concat!("`", $p, ".ctz`: the number of trailing zero bits (the width for 0).")]
        #[inline(always)]
        pub fn $ctz(x: $t) -> $t {
            x.trailing_zeros() as $t
        }

        #[doc = concat!("`", $p, ".popcnt`: the number of one bits.")]
        #[inline(always)]
        pub fn $popcnt(x: $t) -> $t {
            x.count_ones() as $t
        }

        #[doc = concat!("`", $p, ".add`: addition modulo 2^N.")]
        #[inline(always)]
        pub fn $add(a: $t, b: $t) -> $t {
            a.wrapping_add(b)
        }

        #[doc = concat!("`", $p, ".sub`: subtraction modulo 2^N.")]
        #[inline(always)]
        pub fn $sub(a: $t, b: $t) -> $t {
            a.wrapping_sub(b)
        }

        #[doc = concat!("`", $p, ".mul`: multiplication modulo 2^N.")]
        #[inline(always)]
        pub fn $mul(a: $t, b: $t) -> $t {
            a.wrapping_mul(b)
        }

        #[doc = concat!("`", $p, ".div_s`: signed division rounding toward zero.")]
        ///
        /// Traps with [`TrapCode::IntegerDivideByZero`] when `b` is 0 and with
        /// [`TrapCode::IntegerOverflow`] for `MIN / -1` (the quotient 2^(N-1) does not fit).
        #[inline(always)]
        pub fn $div_s(a: $t, b: $t) -> Result<$t, TrapCode> {
            if b == 0 {
                Err(TrapCode::IntegerDivideByZero)
            } else if a == $t::MIN && b == -1 {
                Err(TrapCode::IntegerOverflow)
            } else {
                Ok(a / b)
            }
        }

        #[doc = concat!("`", $p, ".div_u`: unsigned division rounding down.")]
        ///
        /// Traps with [`TrapCode::IntegerDivideByZero`] when `b` is 0.
        #[inline(always)]
        pub fn $div_u(a: $t, b: $t) -> Result<$t, TrapCode> {
            match (a as $u).checked_div(b as $u) {
                Some(q) => Ok(q as $t),
                None => Err(TrapCode::IntegerDivideByZero),
            }
        }

        #[doc = concat!("`", $p, ".rem_s`: signed remainder, with the sign of `a`.")]
        ///
        /// Traps with [`TrapCode::IntegerDivideByZero`] when `b` is 0. `MIN rem -1` is 0,
        /// not a trap.
        #[inline(always)]
        pub fn $rem_s(a: $t, b: $t) -> Result<$t, TrapCode> {
            if b == 0 {
                Err(TrapCode::IntegerDivideByZero)
            } else {
                Ok(a.wrapping_rem(b))
            }
        }

        #[doc = concat!("`", $p, ".rem_u`: unsigned remainder.")]
        ///
        /// Traps with [`TrapCode::IntegerDivideByZero`] when `b` is 0.
        #[inline(always)]
        pub fn $rem_u(a: $t, b: $t) -> Result<$t, TrapCode> {
            match (a as $u).checked_rem(b as $u) {
                Some(r) => Ok(r as $t),
                None => Err(TrapCode::IntegerDivideByZero),
            }
        }

        #[doc = concat!("`", $p, ".and`: bitwise and.")]
        #[inline(always)]
        pub fn $and(a: $t, b: $t) -> $t {
            a & b
        }

        #[doc = concat!("`", $p, ".or`: bitwise or.")]
        #[inline(always)]
        pub fn $or(a: $t, b: $t) -> $t {
            a | b
        }

        #[doc = concat!("`", $p, ".xor`: bitwise exclusive or.")]
        #[inline(always)]
        pub fn $xor(a: $t, b: $t) -> $t {
            a ^ b
        }

        #[doc = concat!("`", $p, ".shl`: shift left by `b` modulo the width.")]
        #[inline(always)]
        pub fn $shl(a: $t, b: $t) -> $t {
            a.wrapping_shl(b as u32)
        }

        #[doc = concat!("`", $p, ".shr_s`: arithmetic shift right by `b` modulo the width.")]
        #[inline(always)]
        pub fn $shr_s(a: $t, b: $t) -> $t {
            a.wrapping_shr(b as u32)
        }

        #[doc = concat!("`", $p, ".shr_u`: logical shift right by `b` modulo the width.")]
        #[inline(always)]
        pub fn $shr_u(a: $t, b: $t) -> $t {
            (a as $u).wrapping_shr(b as u32) as $t
        }

        #[doc = concat!("`", $p, ".rotl`: rotate left by `b` modulo the width.")]
        #[inline(always)]
        pub fn $rotl(a: $t, b: $t) -> $t {
            a.rotate_left(b as u32 % $t::BITS)
        }

        #[doc = concat!("`", $p, ".rotr`: rotate right by `b` modulo the width.")]
        #[inline(always)]
        pub fn $rotr(a: $t, b: $t) -> $t {
            a.rotate_right(b as u32 % $t::BITS)
        }
    };
}

int_ops! {
    i32, u32, "i32";
    eqz i32_eqz, eq i32_eq, ne i32_ne,
    lt_s i32_lt_s, lt_u i32_lt_u, gt_s i32_gt_s, gt_u i32_gt_u,
    le_s i32_le_s, le_u i32_le_u, ge_s i32_ge_s, ge_u i32_ge_u,
    clz i32_clz, ctz i32_ctz, popcnt i32_popcnt,
    add i32_add, sub i32_sub, mul i32_mul,
    div_s i32_div_s, div_u i32_div_u, rem_s i32_rem_s, rem_u i32_rem_u,
    and i32_and, or i32_or, xor i32_xor,
    shl i32_shl, shr_s i32_shr_s, shr_u i32_shr_u,
    rotl i32_rotl, rotr i32_rotr,
}

int_ops! {
    i64, u64, "i64";
    eqz i64_eqz, eq i64_eq, ne i64_ne,
    lt_s i64_lt_s, lt_u i64_lt_u, gt_s i64_gt_s, gt_u i64_gt_u,
    le_s i64_le_s, le_u i64_le_u, ge_s i64_ge_s, ge_u i64_ge_u,
    clz i64_clz, ctz i64_ctz, popcnt i64_popcnt,
    add i64_add, sub i64_sub, mul i64_mul,
    div_s i64_div_s, div_u i64_div_u, rem_s i64_rem_s, rem_u i64_rem_u,
    and i64_and, or i64_or, xor i64_xor,
    shl i64_shl, shr_s i64_shr_s, shr_u i64_shr_u,
    rotl i64_rotl, rotr i64_rotr,
}

/// Quiets a NaN: sets the top mantissa bit, keeping sign and payload (so a canonical NaN
/// stays canonical and a signalling one becomes arithmetic). Other values pass through.
///
/// Needed after `ceil`, `floor`, `trunc` and `round_ties_even`: without SSE4.1 these are
/// library routines (compiler-builtins' libm on x86-64) that return a NaN operand as is, so
/// a signalling NaN would come out signalling, where the spec wants an arithmetic NaN
/// (`f32.wast`/`f64.wast` test it). Every other operation quiets NaNs by itself.
#[inline(always)]
fn quiet_f32(x: f32) -> f32 {
    if x.is_nan() {
        f32::from_bits(x.to_bits() | 1 << (f32::MANTISSA_DIGITS - 2))
    } else {
        x
    }
}

/// [`quiet_f32`] for `f64`.
#[inline(always)]
fn quiet_f64(x: f64) -> f64 {
    if x.is_nan() {
        f64::from_bits(x.to_bits() | 1 << (f64::MANTISSA_DIGITS - 2))
    } else {
        x
    }
}

/// Defines the float instructions of one width. `$t` is the float type, `$bits` the
/// unsigned integer of its width, `$p` the text prefix (`"f32"`), `$quiet` its
/// [`quiet_f32`]; the other arguments name the functions.
macro_rules! float_ops {
    (
        $t:ident, $bits:ident, $p:literal, $quiet:ident;
        eq $eq:ident, ne $ne:ident, lt $lt:ident, gt $gt:ident, le $le:ident, ge $ge:ident,
        abs $abs:ident, neg $neg:ident, ceil $ceil:ident, floor $floor:ident,
        trunc $trunc:ident, nearest $nearest:ident, sqrt $sqrt:ident,
        add $add:ident, sub $sub:ident, mul $mul:ident, div $div:ident,
        min $min:ident, max $max:ident, copysign $copysign:ident,
    ) => {
        #[doc = concat!("`", $p, ".eq`: 1 if `a == b` (0 when either is NaN; `-0 == +0`).")]
        #[inline(always)]
        pub fn $eq(a: $t, b: $t) -> i32 {
            i32::from(a == b)
        }

        #[doc = concat!("`", $p, ".ne`: 1 if `a != b` (1 when either is NaN).")]
        #[inline(always)]
        pub fn $ne(a: $t, b: $t) -> i32 {
            i32::from(a != b)
        }

        #[doc = concat!("`", $p, ".lt`: `a < b` (0 when either is NaN).")]
        #[inline(always)]
        pub fn $lt(a: $t, b: $t) -> i32 {
            i32::from(a < b)
        }

        #[doc = concat!("`", $p, ".gt`: `a > b` (0 when either is NaN).")]
        #[inline(always)]
        pub fn $gt(a: $t, b: $t) -> i32 {
            i32::from(a > b)
        }

        #[doc = concat!("`", $p, ".le`: `a <= b` (0 when either is NaN).")]
        #[inline(always)]
        pub fn $le(a: $t, b: $t) -> i32 {
            i32::from(a <= b)
        }

        #[doc = concat!("`", $p, ".ge`: `a >= b` (0 when either is NaN).")]
        #[inline(always)]
        pub fn $ge(a: $t, b: $t) -> i32 {
            i32::from(a >= b)
        }

        #[doc = concat!("`", $p, ".abs`: clears the sign bit; every other bit (NaN payloads too) is kept.")]
        #[inline(always)]
        pub fn $abs(x: $t) -> $t {
            $t::from_bits(x.to_bits() & !(1 << ($bits::BITS - 1)))
        }

        #[doc = concat!("`", $p, ".neg`: flips the sign bit; every other bit (NaN payloads too) is kept.")]
        #[inline(always)]
        pub fn $neg(x: $t) -> $t {
            $t::from_bits(x.to_bits() ^ (1 << ($bits::BITS - 1)))
        }

        #[doc = concat!("`", $p, ".ceil`: rounds toward +∞.")]
        #[inline(always)]
        pub fn $ceil(x: $t) -> $t {
            $quiet(x.ceil())
        }

        #[doc = concat!("`", $p, ".floor`: rounds toward −∞.")]
        #[inline(always)]
        pub fn $floor(x: $t) -> $t {
            $quiet(x.floor())
        }

        #[doc = concat!("`", $p, ".trunc`: rounds toward zero.")]
        #[inline(always)]
        pub fn $trunc(x: $t) -> $t {
            $quiet(x.trunc())
        }

        #[doc = concat!("`", $p, ".nearest`: rounds to the nearest integer, ties to even (`2.5` → `2`, `-0.5` → `-0`).")]
        #[inline(always)]
        pub fn $nearest(x: $t) -> $t {
            $quiet(x.round_ties_even())
        }

        #[doc = concat!("`", $p, ".sqrt`: the correctly rounded square root (NaN below -0; `sqrt(-0) = -0`).")]
        #[inline(always)]
        pub fn $sqrt(x: $t) -> $t {
            x.sqrt()
        }

        #[doc = concat!("`", $p, ".add`: IEEE 754 addition, rounding to nearest even.")]
        #[inline(always)]
        pub fn $add(a: $t, b: $t) -> $t {
            a + b
        }

        #[doc = concat!("`", $p, ".sub`: IEEE 754 subtraction, rounding to nearest even.")]
        #[inline(always)]
        pub fn $sub(a: $t, b: $t) -> $t {
            a - b
        }

        #[doc = concat!("`", $p, ".mul`: IEEE 754 multiplication, rounding to nearest even.")]
        #[inline(always)]
        pub fn $mul(a: $t, b: $t) -> $t {
            a * b
        }

        #[doc = concat!("`", $p, ".div`: IEEE 754 division, rounding to nearest even.")]
        #[inline(always)]
        pub fn $div(a: $t, b: $t) -> $t {
            a / b
        }

        #[doc = concat!("`", $p, ".min`: the smaller operand; a NaN if either is NaN; `-0` is below `+0`.")]
        ///
        /// Unlike Rust's `min`, which returns the other operand when one is NaN.
        #[inline(always)]
        pub fn $min(a: $t, b: $t) -> $t {
            if a < b {
                a
            } else if b < a {
                b
            } else if a == b {
                // Equal: the same value, or zeros of different signs (take the negative).
                $t::from_bits(a.to_bits() | b.to_bits())
            } else {
                // A NaN operand: propagate it (quieted) the way arithmetic does.
                a + b
            }
        }

        #[doc = concat!("`", $p, ".max`: the larger operand; a NaN if either is NaN; `+0` is above `-0`.")]
        ///
        /// Unlike Rust's `max`, which returns the other operand when one is NaN.
        #[inline(always)]
        pub fn $max(a: $t, b: $t) -> $t {
            if a > b {
                a
            } else if b > a {
                b
            } else if a == b {
                // Equal: the same value, or zeros of different signs (take the positive).
                $t::from_bits(a.to_bits() & b.to_bits())
            } else {
                // A NaN operand: propagate it (quieted) the way arithmetic does.
                a + b
            }
        }

        #[doc = concat!("`", $p, ".copysign`: `a` with the sign bit of `b`; every other bit of `a` (NaN payloads too) is kept.")]
        #[inline(always)]
        pub fn $copysign(a: $t, b: $t) -> $t {
            const SIGN: $bits = 1 << ($bits::BITS - 1);
            $t::from_bits((a.to_bits() & !SIGN) | (b.to_bits() & SIGN))
        }
    };
}

float_ops! {
    f32, u32, "f32", quiet_f32;
    eq f32_eq, ne f32_ne, lt f32_lt, gt f32_gt, le f32_le, ge f32_ge,
    abs f32_abs, neg f32_neg, ceil f32_ceil, floor f32_floor,
    trunc f32_trunc, nearest f32_nearest, sqrt f32_sqrt,
    add f32_add, sub f32_sub, mul f32_mul, div f32_div,
    min f32_min, max f32_max, copysign f32_copysign,
}

float_ops! {
    f64, u64, "f64", quiet_f64;
    eq f64_eq, ne f64_ne, lt f64_lt, gt f64_gt, le f64_le, ge f64_ge,
    abs f64_abs, neg f64_neg, ceil f64_ceil, floor f64_floor,
    trunc f64_trunc, nearest f64_nearest, sqrt f64_sqrt,
    add f64_add, sub f64_sub, mul f64_mul, div f64_div,
    min f64_min, max f64_max, copysign f64_copysign,
}

// ---- Integer conversions and sign extension ----

/// `i32.wrap_i64`: the low 32 bits.
#[inline(always)]
pub fn i32_wrap_i64(x: i64) -> i32 {
    x as i32
}

/// `i64.extend_i32_s`: sign extension.
#[inline(always)]
pub fn i64_extend_i32_s(x: i32) -> i64 {
    i64::from(x)
}

/// `i64.extend_i32_u`: zero extension.
#[inline(always)]
pub fn i64_extend_i32_u(x: i32) -> i64 {
    i64::from(x as u32)
}

/// `i32.extend8_s`: sign-extends the low 8 bits.
#[inline(always)]
pub fn i32_extend8_s(x: i32) -> i32 {
    i32::from(x as i8)
}

/// `i32.extend16_s`: sign-extends the low 16 bits.
#[inline(always)]
pub fn i32_extend16_s(x: i32) -> i32 {
    i32::from(x as i16)
}

/// `i64.extend8_s`: sign-extends the low 8 bits.
#[inline(always)]
pub fn i64_extend8_s(x: i64) -> i64 {
    i64::from(x as i8)
}

/// `i64.extend16_s`: sign-extends the low 16 bits.
#[inline(always)]
pub fn i64_extend16_s(x: i64) -> i64 {
    i64::from(x as i16)
}

/// `i64.extend32_s`: sign-extends the low 32 bits.
#[inline(always)]
pub fn i64_extend32_s(x: i64) -> i64 {
    i64::from(x as i32)
}

// ---- Trapping truncations ----
//
// A float converts when its truncation toward zero fits the integer type. The bounds
// below are exclusive where the first value that does not fit is representable, e.g.
// `-2147483649.0` for f64 -> i32 (so `-2147483648.9` converts), and inclusive where it
// is not: f32 has no value between -2^31 - 256 and -2^31, so f32 -> i32 accepts
// exactly `x >= -2^31`. Every bound is a power of two (or one less than -2^31 in f64),
// exact in its type. NaN fails every comparison, so the range test alone decides the
// fast path.

const TWO_POW_31_F32: f32 = 2_147_483_648.0;
const TWO_POW_32_F32: f32 = 4_294_967_296.0;
const TWO_POW_63_F32: f32 = 9_223_372_036_854_775_808.0;
const TWO_POW_64_F32: f32 = 18_446_744_073_709_551_616.0;
const TWO_POW_31_F64: f64 = 2_147_483_648.0;
const TWO_POW_32_F64: f64 = 4_294_967_296.0;
const TWO_POW_63_F64: f64 = 9_223_372_036_854_775_808.0;
const TWO_POW_64_F64: f64 = 18_446_744_073_709_551_616.0;

/// The trap of a truncation whose operand is out of range: NaN or too large.
#[cold]
#[inline(never)]
fn trunc_trap(is_nan: bool) -> TrapCode {
    if is_nan {
        TrapCode::InvalidConversionToInteger
    } else {
        TrapCode::IntegerOverflow
    }
}

/// `i32.trunc_f32_s`: truncates toward zero.
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-2^31 <= x < 2^31`.
#[inline(always)]
pub fn i32_trunc_f32_s(x: f32) -> Result<i32, TrapCode> {
    if (-TWO_POW_31_F32..TWO_POW_31_F32).contains(&x) {
        Ok(x as i32)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// `i32.trunc_f32_u`: truncates toward zero (so `-0.9` gives 0).
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-1 < x < 2^32`.
#[inline(always)]
pub fn i32_trunc_f32_u(x: f32) -> Result<i32, TrapCode> {
    if x > -1.0 && x < TWO_POW_32_F32 {
        Ok(x as u32 as i32)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// `i32.trunc_f64_s`: truncates toward zero.
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-2^31 - 1 < x < 2^31`.
#[inline(always)]
pub fn i32_trunc_f64_s(x: f64) -> Result<i32, TrapCode> {
    if x > -TWO_POW_31_F64 - 1.0 && x < TWO_POW_31_F64 {
        Ok(x as i32)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// `i32.trunc_f64_u`: truncates toward zero (so `-0.9` gives 0).
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-1 < x < 2^32`.
#[inline(always)]
pub fn i32_trunc_f64_u(x: f64) -> Result<i32, TrapCode> {
    if x > -1.0 && x < TWO_POW_32_F64 {
        Ok(x as u32 as i32)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// `i64.trunc_f32_s`: truncates toward zero.
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-2^63 <= x < 2^63`.
#[inline(always)]
pub fn i64_trunc_f32_s(x: f32) -> Result<i64, TrapCode> {
    if (-TWO_POW_63_F32..TWO_POW_63_F32).contains(&x) {
        Ok(x as i64)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// `i64.trunc_f32_u`: truncates toward zero (so `-0.9` gives 0).
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-1 < x < 2^64`.
#[inline(always)]
pub fn i64_trunc_f32_u(x: f32) -> Result<i64, TrapCode> {
    if x > -1.0 && x < TWO_POW_64_F32 {
        Ok(x as u64 as i64)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// `i64.trunc_f64_s`: truncates toward zero.
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-2^63 <= x < 2^63` (f64 has nothing between
/// `-2^63 - 2048` and `-2^63`).
#[inline(always)]
pub fn i64_trunc_f64_s(x: f64) -> Result<i64, TrapCode> {
    if (-TWO_POW_63_F64..TWO_POW_63_F64).contains(&x) {
        Ok(x as i64)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

/// `i64.trunc_f64_u`: truncates toward zero (so `-0.9` gives 0).
///
/// Traps with [`TrapCode::InvalidConversionToInteger`] for NaN and
/// [`TrapCode::IntegerOverflow`] unless `-1 < x < 2^64`.
#[inline(always)]
pub fn i64_trunc_f64_u(x: f64) -> Result<i64, TrapCode> {
    if x > -1.0 && x < TWO_POW_64_F64 {
        Ok(x as u64 as i64)
    } else {
        Err(trunc_trap(x.is_nan()))
    }
}

// ---- Saturating truncations: exactly Rust's float-to-int `as` ----

/// `i32.trunc_sat_f32_s`: truncates toward zero, saturating; NaN gives 0.
#[inline(always)]
pub fn i32_trunc_sat_f32_s(x: f32) -> i32 {
    x as i32
}

/// `i32.trunc_sat_f32_u`: truncates toward zero, saturating to `0..=u32::MAX`; NaN gives 0.
#[inline(always)]
pub fn i32_trunc_sat_f32_u(x: f32) -> i32 {
    x as u32 as i32
}

/// `i32.trunc_sat_f64_s`: truncates toward zero, saturating; NaN gives 0.
#[inline(always)]
pub fn i32_trunc_sat_f64_s(x: f64) -> i32 {
    x as i32
}

/// `i32.trunc_sat_f64_u`: truncates toward zero, saturating to `0..=u32::MAX`; NaN gives 0.
#[inline(always)]
pub fn i32_trunc_sat_f64_u(x: f64) -> i32 {
    x as u32 as i32
}

/// `i64.trunc_sat_f32_s`: truncates toward zero, saturating; NaN gives 0.
#[inline(always)]
pub fn i64_trunc_sat_f32_s(x: f32) -> i64 {
    x as i64
}

/// `i64.trunc_sat_f32_u`: truncates toward zero, saturating to `0..=u64::MAX`; NaN gives 0.
#[inline(always)]
pub fn i64_trunc_sat_f32_u(x: f32) -> i64 {
    x as u64 as i64
}

/// `i64.trunc_sat_f64_s`: truncates toward zero, saturating; NaN gives 0.
#[inline(always)]
pub fn i64_trunc_sat_f64_s(x: f64) -> i64 {
    x as i64
}

/// `i64.trunc_sat_f64_u`: truncates toward zero, saturating to `0..=u64::MAX`; NaN gives 0.
#[inline(always)]
pub fn i64_trunc_sat_f64_u(x: f64) -> i64 {
    x as u64 as i64
}

// ---- Integer to float: Rust's `as` rounds once, to nearest even ----

/// `f32.convert_i32_s`: the nearest f32 (ties to even).
#[inline(always)]
pub fn f32_convert_i32_s(x: i32) -> f32 {
    x as f32
}

/// `f32.convert_i32_u`: the nearest f32 to the unsigned value (ties to even).
#[inline(always)]
pub fn f32_convert_i32_u(x: i32) -> f32 {
    x as u32 as f32
}

/// `f32.convert_i64_s`: the nearest f32 (ties to even, rounded once: not via f64).
#[inline(always)]
pub fn f32_convert_i64_s(x: i64) -> f32 {
    x as f32
}

/// `f32.convert_i64_u`: the nearest f32 to the unsigned value (ties to even, rounded once).
#[inline(always)]
pub fn f32_convert_i64_u(x: i64) -> f32 {
    x as u64 as f32
}

/// `f64.convert_i32_s`: exact.
#[inline(always)]
pub fn f64_convert_i32_s(x: i32) -> f64 {
    f64::from(x)
}

/// `f64.convert_i32_u`: exact.
#[inline(always)]
pub fn f64_convert_i32_u(x: i32) -> f64 {
    f64::from(x as u32)
}

/// `f64.convert_i64_s`: the nearest f64 (ties to even).
#[inline(always)]
pub fn f64_convert_i64_s(x: i64) -> f64 {
    x as f64
}

/// `f64.convert_i64_u`: the nearest f64 to the unsigned value (ties to even).
#[inline(always)]
pub fn f64_convert_i64_u(x: i64) -> f64 {
    x as u64 as f64
}

// ---- Float to float ----

/// `f32.demote_f64`: the nearest f32 (ties to even; overflow gives ±∞). A NaN stays a NaN:
/// quieted, keeping the top bits of its payload (canonical in, canonical out).
#[inline(always)]
pub fn f32_demote_f64(x: f64) -> f32 {
    x as f32
}

/// `f64.promote_f32`: exact. A NaN stays a NaN: quieted, with its payload in the top
/// bits (canonical in, canonical out).
#[inline(always)]
pub fn f64_promote_f32(x: f32) -> f64 {
    f64::from(x)
}

// ---- Reinterpretations: the same bits ----

/// `i32.reinterpret_f32`: the float's bits.
#[inline(always)]
pub fn i32_reinterpret_f32(x: f32) -> i32 {
    x.to_bits() as i32
}

/// `i64.reinterpret_f64`: the float's bits.
#[inline(always)]
pub fn i64_reinterpret_f64(x: f64) -> i64 {
    x.to_bits() as i64
}

/// `f32.reinterpret_i32`: the float with these bits (NaN payloads kept).
#[inline(always)]
pub fn f32_reinterpret_i32(x: i32) -> f32 {
    f32::from_bits(x as u32)
}

/// `f64.reinterpret_i64`: the float with these bits (NaN payloads kept).
#[inline(always)]
pub fn f64_reinterpret_i64(x: i64) -> f64 {
    f64::from_bits(x as u64)
}

//! The scalar numeric instructions
//! ([spec §4.3](https://webassembly.github.io/spec/core/exec/numerics.html)), bit-exact.
//!
//! One function per instruction, named after its text keyword in snake case
//! (`i32.div_s` is [`i32_div_s`]), and the table [`for_each_numeric!`](crate::for_each_numeric)
//! that lists them all for the interpreter to expand.
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

/// Calls the macro `$m` with one row per scalar numeric instruction: every row of
/// [`awe_module::for_each_instruction!`] of class `unop`, `binop`, `testop`, `relop` or
/// `cvtop` whose types are not `V128` (opcodes `0x45..=0xc4` and `0xfc 0..=7`), in table
/// order, each exactly once.
///
/// Each row reads `Name func (args) -> ret;`, or `Name func (args) -> trap ret;` for the
/// instructions that can trap:
///
/// ```text
/// I32Add i32_add (a: i32, b: i32) -> i32;
/// I32DivS i32_div_s (a: i32, b: i32) -> trap i32;
/// F32Eq f32_eq (a: f32, b: f32) -> i32;
/// I64ExtendI32U i64_extend_i32_u (a: i32) -> i64;
/// ```
///
/// * `Name` is the [`awe_module::Instr`] variant (a unit variant: no immediates).
/// * `func` is the function in [`crate::num`]; it takes the operands in stack order
///   (first pushed first) as the listed Rust types, among `i32 i64 f32 f64`. The
///   operands are named `a` (and `b`), so that a consumer can use the names as fields.
/// * `ret` is the result type; `trap` marks a function returning
///   `Result<ret, TrapCode>` (division, remainder and the non-saturating truncations).
///
/// A consumer matches rows with
///
/// ```text
/// ($( $name:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*)
/// ```
///
/// where `$($ret)+` is `trap i32` or `i32`. (The tempting `-> $(trap)? $ret:ident` is
/// rejected by rustc with "local ambiguity", because `trap` is itself an identifier; so is
/// `$($ret:tt)+;`, because `;` is a token tree.) Pass `$($ret)+` to a helper macro with one
/// rule per form to tell the trapping rows apart:
///
/// ```
/// use awe_engine::TrapCode;
///
/// macro_rules! result_type {
///     (trap $t:ident) => { Result<$t, TrapCode> };
///     ($t:ident) => { $t };
/// }
/// macro_rules! check_signatures {
///     ($( $name:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*) => {{
///         // Every function has exactly the signature its row states.
///         $( let _: fn($($ty),*) -> result_type!($($ret)+) = awe_engine::num::$func; )*
///         [$(stringify!($name)),*].len()
///     }};
/// }
/// assert_eq!(awe_engine::for_each_numeric!(check_signatures), 136);
/// assert_eq!(awe_engine::num::i32_div_s(i32::MIN, -1), Err(TrapCode::IntegerOverflow));
/// ```
#[macro_export]
macro_rules! for_each_numeric {
    ($m:ident $($rest:tt)*) => {
        $m! {
            I32Eqz i32_eqz (a: i32) -> i32;
            I32Eq i32_eq (a: i32, b: i32) -> i32;
            I32Ne i32_ne (a: i32, b: i32) -> i32;
            I32LtS i32_lt_s (a: i32, b: i32) -> i32;
            I32LtU i32_lt_u (a: i32, b: i32) -> i32;
            I32GtS i32_gt_s (a: i32, b: i32) -> i32;
            I32GtU i32_gt_u (a: i32, b: i32) -> i32;
            I32LeS i32_le_s (a: i32, b: i32) -> i32;
            I32LeU i32_le_u (a: i32, b: i32) -> i32;
            I32GeS i32_ge_s (a: i32, b: i32) -> i32;
            I32GeU i32_ge_u (a: i32, b: i32) -> i32;
            I64Eqz i64_eqz (a: i64) -> i32;
            I64Eq i64_eq (a: i64, b: i64) -> i32;
            I64Ne i64_ne (a: i64, b: i64) -> i32;
            I64LtS i64_lt_s (a: i64, b: i64) -> i32;
            I64LtU i64_lt_u (a: i64, b: i64) -> i32;
            I64GtS i64_gt_s (a: i64, b: i64) -> i32;
            I64GtU i64_gt_u (a: i64, b: i64) -> i32;
            I64LeS i64_le_s (a: i64, b: i64) -> i32;
            I64LeU i64_le_u (a: i64, b: i64) -> i32;
            I64GeS i64_ge_s (a: i64, b: i64) -> i32;
            I64GeU i64_ge_u (a: i64, b: i64) -> i32;
            F32Eq f32_eq (a: f32, b: f32) -> i32;
            F32Ne f32_ne (a: f32, b: f32) -> i32;
            F32Lt f32_lt (a: f32, b: f32) -> i32;
            F32Gt f32_gt (a: f32, b: f32) -> i32;
            F32Le f32_le (a: f32, b: f32) -> i32;
            F32Ge f32_ge (a: f32, b: f32) -> i32;
            F64Eq f64_eq (a: f64, b: f64) -> i32;
            F64Ne f64_ne (a: f64, b: f64) -> i32;
            F64Lt f64_lt (a: f64, b: f64) -> i32;
            F64Gt f64_gt (a: f64, b: f64) -> i32;
            F64Le f64_le (a: f64, b: f64) -> i32;
            F64Ge f64_ge (a: f64, b: f64) -> i32;
            I32Clz i32_clz (a: i32) -> i32;
            I32Ctz i32_ctz (a: i32) -> i32;
            I32Popcnt i32_popcnt (a: i32) -> i32;
            I32Add i32_add (a: i32, b: i32) -> i32;
            I32Sub i32_sub (a: i32, b: i32) -> i32;
            I32Mul i32_mul (a: i32, b: i32) -> i32;
            I32DivS i32_div_s (a: i32, b: i32) -> trap i32;
            I32DivU i32_div_u (a: i32, b: i32) -> trap i32;
            I32RemS i32_rem_s (a: i32, b: i32) -> trap i32;
            I32RemU i32_rem_u (a: i32, b: i32) -> trap i32;
            I32And i32_and (a: i32, b: i32) -> i32;
            I32Or i32_or (a: i32, b: i32) -> i32;
            I32Xor i32_xor (a: i32, b: i32) -> i32;
            I32Shl i32_shl (a: i32, b: i32) -> i32;
            I32ShrS i32_shr_s (a: i32, b: i32) -> i32;
            I32ShrU i32_shr_u (a: i32, b: i32) -> i32;
            I32Rotl i32_rotl (a: i32, b: i32) -> i32;
            I32Rotr i32_rotr (a: i32, b: i32) -> i32;
            I64Clz i64_clz (a: i64) -> i64;
            I64Ctz i64_ctz (a: i64) -> i64;
            I64Popcnt i64_popcnt (a: i64) -> i64;
            I64Add i64_add (a: i64, b: i64) -> i64;
            I64Sub i64_sub (a: i64, b: i64) -> i64;
            I64Mul i64_mul (a: i64, b: i64) -> i64;
            I64DivS i64_div_s (a: i64, b: i64) -> trap i64;
            I64DivU i64_div_u (a: i64, b: i64) -> trap i64;
            I64RemS i64_rem_s (a: i64, b: i64) -> trap i64;
            I64RemU i64_rem_u (a: i64, b: i64) -> trap i64;
            I64And i64_and (a: i64, b: i64) -> i64;
            I64Or i64_or (a: i64, b: i64) -> i64;
            I64Xor i64_xor (a: i64, b: i64) -> i64;
            I64Shl i64_shl (a: i64, b: i64) -> i64;
            I64ShrS i64_shr_s (a: i64, b: i64) -> i64;
            I64ShrU i64_shr_u (a: i64, b: i64) -> i64;
            I64Rotl i64_rotl (a: i64, b: i64) -> i64;
            I64Rotr i64_rotr (a: i64, b: i64) -> i64;
            F32Abs f32_abs (a: f32) -> f32;
            F32Neg f32_neg (a: f32) -> f32;
            F32Ceil f32_ceil (a: f32) -> f32;
            F32Floor f32_floor (a: f32) -> f32;
            F32Trunc f32_trunc (a: f32) -> f32;
            F32Nearest f32_nearest (a: f32) -> f32;
            F32Sqrt f32_sqrt (a: f32) -> f32;
            F32Add f32_add (a: f32, b: f32) -> f32;
            F32Sub f32_sub (a: f32, b: f32) -> f32;
            F32Mul f32_mul (a: f32, b: f32) -> f32;
            F32Div f32_div (a: f32, b: f32) -> f32;
            F32Min f32_min (a: f32, b: f32) -> f32;
            F32Max f32_max (a: f32, b: f32) -> f32;
            F32Copysign f32_copysign (a: f32, b: f32) -> f32;
            F64Abs f64_abs (a: f64) -> f64;
            F64Neg f64_neg (a: f64) -> f64;
            F64Ceil f64_ceil (a: f64) -> f64;
            F64Floor f64_floor (a: f64) -> f64;
            F64Trunc f64_trunc (a: f64) -> f64;
            F64Nearest f64_nearest (a: f64) -> f64;
            F64Sqrt f64_sqrt (a: f64) -> f64;
            F64Add f64_add (a: f64, b: f64) -> f64;
            F64Sub f64_sub (a: f64, b: f64) -> f64;
            F64Mul f64_mul (a: f64, b: f64) -> f64;
            F64Div f64_div (a: f64, b: f64) -> f64;
            F64Min f64_min (a: f64, b: f64) -> f64;
            F64Max f64_max (a: f64, b: f64) -> f64;
            F64Copysign f64_copysign (a: f64, b: f64) -> f64;
            I32WrapI64 i32_wrap_i64 (a: i64) -> i32;
            I32TruncF32S i32_trunc_f32_s (a: f32) -> trap i32;
            I32TruncF32U i32_trunc_f32_u (a: f32) -> trap i32;
            I32TruncF64S i32_trunc_f64_s (a: f64) -> trap i32;
            I32TruncF64U i32_trunc_f64_u (a: f64) -> trap i32;
            I64ExtendI32S i64_extend_i32_s (a: i32) -> i64;
            I64ExtendI32U i64_extend_i32_u (a: i32) -> i64;
            I64TruncF32S i64_trunc_f32_s (a: f32) -> trap i64;
            I64TruncF32U i64_trunc_f32_u (a: f32) -> trap i64;
            I64TruncF64S i64_trunc_f64_s (a: f64) -> trap i64;
            I64TruncF64U i64_trunc_f64_u (a: f64) -> trap i64;
            F32ConvertI32S f32_convert_i32_s (a: i32) -> f32;
            F32ConvertI32U f32_convert_i32_u (a: i32) -> f32;
            F32ConvertI64S f32_convert_i64_s (a: i64) -> f32;
            F32ConvertI64U f32_convert_i64_u (a: i64) -> f32;
            F32DemoteF64 f32_demote_f64 (a: f64) -> f32;
            F64ConvertI32S f64_convert_i32_s (a: i32) -> f64;
            F64ConvertI32U f64_convert_i32_u (a: i32) -> f64;
            F64ConvertI64S f64_convert_i64_s (a: i64) -> f64;
            F64ConvertI64U f64_convert_i64_u (a: i64) -> f64;
            F64PromoteF32 f64_promote_f32 (a: f32) -> f64;
            I32ReinterpretF32 i32_reinterpret_f32 (a: f32) -> i32;
            I64ReinterpretF64 i64_reinterpret_f64 (a: f64) -> i64;
            F32ReinterpretI32 f32_reinterpret_i32 (a: i32) -> f32;
            F64ReinterpretI64 f64_reinterpret_i64 (a: i64) -> f64;
            I32Extend8S i32_extend8_s (a: i32) -> i32;
            I32Extend16S i32_extend16_s (a: i32) -> i32;
            I64Extend8S i64_extend8_s (a: i64) -> i64;
            I64Extend16S i64_extend16_s (a: i64) -> i64;
            I64Extend32S i64_extend32_s (a: i64) -> i64;
            I32TruncSatF32S i32_trunc_sat_f32_s (a: f32) -> i32;
            I32TruncSatF32U i32_trunc_sat_f32_u (a: f32) -> i32;
            I32TruncSatF64S i32_trunc_sat_f64_s (a: f64) -> i32;
            I32TruncSatF64U i32_trunc_sat_f64_u (a: f64) -> i32;
            I64TruncSatF32S i64_trunc_sat_f32_s (a: f32) -> i64;
            I64TruncSatF32U i64_trunc_sat_f32_u (a: f32) -> i64;
            I64TruncSatF64S i64_trunc_sat_f64_s (a: f64) -> i64;
            I64TruncSatF64U i64_trunc_sat_f64_u (a: f64) -> i64;
            $($rest)*
        }
    };
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TrapCode::{IntegerDivideByZero, IntegerOverflow, InvalidConversionToInteger};

    /// The scalar numeric rows of the instruction table: variant, text name, class and
    /// the class arguments as written (`"I32"`, `"F32, I64"`).
    macro_rules! scalar_rows {
        ($( $name:ident $text:literal [$op:literal $($sub:literal)?]
            $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
            [$( (stringify!($name), $text, stringify!($class), stringify!($($($arg)*)?)) ),*]
                .into_iter()
                .filter(|&(_, _, class, args)| {
                    matches!(class, "unop" | "binop" | "testop" | "relop" | "cvtop")
                        && !args.contains("V128")
                })
                .collect::<Vec<_>>()
        };
    }

    /// A numeric row: variant, function, argument types, result type, whether it traps.
    type Row = (
        &'static str,
        &'static str,
        Vec<&'static str>,
        &'static str,
        bool,
    );

    /// The rows of `for_each_numeric!`, read with the documented pattern, plus
    /// compile-time checks: each `Name` is a unit variant of `Instr`, and each function has
    /// exactly the signature its row states.
    macro_rules! numeric_rows {
        ($( $name:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*) => {{
            $( let _: awe_module::Instr = awe_module::Instr::$name; )*
            $( let _: fn($($ty),*) -> result_type!($($ret)+) = $func; )*
            let rows: Vec<Row> = vec![$( (
                stringify!($name),
                stringify!($func),
                vec![$(stringify!($ty)),*],
                [$(stringify!($ret)),+].last().unwrap(),
                [$(stringify!($ret)),+].len() == 2,
            ) ),*];
            rows
        }};
    }

    macro_rules! result_type {
        (trap $t:ident) => { Result<$t, TrapCode> };
        ($t:ident) => { $t };
    }

    #[test]
    fn the_table_has_every_scalar_numeric_instruction_once() {
        let expected = awe_module::for_each_instruction!(scalar_rows);
        let rows = crate::for_each_numeric!(numeric_rows);
        assert_eq!(expected.len(), 136, "0x45..=0xc4 and 0xfc 0..=7");
        assert_eq!(rows.len(), expected.len());
        let mut seen = std::collections::HashSet::new();
        for (row, &(name, text, class, args)) in rows.iter().zip(&expected) {
            let (row_name, func, row_args, ret, traps) = row;
            assert_eq!(*row_name, name, "rows in table order");
            assert!(seen.insert(*row_name), "{name} twice");
            assert_eq!(*func, text.replace('.', "_"), "function of {name}");
            let types: Vec<String> = args.split(", ").map(str::to_lowercase).collect();
            let (want_args, want_ret) = match class {
                "unop" => (vec![types[0].clone()], types[0].clone()),
                "binop" => (vec![types[0].clone(); 2], types[0].clone()),
                "testop" => (vec![types[0].clone()], "i32".to_string()),
                "relop" => (vec![types[0].clone(); 2], "i32".to_string()),
                "cvtop" => (vec![types[0].clone()], types[1].clone()),
                _ => unreachable!(),
            };
            assert_eq!(*row_args, want_args, "operands of {name}");
            assert_eq!(*ret, want_ret, "result of {name}");
            // Integer division and remainder, and float-to-integer truncation (not `_sat`).
            let can_trap = func.starts_with('i')
                && ["_div_", "_rem_", "_trunc_f"]
                    .iter()
                    .any(|k| func.contains(k));
            assert_eq!(*traps, can_trap, "trap marker of {name}");
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
}

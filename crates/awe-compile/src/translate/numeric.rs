//! The scalar numeric instructions: one lowering per row of the instruction table
//! (`awe_module::for_each_scalar_instruction!`, expanded into [`Translator::numeric`],
//! so a row without a function here is a compile error), each named by the row's
//! function name, as `awe_engine::num`'s are.
//!
//! Cranelift's own trapping instructions never trap: division checks its divisor (and
//! `INT_MIN / -1`) first, float-to-integer truncation its operand (NaN, then the range),
//! and the remainder by -1 divides by 1 instead. Shifts and rotations mask their count,
//! and Cranelift's `fmin`, `fmax`, `nearest`, `ceil`, `floor`, `trunc`, `sqrt` and
//! `fcopysign` have wasm's semantics. The results are the interpreter's to the bit, NaNs
//! included (`tests::numeric`): on x86-64 the hardware's NaNs are the Rust code's, and
//! `min`/`max` of two NaNs take the first as the interpreter does.

use super::*;
use cranelift_codegen::ir::MemFlagsData;
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::types::{F32, F64, I8, I16, I32, I64};

macro_rules! define_numeric {
    (
        unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
        binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
    ) => {
        impl Translator<'_, '_> {
            /// Translates a scalar numeric instruction; `false` if `instr` is not one.
            pub(super) fn numeric(&mut self, instr: &Instr) -> bool {
                match instr {
                    $( Instr::$un => {
                        let a = self.pop();
                        let r = $uf(self, a);
                        self.push(r);
                    } )*
                    $( Instr::$bn => {
                        let b = self.pop();
                        let a = self.pop();
                        let r = $bf(self, a, b);
                        self.push(r);
                    } )*
                    _ => return false,
                }
                true
            }
        }

        /// Whether `instr` is a scalar numeric instruction.
        pub(super) fn is_numeric(instr: &Instr) -> bool {
            matches!(instr, $( Instr::$un )|* | $( Instr::$bn )|*)
        }
    };
}

awe_module::for_each_scalar_instruction!(define_numeric);

type T<'x, 'a, 'b> = &'x mut Translator<'a, 'b>;

/// Defines `fn name(t, a) -> Value` with `b` the builder, for each row given.
macro_rules! unops {
    ($( $name:ident |$b:ident, $a:ident| $body:expr; )*) => {
        $( fn $name(t: T, $a: Value) -> Value {
            let $b = &mut t.b;
            $body
        } )*
    };
}

/// Defines `fn name(t, a, b) -> Value` with `b` the builder, for each row given.
macro_rules! binops {
    ($( $name:ident |$bld:ident, $a:ident, $b:ident| $body:expr; )*) => {
        $( fn $name(t: T, $a: Value, $b: Value) -> Value {
            let $bld = &mut t.b;
            $body
        } )*
    };
}

/// Comparisons: `icmp`/`fcmp` with the condition, the flag as an `i32`.
macro_rules! relops {
    ($( $name:ident $cmp:ident $cc:expr; )*) => {
        $( fn $name(t: T, a: Value, b: Value) -> Value {
            let c = t.b.ins().$cmp($cc, a, b);
            t.b.ins().uextend(I32, c)
        } )*
    };
}

// ----- tests and unary integer operations -----

unops! {
    i32_eqz |b, a| { let c = b.ins().icmp_imm_u(IntCC::Equal, a, 0); b.ins().uextend(I32, c) };
    i64_eqz |b, a| { let c = b.ins().icmp_imm_u(IntCC::Equal, a, 0); b.ins().uextend(I32, c) };
    i32_clz |b, a| b.ins().clz(a);
    i32_ctz |b, a| b.ins().ctz(a);
    i32_popcnt |b, a| b.ins().popcnt(a);
    i64_clz |b, a| b.ins().clz(a);
    i64_ctz |b, a| b.ins().ctz(a);
    i64_popcnt |b, a| b.ins().popcnt(a);
    i32_extend8_s |b, a| { let n = b.ins().ireduce(I8, a); b.ins().sextend(I32, n) };
    i32_extend16_s |b, a| { let n = b.ins().ireduce(I16, a); b.ins().sextend(I32, n) };
    i64_extend8_s |b, a| { let n = b.ins().ireduce(I8, a); b.ins().sextend(I64, n) };
    i64_extend16_s |b, a| { let n = b.ins().ireduce(I16, a); b.ins().sextend(I64, n) };
    i64_extend32_s |b, a| { let n = b.ins().ireduce(I32, a); b.ins().sextend(I64, n) };
}

// ----- unary float operations -----

unops! {
    f32_abs |b, a| b.ins().fabs(a);
    f32_neg |b, a| b.ins().fneg(a);
    f32_ceil |b, a| b.ins().ceil(a);
    f32_floor |b, a| b.ins().floor(a);
    f32_trunc |b, a| b.ins().trunc(a);
    f32_nearest |b, a| b.ins().nearest(a);
    f32_sqrt |b, a| b.ins().sqrt(a);
    f64_abs |b, a| b.ins().fabs(a);
    f64_neg |b, a| b.ins().fneg(a);
    f64_ceil |b, a| b.ins().ceil(a);
    f64_floor |b, a| b.ins().floor(a);
    f64_trunc |b, a| b.ins().trunc(a);
    f64_nearest |b, a| b.ins().nearest(a);
    f64_sqrt |b, a| b.ins().sqrt(a);
}

// ----- conversions -----

unops! {
    i32_wrap_i64 |b, a| b.ins().ireduce(I32, a);
    i64_extend_i32_s |b, a| b.ins().sextend(I64, a);
    i64_extend_i32_u |b, a| b.ins().uextend(I64, a);
    f32_convert_i32_s |b, a| b.ins().fcvt_from_sint(F32, a);
    f32_convert_i32_u |b, a| b.ins().fcvt_from_uint(F32, a);
    f32_convert_i64_s |b, a| b.ins().fcvt_from_sint(F32, a);
    f32_convert_i64_u |b, a| b.ins().fcvt_from_uint(F32, a);
    f32_demote_f64 |b, a| b.ins().fdemote(F32, a);
    f64_convert_i32_s |b, a| b.ins().fcvt_from_sint(F64, a);
    f64_convert_i32_u |b, a| b.ins().fcvt_from_uint(F64, a);
    f64_convert_i64_s |b, a| b.ins().fcvt_from_sint(F64, a);
    f64_convert_i64_u |b, a| b.ins().fcvt_from_uint(F64, a);
    f64_promote_f32 |b, a| b.ins().fpromote(F64, a);
    i32_reinterpret_f32 |b, a| b.ins().bitcast(I32, MemFlagsData::new(), a);
    i64_reinterpret_f64 |b, a| b.ins().bitcast(I64, MemFlagsData::new(), a);
    f32_reinterpret_i32 |b, a| b.ins().bitcast(F32, MemFlagsData::new(), a);
    f64_reinterpret_i64 |b, a| b.ins().bitcast(F64, MemFlagsData::new(), a);
    i32_trunc_sat_f32_s |b, a| b.ins().fcvt_to_sint_sat(I32, a);
    i32_trunc_sat_f32_u |b, a| b.ins().fcvt_to_uint_sat(I32, a);
    i32_trunc_sat_f64_s |b, a| b.ins().fcvt_to_sint_sat(I32, a);
    i32_trunc_sat_f64_u |b, a| b.ins().fcvt_to_uint_sat(I32, a);
    i64_trunc_sat_f32_s |b, a| b.ins().fcvt_to_sint_sat(I64, a);
    i64_trunc_sat_f32_u |b, a| b.ins().fcvt_to_uint_sat(I64, a);
    i64_trunc_sat_f64_s |b, a| b.ins().fcvt_to_sint_sat(I64, a);
    i64_trunc_sat_f64_u |b, a| b.ins().fcvt_to_uint_sat(I64, a);
}

/// The range of floats whose truncation fits an integer type: `(lower, inclusive,
/// upper)`, where `x` converts when `x > lower` (`x >= lower` if `inclusive`) and
/// `x < upper`. The lower bound is the first value below the range when the float type
/// has it (-2^31 - 1 in f64), else the range's least value itself (-2^31 in f32, -2^63
/// in both: nothing lies between it and the next float down).
fn trunc_range(from: Type, to: Type, signed: bool) -> (f64, bool, f64) {
    let bits = to.bits() as i32;
    if !signed {
        return (-1.0, false, 2f64.powi(bits));
    }
    let least = -(2f64.powi(bits - 1));
    if from == F64 && to == I32 {
        (least - 1.0, false, -least)
    } else {
        (least, true, -least)
    }
}

/// A float constant of type `ty` (exact: every bound is representable).
fn float_const(t: T, ty: Type, v: f64) -> Value {
    if ty == F32 {
        t.b.ins().f32const(v as f32)
    } else {
        t.b.ins().f64const(v)
    }
}

/// A trapping float-to-integer truncation: NaN traps with "invalid conversion to
/// integer", a value out of range with "integer overflow"; otherwise the saturating
/// conversion is exact.
fn trunc(t: T, x: Value, to: Type, signed: bool) -> Value {
    let from = t.b.func.dfg.value_type(x);
    let nan = t.b.ins().fcmp(FloatCC::Unordered, x, x);
    t.trap_if(nan, TrapCode::InvalidConversionToInteger);
    let (lower, inclusive, upper) = trunc_range(from, to, signed);
    let lo = float_const(t, from, lower);
    let hi = float_const(t, from, upper);
    let below_cc = if inclusive {
        FloatCC::LessThan
    } else {
        FloatCC::LessThanOrEqual
    };
    let below = t.b.ins().fcmp(below_cc, x, lo);
    let above = t.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, hi);
    let out = t.b.ins().bor(below, above);
    t.trap_if(out, TrapCode::IntegerOverflow);
    if signed {
        t.b.ins().fcvt_to_sint_sat(to, x)
    } else {
        t.b.ins().fcvt_to_uint_sat(to, x)
    }
}

fn i32_trunc_f32_s(t: T, a: Value) -> Value {
    trunc(t, a, I32, true)
}
fn i32_trunc_f32_u(t: T, a: Value) -> Value {
    trunc(t, a, I32, false)
}
fn i32_trunc_f64_s(t: T, a: Value) -> Value {
    trunc(t, a, I32, true)
}
fn i32_trunc_f64_u(t: T, a: Value) -> Value {
    trunc(t, a, I32, false)
}
fn i64_trunc_f32_s(t: T, a: Value) -> Value {
    trunc(t, a, I64, true)
}
fn i64_trunc_f32_u(t: T, a: Value) -> Value {
    trunc(t, a, I64, false)
}
fn i64_trunc_f64_s(t: T, a: Value) -> Value {
    trunc(t, a, I64, true)
}
fn i64_trunc_f64_u(t: T, a: Value) -> Value {
    trunc(t, a, I64, false)
}

// ----- comparisons -----

relops! {
    i32_eq icmp IntCC::Equal;
    i32_ne icmp IntCC::NotEqual;
    i32_lt_s icmp IntCC::SignedLessThan;
    i32_lt_u icmp IntCC::UnsignedLessThan;
    i32_gt_s icmp IntCC::SignedGreaterThan;
    i32_gt_u icmp IntCC::UnsignedGreaterThan;
    i32_le_s icmp IntCC::SignedLessThanOrEqual;
    i32_le_u icmp IntCC::UnsignedLessThanOrEqual;
    i32_ge_s icmp IntCC::SignedGreaterThanOrEqual;
    i32_ge_u icmp IntCC::UnsignedGreaterThanOrEqual;
    i64_eq icmp IntCC::Equal;
    i64_ne icmp IntCC::NotEqual;
    i64_lt_s icmp IntCC::SignedLessThan;
    i64_lt_u icmp IntCC::UnsignedLessThan;
    i64_gt_s icmp IntCC::SignedGreaterThan;
    i64_gt_u icmp IntCC::UnsignedGreaterThan;
    i64_le_s icmp IntCC::SignedLessThanOrEqual;
    i64_le_u icmp IntCC::UnsignedLessThanOrEqual;
    i64_ge_s icmp IntCC::SignedGreaterThanOrEqual;
    i64_ge_u icmp IntCC::UnsignedGreaterThanOrEqual;
    // `ne` is true when either operand is NaN (unordered or not equal); the others are
    // ordered.
    f32_eq fcmp FloatCC::Equal;
    f32_ne fcmp FloatCC::NotEqual;
    f32_lt fcmp FloatCC::LessThan;
    f32_gt fcmp FloatCC::GreaterThan;
    f32_le fcmp FloatCC::LessThanOrEqual;
    f32_ge fcmp FloatCC::GreaterThanOrEqual;
    f64_eq fcmp FloatCC::Equal;
    f64_ne fcmp FloatCC::NotEqual;
    f64_lt fcmp FloatCC::LessThan;
    f64_gt fcmp FloatCC::GreaterThan;
    f64_le fcmp FloatCC::LessThanOrEqual;
    f64_ge fcmp FloatCC::GreaterThanOrEqual;
}

// ----- integer arithmetic -----

binops! {
    i32_add |b, x, y| b.ins().iadd(x, y);
    i32_sub |b, x, y| b.ins().isub(x, y);
    i32_mul |b, x, y| b.ins().imul(x, y);
    i32_and |b, x, y| b.ins().band(x, y);
    i32_or |b, x, y| b.ins().bor(x, y);
    i32_xor |b, x, y| b.ins().bxor(x, y);
    i32_shl |b, x, y| b.ins().ishl(x, y);
    i32_shr_s |b, x, y| b.ins().sshr(x, y);
    i32_shr_u |b, x, y| b.ins().ushr(x, y);
    i32_rotl |b, x, y| b.ins().rotl(x, y);
    i32_rotr |b, x, y| b.ins().rotr(x, y);
    i64_add |b, x, y| b.ins().iadd(x, y);
    i64_sub |b, x, y| b.ins().isub(x, y);
    i64_mul |b, x, y| b.ins().imul(x, y);
    i64_and |b, x, y| b.ins().band(x, y);
    i64_or |b, x, y| b.ins().bor(x, y);
    i64_xor |b, x, y| b.ins().bxor(x, y);
    i64_shl |b, x, y| b.ins().ishl(x, y);
    i64_shr_s |b, x, y| b.ins().sshr(x, y);
    i64_shr_u |b, x, y| b.ins().ushr(x, y);
    i64_rotl |b, x, y| b.ins().rotl(x, y);
    i64_rotr |b, x, y| b.ins().rotr(x, y);
}

/// Traps with "integer divide by zero" if `y` is zero.
fn check_divisor(t: T, y: Value) {
    let zero = t.b.ins().icmp_imm_u(IntCC::Equal, y, 0);
    t.trap_if(zero, TrapCode::IntegerDivideByZero);
}

/// Signed division: the divisor checked, then `INT_MIN / -1` ("integer overflow").
fn div_s(t: T, x: Value, y: Value) -> Value {
    check_divisor(t, y);
    let ty = t.b.func.dfg.value_type(x);
    let min = if ty == I32 {
        i64::from(i32::MIN)
    } else {
        i64::MIN
    };
    let x_min = t.b.ins().icmp_imm_s(IntCC::Equal, x, min);
    let y_neg1 = t.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
    let overflow = t.b.ins().band(x_min, y_neg1);
    t.trap_if(overflow, TrapCode::IntegerOverflow);
    t.b.ins().sdiv(x, y)
}

/// Signed remainder: the divisor checked; by -1 it is 0, computed as the remainder by
/// 1 (so `INT_MIN % -1` does not overflow).
fn rem_s(t: T, x: Value, y: Value) -> Value {
    check_divisor(t, y);
    let neg1 = t.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
    let ty = t.b.func.dfg.value_type(y);
    let one = t.b.ins().iconst(ty, 1);
    let divisor = t.b.ins().select(neg1, one, y);
    t.b.ins().srem(x, divisor)
}

fn div_u(t: T, x: Value, y: Value) -> Value {
    check_divisor(t, y);
    t.b.ins().udiv(x, y)
}

fn rem_u(t: T, x: Value, y: Value) -> Value {
    check_divisor(t, y);
    t.b.ins().urem(x, y)
}

fn i32_div_s(t: T, x: Value, y: Value) -> Value {
    div_s(t, x, y)
}
fn i32_div_u(t: T, x: Value, y: Value) -> Value {
    div_u(t, x, y)
}
fn i32_rem_s(t: T, x: Value, y: Value) -> Value {
    rem_s(t, x, y)
}
fn i32_rem_u(t: T, x: Value, y: Value) -> Value {
    rem_u(t, x, y)
}
fn i64_div_s(t: T, x: Value, y: Value) -> Value {
    div_s(t, x, y)
}
fn i64_div_u(t: T, x: Value, y: Value) -> Value {
    div_u(t, x, y)
}
fn i64_rem_s(t: T, x: Value, y: Value) -> Value {
    rem_s(t, x, y)
}
fn i64_rem_u(t: T, x: Value, y: Value) -> Value {
    rem_u(t, x, y)
}

// ----- float arithmetic -----

binops! {
    f32_add |b, x, y| b.ins().fadd(x, y);
    f32_sub |b, x, y| b.ins().fsub(x, y);
    f32_mul |b, x, y| b.ins().fmul(x, y);
    f32_div |b, x, y| b.ins().fdiv(x, y);
    f32_copysign |b, x, y| b.ins().fcopysign(x, y);
    f64_add |b, x, y| b.ins().fadd(x, y);
    f64_sub |b, x, y| b.ins().fsub(x, y);
    f64_mul |b, x, y| b.ins().fmul(x, y);
    f64_div |b, x, y| b.ins().fdiv(x, y);
    f64_copysign |b, x, y| b.ins().fcopysign(x, y);
}

/// `min` or `max`: Cranelift's (wasm's rules for zeros and NaNs), except that when the
/// first operand is a NaN the result is that NaN quieted, also when both are: what the
/// interpreter gives (`awe_engine::num`), so the tiers agree to the bit (Cranelift's
/// lowering takes the second NaN of two).
fn min_max(t: T, x: Value, y: Value, max: bool) -> Value {
    let r = if max {
        t.b.ins().fmax(x, y)
    } else {
        t.b.ins().fmin(x, y)
    };
    let (int, quiet) = if t.b.func.dfg.value_type(x) == F32 {
        (I32, 1i64 << 22)
    } else {
        (I64, 1i64 << 51)
    };
    let ty = t.b.func.dfg.value_type(x);
    let bits = t.b.ins().bitcast(int, MemFlagsData::new(), x);
    let quieted = t.b.ins().bor_imm_u(bits, quiet);
    let quieted = t.b.ins().bitcast(ty, MemFlagsData::new(), quieted);
    let nan = t.b.ins().fcmp(FloatCC::Unordered, x, x);
    t.b.ins().select(nan, quieted, r)
}

fn f32_min(t: T, x: Value, y: Value) -> Value {
    min_max(t, x, y, false)
}
fn f32_max(t: T, x: Value, y: Value) -> Value {
    min_max(t, x, y, true)
}
fn f64_min(t: T, x: Value, y: Value) -> Value {
    min_max(t, x, y, false)
}
fn f64_max(t: T, x: Value, y: Value) -> Value {
    min_max(t, x, y, true)
}

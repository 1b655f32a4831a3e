//! The interpreter's handlers never grow the native stack.
//!
//! With threaded dispatch (`cfg(awe_tail_calls)`, see `crates/awe-engine/build.rs`) every
//! op's handler ends by calling the next op's handler in tail position, and the
//! optimizer must turn that call into a jump; one handler left as a real call would add
//! a native frame per op executed. So a module whose code holds every op of the
//! register bytecode runs its loop many times on a thread with a small stack: a handler
//! that grows the stack by even a few bytes per op overflows it (and the test process
//! dies). A second test checks that the module's translated code does hold every op.
//!
//! The workspace compiles `awe-engine` optimized in every profile (root `Cargo.toml`),
//! so `cargo test` runs the threaded handlers, and `threaded_dispatch_is_on` checks it.

use awe::{Engine, Linker, Module, Store};
use awe_engine::ops::Op;
use std::collections::BTreeSet;

/// Stack of the thread that runs the loop. Enough for compiling and instantiating the
/// module (translation nests no deeper than the module's blocks); 16 bytes per op would
/// overflow it after a few thousand iterations.
const STACK: usize = 256 << 10;

/// Loop iterations: every op runs at least this many times. Under Miri (see
/// `crates/awe-engine/MIRI.md`), which checks each op's `unsafe` accesses rather than the
/// native stack, a few suffice: a run of the loop takes it about 1,000 times longer.
const ITERATIONS: i32 = if cfg!(miri) { 3 } else { 50_000 };

/// A `(local.set $r (op (local.get $x) ...))` for every numeric instruction, with
/// operands whose values trap in none (no zero divisors, no out-of-range truncation).
fn numeric() -> String {
    let mut out = String::new();
    macro_rules! rows {
        (
            unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
            binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
        ) => {
            $(
                let ty = std::any::type_name::<awe_module::scalar_operand_type!($ucl $uargs)>();
                let ret = std::any::type_name::<awe_module::scalar_result_type!($ucl $uargs)>();
                out.push_str(&row($ut, ty, ret, &["a"]));
            )*
            $(
                let ty = std::any::type_name::<awe_module::scalar_operand_type!($bcl $bargs)>();
                let ret = std::any::type_name::<awe_module::scalar_result_type!($bcl $bargs)>();
                out.push_str(&row($bt, ty, ret, &["a", "b"]));
            )*
        };
    }
    awe_module::for_each_scalar_instruction!(rows);
    out.push_str(&vector());
    out
}

/// A `(local.set $r (op ...))` for every vector instruction that computes (none traps),
/// and the `v128` loads, stores, globals and `select`.
fn vector() -> String {
    let mut out = String::new();
    macro_rules! rows {
        (
            unary $unary:tt
            binary $binary:tt
            simd { $( $vn:ident $vf:ident $vt:literal [$vop:literal $($vsub:literal)?] $({ $($vfield:ident : $vty:ty),* })? => $vcl:ident $(($($vargs:tt)*))?; )* }
        ) => {
            $( out.push_str(&vector_row($vt, stringify!($vcl $(($($vargs)*))?))); )*
        };
    }
    awe_module::for_each_numeric_instruction!(rows);
    out.push_str(
        "    (local.set $r_v128 (v128.load (local.get $i32_b)))
    (v128.store (local.get $i32_b) (local.get $v128_a))
    (local.set $r_v128 (v128.load (i32.add (local.get $i32_b) (local.get $i32_b))))
    (local.set $r_v128 (v128.load (i32.add (local.get $i32_b) (i32.const 16))))
    (local.set $r_v128 (v128.load (i32.add (local.get $i32_b) (i32.shl (local.get $i32_b) (i32.const 2)))))
    (v128.store (i32.add (local.get $i32_b) (local.get $i32_b)) (local.get $v128_a))
    (v128.store (i32.add (local.get $i32_b) (i32.const 16)) (local.get $v128_a))
    (v128.store (i32.add (local.get $i32_b) (i32.shl (local.get $i32_b) (i32.const 2))) (local.get $v128_a))
    (local.set $r_v128 (v128.load $wide (i64.const 16)))
    (v128.store $wide (i64.const 32) (local.get $v128_a))
    (local.set $r_v128 (global.get $gv))
    (global.set $gv (local.get $v128_b))
    (local.set $r_v128 (select (local.get $v128_a) (local.get $v128_b) (local.get $i32_a)))
    (local.set $r_v128 (f32x4.add (f32x4.mul (local.get $v128_a) (local.get $v128_b)) (local.get $v128_c)))
    (local.set $r_v128 (f64x2.add (local.get $v128_c) (f64x2.mul (local.get $v128_a) (local.get $v128_b))))
",
    );
    out
}

/// The statement that runs vector instruction `keyword` of class `class` (as the
/// instruction table writes it: `binop (V128)`, `extract (I32, 16)`).
fn vector_row(keyword: &str, class: &str) -> String {
    let class: String = class.chars().filter(|c| !c.is_whitespace()).collect();
    let (name, args) = class.split_once('(').unwrap_or((&class, ""));
    let scalar = args
        .split([',', ')'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let v = |x: &str| format!("(local.get $v128_{x})");
    let (ret, operands) = match name {
        "unop" => ("v128".to_owned(), v("a")),
        "binop" => ("v128".to_owned(), format!("{} {}", v("a"), v("b"))),
        "ternop" => (
            "v128".to_owned(),
            format!("{} {} {}", v("a"), v("b"), v("c")),
        ),
        "testop" => ("i32".to_owned(), v("a")),
        "cvtop" => ("v128".to_owned(), operand(&scalar, "a")),
        "extract" => (scalar.clone(), format!("1 {}", v("a"))),
        "replace" => (
            "v128".to_owned(),
            format!("1 {} {}", v("a"), operand(&scalar, "a")),
        ),
        "vshift" => ("v128".to_owned(), format!("{} (local.get $i32_b)", v("a"))),
        "shuffle" => (
            "v128".to_owned(),
            format!(
                "0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 {} {}",
                v("a"),
                v("b")
            ),
        ),
        other => panic!("vector class {other}"),
    };
    format!("    (local.set $r_{ret} ({keyword} {operands}))\n")
}

/// `(local.set $r_ret (keyword (local.get $ty_a) ...))`.
fn row(keyword: &str, ty: &str, ret: &str, args: &[&str]) -> String {
    let args: Vec<String> = args.iter().map(|arg| operand(ty, arg)).collect();
    format!("    (local.set $r_{ret} ({keyword} {}))\n", args.join(" "))
}

/// Every pair of `f64.add`, `f64.sub` and `f64.mul` that the translator fuses, with the
/// first result as the left and as the right operand of the second.
fn f64_pairs() -> String {
    let mut out = String::new();
    for first in ["add", "sub", "mul"] {
        for second in ["add", "sub", "mul"] {
            let inner = format!("(f64.{first} (local.get $f64_a) (local.get $f64_b))");
            out.push_str(&format!(
                "    (local.set $r_f64 (f64.{second} {inner} (local.get $f64_b)))\n    \
                 (local.set $r_f64 (f64.{second} (local.get $f64_b) {inner}))\n"
            ));
        }
    }
    out
}

/// Operand `arg` (`a` or `b`) of Rust type `ty`.
fn operand(ty: &str, arg: &str) -> String {
    format!("(local.get ${ty}_{arg})")
}

/// A function with every fused `i32.add` + compare-and-branch: an add of a constant
/// with a cell or a constant compared, and an add of two cells (each skips an empty rest
/// of its block).
fn add_branches() -> String {
    let mut out = String::from("  (func $add_branches (param $x i32) (param $y i32)\n");
    for cmp in [
        "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
    ] {
        for (sum, rhs) in [
            ("(i32.add (local.get $x) (i32.const 1))", "(local.get $y)"),
            ("(i32.add (local.get $x) (i32.const 1))", "(i32.const 5)"),
            ("(i32.add (local.get $x) (local.get $y))", "(local.get $y)"),
        ] {
            out.push_str(&format!(
                "    (block (br_if 0 (i32.{cmp} (local.tee $x {sum}) {rhs})))\n"
            ));
        }
    }
    out.push_str("  )\n");
    out
}

/// The locals `numeric()` reads and writes, with their values.
const LOCALS: &str = "
    (local $i32_a i32) (local $i32_b i32) (local $i64_a i64) (local $i64_b i64)
    (local $f32_a f32) (local $f32_b f32) (local $f64_a f64) (local $f64_b f64)
    (local $r_i32 i32) (local $r_i64 i64) (local $r_f32 f32) (local $r_f64 f64)
    (local $v128_a v128) (local $v128_b v128) (local $v128_c v128) (local $r_v128 v128)
    (local.set $v128_a (v128.const i32x4 1 -2 3 0x7fffffff))
    (local.set $v128_b (v128.const f32x4 1.5 -0.5 nan 2))
    (local.set $v128_c (v128.const i8x16 0 -1 0 -1 1 2 3 4 -1 -1 0 0 5 6 7 8))
    (local.set $i32_a (i32.const 1000)) (local.set $i32_b (i32.const 7))
    (local.set $i64_a (i64.const 1000)) (local.set $i64_b (i64.const 7))
    (local.set $f32_a (f32.const 1.5)) (local.set $f32_b (f32.const 0.5))
    (local.set $f64_a (f64.const 1.5)) (local.set $f64_b (f64.const 0.5))
";

/// Every other op: immediate forms, fused branches (none taken out of order: each
/// skips an empty rest of its block), moves, constants, globals, memory with every
/// address form, bulk memory, tables, references, calls, returns; none of
/// `NOT_IN_LOOP`.
const OTHERS: &str = r#"
  (func $imm (param $x i32) (param $y i64) (result i32)
    (local $r i32) (local $s i64)
    (local.set $r (i32.add (local.get $x) (i32.const 3)))
    (local.set $r (i32.sub (local.get $x) (i32.const 3)))
    (local.set $r (i32.and (local.get $x) (i32.const 3)))
    (local.set $r (i32.or (local.get $x) (i32.const 3)))
    (local.set $r (i32.xor (local.get $x) (i32.const 3)))
    (local.set $r (i32.shl (local.get $x) (i32.const 3)))
    (local.set $r (i32.shr_s (local.get $x) (i32.const 3)))
    (local.set $r (i32.shr_u (local.get $x) (i32.const 3)))
    (local.set $r (i32.mul (local.get $x) (i32.const 3)))
    (local.set $r (i32.eq (local.get $x) (i32.const 3)))
    (local.set $r (i32.ne (local.get $x) (i32.const 3)))
    (local.set $r (i32.lt_s (local.get $x) (i32.const 3)))
    (local.set $r (i32.lt_u (local.get $x) (i32.const 3)))
    (local.set $r (i32.gt_s (local.get $x) (i32.const 3)))
    (local.set $r (i32.gt_u (local.get $x) (i32.const 3)))
    (local.set $r (i32.le_s (local.get $x) (i32.const 3)))
    (local.set $r (i32.le_u (local.get $x) (i32.const 3)))
    (local.set $r (i32.add (local.get $r) (i32.shl (local.get $x) (i32.const 2))))
    (local.set $r (i32.add (local.get $r) (i32.lt_u (local.get $x) (local.get $r))))
    (local.set $r (i32.add (local.get $r) (i32.lt_s (local.get $x) (local.get $r))))
    (local.set $r (i32.add (i32.add (local.get $r) (i32.const 4))
                          (i32.shl (local.get $x) (i32.const 2))))
    (local.set $r (i32.ge_s (local.get $x) (i32.const 3)))
    (local.set $r (i32.ge_u (local.get $x) (i32.const 3)))
    (local.set $s (i64.add (local.get $y) (i64.const 3)))
    (local.set $s (i64.sub (local.get $y) (i64.const 3)))
    (local.set $s (i64.and (local.get $y) (i64.const 3)))
    (local.set $s (i64.shl (local.get $y) (i64.const 3)))
    (local.set $s (i64.shr_s (local.get $y) (i64.const 3)))
    (local.set $s (i64.shr_u (local.get $y) (i64.const 3)))
    (local.set $s (i64.or (local.get $y) (i64.const 3)))
    (local.set $s (i64.xor (local.get $y) (i64.const 3)))
    (local.set $s (i64.mul (local.get $y) (i64.const 3)))
    (local.set $s (i64.or (local.get $y) (i64.shl (local.get $y) (i64.const 8))))
    (i32.add (local.get $r) (i32.wrap_i64 (local.get $s))))

  (func $branches (param $x i32) (param $y i32) (param $p i64) (param $q i64)
                  (param $f f64) (param $g f64)
    (block (br_if 0 (local.get $x)))
    (block (br_if 0 (i32.eqz (local.get $x))))
    (block (br_if 0 (i32.eq (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.ne (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.lt_s (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.lt_u (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.gt_s (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.gt_u (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.le_s (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.le_u (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.ge_s (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.ge_u (local.get $x) (local.get $y))))
    (block (br_if 0 (i32.eq (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.ne (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.lt_s (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.lt_u (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.gt_s (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.gt_u (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.le_s (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.le_u (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.ge_s (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.ge_u (local.get $x) (i32.const 5))))
    (block (br_if 0 (i32.and (local.get $x) (i32.const 4))))
    (if (i32.and (local.get $x) (i32.const 4)) (then (nop)))
    (block (br_if 0 (i64.eqz (local.get $p))))
    (if (i64.eqz (local.get $p)) (then (nop)))
    (block (br_if 0 (i64.eq (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.ne (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.lt_s (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.lt_u (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.gt_s (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.gt_u (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.le_s (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.le_u (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.ge_s (local.get $p) (local.get $q))))
    (block (br_if 0 (i64.ge_u (local.get $p) (local.get $q))))
    (block (br_if 0 (f64.eq (local.get $f) (local.get $g))))
    (block (br_if 0 (f64.ne (local.get $f) (local.get $g))))
    (block (br_if 0 (f64.lt (local.get $f) (local.get $g))))
    (block (br_if 0 (f64.gt (local.get $f) (local.get $g))))
    (block (br_if 0 (f64.le (local.get $f) (local.get $g))))
    (block (br_if 0 (f64.ge (local.get $f) (local.get $g))))
    (if (f64.lt (local.get $f) (local.get $g)) (then (nop)))
    (if (f64.gt (local.get $f) (local.get $g)) (then (nop)))
    (if (f64.le (local.get $f) (local.get $g)) (then (nop)))
    (if (f64.ge (local.get $f) (local.get $g)) (then (nop)))
    ;; `br_table`, and an `if`/`else` whose `then` ends with a `br` over the `else`.
    (block (block (block (br_table 0 1 2 (local.get $x)))))
    (if (local.get $x) (then (local.set $y (i32.const 1))) (else (local.set $y (i32.const 2)))))

  (func $moves (param $a i32) (param $b i64) (param $c i32) (result i32)
    (local $x i32) (local $y i64) (local $z i32)
    ;; A move, two moves in a row, constants written at a merge, select.
    (local.set $x (local.get $a))
    (local.set $x (local.get $c))
    (local.set $z (local.get $a))
    (local.set $y (block (result i64) (i64.const 0x123456789)))
    (local.set $x (block (result i32) (i32.const 77)))
    (local.set $x (select (local.get $a) (local.get $c) (local.get $z)))
    (global.set $g (local.get $x))
    (global.set $g (i32.add (local.get $x) (i32.const 16)))
    (global.set $g (local.tee $x (i32.sub (global.get $g) (i32.const 16))))
    (i32.add (global.get $g) (i32.wrap_i64 (local.get $y))))

  (func $memory (param $a i32) (param $b i32)
    (local $v i32) (local $w i64)
    ;; Plain address.
    (local.set $v (i32.load (local.get $a)))
    (local.set $w (i64.load (local.get $a)))
    (local.set $v (i32.load8_s (local.get $a)))
    (local.set $v (i32.load8_u (local.get $a)))
    (local.set $v (i32.load16_s (local.get $a)))
    (local.set $v (i32.load16_u (local.get $a)))
    (local.set $w (i64.load8_s (local.get $a)))
    (local.set $w (i64.load8_u (local.get $a)))
    (local.set $w (i64.load16_s (local.get $a)))
    (local.set $w (i64.load16_u (local.get $a)))
    (local.set $w (i64.load32_s (local.get $a)))
    (local.set $w (i64.load32_u (local.get $a)))
    (i32.store (local.get $a) (local.get $v))
    (i64.store (local.get $a) (local.get $w))
    (i32.store8 (local.get $a) (local.get $v))
    (i32.store16 (local.get $a) (local.get $v))
    (i64.store8 (local.get $a) (local.get $w))
    (i64.store16 (local.get $a) (local.get $w))
    (i64.store32 (local.get $a) (local.get $w))
    ;; Address `a + b`.
    (local.set $v (i32.load (i32.add (local.get $a) (local.get $b))))
    (local.set $w (i64.load (i32.add (local.get $a) (local.get $b))))
    (local.set $v (i32.load8_s (i32.add (local.get $a) (local.get $b))))
    (local.set $v (i32.load8_u (i32.add (local.get $a) (local.get $b))))
    (local.set $v (i32.load16_s (i32.add (local.get $a) (local.get $b))))
    (local.set $v (i32.load16_u (i32.add (local.get $a) (local.get $b))))
    (i32.store (i32.add (local.get $a) (local.get $b)) (local.get $v))
    (i64.store (i32.add (local.get $a) (local.get $b)) (local.get $w))
    (i32.store8 (i32.add (local.get $a) (local.get $b)) (local.get $v))
    (i32.store16 (i32.add (local.get $a) (local.get $b)) (local.get $v))
    ;; Address `a + constant`.
    (local.set $v (i32.load (i32.add (local.get $a) (i32.const 8))))
    (local.set $w (i64.load (i32.add (local.get $a) (i32.const 8))))
    (local.set $v (i32.load8_s (i32.add (local.get $a) (i32.const 8))))
    (local.set $v (i32.load8_u (i32.add (local.get $a) (i32.const 8))))
    (local.set $v (i32.load16_s (i32.add (local.get $a) (i32.const 8))))
    (local.set $v (i32.load16_u (i32.add (local.get $a) (i32.const 8))))
    (i32.store (i32.add (local.get $a) (i32.const 8)) (local.get $v))
    (i64.store (i32.add (local.get $a) (i32.const 8)) (local.get $w))
    (i32.store8 (i32.add (local.get $a) (i32.const 8)) (local.get $v))
    (i32.store16 (i32.add (local.get $a) (i32.const 8)) (local.get $v))
    ;; Address `a + (b << 2)`.
    (local.set $v (i32.load (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2)))))
    (local.set $w (i64.load (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2)))))
    (local.set $v (i32.load8_s (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2)))))
    (local.set $v (i32.load8_u (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2)))))
    (local.set $v (i32.load16_s (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2)))))
    (local.set $v (i32.load16_u (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2)))))
    (i32.store (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2))) (local.get $v))
    (i64.store (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2))) (local.get $w))
    (i32.store8 (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2))) (local.get $v))
    (i32.store16 (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2))) (local.get $v))
    ;; Address `(a + 16) + (b << 2)`.
    (local.set $v (i32.load (i32.add (i32.add (local.get $a) (i32.const 16))
                                     (i32.shl (local.get $b) (i32.const 2)))))
    (i32.store (i32.add (i32.add (local.get $a) (i32.const 16))
                        (i32.shl (local.get $b) (i32.const 2))) (local.get $v))
    ;; A byte of a big-endian read.
    (local.set $w (i64.or (local.get $w) (i64.shl (i64.load8_u (local.get $a)) (i64.const 8))))
    (local.set $w (i64.or (local.get $w) (i64.shl (i64.load8_u offset=1 (local.get $a)) (i64.const 8))))
    ;; More pairs.
    (block (br_if 0 (local.tee $v (i32.add (local.get $v) (i32.const -1))))
      (local.set $v (i32.load8_u (local.get $a))))
    (block (br_if 0 (i32.ne (i32.load8_u (local.get $a)) (local.get $b)))
      (local.set $v (i32.add (local.get $v) (i32.const 1))))
    (local.set $v (i32.load8_u (local.get $a)))
    (block (br_if 0 (i32.ne (i32.load8_u offset=1 (local.get $a)) (local.get $v))))
    (block (block (br_table 0 1 (i32.load8_u (local.get $a)))))
    (local.set $v (i32.add (local.get $b) (i32.shl (i32.load (local.get $a)) (i32.const 2))))
    (local.set $w (i64.add (local.get $w) (i64.const 1)))
    (local.set $v (i32.load8_u (local.get $a)))
    (local.set $v (i32.add (i32.load (local.get $a)) (local.get $b)))
    (drop (call $leaf (local.get $b) (local.get $v)))
    (local.set $v (i32.shl (i32.load8_u (local.get $a)) (i32.const 3)))
    (local.set $v (i32.and (i32.load8_s (local.get $a)) (i32.const 127)))
    (i64.store offset=8 (local.get $a) (i64.load (local.get $a)))
    (local.set $v (i32.add (local.get $b) (i32.shl (local.get $v) (i32.const 2))))
    (local.set $v (i32.add (local.get $v) (i32.const 3)))
    (if (local.get $b)
      (then (i32.store (local.get $a) (local.get $v)))
      (else (local.set $v (i32.const 3))))
    (local.set $v (if (result i32) (local.get $b) (then (local.get $v)) (else (local.get $b))))
    (drop (call $leaf (local.get $v) (local.get $b)))
    (drop (call $leaf (i32.load (local.get $a)) (local.get $v)))
    (if (i32.and (local.get $v) (i32.const 1))
      (then (if (i32.and (local.get $v) (i32.const 2)) (then (nop)))))
    ;; A load that only a branch reads.
    (block (br_if 0 (i32.load (local.get $a))))
    (block (br_if 0 (i32.eqz (i32.load offset=4 (local.get $a)))))
    (block (br_if 0 (i32.eq (i32.load (local.get $a)) (local.get $b))))
    (block (br_if 0 (i32.ne (local.get $b) (i32.load (local.get $a)))))
    (block (br_if 0 (i32.and (i32.load (local.get $a)) (i32.const 4))))
    (if (i32.and (i32.load (local.get $a)) (i32.const 4)) (then (nop)))
    (block (br_if 0 (i32.load8_u (local.get $a))))
    (block (br_if 0 (i32.eqz (i32.load8_u offset=4 (local.get $a)))))
    (block (br_if 0 (i32.eq (i32.load8_u (local.get $a)) (local.get $b))))
    (block (br_if 0 (i32.ne (local.get $b) (i32.load8_u (local.get $a)))))
    (block (br_if 0 (i32.and (i32.load8_u (local.get $a)) (i32.const 4))))
    (if (i32.and (i32.load8_u (local.get $a)) (i32.const 4)) (then (nop)))
    (block (br_if 0 (i32.load16_u (local.get $a))))
    (block (br_if 0 (i32.eqz (i32.load16_u offset=4 (local.get $a)))))
    (block (br_if 0 (i32.eq (i32.load16_u (local.get $a)) (local.get $b))))
    (block (br_if 0 (i32.ne (local.get $b) (i32.load16_u (local.get $a)))))
    (block (br_if 0 (i32.and (i32.load16_u (local.get $a)) (i32.const 4))))
    (if (i32.and (i32.load16_u (local.get $a)) (i32.const 4)) (then (nop)))
    ;; Pairs: an op that jumps straight to the next one's handler.
    (local.set $v (i32.load (local.get $a)))
    (local.set $v (i32.load offset=4 (local.get $a)))
    (i32.store (local.get $b) (i32.load (local.get $a)))
    (i32.store (local.get $a) (local.get $v))
    (i32.store offset=4 (local.get $a) (local.get $v))
    (local.set $v (i32.add (local.get $v) (i32.const 1)))
    (local.set $v (i32.add (local.get $v) (i32.const 2)))
    (i32.store (local.get $a) (i32.add (local.get $v) (i32.const 1)))
    (if (local.get $b)
      (then (local.set $v (i32.add (local.get $v) (i32.const 1))))
      (else (local.set $v (i32.const 3))))
    (local.set $v (i32.add (local.get $b) (i32.const 1)))
    (block (br_if 0 (local.tee $v (i32.add (local.get $v) (i32.const -1)))))
    (i32.store (local.get $a) (local.get $b))
    (local.set $v (i32.add (local.get $v) (i32.const 5)))
    ;; Bulk memory.
    (local.set $v (memory.size))
    (memory.fill (local.get $a) (i32.const 1) (i32.const 16))
    (memory.copy (local.get $a) (local.get $b) (i32.const 16)))

  ;; Every load and store of memory 1 (64-bit addresses: the ops of any memory).
  (func $memory_wide (param $a i64)
    (local $v i32) (local $w i64)
    (local.set $v (i32.load $wide (local.get $a)))
    (local.set $w (i64.load $wide (local.get $a)))
    (local.set $v (i32.load8_s $wide (local.get $a)))
    (local.set $v (i32.load8_u $wide (local.get $a)))
    (local.set $v (i32.load16_s $wide (local.get $a)))
    (local.set $v (i32.load16_u $wide (local.get $a)))
    (local.set $w (i64.load8_s $wide (local.get $a)))
    (local.set $w (i64.load8_u $wide (local.get $a)))
    (local.set $w (i64.load16_s $wide (local.get $a)))
    (local.set $w (i64.load16_u $wide (local.get $a)))
    (local.set $w (i64.load32_s $wide (local.get $a)))
    (local.set $w (i64.load32_u $wide offset=4 (local.get $a)))
    (i32.store $wide (local.get $a) (local.get $v))
    (i64.store $wide (local.get $a) (local.get $w))
    (i32.store8 $wide (local.get $a) (local.get $v))
    (i32.store16 $wide (local.get $a) (local.get $v))
    (i64.store8 $wide (local.get $a) (local.get $w))
    (i64.store16 $wide (local.get $a) (local.get $w))
    (i64.store32 $wide offset=8 (local.get $a) (local.get $w))
    (local.set $w (memory.size $wide))
    (memory.fill $wide (local.get $a) (i32.const 1) (i64.const 16))
    (memory.copy $wide 0 (local.get $a) (i32.const 8) (i32.const 16)))

  (func $tables (param $i i32)
    (local $r funcref) (local $n i32)
    (local.set $r (table.get $t (local.get $i)))
    (table.set $t (local.get $i) (local.get $r))
    (local.set $n (table.size $t))
    (table.fill $t (i32.const 2) (ref.func $leaf) (i32.const 1))
    (table.copy $t $t2 (i32.const 2) (i32.const 0) (i32.const 1))
    (local.set $n (ref.is_null (local.get $r)))
    (drop (ref.as_non_null (ref.func $leaf)))
    ;; GC's ops that stay in the threaded code: i31 and the hierarchy conversions.
    (struct.set $obj 0 (global.get $o) (local.get $n))
    (struct.set $obj 1 (global.get $o) (struct.get $obj 0 (global.get $o)))
    (struct.set $obj 2 (global.get $o) (struct.get $obj 2 (global.get $o)))
    (local.set $n (i32.add (local.get $n) (struct.get_s $obj 1 (global.get $o))))
    (array.set $arr (global.get $a) (i32.const 0) (array.get_u $arr (global.get $a) (i32.const 1)))
    (array.set $varr (global.get $va) (i32.const 0) (array.get $varr (global.get $va) (i32.const 0)))
    (local.set $n (i32.add (local.get $n) (array.len (global.get $a))))
    (local.set $n (struct.get $pt 0 (struct.new $pt (local.get $n) (i64.const 2))))
    (local.set $n (i31.get_s (ref.i31 (local.get $n))))
    (local.set $n (i31.get_u (ref.i31 (local.get $n))))
    (local.set $n (ref.is_null
      (any.convert_extern (extern.convert_any (ref.i31 (local.get $n)))))))

  (func $leaf (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $pair (result i32 i64) (i32.const 1) (i64.const 2))

  ;; Calls within the instance, through the table, and to another instance.
  (func $calls (param $i i32) (result i32)
    (call $pair) (drop) (drop)
    (drop (call_indirect $t (type $binary) (i32.const 1) (local.get $i) (i32.const 0)))
    (drop (call $other (i32.const 2) (local.get $i)))
    (call $leaf (i32.const 1) (local.get $i)))
"#;

/// The module `run`'s module imports `$other` from: a wasm function of another
/// instance, with a memory of its own.
const OTHER: &str = r#"(module
  (memory 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.store (i32.const 8) (local.get 0))
    (i32.add (i32.load (i32.const 8)) (local.get 1))))"#;

/// The module: the functions above, and `run(n)`, which calls each of them `n` times.
fn module_text() -> String {
    format!(
        r#"(module
  (type $binary (func (param i32 i32) (result i32)))
  (import "other" "add" (func $other (type $binary)))
  (memory 1)
  (memory $wide i64 1)
  (table $t 4 funcref)
  (table $t2 4 funcref)
  (elem (table $t) (i32.const 0) func $leaf $leaf)
  (elem (table $t2) (i32.const 0) func $leaf $leaf)
  (global $g (mut i32) (i32.const 0))
  (global $gv (mut v128) (v128.const i64x2 1 2))
  ;; GC's objects, made by constant expressions: allocation leaves the threaded code,
  ;; field and element access does not.
  (type $obj (struct (field (mut i32)) (field (mut i8)) (field (mut v128))))
  (type $arr (array (mut i16)))
  (type $varr (array (mut v128)))
  (type $pt (struct (field i32) (field i64)))
  (global $o (ref $obj) (struct.new_default $obj))
  (global $a (ref $arr) (array.new_fixed $arr 2 (i32.const 1) (i32.const -1)))
  (global $va (ref $varr) (array.new_default $varr (i32.const 1)))
  (func $numeric
{LOCALS}
{numeric}
{pairs})
{OTHERS}
{add_branches}
  (func (export "run") (param $n i32) (result i32)
    (local $sum i32)
    (loop $again
      (call $numeric)
      (local.set $sum (i32.add (local.get $sum) (call $imm (local.get $n) (i64.const 9))))
      (call $branches (local.get $n) (i32.const 3) (i64.const 4) (i64.const 5)
                      (f64.const 1.5) (f64.const 2.5))
      (call $add_branches (local.get $n) (i32.const 3))
      (local.set $sum (i32.add (local.get $sum)
        (call $moves (local.get $n) (i64.const 6) (i32.const 7))))
      (call $memory (i32.const 64) (i32.const 8))
      (call $memory_wide (i64.const 128))
      (call $tables (i32.const 1))
      (local.set $sum (i32.add (local.get $sum) (call $calls (i32.const 0))))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum)))
"#,
        numeric = numeric(),
        pairs = f64_pairs(),
        add_branches = add_branches()
    )
}

/// Ops whose handlers never dispatch (the op table's rows of kind `exit`): they trap
/// (`Unreachable`) or leave the threaded code for the interpreter's slow path (`interpret` in
/// `exec.rs`), which starts a new chain of handlers afterwards. The loop must not hold
/// them, as their return would unwind the native stack every iteration and hide its
/// growth. (`ConsumeFuel` is only in code compiled for fuel, which
/// `every_op_on_a_tiny_stack_with_fuel` runs.)
fn not_in_loop() -> Vec<&'static str> {
    (0..Op::COUNT)
        .filter(|&t| Op::variant_leaves_threaded_code(t) == Some(true))
        .filter_map(Op::variant_name)
        .collect()
}

/// Runs `run(ITERATIONS)` on a thread with a `STACK`-byte stack, with or without fuel.
fn run_on_tiny_stack(fuel: bool) {
    let text = module_text();
    let result = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let mut config = awe::Config::new();
            config.consume_fuel(fuel);
            let engine = Engine::new(&config).unwrap();
            let module = Module::new(&engine, &text).map_err(|e| e.to_string())?;
            let mut store = Store::new(&engine, ());
            if fuel {
                store.set_fuel(u64::MAX).map_err(|e| e.to_string())?;
            }
            let other = Module::new(&engine, OTHER).map_err(|e| e.to_string())?;
            let mut linker = Linker::new(&engine);
            let other = linker
                .instantiate(&mut store, &other)
                .map_err(|e| e.to_string())?;
            linker.instance(&mut store, "other", other).unwrap();
            let instance = linker
                .instantiate(&mut store, &module)
                .map_err(|e| e.to_string())?;
            let run = instance
                .get_typed_func::<i32, i32>(&store, "run")
                .map_err(|e| e.to_string())?;
            run.call(&mut store, ITERATIONS).map_err(|e| e.to_string())
        })
        .expect("spawn")
        .join()
        .expect("the thread ran to its end");
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn every_op_on_a_tiny_stack() {
    run_on_tiny_stack(false);
}

#[test]
fn every_op_on_a_tiny_stack_with_fuel() {
    run_on_tiny_stack(true);
}

/// The ops in the translated code of every function of the module, for `config`.
fn ops_of(config: &awe_engine::Config) -> BTreeSet<usize> {
    let module = awe_text::parse_module(&module_text()).expect("the module parses");
    let valid = awe_validate::validate(module).expect("the module validates");
    let code = awe_engine::ModuleCode::for_config(valid, config);
    let mut tags = BTreeSet::new();
    for i in 0..code.module().funcs.len() {
        let compiled = code.ensure(i).expect("the function translates");
        tags.extend(compiled.code.iter().map(Op::tag));
    }
    tags
}

#[test]
// Translation only, no `unsafe` code: minutes under Miri for nothing it could find.
#[cfg_attr(miri, ignore = "no unsafe code; covered by the normal run")]
fn the_loop_holds_every_op() {
    let plain = ops_of(&awe_engine::Config::default());
    let fuel = ops_of(&awe_engine::Config {
        fuel: true,
        ..Default::default()
    });
    let not_in_loop = not_in_loop();
    assert!(not_in_loop.contains(&"Unreachable") && not_in_loop.contains(&"MemoryGrow"));
    let missing: Vec<&str> = (0..Op::COUNT)
        .filter(|t| !plain.contains(t) && !fuel.contains(t))
        .filter_map(Op::variant_name)
        .filter(|name| !not_in_loop.contains(name))
        .collect();
    assert!(missing.is_empty(), "ops the module lacks: {missing:?}");
    let unwinding: Vec<&str> = plain
        .union(&fuel)
        .filter_map(|&t| Op::variant_name(t))
        .filter(|name| not_in_loop.contains(name))
        .collect();
    assert!(unwinding.is_empty(), "ops that end a chain: {unwinding:?}");
    let consume = (0..Op::COUNT)
        .find(|&t| Op::variant_name(t) == Some("ConsumeFuel"))
        .expect("ConsumeFuel is an op");
    assert!(fuel.contains(&consume) && !plain.contains(&consume));
}

/// `cargo test` builds `awe-engine` optimized (root `Cargo.toml`), so on the targets
/// where `build.rs` turns it on the tests above run the threaded handlers.
#[test]
#[cfg(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(miri)))]
// A constant indeed: what the build chose.
#[allow(clippy::assertions_on_constants)]
fn threaded_dispatch_is_on() {
    assert!(
        awe_engine::TAIL_CALLS,
        "awe-engine was built with portable dispatch (opt-level below 2, debug assertions, \
         or feature `portable-dispatch`)"
    );
}

/// Under Miri, `build.rs` chooses portable dispatch whatever the profile: Miri makes no
/// tail calls (every op would nest a frame) and cannot run the threaded branches' `asm!`.
#[test]
#[cfg(miri)]
#[allow(clippy::assertions_on_constants)]
fn miri_runs_the_portable_dispatch() {
    assert!(
        !awe_engine::TAIL_CALLS,
        "awe-engine was built with threaded dispatch"
    );
}

/// The golden corpus of translated code (`crates/awe-engine/tests/golden/corpus/every-op.wat`)
/// holds this module, after its two comment lines (rewritten with `AWE_BLESS=1`).
#[test]
#[cfg_attr(miri, ignore = "no unsafe code")]
fn the_golden_corpus_holds_this_module() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../awe-engine/tests/golden/corpus/every-op.wat"
    );
    let golden = std::fs::read_to_string(path).unwrap();
    let header: String = golden.lines().take(2).map(|l| format!("{l}\n")).collect();
    let want = format!("{header}{}", module_text());
    if std::env::var_os("AWE_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
    } else {
        assert!(
            golden == want,
            "{path} is not this module: run with AWE_BLESS=1 and bless the golden files"
        );
    }
}

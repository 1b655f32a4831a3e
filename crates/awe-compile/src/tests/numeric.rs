//! Every scalar numeric instruction, compiled alone, against the interpreter's semantics
//! (`awe_engine::num`, one function per row) on a set of operands with the edge cases
//! (zeros, extremes, powers of two at the conversions' bounds, infinities, NaNs with
//! payloads, quiet and signalling): the same bits, NaNs included, or the same trap.

use super::*;

/// A Rust operand type of the table: its text name, its samples, its cell.
trait Operand: Copy {
    const WAT: &'static str;
    fn samples() -> Vec<Self>;
    fn cell(self) -> u64;
}

impl Operand for i32 {
    const WAT: &'static str = "i32";
    fn samples() -> Vec<i32> {
        vec![
            0,
            1,
            -1,
            2,
            7,
            -7,
            31,
            32,
            33,
            0x80,
            0x1234_5678,
            i32::MIN,
            i32::MAX,
            i32::MIN + 1,
        ]
    }
    fn cell(self) -> u64 {
        u64::from(self as u32)
    }
}

impl Operand for i64 {
    const WAT: &'static str = "i64";
    fn samples() -> Vec<i64> {
        vec![
            0,
            1,
            -1,
            3,
            -3,
            63,
            64,
            65,
            0x1234_5678_9abc_def0,
            i64::from(i32::MIN),
            i64::from(u32::MAX),
            i64::MIN,
            i64::MAX,
            i64::MIN + 1,
            1 << 53 | 1,
        ]
    }
    fn cell(self) -> u64 {
        self as u64
    }
}

impl Operand for f32 {
    const WAT: &'static str = "f32";
    fn samples() -> Vec<f32> {
        let bits = [
            0x7fc0_0000u32,
            0xffc0_0000,
            0x7fa0_0001,
            0xff80_0123,
            0x7fc0_1234,
            1,
            0x8000_0001,
        ];
        let mut v: Vec<f32> = bits.iter().map(|&b| f32::from_bits(b)).collect();
        v.extend([
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            -0.9,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            f32::INFINITY,
            f32::NEG_INFINITY,
            2_147_483_648.0,
            -2_147_483_648.0,
            -2_147_483_904.0,
            4_294_967_296.0,
            4_294_967_040.0,
            9_223_372_036_854_775_808.0,
            -9_223_372_036_854_775_808.0,
            18_446_744_073_709_551_616.0,
            1e10,
        ]);
        v
    }
    fn cell(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Operand for f64 {
    const WAT: &'static str = "f64";
    fn samples() -> Vec<f64> {
        let bits = [
            0x7ff8_0000_0000_0000u64,
            0xfff8_0000_0000_0000,
            0x7ff4_0000_0000_0001,
            0xfff0_0000_0000_0123,
            0x7ff8_0000_0000_1234,
            1,
            0x8000_0000_0000_0001,
        ];
        let mut v: Vec<f64> = bits.iter().map(|&b| f64::from_bits(b)).collect();
        v.extend([
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            -0.9,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2_147_483_648.0,
            2_147_483_647.9,
            -2_147_483_648.9,
            -2_147_483_649.0,
            4_294_967_296.0,
            4_294_967_295.9,
            9_223_372_036_854_775_808.0,
            -9_223_372_036_854_775_808.0,
            -9_223_372_036_854_777_856.0,
            18_446_744_073_709_551_616.0,
            f64::from(f32::MAX) * 2.0,
            1e-300,
        ]);
        v
    }
    fn cell(self) -> u64 {
        self.to_bits()
    }
}

/// A semantic function's result, trapping (`Result<T, TrapCode>`) or not (`T`), as the
/// cell native code leaves.
trait Outcome {
    fn outcome(self) -> Result<u64, TrapCode>;
}

impl<T: Operand> Outcome for T {
    fn outcome(self) -> Result<u64, TrapCode> {
        Ok(self.cell())
    }
}

impl<T: Operand> Outcome for Result<T, TrapCode> {
    fn outcome(self) -> Result<u64, TrapCode> {
        self.map(Operand::cell)
    }
}

/// One row: its keyword, the module text of a function that is just it, and the
/// interpreter's results for every combination of samples (with the cells of the
/// arguments).
struct Row {
    name: &'static str,
    /// The result's type (`f32`, ...).
    result: &'static str,
    func: String,
    cases: Vec<(Vec<u64>, Result<u64, TrapCode>)>,
}

macro_rules! define_rows {
    (
        unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
        binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
    ) => {
        fn rows() -> Vec<Row> {
            let mut rows = Vec::new();
            $( {
                type A = awe_module::scalar_operand_type!($ucl $uargs);
                type R = awe_module::scalar_result_type!($ucl $uargs);
                let cases = A::samples()
                    .into_iter()
                    .map(|a| (vec![a.cell()], awe_engine::num::$uf(a).outcome()))
                    .collect();
                rows.push(Row {
                    name: $ut,
                    result: R::WAT,
                    func: format!(
                        "(func (param {}) (result {}) local.get 0 {})",
                        A::WAT, R::WAT, $ut
                    ),
                    cases,
                });
            } )*
            $( {
                type A = awe_module::scalar_operand_type!($bcl $bargs);
                type R = awe_module::scalar_result_type!($bcl $bargs);
                let mut cases = Vec::new();
                for a in A::samples() {
                    for b in A::samples() {
                        cases.push((
                            vec![a.cell(), b.cell()],
                            awe_engine::num::$bf(a, b).outcome(),
                        ));
                    }
                }
                rows.push(Row {
                    name: $bt,
                    result: R::WAT,
                    func: format!(
                        "(func (param {a} {a}) (result {}) local.get 0 local.get 1 {})",
                        R::WAT, $bt, a = A::WAT
                    ),
                    cases,
                });
            } )*
            rows
        }
    };
}

awe_module::for_each_scalar_instruction!(define_rows);

/// Whether `got` and `expected` are both NaNs of type `ty` and `got` is an arithmetic
/// NaN (quiet bit set): what the spec allows an operation to return whenever an operand
/// is a NaN, whichever NaN it is (the interpreter's own choice depends on the host, and
/// even on whether the optimizer folded the operation; neg, abs and copysign, which are
/// exact on bits, compare equal anyway).
fn both_arithmetic_nans(
    ty: &str,
    got: &Result<u64, TrapCode>,
    expected: &Result<u64, TrapCode>,
) -> bool {
    let (Ok(g), Ok(e)) = (got, expected) else {
        return false;
    };
    match ty {
        "f32" => {
            let (g, e) = (f32::from_bits(*g as u32), f32::from_bits(*e as u32));
            g.is_nan() && e.is_nan() && g.to_bits() & 0x0040_0000 != 0
        }
        "f64" => {
            let (g, e) = (f64::from_bits(*g), f64::from_bits(*e));
            g.is_nan() && e.is_nan() && g.to_bits() & 0x0008_0000_0000_0000 != 0
        }
        _ => false,
    }
}

#[test]
fn every_scalar_instruction_computes_as_the_interpreter() {
    let c = Cranelift::new().unwrap();
    let rows = rows();
    let text: String = rows.iter().map(|r| r.func.as_str()).collect();
    let m = module(&format!("(module {text})"));
    let mut wrong = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let (f, t) = compiled(&c, &m, i as u32, Checkpoints::None);
        for (args, expected) in &row.cases {
            let mut ctx = Ctx::new();
            let mut cells = args.clone();
            run(&mut ctx, &f, t, &mut cells);
            let got = match events().as_slice() {
                [] => Ok(cells[0]),
                [Event::Trap { code, .. }] => Err(TrapCode::ALL[*code as usize]),
                other => panic!("{}: unexpected libcalls {other:?}", row.name),
            };
            if got != *expected && !both_arithmetic_nans(row.result, &got, expected) {
                wrong.push(format!(
                    "{} {args:x?}: native {got:x?}, interpreter {expected:x?}",
                    row.name
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

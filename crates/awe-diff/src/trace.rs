//! What one engine did with a module: the engine-independent record that is compared.

use std::fmt;

/// A WebAssembly value as compared between engines. Floats are bits (NaNs are
/// canonical, so bitwise comparison is right); a `funcref` is only null or not (function
/// identities are not comparable across engines); an `externref` is the host's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// `i32`.
    I32(u32),
    /// `i64`.
    I64(u64),
    /// `f32` bits.
    F32(u32),
    /// `f64` bits.
    F64(u64),
    /// `v128` bits (lane 0 in the low bits; float lanes are compared bitwise: wasm-smith
    /// canonicalizes their NaNs too).
    V128(u128),
    /// `funcref`: whether it is non-null.
    FuncRef(bool),
    /// `externref`: the host's number, or null.
    ExternRef(Option<u32>),
}

impl Value {
    /// Equal, with any two NaNs of a type equal when `nan_tolerant`.
    pub fn same(&self, other: &Value, nan_tolerant: bool) -> bool {
        match (*self, *other) {
            (Value::F32(a), Value::F32(b)) if nan_tolerant => {
                a == b || (f32::from_bits(a).is_nan() && f32::from_bits(b).is_nan())
            }
            (Value::F64(a), Value::F64(b)) if nan_tolerant => {
                a == b || (f64::from_bits(a).is_nan() && f64::from_bits(b).is_nan())
            }
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::I32(v) => write!(f, "{}", v as i32),
            Value::I64(v) => write!(f, "{}", v as i64),
            Value::F32(v) => write!(f, "f32:{v:#x}"),
            Value::F64(v) => write!(f, "f64:{v:#x}"),
            Value::V128(v) => write!(f, "v128:{v:#034x}"),
            Value::FuncRef(true) => f.write_str("funcref"),
            Value::FuncRef(false) | Value::ExternRef(None) => f.write_str("null"),
            Value::ExternRef(Some(k)) => write!(f, "extern:{k}"),
        }
    }
}

/// A value type, as both engines see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `funcref`.
    FuncRef,
    /// `externref`.
    ExternRef,
    /// `v128`.
    V128,
}

/// A trap, in the kinds both engines distinguish (awe's "undefined element" is wasmi's
/// "table out of bounds"; "uninitialized element" is wasmi's "indirect call to null").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable`.
    Unreachable,
    /// Integer division or remainder by zero.
    DivideByZero,
    /// Integer overflow (division, or float to integer).
    IntegerOverflow,
    /// NaN to integer.
    InvalidConversion,
    /// Memory access out of bounds.
    MemoryOutOfBounds,
    /// Table access out of bounds (also `call_indirect` past the table's end).
    TableOutOfBounds,
    /// `call_indirect` of a null element.
    NullElement,
    /// `call_indirect` signature mismatch.
    SignatureMismatch,
    /// A host function returned an error.
    Host,
    /// A translation failure of awe surfacing at a call (`TrapReason::Unsupported`).
    Unsupported(String),
    /// Anything else, with its message.
    Other(String),
}

impl fmt::Display for TrapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrapKind::Unreachable => f.write_str("unreachable"),
            TrapKind::DivideByZero => f.write_str("integer divide by zero"),
            TrapKind::IntegerOverflow => f.write_str("integer overflow"),
            TrapKind::InvalidConversion => f.write_str("invalid conversion to integer"),
            TrapKind::MemoryOutOfBounds => f.write_str("out of bounds memory access"),
            TrapKind::TableOutOfBounds => f.write_str("out of bounds table access"),
            TrapKind::NullElement => f.write_str("uninitialized element"),
            TrapKind::SignatureMismatch => f.write_str("indirect call type mismatch"),
            TrapKind::Host => f.write_str("host error"),
            TrapKind::Unsupported(m) => write!(f, "unsupported: {m}"),
            TrapKind::Other(m) => write!(f, "other: {m}"),
        }
    }
}

/// Why a call gives no verdict (and stops the module: the engines' states may differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoVerdict {
    /// Engine fuel ran out (the engines count fuel differently).
    Fuel,
    /// The call stack or value stack is exhausted (the engines' limits differ).
    Stack,
    /// The engine ran out of some resource (memory for its own structures).
    Resource,
}

impl fmt::Display for NoVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoVerdict::Fuel => "fuel",
            NoVerdict::Stack => "stack",
            NoVerdict::Resource => "resource",
        })
    }
}

/// How a call (or the start function) ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Returned these results.
    Values(Vec<Value>),
    /// Trapped.
    Trap(TrapKind),
    /// No verdict.
    NoVerdict(NoVerdict),
    /// Some other error of the engine (API misuse, link error), with its message.
    Error(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Values(v) => {
                f.write_str("[")?;
                for (i, v) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Outcome::Trap(t) => write!(f, "trap {t}"),
            Outcome::NoVerdict(n) => write!(f, "no verdict ({n})"),
            Outcome::Error(e) => write!(f, "error: {e}"),
        }
    }
}

/// A call of a host function: its name and arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostCall {
    /// The import's field name.
    pub name: &'static str,
    /// The arguments.
    pub args: Vec<Value>,
}

/// The observable state of one exported (or host-provided) item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemState {
    /// A memory: its size in pages and a hash of its bytes.
    Memory {
        /// Size in pages.
        pages: u64,
        /// A hash of the bytes.
        hash: u64,
    },
    /// A global's value.
    Global(Value),
    /// A table: for each element, whether it is non-null.
    Table(Vec<bool>),
}

/// The state after a call: every exported memory, global and table, by export name
/// (host items as `env.NAME`), in export order.
pub type State = Vec<(String, ItemState)>;

/// One call of an export.
#[derive(Clone, Debug, PartialEq)]
pub struct CallRecord {
    /// How it ended.
    pub outcome: Outcome,
    /// The host calls it made.
    pub host: Vec<HostCall>,
    /// The state afterwards.
    pub state: State,
}

/// What one engine did with a module.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    /// `Err(message)` if the module was refused (malformed or invalid).
    pub compile: Option<Result<(), String>>,
    /// awe's eager translation of every function (`None` when not asked or not awe).
    pub translate: Option<Result<(), String>>,
    /// The instantiation (with the start function), with the host calls it made and the
    /// state afterwards.
    pub instantiate: Option<CallRecord>,
    /// The calls, in plan order, up to the first with no verdict.
    pub calls: Vec<CallRecord>,
    /// A panic inside the engine, with its message.
    pub panic: Option<String>,
}

/// One planned call: an export name and the arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedCall {
    /// The export.
    pub name: String,
    /// The arguments.
    pub args: Vec<Value>,
}

impl fmt::Display for PlannedCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a}")?;
        }
        f.write_str(")")
    }
}

/// A 64-bit hash of bytes (FNV-1a over 8-byte words): memories are compared by it.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h ^ w).wrapping_mul(0x0000_0100_0000_01b3);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

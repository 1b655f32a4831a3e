//! The capability boundary: what a script needs from awe beyond decoding and parsing.
//!
//! The runner decodes binary modules and parses text modules itself; everything else a
//! script asks for (validating a module, instantiating it, calling its exports, reading
//! its globals, registering it for imports) goes through one [`Backend`]. [`Awe`] is awe
//! as it is today: it validates with `awe-validate`, and answers [`Unsupported`] for
//! everything that needs the engine, so the runner reports those directives as skipped.
//! When the engine lands, it is plugged in here, in `impl Backend for Awe`, with a few
//! lines per method; nothing else in the runner changes.

use awe_module::{Module, RefType};
use awe_text::wast::Value;
use std::fmt;

/// A capability that awe does not have yet. The directive that needed it is skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unsupported {
    /// No validator: `assert_invalid` cannot be checked.
    Validation,
    /// No engine: nothing can be instantiated, called or read.
    Execution,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unsupported::Validation => "validation not available yet",
            Unsupported::Execution => "execution not available yet",
        })
    }
}

/// What a backend answers: `Err(Unsupported)` when it cannot do it at all, else the
/// outcome (which may itself be an error the script expects, such as a trap).
pub type Support<T> = Result<T, Unsupported>;

/// Why instantiating, calling or reading did not produce a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecError {
    /// Imports could not be resolved or do not match (`assert_unlinkable`).
    Link(String),
    /// A trap, during a call or while instantiating (`assert_trap`,
    /// `assert_uninstantiable`).
    Trap(String),
    /// The call stack or another resource ran out (`assert_exhaustion`).
    Exhaustion(String),
}

impl ExecError {
    /// The message alone, worded as the reference interpreter words it.
    pub fn message(&self) -> &str {
        match self {
            ExecError::Link(m) | ExecError::Trap(m) | ExecError::Exhaustion(m) => m,
        }
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Link(m) => write!(f, "link error {m:?}"),
            ExecError::Trap(m) => write!(f, "trap {m:?}"),
            ExecError::Exhaustion(m) => write!(f, "exhaustion {m:?}"),
        }
    }
}

/// A value that came back from a call or a global.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Val {
    /// An `i32`.
    I32(u32),
    /// An `i64`.
    I64(u64),
    /// An `f32`, as bits.
    F32(u32),
    /// An `f64`, as bits.
    F64(u64),
    /// A `v128`, little-endian bytes.
    V128([u8; 16]),
    /// A null reference of the type.
    RefNull(RefType),
    /// A host reference, made by the script's `ref.extern N`.
    RefExtern(u32),
    /// A non-null function reference.
    RefFunc,
}

impl From<Value> for Val {
    /// A script's argument as a value (the engine may hand arguments back as results).
    fn from(v: Value) -> Val {
        match v {
            Value::I32(x) => Val::I32(x),
            Value::I64(x) => Val::I64(x),
            Value::F32(x) => Val::F32(x),
            Value::F64(x) => Val::F64(x),
            Value::V128(x) => Val::V128(x),
            Value::RefNull(t) => Val::RefNull(t),
            Value::RefExtern(x) => Val::RefExtern(x),
        }
    }
}

/// Everything a script needs beyond decoding and parsing. Each method answers
/// `Err(Unsupported)` when the capability is missing.
///
/// A backend that can execute creates the reference interpreter's `spectest` module
/// (`print*` functions, `global_i32` ..., `table`, `memory`) and makes it importable
/// before the script runs.
pub trait Backend {
    /// An instantiated module, as the engine holds it.
    type Instance: Clone;

    /// Validates a module that decoded or parsed: `Ok(Err(message))` for an invalid one,
    /// the message worded as the test suite's (`"type mismatch"`, ...), extra detail
    /// after it allowed.
    fn validate(&mut self, module: &Module) -> Support<Result<(), String>>;

    /// Instantiates a module, resolving its imports against the registered instances.
    /// The runner has validated it first when [`Backend::validate`] is supported.
    fn instantiate(&mut self, module: &Module) -> Support<Result<Self::Instance, ExecError>>;

    /// Calls the exported function `name` of `instance` with `args`.
    fn invoke(
        &mut self,
        instance: &Self::Instance,
        name: &str,
        args: &[Value],
    ) -> Support<Result<Vec<Val>, ExecError>>;

    /// Reads the exported global `name` of `instance`.
    fn get(&mut self, instance: &Self::Instance, name: &str) -> Support<Result<Val, ExecError>>;

    /// Makes the exports of `instance` importable under the module name `name`.
    fn register(&mut self, name: &str, instance: &Self::Instance) -> Support<()>;
}

/// awe as it is today: it decodes and parses (the runner does that itself) and
/// validates (`awe_validate::check`); it has no engine yet.
///
/// This is where the engine plugs in: `instantiate`, `invoke`, `get` and `register`
/// will call the embedding API (creating the `spectest` module in `Awe::default`), with
/// `Instance` becoming the engine's instance handle.
#[derive(Debug, Default)]
pub struct Awe;

impl Backend for Awe {
    /// Nothing can be instantiated yet, so there is no instance.
    type Instance = std::convert::Infallible;

    fn validate(&mut self, module: &Module) -> Support<Result<(), String>> {
        Ok(awe_validate::check(module).map_err(|e| e.to_string()))
    }

    fn instantiate(&mut self, _module: &Module) -> Support<Result<Self::Instance, ExecError>> {
        Err(Unsupported::Execution)
    }

    fn invoke(
        &mut self,
        instance: &Self::Instance,
        _name: &str,
        _args: &[Value],
    ) -> Support<Result<Vec<Val>, ExecError>> {
        match *instance {}
    }

    fn get(&mut self, instance: &Self::Instance, _name: &str) -> Support<Result<Val, ExecError>> {
        match *instance {}
    }

    fn register(&mut self, _name: &str, instance: &Self::Instance) -> Support<()> {
        match *instance {}
    }
}

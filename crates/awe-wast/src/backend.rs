//! The capability boundary: what a script needs from awe beyond decoding and parsing.
//!
//! The runner decodes binary modules and parses text modules itself; everything else a
//! script asks for (validating a module, instantiating it, calling its exports, reading
//! its globals, registering it for imports) goes through one [`Backend`]. [`Awe`] is awe:
//! it validates with `awe-validate` and runs code with the engine through the embedding
//! API; what the engine cannot run yet (SIMD) answers [`Unsupported`], and the runner
//! reports those directives as skipped.

use awe_module::{HeapType, Module};
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
    /// An exception no handler caught (`assert_exception`): its description.
    Exception(String),
}

impl ExecError {
    /// The message alone, worded as the reference interpreter words it.
    pub fn message(&self) -> &str {
        match self {
            ExecError::Link(m)
            | ExecError::Trap(m)
            | ExecError::Exhaustion(m)
            | ExecError::Exception(m) => m,
        }
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Link(m) => write!(f, "link error {m:?}"),
            ExecError::Trap(m) => write!(f, "trap {m:?}"),
            ExecError::Exhaustion(m) => write!(f, "exhaustion {m:?}"),
            ExecError::Exception(m) => write!(f, "uncaught exception {m:?}"),
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
    /// A null reference of the heap type's hierarchy.
    RefNull(HeapType),
    /// A host reference, made by the script's `ref.extern N`.
    RefExtern(u32),
    /// A non-null function reference.
    RefFunc,
    /// A non-null exception reference.
    RefExn,
    /// Host reference `N` as an `anyref` (the script's `ref.host N`).
    RefHost(u32),
    /// A non-null `i31`, struct or array (its abstract heap type).
    RefGc(HeapType),
    /// An `anyref` made an `externref` (`extern.convert_any`).
    RefExternAny,
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
            Value::RefHost(x) => Val::RefHost(x),
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

    /// Decodes a binary module as the engine would (by default as `awe_binary::decode`).
    fn decode(&self, bytes: &[u8]) -> Result<Module, awe_binary::DecodeError> {
        awe_binary::decode(bytes)
    }

    /// Parses a quoted text module as the engine would (by default as
    /// `awe_text::parse_module`).
    fn parse(&self, text: &str) -> Result<Module, awe_text::TextError> {
        awe_text::parse_module(text)
    }

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

/// awe itself: validation with `awe-validate`, instantiation and calls with the engine
/// through the embedding API, and the reference interpreter's `spectest` module
/// (`print*` functions, `global_i32` = 666, `global_i64` = 666, `global_f32` = 666.6,
/// `global_f64` = 666.6, `table` of 10 to 20 funcref, `memory` of 1 to 2 pages),
/// importable from the start.
pub struct Awe {
    engine: awe::Engine,
    /// The features modules may use.
    features: awe_validate::Features,
    store: awe::Store<()>,
    linker: awe::Linker<()>,
    /// In [`Limit::Deadline`] mode, the watchdog that interrupts a late directive.
    watchdog: Option<Watchdog>,
}

/// How [`Awe`] bounds each directive, so that a bug that loops forever shows up as a
/// failed directive instead of a hung run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Code counts fuel, 200 million units per directive.
    Fuel,
    /// Code runs as an engine's default configuration makes it (no fuel, no checkpoints
    /// in loops); a watchdog thread interrupts a directive that takes longer than this,
    /// at its next call.
    Deadline(std::time::Duration),
}

/// A thread that interrupts the store when the current directive's deadline passes.
struct Watchdog {
    deadline: std::sync::Arc<std::sync::Mutex<Option<std::time::Instant>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    budget: std::time::Duration,
}

impl Watchdog {
    fn start(handle: awe::InterruptHandle, budget: std::time::Duration) -> Self {
        use std::sync::atomic::Ordering;
        let deadline = std::sync::Arc::new(std::sync::Mutex::new(None::<std::time::Instant>));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (d, s) = (deadline.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(20));
                let late = d
                    .lock()
                    .map(|g| g.is_some_and(|t| std::time::Instant::now() > t))
                    .unwrap_or(false);
                if late {
                    handle.interrupt();
                }
            }
        });
        Watchdog {
            deadline,
            stop,
            budget,
        }
    }

    /// Runs `f` under the deadline.
    fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        let set = |v| {
            if let Ok(mut g) = self.deadline.lock() {
                *g = v;
            }
        };
        set(Some(std::time::Instant::now() + self.budget));
        let r = f();
        set(None);
        r
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl fmt::Debug for Awe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Awe")
    }
}

/// Fuel for each instantiation and call: far more than any script needs, so that a
/// bug that loops forever shows up as a failed directive instead of a hung run.
const FUEL_PER_DIRECTIVE: u64 = 200_000_000;

impl Default for Awe {
    fn default() -> Self {
        Awe::new(Limit::Fuel)
    }
}

impl Awe {
    /// A fresh store with the `spectest` module, bounded by `limit`.
    pub fn new(limit: Limit) -> Self {
        Awe::with_features(limit, awe_validate::Features::ALL)
    }

    /// [`Awe::new`], accepting only modules that use `features`.
    pub fn with_features(limit: Limit, features: awe_validate::Features) -> Self {
        Awe::with_strategy(limit, features, awe::Strategy::default(), 1000)
    }

    /// [`Awe::with_features`], running functions by `strategy` (with `Tiered`, compiled
    /// after `tier_up_calls` calls).
    pub fn with_strategy(
        limit: Limit,
        features: awe_validate::Features,
        strategy: awe::Strategy,
        tier_up_calls: u32,
    ) -> Self {
        let mut config = awe::Config::new();
        config.consume_fuel(limit == Limit::Fuel);
        config.features(features);
        config.strategy(strategy);
        config.tier_up_calls(tier_up_calls);
        let engine = awe::Engine::new(&config).expect("every config is supported");
        let mut store = awe::Store::new(&engine, ());
        let mut linker = awe::Linker::new(&engine);
        // A script may register a name again: the later instance wins.
        linker.allow_shadowing(true);
        // Cannot fail: the names are new, the objects the store's own.
        spectest(&mut store, &mut linker).expect("the spectest module is defined");
        let watchdog = match limit {
            Limit::Fuel => None,
            Limit::Deadline(budget) => Some(Watchdog::start(store.interrupt_handle(), budget)),
        };
        Awe {
            engine,
            features,
            store,
            linker,
            watchdog,
        }
    }

    /// Runs `f` bounded: fuel is refilled, or the deadline set.
    fn bounded<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        match self.watchdog.take() {
            Some(w) => {
                let r = w.run(|| f(self));
                self.watchdog = Some(w);
                r
            }
            None => {
                let _ = self.store.set_fuel(FUEL_PER_DIRECTIVE);
                f(self)
            }
        }
    }
}

/// Defines the `spectest` module the official scripts import.
fn spectest(store: &mut awe::Store<()>, linker: &mut awe::Linker<()>) -> awe::Result<()> {
    use awe::{GlobalType, Limits, MemType, Mutability, TableType, Val as V, ValType};
    let m = "spectest";
    linker.func_wrap(m, "print", || {})?;
    linker.func_wrap(m, "print_i32", |_: i32| {})?;
    linker.func_wrap(m, "print_i64", |_: i64| {})?;
    linker.func_wrap(m, "print_f32", |_: f32| {})?;
    linker.func_wrap(m, "print_f64", |_: f64| {})?;
    linker.func_wrap(m, "print_i32_f32", |_: i32, _: f32| {})?;
    linker.func_wrap(m, "print_f64_f64", |_: f64, _: f64| {})?;
    let globals = [
        ("global_i32", ValType::I32, V::I32(666)),
        ("global_i64", ValType::I64, V::I64(666)),
        ("global_f32", ValType::F32, V::F32(666.6f32.to_bits())),
        ("global_f64", ValType::F64, V::F64(666.6f64.to_bits())),
    ];
    for (name, content, v) in globals {
        let ty = GlobalType {
            content,
            mutability: Mutability::Const,
        };
        if let Ok(g) = awe::Global::new(&mut *store, ty, v) {
            linker.define(&*store, m, name, g)?;
        }
    }
    let table = TableType {
        address: awe::AddrType::I32,
        limits: Limits {
            min: 10,
            max: Some(20),
        },
        elem: awe::RefType::FUNCREF,
    };
    if let Ok(t) = awe::Table::new(&mut *store, table, V::FuncRef(None)) {
        linker.define(&*store, m, "table", t)?;
    }
    let memory = MemType {
        address: awe::AddrType::I32,
        limits: Limits {
            min: 1,
            max: Some(2),
        },
    };
    if let Ok(mem) = awe::Memory::new(&mut *store, memory) {
        linker.define(&*store, m, "memory", mem)?;
    }
    Ok(())
}

/// A trap or error of the engine, as the script sees it.
fn exec_error(e: awe::Error) -> ExecError {
    match e {
        awe::Error::Link(m) => ExecError::Link(m),
        awe::Error::Trap(t) if t.code() == Some(awe::TrapCode::StackOverflow) => {
            ExecError::Exhaustion(t.to_string())
        }
        awe::Error::Trap(t) => ExecError::Trap(t.to_string()),
        awe::Error::Exception(_) => ExecError::Exception(String::new()),
        other => ExecError::Trap(other.to_string()),
    }
}

/// A script's value for the engine; a `ref.extern N` is a host reference to `N`.
fn to_engine(store: &mut awe::Store<()>, v: &Value) -> awe::Result<awe::Val> {
    Ok(match *v {
        Value::I32(x) => awe::Val::I32(x as i32),
        Value::I64(x) => awe::Val::I64(x as i64),
        Value::F32(x) => awe::Val::F32(x),
        Value::F64(x) => awe::Val::F64(x),
        Value::V128(x) => awe::Val::V128(u128::from_le_bytes(x)),
        Value::RefNull(h) => awe::Val::default_for(awe::ValType::Ref(awe::RefType::null(h))),
        Value::RefExtern(n) => awe::Val::ExternRef(Some(awe::ExternRef::new(store, n)?)),
        Value::RefHost(n) => {
            let e = awe::ExternRef::new(&mut *store, n)?;
            awe::Val::AnyRef(Some(awe::AnyRef::convert_extern(e)))
        }
    })
}

/// The engine's value for the script: a host reference is the number it holds.
fn from_engine(store: &awe::Store<()>, v: awe::Val) -> Val {
    match v {
        awe::Val::I32(x) => Val::I32(x as u32),
        awe::Val::I64(x) => Val::I64(x as u64),
        awe::Val::F32(x) => Val::F32(x),
        awe::Val::F64(x) => Val::F64(x),
        awe::Val::V128(x) => Val::V128(x.to_le_bytes()),
        awe::Val::FuncRef(None) => Val::RefNull(HeapType::Func),
        awe::Val::AnyRef(None) => Val::RefNull(HeapType::Any),
        awe::Val::AnyRef(Some(a)) => match (a.as_externref(), a.as_i31()) {
            (Some(e), _) => Val::RefHost(host_number(store, e)),
            (None, Some(_)) => Val::RefGc(HeapType::I31),
            (None, None) if a.is_struct(store).unwrap_or(false) => Val::RefGc(HeapType::Struct),
            (None, None) => Val::RefGc(HeapType::Array),
        },
        awe::Val::FuncRef(Some(_)) => Val::RefFunc,
        awe::Val::ExnRef(None) => Val::RefNull(HeapType::Exn),
        awe::Val::ExnRef(Some(_)) => Val::RefExn,
        awe::Val::ExternRef(None) => Val::RefNull(HeapType::Extern),
        awe::Val::ExternRef(Some(r)) => match r.data(store) {
            Ok(None) => Val::RefExternAny,
            _ => Val::RefExtern(host_number(store, r)),
        },
    }
}

/// The number a script's host reference holds (`u32::MAX` for another value).
fn host_number(store: &awe::Store<()>, r: awe::ExternRef) -> u32 {
    r.data(store)
        .ok()
        .flatten()
        .and_then(|d| d.downcast_ref::<u32>())
        .copied()
        .unwrap_or(u32::MAX)
}

impl Backend for Awe {
    /// The binary format of the features: without multi-memory, memory immediates are
    /// the zero bytes of WebAssembly 2.0 and alignments plain; without exceptions, their
    /// opcodes, section and kinds do not exist; without memory64, limits and offsets
    /// are 2.0's `u32`s.
    fn parse(&self, text: &str) -> Result<Module, awe_text::TextError> {
        awe_text::parse_module_with(text, self.features.memory64)
    }

    fn decode(&self, bytes: &[u8]) -> Result<Module, awe_binary::DecodeError> {
        let encoding = awe_binary::Encoding {
            multi_memory: self.features.multi_memory,
            exceptions: self.features.exceptions,
            memory64: self.features.memory64,
        };
        awe_binary::decode_encoding(bytes, encoding)
    }

    type Instance = awe::Instance;

    fn validate(&mut self, module: &Module) -> Support<Result<(), String>> {
        Ok(awe_validate::check_with(module, self.features).map_err(|e| e.to_string()))
    }

    fn instantiate(&mut self, module: &Module) -> Support<Result<Self::Instance, ExecError>> {
        let compiled = match awe::Module::from_module(&self.engine, module.clone()) {
            Ok(m) => m,
            Err(e) => return Ok(Err(ExecError::Link(e.to_string()))),
        };
        Ok(self.bounded(|a| {
            a.linker
                .instantiate(&mut a.store, &compiled)
                .map_err(exec_error)
        }))
    }

    fn invoke(
        &mut self,
        instance: &Self::Instance,
        name: &str,
        args: &[Value],
    ) -> Support<Result<Vec<Val>, ExecError>> {
        let Some(func) = instance.get_func(&self.store, name) else {
            return Ok(Err(ExecError::Link(format!(
                "no exported function {name:?}"
            ))));
        };
        let ty = func.ty(&self.store);
        let args = match args
            .iter()
            .map(|a| to_engine(&mut self.store, a))
            .collect::<awe::Result<Vec<awe::Val>>>()
        {
            Ok(args) => args,
            Err(e) => return Ok(Err(exec_error(e))),
        };
        let mut results: Vec<awe::Val> = ty
            .results
            .iter()
            .map(|&t| awe::Val::default_for(t))
            .collect();
        match self.bounded(|a| func.call(&mut a.store, &args, &mut results)) {
            Ok(()) => Ok(Ok(results
                .into_iter()
                .map(|r| from_engine(&self.store, r))
                .collect())),
            Err(e) => Ok(Err(exec_error(e))),
        }
    }

    fn get(&mut self, instance: &Self::Instance, name: &str) -> Support<Result<Val, ExecError>> {
        Ok(match instance.get_global(&self.store, name) {
            Some(g) => Ok(from_engine(&self.store, g.get(&self.store))),
            None => Err(ExecError::Link(format!("no exported global {name:?}"))),
        })
    }

    fn register(&mut self, name: &str, instance: &Self::Instance) -> Support<()> {
        // The instance is of this store, and names may be registered again.
        self.linker
            .instance(&mut self.store, name, *instance)
            .expect("an instance of the script's store is registered");
        Ok(())
    }
}

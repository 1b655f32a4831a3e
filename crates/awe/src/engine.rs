//! [`Engine`] and its [`Config`].

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

pub use awe_engine::native::Strategy;

/// Settings shared by every store and module of an engine.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub(crate) runtime: awe_engine::Config,
}

impl Config {
    /// The default of [`Config::max_total_memory_bytes`]: 4 GiB.
    pub const DEFAULT_MAX_TOTAL_MEMORY_BYTES: u64 = 4 << 30;

    /// The default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether code counts fuel (see [`crate::Store::set_fuel`]); off by default.
    pub fn consume_fuel(&mut self, on: bool) -> &mut Self {
        self.runtime.fuel = on;
        self
    }

    /// Whether running loops can be interrupted by epochs
    /// ([`crate::Engine::increment_epoch`], [`crate::Store::set_epoch_deadline`]);
    /// the same checkpoints as [`Config::interruptible`]'s, which this turns on.
    pub fn epoch_interruption(&mut self, on: bool) -> &mut Self {
        self.interruptible(on)
    }

    /// Whether running loops can be interrupted by an [`crate::InterruptHandle`]; off by
    /// default, like wasmtime's epoch interruption, because each loop iteration then
    /// checks the flag. Calls check it in any case, and fuel (when on) implies it.
    pub fn interruptible(&mut self, on: bool) -> &mut Self {
        self.runtime.interruptible = on;
        self
    }

    /// The deepest nesting of wasm calls before the "call stack exhausted" trap.
    pub fn max_call_depth(&mut self, depth: usize) -> &mut Self {
        self.runtime.max_call_depth = depth;
        self
    }

    /// The native stack, in bytes, that a call into wasm must find left on its thread;
    /// with less it fails with the "call stack exhausted" trap (default
    /// 64 KiB). Wasm-to-wasm calls do not use the native
    /// stack, but a host function that calls wasm nests the interpreter on it: this
    /// ends such recursion cleanly, before the thread's stack overflows. Raise it when
    /// host functions use much stack themselves.
    pub fn min_native_stack(&mut self, bytes: usize) -> &mut Self {
        self.runtime.min_native_stack = bytes;
        self
    }

    /// The most bytes of linear memory each store's memories may have together (the sum
    /// of their current sizes); 4 GiB by default.
    /// A store can set its own with [`crate::Store::limits`].
    pub fn max_total_memory_bytes(&mut self, bytes: u64) -> &mut Self {
        self.runtime.max_total_memory_bytes = bytes;
        self
    }

    /// The most bytes each store's GC objects (structs and arrays) may take together,
    /// counted after a collection; 1 GiB by default. An allocation past it traps ("out of
    /// memory: the GC heap is full").
    pub fn max_gc_heap_bytes(&mut self, bytes: usize) -> &mut Self {
        self.runtime.max_gc_heap_bytes = bytes;
        self
    }

    /// Whether modules may use GC (struct and array types, `i31`, casts, subtyping with
    /// `sub`, recursion groups); on by default.
    pub fn wasm_gc(&mut self, on: bool) -> &mut Self {
        self.runtime.features.gc = on;
        self
    }

    /// Whether modules may use SIMD (the type `v128` and the vector instructions,
    /// WebAssembly 2.0); on by default. Off, relaxed SIMD is refused too.
    pub fn wasm_simd(&mut self, on: bool) -> &mut Self {
        self.runtime.features.simd = on;
        self
    }

    /// Whether modules may use relaxed SIMD (WebAssembly 3.0's `relaxed_*` vector
    /// instructions, whose results the specification lets depend on the host); on by
    /// default. It needs [`Config::wasm_simd`].
    pub fn wasm_relaxed_simd(&mut self, on: bool) -> &mut Self {
        self.runtime.features.relaxed_simd = on;
        self
    }

    /// Whether modules may use tail calls (`return_call`, `return_call_indirect`); on by
    /// default.
    pub fn wasm_tail_call(&mut self, on: bool) -> &mut Self {
        self.runtime.features.tail_call = on;
        self
    }

    /// Whether modules may use extended constant expressions (`i32`/`i64` `add`, `sub`,
    /// `mul`, and `global.get` of globals defined before); on by default.
    pub fn wasm_extended_const(&mut self, on: bool) -> &mut Self {
        self.runtime.features.extended_const = on;
        self
    }

    /// Whether modules may have more than one memory; on by default.
    pub fn wasm_multi_memory(&mut self, on: bool) -> &mut Self {
        self.runtime.features.multi_memory = on;
        self
    }

    /// Whether modules may have memories and tables with 64-bit addresses; on by
    /// default.
    pub fn wasm_memory64(&mut self, on: bool) -> &mut Self {
        self.runtime.features.memory64 = on;
        self
    }

    /// The features modules may use, all at once.
    pub fn features(&mut self, features: crate::WasmFeatures) -> &mut Self {
        self.runtime.features = features;
        self
    }

    /// Whether modules may use exception handling (tags, `throw`, `throw_ref`,
    /// `try_table`, `exnref`); on by default.
    pub fn wasm_exceptions(&mut self, on: bool) -> &mut Self {
        self.runtime.features.exceptions = on;
        self
    }

    /// Whether modules may use typed function references (`(ref $t)`, non-null
    /// references, `call_ref`, `return_call_ref`, `ref.as_non_null`, `br_on_null`,
    /// `br_on_non_null`, tables with an initializer); on by default.
    pub fn wasm_function_references(&mut self, on: bool) -> &mut Self {
        self.runtime.features.function_references = on;
        self
    }

    /// Turns features on and off by name, as `awe validate --features` does:
    /// `tail-call,-memory64` (a leading `-` turns one off; `all`, `none`).
    ///
    /// # Errors
    /// An unknown name (`Error::Usage`), naming the known ones.
    pub fn wasm_features(&mut self, list: &str) -> crate::Result<&mut Self> {
        self.runtime
            .features
            .apply(list)
            .map_err(crate::Error::usage)?;
        Ok(self)
    }

    /// How functions run (see [`Strategy`]): by default `Tiered` where awe has a
    /// compiler for the host (x86-64 and aarch64, with the default cargo feature
    /// `compiler`), which there is the same as `Interpreter` elsewhere. `Compiler`
    /// without a compiler for the host makes [`Engine::new`] fail.
    pub fn strategy(&mut self, strategy: Strategy) -> &mut Self {
        self.runtime.strategy = strategy;
        self
    }

    /// With [`Strategy::Tiered`], how many calls a function runs in the interpreter
    /// before it is compiled (default 1000; tests use 1 or 2 to switch early).
    pub fn tier_up_calls(&mut self, calls: u32) -> &mut Self {
        self.runtime.tier_up_calls = calls.max(1);
        self
    }

    /// The most 64-bit cells the value stack of a store may use (all frames together).
    pub fn max_stack_cells(&mut self, cells: usize) -> &mut Self {
        self.runtime.max_stack_cells = cells;
        self
    }
}

/// The shared part of awe: configuration and the epoch counter. Cheap to clone;
/// `Send + Sync`.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    pub(crate) inner: Arc<Config>,
    pub(crate) epochs: Arc<Epochs>,
}

/// The engine's epoch and the stores waiting for it to reach their deadlines.
#[derive(Debug, Default)]
pub(crate) struct Epochs {
    pub(crate) now: Arc<AtomicU64>,
    stores: Mutex<Vec<Weak<StoreEpoch>>>,
}

/// A store's epoch deadline, as its engine sees it.
#[derive(Debug)]
pub(crate) struct StoreEpoch {
    pub(crate) deadline: AtomicU64,
    /// The store's interrupt flag.
    pub(crate) flag: Arc<AtomicBool>,
}

impl Epochs {
    /// Starts telling `store` when its deadline passes.
    pub(crate) fn register(&self, store: &Arc<StoreEpoch>) {
        let mut stores = self.stores.lock().unwrap_or_else(|p| p.into_inner());
        stores.retain(|s| s.strong_count() > 0);
        stores.push(Arc::downgrade(store));
    }
}

impl Engine {
    /// An engine with `config`.
    ///
    /// # Errors
    /// None with today's settings, all of which any engine supports; a `Result` as
    /// wasmtime's, for settings a host may not support.
    pub fn new(config: &Config) -> crate::Result<Self> {
        let mut config = config.clone();
        if config.runtime.strategy != Strategy::Interpreter && config.runtime.compiler.is_none() {
            config.runtime.compiler = host_compiler();
            if config.runtime.compiler.is_none() && config.runtime.strategy == Strategy::Compiler {
                return Err(crate::Error::msg(
                    "the compiler strategy needs awe's compiler, which this build has not \
                     for this host",
                ));
            }
        }
        Ok(Engine {
            inner: Arc::new(config),
            epochs: Arc::default(),
        })
    }

    /// Advances the engine's epoch by one (cheap; from any thread, e.g. a timer's): the
    /// running call of every store whose epoch deadline this reaches is interrupted at
    /// its next checkpoint (see [`crate::Store::set_epoch_deadline`]).
    pub fn increment_epoch(&self) {
        let now = self.epochs.now.fetch_add(1, Ordering::Relaxed) + 1;
        let stores = self.epochs.stores.lock().unwrap_or_else(|p| p.into_inner());
        for s in stores.iter().filter_map(Weak::upgrade) {
            if s.deadline.load(Ordering::Relaxed) <= now {
                s.flag.store(true, Ordering::Relaxed);
            }
        }
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.inner
    }
}

/// The compiler for this host, made once per process and shared by every engine (it
/// holds nothing but the target's description and the trampolines it made).
fn host_compiler() -> Option<Arc<dyn awe_engine::native::Compiler>> {
    #[cfg(all(
        feature = "compiler",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    {
        static COMPILER: std::sync::OnceLock<Option<Arc<awe_compile::Cranelift>>> =
            std::sync::OnceLock::new();
        let c = COMPILER.get_or_init(|| awe_compile::Cranelift::new().ok().map(Arc::new));
        c.clone()
            .map(|c| c as Arc<dyn awe_engine::native::Compiler>)
    }
    #[cfg(not(all(
        feature = "compiler",
        any(target_arch = "x86_64", target_arch = "aarch64")
    )))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_total_memory_limit_is_the_engines() {
        assert_eq!(
            super::Config::new().runtime.max_total_memory_bytes,
            super::Config::DEFAULT_MAX_TOTAL_MEMORY_BYTES
        );
    }
}

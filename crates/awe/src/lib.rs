//! awe, a WebAssembly engine: the embedding API.
//!
//! The concepts mirror the JS `WebAssembly` API, in the shape Rust users know from
//! wasmtime and wasmi:
//!
//! ```
//! use awe::{Engine, Linker, Module, Store};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "host" "double" (func $double (param i32) (result i32)))
//!     (func (export "run") (param i32) (result i32)
//!       (call $double (i32.add (local.get 0) (i32.const 1)))))"#)?;
//! // One linker per engine, for any number of stores.
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "double", |x: i32| x * 2)?;
//! let mut store = Store::new(&engine, ());
//! let instance = linker.instantiate(&mut store, &module)?;
//! let run = instance.get_typed_func::<i32, i32>(&store, "run")?;
//! assert_eq!(run.call(&mut store, 20)?, 42);
//! # Ok::<(), awe::Error>(())
//! ```
//!
//! # Concepts
//!
//! - [`Engine`] (with its [`Config`]: fuel, interruption, limits of depth and stack):
//!   shared by everything compiled and run with it.
//! - [`Module`]: compiled code, validated, stateless, `Send + Sync`; its [`ImportType`]s
//!   and [`ExportType`]s; [`Module::serialize`] and the `unsafe`
//!   [`Module::deserialize`] for precompiled modules (this build's, trusted bytes only).
//! - [`Store`]: owns instances and objects and the host's data `T`; [`StoreLimits`],
//!   fuel, [`InterruptHandle`]. [`AsContext`]/[`AsContextMut`] are what takes a store.
//! - [`Linker`]: imports by name, per engine; [`InstancePre`] for instantiating often.
//! - [`Instance`] and its [`Export`]s; [`Extern`], any importable object.
//! - [`Func`] and [`TypedFunc`] (Rust types: [`WasmTy`], [`WasmParams`],
//!   [`WasmResults`]); host functions from closures ([`IntoFunc`]), which get a
//!   [`Caller`].
//! - [`Memory`], [`Table`], [`Global`] and their types ([`MemoryType`], [`TableType`],
//!   [`GlobalType`]); [`Val`] and [`ValType`]; [`ExternRef`], a host value.
//! - GC's references: [`AnyRef`], [`EqRef`], [`StructRef`], [`ArrayRef`], [`I31`]; the
//!   types [`StructType`] and [`ArrayType`] (to make structs and arrays from Rust); how
//!   long the host holds them: [`RootScope`] and [`ManuallyRooted`].
//! - [`Error`] (compile, link, trap, usage, the host's own) and [`Trap`] with its
//!   [`TrapCode`] and [`BacktraceFrame`]s.
//!
//! Every handle ([`Func`], [`Memory`], [`Table`], [`Global`], [`Instance`], ...) belongs
//! to the [`Store`] that made it, and no handle reaches into another store: given a
//! store it does not belong to, a method that returns a `Result` returns the error
//! "object used with a store it does not belong to", any other method panics with
//! that message (as wasmtime's do), and neither store changes.
//!
//! # Debug builds
//!
//! Cargo takes profile settings from the top-level package only, so in an embedder's
//! debug build the interpreter is unoptimized and wasm runs about 12 times slower
//! (fib(25): 0.28 s against 0.023 s). Optimize the engine in your own `Cargo.toml`:
//!
//! ```toml
//! [profile.dev.package.awe-engine]
//! opt-level = 3
//! debug-assertions = false
//! ```
//!
//! Everything goes through this API: the store's inside (the engine's runtime, its
//! arenas, fuel and value stack) is not part of it. There is no `StoreInner` to name,
//!
//! ```compile_fail,E0412
//! fn peek(_: &awe::StoreInner<()>) {}
//! ```
//!
//! nor a path to it,
//!
//! ```compile_fail,E0603
//! fn peek(_: &awe::store::StoreInner<()>) {}
//! ```
//!
//! and the accessors behind [`AsContext`] and [`AsContextMut`] take a key only this
//! crate can make, so they cannot hand out the engine's runtime:
//!
//! ```compile_fail,E0061
//! use awe::AsContextMut;
//! use awe_engine::Host;
//! let mut store = awe::Store::new(&awe::Engine::default(), ());
//! let _: &mut awe_engine::Runtime = store.store_inner_mut().runtime();
//! ```
#![warn(missing_docs)]

mod engine;
mod error;
mod exceptions;
mod externals;
mod func;
mod gc_refs;
mod instance;
mod limiter;
mod linker;
mod module;
mod store;
mod val_text;
mod values;

/// The features a [`Config`] lets modules use: SIMD and those of WebAssembly 3.0 (see
/// [`Config::features`]).
pub use awe_validate::Features as WasmFeatures;
pub use engine::{Config, Engine, Strategy};
pub use error::{BacktraceFrame, Error, Result, Trap, TrapCode, TrapReason};
pub use exceptions::{ExnRef, Tag};
pub use externals::{Global, Memory, Table};
pub use func::{
    Func, HostResult, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy, WithCaller,
};
pub use gc_refs::{
    AnyRef, ArrayRef, ArrayType, EqRef, GcRef, I31, ManuallyRooted, RootScope, Rooted, StructRef,
    StructType,
};
pub use instance::{Export, Extern, Instance};
pub use limiter::ResourceLimiter;
pub use linker::{InstancePre, Linker};
pub use module::{ExportType, ExternType, FunctionTier, ImportType, Module};
pub use store::{
    AsContext, AsContextMut, Caller, GcStats, InterruptHandle, Store, StoreLimits, UpdateDeadline,
};
pub use values::{
    AddrType, ExternRef, FieldType, FuncType, GlobalType, HeapType, Limits, MemType, MemoryType,
    Mutability, RefType, StorageType, TableType, V128, Val, ValType,
};

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
//! let mut store = Store::new(&engine, ());
//! let mut linker = Linker::new();
//! linker.func_wrap(&mut store, "host", "double", |x: i32| x * 2);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let run = instance.get_typed_func::<i32, i32>(&store, "run")?;
//! assert_eq!(run.call(&mut store, 20)?, 42);
//! # Ok::<(), awe::Error>(())
//! ```
#![warn(missing_docs)]

mod engine;
mod error;
mod externals;
mod func;
mod instance;
mod linker;
mod module;
mod store;
mod values;

pub use engine::{Config, Engine};
pub use error::{BacktraceFrame, Error, Result, Trap, TrapCode, TrapReason};
pub use externals::{Global, Memory, Table};
pub use func::{
    Func, HostResult, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy, WithCaller,
};
pub use instance::{Extern, Instance};
pub use linker::Linker;
pub use module::{ExportType, ExternType, ImportType, Module};
pub use store::{AsContext, AsContextMut, Caller, InterruptHandle, Store, StoreInner, StoreLimits};
pub use values::{
    ExternRef, FuncType, GlobalType, Limits, MemType, Mutability, RefType, TableType, Val, ValType,
};

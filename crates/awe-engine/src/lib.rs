//! The awe execution engine: lazy translation of validated functions to register
//! bytecode, the interpreter, and the runtime (functions, memories, tables, globals,
//! instances) it runs against.
//!
//! Nothing here knows about the embedding API's `Store`: an embedder implements
//! [`Host`] to give the interpreter the [`Runtime`] and its host functions.
#![warn(missing_docs)]

mod access;
// The interpreter's inner loop reads cells, ops and memory through raw pointers, each
// use with its `SAFETY` argument. Besides it, only linear memory's mapping (`memory`)
// and the reading of the thread's stack bounds (`native_stack`) are `unsafe`, allowed
// item by item there.
#[allow(unsafe_code)]
mod exec;
pub mod gc;
mod gc_runtime;
mod host_roots;
mod memory;
// The compiling tier's interface: the context's layout native code reads, the
// pointers it is given, and the entry through its trampolines.
#[allow(unsafe_code)]
pub mod native;
mod native_stack;
pub mod num;
pub mod ops;
pub mod precompiled;
mod runtime;
pub mod simd;
mod translate;
mod trap;
mod types;

// What the embedding layer needs, and no more: the runtime's arenas and the `*Inst`
// entities in them stay inside the crate (reached through `Runtime`'s methods).
pub use exec::{Host, call};
pub use host_roots::RootId;
pub use runtime::{
    Config, ExnAddr, Extern, FuncAddr, GlobalAddr, InstanceAddr, InstantiateError, MemAddr,
    ModuleCode, PAGE_SIZE, Runtime, TableAddr, TagAddr,
};
pub use translate::{CatchPad, CompiledFunc, Handler, StackMaps, TranslateError};
pub use trap::{BacktraceFrame, Trap, TrapCode, TrapReason};

/// Whether the interpreter's handlers tail-call each other (threaded dispatch), rather
/// than return to a loop (portable dispatch); see `build.rs`.
pub const TAIL_CALLS: bool = cfg!(awe_tail_calls);

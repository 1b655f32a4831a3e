//! The module model of awe: what a WebAssembly 2.0 module is, independent of how it is
//! written down (binary or text) and before it is validated.
//!
//! The single instruction table, [`for_each_instruction!`], lives here.
#![warn(missing_docs)]

pub mod deftypes;
pub mod index;
pub mod instr;
pub mod module;
pub mod types;

pub use deftypes::*;
pub use index::*;
pub use instr::{
    BlockType, BrCast, BrTable, Catch, CatchKind, Ieee32, Ieee64, Instr, LaneIdx, MemArg, Opcode,
    RefHeap, RefNullHeap, Shuffle, V128,
};
pub use module::*;
pub use types::*;

//! The awe execution engine.
//!
//! Work in progress (issue 6): trap codes and numeric semantics are in place; the
//! translator, interpreter and runtime follow.
#![warn(missing_docs)]

pub mod num;
mod trap;

pub use trap::TrapCode;

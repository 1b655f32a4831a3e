//! The WebAssembly text format ([spec §6](https://webassembly.github.io/spec/core/text/index.html)).
//!
//! Work in progress: the lexer and diagnostics are in place; the parser and printer follow.
#![warn(missing_docs)]

mod error;
pub mod lexer;
pub mod num;

pub use error::{Result, Span, TextError};
pub use lexer::{Lexer, Token, TokenKind};

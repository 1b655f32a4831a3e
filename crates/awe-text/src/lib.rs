//! The WebAssembly text format ([spec §6](https://webassembly.github.io/spec/core/text/index.html)):
//! lexer, numeric literals, the module parser and the printer.
#![warn(missing_docs)]

mod cursor;
mod error;
mod instr;
pub mod lexer;
pub mod num;
mod parser;
pub mod printer;
pub mod wast;

pub use error::{Result, Span, TextError};
pub use lexer::{Lexer, Token, TokenKind};
pub use parser::{SourceSpans, parse_module, parse_module_with, parse_module_with_spans};
pub use printer::print;
pub use wast::{Script, parse_script};

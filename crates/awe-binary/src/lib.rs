//! The WebAssembly binary format ([spec §5](https://webassembly.github.io/spec/core/binary/index.html)):
//! [`decode`] bytes into an [`awe_module::Module`], [`encode`] it back.
//!
//! The decoder follows the reference interpreter's reading rules so that every malformed
//! module is rejected with the message the official test suite expects, at a byte
//! offset. It is safe on hostile input: no panics, no recursion per nesting level, and
//! no allocation sized by a count before the count is checked against the input.
#![warn(missing_docs)]

mod body;
mod decode;
mod encode;
mod error;
mod instr;
mod reader;
mod types;
mod visit;

pub use body::{body_instrs, check_bodies, decode_bodies, for_each_instr, visit_body};
pub use decode::{
    Encoding, Observer, SectionInfo, decode, decode_encoding, decode_shared, decode_with,
};
pub use encode::{encode, write_s32, write_s33, write_s64, write_u32, write_u64};
pub use error::{DecodeError, DecodeErrorKind, Result};
pub use instr::encode_instr;
pub use reader::Reader;
pub use visit::{VisitInstr, visit_instr};

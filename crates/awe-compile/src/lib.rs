//! awe's compiling tier (work in progress: everything stays interpreted for now).
#![warn(missing_docs)]

use awe_engine::native::{Checkpoints, Compiler, NativeFunc};
use awe_validate::ValidModule;

/// The Cranelift code generator.
#[derive(Debug)]
pub struct Cranelift {}

impl Cranelift {
    /// A compiler for the host.
    pub fn new() -> Result<Cranelift, String> {
        Err("awe-compile: not ready yet".into())
    }
}

impl Compiler for Cranelift {
    fn compile(&self, _: &ValidModule, _: u32, _: Checkpoints) -> Result<NativeFunc, String> {
        Err("unsupported: not ready yet".into())
    }
}

//! awe's compiling tier: validated WebAssembly function bodies translated to Cranelift IR
//! and compiled to native code for the host, behind `awe_engine::native::Compiler`.
//!
//! [`Cranelift`] compiles one defined function at a time (`translate`; Cranelift itself
//! on a thread with a large stack, `worker`), with its array trampoline (`trampoline`,
//! one per function type, shared), into executable memory of its own (`code_memory`). The code follows the engine's native contract
//! (`awe_engine::native`): the tail calling convention with the context first, every
//! memory access checked, traps and failed calls reported through the libcalls and a
//! return, fuel and interrupt checkpoints where the interpreter has them, with the same
//! amounts.
//!
//! What is not supported yet (a function using it stays interpreted) is refused with an
//! error that begins with `unsupported:`: SIMD, exceptions, GC and typed function
//! references, reference types other than `funcref`, tail calls, `call_ref`, memory64,
//! memories other than memory 0, and frames over 16 KiB.
#![warn(missing_docs)]

mod code_memory;
mod signature;
#[cfg(test)]
mod tests;
mod trampoline;
mod translate;
mod worker;

use awe_engine::native::{Checkpoints, Compiler, NativeFunc};
use awe_module::FuncType;
use awe_validate::ValidModule;
use code_memory::CodeMemory;
use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{Context, control::ControlPlane};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The largest stack frame a compiled function may have: a function that needs more
/// stays interpreted (the engine's stack limit leaves room for frames up to this size).
pub const MAX_FRAME: u32 = 16 << 10;

/// The Cranelift code generator for the host, shared by every thread that compiles.
pub struct Cranelift {
    isa: OwnedTargetIsa,
    /// The array trampolines made so far, by function type.
    trampolines: Mutex<HashMap<FuncType, Arc<CodeMemory>>>,
}

impl std::fmt::Debug for Cranelift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cranelift({})", self.isa.triple())
    }
}

impl Cranelift {
    /// A compiler for the host (the instruction set and the features of this CPU),
    /// optimizing for speed. An error if Cranelift does not support the host.
    pub fn new() -> Result<Cranelift, String> {
        let mut flags = settings::builder();
        let set = |flags: &mut settings::Builder, name: &str, value: &str| {
            flags
                .set(name, value)
                .map_err(|e| format!("cranelift setting {name}={value}: {e}"))
        };
        set(&mut flags, "opt_level", "speed")?;
        // The IR verifier in debug builds (and so in tests), not in releases.
        let verify = if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        };
        set(&mut flags, "enable_verifier", verify)?;
        // Functions with more results than return registers (multi-value).
        set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
        // No unwinding through native frames (the engine catches panics in libcalls), no
        // stack probes (frames are at most `MAX_FRAME`, below the checked stack limit).
        set(&mut flags, "unwind_info", "false")?;
        set(&mut flags, "enable_probestack", "false")?;
        let isa = cranelift_native::builder()
            .map_err(|e| format!("no Cranelift backend for this host: {e}"))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| format!("Cranelift for this host: {e}"))?;
        if isa.pointer_bytes() != 8 {
            return Err("awe's compiler needs a 64-bit host".into());
        }
        if isa.endianness() != cranelift_codegen::ir::Endianness::Little {
            return Err("awe's compiler needs a little-endian host".into());
        }
        Ok(Cranelift {
            isa,
            trampolines: Mutex::new(HashMap::new()),
        })
    }

    /// The array trampoline of functions of type `ty`, made the first time it is asked
    /// for.
    fn trampoline(&self, ty: &FuncType) -> Result<Arc<CodeMemory>, String> {
        fn cache<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
            m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        }
        if let Some(t) = cache(&self.trampolines).get(ty) {
            return Ok(t.clone());
        }
        // Made outside the lock: another thread may make the same one meanwhile, and
        // the first kept is the one every function of the type shares.
        let code = worker::compile(&self.isa, trampoline::build(&*self.isa, ty)?)?;
        let made = Arc::new(CodeMemory::new(&code)?);
        Ok(cache(&self.trampolines)
            .entry(ty.clone())
            .or_insert(made)
            .clone())
    }

    /// The fuel amounts of defined function `index`'s checkpoints with `checkpoints`,
    /// in the order they appear in the body: what the engine's tests compare with the
    /// interpreter's `ConsumeFuel` ops.
    #[doc(hidden)]
    pub fn checkpoint_amounts(
        &self,
        module: &ValidModule,
        index: u32,
        checkpoints: Checkpoints,
    ) -> Result<Vec<u64>, String> {
        translate::translate(&*self.isa, module, index, checkpoints).map(|t| t.amounts)
    }
}

impl Compiler for Cranelift {
    fn compile(
        &self,
        module: &ValidModule,
        index: u32,
        checkpoints: Checkpoints,
    ) -> Result<NativeFunc, String> {
        let m = module.module();
        let ty = m
            .funcs
            .get(index as usize)
            .and_then(|f| m.type_func(f.ty))
            .ok_or_else(|| format!("no defined function {index}"))?;
        let translated = translate::translate(&*self.isa, module, index, checkpoints)?;
        let code = worker::compile(&self.isa, translated.func)?;
        let trampoline = self.trampoline(ty)?;
        Ok(code_memory::native_func(
            CodeMemory::new(&code)?,
            trampoline,
        ))
    }
}

/// Compiles `func` to machine code for `isa`: its bytes, which need no relocation. An
/// error for code that would need relocations or a frame over [`MAX_FRAME`].
fn compile_ir(
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    func: Function,
) -> Result<Vec<u8>, String> {
    let mut ctx = Context::for_function(func);
    let compiled = ctx
        .compile(isa, &mut ControlPlane::default())
        .map_err(|e| format!("cranelift: {:?}", e.inner))?;
    let buffer = &compiled.buffer;
    if let Some(r) = buffer.relocs().first() {
        // Everything the code calls it finds through the context; a relocation is a
        // library routine Cranelift wanted (e.g. rounding without SSE4.1).
        return Err(format!(
            "unsupported: the code needs a relocation ({:?})",
            r.target
        ));
    }
    let frame = buffer.frame_layout().map_or(0, |l| l.frame_to_fp_offset);
    if frame > MAX_FRAME {
        return Err(format!(
            "unsupported: a stack frame of {frame} bytes (more than {MAX_FRAME})"
        ));
    }
    Ok(buffer.data().to_vec())
}

//! Types and signatures: wasm value types as Cranelift types, compiled functions'
//! signatures (the tail calling convention, the context first), the array trampoline's
//! and the libcalls' (the host's calling convention); values in and out of 64-bit cells.

use awe_engine::native::offsets;
use awe_module::{FuncType, HeapType, RefType, ValType};
use cranelift_codegen::ir::{AbiParam, InstBuilder, MemFlagsData, Signature, Type, Value, types};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;

/// The Cranelift type of wasm values of type `t`: numbers as themselves, a `funcref`
/// as its 64-bit cell (0 for null, else the function's address + 1). Other types are
/// not supported yet.
pub(crate) fn val_type(t: ValType) -> Result<Type, String> {
    Ok(match t {
        ValType::I32 => types::I32,
        ValType::I64 => types::I64,
        ValType::F32 => types::F32,
        ValType::F64 => types::F64,
        ValType::V128 => return Err("unsupported: uses v128".into()),
        ValType::Ref(RefType::FUNCREF) => types::I64,
        ValType::Ref(r) => return Err(ref_type_unsupported(r)),
    })
}

/// Why a reference type other than `funcref` is refused.
pub(crate) fn ref_type_unsupported(r: RefType) -> String {
    match r.heap {
        HeapType::Extern => format!("unsupported: uses {r} (only funcref is supported)"),
        HeapType::Exn => "unsupported: uses exnref (exceptions)".into(),
        HeapType::Func if !r.nullable => {
            "unsupported: uses (ref func) (typed function references)".into()
        }
        HeapType::Concrete(_) => {
            "unsupported: uses a concrete reference type (typed function references, GC)".into()
        }
        _ => format!("unsupported: uses {r} (GC)"),
    }
}

/// The Cranelift types of `types`.
pub(crate) fn val_types(types: &[ValType]) -> Result<Vec<Type>, String> {
    types.iter().map(|&t| val_type(t)).collect()
}

/// The signature of a compiled function of type `ty`: `(vmctx, params...) -> results`
/// in the tail calling convention.
pub(crate) fn wasm_signature(ty: &FuncType) -> Result<Signature, String> {
    let mut sig = Signature::new(CallConv::Tail);
    sig.params.push(AbiParam::new(types::I64));
    for t in val_types(&ty.params)? {
        sig.params.push(AbiParam::new(t));
    }
    for t in val_types(&ty.results)? {
        sig.returns.push(AbiParam::new(t));
    }
    Ok(sig)
}

/// The array trampoline's signature: `(vmctx, cells, function)` in the host's
/// convention.
pub(crate) fn trampoline_signature(host: CallConv) -> Signature {
    signature(host, &[types::I64; 3], None)
}

fn signature(cc: CallConv, params: &[Type], result: Option<Type>) -> Signature {
    let mut sig = Signature::new(cc);
    sig.params.extend(params.iter().map(|&t| AbiParam::new(t)));
    sig.returns.extend(result.map(AbiParam::new));
    sig
}

/// The engine's functions compiled code calls (`awe_engine::native::Libcalls`), each a
/// pointer in the context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Libcall {
    /// `call(vmctx, func_addr: u32, cells)`.
    Call,
    /// `call_indirect(vmctx, ty: u32, table: u32, index: u64, cells)`.
    CallIndirect,
    /// `trap(vmctx, code: u32, func: u32, offset: u32)`.
    Trap,
    /// `frame(vmctx, func: u32, offset: u32)`.
    Frame,
    /// `checkpoint(vmctx, amount: u64)`.
    Checkpoint,
    /// `memory_grow(vmctx, memory: u32, delta: u64) -> u64`.
    MemoryGrow,
    /// `bulk(vmctx, op: u32, imm1: u32, imm2: u32, a: u64, b: u64, c: u64) -> u64`.
    Bulk,
}

impl Libcall {
    /// Where its pointer is in the context.
    pub(crate) fn offset(self) -> i32 {
        match self {
            Libcall::Call => offsets::CALL,
            Libcall::CallIndirect => offsets::CALL_INDIRECT,
            Libcall::Trap => offsets::TRAP,
            Libcall::Frame => offsets::FRAME,
            Libcall::Checkpoint => offsets::CHECKPOINT,
            Libcall::MemoryGrow => offsets::MEMORY_GROW,
            Libcall::Bulk => offsets::BULK,
        }
    }

    /// Its signature in the host's calling convention `cc`.
    pub(crate) fn signature(self, cc: CallConv) -> Signature {
        use types::{I32, I64};
        match self {
            Libcall::Call => signature(cc, &[I64, I32, I64], None),
            Libcall::CallIndirect => signature(cc, &[I64, I32, I32, I64, I64], None),
            Libcall::Trap => signature(cc, &[I64, I32, I32, I32], None),
            Libcall::Frame => signature(cc, &[I64, I32, I32], None),
            Libcall::Checkpoint => signature(cc, &[I64, I64], None),
            Libcall::MemoryGrow => signature(cc, &[I64, I32, I64], Some(I64)),
            Libcall::Bulk => signature(cc, &[I64, I32, I32, I32, I64, I64, I64], Some(I64)),
        }
    }
}

/// Flags of the accesses to the context, to cells and to the runtime's arrays: aligned,
/// never trapping.
pub(crate) fn trusted() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Reads the value of Cranelift type `ty` from the 64-bit cell at `base + offset` (an
/// `i32` or `f32` from its low half: the host is little-endian).
pub(crate) fn load_cell(b: &mut FunctionBuilder<'_>, ty: Type, base: Value, offset: i32) -> Value {
    b.ins().load(ty, trusted(), base, offset)
}

/// Writes `v` as a whole 64-bit cell at `base + offset`: an `i32` or `f32` with its
/// bits zero-extended.
pub(crate) fn store_cell(b: &mut FunctionBuilder<'_>, v: Value, base: Value, offset: i32) {
    let cell = match b.func.dfg.value_type(v) {
        types::I32 => b.ins().uextend(types::I64, v),
        types::F32 => {
            let bits = b.ins().bitcast(types::I32, MemFlagsData::new(), v);
            b.ins().uextend(types::I64, bits)
        }
        _ => v,
    };
    b.ins().store(trusted(), cell, base, offset);
}

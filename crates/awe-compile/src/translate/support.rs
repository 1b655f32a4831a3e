//! What the compiler supports: a pass over the body before translation that refuses
//! every instruction (reachable or not) and every type the translation does not handle,
//! so a function is either compiled whole or left to the interpreter, never
//! miscompiled. It also notes whether the function accesses memory.

use super::Error;
use super::numeric::is_numeric;
use crate::signature::{ref_type_unsupported, val_type, val_types};
use awe_module::{AddrType, BlockType, Func, FuncType, HeapType, MemIdx, RefType, TableIdx};
use awe_validate::Context;

/// What the scan found.
pub(super) struct Scan {
    /// Whether the body reads or changes memory 0 (so its base and length are kept).
    pub(super) uses_memory: bool,
}

/// Scans `func`'s body: an `unsupported:` error for the first thing not supported.
pub(super) fn scan(ctx: &Context<'_>, func: &Func) -> Result<Scan, String> {
    let mut scan = Scan { uses_memory: false };
    awe_binary::for_each_instr(func, |_, _, instr| {
        check(ctx, instr, &mut scan).map_err(Error)
    })
    .map_err(|Error(e)| e)?;
    Ok(scan)
}

fn func_type(t: &FuncType) -> Result<(), String> {
    val_types(&t.params)?;
    val_types(&t.results)?;
    Ok(())
}

fn block_type(ctx: &Context<'_>, bt: BlockType) -> Result<(), String> {
    match bt {
        BlockType::Empty => Ok(()),
        BlockType::Value(t) => val_type(t).map(drop),
        BlockType::Func(t) => func_type(ctx.type_func(t).map_err(|e| e.to_string())?),
    }
}

/// Memory `m` may be accessed: memory 0, 32-bit.
fn memory(ctx: &Context<'_>, m: MemIdx, scan: &mut Scan) -> Result<(), String> {
    if m.0 != 0 {
        return Err("unsupported: a memory other than memory 0 (multi-memory)".into());
    }
    let mt = ctx.memory(m).map_err(|e| e.to_string())?;
    if mt.address == AddrType::I64 {
        return Err("unsupported: a 64-bit memory (memory64)".into());
    }
    scan.uses_memory = true;
    Ok(())
}

/// Table `t` may be used: 32-bit, of `funcref`s.
fn table(ctx: &Context<'_>, t: TableIdx) -> Result<(), String> {
    let tt = ctx.table(t).map_err(|e| e.to_string())?;
    if tt.address == AddrType::I64 {
        return Err("unsupported: a 64-bit table (memory64)".into());
    }
    if tt.elem != RefType::FUNCREF {
        return Err(format!(
            "unsupported: a table of {} (only funcref tables are supported)",
            tt.elem
        ));
    }
    Ok(())
}

fn check(ctx: &Context<'_>, instr: &awe_module::Instr, scan: &mut Scan) -> Result<(), String> {
    use awe_module::Instr as I;
    if is_numeric(instr) {
        return Ok(());
    }
    if let Some(memarg) = memarg(instr) {
        return memory(ctx, memarg.memory, scan);
    }
    let err = |what: &str| Err(format!("unsupported: {} ({what})", instr.name()));
    match instr {
        I::Unreachable
        | I::Nop
        | I::Else
        | I::End
        | I::Br { .. }
        | I::BrIf { .. }
        | I::BrTable { .. }
        | I::Return
        | I::Drop
        | I::Select
        | I::LocalGet { .. }
        | I::LocalSet { .. }
        | I::LocalTee { .. }
        | I::I32Const { .. }
        | I::I64Const { .. }
        | I::F32Const { .. }
        | I::F64Const { .. }
        | I::RefIsNull
        | I::RefFunc { .. }
        | I::DataDrop { .. }
        | I::ElemDrop { .. } => Ok(()),
        I::Block { ty } | I::Loop { ty } | I::If { ty } => block_type(ctx, *ty),
        I::SelectTyped { types } => val_types(types).map(drop),
        I::Call { func } => func_type(ctx.func_type(*func).map_err(|e| e.to_string())?),
        I::CallIndirect { ty, table: t } => {
            func_type(ctx.type_func(*ty).map_err(|e| e.to_string())?)?;
            table(ctx, *t)
        }
        I::GlobalGet { global } | I::GlobalSet { global } => {
            let g = ctx.global(*global).map_err(|e| e.to_string())?;
            val_type(g.content).map(drop)
        }
        I::RefNull { ty } => match ty {
            HeapType::Func => Ok(()),
            h => Err(ref_type_unsupported(RefType::null(*h))),
        },
        I::TableGet { table: t }
        | I::TableSet { table: t }
        | I::TableSize { table: t }
        | I::TableGrow { table: t }
        | I::TableFill { table: t }
        | I::TableInit { table: t, .. } => table(ctx, *t),
        I::TableCopy { dst, src } => {
            table(ctx, *dst)?;
            table(ctx, *src)
        }
        I::MemorySize { mem } | I::MemoryGrow { mem } | I::MemoryFill { mem } => {
            memory(ctx, *mem, scan)
        }
        I::MemoryInit { mem, .. } => memory(ctx, *mem, scan),
        I::MemoryCopy { dst, src } => {
            memory(ctx, *dst, scan)?;
            memory(ctx, *src, scan)
        }
        I::ReturnCall { .. } | I::ReturnCallIndirect { .. } | I::ReturnCallRef { .. } => {
            err("tail calls")
        }
        I::CallRef { .. } => err("typed function references"),
        I::TryTable { .. } | I::Throw { .. } | I::ThrowRef => err("exceptions"),
        I::RefAsNonNull | I::BrOnNull { .. } | I::BrOnNonNull { .. } => {
            err("typed function references")
        }
        _ if instr.opcode().is_vector() => Err("unsupported: uses v128 (SIMD)".into()),
        _ if instr.opcode().byte == 0xfb || matches!(instr, I::RefEq) => err("GC"),
        _ => err("not supported yet"),
    }
}

/// The memory argument of a load or store.
fn memarg(instr: &awe_module::Instr) -> Option<&awe_module::MemArg> {
    use awe_module::Instr as I;
    match instr {
        I::I32Load { memarg }
        | I::I64Load { memarg }
        | I::F32Load { memarg }
        | I::F64Load { memarg }
        | I::I32Load8S { memarg }
        | I::I32Load8U { memarg }
        | I::I32Load16S { memarg }
        | I::I32Load16U { memarg }
        | I::I64Load8S { memarg }
        | I::I64Load8U { memarg }
        | I::I64Load16S { memarg }
        | I::I64Load16U { memarg }
        | I::I64Load32S { memarg }
        | I::I64Load32U { memarg }
        | I::I32Store { memarg }
        | I::I64Store { memarg }
        | I::F32Store { memarg }
        | I::F64Store { memarg }
        | I::I32Store8 { memarg }
        | I::I32Store16 { memarg }
        | I::I64Store8 { memarg }
        | I::I64Store16 { memarg }
        | I::I64Store32 { memarg } => Some(memarg),
        _ => None,
    }
}

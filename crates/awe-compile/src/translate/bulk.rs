//! The bulk memory instructions and the table instructions: `libcalls.bulk` with the
//! operation's number (`awe_engine::native::BulkOp`), its two immediates and up to
//! three operands, zero-extended to 64 bits (unused ones 0); a result where the
//! instruction has one (`table.get`'s is the element's cell, the others' an `i32`).
//! Each can fail, so a status check follows, and memory is read again.

use super::*;
use awe_engine::native::BulkOp;
use cranelift_codegen::ir::types::{I32, I64};

/// The result an instruction leaves, if any.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Leaves {
    Nothing,
    I32,
    Cell,
}

impl Translator<'_, '_> {
    /// Translates a bulk or table instruction; `false` if `instr` is not one.
    pub(super) fn bulk(&mut self, instr: &Instr) -> Result<bool, String> {
        use Instr as I;
        let (op, imm1, imm2, operands, result) = match *instr {
            I::MemoryFill { mem } => (BulkOp::MemoryFill, mem.0, 0, 3, Leaves::Nothing),
            I::MemoryCopy { dst, src } => (BulkOp::MemoryCopy, dst.0, src.0, 3, Leaves::Nothing),
            I::MemoryInit { data, mem } => (BulkOp::MemoryInit, data.0, mem.0, 3, Leaves::Nothing),
            I::DataDrop { data } => (BulkOp::DataDrop, data.0, 0, 0, Leaves::Nothing),
            I::TableGet { table } => (BulkOp::TableGet, table.0, 0, 1, Leaves::Cell),
            I::TableSet { table } => (BulkOp::TableSet, table.0, 0, 2, Leaves::Nothing),
            I::TableSize { table } => (BulkOp::TableSize, table.0, 0, 0, Leaves::I32),
            I::TableGrow { table } => (BulkOp::TableGrow, table.0, 0, 2, Leaves::I32),
            I::TableFill { table } => (BulkOp::TableFill, table.0, 0, 3, Leaves::Nothing),
            I::TableCopy { dst, src } => (BulkOp::TableCopy, dst.0, src.0, 3, Leaves::Nothing),
            I::TableInit { elem, table } => {
                (BulkOp::TableInit, elem.0, table.0, 3, Leaves::Nothing)
            }
            I::ElemDrop { elem } => (BulkOp::ElemDrop, elem.0, 0, 0, Leaves::Nothing),
            _ => return Ok(false),
        };
        let mut args = vec![self.vmctx];
        args.push(self.iconst32(op as u32));
        args.push(self.iconst32(imm1));
        args.push(self.iconst32(imm2));
        for v in self.pop_n(operands) {
            let v = match self.b.func.dfg.value_type(v) {
                I64 => v,
                // `i32` operands (addresses, lengths, the fill byte); a funcref is a
                // 64-bit cell already.
                _ => self.b.ins().uextend(I64, v),
            };
            args.push(v);
        }
        while args.len() < 7 {
            args.push(self.iconst64(0));
        }
        let r = self
            .libcall(Libcall::Bulk, &args)
            .expect("bulk has a result");
        self.check_status();
        self.reload_memory();
        match result {
            Leaves::Nothing => {}
            Leaves::I32 => {
                let r = self.b.ins().ireduce(I32, r);
                self.push(r);
            }
            Leaves::Cell => self.push(r),
        }
        Ok(true)
    }
}

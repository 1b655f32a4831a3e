//! Calls. Before each one, the interrupt flag (set: `libcalls.checkpoint(vmctx, 0)`).
//! A direct call to a defined function that has native code calls it (its entry in
//! `native_calls`), in the tail convention; one not compiled yet, or an imported one,
//! goes through `libcalls.call` with the arguments in cells on the stack, which get the
//! results; `call_indirect` always through `libcalls.call_indirect`. After every call:
//! the status check, and memory read again.

use super::*;
use crate::signature::{load_cell, store_cell};
use awe_module::{FuncIdx, TableIdx, TypeIdx};
use control::block_args;
use cranelift_codegen::ir::{StackSlotData, StackSlotKind};

impl Translator<'_, '_> {
    /// `call func`.
    pub(super) fn call(&mut self, func: FuncIdx) -> Result<(), String> {
        let ty = self.ctx.func_type(func).map_err(|e| e.to_string())?.clone();
        let results = val_types(&ty.results)?;
        let args = self.pop_n(ty.params.len());
        self.interrupt_check();
        let imported = self.ctx.module.num_imported_funcs();
        let values = match func.0.checked_sub(imported) {
            None => self.call_through_engine(func, &args, &results),
            Some(defined) => {
                let table = self.vmctx_load(types::I64, offsets::NATIVE_CALLS);
                let entry = self.load_entry(table, defined);
                let (native, slow) = (self.b.create_block(), self.b.create_block());
                let join = self.block_with(&results);
                self.b.ins().brif(entry, native, &[], slow, &[]);
                self.b.seal_block(native);
                self.b.seal_block(slow);
                self.b.switch_to_block(native);
                let sig = self.wasm_sig(&ty)?;
                let mut call_args = vec![self.vmctx];
                call_args.extend_from_slice(&args);
                let call = self.b.ins().call_indirect(sig, entry, &call_args);
                let r = self.b.inst_results(call).to_vec();
                self.b.ins().jump(join, &block_args(&r));
                self.b.switch_to_block(slow);
                let r = self.call_through_engine(func, &args, &results);
                self.b.ins().jump(join, &block_args(&r));
                self.b.seal_block(join);
                self.b.switch_to_block(join);
                self.b.block_params(join).to_vec()
            }
        };
        self.check_status();
        self.reload_memory();
        self.stack.extend(values);
        Ok(())
    }

    /// Defined function `defined`'s native entry in the table at `table` (null: none).
    fn load_entry(&mut self, table: Value, defined: u32) -> Value {
        let at = u64::from(defined) * 8;
        match i32::try_from(at) {
            Ok(off) => self.b.ins().load(types::I64, trusted(), table, off),
            Err(_) => {
                let p = self.b.ins().iadd_imm_u(table, at as i64);
                self.b.ins().load(types::I64, trusted(), p, 0)
            }
        }
    }

    /// Function `func`'s runtime address (an `i32`): `func_addrs[func]`.
    pub(super) fn func_addr(&mut self, func: FuncIdx) -> Value {
        let addrs = self.vmctx_load(types::I64, offsets::FUNC_ADDRS);
        let at = u64::from(func.0) * 4;
        match i32::try_from(at) {
            Ok(off) => self.b.ins().load(types::I32, trusted(), addrs, off),
            Err(_) => {
                let p = self.b.ins().iadd_imm_u(addrs, at as i64);
                self.b.ins().load(types::I32, trusted(), p, 0)
            }
        }
    }

    /// A call of `func` through `libcalls.call`; the results, of `results` types.
    fn call_through_engine(
        &mut self,
        func: FuncIdx,
        args: &[Value],
        results: &[Type],
    ) -> Vec<Value> {
        let cells = self.store_cells(args, results.len());
        let addr = self.func_addr(func);
        self.libcall(Libcall::Call, &[self.vmctx, addr, cells]);
        self.load_cells(cells, results)
    }

    /// `call_indirect ty table`.
    pub(super) fn call_indirect(&mut self, ty: TypeIdx, table: TableIdx) -> Result<(), String> {
        let ft = self
            .ctx
            .module
            .type_func(ty)
            .ok_or_else(|| format!("type {ty} is not a function type"))?
            .clone();
        let results = val_types(&ft.results)?;
        let index = self.pop();
        let args = self.pop_n(ft.params.len());
        self.interrupt_check();
        let cells = self.store_cells(&args, results.len());
        let ty = self.iconst32(ty.0);
        let table = self.iconst32(table.0);
        let index = self.b.ins().uextend(types::I64, index);
        self.libcall(
            Libcall::CallIndirect,
            &[self.vmctx, ty, table, index, cells],
        );
        let values = self.load_cells(cells, &results);
        self.check_status();
        self.reload_memory();
        self.stack.extend(values);
        Ok(())
    }

    /// If the interrupt flag is set, the checkpoint libcall (amount 0) and a status
    /// check.
    fn interrupt_check(&mut self) {
        let flag = self.interrupt_flag();
        let (slow, cont) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(slow);
        self.b.ins().brif(flag, slow, &[], cont, &[]);
        self.b.seal_block(slow);
        self.b.switch_to_block(slow);
        let zero = self.iconst64(0);
        self.libcall(Libcall::Checkpoint, &[self.vmctx, zero]);
        self.check_status();
        self.reload_memory();
        self.b.ins().jump(cont, &[]);
        self.b.seal_block(cont);
        self.b.switch_to_block(cont);
    }

    /// `args` written to the calls' cells (enough for `results` results too); their
    /// address.
    fn store_cells(&mut self, args: &[Value], results: usize) -> Value {
        let size = (args.len().max(results).max(1) * 8) as u32;
        self.cells_size = self.cells_size.max(size);
        let slot = match self.cells {
            Some(s) => s,
            None => {
                let s = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    size,
                    3,
                ));
                self.cells = Some(s);
                s
            }
        };
        let ptr = self.b.ins().stack_addr(types::I64, slot, 0);
        for (i, &v) in args.iter().enumerate() {
            store_cell(&mut self.b, v, ptr, 8 * i as i32);
        }
        ptr
    }

    /// The results read back from the cells at `cells`.
    fn load_cells(&mut self, cells: Value, results: &[Type]) -> Vec<Value> {
        results
            .iter()
            .enumerate()
            .map(|(i, &t)| load_cell(&mut self.b, t, cells, 8 * i as i32))
            .collect()
    }

    /// The signature of calls to native code of type `ty`, imported once.
    fn wasm_sig(&mut self, ty: &FuncType) -> Result<SigRef, String> {
        if let Some(&s) = self.wasm_sigs.get(ty) {
            return Ok(s);
        }
        let s = self.b.import_signature(wasm_signature(ty)?);
        self.wasm_sigs.insert(ty.clone(), s);
        Ok(s)
    }
}

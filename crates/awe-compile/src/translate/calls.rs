//! Calls. Before each one, the interrupt flag (set: `libcalls.checkpoint(vmctx, 0)`).
//! A direct call to a defined function that has native code calls it (its entry in
//! `native_calls`), in the tail convention; one not compiled yet, or an imported one,
//! goes through `libcalls.call` with the arguments in cells on the stack, which get the
//! results; `call_indirect` always through `libcalls.call_indirect`. After every call:
//! the status check, and memory read again.

use super::*;
use crate::signature::{load_cell, store_cell};
use awe_engine::native;
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
        let index = self.b.ins().uextend(types::I64, index);
        let join = self.block_with(&results);
        if table.0 == 0 {
            // The fast path: a callee of this instance with native code, of the type
            // expected exactly, straight from table 0; anything else (out of bounds,
            // null, another type or instance, not compiled) takes the engine's way,
            // which traps or calls as the interpreter does.
            let slow = self.b.create_block();
            self.b.set_cold_block(slow);
            let entry = self.indirect_entry(ty, index, slow);
            let sig = self.wasm_sig(&ft)?;
            let mut call_args = vec![self.vmctx];
            call_args.extend_from_slice(&args);
            let call = self.b.ins().call_indirect(sig, entry, &call_args);
            let r = self.b.inst_results(call).to_vec();
            self.b.ins().jump(join, &block_args(&r));
            self.b.seal_block(slow);
            self.b.switch_to_block(slow);
        }
        let cells = self.store_cells(&args, results.len());
        let ty = self.iconst32(ty.0);
        let table = self.iconst32(table.0);
        self.libcall(
            Libcall::CallIndirect,
            &[self.vmctx, ty, table, index, cells],
        );
        let r = self.load_cells(cells, &results);
        self.b.ins().jump(join, &block_args(&r));
        self.b.seal_block(join);
        self.b.switch_to_block(join);
        let values = self.b.block_params(join).to_vec();
        self.check_status();
        self.reload_memory();
        self.stack.extend(values);
        Ok(())
    }

    /// The native entry of the function at entry `index` (an `i64`) of table 0 if it
    /// is a function of this instance, of type `ty` (by the runtime's type numbers),
    /// with native code; else a jump to `slow`. The checks read the context's table 0,
    /// the runtime's function arena and the instance's type numbers
    /// (`awe_engine::native::FUNC_*`).
    fn indirect_entry(&mut self, ty: TypeIdx, index: Value, slow: Block) -> Value {
        let t = trusted();
        let next = |b: &mut FunctionBuilder<'_>, cond: Value| {
            let ok = b.create_block();
            b.ins().brif(cond, ok, &[], slow, &[]);
            b.seal_block(ok);
            b.switch_to_block(ok);
        };
        let len = self.vmctx_load(types::I64, offsets::TABLE0_LEN);
        let inside = self.b.ins().icmp(IntCC::UnsignedLessThan, index, len);
        next(&mut self.b, inside);
        let table = self.vmctx_load(types::I64, offsets::TABLE0);
        let at = self.b.ins().ishl_imm_u(index, 3);
        let at = self.b.ins().iadd(table, at);
        let cell = self.b.ins().load(types::I64, t, at, 0);
        next(&mut self.b, cell);
        let addr = self.b.ins().iadd_imm_s(cell, -1);
        let funcs = self.vmctx_load(types::I64, offsets::FUNCS);
        let at = self.b.ins().imul_imm_u(addr, native::FUNC_STRIDE as i64);
        let info = self.b.ins().iadd(funcs, at);
        let have = self
            .b
            .ins()
            .load(types::I32, t, info, native::FUNC_TYPE_ID as i32);
        let ids = self.vmctx_load(types::I64, offsets::TYPE_IDS);
        let want = match i32::try_from(u64::from(ty.0) * 4) {
            Ok(off) => self.b.ins().load(types::I32, t, ids, off),
            Err(_) => {
                let p = self.b.ins().iadd_imm_u(ids, i64::from(ty.0) * 4);
                self.b.ins().load(types::I32, t, p, 0)
            }
        };
        let same_type = self.b.ins().icmp(IntCC::Equal, have, want);
        next(&mut self.b, same_type);
        let owner = self
            .b
            .ins()
            .load(types::I32, t, info, native::FUNC_OWNER as i32);
        let me = self.vmctx_load(types::I32, offsets::INSTANCE_ID);
        let ours = self.b.ins().icmp(IntCC::Equal, owner, me);
        next(&mut self.b, ours);
        let defined = self
            .b
            .ins()
            .load(types::I32, t, info, native::FUNC_DEFINED as i32);
        let defined = self.b.ins().uextend(types::I64, defined);
        let entries = self.vmctx_load(types::I64, offsets::NATIVE_CALLS);
        let at = self.b.ins().ishl_imm_u(defined, 3);
        let at = self.b.ins().iadd(entries, at);
        let entry = self.b.ins().load(types::I64, t, at, 0);
        next(&mut self.b, entry);
        entry
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

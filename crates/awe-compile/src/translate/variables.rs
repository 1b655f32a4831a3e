//! Locals (Cranelift variables), globals (cells in the runtime's arena), constants,
//! `funcref`s, `select` and `drop`.
//!
//! Global `i`'s arena index is `global_addrs[i]` (a `u32`), its value the cell at
//! `globals + index * GLOBAL_STRIDE + GLOBAL_VALUE`; both pointers are read from the
//! context at each access (a call may have added globals and moved the arena).

use super::*;
use awe_engine::native::{GLOBAL_STRIDE, GLOBAL_VALUE};
use awe_module::GlobalIdx;
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};

impl Translator<'_, '_> {
    /// Translates a local, global, constant, reference, `select` or `drop`; `false` if
    /// `instr` is none of them.
    pub(super) fn variable(&mut self, instr: &Instr) -> Result<bool, String> {
        match instr {
            Instr::LocalGet { local } => {
                let v = self.b.use_var(self.locals[local.index()]);
                self.push(v);
            }
            Instr::LocalSet { local } => {
                let v = self.pop();
                self.b.def_var(self.locals[local.index()], v);
            }
            Instr::LocalTee { local } => {
                let v = *self.stack.last().expect("validation: an operand");
                self.b.def_var(self.locals[local.index()], v);
            }
            Instr::GlobalGet { global } => {
                let ty = self.global_type(*global)?;
                let cell = self.global_cell(*global);
                let v = self.b.ins().load(ty, trusted(), cell, GLOBAL_VALUE as i32);
                self.push(v);
            }
            Instr::GlobalSet { global } => {
                let v = self.pop();
                let cell = self.global_cell(*global);
                crate::signature::store_cell(&mut self.b, v, cell, GLOBAL_VALUE as i32);
            }
            Instr::I32Const { value } => {
                let v = self.iconst32(*value as u32);
                self.push(v);
            }
            Instr::I64Const { value } => {
                let v = self.iconst64(*value as u64);
                self.push(v);
            }
            Instr::F32Const { value } => {
                let v = self.b.ins().f32const(Ieee32::with_bits(value.0));
                self.push(v);
            }
            Instr::F64Const { value } => {
                let v = self.b.ins().f64const(Ieee64::with_bits(value.0));
                self.push(v);
            }
            Instr::RefNull { .. } => {
                let v = self.iconst64(0);
                self.push(v);
            }
            Instr::RefIsNull => {
                let r = self.pop();
                let c = self.b.ins().icmp_imm_u(IntCC::Equal, r, 0);
                let v = self.b.ins().uextend(types::I32, c);
                self.push(v);
            }
            Instr::RefFunc { func } => {
                let addr = self.func_addr(*func);
                let addr = self.b.ins().uextend(types::I64, addr);
                let v = self.b.ins().iadd_imm_u(addr, 1);
                self.push(v);
            }
            Instr::Select | Instr::SelectTyped { .. } => {
                let cond = self.pop();
                let b = self.pop();
                let a = self.pop();
                let v = self.b.ins().select(cond, a, b);
                self.push(v);
            }
            Instr::Drop => {
                self.pop();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn global_type(&self, g: GlobalIdx) -> Result<Type, String> {
        let gt = self.ctx.global(g).map_err(|e| e.to_string())?;
        val_type(gt.content)
    }

    /// The address of global `g`'s entry in the arena.
    fn global_cell(&mut self, g: GlobalIdx) -> Value {
        let addrs = self.vmctx_load(types::I64, offsets::GLOBAL_ADDRS);
        let at = u64::from(g.0) * 4;
        let index = match i32::try_from(at) {
            Ok(off) => self.b.ins().uload32(trusted(), addrs, off),
            Err(_) => {
                let p = self.b.ins().iadd_imm_u(addrs, at as i64);
                self.b.ins().uload32(trusted(), p, 0)
            }
        };
        let arena = self.vmctx_load(types::I64, offsets::GLOBALS);
        let offset = self.b.ins().imul_imm_u(index, GLOBAL_STRIDE as i64);
        self.b.ins().iadd(arena, offset)
    }
}

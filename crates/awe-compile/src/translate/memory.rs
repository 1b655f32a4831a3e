//! Memory 0: loads and stores, each bounds-checked before it accesses anything (an
//! access out of bounds traps, none faults), `memory.size` and `memory.grow`.

use super::*;
use awe_module::MemArg;
use cranelift_codegen::ir::MemFlagsData;
use cranelift_codegen::ir::types::{F32, F64, I32, I64};

/// How a load reads: the type loaded and how narrower bytes extend.
#[derive(Clone, Copy)]
enum Load {
    Plain(Type),
    /// Bytes, sign- or zero-extended to the type.
    Extend {
        ty: Type,
        bytes: u8,
        signed: bool,
    },
}

/// Flags of a checked access to linear memory: it cannot trap (checked before), it may
/// be unaligned.
fn heap() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

impl Translator<'_, '_> {
    /// Translates a load or a store; `false` if `instr` is not one.
    pub(super) fn access(&mut self, instr: &Instr) -> Result<bool, String> {
        use Instr as I;
        let ext = |ty, bytes, signed| Load::Extend { ty, bytes, signed };
        match instr {
            I::I32Load { memarg } => self.load(memarg, Load::Plain(I32)),
            I::I64Load { memarg } => self.load(memarg, Load::Plain(I64)),
            I::F32Load { memarg } => self.load(memarg, Load::Plain(F32)),
            I::F64Load { memarg } => self.load(memarg, Load::Plain(F64)),
            I::I32Load8S { memarg } => self.load(memarg, ext(I32, 1, true)),
            I::I32Load8U { memarg } => self.load(memarg, ext(I32, 1, false)),
            I::I32Load16S { memarg } => self.load(memarg, ext(I32, 2, true)),
            I::I32Load16U { memarg } => self.load(memarg, ext(I32, 2, false)),
            I::I64Load8S { memarg } => self.load(memarg, ext(I64, 1, true)),
            I::I64Load8U { memarg } => self.load(memarg, ext(I64, 1, false)),
            I::I64Load16S { memarg } => self.load(memarg, ext(I64, 2, true)),
            I::I64Load16U { memarg } => self.load(memarg, ext(I64, 2, false)),
            I::I64Load32S { memarg } => self.load(memarg, ext(I64, 4, true)),
            I::I64Load32U { memarg } => self.load(memarg, ext(I64, 4, false)),
            I::I32Store { memarg } | I::F32Store { memarg } => self.store(memarg, 4),
            I::I64Store { memarg } | I::F64Store { memarg } => self.store(memarg, 8),
            I::I32Store8 { memarg } | I::I64Store8 { memarg } => self.store(memarg, 1),
            I::I32Store16 { memarg } | I::I64Store16 { memarg } => self.store(memarg, 2),
            I::I64Store32 { memarg } => self.store(memarg, 4),
            _ => return Ok(false),
        }?;
        Ok(true)
    }

    /// The native address of an access of `size` bytes at wasm address `addr` (an
    /// `i32`) plus `memarg`'s offset, after the bounds check: `zext(addr) + offset +
    /// size > mem_len` traps. Also an offset to add in the access itself.
    fn checked_address(
        &mut self,
        addr: Value,
        memarg: &MemArg,
        size: u32,
    ) -> Result<(Value, i32), String> {
        if memarg.memory.0 != 0 {
            return Err("unsupported: a memory other than memory 0".into());
        }
        let (base, len) = self
            .memory
            .ok_or_else(|| "memory access without memory".to_string())?;
        // 32-bit memories: the offset is below 2^32, so none of this overflows.
        let addr = self.b.ins().uextend(I64, addr);
        let end = self
            .b
            .ins()
            .iadd_imm_u(addr, (memarg.offset + u64::from(size)) as i64);
        let len = self.b.use_var(len);
        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
        self.trap_if(out, TrapCode::MemoryOutOfBounds);
        let base = self.b.use_var(base);
        let mut ptr = self.b.ins().iadd(base, addr);
        let offset = match i32::try_from(memarg.offset) {
            Ok(o) => o,
            Err(_) => {
                ptr = self.b.ins().iadd_imm_u(ptr, memarg.offset as i64);
                0
            }
        };
        Ok((ptr, offset))
    }

    fn load(&mut self, memarg: &MemArg, how: Load) -> Result<(), String> {
        let addr = self.pop();
        let size = match how {
            Load::Plain(t) => t.bytes(),
            Load::Extend { bytes, .. } => u32::from(bytes),
        };
        let (ptr, offset) = self.checked_address(addr, memarg, size)?;
        let ins = self.b.ins();
        let v = match how {
            Load::Plain(t) => ins.load(t, heap(), ptr, offset),
            Load::Extend {
                ty,
                bytes: 1,
                signed: true,
            } => ins.sload8(ty, heap(), ptr, offset),
            Load::Extend {
                ty,
                bytes: 1,
                signed: false,
            } => ins.uload8(ty, heap(), ptr, offset),
            Load::Extend {
                ty,
                bytes: 2,
                signed: true,
            } => ins.sload16(ty, heap(), ptr, offset),
            Load::Extend {
                ty,
                bytes: 2,
                signed: false,
            } => ins.uload16(ty, heap(), ptr, offset),
            Load::Extend { signed: true, .. } => ins.sload32(heap(), ptr, offset),
            Load::Extend { signed: false, .. } => ins.uload32(heap(), ptr, offset),
        };
        self.push(v);
        Ok(())
    }

    /// A store of the low `size` bytes of the operand.
    fn store(&mut self, memarg: &MemArg, size: u32) -> Result<(), String> {
        let value = self.pop();
        let addr = self.pop();
        let (ptr, offset) = self.checked_address(addr, memarg, size)?;
        let full = self.b.func.dfg.value_type(value).bytes();
        let ins = self.b.ins();
        match size {
            s if s == full => ins.store(heap(), value, ptr, offset),
            1 => ins.istore8(heap(), value, ptr, offset),
            2 => ins.istore16(heap(), value, ptr, offset),
            _ => ins.istore32(heap(), value, ptr, offset),
        };
        Ok(())
    }

    /// `memory.size`: the length in 64 KiB pages.
    pub(super) fn memory_size(&mut self) {
        let (_, len) = self.memory.expect("the scan saw memory.size");
        let len = self.b.use_var(len);
        let pages = self.b.ins().ushr_imm_u(len, 16);
        let pages = self.b.ins().ireduce(I32, pages);
        self.push(pages);
    }

    /// `memory.grow`: through the engine; the old size or -1.
    pub(super) fn memory_grow(&mut self) {
        let delta = self.pop();
        let delta = self.b.ins().uextend(I64, delta);
        let mem = self.iconst32(0);
        let old = self
            .libcall(Libcall::MemoryGrow, &[self.vmctx, mem, delta])
            .expect("memory_grow has a result");
        self.check_status();
        self.reload_memory();
        let old = self.b.ins().ireduce(I32, old);
        self.push(old);
    }
}

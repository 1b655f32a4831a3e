//! Lowering: one wasm instruction at a time to ops (control flow, calls, variables,
//! memory, tables; numeric instructions by the scalar rows of the instruction table).

use super::*;

impl Translator<'_, '_> {
    pub(super) fn instr(&mut self, instr: &Instr) -> Result<()> {
        if self.control(instr) || !self.reachable() {
            return Ok(());
        }
        match instr {
            Instr::Unreachable => {
                self.emit(Op::Unreachable {});
                self.set_unreachable();
            }
            Instr::Throw { tag } => {
                let n = self.ctx.tag(*tag).map_or(0, |t| t.param_cells());
                self.materialize_top(n);
                let base = self.reg(self.stack.len() - n);
                self.stack.truncate(self.stack.len() - n);
                self.emit(Op::Throw { tag: tag.0, base });
                self.set_unreachable();
            }
            Instr::ThrowRef => {
                let exn = self.pop_reg();
                self.emit(Op::ThrowRef { exn });
                self.set_unreachable();
            }
            Instr::Nop => {}
            Instr::Br { label } => {
                self.branch(label.index());
                self.set_unreachable();
            }
            Instr::BrIf { label } => {
                let depth = label.index();
                // The condition is popped before the branch moves anything.
                let cond = self.stack.pop();
                let needs_transfer = self.needs_transfer(depth);
                if let Some(c) = cond {
                    self.stack.push(c, false);
                }
                if needs_transfer {
                    let skip = self.cond_branch(false);
                    self.branch(depth);
                    let here = self.code.len();
                    self.patch(skip, here);
                } else {
                    let idx = self.frames.len() - 1 - depth;
                    let at = self.cond_branch(true);
                    if self.frames[idx].kind == Kind::Loop {
                        let start = self.frames[idx].start;
                        self.patch(at, start);
                    } else {
                        self.frames[idx].branches.push(at);
                    }
                }
            }
            Instr::BrTable { targets } => {
                let index = self.pop_reg();
                let all: Vec<usize> = targets
                    .targets
                    .iter()
                    .chain(std::iter::once(&targets.default))
                    .map(|l| l.index())
                    .collect();
                let table = self.emit(Op::BrTable {
                    index,
                    len: targets.targets.len() as u32,
                });
                let entries: Vec<usize> = all
                    .iter()
                    .map(|_| self.emit(Op::Br { offset: UNPATCHED }))
                    .collect();
                for (&depth, &entry) in all.iter().zip(&entries) {
                    let idx = self.frames.len() - 1 - depth;
                    if self.needs_transfer(depth) {
                        // A trampoline that moves the values, then jumps.
                        let here = self.code.len();
                        self.patch(entry, here);
                        self.branch(depth);
                    } else if self.frames[idx].kind == Kind::Loop {
                        let start = self.frames[idx].start;
                        self.patch(entry, start);
                    } else {
                        self.frames[idx].branches.push(entry);
                    }
                }
                self.tables.push((table, targets.targets.len()));
                self.set_unreachable();
            }
            Instr::Return => {
                self.emit_return();
                self.set_unreachable();
            }
            Instr::Call { func } => {
                let live = self.live_refs();
                let t = self.ctx.func_type(*func)?;
                let np = t.param_cells();
                self.materialize_top(np);
                let pos = self.stack.len() - np;
                let base = self.reg(pos);
                self.stack.truncate(pos);
                let imported = self.imported_funcs;
                let at = self.emit(match func.0.checked_sub(imported) {
                    Some(index) => Op::CallLocal { index, base },
                    None => Op::Call { func: func.0, base },
                });
                self.safepoint(at, live);
                self.push_temps(&t.results);
            }
            Instr::CallIndirect { ty, table } => {
                let live = self.live_refs();
                let t = self.ctx.module.valid_func_type(*ty);
                let np = t.param_cells();
                let index = self.pop_reg();
                self.materialize_top(np);
                let pos = self.stack.len() - np;
                let base = self.reg(pos);
                self.stack.truncate(pos);
                let at = self.emit(Op::CallIndirect {
                    ty: ty.0,
                    table: table.0,
                    index,
                    base,
                });
                self.safepoint(at, live);
                self.push_temps(&t.results);
            }
            Instr::ReturnCall { func } => {
                let live = self.live_refs();
                let t = self.ctx.func_type(*func)?;
                let base = self.tail_call_args(t.param_cells());
                let at = self.emit(Op::ReturnCall { func: func.0, base });
                self.safepoint(at, live);
                self.set_unreachable();
            }
            Instr::ReturnCallIndirect { ty, table } => {
                let live = self.live_refs();
                let np = self.ctx.module.valid_func_type(*ty).param_cells();
                let index = self.pop_reg();
                let base = self.tail_call_args(np);
                let at = self.emit(Op::ReturnCallIndirect {
                    ty: ty.0,
                    table: table.0,
                    index,
                    base,
                });
                self.safepoint(at, live);
                self.set_unreachable();
            }
            Instr::CallRef { ty } => {
                let live = self.live_refs();
                let t = self.ctx.module.valid_func_type(*ty);
                let np = t.param_cells();
                let callee = self.pop_reg();
                self.materialize_top(np);
                let pos = self.stack.len() - np;
                let base = self.reg(pos);
                self.stack.truncate(pos);
                let at = self.emit(Op::CallRef { callee, base });
                self.safepoint(at, live);
                self.push_temps(&t.results);
            }
            Instr::ReturnCallRef { ty } => {
                let live = self.live_refs();
                let np = self.ctx.module.valid_func_type(*ty).param_cells();
                let callee = self.pop_reg();
                let base = self.tail_call_args(np);
                let at = self.emit(Op::ReturnCallRef { callee, base });
                self.safepoint(at, live);
                self.set_unreachable();
            }
            Instr::RefAsNonNull => {
                // The reference stays where it is; only a null one stops here.
                let (o, pos) = self.pop();
                let s = self.use_operand(o, pos);
                self.emit(Op::RefAsNonNull { s });
                self.stack.push(o, false);
                self.last_write = None;
            }
            Instr::BrOnNull { label } => self.br_on_null(label.index(), true),
            Instr::BrOnNonNull { label } => self.br_on_null(label.index(), false),
            Instr::Drop => {
                if self.stack.v128_on_top() {
                    self.stack.pop_high();
                }
                self.pop();
            }
            Instr::Select | Instr::SelectTyped { .. } => {
                let cond = self.pop_reg();
                if self.stack.v128_on_top() {
                    let b = self.pop_v128();
                    let a = self.pop_v128();
                    let d = self.push_v128_temp();
                    self.emit_result(Op::SelectV128 { d, a, b, cond });
                    return Ok(());
                }
                let (b, bpos) = self.pop();
                let b = self.use_operand(b, bpos);
                let (a, apos) = self.pop();
                let a = self.use_operand(a, apos);
                let d = self.push_temp();
                self.emit_result(Op::Select { d, a, b, cond });
            }
            Instr::LocalSet { .. } | Instr::LocalTee { .. } => {
                self.local_set(instr);
            }
            Instr::GlobalGet { global } if self.v128_global(*global) => {
                let d = self.push_v128_temp();
                self.emit_result(Op::GlobalGetV128 {
                    d,
                    global: global.0,
                });
            }
            Instr::GlobalSet { global } if self.v128_global(*global) => {
                let s = self.pop_v128();
                self.emit(Op::GlobalSetV128 {
                    s,
                    global: global.0,
                });
            }
            Instr::GlobalGet { global } => {
                let d = self.push_temp();
                self.emit_result(Op::GlobalGet {
                    d,
                    global: global.0,
                });
            }
            Instr::GlobalSet { global } => {
                let s = self.pop_reg();
                self.global_set(s, global.0);
            }
            Instr::TableGet { table } => {
                let index = self.pop_reg();
                let d = self.push_temp();
                self.emit_result(Op::TableGet {
                    d,
                    index,
                    table: table.0,
                });
            }
            Instr::TableSet { table } => {
                let s = self.pop_reg();
                let index = self.pop_reg();
                self.emit(Op::TableSet {
                    index,
                    s,
                    table: table.0,
                });
            }
            Instr::MemorySize { mem } => {
                let memory = self.mem_sel(*mem);
                let d = self.push_temp();
                self.emit_result(Op::MemorySize { d, memory });
            }
            Instr::MemoryGrow { mem } => {
                let memory = self.mem_sel(*mem);
                let delta = self.pop_reg();
                let d = self.push_temp();
                self.emit_result(Op::MemoryGrow { d, delta, memory });
            }
            Instr::RefIsNull => {
                let s = self.pop_reg();
                let d = self.push_temp();
                self.emit_result(Op::RefIsNull { d, s });
            }
            Instr::RefFunc { func } => {
                let d = self.push_temp();
                self.emit_result(Op::RefFunc { d, func: func.0 });
            }
            Instr::MemoryInit { data, mem } => {
                let memory = self.mem_sel(*mem);
                let (dst, src, len) = self.pop3();
                self.emit(Op::MemoryInit {
                    data: data.0,
                    dst,
                    src,
                    len,
                    memory,
                });
            }
            Instr::DataDrop { data } => {
                self.emit(Op::DataDrop { data: data.0 });
            }
            Instr::MemoryCopy {
                dst: dmem,
                src: smem,
            } => {
                let (dmem, smem) = (self.mem_sel(*dmem), self.mem_sel(*smem));
                let (dst, src, len) = self.pop3();
                self.emit(Op::MemoryCopy {
                    dst,
                    src,
                    len,
                    dmem,
                    smem,
                });
            }
            Instr::MemoryFill { mem } => {
                let memory = self.mem_sel(*mem);
                let (dst, val, len) = self.pop3();
                self.emit(Op::MemoryFill {
                    dst,
                    val,
                    len,
                    memory,
                });
            }
            Instr::TableInit { elem, table } => {
                let (dst, src, len) = self.pop3();
                self.emit(Op::TableInit {
                    table: table.0,
                    elem: elem.0,
                    dst,
                    src,
                    len,
                });
            }
            Instr::ElemDrop { elem } => {
                self.emit(Op::ElemDrop { elem: elem.0 });
            }
            Instr::TableCopy { dst: dt, src: st } => {
                let (dst, src, len) = self.pop3();
                self.emit(Op::TableCopy {
                    dst_table: dt.0,
                    src_table: st.0,
                    dst,
                    src,
                    len,
                });
            }
            Instr::TableGrow { table } => {
                let delta = self.pop_reg();
                let init = self.pop_reg();
                let d = self.push_temp();
                self.emit_result(Op::TableGrow {
                    d,
                    init,
                    delta,
                    table: table.0,
                });
            }
            Instr::TableSize { table } => {
                let d = self.push_temp();
                self.emit_result(Op::TableSize { d, table: table.0 });
            }
            Instr::TableFill { table } => {
                let (dst, val, len) = self.pop3();
                self.emit(Op::TableFill {
                    table: table.0,
                    dst,
                    val,
                    len,
                });
            }
            other => {
                if !self.push_only(other)
                    && !self.numeric(other)
                    && !self.access(other)
                    && !self.vector(other)
                    && !self.vector_access(other)
                    && !self.gc(other)
                {
                    return unsupported(other.name());
                }
            }
        }
        Ok(())
    }

    pub(super) fn pop3(&mut self) -> (Reg, Reg, Reg) {
        let c = self.pop_reg();
        let b = self.pop_reg();
        let a = self.pop_reg();
        (a, b, c)
    }

    /// Whether an access at `m` is to memory 0 with 32-bit addresses, which the plain
    /// loads and stores (and their fused forms) do; the ops of kind `load_mem` and
    /// `store_mem` do the others.
    #[inline(always)]
    pub(super) fn plain_memory(&self, m: &MemArg) -> bool {
        m.memory.0 == 0 && !self.mem0_wide
    }

    /// How ops that may access any memory name memory `m` (see `MemSel`; `translate`
    /// refused modules with more memories than a `MemSel` holds).
    pub(super) fn mem_sel(&self, m: MemIdx) -> MemSel {
        let wide = self.ctx.spaces().memories[m.index()].address.is_64();
        m.0 as MemSel | if wide { WIDE } else { 0 }
    }

    pub(super) fn load(&mut self, m: MemArg, op: impl FnOnce(Reg, Reg, u32) -> Op) {
        let sum = self.address_sum();
        let addr = self.pop_reg();
        let d = self.push_temp();
        // A 32-bit memory's offsets are `u32`s (validation).
        let plain = op(d, addr, m.offset as u32);
        match fuse_address(plain, sum, fuse_load) {
            Some((at, first, fused)) => {
                self.unemit(at);
                if let Some(first) = first {
                    self.emit(first);
                }
                self.emit_result(fused);
            }
            None => self.emit_result(plain),
        }
    }

    pub(super) fn store(&mut self, m: MemArg, op: impl FnOnce(Reg, Reg, u32) -> Op) {
        let s = self.pop_reg();
        let sum = self.address_sum();
        let addr = self.pop_reg();
        let plain = op(addr, s, m.offset as u32);
        match fuse_address(plain, sum, fuse_store) {
            Some((at, first, fused)) => {
                self.unemit(at);
                if let Some(first) = first {
                    self.emit(first);
                }
                self.emit(fused);
            }
            None => {
                self.emit(plain);
            }
        }
    }

    /// The `i32.add` that computed the address on top of the stack, when it is the last
    /// op and its result is used nowhere else: a load or store can do the addition.
    pub(super) fn address_sum(&self) -> Option<(usize, AddressSum)> {
        let pos = self.stack.len().checked_sub(1)?;
        if self.stack[pos] != Operand::Temp {
            return None;
        }
        let at = self.last_write?;
        if at + 1 != self.code.len() {
            return None;
        }
        match self.code[at] {
            Op::I32Add { d, a, b } if d == self.reg(pos) => Some((at, AddressSum::Regs(a, b))),
            Op::I32AddShl { d, a, b, scale } if d == self.reg(pos) => {
                Some((at, AddressSum::Shl(a, b, scale)))
            }
            Op::I32AddShlImm {
                d,
                a,
                b,
                scale,
                imm,
            } if d == self.reg(pos) && b != d => {
                Some((at, AddressSum::ShlImm(a, imm, b, scale, d)))
            }
            Op::I32AddImm { d, a, imm } if d == self.reg(pos) => {
                Some((at, AddressSum::Imm(a, imm)))
            }
            _ => None,
        }
    }

    /// Removes the last op, at `at`, to be replaced by a fused one at the same place (so
    /// that a branch to it runs the fused op). The fused op reports the location of the
    /// instruction it ends with, which is the one that can trap.
    pub(super) fn unemit(&mut self, at: usize) {
        self.code.truncate(at);
        self.offsets.truncate(at);
        self.last_write = None;
    }

    /// For a binary instruction about to be translated: the last op, its position and
    /// the stack position of the instruction's other operand, when that op wrote the
    /// temporary that is one of the two top operands (dead once the instruction consumes
    /// it) and the other operand is in a cell already. The two can then be one op.
    pub(super) fn operand_of_last_op(&self) -> Option<(usize, Op, usize)> {
        let at = self.last_write?;
        let n = self.stack.len();
        if at + 1 != self.code.len() || n < 2 {
            return None;
        }
        let t = self.code[at].dest()?;
        let is_t = |pos: usize| self.stack[pos] == Operand::Temp && self.reg(pos) == t;
        let in_cell = |pos: usize| match self.stack[pos] {
            Operand::Const(v) => self.const_in_cell(v),
            Operand::Temp | Operand::Local(_) => true,
        };
        let other = if is_t(n - 1) && in_cell(n - 2) {
            n - 2
        } else if is_t(n - 2) && in_cell(n - 1) {
            n - 1
        } else {
            return None;
        };
        Some((at, self.code[at], other))
    }

    /// Pops the two top operands (see [`Self::operand_of_last_op`]) and returns the cell
    /// of the one at stack position `other`.
    pub(super) fn pop_operands(&mut self, other: usize) -> Reg {
        let y = self.pop_reg();
        let x = self.pop_reg();
        if other == self.stack.len() { x } else { y }
    }
}

macro_rules! define_numeric_translation {
    (
        unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
        binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
    ) => {
        impl Translator<'_, '_> {
            /// Translates a numeric instruction; `false` if `instr` is not one.
            pub(super) fn numeric(&mut self, instr: &Instr) -> bool {
                if self.binop_imm(instr)
                    || self.f64_pair(instr)
                    || self.i32_add_shl(instr)
                    || self.i32_add_lt(instr)
                    || self.i64_or_shl(instr)
                {
                    return true;
                }
                match instr {
                    $( Instr::$un => {
                        let a = self.pop_reg();
                        let d = self.push_temp();
                        self.emit_result(Op::$un { d, a });
                    } )*
                    $( Instr::$bn => {
                        let b = self.pop_reg();
                        let a = self.pop_reg();
                        let d = self.push_temp();
                        self.emit_result(Op::$bn { d, a, b });
                    } )*
                    _ => return false,
                }
                true
            }
        }

        /// Whether the operands of a binary numeric instruction are `i64`s.
        pub(super) fn operands_are_i64(instr: &Instr) -> bool {
            use std::any::TypeId;
            match instr {
                $( Instr::$bn => {
                    TypeId::of::<awe_module::scalar_operand_type!($bcl $bargs)>()
                        == TypeId::of::<i64>()
                } )*
                _ => false,
            }
        }
    };
}

awe_module::for_each_scalar_instruction!(define_numeric_translation);

/// What the translator takes from the op table's facts: the lowering of the plain loads
/// and stores (`lowers`) and the immediate forms (`imm_of`).
macro_rules! define_lowering_facts {
    (
        [$($state:ident),*]
        prelude $prelude:tt
        helpers $helpers:tt
        ops {
            $(
                $(#[$meta:meta])*
                $name:ident { $($f:ident : $t:ident),* }
                $(lowers $access:ident ($($lowers:ident),*))?
                $(imm_of $imm:ident)?
                => $($kind:ident)? $body:block
            )*
        }
        $($rest:tt)*
    ) => {
        impl Translator<'_, '_> {
            /// Translates a plain load or store; `false` if `instr` is not one.
            pub(super) fn access(&mut self, instr: &Instr) -> bool {
                match instr {
                    $($(
                        $( Instr::$lowers { memarg } )|* if access_applies!(self, $access, memarg) => {
                            access!(self, $access, *memarg, $name)
                        }
                    )?)*
                    _ => return false,
                }
                true
            }
        }

        /// The op with an immediate operand for `instr` when its right operand is the
        /// constant `v`, and that immediate; `None` if there is no such op or `v` does not
        /// fit (an `i64` constant must be an `i32` sign-extended).
        #[inline(always)]
        pub(super) fn imm_form(instr: &Instr, v: u64) -> Option<(MakeImm, i32)> {
            let mk: MakeImm = match instr {
                $($( Instr::$imm => |d, a, imm| Op::$name { d, a, imm }, )?)*
                _ => return None,
            };
            let imm = if operands_are_i64(instr) {
                i32::try_from(v as i64).ok()?
            } else {
                v as u32 as i32
            };
            Some((mk, imm))
        }
    };
}

/// Whether an op of kind `load`/`store` (memory 0 with 32-bit addresses) or
/// `load_mem`/`store_mem` (any other memory) does the access at `$memarg`.
macro_rules! access_applies {
    ($t:tt, load, $memarg:expr) => {
        $t.plain_memory($memarg)
    };
    ($t:tt, store, $memarg:expr) => {
        $t.plain_memory($memarg)
    };
    ($t:tt, load_mem, $memarg:expr) => {
        true
    };
    ($t:tt, store_mem, $memarg:expr) => {
        true
    };
}

/// `load` or `store` of op `$op` at `$memarg`.
macro_rules! access {
    ($t:tt, load, $memarg:expr, $op:ident) => {
        $t.load($memarg, |d, addr, offset| Op::$op { d, addr, offset })
    };
    ($t:tt, store, $memarg:expr, $op:ident) => {
        $t.store($memarg, |addr, s, offset| Op::$op { addr, s, offset })
    };
    ($t:tt, load_mem, $memarg:expr, $op:ident) => {{
        let (memory, offset) = ($t.mem_sel($memarg.memory), $memarg.offset);
        let addr = $t.pop_reg();
        let d = $t.push_temp();
        $t.emit_result(Op::$op {
            d,
            addr,
            memory,
            offset,
        })
    }};
    ($t:tt, store_mem, $memarg:expr, $op:ident) => {{
        let (memory, offset) = ($t.mem_sel($memarg.memory), $memarg.offset);
        let s = $t.pop_reg();
        let addr = $t.pop_reg();
        $t.emit(Op::$op {
            addr,
            s,
            memory,
            offset,
        });
    }};
}

crate::ops::table::for_each_op!(define_lowering_facts);

/// The translator takes each instruction straight from the decoder (a
/// [`awe_binary::VisitInstr`], one method per row of the instruction table): the numeric
/// rows go to `numeric`, the plain loads and stores to `access`, `local.get`, the
/// constants and `ref.null` to `push_only`, `local.set` and `local.tee` to `local_set`,
/// `block`, `loop`, `if`, `else` and `end` to `control`, the others to `instr`
/// (each with the row's `Instr`, which costs nothing to build but for `br_table`'s).
/// Every instruction counts as fuel at the checkpoint that is open.
macro_rules! define_lowering_visitor {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        impl awe_binary::VisitInstr for Translator<'_, '_> {
            type Output = Result<()>;

            #[inline(always)]
            fn before_instr(&mut self, offset: u32) {
                self.offset = offset;
            }

            $(
                #[inline]
                fn $fname(&mut self $($(, $field: $ty)*)?) -> Result<()> {
                    let instr = Instr::$name $({ $($field),* })?;
                    let r = lower_by_class!(self, $class, $fname, instr);
                    if let Some(v) = &mut self.shadow {
                        // The module is valid: the result says nothing new.
                        let _ = awe_binary::visit_instr(&instr, v);
                    }
                    if self.fuel.is_some() {
                        self.count_fuel();
                    }
                    r
                }
            )*
        }
    };
}

/// How an instruction of class `$class` is lowered (see `define_lowering_visitor`).
macro_rules! lower_by_class {
    ($t:ident, binop, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::numeric)
    };
    ($t:ident, unop, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::numeric)
    };
    ($t:ident, relop, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::numeric)
    };
    ($t:ident, testop, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::numeric)
    };
    ($t:ident, cvtop, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::numeric)
    };
    ($t:ident, load, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::access)
    };
    ($t:ident, store, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::access)
    };
    ($t:ident, konst, $f:ident, $i:ident) => {
        $t.lower_by(&$i, Self::push_only)
    };
    ($t:ident, $class:ident, local_get, $i:ident) => {
        $t.lower_by(&$i, Self::push_only)
    };
    ($t:ident, $class:ident, ref_null, $i:ident) => {
        $t.lower_by(&$i, Self::push_only)
    };
    ($t:ident, $class:ident, block, $i:ident) => {
        $t.lower_control(&$i)
    };
    ($t:ident, $class:ident, r#loop, $i:ident) => {
        $t.lower_control(&$i)
    };
    ($t:ident, $class:ident, r#if, $i:ident) => {
        $t.lower_control(&$i)
    };
    ($t:ident, $class:ident, r#else, $i:ident) => {
        $t.lower_control(&$i)
    };
    ($t:ident, $class:ident, end, $i:ident) => {
        $t.lower_control(&$i)
    };
    ($t:ident, $class:ident, local_set, $i:ident) => {
        $t.lower_by(&$i, Self::local_set)
    };
    ($t:ident, $class:ident, local_tee, $i:ident) => {
        $t.lower_by(&$i, Self::local_set)
    };
    ($t:ident, $class:ident, $f:ident, $i:ident) => {
        $t.instr(&$i)
    };
}

awe_module::for_each_instruction!(define_lowering_visitor);

impl Translator<'_, '_> {
    /// Translates an instruction that only pushes an entry and emits nothing (`local.get`,
    /// a scalar constant, `ref.null`); `false` if `instr` is not one.
    #[inline(always)]
    pub(super) fn push_only(&mut self, instr: &Instr) -> bool {
        let o = match instr {
            Instr::LocalGet { local } => match self.local_cells.get(local.index()) {
                None => Operand::Local(local.0 as Reg),
                Some(&(c, false)) => Operand::Local(c),
                Some(&(c, true)) => {
                    self.push_v128(Operand::Local(c), Operand::Local(c + 1));
                    return true;
                }
            },
            Instr::V128Const { value } => {
                let v = u128::from_le_bytes(value.0);
                self.push_v128(Operand::Const(v as u64), Operand::Const((v >> 64) as u64));
                return true;
            }
            Instr::I32Const { value } => Operand::Const(u64::from(*value as u32)),
            Instr::I64Const { value } => Operand::Const(*value as u64),
            Instr::F32Const { value } => Operand::Const(u64::from(value.0)),
            Instr::F64Const { value } => Operand::Const(value.0),
            Instr::RefNull { .. } => Operand::Const(0),
            _ => return false,
        };
        self.push(o);
        true
    }

    /// Puts the top `n` entries, a tail call's arguments, into their own cells and pops
    /// them; returns the first one's cell.
    fn tail_call_args(&mut self, n: usize) -> Reg {
        self.materialize_top(n);
        let pos = self.stack.len() - n;
        let base = self.reg(pos);
        self.stack.truncate(pos);
        base
    }

    /// Translates `local.set` or `local.tee`; `false` if `instr` is neither. A result
    /// computed just before into a temporary is written to the local instead; a local
    /// that still holds its initial zero takes no `i32.const 0`.
    pub(super) fn local_set(&mut self, instr: &Instr) -> bool {
        let (Instr::LocalSet { local } | Instr::LocalTee { local }) = instr else {
            return false;
        };
        let x = match self.local_cells.get(local.index()) {
            None => local.0 as Reg,
            Some(&(c, false)) => c,
            Some(&(c, true)) => {
                self.local_set_v128(c, matches!(instr, Instr::LocalTee { .. }));
                return true;
            }
        };
        let (o, pos) = self.pop();
        let zero = self.zero_locals.get(usize::from(x)).copied() == Some(true);
        if zero && o == Operand::Const(0) {
            // The local still holds the zero it started with.
            if matches!(instr, Instr::LocalTee { .. }) {
                self.push(Operand::Local(x));
            }
            return true;
        }
        if zero {
            self.zero_locals[usize::from(x)] = false;
        }
        let pending = self.stack[self.frame().height..].contains(&Operand::Local(x));
        let retarget = o == Operand::Temp
            && !pending
            && self
                .last_write
                .is_some_and(|at| self.code[at].dest() == Some(self.reg(pos)));
        if retarget {
            if let Some(at) = self.last_write
                && let Some(d) = self.code[at].dest_mut()
            {
                *d = x;
            }
            self.last_write = None;
        } else {
            if pending {
                let from = self.frame().height;
                for p in from..self.stack.len() {
                    if self.stack[p] == Operand::Local(x) {
                        self.materialize(p);
                    }
                }
            }
            match o {
                Operand::Const(v) => self.emit_const(x, v),
                _ => {
                    let s = self.use_operand(o, pos);
                    if s != x {
                        self.emit(Op::Copy { d: x, s });
                    }
                }
            }
        }
        if matches!(instr, Instr::LocalTee { .. }) {
            self.push(Operand::Local(x));
        }
        true
    }

    /// `block`, `loop`, `if`, `else` or `end` (see `control`).
    #[inline(always)]
    fn lower_control(&mut self, instr: &Instr) -> Result<()> {
        self.control(instr);
        Ok(())
    }

    /// An instruction that is not control flow: nothing in unreachable code, else the
    /// lowering `rows` of its kind (`numeric`, `access`, `push_only`, `local_set`), or `instr` for
    /// those it does not take (vector rows).
    #[inline(always)]
    fn lower_by(&mut self, instr: &Instr, rows: fn(&mut Self, &Instr) -> bool) -> Result<()> {
        if !self.reachable() || rows(self, instr) {
            return Ok(());
        }
        self.instr(instr)
    }

    /// `br_on_null` (`on_null`) and `br_on_non_null` to label `depth`. The reference is
    /// first put in its own cell: the test reads it there, and whichever way leaves with
    /// it (`br_on_null`'s fall-through, `br_on_non_null`'s branch) finds it there.
    fn br_on_null(&mut self, depth: usize, on_null: bool) {
        let top = self.stack.len() - 1;
        self.materialize(top);
        let r = self.reg(top);
        self.last_write = None;
        // `br_on_null` branches without the reference, `br_on_non_null` with it.
        let entry = if on_null { self.stack.pop() } else { None };
        self.branch_on_cell(depth, r, !on_null);
        match entry {
            Some(o) => self.stack.push(o, false),
            // `br_on_non_null` goes on without the reference.
            None => drop(self.stack.pop()),
        }
    }

    /// A branch to the label `depth` out taken when cell `cond` is not zero
    /// (`if_nonzero`) or when it is zero, with the stack as it is.
    pub(super) fn branch_on_cell(&mut self, depth: usize, cond: Reg, if_nonzero: bool) {
        let op = |nonzero: bool, offset| {
            if nonzero {
                Op::BrI64Nez { cond, offset }
            } else {
                Op::BrI64Eqz { cond, offset }
            }
        };
        if self.needs_transfer(depth) {
            let skip = self.emit(op(!if_nonzero, UNPATCHED));
            self.branch(depth);
            let here = self.code.len();
            self.patch(skip, here);
        } else {
            let idx = self.frames.len() - 1 - depth;
            let at = self.emit(op(if_nonzero, UNPATCHED));
            if self.frames[idx].kind == Kind::Loop {
                let start = self.frames[idx].start;
                self.patch(at, start);
            } else {
                self.frames[idx].branches.push(at);
            }
        }
    }
}

//! Lowering of the vector instructions: `v128` values are two adjacent cells (two stack
//! entries, see `SimStack`). The vector rows of the instruction table that compute are one
//! op each (expanded from the table); the memory accesses narrower than 16 bytes are a
//! scalar access and a lane op.

use super::*;

/// Vector op `$op` writing `$d` from `v128` `$a`, scalar `$b` and lane `$lane`.
macro_rules! lane_op {
    ($op:ident, $d:expr, $a:expr, $b:expr, $lane:expr) => {
        Op::$op {
            d: $d,
            a: $a,
            b: $b,
            c: 0,
            lane: $lane,
        }
    };
}

impl Translator<'_, '_> {
    /// Whether global `g` is a `v128`.
    pub(super) fn v128_global(&self, g: GlobalIdx) -> bool {
        self.ctx
            .spaces()
            .globals
            .get(g.index())
            .is_some_and(|t| t.content == ValType::V128)
    }

    /// `local.set` or `local.tee` of a `v128` local at cells `c`, `c + 1`.
    pub(super) fn local_set_v128(&mut self, c: Reg, tee: bool) {
        let hi = self.stack.pop_high().unwrap_or(Operand::Temp);
        let (lo, pos) = self.pop();
        for cell in [c, c + 1] {
            if let Some(z) = self.zero_locals.get_mut(usize::from(cell)) {
                *z = false;
            }
        }
        let from = self.frame().height;
        let pending = self.stack[from..]
            .iter()
            .any(|o| matches!(o, Operand::Local(r) if *r == c || *r == c + 1));
        // The op just emitted computed the pair: it writes the local instead.
        let retarget = lo == Operand::Temp
            && hi == Operand::Temp
            && !pending
            && self
                .last_write
                .is_some_and(|at| self.code[at].dest() == Some(self.reg(pos)));
        if retarget {
            if let Some(at) = self.last_write
                && let Some(d) = self.code[at].dest_mut()
            {
                *d = c;
            }
            self.last_write = None;
        } else {
            if pending {
                for p in from..self.stack.len() {
                    if matches!(self.stack[p], Operand::Local(r) if r == c || r == c + 1) {
                        self.materialize(p);
                    }
                }
            }
            for (i, o) in [(0, lo), (1, hi)] {
                let d = c + i;
                match o {
                    Operand::Const(v) => self.emit_const(d, v),
                    Operand::Temp => {
                        let s = self.reg(pos + usize::from(i));
                        self.emit(Op::Copy { d, s });
                    }
                    Operand::Local(s) => {
                        if s != d {
                            self.emit(Op::Copy { d, s });
                        }
                    }
                }
            }
        }
        if tee {
            self.push_v128(Operand::Local(c), Operand::Local(c + 1));
        }
    }

    /// Emits a zero-extending scalar load of `bytes` bytes (1, 2, 4 or 8) at `m` into `d`.
    fn scalar_load(&mut self, m: &MemArg, bytes: u8, d: Reg, addr: Reg) {
        let op = if self.plain_memory(m) {
            let offset = m.offset as u32;
            match bytes {
                1 => Op::I32Load8U { d, addr, offset },
                2 => Op::I32Load16U { d, addr, offset },
                4 => Op::I32Load { d, addr, offset },
                _ => Op::I64Load { d, addr, offset },
            }
        } else {
            let (memory, offset) = (self.mem_sel(m.memory), m.offset);
            match bytes {
                1 => Op::I32Load8UMem {
                    d,
                    addr,
                    memory,
                    offset,
                },
                2 => Op::I32Load16UMem {
                    d,
                    addr,
                    memory,
                    offset,
                },
                4 => Op::I32LoadMem {
                    d,
                    addr,
                    memory,
                    offset,
                },
                _ => Op::I64LoadMem {
                    d,
                    addr,
                    memory,
                    offset,
                },
            }
        };
        self.emit(op);
    }

    /// Emits a scalar store of the low `bytes` bytes (1, 2, 4 or 8) of cell `s` at `m`.
    fn scalar_store(&mut self, m: &MemArg, bytes: u8, addr: Reg, s: Reg) {
        let op = if self.plain_memory(m) {
            let offset = m.offset as u32;
            match bytes {
                1 => Op::I32Store8 { addr, s, offset },
                2 => Op::I32Store16 { addr, s, offset },
                4 => Op::I32Store { addr, s, offset },
                _ => Op::I64Store { addr, s, offset },
            }
        } else {
            let (memory, offset) = (self.mem_sel(m.memory), m.offset);
            match bytes {
                1 => Op::I32Store8Mem {
                    addr,
                    s,
                    memory,
                    offset,
                },
                2 => Op::I32Store16Mem {
                    addr,
                    s,
                    memory,
                    offset,
                },
                4 => Op::I32StoreMem {
                    addr,
                    s,
                    memory,
                    offset,
                },
                _ => Op::I64StoreMem {
                    addr,
                    s,
                    memory,
                    offset,
                },
            }
        };
        self.emit(op);
    }

    /// Translates a vector memory access (`v128.load*`, `v128.store*`); `false` if
    /// `instr` is not one. A 16-byte access is one op; a narrower load is a scalar load
    /// into the result's first cell and the lane op that makes the vector of it (which
    /// traps as the instruction does: only the load can, before anything is written); a
    /// lane store extracts the lane into a free cell and stores it.
    pub(super) fn vector_access(&mut self, instr: &Instr) -> bool {
        /// The lane op that makes a vector of a loaded scalar in its first cell.
        type Make = fn(Reg) -> Op;
        let (m, bytes, make): (&MemArg, u8, Make) = match instr {
            Instr::V128Load { memarg } if self.plain_memory(memarg) => {
                // The address may be an `i32.add` the load does (as the scalar loads).
                let sum = self.address_sum();
                let addr = self.pop_reg();
                let d = self.push_v128_temp();
                let plain = Op::V128Load {
                    d,
                    addr,
                    offset: memarg.offset as u32,
                };
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
                return true;
            }
            Instr::V128Store { memarg } if self.plain_memory(memarg) => {
                let s = self.pop_v128();
                let sum = self.address_sum();
                let addr = self.pop_reg();
                let plain = Op::V128Store {
                    addr,
                    s,
                    offset: memarg.offset as u32,
                };
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
                return true;
            }
            Instr::V128Load { memarg } => {
                let addr = self.pop_reg();
                let d = self.push_v128_temp();
                let op = {
                    Op::V128LoadMem {
                        d,
                        addr,
                        memory: self.mem_sel(memarg.memory),
                        offset: memarg.offset,
                    }
                };
                self.emit_result(op);
                return true;
            }
            Instr::V128Store { memarg } => {
                let s = self.pop_v128();
                let addr = self.pop_reg();
                let op = {
                    Op::V128StoreMem {
                        addr,
                        s,
                        memory: self.mem_sel(memarg.memory),
                        offset: memarg.offset,
                    }
                };
                self.emit(op);
                return true;
            }
            Instr::V128Load32Zero { memarg } | Instr::V128Load64Zero { memarg } => {
                let bytes = if matches!(instr, Instr::V128Load32Zero { .. }) {
                    4
                } else {
                    8
                };
                let addr = self.pop_reg();
                let d = self.push_v128_temp();
                self.scalar_load(memarg, bytes, d, addr);
                self.emit(Op::Const32 { d: d + 1, v: 0 });
                return true;
            }
            Instr::V128Load8Lane { memarg, lane }
            | Instr::V128Load16Lane { memarg, lane }
            | Instr::V128Load32Lane { memarg, lane }
            | Instr::V128Load64Lane { memarg, lane } => {
                let a = self.pop_v128();
                let addr = self.pop_reg();
                let d = self.push_v128_temp();
                let lane = u16::from(lane.0);
                // The scalar goes to the result's first cell: the address was there, or
                // it is free; the vector operand is above it or elsewhere.
                let (bytes, op) = match instr {
                    Instr::V128Load8Lane { .. } => (1, lane_op!(I8x16ReplaceLane, d, a, d, lane)),
                    Instr::V128Load16Lane { .. } => (2, lane_op!(I16x8ReplaceLane, d, a, d, lane)),
                    Instr::V128Load32Lane { .. } => (4, lane_op!(I32x4ReplaceLane, d, a, d, lane)),
                    _ => (8, lane_op!(I64x2ReplaceLane, d, a, d, lane)),
                };
                self.scalar_load(memarg, bytes, d, addr);
                self.emit_result(op);
                return true;
            }
            Instr::V128Store8Lane { memarg, lane }
            | Instr::V128Store16Lane { memarg, lane }
            | Instr::V128Store32Lane { memarg, lane }
            | Instr::V128Store64Lane { memarg, lane } => {
                let a = self.pop_v128();
                let addr = self.pop_reg();
                // The cell above the address's position is free (the vector's, if it
                // was a temporary: read before it is written).
                let t = self.reg(self.stack.len() + 1);
                self.max_height = self.max_height.max(self.stack.len() + 2);
                let lane = u16::from(lane.0);
                let (bytes, op) = match instr {
                    Instr::V128Store8Lane { .. } => (1, lane_op!(I8x16ExtractLaneU, t, a, 0, lane)),
                    Instr::V128Store16Lane { .. } => {
                        (2, lane_op!(I16x8ExtractLaneU, t, a, 0, lane))
                    }
                    Instr::V128Store32Lane { .. } => (4, lane_op!(I32x4ExtractLane, t, a, 0, lane)),
                    _ => (8, lane_op!(I64x2ExtractLane, t, a, 0, lane)),
                };
                self.emit(op);
                self.scalar_store(memarg, bytes, addr, t);
                return true;
            }
            Instr::V128Load8x8S { memarg } => {
                (memarg, 8, |d| lane_op!(I16x8ExtendLowI8x16S, d, d, 0, 0))
            }
            Instr::V128Load8x8U { memarg } => {
                (memarg, 8, |d| lane_op!(I16x8ExtendLowI8x16U, d, d, 0, 0))
            }
            Instr::V128Load16x4S { memarg } => {
                (memarg, 8, |d| lane_op!(I32x4ExtendLowI16x8S, d, d, 0, 0))
            }
            Instr::V128Load16x4U { memarg } => {
                (memarg, 8, |d| lane_op!(I32x4ExtendLowI16x8U, d, d, 0, 0))
            }
            Instr::V128Load32x2S { memarg } => {
                (memarg, 8, |d| lane_op!(I64x2ExtendLowI32x4S, d, d, 0, 0))
            }
            Instr::V128Load32x2U { memarg } => {
                (memarg, 8, |d| lane_op!(I64x2ExtendLowI32x4U, d, d, 0, 0))
            }
            Instr::V128Load8Splat { memarg } => (memarg, 1, |d| lane_op!(I8x16Splat, d, d, 0, 0)),
            Instr::V128Load16Splat { memarg } => (memarg, 2, |d| lane_op!(I16x8Splat, d, d, 0, 0)),
            Instr::V128Load32Splat { memarg } => (memarg, 4, |d| lane_op!(I32x4Splat, d, d, 0, 0)),
            Instr::V128Load64Splat { memarg } => (memarg, 8, |d| lane_op!(I64x2Splat, d, d, 0, 0)),
            _ => return false,
        };
        let addr = self.pop_reg();
        let d = self.push_v128_temp();
        self.scalar_load(m, bytes, d, addr);
        self.emit_result(make(d));
        true
    }
}

impl Translator<'_, '_> {
    /// `f32x4.add` or `f64x2.add` of the product just computed into a temporary (the op
    /// before, with no label between) and a vector in cells: one op (`F32x4MulAdd`,
    /// `F64x2MulAdd`), which rounds the product as the two do. `false` if not so.
    fn vector_mul_add(&mut self, instr: &Instr) -> bool {
        let f32 = match instr {
            Instr::F32x4Add => true,
            Instr::F64x2Add => false,
            _ => return false,
        };
        let n = self.stack.len();
        let Some(at) = self.last_write else {
            return false;
        };
        if n < 4 || at + 1 != self.code.len() || self.label > at {
            return false;
        }
        let (t, a, b) = match (self.code[at], f32) {
            (Op::F32x4Mul { d, a, b, .. }, true) | (Op::F64x2Mul { d, a, b, .. }, false) => {
                (d, a, b)
            }
            _ => return false,
        };
        let product = |pos: usize| {
            self.stack[pos] == Operand::Temp
                && self.stack[pos + 1] == Operand::Temp
                && self.reg(pos) == t
        };
        // The other operand's cells, when it needs no op to be in them.
        let in_cells = |pos: usize| match (self.stack[pos], self.stack[pos + 1]) {
            (Operand::Temp, Operand::Temp) => Some(self.reg(pos)),
            (Operand::Local(x), Operand::Local(y)) if u32::from(x) + 1 == u32::from(y) => Some(x),
            _ => None,
        };
        let (c, right) = if product(n - 2) && !product(n - 4) {
            match in_cells(n - 4) {
                Some(c) => (c, 1),
                None => return false,
            }
        } else if product(n - 4) && !product(n - 2) {
            match in_cells(n - 2) {
                Some(c) => (c, 0),
                None => return false,
            }
        } else {
            return false;
        };
        self.unemit(at);
        self.stack.pop_high();
        self.stack.pop();
        self.stack.pop_high();
        self.stack.pop();
        let d = self.push_v128_temp();
        let op = if f32 {
            Op::F32x4MulAdd { d, a, b, c, right }
        } else {
            Op::F64x2MulAdd { d, a, b, c, right }
        };
        self.emit_result(op);
        true
    }
}

/// The lowering of the vector rows that compute, by class (see `crate::simd` for what each
/// op's cells are).
macro_rules! define_vector_translation {
    (
        unary $unary:tt
        binary $binary:tt
        simd { $( $vn:ident $vf:ident $vt:literal [$vop:literal $($vsub:literal)?] $({ $($vfield:ident : $vty:ty),* })? => $vcl:ident $(($($vargs:tt)*))?; )* }
    ) => {
        impl Translator<'_, '_> {
            /// Translates a vector instruction that computes; `false` if `instr` is not one.
            pub(super) fn vector(&mut self, instr: &Instr) -> bool {
                if self.vector_mul_add(instr) {
                    return true;
                }
                match instr {
                    $( Instr::$vn $({ $($vfield),* })? => {
                        lower_vector!(self, $vcl $(($($vargs)*))?, $vn, [$($($vfield),*)?]);
                    } )*
                    _ => return false,
                }
                true
            }
        }
    };
}

/// How a vector row of class `$class` is lowered to its op `$n`.
macro_rules! lower_vector {
    ($t:ident, unop(V128), $n:ident, []) => {{
        let a = $t.pop_v128();
        let d = $t.push_v128_temp();
        $t.emit_result(Op::$n {
            d,
            a,
            b: 0,
            c: 0,
            lane: 0,
        });
    }};
    ($t:ident, binop(V128), $n:ident, []) => {{
        let b = $t.pop_v128();
        let a = $t.pop_v128();
        let d = $t.push_v128_temp();
        $t.emit_result(Op::$n {
            d,
            a,
            b,
            c: 0,
            lane: 0,
        });
    }};
    ($t:ident, ternop(V128), $n:ident, []) => {{
        let c = $t.pop_v128();
        let b = $t.pop_v128();
        let a = $t.pop_v128();
        let d = $t.push_v128_temp();
        $t.emit_result(Op::$n {
            d,
            a,
            b,
            c,
            lane: 0,
        });
    }};
    ($t:ident, testop(V128), $n:ident, []) => {{
        let a = $t.pop_v128();
        let d = $t.push_temp();
        $t.emit_result(Op::$n {
            d,
            a,
            b: 0,
            c: 0,
            lane: 0,
        });
    }};
    ($t:ident, cvtop($from:ident, V128), $n:ident, []) => {{
        let a = $t.pop_reg();
        let d = $t.push_v128_temp();
        $t.emit_result(Op::$n {
            d,
            a,
            b: 0,
            c: 0,
            lane: 0,
        });
    }};
    ($t:ident, extract($ty:ident, $lanes:literal), $n:ident, [$lane:ident]) => {{
        let a = $t.pop_v128();
        let d = $t.push_temp();
        let lane = u16::from($lane.0);
        $t.emit_result(Op::$n {
            d,
            a,
            b: 0,
            c: 0,
            lane,
        });
    }};
    ($t:ident, replace($ty:ident, $lanes:literal), $n:ident, [$lane:ident]) => {{
        let b = $t.pop_reg();
        let a = $t.pop_v128();
        let d = $t.push_v128_temp();
        let lane = u16::from($lane.0);
        $t.emit_result(Op::$n {
            d,
            a,
            b,
            c: 0,
            lane,
        });
    }};
    ($t:ident, vshift, $n:ident, []) => {{
        let b = $t.pop_reg();
        let a = $t.pop_v128();
        let d = $t.push_v128_temp();
        $t.emit_result(Op::$n {
            d,
            a,
            b,
            c: 0,
            lane: 0,
        });
    }};
    // The lane selectors are a `v128` constant in cells.
    ($t:ident, shuffle, $n:ident, [$lanes:ident]) => {{
        let m = u128::from_le_bytes($lanes.0);
        $t.push_v128(Operand::Const(m as u64), Operand::Const((m >> 64) as u64));
        let c = $t.pop_v128();
        let b = $t.pop_v128();
        let a = $t.pop_v128();
        let d = $t.push_v128_temp();
        $t.emit_result(Op::$n {
            d,
            a,
            b,
            c,
            lane: 0,
        });
    }};
}

awe_module::for_each_numeric_instruction!(define_vector_translation);

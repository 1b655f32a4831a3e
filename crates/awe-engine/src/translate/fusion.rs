//! Fusion: the fused ops that replace an op and the one before it (the immediate forms
//! themselves are expanded from the op table, in `lower`).

use super::lower::imm_form;
use super::*;

/// Makes an op with an immediate operand: `(d, a, imm)`.
pub(super) type MakeImm = fn(Reg, Reg, i32) -> Op;

/// The most constants a function keeps in cells of their own.
pub(super) const MAX_CONSTS: usize = 24;

/// The most `v128` constants with cells of their own (two each) in a function, besides
/// the `MAX_CONSTS` scalar ones: vector kernels keep their constant vectors (masks,
/// shuffles' selectors, coefficients) in cells, and only functions that have them pay
/// for copying them in on entry.
pub(super) const MAX_V128_CONSTS: usize = 16;

impl Translator<'_, '_> {
    /// An `i32.add` with an operand that the op just before computed into a temporary,
    /// an `i32.lt_u` or `i32.lt_s`: both become `I32AddLtU` or `I32AddLtS` (the
    /// temporary is dead: the add consumed it). The other operand must be in a cell.
    pub(super) fn i32_add_lt(&mut self, instr: &Instr) -> bool {
        if !matches!(instr, Instr::I32Add) {
            return false;
        }
        let Some((at, prev, other)) = self.operand_of_last_op() else {
            return false;
        };
        let (b, c, signed) = match prev {
            Op::I32LtU { a, b, .. } => (a, b, false),
            Op::I32LtS { a, b, .. } => (a, b, true),
            _ => return false,
        };
        let a = self.pop_operands(other);
        self.unemit(at);
        let d = self.push_temp();
        self.emit_result(if signed {
            Op::I32AddLtS { d, a, b, c }
        } else {
            Op::I32AddLtU { d, a, b, c }
        });
        true
    }

    /// An `i32.add` with an operand that the op just before computed into a temporary,
    /// an `i32.shl` or `i32.mul` by a constant: both become `I32AddShl` (the temporary is dead: the
    /// add consumed it). If the other operand is a temporary that an `i32.add` of a
    /// constant computed just before that, the three become `I32AddShlImm`. The other
    /// operand must be in a cell already.
    pub(super) fn i32_add_shl(&mut self, instr: &Instr) -> bool {
        if !matches!(instr, Instr::I32Add) {
            return false;
        }
        // `x << k` is `x * 2^k`; an `i32.mul` by a constant (an array of structs) is the
        // same form with any factor.
        let (at, x, scale, other) = match self.operand_of_last_op() {
            Some((at, Op::I32ShlImm { a, imm, .. }, other)) => (at, a, 1u32 << (imm & 31), other),
            Some((at, Op::I32MulImm { a, imm, .. }, other)) => (at, a, imm as u32, other),
            _ => return false,
        };
        // `base = c + k` computed just before the shift into the other operand's
        // temporary, which the shift does not read, with no label at the shift (a
        // branch there would skip the sum).
        let sum = match self.code.get(at.wrapping_sub(1)) {
            Some(&Op::I32AddImm {
                d: t0,
                a: c,
                imm: k,
            }) if self.label < at
                && self.stack[other] == Operand::Temp
                && self.reg(other) == t0
                && x != t0 =>
            {
                Some((c, k))
            }
            _ => None,
        };
        let base = self.pop_operands(other);
        let d = self.push_temp();
        match sum {
            Some((c, k)) => {
                self.unemit(at - 1);
                self.emit_result(Op::I32AddShlImm {
                    d,
                    a: c,
                    b: x,
                    scale,
                    imm: k,
                });
            }
            None => {
                self.unemit(at);
                self.emit_result(Op::I32AddShl {
                    d,
                    a: base,
                    b: x,
                    scale,
                });
            }
        }
        true
    }

    /// An `i64.or` with an operand that the op just before computed into a temporary, an
    /// `i64.shl` by a constant: both become `I64OrShlImm` (the temporary is dead: the
    /// `or` consumed it), and with an `i64.load8_u` of the shifted byte before,
    /// `I64Load8UOrShl`. The other operand must be in a cell.
    pub(super) fn i64_or_shl(&mut self, instr: &Instr) -> bool {
        if !matches!(instr, Instr::I64Or) {
            return false;
        }
        let Some((at, Op::I64ShlImm { a, imm, .. }, other)) = self.operand_of_last_op() else {
            return false;
        };
        // The shifted value a byte loaded just before into that temporary (no label at
        // the shift): the three are one op, which reports the load's location (the one
        // that can trap).
        let load = match self.code.get(at.wrapping_sub(1)) {
            Some(&Op::I64Load8U { d: t, addr, offset })
                if t == a && self.is_temp(t) && self.label < at =>
            {
                Some((addr, offset, self.offsets[at - 1]))
            }
            _ => None,
        };
        let b = self.pop_operands(other);
        let d = self.push_temp();
        match load {
            Some((addr, offset, location)) => {
                self.unemit(at - 1);
                let shift = (imm & 63) as u16;
                self.emit_result(Op::I64Load8UOrShl {
                    d,
                    addr,
                    b,
                    shift,
                    offset,
                });
                if let Some(o) = self.offsets.last_mut() {
                    *o = location;
                }
            }
            None => {
                self.unemit(at);
                self.emit_result(Op::I64OrShlImm { d, a, imm, b });
            }
        }
        true
    }

    /// An `f64.add`, `f64.sub` or `f64.mul` with an operand that the op just before
    /// computed into a temporary, itself an `f64.add`, `f64.sub` or `f64.mul`: both become
    /// one op (`F64MulAdd` and the like), which reads the first op's operands, rounds its
    /// result as it would, and never writes it to a cell (the temporary is dead: the
    /// second op consumed it). The other operand must be in a cell already.
    pub(super) fn f64_pair(&mut self, instr: &Instr) -> bool {
        let second = match instr {
            Instr::F64Add => Arith::Add,
            Instr::F64Sub => Arith::Sub,
            Instr::F64Mul => Arith::Mul,
            _ => return false,
        };
        let Some((at, prev, other)) = self.operand_of_last_op() else {
            return false;
        };
        let (first, a, b) = match prev {
            Op::F64Add { a, b, .. } => (Arith::Add, a, b),
            Op::F64Sub { a, b, .. } => (Arith::Sub, a, b),
            Op::F64Mul { a, b, .. } => (Arith::Mul, a, b),
            _ => return false,
        };
        // The first op's result is the right operand when the other one is below it.
        let right = other + 2 == self.stack.len();
        let c = self.pop_operands(other);
        self.unemit(at);
        let d = self.push_temp();
        self.emit_result(f64_pair_op(first, second, right, d, a, b, c));
        true
    }

    /// `global.set` of cell `s`. When the op just before computed `s` as an `i32.add` or
    /// `i32.sub` of a constant (no label between), both become `GlobalSetAddImm` (which
    /// writes `s` too: it may be a local, `local.tee`'d); when that add's operand is a
    /// temporary a `global.get` of the same global wrote just before, the three become
    /// `GlobalAddImm` (a shadow stack pointer moved on a function's entry).
    pub(super) fn global_set(&mut self, s: Reg, global: u32) {
        let n = self.code.len();
        let add = match self.code.last() {
            Some(&Op::I32AddImm { d, a, imm }) if d == s => Some((a, imm)),
            Some(&Op::I32SubImm { d, a, imm }) if d == s => Some((a, imm.wrapping_neg())),
            _ => None,
        };
        // No label at the `global.set` (a branch there would skip the add).
        let Some((a, imm)) = add.filter(|_| self.label < n) else {
            self.emit(Op::GlobalSet { s, global });
            return;
        };
        let at = n - 1;
        let location = self.offsets[at];
        match self.code.get(at.wrapping_sub(1)) {
            Some(&Op::GlobalGet { d: t, global: g })
                if g == global && t == a && self.is_temp(t) && self.label < at =>
            {
                self.unemit(at - 1);
                self.emit(Op::GlobalAddImm { d: s, global, imm });
            }
            _ => {
                self.unemit(at);
                self.emit(Op::GlobalSetAddImm {
                    d: s,
                    a,
                    global,
                    imm,
                });
            }
        }
        if let Some(o) = self.offsets.last_mut() {
            *o = location;
        }
    }

    /// A binary operation whose right operand is a constant that fits an immediate op.
    pub(super) fn binop_imm(&mut self, instr: &Instr) -> bool {
        let Some(&Operand::Const(v)) = self.stack.last() else {
            return false;
        };
        let Some((mk, imm)) = imm_form(instr, v) else {
            return false;
        };
        self.pop();
        let a = self.pop_reg();
        let d = self.push_temp();
        self.emit_result(mk(d, a, imm));
        true
    }
}

/// An f64 operation that `F64MulAdd` and the like combine.
#[derive(Clone, Copy)]
pub(super) enum Arith {
    Add,
    Sub,
    Mul,
}

/// `d = (a first b) second c`, or with `right`, `d = c second (a first b)`.
pub(super) fn f64_pair_op(
    first: Arith,
    second: Arith,
    right: bool,
    d: Reg,
    a: Reg,
    b: Reg,
    c: Reg,
) -> Op {
    use Arith::{Add, Mul, Sub};
    match (first, second, right) {
        (Add, Add, false) => Op::F64AddAdd { d, a, b, c },
        (Add, Sub, false) => Op::F64AddSub { d, a, b, c },
        (Add, Mul, false) => Op::F64AddMul { d, a, b, c },
        (Sub, Add, false) => Op::F64SubAdd { d, a, b, c },
        (Sub, Sub, false) => Op::F64SubSub { d, a, b, c },
        (Sub, Mul, false) => Op::F64SubMul { d, a, b, c },
        (Mul, Add, false) => Op::F64MulAdd { d, a, b, c },
        (Mul, Sub, false) => Op::F64MulSub { d, a, b, c },
        (Mul, Mul, false) => Op::F64MulMul { d, a, b, c },
        (Add, Add, true) => Op::F64AddAddR { d, a, b, c },
        (Add, Sub, true) => Op::F64AddSubR { d, a, b, c },
        (Add, Mul, true) => Op::F64AddMulR { d, a, b, c },
        (Sub, Add, true) => Op::F64SubAddR { d, a, b, c },
        (Sub, Sub, true) => Op::F64SubSubR { d, a, b, c },
        (Sub, Mul, true) => Op::F64SubMulR { d, a, b, c },
        (Mul, Add, true) => Op::F64MulAddR { d, a, b, c },
        (Mul, Sub, true) => Op::F64MulSubR { d, a, b, c },
        (Mul, Mul, true) => Op::F64MulMulR { d, a, b, c },
    }
}

/// How a fused load or store adds its address.
#[derive(Clone, Copy)]
pub(super) enum AddressSum {
    Regs(Reg, Reg),
    Imm(Reg, i32),
    /// `a + b * scale`.
    Shl(Reg, Reg, u32),
    /// `(a + imm) + b * scale`, computed into cell `base` by an `I32AddShlImm`: an
    /// access that cannot take it gets `a + imm` into `base` first (the temporary the
    /// sum was for), then adds the scaled `b` itself.
    ShlImm(Reg, i32, Reg, u32, Reg),
}

/// `plain` (a load or store) with its address computed by `sum` (found at op `at`), by
/// `fuse`: the fused op and the position of the first op it replaces.
pub(super) fn fuse_address(
    plain: Op,
    sum: Option<(usize, AddressSum)>,
    fuse: fn(Op, AddressSum) -> Option<Op>,
) -> Option<(usize, Option<Op>, Op)> {
    let (at, sum) = sum?;
    match (plain, sum) {
        (Op::I32Load { d, offset: 0, .. }, AddressSum::ShlImm(a, imm, b, scale, _)) => Some((
            at,
            None,
            Op::I32LoadAddShlImm {
                d,
                a,
                b,
                scale,
                imm,
            },
        )),
        (Op::I32Store { s, offset: 0, .. }, AddressSum::ShlImm(a, imm, b, scale, _)) => Some((
            at,
            None,
            Op::I32StoreAddShlImm {
                a,
                b,
                s,
                scale,
                imm,
            },
        )),
        (_, AddressSum::ShlImm(a, imm, b, scale, base)) => Some((
            at,
            Some(Op::I32AddImm { d: base, a, imm }),
            fuse(plain, AddressSum::Shl(base, b, scale))?,
        )),
        _ => Some((at, None, fuse(plain, sum)?)),
    }
}

macro_rules! fused_memory {
    (loads: $($l:ident $la:ident $li:ident $ls:ident),*; stores: $($s:ident $sa:ident $si:ident $ss:ident),*) => {
        /// `plain` (a load) with its address computed by `sum`, if there is such an op.
        pub(super) fn fuse_load(plain: Op, sum: AddressSum) -> Option<Op> {
            Some(match (plain, sum) {
                $(
                    (Op::$l { d, offset, .. }, AddressSum::Regs(a, b)) => Op::$la { d, a, b, offset },
                    (Op::$l { d, offset, .. }, AddressSum::Imm(a, imm)) => Op::$li { d, a, imm, offset },
                    (Op::$l { d, offset, .. }, AddressSum::Shl(a, b, scale)) => Op::$ls { d, a, b, scale, offset },
                )*
                _ => return None,
            })
        }

        /// `plain` (a store) with its address computed by `sum`, if there is such an op.
        pub(super) fn fuse_store(plain: Op, sum: AddressSum) -> Option<Op> {
            Some(match (plain, sum) {
                $(
                    (Op::$s { s, offset, .. }, AddressSum::Regs(a, b)) => Op::$sa { a, b, s, offset },
                    (Op::$s { s, offset, .. }, AddressSum::Imm(a, imm)) => Op::$si { a, s, imm, offset },
                    (Op::$s { s, offset, .. }, AddressSum::Shl(a, b, scale)) => Op::$ss { a, b, s, scale, offset },
                )*
                _ => return None,
            })
        }
    };
}

fused_memory! {
    loads: I32Load I32LoadAdd I32LoadAddImm I32LoadAddShl,
        I64Load I64LoadAdd I64LoadAddImm I64LoadAddShl,
        I32Load8S I32Load8SAdd I32Load8SAddImm I32Load8SAddShl,
        I32Load8U I32Load8UAdd I32Load8UAddImm I32Load8UAddShl,
        I32Load16S I32Load16SAdd I32Load16SAddImm I32Load16SAddShl,
        I32Load16U I32Load16UAdd I32Load16UAddImm I32Load16UAddShl,
        V128Load V128LoadAdd V128LoadAddImm V128LoadAddShl;
    stores: I32Store I32StoreAdd I32StoreAddImm I32StoreAddShl,
        I64Store I64StoreAdd I64StoreAddImm I64StoreAddShl,
        I32Store8 I32Store8Add I32Store8AddImm I32Store8AddShl,
        I32Store16 I32Store16Add I32Store16AddImm I32Store16AddShl,
        V128Store V128StoreAdd V128StoreAddImm V128StoreAddShl
}

/// The fused branch for a condition computed by `op`, taken when the condition is
/// `when` (true: non-zero). Taken when false, it is the opposite branch (see
/// [`Op::inverse_branch`]: for f64, `not lt` and the like, which a NaN takes).
pub(super) fn fuse(op: Op, when: bool) -> Option<Op> {
    let offset = UNPATCHED;
    let taken_when_true = match op {
        Op::I32Eqz { a, .. } => Op::BrIfEqz { cond: a, offset },
        Op::I32Eq { a, b, .. } => Op::BrI32Eq { a, b, offset },
        Op::I32Ne { a, b, .. } => Op::BrI32Ne { a, b, offset },
        Op::I32LtS { a, b, .. } => Op::BrI32LtS { a, b, offset },
        Op::I32LtU { a, b, .. } => Op::BrI32LtU { a, b, offset },
        Op::I32GtS { a, b, .. } => Op::BrI32GtS { a, b, offset },
        Op::I32GtU { a, b, .. } => Op::BrI32GtU { a, b, offset },
        Op::I32LeS { a, b, .. } => Op::BrI32LeS { a, b, offset },
        Op::I32LeU { a, b, .. } => Op::BrI32LeU { a, b, offset },
        Op::I32GeS { a, b, .. } => Op::BrI32GeS { a, b, offset },
        Op::I32GeU { a, b, .. } => Op::BrI32GeU { a, b, offset },
        Op::I32EqImm { a, imm, .. } => Op::BrI32EqImm { a, imm, offset },
        Op::I32NeImm { a, imm, .. } => Op::BrI32NeImm { a, imm, offset },
        Op::I32LtSImm { a, imm, .. } => Op::BrI32LtSImm { a, imm, offset },
        Op::I32LtUImm { a, imm, .. } => Op::BrI32LtUImm { a, imm, offset },
        Op::I32GtSImm { a, imm, .. } => Op::BrI32GtSImm { a, imm, offset },
        Op::I32GtUImm { a, imm, .. } => Op::BrI32GtUImm { a, imm, offset },
        Op::I32LeSImm { a, imm, .. } => Op::BrI32LeSImm { a, imm, offset },
        Op::I32LeUImm { a, imm, .. } => Op::BrI32LeUImm { a, imm, offset },
        Op::I32GeSImm { a, imm, .. } => Op::BrI32GeSImm { a, imm, offset },
        Op::I32GeUImm { a, imm, .. } => Op::BrI32GeUImm { a, imm, offset },
        Op::I32AndImm { a, imm, .. } => Op::BrI32AndImmNez { a, imm, offset },
        Op::I64Eqz { a, .. } => Op::BrI64Eqz { cond: a, offset },
        Op::I64Eq { a, b, .. } => Op::BrI64Eq { a, b, offset },
        Op::I64Ne { a, b, .. } => Op::BrI64Ne { a, b, offset },
        Op::I64LtS { a, b, .. } => Op::BrI64LtS { a, b, offset },
        Op::I64LtU { a, b, .. } => Op::BrI64LtU { a, b, offset },
        Op::I64GtS { a, b, .. } => Op::BrI64GtS { a, b, offset },
        Op::I64GtU { a, b, .. } => Op::BrI64GtU { a, b, offset },
        Op::I64LeS { a, b, .. } => Op::BrI64LeS { a, b, offset },
        Op::I64LeU { a, b, .. } => Op::BrI64LeU { a, b, offset },
        Op::I64GeS { a, b, .. } => Op::BrI64GeS { a, b, offset },
        Op::I64GeU { a, b, .. } => Op::BrI64GeU { a, b, offset },
        Op::F64Eq { a, b, .. } => Op::BrF64Eq { a, b, offset },
        Op::F64Ne { a, b, .. } => Op::BrF64Ne { a, b, offset },
        Op::F64Lt { a, b, .. } => Op::BrF64Lt { a, b, offset },
        Op::F64Gt { a, b, .. } => Op::BrF64Gt { a, b, offset },
        Op::F64Le { a, b, .. } => Op::BrF64Le { a, b, offset },
        Op::F64Ge { a, b, .. } => Op::BrF64Ge { a, b, offset },
        _ => return None,
    };
    if when {
        Some(taken_when_true)
    } else {
        taken_when_true.inverse_branch()
    }
}

/// Fuses an `i32.add` into the compare-and-branch after it that compares its result
/// (`d` below). A row: a branch, its immediate form and the branch with its operands
/// swapped (`b < d` is `d > b`), then the fused forms: an add of a constant, with a
/// register or constant compared, and an add of two registers.
macro_rules! add_branches {
    ($( $br:ident $br_imm:ident $swapped:ident => $ai:ident $ai_imm:ident $ar:ident; )*) => {
        /// `br`, a compare-and-branch, with the `i32.add` before it, `add`, if `br`
        /// compares the sum.
        pub(super) fn fuse_add_branch(add: Op, br: Op) -> Option<Op> {
            Some(match (add, br) {
                // A test of the sum against zero.
                (Op::I32AddImm { d, a, imm }, Op::BrIfNez { cond, offset }) if cond == d => {
                    Op::AddImmBrI32NeImm { d, a, add: i16::try_from(imm).ok()?, imm: 0, offset }
                }
                (Op::I32AddImm { d, a, imm }, Op::BrIfEqz { cond, offset }) if cond == d => {
                    Op::AddImmBrI32EqImm { d, a, add: i16::try_from(imm).ok()?, imm: 0, offset }
                }
                $(
                    (Op::I32AddImm { d, a, imm }, Op::$br { a: x, b, offset }) if x == d => {
                        Op::$ai { d, a, add: i16::try_from(imm).ok()?, b, offset }
                    }
                    (Op::I32AddImm { d, a, imm }, Op::$swapped { a: x, b, offset }) if b == d => {
                        Op::$ai { d, a, add: i16::try_from(imm).ok()?, b: x, offset }
                    }
                    (Op::I32AddImm { d, a, imm: add }, Op::$br_imm { a: x, imm, offset })
                        if x == d =>
                    {
                        Op::$ai_imm { d, a, add: i16::try_from(add).ok()?, imm, offset }
                    }
                    (Op::I32Add { d, a, b }, Op::$br { a: x, b: c, offset }) if x == d => {
                        Op::$ar { d, a, b, c, offset }
                    }
                    (Op::I32Add { d, a, b }, Op::$swapped { a: x, b: c, offset }) if c == d => {
                        Op::$ar { d, a, b, c: x, offset }
                    }
                )*
                _ => return None,
            })
        }
    };
}

add_branches! {
    BrI32Eq BrI32EqImm BrI32Eq => AddImmBrI32Eq AddImmBrI32EqImm AddBrI32Eq;
    BrI32Ne BrI32NeImm BrI32Ne => AddImmBrI32Ne AddImmBrI32NeImm AddBrI32Ne;
    BrI32LtS BrI32LtSImm BrI32GtS => AddImmBrI32LtS AddImmBrI32LtSImm AddBrI32LtS;
    BrI32LtU BrI32LtUImm BrI32GtU => AddImmBrI32LtU AddImmBrI32LtUImm AddBrI32LtU;
    BrI32GtS BrI32GtSImm BrI32LtS => AddImmBrI32GtS AddImmBrI32GtSImm AddBrI32GtS;
    BrI32GtU BrI32GtUImm BrI32LtU => AddImmBrI32GtU AddImmBrI32GtUImm AddBrI32GtU;
    BrI32LeS BrI32LeSImm BrI32GeS => AddImmBrI32LeS AddImmBrI32LeSImm AddBrI32LeS;
    BrI32LeU BrI32LeUImm BrI32GeU => AddImmBrI32LeU AddImmBrI32LeUImm AddBrI32LeU;
    BrI32GeS BrI32GeSImm BrI32LeS => AddImmBrI32GeS AddImmBrI32GeSImm AddBrI32GeS;
    BrI32GeU BrI32GeUImm BrI32LeU => AddImmBrI32GeU AddImmBrI32GeUImm AddBrI32GeU;
}

/// Fuses a load into the branch after it on the loaded value. A row: the load, then
/// its fused forms with `BrIfEqz`, `BrIfNez`, `BrI32Eq`, `BrI32Ne`, `BrI32AndImmEqz` and
/// `BrI32AndImmNez` (the last two do not write the value: only for a temporary).
macro_rules! load_branches {
    ($( $load:ident => $eqz:ident $nez:ident $eq:ident $ne:ident $and_eqz:ident $and_nez:ident; )*) => {
        /// `br`, a branch on the value that `load`, the op before it, loads into `d`,
        /// with the load; `temp`: `d` is a temporary that only the branch reads.
        pub(super) fn fuse_load_branch(load: Op, br: Op, temp: bool) -> Option<Op> {
            Some(match (load, br) {
                $(
                    (Op::$load { d, addr, offset }, Op::BrIfEqz { cond, offset: to }) if cond == d => {
                        Op::$eqz { d, addr, offset, to }
                    }
                    (Op::$load { d, addr, offset }, Op::BrIfNez { cond, offset: to }) if cond == d => {
                        Op::$nez { d, addr, offset, to }
                    }
                    (Op::$load { d, addr, offset }, Op::BrI32Eq { a, b, offset: to }) if a == d || b == d => {
                        Op::$eq { d, addr, b: if a == d { b } else { a }, offset, to }
                    }
                    (Op::$load { d, addr, offset }, Op::BrI32Ne { a, b, offset: to }) if a == d || b == d => {
                        Op::$ne { d, addr, b: if a == d { b } else { a }, offset, to }
                    }
                    (Op::$load { d, addr, offset }, Op::BrI32AndImmEqz { a, imm, offset: to }) if a == d && temp => {
                        Op::$and_eqz { addr, offset, imm, to }
                    }
                    (Op::$load { d, addr, offset }, Op::BrI32AndImmNez { a, imm, offset: to }) if a == d && temp => {
                        Op::$and_nez { addr, offset, imm, to }
                    }
                )*
                _ => return None,
            })
        }
    };
}

load_branches! {
    I32Load => I32LoadBrIfEqz I32LoadBrIfNez I32LoadBrEq I32LoadBrNe I32LoadBrAndImmEqz I32LoadBrAndImmNez;
    I32Load8U => I32Load8UBrIfEqz I32Load8UBrIfNez I32Load8UBrEq I32Load8UBrNe I32Load8UBrAndImmEqz I32Load8UBrAndImmNez;
    I32Load16U => I32Load16UBrIfEqz I32Load16UBrIfNez I32Load16UBrEq I32Load16UBrNe I32Load16UBrAndImmEqz I32Load16UBrAndImmNez;
}

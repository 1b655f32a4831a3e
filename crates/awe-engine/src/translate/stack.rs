//! The simulated operand stack: entries, cells, and putting values where they must be.

use super::*;
use std::ops::{Deref, DerefMut};

/// The simulated operand stack: one entry per cell a value takes, so that positions are
/// cells. A `v128` is two entries, its low half then its high half, of the same kind
/// (both temporaries, the two cells of one local, or two constants) as they are pushed;
/// `drop` and `select` tell a `v128` by its high half on top. The positions of the high
/// halves are kept apart, in order, so that scalar code pays nothing for them.
#[derive(Debug, Default)]
pub(super) struct SimStack {
    entries: Vec<Operand>,
    /// The positions of the entries that are the high half of a `v128`, ascending.
    highs: Vec<u32>,
}

impl Deref for SimStack {
    type Target = [Operand];

    fn deref(&self) -> &[Operand] {
        &self.entries
    }
}

impl DerefMut for SimStack {
    fn deref_mut(&mut self) -> &mut [Operand] {
        &mut self.entries
    }
}

impl SimStack {
    /// Pushes a one-cell entry, or (`high`) the high half of a `v128`.
    #[inline(always)]
    pub(super) fn push(&mut self, o: Operand, high: bool) {
        if high {
            self.highs.push(self.entries.len() as u32);
        }
        self.entries.push(o);
    }

    /// Pops a one-cell entry, or the low half of a `v128` whose high half `pop_high`
    /// popped (validated code never pops half a `v128` otherwise).
    #[inline(always)]
    pub(super) fn pop(&mut self) -> Option<Operand> {
        self.entries.pop()
    }

    /// Pops the high half of a `v128`.
    #[inline(always)]
    pub(super) fn pop_high(&mut self) -> Option<Operand> {
        if self.v128_on_top() {
            self.highs.pop();
        }
        self.entries.pop()
    }

    #[inline(always)]
    pub(super) fn truncate(&mut self, len: usize) {
        self.entries.truncate(len);
        while self.highs.last().is_some_and(|&h| h as usize >= len) {
            self.highs.pop();
        }
    }

    /// The entries from `at` on, taken off (to be put back by `extend` at the same
    /// height).
    pub(super) fn split_off(&mut self, at: usize) -> SimStack {
        let first = self.highs.partition_point(|&h| (h as usize) < at);
        SimStack {
            entries: self.entries.split_off(at),
            highs: self.highs.split_off(first),
        }
    }

    /// Puts back what `split_off` took, at the height it was taken from.
    pub(super) fn extend(&mut self, other: SimStack) {
        self.entries.extend(other.entries);
        self.highs.extend(other.highs);
    }

    /// Whether the top entry is the high half of a `v128`.
    #[inline(always)]
    pub(super) fn v128_on_top(&self) -> bool {
        self.highs
            .last()
            .is_some_and(|&h| h as usize + 1 == self.entries.len())
    }

    pub(super) fn capacity(&self) -> usize {
        self.entries.capacity()
    }

    pub(super) fn clear(&mut self) {
        self.entries.clear();
        self.highs.clear();
    }
}

impl Translator<'_, '_> {
    pub(super) fn frame(&self) -> &ControlFrame {
        // There is always a frame while instructions remain (the validator ensures it).
        &self.frames[self.frames.len() - 1]
    }

    pub(super) fn reachable(&self) -> bool {
        self.frames.last().is_some_and(|f| !f.unreachable)
    }

    pub(super) fn emit(&mut self, op: Op) -> usize {
        // Two moves in a row, with no branch landing on the second, are one op.
        if let Op::Copy { d: d2, s: s2 } = op
            && self.label < self.code.len()
            && let Some(&Op::Copy { d: d1, s: s1 }) = self.code.last()
        {
            let at = self.code.len() - 1;
            self.code[at] = Op::Copy2 { d1, s1, d2, s2 };
            self.last_write = None;
            return at;
        }
        self.code.push(op);
        self.offsets.push(self.offset);
        self.last_write = None;
        self.code.len() - 1
    }

    pub(super) fn reg(&self, pos: usize) -> Reg {
        // Frames larger than MAX_REGS are rejected at the end of translation.
        (self.first_temp + pos).min(MAX_REGS) as Reg
    }

    pub(super) fn push(&mut self, o: Operand) {
        self.stack.push(o, false);
        self.max_height = self.max_height.max(self.stack.len());
    }

    /// Pushes a `v128` as its two halves.
    pub(super) fn push_v128(&mut self, lo: Operand, hi: Operand) {
        self.stack.push(lo, false);
        self.stack.push(hi, true);
        self.max_height = self.max_height.max(self.stack.len());
    }

    /// Pushes a `v128` temporary and returns its (first) cell.
    pub(super) fn push_v128_temp(&mut self) -> Reg {
        self.push_v128(Operand::Temp, Operand::Temp);
        self.reg(self.stack.len() - 2)
    }

    /// Pushes temporaries for values of `types` (two entries for a `v128`).
    pub(super) fn push_temps(&mut self, types: &[ValType]) {
        for &t in types {
            if t == ValType::V128 {
                self.push_v128(Operand::Temp, Operand::Temp);
            } else {
                self.push(Operand::Temp);
            }
        }
    }

    /// Pops a `v128` and returns the cell of its low half, its high half being the next:
    /// a temporary's or a local's own pair, a constant's pair of constant cells when it
    /// can have one, else the position's cells, written first.
    pub(super) fn pop_v128(&mut self) -> Reg {
        let hi = self.stack.pop_high().unwrap_or(Operand::Temp);
        let (lo, pos) = self.pop();
        match (lo, hi) {
            (Operand::Temp, Operand::Temp) => return self.reg(pos),
            (Operand::Local(a), Operand::Local(b)) if u32::from(a) + 1 == u32::from(b) => {
                return a;
            }
            (Operand::Const(l), Operand::Const(h)) => {
                if let Some(r) = self.const_pair_cell(l, h) {
                    return r;
                }
            }
            _ => {}
        }
        for (i, o) in [(0, lo), (1, hi)] {
            let d = self.reg(pos + i);
            match o {
                Operand::Temp => {}
                Operand::Local(s) => {
                    self.emit(Op::Copy { d, s });
                }
                Operand::Const(v) => self.emit_const(d, v),
            }
        }
        self.reg(pos)
    }

    /// The cell of constants `lo`, `hi` (a `v128`) when they are two adjacent constant
    /// cells, made so if there is room: constant `i` is in cell `const_cell(i)` while
    /// translating and ends up in cell `nlocals + i` (see `Cells`), so `lo` at `i` and
    /// `hi` at `i + 1` are a pair there, whose first cell the ops name.
    fn const_pair_cell(&mut self, lo: u64, hi: u64) -> Option<Reg> {
        let found = self.consts.windows(2).position(|w| w == [lo, hi]);
        let i = match found {
            Some(i) => i,
            None if self.const_pairs < MAX_V128_CONSTS => {
                self.const_pairs += 1;
                self.consts.extend([lo, hi]);
                self.consts.len() - 2
            }
            None => return None,
        };
        Some(const_cell(i))
    }

    /// Pushes a temporary and returns its cell.
    pub(super) fn push_temp(&mut self) -> Reg {
        self.push(Operand::Temp);
        self.reg(self.stack.len() - 1)
    }

    /// Emits an op that writes the temporary on top, remembering it for retargeting.
    pub(super) fn emit_result(&mut self, op: Op) {
        let at = self.emit(op);
        self.last_write = Some(at);
    }

    pub(super) fn pop(&mut self) -> (Operand, usize) {
        let o = self.stack.pop().unwrap_or(Operand::Temp);
        (o, self.stack.len())
    }

    /// The cell holding `o` (at stack position `pos`), writing a constant into the
    /// position's own cell first.
    pub(super) fn use_operand(&mut self, o: Operand, pos: usize) -> Reg {
        match o {
            Operand::Temp => self.reg(pos),
            Operand::Local(r) => r,
            Operand::Const(v) => match self.const_cell_of(v) {
                Some(r) => r,
                None => {
                    let d = self.reg(pos);
                    self.emit_const(d, v);
                    d
                }
            },
        }
    }

    /// The cell of constant `v`, given one when it has none and the function has
    /// fewer than `MAX_CONSTS` (the first constants read from cells keep them).
    fn const_cell_of(&mut self, v: u64) -> Option<Reg> {
        match self.consts.iter().position(|&c| c == v) {
            Some(i) => Some(const_cell(i)),
            None if self.consts.len() - 2 * self.const_pairs < MAX_CONSTS => {
                self.consts.push(v);
                Some(const_cell(self.consts.len() - 1))
            }
            None => None,
        }
    }

    /// Whether an op reading `v` would find it in a cell (see `const_cell_of`).
    pub(super) fn const_in_cell(&self, v: u64) -> bool {
        self.consts.len() - 2 * self.const_pairs < MAX_CONSTS || self.consts.contains(&v)
    }

    /// Whether cell `r` is a temporary (while translating: neither a local nor a
    /// constant's cell).
    pub(super) fn is_temp(&self, r: Reg) -> bool {
        let r = usize::from(r);
        r >= self.first_temp && r < MAX_REGS - self.consts.len()
    }

    pub(super) fn emit_const(&mut self, d: Reg, v: u64) {
        if v >> 32 == 0 {
            self.emit(Op::Const32 { d, v: v as u32 });
        } else {
            self.emit(Op::Const64 { d, v });
        }
    }

    /// Pops an operand and returns the cell it is in.
    pub(super) fn pop_reg(&mut self) -> Reg {
        let (o, pos) = self.pop();
        self.use_operand(o, pos)
    }

    /// Puts the entry at `pos` into its own cell.
    pub(super) fn materialize(&mut self, pos: usize) {
        let d = self.reg(pos);
        match self.stack[pos] {
            Operand::Temp => return,
            Operand::Local(r) => {
                self.emit(Op::Copy { d, s: r });
            }
            Operand::Const(v) => self.emit_const(d, v),
        }
        self.stack[pos] = Operand::Temp;
    }

    /// Puts the top `n` entries into their own cells.
    pub(super) fn materialize_top(&mut self, n: usize) {
        let len = self.stack.len();
        for pos in len.saturating_sub(n)..len {
            self.materialize(pos);
        }
    }

    /// Copies locals still pending on the stack, so that the next block sees only
    /// temporaries and constants below its own entries.
    pub(super) fn materialize_locals(&mut self) {
        let from = self.frame().height;
        for pos in from..self.stack.len() {
            if matches!(self.stack[pos], Operand::Local(_)) {
                self.materialize(pos);
            }
        }
    }
}

//! The simulated operand stack: entries, cells, and putting values where they must be.

use super::*;

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
        self.stack.push(o);
        self.max_height = self.max_height.max(self.stack.len());
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
            None if self.consts.len() < MAX_CONSTS => {
                self.consts.push(v);
                Some(const_cell(self.consts.len() - 1))
            }
            None => None,
        }
    }

    /// Whether an op reading `v` would find it in a cell (see `const_cell_of`).
    pub(super) fn const_in_cell(&self, v: u64) -> bool {
        self.consts.len() < MAX_CONSTS || self.consts.contains(&v)
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

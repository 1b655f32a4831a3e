//! Control flow: blocks, loops, `if`, branches with the values they carry, returns,
//! unreachable code and fuel checkpoints.

use super::*;

impl Translator<'_, '_> {
    /// Translates `block`, `loop`, `if`, `else` and `end`, in reachable code or not;
    /// `false` if `instr` is none of them.
    pub(super) fn control(&mut self, instr: &Instr) -> bool {
        if !matches!(
            instr,
            Instr::Block { .. }
                | Instr::Loop { .. }
                | Instr::If { .. }
                | Instr::TryTable { .. }
                | Instr::Else
                | Instr::End
        ) {
            return false;
        }
        // Unreachable code: only the nesting matters. A construct that begins here is
        // dead as a whole: its `else` arm is as unreachable as its `then` arm, and its
        // end leaves the enclosing frame unreachable (and its simulated stack as it was).
        if !self.reachable() {
            let dead = self.frame().dead;
            match instr {
                Instr::Block { .. }
                | Instr::Loop { .. }
                | Instr::If { .. }
                | Instr::TryTable { .. } => {
                    self.push_frame(Kind::Block, BlockType::Empty, 0, 0);
                    if let Some(f) = self.frames.last_mut() {
                        f.unreachable = true;
                        f.dead = true;
                    }
                    return true;
                }
                Instr::End if dead => {
                    if let Some(f) = self.frames.pop() {
                        self.recycle(f);
                    }
                    return true;
                }
                Instr::Else | Instr::End if !dead => {}
                _ => return true,
            }
        }
        match instr {
            Instr::Block { ty } => {
                // A label may be the target of branches: no op before it is retargeted.
                self.last_write = None;
                let (p, r) = self.block_arity(*ty);
                self.materialize_locals();
                self.push_frame(Kind::Block, *ty, p, r);
            }
            Instr::TryTable { ty, catches } => self.try_table(*ty, catches),
            Instr::Loop { ty } => {
                // A back-edge can bring any value.
                self.zero_locals.clear();
                self.last_write = None;
                self.label = self.code.len();
                let (p, r) = self.block_arity(*ty);
                self.materialize_locals();
                self.materialize_top(p);
                self.push_frame(Kind::Loop, *ty, p, r);
                if self.loop_checkpoints {
                    self.fuel_point();
                }
            }
            Instr::If { ty } => {
                let (p, r) = self.block_arity(*ty);
                // Materializing first keeps the condition's op the last one, for fusion.
                let cond_entry = self.stack.pop();
                self.materialize_locals();
                self.materialize_top(p);
                if let Some(c) = cond_entry {
                    self.stack.push(c, false);
                }
                let at = self.cond_branch(false);
                self.push_frame(Kind::If, *ty, p, r);
                if let Some(f) = self.frames.last_mut() {
                    f.else_branch = Some(at);
                }
            }
            Instr::Else => {
                let reachable = self.reachable();
                let (height, ty, results) = {
                    let f = self.frame();
                    (f.height, f.ty, f.results)
                };
                if reachable {
                    self.materialize_top(results);
                    let at = self.emit(Op::Br { offset: UNPATCHED });
                    if let Some(f) = self.frames.last_mut() {
                        f.branches.push(at);
                    }
                }
                let else_at = self.code.len();
                if let Some(at) = self.frames.last_mut().and_then(|f| f.else_branch.take()) {
                    self.patch(at, else_at);
                }
                // The else arm starts from the parameters, already in their cells.
                self.stack.truncate(height);
                self.push_block_values(ty, false);
                if let Some(f) = self.frames.last_mut() {
                    f.kind = Kind::Else;
                    f.unreachable = false;
                }
                self.last_write = None;
            }
            Instr::End => {
                let reachable = self.reachable();
                let Some(f) = self.frames.pop() else {
                    return true;
                };
                if f.kind == Kind::Func {
                    self.recycle(f);
                    if reachable {
                        self.emit_return();
                    }
                    return true;
                }
                if reachable {
                    self.materialize_top(f.results);
                }
                let end = self.code.len();
                if let Some(&(frame, mut handler)) = self.open_tries.last()
                    && frame == self.frames.len()
                {
                    self.open_tries.pop();
                    handler.end = end as u32;
                    self.handlers.push(handler);
                }
                if let Some(at) = f.else_branch {
                    self.patch(at, end);
                }
                for &at in &f.branches {
                    self.patch(at, end);
                }
                let (height, ty) = (f.height, f.ty);
                self.recycle(f);
                self.stack.truncate(height);
                self.push_block_values(ty, true);
                self.last_write = None;
                if self.fuel_on {
                    self.fuel_point();
                }
            }
            _ => {}
        }
        true
    }

    /// `try_table`: a block whose clauses' pads come first, jumped over. A pad is the
    /// branch of its clause to its label (one around the `try_table`) with what the
    /// clause passes as the top operands, in the cells where the block's parameters
    /// begin: where the interpreter, which then resumes at the pad, puts the payload.
    fn try_table(&mut self, ty: BlockType, catches: &[Catch]) {
        self.last_write = None;
        let (p, r) = self.block_arity(ty);
        self.materialize_locals();
        let skip = self.emit(Op::Br { offset: UNPATCHED });
        let height = self.stack.len() - p;
        let params = self.stack.split_off(height);
        let first = self.catches.len() as u32;
        for c in catches {
            let payload = if c.kind.has_tag() {
                self.ctx.tag(c.tag).map_or(0, |t| t.param_cells())
            } else {
                0
            };
            let cells = payload + usize::from(c.kind.has_ref());
            let pad = self.code.len() as u32;
            for _ in 0..cells {
                self.push(Operand::Temp);
            }
            self.branch(c.label.index());
            self.stack.truncate(height);
            self.catches.push(CatchPad {
                tag: c.kind.has_tag().then_some(c.tag.0),
                with_ref: c.kind.has_ref(),
                pad,
                base: self.reg(height),
                cells: cells as u16,
            });
        }
        self.stack.extend(params);
        let start = self.code.len();
        self.patch(skip, start);
        self.push_frame(Kind::Block, ty, p, r);
        let handler = Handler {
            start: start as u32,
            end: start as u32,
            first,
            count: self.catches.len() as u32 - first,
        };
        self.open_tries.push((self.frames.len() - 1, handler));
    }

    /// The cells a block's parameters and results take.
    pub(super) fn block_arity(&self, bt: BlockType) -> (usize, usize) {
        match bt {
            BlockType::Empty => (0, 0),
            BlockType::Value(t) => (0, t.cells()),
            BlockType::Func(t) => self
                .ctx
                .module
                .type_func(t)
                .map_or((0, 0), |t| (t.param_cells(), t.result_cells())),
        }
    }

    /// Pushes temporaries for a block's results (or its parameters).
    pub(super) fn push_block_values(&mut self, bt: BlockType, results: bool) {
        let ctx = self.ctx;
        match bt {
            BlockType::Empty => {}
            BlockType::Value(t) if results => self.push_temps(&[t]),
            BlockType::Value(_) => {}
            BlockType::Func(t) => {
                if let Some(t) = ctx.module.type_func(t) {
                    self.push_temps(if results { &t.results } else { &t.params });
                }
            }
        }
    }

    pub(super) fn push_frame(&mut self, kind: Kind, ty: BlockType, params: usize, results: usize) {
        let height = self.stack.len() - params.min(self.stack.len());
        let start = self.code.len();
        let branches = self.spare.pop().unwrap_or_default();
        self.frames.push(ControlFrame {
            kind,
            ty,
            height,
            params,
            results,
            branches,
            else_branch: None,
            start,
            unreachable: false,
            dead: false,
        });
    }

    /// Keeps a popped frame's vector of branches for the next frames.
    pub(super) fn recycle(&mut self, f: ControlFrame) {
        let mut b = f.branches;
        b.clear();
        self.spare.push(b);
    }

    pub(super) fn patch(&mut self, at: usize, target: usize) {
        self.branches.push(at);
        self.label = self.label.max(target);
        let offset = target as i32 - at as i32;
        if let Some(o) = self.code[at].branch_offset_mut() {
            *o = offset;
        }
    }

    /// Copies the top `n` values into the cells of positions `to..to + n`.
    pub(super) fn transfer(&mut self, n: usize, to: usize) {
        let from = self.stack.len() - n;
        for i in 0..n {
            let d = self.reg(to + i);
            match self.stack[from + i] {
                Operand::Temp => {
                    let s = self.reg(from + i);
                    if s != d {
                        self.emit(Op::Copy { d, s });
                    }
                }
                Operand::Local(s) => {
                    self.emit(Op::Copy { d, s });
                }
                Operand::Const(v) => self.emit_const(d, v),
            }
        }
    }

    /// Pops an `i32` condition and emits a conditional jump taken when it is `when`
    /// (true: non-zero). When the condition was just computed by `i32.eqz` or an `i32`
    /// comparison, that op is replaced by a fused compare-and-branch. Returns the op to
    /// patch.
    pub(super) fn cond_branch(&mut self, when: bool) -> usize {
        let (o, pos) = self.pop();
        // `i32.eqz` of a comparison computed just before into the same temporary (with
        // no label between): the opposite branch on the comparison.
        if o == Operand::Temp
            && let Some(at) = self.last_write
            && at + 1 == self.code.len()
            && at >= 1
            && self.label < at
            && let Op::I32Eqz { d, a } = self.code[at]
            && d == self.reg(pos)
            && a == d
            && self.code[at - 1].dest() == Some(a)
            && let Some(fused) = fuse(self.code[at - 1], !when)
        {
            self.unemit(at);
            self.code[at - 1] = fused;
            return self.add_branch(at - 1);
        }
        if o == Operand::Temp
            && let Some(at) = self.last_write
            && at + 1 == self.code.len()
            && self.code[at].dest() == Some(self.reg(pos))
            && let Some(fused) = fuse(self.code[at], when)
        {
            self.code[at] = fused;
            self.last_write = None;
            return self.add_branch(at);
        }
        let cond = self.use_operand(o, pos);
        let at = if when {
            self.emit(Op::BrIfNez {
                cond,
                offset: UNPATCHED,
            })
        } else {
            self.emit(Op::BrIfEqz {
                cond,
                offset: UNPATCHED,
            })
        };
        // A counter stepped just before and tested against zero (`local.tee` of an
        // `i32.add`, then `br_if`).
        self.add_branch(at)
    }

    /// The compare-and-branch at `at`, the last op, fused with the `i32.add` before it
    /// when it compares that add's result, or with the load before it when it tests
    /// the loaded value, and no label lies between. Returns the
    /// position of the branch op.
    pub(super) fn add_branch(&mut self, at: usize) -> usize {
        if at == 0 || self.label >= at {
            return at;
        }
        // A load into a temporary: the branch consumed it, so nothing else reads it.
        let load_branch = || {
            let temp = self.code[at - 1].dest().is_some_and(|d| self.is_temp(d));
            fuse_load_branch(self.code[at - 1], self.code[at], temp)
        };
        match fuse_add_branch(self.code[at - 1], self.code[at]).or_else(load_branch) {
            Some(op) => {
                self.last_write = None;
                self.code[at - 1] = op;
                self.code.truncate(at);
                self.offsets.truncate(at);
                at - 1
            }
            None => at,
        }
    }

    /// Whether branching to `depth` needs more than a jump: values moved, or (for the
    /// function's own label) a return.
    pub(super) fn needs_transfer(&self, depth: usize) -> bool {
        let f = &self.frames[self.frames.len() - 1 - depth];
        let n = self.label_arity(f);
        if f.kind == Kind::Func {
            return true;
        }
        let from = self.stack.len() - n;
        (n > 0 && from != f.height) || self.stack[from..].iter().any(|o| *o != Operand::Temp)
    }

    pub(super) fn label_arity(&self, f: &ControlFrame) -> usize {
        if f.kind == Kind::Loop {
            f.params
        } else {
            f.results
        }
    }

    /// Emits the moves and the jump of a branch to label `depth`.
    pub(super) fn branch(&mut self, depth: usize) {
        let idx = self.frames.len() - 1 - depth;
        let (kind, height, n, start) = {
            let f = &self.frames[idx];
            (f.kind, f.height, self.label_arity(f), f.start)
        };
        if kind == Kind::Func {
            self.emit_return();
            return;
        }
        self.transfer(n, height);
        if kind == Kind::Loop {
            let at = self.emit(Op::Br { offset: UNPATCHED });
            self.patch(at, start);
        } else {
            let at = self.emit(Op::Br { offset: UNPATCHED });
            self.frames[idx].branches.push(at);
        }
    }

    /// Moves the results into cells `0..n` and returns.
    pub(super) fn emit_return(&mut self) {
        let n = self.results;
        let from = self.stack.len() - n;
        if n == 1 {
            let top = self.stack.len() - 1;
            match self.stack[top] {
                Operand::Temp => {
                    // The op that computed the result writes it to cell 0 directly.
                    if let Some(at) = self.last_write
                        && at + 1 == self.code.len()
                        && self.code[at].dest() == Some(self.reg(top))
                        && let Some(d) = self.code[at].dest_mut()
                    {
                        *d = 0;
                        self.emit(Op::Return {});
                    } else {
                        let s = self.reg(top);
                        self.emit(Op::ReturnReg { s });
                    }
                }
                Operand::Local(0) => {
                    self.emit(Op::Return {});
                }
                Operand::Local(s) => {
                    self.emit(Op::ReturnReg { s });
                }
                Operand::Const(v) => {
                    self.emit_const(0, v);
                    self.emit(Op::Return {});
                }
            }
            return;
        }
        // A result read from a low local could be overwritten by an earlier result: such
        // results are copied into their own cells first. Only on this path: a `br_if` or
        // `br_table` that returns leaves the simulated stack as it was for the paths that
        // do not take it (they never run these copies).
        let before = self.stack[from..].to_vec();
        let clobbers = before
            .iter()
            .any(|o| matches!(o, Operand::Local(r) if (*r as usize) < n));
        if clobbers {
            self.materialize_top(n);
        }
        for i in 0..n {
            let d = i as Reg;
            match self.stack[from + i] {
                Operand::Temp => {
                    let s = self.reg(from + i);
                    self.emit(Op::Copy { d, s });
                }
                Operand::Local(s) => {
                    if s != d {
                        self.emit(Op::Copy { d, s });
                    }
                }
                Operand::Const(v) => self.emit_const(d, v),
            }
        }
        self.emit(Op::Return {});
        self.stack[from..].copy_from_slice(&before);
    }

    /// Marks the rest of the current frame unreachable.
    pub(super) fn set_unreachable(&mut self) {
        let h = self.frame().height;
        self.stack.truncate(h);
        if let Some(f) = self.frames.last_mut() {
            f.unreachable = true;
        }
    }

    pub(super) fn fuel_point(&mut self) {
        let at = self.emit(Op::ConsumeFuel { amount: 0 });
        self.fuel = Some(at);
    }

    pub(super) fn count_fuel(&mut self) {
        if let Some(at) = self.fuel
            && let Op::ConsumeFuel { amount } = &mut self.code[at]
        {
            *amount += 1;
        }
    }
}

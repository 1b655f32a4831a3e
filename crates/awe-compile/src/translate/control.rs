//! Control flow: `block`, `loop`, `if`, `else`, `end`, branches, returns, and
//! unreachable code.
//!
//! Reachability is the interpreter's, exactly (`awe_engine::translate::control`): code
//! after `unreachable`, `br`, `br_table` or `return` is unreachable until the `else` or
//! `end` of its frame; a construct that begins there is dead as a whole (nothing is
//! emitted for it, and its `end` opens no checkpoint). The `end` of a frame that began
//! in reachable code continues in reachable code, even when no branch reaches it (its
//! block then has no predecessor): that is where the interpreter's checkpoints are, so
//! the fuel amounts agree.

use super::*;
use awe_module::{BlockType, BrTable};
use cranelift_codegen::ir::{BlockArg, JumpTableData};

/// What a control frame is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// The function's own frame: a branch to it returns.
    Func,
    Block,
    Loop,
    /// An `if` before its `else`.
    If,
    /// An `if` after its `else`.
    Else,
}

/// A control frame.
pub(super) struct Frame {
    kind: Kind,
    /// Where a branch to the frame's label goes: a loop's header, else the end.
    label: Block,
    /// The block after the construct, whose parameters are its results.
    end: Block,
    /// How many values a branch to the label carries: a loop's parameters, else the
    /// results.
    arity: usize,
    results: usize,
    /// The height of the operand stack below the frame's parameters.
    height: usize,
    /// An `if`'s else arm, until its `else` (or its `end` without one).
    else_block: Option<Block>,
    /// An `if`'s parameters, which its else arm starts from.
    if_params: Vec<Value>,
    /// Whether the rest of the frame's code is unreachable.
    unreachable: bool,
    /// Whether the frame began in unreachable code.
    dead: bool,
}

impl Frame {
    /// The function's frame, of `results` results.
    pub(super) fn function(results: usize) -> Frame {
        Frame {
            kind: Kind::Func,
            label: Block::reserved_value(),
            end: Block::reserved_value(),
            arity: results,
            results,
            height: 0,
            else_block: None,
            if_params: Vec::new(),
            unreachable: false,
            dead: false,
        }
    }

    /// A construct that begins in unreachable code.
    fn dead(height: usize) -> Frame {
        Frame {
            kind: Kind::Block,
            unreachable: true,
            dead: true,
            height,
            ..Frame::function(0)
        }
    }
}

/// `values` as the arguments of a branch.
pub(super) fn block_args(values: &[Value]) -> Vec<BlockArg> {
    values.iter().map(|&v| BlockArg::Value(v)).collect()
}

impl Translator<'_, '_> {
    pub(super) fn reachable(&self) -> bool {
        self.frames.last().is_some_and(|f| !f.unreachable)
    }

    /// Marks the rest of the current frame unreachable (the current block is filled).
    pub(super) fn set_unreachable(&mut self) {
        if let Some(f) = self.frames.last_mut() {
            f.unreachable = true;
            let h = f.height;
            self.stack.truncate(h);
        }
    }

    /// The parameter and result types of a block type.
    fn block_types(&self, bt: BlockType) -> Result<(Vec<Type>, Vec<Type>), String> {
        Ok(match bt {
            BlockType::Empty => (Vec::new(), Vec::new()),
            BlockType::Value(t) => (Vec::new(), vec![val_type(t)?]),
            BlockType::Func(t) => {
                let ft = self
                    .ctx
                    .module
                    .type_func(t)
                    .ok_or_else(|| format!("type {t} is not a function type"))?;
                (val_types(&ft.params)?, val_types(&ft.results)?)
            }
        })
    }

    /// A new block with parameters of `types`.
    pub(super) fn block_with(&mut self, types: &[Type]) -> Block {
        let b = self.b.create_block();
        for &t in types {
            self.b.append_block_param(b, t);
        }
        b
    }

    /// Translates `block`, `loop`, `if`, `else` and `end`, reachable or not; `false` if
    /// `instr` is none of them.
    pub(super) fn control(&mut self, instr: &Instr) -> Result<bool, String> {
        if !matches!(
            instr,
            Instr::Block { .. } | Instr::Loop { .. } | Instr::If { .. } | Instr::Else | Instr::End
        ) {
            return Ok(false);
        }
        if !self.reachable() {
            let dead = self.frames.last().is_some_and(|f| f.dead);
            match instr {
                Instr::Block { .. } | Instr::Loop { .. } | Instr::If { .. } => {
                    self.frames.push(Frame::dead(self.stack.len()));
                    return Ok(true);
                }
                Instr::Else | Instr::End if dead => {
                    if matches!(instr, Instr::End) {
                        self.frames.pop();
                    }
                    return Ok(true);
                }
                _ => {}
            }
        }
        match instr {
            Instr::Block { ty } => {
                let (params, results) = self.block_types(*ty)?;
                let end = self.block_with(&results);
                self.push_frame(Kind::Block, end, end, params.len(), results.len());
            }
            Instr::Loop { ty } => {
                let (params, results) = self.block_types(*ty)?;
                let header = self.block_with(&params);
                let args = self.pop_n(params.len());
                self.b.ins().jump(header, &block_args(&args));
                self.b.switch_to_block(header);
                let values = self.b.block_params(header).to_vec();
                self.stack.extend(values);
                let end = self.block_with(&results);
                self.push_frame(Kind::Loop, header, end, params.len(), results.len());
                if self.fuel.at_loops() {
                    self.checkpoint(self.offset);
                }
            }
            Instr::If { ty } => {
                let (params, results) = self.block_types(*ty)?;
                let cond = self.pop();
                let (then, els) = (self.b.create_block(), self.b.create_block());
                let end = self.block_with(&results);
                self.b.ins().brif(cond, then, &[], els, &[]);
                self.b.seal_block(then);
                self.b.seal_block(els);
                self.b.switch_to_block(then);
                let if_params = self.top(params.len());
                self.push_frame(Kind::If, end, end, params.len(), results.len());
                if let Some(f) = self.frames.last_mut() {
                    f.else_block = Some(els);
                    f.if_params = if_params;
                }
            }
            Instr::Else => {
                let reachable = self.reachable();
                let f = self.frames.last_mut().expect("validation: an if");
                let (end, results, height) = (f.end, f.results, f.height);
                let els = f.else_block.take().expect("validation: an if");
                let params = std::mem::take(&mut f.if_params);
                f.kind = Kind::Else;
                f.unreachable = false;
                if reachable {
                    let args = self.pop_n(results);
                    self.b.ins().jump(end, &block_args(&args));
                }
                self.b.switch_to_block(els);
                self.stack.truncate(height);
                self.stack.extend(params);
            }
            Instr::End => {
                let reachable = self.reachable();
                let f = self.frames.pop().expect("validation: a frame");
                if f.kind == Kind::Func {
                    if reachable {
                        self.return_from_function_with(f.results);
                    }
                    return Ok(true);
                }
                if reachable {
                    let args = self.pop_n(f.results);
                    self.b.ins().jump(f.end, &block_args(&args));
                }
                // An `if` without `else`: its else arm passes the parameters on.
                if let Some(els) = f.else_block {
                    self.b.switch_to_block(els);
                    self.b.ins().jump(f.end, &block_args(&f.if_params));
                }
                if f.kind == Kind::Loop {
                    self.b.seal_block(f.label);
                }
                self.b.switch_to_block(f.end);
                self.b.seal_block(f.end);
                self.stack.truncate(f.height);
                let values = self.b.block_params(f.end).to_vec();
                self.stack.extend(values);
                if self.fuel.counts() {
                    self.checkpoint(self.offset);
                }
            }
            _ => unreachable!("a structured control instruction"),
        }
        Ok(true)
    }

    fn push_frame(&mut self, kind: Kind, label: Block, end: Block, params: usize, results: usize) {
        self.frames.push(Frame {
            kind,
            label,
            end,
            arity: if kind == Kind::Loop { params } else { results },
            results,
            height: self.stack.len() - params,
            else_block: None,
            if_params: Vec::new(),
            unreachable: false,
            dead: false,
        });
    }

    /// The frame `depth` levels out (0: the innermost).
    fn target(&self, depth: usize) -> &Frame {
        &self.frames[self.frames.len() - 1 - depth]
    }

    /// A branch to label `depth` from the current block, which it fills: a jump with
    /// the top values, or a return for the function's label.
    fn branch_to(&mut self, depth: usize) {
        let f = self.target(depth);
        let (kind, label, arity) = (f.kind, f.label, f.arity);
        if kind == Kind::Func {
            self.return_from_function_with(arity);
        } else {
            let args = self.top(arity);
            self.b.ins().jump(label, &block_args(&args));
        }
    }

    /// `br`.
    pub(super) fn br(&mut self, depth: usize) {
        self.branch_to(depth);
        self.set_unreachable();
    }

    /// `br_if`: the values stay on the stack for the fallthrough.
    pub(super) fn br_if(&mut self, depth: usize) {
        let cond = self.pop();
        let cont = self.b.create_block();
        let f = self.target(depth);
        let (kind, label, arity) = (f.kind, f.label, f.arity);
        if kind == Kind::Func {
            let ret = self.b.create_block();
            self.b.ins().brif(cond, ret, &[], cont, &[]);
            self.b.seal_block(ret);
            self.b.switch_to_block(ret);
            self.return_from_function_with(arity);
        } else {
            let args = self.top(arity);
            self.b
                .ins()
                .brif(cond, label, &block_args(&args), cont, &[]);
        }
        self.b.seal_block(cont);
        self.b.switch_to_block(cont);
    }

    /// `br_table`: through a block per distinct target, which passes the values.
    pub(super) fn br_table(&mut self, targets: &BrTable) {
        let index = self.pop();
        let mut blocks: HashMap<usize, Block> = HashMap::new();
        let mut order = Vec::new();
        let mut block_of = |t: &mut Self, depth: usize| {
            *blocks.entry(depth).or_insert_with(|| {
                order.push(depth);
                t.b.create_block()
            })
        };
        let entries: Vec<Block> = targets
            .targets
            .iter()
            .map(|l| block_of(self, l.index()))
            .collect();
        let default = block_of(self, targets.default.index());
        let calls: Vec<_> = entries
            .iter()
            .map(|&e| self.b.func.dfg.block_call(e, &[]))
            .collect();
        let default_call = self.b.func.dfg.block_call(default, &[]);
        let jt = self
            .b
            .create_jump_table(JumpTableData::new(default_call, &calls));
        self.b.ins().br_table(index, jt);
        for depth in order {
            let block = blocks[&depth];
            self.b.seal_block(block);
            self.b.switch_to_block(block);
            self.branch_to(depth);
        }
        self.set_unreachable();
    }

    /// `return` (or the function's end): the top values are the results.
    pub(super) fn return_from_function(&mut self) {
        let n = self.results.len();
        self.return_from_function_with(n);
    }

    fn return_from_function_with(&mut self, n: usize) {
        let values = self.top(n);
        self.emit_return(&values);
    }
}

//! Validation of function bodies ([spec §3.3](https://webassembly.github.io/spec/core/valid/instructions.html)),
//! with the algorithm of the [spec's appendix](https://webassembly.github.io/spec/core/appendix/algorithm.html):
//! an operand stack of possibly-unknown types and a stack of control frames.
//!
//! [`FuncValidator`] takes one instruction at a time (from `awe_binary::for_each_instr`,
//! whichever form the body has).

use crate::context::Context;
use crate::error::{Result, ValidationError, bail};
use awe_module::*;

/// The most locals (parameters included) a function may have. The binary format allows
/// 2^32; like other engines, awe bounds them so that a tiny module cannot demand
/// gigabytes of frame.
pub const MAX_LOCALS: u64 = 50_000;

/// What a control frame was opened by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// The function body itself.
    Func,
    /// `block`.
    Block,
    /// `loop`: branches go back to the start and take its parameters.
    Loop,
    /// `if` before any `else`.
    If,
    /// The `else` arm of an `if`.
    Else,
}

/// The parameters and results of a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sig {
    Empty,
    Value(ValType),
    Type(u32),
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: FrameKind,
    sig: Sig,
    /// Operand stack height when the frame was entered (after its parameters were popped).
    height: usize,
    /// Whether the rest of the frame is unreachable (after `br`, `return`, ...).
    unreachable: bool,
}

/// What the checks of single instructions return: the error boxed, so that a result
/// (which every operand pop returns) is two words, not the error's eight.
type VResult<T> = std::result::Result<T, Box<ValidationError>>;

/// An operand type, or unknown (only in unreachable code).
type Operand = Option<ValType>;

fn one(t: ValType) -> &'static [ValType] {
    match t {
        ValType::I32 => &[ValType::I32],
        ValType::I64 => &[ValType::I64],
        ValType::F32 => &[ValType::F32],
        ValType::F64 => &[ValType::F64],
        ValType::V128 => &[ValType::V128],
        ValType::FuncRef => &[ValType::FuncRef],
        ValType::ExternRef => &[ValType::ExternRef],
    }
}

#[cold]
fn mismatch(expected: ValType, found: ValType) -> Box<ValidationError> {
    ValidationError::new(format!("type mismatch: expected {expected}, found {found}")).into()
}

fn name(t: Operand) -> &'static str {
    t.map_or("unknown", ValType::name)
}

/// Validates one function body, instruction by instruction.
pub struct FuncValidator<'c, 'm> {
    ctx: &'c Context<'m>,
    ty: &'m FuncType,
    locals: Vec<ValType>,
    vals: Vec<Operand>,
    ctrls: Vec<Frame>,
    scratch: Vec<Operand>,
}

impl<'c, 'm> FuncValidator<'c, 'm> {
    /// Starts validating function `func` (its type and locals are checked here).
    pub fn new(ctx: &'c Context<'m>, func: &Func) -> Result<Self> {
        let Some(ty) = ctx.module.types.get(func.ty.index()) else {
            bail!("unknown type {}", func.ty);
        };
        let declared: u64 = func.locals.iter().map(|l| u64::from(l.count)).sum();
        if declared + ty.params.len() as u64 > MAX_LOCALS {
            bail!(
                "too many locals: {} (at most {MAX_LOCALS})",
                declared + ty.params.len() as u64
            );
        }
        let mut locals = ty.params.clone();
        for l in &func.locals {
            locals.extend(std::iter::repeat_n(l.ty, l.count as usize));
        }
        let mut v = FuncValidator {
            ctx,
            ty,
            locals,
            vals: Vec::new(),
            ctrls: Vec::new(),
            scratch: Vec::new(),
        };
        v.ctrls.push(Frame {
            kind: FrameKind::Func,
            sig: Sig::Type(func.ty.0),
            height: 0,
            unreachable: false,
        });
        Ok(v)
    }

    /// The types of the function's locals, parameters first.
    pub fn locals(&self) -> &[ValType] {
        &self.locals
    }

    /// How many control frames are open (0 once the body's final `end` was seen).
    pub fn depth(&self) -> usize {
        self.ctrls.len()
    }

    /// The operand stack height.
    pub fn height(&self) -> usize {
        self.vals.len()
    }

    /// Whether the code at this point is unreachable.
    pub fn is_unreachable(&self) -> bool {
        self.ctrls.last().is_some_and(|f| f.unreachable)
    }

    /// Checks that the body has ended.
    pub fn finish(&self) -> Result<()> {
        if !self.ctrls.is_empty() {
            bail!("END opcode expected");
        }
        Ok(())
    }

    fn params(&self, s: Sig) -> &'m [ValType] {
        match s {
            Sig::Type(i) => &self.ctx.module.types[i as usize].params,
            _ => &[],
        }
    }

    fn results(&self, s: Sig) -> &'m [ValType] {
        match s {
            Sig::Empty => &[],
            Sig::Value(t) => one(t),
            Sig::Type(i) => &self.ctx.module.types[i as usize].results,
        }
    }

    fn label_types(&self, f: &Frame) -> &'m [ValType] {
        if f.kind == FrameKind::Loop {
            self.params(f.sig)
        } else {
            self.results(f.sig)
        }
    }

    fn push(&mut self, t: ValType) {
        self.vals.push(Some(t));
    }

    fn push_operand(&mut self, t: Operand) {
        self.vals.push(t);
    }

    #[inline]
    fn pop_any(&mut self) -> VResult<Operand> {
        let height = self.ctrls.last().map_or(0, |f| f.height);
        if self.vals.len() > height {
            return Ok(self.vals.pop().flatten());
        }
        self.pop_at_frame_start()
    }

    /// Popping at the current frame's start: an unknown operand in unreachable code,
    /// else an error.
    #[cold]
    fn pop_at_frame_start(&self) -> VResult<Operand> {
        if self.ctrls.last().is_some_and(|f| f.unreachable) {
            return Ok(None);
        }
        bail!("type mismatch: an operand is missing");
    }

    /// Pops an operand of type `expected`; returns what was there (unknown stays
    /// unknown: in unreachable code, `br_table` may pass one operand to labels of
    /// different types).
    #[inline]
    fn pop(&mut self, expected: ValType) -> VResult<Operand> {
        let actual = self.pop_any()?;
        match actual {
            Some(t) if t != expected => Err(mismatch(expected, t)),
            _ => Ok(actual),
        }
    }

    fn pop_all(&mut self, types: &[ValType]) -> VResult<()> {
        for &t in types.iter().rev() {
            self.pop(t)?;
        }
        Ok(())
    }

    fn push_all(&mut self, types: &[ValType]) {
        self.vals.extend(types.iter().map(|&t| Some(t)));
    }

    fn push_ctrl(&mut self, kind: FrameKind, sig: Sig) {
        let params = self.params(sig);
        self.ctrls.push(Frame {
            kind,
            sig,
            height: self.vals.len(),
            unreachable: false,
        });
        self.push_all(params);
    }

    fn pop_ctrl(&mut self) -> VResult<Frame> {
        let Some(&frame) = self.ctrls.last() else {
            bail!("unexpected end of function");
        };
        let results = self.results(frame.sig);
        self.pop_all(results)?;
        if self.vals.len() != frame.height {
            bail!(
                "type mismatch: {} value(s) left on the stack at the end of a block",
                self.vals.len() - frame.height
            );
        }
        self.ctrls.pop();
        Ok(frame)
    }

    fn unreachable(&mut self) {
        if let Some(f) = self.ctrls.last_mut() {
            self.vals.truncate(f.height);
            f.unreachable = true;
        }
    }

    fn block_sig(&self, bt: BlockType) -> VResult<Sig> {
        Ok(match bt {
            BlockType::Empty => Sig::Empty,
            BlockType::Value(t) => Sig::Value(t),
            BlockType::Func(i) => {
                if self.ctx.module.types.get(i.index()).is_none() {
                    bail!("unknown type {i}");
                }
                Sig::Type(i.0)
            }
        })
    }

    fn label(&self, l: LabelIdx) -> VResult<Frame> {
        let n = self.ctrls.len();
        match n.checked_sub(1 + l.index()) {
            Some(i) => Ok(self.ctrls[i]),
            None => bail!("unknown label {l}"),
        }
    }

    fn local(&self, l: LocalIdx) -> VResult<ValType> {
        match self.locals.get(l.index()) {
            Some(&t) => Ok(t),
            None => bail!("unknown local {l}"),
        }
    }

    fn memarg(&self, m: MemArg, natural: u32) -> VResult<()> {
        self.ctx.memory(MemIdx(0))?;
        if m.align > natural {
            bail!("alignment must not be larger than natural");
        }
        Ok(())
    }

    fn lane(&self, lane: LaneIdx, lanes: u8) -> VResult<()> {
        if lane.0 >= lanes {
            bail!("invalid lane index {}", lane.0);
        }
        Ok(())
    }

    fn unop(&mut self, t: ValType) -> VResult<()> {
        self.pop(t)?;
        self.push(t);
        Ok(())
    }

    fn binop(&mut self, t: ValType) -> VResult<()> {
        self.pop(t)?;
        self.pop(t)?;
        self.push(t);
        Ok(())
    }

    fn cvtop(&mut self, from: ValType, to: ValType) -> VResult<()> {
        self.pop(from)?;
        self.push(to);
        Ok(())
    }

    /// Validates the next instruction of the body.
    pub fn op(&mut self, instr: &Instr) -> Result<()> {
        if self.ctrls.is_empty() {
            bail!("instructions after the end of the function");
        }
        self.table_op(instr).map_err(|e| *e)
    }

    /// The instructions the table cannot describe by a class.
    fn special(&mut self, instr: &Instr) -> VResult<()> {
        use ValType::*;
        match instr {
            Instr::Unreachable => self.unreachable(),
            Instr::Nop => {}
            Instr::Block { ty } | Instr::Loop { ty } | Instr::If { ty } => {
                let sig = self.block_sig(*ty)?;
                let kind = match instr {
                    Instr::Block { .. } => FrameKind::Block,
                    Instr::Loop { .. } => FrameKind::Loop,
                    _ => {
                        self.pop(I32)?;
                        FrameKind::If
                    }
                };
                let params = self.params(sig);
                self.pop_all(params)?;
                self.push_ctrl(kind, sig);
            }
            Instr::Else => {
                let frame = self.pop_ctrl()?;
                if frame.kind != FrameKind::If {
                    bail!("else without if");
                }
                self.push_ctrl(FrameKind::Else, frame.sig);
            }
            Instr::End => {
                let frame = self.pop_ctrl()?;
                if frame.kind == FrameKind::If && self.params(frame.sig) != self.results(frame.sig)
                {
                    bail!("type mismatch: if without else must leave its parameters");
                }
                let results = self.results(frame.sig);
                self.push_all(results);
            }
            Instr::Br { label } => {
                let f = self.label(*label)?;
                let types = self.label_types(&f);
                self.pop_all(types)?;
                self.unreachable();
            }
            Instr::BrIf { label } => {
                self.pop(I32)?;
                let f = self.label(*label)?;
                let types = self.label_types(&f);
                self.pop_all(types)?;
                self.push_all(types);
            }
            Instr::Return => {
                let results = &self.ty.results;
                self.pop_all(results)?;
                self.unreachable();
            }
            Instr::Call { func } => {
                let t = self.ctx.func_type(*func)?;
                self.pop_all(&t.params)?;
                self.push_all(&t.results);
            }
            Instr::Drop => {
                self.pop_any()?;
            }
            Instr::Select => {
                self.pop(I32)?;
                let t1 = self.pop_any()?;
                let t2 = self.pop_any()?;
                let is_num = |t: Operand| t.is_none_or(|t| t.as_ref_type().is_none());
                if !is_num(t1) || !is_num(t2) {
                    bail!("type mismatch: select without a type needs numeric operands");
                }
                if let (Some(a), Some(b)) = (t1, t2)
                    && a != b
                {
                    bail!("type mismatch: select of {} and {}", name(t1), name(t2));
                }
                self.push_operand(t1.or(t2));
            }
            Instr::LocalGet { local } => {
                let t = self.local(*local)?;
                self.push(t);
            }
            Instr::LocalSet { local } => {
                let t = self.local(*local)?;
                self.pop(t)?;
            }
            Instr::LocalTee { local } => {
                let t = self.local(*local)?;
                self.pop(t)?;
                self.push(t);
            }
            Instr::GlobalGet { global } => {
                let g = self.ctx.global(*global)?;
                self.push(g.content);
            }
            Instr::GlobalSet { global } => {
                let g = self.ctx.global(*global)?;
                if g.mutability != Mutability::Var {
                    bail!("global is immutable");
                }
                self.pop(g.content)?;
            }
            other => self.special_rare(other)?,
        }
        Ok(())
    }

    /// The rarer instructions of [`Self::special`], apart so that the common ones
    /// (locals, blocks, branches, calls) are checked by a smaller function.
    #[inline(never)]
    fn special_rare(&mut self, instr: &Instr) -> VResult<()> {
        use ValType::*;
        match instr {
            Instr::BrTable { targets } => {
                self.pop(I32)?;
                let default = self.label(targets.default)?;
                let arity = self.label_types(&default).len();
                for &l in targets.targets.iter() {
                    let f = self.label(l)?;
                    let types = self.label_types(&f);
                    if types.len() != arity {
                        bail!("type mismatch: br_table targets have different arities");
                    }
                    // Pop the label's types and push back what was found.
                    let mut popped = std::mem::take(&mut self.scratch);
                    popped.clear();
                    for &t in types.iter().rev() {
                        popped.push(self.pop(t)?);
                    }
                    for &t in popped.iter().rev() {
                        self.push_operand(t);
                    }
                    self.scratch = popped;
                }
                let types = self.label_types(&default);
                self.pop_all(types)?;
                self.unreachable();
            }
            Instr::CallIndirect { ty, table } => {
                let tt = self.ctx.table(*table)?;
                if tt.elem != RefType::FuncRef {
                    bail!("type mismatch: call_indirect needs a funcref table");
                }
                let Some(t) = self.ctx.module.types.get(ty.index()) else {
                    bail!("unknown type {ty}");
                };
                self.pop(I32)?;
                self.pop_all(&t.params)?;
                self.push_all(&t.results);
            }
            Instr::SelectTyped { types } => {
                let [t] = types.as_slice() else {
                    bail!("invalid result arity");
                };
                self.pop(I32)?;
                self.pop(*t)?;
                self.pop(*t)?;
                self.push(*t);
            }
            Instr::TableGet { table } => {
                let t = self.ctx.table(*table)?;
                self.pop(I32)?;
                self.push(t.elem.val_type());
            }
            Instr::TableSet { table } => {
                let t = self.ctx.table(*table)?;
                self.pop(t.elem.val_type())?;
                self.pop(I32)?;
            }
            Instr::MemorySize { mem } => {
                self.ctx.memory(*mem)?;
                self.push(I32);
            }
            Instr::MemoryGrow { mem } => {
                self.ctx.memory(*mem)?;
                self.pop(I32)?;
                self.push(I32);
            }
            Instr::RefNull { ty } => self.push(ty.val_type()),
            Instr::RefIsNull => {
                let t = self.pop_any()?;
                if t.is_some_and(|t| t.as_ref_type().is_none()) {
                    bail!(
                        "type mismatch: ref.is_null needs a reference, found {}",
                        name(t)
                    );
                }
                self.push(I32);
            }
            Instr::RefFunc { func } => {
                self.ctx.func_type(*func)?;
                if !self.ctx.is_declared(*func) {
                    bail!("undeclared function reference");
                }
                self.push(FuncRef);
            }
            Instr::MemoryInit { data, mem } => {
                self.ctx.memory(*mem)?;
                self.ctx.data(*data)?;
                self.pop_all(&[I32, I32, I32])?;
            }
            Instr::DataDrop { data } => self.ctx.data(*data)?,
            Instr::MemoryCopy { dst, src } => {
                self.ctx.memory(*dst)?;
                self.ctx.memory(*src)?;
                self.pop_all(&[I32, I32, I32])?;
            }
            Instr::MemoryFill { mem } => {
                self.ctx.memory(*mem)?;
                self.pop_all(&[I32, I32, I32])?;
            }
            Instr::TableInit { elem, table } => {
                let t = self.ctx.table(*table)?;
                let e = self.ctx.elem(*elem)?;
                if t.elem != e {
                    bail!(
                        "type mismatch: element segment of {e} for a table of {}",
                        t.elem
                    );
                }
                self.pop_all(&[I32, I32, I32])?;
            }
            Instr::ElemDrop { elem } => {
                self.ctx.elem(*elem)?;
            }
            Instr::TableCopy { dst, src } => {
                let d = self.ctx.table(*dst)?;
                let s = self.ctx.table(*src)?;
                if d.elem != s.elem {
                    bail!("type mismatch: table.copy from {} to {}", s.elem, d.elem);
                }
                self.pop_all(&[I32, I32, I32])?;
            }
            Instr::TableGrow { table } => {
                let t = self.ctx.table(*table)?;
                self.pop(I32)?;
                self.pop(t.elem.val_type())?;
                self.push(I32);
            }
            Instr::TableSize { table } => {
                self.ctx.table(*table)?;
                self.push(I32);
            }
            Instr::TableFill { table } => {
                let t = self.ctx.table(*table)?;
                self.pop(I32)?;
                self.pop(t.elem.val_type())?;
                self.pop(I32)?;
            }
            other => bail!("no validation rule for {}", other.name()),
        }
        Ok(())
    }
}

/// Expands the validation of one instruction from its class in the table.
macro_rules! validate_class {
    ($v:ident, $i:ident, special; $($f:ident),*) => {
        $v.special($i)
    };
    ($v:ident, $i:ident, load($t:ident, $a:literal); $m:ident) => {{
        $v.memarg(*$m, $a)?;
        $v.pop(ValType::I32)?;
        $v.push(ValType::$t);
        Ok(())
    }};
    ($v:ident, $i:ident, store($t:ident, $a:literal); $m:ident) => {{
        $v.memarg(*$m, $a)?;
        $v.pop(ValType::$t)?;
        $v.pop(ValType::I32)?;
        Ok(())
    }};
    ($v:ident, $i:ident, konst($t:ident); $($f:ident),*) => {{
        $v.push(ValType::$t);
        Ok(())
    }};
    ($v:ident, $i:ident, unop($t:ident); $($f:ident),*) => {
        $v.unop(ValType::$t)
    };
    ($v:ident, $i:ident, binop($t:ident); $($f:ident),*) => {
        $v.binop(ValType::$t)
    };
    ($v:ident, $i:ident, ternop($t:ident); $($f:ident),*) => {{
        $v.pop(ValType::$t)?;
        $v.binop(ValType::$t)
    }};
    ($v:ident, $i:ident, testop($t:ident); $($f:ident),*) => {
        $v.cvtop(ValType::$t, ValType::I32)
    };
    ($v:ident, $i:ident, relop($t:ident); $($f:ident),*) => {{
        $v.pop(ValType::$t)?;
        $v.cvtop(ValType::$t, ValType::I32)
    }};
    ($v:ident, $i:ident, cvtop($a:ident, $b:ident); $($f:ident),*) => {
        $v.cvtop(ValType::$a, ValType::$b)
    };
    ($v:ident, $i:ident, extract($t:ident, $n:literal); $l:ident) => {{
        $v.lane(*$l, $n)?;
        $v.cvtop(ValType::V128, ValType::$t)
    }};
    ($v:ident, $i:ident, replace($t:ident, $n:literal); $l:ident) => {{
        $v.lane(*$l, $n)?;
        $v.pop(ValType::$t)?;
        $v.unop(ValType::V128)
    }};
    ($v:ident, $i:ident, load_lane($a:literal, $n:literal); $m:ident, $l:ident) => {{
        $v.memarg(*$m, $a)?;
        $v.lane(*$l, $n)?;
        $v.pop(ValType::V128)?;
        $v.cvtop(ValType::I32, ValType::V128)
    }};
    ($v:ident, $i:ident, store_lane($a:literal, $n:literal); $m:ident, $l:ident) => {{
        $v.memarg(*$m, $a)?;
        $v.lane(*$l, $n)?;
        $v.pop(ValType::V128)?;
        $v.pop(ValType::I32)?;
        Ok(())
    }};
    ($v:ident, $i:ident, vshift; $($f:ident),*) => {{
        $v.pop(ValType::I32)?;
        $v.unop(ValType::V128)
    }};
    ($v:ident, $i:ident, shuffle; $l:ident) => {{
        if let Some(bad) = $l.0.iter().find(|&&x| x >= 32) {
            bail!("invalid lane index {bad}");
        }
        $v.binop(ValType::V128)
    }};
}

macro_rules! define_validate {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        impl FuncValidator<'_, '_> {
            /// Validates one instruction through its class in the instruction table.
            #[allow(unused_variables)]
            fn table_op(&mut self, instr: &Instr) -> VResult<()> {
                match instr {
                    $( Instr::$name $({ $($field),* })? => {
                        validate_class!(self, instr, $class $(($($arg)*))?; $($($field),*)?)
                    } )*
                }
            }
        }
    };
}

awe_module::for_each_instruction!(define_validate);

/// Validates a whole function body; errors carry the function index, the instruction's
/// position and its byte offset when known. A body kept encoded is decoded as it goes.
pub(crate) fn validate_func(ctx: &Context<'_>, index: FuncIdx, func: &Func) -> Result<()> {
    let locate = |mut e: ValidationError, i: Option<usize>, at: Option<u32>| {
        e.func = Some(index);
        e.instr = i;
        e.offset = at.map(|o| o as usize);
        e
    };
    let mut v = FuncValidator::new(ctx, func).map_err(|e| locate(e, None, None))?;
    let mut count = 0;
    // What the decoder checks of decoded bodies: a data count section for these.
    let data_count_required = func.encoded.is_some() && ctx.module.data_count.is_none();
    awe_binary::for_each_instr(func, |i, at, instr| {
        count = i + 1;
        if data_count_required && matches!(instr, Instr::MemoryInit { .. } | Instr::DataDrop { .. })
        {
            bail!("data count section required");
        }
        v.op(instr).map_err(|e| locate(e, Some(i), at))
    })
    .map_err(|mut e| {
        e.func = Some(index);
        e
    })?;
    v.finish().map_err(|e| locate(e, Some(count), None))
}

//! Validation of function bodies ([spec §3.3](https://webassembly.github.io/spec/core/valid/instructions.html)),
//! with the algorithm of the [spec's appendix](https://webassembly.github.io/spec/core/appendix/algorithm.html):
//! an operand stack of possibly-unknown types and a stack of control frames.
//!
//! [`FuncValidator`] takes one instruction at a time (from `awe_binary::for_each_instr`,
//! whichever form the body has).

use crate::context::{BOT, Context};
use crate::error::{Result, ValidationError, bail};
use awe_binary::{VisitInstr, visit_instr};
use awe_module::*;

mod gc;

/// The most locals (parameters included) a function may have. The binary format allows
/// 2^32; like other engines, awe bounds them so that a tiny module cannot demand
/// gigabytes of frame.
pub const MAX_LOCALS: u64 = 50_000;

/// Why a `v128` is refused when SIMD is off.
pub(crate) const V128_NEEDS_SIMD: &str = "v128 needs simd, which is not enabled";

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
    /// `try_table`: a block whose `catch` clauses branch to labels around it.
    TryTable,
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
    /// How many locals `set_locals` had when the frame began.
    inits: u32,
}

/// What the checks of single instructions return: the error boxed, so that a result
/// (which every operand pop returns) is two words, not the error's eight.
type VResult<T> = std::result::Result<T, Box<ValidationError>>;

/// An operand type, or unknown (only in unreachable code).
type Operand = Option<ValType>;

/// The types of a frame's parameters or results, or of a label: the module's, or the
/// one of a block of one result.
#[derive(Clone, Copy)]
enum Types<'m> {
    Slice(&'m [ValType]),
    One(ValType),
}

impl std::ops::Deref for Types<'_> {
    type Target = [ValType];
    #[inline]
    fn deref(&self) -> &[ValType] {
        match self {
            Types::Slice(s) => s,
            Types::One(t) => std::slice::from_ref(t),
        }
    }
}

#[cold]
fn mismatch(expected: ValType, found: ValType) -> Box<ValidationError> {
    ValidationError::new(format!("type mismatch: expected {expected}, found {found}")).into()
}

fn name(t: Operand) -> String {
    t.map_or("unknown".into(), |t| t.to_string())
}

/// Types in a list, `i32 exnref`.
fn names(ts: &[ValType]) -> String {
    ts.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Validates one function body, instruction by instruction.
pub struct FuncValidator<'c, 'm> {
    ctx: &'c Context<'m>,
    ty: &'m FuncType,
    locals: Vec<ValType>,
    vals: Vec<Operand>,
    ctrls: Vec<Frame>,
    scratch: Vec<Operand>,
    /// Whether `memory.init` and `data.drop` are errors (an encoded body of a module
    /// without a data count section).
    data_count_required: bool,
    /// Whether memory 0 exists with 32-bit addresses: then a load or store of it with an
    /// alignment and offset in range has an `i32` address, known without a look-up.
    plain_mem0: bool,
    /// Whether each local is known to be set here: parameters and defaultable locals
    /// always are; a non-defaultable one (typed references) once `local.set` or
    /// `local.tee` wrote it, until the end of the block that did
    /// ([spec §3.4.1](https://webassembly.github.io/spec/core/valid/instructions.html#local-instructions)).
    /// Empty when every local is defaultable (then nothing is tracked).
    inits: Vec<bool>,
    /// The non-defaultable locals set so far, in order; each frame knows how many there
    /// were when it began, and its end forgets those after.
    set_locals: Vec<u32>,
}

impl<'c, 'm> FuncValidator<'c, 'm> {
    /// Starts validating function `func` (its type and locals are checked here).
    pub fn new(ctx: &'c Context<'m>, func: &Func) -> Result<Self> {
        let ty = ctx.type_func(func.ty)?;
        let declared: u64 = func.locals.iter().map(|l| u64::from(l.count)).sum();
        if declared + ty.params.len() as u64 > MAX_LOCALS {
            bail!(
                "too many locals: {} (at most {MAX_LOCALS})",
                declared + ty.params.len() as u64
            );
        }
        let mut locals = ty.params.clone();
        let tracked = func.locals.iter().any(|l| !l.ty.is_defaultable());
        let mut inits = if tracked {
            vec![true; locals.len()]
        } else {
            Vec::new()
        };
        for l in &func.locals {
            locals.extend(std::iter::repeat_n(l.ty, l.count as usize));
            if tracked {
                inits.extend(std::iter::repeat_n(l.ty.is_defaultable(), l.count as usize));
            }
        }
        let mut v = FuncValidator {
            ctx,
            ty,
            locals,
            vals: Vec::new(),
            ctrls: Vec::new(),
            scratch: Vec::new(),
            data_count_required: false,
            plain_mem0: ctx
                .spaces()
                .memories
                .first()
                .is_some_and(|m| !m.address.is_64()),
            inits,
            set_locals: Vec::new(),
        };
        v.ctrls.push(Frame {
            kind: FrameKind::Func,
            sig: Sig::Type(func.ty.0),
            height: 0,
            unreachable: false,
            inits: 0,
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

    /// The operands' types, bottom first (`None`: unknown, in unreachable code).
    pub fn operand_types(&self) -> &[Option<ValType>] {
        &self.vals
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

    /// The function type of a block (checked by [`Self::block_sig`]).
    #[inline]
    fn sig_type(&self, i: u32) -> Option<&'m FuncType> {
        self.ctx
            .module
            .types
            .get(i as usize)
            .and_then(SubType::as_func)
    }

    #[inline]
    fn params(&self, s: Sig) -> &'m [ValType] {
        match s {
            Sig::Type(i) => self.sig_type(i).map_or(&[], |t| &t.params),
            _ => &[],
        }
    }

    #[inline]
    fn results(&self, s: Sig) -> Types<'m> {
        match s {
            Sig::Empty => Types::Slice(&[]),
            Sig::Value(t) => Types::One(t),
            Sig::Type(i) => Types::Slice(self.sig_type(i).map_or(&[], |t| &t.results)),
        }
    }

    #[inline]
    fn label_types(&self, f: &Frame) -> Types<'m> {
        if f.kind == FrameKind::Loop {
            Types::Slice(self.params(f.sig))
        } else {
            self.results(f.sig)
        }
    }

    #[inline(always)]
    fn push(&mut self, t: ValType) {
        self.vals.push(Some(t));
    }

    fn push_operand(&mut self, t: Operand) {
        self.vals.push(t);
    }

    #[inline(always)]
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
    #[inline(always)]
    fn pop(&mut self, expected: ValType) -> VResult<Operand> {
        let actual = self.pop_any()?;
        match actual {
            Some(t) if t != expected => self.pop_subtype(t, expected),
            _ => Ok(actual),
        }
    }

    /// [`Self::pop`] of an operand of another type than `expected`: a subtype (a
    /// reference) is fine, else a mismatch.
    #[cold]
    #[inline(never)]
    fn pop_subtype(&self, actual: ValType, expected: ValType) -> VResult<Operand> {
        if self.ctx.val_matches(actual, expected) {
            Ok(Some(actual))
        } else {
            Err(mismatch(expected, actual))
        }
    }

    /// Pops a reference of any type: the bottom reference type when unknown.
    fn pop_ref(&mut self, what: &str) -> VResult<RefType> {
        match self.pop_any()? {
            None => Ok(RefType::non_null(BOT)),
            Some(ValType::Ref(r)) => Ok(r),
            Some(t) => bail!("type mismatch: {what} needs a reference, found {t}"),
        }
    }

    #[inline]
    fn pop_all(&mut self, types: &[ValType]) -> VResult<()> {
        // Most often the operands are there, above the frame's start, of these types.
        let height = self.ctrls.last().map_or(0, |f| f.height);
        let len = self.vals.len();
        if len >= height + types.len() {
            let top = &self.vals[len - types.len()..];
            if top.iter().zip(types).all(|(&v, &t)| v == Some(t)) {
                self.vals.truncate(len - types.len());
                return Ok(());
            }
        }
        self.pop_all_slowly(types)
    }

    /// [`Self::pop_all`] one operand at a time: unknown operands, or an error.
    #[cold]
    fn pop_all_slowly(&mut self, types: &[ValType]) -> VResult<()> {
        for &t in types.iter().rev() {
            self.pop(t)?;
        }
        Ok(())
    }

    #[inline]
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
            inits: self.set_locals.len() as u32,
        });
        self.push_all(params);
    }

    fn pop_ctrl(&mut self) -> VResult<Frame> {
        let Some(&frame) = self.ctrls.last() else {
            bail!("unexpected end of function");
        };
        let results = self.results(frame.sig);
        self.pop_all(&results)?;
        if self.vals.len() != frame.height {
            bail!(
                "type mismatch: {} value(s) left on the stack at the end of a block",
                self.vals.len() - frame.height
            );
        }
        self.ctrls.pop();
        if self.set_locals.len() > frame.inits as usize {
            self.forget_inits(frame.inits as usize);
        }
        Ok(frame)
    }

    /// At a block's end: the non-defaultable locals it set are unset again.
    #[cold]
    fn forget_inits(&mut self, keep: usize) {
        for l in self.set_locals.drain(keep..) {
            self.inits[l as usize] = false;
        }
    }

    /// Records that local `l` was set.
    #[inline]
    fn init_local(&mut self, l: LocalIdx) {
        if let Some(known) = self.inits.get_mut(l.index())
            && !*known
        {
            *known = true;
            self.set_locals.push(l.0);
        }
    }

    /// The type an indirect call (`what`) through `table` expects, with the table entry's
    /// index (of the table's address type) popped: the table must hold `funcref`s.
    fn indirect(&mut self, ty: TypeIdx, table: TableIdx, what: &str) -> VResult<&'m FuncType> {
        let tt = self.ctx.table(table)?;
        if !self.ctx.ref_matches(tt.elem, RefType::FUNCREF) {
            bail!("type mismatch: {what} needs a funcref table");
        }
        let t = self.ctx.type_func(ty)?;
        self.pop(tt.address.val_type())?;
        Ok(t)
    }

    fn exceptions_enabled(&self) -> VResult<()> {
        if !self.ctx.features.exceptions {
            bail!("exception handling needs exceptions, which is not enabled");
        }
        Ok(())
    }

    /// Whether the vector instruction of opcode `op` may be used: SIMD is on, and for
    /// a relaxed one relaxed SIMD too.
    #[inline]
    fn vector_enabled(&self, op: Opcode) -> VResult<()> {
        if !self.ctx.features.simd {
            bail!("vector instructions need simd, which is not enabled");
        }
        if op.is_relaxed_vector() && !self.ctx.features.relaxed_simd {
            bail!("relaxed vector instructions need relaxed-simd, which is not enabled");
        }
        Ok(())
    }

    /// Refuses a block's or a typed `select`'s type when its feature is off (`v128`
    /// without SIMD, `exnref` without exceptions, ...) or it names no type.
    #[inline]
    fn val_type_enabled(&self, t: ValType) -> VResult<()> {
        match t {
            ValType::V128 if !self.ctx.features.simd => bail!("{V128_NEEDS_SIMD}"),
            ValType::Ref(r) => Ok(crate::ref_type_valid(self.ctx, r)?),
            _ => Ok(()),
        }
    }

    fn function_references_enabled(&self) -> VResult<()> {
        if !self.ctx.features.function_references {
            bail!("typed function references need function-references, which is not enabled");
        }
        Ok(())
    }

    /// The function type of index `ty`, for `call_ref` and `return_call_ref`, with the
    /// reference to call popped (a `(ref null ty)`).
    fn func_ref(&mut self, ty: TypeIdx) -> VResult<&'m FuncType> {
        self.function_references_enabled()?;
        let t = self.ctx.type_func(ty)?;
        self.pop(ValType::Ref(RefType::null(HeapType::concrete(ty))))?;
        Ok(t)
    }

    fn tail_calls_enabled(&self) -> VResult<()> {
        if !self.ctx.features.tail_call {
            bail!("tail calls need tail-call, which is not enabled");
        }
        Ok(())
    }

    /// A tail call to a function of type `t`: its results must be this function's; its
    /// parameters are popped, and the rest of the block is unreachable.
    fn tail_call(&mut self, t: &FuncType) -> VResult<()> {
        if !self.ctx.vals_match(&t.results, &self.ty.results) {
            bail!("type mismatch: a tail call's results must be the function's");
        }
        self.pop_all(&t.params)?;
        self.set_unreachable();
        Ok(())
    }

    fn set_unreachable(&mut self) {
        if let Some(f) = self.ctrls.last_mut() {
            self.vals.truncate(f.height);
            f.unreachable = true;
        }
    }

    fn block_sig(&self, bt: BlockType) -> VResult<Sig> {
        Ok(match bt {
            BlockType::Empty => Sig::Empty,
            BlockType::Value(t) => {
                self.val_type_enabled(t)?;
                Sig::Value(t)
            }
            BlockType::Func(i) => {
                self.ctx.type_func(i)?;
                Sig::Type(i.0)
            }
        })
    }

    #[inline]
    fn label(&self, l: LabelIdx) -> VResult<Frame> {
        let n = self.ctrls.len();
        match n.checked_sub(1 + l.index()) {
            Some(i) => Ok(self.ctrls[i]),
            None => bail!("unknown label {l}"),
        }
    }

    #[inline]
    fn local(&self, l: LocalIdx) -> VResult<ValType> {
        match self.locals.get(l.index()) {
            Some(&t) => Ok(t),
            None => bail!("unknown local {l}"),
        }
    }

    /// Checks a load's or store's immediate; the type of its address.
    #[inline]
    fn memarg(&self, m: MemArg, natural: u32) -> VResult<ValType> {
        if self.plain_memarg(m, natural) {
            return Ok(ValType::I32);
        }
        self.memarg_slow(m, natural)
    }

    /// Whether `m` is a valid access of memory 0 with 32-bit addresses (the common case,
    /// whose address is an `i32`).
    #[inline(always)]
    fn plain_memarg(&self, m: MemArg, natural: u32) -> bool {
        self.plain_mem0 && m.memory.0 == 0 && m.align <= natural && m.offset <= u64::from(u32::MAX)
    }

    /// Pops the address of an access at `m`: the `i32` of the common case with the type
    /// known here (so that the pop is the one of a known type), else of the memory's.
    #[inline(always)]
    fn pop_address(&mut self, m: MemArg, natural: u32) -> VResult<ValType> {
        if self.plain_memarg(m, natural) {
            self.pop(ValType::I32)?;
            return Ok(ValType::I32);
        }
        let addr = self.memarg_slow(m, natural)?;
        self.pop(addr)?;
        Ok(addr)
    }

    #[inline(never)]
    fn memarg_slow(&self, m: MemArg, natural: u32) -> VResult<ValType> {
        let mt = self.ctx.memory(m.memory)?;
        if m.align > natural {
            bail!("alignment must not be larger than natural");
        }
        if !mt.address.is_64() && m.offset > u64::from(u32::MAX) {
            bail!("offset out of range");
        }
        Ok(mt.address.val_type())
    }

    /// The type of the addresses of memory `m`.
    fn mem_address(&self, m: MemIdx) -> VResult<ValType> {
        Ok(self.ctx.memory(m)?.address.val_type())
    }

    fn lane(&self, lane: LaneIdx, lanes: u8) -> VResult<()> {
        if lane.0 >= lanes {
            bail!("invalid lane index {}", lane.0);
        }
        Ok(())
    }

    #[inline(always)]
    fn unop(&mut self, t: ValType) -> VResult<()> {
        self.pop(t)?;
        self.push(t);
        Ok(())
    }

    #[inline(always)]
    fn binop(&mut self, t: ValType) -> VResult<()> {
        self.pop(t)?;
        self.pop(t)?;
        self.push(t);
        Ok(())
    }

    #[inline(always)]
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
        visit_instr(instr, self).map_err(|e| *e)
    }

    /// `block`, `loop` and `if` (whose condition was popped).
    fn open_block(&mut self, kind: FrameKind, ty: BlockType) -> VResult<()> {
        let sig = self.block_sig(ty)?;
        let params = self.params(sig);
        self.pop_all(params)?;
        self.push_ctrl(kind, sig);
        Ok(())
    }

    /// The check the decoder makes of decoded bodies, made here for encoded ones.
    fn data_count(&self) -> VResult<()> {
        if self.data_count_required {
            bail!("data count section required");
        }
        Ok(())
    }
}

/// The rules of the instructions of class `special`, one method each (a missing one is
/// a compile error): those the table cannot describe by a class.
impl Special for FuncValidator<'_, '_> {
    fn unreachable(&mut self) -> VResult<()> {
        self.set_unreachable();
        Ok(())
    }

    fn nop(&mut self) -> VResult<()> {
        Ok(())
    }

    fn block(&mut self, ty: BlockType) -> VResult<()> {
        self.open_block(FrameKind::Block, ty)
    }

    fn r#loop(&mut self, ty: BlockType) -> VResult<()> {
        self.open_block(FrameKind::Loop, ty)
    }

    /// Each clause's label, one around the `try_table`, must take what the clause
    /// passes: the tag's payload (`catch`), then an `exnref` (`_ref`).
    fn try_table(&mut self, ty: BlockType, catches: Box<Vec<Catch>>) -> VResult<()> {
        self.exceptions_enabled()?;
        for c in catches.iter() {
            let mut passed: Vec<ValType> = if c.kind.has_tag() {
                self.ctx.tag(c.tag)?.params.clone()
            } else {
                Vec::new()
            };
            if c.kind.has_ref() {
                // A caught exception is never null.
                passed.push(ValType::Ref(RefType::non_null(HeapType::Exn)));
            }
            let f = self.label(c.label)?;
            if !self.ctx.vals_match(&passed, &self.label_types(&f)) {
                bail!(
                    "type mismatch: {} passes [{}] to a label of [{}]",
                    c.kind.name(),
                    names(&passed),
                    names(&self.label_types(&f))
                );
            }
        }
        self.open_block(FrameKind::TryTable, ty)
    }

    fn throw(&mut self, tag: TagIdx) -> VResult<()> {
        self.exceptions_enabled()?;
        let t = self.ctx.tag(tag)?;
        self.pop_all(&t.params)?;
        self.set_unreachable();
        Ok(())
    }

    fn throw_ref(&mut self) -> VResult<()> {
        self.exceptions_enabled()?;
        self.pop(ValType::EXNREF)?;
        self.set_unreachable();
        Ok(())
    }

    fn r#if(&mut self, ty: BlockType) -> VResult<()> {
        // The block type is checked before the condition is popped.
        self.block_sig(ty)?;
        self.pop(ValType::I32)?;
        self.open_block(FrameKind::If, ty)
    }

    fn r#else(&mut self) -> VResult<()> {
        let frame = self.pop_ctrl()?;
        if frame.kind != FrameKind::If {
            bail!("else without if");
        }
        self.push_ctrl(FrameKind::Else, frame.sig);
        Ok(())
    }

    fn end(&mut self) -> VResult<()> {
        let frame = self.pop_ctrl()?;
        if frame.kind == FrameKind::If
            && !self
                .ctx
                .vals_match(self.params(frame.sig), &self.results(frame.sig))
        {
            bail!("type mismatch: if without else must leave its parameters");
        }
        let results = self.results(frame.sig);
        self.push_all(&results);
        Ok(())
    }

    fn br(&mut self, label: LabelIdx) -> VResult<()> {
        let f = self.label(label)?;
        let types = self.label_types(&f);
        self.pop_all(&types)?;
        self.set_unreachable();
        Ok(())
    }

    fn br_if(&mut self, label: LabelIdx) -> VResult<()> {
        self.pop(ValType::I32)?;
        let f = self.label(label)?;
        let types = self.label_types(&f);
        self.pop_all(&types)?;
        self.push_all(&types);
        Ok(())
    }

    /// `br_on_null l`: branches, dropping it, when the reference is null; else goes on
    /// with it, known non-null.
    fn br_on_null(&mut self, label: LabelIdx) -> VResult<()> {
        self.function_references_enabled()?;
        let r = self.pop_ref("br_on_null")?;
        let f = self.label(label)?;
        let types = self.label_types(&f);
        self.pop_all(&types)?;
        self.push_all(&types);
        self.push(ValType::Ref(RefType::non_null(r.heap)));
        Ok(())
    }

    /// `br_on_non_null l`: branches with the reference, non-null, when it is not null;
    /// else drops it and goes on. The label's last type takes the reference.
    fn br_on_non_null(&mut self, label: LabelIdx) -> VResult<()> {
        self.function_references_enabled()?;
        let r = self.pop_ref("br_on_non_null")?;
        let f = self.label(label)?;
        let types = self.label_types(&f);
        let Some((&last, rest)) = types.split_last() else {
            bail!("type mismatch: br_on_non_null needs a label that takes a reference");
        };
        if !self
            .ctx
            .val_matches(ValType::Ref(RefType::non_null(r.heap)), last)
        {
            bail!(
                "type mismatch: br_on_non_null passes (ref {}) to a label of {last}",
                r.heap
            );
        }
        self.pop_all(rest)?;
        self.push_all(rest);
        Ok(())
    }

    fn br_table(&mut self, targets: Box<BrTable>) -> VResult<()> {
        self.pop(ValType::I32)?;
        let default = self.label(targets.default)?;
        let arity = self.label_types(&default).len();
        // Each label must take what the operands are (subtyping: popped as each
        // label's types, those found pushed back).
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
        self.pop_all(&types)?;
        self.set_unreachable();
        Ok(())
    }

    fn r#return(&mut self) -> VResult<()> {
        let results = &self.ty.results;
        self.pop_all(results)?;
        self.set_unreachable();
        Ok(())
    }

    fn call(&mut self, func: FuncIdx) -> VResult<()> {
        let t = self.ctx.func_type(func)?;
        self.pop_all(&t.params)?;
        self.push_all(&t.results);
        Ok(())
    }

    fn call_indirect(&mut self, ty: TypeIdx, table: TableIdx) -> VResult<()> {
        let t = self.indirect(ty, table, "call_indirect")?;
        self.pop_all(&t.params)?;
        self.push_all(&t.results);
        Ok(())
    }

    /// `return_call` (tail calls, WebAssembly 3.0): a call whose results are the
    /// function's, then a return.
    fn return_call(&mut self, func: FuncIdx) -> VResult<()> {
        self.tail_calls_enabled()?;
        let t = self.ctx.func_type(func)?;
        self.tail_call(t)
    }

    /// `return_call_indirect`: `call_indirect`'s operands, `return_call`'s results.
    fn return_call_indirect(&mut self, ty: TypeIdx, table: TableIdx) -> VResult<()> {
        self.tail_calls_enabled()?;
        let t = self.indirect(ty, table, "return_call_indirect")?;
        self.tail_call(t)
    }

    /// `call_ref $t`: calls the function a `(ref null $t)` points to.
    fn call_ref(&mut self, ty: TypeIdx) -> VResult<()> {
        let t = self.func_ref(ty)?;
        self.pop_all(&t.params)?;
        self.push_all(&t.results);
        Ok(())
    }

    /// `return_call_ref $t`: `call_ref`'s operands, `return_call`'s results.
    fn return_call_ref(&mut self, ty: TypeIdx) -> VResult<()> {
        self.tail_calls_enabled()?;
        let t = self.func_ref(ty)?;
        self.tail_call(t)
    }

    fn drop(&mut self) -> VResult<()> {
        self.pop_any()?;
        Ok(())
    }

    fn select(&mut self) -> VResult<()> {
        self.pop(ValType::I32)?;
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
        Ok(())
    }

    fn select_typed(&mut self, types: Box<Vec<ValType>>) -> VResult<()> {
        let [t] = types.as_slice() else {
            bail!("invalid result arity");
        };
        self.val_type_enabled(*t)?;
        self.pop(ValType::I32)?;
        self.pop(*t)?;
        self.pop(*t)?;
        self.push(*t);
        Ok(())
    }

    fn local_get(&mut self, local: LocalIdx) -> VResult<()> {
        let t = self.local(local)?;
        if !self.inits.is_empty() && !self.inits[local.index()] {
            bail!("uninitialized local {local}");
        }
        self.push(t);
        Ok(())
    }

    fn local_set(&mut self, local: LocalIdx) -> VResult<()> {
        let t = self.local(local)?;
        self.pop(t)?;
        self.init_local(local);
        Ok(())
    }

    fn local_tee(&mut self, local: LocalIdx) -> VResult<()> {
        let t = self.local(local)?;
        self.pop(t)?;
        self.init_local(local);
        self.push(t);
        Ok(())
    }

    fn global_get(&mut self, global: GlobalIdx) -> VResult<()> {
        let g = self.ctx.global(global)?;
        self.push(g.content);
        Ok(())
    }

    fn global_set(&mut self, global: GlobalIdx) -> VResult<()> {
        let g = self.ctx.global(global)?;
        if g.mutability != Mutability::Var {
            bail!("immutable global");
        }
        self.pop(g.content)?;
        Ok(())
    }

    fn table_get(&mut self, table: TableIdx) -> VResult<()> {
        let t = self.ctx.table(table)?;
        self.pop(t.address.val_type())?;
        self.push(t.elem.val_type());
        Ok(())
    }

    fn table_set(&mut self, table: TableIdx) -> VResult<()> {
        let t = self.ctx.table(table)?;
        self.pop(t.elem.val_type())?;
        self.pop(t.address.val_type())?;
        Ok(())
    }

    fn memory_size(&mut self, mem: MemIdx) -> VResult<()> {
        let a = self.mem_address(mem)?;
        self.push(a);
        Ok(())
    }

    fn memory_grow(&mut self, mem: MemIdx) -> VResult<()> {
        let a = self.mem_address(mem)?;
        self.pop(a)?;
        self.push(a);
        Ok(())
    }

    fn ref_null(&mut self, ty: HeapType) -> VResult<()> {
        let t = RefType::null(ty);
        crate::ref_type_valid(self.ctx, t)?;
        self.push(t.val_type());
        Ok(())
    }

    fn ref_is_null(&mut self) -> VResult<()> {
        self.pop_ref("ref.is_null")?;
        self.push(ValType::I32);
        Ok(())
    }

    /// `ref.func f`: a `(ref $t)` of the function's type `$t`.
    fn ref_func(&mut self, func: FuncIdx) -> VResult<()> {
        self.ctx.func_type(func)?;
        if !self.ctx.is_declared(func) {
            bail!("undeclared function reference");
        }
        let ty = self.ctx.spaces().funcs[func.index()];
        self.push(ValType::Ref(RefType::non_null(HeapType::concrete(ty))));
        Ok(())
    }

    /// `ref.as_non_null`: the reference, known non-null (a null traps).
    fn ref_as_non_null(&mut self) -> VResult<()> {
        self.function_references_enabled()?;
        let r = self.pop_ref("ref.as_non_null")?;
        self.push(ValType::Ref(RefType::non_null(r.heap)));
        Ok(())
    }

    fn memory_init(&mut self, data: DataIdx, mem: MemIdx) -> VResult<()> {
        self.data_count()?;
        let a = self.mem_address(mem)?;
        self.ctx.data(data)?;
        self.pop_all(&[a, ValType::I32, ValType::I32])
    }

    fn data_drop(&mut self, data: DataIdx) -> VResult<()> {
        self.data_count()?;
        Ok(self.ctx.data(data)?)
    }

    /// The length is of the smaller address type of the two memories.
    fn memory_copy(&mut self, dst: MemIdx, src: MemIdx) -> VResult<()> {
        let d = self.ctx.memory(dst)?.address;
        let s = self.ctx.memory(src)?.address;
        let n = d.min(s).val_type();
        self.pop_all(&[d.val_type(), s.val_type(), n])
    }

    fn memory_fill(&mut self, mem: MemIdx) -> VResult<()> {
        let a = self.mem_address(mem)?;
        self.pop_all(&[a, ValType::I32, a])
    }

    fn table_init(&mut self, elem: ElemIdx, table: TableIdx) -> VResult<()> {
        let t = self.ctx.table(table)?;
        let e = self.ctx.elem(elem)?;
        if !self.ctx.ref_matches(e, t.elem) {
            bail!(
                "type mismatch: element segment of {e} for a table of {}",
                t.elem
            );
        }
        self.pop_all(&[t.address.val_type(), ValType::I32, ValType::I32])
    }

    fn elem_drop(&mut self, elem: ElemIdx) -> VResult<()> {
        self.ctx.elem(elem)?;
        Ok(())
    }

    fn table_copy(&mut self, dst: TableIdx, src: TableIdx) -> VResult<()> {
        let d = self.ctx.table(dst)?;
        let s = self.ctx.table(src)?;
        if !self.ctx.ref_matches(s.elem, d.elem) {
            bail!("type mismatch: table.copy from {} to {}", s.elem, d.elem);
        }
        let n = d.address.min(s.address).val_type();
        self.pop_all(&[d.address.val_type(), s.address.val_type(), n])
    }

    fn table_grow(&mut self, table: TableIdx) -> VResult<()> {
        let t = self.ctx.table(table)?;
        let a = t.address.val_type();
        self.pop(a)?;
        self.pop(t.elem.val_type())?;
        self.push(a);
        Ok(())
    }

    fn table_size(&mut self, table: TableIdx) -> VResult<()> {
        let t = self.ctx.table(table)?;
        self.push(t.address.val_type());
        Ok(())
    }

    fn table_fill(&mut self, table: TableIdx) -> VResult<()> {
        let t = self.ctx.table(table)?;
        let a = t.address.val_type();
        self.pop(a)?;
        self.pop(t.elem.val_type())?;
        self.pop(a)?;
        Ok(())
    }
}

/// Expands the validation of one instruction from its class in the table.
macro_rules! validate_class {
    ($v:ident, $fname:ident, special; $($f:ident),*) => {
        Special::$fname($v $(, $f)*)
    };
    ($v:ident, $fname:ident, gc; $($f:ident),*) => {{
        $v.gc_enabled()?;
        Gc::$fname($v $(, $f)*)
    }};
    ($v:ident, $fname:ident, load($t:ident, $a:literal); $m:ident) => {{
        $v.pop_address($m, $a)?;
        $v.push(ValType::$t);
        Ok(())
    }};
    ($v:ident, $fname:ident, store($t:ident, $a:literal); $m:ident) => {{
        // The value's type is checked first (it is on top); an invalid memory
        // immediate is found by `pop_address`.
        if !$v.plain_memarg($m, $a) {
            $v.memarg_slow($m, $a)?;
        }
        $v.pop(ValType::$t)?;
        $v.pop_address($m, $a)?;
        Ok(())
    }};
    ($v:ident, $fname:ident, konst($t:ident); $($f:ident),*) => {{
        // Any value is valid.
        $( let _ = $f; )*
        $v.push(ValType::$t);
        Ok(())
    }};
    ($v:ident, $fname:ident, unop($t:ident); $($f:ident),*) => {
        $v.unop(ValType::$t)
    };
    ($v:ident, $fname:ident, binop($t:ident); $($f:ident),*) => {
        $v.binop(ValType::$t)
    };
    ($v:ident, $fname:ident, ternop($t:ident); $($f:ident),*) => {{
        $v.pop(ValType::$t)?;
        $v.binop(ValType::$t)
    }};
    ($v:ident, $fname:ident, testop($t:ident); $($f:ident),*) => {
        $v.cvtop(ValType::$t, ValType::I32)
    };
    ($v:ident, $fname:ident, relop($t:ident); $($f:ident),*) => {{
        $v.pop(ValType::$t)?;
        $v.cvtop(ValType::$t, ValType::I32)
    }};
    ($v:ident, $fname:ident, cvtop($a:ident, $b:ident); $($f:ident),*) => {
        $v.cvtop(ValType::$a, ValType::$b)
    };
    ($v:ident, $fname:ident, extract($t:ident, $n:literal); $l:ident) => {{
        $v.lane($l, $n)?;
        $v.cvtop(ValType::V128, ValType::$t)
    }};
    ($v:ident, $fname:ident, replace($t:ident, $n:literal); $l:ident) => {{
        $v.lane($l, $n)?;
        $v.pop(ValType::$t)?;
        $v.unop(ValType::V128)
    }};
    ($v:ident, $fname:ident, load_lane($a:literal, $n:literal); $m:ident, $l:ident) => {{
        let addr = $v.memarg($m, $a)?;
        $v.lane($l, $n)?;
        $v.pop(ValType::V128)?;
        $v.cvtop(addr, ValType::V128)
    }};
    ($v:ident, $fname:ident, store_lane($a:literal, $n:literal); $m:ident, $l:ident) => {{
        let addr = $v.memarg($m, $a)?;
        $v.lane($l, $n)?;
        $v.pop(ValType::V128)?;
        $v.pop(addr)?;
        Ok(())
    }};
    ($v:ident, $fname:ident, vshift; $($f:ident),*) => {{
        $v.pop(ValType::I32)?;
        $v.unop(ValType::V128)
    }};
    ($v:ident, $fname:ident, shuffle; $l:ident) => {{
        if let Some(bad) = $l.0.iter().find(|&&x| x >= 32) {
            bail!("invalid lane index {bad}");
        }
        $v.binop(ValType::V128)
    }};
}

/// The declaration of a [`Special`] rule for a row of class `special`; nothing for
/// the others.
macro_rules! special_rule {
    (special $fname:ident ($($field:ident : $ty:ty),*)) => {
        fn $fname(&mut self $(, $field: $ty)*) -> VResult<()>;
    };
    ($class:ident $fname:ident $fields:tt) => {};
}

/// The declaration of a [`Gc`] rule for a row of class `gc`; nothing for the others.
macro_rules! gc_rule {
    (gc $fname:ident ($($field:ident : $ty:ty),*)) => {
        fn $fname(&mut self $(, $field: $ty)*) -> VResult<()>;
    };
    ($class:ident $fname:ident $fields:tt) => {};
}

macro_rules! define_validate {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        /// The validation rules of the rows of class `special`.
        trait Special {
            $( special_rule!($class $fname ($($($field : $ty),*)?)); )*
        }

        /// The validation rules of the rows of class `gc` (in `func/gc.rs`).
        trait Gc {
            $( gc_rule!($class $fname ($($($field : $ty),*)?)); )*
        }

        /// Every instruction is validated through its class in the instruction table.
        impl VisitInstr for FuncValidator<'_, '_> {
            type Output = VResult<()>;
            $(
                #[inline]
                fn $fname(&mut self $($(, $field: $ty)*)?) -> VResult<()> {
                    const OPCODE: Opcode = Opcode {
                        byte: $op,
                        sub: awe_module::__opcode_sub!($($sub)?),
                    };
                    if const { OPCODE.is_vector() } {
                        self.vector_enabled(OPCODE)?;
                    }
                    validate_class!(self, $fname, $class $(($($arg)*))?; $($($field),*)?)
                }
            )*
        }
    };
}

awe_module::for_each_instruction!(define_validate);

/// Validates a whole function body; errors carry the function index, the instruction's
/// position and its byte offset when known. A body kept encoded is validated as it is
/// read, without building its instructions.
pub(crate) fn validate_func(ctx: &Context<'_>, index: FuncIdx, func: &Func) -> Result<()> {
    let locate = |mut e: ValidationError, i: Option<usize>, at: Option<u32>| {
        e.func = Some(index);
        e.instr = i;
        e.offset = at.map(|o| o as usize);
        e
    };
    let mut v = FuncValidator::new(ctx, func).map_err(|e| locate(e, None, None))?;
    // What the decoder checks of decoded bodies: a data count section for these.
    v.data_count_required = func.encoded.is_some() && ctx.module.data_count.is_none();
    let mut count = 0;
    if func.encoded.is_none() {
        // A decoded body may go on after its last `end`: `op` checks each instruction.
        for (i, instr) in func.body.iter().enumerate() {
            count = i + 1;
            v.op(instr)
                .map_err(|e| locate(e, Some(i), func.offsets.get(i).copied()))?;
        }
    } else {
        count = awe_binary::visit_body(func, &mut v, |i, at, r| {
            r.map_err(|e| locate(*e, Some(i), at))
        })
        .map_err(|mut e| {
            e.func = Some(index);
            e
        })?;
    }
    v.finish().map_err(|e| locate(e, Some(count), None))
}

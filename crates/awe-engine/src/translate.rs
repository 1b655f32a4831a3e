//! Translation of a validated function body to register bytecode.
//!
//! The wasm operand stack is simulated at translation time. Position `i` of the stack
//! owns cell `first_temp + i`; an entry is either a value already in its cell (`Temp`),
//! a local (`Local`: no copy was made) or a constant (`Const`: not yet written
//! anywhere). Ops read locals and temporaries directly, so `local.get` and constants
//! cost nothing until a value must be in a particular cell: at block boundaries, for
//! calls, and when a local is overwritten while an earlier read of it is pending.

use crate::ops::{MAX_REGS, Op, Reg};
use awe_module::*;
use awe_validate::{Context, ValidationError};
use std::fmt;

/// A function body translated to bytecode.
#[derive(Debug)]
pub struct CompiledFunc {
    /// The code.
    pub code: Box<[Op]>,
    /// The function's index in its module's function space (imports first).
    pub func_index: u32,
    /// Parameter count (cells `0..params`).
    pub params: u16,
    /// Declared locals after the parameters, zeroed on entry.
    pub locals: u16,
    /// What the cells after the parameters hold on entry: zero for each declared local,
    /// then constants, which ops read there instead of writing each constant into a
    /// temporary every time it is used.
    pub init: Box<[u64]>,
    /// Result count (returned in cells `0..results`).
    pub results: u16,
    /// Cells the frame needs.
    pub frame_size: u32,
    /// For each op, the byte offset of the instruction it came from (when the module
    /// was decoded from a binary).
    pub offsets: Box<[u32]>,
}

/// Why a function could not be translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslateError {
    /// The body is invalid.
    Invalid(ValidationError),
    /// Valid, but beyond what this interpreter supports.
    Unsupported(String),
}

impl fmt::Display for TranslateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TranslateError::Invalid(e) => e.fmt(f),
            TranslateError::Unsupported(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for TranslateError {}

impl From<ValidationError> for TranslateError {
    fn from(e: ValidationError) -> Self {
        TranslateError::Invalid(e)
    }
}

type Result<T, E = TranslateError> = std::result::Result<T, E>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operand {
    /// In its own cell.
    Temp,
    /// The value of a local (nothing copied yet).
    Local(Reg),
    /// A constant, as bits (nothing written yet).
    Const(u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Func,
    Block,
    Loop,
    If,
    Else,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    /// Stack height below the frame's parameters.
    height: usize,
    params: usize,
    results: usize,
    /// Forward branches to patch with the frame's end.
    branches: Vec<usize>,
    /// The `BrIfEqz` of an `if`, to patch with the start of `else` or the end.
    else_branch: Option<usize>,
    /// Where a `loop` starts.
    start: usize,
    /// Whether the rest of the frame is unreachable (no code is emitted).
    unreachable: bool,
    /// Whether the whole construct is unreachable, both arms of an `if` included: it
    /// began in unreachable code. Nothing in it is translated, and its `else` does not
    /// make it reachable.
    dead: bool,
}

struct Translator<'c, 'm> {
    ctx: &'c Context<'m>,
    code: Vec<Op>,
    stack: Vec<Operand>,
    frames: Vec<Frame>,
    first_temp: usize,
    /// The constants with a cell of their own (`first_const + i`).
    consts: Vec<u64>,
    first_const: usize,
    /// The last position branches may land on (ops before it cannot be fused with ops
    /// after it).
    label: usize,
    /// Declared locals not written yet, in code before any loop: they still hold zero
    /// on every path here (control flow before the first loop only goes forward).
    zero_locals: Vec<bool>,
    max_height: usize,
    results: usize,
    /// The op that last wrote a temporary, while nothing else happened since: its
    /// destination can be retargeted to a local by `local.set`.
    last_write: Option<usize>,
    /// The checkpoint counting the instructions being translated.
    fuel: Option<usize>,
    /// Whether every instruction is counted (else only loop headers have checkpoints).
    fuel_on: bool,
    /// Whether loop headers have checkpoints.
    loop_checkpoints: bool,
    /// Byte offset of the instruction being translated.
    offset: u32,
    /// The offset of each op's instruction.
    offsets: Vec<u32>,
}

/// Where code gets [`Op::ConsumeFuel`] checkpoints, at which the interpreter counts fuel
/// (when on) and notices an interrupt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checkpoints {
    /// None: only calls notice interrupts.
    None,
    /// Loop headers: a running loop can be interrupted.
    Loops,
    /// The function entry, loop headers and block ends: every instruction executed is
    /// counted as fuel.
    Blocks,
}

/// Translates function `index` of the module, with `checkpoints`. The body must have
/// been validated (as every body of a `ValidModule` was): it is not validated again.
pub fn translate(
    ctx: &Context<'_>,
    index: FuncIdx,
    func: &Func,
    checkpoints: Checkpoints,
) -> Result<CompiledFunc> {
    let fuel = checkpoints == Checkpoints::Blocks;
    // A body kept encoded is decoded once, for the time of its translation.
    let (body, offsets) = awe_binary::body_slices(func)
        .map_err(|e| TranslateError::Invalid(ValidationError::from(e)))?;
    let locate = |e: ValidationError, i: Option<usize>| {
        let mut e = e;
        e.func = Some(index);
        e.instr = i;
        e.offset = i.and_then(|i| offsets.get(i)).map(|&o| o as usize);
        TranslateError::Invalid(e)
    };
    let ty = ctx.func_type(index).map_err(|e| locate(e, None))?;
    // Validation bounded the locals (`awe_validate::MAX_LOCALS`).
    let declared: u64 = func.locals.iter().map(|l| u64::from(l.count)).sum();
    let nlocals = ty.params.len() + declared as usize;
    if nlocals >= MAX_REGS {
        return Err(TranslateError::Unsupported(format!(
            "function {index} has more than {MAX_REGS} locals"
        )));
    }
    let consts = frequent_consts(&body, MAX_CONSTS);
    if nlocals + consts.len() >= MAX_REGS {
        return Err(TranslateError::Unsupported(format!(
            "function {index} has more than {MAX_REGS} locals"
        )));
    }
    let mut t = Translator {
        ctx,
        code: Vec::with_capacity(body.len()),
        stack: Vec::new(),
        frames: vec![Frame {
            kind: Kind::Func,
            height: 0,
            params: 0,
            results: ty.results.len(),
            branches: Vec::new(),
            else_branch: None,
            start: 0,
            unreachable: false,
            dead: false,
        }],
        first_temp: nlocals + consts.len(),
        first_const: nlocals,
        consts,
        label: 0,
        zero_locals: (0..nlocals).map(|i| i >= ty.params.len()).collect(),
        max_height: 0,
        results: ty.results.len(),
        last_write: None,
        fuel: None,
        fuel_on: fuel,
        loop_checkpoints: checkpoints != Checkpoints::None,
        offset: 0,
        offsets: Vec::new(),
    };
    if fuel {
        t.fuel_point();
    }
    for (i, instr) in body.iter().enumerate() {
        t.offset = offsets.get(i).copied().unwrap_or(0);
        t.instr(instr).map_err(|e| match e {
            TranslateError::Invalid(e) => locate(e, Some(i)),
            other => other,
        })?;
        if t.fuel.is_some() {
            t.count_fuel();
        }
    }
    // The interpreter fetches ops without bounds checks; `check_code` proves it may.
    if !matches!(
        t.code.last(),
        Some(Op::Return | Op::ReturnReg { .. } | Op::Br { .. } | Op::Unreachable)
    ) {
        t.emit(Op::Unreachable);
    }
    thread_jumps(&mut t.code);
    check_code(&t.code).map_err(|e| {
        TranslateError::Unsupported(format!("internal error in function {index}: {e}"))
    })?;
    let frame_size = t.first_temp + t.max_height.max(t.results);
    if frame_size > MAX_REGS {
        return Err(TranslateError::Unsupported(format!(
            "function {index} needs more than {MAX_REGS} cells"
        )));
    }
    Ok(CompiledFunc {
        offsets: t.offsets.into_boxed_slice(),
        code: t.code.into_boxed_slice(),
        func_index: index.0,
        params: ty.params.len() as u16,
        locals: (nlocals - ty.params.len()) as u16,
        init: std::iter::repeat_n(0, nlocals - ty.params.len())
            .chain(t.consts.iter().copied())
            .collect(),
        results: ty.results.len() as u16,
        frame_size: frame_size as u32,
    })
}

/// Makes an op with an immediate operand: `(d, a, imm)`.
type MakeImm = fn(Reg, Reg, i32) -> Op;

/// The op with an immediate operand for `instr` when its right operand is the constant
/// `v`, and that immediate; `None` if there is no such op or `v` does not fit.
fn imm_form(instr: &Instr, v: u64) -> Option<(MakeImm, i32)> {
    let is64 = matches!(
        instr,
        Instr::I64Add
            | Instr::I64Sub
            | Instr::I64And
            | Instr::I64Shl
            | Instr::I64ShrS
            | Instr::I64ShrU
    );
    let imm = if is64 {
        match i32::try_from(v as i64) {
            Ok(x) => x,
            Err(_) => return None,
        }
    } else {
        v as u32 as i32
    };
    type Mk = fn(Reg, Reg, i32) -> Op;
    let mk: Mk = match instr {
        Instr::I32Add => |d, a, imm| Op::I32AddImm { d, a, imm },
        Instr::I32Sub => |d, a, imm| Op::I32SubImm { d, a, imm },
        Instr::I32And => |d, a, imm| Op::I32AndImm { d, a, imm },
        Instr::I32Or => |d, a, imm| Op::I32OrImm { d, a, imm },
        Instr::I32Xor => |d, a, imm| Op::I32XorImm { d, a, imm },
        Instr::I32Shl => |d, a, imm| Op::I32ShlImm { d, a, imm },
        Instr::I32ShrS => |d, a, imm| Op::I32ShrSImm { d, a, imm },
        Instr::I32ShrU => |d, a, imm| Op::I32ShrUImm { d, a, imm },
        Instr::I32Mul => |d, a, imm| Op::I32MulImm { d, a, imm },
        Instr::I32Eq => |d, a, imm| Op::I32EqImm { d, a, imm },
        Instr::I32Ne => |d, a, imm| Op::I32NeImm { d, a, imm },
        Instr::I32LtS => |d, a, imm| Op::I32LtSImm { d, a, imm },
        Instr::I32LtU => |d, a, imm| Op::I32LtUImm { d, a, imm },
        Instr::I32GtS => |d, a, imm| Op::I32GtSImm { d, a, imm },
        Instr::I32GtU => |d, a, imm| Op::I32GtUImm { d, a, imm },
        Instr::I32LeS => |d, a, imm| Op::I32LeSImm { d, a, imm },
        Instr::I32LeU => |d, a, imm| Op::I32LeUImm { d, a, imm },
        Instr::I32GeS => |d, a, imm| Op::I32GeSImm { d, a, imm },
        Instr::I32GeU => |d, a, imm| Op::I32GeUImm { d, a, imm },
        Instr::I64Add => |d, a, imm| Op::I64AddImm { d, a, imm },
        Instr::I64Sub => |d, a, imm| Op::I64SubImm { d, a, imm },
        Instr::I64And => |d, a, imm| Op::I64AndImm { d, a, imm },
        Instr::I64Shl => |d, a, imm| Op::I64ShlImm { d, a, imm },
        Instr::I64ShrS => |d, a, imm| Op::I64ShrSImm { d, a, imm },
        Instr::I64ShrU => |d, a, imm| Op::I64ShrUImm { d, a, imm },
        _ => return None,
    };
    Some((mk, imm))
}

/// The most constants a function keeps in cells of their own.
const MAX_CONSTS: usize = 24;

/// The constants of `body` that ops will read from a cell, most used first (at most
/// `max`): those not consumed by an op with an immediate operand, a `local.set` or the
/// like, which never need a cell.
fn frequent_consts(body: &[Instr], max: usize) -> Vec<u64> {
    let mut counts: Vec<(u64, usize)> = Vec::new();
    for (i, instr) in body.iter().enumerate() {
        let v = match instr {
            Instr::I32Const { value } => u64::from(*value as u32),
            Instr::I64Const { value } => *value as u64,
            Instr::F32Const { value } => u64::from(value.0),
            Instr::F64Const { value } => value.0,
            _ => continue,
        };
        let next = body.get(i + 1);
        let absorbed = next.is_some_and(|n| imm_form(n, v).is_some())
            || matches!(
                next,
                Some(
                    Instr::LocalSet { .. }
                        | Instr::LocalTee { .. }
                        | Instr::GlobalSet { .. }
                        | Instr::Drop
                        | Instr::Return
                )
            );
        if absorbed {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| *c == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    // Most used first; ties in order of appearance (the sort is stable).
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.truncate(max);
    counts.into_iter().map(|(v, _)| v).collect()
}

/// The offset of a branch not patched yet (no patched branch is that far).
const UNPATCHED: i32 = i32::MIN;

/// Checks what the interpreter relies on to fetch ops without bounds checks: the code
/// ends with an op that does not fall through, every branch lands on an op of the code
/// (which also proves it was patched), and every `br_table`'s entries follow it.
fn check_code(code: &[Op]) -> std::result::Result<(), String> {
    if !matches!(
        code.last(),
        Some(Op::Return | Op::ReturnReg { .. } | Op::Br { .. } | Op::Unreachable)
    ) {
        return Err("the code falls through its end".into());
    }
    for (at, op) in code.iter().enumerate() {
        if let Some(offset) = branch_offset(op) {
            let target = at as i64 + i64::from(offset);
            if target < 0 || target >= code.len() as i64 {
                return Err(format!("op {at} branches to {target}"));
            }
        }
        if let Op::BrTable { len, .. } = op
            && (at + 1 + *len as usize >= code.len()
                || !code[at + 1..=at + 1 + *len as usize]
                    .iter()
                    .all(|e| matches!(e, Op::Br { .. })))
        {
            return Err(format!("br_table at op {at} lacks entries"));
        }
    }
    Ok(())
}

/// The offset of a branch op, to patch it. Every branching op is listed here.
fn branch_offset_mut(op: &mut Op) -> Option<&mut i32> {
    match op {
        Op::Br { offset }
        | Op::BrIfNez { offset, .. }
        | Op::BrIfEqz { offset, .. }
        | Op::BrI32Eq { offset, .. }
        | Op::BrI32Ne { offset, .. }
        | Op::BrI32LtS { offset, .. }
        | Op::BrI32LtU { offset, .. }
        | Op::BrI32GtS { offset, .. }
        | Op::BrI32GtU { offset, .. }
        | Op::BrI32LeS { offset, .. }
        | Op::BrI32LeU { offset, .. }
        | Op::BrI32GeS { offset, .. }
        | Op::BrI32GeU { offset, .. }
        | Op::BrI32EqImm { offset, .. }
        | Op::BrI32NeImm { offset, .. }
        | Op::BrI32LtSImm { offset, .. }
        | Op::BrI32LtUImm { offset, .. }
        | Op::BrI32GtSImm { offset, .. }
        | Op::BrI32GtUImm { offset, .. }
        | Op::BrI32LeSImm { offset, .. }
        | Op::BrI32LeUImm { offset, .. }
        | Op::BrI32GeSImm { offset, .. }
        | Op::BrI32GeUImm { offset, .. }
        | Op::BrI64Eqz { offset, .. }
        | Op::BrI64Nez { offset, .. }
        | Op::BrI64Eq { offset, .. }
        | Op::BrI64Ne { offset, .. }
        | Op::BrI64LtS { offset, .. }
        | Op::BrI64LtU { offset, .. }
        | Op::BrI64GtS { offset, .. }
        | Op::BrI64GtU { offset, .. }
        | Op::BrI64LeS { offset, .. }
        | Op::BrI64LeU { offset, .. }
        | Op::BrI64GeS { offset, .. }
        | Op::BrI64GeU { offset, .. }
        | Op::BrF64Eq { offset, .. }
        | Op::BrF64Ne { offset, .. }
        | Op::BrF64Lt { offset, .. }
        | Op::BrF64Gt { offset, .. }
        | Op::BrF64Le { offset, .. }
        | Op::BrF64Ge { offset, .. }
        | Op::BrF64NotLt { offset, .. }
        | Op::BrF64NotGt { offset, .. }
        | Op::BrF64NotLe { offset, .. }
        | Op::BrF64NotGe { offset, .. }
        | Op::AddImmBrI32Eq { offset, .. }
        | Op::AddImmBrI32Ne { offset, .. }
        | Op::AddImmBrI32LtS { offset, .. }
        | Op::AddImmBrI32LtU { offset, .. }
        | Op::AddImmBrI32GtS { offset, .. }
        | Op::AddImmBrI32GtU { offset, .. }
        | Op::AddImmBrI32LeS { offset, .. }
        | Op::AddImmBrI32LeU { offset, .. }
        | Op::AddImmBrI32GeS { offset, .. }
        | Op::AddImmBrI32GeU { offset, .. }
        | Op::AddImmBrI32EqImm { offset, .. }
        | Op::AddImmBrI32NeImm { offset, .. }
        | Op::AddImmBrI32LtSImm { offset, .. }
        | Op::AddImmBrI32LtUImm { offset, .. }
        | Op::AddImmBrI32GtSImm { offset, .. }
        | Op::AddImmBrI32GtUImm { offset, .. }
        | Op::AddImmBrI32LeSImm { offset, .. }
        | Op::AddImmBrI32LeUImm { offset, .. }
        | Op::AddImmBrI32GeSImm { offset, .. }
        | Op::AddImmBrI32GeUImm { offset, .. }
        | Op::AddBrI32Eq { offset, .. }
        | Op::AddBrI32Ne { offset, .. }
        | Op::AddBrI32LtS { offset, .. }
        | Op::AddBrI32LtU { offset, .. }
        | Op::AddBrI32GtS { offset, .. }
        | Op::AddBrI32GtU { offset, .. }
        | Op::AddBrI32LeS { offset, .. }
        | Op::AddBrI32LeU { offset, .. }
        | Op::AddBrI32GeS { offset, .. }
        | Op::AddBrI32GeU { offset, .. } => Some(offset),
        _ => None,
    }
}

/// Shortens the paths of branches in finished code, changing ops in place (so every
/// position stays where it was):
/// - a branch to a `Br` goes to that `Br`'s target instead (followed a few steps);
/// - a `Br` to a `Return` becomes that `Return`;
/// - a conditional branch followed by a `Br` back to a loop header (`br_if` out of a
///   loop, then `br` to its start) becomes the opposite branch to the header, followed
///   by a `Br` to where the first branch went (or its return): the loop's way then
///   takes one op instead of two. Only when nothing else jumps to the `Br`.
fn thread_jumps(code: &mut [Op]) {
    let len = code.len() as i64;
    let target = |code: &[Op], at: usize| -> Option<usize> {
        let t = at as i64 + i64::from(branch_offset(&code[at])?);
        (0..len).contains(&t).then_some(t as usize)
    };
    // The ops up to here are a `br_table`'s entries, which must stay `Br`s.
    let mut entries_end = 0;
    for at in 0..code.len() {
        if let Op::BrTable { len, .. } = code[at] {
            entries_end = at + 1 + len as usize;
        }
        let Some(mut t) = target(code, at) else {
            continue;
        };
        // A chain of `Br`s (at most a few, and never round a loop of them).
        for _ in 0..4 {
            match code[t] {
                Op::Br { .. } if t != at => match target(code, t) {
                    Some(next) if next != t => t = next,
                    _ => break,
                },
                _ => break,
            }
        }
        if let Some(offset) = branch_offset_mut(&mut code[at]) {
            *offset = (t as i64 - at as i64) as i32;
        }
        if matches!(code[at], Op::Br { .. })
            && at > entries_end
            && let op @ (Op::Return | Op::ReturnReg { .. }) = code[t]
        {
            code[at] = op;
        }
    }
    let mut targeted = vec![false; code.len()];
    for at in 0..code.len() {
        if let Some(t) = target(code, at) {
            targeted[t] = true;
        }
        if let Op::BrTable { len, .. } = code[at] {
            let end = (at + 2 + len as usize).min(code.len());
            targeted[at + 1..end].fill(true);
        }
    }
    for at in 0..code.len().saturating_sub(1) {
        if let Some(t) = target(code, at)
            && !targeted[at + 1]
            && let Op::Br { offset: back } = code[at + 1]
            && back < 0
            && let Some(inverse) = inverse_branch(code[at])
        {
            code[at] = inverse;
            if let Some(offset) = branch_offset_mut(&mut code[at]) {
                *offset = back + 1;
            }
            code[at + 1] = match code[t] {
                op @ (Op::Return | Op::ReturnReg { .. }) => op,
                _ => Op::Br {
                    offset: (t as i64 - (at as i64 + 1)) as i32,
                },
            };
        }
    }
}

/// The conditional branches in pairs that are each other's opposite (one is taken
/// exactly when the other is not), with their fields.
macro_rules! inverse_branches {
    ($( $x:ident $y:ident { $($f:ident),* }, )*) => {
        /// The branch taken exactly when `op` is not, with the same operands and
        /// offset; `None` if `op` is not a conditional branch.
        fn inverse_branch(op: Op) -> Option<Op> {
            Some(match op {
                $(
                    Op::$x { $($f),* } => Op::$y { $($f),* },
                    Op::$y { $($f),* } => Op::$x { $($f),* },
                )*
                _ => return None,
            })
        }
    };
}

inverse_branches! {
    BrIfNez BrIfEqz { cond, offset },
    BrI32Eq BrI32Ne { a, b, offset },
    BrI32LtS BrI32GeS { a, b, offset },
    BrI32LtU BrI32GeU { a, b, offset },
    BrI32GtS BrI32LeS { a, b, offset },
    BrI32GtU BrI32LeU { a, b, offset },
    BrI32EqImm BrI32NeImm { a, imm, offset },
    BrI32LtSImm BrI32GeSImm { a, imm, offset },
    BrI32LtUImm BrI32GeUImm { a, imm, offset },
    BrI32GtSImm BrI32LeSImm { a, imm, offset },
    BrI32GtUImm BrI32LeUImm { a, imm, offset },
    BrI64Eqz BrI64Nez { cond, offset },
    BrI64Eq BrI64Ne { a, b, offset },
    BrI64LtS BrI64GeS { a, b, offset },
    BrI64LtU BrI64GeU { a, b, offset },
    BrI64GtS BrI64LeS { a, b, offset },
    BrI64GtU BrI64LeU { a, b, offset },
    BrF64Eq BrF64Ne { a, b, offset },
    BrF64Lt BrF64NotLt { a, b, offset },
    BrF64Gt BrF64NotGt { a, b, offset },
    BrF64Le BrF64NotLe { a, b, offset },
    BrF64Ge BrF64NotGe { a, b, offset },
    AddImmBrI32Eq AddImmBrI32Ne { d, a, add, b, offset },
    AddImmBrI32LtS AddImmBrI32GeS { d, a, add, b, offset },
    AddImmBrI32LtU AddImmBrI32GeU { d, a, add, b, offset },
    AddImmBrI32GtS AddImmBrI32LeS { d, a, add, b, offset },
    AddImmBrI32GtU AddImmBrI32LeU { d, a, add, b, offset },
    AddImmBrI32EqImm AddImmBrI32NeImm { d, a, add, imm, offset },
    AddImmBrI32LtSImm AddImmBrI32GeSImm { d, a, add, imm, offset },
    AddImmBrI32LtUImm AddImmBrI32GeUImm { d, a, add, imm, offset },
    AddImmBrI32GtSImm AddImmBrI32LeSImm { d, a, add, imm, offset },
    AddImmBrI32GtUImm AddImmBrI32LeUImm { d, a, add, imm, offset },
    AddBrI32Eq AddBrI32Ne { d, a, b, c, offset },
    AddBrI32LtS AddBrI32GeS { d, a, b, c, offset },
    AddBrI32LtU AddBrI32GeU { d, a, b, c, offset },
    AddBrI32GtS AddBrI32LeS { d, a, b, c, offset },
    AddBrI32GtU AddBrI32LeU { d, a, b, c, offset },
}

/// The offset of a branch op.
fn branch_offset(op: &Op) -> Option<i32> {
    branch_offset_mut(&mut op.clone()).map(|o| *o)
}

fn unsupported<T>(what: &str) -> Result<T> {
    Err(TranslateError::Unsupported(format!(
        "{what} is not supported yet"
    )))
}

impl Translator<'_, '_> {
    fn frame(&self) -> &Frame {
        // There is always a frame while instructions remain (the validator ensures it).
        &self.frames[self.frames.len() - 1]
    }

    fn reachable(&self) -> bool {
        self.frames.last().is_some_and(|f| !f.unreachable)
    }

    fn emit(&mut self, op: Op) -> usize {
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

    fn reg(&self, pos: usize) -> Reg {
        // Frames larger than MAX_REGS are rejected at the end of translation.
        (self.first_temp + pos).min(MAX_REGS) as Reg
    }

    fn push(&mut self, o: Operand) {
        self.stack.push(o);
        self.max_height = self.max_height.max(self.stack.len());
    }

    /// Pushes a temporary and returns its cell.
    fn push_temp(&mut self) -> Reg {
        self.push(Operand::Temp);
        self.reg(self.stack.len() - 1)
    }

    /// Emits an op that writes the temporary on top, remembering it for retargeting.
    fn emit_result(&mut self, op: Op) {
        let at = self.emit(op);
        self.last_write = Some(at);
    }

    fn pop(&mut self) -> (Operand, usize) {
        let o = self.stack.pop().unwrap_or(Operand::Temp);
        (o, self.stack.len())
    }

    /// The cell holding `o` (at stack position `pos`), writing a constant into the
    /// position's own cell first.
    fn use_operand(&mut self, o: Operand, pos: usize) -> Reg {
        match o {
            Operand::Temp => self.reg(pos),
            Operand::Local(r) => r,
            Operand::Const(v) => match self.consts.iter().position(|&c| c == v) {
                Some(i) => (self.first_const + i) as Reg,
                None => {
                    let d = self.reg(pos);
                    self.emit_const(d, v);
                    d
                }
            },
        }
    }

    fn emit_const(&mut self, d: Reg, v: u64) {
        if v >> 32 == 0 {
            self.emit(Op::Const32 { d, v: v as u32 });
        } else {
            self.emit(Op::Const64 { d, v });
        }
    }

    /// Pops an operand and returns the cell it is in.
    fn pop_reg(&mut self) -> Reg {
        let (o, pos) = self.pop();
        self.use_operand(o, pos)
    }

    /// Puts the entry at `pos` into its own cell.
    fn materialize(&mut self, pos: usize) {
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
    fn materialize_top(&mut self, n: usize) {
        let len = self.stack.len();
        for pos in len.saturating_sub(n)..len {
            self.materialize(pos);
        }
    }

    /// Copies locals still pending on the stack, so that the next block sees only
    /// temporaries and constants below its own entries.
    fn materialize_locals(&mut self) {
        let from = self.frame().height;
        for pos in from..self.stack.len() {
            if matches!(self.stack[pos], Operand::Local(_)) {
                self.materialize(pos);
            }
        }
    }

    fn block_arity(&self, bt: BlockType) -> (usize, usize) {
        match bt {
            BlockType::Empty => (0, 0),
            BlockType::Value(_) => (0, 1),
            BlockType::Func(t) => self
                .ctx
                .module
                .types
                .get(t.index())
                .map_or((0, 0), |t| (t.params.len(), t.results.len())),
        }
    }

    fn push_frame(&mut self, kind: Kind, params: usize, results: usize) {
        let height = self.stack.len() - params.min(self.stack.len());
        let start = self.code.len();
        self.frames.push(Frame {
            kind,
            height,
            params,
            results,
            branches: Vec::new(),
            else_branch: None,
            start,
            unreachable: false,
            dead: false,
        });
    }

    fn patch(&mut self, at: usize, target: usize) {
        self.label = self.label.max(target);
        let offset = target as i32 - at as i32;
        if let Some(o) = branch_offset_mut(&mut self.code[at]) {
            *o = offset;
        }
    }

    /// Copies the top `n` values into the cells of positions `to..to + n`.
    fn transfer(&mut self, n: usize, to: usize) {
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
    fn cond_branch(&mut self, when: bool) -> usize {
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
            && dest(&self.code[at - 1]) == Some(a)
            && let Some(fused) = fuse(self.code[at - 1], !when)
        {
            self.unemit(at);
            self.code[at - 1] = fused;
            return self.add_branch(at - 1);
        }
        if o == Operand::Temp
            && let Some(at) = self.last_write
            && at + 1 == self.code.len()
            && dest(&self.code[at]) == Some(self.reg(pos))
            && let Some(fused) = fuse(self.code[at], when)
        {
            self.code[at] = fused;
            self.last_write = None;
            return self.add_branch(at);
        }
        let cond = self.use_operand(o, pos);
        if when {
            self.emit(Op::BrIfNez {
                cond,
                offset: UNPATCHED,
            })
        } else {
            self.emit(Op::BrIfEqz {
                cond,
                offset: UNPATCHED,
            })
        }
    }

    /// The compare-and-branch at `at`, the last op, fused with the `i32.add` before it
    /// when it compares that add's result and no label lies between. Returns the
    /// position of the branch op.
    fn add_branch(&mut self, at: usize) -> usize {
        if at == 0 || self.label >= at {
            return at;
        }
        match fuse_add_branch(self.code[at - 1], self.code[at]) {
            Some(op) => {
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
    fn needs_transfer(&self, depth: usize) -> bool {
        let f = &self.frames[self.frames.len() - 1 - depth];
        let n = self.label_arity(f);
        if f.kind == Kind::Func {
            return true;
        }
        let from = self.stack.len() - n;
        (n > 0 && from != f.height) || self.stack[from..].iter().any(|o| *o != Operand::Temp)
    }

    fn label_arity(&self, f: &Frame) -> usize {
        if f.kind == Kind::Loop {
            f.params
        } else {
            f.results
        }
    }

    /// Emits the moves and the jump of a branch to label `depth`.
    fn branch(&mut self, depth: usize) {
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
    fn emit_return(&mut self) {
        let n = self.results;
        let from = self.stack.len() - n;
        if n == 1 {
            let top = self.stack.len() - 1;
            match self.stack[top] {
                Operand::Temp => {
                    // The op that computed the result writes it to cell 0 directly.
                    if let Some(at) = self.last_write
                        && at + 1 == self.code.len()
                        && dest(&self.code[at]) == Some(self.reg(top))
                        && let Some(d) = dest_mut(&mut self.code[at])
                    {
                        *d = 0;
                        self.emit(Op::Return);
                    } else {
                        let s = self.reg(top);
                        self.emit(Op::ReturnReg { s });
                    }
                }
                Operand::Local(0) => {
                    self.emit(Op::Return);
                }
                Operand::Local(s) => {
                    self.emit(Op::ReturnReg { s });
                }
                Operand::Const(v) => {
                    self.emit_const(0, v);
                    self.emit(Op::Return);
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
        self.emit(Op::Return);
        self.stack[from..].copy_from_slice(&before);
    }

    /// Marks the rest of the current frame unreachable.
    fn set_unreachable(&mut self) {
        let h = self.frame().height;
        self.stack.truncate(h);
        if let Some(f) = self.frames.last_mut() {
            f.unreachable = true;
        }
    }

    fn fuel_point(&mut self) {
        let at = self.emit(Op::ConsumeFuel { amount: 0 });
        self.fuel = Some(at);
    }

    fn count_fuel(&mut self) {
        if let Some(at) = self.fuel
            && let Op::ConsumeFuel { amount } = &mut self.code[at]
        {
            *amount += 1;
        }
    }

    fn instr(&mut self, instr: &Instr) -> Result<()> {
        // Unreachable code: only the nesting matters. A construct that begins here is
        // dead as a whole: its `else` arm is as unreachable as its `then` arm, and its
        // end leaves the enclosing frame unreachable (and its simulated stack as it was).
        if !self.reachable() {
            let dead = self.frame().dead;
            match instr {
                Instr::Block { .. } | Instr::Loop { .. } | Instr::If { .. } => {
                    self.push_frame(Kind::Block, 0, 0);
                    if let Some(f) = self.frames.last_mut() {
                        f.unreachable = true;
                        f.dead = true;
                    }
                    return Ok(());
                }
                Instr::End if dead => {
                    self.frames.pop();
                    return Ok(());
                }
                Instr::Else | Instr::End if !dead => {}
                _ => return Ok(()),
            }
        }
        match instr {
            Instr::Unreachable => {
                self.emit(Op::Unreachable);
                self.set_unreachable();
            }
            Instr::Nop => {}
            Instr::Block { ty } => {
                // A label may be the target of branches: no op before it is retargeted.
                self.last_write = None;
                let (p, r) = self.block_arity(*ty);
                self.materialize_locals();
                self.push_frame(Kind::Block, p, r);
            }
            Instr::Loop { ty } => {
                // A back-edge can bring any value.
                self.zero_locals.clear();
                self.last_write = None;
                self.label = self.code.len();
                let (p, r) = self.block_arity(*ty);
                self.materialize_locals();
                self.materialize_top(p);
                self.push_frame(Kind::Loop, p, r);
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
                    self.stack.push(c);
                }
                let at = self.cond_branch(false);
                self.push_frame(Kind::If, p, r);
                if let Some(f) = self.frames.last_mut() {
                    f.else_branch = Some(at);
                }
            }
            Instr::Else => {
                let reachable = self.reachable();
                let (height, params, results) = {
                    let f = self.frame();
                    (f.height, f.params, f.results)
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
                for _ in 0..params {
                    self.push(Operand::Temp);
                }
                if let Some(f) = self.frames.last_mut() {
                    f.kind = Kind::Else;
                    f.unreachable = false;
                }
                self.last_write = None;
            }
            Instr::End => {
                let reachable = self.reachable();
                let Some(f) = self.frames.pop() else {
                    return Ok(());
                };
                if f.kind == Kind::Func {
                    if reachable {
                        self.emit_return();
                    }
                    return Ok(());
                }
                if reachable {
                    self.materialize_top(f.results);
                }
                let end = self.code.len();
                if let Some(at) = f.else_branch {
                    self.patch(at, end);
                }
                for &at in &f.branches {
                    self.patch(at, end);
                }
                self.stack.truncate(f.height);
                for _ in 0..f.results {
                    self.push(Operand::Temp);
                }
                self.last_write = None;
                if self.fuel_on {
                    self.fuel_point();
                }
            }
            Instr::Br { label } => {
                self.branch(label.index());
                self.set_unreachable();
            }
            Instr::BrIf { label } => {
                let depth = label.index();
                // The condition is popped before the branch moves anything.
                let cond = self.stack.pop();
                let needs_transfer = self.needs_transfer(depth);
                self.stack.extend(cond);
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
                let _ = table;
                self.set_unreachable();
            }
            Instr::Return => {
                self.emit_return();
                self.set_unreachable();
            }
            Instr::Call { func } => {
                let t = self.ctx.func_type(*func)?;
                let (np, nr) = (t.params.len(), t.results.len());
                self.materialize_top(np);
                let pos = self.stack.len() - np;
                let base = self.reg(pos);
                self.stack.truncate(pos);
                let imported = self.ctx.module.num_imported_funcs();
                self.emit(match func.0.checked_sub(imported) {
                    Some(index) => Op::CallLocal { index, base },
                    None => Op::Call { func: func.0, base },
                });
                for _ in 0..nr {
                    self.push(Operand::Temp);
                }
            }
            Instr::CallIndirect { ty, table } => {
                let t = &self.ctx.module.types[ty.index()];
                let (np, nr) = (t.params.len(), t.results.len());
                let index = self.pop_reg();
                self.materialize_top(np);
                let pos = self.stack.len() - np;
                let base = self.reg(pos);
                self.stack.truncate(pos);
                self.emit(Op::CallIndirect {
                    ty: ty.0,
                    table: table.0,
                    index,
                    base,
                });
                for _ in 0..nr {
                    self.push(Operand::Temp);
                }
            }
            Instr::Drop => {
                self.pop();
            }
            Instr::Select | Instr::SelectTyped { .. } => {
                if let Instr::SelectTyped { types } = instr
                    && types.first() == Some(&ValType::V128)
                {
                    return unsupported("v128 select");
                }
                let cond = self.pop_reg();
                let (b, bpos) = self.pop();
                let b = self.use_operand(b, bpos);
                let (a, apos) = self.pop();
                let a = self.use_operand(a, apos);
                let d = self.push_temp();
                self.emit_result(Op::Select { d, a, b, cond });
            }
            Instr::LocalGet { local } => self.push(Operand::Local(local.0 as Reg)),
            Instr::LocalSet { local } | Instr::LocalTee { local } => {
                let x = local.0 as Reg;
                let (o, pos) = self.pop();
                let zero = self.zero_locals.get(usize::from(x)).copied() == Some(true);
                if zero && o == Operand::Const(0) {
                    // The local still holds the zero it started with.
                    if matches!(instr, Instr::LocalTee { .. }) {
                        self.push(Operand::Local(x));
                    }
                    return Ok(());
                }
                if zero {
                    self.zero_locals[usize::from(x)] = false;
                }
                let pending = self.stack[self.frame().height..].contains(&Operand::Local(x));
                let retarget = o == Operand::Temp
                    && !pending
                    && self
                        .last_write
                        .is_some_and(|at| dest(&self.code[at]) == Some(self.reg(pos)));
                if retarget {
                    if let Some(at) = self.last_write
                        && let Some(d) = dest_mut(&mut self.code[at])
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
                self.emit(Op::GlobalSet {
                    s,
                    global: global.0,
                });
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
            Instr::I32Load { memarg } | Instr::F32Load { memarg } => {
                self.load(*memarg, |d, addr, offset| Op::I32Load { d, addr, offset })
            }
            Instr::I64Load { memarg } | Instr::F64Load { memarg } => {
                self.load(*memarg, |d, addr, offset| Op::I64Load { d, addr, offset })
            }
            Instr::I32Load8S { memarg } => {
                self.load(*memarg, |d, addr, offset| Op::I32Load8S { d, addr, offset })
            }
            Instr::I32Load8U { memarg } => {
                self.load(*memarg, |d, addr, offset| Op::I32Load8U { d, addr, offset })
            }
            Instr::I32Load16S { memarg } => self.load(*memarg, |d, addr, offset| Op::I32Load16S {
                d,
                addr,
                offset,
            }),
            Instr::I32Load16U { memarg } => self.load(*memarg, |d, addr, offset| Op::I32Load16U {
                d,
                addr,
                offset,
            }),
            Instr::I64Load8S { memarg } => {
                self.load(*memarg, |d, addr, offset| Op::I64Load8S { d, addr, offset })
            }
            Instr::I64Load8U { memarg } => {
                self.load(*memarg, |d, addr, offset| Op::I64Load8U { d, addr, offset })
            }
            Instr::I64Load16S { memarg } => self.load(*memarg, |d, addr, offset| Op::I64Load16S {
                d,
                addr,
                offset,
            }),
            Instr::I64Load16U { memarg } => self.load(*memarg, |d, addr, offset| Op::I64Load16U {
                d,
                addr,
                offset,
            }),
            Instr::I64Load32S { memarg } => self.load(*memarg, |d, addr, offset| Op::I64Load32S {
                d,
                addr,
                offset,
            }),
            Instr::I64Load32U { memarg } => self.load(*memarg, |d, addr, offset| Op::I64Load32U {
                d,
                addr,
                offset,
            }),
            Instr::I32Store { memarg } | Instr::F32Store { memarg } => {
                self.store(*memarg, |addr, s, offset| Op::I32Store { addr, s, offset })
            }
            Instr::I64Store { memarg } | Instr::F64Store { memarg } => {
                self.store(*memarg, |addr, s, offset| Op::I64Store { addr, s, offset })
            }
            Instr::I32Store8 { memarg } => {
                self.store(*memarg, |addr, s, offset| Op::I32Store8 { addr, s, offset })
            }
            Instr::I32Store16 { memarg } => self.store(*memarg, |addr, s, offset| Op::I32Store16 {
                addr,
                s,
                offset,
            }),
            Instr::I64Store8 { memarg } => {
                self.store(*memarg, |addr, s, offset| Op::I64Store8 { addr, s, offset })
            }
            Instr::I64Store16 { memarg } => self.store(*memarg, |addr, s, offset| Op::I64Store16 {
                addr,
                s,
                offset,
            }),
            Instr::I64Store32 { memarg } => self.store(*memarg, |addr, s, offset| Op::I64Store32 {
                addr,
                s,
                offset,
            }),
            Instr::MemorySize { .. } => {
                let d = self.push_temp();
                self.emit_result(Op::MemorySize { d });
            }
            Instr::MemoryGrow { .. } => {
                let delta = self.pop_reg();
                let d = self.push_temp();
                self.emit_result(Op::MemoryGrow { d, delta });
            }
            Instr::I32Const { value } => self.push(Operand::Const(u64::from(*value as u32))),
            Instr::I64Const { value } => self.push(Operand::Const(*value as u64)),
            Instr::F32Const { value } => self.push(Operand::Const(u64::from(value.0))),
            Instr::F64Const { value } => self.push(Operand::Const(value.0)),
            Instr::RefNull { .. } => self.push(Operand::Const(0)),
            Instr::RefIsNull => {
                let s = self.pop_reg();
                let d = self.push_temp();
                self.emit_result(Op::RefIsNull { d, s });
            }
            Instr::RefFunc { func } => {
                let d = self.push_temp();
                self.emit_result(Op::RefFunc { d, func: func.0 });
            }
            Instr::MemoryInit { data, .. } => {
                let (dst, src, len) = self.pop3();
                self.emit(Op::MemoryInit {
                    data: data.0,
                    dst,
                    src,
                    len,
                });
            }
            Instr::DataDrop { data } => {
                self.emit(Op::DataDrop { data: data.0 });
            }
            Instr::MemoryCopy { .. } => {
                let (dst, src, len) = self.pop3();
                self.emit(Op::MemoryCopy { dst, src, len });
            }
            Instr::MemoryFill { .. } => {
                let (dst, val, len) = self.pop3();
                self.emit(Op::MemoryFill { dst, val, len });
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
                if !self.numeric(other) {
                    return unsupported(other.name());
                }
            }
        }
        Ok(())
    }

    fn pop3(&mut self) -> (Reg, Reg, Reg) {
        let c = self.pop_reg();
        let b = self.pop_reg();
        let a = self.pop_reg();
        (a, b, c)
    }

    fn load(&mut self, m: MemArg, op: impl FnOnce(Reg, Reg, u32) -> Op) {
        let sum = self.address_sum();
        let addr = self.pop_reg();
        let d = self.push_temp();
        let plain = op(d, addr, m.offset);
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

    fn store(&mut self, m: MemArg, op: impl FnOnce(Reg, Reg, u32) -> Op) {
        let s = self.pop_reg();
        let sum = self.address_sum();
        let addr = self.pop_reg();
        let plain = op(addr, s, m.offset);
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
    fn address_sum(&self) -> Option<(usize, AddressSum)> {
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
    fn unemit(&mut self, at: usize) {
        self.code.truncate(at);
        self.offsets.truncate(at);
        self.last_write = None;
    }

    /// For a binary instruction about to be translated: the last op, its position and
    /// the stack position of the instruction's other operand, when that op wrote the
    /// temporary that is one of the two top operands (dead once the instruction consumes
    /// it) and the other operand is in a cell already. The two can then be one op.
    fn operand_of_last_op(&self) -> Option<(usize, Op, usize)> {
        let at = self.last_write?;
        let n = self.stack.len();
        if at + 1 != self.code.len() || n < 2 {
            return None;
        }
        let t = dest(&self.code[at])?;
        let is_t = |pos: usize| self.stack[pos] == Operand::Temp && self.reg(pos) == t;
        let in_cell = |pos: usize| match self.stack[pos] {
            Operand::Const(v) => self.consts.contains(&v),
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
    fn pop_operands(&mut self, other: usize) -> Reg {
        let y = self.pop_reg();
        let x = self.pop_reg();
        if other == self.stack.len() { x } else { y }
    }

    /// An `i32.add` with an operand that the op just before computed into a temporary,
    /// an `i32.lt_u` or `i32.lt_s`: both become `I32AddLtU` or `I32AddLtS` (the
    /// temporary is dead: the add consumed it). The other operand must be in a cell.
    fn i32_add_lt(&mut self, instr: &Instr) -> bool {
        if *instr != Instr::I32Add {
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
    /// an `i32.shl` by a constant: both become `I32AddShl` (the temporary is dead: the
    /// add consumed it). If the other operand is a temporary that an `i32.add` of a
    /// constant computed just before that, the three become `I32AddShlImm`. The other
    /// operand must be in a cell already.
    fn i32_add_shl(&mut self, instr: &Instr) -> bool {
        if *instr != Instr::I32Add {
            return false;
        }
        let Some((at, Op::I32ShlImm { a: x, imm, .. }, other)) = self.operand_of_last_op() else {
            return false;
        };
        let scale = 1u32 << (imm & 31);
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

    /// An `f64.add`, `f64.sub` or `f64.mul` with an operand that the op just before
    /// computed into a temporary, itself an `f64.add`, `f64.sub` or `f64.mul`: both become
    /// one op (`F64MulAdd` and the like), which reads the first op's operands, rounds its
    /// result as it would, and never writes it to a cell (the temporary is dead: the
    /// second op consumed it). The other operand must be in a cell already.
    fn f64_pair(&mut self, instr: &Instr) -> bool {
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

    /// A binary operation whose right operand is a constant that fits an immediate op.
    fn binop_imm(&mut self, instr: &Instr) -> bool {
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

macro_rules! define_numeric_translation {
    ($( $name:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*) => {
        impl Translator<'_, '_> {
            /// Translates a numeric instruction; `false` if `instr` is not one.
            fn numeric(&mut self, instr: &Instr) -> bool {
                if self.binop_imm(instr)
                    || self.f64_pair(instr)
                    || self.i32_add_shl(instr)
                    || self.i32_add_lt(instr)
                {
                    return true;
                }
                match instr {
                    $( Instr::$name => {
                        numeric_operands!(self, $name; $($arg),*);
                        true
                    } )*
                    _ => false,
                }
            }
        }

        /// The cell an op writes its result to, if it writes one.
        fn dest(op: &Op) -> Option<Reg> {
            dest_mut(&mut op.clone()).map(|d| *d)
        }

        /// The destination cell of an op that writes one result, to retarget it.
        fn dest_mut(op: &mut Op) -> Option<&mut Reg> {
            match op {
                $( Op::$name { d, .. } => Some(d), )*
                Op::I32Load { d, .. } | Op::I64Load { d, .. } | Op::I32Load8S { d, .. }
                | Op::I32Load8U { d, .. } | Op::I32Load16S { d, .. } | Op::I32Load16U { d, .. }
                | Op::I64Load8S { d, .. } | Op::I64Load8U { d, .. } | Op::I64Load16S { d, .. }
                | Op::I64Load16U { d, .. } | Op::I64Load32S { d, .. } | Op::I64Load32U { d, .. }
                | Op::GlobalGet { d, .. } | Op::Select { d, .. } | Op::MemorySize { d }
                | Op::MemoryGrow { d, .. } | Op::TableGet { d, .. } | Op::TableSize { d, .. }
                | Op::TableGrow { d, .. } | Op::RefIsNull { d, .. } | Op::RefFunc { d, .. }
                | Op::I32AddImm { d, .. } | Op::I32SubImm { d, .. } | Op::I32AndImm { d, .. }
                | Op::I32OrImm { d, .. } | Op::I32XorImm { d, .. } | Op::I32ShlImm { d, .. }
                | Op::I32ShrSImm { d, .. } | Op::I32ShrUImm { d, .. } | Op::I32MulImm { d, .. }
                | Op::I32EqImm { d, .. } | Op::I32NeImm { d, .. } | Op::I32LtSImm { d, .. }
                | Op::I32LtUImm { d, .. } | Op::I32GtSImm { d, .. } | Op::I32GtUImm { d, .. }
                | Op::I32LeSImm { d, .. } | Op::I32LeUImm { d, .. } | Op::I32GeSImm { d, .. }
                | Op::I32GeUImm { d, .. } | Op::I64AddImm { d, .. } | Op::I64SubImm { d, .. }
                | Op::I64AndImm { d, .. } | Op::I64ShlImm { d, .. } | Op::I64ShrSImm { d, .. }
                | Op::I64ShrUImm { d, .. } | Op::I32AddShl { d, .. }
                | Op::I32AddShlImm { d, .. } | Op::I32AddLtU { d, .. }
                | Op::I32AddLtS { d, .. } => Some(d),
                Op::F64AddAdd { d, .. } | Op::F64AddSub { d, .. } | Op::F64AddMul { d, .. }
                | Op::F64SubAdd { d, .. } | Op::F64SubSub { d, .. } | Op::F64SubMul { d, .. }
                | Op::F64MulAdd { d, .. } | Op::F64MulSub { d, .. } | Op::F64MulMul { d, .. }
                | Op::F64AddAddR { d, .. } | Op::F64AddSubR { d, .. } | Op::F64AddMulR { d, .. }
                | Op::F64SubAddR { d, .. } | Op::F64SubSubR { d, .. } | Op::F64SubMulR { d, .. }
                | Op::F64MulAddR { d, .. } | Op::F64MulSubR { d, .. }
                | Op::F64MulMulR { d, .. } => Some(d),
                other => fused_load_dest(other),
            }
        }
    };
}

/// An f64 operation that `F64MulAdd` and the like combine.
#[derive(Clone, Copy)]
enum Arith {
    Add,
    Sub,
    Mul,
}

/// `d = (a first b) second c`, or with `right`, `d = c second (a first b)`.
fn f64_pair_op(first: Arith, second: Arith, right: bool, d: Reg, a: Reg, b: Reg, c: Reg) -> Op {
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
enum AddressSum {
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
fn fuse_address(
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
        fn fuse_load(plain: Op, sum: AddressSum) -> Option<Op> {
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
        fn fuse_store(plain: Op, sum: AddressSum) -> Option<Op> {
            Some(match (plain, sum) {
                $(
                    (Op::$s { s, offset, .. }, AddressSum::Regs(a, b)) => Op::$sa { a, b, s, offset },
                    (Op::$s { s, offset, .. }, AddressSum::Imm(a, imm)) => Op::$si { a, s, imm, offset },
                    (Op::$s { s, offset, .. }, AddressSum::Shl(a, b, scale)) => Op::$ss { a, b, s, scale, offset },
                )*
                _ => return None,
            })
        }

        /// The cell a fused load writes, to retarget it.
        fn fused_load_dest(op: &mut Op) -> Option<&mut Reg> {
            match op {
                $( Op::$la { d, .. } | Op::$li { d, .. } | Op::$ls { d, .. } => Some(d), )*
                Op::I32LoadAddShlImm { d, .. } => Some(d),
                _ => None,
            }
        }
    };
}

fused_memory! {
    loads: I32Load I32LoadAdd I32LoadAddImm I32LoadAddShl,
        I64Load I64LoadAdd I64LoadAddImm I64LoadAddShl,
        I32Load8S I32Load8SAdd I32Load8SAddImm I32Load8SAddShl,
        I32Load8U I32Load8UAdd I32Load8UAddImm I32Load8UAddShl,
        I32Load16S I32Load16SAdd I32Load16SAddImm I32Load16SAddShl,
        I32Load16U I32Load16UAdd I32Load16UAddImm I32Load16UAddShl;
    stores: I32Store I32StoreAdd I32StoreAddImm I32StoreAddShl,
        I64Store I64StoreAdd I64StoreAddImm I64StoreAddShl,
        I32Store8 I32Store8Add I32Store8AddImm I32Store8AddShl,
        I32Store16 I32Store16Add I32Store16AddImm I32Store16AddShl
}

/// The fused branch for a condition computed by `op`, taken when the condition is
/// `when` (true: non-zero). Taken when false, it is the opposite branch (see
/// [`inverse_branch`]: for f64, `not lt` and the like, which a NaN takes).
fn fuse(op: Op, when: bool) -> Option<Op> {
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
        inverse_branch(taken_when_true)
    }
}

macro_rules! numeric_operands {
    ($t:ident, $name:ident; $a:ident) => {{
        let $a = $t.pop_reg();
        let d = $t.push_temp();
        $t.emit_result(Op::$name { d, $a });
    }};
    ($t:ident, $name:ident; $a:ident, $b:ident) => {{
        let $b = $t.pop_reg();
        let $a = $t.pop_reg();
        let d = $t.push_temp();
        $t.emit_result(Op::$name { d, $a, $b });
    }};
}

crate::for_each_numeric!(define_numeric_translation);

/// Fuses an `i32.add` into the compare-and-branch after it that compares its result
/// (`d` below). A row: a branch, its immediate form and the branch with its operands
/// swapped (`b < d` is `d > b`), then the fused forms: an add of a constant, with a
/// register or constant compared, and an add of two registers.
macro_rules! add_branches {
    ($( $br:ident $br_imm:ident $swapped:ident => $ai:ident $ai_imm:ident $ar:ident; )*) => {
        /// `br`, a compare-and-branch, with the `i32.add` before it, `add`, if `br`
        /// compares the sum.
        fn fuse_add_branch(add: Op, br: Op) -> Option<Op> {
            Some(match (add, br) {
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

//! Translation of a validated function body to register bytecode.
//!
//! Files by job: `stack` (the simulated operand stack), `control` (blocks, branches,
//! returns, fuel checkpoints), `lower` (instructions to ops), `fusion` (immediate forms
//! and fused ops), `threading` (jump threading on finished code, and the pairs), `finish`
//! (the last pass: cells numbered as the frame has them, pairs made, and the check that
//! lets the interpreter fetch ops unchecked).
//!
//! The wasm operand stack is simulated at translation time. Position `i` of the stack
//! owns cell `first_temp + i`; an entry is either a value already in its cell (`Temp`),
//! a local (`Local`: no copy was made) or a constant (`Const`: not yet written
//! anywhere). Ops read locals and temporaries directly, so `local.get` and constants
//! cost nothing until a value must be in a particular cell: at block boundaries, for
//! calls, and when a local is overwritten while an earlier read of it is pending.

use crate::ops::{MAX_MEMORIES, MAX_REGS, MemSel, Op, Reg, WIDE};
use awe_module::*;
use awe_validate::{Context, ValidationError};
use std::cell::RefCell;
use std::fmt;

mod control;
mod finish;
mod fusion;
mod gc;
mod lower;
mod stack;
mod threading;
mod vector;

pub(crate) use finish::check_code;
use finish::{Cells, finish};
use fusion::*;
use stack::SimStack;
use threading::thread_jumps;

/// `CompiledFunc::init` is exactly this many cells when it needs no more (most callees'
/// case, which a call copies without a branch on the length)...
pub const INIT_SMALL: usize = 4;

/// ... or else at least `INIT_MIN` cells, which a call's fast path copies without a
/// branch on the length, and whole groups of `INIT_GROUP`.
pub const INIT_MIN: usize = 2 * INIT_GROUP;

/// See [`INIT_MIN`].
pub const INIT_GROUP: usize = 8;

/// A function body translated to bytecode.
#[derive(Debug)]
pub struct CompiledFunc {
    /// The code.
    pub code: Box<[Op]>,
    /// The function's index in its module's function space (imports first).
    pub func_index: u32,
    /// The cells the parameters take (cells `0..params`; a `v128` takes two).
    pub params: u16,
    /// The cells of the declared locals after the parameters, zeroed on entry.
    pub locals: u16,
    /// What the cells after the parameters hold on entry: zero for each declared local,
    /// then constants, which ops read there instead of writing each constant into a
    /// temporary every time it is used; padded with zeros to `INIT_SMALL` cells, or
    /// to at least `INIT_MIN` cells and a multiple of `INIT_GROUP`.
    pub init: Box<[u64]>,
    /// The cells the results take (returned in cells `0..results`).
    pub results: u16,
    /// Cells the frame needs.
    pub frame_size: u32,
    /// For each op, the byte offset of the instruction it came from (when the module
    /// was decoded from a binary).
    pub offsets: Box<[u32]>,
    /// The `try_table`s, innermost first where they nest (each is recorded at its end).
    pub handlers: Box<[Handler]>,
    /// Their `catch` clauses.
    pub catches: Box<[CatchPad]>,
    /// Where GC's references are, for the collector: the cells of the locals that may
    /// hold one, and for each op where a collection may find the frame (a call, an
    /// allocation), by its index in ascending order, the other cells that hold one
    /// there. `None` when not known (a module without struct or array types, or code
    /// read from a precompiled module): the collector then takes every cell of the
    /// frame for a possible reference.
    pub stack_maps: Option<StackMaps>,
}

/// See [`CompiledFunc::stack_maps`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackMaps {
    /// The locals' cells that may hold a reference to an object.
    pub locals: Box<[Reg]>,
    /// For each safepoint op (ascending), the temporaries' cells that do.
    pub points: Box<[(u32, Box<[Reg]>)]>,
}

impl StackMaps {
    /// The temporaries' cells holding references at op `at`, if it is a safepoint.
    pub fn at(&self, at: u32) -> Option<&[Reg]> {
        self.points
            .binary_search_by_key(&at, |p| p.0)
            .ok()
            .map(|i| &*self.points[i].1)
    }
}

/// A `try_table` of a function's code: the ops of its body, `start..end`, and its
/// `catch` clauses, `CompiledFunc::catches[first..first + count]`, in order. An
/// exception thrown by an op of the body (or by a call there) is caught by the first
/// clause that matches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    /// The first op of the body.
    pub start: u32,
    /// One past its last op.
    pub end: u32,
    /// The first clause.
    pub first: u32,
    /// How many clauses.
    pub count: u32,
}

/// A `catch` clause: which exceptions it catches, and where the code that takes one to
/// the clause's label starts (its pad), which finds the payload, then the exception's
/// reference for a `_ref` clause, in cells `base..base + cells`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatchPad {
    /// The tag (an index in the instance's tag space); `None` for `catch_all`.
    pub tag: Option<u32>,
    /// Whether the exception's reference is passed too.
    pub with_ref: bool,
    /// The pad's first op.
    pub pad: u32,
    /// The first cell of what is passed.
    pub base: Reg,
    /// How many cells are passed.
    pub cells: u16,
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

impl From<awe_binary::DecodeError> for TranslateError {
    fn from(e: awe_binary::DecodeError) -> Self {
        TranslateError::Invalid(ValidationError::from(e))
    }
}

impl From<ValidationError> for TranslateError {
    fn from(e: ValidationError) -> Self {
        TranslateError::Invalid(e)
    }
}

impl From<ValidationError> for Box<TranslateError> {
    fn from(e: ValidationError) -> Self {
        Box::new(TranslateError::Invalid(e))
    }
}

/// What the translation of one instruction returns: an error is boxed, so that the
/// result is one word.
type Result<T, E = Box<TranslateError>> = std::result::Result<T, E>;

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

/// A construct being translated: the function body, a `block`, `loop`, `if` or `else`
/// (the translator's control stack; the interpreter's call frames are `exec::Frame`).
#[derive(Debug)]
struct ControlFrame {
    kind: Kind,
    /// The block's type (`Empty` for the function's frame), whose results (or, for an
    /// `else`, parameters) are pushed again at its end.
    ty: BlockType,
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
    stack: SimStack,
    frames: Vec<ControlFrame>,
    /// The first temporary's cell while translating: the one after the locals and the
    /// cells of the results (which `return` writes by number); the constants' cells go
    /// between the locals and the temporaries when translation is done (`place_consts`).
    first_temp: usize,
    /// The constants with a cell of their own, in the order ops first read them (at
    /// most `MAX_CONSTS`; constant `i` is in cell `const_cell(i)` while translating).
    consts: Vec<u64>,
    /// How many of them are `v128` pairs (at most `MAX_V128_CONSTS`).
    const_pairs: usize,
    /// The last position branches may land on (ops before it cannot be fused with ops
    /// after it).
    label: usize,
    /// Declared locals not written yet, in code before any loop: they still hold zero
    /// on every path here (control flow before the first loop only goes forward).
    zero_locals: Vec<bool>,
    /// Each local's first cell and whether it is a `v128` (two cells), when the function
    /// has a `v128` local; empty when local `i` is cell `i`.
    local_cells: Vec<(Reg, bool)>,
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
    /// Frames' vectors of branches not in use, for the next frames.
    spare: Vec<Vec<usize>>,
    /// Where the branches are (each recorded when it is patched, as every branch is).
    branches: Vec<usize>,
    /// Where the `br_table`s are, with their numbers of entries besides the default.
    tables: Vec<(usize, usize)>,
    /// Byte offset of the instruction being translated.
    offset: u32,
    /// The offset of each op's instruction.
    offsets: Vec<u32>,
    /// The number of imported functions (a call to function `imported + i` is a call to
    /// defined function `i`).
    imported_funcs: u32,
    /// Whether memory 0 (if any) has 64-bit addresses: then no access is plain (see
    /// `plain_memory`).
    mem0_wide: bool,
    /// The `try_table`s whose end has been translated, and their clauses.
    handlers: Vec<Handler>,
    catches: Vec<CatchPad>,
    /// The `try_table`s being translated: their control frame's index and `Handler`
    /// (its end to be set).
    open_tries: Vec<(usize, Handler)>,
    /// For stack maps: the function validated along, instruction by instruction after
    /// the translator, for its operands' types (only for modules with struct or array
    /// types).
    shadow: Option<awe_validate::FuncValidator<'c, 'm>>,
    /// The stack maps' points so far (see `CompiledFunc::stack_maps`), and whether the
    /// two stacks always agreed (else the maps are not used).
    maps: Vec<(u32, Box<[Reg]>)>,
    maps_ok: bool,
}

impl Checkpoints {
    /// Where the code of runtimes with `config` gets checkpoints: at every block with
    /// fuel, at loop headers when interruptible, else none.
    pub(crate) fn for_config(config: &crate::Config) -> Self {
        if config.fuel {
            Checkpoints::Fuel
        } else if config.interruptible {
            Checkpoints::Loops
        } else {
            Checkpoints::None
        }
    }
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
    Fuel,
}

/// Translates function `index` of the module, with `checkpoints`. The body must have
/// been validated (as every body of a `ValidModule` was): it is not validated again.
pub fn translate(
    ctx: &Context<'_>,
    index: FuncIdx,
    func: &Func,
    checkpoints: Checkpoints,
) -> std::result::Result<CompiledFunc, TranslateError> {
    let fuel = checkpoints == Checkpoints::Fuel;
    let locate = |e: ValidationError, i: Option<usize>, offset: Option<u32>| {
        let mut e = e;
        e.func = Some(index);
        e.instr = i;
        e.offset = offset.map(|o| o as usize);
        TranslateError::Invalid(e)
    };
    let ty = ctx.func_type(index).map_err(|e| locate(e, None, None))?;
    if ctx.spaces().memories.len() > MAX_MEMORIES {
        return Err(TranslateError::Unsupported(format!(
            "the module has more than {MAX_MEMORIES} memories"
        )));
    }
    // Validation bounded the locals (`awe_validate::MAX_LOCALS`). Counted in cells: a
    // `v128` takes two.
    let declared: u64 = func
        .locals
        .iter()
        .map(|l| u64::from(l.count) * l.ty.cells() as u64)
        .sum();
    let params = ty.param_cells();
    let nlocals = params + declared as usize;
    if nlocals >= MAX_REGS {
        return Err(TranslateError::Unsupported(format!(
            "function {index} has more than {MAX_REGS} locals"
        )));
    }
    let mut scratch = SCRATCH.with(RefCell::take);
    // Where each local is, when a `v128` makes locals and cells differ.
    if ty.params.contains(&ValType::V128) || func.locals.iter().any(|l| l.ty == ValType::V128) {
        let mut cell = 0;
        let types = ty.params.iter().copied().chain(
            func.locals
                .iter()
                .flat_map(|l| std::iter::repeat_n(l.ty, l.count as usize)),
        );
        for t in types {
            scratch.local_cells.push((cell as Reg, t == ValType::V128));
            cell += t.cells();
        }
    }
    // Room for what most functions need, so that nothing grows one step at a time
    // (instructions but a few take two bytes or more, and most make one op or none).
    let size = match &func.encoded {
        Some(enc) => enc.range().len() / 2,
        None => func.body.len(),
    };
    scratch.code.reserve(size);
    scratch.offsets.reserve(size);
    scratch
        .zero_locals
        .extend((0..nlocals).map(|i| i >= params));
    let mut t = Translator {
        ctx,
        code: scratch.code,
        stack: scratch.stack,
        frames: scratch.frames,
        spare: scratch.spare,
        first_temp: nlocals.max(ty.result_cells()),
        consts: scratch.consts,
        const_pairs: 0,
        label: 0,
        zero_locals: scratch.zero_locals,
        max_height: 0,
        results: ty.result_cells(),
        local_cells: scratch.local_cells,
        last_write: None,
        fuel: None,
        fuel_on: fuel,
        loop_checkpoints: checkpoints != Checkpoints::None,
        branches: scratch.branches,
        tables: scratch.tables,
        offset: 0,
        offsets: scratch.offsets,
        imported_funcs: ctx.module.num_imported_funcs(),
        mem0_wide: ctx
            .spaces()
            .memories
            .first()
            .is_some_and(|m| m.address.is_64()),
        handlers: Vec::new(),
        catches: Vec::new(),
        open_tries: Vec::new(),
        shadow: if ctx.module.types.iter().any(|t| t.as_func().is_none()) {
            awe_validate::FuncValidator::new(ctx, func).ok()
        } else {
            None
        },
        maps: Vec::new(),
        maps_ok: true,
    };
    let branches = t.spare.pop().unwrap_or_default();
    t.frames.push(ControlFrame {
        kind: Kind::Func,
        ty: BlockType::Empty,
        height: 0,
        params: 0,
        results: ty.result_cells(),
        branches,
        else_branch: None,
        start: 0,
        unreachable: false,
        dead: false,
    });
    if fuel {
        t.fuel_point();
    }
    // An encoded body is translated as it is decoded, one instruction at a time.
    awe_binary::visit_body(func, &mut t, |i, offset, r| {
        r.map_err(|e| match *e {
            TranslateError::Invalid(e) => locate(e, Some(i), offset),
            other => other,
        })
    })?;
    // The interpreter fetches ops without bounds checks; `finish` proves it may.
    if !matches!(
        t.code.last(),
        Some(Op::Return {} | Op::ReturnReg { .. } | Op::Br { .. } | Op::Unreachable {})
    ) {
        t.emit(Op::Unreachable {});
    }
    t.branches.sort_unstable();
    t.branches.dedup();
    thread_jumps(&mut t.code, &t.branches, &t.tables, &mut scratch.targeted);
    let nconsts = t.consts.len();
    let frame_size = nlocals + nconsts + t.max_height.max(t.results);
    // While translating, the temporaries came after the results' cells and before the
    // constants' (a frame this large cannot be numbered so).
    if frame_size > MAX_REGS || t.first_temp + t.max_height + nconsts > MAX_REGS {
        return Err(TranslateError::Unsupported(format!(
            "function {index} needs more than {MAX_REGS} cells"
        )));
    }
    let cells = Cells {
        nlocals,
        first_temp: t.first_temp,
        nconsts,
    };
    finish(&mut t.code, &cells).map_err(|e| {
        TranslateError::Unsupported(format!("internal error in function {index}: {e}"))
    })?;
    for c in &mut t.catches {
        cells.place_cell(&mut c.base);
    }
    let stack_maps = t.stack_maps(&cells);
    // The code of a small function is copied out of the scratch vectors, which stay for
    // the next; a large one's are kept as they are (shrunk in place), and not kept.
    let (code, offsets) = if t.code.capacity() <= SCRATCH_OPS {
        (t.code[..].into(), t.offsets[..].into())
    } else {
        (
            std::mem::take(&mut t.code).into_boxed_slice(),
            std::mem::take(&mut t.offsets).into_boxed_slice(),
        )
    };
    let compiled = CompiledFunc {
        offsets,
        code,
        func_index: index.0,
        params: params as u16,
        locals: (nlocals - params) as u16,
        init: {
            let declared = nlocals - params;
            // `INIT_SMALL` cells, or at least `INIT_MIN` and whole groups: a call copies
            // one of the two sizes whatever the length, and groups beyond (the padding
            // lands on the callee's temporaries, which are written before they are
            // read, or beyond its frame, in the window every frame has).
            let len = declared + nconsts;
            let padded = if len <= INIT_SMALL {
                INIT_SMALL
            } else {
                len.max(INIT_MIN).next_multiple_of(INIT_GROUP)
            };
            let mut init = vec![0; padded];
            init[declared..len].copy_from_slice(&t.consts);
            init.into_boxed_slice()
        },
        results: ty.result_cells() as u16,
        frame_size: frame_size as u32,
        handlers: std::mem::take(&mut t.handlers).into_boxed_slice(),
        catches: std::mem::take(&mut t.catches).into_boxed_slice(),
        stack_maps,
    };
    t.keep_scratch(scratch.targeted);
    Ok(compiled)
}

/// The vectors a translation works in, kept between the translations of a thread so that
/// translating many small functions does not allocate them each time (emptied, and
/// dropped instead when a large function made them large).
#[derive(Default)]
struct Scratch {
    code: Vec<Op>,
    offsets: Vec<u32>,
    stack: SimStack,
    frames: Vec<ControlFrame>,
    spare: Vec<Vec<usize>>,
    consts: Vec<u64>,
    zero_locals: Vec<bool>,
    local_cells: Vec<(Reg, bool)>,
    branches: Vec<usize>,
    tables: Vec<(usize, usize)>,
    targeted: Vec<bool>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// The most ops whose room a thread keeps for its next translation (1 MiB).
const SCRATCH_OPS: usize = 1 << 16;

impl Translator<'_, '_> {
    /// Gives the translator's vectors back to the thread's scratch, emptied.
    fn keep_scratch(self, mut targeted: Vec<bool>) {
        if self.stack.capacity() > SCRATCH_OPS || targeted.capacity() > SCRATCH_OPS {
            return;
        }
        let mut spare = self.spare;
        let mut frames = self.frames;
        for mut f in frames.drain(..) {
            f.branches.clear();
            spare.push(f.branches);
        }
        targeted.clear();
        let scratch = Scratch {
            code: clear(self.code),
            offsets: clear(self.offsets),
            stack: {
                let mut stack = self.stack;
                stack.clear();
                stack
            },
            frames,
            spare,
            consts: clear(self.consts),
            zero_locals: clear(self.zero_locals),
            local_cells: clear(self.local_cells),
            branches: clear(self.branches),
            tables: clear(self.tables),
            targeted,
        };
        SCRATCH.with(|s| *s.borrow_mut() = scratch);
    }
}

fn clear<T>(mut v: Vec<T>) -> Vec<T> {
    v.clear();
    v
}

/// The cell of constant `i` while a function is translated: counted down from the last
/// cell, so that the number of constants need not be known before the temporaries
/// are numbered.
fn const_cell(i: usize) -> Reg {
    (MAX_REGS - 1 - i) as Reg
}

/// The offset of a branch not patched yet (no patched branch is that far).
const UNPATCHED: i32 = i32::MIN;

fn unsupported<T>(what: &str) -> Result<T> {
    Err(Box::new(TranslateError::Unsupported(format!(
        "{what} is not supported yet"
    ))))
}

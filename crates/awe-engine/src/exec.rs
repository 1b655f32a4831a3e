//! The interpreter: one loop over register bytecode for all wasm frames of a call.
//!
//! Calls between wasm functions push a frame on an explicit stack instead of
//! recursing on the native stack, so deep recursion ends in "call stack exhausted" at
//! the configured depth whatever the host thread's stack. Only host functions that
//! call back into wasm nest the loop.

use crate::num;
use crate::ops::Op;
use crate::runtime::{CodeCache, FuncAddr, FuncKind, InstanceAddr, Runtime};
use crate::translate::CompiledFunc;
use crate::trap::{BacktraceFrame, Trap, TrapCode, TrapReason};

/// The embedder's side of a call: the runtime, and the host functions.
pub trait Host {
    /// The runtime.
    fn runtime(&mut self) -> &mut Runtime;

    /// Calls host function `id` (see [`FuncKind::Host`]) with `args`, writing its
    /// results into `results` (both as cells, typed by the function's type).
    /// `caller` is the instance whose code made the call (`None` from the embedder).
    fn call_host(
        &mut self,
        id: u32,
        caller: Option<InstanceAddr>,
        args: &[u64],
        results: &mut [u64],
    ) -> Result<(), Trap>;
}

/// A value in a cell.
trait Cell: Copy {
    fn from_cell(c: u64) -> Self;
    fn to_cell(self) -> u64;
}

impl Cell for i32 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        c as u32 as i32
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        u64::from(self as u32)
    }
}

impl Cell for i64 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        c as i64
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        self as u64
    }
}

impl Cell for f32 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        f32::from_bits(c as u32)
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Cell for f64 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        f64::from_bits(c)
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        self.to_bits()
    }
}

/// A numeric result, trapping or not.
trait Outcome<T> {
    fn outcome(self) -> Result<T, TrapCode>;
}

macro_rules! outcomes {
    ($($t:ty),*) => {$(
        impl Outcome<$t> for $t {
            #[inline(always)]
            fn outcome(self) -> Result<$t, TrapCode> {
                Ok(self)
            }
        }
        impl Outcome<$t> for Result<$t, TrapCode> {
            #[inline(always)]
            fn outcome(self) -> Result<$t, TrapCode> {
                self
            }
        }
    )*};
}
outcomes!(i32, i64, f32, f64);

/// An active wasm call. The frames of a call from the host are a stack whose last
/// element is the running frame: a call pushes one, a return pops one, and nothing is
/// copied back and forth (the running frame's fields are read where they were written).
#[derive(Clone, Copy)]
struct Frame {
    /// The next op, in `compiled.code`; up to date only when the frame is not running
    /// (it called, or the threaded code stopped). A frame resumes only after an op that
    /// is not its code's last (a call or an op that needs `run`), so this is an op of
    /// the code whenever the frame resumes.
    ip: *const Op,
    /// The function's code, owned by the function's `ModuleCode`, which the runtime keeps
    /// as long as the function (`Runtime::funcs` only grows).
    compiled: *const CompiledFunc,
    /// Cell 0 of the frame in the value stack.
    base: usize,
    instance: InstanceAddr,
}

/// Calls `func` with `args`, writing its results into `results`.
pub fn call<H: Host>(
    h: &mut H,
    func: FuncAddr,
    args: &[u64],
    results: &mut [u64],
) -> Result<(), Trap> {
    let rt = h.runtime();
    let Some(f) = rt.funcs.get(func.0 as usize) else {
        return Err(Trap::from_reason(TrapReason::Unsupported(format!(
            "no function at address {}",
            func.0
        ))));
    };
    if let FuncKind::Host { id } = f.kind {
        return h.call_host(id, None, args, results);
    }
    // Each entry from the host nests the interpreter on the native stack (a host
    // function called it): refuse while there is still room to unwind.
    if crate::native_stack::remaining().is_some_and(|left| left < rt.config.min_native_stack) {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    let base = rt.stack_top;
    let need = base + args.len().max(results.len());
    if need > rt.config.max_stack_cells {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    reserve_window(&mut rt.stack, base);
    rt.stack[base..base + args.len()].copy_from_slice(args);
    let saved_top = rt.stack_top;
    let r = execute(h, func, base);
    let rt = h.runtime();
    rt.stack_top = saved_top;
    r?;
    results.copy_from_slice(&rt.stack[base..base + results.len()]);
    Ok(())
}

/// Sets up the frame of wasm function `func` at `base` (arguments already there), with
/// `depth` wasm frames active below it.
fn enter(rt: &mut Runtime, func: FuncAddr, base: usize, depth: usize) -> Result<Frame, Trap> {
    let f = &rt.funcs[func.0 as usize];
    let (instance, c) = {
        let FuncKind::Wasm {
            instance,
            code,
            index,
        } = &f.kind
        else {
            // Callers run host functions themselves; a host function has no frame.
            return Err(Trap::from_reason(TrapReason::Unsupported(
                "a host function has no wasm frame".into(),
            )));
        };
        let c = code
            .ensure(*index as usize)
            .map_err(|e| Trap::from_reason(TrapReason::Unsupported(e.to_string())))?;
        (*instance, c)
    };
    open_frame(&mut rt.stack, &rt.config, depth, base, c).map_err(Trap::new)?;
    Ok(Frame {
        ip: c.code.as_ptr(),
        compiled: c,
        instance,
        base,
    })
}

/// Makes room for a frame of `c` at `base`, with `depth` wasm frames active below it
/// (within the call depth and stack limits), and writes its `init` cells. Its arguments
/// are already there.
#[inline(always)]
fn open_frame(
    stack: &mut Vec<u64>,
    config: &crate::runtime::Config,
    depth: usize,
    base: usize,
    c: &CompiledFunc,
) -> Result<(), TrapCode> {
    if depth >= config.max_call_depth || base + c.frame_size as usize > config.max_stack_cells {
        return Err(TrapCode::StackOverflow);
    }
    reserve_window(stack, base);
    // SAFETY: `reserve_window` made the stack hold `REG_WINDOW` cells from `base`, more
    // than the whole frame (parameters and `init`).
    unsafe {
        init_cells(
            stack.as_mut_ptr().add(base + usize::from(c.params)),
            &c.init,
        )
    };
    Ok(())
}

/// The highest base at which a call's fast path may open a frame: one at or below it has
/// `REG_WINDOW` cells in `stack` (so the stack need not grow) and ends within the stack
/// limit (a frame is at most `MAX_REGS` cells). Above it, `open_frame` decides.
#[inline(always)]
fn base_limit(stack: &[u64], config: &crate::runtime::Config) -> usize {
    stack
        .len()
        .min(config.max_stack_cells)
        .saturating_sub(REG_WINDOW)
}

/// Cells the stack has after the base of every active frame: more than any register
/// index ([`crate::ops::Reg`] is 16 bits), so that `fast` reads and writes a frame's cells
/// without bounds checks. A frame's own cells are at most [`crate::ops::MAX_REGS`]; the
/// rest of the window is slack (zero pages the OS never maps until touched).
pub(crate) const REG_WINDOW: usize = crate::ops::MAX_REGS + 1;

/// Makes `stack` hold at least [`REG_WINDOW`] cells from `base` on.
#[inline(always)]
fn reserve_window(stack: &mut Vec<u64>, base: usize) {
    if stack.len() < base + REG_WINDOW {
        grow_stack(stack, base);
    }
}

#[cold]
#[inline(never)]
fn grow_stack(stack: &mut Vec<u64>, base: usize) {
    let need = base + REG_WINDOW;
    {
        if stack.is_empty() {
            // Zeroed by the allocator: untouched pages cost nothing.
            *stack = vec![0; need];
        } else {
            stack.resize(need.max(stack.len() * 2), 0);
        }
    }
}

/// Writes a new frame's `init` cells (zeroed locals, then constants) at `dst`.
///
/// # Safety
/// `dst` must be valid for writing `init.len()` cells.
#[inline(always)]
unsafe fn init_cells(dst: *mut u64, init: &[u64]) {
    // SAFETY: the caller guarantees `dst` is valid for `init.len()` cells; the short
    // cases avoid a call to `memcpy`.
    unsafe {
        match init.len() {
            0 => {}
            1 => *dst = init[0],
            2 => {
                *dst = init[0];
                *dst.add(1) = init[1];
            }
            n => std::ptr::copy_nonoverlapping(init.as_ptr(), dst, n),
        }
    }
}

/// The frames of `frames`, innermost first.
fn backtrace(frames: &[Frame]) -> Vec<BacktraceFrame> {
    frames
        .iter()
        .rev()
        .map(|f| {
            // SAFETY: a frame's code lives as long as its function (see `Frame`), and its
            // `ip` points into that code, or one past its end after a trap.
            let (c, pc) = unsafe {
                let c = &*f.compiled;
                (c, f.ip.offset_from(c.code.as_ptr()))
            };
            BacktraceFrame {
                instance: f.instance,
                func_index: c.func_index,
                offset: usize::try_from(pc - 1)
                    .ok()
                    .and_then(|i| c.offsets.get(i).copied())
                    .filter(|&o| o != 0),
            }
        })
        .collect()
}

/// The effective address of an access of `size` bytes, if it is inside `len` bytes.
#[inline(always)]
fn effective(addr: u64, offset: u32, size: usize, len: usize) -> Result<usize, TrapCode> {
    let ea = (addr as u32 as u64) + u64::from(offset);
    if ea + size as u64 > len as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    Ok(ea as usize)
}

/// Runs wasm function `entry` with its frame at `base` until it returns.
fn execute<H: Host>(h: &mut H, entry: FuncAddr, base: usize) -> Result<(), Trap> {
    // The wasm frames of the calls that called the host, which called this one.
    let outer = h.runtime().depth;
    let mut frames = vec![enter(h.runtime(), entry, base, outer)?];
    let result = run(h, &mut frames, outer);
    h.runtime().depth = outer;
    result.map_err(|mut t| {
        if t.backtrace.is_empty() {
            t.backtrace = backtrace(&frames);
        }
        t
    })
}

/// The result type of a row of `for_each_numeric!` (`i32` or `trap i32`).
macro_rules! result_of {
    (trap $t:ident) => {
        $t
    };
    ($t:ident) => {
        $t
    };
}

/// The main loop: runs ops in [`fast`] until one needs the host or another frame, then
/// handles it here. `outer` wasm frames are active below `frames` (see [`execute`]).
fn run<H: Host>(h: &mut H, frames: &mut Vec<Frame>, outer: usize) -> Result<(), Trap> {
    loop {
        let op = fast(h.runtime(), frames, outer)?;
        let rt = h.runtime();
        let Some(&cur) = frames.last() else {
            return Ok(());
        };
        let regs = cur.base;
        macro_rules! r {
            ($x:expr) => {
                rt.stack[regs + $x as usize]
            };
        }
        match op {
            // `fast` returns to callers in its loop and moved a `ReturnReg`'s result.
            Op::Return | Op::ReturnReg { .. } => {
                frames.pop();
                if frames.is_empty() {
                    return Ok(());
                }
            }
            Op::Call { func, base: b } => {
                let addr = rt.instances[cur.instance.0 as usize].funcs[func as usize];
                call_func(h, frames, addr, regs + b as usize, outer)?;
            }
            Op::CallLocal { index, base: b } => {
                let addr = rt.instances[cur.instance.0 as usize].defined_func(index);
                call_func(h, frames, addr, regs + b as usize, outer)?;
            }
            Op::CallIndirect {
                ty,
                table,
                index,
                base: b,
            } => {
                let inst = &rt.instances[cur.instance.0 as usize];
                let want = inst.type_ids[ty as usize];
                let t = inst.tables[table as usize];
                let i = r!(index) as u32 as usize;
                let elements = &rt.tables[t.0 as usize].elements;
                let Some(&cell) = elements.get(i) else {
                    return Err(Trap::with_detail(TrapCode::UndefinedElement, i as u64));
                };
                if cell == 0 {
                    return Err(Trap::with_detail(TrapCode::UninitializedElement, i as u64));
                }
                let addr = FuncAddr((cell - 1) as u32);
                if rt.funcs[addr.0 as usize].type_id != want {
                    return Err(Trap::new(TrapCode::IndirectCallTypeMismatch));
                }
                call_func(h, frames, addr, regs + b as usize, outer)?;
            }
            Op::MemoryGrow { d, delta } => {
                let inst = &rt.instances[cur.instance.0 as usize];
                let Some(&m) = inst.memories.first() else {
                    return Err(Trap::new(TrapCode::MemoryOutOfBounds));
                };
                let delta = r!(delta) as u32;
                let old = rt.grow_memory(m, delta);
                r!(d) = u64::from(old.unwrap_or(u32::MAX));
            }
            Op::MemoryInit {
                data,
                dst,
                src,
                len,
            } => {
                let (dst, src, len) = (r!(dst) as u32, r!(src) as u32, r!(len) as u32);
                rt.memory_init(cur.instance, data, dst, src, len)?;
            }
            Op::DataDrop { data } => {
                rt.instances[cur.instance.0 as usize].datas[data as usize] = None;
            }
            Op::TableGrow {
                d,
                init,
                delta,
                table,
            } => {
                let t = rt.instances[cur.instance.0 as usize].tables[table as usize];
                let (init, delta) = (r!(init), r!(delta) as u32);
                let old = rt.grow_table(t, delta, init);
                r!(d) = u64::from(old.unwrap_or(u32::MAX));
            }
            Op::TableInit {
                table,
                elem,
                dst,
                src,
                len,
            } => {
                let (dst, src, len) = (r!(dst) as u32, r!(src) as u32, r!(len) as u32);
                rt.table_init(cur.instance, table, elem, dst, src, len)?;
            }
            Op::ElemDrop { elem } => {
                rt.instances[cur.instance.0 as usize].elems[elem as usize] = Vec::new();
            }
            // `fast` hands out no other op.
            _ => return Err(Trap::new(TrapCode::Unreachable)),
        }
    }
}

/// Why the threaded code stopped (see [`fast`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Exit {
    /// The op before `cur.ip` needs `run`: the host, another frame's setup, or a change
    /// to the runtime's arenas (or it is the outermost frame's return).
    Slow,
    /// A trap, with its code in `State::trap` and `cur.ip` past the trapping op.
    Trap,
    /// Portable dispatch only: the handler ran; the next op's state is in `State`.
    #[cfg(not(awe_tail_calls))]
    Continue,
}

/// What the handlers share besides the four values they pass in registers (the next
/// op, the frame's cells, the memory and its length): the runtime's fields, borrowed
/// apart, and the running frame.
struct State<'a> {
    config: &'a crate::runtime::Config,
    funcs: &'a [crate::runtime::FuncInst],
    tables: &'a mut [crate::runtime::TableInst],
    memories: &'a mut [crate::runtime::MemoryInst],
    globals: &'a mut [crate::runtime::GlobalInst],
    instances: &'a [crate::runtime::InstanceInst],
    stack: &'a mut Vec<u64>,
    fuel: &'a mut u64,
    interrupt: &'a std::sync::atomic::AtomicBool,
    /// The frames; the last is the running one.
    frames: &'a mut Vec<Frame>,
    /// Wasm frames active below `frames` (see [`execute`]).
    outer: usize,
    /// The most frames `frames` may hold (the call depth limit less `outer`).
    max_frames: usize,
    /// See [`base_limit`]; kept up to date when the stack grows.
    base_limit: usize,
    /// The running frame's instance.
    inst: &'a crate::runtime::InstanceInst,
    /// The code of the running instance's defined functions, where translated.
    ready: &'a [CodeCache],
    /// The trap, when a handler returns [`Exit::Trap`].
    trap: TrapCode,
    /// Portable dispatch only: the next op and the state that goes with it.
    #[cfg(not(awe_tail_calls))]
    ip: *const Op,
    #[cfg(not(awe_tail_calls))]
    regs: *mut u64,
    #[cfg(not(awe_tail_calls))]
    mem: *mut u8,
    #[cfg(not(awe_tail_calls))]
    mem_len: usize,
}

impl<'a> State<'a> {
    /// Makes the running frame's instance current, and returns its memory (address and
    /// length).
    #[inline(always)]
    fn load_instance(&mut self) -> (*mut u8, usize) {
        let instances: &'a [crate::runtime::InstanceInst] = self.instances;
        let inst = &instances[self.cur().instance.0 as usize];
        self.inst = inst;
        self.ready = inst.code.ready();
        memory_of(inst, self.memories)
    }

    /// Continues in the running frame's code at its `ip`: returns it and the frame's
    /// cells.
    ///
    /// The stack must hold `REG_WINDOW` cells from the frame's base on: `fast` checks it
    /// for the frame it starts with, `open_frame` makes it so for a callee, and it stays
    /// so for a caller (the stack never shrinks).
    #[inline(always)]
    fn load_code(&mut self) -> (*const Op, *mut u64) {
        let cur = *self.cur();
        // SAFETY: the stack has `REG_WINDOW` cells from `cur.base` on (see above).
        (cur.ip, unsafe { self.stack.as_mut_ptr().add(cur.base) })
    }

    /// The running frame.
    #[inline(always)]
    fn cur(&mut self) -> &mut Frame {
        match self.frames.last_mut() {
            Some(f) => f,
            // The threaded code runs only with a frame (see `fast`) and never pops the
            // last one (see `ret!`).
            None => unreachable!("no running frame"),
        }
    }
}

/// An op's handler: runs the op at `ip` with the frame's cells at `regs` and the
/// instance's memory at `mem` (`mem_len` bytes; null and 0 without a memory), then
/// continues with the next op (see [`dispatch!`]) until one stops the threaded code.
///
/// # Safety
/// `ip` points at an op of the running frame's checked code (see `check_code`) whose
/// tag selects this handler; `regs` has [`REG_WINDOW`] cells of the stack after it;
/// `mem` and `mem_len` describe the running instance's memory as it is now.
type Handler = unsafe fn(*const Op, *mut u64, *mut u8, usize, &mut State<'_>) -> Exit;

/// The index of an op's variant: the tag `#[repr(u16)]` puts first in every `Op`.
const fn tag_of(op: &Op) -> usize {
    // SAFETY: `Op` is `#[repr(u16)]`: every variant starts with its `u16` tag.
    unsafe { *(op as *const Op as *const u16) as usize }
}

impl Op {
    /// The number of variants.
    pub const COUNT: usize = handler::COUNT;

    /// This op's variant, numbered from 0 in declaration order (its `#[repr(u16)]` tag).
    pub const fn tag(&self) -> usize {
        tag_of(self)
    }

    /// The name of the variant numbered `tag`.
    pub fn variant_name(tag: usize) -> Option<&'static str> {
        handler::NAMES.get(tag).copied()
    }
}

/// Zero of an op field's type, to build one op of each variant at compile time.
trait Zero {
    const ZERO: Self;
}
macro_rules! zero {
    ($($t:ty),*) => {$(
        impl Zero for $t {
            const ZERO: Self = 0;
        }
    )*};
}
zero!(u8, u16, u32, u64, i16, i32);

/// Continues with the op at `ip`.
///
/// With tail calls (`cfg(awe_tail_calls)`, set by `build.rs` for optimized builds on
/// targets where LLVM turns a call in tail position into a jump), every handler ends by
/// calling the next op's handler, in tail position: the threaded code runs as a chain
/// of jumps and never grows the native stack (`tests/tiny_stack.rs` proves it for every
/// op). Otherwise (portable dispatch) the handler stores the state and returns to the
/// loop in `start`.
#[cfg(awe_tail_calls)]
macro_rules! dispatch {
    ($ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident) => {{
        #[cfg(feature = "op-stats")]
        // SAFETY: `ip` points at an op (see `Handler`).
        stats::record(unsafe { *$ip });
        // SAFETY: `ip` points at an op of checked code, whose tag is below the number of
        // variants, the length of `HANDLERS`.
        let next = unsafe { *handler::HANDLERS.get_unchecked(tag_of(&*$ip)) };
        // SAFETY: `next` is the handler of the op at `ip`; the rest is unchanged.
        return unsafe { next($ip, $regs, $mem, $mem_len, $st) };
    }};
}
#[cfg(not(awe_tail_calls))]
macro_rules! dispatch {
    ($ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident) => {{
        $st.ip = $ip;
        $st.regs = $regs;
        $st.mem = $mem;
        $st.mem_len = $mem_len;
        return Exit::Continue;
    }};
}

/// Runs the threaded code from the op at `ip` until a handler stops it.
///
/// # Safety
/// As for a [`Handler`] (any op's).
#[inline(always)]
unsafe fn start(
    ip: *const Op,
    regs: *mut u64,
    mem: *mut u8,
    mem_len: usize,
    st: &mut State<'_>,
) -> Exit {
    #[cfg(awe_tail_calls)]
    {
        dispatch!(ip, regs, mem, mem_len, st)
    }
    #[cfg(not(awe_tail_calls))]
    {
        (st.ip, st.regs, st.mem, st.mem_len) = (ip, regs, mem, mem_len);
        loop {
            #[cfg(feature = "op-stats")]
            // SAFETY: `st.ip` points at an op (see `Handler`).
            stats::record(unsafe { *st.ip });
            // SAFETY: as in the tail-call `dispatch!`.
            let next = unsafe { *handler::HANDLERS.get_unchecked(tag_of(&*st.ip)) };
            // SAFETY: `next` is the handler of the op at `st.ip`, with its state.
            match unsafe { next(st.ip, st.regs, st.mem, st.mem_len, st) } {
                Exit::Continue => {}
                exit => return exit,
            }
        }
    }
}

/// Pastes the helper macros of `prelude`, then `body` (in a handler, after its
/// parameters: a `macro_rules!` sees the local variables in scope where it is defined).
macro_rules! with_prelude {
    ({ $($prelude:tt)* } $body:block) => {
        $($prelude)*
        $body
    };
}

/// Defines one handler per op (in module `handler`), named after the op, and the table
/// `handler::HANDLERS` indexed by tag. A row `Name { fields } => { body }` binds the
/// op's fields, runs `body` with `ip` already past the op, then dispatches the op at
/// `ip`. The identifiers in brackets name the handlers' parameters, so that the bodies
/// (written where `handlers!` is invoked) can use them.
///
/// A function in the `helpers` section is a handler of no op of its own, which handlers
/// call in tail position: `ip` is already past the op it handles.
macro_rules! handlers {
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident]
     prelude $prelude:tt
     helpers { $( $(#[doc = $hdoc:literal])* fn $h:ident() $hbody:block )* }
     $( $v:ident { $($f:ident $(: $bind:ident)?),* } => $body:block )*) => {
        /// The handlers, one per op.
        mod handler {
            use super::*;
            $(
                $(#[doc = $hdoc])*
                #[inline(never)]
                #[allow(unused_mut, unused_variables, unreachable_code)]
                #[allow(unused_macros, unused_assignments)]
                pub(super) unsafe fn $h(
                    $ip: *const Op,
                    mut $regs: *mut u64,
                    mut $mem: *mut u8,
                    mut $mem_len: usize,
                    $st: &mut State<'_>,
                ) -> Exit {
                    let mut $ip = $ip;
                    with_prelude! { $prelude $hbody }
                    dispatch!($ip, $regs, $mem, $mem_len, $st)
                }
            )*
            $(
                // Each handler gets every helper of the prelude and every parameter.
                #[allow(non_snake_case, unused_mut, unused_variables, unreachable_code)]
                #[allow(unused_macros, unused_assignments)]
                // `!(a < b)` on floats is meant: it differs from `a >= b` when an operand
                // is NaN.
                #[allow(clippy::neg_cmp_op_on_partial_ord)]
                pub(super) unsafe fn $v(
                    $ip: *const Op,
                    mut $regs: *mut u64,
                    mut $mem: *mut u8,
                    mut $mem_len: usize,
                    $st: &mut State<'_>,
                ) -> Exit {
                    // SAFETY: `HANDLERS` maps the tag of `Op::$v` to this function, and
                    // a handler is only called for an op whose tag selects it.
                    let Op::$v { $($f $(: $bind)?),* } = (unsafe { *$ip }) else {
                        // SAFETY: as above.
                        unsafe { std::hint::unreachable_unchecked() }
                    };
                    // SAFETY: one past an op is at most the end of the code.
                    let mut $ip = unsafe { $ip.add(1) };
                    with_prelude! { $prelude $body }
                    dispatch!($ip, $regs, $mem, $mem_len, $st)
                }
            )*

            /// The number of ops.
            pub(super) const COUNT: usize = [$(stringify!($v)),*].len();

            /// Every op has a row above (the match is exhaustive).
            #[allow(dead_code)]
            fn exhaustive(op: Op) {
                match op {
                    $( Op::$v { .. } => {} )*
                }
            }

            /// The name of every op, at its tag.
            pub(super) static NAMES: [&str; COUNT] = {
                let mut names = [""; COUNT];
                $( names[tag_of(&Op::$v { $($f: Zero::ZERO),* })] = stringify!($v); )*
                names
            };

            /// The handler of every op, at its tag. Every op has exactly one row (the
            /// match above, and functions named after the rows), so the `COUNT` tags are
            /// `0..COUNT` and each gets its handler; the assertions check it.
            pub(super) static HANDLERS: [Handler; COUNT] = {
                let mut table: [Option<Handler>; COUNT] = [None; COUNT];
                $(
                    let t = tag_of(&Op::$v { $($f: Zero::ZERO),* });
                    assert!(t < COUNT && table[t].is_none());
                    table[t] = Some($v as Handler);
                )*
                let mut out: [Handler; COUNT] = [Unreachable as Handler; COUNT];
                let mut i = 0;
                while i < COUNT {
                    match table[i] {
                        Some(h) => out[i] = h,
                        None => panic!("an op without a handler"),
                    }
                    i += 1;
                }
                out
            };
        }
    };
}

/// Leaves the threaded code with trap `c` (`ip` past the trapping op).
#[cold]
#[inline(never)]
fn trap_exit(st: &mut State<'_>, ip: *const Op, c: TrapCode) -> Exit {
    st.cur().ip = ip;
    st.trap = c;
    Exit::Trap
}

/// The bytes of `inst`'s memory (null and 0 when it has none).
#[inline(always)]
fn memory_of(
    inst: &crate::runtime::InstanceInst,
    memories: &mut [crate::runtime::MemoryInst],
) -> (*mut u8, usize) {
    match inst.memories.first() {
        Some(m) => {
            let data = &mut memories[m.0 as usize].data;
            (data.as_mut_ptr(), data.len())
        }
        None => (std::ptr::null_mut(), 0),
    }
}

macro_rules! define_handlers {
    ($( $name:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*) => {
        handlers! {
            [ip, regs, mem, mem_len, st]
            // Helpers for the bodies, defined in each handler (where its parameters are
            // in scope).
            prelude {
            macro_rules! r {
                ($x:expr) => {
                    // SAFETY: `regs` points at the frame's base, which has `REG_WINDOW` cells
                    // after it in the stack (see `Handler`), and a `Reg` is below `REG_WINDOW`.
                    *unsafe { &mut *regs.add(usize::from($x as crate::ops::Reg)) }
                };
            }
            macro_rules! trap {
                ($c:expr) => {{
                    return trap_exit(st, ip, $c);
                }};
            }
            macro_rules! check {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(c) => trap!(c),
                    }
                };
            }
            /// Hands the op just run to `run`.
            macro_rules! slow {
                () => {{
                    st.cur().ip = ip;
                    return Exit::Slow;
                }};
            }
            /// The 32-bit sum of an address cell and another cell or a constant.
            macro_rules! sum {
                ($a:expr, $b:expr) => {
                    u64::from(($a as u32).wrapping_add($b as u32))
                };
            }
            macro_rules! load {
                ($d:expr, $addr:expr, $offset:expr, $n:literal, $conv:expr) => {
                    load_at!($d, r!($addr), $offset, $n, $conv)
                };
            }
            macro_rules! store {
                ($addr:expr, $s:expr, $offset:expr, $n:literal) => {
                    store_at!(r!($addr), $s, $offset, $n)
                };
            }
            macro_rules! load_at {
                ($d:expr, $addr:expr, $offset:expr, $n:literal, $conv:expr) => {{
                    let ea = check!(effective($addr, $offset, $n, mem_len));
                    // SAFETY: `ea + $n <= mem_len` (checked by `effective`), and `mem` points
                    // at the `mem_len` bytes of the instance's memory (see `Handler`). (A
                    // value, not a local array copied into: a local whose address is taken
                    // can keep the dispatch from being a tail call.)
                    let b = unsafe { std::ptr::read_unaligned(mem.add(ea) as *const [u8; $n]) };
                    r!($d) = $conv(b);
                }};
            }
            macro_rules! store_at {
                ($addr:expr, $s:expr, $offset:expr, $n:literal) => {{
                    let v = r!($s).to_le_bytes();
                    let ea = check!(effective($addr, $offset, $n, mem_len));
                    let mut b = [0u8; $n];
                    b.copy_from_slice(&v[..$n]);
                    // SAFETY: as in `load_at!`.
                    unsafe { std::ptr::write_unaligned(mem.add(ea) as *mut [u8; $n], b) };
                }};
            }
            /// The memory as a slice, for the bulk operations.
            macro_rules! memory {
                () => {
                    if mem.is_null() {
                        &mut [][..]
                    } else {
                        // SAFETY: `mem` points at the `mem_len` bytes of the instance's
                        // memory (see `Handler`), and no other reference to them is live.
                        unsafe { std::slice::from_raw_parts_mut(mem, mem_len) }
                    }
                };
            }
            /// `d = op2(op1(a, b), c)` (or `op2(c, op1(a, b))`) on f64 cells.
            macro_rules! f64_pair {
                ($d:expr, $op1:ident($a:expr, $b:expr), $op2:ident(_, $c:expr)) => {{
                    let t = num::$op1(f64::from_bits(r!($a)), f64::from_bits(r!($b)));
                    r!($d) = num::$op2(t, f64::from_bits(r!($c))).to_bits();
                }};
                ($d:expr, $op1:ident($a:expr, $b:expr), $op2:ident($c:expr, _)) => {{
                    let t = num::$op1(f64::from_bits(r!($a)), f64::from_bits(r!($b)));
                    r!($d) = num::$op2(f64::from_bits(r!($c)), t).to_bits();
                }};
            }
            macro_rules! imm {
                ($d:expr, $a:expr, $t:ty, $f:expr) => {{
                    let x = <$t as Cell>::from_cell(r!($a));
                    r!($d) = Cell::to_cell($f(x));
                }};
            }
            macro_rules! jump {
                ($offset:expr) => {{
                    // SAFETY: the translator checked that every branch target is an op of the
                    // code (`ip` is one past the branch).
                    ip = unsafe { ip.offset($offset as isize - 1) };
                }};
            }
            /// Jumps if `cond` holds. Each way dispatches on its own, so that the branch
            /// stays a branch (a `cmov` choosing the next op would make the dispatch wait
            /// for the condition) and each way gets its own prediction. The empty `asm!`
            /// in one way keeps LLVM from merging the two into a `cmov` anyway, which it
            /// does where the ways look alike.
            macro_rules! branch_if {
                ($cond:expr, $offset:expr) => {{
                    if $cond {
                        // SAFETY: an empty instruction sequence, which touches nothing.
                        // (Only with threaded dispatch, whose targets all have `asm!`.)
                        #[cfg(awe_tail_calls)]
                        unsafe {
                            std::arch::asm!("", options(nomem, nostack, preserves_flags));
                        }
                        jump!($offset);
                        dispatch!(ip, regs, mem, mem_len, st);
                    }
                }};
            }
            /// `d = x + y` (32 bits), then a jump by `$offset` if `d op rhs` holds, compared
            /// as `$t`; `rhs` is read after `d` is written.
            macro_rules! add_branch {
                ($d:expr, $x:expr, $y:expr, $op:tt, $t:ty, $rhs:expr, $offset:expr) => {{
                    let v = ($x as u32).wrapping_add($y as u32);
                    r!($d) = u64::from(v);
                    branch_if!((v as $t) $op ($rhs as $t), $offset);
                }};
            }
            /// Returns to the calling frame in the threaded code; the outermost frame's
            /// return goes to `run`.
            macro_rules! ret {
                () => {{
                    let n = st.frames.len();
                    if n < 2 {
                        slow!();
                    }
                    let from = st.frames[n - 1].instance;
                    st.frames.truncate(n - 1);
                    let to = st.frames[n - 2];
                    if to.instance != from {
                        (mem, mem_len) = st.load_instance();
                    }
                    ip = to.ip;
                    // SAFETY: the stack has `REG_WINDOW` cells from a caller's base on (see
                    // `State::load_code`).
                    regs = unsafe { st.stack.as_mut_ptr().add(to.base) };
                }};
            }
            }
            helpers {
                /// Any call: `Call`, `CallIndirect`, and what `CallLocal`'s fast path
                /// leaves. Calls a wasm function in the threaded code when its code is
                /// ready, growing the frame stack or the value stack as needed; leaves to
                /// `run` a host function, a function not translated yet, and a call through
                /// a table entry that traps with its index.
                fn call_general() {
                    // SAFETY: a call's handler passes `ip` one past the call op.
                    let op = unsafe { *ip.sub(1) };
                    let (addr, b) = match op {
                        Op::Call { func, base } => (st.inst.funcs[func as usize], base),
                        Op::CallLocal { index, base } => (st.inst.defined_func(index), base),
                        Op::CallIndirect { ty, table, index, base } => {
                            let want = st.inst.type_ids[ty as usize];
                            let t = st.inst.tables[table as usize];
                            let i = r!(index) as u32 as usize;
                            let cell = match st.tables[t.0 as usize].elements.get(i) {
                                Some(&cell) if cell != 0 => cell,
                                _ => slow!(),
                            };
                            let addr = FuncAddr((cell - 1) as u32);
                            if st.funcs[addr.0 as usize].type_id != want {
                                trap!(TrapCode::IndirectCallTypeMismatch);
                            }
                            (addr, base)
                        }
                        _ => slow!(),
                    };
                    let FuncKind::Wasm { instance, code, index } = &st.funcs[addr.0 as usize].kind
                    else {
                        slow!();
                    };
                    let instance = *instance;
                    let callee_ptr = code.ready()[*index as usize].get();
                    if callee_ptr.is_null() {
                        slow!();
                    }
                    // SAFETY: code in a `ModuleCode`'s cache lives as long as the
                    // `ModuleCode`, which the function keeps.
                    let callee = unsafe { &*callee_ptr };
                    if st.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
                        st.interrupt.store(false, std::sync::atomic::Ordering::Relaxed);
                        trap!(TrapCode::Interrupted);
                    }
                    // SAFETY: `regs` points at the running frame's base in the stack.
                    let base = unsafe { regs.offset_from(st.stack.as_ptr()) } as usize
                        + usize::from(b);
                    let depth = st.outer + st.frames.len();
                    check!(open_frame(st.stack, st.config, depth, base, callee));
                    st.base_limit = base_limit(st.stack, st.config);
                    let caller = st.cur();
                    caller.ip = ip;
                    let switch = caller.instance != instance;
                    st.frames.push(Frame {
                        ip: callee.code.as_ptr(),
                        compiled: callee_ptr,
                        base,
                        instance,
                    });
                    if switch {
                        (mem, mem_len) = st.load_instance();
                    }
                    (ip, regs) = st.load_code();
                }
            }
            $( $name { d, $($arg),* } => {
                let r = num::$func($(<$ty as Cell>::from_cell(r!($arg))),*);
                let v: result_of!($($ret)+) = check!(Outcome::outcome(r));
                r!(d) = v.to_cell();
            } )*
            Unreachable {} => { trap!(TrapCode::Unreachable); }
            Br { offset } => { jump!(offset); }
            BrIfNez { cond, offset } => { branch_if!(r!(cond) as u32 != 0, offset); }
            BrIfEqz { cond, offset } => { branch_if!(r!(cond) as u32 == 0, offset); }
            BrI32Eq { a, b, offset } => { branch_if!(r!(a) as u32 == r!(b) as u32, offset); }
            BrI32Ne { a, b, offset } => { branch_if!(r!(a) as u32 != r!(b) as u32, offset); }
            BrI32LtS { a, b, offset } => { branch_if!((r!(a) as i32) < r!(b) as i32, offset); }
            BrI32LtU { a, b, offset } => { branch_if!((r!(a) as u32) < r!(b) as u32, offset); }
            BrI32GtS { a, b, offset } => { branch_if!(r!(a) as i32 > r!(b) as i32, offset); }
            BrI32GtU { a, b, offset } => { branch_if!(r!(a) as u32 > r!(b) as u32, offset); }
            BrI32LeS { a, b, offset } => { branch_if!(r!(a) as i32 <= r!(b) as i32, offset); }
            BrI32LeU { a, b, offset } => { branch_if!(r!(a) as u32 <= r!(b) as u32, offset); }
            BrI32GeS { a, b, offset } => { branch_if!(r!(a) as i32 >= r!(b) as i32, offset); }
            BrI32GeU { a, b, offset } => { branch_if!(r!(a) as u32 >= r!(b) as u32, offset); }
            BrI32EqImm { a, imm, offset } => { branch_if!(r!(a) as i32 == imm, offset); }
            BrI32NeImm { a, imm, offset } => { branch_if!(r!(a) as i32 != imm, offset); }
            BrI32LtSImm { a, imm, offset } => { branch_if!((r!(a) as i32) < imm, offset); }
            BrI32LtUImm { a, imm, offset } => { branch_if!((r!(a) as u32) < imm as u32, offset); }
            BrI32GtSImm { a, imm, offset } => { branch_if!(r!(a) as i32 > imm, offset); }
            BrI32GtUImm { a, imm, offset } => { branch_if!(r!(a) as u32 > imm as u32, offset); }
            BrI32LeSImm { a, imm, offset } => { branch_if!(r!(a) as i32 <= imm, offset); }
            BrI32LeUImm { a, imm, offset } => { branch_if!(r!(a) as u32 <= imm as u32, offset); }
            BrI32GeSImm { a, imm, offset } => { branch_if!(r!(a) as i32 >= imm, offset); }
            BrI32GeUImm { a, imm, offset } => { branch_if!(r!(a) as u32 >= imm as u32, offset); }
            AddImmBrI32Eq { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, ==, u32, r!(b), offset); }
            AddImmBrI32Ne { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, !=, u32, r!(b), offset); }
            AddImmBrI32LtS { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, <, i32, r!(b), offset); }
            AddImmBrI32LtU { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, <, u32, r!(b), offset); }
            AddImmBrI32GtS { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, >, i32, r!(b), offset); }
            AddImmBrI32GtU { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, >, u32, r!(b), offset); }
            AddImmBrI32LeS { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, <=, i32, r!(b), offset); }
            AddImmBrI32LeU { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, <=, u32, r!(b), offset); }
            AddImmBrI32GeS { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, >=, i32, r!(b), offset); }
            AddImmBrI32GeU { d, a, add, b, offset } => { add_branch!(d, r!(a), add as i32, >=, u32, r!(b), offset); }
            AddImmBrI32EqImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, ==, u32, imm, offset); }
            AddImmBrI32NeImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, !=, u32, imm, offset); }
            AddImmBrI32LtSImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, <, i32, imm, offset); }
            AddImmBrI32LtUImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, <, u32, imm, offset); }
            AddImmBrI32GtSImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, >, i32, imm, offset); }
            AddImmBrI32GtUImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, >, u32, imm, offset); }
            AddImmBrI32LeSImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, <=, i32, imm, offset); }
            AddImmBrI32LeUImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, <=, u32, imm, offset); }
            AddImmBrI32GeSImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, >=, i32, imm, offset); }
            AddImmBrI32GeUImm { d, a, add, imm, offset } => { add_branch!(d, r!(a), add as i32, >=, u32, imm, offset); }
            AddBrI32Eq { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), ==, u32, r!(c), offset); }
            AddBrI32Ne { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), !=, u32, r!(c), offset); }
            AddBrI32LtS { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), <, i32, r!(c), offset); }
            AddBrI32LtU { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), <, u32, r!(c), offset); }
            AddBrI32GtS { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), >, i32, r!(c), offset); }
            AddBrI32GtU { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), >, u32, r!(c), offset); }
            AddBrI32LeS { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), <=, i32, r!(c), offset); }
            AddBrI32LeU { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), <=, u32, r!(c), offset); }
            AddBrI32GeS { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), >=, i32, r!(c), offset); }
            AddBrI32GeU { d, a, b, c, offset } => { add_branch!(d, r!(a), r!(b), >=, u32, r!(c), offset); }
            BrI64Eqz { cond, offset } => { branch_if!(r!(cond) == 0, offset); }
            BrI64Nez { cond, offset } => { branch_if!(r!(cond) != 0, offset); }
            BrI64Eq { a, b, offset } => { branch_if!(r!(a) == r!(b), offset); }
            BrI64Ne { a, b, offset } => { branch_if!(r!(a) != r!(b), offset); }
            BrI64LtS { a, b, offset } => { branch_if!((r!(a) as i64) < r!(b) as i64, offset); }
            BrI64LtU { a, b, offset } => { branch_if!(r!(a) < r!(b), offset); }
            BrI64GtS { a, b, offset } => { branch_if!(r!(a) as i64 > r!(b) as i64, offset); }
            BrI64GtU { a, b, offset } => { branch_if!(r!(a) > r!(b), offset); }
            BrI64LeS { a, b, offset } => { branch_if!(r!(a) as i64 <= r!(b) as i64, offset); }
            BrI64LeU { a, b, offset } => { branch_if!(r!(a) <= r!(b), offset); }
            BrI64GeS { a, b, offset } => { branch_if!(r!(a) as i64 >= r!(b) as i64, offset); }
            BrI64GeU { a, b, offset } => { branch_if!(r!(a) >= r!(b), offset); }
            BrF64Eq { a, b, offset } => { branch_if!(f64::from_bits(r!(a)) == f64::from_bits(r!(b)), offset); }
            BrF64Ne { a, b, offset } => { branch_if!(f64::from_bits(r!(a)) != f64::from_bits(r!(b)), offset); }
            BrF64Lt { a, b, offset } => { branch_if!(f64::from_bits(r!(a)) < f64::from_bits(r!(b)), offset); }
            BrF64Gt { a, b, offset } => { branch_if!(f64::from_bits(r!(a)) > f64::from_bits(r!(b)), offset); }
            BrF64Le { a, b, offset } => { branch_if!(f64::from_bits(r!(a)) <= f64::from_bits(r!(b)), offset); }
            BrF64Ge { a, b, offset } => { branch_if!(f64::from_bits(r!(a)) >= f64::from_bits(r!(b)), offset); }
            BrF64NotLt { a, b, offset } => { branch_if!(!(f64::from_bits(r!(a)) < f64::from_bits(r!(b))), offset); }
            BrF64NotGt { a, b, offset } => { branch_if!(!(f64::from_bits(r!(a)) > f64::from_bits(r!(b))), offset); }
            BrF64NotLe { a, b, offset } => { branch_if!(!(f64::from_bits(r!(a)) <= f64::from_bits(r!(b))), offset); }
            BrF64NotGe { a, b, offset } => { branch_if!(!(f64::from_bits(r!(a)) >= f64::from_bits(r!(b))), offset); }
            BrTable { index, len } => {
                let i = (r!(index) as u32).min(len);
                // SAFETY: the translator checked that the `len + 1` entries follow.
                let entry = unsafe { ip.add(i as usize) };
                // Every entry is a `Br` (checked by the translator): take it at once.
                // SAFETY: `entry` is an op of `code`.
                ip = match unsafe { *entry } {
                    // SAFETY: a branch target is an op of `code` (`check_code`).
                    Op::Br { offset } => unsafe { entry.offset(offset as isize) },
                    _ => entry,
                };
            }
            ConsumeFuel { amount } => {
                if st.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
                    st.interrupt.store(false, std::sync::atomic::Ordering::Relaxed);
                    trap!(TrapCode::Interrupted);
                }
                if st.config.fuel {
                    let amount = u64::from(amount);
                    if *st.fuel < amount {
                        *st.fuel = 0;
                        trap!(TrapCode::OutOfFuel);
                    }
                    *st.fuel -= amount;
                }
            }
            Copy { d, s } => { r!(d) = r!(s); }
            Copy2 { d1, s1, d2, s2 } => {
                r!(d1) = r!(s1);
                r!(d2) = r!(s2);
            }
            Const32 { d, v } => { r!(d) = u64::from(v); }
            Const64 { d, v } => { r!(d) = v; }
            Select { d, a, b, cond } => {
                r!(d) = if r!(cond) as u32 != 0 { r!(a) } else { r!(b) };
            }
            GlobalGet { d, global } => {
                r!(d) = st.globals[st.inst.globals[global as usize].0 as usize].value;
            }
            GlobalSet { s, global } => {
                st.globals[st.inst.globals[global as usize].0 as usize].value = r!(s);
            }
            I32Load { d, addr, offset } => { load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I64Load { d, addr, offset } => { load!(d, addr, offset, 8, u64::from_le_bytes); }
            I32Load8S { d, addr, offset } => { load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8U { d, addr, offset } => { load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load16S { d, addr, offset } => { load!(d, addr, offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16U { d, addr, offset } => { load!(d, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I64Load8S { d, addr, offset } => { load!(d, addr, offset, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64); }
            I64Load8U { d, addr, offset } => { load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I64Load16S { d, addr, offset } => { load!(d, addr, offset, 2, |b| i16::from_le_bytes(b) as i64 as u64); }
            I64Load16U { d, addr, offset } => { load!(d, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I64Load32S { d, addr, offset } => { load!(d, addr, offset, 4, |b| i32::from_le_bytes(b) as i64 as u64); }
            I64Load32U { d, addr, offset } => { load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I32Store { addr, s, offset } => { store!(addr, s, offset, 4); }
            I64Store { addr, s, offset } => { store!(addr, s, offset, 8); }
            I32Store8 { addr, s, offset } => { store!(addr, s, offset, 1); }
            I64Store8 { addr, s, offset } => { store!(addr, s, offset, 1); }
            I32Store16 { addr, s, offset } => { store!(addr, s, offset, 2); }
            I64Store16 { addr, s, offset } => { store!(addr, s, offset, 2); }
            I64Store32 { addr, s, offset } => { store!(addr, s, offset, 4); }
            I32LoadAdd { d, a, b, offset } => { load_at!(d, sum!(r!(a), r!(b)), offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I32LoadAddImm { d, a, imm, offset } => { load_at!(d, sum!(r!(a), imm), offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I64LoadAdd { d, a, b, offset } => { load_at!(d, sum!(r!(a), r!(b)), offset, 8, u64::from_le_bytes); }
            I64LoadAddImm { d, a, imm, offset } => { load_at!(d, sum!(r!(a), imm), offset, 8, u64::from_le_bytes); }
            I32Load8SAdd { d, a, b, offset } => { load_at!(d, sum!(r!(a), r!(b)), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8SAddImm { d, a, imm, offset } => { load_at!(d, sum!(r!(a), imm), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8UAdd { d, a, b, offset } => { load_at!(d, sum!(r!(a), r!(b)), offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load8UAddImm { d, a, imm, offset } => { load_at!(d, sum!(r!(a), imm), offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load16SAdd { d, a, b, offset } => { load_at!(d, sum!(r!(a), r!(b)), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16SAddImm { d, a, imm, offset } => { load_at!(d, sum!(r!(a), imm), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16UAdd { d, a, b, offset } => { load_at!(d, sum!(r!(a), r!(b)), offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I32Load16UAddImm { d, a, imm, offset } => { load_at!(d, sum!(r!(a), imm), offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I32StoreAdd { a, b, s, offset } => { store_at!(sum!(r!(a), r!(b)), s, offset, 4); }
            I32StoreAddImm { a, s, imm, offset } => { store_at!(sum!(r!(a), imm), s, offset, 4); }
            I64StoreAdd { a, b, s, offset } => { store_at!(sum!(r!(a), r!(b)), s, offset, 8); }
            I64StoreAddImm { a, s, imm, offset } => { store_at!(sum!(r!(a), imm), s, offset, 8); }
            I32Store8Add { a, b, s, offset } => { store_at!(sum!(r!(a), r!(b)), s, offset, 1); }
            I32Store8AddImm { a, s, imm, offset } => { store_at!(sum!(r!(a), imm), s, offset, 1); }
            I32Store16Add { a, b, s, offset } => { store_at!(sum!(r!(a), r!(b)), s, offset, 2); }
            I32Store16AddImm { a, s, imm, offset } => { store_at!(sum!(r!(a), imm), s, offset, 2); }
            I32LoadAddShl { d, a, b, scale, offset } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I64LoadAddShl { d, a, b, scale, offset } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 8, u64::from_le_bytes); }
            I32Load8SAddShl { d, a, b, scale, offset } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8UAddShl { d, a, b, scale, offset } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load16SAddShl { d, a, b, scale, offset } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16UAddShl { d, a, b, scale, offset } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I32StoreAddShl { a, b, s, scale, offset } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 4); }
            I64StoreAddShl { a, b, s, scale, offset } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 8); }
            I32Store8AddShl { a, b, s, scale, offset } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 1); }
            I32Store16AddShl { a, b, s, scale, offset } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 2); }
            I32LoadAddShlImm { d, a, b, scale, imm } => { load_at!(d, sum!(sum!(r!(a), imm), (r!(b) as u32).wrapping_mul(scale)), 0, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I32StoreAddShlImm { a, b, s, scale, imm } => { store_at!(sum!(sum!(r!(a), imm), (r!(b) as u32).wrapping_mul(scale)), s, 0, 4); }
            MemorySize { d } => {
                r!(d) = (mem_len / crate::runtime::PAGE_SIZE) as u64;
            }
            MemoryFill { dst, val, len } => {
                let (dst, val, len) = (r!(dst) as u32 as usize, r!(val) as u8, r!(len) as u32 as usize);
                let data = memory!();
                if dst + len > data.len() {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                data[dst..dst + len].fill(val);
            }
            MemoryCopy { dst, src, len } => {
                let (dst, src, len) = (r!(dst) as u32 as usize, r!(src) as u32 as usize, r!(len) as u32 as usize);
                let data = memory!();
                if dst + len > data.len() || src + len > data.len() {
                    trap!(TrapCode::MemoryOutOfBounds);
                }
                data.copy_within(src..src + len, dst);
            }
            TableGet { d, index, table } => {
                let t = st.inst.tables[table as usize];
                let i = r!(index) as u32 as usize;
                match st.tables[t.0 as usize].elements.get(i) {
                    Some(&v) => r!(d) = v,
                    None => trap!(TrapCode::TableOutOfBounds),
                }
            }
            TableSet { index, s, table } => {
                let t = st.inst.tables[table as usize];
                let i = r!(index) as u32 as usize;
                let v = r!(s);
                match st.tables[t.0 as usize].elements.get_mut(i) {
                    Some(e) => *e = v,
                    None => trap!(TrapCode::TableOutOfBounds),
                }
            }
            TableSize { d, table } => {
                let t = st.inst.tables[table as usize];
                r!(d) = st.tables[t.0 as usize].elements.len() as u64;
            }
            TableFill { table, dst, val, len } => {
                let t = st.inst.tables[table as usize];
                let (dst, val, len) = (r!(dst) as u32 as usize, r!(val), r!(len) as u32 as usize);
                let elements = &mut st.tables[t.0 as usize].elements;
                if dst + len > elements.len() {
                    trap!(TrapCode::TableOutOfBounds);
                }
                elements[dst..dst + len].fill(val);
            }
            TableCopy { dst_table, src_table, dst, src, len } => {
                let (dt, srct) = (st.inst.tables[dst_table as usize], st.inst.tables[src_table as usize]);
                let (dst, src, len) = (r!(dst) as u32 as usize, r!(src) as u32 as usize, r!(len) as u32 as usize);
                let src_len = st.tables[srct.0 as usize].elements.len();
                let dst_len = st.tables[dt.0 as usize].elements.len();
                if src + len > src_len || dst + len > dst_len {
                    trap!(TrapCode::TableOutOfBounds);
                }
                if dt == srct {
                    st.tables[dt.0 as usize].elements.copy_within(src..src + len, dst);
                } else {
                    let tmp: Vec<u64> = st.tables[srct.0 as usize].elements[src..src + len].to_vec();
                    st.tables[dt.0 as usize].elements[dst..dst + len].copy_from_slice(&tmp);
                }
            }
            RefIsNull { d, s } => { r!(d) = u64::from(r!(s) == 0); }
            RefFunc { d, func } => {
                r!(d) = u64::from(st.inst.funcs[func as usize].0) + 1;
            }
            I32AddImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x.wrapping_add(imm)); }
            I32AddShl { d, a, b, scale } => {
                r!(d) = sum!(r!(a), (r!(b) as u32).wrapping_mul(scale));
            }
            I32AddLtU { d, a, b, c } => {
                r!(d) = sum!(r!(a), u32::from((r!(b) as u32) < r!(c) as u32));
            }
            I32AddLtS { d, a, b, c } => {
                r!(d) = sum!(r!(a), u32::from((r!(b) as i32) < r!(c) as i32));
            }
            I32AddShlImm { d, a, b, scale, imm } => {
                r!(d) = sum!(sum!(r!(a), imm), (r!(b) as u32).wrapping_mul(scale));
            }
            I32SubImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x.wrapping_sub(imm)); }
            I32AndImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x & imm); }
            I32OrImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x | imm); }
            I32XorImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x ^ imm); }
            I32ShlImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x.wrapping_shl(imm as u32)); }
            I32ShrSImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x.wrapping_shr(imm as u32)); }
            I32ShrUImm { d, a, imm } => { imm!(d, a, i32, |x: i32| (x as u32).wrapping_shr(imm as u32) as i32); }
            I32MulImm { d, a, imm } => { imm!(d, a, i32, |x: i32| x.wrapping_mul(imm)); }
            I32EqImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x == imm)); }
            I32NeImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x != imm)); }
            I32LtSImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x < imm)); }
            I32LtUImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from((x as u32) < imm as u32)); }
            I32GtSImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x > imm)); }
            I32GtUImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x as u32 > imm as u32)); }
            I32LeSImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x <= imm)); }
            I32LeUImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x as u32 <= imm as u32)); }
            I32GeSImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x >= imm)); }
            I32GeUImm { d, a, imm } => { imm!(d, a, i32, |x: i32| i32::from(x as u32 >= imm as u32)); }
            I64AddImm { d, a, imm } => { imm!(d, a, i64, |x: i64| x.wrapping_add(i64::from(imm))); }
            I64SubImm { d, a, imm } => { imm!(d, a, i64, |x: i64| x.wrapping_sub(i64::from(imm))); }
            I64AndImm { d, a, imm } => { imm!(d, a, i64, |x: i64| x & i64::from(imm)); }
            I64ShlImm { d, a, imm } => { imm!(d, a, i64, |x: i64| x.wrapping_shl(imm as u32)); }
            I64ShrSImm { d, a, imm } => { imm!(d, a, i64, |x: i64| x.wrapping_shr(imm as u32)); }
            I64ShrUImm { d, a, imm } => { imm!(d, a, i64, |x: i64| (x as u64).wrapping_shr(imm as u32) as i64); }
            Call { func, base } => {
                // SAFETY: `ip` is past the call op, as `call_general` wants.
                return unsafe { handler::call_general(ip, regs, mem, mem_len, st) };
            }
            CallIndirect { ty, table, index, base } => {
                // SAFETY: as for `Call`.
                return unsafe { handler::call_general(ip, regs, mem, mem_len, st) };
            }
            // The fast path of the commonest call: to a function of the same instance
            // whose code is ready, with a frame that fits and few cells to initialize.
            CallLocal { index, base: b } => {
                let callee_ptr = match st.ready.get(index as usize) {
                    Some(c) => c.get(),
                    None => std::ptr::null(),
                };
                let n = st.frames.len();
                // SAFETY: `regs` points at the running frame's base in the stack.
                let base = unsafe { regs.offset_from(st.stack.as_ptr()) } as usize + usize::from(b);
                if callee_ptr.is_null()
                    || n == 0
                    || n >= st.max_frames
                    || n == st.frames.capacity()
                    || base > st.base_limit
                    || st.interrupt.load(std::sync::atomic::Ordering::Relaxed)
                {
                    // SAFETY: as for `Call`.
                    return unsafe { handler::call_general(ip, regs, mem, mem_len, st) };
                }
                // SAFETY: see `call_general`.
                let callee = unsafe { &*callee_ptr };
                let init = &callee.init[..];
                if init.len() > 4 {
                    // SAFETY: as for `Call`.
                    return unsafe { handler::call_general(ip, regs, mem, mem_len, st) };
                }
                // The frames are written through a pointer, and their length once, so
                // that nothing here can reallocate them (a call to grow them would make
                // this handler save registers).
                let frames = st.frames.as_mut_ptr();
                // SAFETY: `0 < n < capacity` (checked above): the running frame is at
                // `n - 1`, and there is room at `n`.
                unsafe {
                    let caller = &mut *frames.add(n - 1);
                    caller.ip = ip;
                    let instance = caller.instance;
                    frames.add(n).write(Frame {
                        ip: callee.code.as_ptr(),
                        compiled: callee_ptr,
                        base,
                        instance,
                    });
                    st.frames.set_len(n + 1);
                }
                // SAFETY: `base <= st.base_limit`, so the stack has `REG_WINDOW` cells from
                // `base` on: more than the frame's parameters and `init` cells.
                unsafe {
                    regs = regs.add(usize::from(b));
                    let dst = regs.add(usize::from(callee.params));
                    for (i, &c) in init.iter().enumerate() {
                        *dst.add(i) = c;
                    }
                }
                ip = callee.code.as_ptr();
            }
            Return {} => { ret!(); }
            ReturnReg { s } => {
                r!(0) = r!(s);
                ret!();
            }
            // Two f64 operations: the first's result (`_`) is an operand of the second.
            F64AddAdd { d, a, b, c } => { f64_pair!(d, f64_add(a, b), f64_add(_, c)); }
            F64AddSub { d, a, b, c } => { f64_pair!(d, f64_add(a, b), f64_sub(_, c)); }
            F64AddMul { d, a, b, c } => { f64_pair!(d, f64_add(a, b), f64_mul(_, c)); }
            F64SubAdd { d, a, b, c } => { f64_pair!(d, f64_sub(a, b), f64_add(_, c)); }
            F64SubSub { d, a, b, c } => { f64_pair!(d, f64_sub(a, b), f64_sub(_, c)); }
            F64SubMul { d, a, b, c } => { f64_pair!(d, f64_sub(a, b), f64_mul(_, c)); }
            F64MulAdd { d, a, b, c } => { f64_pair!(d, f64_mul(a, b), f64_add(_, c)); }
            F64MulSub { d, a, b, c } => { f64_pair!(d, f64_mul(a, b), f64_sub(_, c)); }
            F64MulMul { d, a, b, c } => { f64_pair!(d, f64_mul(a, b), f64_mul(_, c)); }
            F64AddAddR { d, a, b, c } => { f64_pair!(d, f64_add(a, b), f64_add(c, _)); }
            F64AddSubR { d, a, b, c } => { f64_pair!(d, f64_add(a, b), f64_sub(c, _)); }
            F64AddMulR { d, a, b, c } => { f64_pair!(d, f64_add(a, b), f64_mul(c, _)); }
            F64SubAddR { d, a, b, c } => { f64_pair!(d, f64_sub(a, b), f64_add(c, _)); }
            F64SubSubR { d, a, b, c } => { f64_pair!(d, f64_sub(a, b), f64_sub(c, _)); }
            F64SubMulR { d, a, b, c } => { f64_pair!(d, f64_sub(a, b), f64_mul(c, _)); }
            F64MulAddR { d, a, b, c } => { f64_pair!(d, f64_mul(a, b), f64_add(c, _)); }
            F64MulSubR { d, a, b, c } => { f64_pair!(d, f64_mul(a, b), f64_sub(c, _)); }
            F64MulMulR { d, a, b, c } => { f64_pair!(d, f64_mul(a, b), f64_mul(c, _)); }
            // Ops that need `run` (changes to the runtime's arenas).
            MemoryGrow { d, delta } => { slow!(); }
            MemoryInit { data, dst, src, len } => { slow!(); }
            DataDrop { data } => { slow!(); }
            TableGrow { d, init, delta, table } => { slow!(); }
            TableInit { table, elem, dst, src, len } => { slow!(); }
            ElemDrop { elem } => { slow!(); }
        }
    };
}

crate::for_each_numeric!(define_handlers);

/// Runs the current frame's ops, and those of the frames it calls and returns to, until
/// one needs the host, a frame not ready yet or a change to the runtime's arenas, and
/// returns that op (with `cur.pc` past it).
fn fast(rt: &mut Runtime, frames: &mut Vec<Frame>, outer: usize) -> Result<Op, Trap> {
    let Runtime {
        config,
        funcs,
        tables,
        memories,
        globals,
        instances,
        stack,
        fuel,
        interrupt,
        ..
    } = rt;
    let Some(&cur) = frames.last() else {
        return Err(Trap::from_reason(TrapReason::Unsupported(
            "no frame".into(),
        )));
    };
    if stack.len() < cur.base + REG_WINDOW {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    let inst = &instances[cur.instance.0 as usize];
    let base_limit = base_limit(stack, config);
    let mut st = State {
        max_frames: config.max_call_depth.saturating_sub(outer),
        config,
        funcs,
        tables,
        memories,
        globals,
        instances,
        stack,
        fuel,
        interrupt,
        frames,
        outer,
        base_limit,
        inst,
        ready: &[],
        trap: TrapCode::Unreachable,
        #[cfg(not(awe_tail_calls))]
        ip: std::ptr::null(),
        #[cfg(not(awe_tail_calls))]
        regs: std::ptr::null_mut(),
        #[cfg(not(awe_tail_calls))]
        mem: std::ptr::null_mut(),
        #[cfg(not(awe_tail_calls))]
        mem_len: 0,
    };
    let (mem, mem_len) = st.load_instance();
    let (ip, regs) = st.load_code();
    // SAFETY: `ip` points at an op of the frame's checked code, `regs` at its cells with
    // `REG_WINDOW` cells after them, `mem`/`mem_len` at its instance's memory.
    match unsafe { start(ip, regs, mem, mem_len, &mut st) } {
        Exit::Trap => Err(Trap::new(st.trap)),
        _ => {
            let cur = *st.cur();
            // SAFETY: the op before `cur.ip` is the one that stopped the code.
            Ok(unsafe { *cur.ip.sub(1) })
        }
    }
}

/// Calls `addr` with its frame at `new_base`: pushes a wasm frame, or runs a host
/// function right away.
fn call_func<H: Host>(
    h: &mut H,
    frames: &mut Vec<Frame>,
    addr: FuncAddr,
    new_base: usize,
    outer: usize,
) -> Result<(), Trap> {
    let rt = h.runtime();
    let Some(&cur) = frames.last() else {
        return Err(Trap::from_reason(TrapReason::Unsupported(
            "no frame".into(),
        )));
    };
    match &rt.funcs[addr.0 as usize].kind {
        FuncKind::Wasm { .. } => {
            let callee = enter(rt, addr, new_base, outer + frames.len())?;
            frames.push(callee);
            Ok(())
        }
        FuncKind::Host { id } => {
            let id = *id;
            let ty = &rt.funcs[addr.0 as usize].ty;
            let (np, nr) = (ty.params.len(), ty.results.len());
            let args: Vec<u64> = rt.stack[new_base..new_base + np].to_vec();
            let mut results = vec![0u64; nr];
            // A host function that calls wasm again starts above this frame.
            let saved_top = rt.stack_top;
            // SAFETY: a frame's code lives as long as its function (see `Frame`).
            rt.stack_top = cur.base + unsafe { (*cur.compiled).frame_size } as usize;
            rt.depth = outer + frames.len();
            let r = h.call_host(id, Some(cur.instance), &args, &mut results);
            let rt = h.runtime();
            rt.stack_top = saved_top;
            rt.depth = outer;
            r?;
            reserve_window(&mut rt.stack, new_base);
            rt.stack[new_base..new_base + nr].copy_from_slice(&results);
            Ok(())
        }
    }
}

/// Counts of executed ops and of adjacent pairs (feature `op-stats`).
#[cfg(feature = "op-stats")]
mod stats {
    use crate::ops::Op;
    use std::cell::RefCell;
    use std::collections::HashMap;

    fn name(op: &Op) -> String {
        let s = format!("{op:?}");
        s.split([' ', '{']).next().unwrap_or("").to_owned()
    }

    type Kind = std::mem::Discriminant<Op>;

    struct Stats {
        ops: HashMap<Kind, (u64, Op)>,
        pairs: HashMap<(Kind, Kind), (u64, Op, Op)>,
        prev: Op,
    }

    impl Default for Stats {
        fn default() -> Self {
            Stats {
                ops: HashMap::new(),
                pairs: HashMap::new(),
                prev: Op::Unreachable,
            }
        }
    }

    impl Drop for Stats {
        fn drop(&mut self) {
            let total: u64 = self.ops.values().map(|v| v.0).sum();
            let mut ops: Vec<_> = self.ops.values().collect();
            ops.sort_by_key(|o| std::cmp::Reverse(o.0));
            eprintln!("op-stats: {total} ops");
            for (n, op) in ops.iter().take(40) {
                eprintln!(
                    "  {:6.2}%  {n:>12}  {}",
                    *n as f64 * 100.0 / total as f64,
                    name(op)
                );
            }
            let mut pairs: Vec<_> = self.pairs.values().collect();
            pairs.sort_by_key(|p| std::cmp::Reverse(p.0));
            eprintln!("op-stats: pairs");
            for (n, a, b) in pairs.iter().take(40) {
                eprintln!(
                    "  {:6.2}%  {n:>12}  {} -> {}",
                    *n as f64 * 100.0 / total as f64,
                    name(a),
                    name(b)
                );
            }
        }
    }

    thread_local! {
        static STATS: RefCell<Stats> = RefCell::new(Stats::default());
    }

    /// Counts `op`, and the pair of it and the op counted before it.
    pub(super) fn record(op: Op) {
        STATS.with(|s| {
            let mut s = s.borrow_mut();
            let prev = std::mem::replace(&mut s.prev, op);
            let d = std::mem::discriminant(&op);
            s.ops.entry(d).or_insert((0, op)).0 += 1;
            s.pairs
                .entry((std::mem::discriminant(&prev), d))
                .or_insert((0, prev, op))
                .0 += 1;
        });
    }
}

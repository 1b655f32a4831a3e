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
            Op::Return {} | Op::ReturnReg { .. } => {
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

    /// Whether the handler of the variant numbered `tag` leaves the threaded code (see
    /// [`Op::leaves_threaded_code`]).
    pub fn variant_leaves_threaded_code(tag: usize) -> Option<bool> {
        handler::EXITS.get(tag).copied()
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

/// One handler: binds the op's fields (or not, by the row's kind), pastes the prelude
/// (helper macros that see the handler's parameters), runs the body, and continues as
/// the kind says (see `ops::table`).
macro_rules! handler {
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] $prelude:tt
     $(#[$meta:meta])* $name:ident { $($f:ident),* } [$($kind:ident)?] $body:block) => {
        $(#[$meta])*
        pub(super) unsafe fn $name(
            $ip: *const Op,
            $regs: *mut u64,
            $mem: *mut u8,
            $mem_len: usize,
            $st: &mut State<'_>,
        ) -> Exit {
            handler_body!([$ip, $regs, $mem, $mem_len, $st] $prelude $name { $($f),* } [$($kind)?] $body)
        }
    };
}

/// The body of a handler, by the row's kind.
macro_rules! handler_body {
    // Fields bound; then the op at `ip`.
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] { $($prelude:tt)* }
     $name:ident { $($f:ident),* } [] $body:block) => {{
        // SAFETY: `HANDLERS` maps the tag of `Op::$name` to this function, and a handler
        // is only called for an op whose tag selects it.
        let Op::$name { $($f),* } = (unsafe { *$ip }) else {
            // SAFETY: as above.
            unsafe { std::hint::unreachable_unchecked() }
        };
        // SAFETY: one past an op is at most the end of the code.
        let $ip = unsafe { $ip.add(1) };
        $($prelude)*
        $body
        dispatch!($ip, $regs, $mem, $mem_len, $st)
    }};
    // Fields bound; the body goes on.
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] { $($prelude:tt)* }
     $name:ident { $($f:ident),* } [tail] $body:block) => {{
        // SAFETY: as above.
        let Op::$name { $($f),* } = (unsafe { *$ip }) else {
            // SAFETY: as above.
            unsafe { std::hint::unreachable_unchecked() }
        };
        // SAFETY: one past an op is at most the end of the code.
        let $ip = unsafe { $ip.add(1) };
        $($prelude)*
        $body
    }};
    // No field bound; the body goes on (`delegate`) or leaves (`exit`).
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] $prelude:tt
     $name:ident { $($f:ident),* } [delegate] $body:block) => {
        handler_body!(@unbound [$ip] $prelude $body)
    };
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] $prelude:tt
     $name:ident { $($f:ident),* } [exit] $body:block) => {{
        // Leaving the threaded code, the handler passes nothing on.
        let _ = ($regs, $mem, $mem_len);
        handler_body!(@unbound [$ip] $prelude $body)
    }};
    // A helper: `ip` is already past the op it handles.
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] { $($prelude:tt)* }
     $name:ident {} [helper] $body:block) => {{
        $($prelude)*
        $body
    }};
    (@unbound [$ip:ident] { $($prelude:tt)* } $body:block) => {{
        // SAFETY: one past an op is at most the end of the code.
        let $ip = unsafe { $ip.add(1) };
        $($prelude)*
        $body
    }};
}

/// Defines one handler per row of the op table (in module `handler`), named after the
/// op, and the tables indexed by tag: `handler::HANDLERS` and `handler::NAMES`.
macro_rules! define_handlers {
    (
        $( $num:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*
        [$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident]
        prelude $prelude:tt
        helpers { $( $(#[doc = $hdoc:literal])* fn $h:ident() $hbody:block )* }
        ops {
            $(
                $(#[$meta:meta])*
                $name:ident { $($f:ident : $t:ident),* } => $($kind:ident)? $body:block
            )*
        }
        inverses $inverses:tt
    ) => {
        /// The handlers, one per op.
        #[allow(non_snake_case)]
        mod handler {
            use super::*;
            $(
                $(#[doc = $hdoc])*
                #[inline(never)]
                pub(super) unsafe fn $h(
                    $ip: *const Op,
                    $regs: *mut u64,
                    $mem: *mut u8,
                    $mem_len: usize,
                    $st: &mut State<'_>,
                ) -> Exit {
                    handler_body!([$ip, $regs, $mem, $mem_len, $st] $prelude $h {} [helper] $hbody)
                }
            )*
            $(
                handler!([$ip, $regs, $mem, $mem_len, $st] $prelude
                    $(#[$meta])* $name { $($f),* } [$($kind)?] $body);
            )*
            $(
                handler!([$ip, $regs, $mem, $mem_len, $st] $prelude $num { d, $($arg),* } [] {
                    let r = num::$func($(<$ty as Cell>::from_cell(r!($arg))),*);
                    let v: result_of!($($ret)+) = check!(Outcome::outcome(r));
                    r!(d) = v.to_cell();
                });
            )*

            /// The number of ops.
            pub(super) const COUNT: usize = [$(stringify!($name),)* $(stringify!($num)),*].len();

            /// The name of every op, at its tag.
            pub(super) static NAMES: [&str; COUNT] = {
                let mut names = [""; COUNT];
                $( names[tag_of(&Op::$name { $($f: Zero::ZERO),* })] = stringify!($name); )*
                $( names[tag_of(&Op::$num { d: 0, $($arg: 0),* })] = stringify!($num); )*
                names
            };

            /// Whether each op leaves the threaded code, at its tag.
            pub(super) static EXITS: [bool; COUNT] = {
                let mut exits = [false; COUNT];
                $(
                    let op = Op::$name { $($f: Zero::ZERO),* };
                    exits[tag_of(&op)] = op.leaves_threaded_code();
                )*
                exits
            };

            /// The handler of every op, at its tag. Every op has exactly one row, so the
            /// `COUNT` tags are `0..COUNT` and each gets its handler; the assertions check it.
            pub(super) static HANDLERS: [Handler; COUNT] = {
                let mut table: [Option<Handler>; COUNT] = [None; COUNT];
                $(
                    let t = tag_of(&Op::$name { $($f: Zero::ZERO),* });
                    assert!(t < COUNT && table[t].is_none());
                    table[t] = Some($name as Handler);
                )*
                $(
                    let t = tag_of(&Op::$num { d: 0, $($arg: 0),* });
                    assert!(t < COUNT && table[t].is_none());
                    table[t] = Some($num as Handler);
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

crate::for_each_op!(define_handlers);

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
                prev: Op::Unreachable {},
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

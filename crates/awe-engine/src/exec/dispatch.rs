//! Threaded dispatch: the handlers' shared state, the handler type, the tag of an op,
//! and how a handler continues with the next op.

use super::Frame;
use super::handlers::handler;
#[cfg(feature = "op-stats")]
use super::stats;
use crate::ops::Op;
use crate::runtime::CodeCache;
use crate::trap::TrapCode;

/// Why the threaded code stopped (see [`run_threaded`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(super) enum Exit {
    /// The op before `cur.ip` needs `interpret`: the host, another frame's setup, or a change
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
pub(super) struct State<'a> {
    pub(super) config: &'a crate::runtime::Config,
    pub(super) funcs: &'a [crate::runtime::FuncInst],
    /// The runtime's types by number (see [`crate::types`]).
    pub(super) types: &'a [awe_module::SubType],
    /// GC's objects, which the threaded ops read and change (allocation leaves the
    /// threaded code).
    pub(super) gc: &'a mut crate::gc::GcHeap,
    pub(super) tables: &'a mut [crate::runtime::TableInst],
    pub(super) memories: &'a mut [crate::runtime::MemoryInst],
    pub(super) globals: &'a mut [crate::runtime::GlobalInst],
    pub(super) instances: &'a [crate::runtime::ModuleInst],
    pub(super) stack: &'a mut Vec<u64>,
    pub(super) fuel: &'a mut u64,
    pub(super) interrupt: &'a std::sync::atomic::AtomicBool,
    /// The frames; the last is the running one.
    pub(super) frames: &'a mut Vec<Frame>,
    /// Wasm frames active below `frames` (see [`run_to_return`]).
    pub(super) outer: usize,
    /// The most frames `frames` may hold (the call depth limit less `outer`).
    pub(super) max_frames: usize,
    /// See [`base_limit`]; kept up to date when the stack grows.
    pub(super) base_limit: usize,
    /// The running frame's instance.
    pub(super) inst: &'a crate::runtime::ModuleInst,
    /// The code of the running instance's defined functions, where translated.
    pub(super) ready: &'a [CodeCache],
    /// The trap, when a handler returns [`Exit::Trap`].
    pub(super) trap: TrapCode,
    /// Portable dispatch only: the next op and the state that goes with it.
    #[cfg(not(awe_tail_calls))]
    pub(super) ip: *const Op,
    #[cfg(not(awe_tail_calls))]
    pub(super) regs: *mut u64,
    #[cfg(not(awe_tail_calls))]
    pub(super) mem: *mut u8,
    #[cfg(not(awe_tail_calls))]
    pub(super) mem_len: usize,
}

impl<'a> State<'a> {
    /// Makes the running frame's instance current, and returns its memory (address and
    /// length).
    #[inline(always)]
    pub(super) fn load_instance(&mut self) -> (*mut u8, usize) {
        let instances: &'a [crate::runtime::ModuleInst] = self.instances;
        let inst = &instances[self.cur().instance.0 as usize];
        self.inst = inst;
        self.ready = inst.code.ready();
        memory_of(inst, self.memories)
    }

    /// The address and length of memory `i` of the running instance (one that validation
    /// said exists), for the ops that may access any memory.
    #[inline(always)]
    pub(super) fn memory_at(&mut self, i: usize) -> (*mut u8, usize) {
        let m = self.inst.memories[i];
        let data = &mut self.memories[m.0 as usize].data;
        (data.base_ptr(), data.len())
    }

    /// Continues in the running frame's code at its `ip`: returns it and the frame's
    /// cells.
    ///
    /// The stack must hold `REG_WINDOW` cells from the frame's base on: `run_threaded` checks it
    /// for the frame it starts with, `open_frame` makes it so for a callee, and it stays
    /// so for a caller (the stack never shrinks).
    #[inline(always)]
    pub(super) fn load_code(&mut self) -> (*const Op, *mut u64) {
        let cur = *self.cur();
        // SAFETY: the stack has `REG_WINDOW` cells from `cur.base` on (see above).
        (cur.ip, unsafe { self.stack.as_mut_ptr().add(cur.base) })
    }

    /// The running frame.
    #[inline(always)]
    pub(super) fn cur(&mut self) -> &mut Frame {
        match self.frames.last_mut() {
            Some(f) => f,
            // The threaded code runs only with a frame (see `run_threaded`) and never pops the
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
/// `ip` points at an op of the running frame's checked code (see `translate::finish`) whose
/// tag selects this handler; `regs` has [`REG_WINDOW`] cells of the stack after it;
/// `mem` and `mem_len` describe the running instance's memory as it is now.
pub(super) type Handler = unsafe fn(*const Op, *mut u64, *mut u8, usize, &mut State<'_>) -> Exit;

/// The index of an op's variant: the tag `#[repr(u16)]` puts first in every `Op`.
pub(super) const fn tag_of(op: &Op) -> usize {
    // SAFETY: `Op` is `#[repr(u16)]`: every variant starts with its `u16` tag.
    unsafe { *(op as *const Op as *const u16) as usize }
}

/// Zero of an op field's type, to build one op of each variant at compile time.
pub(super) trait Zero {
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
        // `ip` points at an op (see `Handler`); `record` reads it.
        stats::record($ip);
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
pub(super) unsafe fn enter_threaded(
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
            // `st.ip` points at an op (see `Handler`); `record` reads it.
            stats::record(st.ip);
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
pub(super) fn trap_exit(st: &mut State<'_>, ip: *const Op, c: TrapCode) -> Exit {
    st.cur().ip = ip;
    st.trap = c;
    Exit::Trap
}

/// The bytes of `inst`'s memory (null and 0 when it has none).
#[inline(always)]
pub(super) fn memory_of(
    inst: &crate::runtime::ModuleInst,
    memories: &mut [crate::runtime::MemoryInst],
) -> (*mut u8, usize) {
    match inst.memories.first() {
        Some(m) => {
            let data = &mut memories[m.0 as usize].data;
            (data.base_ptr(), data.len())
        }
        None => (std::ptr::null_mut(), 0),
    }
}

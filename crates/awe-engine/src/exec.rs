//! The interpreter: one loop over register bytecode for all wasm frames of a call.
//!
//! Calls between wasm functions push a frame on an explicit stack instead of
//! recursing on the native stack, so deep recursion ends in "call stack exhausted" at
//! the configured depth whatever the host thread's stack. Only host functions that
//! call back into wasm nest the loop.

use crate::num;
use crate::ops::Op;
use crate::runtime::{FuncAddr, FuncKind, InstanceAddr, Runtime};
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

/// The active wasm call.
#[derive(Clone, Copy)]
struct Frame {
    /// The function's code, owned by the function's `ModuleCode`, which the runtime keeps
    /// as long as the function (`Runtime::funcs` only grows).
    compiled: *const CompiledFunc,
    /// The function.
    func: FuncAddr,
    instance: InstanceAddr,
    /// Cells of the frame.
    frame_size: u32,
    /// The next op.
    pc: usize,
    /// Cell 0 of the frame in the value stack.
    base: usize,
    /// Index among the module's defined functions (for backtraces).
    index: u32,
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

/// Sets up the frame of wasm function `func` at `base` (arguments already there).
fn enter(rt: &mut Runtime, func: FuncAddr, base: usize) -> Result<Frame, Trap> {
    let f = &rt.funcs[func.0 as usize];
    let (instance, index, c) = {
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
        f.code.set(c);
        (*instance, *index, c)
    };
    open_frame(&mut rt.stack, &rt.config, &mut rt.depth, base, c).map_err(Trap::new)?;
    Ok(Frame {
        compiled: c,
        func,
        instance,
        frame_size: c.frame_size,
        pc: 0,
        base,
        index,
    })
}

/// Makes room for a frame of `c` at `base` (within the call depth and stack limits),
/// writes its `init` cells and counts it in `depth`. Its arguments are already there.
#[inline(always)]
fn open_frame(
    stack: &mut Vec<u64>,
    config: &crate::runtime::Config,
    depth: &mut usize,
    base: usize,
    c: &CompiledFunc,
) -> Result<(), TrapCode> {
    if *depth >= config.max_call_depth || base + c.frame_size as usize > config.max_stack_cells {
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
    *depth += 1;
    Ok(())
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

/// The code of wasm function `f` (translated when its frame was entered).
fn code_of(funcs: &[crate::runtime::FuncInst], f: FuncAddr) -> Option<&CompiledFunc> {
    match &funcs.get(f.0 as usize)?.kind {
        FuncKind::Wasm { code, index, .. } => code.compiled_ref(*index as usize),
        FuncKind::Host { .. } => None,
    }
}

fn backtrace(rt: &Runtime, frames: &[Frame], cur: &Frame) -> Vec<BacktraceFrame> {
    std::iter::once(cur)
        .chain(frames.iter().rev())
        .map(|f| BacktraceFrame {
            instance: f.instance,
            func_index: rt.instances[f.instance.0 as usize]
                .code
                .module()
                .num_imported_funcs()
                + f.index,
            offset: code_of(&rt.funcs, f.func)
                .and_then(|c| c.offsets.get(f.pc.saturating_sub(1)).copied())
                .filter(|&o| o != 0),
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
    let depth_at_entry = h.runtime().depth;
    let mut frames: Vec<Frame> = Vec::new();
    let mut cur = enter(h.runtime(), entry, base)?;
    let result = run(h, &mut frames, &mut cur);
    h.runtime().depth = depth_at_entry;
    result.map_err(|mut t| {
        if t.backtrace.is_empty() {
            t.backtrace = backtrace(h.runtime(), &frames, &cur);
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
/// handles it here.
fn run<H: Host>(h: &mut H, frames: &mut Vec<Frame>, cur: &mut Frame) -> Result<(), Trap> {
    loop {
        let op = fast(h.runtime(), frames, cur)?;
        let rt = h.runtime();
        let regs = cur.base;
        macro_rules! r {
            ($x:expr) => {
                rt.stack[regs + $x as usize]
            };
        }
        match op {
            // `fast` returns to callers in its loop and moved a `ReturnReg`'s result.
            Op::Return | Op::ReturnReg { .. } => {
                rt.depth -= 1;
                match frames.pop() {
                    Some(caller) => *cur = caller,
                    None => return Ok(()),
                }
            }
            Op::Call { func, base: b } => {
                let addr = rt.instances[cur.instance.0 as usize].funcs[func as usize];
                call_func(h, frames, cur, addr, regs + b as usize)?;
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
                call_func(h, frames, cur, addr, regs + b as usize)?;
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

macro_rules! define_fast {
    ($( $name:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*) => {
        /// Runs the current frame's ops until one needs the host, another frame or a
        /// change to the runtime's arenas, and returns that op (with `cur.pc` past it).
        ///
        /// The runtime's fields are borrowed apart; the running frame's state lives in
        /// locals (its code, the next op `ip`, its cells `regs`, its instance and memory),
        /// reloaded when a call or return changes frames.
        #[inline(always)]
        // `!(a < b)` on floats is meant: it differs from `a >= b` when an operand is NaN.
        #[allow(clippy::neg_cmp_op_on_partial_ord)]
        fn fast(rt: &mut Runtime, frames: &mut Vec<Frame>, cur: &mut Frame) -> Result<Op, Trap> {
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
                depth,
                ..
            } = rt;
            // The state of the running frame, loaded by `load_frame!` when a frame starts
            // or resumes: its instance, its code, the next op (`ip`), its cells (`regs`) and
            // its instance's memory (`mem`/`mem_len`; none is a memory of length 0).
            let mut inst: &crate::runtime::InstanceInst;
            let mut code: &[Op];
            let mut ip: *const Op;
            let mut regs: *mut u64;
            let mut mem: *mut u8;
            let mut mem_len: usize;
            macro_rules! load_frame {
                () => {{
                    if stack.len() < cur.base + REG_WINDOW {
                        return Err(Trap::new(TrapCode::StackOverflow));
                    }
                    load_instance!();
                    load_code!();
                }};
            }
            macro_rules! load_instance {
                () => {{
                    inst = &instances[cur.instance.0 as usize];
                    match inst.memories.first() {
                        Some(m) => {
                            let data = &mut memories[m.0 as usize].data;
                            mem = data.as_mut_ptr();
                            mem_len = data.len();
                        }
                        None => {
                            mem = std::ptr::null_mut();
                            mem_len = 0;
                        }
                    }
                }};
            }
            macro_rules! load_code {
                () => {{
                    // SAFETY: a frame's code is owned by its function's `ModuleCode`, which
                    // the runtime keeps as long as the function (`Runtime::funcs` only
                    // grows), and translated code never changes.
                    code = unsafe { &(*cur.compiled).code };
                    // The translator guarantees that `code` ends with an op that does not
                    // fall through, and a frame resumes after a call, never past the end.
                    debug_assert!(cur.pc < code.len());
                    let pc = cur.pc.min(code.len() - 1);
                    // SAFETY: `pc` is within `code` (clamped above).
                    ip = unsafe { code.as_ptr().add(pc) };
                    // SAFETY: the stack has `REG_WINDOW` cells from `cur.base` on: checked
                    // in `load_frame!` when `fast` starts, made so by `call!` for a callee,
                    // and still so for a caller (the stack never shrinks).
                    regs = unsafe { stack.as_mut_ptr().add(cur.base) };
                }};
            }
            load_frame!();
            /// The index of the next op (for traps, backtraces and calls).
            macro_rules! pc {
                () => {
                    // SAFETY: `ip` always points into `code` or one past an op of it.
                    unsafe { ip.offset_from(code.as_ptr()) as usize }
                };
            }
            macro_rules! r {
                ($x:expr) => {
                    // SAFETY: `regs` points at the frame's base, which has `REG_WINDOW`
                    // cells after it in the stack (checked in `load_frame!`; the stack is
                    // not resized while `regs` lives), and a `Reg` is below `REG_WINDOW`.
                    *unsafe { &mut *regs.add(usize::from($x as crate::ops::Reg)) }
                };
            }
            macro_rules! trap {
                ($c:expr) => {{
                    cur.pc = pc!();
                    return Err(Trap::new($c));
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
                    let mut b = [0u8; $n];
                    // SAFETY: `ea + $n <= mem_len` (checked by `effective`), and `mem`
                    // points at the `mem_len` bytes of the instance's memory, which
                    // nothing resizes while `fast` runs.
                    unsafe { std::ptr::copy_nonoverlapping(mem.add(ea), b.as_mut_ptr(), $n) };
                    r!($d) = $conv(b);
                }};
            }
            macro_rules! store_at {
                ($addr:expr, $s:expr, $offset:expr, $n:literal) => {{
                    let v = r!($s).to_le_bytes();
                    let ea = check!(effective($addr, $offset, $n, mem_len));
                    // SAFETY: as in `load!`.
                    unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), mem.add(ea), $n) };
                }};
            }
            /// The memory as a slice, for the bulk operations.
            macro_rules! memory {
                () => {
                    if mem.is_null() {
                        &mut [][..]
                    } else {
                        // SAFETY: `mem` points at the `mem_len` bytes of the instance's
                        // memory (see `load!`), and no other reference to them is live.
                        unsafe { std::slice::from_raw_parts_mut(mem, mem_len) }
                    }
                };
            }
            macro_rules! imm {
                ($d:expr, $a:expr, $t:ty, $f:expr) => {{
                    let x = <$t as Cell>::from_cell(r!($a));
                    r!($d) = Cell::to_cell($f(x));
                }};
            }
            macro_rules! jump {
                ($offset:expr) => {{
                    // SAFETY: the translator checked that every branch target is an op of
                    // `code` (`ip` is one past the branch).
                    ip = unsafe { ip.offset($offset as isize - 1) };
                }};
            }
            macro_rules! branch_if {
                ($cond:expr, $offset:expr) => {{
                    if $cond {
                        jump!($offset);
                    }
                }};
            }
            /// Calls wasm function `addr` with its frame at cell `b` of this one, in this
            /// loop, when its code is ready; else hands `op` to `run`.
            macro_rules! call {
                ($addr:expr, $b:expr, $op:expr) => {{
                    let addr: FuncAddr = $addr;
                    let f = &funcs[addr.0 as usize];
                    let callee_ptr = f.code.get();
                    let FuncKind::Wasm { instance, index, .. } = f.kind else {
                        cur.pc = pc!();
                        return Ok($op);
                    };
                    if callee_ptr.is_null() {
                        // Not translated yet: `run` does it.
                        cur.pc = pc!();
                        return Ok($op);
                    }
                    // SAFETY: set by `enter` from the function's `ModuleCode`, which lives
                    // as long as the function (see `load_code!`).
                    let callee = unsafe { &*callee_ptr };
                    if interrupt.load(std::sync::atomic::Ordering::Relaxed) {
                        interrupt.store(false, std::sync::atomic::Ordering::Relaxed);
                        trap!(TrapCode::Interrupted);
                    }
                    let base = cur.base + usize::from($b);
                    check!(open_frame(stack, config, depth, base, callee));
                    frames.push(Frame { pc: pc!(), ..*cur });
                    let switch = cur.instance != instance;
                    cur.compiled = callee_ptr;
                    cur.func = addr;
                    cur.instance = instance;
                    cur.frame_size = callee.frame_size;
                    cur.pc = 0;
                    cur.base = base;
                    cur.index = index;
                    if switch {
                        load_instance!();
                    }
                    load_code!();
                }};
            }
            /// Returns to the calling frame in this loop; the outermost frame's return
            /// goes to `run`.
            macro_rules! ret {
                ($op:expr) => {{
                    match frames.pop() {
                        Some(caller) => {
                            *depth -= 1;
                            let switch = caller.instance != cur.instance;
                            *cur = caller;
                            if switch {
                                load_instance!();
                            }
                            load_code!();
                        }
                        None => {
                            cur.pc = pc!();
                            return Ok($op);
                        }
                    }
                }};
            }
            #[cfg(feature = "op-stats")]
            let mut prev = Op::Unreachable;
            loop {
                #[cfg(feature = "op-stats")]
                {
                    // SAFETY: as below.
                    let op = unsafe { *ip };
                    stats::record(prev, op);
                    prev = op;
                }
                // SAFETY: `ip` points at an op of `code`: code ends with an op that does not
                // fall through, and every jump lands on an op.
                let op = unsafe { &*ip };
                // SAFETY: as above, one past an op is at most the end of `code`.
                ip = unsafe { ip.add(1) };
                match *op {
                    $( Op::$name { d, $($arg),* } => {
                        let r = num::$func($(<$ty as Cell>::from_cell(r!($arg))),*);
                        let v: result_of!($($ret)+) = check!(Outcome::outcome(r));
                        r!(d) = v.to_cell();
                    } )*
                    Op::Unreachable => trap!(TrapCode::Unreachable),
                    Op::Br { offset } => jump!(offset),
                    Op::BrIfNez { cond, offset } => branch_if!(r!(cond) as u32 != 0, offset),
                    Op::BrIfEqz { cond, offset } => branch_if!(r!(cond) as u32 == 0, offset),
                    Op::BrI32Eq { a, b, offset } => branch_if!(r!(a) as u32 == r!(b) as u32, offset),
                    Op::BrI32Ne { a, b, offset } => branch_if!(r!(a) as u32 != r!(b) as u32, offset),
                    Op::BrI32LtS { a, b, offset } => branch_if!((r!(a) as i32) < r!(b) as i32, offset),
                    Op::BrI32LtU { a, b, offset } => branch_if!((r!(a) as u32) < r!(b) as u32, offset),
                    Op::BrI32GtS { a, b, offset } => branch_if!(r!(a) as i32 > r!(b) as i32, offset),
                    Op::BrI32GtU { a, b, offset } => branch_if!(r!(a) as u32 > r!(b) as u32, offset),
                    Op::BrI32LeS { a, b, offset } => branch_if!(r!(a) as i32 <= r!(b) as i32, offset),
                    Op::BrI32LeU { a, b, offset } => branch_if!(r!(a) as u32 <= r!(b) as u32, offset),
                    Op::BrI32GeS { a, b, offset } => branch_if!(r!(a) as i32 >= r!(b) as i32, offset),
                    Op::BrI32GeU { a, b, offset } => branch_if!(r!(a) as u32 >= r!(b) as u32, offset),
                    Op::BrI32EqImm { a, imm, offset } => branch_if!(r!(a) as i32 == imm, offset),
                    Op::BrI32NeImm { a, imm, offset } => branch_if!(r!(a) as i32 != imm, offset),
                    Op::BrI32LtSImm { a, imm, offset } => branch_if!((r!(a) as i32) < imm, offset),
                    Op::BrI32LtUImm { a, imm, offset } => branch_if!((r!(a) as u32) < imm as u32, offset),
                    Op::BrI32GtSImm { a, imm, offset } => branch_if!(r!(a) as i32 > imm, offset),
                    Op::BrI32GtUImm { a, imm, offset } => branch_if!(r!(a) as u32 > imm as u32, offset),
                    Op::BrI32LeSImm { a, imm, offset } => branch_if!(r!(a) as i32 <= imm, offset),
                    Op::BrI32LeUImm { a, imm, offset } => branch_if!(r!(a) as u32 <= imm as u32, offset),
                    Op::BrI32GeSImm { a, imm, offset } => branch_if!(r!(a) as i32 >= imm, offset),
                    Op::BrI32GeUImm { a, imm, offset } => branch_if!(r!(a) as u32 >= imm as u32, offset),
                    Op::BrI64Eqz { cond, offset } => branch_if!(r!(cond) == 0, offset),
                    Op::BrI64Nez { cond, offset } => branch_if!(r!(cond) != 0, offset),
                    Op::BrI64Eq { a, b, offset } => branch_if!(r!(a) == r!(b), offset),
                    Op::BrI64Ne { a, b, offset } => branch_if!(r!(a) != r!(b), offset),
                    Op::BrI64LtS { a, b, offset } => branch_if!((r!(a) as i64) < r!(b) as i64, offset),
                    Op::BrI64LtU { a, b, offset } => branch_if!(r!(a) < r!(b), offset),
                    Op::BrI64GtS { a, b, offset } => branch_if!(r!(a) as i64 > r!(b) as i64, offset),
                    Op::BrI64GtU { a, b, offset } => branch_if!(r!(a) > r!(b), offset),
                    Op::BrI64LeS { a, b, offset } => branch_if!(r!(a) as i64 <= r!(b) as i64, offset),
                    Op::BrI64LeU { a, b, offset } => branch_if!(r!(a) <= r!(b), offset),
                    Op::BrI64GeS { a, b, offset } => branch_if!(r!(a) as i64 >= r!(b) as i64, offset),
                    Op::BrI64GeU { a, b, offset } => branch_if!(r!(a) >= r!(b), offset),
                    Op::BrF64Eq { a, b, offset } => branch_if!(f64::from_bits(r!(a)) == f64::from_bits(r!(b)), offset),
                    Op::BrF64Ne { a, b, offset } => branch_if!(f64::from_bits(r!(a)) != f64::from_bits(r!(b)), offset),
                    Op::BrF64Lt { a, b, offset } => branch_if!(f64::from_bits(r!(a)) < f64::from_bits(r!(b)), offset),
                    Op::BrF64Gt { a, b, offset } => branch_if!(f64::from_bits(r!(a)) > f64::from_bits(r!(b)), offset),
                    Op::BrF64Le { a, b, offset } => branch_if!(f64::from_bits(r!(a)) <= f64::from_bits(r!(b)), offset),
                    Op::BrF64Ge { a, b, offset } => branch_if!(f64::from_bits(r!(a)) >= f64::from_bits(r!(b)), offset),
                    Op::BrF64NotLt { a, b, offset } => branch_if!(!(f64::from_bits(r!(a)) < f64::from_bits(r!(b))), offset),
                    Op::BrF64NotGt { a, b, offset } => branch_if!(!(f64::from_bits(r!(a)) > f64::from_bits(r!(b))), offset),
                    Op::BrF64NotLe { a, b, offset } => branch_if!(!(f64::from_bits(r!(a)) <= f64::from_bits(r!(b))), offset),
                    Op::BrF64NotGe { a, b, offset } => branch_if!(!(f64::from_bits(r!(a)) >= f64::from_bits(r!(b))), offset),
                    Op::BrTable { index, len } => {
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
                    Op::ConsumeFuel { amount } => {
                        if interrupt.load(std::sync::atomic::Ordering::Relaxed) {
                            interrupt.store(false, std::sync::atomic::Ordering::Relaxed);
                            trap!(TrapCode::Interrupted);
                        }
                        if config.fuel {
                            let amount = u64::from(amount);
                            if *fuel < amount {
                                *fuel = 0;
                                trap!(TrapCode::OutOfFuel);
                            }
                            *fuel -= amount;
                        }
                    }
                    Op::Copy { d, s } => r!(d) = r!(s),
                    Op::Copy2 { d1, s1, d2, s2 } => {
                        r!(d1) = r!(s1);
                        r!(d2) = r!(s2);
                    }
                    Op::Const32 { d, v } => r!(d) = u64::from(v),
                    Op::Const64 { d, v } => r!(d) = v,
                    Op::Select { d, a, b, cond } => {
                        r!(d) = if r!(cond) as u32 != 0 { r!(a) } else { r!(b) };
                    }
                    Op::GlobalGet { d, global } => {
                        r!(d) = globals[inst.globals[global as usize].0 as usize].value;
                    }
                    Op::GlobalSet { s, global } => {
                        globals[inst.globals[global as usize].0 as usize].value = r!(s);
                    }
                    Op::I32Load { d, addr, offset } => load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b))),
                    Op::I64Load { d, addr, offset } => load!(d, addr, offset, 8, u64::from_le_bytes),
                    Op::I32Load8S { d, addr, offset } => load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)),
                    Op::I32Load8U { d, addr, offset } => load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0])),
                    Op::I32Load16S { d, addr, offset } => load!(d, addr, offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)),
                    Op::I32Load16U { d, addr, offset } => load!(d, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b))),
                    Op::I64Load8S { d, addr, offset } => load!(d, addr, offset, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64),
                    Op::I64Load8U { d, addr, offset } => load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0])),
                    Op::I64Load16S { d, addr, offset } => load!(d, addr, offset, 2, |b| i16::from_le_bytes(b) as i64 as u64),
                    Op::I64Load16U { d, addr, offset } => load!(d, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b))),
                    Op::I64Load32S { d, addr, offset } => load!(d, addr, offset, 4, |b| i32::from_le_bytes(b) as i64 as u64),
                    Op::I64Load32U { d, addr, offset } => load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b))),
                    Op::I32Store { addr, s, offset } => store!(addr, s, offset, 4),
                    Op::I64Store { addr, s, offset } => store!(addr, s, offset, 8),
                    Op::I32Store8 { addr, s, offset } | Op::I64Store8 { addr, s, offset } => store!(addr, s, offset, 1),
                    Op::I32Store16 { addr, s, offset } | Op::I64Store16 { addr, s, offset } => store!(addr, s, offset, 2),
                    Op::I64Store32 { addr, s, offset } => store!(addr, s, offset, 4),
                    Op::I32LoadAdd { d, a, b, offset } => load_at!(d, sum!(r!(a), r!(b)), offset, 4, |b| u64::from(u32::from_le_bytes(b))),
                    Op::I32LoadAddImm { d, a, imm, offset } => load_at!(d, sum!(r!(a), imm), offset, 4, |b| u64::from(u32::from_le_bytes(b))),
                    Op::I64LoadAdd { d, a, b, offset } => load_at!(d, sum!(r!(a), r!(b)), offset, 8, u64::from_le_bytes),
                    Op::I64LoadAddImm { d, a, imm, offset } => load_at!(d, sum!(r!(a), imm), offset, 8, u64::from_le_bytes),
                    Op::I32Load8SAdd { d, a, b, offset } => load_at!(d, sum!(r!(a), r!(b)), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)),
                    Op::I32Load8SAddImm { d, a, imm, offset } => load_at!(d, sum!(r!(a), imm), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)),
                    Op::I32Load8UAdd { d, a, b, offset } => load_at!(d, sum!(r!(a), r!(b)), offset, 1, |b: [u8; 1]| u64::from(b[0])),
                    Op::I32Load8UAddImm { d, a, imm, offset } => load_at!(d, sum!(r!(a), imm), offset, 1, |b: [u8; 1]| u64::from(b[0])),
                    Op::I32Load16SAdd { d, a, b, offset } => load_at!(d, sum!(r!(a), r!(b)), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)),
                    Op::I32Load16SAddImm { d, a, imm, offset } => load_at!(d, sum!(r!(a), imm), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)),
                    Op::I32Load16UAdd { d, a, b, offset } => load_at!(d, sum!(r!(a), r!(b)), offset, 2, |b| u64::from(u16::from_le_bytes(b))),
                    Op::I32Load16UAddImm { d, a, imm, offset } => load_at!(d, sum!(r!(a), imm), offset, 2, |b| u64::from(u16::from_le_bytes(b))),
                    Op::I32StoreAdd { a, b, s, offset } => store_at!(sum!(r!(a), r!(b)), s, offset, 4),
                    Op::I32StoreAddImm { a, s, imm, offset } => store_at!(sum!(r!(a), imm), s, offset, 4),
                    Op::I64StoreAdd { a, b, s, offset } => store_at!(sum!(r!(a), r!(b)), s, offset, 8),
                    Op::I64StoreAddImm { a, s, imm, offset } => store_at!(sum!(r!(a), imm), s, offset, 8),
                    Op::I32Store8Add { a, b, s, offset } => store_at!(sum!(r!(a), r!(b)), s, offset, 1),
                    Op::I32Store8AddImm { a, s, imm, offset } => store_at!(sum!(r!(a), imm), s, offset, 1),
                    Op::I32Store16Add { a, b, s, offset } => store_at!(sum!(r!(a), r!(b)), s, offset, 2),
                    Op::I32Store16AddImm { a, s, imm, offset } => store_at!(sum!(r!(a), imm), s, offset, 2),
                    Op::I32LoadAddShl { d, a, b, shift, offset } => load_at!(d, sum!(r!(a), (r!(b) as u32) << shift), offset, 4, |b| u64::from(u32::from_le_bytes(b))),
                    Op::I64LoadAddShl { d, a, b, shift, offset } => load_at!(d, sum!(r!(a), (r!(b) as u32) << shift), offset, 8, u64::from_le_bytes),
                    Op::I32Load8SAddShl { d, a, b, shift, offset } => load_at!(d, sum!(r!(a), (r!(b) as u32) << shift), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)),
                    Op::I32Load8UAddShl { d, a, b, shift, offset } => load_at!(d, sum!(r!(a), (r!(b) as u32) << shift), offset, 1, |b: [u8; 1]| u64::from(b[0])),
                    Op::I32Load16SAddShl { d, a, b, shift, offset } => load_at!(d, sum!(r!(a), (r!(b) as u32) << shift), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)),
                    Op::I32Load16UAddShl { d, a, b, shift, offset } => load_at!(d, sum!(r!(a), (r!(b) as u32) << shift), offset, 2, |b| u64::from(u16::from_le_bytes(b))),
                    Op::I32StoreAddShl { a, b, s, shift, offset } => store_at!(sum!(r!(a), (r!(b) as u32) << shift), s, offset, 4),
                    Op::I64StoreAddShl { a, b, s, shift, offset } => store_at!(sum!(r!(a), (r!(b) as u32) << shift), s, offset, 8),
                    Op::I32Store8AddShl { a, b, s, shift, offset } => store_at!(sum!(r!(a), (r!(b) as u32) << shift), s, offset, 1),
                    Op::I32Store16AddShl { a, b, s, shift, offset } => store_at!(sum!(r!(a), (r!(b) as u32) << shift), s, offset, 2),
                    Op::MemorySize { d } => {
                        r!(d) = (mem_len / crate::runtime::PAGE_SIZE) as u64;
                    }
                    Op::MemoryFill { dst, val, len } => {
                        let (dst, val, len) = (r!(dst) as u32 as usize, r!(val) as u8, r!(len) as u32 as usize);
                        let data = memory!();
                        if dst + len > data.len() {
                            trap!(TrapCode::MemoryOutOfBounds);
                        }
                        data[dst..dst + len].fill(val);
                    }
                    Op::MemoryCopy { dst, src, len } => {
                        let (dst, src, len) = (r!(dst) as u32 as usize, r!(src) as u32 as usize, r!(len) as u32 as usize);
                        let data = memory!();
                        if dst + len > data.len() || src + len > data.len() {
                            trap!(TrapCode::MemoryOutOfBounds);
                        }
                        data.copy_within(src..src + len, dst);
                    }
                    Op::TableGet { d, index, table } => {
                        let t = inst.tables[table as usize];
                        let i = r!(index) as u32 as usize;
                        match tables[t.0 as usize].elements.get(i) {
                            Some(&v) => r!(d) = v,
                            None => trap!(TrapCode::TableOutOfBounds),
                        }
                    }
                    Op::TableSet { index, s, table } => {
                        let t = inst.tables[table as usize];
                        let i = r!(index) as u32 as usize;
                        let v = r!(s);
                        match tables[t.0 as usize].elements.get_mut(i) {
                            Some(e) => *e = v,
                            None => trap!(TrapCode::TableOutOfBounds),
                        }
                    }
                    Op::TableSize { d, table } => {
                        let t = inst.tables[table as usize];
                        r!(d) = tables[t.0 as usize].elements.len() as u64;
                    }
                    Op::TableFill { table, dst, val, len } => {
                        let t = inst.tables[table as usize];
                        let (dst, val, len) = (r!(dst) as u32 as usize, r!(val), r!(len) as u32 as usize);
                        let elements = &mut tables[t.0 as usize].elements;
                        if dst + len > elements.len() {
                            trap!(TrapCode::TableOutOfBounds);
                        }
                        elements[dst..dst + len].fill(val);
                    }
                    Op::TableCopy { dst_table, src_table, dst, src, len } => {
                        let (dt, st) = (inst.tables[dst_table as usize], inst.tables[src_table as usize]);
                        let (dst, src, len) = (r!(dst) as u32 as usize, r!(src) as u32 as usize, r!(len) as u32 as usize);
                        let src_len = tables[st.0 as usize].elements.len();
                        let dst_len = tables[dt.0 as usize].elements.len();
                        if src + len > src_len || dst + len > dst_len {
                            trap!(TrapCode::TableOutOfBounds);
                        }
                        if dt == st {
                            tables[dt.0 as usize].elements.copy_within(src..src + len, dst);
                        } else {
                            let tmp: Vec<u64> = tables[st.0 as usize].elements[src..src + len].to_vec();
                            tables[dt.0 as usize].elements[dst..dst + len].copy_from_slice(&tmp);
                        }
                    }
                    Op::RefIsNull { d, s } => r!(d) = u64::from(r!(s) == 0),
                    Op::RefFunc { d, func } => {
                        r!(d) = u64::from(inst.funcs[func as usize].0) + 1;
                    }
                    Op::I32AddImm { d, a, imm } => imm!(d, a, i32, |x: i32| x.wrapping_add(imm)),
                    Op::I32SubImm { d, a, imm } => imm!(d, a, i32, |x: i32| x.wrapping_sub(imm)),
                    Op::I32AndImm { d, a, imm } => imm!(d, a, i32, |x: i32| x & imm),
                    Op::I32OrImm { d, a, imm } => imm!(d, a, i32, |x: i32| x | imm),
                    Op::I32XorImm { d, a, imm } => imm!(d, a, i32, |x: i32| x ^ imm),
                    Op::I32ShlImm { d, a, imm } => imm!(d, a, i32, |x: i32| x.wrapping_shl(imm as u32)),
                    Op::I32ShrSImm { d, a, imm } => imm!(d, a, i32, |x: i32| x.wrapping_shr(imm as u32)),
                    Op::I32ShrUImm { d, a, imm } => imm!(d, a, i32, |x: i32| (x as u32).wrapping_shr(imm as u32) as i32),
                    Op::I32MulImm { d, a, imm } => imm!(d, a, i32, |x: i32| x.wrapping_mul(imm)),
                    Op::I32EqImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x == imm)),
                    Op::I32NeImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x != imm)),
                    Op::I32LtSImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x < imm)),
                    Op::I32LtUImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from((x as u32) < imm as u32)),
                    Op::I32GtSImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x > imm)),
                    Op::I32GtUImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x as u32 > imm as u32)),
                    Op::I32LeSImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x <= imm)),
                    Op::I32LeUImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x as u32 <= imm as u32)),
                    Op::I32GeSImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x >= imm)),
                    Op::I32GeUImm { d, a, imm } => imm!(d, a, i32, |x: i32| i32::from(x as u32 >= imm as u32)),
                    Op::I64AddImm { d, a, imm } => imm!(d, a, i64, |x: i64| x.wrapping_add(i64::from(imm))),
                    Op::I64SubImm { d, a, imm } => imm!(d, a, i64, |x: i64| x.wrapping_sub(i64::from(imm))),
                    Op::I64AndImm { d, a, imm } => imm!(d, a, i64, |x: i64| x & i64::from(imm)),
                    Op::I64ShlImm { d, a, imm } => imm!(d, a, i64, |x: i64| x.wrapping_shl(imm as u32)),
                    Op::I64ShrSImm { d, a, imm } => imm!(d, a, i64, |x: i64| x.wrapping_shr(imm as u32)),
                    Op::I64ShrUImm { d, a, imm } => imm!(d, a, i64, |x: i64| (x as u64).wrapping_shr(imm as u32) as i64),
                    // Calls, returns, and changes to the arenas: handled by `run`.
                    Op::Call { func, base: b } => {
                        let addr = inst.funcs[func as usize];
                        call!(addr, b, *op);
                    }
                    Op::Return => ret!(*op),
                    Op::ReturnReg { s } => {
                        r!(0) = r!(s);
                        ret!(*op);
                    }
                    // Listed one by one: an exhaustive match needs no range check of the tag.
                    slow @ (Op::CallIndirect { .. }
                    | Op::MemoryGrow { .. }
                    | Op::MemoryInit { .. }
                    | Op::DataDrop { .. }
                    | Op::TableGrow { .. }
                    | Op::TableInit { .. }
                    | Op::ElemDrop { .. }) => {
                        cur.pc = pc!();
                        return Ok(slow);
                    }
                }
            }
        }
    };
}

crate::for_each_numeric!(define_fast);

/// Calls `addr` with its frame at `new_base`: pushes a wasm frame, or runs a host
/// function right away.
fn call_func<H: Host>(
    h: &mut H,
    frames: &mut Vec<Frame>,
    cur: &mut Frame,
    addr: FuncAddr,
    new_base: usize,
) -> Result<(), Trap> {
    let rt = h.runtime();
    match &rt.funcs[addr.0 as usize].kind {
        FuncKind::Wasm { .. } => {
            let callee = enter(rt, addr, new_base)?;
            frames.push(std::mem::replace(cur, callee));
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
            rt.stack_top = cur.base + cur.frame_size as usize;
            let r = h.call_host(id, Some(cur.instance), &args, &mut results);
            let rt = h.runtime();
            rt.stack_top = saved_top;
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

    #[derive(Default)]
    struct Stats {
        ops: HashMap<Kind, (u64, Op)>,
        pairs: HashMap<(Kind, Kind), (u64, Op, Op)>,
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

    pub(super) fn record(prev: Op, op: Op) {
        STATS.with(|s| {
            let mut s = s.borrow_mut();
            let d = std::mem::discriminant(&op);
            s.ops.entry(d).or_insert((0, op)).0 += 1;
            s.pairs
                .entry((std::mem::discriminant(&prev), d))
                .or_insert((0, prev, op))
                .0 += 1;
        });
    }
}

//! The interpreter: threaded register bytecode for all wasm frames of a call.
//!
//! Calls between wasm functions push a frame on an explicit stack instead of
//! recursing on the native stack, so deep recursion ends in "call stack exhausted" at
//! the configured depth whatever the host thread's stack. Only host functions that
//! call back into wasm nest the interpreter.
//!
//! This file is the call protocol: [`call`] from the host, frames, [`interpret`] (the
//! threaded code until an op needs the slow path, then that op), host calls. Beside it:
//! `dispatch` (the handlers' state and how one continues with the next), `handlers`
//! (one per row of the op table), `values` (cells and addresses), `stats` (feature
//! `op-stats`).

use crate::ops::{Op, WIDE};
use crate::runtime::{FuncAddr, FuncKind, InstanceAddr, Runtime};
use crate::translate::CompiledFunc;
use crate::trap::{BacktraceFrame, Trap, TrapCode, TrapReason};

#[macro_use]
mod dispatch;
mod gc;
pub(crate) use gc::stack_roots;
mod handlers;
mod native;
#[cfg(feature = "op-stats")]
mod stats;
mod values;

use dispatch::{Exit, State, enter_threaded};

/// The embedder's side of a call: the runtime, and the host functions.
pub trait Host {
    /// The runtime.
    fn runtime(&mut self) -> &mut Runtime;

    /// Calls host function `id` (the number the embedder gave it) with `args`, writing its
    /// results into `results` (both as cells, typed by the function's type).
    /// `caller` is the instance whose code made the call (`None` from the embedder).
    fn call_host(
        &mut self,
        id: u32,
        caller: Option<InstanceAddr>,
        args: &[u64],
        results: &mut [u64],
    ) -> Result<(), Trap>;

    /// Called at a checkpoint (a call, a loop header when interruptible) that found the
    /// interrupt flag set, which is cleared: `Ok` lets the code go on, an error traps.
    /// Traps with "interrupted" by default.
    fn interrupted(&mut self) -> Result<(), Trap> {
        Err(Trap::new(TrapCode::Interrupted))
    }

    /// Asked before `memory.grow` grows memory `m` from `current` to `desired` pages
    /// (`maximum`: its own maximum): `Ok(false)` refuses (the instruction returns -1),
    /// an error traps. Yes by default.
    fn memory_growing(
        &mut self,
        m: crate::MemAddr,
        current: u64,
        desired: u64,
        maximum: Option<u64>,
    ) -> Result<bool, Trap> {
        let _ = (m, current, desired, maximum);
        Ok(true)
    }

    /// Asked before `table.grow` grows table `t` from `current` to `desired` elements,
    /// as [`Host::memory_growing`]. Yes by default.
    fn table_growing(
        &mut self,
        t: crate::TableAddr,
        current: u64,
        desired: u64,
        maximum: Option<u64>,
    ) -> Result<bool, Trap> {
        let _ = (t, current, desired, maximum);
        Ok(true)
    }
}

/// An active wasm call. The frames of a call from the host are a stack whose last
/// element is the running frame: a call pushes one, a return pops one, and nothing is
/// copied back and forth (the running frame's fields are read where they were written).
#[derive(Clone, Copy)]
pub(crate) struct Frame {
    /// The next op, in `compiled.code`; up to date only when the frame is not running
    /// (it called, or the threaded code stopped). A frame resumes only after an op that
    /// is not its code's last (a call or an op that needs `interpret`), so this is an op of
    /// the code whenever the frame resumes.
    ip: *const Op,
    /// The function's code, owned by the function's `ModuleCode`, which the runtime keeps
    /// as long as the function (`Runtime::funcs` only grows).
    compiled: *const CompiledFunc,
    /// Cell 0 of the frame in the value stack.
    base: usize,
    instance: InstanceAddr,
}

/// The frames of the wasm calls in progress that called the host, outermost first (each
/// call's frame stack, moved here while its host function runs, moved back when it
/// returns), so that a collection the host causes finds their references through their
/// stack maps.
#[derive(Default)]
pub(crate) struct Suspended(pub(crate) Vec<Vec<Frame>>);

// SAFETY: a `Frame`'s pointers are into code the runtime's functions own and never
// change (see `Frame`): they are as shareable as the runtime, which is used by one
// thread at a time (`&mut`).
unsafe impl Send for Suspended {}
// SAFETY: through `&Runtime` the frames are only read, and what their pointers point to
// (translated code, immutable once made and owned by `Sync` module code) too; this keeps
// `Store<T>` as `Sync` as it was.
unsafe impl Sync for Suspended {}

impl std::fmt::Debug for Suspended {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Suspended({} calls)", self.0.len())
    }
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
    // An interrupt stops the call that runs when it is requested: one requested while
    // none ran (after the last one ended, say) is dropped here, at the outermost entry,
    // and never stops this call. A nested entry (a host function calling wasm) keeps it.
    if rt.depth == 0 {
        use std::sync::atomic::Ordering::Relaxed;
        // An epoch deadline already reached interrupts this call too.
        let late = rt
            .epoch_deadline
            .as_ref()
            .is_some_and(|(epoch, deadline)| epoch.load(Relaxed) >= *deadline);
        rt.interrupt.store(late, Relaxed);
        rt.interrupt_requested.store(false, Relaxed);
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
    let r = run_to_return(h, func, base);
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
/// index ([`crate::ops::Reg`] is 16 bits), so that `run_threaded` reads and writes a frame's cells
/// without bounds checks. A frame's own cells are at most [`crate::ops::MAX_REGS`]; the
/// rest of the window is slack (zero pages the OS never maps until touched).
pub(crate) const REG_WINDOW: usize = crate::ops::MAX_REGS + 2;

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

/// Runs wasm function `entry` with its frame at `base` until it returns: its native
/// code if it has some, else in the interpreter.
fn run_to_return<H: Host>(h: &mut H, entry: FuncAddr, base: usize) -> Result<(), Trap> {
    let rt = h.runtime();
    if let Some(e) = native::native_entry(rt, entry) {
        let depth = rt.depth;
        return native::run_native_at(h, e, base, depth);
    }
    interpret_to_return(h, entry, base)
}

/// Runs wasm function `entry` in the interpreter with its frame at `base` until it
/// returns.
fn interpret_to_return<H: Host>(h: &mut H, entry: FuncAddr, base: usize) -> Result<(), Trap> {
    // The wasm frames of the calls that called the host, which called this one.
    let outer = h.runtime().depth;
    let mut frames = vec![enter(h.runtime(), entry, base, outer)?];
    let result = interpret(h, &mut frames, outer);
    h.runtime().depth = outer;
    result.map_err(|mut t| {
        if t.backtrace.is_empty() {
            t.backtrace = backtrace(&frames);
        }
        t
    })
}

/// A checkpoint: if the interrupt flag is set, clears it and asks the host.
fn checkpoint<H: Host>(h: &mut H) -> Result<(), Trap> {
    use std::sync::atomic::Ordering::Relaxed;
    let flag = &h.runtime().interrupt;
    if flag.load(Relaxed) {
        flag.store(false, Relaxed);
        h.interrupted()?;
    }
    Ok(())
}

/// Runs `frames` to their return (see [`run_ops`]); an exception thrown there, by wasm
/// or by a host function called there, is caught by the innermost handler of these
/// frames that matches it, and execution goes on there ([`catch`]). One no handler here
/// catches goes on to the caller (the host), as a trap whose reason is the exception.
fn interpret<H: Host>(h: &mut H, frames: &mut Vec<Frame>, outer: usize) -> Result<(), Trap> {
    loop {
        match run_ops(h, frames, outer) {
            Err(Trap {
                reason: TrapReason::Exception(e),
                backtrace,
                detail,
            }) => {
                if !catch(h.runtime(), frames, e) {
                    return Err(Trap {
                        reason: TrapReason::Exception(e),
                        backtrace,
                        detail,
                    });
                }
            }
            r => return r,
        }
    }
}

/// Unwinds `frames` to the innermost `try_table` whose body holds the frame's op (the
/// throw, or the call the exception came out of) and which has a clause that catches
/// exception `e`: the frames above go, the clause's cells get the payload (and the
/// reference), and the frame resumes at the clause's pad. `false`, and no change, if
/// none catches it.
fn catch(rt: &mut Runtime, frames: &mut Vec<Frame>, e: crate::runtime::ExnAddr) -> bool {
    let Some(Some(exn)) = rt.exceptions.get(e.0 as usize) else {
        return false;
    };
    let tag = exn.tag;
    for i in (0..frames.len()).rev() {
        let f = frames[i];
        // SAFETY: a frame's code lives as long as its function (see `Frame`), and its
        // `ip` points one past the op it stopped at (the throw or the call).
        let (c, pc) = unsafe {
            let c = &*f.compiled;
            (c, f.ip.offset_from(c.code.as_ptr()) - 1)
        };
        let Ok(pc) = u32::try_from(pc) else {
            continue;
        };
        let inst = &rt.instances[f.instance.0 as usize];
        let found = c
            .handlers
            .iter()
            .filter(|h| h.start <= pc && pc < h.end)
            .flat_map(|h| &c.catches[h.first as usize..(h.first + h.count) as usize])
            .find(|k| k.tag.is_none_or(|t| inst.tags[t as usize] == tag));
        let Some(&k) = found else {
            continue;
        };
        let base = f.base + usize::from(k.base);
        let mut cells = 0;
        if k.tag.is_some()
            && let Some(Some(exn)) = rt.exceptions.get(e.0 as usize)
        {
            rt.stack[base..base + exn.payload.len()].copy_from_slice(&exn.payload);
            cells = exn.payload.len();
        }
        if k.with_ref {
            rt.stack[base + cells] = u64::from(e.0) + 1;
            rt.reference_exception(e);
        } else {
            rt.drop_exception_if_unreferenced(e);
        }
        frames.truncate(i + 1);
        // SAFETY: `check_code`/translation keep pads inside the code.
        frames[i].ip = unsafe { c.code.as_ptr().add(k.pad as usize) };
        return true;
    }
    false
}

/// The main loop: runs ops in [`run_threaded`] until one needs the host or another frame, then
/// handles it here. `outer` wasm frames are active below `frames` (see [`run_to_return`]).
fn run_ops<H: Host>(h: &mut H, frames: &mut Vec<Frame>, outer: usize) -> Result<(), Trap> {
    loop {
        let op = run_threaded(h.runtime(), frames, outer)?;
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
            // `run_threaded` returns to callers in its loop and moved a `ReturnReg`'s result.
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
                let addr = indirect_call_target(rt, cur.instance, ty, table, r!(index))?;
                call_func(h, frames, addr, regs + b as usize, outer)?;
            }
            Op::ReturnCall { func, base: b } => {
                let addr = rt.instances[cur.instance.0 as usize].funcs[func as usize];
                if tail_call(h, frames, addr, regs + b as usize, outer)? {
                    return Ok(());
                }
            }
            Op::ReturnCallIndirect {
                ty,
                table,
                index,
                base: b,
            } => {
                let addr = indirect_call_target(rt, cur.instance, ty, table, r!(index))?;
                if tail_call(h, frames, addr, regs + b as usize, outer)? {
                    return Ok(());
                }
            }
            Op::CallRef { callee, base: b } => {
                let addr = func_ref_target(r!(callee))?;
                call_func(h, frames, addr, regs + b as usize, outer)?;
            }
            Op::ReturnCallRef { callee, base: b } => {
                let addr = func_ref_target(r!(callee))?;
                if tail_call(h, frames, addr, regs + b as usize, outer)? {
                    return Ok(());
                }
            }
            Op::Throw { tag, base } => {
                let t = rt.instances[cur.instance.0 as usize].tags[tag as usize];
                let n = rt.tags[t.0 as usize].ty.param_cells();
                let at = regs + base as usize;
                let payload: Box<[u64]> = rt.stack[at..at + n].into();
                let e = rt.new_exception(t, payload);
                return Err(Trap::from_reason(TrapReason::Exception(e)));
            }
            Op::ThrowRef { exn } => {
                let cell = r!(exn);
                if cell == 0 {
                    return Err(Trap::new(TrapCode::NullExceptionReference));
                }
                let e = crate::runtime::ExnAddr((cell - 1) as u32);
                return Err(Trap::from_reason(TrapReason::Exception(e)));
            }
            Op::MemoryGrow { d, delta, memory } => {
                let m = rt.instances[cur.instance.0 as usize].memories[usize::from(memory & !WIDE)];
                let delta = r!(delta);
                let old = memory_grow(h, m, delta)?;
                h.runtime().stack[regs + d as usize] = old;
            }
            Op::MemoryInit {
                data,
                dst,
                src,
                len,
                memory,
            } => {
                let dst = address(r!(dst), memory & WIDE != 0);
                let (src, len) = (r!(src) as u32, r!(len) as u32);
                rt.memory_init(cur.instance, u32::from(memory & !WIDE), data, dst, src, len)?;
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
                let (init, delta) = (r!(init), r!(delta));
                let old = table_grow(h, t, init, delta)?;
                h.runtime().stack[regs + d as usize] = old;
            }
            Op::TableInit {
                table,
                elem,
                dst,
                src,
                len,
            } => {
                let t = rt.instances[cur.instance.0 as usize].tables[table as usize];
                let dst = address(r!(dst), rt.table_type(t).address.is_64());
                let (src, len) = (r!(src) as u32, r!(len) as u32);
                rt.table_init(cur.instance, table, elem, dst, src, len)?;
            }
            Op::ElemDrop { elem } => {
                rt.instances[cur.instance.0 as usize].elems[elem as usize] = Vec::new();
            }
            // A loop header that found an interrupt: the host decides, then the fuel.
            Op::ConsumeFuel { amount } => {
                checkpoint(h)?;
                let rt = h.runtime();
                if rt.config.fuel {
                    let amount = u64::from(amount);
                    if rt.fuel < amount {
                        rt.fuel = 0;
                        return Err(Trap::new(TrapCode::OutOfFuel));
                    }
                    rt.fuel -= amount;
                }
            }
            // GC's ops that touch the heap; `run_threaded` hands out no other op.
            op => {
                if !gc::run(rt, frames, op)? {
                    return Err(Trap::new(TrapCode::Unreachable));
                }
            }
        }
    }
}

/// Runs the current frame's ops, and those of the frames it calls and returns to, until
/// one needs the host, a frame not ready yet or a change to the runtime's arenas, and
/// returns that op (with `cur.ip` past it).
fn run_threaded(rt: &mut Runtime, frames: &mut Vec<Frame>, outer: usize) -> Result<Op, Trap> {
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
        types,
        gc,
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
        types: types.defs(),
        gc,
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
    match unsafe { enter_threaded(ip, regs, mem, mem_len, &mut st) } {
        Exit::Trap => Err(Trap::new(st.trap)),
        _ => {
            let cur = *st.cur();
            // SAFETY: the op before `cur.ip` is the one that stopped the code.
            Ok(unsafe { *cur.ip.sub(1) })
        }
    }
}

/// The function that a `call_indirect` of instance `inst` through entry `i` of its table
/// `table`, expecting its type `ty`, calls; or the trap, with the entry's index for the
/// traps whose message gives it (an entry out of bounds, an uninitialized entry). The
/// threaded code's call and the slow path both look it up here.
#[inline(always)]
/// The function that an indirect call through entry `i` of table `table` of `instance`,
/// expecting type `ty`, calls; its trap if there is none of that type.
fn indirect_call_target(
    rt: &Runtime,
    instance: InstanceAddr,
    ty: u32,
    table: u32,
    i: u64,
) -> Result<FuncAddr, Trap> {
    let inst = &rt.instances[instance.0 as usize];
    indirect_callee(inst, &rt.tables, &rt.funcs, rt.types.defs(), ty, table, i).map_err(
        |(code, detail)| match detail {
            Some(d) => Trap::with_detail(code, d),
            None => Trap::new(code),
        },
    )
}

#[inline(always)]
fn indirect_callee(
    inst: &crate::runtime::ModuleInst,
    tables: &[crate::runtime::TableInst],
    funcs: &[crate::runtime::FuncInst],
    types: &[awe_module::SubType],
    ty: u32,
    table: u32,
    i: u64,
) -> Result<FuncAddr, (TrapCode, Option<u64>)> {
    let want = inst.type_ids[ty as usize];
    let t = &tables[inst.tables[table as usize].0 as usize];
    let i = t.index(i);
    let cell = match t.get(i) {
        None => return Err((TrapCode::UndefinedElement, Some(i))),
        Some(0) => return Err((TrapCode::UninitializedElement, Some(i))),
        Some(cell) => cell,
    };
    let addr = FuncAddr((cell - 1) as u32);
    let have = funcs[addr.0 as usize].type_id;
    // A function of a subtype of the type expected may be called (GC's declared
    // subtyping); the types' numbers are equal in every other case.
    if have != want && !crate::types::matches(types, have, want) {
        return Err((TrapCode::IndirectCallTypeMismatch, None));
    }
    Ok(addr)
}

/// Calls `addr` with its frame at `new_base`: pushes a wasm frame, or runs a host
/// function right away.
/// A tail call (`return_call`) from the running frame to `addr`, its arguments in
/// cells from `args` on: they move to the frame's first cells and the callee takes the
/// frame's place (so that a chain of tail calls runs in constant stack and depth). A
/// host callee is called as from the frame, its results left in the frame's first
/// cells, and the frame returns. Returns whether that was the last frame of the call
/// from the host.
/// The function a `call_ref` calls: the one its reference cell (address + 1) names;
/// null traps.
fn func_ref_target(cell: u64) -> Result<FuncAddr, Trap> {
    match cell.checked_sub(1) {
        Some(a) => Ok(FuncAddr(a as u32)),
        None => Err(Trap::new(TrapCode::NullFunctionReference)),
    }
}

fn tail_call<H: Host>(
    h: &mut H,
    frames: &mut Vec<Frame>,
    addr: FuncAddr,
    args: usize,
    outer: usize,
) -> Result<bool, Trap> {
    let Some(&cur) = frames.last() else {
        return Err(Trap::from_reason(TrapReason::Unsupported(
            "no frame".into(),
        )));
    };
    let rt = h.runtime();
    let f = &rt.funcs[addr.0 as usize];
    let np = f.ty.param_cells();
    let host = matches!(f.kind, FuncKind::Host { .. });
    // The running frame's window holds both places (see `REG_WINDOW`).
    rt.stack.copy_within(args..args + np, cur.base);
    if host {
        if let Err(t) = call_func(h, frames, addr, cur.base, outer) {
            // The frame is gone (the callee took its place): its handlers do not
            // catch what the callee throws.
            if matches!(t.reason, TrapReason::Exception(_)) {
                frames.pop();
            }
            return Err(t);
        }
    } else {
        checkpoint(h)?;
        frames.pop();
        // Native code takes the frame's place too, but on the native stack: a chain of
        // tail calls is in constant stack as long as it stays in the interpreter.
        if let Some(e) = native::native_entry(h.runtime(), addr) {
            if let Err(mut t) = run_native_suspended(h, frames, e, cur.base, outer) {
                if !matches!(t.reason, TrapReason::Exception(_)) {
                    t.backtrace.extend(backtrace(frames));
                }
                return Err(t);
            }
            return Ok(frames.is_empty());
        }
        match enter(h.runtime(), addr, cur.base, outer + frames.len()) {
            Ok(callee) => frames.push(callee),
            Err(t) => {
                // The frame that made the call is in the backtrace.
                frames.push(cur);
                return Err(t);
            }
        }
        return Ok(false);
    }
    frames.pop();
    Ok(frames.is_empty())
}

fn call_func<H: Host>(
    h: &mut H,
    frames: &mut Vec<Frame>,
    addr: FuncAddr,
    new_base: usize,
    outer: usize,
) -> Result<(), Trap> {
    let Some(&cur) = frames.last() else {
        return Err(Trap::from_reason(TrapReason::Unsupported(
            "no frame".into(),
        )));
    };
    // Every call is a checkpoint, the ones the fast paths leave to this one too (a
    // callee not translated yet, a host function, an interrupt).
    checkpoint(h)?;
    let rt = h.runtime();
    match &rt.funcs[addr.0 as usize].kind {
        FuncKind::Wasm { .. } => {
            if let Some(e) = native::native_entry(rt, addr) {
                // Native code's frames come first in the backtrace, then the
                // interpreter's (an exception goes to `catch`, which needs no backtrace).
                let r = run_native_suspended(h, frames, e, new_base, outer);
                return r.map_err(|mut t| {
                    if !matches!(t.reason, TrapReason::Exception(_)) {
                        t.backtrace.extend(backtrace(frames));
                    }
                    t
                });
            }
            let callee = enter(rt, addr, new_base, outer + frames.len())?;
            frames.push(callee);
            Ok(())
        }
        FuncKind::Host { id } => {
            let id = *id;
            let ty = &rt.funcs[addr.0 as usize].ty;
            let (np, nr) = (ty.param_cells(), ty.result_cells());
            // Arguments and results in a buffer on the native stack when they fit (most
            // host functions: two allocations less per call), else on the heap.
            let mut small = [0u64; 16];
            let mut big = Vec::new();
            let cells = if np + nr <= small.len() {
                &mut small[..np + nr]
            } else {
                big.resize(np + nr, 0);
                &mut big[..]
            };
            let (args, results) = cells.split_at_mut(np);
            args.copy_from_slice(&rt.stack[new_base..new_base + np]);
            // A host function that calls wasm again starts above this frame.
            let saved_top = rt.stack_top;
            // SAFETY: a frame's code lives as long as its function (see `Frame`).
            rt.stack_top = cur.base + unsafe { (*cur.compiled).frame_size } as usize;
            rt.depth = outer + frames.len();
            // With objects in the heap, the frames go where a collection finds them
            // (without, they hold no references: at worst a collection scans them
            // whole). Put back by index: a host function that caught a panic of a call
            // it made may leave the inner calls' frames above.
            let suspend = !rt.gc.is_empty();
            let level = rt.suspended.0.len();
            if suspend {
                rt.suspended.0.push(std::mem::take(frames));
            }
            let r = h.call_host(id, Some(cur.instance), args, results);
            let rt = h.runtime();
            if suspend {
                rt.suspended.0.truncate(level + 1);
                *frames = rt.suspended.0.pop().unwrap_or_default();
            }
            rt.stack_top = saved_top;
            rt.depth = outer;
            r?;
            reserve_window(&mut rt.stack, new_base);
            rt.stack[new_base..new_base + nr].copy_from_slice(results);
            Ok(())
        }
    }
}

/// Runs native entry `e` with its arguments at `base` (results left there) for the
/// interpreter's `frames`, which wait where a collection finds them (as for a host
/// call). Cells from `base` on are free (the callee's frame would start there).
fn run_native_suspended<H: Host>(
    h: &mut H,
    frames: &mut Vec<Frame>,
    e: native::NativeEntry,
    base: usize,
    outer: usize,
) -> Result<(), Trap> {
    let rt = h.runtime();
    let depth = outer + frames.len();
    let saved_top = rt.stack_top;
    let suspend = !rt.gc.is_empty();
    let level = rt.suspended.0.len();
    if suspend {
        rt.suspended.0.push(std::mem::take(frames));
    }
    let r = native::run_native_at(h, e, base, depth);
    let rt = h.runtime();
    if suspend {
        rt.suspended.0.truncate(level + 1);
        *frames = rt.suspended.0.pop().unwrap_or_default();
    }
    rt.stack_top = saved_top;
    r
}

/// `memory.grow` of memory `m` by the pages in cell `delta`, if the host agrees: the old
/// size, or -1 of the memory's address type.
fn memory_grow<H: Host>(h: &mut H, m: crate::MemAddr, delta: u64) -> Result<u64, Trap> {
    let rt = h.runtime();
    let wide = rt.memory_type(m).address.is_64();
    let delta = address(delta, wide);
    let current = rt.memory_pages(m);
    let maximum = rt.memory_type(m).limits.max;
    let old = match current.checked_add(delta) {
        Some(desired) if delta == 0 || h.memory_growing(m, current, desired, maximum)? => {
            h.runtime().grow_memory(m, delta)
        }
        _ => None,
    };
    Ok(old.unwrap_or_else(|| failed(wide)))
}

/// `table.grow` of table `t` by the elements in cell `delta`, filled with `init`, if the
/// host agrees: the old size, or -1 of the table's address type.
fn table_grow<H: Host>(h: &mut H, t: crate::TableAddr, init: u64, delta: u64) -> Result<u64, Trap> {
    let rt = h.runtime();
    let ty = rt.table_type(t);
    let wide = ty.address.is_64();
    let delta = address(delta, wide);
    let current = u64::from(rt.table_size(t));
    // A table's size is a `u32` here (within `Config::max_table_elements`).
    let old = match (current.checked_add(delta), u32::try_from(delta)) {
        (Some(desired), Ok(delta32))
            if delta == 0 || h.table_growing(t, current, desired, ty.limits.max)? =>
        {
            h.runtime().grow_table(t, delta32, init).map(u64::from)
        }
        _ => None,
    };
    Ok(old.unwrap_or_else(|| failed(wide)))
}

/// An address, index or length in a cell: all 64 bits for a memory or table with 64-bit
/// addresses, the low 32 for one with 32-bit addresses.
#[inline(always)]
pub(super) fn address(cell: u64, wide: bool) -> u64 {
    if wide { cell } else { u64::from(cell as u32) }
}

/// What `memory.grow` and `table.grow` return when they fail: -1 of the address type.
fn failed(wide: bool) -> u64 {
    if wide { u64::MAX } else { u64::from(u32::MAX) }
}

//! Calls between the interpreter and native code (the compiling tier, [`crate::native`]).
//!
//! The interpreter enters native code through a function's array trampoline with a
//! fresh [`VmCtx`] for the callee's instance ([`run_native`]); native code calls back
//! through the [`Libcalls`] here, each generic over the embedder's [`Host`] (whose
//! pointer the context carries): calls to host functions, to interpreted functions and
//! to other instances' native code, traps and their backtraces, checkpoints (interrupt,
//! fuel), `memory.grow` and the bulk and table instructions. Nothing but the arguments
//! is copied between the tiers.
//!
//! Fuel lives in [`VmCtx::fuel`] while native code runs and in the runtime otherwise:
//! each crossing copies it. A panic of the host inside a libcall is caught there (it may
//! not unwind through native frames), carried out in the context, and resumed once the
//! trampoline returned.

use super::*;
use crate::native::{BulkOp, Libcalls, Tier, Trampoline, VmCtx};
use crate::runtime::in_bounds;

/// What entering a compiled function takes, copied out of its `NativeFunc` (which its
/// module's code owns as long as the runtime has the function).
#[derive(Clone, Copy)]
pub(super) struct NativeEntry {
    trampoline: Trampoline,
    call: *const u8,
    instance: InstanceAddr,
    /// Cells of its parameters and of its results.
    params: usize,
    results: usize,
}

/// Function `addr`'s native code, if it has some or gets it now (see
/// `NativeTier::for_call`: this counts the call when tiering).
#[inline]
pub(super) fn native_entry(rt: &Runtime, addr: FuncAddr) -> Option<NativeEntry> {
    let f = &rt.funcs[addr.0 as usize];
    let FuncKind::Wasm {
        instance,
        code,
        index,
    } = &f.kind
    else {
        return None;
    };
    let tier = code.native.as_ref()?;
    let i = *index as usize;
    let n = match tier.for_call(code.valid(), code.checkpoints(), i) {
        Tier::Native(n) => n,
        Tier::Interpret => return None,
        Tier::CompileInBackground => {
            let code = code.clone();
            crate::native::in_background(Box::new(move || {
                if let Some(tier) = &code.native {
                    let _ = tier.compiled(code.valid(), code.checkpoints(), i);
                }
            }));
            return None;
        }
    };
    Some(NativeEntry {
        trampoline: n.trampoline(),
        call: n.call_ptr(),
        instance: *instance,
        params: f.ty.param_cells(),
        results: f.ty.result_cells(),
    })
}

/// Runs native entry `e` with its arguments in the runtime's stack at `base`, leaving
/// its results there, with `depth` wasm frames active below it. Cells from `base` on
/// are free during the call (a nested call may use them).
pub(super) fn run_native_at<H: Host>(
    h: &mut H,
    e: NativeEntry,
    base: usize,
    depth: usize,
) -> Result<(), Trap> {
    let rt = h.runtime();
    let n = e.params.max(e.results);
    let mut small = [0u64; 16];
    let mut big = Vec::new();
    let cells = if n <= small.len() {
        &mut small[..n]
    } else {
        big.resize(n, 0);
        &mut big[..]
    };
    cells[..e.params].copy_from_slice(&rt.stack[base..base + e.params]);
    let saved_top = rt.stack_top;
    rt.stack_top = base;
    let r = run_native(h, e, cells, depth);
    let rt = h.runtime();
    rt.stack_top = saved_top;
    r?;
    reserve_window(&mut rt.stack, base);
    rt.stack[base..base + e.results].copy_from_slice(&cells[..e.results]);
    Ok(())
}

/// Calls native entry `e` through its trampoline with `cells` (its arguments, then its
/// results; at least as many as either), `depth` wasm frames active below it.
fn run_native<H: Host>(
    h: &mut H,
    e: NativeEntry,
    cells: &mut [u64],
    depth: usize,
) -> Result<(), Trap> {
    debug_assert!(cells.len() >= e.params.max(e.results));
    let host: *mut H = h;
    let mut ctx = new_ctx::<H>(h.runtime(), host, e.instance, depth);
    // SAFETY: `e` is the entry and trampoline of a function compiled for this module by
    // the `Compiler`'s contract (`NativeFunc::new`), kept by its module's code, which
    // the runtime keeps; `ctx` is a context for the function's instance, filled by
    // `new_ctx`, valid for the whole call; `cells` holds the cells the trampoline reads
    // and writes. Until the trampoline returns, `h` is only used through `host` (by the
    // libcalls, one at a time, on this thread).
    unsafe { (e.trampoline)(&mut ctx, cells.as_mut_ptr(), e.call) };
    let rt = h.runtime();
    rt.fuel = ctx.fuel;
    if let Some(p) = ctx.panic.take() {
        std::panic::resume_unwind(p);
    }
    if ctx.status != 0 {
        return Err(ctx.pending.take().unwrap_or_else(|| {
            Trap::from_reason(TrapReason::Unsupported(
                "native code failed without a trap".into(),
            ))
        }));
    }
    Ok(())
}

/// A context for native code of `instance`, `depth` frames active below it.
fn new_ctx<H: Host>(rt: &mut Runtime, host: *mut H, instance: InstanceAddr, depth: usize) -> VmCtx {
    // Native frames stop `min_native_stack` above the end of the thread's stack: room
    // for the libcalls, which check the stack themselves before nesting further. With
    // unknown bounds, 512 KiB below here.
    let sp = crate::native_stack::approximate_pointer();
    let stack_limit = match crate::native_stack::low() {
        Some(low) => low.saturating_add(rt.config.min_native_stack),
        None => sp.saturating_sub(512 << 10),
    };
    let mut ctx = VmCtx {
        status: 0,
        instance_id: instance.0,
        mem_base: std::ptr::null_mut(),
        mem_len: 0,
        globals: std::ptr::null_mut(),
        global_addrs: std::ptr::null(),
        func_addrs: std::ptr::null(),
        native_calls: std::ptr::null(),
        depth: depth as u64,
        max_depth: rt.config.max_call_depth as u64,
        stack_limit,
        interrupt: std::sync::Arc::as_ptr(&rt.interrupt),
        fuel: rt.fuel,
        funcs: std::ptr::null(),
        type_ids: std::ptr::null(),
        table0: std::ptr::null(),
        table0_len: 0,
        libcalls: libcalls::<H>(),
        host: host.cast(),
        instance,
        pending: None,
        panic: None,
    };
    refresh(rt, &mut ctx);
    ctx
}

/// Points `ctx` at what its instance's native code reads, again after anything that
/// may have moved or resized it (a grown memory, new globals).
fn refresh(rt: &mut Runtime, ctx: &mut VmCtx) {
    let inst = &rt.instances[ctx.instance.0 as usize];
    if let Some(&m) = inst.memories.first() {
        let data = &mut rt.memories[m.0 as usize].data;
        ctx.mem_len = data.len() as u64;
        ctx.mem_base = data.base_ptr();
    }
    if let Some(&t) = inst.tables.first() {
        let elements = &rt.tables[t.0 as usize].elements;
        ctx.table0 = elements.as_ptr();
        ctx.table0_len = elements.len() as u64;
    }
    ctx.funcs = rt.funcs.as_ptr().cast();
    ctx.type_ids = inst.type_ids.as_ptr();
    ctx.globals = rt.globals.as_mut_ptr().cast();
    // The addresses are `repr(transparent)` `u32`s.
    ctx.global_addrs = inst.globals.as_ptr().cast();
    ctx.func_addrs = inst.funcs.as_ptr().cast();
    ctx.native_calls = inst
        .code
        .native
        .as_ref()
        .map_or(std::ptr::null(), |n| n.entries());
}

fn libcalls<H: Host>() -> Libcalls {
    Libcalls {
        call: lib_call::<H>,
        call_indirect: lib_call_indirect::<H>,
        trap: lib_trap,
        frame: lib_frame,
        checkpoint: lib_checkpoint::<H>,
        memory_grow: lib_memory_grow::<H>,
        bulk: lib_bulk::<H>,
    }
}

/// Runs `f` with the host, the context's instance and its depth (the frames active,
/// the calling one included), fuel in the runtime meanwhile; a trap or a panic it ends
/// with becomes the context's pending one. The context is refreshed after.
///
/// # Safety
/// `ctx` must be the context `run_native` made for the running native code, with the
/// `H` it was made for.
unsafe fn with_host<H: Host, R: Default>(
    ctx: *mut VmCtx,
    f: impl FnOnce(&mut H, InstanceAddr, usize) -> Result<R, Trap>,
) -> R {
    // SAFETY: by the contract, `ctx` is the live context of this call and `host` the
    // `&mut H` that `run_native` does not use until the trampoline returns; native code
    // holds no reference into either across the libcall.
    let (ctx, h) = unsafe { (&mut *ctx, &mut *(*ctx).host.cast::<H>()) };
    let rt = h.runtime();
    rt.fuel = ctx.fuel;
    let saved_depth = rt.depth;
    let (instance, depth) = (ctx.instance, ctx.depth as usize);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(h, instance, depth)));
    let rt = h.runtime();
    rt.depth = saved_depth;
    ctx.fuel = rt.fuel;
    refresh(rt, ctx);
    match r {
        Ok(Ok(v)) => v,
        Ok(Err(t)) => {
            ctx.pending = Some(t);
            ctx.status = 1;
            R::default()
        }
        Err(p) => {
            ctx.panic = Some(p);
            ctx.status = 1;
            R::default()
        }
    }
}

/// [`Libcalls::call`].
unsafe extern "C" fn lib_call<H: Host>(ctx: *mut VmCtx, addr: u32, cells: *mut u64) {
    // SAFETY: native code calls this with its context, and cells for the callee's
    // parameters and results (`call_from_native`'s contract).
    unsafe {
        with_host::<H, ()>(ctx, |h, instance, depth| {
            call_from_native(h, FuncAddr(addr), instance, depth, cells)
        })
    }
}

/// [`Libcalls::call_indirect`].
unsafe extern "C" fn lib_call_indirect<H: Host>(
    ctx: *mut VmCtx,
    ty: u32,
    table: u32,
    index: u64,
    cells: *mut u64,
) {
    // SAFETY: as for `lib_call`; validation proved `ty` and `table` indices of the
    // instance's module, and the callee is of type `ty` (checked) so `cells` fits it.
    unsafe {
        with_host::<H, ()>(ctx, |h, instance, depth| {
            let addr = indirect_call_target(h.runtime(), instance, ty, table, index)?;
            call_from_native(h, addr, instance, depth, cells)
        })
    }
}

/// Calls `addr` for native code of `caller` with `depth` frames active, arguments and
/// results in `cells`.
///
/// # Safety
/// `cells` must be valid for as many cells as the callee has parameters or results.
unsafe fn call_from_native<H: Host>(
    h: &mut H,
    addr: FuncAddr,
    caller: InstanceAddr,
    depth: usize,
    cells: *mut u64,
) -> Result<(), Trap> {
    let rt = h.runtime();
    let f = &rt.funcs[addr.0 as usize];
    let (np, nr) = (f.ty.param_cells(), f.ty.result_cells());
    // SAFETY: the caller's contract.
    let cells = unsafe { std::slice::from_raw_parts_mut(cells, np.max(nr)) };
    if let FuncKind::Host { id } = f.kind {
        let mut small = [0u64; 16];
        let mut big = Vec::new();
        let args = if np <= small.len() {
            &mut small[..np]
        } else {
            big.resize(np, 0);
            &mut big[..]
        };
        args.copy_from_slice(&cells[..np]);
        rt.depth = depth;
        return h.call_host(id, Some(caller), args, &mut cells[..nr]);
    }
    if let Some(e) = native_entry(rt, addr) {
        return run_native(h, e, cells, depth);
    }
    // An interpreted callee: its frame at the top of the value stack.
    if crate::native_stack::remaining().is_some_and(|left| left < rt.config.min_native_stack) {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    let base = rt.stack_top;
    if base + np.max(nr) > rt.config.max_stack_cells {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    reserve_window(&mut rt.stack, base);
    rt.stack[base..base + np].copy_from_slice(&cells[..np]);
    rt.depth = depth;
    let saved_top = rt.stack_top;
    let r = interpret_to_return(h, addr, base);
    let rt = h.runtime();
    rt.stack_top = saved_top;
    r?;
    cells[..nr].copy_from_slice(&rt.stack[base..base + nr]);
    Ok(())
}

/// A frame of native code's function `func` (its index in the module) at byte `offset`.
fn native_frame(instance: InstanceAddr, func: u32, offset: u32) -> BacktraceFrame {
    BacktraceFrame {
        instance,
        func_index: func,
        offset: Some(offset).filter(|&o| o != 0),
    }
}

/// [`Libcalls::trap`].
unsafe extern "C" fn lib_trap(ctx: *mut VmCtx, code: u32, func: u32, offset: u32) {
    // SAFETY: native code calls this with its context, which nothing else references
    // meanwhile.
    let ctx = unsafe { &mut *ctx };
    let code = TrapCode::ALL
        .get(code as usize)
        .copied()
        .unwrap_or(TrapCode::Unreachable);
    let mut t = Trap::new(code);
    if offset != u32::MAX {
        t.backtrace.push(native_frame(ctx.instance, func, offset));
    }
    ctx.pending = Some(t);
    ctx.status = 1;
}

/// [`Libcalls::frame`].
unsafe extern "C" fn lib_frame(ctx: *mut VmCtx, func: u32, offset: u32) {
    // SAFETY: as for `lib_trap`.
    let ctx = unsafe { &mut *ctx };
    let instance = ctx.instance;
    if let Some(t) = ctx.pending.as_mut() {
        t.backtrace.push(native_frame(instance, func, offset));
    }
}

/// [`Libcalls::checkpoint`]: what `Op::ConsumeFuel`'s slow path does.
unsafe extern "C" fn lib_checkpoint<H: Host>(ctx: *mut VmCtx, amount: u64) {
    // SAFETY: native code calls this with its context.
    unsafe {
        with_host::<H, ()>(ctx, |h, _, _| {
            checkpoint(h)?;
            let rt = h.runtime();
            if rt.config.fuel {
                if rt.fuel < amount {
                    rt.fuel = 0;
                    return Err(Trap::new(TrapCode::OutOfFuel));
                }
                rt.fuel -= amount;
            }
            Ok(())
        })
    }
}

/// [`Libcalls::memory_grow`]: what `Op::MemoryGrow` does.
unsafe extern "C" fn lib_memory_grow<H: Host>(ctx: *mut VmCtx, memory: u32, delta: u64) -> u64 {
    // SAFETY: native code calls this with its context.
    unsafe {
        with_host::<H, u64>(ctx, |h, instance, _| {
            let m = h.runtime().instances[instance.0 as usize].memories[memory as usize];
            memory_grow(h, m, delta)
        })
    }
}

/// [`Libcalls::bulk`]: the bulk memory and table instructions, as their ops do.
unsafe extern "C" fn lib_bulk<H: Host>(
    ctx: *mut VmCtx,
    op: u32,
    a: u32,
    b: u32,
    x: u64,
    y: u64,
    z: u64,
) -> u64 {
    // SAFETY: native code calls this with its context.
    unsafe {
        with_host::<H, u64>(ctx, |h, instance, _| {
            let Some(&op) = BulkOp::ALL.get(op as usize) else {
                return Err(Trap::from_reason(TrapReason::Unsupported(format!(
                    "no bulk operation {op}"
                ))));
            };
            bulk(h, instance, op, a, b, [x, y, z])
        })
    }
}

fn bulk<H: Host>(
    h: &mut H,
    instance: InstanceAddr,
    op: BulkOp,
    a: u32,
    b: u32,
    [x, y, z]: [u64; 3],
) -> Result<u64, Trap> {
    let rt = h.runtime();
    let inst = &rt.instances[instance.0 as usize];
    let oob = |code| Trap::new(code);
    match op {
        BulkOp::MemoryFill => {
            let m = inst.memories[a as usize];
            let mem = &mut rt.memories[m.0 as usize].data;
            let at = in_bounds(x, z, mem.len()).ok_or(oob(TrapCode::MemoryOutOfBounds))?;
            mem[at..at + z as usize].fill(y as u8);
        }
        BulkOp::MemoryCopy => {
            let (dm, sm) = (inst.memories[a as usize], inst.memories[b as usize]);
            let dlen = rt.memories[dm.0 as usize].data.len();
            let slen = rt.memories[sm.0 as usize].data.len();
            let (Some(d), Some(s)) = (in_bounds(x, z, dlen), in_bounds(y, z, slen)) else {
                return Err(oob(TrapCode::MemoryOutOfBounds));
            };
            let n = z as usize;
            if dm == sm {
                rt.memories[dm.0 as usize].data.copy_within(s..s + n, d);
            } else {
                let tmp = rt.memories[sm.0 as usize].data[s..s + n].to_vec();
                rt.memories[dm.0 as usize].data[d..d + n].copy_from_slice(&tmp);
            }
        }
        BulkOp::MemoryInit => {
            rt.memory_init(instance, b, a, x, y as u32, z as u32)
                .map_err(Trap::new)?;
        }
        BulkOp::DataDrop => {
            rt.instances[instance.0 as usize].datas[a as usize] = None;
        }
        BulkOp::TableGet => {
            let t = &rt.tables[inst.tables[a as usize].0 as usize];
            return t.get(t.index(x)).ok_or(oob(TrapCode::TableOutOfBounds));
        }
        BulkOp::TableSet => {
            let t = &mut rt.tables[inst.tables[a as usize].0 as usize];
            let i = t.slot(t.index(x)).ok_or(oob(TrapCode::TableOutOfBounds))?;
            t.elements[i] = y;
        }
        BulkOp::TableSize => {
            return Ok(rt.tables[inst.tables[a as usize].0 as usize].elements.len() as u64);
        }
        BulkOp::TableGrow => {
            let t = inst.tables[a as usize];
            return table_grow(h, t, x, y);
        }
        BulkOp::TableFill => {
            let t = &mut rt.tables[inst.tables[a as usize].0 as usize];
            let (dst, len) = (t.index(x), t.index(z));
            let d = in_bounds(dst, len, t.elements.len()).ok_or(oob(TrapCode::TableOutOfBounds))?;
            t.elements[d..d + len as usize].fill(y);
        }
        BulkOp::TableCopy => {
            let (dt, st) = (inst.tables[a as usize], inst.tables[b as usize]);
            let (d, s) = (&rt.tables[dt.0 as usize], &rt.tables[st.0 as usize]);
            let len = if d.ty.address.is_64() && s.ty.address.is_64() {
                z
            } else {
                u64::from(z as u32)
            };
            let (Some(dst), Some(src)) = (
                in_bounds(d.index(x), len, d.elements.len()),
                in_bounds(s.index(y), len, s.elements.len()),
            ) else {
                return Err(oob(TrapCode::TableOutOfBounds));
            };
            let n = len as usize;
            if dt == st {
                rt.tables[dt.0 as usize]
                    .elements
                    .copy_within(src..src + n, dst);
            } else {
                let tmp = rt.tables[st.0 as usize].elements[src..src + n].to_vec();
                rt.tables[dt.0 as usize].elements[dst..dst + n].copy_from_slice(&tmp);
            }
        }
        BulkOp::TableInit => {
            let t = inst.tables[b as usize];
            let dst = address(x, rt.table_type(t).address.is_64());
            rt.table_init(instance, b, a, dst, y as u32, z as u32)
                .map_err(Trap::new)?;
        }
        BulkOp::ElemDrop => {
            rt.instances[instance.0 as usize].elems[a as usize] = Vec::new();
        }
    }
    Ok(0)
}

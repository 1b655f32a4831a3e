//! The compiling tier's interface: what a code generator plugged into the engine
//! implements ([`Compiler`]), what it returns ([`NativeFunc`]), and the context native
//! code runs against ([`VmCtx`]), whose layout the generated code reads by offset.
//!
//! The engine knows no code generator: `awe` installs one (`awe-compile`, Cranelift)
//! through [`crate::Config::compiler`]. Without one, or with
//! [`Strategy::Interpreter`], everything runs in the interpreter.
//!
//! # Native code's contract
//! - A function is `(vmctx, params...) -> results` in the generator's tail calling
//!   convention, values as the interpreter's cells have them (`i32`/`i64`/`f32`/`f64`
//!   as themselves, references as 64-bit cells).
//! - Its array trampoline is `extern "C" fn(vmctx, cells, function)`: it calls
//!   `function` with the parameters read from `cells` and writes the results there.
//! - It reads memory 0 at [`VmCtx::mem_base`] within [`VmCtx::mem_len`] bytes (checked
//!   by the code itself before every access), globals through [`VmCtx::globals`] and
//!   [`VmCtx::global_addrs`] ([`GLOBAL_STRIDE`], [`GLOBAL_VALUE`]), and calls the defined
//!   functions of its module through [`VmCtx::native_calls`] (null: not compiled, then
//!   through [`Libcalls::call`]). Everything a call may change (memory, globals) it
//!   reads again after the call.
//! - It counts call depth in [`VmCtx::depth`] (up to [`VmCtx::max_depth`]) and checks the
//!   stack pointer against [`VmCtx::stack_limit`] on entry; it consumes fuel in
//!   [`VmCtx::fuel`] at the interpreter's checkpoints, with the same amounts.
//! - It never faults: a trap is [`Libcalls::trap`], then a return (results zero) up to
//!   the entry; after each call, a nonzero [`VmCtx::status`] makes the caller add its
//!   frame ([`Libcalls::frame`]) and return too.

use crate::runtime::{FuncInst, GlobalInst, InstanceAddr};
pub use crate::translate::Checkpoints;
use awe_validate::ValidModule;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// How a runtime runs wasm functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Strategy {
    /// Everything in the interpreter.
    Interpreter,
    /// Each function compiled to native code before its first call (those the compiler
    /// does not support run in the interpreter).
    Compiler,
    /// Functions start in the interpreter and are compiled once they are hot
    /// ([`crate::Config::tier_up_calls`]).
    #[default]
    Tiered,
}

/// A code generator for the compiling tier.
pub trait Compiler: Send + Sync + std::fmt::Debug {
    /// Compiles defined function `index` (0 is the first function the module defines)
    /// of `module`, with fuel and interrupt checkpoints where `checkpoints` says (the
    /// interpreter's, with the same fuel amounts). An error says why the function stays
    /// in the interpreter (a feature not supported yet).
    fn compile(
        &self,
        module: &ValidModule,
        index: u32,
        checkpoints: Checkpoints,
    ) -> Result<NativeFunc, String>;
}

/// A function compiled to native code: its entry, its array trampoline, and what owns
/// the executable memory they are in.
pub struct NativeFunc {
    call: *const u8,
    trampoline: *const u8,
    _owner: Arc<dyn Send + Sync>,
}

// SAFETY: the pointers are into executable memory owned by `_owner` (which is `Send +
// Sync` and never written after it was made executable); calling them is what
// `NativeFunc::new`'s contract makes sound, from any thread.
unsafe impl Send for NativeFunc {}
// SAFETY: as for `Send`: nothing is mutable.
unsafe impl Sync for NativeFunc {}

impl std::fmt::Debug for NativeFunc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NativeFunc({:p})", self.call)
    }
}

/// The array trampoline's signature (see the module's documentation).
pub type Trampoline = unsafe extern "C" fn(*mut VmCtx, *mut u64, *const u8);

impl NativeFunc {
    /// A compiled function.
    ///
    /// # Safety
    /// `call` must be the entry of code that implements the function of the module it
    /// was compiled from by the contract in the module's documentation, `trampoline` an
    /// array trampoline of its type, both executable and kept so by `owner`.
    pub unsafe fn new(call: *const u8, trampoline: *const u8, owner: Arc<dyn Send + Sync>) -> Self {
        NativeFunc {
            call,
            trampoline,
            _owner: owner,
        }
    }

    /// The entry in the tier's calling convention.
    pub fn call_ptr(&self) -> *const u8 {
        self.call
    }

    pub(crate) fn trampoline(&self) -> Trampoline {
        // SAFETY: `new`'s contract: an array trampoline.
        unsafe { std::mem::transmute::<*const u8, Trampoline>(self.trampoline) }
    }
}

/// Bytes between two functions in the runtime's arena ([`VmCtx::funcs`]).
pub const FUNC_STRIDE: usize = std::mem::size_of::<FuncInst>();
/// Where a function's type number (a `u32`, equal for equal types) is in its entry.
pub const FUNC_TYPE_ID: usize = std::mem::offset_of!(FuncInst, type_id);
/// Where a function's instance address is in its entry (a `u32`; `u32::MAX` for a host
/// function).
pub const FUNC_OWNER: usize = std::mem::offset_of!(FuncInst, owner);
/// Where a function's index among its instance's defined functions is (a `u32`).
pub const FUNC_DEFINED: usize = std::mem::offset_of!(FuncInst, defined);

/// Bytes between two globals in the runtime's arena ([`VmCtx::globals`]).
pub const GLOBAL_STRIDE: usize = std::mem::size_of::<GlobalInst>();
/// Where a global's value cell is in its entry of the arena.
pub const GLOBAL_VALUE: usize = std::mem::offset_of!(GlobalInst, value);

/// The engine's functions native code calls. Each takes the context first; one that
/// fails sets [`VmCtx::status`].
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Libcalls {
    /// Calls function `addr` (a runtime address) with the arguments in `cells`, which
    /// get the results: a host function, an interpreted one, or native code.
    pub call: unsafe extern "C" fn(*mut VmCtx, u32, *mut u64),
    /// `call_indirect` of type `ty` through entry `index` of table `table`, as `call`.
    pub call_indirect: unsafe extern "C" fn(*mut VmCtx, u32, u32, u64, *mut u64),
    /// Traps with trap code `code` (an index in [`TrapCode::ALL`](crate::TrapCode::ALL))
    /// in function `func` at byte `offset` (`u32::MAX`: on entry, before the frame
    /// exists).
    pub trap: unsafe extern "C" fn(*mut VmCtx, u32, u32, u32),
    /// Adds function `func` at byte `offset` to the pending trap's backtrace.
    pub frame: unsafe extern "C" fn(*mut VmCtx, u32, u32),
    /// A checkpoint that found the interrupt flag set or too little fuel: asks the
    /// host, then consumes `amount` fuel (when fuel is on) or traps.
    pub checkpoint: unsafe extern "C" fn(*mut VmCtx, u64),
    /// `memory.grow` of memory `mem` by `delta` pages: the old size or -1.
    pub memory_grow: unsafe extern "C" fn(*mut VmCtx, u32, u64) -> u64,
    /// One of the bulk and table instructions ([`BulkOp`]) with its immediates and
    /// operands; its result, if it has one.
    pub bulk: unsafe extern "C" fn(*mut VmCtx, u32, u32, u32, u64, u64, u64) -> u64,
}

/// The instructions native code leaves to [`Libcalls::bulk`], by number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum BulkOp {
    /// `memory.fill mem` (dst, val, len).
    MemoryFill,
    /// `memory.copy dst src` (dst, src, len).
    MemoryCopy,
    /// `memory.init data mem` (dst, src, len).
    MemoryInit,
    /// `data.drop data`.
    DataDrop,
    /// `table.get table` (index) → the element.
    TableGet,
    /// `table.set table` (index, value).
    TableSet,
    /// `table.size table` → the size.
    TableSize,
    /// `table.grow table` (init, delta) → the old size or -1.
    TableGrow,
    /// `table.fill table` (dst, value, len).
    TableFill,
    /// `table.copy dst src` (dst, src, len).
    TableCopy,
    /// `table.init elem table` (dst, src, len).
    TableInit,
    /// `elem.drop elem`.
    ElemDrop,
}

impl BulkOp {
    /// Every one, by number.
    pub const ALL: [BulkOp; 12] = [
        BulkOp::MemoryFill,
        BulkOp::MemoryCopy,
        BulkOp::MemoryInit,
        BulkOp::DataDrop,
        BulkOp::TableGet,
        BulkOp::TableSet,
        BulkOp::TableSize,
        BulkOp::TableGrow,
        BulkOp::TableFill,
        BulkOp::TableCopy,
        BulkOp::TableInit,
        BulkOp::ElemDrop,
    ];
}

/// What native code runs against: one per instance entered from the interpreter or the
/// host (and per call into another instance). The fields up to [`VmCtx::libcalls`] are
/// read and written by native code at their offsets (`std::mem::offset_of!`); the rest
/// are the engine's.
#[repr(C)]
pub struct VmCtx {
    /// Nonzero once a trap (or a host's panic) is pending: native code returns.
    pub status: u32,
    /// The instance's address (what [`FUNC_OWNER`] is for its functions).
    pub instance_id: u32,
    /// Memory 0's bytes (null if the instance has none).
    pub mem_base: *mut u8,
    /// Memory 0's length in bytes.
    pub mem_len: u64,
    /// The runtime's global arena (entries of [`GLOBAL_STRIDE`] bytes).
    pub globals: *mut u8,
    /// The instance's global space: each global's index in the arena, as `u32`s.
    pub global_addrs: *const u32,
    /// The instance's function space: each function's runtime address, as `u32`s.
    pub func_addrs: *const u32,
    /// For each defined function of the module, its native entry (null if none yet).
    pub native_calls: *const *const u8,
    /// Wasm frames active (interpreted and native), below the running function.
    pub depth: u64,
    /// The depth at which a call traps with "call stack exhausted".
    pub max_depth: u64,
    /// The lowest stack pointer a function may start with.
    pub stack_limit: usize,
    /// The runtime's interrupt flag.
    pub interrupt: *const AtomicBool,
    /// The fuel left (kept here while native code runs).
    pub fuel: u64,
    /// The runtime's function arena (entries of [`FUNC_STRIDE`] bytes, by address).
    pub funcs: *const u8,
    /// The instance's type numbers, by type index (`u32`s): what a `call_indirect`'s
    /// callee must have ([`FUNC_TYPE_ID`]).
    pub type_ids: *const u32,
    /// The elements of the instance's table 0 (reference cells: function address + 1,
    /// 0 for null), null if it has none.
    pub table0: *const u64,
    /// Table 0's size in elements.
    pub table0_len: u64,
    /// The engine's functions.
    pub libcalls: Libcalls,
    pub(crate) host: *mut (),
    pub(crate) instance: InstanceAddr,
    pub(crate) pending: Option<crate::Trap>,
    pub(crate) panic: Option<Box<dyn std::any::Any + Send>>,
}

/// The offsets of [`VmCtx`]'s fields that native code uses, in bytes.
pub mod offsets {
    use super::{Libcalls, VmCtx};
    use std::mem::offset_of;
    /// [`VmCtx::status`].
    pub const STATUS: i32 = offset_of!(VmCtx, status) as i32;
    /// [`VmCtx::mem_base`].
    pub const MEM_BASE: i32 = offset_of!(VmCtx, mem_base) as i32;
    /// [`VmCtx::mem_len`].
    pub const MEM_LEN: i32 = offset_of!(VmCtx, mem_len) as i32;
    /// [`VmCtx::globals`].
    pub const GLOBALS: i32 = offset_of!(VmCtx, globals) as i32;
    /// [`VmCtx::global_addrs`].
    pub const GLOBAL_ADDRS: i32 = offset_of!(VmCtx, global_addrs) as i32;
    /// [`VmCtx::func_addrs`].
    pub const FUNC_ADDRS: i32 = offset_of!(VmCtx, func_addrs) as i32;
    /// [`VmCtx::native_calls`].
    pub const NATIVE_CALLS: i32 = offset_of!(VmCtx, native_calls) as i32;
    /// [`VmCtx::depth`].
    pub const DEPTH: i32 = offset_of!(VmCtx, depth) as i32;
    /// [`VmCtx::max_depth`].
    pub const MAX_DEPTH: i32 = offset_of!(VmCtx, max_depth) as i32;
    /// [`VmCtx::stack_limit`].
    pub const STACK_LIMIT: i32 = offset_of!(VmCtx, stack_limit) as i32;
    /// [`VmCtx::interrupt`].
    pub const INTERRUPT: i32 = offset_of!(VmCtx, interrupt) as i32;
    /// [`VmCtx::fuel`].
    pub const FUEL: i32 = offset_of!(VmCtx, fuel) as i32;
    /// [`VmCtx::instance_id`].
    pub const INSTANCE_ID: i32 = offset_of!(VmCtx, instance_id) as i32;
    /// [`VmCtx::funcs`].
    pub const FUNCS: i32 = offset_of!(VmCtx, funcs) as i32;
    /// [`VmCtx::type_ids`].
    pub const TYPE_IDS: i32 = offset_of!(VmCtx, type_ids) as i32;
    /// [`VmCtx::table0`].
    pub const TABLE0: i32 = offset_of!(VmCtx, table0) as i32;
    /// [`VmCtx::table0_len`].
    pub const TABLE0_LEN: i32 = offset_of!(VmCtx, table0_len) as i32;
    const LIBCALLS: usize = offset_of!(VmCtx, libcalls);
    /// [`Libcalls::call`].
    pub const CALL: i32 = (LIBCALLS + offset_of!(Libcalls, call)) as i32;
    /// [`Libcalls::call_indirect`].
    pub const CALL_INDIRECT: i32 = (LIBCALLS + offset_of!(Libcalls, call_indirect)) as i32;
    /// [`Libcalls::trap`].
    pub const TRAP: i32 = (LIBCALLS + offset_of!(Libcalls, trap)) as i32;
    /// [`Libcalls::frame`].
    pub const FRAME: i32 = (LIBCALLS + offset_of!(Libcalls, frame)) as i32;
    /// [`Libcalls::checkpoint`].
    pub const CHECKPOINT: i32 = (LIBCALLS + offset_of!(Libcalls, checkpoint)) as i32;
    /// [`Libcalls::memory_grow`].
    pub const MEMORY_GROW: i32 = (LIBCALLS + offset_of!(Libcalls, memory_grow)) as i32;
    /// [`Libcalls::bulk`].
    pub const BULK: i32 = (LIBCALLS + offset_of!(Libcalls, bulk)) as i32;
}

/// A trap code's number for [`Libcalls::trap`].
pub fn trap_number(code: crate::TrapCode) -> u32 {
    code as u32
}

/// Where a call to a function goes ([`NativeTier::for_call`]).
pub(crate) enum Tier<'a> {
    /// To its native code.
    Native(&'a NativeFunc),
    /// To the interpreter.
    Interpret,
    /// To the interpreter, and the function is to be compiled in the background now.
    CompileInBackground,
}

/// Bytes of native stack left on the calling thread, if known: a compiler may work on
/// the caller's thread when there is plenty (code generators use a few hundred KiB).
pub fn stack_left() -> Option<usize> {
    crate::native_stack::remaining()
}

/// A job for the background threads.
type Job = Box<dyn FnOnce() + Send>;

/// Runs `job` on one of the compiler's background threads (as many as the machine has
/// cores, started on first use; jobs wait in a queue).
pub(crate) fn in_background(job: Job) {
    use std::sync::mpsc::{Sender, channel};
    use std::sync::{Mutex, OnceLock};
    static QUEUE: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let n = std::thread::available_parallelism().map_or(1, |n| n.get());
        for k in 0..n {
            let rx = rx.clone();
            // A thread that cannot start leaves the others (or none: then the jobs
            // wait, and the functions stay interpreted).
            let _ = std::thread::Builder::new()
                .name(format!("awe-tier-up-{k}"))
                // Code generators use a few hundred KiB of stack (more unoptimized).
                .stack_size(16 << 20)
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panic of the compiler leaves the function interpreted.
                            Ok(job) => {
                                drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)))
                            }
                            Err(_) => return,
                        }
                    }
                });
        }
        Mutex::new(tx)
    });
    if let Ok(tx) = queue.lock() {
        let _ = tx.send(job);
    }
}

/// A module's compiled functions (see [`crate::ModuleCode`]): what the engine asks the
/// compiler for, and when.
#[derive(Debug)]
pub(crate) struct NativeTier {
    compiler: Arc<dyn Compiler>,
    strategy: Strategy,
    /// Calls a function takes in the interpreter before it is compiled (`Tiered`).
    threshold: u32,
    /// Each defined function's native code, once compiled or found unsupported.
    funcs: Box<[std::sync::OnceLock<Result<NativeFunc, String>>]>,
    /// Each defined function's native entry (null until compiled): what native code's
    /// calls read ([`VmCtx::native_calls`]).
    entries: Box<[std::sync::atomic::AtomicPtr<u8>]>,
    /// Each defined function's calls through the engine so far (`Tiered`).
    counts: Box<[std::sync::atomic::AtomicU32]>,
}

impl NativeTier {
    pub(crate) fn new(config: &crate::Config, funcs: usize) -> Option<Self> {
        let compiler = config.compiler.clone()?;
        if config.strategy == Strategy::Interpreter {
            return None;
        }
        Some(NativeTier {
            compiler,
            strategy: config.strategy,
            threshold: config.tier_up_calls,
            funcs: (0..funcs).map(|_| std::sync::OnceLock::new()).collect(),
            entries: (0..funcs)
                .map(|_| std::sync::atomic::AtomicPtr::new(std::ptr::null_mut()))
                .collect(),
            counts: (0..funcs)
                .map(|_| std::sync::atomic::AtomicU32::new(0))
                .collect(),
        })
    }

    /// The entries table for [`VmCtx::native_calls`].
    pub(crate) fn entries(&self) -> *const *const u8 {
        self.entries.as_ptr().cast()
    }

    /// Defined function `i`'s native code, if it has some or should get it now: with
    /// `Compiler` it is compiled on its first call; with `Tiered`, the call that makes
    /// `threshold` calls asks for it in the background ([`Tier::CompileInBackground`]).
    pub(crate) fn for_call(
        &self,
        module: &ValidModule,
        checkpoints: Checkpoints,
        i: usize,
    ) -> Tier<'_> {
        if let Some(r) = self.funcs[i].get() {
            return r.as_ref().map_or(Tier::Interpret, Tier::Native);
        }
        if self.strategy == Strategy::Tiered {
            use std::sync::atomic::Ordering::Relaxed;
            let n = self.counts[i].fetch_add(1, Relaxed).wrapping_add(1);
            return if n == self.threshold {
                Tier::CompileInBackground
            } else {
                Tier::Interpret
            };
        }
        self.compiled(module, checkpoints, i)
            .map_or(Tier::Interpret, Tier::Native)
    }

    /// Defined function `i` compiled now if it was not (or why it cannot be).
    pub(crate) fn compiled(
        &self,
        module: &ValidModule,
        checkpoints: Checkpoints,
        i: usize,
    ) -> Result<&NativeFunc, &str> {
        let r = self.funcs[i].get_or_init(|| self.compiler.compile(module, i as u32, checkpoints));
        match r {
            Ok(f) => {
                self.entries[i].store(
                    f.call_ptr() as *mut u8,
                    std::sync::atomic::Ordering::Release,
                );
                Ok(f)
            }
            Err(e) => Err(e),
        }
    }

    /// Whether the interpreter's fast calls may go to defined function `i`'s
    /// translation directly: not while its native code is to come.
    pub(crate) fn interpreted_for_good(&self, i: usize) -> bool {
        matches!(self.funcs[i].get(), Some(Err(_)))
    }

    /// Whether defined function `i` has native code.
    pub(crate) fn has_code(&self, i: usize) -> bool {
        matches!(self.funcs[i].get(), Some(Ok(_)))
    }

    /// Why defined function `i` is not compiled, once that is known.
    pub(crate) fn unsupported(&self, i: usize) -> Option<&str> {
        self.funcs[i].get()?.as_ref().err().map(|s| &**s)
    }
}

//! Cranelift runs on threads of its own, with a large stack: it needs a few hundred KiB
//! of it (more in debug builds), and the engine may ask for a function anywhere, deep in
//! a chain of calls or on a thread with a small stack. A thread that finds no idle
//! worker starts one; workers wait for the next function once done, and stay for the
//! process. A panic in Cranelift ends its worker, not the caller: the function is then
//! refused.

use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::OwnedTargetIsa;
use std::sync::Mutex;
use std::sync::mpsc::{Sender, SyncSender, channel, sync_channel};

/// The stack of a worker (address space: only what Cranelift touches is committed).
const WORKER_STACK: usize = 16 << 20;

/// The stack a thread must have left to compile on it (Cranelift takes 300–400 KiB in
/// debug builds, about 100 KiB optimized).
const INLINE_STACK: usize = 2 << 20;

/// A function to compile and where its machine code goes.
struct Job {
    isa: OwnedTargetIsa,
    func: Function,
    done: SyncSender<Result<Vec<u8>, String>>,
}

/// The idle workers.
static IDLE: Mutex<Vec<Sender<Job>>> = Mutex::new(Vec::new());

fn idle() -> std::sync::MutexGuard<'static, Vec<Sender<Job>>> {
    IDLE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `func` compiled for `isa` by a worker ([`crate::compile_ir`] there).
pub(crate) fn compile(isa: &OwnedTargetIsa, func: Function) -> Result<Vec<u8>, String> {
    // On the caller's thread when it has stack to spare (the engine's background
    // threads have 16 MiB): no hand-off.
    if awe_engine::native::stack_left().is_some_and(|left| left >= INLINE_STACK) {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::compile_ir(&**isa, func)
        }))
        .unwrap_or_else(|_| Err("cranelift panicked compiling the function".into()));
    }
    let worker = match idle().pop() {
        Some(w) => w,
        None => start()?,
    };
    let (done, result) = sync_channel(1);
    let job = Job {
        isa: isa.clone(),
        func,
        done,
    };
    if worker.send(job).is_err() {
        return Err("the compiler's worker thread is gone".into());
    }
    match result.recv() {
        Ok(r) => {
            idle().push(worker);
            r
        }
        // The worker panicked (and is gone).
        Err(_) => Err("cranelift panicked compiling the function".into()),
    }
}

/// A new worker.
fn start() -> Result<Sender<Job>, String> {
    let (jobs, inbox) = channel::<Job>();
    std::thread::Builder::new()
        .name("awe-compile".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            for job in inbox {
                let r = crate::compile_ir(&*job.isa, job.func);
                let _ = job.done.send(r);
            }
        })
        .map_err(|e| format!("starting a compiler thread: {e}"))?;
    Ok(jobs)
}

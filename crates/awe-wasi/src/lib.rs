//! WASI preview 1 (`wasi_snapshot_preview1`) for awe, built on its public embedding
//! API only.
//!
//! ```no_run
//! use awe::{Engine, Linker, Module, Store};
//! use awe_wasi::{WasiCtx, WasiCtxBuilder};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, std::fs::read("prog.wasm")?)?;
//! let ctx = WasiCtxBuilder::new()
//!     .args(["prog.wasm", "hello"])
//!     .inherit_stdio()
//!     .preopened_dir(".", ".", true)?
//!     .build()?;
//! let mut store = Store::new(&engine, ctx);
//! let mut linker = Linker::new(&engine);
//! awe_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
//! match start.call(&mut store, ()) {
//!     Ok(()) => {}
//!     Err(e) => match awe_wasi::exit_code(&e) {
//!         Some(code) => std::process::exit(code),
//!         None => return Err(e.into()),
//!     },
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Guarantees:
//!
//! - **A sandbox.** The program reaches only what the [`WasiCtxBuilder`] grants: its
//!   arguments, environment, standard streams and preopened directories. Every path is
//!   resolved by cap-std beneath a directory descriptor; escapes are refused (`PERM`, as
//!   wasmtime), and a read-only preopen refuses every change (`PERM`).
//! - **Hostile guests are bounded.** Every pointer and length is checked against the
//!   memory before use (a bad one traps, as the witx rules say); nothing is allocated in
//!   proportion to a count the guest gives beyond what its memory backs, and one read or
//!   write takes at most 1024 buffers.
//! - **The layouts and numbers of the witx files** ([`types`]).

#![warn(missing_docs)]

mod ctx;
mod error;
mod fd;
mod mem;
mod path;
mod poll;
mod proc;
mod stdio;
pub mod types;

pub use ctx::{WasiCtx, WasiCtxBuilder};
pub use error::{I32Exit, WasiTrap};
pub use stdio::{
    InheritStderr, InheritStdin, InheritStdout, MemoryInput, MemoryOutput, Sink, WasiInput,
    WasiOutput,
};

use awe::{Caller, Extern, FuncType, Linker, Trap, TrapReason, Val, ValType};
use error::{CallResult, Fail};
use mem::GuestMem;

/// The module name of every import this crate defines.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// The exit code of a program that ended with `proc_exit`, if `error` is that.
pub fn exit_code(error: &awe::Error) -> Option<i32> {
    match &error.as_trap()?.reason {
        TrapReason::Host(e) => e.downcast_ref::<I32Exit>().map(|e| e.0),
        _ => None,
    }
}

/// Runs one call: finds the caller's memory (exported as `memory`; without one, every
/// pointer is out of bounds) and its [`WasiCtx`], and turns the outcome into the
/// errno the guest gets or a trap.
fn run<T>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&mut T) -> &mut WasiCtx,
    call: impl FnOnce(&mut WasiCtx, &mut GuestMem) -> CallResult,
) -> awe::Result<i32> {
    let memory = caller.get_export("memory").and_then(Extern::into_memory);
    let result = match memory {
        Some(m) => {
            let (bytes, data) = m.data_and_store_mut(caller);
            call(get(data), &mut GuestMem::new(bytes))
        }
        None => call(get(caller.data_mut()), &mut GuestMem::new(&mut [])),
    };
    let host = |e: Box<dyn std::error::Error + Send + Sync>| {
        awe::Error::Trap(Trap::from_reason(TrapReason::Host(e)))
    };
    match result {
        Ok(()) => Ok(0),
        Err(Fail::Errno(e)) => Ok(i32::from(e as u16)),
        Err(Fail::Trap(t)) => Err(host(Box::new(t))),
        Err(Fail::Exit(code)) => Err(host(Box::new(I32Exit(code)))),
    }
}

/// Defines every function of `wasi_snapshot_preview1` in `linker`, as host functions
/// (of no store: each store instantiating with the linker gets its own); `get` finds
/// the [`WasiCtx`] in the store's data.
///
/// # Errors
/// If `linker` already defines one of these names (and does not allow shadowing).
pub fn add_to_linker<T: 'static, G>(linker: &mut Linker<T>, get: G) -> awe::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Copy + Send + Sync + 'static,
{
    macro_rules! define {
        ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
            linker.func_wrap(
                MODULE,
                stringify!($name),
                move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> awe::Result<i32> {
                    run(&mut caller, get, |cx, mem| cx.$name(mem, $($arg),*))
                },
            )?;
        )*};
    }
    define! {
        args_get(argv: u32, buf: u32);
        args_sizes_get(argc: u32, size: u32);
        environ_get(env: u32, buf: u32);
        environ_sizes_get(count: u32, size: u32);
        clock_res_get(id: u32, res: u32);
        clock_time_get(id: u32, precision: u64, time: u32);
        fd_advise(fd: u32, offset: u64, len: u64, advice: u32);
        fd_allocate(fd: u32, offset: u64, len: u64);
        fd_close(fd: u32);
        fd_datasync(fd: u32);
        fd_fdstat_get(fd: u32, ptr: u32);
        fd_fdstat_set_flags(fd: u32, flags: u32);
        fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64);
        fd_filestat_get(fd: u32, ptr: u32);
        fd_filestat_set_size(fd: u32, size: u64);
        fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32);
        fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nread: u32);
        fd_prestat_get(fd: u32, ptr: u32);
        fd_prestat_dir_name(fd: u32, ptr: u32, len: u32);
        fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nwritten: u32);
        fd_read(fd: u32, iovs: u32, iovs_len: u32, nread: u32);
        fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, bufused: u32);
        fd_renumber(from: u32, to: u32);
        fd_seek(fd: u32, offset: i64, whence: u32, newoffset: u32);
        fd_sync(fd: u32);
        fd_tell(fd: u32, offset: u32);
        fd_write(fd: u32, iovs: u32, iovs_len: u32, nwritten: u32);
        path_create_directory(fd: u32, path: u32, len: u32);
        path_filestat_get(fd: u32, flags: u32, path: u32, len: u32, buf: u32);
        path_filestat_set_times(
            fd: u32, flags: u32, path: u32, len: u32, atim: u64, mtim: u64, fst: u32
        );
        path_link(
            fd: u32, flags: u32, old: u32, old_len: u32, new_fd: u32, new: u32, new_len: u32
        );
        path_readlink(fd: u32, path: u32, len: u32, buf: u32, buf_len: u32, bufused: u32);
        path_remove_directory(fd: u32, path: u32, len: u32);
        path_rename(fd: u32, old: u32, old_len: u32, new_fd: u32, new: u32, new_len: u32);
        path_symlink(target: u32, target_len: u32, fd: u32, path: u32, len: u32);
        path_unlink_file(fd: u32, path: u32, len: u32);
        poll_oneoff(subs: u32, events: u32, n: u32, nevents: u32);
        proc_raise(sig: u32);
        random_get(buf: u32, len: u32);
        sched_yield();
        sock_accept(fd: u32, flags: u32, result: u32);
        sock_recv(
            fd: u32, data: u32, data_len: u32, flags: u32, datalen: u32, oflags: u32
        );
        sock_send(fd: u32, data: u32, data_len: u32, flags: u32, datalen: u32);
        sock_shutdown(fd: u32, how: u32);
    }
    // `proc_exit` returns nothing: it always ends the program.
    linker.func_wrap(
        MODULE,
        "proc_exit",
        move |mut caller: Caller<'_, T>, code: u32| -> awe::Result<()> {
            run(&mut caller, get, |cx, mem| cx.proc_exit(mem, code)).map(drop)
        },
    )?;
    // `path_open` has nine parameters, more than a typed closure takes.
    use ValType::{I32, I64};
    let ty = FuncType::new([I32, I32, I32, I32, I32, I64, I64, I32, I32], [I32]);
    linker.func_new(MODULE, "path_open", ty, move |mut caller, args, results| {
        let a = |i: usize| args[i].i32().unwrap_or(0) as u32;
        let b = |i: usize| args[i].i64().unwrap_or(0) as u64;
        let errno = run(&mut caller, get, |cx, mem| {
            cx.path_open(mem, a(0), a(1), a(2), a(3), a(4), b(5), b(6), a(7), a(8))
        })?;
        results[0] = Val::I32(errno);
        Ok(())
    })?;
    Ok(())
}

//! A guest for calling WASI functions one at a time from a test: a module, in the text
//! format and parsed by awe, that imports every `wasi_snapshot_preview1` function and
//! exports a wrapper of the same name (a WASI call needs a calling instance to find its
//! memory), with one page of exported memory the test reads and writes directly.
#![allow(dead_code)] // each test file uses its own subset

use awe::{Engine, Instance, Linker, Memory, Module, Store, Val, ValType};
use awe_wasi::types::Errno;
use awe_wasi::{WasiCtx, WasiCtxBuilder};
use std::fmt::Write as _;

/// Every function: its name and parameters (`i` = i32, `I` = i64); all return an i32
/// errno but `proc_exit`.
pub const FUNCS: &[(&str, &str)] = &[
    ("args_get", "ii"),
    ("args_sizes_get", "ii"),
    ("environ_get", "ii"),
    ("environ_sizes_get", "ii"),
    ("clock_res_get", "ii"),
    ("clock_time_get", "iIi"),
    ("fd_advise", "iIIi"),
    ("fd_allocate", "iII"),
    ("fd_close", "i"),
    ("fd_datasync", "i"),
    ("fd_fdstat_get", "ii"),
    ("fd_fdstat_set_flags", "ii"),
    ("fd_fdstat_set_rights", "iII"),
    ("fd_filestat_get", "ii"),
    ("fd_filestat_set_size", "iI"),
    ("fd_filestat_set_times", "iIIi"),
    ("fd_pread", "iiiIi"),
    ("fd_prestat_get", "ii"),
    ("fd_prestat_dir_name", "iii"),
    ("fd_pwrite", "iiiIi"),
    ("fd_read", "iiii"),
    ("fd_readdir", "iiiIi"),
    ("fd_renumber", "ii"),
    ("fd_seek", "iIii"),
    ("fd_sync", "i"),
    ("fd_tell", "ii"),
    ("fd_write", "iiii"),
    ("path_create_directory", "iii"),
    ("path_filestat_get", "iiiii"),
    ("path_filestat_set_times", "iiiiIIi"),
    ("path_link", "iiiiiii"),
    ("path_open", "iiiiiIIii"),
    ("path_readlink", "iiiiii"),
    ("path_remove_directory", "iii"),
    ("path_rename", "iiiiii"),
    ("path_symlink", "iiiii"),
    ("path_unlink_file", "iii"),
    ("poll_oneoff", "iiii"),
    ("proc_exit", "i"),
    ("proc_raise", "i"),
    ("random_get", "ii"),
    ("sched_yield", ""),
    ("sock_accept", "iii"),
    ("sock_recv", "iiiiii"),
    ("sock_send", "iiiii"),
    ("sock_shutdown", "ii"),
];

fn wat_type(c: char) -> &'static str {
    if c == 'I' { "i64" } else { "i32" }
}

/// The wrapper module's text (with or without a memory).
pub fn wrapper_wat(memory: bool) -> String {
    let mut imports = String::new();
    let mut funcs = String::new();
    for (name, params) in FUNCS {
        let ps: Vec<&str> = params.chars().map(wat_type).collect();
        let result = if *name == "proc_exit" {
            ""
        } else {
            "(result i32)"
        };
        let _ = writeln!(
            imports,
            "  (import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} (param {}) {result}))",
            ps.join(" ")
        );
        let gets: String = (0..ps.len()).map(|i| format!("(local.get {i}) ")).collect();
        let _ = writeln!(
            funcs,
            "  (func (export \"{name}\") (param {}) {result} (call ${name} {gets}))",
            ps.join(" ")
        );
    }
    let mem = if memory {
        "  (memory (export \"memory\") 1)\n"
    } else {
        ""
    };
    format!("(module\n{imports}{mem}{funcs})")
}

/// A guest with its WASI context.
pub struct Guest {
    pub store: Store<WasiCtx>,
    pub instance: Instance,
    pub memory: Option<Memory>,
}

/// What a call did: returned an errno, or trapped.
#[derive(Debug)]
pub enum Outcome {
    Errno(Errno),
    Trap(awe::Error),
}

impl Guest {
    /// The wrapper module instantiated with `ctx`.
    pub fn new(ctx: WasiCtx) -> Guest {
        Self::with_module(ctx, &wrapper_wat(true))
    }

    /// Any module instantiated with `ctx`.
    pub fn with_module(ctx: WasiCtx, wat: &str) -> Guest {
        let engine = Engine::default();
        let module = Module::new(&engine, wat).expect("the module compiles");
        let mut store = Store::new(&engine, ctx);
        let mut linker = Linker::new(&engine);
        awe_wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx).unwrap();
        let instance = linker
            .instantiate(&mut store, &module)
            .expect("instantiate");
        let memory = instance.get_memory(&store, "memory");
        Guest {
            store,
            instance,
            memory,
        }
    }

    /// A guest with nothing granted.
    pub fn empty() -> Guest {
        Self::new(WasiCtxBuilder::new().build().unwrap())
    }

    /// Calls `name` with `args` (each converted to the parameter's type).
    pub fn call(&mut self, name: &str, args: &[i64]) -> Outcome {
        let f = self
            .instance
            .get_func(&self.store, name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let ty = f.ty(&self.store);
        assert_eq!(
            ty.params.len(),
            args.len(),
            "{name} takes {} arguments",
            ty.params.len()
        );
        let params: Vec<Val> = ty
            .params
            .iter()
            .zip(args)
            .map(|(t, &a)| match t {
                ValType::I64 => Val::I64(a),
                _ => Val::I32(a as i32),
            })
            .collect();
        let mut results = vec![Val::I32(0); ty.results.len()];
        match f.call(&mut self.store, &params, &mut results) {
            Ok(()) => {
                let n = results.first().and_then(Val::i32).unwrap_or(0);
                Outcome::Errno(errno(n))
            }
            Err(e) => Outcome::Trap(e),
        }
    }

    /// Calls `name`, which must return (not trap); its errno.
    pub fn errno(&mut self, name: &str, args: &[i64]) -> Errno {
        match self.call(name, args) {
            Outcome::Errno(e) => e,
            Outcome::Trap(t) => panic!("{name}{args:?} trapped: {t}"),
        }
    }

    /// Calls `name`, which must succeed.
    pub fn ok(&mut self, name: &str, args: &[i64]) {
        assert_eq!(self.errno(name, args), Errno::Success, "{name}{args:?}");
    }

    /// Calls `name`, which must trap; the message.
    pub fn trap(&mut self, name: &str, args: &[i64]) -> String {
        match self.call(name, args) {
            Outcome::Trap(t) => t.to_string(),
            Outcome::Errno(e) => panic!("{name}{args:?} returned {e:?} instead of trapping"),
        }
    }

    pub fn mem(&self) -> &[u8] {
        self.memory.expect("a memory").data(&self.store)
    }

    pub fn write(&mut self, at: u32, bytes: &[u8]) {
        let m = self.memory.expect("a memory");
        m.data_mut(&mut self.store)[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
    }

    pub fn write_u32(&mut self, at: u32, v: u32) {
        self.write(at, &v.to_le_bytes());
    }

    pub fn write_u64(&mut self, at: u32, v: u64) {
        self.write(at, &v.to_le_bytes());
    }

    pub fn bytes(&self, at: u32, len: u32) -> Vec<u8> {
        self.mem()[at as usize..(at + len) as usize].to_vec()
    }

    pub fn u8(&self, at: u32) -> u8 {
        self.mem()[at as usize]
    }

    pub fn u16(&self, at: u32) -> u16 {
        u16::from_le_bytes(self.bytes(at, 2).try_into().unwrap())
    }

    pub fn u32(&self, at: u32) -> u32 {
        u32::from_le_bytes(self.bytes(at, 4).try_into().unwrap())
    }

    pub fn u64(&self, at: u32) -> u64 {
        u64::from_le_bytes(self.bytes(at, 8).try_into().unwrap())
    }

    /// Writes `s` at `at`; its pointer and length as call arguments.
    pub fn str(&mut self, at: u32, s: &str) -> [i64; 2] {
        self.write(at, s.as_bytes());
        [i64::from(at), s.len() as i64]
    }

    /// Writes iovecs for `bufs` (pointer, length) at `at`.
    pub fn iovecs(&mut self, at: u32, bufs: &[(u32, u32)]) {
        for (i, (p, l)) in bufs.iter().enumerate() {
            self.write_u32(at + 8 * i as u32, *p);
            self.write_u32(at + 8 * i as u32 + 4, *l);
        }
    }

    /// Opens `path` under directory `dir` (`path_open` with these flags and rights);
    /// the new descriptor or the errno.
    pub fn open(
        &mut self,
        dir: u32,
        follow: bool,
        path: &str,
        oflags: u16,
        rights: u64,
        fdflags: u16,
    ) -> Result<u32, Errno> {
        let [p, l] = self.str(60000, path);
        let e = self.errno(
            "path_open",
            &[
                i64::from(dir),
                i64::from(follow),
                p,
                l,
                i64::from(oflags),
                rights as i64,
                rights as i64,
                i64::from(fdflags),
                59996,
            ],
        );
        if e == Errno::Success {
            Ok(self.u32(59996))
        } else {
            Err(e)
        }
    }

    /// Calls a path function whose arguments are `dir`, then the path, then `rest`.
    pub fn at(&mut self, name: &str, dir: u32, path: &str, rest: &[i64]) -> Errno {
        let [p, l] = self.str(60000, path);
        let mut args = vec![i64::from(dir), p, l];
        args.extend_from_slice(rest);
        self.errno(name, &args)
    }
}

/// The errno of a number.
pub fn errno(n: i32) -> Errno {
    use Errno::*;
    const ALL: [Errno; 77] = [
        Success,
        TooBig,
        Acces,
        Addrinuse,
        Addrnotavail,
        Afnosupport,
        Again,
        Already,
        Badf,
        Badmsg,
        Busy,
        Canceled,
        Child,
        Connaborted,
        Connrefused,
        Connreset,
        Deadlk,
        Destaddrreq,
        Dom,
        Dquot,
        Exist,
        Fault,
        Fbig,
        Hostunreach,
        Idrm,
        Ilseq,
        Inprogress,
        Intr,
        Inval,
        Io,
        Isconn,
        Isdir,
        Loop,
        Mfile,
        Mlink,
        Msgsize,
        Multihop,
        Nametoolong,
        Netdown,
        Netreset,
        Netunreach,
        Nfile,
        Nobufs,
        Nodev,
        Noent,
        Noexec,
        Nolck,
        Nolink,
        Nomem,
        Nomsg,
        Noprotoopt,
        Nospc,
        Nosys,
        Notconn,
        Notdir,
        Notempty,
        Notrecoverable,
        Notsock,
        Notsup,
        Notty,
        Nxio,
        Overflow,
        Ownerdead,
        Perm,
        Pipe,
        Proto,
        Protonosupport,
        Prototype,
        Range,
        Rofs,
        Spipe,
        Srch,
        Stale,
        Timedout,
        Txtbsy,
        Xdev,
        Notcapable,
    ];
    let e = ALL[usize::try_from(n).expect("an errno is not negative")];
    assert_eq!(e as i32, n, "the table is in order");
    e
}

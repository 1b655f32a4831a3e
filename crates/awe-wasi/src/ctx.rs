//! [`WasiCtx`], what a program may reach (arguments, environment, standard streams,
//! preopened directories), its descriptor table, and [`WasiCtxBuilder`].

use crate::error::CallResult;
use crate::stdio::{
    InheritStderr, InheritStdin, InheritStdout, MemoryInput, Sink, WasiInput, WasiOutput,
};
use crate::types::{Errno, rights};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// The state of one WASI program: its arguments, environment, and descriptors. Keep
/// one in the store's data and hand [`crate::add_to_linker`] a way to reach it.
pub struct WasiCtx {
    /// The arguments, each without its terminating NUL.
    pub(crate) args: Vec<Vec<u8>>,
    /// The environment, `KEY=VALUE` without the NUL.
    pub(crate) env: Vec<Vec<u8>>,
    /// Open descriptors by number.
    pub(crate) fds: BTreeMap<u32, Desc>,
}

impl std::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args.len())
            .field("env", &self.env.len())
            .field("fds", &self.fds.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// An open descriptor: what it is, and its rights.
pub(crate) struct Desc {
    pub(crate) kind: Kind,
    /// What may be done with it.
    pub(crate) base: u64,
    /// What descriptors opened through it (a directory) may have at most.
    pub(crate) inheriting: u64,
}

/// What a descriptor refers to.
pub(crate) enum Kind {
    /// A standard input.
    Input(Box<dyn WasiInput>),
    /// A standard output or error.
    Output(Box<dyn WasiOutput>),
    /// A file (regular, or a device, pipe, ... opened through a path).
    File(OpenFile),
    /// A directory.
    Dir(OpenDir),
}

/// A file opened by `path_open`.
pub(crate) struct OpenFile {
    pub(crate) file: std::fs::File,
    /// Its WASI file type, found when it was opened.
    pub(crate) filetype: u8,
    /// The `fdflags` it has now.
    pub(crate) flags: u16,
    /// Opened under a read-only preopen: every change is refused.
    pub(crate) read_only: bool,
}

/// A directory: a preopen, or opened by `path_open`.
pub(crate) struct OpenDir {
    /// Every path is resolved beneath it by cap-std.
    pub(crate) dir: cap_std::fs::Dir,
    /// The guest's name for a preopen; `None` for directories opened by `path_open`.
    pub(crate) preopen: Option<String>,
    /// Under (or itself) a read-only preopen: every change is refused with `PERM`.
    pub(crate) read_only: bool,
}

/// Rights of a preopened directory (as wasmtime gives them).
pub(crate) const PREOPEN_BASE: u64 = rights::DIRECTORY;
/// What files and directories opened under a preopen may have.
pub(crate) const PREOPEN_INHERITING: u64 = rights::DIRECTORY | rights::FILE;

impl WasiCtx {
    /// A context with nothing: no arguments, no environment, empty standard input,
    /// output thrown away, no directories.
    pub fn new() -> Self {
        WasiCtxBuilder::new()
            .build()
            .unwrap_or_else(|_| unreachable!("an empty builder always builds"))
    }

    /// The descriptor `fd`, or `BADF`.
    pub(crate) fn desc(&mut self, fd: u32) -> CallResult<&mut Desc> {
        Ok(self.fds.get_mut(&fd).ok_or(Errno::Badf)?)
    }

    /// Adds a descriptor at the lowest free number.
    pub(crate) fn push(&mut self, desc: Desc) -> CallResult<u32> {
        let mut n = 0u32;
        for &k in self.fds.keys() {
            if k != n {
                break;
            }
            n = n.checked_add(1).ok_or(Errno::Mfile)?;
        }
        self.fds.insert(n, desc);
        Ok(n)
    }
}

// A store's data may move between threads.
const _: fn() = || {
    fn assert_send<T: Send>() {}
    assert_send::<WasiCtx>();
};

impl Default for WasiCtx {
    fn default() -> Self {
        Self::new()
    }
}

/// Builds a [`WasiCtx`]:
///
/// ```no_run
/// let ctx = awe_wasi::WasiCtxBuilder::new()
///     .args(["prog", "--verbose"])
///     .env("HOME", "/home")
///     .inherit_stdio()
///     .preopened_dir("/tmp/data", "/data", false)?
///     .build()?;
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// Nothing outside what it names is reachable: no directory is preopened unless asked,
/// and every path the program uses is resolved beneath a preopened directory (cap-std).
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<(Vec<u8>, Vec<u8>)>,
    stdin: Box<dyn WasiInput>,
    stdout: Box<dyn WasiOutput>,
    stderr: Box<dyn WasiOutput>,
    preopens: Vec<(cap_std::fs::Dir, String, bool)>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl WasiCtxBuilder {
    /// No arguments, no environment, an empty standard input, output thrown away, no
    /// directories.
    pub fn new() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Box::new(MemoryInput::default()),
            stdout: Box::new(Sink),
            stderr: Box::new(Sink),
            preopens: Vec::new(),
        }
    }

    /// Adds an argument (the first is the program's name, `argv[0]`).
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().as_bytes().to_vec());
        self
    }

    /// Adds arguments.
    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    /// Adds the environment variable `key=value`.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env.push((
            key.as_ref().as_bytes().to_vec(),
            value.as_ref().as_bytes().to_vec(),
        ));
        self
    }

    /// Adds environment variables.
    pub fn envs<K: AsRef<OsStr>, V: AsRef<OsStr>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        for (k, v) in vars {
            self = self.env(k, v);
        }
        self
    }

    /// Standard input.
    pub fn stdin(mut self, input: impl WasiInput + 'static) -> Self {
        self.stdin = Box::new(input);
        self
    }

    /// Standard output.
    pub fn stdout(mut self, output: impl WasiOutput + 'static) -> Self {
        self.stdout = Box::new(output);
        self
    }

    /// Standard error.
    pub fn stderr(mut self, output: impl WasiOutput + 'static) -> Self {
        self.stderr = Box::new(output);
        self
    }

    /// The host process's arguments, after those added so far.
    pub fn inherit_args(self) -> Self {
        self.args(std::env::args_os())
    }

    /// The host process's environment variables, after those added so far.
    pub fn inherit_env(self) -> Self {
        self.envs(std::env::vars_os())
    }

    /// The host process's standard input, output and error.
    pub fn inherit_stdio(self) -> Self {
        self.stdin(InheritStdin)
            .stdout(InheritStdout)
            .stderr(InheritStderr)
    }

    /// Opens the host directory `host` (with the host's ambient authority, the only
    /// place it is used) and gives it to the program as `guest`; with `read_only`,
    /// every change under it (creating, writing, truncating, renaming, linking,
    /// removing, setting times) is refused with `PERM`.
    pub fn preopened_dir(
        self,
        host: impl AsRef<Path>,
        guest: impl Into<String>,
        read_only: bool,
    ) -> io::Result<Self> {
        let host = host.as_ref();
        let dir = cap_std::fs::Dir::open_ambient_dir(host, cap_std::ambient_authority())
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", host.display())))?;
        Ok(self.preopened_cap_dir(dir, guest, read_only))
    }

    /// Gives the program a directory already opened, as `guest`.
    pub fn preopened_cap_dir(
        mut self,
        dir: cap_std::fs::Dir,
        guest: impl Into<String>,
        read_only: bool,
    ) -> Self {
        self.preopens.push((dir, guest.into(), read_only));
        self
    }

    /// The context: descriptors 0, 1 and 2 are the standard streams, then the
    /// preopened directories in the order given. Fails if an argument or variable holds
    /// a NUL byte, or a variable's name is empty or holds `=`.
    pub fn build(self) -> io::Result<WasiCtx> {
        let bad = |what: String| io::Error::new(io::ErrorKind::InvalidInput, what);
        if let Some(a) = self.args.iter().find(|a| a.contains(&0)) {
            return Err(bad(format!(
                "argument {:?} holds a NUL byte",
                String::from_utf8_lossy(a)
            )));
        }
        let mut env = Vec::with_capacity(self.env.len());
        for (k, v) in self.env {
            if k.is_empty() || k.contains(&b'=') || k.contains(&0) || v.contains(&0) {
                return Err(bad(format!(
                    "environment variable {:?}: the name must be non-empty without `=`, \
                     and neither name nor value may hold a NUL byte",
                    String::from_utf8_lossy(&k)
                )));
            }
            let mut kv = k;
            kv.push(b'=');
            kv.extend_from_slice(&v);
            env.push(kv);
        }
        let mut fds = BTreeMap::new();
        fds.insert(
            0,
            Desc {
                kind: Kind::Input(self.stdin),
                base: rights::FD_READ,
                inheriting: rights::FD_READ,
            },
        );
        for (n, out) in [(1, self.stdout), (2, self.stderr)] {
            fds.insert(
                n,
                Desc {
                    kind: Kind::Output(out),
                    base: rights::FD_WRITE,
                    inheriting: rights::FD_WRITE,
                },
            );
        }
        for (n, (dir, guest, read_only)) in (3u32..).zip(self.preopens) {
            fds.insert(
                n,
                Desc {
                    kind: Kind::Dir(OpenDir {
                        dir,
                        preopen: Some(guest),
                        read_only,
                    }),
                    base: PREOPEN_BASE,
                    inheriting: PREOPEN_INHERITING,
                },
            );
        }
        Ok(WasiCtx {
            args: self.args,
            env,
            fds,
        })
    }
}

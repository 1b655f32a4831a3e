//! How a call ends when it does not succeed: an error number for the guest, or a trap
//! (a bad pointer, `proc_exit`); and host I/O errors mapped to WASI error numbers.

use crate::types::Errno;
use std::fmt;
use std::io;

/// The error with which `proc_exit` ends a program: its exit code. The embedder finds
/// it in the trap of the call that ran the program (see [`exit_code`](crate::exit_code))
/// and makes it the process's exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I32Exit(pub i32);

impl fmt::Display for I32Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exited with code {}", self.0)
    }
}

impl std::error::Error for I32Exit {}

/// A WASI call that must trap rather than return an error number: a pointer outside
/// memory or misaligned (the witx rules), or an exit status WASI does not allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WasiTrap(pub String);

impl fmt::Display for WasiTrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WasiTrap {}

/// Why a call did not succeed.
#[derive(Debug)]
pub(crate) enum Fail {
    /// Returned to the guest.
    Errno(Errno),
    /// Stops the guest with a trap.
    Trap(WasiTrap),
    /// `proc_exit`.
    Exit(i32),
}

impl From<Errno> for Fail {
    fn from(e: Errno) -> Self {
        Fail::Errno(e)
    }
}

impl From<io::Error> for Fail {
    fn from(e: io::Error) -> Self {
        Fail::Errno(errno_of(&e))
    }
}

impl From<rustix::io::Errno> for Fail {
    fn from(e: rustix::io::Errno) -> Self {
        Fail::Errno(from_raw(e.raw_os_error()).unwrap_or(Errno::Io))
    }
}

/// A trap with `message`.
pub(crate) fn trap(message: impl Into<String>) -> Fail {
    Fail::Trap(WasiTrap(message.into()))
}

/// The result of a call's implementation.
pub(crate) type CallResult<T = ()> = Result<T, Fail>;

/// The WASI error number of a host I/O error: by its OS error number when it has one,
/// else by its kind (cap-std's sandbox refusals, "a path led outside of the
/// filesystem", are `PermissionDenied` without a number: `PERM`, as wasmtime says).
pub(crate) fn errno_of(e: &io::Error) -> Errno {
    if let Some(n) = e.raw_os_error().and_then(from_raw) {
        return n;
    }
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Errno::Noent,
        K::PermissionDenied => Errno::Perm,
        K::AlreadyExists => Errno::Exist,
        K::InvalidInput => Errno::Inval,
        K::WouldBlock => Errno::Again,
        K::BrokenPipe => Errno::Pipe,
        K::Interrupted => Errno::Intr,
        K::Unsupported => Errno::Notsup,
        K::OutOfMemory => Errno::Nomem,
        K::NotADirectory => Errno::Notdir,
        K::IsADirectory => Errno::Isdir,
        K::DirectoryNotEmpty => Errno::Notempty,
        K::ReadOnlyFilesystem => Errno::Rofs,
        K::StorageFull => Errno::Nospc,
        K::NotSeekable => Errno::Spipe,
        K::FileTooLarge => Errno::Fbig,
        K::ResourceBusy => Errno::Busy,
        K::CrossesDevices => Errno::Xdev,
        K::TooManyLinks => Errno::Mlink,
        K::InvalidFilename => Errno::Nametoolong,
        K::ArgumentListTooLong => Errno::TooBig,
        K::Deadlock => Errno::Deadlk,
        K::ExecutableFileBusy => Errno::Txtbsy,
        K::TimedOut => Errno::Timedout,
        K::ConnectionRefused => Errno::Connrefused,
        K::ConnectionReset => Errno::Connreset,
        K::ConnectionAborted => Errno::Connaborted,
        K::NotConnected => Errno::Notconn,
        K::AddrInUse => Errno::Addrinuse,
        K::AddrNotAvailable => Errno::Addrnotavail,
        _ => Errno::Io,
    }
}

/// The WASI error number of an OS error number, if WASI has one like it.
fn from_raw(raw: i32) -> Option<Errno> {
    use rustix::io::Errno as E;
    let e = E::from_raw_os_error(raw);
    Some(match e {
        E::TOOBIG => Errno::TooBig,
        E::ACCESS => Errno::Acces,
        E::ADDRINUSE => Errno::Addrinuse,
        E::ADDRNOTAVAIL => Errno::Addrnotavail,
        E::AFNOSUPPORT => Errno::Afnosupport,
        E::AGAIN => Errno::Again,
        E::ALREADY => Errno::Already,
        E::BADF => Errno::Badf,
        E::BADMSG => Errno::Badmsg,
        E::BUSY => Errno::Busy,
        E::CANCELED => Errno::Canceled,
        E::CHILD => Errno::Child,
        E::CONNABORTED => Errno::Connaborted,
        E::CONNREFUSED => Errno::Connrefused,
        E::CONNRESET => Errno::Connreset,
        E::DEADLK => Errno::Deadlk,
        E::DESTADDRREQ => Errno::Destaddrreq,
        E::DOM => Errno::Dom,
        E::DQUOT => Errno::Dquot,
        E::EXIST => Errno::Exist,
        E::FAULT => Errno::Fault,
        E::FBIG => Errno::Fbig,
        E::HOSTUNREACH => Errno::Hostunreach,
        E::IDRM => Errno::Idrm,
        E::ILSEQ => Errno::Ilseq,
        E::INPROGRESS => Errno::Inprogress,
        E::INTR => Errno::Intr,
        E::INVAL => Errno::Inval,
        E::IO => Errno::Io,
        E::ISCONN => Errno::Isconn,
        E::ISDIR => Errno::Isdir,
        E::LOOP => Errno::Loop,
        E::MFILE => Errno::Mfile,
        E::MLINK => Errno::Mlink,
        E::MSGSIZE => Errno::Msgsize,
        E::MULTIHOP => Errno::Multihop,
        E::NAMETOOLONG => Errno::Nametoolong,
        E::NETDOWN => Errno::Netdown,
        E::NETRESET => Errno::Netreset,
        E::NETUNREACH => Errno::Netunreach,
        E::NFILE => Errno::Nfile,
        E::NOBUFS => Errno::Nobufs,
        E::NODEV => Errno::Nodev,
        E::NOENT => Errno::Noent,
        E::NOEXEC => Errno::Noexec,
        E::NOLCK => Errno::Nolck,
        E::NOLINK => Errno::Nolink,
        E::NOMEM => Errno::Nomem,
        E::NOMSG => Errno::Nomsg,
        E::NOPROTOOPT => Errno::Noprotoopt,
        E::NOSPC => Errno::Nospc,
        E::NOSYS => Errno::Nosys,
        E::NOTCONN => Errno::Notconn,
        E::NOTDIR => Errno::Notdir,
        E::NOTEMPTY => Errno::Notempty,
        E::NOTRECOVERABLE => Errno::Notrecoverable,
        E::NOTSOCK => Errno::Notsock,
        E::NOTSUP => Errno::Notsup,
        E::NOTTY => Errno::Notty,
        E::NXIO => Errno::Nxio,
        E::OVERFLOW => Errno::Overflow,
        E::OWNERDEAD => Errno::Ownerdead,
        E::PERM => Errno::Perm,
        E::PIPE => Errno::Pipe,
        E::PROTO => Errno::Proto,
        E::PROTONOSUPPORT => Errno::Protonosupport,
        E::PROTOTYPE => Errno::Prototype,
        E::RANGE => Errno::Range,
        E::ROFS => Errno::Rofs,
        E::SPIPE => Errno::Spipe,
        E::SRCH => Errno::Srch,
        E::STALE => Errno::Stale,
        E::TIMEDOUT => Errno::Timedout,
        E::TXTBSY => Errno::Txtbsy,
        E::XDEV => Errno::Xdev,
        _ => return None,
    })
}

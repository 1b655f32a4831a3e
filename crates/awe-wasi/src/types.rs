//! The types of `wasi_snapshot_preview1`, as the witx files define them: error numbers,
//! rights, flags, enumerations, and the byte layout of every structure the calls read
//! or write in guest memory (little-endian, naturally aligned).

/// An error number (`errno`, 16 bits), returned by every call; 0 is success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u16)]
#[allow(missing_docs)] // the names are the witx names; see the WASI documentation
pub enum Errno {
    Success = 0,
    TooBig = 1,
    Acces = 2,
    Addrinuse = 3,
    Addrnotavail = 4,
    Afnosupport = 5,
    Again = 6,
    Already = 7,
    Badf = 8,
    Badmsg = 9,
    Busy = 10,
    Canceled = 11,
    Child = 12,
    Connaborted = 13,
    Connrefused = 14,
    Connreset = 15,
    Deadlk = 16,
    Destaddrreq = 17,
    Dom = 18,
    Dquot = 19,
    Exist = 20,
    Fault = 21,
    Fbig = 22,
    Hostunreach = 23,
    Idrm = 24,
    Ilseq = 25,
    Inprogress = 26,
    Intr = 27,
    Inval = 28,
    Io = 29,
    Isconn = 30,
    Isdir = 31,
    Loop = 32,
    Mfile = 33,
    Mlink = 34,
    Msgsize = 35,
    Multihop = 36,
    Nametoolong = 37,
    Netdown = 38,
    Netreset = 39,
    Netunreach = 40,
    Nfile = 41,
    Nobufs = 42,
    Nodev = 43,
    Noent = 44,
    Noexec = 45,
    Nolck = 46,
    Nolink = 47,
    Nomem = 48,
    Nomsg = 49,
    Noprotoopt = 50,
    Nospc = 51,
    Nosys = 52,
    Notconn = 53,
    Notdir = 54,
    Notempty = 55,
    Notrecoverable = 56,
    Notsock = 57,
    Notsup = 58,
    Notty = 59,
    Nxio = 60,
    Overflow = 61,
    Ownerdead = 62,
    Perm = 63,
    Pipe = 64,
    Proto = 65,
    Protonosupport = 66,
    Prototype = 67,
    Range = 68,
    Rofs = 69,
    Spipe = 70,
    Srch = 71,
    Stale = 72,
    Timedout = 73,
    Txtbsy = 74,
    Xdev = 75,
    Notcapable = 76,
}

/// Rights (`rights`, 64 bits): what may be done with a file descriptor.
pub mod rights {
    /// `fd_datasync`.
    pub const FD_DATASYNC: u64 = 1 << 0;
    /// `fd_read` (and `fd_pread` with `FD_SEEK`).
    pub const FD_READ: u64 = 1 << 1;
    /// `fd_seek` (implies `FD_TELL`).
    pub const FD_SEEK: u64 = 1 << 2;
    /// `fd_fdstat_set_flags`.
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    /// `fd_sync`.
    pub const FD_SYNC: u64 = 1 << 4;
    /// `fd_tell`.
    pub const FD_TELL: u64 = 1 << 5;
    /// `fd_write` (and `fd_pwrite` with `FD_SEEK`).
    pub const FD_WRITE: u64 = 1 << 6;
    /// `fd_advise`.
    pub const FD_ADVISE: u64 = 1 << 7;
    /// `fd_allocate`.
    pub const FD_ALLOCATE: u64 = 1 << 8;
    /// `path_create_directory`.
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    /// `path_open` with `oflags::creat`.
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    /// `path_link` from this directory.
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    /// `path_link` into this directory.
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    /// `path_open`.
    pub const PATH_OPEN: u64 = 1 << 13;
    /// `fd_readdir`.
    pub const FD_READDIR: u64 = 1 << 14;
    /// `path_readlink`.
    pub const PATH_READLINK: u64 = 1 << 15;
    /// `path_rename` from this directory.
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    /// `path_rename` into this directory.
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    /// `path_filestat_get`.
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    /// Changing a file's size through a path (`path_open` with `oflags::trunc`).
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    /// `path_filestat_set_times`.
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    /// `fd_filestat_get`.
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    /// `fd_filestat_set_size`.
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    /// `fd_filestat_set_times`.
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    /// `path_symlink`.
    pub const PATH_SYMLINK: u64 = 1 << 24;
    /// `path_remove_directory`.
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    /// `path_unlink_file`.
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    /// `poll_oneoff` on this descriptor.
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    /// `sock_shutdown`.
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    /// `sock_accept`.
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// Every right a regular file can have.
    pub const FILE: u64 = FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;

    /// Every right a directory has (the set wasmtime gives a preopened directory).
    pub const DIRECTORY: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES;

    /// Every defined right.
    pub const ALL: u64 = (1 << 30) - 1;
}

/// File types (`filetype`, 8 bits).
pub mod filetype {
    /// Unknown, or none of the others (a pipe, for instance).
    pub const UNKNOWN: u8 = 0;
    /// A block device.
    pub const BLOCK_DEVICE: u8 = 1;
    /// A character device (a terminal, for instance).
    pub const CHARACTER_DEVICE: u8 = 2;
    /// A directory.
    pub const DIRECTORY: u8 = 3;
    /// A regular file.
    pub const REGULAR_FILE: u8 = 4;
    /// A datagram socket.
    pub const SOCKET_DGRAM: u8 = 5;
    /// A byte-stream socket.
    pub const SOCKET_STREAM: u8 = 6;
    /// A symbolic link.
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// File descriptor flags (`fdflags`, 16 bits).
pub mod fdflags {
    /// Writes append to the end of the file.
    pub const APPEND: u16 = 1 << 0;
    /// Synchronized I/O data integrity.
    pub const DSYNC: u16 = 1 << 1;
    /// Non-blocking mode.
    pub const NONBLOCK: u16 = 1 << 2;
    /// Synchronized read I/O.
    pub const RSYNC: u16 = 1 << 3;
    /// Synchronized I/O file integrity.
    pub const SYNC: u16 = 1 << 4;
    /// Every defined flag.
    pub const ALL: u16 = 0x1f;
}

/// Which timestamps `*_filestat_set_times` changes (`fstflags`, 16 bits).
pub mod fstflags {
    /// Set the access time to the given value.
    pub const ATIM: u16 = 1 << 0;
    /// Set the access time to now.
    pub const ATIM_NOW: u16 = 1 << 1;
    /// Set the modification time to the given value.
    pub const MTIM: u16 = 1 << 2;
    /// Set the modification time to now.
    pub const MTIM_NOW: u16 = 1 << 3;
    /// Every defined flag.
    pub const ALL: u16 = 0xf;
}

/// How paths are resolved (`lookupflags`, 32 bits).
pub mod lookupflags {
    /// A symbolic link at the end of the path is followed.
    pub const SYMLINK_FOLLOW: u32 = 1 << 0;
}

/// `path_open` flags (`oflags`, 16 bits).
pub mod oflags {
    /// Create the file if it does not exist.
    pub const CREAT: u16 = 1 << 0;
    /// Fail if it is not a directory.
    pub const DIRECTORY: u16 = 1 << 1;
    /// Fail if the file exists (with `CREAT`).
    pub const EXCL: u16 = 1 << 2;
    /// Truncate the file to size 0.
    pub const TRUNC: u16 = 1 << 3;
    /// Every defined flag.
    pub const ALL: u16 = 0xf;
}

/// Clocks (`clockid`).
pub mod clockid {
    /// Wall-clock time since 1970-01-01T00:00:00Z.
    pub const REALTIME: u32 = 0;
    /// A clock that never goes back; its epoch means nothing.
    pub const MONOTONIC: u32 = 1;
    /// CPU time of the process.
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    /// CPU time of the thread.
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// `fd_seek`'s reference point (`whence`).
pub mod whence {
    /// From the start.
    pub const SET: u8 = 0;
    /// From the current offset.
    pub const CUR: u8 = 1;
    /// From the end.
    pub const END: u8 = 2;
}

/// Event types of `poll_oneoff` (`eventtype`).
pub mod eventtype {
    /// A clock reached its timeout.
    pub const CLOCK: u8 = 0;
    /// A descriptor has data to read.
    pub const FD_READ: u8 = 1;
    /// A descriptor can take data.
    pub const FD_WRITE: u8 = 2;
}

/// `event_fd_readwrite` flags (`eventrwflags`).
pub mod eventrwflags {
    /// The other end hung up (or end of file).
    pub const FD_READWRITE_HANGUP: u16 = 1 << 0;
}

/// Clock subscription flags (`subclockflags`).
pub mod subclockflags {
    /// The timeout is an absolute time of the clock, not a duration.
    pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1 << 0;
}

/// Byte sizes and field offsets of the structures in guest memory.
pub mod layout {
    /// `iovec`/`ciovec`: `buf` (u32) at 0, `buf_len` (u32) at 4.
    pub const IOVEC_SIZE: u32 = 8;
    /// `fdstat`: `fs_filetype` u8 at 0, `fs_flags` u16 at 2, `fs_rights_base` u64 at 8,
    /// `fs_rights_inheriting` u64 at 16.
    pub const FDSTAT_SIZE: u32 = 24;
    /// `filestat`: `dev` at 0, `ino` at 8, `filetype` (u8) at 16, `nlink` at 24, `size`
    /// at 32, `atim` at 40, `mtim` at 48, `ctim` at 56 (all u64 but `filetype`).
    pub const FILESTAT_SIZE: u32 = 64;
    /// `dirent`: `d_next` u64 at 0, `d_ino` u64 at 8, `d_namlen` u32 at 16, `d_type` u8
    /// at 20; the name follows the 24-byte header.
    pub const DIRENT_SIZE: u32 = 24;
    /// `prestat`: tag u8 at 0 (0 = directory), `pr_name_len` u32 at 4.
    pub const PRESTAT_SIZE: u32 = 8;
    /// `event`: `userdata` u64 at 0, `error` u16 at 8, `type` u8 at 10, then
    /// `fd_readwrite`: `nbytes` u64 at 16, `flags` u16 at 24.
    pub const EVENT_SIZE: u32 = 32;
    /// `subscription`: `userdata` u64 at 0, tag u8 at 8, then at 16 either `clock`
    /// (`id` u32 at 16, `timeout` u64 at 24, `precision` u64 at 32, `flags` u16 at 40)
    /// or `fd_readwrite` (`file_descriptor` u32 at 16).
    pub const SUBSCRIPTION_SIZE: u32 = 48;
}

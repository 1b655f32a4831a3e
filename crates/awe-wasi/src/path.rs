//! The `path_*` calls. Every path is resolved by cap-std beneath the directory
//! descriptor given (like `openat2` with `RESOLVE_BENEATH`): absolute paths, `..` past
//! the directory, and symbolic links that lead outside are refused with `PERM` (cap-std's
//! "a path led outside of the filesystem", as wasmtime answers), NUL bytes with `INVAL`,
//! symlink loops with `LOOP`. Under a read-only preopen every change is `PERM`.

use crate::ctx::{Desc, Kind, OpenDir, OpenFile, WasiCtx};
use crate::error::CallResult;
use crate::fd::{filetype_of, need, new_times, set_host_flags, write_filestat};
use crate::mem::GuestMem;
use crate::types::{Errno, fdflags, lookupflags, oflags, rights};
use cap_fs_ext::{
    DirExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsMaybeDirExt, OpenOptionsSyncExt,
    SystemTimeSpec,
};

/// The rights a file under a read-only preopen cannot have.
const CHANGE_RIGHTS: u64 = rights::FD_WRITE
    | rights::FD_ALLOCATE
    | rights::FD_FILESTAT_SET_SIZE
    | rights::FD_FILESTAT_SET_TIMES;

/// Whether `flags` asks to follow a final symbolic link; `INVAL` for unknown flags.
fn follow(flags: u32) -> CallResult<bool> {
    if flags & !lookupflags::SYMLINK_FOLLOW != 0 {
        return Err(Errno::Inval.into());
    }
    Ok(flags & lookupflags::SYMLINK_FOLLOW != 0)
}

/// The directory of `desc` with the right `needed`: `NOTDIR` for a file (as `openat`),
/// `BADF` for a standard stream, `NOTCAPABLE` without the right.
fn dir(desc: &Desc, needed: u64) -> CallResult<&OpenDir> {
    match &desc.kind {
        Kind::Dir(d) => {
            need(desc, needed)?;
            Ok(d)
        }
        Kind::File(_) => Err(Errno::Notdir.into()),
        _ => Err(Errno::Badf.into()),
    }
}

/// The same, and `PERM` if the directory is read-only: for calls that change things.
fn writable_dir(desc: &Desc, needed: u64) -> CallResult<&OpenDir> {
    let d = dir(desc, needed)?;
    if d.read_only {
        return Err(Errno::Perm.into());
    }
    Ok(d)
}

/// A path ending in `/` names a directory, following a final symbolic link (POSIX;
/// cap-std would look at the file itself): `NOTDIR` otherwise. The path without its
/// slashes, and whether to follow the last link.
fn slash_means_directory<'p>(
    dir: &cap_std::fs::Dir,
    path: &'p str,
    follow: bool,
) -> CallResult<(&'p str, bool)> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() == path.len() || trimmed.is_empty() {
        return Ok((path, follow));
    }
    if !dir.metadata(trimmed)?.is_dir() {
        return Err(Errno::Notdir.into());
    }
    Ok((trimmed, true))
}

impl WasiCtx {
    /// The directory `fd` (see [`dir`]).
    fn dir(&mut self, fd: u32, needed: u64) -> CallResult<&OpenDir> {
        dir(self.desc(fd)?, needed)
    }

    /// The directory `fd` for a change (see [`writable_dir`]).
    fn writable_dir(&mut self, fd: u32, needed: u64) -> CallResult<&OpenDir> {
        writable_dir(self.desc(fd)?, needed)
    }

    /// Two directories at once (the source and target of a rename or link).
    fn dir_pair(
        &self,
        a: u32,
        a_needs: u64,
        b: u32,
        b_needs: u64,
    ) -> CallResult<(&OpenDir, &OpenDir)> {
        let a = writable_dir(self.fds.get(&a).ok_or(Errno::Badf)?, a_needs)?;
        let b = writable_dir(self.fds.get(&b).ok_or(Errno::Badf)?, b_needs)?;
        Ok((a, b))
    }

    /// A change at one path beneath directory `fd`, which needs the right `needed`.
    fn change_at(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        (path, len): (u32, u32),
        needed: u64,
        op: impl FnOnce(&cap_std::fs::Dir, &str) -> std::io::Result<()>,
    ) -> CallResult {
        let path = mem.str(path, len)?;
        op(&self.writable_dir(fd, needed)?.dir, path)?;
        Ok(())
    }

    pub(crate) fn path_create_directory(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        path: u32,
        len: u32,
    ) -> CallResult {
        self.change_at(
            mem,
            fd,
            (path, len),
            rights::PATH_CREATE_DIRECTORY,
            |d, p| d.create_dir(p),
        )
    }

    pub(crate) fn path_remove_directory(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        path: u32,
        len: u32,
    ) -> CallResult {
        self.change_at(
            mem,
            fd,
            (path, len),
            rights::PATH_REMOVE_DIRECTORY,
            // `rmdir("dir/")` removes `dir` (cap-std would try `dir/.`: `INVAL`); what
            // is left must still be a directory, so `file/` stays `NOTDIR`.
            |d, p| {
                let trimmed = p.trim_end_matches('/');
                d.remove_dir(if trimmed.is_empty() { p } else { trimmed })
            },
        )
    }

    pub(crate) fn path_unlink_file(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        path: u32,
        len: u32,
    ) -> CallResult {
        self.change_at(mem, fd, (path, len), rights::PATH_UNLINK_FILE, |d, p| {
            d.remove_file_or_symlink(p)
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_rename(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        old: u32,
        old_len: u32,
        new_fd: u32,
        new: u32,
        new_len: u32,
    ) -> CallResult {
        let old = mem.str(old, old_len)?;
        let new = mem.str(new, new_len)?;
        let (src, dst) = self.dir_pair(
            fd,
            rights::PATH_RENAME_SOURCE,
            new_fd,
            rights::PATH_RENAME_TARGET,
        )?;
        // cap-std drops a trailing slash of the new name; POSIX (and wasmtime) then
        // require the old one to be a directory.
        if new.ends_with('/') && !src.dir.symlink_metadata(old)?.is_dir() {
            return Err(Errno::Notdir.into());
        }
        src.dir.rename(old, &dst.dir, new)?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_link(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        flags: u32,
        old: u32,
        old_len: u32,
        new_fd: u32,
        new: u32,
        new_len: u32,
    ) -> CallResult {
        // Following a symbolic link to link its target is not supported (as wasmtime).
        if follow(flags)? {
            return Err(Errno::Inval.into());
        }
        let old = mem.str(old, old_len)?;
        let new = mem.str(new, new_len)?;
        let (src, dst) = self.dir_pair(
            fd,
            rights::PATH_LINK_SOURCE,
            new_fd,
            rights::PATH_LINK_TARGET,
        )?;
        src.dir.hard_link(old, &dst.dir, new)?;
        Ok(())
    }

    pub(crate) fn path_symlink(
        &mut self,
        mem: &mut GuestMem,
        target: u32,
        target_len: u32,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> CallResult {
        let target = mem.str(target, target_len)?;
        let path = mem.str(path, path_len)?;
        // cap-std refuses an absolute target (it could only ever lead outside).
        self.writable_dir(fd, rights::PATH_SYMLINK)?
            .dir
            .symlink(target, path)?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_readlink(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        path: u32,
        path_len: u32,
        buf: u32,
        buf_len: u32,
        bufused: u32,
    ) -> CallResult {
        mem.check(bufused, 4, 4)?;
        mem.check(buf, buf_len, 1)?;
        let path = mem.str(path, path_len)?;
        // cap-std refuses to read a link to an absolute path (`PERM`), which would tell
        // about the host's file system.
        let target = self.dir(fd, rights::PATH_READLINK)?.dir.read_link(path)?;
        let target = target.into_os_string().into_encoded_bytes();
        // Cut to the buffer, as `readlink` does.
        let n = target.len().min(buf_len as usize);
        mem.write(buf, &target[..n])?;
        mem.write_u32(bufused, n as u32)
    }

    pub(crate) fn path_filestat_get(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        flags: u32,
        path: u32,
        path_len: u32,
        buf: u32,
    ) -> CallResult {
        let follow = follow(flags)?;
        mem.check(buf, crate::types::layout::FILESTAT_SIZE, 8)?;
        let path = mem.str(path, path_len)?;
        let d = self.dir(fd, rights::PATH_FILESTAT_GET)?;
        let (path, follow) = slash_means_directory(&d.dir, path, follow)?;
        let meta = if follow {
            d.dir.metadata(path)?
        } else {
            d.dir.symlink_metadata(path)?
        };
        write_filestat(mem, buf, &meta)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_filestat_set_times(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        flags: u32,
        path: u32,
        path_len: u32,
        atim: u64,
        mtim: u64,
        fst: u32,
    ) -> CallResult {
        let follow = follow(flags)?;
        let times = new_times(atim, mtim, fst)?;
        let path = mem.str(path, path_len)?;
        let d = self.writable_dir(fd, rights::PATH_FILESTAT_SET_TIMES)?;
        let (path, follow) = slash_means_directory(&d.dir, path, follow)?;
        let spec = |t: rustix::time::Timespec| -> CallResult<Option<SystemTimeSpec>> {
            Ok(if t.tv_nsec == rustix::fs::UTIME_OMIT {
                None
            } else if t.tv_nsec == rustix::fs::UTIME_NOW {
                Some(SystemTimeSpec::SymbolicNow)
            } else {
                let d = std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32);
                let t = std::time::UNIX_EPOCH
                    .checked_add(d)
                    .ok_or(Errno::Overflow)?;
                Some(SystemTimeSpec::Absolute(
                    cap_std::time::SystemTime::from_std(t),
                ))
            })
        };
        let (a, m) = (spec(times.last_access)?, spec(times.last_modification)?);
        if follow {
            d.dir.set_times(path, a, m)?;
        } else {
            d.dir.set_symlink_times(path, a, m)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn path_open(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        dirflags: u32,
        path: u32,
        path_len: u32,
        oflags: u32,
        base: u64,
        _inheriting: u64,
        fdflags: u32,
        opened: u32,
    ) -> CallResult {
        let follow = follow(dirflags)?;
        if oflags & !u32::from(oflags::ALL) != 0 || fdflags & !u32::from(fdflags::ALL) != 0 {
            return Err(Errno::Inval.into());
        }
        let (oflags, fdflags) = (oflags as u16, fdflags as u16);
        let has = |f: u16| oflags & f != 0;
        let (creat, directory, excl, trunc) = (
            has(oflags::CREAT),
            has(oflags::DIRECTORY),
            has(oflags::EXCL),
            has(oflags::TRUNC),
        );
        mem.check(opened, 4, 4)?;
        let path = mem.str(path, path_len)?;
        let parent = self.desc(fd)?;
        let mut needed = rights::PATH_OPEN;
        if creat {
            needed |= rights::PATH_CREATE_FILE;
        }
        let d = dir(parent, needed)?;
        let (read_only, inherit) = (d.read_only, parent.inheriting);
        if directory && (creat || excl || trunc) {
            return Err(Errno::Inval.into());
        }
        // Synchronous I/O is not supported (as wasmtime).
        if fdflags & (fdflags::SYNC | fdflags::DSYNC | fdflags::RSYNC) != 0 {
            return Err(Errno::Notsup.into());
        }
        // What the descriptor may do: read unless only writing is asked for (as
        // wasmtime); write only if asked for.
        let write = base & rights::FD_WRITE != 0;
        let read = base & rights::FD_READ != 0 || !write;
        if read_only && (write || creat || trunc) {
            return Err(Errno::Perm.into());
        }
        if (write && inherit & rights::FD_WRITE == 0)
            || (base & rights::FD_READ != 0 && inherit & rights::FD_READ == 0)
        {
            return Err(Errno::Notcapable.into());
        }
        let kind = if directory {
            let sub = if follow {
                d.dir.open_dir(path)?
            } else {
                d.dir.open_dir_nofollow(path)?
            };
            // A directory cannot be opened for writing; a missing name or a file is
            // NOENT or NOTDIR first (as POSIX's `open(O_DIRECTORY | O_WRONLY)`).
            if write {
                return Err(Errno::Isdir.into());
            }
            Kind::Dir(OpenDir {
                dir: sub,
                preopen: None,
                read_only,
            })
        } else {
            let mut opts = cap_std::fs::OpenOptions::new();
            // Creating or truncating needs a writable open (the descriptor still gets
            // no FD_WRITE unless it asked for it). APPEND is set on the host file once
            // open: Rust's OpenOptions refuses truncate with append, WASI allows it.
            let append = fdflags & fdflags::APPEND != 0;
            opts.read(read)
                .write(write || creat || trunc)
                .truncate(trunc)
                .maybe_dir(true)
                .follow(if follow {
                    FollowSymlinks::Yes
                } else {
                    FollowSymlinks::No
                })
                .sync(fdflags & fdflags::SYNC != 0)
                .dsync(fdflags & fdflags::DSYNC != 0)
                .rsync(fdflags & fdflags::RSYNC != 0)
                .nonblock(fdflags & fdflags::NONBLOCK != 0);
            if excl && creat {
                opts.create_new(true);
            } else if creat {
                opts.create(true);
            }
            let file = d.dir.open_with(path, &opts)?.into_std();
            let meta = cap_std::fs::Metadata::from_file(&file)?;
            if meta.is_dir() {
                Kind::Dir(OpenDir {
                    dir: cap_std::fs::Dir::from_std_file(file),
                    preopen: None,
                    read_only,
                })
            } else {
                if append {
                    set_host_flags(&file, fdflags)?;
                }
                Kind::File(OpenFile {
                    file,
                    filetype: filetype_of(meta.file_type()),
                    flags: fdflags,
                    read_only,
                })
            }
        };
        let desc = match kind {
            Kind::Dir(_) => Desc {
                kind,
                base: rights::DIRECTORY & inherit,
                inheriting: inherit,
            },
            _ => {
                let mut base = rights::FILE & inherit;
                if !read {
                    base &= !rights::FD_READ;
                }
                if !write {
                    base &= !rights::FD_WRITE;
                }
                if read_only {
                    base &= !CHANGE_RIGHTS;
                }
                Desc {
                    kind,
                    base,
                    inheriting: base,
                }
            }
        };
        let n = self.push(desc)?;
        mem.write_u32(opened, n)
    }
}

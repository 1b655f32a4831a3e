//! The `fd_*` calls: reading, writing, seeking, attributes, directory listings, and
//! the descriptor table itself.
//!
//! Which descriptor kinds a call accepts follows wasmtime: file calls on a directory or
//! a standard stream are `BADF`, seeking a standard stream is `SPIPE`. Rights: `FD_READ`
//! and `FD_WRITE` decide whether a file can be read or written (`BADF` when not, as
//! POSIX); every other right an operation needs is checked too (`NOTCAPABLE`), which
//! only matters once the guest has dropped it with `fd_fdstat_set_rights`, since
//! descriptors start with every right their kind allows.

use crate::ctx::{Desc, Kind, OpenFile, WasiCtx};
use crate::error::CallResult;
use crate::mem::GuestMem;
use crate::types::layout::{DIRENT_SIZE, FDSTAT_SIZE, FILESTAT_SIZE, PRESTAT_SIZE};
use crate::types::{Errno, fdflags, filetype, fstflags, rights, whence};
use std::io::{IoSlice, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;

/// Fails with `NOTCAPABLE` unless `desc` has every right in `needed`.
pub(crate) fn need(desc: &Desc, needed: u64) -> CallResult {
    if desc.base & needed != needed {
        return Err(Errno::Notcapable.into());
    }
    Ok(())
}

/// The file of `desc` with the rights `needed`: `BADF` if it is not a file or lacks
/// `FD_READ`/`FD_WRITE` among `needed`, `NOTCAPABLE` if it lacks another.
fn file(desc: &mut Desc, needed: u64) -> CallResult<&mut OpenFile> {
    let rw = needed & (rights::FD_READ | rights::FD_WRITE);
    if desc.base & rw != rw {
        return Err(Errno::Badf.into());
    }
    let base = desc.base;
    match &mut desc.kind {
        Kind::File(f) if base & needed == needed => Ok(f),
        Kind::File(_) => Err(Errno::Notcapable.into()),
        _ => Err(Errno::Badf.into()),
    }
}

/// The file of `desc` for a change other than writing its bytes: `PERM` first if it
/// is under a read-only preopen (as wasmtime), then as [`file`].
fn changeable(desc: &mut Desc, needed: u64) -> CallResult<&mut OpenFile> {
    if let Kind::File(f) = &desc.kind
        && f.read_only
    {
        return Err(Errno::Perm.into());
    }
    file(desc, needed)
}

/// The file of `desc` for seeking: `SPIPE` for a standard stream.
fn seekable(desc: &mut Desc, needed: u64) -> CallResult<&mut OpenFile> {
    if matches!(desc.kind, Kind::Input(_) | Kind::Output(_)) {
        return Err(Errno::Spipe.into());
    }
    file(desc, needed)
}

/// A file's WASI type.
pub(crate) fn filetype_of(t: cap_std::fs::FileType) -> u8 {
    use cap_std::fs::FileTypeExt;
    if t.is_dir() {
        filetype::DIRECTORY
    } else if t.is_file() {
        filetype::REGULAR_FILE
    } else if t.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if t.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if t.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if t.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

/// Nanoseconds since the epoch of a time given as seconds and nanoseconds (0 before).
fn stamp(secs: i64, nsec: i64) -> u64 {
    let secs = u64::try_from(secs).unwrap_or(0);
    let nsec = u64::try_from(nsec).unwrap_or(0);
    secs.saturating_mul(1_000_000_000).saturating_add(nsec)
}

/// Writes a `filestat` for `m` at `ptr`.
pub(crate) fn write_filestat(
    mem: &mut GuestMem,
    ptr: u32,
    m: &cap_std::fs::Metadata,
) -> CallResult {
    use cap_std::fs::MetadataExt;
    write_filestat_fields(
        mem,
        ptr,
        [
            m.dev(),
            m.ino(),
            u64::from(filetype_of(m.file_type())),
            m.nlink(),
            m.size(),
            stamp(m.atime(), m.atime_nsec()),
            stamp(m.mtime(), m.mtime_nsec()),
            stamp(m.ctime(), m.ctime_nsec()),
        ],
    )
}

/// Writes the eight fields of a `filestat` (the file type in the byte at 16, the rest
/// of its word zero).
fn write_filestat_fields(mem: &mut GuestMem, ptr: u32, fields: [u64; 8]) -> CallResult {
    let mut bytes = [0u8; FILESTAT_SIZE as usize];
    for (i, v) in fields.iter().enumerate() {
        bytes[i * 8..i * 8 + 8].copy_from_slice(&v.to_le_bytes());
    }
    mem.check(ptr, FILESTAT_SIZE, 8)?;
    mem.write(ptr, &bytes)
}

/// The new times of `*_filestat_set_times`, as `utimensat` takes them; `INVAL` for
/// unknown flags or a time both given and "now".
pub(crate) fn new_times(atim: u64, mtim: u64, flags: u32) -> CallResult<rustix::fs::Timestamps> {
    if flags & !u32::from(fstflags::ALL) != 0 {
        return Err(Errno::Inval.into());
    }
    let flags = flags as u16;
    let one = |t: u64, set: u16, now: u16| -> CallResult<rustix::time::Timespec> {
        let (tv_sec, tv_nsec) = match (flags & set != 0, flags & now != 0) {
            (true, true) => return Err(Errno::Inval.into()),
            (true, false) => ((t / 1_000_000_000) as i64, (t % 1_000_000_000) as i64),
            (false, true) => (0, rustix::fs::UTIME_NOW),
            (false, false) => (0, rustix::fs::UTIME_OMIT),
        };
        Ok(rustix::time::Timespec {
            tv_sec,
            tv_nsec: tv_nsec as _,
        })
    };
    Ok(rustix::fs::Timestamps {
        last_access: one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        last_modification: one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    })
}

impl WasiCtx {
    pub(crate) fn fd_write(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nwritten: u32,
    ) -> CallResult {
        mem.check(nwritten, 4, 4)?;
        let bufs = mem.iovecs(iovs, iovs_len)?;
        let desc = self.desc(fd)?;
        let bytes = mem.all();
        let n = match &mut desc.kind {
            // A standard stream whose FD_WRITE was dropped is refused as a file is.
            Kind::Output(_) if desc.base & rights::FD_WRITE == 0 => return Err(Errno::Badf.into()),
            Kind::Output(out) => {
                let mut n = 0;
                for r in bufs {
                    n += r.len();
                    out.write_all(&bytes[r])?;
                }
                n
            }
            _ => {
                let f = file(desc, rights::FD_WRITE)?;
                let slices: Vec<IoSlice> =
                    bufs.into_iter().map(|r| IoSlice::new(&bytes[r])).collect();
                (&f.file).write_vectored(&slices)?
            }
        };
        mem.write_u32(nwritten, n as u32)
    }

    pub(crate) fn fd_pwrite(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nwritten: u32,
    ) -> CallResult {
        mem.check(nwritten, 4, 4)?;
        let bufs = mem.iovecs(iovs, iovs_len)?;
        let desc = self.desc(fd)?;
        if let Kind::Output(_) = desc.kind {
            return Err(Errno::Spipe.into());
        }
        let f = file(desc, rights::FD_WRITE | rights::FD_SEEK)?;
        let bytes = mem.all();
        let n = each_buffer(bufs, |r, done| {
            let at = offset.checked_add(done).ok_or(Errno::Inval)?;
            Ok(f.file.write_at(&bytes[r], at)?)
        })?;
        mem.write_u32(nwritten, n as u32)
    }

    pub(crate) fn fd_read(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nread: u32,
    ) -> CallResult {
        mem.check(nread, 4, 4)?;
        let bufs = mem.iovecs(iovs, iovs_len)?;
        let desc = self.desc(fd)?;
        let bytes = mem.all_mut();
        let n = match &mut desc.kind {
            // A stream is read once, into the first buffer: a second read could block
            // with data already in hand.
            Kind::Input(_) if desc.base & rights::FD_READ == 0 => return Err(Errno::Badf.into()),
            Kind::Input(input) => match bufs.into_iter().next() {
                Some(r) => input.read(&mut bytes[r])? as u64,
                None => 0,
            },
            _ => {
                let f = file(desc, rights::FD_READ)?;
                let mut bufs = bufs;
                // Only a regular file is sure not to block on the next buffer.
                if f.filetype != filetype::REGULAR_FILE {
                    bufs.truncate(1);
                }
                each_buffer(bufs, |r, _| Ok((&f.file).read(&mut bytes[r])?))?
            }
        };
        mem.write_u32(nread, n as u32)
    }

    pub(crate) fn fd_pread(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nread: u32,
    ) -> CallResult {
        mem.check(nread, 4, 4)?;
        let bufs = mem.iovecs(iovs, iovs_len)?;
        let desc = self.desc(fd)?;
        if let Kind::Input(_) = desc.kind {
            return Err(Errno::Spipe.into());
        }
        let f = file(desc, rights::FD_READ | rights::FD_SEEK)?;
        let bytes = mem.all_mut();
        let n = each_buffer(bufs, |r, done| {
            let at = offset.checked_add(done).ok_or(Errno::Inval)?;
            Ok(f.file.read_at(&mut bytes[r], at)?)
        })?;
        mem.write_u32(nread, n as u32)
    }

    pub(crate) fn fd_seek(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        offset: i64,
        how: u32,
        newoffset: u32,
    ) -> CallResult {
        let pos = match u8::try_from(how).map_err(|_| Errno::Inval)? {
            whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
            whence::CUR => SeekFrom::Current(offset),
            whence::END => SeekFrom::End(offset),
            _ => return Err(Errno::Inval.into()),
        };
        mem.check(newoffset, 8, 8)?;
        let needed = if pos == SeekFrom::Current(0) {
            rights::FD_TELL
        } else {
            rights::FD_SEEK
        };
        let f = seekable(self.desc(fd)?, needed)?;
        let at = (&f.file).seek(pos)?;
        mem.write_u64(newoffset, at)
    }

    pub(crate) fn fd_tell(&mut self, mem: &mut GuestMem, fd: u32, offset: u32) -> CallResult {
        mem.check(offset, 8, 8)?;
        let f = seekable(self.desc(fd)?, rights::FD_TELL)?;
        let at = (&f.file).stream_position()?;
        mem.write_u64(offset, at)
    }

    pub(crate) fn fd_close(&mut self, _mem: &mut GuestMem, fd: u32) -> CallResult {
        self.fds.remove(&fd).ok_or(Errno::Badf)?;
        Ok(())
    }

    pub(crate) fn fd_sync(&mut self, _mem: &mut GuestMem, fd: u32) -> CallResult {
        file(self.desc(fd)?, rights::FD_SYNC)?.file.sync_all()?;
        Ok(())
    }

    pub(crate) fn fd_datasync(&mut self, _mem: &mut GuestMem, fd: u32) -> CallResult {
        file(self.desc(fd)?, rights::FD_DATASYNC)?
            .file
            .sync_data()?;
        Ok(())
    }

    pub(crate) fn fd_fdstat_get(&mut self, mem: &mut GuestMem, fd: u32, ptr: u32) -> CallResult {
        mem.check(ptr, FDSTAT_SIZE, 8)?;
        let desc = self.desc(fd)?;
        let (ty, flags) = match &desc.kind {
            Kind::Input(i) => (terminal(i.is_terminal()), 0),
            Kind::Output(o) => (terminal(o.is_terminal()), 0),
            Kind::File(f) => (f.filetype, f.flags),
            Kind::Dir(_) => (filetype::DIRECTORY, 0),
        };
        let mut bytes = [0u8; FDSTAT_SIZE as usize];
        bytes[0] = ty;
        bytes[2..4].copy_from_slice(&flags.to_le_bytes());
        bytes[8..16].copy_from_slice(&desc.base.to_le_bytes());
        bytes[16..24].copy_from_slice(&desc.inheriting.to_le_bytes());
        mem.write(ptr, &bytes)
    }

    pub(crate) fn fd_fdstat_set_flags(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        flags: u32,
    ) -> CallResult {
        if flags & !u32::from(fdflags::ALL) != 0 {
            return Err(Errno::Inval.into());
        }
        let flags = flags as u16;
        let f = file(self.desc(fd)?, rights::FD_FDSTAT_SET_FLAGS)?;
        // Only APPEND and NONBLOCK can change (as wasmtime; Linux cannot change the
        // others on an open file either); the sync flags may be restated.
        let sync = fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC;
        if flags & sync != f.flags & sync {
            return Err(Errno::Inval.into());
        }
        set_host_flags(&f.file, flags)?;
        f.flags = flags;
        Ok(())
    }

    pub(crate) fn fd_fdstat_set_rights(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        base: u64,
        inheriting: u64,
    ) -> CallResult {
        let desc = self.desc(fd)?;
        let (base, inheriting) = (base & rights::ALL, inheriting & rights::ALL);
        // Rights can only be dropped.
        if base & !desc.base != 0 || inheriting & !desc.inheriting != 0 {
            return Err(Errno::Notcapable.into());
        }
        desc.base = base;
        desc.inheriting = inheriting;
        Ok(())
    }

    pub(crate) fn fd_filestat_get(&mut self, mem: &mut GuestMem, fd: u32, ptr: u32) -> CallResult {
        mem.check(ptr, FILESTAT_SIZE, 8)?;
        let desc = self.desc(fd)?;
        let meta = match &desc.kind {
            Kind::Input(i) => {
                let ty = u64::from(terminal(i.is_terminal()));
                return write_filestat_fields(mem, ptr, [0, 0, ty, 0, 0, 0, 0, 0]);
            }
            Kind::Output(o) => {
                let ty = u64::from(terminal(o.is_terminal()));
                return write_filestat_fields(mem, ptr, [0, 0, ty, 0, 0, 0, 0, 0]);
            }
            Kind::File(f) => {
                need(desc, rights::FD_FILESTAT_GET)?;
                cap_std::fs::Metadata::from_file(&f.file)?
            }
            Kind::Dir(d) => {
                need(desc, rights::FD_FILESTAT_GET)?;
                d.dir.dir_metadata()?
            }
        };
        write_filestat(mem, ptr, &meta)
    }

    pub(crate) fn fd_filestat_set_size(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        size: u64,
    ) -> CallResult {
        let f = changeable(self.desc(fd)?, rights::FD_FILESTAT_SET_SIZE)?;
        f.file.set_len(size)?;
        Ok(())
    }

    pub(crate) fn fd_filestat_set_times(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        atim: u64,
        mtim: u64,
        flags: u32,
    ) -> CallResult {
        let times = new_times(atim, mtim, flags)?;
        let desc = self.desc(fd)?;
        match &desc.kind {
            Kind::File(f) => {
                if f.read_only {
                    return Err(Errno::Perm.into());
                }
                need(desc, rights::FD_FILESTAT_SET_TIMES)?;
                rustix::fs::futimens(&f.file, &times)?;
            }
            Kind::Dir(d) => {
                if d.read_only {
                    return Err(Errno::Perm.into());
                }
                need(desc, rights::FD_FILESTAT_SET_TIMES)?;
                // cap-std's directory descriptors are `O_PATH` ones, which `futimens`
                // refuses (`EBADF`); `utimensat` of "." beneath one is the directory.
                rustix::fs::utimensat(&d.dir, ".", &times, rustix::fs::AtFlags::empty())?;
            }
            _ => return Err(Errno::Badf.into()),
        }
        Ok(())
    }

    pub(crate) fn fd_advise(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        offset: u64,
        len: u64,
        advice: u32,
    ) -> CallResult {
        use rustix::fs::Advice;
        let advice = match advice {
            0 => Advice::Normal,
            1 => Advice::Sequential,
            2 => Advice::Random,
            3 => Advice::WillNeed,
            4 => Advice::DontNeed,
            5 => Advice::NoReuse,
            _ => return Err(Errno::Inval.into()),
        };
        let f = file(self.desc(fd)?, rights::FD_ADVISE)?;
        rustix::fs::fadvise(&f.file, offset, std::num::NonZeroU64::new(len), advice)?;
        Ok(())
    }

    pub(crate) fn fd_allocate(
        &mut self,
        _mem: &mut GuestMem,
        fd: u32,
        _offset: u64,
        _len: u64,
    ) -> CallResult {
        // Not supported, as in wasmtime (WASI preview 2 dropped it); `posix_fallocate`
        // callers fall back on writing.
        file(self.desc(fd)?, 0)?;
        Err(Errno::Notsup.into())
    }

    pub(crate) fn fd_readdir(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        buf: u32,
        buf_len: u32,
        cookie: u64,
        bufused: u32,
    ) -> CallResult {
        use std::os::unix::fs::DirEntryExt;
        mem.check(bufused, 4, 4)?;
        mem.check(buf, buf_len, 1)?;
        let desc = self.desc(fd)?;
        let Kind::Dir(d) = &desc.kind else {
            return Err(Errno::Badf.into());
        };
        need(desc, rights::FD_READDIR)?;
        let this = d.dir.dir_metadata()?;
        let ino = cap_std::fs::MetadataExt::ino(&this);
        // `.` and `..` first (both with this directory's serial number, as wasmtime:
        // the parent may lie outside the sandbox), then the entries in the order the
        // host lists them. Entry `i` has cookie `i + 1` as `d_next`.
        type Entry = std::io::Result<(u64, u8, Vec<u8>)>;
        let dots = [b".".to_vec(), b"..".to_vec()]
            .into_iter()
            .map(|name| -> Entry { Ok((ino, filetype::DIRECTORY, name)) });
        // An entry removed while the listing is read is left out.
        let entries = d.dir.entries()?.filter_map(|e| -> Option<Entry> {
            let found = e.and_then(|e| {
                let ty = filetype_of(e.file_type()?);
                Ok((e.ino(), ty, e.file_name().into_encoded_bytes()))
            });
            match found {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                other => Some(other),
            }
        });
        let mut writer = DirentWriter {
            mem,
            at: buf,
            left: buf_len,
        };
        let mut next = cookie;
        let skip = usize::try_from(cookie).unwrap_or(usize::MAX);
        for entry in dots.chain(entries).skip(skip) {
            let (ino, ty, name) = entry?;
            next += 1;
            if !writer.put(next, ino, ty, &name)? {
                break;
            }
        }
        let used = buf_len - writer.left;
        mem.write_u32(bufused, used)
    }

    pub(crate) fn fd_renumber(&mut self, _mem: &mut GuestMem, from: u32, to: u32) -> CallResult {
        if !self.fds.contains_key(&from) || !self.fds.contains_key(&to) {
            return Err(Errno::Badf.into());
        }
        if from != to {
            let desc = self.fds.remove(&from).ok_or(Errno::Badf)?;
            self.fds.insert(to, desc);
        }
        Ok(())
    }

    pub(crate) fn fd_prestat_get(&mut self, mem: &mut GuestMem, fd: u32, ptr: u32) -> CallResult {
        mem.check(ptr, PRESTAT_SIZE, 4)?;
        let name = match &self.desc(fd)?.kind {
            Kind::Dir(d) => d.preopen.as_ref().ok_or(Errno::Badf)?,
            _ => return Err(Errno::Badf.into()),
        };
        let len = u32::try_from(name.len()).map_err(|_| Errno::Overflow)?;
        let mut bytes = [0u8; PRESTAT_SIZE as usize];
        bytes[4..].copy_from_slice(&len.to_le_bytes());
        mem.write(ptr, &bytes)
    }

    pub(crate) fn fd_prestat_dir_name(
        &mut self,
        mem: &mut GuestMem,
        fd: u32,
        ptr: u32,
        len: u32,
    ) -> CallResult {
        let name = match &self.desc(fd)?.kind {
            Kind::Dir(d) => d.preopen.as_ref().ok_or(Errno::Notdir)?,
            _ => return Err(Errno::Notdir.into()),
        };
        if name.len() > len as usize {
            return Err(Errno::Nametoolong.into());
        }
        mem.write(ptr, name.as_bytes())
    }
}

/// Gives the host file the `O_APPEND` and `O_NONBLOCK` flags that `flags` asks for (and
/// takes them away if not): the host then appends every write, as WASI's `APPEND` says.
pub(crate) fn set_host_flags(file: &std::fs::File, flags: u16) -> CallResult {
    use rustix::fs::OFlags;
    let mut os = rustix::fs::fcntl_getfl(file)?;
    os.set(OFlags::APPEND, flags & fdflags::APPEND != 0);
    os.set(OFlags::NONBLOCK, flags & fdflags::NONBLOCK != 0);
    rustix::fs::fcntl_setfl(file, os)?;
    Ok(())
}

/// Moves the bytes of each buffer in turn with `op` (given the buffer and the bytes
/// moved so far), until one moves fewer than its length; an error once some bytes have
/// moved ends the transfer short instead (as `readv`/`writev` report what was done).
fn each_buffer(
    bufs: Vec<std::ops::Range<usize>>,
    mut op: impl FnMut(std::ops::Range<usize>, u64) -> CallResult<usize>,
) -> CallResult<u64> {
    let mut n = 0u64;
    for r in bufs {
        let len = r.len();
        let done = match op(r, n) {
            Ok(done) => done,
            Err(_) if n > 0 => break,
            Err(e) => return Err(e),
        };
        n += done as u64;
        if done < len {
            break;
        }
    }
    Ok(n)
}

/// The file type of a standard stream: a character device if it is a terminal.
fn terminal(is: bool) -> u8 {
    if is {
        filetype::CHARACTER_DEVICE
    } else {
        filetype::UNKNOWN
    }
}

/// Fills `fd_readdir`'s buffer: each entry a 24-byte `dirent` then its name, the last
/// one cut off where the buffer ends (the guest sees a full buffer and asks again with
/// a bigger one or the last whole entry's cookie).
struct DirentWriter<'m, 'a> {
    mem: &'m mut GuestMem<'a>,
    at: u32,
    left: u32,
}

impl DirentWriter<'_, '_> {
    /// Writes one entry, as much as fits; whether there is room for more.
    fn put(&mut self, next: u64, ino: u64, ty: u8, name: &[u8]) -> CallResult<bool> {
        let namlen = u32::try_from(name.len()).map_err(|_| Errno::Overflow)?;
        let mut head = [0u8; DIRENT_SIZE as usize];
        head[0..8].copy_from_slice(&next.to_le_bytes());
        head[8..16].copy_from_slice(&ino.to_le_bytes());
        head[16..20].copy_from_slice(&namlen.to_le_bytes());
        head[20] = ty;
        for part in [&head[..], name] {
            let n = part.len().min(self.left as usize);
            self.mem.write(self.at, &part[..n])?;
            // Wraps only at the buffer's end, when it ends at 4 GiB.
            self.at = self.at.wrapping_add(n as u32);
            self.left -= n as u32;
            if self.left == 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `fd_readdir` buffer that ends at 4 GiB: the last offset is 2^32.
    #[test]
    fn dirents_ending_at_4_gib() {
        let mut bytes = vec![0u8; 1 << 32];
        let mut mem = GuestMem::new(&mut bytes);
        let at = u32::MAX - 25;
        let mut w = DirentWriter {
            mem: &mut mem,
            at,
            left: 26,
        };
        assert!(!w.put(1, 2, filetype::DIRECTORY, b"..").unwrap());
        assert_eq!(w.left, 0);
        assert_eq!(mem.bytes(u32::MAX - 1, 2).unwrap(), b"..");
    }
}

//! `fileops DIR`: file and directory operations inside DIR (a preopened directory, which
//! should start empty), one line per step: its result, or the WASI errno it failed with.
//! Leaves exactly one file behind, `final.txt`.
use std::fs::{self, File, FileTimes, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awe_wasi_guests::raw;

fn step(name: &str, f: impl FnOnce() -> io::Result<String>) {
    match f() {
        Ok(s) => println!("{name}: {s}"),
        Err(e) => match e.raw_os_error() {
            Some(n) => println!("{name}: errno {n}"),
            None => println!("{name}: error {}", e.kind()),
        },
    }
}

fn errno(r: Result<impl Sized, wasi::Errno>) -> io::Result<String> {
    r.map(|_| "ok".into()).map_err(|e| io::Error::from_raw_os_error(e.raw() as i32))
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: fileops DIR");
    let dirfd = raw::preopen(&dir);
    let p = |name: &str| format!("{dir}/{name}");

    // Create, write, seek, read.
    step("create and write a.txt", || {
        let mut f = File::create(p("a.txt"))?;
        f.write_all(b"hello, world\n")?;
        Ok(format!("position {}", f.stream_position()?))
    });
    step("seek to 7 and read 5", || {
        let mut f = File::open(p("a.txt"))?;
        f.seek(SeekFrom::Start(7))?;
        let mut b = [0u8; 5];
        f.read_exact(&mut b)?;
        Ok(String::from_utf8_lossy(&b).into())
    });
    step("seek from end -6 and read", || {
        let mut f = File::open(p("a.txt"))?;
        let pos = f.seek(SeekFrom::End(-6))?;
        let mut s = String::new();
        f.read_to_string(&mut s)?;
        Ok(format!("at {pos}: {s:?}"))
    });
    step("overwrite at 7", || {
        let mut f = OpenOptions::new().write(true).open(p("a.txt"))?;
        f.seek(SeekFrom::Start(7))?;
        f.write_all(b"WORLD")?;
        Ok(format!("{:?}", fs::read_to_string(p("a.txt"))?))
    });
    step("seek relative", || {
        let mut f = File::open(p("a.txt"))?;
        f.seek(SeekFrom::Start(2))?;
        let pos = f.seek(SeekFrom::Current(3))?;
        let mut b = [0u8; 2];
        f.read_exact(&mut b)?;
        Ok(format!("at {pos}: {:?}", String::from_utf8_lossy(&b)))
    });
    step("append", || {
        let mut f = OpenOptions::new().append(true).open(p("a.txt"))?;
        f.write_all(b"more\n")?;
        Ok(format!("{:?}", fs::read_to_string(p("a.txt"))?))
    });
    step("truncate to 5", || {
        let f = OpenOptions::new().write(true).open(p("a.txt"))?;
        f.set_len(5)?;
        Ok(format!("{:?}", fs::read_to_string(p("a.txt"))?))
    });
    step("extend to 8", || {
        let f = OpenOptions::new().write(true).open(p("a.txt"))?;
        f.set_len(8)?;
        Ok(format!("{:?}", fs::read(p("a.txt"))?))
    });
    step("create with truncate", || {
        fs::write(p("a.txt"), b"abc")?;
        Ok(format!("{:?}", fs::read_to_string(p("a.txt"))?))
    });
    step("write past the end", || {
        let mut f = OpenOptions::new().write(true).open(p("a.txt"))?;
        f.seek(SeekFrom::Start(6))?;
        f.write_all(b"z")?;
        f.sync_all()?;
        Ok(format!("{:?}", fs::read(p("a.txt"))?))
    });
    step("large file (100000 bytes)", || {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        fs::write(p("big.bin"), &data)?;
        let back = fs::read(p("big.bin"))?;
        fs::remove_file(p("big.bin"))?;
        Ok(format!("read back {} bytes, equal {}", back.len(), back == data))
    });
    step("metadata a.txt", || {
        let m = fs::metadata(p("a.txt"))?;
        Ok(format!("file {} dir {} len {}", m.is_file(), m.is_dir(), m.len()))
    });
    step("create_new on an existing file", || {
        OpenOptions::new().write(true).create_new(true).open(p("a.txt"))?;
        Ok("created".into())
    });
    step("open a missing file", || File::open(p("missing.txt")).map(|_| "opened".into()));
    step("read_to_string of a directory", || fs::read_to_string(&dir));

    // Rename and unlink.
    step("rename a.txt to b.txt", || {
        fs::rename(p("a.txt"), p("b.txt"))?;
        Ok(format!("a.txt exists {}, b.txt {:?}", fs::exists(p("a.txt"))?, fs::read(p("b.txt"))?))
    });
    step("rename over an existing file", || {
        fs::write(p("c.txt"), b"ccc")?;
        fs::rename(p("c.txt"), p("b.txt"))?;
        Ok(format!("b.txt {:?}", fs::read_to_string(p("b.txt"))?))
    });
    step("rename a missing file", || fs::rename(p("nope"), p("nope2")).map(|_| "ok".into()));
    step("unlink b.txt", || {
        fs::remove_file(p("b.txt"))?;
        Ok(format!("exists {}", fs::exists(p("b.txt"))?))
    });
    step("unlink again", || fs::remove_file(p("b.txt")).map(|_| "ok".into()));

    // Directories.
    step("mkdir d and d/e", || {
        fs::create_dir(p("d"))?;
        fs::create_dir(p("d/e"))?;
        fs::write(p("d/e/f.txt"), b"f")?;
        fs::write(p("d/g.txt"), b"gg")?;
        Ok("ok".into())
    });
    step("mkdir an existing directory", || fs::create_dir(p("d")).map(|_| "ok".into()));
    step("readdir d", || {
        let mut names: Vec<String> = fs::read_dir(p("d"))?
            .map(|e| {
                let e = e?;
                let kind = if e.file_type()?.is_dir() { "dir" } else { "file" };
                Ok(format!("{} ({kind})", e.file_name().to_string_lossy()))
            })
            .collect::<io::Result<_>>()?;
        names.sort();
        Ok(names.join(", "))
    });
    step("rmdir a non-empty directory", || fs::remove_dir(p("d")).map(|_| "ok".into()));
    step("rmdir a file", || fs::remove_dir(p("d/g.txt")).map(|_| "ok".into()));
    step("unlink a directory", || fs::remove_file(p("d/e")).map(|_| "ok".into()));
    step("rename a directory", || {
        fs::rename(p("d/e"), p("d/e2"))?;
        Ok(format!("{:?}", fs::read_to_string(p("d/e2/f.txt"))?))
    });
    step("rename a directory onto a non-empty one", || {
        fs::create_dir(p("d/h"))?;
        fs::write(p("d/h/x"), b"")?;
        fs::rename(p("d/e2"), p("d/h")).map(|_| "ok".into())
    });
    step("remove_dir_all d", || {
        fs::remove_dir_all(p("d"))?;
        Ok(format!("exists {}", fs::exists(p("d"))?))
    });

    // Symbolic links (std has no stable symlink call on WASI: the raw import).
    step("symlink link -> target.txt", || {
        fs::write(p("target.txt"), b"through the link\n")?;
        errno(unsafe { wasi::path_symlink("target.txt", dirfd, "link") })
    });
    step("readlink link", || Ok(format!("{:?}", fs::read_link(p("link"))?)));
    step("read through link", || Ok(format!("{:?}", fs::read_to_string(p("link"))?)));
    step("lstat and stat link", || {
        let l = fs::symlink_metadata(p("link"))?;
        let m = fs::metadata(p("link"))?;
        Ok(format!("lstat symlink {}, stat file {} len {}", l.is_symlink(), m.is_file(), m.len()))
    });
    step("readlink a regular file", || fs::read_link(p("target.txt")).map(|t| format!("{t:?}")));
    step("symlink over an existing name", || {
        errno(unsafe { wasi::path_symlink("x", dirfd, "target.txt") })
    });
    step("dangling symlink", || {
        errno(unsafe { wasi::path_symlink("nowhere", dirfd, "dangling") })?;
        let exists = fs::exists(p("dangling"))?;
        let l = fs::symlink_metadata(p("dangling"))?;
        fs::remove_file(p("dangling"))?;
        Ok(format!("exists {exists}, lstat symlink {}", l.is_symlink()))
    });
    step("symlink to a directory", || {
        fs::create_dir(p("sub"))?;
        fs::write(p("sub/inner.txt"), b"inner")?;
        errno(unsafe { wasi::path_symlink("sub", dirfd, "sublink") })?;
        Ok(format!("{:?}", fs::read_to_string(p("sublink/inner.txt"))?))
    });
    step("unlink symlinks", || {
        fs::remove_file(p("link"))?;
        fs::remove_file(p("sublink"))?;
        Ok(format!("target.txt exists {}, sub exists {}", fs::exists(p("target.txt"))?, fs::exists(p("sub"))?))
    });

    // Hard links and filestat.
    step("hard link", || {
        fs::hard_link(p("target.txt"), p("hard.txt"))?;
        fs::write(p("hard.txt"), b"changed\n")?;
        Ok(format!("target.txt {:?}", fs::read_to_string(p("target.txt"))?))
    });
    step("filestat of a hard link", || {
        let a = unsafe { wasi::path_filestat_get(dirfd, 0, "target.txt") }.map_err(io_err)?;
        let b = unsafe { wasi::path_filestat_get(dirfd, 0, "hard.txt") }.map_err(io_err)?;
        Ok(format!(
            "nlink {} {}, same inode {}, same device {}, size {}, filetype {}",
            a.nlink,
            b.nlink,
            a.ino == b.ino,
            a.dev == b.dev,
            a.size,
            a.filetype.raw()
        ))
    });
    step("hard link over an existing name", || {
        fs::hard_link(p("target.txt"), p("hard.txt")).map(|_| "ok".into())
    });
    step("hard link to a directory", || fs::hard_link(p("sub"), p("subhard")).map(|_| "ok".into()));
    step("unlink one hard link", || {
        fs::remove_file(p("target.txt"))?;
        let b = unsafe { wasi::path_filestat_get(dirfd, 0, "hard.txt") }.map_err(io_err)?;
        Ok(format!("nlink {}, {:?}", b.nlink, fs::read_to_string(p("hard.txt"))?))
    });
    step("filestat of a directory", || {
        let s = unsafe { wasi::path_filestat_get(dirfd, 0, "sub") }.map_err(io_err)?;
        Ok(format!("filetype {}", s.filetype.raw()))
    });
    step("fd_filestat_get", || {
        let f = File::open(p("hard.txt"))?;
        let m = f.metadata()?;
        Ok(format!("len {} file {}", m.len(), m.is_file()))
    });

    // Timestamps.
    let t_access = UNIX_EPOCH + Duration::new(1_000_000_000, 123_456_789);
    let t_modify = UNIX_EPOCH + Duration::new(1_234_567_890, 987_654_321);
    step("fd set_times", || {
        let f = OpenOptions::new().write(true).open(p("hard.txt"))?;
        f.set_times(FileTimes::new().set_accessed(t_access).set_modified(t_modify))?;
        let m = fs::metadata(p("hard.txt"))?;
        Ok(format!("accessed {}, modified {}", m.accessed()? == t_access, m.modified()? == t_modify))
    });
    step("path set_times (modified only)", || {
        let t = 1_500_000_000_000_000_000u64;
        errno(unsafe { wasi::path_filestat_set_times(dirfd, 0, "hard.txt", 0, t, wasi::FSTFLAGS_MTIM) })?;
        let m = fs::metadata(p("hard.txt"))?;
        Ok(format!(
            "accessed kept {}, modified {}",
            m.accessed()? == t_access,
            m.modified()? == UNIX_EPOCH + Duration::from_nanos(t)
        ))
    });
    step("path set_times to now", || {
        errno(unsafe {
            wasi::path_filestat_set_times(dirfd, 0, "hard.txt", 0, 0, wasi::FSTFLAGS_MTIM_NOW | wasi::FSTFLAGS_ATIM_NOW)
        })?;
        let m = fs::metadata(p("hard.txt"))?;
        let age = SystemTime::now().duration_since(m.modified()?).unwrap_or_default();
        Ok(format!("modified within 60 s {}", age < Duration::from_secs(60)))
    });
    step("set_times with both a time and now", || {
        errno(unsafe {
            wasi::path_filestat_set_times(dirfd, 0, "hard.txt", 0, 5, wasi::FSTFLAGS_MTIM | wasi::FSTFLAGS_MTIM_NOW)
        })
    });
    step("directory set_times", || {
        errno(unsafe { wasi::path_filestat_set_times(dirfd, 0, "sub", 7_000_000_000, 8_000_000_000, wasi::FSTFLAGS_ATIM | wasi::FSTFLAGS_MTIM) })?;
        let m = fs::metadata(p("sub"))?;
        Ok(format!("modified {}", m.modified()? == UNIX_EPOCH + Duration::from_secs(8)))
    });

    // Clean up, leaving final.txt.
    step("clean up", || {
        fs::remove_dir_all(p("sub"))?;
        fs::rename(p("hard.txt"), p("final.txt"))?;
        fs::write(p("final.txt"), b"fileops done\n")?;
        let mut names: Vec<String> =
            fs::read_dir(&dir)?.map(|e| Ok(e?.file_name().to_string_lossy().into_owned())).collect::<io::Result<_>>()?;
        names.sort();
        Ok(names.join(", "))
    });
}

fn io_err(e: wasi::Errno) -> io::Error {
    io::Error::from_raw_os_error(e.raw() as i32)
}

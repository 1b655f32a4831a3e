//! `misc DIR`: the less travelled calls, raw, one line each with its result or errno:
//! fdstat, tell, pread/pwrite, advise, sync, allocate, fdstat_set_flags, renumber,
//! readdir with tiny buffers and cookies, many iovecs, short readlink buffers, odd paths,
//! non-UTF-8 names, seeking stdio, sockets calls on files, sched_yield, args and
//! environment sizes. DIR is a preopened directory that starts empty.
use wasi::{Errno, Fd};

use awe_wasi_guests::raw::{ALL_RIGHTS, pread, preopen, read, write};

fn show<T: std::fmt::Debug>(name: &str, r: Result<T, Errno>) {
    match r {
        Ok(v) => println!("{name}: {v:?}"),
        Err(e) => println!("{name}: errno {}", e.raw()),
    }
}

/// Opens with every right, but those that make a runtime open for writing when the path
/// is (or must be) a directory.
fn open(dir: Fd, path: &str, oflags: wasi::Oflags, fdflags: wasi::Fdflags) -> Result<Fd, Errno> {
    let writes = wasi::RIGHTS_FD_WRITE
        | wasi::RIGHTS_FD_DATASYNC
        | wasi::RIGHTS_FD_ALLOCATE
        | wasi::RIGHTS_FD_FILESTAT_SET_SIZE;
    let base = if oflags & wasi::OFLAGS_DIRECTORY != 0 { ALL_RIGHTS & !writes } else { ALL_RIGHTS };
    unsafe { wasi::path_open(dir, 0, path, oflags, base, ALL_RIGHTS, fdflags) }
}

fn filetype(fd: Fd) -> Result<(u8, u16), Errno> {
    unsafe { wasi::fd_fdstat_get(fd) }.map(|s| (s.fs_filetype.raw(), s.fs_flags))
}

/// Reads a directory with fd_readdir from `cookie` through a buffer of `size` bytes,
/// restarting from the cookie of the last whole entry each time, and growing the buffer
/// when it cannot hold one entry (as libc does); the names, sorted.
fn readdir(fd: Fd, mut size: usize, mut cookie: u64) -> Result<Vec<String>, Errno> {
    let mut names = Vec::new();
    loop {
        let mut buf = vec![0u8; size];
        let used = unsafe { wasi::fd_readdir(fd, buf.as_mut_ptr(), size, cookie) }?;
        let mut at = 0;
        while at + 24 <= used {
            let next = u64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
            let namlen = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + 24 + namlen > used {
                break;
            }
            names.push(String::from_utf8_lossy(&buf[at + 24..at + 24 + namlen]).into_owned());
            cookie = next;
            at += 24 + namlen;
        }
        if used < size {
            names.sort();
            return Ok(names);
        }
        if at == 0 {
            size *= 2;
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: misc DIR");
    let d = preopen(&dir);

    // fdstat.
    show("fdstat of the preopen (filetype, flags)", filetype(d));
    let f = open(d, "f.txt", wasi::OFLAGS_CREAT, 0).unwrap();
    show("fdstat of a new file", filetype(f));
    let a = open(d, "f.txt", 0, wasi::FDFLAGS_APPEND).unwrap();
    show("fdstat of an append fd", filetype(a));

    // Position, pread/pwrite, append.
    show("write 10", write(f, b"0123456789"));
    show("tell after write", unsafe { wasi::fd_tell(f) });
    show("pwrite at 2", unsafe { wasi::fd_pwrite(f, &[wasi::Ciovec { buf: b"ab".as_ptr(), buf_len: 2 }], 2) });
    show("tell after pwrite", unsafe { wasi::fd_tell(f) });
    show("pread 4 at 1", pread(f, 4, 1));
    show("pread past the end", pread(f, 4, 100));
    show("write on the append fd", write(a, b"END"));
    show("tell of the append fd", unsafe { wasi::fd_tell(a) });
    show("seek to 0 and read all", unsafe { wasi::fd_seek(f, 0, wasi::WHENCE_SET) }.and_then(|_| read(f, 100)));
    show("read at the end", read(f, 10));
    show("seek before the start", unsafe { wasi::fd_seek(f, -1, wasi::WHENCE_SET) });
    show("seek from end", unsafe { wasi::fd_seek(f, -3, wasi::WHENCE_END) });
    show("fdstat_set_flags append", unsafe { wasi::fd_fdstat_set_flags(f, wasi::FDFLAGS_APPEND) });
    show("write after set_flags append", unsafe { wasi::fd_seek(f, 0, wasi::WHENCE_SET) }.and_then(|_| write(f, b"!")));
    show("content", pread(f, 100, 0));
    show("fdstat after set_flags", filetype(f));
    show("advise", unsafe { wasi::fd_advise(f, 0, 10, wasi::ADVICE_SEQUENTIAL) });
    show("sync", unsafe { wasi::fd_sync(f) });
    show("datasync", unsafe { wasi::fd_datasync(f) });
    show("set_size 20", unsafe { wasi::fd_filestat_set_size(f, 20) });
    show("size", unsafe { wasi::fd_filestat_get(f) }.map(|s| s.size));
    show("allocate", unsafe { wasi::fd_allocate(f, 0, 4096) });
    show("pwrite on the append fd", unsafe {
        wasi::fd_pwrite(a, &[wasi::Ciovec { buf: b"P".as_ptr(), buf_len: 1 }], 0)
    });

    // Many iovecs and none.
    let bytes: Vec<u8> = (0..1024u32).map(|i| b'a' + (i % 26) as u8).collect();
    let iovs: Vec<wasi::Ciovec> = bytes.iter().map(|b| wasi::Ciovec { buf: b, buf_len: 1 }).collect();
    let g = open(d, "g.txt", wasi::OFLAGS_CREAT, 0).unwrap();
    // A runtime may write fewer bytes than asked (wasmtime writes one iovec at a time).
    let n = unsafe { wasi::fd_write(g, &iovs) }.unwrap();
    println!("write 1024 iovecs of 1 byte: wrote 1 to 1024 {}", (1..=1024).contains(&n));
    let back = pread(g, 2000, 0).unwrap();
    println!("  what it wrote reads back {}", back.as_bytes() == &bytes[..n]);
    // Loop over short writes (each iovec is one byte, so they end on iovec boundaries).
    let mut done = n;
    while done < 1024 {
        done += unsafe { wasi::fd_write(g, &iovs[done..]) }.unwrap();
    }
    println!("  all of it in a loop reads back {}", pread(g, 2000, 0).unwrap().as_bytes() == bytes);
    show("write 0 iovecs", unsafe { wasi::fd_write(g, &[]) });
    show("write an empty iovec", write(g, b""));
    show("read back 30", pread(g, 30, 0));
    let mut parts = [[0u8; 3]; 4];
    let riovs: Vec<wasi::Iovec> = parts.iter_mut().map(|p| wasi::Iovec { buf: p.as_mut_ptr(), buf_len: 3 }).collect();
    let n = unsafe { wasi::fd_pread(g, &riovs, 0) }.unwrap();
    println!("pread into 4 iovecs of 3: read 1 to 12 {}", (1..=12).contains(&n));
    println!("  what it read is the file's start {}", parts.concat()[..n] == bytes[..n]);

    // Renumber.
    show("renumber the append fd over the first", unsafe { wasi::fd_renumber(a, f) });
    show("the old number is closed", unsafe { wasi::fd_tell(a) });
    show("the new number is the append fd", filetype(f));
    show("renumber an fd onto itself", unsafe { wasi::fd_renumber(g, g) });
    show("close", unsafe { wasi::fd_close(g) });
    show("close again", unsafe { wasi::fd_close(g) });

    // Directories: 200 entries read through small buffers.
    unsafe { wasi::path_create_directory(d, "many") }.unwrap();
    let m = open(d, "many", wasi::OFLAGS_DIRECTORY, 0).unwrap();
    for i in 0..200 {
        let name = format!("entry-{i:03}-{}", "x".repeat(i % 17));
        let fd = open(m, &name, wasi::OFLAGS_CREAT, 0).unwrap();
        unsafe { wasi::fd_close(fd) }.unwrap();
    }
    for size in [4096, 256, 64, 30] {
        match readdir(m, size, 0) {
            Ok(names) => {
                let dots = names.iter().filter(|n| *n == "." || *n == "..").count();
                let real: Vec<&String> = names.iter().filter(|n| *n != "." && *n != "..").collect();
                let unique: std::collections::BTreeSet<&String> = real.iter().copied().collect();
                println!(
                    "readdir with a {size}-byte buffer: {} entries, {} distinct, first {:?}, last {:?}, dot entries {dots}",
                    real.len(),
                    unique.len(),
                    real.first(),
                    real.last()
                );
            }
            Err(e) => println!("readdir with a {size}-byte buffer: errno {}", e.raw()),
        }
    }
    show("readdir at a cookie past the end", readdir(m, 4096, 1_000_000).map(|v| v.len()));
    show("readdir of a file", unsafe {
        let mut b = [0u8; 64];
        wasi::fd_readdir(f, b.as_mut_ptr(), 64, 0)
    });
    show("std read_dir of 200", std::fs::read_dir(format!("{dir}/many")).map(|r| r.count()).map_err(|_| wasi::ERRNO_IO));

    // Links and odd paths.
    unsafe { wasi::path_symlink("a-rather-long-target-name", d, "lnk") }.unwrap();
    show("readlink into a 5-byte buffer", unsafe {
        let mut b = [0u8; 5];
        wasi::path_readlink(d, "lnk", b.as_mut_ptr(), 5).map(|n| (n, String::from_utf8_lossy(&b[..n]).into_owned()))
    });
    show("filestat of a symlink without follow", unsafe { wasi::path_filestat_get(d, 0, "lnk") }.map(|s| s.filetype.raw()));
    show("filestat of a dangling symlink with follow", unsafe {
        wasi::path_filestat_get(d, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, "lnk")
    }.map(|s| s.filetype.raw()));
    show("open a symlink with nofollow", open(d, "lnk", 0, 0));
    show("open the empty path", open(d, "", 0, 0));
    show("open a file as a directory", open(d, "f.txt", wasi::OFLAGS_DIRECTORY, 0));
    show("create a directory", open(d, "newdir", wasi::OFLAGS_DIRECTORY | wasi::OFLAGS_CREAT, 0));
    show("mkdir over a file", unsafe { wasi::path_create_directory(d, "f.txt") });
    show("mkdir with a trailing slash", unsafe { wasi::path_create_directory(d, "slashed/") });
    show("open dot", open(d, ".", wasi::OFLAGS_DIRECTORY, 0).map(|_| "ok"));
    show("open many/.. (inside)", open(d, "many/..", wasi::OFLAGS_DIRECTORY, 0).map(|_| "ok"));
    show("open many/../f.txt (inside)", open(d, "many/../f.txt", 0, 0).map(|_| "ok"));
    show("rmdir with a trailing slash", unsafe { wasi::path_remove_directory(d, "slashed/") });
    let _ = unsafe { wasi::path_remove_directory(d, "slashed") };
    show("unlink with a trailing slash", unsafe { wasi::path_unlink_file(d, "f.txt/") });
    // Trailing slashes name directories: on a file they fail (Linux: ENOTDIR, or ENOENT
    // for a new name), on a directory they work.
    let t = open(d, "t.txt", wasi::OFLAGS_CREAT, 0).unwrap();
    unsafe { wasi::fd_close(t) }.unwrap();
    show("rename a file with a trailing slash", unsafe { wasi::path_rename(d, "t.txt/", d, "h.txt") });
    show("link a file to a trailing slash", unsafe { wasi::path_link(d, 0, "t.txt", d, "hl/") });
    show("link a file with a trailing slash", unsafe { wasi::path_link(d, 0, "t.txt/", d, "hl") });
    show("symlink to a trailing slash", unsafe { wasi::path_symlink("x", d, "sl/") });
    show("filestat of a file with a trailing slash", unsafe { wasi::path_filestat_get(d, 0, "t.txt/") }.map(|_| ()));
    show("set_times of a file with a trailing slash", unsafe {
        wasi::path_filestat_set_times(d, 0, "t.txt/", 0, 0, wasi::FSTFLAGS_MTIM_NOW)
    });
    show("open a file with a trailing slash", open(d, "t.txt/", 0, 0));
    show("rename a file to a trailing slash", unsafe { wasi::path_rename(d, "t.txt", d, "h.txt/") });
    show("rename a directory with trailing slashes", unsafe { wasi::path_create_directory(d, "d1") }
        .and_then(|()| unsafe { wasi::path_rename(d, "d1/", d, "d2/") }));
    show("names left", std::fs::read_dir(&dir).map(|r| {
        let mut v: Vec<String> = r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }).map_err(|_| wasi::ERRNO_IO));
    let bad = [b'b', b'a', b'd', 0xff, 0xfe];
    let r = unsafe {
        wasi::wasi_snapshot_preview1::path_open(
            d as i32, 0, bad.as_ptr() as i32, bad.len() as i32, wasi::OFLAGS_CREAT as i32,
            ALL_RIGHTS as i64, ALL_RIGHTS as i64, 0, &mut 0u32 as *mut u32 as i32,
        )
    };
    println!("create a non-UTF-8 name: errno {r}");
    show("write to a directory fd", write(d, b"x"));
    show("read from a directory fd", read(d, 4));
    show("pread from a directory fd", pread(d, 4, 0));
    show("seek on a directory fd", unsafe { wasi::fd_seek(d, 0, wasi::WHENCE_SET) });

    // Stdio and the rest.
    show("seek on stdout", unsafe { wasi::fd_seek(1, 0, wasi::WHENCE_CUR) });
    show("tell on stderr", unsafe { wasi::fd_tell(2) });
    show("prestat of stdin", unsafe { wasi::fd_prestat_get(0) }.map(|_| ()));
    show("sock_shutdown on a file", unsafe { wasi::sock_shutdown(f, wasi::SDFLAGS_RD) });
    show("sock_accept on the preopen", unsafe { wasi::sock_accept(d, 0) });
    show("sched_yield", unsafe { wasi::sched_yield() });
    // argv[0] is the module's path as the runtime got it: only the count is fixed.
    show("args_sizes_get count", unsafe { wasi::args_sizes_get() }.map(|(n, _)| n));
    show("environ_sizes_get", unsafe { wasi::environ_sizes_get() });
    show("close the preopen", unsafe { wasi::fd_close(d) });
    show("prestat after close", unsafe { wasi::fd_prestat_get(d) }.map(|_| ()));
}

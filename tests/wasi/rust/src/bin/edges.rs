//! `edges SECTION DIR`: the edge cases of one group of WASI calls, raw, one line per
//! check with its result or errno name. DIR is a preopened directory that starts empty.
//! Sections: `open` (every combination of oflags, fdflags and read/write rights on a
//! missing name, a file, a directory and symbolic links), `seek`, `pio` (pread/pwrite,
//! also with append), `readdir` (resuming at every cookie, small buffers, inodes),
//! `rights` (each right dropped, then its call refused), `links` (symbolic links and
//! `..`, inside and escaping), `fds` (descriptors used after close, renumbered, closed
//! preopens, unlinked files), `paths` (rename, link, unlink, rmdir, mkdir, symlink on
//! each kind of name, times with each flag, sizes, advice), `poll` (descriptor
//! subscriptions), `clocks`, `random`.
use awe_wasi_guests::raw::{pread, preopen, read, write};
use wasi::{Errno, Fd};

/// A call's result: its value, or its errno's name.
fn res<T: std::fmt::Debug>(r: Result<T, Errno>) -> String {
    match r {
        Ok(v) => format!("{v:?}"),
        Err(e) => e.name().to_string(),
    }
}

fn show<T: std::fmt::Debug>(name: &str, r: Result<T, Errno>) {
    println!("{name}: {}", res(r));
}

const R: wasi::Rights = wasi::RIGHTS_FD_READ | wasi::RIGHTS_FD_SEEK | wasi::RIGHTS_FD_TELL | wasi::RIGHTS_FD_FILESTAT_GET;
const W: wasi::Rights = wasi::RIGHTS_FD_WRITE | wasi::RIGHTS_FD_SEEK | wasi::RIGHTS_FD_TELL | wasi::RIGHTS_FD_FILESTAT_GET;
/// Every right a file may have.
const FILE: wasi::Rights = wasi::RIGHTS_FD_DATASYNC
    | wasi::RIGHTS_FD_READ
    | wasi::RIGHTS_FD_SEEK
    | wasi::RIGHTS_FD_FDSTAT_SET_FLAGS
    | wasi::RIGHTS_FD_SYNC
    | wasi::RIGHTS_FD_TELL
    | wasi::RIGHTS_FD_WRITE
    | wasi::RIGHTS_FD_ADVISE
    | wasi::RIGHTS_FD_ALLOCATE
    | wasi::RIGHTS_FD_FILESTAT_GET
    | wasi::RIGHTS_FD_FILESTAT_SET_SIZE
    | wasi::RIGHTS_FD_FILESTAT_SET_TIMES
    | wasi::RIGHTS_POLL_FD_READWRITE;
/// Every right but those that make a runtime open for writing: for directories.
const DIR: wasi::Rights = awe_wasi_guests::raw::ALL_RIGHTS
    & !(wasi::RIGHTS_FD_WRITE | wasi::RIGHTS_FD_DATASYNC | wasi::RIGHTS_FD_ALLOCATE | wasi::RIGHTS_FD_FILESTAT_SET_SIZE);

fn open(dir: Fd, follow: bool, path: &str, oflags: wasi::Oflags, base: wasi::Rights, fdflags: wasi::Fdflags) -> Result<Fd, Errno> {
    let lookup = if follow { wasi::LOOKUPFLAGS_SYMLINK_FOLLOW } else { 0 };
    unsafe { wasi::path_open(dir, lookup, path, oflags, base, base | FILE, fdflags) }
}

fn open_dir(dir: Fd, path: &str) -> Result<Fd, Errno> {
    unsafe { wasi::path_open(dir, 0, path, wasi::OFLAGS_DIRECTORY, DIR, DIR | FILE, 0) }
}

fn pwrite(fd: Fd, bytes: &[u8], at: u64) -> Result<usize, Errno> {
    unsafe { wasi::fd_pwrite(fd, &[wasi::Ciovec { buf: bytes.as_ptr(), buf_len: bytes.len() }], at) }
}

fn seek(fd: Fd, off: i64, whence: wasi::Whence) -> Result<u64, Errno> {
    unsafe { wasi::fd_seek(fd, off, whence) }
}

fn tell(fd: Fd) -> Result<u64, Errno> {
    unsafe { wasi::fd_tell(fd) }
}

fn close(fd: Fd) {
    unsafe { wasi::fd_close(fd) }.expect("close");
}

/// Creates `path` holding `content`.
fn make(dir: Fd, path: &str, content: &str) {
    let fd = open(dir, false, path, wasi::OFLAGS_CREAT | wasi::OFLAGS_TRUNC, W, 0).expect("create");
    write(fd, content.as_bytes()).expect("write");
    close(fd);
}

/// The whole content of the file at `path` (following links), or the errno.
fn content(dir: Fd, path: &str) -> Result<String, Errno> {
    let fd = open(dir, true, path, 0, R, 0)?;
    let r = pread(fd, 1000, 0);
    close(fd);
    r
}

/// What is at `path`, without following a final link: "missing", a file and its
/// content, a directory, or a link and what it leads to.
fn describe(dir: Fd, path: &str) -> String {
    match unsafe { wasi::path_filestat_get(dir, 0, path) } {
        Err(wasi::ERRNO_NOENT) => "missing".into(),
        Err(e) => e.name().into(),
        Ok(s) if s.filetype == wasi::FILETYPE_DIRECTORY => "dir".into(),
        Ok(s) if s.filetype == wasi::FILETYPE_SYMBOLIC_LINK => format!("link to {}", describe_target(dir, path)),
        Ok(_) => format!("file {}", res(content(dir, path))),
    }
}

fn describe_target(dir: Fd, path: &str) -> String {
    match unsafe { wasi::path_filestat_get(dir, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, path) } {
        Err(wasi::ERRNO_NOENT) => "nothing".into(),
        Err(e) => e.name().into(),
        Ok(s) if s.filetype == wasi::FILETYPE_DIRECTORY => "dir".into(),
        Ok(_) => format!("file {}", res(content(dir, path))),
    }
}

/// Removes whatever is at `path` (a file, link or empty directory).
fn remove(dir: Fd, path: &str) {
    if unsafe { wasi::path_unlink_file(dir, path) }.is_err() {
        let _ = unsafe { wasi::path_remove_directory(dir, path) };
    }
}

fn flag_names(bits: u16, names: &[(u16, &str)]) -> String {
    let v: Vec<&str> = names.iter().filter(|(b, _)| bits & b != 0).map(|(_, n)| *n).collect();
    if v.is_empty() { "0".into() } else { v.join("|") }
}

const OFLAGS: &[(u16, &str)] = &[
    (wasi::OFLAGS_CREAT, "CREAT"),
    (wasi::OFLAGS_DIRECTORY, "DIRECTORY"),
    (wasi::OFLAGS_EXCL, "EXCL"),
    (wasi::OFLAGS_TRUNC, "TRUNC"),
];

/// Every combination of the four oflags, no fdflag or APPEND, and read, write or both,
/// on each kind of name; what the open gave, what a write and a read at offset 0 then
/// did, and what is left at the name.
fn section_open(d: Fd) {
    let targets = ["missing", "file", "dir", "link to file", "link to file, followed", "dangling link, followed"];
    for target in targets {
        for oflags in 0..16u16 {
            for fdflags in [0, wasi::FDFLAGS_APPEND] {
                for (rname, rights) in [("R", R), ("W", W), ("RW", R | W)] {
                    remove(d, "t");
                    remove(d, "target");
                    match target {
                        "file" => make(d, "t", "old"),
                        "dir" => unsafe { wasi::path_create_directory(d, "t") }.unwrap(),
                        "dangling link, followed" => unsafe { wasi::path_symlink("target", d, "t") }.unwrap(),
                        "missing" => {}
                        _ => {
                            make(d, "target", "old");
                            unsafe { wasi::path_symlink("target", d, "t") }.unwrap();
                        }
                    }
                    let follow = target.ends_with("followed");
                    let mut line = format!(
                        "{target} oflags={} fdflags={} rights={rname}: ",
                        flag_names(oflags, OFLAGS),
                        if fdflags == 0 { "0" } else { "APPEND" }
                    );
                    match open(d, follow, "t", oflags, rights, fdflags) {
                        Err(e) => line += e.name(),
                        Ok(fd) => {
                            let st = unsafe { wasi::fd_fdstat_get(fd) }.unwrap();
                            line += &format!("type {} flags {}", st.fs_filetype.raw(), st.fs_flags);
                            // Read rights with CREAT or TRUNC: wasmtime adds FD_WRITE (see
                            // below, and FINDINGS.md).
                            let read_only = rights == R && oflags & (wasi::OFLAGS_CREAT | wasi::OFLAGS_TRUNC) != 0;
                            if st.fs_filetype == wasi::FILETYPE_REGULAR_FILE && !read_only {
                                let w = seek(fd, 0, wasi::WHENCE_SET).and_then(|_| write(fd, b"new"));
                                let r = seek(fd, 0, wasi::WHENCE_SET).and_then(|_| read(fd, 100));
                                line += &format!(", write {}, read {}", res(w), res(r));
                            }
                            close(fd);
                        }
                    }
                    line += &format!(" -> {}", describe(d, "t"));
                    if target != "missing" && target != "file" && target != "dir" {
                        line += &format!(", target {}", describe(d, "target"));
                    }
                    println!("{line}");
                }
            }
        }
    }
    // A descriptor has the rights asked for, never more (witx: `fs_rights_base` are the
    // new descriptor's rights, fewer only where they do not apply): read rights with
    // CREAT or TRUNC give no FD_WRITE.
    for (what, oflags) in [("CREAT on a missing name", wasi::OFLAGS_CREAT), ("TRUNC on a file", wasi::OFLAGS_TRUNC)] {
        remove(d, "t");
        make(d, "t", "old");
        if oflags == wasi::OFLAGS_CREAT {
            remove(d, "t");
        }
        let fd = open(d, false, "t", oflags, R, 0).unwrap();
        let wr = unsafe { wasi::fd_fdstat_get(fd) }.map(|s| s.fs_rights_base & wasi::RIGHTS_FD_WRITE != 0);
        println!("read rights only, {what}: FD_WRITE in base {}, write {}", res(wr), res(write(fd, b"new")));
        close(fd);
    }
    remove(d, "t");
    remove(d, "target");
}

/// fd_seek and fd_tell: from each origin, negative, past the end, and what a write
/// past the end leaves.
fn section_seek(d: Fd) {
    make(d, "s", "0123456789");
    let f = open(d, false, "s", 0, R | W, 0).unwrap();
    show("tell at open", tell(f));
    show("SET 3", seek(f, 3, wasi::WHENCE_SET));
    show("CUR +2", seek(f, 2, wasi::WHENCE_CUR));
    show("CUR -2", seek(f, -2, wasi::WHENCE_CUR));
    show("CUR 0 (tell)", seek(f, 0, wasi::WHENCE_CUR));
    show("CUR -4 (before the start)", seek(f, -4, wasi::WHENCE_CUR));
    show("tell after a refused seek", tell(f));
    show("SET -1", seek(f, -1, wasi::WHENCE_SET));
    show("END 0", seek(f, 0, wasi::WHENCE_END));
    show("END -3", seek(f, -3, wasi::WHENCE_END));
    show("read after END -3", read(f, 10));
    show("tell after the read", tell(f));
    show("END -10 (the start)", seek(f, -10, wasi::WHENCE_END));
    show("END -11 (before the start)", seek(f, -11, wasi::WHENCE_END));
    show("END +5 (past the end)", seek(f, 5, wasi::WHENCE_END));
    show("read past the end", read(f, 10));
    show("size before writing past the end", unsafe { wasi::fd_filestat_get(f) }.map(|s| s.size));
    show("write past the end", write(f, b"X"));
    show("tell after it", tell(f));
    show("size after", unsafe { wasi::fd_filestat_get(f) }.map(|s| s.size));
    show("the gap reads as zeros", pread(f, 6, 10).map(|s| s.bytes().collect::<Vec<u8>>()));
    show("SET 1000000", seek(f, 1_000_000, wasi::WHENCE_SET));
    show("read there", read(f, 10));
    show("CUR -999990", seek(f, -999_990, wasi::WHENCE_CUR));
    show("read there", read(f, 3));
    show("size unchanged by seeking", unsafe { wasi::fd_filestat_get(f) }.map(|s| s.size));
    show("tell after read", tell(f));
    show("write moves the offset", seek(f, 2, wasi::WHENCE_SET).and_then(|_| write(f, b"ab")).and_then(|_| tell(f)));
    show("pwrite does not", pwrite(f, b"cd", 0).and_then(|_| tell(f)));
    show("pread does not", pread(f, 3, 0).and_then(|_| tell(f)));
    show("content", pread(f, 100, 0));
    // An append descriptor: seeking works, writes still go to the end.
    let a = open(d, false, "s", 0, R | W, wasi::FDFLAGS_APPEND).unwrap();
    show("append fd: tell at open", tell(a));
    show("append fd: SET 2", seek(a, 2, wasi::WHENCE_SET));
    show("append fd: write", write(a, b"E"));
    show("append fd: tell after the write", tell(a));
    show("append fd: END 0", seek(a, 0, wasi::WHENCE_END));
    show("append fd: read from 2", seek(a, 2, wasi::WHENCE_SET).and_then(|_| read(a, 3)));
    show("append fd: tell after reading", tell(a));
    close(a);
    // Two descriptors of one file have their own offsets.
    let g = open(d, false, "s", 0, R, 0).unwrap();
    show("second fd: tell", tell(g));
    show("second fd: read 2", read(g, 2));
    show("first fd: tell unchanged", tell(f));
    close(g);
    close(f);
    // Seeking what cannot seek.
    let dir = open_dir(d, ".").unwrap();
    show("seek a directory", seek(dir, 0, wasi::WHENCE_SET));
    show("tell a directory", tell(dir));
    close(dir);
    show("seek stdin", seek(0, 0, wasi::WHENCE_CUR));
    show("seek stdout END", seek(1, 0, wasi::WHENCE_END));
    show("tell stdin", tell(0));
    remove(d, "s");
}

/// fd_pread and fd_pwrite: offsets, past the end, with append, and refusals.
fn section_pio(d: Fd) {
    make(d, "p", "0123456789");
    let f = open(d, false, "p", 0, R | W, 0).unwrap();
    show("pread 4 at 3", pread(f, 4, 3));
    show("pread 4 at 8 (short)", pread(f, 4, 8));
    show("pread at the end", pread(f, 4, 10));
    show("pread far past the end", pread(f, 4, 1 << 40));
    show("pread of 0 bytes", pread(f, 0, 0));
    show("pread with no iovecs", unsafe { wasi::fd_pread(f, &[], 0) });
    show("pwrite 2 at 4", pwrite(f, b"ab", 4));
    show("pwrite at the end", pwrite(f, b"cd", 10));
    show("pwrite past the end", pwrite(f, b"ef", 15));
    show("size", unsafe { wasi::fd_filestat_get(f) }.map(|s| s.size));
    show("the gap", pread(f, 3, 12).map(|s| s.into_bytes()));
    show("content", pread(f, 100, 0));
    show("pwrite of 0 bytes", pwrite(f, b"", 3));
    show("tell: pread and pwrite left the offset", tell(f));
    close(f);

    // With append (the official suite's pwrite-with-append: POSIX writes at the offset,
    // Linux at the end).
    make(d, "a", "");
    let a = open(d, false, "a", wasi::OFLAGS_TRUNC, W, wasi::FDFLAGS_APPEND).unwrap();
    show("append: write 2", write(a, b"xy"));
    show("append: SET 0", seek(a, 0, wasi::WHENCE_SET));
    show("append: write 2 more", write(a, b"zw"));
    show("append: tell", tell(a));
    let at_end = pwrite(a, b"PPP", 0);
    show("append: pwrite 3 at 0", at_end);
    show("append: tell after pwrite", tell(a));
    let size = unsafe { wasi::fd_filestat_get(a) }.map(|s| s.size);
    println!("append: size 4 (at the offset) or 7 (at the end): {}", res(size.map(|s| s == 4 || s == 7)));
    close(a);

    // Refusals.
    make(d, "r", "read me");
    let ro = open(d, false, "r", 0, R, 0).unwrap();
    show("pwrite on a read-only fd", pwrite(ro, b"x", 0));
    show("pread on a read-only fd", pread(ro, 4, 0));
    close(ro);
    let wo = open(d, false, "r", 0, W, 0).unwrap();
    show("pread on a write-only fd", pread(wo, 4, 0));
    show("pwrite on a write-only fd", pwrite(wo, b"R", 0));
    close(wo);
    show("content after", content(d, "r"));
    show("pread on stdin", unsafe {
        let mut b = [0u8; 4];
        wasi::fd_pread(0, &[wasi::Iovec { buf: b.as_mut_ptr(), buf_len: 4 }], 0)
    });
    show("pwrite on stdout", pwrite(1, b"x", 0));
    for n in ["p", "a", "r"] {
        remove(d, n);
    }
}

/// One fd_readdir call from `cookie` into a buffer of `size` bytes: the bytes used, and
/// the whole entries (cookie of the next, inode, type, name).
fn readdir_once(fd: Fd, size: usize, cookie: u64) -> Result<(usize, Vec<(u64, u64, u8, String)>), Errno> {
    let mut buf = vec![0u8; size];
    let used = unsafe { wasi::fd_readdir(fd, buf.as_mut_ptr(), size, cookie) }?;
    let mut out = Vec::new();
    let mut at = 0;
    while at + 24 <= used {
        let next = u64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
        let ino = u64::from_le_bytes(buf[at + 8..at + 16].try_into().unwrap());
        let namlen = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
        if at + 24 + namlen > used {
            break;
        }
        out.push((next, ino, buf[at + 20], String::from_utf8_lossy(&buf[at + 24..at + 24 + namlen]).into_owned()));
        at += 24 + namlen;
    }
    Ok((used, out))
}

/// Reads the whole directory through buffers of `size` bytes, from the last whole
/// entry's cookie each time (growing the buffer when not one entry fits): the names in
/// order, and how many calls it took.
fn readdir_all(fd: Fd, mut size: usize, mut cookie: u64) -> Result<(Vec<String>, usize), Errno> {
    let (mut names, mut calls) = (Vec::new(), 0);
    loop {
        let (used, entries) = readdir_once(fd, size, cookie)?;
        calls += 1;
        if entries.is_empty() && used == size {
            size *= 2;
            continue;
        }
        for (next, _, _, name) in &entries {
            names.push(name.clone());
            cookie = *next;
        }
        if used < size {
            return Ok((names, calls));
        }
    }
}

/// fd_readdir: resuming at every cookie, every small buffer size, entry types and
/// inodes.
fn section_readdir(d: Fd) {
    unsafe { wasi::path_create_directory(d, "r") }.unwrap();
    let r = open_dir(d, "r").unwrap();
    show("empty directory", readdir_all(r, 4096, 0).map(|(mut n, _)| {
        n.sort();
        n
    }));
    for i in 0..30 {
        make(r, &format!("file-{i:02}{}", "y".repeat(i % 7)), "");
    }
    unsafe { wasi::path_create_directory(r, "subdir") }.unwrap();
    unsafe { wasi::path_symlink("file-00", r, "symlink") }.unwrap();
    let (used, all) = readdir_once(r, 65536, 0).unwrap();
    println!("one big buffer: {} entries, buffer not full {}", all.len(), used < 65536);
    let mut sorted: Vec<&String> = all.iter().map(|e| &e.3).collect();
    sorted.sort();
    println!("  names {sorted:?}");
    let unique: std::collections::BTreeSet<u64> = all.iter().map(|e| e.0).collect();
    println!("  distinct cookies {}", unique.len() == all.len());
    // Resuming at each entry's cookie gives the entries after it, in the same order.
    let mut same = 0;
    for (i, e) in all.iter().enumerate() {
        let (_, rest) = readdir_once(r, 65536, e.0).unwrap();
        let want: Vec<&String> = all[i + 1..].iter().map(|e| &e.3).collect();
        let got: Vec<&String> = rest.iter().map(|e| &e.3).collect();
        if got == want {
            same += 1;
        } else {
            println!("  resuming after entry {i} ({}): {got:?}", e.3);
        }
    }
    println!("resuming at each of the {} cookies gives the entries after it: {same}", all.len());
    show("resuming at the last cookie", readdir_once(r, 4096, all[all.len() - 1].0).map(|(u, e)| (u, e.len())));
    show("resuming at cookie 0 again", readdir_once(r, 65536, 0).map(|(u, e)| (u == used, e.len())));
    // Small buffers: the first call fills the buffer (the last entry cut off).
    let total = used;
    let mut fills = Vec::new();
    for size in 0..=60 {
        let u = readdir_once(r, size, 0).map(|(u, e)| (u, e.len()));
        fills.push(format!("{size}:{}", res(u)));
    }
    println!("first call into buffers of 0 to 60 bytes (used, whole entries): {}", fills.join(" "));
    show("a buffer of exactly the listing's size", readdir_once(r, total, 0).map(|(u, e)| (u == total, e.len())));
    show("one byte less", readdir_once(r, total - 1, 0).map(|(u, e)| (u == total - 1, e.len())));
    for size in [24, 25, 31, 32, 33, 40, 64, 100, 256] {
        show(&format!("whole listing through {size}-byte buffers (names, calls)"), readdir_all(r, size, 0).map(|(n, c)| {
            let mut n2 = n.clone();
            n2.sort();
            n2.dedup();
            (n.len(), n2.len(), n2 == sorted.iter().map(|s| s.to_string()).collect::<Vec<_>>(), c > 1)
        }));
    }
    // Types and inodes.
    let ino_of = |name: &str| unsafe { wasi::path_filestat_get(r, 0, name) }.map(|s| s.ino);
    let dir_ino = unsafe { wasi::fd_filestat_get(r) }.map(|s| s.ino);
    for (_, ino, ty, name) in &all {
        if name == "." {
            println!(". : type {ty}, inode is the directory's {}", Ok(*ino) == dir_ino);
        } else if name == "file-00" || name == "subdir" || name == "symlink" {
            println!("{name}: type {ty}, inode is path_filestat_get's {}", Ok(*ino) == ino_of(name));
        } else if name != ".." && Ok(*ino) != ino_of(name) {
            println!("{name}: inode differs from path_filestat_get's");
        }
    }
    show("cookie far past the end", readdir_once(r, 4096, 1_000_000).map(|(u, e)| (u, e.len())));
    // A file, stdio.
    let f = open(r, false, "file-00", 0, R | wasi::RIGHTS_FD_READDIR, 0).unwrap();
    show("readdir of a file", readdir_once(f, 256, 0).map(|(u, _)| u));
    close(f);
    show("readdir of stdout", readdir_once(1, 256, 0).map(|(u, _)| u));
    // Entries removed: the listing shrinks.
    for i in 0..30 {
        remove(r, &format!("file-{i:02}{}", "y".repeat(i % 7)));
    }
    show("after removing the files", readdir_all(r, 4096, 0).map(|(mut n, _)| {
        n.sort();
        n
    }));
    remove(r, "subdir");
    remove(r, "symlink");
    close(r);
    remove(d, "r");
}

/// Each right dropped from a fresh descriptor in turn, then the call that needs it.
fn section_rights(d: Fd) {
    make(d, "f", "0123456789");
    let probe = open(d, false, "f", 0, FILE, 0).unwrap();
    let supported = unsafe { wasi::fd_fdstat_set_rights(probe, FILE, FILE) };
    close(probe);
    show("fd_fdstat_set_rights supported", supported);
    if supported.is_err() {
        remove(d, "f");
        return;
    }
    type Op = fn(Fd) -> Result<String, Errno>;
    let ok = |r: Result<(), Errno>| r.map(|()| "ok".to_string());
    let file_ops: Vec<(&str, wasi::Rights, Op)> = vec![
        ("FD_READ", wasi::RIGHTS_FD_READ, |f| read(f, 2)),
        ("FD_READ (pread)", wasi::RIGHTS_FD_READ, |f| pread(f, 2, 0)),
        ("FD_WRITE", wasi::RIGHTS_FD_WRITE, |f| write(f, b"w").map(|n| n.to_string())),
        ("FD_WRITE (pwrite)", wasi::RIGHTS_FD_WRITE, |f| pwrite(f, b"p", 0).map(|n| n.to_string())),
        ("FD_SEEK", wasi::RIGHTS_FD_SEEK, |f| seek(f, 1, wasi::WHENCE_SET).map(|n| n.to_string())),
        ("FD_SEEK (pread)", wasi::RIGHTS_FD_SEEK, |f| pread(f, 2, 0)),
        ("FD_TELL", wasi::RIGHTS_FD_TELL, |f| tell(f).map(|n| n.to_string())),
        ("FD_TELL (seek CUR 0)", wasi::RIGHTS_FD_TELL, |f| seek(f, 0, wasi::WHENCE_CUR).map(|n| n.to_string())),
        ("FD_FDSTAT_SET_FLAGS", wasi::RIGHTS_FD_FDSTAT_SET_FLAGS, |f| unsafe { wasi::fd_fdstat_set_flags(f, 0) }.map(|()| "ok".into())),
        ("FD_SYNC", wasi::RIGHTS_FD_SYNC, |f| unsafe { wasi::fd_sync(f) }.map(|()| "ok".into())),
        ("FD_DATASYNC", wasi::RIGHTS_FD_DATASYNC, |f| unsafe { wasi::fd_datasync(f) }.map(|()| "ok".into())),
        ("FD_ADVISE", wasi::RIGHTS_FD_ADVISE, |f| unsafe { wasi::fd_advise(f, 0, 1, wasi::ADVICE_NORMAL) }.map(|()| "ok".into())),
        ("FD_FILESTAT_GET", wasi::RIGHTS_FD_FILESTAT_GET, |f| unsafe { wasi::fd_filestat_get(f) }.map(|s| s.size.to_string())),
        ("FD_FILESTAT_SET_SIZE", wasi::RIGHTS_FD_FILESTAT_SET_SIZE, |f| unsafe { wasi::fd_filestat_set_size(f, 10) }.map(|()| "ok".into())),
        ("FD_FILESTAT_SET_TIMES", wasi::RIGHTS_FD_FILESTAT_SET_TIMES, |f| {
            unsafe { wasi::fd_filestat_set_times(f, 0, 0, wasi::FSTFLAGS_MTIM_NOW) }.map(|()| "ok".into())
        }),
    ];
    for (name, right, op) in &file_ops {
        let f = open(d, false, "f", 0, FILE, 0).unwrap();
        let with = op(f);
        let dropped = unsafe { wasi::fd_fdstat_set_rights(f, FILE & !right, 0) };
        let without = op(f);
        let base = unsafe { wasi::fd_fdstat_get(f) }.map(|s| s.fs_rights_base & right);
        println!("file {name}: with it {}, drop {}, base has it {}, without {}", res(with), res(dropped), res(base.map(|b| b != 0)), res(without));
        close(f);
    }
    let _ = ok;

    // Directories: each path right dropped from a fresh descriptor of the directory.
    type DirOp = fn(Fd) -> Result<(), Errno>;
    let dir_ops: Vec<(&str, wasi::Rights, DirOp)> = vec![
        ("PATH_OPEN", wasi::RIGHTS_PATH_OPEN, |x| open(x, false, "f", 0, R, 0).map(close)),
        ("PATH_CREATE_FILE", wasi::RIGHTS_PATH_CREATE_FILE, |x| open(x, false, "new", wasi::OFLAGS_CREAT, R, 0).map(close)),
        ("PATH_CREATE_FILE (existing, no CREAT)", wasi::RIGHTS_PATH_CREATE_FILE, |x| open(x, false, "f", 0, R, 0).map(close)),
        ("PATH_CREATE_DIRECTORY", wasi::RIGHTS_PATH_CREATE_DIRECTORY, |x| unsafe { wasi::path_create_directory(x, "nd") }),
        ("PATH_REMOVE_DIRECTORY", wasi::RIGHTS_PATH_REMOVE_DIRECTORY, |x| unsafe { wasi::path_remove_directory(x, "nd") }),
        ("PATH_UNLINK_FILE", wasi::RIGHTS_PATH_UNLINK_FILE, |x| unsafe { wasi::path_unlink_file(x, "new") }),
        ("PATH_SYMLINK", wasi::RIGHTS_PATH_SYMLINK, |x| unsafe { wasi::path_symlink("f", x, "sl") }),
        ("PATH_READLINK", wasi::RIGHTS_PATH_READLINK, |x| unsafe {
            let mut b = [0u8; 8];
            wasi::path_readlink(x, "sl", b.as_mut_ptr(), 8).map(drop)
        }),
        ("PATH_FILESTAT_GET", wasi::RIGHTS_PATH_FILESTAT_GET, |x| unsafe { wasi::path_filestat_get(x, 0, "f") }.map(drop)),
        ("PATH_FILESTAT_SET_TIMES", wasi::RIGHTS_PATH_FILESTAT_SET_TIMES, |x| unsafe {
            wasi::path_filestat_set_times(x, 0, "f", 0, 0, wasi::FSTFLAGS_MTIM_NOW)
        }),
        ("PATH_RENAME_SOURCE", wasi::RIGHTS_PATH_RENAME_SOURCE, |x| unsafe { wasi::path_rename(x, "sl", x, "sl2") }),
        ("PATH_RENAME_TARGET", wasi::RIGHTS_PATH_RENAME_TARGET, |x| unsafe { wasi::path_rename(x, "sl2", x, "sl") }),
        ("PATH_LINK_SOURCE", wasi::RIGHTS_PATH_LINK_SOURCE, |x| unsafe { wasi::path_link(x, 0, "f", x, "hl") }),
        ("PATH_LINK_TARGET", wasi::RIGHTS_PATH_LINK_TARGET, |x| unsafe { wasi::path_link(x, 0, "f", x, "hl2") }),
        ("FD_READDIR", wasi::RIGHTS_FD_READDIR, |x| readdir_once(x, 256, 0).map(drop)),
        ("FD_FILESTAT_GET", wasi::RIGHTS_FD_FILESTAT_GET, |x| unsafe { wasi::fd_filestat_get(x) }.map(drop)),
        ("FD_FILESTAT_SET_TIMES", wasi::RIGHTS_FD_FILESTAT_SET_TIMES, |x| unsafe {
            wasi::fd_filestat_set_times(x, 0, 0, wasi::FSTFLAGS_MTIM_NOW)
        }),
    ];
    for (name, right, op) in &dir_ops {
        let x = open_dir(d, ".").unwrap();
        let (base, inh) = unsafe { wasi::fd_fdstat_get(x) }.map(|s| (s.fs_rights_base, s.fs_rights_inheriting)).unwrap();
        let dropped = unsafe { wasi::fd_fdstat_set_rights(x, base & !right, inh) };
        let without = op(x);
        close(x);
        // With the right (undoing what the call would have done, so the next starts
        // from the same state).
        let x = open_dir(d, ".").unwrap();
        let with = op(x);
        close(x);
        println!("directory {name}: drop {}, without {}, with it {}", res(dropped), res(without), res(with));
    }
    for n in ["new", "nd", "sl", "sl2", "hl", "hl2"] {
        remove(d, n);
    }

    // Inheriting rights bound what a file opened through the directory may have.
    let x = open_dir(d, ".").unwrap();
    let (base, inh) = unsafe { wasi::fd_fdstat_get(x) }.map(|s| (s.fs_rights_base, s.fs_rights_inheriting)).unwrap();
    show("drop FD_WRITE from the inheriting rights", unsafe { wasi::fd_fdstat_set_rights(x, base, inh & !wasi::RIGHTS_FD_WRITE) });
    show("open for writing through it", open(x, false, "f", 0, W, 0).map(close));
    let f = open(x, false, "f", 0, R, 0);
    show("open for reading through it", f.map(|_| ()));
    if let Ok(f) = f {
        show("its base has FD_WRITE", unsafe { wasi::fd_fdstat_get(f) }.map(|s| s.fs_rights_base & wasi::RIGHTS_FD_WRITE != 0));
        show("write", write(f, b"x"));
        close(f);
    }
    let sub = unsafe { wasi::path_open(x, 0, ".", wasi::OFLAGS_DIRECTORY, DIR, FILE, 0) };
    show("a directory opened through it", sub.map(|_| ()));
    if let Ok(sub) = sub {
        show("  its inheriting rights have FD_WRITE", unsafe { wasi::fd_fdstat_get(sub) }.map(|s| s.fs_rights_inheriting & wasi::RIGHTS_FD_WRITE != 0));
        show("  open for writing through that", open(sub, false, "f", 0, W, 0).map(close));
        close(sub);
    }
    close(x);

    // Rights cannot come back, and travel with fd_renumber.
    let f = open(d, false, "f", 0, R | W, 0).unwrap();
    show("drop FD_WRITE", unsafe { wasi::fd_fdstat_set_rights(f, R, 0) });
    show("take FD_WRITE back", unsafe { wasi::fd_fdstat_set_rights(f, R | W, 0) });
    show("take an inheriting right", unsafe { wasi::fd_fdstat_set_rights(f, R, wasi::RIGHTS_FD_READ) });
    show("restate the same rights", unsafe { wasi::fd_fdstat_set_rights(f, R, 0) });
    show("rights now (base == R)", unsafe { wasi::fd_fdstat_get(f) }.map(|s| (s.fs_rights_base == R, s.fs_rights_inheriting)));
    let g = open(d, false, "f", 0, R | W, 0).unwrap();
    show("renumber the reduced fd over a full one", unsafe { wasi::fd_renumber(f, g) });
    show("write through the renumbered fd", write(g, b"x"));
    show("drop every right", unsafe { wasi::fd_fdstat_set_rights(g, 0, 0) });
    show("read with none", read(g, 1));
    show("fdstat with none", unsafe { wasi::fd_fdstat_get(g) }.map(|s| (s.fs_filetype.raw(), s.fs_rights_base)));
    show("close with none", unsafe { wasi::fd_close(g) });
    // Stdio.
    show("drop FD_WRITE from stderr", unsafe { wasi::fd_fdstat_set_rights(2, 0, 0) });
    show("write to stderr without FD_WRITE", write(2, b"this line must not appear\n"));
    remove(d, "f");
}

/// Symbolic links and `..`: inside the directory and leading out of it.
fn section_links(d: Fd) {
    unsafe { wasi::path_create_directory(d, "sub") }.unwrap();
    unsafe { wasi::path_create_directory(d, "sub/deeper") }.unwrap();
    make(d, "f", "top");
    make(d, "sub/g", "sub file");
    let links = [
        ("to_file", "f"),
        ("to_sub", "sub"),
        ("to_sub_g", "sub/g"),
        ("to_dot", "."),
        ("to_up", ".."),
        ("to_up_f", "../f"),
        ("to_sub_up_f", "sub/../f"),
        ("to_missing", "missing"),
        ("self", "self"),
        ("loop_a", "loop_b"),
        ("loop_b", "loop_a"),
        ("sub/up", ".."),
        ("sub/up_f", "../f"),
        ("sub/up_up", "../.."),
        ("chain", "to_sub_g"),
    ];
    for (name, target) in links {
        show(&format!("symlink {name} -> {target}"), unsafe { wasi::path_symlink(target, d, name) });
    }
    show("symlink to an absolute path", unsafe { wasi::path_symlink("/etc", d, "abs") });
    show("symlink over an existing name", unsafe { wasi::path_symlink("f", d, "to_file") });
    show("symlink over a directory", unsafe { wasi::path_symlink("f", d, "sub") });
    let paths = [
        "f", "sub/g", "sub/../f", "sub/./../sub/deeper/../g", "./sub//g", "sub/deeper/../../f", "sub/../../f",
        "sub/deeper/../../../f", "..", "../", "sub/../..", "to_file", "to_sub/g", "to_sub/../f", "to_sub_g",
        "to_dot/f", "to_dot/to_dot/sub/g", "to_up", "to_up/f", "to_up_f", "to_sub_up_f", "to_missing", "self",
        "loop_a", "sub/up/f", "sub/up_f", "sub/up/sub/g", "sub/up_up", "sub/up_up/f", "chain", "sub/deeper/..",
    ];
    for p in paths {
        let nofollow = open(d, false, p, 0, R, 0).map(close);
        let follow = open(d, true, p, 0, R, 0);
        let what = follow.map(|fd| {
            let ty = unsafe { wasi::fd_fdstat_get(fd) }.map(|s| s.fs_filetype.raw());
            let c = if ty == Ok(wasi::FILETYPE_REGULAR_FILE.raw()) { res(pread(fd, 100, 0)) } else { res(ty) };
            close(fd);
            c
        });
        let as_dir = unsafe { wasi::path_open(d, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, p, wasi::OFLAGS_DIRECTORY, DIR, DIR, 0) }.map(close);
        let stat = unsafe { wasi::path_filestat_get(d, 0, p) }.map(|s| s.filetype.raw());
        let stat_follow = unsafe { wasi::path_filestat_get(d, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, p) }.map(|s| s.filetype.raw());
        println!(
            "{p:28} open {}, followed {}, as a directory {}, filestat {}, followed {}",
            res(nofollow), res(what), res(as_dir), res(stat), res(stat_follow)
        );
    }
    // Creating through links.
    show("create through a dangling link, followed", open(d, true, "to_missing", wasi::OFLAGS_CREAT, W, 0).map(close));
    println!("  missing is now: {}", describe(d, "missing"));
    remove(d, "missing");
    show("create exclusive through a dangling link, followed", open(d, true, "to_missing", wasi::OFLAGS_CREAT | wasi::OFLAGS_EXCL, W, 0).map(close));
    show("create exclusive on a link to a file", open(d, true, "to_file", wasi::OFLAGS_CREAT | wasi::OFLAGS_EXCL, W, 0).map(close));
    show("truncate through a link, followed", open(d, true, "to_sub_g", wasi::OFLAGS_TRUNC, W, 0).map(close));
    println!("  sub/g is now: {}", describe(d, "sub/g"));
    show("create through a link leading out", open(d, true, "to_up/new", wasi::OFLAGS_CREAT, W, 0).map(close));
    show("mkdir through a link", unsafe { wasi::path_create_directory(d, "to_sub/made") });
    show("  sub/made", Ok(describe(d, "sub/made")));
    show("mkdir through a link leading out", unsafe { wasi::path_create_directory(d, "to_up/made") });
    // readlink.
    for (p, n) in [("to_file", 10), ("to_file", 1), ("to_sub_g", 3), ("to_up_f", 64), ("sub/up_up", 64), ("self", 64)] {
        let mut buf = [b'#'; 64];
        let r = unsafe { wasi::path_readlink(d, p, buf.as_mut_ptr(), n) };
        let text = r.map(|u| (u, String::from_utf8_lossy(&buf[..u]).into_owned(), buf[u..].iter().all(|&b| b == b'#')));
        show(&format!("readlink {p} into {n} bytes (used, text, rest untouched)"), text);
    }
    for p in ["f", "sub", "missing", "to_sub/g", "to_up"] {
        show(&format!("readlink {p}"), unsafe {
            let mut b = [0u8; 32];
            wasi::path_readlink(d, p, b.as_mut_ptr(), 32).map(|u| String::from_utf8_lossy(&b[..u]).into_owned())
        });
    }
    // Removing and renaming links.
    show("rmdir a link to a directory", unsafe { wasi::path_remove_directory(d, "to_sub") });
    show("rename a link", unsafe { wasi::path_rename(d, "to_sub_g", d, "renamed_link") });
    println!("  renamed_link: {}", describe(d, "renamed_link"));
    show("hard link of a link", unsafe { wasi::path_link(d, 0, "to_file", d, "hard_to_link") });
    println!("  hard_to_link: {}", describe(d, "hard_to_link"));
    show("hard link following a link", unsafe { wasi::path_link(d, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, "to_file", d, "hard_followed") });
    show("unlink a link to a directory", unsafe { wasi::path_unlink_file(d, "to_sub") });
    println!("  sub: {}", describe(d, "sub"));
    show("unlink a dangling link", unsafe { wasi::path_unlink_file(d, "to_missing") });
    show("unlink through a link", unsafe { wasi::path_unlink_file(d, "to_dot/f") });
    println!("  f: {}", describe(d, "f"));
    // Leave the directory as it started.
    for n in ["sub/up", "sub/up_f", "sub/up_up", "sub/made", "sub/deeper", "sub/g", "sub", "to_file", "to_dot", "to_up", "to_up_f",
        "to_sub_up_f", "self", "loop_a", "loop_b", "chain", "renamed_link", "hard_to_link", "hard_followed", "abs", "f"] {
        remove(d, n);
    }
}

/// Descriptors after close and renumber, closed preopens, files unlinked while open.
fn section_fds(d: Fd) {
    make(d, "f", "content");
    let f = open(d, false, "f", 0, R | W, 0).unwrap();
    show("close", unsafe { wasi::fd_close(f) });
    show("read after close", read(f, 4));
    show("write after close", write(f, b"x"));
    show("pread after close", pread(f, 4, 0));
    show("seek after close", seek(f, 0, wasi::WHENCE_SET));
    show("tell after close", tell(f));
    show("fdstat after close", unsafe { wasi::fd_fdstat_get(f) }.map(drop));
    show("filestat after close", unsafe { wasi::fd_filestat_get(f) }.map(drop));
    show("set_size after close", unsafe { wasi::fd_filestat_set_size(f, 0) });
    show("sync after close", unsafe { wasi::fd_sync(f) });
    show("path_open under a closed fd", open(f, false, "f", 0, R, 0));
    show("close again", unsafe { wasi::fd_close(f) });
    show("renumber from a closed fd", unsafe { wasi::fd_renumber(f, 1) });
    show("content untouched", content(d, "f"));
    let g = open(d, false, "f", 0, R, 0).unwrap();
    println!("the next open reuses the number: {}", g == f);

    // Renumber.
    make(d, "g", "other");
    let a = open(d, false, "f", 0, R, 0).unwrap();
    let b = open(d, false, "g", 0, R | W, 0).unwrap();
    let _ = read(a, 3);
    let before = unsafe { wasi::fd_fdstat_get(a) }.unwrap();
    show("renumber a over b", unsafe { wasi::fd_renumber(a, b) });
    show("a after", unsafe { wasi::fd_fdstat_get(a) }.map(drop));
    let after = unsafe { wasi::fd_fdstat_get(b) }.unwrap();
    println!(
        "b has a's fdstat: {}",
        before.fs_filetype == after.fs_filetype && before.fs_flags == after.fs_flags && before.fs_rights_base == after.fs_rights_base
    );
    show("b reads on from a's offset", read(b, 10));
    show("b cannot write (a could not)", write(b, b"x"));
    show("renumber onto a closed number", unsafe { wasi::fd_renumber(b, a) });
    show("renumber onto itself", unsafe { wasi::fd_renumber(b, b) });
    show("b still open", tell(b));
    show("renumber to a huge number", unsafe { wasi::fd_renumber(b, u32::MAX) });
    show("fdstat of a huge number", unsafe { wasi::fd_fdstat_get(u32::MAX) }.map(drop));
    close(b);
    close(g);

    // Renumbering a file over stdout sends stdout's writes to the file.
    let out = open(d, false, "out", wasi::OFLAGS_CREAT, W, 0).unwrap();
    show("renumber a file over stderr", unsafe { wasi::fd_renumber(out, 2) });
    show("the file's old number", write(out, b"x"));
    show("write to 2", write(2, b"to the file\n"));
    show("seek 2 (now a file)", seek(2, 0, wasi::WHENCE_CUR));
    show("out holds", content(d, "out"));

    // A file unlinked while open stays usable.
    let u = open(d, false, "g", 0, R | W, 0).unwrap();
    show("unlink an open file", unsafe { wasi::path_unlink_file(d, "g") });
    show("  write through it", pwrite(u, b"OTHER", 0));
    show("  read through it", pread(u, 10, 0));
    show("  nlink", unsafe { wasi::fd_filestat_get(u) }.map(|s| s.nlink));
    show("  the name", Ok(describe(d, "g")));
    close(u);

    // A directory removed while open.
    unsafe { wasi::path_create_directory(d, "gone") }.unwrap();
    let gone = open_dir(d, "gone").unwrap();
    show("rmdir an open directory", unsafe { wasi::path_remove_directory(d, "gone") });
    show("  create a file in it", open(gone, false, "x", wasi::OFLAGS_CREAT, W, 0).map(drop));
    show("  mkdir in it", unsafe { wasi::path_create_directory(gone, "x") });
    show("  filestat of it", unsafe { wasi::fd_filestat_get(gone) }.map(|s| (s.filetype.raw(), s.nlink)));
    close(gone);

    // File calls on directory descriptors (the preopen, and one opened by path_open).
    let sub = open_dir(d, ".").unwrap();
    for (name, fd) in [("the preopen", d), ("an opened directory", sub)] {
        let mtim = 1_000_000_000 * u64::from(fd);
        let set = unsafe { wasi::fd_filestat_set_times(fd, 0, mtim, wasi::FSTFLAGS_MTIM) };
        let got = unsafe { wasi::fd_filestat_get(fd) }.map(|s| s.mtim == mtim);
        println!("{name}: set_times {}, mtim is what was set {}", res(set), res(got));
        show(&format!("{name}: set_times now"), unsafe { wasi::fd_filestat_set_times(fd, 0, 0, wasi::FSTFLAGS_ATIM_NOW | wasi::FSTFLAGS_MTIM_NOW) });
        show(&format!("{name}: sync"), unsafe { wasi::fd_sync(fd) });
        show(&format!("{name}: datasync"), unsafe { wasi::fd_datasync(fd) });
        show(&format!("{name}: advise"), unsafe { wasi::fd_advise(fd, 0, 0, wasi::ADVICE_NORMAL) });
        show(&format!("{name}: set_size"), unsafe { wasi::fd_filestat_set_size(fd, 0) });
        show(&format!("{name}: fdstat_set_flags 0"), unsafe { wasi::fd_fdstat_set_flags(fd, 0) });
    }
    close(sub);

    // Preopens: closed, renumbered over.
    let extra = open_dir(d, ".").unwrap();
    show("prestat of a directory that is not a preopen", unsafe { wasi::fd_prestat_get(extra) }.map(drop));
    let twin = unsafe { wasi::path_open(d, 0, ".", wasi::OFLAGS_DIRECTORY, DIR, DIR | FILE, 0) }.unwrap();
    show("renumber a directory over the preopen", unsafe { wasi::fd_renumber(twin, d) });
    show("the preopen's number opens files", open(d, false, "f", 0, R, 0).map(close));
    show("prestat of it now", unsafe { wasi::fd_prestat_get(d) }.map(drop));
    show("close the preopen's number", unsafe { wasi::fd_close(d) });
    show("open under the closed preopen", open(d, false, "f", 0, R, 0));
    show("prestat of the closed preopen", unsafe { wasi::fd_prestat_get(d) }.map(drop));
    show("the other directory fd still works", open(extra, false, "f", 0, R, 0).map(close));
    for n in ["f", "out"] {
        remove(extra, n);
    }
    close(extra);
}

/// Renaming, linking, removing and setting times: each call on each kind of source and
/// target, trailing slashes, and invalid flags.
fn section_paths(d: Fd) {
    // Fresh names for each rename: a file "f", a file "g", an empty directory "e", a
    // directory "n" holding a file, a link "l" to "f".
    let setup = || {
        for n in ["f", "g", "e", "n", "l", "x", "n2"] {
            remove_tree(d, n);
        }
        make(d, "f", "F");
        make(d, "g", "G");
        unsafe { wasi::path_create_directory(d, "e") }.unwrap();
        unsafe { wasi::path_create_directory(d, "n") }.unwrap();
        make(d, "n/inner", "I");
        unsafe { wasi::path_symlink("f", d, "l") }.unwrap();
    };
    let renames = [
        ("f", "x"), ("f", "g"), ("f", "e"), ("f", "n"), ("f", "f"), ("f", "l"), ("f", "e/f"), ("f", "missing/f"),
        ("e", "x"), ("e", "f"), ("e", "n"), ("e", "e"), ("e", "n2"), ("n", "e"), ("n", "n/sub"), ("l", "x"),
        ("l", "e"), ("missing", "x"), ("f/", "x"), ("e/", "x/"), ("e/", "x"), ("e", "x/"), ("f", "x/"), ("l/", "x"),
        (".", "x"), ("e", "."), ("e", ".."), ("", "x"), ("f", ""),
    ];
    for (from, to) in renames {
        setup();
        let r = unsafe { wasi::path_rename(d, from, d, to) };
        println!("rename {from:?} to {to:?}: {} -> f {}, e {}, n {}, x {}", res(r), describe(d, "f"), describe(d, "e"), describe(d, "n"), describe(d, "x"));
    }
    let links = [("f", "x"), ("f", "g"), ("f", "e"), ("e", "x"), ("l", "x"), ("missing", "x"), ("f", "missing/x"), ("f/", "x"), ("f", "x/"), ("f", "f")];
    for (from, to) in links {
        setup();
        let r = unsafe { wasi::path_link(d, 0, from, d, to) };
        let nlink = unsafe { wasi::path_filestat_get(d, 0, "f") }.map(|s| s.nlink);
        println!("link {from:?} to {to:?}: {} -> x {}, nlink of f {}", res(r), describe(d, "x"), res(nlink));
    }
    setup();
    for (what, p) in [("a file", "f"), ("an empty directory", "e"), ("a full directory", "n"), ("a link", "l"), ("a missing name", "missing"),
        ("a file with a slash", "f/"), ("a directory with a slash", "e/"), ("a link with a slash", "l/"), ("the directory itself", "."), ("nothing", "")] {
        let unlink = unsafe { wasi::path_unlink_file(d, p) };
        let rmdir = unsafe { wasi::path_remove_directory(d, p) };
        println!("unlink {what}: {}, then rmdir it: {}", res(unlink), res(rmdir));
        setup();
    }
    for (what, p) in [("over a file", "f"), ("over a directory", "e"), ("over a link", "l"), ("in a missing directory", "missing/x"), ("with a slash", "x/"),
        ("with slashes", "x//"), ("in a file", "f/x"), ("dot", "."), ("nothing", "")] {
        show(&format!("mkdir {what}"), unsafe { wasi::path_create_directory(d, p) });
        remove(d, "x");
    }
    for (what, target, p) in [("to a file", "f", "x"), ("to a directory with a slash", "e/", "x"), ("named with a slash", "f", "x/"), ("over a directory", "f", "e"),
        ("over a directory with a slash", "f", "e/"), ("to nothing", "", "x"), ("dangling", "nowhere", "x"), ("to itself", "x", "x")] {
        show(&format!("symlink {what}"), unsafe { wasi::path_symlink(target, d, p) });
        remove(d, "x");
    }
    // Times: each flag combination, on the file and through the link.
    let flags = [
        ("0", 0), ("ATIM", wasi::FSTFLAGS_ATIM), ("ATIM_NOW", wasi::FSTFLAGS_ATIM_NOW), ("MTIM", wasi::FSTFLAGS_MTIM),
        ("MTIM_NOW", wasi::FSTFLAGS_MTIM_NOW), ("ATIM|ATIM_NOW", wasi::FSTFLAGS_ATIM | wasi::FSTFLAGS_ATIM_NOW),
        ("MTIM|MTIM_NOW", wasi::FSTFLAGS_MTIM | wasi::FSTFLAGS_MTIM_NOW), ("ATIM|MTIM", wasi::FSTFLAGS_ATIM | wasi::FSTFLAGS_MTIM),
    ];
    let (a0, m0) = (5_000_000_000u64, 7_000_000_000u64);
    for (name, fl) in flags {
        setup();
        let f = open(d, false, "f", 0, R | wasi::RIGHTS_FD_FILESTAT_SET_TIMES, 0).unwrap();
        let by_fd = unsafe { wasi::fd_filestat_set_times(f, a0, m0, fl) };
        let st = unsafe { wasi::fd_filestat_get(f) }.unwrap();
        close(f);
        let by_path = unsafe { wasi::path_filestat_set_times(d, 0, "f", a0 + 1, m0 + 1, fl) };
        let st2 = unsafe { wasi::path_filestat_get(d, 0, "f") }.unwrap();
        println!(
            "set_times {name}: fd {} (atim set {}, mtim set {}), path {} (atim set {}, mtim set {})",
            res(by_fd), st.atim == a0, st.mtim == m0, res(by_path), st2.atim == a0 + 1, st2.mtim == m0 + 1
        );
    }
    setup();
    let link_m = 9_000_000_000u64;
    let r = unsafe { wasi::path_filestat_set_times(d, 0, "l", 0, link_m, wasi::FSTFLAGS_MTIM) };
    let l = unsafe { wasi::path_filestat_get(d, 0, "l") }.map(|s| s.mtim == link_m);
    let f = unsafe { wasi::path_filestat_get(d, 0, "f") }.map(|s| s.mtim == link_m);
    println!("set_times of a link, not followed: {} (the link's mtim set {}, the file's {})", res(r), res(l), res(f));
    let r = unsafe { wasi::path_filestat_set_times(d, wasi::LOOKUPFLAGS_SYMLINK_FOLLOW, "l", 0, link_m + 1, wasi::FSTFLAGS_MTIM) };
    let f = unsafe { wasi::path_filestat_get(d, 0, "f") }.map(|s| s.mtim == link_m + 1);
    println!("set_times of a link, followed: {} (the file's mtim set {})", res(r), res(f));
    show("set_times of a missing name", unsafe { wasi::path_filestat_set_times(d, 0, "missing", 0, 0, wasi::FSTFLAGS_MTIM_NOW) });
    // Sizes and stats.
    let f = open(d, false, "f", 0, R | W | wasi::RIGHTS_FD_FILESTAT_SET_SIZE | wasi::RIGHTS_FD_ALLOCATE, 0).unwrap();
    for size in [0u64, 3, 100, 1 << 20, 1] {
        let r = unsafe { wasi::fd_filestat_set_size(f, size) };
        let got = unsafe { wasi::fd_filestat_get(f) }.map(|s| s.size);
        println!("set_size {size}: {}, size {}", res(r), res(got));
    }
    show("set_size 2^63", unsafe { wasi::fd_filestat_set_size(f, 1 << 63) });
    show("allocate", unsafe { wasi::fd_allocate(f, 0, 10) });
    for advice in [wasi::ADVICE_NORMAL, wasi::ADVICE_SEQUENTIAL, wasi::ADVICE_RANDOM, wasi::ADVICE_WILLNEED, wasi::ADVICE_DONTNEED, wasi::ADVICE_NOREUSE] {
        show(&format!("advise {}", advice.name()), unsafe { wasi::fd_advise(f, 0, 100, advice) });
    }
    show("advise past the end, length 0", unsafe { wasi::fd_advise(f, 1 << 40, 0, wasi::ADVICE_NORMAL) });
    close(f);
    let n = open(d, false, "f", 0, R, wasi::FDFLAGS_NONBLOCK).unwrap();
    show("open with NONBLOCK: fdstat flags", unsafe { wasi::fd_fdstat_get(n) }.map(|s| s.fs_flags));
    close(n);
    setup();
    unsafe { wasi::path_link(d, 0, "f", d, "x") }.unwrap();
    let a = unsafe { wasi::path_filestat_get(d, 0, "f") }.unwrap();
    let b = unsafe { wasi::path_filestat_get(d, 0, "x") }.unwrap();
    println!("a hard link: same inode {}, same device {}, nlink {}", a.ino == b.ino, a.dev == b.dev, a.nlink);
    let e = unsafe { wasi::path_filestat_get(d, 0, "e") }.unwrap();
    println!("a directory: type {}, same device {}, other inode {}", e.filetype.raw(), e.dev == a.dev, e.ino != a.ino);
    for n in ["f", "g", "e", "n", "l", "x", "n2"] {
        remove_tree(d, n);
    }
}

/// Removes `path` and, if it is a directory (not a link to one), all it holds.
fn remove_tree(d: Fd, path: &str) {
    if let Ok(sub) = unsafe { wasi::path_open(d, 0, path, wasi::OFLAGS_DIRECTORY, DIR, DIR | FILE, 0) } {
        let names = readdir_all(sub, 4096, 0).map(|(n, _)| n).unwrap_or_default();
        close(sub);
        for n in names.iter().filter(|n| *n != "." && *n != "..") {
            remove_tree(d, &format!("{path}/{n}"));
        }
    }
    remove(d, path);
}

fn fd_sub(userdata: u64, fd: Fd, write: bool) -> wasi::Subscription {
    let rw = wasi::SubscriptionFdReadwrite { file_descriptor: fd };
    let (tag, u) = if write {
        (wasi::EVENTTYPE_FD_WRITE, wasi::SubscriptionUU { fd_write: rw })
    } else {
        (wasi::EVENTTYPE_FD_READ, wasi::SubscriptionUU { fd_read: rw })
    };
    wasi::Subscription { userdata, u: wasi::SubscriptionU { tag: tag.raw(), u } }
}

fn clock_sub(userdata: u64, timeout: u64) -> wasi::Subscription {
    let clock = wasi::SubscriptionClock { id: wasi::CLOCKID_MONOTONIC, timeout, precision: 0, flags: 0 };
    wasi::Subscription { userdata, u: wasi::SubscriptionU { tag: wasi::EVENTTYPE_CLOCK.raw(), u: wasi::SubscriptionUU { clock } } }
}

/// poll_oneoff's events, sorted by userdata: (userdata, type, error name).
fn poll(subs: &[wasi::Subscription]) -> Result<Vec<(u64, u8, &'static str)>, Errno> {
    let mut events: Vec<wasi::Event> = Vec::with_capacity(subs.len());
    let n = unsafe { wasi::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), subs.len())? };
    unsafe { events.set_len(n) };
    let mut v: Vec<(u64, u8, &'static str)> = events.iter().map(|e| (e.userdata, e.type_.raw(), e.error.name())).collect();
    v.sort();
    Ok(v)
}

/// poll_oneoff with descriptor subscriptions: files are ready at once for both, bad
/// descriptors give an event with an error, a clock alongside ready files does not fire.
fn section_poll(d: Fd) {
    make(d, "f", "0123456789");
    let f = open(d, false, "f", 0, R | W | wasi::RIGHTS_POLL_FD_READWRITE, 0).unwrap();
    let ro = open(d, false, "f", 0, R | wasi::RIGHTS_POLL_FD_READWRITE, 0).unwrap();
    let dir = open_dir(d, ".").unwrap();
    let closed = open(d, false, "f", 0, R, 0).unwrap();
    close(closed);
    let second = 1_000_000_000;
    show("a file, read", poll(&[fd_sub(1, f, false)]));
    show("a file, write", poll(&[fd_sub(1, f, true)]));
    // A runtime may report only some of the ready subscriptions (wasmtime does).
    show(
        "a file, read and write, and a 1 s clock: some events, none the clock's, no errors",
        poll(&[fd_sub(1, f, false), fd_sub(2, f, true), clock_sub(3, second)])
            .map(|v| (!v.is_empty(), v.iter().all(|e| e.0 != 3), v.iter().all(|e| e.2 == "SUCCESS"))),
    );
    show("a file at its end, read", seek(f, 0, wasi::WHENCE_END).and_then(|_| poll(&[fd_sub(1, f, false)])));
    show("a read-only file, write", poll(&[fd_sub(1, ro, true)]));
    show("a closed fd, read", poll(&[fd_sub(1, closed, false)]));
    show("a closed fd, and a file", poll(&[fd_sub(1, closed, false), fd_sub(2, f, false)]));
    show("fd 1000, write", poll(&[fd_sub(1, 1000, true)]));
    show("a directory, read", poll(&[fd_sub(1, dir, false)]));
    show("stdin (empty), read, and a 1 s clock", poll(&[fd_sub(1, 0, false), clock_sub(2, second)]));
    show("stdout, write", poll(&[fd_sub(1, 1, true)]));
    show("stdin, write", poll(&[fd_sub(1, 0, true)]));
    show("stdout, read, and a 0 s clock", poll(&[fd_sub(1, 1, false), clock_sub(2, 0)]));
    let many: Vec<wasi::Subscription> = (0..64).map(|i| fd_sub(i, f, i % 2 == 0)).collect();
    show(
        "64 subscriptions on one file: 1 to 64 events, no errors",
        poll(&many).map(|v| ((1..=64).contains(&v.len()), v.iter().all(|e| e.2 == "SUCCESS"))),
    );
    show("no subscriptions", poll(&[]));
    // Without the right.
    let nr = open(d, false, "f", 0, R | W, 0).unwrap();
    // Not checked (as wasmtime: the standard streams do not have it either). wasmtime
    // cannot drop rights: NOTSUP.
    let dropped = unsafe { wasi::fd_fdstat_set_rights(nr, R | W, 0) };
    show("a file without POLL_FD_READWRITE, read", dropped.and_then(|()| poll(&[fd_sub(1, nr, false)])));
    close(nr);
    close(dir);
    close(ro);
    close(f);
    remove(d, "f");
}

/// Clocks: resolutions, monotonic ordering, plausible wall time, precision ignored.
fn section_clocks() {
    let ids = [
        ("REALTIME", wasi::CLOCKID_REALTIME),
        ("MONOTONIC", wasi::CLOCKID_MONOTONIC),
        ("PROCESS_CPUTIME_ID", wasi::CLOCKID_PROCESS_CPUTIME_ID),
        ("THREAD_CPUTIME_ID", wasi::CLOCKID_THREAD_CPUTIME_ID),
    ];
    for (name, id) in ids {
        let res_ = unsafe { wasi::clock_res_get(id) };
        let t = unsafe { wasi::clock_time_get(id, 0) };
        println!(
            "{name}: res_get {}, time_get {}",
            res(res_.map(|r| if (1..=1_000_000_000).contains(&r) { "between 1 ns and 1 s" } else { "odd" })),
            res(t.map(|_| "ok"))
        );
    }
    let now = unsafe { wasi::clock_time_get(wasi::CLOCKID_REALTIME, 1) }.unwrap();
    println!("realtime is after 2020 and before 2100: {}", (1_577_836_800_000_000_000..4_102_444_800_000_000_000).contains(&now));
    let mut last = 0;
    let mut backwards = 0;
    for i in 0..10_000u64 {
        let t = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, i % 3) }.unwrap();
        if t < last {
            backwards += 1;
        }
        last = t;
    }
    println!("monotonic read 10000 times: went backwards {backwards} times");
    for p in [0, 1, 1000, u64::MAX] {
        show(&format!("monotonic with precision {p}"), unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, p) }.map(|_| "ok"));
    }
    let a = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 0) }.unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let b = unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 0) }.unwrap();
    println!("monotonic advanced at least 20 ms across a 20 ms sleep: {}", b - a >= 20_000_000);
}

/// random_get fills exactly the buffer given, whatever its size.
fn section_random() {
    for n in [0usize, 1, 2, 3, 7, 16, 100, 1024, 4096, 65536] {
        // The buffer and 16 guard bytes after it start as 0xAA.
        let mut buf = vec![0xAAu8; n + 16];
        let r = unsafe { wasi::random_get(buf.as_mut_ptr(), n) };
        let guards = buf[n..].iter().all(|&b| b == 0xAA);
        // A buffer of n random bytes keeps all of its old bytes with probability
        // 256^-n: retry small ones until some byte changed (at most 64 draws).
        let mut changed = n == 0 || buf[..n].iter().any(|&b| b != 0xAA);
        let mut draws = 1;
        while !changed && draws < 64 {
            unsafe { wasi::random_get(buf.as_mut_ptr(), n) }.unwrap();
            changed = buf[..n].iter().any(|&b| b != 0xAA);
            draws += 1;
        }
        // Every 512-byte stretch changed (a fill that stops short would leave one).
        let stretches = buf[..n].chunks(512).all(|c| c.len() < 64 || c.iter().any(|&b| b != 0xAA));
        println!("{n} bytes: {}, changed {changed}, every stretch filled {stretches}, guard bytes untouched {guards}", res(r));
    }
    let mut big = vec![0u8; 65536];
    unsafe { wasi::random_get(big.as_mut_ptr(), big.len()) }.unwrap();
    let mut seen = [false; 256];
    for &b in &big {
        seen[b as usize] = true;
    }
    println!("64 KiB: all 256 byte values appear {}", seen.iter().all(|&s| s));
    let mut again = vec![0u8; 65536];
    unsafe { wasi::random_get(again.as_mut_ptr(), again.len()) }.unwrap();
    println!("two 64 KiB draws differ {}", big != again);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let section = args.get(1).map(String::as_str).unwrap_or("");
    let dir = || preopen(args.get(2).expect("usage: edges SECTION DIR"));
    match section {
        "open" => section_open(dir()),
        "seek" => section_seek(dir()),
        "pio" => section_pio(dir()),
        "readdir" => section_readdir(dir()),
        "rights" => section_rights(dir()),
        "links" => section_links(dir()),
        "fds" => section_fds(dir()),
        "paths" => section_paths(dir()),
        "poll" => section_poll(dir()),
        "clocks" => section_clocks(),
        "random" => section_random(),
        _ => {
            eprintln!("usage: edges open|seek|pio|readdir|rights|links|fds|paths|poll|clocks|random DIR");
            std::process::exit(2);
        }
    }
}

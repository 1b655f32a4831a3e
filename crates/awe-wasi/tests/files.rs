//! Files and directories under a preopened directory (a fresh temporary one per test):
//! `path_open` and what an open file does, directory listings, the other `path_*`
//! calls, and their layouts.

mod common;

use awe_wasi::types::{Errno, fdflags, filetype, fstflags, oflags, rights};
use awe_wasi::{MemoryOutput, WasiCtxBuilder};
use common::Guest;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

const RW: u64 = rights::FD_READ | rights::FD_WRITE | rights::FD_SEEK | rights::FD_TELL;
const R: u64 = rights::FD_READ | rights::FD_SEEK | rights::FD_TELL;
const DIR: u32 = 3;

fn sandbox() -> (Guest, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let ctx = WasiCtxBuilder::new()
        .preopened_dir(tmp.path(), "/sandbox", false)
        .unwrap()
        .build()
        .unwrap();
    (Guest::new(ctx), tmp)
}

/// Writes `data` to the open file `fd` (a buffer at 30000), returning the count.
fn write(g: &mut Guest, fd: u32, data: &[u8]) -> u32 {
    g.write(30000, data);
    g.iovecs(100, &[(30000, data.len() as u32)]);
    g.ok("fd_write", &[i64::from(fd), 100, 1, 200]);
    g.u32(200)
}

/// Reads up to `n` bytes of the open file `fd` (into 40000).
fn read(g: &mut Guest, fd: u32, n: u32) -> Vec<u8> {
    g.iovecs(100, &[(40000, n)]);
    g.ok("fd_read", &[i64::from(fd), 100, 1, 200]);
    g.bytes(40000, g.u32(200))
}

#[test]
fn the_preopen_is_described() {
    let (mut g, _tmp) = sandbox();
    g.ok("fd_prestat_get", &[3, 8]);
    assert_eq!((g.u8(8), g.u32(12)), (0, 8), "tag dir, name length");
    assert_eq!(
        g.errno("fd_prestat_dir_name", &[3, 100, 7]),
        Errno::Nametoolong
    );
    g.ok("fd_prestat_dir_name", &[3, 100, 8]);
    assert_eq!(g.bytes(100, 8), b"/sandbox");
    g.ok("fd_fdstat_get", &[3, 200]);
    assert_eq!(g.u8(200), filetype::DIRECTORY);
    assert_eq!(g.u64(208), rights::DIRECTORY);
    assert_eq!(g.u64(216), rights::DIRECTORY | rights::FILE);
    g.ok("fd_filestat_get", &[3, 304]);
    assert_eq!(g.u8(320), filetype::DIRECTORY);
    // File calls on a directory.
    assert_eq!(g.errno("fd_read", &[3, 100, 0, 200]), Errno::Badf);
    assert_eq!(g.errno("fd_seek", &[3, 0, 0, 400]), Errno::Badf);
    assert_eq!(g.errno("fd_sync", &[3]), Errno::Badf);
    assert_eq!(g.errno("fd_filestat_set_size", &[3, 0]), Errno::Badf);
}

#[test]
fn create_write_read_seek_and_stat_a_file() {
    let (mut g, tmp) = sandbox();
    let fd = g
        .open(DIR, false, "f.txt", oflags::CREAT | oflags::EXCL, RW, 0)
        .unwrap();
    assert_eq!(fd, 4, "the lowest free number");
    assert_eq!(
        g.open(DIR, false, "f.txt", oflags::CREAT | oflags::EXCL, RW, 0),
        Err(Errno::Exist)
    );
    assert_eq!(write(&mut g, fd, b"hello, world"), 12);
    assert_eq!(fs::read(tmp.path().join("f.txt")).unwrap(), b"hello, world");
    g.ok("fd_tell", &[i64::from(fd), 400]);
    assert_eq!(g.u64(400), 12);
    g.ok("fd_seek", &[i64::from(fd), -5, 2, 400]);
    assert_eq!(g.u64(400), 7);
    assert_eq!(read(&mut g, fd, 100), b"world");
    g.ok("fd_seek", &[i64::from(fd), 2, 0, 400]);
    g.ok("fd_seek", &[i64::from(fd), 3, 1, 400]);
    assert_eq!(g.u64(400), 5);
    assert_eq!(
        g.errno("fd_seek", &[i64::from(fd), -1, 0, 400]),
        Errno::Inval
    );
    assert_eq!(
        g.errno("fd_seek", &[i64::from(fd), -100, 1, 400]),
        Errno::Inval
    );
    // Reads fill several iovecs of a regular file in turn.
    g.ok("fd_seek", &[i64::from(fd), 0, 0, 400]);
    g.iovecs(100, &[(40000, 5), (41000, 0), (42000, 100)]);
    g.ok("fd_read", &[i64::from(fd), 100, 3, 200]);
    assert_eq!(g.u32(200), 12);
    assert_eq!(
        (g.bytes(40000, 5), g.bytes(42000, 7)),
        (b"hello".to_vec(), b", world".to_vec())
    );
    // Positioned reads and writes leave the offset alone.
    g.write(30000, b"HELLO");
    g.iovecs(100, &[(30000, 2), (30002, 3)]);
    g.ok("fd_pwrite", &[i64::from(fd), 100, 2, 0, 200]);
    assert_eq!(g.u32(200), 5);
    g.iovecs(100, &[(40000, 3), (40100, 4)]);
    g.ok("fd_pread", &[i64::from(fd), 100, 2, 3, 200]);
    assert_eq!(g.u32(200), 7);
    assert_eq!(
        (g.bytes(40000, 3), g.bytes(40100, 4)),
        (b"LO,".to_vec(), b" wor".to_vec())
    );
    g.ok("fd_tell", &[i64::from(fd), 400]);
    assert_eq!(g.u64(400), 12);
    // The filestat, field by field.
    g.write(504, &[0xee; 64]);
    g.ok("fd_filestat_get", &[i64::from(fd), 504]);
    let meta = fs::metadata(tmp.path().join("f.txt")).unwrap();
    assert_eq!(g.u64(504), meta.dev());
    assert_eq!(g.u64(512), meta.ino());
    assert_eq!(g.u8(520), filetype::REGULAR_FILE);
    assert_eq!(g.bytes(521, 7), vec![0; 7], "padding");
    assert_eq!(g.u64(528), 1, "nlink");
    assert_eq!(g.u64(536), 12, "size");
    let ns = |s: i64, n: i64| s as u64 * 1_000_000_000 + n as u64;
    assert_eq!(g.u64(544), ns(meta.atime(), meta.atime_nsec()));
    assert_eq!(g.u64(552), ns(meta.mtime(), meta.mtime_nsec()));
    assert_eq!(g.u64(560), ns(meta.ctime(), meta.ctime_nsec()));
    // fdstat of a file opened for reading and writing.
    g.ok("fd_fdstat_get", &[i64::from(fd), 600]);
    assert_eq!(g.u8(600), filetype::REGULAR_FILE);
    assert_eq!(g.u64(608) & RW, RW);
    // Size, times, advice, allocation, sync.
    g.ok("fd_filestat_set_size", &[i64::from(fd), 3]);
    assert_eq!(fs::read(tmp.path().join("f.txt")).unwrap(), b"HEL");
    g.ok(
        "fd_filestat_set_times",
        &[
            i64::from(fd),
            5_000_000_007,
            7_000_000_000,
            i64::from(fstflags::ATIM | fstflags::MTIM),
        ],
    );
    let meta = fs::metadata(tmp.path().join("f.txt")).unwrap();
    assert_eq!((meta.atime(), meta.atime_nsec(), meta.mtime()), (5, 7, 7));
    g.ok(
        "fd_filestat_set_times",
        &[i64::from(fd), 0, 0, i64::from(fstflags::MTIM_NOW)],
    );
    assert!(fs::metadata(tmp.path().join("f.txt")).unwrap().mtime() > 1_000_000_000);
    assert_eq!(
        g.errno(
            "fd_filestat_set_times",
            &[
                i64::from(fd),
                0,
                0,
                i64::from(fstflags::ATIM | fstflags::ATIM_NOW)
            ]
        ),
        Errno::Inval
    );
    assert_eq!(
        g.errno("fd_filestat_set_times", &[i64::from(fd), 0, 0, 16]),
        Errno::Inval
    );
    g.ok("fd_advise", &[i64::from(fd), 0, 0, 1]);
    assert_eq!(
        g.errno("fd_advise", &[i64::from(fd), 0, 0, 6]),
        Errno::Inval
    );
    assert_eq!(
        g.errno("fd_allocate", &[i64::from(fd), 0, 100]),
        Errno::Notsup
    );
    assert_eq!(fs::metadata(tmp.path().join("f.txt")).unwrap().len(), 3);
    g.ok("fd_sync", &[i64::from(fd)]);
    g.ok("fd_datasync", &[i64::from(fd)]);
    g.ok("fd_close", &[i64::from(fd)]);
    assert_eq!(g.errno("fd_tell", &[i64::from(fd), 400]), Errno::Badf);
}

#[test]
fn open_flags_and_rights() {
    let (mut g, tmp) = sandbox();
    fs::write(tmp.path().join("f"), "0123456789").unwrap();
    fs::create_dir(tmp.path().join("d")).unwrap();
    // Truncation.
    let fd = g.open(DIR, false, "f", oflags::TRUNC, RW, 0).unwrap();
    assert_eq!(fs::read(tmp.path().join("f")).unwrap(), b"");
    write(&mut g, fd, b"abc");
    // Append: every write goes to the end, whatever the offset.
    let app = g.open(DIR, false, "f", 0, RW, fdflags::APPEND).unwrap();
    g.ok("fd_seek", &[i64::from(app), 0, 0, 400]);
    write(&mut g, app, b"def");
    assert_eq!(fs::read(tmp.path().join("f")).unwrap(), b"abcdef");
    g.ok("fd_fdstat_get", &[i64::from(app), 600]);
    assert_eq!(g.u16(602), fdflags::APPEND);
    // Clearing append with fd_fdstat_set_flags.
    g.ok("fd_fdstat_set_flags", &[i64::from(app), 0]);
    g.ok("fd_seek", &[i64::from(app), 0, 0, 400]);
    write(&mut g, app, b"X");
    assert_eq!(fs::read(tmp.path().join("f")).unwrap(), b"Xbcdef");
    assert_eq!(
        g.errno(
            "fd_fdstat_set_flags",
            &[i64::from(app), i64::from(fdflags::SYNC)]
        ),
        Errno::Inval
    );
    assert_eq!(
        g.errno("fd_fdstat_set_flags", &[i64::from(app), 0x20]),
        Errno::Inval
    );
    // Read-only and write-only descriptors.
    let ro = g.open(DIR, false, "f", 0, R, 0).unwrap();
    g.write(30000, b"zz");
    g.iovecs(100, &[(30000, 2)]);
    assert_eq!(
        g.errno("fd_write", &[i64::from(ro), 100, 1, 200]),
        Errno::Badf
    );
    assert_eq!(
        g.errno("fd_pwrite", &[i64::from(ro), 100, 1, 0, 200]),
        Errno::Badf
    );
    g.ok("fd_fdstat_get", &[i64::from(ro), 600]);
    assert_eq!(g.u64(608) & rights::FD_WRITE, 0);
    let wo = g.open(DIR, false, "f", 0, rights::FD_WRITE, 0).unwrap();
    assert_eq!(
        g.errno("fd_read", &[i64::from(wo), 100, 1, 200]),
        Errno::Badf
    );
    // Dropping a right makes its call NOTCAPABLE.
    g.ok(
        "fd_fdstat_set_rights",
        &[i64::from(ro), rights::FD_READ as i64, 0],
    );
    assert_eq!(
        g.errno("fd_seek", &[i64::from(ro), 1, 0, 400]),
        Errno::Notcapable
    );
    assert_eq!(
        g.errno("fd_filestat_get", &[i64::from(ro), 400]),
        Errno::Notcapable
    );
    assert_eq!(read(&mut g, ro, 3), b"Xbc");
    // Directories: O_DIRECTORY on a file, and a directory opened without it.
    assert_eq!(
        g.open(DIR, false, "f", oflags::DIRECTORY, R, 0),
        Err(Errno::Notdir)
    );
    assert_eq!(
        g.open(DIR, false, "d", oflags::DIRECTORY | oflags::CREAT, R, 0),
        Err(Errno::Inval)
    );
    assert_eq!(g.open(DIR, false, "d", 0, RW, 0), Err(Errno::Isdir));
    assert_eq!(
        g.open(DIR, false, "d", oflags::DIRECTORY, RW, 0),
        Err(Errno::Isdir)
    );
    assert_eq!(
        g.open(DIR, false, ".", oflags::DIRECTORY, 0, 0).map(drop),
        Ok(())
    );
    // A file opened read-only cannot be resized (the host's EINVAL).
    let ro0 = g.open(DIR, false, "f", 0, R, 0).unwrap();
    assert_eq!(
        g.errno("fd_filestat_set_size", &[i64::from(ro0), 100]),
        Errno::Inval
    );
    let d = g.open(DIR, false, "d", 0, R, 0).unwrap();
    g.ok("fd_fdstat_get", &[i64::from(d), 600]);
    assert_eq!(g.u8(600), filetype::DIRECTORY);
    // A file made through the opened directory.
    let f2 = g.open(d, false, "inner", oflags::CREAT, RW, 0).unwrap();
    write(&mut g, f2, b"in");
    assert_eq!(fs::read(tmp.path().join("d/inner")).unwrap(), b"in");
    // path_open through a file or a stream.
    assert_eq!(g.open(f2, false, "x", 0, R, 0), Err(Errno::Notdir));
    assert_eq!(g.open(1, false, "x", 0, R, 0), Err(Errno::Badf));
    assert_eq!(g.open(99, false, "x", 0, R, 0), Err(Errno::Badf));
    // Unknown flags.
    assert_eq!(g.open(DIR, false, "f", 0x10, R, 0), Err(Errno::Inval));
    assert_eq!(g.open(DIR, false, "f", 0, R, 0x20), Err(Errno::Inval));
    assert_eq!(g.open(DIR, false, "missing", 0, R, 0), Err(Errno::Noent));
    // Dropping PATH_OPEN from the directory.
    g.ok(
        "fd_fdstat_set_rights",
        &[i64::from(d), 0, (rights::DIRECTORY | rights::FILE) as i64],
    );
    assert_eq!(g.open(d, false, "inner", 0, R, 0), Err(Errno::Notcapable));
}

#[test]
fn synchronous_io_is_not_supported() {
    let (mut g, tmp) = sandbox();
    for flag in [fdflags::SYNC, fdflags::DSYNC, fdflags::RSYNC] {
        assert_eq!(
            g.open(DIR, false, "s", oflags::CREAT, RW, flag),
            Err(Errno::Notsup)
        );
    }
    assert!(!tmp.path().join("s").exists());
    let fd = g.open(DIR, false, "s", oflags::CREAT, RW, 0).unwrap();
    for flag in [fdflags::SYNC, fdflags::DSYNC, fdflags::RSYNC] {
        assert_eq!(
            g.errno("fd_fdstat_set_flags", &[i64::from(fd), i64::from(flag)]),
            Errno::Inval
        );
    }
    g.ok(
        "fd_fdstat_set_flags",
        &[i64::from(fd), i64::from(fdflags::NONBLOCK)],
    );
    g.ok("fd_fdstat_get", &[i64::from(fd), 600]);
    assert_eq!(g.u16(602), fdflags::NONBLOCK);
}

/// The entries `fd_readdir` wrote in `used` bytes at 1000: (d_next, d_ino, type, name).
fn dirents(g: &Guest, used: u32) -> Vec<(u64, u64, u8, String)> {
    let mut out = Vec::new();
    let mut at = 1000;
    while at + 24 <= 1000 + used {
        let namlen = g.u32(at + 16);
        assert_eq!(g.bytes(at + 21, 3), vec![0; 3], "padding");
        let name = String::from_utf8(g.bytes(at + 24, namlen)).unwrap();
        out.push((g.u64(at), g.u64(at + 8), g.u8(at + 20), name));
        at += 24 + namlen;
    }
    out
}

#[test]
fn directory_listings_with_cookies_and_truncation() {
    let (mut g, tmp) = sandbox();
    fs::write(tmp.path().join("a"), "").unwrap();
    fs::create_dir(tmp.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("a", tmp.path().join("link")).unwrap();
    let root_ino = fs::metadata(tmp.path()).unwrap().ino();
    g.write(1000, &[0xaa; 2000]);
    g.ok("fd_readdir", &[3, 1000, 2000, 0, 900]);
    let used = g.u32(900);
    let all = dirents(&g, used);
    assert!(used < 2000, "everything fit");
    assert_eq!(all.len(), 5);
    assert_eq!(&all[0], &(1, root_ino, filetype::DIRECTORY, ".".to_owned()));
    assert_eq!(
        &all[1],
        &(2, root_ino, filetype::DIRECTORY, "..".to_owned())
    );
    let mut rest: Vec<_> = all[2..].iter().map(|e| (e.3.clone(), e.2)).collect();
    rest.sort();
    assert_eq!(
        rest,
        [
            ("a".to_owned(), filetype::REGULAR_FILE),
            ("link".to_owned(), filetype::SYMBOLIC_LINK),
            ("sub".to_owned(), filetype::DIRECTORY),
        ]
    );
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e.0, i as u64 + 1, "d_next");
        if i >= 2 {
            assert_eq!(
                e.1,
                fs::symlink_metadata(tmp.path().join(&e.3)).unwrap().ino()
            );
        }
    }
    // From a cookie: the same entries from there on.
    g.ok("fd_readdir", &[3, 1000, 2000, 3, 900]);
    let later = dirents(&g, g.u32(900));
    assert_eq!(later, all[3..]);
    g.ok("fd_readdir", &[3, 1000, 2000, 99, 900]);
    assert_eq!(g.u32(900), 0, "past the end");
    // A buffer too small: filled to the brim, the last entry cut.
    g.write(1000, &[0xaa; 100]);
    g.ok("fd_readdir", &[3, 1000, 30, 0, 900]);
    assert_eq!(g.u32(900), 30);
    assert_eq!(g.u64(1000), 1);
    assert_eq!(g.u8(1024), b'.');
    assert_eq!(g.u8(1030), 0xaa, "nothing past the buffer");
    g.ok("fd_readdir", &[3, 1000, 10, 0, 900]);
    assert_eq!(g.u32(900), 10, "a cut header");
    g.ok("fd_readdir", &[3, 1000, 0, 0, 900]);
    assert_eq!(g.u32(900), 0);
    // The buffer must lie in memory.
    g.trap("fd_readdir", &[3, 65000, 1000, 0, 900]);
    // A file is no directory.
    let f = g.open(DIR, false, "a", 0, R, 0).unwrap();
    assert_eq!(
        g.errno("fd_readdir", &[i64::from(f), 1000, 100, 0, 900]),
        Errno::Badf
    );
}

#[test]
fn path_calls() {
    let (mut g, tmp) = sandbox();
    let p = |rel: &str| tmp.path().join(rel);
    g.write(100, b"x");
    assert_eq!(g.at("path_create_directory", DIR, "d", &[]), Errno::Success);
    assert!(p("d").is_dir());
    assert_eq!(g.at("path_create_directory", DIR, "d", &[]), Errno::Exist);
    assert_eq!(
        g.at("path_create_directory", DIR, "no/such", &[]),
        Errno::Noent
    );
    fs::write(p("d/f"), "data").unwrap();
    assert_eq!(
        g.at("path_remove_directory", DIR, "d", &[]),
        Errno::Notempty
    );
    assert_eq!(
        g.at("path_remove_directory", DIR, "d/f", &[]),
        Errno::Notdir
    );
    assert_eq!(g.at("path_unlink_file", DIR, "d", &[]), Errno::Isdir);
    // Rename and link (two paths: old at 60000 by `at`, new at 61000).
    let [np, nl] = g.str(61000, "g");
    assert_eq!(
        g.at("path_rename", DIR, "d/f", &[i64::from(DIR), np, nl]),
        Errno::Success
    );
    assert_eq!(fs::read(p("g")).unwrap(), b"data");
    let [np, nl] = g.str(61000, "d/h");
    let [op, ol] = g.str(60000, "g");
    g.ok("path_link", &[3, 0, op, ol, 3, np, nl]);
    assert_eq!(fs::metadata(p("g")).unwrap().nlink(), 2);
    assert_eq!(
        g.errno("path_link", &[3, 1, op, ol, 3, np, nl]),
        Errno::Inval,
        "symlink_follow"
    );
    assert_eq!(
        g.errno("path_link", &[3, 0, op, ol, 3, np, nl]),
        Errno::Exist
    );
    // Symbolic links: made, read, followed or not.
    let [tp, tl] = g.str(61000, "g");
    let [lp, ll] = g.str(62000, "ln");
    g.ok("path_symlink", &[tp, tl, 3, lp, ll]);
    assert_eq!(fs::read_link(p("ln")).unwrap(), Path::new("g"));
    assert_eq!(
        g.at("path_readlink", DIR, "ln", &[1000, 100, 900]),
        Errno::Success
    );
    assert_eq!((g.u32(900), g.bytes(1000, 1)), (1, b"g".to_vec()));
    std::os::unix::fs::symlink("a-longer-target", p("ln2")).unwrap();
    assert_eq!(
        g.at("path_readlink", DIR, "ln2", &[1000, 4, 900]),
        Errno::Success
    );
    assert_eq!(
        (g.u32(900), g.bytes(1000, 4)),
        (4, b"a-lo".to_vec()),
        "cut to the buffer"
    );
    assert_eq!(
        g.at("path_readlink", DIR, "g", &[1000, 100, 900]),
        Errno::Inval
    );
    let stat = |g: &mut Guest, follow: i64, path: &str| {
        let [pp, pl] = g.str(60000, path);
        let e = g.errno("path_filestat_get", &[3, follow, pp, pl, 2000]);
        (e, g.u8(2016), g.u64(2032))
    };
    assert_eq!(
        stat(&mut g, 0, "ln"),
        (Errno::Success, filetype::SYMBOLIC_LINK, 1)
    );
    assert_eq!(
        stat(&mut g, 1, "ln"),
        (Errno::Success, filetype::REGULAR_FILE, 4)
    );
    assert_eq!(stat(&mut g, 2, "ln").0, Errno::Inval, "unknown lookup flag");
    assert_eq!(stat(&mut g, 0, "nope").0, Errno::Noent);
    // Times through a path.
    let [pp, pl] = g.str(60000, "g");
    g.ok(
        "path_filestat_set_times",
        &[
            3,
            0,
            pp,
            pl,
            3_000_000_000,
            4_000_000_000,
            i64::from(fstflags::ATIM | fstflags::MTIM),
        ],
    );
    let m = fs::metadata(p("g")).unwrap();
    assert_eq!((m.atime(), m.mtime()), (3, 4));
    g.ok(
        "path_filestat_set_times",
        &[3, 1, pp, pl, 0, 9_000_000_000, i64::from(fstflags::MTIM)],
    );
    let m = fs::metadata(p("g")).unwrap();
    assert_eq!(
        (m.atime(), m.mtime()),
        (3, 9),
        "the access time was left alone"
    );
    // Unlinking a file and a symbolic link (not its target).
    assert_eq!(g.at("path_unlink_file", DIR, "ln", &[]), Errno::Success);
    assert!(p("g").exists());
    assert_eq!(g.at("path_unlink_file", DIR, "g", &[]), Errno::Success);
    assert_eq!(g.at("path_unlink_file", DIR, "g", &[]), Errno::Noent);
    assert_eq!(
        g.at("path_remove_directory", DIR, "d/h", &[]),
        Errno::Notdir
    );
    fs::remove_file(p("d/h")).unwrap();
    assert_eq!(g.at("path_remove_directory", DIR, "d", &[]), Errno::Success);
    // Path calls on a file descriptor or a stream.
    fs::write(p("file"), "").unwrap();
    let f = g.open(DIR, false, "file", 0, R, 0).unwrap();
    assert_eq!(g.at("path_create_directory", f, "x", &[]), Errno::Notdir);
    assert_eq!(g.at("path_create_directory", 1, "x", &[]), Errno::Badf);
    assert_eq!(g.at("path_create_directory", 42, "x", &[]), Errno::Badf);
}

#[test]
fn polling_files() {
    let (mut g, tmp) = sandbox();
    fs::write(tmp.path().join("f"), "12345").unwrap();
    let fd = g.open(DIR, false, "f", 0, RW, 0).unwrap();
    read(&mut g, fd, 2);
    for (at, userdata, tag) in [(1000, 7u64, 1u8), (1048, 8, 2)] {
        g.write(at, &[0; 48]);
        g.write_u64(at, userdata);
        g.write(at + 8, &[tag]);
        g.write_u32(at + 16, fd);
    }
    g.ok("poll_oneoff", &[1000, 2000, 2, 3000]);
    assert_eq!(g.u32(3000), 2);
    assert_eq!(
        (g.u64(2000), g.u8(2010), g.u64(2016), g.u16(2024)),
        (7, 1, 3, 0)
    );
    assert_eq!((g.u64(2032), g.u8(2042)), (8, 2));
    read(&mut g, fd, 10);
    g.ok("poll_oneoff", &[1000, 2000, 1, 3000]);
    assert_eq!((g.u64(2016), g.u16(2024)), (0, 1), "at the end: hang-up");
    // A directory cannot be polled.
    g.write_u32(1016, 3);
    assert_eq!(g.errno("poll_oneoff", &[1000, 2000, 1, 3000]), Errno::Badf);
}

#[test]
fn a_program_reads_a_file_and_writes_stdout() {
    // A hand-written program: open data.txt under the preopen, read it, echo it.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("data.txt"), "from a file\n").unwrap();
    let out = MemoryOutput::new();
    let ctx = WasiCtxBuilder::new()
        .stdout(out.clone())
        .preopened_dir(tmp.path(), ".", true)
        .unwrap()
        .build()
        .unwrap();
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "path_open"
        (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "data.txt")
      (func (export "_start") (local $fd i32)
        (if (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 8) (i32.const 0)
                        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16))
          (then unreachable))
        (local.set $fd (i32.load (i32.const 16)))
        (i32.store (i32.const 32) (i32.const 100))
        (i32.store (i32.const 36) (i32.const 200))
        (drop (call $read (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 40)))
        (i32.store (i32.const 36) (i32.load (i32.const 40)))
        (drop (call $write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 44)))))"#;
    let mut g = Guest::with_module(ctx, wat);
    let start = g
        .instance
        .get_typed_func::<(), ()>(&g.store, "_start")
        .unwrap();
    start.call(&mut g.store, ()).unwrap();
    assert_eq!(out.text(), "from a file\n");
}

/// The official WASI test suite's `pwrite-with-append`: `open(O_CREAT | O_TRUNC |
/// O_WRONLY | O_APPEND)` is `path_open` with oflags `CREAT | TRUNC` and fdflags `APPEND`,
/// which Rust's `OpenOptions` refuses (truncate with append) and WASI allows.
#[test]
fn truncate_with_append_opens_and_appends() {
    let (mut g, tmp) = sandbox();
    let path = tmp.path().join("f");
    for (oflags, before) in [
        (oflags::CREAT | oflags::TRUNC, None),
        (oflags::CREAT | oflags::TRUNC, Some("old contents")),
        (oflags::TRUNC, Some("old contents")),
    ] {
        if let Some(b) = before {
            fs::write(&path, b).unwrap();
        }
        let wo = rights::FD_WRITE | rights::FD_SEEK | rights::FD_TELL;
        let fd = g
            .open(DIR, false, "f", oflags, wo, fdflags::APPEND)
            .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"", "truncated");
        g.ok("fd_fdstat_get", &[i64::from(fd), 600]);
        assert_eq!(g.u16(602), fdflags::APPEND);
        write(&mut g, fd, b"ab");
        // Back to the start: the next write still goes to the end.
        g.ok("fd_seek", &[i64::from(fd), 0, 0, 400]);
        assert_eq!(g.u64(400), 0);
        write(&mut g, fd, b"cd");
        g.ok("fd_tell", &[i64::from(fd), 400]);
        assert_eq!(g.u64(400), 4);
        assert_eq!(fs::read(&path).unwrap(), b"abcd");
        g.ok("fd_close", &[i64::from(fd)]);
        fs::remove_file(&path).unwrap_or(());
    }
}

/// Found by `tests/wasi` case `edges_open`: `O_DIRECTORY` with write rights answered
/// ISDIR before looking at the path; a missing name is NOENT and a file NOTDIR (POSIX's
/// `open(O_DIRECTORY | O_WRONLY)`, and wasmtime's answers), only a directory ISDIR.
#[test]
fn a_directory_open_for_writing_looks_at_the_path_first() {
    let (mut g, tmp) = sandbox();
    fs::write(tmp.path().join("f"), "x").unwrap();
    fs::create_dir(tmp.path().join("d")).unwrap();
    for (path, want) in [
        ("missing", Errno::Noent),
        ("f", Errno::Notdir),
        ("d", Errno::Isdir),
    ] {
        for rights in [rights::FD_WRITE, RW] {
            assert_eq!(
                g.open(DIR, false, path, oflags::DIRECTORY, rights, 0),
                Err(want),
                "{path}"
            );
        }
    }
}

/// Found by `tests/wasi` case `edges_rights`: `fd_filestat_set_times` of a directory
/// opened by `path_open` was BADF (the host descriptor was an `O_PATH` one).
#[test]
fn times_of_an_opened_directory_can_be_set() {
    let (mut g, tmp) = sandbox();
    fs::create_dir(tmp.path().join("d")).unwrap();
    let d = g.open(DIR, false, "d", oflags::DIRECTORY, R, 0).unwrap();
    let set = i64::from(fstflags::MTIM);
    for fd in [DIR, d] {
        g.ok(
            "fd_filestat_set_times",
            &[i64::from(fd), 0, 1_000_000_000 * i64::from(fd), set],
        );
    }
    let mtime = |p: &Path| fs::metadata(p).unwrap().mtime();
    assert_eq!(mtime(tmp.path()), i64::from(DIR));
    assert_eq!(mtime(&tmp.path().join("d")), i64::from(d));
}

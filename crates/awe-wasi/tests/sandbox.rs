//! The sandbox: raw calls that try to leave a preopened directory (`..`, absolute paths,
//! symbolic links planted on the host pointing out, loops, odd paths) and to change a
//! read-only one. Each is refused with wasmtime's errno, and afterwards nothing outside
//! the sandbox (or inside the read-only directory) has changed.

mod common;

use awe_wasi::WasiCtxBuilder;
use awe_wasi::types::{Errno, filetype, fstflags, lookupflags, oflags, rights};
use common::Guest;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

const SANDBOX: u32 = 3;
const RO: u32 = 4;
const R: u64 = rights::FD_READ | rights::FD_SEEK;
const RW: u64 = R | rights::FD_WRITE;
const FOLLOW: bool = true;

/// A host tree with a sandbox (preopened read-write as `/sandbox`, descriptor 3) and a
/// read-only directory (`/ro`, descriptor 4) in it, and things outside both.
fn setup() -> (Guest, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    fs::write(t.join("outside.txt"), "secret").unwrap();
    fs::create_dir(t.join("outside_dir")).unwrap();
    fs::create_dir_all(t.join("sandbox/sub")).unwrap();
    fs::write(t.join("sandbox/file.txt"), "inside").unwrap();
    fs::write(t.join("sandbox/sub/inner.txt"), "inner").unwrap();
    symlink(t.join("outside.txt"), t.join("sandbox/abs_link")).unwrap();
    symlink("/etc/passwd", t.join("sandbox/etc_link")).unwrap();
    symlink("../outside.txt", t.join("sandbox/up_link")).unwrap();
    symlink("sub/../../outside.txt", t.join("sandbox/sub_up")).unwrap();
    symlink("..", t.join("sandbox/dir_up")).unwrap();
    symlink("loop2", t.join("sandbox/loop1")).unwrap();
    symlink("loop1", t.join("sandbox/loop2")).unwrap();
    symlink("file.txt", t.join("sandbox/ok_link")).unwrap();
    symlink("../file.txt", t.join("sandbox/sub/back")).unwrap();
    symlink("missing", t.join("sandbox/dangling")).unwrap();
    fs::create_dir_all(t.join("ro/rdir")).unwrap();
    fs::write(t.join("ro/r.txt"), "read only").unwrap();
    let ctx = WasiCtxBuilder::new()
        .preopened_dir(t.join("sandbox"), "/sandbox", false)
        .unwrap()
        .preopened_dir(t.join("ro"), "/ro", true)
        .unwrap()
        .build()
        .unwrap();
    (Guest::new(ctx), tmp)
}

/// Every file under `root` (not following links) with its contents or link target.
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            let m = fs::symlink_metadata(&p).unwrap();
            let what = if m.file_type().is_symlink() {
                format!("-> {}", fs::read_link(&p).unwrap().display())
            } else if m.is_dir() {
                todo.push(p.clone());
                "dir".to_owned()
            } else {
                fs::read_to_string(&p).unwrap()
            };
            out.insert(rel, what);
        }
    }
    out
}

/// The tree outside the sandbox and the read-only directory as a whole (everything
/// but `sandbox/`).
fn protected(root: &Path) -> BTreeMap<String, String> {
    let mut all = snapshot(root);
    all.retain(|k, _| !k.starts_with("sandbox/") && k != "sandbox");
    all
}

/// A `path_open` under the sandbox: path, follow the last link, oflags, rights, and
/// what it must give.
type OpenCase = (&'static str, bool, u16, u64, Result<(), Errno>);

#[test]
fn opening_paths_that_lead_outside_is_refused() {
    let (mut g, tmp) = setup();
    let before = protected(tmp.path());
    // (path, follow the last link, oflags, rights, expected): data-driven.
    let cases: &[OpenCase] = &[
        ("file.txt", false, 0, R, Ok(())),
        ("sub/../file.txt", false, 0, R, Ok(())),
        ("./sub/./inner.txt", false, 0, R, Ok(())),
        (".", false, 0, R, Ok(())),
        ("sub/", false, 0, R, Ok(())),
        ("../outside.txt", false, 0, R, Err(Errno::Perm)),
        ("..", false, 0, R, Err(Errno::Perm)),
        ("sub/../../outside.txt", false, 0, R, Err(Errno::Perm)),
        ("sub/../..", false, oflags::DIRECTORY, R, Err(Errno::Perm)),
        ("/etc/passwd", false, 0, R, Err(Errno::Perm)),
        ("/sandbox/file.txt", false, 0, R, Err(Errno::Perm)),
        ("/", false, oflags::DIRECTORY, R, Err(Errno::Perm)),
        ("abs_link", FOLLOW, 0, R, Err(Errno::Perm)),
        ("etc_link", FOLLOW, 0, R, Err(Errno::Perm)),
        ("up_link", FOLLOW, 0, R, Err(Errno::Perm)),
        ("sub_up", FOLLOW, 0, R, Err(Errno::Perm)),
        ("dir_up/outside.txt", false, 0, R, Err(Errno::Perm)),
        ("dir_up", FOLLOW, oflags::DIRECTORY, R, Err(Errno::Perm)),
        ("loop1", FOLLOW, 0, R, Err(Errno::Loop)),
        ("loop1/x", false, 0, R, Err(Errno::Loop)),
        ("ok_link", FOLLOW, 0, R, Ok(())),
        ("sub/back", FOLLOW, 0, R, Ok(())),
        // Not following a final symbolic link: it cannot be opened as a file.
        ("ok_link", false, 0, R, Err(Errno::Loop)),
        ("abs_link", false, 0, R, Err(Errno::Loop)),
        ("dangling", FOLLOW, 0, R, Err(Errno::Noent)),
        // Creating through a link or a path that leads out.
        ("../new.txt", false, oflags::CREAT, RW, Err(Errno::Perm)),
        ("up_link", FOLLOW, oflags::CREAT, RW, Err(Errno::Perm)),
        ("up_link", FOLLOW, oflags::TRUNC, RW, Err(Errno::Perm)),
        ("dir_up/new.txt", false, oflags::CREAT, RW, Err(Errno::Perm)),
        (
            "abs_link",
            false,
            oflags::CREAT | oflags::EXCL,
            RW,
            Err(Errno::Exist),
        ),
        // Odd paths.
        ("file.txt/", false, 0, R, Err(Errno::Notdir)),
        ("file.txt///", false, 0, R, Err(Errno::Notdir)),
        ("file.txt/.", false, 0, R, Err(Errno::Notdir)),
        ("file.txt\0", false, 0, R, Err(Errno::Inval)),
        ("fi\0le.txt", false, 0, R, Err(Errno::Inval)),
        ("", false, 0, R, Err(Errno::Noent)),
        ("nope/..", false, 0, R, Err(Errno::Noent)),
    ];
    for &(path, follow, of, rights, want) in cases {
        let got = g.open(SANDBOX, follow, path, of, rights, 0).map(drop);
        assert_eq!(got, want, "path_open {path:?} follow={follow} oflags={of}");
    }
    // Not UTF-8.
    g.write(60000, b"\xff\xfe");
    let e = g.errno("path_open", &[3, 0, 60000, 2, 0, R as i64, 0, 0, 59996]);
    assert_eq!(e, Errno::Ilseq);
    // A directory opened inside is a sandbox of its own.
    let sub = g
        .open(SANDBOX, false, "sub", oflags::DIRECTORY, R, 0)
        .unwrap();
    assert_eq!(g.open(sub, false, "../file.txt", 0, R, 0), Err(Errno::Perm));
    assert_eq!(g.open(sub, FOLLOW, "back", 0, R, 0), Err(Errno::Perm));
    assert_eq!(g.open(sub, false, "inner.txt", 0, R, 0).map(drop), Ok(()));
    // The path must lie in memory.
    g.trap("path_open", &[3, 0, 65530, 100, 0, R as i64, 0, 0, 59996]);
    assert_eq!(protected(tmp.path()), before);
    assert!(!tmp.path().join("new.txt").exists());
}

#[test]
fn other_path_calls_that_lead_outside_are_refused() {
    let (mut g, tmp) = setup();
    let before = protected(tmp.path());
    let two = |g: &mut Guest, name: &str, a: &str, b: &str| {
        let [ap, al] = g.str(60000, a);
        let [bp, bl] = g.str(61000, b);
        match name {
            "path_rename" => g.errno(name, &[3, ap, al, 3, bp, bl]),
            "path_link" => g.errno(name, &[3, 0, ap, al, 3, bp, bl]),
            "path_symlink" => g.errno(name, &[ap, al, 3, bp, bl]),
            _ => unreachable!(),
        }
    };
    let one: &[(&str, &str, &[i64], Errno)] = &[
        ("path_create_directory", "../newdir", &[], Errno::Perm),
        ("path_create_directory", "/tmp/awe-escape", &[], Errno::Perm),
        ("path_create_directory", "dir_up/newdir", &[], Errno::Perm),
        ("path_remove_directory", "../outside_dir", &[], Errno::Perm),
        (
            "path_remove_directory",
            "dir_up/outside_dir",
            &[],
            Errno::Perm,
        ),
        ("path_unlink_file", "../outside.txt", &[], Errno::Perm),
        ("path_unlink_file", "dir_up/outside.txt", &[], Errno::Perm),
        ("path_unlink_file", "/etc/passwd", &[], Errno::Perm),
        ("path_readlink", "abs_link", &[1000, 100, 900], Errno::Perm),
        ("path_readlink", "etc_link", &[1000, 100, 900], Errno::Perm),
        (
            "path_readlink",
            "../outside.txt",
            &[1000, 100, 900],
            Errno::Perm,
        ),
        (
            "path_readlink",
            "dangling",
            &[1000, 100, 900],
            Errno::Success,
        ),
    ];
    for (name, path, rest, want) in one {
        assert_eq!(g.at(name, SANDBOX, path, rest), *want, "{name} {path:?}");
    }
    let stat: &[(&str, u32, Errno)] = &[
        ("up_link", 0, Errno::Success),
        ("up_link", lookupflags::SYMLINK_FOLLOW, Errno::Perm),
        ("abs_link", lookupflags::SYMLINK_FOLLOW, Errno::Perm),
        ("../outside.txt", 0, Errno::Perm),
        ("/", 0, Errno::Perm),
        ("loop1", lookupflags::SYMLINK_FOLLOW, Errno::Loop),
    ];
    for (path, flags, want) in stat {
        let [p, l] = g.str(60000, path);
        let e = g.errno("path_filestat_get", &[3, i64::from(*flags), p, l, 2000]);
        assert_eq!(e, *want, "path_filestat_get {path:?} {flags}");
        let all = i64::from(fstflags::ATIM_NOW | fstflags::MTIM_NOW);
        let e = g.errno(
            "path_filestat_set_times",
            &[3, i64::from(*flags), p, l, 0, 0, all],
        );
        if *want != Errno::Success {
            assert_eq!(e, *want, "path_filestat_set_times {path:?} {flags}");
        }
    }
    let pairs: &[(&str, &str, &str, Errno)] = &[
        ("path_rename", "file.txt", "../moved.txt", Errno::Perm),
        ("path_rename", "../outside.txt", "stolen.txt", Errno::Perm),
        ("path_rename", "file.txt", "dir_up/moved.txt", Errno::Perm),
        ("path_rename", "file.txt", "/tmp/moved.txt", Errno::Perm),
        ("path_link", "../outside.txt", "hard.txt", Errno::Perm),
        ("path_link", "file.txt", "../hard.txt", Errno::Perm),
        ("path_link", "up_link", "hard_link", Errno::Success),
        ("path_symlink", "/etc/passwd", "new_abs", Errno::Perm),
        ("path_symlink", "file.txt", "../new_link", Errno::Perm),
        // A relative target is only text; following it later is what is refused.
        ("path_symlink", "../outside.txt", "new_up", Errno::Success),
    ];
    for (name, a, b, want) in pairs {
        assert_eq!(two(&mut g, name, a, b), *want, "{name} {a:?} {b:?}");
    }
    assert_eq!(g.open(SANDBOX, FOLLOW, "new_up", 0, R, 0), Err(Errno::Perm));
    assert_eq!(
        g.open(SANDBOX, FOLLOW, "hard_link", 0, R, 0),
        Err(Errno::Perm)
    );
    // The symbolic link is removed, not what it points to.
    assert_eq!(
        g.at("path_unlink_file", SANDBOX, "up_link", &[]),
        Errno::Success
    );
    assert_eq!(protected(tmp.path()), before);
}

#[test]
fn trailing_slashes_as_posix_and_wasmtime() {
    let (mut g, tmp) = setup();
    let s = tmp.path().join("sandbox");
    let reset = || {
        let _ = fs::remove_dir_all(s.join("dir"));
        let _ = fs::remove_file(s.join("t"));
        let _ = fs::remove_dir(s.join("t"));
        fs::create_dir_all(s.join("dir")).unwrap();
        fs::write(s.join("file.txt"), "inside").unwrap();
    };
    let one: &[(&str, &str, Errno)] = &[
        ("path_unlink_file", "file.txt/", Errno::Notdir),
        ("path_unlink_file", "dir/", Errno::Isdir),
        ("path_unlink_file", "dir", Errno::Isdir),
        ("path_remove_directory", "dir/", Errno::Success),
        ("path_remove_directory", "dir//", Errno::Success),
        ("path_remove_directory", "file.txt/", Errno::Notdir),
        ("path_remove_directory", "dir/.", Errno::Inval),
        ("path_remove_directory", ".", Errno::Inval),
        ("path_create_directory", "t/", Errno::Success),
        ("path_create_directory", "file.txt/", Errno::Exist),
    ];
    for (name, path, want) in one {
        reset();
        assert_eq!(g.at(name, SANDBOX, path, &[]), *want, "{name} {path:?}");
    }
    let two: &[(&str, &str, &str, Errno)] = &[
        ("path_rename", "dir/", "t", Errno::Success),
        ("path_rename", "dir", "t/", Errno::Success),
        ("path_rename", "file.txt/", "t", Errno::Notdir),
        ("path_rename", "file.txt", "t/", Errno::Notdir),
        ("path_rename", "file.txt", "t//", Errno::Notdir),
        ("path_rename", "nope", "t/", Errno::Noent),
        ("path_rename", "dir", "file.txt", Errno::Notdir),
        ("path_rename", "file.txt", "dir", Errno::Isdir),
        ("path_link", "file.txt/", "t", Errno::Notdir),
        ("path_link", "file.txt", "t/", Errno::Noent),
        ("path_link", "dir", "t", Errno::Perm),
        ("path_symlink", "x", "t/", Errno::Noent),
        ("path_symlink", "x", "file.txt/", Errno::Notdir),
        ("path_symlink", "x", "dir/", Errno::Exist),
        ("path_symlink", "x", "file.txt", Errno::Exist),
    ];
    let stats: &[(&str, u32, Result<u8, Errno>)] = &[
        ("file.txt/", 0, Err(Errno::Notdir)),
        (
            "file.txt//",
            lookupflags::SYMLINK_FOLLOW,
            Err(Errno::Notdir),
        ),
        ("dir/", 0, Ok(filetype::DIRECTORY)),
        ("dir_up/", 0, Err(Errno::Perm)),
        ("ok_link/", 0, Err(Errno::Notdir)),
        ("nope/", 0, Err(Errno::Noent)),
        ("sub_link/", 0, Ok(filetype::DIRECTORY)),
        ("sub_link", 0, Ok(filetype::SYMBOLIC_LINK)),
    ];
    reset();
    symlink("dir", s.join("sub_link")).unwrap();
    for (path, flags, want) in stats {
        let [p, l] = g.str(60000, path);
        let got = match g.errno("path_filestat_get", &[3, i64::from(*flags), p, l, 2000]) {
            Errno::Success => Ok(g.u8(2016)),
            e => Err(e),
        };
        assert_eq!(got, *want, "path_filestat_get {path:?} {flags}");
        let now = i64::from(fstflags::MTIM_NOW);
        let e = g.errno(
            "path_filestat_set_times",
            &[3, i64::from(*flags), p, l, 0, 0, now],
        );
        assert_eq!(
            e,
            want.err().unwrap_or(Errno::Success),
            "set_times {path:?}"
        );
    }
    for (name, a, b, want) in two {
        reset();
        let [ap, al] = g.str(60000, a);
        let [bp, bl] = g.str(61000, b);
        let got = match *name {
            "path_rename" => g.errno(name, &[3, ap, al, 3, bp, bl]),
            "path_link" => g.errno(name, &[3, 0, ap, al, 3, bp, bl]),
            _ => g.errno(name, &[ap, al, 3, bp, bl]),
        };
        assert_eq!(got, *want, "{name} {a:?} {b:?}");
    }
}

#[test]
fn a_read_only_preopen_refuses_every_change() {
    let (mut g, tmp) = setup();
    let before = protected(tmp.path());
    // Reading works.
    let f = g.open(RO, false, "r.txt", 0, R, 0).unwrap();
    g.iovecs(100, &[(40000, 100)]);
    g.ok("fd_read", &[i64::from(f), 100, 1, 200]);
    assert_eq!(g.bytes(40000, g.u32(200)), b"read only");
    g.ok("fd_filestat_get", &[i64::from(f), 2000]);
    g.ok("fd_readdir", &[i64::from(RO), 1000, 1000, 0, 900]);
    // Opening to change.
    let opens: &[(&str, u16, u64, Errno)] = &[
        ("r.txt", 0, RW, Errno::Perm),
        ("r.txt", 0, rights::FD_WRITE, Errno::Perm),
        ("r.txt", oflags::TRUNC, R, Errno::Perm),
        ("new.txt", oflags::CREAT, R, Errno::Perm),
        ("new.txt", oflags::CREAT | oflags::EXCL, RW, Errno::Perm),
    ];
    for (path, of, rights, want) in opens {
        assert_eq!(
            g.open(RO, false, path, *of, *rights, 0),
            Err(*want),
            "{path} {of} {rights}"
        );
    }
    // Changing an open file.
    g.write(30000, b"x");
    g.iovecs(100, &[(30000, 1)]);
    let fi = i64::from(f);
    assert_eq!(g.errno("fd_write", &[fi, 100, 1, 200]), Errno::Badf);
    assert_eq!(g.errno("fd_pwrite", &[fi, 100, 1, 0, 200]), Errno::Badf);
    assert_eq!(g.errno("fd_filestat_set_size", &[fi, 0]), Errno::Perm);
    assert_eq!(g.errno("fd_allocate", &[fi, 0, 10]), Errno::Notsup);
    let now = i64::from(fstflags::MTIM_NOW);
    assert_eq!(
        g.errno("fd_filestat_set_times", &[fi, 0, 0, now]),
        Errno::Perm
    );
    assert_eq!(
        g.errno("fd_filestat_set_times", &[i64::from(RO), 0, 0, now]),
        Errno::Perm
    );
    // Path calls.
    let calls: &[(&str, &str, &[i64])] = &[
        ("path_create_directory", "newdir", &[]),
        ("path_remove_directory", "rdir", &[]),
        ("path_unlink_file", "r.txt", &[]),
        ("path_filestat_set_times", "r.txt", &[0, 0, now]),
    ];
    for (name, path, rest) in calls {
        let e = if *name == "path_filestat_set_times" {
            let [p, l] = g.str(60000, path);
            g.errno(name, &[i64::from(RO), 0, p, l, rest[0], rest[1], rest[2]])
        } else {
            g.at(name, RO, path, rest)
        };
        assert_eq!(e, Errno::Perm, "{name} {path}");
    }
    let [ap, al] = g.str(60000, "r.txt");
    let [bp, bl] = g.str(61000, "s.txt");
    let ro = i64::from(RO);
    let sb = i64::from(SANDBOX);
    assert_eq!(
        g.errno("path_rename", &[ro, ap, al, ro, bp, bl]),
        Errno::Perm
    );
    assert_eq!(
        g.errno("path_rename", &[ro, ap, al, sb, bp, bl]),
        Errno::Perm
    );
    assert_eq!(
        g.errno("path_link", &[ro, 0, ap, al, sb, bp, bl]),
        Errno::Perm
    );
    assert_eq!(g.errno("path_symlink", &[ap, al, ro, bp, bl]), Errno::Perm);
    let [fp, fl] = g.str(62000, "file.txt");
    assert_eq!(
        g.errno("path_rename", &[sb, fp, fl, ro, bp, bl]),
        Errno::Perm
    );
    assert_eq!(
        g.errno("path_link", &[sb, 0, fp, fl, ro, bp, bl]),
        Errno::Perm
    );
    // A directory opened under the read-only one is read-only too.
    let d = g.open(RO, false, "rdir", oflags::DIRECTORY, R, 0).unwrap();
    assert_eq!(
        g.open(d, false, "x", oflags::CREAT, RW, 0),
        Err(Errno::Perm)
    );
    assert_eq!(g.at("path_create_directory", d, "x", &[]), Errno::Perm);
    // Dropping rights cannot be undone to get write access back.
    assert_eq!(
        g.errno("fd_fdstat_set_rights", &[fi, RW as i64, RW as i64]),
        Errno::Notcapable
    );
    assert_eq!(protected(tmp.path()), before);
    assert!(tmp.path().join("sandbox/file.txt").exists());
}

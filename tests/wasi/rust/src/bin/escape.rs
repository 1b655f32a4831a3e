//! The escape suite: attempts to reach outside the preopened directories, or to change a
//! read-only one, through raw wasi_snapshot_preview1 calls. Each attempt prints
//! `attempt NAME: refused (errno N)`, or `attempt NAME: ESCAPED` if the runtime let it
//! through; then a summary line. Exit code 0 when every attempt was refused, 1 otherwise.
//!
//! `escape rw HOST_TMP`: with `/sandbox` (writable) and `/ro` (read-only) preopened;
//! HOST_TMP is the host path of the sandbox's parent. The harness lays out:
//!
//! ```text
//! HOST_TMP/marker.txt             must stay untouched (content and mtime)
//! HOST_TMP/outside/secret.txt     HOST_TMP/empty_outside/    HOST_TMP/outside_link -> marker.txt
//! HOST_TMP/sandbox/  (/sandbox)   inside.txt, sub/deep/, and planted symbolic links:
//!     planted_abs -> /etc/passwd           planted_up -> ../marker.txt
//!     planted_dotdot -> ..                 planted_outside_dir -> ../outside
//!     planted_chain1 -> planted_chain2     planted_chain2 -> sub/../planted_up
//!     planted_dangling -> ../created_by_guest.txt
//! HOST_TMP/ro/  (/ro, read-only)  ro.txt, rodir/keep.txt, emptydir/
//! ```
//!
//! `escape none`: no preopened directory at all; fds that were never granted.
use wasi::{Errno, Fd};

use awe_wasi_guests::raw::{ALL_RIGHTS, preopen};

type R = Result<(), Errno>;

struct Suite {
    attempts: usize,
    escaped: usize,
}

impl Suite {
    /// Runs one attempt: `Ok` means the runtime let it through.
    fn attempt(&mut self, name: &str, f: impl FnOnce() -> R) {
        self.attempts += 1;
        match f() {
            Ok(()) => {
                self.escaped += 1;
                println!("attempt {name}: ESCAPED");
            }
            Err(e) => println!("attempt {name}: refused (errno {})", e.raw()),
        }
    }
}

const FOLLOW: wasi::Lookupflags = wasi::LOOKUPFLAGS_SYMLINK_FOLLOW;
const READ: wasi::Rights = wasi::RIGHTS_FD_READ | wasi::RIGHTS_FD_SEEK | wasi::RIGHTS_FD_FILESTAT_GET;
const WRITE: wasi::Rights = wasi::RIGHTS_FD_WRITE | wasi::RIGHTS_FD_SEEK | wasi::RIGHTS_FD_FILESTAT_SET_SIZE;
const DIR: wasi::Rights = wasi::RIGHTS_FD_READDIR
    | wasi::RIGHTS_PATH_OPEN
    | wasi::RIGHTS_PATH_FILESTAT_GET
    | wasi::RIGHTS_PATH_CREATE_FILE
    | wasi::RIGHTS_PATH_CREATE_DIRECTORY
    | wasi::RIGHTS_FD_FILESTAT_GET;

fn open(dir: Fd, flags: wasi::Lookupflags, path: &str, oflags: wasi::Oflags, rights: wasi::Rights) -> Result<Fd, Errno> {
    unsafe { wasi::path_open(dir, flags, path, oflags, rights, rights, 0) }
}

/// Opens for reading; succeeding is the escape (the fd is closed again).
fn read(dir: Fd, path: &str) -> R {
    let fd = open(dir, FOLLOW, path, 0, READ)?;
    close(fd);
    Ok(())
}

/// Opens a directory; succeeding is the escape.
fn opendir(dir: Fd, path: &str) -> R {
    let fd = open(dir, FOLLOW, path, wasi::OFLAGS_DIRECTORY, DIR)?;
    close(fd);
    Ok(())
}

/// Opens for writing with `oflags`; succeeding is the escape.
fn write(dir: Fd, path: &str, oflags: wasi::Oflags) -> R {
    let fd = open(dir, FOLLOW, path, oflags, WRITE)?;
    close(fd);
    Ok(())
}

fn close(fd: Fd) {
    let _ = unsafe { wasi::fd_close(fd) };
}

fn fd_write(fd: Fd, bytes: &[u8]) -> R {
    let iov = wasi::Ciovec { buf: bytes.as_ptr(), buf_len: bytes.len() };
    unsafe { wasi::fd_write(fd, &[iov]) }.map(|_| ())
}

fn fd_read(fd: Fd) -> R {
    let mut buf = [0u8; 16];
    let iov = wasi::Iovec { buf: buf.as_mut_ptr(), buf_len: buf.len() };
    unsafe { wasi::fd_read(fd, &[iov]) }.map(|_| ())
}

fn symlink(target: &str, dir: Fd, link: &str) -> R {
    unsafe { wasi::path_symlink(target, dir, link) }
}

fn readlink(dir: Fd, path: &str) -> Result<String, Errno> {
    let mut buf = vec![0u8; 4096];
    let n = unsafe { wasi::path_readlink(dir, path, buf.as_mut_ptr(), buf.len()) }?;
    buf.truncate(n);
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut suite = Suite { attempts: 0, escaped: 0 };
    match args.get(1).map(String::as_str) {
        Some("rw") => {
            let tmp = args.get(2).expect("usage: escape rw HOST_TMP");
            let s = preopen("/sandbox");
            let ro = preopen("/ro");
            sandbox(&mut suite, s, tmp);
            read_only(&mut suite, ro, s);
        }
        Some("none") => no_preopens(&mut suite),
        _ => {
            eprintln!("usage: escape rw HOST_TMP | escape none");
            std::process::exit(2);
        }
    }
    println!("{} attempts: {} refused, {} escaped", suite.attempts, suite.attempts - suite.escaped, suite.escaped);
    std::process::exit(if suite.escaped == 0 { 0 } else { 1 });
}

fn sandbox(t: &mut Suite, s: Fd, tmp: &str) {
    // `..` in paths.
    t.attempt("dotdot_read", || read(s, "../marker.txt"));
    t.attempt("dotdot_write_truncate", || write(s, "../marker.txt", wasi::OFLAGS_TRUNC));
    t.attempt("dotdot_create", || write(s, "../created_by_guest.txt", wasi::OFLAGS_CREAT));
    t.attempt("nested_dotdot", || read(s, "sub/../../marker.txt"));
    t.attempt("deep_dotdot", || read(s, "sub/deep/../../../marker.txt"));
    t.attempt("dot_dotdot_combo", || read(s, "./sub/./../.././marker.txt"));
    t.attempt("out_and_back_in", || read(s, "../sandbox/inside.txt"));
    t.attempt("many_dotdots", || read(s, "../../../../../../../../../../etc/passwd"));
    t.attempt("open_parent_dir", || opendir(s, ".."));
    t.attempt("open_parent_dir_trailing_slash", || opendir(s, "../"));
    t.attempt("open_dot_then_dotdot", || {
        let d = open(s, FOLLOW, ".", wasi::OFLAGS_DIRECTORY, DIR)?;
        let r = opendir(d, "..");
        close(d);
        r
    });
    t.attempt("open_dot_then_read_dotdot_marker", || {
        let d = open(s, FOLLOW, ".", wasi::OFLAGS_DIRECTORY, DIR)?;
        let r = read(d, "../marker.txt");
        close(d);
        r
    });
    t.attempt("subdir_fd_then_dotdot_dotdot", || {
        let d = open(s, FOLLOW, "sub", wasi::OFLAGS_DIRECTORY, DIR)?;
        let r = read(d, "../../marker.txt");
        close(d);
        r
    });
    t.attempt("stat_parent", || unsafe { wasi::path_filestat_get(s, 0, "..") }.map(|_| ()));
    t.attempt("stat_marker", || unsafe { wasi::path_filestat_get(s, 0, "../marker.txt") }.map(|_| ()));

    // Absolute paths.
    t.attempt("absolute_etc_passwd", || read(s, "/etc/passwd"));
    t.attempt("absolute_double_slash", || read(s, "//etc/passwd"));
    t.attempt("absolute_root_dir", || opendir(s, "/"));
    t.attempt("absolute_etc_dir", || opendir(s, "/etc"));
    t.attempt("absolute_host_marker", || read(s, &format!("{tmp}/marker.txt")));
    t.attempt("absolute_host_create", || write(s, &format!("{tmp}/created_by_guest.txt"), wasi::OFLAGS_CREAT));
    t.attempt("absolute_hardlink_source", || unsafe { wasi::path_link(s, 0, "/etc/passwd", s, "hl_etc") });

    // Symbolic links planted by the host.
    t.attempt("planted_abs_read", || read(s, "planted_abs"));
    t.attempt("planted_up_read", || read(s, "planted_up"));
    t.attempt("planted_up_truncate", || write(s, "planted_up", wasi::OFLAGS_TRUNC));
    t.attempt("planted_dotdot_traverse", || read(s, "planted_dotdot/marker.txt"));
    t.attempt("planted_dotdot_as_dir", || opendir(s, "planted_dotdot"));
    t.attempt("planted_chain", || read(s, "planted_chain1"));
    t.attempt("planted_outside_dir_list", || opendir(s, "planted_outside_dir"));
    t.attempt("planted_outside_dir_file", || read(s, "planted_outside_dir/secret.txt"));
    t.attempt("planted_outside_dir_dotdot", || read(s, "planted_outside_dir/../marker.txt"));
    t.attempt("planted_dangling_create", || write(s, "planted_dangling", wasi::OFLAGS_CREAT));
    t.attempt("planted_dangling_create_excl", || {
        write(s, "planted_dangling", wasi::OFLAGS_CREAT | wasi::OFLAGS_EXCL)
    });
    t.attempt("stat_through_abs_link", || unsafe { wasi::path_filestat_get(s, FOLLOW, "planted_abs") }.map(|_| ()));
    t.attempt("set_times_through_link", || unsafe {
        wasi::path_filestat_set_times(s, FOLLOW, "planted_up", 0, 0, wasi::FSTFLAGS_MTIM_NOW)
    });
    t.attempt("readlink_then_follow", || {
        let target = readlink(s, "planted_up")?;
        read(s, &target)
    });
    t.attempt("readlink_abs_then_follow", || {
        let target = readlink(s, "planted_abs")?;
        read(s, &target)
    });
    t.attempt("readlink_outside", || readlink(s, "../outside_link").map(|_| ()));
    t.attempt("readlink_through_link", || readlink(s, "planted_dotdot/outside_link").map(|_| ()));

    // Symbolic links the guest makes (making one may be refused; following must be).
    t.attempt("guest_symlink_abs", || {
        symlink("/etc/passwd", s, "g_abs")?;
        read(s, "g_abs")
    });
    t.attempt("guest_symlink_dotdot", || {
        symlink("..", s, "g_up")?;
        read(s, "g_up/marker.txt")
    });
    t.attempt("guest_symlink_chain", || {
        symlink("../../marker.txt", s, "sub/g_c3")?;
        symlink("sub/g_c3", s, "g_c2")?;
        symlink("g_c2", s, "g_c1")?;
        read(s, "g_c1")
    });
    t.attempt("guest_symlink_loop", || {
        symlink("g_loop2", s, "g_loop1")?;
        symlink("g_loop1", s, "g_loop2")?;
        read(s, "g_loop1")
    });
    t.attempt("guest_symlink_self_loop_create", || {
        symlink("g_self", s, "g_self")?;
        write(s, "g_self", wasi::OFLAGS_CREAT)
    });
    t.attempt("guest_dangling_outside_create", || {
        symlink("../created_by_guest2.txt", s, "g_dang")?;
        write(s, "g_dang", wasi::OFLAGS_CREAT)
    });
    t.attempt("guest_symlink_host_abs_marker", || {
        symlink(&format!("{tmp}/marker.txt"), s, "g_host")?;
        read(s, "g_host")
    });
    t.attempt("guest_symlink_outside_name", || symlink("inside.txt", s, "../symlink_by_guest"));

    // Trailing slashes.
    t.attempt("trailing_slash_on_file", || read(s, "inside.txt/"));
    t.attempt("trailing_slash_create_file", || write(s, "newfile.txt/", wasi::OFLAGS_CREAT));
    t.attempt("trailing_slash_on_abs_link", || read(s, "planted_abs/"));
    t.attempt("file_as_dir_then_dotdot", || read(s, "inside.txt/../../marker.txt"));

    // NUL bytes: a path with one is invalid; a runtime that cut it short would open
    // (or make) something else.
    t.attempt("nul_after_inside_name", || read(s, "inside.txt\0garbage"));
    t.attempt("nul_before_dotdot", || read(s, "sub\0/../../marker.txt"));
    t.attempt("nul_in_create", || write(s, "nulfile\0.txt", wasi::OFLAGS_CREAT));
    t.attempt("nul_in_symlink_target", || symlink("inside.txt\0../../marker.txt", s, "g_nul"));
    t.attempt("nul_in_mkdir", || unsafe { wasi::path_create_directory(s, "nuldir\0x") });

    // Hard links.
    t.attempt("hardlink_from_outside", || unsafe { wasi::path_link(s, 0, "../marker.txt", s, "hl_in") });
    t.attempt("hardlink_to_outside", || unsafe { wasi::path_link(s, 0, "inside.txt", s, "../hl_out") });
    t.attempt("hardlink_following_link_out", || unsafe { wasi::path_link(s, FOLLOW, "planted_up", s, "hl_up") });
    t.attempt("hardlink_through_dotdot_link", || unsafe {
        wasi::path_link(s, 0, "planted_dotdot/marker.txt", s, "hl_dd")
    });

    // Renames.
    t.attempt("rename_out", || unsafe { wasi::path_rename(s, "inside.txt", s, "../moved_out.txt") });
    t.attempt("rename_in", || unsafe { wasi::path_rename(s, "../marker.txt", s, "stolen.txt") });
    t.attempt("rename_in_through_link", || unsafe { wasi::path_rename(s, "planted_dotdot/marker.txt", s, "stolen2.txt") });
    t.attempt("rename_out_through_link", || unsafe {
        wasi::path_rename(s, "inside.txt", s, "planted_outside_dir/moved.txt")
    });
    t.attempt("rename_sandbox_itself", || unsafe { wasi::path_rename(s, ".", s, "../renamed_sandbox") });

    // Other changes outside.
    t.attempt("mkdir_outside", || unsafe { wasi::path_create_directory(s, "../made_by_guest") });
    t.attempt("mkdir_through_link", || unsafe { wasi::path_create_directory(s, "planted_dotdot/made_by_guest2") });
    t.attempt("rmdir_outside", || unsafe { wasi::path_remove_directory(s, "../empty_outside") });
    t.attempt("rmdir_through_link", || unsafe { wasi::path_remove_directory(s, "planted_dotdot/empty_outside") });
    t.attempt("unlink_outside", || unsafe { wasi::path_unlink_file(s, "../marker.txt") });
    t.attempt("unlink_through_link", || unsafe { wasi::path_unlink_file(s, "planted_dotdot/marker.txt") });
    t.attempt("set_times_outside", || unsafe {
        wasi::path_filestat_set_times(s, 0, "../marker.txt", 0, 0, wasi::FSTFLAGS_MTIM_NOW)
    });

    // File descriptors that were never granted, or misused.
    t.attempt("fd_99_read", || fd_read(99));
    t.attempt("fd_99_write", || fd_write(99, b"x"));
    t.attempt("fd_99_path_open", || read(99, "marker.txt"));
    t.attempt("fd_99_prestat", || unsafe { wasi::fd_prestat_get(99) }.map(|_| ()));
    t.attempt("fd_negative_path_open", || read(u32::MAX, "etc/passwd"));
    t.attempt("stdout_as_dirfd", || read(1, "etc/passwd"));
    t.attempt("closed_fd_reused", || {
        let d = open(s, FOLLOW, "sub", wasi::OFLAGS_DIRECTORY, DIR)?;
        close(d);
        opendir(d, "deep")
    });
    t.attempt("file_fd_as_dirfd", || {
        let f = open(s, FOLLOW, "inside.txt", 0, READ)?;
        let r = read(f, "../marker.txt");
        close(f);
        r
    });
    t.attempt("renumber_dir_over_stdin_then_dotdot", || {
        let d = open(s, FOLLOW, "sub", wasi::OFLAGS_DIRECTORY, DIR)?;
        if let Err(e) = unsafe { wasi::fd_renumber(d, 0) } {
            close(d);
            return Err(e);
        }
        read(0, "../../marker.txt")
    });
    t.attempt("renumber_stdin_over_dir_then_open", || {
        let d = open(s, FOLLOW, ".", wasi::OFLAGS_DIRECTORY, DIR)?;
        let null = open(s, FOLLOW, "inside.txt", 0, READ)?;
        // `null` (a file) now sits where the directory fd was.
        if let Err(e) = unsafe { wasi::fd_renumber(null, d) } {
            close(d);
            close(null);
            return Err(e);
        }
        let r = read(d, "inside.txt");
        close(d);
        r
    });
    t.attempt("renumber_from_unopened_fd", || unsafe { wasi::fd_renumber(99, 0) });
    t.attempt("rmdir_sandbox_itself", || unsafe { wasi::path_remove_directory(s, ".") });
    t.attempt("unlink_sandbox_itself", || unsafe { wasi::path_unlink_file(s, ".") });
}

fn read_only(t: &mut Suite, ro: Fd, s: Fd) {
    t.attempt("ro_create", || write(ro, "new.txt", wasi::OFLAGS_CREAT));
    t.attempt("ro_create_excl", || write(ro, "new.txt", wasi::OFLAGS_CREAT | wasi::OFLAGS_EXCL));
    t.attempt("ro_truncate", || write(ro, "ro.txt", wasi::OFLAGS_TRUNC));
    t.attempt("ro_truncate_with_read_rights", || {
        let fd = open(ro, FOLLOW, "ro.txt", wasi::OFLAGS_TRUNC, READ)?;
        close(fd);
        Ok(())
    });
    t.attempt("ro_write_open", || write(ro, "ro.txt", 0));
    t.attempt("ro_append_open", || {
        let fd = unsafe { wasi::path_open(ro, FOLLOW, "ro.txt", 0, WRITE, WRITE, wasi::FDFLAGS_APPEND) }?;
        let r = fd_write(fd, b"appended\n");
        close(fd);
        r
    });
    t.attempt("ro_write_after_read_open", || {
        let fd = open(ro, FOLLOW, "ro.txt", 0, READ)?;
        let r = fd_write(fd, b"x");
        close(fd);
        r
    });
    t.attempt("ro_all_rights_then_write", || {
        let fd = open(ro, FOLLOW, "ro.txt", 0, ALL_RIGHTS)?;
        let r = fd_write(fd, b"x");
        close(fd);
        r
    });
    t.attempt("ro_set_flags_append_then_write", || {
        let fd = open(ro, FOLLOW, "ro.txt", 0, READ)?;
        let r = unsafe { wasi::fd_fdstat_set_flags(fd, wasi::FDFLAGS_APPEND) }.and_then(|()| fd_write(fd, b"x"));
        close(fd);
        r
    });
    t.attempt("ro_set_size", || {
        let fd = open(ro, FOLLOW, "ro.txt", 0, READ)?;
        let r = unsafe { wasi::fd_filestat_set_size(fd, 0) };
        close(fd);
        r
    });
    t.attempt("ro_allocate", || {
        let fd = open(ro, FOLLOW, "ro.txt", 0, READ)?;
        let r = unsafe { wasi::fd_allocate(fd, 0, 4096) };
        close(fd);
        r
    });
    t.attempt("ro_fd_set_times", || {
        let fd = open(ro, FOLLOW, "ro.txt", 0, READ)?;
        let r = unsafe { wasi::fd_filestat_set_times(fd, 0, 0, wasi::FSTFLAGS_MTIM_NOW) };
        close(fd);
        r
    });
    t.attempt("ro_path_set_times", || unsafe {
        wasi::path_filestat_set_times(ro, 0, "ro.txt", 0, 0, wasi::FSTFLAGS_MTIM_NOW | wasi::FSTFLAGS_ATIM_NOW)
    });
    t.attempt("ro_dir_set_times", || unsafe { wasi::fd_filestat_set_times(ro, 0, 0, wasi::FSTFLAGS_MTIM_NOW) });
    t.attempt("ro_rename", || unsafe { wasi::path_rename(ro, "ro.txt", ro, "renamed.txt") });
    t.attempt("ro_rename_out", || unsafe { wasi::path_rename(ro, "ro.txt", s, "from_ro.txt") });
    t.attempt("ro_rename_in", || unsafe { wasi::path_rename(s, "inside.txt", ro, "into_ro.txt") });
    t.attempt("ro_unlink", || unsafe { wasi::path_unlink_file(ro, "ro.txt") });
    t.attempt("ro_mkdir", || unsafe { wasi::path_create_directory(ro, "newdir") });
    t.attempt("ro_rmdir", || unsafe { wasi::path_remove_directory(ro, "emptydir") });
    t.attempt("ro_symlink", || symlink("ro.txt", ro, "newlink"));
    t.attempt("ro_link", || unsafe { wasi::path_link(ro, 0, "ro.txt", ro, "newhard") });
    t.attempt("ro_link_into_writable_then_write", || {
        unsafe { wasi::path_link(ro, 0, "ro.txt", s, "hard_from_ro") }?;
        let fd = open(s, 0, "hard_from_ro", 0, WRITE)?;
        let r = fd_write(fd, b"changed through a hard link\n");
        close(fd);
        r
    });
    t.attempt("ro_subdir_create", || {
        let d = open(ro, FOLLOW, "rodir", wasi::OFLAGS_DIRECTORY, ALL_RIGHTS)?;
        let r = write(d, "new.txt", wasi::OFLAGS_CREAT);
        close(d);
        r
    });
    t.attempt("ro_subdir_write_existing", || {
        let d = open(ro, FOLLOW, "rodir", wasi::OFLAGS_DIRECTORY, ALL_RIGHTS)?;
        let r = write(d, "keep.txt", 0);
        close(d);
        r
    });
    t.attempt("ro_dotdot_to_sandbox", || read(ro, "../sandbox/inside.txt"));
    t.attempt("ro_subdir_mkdir", || {
        let d = open(ro, FOLLOW, "rodir", wasi::OFLAGS_DIRECTORY, ALL_RIGHTS)?;
        let r = unsafe { wasi::path_create_directory(d, "made") };
        close(d);
        r
    });
    t.attempt("ro_dot_reopen_then_create", || {
        let d = open(ro, FOLLOW, ".", wasi::OFLAGS_DIRECTORY, ALL_RIGHTS)?;
        let r = write(d, "new.txt", wasi::OFLAGS_CREAT);
        close(d);
        r
    });
    // Read-only-ness belongs to the directory, not to the fd number it sits at.
    t.attempt("ro_renumbered_over_a_writable_fd", || {
        let w = open(s, FOLLOW, ".", wasi::OFLAGS_DIRECTORY, DIR)?;
        let r = open(ro, FOLLOW, ".", wasi::OFLAGS_DIRECTORY, DIR)?;
        if let Err(e) = unsafe { wasi::fd_renumber(r, w) } {
            close(w);
            close(r);
            return Err(e);
        }
        let res = write(w, "new.txt", wasi::OFLAGS_CREAT);
        close(w);
        res
    });
}

fn no_preopens(t: &mut Suite) {
    t.attempt("fd_3_prestat", || unsafe { wasi::fd_prestat_get(3) }.map(|_| ()));
    t.attempt("fd_3_path_open", || read(3, "etc/passwd"));
    t.attempt("fd_3_opendir", || opendir(3, "."));
    t.attempt("fd_3_read", || fd_read(3));
    t.attempt("fd_3_write", || fd_write(3, b"x"));
    t.attempt("fd_3_create", || write(3, "created_by_guest.txt", wasi::OFLAGS_CREAT));
    t.attempt("fd_4_path_open", || read(4, "etc/passwd"));
    t.attempt("fd_99_path_open", || read(99, "etc/passwd"));
    t.attempt("fd_u32_max_path_open", || read(u32::MAX, "etc/passwd"));
    t.attempt("stdin_as_dirfd", || read(0, "etc/passwd"));
    t.attempt("stdout_as_dirfd_create", || write(1, "created_by_guest.txt", wasi::OFLAGS_CREAT));
    t.attempt("stderr_as_dirfd_abs", || read(2, "/etc/passwd"));
    t.attempt("renumber_unopened_onto_3", || unsafe { wasi::fd_renumber(99, 3) });
    // wasi-libc refuses this itself (no preopen matches), before asking the runtime.
    t.attempt("std_fs_absolute", || {
        std::fs::read("/etc/passwd").map(|_| ()).map_err(|e| match e.raw_os_error() {
            Some(76) => wasi::ERRNO_NOTCAPABLE,
            Some(44) => wasi::ERRNO_NOENT,
            _ => wasi::ERRNO_IO,
        })
    });
}

//! The calls that need no file system: arguments, environment, clocks, random bytes,
//! process control, sockets, standard streams, and what every call does with bad
//! pointers and counts (trap, never panic).

mod common;

use awe_wasi::types::{Errno, clockid, filetype, rights};
use awe_wasi::{MemoryInput, MemoryOutput, WasiCtxBuilder, WasiTrap};
use common::{Guest, Outcome};

fn with_stdio(input: &[u8]) -> (Guest, MemoryOutput, MemoryOutput) {
    let (out, err) = (MemoryOutput::new(), MemoryOutput::new());
    let ctx = WasiCtxBuilder::new()
        .stdin(MemoryInput::new(input))
        .stdout(out.clone())
        .stderr(err.clone())
        .build()
        .unwrap();
    (Guest::new(ctx), out, err)
}

#[test]
fn args_and_environ_layout() {
    let ctx = WasiCtxBuilder::new()
        .args(["prog", "a b", "ü", ""])
        .env("K", "V")
        .env("EMPTY", "")
        .build()
        .unwrap();
    let mut g = Guest::new(ctx);
    for (sizes, get, strings) in [
        ("args_sizes_get", "args_get", &["prog", "a b", "ü", ""][..]),
        ("environ_sizes_get", "environ_get", &["K=V", "EMPTY="][..]),
    ] {
        g.ok(sizes, &[0, 4]);
        let count = g.u32(0);
        let size = g.u32(4);
        assert_eq!(count as usize, strings.len(), "{sizes}");
        let want: usize = strings.iter().map(|s| s.len() + 1).sum();
        assert_eq!(size as usize, want, "{sizes}");
        g.ok(get, &[100, 1000]);
        let mut at = 1000;
        for (i, s) in strings.iter().enumerate() {
            assert_eq!(g.u32(100 + 4 * i as u32), at, "{get} pointer {i}");
            assert_eq!(
                g.bytes(at, s.len() as u32 + 1),
                [s.as_bytes(), b"\0"].concat()
            );
            at += s.len() as u32 + 1;
        }
    }
}

#[test]
fn the_host_processs_args_and_environment_can_be_inherited() {
    let ctx = WasiCtxBuilder::new()
        .inherit_args()
        .inherit_env()
        .env("AFTER", "1")
        .build()
        .unwrap();
    let mut g = Guest::new(ctx);
    g.ok("args_sizes_get", &[0, 4]);
    assert_eq!(g.u32(0) as usize, std::env::args_os().count());
    g.ok("environ_sizes_get", &[0, 4]);
    assert_eq!(g.u32(0) as usize, std::env::vars_os().count() + 1);
}

#[test]
fn bad_arguments_and_variables_are_refused_by_the_builder() {
    assert!(WasiCtxBuilder::new().arg("a\0b").build().is_err());
    assert!(WasiCtxBuilder::new().env("A=B", "c").build().is_err());
    assert!(WasiCtxBuilder::new().env("", "c").build().is_err());
    assert!(WasiCtxBuilder::new().env("A", "c\0").build().is_err());
}

#[test]
fn clocks() {
    let mut g = Guest::empty();
    for id in [
        clockid::REALTIME,
        clockid::MONOTONIC,
        clockid::PROCESS_CPUTIME_ID,
        clockid::THREAD_CPUTIME_ID,
    ] {
        g.ok("clock_res_get", &[i64::from(id), 8]);
        let res = g.u64(8);
        assert!(
            res > 0 && res <= 1_000_000_000,
            "clock {id}: resolution {res}"
        );
        g.ok("clock_time_get", &[i64::from(id), 1, 16]);
        let t1 = g.u64(16);
        g.ok("clock_time_get", &[i64::from(id), 1, 16]);
        assert!(g.u64(16) >= t1, "clock {id} went back");
    }
    g.ok("clock_time_get", &[0, 0, 16]);
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    assert!(
        g.u64(16).abs_diff(wall) < 10_000_000_000,
        "realtime is the wall clock"
    );
    assert_eq!(g.errno("clock_res_get", &[4, 8]), Errno::Inval);
    assert_eq!(g.errno("clock_time_get", &[-1, 0, 8]), Errno::Inval);
    // A misaligned or out-of-bounds result pointer traps.
    assert!(g.trap("clock_time_get", &[0, 0, 9]).contains("aligned"));
    assert!(
        g.trap("clock_res_get", &[0, 65536])
            .contains("out of bounds")
    );
}

#[test]
fn random_bytes() {
    let mut g = Guest::empty();
    g.ok("random_get", &[100, 64]);
    assert_ne!(g.bytes(100, 64), vec![0; 64]);
    g.ok("random_get", &[65536, 0]);
    g.ok("random_get", &[0, 65536]);
    g.trap("random_get", &[65535, 2]);
    g.trap("random_get", &[1, -1]);
}

#[test]
fn proc_exit_is_a_trap_with_the_code() {
    let mut g = Guest::empty();
    let Outcome::Trap(e) = g.call("proc_exit", &[3]) else {
        panic!("proc_exit returned");
    };
    assert_eq!(awe_wasi::exit_code(&e), Some(3));
    let Outcome::Trap(e) = g.call("proc_exit", &[0]) else {
        panic!("proc_exit returned");
    };
    assert_eq!(awe_wasi::exit_code(&e), Some(0));
    // 126 and up are the host's (as wasmtime): a trap that is no exit.
    let Outcome::Trap(e) = g.call("proc_exit", &[126]) else {
        panic!("proc_exit returned");
    };
    assert_eq!(awe_wasi::exit_code(&e), None);
    let awe::TrapReason::Host(h) = &e.as_trap().unwrap().reason else {
        panic!("not a host error: {e}");
    };
    assert!(h.downcast_ref::<WasiTrap>().is_some(), "{e}");
}

#[test]
fn process_calls_and_sockets_answer_with_their_errno() {
    let mut g = Guest::empty();
    // (call, arguments, errno): data-driven.
    let cases: &[(&str, &[i64], Errno)] = &[
        ("proc_raise", &[2], Errno::Notsup),
        ("proc_raise", &[31], Errno::Inval),
        ("sched_yield", &[], Errno::Success),
        ("sock_accept", &[1, 0, 8], Errno::Notsock),
        ("sock_accept", &[99, 0, 8], Errno::Badf),
        ("sock_accept", &[1, 0x100, 8], Errno::Inval),
        ("sock_recv", &[0, 0, 0, 0, 8, 12], Errno::Notsock),
        ("sock_recv", &[77, 0, 0, 0, 8, 12], Errno::Badf),
        ("sock_send", &[1, 0, 0, 0, 8], Errno::Notsock),
        ("sock_send", &[1, 0, 0, 1, 8], Errno::Inval),
        ("sock_shutdown", &[2, 3], Errno::Notsock),
        ("sock_shutdown", &[5, 1], Errno::Badf),
        ("sock_shutdown", &[2, 4], Errno::Inval),
    ];
    for (name, args, want) in cases {
        assert_eq!(g.errno(name, args), *want, "{name}{args:?}");
    }
}

#[test]
fn writes_to_stdout_and_stderr_gather_every_iovec() {
    let (mut g, out, err) = with_stdio(b"");
    g.write(1000, b"hello, world\n");
    g.iovecs(100, &[(1000, 7), (1000, 0), (1007, 6)]);
    g.ok("fd_write", &[1, 100, 3, 200]);
    assert_eq!(g.u32(200), 13);
    assert_eq!(out.text(), "hello, world\n");
    g.ok("fd_write", &[2, 100, 1, 200]);
    assert_eq!(err.text(), "hello, ");
    // No iovecs: nothing written.
    g.ok("fd_write", &[1, 100, 0, 200]);
    assert_eq!(g.u32(200), 0);
    assert_eq!(g.errno("fd_write", &[0, 100, 1, 200]), Errno::Badf);
    assert_eq!(g.errno("fd_write", &[9, 100, 1, 200]), Errno::Badf);
    // Positioned writes on a stream.
    assert_eq!(g.errno("fd_pwrite", &[1, 100, 1, 0, 200]), Errno::Spipe);
}

#[test]
fn a_full_output_is_no_space() {
    let out = MemoryOutput::with_limit(4);
    let ctx = WasiCtxBuilder::new().stdout(out.clone()).build().unwrap();
    let mut g = Guest::new(ctx);
    g.write(1000, b"12345");
    g.iovecs(100, &[(1000, 5)]);
    assert_eq!(g.errno("fd_write", &[1, 100, 1, 200]), Errno::Nospc);
}

#[test]
fn reads_from_stdin_fill_the_first_buffer_only() {
    let (mut g, _, _) = with_stdio(b"abcdefgh");
    g.iovecs(100, &[(1000, 0), (1000, 3), (2000, 10)]);
    g.ok("fd_read", &[0, 100, 3, 200]);
    assert_eq!(g.u32(200), 3);
    assert_eq!(g.bytes(1000, 3), b"abc");
    g.iovecs(100, &[(1000, 100)]);
    g.ok("fd_read", &[0, 100, 1, 200]);
    assert_eq!(g.u32(200), 5);
    assert_eq!(g.bytes(1000, 5), b"defgh");
    g.ok("fd_read", &[0, 100, 1, 200]);
    assert_eq!(g.u32(200), 0, "end of input");
    assert_eq!(g.errno("fd_read", &[1, 100, 1, 200]), Errno::Badf);
    assert_eq!(g.errno("fd_pread", &[0, 100, 1, 0, 200]), Errno::Spipe);
    assert_eq!(g.errno("fd_pread", &[1, 100, 1, 0, 200]), Errno::Badf);
}

#[test]
fn stdio_attributes_and_seeking() {
    let (mut g, _, _) = with_stdio(b"");
    for (fd, right) in [
        (0, rights::FD_READ),
        (1, rights::FD_WRITE),
        (2, rights::FD_WRITE),
    ] {
        g.write(96, &[0xff; 24]);
        g.ok("fd_fdstat_get", &[fd, 96]);
        assert_eq!(g.u8(96), filetype::UNKNOWN, "in memory: no terminal");
        assert_eq!(g.u8(97), 0, "padding");
        assert_eq!(g.u16(98), 0, "flags");
        assert_eq!(g.u32(100), 0, "padding");
        assert_eq!(g.u64(104), right);
        assert_eq!(g.u64(112), right);
        g.write(200, &[0xff; 64]);
        g.ok("fd_filestat_get", &[fd, 200]);
        assert_eq!(
            g.bytes(200, 64),
            vec![0; 64],
            "a stream's filestat is zeros"
        );
        assert_eq!(g.errno("fd_seek", &[fd, 0, 0, 304]), Errno::Spipe);
        assert_eq!(g.errno("fd_tell", &[fd, 304]), Errno::Spipe);
        assert_eq!(g.errno("fd_sync", &[fd]), Errno::Badf);
        assert_eq!(g.errno("fd_fdstat_set_flags", &[fd, 0]), Errno::Badf);
        assert_eq!(g.errno("fd_prestat_get", &[fd, 300]), Errno::Badf);
        assert_eq!(
            g.errno("fd_prestat_dir_name", &[fd, 300, 10]),
            Errno::Notdir
        );
        assert_eq!(g.errno("fd_readdir", &[fd, 300, 100, 0, 400]), Errno::Badf);
    }
    assert_eq!(g.errno("fd_fdstat_get", &[3, 96]), Errno::Badf);
    assert_eq!(g.errno("fd_seek", &[1, 0, 3, 304]), Errno::Inval, "whence");
    assert_eq!(g.errno("fd_prestat_get", &[3, 300]), Errno::Badf);
    assert_eq!(g.errno("fd_prestat_dir_name", &[3, 300, 10]), Errno::Badf);
}

#[test]
fn closing_and_renumbering() {
    let (mut g, out, err) = with_stdio(b"");
    g.write(1000, b"x");
    g.iovecs(100, &[(1000, 1)]);
    assert_eq!(
        g.errno("fd_renumber", &[1, 7]),
        Errno::Badf,
        "7 is not open"
    );
    assert_eq!(g.errno("fd_renumber", &[7, 1]), Errno::Badf);
    g.ok("fd_renumber", &[2, 2]);
    g.ok("fd_renumber", &[1, 2]);
    assert_eq!(g.errno("fd_write", &[1, 100, 1, 200]), Errno::Badf);
    g.ok("fd_write", &[2, 100, 1, 200]);
    assert_eq!((out.text(), err.text()), ("x".into(), String::new()));
    g.ok("fd_close", &[2]);
    assert_eq!(g.errno("fd_close", &[2]), Errno::Badf);
    assert_eq!(g.errno("fd_write", &[2, 100, 1, 200]), Errno::Badf);
}

#[test]
fn dropping_rights() {
    let (mut g, _, _) = with_stdio(b"");
    g.write(1000, b"x");
    g.iovecs(100, &[(1000, 1)]);
    // Rights can be dropped, never added.
    assert_eq!(
        g.errno(
            "fd_fdstat_set_rights",
            &[1, (rights::FD_WRITE | rights::FD_READ) as i64, 0]
        ),
        Errno::Notcapable
    );
    g.ok("fd_fdstat_set_rights", &[1, 0, 0]);
    g.ok("fd_fdstat_get", &[1, 296]);
    assert_eq!((g.u64(304), g.u64(312)), (0, 0));
    assert_eq!(
        g.errno("fd_fdstat_set_rights", &[1, rights::FD_WRITE as i64, 0]),
        Errno::Notcapable
    );
    assert_eq!(g.errno("fd_fdstat_set_rights", &[9, 0, 0]), Errno::Badf);
}

/// Found by `tests/wasi` case `edges_rights`: stdout, stderr and stdin went on being
/// written and read after their FD_WRITE / FD_READ was dropped.
#[test]
fn standard_streams_without_their_rights_are_refused() {
    let (mut g, out, err) = with_stdio(b"input");
    g.write(1000, b"x");
    g.iovecs(100, &[(1000, 1)]);
    for fd in [1, 2] {
        g.ok("fd_write", &[fd, 100, 1, 200]);
        g.ok("fd_fdstat_set_rights", &[fd, 0, 0]);
        assert_eq!(g.errno("fd_write", &[fd, 100, 1, 200]), Errno::Badf);
    }
    assert_eq!((out.text(), err.text()), ("x".into(), "x".into()));
    g.ok("fd_fdstat_set_rights", &[0, 0, 0]);
    assert_eq!(g.errno("fd_read", &[0, 100, 1, 200]), Errno::Badf);
}

#[test]
fn hostile_iovecs_trap_or_are_bounded() {
    let (mut g, out, _) = with_stdio(b"some input");
    // An iovec array that cannot lie in memory: a trap, not an allocation.
    for count in [0xffff_ffffu32, 0x2000_0000, 8193] {
        let msg = g.trap("fd_write", &[1, 0, i64::from(count), 200]);
        assert!(msg.contains("out of bounds"), "{msg}");
        g.trap("fd_read", &[0, 0, i64::from(count), 200]);
    }
    // A buffer outside memory.
    g.iovecs(100, &[(65000, 1000)]);
    g.trap("fd_write", &[1, 100, 1, 200]);
    g.trap("fd_read", &[0, 100, 1, 200]);
    g.iovecs(100, &[(0, u32::MAX)]);
    g.trap("fd_write", &[1, 100, 1, 200]);
    // Misaligned arrays and result pointers.
    g.trap("fd_write", &[1, 102, 1, 200]);
    g.trap("fd_write", &[1, 100, 0, 201]);
    g.trap("fd_write", &[1, 100, 0, 65534]);
    // 4096 one-byte iovecs: at most 1024 are written at once (a short write).
    for i in 0..4096u32 {
        g.write_u32(8 * i, 40000 + i % 16);
        g.write_u32(8 * i + 4, 1);
    }
    g.ok("fd_write", &[1, 0, 4096, 32768]);
    assert_eq!(g.u32(32768), 1024);
    assert_eq!(out.contents().len(), 1024);
    assert!(out.text().is_empty() || out.contents().iter().all(|&b| b == 0));
    // Nothing was done by the calls that trapped.
    assert_eq!(out.contents().len(), 1024);
}

#[test]
fn without_a_memory_every_pointer_traps() {
    let wat = common::wrapper_wat(false);
    let mut g = Guest::with_module(WasiCtxBuilder::new().build().unwrap(), &wat);
    g.trap("args_sizes_get", &[0, 4]);
    g.trap("fd_write", &[1, 0, 1, 8]);
    // Calls without pointers still work.
    g.ok("sched_yield", &[]);
    assert_eq!(g.errno("fd_close", &[9]), Errno::Badf);
}

#[test]
fn poll_without_files() {
    let (mut g, _, _) = with_stdio(b"ready");
    let sub = |g: &mut Guest, at: u32, userdata: u64, tag: u8, a: u32, timeout: u64, flags: u16| {
        g.write(at, &[0; 48]);
        g.write_u64(at, userdata);
        g.write(at + 8, &[tag]);
        g.write_u32(at + 16, a);
        g.write_u64(at + 24, timeout);
        g.write(at + 40, &flags.to_le_bytes());
    };
    // A relative clock: it fires after its time.
    sub(&mut g, 1000, 0x1122, 0, clockid::MONOTONIC, 20_000_000, 0);
    let t = std::time::Instant::now();
    g.ok("poll_oneoff", &[1000, 2000, 1, 3000]);
    assert!(t.elapsed() >= std::time::Duration::from_millis(20));
    assert_eq!(g.u32(3000), 1);
    assert_eq!(g.u64(2000), 0x1122);
    assert_eq!(g.u16(2008), 0, "error");
    assert_eq!(g.u8(2010), 0, "type clock");
    // An absolute realtime clock in the past fires at once; stdout is writable, stdin
    // (in memory) readable.
    sub(&mut g, 1000, 1, 0, clockid::REALTIME, 1, 1);
    sub(&mut g, 1048, 2, 2, 1, 0, 0);
    sub(&mut g, 1096, 3, 1, 0, 0, 0);
    sub(&mut g, 1144, 4, 0, clockid::MONOTONIC, 3_600_000_000_000, 0);
    g.ok("poll_oneoff", &[1000, 2000, 4, 3000]);
    assert_eq!(g.u32(3000), 3);
    let events: Vec<(u64, u8)> = (0..3)
        .map(|i| (g.u64(2000 + 32 * i), g.u8(2010 + 32 * i)))
        .collect();
    assert_eq!(events, [(1, 0), (2, 2), (3, 1)]);
    // Errors.
    assert_eq!(g.errno("poll_oneoff", &[1000, 2000, 0, 3000]), Errno::Inval);
    sub(&mut g, 1000, 1, 1, 9, 0, 0);
    assert_eq!(g.errno("poll_oneoff", &[1000, 2000, 1, 3000]), Errno::Badf);
    sub(&mut g, 1000, 1, 1, 1, 0, 0);
    assert_eq!(
        g.errno("poll_oneoff", &[1000, 2000, 1, 3000]),
        Errno::Badf,
        "stdout is not readable"
    );
    sub(&mut g, 1000, 1, 0, clockid::PROCESS_CPUTIME_ID, 0, 0);
    assert_eq!(g.errno("poll_oneoff", &[1000, 2000, 1, 3000]), Errno::Inval);
    sub(&mut g, 1000, 1, 0, clockid::MONOTONIC, 0, 2);
    assert_eq!(
        g.errno("poll_oneoff", &[1000, 2000, 1, 3000]),
        Errno::Inval,
        "flags"
    );
    sub(&mut g, 1000, 1, 3, 0, 0, 0);
    assert_eq!(
        g.errno("poll_oneoff", &[1000, 2000, 1, 3000]),
        Errno::Inval,
        "tag"
    );
    // Arrays that cannot lie in memory trap.
    g.trap("poll_oneoff", &[1000, 2000, 0x1000_0000, 3000]);
    g.trap("poll_oneoff", &[1004, 2000, 1, 3000]);
}

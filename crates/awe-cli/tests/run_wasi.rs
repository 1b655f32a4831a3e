//! `awe run` on hand-written WASI programs (text format): arguments, environment,
//! standard streams, exit codes, `--dir` and `--env`, and how the command line is split
//! between awe and the program.

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// Writes every string of a list (`args` or `environ`) on its own line.
fn lister(what: &str) -> String {
    format!(
        r#"(module
  (import "wasi_snapshot_preview1" "{what}_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "{what}_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $n))
  (func (export "_start") (local $i i32) (local $p i32)
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (drop (call $get (i32.const 1024) (i32.const 8192)))
    (i32.store8 (i32.const 16) (i32.const 10))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 0))))
      (local.set $p (i32.load (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 4)))))
      (i32.store (i32.const 32) (local.get $p))
      (i32.store (i32.const 36) (call $strlen (local.get $p)))
      (i32.store (i32.const 40) (i32.const 16))
      (i32.store (i32.const 44) (i32.const 1))
      (drop (call $write (i32.const 1) (i32.const 32) (i32.const 2) (i32.const 48)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))))"#
    )
}

/// Copies standard input to standard output, then exits with code 7.
const CAT: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1024))
    (block $done (loop $l
      (i32.store (i32.const 4) (i32.const 4096))
      (br_if $done (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br_if $done (i32.eqz (i32.load (i32.const 8))))
      (i32.store (i32.const 4) (i32.load (i32.const 8)))
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
      (br $l)))
    (call $exit (i32.const 7))))"#;

/// Opens `f.txt` in the first preopen (3) for writing (creating it), writes `hi`;
/// exits with the errno of `path_open`, or 0.
const WRITER: &str = r#"(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "f.txt")
  (data (i32.const 16) "hi")
  (func (export "_start") (local $e i32)
    (local.set $e (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 5)
      (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 8)))
    (if (local.get $e) (then (call $exit (local.get $e))))
    (i32.store (i32.const 32) (i32.const 16))
    (i32.store (i32.const 36) (i32.const 2))
    (drop (call $write (i32.load (i32.const 8)) (i32.const 32) (i32.const 1) (i32.const 40)))))"#;

/// Polls standard input and a 200 ms clock; exits with the first event's userdata (10
/// for the clock, 20 for standard input) plus the number of events.
const POLL: &str = r#"(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; sub 0: clock monotonic relative 200ms, userdata 10
    (i64.store (i32.const 0) (i64.const 10))
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 200000000))
    ;; sub 1: fd_read stdin, userdata 20
    (i64.store (i32.const 48) (i64.const 20))
    (i32.store8 (i32.const 56) (i32.const 1))
    (i32.store (i32.const 64) (i32.const 0))
    (drop (call $poll (i32.const 0) (i32.const 1024) (i32.const 2) (i32.const 2000)))
    ;; exit with userdata of first event + number of events
    (call $exit (i32.add (i32.wrap_i64 (i64.load (i32.const 1024))) (i32.load (i32.const 2000))))))"#;

fn program(name: &str, wat: &str) -> String {
    scratch(name, wat.as_bytes()).to_str().unwrap().to_owned()
}

#[test]
fn arguments_reach_the_program_after_the_file() {
    let p = program("args.wat", &lister("args"));
    let out = awe_ok(&["run", &p, "one", "--help", "-x", "--fuel", "2"]);
    assert_eq!(out, format!("{p}\none\n--help\n-x\n--fuel\n2\n"));
    // Right after FILE, --invoke and --fuel are awe's; `--` ends them.
    let out = awe_ok(&["run", &p, "--fuel", "1000000", "a"]);
    assert_eq!(out, format!("{p}\na\n"));
    let out = awe_ok(&["run", &p, "--", "--fuel", "1"]);
    assert_eq!(out, format!("{p}\n--fuel\n1\n"));
    let out = awe_ok(&["run", "--fuel", "1000000", &p]);
    assert_eq!(out, format!("{p}\n"));
}

#[test]
fn argv0_and_the_inherited_environment() {
    let p = program("args0.wat", &lister("args"));
    assert_eq!(awe_ok(&["run", "--argv0", "prog", &p, "x"]), "prog\nx\n");
    let p = program("env_all.wat", &lister("environ"));
    let out = Command::new(env!("CARGO_BIN_EXE_awe"))
        .args(["--inherit-env", &p])
        .env_clear()
        .env("AWE_ONE", "1")
        .env("AWE_TWO", "2")
        .output()
        .unwrap();
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    assert_eq!(lines, ["AWE_ONE=1", "AWE_TWO=2"]);
}

#[test]
fn the_environment_is_only_what_is_given() {
    let p = program("env.wat", &lister("environ"));
    assert_eq!(awe_ok(&["run", &p]), "");
    let out = Command::new(env!("CARGO_BIN_EXE_awe"))
        .args([
            "run",
            "--env",
            "A=1",
            "--env",
            "B=x=y",
            "--env",
            "AWE_PASSED",
            &p,
        ])
        .env("AWE_PASSED", "yes")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "A=1\nB=x=y\nAWE_PASSED=yes\n"
    );
    let (_, err) = awe_failure(&["run", "--env", "AWE_SURELY_UNSET_VARIABLE", &p]);
    assert!(err.contains("AWE_SURELY_UNSET_VARIABLE"), "{err}");
    let (_, err) = awe_failure(&["run", "--env", "=v", &p]);
    assert!(err.contains("environment variable"), "{err}");
}

#[test]
fn stdin_to_stdout_and_the_exit_code() {
    let p = program("cat.wat", CAT);
    let mut child = Command::new(env!("CARGO_BIN_EXE_awe"))
        .args(["run", &p])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let mut stdin = child.stdin.take().unwrap();
    let feed = input.clone();
    let writer = std::thread::spawn(move || stdin.write_all(&feed));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(out.stdout, input);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn directories_only_when_given() {
    let p = program("writer.wat", WRITER);
    // No preopen: descriptor 3 is not open (BADF = 8).
    assert_eq!(awe(&["run", &p]).status.code(), Some(8));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    awe_ok(&["run", "--dir", d, &p]);
    assert_eq!(std::fs::read(dir.path().join("f.txt")).unwrap(), b"hi");
    std::fs::remove_file(dir.path().join("f.txt")).unwrap();
    awe_ok(&["run", "--dir", &format!("{d}::/data"), &p]);
    assert!(dir.path().join("f.txt").exists());
    std::fs::remove_file(dir.path().join("f.txt")).unwrap();
    // Read-only: PERM (63).
    assert_eq!(
        awe(&["run", "--dir", &format!("{d}::/data:ro"), &p])
            .status
            .code(),
        Some(63)
    );
    assert_eq!(
        awe(&["run", "--dir", &format!("{d}:ro"), &p]).status.code(),
        Some(63)
    );
    assert!(!dir.path().join("f.txt").exists());
    let (_, err) = awe_failure(&["run", "--dir", "/surely/not/here", &p]);
    assert!(err.contains("/surely/not/here"), "{err}");
    let (_, err) = awe_failure(&["run", "--dir", "::x", &p]);
    assert!(err.contains("--dir ::x"), "{err}");
}

#[test]
fn traps_and_missing_entry_points_are_errors() {
    let trap = program(
        "wasi-trap.wat",
        r#"(module (memory (export "memory") 1)
             (func $f (unreachable)) (func (export "_start") (call $f)))"#,
    );
    let (_, err) = awe_failure(&["run", &trap]);
    assert!(err.starts_with("error: unreachable"), "{err}");
    assert!(err.contains("\n    at f (function 0)"), "{err}");
    // A WASI call with a bad pointer traps too.
    let bad = program(
        "wasi-badptr.wat",
        r#"(module
             (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
             (memory (export "memory") 1)
             (func (export "_start") (drop (call $w (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 0)))))"#,
    );
    let (_, err) = awe_failure(&["run", &bad]);
    assert!(err.contains("out of bounds"), "{err}");
    // An exit status WASI does not allow.
    let exit = program(
        "wasi-exit200.wat",
        r#"(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
             (func (export "_start") (call $e (i32.const 200))))"#,
    );
    let (_, err) = awe_failure(&["run", &exit]);
    assert!(err.contains("invalid exit status 200"), "{err}");
    let (_, err) = awe_failure(&["run", "examples/sum.wat"]);
    assert!(err.contains("no exported function \"_start\""), "{err}");
}

#[test]
fn invoke_works_on_wasi_modules() {
    let p = program(
        "reactor.wat",
        r#"(module
             (import "wasi_snapshot_preview1" "args_sizes_get" (func $s (param i32 i32) (result i32)))
             (memory (export "memory") 1)
             (global $init (mut i32) (i32.const 0))
             (func (export "_initialize") (global.set $init (i32.const 40)))
             (func (export "argc") (param i32) (result i32)
               (drop (call $s (i32.const 0) (i32.const 4)))
               (i32.add (i32.add (global.get $init) (local.get 0)) (i32.load (i32.const 0)))))"#,
    );
    // _initialize ran, and argv is just the file (the rest are the function's).
    assert_eq!(awe_ok(&["run", &p, "--invoke", "argc", "1"]), "42\n");
    assert_eq!(awe_ok(&["run", "--invoke", "argc", &p, "-1"]), "40\n");
}

#[test]
fn poll_waits_for_stdin_or_the_clock() {
    let p = program("poll.wat", POLL);
    let run = |input: Option<&[u8]>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_awe"))
            .args(["run", &p])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        if let Some(data) = input {
            stdin.write_all(data).unwrap();
        }
        // Without input, standard input stays open (and empty) until awe exits.
        let status = child.wait().unwrap();
        drop(stdin);
        status.code()
    };
    assert_eq!(run(None), Some(11), "the clock fires");
    assert_eq!(run(Some(b"x")), Some(21), "standard input is ready");
}

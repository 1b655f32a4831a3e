//! `awe run FILE --invoke NAME ARGS...`.

mod common;

use common::*;

#[test]
fn runs_the_readme_example() {
    assert_eq!(
        awe_ok(&["run", "examples/sum.wat", "--invoke", "sum", "1", "2"]),
        "3\n"
    );
    assert_eq!(
        awe_ok(&["run", "examples/sum.wat", "--invoke", "sum", "-5", "0x10"]),
        "11\n"
    );
}

#[test]
fn prints_every_result_in_a_form_that_reads_back() {
    let src = scratch(
        "results.wat",
        br#"(module (func (export "f") (param f64) (result i32 i64 f32 f64 f64)
              (i32.const -1) (i64.const 9007199254740993) (f32.const 0.1)
              (local.get 0) (f64.const nan:0x1234)))"#,
    );
    let out = awe_ok(&["run", src.to_str().unwrap(), "--invoke", "f", "-inf"]);
    assert_eq!(out, "-1\n9007199254740993\n0.1\n-inf\nnan:0x1234\n");
}

#[test]
fn a_trap_is_an_error_with_a_backtrace() {
    let src = scratch(
        "trap.wat",
        br#"(module
              (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
              (func $outer (export "outer") (param i32) (result i32) (call $inner (local.get 0))))"#,
    );
    let wasm = scratch("trap.wasm", b"");
    awe_ok(&["build", src.to_str().unwrap(), "-o", wasm.to_str().unwrap()]);
    let (out, err) = awe_failure(&["run", wasm.to_str().unwrap(), "--invoke", "outer", "0"]);
    assert_eq!(out, "");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "error: integer divide by zero");
    assert!(
        lines[1].starts_with("    at inner (function 0), offset 0x"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("    at outer (function 1), offset 0x"),
        "{err}"
    );
}

#[test]
fn fuel_stops_an_infinite_loop() {
    let src = scratch(
        "spin.wat",
        br#"(module (func (export "spin") (loop (br 0))))"#,
    );
    let (_, err) = awe_failure(&[
        "run",
        src.to_str().unwrap(),
        "--invoke",
        "spin",
        "--fuel",
        "10000",
    ]);
    assert!(err.starts_with("error: all fuel consumed"), "{err}");
}

#[test]
fn bad_invocations_are_errors() {
    let (_, err) = awe_failure(&["run", "examples/sum.wat", "--invoke", "nope"]);
    assert!(err.contains("no exported function \"nope\""), "{err}");
    let (_, err) = awe_failure(&["run", "examples/sum.wat", "--invoke", "sum", "1"]);
    assert!(err.contains("takes 2 argument(s)"), "{err}");
    let (_, err) = awe_failure(&["run", "examples/sum.wat", "--invoke", "sum", "1", "x"]);
    assert!(err.contains("\"x\" is not a valid i32 argument"), "{err}");
    let (_, err) = awe_failure(&[
        "run",
        "examples/sum.wat",
        "--invoke",
        "sum",
        "1",
        "4294967296",
    ]);
    assert!(err.contains("not a valid i32"), "{err}");
}

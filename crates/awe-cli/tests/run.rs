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

#[test]
fn a_file_first_means_run() {
    assert_eq!(
        awe_ok(&["examples/sum.wat", "--invoke", "sum", "1", "2"]),
        "3\n"
    );
    assert_eq!(
        awe_ok(&["--invoke", "sum", "examples/sum.wat", "4", "5"]),
        "9\n"
    );
}

#[test]
fn unknown_options_are_errors_that_name_them() {
    let o = awe(&["run", "-X", "examples/sum.wat"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("'-X'"), "{}", stderr(&o));
    let (_, err) = awe_failure(&["-W", "bogus=1", "examples/sum.wat"]);
    assert_eq!(
        err,
        "error: -W bogus: unknown (max-memory-size, timeout, unknown-imports-trap)\n"
    );
    let (_, err) = awe_failure(&["-W", "timeout=soon", "examples/sum.wat"]);
    assert_eq!(
        err,
        "error: -W timeout=soon: not a duration (10s, 500ms, 2m)\n"
    );
}

#[test]
fn a_timeout_interrupts_the_call() {
    let src = scratch(
        "forever.wat",
        br#"(module (func (export "spin") (loop (br 0))))"#,
    );
    let (out, err) = awe_failure(&[
        "-W",
        "timeout=200ms",
        src.to_str().unwrap(),
        "--invoke",
        "spin",
    ]);
    assert_eq!(out, "");
    assert!(err.starts_with("error: interrupted\n"), "{err}");
}

#[test]
fn max_memory_size_bounds_growth() {
    let src = scratch(
        "grow.wat",
        br#"(module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    let f = src.to_str().unwrap();
    assert_eq!(awe_ok(&[f, "--invoke", "grow", "3"]), "1\n");
    assert_eq!(
        awe_ok(&["-W", "max-memory-size=128K", f, "--invoke", "grow", "1"]),
        "1\n"
    );
    assert_eq!(
        awe_ok(&["-W", "max-memory-size=128K", f, "--invoke", "grow", "2"]),
        "-1\n"
    );
}

#[test]
fn unknown_imports_can_trap_instead_of_failing_to_link() {
    let src = scratch(
        "unknown.wat",
        br#"(module (import "x" "y" (func $y)) (func (export "run") (call $y))
                    (func (export "ok") (result i32) (i32.const 1)))"#,
    );
    let f = src.to_str().unwrap();
    let (_, err) = awe_failure(&[f, "--invoke", "ok"]);
    assert_eq!(err, "error: unknown import: \"x\" \"y\"\n");
    assert_eq!(
        awe_ok(&["-W", "unknown-imports-trap", f, "--invoke", "ok"]),
        "1\n"
    );
    let (_, err) = awe_failure(&["-W", "unknown-imports-trap", f, "--invoke", "run"]);
    assert!(
        err.starts_with("error: unknown import \"x\" \"y\" was called\n"),
        "{err}"
    );
}

#[test]
fn preload_links_another_modules_exports() {
    let lib = scratch(
        "lib.wat",
        br#"(module (func (export "add1") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"#,
    );
    let main = scratch(
        "main.wat",
        br#"(module (import "lib" "add1" (func $a (param i32) (result i32)))
              (func (export "g") (param i32) (result i32) (call $a (call $a (local.get 0)))))"#,
    );
    let preload = format!("lib={}", lib.to_str().unwrap());
    assert_eq!(
        awe_ok(&[
            "--preload",
            &preload,
            main.to_str().unwrap(),
            "--invoke",
            "g",
            "5"
        ]),
        "7\n"
    );
    let (_, err) = awe_failure(&["--preload", "lib", main.to_str().unwrap()]);
    assert_eq!(err, "error: --preload lib: expected NAME=FILE\n");
}

#[test]
fn backtraces_show_rust_names_demangled() {
    let src = scratch(
        "rust.wat",
        br#"(module (func $_ZN4core9panicking5panic17h0123456789abcdefE (export "f") unreachable))"#,
    );
    let (_, err) = awe_failure(&[src.to_str().unwrap(), "--invoke", "f"]);
    assert_eq!(
        err,
        "error: unreachable\n    at core::panicking::panic (function 0)\n"
    );
}

#[test]
fn a_precompiled_module_runs_only_when_allowed() {
    let src = scratch(
        "precompiled.wat",
        br#"(module (func (export "add") (param i32 i32) (result i32)
              (i32.add (local.get 0) (local.get 1))))"#,
    );
    let src = src.to_str().unwrap();
    awe_ok(&["compile", src]);
    let cwasm = src.replace(".wat", ".cwasm");
    let add = ["--invoke", "add", "1", "2"];
    let run = |file: &str, fuel: &[&str]| -> Vec<String> {
        let mut args = vec!["run", "--allow-precompiled", file];
        args.extend_from_slice(fuel);
        args.extend_from_slice(&add);
        args.into_iter().map(str::to_owned).collect()
    };
    let (_, err) = awe_failure(&["run", &cwasm, "--invoke", "add", "1", "2"]);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("--allow-precompiled"), "{err}");
    assert_eq!(awe_ok(&strs(&run(&cwasm, &[]))), "3\n");
    // Code made without fuel does not run where fuel is counted, and the other way.
    let (_, err) = awe_failure(&strs(&run(&cwasm, &["--fuel", "100"])));
    assert!(err.contains("precompiled without fuel"), "{err}");
    let fuel = src.replace(".wat", ".fuel.cwasm");
    awe_ok(&["compile", "--fuel", src, "-o", &fuel]);
    assert_eq!(awe_ok(&strs(&run(&fuel, &["--fuel", "100"]))), "3\n");
    // A damaged file is an error with an offset.
    let bytes = std::fs::read(&cwasm).unwrap();
    let cut = scratch("cut.cwasm", &bytes[..bytes.len() - 3]);
    let (_, err) = awe_failure(&["run", "--allow-precompiled", cut.to_str().unwrap()]);
    assert!(err.contains("offset"), "{err}");
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn max_memory_size_lets_a_memory64_pass_4_gib() {
    let src = scratch(
        "grow64.wat",
        br#"(module (memory i64 1)
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "grow_and_poke") (param i64) (result i64)
    (drop (memory.grow (i64.const 98303)))
    (i64.store (local.get 0) (i64.const 42))
    (i64.load (local.get 0))))"#,
    );
    let f = src.to_str().unwrap();
    // 6 GiB: past the default limits, within an explicit one.
    assert_eq!(awe_ok(&[f, "--invoke", "grow", "98303"]), "-1\n");
    let big = ["-W", "max-memory-size=7G", f];
    assert_eq!(
        awe_ok(&[&big[..], &["--invoke", "grow", "98303"]].concat()),
        "1\n"
    );
    let poke = |at: &'static str| [&big[..], &["--invoke", "grow_and_poke", at]].concat();
    assert_eq!(awe_ok(&poke("6442450936")), "42\n");
    let (_, err) = awe_failure(&poke("6442450937"));
    assert!(err.contains("out of bounds memory access"), "{err}");
}

/// A `v128` argument is one argument with a shape and its lanes; a `v128` result prints as
/// a `v128.const`; a wrong lane count or shape is a clear error.
#[test]
fn invoke_takes_and_prints_v128_values() {
    let src = scratch(
        "v128.wat",
        b"(module (func (export \"f\") (param v128 f64) (result f64 v128)
             (local.get 1) (i32x4.add (local.get 0) (v128.const i32x4 1 1 1 1))))",
    );
    let path = src.to_str().unwrap();
    let out = awe_ok(&["run", path, "--invoke", "f", "i32x4 1 2 3 -1", "2.5"]);
    assert_eq!(
        out,
        "2.5\nv128.const i32x4 0x00000002 0x00000003 0x00000004 0x00000000\n"
    );
    let out = awe_ok(&["run", path, "--invoke", "f", "f32x4 1.5 -0 nan inf", "0"]);
    assert_eq!(
        out,
        "0\nv128.const i32x4 0x3fc00001 0x80000001 0x7fc00001 0x7f800001\n"
    );
    let out = awe_ok(&[
        "run",
        path,
        "--invoke",
        "f",
        "i8x16 0xff 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1",
        "1",
    ]);
    assert_eq!(
        out,
        "1\nv128.const i32x4 0x03020200 0x07060505 0x0b0a0909 0xff0e0d0d\n"
    );
    for bad in ["i32x4 1 2 3", "i32x3 1 2 3", "f64x2 1 x", ""] {
        let (_, err) = awe_failure(&["run", path, "--invoke", "f", bad, "1"]);
        assert!(err.contains("is not a valid v128 argument"), "{bad}: {err}");
    }
}

#[test]
fn gc_objects_print_with_their_contents() {
    let src = scratch(
        "gc.wat",
        br#"(module
              (type $pt (struct (field i32) (field f64) (field (ref null $pt))))
              (type $bytes (array i8))
              (func (export "pt") (result (ref $pt) i31ref anyref)
                (struct.new $pt (i32.const -1) (f64.const 2.5)
                  (struct.new $pt (i32.const 2) (f64.const 0) (ref.null $pt)))
                (ref.i31 (i32.const 7))
                (ref.null any))
              (func (export "bytes") (param i32) (result (ref $bytes))
                (array.new $bytes (i32.const 300) (local.get 0)))
              (func (export "deep") (result (ref $pt))
                (local $p (ref null $pt))
                (local $i i32)
                (loop $l
                  (local.set $p (struct.new $pt (local.get $i) (f64.const 0) (local.get $p)))
                  (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                    (i32.const 10))))
                (ref.as_non_null (local.get $p))))"#,
    );
    let f = src.to_str().unwrap();
    assert_eq!(
        awe_ok(&["run", f, "--invoke", "pt"]),
        "(struct -1 2.5 (struct 2 0 null))\ni31 7\nnull\n"
    );
    assert_eq!(
        awe_ok(&["run", f, "--invoke", "bytes", "3"]),
        "(array 44 44 44)\n"
    );
    let many = awe_ok(&["run", f, "--invoke", "bytes", "1000"]);
    assert!(many.starts_with("(array 44 44 "), "{many}");
    assert!(many.ends_with(" ... 1000 elements)\n"), "{many}");
    assert_eq!(
        awe_ok(&["run", f, "--invoke", "deep"]),
        "(struct 9 0 (struct 8 0 (struct 7 0 (struct 6 0 (struct ...)))))\n"
    );
}

/// `--strategy` runs the same program in each tier with the same trap and backtrace
/// (offsets included), and `--tier-report` says where the functions ran.
#[test]
fn every_strategy_traps_alike_and_reports_its_tiers() {
    let src = scratch(
        "tiers.wat",
        br#"(module
              (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
              (func $vec (param i32) (result i32) (local v128) (call $inner (local.get 0)))
              (func $outer (export "outer") (param i32) (result i32) (call $vec (local.get 0))))"#,
    );
    let wasm = scratch("tiers.wasm", b"");
    awe_ok(&["build", src.to_str().unwrap(), "-o", wasm.to_str().unwrap()]);
    let run = |strategy: &str, arg: &str| {
        awe(&[
            "run",
            "--strategy",
            strategy,
            "--tier-report",
            wasm.to_str().unwrap(),
            "--invoke",
            "outer",
            arg,
        ])
    };
    let interp = stderr(&run("interp", "0"));
    assert!(
        interp.contains("error: integer divide by zero\n"),
        "{interp}"
    );
    assert!(
        interp.contains("awe: tiers: 3 functions, 0 compiled, 3 interpreted"),
        "{interp}"
    );
    let jit = stderr(&run("jit", "0"));
    let trace = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("error") || l.starts_with("    at"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(trace(&jit), trace(&interp));
    assert!(
        jit.contains("awe: tiers: 3 functions, 2 compiled, 1 interpreted (1 that"),
        "{jit}"
    );
    assert!(
        jit.contains("awe:   1 not compiled: unsupported: "),
        "{jit}"
    );
    assert_eq!(stdout(&run("tiered", "1")), "1\n");
    let bad = awe(&["run", "--strategy", "fast", wasm.to_str().unwrap()]);
    assert!(!bad.status.success());
}

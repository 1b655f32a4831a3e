//! The text format on the command line: `awe build`, `awe print`, and `.wat` accepted
//! wherever a module is.

mod common;

use common::*;
use std::fs;

#[test]
fn build_then_print_round_trips() {
    let wasm = scratch("sum.wasm", b"");
    awe_ok(&["build", "examples/sum.wat", "-o", wasm.to_str().unwrap()]);
    let bytes = fs::read(&wasm).unwrap();
    assert!(bytes.starts_with(b"\0asm\x01\0\0\0"));
    let text = awe_ok(&["print", wasm.to_str().unwrap()]);
    assert!(text.contains("(func $sum"), "{text}");
    assert!(text.contains("i32.add"), "{text}");
    // The printed text builds to the same binary.
    let printed = scratch("sum-printed.wat", text.as_bytes());
    let again = scratch("sum-again.wasm", b"");
    awe_ok(&[
        "build",
        printed.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(fs::read(&again).unwrap(), bytes);
}

#[test]
fn build_writes_next_to_the_input_by_default() {
    let src = scratch("default-out.wat", b"(module (func (export \"f\")))");
    awe_ok(&["build", src.to_str().unwrap()]);
    let out = src.with_extension("wasm");
    assert!(fs::read(&out).unwrap().starts_with(b"\0asm"));
}

#[test]
fn every_command_accepts_text() {
    let out = awe_ok(&["inspect", "examples/sum.wat"]);
    assert!(out.contains("sum"), "{out}");
    let out = awe_ok(&["inspect", "--json", "examples/sum.wat"]);
    assert!(out.contains("\"exports\""), "{out}");
    let out = awe_ok(&["inspect", "--hex", "examples/sum.wat"]);
    assert!(out.contains("i32.add"), "{out}");
    let out = awe_ok(&["print", "examples/sum.wat"]);
    assert!(out.starts_with("(module"), "{out}");
}

#[test]
fn text_errors_show_line_column_and_caret() {
    let src = scratch("bad.wat", b"(module\n  (func (i32.const 0x)))\n");
    let (_, err) = awe_failure(&["build", src.to_str().unwrap()]);
    let path = src.display().to_string();
    assert_eq!(
        err,
        format!(
            "error: {path}:2:20: unknown operator 0x\n  |\n2 |   (func (i32.const 0x)))\n  |                    ^^\n"
        )
    );
    let src = scratch("not-utf8.wat", b"(module \xff)");
    let (_, err) = awe_failure(&["print", src.to_str().unwrap()]);
    assert!(
        err.contains("malformed UTF-8 encoding at offset 8"),
        "{err}"
    );
}

#[test]
fn build_refuses_to_overwrite_its_input() {
    let src = scratch(
        "same.wasm",
        &fs::read(workspace_root().join("tests/data/rustc/sample.wasm")).unwrap(),
    );
    let (_, err) = awe_failure(&["build", src.to_str().unwrap()]);
    assert!(err.contains("would overwrite the input"), "{err}");
}

#[test]
fn validate_accepts_valid_and_explains_invalid() {
    assert_eq!(awe_ok(&["validate", "examples/sum.wat"]), "");
    assert_eq!(awe_ok(&["validate", "tests/data/rustc/sample.wasm"]), "");
    let src = scratch("invalid.wat", b"(module (func (result i32) i64.const 1))");
    let (out, err) = awe_failure(&["validate", src.to_str().unwrap()]);
    assert_eq!(out, "");
    let path = src.display().to_string();
    assert_eq!(
        err,
        format!(
            "error: {path}: invalid module: type mismatch: expected i32, found i64 in function 0, instruction 1\n"
        )
    );
    // From a binary, the error has the byte offset of the instruction.
    let wasm = scratch("invalid.wasm", b"");
    let (_, err) = awe_failure(&["build", src.to_str().unwrap(), "-o", wasm.to_str().unwrap()]);
    assert!(err.contains("invalid module: type mismatch"), "{err}");
    awe_ok(&[
        "build",
        "--no-check",
        src.to_str().unwrap(),
        "-o",
        wasm.to_str().unwrap(),
    ]);
    let (_, err) = awe_failure(&["validate", wasm.to_str().unwrap()]);
    assert!(
        err.ends_with("type mismatch: expected i32, found i64 in function 0 at offset 0x1a\n"),
        "{err}"
    );
}

#[test]
fn features_can_be_turned_off_by_name() {
    let src = scratch("memory64.wat", b"(module (memory i64 1) (memory 1))");
    let f = src.to_str().unwrap();
    assert_eq!(awe_ok(&["validate", f]), "");
    let (_, err) = awe_failure(&["validate", "--features=-memory64", f]);
    assert!(
        err.contains("64-bit memories need memory64, which is not enabled"),
        "{err}"
    );
    let (_, err) = awe_failure(&["validate", "--features", "none,memory64", f]);
    assert!(err.contains("invalid module: multiple memories"), "{err}");
    assert_eq!(
        awe_ok(&["validate", "--features", "none,memory64,multi-memory", f]),
        ""
    );
    let (_, err) = awe_failure(&["validate", "--features", "threads", f]);
    assert!(
        err.starts_with("error: --features threads: unknown feature \"threads\""),
        "{err}"
    );
    // `awe run` and `awe wast` take them too.
    let (_, err) = awe_failure(&["run", "--features=-multi-memory", f]);
    assert!(err.contains("multiple memories"), "{err}");
    let script = scratch(
        "memory64.wast",
        b"(assert_invalid (module (memory i64 1)) \"64-bit memories\")",
    );
    let s = script.to_str().unwrap();
    assert_eq!(
        awe_ok(&["wast", "--features=-memory64", s]),
        "1 passed, 0 failed\n"
    );
    let (out, _) = awe_failure(&["wast", s]);
    assert!(out.contains("1 failed"), "{out}");
    // SIMD is WebAssembly 2.0: `none` keeps it, `-simd` turns it off; relaxed SIMD is
    // of 3.0.
    let simd = scratch(
        "relaxed.wat",
        b"(module (func (param v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 0))))",
    );
    let f = simd.to_str().unwrap();
    let cases = [
        ("all", None),
        ("none,relaxed-simd", None),
        (
            "none",
            Some("relaxed vector instructions need relaxed-simd"),
        ),
        ("-simd", Some("v128 needs simd, which is not enabled")),
    ];
    for (list, refusal) in cases {
        let features = format!("--features={list}");
        let args = ["validate", features.as_str(), f];
        match refusal {
            None => assert_eq!(awe_ok(&args), "", "{list}"),
            Some(why) => {
                let (_, err) = awe_failure(&args);
                assert!(err.contains(why), "{list}: {err}");
            }
        }
    }
}

/// `(@custom ...)` annotations are custom sections, placed where they say among the
/// sections the module has; printing writes them back so, and other annotations are
/// skipped wherever they are.
#[test]
fn custom_annotations_are_custom_sections() {
    let src = scratch(
        "custom.wat",
        br#"(module (@custom "a" "xy") (@other (nested "x") y)
  (func (@inside) (nop)) (@custom "b" (before func) "q") (memory 1)
  (@custom "c" (after memory) "\01\02"))"#,
    );
    let wasm = scratch("custom.wasm", b"");
    let (s, w) = (src.to_str().unwrap(), wasm.to_str().unwrap());
    awe_ok(&["build", s, "-o", w]);
    let inspect = awe_ok(&["inspect", w]);
    let customs = inspect.split("Custom sections (3):\n").nth(1).unwrap();
    assert!(
        customs.starts_with("  \"b\"\n  \"c\"\n  \"a\"\n"),
        "{inspect}"
    );
    let printed = awe_ok(&["print", w]);
    for line in [
        r#"(@custom "b" (after type) "q")"#,
        r#"(@custom "c" (after memory) "\01\02")"#,
        r#"(@custom "a" (after code) "xy")"#,
    ] {
        assert!(printed.contains(line), "{line} missing from\n{printed}");
    }
    // The printed text builds the same binary.
    let again = scratch("custom-again.wat", printed.as_bytes());
    let wasm2 = scratch("custom-again.wasm", b"");
    awe_ok(&[
        "build",
        again.to_str().unwrap(),
        "-o",
        wasm2.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&wasm).unwrap(),
        std::fs::read(&wasm2).unwrap()
    );
    let bad = scratch(
        "custom-bad.wat",
        br#"(module (@custom "a" (after nothing) ""))"#,
    );
    let (_, err) = awe_failure(&["build", bad.to_str().unwrap()]);
    assert!(err.contains("unknown section"), "{err}");
}

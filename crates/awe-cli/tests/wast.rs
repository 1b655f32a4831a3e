//! `awe wast`: running scripts by hand.

mod common;

use common::*;

/// The last line of the output, which must be the counts alone.
fn closing_line(out: &str) -> &str {
    assert!(out.ends_with('\n'), "{out:?}");
    out.lines().last().expect("some output")
}

#[test]
fn our_regression_scripts_pass() {
    let out = awe_ok(&[
        "wast",
        "tests/misc/binary-messages.wast",
        "tests/misc/text-syntax.wast",
        "tests/misc/engine-basics.wast",
    ]);
    // No failure lines, nothing skipped: only the counts.
    assert_eq!(out.lines().count(), 1, "{out}");
    let line = closing_line(&out);
    let passed = line.strip_suffix(" passed, 0 failed").expect(line);
    assert!(passed.parse::<usize>().unwrap() >= 30, "{line}");
}

#[test]
fn failures_are_listed_with_file_line_expected_and_got() {
    let script = scratch(
        "failing.wast",
        br#"(module)
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_malformed (module quote "(func (i32.const 0x))") "unexpected token")
(assert_malformed (module binary "\00asm" "\01\00\00\00") "unexpected end")
"#,
    );
    let path = script.display().to_string();
    let (out, err) = awe_failure(&["wast", &path]);
    assert_eq!(
        out,
        format!(
            "{path}:3: assert_malformed: expected \"unexpected token\", got \"unknown operator 0x\"\n\
             {path}:4: assert_malformed: expected \"unexpected end\", got a module that decodes\n\
             2 passed, 2 failed\n"
        )
    );
    assert_eq!(err, "error: 2 directives failed\n");
}

#[test]
fn without_skips_the_closing_line_has_two_counts() {
    let script = scratch(
        "no-skips.wast",
        br#"(assert_malformed (module binary "") "unexpected end")
(assert_invalid (module (func (result i32))) "type mismatch")
"#,
    );
    let out = awe_ok(&["wast", script.to_str().unwrap()]);
    assert_eq!(out, "2 passed, 0 failed\n");
}

#[test]
fn counts_add_up_over_files_and_verbose_shows_everything() {
    let a = scratch(
        "a.wast",
        b"(module (func (export \"v\") (result v128) (v128.const i64x2 0 0)))\n\
          (assert_return (invoke \"v\") (v128.const i64x2 0 0))\n\
          (module (type (struct)))\n",
    );
    let b = scratch(
        "b.wast",
        b"(assert_malformed (module quote \"(func\") \"unexpected end\")\n",
    );
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let out = awe_ok(&["wast", &a, &b]);
    assert_eq!(out, "4 passed, 0 failed\n");
    let out = awe_ok(&["wast", "-v", &a, &b]);
    assert_eq!(
        out,
        format!(
            "{a}:1: module: passed\n\
             {a}:2: assert_return: passed\n\
             {a}:3: module: passed\n\
             {a}: passed 3, failed 0, skipped 0\n\
             {b}:1: assert_malformed: passed\n\
             {b}: passed 1, failed 0, skipped 0\n\
             4 passed, 0 failed\n"
        )
    );
}

#[test]
fn a_script_that_does_not_parse_is_a_failure() {
    let script = scratch("broken.wast", b"(module)\n(assert_nonsense)\n");
    let path = script.display().to_string();
    let (out, err) = awe_failure(&["wast", &path]);
    assert_eq!(
        out,
        format!(
            "{path}:2: script: expected a script that parses, got \"unknown directive assert_nonsense\" at 2:2\n\
             0 passed, 1 failed\n"
        )
    );
    assert_eq!(err, "error: 1 directive failed\n");
}

#[test]
fn unreadable_scripts_are_errors() {
    let (out, err) = awe_failure(&["wast", "tests/misc/no-such-script.wast"]);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: tests/misc/no-such-script.wast: cannot read: no such file\n"
    );
    let script = scratch("latin1.wast", b"(module) ;; caf\xe9\n");
    let (_, err) = awe_failure(&["wast", script.to_str().unwrap()]);
    assert!(
        err.ends_with("latin1.wast: malformed UTF-8 encoding at offset 15\n"),
        "{err}"
    );
}

#[test]
fn at_least_one_script_is_required() {
    let o = awe(&["wast"]);
    assert_eq!(o.status.code(), Some(2), "clap's usage error");
}

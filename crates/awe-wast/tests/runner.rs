//! The runner, with awe as it is today and with a toy backend plugged in through the
//! public [`Backend`] trait, as the engine will be.

use awe_module::Module;
use awe_text::wast::Value;
use awe_wast::{
    Alternative, Alternatives, Awe, Backend, ExecError, Options, Outcome, Report, Skip, Support,
    Unsupported, Val, run_script, run_script_with, run_script_with_options,
};

fn outcomes(r: &Report) -> Vec<(usize, &'static str, String)> {
    r.results
        .iter()
        .map(|d| (d.line, d.directive, d.outcome.to_string()))
        .collect()
}

const VALIDATION: &str = "skipped: validation not available yet";
const EXECUTION: &str = "skipped: execution not available yet";

#[test]
fn without_validator_or_engine_modules_load_and_the_rest_is_skipped() {
    let src = r#"
(module $m (func (export "f") (result i32) (i32.const 1)))
(module binary "\00asm" "\01\00\00\00")
(module quote "(func)")
(assert_return (invoke "f") (i32.const 1))
(assert_trap (invoke $m "f") "unreachable")
(register "m" $m)
(get "g")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_exhaustion (invoke "f") "call stack exhausted")
"#;
    let r = run_script_with(&mut Toy::nothing(), "nothing.wast", src);
    assert_eq!(
        outcomes(&r),
        vec![
            (2, "module", VALIDATION.to_owned()),
            (3, "module", VALIDATION.to_owned()),
            (4, "module", VALIDATION.to_owned()),
            (5, "assert_return", EXECUTION.to_owned()),
            (6, "assert_trap", EXECUTION.to_owned()),
            (7, "register", EXECUTION.to_owned()),
            (8, "get", EXECUTION.to_owned()),
            (9, "assert_invalid", VALIDATION.to_owned()),
            (10, "assert_unlinkable", VALIDATION.to_owned()),
            (11, "assert_trap", VALIDATION.to_owned()),
            (12, "assert_exhaustion", EXECUTION.to_owned()),
        ]
    );
    assert_eq!(r.counts().to_string(), "0 passed, 0 failed, 11 skipped");
}

/// awe: the validator and the engine are plugged in.
#[test]
fn awe_validates_and_runs() {
    let src = r#"(module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(module (func (result i32)))
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_invalid (module (func (result i32))) "unknown label")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_unlinkable (module (func (result i32))) "unknown import")
"#;
    let r = run_script("today.wast", src);
    let o: Vec<String> = r.results.iter().map(|d| d.to_string()).collect();
    assert_eq!(o[0], "1: module: passed");
    assert_eq!(o[1], "2: assert_return: passed");
    assert!(
        o[2].starts_with("3: module: expected a valid module, got invalid: \"type mismatch"),
        "{o:?}"
    );
    assert_eq!(o[3], "4: assert_invalid: passed");
    assert_eq!(
        o[4],
        "5: assert_invalid: expected \"type mismatch\", got a valid module"
    );
    assert!(
        o[5].starts_with("6: assert_invalid: expected \"unknown label\", got \"type mismatch"),
        "{o:?}"
    );
    assert_eq!(o[6], "7: assert_unlinkable: passed");
    assert!(
        o[7].starts_with("8: assert_unlinkable: expected link error \"unknown import\", got invalid: \"type mismatch"),
        "{o:?}"
    );
}

#[test]
fn modules_that_do_not_load_fail() {
    let src = r#"(module binary "\00asm" "\02\00\00\00")
(module quote "(func (i32.const 0x))")
(module (func (i32.const 0x)))
(assert_invalid (module binary "\00asm") "type mismatch")
(assert_invalid (module quote "(func") "type mismatch")
(assert_unlinkable (module quote "(oops)") "unknown import")
(assert_trap (module binary "") "unreachable")
"#;
    let r = run_script("bad.wast", src);
    let o = outcomes(&r);
    assert_eq!(
        o[0],
        (
            1,
            "module",
            "expected a module that decodes, got \"unknown binary version\" at offset 0x4"
                .to_owned()
        )
    );
    assert_eq!(
        o[1],
        (
            2,
            "module",
            "expected a module that parses, got \"unknown operator 0x\"".to_owned()
        )
    );
    assert_eq!(
        o[2],
        (
            3,
            "module",
            "expected a module that parses, got \"unknown operator 0x\" at 3:26".to_owned()
        )
    );
    assert!(
        o[3].2
            .starts_with("expected a module that decodes, got \"unexpected end"),
        "{o:?}"
    );
    for (line, directive, outcome) in &o[4..] {
        assert!(
            outcome.starts_with("expected a module that"),
            "{line} {directive}: {outcome}"
        );
    }
    assert_eq!(r.counts().to_string(), "0 passed, 7 failed");
}

#[test]
fn malformed_modules_must_be_rejected_with_the_message() {
    let src = r#"(assert_malformed (module binary "\00asm" "\01\00\00\00" "\0c") "unexpected end")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\0c") "section size mismatch")
(assert_malformed (module binary "\00asm" "\01\00\00\00") "unexpected end")
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_malformed (module quote "(func (i32.const 0x))") "unexpected token")
(assert_malformed (module quote "(func)") "unexpected token")
(assert_malformed (module quote "(func (result i32) (param i32))") "result before parameter")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\0e\00") "invalid section id")
"#;
    let r = run_script("malformed.wast", src);
    let o = outcomes(&r);
    assert_eq!(o[0].2, "passed");
    assert_eq!(
        o[1].2,
        "expected \"section size mismatch\", got \"unexpected end of section or function\""
    );
    assert_eq!(
        o[2].2,
        "expected \"unexpected end\", got a module that decodes"
    );
    assert_eq!(o[3].2, "passed");
    assert_eq!(
        o[4].2,
        "expected \"unexpected token\", got \"unknown operator 0x\""
    );
    assert_eq!(
        o[5].2,
        "expected \"unexpected token\", got a module that parses"
    );
    assert_eq!(o[6].2, "passed", "1.0 wording");
    assert_eq!(o[7].2, "passed", "1.0 wording");
    assert_eq!(r.counts().to_string(), "4 passed, 4 failed");
}

/// A 2.0-era script's expectations, which the 1.0 suite's scripts accept too.
const NEWER: &str = r#"(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\00\26\10" "a custom section" "this is the payload")
  "length out of bounds")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01\07\02" "\60\00\00") "unexpected end")
(assert_malformed (module binary "\00asm" "\01\00\00\00") "unexpected end")
"#;

/// A script that has some of `NEWER`'s modules.
const OLDER: &str = r#"(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\00\26\10" "a custom section" "this is the payload")
  "unexpected end")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\00\25\10" "a custom section" "this is the payload")
  "unexpected end")
(assert_invalid
  (module binary "\00asm" "\01\00\00\00" "\00\26\10" "a custom section" "this is the payload")
  "unexpected end")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01\07\02" "\60\00\00") "length out of bounds")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01\07\02" "\60\00\00") "invalid section id")
(assert_malformed (module binary "\00asm" "\01\00\00\00") "length out of bounds")
"#;

#[test]
fn another_scripts_expectation_for_the_same_bytes_is_accepted_too() {
    let mut newer = Alternatives::new();
    newer.add_script("wasm-v2/custom.wast", NEWER).unwrap();
    let options = Options {
        alternatives: Some(&newer),
    };
    let r = run_script_with_options(&mut Awe::default(), "wasm-v1/custom.wast", OLDER, options);
    let alternatives: Vec<_> = r.results.iter().map(|d| d.alternative.clone()).collect();
    assert_eq!(
        alternatives,
        [
            // The same bytes, under the same assertion: the newer message is met.
            Some(Alternative {
                by: "wasm-v2/custom.wast:1".to_owned(),
                message: "length out of bounds".to_owned(),
                own: "unexpected end".to_owned(),
            }),
            None,
            None,
            None,
            None,
            None,
        ]
    );
    let o: Vec<String> = r.results.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        o[0],
        "1: assert_malformed: passed (as wasm-v2/custom.wast:1 expects of the same module: \
         \"length out of bounds\"; this script expects \"unexpected end\")"
    );
    // Other bytes: only the script's own.
    assert_eq!(o[1], "4: assert_malformed: passed");
    // The same bytes under another assertion: only the script's own.
    assert!(
        o[2].starts_with("7: assert_invalid: expected a module that decodes, got"),
        "{o:?}"
    );
    // The script's own expectation still counts.
    assert_eq!(o[3], "10: assert_malformed: passed");
    // Neither met: both shown.
    assert_eq!(
        o[4],
        "11: assert_malformed: expected \"invalid section id\" (today \"malformed section \
         id\") or \"unexpected end\" (wasm-v2/custom.wast:4), got \"length out of bounds\""
    );
    // The module must still be rejected.
    assert_eq!(
        o[5],
        "12: assert_malformed: expected \"length out of bounds\" or \"unexpected end\" \
         (wasm-v2/custom.wast:5), got a module that decodes"
    );
    assert_eq!(r.counts().to_string(), "3 passed, 3 failed");
}

#[test]
fn without_alternatives_a_script_has_only_its_own() {
    let r = run_script("wasm-v1/custom.wast", OLDER);
    assert!(r.results.iter().all(|d| d.alternative.is_none()));
    let o = outcomes(&r);
    assert_eq!(
        o[0],
        (
            1,
            "assert_malformed",
            "expected \"unexpected end\", got \"length out of bounds\"".to_owned()
        )
    );
    assert_eq!(o[3], (10, "assert_malformed", "passed".to_owned()));
    assert_eq!(
        o[4],
        (
            11,
            "assert_malformed",
            "expected \"invalid section id\" (today \"malformed section id\"), got \"length \
             out of bounds\""
                .to_owned()
        )
    );
}

#[test]
fn a_script_that_does_not_parse_is_one_failure() {
    let r = run_script("broken.wast", "(module)\n\n  (assert_bogus)\n");
    assert_eq!(
        outcomes(&r),
        vec![(
            3,
            "script",
            "expected a script that parses, got \"unknown directive assert_bogus\" at 3:4"
                .to_owned()
        )]
    );
}

/// A toy validator and engine: a module exporting `invalid` is invalid ("type
/// mismatch"), imports resolve against registered names, a start function traps, and
/// a few export names do fixed things. Either half can be switched off.
struct Toy {
    validates: bool,
    executes: bool,
    registered: Vec<String>,
    modules: Vec<Module>,
}

impl Default for Toy {
    fn default() -> Toy {
        Toy {
            validates: true,
            executes: true,
            registered: Vec::new(),
            modules: Vec::new(),
        }
    }
}

impl Toy {
    fn nothing() -> Toy {
        Toy {
            validates: false,
            executes: false,
            ..Toy::default()
        }
    }
}

impl Backend for Toy {
    type Instance = usize;

    fn validate(&mut self, module: &Module) -> Support<Result<(), String>> {
        if !self.validates {
            return Err(Unsupported::Validation);
        }
        if module.exports.iter().any(|e| e.name == "invalid") {
            return Ok(Err("type mismatch at offset 0x20".to_owned()));
        }
        Ok(Ok(()))
    }

    fn instantiate(&mut self, module: &Module) -> Support<Result<usize, ExecError>> {
        if !self.executes {
            return Err(Unsupported::Execution);
        }
        if let Some(i) = module
            .imports
            .iter()
            .find(|i| !self.registered.contains(&i.module))
        {
            return Ok(Err(ExecError::Link(format!("unknown import {}", i.module))));
        }
        if module.start.is_some() {
            return Ok(Err(ExecError::Trap("unreachable executed".to_owned())));
        }
        self.modules.push(module.clone());
        Ok(Ok(self.modules.len() - 1))
    }

    fn invoke(
        &mut self,
        instance: &usize,
        name: &str,
        args: &[Value],
    ) -> Support<Result<Vec<Val>, ExecError>> {
        assert!(*instance < self.modules.len());
        Ok(match name {
            "add" => match args {
                [Value::I32(a), Value::I32(b)] => Ok(vec![Val::I32(a.wrapping_add(*b))]),
                _ => Err(ExecError::Trap("bad arguments".to_owned())),
            },
            "echo" => Ok(args.iter().map(|a| Val::from(*a)).collect()),
            "nan" => Ok(vec![Val::F32(0x7fc0_0001)]),
            "div" => Err(ExecError::Trap("integer divide by zero".to_owned())),
            "deep" => Err(ExecError::Exhaustion("call stack exhausted".to_owned())),
            "instance" => Ok(vec![Val::I32(*instance as u32)]),
            _ => Err(ExecError::Link(format!("unknown export {name}"))),
        })
    }

    fn get(&mut self, _instance: &usize, name: &str) -> Support<Result<Val, ExecError>> {
        Ok(match name {
            "g" => Ok(Val::I64(42)),
            _ => Err(ExecError::Link(format!("unknown export {name}"))),
        })
    }

    fn register(&mut self, name: &str, _instance: &usize) -> Support<()> {
        self.registered.push(name.to_owned());
        Ok(())
    }
}

#[test]
fn with_an_engine_every_directive_is_checked() {
    let src = r#"(module $a (func (export "add")))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
(assert_return (invoke "nan") (f32.const nan:arithmetic))
(assert_return (invoke "nan") (f32.const nan:canonical))
(assert_return (invoke "echo" (ref.null extern) (ref.extern 7)) (ref.null) (ref.extern))
(assert_return (invoke "echo") (i32.const 0))
(assert_return (get "g") (i64.const 42))
(assert_trap (invoke "div") "integer divide")
(assert_trap (invoke "div") "unreachable")
(assert_trap (invoke "add" (i32.const 1) (i32.const 2)) "unreachable")
(assert_exhaustion (invoke "deep") "call stack exhausted")
(assert_exhaustion (invoke "div") "call stack exhausted")
(invoke "nope")
(assert_unlinkable (module (import "b" "f" (func))) "unknown import")
(register "b" $a)
(module $c (import "b" "f" (func)))
(assert_unlinkable (module (import "b" "f" (func))) "unknown import")
(assert_trap (module (func $s) (start $s)) "unreachable")
(assert_uninstantiable (module (func $s) (start $s)) "out of bounds")
(assert_return (invoke $a "instance") (i32.const 0))
(assert_return (invoke "instance") (i32.const 1))
(assert_return (invoke $zz "instance") (i32.const 1))
"#;
    let r = run_script_with(&mut Toy::default(), "engine.wast", src);
    let got: Vec<String> = r.results.iter().map(|d| d.to_string()).collect();
    let want = [
        "1: module: passed",
        "2: assert_return: passed",
        "3: assert_return: expected (i32.const 4), got (i32.const 3)",
        "4: assert_return: passed",
        "5: assert_return: expected (f32.const nan:canonical), got (f32.const bits:0x7fc00001)",
        "6: assert_return: passed",
        "7: assert_return: expected (i32.const 0), got ()",
        "8: assert_return: passed",
        "9: assert_trap: passed",
        "10: assert_trap: expected trap \"unreachable\", got trap \"integer divide by zero\"",
        "11: assert_trap: expected trap \"unreachable\", got results (i32.const 3)",
        "12: assert_exhaustion: passed",
        "13: assert_exhaustion: expected exhaustion \"call stack exhausted\", got trap \"integer divide by zero\"",
        "14: invoke: expected success, got link error \"unknown export nope\"",
        "15: assert_unlinkable: passed",
        "16: register: passed",
        "17: module: passed",
        "18: assert_unlinkable: expected link error \"unknown import\", got a module that instantiates",
        "19: assert_trap: passed",
        "20: assert_uninstantiable: expected trap \"out of bounds\", got trap \"unreachable executed\"",
        "21: assert_return: passed",
        "22: assert_return: passed",
        "23: assert_return: expected a module named $zz defined before, got none",
    ];
    assert_eq!(got, want);
}

#[test]
fn with_a_validator() {
    let src = r#"(module (func (export "invalid")))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_invalid (module (func (export "invalid"))) "type mismatch")
(assert_invalid (module (func (export "invalid"))) "unknown label")
(assert_invalid (module (func (export "valid"))) "type mismatch")
(assert_unlinkable (module (func (export "invalid"))) "unknown import")
"#;
    let r = run_script_with(&mut Toy::default(), "valid.wast", src);
    let got: Vec<String> = r.results.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        got,
        [
            "1: module: expected a valid module, got invalid: \"type mismatch at offset 0x20\"",
            "2: assert_return: skipped: the module of line 1 did not load",
            "3: assert_invalid: passed",
            "4: assert_invalid: expected \"unknown label\", got \"type mismatch at offset 0x20\"",
            "5: assert_invalid: expected \"type mismatch\", got a valid module",
            "6: assert_unlinkable: expected link error \"unknown import\", got invalid: \"type mismatch at offset 0x20\"",
        ]
    );
    assert_eq!(r.counts().to_string(), "1 passed, 4 failed, 1 skipped");
}

#[test]
fn an_engine_without_a_validator() {
    // Modules instantiate; assert_invalid still waits for the validator.
    let src = r#"(module (func (export "f")))
(assert_invalid (module (func (export "invalid"))) "type mismatch")
(assert_return (invoke "echo" (i32.const 5)) (i32.const 5))
"#;
    let mut toy = Toy {
        validates: false,
        ..Toy::default()
    };
    let r = run_script_with(&mut toy, "novalid.wast", src);
    assert_eq!(
        r.results
            .iter()
            .map(|d| d.outcome.clone())
            .collect::<Vec<_>>(),
        [
            Outcome::Passed,
            Outcome::skipped(Skip::Unsupported(Unsupported::Validation)),
            Outcome::Passed
        ]
    );
}

/// `(either ...)` results (relaxed SIMD's scripts): a result passes when it matches one
/// alternative; a nested `either`'s alternatives are the enclosing one's; vector results
/// too.
#[test]
fn either_results_match_one_alternative() {
    let src = r#"(module
  (func (export "f") (result i32 f32) (i32.const 2) (f32.const nan))
  (func (export "v") (result v128) (v128.const i32x4 1 2 3 4)))
(assert_return (invoke "f") (either (i32.const 1) (i32.const 2)) (either (f32.const 0) (f32.const nan:canonical)))
(assert_return (invoke "f") (either (i32.const 1) (i32.const 3)) (f32.const nan:canonical))
(assert_return (invoke "f") (either (i32.const 1) (either (i32.const 3) (i32.const 2))) (f32.const nan:arithmetic))
(assert_return (invoke "v") (either (v128.const i32x4 1 2 3 4) (v128.const i32x4 0 0 0 0)))
(assert_return (invoke "v") (either (v128.const i32x4 1 2 3 5) (v128.const i32x4 0 0 0 0)))
"#;
    let r = run_script("either.wast", src);
    let o: Vec<String> = r.results.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        o,
        [
            "1: module: passed",
            "4: assert_return: passed",
            "5: assert_return: expected (either (i32.const 1) (i32.const 3)) \
             (f32.const nan:canonical), got (i32.const 2) (f32.const bits:0x7fc00000)",
            "6: assert_return: passed",
            "7: assert_return: passed",
            "8: assert_return: expected (either \
             (v128.const i8x16 0x01 0x00 0x00 0x00 0x02 0x00 0x00 0x00 0x03 0x00 0x00 0x00 0x05 0x00 0x00 0x00) \
             (v128.const i8x16 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00)), \
             got (v128.const i8x16 0x01 0x00 0x00 0x00 0x02 0x00 0x00 0x00 0x03 0x00 0x00 0x00 0x04 0x00 0x00 0x00)",
        ]
    );
}

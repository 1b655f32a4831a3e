//! Other scripts' expectations for the same binary modules, which a directive also
//! accepts.
//!
//! The `wasm-v1` scripts were written for the 1.0 reference interpreter. For a few
//! malformed binaries, later interpreters report another error than 1.0's, and 2.0-era
//! scripts (the `wasm-v2` folder, the folders of the proposals 2.0 merged) hold the very
//! same bytes with their newer messages. [`Alternatives`] collects the `assert_malformed`
//! and `assert_invalid` directives of `module binary` and `module quote` modules of such
//! scripts; run with it ([`Options`](crate::Options)), a directive asserting the same of
//! the same bytes (or the same quoted text) passes when the module is rejected with its
//! own message or with any of theirs ([`Accepted`]). Modules written as text in the
//! script are not compared.

use std::collections::HashMap;
use std::fmt;

use awe_text::wast::{DirectiveKind, ModuleSource};

use crate::wording::{current_wording, message_matches, show_message};

/// Which assertion a directive makes of its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Assertion {
    /// `assert_malformed`.
    Malformed,
    /// `assert_invalid`.
    Invalid,
}

/// One directive of a script whose expectations are accepted too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// Its script, as named to [`Alternatives::add_script`]: `wasm-v2/binary.wast`.
    pub script: String,
    /// Its line.
    pub line: usize,
    /// What it asserts.
    pub assertion: Assertion,
    /// The message it expects.
    pub message: String,
}

/// The `assert_malformed` and `assert_invalid` expectations of some scripts' binary
/// modules, by the modules' bytes.
#[derive(Clone, Debug, Default)]
pub struct Alternatives {
    by_bytes: HashMap<Vec<u8>, Vec<Expectation>>,
}

impl Alternatives {
    /// No expectations.
    pub fn new() -> Alternatives {
        Alternatives::default()
    }

    /// Adds the `assert_malformed` and `assert_invalid` directives of a script whose
    /// module is a `module binary`; the script is named as the runner names scripts
    /// (`wasm-v2/binary.wast`). A script that does not parse is an error.
    pub fn add_script(&mut self, name: &str, src: &str) -> Result<(), String> {
        let script = awe_text::parse_script(src).map_err(|e| {
            let (line, col) = e.span.line_col(src);
            format!("{name}:{line}:{col}: {}", e.message)
        })?;
        for d in script.directives {
            let (assertion, module, message) = match d.kind {
                DirectiveKind::AssertMalformed { module, message } => {
                    (Assertion::Malformed, module, message)
                }
                DirectiveKind::AssertInvalid { module, message } => {
                    (Assertion::Invalid, module, message)
                }
                _ => continue,
            };
            // Binary modules by their bytes, quoted ones by their text (marked apart).
            let key = match module.source {
                ModuleSource::Binary(bytes) => bytes,
                ModuleSource::Quote(text) => quote_key(&text),
                ModuleSource::Text(_) => continue,
            };
            self.by_bytes.entry(key).or_default().push(Expectation {
                script: name.to_owned(),
                line: d.line,
                assertion,
                message,
            });
        }
        Ok(())
    }

    /// The expectations of the directives asserting `assertion` of the binary module
    /// `bytes`, in the order their scripts were added.
    pub fn find<'s>(
        &'s self,
        assertion: Assertion,
        bytes: &[u8],
    ) -> impl Iterator<Item = &'s Expectation> + 's {
        self.by_bytes
            .get(bytes)
            .into_iter()
            .flatten()
            .filter(move |e| e.assertion == assertion)
    }

    /// What a directive asserting `assertion` of the binary module `bytes`, and itself
    /// expecting `own`, accepts: `own`, and the messages [found](Self::find) for the
    /// module.
    pub fn accepted<'s>(
        &'s self,
        assertion: Assertion,
        bytes: &[u8],
        own: &'s str,
    ) -> Accepted<'s> {
        let now = current_wording(own);
        Accepted {
            own,
            others: self
                .find(assertion, bytes)
                .filter(|e| current_wording(&e.message) != now)
                .collect(),
        }
    }
}

/// The key of a `module quote`'s text among the binaries' bytes (which begin with
/// `\0asm` when they are modules at all, never with this).
pub fn quote_key(text: &str) -> Vec<u8> {
    let mut key = b"quote\0".to_vec();
    key.extend_from_slice(text.as_bytes());
    key
}

/// The messages a directive accepts for the rejection of its module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted<'a> {
    /// The directive's own expectation.
    pub own: &'a str,
    /// Other scripts' expectations for the same module, in the order found, whose message
    /// (in today's wording) is not the directive's own.
    pub others: Vec<&'a Expectation>,
}

/// The expectation a message meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Met<'a> {
    /// The directive's own.
    Own,
    /// Another script's.
    Other(&'a Expectation),
}

impl<'a> Accepted<'a> {
    /// Only the directive's own expectation.
    pub fn own(own: &'a str) -> Accepted<'a> {
        Accepted {
            own,
            others: Vec::new(),
        }
    }

    /// The expectation `actual` [matches](crate::message_matches): the directive's own
    /// first, then the others in order. `None` when it matches none.
    pub fn met_by(&self, actual: &str) -> Option<Met<'a>> {
        if message_matches(actual, self.own) {
            return Some(Met::Own);
        }
        self.others
            .iter()
            .find(|e| message_matches(actual, &e.message))
            .map(|e| Met::Other(e))
    }
}

impl fmt::Display for Accepted<'_> {
    /// The own message (and today's wording when it differs), then
    /// ` or "<message>" (<script>:<line>, ...)` for each other message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&show_message(self.own))?;
        let mut shown: Vec<&str> = Vec::new();
        for e in &self.others {
            if shown.contains(&e.message.as_str()) {
                continue;
            }
            shown.push(&e.message);
            let by: Vec<String> = self
                .others
                .iter()
                .filter(|o| o.message == e.message)
                .map(|o| format!("{}:{}", o.script, o.line))
                .collect();
            write!(f, " or {} ({})", show_message(&e.message), by.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = r#"
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01") "length out of bounds")
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_invalid (module (func (result i32))) "type mismatch")
"#;

    /// Another 2.0-era script holding the same bytes with another message.
    const PROPOSAL: &str = r#"
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01") "unexpected end")
"#;

    const BYTES: &[u8] = b"\0asm\x01\0\0\0\x01";

    fn v2() -> Alternatives {
        let mut s = Alternatives::new();
        s.add_script("wasm-v2/a.wast", V2).unwrap();
        s
    }

    fn v2_and_proposal() -> Alternatives {
        let mut s = v2();
        s.add_script("multi-value/b.wast", PROPOSAL).unwrap();
        s
    }

    fn lines<'a>(a: &Accepted<'a>) -> Vec<(&'a str, usize)> {
        a.others
            .iter()
            .map(|e| (e.script.as_str(), e.line))
            .collect()
    }

    #[test]
    fn finds_the_same_bytes_under_the_same_assertion() {
        let s = v2();
        let found: Vec<_> = s.find(Assertion::Malformed, BYTES).collect();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].script.as_str(), found[0].line),
            ("wasm-v2/a.wast", 2)
        );
        assert_eq!(found[0].message, "length out of bounds");
        assert_eq!(s.find(Assertion::Invalid, BYTES).count(), 0);
        assert_eq!(s.find(Assertion::Malformed, &BYTES[..8]).count(), 0);
        // Quoted modules are, by their text; modules written as text are not.
        assert_eq!(s.by_bytes.len(), 2);
        let quoted: Vec<_> = s
            .find(Assertion::Malformed, &quote_key("(func (i32.const 0x)) "))
            .collect();
        assert_eq!(quoted.len(), 1);
        assert_eq!(quoted[0].message, "unknown operator");
    }

    #[test]
    fn every_script_holding_the_bytes_counts_in_order() {
        let s = v2_and_proposal();
        let a = s.accepted(Assertion::Malformed, BYTES, "invalid value type");
        assert_eq!(
            lines(&a),
            [("wasm-v2/a.wast", 2), ("multi-value/b.wast", 2)]
        );
        // An expectation that says what the directive says (in today's wording) adds
        // nothing.
        let a = s.accepted(Assertion::Malformed, BYTES, "unexpected end");
        assert_eq!(lines(&a), [("wasm-v2/a.wast", 2)]);
        // Nothing for another assertion.
        assert!(s.accepted(Assertion::Invalid, BYTES, "x").others.is_empty());
    }

    #[test]
    fn the_own_expectation_is_met_first() {
        let s = v2_and_proposal();
        let a = s.accepted(Assertion::Malformed, BYTES, "invalid value type");
        assert_eq!(
            a.met_by("malformed value type"),
            Some(Met::Own),
            "1.0 wording"
        );
        assert_eq!(
            Accepted::own("unexpected end").met_by("unexpected end"),
            Some(Met::Own)
        );
    }

    #[test]
    fn several_expectations_and_the_second_one_is_met() {
        let s = v2_and_proposal();
        let a = s.accepted(Assertion::Malformed, BYTES, "invalid value type");
        match a.met_by("unexpected end of section or function") {
            Some(Met::Other(e)) => {
                assert_eq!((e.script.as_str(), e.line), ("multi-value/b.wast", 2));
                assert_eq!(e.message, "unexpected end");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            a.met_by("length out of bounds"),
            Some(Met::Other(e)) if e.script == "wasm-v2/a.wast"
        ));
    }

    #[test]
    fn a_message_that_meets_none_fails() {
        let s = v2_and_proposal();
        let a = s.accepted(Assertion::Malformed, BYTES, "invalid value type");
        assert_eq!(a.met_by("malformed section id"), None);
        assert_eq!(
            a.to_string(),
            "\"invalid value type\" (today \"malformed value type\") or \"length out of \
             bounds\" (wasm-v2/a.wast:2) or \"unexpected end\" (multi-value/b.wast:2)"
        );
        // Only the directive's own expectation: no alternatives to show.
        assert_eq!(
            Accepted::own("unexpected end").met_by("length out of bounds"),
            None
        );
        assert_eq!(
            Accepted::own("unexpected end").to_string(),
            "\"unexpected end\""
        );
    }

    #[test]
    fn scripts_with_the_same_message_are_shown_together() {
        let mut s = v2_and_proposal();
        s.add_script("reference-types/c.wast", PROPOSAL).unwrap();
        let a = s.accepted(Assertion::Malformed, BYTES, "length out of bounds");
        assert_eq!(
            a.to_string(),
            "\"length out of bounds\" or \"unexpected end\" (multi-value/b.wast:2, \
             reference-types/c.wast:2)"
        );
    }
}

//! Expectations that supersede a script's own for the same binary module.
//!
//! The `wasm-v1` scripts were written for the 1.0 reference interpreter. For a few
//! malformed binaries, 2.0's interpreter reports another error than 1.0's, and the
//! `wasm-v2` scripts hold the very same bytes with 2.0's message. [`Supersede`] collects
//! the `assert_malformed` and `assert_invalid` directives of `module binary` modules of
//! the newer scripts; run with it ([`Options`](crate::Options)), a directive asserting
//! the same of the same bytes expects the newer script's message. Text modules are not
//! compared.

use std::collections::HashMap;

use awe_text::wast::{DirectiveKind, ModuleSource};

/// Which assertion a directive makes of its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Assertion {
    /// `assert_malformed`.
    Malformed,
    /// `assert_invalid`.
    Invalid,
}

/// One directive of a superseding script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// Its script, as named to [`Supersede::add_script`]: `wasm-v2/binary.wast`.
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
pub struct Supersede {
    by_bytes: HashMap<Vec<u8>, Vec<Expectation>>,
}

impl Supersede {
    /// No expectations.
    pub fn new() -> Supersede {
        Supersede::default()
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
            if let ModuleSource::Binary(bytes) = module.source {
                self.by_bytes.entry(bytes).or_default().push(Expectation {
                    script: name.to_owned(),
                    line: d.line,
                    assertion,
                    message,
                });
            }
        }
        Ok(())
    }

    /// The expectation that supersedes a directive of the script `script` asserting
    /// `assertion` of the binary module `bytes`: that of a directive asserting the same
    /// of the same bytes, in a script of the same file name when there is one, else in
    /// any script. `None` when there is none, or when those found disagree on the
    /// message.
    pub fn find(&self, script: &str, assertion: Assertion, bytes: &[u8]) -> Option<&Expectation> {
        let all: Vec<&Expectation> = self
            .by_bytes
            .get(bytes)?
            .iter()
            .filter(|e| e.assertion == assertion)
            .collect();
        let file = file_name(script);
        let same_file: Vec<&Expectation> = all
            .iter()
            .copied()
            .filter(|e| file_name(&e.script) == file)
            .collect();
        let candidates = if same_file.is_empty() { all } else { same_file };
        let first = *candidates.first()?;
        candidates
            .iter()
            .all(|e| e.message == first.message)
            .then_some(first)
    }
}

/// `binary.wast` of `wasm-v2/binary.wast`.
fn file_name(script: &str) -> &str {
    script.rsplit('/').next().unwrap_or(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = r#"
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01") "length out of bounds")
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_invalid (module (func (result i32))) "type mismatch")
"#;

    const BYTES: &[u8] = b"\0asm\x01\0\0\0\x01";

    fn v2() -> Supersede {
        let mut s = Supersede::new();
        s.add_script("wasm-v2/a.wast", V2).unwrap();
        s
    }

    #[test]
    fn finds_the_same_bytes_under_the_same_assertion() {
        let s = v2();
        let e = s
            .find("wasm-v1/a.wast", Assertion::Malformed, BYTES)
            .unwrap();
        assert_eq!((e.script.as_str(), e.line), ("wasm-v2/a.wast", 2));
        assert_eq!(e.message, "length out of bounds");
        assert!(
            s.find("wasm-v1/a.wast", Assertion::Invalid, BYTES)
                .is_none()
        );
        assert!(
            s.find("wasm-v1/a.wast", Assertion::Malformed, &BYTES[..8])
                .is_none()
        );
        // Text modules are not collected.
        assert_eq!(s.by_bytes.len(), 1);
    }

    #[test]
    fn the_same_file_first_and_disagreement_is_none() {
        let mut s = v2();
        let other =
            r#"(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01") "unexpected end")"#;
        s.add_script("wasm-v2/b.wast", other).unwrap();
        let found = |script| {
            s.find(script, Assertion::Malformed, BYTES)
                .map(|e| (e.message.as_str(), e.line))
        };
        assert_eq!(found("wasm-v1/a.wast"), Some(("length out of bounds", 2)));
        assert_eq!(found("wasm-v1/b.wast"), Some(("unexpected end", 1)));
        // Elsewhere, two scripts disagree: no expectation supersedes.
        assert_eq!(found("wasm-v1/c.wast"), None);
    }
}

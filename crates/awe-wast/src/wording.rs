//! How an error message is compared with the one a script expects.
//!
//! Like the reference interpreter, the actual message must start with the expected one
//! (it may add detail). The `wasm-v1` scripts were written for WebAssembly 1.0, whose
//! reference interpreter worded a few messages differently; [`current_wording`] maps
//! those to today's words, so that one rule serves every folder.

/// An expected message as the current reference interpreter words it: the 1.0 wording
/// of the `wasm-v1` scripts mapped to 2.0's, any other message unchanged.
pub fn current_wording(expected: &str) -> &str {
    // The reference interpreter's detail of a type mismatch (the instruction's operand
    // types and the whole stack) is its own; awe gives its own detail after the words.
    if expected.starts_with("type mismatch: instruction requires") {
        return "type mismatch";
    }
    match expected {
        // Binary format.
        "invalid UTF-8 encoding" => "malformed UTF-8 encoding",
        "invalid section id" => "malformed section id",
        "invalid mutability" => "malformed mutability",
        "invalid value type" => "malformed value type",
        // Validation: 3.0's words.
        "global is immutable" => "immutable global",
        // Text format: 2.0 reports the token it did not expect.
        "result before parameter" => "unexpected token",
        other => other,
    }
}

/// Whether `actual` is the message a script expects: it starts with the expected
/// message in [today's wording](current_wording).
pub fn message_matches(actual: &str, expected: &str) -> bool {
    actual.starts_with(current_wording(expected))
}

/// An expected message for a report: quoted, with today's wording when it differs.
pub(crate) fn show_message(expected: &str) -> String {
    let now = current_wording(expected);
    if now == expected {
        format!("{expected:?}")
    } else {
        format!("{expected:?} (today {now:?})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_matches() {
        assert!(message_matches("type mismatch", "type mismatch"));
        assert!(message_matches(
            "type mismatch at offset 0x12",
            "type mismatch"
        ));
        assert!(message_matches(
            "unexpected end of section",
            "unexpected end"
        ));
        assert!(!message_matches(
            "unexpected end",
            "unexpected end of section"
        ));
        assert!(!message_matches("unknown operator", "unexpected token"));
    }

    #[test]
    fn old_wording_is_mapped() {
        assert!(message_matches(
            "malformed UTF-8 encoding",
            "invalid UTF-8 encoding"
        ));
        assert!(message_matches(
            "unexpected token",
            "result before parameter"
        ));
        assert!(!message_matches(
            "invalid UTF-8 encoding",
            "invalid section id"
        ));
        assert_eq!(current_wording("type mismatch"), "type mismatch");
    }
}

//! The playground's toolkit, in plain Rust (tested natively): the text format to the
//! binary format with errors at line and column, the binary format to text, and the
//! annotated bytes of `awe inspect --hex` as data.

use awe_binary::{Observer, SectionInfo};
use std::fmt;
use std::ops::Range;

/// A text module that does not parse: where, and the error as the CLI shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextFailure {
    /// The message alone ("unknown operator").
    pub message: String,
    /// The message with `file:line:column`, the source line and a caret, as `awe` prints it.
    pub rendered: String,
    /// 1-based line of the error's start.
    pub line: usize,
    /// 1-based column (in characters) of the error's start.
    pub column: usize,
    /// Byte range of the source the error is about.
    pub span: Range<usize>,
}

/// The binary encoding of the text module `src` (parsed, not validated), or where its
/// text is malformed. `file` names the source in the rendered error.
pub fn wat_to_wasm(src: &str, file: &str) -> Result<Vec<u8>, TextFailure> {
    match awe_text::parse_module(src) {
        Ok(m) => Ok(awe_binary::encode(&m)),
        Err(e) => {
            let (line, column) = e.span.line_col(src);
            Err(TextFailure {
                message: e.message.clone(),
                rendered: e.render(src, file),
                line,
                column,
                span: e.span.start as usize..e.span.end as usize,
            })
        }
    }
}

/// The text format of a binary module, or its decoding error (with the byte offset).
pub fn wasm_to_wat(bytes: &[u8]) -> Result<String, String> {
    awe_binary::decode(bytes)
        .map(|m| awe_text::print(&m))
        .map_err(|e| e.to_string())
}

/// One note of the decoder: what a byte range holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The bytes described.
    pub range: Range<usize>,
    /// Nesting depth (of blocks, for instructions).
    pub indent: u32,
    /// What they are ("section 1 (type), size 23", "i32.add").
    pub text: String,
}

/// One section, for the module's outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Its name (`type`, `code`, ...; `custom` for custom sections).
    pub name: String,
    /// The name of a custom section.
    pub custom_name: Option<String>,
    /// The whole section, header included.
    pub range: Range<usize>,
    /// Items a vector section declares.
    pub count: Option<u32>,
}

/// Every byte of a module, explained: the decoder's notes, its sections, and where
/// decoding stopped if it failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotated {
    /// The notes, in the decoder's order.
    pub notes: Vec<Note>,
    /// The sections, in file order.
    pub sections: Vec<Section>,
    /// Where decoding failed and why.
    pub error: Option<(usize, String)>,
}

impl Observer for Annotated {
    fn section(&mut self, s: &SectionInfo) {
        self.sections.push(Section {
            name: s.id.to_string(),
            custom_name: s.custom_name.clone(),
            range: s.range.clone(),
            count: s.count,
        });
    }

    fn note(&mut self, range: Range<usize>, indent: u32, what: fmt::Arguments<'_>) {
        self.notes.push(Note {
            range,
            indent,
            text: what.to_string(),
        });
    }
}

/// The notes and sections of `bytes`, as `awe inspect --hex` shows them.
pub fn annotate(bytes: &[u8]) -> Annotated {
    let mut a = Annotated::default();
    if let Err(e) = awe_binary::decode_with(bytes, &mut a) {
        a.error = Some((e.offset, e.kind.to_string()));
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_bytes_and_back() {
        let wasm = wat_to_wasm(
            r#"(module (func (export "f") (result i32) i32.const 7))"#,
            "x.wat",
        )
        .unwrap();
        assert_eq!(&wasm[..4], b"\0asm");
        let text = wasm_to_wat(&wasm).unwrap();
        assert!(text.contains("i32.const 7"), "{text}");
        assert!(text.contains("(export \"f\""), "{text}");
    }

    #[test]
    fn a_text_error_has_line_column_and_caret() {
        let e = wat_to_wasm("(module\n  (func i32.cosnt 1))", "ex.wat").unwrap_err();
        assert_eq!((e.line, e.column), (2, 9));
        assert_eq!(e.message, "unknown operator i32.cosnt");
        assert!(
            e.rendered
                .starts_with("ex.wat:2:9: unknown operator i32.cosnt\n"),
            "{}",
            e.rendered
        );
        assert!(e.rendered.ends_with("^^^^^^^^^"), "{}", e.rendered);
    }

    #[test]
    fn every_section_and_instruction_is_noted() {
        let wasm = wat_to_wasm(
            "(module (func (result i32) i32.const 1 i32.const 2 i32.add))",
            "",
        )
        .unwrap();
        let a = annotate(&wasm);
        assert_eq!(a.error, None);
        let names: Vec<&str> = a.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["type", "function", "code"]);
        assert!(
            a.notes
                .iter()
                .any(|n| n.text == "magic: \\0asm" && n.range == (0..4))
        );
        assert!(
            a.notes.iter().any(|n| n.text.contains("i32.add")),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn a_truncated_module_says_where_decoding_stopped() {
        let a = annotate(b"\0asm\x01\0\0\0\x01\x05");
        assert_eq!(a.error.as_ref().map(|e| e.0), Some(9));
        assert_eq!(
            wasm_to_wat(b"\0asm\x01\0\0\0\x01\x05").unwrap_err(),
            a.error.unwrap().1 + " at offset 0x9"
        );
    }
}

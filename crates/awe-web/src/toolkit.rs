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

/// Which part of the text each instruction's bytes came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMapping {
    /// The instruction's bytes in the binary.
    pub bytes: Range<usize>,
    /// Its source: the keyword (for an `end`, the `)` or `end` that closes the block).
    pub source: Range<usize>,
}

/// Where in `src` the bytes of the binary [`wat_to_wasm`] makes of it came from: every
/// instruction of every function body (its keyword), and every entry of the sections
/// (imports, functions, tables, memories, globals, tags, exports, start, element and
/// data segments, bodies: the field that made it). Entries contain the instructions
/// inside them: the narrowest mapping of a byte is the most precise. Empty if `src` does
/// not parse.
pub fn source_map(src: &str) -> Vec<SourceMapping> {
    let Ok((module, spans)) = awe_text::parse_module_with_spans(src) else {
        return Vec::new();
    };
    let wasm = awe_binary::encode(&module);
    let mut notes = Annotated::default();
    let Ok(decoded) = awe_binary::decode_with(&wasm, &mut notes) else {
        return Vec::new();
    };
    let span = |s: &awe_text::Span| s.start as usize..s.end as usize;
    let mut map = Vec::new();
    for (func, spans) in decoded.funcs.iter().zip(&spans.bodies) {
        // One offset per instruction; the encoder writes them in the parser's order.
        if func.offsets.len() != spans.len() {
            continue;
        }
        for (i, (&at, s)) in func.offsets.iter().zip(spans).enumerate() {
            let end = func
                .offsets
                .get(i + 1)
                .map_or(at as usize + 1, |&e| e as usize);
            map.push(SourceMapping {
                bytes: at as usize..end,
                source: span(s),
            });
        }
    }
    // Section entries, from the decoder's notes: each reaches to the next entry of its
    // section (or the section's end).
    use awe_module::ExternKind as K;
    let imported = |k: K| decoded.num_imported(k) as usize;
    let mut entries: Vec<(usize, Range<usize>)> = Vec::new();
    for note in &notes.notes {
        if note.indent != 0 {
            continue;
        }
        let words: Vec<&str> = note.text.splitn(3, ' ').collect();
        let number = |w: &str| w.trim_end_matches(':').parse::<usize>().ok();
        let source = match words.as_slice() {
            ["import", n, ..] => number(n).and_then(|n| spans.imports.get(n)),
            ["function", n, rest] if rest.starts_with("type") || rest.starts_with("body") => {
                number(n).and_then(|n| spans.funcs.get(n.checked_sub(imported(K::Func))?))
            }
            ["table", n, ..] => {
                number(n).and_then(|n| spans.tables.get(n.checked_sub(imported(K::Table))?))
            }
            ["memory", n, ..] => {
                number(n).and_then(|n| spans.memories.get(n.checked_sub(imported(K::Memory))?))
            }
            ["global", n, ..] => {
                number(n).and_then(|n| spans.globals.get(n.checked_sub(imported(K::Global))?))
            }
            ["tag", n, ..] => {
                number(n).and_then(|n| spans.tags.get(n.checked_sub(imported(K::Tag))?))
            }
            ["export", n, ..] => number(n).and_then(|n| spans.exports.get(n)),
            ["start", "function", ..] => spans.start.as_ref(),
            ["element", "segment", rest] => {
                number(rest.split(' ').next().unwrap_or("")).and_then(|n| spans.elems.get(n))
            }
            ["data", "segment", rest] => {
                number(rest.split(' ').next().unwrap_or("")).and_then(|n| spans.datas.get(n))
            }
            _ => None,
        };
        if let Some(s) = source {
            entries.push((note.range.start, span(s)));
        }
    }
    for section in &notes.sections {
        let mut inside: Vec<&(usize, Range<usize>)> = entries
            .iter()
            .filter(|(at, _)| section.range.contains(at))
            .collect();
        inside.sort_by_key(|(at, _)| *at);
        for (k, (at, source)) in inside.iter().enumerate() {
            let end = inside
                .get(k + 1)
                .map_or(section.range.end, |(next, _)| *next);
            map.push(SourceMapping {
                bytes: *at..end,
                source: source.clone(),
            });
        }
    }
    map
}

/// Byte offsets of a text as indices of its UTF-16 code units (how JavaScript indexes
/// strings).
pub struct Utf16Offsets(Vec<u32>);

impl Utf16Offsets {
    /// The table of `src`.
    pub fn new(src: &str) -> Self {
        let mut table = vec![0u32; src.len() + 1];
        let mut units = 0u32;
        for (at, ch) in src.char_indices() {
            for slot in &mut table[at..at + ch.len_utf8()] {
                *slot = units;
            }
            units += ch.len_utf16() as u32;
        }
        table[src.len()] = units;
        Utf16Offsets(table)
    }

    /// The UTF-16 index of byte offset `at` (the character's start inside one; the end
    /// past the end).
    pub fn at(&self, at: usize) -> u32 {
        self.0[at.min(self.0.len() - 1)]
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
    fn every_instruction_maps_to_its_source() {
        let src = "(module (func (result i32)\n  (i32.add (i32.const 1) (i32.const 2))\n  (if (result i32) (i32.const 0) (then (i32.const 3)) (else (i32.const 4)))\n  drop))";
        let wasm = wat_to_wasm(src, "").unwrap();
        let map = source_map(src);
        let text = |m: &SourceMapping| &src[m.source.clone()];
        let got: Vec<(u8, &str)> = map
            .iter()
            .filter(|m| !text(m).starts_with('('))
            .map(|m| (wasm[m.bytes.start], text(m)))
            .collect();
        assert_eq!(
            got,
            [
                (0x41, "i32.const"),
                (0x41, "i32.const"),
                (0x6a, "i32.add"),
                (0x41, "i32.const"),
                (0x04, "if"),
                (0x41, "i32.const"),
                (0x05, "else"),
                (0x41, "i32.const"),
                (0x0b, ")"),
                (0x1a, "drop"),
                (0x0b, ")"),
            ]
        );
        let instrs: Vec<&SourceMapping> =
            map.iter().filter(|m| !text(m).starts_with('(')).collect();
        assert!(
            instrs
                .windows(2)
                .all(|w| w[0].bytes.end == w[1].bytes.start)
        );
        assert_eq!(source_map("(module (func i32.cosnt))"), []);
        // Flat syntax, two functions.
        let src =
            "(module (func) (func block $b loop br $b end end i32.const 1 if nop else nop end))";
        let wasm = wat_to_wasm(src, "").unwrap();
        let got: Vec<(u8, &str)> = source_map(src)
            .iter()
            .filter(|m| !src[m.source.clone()].starts_with('('))
            .map(|m| (wasm[m.bytes.start], &src[m.source.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                (0x0b, ")"),
                (0x02, "block"),
                (0x03, "loop"),
                (0x0c, "br"),
                (0x0b, "end"),
                (0x0b, "end"),
                (0x41, "i32.const"),
                (0x04, "if"),
                (0x01, "nop"),
                (0x05, "else"),
                (0x01, "nop"),
                (0x0b, "end"),
                (0x0b, ")"),
            ]
        );
    }

    #[test]
    fn every_entry_maps_to_its_field() {
        let src = r#"(module
  (import "env" "f" (func $f (param i32)))
  (memory (export "mem") 1)
  (global $g (mut i32) (i32.const 7))
  (func $main (export "main") (call $f (global.get $g)))
  (data (i32.const 0) "hi")
  (start $main))"#;
        let wasm = wat_to_wasm(src, "").unwrap();
        let map = source_map(src);
        let a = annotate(&wasm);
        // The field each noted entry maps to, by the entry's note.
        let field_of = |note: &str| {
            let n = a.notes.iter().find(|n| n.text.starts_with(note)).unwrap();
            let m = map
                .iter()
                .filter(|m| m.bytes.contains(&n.range.start))
                .max_by_key(|m| m.bytes.len())
                .unwrap();
            let text = &src[m.source.clone()];
            text.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(field_of("import 0:"), "(import \"env\"");
        assert_eq!(field_of("function 1: type"), "(func $main");
        assert_eq!(field_of("memory 0:"), "(memory (export");
        assert_eq!(field_of("global 0:"), "(global $g");
        assert_eq!(field_of("export 0:"), "(memory (export");
        assert_eq!(field_of("export 1:"), "(func $main");
        assert_eq!(field_of("start function"), "(start $main)");
        assert_eq!(field_of("data segment 0"), "(data (i32.const");
        assert_eq!(field_of("function 1 body"), "(func $main");
        // The data bytes belong to their segment.
        let hi = wasm.windows(2).position(|w| w == b"hi").unwrap();
        assert!(
            map.iter()
                .any(|m| m.bytes.contains(&hi) && src[m.source.clone()].starts_with("(data"))
        );
    }

    #[test]
    fn utf16_offsets_count_as_javascript_does() {
        let t = Utf16Offsets::new("a\u{e9}\u{1f600}b");
        assert_eq!(
            [t.at(0), t.at(1), t.at(3), t.at(7), t.at(8)],
            [0, 1, 2, 4, 5]
        );
        assert_eq!(t.at(2), 1);
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

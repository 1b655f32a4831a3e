//! `awe inspect --hex`: a hex dump in the layout of `xxd -g1`, each line followed by the
//! decoder's notes on the bytes that start in it.
//!
//! ```text
//! 00000000: 00 61 73 6d 01 00 00 00 01 17 04 60 02 7f 7f 00  .asm.......`....
//!           0000..0004  magic: \0asm
//!           0004..0008  version: 1
//!           0008..000a  section 1 (type), size 23
//! ```
//!
//! Ranges are half-open (`start..end`, hex offsets). Bytes that no note covers are
//! shown as such, so that every byte of a module is accounted for; if decoding fails,
//! the error is shown where it happened.

use super::{Note, hex_width};
use awe_binary::DecodeError;
use std::io::{self, Write};

/// Bytes per line, as in `xxd`.
const LINE: usize = 16;

/// What is shown under a line of the dump.
struct Item {
    start: usize,
    /// `None` for a point (the place of an error).
    end: Option<usize>,
    indent: u32,
    text: String,
}

/// Writes the dump of `bytes` with `notes` (as the decoder made them) and the decoding
/// error, if any.
pub fn write(
    out: &mut dyn Write,
    bytes: &[u8],
    notes: &[Note],
    error: Option<&DecodeError>,
) -> io::Result<()> {
    let items = items(bytes.len(), notes, error);
    let width = hex_width(bytes.len());
    let mut next = items.iter().peekable();
    for (n, chunk) in bytes.chunks(LINE).enumerate() {
        let line_start = n * LINE;
        write_line(out, line_start, chunk)?;
        while let Some(item) = next.next_if(|i| i.start < line_start + LINE) {
            write_item(out, item, width)?;
        }
    }
    // Whatever lies at or past the end (an error at the end of the input).
    for item in next {
        write_item(out, item, width)?;
    }
    Ok(())
}

/// One line of the dump: `00000010: 7f 41 42  .AB`.
fn write_line(out: &mut dyn Write, offset: usize, chunk: &[u8]) -> io::Result<()> {
    let mut s = format!("{offset:08x}:");
    for b in chunk {
        s.push_str(&format!(" {b:02x}"));
    }
    for _ in chunk.len()..LINE {
        s.push_str("   ");
    }
    s.push_str("  ");
    s.extend(chunk.iter().map(|&b| {
        if b.is_ascii_graphic() || b == b' ' {
            b as char
        } else {
            '.'
        }
    }));
    writeln!(out, "{s}")
}

fn write_item(out: &mut dyn Write, item: &Item, width: usize) -> io::Result<()> {
    let range = match item.end {
        Some(end) => format!("{:0w$x}..{:0w$x}", item.start, end, w = width),
        None => format!("{:0w$x}", item.start, w = width),
    };
    let indent = "  ".repeat(item.indent as usize);
    writeln!(
        out,
        "          {range:<rw$}  {indent}{}",
        item.text,
        rw = 2 * width + 2
    )
}

/// The notes in byte order, with the bytes between them that no note covers, and the
/// error.
fn items(len: usize, notes: &[Note], error: Option<&DecodeError>) -> Vec<Item> {
    let mut sorted: Vec<&Note> = notes.iter().collect();
    // Stable: notes that start at the same byte keep the decoder's order.
    sorted.sort_by_key(|n| n.range.start);
    let mut items = Vec::with_capacity(sorted.len() + 1);
    let mut covered = 0;
    for note in sorted {
        if note.range.start > covered {
            items.push(gap(covered, note.range.start));
        }
        covered = covered.max(note.range.end);
        items.push(Item {
            start: note.range.start,
            end: Some(note.range.end),
            indent: note.indent,
            text: note.text.clone(),
        });
    }
    match error {
        // After a failure, the bytes between the last note and the error belong to the
        // item that could not be decoded; those past the error were never read.
        Some(e) => {
            if covered < e.offset {
                let n = e.offset - covered;
                items.push(Item {
                    start: covered,
                    end: Some(e.offset),
                    indent: 0,
                    text: format!(
                        "({n} byte{} read, part of what could not be decoded)",
                        if n == 1 { "" } else { "s" }
                    ),
                });
            }
            let item = Item {
                start: e.offset,
                end: None,
                indent: 0,
                text: format!("error: {}; decoding stops here", e.kind),
            };
            let at = items.partition_point(|i| i.start <= e.offset);
            items.insert(at, item);
        }
        None if covered < len => items.push(gap(covered, len)),
        None => {}
    }
    items
}

fn gap(start: usize, end: usize) -> Item {
    let n = end - start;
    Item {
        start,
        end: Some(end),
        indent: 0,
        text: format!(
            "({n} byte{} not described by the decoder)",
            if n == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use awe_binary::DecodeErrorKind;
    use std::ops::Range;

    fn note(range: Range<usize>, text: &str) -> Note {
        Note {
            range,
            indent: 0,
            text: text.into(),
        }
    }

    fn dump(bytes: &[u8], notes: &[Note], error: Option<&DecodeError>) -> String {
        let mut out = Vec::new();
        write(&mut out, bytes, notes, error).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn layout_is_xxd_with_notes_and_gaps() {
        let bytes: Vec<u8> = (0x30..0x30 + 18).collect();
        let notes = [note(0..2, "a"), note(4..17, "b")];
        assert_eq!(
            dump(&bytes, &notes, None),
            "00000000: 30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f  0123456789:;<=>?\n\
             \x20         0000..0002  a\n\
             \x20         0002..0004  (2 bytes not described by the decoder)\n\
             \x20         0004..0011  b\n\
             00000010: 40 41                                            @A\n\
             \x20         0011..0012  (1 byte not described by the decoder)\n"
        );
    }

    #[test]
    fn error_is_shown_where_decoding_stopped() {
        let bytes = [0u8; 20];
        let notes = [note(0..4, "a")];
        let e = DecodeError::new(DecodeErrorKind::UnexpectedEnd, 20);
        let out = dump(&bytes, &notes, Some(&e));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5, "{out}");
        assert_eq!(
            lines[2],
            "          0004..0014  (16 bytes read, part of what could not be decoded)"
        );
        assert!(lines[3].starts_with("00000010: 00 00 00 00 "), "{out}");
        assert_eq!(
            lines[4],
            "          0014        error: unexpected end; decoding stops here"
        );
    }
}

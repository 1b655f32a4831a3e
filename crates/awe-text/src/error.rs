//! Text errors: a message and the span of source it is about, rendered with the line
//! and a caret.

use std::fmt;

/// A range of bytes in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset after the last byte.
    pub end: u32,
}

impl Span {
    /// The span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The line and column (both 1-based, column in characters) where the span starts.
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        let start = (self.start as usize).min(src.len());
        let before = &src[..floor_char_boundary(src, start)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A malformed text module or script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextError {
    /// Where.
    pub span: Span,
    /// What, worded as the official test suite expects (e.g. "unexpected token").
    pub message: String,
}

impl TextError {
    /// An error at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        TextError {
            span,
            message: message.into(),
        }
    }

    /// The error with its location, the source line and a caret under the span:
    ///
    /// ```text
    /// file.wat:3:7: unknown operator
    ///   3 |   (i32.const 0x)
    ///     |              ^^
    /// ```
    pub fn render(&self, src: &str, file: &str) -> String {
        let (line, col) = self.span.line_col(src);
        let text = src.lines().nth(line - 1).unwrap_or("");
        let width = {
            let start = floor_char_boundary(src, (self.span.start as usize).min(src.len()));
            let end = floor_char_boundary(src, (self.span.end as usize).min(src.len()));
            let same_line = src[start..end.max(start)].split('\n').next().unwrap_or("");
            same_line.chars().count().max(1)
        };
        let gutter = line.to_string().len();
        format!(
            "{file}:{line}:{col}: {msg}\n{pad} |\n{line} | {text}\n{pad} | {space}{carets}",
            msg = self.message,
            pad = " ".repeat(gutter),
            space = " ".repeat(col - 1),
            carets = "^".repeat(width),
        )
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TextError {}

/// The result of lexing or parsing.
pub type Result<T, E = TextError> = std::result::Result<T, E>;

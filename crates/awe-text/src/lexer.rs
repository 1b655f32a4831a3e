//! The lexer ([spec §6.2](https://webassembly.github.io/spec/core/text/lexical.html)).
//!
//! It skips white space, line comments, nested block comments and annotations
//! (`(@name ...)`), without recursion, and splits the rest into tokens. Numbers are kept
//! as text: the parser knows which type it expects and converts them then.

use crate::error::{Result, Span, TextError};

/// The kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// A word starting with a lowercase letter: `module`, `i32.add`, `offset=4`, `nan`.
    Keyword,
    /// `$name`.
    Id,
    /// A string literal, escapes checked.
    String,
    /// A word of identifier characters starting otherwise: numbers such as `-0x1p3`.
    Number,
    /// Anything else the grammar reserves (e.g. `0x"a"`, `a,b`).
    Reserved,
}

/// A token: its kind and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// Splits source text into tokens.
#[derive(Clone, Debug)]
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// The `(@custom ...)` annotations skipped so far, as byte ranges.
    customs: Vec<Span>,
}

/// Characters allowed in keywords, identifiers and numbers.
pub(crate) fn is_idchar(b: u8) -> bool {
    matches!(b,
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z'
        | b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'/'
        | b':' | b'<' | b'=' | b'>' | b'?' | b'@' | b'\\' | b'^' | b'_' | b'`' | b'|' | b'~')
}

fn is_reserved_char(b: u8) -> bool {
    is_idchar(b) || matches!(b, b',' | b';' | b'[' | b']' | b'{' | b'}' | b'"')
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            customs: Vec::new(),
        }
    }

    /// A lexer at byte `pos` of `src` (a token's start).
    pub(crate) fn starting_at(src: &'a str, pos: usize) -> Self {
        Lexer {
            src,
            pos,
            customs: Vec::new(),
        }
    }

    /// The `(@custom ...)` annotations skipped so far, as byte ranges (the parser reads
    /// those of a module's fields as custom sections).
    pub fn custom_annotations(&self) -> &[Span] {
        &self.customs
    }

    /// The source text.
    pub fn source(&self) -> &'a str {
        self.src
    }

    /// The text of a token.
    pub fn text(&self, t: Token) -> &'a str {
        &self.src[t.span.start as usize..t.span.end as usize]
    }

    /// The current offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn err<T>(&self, start: usize, end: usize, msg: &str) -> Result<T> {
        Err(TextError::new(Span::new(start, end), msg))
    }

    /// The next token, or `None` at the end of the text.
    pub fn next_token(&mut self) -> Result<Option<Token>> {
        self.skip_trivia()?;
        let b = self.bytes();
        let start = self.pos;
        let Some(&c) = b.get(start) else {
            return Ok(None);
        };
        let kind = match c {
            b'(' => {
                self.pos += 1;
                TokenKind::LParen
            }
            b')' => {
                self.pos += 1;
                TokenKind::RParen
            }
            _ if is_reserved_char(c) => self.word(start)?,
            _ => {
                let ch = self.src[start..].chars().next().unwrap_or('?');
                return self.err(start, start + ch.len_utf8(), "illegal character");
            }
        };
        Ok(Some(Token {
            kind,
            span: Span::new(start, self.pos),
        }))
    }

    /// A maximal run of token characters (strings included), then its kind.
    fn word(&mut self, start: usize) -> Result<TokenKind> {
        let b = self.bytes();
        let mut strings = 0;
        let mut other = false;
        while let Some(&c) = b.get(self.pos) {
            if c == b'"' {
                // `$"..."` is an identifier, whose string must be one.
                if self.pos == start + 1 && b[start] == b'$' {
                    if self.string_end().is_err() {
                        return self.err(start, start + 1, "empty identifier");
                    }
                } else {
                    self.string_end()?;
                }
                strings += 1;
            } else if c == b';' && b.get(self.pos + 1) == Some(&b';') {
                break; // a line comment ends the token
            } else if is_reserved_char(c) {
                other |= !is_idchar(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = &b[start..self.pos];
        if text[0] == b'$' {
            return self.identifier(start, strings, other);
        }
        Ok(
            if strings == 1 && text[0] == b'"' && *text.last().unwrap_or(&0) == b'"' {
                // A string alone (it ends right after its closing quote).
                if self.string_is_whole(start) {
                    TokenKind::String
                } else {
                    TokenKind::Reserved
                }
            } else if strings > 0 || other {
                TokenKind::Reserved
            } else if text[0] == b'$' && text.len() > 1 {
                TokenKind::Id
            } else if text[0].is_ascii_lowercase() {
                TokenKind::Keyword
            } else if text[0].is_ascii_digit() || matches!(text[0], b'+' | b'-') {
                TokenKind::Number
            } else {
                // Another identifier character first (`@a`, `A`, `_x`).
                TokenKind::Reserved
            },
        )
    }

    /// The kind of a word that starts with `$`: an identifier `$name`, or `$"..."` of a
    /// string that is UTF-8 and not empty; a `$` alone is none.
    fn identifier(&self, start: usize, strings: usize, other: bool) -> Result<TokenKind> {
        let text = &self.src[start..self.pos];
        if text.len() == 1 {
            return self.err(start, self.pos, "empty identifier");
        }
        if !text[1..].starts_with('"') {
            return Ok(if strings == 0 && !other {
                TokenKind::Id
            } else {
                TokenKind::Reserved
            });
        }
        if strings != 1 || !text.ends_with('"') || !self.string_is_whole(start + 1) {
            return Ok(TokenKind::Reserved);
        }
        match String::from_utf8(string_value(&text[1..])) {
            Ok(name) if name.is_empty() => self.err(start, self.pos, "empty identifier"),
            Ok(_) => Ok(TokenKind::Id),
            Err(_) => self.err(start, self.pos, "malformed UTF-8 encoding"),
        }
    }

    fn string_is_whole(&self, start: usize) -> bool {
        let mut probe = Lexer {
            src: self.src,
            pos: start,
            customs: Vec::new(),
        };
        probe.string_end().is_ok() && probe.pos == self.pos
    }

    /// Moves past a string literal starting at `self.pos`, checking its escapes.
    fn string_end(&mut self) -> Result<()> {
        let start = self.pos;
        let b = self.bytes();
        self.pos += 1;
        loop {
            let Some(&c) = b.get(self.pos) else {
                return self.err(start, self.pos, "unclosed string");
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    let esc = self.pos;
                    self.pos += 1;
                    match b.get(self.pos) {
                        Some(b'n' | b't' | b'r' | b'"' | b'\'' | b'\\') => self.pos += 1,
                        Some(b'u') => {
                            self.pos += 1;
                            if b.get(self.pos) != Some(&b'{') {
                                return self.err(esc, self.pos, "illegal escape");
                            }
                            let digits_start = self.pos + 1;
                            let mut end = digits_start;
                            while b
                                .get(end)
                                .is_some_and(|c| c.is_ascii_hexdigit() || *c == b'_')
                            {
                                end += 1;
                            }
                            if b.get(end) != Some(&b'}') {
                                return self.err(esc, end, "illegal escape");
                            }
                            let digits = &self.src[digits_start..end];
                            if parse_hex_digits(digits)
                                .and_then(|v| u32::try_from(v).ok())
                                .and_then(char::from_u32)
                                .is_none()
                            {
                                return self.err(esc, end + 1, "illegal escape");
                            }
                            self.pos = end + 1;
                        }
                        Some(h) if h.is_ascii_hexdigit() => {
                            if !b.get(self.pos + 1).is_some_and(u8::is_ascii_hexdigit) {
                                return self.err(esc, self.pos + 1, "illegal escape");
                            }
                            self.pos += 2;
                        }
                        _ => return self.err(esc, self.pos + 1, "illegal escape"),
                    }
                }
                0..=0x1f | 0x7f => {
                    return self.err(self.pos, self.pos + 1, "illegal control character");
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips white space, comments and annotations.
    fn skip_trivia(&mut self) -> Result<()> {
        self.skip_space(true)
    }

    /// Skips white space and comments, and annotations when `annotations` (inside an
    /// annotation, a nested `(@` is just a parenthesis: no recursion).
    fn skip_space(&mut self, annotations: bool) -> Result<()> {
        let b = self.bytes();
        loop {
            match b.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b';') if b.get(self.pos + 1) == Some(&b';') => {
                    // A line comment ends at a line feed or a carriage return.
                    while b.get(self.pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                        self.pos += 1;
                    }
                }
                Some(b'(') if b.get(self.pos + 1) == Some(&b';') => self.block_comment()?,
                Some(b'(') if annotations && b.get(self.pos + 1) == Some(&b'@') => {
                    let start = self.pos;
                    self.annotation()?;
                    let custom = b"(@custom";
                    if b[start..].starts_with(custom)
                        && !b.get(start + custom.len()).is_some_and(|&c| is_idchar(c))
                    {
                        self.customs.push(Span::new(start, self.pos));
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Skips a block comment, which may nest.
    fn block_comment(&mut self) -> Result<()> {
        let start = self.pos;
        let b = self.bytes();
        let mut depth = 0usize;
        loop {
            match (b.get(self.pos), b.get(self.pos + 1)) {
                (Some(b'('), Some(b';')) => {
                    depth += 1;
                    self.pos += 2;
                }
                (Some(b';'), Some(b')')) => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                (Some(_), _) => self.pos += 1,
                (None, _) => return self.err(start, start + 2, "unclosed comment"),
            }
        }
    }

    /// Skips an annotation `(@id ...)` with balanced parentheses. Its id is a run of
    /// identifier characters or a string (of UTF-8, not empty), right after the `@`.
    fn annotation(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 2;
        let b = self.bytes();
        match b.get(self.pos) {
            Some(&c) if is_idchar(c) => {
                while b.get(self.pos).is_some_and(|&c| is_idchar(c)) {
                    self.pos += 1;
                }
            }
            Some(b'"') => {
                let s = self.pos;
                if self.string_end().is_err() || self.pos == s + 2 {
                    return self.err(start, start + 2, "empty annotation id");
                }
                if String::from_utf8(string_value(&self.src[s..self.pos])).is_err() {
                    return self.err(s, self.pos, "malformed UTF-8 encoding");
                }
            }
            _ => return self.err(start, start + 2, "empty annotation id"),
        }
        let mut depth = 1usize;
        while depth > 0 {
            self.skip_space(false)?;
            match self.bytes().get(self.pos) {
                None => return self.err(start, start + 2, "unclosed annotation"),
                Some(b'(') => {
                    depth += 1;
                    self.pos += 1;
                }
                Some(b')') => {
                    depth -= 1;
                    self.pos += 1;
                }
                Some(_) => {
                    if self.next_token()?.is_none() {
                        return self.err(start, start + 2, "unclosed annotation");
                    }
                }
            }
        }
        Ok(())
    }
}

/// The value of hex digits with optional `_` separators, if it fits in 64 bits.
pub(crate) fn parse_hex_digits(digits: &str) -> Option<u64> {
    let mut v: u64 = 0;
    let mut any = false;
    for c in digits.bytes() {
        if c == b'_' {
            continue;
        }
        let d = (c as char).to_digit(16)?;
        v = v.checked_mul(16)?.checked_add(u64::from(d))?;
        any = true;
    }
    any.then_some(v)
}

/// The bytes a string literal stands for (the token's text, quotes included).
pub fn string_value(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let inner = &b[1..b.len().saturating_sub(1).max(1)];
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] != b'\\' {
            out.push(inner[i]);
            i += 1;
            continue;
        }
        i += 1;
        match inner.get(i) {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'r') => out.push(b'\r'),
            Some(b'"') => out.push(b'"'),
            Some(b'\'') => out.push(b'\''),
            Some(b'\\') => out.push(b'\\'),
            Some(b'u') => {
                let close = inner[i..]
                    .iter()
                    .position(|&c| c == b'}')
                    .map_or(inner.len(), |p| i + p);
                let digits = std::str::from_utf8(&inner[i + 2..close]).unwrap_or("");
                let c = parse_hex_digits(digits)
                    .and_then(|v| u32::try_from(v).ok())
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}');
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i = close;
            }
            Some(_) => {
                let hex = std::str::from_utf8(&inner[i..(i + 2).min(inner.len())]).unwrap_or("0");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 1;
            }
            None => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn lex(src: &str) -> Result<Vec<(TokenKind, &str)>> {
        let mut l = Lexer::new(src);
        let mut v = Vec::new();
        while let Some(t) = l.next_token()? {
            v.push((t.kind, l.text(t)));
        }
        Ok(v)
    }

    #[test]
    fn tokens() {
        assert_eq!(
            lex("(module $m (func (i32.const -0x1_0) \"a\\n\"))").unwrap(),
            vec![
                (LParen, "("),
                (Keyword, "module"),
                (Id, "$m"),
                (LParen, "("),
                (Keyword, "func"),
                (LParen, "("),
                (Keyword, "i32.const"),
                (Number, "-0x1_0"),
                (RParen, ")"),
                (String, "\"a\\n\""),
                (RParen, ")"),
                (RParen, ")"),
            ]
        );
    }

    #[test]
    fn trivia() {
        let src = ";; line\n(; block (; nested ;) ;) (@custom \"x\" (a b) c) nop";
        assert_eq!(lex(src).unwrap(), vec![(Keyword, "nop")]);
        assert_eq!(lex("(; open").unwrap_err().message, "unclosed comment");
        assert_eq!(lex("(@a (b)").unwrap_err().message, "unclosed annotation");
    }

    #[test]
    fn reserved() {
        assert_eq!(lex("0x\"a\"").unwrap(), vec![(Reserved, "0x\"a\"")]);
        assert_eq!(lex("\"a\"\"b\"").unwrap(), vec![(Reserved, "\"a\"\"b\"")]);
        assert_eq!(lex("a,b").unwrap(), vec![(Reserved, "a,b")]);
        assert_eq!(
            lex("nop;;x\n$f;;").unwrap(),
            vec![(Keyword, "nop"), (Id, "$f")]
        );
        assert_eq!(lex("$").unwrap_err().message, "empty identifier");
        assert_eq!(
            lex("@a _b").unwrap(),
            vec![(Reserved, "@a"), (Reserved, "_b")]
        );
    }

    #[test]
    fn quoted_identifiers_and_annotation_ids() {
        assert_eq!(lex("$\"a b\"").unwrap(), vec![(Id, "$\"a b\"")]);
        assert_eq!(lex("$\"\"").unwrap_err().message, "empty identifier");
        assert_eq!(
            lex("$\"\\ef\"").unwrap_err().message,
            "malformed UTF-8 encoding"
        );
        assert_eq!(lex("(@) x").unwrap_err().message, "empty annotation id");
        assert_eq!(lex("(@\"\") x").unwrap_err().message, "empty annotation id");
        assert_eq!(lex("(@\"a b\" (c)) x").unwrap(), vec![(Keyword, "x")]);
        assert_eq!(lex("\u{1}").unwrap_err().message, "illegal character");
    }

    #[test]
    fn strings() {
        assert_eq!(string_value("\"\\41\\u{1F600}\\t\""), "A😀\t".as_bytes());
        assert_eq!(string_value("\"\\ff\""), vec![0xff]);
        for bad in ["\"\\q\"", "\"\\u{110000}\"", "\"\\4\"", "\"\\u{}\""] {
            assert_eq!(lex(bad).unwrap_err().message, "illegal escape", "{bad}");
        }
        assert_eq!(lex("\"abc").unwrap_err().message, "unclosed string");
        assert_eq!(
            lex("\"a\x01\"").unwrap_err().message,
            "illegal control character"
        );
    }

    #[test]
    fn render_points_at_the_span() {
        let src = "(module\n  (func (i32.const 0x)))";
        let at = src.find("0x").unwrap();
        let e = TextError::new(Span::new(at, at + 2), "unknown operator");
        assert_eq!(
            e.render(src, "t.wat"),
            "t.wat:2:20: unknown operator\n  |\n2 |   (func (i32.const 0x)))\n  |                    ^^"
        );
    }
}

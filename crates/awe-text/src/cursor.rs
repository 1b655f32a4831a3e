//! A cursor over the tokens of a source text, with the small reading helpers the module
//! and script parsers share.

use crate::error::{Result, Span, TextError};
use crate::lexer::{Lexer, Token, TokenKind, string_value};
use crate::num;

/// Tokens of a whole text and a position among them.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    pub(crate) src: &'a str,
    toks: Vec<Token>,
    pub(crate) pos: usize,
    /// The `(@custom ...)` annotations of the text, in order.
    pub(crate) customs: Vec<Span>,
    /// Whether limits and memory offsets are `u64`s (memory64), or 2.0's `u32`s.
    pub(crate) wide: bool,
}

/// A reference to an index: a number or a `$name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdxRef<'a> {
    Num(u32, Span),
    Id(&'a str, Span),
}

impl IdxRef<'_> {
    pub(crate) fn span(&self) -> Span {
        match *self {
            IdxRef::Num(_, s) | IdxRef::Id(_, s) => s,
        }
    }
}

/// Keywords of the text format that are not instructions: written where an instruction
/// is expected they are out of place ("unexpected token"), not unknown.
pub(crate) fn is_known_keyword(kw: &str) -> bool {
    crate::parser::is_module_field(kw)
        || matches!(
            kw,
            "module"
                | "param"
                | "result"
                | "local"
                | "mut"
                | "then"
                | "item"
                | "offset"
                | "declare"
                | "funcref"
                | "externref"
                | "extern"
                | "exnref"
                | "exn"
                | "catch"
                | "catch_ref"
                | "catch_all"
                | "catch_all_ref"
                | "i32"
                | "i64"
                | "f32"
                | "f64"
                | "v128"
                | "binary"
                | "quote"
                | "register"
                | "invoke"
                | "get"
                | "assert_return"
                | "assert_trap"
                | "assert_exhaustion"
                | "assert_malformed"
                | "assert_invalid"
                | "assert_unlinkable"
                | "assert_uninstantiable"
                | "nan:canonical"
                | "nan:arithmetic"
                | "ref.extern"
                | "ref.host"
        )
}
impl<'a> Cursor<'a> {
    /// Lexes all of `src`.
    pub(crate) fn new(src: &'a str) -> Result<Self> {
        let mut lexer = Lexer::new(src);
        let mut toks = Vec::new();
        while let Some(t) = lexer.next_token()? {
            toks.push(t);
        }
        let customs = lexer.custom_annotations().to_vec();
        Ok(Cursor {
            src,
            toks,
            pos: 0,
            customs,
            wide: true,
        })
    }

    pub(crate) fn text(&self, t: Token) -> &'a str {
        &self.src[t.span.start as usize..t.span.end as usize]
    }

    pub(crate) fn peek(&self) -> Option<Token> {
        self.toks.get(self.pos).copied()
    }

    /// The token at absolute position `i`.
    pub(crate) fn peek_at_abs(&self, i: usize) -> Option<Token> {
        self.toks.get(i).copied()
    }

    pub(crate) fn peek_at(&self, ahead: usize) -> Option<Token> {
        self.toks.get(self.pos + ahead).copied()
    }

    /// The span of the next token, or an empty span at the end of the text.
    pub(crate) fn here(&self) -> Span {
        self.peek()
            .map_or(Span::new(self.src.len(), self.src.len()), |t| t.span)
    }

    pub(crate) fn error<T>(&self, span: Span, msg: impl Into<String>) -> Result<T> {
        Err(TextError::new(span, msg))
    }

    /// "unexpected token" at the next token ("unknown operator" for a reserved token that
    /// is no token of the language, "unexpected end of input" at the end).
    pub(crate) fn unexpected<T>(&self) -> Result<T> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Reserved => {
                self.error(t.span, format!("unknown operator {}", self.text(t)))
            }
            Some(_) => self.error(self.here(), "unexpected token"),
            None => self.error(self.here(), "unexpected end of input"),
        }
    }

    pub(crate) fn next(&mut self) -> Result<Token> {
        match self.peek() {
            Some(t) => {
                self.pos += 1;
                Ok(t)
            }
            None => self.unexpected(),
        }
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    pub(crate) fn is(&self, kind: TokenKind) -> bool {
        self.peek().is_some_and(|t| t.kind == kind)
    }

    pub(crate) fn peek_keyword(&self) -> Option<&'a str> {
        self.peek()
            .filter(|t| t.kind == TokenKind::Keyword)
            .map(|t| self.text(t))
    }

    /// Whether the next tokens are `(` and the keyword `kw`.
    pub(crate) fn at_paren(&self, kw: &str) -> bool {
        self.is(TokenKind::LParen)
            && self
                .peek_at(1)
                .is_some_and(|t| t.kind == TokenKind::Keyword && self.text(t) == kw)
    }

    pub(crate) fn lparen(&mut self) -> Result<Span> {
        if self.is(TokenKind::LParen) {
            Ok(self.next()?.span)
        } else {
            self.unexpected()
        }
    }

    pub(crate) fn rparen(&mut self) -> Result<()> {
        if self.is(TokenKind::RParen) {
            self.pos += 1;
            Ok(())
        } else {
            self.unexpected()
        }
    }

    /// Consumes `(` and `kw` if they come next.
    pub(crate) fn eat_paren(&mut self, kw: &str) -> bool {
        if self.at_paren(kw) {
            self.pos += 2;
            true
        } else {
            false
        }
    }

    pub(crate) fn keyword(&mut self) -> Result<&'a str> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Keyword => {
                self.pos += 1;
                Ok(self.text(t))
            }
            // A word no keyword is (`@a`, `a,b`) where one must be.
            Some(t) if t.kind == TokenKind::Reserved => self.error(t.span, "unknown operator"),
            _ => self.unexpected(),
        }
    }

    pub(crate) fn eat_keyword(&mut self, kw: &str) -> bool {
        if self.peek_keyword() == Some(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn expect_keyword(&mut self, kw: &str) -> Result<()> {
        if self.eat_keyword(kw) {
            Ok(())
        } else {
            self.unexpected()
        }
    }

    pub(crate) fn opt_id(&mut self) -> Option<(&'a str, Span)> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Id => {
                self.pos += 1;
                Some((self.text(t), t.span))
            }
            _ => None,
        }
    }

    pub(crate) fn is_string(&self) -> bool {
        self.is(TokenKind::String)
    }

    pub(crate) fn string(&mut self) -> Result<Vec<u8>> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::String => {
                self.pos += 1;
                Ok(string_value(self.text(t)))
            }
            _ => self.unexpected(),
        }
    }

    /// A string that must be valid UTF-8 (import and export names).
    pub(crate) fn name(&mut self) -> Result<String> {
        let span = self.here();
        let bytes = self.string()?;
        String::from_utf8(bytes).or_else(|_| self.error(span, "malformed UTF-8 encoding"))
    }

    /// Whether an index (number or id) comes next.
    pub(crate) fn at_index(&self) -> bool {
        self.peek().is_some_and(|t| {
            t.kind == TokenKind::Id
                || (t.kind == TokenKind::Number && num::parse_u(self.text(t), 32).is_some())
        })
    }

    pub(crate) fn index(&mut self) -> Result<IdxRef<'a>> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Id => {
                self.pos += 1;
                Ok(IdxRef::Id(self.text(t), t.span))
            }
            Some(t) if t.kind == TokenKind::Number => {
                let v = self.u32_lit(t)?;
                self.pos += 1;
                Ok(IdxRef::Num(v, t.span))
            }
            _ => self.unexpected(),
        }
    }

    pub(crate) fn opt_index(&mut self) -> Result<Option<IdxRef<'a>>> {
        if self.at_index() {
            self.index().map(Some)
        } else {
            Ok(None)
        }
    }

    fn u32_lit(&self, t: Token) -> Result<u32> {
        match num::parse_u(self.text(t), 32) {
            Some(Ok(v)) => Ok(v as u32),
            Some(Err(_)) => self.error(t.span, "i32 constant out of range"),
            None => self.error(t.span, "unknown operator"),
        }
    }

    /// A `u64` literal (the limits of 64-bit memories and tables).
    pub(crate) fn u64(&mut self) -> Result<u64> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Number => {
                let v = match num::parse_u(self.text(t), 64) {
                    Some(Ok(v)) => v,
                    Some(Err(_)) => return self.error(t.span, "i64 constant out of range"),
                    None => return self.error(t.span, "unknown operator"),
                };
                self.pos += 1;
                Ok(v)
            }
            Some(t) if t.kind == TokenKind::Keyword || t.kind == TokenKind::Reserved => {
                self.error(t.span, "unknown operator")
            }
            _ => self.unexpected(),
        }
    }

    /// A `u32` literal (limits, lane counts, offsets).
    pub(crate) fn u32(&mut self) -> Result<u32> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Number => {
                let v = self.u32_lit(t)?;
                self.pos += 1;
                Ok(v)
            }
            Some(t) if t.kind == TokenKind::Keyword || t.kind == TokenKind::Reserved => {
                self.error(t.span, "unknown operator")
            }
            _ => self.unexpected(),
        }
    }

    /// A literal converted by `f` (`None`: not a literal of that form).
    pub(crate) fn literal<T>(
        &mut self,
        f: impl FnOnce(&str) -> num::Lit<T>,
        range_msg: &str,
    ) -> Result<T> {
        match self.peek() {
            Some(t)
                if matches!(
                    t.kind,
                    TokenKind::Number | TokenKind::Keyword | TokenKind::Reserved
                ) =>
            {
                match f(self.text(t)) {
                    Some(Ok(v)) => {
                        self.pos += 1;
                        Ok(v)
                    }
                    Some(Err(_)) => self.error(t.span, range_msg),
                    // A keyword of the language, just not a number here.
                    None if is_known_keyword(self.text(t)) => self.unexpected(),
                    None => self.error(t.span, format!("unknown operator {}", self.text(t))),
                }
            }
            _ => self.unexpected(),
        }
    }

    /// Skips one token, or a whole parenthesized group (without recursion).
    pub(crate) fn skip_item(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            let t = self.next()?;
            match t.kind {
                TokenKind::LParen => depth += 1,
                TokenKind::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// Skips the rest of the item whose `(` and keyword were read: up to and including
    /// its `)`.
    pub(crate) fn skip_rest(&mut self) -> Result<()> {
        while !self.is(TokenKind::RParen) {
            self.skip_item()?;
        }
        self.rparen()
    }
}

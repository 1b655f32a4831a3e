//! Instructions in the text format ([spec §6.5](https://webassembly.github.io/spec/core/text/instructions.html)),
//! flat (`block ... end`) and folded (`(block ...)`, `(i32.add (x) (y))`), read with an
//! explicit stack so that nesting depth never grows the native stack.

use crate::error::{Result, Span};
use crate::lexer::TokenKind;
use crate::num;
use crate::parser::Parser;
use awe_module::*;

/// What an open construct is waiting for.
enum Frame<'a> {
    /// A folded plain instruction (and where its keyword is): its operands are being
    /// read; emitted at `)`.
    Folded(Instr, Span),
    /// `(block ...)` or `(loop ...)`: `end` at `)`.
    FoldedBlock,
    /// `(if ...)`: the instruction is emitted, and its label comes into scope, at
    /// `(then`; the condition operands before it see only the enclosing labels.
    FoldedIf(Instr, IfStage, Option<&'a str>, Span),
    /// `block`, `loop` or `if` in flat syntax, closed by `end`; the label and whether
    /// `else` may still come.
    Flat(Option<&'a str>, bool),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum IfStage {
    Condition,
    Then,
    AfterThen,
    Else,
    AfterElse,
}

impl<'a> Parser<'a> {
    /// Appends `instr` to `out`, and, when spans are kept, where its source is.
    fn emit(&mut self, out: &mut Vec<Instr>, instr: Instr, span: Span) {
        if let Some(spans) = &mut self.instr_spans {
            spans.push(span);
        }
        out.push(instr);
    }

    /// Instructions up to a `)` at this level (not consumed).
    pub(crate) fn instrs(&mut self, out: &mut Vec<Instr>) -> Result<()> {
        self.instr_seq(out, false)
    }

    /// Exactly one folded instruction, `(` ... `)`.
    pub(crate) fn folded_instr(&mut self, out: &mut Vec<Instr>) -> Result<()> {
        self.instr_seq(out, true)
    }

    fn instr_seq(&mut self, out: &mut Vec<Instr>, single: bool) -> Result<()> {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        let base_labels = self.labels.len();
        loop {
            if single && stack.is_empty() && !out.is_empty() && !self.c.is(TokenKind::LParen) {
                return Ok(());
            }
            let Some(tok) = self.c.peek() else {
                return self.c.unexpected();
            };
            match tok.kind {
                TokenKind::RParen => {
                    let Some(top) = stack.last_mut() else {
                        if self.labels.len() != base_labels {
                            return self.c.unexpected();
                        }
                        return Ok(());
                    };
                    let paren = tok.span;
                    match top {
                        Frame::Folded(..) => {
                            self.c.pos += 1;
                            if let Some(Frame::Folded(i, span)) = stack.pop() {
                                self.emit(out, i, span);
                            }
                        }
                        Frame::FoldedBlock => {
                            self.c.pos += 1;
                            self.emit(out, Instr::End, paren);
                            self.labels.pop();
                            stack.pop();
                        }
                        Frame::FoldedIf(_, stage, _, _) => match *stage {
                            IfStage::Condition => return self.c.unexpected(),
                            IfStage::Then => {
                                self.c.pos += 1;
                                *stage = IfStage::AfterThen;
                            }
                            IfStage::Else => {
                                self.c.pos += 1;
                                *stage = IfStage::AfterElse;
                            }
                            IfStage::AfterThen | IfStage::AfterElse => {
                                self.c.pos += 1;
                                self.emit(out, Instr::End, paren);
                                self.labels.pop();
                                stack.pop();
                            }
                        },
                        Frame::Flat(..) => return self.c.unexpected(),
                    }
                    if single && stack.is_empty() {
                        return Ok(());
                    }
                }
                TokenKind::LParen => {
                    let kw_tok = self.c.peek_at(1);
                    let kw = kw_tok
                        .filter(|t| t.kind == TokenKind::Keyword)
                        .map(|t| self.c.text(t));
                    let kw_span = kw_tok.map_or(tok.span, |t| t.span);
                    if let Some(Frame::FoldedIf(instr, stage, label, if_span)) = stack.last_mut() {
                        match (*stage, kw) {
                            (IfStage::Condition, Some("then")) => {
                                self.c.pos += 2;
                                let (instr, if_span) = (instr.clone(), *if_span);
                                self.labels.push(*label);
                                *stage = IfStage::Then;
                                self.emit(out, instr, if_span);
                                continue;
                            }
                            (IfStage::AfterThen, Some("else")) => {
                                self.c.pos += 2;
                                *stage = IfStage::Else;
                                self.emit(out, Instr::Else, kw_span);
                                continue;
                            }
                            (IfStage::AfterThen | IfStage::AfterElse, _) => {
                                return self.c.unexpected();
                            }
                            _ => {}
                        }
                    }
                    let Some(kw) = kw else {
                        self.c.pos += 1;
                        return self.c.unexpected();
                    };
                    let span = self.c.peek_at(1).map_or(self.c.here(), |t| t.span);
                    self.c.pos += 2;
                    match kw {
                        "block" | "loop" => {
                            let label = self.c.opt_id().map(|(id, _)| id);
                            let ty = self.block_type()?;
                            let instr = if kw == "block" {
                                Instr::Block { ty }
                            } else {
                                Instr::Loop { ty }
                            };
                            self.emit(out, instr, span);
                            self.labels.push(label);
                            stack.push(Frame::FoldedBlock);
                        }
                        "try_table" => {
                            let label = self.c.opt_id().map(|(id, _)| id);
                            let instr = self.try_table()?;
                            self.emit(out, instr, span);
                            self.labels.push(label);
                            stack.push(Frame::FoldedBlock);
                        }
                        "if" => {
                            let label = self.c.opt_id().map(|(id, _)| id);
                            let ty = self.block_type()?;
                            stack.push(Frame::FoldedIf(
                                Instr::If { ty },
                                IfStage::Condition,
                                label,
                                span,
                            ));
                        }
                        _ => {
                            let instr = self.plain_instr(kw, span)?;
                            stack.push(Frame::Folded(instr, span));
                        }
                    }
                }
                TokenKind::Keyword => {
                    if let Some(Frame::FoldedIf(_, stage, _, _)) = stack.last()
                        && *stage != IfStage::Then
                        && *stage != IfStage::Else
                    {
                        return self.c.unexpected();
                    }
                    let span = tok.span;
                    let kw = self.c.text(tok);
                    self.c.pos += 1;
                    match kw {
                        "block" | "loop" | "if" | "try_table" => {
                            let label = self.c.opt_id().map(|(id, _)| id);
                            let instr = match kw {
                                "block" => Instr::Block {
                                    ty: self.block_type()?,
                                },
                                "loop" => Instr::Loop {
                                    ty: self.block_type()?,
                                },
                                "try_table" => self.try_table()?,
                                _ => Instr::If {
                                    ty: self.block_type()?,
                                },
                            };
                            self.emit(out, instr, span);
                            self.labels.push(label);
                            stack.push(Frame::Flat(label, kw == "if"));
                        }
                        "else" | "end" => {
                            let Some(Frame::Flat(label, else_allowed)) = stack.last_mut() else {
                                return self.c.error(span, "unexpected token");
                            };
                            if kw == "else" && !*else_allowed {
                                return self.c.error(span, "unexpected token");
                            }
                            if let Some((id, id_span)) = self.c.opt_id()
                                && !label.is_some_and(|l| {
                                    crate::parser::id_name(l) == crate::parser::id_name(id)
                                })
                            {
                                return self.c.error(id_span, "mismatching label");
                            }
                            if kw == "else" {
                                *else_allowed = false;
                                self.emit(out, Instr::Else, span);
                            } else {
                                self.labels.pop();
                                stack.pop();
                                self.emit(out, Instr::End, span);
                            }
                        }
                        _ => {
                            let instr = self.plain_instr(kw, span)?;
                            self.emit(out, instr, span);
                        }
                    }
                }
                _ => {
                    let text = self.c.text(tok);
                    return self.c.error(tok.span, format!("unknown operator {text}"));
                }
            }
        }
    }

    /// `try_table`'s block type and `catch` clauses, after its label: the clauses' labels
    /// are those around the `try_table` (its own is pushed after).
    fn try_table(&mut self) -> Result<Instr> {
        let ty = self.block_type()?;
        let mut catches = Vec::new();
        loop {
            let kind = if self.c.eat_paren("catch") {
                CatchKind::Catch
            } else if self.c.eat_paren("catch_ref") {
                CatchKind::CatchRef
            } else if self.c.eat_paren("catch_all") {
                CatchKind::CatchAll
            } else if self.c.eat_paren("catch_all_ref") {
                CatchKind::CatchAllRef
            } else {
                break;
            };
            let tag = if kind.has_tag() {
                let r = self.c.index()?;
                TagIdx(self.tag_ref(r)?)
            } else {
                TagIdx(0)
            };
            let label = LabelIdx::parse(self, None)?;
            self.c.rparen()?;
            catches.push(Catch { kind, tag, label });
        }
        Ok(Instr::TryTable {
            ty,
            catches: Box::new(catches),
        })
    }

    /// A plain (non-block) instruction and its immediates, after its keyword.
    fn plain_instr(&mut self, kw: &'a str, span: Span) -> Result<Instr> {
        Ok(match kw {
            "select" => {
                if self.c.at_paren("result") {
                    let mut types = Vec::new();
                    while self.c.eat_paren("result") {
                        while !self.c.is(TokenKind::RParen) {
                            types.push(self.val_type()?);
                        }
                        self.c.rparen()?;
                    }
                    Instr::SelectTyped {
                        types: Box::new(types),
                    }
                } else {
                    Instr::Select
                }
            }
            "call_indirect" => {
                let table = self.opt_table()?;
                let ty = self.call_type()?;
                Instr::CallIndirect { ty, table }
            }
            "return_call_indirect" => {
                let table = self.opt_table()?;
                let ty = self.call_type()?;
                Instr::ReturnCallIndirect { ty, table }
            }
            "table.init" => {
                let first = self.c.index()?;
                match self.c.opt_index()? {
                    Some(second) => Instr::TableInit {
                        table: TableIdx(self.table_ref(first)?),
                        elem: ElemIdx(self.elem_ref(second)?),
                    },
                    None => Instr::TableInit {
                        table: TableIdx(0),
                        elem: ElemIdx(self.elem_ref(first)?),
                    },
                }
            }
            "memory.init" => {
                let first = self.c.index()?;
                match self.c.opt_index()? {
                    Some(second) => Instr::MemoryInit {
                        mem: MemIdx(self.mem_ref(first)?),
                        data: DataIdx(self.data_ref(second)?),
                    },
                    None => Instr::MemoryInit {
                        mem: MemIdx(0),
                        data: DataIdx(self.data_ref(first)?),
                    },
                }
            }
            "memory.copy" => match self.c.opt_index()? {
                Some(dst) => {
                    let src = self.c.index()?;
                    Instr::MemoryCopy {
                        dst: MemIdx(self.mem_ref(dst)?),
                        src: MemIdx(self.mem_ref(src)?),
                    }
                }
                None => Instr::MemoryCopy {
                    dst: MemIdx(0),
                    src: MemIdx(0),
                },
            },
            "table.copy" => match self.c.opt_index()? {
                Some(dst) => {
                    let src = self.c.index()?;
                    Instr::TableCopy {
                        dst: TableIdx(self.table_ref(dst)?),
                        src: TableIdx(self.table_ref(src)?),
                    }
                }
                None => Instr::TableCopy {
                    dst: TableIdx(0),
                    src: TableIdx(0),
                },
            },
            "ref.test" | "ref.cast" => {
                let t = self.ref_type()?;
                match (kw, t.nullable) {
                    ("ref.test", false) => Instr::RefTest {
                        ty: RefHeap(t.heap),
                    },
                    ("ref.test", true) => Instr::RefTestNull {
                        ty: RefNullHeap(t.heap),
                    },
                    (_, false) => Instr::RefCast {
                        ty: RefHeap(t.heap),
                    },
                    (_, true) => Instr::RefCastNull {
                        ty: RefNullHeap(t.heap),
                    },
                }
            }
            "struct.get" | "struct.get_s" | "struct.get_u" | "struct.set" => {
                let r = self.c.index()?;
                let ty = TypeIdx(self.type_ref(r)?);
                let f = self.c.index()?;
                let field = FieldIdx(self.field_ref(ty, f)?);
                match kw {
                    "struct.get" => Instr::StructGet { ty, field },
                    "struct.get_s" => Instr::StructGetS { ty, field },
                    "struct.get_u" => Instr::StructGetU { ty, field },
                    _ => Instr::StructSet { ty, field },
                }
            }
            _ => match self.table_instr(kw)? {
                Some(i) => i,
                None if crate::cursor::is_known_keyword(kw) => {
                    return self.c.error(span, "unexpected token");
                }
                None => return self.c.error(span, format!("unknown operator {kw}")),
            },
        })
    }

    /// Whether a memory index begins the memory immediate: an id, or a number, unless
    /// it is the lane index of a lane instruction (one with no other number after it
    /// and its `offset=` and `align=`).
    fn memarg_has_memory(&self) -> bool {
        let Some(t) = self.c.peek() else {
            return false;
        };
        if t.kind == TokenKind::Id {
            return true;
        }
        if !self.c.at_index() {
            return false;
        }
        if !self.lane_follows {
            return true;
        }
        let mut i = 1;
        while let Some(t) = self.c.peek_at(i) {
            let text = self.c.text(t);
            if t.kind == TokenKind::Keyword
                && (text.starts_with("offset=") || text.starts_with("align="))
            {
                i += 1;
                continue;
            }
            return t.kind == TokenKind::Number;
        }
        false
    }

    fn opt_mem(&mut self) -> Result<MemIdx> {
        match self.c.opt_index()? {
            Some(r) => Ok(MemIdx(self.mem_ref(r)?)),
            None => Ok(MemIdx(0)),
        }
    }

    fn opt_table(&mut self) -> Result<TableIdx> {
        match self.c.opt_index()? {
            Some(r) => Ok(TableIdx(self.table_ref(r)?)),
            None => Ok(TableIdx(0)),
        }
    }
}

/// An immediate as written in the text format.
trait TextImmediate<'a>: Sized {
    fn parse(p: &mut Parser<'a>, natural_align: Option<u32>) -> Result<Self>;
}

macro_rules! index_immediate {
    ($($t:ident => $resolve:ident),*) => {$(
        impl<'a> TextImmediate<'a> for $t {
            fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
                let r = p.c.index()?;
                Ok($t(p.$resolve(r)?))
            }
        }
    )*};
}
index_immediate!(TypeIdx => type_ref, FuncIdx => func_ref, GlobalIdx => global_ref, TagIdx => tag_ref,
    ElemIdx => elem_ref, DataIdx => data_ref, LocalIdx => local_ref, LabelIdx => label_ref);

/// Only through [`Parser::plain_instr`], which resolves a field's name by its type.
impl<'a> TextImmediate<'a> for FieldIdx {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.unexpected()
    }
}

/// Only through [`Parser::plain_instr`], which picks the opcode by the nullability.
impl<'a> TextImmediate<'a> for RefHeap {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.unexpected()
    }
}

/// Only through [`Parser::plain_instr`] (see [`RefHeap`]'s).
impl<'a> TextImmediate<'a> for RefNullHeap {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.unexpected()
    }
}

/// `br_on_cast`'s label and two reference types.
impl<'a> TextImmediate<'a> for BrCast {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        let label = LabelIdx::parse(p, None)?;
        let from = p.ref_type()?;
        let to = p.ref_type()?;
        Ok(BrCast { label, from, to })
    }
}

/// A count (`array.new_fixed`'s length): a natural number below 2^32.
impl<'a> TextImmediate<'a> for u32 {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.literal(|s| num::parse_u(s, 32), "constant out of range")
            .map(|v| v as u32)
    }
}

/// Table indices may be left out of table instructions (they default to 0).
impl<'a> TextImmediate<'a> for TableIdx {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.opt_table()
    }
}

/// Memory indices may be left out (they default to 0).
impl<'a> TextImmediate<'a> for MemIdx {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.opt_mem()
    }
}

impl<'a, T: TextImmediate<'a>> TextImmediate<'a> for Box<T> {
    fn parse(p: &mut Parser<'a>, natural: Option<u32>) -> Result<Self> {
        T::parse(p, natural).map(Box::new)
    }
}

impl<'a> TextImmediate<'a> for BlockType {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.block_type()
    }
}

impl<'a> TextImmediate<'a> for BrTable {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        let mut labels = vec![LabelIdx::parse(p, None)?];
        while p.c.at_index() {
            labels.push(LabelIdx::parse(p, None)?);
        }
        let default = labels.pop().unwrap_or_default();
        Ok(BrTable {
            targets: labels.into_boxed_slice(),
            default,
        })
    }
}

impl<'a> TextImmediate<'a> for MemArg {
    fn parse(p: &mut Parser<'a>, natural: Option<u32>) -> Result<Self> {
        let mut arg = MemArg {
            align: natural.unwrap_or(0),
            memory: if p.memarg_has_memory() {
                p.opt_mem()?
            } else {
                MemIdx(0)
            },
            offset: 0,
        };
        if let Some(kw) = p.c.peek_keyword()
            && let Some(v) = kw.strip_prefix("offset=")
        {
            let span = p.c.here();
            // Up to 2^64 (memory64; validation bounds it by the memory's address type),
            // or 2^32 as 2.0 reads it.
            let bits = if p.c.wide { 64 } else { 32 };
            arg.offset = match num::parse_u(v, bits) {
                Some(Ok(v)) => v,
                Some(Err(_)) if !p.c.wide => return p.c.error(span, "i32 constant out of range"),
                Some(Err(_)) => return p.c.error(span, "i64 constant out of range"),
                None => return p.c.error(span, format!("unknown operator {kw}")),
            };
            p.c.pos += 1;
        }
        if let Some(kw) = p.c.peek_keyword()
            && let Some(v) = kw.strip_prefix("align=")
        {
            let span = p.c.here();
            // Up to 2^63: a memarg's alignment is below 2^6 (validation bounds it).
            let bytes = match num::parse_u(v, 64) {
                Some(Ok(v)) => v,
                Some(Err(_)) => return p.c.error(span, "i64 constant out of range"),
                None => return p.c.error(span, format!("unknown operator {kw}")),
            };
            if !bytes.is_power_of_two() {
                return p.c.error(span, "alignment must be a power of two");
            }
            arg.align = bytes.trailing_zeros();
            p.c.pos += 1;
        }
        Ok(arg)
    }
}

impl<'a> TextImmediate<'a> for i32 {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.literal(|s| num::parse_i(s, 32), "constant out of range")
            .map(|v| v as u32 as i32)
    }
}

impl<'a> TextImmediate<'a> for i64 {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.literal(|s| num::parse_i(s, 64), "constant out of range")
            .map(|v| v as i64)
    }
}

impl<'a> TextImmediate<'a> for Ieee32 {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.literal(num::parse_f32, "constant out of range")
            .map(Ieee32)
    }
}

impl<'a> TextImmediate<'a> for Ieee64 {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.literal(num::parse_f64, "constant out of range")
            .map(Ieee64)
    }
}

impl<'a> TextImmediate<'a> for V128 {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        let shape = p.c.keyword()?;
        let mut bytes = Vec::with_capacity(16);
        let (lanes, width) = match shape {
            "i8x16" => (16, 1),
            "i16x8" => (8, 2),
            "i32x4" | "f32x4" => (4, 4),
            "i64x2" | "f64x2" => (2, 8),
            _ => return p.c.error(p.c.here(), "unexpected token"),
        };
        // Like the reference, count the lanes before reading their values.
        if let Some(missing) = (0..lanes).find(|&i| !is_literal(p, i)) {
            let span = p.c.peek_at(missing).map_or(p.c.here(), |t| t.span);
            return p.c.error(span, "wrong number of lane literals");
        }
        for _ in 0..lanes {
            let v: u64 = match shape {
                "f32x4" => u64::from(p.c.literal(num::parse_f32, "constant out of range")?),
                "f64x2" => p.c.literal(num::parse_f64, "constant out of range")?,
                _ => {
                    p.c.literal(|s| num::parse_i(s, width * 8), "constant out of range")?
                }
            };
            bytes.extend_from_slice(&v.to_le_bytes()[..width as usize]);
        }
        if is_literal(p, 0) {
            return p.c.error(p.c.here(), "wrong number of lane literals");
        }
        let mut a = [0u8; 16];
        a.copy_from_slice(&bytes);
        Ok(V128(a))
    }
}

impl<'a> TextImmediate<'a> for Shuffle {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        let mut a = [0u8; 16];
        if let Some(missing) = (0..16).find(|&i| !is_literal(p, i)) {
            let span = p.c.peek_at(missing).map_or(p.c.here(), |t| t.span);
            return p.c.error(span, "wrong number of lane indices");
        }
        for lane in &mut a {
            *lane = LaneIdx::parse(p, None)?.0;
        }
        if is_literal(p, 0) {
            return p.c.error(p.c.here(), "wrong number of lane indices");
        }
        Ok(Shuffle(a))
    }
}

/// Whether the token `ahead` of the cursor stands where a numeric literal would:
/// a number, or a word like `inf`, `nan` or `nan:...` (checked when it is read).
fn is_literal(p: &Parser<'_>, ahead: usize) -> bool {
    p.c.peek_at(ahead).is_some_and(|t| match t.kind {
        // A reserved word (`.0`) is a malformed number there.
        TokenKind::Number | TokenKind::Reserved => true,
        TokenKind::Keyword => {
            let s = p.c.text(t);
            s == "inf" || s.starts_with("nan")
        }
        _ => false,
    })
}

/// A lane index: a natural number below 256 ("i8 constant out of range" above).
impl<'a> TextImmediate<'a> for LaneIdx {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        let Some(t) = p.c.peek().filter(|t| t.kind == TokenKind::Number) else {
            return p.c.error(p.c.here(), "unexpected token");
        };
        match num::parse_u(p.c.text(t), 8) {
            Some(Ok(v)) => {
                p.c.pos += 1;
                Ok(LaneIdx(v as u8))
            }
            Some(Err(_)) => p.c.error(t.span, "i8 constant out of range"),
            None => p.c.error(t.span, "unexpected token"),
        }
    }
}

/// The heap type of `ref.null`.
impl<'a> TextImmediate<'a> for HeapType {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.heap_type()
    }
}

/// Only through [`Parser::try_table`], which parses the clauses with the block.
impl<'a> TextImmediate<'a> for Vec<Catch> {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        p.c.unexpected()
    }
}

impl<'a> TextImmediate<'a> for Vec<ValType> {
    fn parse(p: &mut Parser<'a>, _: Option<u32>) -> Result<Self> {
        let mut v = Vec::new();
        while p.c.eat_paren("result") {
            while !p.c.is(TokenKind::RParen) {
                v.push(p.val_type()?);
            }
            p.c.rparen()?;
        }
        Ok(v)
    }
}

macro_rules! define_text_instr {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        impl<'a> Parser<'a> {
            /// The instruction with keyword `kw` and its immediates, if `kw` is one.
            #[allow(unreachable_patterns)]
            fn table_instr(&mut self, kw: &str) -> Result<Option<Instr>> {
                self.lane_follows = kw.ends_with("_lane");
                Ok(Some(match kw {
                    $( $text => {
                        let _natural: Option<u32> = awe_module::__natural_align!($class $(($($arg)*))?);
                        Instr::$name $({
                            $( $field: <$ty as TextImmediate<'a>>::parse(self, _natural)? ),*
                        })?
                    } )*
                    _ => return Ok(None),
                }))
            }
        }
    };
}

awe_module::for_each_instruction!(define_text_instr);

//! The module decoder ([spec §5.5](https://webassembly.github.io/spec/core/binary/modules.html)).
//!
//! It never recurses per nesting level (blocks are tracked with an explicit stack), and
//! every count read from the input is checked against the bytes that remain before
//! anything is reserved for it.

use crate::error::{DecodeErrorKind as K, Result};
use crate::instr::{decode_instr_after_opcode, is_prefix};
use crate::reader::{Reader, capacity};
use crate::types::*;
use awe_module::*;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// What the decoder reports about the bytes it reads, for tools that explain a binary
/// (`awe inspect`). Decoding with `()` reports nothing and costs nothing.
pub trait Observer {
    /// Whether [`Observer::note`] is wanted; when `false` no note is even formatted.
    const NOTES: bool = true;

    /// A section was decoded.
    fn section(&mut self, _section: &SectionInfo) {}

    /// `range` of the input holds what `what` says. `indent` is the block nesting depth
    /// for instructions, 0 elsewhere.
    fn note(&mut self, _range: Range<usize>, _indent: u32, _what: fmt::Arguments<'_>) {}
}

impl Observer for () {
    const NOTES: bool = false;
}

/// Where a section is and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionInfo {
    /// Which section.
    pub id: SectionId,
    /// The name of a custom section.
    pub custom_name: Option<String>,
    /// The whole section, header included.
    pub range: Range<usize>,
    /// The payload after the header.
    pub payload: Range<usize>,
    /// The number of items a vector section declares (1 for start and data count).
    pub count: Option<u32>,
}

/// Decodes a binary module.
pub fn decode(bytes: &[u8]) -> Result<Module> {
    decode_with(bytes, &mut ())
}

/// What of WebAssembly 3.0's binary format a decoder reads: all of it
/// ([`Encoding::WASM3`], what [`decode`] reads), or without the parts of some features,
/// as a decoder without them does (the proposals' tests expect their own era's errors):
/// without multi-memory, the memory index of `memory.size`, `memory.grow`,
/// `memory.fill`, `memory.copy` and `memory.init` is a reserved zero byte ("zero byte
/// expected"); without exception handling, the tag section, tag imports and exports,
/// `exnref` and the opcodes `throw`, `throw_ref` and `try_table` do not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding {
    /// Memory indices in memory instructions.
    pub multi_memory: bool,
    /// Tags, `exnref`, and the exception instructions.
    pub exceptions: bool,
    /// 64-bit limits and memory offsets (memory64): limits flags are a byte and limits
    /// and offsets `u64`s; without, as WebAssembly 2.0 reads them, the flags are a
    /// one-bit LEB128 (0 or 1) and limits and offsets `u32`s.
    pub memory64: bool,
}

impl Encoding {
    /// The whole format.
    pub const WASM3: Encoding = Encoding {
        multi_memory: true,
        exceptions: true,
        memory64: true,
    };
}

/// The type of the references of an element segment of function indices.
const FUNCS: RefType = RefType::non_null(HeapType::Func);

/// Decodes a binary module of `encoding` (see [`Encoding`]).
pub fn decode_encoding(bytes: &[u8], encoding: Encoding) -> Result<Module> {
    let mut r = Reader::new(bytes);
    r.encoding = encoding;
    Decoder {
        r,
        obs: &mut (),
        uses_data_index: false,
        frames: Vec::new(),
        shared: None,
    }
    .module()
}

/// Decodes a binary module, telling `observer` about every part of it.
pub fn decode_with<O: Observer>(bytes: &[u8], observer: &mut O) -> Result<Module> {
    Decoder {
        r: Reader::new(bytes),
        obs: observer,
        uses_data_index: false,
        frames: Vec::new(),
        shared: None,
    }
    .module()
}

/// Decodes a binary module but its function bodies' instructions, which stay in their
/// encoding: every [`Func`] gets an [`EncodedBody`], a range of `bytes` (shared, not
/// copied), and an empty `body`. The instructions are read when something goes
/// through them ([`crate::for_each_instr`]: validation, translation), which reports a
/// malformed one then; [`crate::check_bodies`] reads them all. So `decode_shared` and
/// `check_bodies` together reject exactly what [`decode`] rejects.
///
/// This is the form for execution: a body takes the bytes it has in the binary, where a
/// decoded one takes 16 bytes per instruction and 4 for its offset, and validation
/// decodes each body once, as it validates it.
pub fn decode_shared(bytes: &Arc<[u8]>) -> Result<Module> {
    Decoder {
        r: Reader::new(bytes),
        obs: &mut (),
        uses_data_index: false,
        frames: Vec::new(),
        shared: Some(bytes.clone()),
    }
    .module()
    // A malformed module: its bodies may be what is wrong (a body that reads on past
    // its end, say, where the rest then looks malformed), so the error is the one
    // reading them all gives.
    .or_else(|_| decode(bytes))
}

struct Decoder<'a, 'o, O: Observer> {
    r: Reader<'a>,
    obs: &'o mut O,
    /// Whether any body uses `memory.init` or `data.drop` (which need a data count).
    uses_data_index: bool,
    /// Open blocks while reading an expression (reused between expressions).
    frames: Vec<Frame>,
    /// The module's bytes when bodies are kept encoded ([`decode_shared`]).
    shared: Option<Arc<[u8]>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Block,
    If,
    Else,
}

/// Notes a range from `$start` to the current position, formatting only when wanted.
macro_rules! note {
    ($d:expr, $start:expr, $indent:expr, $($fmt:tt)*) => {
        if O::NOTES {
            let end = $d.r.pos();
            $d.obs.note($start..end, $indent, format_args!($($fmt)*));
        }
    };
}

impl<O: Observer> Decoder<'_, '_, O> {
    fn module(mut self) -> Result<Module> {
        let mut m = Module::default();
        self.header()?;

        let mut func_types: Vec<TypeIdx> = Vec::new();
        let mut bodies: Vec<Func> = Vec::new();
        let mut last: Option<SectionId> = None;

        while !self.r.at_end() {
            let start = self.r.pos();
            let id_byte = self.r.u8()?;
            let Some(id) = SectionId::from_id(id_byte)
                .filter(|&id| id != SectionId::Tag || self.r.encoding.exceptions)
            else {
                return self.r.error(K::MalformedSectionId, start);
            };
            if id != SectionId::Custom {
                if last.is_some_and(|l| id.order() <= l.order()) {
                    return self.r.error(K::UnexpectedContent, start);
                }
                last = Some(id);
            }
            let size = match self.r.len32() {
                Ok(size) => size,
                Err(e) => {
                    note!(self, start, 0, "section {} ({})", id_byte, id);
                    return Err(e);
                }
            };
            let payload_start = self.r.pos();
            let payload_end = payload_start + size;
            note!(
                self,
                start,
                0,
                "section {} ({}), size {}",
                id_byte,
                id,
                size
            );

            let mut custom_name = None;
            let count = match id {
                SectionId::Custom => {
                    custom_name = Some(self.custom(&mut m, payload_end, last)?);
                    None
                }
                SectionId::Type => Some(self.vec("types", |d, _| {
                    // A recursion group (0x4e, then its types) or one type.
                    let in_group = d.r.peek() == Some(0x4e);
                    let n = if in_group {
                        d.r.u8()?;
                        d.r.len32()?
                    } else {
                        1
                    };
                    let start = m.types.len() as u32;
                    for _ in 0..n {
                        let at = d.r.pos();
                        let t = read_sub_type(&mut d.r)?;
                        note!(d, at, 0, "type {}: {}", m.types.len(), t);
                        m.types.push(t);
                    }
                    if in_group {
                        m.rec_groups.push(RecGroup {
                            start,
                            len: n as u32,
                        });
                    }
                    Ok(())
                })?),
                SectionId::Import => Some(self.vec("imports", |d, i| {
                    let at = d.r.pos();
                    let module = d.r.name()?.to_owned();
                    let name = d.r.name()?.to_owned();
                    let kind_at = d.r.pos();
                    let desc = match d.r.u8()? {
                        0x00 => ImportDesc::Func(TypeIdx(d.r.u32()?)),
                        0x01 => ImportDesc::Table(read_table_type(&mut d.r)?),
                        0x02 => ImportDesc::Memory(read_mem_type(&mut d.r)?),
                        0x03 => ImportDesc::Global(read_global_type(&mut d.r)?),
                        0x04 if d.r.encoding.exceptions => {
                            ImportDesc::Tag(read_tag_type(&mut d.r)?)
                        }
                        _ => return d.r.error(K::MalformedImportKind, kind_at),
                    };
                    note!(d, at, 0, "import {}: {:?} {:?} {}", i, module, name, desc);
                    m.imports.push(Import { module, name, desc });
                    Ok(())
                })?),
                SectionId::Function => {
                    let imported = m.num_imported_funcs();
                    Some(self.vec("functions", |d, i| {
                        let at = d.r.pos();
                        let t = TypeIdx(d.r.u32()?);
                        note!(
                            d,
                            at,
                            0,
                            "function {}: type {}",
                            imported.saturating_add(i),
                            t
                        );
                        func_types.push(t);
                        Ok(())
                    })?)
                }
                SectionId::Table => Some(self.vec("tables", |d, i| {
                    // `0x40 0x00 tabletype expr`: a table with an initializer
                    // (typed function references), else `tabletype`.
                    let at = d.r.pos();
                    let with_init = d.r.peek() == Some(0x40);
                    if with_init {
                        d.r.u8()?;
                        let zero = d.r.pos();
                        if d.r.u8()? != 0 {
                            return d.r.error(K::MalformedTable, zero);
                        }
                    }
                    let ty = read_table_type(&mut d.r)?;
                    let index = m.num_imported(ExternKind::Table).saturating_add(i);
                    note!(d, at, 0, "table {}: {}", index, ty);
                    let init = if with_init {
                        Some(d.const_expr()?)
                    } else {
                        None
                    };
                    m.tables.push(Table { ty, init });
                    Ok(())
                })?),
                SectionId::Memory => Some(self.vec("memories", |d, i| {
                    let at = d.r.pos();
                    let t = read_mem_type(&mut d.r)?;
                    let index = m.num_imported(ExternKind::Memory).saturating_add(i);
                    note!(d, at, 0, "memory {}: {}", index, t);
                    m.memories.push(t);
                    Ok(())
                })?),
                SectionId::Tag => Some(self.vec("tags", |d, i| {
                    let at = d.r.pos();
                    let t = read_tag_type(&mut d.r)?;
                    let index = m.num_imported(ExternKind::Tag).saturating_add(i);
                    note!(d, at, 0, "tag {}: {}", index, t);
                    m.tags.push(t);
                    Ok(())
                })?),
                SectionId::Global => Some(self.vec("globals", |d, i| {
                    let at = d.r.pos();
                    let ty = read_global_type(&mut d.r)?;
                    let index = m.num_imported(ExternKind::Global).saturating_add(i);
                    note!(d, at, 0, "global {}: {}", index, ty);
                    let init = d.const_expr()?;
                    m.globals.push(Global { ty, init });
                    Ok(())
                })?),
                SectionId::Export => Some(self.vec("exports", |d, i| {
                    let at = d.r.pos();
                    let name = d.r.name()?.to_owned();
                    let kind_at = d.r.pos();
                    let kind = d.r.u8()?;
                    let index = d.r.u32()?;
                    let desc = match kind {
                        0x00 => ExportDesc::Func(FuncIdx(index)),
                        0x01 => ExportDesc::Table(TableIdx(index)),
                        0x02 => ExportDesc::Memory(MemIdx(index)),
                        0x03 => ExportDesc::Global(GlobalIdx(index)),
                        0x04 if d.r.encoding.exceptions => ExportDesc::Tag(TagIdx(index)),
                        _ => return d.r.error(K::MalformedExportKind, kind_at),
                    };
                    note!(d, at, 0, "export {}: {:?} {}", i, name, desc);
                    m.exports.push(Export { name, desc });
                    Ok(())
                })?),
                SectionId::Start => {
                    let at = self.r.pos();
                    let f = FuncIdx(self.r.u32()?);
                    note!(self, at, 0, "start function {}", f);
                    m.start = Some(f);
                    Some(1)
                }
                SectionId::Element => Some(self.vec("element segments", |d, i| {
                    let e = d.elem(i)?;
                    m.elems.push(e);
                    Ok(())
                })?),
                SectionId::DataCount => {
                    let at = self.r.pos();
                    let n = self.r.u32()?;
                    note!(self, at, 0, "data count {}", n);
                    m.data_count = Some(n);
                    Some(1)
                }
                SectionId::Code => {
                    let imported = m.num_imported_funcs();
                    Some(self.vec("function bodies", |d, i| {
                        let f = d.code(imported.saturating_add(i))?;
                        bodies.push(f);
                        Ok(())
                    })?)
                }
                SectionId::Data => Some(self.vec("data segments", |d, i| {
                    let s = d.data(i)?;
                    m.datas.push(s);
                    Ok(())
                })?),
            };
            if self.r.pos() != payload_end {
                return self.r.error(K::SectionSizeMismatch, payload_start);
            }
            self.obs.section(&SectionInfo {
                id,
                custom_name,
                range: start..payload_end,
                payload: payload_start..payload_end,
                count,
            });
        }

        let end = self.r.pos();
        if func_types.len() != bodies.len() {
            return self.r.error(K::FuncCodeMismatch, end);
        }
        if let Some(n) = m.data_count
            && n as usize != m.datas.len()
        {
            return self.r.error(K::DataCountMismatch, end);
        }
        if m.data_count.is_none() && self.uses_data_index {
            return self.r.error(K::DataCountRequired, end);
        }
        for (f, ty) in bodies.iter_mut().zip(func_types) {
            f.ty = ty;
        }
        m.funcs = bodies;
        Ok(m)
    }

    fn header(&mut self) -> Result<()> {
        let data = self.r.data();
        if data.len() < 4 {
            return self.r.error(K::UnexpectedEnd, data.len());
        }
        if data[..4] != *b"\0asm" {
            return self.r.error(K::MagicHeader, 0);
        }
        if data.len() < 8 {
            return self.r.error(K::UnexpectedEnd, data.len());
        }
        if data[4..8] != [1, 0, 0, 0] {
            return self.r.error(K::UnknownVersion, 4);
        }
        self.r.bytes(4)?;
        note!(self, 0, 0, "magic: \\0asm");
        self.r.bytes(4)?;
        note!(self, 4, 0, "version: 1");
        Ok(())
    }

    /// A vector: a count, then `item(i)` for each. Returns the count. `what` names the
    /// items in the plural; its singular drops the last letter (or `ies` -> `y`).
    fn vec(
        &mut self,
        what: &str,
        mut item: impl FnMut(&mut Self, u32) -> Result<()>,
    ) -> Result<u32> {
        let at = self.r.pos();
        let n = self.r.len32()?;
        note!(self, at, 0, "{} {}", n, Plural(n, what));
        for i in 0..n {
            item(self, i as u32)?;
        }
        Ok(n as u32)
    }

    /// A custom section; returns its name. `name` sections that decode cleanly go to
    /// `m.names`; everything else is kept as bytes.
    fn custom(
        &mut self,
        m: &mut Module,
        payload_end: usize,
        after: Option<SectionId>,
    ) -> Result<String> {
        let at = self.r.pos();
        let name = self.r.name()?.to_owned();
        note!(self, at, 0, "custom section name: {:?}", name);
        if self.r.pos() > payload_end {
            return self.r.error(K::UnexpectedEndOfSection, payload_end);
        }
        let payload_start = self.r.pos();
        let data = self.r.bytes(payload_end - payload_start)?;
        if name == "name"
            && m.names.is_empty()
            && let Ok(names) = NameDecoder::new(self, payload_start, payload_end).decode()
        {
            m.names = names;
            return Ok(name);
        }
        note!(
            self,
            payload_start,
            0,
            "custom section payload: {} bytes",
            data.len()
        );
        m.customs.push(CustomSection {
            name: name.clone(),
            data: data.to_vec(),
            after,
        });
        Ok(name)
    }

    fn elem(&mut self, i: u32) -> Result<Elem> {
        let at = self.r.pos();
        let flags = self.r.u32()?;
        if flags > 7 {
            return self.r.error(K::MalformedElemSegmentKind, self.r.pos() - 1);
        }
        // Bit 0: passive or declarative; bit 1: explicit table (or declarative);
        // bit 2: expressions rather than function indices.
        let exprs = flags & 4 != 0;
        let mode = match flags & 3 {
            0 => self.active_zero_table(at, "element", i)?,
            1 => self.mode_note(at, "element", i, ElemMode::Passive),
            2 => self.active_elem(at, i)?,
            _ => self.mode_note(at, "element", i, ElemMode::Declarative),
        };
        // Function indices make references that are never null (`(ref func)`).
        let ty = if flags & 3 == 0 {
            if exprs { RefType::FUNCREF } else { FUNCS }
        } else {
            let ty_at = self.r.pos();
            let ty = if exprs {
                read_ref_type(&mut self.r)?
            } else {
                self.elem_kind()?
            };
            let what = if exprs {
                "reference type"
            } else {
                "element kind"
            };
            note!(self, ty_at, 1, "{} {}", what, ty);
            ty
        };
        let count_at = self.r.pos();
        let n = self.r.len32()?;
        note!(self, count_at, 0, "{} {} references", n, ty);
        let items = if exprs {
            let mut v = Vec::with_capacity(capacity(n));
            for _ in 0..n {
                v.push(self.const_expr()?);
            }
            ElemItems::Exprs(v)
        } else {
            let mut v = Vec::with_capacity(capacity(n));
            for _ in 0..n {
                let at = self.r.pos();
                let f = FuncIdx(self.r.u32()?);
                note!(self, at, 1, "function {}", f);
                v.push(f);
            }
            ElemItems::Funcs(v)
        };
        Ok(Elem { mode, ty, items })
    }

    fn mode_note(&mut self, at: usize, what: &str, i: u32, mode: ElemMode) -> ElemMode {
        note!(
            self,
            at,
            0,
            "{} segment {}: {}",
            what,
            i,
            match mode {
                ElemMode::Passive => "passive",
                _ => "declarative",
            }
        );
        mode
    }

    fn active_zero_table(&mut self, at: usize, what: &str, i: u32) -> Result<ElemMode> {
        note!(
            self,
            at,
            0,
            "{} segment {}: active, table 0, offset:",
            what,
            i
        );
        let offset = self.const_expr()?;
        Ok(ElemMode::Active {
            table: TableIdx(0),
            offset,
        })
    }

    fn active_elem(&mut self, at: usize, i: u32) -> Result<ElemMode> {
        let table = TableIdx(self.r.u32()?);
        note!(
            self,
            at,
            0,
            "element segment {}: active, table {}, offset:",
            i,
            table
        );
        let offset = self.const_expr()?;
        Ok(ElemMode::Active { table, offset })
    }

    /// `elemkind`: `0x00`, functions, whose references are `(ref func)`.
    fn elem_kind(&mut self) -> Result<RefType> {
        let at = self.r.pos();
        match self.r.u8()? {
            0x00 => Ok(FUNCS),
            _ => self.r.error(K::MalformedElemKind, at),
        }
    }

    fn data(&mut self, i: u32) -> Result<Data> {
        let at = self.r.pos();
        let mode = match self.r.u32()? {
            0 => {
                note!(self, at, 0, "data segment {}: active, memory 0, offset:", i);
                DataMode::Active {
                    memory: MemIdx(0),
                    offset: self.const_expr()?,
                }
            }
            1 => {
                note!(self, at, 0, "data segment {}: passive", i);
                DataMode::Passive
            }
            2 => {
                let memory = MemIdx(self.r.u32()?);
                note!(
                    self,
                    at,
                    0,
                    "data segment {}: active, memory {}, offset:",
                    i,
                    memory
                );
                DataMode::Active {
                    memory,
                    offset: self.const_expr()?,
                }
            }
            _ => return self.r.error(K::MalformedDataSegmentKind, self.r.pos() - 1),
        };
        let len_at = self.r.pos();
        let n = self.r.len32()?;
        note!(self, len_at, 0, "{} bytes of data", n);
        let bytes_at = self.r.pos();
        let init = self.r.bytes(n)?.to_vec();
        note!(self, bytes_at, 1, "{}", Escaped(&init));
        Ok(Data { mode, init })
    }

    /// One entry of the code section; `index` is its function index.
    fn code(&mut self, index: u32) -> Result<Func> {
        let at = self.r.pos();
        let size = self.r.len32()?;
        let start = self.r.pos();
        note!(self, at, 0, "function {} body, size {}", index, size);

        let locals_at = self.r.pos();
        let n = self.r.len32()?;
        note!(
            self,
            locals_at,
            0,
            "{} {}",
            n,
            Plural(n, "local declarations")
        );
        let mut locals = Vec::with_capacity(capacity(n));
        let mut total = 0u64;
        for _ in 0..n {
            let at = self.r.pos();
            let count = self.r.u32()?;
            let ty = read_val_type(&mut self.r)?;
            note!(
                self,
                at,
                1,
                "{} local{} of type {}",
                count,
                if count == 1 { "" } else { "s" },
                ty
            );
            total += u64::from(count);
            locals.push(Local { count, ty });
        }
        if total > u64::from(u32::MAX) {
            return self.r.error(K::TooManyLocals, locals_at);
        }

        let mut body = Vec::new();
        let mut offsets = Vec::new();
        let instrs_at = self.r.pos();
        let encoded = match &self.shared {
            Some(bytes) => {
                let end = start + size;
                if end < instrs_at {
                    return self.r.error(K::SectionSizeMismatch, start);
                }
                let Some(e) = EncodedBody::new(bytes.clone(), instrs_at..end) else {
                    return self.r.error(K::UnexpectedEndOfSection, self.r.data().len());
                };
                self.r.skip_to(end);
                Some(e)
            }
            None => {
                self.expr(&mut body, Some(&mut offsets), 1)?;
                None
            }
        };
        if self.r.pos() != start + size {
            return self.r.error(K::SectionSizeMismatch, start);
        }
        Ok(Func {
            ty: TypeIdx(0),
            locals,
            body,
            offsets,
            encoded,
        })
    }

    fn const_expr(&mut self) -> Result<ConstExpr> {
        // In WebAssembly 2.0 a constant expression is one instruction and `end`; the
        // exact capacity halves what a dense run of them (element items) holds.
        let mut instrs = Vec::with_capacity(2);
        self.expr(&mut instrs, None, 1)?;
        Ok(ConstExpr { instrs })
    }

    /// Reads instructions up to and including the `end` that closes the expression.
    ///
    /// Like the reference interpreter, `else` is only accepted directly inside an `if`
    /// and at most once; anywhere else an `end` is expected.
    fn expr(
        &mut self,
        out: &mut Vec<Instr>,
        mut offsets: Option<&mut Vec<u32>>,
        indent: u32,
    ) -> Result<()> {
        let mut frames = std::mem::take(&mut self.frames);
        frames.clear();
        frames.push(Frame::Block);
        let result = loop {
            let at = self.r.pos();
            let byte = match self.r.u8() {
                Ok(b) => b,
                Err(e) => break Err(e),
            };
            let depth = indent + frames.len() as u32 - 1;
            let instr = match byte {
                0x0b => {
                    frames.pop();
                    Instr::End
                }
                0x05 => {
                    match frames.last_mut() {
                        Some(f @ Frame::If) => *f = Frame::Else,
                        _ => break self.r.error(K::EndExpected, at),
                    }
                    Instr::Else
                }
                // `throw`, `throw_ref`, `try_table` (exception handling).
                0x08 | 0x0a | 0x1f if !self.r.encoding.exceptions => {
                    break self
                        .r
                        .error(K::IllegalOpcode(Opcode { byte, sub: None }), at);
                }
                _ => {
                    let sub = if is_prefix(byte) {
                        match self.r.u32() {
                            Ok(s) => s,
                            Err(e) => break Err(e),
                        }
                    } else {
                        0
                    };
                    match decode_instr_after_opcode(&mut self.r, byte, sub, at) {
                        Ok(i) => i,
                        Err(e) => break Err(e),
                    }
                }
            };
            match &instr {
                Instr::Block { .. } | Instr::Loop { .. } | Instr::TryTable { .. } => {
                    frames.push(Frame::Block)
                }
                Instr::If { .. } => frames.push(Frame::If),
                i if i.uses_data_index() => self.uses_data_index = true,
                _ => {}
            }
            if O::NOTES {
                let shown = match instr {
                    Instr::End | Instr::Else => depth.saturating_sub(1),
                    _ => depth,
                };
                note!(self, at, shown, "{}", instr);
            }
            out.push(instr);
            if let Some(offsets) = offsets.as_deref_mut() {
                offsets.push(at as u32);
            }
            if frames.is_empty() {
                break Ok(());
            }
        };
        self.frames = frames;
        result
    }
}

/// Reads the `name` custom section ([spec §7.4](https://webassembly.github.io/spec/core/appendix/custom.html#name-section))
/// from within its payload only; any error leaves the section to be kept as bytes.
///
/// Its notes are kept until the whole section has decoded, so that a section that turns
/// out not to be a name section (and is then described as bytes) leaves none behind.
struct NameDecoder<'d, 'a, 'o, O: Observer> {
    d: &'d mut Decoder<'a, 'o, O>,
    r: Reader<'a>,
    base: usize,
    notes: Vec<(Range<usize>, u32, String)>,
}

impl<'d, 'a, 'o, O: Observer> NameDecoder<'d, 'a, 'o, O> {
    fn new(d: &'d mut Decoder<'a, 'o, O>, start: usize, end: usize) -> Self {
        let r = Reader::new(&d.r.data()[start..end]);
        NameDecoder {
            d,
            r,
            base: start,
            notes: Vec::new(),
        }
    }

    fn note(&mut self, at: usize, indent: u32, what: fmt::Arguments<'_>) {
        if O::NOTES {
            let range = self.base + at..self.base + self.r.pos();
            self.notes.push((range, indent, what.to_string()));
        }
    }

    /// Decodes the section; on success its notes go to the observer.
    fn decode(mut self) -> Result<Names> {
        let names = self.names()?;
        for (range, indent, what) in std::mem::take(&mut self.notes) {
            self.d.obs.note(range, indent, format_args!("{what}"));
        }
        Ok(names)
    }

    fn names(&mut self) -> Result<Names> {
        let mut names = Names::default();
        let mut last_id: Option<u8> = None;
        while !self.r.at_end() {
            let at = self.r.pos();
            let id = self.r.u8()?;
            if last_id.is_some_and(|l| id <= l) {
                return self.r.error(K::UnexpectedContent, at);
            }
            last_id = Some(id);
            let size = self.r.len32()?;
            let end = self.r.pos() + size;
            self.note(at, 0, format_args!("name subsection {id}, size {size}"));
            match id {
                0 => {
                    let at = self.r.pos();
                    let name = self.r.name()?.to_owned();
                    self.note(at, 1, format_args!("module name: {name:?}"));
                    names.module = Some(name);
                }
                1 => {
                    let map = self.name_map(1, "function")?;
                    names.funcs = map.into_iter().map(|(i, s)| (FuncIdx(i), s)).collect();
                }
                2 => {
                    let count_at = self.r.pos();
                    let n = self.r.len32()?;
                    self.note(count_at, 1, format_args!("{n} {}", Plural(n, "functions")));
                    let mut last = None;
                    for _ in 0..n {
                        let at = self.r.pos();
                        let f = FuncIdx(self.r.u32()?);
                        if last.is_some_and(|l| f <= l) {
                            return self.r.error(K::UnexpectedContent, at);
                        }
                        last = Some(f);
                        self.note(at, 1, format_args!("locals of function {f}"));
                        let locals = self
                            .name_map(2, "local")?
                            .into_iter()
                            .map(|(i, s)| (LocalIdx(i), s))
                            .collect();
                        names.locals.push((f, locals));
                    }
                }
                _ => {
                    let at = self.r.pos();
                    let data = self.r.bytes(size)?.to_vec();
                    self.note(at, 1, format_args!("{size} bytes of names (kept as bytes)"));
                    names.other.push((id, data));
                }
            }
            if self.r.pos() != end {
                return self.r.error(K::SectionSizeMismatch, end);
            }
        }
        Ok(names)
    }

    /// A name map: `(index, name)` pairs by strictly increasing index.
    fn name_map(&mut self, indent: u32, what: &str) -> Result<Vec<(u32, String)>> {
        let count_at = self.r.pos();
        let n = self.r.len32()?;
        self.note(
            count_at,
            indent,
            format_args!("{n} {what} name{}", if n == 1 { "" } else { "s" }),
        );
        let mut v: Vec<(u32, String)> = Vec::with_capacity(capacity(n));
        for _ in 0..n {
            let at = self.r.pos();
            let i = self.r.u32()?;
            if v.last().is_some_and(|(l, _)| i <= *l) {
                return self.r.error(K::UnexpectedContent, at);
            }
            let name = self.r.name()?.to_owned();
            self.note(at, indent, format_args!("{what} {i}: {name:?}"));
            v.push((i, name));
        }
        Ok(v)
    }
}

/// `what` (a plural noun) in the number that `n` asks for.
struct Plural<'a>(usize, &'a str);

impl fmt::Display for Plural<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (1, w) if w.ends_with("ies") => write!(f, "{}y", &w[..w.len() - 3]),
            (1, w) if w.ends_with('s') => f.write_str(&w[..w.len() - 1]),
            (_, w) => f.write_str(w),
        }
    }
}

/// Bytes shown as a string literal with escapes, shortened when long.
struct Escaped<'a>(&'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX: usize = 64;
        f.write_str("\"")?;
        for &b in self.0.iter().take(MAX) {
            match b {
                b'"' => f.write_str("\\\"")?,
                b'\\' => f.write_str("\\\\")?,
                0x20..=0x7e => write!(f, "{}", b as char)?,
                _ => write!(f, "\\{b:02x}")?,
            }
        }
        f.write_str("\"")?;
        if self.0.len() > MAX {
            write!(f, "...")?;
        }
        Ok(())
    }
}

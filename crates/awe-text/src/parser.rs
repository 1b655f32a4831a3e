//! The module parser ([spec §6.6](https://webassembly.github.io/spec/core/text/modules.html)).
//!
//! Two passes over the fields of a module: the first records every identifier (so that
//! references may point forward), the explicit types, and checks that imports come
//! first; the second builds the [`Module`]. Function types that are only written inline
//! are added after the explicit ones, in order of appearance, as the spec's
//! abbreviations say. Instructions, flat or folded, are read with an explicit stack.

use crate::cursor::{Cursor, IdxRef};
use crate::error::{Result, Span};
use crate::lexer::TokenKind;
use awe_module::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// Parses a module in the text format: `(module ...)`, or its fields alone.
pub fn parse_module(src: &str) -> Result<Module> {
    parse_top(src, false, true).map(|(m, _)| m)
}

/// Parses a module as [`parse_module`] does, but with WebAssembly 2.0's limits and
/// memory offsets when `memory64` is off: `u32`s ("i32 constant out of range" above),
/// as a 2.0 parser reads them.
pub fn parse_module_with(src: &str, memory64: bool) -> Result<Module> {
    parse_top(src, false, memory64).map(|(m, _)| m)
}

/// Where a text module's parts are in its text (see [`parse_module_with_spans`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceSpans {
    /// For each function the module defines (in order), the span of each instruction
    /// of its body: the keyword; for the `end` of a folded block, its `)`; for the
    /// body's final `end`, the `)` of the function.
    pub bodies: Vec<Vec<Span>>,
    /// The field (`(func ...)`, `(import ...)`, ...) each item came from: imports,
    /// defined functions, tables, memories, globals, tags, exports, element and data
    /// segments, by their index in the module's vectors (an inline export or data
    /// segment is its field's).
    pub imports: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub funcs: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub tables: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub memories: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub globals: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub tags: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub exports: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub elems: Vec<Span>,
    /// See [`SourceSpans::imports`].
    pub datas: Vec<Span>,
    /// The `(start ...)` field.
    pub start: Option<Span>,
}

/// Parses a text module as [`parse_module`] does, and says where in `src` its items and
/// each instruction of its function bodies came from (to map the binary back to the
/// text).
pub fn parse_module_with_spans(src: &str) -> Result<(Module, SourceSpans)> {
    parse_top(src, true, true)
}

fn parse_top(src: &str, spans: bool, wide: bool) -> Result<(Module, SourceSpans)> {
    let mut c = Cursor::new(src)?;
    c.wide = wide;
    let m = if c.at_paren("module") {
        c.pos += 2;
        let name = c.opt_id().map(|(id, _)| id_name(id).into_owned());
        let m = parse_fields(&mut c, name, spans)?;
        c.rparen()?;
        m
    } else {
        parse_fields(&mut c, None, spans)?
    };
    if !c.at_end() {
        return c.unexpected();
    }
    Ok(m)
}

/// Parses what follows `(module`: an optional name and the fields, up to the closing `)`.
pub(crate) fn parse_module_body(c: &mut Cursor<'_>) -> Result<Module> {
    let name = c.opt_id().map(|(id, _)| id_name(id).into_owned());
    parse_fields(c, name, false).map(|(m, _)| m)
}

fn parse_fields(
    c: &mut Cursor<'_>,
    name: Option<String>,
    spans: bool,
) -> Result<(Module, SourceSpans)> {
    let mut p = Parser {
        c: c.clone(),
        m: Module::default(),
        spaces: Spaces::default(),
        locals: HashMap::new(),
        labels: Vec::new(),
        start_seen: false,
        lane_follows: false,
        field_ids: HashMap::new(),
        instr_spans: spans.then(Vec::new),
        sources: SourceSpans::default(),
    };
    p.m.names.module = name;
    let start = p.c.pos;
    p.scan()?;
    p.c.pos = start;
    p.fields()?;
    p.custom_sections(start)?;
    if p.m.names.funcs.len() > 1 {
        p.m.names.funcs.sort_by_key(|(i, _)| *i);
    }
    if p.m.names.locals.len() > 1 {
        p.m.names.locals.sort_by_key(|(i, _)| *i);
    }
    if needs_data_count(&p.m) {
        p.m.data_count = Some(p.m.datas.len() as u32);
    }
    *c = p.c;
    Ok((p.m, p.sources))
}

/// Whether `kw` starts a module field.
pub(crate) fn is_module_field(kw: &str) -> bool {
    matches!(
        kw,
        "type"
            | "rec"
            | "import"
            | "func"
            | "table"
            | "memory"
            | "global"
            | "tag"
            | "export"
            | "start"
            | "elem"
            | "data"
    )
}

/// Whether a function uses a data segment index, so the binary needs a data count.
fn needs_data_count(m: &Module) -> bool {
    m.funcs
        .iter()
        .any(|f| f.body.iter().any(Instr::uses_data_index))
}

/// An index space: how many items so far and their identifiers.
#[derive(Default)]
struct Space<'a> {
    ids: HashMap<Cow<'a, str>, u32>,
    count: u32,
}

/// The name an identifier token stands for, without its `$`: the rest of its text, or
/// the value of its string for `$"..."` (which the lexer checked is UTF-8), so that
/// `$"a"` and `$a` are one identifier.
pub(crate) fn id_name(raw: &str) -> Cow<'_, str> {
    match raw.strip_prefix('$') {
        Some(quoted) if quoted.starts_with('"') => {
            Cow::Owned(String::from_utf8_lossy(&crate::lexer::string_value(quoted)).into_owned())
        }
        Some(name) => Cow::Borrowed(name),
        None => Cow::Borrowed(raw),
    }
}

impl<'a> Space<'a> {
    fn define(&mut self, c: &Cursor<'a>, id: Option<(&'a str, Span)>, what: &str) -> Result<u32> {
        let i = self.count;
        if let Some((id, span)) = id
            && self.ids.insert(id_name(id), i).is_some()
        {
            return c.error(span, format!("duplicate {what}"));
        }
        self.count += 1;
        Ok(i)
    }

    fn resolve(&self, c: &Cursor<'a>, r: IdxRef<'a>, what: &str) -> Result<u32> {
        match r {
            IdxRef::Num(n, _) => Ok(n),
            IdxRef::Id(id, span) => match self.ids.get(id_name(id).as_ref()) {
                Some(&i) => Ok(i),
                None => c.error(span, format!("unknown {what} {id}")),
            },
        }
    }
}

#[derive(Default)]
struct Spaces<'a> {
    types: Space<'a>,
    funcs: Space<'a>,
    tables: Space<'a>,
    mems: Space<'a>,
    globals: Space<'a>,
    tags: Space<'a>,
    elems: Space<'a>,
    datas: Space<'a>,
}

pub(crate) struct Parser<'a> {
    pub(crate) c: Cursor<'a>,
    pub(crate) m: Module,
    spaces: Spaces<'a>,
    /// Locals of the function being parsed.
    locals: HashMap<Cow<'a, str>, u32>,
    /// Labels of the enclosing blocks, innermost last.
    pub(crate) labels: Vec<Option<&'a str>>,
    start_seen: bool,
    /// Whether the instruction being parsed has a lane index after its memory
    /// immediate (`v128.load8_lane memidx? memarg laneidx`): a lone number is its lane.
    pub(crate) lane_follows: bool,
    /// The identifiers of the fields of each struct type that names some.
    field_ids: HashMap<u32, HashMap<Cow<'a, str>, u32>>,
    /// When spans are kept: those of the instructions parsed since the current body
    /// began.
    pub(crate) instr_spans: Option<Vec<Span>>,
    /// When spans are kept: where the module's parts are.
    sources: SourceSpans,
}

/// A type use as written: `(type x)?` and inline parameters and results.
struct TypeUse<'a> {
    index: Option<IdxRef<'a>>,
    params: Vec<(Option<(&'a str, Span)>, ValType)>,
    results: Vec<ValType>,
    span: Span,
}

/// The type of the references of an element segment of function indices.
const FUNCS: RefType = RefType::non_null(HeapType::Func);

/// Whether a table of `elem`s takes an element segment of function indices as it is
/// (`funcref` and `(ref func)` do).
fn self_matches_funcs(elem: RefType) -> bool {
    elem.heap == HeapType::Func
}

const NUM_TYPES: [(&str, ValType); 5] = [
    ("i32", ValType::I32),
    ("i64", ValType::I64),
    ("f32", ValType::F32),
    ("f64", ValType::F64),
    ("v128", ValType::V128),
];

impl<'a> Parser<'a> {
    // ----- pass 1 -------------------------------------------------------------------

    fn scan(&mut self) -> Result<()> {
        let mut first_definition: Option<&str> = None;
        // Where each `type` and `rec` field starts: their types are read once every
        // type has its index, as they may refer to those defined after them.
        let mut type_fields = Vec::new();
        while self.c.is(TokenKind::LParen) {
            let field_start = self.c.pos;
            self.c.lparen()?;
            let kw_span = self.c.here();
            let kw = self.c.keyword()?;
            let mut import = false;
            match kw {
                "type" => {
                    type_fields.push(self.c.pos - 1);
                    self.define_type()?;
                }
                "rec" => {
                    // `(rec (type ...)*)`: a recursion group of the types inside.
                    type_fields.push(self.c.pos - 1);
                    while self.c.eat_paren("type") {
                        self.define_type()?;
                        self.c.skip_rest()?;
                    }
                }
                "import" => {
                    self.c.name()?;
                    self.c.name()?;
                    self.c.lparen()?;
                    let kind = self.c.keyword()?;
                    let id = self.c.opt_id();
                    let s = &mut self.spaces;
                    match kind {
                        "func" => s.funcs.define(&self.c, id, "func")?,
                        "table" => s.tables.define(&self.c, id, "table")?,
                        "memory" => s.mems.define(&self.c, id, "memory")?,
                        "global" => s.globals.define(&self.c, id, "global")?,
                        "tag" => s.tags.define(&self.c, id, "tag")?,
                        _ => return self.c.error(kw_span, "unexpected token"),
                    };
                    import = true;
                }
                "func" | "table" | "memory" | "global" | "tag" => {
                    let id = self.c.opt_id();
                    let s = &mut self.spaces;
                    let (space, what) = match kw {
                        "func" => (&mut s.funcs, "func"),
                        "table" => (&mut s.tables, "table"),
                        "memory" => (&mut s.mems, "memory"),
                        "tag" => (&mut s.tags, "tag"),
                        _ => (&mut s.globals, "global"),
                    };
                    space.define(&self.c, id, what)?;
                    while self.c.at_paren("export") {
                        self.c.skip_item()?;
                    }
                    import = self.c.at_paren("import");
                    if !import {
                        if kw == "table" && self.c.at_paren_after_keyword("elem") {
                            self.spaces.elems.count += 1;
                        }
                        if kw == "memory" && self.c.at_paren("data") {
                            self.spaces.datas.count += 1;
                        }
                        first_definition.get_or_insert(match kw {
                            "func" => "function",
                            other => other,
                        });
                    }
                }
                "elem" => {
                    let id = self.c.opt_id();
                    self.spaces.elems.define(&self.c, id, "elem")?;
                }
                "data" => {
                    let id = self.c.opt_id();
                    self.spaces.datas.define(&self.c, id, "data")?;
                }
                "export" | "start" => {}
                other => return self.c.error(kw_span, format!("unknown operator {other}")),
            }
            if import && let Some(def) = first_definition {
                return self.c.error(kw_span, format!("import after {def}"));
            }
            self.c.pos = field_start;
            self.c.skip_item()?;
        }
        if !self.c.is(TokenKind::RParen) && !self.c.at_end() {
            return self.c.unexpected();
        }
        let end = self.c.pos;
        for at in type_fields {
            self.c.pos = at;
            if self.c.eat_keyword("rec") {
                let start = self.m.types.len() as u32;
                while self.c.eat_paren("type") {
                    self.type_def()?;
                }
                let len = self.m.types.len() as u32 - start;
                self.m.rec_groups.push(RecGroup { start, len });
            } else {
                self.c.expect_keyword("type")?;
                self.type_def()?;
            }
        }
        self.c.pos = end;
        Ok(())
    }

    /// Gives the type after `type` its index (and identifier).
    fn define_type(&mut self) -> Result<()> {
        let id = self.c.opt_id();
        self.spaces.types.define(&self.c, id, "type")?;
        Ok(())
    }

    /// `(type $id? subtype)`, after `type`: `(sub final? typeidx* comptype)` or a
    /// composite type alone ([spec §6.4.10](https://webassembly.github.io/spec/core/text/types.html#recursive-types)).
    fn type_def(&mut self) -> Result<()> {
        self.c.opt_id();
        let t = if self.c.eat_paren("sub") {
            let is_final = self.c.eat_keyword("final");
            let mut supertypes = Vec::new();
            while self.c.at_index() {
                let r = self.c.index()?;
                supertypes.push(TypeIdx(self.type_ref(r)?));
            }
            let composite = self.composite_type()?;
            self.c.rparen()?;
            SubType {
                is_final,
                supertypes,
                composite,
            }
        } else {
            SubType::plain(self.composite_type()?)
        };
        self.c.rparen()?;
        self.m.types.push(t);
        Ok(())
    }

    /// `(func ...)`, `(struct (field ...)*)` or `(array fieldtype)`. A struct's field
    /// identifiers are recorded for `struct.get` and the like.
    fn composite_type(&mut self) -> Result<CompositeType> {
        self.c.lparen()?;
        let kw_span = self.c.here();
        let t = match self.c.keyword()? {
            "func" => {
                let (params, results) = self.params_results(true)?;
                CompositeType::Func(FuncType {
                    params: params.into_iter().map(|(_, t)| t).collect(),
                    results,
                })
            }
            "struct" => {
                let ty = self.m.types.len() as u32;
                let mut fields = Vec::new();
                let mut ids: HashMap<Cow<'a, str>, u32> = HashMap::new();
                while self.c.eat_paren("field") {
                    if let Some((id, span)) = self.c.opt_id() {
                        if ids.insert(id_name(id), fields.len() as u32).is_some() {
                            return self.c.error(span, "duplicate field");
                        }
                        fields.push(self.field_type()?);
                    } else {
                        while !self.c.is(TokenKind::RParen) {
                            fields.push(self.field_type()?);
                        }
                    }
                    self.c.rparen()?;
                }
                if !ids.is_empty() {
                    self.field_ids.insert(ty, ids);
                }
                CompositeType::Struct(fields)
            }
            "array" => CompositeType::Array(self.field_type()?),
            other => return self.c.error(kw_span, format!("unknown operator {other}")),
        };
        self.c.rparen()?;
        Ok(t)
    }

    /// `fieldtype`: a storage type (a value type, `i8` or `i16`), or `(mut ...)` of one.
    fn field_type(&mut self) -> Result<FieldType> {
        let mutable = self.c.eat_paren("mut");
        let storage = if self.c.eat_keyword("i8") {
            StorageType::I8
        } else if self.c.eat_keyword("i16") {
            StorageType::I16
        } else {
            StorageType::Val(self.val_type()?)
        };
        if mutable {
            self.c.rparen()?;
        }
        Ok(FieldType { storage, mutable })
    }

    /// The index of a field of struct type `ty`: a number, or an identifier its
    /// definition gave.
    pub(crate) fn field_ref(&self, ty: TypeIdx, r: IdxRef<'a>) -> Result<u32> {
        match r {
            IdxRef::Num(n, _) => Ok(n),
            IdxRef::Id(id, span) => match self
                .field_ids
                .get(&ty.0)
                .and_then(|ids| ids.get(id_name(id).as_ref()))
            {
                Some(&i) => Ok(i),
                None => self.c.error(span, format!("unknown field {id}")),
            },
        }
    }

    // ----- pass 2 -------------------------------------------------------------------

    fn fields(&mut self) -> Result<()> {
        let mut next_func = 0u32;
        while self.c.is(TokenKind::LParen) {
            let field_start = self.c.here().start;
            let before = self.item_counts();
            self.c.lparen()?;
            let kw_span = self.c.here();
            match self.c.keyword()? {
                "type" | "rec" => {
                    // Parsed in the first pass.
                    self.c.pos -= 2;
                    self.c.skip_item()?;
                    continue;
                }
                "import" => self.import(&mut next_func)?,
                "func" => self.func(&mut next_func)?,
                "table" => self.table()?,
                "memory" => self.memory()?,
                "global" => self.global()?,
                "tag" => self.tag()?,
                "export" => {
                    let name = self.c.name()?;
                    self.c.lparen()?;
                    let kind = self.c.keyword()?;
                    let r = self.c.index()?;
                    let desc = match kind {
                        "func" => ExportDesc::Func(FuncIdx(self.func_ref(r)?)),
                        "table" => ExportDesc::Table(TableIdx(self.table_ref(r)?)),
                        "memory" => ExportDesc::Memory(MemIdx(self.mem_ref(r)?)),
                        "global" => ExportDesc::Global(GlobalIdx(self.global_ref(r)?)),
                        "tag" => ExportDesc::Tag(TagIdx(self.tag_ref(r)?)),
                        _ => return self.c.error(kw_span, "unexpected token"),
                    };
                    self.c.rparen()?;
                    self.m.exports.push(Export { name, desc });
                }
                "start" => {
                    if self.start_seen {
                        return self.c.error(kw_span, "multiple start sections");
                    }
                    self.start_seen = true;
                    let r = self.c.index()?;
                    self.m.start = Some(FuncIdx(self.func_ref(r)?));
                }
                "elem" => self.elem()?,
                "data" => self.data()?,
                other => return self.c.error(kw_span, format!("unknown operator {other}")),
            }
            let end = self.c.here().end;
            self.c.rparen()?;
            if self.instr_spans.is_some() {
                self.record_items(before, Span::new(field_start as usize, end as usize));
            }
        }
        Ok(())
    }

    /// How many imports, functions, ... the module has so far (in the order of
    /// [`SourceSpans`]' vectors), and whether it has a start function.
    fn item_counts(&self) -> ([usize; 9], bool) {
        let m = &self.m;
        (
            [
                m.imports.len(),
                m.funcs.len(),
                m.tables.len(),
                m.memories.len(),
                m.globals.len(),
                m.tags.len(),
                m.exports.len(),
                m.elems.len(),
                m.datas.len(),
            ],
            m.start.is_some(),
        )
    }

    /// Gives the items made since `before` the field's `span`.
    fn record_items(&mut self, before: ([usize; 9], bool), span: Span) {
        let (now, start) = self.item_counts();
        let s = &mut self.sources;
        let spans = [
            &mut s.imports,
            &mut s.funcs,
            &mut s.tables,
            &mut s.memories,
            &mut s.globals,
            &mut s.tags,
            &mut s.exports,
            &mut s.elems,
            &mut s.datas,
        ];
        for ((v, b), n) in spans.into_iter().zip(before.0).zip(now) {
            v.extend(std::iter::repeat_n(span, n.saturating_sub(b)));
        }
        if start && !before.1 {
            s.start = Some(span);
        }
    }

    pub(crate) fn func_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.funcs.resolve(&self.c, r, "function")
    }
    pub(crate) fn table_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.tables.resolve(&self.c, r, "table")
    }
    pub(crate) fn mem_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.mems.resolve(&self.c, r, "memory")
    }
    pub(crate) fn tag_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.tags.resolve(&self.c, r, "tag")
    }
    pub(crate) fn global_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.globals.resolve(&self.c, r, "global")
    }
    pub(crate) fn type_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.types.resolve(&self.c, r, "type")
    }
    pub(crate) fn elem_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.elems.resolve(&self.c, r, "elem segment")
    }
    pub(crate) fn data_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        self.spaces.datas.resolve(&self.c, r, "data segment")
    }
    pub(crate) fn local_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        match r {
            IdxRef::Num(n, _) => Ok(n),
            IdxRef::Id(id, span) => match self.locals.get(id_name(id).as_ref()) {
                Some(&i) => Ok(i),
                None => self.c.error(span, format!("unknown local {id}")),
            },
        }
    }
    pub(crate) fn label_ref(&self, r: IdxRef<'a>) -> Result<u32> {
        match r {
            IdxRef::Num(n, _) => Ok(n),
            IdxRef::Id(id, span) => match self
                .labels
                .iter()
                .rposition(|l| l.is_some_and(|l| id_name(l) == id_name(id)))
            {
                Some(i) => Ok((self.labels.len() - 1 - i) as u32),
                None => self.c.error(span, format!("unknown label {id}")),
            },
        }
    }

    /// Inline `(export "name")` abbreviations.
    fn inline_exports(&mut self, desc: ExportDesc) -> Result<()> {
        while self.c.eat_paren("export") {
            let name = self.c.name()?;
            self.c.rparen()?;
            self.m.exports.push(Export { name, desc });
        }
        Ok(())
    }

    /// An inline `(import "m" "n")`, if present.
    fn inline_import(&mut self) -> Result<Option<(String, String)>> {
        if !self.c.eat_paren("import") {
            return Ok(None);
        }
        let module = self.c.name()?;
        let name = self.c.name()?;
        self.c.rparen()?;
        Ok(Some((module, name)))
    }

    fn import(&mut self, next_func: &mut u32) -> Result<()> {
        let module = self.c.name()?;
        let name = self.c.name()?;
        self.c.lparen()?;
        let desc = match self.c.keyword()? {
            "func" => {
                let id = self.c.opt_id();
                self.record_func_name(*next_func, id);
                *next_func += 1;
                self.import_type(ExternKind::Func)?
            }
            kw @ ("table" | "memory" | "global" | "tag") => {
                self.c.opt_id();
                self.import_type(match kw {
                    "table" => ExternKind::Table,
                    "memory" => ExternKind::Memory,
                    "tag" => ExternKind::Tag,
                    _ => ExternKind::Global,
                })?
            }
            _ => return self.c.unexpected(),
        };
        self.c.rparen()?;
        self.m.imports.push(Import { module, name, desc });
        Ok(())
    }

    fn record_func_name(&mut self, index: u32, id: Option<(&str, Span)>) {
        if let Some((id, _)) = id {
            self.m
                .names
                .funcs
                .push((FuncIdx(index), id_name(id).into_owned()));
        }
    }

    fn func(&mut self, next_func: &mut u32) -> Result<()> {
        let index = *next_func;
        *next_func += 1;
        let id = self.c.opt_id();
        self.record_func_name(index, id);
        self.inline_exports(ExportDesc::Func(FuncIdx(index)))?;
        if let Some((module, name)) = self.inline_import()? {
            let desc = self.import_type(ExternKind::Func)?;
            self.m.imports.push(Import { module, name, desc });
            return Ok(());
        }
        let tu = self.type_use()?;
        let param_ids: Vec<_> = tu.params.iter().map(|(id, _)| *id).collect();
        let ty = self.resolve_type_use(tu)?;
        let nparams = self.m.type_func(ty).map_or(0, |t| t.params.len());

        self.locals.clear();
        let mut local_names = Vec::new();
        let mut next_local = 0u32;
        for (i, id) in param_ids.iter().enumerate() {
            if let Some((id, span)) = *id {
                if self.locals.insert(id_name(id), i as u32).is_some() {
                    return self.c.error(span, "duplicate local");
                }
                local_names.push((LocalIdx(i as u32), id_name(id).into_owned()));
            }
        }
        next_local += nparams as u32;
        let mut locals: Vec<Local> = Vec::new();
        while self.c.eat_paren("local") {
            if let Some((id, span)) = self.c.opt_id() {
                let ty = self.val_type()?;
                if self.locals.insert(id_name(id), next_local).is_some() {
                    return self.c.error(span, "duplicate local");
                }
                local_names.push((LocalIdx(next_local), id_name(id).into_owned()));
                next_local += 1;
                push_local(&mut locals, ty);
            } else {
                while !self.c.is(TokenKind::RParen) {
                    let ty = self.val_type()?;
                    next_local += 1;
                    push_local(&mut locals, ty);
                }
            }
            self.c.rparen()?;
        }
        if !local_names.is_empty() {
            self.m.names.locals.push((FuncIdx(index), local_names));
        }
        self.labels.clear();
        let mut body = Vec::new();
        if let Some(spans) = &mut self.instr_spans {
            spans.clear();
        }
        self.instrs(&mut body)?;
        body.push(Instr::End);
        let end = self.c.here();
        if let Some(spans) = &mut self.instr_spans {
            let mut body_spans = std::mem::take(spans);
            body_spans.push(end);
            self.sources.bodies.push(body_spans);
        }
        self.locals.clear();
        self.m.funcs.push(Func {
            ty,
            locals,
            body,
            offsets: Vec::new(),
            encoded: None,
        });
        Ok(())
    }

    /// What table, memory and global fields begin with: `$id? (export ...)* (import ...)?`.
    /// Returns the index of the item the field defines, or `None` when it is an inline
    /// import (recorded here).
    fn field_header(&mut self, kind: ExternKind) -> Result<Option<u32>> {
        let defined = match kind {
            ExternKind::Table => self.m.tables.len(),
            ExternKind::Memory => self.m.memories.len(),
            ExternKind::Global => self.m.globals.len(),
            ExternKind::Func => self.m.funcs.len(),
            ExternKind::Tag => self.m.tags.len(),
        };
        let index = self.m.num_imported(kind) + defined as u32;
        self.c.opt_id();
        self.inline_exports(match kind {
            ExternKind::Table => ExportDesc::Table(TableIdx(index)),
            ExternKind::Memory => ExportDesc::Memory(MemIdx(index)),
            ExternKind::Global => ExportDesc::Global(GlobalIdx(index)),
            ExternKind::Func => ExportDesc::Func(FuncIdx(index)),
            ExternKind::Tag => ExportDesc::Tag(TagIdx(index)),
        })?;
        if let Some((module, name)) = self.inline_import()? {
            let desc = self.import_type(kind)?;
            self.m.imports.push(Import { module, name, desc });
            return Ok(None);
        }
        Ok(Some(index))
    }

    /// The type of an imported table, memory or global.
    fn import_type(&mut self, kind: ExternKind) -> Result<ImportDesc> {
        Ok(match kind {
            ExternKind::Table => ImportDesc::Table(self.table_type()?),
            ExternKind::Memory => ImportDesc::Memory(self.mem_type()?),
            ExternKind::Global => ImportDesc::Global(self.global_type()?),
            ExternKind::Func => {
                let tu = self.type_use()?;
                ImportDesc::Func(self.resolve_type_use(tu)?)
            }
            ExternKind::Tag => {
                let tu = self.type_use()?;
                ImportDesc::Tag(TagType {
                    ty: self.resolve_type_use(tu)?,
                })
            }
        })
    }

    /// `(tag $id? (export ...)* (import ...)? typeuse)`, after `tag`.
    fn tag(&mut self) -> Result<()> {
        if self.field_header(ExternKind::Tag)?.is_none() {
            return Ok(());
        }
        let tu = self.type_use()?;
        let ty = self.resolve_type_use(tu)?;
        self.m.tags.push(TagType { ty });
        Ok(())
    }

    fn table(&mut self) -> Result<()> {
        let Some(index) = self.field_header(ExternKind::Table)? else {
            return Ok(());
        };
        let address = self.addr_type();
        if !self.c.is(TokenKind::Number) {
            // `reftype (elem ...)`: a table exactly as large as its inline segment.
            let elem = self.ref_type()?;
            self.c.lparen()?;
            self.c.expect_keyword("elem")?;
            let items = if self.c.is(TokenKind::LParen) {
                let mut v = Vec::new();
                while self.c.is(TokenKind::LParen) {
                    v.push(self.wrapped_expr("item")?);
                }
                ElemItems::Exprs(v)
            } else {
                let mut v = Vec::new();
                while self.c.at_index() {
                    let r = self.c.index()?;
                    v.push(FuncIdx(self.func_ref(r)?));
                }
                ElemItems::Funcs(v)
            };
            self.c.rparen()?;
            // Function indices are `(ref func)`s: for a table of another type they stand
            // for `ref.func` expressions of its type, as the abbreviation says.
            let (ty, items) = match items {
                ElemItems::Funcs(fs) if !self_matches_funcs(elem) => (
                    elem,
                    ElemItems::Exprs(
                        fs.into_iter()
                            .map(|func| ConstExpr::single(Instr::RefFunc { func }))
                            .collect(),
                    ),
                ),
                ElemItems::Funcs(fs) => (FUNCS, ElemItems::Funcs(fs)),
                exprs => (elem, exprs),
            };
            let n = items.len() as u64;
            self.m.tables.push(Table::new(TableType {
                address,
                limits: Limits {
                    min: n,
                    max: Some(n),
                },
                elem,
            }));
            self.m.elems.push(Elem {
                mode: ElemMode::Active {
                    table: TableIdx(index),
                    offset: zero_address(address),
                },
                ty,
                items,
            });
            return Ok(());
        }
        let ty = self.table_type_after(address)?;
        // `tabletype expr`: the value of every element at first (typed references).
        let init = if self.c.is(TokenKind::RParen) {
            None
        } else {
            Some(self.const_expr()?)
        };
        self.m.tables.push(Table { ty, init });
        Ok(())
    }

    fn memory(&mut self) -> Result<()> {
        let Some(index) = self.field_header(ExternKind::Memory)? else {
            return Ok(());
        };
        let address = self.addr_type();
        if self.c.eat_paren("data") {
            let mut init = Vec::new();
            while self.c.is_string() {
                init.extend(self.c.string()?);
            }
            self.c.rparen()?;
            let pages = init.len().div_ceil(65536) as u64;
            self.m.memories.push(MemType {
                address,
                limits: Limits {
                    min: pages,
                    max: Some(pages),
                },
            });
            self.m.datas.push(Data {
                mode: DataMode::Active {
                    memory: MemIdx(index),
                    offset: zero_address(address),
                },
                init,
            });
            return Ok(());
        }
        let t = self.mem_type_after(address)?;
        self.m.memories.push(t);
        Ok(())
    }

    fn global(&mut self) -> Result<()> {
        if self.field_header(ExternKind::Global)?.is_none() {
            return Ok(());
        }
        let ty = self.global_type()?;
        let init = self.const_expr()?;
        self.m.globals.push(Global { ty, init });
        Ok(())
    }

    /// Instructions up to the closing `)`, then `end`.
    fn const_expr(&mut self) -> Result<ConstExpr> {
        self.labels.clear();
        let mut instrs = Vec::new();
        self.instrs(&mut instrs)?;
        instrs.push(Instr::End);
        Ok(ConstExpr { instrs })
    }

    /// `(kw instr*)` or its abbreviation, one folded instruction: an `offset` of a
    /// segment or an `item` of an element segment.
    fn wrapped_expr(&mut self, kw: &str) -> Result<ConstExpr> {
        if self.c.eat_paren(kw) {
            let e = self.const_expr()?;
            self.c.rparen()?;
            return Ok(e);
        }
        self.single_folded_expr()
    }

    /// One folded instruction as a constant expression: `(i32.const 0)`.
    fn single_folded_expr(&mut self) -> Result<ConstExpr> {
        if !self.c.is(TokenKind::LParen) {
            return self.c.unexpected();
        }
        self.labels.clear();
        let mut instrs = Vec::new();
        self.folded_instr(&mut instrs)?;
        instrs.push(Instr::End);
        Ok(ConstExpr { instrs })
    }

    fn elem(&mut self) -> Result<()> {
        self.c.opt_id();
        let mut mode = ElemMode::Passive;
        if self.c.eat_keyword("declare") {
            mode = ElemMode::Declarative;
        } else if (self.c.is(TokenKind::LParen) && !self.c.at_paren("ref")) || self.c.at_index() {
            let mut table = TableIdx(0);
            if self.c.eat_paren("table") {
                let r = self.c.index()?;
                table = TableIdx(self.table_ref(r)?);
                self.c.rparen()?;
            } else if self.c.at_index() {
                // WebAssembly 1.0 wrote the table index alone.
                let r = self.c.index()?;
                table = TableIdx(self.table_ref(r)?);
            }
            let offset = self.wrapped_expr("offset")?;
            mode = ElemMode::Active { table, offset };
        }
        let (ty, items) = if self.c.eat_keyword("func") {
            (FUNCS, ElemItems::Funcs(self.func_indices()?))
        } else if self.c.at_paren("ref") || self.ref_type_keyword_follows() {
            let ty = self.ref_type()?;
            let mut v = Vec::new();
            while self.c.is(TokenKind::LParen) {
                v.push(self.wrapped_expr("item")?);
            }
            (ty, ElemItems::Exprs(v))
        } else if matches!(mode, ElemMode::Active { .. }) {
            // `(elem (offset ...) $f ...)`: the `func` keyword may be left out.
            (FUNCS, ElemItems::Funcs(self.func_indices()?))
        } else {
            return self.c.unexpected();
        };
        self.m.elems.push(Elem { mode, ty, items });
        Ok(())
    }

    fn func_indices(&mut self) -> Result<Vec<FuncIdx>> {
        let mut v = Vec::new();
        while self.c.at_index() {
            let r = self.c.index()?;
            v.push(FuncIdx(self.func_ref(r)?));
        }
        Ok(v)
    }

    fn data(&mut self) -> Result<()> {
        self.c.opt_id();
        let mut mode = DataMode::Passive;
        if self.c.is(TokenKind::LParen) || self.c.at_index() {
            let mut memory = MemIdx(0);
            if self.c.eat_paren("memory") {
                let r = self.c.index()?;
                memory = MemIdx(self.mem_ref(r)?);
                self.c.rparen()?;
            } else if self.c.at_index() {
                // WebAssembly 1.0 wrote the memory index alone.
                let r = self.c.index()?;
                memory = MemIdx(self.mem_ref(r)?);
            }
            let offset = self.wrapped_expr("offset")?;
            mode = DataMode::Active { memory, offset };
        }
        let mut init = Vec::new();
        while self.c.is_string() {
            init.extend(self.c.string()?);
        }
        self.m.datas.push(Data { mode, init });
        Ok(())
    }

    // ----- types --------------------------------------------------------------------

    pub(crate) fn val_type(&mut self) -> Result<ValType> {
        let Some(t) = self.c.peek() else {
            return self.c.unexpected();
        };
        if t.kind == TokenKind::Keyword {
            let kw = self.c.text(t);
            if let Some((_, vt)) = NUM_TYPES.iter().find(|(k, _)| *k == kw) {
                self.c.pos += 1;
                return Ok(*vt);
            }
        }
        self.ref_type().map(ValType::Ref)
    }

    /// Whether a reference type's shorthand keyword (`funcref`, ...) is next.
    fn ref_type_keyword_follows(&self) -> bool {
        self.c
            .peek_keyword()
            .is_some_and(|kw| RefType::from_shorthand(kw).is_some())
    }

    /// `reftype`: a shorthand (`funcref`, `externref`, `anyref`, ...) or
    /// `(ref null? heaptype)` ([spec §6.4.3](https://webassembly.github.io/spec/core/text/types.html#reference-types)).
    pub(crate) fn ref_type(&mut self) -> Result<RefType> {
        if self.c.eat_paren("ref") {
            let nullable = self.c.eat_keyword("null");
            let heap = self.heap_type()?;
            self.c.rparen()?;
            return Ok(RefType { nullable, heap });
        }
        match self.c.peek_keyword() {
            Some(kw) => match RefType::from_shorthand(kw) {
                Some(t) => {
                    self.c.pos += 1;
                    Ok(t)
                }
                None => self
                    .c
                    .error(self.c.here(), format!("unknown operator {kw}")),
            },
            None => self.c.unexpected(),
        }
    }

    /// `heaptype`: an abstract heap type's keyword (`func`, `extern`, `any`, ...) or a
    /// type index.
    pub(crate) fn heap_type(&mut self) -> Result<HeapType> {
        if let Some(kw) = self.c.peek_keyword() {
            return match HeapType::from_abstract_name(kw) {
                Some(h) => {
                    self.c.pos += 1;
                    Ok(h)
                }
                None => self
                    .c
                    .error(self.c.here(), format!("unknown operator {kw}")),
            };
        }
        let r = self.c.index()?;
        Ok(HeapType::concrete(TypeIdx(self.type_ref(r)?)))
    }

    /// `addrtype?`: `i64`, `i32` or (left out) `i32`.
    fn addr_type(&mut self) -> AddrType {
        if self.c.eat_keyword("i64") {
            AddrType::I64
        } else {
            self.c.eat_keyword("i32");
            AddrType::I32
        }
    }

    /// Limits: `u64`s for either address type (validation bounds them).
    fn limits(&mut self) -> Result<Limits> {
        let min = self.limit()?;
        let max = if self.c.is(TokenKind::Number) {
            Some(self.limit()?)
        } else {
            None
        };
        Ok(Limits { min, max })
    }

    /// A limit: a `u64`, or a `u32` without memory64 (see [`parse_module_with`]).
    fn limit(&mut self) -> Result<u64> {
        if self.c.wide {
            self.c.u64()
        } else {
            self.c.u32().map(u64::from)
        }
    }

    fn table_type(&mut self) -> Result<TableType> {
        let address = self.addr_type();
        self.table_type_after(address)
    }

    fn table_type_after(&mut self, address: AddrType) -> Result<TableType> {
        let limits = self.limits()?;
        let elem = self.ref_type()?;
        Ok(TableType {
            address,
            limits,
            elem,
        })
    }

    fn mem_type(&mut self) -> Result<MemType> {
        let address = self.addr_type();
        self.mem_type_after(address)
    }

    fn mem_type_after(&mut self, address: AddrType) -> Result<MemType> {
        Ok(MemType {
            address,
            limits: self.limits()?,
        })
    }

    fn global_type(&mut self) -> Result<GlobalType> {
        if self.c.eat_paren("mut") {
            let content = self.val_type()?;
            self.c.rparen()?;
            return Ok(GlobalType {
                content,
                mutability: Mutability::Var,
            });
        }
        Ok(GlobalType {
            content: self.val_type()?,
            mutability: Mutability::Const,
        })
    }

    /// `(param ...)*` then `(result ...)*`. Parameter names are kept when `named`.
    #[allow(clippy::type_complexity)]
    fn params_results(
        &mut self,
        named: bool,
    ) -> Result<(Vec<(Option<(&'a str, Span)>, ValType)>, Vec<ValType>)> {
        let mut params = Vec::new();
        while self.c.at_paren("param") {
            self.c.pos += 2;
            if let Some(id) = self.c.opt_id() {
                if !named {
                    return self.c.error(id.1, "unexpected token");
                }
                let t = self.val_type()?;
                params.push((Some(id), t));
            } else {
                while !self.c.is(TokenKind::RParen) {
                    params.push((None, self.val_type()?));
                }
            }
            self.c.rparen()?;
        }
        let mut results = Vec::new();
        while self.c.at_paren("result") {
            self.c.pos += 2;
            while !self.c.is(TokenKind::RParen) {
                results.push(self.val_type()?);
            }
            self.c.rparen()?;
        }
        if self.c.at_paren("param") || self.c.at_paren("type") {
            // Out of order: `(type)`, then `(param)`s, then `(result)`s.
            self.c.pos += 1;
            return self.c.unexpected();
        }
        Ok((params, results))
    }

    fn type_use(&mut self) -> Result<TypeUse<'a>> {
        let span = self.c.here();
        let mut index = None;
        if self.c.eat_paren("type") {
            index = Some(self.c.index()?);
            self.c.rparen()?;
        }
        let (params, results) = self.params_results(true)?;
        Ok(TypeUse {
            index,
            params,
            results,
            span,
        })
    }

    /// The type index a type use stands for, adding an implicit type if needed.
    fn resolve_type_use(&mut self, tu: TypeUse<'a>) -> Result<TypeIdx> {
        let inline = FuncType {
            params: tu.params.iter().map(|(_, t)| *t).collect(),
            results: tu.results,
        };
        if let Some(r) = tu.index {
            let i = self.type_ref(r)?;
            let has_inline = !inline.params.is_empty() || !inline.results.is_empty();
            if has_inline {
                // Comparing needs the type; a bare `(type 9)` is left to validation.
                match self.m.types.get(i as usize) {
                    None => return self.c.error(r.span(), "unknown type"),
                    Some(t) if t.as_func() != Some(&inline) => {
                        return self.c.error(tu.span, "inline function type");
                    }
                    Some(_) => {}
                }
            }
            return Ok(TypeIdx(i));
        }
        Ok(self.implicit_type(inline))
    }

    /// The type an inline type use stands for: the first equal type of a recursion group
    /// of its own, else a new one.
    fn implicit_type(&mut self, t: FuncType) -> TypeIdx {
        let m = &self.m;
        let alone = |i: usize| m.rec_group_of(TypeIdx(i as u32)).0.len() == 1;
        match m
            .types
            .iter()
            .enumerate()
            .position(|(i, x)| x.is_plain() && x.as_func() == Some(&t) && alone(i))
        {
            Some(i) => TypeIdx(i as u32),
            None => {
                self.m.types.push(t.into());
                TypeIdx(self.m.types.len() as u32 - 1)
            }
        }
    }

    /// A block type: `(type x)?`, `(param ...)*`, `(result ...)*`.
    pub(crate) fn block_type(&mut self) -> Result<BlockType> {
        let span = self.c.here();
        let mut index = None;
        if self.c.eat_paren("type") {
            index = Some(self.c.index()?);
            self.c.rparen()?;
        }
        let (params, results) = self.params_results(false)?;
        if index.is_none() && params.is_empty() && results.len() <= 1 {
            return Ok(match results.first() {
                None => BlockType::Empty,
                Some(t) => BlockType::Value(*t),
            });
        }
        let ty = self.resolve_type_use(TypeUse {
            index,
            params,
            results,
            span,
        })?;
        Ok(BlockType::Func(ty))
    }

    /// The type use of `call_indirect`.
    pub(crate) fn call_type(&mut self) -> Result<TypeIdx> {
        let span = self.c.here();
        let mut index = None;
        if self.c.eat_paren("type") {
            index = Some(self.c.index()?);
            self.c.rparen()?;
        }
        let (params, results) = self.params_results(false)?;
        self.resolve_type_use(TypeUse {
            index,
            params,
            results,
            span,
        })
    }
}

fn push_local(locals: &mut Vec<Local>, ty: ValType) {
    match locals.last_mut() {
        Some(l) if l.ty == ty => l.count += 1,
        _ => locals.push(Local { count: 1, ty }),
    }
}

impl<'a> Cursor<'a> {
    /// After a reference type keyword at the cursor, whether `(elem` follows.
    pub(crate) fn at_paren_after_keyword(&self, kw: &str) -> bool {
        let is_ref = self.peek().is_some_and(|t| {
            t.kind == TokenKind::Keyword
                && matches!(self.text(t), "funcref" | "externref" | "exnref")
        });
        is_ref
            && self.peek_at(1).is_some_and(|t| t.kind == TokenKind::LParen)
            && self
                .peek_at(2)
                .is_some_and(|t| t.kind == TokenKind::Keyword && self.text(t) == kw)
    }
}

/// The offset 0 of an inline segment, of the address type of its table or memory.
fn zero_address(address: AddrType) -> ConstExpr {
    ConstExpr::single(match address {
        AddrType::I32 => Instr::I32Const { value: 0 },
        AddrType::I64 => Instr::I64Const { value: 0 },
    })
}

impl Parser<'_> {
    /// The module's `(@custom "name" place? "bytes"*)` annotations, those among its
    /// fields (tokens `first..` up to the cursor), as custom sections: placed `(before
    /// first)`, `(before S)`, `(after S)` or `(after last)` (the default) of the
    /// sections the module has.
    fn custom_sections(&mut self, first: usize) -> Result<()> {
        let end = self.c.pos;
        let lo = match first.checked_sub(1).and_then(|i| self.c.peek_at_abs(i)) {
            Some(t) => t.span.start as usize,
            None => 0,
        };
        let hi = self
            .c
            .peek_at_abs(end)
            .map_or(self.c.src.len(), |t| t.span.start as usize);
        let annotations: Vec<Span> = self
            .c
            .customs
            .iter()
            .copied()
            .filter(|s| (lo..hi).contains(&(s.start as usize)))
            .collect();
        for span in annotations {
            // Among the fields, not inside one.
            let mut depth = 0i64;
            for i in first..end {
                match self.c.peek_at_abs(i) {
                    Some(t) if t.span.start >= span.start => break,
                    Some(t) if t.kind == TokenKind::LParen => depth += 1,
                    Some(t) if t.kind == TokenKind::RParen => depth -= 1,
                    _ => {}
                }
            }
            if depth == 0 {
                let custom = self.custom_annotation(span)?;
                self.m.customs.push(custom);
            }
        }
        Ok(())
    }

    /// One `(@custom ...)` annotation at `span`.
    fn custom_annotation(&self, span: Span) -> Result<CustomSection> {
        let src = self.c.src;
        let mut lexer =
            crate::lexer::Lexer::starting_at(src, span.start as usize + "(@custom".len());
        let mut toks = Vec::new();
        while let Some(t) = lexer.next_token()? {
            if t.span.start >= span.end - 1 {
                break;
            }
            toks.push(t);
        }
        fn err<T>(at: Span, msg: &str) -> Result<T> {
            Err(crate::TextError::new(at, msg))
        }
        let text = |t: &crate::lexer::Token| &src[t.span.start as usize..t.span.end as usize];
        let mut it = toks.iter().peekable();
        let name = match it.next() {
            Some(t) if t.kind == TokenKind::String => {
                String::from_utf8(crate::lexer::string_value(text(t)))
                    .or_else(|_| err(t.span, "malformed UTF-8 encoding"))?
            }
            Some(t) => return err(t.span, "expected the custom section's name"),
            None => return err(span, "expected the custom section's name"),
        };
        let mut place = Place::After(None);
        if it.peek().is_some_and(|t| t.kind == TokenKind::LParen) {
            it.next();
            let (Some(how), Some(what), Some(close)) = (it.next(), it.next(), it.next()) else {
                return err(span, "unexpected end of the custom annotation");
            };
            if close.kind != TokenKind::RParen {
                return err(close.span, "unexpected token");
            }
            let section = match text(what) {
                "first" | "last" => None,
                s => Some(section_named(s).map_or_else(|| err(what.span, "unknown section"), Ok)?),
            };
            place = match (text(how), text(what), section) {
                ("before", "first", None) => Place::Before(Some(SectionId::Type)),
                ("after", "last", None) => Place::After(None),
                ("before", _, Some(s)) => Place::Before(Some(s)),
                ("after", _, Some(s)) => Place::After(Some(s)),
                _ => return err(how.span, "unexpected token"),
            };
        }
        let mut data = Vec::new();
        for t in it {
            if t.kind != TokenKind::String {
                return err(t.span, "unexpected token");
            }
            data.extend(crate::lexer::string_value(text(t)));
        }
        Ok(CustomSection {
            name,
            data,
            after: self.place_after(place),
        })
    }

    /// The last section present before `place` (`None`: before every section).
    fn place_after(&self, place: Place) -> Option<SectionId> {
        const ORDER: [SectionId; 13] = [
            SectionId::Type,
            SectionId::Import,
            SectionId::Function,
            SectionId::Table,
            SectionId::Memory,
            SectionId::Tag,
            SectionId::Global,
            SectionId::Export,
            SectionId::Start,
            SectionId::Element,
            SectionId::DataCount,
            SectionId::Code,
            SectionId::Data,
        ];
        let m = &self.m;
        let present = |s: SectionId| match s {
            SectionId::Type => !m.types.is_empty(),
            SectionId::Import => !m.imports.is_empty(),
            SectionId::Function | SectionId::Code => !m.funcs.is_empty(),
            SectionId::Table => !m.tables.is_empty(),
            SectionId::Memory => !m.memories.is_empty(),
            SectionId::Tag => !m.tags.is_empty(),
            SectionId::Global => !m.globals.is_empty(),
            SectionId::Export => !m.exports.is_empty(),
            SectionId::Start => m.start.is_some(),
            SectionId::Element => !m.elems.is_empty(),
            SectionId::DataCount => m.data_count.is_some(),
            SectionId::Data => !m.datas.is_empty(),
            SectionId::Custom => false,
        };
        // The sections that come before the place.
        let before = match place {
            Place::After(None) => ORDER.len(),
            Place::After(Some(s)) => ORDER.iter().position(|&x| x == s).map_or(0, |i| i + 1),
            Place::Before(s) => s
                .and_then(|s| ORDER.iter().position(|&x| x == s))
                .unwrap_or(0),
        };
        ORDER[..before].iter().rev().copied().find(|&s| present(s))
    }
}

/// Where an `@custom` annotation puts its section: after a section (`None`: the last),
/// or before one.
#[derive(Clone, Copy)]
enum Place {
    After(Option<SectionId>),
    Before(Option<SectionId>),
}

/// The section of an `@custom` placement's keyword.
fn section_named(s: &str) -> Option<SectionId> {
    Some(match s {
        "type" => SectionId::Type,
        "import" => SectionId::Import,
        "func" => SectionId::Function,
        "table" => SectionId::Table,
        "memory" => SectionId::Memory,
        "tag" => SectionId::Tag,
        "global" => SectionId::Global,
        "export" => SectionId::Export,
        "start" => SectionId::Start,
        "elem" => SectionId::Element,
        "code" => SectionId::Code,
        "data" => SectionId::Data,
        "datacount" => SectionId::DataCount,
        _ => return None,
    })
}

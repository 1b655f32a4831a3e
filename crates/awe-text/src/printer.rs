//! The printer: a [`Module`] in the text format
//! ([spec §6](https://webassembly.github.io/spec/core/text/index.html)), laid out the way
//! `wasm2wat` lays it out.
//!
//! ```text
//! (module $demo
//!   (type (;0;) (func (param i32) (result i32)))
//!   (func $double (;0;) (type 0) (param $x i32) (result i32)
//!     local.get $x
//!     local.get $x
//!     i32.add)
//!   (export "double" (func $double)))
//! ```
//!
//! * Fields come in the binary format's order (types, imports, functions, tables,
//!   memories, globals, exports, start, elements, data), so every definition gets back the
//!   index it has in the module when the text is parsed; each definition carries its index
//!   as a `(;N;)` comment.
//! * Instructions are flat, one per line, indented two spaces per enclosing `block`,
//!   `loop` or `if` (up to [`MAX_INDENT_DEPTH`] levels); `else` and `end` line up with
//!   their `if` or `block`.
//! * Names from the `name` section become `$identifiers`: the module, functions, locals
//!   and parameters, and the extended name section's labels, types (and their parameters),
//!   tables, memories, globals, element and data segments. A name is used when it is a
//!   valid identifier and not already taken in its index space (the lowest index keeps
//!   it); everything else is referred to by number. Label names may repeat, as blocks
//!   may shadow one another; a branch to a shadowed label is printed as a depth.
//! * Custom sections other than `name` become `(@custom "name" (after section) "bytes")`
//!   annotations, which `wat` assembles back into place and other parsers skip.
//!
//! Printing never recurses on nesting depth and never panics, whatever the module: an
//! index out of range, a name section for items that do not exist or an unbalanced body
//! are printed as they are (the text then does not parse back, as the module was
//! invalid). Parsing the text gives back the same module, except for what the text format
//! cannot express: how locals are grouped into runs in the binary format, the presence of
//! a data count section, names that are not valid identifiers, and custom sections placed
//! after a section that is present but empty (`wat` leaves empty sections out).

use crate::lexer::is_idchar;
use awe_module::{
    AddrType, BlockType, CompositeType, ConstExpr, DataMode, ElemItems, ElemMode, ExportDesc,
    FuncType, ImportDesc, Instr, Limits, Module, Mutability, SectionId, SubType, TypeIdx, ValType,
};
use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write};

/// Blocks nested deeper than this are indented as if they were at this depth, so that a
/// body of a hundred thousand nested blocks prints in linear space.
pub const MAX_INDENT_DEPTH: usize = 50;

/// The module in the text format, ending with a newline.
///
/// The text is about as long as the binary module is, times a small factor, with one
/// exception: every declared local is written out, so a function declaring a billion
/// locals (a few bytes in the binary format) prints a billion types. Callers printing
/// untrusted modules may want to look at `Func::locals` first.
///
/// ```
/// use awe_module::{Func, FuncType, Instr, Module, TypeIdx};
///
/// let module = Module {
///     types: vec![FuncType::default().into()],
///     funcs: vec![Func {
///         ty: TypeIdx(0),
///         body: vec![Instr::Nop, Instr::End],
///         ..Func::default()
///     }],
///     ..Module::default()
/// };
/// assert_eq!(
///     awe_text::print(&module),
///     "(module\n  (type (;0;) (func))\n  (func (;0;) (type 0)\n    nop))\n"
/// );
/// ```
pub fn print(module: &Module) -> String {
    let mut out = String::new();
    // Writing to a `String` cannot fail.
    let _ = print_to(module, &mut out);
    out
}

/// Writes the module in the text format to `out`, ending with a newline.
///
/// Fails only when `out` does.
pub fn print_to<W: Write + ?Sized>(module: &Module, out: &mut W) -> fmt::Result {
    let names = NameTables::new(module);
    let mut p = Printer {
        m: module,
        names: &names,
        w: out,
    };
    p.module()
}

/// Whether `name` can be written as the identifier `$name`.
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(is_idchar)
}

/// The names of one index space that can be printed as identifiers.
#[derive(Debug, Default)]
struct IdMap(HashMap<u32, String>);

impl IdMap {
    /// Keeps the names of indices below `len` that are identifiers, each name only for the
    /// lowest index that has it (or, within one index, the first entry).
    fn new<'s>(entries: impl IntoIterator<Item = (u32, &'s str)>, len: u64) -> IdMap {
        let mut entries: Vec<(u32, &str)> = entries
            .into_iter()
            .filter(|&(i, name)| u64::from(i) < len && is_identifier(name))
            .collect();
        // Stable: among entries for one index the first stays first.
        entries.sort_by_key(|&(i, _)| i);
        let mut map = HashMap::new();
        let mut used = HashSet::new();
        for (i, name) in entries {
            if !map.contains_key(&i) && used.insert(name) {
                map.insert(i, name.to_owned());
            }
        }
        IdMap(map)
    }

    fn get(&self, i: u32) -> Option<&str> {
        self.0.get(&i).map(String::as_str)
    }
}

/// An index written as `$name` when its space names it, as a number otherwise.
struct Id<'a>(Option<&'a IdMap>, u32);

impl fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.and_then(|m| m.get(self.1)) {
            Some(name) => write!(f, "${name}"),
            None => write!(f, "{}", self.1),
        }
    }
}

/// Every name the printer can use, by index space.
#[derive(Debug, Default)]
struct NameTables {
    module: Option<String>,
    types: IdMap,
    type_params: HashMap<u32, IdMap>,
    /// The names of each struct type's fields (the field names subsection).
    fields: HashMap<u32, IdMap>,
    funcs: IdMap,
    locals: HashMap<u32, IdMap>,
    labels: HashMap<u32, HashMap<u32, String>>,
    tables: IdMap,
    memories: IdMap,
    globals: IdMap,
    tags: IdMap,
    elems: IdMap,
    datas: IdMap,
}

/// Subsection ids of the extended name section
/// ([proposal](https://github.com/WebAssembly/extended-name-section)).
mod subsection {
    pub const LABEL: u8 = 3;
    pub const TYPE: u8 = 4;
    pub const TABLE: u8 = 5;
    pub const MEMORY: u8 = 6;
    pub const GLOBAL: u8 = 7;
    pub const ELEM: u8 = 8;
    pub const DATA: u8 = 9;
    pub const FIELD: u8 = 10;
    pub const TAG: u8 = 11;
    pub const PARAMETER: u8 = 12;
}

impl NameTables {
    fn new(m: &Module) -> NameTables {
        let n = &m.names;
        let count = |kind, defined: usize| u64::from(m.num_imported(kind)) + defined as u64;
        let num_funcs = count(awe_module::ExternKind::Func, m.funcs.len());
        let mut t = NameTables {
            module: n.module.clone().filter(|s| is_identifier(s)),
            funcs: IdMap::new(n.funcs.iter().map(|(i, s)| (i.0, s.as_str())), num_funcs),
            ..NameTables::default()
        };
        let imported_types: Vec<TypeIdx> = m.imported_funcs().collect();
        for (f, locals) in &n.locals {
            if let Some(len) = num_locals(m, &imported_types, f.0)
                && !t.locals.contains_key(&f.0)
            {
                let map = IdMap::new(locals.iter().map(|(i, s)| (i.0, s.as_str())), len);
                t.locals.insert(f.0, map);
            }
        }
        for (id, payload) in &n.other {
            // A subsection that does not read cleanly is ignored.
            match *id {
                subsection::LABEL => {
                    if let Some(v) = NameReader::read(payload, NameReader::indirect_map) {
                        for (f, labels) in v {
                            if u64::from(f) < num_funcs {
                                let map = t.labels.entry(f).or_default();
                                for (l, name) in labels {
                                    if is_identifier(name) {
                                        map.entry(l).or_insert_with(|| name.to_owned());
                                    }
                                }
                            }
                        }
                    }
                }
                subsection::FIELD => {
                    if let Some(v) = NameReader::read(payload, NameReader::indirect_map) {
                        for (ty, fields) in v {
                            if let Some(fs) = m.types.get(ty as usize).and_then(SubType::as_struct)
                                && !t.fields.contains_key(&ty)
                            {
                                t.fields.insert(ty, IdMap::new(fields, fs.len() as u64));
                            }
                        }
                    }
                }
                subsection::PARAMETER => {
                    if let Some(v) = NameReader::read(payload, NameReader::indirect_map) {
                        for (ty, params) in v {
                            if let Some(ft) = m.type_func(TypeIdx(ty))
                                && !t.type_params.contains_key(&ty)
                            {
                                let len = ft.params.len() as u64;
                                t.type_params.insert(ty, IdMap::new(params, len));
                            }
                        }
                    }
                }
                id => {
                    use awe_module::ExternKind as K;
                    let (space, len) = match id {
                        subsection::TYPE => (&mut t.types, m.types.len() as u64),
                        subsection::TABLE => (&mut t.tables, count(K::Table, m.tables.len())),
                        subsection::MEMORY => (&mut t.memories, count(K::Memory, m.memories.len())),
                        subsection::GLOBAL => (&mut t.globals, count(K::Global, m.globals.len())),
                        subsection::ELEM => (&mut t.elems, m.elems.len() as u64),
                        subsection::DATA => (&mut t.datas, m.datas.len() as u64),
                        subsection::TAG => (&mut t.tags, count(K::Tag, m.tags.len())),
                        _ => continue,
                    };
                    if space.0.is_empty()
                        && let Some(v) = NameReader::read(payload, NameReader::name_map)
                    {
                        *space = IdMap::new(v, len);
                    }
                }
            }
        }
        t
    }
}

/// The number of locals (parameters included) of function `f`, when its type is known.
/// `imported` has the types of the imported functions.
fn num_locals(m: &Module, imported: &[TypeIdx], f: u32) -> Option<u64> {
    let (ty, declared) = match (f as usize).checked_sub(imported.len()) {
        None => (imported[f as usize], 0),
        Some(i) => {
            let func = m.funcs.get(i)?;
            (
                func.ty,
                func.locals.iter().map(|l| u64::from(l.count)).sum(),
            )
        }
    };
    Some(m.type_func(ty)?.params.len() as u64 + declared)
}

/// Reads the payload of an extended name subsection.
struct NameReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> NameReader<'a> {
    /// Reads all of `payload` with `f`; `None` if it fails or leaves bytes over.
    fn read<T>(payload: &'a [u8], f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let mut r = NameReader {
            bytes: payload,
            pos: 0,
        };
        let v = f(&mut r)?;
        (r.pos == payload.len()).then_some(v)
    }

    fn u32(&mut self) -> Option<u32> {
        let mut result = 0u32;
        for i in 0..5 {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            if i == 4 && b > 0x0f {
                return None;
            }
            result |= u32::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Some(result);
            }
        }
        None
    }

    fn name(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        let end = self.pos.checked_add(len)?;
        let s = std::str::from_utf8(self.bytes.get(self.pos..end)?).ok()?;
        self.pos = end;
        Some(s)
    }

    fn name_map(&mut self) -> Option<Vec<(u32, &'a str)>> {
        let n = self.u32()?;
        let mut v = Vec::new();
        for _ in 0..n {
            v.push((self.u32()?, self.name()?));
        }
        Some(v)
    }

    #[allow(clippy::type_complexity)]
    fn indirect_map(&mut self) -> Option<Vec<(u32, Vec<(u32, &'a str)>)>> {
        let n = self.u32()?;
        let mut v = Vec::new();
        for _ in 0..n {
            v.push((self.u32()?, self.name_map()?));
        }
        Some(v)
    }
}

/// A string literal of arbitrary bytes: printable ASCII as it is, the rest as `\hh`.
struct Bytes<'a>(&'a [u8]);

impl fmt::Display for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for &b in self.0 {
            match b {
                b'"' => f.write_str("\\\"")?,
                b'\\' => f.write_str("\\\\")?,
                0x20..=0x7e => f.write_char(b as char)?,
                _ => write!(f, "\\{b:02x}")?,
            }
        }
        f.write_char('"')
    }
}

/// A string literal of a name: printable ASCII and non-ASCII letters and digits as they
/// are, other characters escaped.
struct Name<'a>(&'a str);

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                ' '..='~' => f.write_char(c)?,
                c if c.is_ascii() => write!(f, "\\{:02x}", c as u32)?,
                c if c.is_alphanumeric() => f.write_char(c)?,
                c => write!(f, "\\u{{{:x}}}", c as u32)?,
            }
        }
        f.write_char('"')
    }
}

/// Where a custom section goes, in `@custom` syntax.
fn custom_place(after: Option<SectionId>) -> &'static str {
    match after {
        None | Some(SectionId::Custom) => "before first",
        Some(SectionId::Type) => "after type",
        Some(SectionId::Import) => "after import",
        Some(SectionId::Function) => "after func",
        Some(SectionId::Table) => "after table",
        Some(SectionId::Memory) => "after memory",
        Some(SectionId::Tag) => "after tag",
        Some(SectionId::Global) => "after global",
        Some(SectionId::Export) => "after export",
        Some(SectionId::Start) => "after start",
        Some(SectionId::Element) => "after elem",
        Some(SectionId::DataCount) => "before code",
        Some(SectionId::Code) => "after code",
        Some(SectionId::Data) => "after data",
    }
}

/// The last instruction of a constant expression or body is its `end`; not printed.
fn without_end(instrs: &[Instr]) -> &[Instr] {
    match instrs.split_last() {
        Some((Instr::End, rest)) => rest,
        _ => instrs,
    }
}

/// The labels of the blocks enclosing an instruction, for printing branch targets.
#[derive(Default)]
struct Labels<'a> {
    /// The enclosing blocks, outermost first, with their names.
    stack: Vec<Option<&'a str>>,
    /// For each name, the positions in `stack` of the blocks that have it.
    bound: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Labels<'a> {
    fn push(&mut self, name: Option<&'a str>) {
        if let Some(name) = name {
            self.bound.entry(name).or_default().push(self.stack.len());
        }
        self.stack.push(name);
    }

    /// Pops the innermost block; `false` if there was none.
    fn pop(&mut self) -> bool {
        match self.stack.pop() {
            Some(name) => {
                if let Some(name) = name
                    && let Some(positions) = self.bound.get_mut(name)
                {
                    positions.pop();
                }
                true
            }
            None => false,
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The name by which branch depth `depth` can be written, if any: the target's label
    /// when no inner block shadows it.
    fn target(&self, depth: u32) -> Option<&'a str> {
        let pos = self
            .stack
            .len()
            .checked_sub(1)?
            .checked_sub(depth as usize)?;
        let name = self.stack[pos]?;
        (self.bound.get(name)?.last() == Some(&pos)).then_some(name)
    }
}

/// A branch target: `$label` or a depth.
struct Target<'a>(Option<&'a str>, u32);

impl fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(name) => write!(f, "${name}"),
            None => write!(f, "{}", self.1),
        }
    }
}

struct Printer<'a, W: ?Sized> {
    m: &'a Module,
    names: &'a NameTables,
    w: &'a mut W,
}

impl<'a, W: Write + ?Sized> Printer<'a, W> {
    /// Starts a new line at `level` (in two-space steps).
    fn line(&mut self, level: usize) -> fmt::Result {
        self.w.write_char('\n')?;
        for _ in 0..level {
            self.w.write_str("  ")?;
        }
        Ok(())
    }

    fn module(&mut self) -> fmt::Result {
        let m = self.m;
        let names = self.names;
        self.w.write_str("(module")?;
        if let Some(name) = &names.module {
            write!(self.w, " ${name}")?;
        }
        // Recursion groups: `(rec` before the first type of one, `)` after its last.
        let opens = |i: u32| m.rec_groups.iter().filter(move |g| g.start == i);
        for (i, ty) in m.types.iter().enumerate() {
            let i = i as u32;
            for g in opens(i) {
                self.line(1)?;
                self.w.write_str("(rec")?;
                if g.len == 0 {
                    self.w.write_str(")")?;
                }
            }
            self.line(1)?;
            self.w.write_str("(type")?;
            self.def_name(Some(&names.types), i)?;
            self.sub_type(ty, names.type_params.get(&i), names.fields.get(&i))?;
            self.w.write_str(")")?;
            for _ in m
                .rec_groups
                .iter()
                .filter(|g| g.len > 0 && g.start + g.len - 1 == i)
            {
                self.w.write_str(")")?;
            }
        }
        for _ in opens(m.types.len() as u32) {
            self.line(1)?;
            self.w.write_str("(rec)")?;
        }
        self.imports()?;
        let imported = m.num_imported_funcs();
        for (i, func) in m.funcs.iter().enumerate() {
            self.func(imported.wrapping_add(i as u32), func)?;
        }
        use awe_module::ExternKind as K;
        let first = m.num_imported(K::Table);
        for (i, t) in m.tables.iter().enumerate() {
            self.line(1)?;
            self.w.write_str("(table")?;
            self.def_name(Some(&names.tables), first.wrapping_add(i as u32))?;
            self.address(t.ty.address)?;
            write!(self.w, " {} {}", t.ty.limits, t.ty.elem)?;
            if let Some(init) = &t.init {
                self.const_expr(init, None)?;
            }
            self.w.write_str(")")?;
        }
        let first = m.num_imported(K::Memory);
        for (i, mem) in m.memories.iter().enumerate() {
            self.line(1)?;
            self.w.write_str("(memory")?;
            self.def_name(Some(&names.memories), first.wrapping_add(i as u32))?;
            self.address(mem.address)?;
            self.limits(mem.limits)?;
            self.w.write_str(")")?;
        }
        let first = m.num_imported(K::Tag);
        for (i, t) in m.tags.iter().enumerate() {
            self.line(1)?;
            self.w.write_str("(tag")?;
            self.def_name(Some(&names.tags), first.wrapping_add(i as u32))?;
            self.type_use(t.ty.0, None)?;
            self.w.write_str(")")?;
        }
        let first = m.num_imported(K::Global);
        for (i, g) in m.globals.iter().enumerate() {
            self.line(1)?;
            self.w.write_str("(global")?;
            self.def_name(Some(&names.globals), first.wrapping_add(i as u32))?;
            match g.ty.mutability {
                Mutability::Const => write!(self.w, " {}", g.ty.content)?,
                Mutability::Var => write!(self.w, " (mut {})", g.ty.content)?,
            }
            self.const_expr(&g.init, None)?;
            self.w.write_str(")")?;
        }
        for e in &m.exports {
            self.line(1)?;
            write!(self.w, "(export {} (", Name(&e.name))?;
            match e.desc {
                ExportDesc::Func(i) => write!(self.w, "func {}", Id(Some(&names.funcs), i.0)),
                ExportDesc::Table(i) => write!(self.w, "table {}", Id(Some(&names.tables), i.0)),
                ExportDesc::Memory(i) => {
                    write!(self.w, "memory {}", Id(Some(&names.memories), i.0))
                }
                ExportDesc::Global(i) => {
                    write!(self.w, "global {}", Id(Some(&names.globals), i.0))
                }
                ExportDesc::Tag(i) => write!(self.w, "tag {}", Id(Some(&names.tags), i.0)),
            }?;
            self.w.write_str("))")?;
        }
        if let Some(start) = m.start {
            self.line(1)?;
            write!(self.w, "(start {})", Id(Some(&names.funcs), start.0))?;
        }
        for (i, e) in m.elems.iter().enumerate() {
            self.elem(i as u32, e)?;
        }
        for (i, d) in m.datas.iter().enumerate() {
            self.line(1)?;
            self.w.write_str("(data")?;
            self.def_name(Some(&names.datas), i as u32)?;
            if let DataMode::Active { memory, offset } = &d.mode {
                if memory.0 != 0 {
                    write!(self.w, " (memory {})", Id(Some(&names.memories), memory.0))?;
                }
                self.const_expr(offset, Some("offset"))?;
            }
            write!(self.w, " {})", Bytes(&d.init))?;
        }
        for c in &m.customs {
            self.line(1)?;
            if c.name == "name" {
                // As an annotation it would replace the name section `wat` makes from
                // the identifiers.
                write!(
                    self.w,
                    "(; a \"name\" custom section of {} bytes that did not decode ;)",
                    c.data.len()
                )?;
            } else {
                write!(
                    self.w,
                    "(@custom {} ({}) {})",
                    Name(&c.name),
                    custom_place(c.after),
                    Bytes(&c.data)
                )?;
            }
        }
        self.w.write_str(")\n")
    }

    /// Writes ` $name (;i;)` or ` (;i;)`.
    /// Writes a defined type after a space: `(sub final? super* comptype)`, or the
    /// composite type alone when it is final with no supertype.
    fn sub_type(
        &mut self,
        ty: &SubType,
        param_names: Option<&IdMap>,
        field_names: Option<&IdMap>,
    ) -> fmt::Result {
        if !ty.is_plain() {
            self.w.write_str(" (sub")?;
            if ty.is_final {
                self.w.write_str(" final")?;
            }
            for s in &ty.supertypes {
                write!(self.w, " {}", Id(Some(&self.names.types), s.0))?;
            }
        }
        match &ty.composite {
            CompositeType::Func(ft) => {
                self.w.write_str(" (func")?;
                self.params(&ft.params, param_names)?;
                self.results(&ft.results)?;
                self.w.write_str(")")?;
            }
            CompositeType::Struct(fields) => {
                self.w.write_str(" (struct")?;
                for (i, f) in fields.iter().enumerate() {
                    self.w.write_str(" (field")?;
                    if let Some(name) = field_names.and_then(|n| n.get(i as u32)) {
                        write!(self.w, " ${name}")?;
                    }
                    write!(self.w, " {f})")?;
                }
                self.w.write_str(")")?;
            }
            c => write!(self.w, " {c}")?,
        }
        if !ty.is_plain() {
            self.w.write_str(")")?;
        }
        Ok(())
    }

    fn def_name(&mut self, space: Option<&IdMap>, i: u32) -> fmt::Result {
        if let Some(name) = space.and_then(|s| s.get(i)) {
            write!(self.w, " ${name}")?;
        }
        write!(self.w, " (;{i};)")
    }

    /// ` i64` for a memory or table with 64-bit addresses (32-bit ones are the default).
    fn address(&mut self, a: AddrType) -> fmt::Result {
        if a.is_64() {
            self.w.write_str(" i64")?;
        }
        Ok(())
    }

    fn limits(&mut self, l: Limits) -> fmt::Result {
        write!(self.w, " {}", l.min)?;
        if let Some(max) = l.max {
            write!(self.w, " {max}")?;
        }
        Ok(())
    }

    /// Writes `(param ...)` groups: one per named parameter, one per run of unnamed ones.
    fn params(&mut self, params: &[ValType], names: Option<&IdMap>) -> fmt::Result {
        self.decls("param", params.iter().map(|&t| (1, t)), names, 0, " ")
    }

    fn results(&mut self, results: &[ValType]) -> fmt::Result {
        if !results.is_empty() {
            self.w.write_str(" (result")?;
            for t in results {
                write!(self.w, " {t}")?;
            }
            self.w.write_str(")")?;
        }
        Ok(())
    }

    /// Writes `(param ...)` or `(local ...)` declarations for runs of `(count, type)`,
    /// numbered from `first` in `names`: a named one alone, unnamed ones together. Each
    /// declaration is preceded by a space, except the first by `lead`.
    fn decls(
        &mut self,
        keyword: &str,
        runs: impl Iterator<Item = (u32, ValType)>,
        names: Option<&IdMap>,
        first: u64,
        lead: &str,
    ) -> fmt::Result {
        let mut index = first;
        let mut open = false;
        let mut sep = lead;
        for (count, ty) in runs {
            for _ in 0..count {
                let name = u32::try_from(index)
                    .ok()
                    .and_then(|i| names.and_then(|n| n.get(i)));
                index += 1;
                match name {
                    Some(name) => {
                        if open {
                            self.w.write_str(")")?;
                            open = false;
                        }
                        write!(self.w, "{sep}({keyword} ${name} {ty})")?;
                        sep = " ";
                    }
                    None => {
                        if !open {
                            write!(self.w, "{sep}({keyword}")?;
                            sep = " ";
                            open = true;
                        }
                        write!(self.w, " {ty}")?;
                    }
                }
            }
        }
        if open {
            self.w.write_str(")")?;
        }
        Ok(())
    }

    /// Writes the `(param ...) (result ...)` of type `ty` after its `(type ty)`, when
    /// the type exists.
    fn type_use(&mut self, ty: u32, param_names: Option<&IdMap>) -> fmt::Result {
        write!(self.w, " (type {})", Id(Some(&self.names.types), ty))?;
        if let Some(ft) = self.m.type_func(TypeIdx(ty)) {
            let FuncType { params, results } = ft;
            self.params(params, param_names)?;
            self.results(results)?;
        }
        Ok(())
    }

    fn imports(&mut self) -> fmt::Result {
        let names = self.names;
        let (mut funcs, mut tables, mut memories, mut globals) = (0u32, 0u32, 0u32, 0u32);
        let mut tags = 0u32;
        for import in &self.m.imports {
            self.line(1)?;
            write!(
                self.w,
                "(import {} {} ",
                Name(&import.module),
                Name(&import.name)
            )?;
            match import.desc {
                ImportDesc::Func(ty) => {
                    self.w.write_str("(func")?;
                    self.def_name(Some(&names.funcs), funcs)?;
                    self.type_use(ty.0, names.locals.get(&funcs))?;
                    funcs = funcs.wrapping_add(1);
                }
                ImportDesc::Table(t) => {
                    self.w.write_str("(table")?;
                    self.def_name(Some(&names.tables), tables)?;
                    self.address(t.address)?;
                    write!(self.w, " {} {}", t.limits, t.elem)?;
                    tables = tables.wrapping_add(1);
                }
                ImportDesc::Memory(mem) => {
                    self.w.write_str("(memory")?;
                    self.def_name(Some(&names.memories), memories)?;
                    self.address(mem.address)?;
                    self.limits(mem.limits)?;
                    memories = memories.wrapping_add(1);
                }
                ImportDesc::Global(g) => {
                    self.w.write_str("(global")?;
                    self.def_name(Some(&names.globals), globals)?;
                    match g.mutability {
                        Mutability::Const => write!(self.w, " {}", g.content)?,
                        Mutability::Var => write!(self.w, " (mut {})", g.content)?,
                    }
                    globals = globals.wrapping_add(1);
                }
                ImportDesc::Tag(t) => {
                    self.w.write_str("(tag")?;
                    self.def_name(Some(&names.tags), tags)?;
                    self.type_use(t.ty.0, None)?;
                    tags = tags.wrapping_add(1);
                }
            }
            self.w.write_str("))")?;
        }
        Ok(())
    }

    fn func(&mut self, index: u32, func: &awe_module::Func) -> fmt::Result {
        let names = self.names;
        let locals = names.locals.get(&index);
        self.line(1)?;
        self.w.write_str("(func")?;
        self.def_name(Some(&names.funcs), index)?;
        self.type_use(func.ty.0, locals)?;
        if !func.locals.is_empty() {
            // Declared locals are numbered after the parameters.
            let first = self.m.type_func(func.ty).map_or(0, |t| t.params.len());
            self.line(2)?;
            self.decls(
                "local",
                func.locals.iter().map(|l| (l.count, l.ty)),
                locals,
                first as u64,
                "",
            )?;
        }
        match &func.encoded {
            // A body kept encoded (`awe_binary::decode_shared`) is decoded to print it;
            // one made by hand that does not decode prints empty.
            Some(_) => {
                let body = awe_binary::body_instrs(func).map(|b| b.0);
                self.body(index, &body.unwrap_or_default(), locals)?;
            }
            None => self.body(index, &func.body, locals)?,
        }
        self.w.write_str(")")
    }

    /// Writes a function body, one instruction per line, without recursion.
    fn body(&mut self, func: u32, body: &[Instr], locals: Option<&IdMap>) -> fmt::Result {
        const BASE: usize = 2;
        let label_names = self.names.labels.get(&func);
        let mut labels = Labels::default();
        let mut next_label: u32 = 0;
        let indent = |depth: usize| BASE + depth.min(MAX_INDENT_DEPTH);
        for (i, instr) in body.iter().enumerate() {
            match instr {
                Instr::End => {
                    if labels.pop() {
                        self.line(indent(labels.depth()))?;
                        self.w.write_str("end")?;
                    } else if i + 1 != body.len() {
                        // An `end` beyond the function's own: printed, though the
                        // text will not parse.
                        self.line(indent(0))?;
                        self.w.write_str("end")?;
                    }
                }
                Instr::Else => {
                    self.line(indent(labels.depth().saturating_sub(1)))?;
                    self.w.write_str("else")?;
                }
                Instr::Block { ty }
                | Instr::Loop { ty }
                | Instr::If { ty }
                | Instr::TryTable { ty, .. } => {
                    let name = label_names
                        .and_then(|l| l.get(&next_label))
                        .map(String::as_str);
                    next_label = next_label.wrapping_add(1);
                    self.line(indent(labels.depth()))?;
                    self.w.write_str(instr.name())?;
                    if let Some(name) = name {
                        write!(self.w, " ${name}")?;
                    }
                    self.block_type(*ty)?;
                    if let Instr::TryTable { catches, .. } = instr {
                        // The clauses' labels are the ones around the `try_table`.
                        for c in catches.iter() {
                            write!(self.w, " ({}", c.kind.name())?;
                            if c.kind.has_tag() {
                                write!(self.w, " {}", Id(Some(&self.names.tags), c.tag.0))?;
                            }
                            let target = Target(labels.target(c.label.0), c.label.0);
                            write!(self.w, " {target})")?;
                        }
                    }
                    labels.push(name);
                }
                Instr::Br { label }
                | Instr::BrIf { label }
                | Instr::BrOnNull { label }
                | Instr::BrOnNonNull { label } => {
                    self.line(indent(labels.depth()))?;
                    let target = Target(labels.target(label.0), label.0);
                    write!(self.w, "{} {target}", instr.name())?;
                }
                Instr::BrOnCast { cast } | Instr::BrOnCastFail { cast } => {
                    self.line(indent(labels.depth()))?;
                    let target = Target(labels.target(cast.label.0), cast.label.0);
                    write!(
                        self.w,
                        "{} {target} {} {}",
                        instr.name(),
                        cast.from,
                        cast.to
                    )?;
                }
                Instr::BrTable { targets } => {
                    self.line(indent(labels.depth()))?;
                    self.w.write_str("br_table")?;
                    for l in targets.targets.iter().chain([&targets.default]) {
                        write!(self.w, " {}", Target(labels.target(l.0), l.0))?;
                    }
                }
                _ => {
                    self.line(indent(labels.depth()))?;
                    self.instr(instr, locals)?;
                }
            }
        }
        Ok(())
    }

    fn block_type(&mut self, ty: BlockType) -> fmt::Result {
        match ty {
            BlockType::Empty => Ok(()),
            BlockType::Value(t) => write!(self.w, " (result {t})"),
            BlockType::Func(t) => self.type_use(t.0, None),
        }
    }

    /// Writes one instruction other than a branch, with names for its indices.
    fn instr(&mut self, instr: &Instr, locals: Option<&IdMap>) -> fmt::Result {
        let n = self.names;
        let name = instr.name();
        match instr {
            Instr::Call { func } | Instr::ReturnCall { func } | Instr::RefFunc { func } => {
                write!(self.w, "{name} {}", Id(Some(&n.funcs), func.0))
            }
            Instr::CallIndirect { ty, table } | Instr::ReturnCallIndirect { ty, table } => {
                self.w.write_str(name)?;
                if table.0 != 0 || n.tables.get(0).is_some() {
                    write!(self.w, " {}", Id(Some(&n.tables), table.0))?;
                }
                write!(self.w, " (type {})", Id(Some(&n.types), ty.0))
            }
            Instr::LocalGet { local } | Instr::LocalSet { local } | Instr::LocalTee { local } => {
                write!(self.w, "{name} {}", Id(locals, local.0))
            }
            Instr::GlobalGet { global } | Instr::GlobalSet { global } => {
                write!(self.w, "{name} {}", Id(Some(&n.globals), global.0))
            }
            Instr::TableGet { table }
            | Instr::TableSet { table }
            | Instr::TableGrow { table }
            | Instr::TableSize { table }
            | Instr::TableFill { table } => {
                write!(self.w, "{name} {}", Id(Some(&n.tables), table.0))
            }
            Instr::TableInit { elem, table } => write!(
                self.w,
                "{name} {} {}",
                Id(Some(&n.tables), table.0),
                Id(Some(&n.elems), elem.0)
            ),
            Instr::ElemDrop { elem } => write!(self.w, "{name} {}", Id(Some(&n.elems), elem.0)),
            Instr::TableCopy { dst, src } => write!(
                self.w,
                "{name} {} {}",
                Id(Some(&n.tables), dst.0),
                Id(Some(&n.tables), src.0)
            ),
            Instr::MemorySize { mem } | Instr::MemoryGrow { mem } | Instr::MemoryFill { mem } => {
                self.w.write_str(name)?;
                if mem.0 != 0 {
                    write!(self.w, " {}", Id(Some(&n.memories), mem.0))?;
                }
                Ok(())
            }
            Instr::MemoryInit { data, mem } => {
                // The text puts the memory first, the binary format last.
                self.w.write_str(name)?;
                if mem.0 != 0 {
                    write!(self.w, " {}", Id(Some(&n.memories), mem.0))?;
                }
                write!(self.w, " {}", Id(Some(&n.datas), data.0))
            }
            Instr::DataDrop { data } => write!(self.w, "{name} {}", Id(Some(&n.datas), data.0)),
            Instr::MemoryCopy { dst, src } => {
                self.w.write_str(name)?;
                if dst.0 != 0 || src.0 != 0 {
                    write!(
                        self.w,
                        " {} {}",
                        Id(Some(&n.memories), dst.0),
                        Id(Some(&n.memories), src.0)
                    )?;
                }
                Ok(())
            }
            Instr::Block { ty } | Instr::Loop { ty } | Instr::If { ty } => {
                self.w.write_str(name)?;
                self.block_type(*ty)
            }
            Instr::Throw { tag } => write!(self.w, "{name} {}", Id(Some(&n.tags), tag.0)),
            _ => write!(self.w, "{instr}"),
        }
    }

    /// Writes a constant expression after a space: `(i32.const 0)` when it is one plain
    /// instruction, else its instructions flat, inside `(keyword ...)` when one is given.
    fn const_expr(&mut self, e: &ConstExpr, keyword: Option<&str>) -> fmt::Result {
        let instrs = without_end(&e.instrs);
        let foldable = |i: &Instr| {
            !matches!(
                i,
                Instr::Block { .. }
                    | Instr::Loop { .. }
                    | Instr::If { .. }
                    | Instr::TryTable { .. }
                    | Instr::Else
                    | Instr::End
            )
        };
        if let [single] = instrs
            && foldable(single)
        {
            self.w.write_str(" (")?;
            self.instr(single, None)?;
            return self.w.write_str(")");
        }
        if let Some(k) = keyword {
            write!(self.w, " ({k}")?;
        }
        for i in instrs {
            self.w.write_char(' ')?;
            self.instr(i, None)?;
        }
        if keyword.is_some() {
            self.w.write_str(")")?;
        }
        Ok(())
    }

    fn elem(&mut self, index: u32, e: &awe_module::Elem) -> fmt::Result {
        let names = self.names;
        self.line(1)?;
        self.w.write_str("(elem")?;
        self.def_name(Some(&names.elems), index)?;
        match &e.mode {
            ElemMode::Passive => {}
            ElemMode::Declarative => self.w.write_str(" declare")?,
            ElemMode::Active { table, offset } => {
                if table.0 != 0 {
                    write!(self.w, " (table {})", Id(Some(&names.tables), table.0))?;
                }
                self.const_expr(offset, Some("offset"))?;
            }
        }
        match &e.items {
            ElemItems::Funcs(funcs) => {
                self.w.write_str(" func")?;
                for f in funcs {
                    write!(self.w, " {}", Id(Some(&names.funcs), f.0))?;
                }
            }
            ElemItems::Exprs(exprs) => {
                write!(self.w, " {}", e.ty)?;
                for x in exprs {
                    self.const_expr(x, Some("item"))?;
                }
            }
        }
        self.w.write_str(")")
    }
}

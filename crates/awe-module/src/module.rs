//! Modules ([spec §2.5](https://webassembly.github.io/spec/core/syntax/modules.html)).

use crate::deftypes::*;
use crate::index::*;
use crate::instr::Instr;
use crate::types::*;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A WebAssembly module as decoded from the binary format or parsed from text.
///
/// It is not yet known to be valid: only the validator proves that.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Module {
    /// The type section: every defined type, in order (a type section entry that is a
    /// `rec` group adds each of its types, and a [`RecGroup`]).
    pub types: Vec<SubType>,
    /// The explicit recursion groups (`rec`) of the type section, in order: types
    /// `start..start + len`. A type in none is a group of its own (as `(rec (type ...))`
    /// of one type is): types are equal across modules when their groups are.
    pub rec_groups: Vec<RecGroup>,
    /// The import section, in order. Imported functions, tables, memories and globals
    /// take the first indices of their spaces.
    pub imports: Vec<Import>,
    /// The functions the module defines (function and code sections together).
    pub funcs: Vec<Func>,
    /// The tables the module defines.
    pub tables: Vec<Table>,
    /// The memories the module defines.
    pub memories: Vec<MemType>,
    /// The tags the module defines (the tag section, exception handling).
    pub tags: Vec<TagType>,
    /// The globals the module defines.
    pub globals: Vec<Global>,
    /// The export section.
    pub exports: Vec<Export>,
    /// The start function.
    pub start: Option<FuncIdx>,
    /// The element section.
    pub elems: Vec<Elem>,
    /// The data count section, when present.
    pub data_count: Option<u32>,
    /// The data section.
    pub datas: Vec<Data>,
    /// Custom sections other than a well-formed `name` section, in order.
    pub customs: Vec<CustomSection>,
    /// The contents of the `name` custom section.
    pub names: Names,
}

/// A recursion group of the type section: types `start..start + len`
/// ([spec §2.3.12](https://webassembly.github.io/spec/core/syntax/types.html#recursive-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecGroup {
    /// The first type.
    pub start: u32,
    /// How many types.
    pub len: u32,
}

impl Module {
    /// The recursion group of type `t`: its types and `t`'s place among them (a type of
    /// no explicit group is a group of its own).
    pub fn rec_group_of(&self, t: TypeIdx) -> (&[SubType], usize) {
        let i = t.0;
        let group = self
            .rec_groups
            .iter()
            .find(|g| g.start <= i && i - g.start < g.len)
            .copied()
            .unwrap_or(RecGroup { start: i, len: 1 });
        let (s, e) = (group.start as usize, (group.start + group.len) as usize);
        match self.types.get(s..e) {
            Some(types) => (types, (i - group.start) as usize),
            None => (&self.types[t.index()..=t.index()], 0),
        }
    }
}

/// An import ([spec §2.5.11](https://webassembly.github.io/spec/core/syntax/modules.html#imports)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The module name.
    pub module: String,
    /// The item name within the module.
    pub name: String,
    /// What is imported.
    pub desc: ImportDesc,
}

/// What an import provides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportDesc {
    /// A function of the given type.
    Func(TypeIdx),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemType),
    /// A global.
    Global(GlobalType),
    /// A tag.
    Tag(TagType),
}

impl ImportDesc {
    /// The kind of item imported.
    pub fn kind(&self) -> ExternKind {
        match self {
            ImportDesc::Func(_) => ExternKind::Func,
            ImportDesc::Table(_) => ExternKind::Table,
            ImportDesc::Memory(_) => ExternKind::Memory,
            ImportDesc::Global(_) => ExternKind::Global,
            ImportDesc::Tag(_) => ExternKind::Tag,
        }
    }
}

impl fmt::Display for ImportDesc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportDesc::Func(t) => write!(f, "(func (type {t}))"),
            ImportDesc::Table(t) => t.fmt(f),
            ImportDesc::Memory(t) => t.fmt(f),
            ImportDesc::Global(t) => t.fmt(f),
            ImportDesc::Tag(t) => t.fmt(f),
        }
    }
}

/// A run of locals of one type in a function body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Local {
    /// How many locals.
    pub count: u32,
    /// Their type.
    pub ty: ValType,
}

/// A function defined by the module ([spec §2.5.3](https://webassembly.github.io/spec/core/syntax/modules.html#functions)).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Func {
    /// Its type.
    pub ty: TypeIdx,
    /// Declared locals (after the parameters), as in the binary format.
    pub locals: Vec<Local>,
    /// The body, ending with [`Instr::End`].
    pub body: Vec<Instr>,
    /// Where each instruction of `body` starts in the binary it was decoded from;
    /// empty when the function was not decoded from a binary.
    pub offsets: Vec<u32>,
    /// The body as the binary encodes it, when the decoder kept it that way
    /// (`awe_binary::decode_shared`); `body` and `offsets` are then empty, and
    /// `awe_binary::for_each_instr` decodes the instructions on demand.
    pub encoded: Option<EncodedBody>,
}

/// A function body's instructions kept in their binary encoding: a byte range of the
/// module's bytes, shared by every body of the module (no copy per function).
///
/// The instructions are read only when something goes through them
/// (`awe_binary::for_each_instr`, which applies the decoder's rules); the range's
/// offsets are those of the module's bytes, so errors and backtraces carry the same
/// byte offsets as for a decoded body.
#[derive(Clone)]
pub struct EncodedBody {
    bytes: Arc<[u8]>,
    start: u32,
    end: u32,
}

impl EncodedBody {
    /// The instructions at `bytes[range]`; `None` if the range is not within `bytes`
    /// or does not fit in 32 bits.
    pub fn new(bytes: Arc<[u8]>, range: Range<usize>) -> Option<Self> {
        if range.start > range.end || range.end > bytes.len() {
            return None;
        }
        Some(EncodedBody {
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
            bytes,
        })
    }

    /// The module's bytes, the whole of them.
    pub fn module_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Where the instructions are in [`EncodedBody::module_bytes`].
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The instructions' bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes[self.range()]
    }
}

impl fmt::Debug for EncodedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncodedBody({:?})", self.range())
    }
}

/// Two encoded bodies are equal when their instructions' bytes are.
impl PartialEq for EncodedBody {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

/// A constant expression: instructions ending with [`Instr::End`]
/// ([spec §3.3.10](https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConstExpr {
    /// The instructions, the last being `end`.
    pub instrs: Vec<Instr>,
}

impl ConstExpr {
    /// A constant expression of one instruction (and `end`).
    pub fn single(instr: Instr) -> Self {
        ConstExpr {
            instrs: vec![instr, Instr::End],
        }
    }
}

/// A global defined by the module ([spec §2.5.6](https://webassembly.github.io/spec/core/syntax/modules.html#globals)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Global {
    /// Its type.
    pub ty: GlobalType,
    /// Its initial value.
    pub init: ConstExpr,
}

/// A table the module defines ([spec §2.5.4](https://webassembly.github.io/spec/core/syntax/modules.html#tables)).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Its type.
    pub ty: TableType,
    /// The value of its elements at first: the expression's (typed function references),
    /// or null when there is none.
    pub init: Option<ConstExpr>,
}

impl Table {
    /// A table of type `ty` whose elements start null.
    pub fn new(ty: TableType) -> Table {
        Table { ty, init: None }
    }
}

/// An export ([spec §2.5.10](https://webassembly.github.io/spec/core/syntax/modules.html#exports)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The name it is exported under.
    pub name: String,
    /// What is exported.
    pub desc: ExportDesc,
}

/// What an export refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportDesc {
    /// A function.
    Func(FuncIdx),
    /// A table.
    Table(TableIdx),
    /// A memory.
    Memory(MemIdx),
    /// A global.
    Global(GlobalIdx),
    /// A tag.
    Tag(TagIdx),
}

impl ExportDesc {
    /// The kind of item exported.
    pub fn kind(&self) -> ExternKind {
        match self {
            ExportDesc::Func(_) => ExternKind::Func,
            ExportDesc::Table(_) => ExternKind::Table,
            ExportDesc::Memory(_) => ExternKind::Memory,
            ExportDesc::Global(_) => ExternKind::Global,
            ExportDesc::Tag(_) => ExternKind::Tag,
        }
    }

    /// The index, whatever its space.
    pub fn index(&self) -> u32 {
        match *self {
            ExportDesc::Func(i) => i.0,
            ExportDesc::Table(i) => i.0,
            ExportDesc::Memory(i) => i.0,
            ExportDesc::Global(i) => i.0,
            ExportDesc::Tag(i) => i.0,
        }
    }
}

impl fmt::Display for ExportDesc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({} {})", self.kind(), self.index())
    }
}

/// An element segment ([spec §2.5.7](https://webassembly.github.io/spec/core/syntax/modules.html#element-segments)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elem {
    /// How the segment is used.
    pub mode: ElemMode,
    /// The type of its references.
    pub ty: RefType,
    /// The references.
    pub items: ElemItems,
}

/// How an element segment is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElemMode {
    /// Copied into a table by `table.init`.
    Passive,
    /// Copied into a table at instantiation.
    Active {
        /// The table.
        table: TableIdx,
        /// Where in the table.
        offset: ConstExpr,
    },
    /// Only declares function references for `ref.func`.
    Declarative,
}

/// The references of an element segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElemItems {
    /// Function indices (the compact binary form).
    Funcs(Vec<FuncIdx>),
    /// Constant expressions.
    Exprs(Vec<ConstExpr>),
}

impl ElemItems {
    /// The number of references.
    pub fn len(&self) -> usize {
        match self {
            ElemItems::Funcs(v) => v.len(),
            ElemItems::Exprs(v) => v.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A data segment ([spec §2.5.8](https://webassembly.github.io/spec/core/syntax/modules.html#data-segments)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Data {
    /// How the segment is used.
    pub mode: DataMode,
    /// The bytes.
    pub init: Vec<u8>,
}

/// How a data segment is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataMode {
    /// Copied into a memory by `memory.init`.
    Passive,
    /// Copied into a memory at instantiation.
    Active {
        /// The memory.
        memory: MemIdx,
        /// Where in the memory.
        offset: ConstExpr,
    },
}

/// The known sections, in the order the binary format requires
/// ([spec §5.5](https://webassembly.github.io/spec/core/binary/modules.html#sections)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionId {
    /// Custom section (id 0), allowed anywhere.
    Custom = 0,
    /// Type section (id 1).
    Type = 1,
    /// Import section (id 2).
    Import = 2,
    /// Function section (id 3).
    Function = 3,
    /// Table section (id 4).
    Table = 4,
    /// Memory section (id 5).
    Memory = 5,
    /// Global section (id 6).
    Global = 6,
    /// Export section (id 7).
    Export = 7,
    /// Start section (id 8).
    Start = 8,
    /// Element section (id 9).
    Element = 9,
    /// Code section (id 10).
    Code = 10,
    /// Data section (id 11).
    Data = 11,
    /// Data count section (id 12), between the element and code sections.
    DataCount = 12,
    /// Tag section (id 13), between the memory and global sections (exception handling).
    Tag = 13,
}

impl SectionId {
    /// The section with binary id `id`.
    pub fn from_id(id: u8) -> Option<SectionId> {
        use SectionId::*;
        Some(match id {
            0 => Custom,
            1 => Type,
            2 => Import,
            3 => Function,
            4 => Table,
            5 => Memory,
            6 => Global,
            7 => Export,
            8 => Start,
            9 => Element,
            10 => Code,
            11 => Data,
            12 => DataCount,
            13 => Tag,
            _ => return None,
        })
    }

    /// The binary id.
    pub fn id(self) -> u8 {
        self as u8
    }

    /// The position of this section in the required order (custom sections aside).
    pub fn order(self) -> u8 {
        use SectionId::*;
        match self {
            Custom => 0,
            Type => 1,
            Import => 2,
            Function => 3,
            Table => 4,
            Memory => 5,
            Tag => 6,
            Global => 7,
            Export => 8,
            Start => 9,
            Element => 10,
            DataCount => 11,
            Code => 12,
            Data => 13,
        }
    }

    /// A lowercase name, e.g. `"type"`, `"datacount"`.
    pub fn name(self) -> &'static str {
        use SectionId::*;
        match self {
            Custom => "custom",
            Type => "type",
            Import => "import",
            Function => "function",
            Table => "table",
            Memory => "memory",
            Global => "global",
            Export => "export",
            Start => "start",
            Element => "element",
            Code => "code",
            Data => "data",
            DataCount => "datacount",
            Tag => "tag",
        }
    }
}

impl fmt::Display for SectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A custom section kept as bytes ([spec §5.5.3](https://webassembly.github.io/spec/core/binary/modules.html#custom-section)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomSection {
    /// Its name.
    pub name: String,
    /// Its payload after the name.
    pub data: Vec<u8>,
    /// The last non-custom section before it (`None`: before all of them), so that the
    /// encoder can put it back in place.
    pub after: Option<SectionId>,
}

/// The contents of the `name` custom section
/// ([spec §7.4](https://webassembly.github.io/spec/core/appendix/custom.html#name-section)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    /// The module's name.
    pub module: Option<String>,
    /// Function names, by increasing index.
    pub funcs: Vec<(FuncIdx, String)>,
    /// Local names per function, by increasing function index.
    pub locals: Vec<(FuncIdx, Vec<(LocalIdx, String)>)>,
    /// Other subsections (from later proposals), by id, kept as bytes.
    pub other: Vec<(u8, Vec<u8>)>,
}

impl Names {
    /// Whether there are no names at all.
    pub fn is_empty(&self) -> bool {
        self.module.is_none()
            && self.funcs.is_empty()
            && self.locals.is_empty()
            && self.other.is_empty()
    }

    /// The name of function `f`, if the name section gives one.
    pub fn func(&self, f: FuncIdx) -> Option<&str> {
        self.funcs
            .binary_search_by_key(&f, |(i, _)| *i)
            .ok()
            .map(|i| self.funcs[i].1.as_str())
    }
}

impl Module {
    /// Imports of functions, in order: their types, which come first in the function space.
    pub fn imported_funcs(&self) -> impl Iterator<Item = TypeIdx> + '_ {
        self.imports.iter().filter_map(|i| match i.desc {
            ImportDesc::Func(t) => Some(t),
            _ => None,
        })
    }

    /// The number of imported functions.
    pub fn num_imported_funcs(&self) -> u32 {
        self.imported_funcs().count() as u32
    }

    /// The number of imports of a kind.
    pub fn num_imported(&self, kind: ExternKind) -> u32 {
        self.imports
            .iter()
            .filter(|i| i.desc.kind() == kind)
            .count() as u32
    }

    /// The type index of function `f`, imported or defined.
    pub fn func_type_idx(&self, f: FuncIdx) -> Option<TypeIdx> {
        let imported = self.num_imported_funcs();
        if f.0 < imported {
            self.imported_funcs().nth(f.index())
        } else {
            self.funcs
                .get((f.0 - imported) as usize)
                .map(|func| func.ty)
        }
    }

    /// The type of function `f`, imported or defined.
    pub fn func_type(&self, f: FuncIdx) -> Option<&FuncType> {
        self.func_type_idx(f).and_then(|t| self.type_func(t))
    }

    /// Type `t` of a validated module where validation proved it a function type (a
    /// function's, a block's, a call's).
    ///
    /// # Panics
    /// If it is not a function type: only an unvalidated module can have that.
    pub fn valid_func_type(&self, t: TypeIdx) -> &FuncType {
        self.type_func(t)
            .expect("validation proved the type a function type")
    }

    /// Type `t`, if it is a function type.
    pub fn type_func(&self, t: TypeIdx) -> Option<&FuncType> {
        self.types.get(t.index()).and_then(SubType::as_func)
    }
}

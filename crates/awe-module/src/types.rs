//! Types ([spec §2.3](https://webassembly.github.io/spec/core/syntax/types.html)).

use std::fmt;

/// A value type ([spec §2.3.4](https://webassembly.github.io/spec/core/syntax/types.html#value-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE-754 float.
    F32,
    /// 64-bit IEEE-754 float.
    F64,
    /// 128-bit vector.
    V128,
    /// Nullable reference to a function.
    FuncRef,
    /// Nullable reference to a host object.
    ExternRef,
    /// Nullable reference to an exception (exception handling, WebAssembly 3.0).
    ExnRef,
}

impl ValType {
    /// How many of the engine's 64-bit cells a value of this type takes: two for a
    /// `v128`, else one.
    pub fn cells(self) -> usize {
        if self == ValType::V128 { 2 } else { 1 }
    }

    /// The reference type this value type is, if it is one.
    pub fn as_ref_type(self) -> Option<RefType> {
        match self {
            ValType::FuncRef => Some(RefType::FuncRef),
            ValType::ExternRef => Some(RefType::ExternRef),
            ValType::ExnRef => Some(RefType::ExnRef),
            _ => None,
        }
    }

    /// The text format keyword.
    pub fn name(self) -> &'static str {
        match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
            ValType::ExnRef => "exnref",
        }
    }

    /// The binary encoding (a one-byte negative LEB128).
    pub fn code(self) -> u8 {
        match self {
            ValType::I32 => 0x7F,
            ValType::I64 => 0x7E,
            ValType::F32 => 0x7D,
            ValType::F64 => 0x7C,
            ValType::V128 => 0x7B,
            ValType::FuncRef => 0x70,
            ValType::ExternRef => 0x6F,
            ValType::ExnRef => 0x69,
        }
    }

    /// The value type with binary encoding `code`, if any.
    pub fn from_code(code: u8) -> Option<ValType> {
        Some(match code {
            0x7F => ValType::I32,
            0x7E => ValType::I64,
            0x7D => ValType::F32,
            0x7C => ValType::F64,
            0x7B => ValType::V128,
            0x70 => ValType::FuncRef,
            0x6F => ValType::ExternRef,
            0x69 => ValType::ExnRef,
            _ => return None,
        })
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A reference type ([spec §2.3.3](https://webassembly.github.io/spec/core/syntax/types.html#reference-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefType {
    /// `funcref`.
    FuncRef,
    /// `externref`.
    ExternRef,
    /// `exnref`.
    ExnRef,
}

impl RefType {
    /// The reference type as a value type.
    pub fn val_type(self) -> ValType {
        match self {
            RefType::FuncRef => ValType::FuncRef,
            RefType::ExternRef => ValType::ExternRef,
            RefType::ExnRef => ValType::ExnRef,
        }
    }

    /// The binary encoding.
    pub fn code(self) -> u8 {
        self.val_type().code()
    }

    /// The text format keyword (`funcref`, `externref`).
    pub fn name(self) -> &'static str {
        self.val_type().name()
    }

    /// The heap type keyword used by `ref.null` (`func`, `extern`).
    pub fn heap_name(self) -> &'static str {
        match self {
            RefType::FuncRef => "func",
            RefType::ExternRef => "extern",
            RefType::ExnRef => "exn",
        }
    }
}

impl From<RefType> for ValType {
    fn from(t: RefType) -> ValType {
        t.val_type()
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A function type: parameters and results ([spec §2.3.6](https://webassembly.github.io/spec/core/syntax/types.html#function-types)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FuncType {
    /// Parameter types, in order.
    pub params: Vec<ValType>,
    /// Result types, in order (WebAssembly 2.0 allows several).
    pub results: Vec<ValType>,
}

impl FuncType {
    /// How many of the engine's 64-bit cells the parameters take (a `v128` takes two).
    pub fn param_cells(&self) -> usize {
        cells(&self.params)
    }

    /// How many of the engine's 64-bit cells the results take (a `v128` takes two).
    pub fn result_cells(&self) -> usize {
        cells(&self.results)
    }

    /// A function type from its parameters and results.
    pub fn new(params: impl Into<Vec<ValType>>, results: impl Into<Vec<ValType>>) -> Self {
        FuncType {
            params: params.into(),
            results: results.into(),
        }
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.params.is_empty() {
            f.write_str(" (param")?;
            for t in &self.params {
                write!(f, " {t}")?;
            }
            f.write_str(")")?;
        }
        if !self.results.is_empty() {
            f.write_str(" (result")?;
            for t in &self.results {
                write!(f, " {t}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

/// The type of the addresses of a memory or table: 32-bit, or 64-bit with memory64
/// ([spec §2.3.7](https://webassembly.github.io/spec/core/syntax/types.html#address-types)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AddrType {
    /// `i32` addresses (WebAssembly 1.0 and 2.0).
    #[default]
    I32,
    /// `i64` addresses (memory64, table64).
    I64,
}

impl AddrType {
    /// The value type of an address.
    pub fn val_type(self) -> ValType {
        match self {
            AddrType::I32 => ValType::I32,
            AddrType::I64 => ValType::I64,
        }
    }

    /// Whether the addresses are 64-bit.
    pub fn is_64(self) -> bool {
        self == AddrType::I64
    }

    /// The smaller of two address types (`memory.copy` between memories of both kinds
    /// counts its length in the smaller).
    pub fn min(self, other: AddrType) -> AddrType {
        if self.is_64() && other.is_64() {
            AddrType::I64
        } else {
            AddrType::I32
        }
    }
}

/// Size limits of a table or memory ([spec §2.3.8](https://webassembly.github.io/spec/core/syntax/types.html#limits)).
/// The range is 64-bit; validation bounds it by the address type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Minimum size (pages for memories, elements for tables).
    pub min: u64,
    /// Optional maximum size.
    pub max: Option<u64>,
}

impl fmt::Display for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.min)?;
        if let Some(max) = self.max {
            write!(f, " {max}")?;
        }
        Ok(())
    }
}

/// A memory type: address type and limits in 64 KiB pages ([spec §2.3.10](https://webassembly.github.io/spec/core/syntax/types.html#memory-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemType {
    /// 32-bit or 64-bit addresses.
    pub address: AddrType,
    /// Size limits in pages.
    pub limits: Limits,
}

impl MemType {
    /// A memory with 32-bit addresses of at least `min` pages, at most `max`.
    pub fn new(min: u64, max: Option<u64>) -> MemType {
        MemType {
            address: AddrType::I32,
            limits: Limits { min, max },
        }
    }

    /// A memory with 64-bit addresses of at least `min` pages, at most `max`.
    pub fn new64(min: u64, max: Option<u64>) -> MemType {
        MemType {
            address: AddrType::I64,
            limits: Limits { min, max },
        }
    }
}

impl TableType {
    /// A table (32-bit indices) of `elem` references, at least `min` of them, at most `max`.
    pub fn new(elem: RefType, min: u64, max: Option<u64>) -> TableType {
        TableType {
            address: AddrType::I32,
            limits: Limits { min, max },
            elem,
        }
    }
}

impl GlobalType {
    /// A global holding a `content`, mutable or not.
    pub fn new(content: ValType, mutability: Mutability) -> GlobalType {
        GlobalType {
            content,
            mutability,
        }
    }
}

/// ` i64` for 64-bit addresses, nothing for 32-bit ones (the text format's default).
fn address_prefix(a: AddrType) -> &'static str {
    match a {
        AddrType::I32 => "",
        AddrType::I64 => " i64",
    }
}

impl fmt::Display for MemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "(memory{} {})",
            address_prefix(self.address),
            self.limits
        )
    }
}

/// A table type ([spec §2.3.11](https://webassembly.github.io/spec/core/syntax/types.html#table-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TableType {
    /// 32-bit or 64-bit indices.
    pub address: AddrType,
    /// Size limits in elements.
    pub limits: Limits,
    /// The type of the elements.
    pub elem: RefType,
}

impl fmt::Display for TableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "(table{} {} {})",
            address_prefix(self.address),
            self.limits,
            self.elem
        )
    }
}

/// Whether a global may be written ([spec §2.3.10](https://webassembly.github.io/spec/core/syntax/types.html#global-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// `const`: written only by its initializer.
    Const,
    /// `var`: `global.set` may write it.
    Var,
}

/// A global type ([spec §2.3.10](https://webassembly.github.io/spec/core/syntax/types.html#global-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GlobalType {
    /// The type of the value.
    pub content: ValType,
    /// Whether it may be written.
    pub mutability: Mutability,
}

impl fmt::Display for GlobalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mutability {
            Mutability::Const => write!(f, "(global {})", self.content),
            Mutability::Var => write!(f, "(global (mut {}))", self.content),
        }
    }
}

/// The type of an import or export ([spec §2.3.11](https://webassembly.github.io/spec/core/syntax/types.html#external-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExternKind {
    /// A function.
    Func,
    /// A table.
    Table,
    /// A memory.
    Memory,
    /// A global.
    Global,
    /// A tag (exception handling).
    Tag,
}

impl ExternKind {
    /// The text keyword (`func`, `table`, `memory`, `global`, `tag`).
    pub fn name(self) -> &'static str {
        match self {
            ExternKind::Func => "func",
            ExternKind::Table => "table",
            ExternKind::Memory => "memory",
            ExternKind::Global => "global",
            ExternKind::Tag => "tag",
        }
    }
}

/// A tag type: the function type whose parameters an exception of the tag carries (its
/// results must be empty)
/// ([spec §2.3.13](https://webassembly.github.io/spec/core/syntax/types.html#tag-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TagType {
    /// The function type.
    pub ty: crate::TypeIdx,
}

impl fmt::Display for TagType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(tag (type {}))", self.ty)
    }
}

impl fmt::Display for ExternKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How many of the engine's 64-bit cells values of `types` take: one each, two for a `v128`.
pub fn cells(types: &[ValType]) -> usize {
    types.iter().map(|t| t.cells()).sum()
}

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
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// `funcref`: a nullable reference to any function.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`: a nullable reference to a host object.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);
    /// `exnref`: a nullable reference to an exception (exception handling).
    pub const EXNREF: ValType = ValType::Ref(RefType::EXNREF);

    /// How many of the engine's 64-bit cells a value of this type takes: two for a
    /// `v128`, else one.
    pub fn cells(self) -> usize {
        if self == ValType::V128 { 2 } else { 1 }
    }

    /// The reference type this value type is, if it is one.
    pub fn as_ref_type(self) -> Option<RefType> {
        match self {
            ValType::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// Whether a value of this type has a default value (zero, or null): every type but
    /// non-nullable references ([spec §3.2.4](https://webassembly.github.io/spec/core/valid/types.html#defaultable-types)).
    pub fn is_defaultable(self) -> bool {
        self.as_ref_type().is_none_or(|r| r.nullable)
    }

    /// The number types' binary encoding (a one-byte negative LEB128); references are
    /// encoded by [`RefType::encode`].
    pub fn num_code(self) -> Option<u8> {
        Some(match self {
            ValType::I32 => 0x7F,
            ValType::I64 => 0x7E,
            ValType::F32 => 0x7D,
            ValType::F64 => 0x7C,
            ValType::V128 => 0x7B,
            ValType::Ref(_) => return None,
        })
    }

    /// The number or vector type with binary encoding `code`, if any.
    pub fn num_from_code(code: u8) -> Option<ValType> {
        Some(match code {
            0x7F => ValType::I32,
            0x7E => ValType::I64,
            0x7D => ValType::F32,
            0x7C => ValType::F64,
            0x7B => ValType::V128,
            _ => return None,
        })
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::Ref(r) => return r.fmt(f),
        })
    }
}

/// A heap type: what a reference points to
/// ([spec §2.3.3](https://webassembly.github.io/spec/core/syntax/types.html#heap-types)).
/// The abstract ones form four hierarchies: `any` (with `eq`, `i31`, `struct`, `array`
/// and the bottom `none`), `func` (bottom `nofunc`), `extern` (`noextern`) and `exn`
/// (`noexn`); a concrete one is a type of the module's type section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeapType {
    /// `func`: any function.
    Func,
    /// `extern`: any host object.
    Extern,
    /// `exn`: any exception.
    Exn,
    /// `any`: any internal reference (GC).
    Any,
    /// `eq`: references comparable with `ref.eq` (GC).
    Eq,
    /// `i31`: unboxed 31-bit integers (GC).
    I31,
    /// `struct`: any structure (GC).
    Struct,
    /// `array`: any array (GC).
    Array,
    /// `none`: the bottom of `any`'s hierarchy (only null).
    None,
    /// `nofunc`: the bottom of `func`'s hierarchy.
    NoFunc,
    /// `noextern`: the bottom of `extern`'s hierarchy.
    NoExtern,
    /// `noexn`: the bottom of `exn`'s hierarchy.
    NoExn,
    /// A type of the module's type section. In the types a store reports (a function's,
    /// a global's or a table's), the index is the store's number for that type instead,
    /// the same for equivalent types of any module; a host function's type may use
    /// those numbers (and mean nothing in another store).
    Concrete(PackedIdx),
}

/// A type index as a heap type holds it: the same number stored as unaligned bytes, so
/// that a value type takes 6 bytes rather than 12 (the validator's operand stack and
/// decoded instructions are made of them).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PackedIdx([u8; 4]);

impl PackedIdx {
    /// Type index `t`, packed.
    pub const fn new(t: crate::TypeIdx) -> PackedIdx {
        PackedIdx(t.0.to_le_bytes())
    }

    /// The type index.
    pub const fn get(self) -> crate::TypeIdx {
        crate::TypeIdx(u32::from_le_bytes(self.0))
    }
}

impl From<crate::TypeIdx> for PackedIdx {
    fn from(t: crate::TypeIdx) -> PackedIdx {
        PackedIdx::new(t)
    }
}

impl fmt::Debug for PackedIdx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get().0)
    }
}

impl HeapType {
    /// The abstract heap types, in binary code order.
    pub const ABSTRACT: [HeapType; 12] = [
        HeapType::Exn,
        HeapType::Array,
        HeapType::Struct,
        HeapType::I31,
        HeapType::Eq,
        HeapType::Any,
        HeapType::Extern,
        HeapType::Func,
        HeapType::None,
        HeapType::NoExtern,
        HeapType::NoFunc,
        HeapType::NoExn,
    ];

    /// The text keyword of an abstract heap type (`func`, `extern`, `none`, ...).
    pub fn abstract_name(self) -> Option<&'static str> {
        Some(match self {
            HeapType::Func => "func",
            HeapType::Extern => "extern",
            HeapType::Exn => "exn",
            HeapType::Any => "any",
            HeapType::Eq => "eq",
            HeapType::I31 => "i31",
            HeapType::Struct => "struct",
            HeapType::Array => "array",
            HeapType::None => "none",
            HeapType::NoFunc => "nofunc",
            HeapType::NoExtern => "noextern",
            HeapType::NoExn => "noexn",
            HeapType::Concrete(_) => return None,
        })
    }

    /// The abstract heap type of keyword `name`.
    pub fn from_abstract_name(name: &str) -> Option<HeapType> {
        HeapType::ABSTRACT
            .into_iter()
            .find(|h| h.abstract_name() == Some(name))
    }

    /// The binary encoding of an abstract heap type (a one-byte negative LEB128; the same
    /// byte is the nullable reference type's shorthand, `0x70` for `funcref`).
    pub fn abstract_code(self) -> Option<u8> {
        Some(match self {
            HeapType::Func => 0x70,
            HeapType::Extern => 0x6F,
            HeapType::Any => 0x6E,
            HeapType::Eq => 0x6D,
            HeapType::I31 => 0x6C,
            HeapType::Struct => 0x6B,
            HeapType::Array => 0x6A,
            HeapType::Exn => 0x69,
            HeapType::None => 0x71,
            HeapType::NoExtern => 0x72,
            HeapType::NoFunc => 0x73,
            HeapType::NoExn => 0x74,
            HeapType::Concrete(_) => return None,
        })
    }

    /// The abstract heap type of binary code `code`.
    pub fn from_abstract_code(code: u8) -> Option<HeapType> {
        HeapType::ABSTRACT
            .into_iter()
            .find(|h| h.abstract_code() == Some(code))
    }

    /// Whether the heap type came with GC (needs the `gc` feature): the `any` hierarchy
    /// and the bottom types (`none`, `nofunc`, `noextern`, `noexn`).
    pub fn is_gc(self) -> bool {
        matches!(
            self,
            HeapType::Any
                | HeapType::Eq
                | HeapType::I31
                | HeapType::Struct
                | HeapType::Array
                | HeapType::None
                | HeapType::NoFunc
                | HeapType::NoExtern
                | HeapType::NoExn
        )
    }

    /// The top of the abstract heap type's hierarchy (`func` for `nofunc`, ...); `None`
    /// for a concrete type, whose top depends on its definition.
    pub fn abstract_top(self) -> Option<HeapType> {
        Some(match self {
            HeapType::Func | HeapType::NoFunc => HeapType::Func,
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
            HeapType::Concrete(_) => return None,
            _ => HeapType::Any,
        })
    }

    /// The bottom of a hierarchy given by its top.
    pub fn bottom_of(top: HeapType) -> HeapType {
        match top {
            HeapType::Func => HeapType::NoFunc,
            HeapType::Extern => HeapType::NoExtern,
            HeapType::Exn => HeapType::NoExn,
            _ => HeapType::None,
        }
    }

    /// Whether abstract heap type `self` is a subtype of abstract `other`
    /// ([spec §3.3.3](https://webassembly.github.io/spec/core/valid/matching.html#heap-types)).
    /// Concrete types are the validator's to compare.
    pub fn abstract_matches(self, other: HeapType) -> bool {
        use HeapType as H;
        self == other
            || matches!(
                (self, other),
                (H::None, H::Any | H::Eq | H::I31 | H::Struct | H::Array)
                    | (H::I31 | H::Struct | H::Array, H::Any | H::Eq)
                    | (H::Eq, H::Any)
                    | (H::NoFunc, H::Func)
                    | (H::NoExtern, H::Extern)
                    | (H::NoExn, H::Exn)
            )
    }
}

impl HeapType {
    /// Type `t` of the module as a heap type.
    pub const fn concrete(t: crate::TypeIdx) -> HeapType {
        HeapType::Concrete(PackedIdx::new(t))
    }

    /// The type index of a concrete heap type.
    pub fn as_concrete(self) -> Option<crate::TypeIdx> {
        match self {
            HeapType::Concrete(t) => Some(t.get()),
            _ => None,
        }
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Concrete(t) => write!(f, "{}", t.get().0),
            h => f.write_str(h.abstract_name().unwrap_or("?")),
        }
    }
}

/// A reference type: a heap type, nullable or not
/// ([spec §2.3.3](https://webassembly.github.io/spec/core/syntax/types.html#reference-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefType {
    /// Whether the reference may be null.
    pub nullable: bool,
    /// What it points to.
    pub heap: HeapType,
}

impl RefType {
    /// `funcref`, `(ref null func)`.
    pub const FUNCREF: RefType = RefType::null(HeapType::Func);
    /// `externref`, `(ref null extern)`.
    pub const EXTERNREF: RefType = RefType::null(HeapType::Extern);
    /// `exnref`, `(ref null exn)`.
    pub const EXNREF: RefType = RefType::null(HeapType::Exn);

    /// `(ref null heap)`.
    pub const fn null(heap: HeapType) -> RefType {
        RefType {
            nullable: true,
            heap,
        }
    }

    /// `(ref heap)`: never null.
    pub const fn non_null(heap: HeapType) -> RefType {
        RefType {
            nullable: false,
            heap,
        }
    }

    /// The reference type as a value type.
    pub fn val_type(self) -> ValType {
        ValType::Ref(self)
    }

    /// The shorthand keyword of a nullable abstract reference type (`funcref`,
    /// `nullexternref`, ...).
    pub fn shorthand(self) -> Option<&'static str> {
        if !self.nullable {
            return None;
        }
        Some(match self.heap {
            HeapType::Func => "funcref",
            HeapType::Extern => "externref",
            HeapType::Exn => "exnref",
            HeapType::Any => "anyref",
            HeapType::Eq => "eqref",
            HeapType::I31 => "i31ref",
            HeapType::Struct => "structref",
            HeapType::Array => "arrayref",
            HeapType::None => "nullref",
            HeapType::NoFunc => "nullfuncref",
            HeapType::NoExtern => "nullexternref",
            HeapType::NoExn => "nullexnref",
            HeapType::Concrete(_) => return None,
        })
    }

    /// The reference type of shorthand keyword `name` (`funcref`, ...).
    pub fn from_shorthand(name: &str) -> Option<RefType> {
        HeapType::ABSTRACT
            .into_iter()
            .map(RefType::null)
            .find(|r| r.shorthand() == Some(name))
    }
}

impl From<RefType> for ValType {
    fn from(t: RefType) -> ValType {
        t.val_type()
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.shorthand() {
            Some(s) => f.write_str(s),
            None if self.nullable => write!(f, "(ref null {})", self.heap),
            None => write!(f, "(ref {})", self.heap),
        }
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

impl ValType {
    /// The value type with each concrete heap type's index `i` replaced by `f(i)`.
    pub fn map_concrete(self, f: &mut impl FnMut(u32) -> u32) -> ValType {
        match self {
            ValType::Ref(RefType {
                nullable,
                heap: HeapType::Concrete(t),
            }) => ValType::Ref(RefType {
                nullable,
                heap: HeapType::Concrete(PackedIdx::new(crate::TypeIdx(f(t.get().0)))),
            }),
            t => t,
        }
    }

    /// The type index of a concrete reference type.
    pub fn concrete(self) -> Option<crate::TypeIdx> {
        match self {
            ValType::Ref(RefType {
                heap: HeapType::Concrete(t),
                ..
            }) => Some(t.get()),
            _ => None,
        }
    }
}

impl FuncType {
    /// The function type with each concrete heap type's index `i` replaced by `f(i)`.
    pub fn map_concrete(&self, mut f: impl FnMut(u32) -> u32) -> FuncType {
        FuncType {
            params: self.params.iter().map(|t| t.map_concrete(&mut f)).collect(),
            results: self
                .results
                .iter()
                .map(|t| t.map_concrete(&mut f))
                .collect(),
        }
    }
}

/// In a recursion group's key ([`rec_group_key`]), the bit that marks a reference to a
/// type of the group itself (the rest is its place in the group).
pub const REC_REF: u32 = 1 << 31;

/// The types of a recursion group (the first being type `start` of its module) made
/// comparable across modules, as iso-recursive type equivalence compares them
/// ([spec §3.2.1](https://webassembly.github.io/spec/core/valid/conventions.html#rolling-and-unrolling)):
/// a reference to a type of the group becomes `REC_REF | place`, one to an earlier type
/// `outside(index)` (a canonical number of that type, below `REC_REF`). Two groups are
/// equivalent when their keys are equal; type `start + i` is then type `i` of the key.
pub fn rec_group_key(
    group: &[crate::SubType],
    start: u32,
    mut outside: impl FnMut(u32) -> u32,
) -> Vec<crate::SubType> {
    let end = start.saturating_add(group.len() as u32);
    group
        .iter()
        .map(|t| {
            t.map_concrete(|i| {
                if (start..end).contains(&i) {
                    REC_REF | (i - start)
                } else {
                    outside(i)
                }
            })
        })
        .collect()
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

//! Defined types: the entries of the type section, with the GC proposal's structs, arrays
//! and subtyping ([spec §2.3.8–2.3.12](https://webassembly.github.io/spec/core/syntax/types.html#composite-types)).

use crate::index::TypeIdx;
use crate::types::{FuncType, ValType};
use std::fmt;

/// What a field or array element stores: a value type, or a packed integer
/// ([spec §2.3.9](https://webassembly.github.io/spec/core/syntax/types.html#aggregate-types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageType {
    /// An 8-bit integer, read as an `i32` (`get_s`/`get_u`).
    I8,
    /// A 16-bit integer, read as an `i32`.
    I16,
    /// A value of a value type.
    Val(ValType),
}

impl StorageType {
    /// The value type a field of this storage is read as: `i32` for packed ones.
    pub fn unpacked(self) -> ValType {
        match self {
            StorageType::I8 | StorageType::I16 => ValType::I32,
            StorageType::Val(t) => t,
        }
    }

    /// Whether it is a packed integer (`i8`, `i16`).
    pub fn is_packed(self) -> bool {
        !matches!(self, StorageType::Val(_))
    }

    /// Whether a field of this storage has a default value (zero, or null).
    pub fn is_defaultable(self) -> bool {
        match self {
            StorageType::Val(t) => t.is_defaultable(),
            _ => true,
        }
    }

    /// The number of bytes a value takes in memory (`array.new_data`), for numeric and
    /// vector storage; `None` for references.
    pub fn byte_size(self) -> Option<u32> {
        Some(match self {
            StorageType::I8 => 1,
            StorageType::I16 => 2,
            StorageType::Val(ValType::I32 | ValType::F32) => 4,
            StorageType::Val(ValType::I64 | ValType::F64) => 8,
            StorageType::Val(ValType::V128) => 16,
            StorageType::Val(ValType::Ref(_)) => return None,
        })
    }

    /// The storage type with each concrete heap type's index `i` replaced by `f(i)`.
    pub fn map_concrete(self, f: &mut impl FnMut(u32) -> u32) -> StorageType {
        match self {
            StorageType::Val(t) => StorageType::Val(t.map_concrete(f)),
            s => s,
        }
    }
}

impl fmt::Display for StorageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageType::I8 => f.write_str("i8"),
            StorageType::I16 => f.write_str("i16"),
            StorageType::Val(t) => write!(f, "{t}"),
        }
    }
}

/// The type of a struct field or of an array's elements: a storage type, mutable or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldType {
    /// What it stores.
    pub storage: StorageType,
    /// Whether `struct.set`/`array.set` may change it.
    pub mutable: bool,
}

impl FieldType {
    /// The field type with each concrete heap type's index `i` replaced by `f(i)`.
    pub fn map_concrete(self, f: &mut impl FnMut(u32) -> u32) -> FieldType {
        FieldType {
            storage: self.storage.map_concrete(f),
            mutable: self.mutable,
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mutable {
            write!(f, "(mut {})", self.storage)
        } else {
            write!(f, "{}", self.storage)
        }
    }
}

/// A composite type: what a defined type describes
/// ([spec §2.3.10](https://webassembly.github.io/spec/core/syntax/types.html#composite-types)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CompositeType {
    /// A function type.
    Func(FuncType),
    /// A struct type: its fields, in order.
    Struct(Vec<FieldType>),
    /// An array type: its element type.
    Array(FieldType),
}

impl CompositeType {
    /// The composite type with each concrete heap type's index `i` replaced by `f(i)`.
    pub fn map_concrete(&self, mut f: impl FnMut(u32) -> u32) -> CompositeType {
        match self {
            CompositeType::Func(t) => CompositeType::Func(t.map_concrete(f)),
            CompositeType::Struct(fs) => {
                CompositeType::Struct(fs.iter().map(|t| t.map_concrete(&mut f)).collect())
            }
            CompositeType::Array(t) => CompositeType::Array(t.map_concrete(&mut f)),
        }
    }
}

impl fmt::Display for CompositeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompositeType::Func(t) => write!(f, "{t}"),
            CompositeType::Struct(fields) => {
                f.write_str("(struct")?;
                for t in fields {
                    write!(f, " (field {t})")?;
                }
                f.write_str(")")
            }
            CompositeType::Array(t) => write!(f, "(array {t})"),
        }
    }
}

/// A defined type of the type section: a composite type with its declared supertypes
/// and whether it may have subtypes ([spec §2.3.11](https://webassembly.github.io/spec/core/syntax/types.html#recursive-types)).
/// A plain `(func ...)`, `(struct ...)` or `(array ...)` is final with no supertype.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SubType {
    /// Whether the type is `final` (no type may declare it as its supertype).
    pub is_final: bool,
    /// The declared supertypes (validation allows at most one).
    pub supertypes: Vec<TypeIdx>,
    /// What the type describes.
    pub composite: CompositeType,
}

impl SubType {
    /// A final type with no supertype.
    pub fn plain(composite: CompositeType) -> SubType {
        SubType {
            is_final: true,
            supertypes: Vec::new(),
            composite,
        }
    }

    /// The function type, if it is one.
    pub fn as_func(&self) -> Option<&FuncType> {
        match &self.composite {
            CompositeType::Func(t) => Some(t),
            _ => None,
        }
    }

    /// The fields, if it is a struct type.
    pub fn as_struct(&self) -> Option<&[FieldType]> {
        match &self.composite {
            CompositeType::Struct(t) => Some(t),
            _ => None,
        }
    }

    /// The element type, if it is an array type.
    pub fn as_array(&self) -> Option<FieldType> {
        match &self.composite {
            CompositeType::Array(t) => Some(*t),
            _ => None,
        }
    }

    /// Whether it is written as a plain composite type (final, no supertype).
    pub fn is_plain(&self) -> bool {
        self.is_final && self.supertypes.is_empty()
    }

    /// The type with each concrete heap type's and supertype's index `i` replaced by
    /// `f(i)`.
    pub fn map_concrete(&self, mut f: impl FnMut(u32) -> u32) -> SubType {
        SubType {
            is_final: self.is_final,
            supertypes: self.supertypes.iter().map(|t| TypeIdx(f(t.0))).collect(),
            composite: self.composite.map_concrete(&mut f),
        }
    }
}

impl From<FuncType> for SubType {
    fn from(t: FuncType) -> SubType {
        SubType::plain(CompositeType::Func(t))
    }
}

impl fmt::Display for SubType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_plain() {
            return write!(f, "{}", self.composite);
        }
        f.write_str("(sub")?;
        if self.is_final {
            f.write_str(" final")?;
        }
        for t in &self.supertypes {
            write!(f, " {}", t.0)?;
        }
        write!(f, " {})", self.composite)
    }
}

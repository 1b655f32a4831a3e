//! Values crossing between the host and WebAssembly.

use crate::func::Func;
pub use awe_module::{
    FuncType, GlobalType, Limits, MemType, Mutability, RefType, TableType, ValType,
};

/// A host reference (`externref`): an opaque number chosen by the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef(pub u32);

/// A value of any WebAssembly type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as bits (so NaN payloads survive).
    F32(u32),
    /// `f64`, as bits.
    F64(u64),
    /// `v128`.
    V128(u128),
    /// `funcref`, possibly null.
    FuncRef(Option<Func>),
    /// `externref`, possibly null.
    ExternRef(Option<ExternRef>),
}

impl Val {
    /// The type of the value.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
        }
    }

    /// The zero (or null) value of a type.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
        }
    }

    /// The `i32`, if it is one.
    pub fn i32(&self) -> Option<i32> {
        match *self {
            Val::I32(v) => Some(v),
            _ => None,
        }
    }

    /// The `i64`, if it is one.
    pub fn i64(&self) -> Option<i64> {
        match *self {
            Val::I64(v) => Some(v),
            _ => None,
        }
    }

    /// The `f32`, if it is one.
    pub fn f32(&self) -> Option<f32> {
        match *self {
            Val::F32(v) => Some(f32::from_bits(v)),
            _ => None,
        }
    }

    /// The `f64`, if it is one.
    pub fn f64(&self) -> Option<f64> {
        match *self {
            Val::F64(v) => Some(f64::from_bits(v)),
            _ => None,
        }
    }

    /// The value as a cell of the engine. References must belong to `store_id`.
    pub(crate) fn to_cell(self, store_id: u64) -> Option<u64> {
        Some(match self {
            Val::I32(v) => u64::from(v as u32),
            Val::I64(v) => v as u64,
            Val::F32(v) => u64::from(v),
            Val::F64(v) => v,
            Val::V128(_) => return None,
            Val::FuncRef(None) | Val::ExternRef(None) => 0,
            Val::FuncRef(Some(f)) => {
                if f.store != store_id {
                    return None;
                }
                u64::from(f.addr.0) + 1
            }
            Val::ExternRef(Some(r)) => u64::from(r.0) + 1,
        })
    }

    /// The value as a global holds it: 128 bits for a `v128`, else its cell.
    pub(crate) fn to_global(self, store_id: u64) -> Option<u128> {
        match self {
            Val::V128(v) => Some(v),
            other => other.to_cell(store_id).map(u128::from),
        }
    }

    /// A global's 128 bits of type `ty` as a value (see [`Val::to_global`]).
    pub(crate) fn from_global(v: u128, ty: ValType, store_id: u64) -> Val {
        match ty {
            ValType::V128 => Val::V128(v),
            _ => Val::from_cell(v as u64, ty, store_id),
        }
    }

    /// A cell of type `ty` as a value.
    pub(crate) fn from_cell(c: u64, ty: ValType, store_id: u64) -> Val {
        match ty {
            ValType::I32 => Val::I32(c as u32 as i32),
            ValType::I64 => Val::I64(c as i64),
            ValType::F32 => Val::F32(c as u32),
            ValType::F64 => Val::F64(c),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef(c.checked_sub(1).map(|a| Func {
                store: store_id,
                addr: awe_engine::FuncAddr(a as u32),
            })),
            ValType::ExternRef => Val::ExternRef(c.checked_sub(1).map(|a| ExternRef(a as u32))),
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Self {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Self {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Self {
        Val::F64(v.to_bits())
    }
}

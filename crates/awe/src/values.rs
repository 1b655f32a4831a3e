//! Values crossing between the host and WebAssembly.

use crate::error::{Error, Result};
use crate::func::Func;
use crate::gc_refs::AnyRef;
use crate::store::{AsContext, AsContextMut, SEAL};
pub use awe_module::{
    AddrType, FieldType, FuncType, GlobalType, HeapType, Limits, MemType, Mutability, RefType,
    StorageType, TableType, ValType,
};
use std::any::Any;

/// A host reference (`externref`): any value of the host's, which wasm can hold and
/// pass back but not look into, or an `anyref` that wasm made an `externref`
/// (`extern.convert_any`). A host value lives as long as its store; an `anyref` made an
/// `externref` is rooted as [`AnyRef`]s are (and equal handles are the same reference).
#[derive(Clone, Copy, Debug)]
pub struct ExternRef {
    pub(crate) store: u64,
    /// The engine's cell: the host value's index + 1, or an `anyref`'s cell with
    /// `awe_engine::gc::EXTERNALIZED` set.
    pub(crate) cell: u64,
    /// The root keeping its object alive, if it is an object's.
    pub(crate) root: Option<awe_engine::RootId>,
}

impl PartialEq for ExternRef {
    fn eq(&self, other: &Self) -> bool {
        (self.store, self.cell) == (other.store, other.cell)
    }
}

impl Eq for ExternRef {}

impl std::hash::Hash for ExternRef {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.store, self.cell).hash(h);
    }
}

impl ExternRef {
    /// A new reference to `data`, in `store` (wasmtime's shape: a `Result`).
    ///
    /// # Errors
    /// `Error::Usage` if the store holds as many host references as it can (2^32 - 1).
    pub fn new<T: Any + Send + Sync>(mut store: impl AsContextMut, data: T) -> Result<ExternRef> {
        let inner = store.store_inner_mut(SEAL);
        let index = u32::try_from(inner.externs.len())
            .ok()
            .filter(|&i| i < u32::MAX)
            .ok_or_else(|| Error::usage("too many host references in one store"))?;
        inner.externs.push(Box::new(data));
        Ok(ExternRef {
            store: inner.id,
            cell: u64::from(index) + 1,
            root: None,
        })
    }

    /// The host's value, to downcast (`r.data(&store)?.unwrap().downcast_ref::<String>()`);
    /// every reference made by [`ExternRef::new`] has one, an `anyref` made an
    /// `externref` has none (wasmtime's shape).
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the reference's store.
    pub fn data<'a>(
        &self,
        store: &'a impl AsContext,
    ) -> Result<Option<&'a (dyn Any + Send + Sync)>> {
        let inner = store.store_inner(SEAL);
        inner.check(self.store)?;
        if self.cell & awe_engine::gc::EXTERNALIZED != 0 {
            return Ok(None);
        }
        Ok(inner.externs.get((self.cell - 1) as usize).map(|d| &**d))
    }

    /// `extern.convert_any`: `r` as an `externref` (held by `r`'s root).
    pub fn convert_any(r: AnyRef) -> ExternRef {
        ExternRef {
            store: r.store,
            cell: awe_engine::gc::externalize(r.cell),
            root: r.root,
        }
    }
}

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
    /// `exnref`, possibly null (exception handling).
    ExnRef(Option<crate::ExnRef>),
    /// A reference of GC's `any` hierarchy (`anyref`, `eqref`, `structref`, ...),
    /// possibly null.
    AnyRef(Option<AnyRef>),
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
            Val::FuncRef(_) => ValType::FUNCREF,
            Val::ExternRef(_) => ValType::EXTERNREF,
            Val::ExnRef(_) => ValType::EXNREF,
            Val::AnyRef(_) => ValType::Ref(RefType::null(HeapType::Any)),
        }
    }

    /// The zero (or null) value of a type: for a reference type, the null of its
    /// hierarchy, even for a non-nullable type (a placeholder a value must replace: such
    /// a type has no default).
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::Ref(r) => Val::null_of(r.heap),
        }
    }

    /// The null reference of heap type `h`'s hierarchy.
    fn null_of(h: HeapType) -> Val {
        match h.abstract_top() {
            None | Some(HeapType::Func) => Val::FuncRef(None),
            Some(HeapType::Extern) => Val::ExternRef(None),
            Some(HeapType::Exn) => Val::ExnRef(None),
            Some(_) => Val::AnyRef(None),
        }
    }

    /// Whether the value is one of type `ty` (of `rt`'s type numbers): a number of that
    /// type, or a reference that matches it (null only for a nullable type of its
    /// hierarchy; a function of the type or a subtype; a struct, array or `i31` of the
    /// heap type).
    pub(crate) fn matches(&self, ty: ValType, rt: &awe_engine::Runtime) -> bool {
        let ValType::Ref(r) = ty else {
            return self.ty() == ty;
        };
        let heap = rt.abstract_heap(r.heap);
        let top = heap.abstract_top().unwrap_or(HeapType::Func);
        match self {
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) | Val::AnyRef(None) => {
                r.nullable && self.ty().as_ref_type().is_some_and(|t| t.heap == top)
            }
            Val::FuncRef(Some(f)) => match r.heap {
                HeapType::Func => true,
                HeapType::Concrete(t) => rt.type_matches(rt.func_type_id(f.addr), t.get().0),
                _ => false,
            },
            Val::ExternRef(Some(_)) => r.heap == HeapType::Extern,
            Val::ExnRef(Some(_)) => r.heap == HeapType::Exn,
            Val::AnyRef(Some(a)) => top == HeapType::Any && rt.any_matches(a.cell, r.heap),
            _ => false,
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

    /// The `v128`, if it is one.
    pub fn v128(&self) -> Option<u128> {
        match *self {
            Val::V128(v) => Some(v),
            _ => None,
        }
    }

    /// The `funcref` (`Some(None)` for null), if it is one.
    pub fn funcref(&self) -> Option<Option<Func>> {
        match *self {
            Val::FuncRef(f) => Some(f),
            _ => None,
        }
    }

    /// The `exnref` (`Some(None)` for null), if it is one.
    pub fn exnref(&self) -> Option<Option<crate::ExnRef>> {
        match *self {
            Val::ExnRef(r) => Some(r),
            _ => None,
        }
    }

    /// The `anyref` (`Some(None)` for null), if it is one.
    pub fn anyref(&self) -> Option<Option<AnyRef>> {
        match *self {
            Val::AnyRef(r) => Some(r),
            _ => None,
        }
    }

    /// The `externref` (`Some(None)` for null), if it is one.
    pub fn externref(&self) -> Option<Option<ExternRef>> {
        match *self {
            Val::ExternRef(r) => Some(r),
            _ => None,
        }
    }

    /// The value as a cell of the engine (one cell: not a `v128`).
    ///
    /// # Errors
    /// A reference of another store, or one whose root was released (see [`AnyRef`]).
    pub(crate) fn to_cell(self, cx: Cx<'_>) -> Result<u64> {
        let of_store = |store: u64| {
            if store == cx.id {
                Ok(())
            } else {
                Err(Error::usage(crate::store::WRONG_STORE))
            }
        };
        Ok(match self {
            Val::I32(v) => u64::from(v as u32),
            Val::I64(v) => v as u64,
            Val::F32(v) => u64::from(v),
            Val::F64(v) => v,
            Val::V128(_) => return Err(Error::usage("a v128 is no single cell")),
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) | Val::AnyRef(None) => 0,
            Val::AnyRef(Some(a)) => {
                of_store(a.store)?;
                crate::gc_refs::live_cell(a.cell, a.root, cx.rt)?
            }
            Val::ExternRef(Some(r)) => {
                of_store(r.store)?;
                crate::gc_refs::live_cell(r.cell, r.root, cx.rt)?
            }
            Val::ExnRef(Some(e)) => {
                of_store(e.store)?;
                u64::from(e.addr.0) + 1
            }
            Val::FuncRef(Some(f)) => {
                of_store(f.store)?;
                u64::from(f.addr.0) + 1
            }
        })
    }

    /// Appends the value's cells to `out`: two for a `v128` (low half first), else its
    /// cell.
    ///
    /// # Errors
    /// As [`Val::to_cell`].
    pub(crate) fn push_cells(self, cx: Cx<'_>, out: &mut Vec<u64>) -> Result<()> {
        match self {
            Val::V128(v) => out.extend([v as u64, (v >> 64) as u64]),
            other => out.push(other.to_cell(cx)?),
        }
        Ok(())
    }

    /// The values of `types` (of the store's type numbers) in `cells` (a `v128` takes
    /// two, see [`Val::push_cells`]), each reference to a GC object rooted in the
    /// current scope (see [`crate::RootScope`]).
    pub(crate) fn from_cells(cells: &[u64], types: &[ValType], cx: Cx<'_>) -> Vec<Val> {
        let mut at = 0;
        types
            .iter()
            .map(|&t| {
                let v = match t {
                    ValType::V128 => {
                        Val::V128(u128::from(cells[at]) | u128::from(cells[at + 1]) << 64)
                    }
                    t => Val::from_cell(cells[at], t, cx),
                };
                at += t.cells();
                v
            })
            .collect()
    }

    /// The value as a global holds it: 128 bits for a `v128`, else its cell.
    ///
    /// # Errors
    /// As [`Val::to_cell`].
    pub(crate) fn to_global(self, cx: Cx<'_>) -> Result<u128> {
        match self {
            Val::V128(v) => Ok(v),
            other => other.to_cell(cx).map(u128::from),
        }
    }

    /// A global's 128 bits of type `ty` as a value (see [`Val::to_global`]).
    pub(crate) fn from_global(v: u128, ty: ValType, cx: Cx<'_>) -> Val {
        match ty {
            ValType::V128 => Val::V128(v),
            _ => Val::from_cell(v as u64, ty, cx),
        }
    }

    /// A cell of type `ty` (of the store's type numbers) as a value, a reference to a GC
    /// object rooted in the current scope.
    pub(crate) fn from_cell(c: u64, ty: ValType, cx: Cx<'_>) -> Val {
        let store = cx.id;
        match ty {
            ValType::I32 => Val::I32(c as u32 as i32),
            ValType::I64 => Val::I64(c as i64),
            ValType::F32 => Val::F32(c as u32),
            ValType::F64 => Val::F64(c),
            // Only its low half: `from_cells` reads both.
            ValType::V128 => Val::V128(u128::from(c)),
            ValType::Ref(r) => match Val::null_of(cx.rt.abstract_heap(r.heap)) {
                Val::FuncRef(_) => Val::FuncRef(c.checked_sub(1).map(|a| Func {
                    store,
                    addr: awe_engine::FuncAddr(a as u32),
                })),
                Val::ExternRef(_) => Val::ExternRef((c != 0).then(|| ExternRef {
                    store,
                    cell: c,
                    root: cx.rt.root(c),
                })),
                Val::ExnRef(_) => Val::ExnRef(c.checked_sub(1).map(|a| crate::ExnRef {
                    store,
                    addr: awe_engine::ExnAddr(a as u32),
                })),
                _ => Val::AnyRef((c != 0).then(|| AnyRef {
                    store,
                    cell: c,
                    root: cx.rt.root(c),
                })),
            },
        }
    }
}

/// A store's id and runtime: what turning values into cells and back takes.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub(crate) id: u64,
    pub(crate) rt: &'a awe_engine::Runtime,
}

impl<'a> Cx<'a> {
    pub(crate) fn of<T>(inner: &'a crate::store::StoreInner<T>) -> Cx<'a> {
        Cx {
            id: inner.id,
            rt: &inner.rt,
        }
    }
}

/// `unwrap_*`: the value as the type its name says.
///
/// # Panics
/// If the value is of another type.
macro_rules! unwraps {
    ($($unwrap:ident $get:ident $t:ty;)*) => {
        impl Val {
            $(
                #[doc = concat!("The `", stringify!($get), "`; panics if the value is another type.")]
                #[track_caller]
                pub fn $unwrap(&self) -> $t {
                    match self.$get() {
                        Some(v) => v,
                        None => panic!(
                            concat!("expected a ", stringify!($get), " value, got {:?}"),
                            self
                        ),
                    }
                }
            )*
        }
    };
}

unwraps! {
    unwrap_i32 i32 i32;
    unwrap_i64 i64 i64;
    unwrap_f32 f32 f32;
    unwrap_f64 f64 f64;
    unwrap_v128 v128 u128;
    unwrap_funcref funcref Option<Func>;
    unwrap_externref externref Option<ExternRef>;
    unwrap_anyref anyref Option<AnyRef>;
}

/// Values from Rust values: `Val::from(7)`, `42i64.into()`, `Val::from(func)`.
macro_rules! froms {
    ($($t:ty => |$x:ident| $v:expr;)*) => {$(
        impl From<$t> for Val {
            fn from($x: $t) -> Val {
                $v
            }
        }
    )*};
}

froms! {
    i32 => |x| Val::I32(x);
    i64 => |x| Val::I64(x);
    f32 => |x| Val::F32(x.to_bits());
    f64 => |x| Val::F64(x.to_bits());
    u128 => |x| Val::V128(x);
    Func => |x| Val::FuncRef(Some(x));
    Option<Func> => |x| Val::FuncRef(x);
    ExternRef => |x| Val::ExternRef(Some(x));
    Option<ExternRef> => |x| Val::ExternRef(x);
    AnyRef => |x| Val::AnyRef(Some(x));
    Option<AnyRef> => |x| Val::AnyRef(x);
}

/// wasmtime's name for a memory's type.
pub type MemoryType = MemType;

/// A `v128` as a typed function's parameter or result (see [`crate::TypedFunc`]): 128
/// bits, lane 0 in the least significant ones (as [`Val::V128`] holds them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct V128(u128);

impl V128 {
    /// The 128 bits.
    pub fn as_u128(self) -> u128 {
        self.0
    }
}

impl From<u128> for V128 {
    fn from(v: u128) -> Self {
        V128(v)
    }
}

impl From<V128> for u128 {
    fn from(v: V128) -> Self {
        v.0
    }
}

//! Values crossing between the host and WebAssembly.

use crate::error::{Error, Result};
use crate::func::Func;
use crate::store::{AsContext, AsContextMut, SEAL};
pub use awe_module::{
    AddrType, FuncType, GlobalType, HeapType, Limits, MemType, Mutability, RefType, TableType,
    ValType,
};
use std::any::Any;

/// A host reference (`externref`): any value of the host's, which wasm can hold and
/// pass back but not look into, or an `anyref` that wasm made an `externref`
/// (`extern.convert_any`). It belongs to the store that made it and lives as long as
/// that store (so as long as wasm or the host may use it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: u64,
    /// The engine's cell: the host value's index + 1, or an `anyref`'s cell with
    /// `awe_engine::gc::EXTERNALIZED` set.
    pub(crate) cell: u64,
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

    /// `extern.convert_any`: `r` as an `externref`.
    pub fn convert_any(r: AnyRef) -> ExternRef {
        ExternRef {
            store: r.store,
            cell: awe_engine::gc::externalize(r.cell),
        }
    }
}

/// A 31-bit integer as GC's `i31ref` holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct I31(u32);

impl I31 {
    /// The low 31 bits of `v` (as `ref.i31` takes them).
    pub fn wrapping_u32(v: u32) -> I31 {
        I31(v & 0x7fff_ffff)
    }

    /// `v` if it fits 31 bits signed.
    pub fn new_i32(v: i32) -> Option<I31> {
        ((-(1 << 30))..(1 << 30))
            .contains(&v)
            .then_some(I31(v as u32 & 0x7fff_ffff))
    }

    /// The value zero-extended (`i31.get_u`).
    pub fn get_u32(self) -> u32 {
        self.0
    }

    /// The value sign-extended (`i31.get_s`).
    pub fn get_i32(self) -> i32 {
        ((self.0 << 1) as i32) >> 1
    }
}

/// A non-null reference of GC's `any` hierarchy (`anyref`, `eqref`, `i31ref`,
/// `structref`, `arrayref`, or a concrete struct or array type): an `i31`, a struct
/// or array of its store, or a host reference made an `anyref` (`any.convert_extern`).
/// A reference the host is handed keeps its object alive as long as its store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AnyRef {
    pub(crate) store: u64,
    /// The engine's cell (see `awe_engine::gc`).
    pub(crate) cell: u64,
}

impl AnyRef {
    /// The `i31ref` of `v` (`ref.i31`), usable in `store`.
    pub fn from_i31(store: impl AsContext, v: I31) -> AnyRef {
        AnyRef {
            store: store.store_inner(SEAL).id,
            cell: awe_engine::gc::i31_cell(v.0),
        }
    }

    /// `any.convert_extern`: `r` as an `anyref`.
    pub fn convert_extern(r: ExternRef) -> AnyRef {
        AnyRef {
            store: r.store,
            cell: awe_engine::gc::internalize(r.cell),
        }
    }

    /// The `i31`, if it is one.
    pub fn as_i31(&self) -> Option<I31> {
        match awe_engine::gc::any_kind(self.cell) {
            awe_engine::gc::AnyKind::I31(v) => Some(I31(v)),
            _ => None,
        }
    }

    /// The host reference it was made from, if it was made by `any.convert_extern`.
    pub fn as_externref(&self) -> Option<ExternRef> {
        match awe_engine::gc::any_kind(self.cell) {
            awe_engine::gc::AnyKind::Extern(cell) => Some(ExternRef {
                store: self.store,
                cell,
            }),
            _ => None,
        }
    }

    /// Whether it is a struct (of any struct type).
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the reference's store.
    pub fn is_struct(&self, store: impl AsContext) -> Result<bool> {
        self.object_is(store, |c| matches!(c, awe_module::CompositeType::Struct(_)))
    }

    /// Whether it is an array (of any array type).
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the reference's store.
    pub fn is_array(&self, store: impl AsContext) -> Result<bool> {
        self.object_is(store, |c| matches!(c, awe_module::CompositeType::Array(_)))
    }

    /// A struct's fields, in order (a packed field as the `i32` of its bits, zero-
    /// extended), or `None` if it is no struct. References among them are kept alive
    /// for the host as the reference itself is.
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the reference's store.
    pub fn struct_fields(&self, store: impl AsContext) -> Result<Option<Vec<Val>>> {
        self.read(store, |ty, _| {
            let fields = ty.as_struct()?;
            Some(fields.iter().map(|f| f.storage.unpacked()).collect())
        })
    }

    /// An array's elements, in order (packed ones as `i32`s of their bits), or `None`
    /// if it is no array.
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the reference's store.
    pub fn array_elements(&self, store: impl AsContext) -> Result<Option<Vec<Val>>> {
        self.read(store, |ty, cells| {
            let t = ty.as_array()?.storage.unpacked();
            Some(vec![t; cells.len() / t.cells()])
        })
    }

    /// The object's cells as values of the types `types_of` gives for its type (and
    /// cells), or `None` if it gives none or the reference is no object.
    fn read(
        &self,
        store: impl AsContext,
        types_of: impl FnOnce(&awe_module::SubType, &[u64]) -> Option<Vec<ValType>>,
    ) -> Result<Option<Vec<Val>>> {
        let inner = store.store_inner(SEAL);
        inner.check(self.store)?;
        let Some((ty, cells)) = inner.rt.gc_object(self.cell) else {
            return Ok(None);
        };
        let Some(types) = types_of(ty, cells) else {
            return Ok(None);
        };
        Ok(Some(Val::from_cells_in(
            cells, &types, &inner.rt, self.store,
        )))
    }

    fn object_is(
        &self,
        store: impl AsContext,
        f: impl Fn(&awe_module::CompositeType) -> bool,
    ) -> Result<bool> {
        let inner = store.store_inner(SEAL);
        inner.check(self.store)?;
        Ok(inner
            .rt
            .gc_object_type(self.cell)
            .is_some_and(|t| f(&t.composite)))
    }
}

/// A reference the host holds, as wasmtime's `Rooted`: awe's references live as long as
/// their store, so a rooted reference is the reference itself.
pub type Rooted<T> = T;

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

    /// The values of `types` (of `rt`'s type numbers) in `cells`, as
    /// [`Val::from_cells`] reads them, each reference of an object of GC kept alive
    /// for the host (see [`AnyRef`]).
    pub(crate) fn from_cells_in(
        cells: &[u64],
        types: &[ValType],
        rt: &awe_engine::Runtime,
        store_id: u64,
    ) -> Vec<Val> {
        let types = abstract_types(types, rt);
        let vals = Val::from_cells(cells, &types, store_id);
        for v in &vals {
            v.hold(rt);
        }
        vals
    }

    /// Keeps the GC object the value refers to (if it does) as long as `rt`.
    pub(crate) fn hold(&self, rt: &awe_engine::Runtime) {
        match self {
            Val::AnyRef(Some(a)) => rt.hold_for_host(a.cell),
            Val::ExternRef(Some(e)) => rt.hold_for_host(e.cell),
            _ => {}
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

    /// The `externref` (`Some(None)` for null), if it is one.
    pub fn externref(&self) -> Option<Option<ExternRef>> {
        match *self {
            Val::ExternRef(r) => Some(r),
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
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) | Val::AnyRef(None) => 0,
            Val::AnyRef(Some(a)) => {
                if a.store != store_id {
                    return None;
                }
                a.cell
            }
            Val::ExnRef(Some(e)) => {
                if e.store != store_id {
                    return None;
                }
                u64::from(e.addr.0) + 1
            }
            Val::FuncRef(Some(f)) => {
                if f.store != store_id {
                    return None;
                }
                u64::from(f.addr.0) + 1
            }
            Val::ExternRef(Some(r)) => {
                if r.store != store_id {
                    return None;
                }
                r.cell
            }
        })
    }

    /// Appends the value's cells to `out`: two for a `v128` (low half first), else its
    /// cell. `None` if it cannot be passed (a reference of another store).
    pub(crate) fn push_cells(self, store_id: u64, out: &mut Vec<u64>) -> Option<()> {
        match self {
            Val::V128(v) => out.extend([v as u64, (v >> 64) as u64]),
            other => out.push(other.to_cell(store_id)?),
        }
        Some(())
    }

    /// The values of `types` in `cells` (a `v128` takes two, see [`Val::push_cells`]).
    pub(crate) fn from_cells(cells: &[u64], types: &[ValType], store_id: u64) -> Vec<Val> {
        let mut at = 0;
        types
            .iter()
            .map(|&t| {
                let v = match t {
                    ValType::V128 => {
                        Val::V128(u128::from(cells[at]) | u128::from(cells[at + 1]) << 64)
                    }
                    t => Val::from_cell(cells[at], t, store_id),
                };
                at += t.cells();
                v
            })
            .collect()
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

    /// A cell of type `ty` (of `rt`'s type numbers) as a value, its GC object (if it
    /// refers to one) kept alive for the host.
    pub(crate) fn from_cell_in(
        c: u64,
        ty: ValType,
        rt: &awe_engine::Runtime,
        store_id: u64,
    ) -> Val {
        Val::from_cells_in(&[c, 0], &[ty], rt, store_id)
            .pop()
            .unwrap_or(Val::I32(0))
    }

    /// A cell of type `ty` as a value.
    pub(crate) fn from_cell(c: u64, ty: ValType, store_id: u64) -> Val {
        match ty {
            ValType::I32 => Val::I32(c as u32 as i32),
            ValType::I64 => Val::I64(c as i64),
            ValType::F32 => Val::F32(c as u32),
            ValType::F64 => Val::F64(c),
            // Only its low half: `from_cells` reads both.
            ValType::V128 => Val::V128(u128::from(c)),
            ValType::Ref(r) => match Val::null_of(r.heap) {
                Val::FuncRef(_) => Val::FuncRef(c.checked_sub(1).map(|a| Func {
                    store: store_id,
                    addr: awe_engine::FuncAddr(a as u32),
                })),
                Val::ExternRef(_) => Val::ExternRef((c != 0).then_some(ExternRef {
                    store: store_id,
                    cell: c,
                })),
                Val::ExnRef(_) => Val::ExnRef(c.checked_sub(1).map(|a| crate::ExnRef {
                    store: store_id,
                    addr: awe_engine::ExnAddr(a as u32),
                })),
                _ => Val::AnyRef((c != 0).then_some(AnyRef {
                    store: store_id,
                    cell: c,
                })),
            },
        }
    }
}

/// `types` with each concrete heap type (of `rt`'s numbers) made the abstract one it
/// stands under (`func`, `struct`, `array`), which is what reading a cell needs.
pub(crate) fn abstract_types<'t>(
    types: &'t [ValType],
    rt: &awe_engine::Runtime,
) -> std::borrow::Cow<'t, [ValType]> {
    if !types.iter().any(|t| t.concrete().is_some()) {
        return std::borrow::Cow::Borrowed(types);
    }
    types
        .iter()
        .map(|&t| match t {
            ValType::Ref(r) => ValType::Ref(RefType {
                nullable: r.nullable,
                heap: rt.abstract_heap(r.heap),
            }),
            t => t,
        })
        .collect()
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

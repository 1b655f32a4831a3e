//! GC's references as the host sees them ([spec §4.2.9](https://webassembly.github.io/spec/core/exec/runtime.html#aggregate-instances)):
//! [`AnyRef`] and its kinds [`EqRef`], [`StructRef`], [`ArrayRef`] and [`I31`]; the types
//! of structs and arrays ([`StructType`], [`ArrayType`]), to read them and to make new
//! ones from Rust; and how long the host holds them ([`RootScope`], [`ManuallyRooted`]).
//!
//! Every reference to an object the host is handed (a call's result, a host function's
//! argument, a global's or a field's value, a new object) is *rooted*: the object lives
//! while the handle may be used. A root lasts until the innermost scope it was made in
//! ends: a host function's call (its arguments and what it reads), a [`RootScope`], or,
//! outside both, the store. A [`ManuallyRooted`] lasts until it is unrooted. A handle used
//! after its root ended is an error ([`Error::Usage`]), never another object.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, SEAL, StoreInner};
use crate::values::{Cx, ExternRef, Val};
use awe_engine::gc::{self, AnyKind};
use awe_engine::{RootId, Runtime, Trap};
use awe_module::{CompositeType, FieldType, HeapType, StorageType, SubType, TypeIdx, ValType};

const UNROOTED: &str = "a GC reference used after its root ended (its scope ended or it was \
     unrooted): keep it in an open RootScope or a ManuallyRooted";

/// The cell of a reference if its root (if it needs one) still holds it.
pub(crate) fn live_cell(cell: u64, root: Option<RootId>, rt: &Runtime) -> Result<u64> {
    let object = |c: u64| c & !gc::EXTERNALIZED;
    match root {
        None => Ok(cell),
        Some(id) if rt.rooted_cell(id).map(object) == Some(object(cell)) => Ok(cell),
        Some(_) => Err(Error::usage(UNROOTED)),
    }
}

/// A 31-bit integer as GC's `i31ref` holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct I31(pub(crate) u32);

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
/// `structref`, `arrayref`, or a concrete struct or array type): an `i31`, a struct or
/// array of its store, or a host reference made an `anyref` (`any.convert_extern`).
/// Rooted (see the module's documentation); handles are equal when they are the same
/// reference (`ref.eq`).
#[derive(Clone, Copy, Debug)]
pub struct AnyRef {
    pub(crate) store: u64,
    /// The engine's cell (see `awe_engine::gc`).
    pub(crate) cell: u64,
    /// The root keeping its object alive, if it is an object's.
    pub(crate) root: Option<RootId>,
}

impl PartialEq for AnyRef {
    fn eq(&self, other: &Self) -> bool {
        (self.store, self.cell) == (other.store, other.cell)
    }
}

impl Eq for AnyRef {}

impl std::hash::Hash for AnyRef {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.store, self.cell).hash(h);
    }
}

impl AnyRef {
    /// The `i31ref` of `v` (`ref.i31`), usable in `store`.
    pub fn from_i31(store: impl AsContext, v: I31) -> AnyRef {
        AnyRef {
            store: store.store_inner(SEAL).id,
            cell: gc::i31_cell(v.0),
            root: None,
        }
    }

    /// `any.convert_extern`: `r` as an `anyref` (held by `r`'s root, if it has one).
    pub fn convert_extern(r: ExternRef) -> AnyRef {
        AnyRef {
            store: r.store,
            cell: gc::internalize(r.cell),
            root: r.root,
        }
    }

    /// The `i31`, if it is one.
    pub fn as_i31(&self) -> Option<I31> {
        match gc::any_kind(self.cell) {
            AnyKind::I31(v) => Some(I31(v)),
            _ => None,
        }
    }

    /// The host reference it was made from, if it was made by `any.convert_extern`.
    pub fn as_externref(&self) -> Option<ExternRef> {
        match gc::any_kind(self.cell) {
            AnyKind::Extern(cell) => Some(ExternRef {
                store: self.store,
                cell,
                root: None,
            }),
            _ => None,
        }
    }

    /// Whether it is a struct (of any struct type).
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the reference's store or its root ended.
    pub fn is_struct(&self, store: impl AsContext) -> Result<bool> {
        Ok(self.as_struct(store)?.is_some())
    }

    /// Whether it is an array (of any array type).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn is_array(&self, store: impl AsContext) -> Result<bool> {
        Ok(self.as_array(store)?.is_some())
    }

    /// The reference as a [`StructRef`], if it is a struct.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn as_struct(&self, store: impl AsContext) -> Result<Option<StructRef>> {
        let kind = self.composite(store.store_inner(SEAL))?;
        Ok(matches!(kind, Some(CompositeType::Struct(_))).then_some(StructRef(*self)))
    }

    /// The reference as an [`ArrayRef`], if it is an array.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn as_array(&self, store: impl AsContext) -> Result<Option<ArrayRef>> {
        let kind = self.composite(store.store_inner(SEAL))?;
        Ok(matches!(kind, Some(CompositeType::Array(_))).then_some(ArrayRef(*self)))
    }

    /// The reference as an [`EqRef`], if it is one (an `i31`, a struct or an array: not a
    /// host reference made an `anyref`).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn as_eqref(&self, store: impl AsContext) -> Result<Option<EqRef>> {
        let inner = store.store_inner(SEAL);
        let eq = self.as_i31().is_some() || self.composite(inner)?.is_some();
        Ok(eq.then_some(EqRef(*self)))
    }

    /// Whether the reference is of heap type `heap` (of the store's types: as a function's
    /// type or [`StructType::heap_type`] gives them), as `ref.test` tells.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn matches_ty(&self, store: impl AsContext, heap: HeapType) -> Result<bool> {
        let inner = store.store_inner(SEAL);
        let cell = self.live(inner)?;
        Ok(inner.rt.any_matches(cell, heap))
    }

    /// A struct's fields, in order (a packed field as the `i32` of its bits, zero-
    /// extended), or `None` if it is no struct; see [`StructRef::fields`].
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn struct_fields(&self, store: impl AsContext) -> Result<Option<Vec<Val>>> {
        match self.as_struct(&store)? {
            Some(s) => s.fields(store).map(Some),
            None => Ok(None),
        }
    }

    /// An array's elements, in order (packed ones as `i32`s of their bits), or `None` if
    /// it is no array; see [`ArrayRef::elems`].
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn array_elements(&self, store: impl AsContext) -> Result<Option<Vec<Val>>> {
        match self.as_array(&store)? {
            Some(a) => a.elems(store).map(Some),
            None => Ok(None),
        }
    }

    /// The cell, if `inner` is the reference's store and its root still holds it.
    fn live<T>(&self, inner: &StoreInner<T>) -> Result<u64> {
        inner.check(self.store)?;
        live_cell(self.cell, self.root, &inner.rt)
    }

    /// What the object is (`None`: no object, an `i31` or a host reference).
    fn composite<'a, T>(&self, inner: &'a StoreInner<T>) -> Result<Option<&'a CompositeType>> {
        let cell = self.live(inner)?;
        Ok(inner.rt.gc_object(cell).map(|(t, _)| &t.composite))
    }

    /// The object's runtime type number, definition and cells.
    fn object<'a, T>(&self, inner: &'a StoreInner<T>) -> Result<(u32, &'a SubType, &'a [u64])> {
        let cell = self.live(inner)?;
        let id = inner.rt.gc_object_type_id(cell);
        match (id, inner.rt.gc_object(cell)) {
            (Some(id), Some((ty, cells))) => Ok((id, ty, cells)),
            _ => Err(Error::usage("the reference is no struct or array")),
        }
    }
}

/// wasmtime's name for a reference the host holds in a scope: every handle awe gives
/// ([`AnyRef`], [`StructRef`], [`ExternRef`], ...) is rooted so already (see the
/// module's documentation), so `Rooted<AnyRef>` is `AnyRef`.
pub type Rooted<T> = T;

/// The kinds of GC references ([`AnyRef`], [`EqRef`], [`StructRef`], [`ArrayRef`],
/// [`ExternRef`]): what [`ManuallyRooted`] holds.
pub trait GcRef: Copy + sealed::Sealed {
    #[doc(hidden)]
    fn parts(&self) -> (u64, u64, Option<RootId>);
    #[doc(hidden)]
    fn with_root(&self, root: Option<RootId>) -> Self;
}

mod sealed {
    pub trait Sealed {}
}

impl sealed::Sealed for AnyRef {}
impl GcRef for AnyRef {
    fn parts(&self) -> (u64, u64, Option<RootId>) {
        (self.store, self.cell, self.root)
    }
    fn with_root(&self, root: Option<RootId>) -> Self {
        AnyRef { root, ..*self }
    }
}

impl sealed::Sealed for ExternRef {}
impl GcRef for ExternRef {
    fn parts(&self) -> (u64, u64, Option<RootId>) {
        (self.store, self.cell, self.root)
    }
    fn with_root(&self, root: Option<RootId>) -> Self {
        ExternRef { root, ..*self }
    }
}

/// The typed kinds of [`AnyRef`]: a newtype each, convertible to `AnyRef` and to `Val`.
macro_rules! kinds {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name(pub(crate) AnyRef);

        impl $name {
            /// The reference as an [`AnyRef`].
            pub fn to_anyref(self) -> AnyRef {
                self.0
            }
        }

        impl From<$name> for AnyRef {
            fn from(r: $name) -> AnyRef {
                r.0
            }
        }

        impl From<$name> for Val {
            fn from(r: $name) -> Val {
                Val::AnyRef(Some(r.0))
            }
        }

        impl sealed::Sealed for $name {}
        impl GcRef for $name {
            fn parts(&self) -> (u64, u64, Option<RootId>) {
                self.0.parts()
            }
            fn with_root(&self, root: Option<RootId>) -> Self {
                $name(self.0.with_root(root))
            }
        }
    )*};
}

kinds! {
    /// A reference of type `eqref`: an `i31`, a struct or an array (what `ref.eq` compares).
    EqRef;
    /// A struct (`structref`, or a concrete struct type).
    StructRef;
    /// An array (`arrayref`, or a concrete array type).
    ArrayRef;
}

impl EqRef {
    /// The `i31`, if it is one.
    pub fn as_i31(&self) -> Option<I31> {
        self.0.as_i31()
    }

    /// The struct, if it is one.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn as_struct(&self, store: impl AsContext) -> Result<Option<StructRef>> {
        self.0.as_struct(store)
    }

    /// The array, if it is one.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn as_array(&self, store: impl AsContext) -> Result<Option<ArrayRef>> {
        self.0.as_array(store)
    }
}

/// The cells of value `v` stored as `storage` (packed ones as their bits), if `v` is of
/// the type it is read as.
fn field_cells(storage: StorageType, v: &Val, cx: Cx<'_>, out: &mut Vec<u64>) -> Result<()> {
    let t = storage.unpacked();
    if !v.matches(t, cx.rt) {
        return Err(Error::usage(format!(
            "expected a value of type {t}, got {}",
            v.ty()
        )));
    }
    let at = out.len();
    v.push_cells(cx, out)?;
    if let Some(c) = out.get_mut(at) {
        *c = gc::pack(storage, *c);
    }
    Ok(())
}

/// A new object of runtime type `ty` of `cells` cells (`len` elements for an array),
/// which `fill` writes, rooted in the current scope.
fn allocate<T>(
    inner: &mut StoreInner<T>,
    ty: u32,
    cells: usize,
    len: u32,
    fill: impl FnOnce(&mut [u64]),
) -> Result<AnyRef> {
    let cell = inner
        .rt
        .gc_new(ty, cells, len, fill)
        .map_err(|code| Error::from_trap(&mut inner.rt, inner.id, Trap::new(code)))?;
    Ok(AnyRef {
        store: inner.id,
        cell,
        root: inner.rt.root(cell),
    })
}

impl StructRef {
    /// A new struct of type `ty` with `fields` (one value each, of the type the field is
    /// read as: an `i32` for a packed field, which keeps its low bits), rooted in the
    /// current scope.
    ///
    /// # Errors
    /// `Error::Usage` for a type or value of another store or values that do not match;
    /// `Error::Trap` ("out of memory") if the store's GC heap is full.
    pub fn new(mut store: impl AsContextMut, ty: &StructType, fields: &[Val]) -> Result<StructRef> {
        let inner = store.store_inner_mut(SEAL);
        inner.check(ty.0.store)?;
        let types = ty.fields_in(inner)?;
        if types.len() != fields.len() {
            return Err(Error::usage(format!(
                "the struct type has {} fields, got {} values",
                types.len(),
                fields.len()
            )));
        }
        let mut cells = Vec::with_capacity(fields.len());
        for (f, v) in types.iter().zip(fields) {
            field_cells(f.storage, v, Cx::of(inner), &mut cells)?;
        }
        allocate(inner, ty.0.id, cells.len(), 0, |c| {
            c.copy_from_slice(&cells)
        })
        .map(StructRef)
    }

    /// The struct's type.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn ty(&self, store: impl AsContext) -> Result<StructType> {
        let inner = store.store_inner(SEAL);
        let (id, _, _) = self.0.object(inner)?;
        Ok(StructType(TypeHandle {
            store: self.0.store,
            id,
        }))
    }

    /// Field `i` (a packed one as the `i32` of its bits, zero-extended; a reference rooted
    /// in the current scope).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`], or `Error::Usage` if there is no field `i`.
    pub fn field(&self, store: impl AsContext, i: usize) -> Result<Val> {
        let inner = store.store_inner(SEAL);
        let (fields, cells) = self.layout(inner)?;
        let (at, f) = field_at(&fields, i)?;
        let t = f.storage.unpacked();
        Ok(Val::from_cells(&cells[at..at + t.cells()], &[t], Cx::of(inner)).remove(0))
    }

    /// Every field, in order (as [`StructRef::field`] reads them).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn fields(&self, store: impl AsContext) -> Result<Vec<Val>> {
        let inner = store.store_inner(SEAL);
        let (fields, cells) = self.layout(inner)?;
        let types: Vec<ValType> = fields.iter().map(|f| f.storage.unpacked()).collect();
        Ok(Val::from_cells(cells, &types, Cx::of(inner)))
    }

    /// Sets field `i` to `v` (`struct.set`: the field must be mutable).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`], or `Error::Usage` if there is no field `i`, it is
    /// immutable, or `v` does not match it.
    pub fn set_field(&self, mut store: impl AsContextMut, i: usize, v: Val) -> Result<()> {
        let inner = store.store_inner_mut(SEAL);
        let (fields, _) = self.layout(inner)?;
        let (at, f) = field_at(&fields, i)?;
        if !f.mutable {
            return Err(Error::usage(format!("field {i} is immutable")));
        }
        let mut cells = Vec::with_capacity(2);
        field_cells(f.storage, &v, Cx::of(inner), &mut cells)?;
        write_cells(inner, self.0.cell, at, &cells)
    }

    /// The struct's field types and cells.
    fn layout<'a, T>(&self, inner: &'a StoreInner<T>) -> Result<(Vec<FieldType>, &'a [u64])> {
        let (_, ty, cells) = self.0.object(inner)?;
        match &ty.composite {
            CompositeType::Struct(fields) => Ok((fields.clone(), cells)),
            _ => Err(Error::usage("the reference is no struct")),
        }
    }
}

/// The first cell of field `i` of `fields` and its type.
fn field_at(fields: &[FieldType], i: usize) -> Result<(usize, FieldType)> {
    let f = *fields
        .get(i)
        .ok_or_else(|| Error::usage(format!("no field {i}: the struct has {}", fields.len())))?;
    let at = fields[..i]
        .iter()
        .map(|f| f.storage.unpacked().cells())
        .sum();
    Ok((at, f))
}

/// Writes `cells` at cell `at` of the object of `cell`.
fn write_cells<T>(inner: &mut StoreInner<T>, cell: u64, at: usize, cells: &[u64]) -> Result<()> {
    let object = inner
        .rt
        .gc_object_cells_mut(cell)
        .ok_or_else(|| Error::usage("the reference is no struct or array"))?;
    object[at..at + cells.len()].copy_from_slice(cells);
    Ok(())
}

impl ArrayRef {
    /// A new array of type `ty`: `len` elements, each `elem` (`array.new`), rooted in the
    /// current scope.
    ///
    /// # Errors
    /// As [`StructRef::new`].
    pub fn new(
        mut store: impl AsContextMut,
        ty: &ArrayType,
        elem: &Val,
        len: u32,
    ) -> Result<ArrayRef> {
        let inner = store.store_inner_mut(SEAL);
        inner.check(ty.0.store)?;
        let f = ty.element_type_in(inner)?;
        let mut one = Vec::with_capacity(2);
        field_cells(f.storage, elem, Cx::of(inner), &mut one)?;
        let cells = one.len().saturating_mul(len as usize);
        allocate(inner, ty.0.id, cells, len, |c| {
            for (c, v) in c.iter_mut().zip(one.iter().cycle()) {
                *c = *v;
            }
        })
        .map(ArrayRef)
    }

    /// A new array of type `ty` holding `elems` (`array.new_fixed`), rooted in the current
    /// scope.
    ///
    /// # Errors
    /// As [`StructRef::new`].
    pub fn new_fixed(
        mut store: impl AsContextMut,
        ty: &ArrayType,
        elems: &[Val],
    ) -> Result<ArrayRef> {
        let inner = store.store_inner_mut(SEAL);
        inner.check(ty.0.store)?;
        let f = ty.element_type_in(inner)?;
        let len = u32::try_from(elems.len()).map_err(|_| Error::usage("too many elements"))?;
        let mut cells = Vec::with_capacity(elems.len());
        for v in elems {
            field_cells(f.storage, v, Cx::of(inner), &mut cells)?;
        }
        allocate(inner, ty.0.id, cells.len(), len, |c| {
            c.copy_from_slice(&cells)
        })
        .map(ArrayRef)
    }

    /// The array's type.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn ty(&self, store: impl AsContext) -> Result<ArrayType> {
        let inner = store.store_inner(SEAL);
        let (id, _, _) = self.0.object(inner)?;
        Ok(ArrayType(TypeHandle {
            store: self.0.store,
            id,
        }))
    }

    /// The number of elements (`array.len`).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn len(&self, store: impl AsContext) -> Result<u32> {
        let inner = store.store_inner(SEAL);
        let (elem, cells) = self.layout(inner)?;
        Ok((cells.len() / elem.storage.unpacked().cells()) as u32)
    }

    /// Whether it has no elements.
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn is_empty(&self, store: impl AsContext) -> Result<bool> {
        Ok(self.len(store)? == 0)
    }

    /// Element `i` (a packed one as the `i32` of its bits, zero-extended).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`], or `Error::Usage` if `i` is out of bounds.
    pub fn get(&self, store: impl AsContext, i: u32) -> Result<Val> {
        let inner = store.store_inner(SEAL);
        let (elem, cells) = self.layout(inner)?;
        let t = elem.storage.unpacked();
        let at = element_at(cells.len(), t, i)?;
        Ok(Val::from_cells(&cells[at..at + t.cells()], &[t], Cx::of(inner)).remove(0))
    }

    /// Every element, in order (as [`ArrayRef::get`] reads them).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`].
    pub fn elems(&self, store: impl AsContext) -> Result<Vec<Val>> {
        let inner = store.store_inner(SEAL);
        let (elem, cells) = self.layout(inner)?;
        let t = elem.storage.unpacked();
        let types = vec![t; cells.len() / t.cells()];
        Ok(Val::from_cells(cells, &types, Cx::of(inner)))
    }

    /// Sets element `i` to `v` (`array.set`: the array's elements must be mutable).
    ///
    /// # Errors
    /// As [`AnyRef::is_struct`], or `Error::Usage` if `i` is out of bounds, the elements
    /// are immutable, or `v` does not match them.
    pub fn set(&self, mut store: impl AsContextMut, i: u32, v: Val) -> Result<()> {
        let inner = store.store_inner_mut(SEAL);
        let (elem, cells) = self.layout(inner)?;
        let at = element_at(cells.len(), elem.storage.unpacked(), i)?;
        if !elem.mutable {
            return Err(Error::usage("the array's elements are immutable"));
        }
        let mut cells = Vec::with_capacity(2);
        field_cells(elem.storage, &v, Cx::of(inner), &mut cells)?;
        write_cells(inner, self.0.cell, at, &cells)
    }

    /// The array's element type and cells.
    fn layout<'a, T>(&self, inner: &'a StoreInner<T>) -> Result<(FieldType, &'a [u64])> {
        let (_, ty, cells) = self.0.object(inner)?;
        match &ty.composite {
            CompositeType::Array(elem) => Ok((*elem, cells)),
            _ => Err(Error::usage("the reference is no array")),
        }
    }
}

/// The first cell of element `i` of an array of `cells` cells of elements of type `t`.
fn element_at(cells: usize, t: ValType, i: u32) -> Result<usize> {
    let len = cells / t.cells();
    if i as usize >= len {
        return Err(Error::usage(format!(
            "element {i} is out of bounds (length {len})"
        )));
    }
    Ok(i as usize * t.cells())
}

/// The definition a type handle of `store` names.
fn def_of<T>(inner: &StoreInner<T>, store: u64, id: u32) -> Result<&SubType> {
    inner.check(store)?;
    inner
        .rt
        .type_def(id)
        .ok_or_else(|| Error::usage("no such type"))
}

/// Checks that the concrete heap types of `f` are types of the store.
fn check_field<T>(inner: &StoreInner<T>, f: &FieldType) -> Result<()> {
    if let StorageType::Val(t) = f.storage
        && let Some(c) = t.concrete()
        && c.0 >= inner.rt.type_count()
    {
        return Err(Error::usage(format!(
            "field type {t} names no type of the store"
        )));
    }
    Ok(())
}

/// A defined type of a store, by runtime type number: what [`StructType`] and
/// [`ArrayType`] are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct TypeHandle {
    store: u64,
    id: u32,
}

impl TypeHandle {
    /// The type `composite`, final, without supertype, alone in its recursion group.
    fn define<T>(inner: &mut StoreInner<T>, composite: CompositeType) -> TypeHandle {
        let id = inner.rt.define_type(SubType::plain(composite));
        TypeHandle {
            store: inner.id,
            id,
        }
    }

    /// The type `heap` names, if it is one whose definition is of the kind `is_kind`
    /// says.
    fn of_heap<T>(
        inner: &StoreInner<T>,
        heap: HeapType,
        is_kind: fn(&CompositeType) -> bool,
    ) -> Option<TypeHandle> {
        let id = heap.as_concrete()?.0;
        is_kind(&inner.rt.type_def(id)?.composite).then_some(TypeHandle {
            store: inner.id,
            id,
        })
    }

    fn heap_type(self) -> HeapType {
        HeapType::concrete(TypeIdx(self.id))
    }

    fn composite<T>(self, inner: &StoreInner<T>) -> Result<&CompositeType> {
        Ok(&def_of(inner, self.store, self.id)?.composite)
    }

    fn matches(self, store: impl AsContext, other: TypeHandle) -> Result<bool> {
        let inner = store.store_inner(SEAL);
        inner.check(self.store)?;
        inner.check(other.store)?;
        Ok(inner.rt.type_matches(self.id, other.id))
    }
}

/// A struct type of a store: a module's (as a function's or global's type names it,
/// see [`StructType::from_heap_type`]) or one the host defined ([`StructType::new`]).
/// Types are compared structurally across modules, so a struct the host makes of a type
/// equal to a module's is of the module's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StructType(TypeHandle);

impl StructType {
    /// The struct type with `fields`, final and without supertype (what a module's
    /// `(type (struct ...))` alone in its recursion group, referring to no type of its
    /// group, is). Concrete heap types in the fields must be the store's (from
    /// [`StructType::heap_type`], a function's type, ...).
    ///
    /// # Errors
    /// `Error::Usage` if a field names no type of the store.
    pub fn new(
        mut store: impl AsContextMut,
        fields: impl IntoIterator<Item = FieldType>,
    ) -> Result<StructType> {
        let inner = store.store_inner_mut(SEAL);
        let fields: Vec<FieldType> = fields.into_iter().collect();
        for f in &fields {
            check_field(inner, f)?;
        }
        Ok(StructType(TypeHandle::define(
            inner,
            CompositeType::Struct(fields),
        )))
    }

    /// The struct type `heap` names (a concrete heap type of the store's types), if it is
    /// one.
    pub fn from_heap_type(store: impl AsContext, heap: HeapType) -> Option<StructType> {
        let is_struct = |c: &CompositeType| matches!(c, CompositeType::Struct(_));
        TypeHandle::of_heap(store.store_inner(SEAL), heap, is_struct).map(StructType)
    }

    /// The heap type naming it (for a field, a function's type, [`AnyRef::matches_ty`]).
    pub fn heap_type(&self) -> HeapType {
        self.0.heap_type()
    }

    /// The field types, in order.
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the type's store.
    pub fn fields(&self, store: impl AsContext) -> Result<Vec<FieldType>> {
        self.fields_in(store.store_inner(SEAL))
    }

    fn fields_in<T>(&self, inner: &StoreInner<T>) -> Result<Vec<FieldType>> {
        match self.0.composite(inner)? {
            CompositeType::Struct(fields) => Ok(fields.clone()),
            _ => Err(Error::usage("no struct type")),
        }
    }

    /// Whether it is `other` or a declared subtype of it.
    ///
    /// # Errors
    /// As [`StructType::fields`].
    pub fn matches(&self, store: impl AsContext, other: &StructType) -> Result<bool> {
        self.0.matches(store, other.0)
    }
}

/// An array type of a store (as [`StructType`] for structs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArrayType(TypeHandle);

impl ArrayType {
    /// The array type of elements of type `elem`, final and without supertype.
    ///
    /// # Errors
    /// As [`StructType::new`].
    pub fn new(mut store: impl AsContextMut, elem: FieldType) -> Result<ArrayType> {
        let inner = store.store_inner_mut(SEAL);
        check_field(inner, &elem)?;
        Ok(ArrayType(TypeHandle::define(
            inner,
            CompositeType::Array(elem),
        )))
    }

    /// The array type `heap` names, if it is one.
    pub fn from_heap_type(store: impl AsContext, heap: HeapType) -> Option<ArrayType> {
        let is_array = |c: &CompositeType| matches!(c, CompositeType::Array(_));
        TypeHandle::of_heap(store.store_inner(SEAL), heap, is_array).map(ArrayType)
    }

    /// The heap type naming it.
    pub fn heap_type(&self) -> HeapType {
        self.0.heap_type()
    }

    /// The element type.
    ///
    /// # Errors
    /// As [`StructType::fields`].
    pub fn element_type(&self, store: impl AsContext) -> Result<FieldType> {
        self.element_type_in(store.store_inner(SEAL))
    }

    fn element_type_in<T>(&self, inner: &StoreInner<T>) -> Result<FieldType> {
        match self.0.composite(inner)? {
            CompositeType::Array(elem) => Ok(*elem),
            _ => Err(Error::usage("no array type")),
        }
    }

    /// Whether it is `other` or a declared subtype of it.
    ///
    /// # Errors
    /// As [`StructType::fields`].
    pub fn matches(&self, store: impl AsContext, other: &ArrayType) -> Result<bool> {
        self.0.matches(store, other.0)
    }
}

/// A scope of roots (wasmtime's `RootScope`): the references the host is handed while it
/// lives are released when it ends, so that a loop calling wasm holds only what its
/// current iteration does. It is the store for what is inside it (`&mut scope` wherever
/// a store is taken); scopes nest.
pub struct RootScope<C: AsContextMut> {
    store: C,
    mark: usize,
}

impl<C: AsContextMut> RootScope<C> {
    /// A scope in `store` (a store, a caller, or an enclosing scope).
    pub fn new(mut store: C) -> RootScope<C> {
        let mark = store.store_inner_mut(SEAL).rt.root_scope();
        RootScope { store, mark }
    }
}

impl<C: AsContextMut> Drop for RootScope<C> {
    fn drop(&mut self) {
        self.store
            .store_inner_mut(SEAL)
            .rt
            .end_root_scope(self.mark);
    }
}

impl<C: AsContextMut> AsContext for RootScope<C> {
    type Data = C::Data;
    fn store_inner(&self, seal: crate::store::Seal) -> &StoreInner<C::Data> {
        self.store.store_inner(seal)
    }
}

impl<C: AsContextMut> AsContextMut for RootScope<C> {
    fn store_inner_mut(&mut self, seal: crate::store::Seal) -> &mut StoreInner<C::Data> {
        self.store.store_inner_mut(seal)
    }
}

/// A reference the host holds until it says otherwise (wasmtime's `ManuallyRooted`):
/// its object lives, whatever scopes end, until [`ManuallyRooted::unroot`]. Dropping it
/// without unrooting keeps the object as long as the store.
#[derive(Debug)]
pub struct ManuallyRooted<T: GcRef> {
    r: T,
    root: Option<RootId>,
}

impl<T: GcRef> ManuallyRooted<T> {
    /// Roots `r` until [`ManuallyRooted::unroot`].
    ///
    /// # Errors
    /// `Error::Usage` if `store` is not the reference's store or its root ended.
    pub fn new(store: impl AsContext, r: T) -> Result<ManuallyRooted<T>> {
        let inner = store.store_inner(SEAL);
        let (id, cell, root) = r.parts();
        inner.check(id)?;
        let cell = live_cell(cell, root, &inner.rt)?;
        let root = inner.rt.root_manually(cell);
        Ok(ManuallyRooted {
            r: r.with_root(root),
            root,
        })
    }

    /// The reference, as a handle valid until this root is unrooted (wasmtime's
    /// `to_rooted`, without a new root).
    pub fn get(&self) -> T {
        self.r
    }

    /// Another manual root of the same reference.
    ///
    /// # Errors
    /// As [`ManuallyRooted::new`].
    pub fn clone(&self, store: impl AsContext) -> Result<ManuallyRooted<T>> {
        ManuallyRooted::new(store, self.r)
    }

    /// Releases the root: the object is garbage once nothing else holds it, and handles
    /// from [`ManuallyRooted::get`] are dead.
    pub fn unroot(self, store: impl AsContext) {
        let inner = store.store_inner(SEAL);
        if let Some(id) = self.root
            && inner.check(self.r.parts().0).is_ok()
        {
            inner.rt.unroot(id);
        }
    }
}

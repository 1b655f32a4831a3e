//! GC's objects: structs and arrays in a heap the runtime owns, `i31` values and
//! references of the `any` and `extern` hierarchies in cells, and a mark-sweep collector
//! ([spec §4.2.9](https://webassembly.github.io/spec/core/exec/runtime.html#aggregate-instances)).
//!
//! A reference of the `any` hierarchy is one cell:
//! - `0`: null;
//! - odd: an `i31`, its 31 bits in bits 1 to 31;
//! - `2` in the low two bits: an `externref` made an `anyref` (`any.convert_extern`),
//!   the `externref`'s cell in the bits above;
//! - else (`0` in the low two bits): an object, its heap slot + 1 in the bits above.
//!
//! A reference of the `extern` hierarchy is a host reference's index + 1, or an `anyref`
//! made an `externref` (`extern.convert_any`): the `anyref`'s cell with bit 63 set. Both
//! conversions undo each other exactly, so `ref.eq` stays the cells' equality.
//!
//! The heap is a vector of slots with a free list. An allocation that would take the
//! heap past its threshold collects first: everything reachable from the roots (see
//! [`crate::Runtime`]'s `collect`) is marked, through the references each object's type
//! says it holds, and every other object is freed. The threshold after a collection is
//! twice what survived (at least [`MIN_THRESHOLD`]); an allocation past the store's
//! limit after a collection traps.

pub use crate::gc_runtime::pack;
use crate::types::TypeRegistry;
use awe_module::*;

/// Bit 63 of an `externref` cell: an `anyref` made an `externref`.
pub const EXTERNALIZED: u64 = 1 << 63;

/// The `i31` cell of `v`'s low 31 bits.
#[inline]
pub fn i31_cell(v: u32) -> u64 {
    u64::from(v << 1 | 1)
}

/// The value of an `i31` cell, sign-extended (`i31.get_s`) or not.
#[inline]
pub fn i31_get(c: u64, signed: bool) -> u32 {
    if signed {
        ((c as u32 as i32) >> 1) as u32
    } else {
        (c as u32) >> 1
    }
}

/// The heap slot of an object's cell.
#[inline]
pub(crate) fn object_slot(c: u64) -> Option<u32> {
    (c != 0 && c & 3 == 0).then(|| ((c >> 2) - 1) as u32)
}

/// The cell of the object in `slot`.
#[inline]
fn object_cell(slot: u32) -> u64 {
    (u64::from(slot) + 1) << 2
}

/// `any.convert_extern`: the `externref` cell `e` as an `anyref`.
#[inline]
pub fn internalize(e: u64) -> u64 {
    if e == 0 {
        0
    } else if e & EXTERNALIZED != 0 {
        e & !EXTERNALIZED
    } else {
        e << 2 | 2
    }
}

/// `extern.convert_any`: the `anyref` cell `a` as an `externref`.
#[inline]
pub fn externalize(a: u64) -> u64 {
    if a == 0 {
        0
    } else if a & 3 == 2 {
        a >> 2
    } else {
        a | EXTERNALIZED
    }
}

/// A heap type as an op holds it: a type index of the module, or an abstract heap
/// type's code with bit 31 set.
pub(crate) fn heap_code(h: HeapType) -> u32 {
    match (h.as_concrete(), h.abstract_code()) {
        (Some(t), _) => t.0 & 0x7fff_ffff,
        (None, Some(code)) => 1 << 31 | u32::from(code),
        (None, None) => 1 << 31,
    }
}

/// The heap type [`heap_code`] wrote.
pub(crate) fn heap_from_code(c: u32) -> HeapType {
    if c & 1 << 31 == 0 {
        HeapType::concrete(TypeIdx(c))
    } else {
        HeapType::from_abstract_code(c as u8).unwrap_or(HeapType::None)
    }
}

/// What an `anyref` cell is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnyKind {
    /// Null.
    Null,
    /// An `i31` (its unsigned value).
    I31(u32),
    /// A host reference made an `anyref`: its `externref` cell.
    Extern(u64),
    /// A struct or array in the heap.
    Object(u32),
}

/// What `anyref` cell `c` is.
pub fn any_kind(c: u64) -> AnyKind {
    if c == 0 {
        AnyKind::Null
    } else if c & 1 == 1 {
        AnyKind::I31(i31_get(c, false))
    } else if c & 3 == 2 {
        AnyKind::Extern(c >> 2)
    } else {
        AnyKind::Object(((c >> 2) - 1) as u32)
    }
}

/// How a field or element is read and written by the threaded ops (`StructGet`,
/// `ArraySet`, ...): a plain cell, a packed `i8` or `i16` (read sign- or zero-extended),
/// or a `v128`'s two cells.
pub(crate) mod access {
    /// One cell as it is.
    pub const PLAIN: u8 = 0;
    /// An `i8`, read sign-extended.
    pub const I8_S: u8 = 1;
    /// An `i8`, read zero-extended (and how one is written).
    pub const I8_U: u8 = 2;
    /// An `i16`, read sign-extended.
    pub const I16_S: u8 = 3;
    /// An `i16`, read zero-extended (and how one is written).
    pub const I16_U: u8 = 4;
    /// A `v128`: two cells.
    pub const V128: u8 = 5;
}

/// The access kind (see [`access`]) of storage `s` read with `signed` (`get_s`) or not.
pub(crate) fn access_of(s: StorageType, signed: bool) -> u8 {
    match (s, signed) {
        (StorageType::I8, true) => access::I8_S,
        (StorageType::I8, false) => access::I8_U,
        (StorageType::I16, true) => access::I16_S,
        (StorageType::I16, false) => access::I16_U,
        (StorageType::Val(ValType::V128), _) => access::V128,
        _ => access::PLAIN,
    }
}

/// A field's or element's cell as read with access `kind`.
#[inline(always)]
pub(crate) fn read_cell(kind: u8, v: u64) -> u64 {
    match kind {
        access::I8_S => u64::from(v as u8 as i8 as i32 as u32),
        access::I16_S => u64::from(v as u16 as i16 as i32 as u32),
        _ => v,
    }
}

/// A value as a field or element of access `kind` keeps it.
#[inline(always)]
pub(crate) fn write_cell(kind: u8, v: u64) -> u64 {
    match kind {
        access::I8_S | access::I8_U => v & 0xff,
        access::I16_S | access::I16_U => v & 0xffff,
        _ => v,
    }
}

/// The least threshold: collections start once this many bytes are allocated.
pub(crate) const MIN_THRESHOLD: usize = 4 << 20;

/// The bytes an object takes besides its cells (its slot, header and allocation).
const OBJECT_OVERHEAD: usize = 48;

/// A struct or an array.
#[derive(Debug)]
pub(crate) struct GcObject {
    /// Its runtime type number.
    pub(crate) ty: u32,
    /// An array's length (0 for a struct).
    pub(crate) len: u32,
    /// A struct's fields or an array's elements, a cell each (a `v128` two; a packed
    /// field a cell holding its bits).
    pub(crate) cells: Box<[u64]>,
}

impl GcObject {
    /// The bytes it is counted for.
    fn size(&self) -> usize {
        bytes_for(self.cells.len())
    }
}

/// The bytes an object of `cells` cells is counted for.
pub(crate) fn bytes_for(cells: usize) -> usize {
    cells.saturating_mul(8).saturating_add(OBJECT_OVERHEAD)
}

/// How the objects of a type keep their values.
#[derive(Debug)]
pub(crate) enum Layout {
    /// A struct: where each field starts and what it stores; the cells holding
    /// references the collector follows.
    Struct {
        offsets: Box<[u32]>,
        fields: Box<[FieldType]>,
        cells: u32,
        traced: Box<[u32]>,
    },
    /// An array: what an element stores, its cells, and whether it is a reference the
    /// collector follows.
    Array {
        elem: FieldType,
        elem_cells: u32,
        traced: bool,
    },
    /// A function type: no objects.
    Func,
}

/// Whether a value of type `t` may be a reference to an object: one of the `any` or
/// `extern` hierarchy (an `externref` may be an `anyref` converted). `def` gives a
/// concrete type's definition; one it does not know counts as an object's.
pub(crate) fn may_hold_object<'a>(
    t: ValType,
    def: impl FnOnce(u32) -> Option<&'a SubType>,
) -> bool {
    let ValType::Ref(r) = t else {
        return false;
    };
    match r.heap.as_concrete() {
        Some(c) => def(c.0).is_none_or(|d| d.as_func().is_none()),
        None => matches!(
            r.heap.abstract_top(),
            Some(HeapType::Any | HeapType::Extern)
        ),
    }
}

/// Whether a field or element of storage `s` may be a reference to an object.
fn traced(types: &TypeRegistry, s: StorageType) -> bool {
    match s {
        StorageType::Val(t) => may_hold_object(t, |c| types.def(c)),
        _ => false,
    }
}

/// The heap: objects in slots, the free slots, and what the collector needs.
#[derive(Debug, Default)]
pub(crate) struct GcHeap {
    objects: Vec<Option<GcObject>>,
    free: Vec<u32>,
    /// The layout of each runtime type number, made when first needed.
    layouts: Vec<Option<std::sync::Arc<Layout>>>,
    /// The bytes the live objects (and the garbage not yet collected) are counted for.
    pub(crate) bytes: usize,
    /// The level of `bytes` past which an allocation collects first.
    next_collection: usize,
    /// Collections so far.
    pub(crate) collections: u64,
    /// References the host holds, roots of every collection; behind a lock so that
    /// reading a value (through `&Runtime`) can add one.
    pub(crate) host_roots: std::sync::Mutex<crate::host_roots::HostRoots>,
    /// While set (instantiation), allocations do not collect.
    pub(crate) paused: bool,
    /// The cells of freed objects of each small length (below [`POOLED`]), which
    /// allocations of that length take instead of asking the allocator (most objects
    /// are small and die young: this halves binary-trees' time).
    pools: Vec<Vec<Box<[u64]>>>,
    /// The cells in `pools`, at most [`POOL_CELLS`].
    pooled: usize,
}

/// Objects of fewer cells than this have their cells pooled when freed.
const POOLED: usize = 16;

/// The most cells the pools keep (8 MiB).
const POOL_CELLS: usize = 1 << 20;

impl GcHeap {
    /// The layout of runtime type `ty`.
    pub(crate) fn layout(&mut self, types: &TypeRegistry, ty: u32) -> std::sync::Arc<Layout> {
        let i = ty as usize;
        if let Some(Some(l)) = self.layouts.get(i) {
            return l.clone();
        }
        let layout = match types.def(ty).map(|d| &d.composite) {
            Some(CompositeType::Struct(fields)) => {
                let mut offsets = Vec::with_capacity(fields.len());
                let mut traced_cells = Vec::new();
                let mut at = 0u32;
                for f in fields {
                    offsets.push(at);
                    if traced(types, f.storage) {
                        traced_cells.push(at);
                    }
                    at += f.storage.unpacked().cells() as u32;
                }
                Layout::Struct {
                    offsets: offsets.into(),
                    fields: fields.clone().into(),
                    cells: at,
                    traced: traced_cells.into(),
                }
            }
            Some(CompositeType::Array(elem)) => Layout::Array {
                elem: *elem,
                elem_cells: elem.storage.unpacked().cells() as u32,
                traced: traced(types, elem.storage),
            },
            _ => Layout::Func,
        };
        let layout = std::sync::Arc::new(layout);
        if self.layouts.len() <= i {
            self.layouts.resize(i + 1, None);
        }
        self.layouts[i] = Some(layout.clone());
        layout
    }

    /// Cells for a new object of `n` cells: a freed object's (their values stale: the
    /// caller writes every one) or new ones.
    #[inline]
    pub(crate) fn take_cells(&mut self, n: usize) -> Box<[u64]> {
        if let Some(b) = self.pools.get_mut(n).and_then(Vec::pop) {
            self.pooled -= n;
            return b;
        }
        vec![0; n].into_boxed_slice()
    }

    /// Whether allocating `bytes` more should collect first.
    pub(crate) fn wants_collection(&self, bytes: usize) -> bool {
        !self.paused && self.bytes.saturating_add(bytes) > self.next_collection.max(MIN_THRESHOLD)
    }

    /// Puts an object in a free slot and returns its cell. The caller has checked the
    /// store's limit.
    pub(crate) fn insert(&mut self, ty: u32, cells: Box<[u64]>, len: u32) -> u64 {
        let o = GcObject { ty, len, cells };
        self.bytes = self.bytes.saturating_add(o.size());
        let slot = match self.free.pop() {
            Some(s) => {
                self.objects[s as usize] = Some(o);
                s
            }
            None => {
                self.objects.push(Some(o));
                (self.objects.len() - 1) as u32
            }
        };
        object_cell(slot)
    }

    /// The object of an `anyref` cell, if it is one.
    #[inline]
    pub(crate) fn object(&self, c: u64) -> Option<&GcObject> {
        self.objects.get(object_slot(c)? as usize)?.as_ref()
    }

    /// The object of an `anyref` cell, to change.
    #[inline]
    pub(crate) fn object_mut(&mut self, c: u64) -> Option<&mut GcObject> {
        self.objects.get_mut(object_slot(c)? as usize)?.as_mut()
    }

    /// Whether the heap holds no object.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.objects.len() == self.free.len()
    }

    /// How many objects are live (or garbage not yet collected).
    pub(crate) fn len(&self) -> usize {
        self.objects.len() - self.free.len()
    }

    /// Marks everything reachable from `roots` (cells of any type: a cell that is no
    /// live object's reference is passed over) and frees the rest. Every object's type
    /// has its layout (made when the object was allocated).
    pub(crate) fn collect(&mut self, roots: impl Iterator<Item = u64>) {
        let GcHeap {
            objects,
            free,
            layouts,
            bytes,
            next_collection,
            collections,
            host_roots,
            paused: _,
            pools,
            pooled,
        } = self;
        let mut marks = vec![false; objects.len()];
        let mut work: Vec<u32> = Vec::new();
        let mark = |c: u64, marks: &mut [bool], work: &mut Vec<u32>| {
            let c = c & !EXTERNALIZED;
            if let Some(s) = object_slot(c)
                && matches!(objects.get(s as usize), Some(Some(_)))
                && !marks[s as usize]
            {
                marks[s as usize] = true;
                work.push(s);
            }
        };
        let host = host_roots.get_mut().unwrap_or_else(|e| e.into_inner());
        for c in roots.chain(host.cells()) {
            mark(c, &mut marks, &mut work);
        }
        while let Some(s) = work.pop() {
            let Some(o) = &objects[s as usize] else {
                continue;
            };
            match layouts.get(o.ty as usize).and_then(|l| l.as_deref()) {
                Some(Layout::Struct { traced, .. }) => {
                    for &at in traced.iter() {
                        mark(o.cells[at as usize], &mut marks, &mut work);
                    }
                }
                Some(Layout::Array { traced: true, .. }) => {
                    for &c in o.cells.iter() {
                        mark(c, &mut marks, &mut work);
                    }
                }
                _ => {}
            }
        }
        if pools.is_empty() {
            pools.resize_with(POOLED, Vec::new);
        }
        for (s, o) in objects.iter_mut().enumerate() {
            if o.is_some() && !marks[s] {
                let Some(dead) = o.take() else { continue };
                *bytes = bytes.saturating_sub(dead.size());
                free.push(s as u32);
                let n = dead.cells.len();
                if n < POOLED && *pooled + n <= POOL_CELLS {
                    *pooled += n;
                    pools[n].push(dead.cells);
                }
            }
        }
        *next_collection = bytes.saturating_mul(2).max(MIN_THRESHOLD);
        *collections += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_undo_each_other() {
        for e in [0, 1, 7, u64::from(u32::MAX)] {
            assert_eq!(externalize(internalize(e)), e);
        }
        for a in [
            0,
            i31_cell(5),
            i31_cell(u32::MAX),
            object_cell(0),
            object_cell(99),
        ] {
            assert_eq!(internalize(externalize(a)), a);
        }
        assert_eq!(any_kind(internalize(3)), AnyKind::Extern(3));
        assert_eq!(any_kind(object_cell(4)), AnyKind::Object(4));
        assert_eq!(any_kind(i31_cell(0x7fff_ffff)), AnyKind::I31(0x7fff_ffff));
    }

    #[test]
    fn i31_values_wrap_to_31_bits_and_extend_their_sign() {
        assert_eq!(i31_get(i31_cell(0x7fff_ffff), true), u32::MAX);
        assert_eq!(i31_get(i31_cell(0x7fff_ffff), false), 0x7fff_ffff);
        assert_eq!(i31_get(i31_cell(0x8000_0001), false), 1);
        assert_eq!(i31_get(i31_cell(0x4000_0000), true), 0xc000_0000);
    }
}

//! The runtime's side of GC: allocation that collects when the heap's threshold is
//! reached (with the runtime's roots), the store's limit on the heap, and the runtime
//! type tests of casts.

use crate::gc::{self, AnyKind};
use crate::runtime::{ModuleInst, Runtime};
use crate::trap::TrapCode;
use awe_module::*;

impl Runtime {
    /// Makes room for an object of `cells` cells: runs `collect` first when the heap has
    /// reached its threshold, and refuses what the store's limit does not allow. Every
    /// allocation goes through here; `collect` is the caller's way to its roots.
    pub(crate) fn gc_room(
        &mut self,
        cells: usize,
        collect: impl FnOnce(&mut Runtime),
    ) -> Result<(), TrapCode> {
        let bytes = gc::bytes_for(cells);
        if self.gc.wants_collection(bytes) {
            collect(self);
        }
        if self.gc.bytes.saturating_add(bytes) > self.config.max_gc_heap_bytes {
            return Err(TrapCode::GcHeapExhausted);
        }
        Ok(())
    }

    /// [`Runtime::gc_room`] with the value stack's cells below `stack_end` as roots
    /// (every cell that holds an object's reference there keeps it: the interpreter's
    /// cells are not typed), besides the globals, tables, element segments and
    /// exceptions, the host's handles, and `extra` (values not stored anywhere yet).
    pub(crate) fn gc_reserve(
        &mut self,
        cells: usize,
        stack_end: usize,
        extra: &[u64],
    ) -> Result<(), TrapCode> {
        self.gc_room(cells, |rt| rt.collect_garbage(stack_end, extra))
    }

    /// A collection now (see [`Runtime::gc_reserve`] for the roots).
    pub(crate) fn collect_garbage(&mut self, stack_end: usize, extra: &[u64]) {
        let stack = &self.stack[..stack_end.min(self.stack.len())];
        let traced = |t: ValType| self.traced(t);
        let globals = self
            .globals
            .iter()
            .filter(|g| traced(g.ty.content))
            .map(|g| g.value);
        let tables = self
            .tables
            .iter()
            .filter(|t| traced(t.ty.elem.val_type()))
            .flat_map(|t| t.elements.iter().copied());
        let segments = self
            .instances
            .iter()
            .flat_map(|i| i.elems.iter().flatten().copied());
        let exceptions = self
            .exceptions
            .iter()
            .flatten()
            .flat_map(|e| e.payload.iter().copied());
        let roots = stack
            .iter()
            .copied()
            .chain(globals)
            .chain(tables)
            .chain(segments)
            .chain(exceptions)
            .chain(extra.iter().copied())
            .collect::<Vec<u64>>();
        self.gc.collect(roots.into_iter());
    }

    /// Whether values of type `t` (of runtime type numbers) may be references to
    /// objects: the `any` and `extern` hierarchies.
    fn traced(&self, t: ValType) -> bool {
        gc::may_hold_object(t, |c| self.types.def(c))
    }

    /// Allocates an object of runtime type `ty` with `cells` (room was made by
    /// [`Runtime::gc_reserve`]).
    pub(crate) fn gc_insert(&mut self, ty: u32, cells: Box<[u64]>, len: u32) -> u64 {
        self.gc.layout(&self.types, ty);
        self.gc.insert(ty, cells, len)
    }

    /// Whether reference cell `c` (of the hierarchy of `heap`, a heap type of instance
    /// `inst`'s module) is of type `(ref null? heap)`: `ref.test`, `ref.cast`,
    /// `br_on_cast`.
    pub(crate) fn ref_is(&self, inst: &ModuleInst, c: u64, heap: HeapType, nullable: bool) -> bool {
        use HeapType as H;
        if c == 0 {
            return nullable;
        }
        let object_kind = |slot: u32| -> Option<(u32, HeapType)> {
            let o = self.gc.object(((u64::from(slot)) + 1) << 2)?;
            let kind = match self.types.def(o.ty)?.composite {
                CompositeType::Struct(_) => H::Struct,
                CompositeType::Array(_) => H::Array,
                CompositeType::Func(_) => return None,
            };
            Some((o.ty, kind))
        };
        match heap {
            H::Concrete(t) => {
                let want = inst.type_ids[t.get().index()];
                match self.types.def(want).map(|d| &d.composite) {
                    Some(CompositeType::Func(_)) => self
                        .funcs
                        .get((c - 1) as usize)
                        .is_some_and(|f| self.types.matches(f.type_id, want)),
                    _ => match gc::any_kind(c) {
                        AnyKind::Object(s) => {
                            object_kind(s).is_some_and(|(ty, _)| self.types.matches(ty, want))
                        }
                        _ => false,
                    },
                }
            }
            H::Func | H::Extern | H::Exn | H::Any => true,
            H::NoFunc | H::NoExtern | H::NoExn | H::None => false,
            H::Eq | H::I31 | H::Struct | H::Array => match gc::any_kind(c) {
                AnyKind::I31(_) => matches!(heap, H::Eq | H::I31),
                AnyKind::Object(s) => {
                    object_kind(s).is_some_and(|(_, k)| heap == H::Eq || heap == k)
                }
                AnyKind::Extern(_) | AnyKind::Null => false,
            },
        }
    }
}

/// A value of storage `s` as a field or element keeps it: packed ones wrapped to their
/// bits.
#[inline]
pub fn pack(s: StorageType, v: u64) -> u64 {
    match s {
        StorageType::I8 => v & 0xff,
        StorageType::I16 => v & 0xffff,
        StorageType::Val(_) => v,
    }
}

/// The cells of `n` values of storage `s` read from `bytes` (little-endian, each of the
/// storage's size): `array.new_data` and `array.init_data`.
pub(crate) fn cells_from_bytes(s: StorageType, bytes: &[u8]) -> Vec<u64> {
    let size = s.byte_size().unwrap_or(1) as usize;
    let mut out = Vec::with_capacity(bytes.len() / size * if size == 16 { 2 } else { 1 });
    for chunk in bytes.chunks_exact(size) {
        let mut b = [0u8; 16];
        b[..size].copy_from_slice(chunk);
        let v = u128::from_le_bytes(b);
        out.push(v as u64);
        if size == 16 {
            out.push((v >> 64) as u64);
        }
    }
    out
}

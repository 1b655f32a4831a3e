//! What an embedder may read and change of a [`Runtime`]'s entities, by address: the
//! narrow methods the embedding API is built on. The arenas themselves stay private to
//! the engine, so nothing outside can break what the interpreter relies on (a memory's
//! mapping, a table's length, a function's type number, the value stack).
//!
//! An address must come from this runtime (the embedder keeps addresses with the store
//! they belong to); any other address panics.

use crate::runtime::{
    ExnAddr, Extern, FuncAddr, GlobalAddr, InstanceAddr, MemAddr, Runtime, TableAddr, TagAddr,
};
use crate::trap::TrapCode;
use awe_module::{ExportDesc, FuncType, GlobalType, MemType, TableType};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

impl Runtime {
    /// Its limits and switches.
    pub fn config(&self) -> &crate::runtime::Config {
        &self.config
    }

    /// Fuel left (meaningful when [`Config::fuel`](crate::Config::fuel) is on).
    pub fn fuel(&self) -> u64 {
        self.fuel
    }

    /// Sets the fuel left.
    pub fn set_fuel(&mut self, fuel: u64) {
        self.fuel = fuel;
    }

    /// The flag another thread sets to stop the running call at its next checkpoint
    /// with [`TrapCode::Interrupted`].
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// The flag an explicit interrupt request sets besides the interrupt flag (an epoch
    /// sets only the latter), cleared at each outermost entry like it.
    pub fn interrupt_request_flag(&self) -> Arc<AtomicBool> {
        self.interrupt_requested.clone()
    }

    /// Sets the epoch deadline: a call that starts when `epoch` is at `deadline` or past
    /// it is interrupted at its first checkpoint. (While a call runs, the embedder sets
    /// the interrupt flag when the epoch passes the deadline.)
    pub fn set_epoch_deadline(&mut self, epoch: Arc<std::sync::atomic::AtomicU64>, deadline: u64) {
        self.epoch_deadline = Some((epoch, deadline));
    }

    /// How many instances, memories and tables the runtime holds.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.instances.len(), self.memories.len(), self.tables.len())
    }

    /// Sets the most pages a memory may grow to (besides its own maximum).
    pub fn set_max_memory_pages(&mut self, pages: u64) {
        self.config.max_memory_pages = pages;
    }

    /// Sets the most elements a table may grow to (besides its own maximum).
    pub fn set_max_table_elements(&mut self, elements: u32) {
        self.config.max_table_elements = elements;
    }

    /// Sets the most instances.
    pub fn set_max_instances(&mut self, instances: usize) {
        self.config.max_instances = instances;
    }

    /// Sets the most bytes of linear memory all memories may have together; memories
    /// made before keep the address space they reserved.
    pub fn set_max_total_memory_bytes(&mut self, bytes: u64) {
        self.config.max_total_memory_bytes = bytes;
    }

    /// The type of function `f`.
    #[inline]
    pub fn func_type(&self, f: FuncAddr) -> &FuncType {
        &self.funcs[f.0 as usize].ty
    }

    /// The runtime type number of function `f`'s type: equal for equivalent types, and
    /// what a concrete heap type of the runtime's types (`func_type`, `table_type`, ...)
    /// holds.
    #[inline]
    pub fn func_type_id(&self, f: FuncAddr) -> u32 {
        self.funcs[f.0 as usize].type_id
    }

    /// What the object an `anyref` cell refers to is: its runtime type's definition
    /// (a struct or array type), or `None` if the cell is no live object's.
    pub fn gc_object_type(&self, cell: u64) -> Option<&awe_module::SubType> {
        let o = self.gc.object(cell & !crate::gc::EXTERNALIZED)?;
        self.types.def(o.ty)
    }

    /// The abstract heap type a heap type of runtime type numbers stands under: `func`,
    /// `struct` or `array` for a concrete one (`none` for a number no type has), itself
    /// for an abstract one.
    pub fn abstract_heap(&self, h: awe_module::HeapType) -> awe_module::HeapType {
        use awe_module::{CompositeType as C, HeapType as H};
        match h.as_concrete() {
            Some(t) => match self.types.def(t.0).map(|d| &d.composite) {
                Some(C::Func(_)) => H::Func,
                Some(C::Struct(_)) => H::Struct,
                Some(C::Array(_)) => H::Array,
                None => H::None,
            },
            None => h,
        }
    }

    /// Whether runtime type `a` is `b` or a declared subtype of it.
    pub fn type_matches(&self, a: u32, b: u32) -> bool {
        self.types.matches(a, b)
    }

    /// Whether the non-null `anyref` cell `cell` is of heap type `h` (of runtime type
    /// numbers).
    pub fn any_matches(&self, cell: u64, h: awe_module::HeapType) -> bool {
        use crate::gc::AnyKind;
        use awe_module::HeapType as H;
        match (crate::gc::any_kind(cell), h) {
            (_, H::Any) => cell != 0,
            (AnyKind::I31(_), H::Eq | H::I31) => true,
            (AnyKind::Object(_), H::Concrete(t)) => self
                .gc
                .object(cell)
                .is_some_and(|o| self.types.matches(o.ty, t.get().0)),
            (AnyKind::Object(_), H::Eq | H::Struct | H::Array) => {
                let kind = self
                    .gc
                    .object(cell)
                    .map(|o| self.abstract_heap(H::concrete(awe_module::TypeIdx(o.ty))));
                h == H::Eq || kind == Some(h)
            }
            _ => false,
        }
    }

    /// The object an `anyref` cell refers to: its type's definition (of runtime type
    /// numbers) and its cells (a field or element a cell, a `v128` two, packed ones
    /// holding their bits), or `None` if the cell is no live object's.
    pub fn gc_object(&self, cell: u64) -> Option<(&awe_module::SubType, &[u64])> {
        let o = self.gc.object(cell & !crate::gc::EXTERNALIZED)?;
        Some((self.types.def(o.ty)?, &o.cells))
    }

    /// Keeps the object of cell `cell` (of the `any` or `extern` hierarchy) alive for as
    /// long as the runtime: the embedder holds a reference to it.
    pub fn hold_for_host(&self, cell: u64) {
        if self.gc.object(cell & !crate::gc::EXTERNALIZED).is_some() {
            let mut roots = self.gc.host_roots.lock().unwrap_or_else(|e| e.into_inner());
            roots.push(cell);
        }
    }

    /// GC's heap: the objects in it (live, or garbage not collected yet), the bytes
    /// they are counted for, and the collections so far.
    pub fn gc_stats(&self) -> (usize, usize, u64) {
        (self.gc.len(), self.gc.bytes, self.gc.collections)
    }

    /// The type of memory `m`, its current size in pages as minimum.
    pub fn memory_type(&self, m: MemAddr) -> MemType {
        self.memories[m.0 as usize].ty
    }

    /// The size of memory `m` in pages.
    pub fn memory_pages(&self, m: MemAddr) -> u64 {
        self.memories[m.0 as usize].pages()
    }

    /// The bytes of memory `m`.
    #[inline]
    pub fn memory_data(&self, m: MemAddr) -> &[u8] {
        self.memories[m.0 as usize].data.as_slice()
    }

    /// The bytes of memory `m`, mutably (its size cannot change through them).
    #[inline]
    pub fn memory_data_mut(&mut self, m: MemAddr) -> &mut [u8] {
        self.memories[m.0 as usize].data.as_mut_slice()
    }

    /// The type of table `t`, its current size as minimum.
    pub fn table_type(&self, t: TableAddr) -> TableType {
        self.tables[t.0 as usize].ty
    }

    /// The number of elements of table `t`.
    pub fn table_size(&self, t: TableAddr) -> u32 {
        self.tables[t.0 as usize].elements.len() as u32
    }

    /// Element `i` of table `t` as a reference cell, if there is one.
    #[inline]
    pub fn table_get(&self, t: TableAddr, i: u32) -> Option<u64> {
        self.tables[t.0 as usize].elements.get(i as usize).copied()
    }

    /// Sets element `i` of table `t` to reference cell `cell`, which must be of the
    /// table's element type and of this runtime (`0`, or a function's address + 1 for a
    /// `funcref` table).
    pub fn table_set(&mut self, t: TableAddr, i: u32, cell: u64) -> Result<(), TrapCode> {
        let slot = self.tables[t.0 as usize]
            .elements
            .get_mut(i as usize)
            .ok_or(TrapCode::TableOutOfBounds)?;
        *slot = cell;
        Ok(())
    }

    /// The type of global `g`.
    pub fn global_type(&self, g: GlobalAddr) -> GlobalType {
        self.globals[g.0 as usize].ty
    }

    /// The value of global `g` as 128 bits: a `v128` whole, any other type's cell
    /// zero-extended.
    pub fn global_value(&self, g: GlobalAddr) -> u128 {
        self.globals[g.0 as usize].value128()
    }

    /// Sets the value of global `g` from 128 bits (only a `v128` keeps the high half),
    /// mutable or not: the embedder checks mutability and the value's type.
    pub fn set_global_value(&mut self, g: GlobalAddr, value: u128) {
        self.globals[g.0 as usize].set_value128(value);
    }

    /// The export of instance `i` called `name`.
    pub fn export(&self, i: InstanceAddr, name: &str) -> Option<Extern> {
        self.exports(i).find(|&(n, _)| n == name).map(|(_, e)| e)
    }

    /// The type of tag `t`.
    pub fn tag_type(&self, t: TagAddr) -> &FuncType {
        &self.tags[t.0 as usize].ty
    }

    /// A new exception of tag `t`, with `payload` as its cells (one per parameter of the
    /// tag's type; the embedder checks their types), referenced by the caller.
    pub fn new_referenced_exception(&mut self, t: TagAddr, payload: &[u64]) -> ExnAddr {
        let e = self.new_exception(t, payload.into());
        self.reference_exception(e);
        e
    }

    /// Notes that a reference to exception `e` escapes to the embedder (it is then kept
    /// as long as the runtime).
    pub fn reference_exception(&mut self, e: ExnAddr) {
        if let Some(Some(x)) = self.exceptions.get_mut(e.0 as usize) {
            x.referenced = true;
        }
    }

    /// The tag and payload of exception `e`.
    pub fn exception(&self, e: ExnAddr) -> Option<(TagAddr, &[u64])> {
        let x = self.exceptions.get(e.0 as usize)?.as_ref()?;
        Some((x.tag, &x.payload))
    }

    /// Every export of instance `i`, in order, with its name.
    pub fn exports(&self, i: InstanceAddr) -> impl Iterator<Item = (&str, Extern)> + '_ {
        let inst = &self.instances[i.0 as usize];
        inst.code.module().exports.iter().map(move |e| {
            let ext = match e.desc {
                ExportDesc::Func(x) => Extern::Func(inst.funcs[x.index()]),
                ExportDesc::Table(x) => Extern::Table(inst.tables[x.index()]),
                ExportDesc::Memory(x) => Extern::Memory(inst.memories[x.index()]),
                ExportDesc::Global(x) => Extern::Global(inst.globals[x.index()]),
                ExportDesc::Tag(x) => Extern::Tag(inst.tags[x.index()]),
            };
            (e.name.as_str(), ext)
        })
    }
}

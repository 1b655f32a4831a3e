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

    /// Whether a value of type `a` may be used where `b` is expected, both of runtime
    /// type numbers.
    pub fn val_type_matches(&self, a: awe_module::ValType, b: awe_module::ValType) -> bool {
        self.types.val_matches(a, b)
    }

    /// A collection now, the host's request (the roots: the host's, and the wasm frames
    /// of the calls in progress, through their stack maps).
    pub fn gc_collect(&mut self) {
        let mut roots = Vec::new();
        let below = crate::exec::stack_roots(self, &[], &mut roots);
        self.collect_garbage(below, &roots);
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

    fn host_roots(&self) -> std::sync::MutexGuard<'_, crate::host_roots::HostRoots> {
        self.gc.host_roots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The host's roots without locking (`&mut`: no one else can reach them).
    fn host_roots_mut(&mut self) -> &mut crate::host_roots::HostRoots {
        self.gc
            .host_roots
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Roots the object of cell `cell` (of the `any` or `extern` hierarchy) for the host
    /// in the current scope (see [`Runtime::end_root_scope`]), or `None` if the cell is
    /// no object's (an `i31`, a host value, null: those need no root).
    pub fn root(&self, cell: u64) -> Option<crate::RootId> {
        self.gc.object(cell & !crate::gc::EXTERNALIZED)?;
        Some(self.host_roots().push(cell))
    }

    /// Roots the object of cell `cell` for the host until [`Runtime::unroot`] releases
    /// it, or `None` if the cell is no object's.
    pub fn root_manually(&self, cell: u64) -> Option<crate::RootId> {
        self.gc.object(cell & !crate::gc::EXTERNALIZED)?;
        Some(self.host_roots().push_manual(cell))
    }

    /// Releases manual root `id` (nothing if it was released already).
    pub fn unroot(&self, id: crate::RootId) {
        self.host_roots().release(id);
    }

    /// The cell root `id` holds, or `None` if its scope ended or it was released.
    pub fn rooted_cell(&self, id: crate::RootId) -> Option<u64> {
        self.host_roots().cell(id)
    }

    /// The current root scope: what [`Runtime::end_root_scope`] returns to.
    pub fn root_scope(&mut self) -> usize {
        self.host_roots_mut().scope()
    }

    /// Ends the root scope [`Runtime::root_scope`] returned as `mark`: the roots made since
    /// are released (and their handles dead).
    pub fn end_root_scope(&mut self, mark: usize) {
        self.host_roots_mut().pop_to(mark);
    }

    /// How many roots the host holds.
    pub fn host_root_count(&self) -> usize {
        self.host_roots().len()
    }

    /// The runtime number of a type the host defines: `t`, alone in its recursion group,
    /// its references runtime numbers already (every one below the registry's count,
    /// which [`Runtime::type_count`] gives).
    pub fn define_type(&mut self, t: awe_module::SubType) -> u32 {
        self.types.group(vec![t])
    }

    /// How many runtime type numbers there are.
    pub fn type_count(&self) -> u32 {
        self.types.defs().len() as u32
    }

    /// The definition of runtime type number `t`.
    pub fn type_def(&self, t: u32) -> Option<&awe_module::SubType> {
        self.types.def(t)
    }

    /// A new object of runtime type `ty` (a struct or array type) of `cells` cells
    /// (`len` elements for an array), which `fill` writes (the fields' or elements'
    /// cells in order, packed ones as their bits, a `v128` two), allocated for the host:
    /// collects first when the heap wants it (as [`Runtime::gc_collect`] does), and
    /// refuses what the store's limit does not allow
    /// before allocating anything.
    ///
    /// # Errors
    /// [`crate::TrapCode::GcHeapExhausted`] if the heap is full.
    pub fn gc_new(
        &mut self,
        ty: u32,
        cells: usize,
        len: u32,
        fill: impl FnOnce(&mut [u64]),
    ) -> Result<u64, crate::TrapCode> {
        self.gc_room(cells, Runtime::gc_collect)?;
        let mut v = vec![0; cells].into_boxed_slice();
        fill(&mut v);
        Ok(self.gc_insert(ty, v, len))
    }

    /// The runtime type number of the object of `cell`, if it is one.
    pub fn gc_object_type_id(&self, cell: u64) -> Option<u32> {
        self.gc
            .object(cell & !crate::gc::EXTERNALIZED)
            .map(|o| o.ty)
    }

    /// The cells of the object of `cell`, to change (see [`Runtime::gc_object`]).
    pub fn gc_object_cells_mut(&mut self, cell: u64) -> Option<&mut [u64]> {
        let o = self.gc.object_mut(cell & !crate::gc::EXTERNALIZED)?;
        Some(&mut o.cells)
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

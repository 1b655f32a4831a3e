//! [`Memory`], [`Table`] and [`Global`].

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, SEAL, inner_of, inner_of_mut, try_inner_of_mut};
use crate::values::{GlobalType, MemType, TableType, Val};
use awe_engine::{GlobalAddr, MemAddr, PAGE_SIZE, TableAddr, TrapCode};

/// A linear memory: a byte array of 64 KiB pages, shared by host and guest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: u64,
    pub(crate) addr: MemAddr,
}

impl Memory {
    /// A new memory of type `ty`, to be imported by modules.
    ///
    /// # Errors
    /// An invalid type (a minimum above the maximum, more than 65,536 pages), or one the
    /// store's limits refuse.
    pub fn new(mut store: impl AsContextMut, ty: MemType) -> Result<Memory> {
        let inner = store.store_inner_mut(SEAL);
        check_type(
            inner.rt.config().features,
            awe_module::Module {
                memories: vec![ty],
                ..Default::default()
            },
            "memory",
        )?;
        let (_, memories, _) = inner.rt.counts();
        inner.check_counts(0, memories + 1, 0)?;
        let (min, max) = (ty.limits.min, ty.limits.max);
        if !inner.memory_may_grow(0, min, max)? {
            return Err(Error::usage("the store's limiter refused the memory"));
        }
        let addr = inner.rt.add_memory(ty).map_err(Error::usage)?;
        Ok(Memory {
            store: inner.id,
            addr,
        })
    }

    /// The memory's type (with its current size as minimum).
    pub fn ty(&self, store: impl AsContext) -> MemType {
        inner_of(&store, self.store).rt.memory_type(self.addr)
    }

    /// The size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        inner_of(&store, self.store).rt.memory_pages(self.addr)
    }

    /// The size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.size(store) as usize * PAGE_SIZE
    }

    /// Grows by `delta` pages; returns the old size in pages.
    ///
    /// # Errors
    /// If the memory cannot grow that much (its maximum, the store's limits, the host's
    /// memory), or belongs to another store.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let inner = try_inner_of_mut(&mut store, self.store)?;
        let current = inner.rt.memory_pages(self.addr);
        let maximum = inner.rt.memory_type(self.addr).limits.max;
        let refused = || Error::usage(format!("cannot grow the memory by {delta} pages"));
        let desired = current.checked_add(delta).ok_or_else(refused)?;
        if delta > 0 && !inner.memory_may_grow(current, desired, maximum)? {
            return Err(refused());
        }
        inner.rt.grow_memory(self.addr, delta).ok_or_else(refused)
    }

    /// The bytes.
    pub fn data<'a, T: 'a>(&self, store: &'a impl AsContext<Data = T>) -> &'a [u8] {
        inner_of(store, self.store).rt.memory_data(self.addr)
    }

    /// The bytes, mutably.
    pub fn data_mut<'a, T: 'a>(&self, store: &'a mut impl AsContextMut<Data = T>) -> &'a mut [u8] {
        inner_of_mut(store, self.store)
            .rt
            .memory_data_mut(self.addr)
    }

    /// The bytes and the store's host data, both mutably at once: what a host function
    /// needs to move data between guest memory and its own state (e.g. WASI's file
    /// table) without copying.
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: &'a mut impl AsContextMut<Data = T>,
    ) -> (&'a mut [u8], &'a mut T) {
        let inner = inner_of_mut(store, self.store);
        (inner.rt.memory_data_mut(self.addr), &mut inner.data)
    }

    /// Copies bytes at `offset` into `buf`.
    ///
    /// # Errors
    /// If the bytes are not all inside the memory, or it belongs to another store.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let inner = store.store_inner(SEAL);
        inner.check(self.store)?;
        let data = inner.rt.memory_data(self.addr);
        let src = offset
            .checked_add(buf.len())
            .and_then(|end| data.get(offset..end))
            .ok_or_else(|| Error::usage("out of bounds memory access"))?;
        buf.copy_from_slice(src);
        Ok(())
    }

    /// Copies `buf` to `offset`.
    ///
    /// # Errors
    /// If the bytes are not all inside the memory, or it belongs to another store.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let data = try_inner_of_mut(&mut store, self.store)?
            .rt
            .memory_data_mut(self.addr);
        let dst = offset
            .checked_add(buf.len())
            .and_then(|end| data.get_mut(offset..end))
            .ok_or_else(|| Error::usage("out of bounds memory access"))?;
        dst.copy_from_slice(buf);
        Ok(())
    }
}

/// A table of references.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: u64,
    pub(crate) addr: TableAddr,
}

impl Table {
    /// A new table of type `ty`, every element `init`.
    ///
    /// # Errors
    /// If `init` is not of the table's element type or of another store, or the table is
    /// larger than the store's limits allow.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let inner = store.store_inner_mut(SEAL);
        if !init.matches(ty.elem.val_type(), &inner.rt) {
            return Err(Error::usage(
                "the initial value does not match the table's type",
            ));
        }
        let cell = init.to_cell(crate::values::Cx::of(inner))?;
        check_type(
            inner.rt.config().features,
            awe_module::Module {
                tables: vec![awe_module::Table::new(ty)],
                ..Default::default()
            },
            "table",
        )?;
        let (_, _, tables) = inner.rt.counts();
        inner.check_counts(0, 0, tables + 1)?;
        let (min, max) = (ty.limits.min, ty.limits.max);
        if !inner.table_may_grow(0, min, max)? {
            return Err(Error::usage("the store's limiter refused the table"));
        }
        let addr = inner.rt.add_table(ty, cell).map_err(Error::usage)?;
        Ok(Table {
            store: inner.id,
            addr,
        })
    }

    /// The table's type (with its current size as minimum).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        inner_of(&store, self.store).rt.table_type(self.addr)
    }

    /// The number of elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        u64::from(inner_of(&store, self.store).rt.table_size(self.addr))
    }

    /// Element `i`.
    pub fn get(&self, store: impl AsContext, i: u64) -> Option<Val> {
        let inner = inner_of(&store, self.store);
        let c = inner.rt.table_get(self.addr, u32::try_from(i).ok()?)?;
        let ty = inner.rt.table_type(self.addr).elem.val_type();
        Some(Val::from_cell(c, ty, crate::values::Cx::of(inner)))
    }

    /// Sets element `i`.
    ///
    /// # Errors
    /// If `i` is out of bounds, `v` is not of the element type or of another store, or the
    /// table belongs to another store.
    pub fn set(&self, mut store: impl AsContextMut, i: u64, v: Val) -> Result<()> {
        let inner = try_inner_of_mut(&mut store, self.store)?;
        let elem = inner.rt.table_type(self.addr).elem.val_type();
        if !v.matches(elem, &inner.rt) {
            return Err(Error::usage("the value does not match the table's type"));
        }
        let cell = v.to_cell(crate::values::Cx::of(inner))?;
        // A table's size is a `u32` (within the store's limit on elements).
        let i = u32::try_from(i).map_err(|_| Error::usage(TrapCode::TableOutOfBounds))?;
        inner.rt.table_set(self.addr, i, cell).map_err(Error::usage)
    }

    /// Grows by `delta` elements set to `init`; returns the old size.
    ///
    /// # Errors
    /// If the table cannot grow that much (its maximum, the store's limits), `init` does not
    /// fit, or the table belongs to another store.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let inner = try_inner_of_mut(&mut store, self.store)?;
        let cell = init.to_cell(crate::values::Cx::of(inner))?;
        let current = u64::from(inner.rt.table_size(self.addr));
        let maximum = inner.rt.table_type(self.addr).limits.max;
        let refused = || Error::usage(format!("cannot grow the table by {delta} elements"));
        let desired = current.checked_add(delta).ok_or_else(refused)?;
        let delta32 = u32::try_from(delta).map_err(|_| refused())?;
        if delta > 0 && !inner.table_may_grow(current, desired, maximum)? {
            return Err(refused());
        }
        inner
            .rt
            .grow_table(self.addr, delta32, cell)
            .map(u64::from)
            .ok_or_else(refused)
    }
}

/// A global variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: u64,
    pub(crate) addr: GlobalAddr,
}

impl Global {
    /// A new global of type `ty` holding `v`.
    ///
    /// # Errors
    /// If `v` is not of the global's type, or cannot be kept in one (a reference of another
    /// store).
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, v: Val) -> Result<Global> {
        let inner = store.store_inner_mut(SEAL);
        if !v.matches(ty.content, &inner.rt) {
            return Err(Error::usage("the value does not match the global's type"));
        }
        let value = v.to_global(crate::values::Cx::of(inner))?;
        let addr = inner.rt.add_global(ty, value);
        Ok(Global {
            store: inner.id,
            addr,
        })
    }

    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        inner_of(&store, self.store).rt.global_type(self.addr)
    }

    /// The value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let inner = inner_of(&store, self.store);
        let ty = inner.rt.global_type(self.addr);
        let v = inner.rt.global_value(self.addr);
        Val::from_global(v, ty.content, crate::values::Cx::of(inner))
    }

    /// Sets the value of a mutable global.
    ///
    /// # Errors
    /// If the global is immutable, `v` is not of its type, or either belongs to another
    /// store.
    pub fn set(&self, mut store: impl AsContextMut, v: Val) -> Result<()> {
        let inner = try_inner_of_mut(&mut store, self.store)?;
        let ty = inner.rt.global_type(self.addr);
        if ty.mutability != awe_module::Mutability::Var {
            return Err(Error::usage("the global is immutable"));
        }
        if !v.matches(ty.content, &inner.rt) {
            return Err(Error::usage("the value does not match the global's type"));
        }
        let value = v.to_global(crate::values::Cx::of(inner))?;
        inner.rt.set_global_value(self.addr, value);
        Ok(())
    }
}

/// Checks the type of a new memory or table (`what`), the one item of `module`, as
/// validation checks a module's, with the engine's features.
fn check_type(features: crate::WasmFeatures, module: awe_module::Module, what: &str) -> Result<()> {
    awe_validate::check_with(&module, features)
        .map_err(|e| Error::usage(format!("invalid {what} type: {e}")))
}

//! [`Instance`]s and their exports.

use crate::error::{Error, Result};
use crate::externals::{Global, Memory, Table};
use crate::func::{Func, TypedFunc, WasmParams, WasmResults};
use crate::module::Module;
use crate::store::{AsContext, AsContextMut, SEAL, WRONG_STORE, inner_of};
use awe_engine::{InstanceAddr, InstantiateError};

/// An import or export: a function, table, memory or global of a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
    /// A global.
    Global(Global),
    /// A tag.
    Tag(crate::Tag),
}

impl Extern {
    pub(crate) fn store(&self) -> u64 {
        match self {
            Extern::Func(x) => x.store,
            Extern::Table(x) => x.store,
            Extern::Memory(x) => x.store,
            Extern::Global(x) => x.store,
            Extern::Tag(x) => x.store,
        }
    }

    fn engine_extern(&self) -> awe_engine::Extern {
        match *self {
            Extern::Func(x) => awe_engine::Extern::Func(x.addr),
            Extern::Table(x) => awe_engine::Extern::Table(x.addr),
            Extern::Memory(x) => awe_engine::Extern::Memory(x.addr),
            Extern::Global(x) => awe_engine::Extern::Global(x.addr),
            Extern::Tag(x) => awe_engine::Extern::Tag(x.addr),
        }
    }

    /// The object of store `store` at engine address `e`.
    pub(crate) fn from_engine(store: u64, e: awe_engine::Extern) -> Extern {
        match e {
            awe_engine::Extern::Func(addr) => Extern::Func(Func { store, addr }),
            awe_engine::Extern::Table(addr) => Extern::Table(Table { store, addr }),
            awe_engine::Extern::Memory(addr) => Extern::Memory(Memory { store, addr }),
            awe_engine::Extern::Global(addr) => Extern::Global(Global { store, addr }),
            awe_engine::Extern::Tag(addr) => Extern::Tag(crate::Tag { store, addr }),
        }
    }

    /// The function, if it is one.
    pub fn into_func(self) -> Option<Func> {
        match self {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }

    /// The memory, if it is one.
    pub fn into_memory(self) -> Option<Memory> {
        match self {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }

    /// The table, if it is one.
    pub fn into_table(self) -> Option<Table> {
        match self {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The global, if it is one.
    pub fn into_global(self) -> Option<Global> {
        match self {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }

    /// The tag, if it is one.
    pub fn into_tag(self) -> Option<crate::Tag> {
        match self {
            Extern::Tag(t) => Some(t),
            _ => None,
        }
    }
}

impl From<crate::Tag> for Extern {
    fn from(t: crate::Tag) -> Self {
        Extern::Tag(t)
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Extern::Func(f)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Extern::Memory(m)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Extern::Table(t)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Extern::Global(g)
    }
}

/// An export of an instance: its name and the object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    name: String,
    item: Extern,
}

impl Export {
    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The object.
    pub fn into_extern(self) -> Extern {
        self.item
    }

    /// The object, if it is a function.
    pub fn into_func(self) -> Option<Func> {
        self.item.into_func()
    }

    /// The object, if it is a memory.
    pub fn into_memory(self) -> Option<Memory> {
        self.item.into_memory()
    }

    /// The object, if it is a table.
    pub fn into_table(self) -> Option<Table> {
        self.item.into_table()
    }

    /// The object, if it is a global.
    pub fn into_global(self) -> Option<Global> {
        self.item.into_global()
    }
}

/// An instance of a module in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: u64,
    pub(crate) addr: InstanceAddr,
}

impl Instance {
    /// Instantiates `module` with `imports` given in the order of its imports; runs
    /// its start function. (A [`crate::Linker`] finds imports by name.)
    ///
    /// # Errors
    /// An import of the wrong kind or type (`Error::Link`) or of another store, a module of
    /// another engine, the store's limits, or a trap of the start function.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        let inner = store.store_inner_mut(SEAL);
        if !std::sync::Arc::ptr_eq(&module.engine.inner, &inner.engine.inner) {
            return Err(Error::usage(
                "the module and the store belong to different engines",
            ));
        }
        if let Some(bad) = imports.iter().position(|e| e.store() != inner.id) {
            return Err(Error::usage(format!("import {bad}: {WRONG_STORE}")));
        }
        // What the module creates, as the store's limiter sees it.
        let m = module.code.module();
        let (instances, memories, tables) = inner.rt.counts();
        inner.check_counts(
            instances + 1,
            memories + m.memories.len(),
            tables + m.tables.len(),
        )?;
        for ty in &m.memories {
            let (min, max) = (ty.limits.min, ty.limits.max);
            if !inner.memory_may_grow(0, min, max)? {
                return Err(Error::usage(
                    "the store's limiter refused a memory of the module",
                ));
            }
        }
        for t in &m.tables {
            let (min, max) = (t.ty.limits.min, t.ty.limits.max);
            if !inner.table_may_grow(0, min, max)? {
                return Err(Error::usage(
                    "the store's limiter refused a table of the module",
                ));
            }
        }
        let externs: Vec<awe_engine::Extern> = imports.iter().map(Extern::engine_extern).collect();
        let (addr, start) = inner
            .rt
            .instantiate(&module.code, &externs)
            .map_err(|e| match e {
                InstantiateError::Link(m) => Error::Link(m),
                InstantiateError::Trap(t) => Error::Trap(t),
                InstantiateError::Unsupported(m) => Error::Usage(m),
            })?;
        if let Some(f) = start {
            awe_engine::call(inner, f, &[], &mut [])
                .map_err(|t| Error::from_trap(&mut inner.rt, inner.id, t))?;
        }
        Ok(Instance {
            store: inner.id,
            addr,
        })
    }

    /// The export called `name`.
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let inner = inner_of(&store, self.store);
        let e = inner.rt.export(self.addr, name)?;
        Some(Extern::from_engine(inner.id, e))
    }

    /// Every export, in order.
    pub fn exports(&self, store: impl AsContext) -> impl ExactSizeIterator<Item = Export> {
        let inner = inner_of(&store, self.store);
        inner
            .rt
            .exports(self.addr)
            .map(|(name, e)| Export {
                name: name.to_owned(),
                item: Extern::from_engine(inner.id, e),
            })
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// The exported function `name`.
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function `name` with Rust types, e.g.
    /// `get_typed_func::<(i32, i32), i32>(&store, "add")`.
    ///
    /// # Errors
    /// If there is no exported function `name`, or its type is not `Params -> Results`.
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let f = self
            .get_func(&store, name)
            .ok_or_else(|| Error::usage(format!("no exported function {name:?}")))?;
        f.typed(&store)
    }

    /// The exported memory `name`.
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported table `name`.
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global `name`.
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported tag `name`.
    pub fn get_tag(&self, store: impl AsContext, name: &str) -> Option<crate::Tag> {
        self.get_export(store, name)?.into_tag()
    }
}

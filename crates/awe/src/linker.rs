//! [`Linker`]: imports by name.

use crate::error::{Error, Result};
use crate::func::{Func, IntoFunc};
use crate::instance::{Extern, Instance};
use crate::module::Module;
use crate::store::AsContextMut;
use std::collections::HashMap;

/// Definitions by module and item name, used to instantiate modules.
pub struct Linker<T> {
    defs: HashMap<(String, String), Extern>,
    _marker: std::marker::PhantomData<fn(T)>,
}

impl<T> Default for Linker<T> {
    fn default() -> Self {
        Linker {
            defs: HashMap::new(),
            _marker: std::marker::PhantomData,
        }
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Defines `module`.`name` as `item`.
    pub fn define(&mut self, module: &str, name: &str, item: impl Into<Extern>) -> &mut Self {
        self.defs
            .insert((module.to_owned(), name.to_owned()), item.into());
        self
    }

    /// Defines `module`.`name` as a host function made from a closure (see
    /// [`Func::wrap`]).
    pub fn func_wrap<Params, Results>(
        &mut self,
        store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> &mut Self {
        let func = Func::wrap(store, f);
        self.define(module, name, func)
    }

    /// Defines every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> &mut Self {
        for (name, item) in instance.exports(&store) {
            self.define(module, &name, item);
        }
        self
    }

    /// The definition of `module`.`name`.
    pub fn get(&self, module: &str, name: &str) -> Option<Extern> {
        self.defs
            .get(&(module.to_owned(), name.to_owned()))
            .copied()
    }

    /// Instantiates `module`, finding each import by its names.
    pub fn instantiate(
        &self,
        store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        let imports = module
            .imports()
            .into_iter()
            .map(|i| {
                self.get(&i.module, &i.name).ok_or_else(|| {
                    Error::Link(format!("unknown import: {:?} {:?}", i.module, i.name))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Instance::new(store, module, &imports)
    }
}

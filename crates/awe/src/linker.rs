//! [`Linker`]: imports by name, for one engine and any number of stores; and
//! [`InstancePre`], a module whose imports were resolved once.

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::func::{Func, IntoFunc, add_host, host_from_vals};
use crate::instance::{Extern, Instance};
use crate::module::{ExternType, Module};
use crate::store::{AsContext, AsContextMut, Caller, HostFn, SEAL, StoreInner, WRONG_STORE};
use crate::values::{FuncType, Val};
use std::collections::HashMap;
use std::sync::Arc;

/// A host function as a linker holds it: of no store until a store uses it.
pub(crate) struct HostFuncDef<T> {
    pub(crate) ty: FuncType,
    pub(crate) func: HostFn<T>,
}

/// What a name is defined as.
enum Definition<T> {
    /// An object of one store (an instance's export, a memory made by the host, ...).
    Extern(Extern),
    /// A host function, which becomes a function of each store that uses it (once per
    /// store).
    Host(Arc<HostFuncDef<T>>),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::Host(h) => Definition::Host(h.clone()),
        }
    }
}

impl<T> Definition<T> {
    /// The definition as an object of `store`: a host function made a function of the
    /// store the first time the store uses it.
    fn to_extern(&self, store: &mut StoreInner<T>) -> Extern {
        match self {
            Definition::Extern(e) => *e,
            Definition::Host(h) => Extern::Func(store_host_func(store, h)),
        }
    }
}

/// `h` as a function of `store`, made once per store.
fn store_host_func<T>(store: &mut StoreInner<T>, h: &Arc<HostFuncDef<T>>) -> Func {
    // The key is the definition's address; the store keeps the definition alive with
    // it, so the address is never another definition's.
    let key = Arc::as_ptr(h) as usize;
    if let Some((_, f)) = store.linked.get(&key) {
        return *f;
    }
    let f = add_host(store, h.ty.clone(), h.func.clone());
    store.linked.insert(key, (h.clone(), f));
    f
}

/// Definitions by module and item name, used to instantiate modules: host functions
/// (of no store; each store that uses one gets its own function) and objects of stores.
/// Made for one engine; one linker (behind an `Arc`, or cloned) serves any number of
/// stores and threads.
///
/// Defining a name twice is an error unless [`Linker::allow_shadowing`] says otherwise.
pub struct Linker<T> {
    engine: Engine,
    defs: HashMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T> std::fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<_> = self.defs.keys().collect();
        names.sort();
        f.debug_struct("Linker")
            .field("names", &names)
            .field("allow_shadowing", &self.allow_shadowing)
            .finish()
    }
}

impl<T> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Linker {
            engine: self.engine.clone(),
            defs: self.defs.clone(),
            allow_shadowing: self.allow_shadowing,
        }
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker for modules and stores of `engine`.
    pub fn new(engine: &Engine) -> Self {
        Linker {
            engine: engine.clone(),
            defs: HashMap::new(),
            allow_shadowing: false,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether defining a name again replaces its definition (off: it is an error).
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<()> {
        let key = (module.to_owned(), name.to_owned());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            return Err(Error::Link(format!(
                "{module:?} {name:?} is defined twice (see Linker::allow_shadowing)"
            )));
        }
        self.defs.insert(key, def);
        Ok(())
    }

    fn insert_host(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        func: HostFn<T>,
    ) -> Result<()> {
        self.insert(
            module,
            name,
            Definition::Host(Arc::new(HostFuncDef { ty, func })),
        )
    }

    /// Defines `module`.`name` as `item`, an object of `store`.
    ///
    /// # Errors
    /// If the name is defined already, or `item` belongs to another store.
    pub fn define(
        &mut self,
        store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        let item = item.into();
        store.store_inner(SEAL).check(item.store())?;
        self.insert(module, name, Definition::Extern(item))?;
        Ok(self)
    }

    /// Defines `module`.`name` as a host function made from a closure with typed
    /// parameters and results (see [`Func::wrap`]); of no store: every store that
    /// instantiates with it gets its own function.
    ///
    /// # Errors
    /// If the name is defined already.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        let (ty, func) = f.into_func();
        self.insert_host(module, name, ty, func)?;
        Ok(self)
    }

    /// Defines `module`.`name` as a host function of type `ty` over [`Val`]s (see
    /// [`Func::new`]); of no store, like [`Linker::func_wrap`]'s.
    ///
    /// # Errors
    /// If the name is defined already.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let func = host_from_vals(ty.clone(), f);
        self.insert_host(module, name, ty, func)?;
        Ok(self)
    }

    /// Defines every export of `instance` (of `store`) under the module name `module`.
    ///
    /// # Errors
    /// If a name is defined already, or `instance` belongs to another store.
    pub fn instance(
        &mut self,
        store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        let inner = store.store_inner(SEAL);
        inner.check(instance.store)?;
        for e in instance.exports(&store) {
            let name = e.name().to_owned();
            self.insert(module, &name, Definition::Extern(e.into_extern()))?;
        }
        Ok(self)
    }

    /// Defines the exports of `module` under the name `module_name`, as WASI's two
    /// kinds of program want:
    /// - a *command* (it exports `_start`): each exported function, when called, makes
    ///   a new instance of the module (with this linker's definitions as they are now)
    ///   and calls its export there, so that every call starts from a fresh state;
    /// - a *reactor* (any other module): one instance, made now in `store`, whose
    ///   `_initialize` export is called first if it has one; all its exports are defined.
    ///
    /// # Errors
    /// If instantiating (or `_initialize`) fails, or a name is defined already.
    pub fn module(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module_name: &str,
        module: &Module,
    ) -> Result<&mut Self> {
        let exports = module.exports();
        if exports.iter().any(|e| e.name == "_start") {
            for e in exports {
                let ExternType::Func(ty) = e.ty else { continue };
                let linker = self.clone();
                let module = module.clone();
                let name = e.name.clone();
                let func = host_from_vals(ty.clone(), move |mut caller, args, results| {
                    let inst = linker.instantiate(&mut caller, &module)?;
                    let f = inst
                        .get_func(&caller, &name)
                        .ok_or_else(|| Error::usage(format!("no exported function {name:?}")))?;
                    f.call(&mut caller, args, results)
                });
                self.insert_host(module_name, &e.name, ty, func)?;
            }
        } else {
            let inst = self.instantiate(&mut store, module)?;
            if let Some(init) = inst.get_func(&store, "_initialize") {
                init.call(&mut store, &[], &mut [])?;
            }
            self.instance(&mut store, module_name, inst)?;
        }
        Ok(self)
    }

    /// Defines `as_module`.`as_name` as whatever `module`.`name` is.
    ///
    /// # Errors
    /// If `module`.`name` is not defined, or `as_module`.`as_name` is already.
    pub fn alias(
        &mut self,
        module: &str,
        name: &str,
        as_module: &str,
        as_name: &str,
    ) -> Result<&mut Self> {
        let def = self
            .defs
            .get(&(module.to_owned(), name.to_owned()))
            .cloned()
            .ok_or_else(|| Error::Link(format!("{module:?} {name:?} is not defined")))?;
        self.insert(as_module, as_name, def)?;
        Ok(self)
    }

    /// Defines every name of module `module` under the module name `as_module` too.
    ///
    /// # Errors
    /// If one of the new names is defined already.
    pub fn alias_module(&mut self, module: &str, as_module: &str) -> Result<&mut Self> {
        let items: Vec<(String, Definition<T>)> = self
            .defs
            .iter()
            .filter(|((m, _), _)| m == module)
            .map(|((_, n), d)| (n.clone(), d.clone()))
            .collect();
        for (name, def) in items {
            self.insert(as_module, &name, def)?;
        }
        Ok(self)
    }

    /// Defines each function import of `module` that this linker lacks as a function
    /// that traps when called (a module can then be instantiated for the functions it
    /// does not use).
    ///
    /// # Errors
    /// None today; a `Result` as wasmtime's, for definitions that could fail.
    pub fn define_unknown_imports_as_traps(&mut self, module: &Module) -> Result<()> {
        for i in module.imports() {
            let ExternType::Func(ty) = i.ty else { continue };
            if self.defs.contains_key(&(i.module.clone(), i.name.clone())) {
                continue;
            }
            let what = format!("{:?} {:?}", i.module, i.name);
            let func = host_from_vals(ty.clone(), move |_, _, _| {
                Err(Error::usage(format!("unknown import {what} was called")))
            });
            self.insert_host(&i.module, &i.name, ty, func)?;
        }
        Ok(())
    }

    /// The definition of `module`.`name` as an object of `store`.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self.defs.get(&(module.to_owned(), name.to_owned()))?;
        Some(def.to_extern(store.store_inner_mut(SEAL)))
    }

    /// The function a WASI-style runner calls for module `module`: its export `""`
    /// (the default), else `_start`; a function that does nothing if it has neither.
    ///
    /// # Errors
    /// If the definition found is not a function.
    pub fn get_default(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
    ) -> Result<Func> {
        for name in ["", "_start"] {
            if let Some(e) = self.get(&mut store, module, name) {
                return e
                    .into_func()
                    .ok_or_else(|| Error::usage(format!("{module:?} {name:?} is not a function")));
            }
        }
        Ok(Func::wrap(&mut store, || {}))
    }

    /// Instantiates `module` in `store`, finding each import by its names.
    ///
    /// # Errors
    /// An unknown import or one of the wrong type (`Error::Link`), an object of another
    /// store, or a trap of the start function.
    pub fn instantiate(
        &self,
        store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        self.instantiate_pre(module)?.instantiate(store)
    }

    /// Resolves `module`'s imports once, checking the host functions' types, for
    /// instantiating it many times (in any store, when every import is a host function).
    ///
    /// # Errors
    /// An unknown import, a host function of the wrong type, or a module of another
    /// engine.
    pub fn instantiate_pre(&self, module: &Module) -> Result<InstancePre<T>> {
        if !Arc::ptr_eq(&module.engine.inner, &self.engine.inner) {
            return Err(Error::usage(
                "the module and the linker belong to different engines",
            ));
        }
        let imports = module
            .imports()
            .into_iter()
            .map(|i| {
                let def = self
                    .defs
                    .get(&(i.module.clone(), i.name.clone()))
                    .ok_or_else(|| {
                        Error::Link(format!("unknown import: {:?} {:?}", i.module, i.name))
                    })?;
                if let (Definition::Host(h), ExternType::Func(want)) = (def, &i.ty)
                    && h.ty != *want
                {
                    return Err(Error::Link(format!(
                        "incompatible import type for {:?} {:?}: expected {want}, got {}",
                        i.module, i.name, h.ty
                    )));
                }
                Ok(def.clone())
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(InstancePre {
            module: module.clone(),
            imports,
        })
    }
}

/// A module with its imports resolved by a [`Linker`] ([`Linker::instantiate_pre`]):
/// instantiating it again and again skips the look-ups and type checks of host
/// functions.
pub struct InstancePre<T> {
    module: Module,
    imports: Vec<Definition<T>>,
}

impl<T> std::fmt::Debug for InstancePre<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InstancePre")
            .field("imports", &self.imports.len())
            .finish()
    }
}

impl<T> Clone for InstancePre<T> {
    fn clone(&self) -> Self {
        InstancePre {
            module: self.module.clone(),
            imports: self.imports.clone(),
        }
    }
}

impl<T: 'static> InstancePre<T> {
    /// The module.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// A new instance in `store`.
    ///
    /// # Errors
    /// An import of the wrong type or of another store (objects of stores resolved by
    /// the linker belong to the store they were defined with), or a trap of the start
    /// function.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>) -> Result<Instance> {
        let inner = store.store_inner_mut(SEAL);
        let mut imports = Vec::with_capacity(self.imports.len());
        for def in &self.imports {
            let e = def.to_extern(inner);
            if e.store() != inner.id {
                return Err(Error::usage(format!(
                    "import {}: {WRONG_STORE}",
                    imports.len()
                )));
            }
            imports.push(e);
        }
        Instance::new(store, &self.module, &imports)
    }
}

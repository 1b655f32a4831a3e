//! [`Store`]: owns every instance and object, and the host's data `T`.

use crate::engine::{Engine, StoreEpoch};
use crate::error::{Error, Result, Trap, TrapReason};
use crate::func::Func;
use crate::instance::{Extern, Instance};
use crate::limiter::{LimiterFn, ResourceLimiter};
use crate::linker::HostFuncDef;
use crate::values::Val;
use awe_engine::{Host, InstanceAddr, Runtime};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_STORE: AtomicU64 = AtomicU64::new(1);

/// A host function as the store keeps it: on cells, typed by `ty`.
pub(crate) type HostFn<T> =
    Arc<dyn Fn(Caller<'_, T>, &[u64], &mut [u64]) -> Result<()> + Send + Sync + 'static>;

/// Everything of a store but the handle. Public in name only: this module is private
/// and the crate does not export it, so an embedder can neither name it nor reach one
/// (the accessors of [`AsContext`] take a [`Seal`]).
pub struct StoreInner<T> {
    pub(crate) id: u64,
    pub(crate) engine: Engine,
    pub(crate) rt: Runtime,
    pub(crate) host_funcs: Vec<HostFn<T>>,
    /// The functions made of linkers' host functions in this store, by the address of
    /// their definition (kept alive here, so no other definition can have it).
    pub(crate) linked: HashMap<usize, (Arc<HostFuncDef<T>>, Func)>,
    /// The host values of the store's `externref`s, by index (see [`crate::ExternRef`]).
    pub(crate) externs: Vec<Box<dyn std::any::Any + Send + Sync>>,
    /// What reaching the epoch deadline does, if not the trap.
    pub(crate) epoch_callback: Option<EpochCallback<T>>,
    /// The host's limiter, found in `data` (see [`Store::limiter`]).
    pub(crate) limiter: Option<LimiterFn<T>>,
    /// The epoch deadline, once set (the engine keeps a weak reference to it).
    pub(crate) epoch: Option<Arc<StoreEpoch>>,
    pub(crate) data: T,
}

/// Owns all WebAssembly state of a group of instances: functions, memories, tables,
/// globals, and the host data `T` that host functions reach through [`Caller`].
pub struct Store<T> {
    pub(crate) inner: StoreInner<T>,
}

impl<T> Store<T> {
    /// A new store of `engine` holding `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        Store {
            inner: StoreInner {
                id: NEXT_STORE.fetch_add(1, Ordering::Relaxed),
                engine: engine.clone(),
                rt: Runtime::new(engine.config().runtime.clone()),
                host_funcs: Vec::new(),
                linked: HashMap::new(),
                epoch: None,
                epoch_callback: None,
                limiter: None,
                externs: Vec::new(),
                data,
            },
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The host data, taking the store apart (every object of the store goes with it).
    pub fn into_data(self) -> T {
        self.inner.data
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.inner.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.inner.data
    }

    /// Gives the store `fuel` units (each wasm instruction uses about one). Needs
    /// [`crate::Config::consume_fuel`].
    ///
    /// # Errors
    /// If fuel is not enabled in the engine's config.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        if !self.inner.rt.config().fuel {
            return Err(Error::usage("fuel is not enabled in the engine's config"));
        }
        self.inner.rt.set_fuel(fuel);
        Ok(())
    }

    /// The store's GC heap: its objects (live, or garbage not collected yet), the bytes
    /// they are counted for, and how many collections ran.
    pub fn gc_stats(&self) -> GcStats {
        self.inner.gc_stats()
    }

    /// Collects garbage now: frees every GC object that neither wasm nor the host holds
    /// (the heap collects by itself as it grows; this is for an embedder that knows
    /// it has just dropped much).
    pub fn gc(&mut self) {
        self.inner.rt.gc_collect();
    }

    /// The fuel left.
    ///
    /// # Errors
    /// If fuel is not enabled in the engine's config.
    pub fn get_fuel(&self) -> Result<u64> {
        if !self.inner.rt.config().fuel {
            return Err(Error::usage("fuel is not enabled in the engine's config"));
        }
        Ok(self.inner.rt.fuel())
    }

    /// A handle that another thread can use to stop the call running in this store: the
    /// call traps with "interrupted" at its next call, or its next loop iteration when
    /// the engine is [interruptible](crate::Config::interruptible) or counts fuel. A
    /// request stops the call that runs when it is made (calls it makes through host
    /// functions included); one made while no call runs is dropped, so a late request
    /// never stops a later call.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            flag: self.inner.rt.interrupt_flag(),
            requested: self.inner.rt.interrupt_request_flag(),
        }
    }

    /// Lets `f` decide what reaching the epoch deadline does (instead of the trap): it
    /// gets the store, like a host function, and returns
    /// [`UpdateDeadline::Continue`]`(ticks)` to go on with a new deadline that many
    /// epochs on, or an error, which traps. An explicit interrupt
    /// ([`InterruptHandle`]) still traps.
    pub fn epoch_deadline_callback(
        &mut self,
        f: impl FnMut(Caller<'_, T>) -> Result<UpdateDeadline> + Send + Sync + 'static,
    ) {
        self.inner.epoch_callback = Some(Box::new(f));
    }

    /// Sets the store's epoch deadline `ticks` epochs from the engine's current one: when
    /// [`Engine::increment_epoch`] reaches it, the running call is interrupted at its
    /// next checkpoint (loops check when the engine has
    /// [`epoch_interruption`](crate::Config::epoch_interruption)), and a call that
    /// starts at or past it is interrupted at its first; the trap is "interrupted". Set
    /// it again before each call that should get a budget of its own.
    pub fn set_epoch_deadline(&mut self, ticks: u64) {
        let epochs = self.inner.engine.epochs.clone();
        let deadline = epochs.now.load(Ordering::Relaxed).saturating_add(ticks);
        let flag = self.inner.rt.interrupt_flag();
        let epoch = self.inner.epoch.get_or_insert_with(|| {
            let e = Arc::new(StoreEpoch {
                deadline: AtomicU64::new(u64::MAX),
                flag,
            });
            epochs.register(&e);
            e
        });
        epoch.deadline.store(deadline, Ordering::Relaxed);
        self.inner
            .rt
            .set_epoch_deadline(epochs.now.clone(), deadline);
    }

    /// Makes reaching the epoch deadline trap ("interrupted"), the default: removes an
    /// [`epoch_deadline_callback`](Store::epoch_deadline_callback).
    pub fn epoch_deadline_trap(&mut self) {
        self.inner.epoch_callback = None;
    }

    /// Installs a [`ResourceLimiter`] found in the store's data, as wasmtime's:
    /// `store.limiter(|data| &mut data.limiter)`. It decides on every growth of a
    /// memory or table (within their maxima and the [`StoreLimits`]) and caps the
    /// number of instances, memories and tables.
    pub fn limiter(
        &mut self,
        f: impl (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync + 'static,
    ) {
        self.inner.limiter = Some(Box::new(f));
    }

    /// Limits of the store's resources, enforced by the engine.
    pub fn limits(&mut self, limits: StoreLimits) {
        let rt = &mut self.inner.rt;
        if let Some(p) = limits.memory_pages {
            rt.set_max_memory_pages(p);
        }
        if let Some(e) = limits.table_elements {
            rt.set_max_table_elements(e);
        }
        if let Some(i) = limits.instances {
            rt.set_max_instances(i);
        }
        if let Some(b) = limits.total_memory_bytes {
            rt.set_max_total_memory_bytes(b);
        }
    }
}

/// A store of a default engine, holding `T::default()`.
impl<T: Default> Default for Store<T> {
    fn default() -> Self {
        Store::new(&Engine::default(), T::default())
    }
}

/// Stops a running call from another thread (see [`Store::interrupt_handle`]).
#[derive(Clone, Debug)]
pub struct InterruptHandle {
    flag: Arc<std::sync::atomic::AtomicBool>,
    requested: Arc<std::sync::atomic::AtomicBool>,
}

/// What an [epoch deadline callback](Store::epoch_deadline_callback) decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateDeadline {
    /// Go on; the next deadline is this many epochs from now.
    Continue(u64),
}

impl InterruptHandle {
    /// Asks the store's running call to stop (at its next checkpoint). Nothing happens
    /// if no call is running: a call that starts later is not stopped.
    pub fn interrupt(&self) {
        self.requested.store(true, Ordering::Relaxed);
        self.flag.store(true, Ordering::Relaxed);
    }
}

/// Limits of a store's resources (see [`Store::limits`]); `None` keeps the default.
#[derive(Clone, Copy, Debug, Default)]
pub struct StoreLimits {
    /// The most pages any memory may have.
    pub memory_pages: Option<u64>,
    /// The most elements any table may have.
    pub table_elements: Option<u32>,
    /// The most instances.
    pub instances: Option<usize>,
    /// The most bytes of linear memory all the store's memories may have together (the
    /// sum of their current sizes; default 4 GiB, see
    /// [`crate::Config::max_total_memory_bytes`]). A `memory.grow` past it returns -1;
    /// instantiating a module whose memories would pass it fails. Set it before
    /// creating memories: each reserves address space up to the limit in force then.
    pub total_memory_bytes: Option<u64>,
}

/// What using a handle with another store than its own is told.
pub(crate) const WRONG_STORE: &str = "object used with a store it does not belong to";

impl<T> StoreInner<T> {
    /// An error unless an object of store `store` belongs to this one.
    fn gc_stats(&self) -> GcStats {
        let (objects, bytes, collections) = self.rt.gc_stats();
        GcStats {
            objects,
            bytes,
            collections,
            host_roots: self.rt.host_root_count(),
        }
    }

    pub(crate) fn check(&self, store: u64) -> Result<()> {
        if store != self.id {
            return Err(Error::usage(WRONG_STORE));
        }
        Ok(())
    }
}

/// The inside of `store`, for an object of store `owner`.
///
/// # Panics
/// If `store` is another store than `owner` (as wasmtime does): a handle never reads
/// or changes the objects of a store it does not belong to.
#[track_caller]
pub(crate) fn inner_of<S: AsContext + ?Sized>(store: &S, owner: u64) -> &StoreInner<S::Data> {
    let inner = store.store_inner(SEAL);
    assert!(inner.id == owner, "{WRONG_STORE}");
    inner
}

/// [`inner_of`], mutably.
#[track_caller]
pub(crate) fn inner_of_mut<S: AsContextMut + ?Sized>(
    store: &mut S,
    owner: u64,
) -> &mut StoreInner<S::Data> {
    let inner = store.store_inner_mut(SEAL);
    assert!(inner.id == owner, "{WRONG_STORE}");
    inner
}

/// [`inner_of_mut`], with an error rather than a panic.
pub(crate) fn try_inner_of_mut<S: AsContextMut + ?Sized>(
    store: &mut S,
    owner: u64,
) -> Result<&mut StoreInner<S::Data>> {
    let inner = store.store_inner_mut(SEAL);
    inner.check(owner)?;
    Ok(inner)
}

/// An epoch deadline callback as the store keeps it.
pub(crate) type EpochCallback<T> =
    Box<dyn FnMut(Caller<'_, T>) -> Result<UpdateDeadline> + Send + Sync + 'static>;

/// A host function's or limiter's error as a trap of the instruction that called it.
fn host_trap(e: Error) -> Trap {
    match e {
        Error::Trap(t) => t,
        // (The exception's store is checked by the caller: `call_host`.)
        Error::Exception(x) => Trap::from_reason(TrapReason::Exception(x.addr)),
        Error::Host(e) => Trap::from_reason(TrapReason::Host(e)),
        other => Trap::from_reason(TrapReason::Host(Box::new(other))),
    }
}

impl<T> StoreInner<T> {
    /// The limiter's answer to a memory growing from `current` to `desired` pages (yes
    /// without a limiter).
    pub(crate) fn memory_may_grow(
        &mut self,
        current: u64,
        desired: u64,
        maximum: Option<u64>,
    ) -> Result<bool> {
        let Some(f) = &mut self.limiter else {
            return Ok(true);
        };
        let bytes = |p: u64| usize::try_from(p.saturating_mul(65_536)).unwrap_or(usize::MAX);
        f(&mut self.data).memory_growing(bytes(current), bytes(desired), maximum.map(bytes))
    }

    /// The limiter's answer to a table growing from `current` to `desired` elements.
    pub(crate) fn table_may_grow(
        &mut self,
        current: u64,
        desired: u64,
        maximum: Option<u64>,
    ) -> Result<bool> {
        let Some(f) = &mut self.limiter else {
            return Ok(true);
        };
        let n = |e: u64| usize::try_from(e).unwrap_or(usize::MAX);
        f(&mut self.data).table_growing(n(current), n(desired), maximum.map(n))
    }

    /// Whether the limiter lets the store have `instances`, `memories` and `tables` in
    /// all (an error naming what it refuses if not).
    pub(crate) fn check_counts(
        &mut self,
        instances: usize,
        memories: usize,
        tables: usize,
    ) -> Result<()> {
        let Some(f) = &mut self.limiter else {
            return Ok(());
        };
        let l = f(&mut self.data);
        for (what, n, max) in [
            ("instances", instances, l.instances()),
            ("memories", memories, l.memories()),
            ("tables", tables, l.tables()),
        ] {
            if n > max {
                return Err(Error::usage(format!(
                    "the store's limiter allows {max} {what}, {n} wanted"
                )));
            }
        }
        Ok(())
    }
}

impl<T> Host for StoreInner<T> {
    fn runtime(&mut self) -> &mut Runtime {
        &mut self.rt
    }

    fn interrupted(&mut self) -> std::result::Result<(), Trap> {
        let interrupted = || Trap::new(awe_engine::TrapCode::Interrupted);
        if self
            .rt
            .interrupt_request_flag()
            .swap(false, Ordering::Relaxed)
        {
            return Err(interrupted());
        }
        let now = self.engine.epochs.now.load(Ordering::Relaxed);
        let Some(epoch) = &self.epoch else {
            return Err(interrupted());
        };
        if now < epoch.deadline.load(Ordering::Relaxed) {
            // Set for a deadline that has moved on since: nothing to do.
            return Ok(());
        }
        let Some(mut callback) = self.epoch_callback.take() else {
            return Err(interrupted());
        };
        let decided = callback(Caller {
            store: self,
            instance: None,
        });
        // The callback may have installed another; the first one stays otherwise.
        self.epoch_callback.get_or_insert(callback);
        match decided.map_err(host_trap)? {
            UpdateDeadline::Continue(ticks) => {
                let deadline = now.saturating_add(ticks);
                if let Some(e) = &self.epoch {
                    e.deadline.store(deadline, Ordering::Relaxed);
                }
                let epochs = self.engine.epochs.now.clone();
                self.rt.set_epoch_deadline(epochs, deadline);
                Ok(())
            }
        }
    }

    fn memory_growing(
        &mut self,
        _m: awe_engine::MemAddr,
        current: u64,
        desired: u64,
        maximum: Option<u64>,
    ) -> std::result::Result<bool, Trap> {
        self.memory_may_grow(current, desired, maximum)
            .map_err(host_trap)
    }

    fn table_growing(
        &mut self,
        _t: awe_engine::TableAddr,
        current: u64,
        desired: u64,
        maximum: Option<u64>,
    ) -> std::result::Result<bool, Trap> {
        self.table_may_grow(current, desired, maximum)
            .map_err(host_trap)
    }

    fn call_host(
        &mut self,
        id: u32,
        caller: Option<InstanceAddr>,
        args: &[u64],
        results: &mut [u64],
    ) -> std::result::Result<(), Trap> {
        let Some(f) = self.host_funcs.get(id as usize) else {
            return Err(Trap::from_reason(TrapReason::Unsupported(format!(
                "no host function {id}"
            ))));
        };
        let func = f.clone();
        let store = self.id;
        // The references the host function is handed are rooted for its call.
        let mark = self.rt.root_scope();
        let caller = Caller {
            store: self,
            instance: caller.map(|a| Instance { store, addr: a }),
        };
        let done = func(caller, args, results);
        self.rt.end_root_scope(mark);
        done.map_err(|e| match e {
            Error::Exception(x) if x.store != store => Trap::from_reason(TrapReason::Host(
                Box::new(Error::usage(crate::store::WRONG_STORE)),
            )),
            e => host_trap(e),
        })
    }
}

/// What a host function gets: the store (its data, memories, ...) and the instance
/// that called it.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut StoreInner<T>,
    pub(crate) instance: Option<Instance>,
}

impl<T> Caller<'_, T> {
    /// The store's GC heap (see [`Store::gc_stats`]).
    pub fn gc_stats(&self) -> GcStats {
        self.store.gc_stats()
    }

    /// Collects garbage now (see [`Store::gc`]): the wasm calls in progress keep what
    /// their frames hold.
    pub fn gc(&mut self) {
        self.store.rt.gc_collect();
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.store.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.store.data
    }

    /// The fuel left (see [`Store::get_fuel`]).
    ///
    /// # Errors
    /// If fuel is not enabled in the engine's config.
    pub fn get_fuel(&self) -> Result<u64> {
        if !self.store.rt.config().fuel {
            return Err(Error::usage("fuel is not enabled in the engine's config"));
        }
        Ok(self.store.rt.fuel())
    }

    /// Sets the fuel left (see [`Store::set_fuel`]): a host function can charge for
    /// its work, or grant more.
    ///
    /// # Errors
    /// If fuel is not enabled in the engine's config.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        if !self.store.rt.config().fuel {
            return Err(Error::usage("fuel is not enabled in the engine's config"));
        }
        self.store.rt.set_fuel(fuel);
        Ok(())
    }

    /// An export of the calling instance, e.g. its memory.
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        self.instance?.get_export(self, name)
    }
}

/// The key to a store's inside: only this crate can make one ([`SEAL`]), so only this
/// crate can call the accessors of [`AsContext`] and [`AsContextMut`] or implement them.
pub struct Seal {
    _private: (),
}

/// The one [`Seal`].
pub(crate) const SEAL: Seal = Seal { _private: () };

/// Anything that gives read access to a store: `&Store<T>`, `&Caller<T>`, ... Implemented
/// by this crate's types only.
pub trait AsContext {
    /// The host data type.
    type Data;
    #[doc(hidden)]
    fn store_inner(&self, seal: Seal) -> &StoreInner<Self::Data>;
}

/// Anything that gives write access to a store: `&mut Store<T>`, `&mut Caller<T>`, ...
/// Implemented by this crate's types only.
pub trait AsContextMut: AsContext {
    #[doc(hidden)]
    fn store_inner_mut(&mut self, seal: Seal) -> &mut StoreInner<Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn store_inner(&self, _: Seal) -> &StoreInner<T> {
        &self.inner
    }
}

impl<T> AsContextMut for Store<T> {
    fn store_inner_mut(&mut self, _: Seal) -> &mut StoreInner<T> {
        &mut self.inner
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn store_inner(&self, _: Seal) -> &StoreInner<T> {
        self.store
    }
}

impl<T> AsContextMut for Caller<'_, T> {
    fn store_inner_mut(&mut self, _: Seal) -> &mut StoreInner<T> {
        self.store
    }
}

impl<S: AsContext + ?Sized> AsContext for &S {
    type Data = S::Data;
    fn store_inner(&self, seal: Seal) -> &StoreInner<S::Data> {
        (**self).store_inner(seal)
    }
}

impl<S: AsContext + ?Sized> AsContext for &mut S {
    type Data = S::Data;
    fn store_inner(&self, seal: Seal) -> &StoreInner<S::Data> {
        (**self).store_inner(seal)
    }
}

impl<S: AsContextMut + ?Sized> AsContextMut for &mut S {
    fn store_inner_mut(&mut self, seal: Seal) -> &mut StoreInner<S::Data> {
        (**self).store_inner_mut(seal)
    }
}

/// Cells of `vals`, checked against `types` (of `rt`'s type numbers).
pub(crate) fn cells_of(
    vals: &[Val],
    types: &[crate::values::ValType],
    rt: &awe_engine::Runtime,
    store: u64,
) -> Result<Vec<u64>> {
    if vals.len() != types.len() {
        return Err(Error::usage(format!(
            "expected {} values, got {}",
            types.len(),
            vals.len()
        )));
    }
    let mut cells = Vec::with_capacity(vals.len() + 1);
    for (v, t) in vals.iter().zip(types) {
        if !v.matches(*t, rt) {
            return Err(Error::usage(format!(
                "expected a value of type {t}, got {}",
                v.ty()
            )));
        }
        v.push_cells(crate::values::Cx { id: store, rt }, &mut cells)?;
    }
    Ok(cells)
}

/// What [`Store::gc_stats`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GcStats {
    /// Objects in the heap (live, or garbage not collected yet).
    pub objects: usize,
    /// The bytes they are counted for.
    pub bytes: usize,
    /// Collections so far.
    pub collections: u64,
    /// The roots the host holds (handles of open scopes and the store's top level, and
    /// manual ones; see [`crate::RootScope`]).
    pub host_roots: usize,
}

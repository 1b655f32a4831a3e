//! The one store of the page and how code reaches it: directly between calls, or, while
//! a JavaScript import runs (which may call back into WebAssembly, read a memory, ...),
//! through the [`awe::Caller`] of that host call.
//!
//! Everything the JavaScript API creates lives in one [`Store`] per thread (the page's
//! main thread, or a worker), so that any memory, table, global or function can be
//! imported by any instance. Objects are referred to from JavaScript by handles: indices
//! into [`Registry`]. A store frees nothing before it is dropped (as in wasmtime), and
//! neither does the registry.
//!
//! The two `unsafe` blocks here are what lets JavaScript re-enter the store from an
//! import: the caller of the running host function is kept in a thread-local pointer
//! for that call's duration (see their SAFETY arguments).

use awe::{AsContextMut, Caller, Config, Engine, Extern, Instance, Module, RootScope, Store};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use wasm_bindgen::JsValue;

/// The store's host data (nothing: JavaScript holds the host's state).
pub struct Host;

/// A store context: the store itself, or the caller of a host function.
pub type Ctx<'a> = dyn AsContextMut<Data = Host> + 'a;

/// An instance and what its calls need.
pub struct InstanceEntry {
    /// The instance.
    pub instance: Instance,
    /// Its module's handle (for the names of backtraces).
    pub module: u32,
    /// The fuel left to the calls made through its exports (`None`: unlimited).
    pub fuel: Option<u64>,
}

/// Every object JavaScript has a handle to.
#[derive(Default)]
pub struct Registry {
    /// Compiled modules.
    pub modules: Vec<Module>,
    /// Instances.
    pub instances: Vec<InstanceEntry>,
    /// Functions, memories, tables, globals, tags; with the instance that exported them.
    pub externs: Vec<(Extern, Option<u32>)>,
    /// The handle of each extern, so that one object keeps one handle.
    extern_handles: HashMap<Extern, u32>,
    /// JavaScript functions that imports call.
    pub js_funcs: Vec<js_sys::Function>,
    /// JavaScript values held by `externref`s (the reference's host data is the index).
    pub js_values: Vec<JsValue>,
}

impl Registry {
    /// The handle of `e` (made the first time), owned by instance `owner`.
    pub fn extern_handle(&mut self, e: Extern, owner: Option<u32>) -> u32 {
        if let Some(&h) = self.extern_handles.get(&e) {
            return h;
        }
        let h = self.externs.len() as u32;
        self.externs.push((e, owner));
        self.extern_handles.insert(e, h);
        h
    }
}

thread_local! {
    static ENGINE: Engine = {
        let mut c = Config::new();
        // Fuel is an option of instantiation: always counted, unlimited unless asked.
        c.consume_fuel(true);
        Engine::new(&c).expect("the default configuration is valid")
    };
    static STORE: RefCell<Store<Host>> = RefCell::new(Store::new(&engine(), Host));
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
    /// The caller of the host function running now, if one is.
    static ACTIVE: Cell<Option<NonNull<Ctx<'static>>>> = const { Cell::new(None) };
}

/// The engine of every module.
pub fn engine() -> Engine {
    ENGINE.with(Engine::clone)
}

/// Runs `f` on the registry (which is never borrowed across a call into WebAssembly).
pub fn registry<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    REGISTRY.with(|r| f(&mut r.borrow_mut()))
}

/// Whether a host function is running (a call now is a nested one).
pub fn nested() -> bool {
    ACTIVE.with(Cell::get).is_some()
}

/// Runs `f` with the store: the running host function's caller if there is one, else
/// the store itself (with `top`, which may set its fuel). `Err` if the store is busy in a
/// way no context reaches (never, unless JavaScript re-enters other than from an import).
/// `f` runs in a root scope of its own: the GC references it reads are released when it
/// returns (what JavaScript keeps is rooted by `gc_objects`).
#[allow(unsafe_code)]
pub fn with_ctx<R>(
    f: impl FnOnce(&mut Ctx<'_>) -> R,
    top: impl FnOnce(&mut Store<Host>),
) -> Result<R, JsValue> {
    if let Some(mut p) = ACTIVE.with(|a| a.take()) {
        // SAFETY: `p` was made by `call_host` from the `&mut Caller` of a host function
        // that is still running on this thread (it restores the previous pointer before
        // it returns, so a pointer in `ACTIVE` never outlives its caller). It was taken
        // out of `ACTIVE`, so this is the only use of it until it is put back below: a
        // host function reached from `f` installs its own caller (derived from this
        // borrow) and puts back `None` when done.
        let ctx = unsafe { p.as_mut() };
        let r = f(&mut RootScope::new(ctx));
        ACTIVE.with(|a| a.set(Some(p)));
        return Ok(r);
    }
    STORE.with(|s| match s.try_borrow_mut() {
        Ok(mut store) => {
            top(&mut store);
            Ok(f(&mut RootScope::new(&mut *store)))
        }
        Err(_) => Err(JsValue::from_str("the awe store is in use")),
    })
}

/// Bytes of awe's own stack that must be left for a JavaScript import to be called: on
/// wasm32 that stack is the bottom of awe's memory (`[0, 1 MiB)`, stack first), and
/// each call from JavaScript into WebAssembly and back takes about 1.1 KiB of it, so deep
/// recursion through imports ends with an error here rather than at its bottom.
const STACK_RESERVE: usize = 128 * 1024;

/// Whether awe's stack has room for another JavaScript import (always, off wasm32,
/// where the native stack is guarded).
pub fn stack_has_room() -> bool {
    if cfg!(target_arch = "wasm32") {
        let marker = 0u8;
        (std::hint::black_box(&marker) as *const u8 as usize) > STACK_RESERVE
    } else {
        true
    }
}

/// Runs `js` (a call of JavaScript) while host function's `caller` is the context that
/// [`with_ctx`] gives.
#[allow(unsafe_code)]
pub fn call_host<R>(caller: &mut Caller<'_, Host>, js: impl FnOnce() -> R) -> R {
    let ctx: &mut Ctx<'_> = caller;
    let p = NonNull::from(ctx);
    // SAFETY: only the lifetime of the trait object is changed (the layouts are the
    // same). The pointer is in `ACTIVE` only until this function returns, while
    // `caller` is borrowed by it: see `with_ctx`.
    #[allow(clippy::missing_transmute_annotations)]
    let p: NonNull<Ctx<'static>> = unsafe { std::mem::transmute(p) };
    let prev = ACTIVE.with(|a| a.replace(Some(p)));
    let r = js();
    ACTIVE.with(|a| a.set(prev));
    r
}

/// The store's fuel left (between calls).
pub fn fuel_left() -> Option<u64> {
    STORE.with(|s| s.try_borrow().ok().and_then(|s| s.get_fuel().ok()))
}

/// The store's GC heap (`None` while a call is in progress).
pub fn gc_stats() -> Option<awe::GcStats> {
    STORE.with(|s| s.try_borrow().ok().map(|s| s.gc_stats()))
}

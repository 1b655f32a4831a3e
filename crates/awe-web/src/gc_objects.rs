//! GC's structs and arrays as JavaScript sees them: opaque, frozen objects, one per
//! WebAssembly object (so `===` is `ref.eq`), which JavaScript can hold and pass back
//! (as the JS API specifies for GC objects).
//!
//! Each object handed out is kept alive by a manual root in a slot of [`GcObjects`]
//! while its JavaScript object lives: a `FinalizationRegistry` releases the root once
//! JavaScript collected the object (the identity map holds it weakly, through a
//! `WeakRef`).

use crate::store::{Ctx, with_ctx};
use awe::{AnyRef, ManuallyRooted};
use js_sys::{FinalizationRegistry, Object, WeakMap, WeakRef};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;

/// The objects JavaScript holds (see the module's documentation).
struct GcObjects {
    /// By slot: the root and the JavaScript object (weakly); `None` when free.
    slots: Vec<Option<(ManuallyRooted<AnyRef>, WeakRef)>>,
    free: Vec<u32>,
    /// The slot of each object handed out whose JavaScript object may be alive.
    by_ref: HashMap<AnyRef, u32>,
    /// Each JavaScript object's slot.
    slot_of: WeakMap,
    /// Releases a slot once its JavaScript object is collected.
    finalizer: FinalizationRegistry,
}

thread_local! {
    static OBJECTS: RefCell<GcObjects> = RefCell::new(GcObjects {
        slots: Vec::new(),
        free: Vec::new(),
        by_ref: HashMap::new(),
        slot_of: WeakMap::new(),
        finalizer: FinalizationRegistry::new(
            Closure::<dyn FnMut(JsValue)>::new(released)
                .into_js_value()
                .unchecked_ref(),
        ),
    });
}

/// The finalizer's callback: the JavaScript object of slot `held` was collected.
fn released(held: JsValue) {
    let Some(slot) = held.as_f64().map(|s| s as u32) else {
        return;
    };
    let root = OBJECTS.with(|o| {
        let mut o = o.borrow_mut();
        let (root, _) = o.slots.get_mut(slot as usize)?.take()?;
        o.free.push(slot);
        if o.by_ref.get(&root.get()) == Some(&slot) {
            o.by_ref.remove(&root.get());
        }
        Some(root)
    });
    if let Some(root) = root {
        // The store is free between JavaScript's tasks, when finalizers run.
        let _ = with_ctx(|ctx| root.unroot(&*ctx), |_| {});
    }
}

/// The JavaScript object of struct or array `r`: the one handed out before if it is
/// still alive, else a new one.
pub fn to_js(ctx: &mut Ctx<'_>, r: AnyRef) -> Result<JsValue, awe::Error> {
    OBJECTS.with(|o| {
        let mut o = o.borrow_mut();
        if let Some(&slot) = o.by_ref.get(&r)
            && let Some(Some((_, weak))) = o.slots.get(slot as usize)
            && let Some(obj) = weak.deref()
        {
            return Ok(obj.into());
        }
        let root = ManuallyRooted::new(&*ctx, r)?;
        let obj = Object::new();
        Object::freeze(&obj);
        let entry = Some((root, WeakRef::new(&obj)));
        let slot = match o.free.pop() {
            Some(s) => {
                o.slots[s as usize] = entry;
                s
            }
            None => {
                o.slots.push(entry);
                (o.slots.len() - 1) as u32
            }
        };
        o.by_ref.insert(r, slot);
        o.slot_of.set(&obj, &JsValue::from(slot));
        o.finalizer.register(&obj, &JsValue::from(slot));
        Ok(obj.into())
    })
}

/// The struct or array JavaScript object `v` stands for, if it is one of [`to_js`]'s.
pub fn from_js(v: &JsValue) -> Option<AnyRef> {
    let obj = v.dyn_ref::<Object>()?;
    OBJECTS.with(|o| {
        let o = o.borrow();
        let slot = o.slot_of.get(obj).as_f64()? as usize;
        o.slots.get(slot)?.as_ref().map(|(root, _)| root.get())
    })
}

//! The raw JavaScript API: functions over handles (numbers) that `js/awe.js` wraps into
//! the `WebAssembly` namespace's shape (`Module`, `Instance`, `Memory`, `Table`,
//! `Global`, errors). Every function that can fail throws a `CompileError`,
//! `LinkError`, `RuntimeError` or `TypeError`; a JavaScript exception thrown by an
//! import passes through WebAssembly unchanged, as in the standard API.

use crate::convert::{from_js, to_js, val_type, val_types};
use crate::errors::{Kind, error};
use crate::store::{InstanceEntry, call_host, nested, registry, with_ctx};
use awe::{
    AddrType, Extern, ExternType, Func, FuncType, Global, GlobalType, Limits, MemType, Memory,
    Module, Mutability, RefType, Table, TableType, Val, ValType,
};
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The exception a JavaScript import threw, on its way out through WebAssembly.
    static PENDING: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

type JsResult<T> = Result<T, JsValue>;

/// `{k: v, ...}`.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn type_error(m: impl std::fmt::Display) -> JsValue {
    error(Kind::Type, &m.to_string())
}

fn module(h: u32) -> JsResult<Module> {
    registry(|r| r.modules.get(h as usize).cloned()).ok_or_else(|| type_error("not a module"))
}

fn extern_of(h: u32) -> JsResult<(Extern, Option<u32>)> {
    registry(|r| r.externs.get(h as usize).copied()).ok_or_else(|| type_error("not an awe object"))
}

macro_rules! extern_as {
    ($name:ident, $variant:ident, $ty:ty, $what:literal) => {
        fn $name(h: u32) -> JsResult<$ty> {
            match extern_of(h)?.0 {
                Extern::$variant(x) => Ok(x),
                _ => Err(type_error(concat!("not ", $what))),
            }
        }
    };
}
extern_as!(func_of, Func, Func, "a function");
extern_as!(memory_of, Memory, Memory, "a memory");
extern_as!(table_of, Table, Table, "a table");
extern_as!(global_of, Global, Global, "a global");

/// The error `e` of a call or instantiation as JavaScript: the exception an import threw
/// if that is what stopped it, else a `RuntimeError` (traps, with the backtrace in the
/// module `names`), `LinkError` or `TypeError`.
fn js_error(e: &awe::Error, names: Option<&Module>) -> JsValue {
    if let Some(js) = PENDING.with(|p| p.borrow_mut().take()) {
        return js;
    }
    match e {
        awe::Error::Compile(m) => error(Kind::Compile, m),
        awe::Error::Link(m) => error(Kind::Link, m),
        awe::Error::Usage(m) => error(Kind::Type, m),
        _ => {
            let msg = match names {
                Some(m) => e.with_backtrace(m, str::to_owned),
                None => e.to_string(),
            };
            error(Kind::Runtime, &msg)
        }
    }
}

/// Whether `bytes` are a valid module (`WebAssembly.validate`).
#[wasm_bindgen]
pub fn validate(bytes: &[u8]) -> bool {
    Module::validate(&crate::store::engine(), bytes).is_ok()
}

/// Compiles a module (binary, or text: awe reads both); its handle.
#[wasm_bindgen(js_name = moduleNew)]
pub fn module_new(bytes: &[u8]) -> JsResult<u32> {
    let m = Module::new(&crate::store::engine(), bytes)
        .map_err(|e| error(Kind::Compile, &e.to_string()))?;
    Ok(registry(|r| {
        r.modules.push(m);
        r.modules.len() as u32 - 1
    }))
}

fn kind_name(t: &ExternType) -> &'static str {
    match t {
        ExternType::Func(_) => "function",
        ExternType::Table(_) => "table",
        ExternType::Memory(_) => "memory",
        ExternType::Global(_) => "global",
        ExternType::Tag(_) => "tag",
    }
}

fn type_text(t: &ExternType) -> String {
    match t {
        ExternType::Func(f) => f.to_string(),
        ExternType::Table(t) => t.to_string(),
        ExternType::Memory(m) => m.to_string(),
        ExternType::Global(g) => g.to_string(),
        ExternType::Tag(f) => f.to_string().replacen("(func", "(tag", 1),
    }
}

/// The imports of a module: `[{module, name, kind, type}]` (`kind` as
/// `WebAssembly.Module.imports` names it, `type` in the text format).
#[wasm_bindgen(js_name = moduleImports)]
pub fn module_imports(m: u32) -> JsResult<Array> {
    Ok(module(m)?
        .imports()
        .iter()
        .map(|i| {
            let t = i.ty();
            object(&[
                ("module", i.module().into()),
                ("name", i.name().into()),
                ("kind", kind_name(&t).into()),
                ("type", type_text(&t).into()),
            ])
        })
        .collect())
}

/// The exports of a module: `[{name, kind, type}]`.
#[wasm_bindgen(js_name = moduleExports)]
pub fn module_exports(m: u32) -> JsResult<Array> {
    Ok(module(m)?
        .exports()
        .iter()
        .map(|e| {
            let t = e.ty();
            object(&[
                ("name", e.name().into()),
                ("kind", kind_name(&t).into()),
                ("type", type_text(&t).into()),
            ])
        })
        .collect())
}

/// Instantiates module `m` with `imports` (handles, in the order of its imports) and
/// runs its start function; with `fuel`, the instance's calls (the start function's
/// included) may consume that much fuel in all. The instance's handle.
#[wasm_bindgen]
pub fn instantiate(m: u32, imports: Vec<u32>, fuel: Option<f64>) -> JsResult<u32> {
    let module = module(m)?;
    let externs = imports
        .iter()
        .map(|&h| extern_of(h).map(|e| e.0))
        .collect::<JsResult<Vec<_>>>()?;
    let fuel = fuel.map(|f| f.max(0.0) as u64);
    let (result, left) = with_fuel(fuel, |ctx| awe::Instance::new(ctx, &module, &externs))?;
    let instance = result.map_err(|e| match e {
        awe::Error::Usage(m) => error(Kind::Link, &m),
        e => js_error(&e, Some(&module)),
    })?;
    Ok(registry(|r| {
        r.instances.push(InstanceEntry {
            instance,
            module: m,
            fuel: fuel.map(|_| left.unwrap_or(0)),
        });
        r.instances.len() as u32 - 1
    }))
}

/// Runs `f` with the store; at the top (not inside an import) with `fuel` (unlimited
/// when `None`), giving the fuel left after.
fn with_fuel<R>(
    fuel: Option<u64>,
    f: impl FnOnce(&mut crate::store::Ctx<'_>) -> R,
) -> JsResult<(R, Option<u64>)> {
    let top = !nested();
    let r = with_ctx(f, |store| {
        let _ = store.set_fuel(fuel.unwrap_or(u64::MAX));
    })?;
    let left = if top { crate::store::fuel_left() } else { None };
    Ok((r, left))
}

/// The exports of an instance: `[{name, kind, handle}]`, in order.
#[wasm_bindgen(js_name = instanceExports)]
pub fn instance_exports(i: u32) -> JsResult<Array> {
    let instance = registry(|r| r.instances.get(i as usize).map(|e| e.instance))
        .ok_or_else(|| type_error("not an instance"))?;
    let exports = with_ctx(
        |ctx| {
            instance
                .exports(&*ctx)
                .map(|e| (e.name().to_owned(), e.into_extern()))
                .collect::<Vec<_>>()
        },
        |_| {},
    )?;
    Ok(exports
        .into_iter()
        .map(|(name, e)| {
            let kind = match e {
                Extern::Func(_) => "function",
                Extern::Memory(_) => "memory",
                Extern::Table(_) => "table",
                Extern::Global(_) => "global",
                Extern::Tag(_) => "tag",
            };
            let h = registry(|r| r.extern_handle(e, Some(i)));
            object(&[
                ("name", name.into()),
                ("kind", kind.into()),
                ("handle", h.into()),
            ])
        })
        .collect())
}

/// The fuel an instance has left (`undefined` when unlimited).
#[wasm_bindgen(js_name = instanceFuel)]
pub fn instance_fuel(i: u32) -> Option<f64> {
    registry(|r| r.instances.get(i as usize).and_then(|e| e.fuel)).map(|f| f as f64)
}

/// What kind of object a handle is: `function`, `memory`, `table`, `global` or `tag`.
#[wasm_bindgen(js_name = externKind)]
pub fn extern_kind(h: u32) -> JsResult<String> {
    Ok(match extern_of(h)?.0 {
        Extern::Func(_) => "function",
        Extern::Memory(_) => "memory",
        Extern::Table(_) => "table",
        Extern::Global(_) => "global",
        Extern::Tag(_) => "tag",
    }
    .to_owned())
}

fn names(types: &[ValType]) -> Array {
    types.iter().map(|t| JsValue::from(t.to_string())).collect()
}

/// A function's type: `{params: ["i32", ...], results: [...]}`.
#[wasm_bindgen(js_name = funcType)]
pub fn func_type(h: u32) -> JsResult<JsValue> {
    let f = func_of(h)?;
    let ty = with_ctx(|ctx| f.ty(&*ctx), |_| {})?;
    Ok(object(&[
        ("params", names(&ty.params).into()),
        ("results", names(&ty.results).into()),
    ]))
}

/// A host function of type `params -> results` (space-separated type names) that calls
/// `f` with an array of the arguments; `f` returns an array of the results (already
/// coerced to their types by `awe.js`). Its handle.
#[wasm_bindgen(js_name = hostFunc)]
pub fn host_func(params: &str, results: &str, f: js_sys::Function) -> JsResult<u32> {
    let ty = FuncType {
        params: val_types(params)?,
        results: val_types(results)?,
    };
    let index = registry(|r| {
        r.js_funcs.push(f);
        r.js_funcs.len() - 1
    });
    let result_types = ty.results.clone();
    let func = with_ctx(
        |ctx| {
            Func::new(ctx, ty, move |mut caller, args: &[Val], out: &mut [Val]| {
                if !crate::store::stack_has_room() {
                    let e = js_sys::RangeError::new("Maximum call stack size exceeded (awe)");
                    PENDING.with(|p| *p.borrow_mut() = Some(e.into()));
                    return Err(awe::Error::msg("call stack exhausted"));
                }
                let f = registry(|r| r.js_funcs[index].clone());
                let array: Array = args.iter().map(|a| to_js(&mut caller, a)).collect();
                let r = call_host(&mut caller, || f.call1(&JsValue::UNDEFINED, &array));
                let results = match r {
                    Ok(v) => v,
                    Err(exception) => {
                        PENDING.with(|p| *p.borrow_mut() = Some(exception));
                        return Err(awe::Error::msg("a JavaScript import threw"));
                    }
                };
                let results = Array::from(&results);
                for (i, (o, t)) in out.iter_mut().zip(&result_types).enumerate() {
                    *o = from_js(&mut caller, *t, &results.get(i as u32)).map_err(|e| {
                        PENDING.with(|p| *p.borrow_mut() = Some(e));
                        awe::Error::msg("an import's result does not fit its type")
                    })?;
                }
                Ok(())
            })
        },
        |_| {},
    )?;
    Ok(registry(|r| r.extern_handle(Extern::Func(func), None)))
}

/// Calls function `h` with `args` (values of its parameter types, see
/// [`crate::convert`]); an array of its results.
#[wasm_bindgen(js_name = funcCall)]
pub fn func_call(h: u32, args: Array) -> JsResult<Array> {
    let (func, owner) = match extern_of(h)? {
        (Extern::Func(f), owner) => (f, owner),
        _ => return Err(type_error("not a function")),
    };
    let (fuel, module) = match owner {
        Some(i) => registry(|r| {
            let e = &r.instances[i as usize];
            (e.fuel, r.modules.get(e.module as usize).cloned())
        }),
        None => (None, None),
    };
    let (result, left) = with_fuel(fuel, |ctx| -> JsResult<awe::Result<Vec<JsValue>>> {
        let ty = func.ty(&*ctx);
        if args.length() as usize != ty.params.len() {
            return Err(type_error(format!(
                "expected {} arguments, got {}",
                ty.params.len(),
                args.length()
            )));
        }
        let vals = ty
            .params
            .iter()
            .zip(args.iter())
            .map(|(t, a)| from_js(ctx, *t, &a))
            .collect::<JsResult<Vec<Val>>>()?;
        let mut out: Vec<Val> = ty.results.iter().map(|t| Val::default_for(*t)).collect();
        Ok(func
            .call(&mut *ctx, &vals, &mut out)
            .map(|()| out.iter().map(|v| to_js(ctx, v)).collect()))
    })?;
    if let (Some(i), Some(left)) = (owner, left) {
        registry(|r| {
            let e = &mut r.instances[i as usize];
            if e.fuel.is_some() {
                e.fuel = Some(left);
            }
        });
    }
    match result? {
        Ok(values) => Ok(values.into_iter().collect()),
        Err(e) => Err(js_error(&e, module.as_ref())),
    }
}

fn limits(initial: f64, maximum: Option<f64>) -> JsResult<Limits> {
    let int = |x: f64| {
        if x >= 0.0 && x.fract() == 0.0 && x <= u32::MAX as f64 {
            Ok(x as u64)
        } else {
            Err(type_error(format!("{x} is not a valid size")))
        }
    };
    Ok(Limits {
        min: int(initial)?,
        max: maximum.map(int).transpose()?,
    })
}

fn range_error(m: impl std::fmt::Display) -> JsValue {
    js_sys::RangeError::new(&m.to_string()).into()
}

/// A new memory of `initial` pages, at most `maximum`.
#[wasm_bindgen(js_name = memoryNew)]
pub fn memory_new(initial: f64, maximum: Option<f64>) -> JsResult<u32> {
    let ty = MemType {
        address: AddrType::I32,
        limits: limits(initial, maximum)?,
    };
    let m = with_ctx(|ctx| Memory::new(ctx, ty), |_| {})?.map_err(range_error)?;
    Ok(registry(|r| r.extern_handle(Extern::Memory(m), None)))
}

/// A copy of a memory's bytes (what `Memory.buffer` holds at this moment).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes(h: u32) -> JsResult<Vec<u8>> {
    let m = memory_of(h)?;
    with_ctx(|ctx| m.data(&ctx).to_vec(), |_| {})
}

/// Writes `bytes` into a memory at `offset`.
#[wasm_bindgen(js_name = memoryWrite)]
pub fn memory_write(h: u32, offset: f64, bytes: &[u8]) -> JsResult<()> {
    let m = memory_of(h)?;
    with_ctx(|ctx| m.write(ctx, offset as usize, bytes), |_| {})?.map_err(range_error)
}

/// A memory's size in pages.
#[wasm_bindgen(js_name = memorySize)]
pub fn memory_size(h: u32) -> JsResult<f64> {
    let m = memory_of(h)?;
    with_ctx(|ctx| m.size(&*ctx) as f64, |_| {})
}

/// Grows a memory by `delta` pages; the old size (`RangeError` if it cannot grow).
#[wasm_bindgen(js_name = memoryGrow)]
pub fn memory_grow(h: u32, delta: f64) -> JsResult<f64> {
    let m = memory_of(h)?;
    let delta = limits(delta, None)?.min;
    with_ctx(|ctx| m.grow(ctx, delta), |_| {})?
        .map(|old| old as f64)
        .map_err(range_error)
}

fn ref_type(element: &str) -> JsResult<RefType> {
    match element {
        "anyfunc" | "funcref" => Ok(RefType::FUNCREF),
        "externref" => Ok(RefType::EXTERNREF),
        _ => Err(type_error(format!(
            "{element:?} is not a table element type"
        ))),
    }
}

fn ref_val_type(t: RefType) -> ValType {
    ValType::Ref(t)
}

/// A new table of `element` (`anyfunc`/`funcref` or `externref`) with `initial`
/// elements set to `value`, at most `maximum`.
#[wasm_bindgen(js_name = tableNew)]
pub fn table_new(
    element: &str,
    initial: f64,
    maximum: Option<f64>,
    value: JsValue,
) -> JsResult<u32> {
    let elem = ref_type(element)?;
    let ty = TableType {
        address: AddrType::I32,
        limits: limits(initial, maximum)?,
        elem,
    };
    let t = with_ctx(
        |ctx| -> JsResult<Table> {
            let init = from_js(ctx, ref_val_type(elem), &value)?;
            Table::new(ctx, ty, init).map_err(range_error)
        },
        |_| {},
    )??;
    Ok(registry(|r| r.extern_handle(Extern::Table(t), None)))
}

/// A table's element type name.
#[wasm_bindgen(js_name = tableElement)]
pub fn table_element(h: u32) -> JsResult<String> {
    let t = table_of(h)?;
    with_ctx(|ctx| ref_val_type(t.ty(&*ctx).elem).to_string(), |_| {})
}

/// A table's size.
#[wasm_bindgen(js_name = tableSize)]
pub fn table_size(h: u32) -> JsResult<f64> {
    let t = table_of(h)?;
    with_ctx(|ctx| t.size(&*ctx) as f64, |_| {})
}

/// Element `i` of a table (`RangeError` past its end).
#[wasm_bindgen(js_name = tableGet)]
pub fn table_get(h: u32, i: f64) -> JsResult<JsValue> {
    let t = table_of(h)?;
    with_ctx(
        |ctx| match t.get(&*ctx, i as u64) {
            Some(v) => Ok(to_js(ctx, &v)),
            None => Err(range_error(format!(
                "index {i} is out of the table's bounds"
            ))),
        },
        |_| {},
    )?
}

/// Sets element `i` of a table.
#[wasm_bindgen(js_name = tableSet)]
pub fn table_set(h: u32, i: f64, value: JsValue) -> JsResult<()> {
    let t = table_of(h)?;
    with_ctx(
        |ctx| {
            let ty = ref_val_type(t.ty(&*ctx).elem);
            let v = from_js(ctx, ty, &value)?;
            t.set(ctx, i as u64, v).map_err(range_error)
        },
        |_| {},
    )?
}

/// Grows a table by `delta` elements set to `value`; the old size.
#[wasm_bindgen(js_name = tableGrow)]
pub fn table_grow(h: u32, delta: f64, value: JsValue) -> JsResult<f64> {
    let t = table_of(h)?;
    let delta = limits(delta, None)?.min;
    with_ctx(
        |ctx| {
            let ty = ref_val_type(t.ty(&*ctx).elem);
            let v = from_js(ctx, ty, &value)?;
            t.grow(ctx, delta, v)
                .map(|old| old as f64)
                .map_err(range_error)
        },
        |_| {},
    )?
}

/// A new global of type `value` (a value type name), mutable or not, holding `v`.
#[wasm_bindgen(js_name = globalNew)]
pub fn global_new(value: &str, mutable: bool, v: JsValue) -> JsResult<u32> {
    let content = val_type(value)?;
    let ty = GlobalType {
        content,
        mutability: if mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    };
    let g = with_ctx(
        |ctx| {
            let v = if v.is_undefined() {
                Val::default_for(content)
            } else {
                from_js(ctx, content, &v)?
            };
            Global::new(ctx, ty, v).map_err(type_error)
        },
        |_| {},
    )??;
    Ok(registry(|r| r.extern_handle(Extern::Global(g), None)))
}

/// A global's type: `{value: "i32", mutable: true}`.
#[wasm_bindgen(js_name = globalType)]
pub fn global_type(h: u32) -> JsResult<JsValue> {
    let g = global_of(h)?;
    let ty = with_ctx(|ctx| g.ty(&*ctx), |_| {})?;
    Ok(object(&[
        ("value", ty.content.to_string().into()),
        ("mutable", (ty.mutability == Mutability::Var).into()),
    ]))
}

/// A global's value.
#[wasm_bindgen(js_name = globalGet)]
pub fn global_get(h: u32) -> JsResult<JsValue> {
    let g = global_of(h)?;
    with_ctx(
        |ctx| {
            let v = g.get(&*ctx);
            to_js(ctx, &v)
        },
        |_| {},
    )
}

/// Sets a (mutable) global.
#[wasm_bindgen(js_name = globalSet)]
pub fn global_set(h: u32, v: JsValue) -> JsResult<()> {
    let g = global_of(h)?;
    with_ctx(
        |ctx| {
            let ty = g.ty(&*ctx).content;
            let v = from_js(ctx, ty, &v)?;
            g.set(ctx, v).map_err(type_error)
        },
        |_| {},
    )?
}

/// The value of type `ty` written as `text` (as `awe run --invoke` reads arguments), as
/// JavaScript.
#[wasm_bindgen(js_name = valueFromText)]
pub fn value_from_text(ty: &str, text: &str) -> JsResult<JsValue> {
    let t = val_type(ty)?;
    let v = Val::from_text(t, text)
        .ok_or_else(|| type_error(format!("{text:?} is not a valid {t} argument")))?;
    with_ctx(|ctx| to_js(ctx, &v), |_| {})
}

/// The store's GC heap: `{objects, bytes, collections, hostRoots}` (see
/// `awe::GcStats`; `hostRoots` counts the structs and arrays JavaScript holds).
#[wasm_bindgen(js_name = gcStats)]
pub fn gc_stats() -> JsResult<JsValue> {
    let stats = crate::store::gc_stats()
        .ok_or_else(|| error(Kind::Runtime, "the store is busy (inside a call)"))?;
    let o = Object::new();
    for (k, v) in [
        ("objects", stats.objects as f64),
        ("bytes", stats.bytes as f64),
        ("collections", stats.collections as f64),
        ("hostRoots", stats.host_roots as f64),
    ] {
        Reflect::set(&o, &k.into(), &v.into())?;
    }
    Ok(o.into())
}

/// A JavaScript value of type `ty` as `awe run --invoke` prints results.
#[wasm_bindgen(js_name = valueToText)]
pub fn value_to_text(ty: &str, v: JsValue) -> JsResult<String> {
    let t = val_type(ty)?;
    with_ctx(
        |ctx| from_js(ctx, t, &v).map(|v| v.to_text_in(&mut *ctx)),
        |_| {},
    )?
}

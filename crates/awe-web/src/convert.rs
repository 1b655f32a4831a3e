//! Values between JavaScript and WebAssembly, at the level of the raw API (the package's
//! `awe.js` does the `WebAssembly` namespace's coercions first): `i32`, `f32` and `f64`
//! as numbers, `i64` and `v128` as BigInts (`v128` unsigned: the standard API refuses
//! it, awe passes it), `funcref` as a function handle or `null`, `externref` as any
//! JavaScript value (`null` is the null reference), references of GC's `any` hierarchy
//! as the JS API gives them: an `i31` as a number, a struct or array as an opaque object
//! (`gc_objects`), any other JavaScript value as a host reference made an `anyref`.

use crate::errors::{Kind, error};
use crate::store::{Ctx, registry};
use awe::{AnyRef, ArrayType, Extern, ExternRef, HeapType, I31, RefType, StructType, Val, ValType};
use wasm_bindgen::JsValue;

/// The value type named `name` as awe prints types: `i32`, ..., a shorthand (`funcref`
/// or `anyfunc`, `externref`, `anyref`, ...) or `(ref null? HEAP)` with an abstract heap
/// type or a type number of the store.
pub fn val_type(name: &str) -> Result<ValType, JsValue> {
    Ok(match name {
        "i32" => ValType::I32,
        "i64" => ValType::I64,
        "f32" => ValType::F32,
        "f64" => ValType::F64,
        "v128" => ValType::V128,
        "anyfunc" => ValType::FUNCREF,
        _ => ValType::Ref(
            ref_type(name)
                .ok_or_else(|| error(Kind::Type, &format!("{name:?} is not a value type")))?,
        ),
    })
}

/// The reference type named `name` (see [`val_type`]).
fn ref_type(name: &str) -> Option<RefType> {
    if let Some(r) = RefType::from_shorthand(name) {
        return Some(r);
    }
    let inner = name.strip_prefix("(ref ")?.strip_suffix(')')?;
    let (nullable, heap) = match inner.strip_prefix("null ") {
        Some(h) => (true, h),
        None => (false, inner),
    };
    let heap = match heap.parse::<u32>() {
        Ok(n) => HeapType::concrete(awe_module::TypeIdx(n)),
        Err(_) => HeapType::from_abstract_name(heap)?,
    };
    Some(RefType { nullable, heap })
}

/// The value types of a space-separated list (`"i32 i64"`).
pub fn val_types(names: &str) -> Result<Vec<ValType>, JsValue> {
    names.split_whitespace().map(val_type).collect()
}

fn number(ty: ValType, v: &JsValue) -> Result<f64, JsValue> {
    v.as_f64()
        .ok_or_else(|| error(Kind::Type, &format!("a {ty} value must be a number")))
}

/// The WebAssembly value of `v` as type `ty`.
pub fn from_js(ctx: &mut Ctx<'_>, ty: ValType, v: &JsValue) -> Result<Val, JsValue> {
    let bigint = |what: &str| error(Kind::Type, &format!("a {what} value must be a BigInt"));
    Ok(match ty {
        ValType::I32 => Val::I32(number(ty, v)? as i64 as i32),
        ValType::I64 => Val::I64(i64::try_from(v.clone()).map_err(|_| bigint("i64"))?),
        ValType::F32 => Val::F32((number(ty, v)? as f32).to_bits()),
        ValType::F64 => Val::F64(number(ty, v)?.to_bits()),
        ValType::V128 => Val::V128(u128::try_from(v.clone()).map_err(|_| bigint("v128"))?),
        ValType::Ref(r) => {
            // A concrete type's hierarchy: `any` for a struct or array type.
            let gc_type = StructType::from_heap_type(&*ctx, r.heap).is_some()
                || ArrayType::from_heap_type(&*ctx, r.heap).is_some();
            let top = match r.heap.abstract_top() {
                Some(top) => top,
                None if gc_type => HeapType::Any,
                None => HeapType::Func,
            };
            match top {
                _ if v.is_null() => Val::default_for(ty),
                HeapType::Func => {
                    let h = number(ty, v)? as u32;
                    match registry(|r| r.externs.get(h as usize).map(|e| e.0)) {
                        Some(Extern::Func(f)) => Val::FuncRef(Some(f)),
                        _ => {
                            return Err(error(
                                Kind::Type,
                                "a funcref must be an exported function",
                            ));
                        }
                    }
                }
                HeapType::Extern => Val::ExternRef(Some(host_value(ctx, v)?)),
                // The JS API's ToWebAssemblyValue for the `any` hierarchy: a struct or
                // array JavaScript was given, an `i31` for an integer that fits, else
                // the value as a host reference made an `anyref`.
                HeapType::Any => Val::AnyRef(Some(match crate::gc_objects::from_js(v) {
                    Some(r) => r,
                    None => match v.as_f64().and_then(i31_of) {
                        Some(i) => AnyRef::from_i31(&*ctx, i),
                        None => AnyRef::convert_extern(host_value(ctx, v)?),
                    },
                })),
                _ => {
                    return Err(error(
                        Kind::Type,
                        &format!("{ty} cannot cross to JavaScript"),
                    ));
                }
            }
        }
    })
}

/// `v` as a host reference (`externref`) of the store.
fn host_value(ctx: &mut Ctx<'_>, v: &JsValue) -> Result<ExternRef, JsValue> {
    let index = registry(|r| {
        r.js_values.push(v.clone());
        r.js_values.len() as u32 - 1
    });
    ExternRef::new(&mut *ctx, index).map_err(|e| error(Kind::Runtime, &e.to_string()))
}

/// The `i31` of a number that is an integer in its range.
fn i31_of(x: f64) -> Option<I31> {
    (x.fract() == 0.0 && (-(2f64.powi(30))..2f64.powi(30)).contains(&x))
        .then(|| I31::new_i32(x as i32))
        .flatten()
}

/// The JavaScript value of `v`.
pub fn to_js(ctx: &mut Ctx<'_>, v: &Val) -> JsValue {
    match *v {
        Val::I32(x) => JsValue::from(x),
        Val::I64(x) => JsValue::from(x),
        Val::F32(b) => JsValue::from(f64::from(f32::from_bits(b))),
        Val::F64(b) => JsValue::from(f64::from_bits(b)),
        Val::V128(x) => JsValue::from(x),
        Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(_) | Val::AnyRef(None) => {
            JsValue::NULL
        }
        // An `i31` is a number in JavaScript; a host value made an `anyref` is itself
        // again; a struct or array is an opaque object (see `gc_objects`).
        Val::AnyRef(Some(a)) => match (a.as_i31(), a.as_externref()) {
            (Some(v), _) => JsValue::from(v.get_i32()),
            (None, Some(e)) => to_js(ctx, &Val::ExternRef(Some(e))),
            // Only a handle of another store or a dead root fails: neither reaches here.
            (None, None) => crate::gc_objects::to_js(ctx, a).unwrap_or(JsValue::UNDEFINED),
        },
        Val::FuncRef(Some(f)) => {
            JsValue::from(registry(|r| r.extern_handle(Extern::Func(f), None)))
        }
        Val::ExternRef(Some(e)) => {
            let index = e
                .data(&ctx)
                .ok()
                .flatten()
                .and_then(|d| d.downcast_ref::<u32>().copied());
            index
                .and_then(|i| registry(|r| r.js_values.get(i as usize).cloned()))
                .unwrap_or(JsValue::UNDEFINED)
        }
    }
}

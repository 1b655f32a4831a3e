//! awe in the browser: the interpreter compiled to WebAssembly (`wasm-pack build --target
//! web`), with a JavaScript API in the shape of the `WebAssembly` namespace (see
//! `js/awe.js`, the package's entry point) and the playground's toolkit.
//!
//! - [`api`]: the raw API over handles that `awe.js` wraps: modules, instances (with
//!   fuel), functions (JavaScript imports, called synchronously and re-entrantly),
//!   memories, tables, globals; values as `awe run --invoke` reads and prints them.
//! - [`toolkit`]: text to binary (errors at line and column), binary to text, and the
//!   annotated bytes of `awe inspect --hex`, in plain Rust; [`watToWasm`],
//!   [`wasmToWat`] and [`annotate`] give them to JavaScript.
//! - [`store`]: the page's one store and how a host call reaches it.
//!
//! Only the interpreter is in this crate's tree: no code generator.

pub mod api;
pub mod convert;
pub mod errors;
pub mod gc_objects;
pub mod store;
pub mod toolkit;

use errors::{Kind, error};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

fn set(o: &Object, k: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v.into());
}

/// The binary encoding of a text module; a `CompileError` with `line`, `column`,
/// `start`, `end` and `rendered` (the message with the line and a caret, as the CLI
/// prints it) if the text is malformed. `file` names the source in `rendered`.
#[wasm_bindgen(js_name = watToWasm)]
pub fn wat_to_wasm(text: &str, file: &str) -> Result<Vec<u8>, JsValue> {
    toolkit::wat_to_wasm(text, file).map_err(|e| {
        let err = error(Kind::Compile, &e.rendered);
        let o: &Object = err.unchecked_ref();
        set(o, "line", e.line as u32);
        set(o, "column", e.column as u32);
        let utf16 = toolkit::Utf16Offsets::new(text);
        set(o, "start", utf16.at(e.span.start));
        set(o, "end", utf16.at(e.span.end));
        set(o, "rendered", e.rendered.as_str());
        set(o, "reason", e.message.as_str());
        err
    })
}

/// Where each instruction's bytes came from in `text`: 4 numbers per instruction, its
/// bytes' start and end, its source's start and end (as JavaScript indexes the string);
/// empty if the text does not parse.
#[wasm_bindgen(js_name = sourceMap)]
pub fn source_map(text: &str) -> Vec<u32> {
    let utf16 = toolkit::Utf16Offsets::new(text);
    toolkit::source_map(text)
        .iter()
        .flat_map(|m| {
            [
                m.bytes.start as u32,
                m.bytes.end as u32,
                utf16.at(m.source.start),
                utf16.at(m.source.end),
            ]
        })
        .collect()
}

/// The text format of a binary module (a `CompileError` if it does not decode).
#[wasm_bindgen(js_name = wasmToWat)]
pub fn wasm_to_wat(bytes: &[u8]) -> Result<String, JsValue> {
    toolkit::wasm_to_wat(bytes).map_err(|e| error(Kind::Compile, &e))
}

/// What every byte of a module is: `{notes: [{start, end, indent, text}], sections:
/// [{name, customName, start, end, count}], error: {offset, message} | null}`.
#[wasm_bindgen]
pub fn annotate(bytes: &[u8]) -> JsValue {
    let a = toolkit::annotate(bytes);
    let notes: Array = a
        .notes
        .iter()
        .map(|n| {
            let o = Object::new();
            set(&o, "start", n.range.start as u32);
            set(&o, "end", n.range.end as u32);
            set(&o, "indent", n.indent);
            set(&o, "text", n.text.as_str());
            JsValue::from(o)
        })
        .collect();
    let sections: Array = a
        .sections
        .iter()
        .map(|s| {
            let o = Object::new();
            set(&o, "name", s.name.as_str());
            set(
                &o,
                "customName",
                s.custom_name.clone().map_or(JsValue::NULL, JsValue::from),
            );
            set(&o, "start", s.range.start as u32);
            set(&o, "end", s.range.end as u32);
            set(&o, "count", s.count.map_or(JsValue::NULL, JsValue::from));
            JsValue::from(o)
        })
        .collect();
    let out = Object::new();
    set(&out, "notes", notes);
    set(&out, "sections", sections);
    let err = match a.error {
        Some((offset, message)) => {
            let e = Object::new();
            set(&e, "offset", offset as u32);
            set(&e, "message", message);
            JsValue::from(e)
        }
        None => JsValue::NULL,
    };
    set(&out, "error", err);
    out.into()
}

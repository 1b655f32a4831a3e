//! The JavaScript errors awe throws, as the `WebAssembly` namespace's: `CompileError`
//! (malformed or invalid modules), `LinkError` (imports that do not fit), `RuntimeError`
//! (traps, with the backtrace `awe run` prints), and `TypeError` for misuse. Messages are
//! the CLI's.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export class CompileError extends Error {
  constructor(message) { super(message); this.name = 'CompileError'; }
}
export class LinkError extends Error {
  constructor(message) { super(message); this.name = 'LinkError'; }
}
export class RuntimeError extends Error {
  constructor(message) { super(message); this.name = 'RuntimeError'; }
}
export function make_error(kind, message) {
  switch (kind) {
    case 'CompileError': return new CompileError(message);
    case 'LinkError': return new LinkError(message);
    case 'RuntimeError': return new RuntimeError(message);
    default: return new TypeError(message);
  }
}
export function error_classes() { return { CompileError, LinkError, RuntimeError }; }
"#)]
extern "C" {
    fn make_error(kind: &str, message: &str) -> JsValue;
    fn error_classes() -> JsValue;
}

/// The kinds of error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `CompileError`.
    Compile,
    /// `LinkError`.
    Link,
    /// `RuntimeError`.
    Runtime,
    /// `TypeError`.
    Type,
}

/// A JavaScript error of `kind` with `message`.
pub fn error(kind: Kind, message: &str) -> JsValue {
    let name = match kind {
        Kind::Compile => "CompileError",
        Kind::Link => "LinkError",
        Kind::Runtime => "RuntimeError",
        Kind::Type => "TypeError",
    };
    make_error(name, message)
}

/// The classes `CompileError`, `LinkError` and `RuntimeError`, for the package to export
/// (so that `instanceof` works on what awe throws).
#[wasm_bindgen(js_name = errorClasses)]
pub fn classes() -> JsValue {
    error_classes()
}

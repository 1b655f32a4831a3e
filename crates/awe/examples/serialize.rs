//! Compile once, save the module precompiled, load it later without translating it
//! again (wasmtime's `Module::serialize` and `Module::deserialize_file`).
//!
//! `cargo run --example serialize`
// Loading precompiled code is `unsafe`: the caller vouches for the bytes.
#![allow(unsafe_code)]

use awe::{Engine, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (func (export "add") (param i32 i32) (result i32)
               (i32.add (local.get 0) (local.get 1))))"#,
    )?;
    let path = std::env::temp_dir().join(format!("awe-serialize-{}.cwasm", std::process::id()));
    std::fs::write(&path, module.serialize()?)?;

    // Later, perhaps in another process of the same build: the file is ours, so it is
    // trusted (deserializing bytes from elsewhere could break wasm's sandbox).
    // SAFETY: the file was written by `serialize` just above.
    let module = unsafe { Module::deserialize_file(&engine, &path) }?;
    let _ = std::fs::remove_file(&path);
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let add = instance.get_typed_func::<(i32, i32), i32>(&store, "add")?;
    let sum = add.call(&mut store, (40, 2))?;
    println!("add(40, 2) = {sum}");
    assert_eq!(sum, 42);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

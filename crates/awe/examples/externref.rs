//! Host references: wasm keeps values of the host's in a table and hands them back.
//!
//! `cargo run --example externref`

use awe::{Engine, ExternRef, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (table $t 2 externref)
             (func (export "keep") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
             (func (export "give") (param i32) (result externref) (table.get $t (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let keep = instance.get_typed_func::<(i32, Option<ExternRef>), ()>(&store, "keep")?;
    let give = instance.get_typed_func::<i32, Option<ExternRef>>(&store, "give")?;
    let greeting = ExternRef::new(&mut store, String::from("Hello, externref!"))?;
    keep.call(&mut store, (1, Some(greeting)))?;
    let back = give.call(&mut store, 1)?.expect("kept");
    let text = back
        .data(&store)?
        .and_then(|d| d.downcast_ref::<String>())
        .expect("the host's string");
    println!("{text}");
    assert_eq!(text, "Hello, externref!");
    assert!(give.call(&mut store, 0)?.is_none());
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

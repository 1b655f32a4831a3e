//! Multiple results: wasm and host functions that return several values.
//!
//! `cargo run --example multi`

use awe::{Engine, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "swap" (func $swap (param i32 i64) (result i64 i32)))
             (func (export "roundtrip") (param i32 i64) (result i32 i64)
               ;; swap leaves an i64 and then an i32: the i32 is on top.
               (call $swap (local.get 0) (local.get 1))
               (local.set 0)
               (local.set 1)
               (local.get 0) (local.get 1)))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "swap", |a: i32, b: i64| (b, a))?;
    let instance = linker.instantiate(&mut store, &module)?;
    let roundtrip = instance.get_typed_func::<(i32, i64), (i32, i64)>(&store, "roundtrip")?;
    let (a, b) = roundtrip.call(&mut store, (1, 2))?;
    println!("roundtrip(1, 2) = ({a}, {b})");
    assert_eq!((a, b), (1, 2));
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

//! The first program: a `sum` function called in a loop from the host.
//!
//! `cargo run --example sum`

use awe::{Engine, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (func (export "sum") (param $a i32) (param $b i32) (result i32)
               local.get $a
               local.get $b
               i32.add))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let sum = instance.get_typed_func::<(i32, i32), i32>(&store, "sum")?;

    let mut total = 0;
    for i in 0..1000 {
        total = sum.call(&mut store, (total, i))?;
    }
    println!("0 + 1 + ... + 999 = {total}");
    assert_eq!(total, 499_500);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

//! Hello, world: wasm calls a host function, which prints.
//!
//! `cargo run --example hello`

use awe::{Caller, Engine, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "hello" (func $hello))
             (func (export "run") (call $hello)))"#,
    )?;
    // The store's data: what the host function counts.
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "hello", |mut caller: Caller<'_, u32>| {
        println!("Hello, world!");
        *caller.data_mut() += 1;
    })?;
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<(), ()>(&store, "run")?;
    run.call(&mut store, ())?;
    assert_eq!(*store.data(), 1);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

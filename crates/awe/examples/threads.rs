//! Threads: one module and one linker shared by threads, each with its own store.
//!
//! `cargo run --example threads`

use awe::{Caller, Engine, Linker, Module, Store};
use std::sync::Arc;

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    // Compiled once; `Module` and `Linker` are `Send + Sync`.
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "id" (func $id (result i32)))
             (func (export "run") (param i32) (result i32)
               (i32.add (i32.mul (call $id) (i32.const 1000)) (local.get 0))))"#,
    )?;
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "id", |caller: Caller<'_, i32>| *caller.data())?;
    let linker = Arc::new(linker);
    let workers: Vec<_> = (1..=4)
        .map(|id| {
            let (engine, module, linker) = (engine.clone(), module.clone(), linker.clone());
            std::thread::spawn(move || -> awe::Result<i32> {
                let mut store = Store::new(&engine, id);
                let instance = linker.instantiate(&mut store, &module)?;
                let run = instance.get_typed_func::<i32, i32>(&store, "run")?;
                run.call(&mut store, 7)
            })
        })
        .collect();
    let results: Vec<i32> = workers
        .into_iter()
        .map(|w| w.join().expect("the thread ends"))
        .collect::<awe::Result<_>>()?;
    println!("{results:?}");
    assert_eq!(results, [1007, 2007, 3007, 4007]);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

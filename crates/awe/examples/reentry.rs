//! Host re-entry: a host function calls back into wasm, which calls the host again, to
//! a depth the engine bounds (an error, never a crash).
//!
//! `cargo run --example reentry`

use awe::{Caller, Engine, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "down" (func $down (param i32) (result i32)))
             (func (export "count") (param $n i32) (result i32)
               (if (result i32) (i32.eqz (local.get $n))
                 (then (i32.const 0))
                 (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1))))))))"#,
    )?;
    let mut linker = Linker::new(&engine);
    // `down(n)` calls the module's `count(n)` again: wasm -> host -> wasm -> ...
    linker.func_wrap(
        "host",
        "down",
        |mut caller: Caller<'_, ()>, n: i32| -> awe::Result<i32> {
            let count = caller
                .get_export("count")
                .and_then(|e| e.into_func())
                .expect("exported");
            count.typed::<i32, i32>(&caller)?.call(&mut caller, n)
        },
    )?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let count = instance.get_typed_func::<i32, i32>(&store, "count")?;
    println!("count(100) = {}", count.call(&mut store, 100)?);
    assert_eq!(count.call(&mut store, 100)?, 100);
    // Far too deep: a trap, "call stack exhausted".
    let e = count.call(&mut store, 10_000_000).unwrap_err();
    println!("count(10,000,000): {e}");
    assert_eq!(e.trap_code(), Some(awe::TrapCode::StackOverflow));
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

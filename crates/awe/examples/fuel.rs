//! Fuel: a computation stopped when it has used what it was given.
//!
//! `cargo run --example fuel`

use awe::{Config, Engine, Linker, Module, Store, TrapCode};

fn main() -> awe::Result<()> {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(
        &engine,
        r#"(module
             (func $fib (export "fib") (param $n i32) (result i32)
               (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
                 (then (local.get $n))
                 (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                                (call $fib (i32.sub (local.get $n) (i32.const 2))))))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let fib = instance.get_typed_func::<i32, i32>(&store, "fib")?;
    let mut last = 0;
    for n in 1.. {
        store.set_fuel(10_000)?;
        match fib.call(&mut store, n) {
            Ok(v) => {
                let used = 10_000 - store.get_fuel()?;
                println!("fib({n}) = {v}, {used} fuel");
                last = n;
            }
            Err(e) if e.trap_code() == Some(TrapCode::OutOfFuel) => {
                println!("fib({n}) ran out of fuel");
                break;
            }
            Err(e) => return Err(e),
        }
    }
    assert!((10..30).contains(&last), "{last}");
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

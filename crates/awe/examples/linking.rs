//! Two modules linked by name: one defines a memory and a function, the other imports
//! both through the linker.
//!
//! `cargo run --example linking`

use awe::{Engine, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let library = Module::new(
        &engine,
        r#"(module
             (memory (export "memory") 1)
             (func (export "double") (param i32) (result i32)
               (i32.mul (local.get 0) (i32.const 2))))"#,
    )?;
    let program = Module::new(
        &engine,
        r#"(module
             (import "lib" "memory" (memory 1))
             (import "lib" "double" (func $double (param i32) (result i32)))
             (func (export "run") (result i32)
               (i32.store (i32.const 0) (call $double (i32.const 21)))
               (i32.load (i32.const 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let lib = linker.instantiate(&mut store, &library)?;
    linker.instance(&mut store, "lib", lib)?;
    let instance = linker.instantiate(&mut store, &program)?;
    let run = instance.get_typed_func::<(), i32>(&store, "run")?;
    let answer = run.call(&mut store, ())?;
    // The program wrote into the library's memory.
    let memory = lib.get_memory(&store, "memory").expect("exported");
    let stored = i32::from_le_bytes(memory.data(&store)[..4].try_into().expect("4 bytes"));
    println!("run() = {answer}, and the library's memory holds {stored}");
    assert_eq!((answer, stored), (42, 42));
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

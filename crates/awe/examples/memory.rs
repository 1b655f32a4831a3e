//! Memories both ways: one created by the host and imported by the module, and one
//! exported by the module from which the host reads the string its data segment put
//! there.
//!
//! `cargo run --example memory`

use awe::{Engine, Linker, MemType, Memory, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());

    // A memory exported by the module: its data segment writes "Hello".
    let exporter = Module::new(
        &engine,
        r#"(module
             (memory (export "memory") 1)
             (data (i32.const 1024) "Hello")
             (func (export "greeting") (result i32 i32) (i32.const 1024) (i32.const 5)))"#,
    )?;
    let instance = Linker::new(&engine).instantiate(&mut store, &exporter)?;
    let (ptr, len) = instance
        .get_typed_func::<(), (i32, i32)>(&store, "greeting")?
        .call(&mut store, ())?;
    let memory = instance
        .get_memory(&store, "memory")
        .expect("exported memory");
    let text = std::str::from_utf8(&memory.data(&store)[ptr as usize..(ptr + len) as usize])
        .expect("UTF-8")
        .to_owned();
    println!("the module says: {text}");
    assert_eq!(text, "Hello");

    // A memory created by the host and imported by the module, which sums its bytes.
    let shared = Memory::new(&mut store, MemType::new(1, Some(2)))?;
    shared.write(&mut store, 0, &[1, 2, 3, 4, 5])?;
    let importer = Module::new(
        &engine,
        r#"(module
             (import "host" "memory" (memory 1))
             (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
               (block $done (loop $next
                 (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                 (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
                 (local.set $i (i32.add (local.get $i) (i32.const 1)))
                 (br $next)))
               (local.get $s))
             (func (export "grow") (result i32) (memory.grow (i32.const 1))))"#,
    )?;
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "memory", shared)?;
    let instance = linker.instantiate(&mut store, &importer)?;
    let sum = instance
        .get_typed_func::<i32, i32>(&store, "sum")?
        .call(&mut store, 5)?;
    println!("the module sums the host's bytes: {sum}");
    assert_eq!(sum, 15);
    // Growth by the module is visible to the host.
    instance
        .get_typed_func::<(), i32>(&store, "grow")?
        .call(&mut store, ())?;
    assert_eq!(shared.size(&store), 2);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

//! A table of functions driven by `call_indirect`: a tiny calculator.
//!
//! `cargo run --example table`

use awe::{Engine, Linker, Module, Store, TrapCode};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (type $binop (func (param i32 i32) (result i32)))
             (table 4 funcref)
             (elem (i32.const 0) $add $sub $mul)
             (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
             (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
             (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))
             (func (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
               (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let apply = instance.get_typed_func::<(i32, i32, i32), i32>(&store, "apply")?;
    for (op, name) in ["add", "sub", "mul"].iter().enumerate() {
        let r = apply.call(&mut store, (op as i32, 6, 7))?;
        println!("{name}(6, 7) = {r}");
    }
    assert_eq!(apply.call(&mut store, (2, 6, 7))?, 42);
    // Slot 3 is empty, slot 4 is past the end.
    let e = apply.call(&mut store, (3, 1, 1)).unwrap_err();
    println!("apply(3, ..): {e}");
    assert_eq!(e.trap_code(), Some(TrapCode::UninitializedElement));
    assert_eq!(
        apply.call(&mut store, (4, 1, 1)).unwrap_err().trap_code(),
        Some(TrapCode::UndefinedElement)
    );
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

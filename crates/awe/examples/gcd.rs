//! Euclid's algorithm in wasm, called with Rust types.
//!
//! `cargo run --example gcd`

use awe::{Engine, Linker, Module, Store};

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (func $gcd (export "gcd") (param $a i32) (param $b i32) (result i32)
               (local $t i32)
               (block $done
                 (loop $again
                   (br_if $done (i32.eqz (local.get $b)))
                   (local.set $t (i32.rem_u (local.get $a) (local.get $b)))
                   (local.set $a (local.get $b))
                   (local.set $b (local.get $t))
                   (br $again)))
               (local.get $a)))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let gcd = instance.get_typed_func::<(i32, i32), i32>(&store, "gcd")?;
    let g = gcd.call(&mut store, (6, 27))?;
    println!("gcd(6, 27) = {g}");
    assert_eq!(g, 3);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

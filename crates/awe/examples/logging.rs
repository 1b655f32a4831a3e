//! A module that imports host logging functions (like `console.log`) and calls them.
//!
//! `cargo run --example logging`

use awe::{Caller, Engine, Extern, Linker, Module, Store};

/// What the host keeps: every line logged.
type Log = Vec<String>;

fn main() -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "console" "log_i32" (func $log_i32 (param i32)))
             (import "console" "log" (func $log (param i32 i32)))
             (memory (export "memory") 1)
             (data (i32.const 0) "counting down")
             (func (export "main")
               (local $i i32)
               (call $log (i32.const 0) (i32.const 13))
               (local.set $i (i32.const 3))
               (loop $again
                 (call $log_i32 (local.get $i))
                 (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                 (br_if $again (local.get $i)))))"#,
    )?;
    let mut store = Store::new(&engine, Log::new());
    let mut linker = Linker::new(&engine);
    linker.func_wrap(
        "console",
        "log_i32",
        |mut caller: Caller<'_, Log>, x: i32| {
            println!("log: {x}");
            caller.data_mut().push(x.to_string());
        },
    )?;
    linker.func_wrap(
        "console",
        "log",
        |mut caller: Caller<'_, Log>, ptr: i32, len: i32| -> awe::Result<()> {
            let memory = caller
                .get_export("memory")
                .and_then(Extern::into_memory)
                .ok_or_else(|| awe::Error::Usage("no memory exported".into()))?;
            let mut bytes = vec![0; len as usize];
            memory.read(&caller, ptr as usize, &mut bytes)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            println!("log: {text}");
            caller.data_mut().push(text);
            Ok(())
        },
    )?;
    let instance = linker.instantiate(&mut store, &module)?;
    instance
        .get_typed_func::<(), ()>(&store, "main")?
        .call(&mut store, ())?;
    assert_eq!(store.data(), &["counting down", "3", "2", "1"]);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

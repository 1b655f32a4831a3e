//! Interrupting a call that would run forever, from another thread.
//!
//! `cargo run --example interrupt`

use awe::{Config, Engine, Linker, Module, Store, TrapCode};
use std::time::{Duration, Instant};

fn main() -> awe::Result<()> {
    let mut config = Config::new();
    // Loops check for interrupts (calls always do).
    config.interruptible(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, r#"(module (func (export "run") (loop (br 0))))"#)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<(), ()>(&store, "run")?;
    let handle = store.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        println!("interrupting...");
        handle.interrupt();
    });
    let start = Instant::now();
    let e = run.call(&mut store, ()).unwrap_err();
    stopper.join().expect("the thread ends");
    println!("stopped after {:?}: {e}", start.elapsed());
    assert_eq!(e.trap_code(), Some(TrapCode::Interrupted));
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}

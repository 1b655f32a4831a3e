//! A WASI program: its `_start` writes to standard output through `fd_write`, and the
//! host gives it arguments. (`cargo run -p awe-wasi --example wasi`; the test captures
//! the output instead.)

use awe::{Engine, Linker, Module, Store};
use awe_wasi::{WasiCtx, WasiCtxBuilder};

const PROGRAM: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from WASI!\n")
  (func (export "_start")
    ;; One iovec at 0: the text at 16, 17 bytes; the count written goes to 8.
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 17))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;

/// Runs the program with `ctx`.
fn run(ctx: WasiCtx) -> awe::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, PROGRAM)?;
    let mut linker = Linker::new(&engine);
    awe_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
    let mut store = Store::new(&engine, ctx);
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
    match start.call(&mut store, ()) {
        Ok(()) => Ok(()),
        // `proc_exit(0)` ends a program normally.
        Err(e) if awe_wasi::exit_code(&e) == Some(0) => Ok(()),
        Err(e) => Err(e),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ctx = WasiCtxBuilder::new().arg("hello").inherit_stdio().build()?;
    run(ctx)?;
    Ok(())
}

#[test]
fn prints_hello() {
    let out = awe_wasi::MemoryOutput::new();
    let ctx = WasiCtxBuilder::new().stdout(out.clone()).build().unwrap();
    run(ctx).unwrap();
    assert_eq!(out.contents(), b"Hello from WASI!\n");
}

//! Tail calls through the embedding API: to host functions (whose results become the
//! caller's), from the function the host called, and with fuel counted as for calls.

use awe::{Caller, Config, Engine, Linker, Module, Store};

const MODULE: &str = r#"(module
  (import "host" "add" (func $add (param i32 i32) (result i32)))
  (import "host" "again" (func $again (param i32) (result i32)))
  (func $inc (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "add") (param i32 i32) (result i32) (return_call $add (local.get 0) (local.get 1)))
  (func (export "again") (param i32) (result i32) (return_call $again (local.get 0)))
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 42))
      (else (return_call $down (i32.sub (local.get 0) (i32.const 1)))))))"#;

fn instance(engine: &Engine, store: &mut Store<()>) -> awe::Instance {
    let module = Module::new(engine, MODULE).unwrap();
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "add", |a: i32, b: i32| a + b)
        .unwrap();
    // A host function that calls back into wasm, reached by a tail call.
    linker
        .func_wrap(
            "host",
            "again",
            |mut caller: Caller<'_, ()>, x: i32| -> awe::Result<i32> {
                let inc = caller
                    .get_export("inc")
                    .and_then(|e| e.into_func())
                    .unwrap();
                inc.typed::<i32, i32>(&caller)?.call(&mut caller, x)
            },
        )
        .unwrap();
    linker.instantiate(store, &module).unwrap()
}

#[test]
fn a_tail_call_to_the_host_returns_its_results() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let i = instance(&engine, &mut store);
    let add = i.get_typed_func::<(i32, i32), i32>(&store, "add").unwrap();
    assert_eq!(add.call(&mut store, (40, 2)).unwrap(), 42);
    let again = i.get_typed_func::<i32, i32>(&store, "again").unwrap();
    assert_eq!(again.call(&mut store, 41).unwrap(), 42);
}

#[test]
fn a_long_chain_of_tail_calls_neither_exhausts_the_stack_nor_escapes_fuel() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let i = instance(&engine, &mut store);
    let down = i.get_typed_func::<i32, i32>(&store, "down").unwrap();
    // Far deeper than the call depth limit.
    assert_eq!(down.call(&mut store, 3_000_000).unwrap(), 42);

    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    let mut store = Store::new(&engine, ());
    let i = instance(&engine, &mut store);
    let down = i.get_typed_func::<i32, i32>(&store, "down").unwrap();
    store.set_fuel(10_000).unwrap();
    let e = down.call(&mut store, 1_000_000).unwrap_err();
    assert_eq!(e.trap_code(), Some(awe::TrapCode::OutOfFuel));
}

/// Ten million mutually recursive tail calls (`$even` and `$odd` through each other, one
/// of the two ways through a table) on a thread of 256 KiB: constant stack, no "call
/// stack exhausted".
#[test]
fn ten_million_mutual_tail_calls_run_on_a_small_thread() {
    const EVEN_ODD: &str = r#"(module
      (type $t (func (param i64) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) $odd)
      (func $even (export "even") (param i64) (result i32)
        (if (result i32) (i64.eqz (local.get 0))
          (then (i32.const 1))
          (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1))
                                      (i32.const 0)))))
      (func $odd (param i64) (result i32)
        (if (result i32) (i64.eqz (local.get 0))
          (then (i32.const 0))
          (else (return_call $even (i64.sub (local.get 0) (i64.const 1)))))))"#;
    let run = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(|| {
            let engine = Engine::default();
            let module = Module::new(&engine, EVEN_ODD).unwrap();
            let mut store = Store::new(&engine, ());
            let i = Linker::new(&engine)
                .instantiate(&mut store, &module)
                .unwrap();
            let even = i.get_typed_func::<i64, i32>(&store, "even").unwrap();
            (
                even.call(&mut store, 10_000_000).unwrap(),
                even.call(&mut store, 10_000_001).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(run.join().unwrap(), (1, 0));
}

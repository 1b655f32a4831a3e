//! Programs written the way wasmtime's documentation writes them, compiled against awe
//! by renaming the crate: what porting by renaming means. (Where awe still differs:
//! `Trap` is a struct with a code, not an enum; `Rooted<ExternRef>` is the reference
//! itself, as awe's references live as long as their store.)

use awe as wasmtime;
use wasmtime::*;

#[test]
fn hello_with_an_instance_and_its_imports() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (func $hello (import "" "hello")) (func (export "run") (call $hello)))"#,
    )?;
    let mut store = Store::new(&engine, 4);
    let hello_func = Func::wrap(&mut store, |mut caller: Caller<'_, u32>| {
        *caller.data_mut() += 1;
    });
    let imports = [hello_func.into()];
    let instance = Instance::new(&mut store, &module, &imports)?;
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
    run.call(&mut store, ())?;
    assert_eq!(*store.data(), 5);
    Ok(())
}

#[test]
fn memory_from_both_sides() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (memory (export "memory") 2 3)
             (func (export "size") (result i32) (memory.size))
             (func (export "load") (param i32) (result i32) (i32.load8_s (local.get 0)))
             (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
             (data (i32.const 0x1000) "\01\02\03\04"))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let memory = instance
        .get_memory(&mut store, "memory")
        .ok_or(Error::msg("failed to find `memory` export"))?;
    let size = instance.get_typed_func::<(), i32>(&mut store, "size")?;
    let load_fn = instance.get_typed_func::<i32, i32>(&mut store, "load")?;
    let store_fn = instance.get_typed_func::<(i32, i32), ()>(&mut store, "store")?;
    assert_eq!(memory.size(&store), 2);
    assert_eq!(memory.data_size(&store), 0x20000);
    assert_eq!(memory.data_mut(&mut store)[0], 0);
    assert_eq!(memory.data_mut(&mut store)[0x1000], 1);
    assert_eq!(size.call(&mut store, ())?, 2);
    assert_eq!(load_fn.call(&mut store, 0x1002)?, 3);
    memory.data_mut(&mut store)[0x1003] = 5;
    store_fn.call(&mut store, (0x1002, 6))?;
    assert_eq!(memory.data(&store)[0x1002], 6);
    assert_eq!(load_fn.call(&mut store, 0x1003)?, 5);
    memory.grow(&mut store, 1)?;
    assert!(memory.grow(&mut store, 1).is_err());
    let memorytype = MemoryType::new(5, Some(5));
    let memory2 = Memory::new(&mut store, memorytype)?;
    assert_eq!(memory2.size(&store), 5);
    Ok(())
}

#[test]
fn a_linker_with_host_functions_and_a_reactor() -> Result<()> {
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "double", |x: i32| x * 2)?;
    linker.func_wrap("host", "log", |mut caller: Caller<'_, Vec<i32>>, x: i32| {
        caller.data_mut().push(x);
    })?;
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "double" (func $double (param i32) (result i32)))
             (import "host" "log" (func $log (param i32)))
             (func (export "") (call $log (call $double (i32.const 21)))))"#,
    )?;
    let mut store = Store::new(&engine, Vec::new());
    linker.module(&mut store, "", &module)?;
    linker
        .get_default(&mut store, "")?
        .typed::<(), ()>(&store)?
        .call(&mut store, ())?;
    assert_eq!(store.data(), &[42]);
    Ok(())
}

#[test]
fn fuel_and_epochs() -> Result<()> {
    let mut config = Config::new();
    config.consume_fuel(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, r#"(module (func (export "spin") (loop (br 0))))"#)?;
    let mut store = Store::new(&engine, ());
    store.set_fuel(10_000)?;
    let instance = Instance::new(&mut store, &module, &[])?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    assert_eq!(store.get_fuel()?, 0);
    store.set_fuel(u64::MAX)?;
    store.set_epoch_deadline(1);
    store.epoch_deadline_trap();
    engine.increment_epoch();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert!(err.downcast_ref::<Trap>().is_some());
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
    Ok(())
}

#[test]
fn multiple_results_both_ways() -> Result<()> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let callback_func = Func::wrap(&mut store, |a: i32, b: i64| -> (i64, i32) {
        (b + 1, a + 1)
    });
    let module = Module::new(
        &engine,
        r#"(module
             (func $f (import "" "f") (param i32 i64) (result i64 i32))
             (func (export "g") (param i32 i64) (result i64 i32)
               (call $f (local.get 0) (local.get 1))))"#,
    )?;
    let instance = Instance::new(&mut store, &module, &[callback_func.into()])?;
    let g = instance.get_typed_func::<(i32, i64), (i64, i32)>(&mut store, "g")?;
    assert_eq!(g.call(&mut store, (1, 3))?, (4, 2));
    Ok(())
}

#[test]
#[allow(unsafe_code)]
fn serialize_and_deserialize() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (func (export "answer") (result i32) i32.const 42))"#,
    )?;
    let bytes = module.serialize()?;
    let module = unsafe { Module::deserialize(&engine, &bytes)? };
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let answer = instance.get_typed_func::<(), i32>(&mut store, "answer")?;
    assert_eq!(answer.call(&mut store, ())?, 42);
    Ok(())
}

#[test]
fn externref_with_host_data() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (table $t 1 externref)
             (func (export "swap") (param externref) (result externref)
               (table.get $t (i32.const 0))
               (table.set $t (i32.const 0) (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let swap = instance.get_typed_func::<Option<Rooted<ExternRef>>, Option<Rooted<ExternRef>>>(
        &mut store, "swap",
    )?;
    let hello = ExternRef::new(&mut store, "Hello, World!")?;
    assert!(swap.call(&mut store, Some(hello))?.is_none());
    let back = swap.call(&mut store, None)?.expect("kept in the table");
    let data = back.data(&store)?.expect("host data");
    assert_eq!(data.downcast_ref::<&'static str>(), Some(&"Hello, World!"));
    Ok(())
}

#[test]
fn io_errors_go_up_with_question_marks() {
    fn load(engine: &Engine, path: &str) -> Result<Module> {
        let bytes = std::fs::read(path)?;
        Module::new(engine, bytes)
    }
    let err = load(&Engine::default(), "/nonexistent/m.wasm").unwrap_err();
    assert!(err.to_string().contains("No such file"), "{err}");
}

#[test]
fn one_module_in_many_threads() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (func (export "square") (param i32) (result i32)
             (i32.mul (local.get 0) (local.get 0))))"#,
    )?;
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let engine = engine.clone();
            let module = module.clone();
            std::thread::spawn(move || -> Result<i32> {
                let mut store = Store::new(&engine, ());
                let instance = Instance::new(&mut store, &module, &[])?;
                let square = instance.get_typed_func::<i32, i32>(&mut store, "square")?;
                square.call(&mut store, i)
            })
        })
        .collect();
    let squares: Vec<i32> = handles
        .into_iter()
        .map(|h| h.join().expect("no panic"))
        .collect::<Result<_>>()?;
    assert_eq!(squares, [0, 1, 4, 9]);
    Ok(())
}

#[test]
fn a_host_function_calls_back_into_wasm() -> Result<()> {
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    linker.func_wrap(
        "host",
        "twice",
        |mut caller: Caller<'_, ()>, x: i32| -> Result<i32> {
            let inc = caller
                .get_export("inc")
                .and_then(Extern::into_func)
                .expect("exported");
            let inc = inc.typed::<i32, i32>(&caller)?;
            let once = inc.call(&mut caller, x)?;
            inc.call(&mut caller, once)
        },
    )?;
    let module = Module::new(
        &engine,
        r#"(module (import "host" "twice" (func $twice (param i32) (result i32)))
             (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
             (func (export "run") (param i32) (result i32) (call $twice (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    assert_eq!(run.call(&mut store, 40)?, 42);
    Ok(())
}

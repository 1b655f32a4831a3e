//! The linker as wasmtime's: one per engine for any number of stores and threads, host
//! functions of no store, names defined once unless shadowing is allowed, aliases,
//! modules as commands and reactors, default functions, unknown imports as traps, and
//! imports resolved once (`InstancePre`).

use awe::{Caller, Engine, Error, FuncType, Linker, Module, Store, Val, ValType};
use std::sync::Arc;

/// Calls `env.bump` (which counts calls in the store's data) and returns its result.
const BUMPER: &str = r#"(module
  (import "env" "bump" (func $bump (result i32)))
  (export "bump" (func $bump))
  (func (export "run") (result i32) (call $bump)))"#;

fn bump_linker(engine: &Engine) -> Linker<u32> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("env", "bump", |mut caller: Caller<'_, u32>| {
            *caller.data_mut() += 1;
            *caller.data() as i32
        })
        .unwrap();
    linker
}

fn call_i32(store: &mut Store<u32>, inst: &awe::Instance, name: &str) -> Result<i32, Error> {
    inst.get_typed_func::<(), i32>(&*store, name)?
        .call(store, ())
}

#[test]
fn one_linker_serves_many_stores_on_many_threads() {
    let engine = Engine::default();
    let module = Module::new(&engine, BUMPER).unwrap();
    let linker = Arc::new(bump_linker(&engine));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (engine, module, linker) = (engine.clone(), module.clone(), linker.clone());
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, 0u32);
                let inst = linker.instantiate(&mut store, &module).unwrap();
                (0..3)
                    .map(|_| call_i32(&mut store, &inst, "run").unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        // Each store counts its own calls.
        assert_eq!(t.join().unwrap(), [1, 2, 3]);
    }
}

#[test]
fn a_store_makes_one_function_of_a_linker_host_function() {
    let engine = Engine::default();
    let module = Module::new(&engine, BUMPER).unwrap();
    let linker = bump_linker(&engine);
    let mut store = Store::new(&engine, 0u32);
    let a = linker.instantiate(&mut store, &module).unwrap();
    let b = linker.instantiate(&mut store, &module).unwrap();
    assert_eq!(a.get_func(&store, "bump"), b.get_func(&store, "bump"));
    assert_eq!(
        linker.get(&mut store, "env", "bump").unwrap().into_func(),
        a.get_func(&store, "bump")
    );
}

#[test]
fn func_new_takes_a_type_and_vals() {
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    let ty = FuncType::new([ValType::I64, ValType::I64], [ValType::I64]);
    linker
        .func_new("env", "sub", ty, |_: Caller<'_, ()>, args, results| {
            results[0] = Val::I64(args[0].i64().unwrap() - args[1].i64().unwrap());
            Ok(())
        })
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "sub" (func $sub (param i64 i64) (result i64)))
             (func (export "run") (result i64) (call $sub (i64.const 50) (i64.const 8))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let run = inst.get_typed_func::<(), i64>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 42);
}

#[test]
fn a_name_is_defined_once_unless_shadowing_is_allowed() {
    let engine = Engine::default();
    let mut linker = bump_linker(&engine);
    let e = linker.func_wrap("env", "bump", || 7).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#""env" "bump" is defined twice (see Linker::allow_shadowing)"#
    );
    linker.allow_shadowing(true);
    linker.func_wrap("env", "bump", || 7).unwrap();
    let module = Module::new(&engine, BUMPER).unwrap();
    let mut store = Store::new(&engine, 0u32);
    let inst = linker.instantiate(&mut store, &module).unwrap();
    assert_eq!(call_i32(&mut store, &inst, "run").unwrap(), 7);
}

#[test]
fn aliases_name_a_definition_again() {
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("a", "one", || 1).unwrap();
    linker.func_wrap("a", "two", || 2).unwrap();
    linker.alias("a", "one", "b", "uno").unwrap();
    linker.alias_module("a", "c").unwrap();
    let module = Module::new(
        &engine,
        r#"(module (import "b" "uno" (func $x (result i32)))
                   (import "c" "two" (func $y (result i32)))
             (func (export "run") (result i32) (i32.add (call $x) (i32.mul (call $y) (i32.const 10)))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, 0u32);
    let inst = linker.instantiate(&mut store, &module).unwrap();
    assert_eq!(call_i32(&mut store, &inst, "run").unwrap(), 21);
    let e = linker.alias("a", "three", "b", "tres").unwrap_err();
    assert_eq!(e.to_string(), r#""a" "three" is not defined"#);
}

#[test]
fn a_reactor_is_instantiated_once_and_initialized() {
    let engine = Engine::default();
    let reactor = Module::new(
        &engine,
        r#"(module (global $g (mut i32) (i32.const 0))
             (func (export "_initialize") (global.set $g (i32.const 100)))
             (func (export "next") (result i32)
               (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))"#,
    )
    .unwrap();
    let user = Module::new(
        &engine,
        r#"(module (import "lib" "next" (func $next (result i32)))
             (func (export "run") (result i32) (call $next)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    let mut store = Store::new(&engine, 0u32);
    linker.module(&mut store, "lib", &reactor).unwrap();
    let inst = linker.instantiate(&mut store, &user).unwrap();
    // One instance: its state goes on from `_initialize`'s.
    assert_eq!(call_i32(&mut store, &inst, "run").unwrap(), 101);
    assert_eq!(call_i32(&mut store, &inst, "run").unwrap(), 102);
}

#[test]
fn a_command_gets_a_fresh_instance_for_each_call() {
    let engine = Engine::default();
    let command = Module::new(
        &engine,
        r#"(module (global $g (mut i32) (i32.const 0))
             (func (export "_start"))
             (func (export "next") (result i32)
               (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))"#,
    )
    .unwrap();
    let user = Module::new(
        &engine,
        r#"(module (import "cmd" "next" (func $next (result i32)))
             (func (export "run") (result i32) (call $next)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    let mut store = Store::new(&engine, 0u32);
    linker.module(&mut store, "cmd", &command).unwrap();
    let inst = linker.instantiate(&mut store, &user).unwrap();
    assert_eq!(call_i32(&mut store, &inst, "run").unwrap(), 1);
    assert_eq!(call_i32(&mut store, &inst, "run").unwrap(), 1);
}

#[test]
fn get_default_finds_the_default_export_or_start() {
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    let mut store = Store::new(&engine, 0u32);
    let with_start = Module::new(
        &engine,
        r#"(module (import "env" "bump" (func $bump (result i32)))
             (func (export "_start") (drop (call $bump))))"#,
    )
    .unwrap();
    linker
        .func_wrap("env", "bump", |mut caller: Caller<'_, u32>| {
            *caller.data_mut() += 1;
            0
        })
        .unwrap();
    let inst = linker.instantiate(&mut store, &with_start).unwrap();
    linker.instance(&mut store, "prog", inst).unwrap();
    let f = linker.get_default(&mut store, "prog").unwrap();
    f.call(&mut store, &[], &mut []).unwrap();
    assert_eq!(*store.data(), 1);
    // Nothing to run: a function that does nothing.
    let f = linker.get_default(&mut store, "nothing").unwrap();
    f.call(&mut store, &[], &mut []).unwrap();
    assert_eq!(*store.data(), 1);
}

#[test]
fn unknown_imports_can_be_traps() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "missing" (func $m (param i32)))
             (func (export "ok") (result i32) (i32.const 5))
             (func (export "bad") (call $m (i32.const 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    let mut store = Store::new(&engine, ());
    let e = linker.instantiate(&mut store, &module).unwrap_err();
    assert_eq!(e.to_string(), r#"unknown import: "env" "missing""#);
    linker.define_unknown_imports_as_traps(&module).unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let ok = inst.get_typed_func::<(), i32>(&store, "ok").unwrap();
    assert_eq!(ok.call(&mut store, ()).unwrap(), 5);
    let bad = inst.get_typed_func::<(), ()>(&store, "bad").unwrap();
    let e = bad.call(&mut store, ()).unwrap_err();
    assert!(
        e.trap_code().is_none(),
        "a host error, not a wasm trap code"
    );
    assert!(
        e.to_string()
            .contains(r#"unknown import "env" "missing" was called"#),
        "{e}"
    );
}

#[test]
fn instance_pre_resolves_imports_once_for_many_stores() {
    let engine = Engine::default();
    let module = Module::new(&engine, BUMPER).unwrap();
    let pre = bump_linker(&engine).instantiate_pre(&module).unwrap();
    for _ in 0..3 {
        let mut store = Store::new(&engine, 10u32);
        let inst = pre.instantiate(&mut store).unwrap();
        assert_eq!(call_i32(&mut store, &inst, "run").unwrap(), 11);
    }
    // Its checks come first: a host function of the wrong type, an unknown import.
    let mut wrong = Linker::<u32>::new(&engine);
    wrong.func_wrap("env", "bump", |x: i32| x).unwrap();
    let e = wrong.instantiate_pre(&module).err().unwrap();
    assert!(e.to_string().starts_with("incompatible import type"), "{e}");
    let e = Linker::<u32>::new(&engine)
        .instantiate_pre(&module)
        .err()
        .unwrap();
    assert_eq!(e.to_string(), r#"unknown import: "env" "bump""#);
}

#[test]
fn a_module_of_another_engine_is_refused() {
    let module = Module::new(&Engine::default(), BUMPER).unwrap();
    let linker = bump_linker(&Engine::default());
    let e = linker.instantiate_pre(&module).err().unwrap();
    assert_eq!(
        e.to_string(),
        "the module and the linker belong to different engines"
    );
}

#[test]
fn a_trap_of_a_command_call_reaches_the_caller() {
    let engine = Engine::default();
    let command = Module::new(
        &engine,
        r#"(module (func (export "_start")) (func (export "boom") unreachable))"#,
    )
    .unwrap();
    let user = Module::new(
        &engine,
        r#"(module (import "cmd" "boom" (func $boom)) (func (export "run") (call $boom)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    let mut store = Store::new(&engine, 0u32);
    linker.module(&mut store, "cmd", &command).unwrap();
    let inst = linker.instantiate(&mut store, &user).unwrap();
    let run = inst.get_typed_func::<(), ()>(&store, "run").unwrap();
    let e = run.call(&mut store, ()).unwrap_err();
    assert!(e.to_string().contains("unreachable"), "{e}");
}

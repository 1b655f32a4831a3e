//! The engine through the embedding API: semantics, traps with the spec's messages,
//! and the safety limits (fuel, call depth, memory and table growth).

use awe::{Caller, Config, Engine, Error, Extern, Func, Linker, Module, Store, TrapCode, Val};

fn instance(wat: &str) -> (Store<()>, awe::Instance) {
    instance_with(&Engine::default(), wat)
}

fn instance_with(engine: &Engine, wat: &str) -> (Store<()>, awe::Instance) {
    let engine = engine.clone();
    let module = Module::new(&engine, wat).unwrap_or_else(|e| panic!("{e}"));
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_or_else(|e| panic!("{e}"));
    (store, instance)
}

fn trap_of(r: Result<impl std::fmt::Debug, Error>) -> TrapCode {
    match r {
        Err(e) => e
            .trap_code()
            .unwrap_or_else(|| panic!("not a wasm trap: {e}")),
        Ok(v) => panic!("no trap: {v:?}"),
    }
}

const FIB: &str = r#"(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "fib_iter") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a)))"#;

#[test]
fn recursion_and_loops() {
    let (mut store, inst) = instance(FIB);
    let fib = inst.get_typed_func::<i32, i32>(&store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 20).unwrap(), 6765);
    let fib_iter = inst.get_typed_func::<i32, i64>(&store, "fib_iter").unwrap();
    assert_eq!(fib_iter.call(&mut store, 90).unwrap(), 2880067194370816120);
}

#[test]
fn multi_value_and_block_params() {
    let (mut store, inst) = instance(
        r#"(module
          (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
          (func (export "sum3") (param i32 i32 i32) (result i32)
            (local.get 0) (local.get 1) (local.get 2)
            (block (param i32 i32) (result i32) (i32.add))
            (i32.add)))"#,
    );
    let swap = inst
        .get_typed_func::<(i32, i32), (i32, i32)>(&store, "swap")
        .unwrap();
    assert_eq!(swap.call(&mut store, (1, 2)).unwrap(), (2, 1));
    let sum3 = inst
        .get_typed_func::<(i32, i32, i32), i32>(&store, "sum3")
        .unwrap();
    assert_eq!(sum3.call(&mut store, (1, 2, 3)).unwrap(), 6);
}

#[test]
fn traps_have_the_spec_messages() {
    let (mut store, inst) = instance(
        r#"(module
          (memory 1)
          (table 2 funcref)
          (elem (i32.const 0) $f)
          (type $t (func (result i32)))
          (func $f (param i32))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "unreachable") (unreachable))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
          (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0))))"#,
    );
    let div = inst
        .get_typed_func::<(i32, i32), i32>(&store, "div")
        .unwrap();
    assert_eq!(div.call(&mut store, (7, 2)).unwrap(), 3);
    assert_eq!(
        trap_of(div.call(&mut store, (1, 0))),
        TrapCode::IntegerDivideByZero
    );
    assert_eq!(
        trap_of(div.call(&mut store, (i32::MIN, -1))),
        TrapCode::IntegerOverflow
    );
    let u = inst
        .get_typed_func::<(), ()>(&store, "unreachable")
        .unwrap();
    let e = u.call(&mut store, ()).unwrap_err();
    assert_eq!(e.to_string(), "unreachable");
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    assert_eq!(load.call(&mut store, 65532).unwrap(), 0);
    assert_eq!(
        trap_of(load.call(&mut store, 65533)),
        TrapCode::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of(load.call(&mut store, -1)),
        TrapCode::MemoryOutOfBounds
    );
    let trunc = inst.get_typed_func::<f32, i32>(&store, "trunc").unwrap();
    assert_eq!(
        trap_of(trunc.call(&mut store, f32::NAN)),
        TrapCode::InvalidConversionToInteger
    );
    assert_eq!(
        trap_of(trunc.call(&mut store, 3e9)),
        TrapCode::IntegerOverflow
    );
    let call = inst.get_typed_func::<i32, i32>(&store, "call").unwrap();
    assert_eq!(
        trap_of(call.call(&mut store, 0)),
        TrapCode::IndirectCallTypeMismatch
    );
    assert_eq!(
        trap_of(call.call(&mut store, 1)),
        TrapCode::UninitializedElement
    );
    assert_eq!(
        trap_of(call.call(&mut store, 2)),
        TrapCode::UndefinedElement
    );
    // The store is still usable after traps.
    assert_eq!(div.call(&mut store, (9, 3)).unwrap(), 3);
}

/// Wasm-to-wasm calls do not recurse on the native stack: 10,000 nested calls fit in a
/// 128 KiB thread (the interpreter's own frame, in a debug build, is most of that).
#[test]
fn unbounded_recursion_is_call_stack_exhausted_even_on_a_small_thread_stack() {
    let r = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(|| {
            let (mut store, inst) = instance(r#"(module (func $f (export "f") (call $f)))"#);
            let f = inst.get_typed_func::<(), ()>(&store, "f").unwrap();
            trap_of(f.call(&mut store, ()))
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(r, TrapCode::StackOverflow);
    assert_eq!(r.to_string(), "call stack exhausted");
}

#[test]
fn fuel_bounds_an_infinite_loop() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, r#"(module (func (export "spin") (loop (br 0))))"#).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(100_000).unwrap();
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    assert_eq!(trap_of(spin.call(&mut store, ())), TrapCode::OutOfFuel);
    assert_eq!(store.get_fuel().unwrap(), 0);
}

#[test]
fn memory_grow_stops_at_the_maximum_and_the_store_limit() {
    let (mut store, inst) = instance(
        r#"(module (memory (export "mem") 1 10)
          (func (export "grow_all") (result i32) (local $n i32)
            (block $full (loop $more
              (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (br $more)))
            (local.get $n)))"#,
    );
    let grow_all = inst.get_typed_func::<(), i32>(&store, "grow_all").unwrap();
    assert_eq!(grow_all.call(&mut store, ()).unwrap(), 9);
    let mem = inst.get_memory(&store, "mem").unwrap();
    assert_eq!(mem.size(&store), 10);
    // A store limit below the module's own maximum also stops growth.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1) (func (export "g") (result i32) (memory.grow (i32.const 100))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    store.limits(awe::StoreLimits {
        memory_pages: Some(50),
        ..Default::default()
    });
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let g = inst.get_typed_func::<(), i32>(&store, "g").unwrap();
    assert_eq!(g.call(&mut store, ()).unwrap(), -1);
}

#[test]
fn huge_table_is_a_clean_error() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (table 4000000000 funcref))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let e = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(e.to_string().contains("exceeds the limit"), "{e}");
    let module = Module::new(
        &engine,
        r#"(module (table 1 funcref) (func (export "g") (result i32)
        (table.grow (ref.null func) (i32.const 2000000000))))"#,
    )
    .unwrap();
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let g = inst.get_typed_func::<(), i32>(&store, "g").unwrap();
    assert_eq!(g.call(&mut store, ()).unwrap(), -1);
}

#[test]
fn host_functions_reach_memory_through_the_caller() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "env" "log" (func $log (param i32 i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "Hello")
          (func (export "run") (call $log (i32.const 16) (i32.const 5))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, Vec::<String>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "log",
            |mut caller: Caller<'_, Vec<String>>, ptr: i32, len: i32| {
                let mem = caller
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .unwrap();
                let bytes = mem.data(&caller)[ptr as usize..(ptr + len) as usize].to_vec();
                caller.data_mut().push(String::from_utf8(bytes).unwrap());
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    inst.get_typed_func::<(), ()>(&store, "run")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(store.data(), &["Hello".to_string()]);
}

#[test]
fn host_errors_become_traps_and_untyped_calls_work() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "fail" (func $fail (param i64) (result i64)))
           (func (export "run") (param i64) (result i64) (call $fail (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let ty = awe::FuncType::new([awe::ValType::I64], [awe::ValType::I64]);
    let fail = Func::new(&mut store, ty, |_c, args, results| {
        if args[0] == Val::I64(0) {
            return Err(Error::Usage("refused".into()));
        }
        results[0] = Val::I64(args[0].i64().unwrap() * 3);
        Ok(())
    });
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "fail", fail).unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let run = inst.get_func(&store, "run").unwrap();
    let mut out = [Val::I64(0)];
    run.call(&mut store, &[Val::I64(5)], &mut out).unwrap();
    assert_eq!(out[0], Val::I64(15));
    let e = run.call(&mut store, &[Val::I64(0)], &mut out).unwrap_err();
    assert!(e.to_string().contains("refused"), "{e}");
    assert!(run.call(&mut store, &[Val::I32(0)], &mut out).is_err());
}

#[test]
fn missing_and_incompatible_imports_are_link_errors() {
    let engine = Engine::default();
    let module = Module::new(&engine, r#"(module (import "env" "f" (func (param i32))))"#).unwrap();
    let mut store = Store::new(&engine, ());
    let e = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(
        matches!(e, Error::Link(_)) && e.to_string().starts_with("unknown import"),
        "{e}"
    );
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "f", |_: i64| {}).unwrap();
    let e = linker.instantiate(&mut store, &module).unwrap_err();
    assert!(
        matches!(e, Error::Link(_)) && e.to_string().starts_with("incompatible import type"),
        "{e}"
    );
}

#[test]
fn another_thread_can_interrupt_a_running_call() {
    let engine = Engine::new(awe::Config::new().interruptible(true)).unwrap();
    let (mut store, inst) = instance_with(
        &engine,
        r#"(module (func (export "spin") (loop (br 0)))
                   (func (export "f") (result i32) (i32.const 7)))"#,
    );
    let handle = store.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    assert_eq!(trap_of(spin.call(&mut store, ())), TrapCode::Interrupted);
    stopper.join().unwrap();
    // The flag is consumed: the next call runs normally.
    let (mut store2, inst2) =
        instance(r#"(module (func (export "f") (result i32) (i32.const 7)))"#);
    let f = inst2.get_typed_func::<(), i32>(&store2, "f").unwrap();
    assert_eq!(f.call(&mut store2, ()).unwrap(), 7);
}

#[test]
fn calls_notice_an_interrupt_even_when_loops_do_not_check() {
    // Exponential recursion without loops: only its calls can notice the flag.
    let (mut store, inst) = instance(
        r#"(module (func $f (export "f") (param i32) (result i32)
             (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
               (then (local.get 0))
               (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1)))
                              (call $f (i32.sub (local.get 0) (i32.const 2))))))))"#,
    );
    let handle = store.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    // fib(60) would take centuries.
    assert_eq!(trap_of(f.call(&mut store, 60)), TrapCode::Interrupted);
    stopper.join().unwrap();
}

/// `f(n)` calls the host's `reenter(n + 1)`, which calls `f` again: recursion through
/// the host, which nests the interpreter on the native stack.
const REENTER: &str = r#"(module
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "f") (param i32) (result i32)
    (call $reenter (i32.add (local.get 0) (i32.const 1)))))"#;

/// Recurses wasm → host → wasm ... with `max_call_depth` on a thread of `stack` bytes
/// (the test's own thread if `None`); the trap ending it and the deepest level reached.
fn reenter_until_it_stops(stack: Option<usize>, max_call_depth: usize) -> (TrapCode, u32) {
    let run = move || {
        let engine = Engine::new(Config::new().max_call_depth(max_call_depth)).unwrap();
        let module = Module::new(&engine, REENTER).unwrap();
        let mut store = Store::new(&engine, 0u32);
        let mut linker = Linker::new(&engine);
        linker
            .func_wrap(
                "env",
                "reenter",
                |mut caller: Caller<'_, u32>, n: i32| -> awe::Result<i32> {
                    *caller.data_mut() = n as u32;
                    let f = caller
                        .get_export("f")
                        .and_then(Extern::into_func)
                        .unwrap()
                        .typed::<i32, i32>(&caller)?;
                    f.call(&mut caller, n)
                },
            )
            .unwrap();
        let inst = linker.instantiate(&mut store, &module).unwrap();
        let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
        let code = trap_of(f.call(&mut store, 0));
        (code, *store.data())
    };
    match stack {
        None => run(),
        Some(bytes) => std::thread::Builder::new()
            .stack_size(bytes)
            .spawn(run)
            .unwrap()
            .join()
            .unwrap(),
    }
}

/// Host re-entry used to overflow the native stack and abort the process (at about
/// 6,000 levels on an 8 MiB thread, 1,000 on 2 MiB) long before the call depth limit:
/// now the native stack left bounds it, whatever the thread's stack size.
#[test]
fn host_reentry_is_call_stack_exhausted_not_a_native_stack_overflow() {
    // Smallest first: the thread library may hand a new thread the cached stack of an
    // ended one if it is large enough (the bound reads the real size).
    for stack in [Some(256 << 10), Some(2 << 20), Some(8 << 20), None] {
        let (code, depth) = reenter_until_it_stops(stack, 10_000_000);
        assert_eq!(code, TrapCode::StackOverflow, "stack {stack:?}");
        assert!(depth > 10, "stack {stack:?}: only {depth} levels");
    }
}

#[test]
fn host_reentry_stops_at_the_call_depth_limit() {
    let (code, depth) = reenter_until_it_stops(Some(8 << 20), 100);
    assert_eq!(code, TrapCode::StackOverflow);
    // Each level is one wasm frame (`f`) below the host call.
    assert_eq!(depth, 100);
}

/// A `v128` global used to read as 0 (a cell holds 64 bits): its 128 bits must survive
/// initialization, `Global::get`/`set`/`new`, and import into another instance.
#[test]
fn v128_globals_keep_all_128_bits() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let a = Module::new(
        &engine,
        r#"(module
          (global (export "g") v128 (v128.const i32x4 1 2 3 4))
          (global (export "m") (mut v128) (v128.const i64x2 -1 0x0123456789abcdef)))"#,
    )
    .unwrap();
    let a = Linker::new(&engine).instantiate(&mut store, &a).unwrap();
    let g = a.get_global(&store, "g").unwrap();
    let m = a.get_global(&store, "m").unwrap();
    let four = 0x00000004_00000003_00000002_00000001u128;
    assert_eq!(g.get(&store), Val::V128(four));
    assert_eq!(
        m.get(&store),
        Val::V128(0x0123456789abcdef_ffffffffffffffffu128)
    );
    assert!(g.set(&mut store, Val::V128(1)).is_err(), "g is immutable");
    let wide = 0xfedcba98_76543210_00112233_44556677u128;
    m.set(&mut store, Val::V128(wide)).unwrap();
    assert_eq!(m.get(&store), Val::V128(wide));
    // A global made by the host, and both of `a`'s, imported by a second instance: one
    // re-exported, one read by a constant expression.
    let host = awe::Global::new(
        &mut store,
        awe::GlobalType {
            content: awe::ValType::V128,
            mutability: awe::Mutability::Const,
        },
        Val::V128(u128::MAX - 1),
    )
    .unwrap();
    assert_eq!(host.get(&store), Val::V128(u128::MAX - 1));
    let b = Module::new(
        &engine,
        r#"(module
          (import "a" "g" (global $g v128))
          (import "a" "m" (global $m (mut v128)))
          (export "m" (global $m))
          (import "host" "h" (global $h v128))
          (global (export "copy_g") v128 (global.get $g))
          (global (export "copy_h") v128 (global.get $h)))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "a", a).unwrap();
    linker.define(&store, "host", "h", host).unwrap();
    let b = linker.instantiate(&mut store, &b).unwrap();
    let read = |store: &Store<()>, name: &str| b.get_global(store, name).unwrap().get(store);
    assert_eq!(read(&store, "copy_g"), Val::V128(four));
    assert_eq!(read(&store, "copy_h"), Val::V128(u128::MAX - 1));
    assert_eq!(read(&store, "m"), Val::V128(wide));
    // The import is the same global: a change through one is seen through the other.
    b.get_global(&store, "m")
        .unwrap()
        .set(&mut store, Val::V128(7 << 100))
        .unwrap();
    assert_eq!(m.get(&store), Val::V128(7 << 100));
}

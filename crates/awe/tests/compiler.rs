//! The compiling tier against the interpreter: the same results, traps, backtraces and
//! fuel in every strategy; calls both ways between the tiers (native code calling
//! interpreted and host functions, and the reverse); deep recursion on a small thread;
//! interrupts of native loops.
//!
//! A function that uses what the compiler does not support (here a `v128` local) stays
//! interpreted under `Strategy::Compiler`, which compiles every other function before
//! its first call: that is how these tests put one function in each tier.

use awe::{Config, Engine, FunctionTier, Linker, Module, Store, Strategy, TrapCode, Val};

const STRATEGIES: [Strategy; 3] = [Strategy::Interpreter, Strategy::Compiler, Strategy::Tiered];

fn engine(strategy: Strategy, fuel: bool) -> Engine {
    let mut config = Config::new();
    config
        .strategy(strategy)
        .tier_up_calls(2)
        .consume_fuel(fuel);
    Engine::new(&config).expect("the host has a compiler")
}

/// Calls export `name` of `wat` with `args` in a store of `engine` (fuel `fuel` if
/// some); the results or the error with its backtrace, and the fuel left.
fn call(engine: &Engine, wat: &str, name: &str, args: &[Val], fuel: Option<u64>) -> (String, u64) {
    let module = Module::new(engine, wat).expect("the module compiles");
    let mut store = Store::new(engine, ());
    if let Some(f) = fuel {
        store.set_fuel(f).expect("fuel is on");
    }
    let instance = Linker::new(engine)
        .instantiate(&mut store, &module)
        .expect("the module instantiates");
    let f = instance.get_func(&store, name).expect("the export exists");
    let mut results = vec![Val::I32(0); f.ty(&store).results.len()];
    // Twice: `Tiered` compiles on the second call (in the background: the third may
    // be the first native one).
    let mut out = String::new();
    for _ in 0..3 {
        out = match f.call(&mut store, args, &mut results) {
            Ok(()) => format!("{results:?}"),
            Err(e) => e.with_backtrace(&module, str::to_owned),
        };
    }
    (out, store.get_fuel().unwrap_or(0))
}

/// `wat`'s export `name` ends the same way in every strategy, and as `expected` says
/// (a prefix of the results' or the error's text).
#[track_caller]
fn check(wat: &str, name: &str, args: &[Val], expected: &str) {
    let mut first = None;
    for s in STRATEGIES {
        let (out, _) = call(&engine(s, false), wat, name, args, None);
        assert!(out.starts_with(expected), "{s:?}: {out}");
        match &first {
            None => first = Some(out),
            Some(f) => assert_eq!(&out, f, "{s:?} differs from the interpreter"),
        }
    }
}

/// Where `wat`'s defined functions run under `Strategy::Compiler` once compiled.
fn tiers(wat: &str) -> Vec<FunctionTier> {
    let module = Module::new(&engine(Strategy::Compiler, false), wat).expect("compiles");
    module.compile_all();
    module.function_tiers()
}

/// A trap in native code (`$div`) called from an interpreted function (`$outer`, which
/// has a `v128` local): the same message and backtrace as the interpreter's.
#[test]
fn trap_in_native_code_called_from_the_interpreter() {
    let wat = r#"(module
      (func $div (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func $outer (export "outer") (param i32) (result i32) (local v128)
        (call $div (local.get 0))))"#;
    assert_eq!(tiers(wat)[0], FunctionTier::Compiled);
    assert!(matches!(tiers(wat)[1], FunctionTier::NotCompiled(_)));
    check(
        wat,
        "outer",
        &[Val::I32(0)],
        "integer divide by zero\n    at div (function 0)\n    at outer (function 1)",
    );
    check(wat, "outer", &[Val::I32(-1)], "[I32(-1)]");
}

/// A trap in interpreted code called from native code: the interpreter's frames, then
/// the native ones.
#[test]
fn trap_in_the_interpreter_called_from_native_code() {
    let wat = r#"(module
      (memory 1)
      (func $load (param i32) (result i32) (local v128) (i32.load (local.get 0)))
      (func $mid (param i32) (result i32) (i32.add (call $load (local.get 0)) (i32.const 1)))
      (func $top (export "top") (param i32) (result i32) (call $mid (local.get 0))))"#;
    let t = tiers(wat);
    assert!(matches!(t[0], FunctionTier::NotCompiled(_)), "{t:?}");
    assert_eq!(t[1..], [FunctionTier::Compiled, FunctionTier::Compiled]);
    check(
        wat,
        "top",
        &[Val::I32(65535)],
        "out of bounds memory access\n    at load (function 0)\n    at mid (function 1)\n    at top (function 2)",
    );
    check(wat, "top", &[Val::I32(8)], "[I32(1)]");
}

/// A host function called by native code calls wasm again (recursion through the host,
/// in both tiers).
#[test]
fn host_function_reentrancy() {
    let wat = r#"(module
      (import "host" "fib" (func $host_fib (param i32) (result i32)))
      (func (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $host_fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $host_fib (i32.sub (local.get 0) (i32.const 2))))))))"#;
    let mut seen = Vec::new();
    for s in STRATEGIES {
        let engine = engine(s, false);
        let module = Module::new(&engine, wat).expect("compiles");
        let mut store = Store::new(&engine, None::<awe::Func>);
        let mut linker = Linker::new(&engine);
        linker
            .func_wrap(
                "host",
                "fib",
                |mut caller: awe::Caller<'_, Option<awe::Func>>, n: i32| -> awe::Result<i32> {
                    let fib = caller.data().expect("set after instantiation");
                    let mut r = [Val::I32(0)];
                    fib.call(&mut caller, &[Val::I32(n)], &mut r)?;
                    Ok(r[0].i32().expect("an i32"))
                },
            )
            .expect("defines");
        let instance = linker
            .instantiate(&mut store, &module)
            .expect("instantiates");
        let fib = instance.get_func(&store, "fib").expect("exported");
        *store.data_mut() = Some(fib);
        let mut r = [Val::I32(0)];
        for _ in 0..3 {
            fib.call(&mut store, &[Val::I32(15)], &mut r).expect("runs");
        }
        seen.push(r[0].i32().expect("an i32"));
        if s == Strategy::Compiler {
            assert_eq!(module.function_tiers(), [FunctionTier::Compiled]);
        }
    }
    assert_eq!(seen, [610, 610, 610]);
}

/// Unbounded recursion in native code on a thread with a 256 KiB stack ends in "call
/// stack exhausted" (the stack-limit check, as the depth limit is far away), never in a
/// native stack overflow; the store is usable after.
#[test]
fn deep_recursion_in_native_code_on_a_small_thread() {
    let wat = r#"(module
      (func $down (export "down") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0))
          (then (i64.const 0))
          (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))"#;
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let mut config = Config::new();
            config
                .strategy(Strategy::Compiler)
                .max_call_depth(10_000_000);
            let engine = Engine::new(&config).expect("compiler");
            let module = Module::new(&engine, wat).expect("compiles");
            let mut store = Store::new(&engine, ());
            let instance = Linker::new(&engine)
                .instantiate(&mut store, &module)
                .expect("instantiates");
            let down = instance
                .get_typed_func::<i64, i64>(&store, "down")
                .expect("exported");
            let e = down.call(&mut store, 1 << 40).expect_err("too deep");
            assert_eq!(e.trap_code(), Some(TrapCode::StackOverflow), "{e}");
            assert_eq!(down.call(&mut store, 100).expect("fits"), 100);
            assert_eq!(module.function_tiers(), [FunctionTier::Compiled]);
        })
        .expect("spawns")
        .join()
        .expect("no crash");
}

/// The depth limit counts native frames as the interpreter counts its own.
#[test]
fn call_depth_limit_is_the_same_in_every_tier() {
    let wat = r#"(module
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (call $down (i32.sub (local.get 0) (i32.const 1)))))))"#;
    for depth in [99, 100] {
        let mut outs = Vec::new();
        for s in STRATEGIES {
            let mut config = Config::new();
            config.strategy(s).tier_up_calls(1).max_call_depth(100);
            let (out, _) = call(
                &Engine::new(&config).expect("engine"),
                wat,
                "down",
                &[Val::I32(depth)],
                None,
            );
            outs.push(out);
        }
        assert!(outs.iter().all(|o| *o == outs[0]), "{outs:?}");
    }
}

/// An interrupt stops an infinite loop in native code, as in the interpreter.
#[test]
fn interrupt_stops_a_native_infinite_loop() {
    let wat = r#"(module (func (export "spin") (local i32)
        (loop (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br 0))))"#;
    let mut config = Config::new();
    config.strategy(Strategy::Compiler).interruptible(true);
    let engine = Engine::new(&config).expect("compiler");
    let module = Module::new(&engine, wat).expect("compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let spin = instance
        .get_typed_func::<(), ()>(&store, "spin")
        .expect("exported");
    let handle = store.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let e = spin.call(&mut store, ()).expect_err("interrupted");
    stopper.join().expect("joins");
    assert_eq!(e.trap_code(), Some(TrapCode::Interrupted));
    assert_eq!(module.function_tiers(), [FunctionTier::Compiled]);
}

/// A program with loops, branches, a `br_table`, calls and early returns consumes the
/// same fuel in every strategy, and runs out of it at the same instruction.
#[test]
fn fuel_is_the_same_in_every_tier() {
    let wat = r#"(module
      (global $steps (mut i32) (i32.const 0))
      (func $pick (param i32) (result i32)
        (block (block (block (br_table 0 1 2 (local.get 0)))
            (return (i32.const 10)))
          (return (i32.const 20)))
        (i32.const 30))
      (func (export "run") (param $n i32) (result i32) (local $acc i32)
        (global.set $steps (i32.const 0))
        (block $done
          (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (global.set $steps (i32.add (global.get $steps) (i32.const 1)))
            (if (i32.and (local.get $n) (i32.const 1))
              (then (local.set $acc (i32.add (local.get $acc) (call $pick (i32.rem_u (local.get $n) (i32.const 3))))))
              (else (nop)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
        (i32.add (local.get $acc) (global.get $steps)))
      (func (export "steps") (result i32) (global.get $steps)))"#;
    for fuel in [1_000_000, 3_000, 777] {
        let mut seen = Vec::new();
        for s in STRATEGIES {
            seen.push(call(
                &engine(s, true),
                wat,
                "run",
                &[Val::I32(100)],
                Some(fuel),
            ));
        }
        assert!(seen.iter().all(|x| *x == seen[0]), "fuel {fuel}: {seen:?}");
    }
}

/// Memory grown by native code is seen by native code at once (its base and length
/// are read again after the libcall), and out-of-bounds accesses trap at the new end.
#[test]
fn memory_grow_in_native_code() {
    let wat = r#"(module (memory 1)
      (func (export "grow_and_touch") (result i32)
        (drop (memory.grow (i32.const 2)))
        (i32.store (i32.const 196604) (i32.const 7))
        (i32.add (memory.size) (i32.load (i32.const 196604))))
      (func (export "past_end") (result i32) (i32.load (i32.const 196605))))"#;
    check(wat, "grow_and_touch", &[], "[I32(");
    check(wat, "past_end", &[], "out of bounds memory access");
}

/// `call_indirect` through table 0 (native code's fast path for callees of its own
/// instance, the engine's way for the rest): own functions, one of another instance, a
/// host function, null, out of bounds and the wrong type, all as in the interpreter.
#[test]
fn call_indirect_reaches_every_kind_of_callee() {
    let lib = r#"(module (func (export "seven") (result i32) (i32.const 7)))"#;
    let wat = r#"(module
      (type $r (func (result i32)))
      (import "lib" "seven" (func $seven (result i32)))
      (import "host" "nine" (func $nine (result i32)))
      (table 8 funcref)
      (elem (i32.const 0) $one $two $seven $nine $wrong)
      (func $one (result i32) (i32.const 1))
      (func $two (result i32) (i32.add (call_indirect (type $r) (i32.const 0)) (i32.const 1)))
      (func $wrong (param i32) (result i32) (local.get 0))
      (func (export "pick") (param i32) (result i32)
        (call_indirect (type $r) (local.get 0))))"#;
    let mut seen: Vec<Vec<String>> = Vec::new();
    for s in STRATEGIES {
        let engine = engine(s, false);
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        let lib = Module::new(&engine, lib).expect("compiles");
        linker.module(&mut store, "lib", &lib).expect("links");
        linker.func_wrap("host", "nine", || 9i32).expect("defines");
        let module = Module::new(&engine, wat).expect("compiles");
        let instance = linker
            .instantiate(&mut store, &module)
            .expect("instantiates");
        let pick = instance
            .get_typed_func::<i32, i32>(&store, "pick")
            .expect("exported");
        let mut outs = Vec::new();
        for i in [0, 1, 2, 3, 4, 5, 8, -1] {
            // Three times each: `Tiered` compiles on the second call.
            let mut out = String::new();
            for _ in 0..3 {
                out = match pick.call(&mut store, i) {
                    Ok(v) => v.to_string(),
                    Err(e) => e.to_string(),
                };
            }
            outs.push(out);
        }
        seen.push(outs);
    }
    assert_eq!(
        seen[0],
        [
            "1",
            "2",
            "7",
            "9",
            "indirect call type mismatch",
            "uninitialized element 5",
            "undefined element 8",
            "undefined element 4294967295"
        ]
    );
    assert!(seen.iter().all(|s| *s == seen[0]), "{seen:?}");
}

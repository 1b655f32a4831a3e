//! Hostile execution: modules built to exhaust time, memory or stack. Each must end in
//! a clear error or a clean refusal (or run correctly) within a bound of time and
//! resident memory, which every test asserts. The bounds are generous: they catch
//! runaway behaviour (a 4 GiB zero fill, an abort, a hang), they are not benchmarks.
//! Big modules are generated here as text, not committed.

use awe::{Caller, Config, Engine, Error, Extern, Linker, Module, Store, StoreLimits, TrapCode};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The bounds every case must keep.
const TIME: Duration = Duration::from_secs(10);
const RSS: u64 = 512 << 20;

/// The tests of this file run one at a time (each takes this lock first, for all of its
/// body), so that each measures its own memory.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// A line of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`), on Linux.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib << 10)
}

/// Resets the peak resident size (`VmHWM`) to the current one, where Linux allows it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Runs `f` (within a test holding [`one_at_a_time`]), asserting that it finishes within `TIME` and that the process's resident
/// memory (its peak where measurable) grows by less than `rss` bytes meanwhile.
fn bounded_by<R>(what: &str, rss: u64, f: impl FnOnce() -> R) -> R {
    let peak = reset_peak();
    let before = status_bytes("VmRSS:");
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    let after = status_bytes(if peak { "VmHWM:" } else { "VmRSS:" });
    assert!(took < TIME, "{what}: took {took:?}");
    if let (Some(b), Some(a)) = (before, after) {
        let grew = a.saturating_sub(b);
        // What `cargo test -- --nocapture` shows of each case.
        println!("{what}: {took:?}, resident +{} KiB", grew >> 10);
        assert!(
            grew < rss,
            "{what}: resident memory grew by {} MiB",
            grew >> 20
        );
    }
    r
}

fn bounded<R>(what: &str, f: impl FnOnce() -> R) -> R {
    bounded_by(what, RSS, f)
}

fn trap_of<V: std::fmt::Debug>(r: Result<V, Error>) -> TrapCode {
    match r {
        Err(e) => e
            .trap_code()
            .unwrap_or_else(|| panic!("not a wasm trap: {e}")),
        Ok(v) => panic!("no trap: {v:?}"),
    }
}

fn instantiate(engine: &Engine, store: &mut Store<()>, wat: &str) -> awe::Result<awe::Instance> {
    let module = Module::new(engine, wat)?;
    Linker::new(engine).instantiate(store, &module)
}

fn instance(wat: &str) -> (Store<()>, awe::Instance) {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let inst = instantiate(&engine, &mut store, wat).unwrap_or_else(|e| panic!("{e}"));
    (store, inst)
}

// ---- Linear memory: reserved, committed on touch, bounded per store ----

/// One `memory.grow` of 65,535 pages used to zero-fill 4 GiB (6 s, 4.1 GB resident):
/// now it commits only the pages touched.
#[test]
fn one_grow_to_4_gib_commits_only_what_is_touched() {
    let _one = one_at_a_time();
    let (mut store, inst) = instance(
        r#"(module (memory 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 7)))
          (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    );
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    let poke = inst.get_typed_func::<i32, ()>(&store, "poke").unwrap();
    let peek = inst.get_typed_func::<i32, i32>(&store, "peek").unwrap();
    bounded_by("memory.grow 65535", 32 << 20, || {
        assert_eq!(grow.call(&mut store, 65535).unwrap(), 1);
        assert_eq!(peek.call(&mut store, -1).unwrap(), 0);
        poke.call(&mut store, -1).unwrap();
        assert_eq!(peek.call(&mut store, -1).unwrap(), 7);
        assert_eq!(peek.call(&mut store, 1 << 31).unwrap(), 0);
    });
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1, "past 4 GiB");
    assert_eq!(grow.call(&mut store, 0).unwrap(), 65536);
}

/// A memory of the largest size used to cost a 4 GiB zero fill at instantiation.
#[test]
fn a_4_gib_memory_instantiates_cheaply() {
    let _one = one_at_a_time();
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let inst = bounded_by("(memory 65536 65536)", 32 << 20, || {
        instantiate(
            &engine,
            &mut store,
            r#"(module (memory (export "m") 65536 65536)
              (data (i32.const -4) "\01\02\03\04"))"#,
        )
        .unwrap()
    });
    let m = inst.get_memory(&store, "m").unwrap();
    assert_eq!(m.data_size(&store), 1 << 32);
    assert_eq!(&m.data(&store)[(1 << 32) - 4..], &[1, 2, 3, 4]);
}

/// Instantiating `(memory 100)` again and again in one store used to go on until the
/// allocator failed, at 7.8 GB: the store's total now refuses it at 4 GiB, with a clear
/// error, and without committing the memories.
#[test]
fn memories_are_refused_at_the_store_limit_in_bytes() {
    let _one = one_at_a_time();
    let engine = Engine::default();
    let module = Module::new(&engine, "(module (memory 100))").unwrap();
    let mut store = Store::new(&engine, ());
    let (made, e) = bounded("(memory 100) until refused", || {
        let mut made = 0u64;
        loop {
            match Linker::new(&engine).instantiate(&mut store, &module) {
                Ok(_) => made += 1,
                Err(e) => return (made, e),
            }
        }
    });
    assert_eq!(made, (1u64 << 32) / (100 * 65536));
    assert!(matches!(e, Error::Link(_)), "{e:?}");
    assert!(
        e.to_string().contains("over its limit of 4294967296 bytes"),
        "{e}"
    );
}

#[test]
fn a_store_limit_in_bytes_stops_growth_and_instantiation() {
    let _one = one_at_a_time();
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    store.limits(StoreLimits {
        total_memory_bytes: Some(10 << 16),
        ..Default::default()
    });
    let inst = instantiate(
        &engine,
        &mut store,
        r#"(module (memory 4)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    )
    .unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 7).unwrap(), -1, "4 + 7 pages > 10");
    assert_eq!(grow.call(&mut store, 6).unwrap(), 4);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    let e = instantiate(&engine, &mut store, "(module (memory 1))").unwrap_err();
    assert!(
        e.to_string().contains("over its limit of 655360 bytes"),
        "{e}"
    );
    // A memory of no pages still fits.
    instantiate(&engine, &mut store, "(module (memory 0))").unwrap();
}

// ---- Growth, sizes and counts ----

#[test]
fn huge_table_grow_is_refused() {
    let _one = one_at_a_time();
    let (mut store, inst) = instance(
        r#"(module (table 1 funcref)
          (func (export "grow") (param i32) (result i32)
            (table.grow (ref.null func) (local.get 0))))"#,
    );
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    bounded("table.grow", || {
        assert_eq!(grow.call(&mut store, -1).unwrap(), -1);
        assert_eq!(grow.call(&mut store, 2_000_000_000).unwrap(), -1);
        // Up to the store's limit of 10,000,000 elements it grows.
        assert_eq!(grow.call(&mut store, 9_999_999).unwrap(), 1);
        assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    });
}

#[test]
fn a_memory_without_maximum_grows_page_by_page_until_refused() {
    let _one = one_at_a_time();
    let (mut store, inst) = instance(
        r#"(module (memory 0)
          (func (export "grow_all") (result i32) (local $n i32)
            (block $full (loop $more
              (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
              (if (i32.eqz (i32.and (local.get $n) (i32.const 15)))
                (then (i32.store8 (i32.mul (local.get $n) (i32.const 65536)) (i32.const 1))))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (br $more)))
            (local.get $n)))"#,
    );
    let grow_all = inst.get_typed_func::<(), i32>(&store, "grow_all").unwrap();
    // A byte touched in every 16th page: 4,096 OS pages committed (16 MiB of 4 KiB
    // pages, 256 MiB of 64 KiB pages).
    let n = bounded("memory.grow 1 until refused", || {
        grow_all.call(&mut store, ()).unwrap()
    });
    assert_eq!(n, 65536);
}

#[test]
fn many_instances_until_refused() {
    let _one = one_at_a_time();
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1) (table 10 funcref) (global (mut i32) (i32.const 0))
           (func (export "f") (result i32) (i32.const 1)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let (made, e) = bounded("instances until refused", || {
        let mut made = 0;
        loop {
            match Linker::new(&engine).instantiate(&mut store, &module) {
                Ok(_) => made += 1,
                Err(e) => return (made, e),
            }
        }
    });
    assert_eq!(made, 10_000);
    assert!(e.to_string().contains("too many instances"), "{e}");
}

// ---- Big code ----

/// A `br_table` of a million targets (and a default), each a different depth.
#[test]
fn a_br_table_of_a_million_targets() {
    let _one = one_at_a_time();
    let n = 1_000_000;
    let mut wat = String::from("(module (func (export \"f\") (param i32) (result i32)\n");
    wat.push_str("(block (block (block\n(br_table");
    for i in 0..n {
        wat.push_str([" 0", " 1", " 2"][i % 3]);
    }
    wat.push_str(" 2 (local.get 0)))\n(return (i32.const 10)))\n(return (i32.const 11)))\n");
    wat.push_str("(i32.const 12)))");
    bounded("br_table of 1M targets", || {
        let (mut store, inst) = instance(&wat);
        let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
        for (i, want) in [
            (0, 10),
            (1, 11),
            (2, 12),
            (999_999, 10),
            (1_000_000, 12),
            (-1, 12),
        ] {
            assert_eq!(f.call(&mut store, i).unwrap(), want, "index {i}");
        }
    });
}

/// 100,000 locals: over the validator's limit of 50,000 (wasmparser's), a compile
/// error; at the limit, the function runs (its frame within the interpreter's 16-bit
/// registers).
#[test]
fn a_function_with_100k_locals() {
    let _one = one_at_a_time();
    let locals = |n: usize, get: usize| {
        format!(
            r#"(module (func (export "f") (result i32) (local{}) (local.get {get})))"#,
            " i32".repeat(n)
        )
    };
    let wat = locals(100_000, 99_999);
    bounded("100k locals", || {
        let e = Module::new(&Engine::default(), &wat).unwrap_err();
        assert!(matches!(e, Error::Compile(_)), "{e:?}");
        assert!(e.to_string().contains("too many locals"), "{e}");
    });
    let wat = locals(50_000, 49_999);
    bounded("50k locals", || {
        let (mut store, inst) = instance(&wat);
        let f = inst.get_typed_func::<(), i32>(&store, "f").unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), 0);
    });
}

/// A body of a million instructions in one straight line.
#[test]
fn a_function_of_a_million_instructions() {
    let _one = one_at_a_time();
    let mut wat =
        String::from("(module (func (export \"f\") (param i32) (result i32)\nlocal.get 0\n");
    for _ in 0..500_000 {
        wat.push_str("i32.const 3 i32.add\n");
    }
    wat.push_str("))");
    bounded("1M instructions", || {
        let (mut store, inst) = instance(&wat);
        let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
        assert_eq!(f.call(&mut store, 1).unwrap(), 1_500_001);
    });
}

// ---- Unbounded execution ----

#[test]
fn deep_recursion_is_call_stack_exhausted() {
    let _one = one_at_a_time();
    let (mut store, inst) = instance(
        r#"(module (func $f (export "f") (param i64) (result i64)
             (i64.add (call $f (i64.add (local.get 0) (i64.const 1))) (i64.const 1))))"#,
    );
    let f = inst.get_typed_func::<i64, i64>(&store, "f").unwrap();
    let code = bounded("deep recursion", || trap_of(f.call(&mut store, 0)));
    assert_eq!(code, TrapCode::StackOverflow);
}

#[test]
fn an_infinite_loop_runs_out_of_fuel() {
    let _one = one_at_a_time();
    let engine = Engine::new(Config::new().consume_fuel(true)).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(50_000_000).unwrap();
    let inst = instantiate(
        &engine,
        &mut store,
        r#"(module (func (export "spin") (local i32)
             (loop (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br 0))))"#,
    )
    .unwrap();
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let code = bounded("loop with fuel", || trap_of(spin.call(&mut store, ())));
    assert_eq!(code, TrapCode::OutOfFuel);
}

#[test]
fn an_infinite_loop_is_stopped_by_the_interrupt_handle() {
    let _one = one_at_a_time();
    let engine = Engine::new(Config::new().interruptible(true)).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = instantiate(
        &engine,
        &mut store,
        r#"(module (func (export "spin") (loop (br 0))))"#,
    )
    .unwrap();
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let handle = store.interrupt_handle();
    let code = bounded("loop interrupted", || {
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            handle.interrupt();
        });
        let code = trap_of(spin.call(&mut store, ()));
        stopper.join().unwrap();
        code
    });
    assert_eq!(code, TrapCode::Interrupted);
}

/// Recursion through a host function nests the interpreter on the native stack: it ends
/// in "call stack exhausted" before the stack does, on the test's own thread.
#[test]
fn reentrant_host_functions_end_in_a_trap() {
    let _one = one_at_a_time();
    let engine = Engine::new(Config::new().max_call_depth(usize::MAX)).unwrap();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "again" (func $again))
             (func (export "f") (call $again)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "again",
            |mut caller: Caller<'_, ()>| -> awe::Result<()> {
                let f = caller.get_export("f").and_then(Extern::into_func).unwrap();
                f.call(&mut caller, &[], &mut [])
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let f = inst.get_typed_func::<(), ()>(&store, "f").unwrap();
    let code = bounded("host re-entry", || trap_of(f.call(&mut store, ())));
    assert_eq!(code, TrapCode::StackOverflow);
}

// ---- Instantiation ----

/// Each module's instantiation must trap with its code.
fn instantiation_traps(cases: &[(&str, TrapCode)]) {
    for &(wat, want) in cases {
        let engine = Engine::default();
        let mut store = Store::new(&engine, ());
        let r = bounded(wat, || instantiate(&engine, &mut store, wat).map(|_| ()));
        assert_eq!(trap_of(r), want, "{wat}");
    }
}

#[test]
fn out_of_bounds_segments_fail_instantiation() {
    let _one = one_at_a_time();
    let cases = [
        (
            r#"(module (memory 1) (data (i32.const 65535) "ab"))"#,
            TrapCode::MemoryOutOfBounds,
        ),
        (
            r#"(module (memory 1) (data (i32.const -1) "a"))"#,
            TrapCode::MemoryOutOfBounds,
        ),
        (
            r#"(module (memory 0) (data (i32.const 1) ""))"#,
            TrapCode::MemoryOutOfBounds,
        ),
        (
            r#"(module (table 1 funcref) (func $f) (elem (i32.const 1) func $f))"#,
            TrapCode::TableOutOfBounds,
        ),
        (
            r#"(module (table 10 funcref) (func $f) (elem (i32.const -1) func $f $f))"#,
            TrapCode::TableOutOfBounds,
        ),
    ];
    instantiation_traps(&cases);
}

#[test]
fn trapping_start_functions_fail_instantiation() {
    let _one = one_at_a_time();
    let cases = [
        (
            r#"(module (func $s unreachable) (start $s))"#,
            TrapCode::Unreachable,
        ),
        (
            r#"(module (func $s (drop (i32.div_s (i32.const 1) (i32.const 0)))) (start $s))"#,
            TrapCode::IntegerDivideByZero,
        ),
        (
            r#"(module (func $s (call $s)) (start $s))"#,
            TrapCode::StackOverflow,
        ),
    ];
    instantiation_traps(&cases);
    // With fuel, an endless start function runs out of it.
    let engine = Engine::new(Config::new().consume_fuel(true)).unwrap();
    let mut store = Store::new(&engine, ());
    store.set_fuel(1_000_000).unwrap();
    let wat = r#"(module (func $s (loop (br 0))) (start $s))"#;
    let r = bounded(wat, || instantiate(&engine, &mut store, wat).map(|_| ()));
    assert_eq!(trap_of(r), TrapCode::OutOfFuel);
}

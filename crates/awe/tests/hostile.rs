//! Hostile execution: modules built to exhaust time, memory or stack. Each must end in
//! a clear error or a clean refusal (or run correctly) within a bound of time and
//! resident memory, which every test asserts. The bounds are generous: they catch
//! runaway behaviour (a 4 GiB zero fill, an abort, a hang), they are not benchmarks.
//! Big modules are generated here as text, not committed.

use awe::{Engine, Error, Linker, Module, Store, StoreLimits};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The bounds every case must keep.
const TIME: Duration = Duration::from_secs(10);
const RSS: u64 = 512 << 20;

/// The tests of this file run one at a time, so that each measures its own memory.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

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

/// Runs `f`, asserting that it finishes within `TIME` and that the process's resident
/// memory (its peak where measurable) grows by less than `rss` bytes meanwhile.
fn bounded_by<R>(what: &str, rss: u64, f: impl FnOnce() -> R) -> R {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
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

fn instantiate(engine: &Engine, store: &mut Store<()>, wat: &str) -> awe::Result<awe::Instance> {
    let module = Module::new(engine, wat)?;
    Linker::new().instantiate(store, &module)
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
    let engine = Engine::default();
    let module = Module::new(&engine, "(module (memory 100))").unwrap();
    let mut store = Store::new(&engine, ());
    let (made, e) = bounded("(memory 100) until refused", || {
        let mut made = 0u64;
        loop {
            match Linker::new().instantiate(&mut store, &module) {
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
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    store.limiter(StoreLimits {
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
